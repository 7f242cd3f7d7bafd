#!/usr/bin/env python3
"""A district folder for tests and benchmarks, generated deterministically
(every value is a function of the unit's index: two runs write the same
bytes).

    district-gen.py DIR [N] [ERRORS]
        DIR/district.md and N unit folders (default 16) of different
        shapes, cycling through:
          kg-NN       a town kindergarten: 保育费 and 伙食费 per
                      semester, 牛奶 for those who order it; two periods
          school-NN   a primary school: 作业本费 and 课后服务费 per
                      month, 午餐费 per day; repairs; one period
          centre-NN   a kindergarten copied from the demo unit (data/):
                      every table, GB18030 files, two periods
          village-NN  a village school with one period, a ledger and
                      budget only (no fees)
        ERRORS (default 1): how many units (the first ones of shape
        school) get a ledger amount with three decimals, an input
        error that fails their build.
"""
import os
import shutil
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(TOP, "data")
LEDGER_HEAD = "日期,凭证号,科目,摘要,收入,支出,经办人,审批人"
FEES_HEAD = "项目,收费依据,标准,计费单位,收费范围,应收人数,实收人数,实收金额,退费金额"
TOWNS = ["桃溪", "石门", "河洑", "黄土店", "蒿子港", "中河口", "周家店",
         "韩公渡", "草坪", "谢家铺", "牛鼻滩", "灌溪", "镇德桥", "花岩溪",
         "尧天坪", "双桥坪", "许家桥", "雷公庙", "长岭岗", "郭家铺"]
PERIODS = {"2023-autumn": ("2023-09", "2024-01"),
           "2024-spring": ("2024-03", "2024-07")}


def write(path, lines, encoding="utf-8"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write("\n".join(lines) + "\n")


def yuan(fen):
    return "%d.%02d" % (fen // 100, fen % 100)


def unit_md(path, name, kind, i):
    write(path, ["---", "name: " + name, "type: " + kind,
                 "address: 湖南省常德市鼎城区%s镇%d号" % (TOWNS[i % 20], 10 + i),
                 "head: 王%s" % "建国立新秀英志强"[i % 8 * 1:i % 8 + 1],
                 "hotline: 0736-75%05d" % (21000 + i),
                 "---", "%s是%s镇的公办%s。" % (name, TOWNS[i % 20], kind)])


class Ledger:
    """A ledger with a gap-free voucher series and its budget."""

    def __init__(self, month, opening):
        self.rows = [LEDGER_HEAD]
        self.n = 0
        self.month = month
        self.add(1, "上期结转", "上期结转", opening, 0)
        self.spent = {}

    def add(self, day, account, memo, income, expense):
        self.n += 1
        self.rows.append("%s-%02d,记-%03d,%s,%s,%s,%s,刘晓梅,陈立新" % (
            self.month, day, self.n, account, memo,
            yuan(income) if income else "", yuan(expense) if expense else ""))
        if expense:
            self.spent[account] = self.spent.get(account, 0) + expense

    def budget(self, extra):
        return ["科目,预算金额"] + ["%s,%s" % (a, yuan(v + extra))
                                  for a, v in sorted(self.spent.items())]


def fees_and_ledger(pdir, fees, i, expenses):
    """fees.csv and a ledger whose fee accounts equal what was collected."""
    start = PERIODS[os.path.basename(pdir)][0]
    led = Ledger(start, 5000000 + 37100 * i)
    rows = [FEES_HEAD]
    for item, basis, std, unit, scope, due, paid, refund in fees:
        collected = std * paid - refund
        rows.append("%s,%s,%s,%s,%s,%d,%d,%s,%s" % (
            item, basis, yuan(std), unit, scope, due, paid, yuan(collected),
            yuan(refund)))
        led.add(3, item, "收%s" % item, collected, 0)
    for k, (account, memo, fen) in enumerate(expenses):
        led.add(5 + k, account, memo, 0, fen)
    if len(fees) > 0:
        write(os.path.join(pdir, "fees.csv"), rows)
    write(os.path.join(pdir, "ledger.csv"), led.rows)
    write(os.path.join(pdir, "budget.csv"), led.budget(10000 * (1 + i % 5)))
    return led


def kindergarten(dst, i):
    name = "%s镇中心幼儿园" % TOWNS[i % 20] if i % 2 else \
        "%s镇第%d幼儿园" % (TOWNS[i % 20], 1 + i % 3)
    unit_md(os.path.join(dst, "unit.md"), name, "幼儿园", i)
    kids = 120 + 7 * i
    for k, period in enumerate(sorted(PERIODS)):
        fees = [("保育费", "湘发改价费〔2021〕396号", 100000 + 5000 * (i % 4),
                 "元/生·学期", "全体在园幼儿", kids, kids - 2, 0),
                ("伙食费", "园务委员会核定，据实收取", 52000 + 2000 * (i % 5),
                 "元/生·学期", "全体在园幼儿", kids, kids - 2, 1200 * k),
                ("牛奶", "自愿征订，代收代付", 18800, "元/生·学期",
                 "自愿征订幼儿", kids - 10, kids - 12, 0)]
        fees_and_ledger(os.path.join(dst, period), fees, i, [
            ("伙食支出", "购米面油", 3000000 + 1000 * i),
            ("教玩具", "购美工区材料", 19300 + 100 * k),
            ("水电费", "缴电费", 412000 + 300 * i)])


def school(dst, i, bad):
    name = "%s镇%s小学" % (TOWNS[i % 20], "中心" if i % 2 else "完全")
    unit_md(os.path.join(dst, "unit.md"), name, "小学", i)
    pupils = 300 + 11 * i
    pdir = os.path.join(dst, "2023-autumn")
    fees = [("作业本费", "湘教通〔2020〕12号", 3000, "元/生·学期",
             "全体学生", pupils, pupils, 0),
            ("课后服务费", "湘发改价费〔2022〕5号", 12000 + 1000 * (i % 3),
             "元/生·月", "自愿参加学生", pupils // 2, pupils // 2 - 3, 0),
            ("午餐费", "据实收取", 500 + 50 * (i % 4), "元/生·天",
             "在校就餐学生", pupils * 80, pupils * 80 - 40, 0)]
    led = fees_and_ledger(pdir, fees, i, [
        ("伙食支出", "购米面油", 5000000 + 1000 * i),
        ("维修费", "修理教室门窗", 86000),
        ("办公费", "购粉笔、打印纸", 34500 + 10 * i)])
    write(os.path.join(pdir, "repairs.csv"), [
        "日期,类别,地点,内容,状态,维修人",
        "2023-09-05,电,三年级教室,更换灯管,已完成,邓志强",
        "2023-10-11,门窗,五年级教室,修理门锁,已完成,邓志强"])
    if bad:
        rows = led.rows + ["2023-12-20,记-%03d,办公费,购墨盒,,12.345,刘晓梅,陈立新"
                           % (led.n + 1)]
        write(os.path.join(pdir, "ledger.csv"), rows)


def centre(dst, i):
    shutil.copytree(DEMO, dst)
    path = os.path.join(dst, "unit.md")
    text = open(path, encoding="utf-8").read()
    text = text.replace("桃溪镇中心幼儿园", "%s镇中心幼儿园" % TOWNS[i % 20])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def village(dst, i):
    name = "%s镇%s村小" % (TOWNS[i % 20], "东西南北"[i // 4 % 4])
    unit_md(os.path.join(dst, "unit.md"), name, "小学", i)
    fees_and_ledger(os.path.join(dst, "2024-spring"), [], i, [
        ("办公费", "购粉笔", 12000 + 10 * i), ("水电费", "缴电费", 83000)])


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    top = argv[1]
    n = int(argv[2]) if len(argv) > 2 else 16
    errors = int(argv[3]) if len(argv) > 3 else 1
    if os.path.exists(top):
        shutil.rmtree(top)
    write(os.path.join(top, "district.md"), [
        "---", "name: 鼎城区教育局", "type: 区", "address: 湖南省常德市鼎城区武陵镇",
        "hotline: 0736-7383100", "base_url: https://jyj.example.org/", "---",
        "鼎城区教育局所属学校和幼儿园的收费公示、财务公开汇总。"])
    schools = 0
    for i in range(n):
        shape = ["kg", "school", "centre", "village"][i % 4]
        dst = os.path.join(top, "%s-%02d" % (shape, i))
        if shape == "kg":
            kindergarten(dst, i)
        elif shape == "school":
            school(dst, i, schools < errors)
            schools += 1
        elif shape == "centre":
            centre(dst, i)
        else:
            village(dst, i)


if __name__ == "__main__":
    main(sys.argv)
