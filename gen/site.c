/*
 * The static site (see site.h): pages rendered by tmpl from the public
 * model document, open-data CSV files written from the same document,
 * and the template folder's assets copied beside them.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "output.h"
#include "diag.h"
#include "model.h"
#include "policy.h"
#include "site.h"
#include "svg.h"
#include "tmpl.h"
#include "util.h"
#include "xpfn.h"

/*
 * The pages of a period: its summary as index.html, then the pages of
 * the table registry (model.h), each once, in registry order.  A page
 * is rendered from the template of the same name for every period
 * whose <pages> lists it, that is, that has one of its tables.
 */
#define NPAGES	(T__MAX + 1)

/* The variables every page gets (see site.h). */
static const char *const page_vars[] = {
	"base", "page", "registers", "part", "rows", NULL
};

/*
 * Registers: the tables whose rows the site lists in full.  Their rows
 * go on pages of their own, one month after another and at most
 * REG_ROWS rows a page (a phone opens them; the open-data CSV and the
 * audit pack keep the whole table), rendered by register.html; the
 * table's page links them.
 */
#define REG_ROWS	500

struct regspec {
	const char	*table;		/* its element under <period> */
	const char	*title;
	const char	*page;		/* the page that links the register */
};

static const struct regspec regspecs[] = {
	{ "ledger", "收支明细", "finance.html" },
	{ "purchases", "采购验收明细", "canteen.html" },
	{ "samples", "留样记录", "food-safety.html" },
	{ "disinfection", "消毒记录", "food-safety.html" },
	{ "repairs", "维修记录", "repairs.html" },
	{ "subsidies", "资助名单", "subsidies.html" },
};
#define NREGS	(sizeof(regspecs) / sizeof(regspecs[0]))

/* How a CSV cell is written from its attribute. */
enum ckind {
	CK_TEXT,	/* as is, formula-guarded */
	CK_PLAIN,	/* as is: dates, counts, quantities, enum words */
	CK_MONEY,	/* integer fen -> "1234.50" */
	CK_TENTHS	/* tenths -> "95.0" */
};

struct ccol {
	const char	*attr;
	const char	*head;
	enum ckind	 kind;
};

static const struct ccol acct_cols[] = {
	{ "name", "科目", CK_TEXT },
	{ "income", "收入", CK_MONEY },
	{ "expense", "支出", CK_MONEY },
	{ "budget", "预算", CK_MONEY },
	{ "variance", "预算余额", CK_MONEY },
	{ "used", "执行率（%）", CK_TENTHS },
};

static const struct ccol month_cols[] = {
	{ "key", "月份", CK_PLAIN },
	{ "income", "收入", CK_MONEY },
	{ "expense", "支出", CK_MONEY },
};

static const struct ccol fee_cols[] = {
	{ "name", "项目", CK_TEXT },
	{ "standard", "标准", CK_MONEY },
	{ "due", "应收金额（标准×应收人数）", CK_MONEY },
	{ "expected", "核定应收（标准×实收人数−退费）", CK_MONEY },
	{ "collected", "实收金额", CK_MONEY },
	{ "refund", "退费金额", CK_MONEY },
	{ "diff", "差额（实收−核定应收）", CK_MONEY },
	{ "ledger", "账面收入", CK_MONEY },
	{ "ledger-diff", "账实差额（账面−实收）", CK_MONEY },
};

static const struct ccol amonth_cols[] = {
	{ "key", "月份", CK_PLAIN },
	{ "days", "供餐天数", CK_PLAIN },
	{ "child-days", "就餐人天（实到人数之和）", CK_PLAIN },
	{ "due-days", "应到人天", CK_PLAIN },
	{ "rate", "出勤率（%）", CK_TENTHS },
	{ "canteen", "伙食支出", CK_MONEY },
	{ "cost", "每人天伙食成本", CK_MONEY },
};

/* The ledger export also carries the running balance. */
static const struct ccol ledger_extra = { "balance", "余额", CK_MONEY };

#define NCOLS(a)	(sizeof(a) / sizeof((a)[0]))

struct site {
	xmlDocPtr	 doc;
	struct tmpl_set	*set;
	char		*root;		/* <stage>/site */
	char		*tdir;		/* <tmpldir>/site */
	struct diag	*d;
	struct tmpl	*index;
	struct tmpl	*reg;		/* register.html */
	xmlDocPtr	 regdoc;	/* <registers> of the current period */
	const char	*page[NPAGES];	/* [0] "index.html" (summary.html) */
	struct tmpl	*tmpl[NPAGES];
	size_t		 npage;
};

/* The page list from the registry: index.html first, no repeats. */
static void
page_list(struct site *s)
{
	size_t	 i;
	int	 t, dup;

	s->page[s->npage++] = "index.html";
	for (t = 0; t < T__MAX; t++) {
		if (tablespecs[t].page == NULL)
			continue;
		for (i = 0, dup = 0; i < s->npage && !dup; i++)
			dup = strcmp(s->page[i], tablespecs[t].page) == 0;
		if (!dup)
			s->page[s->npage++] = tablespecs[t].page;
	}
}

/* The template of page file, or NULL when the registry has no such page. */
static struct tmpl *
page_tmpl(const struct site *s, const char *file)
{
	size_t	 i;

	for (i = 1; i < s->npage; i++)
		if (strcmp(s->page[i], file) == 0)
			return s->tmpl[i];
	return NULL;
}

/*
 * The result of a step of the site: done, failed on a template (its
 * findings in the diag; the other pages are still tried), or failed on
 * the system (message printed; nothing more is tried).  site_render
 * turns it into the stage's 0 or -1 (diag.h).
 */
enum {
	SITE_DATA = 1,
	SITE_SYSTEM
};

/* Only the worse of two results survives. */
static int
worse(int a, int b)
{
	if (a == SITE_SYSTEM || b == SITE_SYSTEM)
		return SITE_SYSTEM;
	return a != 0 ? a : b;
}

/*
 * Load every template up front, so that all template errors are
 * reported in one run.
 */
static int
load_all(struct site *s)
{
	size_t	 i;
	int	 rc = 0;

	if ((s->index = tmpl_load(s->set, "index.html", s->d)) == NULL)
		rc = SITE_DATA;
	if ((s->reg = tmpl_load(s->set, "register.html", s->d)) == NULL)
		rc = SITE_DATA;
	page_list(s);
	for (i = 0; i < s->npage; i++)
		if ((s->tmpl[i] = tmpl_load(s->set, i == 0 ? "summary.html" :
		    s->page[i], s->d)) == NULL)
			rc = SITE_DATA;
	return rc;
}

/* What a register page shows: its <part> and its rows. */
struct regpage {
	xmlNodePtr	 part;
	xmlNodePtr	*rows;
	size_t		 nrows;
};

/*
 * Render t for context with $base, $page, $registers (the period's
 * registers, if any) and, on a register page, $part and $rows; write
 * it to path.
 */
static int
page_write(struct site *s, struct tmpl *t, xmlNodePtr context,
    const char *base, const char *page, const struct regpage *rp,
    const char *path)
{
	struct buf	 b = { NULL, 0, 0 };
	struct xpfn_var	 vars[5];
	int		 rc = 0;

	memset(vars, 0, sizeof(vars));
	vars[0].name = "base";
	vars[0].str = base;
	vars[1].name = "page";
	vars[1].str = page;
	vars[2].name = "registers";
	vars[2].node = s->regdoc != NULL ? xmlDocGetRootElement(s->regdoc) :
	    NULL;
	vars[3].name = "part";
	vars[3].node = rp != NULL ? rp->part : NULL;
	vars[4].name = "rows";
	if (rp != NULL) {
		vars[4].nodes = rp->rows;
		vars[4].nnodes = rp->nrows;
	}
	if (tmpl_render(t, s->doc, context, vars, 5, &b, s->d) != 0)
		rc = SITE_DATA;
	else if (out_write(path, b.s != NULL ? b.s : "", b.len, 0) != 0)
		rc = SITE_SYSTEM;
	buf_free(&b);
	return rc;
}

/* The value of attribute name of n (a model node: one text child), or NULL. */
static const char *
attr_of(xmlNodePtr n, const char *name)
{
	xmlAttrPtr	 a = xmlHasProp(n, BAD_CAST name);

	return a != NULL && a->children != NULL ?
	    (const char *)a->children->content : NULL;
}

/* The month "YYYY-MM" of a row's date, or "" when it has none. */
static void
row_month(xmlNodePtr r, char out[8])
{
	const char	*d = attr_of(r, "date");

	out[0] = '\0';
	if (d != NULL && strlen(d) >= 7 && d[4] == '-') {
		memcpy(out, d, 7);
		out[7] = '\0';
	}
}

/* The rows of a table element, in document order; *n of them. */
static xmlNodePtr *
table_rows(xmlNodePtr tab, size_t *n)
{
	xmlNodePtr	*v = NULL, r;
	size_t		 cap = 0;

	*n = 0;
	for (r = tab->children; r != NULL; r = r->next)
		if (xpfn_is_elem(r, "row")) {
			v = xgrow(v, &cap, *n + 1, sizeof(*v));
			v[(*n)++] = r;
		}
	return v;
}

/* Order of rows by month (undated first), then document order. */
struct mrow {
	char		 month[8];
	size_t		 pos;
	xmlNodePtr	 row;
};

static int
cmp_mrow(const void *a, const void *b)
{
	const struct mrow	*x = a, *y = b;
	int			 c = strcmp(x->month, y->month);

	if (c != 0)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* <part> for rows [from, to) of v, all of one month, the k-th of it. */
static xmlNodePtr
part_node(xmlNodePtr reg, const struct regspec *rs, const struct mrow *v,
    size_t from, size_t to, int k)
{
	xmlNodePtr	 p = xmlNewChild(reg, NULL, BAD_CAST "part", NULL);
	char		*file, buf[32];

	if (v[from].month[0] != '\0')
		file = k == 1 ? xasprintf("%s-%s.html", rs->table, v[from].month) :
		    xasprintf("%s-%s-%d.html", rs->table, v[from].month, k);
	else
		file = xasprintf("%s-%d.html", rs->table, k);
	xmlNewProp(p, BAD_CAST "file", BAD_CAST file);
	free(file);
	if (v[from].month[0] != '\0') {
		xmlNewProp(p, BAD_CAST "month", BAD_CAST v[from].month);
		snprintf(buf, sizeof(buf), "%d", atoi(v[from].month + 5));
		xmlNewProp(p, BAD_CAST "mon", BAD_CAST buf);
		snprintf(buf, sizeof(buf), "%.4s", v[from].month);
		xmlNewProp(p, BAD_CAST "year", BAD_CAST buf);
	}
	snprintf(buf, sizeof(buf), "%d", k);
	xmlNewProp(p, BAD_CAST "n", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%zu", from + 1);
	xmlNewProp(p, BAD_CAST "first", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%zu", to);
	xmlNewProp(p, BAD_CAST "last", BAD_CAST buf);
	snprintf(buf, sizeof(buf), "%zu", to - from);
	xmlNewProp(p, BAD_CAST "rows", BAD_CAST buf);
	return p;
}

/* prev= and next= on each <part> of reg, and of= (parts of its month). */
static void
part_links(xmlNodePtr reg)
{
	xmlNodePtr	 p, q, prev = NULL;
	const char	*m, *mq;
	char		 buf[32];
	int		 n;

	for (p = reg->children; p != NULL; p = p->next) {
		if (prev != NULL) {
			xmlNewProp(p, BAD_CAST "prev", BAD_CAST attr_of(prev, "file"));
			xmlNewProp(prev, BAD_CAST "next", BAD_CAST attr_of(p, "file"));
		}
		prev = p;
		m = attr_of(p, "month");
		for (n = 0, q = reg->children; q != NULL; q = q->next) {
			mq = attr_of(q, "month");
			n += (m == NULL && mq == NULL) ||
			    (m != NULL && mq != NULL && strcmp(m, mq) == 0);
		}
		snprintf(buf, sizeof(buf), "%d", n);
		xmlNewProp(p, BAD_CAST "of", BAD_CAST buf);
	}
}

/*
 * The <register> of one table: its rows sorted by month (stable), cut
 * into parts of at most REG_ROWS rows within a month.  *sorted gets the
 * rows in that order (the parts' first/last count in it).
 */
static xmlNodePtr
register_node(xmlNodePtr root, const struct regspec *rs, xmlNodePtr tab,
    struct mrow **sorted, size_t *n)
{
	xmlNodePtr	 reg, *rows;
	struct mrow	*v;
	size_t		 i, from;
	int		 k = 0;
	char		 buf[32];

	rows = table_rows(tab, n);
	v = xcalloc(*n + 1, sizeof(*v));
	for (i = 0; i < *n; i++) {
		row_month(rows[i], v[i].month);
		v[i].pos = i;
		v[i].row = rows[i];
	}
	free(rows);
	qsort(v, *n, sizeof(*v), cmp_mrow);
	reg = xmlNewChild(root, NULL, BAD_CAST "register", NULL);
	xmlNewProp(reg, BAD_CAST "table", BAD_CAST rs->table);
	xmlNewProp(reg, BAD_CAST "title", BAD_CAST rs->title);
	xmlNewProp(reg, BAD_CAST "page", BAD_CAST rs->page);
	snprintf(buf, sizeof(buf), "%zu", *n);
	xmlNewProp(reg, BAD_CAST "rows", BAD_CAST buf);
	for (from = 0; from < *n; from = i) {
		k = from > 0 && strcmp(v[from].month, v[from - 1].month) == 0 ?
		    k + 1 : 1;
		for (i = from + 1; i < *n && i - from < REG_ROWS &&
		    strcmp(v[i].month, v[from].month) == 0; i++)
			;
		part_node(reg, rs, v, from, i, k);
	}
	part_links(reg);
	*sorted = v;
	return reg;
}

/* Write every part of one register; the rows of each as $rows. */
static int
register_pages(struct site *s, xmlNodePtr period, const char *name,
    xmlNodePtr reg, const struct mrow *v)
{
	struct regpage	 rp;
	xmlNodePtr	 p;
	char		*path;
	size_t		 first, last, i;
	int		 rc = 0;

	for (p = reg->children; p != NULL && rc != SITE_SYSTEM; p = p->next) {
		first = strtoul(attr_of(p, "first"), NULL, 10);
		last = strtoul(attr_of(p, "last"), NULL, 10);
		rp.part = p;
		rp.nrows = last - first + 1;
		rp.rows = xcalloc(rp.nrows, sizeof(*rp.rows));
		for (i = 0; i < rp.nrows; i++)
			rp.rows[i] = v[first - 1 + i].row;
		path = xasprintf("%s/%s/%s", s->root, name, attr_of(p, "file"));
		rc = worse(rc, page_write(s, s->reg, period, "../",
		    attr_of(reg, "page"), &rp, path));
		free(path);
		free(rp.rows);
	}
	return rc;
}

/*
 * The period's registers: s->regdoc gets a <registers> element with a
 * <register> per table of regspecs the period has, and each part's
 * page is written.
 */
static int
period_registers(struct site *s, xmlNodePtr period, const char *name)
{
	xmlNodePtr	 root, tab, reg;
	struct mrow	*v;
	size_t		 i, n;
	int		 rc = 0;

	s->regdoc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(s->regdoc, NULL, BAD_CAST "registers", NULL);
	xmlDocSetRootElement(s->regdoc, root);
	for (i = 0; i < NREGS && rc != SITE_SYSTEM; i++) {
		if ((tab = xpfn_child(period, regspecs[i].table)) == NULL)
			continue;
		reg = register_node(root, &regspecs[i], tab, &v, &n);
		rc = worse(rc, register_pages(s, period, name, reg, v));
		free(v);
	}
	return rc;
}

/*
 * One CSV cell.  Text that a spreadsheet would read as a formula is
 * prefixed with an apostrophe; cells holding a comma, a quote, a line
 * break or edge blanks are quoted with quotes doubled (RFC 4180).
 */
static void
csv_cell(struct buf *b, const char *s, int guard)
{
	size_t	 n = strlen(s);
	int	 quote;

	quote = strpbrk(s, ",\"\r\n") != NULL ||
	    (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
	if (quote)
		buf_addc(b, '"');
	if (guard && n > 0 && strchr("=+-@\t\r", s[0]) != NULL)
		buf_addc(b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	if (quote)
		buf_addc(b, '"');
}

/* Integer with scale 100 or 10 as "1234.50" / "95.0", exactly. */
static void
csv_scaled(struct buf *b, const char *s, int money)
{
	int64_t		 v;
	uint64_t	 m;

	if (xpfn_parse_int(s, &v) != 0)
		return;
	m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	if (money)
		buf_addf(b, "%s%llu.%02llu", v < 0 ? "-" : "",
		    (unsigned long long)(m / 100),
		    (unsigned long long)(m % 100));
	else
		buf_addf(b, "%s%llu.%llu", v < 0 ? "-" : "",
		    (unsigned long long)(m / 10),
		    (unsigned long long)(m % 10));
}

/* One record of n's attributes per cols; a missing one is empty. */
static void
csv_record(struct buf *b, xmlNodePtr n, const struct ccol *cols,
    size_t ncols)
{
	xmlChar	*v;
	size_t	 i;

	for (i = 0; i < ncols; i++) {
		if (i > 0)
			buf_addc(b, ',');
		if ((v = xmlGetProp(n, (const xmlChar *)cols[i].attr)) == NULL)
			continue;
		switch (cols[i].kind) {
		case CK_MONEY:
		case CK_TENTHS:
			csv_scaled(b, (const char *)v,
			    cols[i].kind == CK_MONEY);
			break;
		default:
			csv_cell(b, (const char *)v, cols[i].kind == CK_TEXT);
			break;
		}
		xmlFree(v);
	}
	buf_adds(b, "\r\n");
}

/*
 * Write the children named child of parent as a CSV file: a BOM, the
 * header, then one record per child.
 */
static int
csv_write(const char *path, xmlNodePtr parent, const char *child,
    const struct ccol *cols, size_t ncols)
{
	struct buf	 b = { NULL, 0, 0 };
	xmlNodePtr	 n;
	size_t		 i;
	int		 rc;

	buf_adds(&b, "\xef\xbb\xbf");
	for (i = 0; i < ncols; i++) {
		if (i > 0)
			buf_addc(&b, ',');
		csv_cell(&b, cols[i].head, 0);
	}
	buf_adds(&b, "\r\n");
	for (n = parent->children; n != NULL; n = n->next)
		if (xpfn_is_elem(n, child))
			csv_record(&b, n, cols, ncols);
	rc = out_write(path, b.s, b.len, 0);
	buf_free(&b);
	return rc != 0 ? SITE_SYSTEM : 0;
}

static enum ckind
col_kind(const struct colspec *c)
{
	switch (c->type) {
	case COL_TEXT:
		return CK_TEXT;
	case COL_MONEY:
		return CK_MONEY;
	default:
		return CK_PLAIN;
	}
}

/*
 * The open-data file of one table element: the columns of its schema
 * that the rule table lets into the public view (policy.h), in schema
 * order, plus the ledger's running balance.
 */
static int
table_csv(const char *dir, xmlNodePtr tab, const struct tablespec *ts)
{
	struct ccol	*cols;
	size_t		 n = 0;
	char		*path;
	int		 c, rc;

	cols = xcalloc((size_t)ts->ncols + 1, sizeof(*cols));
	for (c = 0; c < ts->ncols; c++) {
		if (policy_column(&ts->cols[c]) == POLICY_OMIT)
			continue;
		cols[n].attr = ts->cols[c].key;
		cols[n].head = ts->cols[c].zh;
		cols[n].kind = col_kind(&ts->cols[c]);
		n++;
	}
	if (ts->id == T_LEDGER)
		cols[n++] = ledger_extra;
	path = xasprintf("%s/%s.csv", dir, ts->key);
	rc = csv_write(path, tab, "row", cols, n);
	free(path);
	free(cols);
	return rc;
}

/* The totals file name.csv from the rows named child of element el. */
static int
totals_csv(const char *dir, xmlNodePtr period, const char *el,
    const char *child, const char *name, const struct ccol *cols,
    size_t ncols)
{
	xmlNodePtr	 n;
	char		*path;
	int		 rc;

	if ((n = xpfn_child(period, el)) == NULL)
		return 0;
	path = xasprintf("%s/%s.csv", dir, name);
	rc = csv_write(path, n, child, cols, ncols);
	free(path);
	return rc;
}

/* <period>/data/: every table of the period, then the totals. */
static int
period_data(struct site *s, xmlNodePtr period, const char *name)
{
	xmlNodePtr	 tab;
	char		*dir;
	int		 t, rc = 0;

	dir = xasprintf("%s/%s/data", s->root, name);
	if (out_mkdirs(dir, 0) != 0) {
		free(dir);
		return SITE_SYSTEM;
	}
	for (t = 0; t < T__MAX && rc == 0; t++)
		if ((tab = xpfn_child(period, tablespecs[t].key)) != NULL)
			rc = table_csv(dir, tab, &tablespecs[t]);
	if (rc == 0)
		rc = totals_csv(dir, period, "accounts", "account",
		    "accounts", acct_cols, NCOLS(acct_cols));
	if (rc == 0)
		rc = totals_csv(dir, period, "months", "month", "months",
		    month_cols, NCOLS(month_cols));
	if (rc == 0)
		rc = totals_csv(dir, period, "fees", "item",
		    "fee-reconciliation", fee_cols, NCOLS(fee_cols));
	if (rc == 0)
		rc = totals_csv(dir, period, "attendance", "month",
		    "attendance-months", amonth_cols, NCOLS(amonth_cols));
	free(dir);
	return rc;
}

/*
 * A period name becomes a folder name: only lowercase letters, digits
 * and inner hyphens pass (the model accepts only YYYY-spring, ...).
 */
static int
safe_name(const char *s)
{
	const char	*p;

	if (*s == '\0' || *s == '-')
		return 0;
	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return 0;
	return 1;
}

/* One page of a period folder; pg is its file name. */
static int
period_page(struct site *s, xmlNodePtr period, const char *name,
    struct tmpl *t, const char *pg)
{
	char	*path;
	int	 rc;

	path = xasprintf("%s/%s/%s", s->root, name, pg);
	rc = page_write(s, t, period, "../", pg, NULL, path);
	free(path);
	return rc;
}

/* The pages and data of one <period>: its summary, then its <pages>. */
static int
period_site(struct site *s, xmlNodePtr period)
{
	xmlNodePtr	 pg;
	xmlChar		*name, *file;
	struct tmpl	*t;
	char		*path;
	int		 rc = 0;

	name = xmlGetProp(period, (const xmlChar *)"name");
	if (name == NULL || !safe_name((const char *)name)) {
		sys_warnx("学期名 \"%s\" 不能用作文件夹名",
		    name != NULL ? (const char *)name : "");
		xmlFree(name);
		return SITE_SYSTEM;
	}
	path = xasprintf("%s/%s", s->root, (const char *)name);
	if (out_mkdirs(path, 0) != 0)
		rc = SITE_SYSTEM;
	free(path);
	if (rc == 0)
		rc = period_registers(s, period, (const char *)name);
	if (rc != SITE_SYSTEM)
		rc = worse(rc, period_page(s, period, (const char *)name,
		    s->tmpl[0], "index.html"));
	pg = xpfn_child(period, "pages");
	for (pg = pg != NULL ? pg->children : NULL;
	    pg != NULL && rc != SITE_SYSTEM; pg = pg->next) {
		if (!xpfn_is_elem(pg, "page"))
			continue;
		file = xmlGetProp(pg, (const xmlChar *)"file");
		if (file != NULL &&
		    (t = page_tmpl(s, (const char *)file)) != NULL)
			rc = worse(rc, period_page(s, period,
			    (const char *)name, t, (const char *)file));
		xmlFree(file);
	}
	if (rc != SITE_SYSTEM)
		rc = worse(rc, period_data(s, period, (const char *)name));
	xmlFreeDoc(s->regdoc);
	s->regdoc = NULL;
	xmlFree(name);
	return rc;
}

/* Copy one asset file; -1 after a message. */
static int
copy_file(const char *from, const char *to)
{
	char	*bytes;
	size_t	 len;
	int	 rc;

	if ((bytes = file_read(from, &len)) == NULL) {
		sys_warn(from);
		return -1;
	}
	rc = out_write(to, bytes, len, 0);
	free(bytes);
	return rc;
}

/*
 * Copy the regular files of <tmpldir>/site/assets (not sub-folders, not
 * dot files) to <site>/assets.  A template folder without assets is
 * allowed.
 */
static int
copy_assets(struct site *s)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;
	char		*src, *from, *to, *dst;
	int		 rc = 0;

	src = xasprintf("%s/assets", s->tdir);
	dst = xasprintf("%s/assets", s->root);
	if ((dp = opendir(src)) == NULL) {
		if (errno != ENOENT) {
			sys_warn(src);
			rc = SITE_SYSTEM;
		}
	} else if (out_mkdirs(dst, 0) != 0)
		rc = SITE_SYSTEM;
	while (dp != NULL && rc == 0 && (de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		from = xasprintf("%s/%s", src, de->d_name);
		to = xasprintf("%s/%s", dst, de->d_name);
		if (stat(from, &st) == 0 && S_ISREG(st.st_mode) &&
		    copy_file(from, to) != 0)
			rc = SITE_SYSTEM;
		free(from);
		free(to);
	}
	if (dp != NULL)
		closedir(dp);
	free(src);
	free(dst);
	return rc;
}

/* Everything after the templates loaded: pages, data, assets. */
static int
render_site(struct site *s)
{
	xmlNodePtr	 n;
	char		*path;
	int		 rc = 0;

	if (out_mkdirs(s->root, 0) != 0)
		return SITE_SYSTEM;
	path = xasprintf("%s/index.html", s->root);
	rc = page_write(s, s->index, NULL, "", "index.html", NULL, path);
	free(path);
	n = xmlDocGetRootElement(s->doc)->children;
	for (; n != NULL && rc != SITE_SYSTEM; n = n->next)
		if (xpfn_is_elem(n, "period"))
			rc = worse(rc, period_site(s, n));
	if (rc != SITE_SYSTEM)
		rc = worse(rc, copy_assets(s));
	return rc;
}

/*
 * Set s up for the site templates of tmpldir, as a render and a check
 * both need: the template set of <tmpldir>/site with the svg hooks,
 * every template loaded.  pub and <stage>/site are what a render
 * writes from and to; NULL for a check.  Returns load_all's status;
 * site_close frees s whatever it was.
 */
static int
site_open(struct site *s, xmlDocPtr pub, const char *tmpldir,
    const char *stage, struct diag *d)
{
	memset(s, 0, sizeof(*s));
	s->doc = pub;
	s->d = d;
	s->root = stage != NULL ? xasprintf("%s/site", stage) : NULL;
	s->tdir = xasprintf("%s/site", tmpldir);
	s->set = tmpl_set_new(s->tdir, page_vars);
	svg_register(s->set);
	return load_all(s);
}

/* Free what site_open set up (the templates with their set). */
static void
site_close(struct site *s)
{
	tmpl_set_free(s->set);
	free(s->root);
	free(s->tdir);
}

int
site_render(xmlDocPtr pub, const char *tmpldir, const char *stage,
    struct diag *d)
{
	struct site	 s;
	int		 rc;

	if ((rc = site_open(&s, pub, tmpldir, stage, d)) == 0)
		rc = render_site(&s);
	site_close(&s);
	if (rc == SITE_SYSTEM)
		return diag_system(d);
	return rc != 0 ? -1 : 0;
}

int
site_templates_check(const char *tmpldir, struct diag *d)
{
	struct site	 s;
	int		 rc;

	rc = site_open(&s, NULL, tmpldir, NULL, d);
	site_close(&s);
	return rc != 0 ? -1 : 0;
}
