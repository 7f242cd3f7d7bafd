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

  The same data for the tools tests/bench compares with:
    bench-gen.py hledger LEDGER.csv RULES
        hledger CSV rules that read the ledger as it is (收入/支出 against
        one cash account, 科目 as the expense or income account)
    bench-gen.py register LEDGER.csv N OUT.html
        the first N rows of the ledger as the audit pack prints them
        (running balance, A4 landscape, repeated header, page x of y)
        for WeasyPrint
    bench-gen.py hugo LEDGER.csv PAGES ROWS DIR
        a Hugo site of PAGES pages, each a Markdown table of ROWS ledger
        rows (the paged register), with one plain layout
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


def ledger_rows(path):
    """The data rows of a ledger.csv written by ledger(), as lists."""
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[1:]


def hledger_rules(dst):
    write(dst, ["skip 1",
                "fields date, code, acct, description, income, expense, handler, approver",
                "date-format %Y-%m-%d",
                "account1 现金",
                "account2 科目:%acct",
                "amount-in %income",
                "amount-out %expense",
                "currency ¥"])


def fen(s):
    """Integer fen of '1,234.50' or ''."""
    if not s:
        return 0
    y, _, f = s.replace(",", "").partition(".")
    return int(y) * 100 + int((f + "00")[:2])


def money(v):
    return "{:,}.{:02d}".format(v // 100, v % 100)


def register_html(src, n, dst):
    rows = ledger_rows(src)[:n]
    out = ["<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
           "<title>收支明细账</title><style>",
           "@page { size: A4 landscape; margin: 20mm 18mm 18mm 18mm;",
           "  @top-center { content: \"收支明细账\"; font-size: 8pt }",
           "  @bottom-center { content: \"第 \" counter(page) \" 页 共 \" counter(pages) \" 页\"; font-size: 8pt } }",
           "body { font-family: 'WenQuanYi Micro Hei'; font-size: 8.5pt }",
           "table { width: 100%; border-collapse: collapse }",
           "th, td { border: 0.5pt solid #000; padding: 1pt 2pt }",
           "td.n { text-align: right }",
           "</style></head><body><h1>一、收支明细账</h1><table>",
           "<thead><tr><th>日期</th><th>凭证号</th><th>科目</th><th>摘要</th>"
           "<th>收入</th><th>支出</th><th>余额</th><th>经办人</th><th>审批人</th>"
           "<th>行</th></tr></thead><tbody>"]
    bal = 0
    for i, r in enumerate(rows):
        inc, exp = fen(r[4]), fen(r[5])
        bal += inc - exp
        out.append("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                   "<td class=n>%s</td><td class=n>%s</td><td class=n>%s</td>"
                   "<td>%s</td><td>%s</td><td class=n>%d</td></tr>"
                   % (r[0], r[1], r[2], r[3], money(inc) if inc else "",
                      money(exp) if exp else "", money(bal), r[6], r[7], i + 2))
    out.append("</tbody></table></body></html>")
    write(dst, out)


def hugo_site(src, pages, per, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    rows = ledger_rows(src)
    write(os.path.join(dst, "hugo.toml"),
          ['baseURL = "/"', 'title = "收支明细"', 'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]'])
    write(os.path.join(dst, "layouts", "_default", "single.html"),
          ["<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
           "<title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
           "{{ .Content }}</body></html>"])
    write(os.path.join(dst, "layouts", "_default", "list.html"),
          ["<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>"
           "{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}"
           "</body></html>"])
    for p in range(pages):
        body = ["---", "title: 收支明细 第 %d 页" % (p + 1), "---", "",
                "| 日期 | 凭证号 | 科目 | 摘要 | 收入 | 支出 | 经办人 | 审批人 |",
                "|---|---|---|---|--:|--:|---|---|"]
        for k in range(per):
            r = rows[(p * per + k) % len(rows)]
            body.append("| " + " | ".join(r) + " |")
        write(os.path.join(dst, "content", "p%04d.md" % p), body)


def main(argv):
    if len(argv) >= 3 and argv[1] == "large":
        large(argv[2], *[int(a) for a in argv[3:6]])
    elif len(argv) == 4 and argv[1] == "district":
        for i in range(1, int(argv[3]) + 1):
            demo_copy(os.path.join(argv[2], "school-%03d" % i))
    elif len(argv) == 5 and argv[1] == "probe":
        probe(argv[2], int(argv[3]), argv[4])
    elif len(argv) == 4 and argv[1] == "hledger":
        hledger_rules(argv[3])
    elif len(argv) == 5 and argv[1] == "register":
        register_html(argv[2], int(argv[3]), argv[4])
    elif len(argv) == 6 and argv[1] == "hugo":
        hugo_site(argv[2], int(argv[3]), int(argv[4]), argv[5])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
