# Justification and orphans in a PDF, judged from poppler's word boxes
# (pdftotext -bbox-layout).  Body lines are those of the most common
# line height; a paragraph starts at an indented line; every line of a
# paragraph but its last must end at the right margin (a closing mark
# set at half width there may have its blank half beyond the margin),
# and a paragraph's last line must carry at least two characters
# besides punctuation.  Prints one summary line, then the misses.
#   measure.py FILE.pdf RIGHT-MARGIN-MM [LEFT-MARGIN-MM]
import collections, re, subprocess, sys

MM = 72 / 25.4
PUNCT = set("。，、；：！？）」』》〉】〕］｝’”…—・·～（「『《〈【〔［｛‘“,.;:!?()[]%")
HALF = set("。，、；：）」』》〉】〕］｝’”")

def pages(pdf):
    x = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"],
                       capture_output=True, text=True, check=True).stdout
    for pg in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)".*?</page>',
                          x, re.S):
        top, bottom = 15 * MM, float(pg.group(2)) - 15 * MM
        lines = []
        for ln in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" '
                              r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
                              pg.group(0), re.S):
            words = re.findall(r'>([^<]*)</word>', ln.group(5))
            x0, y0, x1, y1 = map(float, ln.groups()[:4])
            if y0 > top and y1 < bottom:	# not the running header, footer
                lines.append([x0, y0, x1, y1, "".join(words)])
        yield float(pg.group(1)), lines

def visual(lines):
    """Merge poppler lines that share a baseline (same yMin, yMax)."""
    out = []
    for l in sorted(lines, key=lambda l: (round(l[3], 0), l[0])):
        if out and abs(out[-1][3] - l[3]) < 0.6 and abs(out[-1][1] - l[1]) < 0.6:
            o = out[-1]
            o[0], o[2], o[4] = min(o[0], l[0]), max(o[2], l[2]), o[4] + l[4]
        else:
            out.append(list(l))
    return out

def main():
    pdf, rmm = sys.argv[1], float(sys.argv[2])
    lmm = float(sys.argv[3]) if len(sys.argv) > 3 else rmm
    allp = [(w, visual(ls)) for w, ls in pages(pdf)]
    hs = collections.Counter(round(l[3] - l[1], 1) for _, ls in allp for l in ls)
    h = hs.most_common(1)[0][0]
    paras, cur = [], None
    for w, ls in allp:
        left, right = lmm * MM, w - rmm * MM
        for l in ls:
            if abs(round(l[3] - l[1], 1) - h) > 0.15 or l[0] < left - 1:
                if cur:
                    paras.append(cur)
                cur = None
                continue
            if l[0] > left + 1 or cur is None:
                if cur:
                    paras.append(cur)
                cur = []
            cur.append((l, right, h))
    if cur:
        paras.append(cur)
    nonfinal = hit = orphans = 0
    miss = []
    for p in paras:
        for l, right, hh in p[:-1]:
            nonfinal += 1
            edge = l[2]
            em = hh / 1.17
            ok = abs(edge - right) < 0.6 or (l[4][-1:] in HALF and
                                            abs(edge - em / 2 - right) < 0.8)
            hit += ok
            if not ok:
                miss.append("ragged %.1fpt: %s" % (right - edge, l[4]))
        last = p[-1][0][4].replace(" ", "")
        if len([c for c in last if c not in PUNCT]) < 2:
            orphans += 1
            miss.append("orphan: %s" % last)
    pct = 100.0 * hit / nonfinal if nonfinal else 0
    print("paragraphs %d nonfinal %d at-margin %d (%.1f%%) orphans %d" %
          (len(paras), nonfinal, hit, pct, orphans))
    for m in miss:
        print(m)

main()
