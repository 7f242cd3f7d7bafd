"""Attendance figures computed from the data files, independently of
sunlight, with Python's Decimal (half away from zero, to the fen).

    figs.py page PERIODDIR      child-days, attendance rate, cost and
                                伙食费 per child-day, one per line, as
                                the 食堂公示 page shows them
    figs.py summary PERIODDIR   the summary sentence with its figures
    figs.py months PERIODDIR    attendance-months.csv as it should be
    figs.py audit PERIODDIR     the audit register's monthly subtotal
                                lines and the summary table's total line,
                                blanks squeezed as pdftotext -layout
                                output is after `tr -s ' '`
"""
import csv
import io
import sys
from decimal import Decimal, ROUND_HALF_UP


def rows(path):
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.DictReader(io.StringIO(raw.decode(enc))))
        except UnicodeDecodeError:
            continue
    raise SystemExit("cannot decode " + path)


def money(s):
    s = s.strip().replace(",", "")
    return Decimal(s) if s else Decimal(0)


def fen(x):
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rate(n, d):
    return "{}%".format((Decimal(n) * 100 / d).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP))


def grouped(x):
    return "{:,.2f}".format(x)


def figures(p):
    att = rows(p + "/attendance.csv")
    canteen = {}
    for r in rows(p + "/ledger.csv"):
        if r["科目"] == "伙食支出":
            m = r["日期"][:7]
            canteen[m] = canteen.get(m, Decimal(0)) + money(r["支出"])
    fee = sum(money(r["实收金额"]) for r in rows(p + "/fees.csv")
              if r["项目"] == "伙食费")
    months = {}
    for r in att:
        m = months.setdefault(r["日期"][:7], [set(), 0, 0])
        m[0].add(r["日期"])
        m[1] += int(r["实到人数"])
        m[2] += int(r["应到人数"])
    present = sum(m[1] for m in months.values())
    due = sum(m[2] for m in months.values())
    total = sum(canteen.values(), Decimal(0))
    return {"months": months, "canteen": canteen, "present": present,
            "due": due, "total": total, "fee": fee,
            "days": sum(len(m[0]) for m in months.values())}


def main(argv):
    f = figures(argv[2])
    cost = fen(f["total"] / f["present"])
    per_fee = fen(f["fee"] / f["present"])
    ms = sorted(f["months"])
    if argv[1] == "page":
        print(f["present"])
        print(rate(f["present"], f["due"]))
        print(grouped(cost))
        print(grouped(per_fee))
    elif argv[1] == "summary":
        m = f["months"][ms[0]]
        print("本学期学生就餐{}人天，出勤率{}；账面伙食支出折合每人天{}元，"
              "伙食费实收折合每人天{}元。三月就餐{}人天，每人天{}元，出勤率{}。"
              .format(f["present"], rate(f["present"], f["due"]),
                      grouped(cost), grouped(per_fee), m[1],
                      grouped(fen(f["canteen"].get(ms[0], 0) / m[1])),
                      rate(m[1], m[2])))
    elif argv[1] == "months":
        out = io.StringIO()
        out.write("\ufeff月份,供餐天数,就餐人天（实到人数之和）,应到人天,"
                  "出勤率（%）,伙食支出,每人天伙食成本\r\n")
        for k in ms:
            m = f["months"][k]
            c = f["canteen"].get(k, Decimal(0))
            out.write("{},{},{},{},{},{},{}\r\n".format(
                k, len(m[0]), m[1], m[2], rate(m[1], m[2])[:-1],
                "{:.2f}".format(c), "{:.2f}".format(fen(c / m[1]))))
        sys.stdout.buffer.write(out.getvalue().encode("utf-8"))
    elif argv[1] == "audit":
        for k in ms:
            m = f["months"][k]
            print("{}月合计 {} {}".format(int(k[5:]), m[2], m[1]))
        print("合计 {} {} {} {} {} {}".format(
            f["days"], f["present"], f["due"], rate(f["present"], f["due"]),
            grouped(f["total"]), grouped(cost)))


main(sys.argv)
