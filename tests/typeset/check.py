# Spacing, faces and alignment of the summary, judged from the glyph
# positions mupdf reads back (mutool draw -F stext), and the text order
# from pdftotext.  Prints PASS/FAIL lines.
#   check.py SUMMARY.pdf SUMMARY.md
import html, re, subprocess, sys

pdf, md = sys.argv[1], sys.argv[2]


def result(name, ok, why=""):
    print("PASS typeset: %s" % name if ok else "FAIL typeset: %s: %s" % (name, why))


def chars():
    """(page, font, size, x, y, right, c) of every glyph, in stream order."""
    x = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                       capture_output=True, text=True).stdout
    out, page, font, size = [], 0, "", 0.0
    for m in re.finditer(r'<page |<font name="([^"]*)" size="([\d.]+)"|'
                         r'<char quad="([\d.\- ]+)" x="([\d.\-]+)" '
                         r'y="([\d.\-]+)"[^>]* c="([^"]*)"', x):
        if m.group(0).startswith("<page"):
            page += 1
        elif m.group(1) is not None:
            font, size = m.group(1), float(m.group(2))
        else:
            q = [float(v) for v in m.group(3).split()]
            out.append((page, font, size, float(m.group(4)),
                        float(m.group(5)), q[2], html.unescape(m.group(6))))
    return out


G = [g for g in chars() if g[6] != " "]	# mupdf adds spaces for gaps
text = "".join(g[6] for g in G)


def find(s, size=None):
    """Glyphs of the first occurrence of s (in the order drawn)."""
    i = text.find(s)
    while i >= 0:
        run = G[i:i + len(s)]
        if size is None or abs(run[0][2] - size) < 0.01:
            return run
        i = text.find(s, i + 1)
    return None


# Faces: body in the Song face, headings in the sans.
body = find("本学期幼儿园后勤部门")
head = find("明厨亮灶", None)
result("body text set in AR PL UMing", body and all("UMing" in g[1] for g in body),
       body and body[0][1])
heads = [g for g in G if g[2] > 11 and g[6] not in " "]
result("headings set in WenQuanYi Micro Hei (sans)", heads and
       all("WenQuanYi" in g[1] for g in heads),
       sorted(set(g[1] for g in heads)))

# Consecutive punctuation: in "），" and "”，" the first mark is set at
# half width (plus what justification adds to a gap, well under a
# quarter em); a mark before a character keeps its full width.
for pair in ("），", "”，"):
    r = find(pair)
    em = r and r[0][2]
    adv = r and r[1][3] - r[0][3]
    result("%s: the closing mark set at half width" % pair,
           r and em / 2 - 0.05 < adv < em * 0.7,
           r and "advance %.2f, em %.2f" % (adv, em))
r = find("。服务")
result("a 。 before a character keeps its full width",
       r and r[1][3] - r[0][3] >= r[0][2] - 0.05,
       r and "advance %.2f" % (r[1][3] - r[0][3]))

# A quarter em between CJK and digits: 安装 3 部.
r = find("装3部")
if r:
    em = r[0][2]
    gap1 = r[1][3] - (r[0][3] + em)
    gap2 = r[2][3] - r[1][5]
    result("a quarter em between CJK and digits", r and gap1 >= em / 4 - 0.05
           and gap2 >= em / 4 - 0.05 and gap1 < em / 2 and gap2 < em / 2,
           "gaps %.2f %.2f, em %.2f" % (gap1, gap2, em))
else:
    result("a quarter em between CJK and digits", False, "装3部 not found")
r = find("5.5389")
result("no slack inside a number", r and all(
    abs(r[k + 1][3] - r[k][5]) < 0.05 for k in range(len(r) - 1)),
    r and [round(r[k + 1][3] - r[k][5], 2) for k in range(len(r) - 1)])

# Amounts in the 数据 column line up on the decimal point, whatever
# follows the number (元, %).
labels = ["上期结转", "本期收入", "收入合计", "支出合计", "期末结余", "预算执行率",
          "收费实收"]
pts = []
for lab in labels:
    r = find(lab)
    if not r:
        continue
    row = [g for g in G if g[0] == r[0][0] and abs(g[4] - r[0][4]) < 0.5]
    dots = [g for k, g in enumerate(row) if g[6] == "." and 0 < k < len(row) - 1
            and row[k - 1][6].isdigit() and row[k + 1][6].isdigit()]
    if dots:
        pts.append((lab, round(dots[0][3], 2)))
result("amounts aligned on the decimal point (%d rows)" % len(pts),
       len(pts) >= 6 and max(p[1] for p in pts) - min(p[1] for p in pts) < 0.05,
       pts)

# The text comes back from pdftotext in order.
src = open(md, encoding="utf-8").read().split("---", 2)[2]
paras = [re.sub(r"\s", "", re.sub(r"^#+ ", "", l)) for l in src.split("\n")
         if l.strip()]
got = re.sub(r"\s", "", subprocess.run(["pdftotext", pdf, "-"],
             capture_output=True, text=True).stdout)
pos, missing = 0, None
for p in paras:
    i = got.find(p, pos)
    if i < 0:
        missing = p[:30]
        break
    pos = i + len(p)
result("pdftotext returns the %d paragraphs in order" % len(paras),
       missing is None, "not found after position %d: %s" % (pos, missing))
