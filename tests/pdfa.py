#!/usr/bin/python3
"""PDF/A-2b self-check, clause by clause (veraPDF cannot be installed here).

Usage: pdfa.py FILE.pdf
Prints one line per clause, "ok CLAUSE" or "FAIL CLAUSE: reason", and
exits 1 if any clause fails.  The objects are read through qpdf's JSON
view (qpdf --json=2, streams decoded), the header bytes from the file.

Clauses (ISO 19005-2 level B, the parts a generator controls):
  header      %PDF-1.n (n <= 7) at byte 0, then a comment line of at
              least four bytes >= 128 (the binary marker)
  id          trailer /ID: an array of two non-empty strings
  encrypt     no /Encrypt in the trailer
  xmp         catalog /Metadata: an unfiltered XML stream holding an
              XMP packet with pdfaid:part 2 and pdfaid:conformance B
  info-xmp    every Info entry (Title, Author, Subject, Keywords,
              Creator, Producer, CreationDate, ModDate) equals its XMP
              property (dates compared as instants)
  intent      an OutputIntent /S /GTS_PDFA1 whose DestOutputProfile is
              an ICC profile (mntr or prtr, version 2 or 4) whose
              colour space matches /N
  fonts       every font but Type3 embedded (FontFile, FontFile2 or
              FontFile3); every CIDFontType2 has a CIDToGIDMap
  transparency  no soft masks, constant alpha below 1, blend modes
              other than Normal, or transparency groups
  actions     no JavaScript, Launch or other forbidden actions, no
              additional-actions (/AA) dictionaries
  lzw         no LZWDecode filter (streams and inline images)
  annots      every annotation but Popup has /F with Print set and
              Hidden, Invisible, NoView clear
"""
import datetime
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}
FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm",
                     "/ImportData", "/Hide", "/SetOCGState", "/Rendition",
                     "/Trans", "/GoTo3DView", "/JavaScript"}


class Pdf:
    """Every object of a PDF as qpdf's JSON shows it."""

    def __init__(self, path):
        out = subprocess.run(
            ["qpdf", "--json=2", "--json-stream-data=inline",
             "--decode-level=generalized", path],
            capture_output=True, check=False)
        if out.returncode not in (0, 3):
            raise SystemExit("FAIL read: qpdf: %s" % out.stderr.decode())
        objs = json.loads(out.stdout)["qpdf"][1]
        self.trailer = objs.pop("trailer")["value"]
        self.objs = {k[4:]: v for k, v in objs.items()}

    def get(self, v):
        """Resolve a reference; a stream becomes {"dict":..., "data":...}."""
        if isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
            o = self.objs.get(v)
            if o is None:
                return None
            return o["stream"] if "stream" in o else o["value"]
        return v

    def data(self, stream):
        import base64
        return base64.b64decode(stream.get("data", ""))

    def dicts(self):
        """Every dictionary anywhere, stream dictionaries included."""
        def walk(v):
            if isinstance(v, dict):
                yield v
                for x in v.values():
                    yield from walk(x)
            elif isinstance(v, list):
                for x in v:
                    yield from walk(x)
        for o in self.objs.values():
            if "stream" in o:
                yield from walk(o["stream"]["dict"])
            else:
                yield from walk(o["value"])
        yield from walk(self.trailer)

    def streams(self):
        for o in self.objs.values():
            if "stream" in o:
                yield o["stream"]


def text(v):
    """A PDF string from qpdf's JSON as Python text."""
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        b = bytes.fromhex(v[2:])
        if b.startswith(b"\xfe\xff"):
            return b[2:].decode("utf-16-be")
        return b.decode("latin-1")
    return None


def check_header(raw, pdf):
    if not re.match(rb"%PDF-1\.[0-7](\r\n|\r|\n)", raw[:10]):
        return "file does not start with %%PDF-1.n: %r" % raw[:10]
    second = re.split(rb"\r\n|\r|\n", raw[:64], maxsplit=2)[1]
    if not second.startswith(b"%") or sum(c >= 128 for c in second) < 4:
        return "no binary comment after the header: %r" % second
    return None


def check_id(raw, pdf):
    ids = pdf.trailer.get("/ID")
    if not isinstance(ids, list) or len(ids) != 2 or \
            not all(text(x) for x in ids):
        return "trailer /ID missing or not two strings: %r" % ids
    return None


def check_encrypt(raw, pdf):
    if "/Encrypt" in pdf.trailer:
        return "the file is encrypted"
    return None


def catalog(pdf):
    return pdf.get(pdf.trailer["/Root"])


def xmp(pdf):
    """The XMP rdf:Description elements, or an error string."""
    m = catalog(pdf).get("/Metadata")
    s = pdf.get(m)
    if not isinstance(s, dict) or "dict" not in s:
        return "catalog has no /Metadata stream"
    d = s["dict"]
    if "/Filter" in d:
        return "metadata stream is filtered (%s)" % d["/Filter"]
    if d.get("/Type") != "/Metadata" or d.get("/Subtype") != "/XML":
        return "metadata stream is not /Type /Metadata /Subtype /XML"
    data = pdf.data(s)
    if b"<?xpacket begin=" not in data or b"<?xpacket end=" not in data:
        return "metadata is not an XMP packet (no xpacket wrapper)"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        return "XMP is not well-formed XML: %s" % e
    return root.findall(".//rdf:Description", NS)


def prop(descs, name):
    """Text of an XMP property given as element or attribute."""
    pre, local = name.split(":")
    key = "{%s}%s" % (NS[pre], local)
    for d in descs:
        if key in d.attrib:
            return d.attrib[key]
        e = d.find(key)
        if e is not None:
            li = e.find(".//rdf:li", NS)
            return (li.text if li is not None else e.text) or ""
    return None


def check_xmp(raw, pdf):
    descs = xmp(pdf)
    if isinstance(descs, str):
        return descs
    part, conf = prop(descs, "pdfaid:part"), prop(descs, "pdfaid:conformance")
    if part != "2" or conf != "B":
        return "pdfaid:part %r conformance %r, want 2 and B" % (part, conf)
    return None


def pdf_date(s):
    m = re.fullmatch(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?"
                     r"(?:([Z+-])(?:(\d\d)'?(\d\d)?'?)?)?", s or "")
    if not m:
        return None
    y, mo, d, h, mi, se = (int(x or dflt) for x, dflt in
                           zip(m.groups()[:6], (0, 1, 1, 0, 0, 0)))
    tz = datetime.timezone.utc
    if m.group(7) in ("+", "-"):
        off = datetime.timedelta(hours=int(m.group(8) or 0),
                                 minutes=int(m.group(9) or 0))
        tz = datetime.timezone(off if m.group(7) == "+" else -off)
    return datetime.datetime(y, mo, d, h, mi, se, tzinfo=tz)


def xmp_date(s):
    if s is None:
        return None
    try:
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None


INFO_XMP = [("/Title", "dc:title"), ("/Author", "dc:creator"),
            ("/Subject", "dc:description"), ("/Keywords", "pdf:Keywords"),
            ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer")]


def check_info_xmp(raw, pdf):
    descs = xmp(pdf)
    if isinstance(descs, str):
        return descs
    info = pdf.get(pdf.trailer.get("/Info")) or {}
    for key, name in INFO_XMP:
        if key in info and text(info[key]) != prop(descs, name):
            return "Info %s %r but XMP %s %r" % (
                key, text(info[key]), name, prop(descs, name))
    for key, name in (("/CreationDate", "xmp:CreateDate"),
                      ("/ModDate", "xmp:ModifyDate")):
        if key not in info:
            continue
        a, b = pdf_date(text(info[key])), xmp_date(prop(descs, name))
        if a is None or b is None or a != b or b.tzinfo is None:
            return "Info %s %r but XMP %s %r" % (
                key, text(info[key]), name, prop(descs, name))
    return None


def check_intent(raw, pdf):
    for oi in catalog(pdf).get("/OutputIntents") or []:
        oi = pdf.get(oi)
        if oi.get("/S") != "/GTS_PDFA1":
            continue
        s = pdf.get(oi.get("/DestOutputProfile"))
        if not isinstance(s, dict) or "dict" not in s:
            return "GTS_PDFA1 intent without a DestOutputProfile stream"
        icc = pdf.data(s)
        if len(icc) < 128 or icc[36:40] != b"acsp":
            return "DestOutputProfile is not an ICC profile"
        if icc[12:16] not in (b"mntr", b"prtr"):
            return "ICC profile class %r, want mntr or prtr" % icc[12:16]
        if icc[8] not in (2, 4):
            return "ICC profile version %d" % icc[8]
        n = {b"RGB ": 3, b"GRAY": 1, b"CMYK": 4}.get(icc[16:20])
        if n != s["dict"].get("/N"):
            return "ICC colour space %r but /N %r" % (icc[16:20],
                                                       s["dict"].get("/N"))
        return None
    return "no /OutputIntents entry with /S /GTS_PDFA1"


def check_fonts(raw, pdf):
    n = 0
    for d in pdf.dicts():
        if d.get("/Type") != "/Font" or d.get("/Subtype") in ("/Type3",
                                                             "/Type0"):
            continue
        n += 1
        fd = pdf.get(d.get("/FontDescriptor")) or {}
        if not any(k in fd for k in ("/FontFile", "/FontFile2",
                                     "/FontFile3")):
            return "font %s is not embedded" % d.get("/BaseFont")
        if d.get("/Subtype") == "/CIDFontType2" and "/CIDToGIDMap" not in d:
            return "CIDFontType2 %s has no /CIDToGIDMap" % d.get("/BaseFont")
    return None if n else "no fonts at all (nothing to check)"


def check_transparency(raw, pdf):
    for d in pdf.dicts():
        sm = d.get("/SMask")
        if sm is not None and sm != "/None":
            return "soft mask (/SMask %s)" % sm
        for k in ("/CA", "/ca"):
            if isinstance(d.get(k), (int, float)) and d[k] != 1:
                return "constant alpha %s %s" % (k, d[k])
        bm = d.get("/BM")
        if bm is not None and bm not in ("/Normal", "/Compatible",
                                         ["/Normal"], ["/Compatible"]):
            return "blend mode %s" % bm
        if d.get("/Type") == "/Group" or "/Group" in d:
            g = pdf.get(d.get("/Group")) if "/Group" in d else d
            if isinstance(g, dict) and g.get("/S") == "/Transparency":
                return "transparency group"
    return None


def check_actions(raw, pdf):
    for d in pdf.dicts():
        if "/AA" in d:
            return "additional-actions dictionary /AA"
        if "/JS" in d or d.get("/S") in FORBIDDEN_ACTIONS:
            return "forbidden action %s" % d.get("/S", "/JS")
        names = d.get("/Names")
        if isinstance(names, dict) and "/JavaScript" in names:
            return "document-level JavaScript in /Names"
    return None


def check_lzw(raw, pdf):
    for d in pdf.dicts():
        f = d.get("/Filter")
        fs = f if isinstance(f, list) else [f]
        if "/LZWDecode" in fs or "/LZW" in fs:
            return "LZWDecode filter"
    for s in pdf.streams():
        if re.search(rb"\bBI\b.*?/(F|Filter)\s*\[?\s*/LZW", pdf.data(s),
                     re.S):
            return "inline image with LZW filter"
    return None


def check_annots(raw, pdf):
    for d in pdf.dicts():
        if d.get("/Type") != "/Annot" and not (
                "/Subtype" in d and "/Rect" in d):
            continue
        if d.get("/Subtype") == "/Popup":
            continue
        f = d.get("/F", 0)
        if not isinstance(f, int) or not f & 4 or f & (1 | 2 | 32):
            return "annotation %s with /F %r" % (d.get("/Subtype"), f)
    return None


CLAUSES = [("header", check_header), ("id", check_id),
           ("encrypt", check_encrypt), ("xmp", check_xmp),
           ("info-xmp", check_info_xmp), ("intent", check_intent),
           ("fonts", check_fonts), ("transparency", check_transparency),
           ("actions", check_actions), ("lzw", check_lzw),
           ("annots", check_annots)]


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        raw = f.read()
    pdf = Pdf(path)
    bad = 0
    for name, fn in CLAUSES:
        try:
            why = fn(raw, pdf)
        except (KeyError, TypeError, AttributeError) as e:
            why = "unreadable structure (%s: %s)" % (type(e).__name__, e)
        print("ok %s" % name if why is None else "FAIL %s: %s" % (name, why))
        bad += why is not None
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
