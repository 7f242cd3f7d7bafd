/*
 * The auditor's workbook (see auditbook.h), from the private view of
 * the model document and the table registry.
 *
 * Money arrives as integer fen in the document.  A spreadsheet cell
 * holds a binary double, so each amount becomes fen / 100 only at the
 * moment it is written; every stored formula result is summed in fen
 * first and converted once, so it is the program's own figure.
 *
 * libxlsxwriter 1.1.4 writes only to a named file: the workbook is
 * written into a temp file beside path made by out_temp (mode 0600),
 * then renamed in by out_temp_commit.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <xlsxwriter.h>

#include "auditbook.h"
#include "model.h"
#include "output.h"
#include "util.h"

#define MAXCOLS		32
#define MAXWIDTH	60.0
#define LEDGER		"收支明细"

/* One worksheet and the widest cell seen in each column. */
struct sheet {
	lxw_worksheet	*ws;
	double		 width[MAXCOLS];
};

struct book {
	lxw_workbook	*wb;
	xmlNodePtr	 unit;
	xmlNodePtr	 period;
	lxw_format	*title, *head, *text, *money, *count, *qty, *pct;
	lxw_format	*date, *datetime;
	lxw_format	*tlabel, *tmoney, *tcount, *tpct;
	int		 ledger_last;	/* Excel row of the last ledger row; 0: none */
};

/* ---------------------------------------------------------------- */
/* The model document. */

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

/* The next element sibling named name after n (or n's first such child). */
static xmlNodePtr
next_named(xmlNodePtr n, const char *name)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

#define EACH(e, parent, name) \
	for ((e) = next_named((parent) != NULL ? (parent)->children : NULL, \
	    (name)); (e) != NULL; (e) = next_named((e)->next, (name)))

/* An attribute's value; "" when absent.  Caller frees. */
static char *
prop(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s = xstrdup(v != NULL ? (const char *)v : "");

	xmlFree(v);
	return s;
}

/* An integer attribute (fen, counts); 0 when absent. */
static int64_t
num(xmlNodePtr n, const char *name)
{
	char	*s = prop(n, name);
	int64_t	 v = strtoll(s, NULL, 10);

	free(s);
	return v;
}

static int
has(xmlNodePtr n, const char *name)
{
	return xmlHasProp(n, (const xmlChar *)name) != NULL;
}

/* ---------------------------------------------------------------- */
/* Cells. */

/* Display width of UTF-8 text: East Asian characters count two. */
static double
text_width(const char *s)
{
	const char	*e = s + strlen(s);
	double		 w = 0;
	long		 c;

	while (s < e && (c = utf8_next(&s, e)) >= 0)
		w += c >= 0x1100 ? 2 : 1;
	return w;
}

static void
widen(struct sheet *sh, lxw_col_t col, double w)
{
	if (col < MAXCOLS && w + 2 > sh->width[col])
		sh->width[col] = w + 2 > MAXWIDTH ? MAXWIDTH : w + 2;
}

static void
put_text(struct sheet *sh, lxw_row_t r, lxw_col_t c, const char *s,
    lxw_format *f)
{
	if (s == NULL || *s == '\0')
		return;
	worksheet_write_string(sh->ws, r, c, s, f);
	widen(sh, c, text_width(s));
}

/* Width of a money figure as "#,##0.00" shows it. */
static double
money_width(int64_t fen)
{
	char	 b[32];
	int	 n = snprintf(b, sizeof(b), "%lld", (long long)(fen / 100));

	return n + (n - 1) / 3 + 3 + (fen < 0);
}

static double
yuan(int64_t fen)
{
	return (double)fen / 100.0;
}

static void
put_money(struct sheet *sh, lxw_row_t r, lxw_col_t c, int64_t fen,
    lxw_format *f)
{
	worksheet_write_number(sh->ws, r, c, yuan(fen), f);
	widen(sh, c, money_width(fen));
}

static void
put_count(struct sheet *sh, lxw_row_t r, lxw_col_t c, int64_t n,
    lxw_format *f)
{
	char	 b[32];

	worksheet_write_number(sh->ws, r, c, (double)n, f);
	widen(sh, c, snprintf(b, sizeof(b), "%lld", (long long)n));
}

/* A formula whose stored result is fen (money) or a plain count. */
static void
put_fmoney(struct sheet *sh, lxw_row_t r, lxw_col_t c, const char *formula,
    int64_t fen, lxw_format *f)
{
	worksheet_write_formula_num(sh->ws, r, c, formula, f, yuan(fen));
	widen(sh, c, money_width(fen));
}

static void
put_fcount(struct sheet *sh, lxw_row_t r, lxw_col_t c, const char *formula,
    int64_t n, lxw_format *f)
{
	worksheet_write_formula_num(sh->ws, r, c, formula, f, (double)n);
	widen(sh, c, 8);
}

/* "2023-09-01" or "2023-09-01 11:30" as a date cell; else as text. */
static void
put_date(struct book *b, struct sheet *sh, lxw_row_t r, lxw_col_t c,
    const char *s)
{
	lxw_datetime	 dt;
	int		 n;

	memset(&dt, 0, sizeof(dt));
	n = sscanf(s, "%4d-%2d-%2d %2d:%2d", &dt.year, &dt.month, &dt.day,
	    &dt.hour, &dt.min);
	if (n == 3 && strlen(s) == 10) {
		worksheet_write_datetime(sh->ws, r, c, &dt, b->date);
		widen(sh, c, 10);
	} else if (n == 5 && strlen(s) == 16) {
		worksheet_write_datetime(sh->ws, r, c, &dt, b->datetime);
		widen(sh, c, 16);
	} else
		put_text(sh, r, c, s, b->text);
}

/* A quantity as the document writes it ("12.5") as a number. */
static void
put_qty(struct book *b, struct sheet *sh, lxw_row_t r, lxw_col_t c,
    const char *s)
{
	char	*end;
	double	 v;

	if (*s == '\0')
		return;
	v = strtod(s, &end);
	if (*end != '\0') {
		put_text(sh, r, c, s, b->text);
		return;
	}
	worksheet_write_number(sh->ws, r, c, v, b->qty);
	widen(sh, c, text_width(s) + 2);
}

/* Column letters of a 0-based column. */
static const char *
col_name(lxw_col_t c, char *b)
{
	if (c < 26) {
		b[0] = (char)('A' + c);
		b[1] = '\0';
	} else {
		b[0] = (char)('A' + c / 26 - 1);
		b[1] = (char)('A' + c % 26);
		b[2] = '\0';
	}
	return b;
}

/* "=SUM(E2:E300)" over Excel rows first..last of column c. */
static char *
sum_formula(lxw_col_t c, int first, int last)
{
	char	 n[4];

	col_name(c, n);
	if (last < first)
		return xstrdup("=0");
	return xasprintf("=SUM(%s%d:%s%d)", n, first, n, last);
}

/* Header row 0 in bold, frozen, filtered. */
static void
put_head(struct book *b, struct sheet *sh, const char *const *h, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		put_text(sh, 0, (lxw_col_t)i, h[i], b->head);
	worksheet_freeze_panes(sh->ws, 1, 0);
}

static void
set_widths(struct sheet *sh)
{
	lxw_col_t	 c;

	for (c = 0; c < MAXCOLS; c++)
		if (sh->width[c] > 0)
			worksheet_set_column(sh->ws, c, c, sh->width[c], NULL);
}

static void
sheet_open(struct book *b, struct sheet *sh, const char *name)
{
	memset(sh, 0, sizeof(*sh));
	sh->ws = workbook_add_worksheet(b->wb, name);
}

/* ---------------------------------------------------------------- */
/* 封面 */

/* The tables of the registry present in the period, with their rows. */
static lxw_row_t
cover_tables(struct book *b, struct sheet *sh, lxw_row_t r)
{
	static const char *const h[] = { "台账", "源文件", "行数" };
	xmlNodePtr	 e;
	char		*file;
	int		 i;

	for (i = 0; i < 3; i++)
		put_text(sh, r, (lxw_col_t)i, h[i], b->head);
	for (i = 0; i < T__MAX; i++) {
		if ((e = child(b->period, tablespecs[i].key)) == NULL)
			continue;
		r++;
		put_text(sh, r, 0, tablespecs[i].zh, b->text);
		file = prop(e, "file");
		put_text(sh, r, 1, file, b->text);
		free(file);
		put_count(sh, r, 2, num(e, "rows"), b->count);
	}
	return r + 2;
}

/* Every source file of the period with its size, encoding and SHA-256. */
static void
cover_sources(struct book *b, struct sheet *sh, lxw_row_t r)
{
	static const char *const h[] = { "源文件", "字节", "编码", "SHA-256" };
	static const char *const a[] = { "path", NULL, "encoding", "sha256" };
	xmlNodePtr	 s;
	char		*v;
	int		 i;

	for (i = 0; i < 4; i++)
		put_text(sh, r, (lxw_col_t)i, h[i], b->head);
	EACH(s, child(b->period, "sources"), "source") {
		r++;
		for (i = 0; i < 4; i++) {
			if (a[i] == NULL) {
				put_count(sh, r, (lxw_col_t)i, num(s, "bytes"),
				    b->count);
				continue;
			}
			v = prop(s, a[i]);
			put_text(sh, r, (lxw_col_t)i, v, b->text);
			free(v);
		}
	}
}

static void
cover(struct book *b)
{
	static const char *const k[][2] = {
		{ "单位", NULL }, { "期间", "label" }, { "起始日期", "start" },
		{ "截止日期", "end" }, { "总结标题", "title" },
	};
	struct sheet	 sh;
	char		*unit = prop(b->unit, "name"), *label, *v;
	lxw_row_t	 r = 2;
	size_t		 i;

	sheet_open(b, &sh, "封面");
	label = prop(b->period, "label");
	v = xasprintf("%s%s审计工作簿", unit, label);
	worksheet_write_string(sh.ws, 0, 0, v, b->title);
	free(v);
	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++, r++) {
		put_text(&sh, r, 0, k[i][0], b->head);
		v = k[i][1] != NULL ? prop(b->period, k[i][1]) : xstrdup(unit);
		put_text(&sh, r, 1, v, b->text);
		free(v);
	}
	put_text(&sh, r, 0, "生成日期", b->head);
	v = prop(b->unit, "generated");
	put_text(&sh, r++, 1, v, b->text);
	free(v);
	put_text(&sh, ++r, 0, "合计、小计、余额和差异都是公式：改动一格，"
	    "相关数字随之重算。", b->text);
	r = cover_tables(b, &sh, r + 2);
	cover_sources(b, &sh, r);
	set_widths(&sh);
	free(unit);
	free(label);
}

/* ---------------------------------------------------------------- */
/* 收支明细 */

enum { LC_DATE, LC_VOUCHER, LC_ACCOUNT, LC_MEMO, LC_INCOME, LC_EXPENSE,
	LC_BALANCE, LC_HANDLER, LC_APPROVER, LC_LINE, LC__N };

/* One ledger row at 0-based row r; the balance is a running formula. */
static void
ledger_row(struct book *b, struct sheet *sh, lxw_row_t r, xmlNodePtr e)
{
	static const struct { lxw_col_t c; const char *a; } t[] = {
		{ LC_VOUCHER, "voucher" }, { LC_ACCOUNT, "account" },
		{ LC_MEMO, "memo" }, { LC_HANDLER, "handler" },
		{ LC_APPROVER, "approver" },
	};
	char	*v, *f;
	size_t	 i;
	int	 R = (int)r + 1;

	v = prop(e, "date");
	put_date(b, sh, r, LC_DATE, v);
	free(v);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = prop(e, t[i].a);
		put_text(sh, r, t[i].c, v, b->text);
		free(v);
	}
	if (has(e, "income"))
		put_money(sh, r, LC_INCOME, num(e, "income"), b->money);
	if (has(e, "expense"))
		put_money(sh, r, LC_EXPENSE, num(e, "expense"), b->money);
	f = R == 2 ? xstrdup("=E2-F2") :
	    xasprintf("=G%d+E%d-F%d", R - 1, R, R);
	put_fmoney(sh, r, LC_BALANCE, f, num(e, "balance"), b->money);
	free(f);
	put_count(sh, r, LC_LINE, num(e, "line"), b->count);
}

/*
 * Monthly subtotals under the ledger: SUMIFS over the dates of each
 * month, leaving out 上期结转 (the opening balance is in no month).
 */
static void
ledger_months(struct book *b, struct sheet *sh, lxw_row_t r, int last)
{
	xmlNodePtr	 m;
	char		*key, *f;
	int		 y, mo, k;

	put_text(sh, r, LC_MEMO, "按月小计（不含上期结转）", b->head);
	put_text(sh, r, LC_INCOME, "收入", b->head);
	put_text(sh, r, LC_EXPENSE, "支出", b->head);
	EACH(m, child(b->period, "months"), "month") {
		r++;
		key = prop(m, "key");
		put_text(sh, r, LC_MEMO, key, b->text);
		free(key);
		y = (int)num(m, "year");
		mo = (int)num(m, "month");
		for (k = 0; k < 2; k++) {
			f = xasprintf("=SUMIFS(%c$2:%c$%d,$A$2:$A$%d,\">=\"&"
			    "DATE(%d,%d,1),$A$2:$A$%d,\"<\"&DATE(%d,%d,1),"
			    "$D$2:$D$%d,\"<>上期结转\")", k ? 'F' : 'E',
			    k ? 'F' : 'E', last, last, y, mo, last, y, mo + 1,
			    last);
			put_fmoney(sh, r, k ? LC_EXPENSE : LC_INCOME, f,
			    num(m, k ? "expense" : "income"), b->money);
			free(f);
		}
	}
}

static void
ledger(struct book *b)
{
	static const char *const h[LC__N] = { "日期", "凭证号", "科目", "摘要",
	    "收入", "支出", "余额", "经办人", "审批人", "行" };
	xmlNodePtr	 l = child(b->period, "ledger"), e;
	xmlNodePtr	 tot = child(b->period, "totals");
	struct sheet	 sh;
	lxw_row_t	 r = 0;
	char		*f;

	sheet_open(b, &sh, LEDGER);
	put_head(b, &sh, h, LC__N);
	EACH(e, l, "row")
		ledger_row(b, &sh, ++r, e);
	b->ledger_last = (int)r + 1;
	r++;
	put_text(&sh, r, LC_MEMO, "合计", b->tlabel);
	f = sum_formula(LC_INCOME, 2, (int)r);
	put_fmoney(&sh, r, LC_INCOME, f, num(tot, "income"), b->tmoney);
	free(f);
	f = sum_formula(LC_EXPENSE, 2, (int)r);
	put_fmoney(&sh, r, LC_EXPENSE, f, num(tot, "expense"), b->tmoney);
	free(f);
	f = xasprintf("=E%d-F%d", (int)r + 1, (int)r + 1);
	put_fmoney(&sh, r, LC_BALANCE, f, num(tot, "closing"), b->tmoney);
	free(f);
	ledger_months(b, &sh, r + 2, b->ledger_last);
	set_widths(&sh);
}

/*
 * pre followed by the SUMIFS of ledger column col ('E' income, 'F'
 * expense) over the rows whose 科目 equals cell.  Caller frees.
 */
static char *
ledger_sumifs(const struct book *b, const char *pre, char col,
    const char *cell)
{
	return xasprintf("%sSUMIFS('" LEDGER "'!$%c$2:$%c$%d,'" LEDGER
	    "'!$C$2:$C$%d,%s)", pre, col, col, b->ledger_last,
	    b->ledger_last, cell);
}

/* ---------------------------------------------------------------- */
/* 预算执行 */

/* An execution rate C/B with its stored value, blank without a budget. */
static void
put_rate(struct sheet *sh, lxw_row_t r, int64_t expense, int64_t budget,
    lxw_format *f)
{
	char	*s = xasprintf("=IF(B%d=0,\"\",C%d/B%d)", (int)r + 1,
	    (int)r + 1, (int)r + 1);

	if (budget != 0)
		worksheet_write_formula_num(sh->ws, r, 4, s, f,
		    (double)expense / (double)budget);
	else
		worksheet_write_formula_str(sh->ws, r, 4, s, f, "");
	widen(sh, 4, 8);
	free(s);
}

/* One account with a budget: the spending is a SUMIFS of the ledger. */
static void
budget_row(struct book *b, struct sheet *sh, lxw_row_t r, xmlNodePtr a)
{
	char	*name = prop(a, "name"), *s, *f;
	int	 R = (int)r + 1;

	put_text(sh, r, 0, name, b->text);
	put_money(sh, r, 1, num(a, "budget"), b->money);
	s = xasprintf("A%d", R);
	f = ledger_sumifs(b, "=", 'F', s);
	put_fmoney(sh, r, 2, f, num(a, "expense"), b->money);
	free(f);
	f = xasprintf("=B%d-C%d", R, R);
	put_fmoney(sh, r, 3, f, num(a, "variance"), b->money);
	free(f);
	put_rate(sh, r, num(a, "expense"), num(a, "budget"), b->pct);
	put_count(sh, r, 5, num(a, "line"), b->count);
	free(s);
	free(name);
}

/* Accounts spent on without a budget, under the budget table. */
static void
budget_unbudgeted(struct book *b, struct sheet *sh, lxw_row_t r)
{
	xmlNodePtr	 a, accts = child(b->period, "accounts");
	char		*name, *s, *f;
	int		 any = 0;

	EACH(a, accts, "account") {
		if (has(a, "budget") || num(a, "expense") <= 0)
			continue;
		if (!any++) {
			put_text(sh, r, 0, "无预算的支出科目", b->head);
			put_text(sh, r, 2, "实际支出", b->head);
		}
		r++;
		name = prop(a, "name");
		put_text(sh, r, 0, name, b->text);
		s = xasprintf("A%d", (int)r + 1);
		f = ledger_sumifs(b, "=", 'F', s);
		put_fmoney(sh, r, 2, f, num(a, "expense"), b->money);
		free(f);
		free(s);
		free(name);
	}
}

static void
budget(struct book *b)
{
	static const char *const h[] = { "科目", "预算", "实际支出",
	    "差异（预算−支出）", "执行率", "预算行" };
	xmlNodePtr	 a;
	struct sheet	 sh;
	lxw_row_t	 r = 0;
	int64_t		 sum[3] = { 0, 0, 0 };
	char		*f;
	int		 c;

	sheet_open(b, &sh, "预算执行");
	put_head(b, &sh, h, 6);
	EACH(a, child(b->period, "accounts"), "account") {
		if (!has(a, "budget"))
			continue;
		budget_row(b, &sh, ++r, a);
		sum[0] += num(a, "budget");
		sum[1] += num(a, "expense");
		sum[2] += num(a, "variance");
	}
	r++;
	put_text(&sh, r, 0, "合计", b->tlabel);
	for (c = 1; c <= 3; c++) {
		f = sum_formula((lxw_col_t)c, 2, (int)r);
		put_fmoney(&sh, r, (lxw_col_t)c, f, sum[c - 1], b->tmoney);
		free(f);
	}
	put_rate(&sh, r, sum[1], sum[0], b->tpct);
	budget_unbudgeted(b, &sh, r + 2);
	set_widths(&sh);
}

/* ---------------------------------------------------------------- */
/* 收费核对 */

enum { FC_ITEM, FC_STANDARD, FC_DUE, FC_PAID, FC_REFUND, FC_EXPECTED,
	FC_COLLECTED, FC_DIFF, FC_LEDGER, FC_LDIFF, FC_LINE, FC__N };

/* The figures of one fee item, in FC_ column order (counts and fen). */
static void
fee_figures(xmlNodePtr it, int64_t *v)
{
	v[FC_STANDARD] = num(it, "standard");
	v[FC_DUE] = num(it, "due-people");
	v[FC_PAID] = num(it, "paid-people");
	v[FC_REFUND] = num(it, "refund");
	v[FC_EXPECTED] = num(it, "expected");
	v[FC_COLLECTED] = num(it, "collected");
	v[FC_DIFF] = num(it, "diff");
	v[FC_LEDGER] = num(it, "ledger");
	v[FC_LDIFF] = num(it, "ledger-diff");
}

/*
 * One fee item: 核定应收 = 标准 × 实收人数 − 退费, 差异 = 实收 − 核定,
 * 账面收入 = the net of the ledger account named as the item, 账实差异
 * = 账面 − 实收.
 */
static void
fee_row(struct book *b, struct sheet *sh, lxw_row_t r, xmlNodePtr it,
    const int64_t *v)
{
	char	*name = prop(it, "name"), *a, *e, *f;
	int	 R = (int)r + 1;

	put_text(sh, r, FC_ITEM, name, b->text);
	put_money(sh, r, FC_STANDARD, v[FC_STANDARD], b->money);
	put_count(sh, r, FC_DUE, v[FC_DUE], b->count);
	put_count(sh, r, FC_PAID, v[FC_PAID], b->count);
	put_money(sh, r, FC_REFUND, v[FC_REFUND], b->money);
	f = xasprintf("=B%d*D%d-E%d", R, R, R);
	put_fmoney(sh, r, FC_EXPECTED, f, v[FC_EXPECTED], b->money);
	free(f);
	put_money(sh, r, FC_COLLECTED, v[FC_COLLECTED], b->money);
	f = xasprintf("=G%d-F%d", R, R);
	put_fmoney(sh, r, FC_DIFF, f, v[FC_DIFF], b->money);
	free(f);
	a = xasprintf("A%d", R);
	e = ledger_sumifs(b, "-", 'F', a);
	f = ledger_sumifs(b, "=", 'E', a);
	free(a);
	a = xasprintf("%s%s", f, e);
	put_fmoney(sh, r, FC_LEDGER, a, v[FC_LEDGER], b->money);
	free(a);
	free(e);
	free(f);
	f = xasprintf("=I%d-G%d", R, R);
	put_fmoney(sh, r, FC_LDIFF, f, v[FC_LDIFF], b->money);
	free(f);
	put_count(sh, r, FC_LINE, num(it, "line"), b->count);
	free(name);
}

static void
fees(struct book *b)
{
	static const char *const h[FC__N] = { "项目", "标准", "应收人数",
	    "实收人数", "退费", "核定应收", "实收", "差异", "账面收入",
	    "账实差异", "行" };
	xmlNodePtr	 it;
	struct sheet	 sh;
	lxw_row_t	 r = 0;
	int64_t		 v[FC__N], sum[FC__N];
	char		*f;
	int		 c;

	memset(sum, 0, sizeof(sum));
	sheet_open(b, &sh, "收费核对");
	put_head(b, &sh, h, FC__N);
	EACH(it, child(b->period, "fees"), "item") {
		fee_figures(it, v);
		fee_row(b, &sh, ++r, it, v);
		for (c = FC_DUE; c <= FC_LDIFF; c++)
			sum[c] += v[c];
	}
	r++;
	put_text(&sh, r, FC_ITEM, "合计", b->tlabel);
	for (c = FC_DUE; c <= FC_LDIFF; c++) {
		f = sum_formula((lxw_col_t)c, 2, (int)r);
		if (c == FC_DUE || c == FC_PAID)
			put_fcount(&sh, r, (lxw_col_t)c, f, sum[c], b->tcount);
		else
			put_fmoney(&sh, r, (lxw_col_t)c, f, sum[c], b->tmoney);
		free(f);
	}
	set_widths(&sh);
}

/* ---------------------------------------------------------------- */
/* The other registers, from the table registry. */

/*
 * The attribute a register shows for a column: the audit pack shows ID
 * numbers as id-shown (cut to the last four digits unless audit_id:
 * full), everything else as read.
 */
static const char *
shown_attr(const struct colspec *c)
{
	return strcmp(c->key, "id_number") == 0 ? "id-shown" : c->key;
}

static void
register_cell(struct book *b, struct sheet *sh, lxw_row_t r, lxw_col_t c,
    const struct colspec *cs, xmlNodePtr e)
{
	const char	*a = shown_attr(cs);
	char		*v;

	if (!has(e, a))
		return;
	switch (cs->type) {
	case COL_MONEY:
		put_money(sh, r, c, num(e, a), b->money);
		return;
	case COL_COUNT:
		put_count(sh, r, c, num(e, a), b->count);
		return;
	default:
		break;
	}
	v = prop(e, a);
	if (cs->type == COL_DATE || cs->type == COL_DATETIME)
		put_date(b, sh, r, c, v);
	else if (cs->type == COL_QTY)
		put_qty(b, sh, r, c, v);
	else
		put_text(sh, r, c, v, b->text);
	free(v);
}

/*
 * Whether a register column adds up: amounts and counts do, unit prices
 * (单价) do not.
 */
static int
additive(const struct colspec *c)
{
	return (c->type == COL_MONEY && strcmp(c->key, "price") != 0) ||
	    c->type == COL_COUNT;
}

/*
 * A 合计 row with the totals of the additive columns, stored as summed
 * in fen; none when no column adds up.
 */
static void
register_totals(struct book *b, struct sheet *sh, const struct tablespec *t,
    int n, lxw_row_t r, const int64_t *sum)
{
	char	*f;
	int	 c, label = 0, any = 0;

	for (c = 0; c < n; c++)
		any |= additive(&t->cols[c]);
	if (!any)
		return;
	for (c = 0; c < n; c++) {
		if (!additive(&t->cols[c]))
			continue;
		f = sum_formula((lxw_col_t)c, 2, (int)r);
		if (t->cols[c].type == COL_MONEY)
			put_fmoney(sh, r, (lxw_col_t)c, f, sum[c], b->tmoney);
		else
			put_fcount(sh, r, (lxw_col_t)c, f, sum[c], b->tcount);
		free(f);
	}
	while (label < n && t->cols[label].type != COL_TEXT)
		label++;
	put_text(sh, r, (lxw_col_t)(label < n ? label : 0), "合计",
	    b->tlabel);
}

/* A register sheet named as the table, its columns as the registry says. */
static void
register_sheet(struct book *b, const struct tablespec *t, xmlNodePtr tab)
{
	const char	*h[MAXCOLS];
	xmlNodePtr	 e;
	struct sheet	 sh;
	lxw_row_t	 r = 0;
	int64_t		 sum[MAXCOLS];
	int		 c, n = t->ncols < MAXCOLS - 1 ? t->ncols : MAXCOLS - 1;

	memset(sum, 0, sizeof(sum));
	sheet_open(b, &sh, t->zh);
	for (c = 0; c < n; c++)
		h[c] = t->cols[c].zh;
	h[n] = "行";
	put_head(b, &sh, h, n + 1);
	EACH(e, tab, "row") {
		r++;
		for (c = 0; c < n; c++) {
			register_cell(b, &sh, r, (lxw_col_t)c, &t->cols[c], e);
			sum[c] += num(e, shown_attr(&t->cols[c]));
		}
		put_count(&sh, r, (lxw_col_t)n, num(e, "line"), b->count);
	}
	register_totals(b, &sh, t, n, r + 1, sum);
	set_widths(&sh);
}

/* ---------------------------------------------------------------- */
/* 发现问题 */

static const char *
sev_zh(const char *sev)
{
	if (strcmp(sev, "error") == 0)
		return "错误";
	if (strcmp(sev, "warning") == 0)
		return "警告";
	return "提示";
}

static void
finding_row(struct book *b, struct sheet *sh, lxw_row_t r, xmlNodePtr e)
{
	char	*sev = prop(e, "sev"), *file = prop(e, "where");
	char	*code = prop(e, "code"), *where;
	xmlChar	*msg = xmlNodeGetContent(e);
	int64_t	 line = num(e, "line");

	put_count(sh, r, 0, (int64_t)r, b->count);
	put_text(sh, r, 1, sev_zh(sev), b->text);
	where = line > 0 ? xasprintf("%s:%lld", file, (long long)line) :
	    xstrdup(file);
	put_text(sh, r, 2, where, b->text);
	put_text(sh, r, 3, file, b->text);
	if (line > 0)
		put_count(sh, r, 4, line, b->count);
	if (num(e, "col") > 0)
		put_count(sh, r, 5, num(e, "col"), b->count);
	put_text(sh, r, 6, code, b->text);
	put_text(sh, r, 7, msg != NULL ? (const char *)msg : "", b->text);
	xmlFree(msg);
	free(where);
	free(sev);
	free(file);
	free(code);
}

static void
findings(struct book *b)
{
	static const char *const h[] = { "序号", "级别", "位置", "文件", "行",
	    "列", "代码", "说明" };
	xmlNodePtr	 e;
	struct sheet	 sh;
	lxw_row_t	 r = 0;

	sheet_open(b, &sh, "发现问题");
	put_head(b, &sh, h, 8);
	EACH(e, child(b->period, "findings"), "finding")
		finding_row(b, &sh, ++r, e);
	set_widths(&sh);
}

/* ---------------------------------------------------------------- */
/* The workbook. */

static void
formats(struct book *b)
{
	lxw_workbook	*wb = b->wb;

	b->title = workbook_add_format(wb);
	format_set_bold(b->title);
	format_set_font_size(b->title, 14);
	b->head = workbook_add_format(wb);
	format_set_bold(b->head);
	format_set_bg_color(b->head, 0xE7E6E6);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	b->text = NULL;
	b->money = workbook_add_format(wb);
	format_set_num_format(b->money, "#,##0.00");
	b->count = workbook_add_format(wb);
	format_set_num_format(b->count, "0");
	b->qty = workbook_add_format(wb);
	format_set_num_format(b->qty, "0.000");
	b->pct = workbook_add_format(wb);
	format_set_num_format(b->pct, "0.0%");
	b->date = workbook_add_format(wb);
	format_set_num_format(b->date, "yyyy-mm-dd");
	b->datetime = workbook_add_format(wb);
	format_set_num_format(b->datetime, "yyyy-mm-dd hh:mm");
	b->tlabel = workbook_add_format(wb);
	format_set_bold(b->tlabel);
	format_set_top(b->tlabel, LXW_BORDER_DOUBLE);
	b->tmoney = workbook_add_format(wb);
	format_set_bold(b->tmoney);
	format_set_top(b->tmoney, LXW_BORDER_DOUBLE);
	format_set_num_format(b->tmoney, "#,##0.00");
	b->tcount = workbook_add_format(wb);
	format_set_bold(b->tcount);
	format_set_top(b->tcount, LXW_BORDER_DOUBLE);
	format_set_num_format(b->tcount, "0");
	b->tpct = workbook_add_format(wb);
	format_set_bold(b->tpct);
	format_set_top(b->tpct, LXW_BORDER_DOUBLE);
	format_set_num_format(b->tpct, "0.0%");
}

/*
 * Document properties.  libxlsxwriter dates docProps/core.xml "now"
 * when created is 0, so SOURCE_DATE_EPOCH=0 is written as one second
 * later to stay reproducible.
 */
static void
properties(struct book *b, long long epoch)
{
	lxw_doc_properties	 p;
	char			*unit = prop(b->unit, "name");
	char			*label = prop(b->period, "label");
	char			*title = xasprintf("%s%s审计工作簿", unit, label);

	memset(&p, 0, sizeof(p));
	p.title = title;
	p.author = unit;
	p.created = epoch > 0 ? (time_t)epoch : 1;
	workbook_set_properties(b->wb, &p);
	free(title);
	free(label);
	free(unit);
}

/* The period element named period, or NULL. */
static xmlNodePtr
find_period(xmlNodePtr unit, const char *period)
{
	xmlNodePtr	 p;
	char		*name;
	int		 same;

	EACH(p, unit, "period") {
		name = prop(p, "name");
		same = strcmp(name, period) == 0;
		free(name);
		if (same)
			return p;
	}
	return NULL;
}

/* Every sheet, in the order of the audit pack. */
static void
sheets(struct book *b)
{
	xmlNodePtr	 tab;
	int		 i;

	cover(b);
	ledger(b);
	if (child(b->period, "budget") != NULL)
		budget(b);
	if (child(b->period, "fees") != NULL)
		fees(b);
	for (i = 0; i < T__MAX; i++) {
		if (i == T_LEDGER || i == T_BUDGET || i == T_FEES)
			continue;
		if ((tab = child(b->period, tablespecs[i].key)) != NULL)
			register_sheet(b, &tablespecs[i], tab);
	}
	findings(b);
}

int
auditbook_write(xmlDocPtr priv, const char *period, const char *path,
    long long epoch)
{
	struct book	 b;
	lxw_error	 e;
	char		*tmp;
	int		 fd;

	memset(&b, 0, sizeof(b));
	b.unit = xmlDocGetRootElement(priv);
	if ((b.period = find_period(b.unit, period)) == NULL ||
	    child(b.period, "ledger") == NULL)
		return 0;
	/* Workers may get here before anything else made private/. */
	if ((fd = out_temp(path, 1, &tmp)) == -1)
		return -1;
	if ((b.wb = workbook_new(tmp)) == NULL) {
		sys_warnx("%s: 无法创建审计工作簿", path);
		out_temp_abort(fd, tmp);
		return -1;
	}
	formats(&b);
	properties(&b, epoch);
	sheets(&b);
	if ((e = workbook_close(b.wb)) != LXW_NO_ERROR) {
		sys_warnx("%s: %s", path, lxw_strerror(e));
		out_temp_abort(fd, tmp);
		return -1;
	}
	return out_temp_commit(fd, tmp, path);
}
