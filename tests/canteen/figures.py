#!/usr/bin/env python3
"""The figures a university canteen's semester should show, recomputed
from its CSV files alone (tests/canteen.test compares them with the
rendered site and the summary PDF).

    figures.py DATA PERIOD    prints NAME=VALUE lines: money as 1,234.56,
                              counts as integers, rates as 40.1%
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sourcecsv import fen as fen_or_none, rows, unit_meta  # noqa: E402


def fen(s):
    return fen_or_none(s) or 0


def money(f):
    sign = '-' if f < 0 else ''
    f = abs(f)
    return '%s%s.%02d' % (sign, format(f // 100, ','), f % 100)


def main():
    data, period = sys.argv[1], sys.argv[2]
    p = os.path.join(data, period)
    ledger = rows(os.path.join(p, 'ledger.csv'))
    food = unit_meta(data, 'canteen_account')
    takings = unit_meta(data, 'canteen_income')
    inc = sum(fen(r['收入']) for r in ledger)
    exp = sum(fen(r['支出']) for r in ledger)
    cin = sum(fen(r['收入']) - fen(r['支出']) for r in ledger
              if r['科目'] == takings)
    cexp = sum(fen(r['支出']) for r in ledger if r['科目'] == food)
    purchases = rows(os.path.join(p, 'purchases.csv'))
    samples = rows(os.path.join(p, 'samples.csv'))
    dis = rows(os.path.join(p, 'disinfection.csv'))
    out = {
        '收入合计': money(inc),
        '支出合计': money(exp),
        '期末结余': money(inc - exp),
        '伙食收入': money(cin),
        '伙食支出': money(cexp),
        '伙食结余': money(cin - cexp),
        # tenths of a per cent, rounded half up, as the program prints rates
        '伙食结余率': '%.1f%%' % ((((cin - cexp) * 2000 // cin) + 1) // 2 / 10),
        '采购次数': str(len(purchases)),
        '采购金额': money(sum(fen(r['金额']) for r in purchases)),
        '留样次数': str(len(samples)),
        '消毒次数': str(len(dis)),
        '农残检测次数': str(sum(1 for r in purchases if r['农残检测'] == '合格')),
    }
    for k, v in out.items():
        print('%s=%s' % (k, v))


main()
