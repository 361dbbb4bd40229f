#!/bin/sh
# End-to-end: how problems are shown (caret context, colour, JSON, GitHub annotations,
# notes, summary, German), --strict, and the CLI conventions (help per command, -V,
# -o -, --quiet, init). Env: BIN.
# Prints "ok NAME" or "FAIL NAME: why" per check, then "done".
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/tools/e2e-lib.sh
need python3 pdfinfo
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
EX=reports/zwischenbericht-2025
BAD=tests/invalid/several-errors
check() { # NAME CONDITION-EXIT-CODE WHY
  if [ "$2" -eq 0 ]; then echo "ok $1"; else echo "FAIL $1: $3"; fi
}

# --- caret context and summary: --diagnostics=full ---
"$BIN" check "$BAD" --diagnostics=full 2>"$T/full"
rc=$?
grep -q '^   14 |     status: done$' "$T/full" && grep -q '^      |             ^$' "$T/full" &&
  tail -n 1 "$T/full" | grep -qx '5 errors' && [ $rc -eq 1 ]
check full-context $? "$(head -c 300 "$T/full")"
# no colour in a pipe, no context by default in a pipe
! grep -q "$(printf '\033')" "$T/full" && "$BIN" check "$BAD" 2>&1 | grep -vq ' | '
check no-colour-in-pipe $? "escape codes or context in a pipe"

# --- colour on a terminal (script(1) gives one), NO_COLOR respected ---
if command -v script >/dev/null 2>&1; then
  script -qec "\"$BIN\" check $BAD" /dev/null >"$T/tty" 2>&1
  grep -q "$(printf '\033')\[1;31merror" "$T/tty" && grep -q ' | ' "$T/tty"
  check tty-colour-context $? "no colour or context on a terminal: $(head -c 200 "$T/tty")"
  NO_COLOR=1 script -qec "\"$BIN\" check $BAD" /dev/null >"$T/tty" 2>&1
  ! grep -q "$(printf '\033')\[" "$T/tty" && grep -q ' | ' "$T/tty"
  check no-color-env $? "NO_COLOR=1 still coloured"
else
  echo "skip tty-colour-context: needs script (bsdutils)"
fi

# --- JSON: one object per problem, parseable, with hint ---
"$BIN" check tests/invalid/key-misindented --diagnostics=json 2>"$T/json"
python3 - "$T/json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 2, d
x = d[0]
assert set(x) == {"file", "line", "column", "severity", "message", "hint"}, x
assert x["line"] == 15 and x["column"] == 5 and x["severity"] == "error", x
assert x["hint"].startswith("'end' belongs under 'period:'"), x
PY
check json $? "$(head -c 300 "$T/json")"
"$BIN" check "$EX" --diagnostics=json 2>"$T/json0"
[ "$(tr -d '\n' <"$T/json0")" = "[]" ]
check json-empty $? "a clean report gives $(head -c 100 "$T/json0")"

# a missing report folder is said in the chosen format too (exit 3)
"$BIN" check "$T/no-such-folder" --diagnostics=json 2>"$T/json3"
rc=$?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==1 and d[0]["severity"]=="error" and d[0]["message"].startswith("not a folder"), d' "$T/json3" 2>/dev/null &&
  [ $rc -eq 3 ]
check json-missing-folder $? "exit $rc: $(head -c 200 "$T/json3")"

# --- GitHub annotations ---
"$BIN" check tests/invalid/key-misindented --diagnostics=github 2>"$T/gh"
grep -qx "::error file=tests/invalid/key-misindented/measures.yaml,line=15,col=5::unknown key 'end' in a measure%0A'end' belongs under 'period:' (indented one level more); check the indentation" "$T/gh"
check github $? "$(head -c 300 "$T/gh")"
"$BIN" check "$BAD" --diagnostics=xml >/dev/null 2>&1
check diagnostics-bad-value "$([ $? -eq 2 ]; echo $?)" "--diagnostics=xml is not a usage error"

# --- German, with the prefix kept ---
env -u LC_ALL -u LANGUAGE LANG=de_DE.UTF-8 "$BIN" check "$BAD" --diagnostics=full 2>"$T/de"
grep -q '^tests/invalid/several-errors/measures.yaml:14:13: error: unbekannter Status „done“' "$T/de" &&
  tail -n 1 "$T/de" | grep -qx '5 Fehler'
check german-full $? "$(head -c 300 "$T/de")"

# --- --strict: plausibility warnings become errors; the example is clean ---
"$BIN" check "$EX" --strict 2>"$T/strict"
check example-strict-clean "$([ $? -eq 0 ] && [ ! -s "$T/strict" ]; echo $?)" "$(head -c 300 "$T/strict")"
cp -r tests/invalid/plausibility-strict "$T/pl"
"$BIN" check "$T/pl" >/dev/null 2>"$T/pl.out"
rc1=$?
"$BIN" check "$T/pl" --strict >/dev/null 2>"$T/pl.strict"
rc2=$?
[ $rc1 -eq 0 ] && grep -c ': warning: ' "$T/pl.out" | grep -qx 3 && [ $rc2 -eq 1 ]
check strict-promotes "$?" "without --strict exit $rc1, with exit $rc2"

# --- data folder without templates/default.yaml: an error, no crash ---
mkdir -p "$T/data/templates"
IMAGREPORT_DATA="$T/data" "$BIN" check tests/invalid/bad-status >/dev/null 2>"$T/nodef"
rc=$?
[ $rc -eq 1 ] && grep -q "templates/default.yaml: error: imagreport's default template is missing" "$T/nodef"
check no-default-template $? "exit $rc: $(head -c 300 "$T/nodef")"

# --- missing hyphenation patterns: an error naming the package, in check and build ---
IMAGREPORT_HYPHENATION="$T/nowhere" "$BIN" check "$EX" >/dev/null 2>"$T/hy"
rc=$?
[ $rc -eq 1 ] && grep -qx "imagreport: error: no German hyphenation patterns found (looked in $T/nowhere); install the Debian package texlive-lang-german" "$T/hy"
check hyphenation-missing-check $? "exit $rc: $(head -c 300 "$T/hy")"
IMAGREPORT_HYPHENATION="$T/nowhere" "$BIN" build "$EX" -o "$T/h.pdf" >/dev/null 2>"$T/hy"
rc=$?
[ $rc -eq 1 ] && [ ! -e "$T/h.pdf" ] && grep -q 'texlive-lang-german' "$T/hy"
check hyphenation-missing-build $? "exit $rc: $(head -c 300 "$T/hy")"

# --- CLI conventions ---
"$BIN" build --help >"$T/h1" 2>&1 && "$BIN" help build >"$T/h2" 2>&1 && cmp -s "$T/h1" "$T/h2" &&
  head -n 1 "$T/h1" | grep -q '^usage: imagreport build' && grep -q -- '--diagnostics=FORMAT' "$T/h1"
check help-build $? "$(head -c 200 "$T/h1")"
for c in check init diff; do
  "$BIN" "$c" --help >"$T/hc" 2>&1 && head -n 1 "$T/hc" | grep -q "^usage: imagreport $c"
  check "help-$c" $? "$(head -c 200 "$T/hc")"
done
"$BIN" help nosuch >/dev/null 2>&1
check help-unknown "$([ $? -eq 2 ]; echo $?)" "help nosuch is not a usage error"
[ "$("$BIN" -V)" = "$("$BIN" --version)" ] && "$BIN" -V | grep -q '^imagreport [0-9]'
check version-V $? "-V differs from --version"
"$BIN" build "$EX" -o - >"$T/stdout.pdf" 2>"$T/stdout.err"
rc=$?
[ $rc -eq 0 ] && head -c 5 "$T/stdout.pdf" | grep -q '%PDF-' && pdfinfo "$T/stdout.pdf" >/dev/null 2>&1 &&
  "$BIN" build "$EX" -o "$T/file.pdf" 2>/dev/null && cmp -s "$T/stdout.pdf" "$T/file.pdf"
check output-stdout $? "exit $rc: $(head -c 200 "$T/stdout.err")"
"$BIN" build tests/invalid/plausibility-strict -o "$T/q.pdf" --quiet 2>"$T/quiet"
check quiet "$([ $? -eq 0 ] && [ ! -s "$T/quiet" ]; echo $?)" "--quiet printed: $(head -c 200 "$T/quiet")"
if command -v script >/dev/null 2>&1; then
  script -qec "\"$BIN\" build $EX -o $T/s.pdf" /dev/null >"$T/sum" 2>&1
  grep -Eq "^wrote $T/s.pdf: [0-9]+ pages, [0-9]+\.[0-9] s" "$T/sum"
  check success-line $? "$(head -c 200 "$T/sum")"
fi

# --- init: both languages check clean and build ---
for lang in de en; do
  "$BIN" init "$T/new-$lang" --lang $lang >/dev/null 2>"$T/init.err" &&
    "$BIN" check "$T/new-$lang" --strict 2>"$T/init.err" &&
    "$BIN" build "$T/new-$lang" -o "$T/new-$lang.pdf" 2>"$T/init.err" &&
    pdfinfo "$T/new-$lang.pdf" >/dev/null 2>&1 &&
    [ "$(grep -c '^  - id: ' "$T/new-$lang/measures.yaml")" -ge 3 ] &&
    [ -f "$T/new-$lang/chapters/01-"*.md ] && [ -f "$T/new-$lang/chapters/02-"*.md ]
  check "init-$lang" $? "$(head -c 300 "$T/init.err")"
done
grep -q '^language: en' "$T/new-en/report.yaml" && grep -q '^language: de' "$T/new-de/report.yaml"
check init-language $? "init --lang did not set the language"
"$BIN" init "$T/new-de" >/dev/null 2>"$T/again"
check init-refuses-existing "$([ $? -eq 3 ]; echo $?)" "init over an existing report: $(head -c 200 "$T/again")"
# --- extreme but valid numbers build (no overflow in the number formats or the ratio) ---
sed 's/{name: Teilnehmende Lehrkräfte, unit: Personen, target: 400, actual: 160}/{name: Quote, target: 0.000001, actual: 1000000000000}/;
     s/budget: {planned: 120000, spent: 45000}/budget: {planned: 1000000000000, spent: 999999999999.99}/' \
  "$T/new-de/measures.yaml" >"$T/m.yaml" && mv "$T/m.yaml" "$T/new-de/measures.yaml"
for b in "$BIN" ${SAN_BUILD:+"$SAN_BUILD/imagreport"}; do
  "$b" build "$T/new-de" -o "$T/big.pdf" 2>"$T/big.err"
  rc=$?
  [ $rc -eq 0 ] && grep -q 'target: 0.000001' "$T/new-de/measures.yaml" && pdfinfo "$T/big.pdf" >/dev/null 2>&1
  check "extreme-numbers-$(basename "$(dirname "$b")")" $? "exit $rc: $(head -c 300 "$T/big.err")"
done

# --- man pages (troff without warnings) and bash completion ---
if command -v groff >/dev/null 2>&1; then
  groff -k -man -ww -z doc/imagreport.1 doc/imagreport-report.5 >"$T/groff" 2>&1 && [ ! -s "$T/groff" ] &&
    grep -q '^\.TH IMAGREPORT 1' doc/imagreport.1 && grep -q '^\.TH IMAGREPORT\\-REPORT 5' doc/imagreport-report.5
  check man-pages $? "$(head -c 300 "$T/groff")"
else
  echo "skip man-pages: needs groff (groff-base)"
fi
bash -n completion/imagreport && bash -c '. completion/imagreport && complete -p imagreport' 2>&1 |
  grep -q -- '-F _imagreport imagreport'
check bash-completion $? "completion/imagreport does not define the completion"
finish
