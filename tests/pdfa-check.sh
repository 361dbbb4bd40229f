#!/bin/sh
# tests/pdfa-check.sh FILE.pdf — checks the PDF/A-2u clauses imagreport relies on.
#
# Not a full validator (veraPDF is that); it checks what our writer must get
# right, with qpdf's JSON view of the file (qpdf 10.6 or later) and python3:
#   header        %PDF-1.0..1.7 and a binary comment line
#   syntax        qpdf --check finds nothing
#   stream-keywords  an EOL after "stream" (CRLF or LF) and before "endstream"
#   encrypt       no /Encrypt
#   id            trailer /ID: two strings
#   xmp           /Metadata stream (Type Metadata, Subtype XML, unfiltered),
#                 a proper xpacket, pdfaid:part 2, pdfaid:conformance A
#   xmp-info      every Info entry equals its XMP property (Title, Author,
#                 Subject, Keywords, Creator, Producer, CreationDate, ModDate)
#   output-intent a GTS_PDFA1 intent with an ICC stream whose /N matches it
#   lang          catalog /Lang set
#   doc-title     /ViewerPreferences /DisplayDocTitle true, and a dc:title
#   fonts         every font embedded (FontFile, FontFile2 or FontFile3)
#   tounicode     every font has a ToUnicode CMap, without cidrange/cidchar
#   glyphs        every code shown is mapped to Unicode (not U+0000/FEFF/FFFE)
#                 and to a glyph other than .notdef (CIDToGIDMap)
#   content-nesting  BT/ET, marked content (BMC/BDC/EMC) and q/Q properly nested
#   annotations   /F with the print flag, not hidden/invisible/noview
#   actions       no JavaScript, Launch, or other forbidden actions, no /AA
#   external      no external streams, no LZW, no OPI, PostScript or references
#   images        no /Interpolate true, no /Alternates, no DeviceCMYK under an RGB intent
# Prints "ok NAME" or "FAIL NAME: why" per check; exit 1 on any failure, 2 on
# a usage error or a missing tool.
set -u
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: tests/pdfa-check.sh FILE.pdf" >&2
  exit 2
fi
for t in qpdf python3; do
  command -v $t >/dev/null 2>&1 || { echo "pdfa-check: $t is needed" >&2; exit 2; }
done
exec python3 - "$1" <<'PYEOF'
import base64, json, re, subprocess, sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

path = sys.argv[1]
failed = False

def ok(name):
    print("ok " + name)

def fail(name, why):
    global failed
    failed = True
    print("FAIL %s: %s" % (name, why))

def check(name, problems):
    if problems:
        more = " (and %d more)" % (len(problems) - 3) if len(problems) > 3 else ""
        fail(name, "; ".join(problems[:3]) + more)
    else:
        ok(name)

def qpdf_json(*extra):
    r = subprocess.run(["qpdf", "--json=2"] + list(extra) + [path], capture_output=True)
    if r.returncode not in (0, 3):
        print("FAIL syntax: qpdf cannot read the file: " + r.stderr.decode(errors="replace").strip())
        sys.exit(1)
    return json.loads(r.stdout)

raw = open(path, "rb").read()

# ---- header and syntax ----
m = re.match(rb"%PDF-1\.([0-7])(\r\n|\r|\n)%(....)", raw, re.S)
if not m:
    fail("header", "no %PDF-1.n header (n <= 7) at byte 0")
elif not all(b >= 128 for b in m.group(3)):
    fail("header", "the comment after the header needs 4 bytes >= 128")
else:
    ok("header")
# stream keywords: "stream" followed by CRLF or LF, "endstream" preceded by an EOL (6.1.7.1)
problems = []
for mo in re.finditer(rb">>\s*stream(\r\n|\n|\r|[^\r\n])", raw):
    if mo.group(1) not in (b"\r\n", b"\n"):
        problems.append("'stream' at byte %d not followed by CRLF or LF" % mo.start())
for mo in re.finditer(rb"(.)endstream\s+endobj", raw, re.S):
    if mo.group(1) not in (b"\r", b"\n"):
        problems.append("'endstream' at byte %d without an EOL before it" % (mo.start() + 1))
check("stream-keywords", problems)
r = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
out = r.stdout + r.stderr
if r.returncode != 0 or "WARNING" in out or "No syntax or stream encoding errors found" not in out:
    fail("syntax", "qpdf --check: " + " | ".join(l for l in out.splitlines() if l.strip())[:300])
else:
    ok("syntax")

# ---- objects: raw dictionaries and decoded stream data ----
plain = qpdf_json("--json-stream-data=none", "--decode-level=none")
full = qpdf_json("--json-stream-data=inline", "--decode-level=all")
objs_raw = plain["qpdf"][1]
objs = full["qpdf"][1]
trailer = objs["trailer"]["value"]

def key(ref):
    return "obj:" + ref

def is_ref(v):
    return isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v) is not None

def deref(v):
    while is_ref(v):
        o = objs.get(key(v))
        if o is None:
            return None
        v = o["value"] if "value" in o else o["stream"]["dict"]
    return v

def stream_of(v):
    """(raw dict, decoded bytes) of a stream reference, or (None, None)."""
    if not is_ref(v) or "stream" not in objs.get(key(v), {}):
        return None, None
    d = objs_raw[key(v)]["stream"]["dict"]
    data = objs[key(v)]["stream"].get("data")
    return d, (base64.b64decode(data) if data is not None else None)

def text(v):
    v = deref(v)
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        return bytes.fromhex(v[2:]).decode("latin-1")
    return None

catalog = deref(trailer.get("/Root"))
info = deref(trailer.get("/Info")) or {}

# ---- encryption and ID ----
check("encrypt", ["/Encrypt in the trailer"] if "/Encrypt" in trailer else [])
idv = trailer.get("/ID")
if not (isinstance(idv, list) and len(idv) == 2 and all(isinstance(x, str) and x[:2] in ("b:", "u:") for x in idv)):
    fail("id", "trailer /ID missing or not two strings")
else:
    ok("id")

# ---- XMP ----
NS = {
    "x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
xmp = {}
problems = []
mdict, mdata = stream_of(catalog.get("/Metadata"))
if mdict is None:
    problems.append("no /Metadata stream in the catalog")
else:
    if mdict.get("/Type") != "/Metadata" or mdict.get("/Subtype") != "/XML":
        problems.append("metadata stream is not /Type /Metadata /Subtype /XML")
    if "/Filter" in mdict:
        problems.append("metadata stream is filtered (%s)" % mdict["/Filter"])
    s = mdata.decode("utf-8", errors="replace")
    hm = re.match(r'<\?xpacket begin="(\ufeff)?" id="W5M0MpCehiHzreSzNTczkc9d"\?>', s)
    if not hm:
        problems.append("no xpacket header with the standard id")
    if not re.search(r'<\?xpacket end="[rw]"\?>\s*$', s):
        problems.append("no xpacket trailer")
    try:
        body = re.sub(r"<\?xpacket[^>]*\?>", "", s)
        root = ET.fromstring(body)
    except ET.ParseError as e:
        problems.append("XMP is not well-formed XML: %s" % e)
        root = None
    if root is not None:
        def prop(tag):
            el = root.find(".//rdf:Description/" + tag, NS)
            if el is None:
                # also accept properties written as attributes of rdf:Description
                p, local = tag.split(":")
                for d in root.iter("{%s}Description" % NS["rdf"]):
                    a = d.get("{%s}%s" % (NS[p], local))
                    if a is not None:
                        return a
                return None
            li = el.find(".//rdf:li", NS)
            if li is not None:
                alt = el.findall(".//rdf:li", NS)
                for x in alt:
                    if x.get("{%s}lang" % NS["xml"]) == "x-default":
                        return x.text or ""
                return li.text or ""
            return el.text or ""
        for t in ("pdfaid:part", "pdfaid:conformance", "dc:title", "dc:creator", "dc:description",
                  "pdf:Keywords", "pdf:Producer", "xmp:CreatorTool", "xmp:CreateDate", "xmp:ModifyDate"):
            xmp[t] = prop(t)
        creators = root.findall(".//dc:creator//rdf:li", NS)
        if len(creators) > 1:
            problems.append("dc:creator has %d entries, Info /Author one" % len(creators))
        if xmp["pdfaid:part"] != "2":
            problems.append("pdfaid:part is %r, not 2" % xmp["pdfaid:part"])
        if xmp["pdfaid:conformance"] != "A":
            problems.append("pdfaid:conformance is %r, not A" % xmp["pdfaid:conformance"])
check("xmp", problems)

def pdf_date(s):
    m = re.fullmatch(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([+-Z])(\d\d)?'?(\d\d)?'?)?", s or "")
    if not m:
        return None
    y, mo, d, h, mi, se = (int(m.group(i) or dflt) for i, dflt in zip(range(1, 7), (0, 1, 1, 0, 0, 0)))
    off = 0
    if m.group(7) in ("+", "-"):
        off = int(m.group(8) or 0) * 60 + int(m.group(9) or 0)
        off = off if m.group(7) == "+" else -off
    return datetime(y, mo, d, h, mi, se, tzinfo=timezone(timedelta(minutes=off)))

def xmp_date(s):
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?)?)?", s or "")
    if not m:
        return None
    y, mo, d, h, mi, se = (int(m.group(i) or dflt) for i, dflt in zip(range(1, 7), (0, 1, 1, 0, 0, 0)))
    tz = m.group(7)
    off = 0
    if tz and tz != "Z":
        off = int(tz[1:3]) * 60 + int(tz[4:6])
        off = off if tz[0] == "+" else -off
    return datetime(y, mo, d, h, mi, se, tzinfo=timezone(timedelta(minutes=off)))

problems = []
pairs = [("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
         ("/Keywords", "pdf:Keywords"), ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer")]
for ik, xk in pairs:
    iv = text(info.get(ik)) if ik in info else None
    xv = xmp.get(xk)
    if iv is None and xv is None:
        continue
    if iv != xv:
        problems.append("Info %s %r != XMP %s %r" % (ik, iv, xk, xv))
for ik, xk in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
    iv = text(info.get(ik)) if ik in info else None
    xv = xmp.get(xk)
    if iv is None and xv is None:
        continue
    if iv is None or xv is None or pdf_date(iv) is None or pdf_date(iv) != xmp_date(xv):
        problems.append("Info %s %r != XMP %s %r" % (ik, iv, xk, xv))
check("xmp-info", problems)

# ---- output intent ----
problems = []
intent_n = None
intents = deref(catalog.get("/OutputIntents")) or []
pdfa = [deref(i) for i in intents if (deref(i) or {}).get("/S") == "/GTS_PDFA1"]
if not pdfa:
    problems.append("no /OutputIntents entry with /S /GTS_PDFA1")
profiles = set()
for it in pdfa:
    ref = it.get("/DestOutputProfile")
    d, data = stream_of(ref)
    if d is None:
        problems.append("GTS_PDFA1 intent without a /DestOutputProfile stream")
        continue
    profiles.add(ref)
    if not data or len(data) < 128 or data[36:40] != b"acsp":
        problems.append("DestOutputProfile is not an ICC profile")
        continue
    space = data[16:20]
    n = {b"RGB ": 3, b"GRAY": 1, b"CMYK": 4}.get(space)
    if n is None or deref(d.get("/N")) != n:
        problems.append("ICC colour space %r does not match /N %r" % (space, d.get("/N")))
    intent_n = n
    if "/OutputConditionIdentifier" not in it:
        problems.append("intent without /OutputConditionIdentifier")
if len(profiles) > 1:
    problems.append("more than one distinct DestOutputProfile")
check("output-intent", problems)

# ---- catalog ----
lang = text(catalog.get("/Lang"))
check("lang", [] if lang else ["catalog /Lang missing or empty"])
vp = deref(catalog.get("/ViewerPreferences")) or {}
problems = []
if vp.get("/DisplayDocTitle") is not True:
    problems.append("/ViewerPreferences /DisplayDocTitle is not true")
if not xmp.get("dc:title"):
    problems.append("no dc:title to display")
check("doc-title", problems)

# ---- fonts ----
def parse_cmap(data):
    """code -> unicode string, from bfchar and bfrange blocks."""
    s = data.decode("latin-1")
    m = {}
    def hexs(h):
        return bytes.fromhex(h).decode("utf-16-be", errors="replace")
    for blk in re.findall(r"beginbfchar(.*?)endbfchar", s, re.S):
        for a, b in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", blk):
            m[int(a, 16)] = hexs(b)
    for blk in re.findall(r"beginbfrange(.*?)endbfrange", s, re.S):
        for a, b, rest in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", blk):
            lo, hi = int(a, 16), int(b, 16)
            if rest.startswith("["):
                for i, h in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", rest)):
                    m[lo + i] = hexs(h)
            else:
                v = bytearray(bytes.fromhex(rest[1:-1]))
                for c in range(lo, hi + 1):
                    m[c] = bytes(v).decode("utf-16-be", errors="replace")
                    v[-1] = (v[-1] + 1) & 0xFF
    return m

fonts = {}  # ref -> info
embed_problems, tu_problems = [], []
for k, o in objs.items():
    if k == "trailer" or "value" not in o or not isinstance(o["value"], dict):
        continue
    f = o["value"]
    if f.get("/Type") != "/Font" or f.get("/Subtype") in ("/CIDFontType0", "/CIDFontType2"):
        continue
    ref = k[4:]
    name = f.get("/BaseFont", ref)
    entry = {"name": name, "type0": f.get("/Subtype") == "/Type0", "tounicode": None, "cid2gid": None}
    fonts[ref] = entry
    if f.get("/Subtype") == "/Type3":
        continue
    desc_font = deref((deref(f.get("/DescendantFonts")) or [None])[0]) if entry["type0"] else f
    fd = deref((desc_font or {}).get("/FontDescriptor")) or {}
    if not any(x in fd for x in ("/FontFile", "/FontFile2", "/FontFile3")):
        embed_problems.append("%s is not embedded" % name)
    if entry["type0"]:
        c2g = (desc_font or {}).get("/CIDToGIDMap")
        if is_ref(c2g):
            entry["cid2gid"] = stream_of(c2g)[1]
        elif c2g in (None, "/Identity"):
            entry["cid2gid"] = "identity"
    tu = f.get("/ToUnicode")
    d, data = stream_of(tu)
    if data is None:
        tu_problems.append("%s has no ToUnicode CMap" % name)
        continue
    if b"begincidrange" in data or b"begincidchar" in data:
        tu_problems.append("%s: ToUnicode uses cidrange/cidchar" % name)
    for blk in re.findall(rb"(\d+)\s+beginbf(?:char|range)", data):
        if int(blk) > 100:
            tu_problems.append("%s: a ToUnicode block has %s entries (> 100)" % (name, blk.decode()))
    entry["tounicode"] = parse_cmap(data)
if not fonts:
    embed_problems.append("no fonts at all")
check("fonts", embed_problems)
check("tounicode", tu_problems)

# ---- content streams: codes shown per font ----
TOKEN = re.compile(rb"""
    (?P<ws>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dict><<|>>)
  | (?P<lit>\()
  | (?P<arr>[\[\]])
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<op>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)
""", re.X)

def literal(data, i):
    """Parses a literal string starting after '(' at i; returns (bytes, end)."""
    out, depth = bytearray(), 1
    esc = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(data):
        c = data[i]
        if c == 0x5C:
            i += 1
            c = data[i]
            if c in esc:
                out.append(esc[c]); i += 1
            elif 0x30 <= c <= 0x37:
                j = i
                while j < len(data) and j < i + 3 and 0x30 <= data[j] <= 0x37:
                    j += 1
                out.append(int(data[i:j], 8) & 0xFF); i = j
            elif c in (10, 13):
                i += 1
                if c == 13 and i < len(data) and data[i] == 10:
                    i += 1
            else:
                out.append(c); i += 1
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c); i += 1
    return bytes(out), i

def tokens(data):
    i = 0
    while i < len(data):
        m = TOKEN.match(data, i)
        if not m:
            i += 1
            continue
        kind = m.lastgroup
        if kind == "lit":
            s, i = literal(data, m.end())
            yield ("str", s)
            continue
        i = m.end()
        if kind == "ws":
            continue
        v = m.group(kind)
        if kind == "hex":
            h = re.sub(rb"\s", b"", v[1:-1])
            if len(h) % 2:
                h += b"0"
            yield ("str", bytes.fromhex(h.decode()))
        elif kind == "op" and v == b"BI":
            j = data.find(b"EI", i)  # inline image: skip its data
            i = len(data) if j < 0 else j + 2
        else:
            yield (kind, v)

glyph_problems = []
shown = 0
def check_codes(font_ref, s, where):
    global shown
    f = fonts.get(font_ref)
    if f is None:
        glyph_problems.append("%s: text in an unknown font %s" % (where, font_ref))
        return
    codes = [s[i] << 8 | s[i + 1] for i in range(0, len(s) - 1, 2)] if f["type0"] else list(s)
    for c in codes:
        shown += 1
        u = f["tounicode"].get(c) if f["tounicode"] is not None else None
        if u is None:
            glyph_problems.append("%s: %s code %04X has no Unicode mapping" % (where, f["name"], c))
        elif u in ("\x00", "\ufeff", "\ufffe", ""):
            glyph_problems.append("%s: %s code %04X maps to U+%04X" % (where, f["name"], c, ord(u[:1] or "\0")))
        c2g = f["cid2gid"]
        if isinstance(c2g, (bytes, bytearray)):
            gid = c2g[2 * c] << 8 | c2g[2 * c + 1] if 2 * c + 1 < len(c2g) else 0
            if gid == 0:
                glyph_problems.append("%s: %s code %04X (U+%04X) draws .notdef" % (where, f["name"], c, ord((u or "\0")[:1])))

nesting_problems = []
def scan_content(data, resources, where, seen):
    font_map = deref((resources or {}).get("/Font")) or {}
    xobjs = deref((resources or {}).get("/XObject")) or {}
    font = None
    operands = []
    stack = []  # "BT", "MC" (marked content), "q"
    for kind, v in tokens(data):
        if kind != "op":
            operands.append((kind, v))
            continue
        if v in (b"BT", b"BMC", b"BDC", b"q"):
            if v == b"q" and "BT" in stack:
                nesting_problems.append("%s: q inside a text object" % where)
            if v == b"BT" and "BT" in stack:
                nesting_problems.append("%s: BT inside a text object" % where)
            stack.append({b"BT": "BT", b"q": "q"}.get(v, "MC"))
        elif v in (b"ET", b"EMC", b"Q"):
            want = {b"ET": "BT", b"EMC": "MC", b"Q": "q"}[v]
            if not stack or stack[-1] != want:
                nesting_problems.append("%s: %s closes %s" % (where, v.decode(), stack[-1] if stack else "nothing"))
                if want in stack:
                    while stack and stack.pop() != want:
                        pass
            else:
                stack.pop()
        if v == b"Tf" and len(operands) >= 2 and operands[-2][0] == "name":
            font = font_map.get(operands[-2][1].decode("latin-1"))
        elif v in (b"Tj", b"'", b'"'):
            strs = [x for k, x in operands if k == "str"][-1:]
            for s in strs:
                check_codes(font, s, where)
        elif v == b"TJ":
            for k, x in operands:
                if k == "str":
                    check_codes(font, x, where)
        elif v == b"Do" and operands and operands[-1][0] == "name":
            ref = xobjs.get(operands[-1][1].decode("latin-1"))
            d = deref(ref) or {}
            if d.get("/Subtype") == "/Form" and ref not in seen:
                seen.add(ref)
                _, sub = stream_of(ref)
                scan_content(sub or b"", deref(d.get("/Resources")) or resources, where, seen)
        operands = []
    if stack:
        nesting_problems.append("%s: %s left open" % (where, ", ".join(stack)))

for n, page in enumerate(full.get("pages", []), 1):
    pobj = deref(page["object"]) or {}
    res = deref(pobj.get("/Resources"))
    node = pobj
    while res is None and node.get("/Parent"):
        node = deref(node["/Parent"]) or {}
        res = deref(node.get("/Resources"))
    data = b"".join((stream_of(c)[1] or b"") + b"\n" for c in page.get("contents", []))
    scan_content(data, res, "page %d" % n, set())
if shown == 0 and fonts:
    glyph_problems.append("no text found in the content streams")
check("glyphs", glyph_problems)
check("content-nesting", nesting_problems)

# ---- annotations ----
problems = []
FORBIDDEN_ANNOTS = {"/Sound", "/Movie", "/Screen", "/3D", "/RichMedia", "/FileAttachment"}
for n, page in enumerate(full.get("pages", []), 1):
    pobj = deref(page["object"]) or {}
    for a in deref(pobj.get("/Annots")) or []:
        ad = deref(a) or {}
        sub = ad.get("/Subtype")
        flags = ad.get("/F")
        if sub in FORBIDDEN_ANNOTS:
            problems.append("page %d: %s annotation" % (n, sub))
        if sub == "/Popup":
            continue
        if not isinstance(flags, int):
            problems.append("page %d: %s annotation without /F" % (n, sub))
            continue
        if not flags & 4:
            problems.append("page %d: %s annotation without the print flag" % (n, sub))
        if flags & (1 | 2 | 32):
            problems.append("page %d: %s annotation hidden, invisible or noview (/F %d)" % (n, sub, flags))
check("annotations", problems)

# ---- actions, external content, images ----
act_problems, ext_problems, img_problems = [], [], []
BAD_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript",
               "/Hide", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}
def walk(v, where):
    if isinstance(v, dict):
        for k in v:
            if k in ("/JS", "/JavaScript"):
                act_problems.append("%s: %s entry" % (where, k))
            if k == "/AA":
                act_problems.append("%s: additional actions (/AA)" % where)
            if k in ("/OPI", "/PS"):
                ext_problems.append("%s: %s entry" % (where, k))
        if v.get("/S") in BAD_ACTIONS:
            act_problems.append("%s: %s action" % (where, v["/S"]))
        for x in v.values():
            walk(x, where)
    elif isinstance(v, list):
        for x in v:
            walk(x, where)
for k, o in objs.items():
    if k == "trailer":
        continue
    if "value" in o:
        walk(o["value"], k[4:])
        continue
    d = objs_raw[k]["stream"]["dict"]
    walk(d, k[4:])
    for f in ("/F", "/FFilter", "/FDecodeParms"):
        if f in d:
            ext_problems.append("%s: external stream (%s)" % (k[4:], f))
    filt = d.get("/Filter")
    filt = filt if isinstance(filt, list) else [filt]
    if "/LZWDecode" in filt:
        ext_problems.append("%s: LZWDecode" % k[4:])
    if d.get("/Subtype") == "/PS" or (d.get("/Subtype") == "/Form" and "/Ref" in d):
        ext_problems.append("%s: PostScript or reference XObject" % k[4:])
    if d.get("/Subtype") == "/Image":
        if d.get("/Interpolate") is True:
            img_problems.append("%s: /Interpolate true" % k[4:])
        if "/Alternates" in d:
            img_problems.append("%s: /Alternates" % k[4:])
        if d.get("/ColorSpace") == "/DeviceCMYK" and intent_n != 4:
            img_problems.append("%s: DeviceCMYK image without a CMYK output intent" % k[4:])
check("actions", act_problems)
check("external", ext_problems)
check("images", img_problems)

sys.exit(1 if failed else 0)
PYEOF
