#!/bin/sh
# End-to-end: the command line as a user and a CI pipeline use it.
# Env: BIN (the imagreport binary). Prints "ok NAME" or "FAIL NAME: why" per check.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
EX=reports/zwischenbericht-2025
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

check() { # NAME EXPECTED_RC CMD...
  name=$1 want=$2
  shift 2
  "$@" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" -eq "$want" ]; then echo "ok $name"; else echo "FAIL $name: exit $rc, expected $want: $(head -c 300 "$T/err")"; fi
}

check version 0 "$BIN" --version
grep -q '^imagreport [0-9]' "$T/out" && echo "ok version-text" || echo "FAIL version-text: $(cat "$T/out")"
check help 0 "$BIN" --help
grep -q 'imagreport build REPORT_DIR -o OUT.pdf' "$T/out" && echo "ok help-text" || echo "FAIL help-text"
check no-args 2 "$BIN"
check unknown-command 2 "$BIN" frobnicate
check build-without-output 2 "$BIN" build "$EX"
check unknown-option 2 "$BIN" check "$EX" --frob
check missing-folder 3 "$BIN" check "$T/does-not-exist"
grep -q "does-not-exist: error:" "$T/err" && echo "ok missing-folder-message" || echo "FAIL missing-folder-message: $(cat "$T/err")"

IMAGREPORT_DATA="$T/no-data" "$BIN" check "$EX" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 3 ] && grep -q "no-data: error: no templates/ folder" "$T/err" && echo "ok missing-data-folder" ||
  echo "FAIL missing-data-folder: exit $rc: $(head -c 300 "$T/err")"

check check-example 0 "$BIN" check "$EX"
[ ! -s "$T/out" ] && [ ! -s "$T/err" ] && echo "ok check-example-silent" ||
  echo "FAIL check-example-silent: $(head -c 300 "$T/err")"

# A failed build never touches an existing PDF and leaves no file behind.
cp -r "$EX" "$T/bad"
sed -i 's/^title:/titel:/' "$T/bad/report.yaml"
printf 'previous PDF\n' >"$T/old.pdf"
check invalid-build-exit 1 "$BIN" build "$T/bad" -o "$T/old.pdf"
grep -q "report.yaml:[0-9]*:[0-9]*: error: " "$T/err" && echo "ok invalid-build-diagnostic" ||
  echo "FAIL invalid-build-diagnostic: $(head -c 300 "$T/err")"
[ "$(cat "$T/old.pdf")" = "previous PDF" ] && echo "ok invalid-build-keeps-old-pdf" || echo "FAIL invalid-build-keeps-old-pdf"
check invalid-build-new-target 1 "$BIN" build "$T/bad" -o "$T/new.pdf"
[ ! -e "$T/new.pdf" ] && echo "ok invalid-build-writes-nothing" || echo "FAIL invalid-build-writes-nothing"
[ -z "$(ls -A "$T" | grep -v -e '^bad$' -e '^old.pdf$' -e '^out$' -e '^err$')" ] &&
  echo "ok invalid-build-no-temp-files" || echo "FAIL invalid-build-no-temp-files: $(ls -A "$T")"

# Output into a folder that does not exist: an I/O failure with the path.
check unwritable-target 3 "$BIN" build "$EX" -o "$T/no/such/dir/out.pdf"
grep -q "$T/no/such/dir/out.pdf" "$T/err" && echo "ok unwritable-target-message" ||
  echo "FAIL unwritable-target-message: $(head -c 300 "$T/err")"

# The example builds; the PDF is a PDF.
check build-example 0 "$BIN" build "$EX" -o "$T/ex.pdf"
head -c 5 "$T/ex.pdf" 2>/dev/null | grep -q '%PDF-' && echo "ok build-example-is-pdf" || echo "FAIL build-example-is-pdf"
finish
