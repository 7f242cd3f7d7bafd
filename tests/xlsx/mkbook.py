#!/usr/bin/python3
"""Write the CSV tables of a period folder as one workbook, typed as a
clerk types them in Excel: dates and times as date cells, amounts as
numbers shown with two decimals, counts as numbers, ID numbers, phone
numbers and voucher numbers as text.  Usage: mkbook.py PERIOD-DIR OUT.xlsx
(one sheet per table, named by the table's Chinese name)."""
import csv, datetime, os, sys
import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import registry  # noqa: E402

# (file, sheet name) of every table, in registry order.
SHEETS = [(t["file"], t["zh"]) for t in
          registry.tables(os.path.join(HERE, "../.."))]
DATES = {"日期", "办结日期"}
TIMES = {"留样时间", "销样时间"}
MONEY = {"收入", "支出", "预算金额", "标准", "实收金额", "退费金额", "单价", "金额"}
COUNTS = {"应收人数", "实收人数", "留样克数", "时长", "数量"}


def typed(head, text):
    """The cell value and number format for one CSV field."""
    if text == "":
        return None, None
    if head in DATES:
        return datetime.datetime.strptime(text, "%Y-%m-%d"), "yyyy-mm-dd"
    if head in TIMES:
        return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M"), "yyyy-mm-dd hh:mm"
    if head in MONEY:
        try:
            fmt = '"¥"#,##0.00' if "¥" in text else "#,##0.00" if "," in text else "0.00"
            return float(text.replace(",", "").replace("¥", "")), fmt
        except ValueError:
            return text, "@"
    if head in COUNTS:
        v = float(text)
        return (int(v) if v.is_integer() else v), "General"
    return text, "@"


def main(folder, out):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for file, zh in SHEETS:
        path = os.path.join(folder, file)
        if not os.path.exists(path):
            continue
        ws = wb.create_sheet(zh)
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        rows = list(csv.reader(text.splitlines()))
        ws.append(rows[0])
        for r, rec in enumerate(rows[1:], start=2):
            for c, (head, text) in enumerate(zip(rows[0], rec), start=1):
                value, fmt = typed(head, text)
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                cell.number_format = fmt
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
