"""The unit's source files as the tests' judges read them, independently
of the program: CSV in UTF-8 (with or without BOM) or GB18030, amounts
as integer fen, unit.md's front matter.  Imported by tests/district/
pages.py, tests/init-fill.py and tests/canteen/figures.py."""
import csv
import io
import os


def text(path):
    """The file decoded as UTF-8 (BOM dropped), else as GB18030."""
    raw = open(path, "rb").read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def records(path):
    """Every record as a list of cells, the header first."""
    return list(csv.reader(io.StringIO(text(path), newline="")))


def rows(path):
    """The records after the header, as dicts by column name."""
    return list(csv.DictReader(io.StringIO(text(path), newline="")))


def fen(s):
    """An amount as written ("1,234.50", "￥12.00") in fen; None when empty."""
    s = (s or "").replace(",", "").replace("¥", "").replace("￥", "").strip()
    if not s or s in ("—", "-"):
        return None
    neg = s.startswith("-")
    yuan, _, cents = s.lstrip("-").partition(".")
    v = int(yuan or "0") * 100 + int((cents + "00")[:2])
    return -v if neg else v


def unit_meta(d, key, default=None):
    """A front-matter value of d/unit.md, else default."""
    for line in open(os.path.join(d, "unit.md"), encoding="utf-8"):
        if line.startswith(key + ":"):
            return line.split(":", 1)[1].strip()
    return default


def half_up(num, den):
    """num / den rounded half up, for non-negative integers."""
    return (2 * num + den) // (2 * den)
