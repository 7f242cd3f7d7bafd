#!/usr/bin/python3
"""Judge the auditor's workbook (private/<period>-audit.xlsx).

usage: auditbook.py formulas BOOK.xlsx
       auditbook.py recalc BOOK.xlsx RECALCULATED.xlsx
       auditbook.py tamper BOOK.xlsx OUT.xlsx
       auditbook.py tampered BOOK.xlsx RECALCULATED.xlsx
       auditbook.py pack BOOK.xlsx AUDIT.pdf

formulas  openpyxl reads every formula and its stored result; each
          SUM's stored result equals the sum of its range's stored values
recalc    every formula cell of BOOK has, in RECALCULATED (the workbook
          after LibreOffice recalculated it), the value BOOK stored
tamper    a copy of BOOK with a ledger income half-way down raised by 1000.00,
          edited in the sheet XML so every stored result stays as it was
tampered  after recalculation the ledger total income, the closing
          balance and every later running balance moved by 1000.00
pack      the workbook and the audit pack (pdftotext -layout) agree figure
          for figure: ledger rows and totals, budget, fees, register
          totals and row counts, ID numbers, findings, source digests
Prints "PASS what" or "FAIL what: why" lines.
"""
import re
import subprocess
import sys
import zipfile

import openpyxl
from openpyxl.utils import range_boundaries

LEDGER = "收支明细"


def result(what, ok, why=""):
    print("%s %s%s" % ("PASS" if ok else "FAIL", what,
                       "" if ok else ": " + str(why)[:1500]))


def fen(v):
    """A stored cell value in yuan as integer fen."""
    return round(v * 100)


def formula_cells(path):
    """(sheet, coordinate, formula, stored value) of every formula."""
    wf = openpyxl.load_workbook(path)
    wv = openpyxl.load_workbook(path, data_only=True)
    for ws in wf.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    yield ws.title, c.coordinate, c.value, \
                        wv[ws.title][c.coordinate].value


def cmd_formulas(book):
    wv = openpyxl.load_workbook(book, data_only=True)
    n, nsum, bad, badsum = 0, 0, [], []
    for sheet, coord, f, v in formula_cells(book):
        n += 1
        if not isinstance(v, (int, float)) and v != "":
            bad.append("%s!%s %s has no stored result" % (sheet, coord, f))
            continue
        m = re.fullmatch(r"=SUM\(([A-Z]+\d+:[A-Z]+\d+)\)", f)
        if not m:
            continue
        nsum += 1
        c1, r1, c2, r2 = range_boundaries(m.group(1))
        total = 0
        for row in wv[sheet].iter_rows(min_row=r1, max_row=r2, min_col=c1,
                                       max_col=c2, values_only=True):
            total += sum(fen(x) for x in row if isinstance(x, (int, float)))
        if fen(v) != total:
            badsum.append("%s!%s %s stored %s, range sums to %.2f" %
                          (sheet, coord, f, v, total / 100))
    result("workbook: every formula has a stored result (%d)" % n,
           n > 0 and not bad, bad[:5])
    result("workbook: each SUM's result is its range's sum (%d SUMs)" % nsum,
           nsum >= 5 and not badsum, badsum[:5])


def cmd_recalc(book, recalc):
    wr = openpyxl.load_workbook(recalc, data_only=True)
    n, bad = 0, []
    for sheet, coord, f, v in formula_cells(book):
        n += 1
        got = wr[sheet][coord].value
        if v == "" and got in ("", None):
            continue
        if not isinstance(got, (int, float)) or abs(got - v) > 0.004:
            bad.append("%s!%s %s stored %r, recalculated %r" %
                       (sheet, coord, f, v, got))
    result("LibreOffice recalculates every formula to the stored figure "
           "(%d)" % n, n > 0 and not bad, bad[:5])


def ledger_sheet_name(book):
    """The zip member of the ledger sheet."""
    with zipfile.ZipFile(book) as z:
        wbx = z.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]*)" sheetId="(\d+)"', wbx)
    idx = [i for i, (n, _) in enumerate(names) if n == LEDGER][0]
    return "xl/worksheets/sheet%d.xml" % (idx + 1)


def cmd_tamper(book, out):
    member = ledger_sheet_name(book)
    with zipfile.ZipFile(book) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    xml = parts[member].decode()
    cells = list(re.finditer(r'<c r="E(\d+)" s="\d+"><v>([^<]*)</v></c>',
                             xml))
    m = cells[len(cells) // 2]
    new = float(m.group(2)) + 1000
    xml = xml[:m.start(2)] + repr(new) + xml[m.end(2):]
    parts[member] = xml.encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    print(m.group(1))


def ledger_rows(ws):
    """Rows of the ledger sheet up to its 合计 row; the 合计 row."""
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    t = [i for i, r in enumerate(rows) if r[3] == "合计"][0]
    return rows[:t], rows[t]


def cmd_tampered(book, recalc, row):
    row = int(row)
    old_rows, old_tot = ledger_rows(
        openpyxl.load_workbook(book, data_only=True)[LEDGER])
    new_rows, new_tot = ledger_rows(
        openpyxl.load_workbook(recalc, data_only=True)[LEDGER])
    bad = []
    for i, (a, b) in enumerate(zip(old_rows, new_rows)):
        want = 100000 if i + 2 >= row else 0
        if fen(b[6]) - fen(a[6]) != want:
            bad.append("row %d balance %s -> %s" % (i + 2, a[6], b[6]))
    for col, what in ((4, "total income"), (6, "closing balance")):
        if fen(new_tot[col]) - fen(old_tot[col]) != 100000:
            bad.append("%s %s -> %s" % (what, old_tot[col], new_tot[col]))
    result("an income raised by 1000.00 moves the balances from row %d on, "
           "the total and the closing balance" % row, not bad, bad[:5])


def money(v):
    """A stored yuan value as the audit pack prints it: 12,345.67."""
    f = fen(v)
    return "%s%s.%02d" % ("-" if f < 0 else "", format(abs(f) // 100, ","),
                          abs(f) % 100)


def pack_lines(pdf):
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"],
                          capture_output=True, text=True).stdout
    return text, text.split("\n")


def has_line(lines, *parts, end=None):
    """Some line holds every part (in order); optionally ends with end."""
    pat = r".*".join(re.escape(str(p)) for p in parts)
    if end is not None:
        pat += r".*\s%s\s*$" % re.escape(str(end))
    return any(re.search(pat, l) for l in lines)


def check_ledger(wb, lines):
    rows, tot = ledger_rows(wb[LEDGER])
    bad = []
    for r in rows:
        amount = r[4] if r[4] is not None else r[5]
        if not has_line(lines, r[1], money(amount), money(r[6]), end=r[9]):
            bad.append("%s line %s: %s %s" % (r[1], r[9], money(amount),
                                             money(r[6])))
    result("pack: every ledger row's amount and balance (%d)" % len(rows),
           rows and not bad, bad[:5])
    result("pack: ledger 合计 income, expense, closing",
           has_line(lines, "合计", money(tot[4]), money(tot[5]),
                    money(tot[6])), tot[4:7])


def check_budget(wb, lines):
    if "预算执行" not in wb.sheetnames:
        return
    rows = list(wb["预算执行"].iter_rows(min_row=2, values_only=True))
    bad, n = [], 0
    for r in rows:
        if r[0] is None:
            break
        n += 1
        parts = [r[0]] + [money(x) for x in r[1:4]]
        if r[0] != "合计" and not has_line(lines, *parts, end=r[5]):
            bad.append(parts)
        elif r[0] == "合计" and not has_line(lines, *parts):
            bad.append(parts)
    result("pack: budget, spending and variance of every account and the "
           "total (%d)" % n, n > 1 and not bad, bad[:5])


def check_fees(wb, lines):
    if "收费核对" not in wb.sheetnames:
        return
    rows = list(wb["收费核对"].iter_rows(min_row=2, values_only=True))
    bad = []
    for r in rows:
        if r[0] == "合计":
            parts = [r[0], r[2], r[3]] + [money(x) for x in r[4:10]]
        else:
            # A long item name wraps in the pack: its first two
            # characters start the line with the figures.
            parts = [r[0][:2], money(r[1]), r[2], r[3]] + \
                [money(x) for x in r[4:10]]
        if not has_line(lines, *parts):
            bad.append(parts)
    result("pack: every fee item's reconciliation and the total (%d)" %
           len(rows), len(rows) > 1 and not bad, bad[:5])


def check_registers(wb, text, lines):
    counts = dict(re.findall(r"^\s*(\S+)\s+\S+\.csv\s+(\d+)\s*$", text, re.M))
    missing = [t for t in counts
               if not any(n.startswith(t) for n in wb.sheetnames)]
    result("pack: every table on the pack's cover has a sheet (%d)" %
           len(counts), len(counts) >= 3 and not missing, missing)
    bad, n = [], 0
    for ws in wb.worksheets[1:]:
        if ws.title in ("预算执行", "收费核对", "发现问题"):
            continue
        rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
        data = [r for r in rows if "合计" not in r and any(
            x is not None for x in r)]
        if ws.title == LEDGER:
            data, _ = ledger_rows(ws)
        n += 1
        want = [v for k, v in counts.items() if k.startswith(ws.title[:2])]
        if str(len(data)) not in want:
            bad.append("%s: %d rows, pack cover says %s" % (
                ws.title, len(data), want))
        tot = [r for r in rows if "合计" in r]
        head = next(ws.iter_rows(max_row=1, values_only=True))
        for t in tot:
            for i, v in enumerate(t):
                if isinstance(v, float) or (isinstance(v, int) and
                                            head[i] in ("金额",)):
                    if not has_line(lines, "合计", money(v)):
                        bad.append("%s %s total %s" % (ws.title, head[i],
                                                       money(v)))
    result("pack: row counts and money totals of every register (%d)" % n,
           n >= 3 and not bad, bad[:5])


def check_ids(wb, text):
    if "资助" not in wb.sheetnames:
        return
    ws = wb["资助"]
    head = next(ws.iter_rows(max_row=1, values_only=True))
    col = head.index("身份证号")
    ids = [r[col] for r in ws.iter_rows(min_row=2, values_only=True)
           if r[col]]
    bad = [i for i in ids if i not in text]
    result("pack: ID numbers shown as in the pack (%d)" % len(ids),
           ids and not bad, bad[:5])


def check_findings(wb, text):
    rows = [r for r in wb["发现问题"].iter_rows(min_row=2, values_only=True)]
    flat = re.sub(r"\s+", "", text)
    bad = [r[2] for r in rows if r[2] and r[2] not in flat]
    bad += [r[6] for r in rows if r[6] and r[6] not in flat]
    result("pack: every finding's file:line and code (%d)" % len(rows),
           not bad, bad[:5])


def check_sources(wb, text):
    digests = [r[3] for r in wb["封面"].iter_rows(values_only=True)
               if isinstance(r[3], str) and re.fullmatch(r"[0-9a-f]{64}",
                                                          r[3])]
    bad = [d for d in digests if d not in text]
    result("pack: the SHA-256 of every source (%d)" % len(digests),
           digests and not bad, bad[:5])


def cmd_pack(book, pdf):
    wb = openpyxl.load_workbook(book, data_only=True)
    text, lines = pack_lines(pdf)
    check_ledger(wb, lines)
    check_budget(wb, lines)
    check_fees(wb, lines)
    check_registers(wb, text, lines)
    check_ids(wb, text)
    check_findings(wb, text)
    check_sources(wb, text)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"formulas": cmd_formulas, "recalc": cmd_recalc, "tamper": cmd_tamper,
     "tampered": cmd_tampered, "pack": cmd_pack}[cmd](*args)


if __name__ == "__main__":
    main()
