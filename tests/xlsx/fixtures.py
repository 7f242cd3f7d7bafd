#!/usr/bin/python3
"""Workbooks for tests/xlsx.test, written into the folder given.

openpyxl writes what a program exporting to Excel writes (typed cells,
custom date formats, merged cells, formulas it cannot calculate, error
values); raw.xlsx and leap.xlsx are written part by part for what
openpyxl never produces but Excel and WPS do (inline and rich strings
with phonetic guides, the 1904 date system, Excel's 1900-02-29);
bomb.xlsx and hostile.xlsx are attacks; encrypted.xlsx has the layout of
a password-protected workbook (an OLE2 file with an EncryptedPackage)."""
import datetime, os, sys, zipfile
import openpyxl

OUT = sys.argv[1]
HEAD = ["日期", "凭证号", "科目", "摘要", "收入", "支出", "经办人", "审批人"]


def features():
    """The test base's ledger as a program would export it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收支明细"
    ws.append(HEAD)
    rows = [
        (datetime.datetime(2023, 9, 1), "yyyy/m/d", "记-001", "上期结转", "上期结转", 5000, None),
        (datetime.datetime(2023, 9, 5), 'yyyy"年"m"月"d"日"', "记-002", "办公费", "购买打印纸", None, 120.00000000000001),
        (datetime.datetime(2023, 9, 12), "yyyy-mm-dd h:mm", "记-003", "办公费", "购买墨盒", None, 380.50000000000006),
    ]
    for r, (d, fmt, v, a, m, inc, exp) in enumerate(rows, start=2):
        ws.cell(r, 1, d).number_format = fmt
        ws.cell(r, 2, v)
        ws.cell(r, 3, a)
        ws.cell(r, 4, m)
        if inc is not None:
            ws.cell(r, 5, inc).number_format = "#,##0.00"
        if exp is not None:
            ws.cell(r, 6, exp).number_format = "0.00"
        ws.cell(r, 8, "李园长")
    ws.cell(2, 7, "王会计")
    ws.merge_cells("G2:G4")          # one 经办人 for three rows
    notes = wb.create_sheet("说明")     # instructions: skipped silently
    notes["A1"] = "本表由财务软件导出"
    notes["A2"] = True
    other = wb.create_sheet("汇总")     # a sheet of its own: a note
    other["A1"] = "科目"
    other["B1"] = "=SUM(收支明细!E2:E4)"
    wb.save(os.path.join(OUT, "features.xlsx"))


def formula():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "预算"
    ws.append(["科目", "预算金额"])
    ws.append(["办公费", 1500])
    ws.append(["小计", "=SUM(B2:B2)"])    # openpyxl stores no result
    wb.save(os.path.join(OUT, "formula.xlsx"))


def errorvalue():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "budget"
    ws.append(["科目", "预算金额"])
    ws.append(["办公费", "#DIV/0!"])
    wb.save(os.path.join(OUT, "errorvalue.xlsx"))


CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>'
          '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet ' + NS + '><cellXfs count="2">'
          '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')


def book(name, sheet, date1904, sst, rows, extra=""):
    """A workbook of one sheet from raw <row> XML."""
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook ' + NS + '>'
          + ('<workbookPr date1904="1"/>' if date1904 else '')
          + '<sheets><sheet name="' + sheet + '" sheetId="1" r:id="rId1"/></sheets></workbook>')
    ss = ('<?xml version="1.0" encoding="UTF-8"?><sst ' + NS + '>'
          + "".join("<si>" + s + "</si>" for s in sst) + '</sst>')
    ws = ('<?xml version="1.0" encoding="UTF-8"?><worksheet ' + NS + '><sheetData>'
          + rows + '</sheetData>' + extra + '</worksheet>')
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", WBRELS)
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/sharedStrings.xml", ss)
        z.writestr("xl/worksheets/sheet1.xml", ws)


def raw():
    """Shared, inline and rich strings (with a phonetic guide), a cached
    formula result, and dates in the 1904 system (43708 = 2023-09-01)."""
    sst = ["<t>" + h + "</t>" for h in HEAD[:7]] + [
        "<t>记-00</t>",
        '<r><rPr><b/></rPr><t>购买</t></r><r><t xml:space="preserve">打印纸</t></r>'
        '<rPh sb="0" eb="2"><t>ゴウバイ</t></rPh>',
    ]
    def s(ref, i):
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, i)
    def inl(ref, text):
        return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)
    def num(ref, v, style=0):
        return '<c r="%s" s="%d"><v>%s</v></c>' % (ref, style, v)
    rows = '<row r="1">' + "".join(s("%s1" % "ABCDEFG"[i], i) for i in range(7)) + inl("H1", "审批人") + '</row>'
    rows += ('<row r="2">' + num("A2", 43708, 1) + inl("B2", "记-001") + inl("C2", "上期结转")
             + inl("D2", "上期结转") + num("E2", "5000") + inl("G2", "王会计") + inl("H2", "李园长") + '</row>')
    rows += ('<row r="3">' + num("A3", 43712, 1) + '<c r="B3" t="str"><f>CONCATENATE("记-","002")</f><v>记-002</v></c>'
             + inl("C3", "办公费") + s("D3", 8) + '<c r="F3"><f>100+20</f><v>120</v></c>'
             + inl("G3", "王会计") + inl("H3", "李园长") + '</row>')
    rows += ('<row r="4">' + num("A4", 43719, 1) + inl("B4", "记-003") + inl("C4", "办公费")
             + inl("D4", "购买墨盒") + num("F4", "380.50000000000006") + inl("G4", "王会计")
             + inl("H4", "李园长") + '</row>')
    book("raw.xlsx", "ledger", True, sst, rows)


def leap():
    """Dates in the 1900 system around Excel's 1900-02-29 (serial 60, a
    day that never was): 59 is 1900-02-28, 61 is 1900-03-01, and 45170
    is 2023-09-01."""
    def t(ref, text):
        return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)
    def d(ref, serial):
        return '<c r="%s" s="1"><v>%d</v></c>' % (ref, serial)
    rows = '<row r="1">' + "".join(t("%s1" % "ABCDE"[i], h) for i, h in
                                   enumerate(["日期", "渠道", "内容", "处理结果", "办结日期"])) + '</row>'
    for r, closed in ((2, 59), (3, 60), (4, 61)):
        rows += ('<row r="%d">' % r + d("A%d" % r, 45170) + t("B%d" % r, "电话")
                 + t("C%d" % r, "反映午餐偏咸") + t("D%d" % r, "已调整") + d("E%d" % r, closed) + '</row>')
    book("leap.xlsx", "投诉", False, [], rows)


def bomb(name, rows):
    """A sheet of `rows` empty rows: bomb.xlsx inflates to 300 MB from a
    few hundred kilobytes; rows.xlsx stays under the size cap with more
    rows than Excel allows."""
    path = os.path.join(OUT, name)
    book(name, "收支明细", False, [], "")
    src = zipfile.ZipFile(path)
    parts = {n: src.read(n) for n in src.namelist() if not n.startswith("xl/worksheets/")}
    src.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><worksheet ' + NS.encode() + b'><sheetData>')
            chunk = b"<row/>" * (1 << 20)
            for _ in range(rows >> 20):
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")


def sheet_of(name, body):
    """A one-sheet 收支明细 workbook whose sheet data is `body` (bytes)."""
    path = os.path.join(OUT, name)
    book(name, "收支明细", False, [], "")
    src = zipfile.ZipFile(path)
    parts = {n: src.read(n) for n in src.namelist() if not n.startswith("xl/worksheets/")}
    src.close()
    sheet = (b'<?xml version="1.0"?><worksheet ' + NS.encode() + b'><sheetData>'
             + body + b"</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, b in parts.items():
            z.writestr(part, b)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path, len(sheet)


def liar(name, n, claim):
    """A sheet of `n` rows of 10,000 empty cells each (under every row
    and column limit) whose local and central headers both claim it
    inflates to `claim` bytes: a zip bomb that lies about its size, so
    only counting the bytes as they inflate can stop it."""
    path, size = sheet_of(name, (b"<row>" + b"<c/>" * 10000 + b"</row>") * n)
    data = bytearray(open(path, "rb").read())
    entry = b"xl/worksheets/sheet1.xml"
    for sig, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = data.find(sig)
        while i >= 0:
            start = i + (30 if sig == b"PK\x03\x04" else 46)
            if sig == b"PK\x01\x02":
                nlen = int.from_bytes(data[i + 28:i + 30], "little")
            else:
                nlen = int.from_bytes(data[i + 26:i + 28], "little")
            if data[start:start + nlen] == entry:
                assert int.from_bytes(data[i + at:i + at + 4], "little") == size
                data[i + at:i + at + 4] = claim.to_bytes(4, "little")
            i = data.find(sig, i + 4)
    open(path, "wb").write(bytes(data))


def hostile():
    """Entity expansion and an external entity in a sheet."""
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;&xxe;</t></is></c></row>'
    for name, dtd in (("hostile.xlsx", dtd_attack()), ("doctype.xlsx", "<!DOCTYPE worksheet>")):
        with_dtd(name, rows if name == "hostile.xlsx" else "", dtd)


def dtd_attack():
    return ('<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol">'
            + "".join('<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10) for i in range(1, 10))
            + ']>')


def with_dtd(name, rows, dtd):
    book(name, "收支明细", False, [], rows)
    path = os.path.join(OUT, name)
    src = zipfile.ZipFile(path)
    parts = {n: src.read(n) for n in src.namelist()}
    src.close()
    ws = parts["xl/worksheets/sheet1.xml"].decode().replace("?><worksheet", "?>" + dtd + "<worksheet", 1)
    parts["xl/worksheets/sheet1.xml"] = ws.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)


def encrypted():
    """The start of an OLE2 compound file holding an EncryptedPackage."""
    head = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504)
    entry = "EncryptedPackage".encode("utf-16-le") + bytes(128 - 32)
    with open(os.path.join(OUT, "encrypted.xlsx"), "wb") as f:
        f.write(head + entry + bytes(4096))


features()
formula()
errorvalue()
raw()
leap()
bomb("bomb.xlsx", 50 << 20)
bomb("rows.xlsx", 2 << 20)
liar("liar.xlsx", 2100, 4096)
# 14 MB of empty comments, honestly sized: libxml2's reader would keep
# them all (350 MB); refused after 10,000.
sheet_of("comments.xlsx", b"<!---->" * (2 << 20))
hostile()
encrypted()
