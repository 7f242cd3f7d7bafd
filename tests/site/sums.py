"""Figures computed from the data files, independently of sunlight.

    sums.py total CSV COLUMN    sum of a money column, as "12,345.67"
    sums.py --private CSV       every private value of subsidies.csv (学号,
                                身份证号, 联系电话 also without dashes, and
                                the full 姓名), one per line
"""
import csv
import io
import sys
from decimal import Decimal


def rows(path):
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    return list(csv.DictReader(io.StringIO(text)))


def money(s):
    s = s.strip().replace(",", "").replace("¥", "").replace("￥", "")
    return Decimal(s) if s else Decimal(0)


def main(argv):
    if argv[1] == "total":
        t = sum((money(r[argv[3]]) for r in rows(argv[2])), Decimal(0))
        print("{:,.2f}".format(t))
    elif argv[1] == "--private":
        out = set()
        for r in rows(argv[2]):
            for k in ("学号", "身份证号", "联系电话", "姓名"):
                v = (r.get(k) or "").strip()
                if len(v) >= 2:
                    out.add(v)
                    out.add(v.replace("-", ""))
        print("\n".join(sorted(out)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
