#!/usr/bin/python3
"""Copies of a passing PDF/A file, each breaking one clause of pdfa.py.

Usage: pdfa_mutants.py QDF-FILE OUTDIR
QDF-FILE is the output of `qpdf --qdf --object-streams=disable`; each
mutant is edited as text and repaired with fix-qdf, so offsets and
stream lengths stay right.  Writes OUTDIR/CLAUSE.pdf for every clause
but encrypt (qpdf --encrypt makes that one) and prints the clauses.
"""
import os
import re
import subprocess
import sys


def sub(pattern, repl, data, count=1):
    new, n = re.subn(pattern, repl, data, count=count)
    if n == 0:
        raise SystemExit("pattern not found: %r" % pattern)
    return new


MUTANTS = {
    # The binary comment after the header becomes plain ASCII.
    "header": lambda d: sub(rb"\A(%PDF-1\.\d\n)%[^\n]*\n", rb"\1%abcd\n", d),
    # No /ID in the trailer.
    "id": lambda d: sub(rb"\n  /ID \[[^\]]*\]", rb"", d),
    # The XMP claims PDF/A-1.
    "xmp": lambda d: sub(rb"<pdfaid:part>2<", rb"<pdfaid:part>1<", d),
    # XMP creation date a day later than the Info dictionary's.
    "info-xmp": lambda d: sub(rb"<xmp:CreateDate>(\d{4})-(\d\d)-(\d\d)T",
                              lambda m: b"<xmp:CreateDate>%s-%s-%02dT" % (
                                  m.group(1), m.group(2),
                                  int(m.group(3)) % 28 + 1), d),
    # The output intent is not a PDF/A one.
    "intent": lambda d: sub(rb"/S /GTS_PDFA1", rb"/S /GTS_PDFX", d),
    # The font program is dropped from the descriptor.
    "fonts": lambda d: sub(rb"\n  /FontFile2 \d+ 0 R", rb"", d),
    # The page becomes a transparency group.
    "transparency": lambda d: sub(rb"\n  /Type /Page\n",
                                  rb"\n  /Group << /S /Transparency >>"
                                  rb"\n  /Type /Page\n", d),
    # JavaScript run when the document opens.
    "actions": lambda d: sub(rb"\n  /Type /Catalog\n",
                             rb"\n  /OpenAction << /S /JavaScript "
                             rb"/JS (app.alert\\(1\\)) >>"
                             rb"\n  /Type /Catalog\n", d),
    # A stream claims to be LZW-compressed.
    "lzw": lambda d: sub(rb"\n  /N 3\n", rb"\n  /Filter /LZWDecode\n  /N 3\n",
                         d),
    # Link annotations hidden (F 2) instead of printable (F 4).
    "annots": lambda d: sub(rb"\n  /F 4\n", rb"\n  /F 2\n", d, count=0),
}


def main():
    src, outdir = sys.argv[1], sys.argv[2]
    with open(src, "rb") as f:
        data = f.read()
    for name, fn in MUTANTS.items():
        qdf = os.path.join(outdir, name + ".qdf")
        with open(qdf, "wb") as f:
            f.write(fn(data))
        with open(os.path.join(outdir, name + ".pdf"), "wb") as out:
            subprocess.run(["fix-qdf", qdf], stdout=out, check=True)
        print(name)


if __name__ == "__main__":
    main()
