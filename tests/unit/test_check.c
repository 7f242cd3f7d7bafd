/*
 * Figures and checks: exact totals of the clean case folder, the named
 * figures and their text, placeholder expansion, the ID checksum, rows
 * marked bad on a hand-built table, first-of-key marking, distinct
 * subsidised people, the order of sorted findings and the wording of
 * personal-data findings.  Run from the repository root (or with TOP
 * set to it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "figures.h"
#include "model.h"
#include "t.h"
#include "util.h"

static struct model *
load(const char *name, struct diag *d)
{
	const char	*top = getenv("TOP");
	char		*dir = xasprintf("%s/tests/check/%s/data",
			    top != NULL ? top : ".", name);
	struct model	*m = model_load(dir, d);

	free(dir);
	return m;
}

static void
test_idno(void)
{
	char	 want = 0;

	T_INT("idno valid", check_idno("11010519491231002X", 30000, &want),
	    CHECK_ID_OK);
	T_INT("idno lowercase x", check_idno("11010519491231002x", 30000, &want),
	    CHECK_ID_OK);
	T_INT("idno short", check_idno("11010519491231002", 30000, &want),
	    CHECK_ID_LENGTH);
	T_INT("idno letter", check_idno("1101051949123100AX", 30000, &want),
	    CHECK_ID_CHARS);
	T_INT("idno month 13", check_idno("430791201813010012", 30000, &want),
	    CHECK_ID_BIRTH);
	T_INT("idno born later", check_idno("430791202501010018", 19723, &want),
	    CHECK_ID_BIRTH);
	T_INT("idno checksum", check_idno("430791201808013720", 30000, &want),
	    CHECK_ID_CHECKSUM);
	T_INT("idno checksum want", want, '9');
}

static void
test_text(void)
{
	char	 b[FIG_BUFSZ];

	T_STR("text money", figures_text(FIG_MONEY, 1234567, b), "12,345.67");
	T_STR("text count", figures_text(FIG_COUNT, 4545, b), "4545");
	T_STR("text percent", figures_text(FIG_PERCENT, 950, b), "95.0%");
	T_STR("text percent negative", figures_text(FIG_PERCENT, -5, b), "-0.5%");
	T_STR("text undefined", figures_text(FIG_PERCENT, FIG_UNDEF, b), "—");
	T_STR("text tenths", figures_text(FIG_TENTHS, 25, b), "2.5");
}

/* The clean case: every total checked against a hand calculation. */
static void
test_clean_totals(const struct figures *f)
{
	static const int64_t bal[] = { 100000, 320000, 315000, 303000,
	    203000, 303000 };
	size_t	 i;
	int	 ok = f->nbalance == 6;

	T_INT("income", f->income, 420000);
	T_INT("expense", f->expense, 117000);
	T_INT("opening", f->opening, 100000);
	T_INT("period income", f->period_income, 320000);
	T_INT("closing", f->closing, 303000);
	for (i = 0; ok && i < 6; i++)
		ok = f->balance[i] == bal[i];
	T_OK("running balance", ok);
	T_INT("accounts", f->nacct, 5);
	T_STR("account order", f->acct[2].name, "伙食支出");
	T_INT("account used", f->acct[2].used, 50);
	T_INT("account variance", f->acct[2].variance, 95000);
	T_INT("account without budget", f->acct[0].used, FIG_UNDEF);
	T_INT("months", f->nmonth, 2);
	T_STR("month key", f->month[1].key, "2023-10");
	T_INT("month expense", f->month[1].expense, 112000);
	T_INT("budget used", f->budget_used, 468);
}

static void
test_clean_tables(const struct figures *f)
{
	T_INT("fee items", f->nfee, 1);
	T_INT("fee ledger", f->fee[0].ledger, 220000);
	T_INT("fee in ledger", f->fee[0].in_ledger, 1);
	T_INT("fee due", f->fee_due, 220000);
	T_INT("purchase total", f->purchase_total, 5000);
	T_INT("purchase categories", f->npcat, 2);
	T_INT("canteen ledger", f->canteen_ledger, 5000);
	T_INT("tests", f->tests, 1);
	T_INT("pass rate", f->tests_pass_rate, 1000);
	T_INT("meal days", f->meal_days, 1);
	T_INT("tableware days", f->tableware_days, 1);
	T_INT("repairs", f->repairs, 1);
	T_INT("complaint days", f->complaint_days, 10);
	T_INT("subsidy people", f->subsidy_people, 1);
	T_INT("subsidy amount", f->subsidy_amount, 100000);
}

static void
test_lookup(const struct figures *f)
{
	int	 kind;
	int64_t	 v;

	T_INT("lookup plain", figures_lookup(f, "收入合计", NULL, &kind, &v),
	    FIG_OK);
	T_INT("lookup plain value", v, 420000);
	T_INT("lookup plain kind", kind, FIG_MONEY);
	T_INT("lookup arg", figures_lookup(f, "维修次数", "电", &kind, &v),
	    FIG_OK);
	T_INT("lookup arg value", v, 1);
	T_INT("lookup arg absent", figures_lookup(f, "维修次数", "电梯", &kind,
	    &v), FIG_NOARG);
	T_INT("lookup arg absent value", v, 0);
	T_INT("lookup unknown", figures_lookup(f, "维修总数", NULL, &kind, &v),
	    FIG_UNKNOWN);
	T_INT("lookup arg refused", figures_lookup(f, "收入合计", "x", &kind,
	    &v), FIG_BADARG);
	T_INT("lookup arg needed", figures_lookup(f, "科目支出", NULL, &kind,
	    &v), FIG_BADARG);
	figures_lookup(f, "科目执行率", "伙食支出", &kind, &v);
	T_INT("lookup percent", v, 50);
	T_INT("lookup percent kind", kind, FIG_PERCENT);
	figures_lookup(f, "月收入", "2023-09", &kind, &v);
	T_INT("lookup month (上期结转 is in no month)", v, 220000);
}

static void
test_expand_clean(const struct model *m, const struct figures *f)
{
	struct diag	 d;
	char		*s;

	diag_init(&d);
	s = figures_expand(f, m->periods[0]->summary, &d);
	T_STR("expand", s, "# 财务\n\n"
	    "本学期收入 4,200.00 元(含上期结转 1,000.00 元),支出 1,170.00 元,\n"
	    "期末结余 3,030.00 元;维修 1 次,其中电 1 次。\n"
	    "资助建档立卡幼儿 1 人,预算执行率 46.8%。\n");
	T_INT("expand no findings", d.n, 0);
	free(s);
	diag_free(&d);
}

/* Placeholder positions: line from body_line, column in characters. */
static void
test_expand_errors(const struct figures *f)
{
	struct source	 src = { "s.md", "s.md", NULL, 0, "UTF-8" };
	struct mdfile	 md;
	struct diag	 d;
	char		*s;

	memset(&md, 0, sizeof(md));
	md.src = &src;
	md.body = "第一行\n值 {{未知}} 和 {{收入合计\n";
	md.body_line = 5;
	diag_init(&d);
	s = figures_expand(f, &md, &d);
	T_STR("expand keeps bad placeholders", s, md.body);
	T_INT("expand findings", d.n, 2);
	T_INT("expand line", d.n > 0 ? d.v[0].line : 0, 6);
	T_INT("expand col", d.n > 0 ? d.v[0].col : 0, 3);
	T_INT("expand unterminated col", d.n > 1 ? d.v[1].col : 0, 12);
	T_STR("expand code", d.n > 0 ? d.v[0].code : NULL, "summary.placeholder");
	free(s);
	diag_free(&d);
}

/*
 * Arithmetic between figures of one kind, and the nearest names
 * suggested for an unknown one.
 */
static void
test_expand_arith(const struct figures *f)
{
	struct source	 src = { "s.md", "s.md", NULL, 0, "UTF-8" };
	struct mdfile	 md;
	struct diag	 d;
	char		*s;

	memset(&md, 0, sizeof(md));
	md.src = &src;
	md.body = "{{收入合计 - 支出合计}}|{{收入合计 - 期初结余 + 支出合计}}|"
	    "{{维修次数 + 维修次数:电}}|{{期末结余 - 预算执行率}}|{{期末节余}}";
	md.body_line = 1;
	diag_init(&d);
	s = figures_expand(f, &md, &d);
	T_STR("arith values", s, "3,030.00|4,370.00|2|{{期末结余 - 预算执行率}}|"
	    "{{期末节余}}");
	T_INT("arith findings", d.n, 2);
	T_OK("arith refuses a rate", d.n > 0 &&
	    strstr(d.v[0].msg, "\"预算执行率\" 不能与前面的统计项相加减") != NULL);
	T_OK("unknown name suggests", d.n > 1 &&
	    strstr(d.v[1].msg, "(是不是 \"期末结余\"?)") != NULL);
	free(s);
	diag_free(&d);
}

/* A bad row is skipped: no figure, no finding, balance carried. */
static void
test_bad_row(void)
{
	struct source	 src = { "l.csv", "l.csv", NULL, 0, "UTF-8" };
	struct value	 v[3][L__N];
	struct row	 rows[3];
	struct table	 t;
	struct period	 p;
	struct model	 m;
	struct period	*pp = &p;
	struct figures	*f;
	struct diag	 d;
	int		 i;

	memset(v, 0, sizeof(v));
	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	memset(&m, 0, sizeof(m));
	for (i = 0; i < 3; i++) {
		rows[i].line = i + 2;
		rows[i].bad = i == 1;
		rows[i].v = v[i];
		v[i][L_DATE].present = 1;
		v[i][L_DATE].n = 100;
		v[i][L_VOUCHER].present = 1;
		v[i][L_VOUCHER].s = i == 2 ? "记-3" : "记-1";
		v[i][L_ACCOUNT].present = 1;
		v[i][L_ACCOUNT].s = "财政拨款";
		v[i][L_MEMO].s = "";
		v[i][L_HANDLER].s = v[i][L_APPROVER].s = "";
		v[i][L_INCOME].present = 1;
		v[i][L_INCOME].n = 1000;
	}
	t.spec = &tablespecs[T_LEDGER];
	t.src = &src;
	t.rows = rows;
	t.nrows = 3;
	p.name = "2023";
	p.start = 0;
	p.end = 200;
	p.t[T_LEDGER] = &t;
	m.periods = &pp;
	m.nperiods = 1;
	f = figures_compute(&m, &p);
	T_INT("bad row income", f->income, 2000);
	T_INT("bad row balance", f->balance[1], 1000);
	figures_free(f);
	diag_init(&d);
	check_run(&m, NULL, &d);
	T_INT("bad row: one finding (gap)", d.n, 1);
	T_STR("bad row: gap", d.n ? d.v[0].code : NULL, "ledger.voucher-gap");
	T_STR("period stamped", d.n ? d.v[0].period : NULL, "2023");
	diag_free(&d);
}

/* A hand-built subsidies.csv: person (学号, else 姓名) and category. */
#define ZROWS	6

struct zfix {
	struct source	 src;
	struct value	 v[ZROWS][Z__N];
	struct row	 rows[ZROWS];
	struct table	 t;
};

static void
zfix_init(struct zfix *z)
{
	static const char *const cell[ZROWS][3] = {
		{ "A", "甲", "建档立卡" },
		{ "B", "乙", "建档立卡" },
		{ "A", "甲", "一般贫困" },
		{ "A", "甲", "建档立卡" },	/* bad */
		{ "A", "甲", "建档立卡" },
		{ "", "丙", "建档立卡" },
	};
	int	 i, c;

	memset(z, 0, sizeof(*z));
	z->src.path = z->src.relpath = "s.csv";
	for (i = 0; i < ZROWS; i++) {
		for (c = 0; c < Z__N; c++)
			z->v[i][c].s = "";
		z->v[i][Z_STUDENT].s = (char *)cell[i][0];
		z->v[i][Z_NAME].s = (char *)cell[i][1];
		z->v[i][Z_CATEGORY].s = (char *)cell[i][2];
		z->v[i][Z_STUDENT].present = *cell[i][0] != '\0';
		z->v[i][Z_NAME].present = z->v[i][Z_CATEGORY].present = 1;
		z->v[i][Z_AMOUNT].present = 1;
		z->v[i][Z_AMOUNT].n = 100;
		z->rows[i].line = i + 2;
		z->rows[i].bad = i == 3;
		z->rows[i].v = z->v[i];
	}
	z->t.spec = &tablespecs[T_SUBSIDIES];
	z->t.src = &z->src;
	z->t.rows = z->rows;
	z->t.nrows = ZROWS;
}

static const char *
zcat(const struct row *r)
{
	return figures_str(r, Z_CATEGORY);
}

/* Earlier rows with the same key, by one key and by two. */
static void
test_first_same(void)
{
	static const int by_person[ZROWS] = { 0, 0, 2, 0, 2, 0 };
	static const int by_both[ZROWS] = { 0, 0, 0, 0, 2, 0 };
	struct zfix	 z;
	int		*one, *two, ok1 = 1, ok2 = 1, i;

	zfix_init(&z);
	one = figures_first_same(&z.t, figures_person, NULL);
	two = figures_first_same(&z.t, figures_person, zcat);
	for (i = 0; i < ZROWS; i++) {
		ok1 = ok1 && one[i] == by_person[i];
		ok2 = ok2 && two[i] == by_both[i];
	}
	T_OK("first_same by person (bad row skipped)", ok1);
	T_OK("first_same by person and category", ok2);
	free(one);
	free(two);
}

/* People are counted once overall and once per category. */
static void
test_subsidy_people(void)
{
	struct zfix	 z;
	struct period	 p;
	struct model	 m;
	struct figures	*f;

	zfix_init(&z);
	memset(&p, 0, sizeof(p));
	memset(&m, 0, sizeof(m));
	p.t[T_SUBSIDIES] = &z.t;
	f = figures_compute(&m, &p);
	T_INT("subsidy rows", f->subsidy_rows, 5);
	T_INT("subsidy people", f->subsidy_people, 3);
	T_INT("subsidy categories", f->nzcat, 2);
	T_STR("subsidy category order", f->nzcat > 1 ? f->zcat[1].name : NULL,
	    "一般贫困");
	T_INT("subsidy people in category", f->zcat[0].count, 3);
	T_INT("subsidy amount in category", f->zcat[0].amount, 400);
	T_INT("subsidy people in second category", f->nzcat > 1 ?
	    f->zcat[1].count : 0, 1);
	figures_free(f);
}

/*
 * Findings of two stages interleaved in line order, the way a file
 * with syntax errors on odd lines and field-count errors on even ones
 * arrives; findings before from stay put; equal positions keep the
 * order they were added in.
 */
static void
test_diag_sort(void)
{
	struct diag	 d;
	size_t		 i;
	int		 line, ok = 1;

	diag_init(&d);
	diag_add(&d, SEV_NOTE, NULL, "x", 900, 0, "before");
	for (line = 2; line <= 2000; line += 2)
		diag_add(&d, SEV_ERROR, NULL, "f", line, 4, "s");
	for (line = 3; line <= 2001; line += 2)
		diag_add(&d, SEV_ERROR, NULL, "f", line, 0, "c");
	diag_add(&d, SEV_ERROR, NULL, "f", 10, 4, "later");
	diag_add(&d, SEV_ERROR, NULL, "f", 10, 2, "col");
	diag_sort(&d, 1);
	T_STR("sort leaves earlier findings", d.v[0].msg, "before");
	for (i = 2; i < d.n; i++)
		if (d.v[i - 1].line > d.v[i].line || (d.v[i - 1].line ==
		    d.v[i].line && d.v[i - 1].col > d.v[i].col))
			ok = 0;
	T_OK("sort by line and column", ok);
	T_INT("sort keeps every finding", d.n, 2003);
	T_STR("sort column", d.v[9].msg, "col");
	T_STR("sort stable", d.v[10].msg, "s");
	T_STR("sort stable, added later", d.v[11].msg, "later");
	T_STR("sort interleaves", d.v[12].msg, "c");
	T_INT("sort interleaves line", d.v[12].line, 11);
	diag_free(&d);
}

/* Accounts by name, and the ledger row of each one's first expense. */
static void
test_accounts(const struct figures *f)
{
	const struct fig_account *a = figures_account(f, "伙食支出");

	T_OK("account by name", a == &f->acct[2]);
	T_OK("account unknown", figures_account(f, "伙食费") == NULL);
	T_INT("account first expense", a != NULL && a->expense_row != NULL ?
	    a->expense_row->line : 0, 4);
	a = figures_account(f, "资助金");
	T_INT("account first expense after income", a != NULL &&
	    a->expense_row != NULL ? a->expense_row->line : 0, 6);
	a = figures_account(f, "保育费");
	T_OK("account without expense", a != NULL && a->expense_row == NULL);
}

/*
 * Personal numbers in a memo: found, counted once each, the unit's
 * hotline spared, and never shown in full.
 */
static void
test_privacy(void)
{
	static const char *const memo[] = {
		"家长 13907310001 退费",
		"身份证430791201808013729",
		"430791201808013720 校验码错",
		"139-0731-0002、139 0731 0003",
		"热线 139-0731-0000",
		"1390-7310-0004 13907310005123",
	};
	static const char *const whole[] = { "13907310001",
	    "430791201808013729", "13907310002", "139-0731-0002",
	    "0731 0003" };
	struct source	 src = { "l.csv", "l.csv", NULL, 0, "UTF-8" };
	struct value	 v[6][L__N];
	struct row	 rows[6];
	struct table	 t;
	struct period	 p;
	struct model	 m;
	struct period	*pp = &p;
	struct diag	 d;
	size_t		 i, j, n = 0;
	int		 shown = 0;

	memset(v, 0, sizeof(v));
	memset(&t, 0, sizeof(t));
	memset(&p, 0, sizeof(p));
	memset(&m, 0, sizeof(m));
	for (i = 0; i < 6; i++) {
		for (j = 0; j < L__N; j++) {
			v[i][j].s = "";
			v[i][j].col = (int)j + 1;
		}
		v[i][L_MEMO].s = (char *)memo[i];
		v[i][L_MEMO].present = 1;
		v[i][L_VOUCHER].s = "记-1";
		v[i][L_VOUCHER].present = v[i][L_INCOME].present = 1;
		v[i][L_INCOME].n = 100;
		rows[i].line = (int)i + 2;
		rows[i].bad = 0;
		rows[i].v = v[i];
	}
	t.spec = &tablespecs[T_LEDGER];
	t.src = &src;
	t.rows = rows;
	t.nrows = 6;
	p.name = "2023";
	p.end = 19723;	/* 2024-01-01 */
	p.t[T_LEDGER] = &t;
	m.periods = &pp;
	m.nperiods = 1;
	m.unit.hotline = "139-0731-0000";
	diag_init(&d);
	check_run(&m, NULL, &d);
	for (i = 0; i < d.n; i++) {
		if (d.v[i].code == NULL ||
		    strcmp(d.v[i].code, "privacy.personal-data") != 0)
			continue;
		n++;
		for (j = 0; j < sizeof(whole) / sizeof(whole[0]); j++)
			shown += strstr(d.v[i].msg, whole[j]) != NULL;
	}
	T_INT("privacy findings", n, 4);
	T_INT("privacy never shows a whole number", shown, 0);
	T_STR("privacy tail", n > 1 ? d.v[d.n - 3].msg : NULL,
	    "收支明细 的摘要中疑似有身份证号(尾号 3729),"
	    "公开的网页、公示和开放数据中已遮盖;如非必要,请从原始数据中删去");
	T_INT("privacy column", n > 0 ? d.v[d.n - 1].col : 0, L_MEMO + 1);
	T_INT("privacy line", n > 0 ? d.v[d.n - 1].line : 0, 5);
	diag_free(&d);
}

/* Full-width colons, and several findings on one line. */
static void
test_expand_line(const struct figures *f)
{
	struct source	 src = { "s.md", "s.md", NULL, 0, "UTF-8" };
	struct mdfile	 md;
	struct diag	 d;
	char		*s;

	memset(&md, 0, sizeof(md));
	md.src = &src;
	md.body = "电{{维修次数：电}}次{{x}}{{ y }}{{维修次数:电}}：完";
	md.body_line = 1;
	diag_init(&d);
	s = figures_expand(f, &md, &d);
	T_STR("expand one line", s, "电1次{{x}}{{ y }}1：完");
	T_INT("expand one line findings", d.n, 2);
	T_INT("expand one line col", d.n > 0 ? d.v[0].col : 0, 13);
	T_INT("expand one line second col", d.n > 1 ? d.v[1].col : 0, 18);
	free(s);
	diag_free(&d);
}

int
main(void)
{
	struct diag	 d;
	struct model	*m;
	struct figures	*f;

	test_idno();
	test_text();
	test_bad_row();
	test_first_same();
	test_subsidy_people();
	test_diag_sort();
	test_privacy();
	diag_init(&d);
	if ((m = load("clean", &d)) == NULL || m->nperiods != 1) {
		printf("FAIL check: cannot load tests/check/clean/data\n");
		return 1;
	}
	T_INT("clean loads without findings", d.n, 0);
	check_run(m, NULL, &d);
	T_INT("clean has no findings", d.n, 0);
	f = figures_compute(m, m->periods[0]);
	test_clean_totals(f);
	test_clean_tables(f);
	test_lookup(f);
	test_expand_clean(m, f);
	test_expand_errors(f);
	test_expand_arith(f);
	test_expand_line(f);
	test_accounts(f);
	figures_free(f);
	model_free(m);
	diag_free(&d);
	return t_failed != 0;
}
