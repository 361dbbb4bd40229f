#!/bin/sh
# End-to-end: hostile input at and past every limit of README's "Limits on hostile input",
# and the regressions of issue #20 (each case names its defect). Big inputs are generated
# here, never committed. Every case runs with the plain binary; the ones marked san=True
# also with the sanitizer build (SAN_BUILD), so their error paths run under ASan/UBSan.
#
# Env: BIN (the imagreport binary), SAN_BUILD (optional). Prints "ok NAME" or
# "FAIL NAME: why" per check. Needs python3.
set -u
command -v python3 >/dev/null 2>&1 || { echo "FAIL hostile: python3 is missing"; exit 1; }
cd "$(dirname "$0")/../.." || exit 2
SAN_BIN=""
if [ -n "${SAN_BUILD:-}" ] && [ -x "$SAN_BUILD/imagreport" ]; then SAN_BIN="$SAN_BUILD/imagreport"; fi
exec python3 tests/tools/hostile.py "$BIN" "$SAN_BIN"
