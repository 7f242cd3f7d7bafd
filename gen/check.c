/*
 * The checks of DESIGN.md's table, period by period: ledger, budget,
 * fees, canteen, food safety, operations, subsidies and the summary's
 * placeholders.  Rows that failed to parse were reported by the loader
 * and are skipped here.  Findings come in file order within a table,
 * tables in the order above, so the output is stable.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "figures.h"
#include "money.h"
#include "util.h"

struct ctx {
	const struct model	*m;
	const struct period	*p;
	const struct figures	*f;
	struct diag		*d;
	int			 hotline_done;	/* fees.no-hotline reported */
};

/* Shorthands for cells. */
static const struct value *
cell(const struct row *r, int c)
{
	return &r->v[c];
}

static int
has(const struct row *r, int c)
{
	return r->v[c].present;
}

static const char *
text(const struct row *r, int c)
{
	return r->v[c].present && r->v[c].s != NULL ? r->v[c].s : "";
}

static int64_t
num(const struct row *r, int c)
{
	return r->v[c].present ? r->v[c].n : 0;
}

static const char *
tpath(const struct table *t)
{
	return t->src != NULL ? t->src->path : t->spec->file;
}

/* The field number of column c in t's file (0 when absent). */
static int
colof(const struct table *t, int c)
{
	size_t	 i;

	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].v[c].col > 0)
			return t->rows[i].v[c].col;
	return 0;
}

/*
 * Add a finding about row r of t (NULL: the whole file), at column c
 * (-1: the whole row).
 */
static void
report(struct ctx *x, enum sev sev, const char *code, const struct table *t,
    const struct row *r, int c, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void
report(struct ctx *x, enum sev sev, const char *code, const struct table *t,
    const struct row *r, int c, const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(x->d, sev, code, tpath(t), r != NULL ? r->line : 0,
	    r != NULL && c >= 0 ? colof(t, c) : 0, "%s", b.s);
	buf_free(&b);
}

/* Formatting into caller buffers, so messages read as one printf. */
static char *
M(int64_t fen, char *buf)
{
	return money_format(fen, buf);
}

static char *
D(int day, char *buf)
{
	return date_iso(day, buf);
}

/* A date outside [start, end] of the period. */
static int
outside(const struct ctx *x, const struct row *r, int c)
{
	return has(r, c) && (cell(r, c)->n < x->p->start ||
	    cell(r, c)->n > x->p->end);
}

static void
report_outside(struct ctx *x, enum sev sev, const char *code,
    const struct table *t, const struct row *r, int c)
{
	char	 a[DATE_BUFSZ], b[DATE_BUFSZ], e[DATE_BUFSZ];

	report(x, sev, code, t, r, c, "日期 %s 不在本期(%s 至 %s)之内",
	    D((int)cell(r, c)->n, a), D(x->p->start, b), D(x->p->end, e));
}

/* Sort key for rows by a text column, ties by position. */
struct keyed {
	const char	*key;
	size_t		 i;
};

static int
keyedcmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int		 c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * For each row, the line of the first earlier good row with the same
 * non-empty key (0 if none).  Sorting keeps this O(n log n) for long
 * ledgers.  Caller frees.
 */
static int *
first_same(const struct table *t, const char *(*key)(const struct row *))
{
	struct keyed	*k = xcalloc(t->nrows, sizeof(*k));
	int		*first = xcalloc(t->nrows, sizeof(*first));
	size_t		 i, n = 0, run = 0;

	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad && *key(&t->rows[i]) != '\0') {
			k[n].key = key(&t->rows[i]);
			k[n++].i = i;
		}
	qsort(k, n, sizeof(*k), keyedcmp);
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(k[i].key, k[run].key) != 0)
			run = i;
		else
			first[k[i].i] = t->rows[k[run].i].line;
	}
	free(k);
	return first;
}

static const char *
voucher_key(const struct row *r)
{
	return text(r, L_VOUCHER);
}

/* An amount cell that holds a non-zero amount. */
static int
amount(const struct row *r, int c)
{
	return has(r, c) && cell(r, c)->n != 0;
}

/* The per-row ledger checks. */
static void
ledger_row(struct ctx *x, const struct table *t, const struct row *r,
    size_t i, int dup)
{
	char	 a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	int64_t	 prev = i > 0 ? x->f->balance[i - 1] : 0;

	if (dup)
		report(x, SEV_ERROR, "ledger.duplicate-voucher", t, r, L_VOUCHER,
		    "凭证号 %s 重复(首次出现于第 %d 行)", text(r, L_VOUCHER), dup);
	if (amount(r, L_INCOME) && amount(r, L_EXPENSE))
		report(x, SEV_ERROR, "ledger.both-amounts", t, r, L_INCOME,
		    "同一行既有收入 %s 又有支出 %s", M(num(r, L_INCOME), a),
		    M(num(r, L_EXPENSE), b));
	else if (!amount(r, L_INCOME) && !amount(r, L_EXPENSE))
		report(x, SEV_ERROR, "ledger.no-amount", t, r, L_INCOME,
		    "收入和支出都没有金额");
	if (outside(x, r, L_DATE))
		report_outside(x, SEV_ERROR, "ledger.outside-period", t, r, L_DATE);
	if (amount(r, L_EXPENSE) && *text(r, L_APPROVER) == '\0')
		report(x, SEV_WARNING, "ledger.no-approver", t, r, L_APPROVER,
		    "支出 %s 没有审批人", M(num(r, L_EXPENSE), a));
	else if (*text(r, L_HANDLER) != '\0' &&
	    strcmp(text(r, L_HANDLER), text(r, L_APPROVER)) == 0)
		report(x, SEV_WARNING, "ledger.self-approved", t, r, L_APPROVER,
		    "经办人与审批人是同一人");
	if (prev >= 0 && x->f->balance[i] < 0)
		report(x, SEV_WARNING, "ledger.negative-balance", t, r, -1,
		    "本行之后结余为负数:%s", M(x->f->balance[i], a));
}

/* A voucher split into its series prefix and trailing number. */
struct voucher {
	const char	*s;
	size_t		 plen;	/* length of the prefix */
	long		 n;
	int		 width;	/* digits as written */
	const struct row *r;
};

static int
voucher_split(const char *s, struct voucher *v)
{
	size_t	 len = strlen(s), j = len;

	while (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9')
		j--;
	if (j == len || len - j > 9)
		return -1;
	v->s = s;
	v->plen = j;
	v->n = strtol(s + j, NULL, 10);
	v->width = (int)(len - j);
	return 0;
}

static int
vouchercmp(const void *a, const void *b)
{
	const struct voucher *x = a, *y = b;
	size_t		 n = x->plen < y->plen ? x->plen : y->plen;
	int		 c = memcmp(x->s, y->s, n);

	if (c != 0)
		return c;
	if (x->plen != y->plen)
		return x->plen < y->plen ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return (x->r->line > y->r->line) - (x->r->line < y->r->line);
}

/* Report the numbers missing between two vouchers of one series. */
static void
voucher_gap(struct ctx *x, const struct table *t, const struct voucher *a,
    const struct voucher *b)
{
	const char	*p = a->s;
	int		 pl = (int)a->plen, w = a->width;

	if (b->n == a->n + 2)
		report(x, SEV_WARNING, "ledger.voucher-gap", t, b->r, L_VOUCHER,
		    "凭证号 %.*s%0*ld 缺号(%s 之后是 %s)", pl, p, w, a->n + 1,
		    a->s, b->s);
	else
		report(x, SEV_WARNING, "ledger.voucher-gap", t, b->r, L_VOUCHER,
		    "凭证号 %.*s%0*ld 至 %.*s%0*ld 缺号(%s 之后是 %s)",
		    pl, p, w, a->n + 1, pl, p, w, b->n - 1, a->s, b->s);
}

/* Order gaps by the line of the voucher after them: file order. */
static int
gapcmp(const void *a, const void *b)
{
	const struct voucher *const *x = a, *const *y = b;

	return (x[1]->r->line > y[1]->r->line) - (x[1]->r->line < y[1]->r->line);
}

/*
 * Gaps inside each voucher series: 记-001, 记-002, 记-005 misses 记-003
 * and 记-004.  A series is every voucher with the same text before its
 * trailing digits.  Reported in file order.
 */
static void
ledger_gaps(struct ctx *x, const struct table *t)
{
	struct voucher	*v = xcalloc(t->nrows, sizeof(*v));
	const struct voucher **gap = xcalloc(2 * t->nrows, sizeof(*gap));
	size_t		 i, n = 0, ng = 0;

	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad &&
		    voucher_split(text(&t->rows[i], L_VOUCHER), &v[n]) == 0)
			v[n++].r = &t->rows[i];
	qsort(v, n, sizeof(*v), vouchercmp);
	for (i = 1; i < n; i++)
		if (v[i].plen == v[i - 1].plen &&
		    memcmp(v[i].s, v[i - 1].s, v[i].plen) == 0 &&
		    v[i].n > v[i - 1].n + 1) {
			gap[2 * ng] = &v[i - 1];
			gap[2 * ng++ + 1] = &v[i];
		}
	qsort(gap, ng, 2 * sizeof(*gap), gapcmp);
	for (i = 0; i < ng; i++)
		voucher_gap(x, t, gap[2 * i], gap[2 * i + 1]);
	free(gap);
	free(v);
}

static void
check_ledger(struct ctx *x)
{
	const struct table *t = x->p->t[T_LEDGER];
	int		*dup;
	size_t		 i;

	if (t == NULL)
		return;
	dup = first_same(t, voucher_key);
	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad)
			ledger_row(x, t, &t->rows[i], i, dup[i]);
	free(dup);
	ledger_gaps(x, t);
}

static const char *
budget_key(const struct row *r)
{
	return text(r, B_ACCOUNT);
}

/* The first good ledger row of an account that spends. */
static const struct row *
first_expense(const struct table *t, const char *account)
{
	size_t	 i;

	for (i = 0; t != NULL && i < t->nrows; i++)
		if (!t->rows[i].bad && amount(&t->rows[i], L_EXPENSE) &&
		    strcmp(text(&t->rows[i], L_ACCOUNT), account) == 0)
			return &t->rows[i];
	return NULL;
}

/* The account whose budget is on line (its first budget row). */
static const struct fig_account *
budget_account(const struct figures *f, int line)
{
	size_t	 i;

	for (i = 0; i < f->nacct; i++)
		if (f->acct[i].budget_line == line)
			return &f->acct[i];
	return NULL;
}

/* Budget rows repeated, spending without a budget, spending over it. */
static void
check_budget(struct ctx *x)
{
	const struct table *t = x->p->t[T_BUDGET], *l = x->p->t[T_LEDGER];
	const struct fig_account *a;
	const struct row *r;
	char		 b1[MONEY_BUFSZ], b2[MONEY_BUFSZ], b3[FIG_BUFSZ];
	int		*dup;
	size_t		 i;

	if (t == NULL)
		return;
	dup = first_same(t, budget_key);
	for (i = 0; i < t->nrows; i++)
		if (dup[i])
			report(x, SEV_ERROR, "budget.duplicate-account", t,
			    &t->rows[i], B_ACCOUNT,
			    "科目 %s 的预算重复(首次出现于第 %d 行)",
			    text(&t->rows[i], B_ACCOUNT), dup[i]);
	free(dup);
	for (i = 0; i < x->f->nacct; i++) {
		a = &x->f->acct[i];
		if (!a->has_budget && a->expense > 0 &&
		    (r = first_expense(l, a->name)) != NULL)
			report(x, SEV_WARNING, "ledger.no-budget", l, r,
			    L_ACCOUNT, "科目 %s 有支出 %s 但没有预算",
			    a->name, M(a->expense, b1));
	}
	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		if (r->bad || (a = budget_account(x->f, r->line)) == NULL ||
		    a->expense <= a->budget)
			continue;
		report(x, SEV_WARNING, "ledger.over-budget", t, r, B_AMOUNT,
		    "科目 %s 支出 %s 超出预算 %s(执行率 %s)", a->name,
		    M(a->expense, b1), M(a->budget, b2),
		    figures_text(FIG_PERCENT, a->used, b3));
	}
}

/*
 * The unit's hotline, once per run, when some period publishes fees
 * (a missing unit.md is already an error of its own).
 */
static void
check_hotline(struct ctx *x)
{
	const struct mdfile *md = x->m->unit.md;

	if (x->hotline_done || md == NULL || (x->m->unit.hotline != NULL &&
	    *x->m->unit.hotline != '\0'))
		return;
	x->hotline_done = 1;
	diag_add(x->d, SEV_WARNING, "fees.no-hotline", md->src->path, 0, 0,
	    "收费公示需要投诉电话,unit.md 中没有 hotline(投诉电话)");
}

/* One fee item: its paperwork and its arithmetic. */
static void
fee_row(struct ctx *x, const struct table *t, const struct row *r,
    const struct fig_fee *e)
{
	char	 a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], d[MONEY_BUFSZ];

	if (*text(r, F_BASIS) == '\0')
		report(x, SEV_ERROR, "fees.no-basis", t, r, F_BASIS,
		    "收费项目 %s 没有收费依据", e->item);
	if (*text(r, F_UNIT) == '\0')
		report(x, SEV_WARNING, "fees.no-unit", t, r, F_UNIT,
		    "收费项目 %s 没有计费单位", e->item);
	if (*text(r, F_SCOPE) == '\0')
		report(x, SEV_WARNING, "fees.no-scope", t, r, F_SCOPE,
		    "收费项目 %s 没有收费范围", e->item);
	if (e->paid_people > e->due_people)
		report(x, SEV_ERROR, "fees.paid-exceeds-due", t, r, F_PAID,
		    "实收人数 %lld 超过应收人数 %lld",
		    (long long)e->paid_people, (long long)e->due_people);
	if (e->diff != 0)
		report(x, SEV_ERROR, "fees.amount-mismatch", t, r, F_COLLECTED,
		    "实收金额 %s ≠ 标准 %s × 实收人数 %lld − 退费 %s = %s",
		    M(e->collected, a), M(e->standard, b),
		    (long long)e->paid_people, M(e->refund, c),
		    M(e->expected, d));
	if (e->ledger_diff != 0 && e->in_ledger)
		report(x, SEV_WARNING, "fees.ledger-mismatch", t, r, F_COLLECTED,
		    "实收金额 %s ≠ 账目中科目 %s 的净收入 %s",
		    M(e->collected, a), e->item, M(e->ledger, b));
	else if (e->ledger_diff != 0)
		report(x, SEV_WARNING, "fees.ledger-mismatch", t, r, F_COLLECTED,
		    "实收金额 %s 未入账:账目中没有科目 %s",
		    M(e->collected, a), e->item);
}

static void
check_fees(struct ctx *x)
{
	const struct table *t = x->p->t[T_FEES];
	size_t		 i, k = 0;

	if (t == NULL)
		return;
	check_hotline(x);
	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad)
			fee_row(x, t, &t->rows[i], &x->f->fee[k++]);
}

/*
 * Produce that needs a pesticide test: vegetables, fruit, mushrooms,
 * by the purchase's 类别 (蔬菜, 叶菜类, 水果, 瓜果, 菌菇 ...).
 */
static int
produce(const char *category)
{
	return strstr(category, "蔬") != NULL || strstr(category, "果") != NULL ||
	    strstr(category, "菌") != NULL || strstr(category, "菜") != NULL;
}

/* One purchase: arithmetic, second signature, pesticide test. */
static void
purchase_row(struct ctx *x, const struct table *t, const struct row *r)
{
	char	 a[MONEY_BUFSZ], q[MONEY_BUFSZ], p[MONEY_BUFSZ], e[MONEY_BUFSZ];
	int64_t	 want;

	if (has(r, P_QTY) && has(r, P_PRICE) && has(r, P_AMOUNT) &&
	    (want = qty_times(num(r, P_QTY), num(r, P_PRICE))) != num(r, P_AMOUNT))
		report(x, SEV_ERROR, "canteen.amount-mismatch", t, r, P_AMOUNT,
		    "%s:金额 %s ≠ 数量 %s × 单价 %s = %s", text(r, P_NAME),
		    M(num(r, P_AMOUNT), a), qty_format(num(r, P_QTY), q),
		    M(num(r, P_PRICE), p), M(want, e));
	if (*text(r, P_RECEIVER) == '\0')
		report(x, SEV_WARNING, "canteen.no-receiver", t, r, P_RECEIVER,
		    "%s:没有验收员签字", text(r, P_NAME));
	else if (strcmp(text(r, P_RECEIVER), text(r, P_BUYER)) == 0)
		report(x, SEV_WARNING, "canteen.self-received", t, r, P_RECEIVER,
		    "%s:采购员与验收员是同一人", text(r, P_NAME));
	if (has(r, P_TEST) && num(r, P_TEST) == TEST_FAIL)
		report(x, SEV_WARNING, "canteen.failed-test", t, r, P_TEST,
		    "%s(%s)农残检测不合格", text(r, P_NAME), text(r, P_CATEGORY));
	else if (produce(text(r, P_CATEGORY)) &&
	    (!has(r, P_TEST) || num(r, P_TEST) == TEST_NONE))
		report(x, SEV_WARNING, "canteen.untested-produce", t, r, P_TEST,
		    "%s(%s)没有做农残检测", text(r, P_NAME), text(r, P_CATEGORY));
	if (outside(x, r, P_DATE))
		report_outside(x, SEV_WARNING, "canteen.outside-period", t, r,
		    P_DATE);
}

static void
check_purchases(struct ctx *x)
{
	const struct table *t = x->p->t[T_PURCHASES];
	char		 a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	size_t		 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad)
			purchase_row(x, t, &t->rows[i]);
	if (x->f->purchase_total != x->f->canteen_ledger)
		report(x, SEV_WARNING, "canteen.ledger-mismatch", t, NULL, -1,
		    "采购验收金额合计 %s ≠ 账目中科目 %s 的支出 %s",
		    M(x->f->purchase_total, a), x->m->unit.canteen_account ?
		    x->m->unit.canteen_account : "伙食支出",
		    M(x->f->canteen_ledger, b));
}

/* One sample: weight and how long it was kept. */
static void
sample_row(struct ctx *x, const struct table *t, const struct row *r)
{
	const struct unit *u = &x->m->unit;
	char		 a[DATE_BUFSZ], b[DATE_BUFSZ];
	int64_t		 kept;

	if (has(r, S_GRAMS) && num(r, S_GRAMS) < u->sample_grams)
		report(x, SEV_WARNING, "food.sample-weight", t, r, S_GRAMS,
		    "%s 留样 %lld 克,少于 %d 克", text(r, S_DISH),
		    (long long)num(r, S_GRAMS), u->sample_grams);
	if (has(r, S_KEPT) && has(r, S_DESTROYED)) {
		kept = num(r, S_DESTROYED) - num(r, S_KEPT);
		if (kept < 0)
			report(x, SEV_ERROR, "food.sample-order", t, r,
			    S_DESTROYED, "销样时间 %s 早于留样时间 %s",
			    datetime_iso(num(r, S_DESTROYED), a),
			    datetime_iso(num(r, S_KEPT), b));
		else if (kept < (int64_t)u->sample_hours * 60)
			report(x, SEV_WARNING, "food.sample-time", t, r,
			    S_DESTROYED, "%s 只留样 %lld 小时 %lld 分,不足 %d 小时",
			    text(r, S_DISH), (long long)(kept / 60),
			    (long long)(kept % 60), u->sample_hours);
	}
	if (outside(x, r, S_DATE))
		report_outside(x, SEV_WARNING, "food.outside-period", t, r, S_DATE);
}

static int
day_cmp(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int
day_in(const int *v, size_t n, int day)
{
	return n > 0 && bsearch(&day, v, n, sizeof(*v), day_cmp) != NULL;
}

/* The first good row of t dated day, or NULL. */
static const struct row *
row_on(const struct table *t, int c, int day)
{
	size_t	 i;

	for (i = 0; t != NULL && i < t->nrows; i++)
		if (!t->rows[i].bad && has(&t->rows[i], c) &&
		    cell(&t->rows[i], c)->n == day)
			return &t->rows[i];
	return NULL;
}

/*
 * Meal days (dates in samples.csv or purchases.csv) without a sample,
 * or without a tableware disinfection; each reported at the first row
 * that made the day a meal day.
 */
static void
meal_day(struct ctx *x, int day)
{
	const struct table *s = x->p->t[T_SAMPLES], *p = x->p->t[T_PURCHASES];
	const struct table *t = s;
	const struct row *r;
	char		 a[DATE_BUFSZ];

	if ((r = row_on(s, S_DATE, day)) == NULL) {
		t = p;
		r = row_on(p, P_DATE, day);
	}
	if (r == NULL)
		return;
	if (s != NULL && !day_in(x->f->sample_day, x->f->nsample_day, day))
		report(x, SEV_WARNING, "food.no-sample", t, r, -1,
		    "%s 有伙食采购但没有留样记录", D(day, a));
	if (x->p->t[T_DISINFECTION] != NULL &&
	    !day_in(x->f->tableware_day, x->f->ntableware_day, day))
		report(x, SEV_WARNING, "food.no-disinfection", t, r, -1,
		    "%s 是就餐日,但没有餐具消毒记录", D(day, a));
}

static void
check_food(struct ctx *x)
{
	const struct table *t;
	size_t		 i;

	for (t = x->p->t[T_SAMPLES], i = 0; t != NULL && i < t->nrows; i++)
		if (!t->rows[i].bad)
			sample_row(x, t, &t->rows[i]);
	for (t = x->p->t[T_DISINFECTION], i = 0; t != NULL && i < t->nrows; i++)
		if (!t->rows[i].bad && outside(x, &t->rows[i], D_DATE))
			report_outside(x, SEV_WARNING, "food.outside-period", t,
			    &t->rows[i], D_DATE);
	for (i = 0; i < x->f->nmeal_day; i++)
		meal_day(x, x->f->meal_day[i]);
}

/* One complaint: closed, with a result, within the unit's limit. */
static void
complaint_row(struct ctx *x, const struct table *t, const struct row *r)
{
	char	 a[DATE_BUFSZ], b[DATE_BUFSZ];
	int64_t	 days;

	if (outside(x, r, C_DATE))
		report_outside(x, SEV_WARNING, "ops.outside-period", t, r, C_DATE);
	if (!has(r, C_CLOSED)) {
		report(x, SEV_WARNING, "ops.complaint-open", t, r, C_CLOSED,
		    "%s 收到的投诉尚未办结", D((int)num(r, C_DATE), a));
		return;
	}
	if (*text(r, C_RESULT) == '\0')
		report(x, SEV_WARNING, "ops.complaint-no-result", t, r, C_RESULT,
		    "投诉已办结,但没有处理结果");
	days = num(r, C_CLOSED) - num(r, C_DATE);
	if (days < 0)
		report(x, SEV_ERROR, "ops.complaint-order", t, r, C_CLOSED,
		    "办结日期 %s 早于投诉日期 %s", D((int)num(r, C_CLOSED), a),
		    D((int)num(r, C_DATE), b));
	else if (days > x->m->unit.complaint_days)
		report(x, SEV_WARNING, "ops.complaint-slow", t, r, C_CLOSED,
		    "投诉 %lld 天后才办结,超过 %d 天", (long long)days,
		    x->m->unit.complaint_days);
}

static void
check_ops(struct ctx *x)
{
	const struct table *t;
	const struct row *r;
	char		 a[DATE_BUFSZ];
	size_t		 i;

	for (t = x->p->t[T_REPAIRS], i = 0; t != NULL && i < t->nrows; i++) {
		if ((r = &t->rows[i])->bad)
			continue;
		if (outside(x, r, R_DATE))
			report_outside(x, SEV_WARNING, "ops.outside-period", t, r,
			    R_DATE);
		if (has(r, R_STATUS) && num(r, R_STATUS) == REPAIR_OPEN)
			report(x, SEV_NOTE, "ops.repair-open", t, r, R_STATUS,
			    "%s 报修的%s维修(%s)到期末仍在处理中",
			    D((int)num(r, R_DATE), a), text(r, R_CATEGORY),
			    text(r, R_PLACE));
	}
	for (t = x->p->t[T_COMPLAINTS], i = 0; t != NULL && i < t->nrows; i++)
		if (!t->rows[i].bad)
			complaint_row(x, t, &t->rows[i]);
}

enum check_id
check_idno(const char *id, int latest, char *want)
{
	static const int	 weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3,
				    7, 9, 10, 5, 8, 4, 2 };
	static const char	 digit[] = "10X98765432";
	int			 i, sum = 0, y, m, d;

	if (strlen(id) != 18)
		return CHECK_ID_LENGTH;
	for (i = 0; i < 17; i++) {
		if (id[i] < '0' || id[i] > '9')
			return CHECK_ID_CHARS;
		sum += (id[i] - '0') * weight[i];
	}
	if ((id[17] < '0' || id[17] > '9') && id[17] != 'X' && id[17] != 'x')
		return CHECK_ID_CHARS;
	y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 +
	    (id[9] - '0');
	m = (id[10] - '0') * 10 + (id[11] - '0');
	d = (id[12] - '0') * 10 + (id[13] - '0');
	if (y < 1900 || !date_valid(y, m, d) || date_from_ymd(y, m, d) > latest)
		return CHECK_ID_BIRTH;
	*want = digit[sum % 11];
	if ((id[17] == 'x' ? 'X' : id[17]) != *want)
		return CHECK_ID_CHECKSUM;
	return CHECK_ID_OK;
}

/*
 * An ID number's problem in words.  Only the last four characters are
 * ever shown: findings reach more eyes than the subsidy register.
 */
static void
idno_row(struct ctx *x, const struct table *t, const struct row *r)
{
	const char	*id = text(r, Z_IDNO);
	char		 want = '?';

	switch (check_idno(id, x->p->end, &want)) {
	case CHECK_ID_OK:
		break;
	case CHECK_ID_LENGTH:
		report(x, SEV_ERROR, "subsidy.bad-id", t, r, Z_IDNO,
		    "身份证号有 %zu 位,应为 18 位", utf8_len(id));
		break;
	case CHECK_ID_CHARS:
		report(x, SEV_ERROR, "subsidy.bad-id", t, r, Z_IDNO,
		    "身份证号只能是 17 位数字加一位数字或 X");
		break;
	case CHECK_ID_BIRTH:
		report(x, SEV_ERROR, "subsidy.bad-id", t, r, Z_IDNO,
		    "身份证号(尾号 %s)中的出生日期不合理", id + 14);
		break;
	case CHECK_ID_CHECKSUM:
		report(x, SEV_ERROR, "subsidy.bad-id", t, r, Z_IDNO,
		    "身份证号(尾号 %s)校验码错误,应为 %c", id + 14, want);
		break;
	}
}

/* Is row i the first good row of its category? */
static int
first_in_category(const struct table *t, size_t i)
{
	size_t	 j;

	for (j = 0; j < i; j++)
		if (!t->rows[j].bad && strcmp(text(&t->rows[j], Z_CATEGORY),
		    text(&t->rows[i], Z_CATEGORY)) == 0)
			return 0;
	return 1;
}

/*
 * The amount against the unit's standards for the category
 * (subsidy_standard.<category> in unit.md); nothing to check when the
 * unit sets no standards at all.
 */
static void
standard_row(struct ctx *x, const struct table *t, size_t i)
{
	const struct unit *u = &x->m->unit;
	const struct row *r = &t->rows[i];
	struct buf	 list = { NULL, 0, 0 };
	char		 a[MONEY_BUFSZ];
	size_t		 k;
	int		 known = 0;

	if (u->nsub == 0)
		return;
	for (k = 0; k < u->nsub; k++) {
		if (strcmp(u->sub_cat[k], text(r, Z_CATEGORY)) != 0)
			continue;
		if (u->sub_amount[k] == num(r, Z_AMOUNT))
			return;
		buf_addf(&list, "%s%s", known++ ? "、" : "",
		    M(u->sub_amount[k], a));
	}
	if (!known && first_in_category(t, i))
		report(x, SEV_WARNING, "subsidy.no-standard", t, r, Z_CATEGORY,
		    "资助类别 %s 在 unit.md 中没有标准金额(subsidy_standard.%s)",
		    text(r, Z_CATEGORY), text(r, Z_CATEGORY));
	else if (known)
		report(x, SEV_WARNING, "subsidy.nonstandard-amount", t, r,
		    Z_AMOUNT, "资助金额 %s 不是类别 %s 的标准(%s)",
		    M(num(r, Z_AMOUNT), a), text(r, Z_CATEGORY), list.s);
	buf_free(&list);
}

static void
check_subsidies(struct ctx *x)
{
	const struct table *t = x->p->t[T_SUBSIDIES];
	const struct row *r;
	int		*dup;
	size_t		 i;

	if (t == NULL)
		return;
	dup = first_same(t, figures_person);
	for (i = 0; i < t->nrows; i++) {
		if ((r = &t->rows[i])->bad)
			continue;
		if (dup[i])
			report(x, SEV_WARNING, "subsidy.duplicate-student", t, r,
			    -1, "同一学生重复受助(首次出现于第 %d 行)", dup[i]);
		if (*text(r, Z_IDNO) != '\0')
			idno_row(x, t, r);
		standard_row(x, t, i);
	}
	free(dup);
}

/* Placeholders of the summary: expanded once for their findings. */
static void
check_summary(struct ctx *x)
{
	if (x->p->summary != NULL)
		free(figures_expand(x->f, x->p->summary, x->d));
}

void
check_run(const struct model *m, struct diag *d)
{
	struct ctx	 x;
	struct figures	*f;
	const char	*saved = d->period;
	size_t		 i;

	memset(&x, 0, sizeof(x));
	x.m = m;
	x.d = d;
	for (i = 0; i < m->nperiods; i++) {
		x.p = m->periods[i];
		x.f = f = figures_compute(m, x.p);
		d->period = x.p->name;
		check_ledger(&x);
		check_budget(&x);
		check_fees(&x);
		check_purchases(&x);
		check_food(&x);
		check_ops(&x);
		check_subsidies(&x);
		check_summary(&x);
		figures_free(f);
	}
	d->period = saved;
}
