/*
 * The free-text scanner: personal numbers as people type them are
 * found and masked, and the numbers a school's text is full of (dates,
 * amounts, voucher and invoice numbers, the unit's own hotline) are
 * left alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pii.h"
#include "t.h"

static const char *const hotlines[] = { "0311-86012345", "12315", NULL };

/* The masked text, compared and freed. */
static void
masked(const char *name, const char *in, const char *want)
{
	char	*got = pii_mask(in, hotlines);

	T_STR(name, got, want);
	free(got);
}

/* The kind of the first match in s (PII_NONE without one). */
static int
kind(const char *s)
{
	struct pii_match m;

	return pii_next(s, 0, hotlines, &m) ? (int)m.kind : PII_NONE;
}

static void
test_ids(void)
{
	masked("id in a memo", "退刘一诺(身份证130534201003151236)多交午餐费",
	    "退刘一诺(身份证**************1236)多交午餐费");
	masked("id with final X", "11010519491231002X",
	    "**************002X");
	masked("id in four-digit groups", "证件 1305 3420 1003 1512 36 已核",
	    "证件 **************1236 已核");
	masked("id 6-8-4 with dashes", "130534-20100315-1236",
	    "**************1236");
	masked("id in full-width digits",
	    "身份证号１３０５３４２０１００３１５１２３６",
	    "身份证号**************1236");
	masked("id full-width X",
	    "１１０１０５１９４９１２３１００２Ｘ", "**************002X");
	masked("old 15-digit id", "旧证 130534851231123 作废",
	    "旧证 ***********1123 作废");
	T_INT("bad checksum is no id", kind("130534201003151235"), PII_NONE);
	T_INT("impossible birth date is no id", kind("130534201013321236"),
	    PII_NONE);
}

static void
test_phones(void)
{
	masked("mobile plain", "家长电话13987654321,已回访",
	    "家长电话139****4321,已回访");
	masked("mobile dotted", "联系139.8765.4321", "联系139****4321");
	masked("mobile 3-4-4 spaces", "139 8765 4321", "139****4321");
	masked("mobile full-width", "１３９８７６５４３２１", "139****4321");
	masked("two mobiles", "13987654321 13812345678",
	    "139****4321 138****5678");
	masked("landline with area code", "家里 0311-87654321 晚上",
	    "家里 0311-****4321 晚上");
	masked("landline in brackets", "(010)62345678", "(010)****5678");
	masked("the unit's hotline stays", "投诉电话 0311-86012345",
	    "投诉电话 0311-86012345");
	masked("price hotline stays", "价格举报 12315", "价格举报 12315");
}

static void
test_cards(void)
{
	masked("bank card", "退款至卡号6222021234567890128",
	    "退款至卡号***************0128");
	masked("bank card in groups", "6222 0212 3456 7890 128",
	    "***************0128");
	T_INT("card failing luhn", kind("6222021234567890127"), PII_NONE);
}

/*
 * Numbers known by their label: a student's, a campus card's.  The
 * registry keeps the 学号 column private, so one typed into free text
 * is masked too.
 */
static void
test_labelled(void)
{
	struct pii_match m;

	masked("student no", "学号2021214587的同学反映饭卡被多扣",
	    "学号******4587的同学反映饭卡被多扣");
	masked("student no after colon", "学号：2021214587；已退款",
	    "学号：******4587；已退款");
	masked("student no with space", "学号 2023010203", "学号 ******0203");
	masked("campus card", "校园卡号 30012345 挂失", "校园卡号 ****2345 挂失");
	masked("one-card", "一卡通号为 88001234", "一卡通号为 ****1234");
	masked("exam no", "准考证号（43012345678", "准考证号（*******5678");
	T_INT("student kind", kind("学号 2021214587"), PII_STUDENT);
	T_INT("campus kind", kind("饭卡 300123456"), PII_CAMPUS);
	T_OK("kind names", pii_next("饭卡 300123456", 0, NULL, &m) &&
	    strcmp(pii_kindname(m.kind), "卡号") == 0);
	T_INT("bank card after 卡号 stays a bank card",
	    kind("卡号6222021234567890128"), PII_CARD);
	T_INT("mobile after 学号 is a mobile", kind("学号 13987654321"),
	    PII_MOBILE);
	T_INT("unlabelled number left", kind("编号 2021214587"), PII_NONE);
}

/* What a school's text holds and must keep. */
static void
test_clean(void)
{
	static const char *const keep[] = {
		"2023-09-01 至 2023-12-31 共 18 周",
		"2023.09.01-2024.01.15",
		"午餐费 1,234.50 元, 138.50 1234.56",
		"凭证 记-102 号, 发票号 04400212345678",
		"电维修 4545 次, 预算 12000000 元",
		"订单 20231108123456",
		"饭卡充值 128450.00 元, 一卡通 30000 元",
		"校园卡 200000元, 饭卡 12 张",
		"学号 2023 级",
		"房间 301-305",
		"",
		NULL
	};
	size_t	 i;
	char	 name[64];

	for (i = 0; keep[i] != NULL; i++) {
		snprintf(name, sizeof(name), "left alone %zu", i);
		masked(name, keep[i], keep[i]);
	}
	T_OK("NULL stays NULL", pii_mask(NULL, NULL) == NULL);
}

/* Positions: bytes of the whole match, separators included. */
static void
test_positions(void)
{
	struct pii_match m;
	const char	*s = "甲 139.8765.4321 乙 130534201003151236";
	int		 ok;

	ok = pii_next(s, 0, NULL, &m);
	T_OK("first found", ok);
	T_INT("first start", (long long)m.start, 4);
	T_INT("first end", (long long)m.end, 17);
	T_STR("first tail", m.tail, "4321");
	T_STR("first kind name", pii_kindname(m.kind), "手机号");
	ok = pii_next(s, m.end, NULL, &m);
	T_OK("second found", ok);
	T_STR("second kind name", pii_kindname(m.kind), "身份证号");
	T_STR("second digits", m.digits, "130534201003151236");
	T_OK("no third", !pii_next(s, m.end, NULL, &m));
}

int
main(void)
{
	test_ids();
	test_phones();
	test_cards();
	test_labelled();
	test_clean();
	test_positions();
	return t_failed != 0;
}
