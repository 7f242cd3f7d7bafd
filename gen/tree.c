/*
 * Model and figures to the model document (see tree.h for its shape).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/dict.h>

#include "digest.h"
#include "date.h"
#include "money.h"
#include "tree.h"
#include "util.h"

/* What a table's tree hook (model.h) gets besides its element. */
struct tree_ctx {
	const struct model	*m;
	const struct period	*p;
	const struct figures	*f;
};

/*
 * Attribute name="value" on n.  Register cells are most of the
 * document, and most are short (dates, amounts, names): a value of up
 * to 15 bytes is kept inside its text node, in the two pointers a text
 * node does not use, as libxml2's parser does with XML_PARSE_COMPACT
 * (libxml2 frees and copies such nodes knowing this).  That saves one
 * allocation, about 32 bytes, per cell.
 */
static void
attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlAttrPtr	 a;
	xmlNodePtr	 t;
	size_t		 len;

	if (value == NULL)
		return;
	if ((len = strlen(value)) >= 2 * sizeof(void *)) {
		xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)value);
		return;
	}
	if ((a = xmlNewProp(n, (const xmlChar *)name, NULL)) == NULL ||
	    (t = xmlNewDocText(n->doc, NULL)) == NULL)
		return;		/* as xmlNewProp on its own */
	t->content = (xmlChar *)&t->properties;
	memcpy(t->content, value, len + 1);
	t->parent = (xmlNodePtr)a;
	a->children = a->last = t;
}

static void
attr_int(xmlNodePtr n, const char *name, int64_t v)
{
	char	 buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	attr(n, name, buf);
}

/* An integer attribute that may be undefined (FIG_UNDEF: left out). */
static void
attr_fig(xmlNodePtr n, const char *name, int64_t v)
{
	if (v != FIG_UNDEF)
		attr_int(n, name, v);
}

static void
attr_date(xmlNodePtr n, const char *name, int days)
{
	char	 buf[DATE_BUFSZ];

	attr(n, name, date_iso(days, buf));
}

static xmlNodePtr
child(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

/* An element with text content, added as a text node (never parsed). */
static xmlNodePtr
text_child(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr	 n = child(parent, name);

	xmlAddChild(n, xmlNewDocText(parent->doc, (const xmlChar *)text));
	return n;
}

/*
 * The attribute text of one typed value: integers for money, ISO for
 * dates, the canonical word for enumerations, text as written (the
 * public view's rules mask it, policy.h).  NULL when the cell was empty.
 */
static char *
value_text(const struct colspec *c, const struct value *v)
{
	char	 buf[MONEY_BUFSZ > DATE_BUFSZ ? MONEY_BUFSZ : DATE_BUFSZ];

	if (!v->present)
		return NULL;
	switch (c->type) {
	case COL_MONEY:
	case COL_COUNT:
		return xasprintf("%lld", (long long)v->n);
	case COL_DATE:
		return xstrdup(date_iso((int)v->n, buf));
	case COL_DATETIME:
		return xstrdup(datetime_iso(v->n, buf));
	case COL_QTY:
		return xstrdup(qty_format(v->n, buf));
	case COL_ENUM:
		return xstrdup(c->values[v->n]);
	case COL_TEXT:
		break;
	}
	return xstrdup(v->s);
}

/* <row line=... key=value.../> for one data row, every column. */
static xmlNodePtr
row_node(xmlNodePtr parent, const struct table *t, const struct row *r)
{
	const struct tablespec	*ts = t->spec;
	xmlNodePtr		 n = child(parent, "row");
	char			*s;
	int			 c;

	attr_int(n, "line", r->line);
	for (c = 0; c < ts->ncols; c++) {
		if ((s = value_text(&ts->cols[c], &r->v[c])) != NULL) {
			attr(n, ts->cols[c].key, s);
			free(s);
		}
	}
	return n;
}

/* The element of a whole table, rows included; NULL if absent. */
static xmlNodePtr
table_node(xmlNodePtr parent, const struct table *t)
{
	xmlNodePtr	 n;
	size_t		 i;

	if (t == NULL)
		return NULL;
	n = child(parent, t->spec->key);
	attr(n, "title", t->spec->zh);
	attr(n, "file", t->file);
	attr_int(n, "rows", (int64_t)t->nrows);
	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad)
			row_node(n, t, &t->rows[i]);
	return n;
}

/* The character after the one at s (a bad byte counts as one). */
static const char *
char_next(const char *s, const char *e)
{
	const char	*q = s;

	return utf8_next(&q, e) < 0 ? s + 1 : q;
}

/*
 * The ID number as the audit pack shows it: in full when the unit says
 * audit_id: full, else every character but the last four as "*".
 * Caller frees.
 */
static char *
id_shown(const char *id, int full)
{
	struct buf	 b = { NULL, 0, 0 };
	const char	*s, *q, *e = id + strlen(id);
	size_t		 n = 0, i;

	if (full)
		return xstrdup(id);
	for (s = id; s < e; s = char_next(s, e))
		n++;
	buf_add(&b, "", 0);
	for (s = id, i = 0; s < e; s = q, i++) {
		q = char_next(s, e);
		if (i + 4 < n)
			buf_addc(&b, '*');
		else
			buf_add(&b, s, (size_t)(q - s));
	}
	return b.s;
}

/* id-shown= on each subsidies row with an ID number. */
static void
subsidy_ids(xmlNodePtr n, const struct table *t, int full)
{
	xmlNodePtr	 r = n->children;
	const struct value *v;
	char		*s;
	size_t		 i;

	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i].bad)
			continue;
		while (r != NULL && r->type != XML_ELEMENT_NODE)
			r = r->next;
		if (r == NULL)
			return;
		v = &t->rows[i].v[Z_IDNO];
		if (v->present) {
			s = id_shown(v->s, full);
			attr(r, "id-shown", s);
			free(s);
		}
		r = r->next;
	}
}

/*
 * Does a purchase need a pesticide test?  The rule of the canteen
 * check (check.c): its category names vegetables, fruit or fungi.
 */
static int
is_produce(const struct row *r)
{
	const char	*cat = figures_str(r, P_CATEGORY);

	return strstr(cat, "蔬") != NULL || strstr(cat, "果") != NULL ||
	    strstr(cat, "菌") != NULL || strstr(cat, "菜") != NULL;
}

/* A produce batch without a test result: what the check warns about. */
static int
is_untested(const struct row *r)
{
	const struct value *v = figures_cell(r, P_TEST);

	return is_produce(r) && (!v->present || v->n == TEST_NONE);
}

/*
 * produce="yes" on each purchases row that needs a pesticide test, and
 * untested="yes" on those without a result, so that pages can list
 * them; the element and the rows list the good rows in file order.
 */
static void
produce_marks(xmlNodePtr n, const struct table *t)
{
	xmlNodePtr	 r = n->children;
	size_t		 i;

	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i].bad)
			continue;
		while (r != NULL && !(r->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)r->name, "row") == 0))
			r = r->next;
		if (r == NULL)
			return;
		if (is_produce(&t->rows[i]))
			attr(r, "produce", "yes");
		if (is_untested(&t->rows[i]))
			attr(r, "untested", "yes");
		r = r->next;
	}
}

/*
 * Produce batches bought and those of them not tested, on <totals>:
 * the tests (tests, tests-passed) count results, whatever the category.
 */
static void
produce_totals(xmlNodePtr n, const struct table *t)
{
	int64_t	 produce = 0, untested = 0;
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i].bad)
			continue;
		produce += is_produce(&t->rows[i]);
		untested += is_untested(&t->rows[i]);
	}
	attr_int(n, "produce-batches", produce);
	attr_int(n, "produce-untested", untested);
}

static void
cats_node(xmlNodePtr parent, const struct fig_cat *c, size_t n)
{
	xmlNodePtr	 e;
	size_t		 i;

	for (i = 0; i < n; i++) {
		e = child(parent, "category");
		attr(e, "name", c[i].name);
		attr_int(e, "count", c[i].count);
		attr_int(e, "amount", c[i].amount);
	}
}

/*
 * The next <row> element from r on (r itself if it is one), or NULL:
 * hooks walk the rows of their element in step with the good rows of
 * the table, which the element lists in file order.
 */
static xmlNodePtr
next_row(xmlNodePtr r)
{
	while (r != NULL && !(r->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)r->name, "row") == 0))
		r = r->next;
	return r;
}

static void accounts_node(xmlNodePtr, const struct figures *);

/*
 * The ledger: totals and the running balance on each row, then the
 * accounts and months beside it.
 */
void
tree_ledger(struct tree_ctx *x, xmlNodePtr n)
{
	const struct table	*t = x->p->t[T_LEDGER];
	const struct figures	*f = x->f;
	xmlNodePtr		 r;
	size_t			 i;
	char			 buf[32];

	if (n == NULL)
		return;
	snprintf(buf, sizeof(buf), "%lld", (long long)f->rows);
	xmlSetProp(n, (const xmlChar *)"rows", (const xmlChar *)buf);
	attr_int(n, "income", f->income);
	attr_int(n, "expense", f->expense);
	r = next_row(n->children);
	for (i = 0; i < t->nrows && r != NULL; i++) {
		if (t->rows[i].bad)
			continue;
		if (i < f->nbalance)
			attr_int(r, "balance", f->balance[i]);
		r = next_row(r->next);
	}
	accounts_node(n->parent, f);
}

/*
 * Accounts against the budget.  An account with a budget is also a row
 * of budget.csv (file= and line=), so the audit pack can point a
 * finding about that row at it.
 */
static void
accounts_node(xmlNodePtr pe, const struct figures *f)
{
	xmlNodePtr	 n = child(pe, "accounts"), a;
	size_t		 i;

	for (i = 0; i < f->nacct; i++) {
		a = child(n, "account");
		attr(a, "name", f->acct[i].name);
		attr_int(a, "income", f->acct[i].income);
		attr_int(a, "expense", f->acct[i].expense);
		if (f->acct[i].has_budget) {
			attr_int(a, "budget", f->acct[i].budget);
			attr_int(a, "variance", f->acct[i].variance);
			attr_fig(a, "used", f->acct[i].used);
		}
		if (f->acct[i].has_budget) {
			attr(a, "file", "budget.csv");
			attr_int(a, "line", f->acct[i].budget_line);
		}
	}
	n = child(pe, "months");
	for (i = 0; i < f->nmonth; i++) {
		a = child(n, "month");
		attr(a, "key", f->month[i].key);
		attr_int(a, "year", f->month[i].year);
		attr_int(a, "month", f->month[i].month);
		attr_int(a, "income", f->month[i].income);
		attr_int(a, "expense", f->month[i].expense);
	}
}

/*
 * 应收金额 (标准 × 应收人数) on each fees row, so templates need not join
 * rows to items: both list the good rows of fees.csv in file order.
 */
static void
fee_rows_due(xmlNodePtr n, const struct figures *f)
{
	xmlNodePtr	 r;
	size_t		 k = 0;

	for (r = n->children; r != NULL && k < f->nfee; r = r->next)
		if (r->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)r->name, "row") == 0)
			attr_int(r, "due-amount", f->fee[k++].due);
}

/* Fees: 应收金额 per row, totals, and the reconciliation per item. */
void
tree_fees(struct tree_ctx *x, xmlNodePtr n)
{
	const struct figures *f = x->f;
	xmlNodePtr	 e;
	size_t		 i;

	if (n == NULL)
		return;
	fee_rows_due(n, f);
	attr_int(n, "items", f->fee_items);
	attr_int(n, "due", f->fee_due);
	attr_int(n, "collected", f->fee_collected);
	attr_int(n, "refund", f->fee_refund);
	attr_int(n, "due-people", f->fee_due_people);
	attr_int(n, "paid-people", f->fee_paid_people);
	attr(n, "before", f->fee_before ? "yes" : "no");
	attr(n, "agency", f->fee_agency ? "yes" : "no");
	for (i = 0; i < f->nfee; i++) {
		e = child(n, "item");
		attr(e, "name", f->fee[i].item);
		attr_int(e, "standard", f->fee[i].standard);
		attr_int(e, "due", f->fee[i].due);
		attr_int(e, "expected", f->fee[i].expected);
		attr_int(e, "collected", f->fee[i].collected);
		attr_int(e, "refund", f->fee[i].refund);
		attr_int(e, "diff", f->fee[i].diff);
		attr_int(e, "line", f->fee[i].line);
		attr_int(e, "due-people", f->fee[i].due_people);
		attr_int(e, "paid-people", f->fee[i].paid_people);
		attr(e, "in-ledger", f->fee[i].in_ledger ? "yes" : "no");
		if (f->fee[i].before)
			attr(e, "before", "yes");
		if (f->fee[i].agency && !f->fee[i].before) {
			attr(e, "agency", "yes");
			attr_int(e, "paid-out", f->fee[i].paid_out);
			attr_int(e, "settle", f->fee[i].settle);
		} else if (f->fee[i].agency)
			attr(e, "agency", "yes");
		if (f->fee[i].in_ledger) {
			attr_int(e, "ledger", f->fee[i].ledger);
			attr_int(e, "ledger-diff", f->fee[i].ledger_diff);
		}
	}
}

/* Expense of the accounts that have a budget line: budget vs actual. */
static int64_t
budgeted_expense(const struct figures *f)
{
	int64_t	 sum = 0;
	size_t	 i;

	for (i = 0; i < f->nacct; i++)
		if (f->acct[i].has_budget)
			sum += f->acct[i].expense;
	return sum;
}

/* Totals of the period as one element, for templates and placeholders. */
static void
totals_node(xmlNodePtr pe, const struct period *p, const struct figures *f)
{
	xmlNodePtr	 n = child(pe, "totals");
	char		 buf[FIG_BUFSZ];

	attr_int(n, "income", f->income);
	attr_int(n, "expense", f->expense);
	attr_int(n, "opening", f->opening);
	attr_int(n, "period-income", f->period_income);
	attr_int(n, "closing", f->closing);
	attr_int(n, "budget", f->budget);
	attr_int(n, "budgeted-expense", budgeted_expense(f));
	attr_fig(n, "budget-used", f->budget_used);
	attr_int(n, "purchases", f->purchases);
	attr_int(n, "purchase-total", f->purchase_total);
	attr_int(n, "canteen-ledger", f->canteen_ledger);
	if (f->has_canteen_income) {
		attr_int(n, "canteen-income", f->canteen_income);
		attr_int(n, "canteen-balance", f->canteen_balance);
		attr_fig(n, "canteen-rate", f->canteen_rate);
	}
	attr_int(n, "tests", f->tests);
	attr_int(n, "tests-passed", f->tests_passed);
	attr_int(n, "tests-failed", f->tests_failed);
	produce_totals(n, p->t[T_PURCHASES]);
	attr_int(n, "samples", f->samples);
	attr_int(n, "sample-days", f->sample_days);
	attr_int(n, "disinfections", f->disinfections);
	attr_int(n, "tableware-days", f->tableware_days);
	attr_int(n, "meal-days", f->meal_days);
	attr_int(n, "repairs", f->repairs);
	attr_int(n, "repairs-open", f->repairs_open);
	attr_int(n, "repairs-done", f->repairs_done);
	attr_int(n, "complaints", f->complaints);
	attr_int(n, "complaints-closed", f->complaints_closed);
	attr_int(n, "complaints-open", f->complaints_open);
	if (f->complaint_days != FIG_UNDEF)	/* tenths of a day: "3.3" */
		attr(n, "complaint-days",
		    figures_text(FIG_TENTHS, f->complaint_days, buf));
	attr_int(n, "subsidy-people", f->subsidy_people);
	attr_int(n, "subsidy-amount", f->subsidy_amount);
}

static void
sources_node(xmlNodePtr pe, const struct period *p)
{
	xmlNodePtr	 n = child(pe, "sources"), s;
	char		 hex[65];
	size_t		 i;

	for (i = 0; i < p->nsrc; i++) {
		s = child(n, "source");
		attr(s, "path", p->src[i]->relpath);
		attr_int(s, "bytes", (int64_t)p->src[i]->len);
		attr(s, "encoding", p->src[i]->encoding);
		digest_sha256_buf(p->src[i]->bytes, p->src[i]->len, hex);
		attr(s, "sha256", hex);
	}
}

/*
 * A finding's file relative to the data folder (2024-autumn/ledger.csv):
 * the audit pack is read away from the machine that built it, where an
 * absolute or working-directory path means nothing.
 */
static const char *
data_relative(const char *file, const char *datadir)
{
	size_t	 n = strlen(datadir);

	while (n > 1 && datadir[n - 1] == '/')
		n--;
	if (file != NULL && strncmp(file, datadir, n) == 0 && file[n] == '/')
		return file + n + 1;
	return file;
}

static void
findings_node(xmlNodePtr pe, const struct period *p, const struct diag *d,
    const char *datadir)
{
	xmlNodePtr	 n = child(pe, "findings"), e;
	size_t		 i;

	for (i = 0; i < d->n; i++) {
		if (d->v[i].period == NULL || strcmp(d->v[i].period, p->name))
			continue;
		e = text_child(n, "finding", d->v[i].msg);
		attr(e, "sev", diag_sevname(d->v[i].sev));
		attr(e, "code", d->v[i].code);
		attr(e, "file", d->v[i].file);
		attr(e, "where", data_relative(d->v[i].file, datadir));
		attr_int(e, "line", d->v[i].line);
		attr_int(e, "col", d->v[i].col);
	}
}

static const char *const kinds[] = { "spring", "autumn", "year" };
static const char *const labels[] = { "年春季学期", "年秋季学期", "年度" };

/* Purchases: produce marks on the rows, totals by category. */
void
tree_purchases(struct tree_ctx *x, xmlNodePtr n)
{
	if (n == NULL)
		return;
	produce_marks(n, x->p->t[T_PURCHASES]);
	cats_node(n, x->f->pcat, x->f->npcat);
}

void
tree_repairs(struct tree_ctx *x, xmlNodePtr n)
{
	if (n != NULL)
		cats_node(n, x->f->rcat, x->f->nrcat);
}

/* Subsidies: ID numbers as the audit shows them, categories. */
void
tree_subsidies(struct tree_ctx *x, xmlNodePtr n)
{
	if (n == NULL)
		return;
	subsidy_ids(n, x->p->t[T_SUBSIDIES], x->m->unit.id_full);
	cats_node(n, x->f->zcat, x->f->nzcat);
}

/*
 * Attendance: child-days, rate and the canteen's cost per child-day on
 * the element; a <month> per month and a <class> per class beside the
 * rows.  Rates are tenths of a percent, costs fen; an undefined one
 * (no child-days) is left out.
 */
void
tree_attendance(struct tree_ctx *x, xmlNodePtr n)
{
	const struct figures *f = x->f;
	xmlNodePtr	 e;
	size_t		 i;

	if (n == NULL)
		return;
	attr_int(n, "child-days", f->child_days);
	attr_int(n, "due-days", f->due_days);
	attr_int(n, "days", f->att_days);
	attr_fig(n, "rate", f->att_rate);
	attr(n, "account", f->canteen_account);
	attr_int(n, "canteen", f->canteen_ledger);
	attr_fig(n, "cost", f->cost_per_day);
	attr_int(n, "meal-fee", f->meal_fee);
	attr_fig(n, "fee-per-day", f->fee_per_day);
	for (i = 0; i < f->namonth; i++) {
		e = child(n, "month");
		attr(e, "key", f->amonth[i].key);
		attr_int(e, "year", f->amonth[i].year);
		attr_int(e, "month", f->amonth[i].month);
		attr_int(e, "days", f->amonth[i].days);
		attr_int(e, "child-days", f->amonth[i].child_days);
		attr_int(e, "due-days", f->amonth[i].due_days);
		attr_fig(e, "rate", f->amonth[i].rate);
		attr_int(e, "canteen", f->amonth[i].canteen);
		attr_fig(e, "cost", f->amonth[i].cost);
	}
	for (i = 0; i < f->naclass; i++) {
		e = child(n, "class");
		attr(e, "name", f->aclass[i].name);
		attr_int(e, "child-days", f->aclass[i].child_days);
		attr_int(e, "due-days", f->aclass[i].due_days);
		attr_fig(e, "rate", f->aclass[i].rate);
	}
}

/*
 * <pages><page file title/>...</pages>: the period's site pages after
 * its summary, one per page of the registry whose tables the period
 * has, in registry order; the navigation lists them.
 */
static void
pages_node(xmlNodePtr pe, const struct period *p)
{
	xmlNodePtr	 n = child(pe, "pages"), e;
	int		 t, u, dup;

	for (t = 0; t < T__MAX; t++) {
		if (tablespecs[t].page == NULL || p->t[t] == NULL)
			continue;
		for (u = 0, dup = 0; u < t && !dup; u++)
			dup = p->t[u] != NULL && tablespecs[u].page != NULL &&
			    strcmp(tablespecs[u].page, tablespecs[t].page) == 0;
		if (dup)
			continue;
		e = child(n, "page");
		attr(e, "file", tablespecs[t].page);
		attr(e, "title", tablespecs[t].nav);
	}
}

/* Every table of the registry the period has, with its hook's extras. */
static void
tables_node(xmlNodePtr pe, struct tree_ctx *x)
{
	xmlNodePtr	 n;
	int		 t;

	for (t = 0; t < T__MAX; t++) {
		n = table_node(pe, x->p->t[t]);
		if (tablespecs[t].tree != NULL)
			tablespecs[t].tree(x, n);
	}
}

static void
period_node(xmlNodePtr root, const struct model *m, const struct period *p,
    const struct figures *f, const struct diag *d, long long epoch)
{
	xmlNodePtr	 pe = child(root, "period"), n;
	struct tree_ctx	 x;
	char		*body;

	attr(pe, "name", p->name);
	attr(pe, "title", p->title);
	attr(pe, "kind", kinds[p->kind]);
	body = xasprintf("%d%s", p->year, labels[p->kind]);
	attr(pe, "label", body);
	free(body);
	attr_int(pe, "year", p->year);
	attr_date(pe, "start", p->start);
	attr_date(pe, "end", p->end);
	attr_date(pe, "date", p->date);
	attr_date(pe, "notice-date", p->notice_date ? p->notice_date :
	    m->unit.notice_date ? m->unit.notice_date : (int)(epoch / 86400));
	attr(pe, "author", p->author);
	if (p->summary != NULL) {
		body = f->summary != NULL ? NULL :
		    figures_expand(f, p->summary, NULL);
		n = text_child(pe, "summary", f->summary != NULL ?
		    f->summary : body);
		attr_int(n, "line", p->summary->body_line);
		free(body);
	}
	sources_node(pe, p);
	totals_node(pe, p, f);
	x.m = m;
	x.p = p;
	x.f = f;
	tables_node(pe, &x);
	pages_node(pe, p);
	if (d != NULL)
		findings_node(pe, p, d, m->datadir);
}

static void
unit_node(xmlNodePtr root, const struct unit *u)
{
	attr(root, "name", u->name);
	attr(root, "type", u->type);
	attr(root, "address", u->address);
	attr(root, "head", u->head);
	attr(root, "hotline", u->hotline);
	attr(root, "price-hotline", u->price_hotline);
	attr(root, "base-url", u->base_url);
	if (u->md != NULL)
		text_child(root, "intro", u->md->body);
}

xmlDocPtr
tree_build(const struct model *m, struct figures *const *figs,
    const struct diag *d, long long epoch)
{
	xmlDocPtr	 doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr	 root;
	size_t		 i;

	doc->dict = xmlDictCreate();
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"unit", NULL);
	xmlDocSetRootElement(doc, root);
	attr(root, "view", "private");
	attr_date(root, "generated", (int)(epoch / 86400));
	unit_node(root, &m->unit);
	for (i = 0; i < m->nperiods; i++)
		period_node(root, m, m->periods[i], figs[i], d, epoch);
	return doc;
}

