#!/bin/sh
# tests/run.sh BUILD [SAN_BUILD] — runs every test and ends with "N passed, N failed".
#
#  - unit tests (cmocka) of every stage, in each build given;
#  - invalid report folders (tests/invalid/*/): `imagreport check` must exit 1 and print
#    exactly the lines of the folder's `expected` file, in each build given;
#  - end-to-end scripts (tests/e2e/*.sh) with the first build: each prints one line per
#    check, "ok NAME" or "FAIL NAME: why".
set -u
cd "$(dirname "$0")/.." || exit 2
pass=0
fail=0
failed=""
ok() { pass=$((pass + 1)); }
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
    [ -f "$d/expected" ] || continue
    d=${d%/}
    "$build/imagreport" check "$d" >"$tmp/stdout" 2>"$tmp/stderr"
    rc=$?
    if [ $rc -ne 1 ]; then
      bad "$build: $d: exit code $rc, expected 1"
      sed 's/^/    /' "$tmp/stderr" | head -n 10
    elif ! diff -u "$d/expected" "$tmp/stderr" >"$tmp/diff"; then
      bad "$build: $d: diagnostics differ"
      sed 's/^/    /' "$tmp/diff" | head -n 20
    else
      ok
    fi
  done
done

first=${1:-build}
for s in tests/e2e/*.sh; do
  [ -f "$s" ] || continue
  BIN="$PWD/$first/imagreport" BUILD="$PWD/$first" SAN_BUILD="${2:+$PWD/$2}" sh "$s" >"$tmp/e2e" 2>&1
  rc=$?
  lines=0
  while IFS= read -r line; do
    case "$line" in
      "ok "*) ok; lines=$((lines + 1)) ;;
      "FAIL "*) bad "$(basename "$s"): ${line#FAIL }"; lines=$((lines + 1)) ;;
      *) ;;
    esac
  done <"$tmp/e2e"
  if [ $rc -ne 0 ] && [ $lines -eq 0 ]; then
    bad "$(basename "$s"): exit code $rc"
    sed 's/^/    /' "$tmp/e2e" | tail -n 20
  fi
done

if [ $fail -ne 0 ]; then
  echo "failed:$failed"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
