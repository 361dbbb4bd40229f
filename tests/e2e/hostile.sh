#!/bin/sh
# End-to-end: hostile input at and past every limit of README's "Limits on hostile input",
# and the regressions of issue #20 (each case names its defect); the cases are in
# tests/tools/hostile.py. Big inputs are generated there, never committed. Every case runs
# with the plain binary; many also with the sanitizer build (SAN_BUILD), so their error
# paths run under ASan/UBSan.
#
# Env: BIN (the imagreport binary), SAN_BUILD (optional). Needs python3.
# HOSTILE_ONLY=WORD runs only the cases whose function name contains WORD.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need python3
cd "$(dirname "$0")/../.." || exit 2
python3 tests/tools/hostile.py "$BIN" "$SAN_BIN" || exit 1
finish
