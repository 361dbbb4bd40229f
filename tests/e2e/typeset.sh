#!/bin/sh
# End-to-end: the typesetting of the example report, read back from the PDF
# with poppler-utils and qpdf, and from the layout dump.
# Env: BIN (the imagreport binary). Prints "ok NAME" or "FAIL NAME: why" per check;
# a missing tool is a counted skip.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need pdftotext pdfinfo pdffonts qpdf python3
EX=reports/zwischenbericht-2025
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! "$BIN" build "$EX" -o "$T/r.pdf" --layout "$T/r.json" >"$T/out" 2>"$T/err"; then
  echo "FAIL typeset-build: $(head -c 300 "$T/err")"
  exit 0
fi
echo "ok typeset-build"

# Every font embedded.
pdffonts "$T/r.pdf" >"$T/fonts" 2>&1
n_fonts=$(tail -n +3 "$T/fonts" | wc -l)
not_emb=$(tail -n +3 "$T/fonts" | awk '{ if ($(NF-4) != "yes") print $1 }')
if [ "$n_fonts" -gt 0 ] && [ -z "$not_emb" ]; then
  echo "ok fonts-embedded"
else
  echo "FAIL fonts-embedded: $n_fonts fonts, not embedded: $not_emb"
fi

pages=$(pdfinfo "$T/r.pdf" | sed -n 's/^Pages: *//p')
i=1
while [ "$i" -le "$pages" ]; do
  pdftotext -layout -f "$i" -l "$i" "$T/r.pdf" "$T/page-$i.txt"
  i=$((i + 1))
done
pdftotext -bbox-layout "$T/r.pdf" "$T/bbox.html"
qpdf --json --json-key=outlines "$T/r.pdf" >"$T/outlines.json" 2>"$T/qpdf.err"

python3 - "$T" "$pages" <<'EOF'
import json, re, sys, html

T, n_pages = sys.argv[1], int(sys.argv[2])
dump = json.load(open(f"{T}/r.json"))
text = [None] + [open(f"{T}/page-{i}.txt", encoding="utf-8").read() for i in range(1, n_pages + 1)]
outl = json.load(open(f"{T}/outlines.json"))["outlines"]

def ok(name):
    print(f"ok {name}")

def fail(name, why):
    print(f"FAIL {name}: {why}")

def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u00ad", "")).strip()

pages = dump["pages"]
if len(pages) != n_pages:
    fail("dump-pages", f"{len(pages)} pages in the dump, {n_pages} in the PDF")
else:
    ok("dump-pages")

# Where every heading is (first part), from the dump.
heading_page = {}
for p in pages:
    for e in p["elements"]:
        if e["kind"] == "heading" and e["part"] == 0 and e["id"] not in heading_page:
            heading_page[e["id"]] = p["number"]

# --- contents: every printed page number is the page the heading is on ---
toc = []
for p in pages:
    for e in p["elements"]:
        if e["kind"] == "toc-entry" and e["part"] == 0:
            # its text is "number title page": the page number left out
            toc.append((e["id"], re.sub(r"\s+\S+$", "", e["text"]), p["number"]))
toc_pages = sorted({t[2] for t in toc})
printed = []
for pn in toc_pages:
    for line in text[pn].splitlines():
        m = re.search(r"\.(?: ?\.){2,}\s*(\d+)\s*$", line)
        if m:
            printed.append(int(m.group(1)))
bad = []
if not toc:
    bad.append("no contents entries in the layout dump")
elif len(printed) != len(toc):
    bad.append(f"{len(toc)} entries but {len(printed)} page numbers printed")
else:
    for (hid, title, _), num in zip(toc, printed):
        if heading_page.get(hid) != num:
            bad.append(f"{title!r}: contents says {num}, heading is on {heading_page.get(hid)}")
            continue
        # Independently of the dump: the title's first words are on that page.
        words = norm(title).split(" ")[:4]
        if " ".join(words) not in norm(text[num]):
            bad.append(f"{title!r} not found on page {num}")
if bad:
    fail("toc-pages", "; ".join(bad[:5]))
else:
    ok("toc-pages")

# --- chapters start on a new page: a level-1 outline entry's heading is the
# first thing on its page (below the running header) ---
bad = []
for o in outl:
    pn = o.get("destpageposfrom1")
    title = norm(o["title"])
    body = [norm(l) for l in text[pn].splitlines() if l.strip()] if pn else []
    # Skip the running header line (it holds the document title).
    if body and dump and body[0].startswith(norm(pages[0]["elements"][0]["text"])[:20]):
        body = body[1:]
    if not body or not body[0].startswith(title[:30]):
        bad.append(f"{title!r} on page {pn} starts with {body[0][:40] if body else ''!r}")
    # and the page before ends the previous part (its heading is not on it)
    if pn and pn > 1 and title[:30] in norm(text[pn - 1]):
        bad.append(f"{title!r} also on page {pn - 1}")
if not outl:
    bad.append("no outline")
if bad:
    fail("chapters-new-page", "; ".join(bad[:5]))
else:
    ok("chapters-new-page")

# --- outline mirrors the headings: same titles, order, levels and pages ---
flat = []
def walk(items, level):
    for it in items:
        flat.append((level, norm(it["title"]), it.get("destpageposfrom1")))
        walk(it.get("kids", []), level + 1)
walk(outl, 1)
bad = []
if len(flat) != len(toc):
    bad.append(f"{len(flat)} outline items, {len(toc)} contents entries")
for (level, title, pn), (hid, etitle, _) in zip(flat, toc):
    if norm(etitle)[:40] not in title:
        bad.append(f"outline {title!r} vs heading {etitle!r}")
    elif pn != heading_page.get(hid):
        bad.append(f"outline {title!r} points to page {pn}, heading on {heading_page.get(hid)}")
levels_ok = all(flat[i][0] <= flat[i - 1][0] + 1 for i in range(1, len(flat)))
if not levels_ok:
    bad.append("outline levels skip a level")
if bad:
    fail("outline", "; ".join(bad[:5]))
else:
    ok("outline")

# --- footer "Seite X von Y" on every page but the cover and the imprint ---
bad = []
for i in range(1, n_pages + 1):
    kinds = {e["kind"] for e in pages[i - 1]["elements"]}
    want = f"Seite {i} von {n_pages}"
    has = want in norm(text[i])
    if kinds & {"cover", "imprint"}:
        if re.search(r"Seite \d+ von", text[i]):
            bad.append(f"page {i} (cover/imprint) has a footer")
    elif not has:
        bad.append(f"page {i} lacks {want!r}")
if bad:
    fail("footer", "; ".join(bad[:5]))
else:
    ok("footer")

# --- no line exceeds its column ---
# From the dump: text elements lie between the margins.
W = pages[0]["width"]
left, right = 71.0, W - 71.0
bad = []
for p in pages:
    for e in p["elements"]:
        if e["kind"] in ("cover", "imprint"):
            continue
        if e["x"] < left - 0.05 or e["x"] + e["w"] > right + 0.05:
            bad.append(f"page {p['number']}: {e['kind']} {e['id']} spans {e['x']:.2f}..{e['x'] + e['w']:.2f}")
if bad:
    fail("lines-in-column-dump", "; ".join(bad[:5]))
else:
    ok("lines-in-column-dump")
# From the PDF: every word box inside the margins (1 pt for glyph overhang).
bad = []
page_no = 0
for line in open(f"{T}/bbox.html", encoding="utf-8"):
    if "<page " in line:
        page_no += 1
    m = re.search(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>', line)
    if not m or page_no <= 1:
        continue
    x0, x1 = float(m.group(1)), float(m.group(2))
    if x0 < left - 1 or x1 > right + 1:
        bad.append(f"page {page_no}: {html.unescape(m.group(3))!r} at {x0:.1f}..{x1:.1f}")
if page_no != n_pages:
    bad.append(f"{page_no} pages in the bbox output")
if bad:
    fail("lines-in-column-pdf", "; ".join(bad[:5]))
else:
    ok("lines-in-column-pdf")

# --- no widows or orphans: a paragraph split across pages keeps at least two
# lines on each side ---
def lines_of(e):
    if "lines" in e:
        return e["lines"]
    return round(e["h"] / 14.5)  # the body leading of the default template
bad = []
splits = 0
for i, p in enumerate(pages[:-1]):
    nxt = {(e["kind"], e["id"]): e for e in pages[i + 1]["elements"] if e["part"] > 0}
    for e in p["elements"]:
        if e["kind"] != "paragraph" or (e["kind"], e["id"]) not in nxt:
            continue
        splits += 1
        a, b = lines_of(e), lines_of(nxt[(e["kind"], e["id"])])
        if a < 2 or b < 2:
            bad.append(f"{e['id']}: {a} line(s) on page {p['number']}, {b} on page {p['number'] + 1}")
if bad:
    fail("no-widows-orphans", "; ".join(bad[:5]))
else:
    ok("no-widows-orphans")
EOF
[ $? -eq 0 ] || exit 1 # the checks above stopped with an error
finish
