#!/bin/sh
# tests/run.sh BUILD [SAN_BUILD] — runs every test and ends with "N passed, N failed".
#
#  - unit tests (cmocka) of every stage, in each build given;
#  - invalid report folders (tests/invalid/*/): `imagreport check` must exit 1 and print
#    exactly the lines of the folder's `expected` file (LC_ALL=C), and of `expected.de`
#    with LANG=de_DE.UTF-8, in each build given (options from the folder's `args` file);
#  - end-to-end scripts (tests/e2e/*.sh) with the first build, in the protocol of
#    tests/tools/e2e-lib.sh: "ok NAME", "FAIL NAME: why", "skip NAME: why" per check and
#    "done" as the last line. A script that exits non-zero or stops before "done" fails;
#    a skip is counted and printed, and fails under CI=true.
set -u
cd "$(dirname "$0")/.." || exit 2
pass=0
fail=0
failed=""
skipped=0
skipped_list=""
ok() { pass=$((pass + 1)); }
# A skip is counted and printed; under CI (CI=true) it is a failure: CI must have every tool.
skip() {
  if [ "${CI:-}" = true ]; then
    bad "$1 (skipped, and CI=true does not allow skips)"
  else
    skipped=$((skipped + 1)); skipped_list="$skipped_list
  $1"; echo "SKIP $1"
  fi
}
bad() { fail=$((fail + 1)); failed="$failed
  $1"; echo "FAIL $1"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for build in "$@"; do
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  for t in "$build"/tests/test_*; do
    [ -x "$t" ] || continue
    name="$build/$(basename "$t")"
    if "$t" >"$tmp/out" 2>&1; then
      n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$tmp/out" | tail -n 1)
      pass=$((pass + ${n:-1}))
      sed -n 's/^\[  SKIPPED \] \(.*\)/\1/p' "$tmp/out" | grep -v ' test(s)' >"$tmp/skips"
      while IFS= read -r sk; do skip "$name: $sk"; done <"$tmp/skips"
    else
      n=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$tmp/out" | tail -n 1)
      p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$tmp/out" | tail -n 1)
      pass=$((pass + ${p:-0}))
      fail=$((fail + ${n:-1} - 1))
      bad "$name"
      sed 's/^/    /' "$tmp/out" | tail -n 30
    fi
  done
  for d in tests/invalid/*/; do
    d=${d%/}
    # expected: the messages in English (LC_ALL=C); expected.de: in German
    # (LANG=de_DE.UTF-8; `make deps` generates that locale when it is missing)
    for lang in C de; do
      exp=$d/expected
      [ $lang = de ] && exp=$d/expected.de
      [ -f "$exp" ] || continue
      # the folder's `args` file: more options for check (e.g. --strict)
      args=$(cat "$d/args" 2>/dev/null)
      if [ $lang = C ]; then
        # shellcheck disable=SC2086 # $args is a list of words
        LC_ALL=C "$build/imagreport" check "$d" $args >"$tmp/stdout" 2>"$tmp/stderr"
      else
        # shellcheck disable=SC2086
        env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=de_DE.UTF-8 \
          "$build/imagreport" check "$d" $args >"$tmp/stdout" 2>"$tmp/stderr"
      fi
      rc=$?
      if [ $rc -ne 1 ]; then
        bad "$build: $exp: exit code $rc, expected 1"
        sed 's/^/    /' "$tmp/stderr" | head -n 10
      elif ! diff -u "$exp" "$tmp/stderr" >"$tmp/diff"; then
        bad "$build: $exp: diagnostics differ"
        sed 's/^/    /' "$tmp/diff" | head -n 20
        [ $lang = C ] || locale -a | grep -qi '^de_DE\.utf-\?8$' ||
          echo "    (the locale de_DE.UTF-8 is missing: run make deps)"
      else
        ok
      fi
    done
  done
done

first=${1:-build}
for s in tests/e2e/*.sh; do
  [ -f "$s" ] || continue
  name=$(basename "$s" .sh)
  # English messages unless a script asks for another language
  env -u LANGUAGE LC_ALL=C.UTF-8 \
    BIN="$PWD/$first/imagreport" BUILD="$PWD/$first" SAN_BUILD="${2:+$PWD/$2}" sh "$s" >"$tmp/e2e" 2>&1
  rc=$?
  finished=0
  skipped_here=0
  while IFS= read -r line; do
    case "$line" in
      "ok "*) ok ;;
      "FAIL "*) bad "$name: ${line#FAIL }" ;;
      "skip "*) skip "$name: ${line#skip }"; skipped_here=1 ;;
      done) finished=1 ;;
      *) ;;
    esac
  done <"$tmp/e2e"
  # A script that exits non-zero, or ends before its last line without a skip, aborted.
  if [ $rc -ne 0 ] || { [ $finished -eq 0 ] && [ $skipped_here -eq 0 ]; }; then
    bad "$name: aborted (exit code $rc) before its end"
    sed 's/^/    /' "$tmp/e2e" | tail -n 20
  fi
done

if [ $fail -ne 0 ]; then
  echo "failed:$failed"
fi
if [ $skipped -ne 0 ]; then
  echo "skipped:$skipped_list"
  echo "$pass passed, $fail failed, $skipped skipped"
else
  echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
