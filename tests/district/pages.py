#!/usr/bin/env python3
"""Judge the district pages against the unit data folders they came from.

    pages.py index DISTRICT SITE
        every unit's name (unit.md) appears in SITE/index.html as a link
        to its own site, or as plain text when it was never built
    pages.py fees DISTRICT SITE PERIOD
        SITE/fees-PERIOD.html has a row per unit with PERIOD/fees.csv,
        showing every one of its fee standards in the column of its
        item and 计费单位, marked exactly when above the median of that
        column (computed here, in fen, from the CSV files); the median
        row shows those medians
    pages.py canteen DISTRICT SITE PERIOD
        SITE/canteen-PERIOD.html has a row exactly for each built unit
        with PERIOD/attendance.csv: 伙食支出 (the expense of the unit's
        canteen_account in its ledger), 就餐人天 (the sum of 实到人数),
        出勤率, and the cost and 伙食费 per child-day to the fen (half
        up), all recomputed here from the CSV files
Prints what is wrong and exits 1, or prints "ok".
"""
import html.parser
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sourcecsv import fen, half_up, rows, unit_meta  # noqa: E402


def unit_name(d):
    return unit_meta(d, "name")


def units(district):
    return sorted(u for u in os.listdir(district)
                  if os.path.isdir(os.path.join(district, u)))


class Table(html.parser.HTMLParser):
    """Rows of the first <table class="matrix"> (or all tables): lists
    of (text, classes, href) cells."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.links = [], None, None, []
        self.cls, self.href = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell, self.cls, self.href = [], [], None
        elif tag == "span" and self.cell is not None:
            self.cls.append(a.get("class") or "")
        elif tag == "a":
            self.links.append(a.get("href"))
            if self.cell is not None:
                self.href = a.get("href")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(("".join(self.cell).strip(), self.cls, self.href))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def parse(path):
    t = Table()
    t.feed(open(path, encoding="utf-8").read())
    return t


def check_index(district, site):
    t = parse(os.path.join(site, "index.html"))
    bad = []
    first = {r[0][0]: r[0][2] for r in t.rows if r}
    for u in units(district):
        name = unit_name(os.path.join(district, u))
        built = os.path.isdir(os.path.join(site, u))
        if name not in first:
            bad.append("index: no row names %s (%s)" % (name, u))
        elif built and first[name] != u + "/index.html":
            bad.append("index: %s links to %s" % (name, first[name]))
    return bad


def median2(v):
    v = sorted(v)
    n = len(v)
    return 2 * v[n // 2] if n % 2 else v[n // 2 - 1] + v[n // 2]


def check_fees(district, site, period):
    t = parse(os.path.join(site, "fees-%s.html" % period))
    head = t.rows[0]
    cols = [c[0] for c in head[1:]]
    data = {}
    for u in units(district):
        f = os.path.join(district, u, period, "fees.csv")
        if os.path.exists(f) and os.path.isdir(os.path.join(site, u)):
            data[unit_name(os.path.join(district, u))] = [
                (r["项目"] + r["计费单位"], fen(r["标准"])) for r in rows(f)]
    groups = {}
    for items in data.values():
        for key, std in items:
            groups.setdefault(key, []).append(std)
    bad = []
    if sorted(cols) != sorted(groups):
        bad.append("columns %s, data has %s" % (cols, sorted(groups)))
    body = {r[0][0]: r[1:] for r in t.rows[1:] if r}
    for name, items in data.items():
        if name not in body:
            bad.append("no row for %s" % name)
            continue
        for key, std in items:
            if key not in cols:
                continue
            text, cls, _ = body[name][cols.index(key)]
            marked = any("above" in c for c in cls)
            want = 2 * std > median2(groups[key])
            if fen(text) != std:
                bad.append("%s %s: page %r, data %d fen" % (name, key, text, std))
            if marked != want:
                bad.append("%s %s: marked %s, above median %s" %
                           (name, key, marked, want))
    med = body.get("中位数")
    for k, key in enumerate(cols):
        if med is None or key not in groups:
            break
        want = (median2(groups[key]) + 1) // 2
        if fen(med[k][0]) != want:
            bad.append("median %s: page %r, want %d fen" % (key, med[k][0], want))
    if len(body) - 4 != len(data):
        bad.append("%d unit rows, %d units with fees" % (len(body) - 4, len(data)))
    return bad


def check_canteen(district, site, period):
    t = parse(os.path.join(site, "canteen-%s.html" % period))
    body = {r[0][2].split("/")[0]: [c[0] for c in r[1:]]
            for r in t.rows[1:] if r and r[0][2]}
    bad, want = [], set()
    for u in units(district):
        d = os.path.join(district, u, period)
        if not (os.path.exists(os.path.join(d, "attendance.csv")) and
                os.path.isdir(os.path.join(site, u))):
            continue
        want.add(u)
        att = rows(os.path.join(d, "attendance.csv"))
        days = sum(int(r["实到人数"]) for r in att)
        due = sum(int(r["应到人数"]) for r in att)
        acct = unit_meta(os.path.join(district, u), "canteen_account", "伙食支出")
        spent = sum(fen(r["支出"]) or 0
                    for r in rows(os.path.join(d, "ledger.csv"))
                    if r["科目"] == acct)
        fee = sum(fen(r["实收金额"]) or 0
                  for r in rows(os.path.join(d, "fees.csv"))
                  if r["项目"] == "伙食费") \
            if os.path.exists(os.path.join(d, "fees.csv")) else 0
        if u not in body:
            bad.append("no row for %s" % u)
            continue
        got = body[u]
        rate = "%.1f%%" % (half_up(days * 1000, due) / 10)
        expect = [spent, str(days), rate, half_up(spent, days),
                  half_up(fee, days) if fee else None]
        for i, (g, w) in enumerate(zip(got, expect)):
            ok = (fen(g) == w) if i in (0, 3, 4) else g == w
            if not ok:
                bad.append("%s column %d: page %r, data %r" % (u, i + 2, g, w))
    if set(body) != want:
        bad.append("rows %s, units with attendance %s" %
                   (sorted(body), sorted(want)))
    return bad


def main(argv):
    if len(argv) >= 4 and argv[1] == "index":
        bad = check_index(argv[2], argv[3])
    elif len(argv) >= 5 and argv[1] == "fees":
        bad = check_fees(argv[2], argv[3], argv[4])
    elif len(argv) >= 5 and argv[1] == "canteen":
        bad = check_canteen(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)
    for b in bad:
        print(b)
    if bad:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main(sys.argv)
