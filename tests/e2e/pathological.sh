#!/bin/sh
# End-to-end: the pathological Markdown inputs of cmark-gfm's own tests and of its 2023
# advisories run through the tool with a memory limit; shapes that cmark-gfm parses in
# more than linear time or memory are refused before parsing, with a positioned error.
# The cases are in tests/tools/pathological.py; their times are printed as figures.
#
# Env: BIN (the imagreport binary), SAN_BUILD (optional). Needs python3.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need python3
cd "$(dirname "$0")/../.." || exit 2
python3 tests/tools/pathological.py "$BIN" "$SAN_BIN" || exit 1
finish
