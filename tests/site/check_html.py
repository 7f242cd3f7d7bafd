"""Judge rendered pages with a real HTML parser (python's html.parser).

    check_html.py safe DIR        nothing executable: no <script>, no on*
                                  attribute, no javascript:/vbscript:/data:
                                  URL, no <iframe>/<object>/<embed>/<base>
    check_html.py links DIR       every href/src is relative (or tel:/mailto:)
                                  and names an existing file, #fragments an id
    check_html.py text FILE S     S occurs in the text content of FILE
    check_html.py id FILE ID      print the text content of the element ID
    check_html.py svg FILE        every chart in FILE has bars, and every
                                  rect, line and text lies in its viewBox
    check_html.py punct FILE...   templates: Chinese text, the Chinese
                                  string literals of data-* expressions
                                  and bare punctuation between elements
                                  use full-width ，：；（）, not ,:;()

Exit 0 when the check holds, 1 with one line per problem otherwise.
"""
import os
import re
import sys
from html.parser import HTMLParser

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster",
             "background", "cite", "data", "longdesc", "srcset"}
BAD_TAGS = {"script", "iframe", "object", "embed", "base", "frame", "applet"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []          # (tag, attrs dict, line)
        self.text = []
        self.ids = {}           # id -> collected text
        self.open = []          # ids of open elements, innermost last

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a, self.getpos()[0]))
        if tag in VOID:
            return
        self.open.append(a.get("id"))
        if a.get("id"):
            self.ids.setdefault(a["id"], "")

    def handle_startendtag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, a, self.getpos()[0]))
        if a.get("id"):
            self.ids.setdefault(a["id"], "")

    def handle_endtag(self, tag):
        if tag not in VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for i in self.open:
            if i:
                self.ids[i] += data


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


def pages(top):
    for d, _, files in os.walk(top):
        for f in sorted(files):
            if f.endswith(".html"):
                yield os.path.join(d, f)


def scheme(url):
    s = "".join(c for c in url if ord(c) > 32).lower()
    head = s.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return head.split(":", 1)[0] if ":" in head else ""


def check_safe(top):
    bad = []
    for path in pages(top):
        for tag, attrs, line in parse(path).tags:
            where = "%s:%d" % (path, line)
            if tag in BAD_TAGS:
                bad.append("%s: <%s> element" % (where, tag))
            for k, v in attrs.items():
                if k.startswith("on"):
                    bad.append("%s: %s attribute on <%s>" % (where, k, tag))
                if k in URL_ATTRS or k == "style" or k.startswith("data-"):
                    if scheme(v) in ("javascript", "vbscript", "data") or \
                       "javascript:" in "".join(v.split()).lower():
                        bad.append("%s: %s=%r" % (where, k, v))
    return bad


def check_links(top):
    bad = []
    for path in pages(top):
        page = parse(path)
        for tag, attrs, line in page.tags:
            for k in ("href", "src"):
                if k not in attrs:
                    continue
                url = attrs[k]
                where = "%s:%d: %s=%r" % (path, line, k, url)
                sch = scheme(url)
                if sch in ("tel", "mailto"):
                    continue
                if sch or url.startswith("/") or url.startswith("//"):
                    bad.append(where + ": not relative")
                    continue
                file, _, frag = url.partition("#")
                target = os.path.normpath(os.path.join(os.path.dirname(path),
                                                       file)) if file else path
                if not os.path.realpath(target).startswith(
                        os.path.realpath(top)):
                    bad.append(where + ": leaves the site")
                elif not os.path.isfile(target):
                    bad.append(where + ": no such file")
                elif frag and target.endswith(".html") and \
                        frag not in parse(target).ids:
                    bad.append(where + ": no such id")
    return bad


def num(a, k):
    return int(a.get(k, "0"))


def check_svg(path):
    """Chart geometry: integers inside the viewBox, sizes not negative."""
    bad, vb, rects = [], None, {}
    for tag, a, line in parse(path).tags:
        where = "%s:%d: <%s>" % (path, line, tag)
        if tag == "svg":
            vb = [int(v) for v in a["viewbox"].split()]
            rects[line] = 0
            cur = line
            continue
        if vb is None or tag not in ("rect", "line", "text"):
            continue
        try:
            if tag == "rect":
                rects[cur] += 1
                x0, y0 = num(a, "x"), num(a, "y")
                x1, y1 = x0 + num(a, "width"), y0 + num(a, "height")
                if num(a, "width") < 0 or num(a, "height") < 0:
                    bad.append(where + " has a negative size")
            elif tag == "line":
                x0, y0, x1, y1 = (num(a, "x1"), num(a, "y1"),
                                  num(a, "x2"), num(a, "y2"))
            else:
                x0 = x1 = num(a, "x")
                y0 = y1 = num(a, "y")
        except ValueError:
            bad.append(where + " has a coordinate that is not an integer")
            continue
        for x in (x0, x1):
            if not vb[0] <= x <= vb[0] + vb[2]:
                bad.append("%s x=%d outside the viewBox" % (where, x))
        for y in (y0, y1):
            if not vb[1] <= y <= vb[1] + vb[3]:
                bad.append("%s y=%d outside the viewBox" % (where, y))
    if not rects:
        bad.append(path + ": no chart")
    for line, n in rects.items():
        if n == 0:
            bad.append("%s:%d: chart without bars" % (path, line))
    return bad


class Template(HTMLParser):
    """Text and data-* string literals of a template, with their lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bits = []          # (line, text)
        self.raw = 0            # inside <style> or <script>

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.raw += 1
        for k, v in attrs:
            if k.startswith("data-") and v:
                for lit in re.findall(r"'([^']*)'|\"([^\"]*)\"", v):
                    self.bits.append((self.getpos()[0], "".join(lit)))

    def handle_endtag(self, tag):
        if tag in ("style", "script") and self.raw:
            self.raw -= 1

    def handle_data(self, data):
        if not self.raw:
            self.bits.append((self.getpos()[0], data))


CJK = re.compile("[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def check_punct(paths):
    bad = []
    for path in paths:
        t = Template()
        with open(path, encoding="utf-8") as f:
            t.feed(f.read())
        t.close()
        for line, text in t.bits:
            if (CJK.search(text) and re.search("[,:;()]", text)) or \
                    re.fullmatch(r"\s*[,:;()]+\s*", text):
                bad.append("%s:%d: half-width punctuation in %r" %
                           (path, line, text.strip()))
    return bad


def main(argv):
    mode = argv[1]
    if mode == "safe":
        bad = check_safe(argv[2])
    elif mode == "links":
        bad = check_links(argv[2])
    elif mode == "text":
        text = "".join(parse(argv[2]).text)
        bad = [] if argv[3] in text else ["%r not in the text of %s" %
                                          (argv[3], argv[2])]
    elif mode == "svg":
        bad = check_svg(argv[2])
    elif mode == "punct":
        bad = check_punct(argv[2:])
    elif mode == "id":
        ids = parse(argv[2]).ids
        if argv[3] not in ids:
            print("no id %s in %s" % (argv[3], argv[2]))
            return 1
        print(ids[argv[3]].strip())
        return 0
    else:
        print(__doc__)
        return 2
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
