"""Check an embedded TrueType subset: every composite glyph that has data
must have every component (recursively) present with outline data.

Usage: /usr/bin/python3 tests/glyphs.py FONT.ttf
Prints "composites N broken M" (N: composite glyphs with data, M: those
missing a component) and exits 1 if M > 0.  Needs Debian's
python3-fonttools.
"""
import sys

from fontTools.ttLib import TTFont


def empty(glyf, name):
    """True if the glyph has no outline data in the subset."""
    g = glyf[name]
    return not g.isComposite() and g.numberOfContours == 0


def broken(glyf, name, depth=0):
    """True if any component of glyph name, at any depth, is empty."""
    for c in glyf[name].components:
        if empty(glyf, c.glyphName):
            return True
        if glyf[c.glyphName].isComposite() and depth < 8:
            if broken(glyf, c.glyphName, depth + 1):
                return True
    return False


def main():
    font = TTFont(sys.argv[1], lazy=False)
    glyf = font["glyf"]
    total = bad = 0
    for name in font.getGlyphOrder():
        if glyf[name].isComposite():
            total += 1
            if broken(glyf, name):
                bad += 1
    print("composites %d broken %d" % (total, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
