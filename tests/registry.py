"""The table registry as the program is built with it, for tests that go
over every table: tablespecs[] of SRC/gen/schema.c, each entry a dict
keyed by the member names of struct tablespec (SRC/gen/model.h), with
strings unquoted and NULL as None ("file": "ledger.csv", "key":
"ledger", "zh": "收支明细", "audit": "ledger", ...), in registry order.
A registry the parser does not understand stops the test with a FAIL
line, never with a shorter list."""
import os
import re
import sys


def _fields(model_h):
    """Member names of struct tablespec, in order."""
    m = re.search(r"struct tablespec \{(.*?)\};", model_h, re.S)
    body = re.sub(r"/\*.*?\*/", "", m.group(1), flags=re.S)
    return re.findall(r"[\s*](\w+);", body)


def _value(v):
    if v == "NULL":
        return None
    return v[1:-1] if v.startswith('"') else v


def tables(src):
    """The registry's entries of the source tree src."""
    with open(os.path.join(src, "gen/model.h"), encoding="utf-8") as f:
        h = f.read()
    names = _fields(h)
    ids = re.findall(r"\b(T_[A-Z]+),", re.search(r"enum tableid \{(.*?)\}",
                                                 h, re.S).group(1))
    with open(os.path.join(src, "gen/schema.c"), encoding="utf-8") as f:
        c = f.read()
    m = re.search(r"tablespecs\[T__MAX\] = \{(.*?)\n\};", c, re.S)
    tok = re.compile(r'"[^"]*"|\w+(?:\([^)]*\))?')
    out = []
    for entry in re.findall(r"\{(.*?)\}", m.group(1) if m else "", re.S):
        v = tok.findall(entry)
        if len(v) != len(names):
            sys.exit("FAIL registry entry with %d fields, struct tablespec "
                     "has %d: %s" % (len(v), len(names), entry.strip()))
        out.append({k: _value(x) for k, x in zip(names, v)})
    if [t["id"] for t in out] != ids:
        sys.exit("FAIL registry entries %s are not the tables %s of "
                 "enum tableid" % ([t["id"] for t in out], ids))
    return out
