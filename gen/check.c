/*
 * The checks of DESIGN.md's table, period by period: each table's
 * hook in registry order (model.h), then personal data in public text
 * and the summary (placeholders, then personal data).
 * Rows that failed to parse were reported by the loader and are
 * skipped here.  Findings come in file order within a table, tables in
 * the order above, so the output is stable.
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
#include "pii.h"
#include "util.h"

struct check_ctx {
	const struct model	*m;
	const struct period	*p;
	const struct figures	*f;
	struct diag		*d;
	int			 hotline_done;	/* fees.no-hotline reported */
};

/*
 * Can the tables in mask (bits of enum tableid) be compared with each
 * other?  Not when one of them lost rows to errors: totals would differ
 * for that reason alone, and the findings would only echo the errors,
 * which stop the build anyway.
 */
static int
whole(const struct check_ctx *x, unsigned mask)
{
	const struct table	*t;
	int			 id;

	for (id = 0; id < T__MAX; id++) {
		t = x->p->t[id];
		if ((mask & (1u << id)) && t != NULL && t->incomplete)
			return 0;
	}
	return 1;
}

#define TB(id)	(1u << (id))

static int
has(const struct row *r, int c)
{
	return r->v[c].present;
}

static const char *
tpath(const struct table *t)
{
	return t->where != NULL ? t->where : t->spec->file;
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
report(struct check_ctx *x, enum sev sev, const char *code, const struct table *t,
    const struct row *r, int c, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void
report(struct check_ctx *x, enum sev sev, const char *code, const struct table *t,
    const struct row *r, int c, const char *fmt, ...)
{
	struct buf	 b = { NULL, 0, 0 };
	va_list		 ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(x->d, sev, code, tpath(t), r != NULL ? r->line : 0,
	    r != NULL && c >= 0 ? colof(t, c) : 0, "%s", b.s);
	if (r != NULL)
		diag_cause(x->d, fmt);	/* one line for the rows it is on */
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
outside(const struct check_ctx *x, const struct row *r, int c)
{
	return has(r, c) && (figures_cell(r, c)->n < x->p->start ||
	    figures_cell(r, c)->n > x->p->end);
}

static void
report_outside(struct check_ctx *x, enum sev sev, const char *code,
    const struct table *t, const struct row *r, int c)
{
	char	 a[DATE_BUFSZ], b[DATE_BUFSZ], e[DATE_BUFSZ];

	report(x, sev, code, t, r, c, "日期 %s 不在本期(%s 至 %s)之内",
	    D((int)figures_num(r, c), a), D(x->p->start, b), D(x->p->end, e));
}

/* The month of a ledger row as year * 12 + month - 1; 0 without a date. */
static int
row_month(const struct row *r)
{
	int	 y, m, d;

	if (!has(r, L_DATE))
		return 0;
	date_to_ymd((int)figures_num(r, L_DATE), &y, &m, &d);
	return y * 12 + m - 1;
}


/* An amount cell that holds a non-zero amount. */
static int
amount(const struct row *r, int c)
{
	return has(r, c) && figures_cell(r, c)->n != 0;
}

/* The per-row ledger checks. */
static void
ledger_row(struct check_ctx *x, const struct table *t, const struct row *r,
    size_t i, int dup, const char *mon)
{
	char	 a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	int64_t	 prev = i > 0 ? x->f->balance[i - 1] : 0;

	if (dup)
		report(x, SEV_ERROR, "ledger.duplicate-voucher", t, r, L_VOUCHER,
		    "%s凭证号 %s 重复(首次出现于第 %d 行)", mon,
		    figures_str(r, L_VOUCHER), dup);
	if (amount(r, L_INCOME) && amount(r, L_EXPENSE))
		report(x, SEV_ERROR, "ledger.both-amounts", t, r, L_INCOME,
		    "同一行既有收入 %s 又有支出 %s", M(figures_num(r, L_INCOME),
		    a), M(figures_num(r, L_EXPENSE), b));
	else if (!amount(r, L_INCOME) && !amount(r, L_EXPENSE))
		report(x, SEV_ERROR, "ledger.no-amount", t, r, L_INCOME,
		    "收入和支出都没有金额");
	if (outside(x, r, L_DATE))
		report_outside(x, SEV_ERROR, "ledger.outside-period", t, r, L_DATE);
	if (amount(r, L_EXPENSE) && *figures_str(r, L_APPROVER) == '\0')
		report(x, SEV_WARNING, "ledger.no-approver", t, r, L_APPROVER,
		    "支出 %s 没有审批人", M(figures_num(r, L_EXPENSE), a));
	else if (*figures_str(r, L_HANDLER) != '\0' &&
	    strcmp(figures_str(r, L_HANDLER), figures_str(r, L_APPROVER)) == 0)
		report(x, SEV_WARNING, "ledger.self-approved", t, r, L_APPROVER,
		    "凭证 %s(%s %s)的经办人与审批人是同一人",
		    figures_str(r, L_VOUCHER), amount(r, L_EXPENSE) ? "支出" : "收入",
		    M(figures_num(r, amount(r, L_EXPENSE) ? L_EXPENSE : L_INCOME), a));
	if (prev >= 0 && x->f->balance[i] < 0 && whole(x, TB(T_LEDGER)))
		report(x, SEV_WARNING, "ledger.negative-balance", t, r, -1,
		    "本行之后结余为负数:%s", M(x->f->balance[i], a));
}

/* A voucher split into its series prefix and trailing number. */
struct voucher {
	int		 month;	/* year * 12 + month - 1 when numbers restart monthly, else 0 */
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

	if (x->month != y->month)
		return x->month < y->month ? -1 : 1;
	if (c != 0)
		return c;
	if (x->plen != y->plen)
		return x->plen < y->plen ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return (x->r->line > y->r->line) - (x->r->line < y->r->line);
}

/* "2023年10月" before a monthly voucher, nothing otherwise. */
static void
month_label(int month, char *buf, size_t size)
{
	if (month == 0)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%d年%d月", month / 12, month % 12 + 1);
}

/* Report the numbers missing between two vouchers of one series. */
static void
voucher_gap(struct check_ctx *x, const struct table *t, const struct voucher *a,
    const struct voucher *b)
{
	const char	*p = a->s;
	int		 pl = (int)a->plen, w = a->width;
	char		 mon[32];

	month_label(a->month, mon, sizeof(mon));
	if (b->n == a->n + 2)
		report(x, SEV_WARNING, "ledger.voucher-gap", t, b->r, L_VOUCHER,
		    "%s凭证号 %.*s%0*ld 缺号(%s 之后是 %s)", mon, pl, p, w,
		    a->n + 1, a->s, b->s);
	else
		report(x, SEV_WARNING, "ledger.voucher-gap", t, b->r, L_VOUCHER,
		    "%s凭证号 %.*s%0*ld 至 %.*s%0*ld 缺号(%s 之后是 %s)", mon,
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
ledger_gaps(struct check_ctx *x, const struct table *t, int monthly)
{
	struct voucher	*v = xcalloc(t->nrows, sizeof(*v));
	const struct voucher **gap = xcalloc(2 * t->nrows, sizeof(*gap));
	size_t		 i, n = 0, ng = 0;

	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad && voucher_split(figures_str(&t->rows[i],
		    L_VOUCHER), &v[n]) == 0) {
			v[n].month = monthly ? row_month(&t->rows[i]) : 0;
			v[n++].r = &t->rows[i];
		}
	sort_unless_ordered(v, n, sizeof(*v), vouchercmp);
	for (i = 1; i < n; i++)
		if (v[i].plen == v[i - 1].plen && v[i].month == v[i - 1].month &&
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

/* A voucher seen, in voucher_dups' hash table. */
struct vseen {
	const char	*v;	/* NULL: the slot is free */
	size_t		 hash;	/* vhash of v: most probes end here, not in v */
	int		 month;
	int		 line;
};

/* FNV-1a of a voucher and its month. */
static size_t
vhash(const char *v, int month)
{
	size_t	 h = 2166136261u ^ (size_t)month;

	for (; *v != '\0'; v++)
		h = (h ^ (unsigned char)*v) * 16777619u;
	return h;
}

/*
 * For each row, the line of the first earlier row with the same
 * voucher (in the same month when monthly), 0 if none; *ndup counts
 * the repeats.  One pass in file order with a hash table of the
 * vouchers seen, so the one found is the earliest.  Caller frees.
 */
static int *
voucher_dups(const struct table *t, int monthly, size_t *ndup)
{
	struct vseen	*tab;
	int		*dup = xcalloc(t->nrows + 1, sizeof(*dup));
	const char	*v;
	size_t		 cap = 16, i, h, hv;
	int		 m;

	while (cap < 2 * t->nrows)
		cap *= 2;
	tab = xcalloc(cap, sizeof(*tab));
	for (*ndup = 0, i = 0; i < t->nrows; i++) {
		if (t->rows[i].bad || *(v = figures_str(&t->rows[i],
		    L_VOUCHER)) == '\0')
			continue;
		m = monthly ? row_month(&t->rows[i]) : 0;
		hv = vhash(v, m);
		for (h = hv & (cap - 1); tab[h].v != NULL && (tab[h].hash != hv ||
		    tab[h].month != m || strcmp(tab[h].v, v) != 0);
		    h = (h + 1) & (cap - 1))
			;
		if (tab[h].v != NULL) {
			dup[i] = tab[h].line;
			(*ndup)++;
		} else {
			tab[h].v = v;
			tab[h].hash = hv;
			tab[h].month = m;
			tab[h].line = t->rows[i].line;
		}
	}
	free(tab);
	return dup;
}

/*
 * Does every month's numbering start at 1 (or 0)?  Months are counted
 * in a small table of (month, lowest number) pairs; rows without a
 * numbered voucher or a date do not count.
 */
static int
months_restart(const struct table *t)
{
	struct voucher	 v;
	int		*mon = xcalloc(t->nrows + 1, sizeof(int));
	long		*low = xcalloc(t->nrows + 1, sizeof(long));
	size_t		 i, k, n = 0;
	int		 m, ok = 1;

	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i].bad || (m = row_month(&t->rows[i])) == 0 ||
		    voucher_split(figures_str(&t->rows[i], L_VOUCHER), &v) != 0)
			continue;
		for (k = 0; k < n && mon[k] != m; k++)
			;
		if (k == n) {
			mon[n] = m;
			low[n++] = v.n;
		} else if (v.n < low[k])
			low[k] = v.n;
	}
	for (k = 0; k < n; k++)
		ok &= low[k] <= 1;
	free(mon);
	free(low);
	return ok && n >= 2;
}

/*
 * Do the vouchers restart every month?  The unit says so, or, left to
 * detect, numbers repeat across the ledger and every month starts again
 * at 1 -- how accounting packages number 记-1, 记-2 ... each month.
 * Detecting finds the repeats across the whole ledger; when the answer
 * is no, they are the ones to report, left in *dup (else *dup is NULL).
 */
static int
vouchers_monthly(struct check_ctx *x, const struct table *t, int **dup,
    size_t *ndup)
{
	*dup = NULL;
	if (x->m->unit.voucher_monthly >= 0)
		return x->m->unit.voucher_monthly;
	*dup = voucher_dups(t, 0, ndup);
	if (*ndup == 0 || !months_restart(t))
		return 0;
	free(*dup);
	*dup = NULL;
	report(x, SEV_NOTE, "ledger.monthly-vouchers", t, NULL, -1,
	    "凭证号每月从头编号,按月检查重号和缺号"
	    "(如不是这样,请在 unit.md 中设 voucher_numbering: continuous)");
	return 1;
}

void
check_ledger(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_LEDGER];
	int		*dup, monthly;
	size_t		 i, ndup;
	char		 mon[32];

	if (t == NULL)
		return;
	monthly = vouchers_monthly(x, t, &dup, &ndup);
	if (dup == NULL)
		dup = voucher_dups(t, monthly, &ndup);
	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i].bad)
			continue;
		month_label(dup[i] && monthly ? row_month(&t->rows[i]) : 0,
		    mon, sizeof(mon));
		ledger_row(x, t, &t->rows[i], i, dup[i], mon);
	}
	free(dup);
	if (whole(x, TB(T_LEDGER)))
		ledger_gaps(x, t, monthly);
}

static const char *
budget_key(const struct row *r)
{
	return figures_str(r, B_ACCOUNT);
}

/*
 * Budget rows repeated, spending without a budget, spending over it.
 * An account that took in at least what it paid out (refunds of a fee,
 * a canteen's meal takings, money collected for others and passed on)
 * is not spending and needs no budget line.
 */
void
check_budget(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_BUDGET], *l = x->p->t[T_LEDGER];
	const struct fig_account *a;
	const struct row *r;
	char		 b1[MONEY_BUFSZ], b2[MONEY_BUFSZ], b3[FIG_BUFSZ];
	int		*dup;
	size_t		 i;

	if (t == NULL)
		return;
	dup = figures_first_same(t, budget_key, NULL);
	for (i = 0; i < t->nrows; i++)
		if (dup[i])
			report(x, SEV_ERROR, "budget.duplicate-account", t,
			    &t->rows[i], B_ACCOUNT,
			    "科目 %s 的预算重复(首次出现于第 %d 行)",
			    figures_str(&t->rows[i], B_ACCOUNT), dup[i]);
	free(dup);
	if (!whole(x, TB(T_LEDGER) | TB(T_BUDGET)))
		return;
	for (i = 0; i < x->f->nacct; i++) {
		a = &x->f->acct[i];
		if (!a->has_budget && a->expense > a->income &&
		    a->expense_row != NULL)
			report(x, SEV_WARNING, "ledger.no-budget", l,
			    a->expense_row, L_ACCOUNT, "科目 %s 有支出 %s 但没有预算",
			    a->name, M(a->expense, b1));
	}
	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		if (r->bad)
			continue;
		a = figures_account(x->f, figures_str(r, B_ACCOUNT));
		if (a == NULL || a->budget_line != r->line ||
		    a->expense <= a->budget)
			continue;
		report(x, SEV_WARNING, "ledger.over-budget", t, r, B_AMOUNT,
		    "科目 %s 支出 %s 超出预算 %s(执行率 %s)", a->name,
		    M(a->expense, b1), M(a->budget, b2),
		    figures_text(FIG_PERCENT, a->used, b3));
	}
}

/*
 * The unit's hotline, once per run, when some period publishes fees:
 * a fee table with rows, not the empty sheet of a new workbook (a
 * missing unit.md is already an error of its own).
 */
static void
check_hotline(struct check_ctx *x)
{
	const struct mdfile *md = x->m->unit.md;

	if (x->hotline_done || md == NULL || (x->m->unit.hotline != NULL &&
	    *x->m->unit.hotline != '\0'))
		return;
	x->hotline_done = 1;
	diag_add(x->d, SEV_WARNING, "fees.no-hotline", md->src->path, 0, 0,
	    "收费公示需要投诉电话,unit.md 中没有 hotline(投诉电话)");
}

/*
 * A 代收费 item's settlement once paid out: the balance to refund to
 * the payers, or the shortfall to collect (多退少补).
 */
static void
fee_settlement(struct check_ctx *x, const struct table *t, const struct row *r,
    const struct fig_fee *e)
{
	char	 a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ];

	if (e->before || !e->in_ledger || e->paid_out == 0 || e->settle == 0)
		return;
	report(x, SEV_NOTE, "fees.agency-settlement", t, r, F_COLLECTED,
	    "代收费 %s 实收 %s,已代付 %s,%s %s,请%s并公示", e->item,
	    M(e->collected, a), M(e->paid_out, b),
	    e->settle > 0 ? "结余" : "不足", M(e->settle > 0 ? e->settle :
	    -e->settle, c), e->settle > 0 ? "退还缴费人" : "说明补收办法");
}

/* The collection columns of a fee: all empty (事前公示) or all there. */
static int
fee_half(struct check_ctx *x, const struct table *t, const struct row *r,
    const struct fig_fee *e)
{
	if (has(r, F_PAID) == has(r, F_COLLECTED))
		return 0;
	report(x, SEV_ERROR, "fees.half-collected", t, r,
	    has(r, F_PAID) ? F_COLLECTED : F_PAID,
	    "收费项目 %s 的实收人数和实收金额要么都填(收费后),"
	    "要么都空着(收费前的事前公示)", e->item);
	return 1;
}

/* The arithmetic of a collected fee, and its ledger. */
static void
fee_amounts(struct check_ctx *x, const struct table *t, const struct row *r,
    const struct fig_fee *e)
{
	char	 a[MONEY_BUFSZ], b[MONEY_BUFSZ], c[MONEY_BUFSZ], d[MONEY_BUFSZ];

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
	if (e->ledger_diff != 0 && !whole(x, TB(T_LEDGER) | TB(T_FEES)))
		return;
	if (e->ledger_diff != 0 && e->in_ledger)
		report(x, SEV_WARNING, "fees.ledger-mismatch", t, r, F_COLLECTED,
		    "实收金额 %s ≠ 账目中科目 %s 的%s %s",
		    M(e->collected, a), e->item, e->agency ? "收入" : "净收入",
		    M(e->ledger, b));
	else if (e->ledger_diff != 0)
		report(x, SEV_WARNING, "fees.ledger-mismatch", t, r, F_COLLECTED,
		    "实收金额 %s 未入账:账目中没有科目 %s",
		    M(e->collected, a), e->item);
	fee_settlement(x, t, r, e);
}

/* One fee item: its paperwork and its arithmetic. */
static void
fee_row(struct check_ctx *x, const struct table *t, const struct row *r,
    const struct fig_fee *e)
{
	if (*figures_str(r, F_BASIS) == '\0')
		report(x, SEV_ERROR, "fees.no-basis", t, r, F_BASIS,
		    "收费项目 %s 没有收费依据", e->item);
	if (*figures_str(r, F_UNIT) == '\0')
		report(x, SEV_WARNING, "fees.no-unit", t, r, F_UNIT,
		    "收费项目 %s 没有计费单位", e->item);
	if (*figures_str(r, F_SCOPE) == '\0')
		report(x, SEV_WARNING, "fees.no-scope", t, r, F_SCOPE,
		    "收费项目 %s 没有收费范围", e->item);
	if (!fee_half(x, t, r, e) && !e->before)
		fee_amounts(x, t, r, e);
}

/* Is account the name of one of the period's fee items? */
static int
fee_item(const struct check_ctx *x, const char *account)
{
	size_t	 k;

	for (k = 0; k < x->f->nfee; k++)
		if (strcmp(x->f->fee[k].item, account) == 0)
			return 1;
	return 0;
}

/*
 * Income the notice does not announce: a ledger account that receives
 * more than it spends (so not an expense account with a refund), is no
 * fee item and no non-fee income (model_non_fee) -- 班费, 教辅资料费.
 * The notice says 凡未列入本表的项目,一律不得收取; this is the check
 * for it, once per account at its first income row.
 */
static void
check_unlisted(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_LEDGER];
	const struct fig_account *a;
	const struct row *r;
	unsigned char	*done;
	char		 m[MONEY_BUFSZ];
	size_t		 i;

	if (t == NULL || !whole(x, TB(T_LEDGER) | TB(T_FEES)))
		return;
	done = xcalloc(x->f->nacct + 1, 1);
	for (i = 0; i < t->nrows; i++) {
		r = &t->rows[i];
		if (r->bad || !amount(r, L_INCOME) ||
		    (a = figures_account(x->f, figures_str(r, L_ACCOUNT))) == NULL ||
		    done[a - x->f->acct] || a->income <= a->expense ||
		    fee_item(x, a->name) || model_non_fee(&x->m->unit, a->name))
			continue;
		done[a - x->f->acct] = 1;
		report(x, SEV_WARNING, "fees.unlisted", t, r, L_ACCOUNT,
		    "未公示的收费项目:科目 %s 收入 %s,既不是收费公示中的项目,"
		    "也不在 unit.md 的 non_fee_income(非收费收入)中;"
		    "请在 fees.csv 中公示,或在 non_fee_income 中说明",
		    a->name, M(a->income, m));
	}
	free(done);
}

void
check_fees(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_FEES];
	size_t		 i, k = 0;

	if (t == NULL)
		return;
	if (t->nrows > 0)
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
purchase_row(struct check_ctx *x, const struct table *t, const struct row *r)
{
	const char	*name = figures_str(r, P_NAME);
	const char	*cat = figures_str(r, P_CATEGORY);
	const char	*receiver = figures_str(r, P_RECEIVER);
	char		 a[MONEY_BUFSZ], q[MONEY_BUFSZ];
	char		 p[MONEY_BUFSZ], e[MONEY_BUFSZ];
	int64_t		 qty = figures_num(r, P_QTY);
	int64_t		 price = figures_num(r, P_PRICE);
	int64_t		 amt = figures_num(r, P_AMOUNT), want;

	if (has(r, P_QTY) && has(r, P_PRICE) && has(r, P_AMOUNT) &&
	    (want = qty_times(qty, price)) != amt)
		report(x, SEV_ERROR, "canteen.amount-mismatch", t, r, P_AMOUNT,
		    "%s:金额 %s ≠ 数量 %s × 单价 %s = %s", name, M(amt, a),
		    qty_format(qty, q), M(price, p), M(want, e));
	if (*receiver == '\0')
		report(x, SEV_WARNING, "canteen.no-receiver", t, r, P_RECEIVER,
		    "%s:没有验收员签字", name);
	else if (strcmp(receiver, figures_str(r, P_BUYER)) == 0)
		report(x, SEV_WARNING, "canteen.self-received", t, r, P_RECEIVER,
		    "%s:采购员与验收员是同一人", name);
	if (has(r, P_TEST) && figures_num(r, P_TEST) == TEST_FAIL)
		report(x, SEV_WARNING, "canteen.failed-test", t, r, P_TEST,
		    "%s(%s)农残检测不合格", name, cat);
	else if (produce(cat) &&
	    (!has(r, P_TEST) || figures_num(r, P_TEST) == TEST_NONE))
		report(x, SEV_WARNING, "canteen.untested-produce", t, r, P_TEST,
		    "%s(%s)没有做农残检测", name, cat);
	if (outside(x, r, P_DATE))
		report_outside(x, SEV_WARNING, "canteen.outside-period", t, r,
		    P_DATE);
}

void
check_purchases(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_PURCHASES];
	char		 a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	size_t		 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad)
			purchase_row(x, t, &t->rows[i]);
	if (x->f->purchase_total != x->f->canteen_ledger &&
	    whole(x, TB(T_LEDGER) | TB(T_PURCHASES)))
		report(x, SEV_WARNING, "canteen.ledger-mismatch", t, NULL, -1,
		    "采购验收金额合计 %s ≠ 账目中科目 %s 的支出 %s",
		    M(x->f->purchase_total, a), x->m->unit.canteen_account ?
		    x->m->unit.canteen_account : "伙食支出",
		    M(x->f->canteen_ledger, b));
}

/* One sample: weight and how long it was kept. */
static void
sample_row(struct check_ctx *x, const struct table *t, const struct row *r)
{
	const struct unit *u = &x->m->unit;
	char		 a[DATE_BUFSZ], b[DATE_BUFSZ];
	int64_t		 kept;

	if (has(r, S_GRAMS) && figures_num(r, S_GRAMS) < u->sample_grams)
		report(x, SEV_WARNING, "food.sample-weight", t, r, S_GRAMS,
		    "%s 留样 %lld 克,少于 %d 克", figures_str(r, S_DISH),
		    (long long)figures_num(r, S_GRAMS), u->sample_grams);
	if (has(r, S_KEPT) && has(r, S_DESTROYED)) {
		kept = figures_num(r, S_DESTROYED) - figures_num(r, S_KEPT);
		if (kept < 0)
			report(x, SEV_ERROR, "food.sample-order", t, r,
			    S_DESTROYED, "销样时间 %s 早于留样时间 %s",
			    datetime_iso(figures_num(r, S_DESTROYED), a),
			    datetime_iso(figures_num(r, S_KEPT), b));
		else if (kept < (int64_t)u->sample_hours * 60)
			report(x, SEV_WARNING, "food.sample-time", t, r,
			    S_DESTROYED, "%s 只留样 %lld 小时 %lld 分,不足 %d 小时",
			    figures_str(r, S_DISH), (long long)(kept / 60),
			    (long long)(kept % 60), u->sample_hours);
	}
	if (outside(x, r, S_DATE))
		report_outside(x, SEV_WARNING, "food.outside-period", t, r, S_DATE);
}

static int
day_in(const int *v, size_t n, int day)
{
	return n > 0 && bsearch(&day, v, n, sizeof(*v), figures_intcmp) != NULL;
}

/* The first good row of a table on each day it has, by day. */
struct dayrow {
	int			 day;
	const struct row	*r;
};

static int
dayrowcmp(const void *a, const void *b)
{
	const struct dayrow *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->r->line > y->r->line) - (x->r->line < y->r->line);
}

/*
 * The days of column c of t, each with its first good row, sorted:
 * looked up once per meal day, where a scan of the table for each
 * would be quadratic.  Rows of one day usually stand together, and
 * only the first of such a run can be its day's first: the others are
 * left out before sorting.  Caller frees.
 */
static struct dayrow *
dayrows(const struct table *t, int c, size_t *n)
{
	struct dayrow	*v;
	size_t		 i, j = 0;

	*n = 0;
	if (t == NULL)
		return NULL;
	v = xcalloc(t->nrows, sizeof(*v));
	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad && has(&t->rows[i], c) && (*n == 0 ||
		    v[*n - 1].day != (int)figures_num(&t->rows[i], c))) {
			v[*n].day = (int)figures_num(&t->rows[i], c);
			v[(*n)++].r = &t->rows[i];
		}
	sort_unless_ordered(v, *n, sizeof(*v), dayrowcmp);
	for (i = 0; i < *n; i++)
		if (j == 0 || v[j - 1].day != v[i].day)
			v[j++] = v[i];
	*n = j;
	return v;
}

static int
daykeycmp(const void *key, const void *elem)
{
	return figures_intcmp(key, &((const struct dayrow *)elem)->day);
}

/* The first good row dated day, or NULL. */
static const struct row *
row_on(const struct dayrow *v, size_t n, int day)
{
	const struct dayrow *d;

	if (n == 0)
		return NULL;
	d = bsearch(&day, v, n, sizeof(*v), daykeycmp);
	return d != NULL ? d->r : NULL;
}

/*
 * Meal days (dates in samples.csv or purchases.csv) without a sample,
 * or without a tableware disinfection; each reported at the first row
 * that made the day a meal day: a sample, else a purchase.
 */
static void
meal_days(struct check_ctx *x)
{
	const struct table *s = x->p->t[T_SAMPLES], *p = x->p->t[T_PURCHASES];
	const struct table *t;
	const struct row *r;
	struct dayrow	*sd, *pd;
	char		 a[DATE_BUFSZ];
	size_t		 i, ns, np;
	int		 day;

	sd = dayrows(s, S_DATE, &ns);
	pd = dayrows(p, P_DATE, &np);
	for (i = 0; i < x->f->nmeal_day; i++) {
		day = x->f->meal_day[i];
		t = s;
		if ((r = row_on(sd, ns, day)) == NULL) {
			t = p;
			r = row_on(pd, np, day);
		}
		if (r == NULL)
			continue;
		if (s != NULL &&
		    !day_in(x->f->sample_day, x->f->nsample_day, day))
			report(x, SEV_WARNING, "food.no-sample", t, r, -1,
			    "%s 有伙食采购但没有留样记录", D(day, a));
		if (x->p->t[T_DISINFECTION] != NULL &&
		    !day_in(x->f->tableware_day, x->f->ntableware_day, day))
			report(x, SEV_WARNING, "food.no-disinfection", t, r, -1,
			    "%s 是就餐日,但没有餐具消毒记录", D(day, a));
	}
	free(sd);
	free(pd);
}

void
check_samples(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_SAMPLES];
	size_t		 i;

	for (i = 0; t != NULL && i < t->nrows; i++)
		if (!t->rows[i].bad)
			sample_row(x, t, &t->rows[i]);
}

/* Disinfection dates; then meal days, the last of the food tables. */
void
check_disinfection(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_DISINFECTION];
	size_t		 i;

	for (i = 0; t != NULL && i < t->nrows; i++)
		if (!t->rows[i].bad && outside(x, &t->rows[i], D_DATE))
			report_outside(x, SEV_WARNING, "food.outside-period", t,
			    &t->rows[i], D_DATE);
	if (whole(x, TB(T_SAMPLES) | TB(T_PURCHASES) | TB(T_DISINFECTION)))
		meal_days(x);
}

/* One complaint: closed, with a result, within the unit's limit. */
static void
complaint_row(struct check_ctx *x, const struct table *t, const struct row *r)
{
	char	 a[DATE_BUFSZ], b[DATE_BUFSZ];
	int64_t	 days;

	if (outside(x, r, C_DATE))
		report_outside(x, SEV_WARNING, "ops.outside-period", t, r, C_DATE);
	if (!has(r, C_CLOSED)) {
		report(x, SEV_WARNING, "ops.complaint-open", t, r, C_CLOSED,
		    "%s 收到的投诉尚未办结", D((int)figures_num(r, C_DATE), a));
		return;
	}
	if (*figures_str(r, C_RESULT) == '\0')
		report(x, SEV_WARNING, "ops.complaint-no-result", t, r, C_RESULT,
		    "投诉已办结,但没有处理结果");
	days = figures_num(r, C_CLOSED) - figures_num(r, C_DATE);
	if (days < 0)
		report(x, SEV_ERROR, "ops.complaint-order", t, r, C_CLOSED,
		    "办结日期 %s 早于投诉日期 %s", D((int)figures_num(r, C_CLOSED), a),
		    D((int)figures_num(r, C_DATE), b));
	else if (days > x->m->unit.complaint_days)
		report(x, SEV_WARNING, "ops.complaint-slow", t, r, C_CLOSED,
		    "%s 收到的投诉 %s 才办结,用时 %lld 天,超过 %d 天",
		    D((int)figures_num(r, C_DATE), a),
		    D((int)figures_num(r, C_CLOSED), b), (long long)days,
		    x->m->unit.complaint_days);
}

void
check_repairs(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_REPAIRS];
	const struct row *r;
	char		 a[DATE_BUFSZ];
	size_t		 i;

	for (i = 0; t != NULL && i < t->nrows; i++) {
		if ((r = &t->rows[i])->bad)
			continue;
		if (outside(x, r, R_DATE))
			report_outside(x, SEV_WARNING, "ops.outside-period", t, r,
			    R_DATE);
		if (has(r, R_STATUS) && figures_num(r, R_STATUS) == REPAIR_OPEN)
			report(x, SEV_NOTE, "ops.repair-open", t, r, R_STATUS,
			    "%s 报修的%s维修(%s)到期末仍在处理中",
			    D((int)figures_num(r, R_DATE), a),
			    figures_str(r, R_CATEGORY),
			    figures_str(r, R_PLACE));
	}
}

void
check_complaints(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_COMPLAINTS];
	size_t		 i;

	for (i = 0; t != NULL && i < t->nrows; i++)
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
idno_row(struct check_ctx *x, const struct table *t, const struct row *r)
{
	const char	*id = figures_str(r, Z_IDNO);
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

static const char *
category_key(const struct row *r)
{
	return figures_str(r, Z_CATEGORY);
}

/*
 * The amount against the unit's standards for the category
 * (subsidy_standard.<category> in unit.md); nothing to check when the
 * unit sets no standards at all.  A category without a standard is
 * reported once, at its first row (first_cat is 0 there).
 */
static void
standard_row(struct check_ctx *x, const struct table *t, const struct row *r,
    int first_cat)
{
	const struct unit *u = &x->m->unit;
	const char	*cat = figures_str(r, Z_CATEGORY);
	struct buf	 list = { NULL, 0, 0 };
	char		 a[MONEY_BUFSZ];
	size_t		 k;
	int		 known = 0;

	if (u->nsub == 0)
		return;
	for (k = 0; k < u->nsub; k++) {
		if (strcmp(u->sub_cat[k], cat) != 0)
			continue;
		if (u->sub_amount[k] == figures_num(r, Z_AMOUNT)) {
			buf_free(&list);
			return;
		}
		buf_addf(&list, "%s%s", known++ ? "、" : "",
		    M(u->sub_amount[k], a));
	}
	if (!known && first_cat == 0)
		report(x, SEV_WARNING, "subsidy.no-standard", t, r, Z_CATEGORY,
		    "资助类别 %s 在 unit.md 中没有标准金额(subsidy_standard.%s)",
		    cat, cat);
	else if (known)
		report(x, SEV_WARNING, "subsidy.nonstandard-amount", t, r,
		    Z_AMOUNT, "资助金额 %s 不是类别 %s 的标准(%s)",
		    M(figures_num(r, Z_AMOUNT), a), cat, list.s);
	buf_free(&list);
}

void
check_subsidies(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_SUBSIDIES];
	const struct row *r;
	int		*dup, *cat;
	size_t		 i;

	if (t == NULL)
		return;
	dup = figures_first_same(t, figures_person, NULL);
	cat = figures_first_same(t, category_key, NULL);
	for (i = 0; i < t->nrows; i++) {
		if ((r = &t->rows[i])->bad)
			continue;
		if (dup[i])
			report(x, SEV_WARNING, "subsidy.duplicate-student", t, r,
			    -1, "同一学生重复受助(首次出现于第 %d 行)", dup[i]);
		if (*figures_str(r, Z_IDNO) != '\0')
			idno_row(x, t, r);
		standard_row(x, t, r, cat[i]);
	}
	free(dup);
	free(cat);
}

/* An attendance row by class and date, then position. */
struct classday {
	int		 day;
	const char	*cls;
	size_t		 i;
};

static int
classdaycmp(const void *a, const void *b)
{
	const struct classday *x = a, *y = b;
	int		 c;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if ((c = strcmp(x->cls, y->cls)) != 0)
		return c;
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * For each attendance row, the line of the first earlier good row of
 * the same class on the same date (dates compared as days, however
 * they were written), else 0.  Caller frees.
 */
static int *
classday_dups(const struct table *t)
{
	struct classday	*k = xcalloc(t->nrows, sizeof(*k));
	int		*first = xcalloc(t->nrows, sizeof(*first));
	size_t		 i, n = 0, run = 0;

	for (i = 0; i < t->nrows; i++) {
		if (t->rows[i].bad || !has(&t->rows[i], A_DATE))
			continue;
		k[n].day = (int)figures_num(&t->rows[i], A_DATE);
		k[n].cls = figures_str(&t->rows[i], A_CLASS);
		k[n++].i = i;
	}
	if (n > 0)
		qsort(k, n, sizeof(*k), classdaycmp);
	for (i = 0; i < n; i++) {
		if (i == 0 || k[i].day != k[run].day ||
		    strcmp(k[i].cls, k[run].cls) != 0)
			run = i;
		else
			first[k[i].i] = t->rows[k[run].i].line;
	}
	free(k);
	return first;
}

/* One attendance row: present within due, dated in the period, once. */
static void
attendance_row(struct check_ctx *x, const struct table *t,
    const struct row *r, int dup)
{
	char	 a[DATE_BUFSZ];

	if (dup)
		report(x, SEV_ERROR, "attendance.duplicate", t, r, A_CLASS,
		    "%s %s 的出勤已登记过(首次出现于第 %d 行),就餐人天会重复计算;"
		    "请删去重复的一行", figures_str(r, A_CLASS),
		    D((int)figures_num(r, A_DATE), a), dup);
	if (figures_num(r, A_PRESENT) > figures_num(r, A_DUE))
		report(x, SEV_ERROR, "attendance.present-exceeds-due", t, r,
		    A_PRESENT, "%s %s 实到 %lld 人,多于应到 %lld 人;"
		    "请核对出勤记录", figures_str(r, A_CLASS),
		    D((int)figures_num(r, A_DATE), a),
		    (long long)figures_num(r, A_PRESENT),
		    (long long)figures_num(r, A_DUE));
	if (outside(x, r, A_DATE))
		report_outside(x, SEV_ERROR, "attendance.outside-period", t, r,
		    A_DATE);
}

/*
 * Meal days (samples or purchases) without attendance: the child-days
 * of such a day are missing from the cost per child-day.  Reported at
 * the first row that made the day a meal day, a sample, else a purchase.
 */
static void
attendance_days(struct check_ctx *x)
{
	const struct table *s = x->p->t[T_SAMPLES], *p = x->p->t[T_PURCHASES];
	const struct table *t;
	const struct row *r;
	struct dayrow	*sd, *pd;
	char		 a[DATE_BUFSZ];
	size_t		 i, ns, np;
	int		 day;

	sd = dayrows(s, S_DATE, &ns);
	pd = dayrows(p, P_DATE, &np);
	for (i = 0; i < x->f->nmeal_day; i++) {
		day = x->f->meal_day[i];
		if (day_in(x->f->att_day, x->f->natt_day, day))
			continue;
		t = s;
		if ((r = row_on(sd, ns, day)) == NULL) {
			t = p;
			r = row_on(pd, np, day);
		}
		if (r != NULL)
			report(x, SEV_NOTE, "attendance.no-attendance", t, r, -1,
			    "%s 有伙食记录,但 attendance.csv 中没有当天的出勤,"
			    "这一天的就餐人天没有计入", D(day, a));
	}
	free(sd);
	free(pd);
}

/*
 * Attendance: each row, then meal days without attendance (the last
 * table that check reads).
 */
void
check_attendance(struct check_ctx *x)
{
	const struct table *t = x->p->t[T_ATTENDANCE];
	int		*dup;
	size_t		 i;

	if (t == NULL)
		return;
	dup = classday_dups(t);
	for (i = 0; i < t->nrows; i++)
		if (!t->rows[i].bad)
			attendance_row(x, t, &t->rows[i], dup[i]);
	free(dup);
	if (whole(x, TB(T_SAMPLES) | TB(T_PURCHASES) | TB(T_ATTENDANCE)))
		attendance_days(x);
}

/*
 * Personal numbers in public text (pii.h).  Every TEXT column without
 * COLF_PRIVATE, the front matter and body of unit.md and of the
 * summary reach public outputs, where they are masked; each number is
 * reported here, with its position, so that the office can take it
 * out of the source.  Only the last four characters are shown.
 */
static void
privacy_add(struct check_ctx *x, const char *path, int line, int col,
    const char *where, const struct pii_match *m)
{
	diag_add(x->d, SEV_WARNING, "privacy.personal-data", path, line, col,
	    "%s中疑似有%s(尾号 %s),公开的网页、公示和开放数据中已遮盖;"
	    "如非必要,请从原始数据中删去", where, pii_kindname(m->kind),
	    m->tail);
}

/* The unit's own numbers, public by design. */
static void
privacy_allow(const struct check_ctx *x, const char *allow[3])
{
	int	 n = 0;

	if (x->m->unit.hotline != NULL)
		allow[n++] = x->m->unit.hotline;
	if (x->m->unit.price_hotline != NULL)
		allow[n++] = x->m->unit.price_hotline;
	allow[n] = NULL;
}

/* Personal numbers in one public cell, at its file:line:col. */
static void
privacy_cell(struct check_ctx *x, const struct table *t, const struct row *r,
    int c)
{
	struct pii_match m;
	const char	*allow[3];
	char		*where = NULL;
	size_t		 at = 0;

	if (r->v[c].s == NULL)
		return;
	privacy_allow(x, allow);
	while (pii_next(r->v[c].s, at, allow, &m)) {
		if (where == NULL)
			where = xasprintf("%s 的%s", t->spec->zh,
			    t->spec->cols[c].zh);
		privacy_add(x, tpath(t), r->line, r->v[c].col, where, &m);
		at = m.end;
	}
	free(where);
}

/* Every public text cell of every good row, table by table. */
static void
check_privacy(struct check_ctx *x)
{
	const struct table *t;
	size_t		 i;
	int		 id, c;

	for (id = 0; id < T__MAX; id++) {
		if ((t = x->p->t[id]) == NULL)
			continue;
		for (i = 0; i < t->nrows; i++) {
			if (t->rows[i].bad)
				continue;
			for (c = 0; c < t->spec->ncols; c++)
				if (t->spec->cols[c].type == COL_TEXT &&
				    !(t->spec->cols[c].flags & COLF_PRIVATE))
					privacy_cell(x, t, &t->rows[i], c);
		}
	}
}

/*
 * Personal numbers in text that starts at line:col of path, each at
 * its own line and column (columns count characters, kept as the scan
 * goes so that a long line costs one pass).
 */
static void
privacy_text(struct check_ctx *x, const char *path, int line, int col,
    const char *where, const char *text)
{
	struct pii_match m;
	const char	*allow[3], *p = text;
	size_t		 at = 0;

	privacy_allow(x, allow);
	while (pii_next(text, at, allow, &m)) {
		for (; p < text + m.start; col++)
			if (*p == '\n') {
				line++;
				col = 0;
				p++;
			} else if (utf8_next(&p, text + m.start) < 0)
				p++;
		privacy_add(x, path, line, col, where, &m);
		at = m.end;
	}
}

/*
 * A Markdown file's front matter (each value at its line; the column
 * of a value is that of the text after "key: ") and its body.
 */
static void
privacy_md(struct check_ctx *x, const struct mdfile *md, const char *what)
{
	char	*where;
	size_t	 i;

	for (i = 0; i < md->nmeta; i++) {
		where = xasprintf("%s的 %s ", what, md->meta[i].key);
		privacy_text(x, md->src->path, md->meta[i].line,
		    (int)utf8_len(md->meta[i].key) + 3, where, md->meta[i].value);
		free(where);
	}
	if (md->body != NULL) {
		where = xasprintf("%s正文", what);
		privacy_text(x, md->src->path, md->body_line, 1, where, md->body);
		free(where);
	}
}

/*
 * The summary: its placeholders expanded, once for the whole run (the
 * text is kept in the figures for the tree), then personal numbers.
 */
static void
check_summary(struct check_ctx *x, struct figures *f)
{
	const struct mdfile *md = x->p->summary;

	if (md == NULL)
		return;
	free(f->summary);
	f->summary = figures_expand(f, md, x->d);
	privacy_md(x, md, "总结");
}

/*
 * A total that left the int64 range (about ±9.2 × 10^16 元) is an
 * error at the row that made it leave, in check and build alike:
 * nothing may be printed from a total that stopped at the edge.
 */
static void
check_overflow(struct check_ctx *x)
{
	const struct table *t;

	if (x->f->overflow_row == NULL)
		return;
	t = x->p->t[x->f->overflow_table];
	report(x, SEV_ERROR, "figures.overflow", t, x->f->overflow_row, -1,
	    "加到这一行时合计超出了可计算的范围(约 9.2 亿亿元);请检查这一"
	    "行及以上的金额、人数是否多打了位数");
}

/* The line of key in md's front matter, 0 when it is not there. */
static int
meta_line_of(const struct mdfile *md, const char *key)
{
	size_t	 i;

	for (i = 0; i < md->nmeta; i++)
		if (strcmp(md->meta[i].key, key) == 0)
			return md->meta[i].line;
	return 0;
}

/*
 * Every account named in unit.md's non_fee_income should be an account
 * of some period's ledger: a name typed differently, or several names
 * joined by a separator the list does not know ("A|B"), would
 * otherwise leave the unlisted-income warnings standing unexplained.
 */
static void
check_non_fee(struct check_ctx *x, struct figures *const *f)
{
	const struct unit *u = &x->m->unit;
	char		*q;
	size_t		 i, k;

	for (i = 0; i < u->nnon_fee; i++) {
		for (k = 0; k < x->m->nperiods; k++)
			if (figures_account(f[k], u->non_fee[i]) != NULL)
				break;
		if (k < x->m->nperiods || x->m->nperiods == 0)
			continue;
		q = diag_quote(u->non_fee[i]);
		diag_add(x->d, SEV_WARNING, "unit.non-fee-unknown",
		    u->md->src->path, meta_line_of(u->md, "non_fee_income"), 0,
		    "non_fee_income(非收费收入)中的 %s 不是任何学期收支明细中"
		    "的科目;请照 ledger.csv 的科目名填写,多个科目用顿号、逗号"
		    "或空格分开", q);
		free(q);
	}
}

void
check_run(const struct model *m, struct figures *const *figs, struct diag *d)
{
	struct check_ctx x;
	struct figures	**own = figs == NULL ? figures_all(m) : NULL;
	struct figures	*const *f = figs != NULL ? figs : own;
	const char	*saved = d->period;
	size_t		 i;
	int		 t;

	memset(&x, 0, sizeof(x));
	x.m = m;
	x.d = d;
	if (m->unit.md != NULL)
		privacy_md(&x, m->unit.md, "unit.md ");
	for (i = 0; i < m->nperiods; i++) {
		x.p = m->periods[i];
		x.f = f[i];
		d->period = x.p->name;
		check_overflow(&x);
		for (t = 0; t < T__MAX; t++)
			if (tablespecs[t].check != NULL)
				tablespecs[t].check(&x);
		check_unlisted(&x);
		check_privacy(&x);
		check_summary(&x, f[i]);
	}
	d->period = saved;
	if (m->unit.md != NULL)
		check_non_fee(&x, f);
	figures_free_all(own, m->nperiods);
	d->period = saved;
}
