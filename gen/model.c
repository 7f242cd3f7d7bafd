/*
 * Loading data/ into the model: the unit, the period folders, their
 * Markdown front matter and typed tables.  Every problem becomes a
 * positioned finding; loading goes on so that one run reports all.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "model.h"
#include "money.h"
#include "table.h"
#include "util.h"
#include "xlsx.h"

static const char *const unitkeys[] = {
	"name|名称", "type|类型", "address|地址", "head|负责人",
	"hotline|投诉电话", "price_hotline|价格举报电话", "base_url|网址",
	"complaint_days|投诉办结天数", "sample_grams|留样克数",
	"sample_hours|留样小时", "audit_id|审计身份证号",
	"canteen_account|伙食账户", "canteen_income|伙食收入账户",
	"voucher_numbering|凭证编号",
	"non_fee_income|非收费收入", "mask_staff|遮盖经办人姓名",
	"subsidy_category|公开资助类别", "notice_date|公示日期", NULL
};
static const char *const summarykeys[] = {
	"title|标题", "start|开始", "end|结束", "author|作者", "date|日期",
	"notice_date|公示日期", NULL
};

/* Read path into a new source; NULL (reported) on a system error. */
static struct source *
source_read(const char *path, const char *relpath)
{
	struct source	*src;
	size_t		 len;
	char		*bytes;

	if ((bytes = file_read(path, &len)) == NULL) {
		sys_warn(path);
		return NULL;
	}
	src = xcalloc(1, sizeof(*src));
	src->path = xstrdup(path);
	src->relpath = xstrdup(relpath);
	src->bytes = (unsigned char *)bytes;
	src->len = len;
	src->encoding = "UTF-8";
	return src;
}

static void
source_free(struct source *src)
{
	if (src == NULL)
		return;
	free(src->path);
	free(src->relpath);
	free(src->bytes);
	free(src);
}

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static const char	*reason_zh(const char *);

/* Find "key|别名" alternatives in a NULL-terminated list; -1 if none. */
static int
key_index(const char *const *keys, const char *key)
{
	const char	*p, *q;
	size_t		 n = strlen(key);
	int		 i;

	for (i = 0; keys[i] != NULL; i++)
		for (p = keys[i]; p != NULL; p = q ? q + 1 : NULL) {
			q = strchr(p, '|');
			if ((q ? (size_t)(q - p) : strlen(p)) == n &&
			    strncmp(p, key, n) == 0)
				return i;
		}
	return -1;
}

/* Canonical (first) name of keys[i]: "name" of "name|名称". */
static char *
key_name(const char *const *keys, int i)
{
	const char	*q = strchr(keys[i], '|');

	return q ? xstrndup(keys[i], (size_t)(q - keys[i])) : xstrdup(keys[i]);
}

/* The Chinese name of a unit.md or summary.md key: "名称" for "name". */
static const char *
key_zh(const char *key)
{
	const char *const	*lists[] = { unitkeys, summarykeys };
	size_t			 n = strlen(key), l;
	int			 i;

	for (l = 0; l < 2; l++)
		for (i = 0; lists[l][i] != NULL; i++)
			if (strncmp(lists[l][i], key, n) == 0 &&
			    lists[l][i][n] == '|')
				return lists[l][i] + n + 1;
	return key;
}

/* One "key: value" line of front matter; returns 0 or -1 (reported). */
static int
meta_line(struct mdfile *md, char *line, int lineno, struct diag *d)
{
	char		*colon, *k, *v;
	struct meta	*m;
	size_t		 n;

	if ((colon = strchr(line, ':')) == NULL) {
		diag_add(d, SEV_ERROR, "input.front-matter", md->src->path, lineno,
		    1, "开头的设置区(两行 --- 之间)每行应是“键: 值”,如 "
		    "“名称: 桃溪镇中心幼儿园”;请改正这一行");
		return -1;
	}
	*colon = '\0';
	k = trim(line);
	v = trim(colon + 1);
	n = strlen(v);
	if (n >= 2 && ((v[0] == '"' && v[n - 1] == '"') ||
	    (v[0] == '\'' && v[n - 1] == '\''))) {
		v[n - 1] = '\0';
		v++;
	}
	md->meta = xrealloc(md->meta, (md->nmeta + 1) * sizeof(*md->meta));
	m = &md->meta[md->nmeta++];
	m->key = xstrdup(k);
	m->value = xstrdup(v);
	m->line = lineno;
	return 0;
}

/* A "---" line (trailing spaces and CR allowed). */
static int
is_fence(const char *p)
{
	if (strncmp(p, "---", 3) != 0)
		return 0;
	for (p += 3; *p == ' ' || *p == '\t' || *p == '\r'; p++)
		continue;
	return *p == '\n' || *p == '\0';
}

/*
 * Split a Markdown file into its front matter (a "---" block of
 * "key: value" lines at the very top) and its body.
 */
static struct mdfile *
md_parse(struct source *src, struct diag *d)
{
	struct mdfile	*md;
	size_t		 len;
	char		*text, *p, *eol, *next;
	int		 line = 1;

	md = xcalloc(1, sizeof(*md));
	md->src = src;
	md->body_line = 1;
	if ((text = table_decode(src, &len, d)) == NULL) {
		md->body = xstrdup("");
		return md;
	}
	p = text;
	if (is_fence(p)) {
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p);
		for (line = 2;; line++, p = next) {
			if (*p == '\0') {
				diag_add(d, SEV_ERROR, "input.front-matter",
				    src->path, 1, 1, "开头的设置区没有结束;请在设置"
				    "后面加一行 ---");
				break;
			}
			eol = strchr(p, '\n');
			next = eol ? eol + 1 : p + strlen(p);
			if (is_fence(p)) {
				p = next;
				line++;
				break;
			}
			if (eol != NULL)
				*eol = '\0';
			eol = trim(p);
			if (*eol != '\0' && *eol != '#')
				meta_line(md, eol, line, d);
		}
	}
	md->body = xstrdup(p);
	md->body_line = line;
	free(text);
	return md;
}

/* ASCII-case-insensitive equality, so "Date" and "DATE" match "date". */
static int
same_name(const char *a, const char *b, size_t blen)
{
	return strlen(a) == blen && strncasecmp(a, b, blen) == 0;
}

/* The last part of a path ("data/2023-autumn/ledger.csv" -> "ledger.csv"). */
static const char *
base_name(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Header text as compared: no white space, no "(元)" unit, ASCII lower case. */
static char *
header_key(const char *h)
{
	char	*s = table_squeeze(h), *open;
	size_t	 n, i;

	table_halfwidth(s);
	n = strlen(s);
	if (n > 2 && s[n - 1] == ')' && (open = strrchr(s, '(')) != NULL &&
	    open > s)
		*open = '\0';
	for (i = 0; s[i] != '\0'; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	return s;
}

/* Does key k (a header_key) equal name n[0..len) as a header_key? */
static int
key_is(const char *k, const char *n, size_t len)
{
	char	*a = xstrndup(n, len), *b = header_key(a);
	int	 same = strcmp(k, b) == 0;

	free(a);
	free(b);
	return same;
}

/* Does header text h name column c (Chinese name, key or an alias)? */
static int
col_matches(const struct colspec *c, const char *h)
{
	const char	*p, *q;
	char		*k = header_key(h);
	int		 yes;

	yes = key_is(k, c->zh, strlen(c->zh)) || key_is(k, c->key, strlen(c->key));
	for (p = c->aliases; !yes && p != NULL && *p != '\0';
	    p = q ? q + 1 : NULL) {
		q = strchr(p, '|');
		yes = key_is(k, p, q ? (size_t)(q - p) : strlen(p));
	}
	free(k);
	return yes;
}

/* A 序号 (row number) column, which exports add and the tables ignore. */
static int
is_serial_col(const char *h)
{
	char	*k = header_key(h);
	int	 yes = strcmp(k, "序号") == 0 || strcmp(k, "no.") == 0 ||
		    strcmp(k, "no") == 0 || strcmp(k, "行号") == 0;

	free(k);
	return yes;
}

/* "日期, 凭证号, 科目, ..." for messages. */
static char *
expected_cols(const struct tablespec *ts)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 i;

	for (i = 0; i < ts->ncols; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", ts->cols[i].zh);
	return b.s;
}

/*
 * Map the header record's fields to the table's columns: map[field] is
 * a column index, or -1 for a field ignored (a 序号 column, a field
 * without a header); colpos[column] the 1-based field (0 if absent).
 * Unknown, repeated and missing required columns are errors, reported
 * unless d is NULL (probing for the header).
 */
static void
unknown_column(struct diag *d, const char *path, int line, int field,
    const char *head, const struct tablespec *ts, const char *want)
{
	char	*q = diag_quote(head);

	diag_add(d, SEV_ERROR, "input.column", path, line, field, "不认识的列名 "
	    "%s;%s表的列是 %s,请改成其中之一或删除这一列", q, ts->zh, want);
	free(q);
}

/*
 * An unknown header over a column with nothing below it (a 备注 column
 * an export left empty) is skipped, with a note when d is given.
 * last[i]: the last record with content in field i (-1: none), or
 * last NULL; the header is record below.
 */
static int
empty_column(const long *last, long below, const struct csvrec *h, int i,
    const char *path, struct diag *d)
{
	char	*q;

	if (last == NULL || last[i] > below)
		return 0;
	if (d != NULL) {
		q = diag_quote(h->cells[i].s);
		diag_add(d, SEV_NOTE, "input.habit", path, h->line, i + 1,
		    "列 %s 不是本表的列,整列都是空的,已跳过", q);
		free(q);
	}
	return 1;
}

static int
map_header(const struct tablespec *ts, const char *path,
    const struct csvrec *h, int *map, int *colpos, const long *last,
    long below, struct diag *d)
{
	struct buf	 missing = { NULL, 0, 0 };
	char		*want = expected_cols(ts);
	int		 i, c, errors = 0;

	for (c = 0; c < ts->ncols; c++)
		colpos[c] = 0;
	for (i = 0; i < h->n; i++) {
		map[i] = -1;		/* no header: ignored if empty */
		if (h->cells[i].s[0] == '\0')
			continue;
		if (is_serial_col(h->cells[i].s)) {
			map[i] = -2;	/* 序号: ignored */
			continue;
		}
		for (c = 0; c < ts->ncols; c++)
			if (col_matches(&ts->cols[c], h->cells[i].s))
				break;
		if (c == ts->ncols && empty_column(last, below, h, i, path, d))
			continue;
		if (c == ts->ncols) {
			if (d != NULL)
				unknown_column(d, path, h->line, i + 1,
				    h->cells[i].s, ts, want);
			errors++;
		} else if (colpos[c] != 0) {
			if (d != NULL)
				diag_add(d, SEV_ERROR, "input.column", path,
				    h->line, i + 1, "列 \"%s\" 出现了两次(另一次"
				    "在第 %d 列);请删除多余的一列",
				    ts->cols[c].zh, colpos[c]);
			errors++;
		} else {
			map[i] = c;
			colpos[c] = i + 1;
		}
	}
	for (c = 0; c < ts->ncols; c++)
		if (colpos[c] == 0 && !(ts->cols[c].flags & COLF_OPTIONAL))
			buf_addf(&missing, "%s\"%s\"", missing.len ? ", " : "",
			    ts->cols[c].zh);
	if (missing.len > 0) {
		if (d != NULL)
			diag_add(d, SEV_ERROR, "input.column", path, h->line,
			    0, "表头缺少 %s 列;%s表的列是 %s,请补上",
			    missing.s, ts->zh, want);
		errors++;
	}
	free(missing.s);
	free(want);
	return errors;
}

/* Canonical index of an enumeration value or alias; -1 if none. */
static int
enum_value(const struct colspec *c, const char *s)
{
	const char	*eq;
	int		 i, j;

	for (i = 0; c->values[i] != NULL; i++)
		if (strcmp(c->values[i], s) == 0)
			return i;
	for (j = 0; c->valaliases[j] != NULL; j++) {
		eq = strchr(c->valaliases[j], '=');
		if (!same_name(s, c->valaliases[j], (size_t)(eq - c->valaliases[j])))
			continue;
		for (i = 0; c->values[i] != NULL; i++)
			if (strcmp(c->values[i], eq + 1) == 0)
				return i;
	}
	return -1;
}

/*
 * One cause on many rows: a note, warning or error kept per table with
 * the rows it applies to, and reported once (第 2–300 行,共 299 行).
 */
struct tally {
	enum sev	 sev;
	const char	*code;
	int		 col;		/* the table's column (1-based), 0: the row */
	int		 field;		/* where it is in the file, for one row */
	char		*value;		/* the first cell's text, or NULL */
	char		*msg;
	int		*rows;
	size_t		 n, cap;
};

struct tallies {
	struct tally	*v;
	size_t		 n, cap;
};

static struct tally *
tally_add(struct tallies *tl, enum sev sev, const char *code, int col,
    int row, const char *msg)
{
	struct tally	*t;
	size_t		 i;

	for (i = 0; i < tl->n; i++)
		if (tl->v[i].col == col && strcmp(tl->v[i].msg, msg) == 0 &&
		    strcmp(tl->v[i].code, code) == 0)
			break;
	if (i == tl->n) {
		tl->v = xgrow(tl->v, &tl->cap, tl->n + 1, sizeof(*tl->v));
		t = &tl->v[tl->n++];
		memset(t, 0, sizeof(*t));
		t->sev = sev;
		t->code = code;
		t->col = col;
		t->msg = xstrdup(msg);
	}
	t = &tl->v[i];
	t->rows = xgrow(t->rows, &t->cap, t->n + 1, sizeof(*t->rows));
	t->rows[t->n++] = row;
	return t;
}

/*
 * A cell's error, kept with the others of the same cause in the same
 * column: 支出 "12.345" 小数超过两位... once, with every row it is on.
 */
static void
cell_error(struct tallies *tl, const char *code, int col, int field, int row,
    const char *value, const char *msg)
{
	struct tally	*t = tally_add(tl, SEV_ERROR, code, col, row, msg);

	if (t->n == 1) {
		t->field = field;
		t->value = diag_quote(value);
	}
}

/* Report each tally once, at its first row, and free them. */
static void
tally_flush(struct tallies *tl, const char *where, const struct tablespec *ts,
    struct diag *d)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	for (i = 0; i < tl->n; i++) {
		struct tally *t = &tl->v[i];
		buf_reset(&b);
		if (t->value != NULL)
			buf_addf(&b, "%s %s%s", ts->cols[t->col - 1].zh,
			    t->value, t->n > 1 ? " 等" : "");
		else if (t->col > 0 && t->col <= ts->ncols)
			buf_addf(&b, "%s%s", ts->cols[t->col - 1].zh,
			    t->sev == SEV_NOTE ? ": " : " ");
		buf_adds(&b, t->msg);
		if (t->n > 1) {
			buf_adds(&b, "(");
			diag_rows_text(&b, t->rows, t->n);
			buf_adds(&b, ")");
		}
		diag_add(d, t->sev, t->code, where, t->rows[0], t->field,
		    "%s", b.s);
		free(t->value);
		free(t->msg);
		free(t->rows);
	}
	buf_free(&b);
	free(tl->v);
	memset(tl, 0, sizeof(*tl));
}

/*
 * What a parser's reason means to a clerk, and what to do about it:
 * the English reasons of money.c and date.c, in Chinese.
 */
static const char *
reason_zh(const char *why)
{
	static const char *const map[][2] = {
		{ "has more than two decimals", "小数超过两位,金额最多保留两位小数;请改正" },
		{ "has more than three decimals", "小数超过三位,最多保留三位小数;请改正" },
		{ "is not a number", "不是数字;请只填数字,如 1234.50" },
		{ "has a misplaced thousands separator", "千位分隔符的位置不对;请写成 1,234.50 或 1234.50" },
		{ "is too large", "数值太大;请检查是否多打了数字" },
		{ "is negative", "是负数;这里只能填 0 或正数" },
		{ "is not a whole number", "不是整数;请只填整数" },
		{ "is not a date", "不是日期;请写成 2023-09-01 这样的年-月-日" },
		{ "is not a valid date", "不是真实存在的日期;请核对年、月、日" },
		{ "has a year outside 1900-2199", "年份不对;请写四位年份,如 2023-09-01" },
		{ "is not a date and time", "不是日期和时间;请写成 2023-09-01 11:30" },
		{ "is not a valid time", "时间不对;请用 24 小时制,如 11:30" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(why, map[i][0]) == 0)
			return map[i][1];
	return "格式不对;请改正";
}

/* The finding code of a column type's bad value. */
static const char *
type_code(enum coltype t)
{
	switch (t) {
	case COL_MONEY:
		return "input.amount";
	case COL_DATE:
		return "input.date";
	case COL_DATETIME:
		return "input.time";
	case COL_QTY:
		return "input.quantity";
	case COL_ENUM:
		return "input.choice";
	default:
		return "input.number";
	}
}

/*
 * Type one cell of column col (1-based) into v.  Returns 0, or -1 after
 * tallying why the text is not a valid value of the column's type.
 */
static int
cell_value(struct tallies *tl, const struct colspec *c, int col,
    struct value *v, int line)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*why = NULL;
	int		 days, rc = 0, e, i;

	if (v->s[0] == '\0') {
		if (c->flags & COLF_EMPTY_OK)
			return 0;
		tally_add(tl, SEV_ERROR, "input.empty", col, line,
		    "是必填列,这一格不能空着;请填上")->field = v->col;
		return -1;
	}
	v->present = 1;
	switch (c->type) {
	case COL_TEXT:
		break;
	case COL_MONEY:
		rc = money_parse(v->s, &v->n, &why);
		break;
	case COL_DATE:
		rc = date_parse(v->s, &days, &why);
		v->n = days;
		break;
	case COL_DATETIME:
		rc = datetime_parse(v->s, &v->n, &why);
		break;
	case COL_COUNT:
		rc = count_parse(v->s, &v->n, &why);
		break;
	case COL_QTY:
		rc = qty_parse(v->s, &v->n, &why);
		break;
	case COL_ENUM:
		if ((e = enum_value(c, v->s)) < 0) {
			buf_adds(&b, " 不是可选的值;请填 ");
			for (i = 0; c->values[i] != NULL; i++)
				buf_addf(&b, "%s%s", i ? "、" : "", c->values[i]);
			buf_adds(&b, " 之一");
			cell_error(tl, "input.choice", col, v->col, line, v->s, b.s);
			buf_free(&b);
			return -1;
		}
		v->n = e;
		break;
	}
	if (rc != 0) {
		buf_addf(&b, " %s", reason_zh(why));
		cell_error(tl, type_code(c->type), col, v->col, line, v->s, b.s);
		buf_free(&b);
	}
	return rc;
}

/* Everything a table's rows are read with. */
struct build {
	const struct tablespec	*ts;
	const char		*where;
	struct diag		*d;
	struct tallies		 tl;
	int			 start, end;	/* the period, for 9月1日 */
	const struct row	*prev;		/* the last data row */
	int64_t			 all[32], part[32];	/* money sums for 合计 / 小计 */
	int			 nfields;
	const int		*map;
	struct arena		*arena;		/* the table's: cells, values */
	int			 in_arena;	/* the records' text is in it too */
};

/*
 * Damage Excel does to ID and phone numbers typed into a number cell:
 * shown as 4.30791E+17, or an 18-digit ID cut to 15 digits and 000.
 * Returns the message, or NULL.
 */
static const char *
damaged_number(const struct colspec *c, const char *s, unsigned flags)
{
	char	 want;

	if (c->type != COL_TEXT || !(c->flags & COLF_PRIVATE))
		return NULL;
	if (table_scientific(s) || ((flags & CELL_NUMBER) && strlen(s) > 15))
		return " 被 Excel 改成了科学计数法,原来的数字已经丢失;请把这一列设为"
		    "“文本”格式后重新录入";
	if (strcmp(c->key, "id_number") == 0 && strlen(s) == 18 &&
	    strcmp(s + 15, "000") == 0 &&
	    check_idno(s, INT32_MAX, &want) == CHECK_ID_CHECKSUM)
		return " 末三位变成了 000:Excel 只保留 15 位数字,后几位已经丢失;"
		    "请把这一列设为“文本”格式后重新录入";
	return NULL;
}

/*
 * Habits of exports read as meant, for one cell of column c: white
 * space trimmed, full-width digits, "-" for zero, serial dates.  The
 * value's text is replaced; 0, or -1 after an error (the cell is bad).
 */
static int
cell_habits(struct build *b, const struct colspec *c, int col, int line,
    struct value *v, unsigned flags)
{
	const char	*note = NULL, *err = NULL;

	if (table_excel_error(v->s)) {
		cell_error(&b->tl, "input.excel-error", col, v->col, line, v->s,
		    " 是 Excel 的错误值;请改正公式或它引用的单元格,再重新导出");
		return -1;
	}
	if ((err = damaged_number(c, v->s, flags)) != NULL) {
		cell_error(&b->tl, "input.excel-damaged", col, v->col, line,
		    v->s, err);
		return -1;
	}
	if (c->type != COL_TEXT && c->type != COL_ENUM && table_halfwidth(v->s))
		tally_add(&b->tl, SEV_NOTE, "input.habit", col, line,
		    "全角数字和符号按半角读取");
	if (c->type == COL_MONEY && (note = table_money_habit(&v->s,
	    b->arena)) != NULL && v->s[0] == '\0' &&
	    !(c->flags & COLF_EMPTY_OK))
		v->s = arena_strdup(b->arena, "0");
	else if (c->type == COL_DATE && v->s[0] != '\0')
		note = table_date_habit(&v->s, b->arena, b->start, b->end,
		    &err);
	else if (c->type == COL_DATE && !(c->flags & COLF_EMPTY_OK) &&
	    b->prev != NULL && b->prev->v[col - 1].present) {
		v->s = arena_strdup(b->arena, b->prev->v[col - 1].s);
		note = "空白的日期沿用上一行的日期(合并单元格)";
	}
	if (err != NULL) {
		cell_error(&b->tl, "input.date-ambiguous", col, v->col, line,
		    v->s, " 分不清是几月几日;请写成 2023-09-01 这样的年-月-日");
		return -1;
	}
	if (note != NULL)
		tally_add(&b->tl, SEV_NOTE, "input.habit", col, line, note);
	return 0;
}

/* Is every cell of the record empty (after trimming)? */
static int
all_empty(const struct csvrec *rec)
{
	int	 i;

	for (i = 0; i < rec->n; i++)
		if (rec->cells[i].s[0] != '\0')
			return 0;
	return 1;
}

/*
 * A 合计 / 小计 row: its kind (and in *label, its words), 1 for a part (小计, 本月合计, 本页合计,
 * 过次页: since the previous one), 2 for the whole (合计, 总计, 累计,
 * 本期合计...: since the start), 0 if it is data.
 */
static int
total_kind(const struct csvrec *rec, char **label)
{
	static const char *const part[] = { "小计", "本月合计", "本页合计",
	    "本月小计", "过次页", NULL };
	static const char *const whole[] = { "合计", "总计", "累计", "本期合计",
	    "本期累计", "本年累计", "本月累计", "本学期合计", "总合计", NULL };
	const char *s, *e;
	char	*k;
	int	 i, j, kind = 0;

	for (i = 0; i < rec->n && kind == 0; i++) {
		/*
		 * Every label ends with 计 or 页: a cell that does not
		 * (white space aside) needs no squeezing.
		 */
		s = rec->cells[i].s;
		e = rec->cells[i].flags & CELL_PLAIN ? s + strlen(s) :
		    table_trim_end(s);
		if (e - s < 3 || (memcmp(e - 3, "计", 3) != 0 &&
		    memcmp(e - 3, "页", 3) != 0))
			continue;
		k = table_squeeze(rec->cells[i].s);
		for (j = 0; part[j] != NULL && kind == 0; j++)
			if (strcmp(k, part[j]) == 0)
				kind = 1;
		for (j = 0; whole[j] != NULL && kind == 0; j++)
			if (strcmp(k, whole[j]) == 0)
				kind = 2;
		if (kind != 0)
			*label = k;
		else
			free(k);
	}
	return kind;
}

/* Check a total row's amounts against the rows above; never data. */
static void
total_row(struct build *b, const struct csvrec *rec, int kind,
    const char *label)
{
	const struct colspec	*c;
	const char		*why;
	char			*s, *t, got[32], want[32];
	int64_t			 v, sum;
	int			 i, col;

	tally_add(&b->tl, SEV_NOTE, "input.habit", 0, rec->line,
	    "合计、小计行不计入数据,只与上面各行核对");
	for (i = 0; i < rec->n && i < b->nfields; i++) {
		if ((col = b->map[i]) < 0 || (c = &b->ts->cols[col])->type !=
		    COL_MONEY)
			continue;
		s = t = table_trim(rec->cells[i].s);
		table_halfwidth(s);
		table_money_habit(&s, b->arena);
		sum = kind == 1 ? b->part[col] : b->all[col];
		if (s[0] != '\0' && money_parse(s, &v, &why) == 0 && v != sum)
			diag_add(b->d, SEV_WARNING, "input.total", b->where,
			    rec->line, i + 1, "%s行的%s %s 与上面各行相加的 %s 不符;"
			    "请核对", label, c->zh,
			    money_format(v, got), money_format(sum, want));
		free(t);
		if (kind == 1)
			b->part[col] = 0;
	}
}

/* s + v, held at the int64 limit instead of overflowing. */
static int64_t
sum_add(int64_t s, int64_t v)
{
	int64_t	 r;

	if (__builtin_add_overflow(s, v, &r))
		return v > 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/*
 * Add a good row's amounts to the running sums that 合计 rows are
 * compared with.  A sum that leaves the int64 range stays at the limit
 * (the figures report that row as [figures.overflow]).
 */
static void
add_sums(struct build *b, const struct row *row)
{
	int	 c;

	for (c = 0; c < b->ts->ncols && c < 32; c++)
		if (b->ts->cols[c].type == COL_MONEY && row->v[c].present) {
			b->all[c] = sum_add(b->all[c], row->v[c].n);
			b->part[c] = sum_add(b->part[c], row->v[c].n);
		}
}

/*
 * A cell's text for its value, trimmed: taken where it is when the
 * records' text is in the table's arena, else copied into it (and the
 * record's own copy freed).  CELL_PLAIN (nothing to trim) is set only
 * by the CSV reader; a workbook's cells are trimmed here.
 */
static char *
cell_text(struct build *b, struct csvcell *cell)
{
	char	*s, *t;

	if (cell->flags & CELL_PLAIN) {		/* read with nothing to trim */
		s = cell->s;
		cell->s = NULL;
	} else
		s = table_trim_take(&cell->s);

	if (b->in_arena)
		return s;
	t = arena_strdup(b->arena, s);
	free(s);
	return t;
}

/*
 * Turn one record into a typed row; 0 if the record was unusable.
 * Fields past the header may be present only when empty (Excel's
 * trailing commas); a short record is an error (a lost separator
 * would shift every value after it).
 */
static int
make_row(struct build *b, struct csvrec *rec, struct row *row)
{
	const struct tablespec	*ts = b->ts;
	struct csvcell		*cell;
	char			*q;
	int			 i, c, line;

	for (i = b->nfields; i < rec->n && rec->cells[i].s[0] == '\0'; i++)
		;
	if (rec->n < b->nfields || i < rec->n) {
		diag_add(b->d, SEV_ERROR, "input.fields", b->where, rec->line,
		    0, "这一行有 %d 格,表头有 %d 格;可能多了或少了逗号,请核对"
		    "这一行", rec->n, b->nfields);
		diag_cause(b->d, "input.fields");
		return 0;
	}
	row->line = rec->line;
	row->bad = 0;
	row->v = arena_alloc(b->arena, (size_t)ts->ncols * sizeof(*row->v));
	for (i = 0; i < b->nfields; i++) {
		cell = &rec->cells[i];
		line = cell->line > 0 ? cell->line : rec->line;
		if ((c = b->map[i]) < 0) {
			if (c == -1 && cell->s[0] != '\0') {
				q = diag_quote(cell->s);
				diag_add(b->d, SEV_ERROR, "input.no-header", b->where,
				    line, i + 1, "这一列没有表头,但有内容 %s;"
				    "请补上表头,或删除这一列", q);
				diag_cause(b->d, "input.no-header");
				free(q);
				row->bad = 1;
			}
			continue;
		}
		row->v[c].s = cell_text(b, cell);
		row->v[c].col = i + 1;
		if (cell->flags & CELL_REPORTED)
			row->bad = 1;
		else if (cell_habits(b, &ts->cols[c], c + 1, line, &row->v[c],
		    cell->flags) != 0 || cell_value(&b->tl, &ts->cols[c], c + 1,
		    &row->v[c], line) != 0)
			row->bad = 1;
	}
	for (c = 0; c < ts->ncols; c++)
		if (row->v[c].s == NULL)
			row->v[c].s = arena_strdup(b->arena, "");
	return 1;
}

static void
table_free(struct table *t)
{
	if (t == NULL)
		return;
	arena_free(t->arena);
	free(t->rows);
	free(t->where);
	free(t);
}

/*
 * The header: the first record that maps onto the table's columns, so
 * that title rows and 编制单位/单位：元 lines above it are skipped; or
 * two records read as one when a merged 金额 stands over 收入 and 支出
 * (the lower cell names the column where it has text).  Returns the
 * index of the header's (last) record, with *hdr the header to map;
 * the first non-empty record when none maps (its errors get reported).
 */
static size_t
find_header(const struct tablespec *ts, struct csvrec *recs, size_t nrecs,
    struct csvrec *hdr, int *map, int *colpos, const long *last)
{
	size_t	 i, first = nrecs;
	int	 j, n;

	for (i = 0; i < nrecs && i < 30; i++) {
		if (all_empty(&recs[i]))
			continue;
		if (first == nrecs)
			first = i;
		*hdr = recs[i];
		if (map_header(ts, NULL, hdr, map, colpos, last, (long)i,
		    NULL) == 0)
			return i;
		if (i + 1 >= nrecs || recs[i + 1].n > recs[i].n)
			continue;
		n = recs[i].n;
		hdr->cells = xcalloc((size_t)n, sizeof(*hdr->cells));
		for (j = 0; j < n; j++)
			hdr->cells[j] = j < recs[i + 1].n &&
			    recs[i + 1].cells[j].s[0] != '\0' ?
			    recs[i + 1].cells[j] : recs[i].cells[j];
		if (map_header(ts, NULL, hdr, map, colpos, last, (long)i + 1,
		    NULL) == 0)
			return i + 1;
		free(hdr->cells);
	}
	if (first < nrecs)
		*hdr = recs[first];
	return first;
}

/*
 * Type a table from its records (a CSV file's or a sheet's); where
 * names it in messages, p gives the year of dates written without one.
 * Rows with errors are kept, marked bad.  The records' text is in
 * arena a, which the table takes, or (a NULL) copied into a new one.
 */
static struct table *
table_build(const struct tablespec *ts, struct source *src, const char *where,
    const struct period *p, struct csvrec *recs, size_t nrecs, size_t first,
    struct arena *a, struct diag *d)
{
	struct table	*t;
	struct csvrec	 hdr;
	struct build	 b;
	size_t		 i, h;
	int		*map, colpos[32], kind, width = 0, j;
	long		*last;
	char		*label;

	t = xcalloc(1, sizeof(*t));
	t->spec = ts;
	t->src = src;
	t->where = xstrdup(where);
	t->file = base_name(t->where);
	t->incomplete = 1;
	t->arena = a != NULL ? a : arena_new();
	for (i = 0; i < nrecs; i++)
		if (recs[i].n > width)
			width = recs[i].n;
	map = xcalloc((size_t)width + 1, sizeof(*map));
	last = xcalloc((size_t)width + 1, sizeof(*last));
	for (j = 0; j < width; j++)
		last[j] = -1;
	for (i = 0; i < nrecs; i++)
		for (j = 0; j < recs[i].n; j++)
			if (recs[i].cells[j].s[0] != '\0')
				last[j] = (long)i;
	if ((h = find_header(ts, recs, nrecs, &hdr, map, colpos, last)) ==
	    nrecs) {
		char *want = expected_cols(ts);
		diag_add(d, SEV_ERROR, "input.empty-table", where, 1, 0,
		    "表是空的;第一行应是表头:%s", want);
		free(want);
	} else if (map_header(ts, where, &hdr, map, colpos, last, (long)h,
	    d) == 0) {
		memset(&b, 0, sizeof(b));
		b.ts = ts;
		b.where = where;
		b.d = d;
		b.start = p->start;
		b.end = p->end;
		b.map = map;
		b.nfields = hdr.n;
		b.arena = t->arena;
		b.in_arena = a != NULL;
		t->header_line = hdr.line;
		if (hdr.line != recs[0].line)
			tally_add(&b.tl, SEV_NOTE, "input.habit", 0, recs[0].line,
			    "表头之前的标题、单位等行已跳过");
		t->rows = xcalloc(nrecs, sizeof(*t->rows));
		for (i = h + 1; i < nrecs; i++) {
			if (all_empty(&recs[i]))
				continue;
			if ((kind = total_kind(&recs[i], &label)) != 0) {
				total_row(&b, &recs[i], kind, label);
				free(label);
				continue;
			}
			if (!make_row(&b, &recs[i], &t->rows[t->nrows]))
				continue;
			b.prev = &t->rows[t->nrows];
			if (!b.prev->bad)
				add_sums(&b, b.prev);
			t->nrows++;
		}
		tally_flush(&b.tl, where, ts, d);
		t->incomplete = d->n > first && diag_worst_from(d,
		    first) == SEV_ERROR;
	}
	if (hdr.cells != NULL && h < nrecs && hdr.cells != recs[h].cells)
		free(hdr.cells);
	free(map);
	free(last);
	diag_sort(d, first);
	return t;
}

/* Load one CSV source as a typed table. */
static struct table *
table_load(const struct tablespec *ts, struct source *src,
    const struct period *p, struct diag *d)
{
	struct table	*t;
	struct csvrec	*recs = NULL;
	struct arena	*a;
	size_t		 nrecs = 0, len, first = d->n;
	const char	*text;
	char		*own;

	if ((text = table_text(src, &len, &own, d)) == NULL) {
		t = xcalloc(1, sizeof(*t));
		t->spec = ts;
		t->src = src;
		t->where = xstrdup(src->path);
		t->file = base_name(t->where);
		t->incomplete = 1;
		return t;
	}
	if (strcmp(src->encoding, "UTF-8") != 0)
		diag_add(d, SEV_NOTE, "input.encoding", src->path, 0, 0,
		    "文件编码为 %s,已按此读取", strcmp(src->encoding,
		    "UTF-8 with BOM") == 0 ? "UTF-8(带 BOM)" : src->encoding);
	a = arena_new();
	table_records(src->path, text, len, a, &recs, &nrecs, d);
	free(own);
	t = table_build(ts, src, src->path, p, recs, nrecs, first, a, d);
	table_records_free(recs, nrecs, 1);
	return t;
}

static void
md_free(struct mdfile *md)
{
	size_t	 i;

	if (md == NULL)
		return;
	for (i = 0; i < md->nmeta; i++) {
		free(md->meta[i].key);
		free(md->meta[i].value);
	}
	free(md->meta);
	free(md->body);
	free(md);
}

const char *
model_meta(const struct mdfile *md, const char *key)
{
	size_t	 i;

	if (md == NULL)
		return NULL;
	for (i = 0; i < md->nmeta; i++)
		if (strcmp(md->meta[i].key, key) == 0)
			return md->meta[i].value;
	return NULL;
}

/* "subsidy_standard.X" or "资助标准.X": the category X, else NULL. */
static const char *
standard_category(const char *key)
{
	static const char *const prefixes[] = {
		"subsidy_standard.", "资助标准.", NULL
	};
	size_t	 n;
	int	 i;

	for (i = 0; prefixes[i] != NULL; i++) {
		n = strlen(prefixes[i]);
		if (strncmp(key, prefixes[i], n) == 0 && key[n] != '\0')
			return key + n;
	}
	return NULL;
}

/*
 * An error about a front-matter line: what is wrong, the value quoted
 * (invisible characters named), then the fix.
 */
static void
meta_error(struct diag *d, const struct mdfile *md, const struct meta *m,
    const char *what, const char *value, const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*q = diag_quote(value);
	va_list		 ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(d, SEV_ERROR, "input.front-matter", md->src->path, m->line, 1,
	    "%s %s%s", what, q, b.s);
	free(q);
	buf_free(&b);
}

/*
 * Check front matter keys against the allowed list and rename aliases
 * to their canonical key; unknown keys and repeats are errors.
 * With standards set, subsidy_standard.<category> keys are allowed.
 */
static void
md_keys(struct mdfile *md, const char *const *keys, int standards,
    struct diag *d)
{
	struct buf	 want = { NULL, 0, 0 };
	struct meta	*m;
	char		*name;
	size_t		 i, j;
	int		 k;

	for (k = 0; keys[k] != NULL; k++) {
		name = key_name(keys, k);
		buf_addf(&want, "%s%s", k ? ", " : "", name);
		free(name);
	}
	if (standards)
		buf_adds(&want, ", subsidy_standard.<类别>");
	for (i = 0; i < md->nmeta; i++) {
		m = &md->meta[i];
		if ((k = key_index(keys, m->key)) >= 0) {
			free(m->key);
			m->key = key_name(keys, k);
		} else if (!standards || standard_category(m->key) == NULL) {
			meta_error(d, md, m, "不认识的设置", m->key,
			    ";可用的设置是 %s", want.s);
			continue;
		}
		for (j = 0; j < i; j++)
			if (strcmp(md->meta[j].key, m->key) == 0)
				diag_add(d, SEV_ERROR, "input.front-matter", md->src->path,
				    m->line, 1, "设置 \"%s\" 重复了(第 %d 行已有);"
				    "请删除一行", m->key, md->meta[j].line);
	}
	free(want.s);
}

static const struct meta *
meta_find(const struct mdfile *md, const char *key)
{
	size_t	 i;

	for (i = 0; i < md->nmeta; i++)
		if (strcmp(md->meta[i].key, key) == 0)
			return &md->meta[i];
	return NULL;
}

/* A required key: its value, or NULL after an error finding. */
static const char *
meta_need(const struct mdfile *md, const char *key, struct diag *d)
{
	const struct meta *m = meta_find(md, key);

	if (m != NULL && m->value[0] != '\0')
		return m->value;
	if (m != NULL) {
		diag_add(d, SEV_ERROR, "input.front-matter", md->src->path,
		    m->line, 0, "必填的 %s(%s)还是空的;请在这一行的冒号后面填上",
		    key_zh(key), key);
		return NULL;
	}
	diag_add(d, SEV_ERROR, "input.front-matter", md->src->path,
	    m ? m->line : 1, 0, "开头的设置区缺少必填的 \"%s\";请补上"
	    "一行“%s: …”", key, key);
	return NULL;
}

/* A whole-number setting with a default. */
static int
meta_count(const struct mdfile *md, const char *key, int def, struct diag *d)
{
	const struct meta	*m = meta_find(md, key);
	const char		*why;
	int64_t			 n;

	if (m == NULL)
		return def;
	if (count_parse(m->value, &n, &why) != 0 || n > 100000) {
		meta_error(d, md, m, key, m->value, " %s",
		    reason_zh(why ? why : "is too large"));
		return def;
	}
	return (int)n;
}

/* A date key; returns 0 and sets *days, or -1 (reported unless absent). */
static int
meta_date(const struct mdfile *md, const char *key, int *days, struct diag *d)
{
	const struct meta	*m = meta_find(md, key);
	const char		*why;

	if (m == NULL)
		return -1;
	if (date_parse(m->value, days, &why) == 0)
		return 0;
	meta_error(d, md, m, key, m->value, " %s", reason_zh(why));
	return -1;
}

static char *
dupornull(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * Income accounts that are no fee, whatever the unit says: money from
 * the state and the bureau, the balance brought forward, interest and
 * gifts.  Anything else a ledger receives must be a published fee
 * item or be listed in unit.md's non_fee_income.
 */
static const char *const non_fee_default[] = {
	"财政拨款", "财政补助", "财政补助收入", "财政拨款收入", "上级补助",
	"上级补助收入", "上期结转", "上年结转", "利息收入", "捐赠收入",
	"生均公用经费", "公用经费", "营养改善计划", "附属单位上缴收入",
	"资助资金", "学生资助资金", "专项资金", "专项经费", NULL
};

/* Add the names of a list ("班费、教辅资料费" / "a, b") to the unit's. */
static void
non_fee_add(struct unit *u, const char *list)
{
	const char	*p = list, *q;
	size_t		 n;

	while (*p != '\0') {
		for (q = p; *q != '\0' && *q != ',' && *q != ' ' &&
		    strncmp(q, "、", 3) != 0 && strncmp(q, "，", 3) != 0; q++)
			;
		if ((n = (size_t)(q - p)) > 0) {
			u->non_fee = xrealloc(u->non_fee,
			    (u->nnon_fee + 1) * sizeof(char *));
			u->non_fee[u->nnon_fee++] = xstrndup(p, n);
		}
		p = *q == ',' || *q == ' ' ? q + 1 : *q != '\0' ? q + 3 : q;
	}
}

int
model_non_fee(const struct unit *u, const char *account)
{
	size_t	 i;

	for (i = 0; non_fee_default[i] != NULL; i++)
		if (strcmp(non_fee_default[i], account) == 0)
			return 1;
	for (i = 0; i < u->nnon_fee; i++)
		if (strcmp(u->non_fee[i], account) == 0)
			return 1;
	return 0;
}

/*
 * A yes/no setting (yes 是 true 1 / no 否 false 0); def when absent,
 * an error finding when it is neither.
 */
static int
meta_bool(const struct mdfile *md, const char *key, int def, struct diag *d)
{
	static const char *const yes[] = { "yes", "是", "true", "1", NULL };
	static const char *const no[] = { "no", "否", "false", "0", NULL };
	const struct meta *m = meta_find(md, key);
	char		*q;
	int		 i;

	if (m == NULL)
		return def;
	for (i = 0; yes[i] != NULL; i++)
		if (strcmp(m->value, yes[i]) == 0)
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (strcmp(m->value, no[i]) == 0)
			return 0;
	q = diag_quote(m->value);
	diag_add(d, SEV_ERROR, NULL, md->src->path, m->line, 1,
	    "%s 应为 yes(是)或 no(否),而不是 %s", key, q);
	free(q);
	return def;
}

/* voucher_numbering: monthly 按月 / continuous 连续; absent: detect. */
static void
unit_vouchers(struct unit *u, const struct mdfile *md, struct diag *d)
{
	const struct meta *m = meta_find(md, "voucher_numbering");
	char		*q;

	u->voucher_monthly = -1;
	if (m == NULL)
		return;
	if (strcmp(m->value, "monthly") == 0 || strcmp(m->value, "按月") == 0)
		u->voucher_monthly = 1;
	else if (strcmp(m->value, "continuous") == 0 ||
	    strcmp(m->value, "连续") == 0)
		u->voucher_monthly = 0;
	else {
		q = diag_quote(m->value);
		diag_add(d, SEV_ERROR, NULL, md->src->path, m->line, 1,
		    "voucher_numbering 应为 monthly(按月,每月从 1 重新编号)或 "
		    "continuous(连续),而不是 %s", q);
		free(q);
	}
}

/* The disclosure settings of unit.md (see struct unit). */
static void
unit_disclosure(struct unit *u, const struct mdfile *md, struct diag *d)
{
	const char	*v;

	unit_vouchers(u, md, d);
	if ((v = model_meta(md, "non_fee_income")) != NULL)
		non_fee_add(u, v);
	u->mask_staff = meta_bool(md, "mask_staff", 0, d);
	u->subsidy_category = meta_bool(md, "subsidy_category", 0, d);
	if (model_meta(md, "notice_date") != NULL)
		meta_date(md, "notice_date", &u->notice_date, d);
}

/* The unit's settings from unit.md, with defaults. */
static void
unit_settings(struct unit *u, struct diag *d)
{
	const struct mdfile	*md = u->md;
	const char		*v, *cat, *why;
	int64_t			 fen;
	size_t			 i;

	u->name = dupornull(meta_need(md, "name", d));
	u->type = dupornull(model_meta(md, "type"));
	u->address = dupornull(model_meta(md, "address"));
	u->head = dupornull(model_meta(md, "head"));
	u->hotline = dupornull(model_meta(md, "hotline"));
	v = model_meta(md, "price_hotline");
	u->price_hotline = xstrdup(v ? v : "12315");
	u->base_url = dupornull(model_meta(md, "base_url"));
	v = model_meta(md, "canteen_account");
	u->canteen_account = xstrdup(v ? v : "伙食支出");
	u->canteen_income = dupornull(model_meta(md, "canteen_income"));
	u->complaint_days = meta_count(md, "complaint_days", 7, d);
	u->sample_grams = meta_count(md, "sample_grams", 125, d);
	u->sample_hours = meta_count(md, "sample_hours", 48, d);
	unit_disclosure(u, md, d);
	if ((v = model_meta(md, "audit_id")) != NULL) {
		if (strcmp(v, "full") == 0)
			u->id_full = 1;
		else if (strcmp(v, "last4") != 0)
			meta_error(d, md, meta_find(md, "audit_id"), "audit_id",
			    v, " 不是可选的值;请填 full(审计资料中显示完整身份证号)"
			    "或 last4(只显示后四位)");
	}
	for (i = 0; i < md->nmeta; i++) {
		if ((cat = standard_category(md->meta[i].key)) == NULL)
			continue;
		if (money_parse(md->meta[i].value, &fen, &why) != 0) {
			meta_error(d, md, &md->meta[i], "金额",
			    md->meta[i].value, " %s", reason_zh(why));
			continue;
		}
		u->sub_cat = xrealloc(u->sub_cat, (u->nsub + 1) * sizeof(char *));
		u->sub_amount = xrealloc(u->sub_amount,
		    (u->nsub + 1) * sizeof(int64_t));
		u->sub_cat[u->nsub] = xstrdup(cat);
		u->sub_amount[u->nsub++] = fen;
	}
}

static void
unit_defaults(struct unit *u)
{
	u->voucher_monthly = -1;
	u->price_hotline = xstrdup("12315");
	u->canteen_account = xstrdup("伙食支出");
	u->complaint_days = 7;
	u->sample_grams = 125;
	u->sample_hours = 48;
}

/* "2023-autumn", "2024-spring", "2024": the kind and year; -1 otherwise. */
static int
period_name(const char *s, enum periodkind *kind, int *year)
{
	int	 i;

	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return -1;
	*year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
	    (s[2] - '0') * 10 + (s[3] - '0');
	if (*year < 1900 || *year > 2199)
		return -1;
	if (s[4] == '\0')
		*kind = PERIOD_YEAR;
	else if (strcmp(s + 4, "-spring") == 0)
		*kind = PERIOD_SPRING;
	else if (strcmp(s + 4, "-autumn") == 0)
		*kind = PERIOD_AUTUMN;
	else
		return -1;
	return 0;
}

/*
 * Default dates and title of a period: spring semester February to
 * July, autumn semester September to January, a year January to
 * December.  summary.md may set other dates.
 */
static void
period_defaults(struct period *p)
{
	switch (p->kind) {
	case PERIOD_SPRING:
		p->start = date_from_ymd(p->year, 2, 1);
		p->end = date_from_ymd(p->year, 7, 31);
		p->title = xasprintf("%d年春季学期", p->year);
		break;
	case PERIOD_AUTUMN:
		p->start = date_from_ymd(p->year, 9, 1);
		p->end = date_from_ymd(p->year + 1, 1, 31);
		p->title = xasprintf("%d年秋季学期", p->year);
		break;
	case PERIOD_YEAR:
		p->start = date_from_ymd(p->year, 1, 1);
		p->end = date_from_ymd(p->year, 12, 31);
		p->title = xasprintf("%d年度", p->year);
		break;
	}
	p->date = p->end;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in a folder, sorted, without dotfiles; NULL on error (errno). */
static char **
list_dir(const char *dir, size_t *n)
{
	DIR		*dp;
	struct dirent	*de;
	char		**v = NULL;
	size_t		 cap = 0;

	*n = 0;
	if ((dp = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		v = xgrow(v, &cap, *n + 1, sizeof(*v));
		v[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_name);
	return v ? v : xcalloc(1, sizeof(*v));
}

static void
names_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
period_add_source(struct period *p, struct source *src)
{
	p->src = xrealloc(p->src, (p->nsrc + 1) * sizeof(*p->src));
	p->src[p->nsrc++] = src;
}

/* Title, author, dates from summary.md's front matter. */
static void
period_summary(struct period *p, struct diag *d)
{
	const struct mdfile	*md = p->summary;
	const struct meta	*m;
	const char		*v;
	int			 start, end;

	md_keys(p->summary, summarykeys, 0, d);
	if ((v = meta_need(md, "title", d)) != NULL) {
		free(p->title);
		p->title = xstrdup(v);
	}
	p->author = dupornull(meta_need(md, "author", d));
	if (meta_need(md, "start", d) && meta_date(md, "start", &start, d) == 0)
		p->start = start;
	if (meta_need(md, "end", d) && meta_date(md, "end", &end, d) == 0)
		p->end = end;
	p->date = p->end;
	if (meta_need(md, "date", d))
		meta_date(md, "date", &p->date, d);
	if (model_meta(md, "notice_date") != NULL)
		meta_date(md, "notice_date", &p->notice_date, d);
	if (p->start > p->end) {
		m = meta_find(md, "end");
		if (m == NULL)
			m = meta_find(md, "start");
		diag_add(d, SEV_ERROR, "input.front-matter", md->src->path, m ? m->line : 1, 1,
		    "结束日期早于开始日期;请核对 start 和 end");
	}
}

/* Equality ignoring ASCII case, for file extensions and English keys. */
static int
same_ci(const char *a, const char *b, size_t n)
{
	return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

/*
 * The table a name stands for: its English key ("ledger") or Chinese
 * name ("收支明细"), n bytes of s.  NULL if none.
 */
static const struct tablespec *
spec_by_name(const char *s, size_t n)
{
	int	 i;

	for (i = 0; i < T__MAX; i++)
		if (same_ci(s, tablespecs[i].key, n) ||
		    (strlen(tablespecs[i].zh) == n &&
		    memcmp(s, tablespecs[i].zh, n) == 0))
			return &tablespecs[i];
	return NULL;
}

/* The extension of a file name, without the dot ("" if none). */
static const char *
extension(const char *name)
{
	const char	*dot = strrchr(name, '.');

	return dot != NULL && dot != name ? dot + 1 : "";
}

enum filekind { FILE_UNKNOWN, FILE_CSV, FILE_WORKBOOK, FILE_SUMMARY,
	FILE_IGNORED, FILE_COPY };

/*
 * The length of a file name's stem without the mark Windows or macOS
 * adds to a copy: "ledger - 副本", "收支明细(1)", "ledger copy".  n if none.
 */
static size_t
copy_stem(const char *s, size_t n)
{
	static const char *const marks[] = { " - 副本", "副本", " - copy",
	    " copy", "的副本", "_副本", "-副本", NULL };
	size_t	 k, m;
	int	 i;

	for (i = 0; marks[i] != NULL; i++)
		if ((m = strlen(marks[i])) < n &&
		    strncasecmp(s + n - m, marks[i], m) == 0)
			return n - m;
	if (n > 3 && (s[n - 1] == ')' || strncmp(s + n - 3, "）", 3) == 0)) {
		k = s[n - 1] == ')' ? n - 1 : n - 3;
		m = k;
		while (m > 0 && isdigit((unsigned char)s[m - 1]))
			m--;
		if (m < k && m > 0 && s[m - 1] == '(')
			return m - 1 - (m > 1 && s[m - 2] == ' ');
		if (m < k && m >= 3 && strncmp(s + m - 3, "（", 3) == 0)
			return m - 3;
	}
	return n;
}

/*
 * What a file of a period folder is: a table as CSV (ledger.csv,
 * 收支明细.CSV), a workbook (.xlsx, and .xls or .et to be refused with
 * a reason), summary.md, or the litter office computers leave: Excel's
 * ~$ lock files, Thumbs.db, desktop.ini.
 */
static enum filekind
file_kind(const char *name, const struct tablespec **ts)
{
	const char	*ext = extension(name);
	size_t		 stem = strlen(name) - strlen(ext) - (*ext ? 1 : 0);

	*ts = NULL;
	if (strncmp(name, "~$", 2) == 0 || strcasecmp(name, "Thumbs.db") == 0 ||
	    strcasecmp(name, "desktop.ini") == 0)
		return FILE_IGNORED;
	if (strcmp(name, "summary.md") == 0)
		return FILE_SUMMARY;
	if (strcasecmp(ext, "xlsx") == 0 || strcasecmp(ext, "xls") == 0 ||
	    strcasecmp(ext, "et") == 0)
		return FILE_WORKBOOK;
	if (strcasecmp(ext, "csv") == 0 &&
	    (*ts = spec_by_name(name, stem)) != NULL)
		return FILE_CSV;
	if (strcasecmp(ext, "csv") == 0 && copy_stem(name, stem) < stem &&
	    (*ts = spec_by_name(name, copy_stem(name, stem))) != NULL)
		return FILE_COPY;
	return FILE_UNKNOWN;
}

static void
unknown_file(const char *path, struct diag *d)
{
	struct buf	 b = { NULL, 0, 0 };
	int		 i;

	buf_adds(&b, "summary.md、.xlsx 工作簿");
	for (i = 0; i < T__MAX; i++)
		buf_addf(&b, "、%s", tablespecs[i].file);
	diag_add(d, SEV_ERROR, "input.file", path, 0, 0,
	    "不认识的文件;学期文件夹里只能放 %s(表也可用中文名,如 收支明细.csv);"
	    "请改名或移出数据文件夹", b.s);
	free(b.s);
}

/*
 * Keep table t for its spec unless the period has it already: the
 * same table twice (a CSV and a sheet, or two sheets) is an error that
 * names both, and the second is dropped.
 */
static void
period_set_table(struct period *p, struct table *t, struct diag *d)
{
	struct table	*had = p->t[t->spec->id];

	if (had == NULL) {
		p->t[t->spec->id] = t;
		return;
	}
	diag_add(d, SEV_ERROR, "input.duplicate-table", t->where, 0, 0,
	    "%s出现了两次(%s 和 %s);请只保留一份,删除或改名另一份",
	    t->spec->zh, had->where, t->where);
	table_free(t);
}

/*
 * A sheet of instructions (说明, as `sunlight init` writes, 填写说明,
 * 使用说明): a workbook's habit, skipped without a note.
 */
static int
notes_sheet(const char *name)
{
	return strcmp(name, "说明") == 0 || strcmp(name, "填写说明") == 0 ||
	    strcmp(name, "使用说明") == 0;
}

/*
 * Every sheet of a workbook that names a table becomes that table.
 * Returns 1 if the workbook or one of its sheets could not be read at
 * all (reported), so no table it may hold is reported missing.
 */
static int
workbook_load(struct period *p, struct source *src, struct diag *d)
{
	const struct tablespec	*ts;
	struct xlsx		*x;
	struct csvrec		*recs;
	const char		*name;
	size_t			 i, nrecs, first;
	char			*where, *q;
	int			 unreadable = 0;

	if ((x = xlsx_open(src->path, src->bytes, src->len, d)) == NULL)
		return 1;
	src->encoding = "xlsx";
	for (i = 0; i < xlsx_nsheets(x); i++) {
		name = xlsx_sheet_name(x, i);
		if (notes_sheet(name))
			continue;
		if ((ts = spec_by_name(name, strlen(name))) == NULL) {
			q = diag_quote(name);
			diag_add(d, SEV_NOTE, "input.other-sheet", src->path, 0, 0,
			    "工作表%s不是要读取的表,已跳过", q);
			free(q);
			continue;
		}
		where = xasprintf("%s[%s]", src->path, name);
		first = d->n;
		if (xlsx_sheet(x, i, where, &recs, &nrecs, d) < 0)
			unreadable = 1;
		else
			period_set_table(p, table_build(ts, src, where, p, recs,
			    nrecs, first, NULL, d), d);
		table_records_free(recs, nrecs, 0);
		free(where);
	}
	xlsx_free(x);
	return unreadable;
}

/*
 * Read one file of a period folder. Returns -1 on a system error;
 * *unreadable is set when a workbook could not be read.
 */
static int
period_file(struct period *p, const char *fname, int *unreadable,
    struct diag *d)
{
	const struct tablespec	*ts;
	enum filekind		 kind = file_kind(fname, &ts);
	struct source		*src;
	struct stat		 st;
	char			*path, *rel;
	int			 rc = 0;

	if (kind == FILE_IGNORED)
		return 0;
	path = xasprintf("%s/%s", p->dir, fname);
	rel = xasprintf("%s/%s", p->name, fname);
	if (kind == FILE_UNKNOWN)
		unknown_file(path, d);
	else if (kind == FILE_COPY)
		diag_add(d, SEV_ERROR, "input.copy", path, 0, 0, "这像是%s表的一份"
		    "副本;请删除它或移出数据文件夹,只留一份%s", ts->zh, ts->zh);
	else if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		diag_add(d, SEV_ERROR, "input.file", path, 0, 0, "不是普通文件"
		    "(快捷方式和符号链接不能用,归档要保存读到的原文件);请把文件"
		    "本身放进来");
	else if ((src = source_read(path, rel)) == NULL)
		rc = -1;
	else {
		period_add_source(p, src);
		if (kind == FILE_CSV)
			period_set_table(p, table_load(ts, src, p, d), d);
		else if (kind == FILE_WORKBOOK)
			*unreadable |= workbook_load(p, src, d);
		else
			p->summary = md_parse(src, d);
	}
	free(path);
	free(rel);
	return rc;
}

static void period_free(struct period *);

/* Load a period folder; NULL after a system error (reported). */
static struct period *
period_load(const char *datadir, const char *name, enum periodkind kind,
    int year, struct diag *d)
{
	struct period	*p = xcalloc(1, sizeof(*p));
	char		**names;
	size_t		 n, i, first;
	int		 rc = 0, unreadable = 0;

	p->name = xstrdup(name);
	p->dir = xasprintf("%s/%s", datadir, name);
	p->kind = kind;
	p->year = year;
	period_defaults(p);
	if ((names = list_dir(p->dir, &n)) == NULL) {
		sys_warn(p->dir);
		period_free(p);
		return NULL;
	}
	d->period = p->name;
	for (i = 0; i < n && rc == 0; i++)
		rc = period_file(p, names[i], &unreadable, d);
	names_free(names, n);
	if (rc == 0 && p->summary != NULL) {
		first = d->n;
		period_summary(p, d);
		diag_sort(d, first);
	}
	for (i = 0; rc == 0 && !unreadable && i < T__MAX; i++)
		if (tablespecs[i].required && p->t[i] == NULL)
			diag_add(d, SEV_ERROR, "input.no-ledger", p->dir, 0, 0,
			    "缺少%s;每个学期都要有 %s、%s.csv,或工作簿里名为"
			    "“%s”的工作表", tablespecs[i].zh, tablespecs[i].file,
			    tablespecs[i].zh, tablespecs[i].zh);
	d->period = NULL;
	if (rc != 0) {
		period_free(p);
		return NULL;
	}
	return p;
}

static void
period_free(struct period *p)
{
	size_t	 i;
	int	 t;

	if (p == NULL)
		return;
	for (t = 0; t < T__MAX; t++)
		table_free(p->t[t]);
	md_free(p->summary);
	for (i = 0; i < p->nsrc; i++)
		source_free(p->src[i]);
	free(p->src);
	free(p->name);
	free(p->dir);
	free(p->title);
	free(p->author);
	free(p);
}

static int
cmp_period(const void *a, const void *b)
{
	const struct period *p = *(struct period *const *)a;
	const struct period *q = *(struct period *const *)b;

	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	return strcmp(p->name, q->name);
}

/* unit.md; -1 on a system error. */
static int
load_unit(struct model *m, struct diag *d)
{
	struct source	*src;
	char		*path = xasprintf("%s/unit.md", m->datadir);
	struct stat	 st;
	size_t		 first;

	unit_defaults(&m->unit);
	if (lstat(path, &st) != 0) {
		diag_add(d, SEV_ERROR, "input.no-unit", path, 0, 0, "缺少 "
		    "unit.md(单位名称、电话和设置);请在数据文件夹里建一个,"
		    "格式见 docs/使用说明.md");
		free(path);
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(d, SEV_ERROR, "input.file", path, 0, 0, "不是普通文件"
		    "(快捷方式和符号链接不能用,归档要保存读到的原文件);请把文件"
		    "本身放进来");
		free(path);
		return 0;
	}
	src = source_read(path, "unit.md");
	free(path);
	if (src == NULL)
		return -1;
	first = d->n;
	m->unit.md = md_parse(src, d);
	md_keys(m->unit.md, unitkeys, 1, d);
	free(m->unit.price_hotline);
	free(m->unit.canteen_account);
	unit_settings(&m->unit, d);
	diag_sort(d, first);
	return 0;
}

/* One entry of the data folder: a period folder, or an error. */
static int
load_entry(struct model *m, const char *name, struct diag *d)
{
	struct period	*p;
	struct stat	 st;
	enum periodkind	 kind;
	char		*path = xasprintf("%s/%s", m->datadir, name);
	int		 year, rc = 0;

	if (lstat(path, &st) != 0) {
		sys_warn(path);
		rc = -1;
	} else if (S_ISLNK(st.st_mode))
		diag_add(d, SEV_ERROR, "input.file", path, 0, 0, "是符号链接;"
		    "学期文件夹必须是数据文件夹里真正的文件夹");
	else if (!S_ISDIR(st.st_mode))
		diag_add(d, SEV_ERROR, "input.file", path, 0, 0, "不认识的文件;"
		    "数据文件夹里只放 unit.md 和学期文件夹,请移走它");
	else if (period_name(name, &kind, &year) != 0)
		diag_add(d, SEV_ERROR, "input.period", path, 0, 0, "文件夹名"
		    "不是学期;请改成 2023-autumn(秋季学期)、2024-spring(春季"
		    "学期)或 2024(全年)这样的名字");
	else if ((p = period_load(m->datadir, name, kind, year, d)) == NULL)
		rc = -1;
	else {
		m->periods = xrealloc(m->periods,
		    (m->nperiods + 1) * sizeof(*m->periods));
		m->periods[m->nperiods++] = p;
	}
	free(path);
	return rc;
}

struct model *
model_load(const char *datadir, struct diag *d)
{
	struct model	*m = xcalloc(1, sizeof(*m));
	char		**names;
	size_t		 n, i;
	int		 rc;

	m->datadir = xstrdup(datadir);
	if ((names = list_dir(datadir, &n)) == NULL) {
		sys_warn(datadir);
		model_free(m);
		return NULL;
	}
	rc = load_unit(m, d);
	for (i = 0; i < n && rc == 0; i++)
		if (strcmp(names[i], "unit.md") != 0)
			rc = load_entry(m, names[i], d);
	names_free(names, n);
	if (rc != 0) {
		model_free(m);
		return NULL;
	}
	if (m->nperiods == 0)
		diag_add(d, SEV_ERROR, "input.period", datadir, 0, 0, "没有"
		    "学期文件夹;请建一个,如 2023-autumn,把本学期的表放进去");
	else
		qsort(m->periods, m->nperiods, sizeof(*m->periods),
		    cmp_period);
	return m;
}

void
model_free(struct model *m)
{
	struct unit	*u;
	size_t		 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nperiods; i++)
		period_free(m->periods[i]);
	free(m->periods);
	u = &m->unit;
	if (u->md != NULL)
		source_free(u->md->src);
	md_free(u->md);
	free(u->name);
	free(u->type);
	free(u->address);
	free(u->head);
	free(u->hotline);
	free(u->price_hotline);
	free(u->base_url);
	free(u->canteen_account);
	free(u->canteen_income);
	for (i = 0; i < u->nsub; i++)
		free(u->sub_cat[i]);
	free(u->sub_cat);
	free(u->sub_amount);
	for (i = 0; i < u->nnon_fee; i++)
		free(u->non_fee[i]);
	free(u->non_fee);
	free(m->datadir);
	free(m);
}

/*
 * A Markdown file read on its own, outside a unit (a district's
 * district.md): front matter keys checked against keys, aliases renamed
 * to their canonical key.  Problems are findings in d; NULL only on a
 * system error (reported).  Free with model_md_free.
 */
struct mdfile *
model_md_load(const char *path, const char *relpath,
    const char *const *keys, struct diag *d)
{
	struct source	*src;
	struct mdfile	*md;
	size_t		 first = d->n;

	if ((src = source_read(path, relpath)) == NULL)
		return NULL;
	md = md_parse(src, d);
	md_keys(md, keys, 0, d);
	diag_sort(d, first);
	return md;
}

void
model_md_free(struct mdfile *md)
{
	if (md == NULL)
		return;
	source_free(md->src);
	md_free(md);
}
