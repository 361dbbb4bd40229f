#!/bin/sh
# End-to-end: templates that extend others (tests/reports/english as the report).
# A three-line template changes what it names and keeps the rest of its parent;
# a chain of templates finds each file's fonts next to that file.
# The classification marking is on every page, top and bottom, and in the metadata.
# Env: BIN (the imagreport binary).
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need pdffonts pdftotext pdfinfo cmp
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp -r tests/reports/english "$T/r"
sed -i '/^template:/d' "$T/r/report.yaml"

# build NAME: builds $T/r into $T/NAME.pdf and $T/NAME.json; prints FAIL on errors
build() {
  if "$BIN" build "$T/r" -o "$T/$1.pdf" --layout "$T/$1.json" >"$T/out" 2>"$T/err"; then
    echo "ok $1-builds"
  else
    echo "FAIL $1-builds: $(head -c 300 "$T/err")"
  fi
}

build plain
# the parent given by name is the same as no template at all
printf 'template: zwei.yaml\n' >>"$T/r/report.yaml"
printf 'extends: default\n' >"$T/r/zwei.yaml"
build same
tail -n +2 "$T/same.json" >"$T/same.tail"
# (the first line differs: it carries the hash of the template's files)
if cmp -s "$T/plain.json" "$T/same.json"; then
  echo "FAIL extends-alone-same-layout: the template hash does not cover the child template"
elif tail -n +2 "$T/plain.json" | cmp -s - "$T/same.tail"; then echo "ok extends-alone-same-layout"
else echo "FAIL extends-alone-same-layout: 'extends: default' alone changed the layout"; fi

# three lines: one colour, one installed font by its family name (fontconfig), one margin
printf 'extends: default\ncolors: {accent: "#8a1538"}\nfonts: {regular: Liberation Sans}\npage: {margin_inner: 90}\n' \
  >"$T/r/zwei.yaml"
build three
if pdffonts "$T/three.pdf" | grep -q 'LiberationSans ' && pdffonts "$T/three.pdf" | grep -q OpenSans-Semibold; then
  echo "ok three-line-font-by-name"
else
  echo "FAIL three-line-font-by-name: $(pdffonts "$T/three.pdf" | tail -n +3 | cut -c1-40 | tr '\n' ' ')"
fi
if grep -q '"x": *90' "$T/three.json" && ! grep -q '"x": *90' "$T/plain.json"; then
  echo "ok three-line-margin"
else
  echo "FAIL three-line-margin: no box starts at the new inner margin of 90 pt"
fi

# a chain: zwei.yaml -> vorlagen/basis.yaml -> default; basis names a font next to itself
mkdir -p "$T/r/vorlagen/schriften"
cp /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf "$T/r/vorlagen/schriften/Serif.ttf" 2>/dev/null ||
  { echo "skip chain: fonts-dejavu-core is not installed"; finish; }
printf 'extends: default\nfonts: {regular: schriften/Serif.ttf}\n' >"$T/r/vorlagen/basis.yaml"
printf 'extends: vorlagen/basis.yaml\npage: {margin_inner: 90}\n' >"$T/r/zwei.yaml"
build chain
if pdffonts "$T/chain.pdf" | grep -q DejaVuSerif && pdffonts "$T/chain.pdf" | grep -q OpenSans; then
  echo "ok chain-font-from-parent-folder"
else
  echo "FAIL chain-font-from-parent-folder: $(pdffonts "$T/chain.pdf" | tail -n +3 | cut -c1-40 | tr '\n' ' ')"
fi
if grep -q '"x": *90' "$T/chain.json"; then echo "ok chain-child-value"
else echo "FAIL chain-child-value: the child's margin is not used"; fi

# fonts by name: styles, and a font with PostScript outlines names a TrueType alternative
printf 'extends: default\nfonts: {bold: "Liberation Serif:style=Bold", italic: Liberation Serif Italic, mono: Nimbus Sans}\n' \
  >"$T/r/zwei.yaml"
"$BIN" check "$T/r" >"$T/out" 2>"$T/err"
if grep -q "zwei.yaml:2:.*error: font 'mono': 'Nimbus Sans' (.*) has PostScript (CFF) outlines; imagreport embeds TrueType outlines only; a TrueType font close to it: 'Liberation Sans'" "$T/err" &&
   [ "$(wc -l <"$T/err")" -eq 1 ]; then
  echo "ok font-cff-alternative"
else
  echo "FAIL font-cff-alternative: $(head -c 400 "$T/err")"
fi
printf 'extends: default\nfonts: {bold: "Liberation Serif:style=Bold", italic: Liberation Serif Italic}\n' \
  >"$T/r/zwei.yaml"
build styles
# (the English report has no italic text: the italic's name only has to resolve)
if pdffonts "$T/styles.pdf" | grep -q 'LiberationSerif-Bold'; then
  echo "ok font-style-names"
else
  echo "FAIL font-style-names: $(pdffonts "$T/styles.pdf" | tail -n +3 | cut -c1-40 | tr '\n' ' ')"
fi

# the second built-in template: the example report under `template: compact` is a PDF/A
# in Liberation Serif, other pages than under the default
mkdir -p "$T/reports"
cp -r reports/* "$T/reports/"
sed -i 's/^template: default/template: compact/' "$T/reports/zwischenbericht-2025/report.yaml"
if "$BIN" build "$T/reports/zwischenbericht-2025" -o "$T/compact.pdf" --layout "$T/compact.json" \
    >"$T/out" 2>"$T/err"; then
  echo "ok compact-builds"
  if sh tests/pdfa-check.sh "$T/compact.pdf" >"$T/pdfa" 2>&1; then echo "ok compact-pdfa"
  else echo "FAIL compact-pdfa: $(grep FAIL "$T/pdfa" | head -n 3 | tr '\n' ' ')"; fi
  if pdffonts "$T/compact.pdf" | grep -q LiberationSerif && ! pdffonts "$T/compact.pdf" | grep -q OpenSans &&
     ! tail -n +2 "$T/compact.json" | cmp -s - tests/golden/zwischenbericht-2025.layout.json; then
    echo "ok compact-looks-different"
  else
    echo "FAIL compact-looks-different: $(pdffonts "$T/compact.pdf" | tail -n +3 | cut -c1-40 | tr '\n' ' ')"
  fi
else
  echo "FAIL compact-builds: $(head -c 300 "$T/err")"
fi

# classification: the marking at the top and the bottom of every page, a draft keeps its mark
printf 'template: default\ndraft: true\nclassification: "VS – NUR FÜR DEN DIENSTGEBRAUCH"\n' \
  >>"$T/r/report.yaml"
sed -i '/^template: zwei.yaml/d' "$T/r/report.yaml"
build vs
pages=$(pdfinfo "$T/vs.pdf" | sed -n 's/^Pages: *//p')
bad=""
p=1
while [ "$p" -le "${pages:-0}" ]; do
  pdftotext -f $p -l $p -layout "$T/vs.pdf" - >"$T/page.txt"
  first=$(grep -v '^[[:space:]]*$' "$T/page.txt" | head -n 1)
  last=$(grep -v '^[[:space:]]*$' "$T/page.txt" | tail -n 1)
  case "$first" in *"VS – NUR FÜR DEN DIENSTGEBRAUCH"*) ;; *) bad="$bad top:$p" ;; esac
  case "$last" in *"VS – NUR FÜR DEN DIENSTGEBRAUCH"*) ;; *) bad="$bad bottom:$p" ;; esac
  # the watermark is turned by 45°: its letters come out one a line, in drawing order with -raw
  pdftotext -raw -f $p -l $p "$T/vs.pdf" - | tr -d " \n" | grep -q DRAFT || bad="$bad draft:$p"
  p=$((p + 1))
done
if [ "${pages:-0}" -gt 2 ] && [ -z "$bad" ]; then
  echo "ok marking-every-page"
else
  echo "FAIL marking-every-page: $pages pages, missing on$bad"
fi
if pdfinfo "$T/vs.pdf" | grep -q '^Keywords: *VS – NUR FÜR DEN DIENSTGEBRAUCH' &&
   pdfinfo -meta "$T/vs.pdf" | grep -q '<dc:rights>.*VS – NUR FÜR DEN DIENSTGEBRAUCH'; then
  echo "ok marking-metadata"
else
  echo "FAIL marking-metadata: not in Keywords and dc:rights"
fi
finish
