#!/bin/sh
# End-to-end: the layout dump and `imagreport diff` as CI uses them.
#  - the example report's layout equals tests/golden/zwischenbericht-2025.layout.json
#    (accept a deliberate change with `make golden`);
#  - the dump is valid JSON, one element per line, and the same bytes every build;
#  - on a copy of the example: editing one measure title names that measure and its
#    page and nothing that did not change; lengthening a chapter by a page reports the
#    pushed elements as moved, not as removed and added; exit codes 0, 1, 2.
# Env: BIN (the imagreport binary). Prints "ok NAME" or "FAIL NAME: why" per check.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
EX=reports/zwischenbericht-2025
GOLDEN=tests/golden/zwischenbericht-2025.layout.json
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

fail() { echo "FAIL $1: $2"; }

# --- the golden layout ---------------------------------------------------------------
if ! "$BIN" build "$EX" -o "$T/ex.pdf" --layout "$T/ex.json" 2>"$T/err"; then
  fail golden-layout "building $EX failed: $(head -c 300 "$T/err")"
  exit 0
fi
if [ ! -f "$GOLDEN" ]; then
  fail golden-layout "$GOLDEN is missing (run: make golden)"
else
  "$BIN" diff "$GOLDEN" "$T/ex.json" >"$T/diff" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then
    echo "ok golden-layout"
  else
    fail golden-layout "the layout differs from $GOLDEN (exit $rc); if intended, run: make golden"
    sed 's/^/    /' "$T/diff" | head -n 60
  fi
fi

# --- the dump itself -------------------------------------------------------------------
"$BIN" build "$EX" -o "$T/ex2.pdf" --layout "$T/ex2.json" 2>/dev/null
if cmp -s "$T/ex.json" "$T/ex2.json"; then echo "ok layout-dump-reproducible"; else
  fail layout-dump-reproducible "two builds gave different dumps"; fi
if command -v python3 >/dev/null 2>&1; then
  if python3 - "$T/ex.json" >"$T/py" 2>&1 <<'EOF'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
d = json.loads(text)
assert d["format"] == "imagreport-layout" and d["version"] == 2, "header"
assert list(d) == ["format", "version", "generator", "template", "pages", "warnings", "outline", "summary"], list(d)
assert re.fullmatch(r"imagreport \d+\.\d+\.\d+", d["generator"]), d["generator"]
assert re.fullmatch(r"sha256:[0-9a-f]{64}", d["template"]), d["template"]
n = n_pageless = n_charts = 0
s = d["summary"]
assert s["lines"] > 0 and s["overfull"] == 0 and 0 < s["hyphenated"] < s["lines"], s
assert 0 < s["longest_hyphen_run"] <= 3 and s["foot_max"] >= s["foot_mean"] >= 0, s
for i, p in enumerate(d["pages"]):
    assert p["number"] == i + 1, p["number"]
    assert list(p) == ["number", "label", "width", "height", "elements"], list(p)
    for e in p["elements"]:
        keys = ["kind", "id", "part", "x", "y", "w", "h", "text", "hash"]
        keys += ["pageless"] if "pageless" in e else []
        keys += ["content"]
        keys += ["series", "bars"] if e["kind"] == "chart" else []
        assert list(e) == keys + ["src"], list(e)
        assert re.fullmatch(r"[0-9a-f]{8}", e["hash"]), e["hash"]
        assert re.fullmatch(r"[0-9a-f]{16}", e["content"]), e["content"]
        if "pageless" in e:
            assert re.fullmatch(r"[0-9a-f]{8}", e["pageless"]) and e["pageless"] != e["hash"], e
            n_pageless += 1
        if e["kind"] == "chart":
            assert all(len(b["values"]) == len(e["series"]) for b in e["bars"]), e
            n_charts += 1
        n += 1
# the contents entries and the references show page numbers; the status overview has charts
assert n_pageless > 40, n_pageless
assert n_charts == 3, n_charts  # by field, by ministry, compared with the previous report
# one element per line, numbers with at most two decimals
lines = [l for l in text.splitlines() if l.startswith('  {"kind":')]
assert len(lines) == n, (len(lines), n)
assert not re.search(r"\d\.\d{3}", re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)), "more than 2 decimals"
assert n > 0, "no elements"
print(n)
EOF
  then echo "ok layout-dump-json"; else fail layout-dump-json "$(tail -n 3 "$T/py")"; fi
fi
check_rc() { # NAME EXPECTED_RC CMD...
  name=$1 want=$2
  shift 2
  "$@" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" -eq "$want" ]; then echo "ok $name"; else
    fail "$name" "exit $rc, expected $want: $(head -c 300 "$T/err")"; fi
}
check_rc diff-equal-exit-0 0 "$BIN" diff "$T/ex.json" "$T/ex2.json"
grep -q "no differences" "$T/out" && echo "ok diff-equal-text" || fail diff-equal-text "$(head -c 200 "$T/out")"
check_rc diff-equal-json 0 "$BIN" diff "$T/ex.json" "$T/ex2.json" --json
[ "$(cat "$T/out")" = "[]" ] && echo "ok diff-equal-json-empty" || fail diff-equal-json-empty "$(head -c 200 "$T/out")"

# --- exit code 2: unreadable or malformed dumps ----------------------------------------
check_rc diff-missing-file 2 "$BIN" diff "$T/nope.json" "$T/ex.json"
grep -q "^$T/nope.json: error: " "$T/err" && echo "ok diff-missing-file-message" ||
  fail diff-missing-file-message "$(cat "$T/err")"
head -c 2000 "$T/ex.json" >"$T/cut.json"
check_rc diff-truncated 2 "$BIN" diff "$T/ex.json" "$T/cut.json"
grep -q "^$T/cut.json:[0-9]*:[0-9]*: error: " "$T/err" && echo "ok diff-truncated-message" ||
  fail diff-truncated-message "$(cat "$T/err")"
printf '{"format":"something-else"}\n' >"$T/other.json"
check_rc diff-not-a-dump 2 "$BIN" diff "$T/other.json" "$T/ex.json"
grep -q "not an imagreport layout dump" "$T/err" && echo "ok diff-not-a-dump-message" ||
  fail diff-not-a-dump-message "$(cat "$T/err")"
check_rc diff-bad-tolerance 2 "$BIN" diff "$T/ex.json" "$T/ex.json" --tolerance x

# --- acceptance: one measure title edited -----------------------------------------------
cp -r "$EX" "$T/r"
cp -r "$(dirname "$EX")/zwischenbericht-2023" "$T/"   # its previous: report
"$BIN" build "$T/r" -o "$T/a.pdf" --layout "$T/a.json" 2>/dev/null
# the same report in another folder: the same layout (positions in messages aside)
if [ -f "$GOLDEN" ]; then
  check_rc golden-layout-other-folder 0 "$BIN" diff "$GOLDEN" "$T/a.json"
fi
# measure 1.5's title: one word changed, same length (nothing reflows)
sed -i 's/^    title: Qualifizierung der schulpsychologischen Krisenteams$/    title: Qualifizierung der schulpsychologischen Notfallteams/' "$T/r/measures.yaml"
if ! grep -q "Notfallteams" "$T/r/measures.yaml"; then
  fail diff-title-edit "the example no longer has measure 1.5's title; update this test"
else
  "$BIN" build "$T/r" -o "$T/b.pdf" --layout "$T/b.json" 2>"$T/err" || fail diff-title-edit "build failed: $(head -c 300 "$T/err")"
  check_rc diff-title-edit-exit-1 1 "$BIN" diff "$T/a.json" "$T/b.json"
  cp "$T/out" "$T/title.txt"
  # the measure's page, from the dump itself
  page=$(awk '/^\{"number":/{p=$0; sub(/^\{"number":/,"",p); sub(/,.*/,"",p)} /"kind":"measure","id":"1.5"/{print p; exit}' "$T/b.json")
  if grep -q "^page $page:" "$T/title.txt" && grep -q "text changed: measure '1.5': .*\[-Krisenteams-\] {+Notfallteams+}" "$T/title.txt"; then
    echo "ok diff-title-edit-names-measure-and-page"
  else
    fail diff-title-edit-names-measure-and-page "page $page, got: $(cat "$T/title.txt")"
  fi
  # every change line is a text change of that measure's heading, measure block, contents
  # entry or overview row: nothing else changed
  other=$(grep '^  ' "$T/title.txt" | grep -v "^  text changed: \(measure '1.5'\|heading 'measure-1.5'\|toc-entry 'measure-1.5'\|table-row '[^']*/1.5'\): ")
  if [ -z "$other" ] && [ "$(grep -c '^  ' "$T/title.txt")" -ge 2 ]; then
    echo "ok diff-title-edit-nothing-else"
  else
    fail diff-title-edit-nothing-else "unexpected: $other"
    sed 's/^/    /' "$T/title.txt" | head -n 30
  fi
  check_rc diff-title-edit-json 1 "$BIN" diff "$T/a.json" "$T/b.json" --json
  if command -v python3 >/dev/null 2>&1; then
    python3 -c '
import json, sys
ch = json.load(open(sys.argv[1]))
assert ch and all(c["change"] == "text" for c in ch), ch
assert any(c["element"]["kind"] == "measure" and c["element"]["id"] == "1.5" for c in ch), ch
' "$T/out" 2>"$T/py" && echo "ok diff-title-edit-json-content" || fail diff-title-edit-json-content "$(tail -n 2 "$T/py")"
  fi
fi

# --- acceptance: a chapter one page longer ------------------------------------------------
cp "$T/b.json" "$T/before.json"
i=0
while [ $i -lt 6 ]; do
  printf '\nDieser zusätzliche Absatz verlängert das Kapitel zum Lagebild, damit die folgenden Inhalte auf eine spätere Seite rücken. Er enthält genügend Wörter, um mehrere Zeilen zu füllen, und wird wiederholt, bis eine ganze Seite zusammenkommt.\n' >>"$T/r/chapters/02-lagebild.md"
  i=$((i + 1))
done
"$BIN" build "$T/r" -o "$T/c.pdf" --layout "$T/c.json" 2>"$T/err" || fail diff-chapter-grows "build failed: $(head -c 300 "$T/err")"
check_rc diff-chapter-grows-exit-1 1 "$BIN" diff "$T/before.json" "$T/c.json"
cp "$T/out" "$T/grow.txt"
n_old=$(grep -c '^{"number":' "$T/before.json")
n_new=$(grep -c '^{"number":' "$T/c.json")
if [ "$n_new" -gt "$n_old" ] && grep -q "page count changed: $n_old → $n_new" "$T/grow.txt"; then
  echo "ok diff-chapter-grows-page-count"
else
  fail diff-chapter-grows-page-count "$n_old → $n_new pages; got: $(head -n 3 "$T/grow.txt")"
fi
if grep -q "^  [0-9][0-9]* elements from .* moved one page later (pages [0-9]*–[0-9]* → [0-9]*–$n_new)" "$T/grow.txt"; then
  echo "ok diff-chapter-grows-moved"
else
  fail diff-chapter-grows-moved "no summary of moved elements"
  sed 's/^/    /' "$T/grow.txt" | head -n 40
fi
# removed: nothing; added: only the new paragraphs of that chapter
if grep -q "^  removed" "$T/grow.txt"; then
  fail diff-chapter-grows-no-removed "$(grep '^  removed' "$T/grow.txt" | head -n 5)"
else
  echo "ok diff-chapter-grows-no-removed"
fi
if grep "^  added" "$T/grow.txt" | grep -qv "folgerungen-für-die-prävention/"; then
  fail diff-chapter-grows-added-only-new "$(grep '^  added' "$T/grow.txt" | head -n 5)"
else
  echo "ok diff-chapter-grows-added-only-new"
fi
lines=$(grep -c '^  ' "$T/grow.txt")
if [ "$lines" -le 60 ]; then echo "ok diff-chapter-grows-short"; else
  fail diff-chapter-grows-short "$lines lines of changes for one longer chapter"; fi
finish
