# tests/tools/e2e-lib.sh — sourced by the end-to-end scripts (tests/e2e/*.sh).
#
# The protocol tests/run.sh reads from a script's output:
#   ok NAME            a check passed
#   FAIL NAME: why     a check failed
#   skip NAME: why     a check (or the whole script) could not run; counted and printed,
#                      and a failure when CI=true (CI must have every tool)
#   done               the script's last line: a script that ends without it, or exits
#                      non-zero, has aborted midway and fails.

# need TOOL...: skips the whole script (counted) when a tool is missing.
need() {
  for _t in "$@"; do
    if ! command -v "$_t" >/dev/null 2>&1; then
      echo "skip all checks: needs $_t (make deps installs it)"
      exit 0
    fi
  done
}

# finish: the script ran to its end.
finish() {
  echo done
  exit 0
}

# SAN_BIN: the sanitizer build's binary when run.sh passes one (SAN_BUILD), else empty.
SAN_BIN=""
if [ -n "${SAN_BUILD:-}" ] && [ -x "$SAN_BUILD/imagreport" ]; then SAN_BIN="$SAN_BUILD/imagreport"; fi
