/*
 * Figures of one period: totals, balances, reconciliations and the
 * named figures that summaries cite.  Computed once from the model and
 * read by every renderer, so a total is summed in one place only.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "figures.h"
#include "money.h"
#include "util.h"

#define OPENING_MEMO	"上期结转"
#define CANTEEN_DEFAULT	"伙食支出"

/*
 * Checked arithmetic: a result outside the int64 range stops at its
 * edge (no undefined behaviour) and marks f, so that the row being
 * added is named by row_done and check reports it as a data error.
 */
static int64_t
sat_add(struct figures *f, int64_t a, int64_t b)
{
	int64_t	 r;

	if (__builtin_add_overflow(a, b, &r)) {
		f->overflowed = 1;
		return b > 0 ? INT64_MAX : INT64_MIN + 1;
	}
	return r;
}

static int64_t
sat_mul(struct figures *f, int64_t a, int64_t b)
{
	int64_t	 r;

	if (__builtin_mul_overflow(a, b, &r)) {
		f->overflowed = 1;
		return (a < 0) != (b < 0) ? INT64_MIN + 1 : INT64_MAX;
	}
	return r;
}

static void
acc(struct figures *f, int64_t *sum, int64_t v)
{
	*sum = sat_add(f, *sum, v);
}

/* After row r of table tbl: the first row where a total overflowed. */
static void
row_done(struct figures *f, int tbl, const struct row *r)
{
	if (f->overflowed && f->overflow_row == NULL) {
		f->overflow_table = tbl;
		f->overflow_row = r;
	}
}

/*
 * round(num × scale / den), half away from zero; FIG_UNDEF when den
 * is zero.  Used for percentages (scale 1000) and averages (scale 10).
 */
static int64_t
ratio(int64_t num, int64_t den, int64_t scale)
{
	__int128	 p, q, r, ar, ad;

	if (den == 0)
		return FIG_UNDEF;
	p = (__int128)num * scale;
	q = p / den;
	r = p % den;
	ar = r < 0 ? -r : r;
	ad = den < 0 ? -(__int128)den : den;
	if (ar >= ad - ar)
		q += ((p < 0) != (den < 0)) ? -1 : 1;
	if (q > INT64_MAX)
		return INT64_MAX;
	return q < -INT64_MAX ? -INT64_MAX : (int64_t)q;
}

const struct value *
figures_cell(const struct row *r, int c)
{
	return &r->v[c];
}

const char *
figures_str(const struct row *r, int c)
{
	const struct value *v = &r->v[c];

	return v->present && v->s != NULL ? v->s : "";
}

int64_t
figures_num(const struct row *r, int c)
{
	const struct value *v = &r->v[c];

	return v->present ? v->n : 0;
}

int
figures_intcmp(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static const struct table *
table(const struct figures *f, enum tableid id)
{
	return f->period->t[id];
}

/*
 * A hash of names to indices, so that finding an account or a
 * category stays constant-time however many distinct ones the data
 * holds.  Keys point into the model, like the names they index.
 */
struct nameix {
	const char	**key;	/* NULL: empty slot */
	size_t		*val;
	size_t		 cap;	/* a power of two, or 0 */
	size_t		 n;
};

static const struct fig_fee *fee_find(const struct figures *, const char *);

/* A growing list of day numbers, sorted and made unique by days_done. */
struct days {
	int	*v;
	size_t	 n, cap;
};

/* Add a day; one a run, since days_done keeps each day once anyway. */
static void
days_add(struct days *d, int day)
{
	if (d->n > 0 && d->v[d->n - 1] == day)
		return;
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	d->v[d->n++] = day;
}

static void
days_done(struct days *d, int **v, size_t *n)
{
	size_t	 i, j = 0;

	sort_unless_ordered(d->v, d->n, sizeof(*d->v), figures_intcmp);
	for (i = 0; i < d->n; i++)
		if (j == 0 || d->v[j - 1] != d->v[i])
			d->v[j++] = d->v[i];
	*v = d->v;
	*n = j;
}

/*
 * Private to the computation: name lookups kept for figures_lookup,
 * and what the table hooks hand on to later ones.
 */
struct fig_names {
	struct nameix	 acct, fee, pcat, rcat, zcat, aclass;
	size_t		 acap;		/* capacity of acct */
	struct days	 meal;		/* meal days, from purchases and samples */
	struct days	 sample;	/* days with a sample */
	struct days	 tableware;	/* days with a tableware disinfection */
};

static size_t
ix_hash(const char *s)
{
	uint64_t	 h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t
ix_slot(const struct nameix *ix, const char *key)
{
	size_t	 i = ix_hash(key) & (ix->cap - 1);

	while (ix->key[i] != NULL && strcmp(ix->key[i], key) != 0)
		i = (i + 1) & (ix->cap - 1);
	return i;
}

#define IX_NONE	((size_t)-1)

/* The index stored for key, or IX_NONE. */
static size_t
ix_get(const struct nameix *ix, const char *key)
{
	size_t	 i;

	if (ix->cap == 0)
		return IX_NONE;
	i = ix_slot(ix, key);
	return ix->key[i] != NULL ? ix->val[i] : IX_NONE;
}

/* Store key → val; the table is kept at most half full. */
static void
ix_put(struct nameix *ix, const char *key, size_t val)
{
	struct nameix	 old = *ix;
	size_t		 i;

	if (2 * (ix->n + 1) > ix->cap) {
		ix->cap = old.cap ? 2 * old.cap : 16;
		ix->key = xcalloc(ix->cap, sizeof(*ix->key));
		ix->val = xcalloc(ix->cap, sizeof(*ix->val));
		ix->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.key[i] != NULL)
				ix_put(ix, old.key[i], old.val[i]);
		free(old.key);
		free(old.val);
	}
	i = ix_slot(ix, key);
	if (ix->key[i] == NULL)
		ix->n++;
	ix->key[i] = key;
	ix->val[i] = val;
}

static void
ix_free(struct nameix *ix)
{
	free(ix->key);
	free(ix->val);
}

/* The account called name, added in first-seen order when missing. */
static struct fig_account *
acct_get(struct figures *f, size_t *cap, const char *name, int line)
{
	struct fig_account *a;
	size_t		 k;

	if ((k = ix_get(&f->names->acct, name)) != IX_NONE)
		return &f->acct[k];
	f->acct = xgrow(f->acct, cap, f->nacct + 1, sizeof(*f->acct));
	ix_put(&f->names->acct, name, f->nacct);
	a = &f->acct[f->nacct++];
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->first_line = line;
	a->used = FIG_UNDEF;
	return a;
}

const struct fig_account *
figures_account(const struct figures *f, const char *name)
{
	size_t	 k = ix_get(&f->names->acct, name);

	return k != IX_NONE ? &f->acct[k] : NULL;
}

/* The category called name in v, added in first-seen order when missing. */
static struct fig_cat *
cat_get(struct fig_cat **v, size_t *n, size_t *cap, struct nameix *ix,
    const char *name)
{
	size_t	 k;

	if ((k = ix_get(ix, name)) != IX_NONE)
		return &(*v)[k];
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	ix_put(ix, name, *n);
	(*v)[*n].name = name;
	(*v)[*n].count = 0;
	(*v)[*n].amount = 0;
	return &(*v)[(*n)++];
}

static const struct fig_cat *
cat_find(const struct fig_cat *v, const struct nameix *ix, const char *name)
{
	size_t	 k = ix_get(ix, name);

	return k != IX_NONE ? &v[k] : NULL;
}

/*
 * The month of day, added when missing.  Ledgers run in date order, so
 * the month of the previous row (*last) is tried first; otherwise the
 * search is over at most the 3,600 months that dates can fall in.
 */
static struct fig_month *
month_get(struct figures *f, size_t *cap, size_t *last, int day)
{
	struct fig_month *m;
	int		 y, mo, d;
	size_t		 i;

	date_to_ymd(day, &y, &mo, &d);
	if (*last < f->nmonth && f->month[*last].year == y &&
	    f->month[*last].month == mo)
		return &f->month[*last];
	for (i = 0; i < f->nmonth; i++)
		if (f->month[i].year == y && f->month[i].month == mo)
			return &f->month[*last = i];
	f->month = xgrow(f->month, cap, f->nmonth + 1, sizeof(*f->month));
	m = &f->month[*last = f->nmonth++];
	memset(m, 0, sizeof(*m));
	m->year = y;
	m->month = mo;
	snprintf(m->key, sizeof(m->key), "%04d-%02d", y % 10000, mo % 100);
	return m;
}

static int
monthcmp(const void *a, const void *b)
{
	const struct fig_month *x = a, *y = b;

	return strcmp(x->key, y->key);
}

/* One good ledger row into the totals, its account and its month. */
static void
ledger_add(struct figures *f, size_t *acap, size_t *mcap, size_t *last,
    const struct row *r)
{
	struct fig_account *a;
	struct fig_month *m;
	int64_t		 in = figures_num(r, L_INCOME);
	int64_t		 out = figures_num(r, L_EXPENSE);
	int		 opening = 0;

	f->rows++;
	acc(f, &f->income, in);
	acc(f, &f->expense, out);
	if (strcmp(figures_str(r, L_MEMO), OPENING_MEMO) == 0) {
		acc(f, &f->opening, in);
		opening = 1;
	}
	a = acct_get(f, acap, figures_str(r, L_ACCOUNT), r->line);
	acc(f, &a->income, in);
	acc(f, &a->expense, out);
	if (out != 0 && a->expense_row == NULL)
		a->expense_row = r;
	if (figures_cell(r, L_DATE)->present) {
		m = month_get(f, mcap, last, (int)figures_cell(r, L_DATE)->n);
		/* Brought forward, not earned in its month. */
		acc(f, &m->income, opening ? 0 : in);
		acc(f, &m->expense, out);
	}
}

/*
 * Ledger totals, the running balance in file order, per-account and
 * per-month sums.  Bad rows carry the previous balance.
 */
void
figures_ledger(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_LEDGER);
	const struct row *r;
	size_t		 i, mcap = 0, last = 0, *acap = &f->names->acap;
	int64_t		 bal = 0;

	(void)m;
	if (t == NULL)
		return;
	f->balance = xcalloc(t->nrows, sizeof(*f->balance));
	f->nbalance = t->nrows;
	for (i = 0; i < t->nrows; i++) {
		if (!(r = &t->rows[i])->bad) {
			ledger_add(f, acap, &mcap, &last, r);
			bal = sat_add(f, bal, sat_add(f, figures_num(r, L_INCOME),
			    -figures_num(r, L_EXPENSE)));
			row_done(f, T_LEDGER, r);
		}
		f->balance[i] = bal;
	}
	f->period_income = sat_add(f, f->income, -f->opening);
	f->closing = sat_add(f, f->income, -f->expense);
	if (f->nmonth > 0)
		qsort(f->month, f->nmonth, sizeof(*f->month), monthcmp);
}

/* Budget per account; accounts only in the budget are appended. */
void
figures_budget(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_BUDGET);
	struct fig_account *a;
	size_t		 i, *acap = &f->names->acap;

	(void)m;
	for (i = 0; t != NULL && i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		if (r->bad)
			continue;
		a = acct_get(f, acap, figures_str(r, B_ACCOUNT), r->line);
		a->has_budget = 1;
		if (a->budget_line == 0)
			a->budget_line = r->line;
		acc(f, &a->budget, figures_num(r, B_AMOUNT));
		acc(f, &f->budget, figures_num(r, B_AMOUNT));
		row_done(f, T_BUDGET, r);
	}
	for (i = 0; i < f->nacct; i++) {
		a = &f->acct[i];
		a->variance = sat_add(f, a->budget, -a->expense);
		if (a->has_budget)
			a->used = ratio(a->expense, a->budget, 1000);
	}
	f->budget_used = t == NULL ? FIG_UNDEF : ratio(f->expense, f->budget, 1000);
}

/* Each fee item against its own arithmetic and against the ledger. */
/*
 * A fee item against its ledger account.  An ordinary fee is the net
 * of the account; a 代收费 passes through it: what came in is set
 * against 实收金额, what went out is paid_out, and the difference is
 * the settlement (结余 to refund to the payers, or 补收).
 */
static void
fee_ledger(struct figures *f, struct fig_fee *e)
{
	const struct fig_account *a = figures_account(f, e->item);

	if (a != NULL) {
		e->in_ledger = 1;
		e->ledger = e->agency ? a->income :
		    sat_add(f, a->income, -a->expense);
		e->paid_out = e->agency ? a->expense : 0;
	}
	e->settle = e->agency ? sat_add(f, e->collected, -e->paid_out) : 0;
	e->ledger_diff = e->before ? 0 : sat_add(f, e->ledger, -e->collected);
}

void
figures_fees(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_FEES);
	struct fig_fee	*e;
	size_t		 i;

	(void)m;
	if (t == NULL)
		return;
	f->fee = xcalloc(t->nrows, sizeof(*f->fee));
	for (i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		if (r->bad)
			continue;
		e = &f->fee[f->nfee++];
		e->item = figures_str(r, F_ITEM);
		e->line = r->line;
		if (ix_get(&f->names->fee, e->item) == IX_NONE)
			ix_put(&f->names->fee, e->item, f->nfee - 1);
		e->standard = figures_num(r, F_STANDARD);
		e->due_people = figures_num(r, F_DUE);
		e->paid_people = figures_num(r, F_PAID);
		e->collected = figures_num(r, F_COLLECTED);
		e->refund = figures_num(r, F_REFUND);
		e->due = sat_mul(f, e->standard, e->due_people);
		e->expected = sat_add(f, sat_mul(f, e->standard, e->paid_people),
		    -e->refund);
		e->diff = sat_add(f, e->collected, -e->expected);
		e->before = !r->v[F_PAID].present && !r->v[F_COLLECTED].present;
		e->agency = r->v[F_TYPE].present && r->v[F_TYPE].n == FEE_AGENCY;
		if (e->before)
			e->diff = 0;
		fee_ledger(f, e);
		acc(f, &f->fee_due, e->due);
		acc(f, &f->fee_collected, e->collected);
		acc(f, &f->fee_refund, e->refund);
		acc(f, &f->fee_due_people, e->due_people);
		acc(f, &f->fee_paid_people, e->paid_people);
		f->fee_before += e->before;
		f->fee_agency |= e->agency;
		row_done(f, T_FEES, r);
	}
	f->fee_before = f->nfee > 0 && (size_t)f->fee_before == f->nfee;
	f->fee_items = (int64_t)f->nfee;
}

/*
 * What parents ask first: the canteen's income (the net of the account
 * canteen_income, else 伙食费, else 午餐费) against its spending, the
 * balance and the balance as a share of the income.
 */
static void
canteen_balance(struct figures *f, const struct unit *u)
{
	const struct fig_account *a;

	if (u->canteen_income != NULL)
		a = figures_account(f, u->canteen_income);
	else if ((a = figures_account(f, "伙食费")) == NULL)
		a = figures_account(f, "午餐费");
	f->canteen_rate = FIG_UNDEF;
	if (a == NULL)
		return;
	f->has_canteen_income = 1;
	f->canteen_income = sat_add(f, a->income, -a->expense);
	f->canteen_balance = sat_add(f, f->canteen_income, -f->canteen_ledger);
	f->canteen_rate = ratio(f->canteen_balance, f->canteen_income, 1000);
}

/* Purchases by category, pesticide tests, and ledger canteen spending. */
void
figures_purchases(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_PURCHASES);
	const struct unit *u = &m->unit;
	const struct fig_account *a;
	struct fig_cat	*c;
	struct days	*meal = &f->names->meal;
	size_t		 i, cap = 0;

	f->canteen_account = u->canteen_account != NULL ?
	    u->canteen_account : CANTEEN_DEFAULT;
	a = figures_account(f, f->canteen_account);
	f->canteen_ledger = a != NULL ? a->expense : 0;
	for (i = 0; t != NULL && i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		if (r->bad)
			continue;
		f->purchases++;
		acc(f, &f->purchase_total, figures_num(r, P_AMOUNT));
		c = cat_get(&f->pcat, &f->npcat, &cap, &f->names->pcat,
		    figures_str(r, P_CATEGORY));
		c->count++;
		acc(f, &c->amount, figures_num(r, P_AMOUNT));
		row_done(f, T_PURCHASES, r);
		if (figures_cell(r, P_DATE)->present)
			days_add(meal, (int)figures_cell(r, P_DATE)->n);
		if (!figures_cell(r, P_TEST)->present)
			continue;
		if (figures_cell(r, P_TEST)->n == TEST_PASS)
			f->tests_passed++;
		else if (figures_cell(r, P_TEST)->n == TEST_FAIL)
			f->tests_failed++;
	}
	f->tests = f->tests_passed + f->tests_failed;
	f->tests_pass_rate = ratio(f->tests_passed, f->tests, 1000);
	canteen_balance(f, u);
}

/* Does a disinfection object name tableware (餐具, 餐饮具, 碗筷)? */
int
figures_is_tableware(const char *object)
{
	return strstr(object, "餐具") != NULL ||
	    strstr(object, "餐饮具") != NULL ||
	    strstr(object, "碗筷") != NULL;
}

/* Samples and the days they fall on (meal days too). */
void
figures_samples(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_SAMPLES);
	size_t		 i;

	(void)m;
	for (i = 0; t != NULL && i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		if (r->bad)
			continue;
		f->samples++;
		if (figures_cell(r, S_DATE)->present) {
			days_add(&f->names->sample, (int)figures_cell(r, S_DATE)->n);
			days_add(&f->names->meal, (int)figures_cell(r, S_DATE)->n);
		}
	}
}

/*
 * Disinfections and the tableware days; the last of the food tables,
 * so the day lists of all three are closed here.
 */
void
figures_disinfection(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_DISINFECTION);
	struct fig_names *w = f->names;
	size_t		 i;

	(void)m;
	for (i = 0; t != NULL && i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		if (r->bad)
			continue;
		f->disinfections++;
		if (figures_cell(r, D_DATE)->present &&
		    figures_is_tableware(figures_str(r, D_OBJECT)))
			days_add(&w->tableware, (int)figures_cell(r, D_DATE)->n);
	}
	days_done(&w->sample, &f->sample_day, &f->nsample_day);
	days_done(&w->tableware, &f->tableware_day, &f->ntableware_day);
	days_done(&w->meal, &f->meal_day, &f->nmeal_day);
	f->sample_days = (int64_t)f->nsample_day;
	f->tableware_days = (int64_t)f->ntableware_day;
	f->meal_days = (int64_t)f->nmeal_day;
}

/* Repairs by category and state. */
void
figures_repairs(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_REPAIRS);
	struct fig_cat	*c;
	size_t		 i, cap = 0;

	(void)m;
	for (i = 0; t != NULL && i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		if (r->bad)
			continue;
		f->repairs++;
		if (figures_cell(r, R_STATUS)->present &&
		    figures_cell(r, R_STATUS)->n == REPAIR_OPEN)
			f->repairs_open++;
		else
			f->repairs_done++;
		c = cat_get(&f->rcat, &f->nrcat, &cap, &f->names->rcat,
		    figures_str(r, R_CATEGORY));
		c->count++;
	}
}

/* Complaints and their average handling time. */
void
figures_complaints(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_COMPLAINTS);
	size_t		 i;
	int64_t		 days = 0;

	(void)m;
	for (i = 0; t != NULL && i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		if (r->bad)
			continue;
		f->complaints++;
		if (!figures_cell(r, C_CLOSED)->present) {
			f->complaints_open++;
			continue;
		}
		f->complaints_closed++;
		if (figures_cell(r, C_DATE)->present &&
		    figures_cell(r, C_CLOSED)->n >= figures_cell(r, C_DATE)->n)
			days += figures_num(r, C_CLOSED) - figures_num(r, C_DATE);
	}
	f->complaint_days = ratio(days, f->complaints_closed, 10);
}

/*
 * The key that identifies a subsidised person: 学号, else 身份证号,
 * else 姓名.  Exported for the duplicate check.
 */
const char *
figures_person(const struct row *r)
{
	if (*figures_str(r, Z_STUDENT) != '\0')
		return figures_str(r, Z_STUDENT);
	if (*figures_str(r, Z_IDNO) != '\0')
		return figures_str(r, Z_IDNO);
	return figures_str(r, Z_NAME);
}

/* Rows by key, then by position, for figures_first_same. */
struct keyed {
	const char	*key, *key2;
	size_t		 i;
};

static int
keyedcmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int		 c;

	if ((c = strcmp(x->key, y->key)) != 0 ||
	    (c = strcmp(x->key2, y->key2)) != 0)
		return c;
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * Sorting rows by key and position puts each run of equal keys
 * together with its first row in front: O(n log n) where comparing
 * every row with every earlier one would be quadratic.
 */
int *
figures_first_same(const struct table *t,
    const char *(*key)(const struct row *),
    const char *(*key2)(const struct row *))
{
	struct keyed	*k = xcalloc(t->nrows, sizeof(*k));
	int		*first = xcalloc(t->nrows, sizeof(*first));
	size_t		 i, n = 0, run = 0;

	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i].bad || *key(&t->rows[i]) == '\0')
			continue;
		k[n].key = key(&t->rows[i]);
		k[n].key2 = key2 != NULL ? key2(&t->rows[i]) : "";
		k[n++].i = i;
	}
	if (n > 0)
		qsort(k, n, sizeof(*k), keyedcmp);
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(k[i].key, k[run].key) != 0 ||
		    strcmp(k[i].key2, k[run].key2) != 0)
			run = i;
		else
			first[k[i].i] = t->rows[k[run].i].line;
	}
	free(k);
	return first;
}

static const char *
zcat_key(const struct row *r)
{
	return figures_str(r, Z_CATEGORY);
}

/*
 * Subsidies: rows, distinct people, amounts, per category.  A person
 * counts once overall and once in each category they appear in.
 */
void
figures_subsidies(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_SUBSIDIES);
	struct fig_cat	*c;
	int		*seen, *seen_in_cat;
	size_t		 i, cap = 0;

	(void)m;
	if (t == NULL)
		return;
	seen = figures_first_same(t, figures_person, NULL);
	seen_in_cat = figures_first_same(t, figures_person, zcat_key);
	for (i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		if (r->bad)
			continue;
		f->subsidy_rows++;
		acc(f, &f->subsidy_amount, figures_num(r, Z_AMOUNT));
		c = cat_get(&f->zcat, &f->nzcat, &cap, &f->names->zcat,
		    figures_str(r, Z_CATEGORY));
		acc(f, &c->amount, figures_num(r, Z_AMOUNT));
		row_done(f, T_SUBSIDIES, r);
		if (seen_in_cat[i] == 0)
			c->count++;
		if (seen[i] == 0)
			f->subsidy_people++;
	}
	free(seen);
	free(seen_in_cat);
}

/* The attendance month of day, added when missing (see month_get). */
static struct fig_amonth *
amonth_get(struct figures *f, size_t *cap, size_t *last, int day)
{
	struct fig_amonth *m;
	int		 y, mo, d;
	size_t		 i;

	date_to_ymd(day, &y, &mo, &d);
	if (*last < f->namonth && f->amonth[*last].year == y &&
	    f->amonth[*last].month == mo)
		return &f->amonth[*last];
	for (i = 0; i < f->namonth; i++)
		if (f->amonth[i].year == y && f->amonth[i].month == mo)
			return &f->amonth[*last = i];
	f->amonth = xgrow(f->amonth, cap, f->namonth + 1, sizeof(*f->amonth));
	m = &f->amonth[*last = f->namonth++];
	memset(m, 0, sizeof(*m));
	m->year = y;
	m->month = mo;
	m->rate = m->cost = FIG_UNDEF;
	snprintf(m->key, sizeof(m->key), "%04d-%02d", y % 10000, mo % 100);
	return m;
}

static int
amonthcmp(const void *a, const void *b)
{
	const struct fig_amonth *x = a, *y = b;

	return strcmp(x->key, y->key);
}

/* The class called name, added in first-seen order when missing. */
static struct fig_class *
class_get(struct figures *f, size_t *cap, const char *name)
{
	size_t	 k;

	if ((k = ix_get(&f->names->aclass, name)) != IX_NONE)
		return &f->aclass[k];
	f->aclass = xgrow(f->aclass, cap, f->naclass + 1, sizeof(*f->aclass));
	ix_put(&f->names->aclass, name, f->naclass);
	memset(&f->aclass[f->naclass], 0, sizeof(*f->aclass));
	f->aclass[f->naclass].name = name;
	return &f->aclass[f->naclass++];
}

/* The attendance month "YYYY-MM" (sorted by key), or NULL. */
static struct fig_amonth *
amonth_find(const struct figures *f, const char *key)
{
	size_t	 i;

	for (i = 0; i < f->namonth; i++)
		if (strcmp(f->amonth[i].key, key) == 0)
			return &f->amonth[i];
	return NULL;
}

/*
 * The canteen account's expense in each attendance month: the ledger
 * rows of that account, by the month of their date.  Months without
 * attendance do not get a cost.
 */
static void
amonth_canteen(struct figures *f, const char *account)
{
	const struct table *t = table(f, T_LEDGER);
	struct fig_amonth *m;
	char		 key[16];
	int		 y, mo, d;
	size_t		 i;

	for (i = 0; t != NULL && i < t->nrows; i++) {
		const struct row *r = &t->rows[i];

		if (r->bad || !figures_cell(r, L_DATE)->present ||
		    strcmp(figures_str(r, L_ACCOUNT), account) != 0)
			continue;
		date_to_ymd((int)figures_cell(r, L_DATE)->n, &y, &mo, &d);
		snprintf(key, sizeof(key), "%04d-%02d", y % 10000, mo % 100);
		if ((m = amonth_find(f, key)) != NULL)
			acc(f, &m->canteen, figures_num(r, L_EXPENSE));
		row_done(f, T_LEDGER, r);
	}
}

/* One good attendance row into the totals, its month and its class. */
static void
attendance_add(struct figures *f, size_t *mcap, size_t *ccap, size_t *last,
    struct days *days, const struct row *r)
{
	struct fig_amonth *m;
	struct fig_class *c;
	int64_t		 due = figures_num(r, A_DUE);
	int64_t		 present = figures_num(r, A_PRESENT);

	f->att_rows++;
	acc(f, &f->child_days, present);
	acc(f, &f->due_days, due);
	c = class_get(f, ccap, figures_str(r, A_CLASS));
	acc(f, &c->child_days, present);
	acc(f, &c->due_days, due);
	if (!figures_cell(r, A_DATE)->present)
		return;
	days_add(days, (int)figures_cell(r, A_DATE)->n);
	m = amonth_get(f, mcap, last, (int)figures_cell(r, A_DATE)->n);
	acc(f, &m->child_days, present);
	acc(f, &m->due_days, due);
}

/* Rates and costs per month, per class and for the period. */
static void
attendance_ratios(struct figures *f)
{
	const struct fig_fee *e;
	size_t		 i;

	for (i = 0; i < f->namonth; i++) {
		f->amonth[i].rate = ratio(f->amonth[i].child_days,
		    f->amonth[i].due_days, 1000);
		f->amonth[i].cost = ratio(f->amonth[i].canteen,
		    f->amonth[i].child_days, 1);
	}
	for (i = 0; i < f->naclass; i++)
		f->aclass[i].rate = ratio(f->aclass[i].child_days,
		    f->aclass[i].due_days, 1000);
	f->att_rate = ratio(f->child_days, f->due_days, 1000);
	f->cost_per_day = ratio(f->canteen_ledger, f->child_days, 1);
	if ((e = fee_find(f, FIG_MEAL_FEE)) != NULL) {
		f->meal_fee = e->collected;
		f->fee_per_day = ratio(f->meal_fee, f->child_days, 1);
	}
}

/*
 * Attendance (出勤): child-days (the sum of 实到人数) per month, per
 * class and for the period, the attendance rate, and what the canteen
 * cost and what 伙食费 brought in per child-day.  Reads the ledger's
 * canteen account and the fee item 伙食费, so it runs after them.
 */
void
figures_attendance(struct figures *f, const struct model *m)
{
	const struct table *t = table(f, T_ATTENDANCE);
	struct days	 days = { NULL, 0, 0 };
	size_t		 i, mcap = 0, ccap = 0, last = 0;

	(void)m;
	f->att_rate = f->cost_per_day = f->fee_per_day = FIG_UNDEF;
	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i].bad)
			continue;
		attendance_add(f, &mcap, &ccap, &last, &days, &t->rows[i]);
		row_done(f, T_ATTENDANCE, &t->rows[i]);
	}
	days_done(&days, &f->att_day, &f->natt_day);
	f->att_days = (int64_t)f->natt_day;
	if (f->namonth > 0)
		qsort(f->amonth, f->namonth, sizeof(*f->amonth), amonthcmp);
	for (i = 0; i < f->natt_day; i++) {
		struct fig_amonth *am = amonth_get(f, &mcap, &last,
		    f->att_day[i]);

		am->days++;
	}
	amonth_canteen(f, f->canteen_account);
	attendance_ratios(f);
}

struct figures *
figures_compute(const struct model *m, const struct period *p)
{
	struct figures	*f;
	int		 t;

	f = xcalloc(1, sizeof(*f));
	f->period = p;
	f->names = xcalloc(1, sizeof(*f->names));
	for (t = 0; t < T__MAX; t++)
		if (tablespecs[t].figures != NULL)
			tablespecs[t].figures(f, m);
	return f;
}

struct figures **
figures_all(const struct model *m)
{
	struct figures	**v = xcalloc(m->nperiods + 1, sizeof(*v));
	size_t		 i;

	for (i = 0; i < m->nperiods; i++)
		v[i] = figures_compute(m, m->periods[i]);
	return v;
}

void
figures_free_all(struct figures **v, size_t n)
{
	size_t	 i;

	for (i = 0; v != NULL && i < n; i++)
		figures_free(v[i]);
	free(v);
}

void
figures_free(struct figures *f)
{
	if (f == NULL)
		return;
	free(f->summary);
	free(f->balance);
	free(f->acct);
	free(f->month);
	free(f->fee);
	free(f->pcat);
	free(f->sample_day);
	free(f->tableware_day);
	free(f->meal_day);
	free(f->rcat);
	free(f->zcat);
	ix_free(&f->names->acct);
	ix_free(&f->names->fee);
	ix_free(&f->names->pcat);
	ix_free(&f->names->rcat);
	ix_free(&f->names->zcat);
	ix_free(&f->names->aclass);
	free(f->att_day);
	free(f->amonth);
	free(f->aclass);
	free(f->names);
	free(f);
}

/*
 * Named figures.  A name has a plain form (a field of struct figures)
 * and/or an argument form (a function that looks the argument up).
 */
typedef int (*argfn)(const struct figures *, const char *, int64_t *);

static int
a_acct_in(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_account *a = figures_account(f, arg);

	*v = a != NULL ? a->income : 0;
	return a != NULL;
}

static int
a_acct_out(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_account *a = figures_account(f, arg);

	*v = a != NULL ? a->expense : 0;
	return a != NULL;
}

static int
a_acct_budget(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_account *a = figures_account(f, arg);

	*v = a != NULL ? a->budget : 0;
	return a != NULL && a->has_budget;
}

static int
a_acct_used(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_account *a = figures_account(f, arg);

	*v = a != NULL ? a->used : FIG_UNDEF;
	return a != NULL && a->has_budget;
}

static int
monthkeycmp(const void *key, const void *m)
{
	return strcmp(key, ((const struct fig_month *)m)->key);
}

/* The month "YYYY-MM" (months are sorted by key), or NULL. */
static const struct fig_month *
month_find(const struct figures *f, const char *key)
{
	if (f->nmonth == 0)
		return NULL;
	return bsearch(key, f->month, f->nmonth, sizeof(*f->month),
	    monthkeycmp);
}

static int
a_month_in(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_month *m = month_find(f, arg);

	*v = m != NULL ? m->income : 0;
	return m != NULL;
}

static int
a_month_out(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_month *m = month_find(f, arg);

	*v = m != NULL ? m->expense : 0;
	return m != NULL;
}

/* The first fee item called item, or NULL. */
static const struct fig_fee *
fee_find(const struct figures *f, const char *item)
{
	size_t	 k = ix_get(&f->names->fee, item);

	return k != IX_NONE ? &f->fee[k] : NULL;
}

/* Fee item fields by offset, for the four per-item figures. */
static int
fee_field(const struct figures *f, const char *arg, int64_t *v, size_t off)
{
	const struct fig_fee *e = fee_find(f, arg);

	*v = e != NULL ? *(const int64_t *)(const void *)((const char *)e + off) : 0;
	return e != NULL;
}

static int
a_fee_standard(const struct figures *f, const char *arg, int64_t *v)
{
	return fee_field(f, arg, v, offsetof(struct fig_fee, standard));
}

static int
a_fee_collected(const struct figures *f, const char *arg, int64_t *v)
{
	return fee_field(f, arg, v, offsetof(struct fig_fee, collected));
}

static int
a_fee_refund(const struct figures *f, const char *arg, int64_t *v)
{
	return fee_field(f, arg, v, offsetof(struct fig_fee, refund));
}

static int
a_fee_due_people(const struct figures *f, const char *arg, int64_t *v)
{
	return fee_field(f, arg, v, offsetof(struct fig_fee, due_people));
}

static int
a_fee_paid_people(const struct figures *f, const char *arg, int64_t *v)
{
	return fee_field(f, arg, v, offsetof(struct fig_fee, paid_people));
}

static int
a_pcat_count(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_cat *c = cat_find(f->pcat, &f->names->pcat, arg);

	*v = c != NULL ? c->count : 0;
	return c != NULL;
}

static int
a_pcat_amount(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_cat *c = cat_find(f->pcat, &f->names->pcat, arg);

	*v = c != NULL ? c->amount : 0;
	return c != NULL;
}

static int
a_rcat_count(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_cat *c = cat_find(f->rcat, &f->names->rcat, arg);

	*v = c != NULL ? c->count : 0;
	return c != NULL;
}

static int
a_zcat_count(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_cat *c = cat_find(f->zcat, &f->names->zcat, arg);

	*v = c != NULL ? c->count : 0;
	return c != NULL;
}

static int
a_zcat_amount(const struct figures *f, const char *arg, int64_t *v)
{
	const struct fig_cat *c = cat_find(f->zcat, &f->names->zcat, arg);

	*v = c != NULL ? c->amount : 0;
	return c != NULL;
}

/* Attendance of one month ("2023-09"), by field offset. */
static int
amonth_field(const struct figures *f, const char *arg, int64_t *v, size_t off)
{
	const struct fig_amonth *m = amonth_find(f, arg);

	*v = m != NULL ? *(const int64_t *)(const void *)((const char *)m + off) : 0;
	return m != NULL;
}

static int
a_amonth_days(const struct figures *f, const char *arg, int64_t *v)
{
	return amonth_field(f, arg, v, offsetof(struct fig_amonth, child_days));
}

static int
a_amonth_rate(const struct figures *f, const char *arg, int64_t *v)
{
	return amonth_field(f, arg, v, offsetof(struct fig_amonth, rate));
}

static int
a_amonth_cost(const struct figures *f, const char *arg, int64_t *v)
{
	return amonth_field(f, arg, v, offsetof(struct fig_amonth, cost));
}

#define NOFIELD	((size_t)-1)
#define FLD(x)	offsetof(struct figures, x)

static const struct named {
	const char	*name;
	int		 kind;
	size_t		 off;	/* plain form, or NOFIELD */
	argfn		 arg;	/* argument form, or NULL */
} named[] = {
	{ "收入合计",		FIG_MONEY,	FLD(income),		NULL },
	{ "本期收入",		FIG_MONEY,	FLD(period_income),	NULL },
	{ "支出合计",		FIG_MONEY,	FLD(expense),		NULL },
	{ "期初结余",		FIG_MONEY,	FLD(opening),		NULL },
	{ "期末结余",		FIG_MONEY,	FLD(closing),		NULL },
	{ "记账笔数",		FIG_COUNT,	FLD(rows),		NULL },
	{ "预算合计",		FIG_MONEY,	FLD(budget),		NULL },
	{ "预算执行率",		FIG_PERCENT,	FLD(budget_used),	NULL },
	{ "科目收入",		FIG_MONEY,	NOFIELD,		a_acct_in },
	{ "科目支出",		FIG_MONEY,	NOFIELD,		a_acct_out },
	{ "科目预算",		FIG_MONEY,	NOFIELD,		a_acct_budget },
	{ "科目执行率",		FIG_PERCENT,	NOFIELD,		a_acct_used },
	{ "月收入",		FIG_MONEY,	NOFIELD,		a_month_in },
	{ "月支出",		FIG_MONEY,	NOFIELD,		a_month_out },
	{ "收费项目数",		FIG_COUNT,	FLD(fee_items),		NULL },
	{ "收费标准",		FIG_MONEY,	NOFIELD,		a_fee_standard },
	{ "应收金额",		FIG_MONEY,	FLD(fee_due),		NULL },
	{ "实收金额",		FIG_MONEY,	FLD(fee_collected),	a_fee_collected },
	{ "退费金额",		FIG_MONEY,	FLD(fee_refund),	a_fee_refund },
	{ "应收人数",		FIG_COUNT,	FLD(fee_due_people),	a_fee_due_people },
	{ "实收人数",		FIG_COUNT,	FLD(fee_paid_people),	a_fee_paid_people },
	{ "采购次数",		FIG_COUNT,	FLD(purchases),		a_pcat_count },
	{ "采购金额",		FIG_MONEY,	FLD(purchase_total),	a_pcat_amount },
	{ "伙食支出",		FIG_MONEY,	FLD(canteen_ledger),	NULL },
	{ "伙食收入",		FIG_MONEY,	FLD(canteen_income),	NULL },
	{ "伙食结余",		FIG_MONEY,	FLD(canteen_balance),	NULL },
	{ "伙食结余率",		FIG_PERCENT,	FLD(canteen_rate),	NULL },
	{ "农残检测次数",	FIG_COUNT,	FLD(tests),		NULL },
	{ "农残合格次数",	FIG_COUNT,	FLD(tests_passed),	NULL },
	{ "农残不合格次数",	FIG_COUNT,	FLD(tests_failed),	NULL },
	{ "农残合格率",		FIG_PERCENT,	FLD(tests_pass_rate),	NULL },
	{ "留样次数",		FIG_COUNT,	FLD(samples),		NULL },
	{ "留样天数",		FIG_COUNT,	FLD(sample_days),	NULL },
	{ "就餐天数",		FIG_COUNT,	FLD(meal_days),		NULL },
	{ "消毒次数",		FIG_COUNT,	FLD(disinfections),	NULL },
	{ "餐具消毒天数",	FIG_COUNT,	FLD(tableware_days),	NULL },
	{ "维修次数",		FIG_COUNT,	FLD(repairs),		a_rcat_count },
	{ "维修完成次数",	FIG_COUNT,	FLD(repairs_done),	NULL },
	{ "维修未完成次数",	FIG_COUNT,	FLD(repairs_open),	NULL },
	{ "投诉件数",		FIG_COUNT,	FLD(complaints),	NULL },
	{ "投诉办结件数",	FIG_COUNT,	FLD(complaints_closed),	NULL },
	{ "投诉未办结件数",	FIG_COUNT,	FLD(complaints_open),	NULL },
	{ "投诉平均办结天数",	FIG_TENTHS,	FLD(complaint_days),	NULL },
	{ "资助人数",		FIG_COUNT,	FLD(subsidy_people),	a_zcat_count },
	{ "资助人次",		FIG_COUNT,	FLD(subsidy_rows),	NULL },
	{ "资助金额",		FIG_MONEY,	FLD(subsidy_amount),	a_zcat_amount },
	{ "就餐人天",		FIG_COUNT,	FLD(child_days),	a_amonth_days },
	{ "应到人天",		FIG_COUNT,	FLD(due_days),		NULL },
	{ "出勤天数",		FIG_COUNT,	FLD(att_days),		NULL },
	{ "出勤率",		FIG_PERCENT,	FLD(att_rate),		a_amonth_rate },
	{ "人均日伙食成本",	FIG_MONEY,	FLD(cost_per_day),	a_amonth_cost },
	{ "人均日伙食费",	FIG_MONEY,	FLD(fee_per_day),	NULL },
};

#define NNAMED	(sizeof(named) / sizeof(named[0]))

/* The code points of s, at most max of them; returns how many. */
static size_t
codepoints(const char *s, long *cp, size_t max)
{
	const char	*e = s + strlen(s);
	size_t		 n = 0;
	long		 c;

	while (s < e && n < max)
		if ((c = utf8_next(&s, e)) >= 0)
			cp[n++] = c;
		else
			s++;
	return n;
}

/* Edit distance between two names, counted in characters. */
static size_t
name_distance(const char *a, const char *b)
{
	long	 x[32], y[32];
	size_t	 d[33], nx = codepoints(a, x, 32), ny = codepoints(b, y, 32);
	size_t	 i, j, prev, tmp;

	for (j = 0; j <= ny; j++)
		d[j] = j;
	for (i = 1; i <= nx; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= ny; j++) {
			tmp = d[j];
			d[j] = prev + (x[i - 1] != y[j - 1]);
			if (d[j - 1] + 1 < d[j])
				d[j] = d[j - 1] + 1;
			if (tmp + 1 < d[j])
				d[j] = tmp + 1;
			prev = tmp;
		}
	}
	return d[ny];
}

/*
 * Up to three valid figure names nearest to an unknown one, as
 * "“伙食支出”、“采购金额”" into b: those at the smallest edit
 * distance, if it is at most half the name's length (or 2).
 */
void
figures_suggest(const char *name, struct buf *b)
{
	size_t	 i, best = SIZE_MAX, dist, shown = 0;
	size_t	 limit = utf8_len(name) / 2 > 2 ? utf8_len(name) / 2 : 2;

	for (i = 0; i < NNAMED; i++)
		if ((dist = name_distance(name, named[i].name)) < best)
			best = dist;
	for (i = 0; i < NNAMED && best <= limit && shown < 3; i++)
		if (name_distance(name, named[i].name) == best)
			buf_addf(b, "%s\"%s\"", shown++ ? "、" : "",
			    named[i].name);
}

int
figures_lookup(const struct figures *f, const char *name, const char *arg,
    int *kind, int64_t *value)
{
	const struct named *n = NULL;
	size_t		 i;

	for (i = 0; i < NNAMED && n == NULL; i++)
		if (strcmp(named[i].name, name) == 0)
			n = &named[i];
	if (n == NULL)
		return FIG_UNKNOWN;
	*kind = n->kind;
	*value = 0;
	if (arg == NULL) {
		if (n->off == NOFIELD)
			return FIG_BADARG;
		*value = *(const int64_t *)(const void *)((const char *)f + n->off);
		return FIG_OK;
	}
	if (n->arg == NULL)
		return FIG_BADARG;
	return n->arg(f, arg, value) ? FIG_OK : FIG_NOARG;
}

/* Tenths as "12.5", with an optional suffix. */
static char *
tenths(int64_t v, const char *suffix, char *buf)
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	snprintf(buf, FIG_BUFSZ, "%s%llu.%llu%s", v < 0 ? "-" : "",
	    (unsigned long long)(a / 10), (unsigned long long)(a % 10), suffix);
	return buf;
}

char *
figures_text(int kind, int64_t value, char *buf)
{
	if (value == FIG_UNDEF && kind != FIG_COUNT) {
		snprintf(buf, FIG_BUFSZ, "—");
		return buf;
	}
	switch (kind) {
	case FIG_MONEY:
		return money_format(value, buf);
	case FIG_PERCENT:
		return tenths(value, "%", buf);
	case FIG_TENTHS:
		return tenths(value, "", buf);
	default:
		snprintf(buf, FIG_BUFSZ, "%lld", (long long)value);
		return buf;
	}
}

/* Where the scan of a body has got to: lines are counted once. */
struct cursor {
	const char	*at;	/* lines counted up to here */
	const char	*bol;	/* start of the line holding at */
	int		 line;
	const char	*colat;	/* characters counted up to here */
	int		 col;	/* column of colat, when on line bol */
};

/*
 * Line and character column of p in the body, for a finding.  p never
 * goes backwards, so the whole body is walked once, however many
 * findings it holds, on however few lines.
 */
static void
position(struct cursor *c, const char *p, int *line, int *col)
{
	for (; c->at < p; c->at++)
		if (*c->at == '\n') {
			c->line++;
			c->bol = c->at + 1;
		}
	if (c->colat < c->bol) {
		c->colat = c->bol;
		c->col = 1;
	}
	while (c->colat < p) {
		if (utf8_next(&c->colat, p) < 0)
			c->colat++;
		c->col++;
	}
	*line = c->line;
	*col = c->col;
}

/*
 * The first s in [p, e), or NULL.  Searches stay inside one
 * placeholder or one line, so a body is scanned a bounded number of
 * times however many placeholders it holds.
 */
static const char *
find(const char *p, const char *e, const char *s)
{
	size_t	 n = strlen(s);

	for (; p < e && (size_t)(e - p) >= n; p++)
		if (memcmp(p, s, n) == 0)
			return p;
	return NULL;
}

/* A copy of [s, e) without surrounding blanks. */
static char *
trimmed(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

/* An unknown figure name, with the nearest valid ones. */
static void
unknown_name(struct diag *d, const struct mdfile *md, int line, int col,
    const char *name)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*q = diag_quote(name);

	figures_suggest(name, &b);
	diag_add(d, SEV_ERROR, "summary.placeholder", md->src->path, line, col,
	    "未知的统计项 %s%s%s%s,全部名称见 docs/figures.md", q,
	    b.s != NULL ? "(是不是 " : "", b.s != NULL ? b.s : "",
	    b.s != NULL ? "?)" : "");
	free(q);
	buf_free(&b);
}

/* The next operator of an arithmetic placeholder in [s, e): " + " or " - ". */
static const char *
next_op(const char *s, const char *e)
{
	const char	*plus = find(s, e, " + "), *minus = find(s, e, " - ");

	if (plus == NULL || (minus != NULL && minus < plus))
		return minus;
	return plus;
}

/*
 * One operand "name" or "name:arg" of an arithmetic placeholder: its
 * kind and value, or the lookup's failure.  *name receives the name
 * (caller frees).
 */
static int
operand(const struct figures *f, const char *s, const char *e, int *kind,
    int64_t *v, char **name)
{
	const char	*colon = find(s, e, ":");
	char		*arg;
	int		 rc;

	if (colon == NULL)
		colon = find(s, e, "：");
	*name = trimmed(s, colon != NULL ? colon : e);
	arg = colon == NULL ? NULL : trimmed(colon + (*colon == ':' ? 1 :
	    strlen("：")), e);
	rc = **name == '\0' ? FIG_UNKNOWN : figures_lookup(f, *name, arg, kind, v);
	free(arg);
	return rc;
}

/*
 * {{伙食收入 - 伙食支出}}: figures of one kind (money or counts) added
 * and subtracted, so the summary can cite a difference the tables do
 * not name.  Percentages and averages do not add up and are refused.
 * Returns 0 and the result, or -1 after a finding (d may be NULL).
 */
static int
arith(const struct figures *f, const struct mdfile *md, struct diag *d,
    int line, int col, const char *s, const char *e, int *kind, int64_t *v)
{
	const char	*op = NULL, *next;
	char		*name;
	int64_t		 x;
	int		 k, rc;

	for (*v = 0, *kind = -1; s < e; s = next + 3, op = next) {
		if ((next = next_op(s, e)) == NULL)
			next = e;
		rc = operand(f, s, next, &k, &x, &name);
		if (rc != FIG_OK && rc != FIG_NOARG) {
			if (d != NULL && rc == FIG_UNKNOWN)
				unknown_name(d, md, line, col, name);
			else if (d != NULL)
				diag_add(d, SEV_ERROR, "summary.placeholder",
				    md->src->path, line, col,
				    "统计项 \"%s\" 的参数不对", name);
			free(name);
			return -1;
		}
		if ((k != FIG_MONEY && k != FIG_COUNT) || (*kind >= 0 && k != *kind)) {
			if (d != NULL)
				diag_add(d, SEV_ERROR, "summary.placeholder",
				    md->src->path, line, col, "统计项 \"%s\" 不能与"
				    "前面的统计项相加减(只有同为金额或同为次数的才可以)",
				    name);
			free(name);
			return -1;
		}
		free(name);
		*kind = k;
		if (op != NULL && *(op + 1) == '-' ?
		    __builtin_sub_overflow(*v, x, v) :
		    __builtin_add_overflow(*v, x, v))
			*v = x < 0 ? INT64_MIN : INT64_MAX;
		if (next == e)
			break;
	}
	return 0;
}

/*
 * Replace one placeholder, the text between "{{" and "}}"; the name
 * and argument are split at the first ASCII or full-width colon.
 * Appends the figure, or the placeholder as written after a finding.
 */
static void
expand1(const struct figures *f, const struct mdfile *md, struct diag *d,
    struct cursor *cur, const char *open, const char *close, struct buf *out)
{
	const char	*in = open + 2, *colon, *fw;
	char		*name, *arg = NULL, txt[FIG_BUFSZ];
	int		 kind, rc, line, col;
	int64_t		 v;

	if (next_op(in, close) != NULL) {
		position(cur, open, &line, &col);
		if (arith(f, md, d, line, col, in, close, &kind, &v) == 0)
			buf_adds(out, figures_text(kind, v, txt));
		else
			buf_add(out, open, (size_t)(close + 2 - open));
		return;
	}
	colon = find(in, close, ":");
	fw = find(in, close, "：");
	if (fw != NULL && (colon == NULL || fw < colon))
		colon = fw;
	name = trimmed(in, colon != NULL ? colon : close);
	if (colon != NULL)
		arg = trimmed(colon + (*colon == ':' ? 1 : strlen("：")), close);
	rc = *name == '\0' ? FIG_UNKNOWN : figures_lookup(f, name, arg, &kind, &v);
	if (rc == FIG_OK || rc == FIG_NOARG)
		buf_adds(out, figures_text(kind, v, txt));
	else
		buf_add(out, open, (size_t)(close + 2 - open));
	if (d != NULL && rc != FIG_OK)
		position(cur, open, &line, &col);
	if (d == NULL || rc == FIG_OK)
		goto out;
	if (rc == FIG_NOARG)
		diag_add(d, SEV_WARNING, "summary.placeholder-zero", md->src->path,
		    line, col, "统计项 \"%s:%s\" 在本期数据中没有,按 %s 计",
		    name, arg, txt);
	else if (*name == '\0')
		diag_add(d, SEV_ERROR, "summary.placeholder", md->src->path,
		    line, col, "{{ }} 中没有统计项名称");
	else if (rc == FIG_UNKNOWN)
		unknown_name(d, md, line, col, name);
	else if (arg == NULL)
		diag_add(d, SEV_ERROR, "summary.placeholder", md->src->path,
		    line, col, "统计项 \"%s\" 需要参数,如 {{%s:…}}", name, name);
	else
		diag_add(d, SEV_ERROR, "summary.placeholder", md->src->path,
		    line, col, "统计项 \"%s\" 不带参数", name);
out:
	free(name);
	free(arg);
}

/*
 * The next "{{" from p on, or NULL.  strchr, not strstr: AddressSanitizer's
 * strstr measures the whole rest of the text at every call, which made
 * a summary of 150,000 unclosed "{{" quadratic under `make asan` (46 s
 * for what takes 0.4 s).
 */
static const char *
next_braces(const char *p)
{
	while ((p = strchr(p, '{')) != NULL && p[1] != '{')
		p++;
	return p;
}

char *
figures_expand(const struct figures *f, const struct mdfile *md,
    struct diag *d)
{
	struct buf	 out = { NULL, 0, 0 };
	struct cursor	 cur;
	const char	*p, *open, *close, *eol = NULL;
	int		 line, col;

	buf_adds(&out, "");
	if (md == NULL || md->body == NULL)
		return out.s;
	cur.at = cur.bol = cur.colat = md->body;
	cur.line = md->body_line;
	cur.col = 1;
	for (p = md->body; (open = next_braces(p)) != NULL; p = close + 2) {
		buf_add(&out, p, (size_t)(open - p));
		if (eol == NULL || open > eol) {
			if ((eol = strchr(open, '\n')) == NULL)
				eol = open + strlen(open);
		}
		close = find(open + 2, eol, "}}");
		if (close == NULL) {
			if (d != NULL) {
				position(&cur, open, &line, &col);
				diag_add(d, SEV_ERROR, "summary.placeholder",
				    md->src->path, line, col,
				    "\"{{\" 没有对应的 \"}}\"");
			}
			buf_add(&out, open, (size_t)(eol - open));
			close = eol - 2;
			continue;
		}
		expand1(f, md, d, &cur, open, close, &out);
	}
	buf_adds(&out, p);
	return out.s;
}
