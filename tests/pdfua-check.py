#!/usr/bin/python3
"""tests/pdfua-check.py FILE.pdf — the machine-checkable conditions of PDF/UA-1
(ISO 14289-1, as listed by the Matterhorn Protocol 1.1) and of PDF/A-2 level a
that a tagged imagreport PDF must meet. Complements tests/pdfa-check.sh (the
PDF/A-2 file-format clauses); run both. Not a full validator (veraPDF is).

Checks ("ok NAME" or "FAIL NAME: why" per check; exit 1 on any failure):
  marked        catalog /MarkInfo /Marked true, no /Suspects true     (06-002, 06-003)
  metadata      XMP pdfuaid:part 1 declared in a PDF/A extension schema (pdfaSchema
                with namespaceURI, prefix pdfuaid and the property part), pdfaid:part 2
                and pdfaid:conformance A, dc:title                   (06-001, 06-004, 07-001)
  lang          catalog /Lang, a well-formed language tag            (11-006)
  doc-title     /ViewerPreferences /DisplayDocTitle true             (07-002)
  struct-root   /StructTreeRoot with /K, /ParentTree, /ParentTreeNextKey
  types         every /S a standard structure type of ISO 32000-1, or role-mapped to
                one; no standard type remapped                       (02-001..02-004)
  nesting       Document at the root; L > LI|L|Caption; LI > Lbl|LBody; Table >
                TR|THead|TBody|TFoot|Caption; THead/TBody/TFoot > TR; TR > TH|TD;
                TH/TD in a TR; Lbl/LBody in an LI; TOC > TOCI|TOC; TOCI in a TOC;
                Caption first or last in a Table or Figure; /P the real parent (09-00x)
  headings      H1..H6 only (no H), the first heading H1, no level skipped going
                down                                                 (14-002, 14-003, 14-006)
  table-scope   every TH has /A /Scope Row|Column|Both               (15-003)
  figure-alt    every Figure has a non-empty /Alt or /ActualText     (13-004)
  notes         every Note has an /ID, unique in the file            (19-003, 19-004)
  content       every painting operator (text, paths, images, shadings) inside marked
                content that is an /Artifact or has an MCID; no MCID inside an
                artifact or another MCID; BT/ET and BDC/EMC balanced (01-001..01-004)
  mcid          every MCID on a page belongs, through the page's /StructParents
                entry of the /ParentTree, to an element that holds it as a kid (same
                page), and every MCID kid of an element exists in that page's content;
                the BDC tag is the element's type                    (01-005, 06-…)
  links         every Link annotation has /StructParent, whose /ParentTree entry is a
                Link element that holds the annotation as an OBJR, and a non-empty
                /Contents; pages with annotations have /Tabs /S       (28-002, 28-011, 28-009)
  annotations   no annotation other than Link, Widget, Popup outside the structure
"""
import re
import sys
import xml.etree.ElementTree as ET

import pikepdf
from pikepdf import Name, Array, Dictionary

path = sys.argv[1]
failed = False


def report(name, problems):
    global failed
    if problems:
        failed = True
        more = " (and %d more)" % (len(problems) - 3) if len(problems) > 3 else ""
        print("FAIL %s: %s%s" % (name, "; ".join(problems[:3]), more))
    else:
        print("ok " + name)


STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split())

pdf = pikepdf.open(path)
cat = pdf.Root

# ---- document level ----------------------------------------------------------
mi = cat.get("/MarkInfo")
problems = []
if not isinstance(mi, Dictionary) or mi.get("/Marked") is not True:
    problems.append("/MarkInfo /Marked is not true")
if isinstance(mi, Dictionary) and mi.get("/Suspects") is True:
    problems.append("/MarkInfo /Suspects is true")
report("marked", problems)

problems = []
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
      "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
      "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
      "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
      "dc": "http://purl.org/dc/elements/1.1/"}
meta = cat.get("/Metadata")
if meta is None:
    problems.append("no /Metadata")
else:
    try:
        xml = ET.fromstring(meta.read_bytes())
    except ET.ParseError as e:
        xml = None
        problems.append("XMP is not well-formed: %s" % e)
    if xml is not None:
        def prop(ns, name):
            for d in xml.iter("{%s}Description" % NS["rdf"]):
                v = d.get("{%s}%s" % (NS[ns], name))
                if v is not None:
                    return v
                e = d.find("{%s}%s" % (NS[ns], name))
                if e is not None:
                    return (e.text or "").strip()
            return None
        if prop("pdfuaid", "part") != "1":
            problems.append("pdfuaid:part is %r, not 1" % prop("pdfuaid", "part"))
        if prop("pdfaid", "part") != "2":
            problems.append("pdfaid:part is %r, not 2" % prop("pdfaid", "part"))
        if prop("pdfaid", "conformance") != "A":
            problems.append("pdfaid:conformance is %r, not A" % prop("pdfaid", "conformance"))
        declared = False
        for s in xml.iter("{%s}schema" % NS["pdfaSchema"]):
            pass
        for li in xml.iter("{%s}li" % NS["rdf"]):
            uri = li.find("{%s}namespaceURI" % NS["pdfaSchema"])
            pre = li.find("{%s}prefix" % NS["pdfaSchema"])
            if uri is not None and (uri.text or "").strip() == NS["pdfuaid"] and \
                    pre is not None and (pre.text or "").strip() == "pdfuaid":
                names = [(n.text or "").strip() for n in li.iter("{%s}name" % NS["pdfaProperty"])]
                declared = "part" in names
        if not declared:
            problems.append("pdfuaid is not declared in a PDF/A extension schema with the property part")
        title = xml.find(".//{%s}title//{%s}li" % (NS["dc"], NS["rdf"]))
        if title is None or not (title.text or "").strip():
            problems.append("no dc:title")
report("metadata", problems)

lang = str(cat.get("/Lang", ""))
report("lang", [] if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", lang)
       else ["catalog /Lang is %r" % lang])
vp = cat.get("/ViewerPreferences")
report("doc-title", [] if isinstance(vp, Dictionary) and vp.get("/DisplayDocTitle") is True
       else ["/ViewerPreferences /DisplayDocTitle is not true"])

# ---- the structure tree -------------------------------------------------------
str_root = cat.get("/StructTreeRoot")
problems = []
if not isinstance(str_root, Dictionary):
    report("struct-root", ["no /StructTreeRoot"])
    for n in ("types", "nesting", "headings", "table-scope", "figure-alt", "notes", "mcid", "links"):
        report(n, ["no structure tree"])
    str_root = None
else:
    for k in ("/K", "/ParentTree", "/ParentTreeNextKey"):
        if k not in str_root:
            problems.append("/StructTreeRoot has no %s" % k)
    report("struct-root", problems)

page_index = {}
for i, p in enumerate(pdf.pages):
    page_index[p.obj.objgen] = i


def objkey(o):
    return o.objgen if o.is_indirect else id(o)


elements = []          # (elem, parent) in document (pre-)order
mcid_kids = {}         # (page, mcid) -> element objgen
objr_kids = {}         # annotation objgen -> element objgen
kid_problems = []
role_map = {}
if str_root is not None:
    rm = str_root.get("/RoleMap")
    if isinstance(rm, Dictionary):
        role_map = {str(k)[1:]: str(v)[1:] for k, v in rm.items()}

    def kids_of(e):
        k = e.get("/K")
        if k is None:
            return []
        return list(k) if isinstance(k, Array) else [k]

    def walk(e, parent, depth):
        if depth > 200:
            kid_problems.append("structure deeper than 200")
            return
        elements.append((e, parent))
        pg = e.get("/Pg")
        for k in kids_of(e):
            if isinstance(k, int):
                if pg is None:
                    kid_problems.append("an MCID kid of %s without /Pg" % e.get("/S"))
                else:
                    mcid_kids[(page_index.get(pg.objgen), int(k))] = objkey(e)
            elif isinstance(k, Dictionary):
                t = k.get("/Type")
                if t == Name.MCR:
                    p = k.get("/Pg", pg)
                    if p is None:
                        kid_problems.append("an MCR without /Pg")
                    else:
                        mcid_kids[(page_index.get(p.objgen), int(k.MCID))] = objkey(e)
                elif t == Name.OBJR:
                    objr_kids[k.Obj.objgen] = objkey(e)
                else:
                    if k.get("/P") is None or objkey(k.P) != objkey(e):
                        kid_problems.append("%s: /P of a kid is not its parent" % k.get("/S"))
                    walk(k, e, depth + 1)

    top = kids_of(str_root)
    for k in top:
        walk(k, None, 0)

    def stype(e):
        s = str(e.get("/S", ""))[1:]
        seen = 0
        while s in role_map and s not in STANDARD and seen < 10:
            s = role_map[s]
            seen += 1
        return s

    # types
    problems = []
    for k, v in role_map.items():
        if k in STANDARD:
            problems.append("standard type %s is remapped to %s" % (k, v))
    for e, _ in elements:
        if stype(e) not in STANDARD:
            problems.append("type %s is not a standard structure type" % e.get("/S"))
    report("types", sorted(set(problems)))

    # nesting
    problems = list(kid_problems)
    if len(top) != 1 or stype(top[0]) != "Document":
        problems.append("the root is not one Document element")
    allowed = {"L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"},
               "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
               "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"}, "TR": {"TH", "TD"},
               "TOC": {"TOCI", "TOC", "Caption"}}
    must_parent = {"TH": {"TR"}, "TD": {"TR"}, "TR": {"Table", "THead", "TBody", "TFoot"},
                   "Lbl": {"LI"}, "LBody": {"LI"}, "LI": {"L"}, "TOCI": {"TOC"},
                   "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"}}
    for e, parent in elements:
        t = stype(e)
        pt = stype(parent) if parent is not None else None
        if t in must_parent and pt not in must_parent[t]:
            problems.append("%s inside %s" % (t, pt))
        if t in allowed:
            for k in kids_of(e):
                if isinstance(k, Dictionary) and k.get("/Type") not in (Name.MCR, Name.OBJR):
                    if stype(k) not in allowed[t]:
                        problems.append("%s inside %s" % (stype(k), t))
        if t in ("Table", "Figure"):
            ks = [k for k in kids_of(e) if isinstance(k, Dictionary) and k.get("/Type") not in (Name.MCR, Name.OBJR)]
            for i, k in enumerate(ks):
                if stype(k) == "Caption" and 0 < i < len(ks) - 1:
                    problems.append("Caption in the middle of a %s" % t)
        if t == "Caption" and pt not in ("Table", "Figure", "L", "TOC", "Document", "Sect", "Part", "Art", "Div"):
            problems.append("Caption inside %s" % pt)
    report("nesting", sorted(set(problems)))

    # headings
    problems = []
    levels = [stype(e) for e, _ in elements if re.fullmatch(r"H[1-6]?", stype(e))]
    if "H" in levels and any(l != "H" for l in levels):
        problems.append("both H and H1..H6 are used")
    numbered = [int(l[1]) for l in levels if l != "H"]
    if numbered and numbered[0] != 1:
        problems.append("the first heading is H%d, not H1" % numbered[0])
    for a, b in zip(numbered, numbered[1:]):
        if b > a + 1:
            problems.append("H%d follows H%d (a level skipped)" % (b, a))
    report("headings", sorted(set(problems)))

    # table header scope
    problems = []
    for e, _ in elements:
        if stype(e) != "TH":
            continue
        attrs = e.get("/A")
        alist = list(attrs) if isinstance(attrs, Array) else [attrs] if attrs is not None else []
        scope = None
        for a in alist:
            if isinstance(a, Dictionary) and a.get("/O") == Name.Table and "/Scope" in a:
                scope = str(a.Scope)
        if scope not in ("/Row", "/Column", "/Both"):
            problems.append("a TH without /Scope")
    report("table-scope", sorted(set(problems)))

    # figures
    problems = []
    for e, _ in elements:
        if stype(e) == "Figure":
            alt = str(e.get("/Alt", "")) or str(e.get("/ActualText", ""))
            if not alt.strip():
                problems.append("a Figure without /Alt")
    report("figure-alt", problems)

    # notes
    problems = []
    ids = {}
    for e, _ in elements:
        if stype(e) == "Note":
            i = e.get("/ID")
            if i is None or not bytes(i):
                problems.append("a Note without /ID")
            elif bytes(i) in ids:
                problems.append("two Notes with the /ID %r" % bytes(i))
            else:
                ids[bytes(i)] = True
    report("notes", problems)

# ---- content: marked content and painting operators ---------------------------
PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "BI", "EI", "INLINE IMAGE"}
content_problems = []
mcid_seen = {}     # (page, mcid) -> BDC tag
for pi, page in enumerate(pdf.pages):
    stack = []      # "artifact", "mcid", "other"
    in_text = 0
    try:
        ops = pikepdf.parse_content_stream(page)
    except Exception as e:  # noqa: BLE001 - report any parse failure
        content_problems.append("page %d: cannot parse the content: %s" % (pi + 1, e))
        continue
    for operands, op in ops:
        op = str(op)
        if op in ("BMC", "BDC"):
            tag = str(operands[0])[1:]
            kind = "other"
            if tag == "Artifact":
                kind = "artifact"
            elif op == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
                kind = "mcid"
                mcid = int(operands[1].MCID)
                if (pi, mcid) in mcid_seen:
                    content_problems.append("page %d: MCID %d used twice" % (pi + 1, mcid))
                mcid_seen[(pi, mcid)] = tag
            if kind in ("mcid", "artifact") and any(k in ("mcid", "artifact") for k in stack):
                content_problems.append("page %d: %s nested in tagged content or an artifact" % (pi + 1, kind))
            stack.append(kind)
        elif op == "EMC":
            if not stack:
                content_problems.append("page %d: EMC without BMC/BDC" % (pi + 1))
            else:
                stack.pop()
        elif op == "BT":
            in_text += 1
        elif op == "ET":
            in_text -= 1
        elif op in PAINT:
            if not any(k in ("mcid", "artifact") for k in stack):
                content_problems.append("page %d: %s outside tagged content and artifacts" % (pi + 1, op))
    if stack:
        content_problems.append("page %d: marked content not closed" % (pi + 1))
    if in_text:
        content_problems.append("page %d: BT/ET unbalanced" % (pi + 1))
report("content", content_problems)

# ---- MCIDs against the parent tree --------------------------------------------
if str_root is not None:
    def number_tree(node, out, depth=0):
        if depth > 50 or not isinstance(node, Dictionary):
            return
        nums = node.get("/Nums")
        if isinstance(nums, Array):
            for i in range(0, len(nums) - 1, 2):
                out[int(nums[i])] = nums[i + 1]
        for k in node.get("/Kids", []):
            number_tree(k, out, depth + 1)
    ptree = {}
    number_tree(str_root.get("/ParentTree"), ptree)
    problems = []
    types = {objkey(e): stype(e) for e, _ in elements}
    for pi, page in enumerate(pdf.pages):
        sp = page.obj.get("/StructParents")
        used = [m for (p, m) in mcid_seen if p == pi]
        if used and sp is None:
            problems.append("page %d has marked content but no /StructParents" % (pi + 1))
            continue
        arr = ptree.get(int(sp)) if sp is not None else None
        for m in used:
            owner = mcid_kids.get((pi, m))
            if owner is None:
                problems.append("page %d: MCID %d belongs to no element" % (pi + 1, m))
                continue
            if not isinstance(arr, Array) or m >= len(arr) or objkey(arr[m]) != owner:
                problems.append("page %d: MCID %d: the parent tree names another element" % (pi + 1, m))
            if mcid_seen[(pi, m)] != types.get(owner):
                problems.append("page %d: MCID %d tagged /%s in an element %s" % (pi + 1, m, mcid_seen[(pi, m)], types.get(owner)))
    for (p, m) in mcid_kids:
        if (p, m) not in mcid_seen:
            problems.append("an element refers to MCID %d on page %s, which is not there" % (m, p if p is None else p + 1))
    report("mcid", problems)

    # ---- links and other annotations ----
    problems = []
    other = []
    for pi, page in enumerate(pdf.pages):
        annots = page.obj.get("/Annots", [])
        if len(annots) and page.obj.get("/Tabs") != Name.S:
            problems.append("page %d has annotations but no /Tabs /S" % (pi + 1))
        for a in annots:
            st = a.get("/Subtype")
            if st == Name.Link:
                sp = a.get("/StructParent")
                if sp is None:
                    problems.append("page %d: a link without /StructParent" % (pi + 1))
                    continue
                el = ptree.get(int(sp))
                if el is None or types.get(objkey(el)) != "Link":
                    problems.append("page %d: a link whose parent-tree entry is not a Link element" % (pi + 1))
                elif objr_kids.get(a.objgen) != objkey(el):
                    problems.append("page %d: a link not held as an OBJR by its Link element" % (pi + 1))
                if not str(a.get("/Contents", "")).strip():
                    problems.append("page %d: a link without /Contents" % (pi + 1))
            elif st not in (Name.Widget, Name.Popup):
                other.append("page %d: a %s annotation" % (pi + 1, st))
    report("links", problems)
    report("annotations", other)

sys.exit(1 if failed else 0)
