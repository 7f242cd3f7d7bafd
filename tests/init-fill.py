#!/usr/bin/python3
"""Fill the template workbook of `sunlight init` with the CSV tables of a
period folder, as a clerk types them into it: each table into the sheet
whose header holds the CSV's columns, each value typed by the number
format the template gave its column (text, date, date and time, 0.00,
0, General) and the cell given that format, as Excel and WPS do when
typing into a formatted column.  Nothing about the tables is known
here: sheets, columns and formats all come from the template.
Usage: init-fill.py TEMPLATE.xlsx PERIOD-DIR OUT.xlsx"""
import datetime, glob, os, sys
import openpyxl
from openpyxl.utils import get_column_letter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sourcecsv import records  # noqa: E402


def header(ws):
    return [c.value for c in ws[1] if c.value is not None]


def sheet_for(wb, head):
    """The sheet whose header holds every column of the CSV, the one
    with fewest other columns when several do."""
    fits = [ws for ws in wb.worksheets if set(head) <= set(header(ws))]
    if not fits:
        sys.exit("no sheet of the template has the columns %s" % head)
    return min(fits, key=lambda ws: len(header(ws)))


def typed(fmt, text):
    """The value a clerk's typing of text gives in a column of format fmt."""
    if fmt == "@":
        return text
    if fmt == "yyyy-mm-dd":
        return datetime.datetime.strptime(text, "%Y-%m-%d")
    if fmt == "yyyy-mm-dd hh:mm":
        return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M")
    number = text.replace(",", "").replace("¥", "")
    if fmt == "0":
        return int(number)
    v = float(number)
    return int(v) if fmt == "General" and v.is_integer() else v


def fill(ws, rows):
    cols = {v: i + 1 for i, v in enumerate(header(ws))}
    fmts = {}
    for name, c in cols.items():
        fmts[c] = ws.column_dimensions[get_column_letter(c)].number_format
    for r, rec in enumerate(rows[1:], start=2):
        for name, text in zip(rows[0], rec):
            if text == "":
                continue
            c = cols[name]
            cell = ws.cell(row=r, column=c, value=typed(fmts[c], text))
            cell.number_format = fmts[c]


def main(template, folder, out):
    wb = openpyxl.load_workbook(template)
    for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        rows = records(path)
        fill(sheet_for(wb, rows[0]), rows)
    wb.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
