/*
 * The one diagnostics printer.  Findings are collected in order and
 * printed together; the exit status is derived from the worst one.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"
#include "xlsx.h"

/* Codes in the model and records; words a clerk reads on the terminal. */
static const char *const sevnames[] = { "note", "warning", "error" };
static const char *const sevwords[] = { "提示", "警告", "错误" };

void
diag_init(struct diag *d)
{
	d->v = NULL;
	d->n = d->cap = 0;
	d->period = NULL;
	d->system = d->usage = d->failed = 0;
}

int
diag_system(struct diag *d)
{
	d->system++;
	return -1;
}

int
diag_usage(struct diag *d)
{
	d->usage++;
	return -1;
}

int
diag_failed(struct diag *d)
{
	d->failed++;
	return -1;
}

int
diag_status(const struct diag *d, int failed)
{
	if (d->system > 0)
		return EXIT_SYSTEM;
	if (d->usage > 0)
		return EXIT_USAGE;
	if (d->failed > 0 || diag_worst(d) == SEV_ERROR)
		return EXIT_DATA;
	return failed ? EXIT_SYSTEM : 0;
}

void
diag_free(struct diag *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].code);
		free(d->v[i].file);
		free(d->v[i].msg);
		free(d->v[i].period);
		free(d->v[i].cause);
	}
	free(d->v);
	diag_init(d);
}

void
diag_add(struct diag *d, enum sev sev, const char *code, const char *file,
    int line, int col, const char *fmt, ...)
{
	struct finding	*f;
	va_list		 ap;
	struct buf	 b = { NULL, 0, 0 };

	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	f = &d->v[d->n++];
	f->sev = sev;
	f->code = code ? xstrdup(code) : NULL;
	f->file = xstrdup(file ? file : "");
	f->line = line;
	f->col = col;
	f->period = d->period ? xstrdup(d->period) : NULL;
	f->cause = NULL;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->msg = b.s;
}

/*
 * One finding as its line, without the newline, appended to b.  In a
 * workbook's sheet ("台账.xlsx[收支明细]") the column is a letter, as
 * Excel shows it: 台账.xlsx[收支明细]:14:F.
 */
static void
format1(const struct finding *f, struct buf *b)
{
	size_t	 n = strlen(f->file);
	char	 col[8];

	buf_add_escaped(b, f->file, n);
	if (f->line > 0)
		buf_addf(b, ":%d", f->line);
	if (f->line > 0 && f->col > 0 && n > 0 && f->file[n - 1] == ']')
		buf_addf(b, ":%s", xlsx_colname(f->col, col));
	else if (f->line > 0 && f->col > 0)
		buf_addf(b, ":%d", f->col);
	buf_addf(b, ": %s: ", sevwords[f->sev]);
	buf_add_escaped(b, f->msg, strlen(f->msg));
	if (f->code != NULL)
		buf_addf(b, " [%s]", f->code);
}

void
diag_print1(const struct finding *f, FILE *fp)
{
	struct buf	 b = { NULL, 0, 0 };

	format1(f, &b);
	fwrite(b.s, 1, b.len, fp);
	buf_free(&b);
}

void
diag_cause(struct diag *d, const char *cause)
{
	if (d->n > 0) {
		free(d->v[d->n - 1].cause);
		d->v[d->n - 1].cause = xstrdup(cause);
	}
}

void
diag_rows_text(struct buf *b, const int *rows, size_t n)
{
	size_t	 i, j, shown = 0;
	int	 more = 0;

	buf_adds(b, "第 ");
	for (i = 0; i < n && !more; i = j) {
		for (j = i + 1; j < n && rows[j] == rows[j - 1] + 1; j++)
			;
		if (shown++ == 5)
			more = 1;
		else {
			buf_addf(b, "%s%d", i ? "、" : "", rows[i]);
			if (j - i > 1)
				buf_addf(b, "–%d", rows[j - 1]);
		}
	}
	buf_addf(b, " %s行,共 %zu 行", more ? "等" : "", n);
}

static int
strnullcmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/*
 * Order of findings (indices into sorting->v) by what groups them,
 * then by the order they were added; qsort has no context argument.
 */
static const struct diag *sorting;

static int
groupcmp(const void *a, const void *b)
{
	const struct finding	*x = &sorting->v[*(const size_t *)a];
	const struct finding	*y = &sorting->v[*(const size_t *)b];
	int			 c;

	if ((c = strcmp(x->file, y->file)) != 0 ||
	    (c = strnullcmp(x->code, y->code)) != 0 ||
	    (c = strcmp(x->cause, y->cause)) != 0)
		return c;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->sev != y->sev)
		return x->sev < y->sev ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static int
intcmp(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

static int
same_group(const struct finding *x, const struct finding *y)
{
	return strcmp(x->file, y->file) == 0 &&
	    strnullcmp(x->code, y->code) == 0 &&
	    strcmp(x->cause, y->cause) == 0 && x->col == y->col &&
	    x->sev == y->sev;
}

/* The message of a group's first finding: its own, then the rows. */
static char *
group_msg(const struct diag *d, const size_t *idx, size_t n)
{
	struct buf	 b = { NULL, 0, 0 };
	int		*rows = xcalloc(n, sizeof(*rows));
	size_t		 i, k = 0;

	for (i = 0; i < n; i++)
		rows[i] = d->v[idx[i]].line;
	qsort(rows, n, sizeof(*rows), intcmp);
	for (i = 0; i < n; i++)
		if (k == 0 || rows[k - 1] != rows[i])
			rows[k++] = rows[i];
	buf_addf(&b, "%s 等(", d->v[idx[0]].msg);
	diag_rows_text(&b, rows, k);
	buf_adds(&b, ")");
	free(rows);
	return b.s;
}

/*
 * Per finding: NULL to print it as it is, SKIP when it is shown in its
 * group's line, else the group's message (at its first finding).
 */
static char	 skip_mark;
#define SKIP	(&skip_mark)

static char **
groups(const struct diag *d, size_t from)
{
	char	**g = xcalloc(d->n + 1, sizeof(*g));
	size_t	 *idx = xcalloc(d->n + 1, sizeof(*idx));
	size_t	  n = 0, i, j, k;

	for (i = from; i < d->n; i++)
		if (d->v[i].cause != NULL && d->v[i].line > 0)
			idx[n++] = i;
	sorting = d;
	qsort(idx, n, sizeof(*idx), groupcmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && same_group(&d->v[idx[i]],
		    &d->v[idx[j]]); j++)
			;
		if (j - i < DIAG_GROUP_MIN)
			continue;
		g[idx[i]] = group_msg(d, idx + i, j - i);
		for (k = i + 1; k < j; k++)
			g[idx[k]] = SKIP;
	}
	free(idx);
	return g;
}

/*
 * Lines are gathered and written in blocks: stderr is unbuffered, and
 * a stdio call per piece of a finding would be a system call each,
 * which dominates when a broken file yields 100,000 findings.
 */
void
diag_print(const struct diag *d, FILE *fp)
{
	diag_print_from(d, 0, fp);
}

void
diag_print_from(const struct diag *d, size_t from, FILE *fp)
{
	struct buf	 b = { NULL, 0, 0 };
	char		**grouped = groups(d, from);
	struct finding	 f;
	size_t		 i;

	for (i = from; i < d->n; i++) {
		f = d->v[i];
		if (grouped[i] == SKIP)
			continue;
		if (grouped[i] != NULL)
			f.msg = grouped[i];
		format1(&f, &b);
		buf_addc(&b, '\n');
		if (b.len >= 65536) {
			fwrite(b.s, 1, b.len, fp);
			buf_reset(&b);
		}
	}
	fwrite(b.s ? b.s : "", 1, b.len, fp);
	for (i = from; i < d->n; i++)
		if (grouped[i] != SKIP)
			free(grouped[i]);
	free(grouped);
	buf_free(&b);
}

size_t
diag_count(const struct diag *d, enum sev sev)
{
	size_t	 i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == sev)
			n++;
	return n;
}

enum sev
diag_worst(const struct diag *d)
{
	return diag_worst_from(d, 0);
}

enum sev
diag_worst_from(const struct diag *d, size_t from)
{
	enum sev s = SEV_NOTE;
	size_t	 i;

	for (i = from; i < d->n; i++)
		if (d->v[i].sev > s)
			s = d->v[i].sev;
	return s;
}

void
diag_strict(struct diag *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == SEV_WARNING)
			d->v[i].sev = SEV_ERROR;
}

void
diag_summary(const struct diag *d, const char *name, FILE *fp)
{
	struct buf	 b = { NULL, 0, 0 };

	if (d->n == 0)
		return;
	buf_add_escaped(&b, name, strlen(name));
	buf_addf(&b, ": %zu 个错误,%zu 个警告,%zu 条提示%s\n",
	    diag_count(d, SEV_ERROR), diag_count(d, SEV_WARNING),
	    diag_count(d, SEV_NOTE), diag_count(d, SEV_ERROR) > 0 ?
	    ";请按上面给出的文件和行号逐条改正错误,再运行一次" : "");
	fwrite(b.s, 1, b.len, fp);
	buf_free(&b);
}

const char *
diag_sevname(enum sev s)
{
	return sevnames[s];
}

/* A finding with its place in the list, for a stable qsort. */
struct placed {
	struct finding	 f;
	size_t		 i;
};

static int
placedcmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->f.line != y->f.line)
		return x->f.line < y->f.line ? -1 : 1;
	if (x->f.col != y->f.col)
		return x->f.col < y->f.col ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * Sort by (line, col), keeping the order added among equals: findings
 * of one file arrive grouped by the stage that found them (syntax,
 * then cells), and are shown in reading order.  qsort on the original
 * index as the last key is stable and O(n log n) even when the stages
 * interleave over a long file.
 */
void
diag_sort(struct diag *d, size_t from)
{
	struct placed	*v;
	size_t		 i, n;

	if (from >= d->n || d->n - from < 2)
		return;
	n = d->n - from;
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].f = d->v[from + i];
		v[i].i = i;
	}
	qsort(v, n, sizeof(*v), placedcmp);
	for (i = 0; i < n; i++)
		d->v[from + i] = v[i].f;
	free(v);
}

/*
 * The dump format: per finding, one line of "sev line col" and then
 * the fields code, file, msg, period and cause ('-' for absent, else '+' and
 * the text) each ended by a NUL byte.  Messages may hold newlines, not
 * NUL bytes, so a NUL always ends a field.
 */
static void
dump_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_addc(b, '-');
	else {
		buf_addc(b, '+');
		buf_adds(b, s);
	}
	buf_add(b, "", 1);
}

int
diag_dump(const struct diag *d, size_t from, int fd)
{
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i, off = 0;
	ssize_t		 w;

	for (i = from; i < d->n; i++) {
		buf_addf(&b, "%d %d %d", (int)d->v[i].sev, d->v[i].line,
		    d->v[i].col);
		buf_add(&b, "", 1);
		dump_str(&b, d->v[i].code);
		dump_str(&b, d->v[i].file);
		dump_str(&b, d->v[i].msg);
		dump_str(&b, d->v[i].period);
		dump_str(&b, d->v[i].cause);
	}
	while (off < b.len) {
		if ((w = write(fd, b.s + off, b.len - off)) < 0) {
			if (errno == EINTR)
				continue;
			buf_free(&b);
			return -1;
		}
		off += (size_t)w;
	}
	buf_free(&b);
	return 0;
}

/* The next NUL-ended field at *p (before end), or NULL; *p moves past. */
static const char *
load_field(const char **p, const char *end)
{
	const char	*s = *p, *z;

	if (s >= end || (z = memchr(s, '\0', (size_t)(end - s))) == NULL)
		return NULL;
	*p = z + 1;
	return s;
}

/* A dumped string field: NULL for '-', the text after '+'. */
static int
load_str(const char **p, const char *end, char **out)
{
	const char	*s = load_field(p, end);

	if (s == NULL || (*s != '-' && *s != '+'))
		return -1;
	*out = *s == '+' ? xstrdup(s + 1) : NULL;
	return 0;
}

/* One finding from *p; -1 if the bytes are not a dumped finding. */
static int
load1(struct diag *d, const char **p, const char *end)
{
	struct finding	 f;
	const char	*h = load_field(p, end);
	int		 sev;

	memset(&f, 0, sizeof(f));
	if (h == NULL || sscanf(h, "%d %d %d", &sev, &f.line, &f.col) != 3 ||
	    sev < SEV_NOTE || sev > SEV_ERROR)
		return -1;
	f.sev = (enum sev)sev;
	if (load_str(p, end, &f.code) != 0 || load_str(p, end, &f.file) != 0 ||
	    load_str(p, end, &f.msg) != 0 || load_str(p, end, &f.period) != 0 ||
	    load_str(p, end, &f.cause) != 0 || f.file == NULL || f.msg == NULL) {
		free(f.code);
		free(f.file);
		free(f.msg);
		free(f.period);
		free(f.cause);
		return -1;
	}
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	d->v[d->n++] = f;
	return 0;
}

int
diag_load(struct diag *d, int fd)
{
	struct buf	 b = { NULL, 0, 0 };
	char		 chunk[8192];
	const char	*p;
	ssize_t		 r;

	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			buf_free(&b);
			return -1;
		}
		buf_add(&b, chunk, (size_t)r);
	}
	for (p = b.s; p != NULL && p < b.s + b.len; )
		if (load1(d, &p, b.s + b.len) != 0) {
			buf_free(&b);
			errno = EINVAL;
			return -1;
		}
	buf_free(&b);
	return 0;
}

/* Invisible characters and their names in a quoted value. */
static const struct {
	long		 cp;
	const char	*name;
} invisible[] = {
	{ 0x09, "制表符" }, { 0x0A, "换行" }, { 0x0D, "回车" },
	{ 0xA0, "NBSP" }, { 0xAD, "软连字符" }, { 0x3000, "全角空格" },
	{ 0x200B, "零宽空格" }, { 0x200C, "零宽非连接符" },
	{ 0x200D, "零宽连接符" }, { 0x2060, "零宽不换行" },
	{ 0xFEFF, "BOM" }, { 0x202F, "窄不换行空格" },
};

/*
 * The name of an invisible character written into b, or 0 when cp is
 * seen as itself.  Unnamed ones are other spaces (U+2000-U+200A and
 * the like), direction marks and overrides, which can make a value
 * read differently from what it holds.
 */
static int
add_invisible(struct buf *b, long cp)
{
	size_t	 i;

	for (i = 0; i < sizeof(invisible) / sizeof(invisible[0]); i++)
		if (invisible[i].cp == cp) {
			buf_addf(b, "⟨%s⟩", invisible[i].name);
			return 1;
		}
	if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 &&
	    cp <= 0x202E) || (cp >= 0x205F && cp <= 0x206F) ||
	    cp == 0x1680 || cp == 0x180E || cp == 0x034F || cp == 0x061C) {
		buf_addf(b, "⟨U+%04lX⟩", cp);
		return 1;
	}
	return 0;
}

char *
diag_quote(const char *s)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*p = s, *end = s + strlen(s), *q;
	long		 cp;

	buf_addc(&b, '"');
	while (p < end) {
		q = p;
		if ((cp = utf8_next(&p, end)) < 0)
			p = q + 1;
		if (cp < 0 || !add_invisible(&b, cp))
			buf_add(&b, q, (size_t)(p - q));
	}
	buf_addc(&b, '"');
	return b.s;
}
