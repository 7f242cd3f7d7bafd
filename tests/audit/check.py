"""Judge an audit pack against its sources, page by page.

usage: check.py NAME AUDIT.pdf PERIOD-DIR

PERIOD-DIR is the data folder of the period as given to sunlight
(e.g. data/2023-autumn, run from the folder the build ran in, so that
finding locations "data/2023-autumn/ledger.csv:31" name real files).
Prints one "PASS NAME: ..." or "FAIL NAME: ..." line per check.
Everything is recomputed here from the CSV files with Python's csv
module, independently of sunlight.
"""
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys

name, pdf, pdir = sys.argv[1:4]


def result(what, ok, why=""):
    print("%s %s: %s%s" % ("PASS" if ok else "FAIL", name, what,
                           "" if ok else ": " + why))


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout


npages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf)).group(1))
pages = [None] + [run("pdftotext", "-layout", "-f", str(i), "-l", str(i),
                      pdf, "-") for i in range(1, npages + 1)]


def fen(s):
    """Fen of an amount as spreadsheets write it: ¥1,234.5, -12.00."""
    s = re.sub(r"[,\s¥￥]", "", s)
    neg = s.startswith("-")
    y, _, f = s.lstrip("-").partition(".")
    v = int(y or "0") * 100 + int((f + "00")[:2])
    return -v if neg else v


def rows(fname):
    """The records of a CSV file with the line each starts on."""
    raw = open(os.path.join(pdir, fname), "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    out, end = [], 0
    rd = csv.reader(io.StringIO(text))
    for rec in rd:
        out.append((end + 1, rec))
        end = rd.line_num
    return out


# The cover: every source with its size and SHA-256, as sha256sum sees it.
cover = pages[1]
bad = []
files = sorted(f for f in os.listdir(pdir))
for f in files:
    b = open(os.path.join(pdir, f), "rb").read()
    h = hashlib.sha256(b).hexdigest()
    period = os.path.basename(os.path.normpath(pdir))
    m = re.search(re.escape(period + "/" + f) + r"\s+(\d+)\s.*\n\s*([0-9a-f]{64})",
                  cover)
    if not m or m.group(2) != h or int(m.group(1)) != len(b):
        bad.append("%s %s %d" % (f, h, len(b)))
shown = re.findall(r"^\s*([0-9a-f]{64})\s*$", cover, re.M)
result("cover lists the SHA-256 and size of every source (%d)" % len(files),
       not bad and len(shown) == len(files), "; ".join(bad) or
       "%d hashes shown" % len(shown))

# The contents: each entry's page holds that heading.
toc = [(m.group(1).strip(), int(m.group(2))) for m in re.finditer(
    r"^\s*(\S.*?)\s{2,}(\d+)\s*$", pages[2], re.M)]
bad = [t for t, n in toc if n > npages or not re.search(
    r"^\s*" + re.escape(t) + r"\s*$", pages[n], re.M)]
result("contents: %d entries, each on its page" % len(toc),
       len(toc) >= 5 and not bad, "not found: %s" % bad)

# The contents list every heading of the outline but their own title,
# in order, none left out for want of reserved lines.
def walk(o):
    for x in o:
        yield x["title"]
        yield from walk(x["kids"])
heads = [re.sub(r"\s", "", t) for t in
         walk(json.loads(run("qpdf", "--json", pdf))["outlines"])]
listed = [re.sub(r"\s", "", t) for t, n in toc]
result("contents list every heading of the outline (%d)" % len(listed),
       listed == [h for h in heads if h != "目录"],
       "contents %s, outline %s" % (listed, heads))

# Ledger: carry rows agree from page to page; totals are the CSV sums.
led = rows("ledger.csv")
head = led[0][1]
ci = [i for i, h in enumerate(head) if h.strip() in ("收入", "income")][0]
ce = [i for i, h in enumerate(head) if h.strip() in ("支出", "expense")][0]
led = [r for l, r in led[1:] if r]
inc = sum(fen(r[ci]) for r in led if r[ci].strip())
exp = sum(fen(r[ce]) for r in led if r[ce].strip())
amt = r"(-?[\d,]+\.\d\d)"
prev, carried, bad = None, 0, []
for i in range(3, npages + 1):
    t = pages[i]
    cin = re.search(r"承前页\s+" + amt + r"\s+" + amt + r"\s+" + amt, t)
    cout = re.search(r"过次页\s+" + amt + r"\s+" + amt + r"\s+" + amt, t)
    if cin:
        carried += 1
        if prev is None or cin.groups() != prev:
            bad.append("page %d 承前页 %s, page %d 过次页 %s" %
                       (i, cin.groups(), i - 1, prev))
    prev = cout.groups() if cout else None
result("ledger: 承前页 of page N+1 = 过次页 of page N (%d pages carried)" %
       carried, carried >= 1 and not bad, "; ".join(bad))
m = re.search(r"^\s*合计\s+" + amt + r"\s+" + amt + r"\s+" + amt, "".join(
    pages[3:]), re.M)
got = tuple(fen(x) for x in m.groups()) if m else None
result("ledger: 合计 = CSV sums (%d, %d, %d fen)" % (inc, exp, inc - exp),
       got == (inc, exp, inc - exp), "got %s" % (got,))
cum = re.findall(r"本期累计\s+" + amt + r"\s+" + amt, "".join(pages[3:]))
result("ledger: last 本期累计 = CSV sums",
       bool(cum) and (fen(cum[-1][0]), fen(cum[-1][1])) == (inc, exp),
       "got %s" % (cum[-1:],))

# Findings: the page given for each is where its row (or register) is.
fpage = [i for i in range(1, npages + 1) if re.search(r"[一二三四五六七八九十]+、检查发现", pages[i])][-1]
text = "".join(pages[fpage:])
found = re.findall(r"(\S+\.csv)(?::(\d+))?\s+(\d+|—)\s", text)
bad = []
for path, line, pg in found:
    fname = os.path.basename(path)
    if pg == "—":
        bad.append("%s: no page" % path)
        continue
    page = pages[int(pg)]
    if line:
        rec = dict(rows(fname))[int(line)]
        key = rec[:2] if fname == "ledger.csv" else rec[:1]
        ok = any(all(k in l for k in key) and
                 re.search(r"\s%s\s*$" % line, l) for l in page.split("\n"))
    else:
        first = rows(fname)[1]
        ok = re.search(r"\s%d\s*$" % first[0], page, re.M) is not None and \
            first[1][0] in page
    if not ok:
        bad.append("%s:%s -> page %s" % (path, line, pg))
result("findings: %d, each page holds its row" % len(found),
       len(found) >= 1 and not bad, "; ".join(bad))
