/*
 * Money, quantities, counts and percentages: parsing (values and the
 * exact reasons for refusals), formatting, and the 大写 form checked
 * against hand-verified voucher strings.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "money.h"
#include "t.h"

struct ok {
	const char	*in;
	int64_t		 want;
};

struct bad {
	const char	*in;
	const char	*why;
};

struct cn {
	int64_t		 fen;
	const char	*want;
};

static const struct ok money_ok[] = {
	{ "1234.5", 123450 },
	{ "1234.50", 123450 },
	{ "1,234.50", 123450 },
	{ "1,234,567.89", 123456789 },
	{ "123,456", 12345600 },
	{ "¥1234.50", 123450 },
	{ "￥1,234.50", 123450 },
	{ "12元", 1200 },
	{ "¥12.3元", 1230 },
	{ "-12.00", -1200 },
	{ "-¥12", -1200 },
	{ "¥-12", -1200 },
	{ "-￥0.5", -50 },
	{ "  12.01  ", 1201 },
	{ "¥ 12", 1200 },
	{ "12 元", 1200 },
	{ "0", 0 },
	{ "-0.00", 0 },
	{ "007", 700 },
	{ ".5", 50 },
	{ "10000000000000", INT64_C(1000000000000000) },
	{ "-10,000,000,000,000.00", -INT64_C(1000000000000000) },
	{ "9999999999999.99", INT64_C(999999999999999) },
};

static const struct bad money_bad[] = {
	{ "", "is empty" },
	{ "   ", "is empty" },
	{ "12.345", "has more than two decimals" },
	{ "1,234.567", "has more than two decimals" },
	{ "-0.001", "has more than two decimals" },
	{ "abc", "is not a number" },
	{ "12a", "is not a number" },
	{ "1.2.3", "is not a number" },
	{ "¥", "is not a number" },
	{ "-", "is not a number" },
	{ "元", "is not a number" },
	{ ".", "is not a number" },
	{ "1e5", "is not a number" },
	{ "0x10", "is not a number" },
	{ "--12", "is not a number" },
	{ "-¥-12", "is not a number" },
	{ "+12", "is not a number" },
	{ "12 34", "is not a number" },
	{ "12元元", "is not a number" },
	{ "1,234.5a", "is not a number" },
	{ "12.345x", "is not a number" },
	{ "1,23.4", "has a misplaced thousands separator" },
	{ "12,34", "has a misplaced thousands separator" },
	{ ",123", "has a misplaced thousands separator" },
	{ "1234,567", "has a misplaced thousands separator" },
	{ "1,,234", "has a misplaced thousands separator" },
	{ "1,234,", "has a misplaced thousands separator" },
	{ "1,2345", "has a misplaced thousands separator" },
	{ "10000000000000.01", "is too large" },
	{ "-10000000000000.01", "is too large" },
	{ "1234567890123456789012345678901234567890", "is too large" },
	{ "-1234567890123456789012345678901234567890.12", "is too large" },
	{ "99999999999999999999999", "is too large" },
};

/* Each expected string was checked digit by digit against the rules. */
static const struct cn money_cns[] = {
	{ 1234567, "人民币壹万贰仟叁佰肆拾伍元陆角柒分" },
	{ 10000000, "人民币壹拾万元整" },
	{ 5538900, "人民币伍万伍仟叁佰捌拾玖元整" },
	{ 250000, "人民币贰仟伍佰元整" },
	{ 101010, "人民币壹仟零壹拾元壹角整" },
	{ 10000, "人民币壹佰元整" },
	{ 150, "人民币壹元伍角整" },
	{ 100500, "人民币壹仟零伍元整" },
	{ 10050000, "人民币壹拾万零伍佰元整" },
	{ INT64_C(100000000500), "人民币壹拾亿零伍元整" },
	{ INT64_C(10005000000), "人民币壹亿零伍万元整" },
	{ 105, "人民币壹元零伍分" },
	{ 5, "人民币伍分" },
	{ 50, "人民币伍角整" },
	{ 0, "人民币零元整" },
	{ 1000, "人民币壹拾元整" },
	{ INT64_C(100000000000000), "人民币壹万亿元整" },
	{ -1234567, "人民币负壹万贰仟叁佰肆拾伍元陆角柒分" },
	{ -50, "人民币负伍角整" },
	{ 55, "人民币伍角伍分" },
	{ 1, "人民币壹分" },
	{ 100, "人民币壹元整" },
	{ 168032, "人民币壹仟陆佰捌拾元叁角贰分" },
	{ 10700053, "人民币壹拾万柒仟元伍角叁分" },
	{ 1001, "人民币壹拾元零壹分" },
	{ 1100, "人民币壹拾壹元整" },
	{ 11000, "人民币壹佰壹拾元整" },
	{ 100100, "人民币壹仟零壹元整" },
	{ 1001000, "人民币壹万零壹拾元整" },
	{ 1000000, "人民币壹万元整" },
	{ 1000100000, "人民币壹仟万壹仟元整" },
	{ 1000000100, "人民币壹仟万零壹元整" },
	{ INT64_C(10000000000), "人民币壹亿元整" },
	{ INT64_C(10000000100), "人民币壹亿零壹元整" },
	{ INT64_C(10001000000), "人民币壹亿零壹万元整" },
	{ INT64_C(1234500000000000), "人民币壹拾贰万叁仟肆佰伍拾亿元整" },
	{ INT64_C(123450000000000), "人民币壹万贰仟叁佰肆拾伍亿元整" },
	{ INT64_C(100010000000000), "人民币壹万零壹亿元整" },
	{ MONEY_MAX, "人民币壹拾万亿元整" },
	{ MONEY_MAX - 1, "人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万"
	    "玖仟玖佰玖拾玖元玖角玖分" },
	{ 2030, "人民币贰拾元叁角整" },
	{ 3000005, "人民币叁万元零伍分" },
	{ 50000000, "人民币伍拾万元整" },
	{ 9990, "人民币玖拾玖元玖角整" },
	{ 1010100, "人民币壹万零壹佰零壹元整" },
};

static void
test_money_parse(void)
{
	char		 name[128];
	const char	*why;
	int64_t		 v;
	size_t		 i;

	for (i = 0; i < sizeof(money_ok) / sizeof(money_ok[0]); i++) {
		snprintf(name, sizeof(name), "money_parse \"%s\"",
		    money_ok[i].in);
		v = -1;
		why = NULL;
		T_INT(name, money_parse(money_ok[i].in, &v, &why), 0);
		T_INT(name, v, money_ok[i].want);
	}
	for (i = 0; i < sizeof(money_bad) / sizeof(money_bad[0]); i++) {
		snprintf(name, sizeof(name), "money_parse refuses \"%s\"",
		    money_bad[i].in);
		why = NULL;
		T_INT(name, money_parse(money_bad[i].in, &v, &why), -1);
		T_STR(name, why, money_bad[i].why);
	}
}

static void
test_money_format(void)
{
	char	 buf[MONEY_BUFSZ];

	T_STR("money_format 12345.67", money_format(1234567, buf),
	    "12,345.67");
	T_STR("money_format 0", money_format(0, buf), "0.00");
	T_STR("money_format -0.50", money_format(-50, buf), "-0.50");
	T_STR("money_format 0.05", money_format(5, buf), "0.05");
	T_STR("money_format 999.99", money_format(99999, buf), "999.99");
	T_STR("money_format 1000", money_format(100000, buf), "1,000.00");
	T_STR("money_format -1234567.89", money_format(-123456789, buf),
	    "-1,234,567.89");
	T_STR("money_format MONEY_MAX", money_format(MONEY_MAX, buf),
	    "10,000,000,000,000.00");
	T_STR("money_format -MONEY_MAX", money_format(-MONEY_MAX, buf),
	    "-10,000,000,000,000.00");
	T_STR("money_format INT64_MAX", money_format(INT64_MAX, buf),
	    "92,233,720,368,547,758.07");
	T_STR("money_format INT64_MIN", money_format(INT64_MIN, buf),
	    "-92,233,720,368,547,758.08");
}

static void
test_money_cn(void)
{
	char	 name[64], buf[MONEY_CN_BUFSZ], fb[MONEY_BUFSZ];
	size_t	 i, n;

	for (i = 0; i < sizeof(money_cns) / sizeof(money_cns[0]); i++) {
		snprintf(name, sizeof(name), "money_cn %s",
		    money_format(money_cns[i].fen, fb));
		T_STR(name, money_cn(money_cns[i].fen, buf), money_cns[i].want);
	}
	money_cn(INT64_MIN, buf);
	n = strlen(buf);
	T_OK("money_cn INT64_MIN is negative",
	    strncmp(buf, "人民币负玖", strlen("人民币负玖")) == 0);
	T_OK("money_cn INT64_MIN ends in 捌分",
	    n > 6 && strcmp(buf + n - 6, "捌分") == 0);
	money_cn(INT64_MAX, buf);
	n = strlen(buf);
	T_OK("money_cn INT64_MAX ends in 零柒分",
	    n > 9 && strcmp(buf + n - 9, "零柒分") == 0);
}

static void
test_qty(void)
{
	char		 buf[MONEY_BUFSZ];
	const char	*why = NULL;
	int64_t		 v = -1;

	T_INT("qty_parse 12.5", qty_parse("12.5", &v, &why), 0);
	T_INT("qty_parse 12.5 value", v, 12500);
	qty_parse("3", &v, &why);
	T_INT("qty_parse 3", v, 3000);
	qty_parse("0.125", &v, &why);
	T_INT("qty_parse 0.125", v, 125);
	qty_parse("1,000.5", &v, &why);
	T_INT("qty_parse 1,000.5", v, 1000500);
	T_INT("qty_parse 1.2345", qty_parse("1.2345", &v, &why), -1);
	T_STR("qty_parse 1.2345 why", why, "has more than three decimals");
	T_INT("qty_parse -3", qty_parse("-3", &v, &why), -1);
	T_STR("qty_parse -3 why", why, "is negative");
	qty_parse("1,23", &v, &why);
	T_STR("qty_parse 1,23 why", why, "has a misplaced thousands separator");
	qty_parse("abc", &v, &why);
	T_STR("qty_parse abc why", why, "is not a number");
	qty_parse("¥3", &v, &why);
	T_STR("qty_parse ¥3 why", why, "is not a number");
	qty_parse("", &v, &why);
	T_STR("qty_parse empty why", why, "is empty");
	qty_parse("1234567890123456789012345678901234567890", &v, &why);
	T_STR("qty_parse 40 digits why", why, "is too large");

	T_STR("qty_format 12.5", qty_format(12500, buf), "12.5");
	T_STR("qty_format 3", qty_format(3000, buf), "3");
	T_STR("qty_format 0.125", qty_format(125, buf), "0.125");
	T_STR("qty_format 0", qty_format(0, buf), "0");
	T_STR("qty_format 1.01", qty_format(1010, buf), "1.01");
	T_STR("qty_format 0.1", qty_format(100, buf), "0.1");
	T_STR("qty_format 0.001", qty_format(1, buf), "0.001");
	T_STR("qty_format -1.5", qty_format(-1500, buf), "-1.5");

	T_INT("qty_times 12.5 x 3.50", qty_times(12500, 350), 4375);
	T_INT("qty_times 1.5 x 3.33", qty_times(1500, 333), 500);
	T_INT("qty_times -1.5 x 3.33", qty_times(-1500, 333), -500);
	T_INT("qty_times 1.5 x -3.33", qty_times(1500, -333), -500);
	T_INT("qty_times 0.333 x 1.00", qty_times(333, 100), 33);
	T_INT("qty_times 2.5 x 0.01", qty_times(2500, 1), 3);
	T_INT("qty_times 0.125 x 0.04", qty_times(125, 4), 1);
	T_INT("qty_times 0.124 x 0.04", qty_times(124, 4), 0);
	T_INT("qty_times 10^12 x MONEY_MAX saturates",
	    qty_times(MONEY_MAX, MONEY_MAX), INT64_MAX);
	T_INT("qty_times big exact", qty_times(INT64_C(1000000000000000),
	    1234), INT64_C(1234000000000000));
}

static void
test_count(void)
{
	const char	*why = NULL;
	int64_t		 v = -1;

	T_INT("count_parse 12", count_parse("12", &v, &why), 0);
	T_INT("count_parse 12 value", v, 12);
	count_parse(" 0 ", &v, &why);
	T_INT("count_parse 0", v, 0);
	T_INT("count_parse 10^12", count_parse("1000000000000", &v, &why), 0);
	T_INT("count_parse 10^12 value", v, INT64_C(1000000000000));
	T_INT("count_parse 10^12+1", count_parse("1000000000001", &v, &why),
	    -1);
	T_STR("count_parse 10^12+1 why", why, "is too large");
	count_parse("1234567890123456789012345678901234567890", &v, &why);
	T_STR("count_parse 40 digits why", why, "is too large");
	count_parse("1.5", &v, &why);
	T_STR("count_parse 1.5 why", why, "is not a whole number");
	count_parse("-3", &v, &why);
	T_STR("count_parse -3 why", why, "is not a whole number");
	count_parse("abc", &v, &why);
	T_STR("count_parse abc why", why, "is not a whole number");
	count_parse("12x", &v, &why);
	T_STR("count_parse 12x why", why, "is not a whole number");
	count_parse("", &v, &why);
	T_STR("count_parse empty why", why, "is empty");
}

static void
test_percent(void)
{
	char	 buf[MONEY_BUFSZ];

	T_STR("percent 95/100", percent_format(95, 100, buf), "95.0%");
	T_STR("percent 1/3", percent_format(1, 3, buf), "33.3%");
	T_STR("percent 2/3", percent_format(2, 3, buf), "66.7%");
	T_STR("percent 0/5", percent_format(0, 5, buf), "0.0%");
	T_STR("percent 1/1", percent_format(1, 1, buf), "100.0%");
	T_STR("percent 3/2", percent_format(3, 2, buf), "150.0%");
	T_STR("percent 1/2000 rounds up", percent_format(1, 2000, buf),
	    "0.1%");
	T_STR("percent 1/2001 rounds down", percent_format(1, 2001, buf),
	    "0.0%");
	T_STR("percent -1/3", percent_format(-1, 3, buf), "-33.3%");
	T_STR("percent den 0", percent_format(1, 0, buf), "—");
	T_STR("percent INT64_MAX/1", percent_format(INT64_MAX, 1, buf),
	    "922337203685477580700.0%");
	T_STR("percent INT64_MIN/-1", percent_format(INT64_MIN, -1, buf),
	    "922337203685477580800.0%");
}

int
main(void)
{
	test_money_parse();
	test_money_format();
	test_money_cn();
	test_qty();
	test_count();
	test_percent();
	return t_failed != 0;
}
