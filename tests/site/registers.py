"""Judge the paged registers of one period of a built site.

    registers.py PERIODDIR [MAXROWS [MAXBYTES]]

For each register (ledger, purchases, samples, disinfection, repairs,
subsidies) whose open-data CSV is in PERIODDIR/data:
  - the rows of its pages, read with html.parser, are exactly the rows
    of the CSV: every row once, none added (compared on the columns the
    pages show, money as the CSV writes it);
  - no page has more than MAXROWS (500) rows; a page of a month holds
    only rows of that month and the month's pages come in order;
  - rel=next links go from the first page through every page once, and
    rel=prev links back the same way;
  - the table's own page lists every register page, in that order.
Every .html file in PERIODDIR is at most MAXBYTES (1 MB).
Exit 0 when all hold, else 1 with one line per problem.
"""
import csv
import os
import re
import sys
from collections import Counter
from html.parser import HTMLParser

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import registry  # noqa: E402

# table: (CSV columns the register shows, in page order; the CSV column
# of the date, or None).  Its page is the registry's.
COLS = {
    "ledger": (["日期", "凭证号", "科目", "摘要", "收入", "支出", "余额",
                "经办人", "审批人"], "日期"),
    "purchases": (["日期", "品名", "类别", "供应商", "数量", "单位", "单价",
                   "金额", "采购员", "验收员", "农残检测"], "日期"),
    "samples": (["日期", "餐次", "菜品", "留样克数", "留样时间",
                 "销样时间", "留样人"], "日期"),
    "disinfection": (["日期", "对象", "方式", "时长", "责任人"], "日期"),
    "repairs": (["日期", "类别", "地点", "内容", "状态", "维修人"], "日期"),
    "subsidies": ([None, "姓名", "班级", "类别", "金额"], None),
}
REGS = {t["key"]: (t["page"],) + COLS[t["key"]]
        for t in registry.tables(os.path.join(os.path.dirname(
            os.path.abspath(__file__)), "../.."))
        if t["key"] in COLS}
if set(COLS) - set(REGS):
    sys.exit("registers.py: not tables of the registry: %s"
             % sorted(set(COLS) - set(REGS)))


class Page(HTMLParser):
    """Rows of the <tbody> cells, links with rel, and all hrefs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.rel, self.hrefs = [], {}, []
        self.row = None
        self.cell = None
        self.body = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tbody":
            self.body = True
        elif tag == "tr" and self.body:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
            if a.get("rel"):
                self.rel.setdefault(a["rel"], set()).add(a["href"])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "tbody":
            self.body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p


def norm(s):
    """A cell as compared: thousands separators dropped."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", s.strip())


def csv_rows(path, cols):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows, [tuple(norm(unguard(r.get(c, ""))) if c else "" for c in cols)
                  for r in rows]


def unguard(s):
    """A CSV text cell without the apostrophe that keeps a formula text."""
    return s[1:] if s[:1] == "'" and s[1:2] in ("=", "+", "-", "@", "\t") else s


def part_key(name, table):
    """(month, n) from table-YYYY-MM[-n].html or table-n.html."""
    m = re.fullmatch(re.escape(table) + r"-(\d{4}-\d{2})(?:-(\d+))?\.html", name)
    if m:
        return (m.group(1), int(m.group(2) or 1))
    m = re.fullmatch(re.escape(table) + r"-(\d+)\.html", name)
    return ("", int(m.group(1))) if m else None


def judge(pdir, table, maxrows, bad):
    page, cols, datecol = REGS[table]
    src = os.path.join(pdir, "data", table + ".csv")
    if not os.path.exists(src):
        return
    raw, want = csv_rows(src, cols)
    parts = sorted((part_key(f, table), f) for f in os.listdir(pdir)
                   if part_key(f, table))
    if not parts:
        bad.append("%s: no register pages" % table)
        return
    got, seen = [], []
    for (month, n), f in parts:
        p = parse(os.path.join(pdir, f))
        if len(p.rows) > maxrows:
            bad.append("%s: %d rows > %d" % (f, len(p.rows), maxrows))
        if not p.rows:
            bad.append("%s: no rows" % f)
        for r in p.rows:
            cells = tuple("" if c is None else norm(r[i]) for i, c in enumerate(cols))
            if month and not cells[0].startswith(month):
                bad.append("%s: row dated %s" % (f, cells[0]))
            got.append(cells)
        seen.append((f, p))
    if Counter(got) != Counter(want):
        missing = Counter(want) - Counter(got)
        extra = Counter(got) - Counter(want)
        bad.append("%s: pages and CSV differ: %d rows missing (%s), %d extra (%s)"
                   % (table, sum(missing.values()), list(missing)[:2],
                      sum(extra.values()), list(extra)[:2]))
    elif len(got) != len(raw):
        bad.append("%s: %d rows on pages, %d in CSV" % (table, len(got), len(raw)))
    files = [f for _, f in parts]
    order = [f for f, _ in seen]
    chain, cur = [], files[0]
    while cur and cur not in chain:
        chain.append(cur)
        nxt = dict(seen)[cur].rel.get("next", set())
        cur = next(iter(nxt)) if len(nxt) == 1 else None
    if chain != order:
        bad.append("%s: next links visit %s, pages are %s" % (table, chain[:3], order[:3]))
    for i, (f, p) in enumerate(seen):
        want_prev = {order[i - 1]} if i > 0 else set()
        if p.rel.get("prev", set()) != want_prev:
            bad.append("%s: prev is %s, want %s" % (f, p.rel.get("prev"), want_prev))
    main = parse(os.path.join(pdir, page))
    listed = [h for h in main.hrefs if part_key(h, table)]
    if listed != order:
        bad.append("%s: lists %d register pages of %s, want %d in order"
                   % (page, len(listed), table, len(order)))


def main(argv):
    pdir = argv[1]
    maxrows = int(argv[2]) if len(argv) > 2 else 500
    maxbytes = int(argv[3]) if len(argv) > 3 else 1 << 20
    bad = []
    for table in REGS:
        judge(pdir, table, maxrows, bad)
    for f in sorted(os.listdir(pdir)):
        if f.endswith(".html") and os.path.getsize(os.path.join(pdir, f)) > maxbytes:
            bad.append("%s: %d bytes > %d" % (f, os.path.getsize(os.path.join(pdir, f)), maxbytes))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
