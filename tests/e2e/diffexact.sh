#!/bin/sh
# End-to-end: `imagreport diff` can be trusted with what changed inside an element.
#  - a picture's pixels inverted (same caption): exit 1, naming the figure;
#  - a measure's status word changed: exit 1, naming the measure, the row and the old and
#    new word, and the chart and its bar that changed with it;
#  - a chapter grown by a page: the references and contents entries whose page number
#    changed are reported as such, apart from the real changes, and --hide-page-numbers
#    leaves them out;
#  - the golden dump has true source positions (a measure's rows point at that measure);
#  - --format=github and --format=junit on real dumps; --fail-on for diff, check, build.
# Env: BIN. Protocol: tests/tools/e2e-lib.sh.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need python3
EX=reports/zwischenbericht-2025
GOLDEN=tests/golden/zwischenbericht-2025.layout.json
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL $1: $2"; }
# expect NAME PATTERN FILE: a line of FILE matches the basic regular expression
expect() {
  if grep -q "$2" "$3"; then echo "ok $1"; else fail "$1" "no line like '$2' in: $(head -c 1500 "$3")"; fi
}
build() { # DIR OUT.json
  "$BIN" build "$1" -o "$T/x.pdf" --layout "$2" 2>"$T/err" || { fail build "$1: $(head -c 300 "$T/err")"; finish; }
}

cp -r "$EX" "$T/r"
cp -r "$(dirname "$EX")/zwischenbericht-2023" "$T/"   # its previous: report
build "$T/r" "$T/a.json"

# --- a picture's pixels inverted -------------------------------------------------------------
cp "$T/r/images/struktur.png" "$T/struktur.png"
python3 tests/tools/png.py invert "$T/struktur.png" "$T/r/images/struktur.png"
build "$T/r" "$T/pic.json"
"$BIN" diff "$T/a.json" "$T/pic.json" >"$T/out" 2>&1
rc=$?
[ $rc -eq 1 ] && echo "ok picture-inverted-exit-1" || fail picture-inverted-exit-1 "exit $rc"
expect picture-inverted-named "^  picture content changed: image 'figure-1' \"Abbildung[^0-9]*1: Struktur der IMAG" "$T/out"
[ "$(grep -c '^  ' "$T/out")" -eq 1 ] && echo "ok picture-inverted-only-change" ||
  fail picture-inverted-only-change "$(cat "$T/out")"
cp "$T/struktur.png" "$T/r/images/struktur.png"

# --- a status word changed ---------------------------------------------------------------------
# measure 1.4: in_progress ("in Umsetzung") -> completed ("umgesetzt")
python3 tests/tools/set-status.py "$T/r/measures.yaml" 1.4 in_progress completed
build "$T/r" "$T/status.json"
"$BIN" diff "$T/a.json" "$T/status.json" >"$T/out" 2>&1
rc=$?
[ $rc -eq 1 ] && echo "ok status-word-exit-1" || fail status-word-exit-1 "exit $rc"
expect status-word-facts-row "^  text changed: table-row 'measure-1.4-facts/status': Status: in Umsetzung → umgesetzt (.*measures.yaml:[0-9]*:[0-9]*)$" "$T/out"
expect status-word-overview-row "^  text changed: table-row 'overview-1/1.4': Status: in Umsetzung → umgesetzt" "$T/out"
expect status-word-chart-bar "^  chart data changed: chart 'status-by-field-chart': bar 'Handlungsfeld[^0-9]*1': in Umsetzung 4 → 3, umgesetzt 2 → 3" "$T/out"
expect status-word-ministry-bar "^  chart data changed: chart 'status-by-ministry-chart': bar 'MKW': in Umsetzung 1 → 0, umgesetzt 0 → 1" "$T/out"
# the position given is measure 1.4's own, not another measure's
line14=$(grep -n '^  - id: "1.4"' "$T/r/measures.yaml" | cut -d: -f1)
expect status-word-true-position "table-row 'measure-1.4-facts/status'.*measures.yaml:$line14:" "$T/out"
cp "$EX/measures.yaml" "$T/r/measures.yaml"

# --- a chapter grown by a page --------------------------------------------------------------------
{
  printf '\n## Ergänzende Hinweise zum Lagebild\n\n'
  i=0
  while [ $i -lt 7 ]; do
    printf 'Die Sicherheitsbehörden und die Präventionsträger tauschen ihre Erkenntnisse über neue Erscheinungsformen des Islamismus regelmäßig aus. Sie werten Hinweise aus Schulen, Jugendhilfe und Gemeinden gemeinsam aus und stimmen ihre Angebote so ab, dass Ratsuchende schnell die passende Stelle erreichen.\n\n'
    i=$((i + 1))
  done
} >>"$T/r/chapters/02-lagebild.md"
build "$T/r" "$T/grow.json"
"$BIN" diff "$T/a.json" "$T/grow.json" >"$T/out" 2>&1
expect grown-page-numbers-apart "^page numbers only (references and contents), [0-9]* elements, for example:$" "$T/out"
expect grown-reference-reported "^  page [0-9]*: page number changed: paragraph '[^']*': .*\[-(S\.[^0-9]*[0-9]*)[^]]*-\] {+(S\.[^0-9]*[0-9]*)" "$T/out"
# the real changes are listed before, and none of them is a page number
sed -n '/^page numbers only/q;p' "$T/out" >"$T/real"
if grep -q "page number changed" "$T/real"; then fail grown-real-apart "$(grep 'page number' "$T/real" | head -3)"
else echo "ok grown-real-apart"; fi
expect grown-real-added "^  added: [0-9]* elements from heading 'ergänzende-hinweise-zum-lagebild'" "$T/real"
"$BIN" diff "$T/a.json" "$T/grow.json" --hide-page-numbers >"$T/out" 2>&1
rc=$?
if [ $rc -eq 1 ] && ! grep -q "page number" "$T/out"; then echo "ok grown-hide-page-numbers"; else
  fail grown-hide-page-numbers "exit $rc: $(grep 'page number' "$T/out" | head -3)"; fi
"$BIN" diff "$T/a.json" "$T/grow.json" --format=json >"$T/out.json" 2>&1
python3 - "$T/out.json" <<'EOF' && echo "ok grown-json-references-and-contents" || fail grown-json-references-and-contents "see above"
import json, sys
ch = json.load(open(sys.argv[1], encoding="utf-8"))
kinds = {c["change"] for c in ch}
assert "page-number" in kinds and "page-move" in kinds and "added" in kinds, kinds
pn = [c for c in ch if c["change"] == "page-number"]
assert all(c["old_text"] != c["new_text"] and "[-" in c["words"] for c in pn), pn[0]
assert any(c["element"]["kind"] == "paragraph" for c in pn), "no reference"
toc = [c for c in pn if c["element"]["kind"] == "toc-entry"]
assert len(toc) > 40 and all(c["words"].endswith("+}") for c in toc), toc[:2]
EOF

# --- true source positions in the golden dump --------------------------------------------------------
python3 - "$GOLDEN" <<'EOF' && echo "ok golden-true-positions" || fail golden-true-positions "see above"
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
els = [e for p in d["pages"] for e in p["elements"]]
measure_src = {e["id"]: e["src"] for e in els if e["kind"] == "measure"}
assert len(measure_src) > 30, len(measure_src)
def line(src):
    return int(src.split(":")[-2])
checked = 0
for e in els:
    m = re.fullmatch(r"measure-(.+)-(facts|indicators)/(.+)", e["id"]) if e["kind"] == "table-row" else None
    o = re.fullmatch(r"overview-[^/]+/(.+)", e["id"]) if e["kind"] == "table-row" else None
    if m and m.group(2) == "facts" or m and m.group(3) == "header":
        assert e["src"] == measure_src[m.group(1)], (e["id"], e["src"], measure_src[m.group(1)])
    elif m:  # an indicator row: the indicator's line, inside its measure
        ms = measure_src[m.group(1)]
        assert e["src"].rsplit(":", 2)[0] == ms.rsplit(":", 2)[0] and line(e["src"]) > line(ms), (e["id"], e["src"], ms)
    elif o and o.group(1) != "header":
        assert e["src"] == measure_src[o.group(1)], (e["id"], e["src"])
    else:
        continue
    checked += 1
assert checked > 250, checked
EOF

# --- CI formats on real dumps -------------------------------------------------------------------------
cp "$T/struktur.png" "$T/s.png"
python3 tests/tools/png.py invert "$T/s.png" "$T/r/images/struktur.png"
build "$T/r" "$T/pic2.json"
"$BIN" diff "$T/a.json" "$T/pic2.json" --format=github >"$T/gh" 2>&1
rc=$?
[ $rc -eq 1 ] && echo "ok github-exit-1" || fail github-exit-1 "exit $rc"
expect github-annotation "^::warning file=[^,]*02-lagebild\.md,line=[0-9]*,col=1,title=layout changed on page [0-9]*::picture content changed: image 'figure-1'" "$T/gh"
"$BIN" diff "$T/a.json" "$T/grow.json" --format=junit >"$T/junit.xml" 2>&1
python3 - "$T/junit.xml" "$T/grow.json" <<'EOF' && echo "ok junit-report" || fail junit-report "see above"
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
pages = len(json.load(open(sys.argv[2], encoding="utf-8"))["pages"])
suite = root.find("testsuite")
cases = suite.findall("testcase")
assert len(cases) == pages + 1 == int(suite.get("tests")), (len(cases), pages)
failed = [c for c in cases if c.find("failure") is not None]
assert len(failed) == int(suite.get("failures")) > 1, len(failed)
assert any("moved one page later" in (c.find("failure").text or "") for c in failed)
EOF
"$BIN" diff "$T/a.json" "$T/pic2.json" --fail-on=never >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && echo "ok diff-fail-on-never" || fail diff-fail-on-never "exit $rc"
"$BIN" diff "$T/a.json" "$T/pic2.json" --fail-on=warning >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && echo "ok diff-fail-on-warning-no-new-warning" || fail diff-fail-on-warning-no-new-warning "exit $rc"
"$BIN" diff "$T/a.json" "$T/pic2.json" --format=xml >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "format takes text, json, github or junit" "$T/err" && echo "ok diff-bad-format" ||
  fail diff-bad-format "exit $rc: $(cat "$T/err")"

# --- --fail-on=warning for check and build -----------------------------------------------------------
cp "$EX/measures.yaml" "$T/r/measures.yaml"
printf '\n<div>Hinweis</div>\n' >>"$T/r/chapters/03-ansatz.md"
"$BIN" check "$T/r" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "warning:" "$T/err" && echo "ok check-warning-passes" || fail check-warning-passes "exit $rc: $(cat "$T/err")"
"$BIN" check "$T/r" --fail-on=warning 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "warning:" "$T/err" && echo "ok check-fail-on-warning" || fail check-fail-on-warning "exit $rc: $(cat "$T/err")"
rm -f "$T/w.pdf"
"$BIN" build "$T/r" -o "$T/w.pdf" --fail-on=warning 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && [ ! -e "$T/w.pdf" ] && echo "ok build-fail-on-warning-writes-nothing" ||
  fail build-fail-on-warning-writes-nothing "exit $rc, $(ls "$T")"
finish
