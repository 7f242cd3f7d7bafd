/*
 * The table registry (model.h): per input table its file names, Chinese
 * headers with their English keys and accepted aliases, cell types,
 * which columns are private or hold a person's name, its site page,
 * its section of the audit pack, and the hooks of the stages that
 * compute, check and show it.  Loading, figures, checks, the tree,
 * navigation, site pages, open data and the audit pack's sections all
 * iterate this list; adding a table starts here.
 */
#include <stddef.h>

#include "check.h"
#include "figures.h"
#include "model.h"
#include "tree.h"

static const char *const meals[] = {
	"早餐", "早点", "午餐", "午点", "晚餐", "夜宵", NULL
};
static const char *const meal_aliases[] = {
	"breakfast=早餐", "早饭=早餐", "上午点心=早点", "早上点心=早点",
	"morning snack=早点", "中餐=午餐", "午饭=午餐", "lunch=午餐",
	"下午点心=午点", "afternoon snack=午点", "晚饭=晚餐", "dinner=晚餐",
	"supper=晚餐", "宵夜=夜宵", "夜餐=夜宵", "late-night meal=夜宵", NULL
};
static const char *const tests[] = {
	"合格", "不合格", "未检测", "免检", NULL
};
static const char *const test_aliases[] = {
	"pass=合格", "passed=合格", "阴性=合格", "fail=不合格",
	"failed=不合格", "阳性=不合格", "未检=未检测", "none=未检测",
	"not tested=未检测", "不适用=免检", "exempt=免检", "n/a=免检",
	"-=免检", "—=免检", NULL
};
static const char *const feetypes[] = {
	"行政事业性收费", "服务性收费", "代收费", NULL
};
static const char *const feetype_aliases[] = {
	"行政事业性=行政事业性收费", "行政性收费=行政事业性收费",
	"服务性=服务性收费", "服务收费=服务性收费", "代收=代收费",
	"代收代付=代收费", "代收代缴=代收费", "代办费=代收费",
	"administrative=行政事业性收费", "service=服务性收费",
	"agency=代收费", NULL
};
static const char *const states[] = {
	"已完成", "处理中", NULL
};
static const char *const state_aliases[] = {
	"完成=已完成", "已修复=已完成", "已修=已完成", "done=已完成",
	"closed=已完成", "未完成=处理中", "待修=处理中", "维修中=处理中",
	"open=处理中", "pending=处理中", NULL
};

#define PERSON	(COLF_PERSON)
#define STAFF	(COLF_STAFF)
#define MAYBE	(COLF_EMPTY_OK)

static const struct colspec ledger[] = {
	{ "date", "日期", "记账日期", COL_DATE, 0, NULL, NULL },
	{ "voucher", "凭证号", "凭证编号|凭证|voucher no", COL_TEXT, 0, NULL, NULL },
	{ "account", "科目", "会计科目|科目名称|subject", COL_TEXT, 0, NULL, NULL },
	{ "memo", "摘要", "说明|description", COL_TEXT, MAYBE, NULL, NULL },
	{ "income", "收入", "收入金额", COL_MONEY, MAYBE, NULL, NULL },
	{ "expense", "支出", "支出金额", COL_MONEY, MAYBE, NULL, NULL },
	{ "handler", "经办人", "经手人", COL_TEXT, STAFF | MAYBE, NULL, NULL },
	{ "approver", "审批人", "审核人|批准人", COL_TEXT, STAFF | MAYBE, NULL, NULL },
};

static const struct colspec budget[] = {
	{ "account", "科目", "会计科目|科目名称|subject", COL_TEXT, 0, NULL, NULL },
	{ "amount", "预算金额", "预算|budget", COL_MONEY, 0, NULL, NULL },
};

static const struct colspec fees[] = {
	{ "item", "项目", "收费项目|name", COL_TEXT, 0, NULL, NULL },
	{ "basis", "收费依据", "依据", COL_TEXT, MAYBE, NULL, NULL },
	{ "standard", "标准", "收费标准", COL_MONEY, 0, NULL, NULL },
	{ "unit", "计费单位", "单位", COL_TEXT, MAYBE, NULL, NULL },
	{ "scope", "收费范围", "范围", COL_TEXT, MAYBE, NULL, NULL },
	{ "due", "应收人数", "", COL_COUNT, 0, NULL, NULL },
	{ "paid", "实收人数", "", COL_COUNT, MAYBE, NULL, NULL },
	{ "collected", "实收金额", "", COL_MONEY, MAYBE, NULL, NULL },
	{ "refund", "退费金额", "退费", COL_MONEY, MAYBE, NULL, NULL },
	{ "type", "类型", "收费类型|性质|kind", COL_ENUM,
	  COLF_OPTIONAL | MAYBE, feetypes, feetype_aliases },
};

static const struct colspec purchases[] = {
	{ "date", "日期", "采购日期", COL_DATE, 0, NULL, NULL },
	{ "item", "品名", "名称|name", COL_TEXT, 0, NULL, NULL },
	{ "category", "类别", "", COL_TEXT, 0, NULL, NULL },
	{ "supplier", "供应商", "供货商|供货单位", COL_TEXT, 0, NULL, NULL },
	{ "quantity", "数量", "qty", COL_QTY, 0, NULL, NULL },
	{ "unit", "单位", "计量单位", COL_TEXT, 0, NULL, NULL },
	{ "price", "单价", "", COL_MONEY, 0, NULL, NULL },
	{ "amount", "金额", "", COL_MONEY, 0, NULL, NULL },
	{ "buyer", "采购员", "采购人", COL_TEXT, STAFF, NULL, NULL },
	{ "receiver", "验收员", "验收人|inspector", COL_TEXT, STAFF | MAYBE, NULL, NULL },
	{ "test", "农残检测", "农药残留检测|pesticide test|pesticide_test", COL_ENUM, MAYBE,
	  tests, test_aliases },
};

static const struct colspec samples[] = {
	{ "date", "日期", "", COL_DATE, 0, NULL, NULL },
	{ "meal", "餐次", "", COL_ENUM, 0, meals, meal_aliases },
	{ "dish", "菜品", "菜名", COL_TEXT, 0, NULL, NULL },
	{ "grams", "留样克数", "克数|留样量|weight", COL_COUNT, 0, NULL, NULL },
	{ "kept", "留样时间", "kept_at", COL_DATETIME, 0, NULL, NULL },
	{ "destroyed", "销样时间", "destroyed_at", COL_DATETIME, MAYBE, NULL, NULL },
	{ "keeper", "留样人", "", COL_TEXT, STAFF, NULL, NULL },
};

static const struct colspec disinfection[] = {
	{ "date", "日期", "", COL_DATE, 0, NULL, NULL },
	{ "object", "对象", "消毒对象", COL_TEXT, 0, NULL, NULL },
	{ "method", "方式", "消毒方式", COL_TEXT, 0, NULL, NULL },
	{ "minutes", "时长", "时长(分钟)|duration", COL_COUNT, 0, NULL, NULL },
	{ "person", "责任人", "", COL_TEXT, STAFF, NULL, NULL },
};

static const struct colspec repairs[] = {
	{ "date", "日期", "报修日期", COL_DATE, 0, NULL, NULL },
	{ "category", "类别", "", COL_TEXT, 0, NULL, NULL },
	{ "place", "地点", "location", COL_TEXT, 0, NULL, NULL },
	{ "content", "内容", "维修内容", COL_TEXT, 0, NULL, NULL },
	{ "status", "状态", "", COL_ENUM, 0, states, state_aliases },
	{ "repairer", "维修人", "", COL_TEXT, STAFF | MAYBE, NULL, NULL },
};

static const struct colspec complaints[] = {
	{ "date", "日期", "", COL_DATE, 0, NULL, NULL },
	{ "channel", "渠道", "", COL_TEXT, 0, NULL, NULL },
	{ "content", "内容", "", COL_TEXT, 0, NULL, NULL },
	{ "result", "处理结果", "", COL_TEXT, MAYBE, NULL, NULL },
	{ "closed", "办结日期", "", COL_DATE, MAYBE, NULL, NULL },
};

static const struct colspec subsidies[] = {
	{ "student", "学号", "student no|student_no", COL_TEXT, COLF_PRIVATE, NULL, NULL },
	{ "name", "姓名", "", COL_TEXT, PERSON, NULL, NULL },
	{ "class", "班级", "", COL_TEXT, 0, NULL, NULL },
	{ "category", "类别", "资助类别", COL_TEXT, 0, NULL, NULL },
	{ "amount", "金额", "资助金额", COL_MONEY, 0, NULL, NULL },
	{ "id_number", "身份证号", "身份证号码|id", COL_TEXT,
	  COLF_PRIVATE | COLF_OPTIONAL | MAYBE, NULL, NULL },
	{ "phone", "联系电话", "电话|手机", COL_TEXT,
	  COLF_PRIVATE | COLF_OPTIONAL | MAYBE, NULL, NULL },
};

static const struct colspec attendance[] = {
	{ "date", "日期", "", COL_DATE, 0, NULL, NULL },
	{ "class", "班级", "班别", COL_TEXT, 0, NULL, NULL },
	{ "due", "应到人数", "应到|应出勤人数", COL_COUNT, 0, NULL, NULL },
	{ "present", "实到人数", "实到|出勤人数|就餐人数", COL_COUNT, 0,
	  NULL, NULL },
};

#define N(a)	((int)(sizeof(a) / sizeof((a)[0])))

/* audit: the section's file, pdf/audit/<audit>.xml (layout.h, <sections/>). */
const struct tablespec tablespecs[T__MAX] = {
	{ T_LEDGER, "ledger.csv", "ledger", "收支明细", ledger, N(ledger), 1,
	  "finance.html", "财务公开", "ledger", figures_ledger, check_ledger,
	  tree_ledger },
	{ T_BUDGET, "budget.csv", "budget", "预算", budget, N(budget), 0,
	  "finance.html", "财务公开", "budget", figures_budget, check_budget,
	  NULL },
	{ T_FEES, "fees.csv", "fees", "收费", fees, N(fees), 0,
	  "fees.html", "收费公示", "fees", figures_fees, check_fees,
	  tree_fees },
	{ T_PURCHASES, "purchases.csv", "purchases", "采购验收", purchases,
	  N(purchases), 0, "canteen.html", "食堂公示", "purchases",
	  figures_purchases, check_purchases, tree_purchases },
	{ T_SAMPLES, "samples.csv", "samples", "留样", samples, N(samples), 0,
	  "food-safety.html", "食品安全", "samples", figures_samples,
	  check_samples, NULL },
	{ T_DISINFECTION, "disinfection.csv", "disinfection", "消毒",
	  disinfection, N(disinfection), 0, "food-safety.html", "食品安全",
	  "disinfection", figures_disinfection, check_disinfection, NULL },
	{ T_REPAIRS, "repairs.csv", "repairs", "维修", repairs, N(repairs), 0,
	  "repairs.html", "维修", "repairs", figures_repairs, check_repairs,
	  tree_repairs },
	{ T_COMPLAINTS, "complaints.csv", "complaints", "投诉", complaints,
	  N(complaints), 0, "complaints.html", "投诉办理", "complaints",
	  figures_complaints, check_complaints, NULL },
	{ T_SUBSIDIES, "subsidies.csv", "subsidies", "资助", subsidies,
	  N(subsidies), 0, "subsidies.html", "资助公示", "subsidies",
	  figures_subsidies, check_subsidies, tree_subsidies },
	{ T_ATTENDANCE, "attendance.csv", "attendance", "出勤", attendance,
	  N(attendance), 0, "canteen.html", "食堂公示", "attendance",
	  figures_attendance, check_attendance, tree_attendance },
};
