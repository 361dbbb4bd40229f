#!/bin/sh
# tests/e2e/accessible.sh — tagged PDF: PDF/UA-1 and PDF/A-2a (env BIN = the binary).
#
# Builds the example report, the English test report, a generated report
# of 60 measures (tables over several pages: repeated header rows) and an
# edge-case report written here (a draft with watermark and logo, headings
# that skip levels, nested lists, quotes, code, a picture with alt text, a
# Markdown table with links, empty cells, a measure reference, long link
# text over two lines, a footnote, a CMYK JPEG, a grey JPEG, a palette PNG and
# a 16-bit PNG with alpha) and checks each with tests/pdfua-check.py (Matterhorn
# machine-checkable conditions, PDF/A-2 level a) and tests/pdfa-check.sh;
# `pdfinfo` must say "Tagged: yes", and `pdfinfo -struct-text` must read
# the example in document order (cover title, contents, chapters, a measure
# with its facts table, the status chart's alt text). The checker itself is
# shown to fail on damaged copies (alt text removed, a heading level
# skipped, a painting operator outside marked content, a link taken out of
# the structure, no PDF/UA identification). One line per check.
set -u
: "${BIN:?BIN must name the imagreport binary}"
. "$(dirname "$0")/../tools/e2e-lib.sh"
need pdfinfo qpdf /usr/bin/python3
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
if ! $PY -c 'import pikepdf, PIL' 2>/dev/null; then
  echo "skip all checks: needs python3-pikepdf and python3-pil (make deps installs them)"
  finish
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

# check NAME PDF: both checkers and pdfinfo's Tagged line
check() {
  name=$1 pdf=$2
  if out=$($PY "$ROOT/tests/pdfua-check.py" "$pdf" 2>&1); then
    ok "$name-pdfua"
  else
    fail "$name-pdfua" "$(printf '%s\n' "$out" | grep -v '^ok ' | head -n 3 | tr '\n' ' ')"
  fi
  if out=$(sh "$ROOT/tests/pdfa-check.sh" "$pdf" 2>&1); then
    ok "$name-pdfa"
  else
    fail "$name-pdfa" "$(printf '%s\n' "$out" | grep -v '^ok ' | head -n 3 | tr '\n' ' ')"
  fi
  if pdfinfo "$pdf" 2>/dev/null | grep -q '^Tagged: *yes$'; then
    ok "$name-tagged"
  else
    fail "$name-tagged" "pdfinfo does not say Tagged: yes"
  fi
}

# build NAME DIR: builds DIR into $tmp/NAME.pdf and checks it
build() {
  if "$BIN" build "$2" -o "$tmp/$1.pdf" >"$tmp/$1.log" 2>&1; then
    check "$1" "$tmp/$1.pdf"
  else
    fail "$1-build" "$(head -n 2 "$tmp/$1.log" | tr '\n' ' ')"
  fi
}

build example "$ROOT/reports/zwischenbericht-2025"
build english "$ROOT/tests/reports/english"

# ---- generated: many measures, long tables ------------------------------------
GEN=${BUILD:-$(dirname "$BIN")}/tests/gen-measures
if [ -x "$GEN" ]; then
  "$GEN" 60 "$tmp/m60" >/dev/null 2>&1 && build measures-60 "$tmp/m60"
  # repeated header rows are pagination artifacts: the header is in the tree once
  if [ -f "$tmp/measures-60.pdf" ]; then
    n=$($PY - "$tmp/measures-60.pdf" <<'PY'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
rep = sum(str(ops[0]) == "/Artifact" and len(ops) > 1 and isinstance(ops[1], pikepdf.Dictionary)
          and ops[1].get("/Type") == "/Pagination" and "/Subtype" not in ops[1]
          for pg in p.pages for ops, op in pikepdf.parse_content_stream(pg) if str(op) == "BDC")
print(rep)
PY
)
    if [ "${n:-0}" -gt 0 ]; then ok repeated-header-artifact; else fail repeated-header-artifact "no repeated header row marked as pagination artifact"; fi
  fi
else
  echo "skip measures-60: $GEN is missing (make tests builds it)"
fi

# ---- edge cases ---------------------------------------------------------------
E=$tmp/edge
mkdir -p "$E/chapters" "$E/images"
cp "$ROOT/tests/reports/english/measures.yaml" "$E/"
cp "$ROOT/reports/zwischenbericht-2025/images/logo.png" "$E/images/logo.png"
cp "$ROOT/reports/zwischenbericht-2025/images/struktur.png" "$E/images/chart.png"
# pictures of every kind a report may hold: CMYK and grey JPEG, 16-bit PNG with
# alpha, palette PNG (PDF/A-2a: converted, no DeviceCMYK under the sRGB intent)
$PY - "$E/images" <<'PY'
import struct, sys, zlib
from PIL import Image
d = sys.argv[1]
Image.new("CMYK", (40, 30), (10, 200, 30, 40)).save(d + "/cmyk.jpg", "JPEG")
Image.new("L", (40, 30), 120).save(d + "/grey.jpg", "JPEG")
Image.new("RGB", (40, 30), (200, 30, 30)).convert("P", palette=Image.ADAPTIVE).save(d + "/palette.png")
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
w, h = 40, 30
rows = b"".join(b"\0" + b"".join(struct.pack(">HHHH", 60000, x * 1500, 30000, 40000 + x * 500)
                                   for x in range(w)) for y in range(h))
with open(d + "/rgba16.png", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
sed -e 's|^version: "1.0"|version: "1.0"\nlogo: images/logo.png\ndraft: true|' \
    -e 's|  - chapters/01-introduction.md|  - chapters/01-edge.md|' \
    "$ROOT/tests/reports/english/report.yaml" >"$E/report.yaml"
cat >"$E/chapters/01-edge.md" <<'MD'
# Edge cases

Some text with a [link whose text is long enough to run over the end of the line and onto the next one of the paragraph](https://example.org/a/long/path) and a reference to [](measure:1.1).

### A heading two levels down

1. First item
   - nested item with **bold** text
   - another nested item
2. Second item

> A quotation with a list:
>
> - quoted item

```
code block line one
    indented line two
```

![A chart of the structure](../images/chart.png)

![A CMYK photograph](../images/cmyk.jpg)

![A grey photograph](../images/grey.jpg)

![A picture with a palette](../images/palette.png)

![A picture with 16-bit colour and transparency](../images/rgba16.png)

| Name | Value | Note |
|------|------:|------|
| one  | 1     |      |
| two  | 2     | see [](measure:1.2) |

---

Closing paragraph with a footnote.[^note]

[^note]: The footnote's text, with a [link](https://example.org).
MD
build edge "$E"
if [ -f "$tmp/edge.pdf" ]; then
  alts=$($PY - "$tmp/edge.pdf" <<'PY'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
out = []
def walk(e):
    if e.get("/S") == "/Figure":
        out.append(str(e.get("/Alt", "")))
    k = e.get("/K")
    for c in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
        if isinstance(c, pikepdf.Dictionary) and "/S" in c:
            walk(c)
walk(p.Root.StructTreeRoot.K)
print("|".join(out))
PY
)
  case "$alts" in
    *"Interministerial Working Group on Prevention"*"A chart of the structure"*"A CMYK photograph"*"16-bit colour"*) ok edge-alt-texts ;;
    *) fail edge-alt-texts "figure alt texts: $alts" ;;
  esac
fi

# ---- reading order of the example ---------------------------------------------
if [ -f "$tmp/example.pdf" ]; then
  pdfinfo -struct-text "$tmp/example.pdf" >"$tmp/struct.txt" 2>&1
  # the first lines of each kind, in the order they appear
  order=$(grep -n -m 1 -e '^  H1' "$tmp/struct.txt" | cut -d: -f1)
  toc=$(grep -n -m 1 -e '^  TOC$' "$tmp/struct.txt" | cut -d: -f1)
  sect=$(grep -n -m 1 -e '^  Sect$' "$tmp/struct.txt" | cut -d: -f1)
  if [ -n "$order" ] && [ -n "$toc" ] && [ -n "$sect" ] && [ "$order" -lt "$toc" ] && [ "$toc" -lt "$sect" ]; then
    ok struct-order
  else
    fail struct-order "cover title ($order), contents ($toc), chapters ($sect) not in this order"
  fi
  if grep -q 'Ganzheitliches Handlungskonzept zur Prävention' "$tmp/struct.txt" &&
     grep -q '^ *TH' "$tmp/struct.txt" && grep -q '^ *Reference' "$tmp/struct.txt" &&
     grep -q '^ *Caption' "$tmp/struct.txt" && grep -q '^ *LBody' "$tmp/struct.txt"; then
    ok struct-text
  else
    fail struct-text "title (words with spaces), TH, Reference, Caption or LBody missing in pdfinfo -struct-text"
  fi
  chart=$($PY - "$tmp/example.pdf" <<'PY'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
def walk(e):
    if e.get("/S") == "/Figure" and "Handlungsfeld" in str(e.get("/Alt", "")):
        print(str(e.Alt)); raise SystemExit
    k = e.get("/K")
    for c in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
        if isinstance(c, pikepdf.Dictionary) and "/S" in c:
            walk(c)
walk(p.Root.StructTreeRoot.K)
PY
)
  case "$chart" in
    *"Handlungsfeld"*" geplant"*|*"Handlungsfeld"*" in Umsetzung"*) ok chart-alt ;;
    *) fail chart-alt "no bar chart alt text from the data: $chart" ;;
  esac
fi

# ---- the checker fails on damaged copies --------------------------------------
# damage NAME RULE PYTHON: applies PYTHON (p = the pikepdf document) to a copy
# of the example; the checker must then report RULE as failed
damage() {
  name=$1 rule=$2 code=$3
  [ -f "$tmp/example.pdf" ] || return 0
  if ! $PY - "$tmp/example.pdf" "$tmp/dmg.pdf" "$code" <<'PY' >"$tmp/dmg.log" 2>&1
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
exec(sys.argv[3])
p.save(sys.argv[2])
PY
  then
    fail "checker-$name" "cannot damage the copy: $(head -n 2 "$tmp/dmg.log" | tr '\n' ' ')"
    return 0
  fi
  $PY "$ROOT/tests/pdfua-check.py" "$tmp/dmg.pdf" >"$tmp/dmg.out" 2>&1
  if grep -q "^FAIL $rule:" "$tmp/dmg.out"; then
    ok "checker-$name"
  else
    fail "checker-$name" "the checker did not report $rule"
  fi
}
FIND='
def find(e, s):
    if e.get("/S") == s: return e
    k = e.get("/K")
    for c in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
        if isinstance(c, pikepdf.Dictionary) and "/S" in c:
            r = find(c, s)
            if r is not None: return r
'
damage no-alt figure-alt "$FIND
del find(p.Root.StructTreeRoot.K, '/Figure')['/Alt']"
damage skipped-level headings "$FIND
find(p.Root.StructTreeRoot.K, '/H2').S = pikepdf.Name('/H4')"
damage untagged-paint content "pg = p.pages[2]
pg.contents_add(pikepdf.Stream(p, b'0 0 m 10 10 l S'), prepend=False)"
damage link-outside links "a = [x for pg in p.pages for x in pg.obj.get('/Annots', [])][0]
del a['/StructParent']"
damage no-pdfua-id metadata "x = p.Root.Metadata.read_bytes().replace(b'<pdfuaid:part>1</pdfuaid:part>', b'')
p.Root.Metadata.write(x)"
damage th-scope table-scope "$FIND
del find(p.Root.StructTreeRoot.K, '/TH')['/A']"
damage td-outside-tr nesting "$FIND
tr = find(p.Root.StructTreeRoot.K, '/TR'); tr.S = pikepdf.Name('/P')"
finish
