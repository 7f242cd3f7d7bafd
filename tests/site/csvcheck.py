"""Check the open-data CSV files under a folder: UTF-8 with a BOM, CRLF
line ends, parseable, every record as wide as the header, and no cell
that a spreadsheet would run as a formula (= + @, or - not followed by a
number).  One line per problem; exit 1 if any."""
import csv
import io
import os
import re
import sys

NUMBER = re.compile(r"^-\d+(\.\d+)?$")


def check(path):
    bad = []
    raw = open(path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        bad.append(path + ": no UTF-8 BOM")
    if not raw.endswith(b"\r\n") or raw.replace(b"\r\n", b"").count(b"\n"):
        bad.append(path + ": not CRLF line ends")
    text = raw.decode("utf-8-sig")
    recs = list(csv.reader(io.StringIO(text, newline="")))
    if not recs:
        return bad + [path + ": empty"]
    for i, r in enumerate(recs[1:], 2):
        if len(r) != len(recs[0]):
            bad.append("%s:%d: %d fields, header has %d" %
                       (path, i, len(r), len(recs[0])))
        for c in r:
            if c[:1] in ("=", "+", "@", "\t", "\r") or \
               (c[:1] == "-" and not NUMBER.match(c)):
                bad.append("%s:%d: formula-like cell %r" % (path, i, c))
    return bad


bad = []
for d, _, files in os.walk(sys.argv[1]):
    for f in sorted(files):
        if f.endswith(".csv"):
            bad += check(os.path.join(d, f))
print("\n".join(bad))
sys.exit(1 if bad else 0)
