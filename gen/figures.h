/*
 * Figures: everything computed from one period's tables, once, and
 * shared by the checks, the site, the PDFs and the audit pack, so that
 * no two outputs can disagree about a total.  Rows marked bad (a cell
 * failed to parse) are left out of every figure.
 *
 * Conventions:
 * - Money is int64_t fen.  Counts are int64_t too, so that every named
 *   figure is one int64_t with a kind.
 * - The opening balance is nearly an ordinary row: a ledger row whose
 *   摘要 is exactly 上期结转 counts in income and in its account's
 *   income, but in no month (it was not earned then), and the sum of
 *   such rows is also exposed as `opening`.  The running balance starts
 *   at zero and moves with every good row, in file order.
 * - Percentages are tenths of a percent (950 = 95.0%); FIG_UNDEF when
 *   the base is zero (rendered "—").  Average days are tenths of a day.
 * - Names (accounts, categories, items) point into the model: the
 *   figures must be freed before the model they were computed from.
 *
 * Ownership: figures_compute returns a struct the caller frees with
 * figures_free; figures_expand returns a string the caller frees.
 */
#ifndef SUNLIGHT_FIGURES_H
#define SUNLIGHT_FIGURES_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "model.h"

enum figkind {
	FIG_MONEY,	/* fen: "12,345.67" */
	FIG_COUNT,	/* plain integer: "4545" */
	FIG_PERCENT,	/* tenths of a percent: "95.0%" */
	FIG_TENTHS	/* tenths: "2.5" (average days) */
};

/* A percentage or average without a base. */
#define FIG_UNDEF	INT64_MIN

/* Buffer size for figures_text. */
#define FIG_BUFSZ	48

/* One 科目: ledger totals against the budget. */
struct fig_account {
	const char	*name;
	int64_t		 income;
	int64_t		 expense;
	int		 has_budget;	/* budget.csv has a row for it */
	int64_t		 budget;	/* 0 without one */
	int64_t		 variance;	/* budget - expense */
	int64_t		 used;		/* expense / budget, tenths of %; FIG_UNDEF */
	int		 first_line;	/* first ledger row naming it, else budget row */
	int		 budget_line;	/* budget.csv row, 0 without one */
	const struct row *expense_row;	/* first good ledger row spending on it, or NULL */
};

/* One calendar month (YYYY-MM) of the ledger; 上期结转 is in no month. */
struct fig_month {
	int		 year, month;
	char		 key[16];	/* "2023-09" */
	int64_t		 income;
	int64_t		 expense;
};

/* One fee item (收费项目) reconciled three ways. */
struct fig_fee {
	const char	*item;
	int		 line;		/* fees.csv row */
	int64_t		 standard;	/* 标准, fen */
	int64_t		 due_people;	/* 应收人数 */
	int64_t		 paid_people;	/* 实收人数 */
	int64_t		 due;		/* standard × due_people */
	int64_t		 expected;	/* standard × paid_people − refund */
	int64_t		 collected;	/* 实收金额 */
	int64_t		 refund;	/* 退费金额 */
	int		 in_ledger;	/* the ledger has an account named item */
	int64_t		 ledger;	/* net (income − expense) of that account */
	int64_t		 diff;		/* collected − expected */
	int64_t		 ledger_diff;	/* ledger − collected */
	int		 before;	/* 实收 columns empty: not collected yet */
	int		 agency;	/* 类型 代收费: collected for someone else */
	int64_t		 paid_out;	/* 代收费: expense of its account */
	int64_t		 settle;	/* 代收费: collected − paid_out (结余 > 0, 补收 < 0) */
};

/*
 * One calendar month of attendance (出勤): child-days (就餐人天, the sum
 * of 实到人数), the canteen account's expense that month and what it
 * cost per child-day.
 */
struct fig_amonth {
	int		 year, month;
	char		 key[16];	/* "2023-09" */
	int64_t		 child_days;	/* sum of 实到人数 */
	int64_t		 due_days;	/* sum of 应到人数 */
	int64_t		 days;		/* dates with attendance */
	int64_t		 rate;		/* child_days / due_days, tenths of %; FIG_UNDEF */
	int64_t		 canteen;	/* expense of the canteen account, fen */
	int64_t		 cost;		/* canteen / child_days, fen; FIG_UNDEF */
};

/* One class (班级) of attendance, first-seen order. */
struct fig_class {
	const char	*name;
	int64_t		 child_days;
	int64_t		 due_days;
	int64_t		 rate;		/* tenths of %; FIG_UNDEF */
};

/* A category (类别) with a count and an amount, first-seen order. */
struct fig_cat {
	const char	*name;
	int64_t		 count;
	int64_t		 amount;	/* fen; 0 where the table has none */
};

struct figures {
	const struct period	*period;

	/*
	 * The first row at which a total left the int64 range (totals
	 * then stop at its edge), and its table (T_*); NULL when none.
	 * check reports it as an error, so nothing is built from it.
	 */
	const struct row	*overflow_row;
	int			 overflow_table;
	int			 overflowed;	/* any total saturated */

	/* Ledger. */
	int64_t		 rows;		/* good ledger rows */
	int64_t		 income;	/* including 上期结转 rows */
	int64_t		 expense;
	int64_t		 opening;	/* income of 上期结转 rows */
	int64_t		 period_income;	/* income − opening */
	int64_t		 closing;	/* income − expense */
	int64_t		*balance;	/* after each ledger row; t->nrows entries */
	size_t		 nbalance;
	struct fig_account *acct;
	size_t		 nacct;
	struct fig_month *month;	/* ascending */
	size_t		 nmonth;
	int64_t		 budget;	/* sum of budget.csv */
	int64_t		 budget_used;	/* expense / budget, tenths of %, or FIG_UNDEF */

	/* Fees. */
	struct fig_fee	*fee;
	size_t		 nfee;
	int64_t		 fee_items;	/* nfee */
	int64_t		 fee_due, fee_collected, fee_refund;
	int64_t		 fee_due_people, fee_paid_people;
	int		 fee_before;	/* every item is before collection (事前公示) */
	int		 fee_agency;	/* some item is 代收费 */

	/* Canteen. */
	int64_t		 purchases;	/* rows */
	int64_t		 purchase_total;
	struct fig_cat	*pcat;
	size_t		 npcat;
	int64_t		 canteen_ledger;	/* expense of unit.canteen_account */
	const char	*canteen_account;	/* its name (default 伙食支出) */
	int		 has_canteen_income;	/* the ledger has the income account */
	int64_t		 canteen_income;	/* net income of 伙食费 / 午餐费 (canteen_income) */
	int64_t		 canteen_balance;	/* canteen_income − canteen_ledger */
	int64_t		 canteen_rate;	/* balance / income, tenths of %, or FIG_UNDEF */
	int64_t		 tests, tests_passed, tests_failed;
	int64_t		 tests_pass_rate;	/* tenths of %, or FIG_UNDEF */

	/* Food safety.  Day lists are sorted day numbers without repeats. */
	int64_t		 samples;
	int		*sample_day;
	size_t		 nsample_day;
	int64_t		 sample_days;	/* nsample_day */
	int64_t		 disinfections;
	int		*tableware_day;	/* days with a 餐具 disinfection */
	size_t		 ntableware_day;
	int64_t		 tableware_days;	/* ntableware_day */
	int		*meal_day;	/* days in samples.csv or purchases.csv */
	size_t		 nmeal_day;
	int64_t		 meal_days;	/* nmeal_day */

	/* Operations. */
	int64_t		 repairs, repairs_open, repairs_done;
	struct fig_cat	*rcat;
	size_t		 nrcat;
	int64_t		 complaints, complaints_closed, complaints_open;
	int64_t		 complaint_days;	/* average, tenths of a day, or FIG_UNDEF */

	/* Subsidies: people are distinct students (学号, else 身份证号, else 姓名). */
	int64_t		 subsidy_rows;
	int64_t		 subsidy_people;
	int64_t		 subsidy_amount;
	struct fig_cat	*zcat;		/* count = distinct people in the category */
	size_t		 nzcat;

	/*
	 * Attendance.  Cost per child-day = expense of the canteen account
	 * ÷ child-days; 伙食费 per child-day = 实收金额 of the fee item
	 * 伙食费 ÷ child-days; both rounded to the fen, half away from zero.
	 */
	int64_t		 att_rows;
	int64_t		 child_days;	/* 就餐人天 */
	int64_t		 due_days;	/* 应到人天 */
	int64_t		 att_rate;	/* tenths of %, or FIG_UNDEF */
	int		*att_day;	/* dates with attendance, sorted */
	size_t		 natt_day;
	int64_t		 att_days;	/* natt_day */
	int64_t		 cost_per_day;	/* fen, or FIG_UNDEF */
	int64_t		 meal_fee;	/* 实收 of 伙食费, 0 without the item */
	int64_t		 fee_per_day;	/* fen, or FIG_UNDEF (no item, no child-days) */
	struct fig_amonth *amonth;	/* ascending */
	size_t		 namonth;
	struct fig_class *aclass;
	size_t		 naclass;

	/*
	 * The summary body with its placeholders expanded, once: by
	 * check_run, which reports the bad ones; NULL before.
	 */
	char		*summary;

	struct fig_names *names;	/* private: lookups of the names above */
};

/* Every figure of period p: the registry's figures hooks in order. */
struct figures	*figures_compute(const struct model *, const struct period *p);

/* The registry's hooks (model.h): one table's figures each. */
void		 figures_ledger(struct figures *, const struct model *);
void		 figures_budget(struct figures *, const struct model *);
void		 figures_fees(struct figures *, const struct model *);
void		 figures_purchases(struct figures *, const struct model *);
void		 figures_samples(struct figures *, const struct model *);
void		 figures_disinfection(struct figures *, const struct model *);
void		 figures_repairs(struct figures *, const struct model *);
void		 figures_complaints(struct figures *, const struct model *);
void		 figures_subsidies(struct figures *, const struct model *);
void		 figures_attendance(struct figures *, const struct model *);

/* The fee item whose collected amount is the 伙食费 per child-day. */
#define FIG_MEAL_FEE	"伙食费"
void		 figures_free(struct figures *);

/*
 * The figures of every period of m, in period order, computed once per
 * run and shared by the checks, the tree and every renderer; free with
 * figures_free_all.
 */
struct figures	**figures_all(const struct model *m);
void		 figures_free_all(struct figures **, size_t n);

/* Return values of figures_lookup. */
#define FIG_OK		0	/* found */
#define FIG_NOARG	1	/* known name and argument, nothing in the data: value 0 */
#define FIG_UNKNOWN	(-1)	/* no such name */
#define FIG_BADARG	(-2)	/* argument missing, or given to a name without one */

/*
 * The named figures cited by summaries as {{name}} or {{name:arg}}:
 * 收入合计, 维修次数:水电 ...  arg is NULL for the plain form.
 */
int		 figures_lookup(const struct figures *, const char *name,
		    const char *arg, int *kind, int64_t *value);
/* The account (科目) called name, or NULL. */
const struct fig_account *figures_account(const struct figures *,
		    const char *name);

/*
 * "12,345.67", "4545", "95.0%", "2.5"; "—" for FIG_UNDEF (a ratio
 * without a base).  buf of FIG_BUFSZ bytes.
 */
char		*figures_text(int kind, int64_t value, char *buf);

/* Does a disinfection object name tableware (餐具, 餐饮具, 碗筷)? */
int		 figures_is_tableware(const char *object);
/* The key of a subsidies.csv row's person: 学号, else 身份证号, else 姓名. */
const char	*figures_person(const struct row *);

/*
 * Cells of a row, by the column enums of model.h: the value, its text
 * ("" when empty) and its number (0 when empty).
 */
const struct value *figures_cell(const struct row *, int col);
const char	*figures_str(const struct row *, int col);
int64_t		 figures_num(const struct row *, int col);
/*
 * The valid figure names nearest to an unknown one, appended to b
 * ("\"伙食支出\"、\"采购金额\""); nothing when none is near.
 */
struct buf;
void		 figures_suggest(const char *name, struct buf *b);
/* qsort/bsearch order of two ints (day numbers). */
int		 figures_intcmp(const void *, const void *);

/*
 * For each row of t, the line of the first earlier good row with the
 * same key (0 if none): key(row), and key2(row) too unless key2 is
 * NULL.  Bad rows and rows with an empty key get 0.  O(n log n).
 * Returns t->nrows entries (none when t has no rows); caller frees.
 */
int		*figures_first_same(const struct table *t,
		    const char *(*key)(const struct row *),
		    const char *(*key2)(const struct row *));

/*
 * The summary body with every {{...}} replaced by its text.  Problems
 * are findings at the placeholder's summary.md:line:col (col counts
 * characters) when d is not NULL: an unknown name or a malformed
 * placeholder is an error (summary.placeholder), an argument absent
 * from the data a warning (summary.placeholder-zero).  A bad
 * placeholder is left as written.  Caller frees the result.
 */
char		*figures_expand(const struct figures *, const struct mdfile *,
		    struct diag *);

#endif
