#!/usr/bin/env python3
"""sections.py NAME SRC TEMPLATES MODEL_XML PERIOD PDF

The numbered sections of an audit pack, judged against the table
registry of the program built from SRC (tests/registry.py): the
entries that name an audit section, in registry order, whose section
file TEMPLATES/pdf/audit/<audit>.xml holds for the period (its
<section if=> -- a plain path -- or else the table's key selects an
element of the period in the model document), numbered 一、二、… as
they come, then 检查发现.  The pack's
outline (qpdf --json) must list exactly those top-level headings.
Prints one PASS or FAIL line."""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import registry  # noqa: E402

DIGITS = "一二三四五六七八九"


def cn(n):
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (up to 99)."""
    tens, ones = divmod(n, 10)
    s = ("" if tens < 2 else DIGITS[tens - 1]) + ("十" if tens else "")
    return s + (DIGITS[ones - 1] if ones else "")


def expected(name, src, tpl, model, period):
    """The outline's numbered headings the registry calls for."""
    per = [p for p in ET.parse(model).getroot().findall("period")
           if p.get("name") == period][0]
    want = []
    for t in registry.tables(src):
        key, audit = t["key"], t["audit"]
        if audit is None:
            continue
        root = ET.parse(os.path.join(tpl, "pdf/audit/%s.xml" % audit)).getroot()
        cond = root.get("if", key)
        if not re.fullmatch(r"[\w/-]+", cond):
            sys.exit("FAIL sections %s: cannot judge if=\"%s\" of %s"
                     % (name, cond, audit))
        if per.find(cond) is None:
            continue
        head = [h for h in root.iter("heading") if h.get("level") == "1"][0]
        text = "".join(head.itertext()).strip()
        if not text.startswith("{cn-number(section())}、"):
            sys.exit("FAIL sections %s: %s's heading is not numbered by "
                     "section(): %s" % (name, audit, text))
        want.append(cn(len(want) + 1) + text[text.index("、"):])
    want.append(cn(len(want) + 1) + "、检查发现")
    return want


def outline(pdf):
    """Top-level outline titles that are numbered sections."""
    j = json.loads(subprocess.run(["qpdf", "--json", pdf], check=True,
                                  capture_output=True).stdout)
    return [o["title"] for o in j["outlines"]
            if re.match("[一二三四五六七八九十]+、", o["title"])]


def main(name, src, tpl, model, period, pdf):
    want = expected(name, src, tpl, model, period)
    got = outline(pdf)
    if want == got and len(want) > 1:
        print("PASS sections %s: outline = registry (%d sections)"
              % (name, len(want) - 1))
    else:
        print("FAIL sections %s: registry calls for %s, outline has %s"
              % (name, want, got))


if __name__ == "__main__":
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    main(*sys.argv[1:])
