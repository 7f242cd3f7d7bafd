#!/usr/bin/env python3
"""Deterministic inputs for tests/bench (no randomness: every row is a
function of its index, so two runs measure the same bytes).

    bench-gen.py large DIR [LEDGER PURCHASES SUBSIDIES]
        one unit, one period, built from the demo's 2023-autumn with
        the ledger, purchases and subsidies scaled up; error-free so
        that `build` renders it
    bench-gen.py district DIR N
        N copies of the demo unit: DIR/school-001 ... (a 县 of schools)
    bench-gen.py probe KIND N DIR
        a unit that stresses one dimension with size N, for scaling
        checks (time at 2N over time at N: about 2 linear, 4 quadratic):
          ledger       N ledger rows, five accounts
          accounts     N ledger rows, N distinct accounts (科目)
          subsidies    N subsidy rows, N distinct students
          placeholders N lines "{{...}}" unclosed in summary.md
          errors       N ledger rows alternating a quoting error and a
                       bad amount (findings arrive out of line order)
"""
import os
import shutil
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(TOP, "data")
PERIOD = "2023-autumn"
LEDGER_HEAD = "日期,凭证号,科目,摘要,收入,支出,经办人,审批人"
ACCOUNTS = ["办公费", "水电费", "维修费", "教玩具", "燃料费", "设备购置"]
MONTHS = [(2023, 9, 30), (2023, 10, 31), (2023, 11, 30), (2023, 12, 31),
          (2024, 1, 31)]


def day(i, n):
    """The i-th of n dates spread over 2023-09-01 .. 2024-01-31."""
    d = i * 153 // max(n, 1)
    for y, m, ml in MONTHS:
        if d < ml:
            return "%d-%02d-%02d" % (y, m, d + 1)
        d -= ml
    return "2024-01-31"


def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")


def read_rows(name):
    """Header and rows of a demo table, decoded whatever its encoding."""
    raw = open(os.path.join(DEMO, PERIOD, name), "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    lines = text.splitlines()
    return lines[0], lines[1:]


def ledger(n, accounts=None):
    """n ledger rows: an opening balance large enough, then expenses."""
    rows = [LEDGER_HEAD,
            "2023-09-01,记-000001,上期结转,上期结转,\"90,000,000.00\",,李秀兰,陈立新"]
    for i in range(2, n + 1):
        acct = accounts(i) if accounts else ACCOUNTS[i % len(ACCOUNTS)]
        rows.append("%s,记-%06d,%s,摘要%d,,%d.%02d,刘晓梅,陈立新"
                    % (day(i, n), i, acct, i, 1 + i % 40, i % 100))
    return rows


def id_number(i):
    """A valid 18-character ID (GB 11643 checksum), born 2018-2019."""
    body = "430791%04d%02d%02d%03d" % (2018 + i % 2, 1 + i % 12,
                                        1 + i % 28, i % 1000)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * w[k] for k, c in enumerate(body))
    return body + "10X98765432"[s % 11]


def subsidies(n):
    rows = ["学号,姓名,班级,类别,金额,身份证号,联系电话"]
    cats = [("建档立卡", "1000.00"), ("一般贫困", "500.00")]
    for i in range(n):
        cat, amt = cats[i % 2]
        rows.append("%08d,学生%d,大%d班,%s,%s,%s,139-0000-%04d"
                    % (20200000 + i, i, 1 + i % 3, cat, amt,
                       id_number(i), i % 10000))
    return rows


def cycle(head, rows, n):
    """head and n rows taken from rows cyclically."""
    return [head] + [rows[i % len(rows)] for i in range(n)]


def demo_copy(dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(DEMO, dst)


def large(dst, nledger=100000, npurch=50000, nsub=10000):
    demo_copy(dst)
    for p in os.listdir(dst):
        if p not in ("unit.md", PERIOD):
            shutil.rmtree(os.path.join(dst, p))
    pdir = os.path.join(dst, PERIOD)
    write(os.path.join(pdir, "ledger.csv"), ledger(nledger))
    head, rows = read_rows("purchases.csv")
    write(os.path.join(pdir, "purchases.csv"), cycle(head, rows, npurch))
    write(os.path.join(pdir, "subsidies.csv"), subsidies(nsub))


def summary_only_unit(dst, body):
    """A unit with a one-row ledger and the given summary body."""
    if os.path.exists(dst):
        shutil.rmtree(dst)
    pdir = os.path.join(dst, PERIOD)
    write(os.path.join(dst, "unit.md"),
          ["---", "name: 测试幼儿园", "hotline: 0736-7521368", "---", "简介。"])
    write(os.path.join(pdir, "ledger.csv"), ledger(2))
    write(os.path.join(pdir, "summary.md"),
          ["---", "title: 测试", "start: 2023-09-01", "end: 2024-01-31",
           "author: 刘晓梅", "date: 2024-01-31", "---"] + body)


def probe(kind, n, dst):
    if kind == "placeholders":
        summary_only_unit(dst, ["{{收入合计"] * n)
        return
    summary_only_unit(dst, ["正文。"])
    pdir = os.path.join(dst, PERIOD)
    if kind == "ledger":
        rows = ledger(n)
    elif kind == "accounts":
        rows = ledger(n, lambda i: "科目%d" % i)
    elif kind == "subsidies":
        rows = ledger(2)
        write(os.path.join(pdir, "subsidies.csv"), subsidies(n))
    elif kind == "errors":
        rows = [LEDGER_HEAD]
        for i in range(1, n + 1):
            if i % 2:
                rows.append("2023-09-01,记-%06d,办公费,他说\"好\",1.00,,张三,李四" % i)
            else:
                rows.append("2023-09-01,记-%06d,办公费,x,1..00,,张三,李四" % i)
    else:
        sys.exit("bench-gen.py: unknown probe " + kind)
    write(os.path.join(pdir, "ledger.csv"), rows)


def main(argv):
    if len(argv) >= 3 and argv[1] == "large":
        large(argv[2], *[int(a) for a in argv[3:6]])
    elif len(argv) == 4 and argv[1] == "district":
        for i in range(1, int(argv[3]) + 1):
            demo_copy(os.path.join(argv[2], "school-%03d" % i))
    elif len(argv) == 5 and argv[1] == "probe":
        probe(argv[2], int(argv[3]), argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
