#!/bin/sh
# End-to-end: builds for CI and editors.
#  - build --deps OUT.d: a make-style file listing every file the build read and nothing
#    else — compared with the files the build really opens (strace), and used by make;
#  - several report folders in one build call (-o a folder): built in parallel processes,
#    each PDF, layout dump and dependency file byte for byte that of a single build; a
#    broken report fails the call but not the others' outputs;
#  - watch: a scripted edit is rebuilt, a failed build prints its diagnostics and keeps
#    the last good PDF, the fix is rebuilt (each step waited for with a timeout).
# Env: BIN, BUILD. Protocol: tests/tools/e2e-lib.sh.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need python3 strace make pdftotext
EX=reports/zwischenbericht-2025
T=$(mktemp -d)
WPID=
trap '[ -n "$WPID" ] && kill "$WPID" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL $1: $2"; }
cp -r "$EX" "$T/r"
cp -r "$(dirname "$EX")/zwischenbericht-2023" "$T/"   # its previous: report

# --- --deps ---------------------------------------------------------------------------------
strace -f -qq -e trace=open,openat -e status=successful -o "$T/trace" \
  "$BIN" build "$T/r" -o "$T/a.pdf" --deps "$T/a.d" 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$T/a.d" ]; then echo "ok deps-written"; else fail deps-written "exit $rc: $(head -c 300 "$T/err")"; fi
python3 - "$T/a.d" "$T/trace" "$T" "$BUILD" <<'EOF' && echo "ok deps-every-input-and-nothing-else" || fail deps-every-input-and-nothing-else "see above"
import os, re, sys
dfile, trace, tmp, build = sys.argv[1:5]
text = open(dfile, encoding="utf-8").read()
rules = text.split("\n\n")
head = rules[0].replace("\\\n", " ")
target, _, rest = head.partition(":")
assert target == os.path.join(tmp, "a.pdf"), target
deps = re.findall(r"(?:\\.|[^\s\\])+", rest)
deps = [re.sub(r"\\(.)", r"\1", d) for d in deps]
assert len(deps) == len(set(deps)), "a file listed twice"
# every file also has an empty rule (make does not fail when one is deleted)
empty = {r.strip()[:-1] for r in rules[1:] if r.strip()}
assert empty == set(deps), set(deps) ^ empty
real = {os.path.realpath(d) for d in deps}
assert all(os.path.isfile(d) for d in real), [d for d in real if not os.path.isfile(d)]
# what the build opened for reading: regular files, less the system's own
opened = set()
for line in open(trace, encoding="utf-8", errors="replace"):
    m = re.search(r'open(?:at)?\((?:[^,]*, )?"([^"]*)", ([A-Z_|]+)', line)
    if not m or "O_WRONLY" in m.group(2) or "O_RDWR" in m.group(2) or "O_DIRECTORY" in m.group(2):
        continue
    p = os.path.realpath(m.group(1))
    if os.path.isfile(p):
        opened.add(p)
system = ("/etc/", "/usr/lib/", "/lib/", "/proc/", "/sys/", "/dev/", "/usr/share/locale/",
          "/usr/share/fontconfig/", "/var/cache/fontconfig/", "/usr/share/zoneinfo/",
          os.path.realpath(os.path.join(build, "locale")) + "/", os.path.expanduser("~/.cache/"))
opened = {p for p in opened if not p.startswith(system)}
assert real == opened, ("listed, not read", sorted(real - opened), "read, not listed", sorted(opened - real))
kinds = {os.path.splitext(p)[1] for p in real}
assert {".yaml", ".md", ".png", ".ttf", ".icc"} <= kinds, kinds
EOF
# make uses it: up to date, and out of date after an edit of a chapter
printf 'include %s\n%s:\n\ttouch $@\n' "$T/a.d" "$T/a.pdf" >"$T/Makefile"
if make -s -q -f "$T/Makefile" "$T/a.pdf"; then echo "ok deps-make-up-to-date"; else fail deps-make-up-to-date "make -q says out of date"; fi
sleep 1
touch "$T/r/chapters/03-ansatz.md"
if make -s -q -f "$T/Makefile" "$T/a.pdf"; then fail deps-make-sees-edit "make -q says up to date after an edit"; else echo "ok deps-make-sees-edit"; fi

# --- several report folders in one call -------------------------------------------------------
for n in zwischenbericht-2025 zwischenbericht-2023; do
  "$BIN" build "reports/$n" -o "$T/$n.pdf" --layout "$T/$n.json" --deps "$T/$n.d" 2>/dev/null
done
mkdir -p "$T/out" "$T/lay" "$T/dep"
"$BIN" build reports/zwischenbericht-2025 reports/zwischenbericht-2023 -o "$T/out" --layout "$T/lay" --deps "$T/dep" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && echo "ok batch-exit-0" || fail batch-exit-0 "exit $rc: $(head -c 300 "$T/err")"
same=0
for n in zwischenbericht-2025 zwischenbericht-2023; do
  # the dependency files differ in their first line only: the target (the PDF's path)
  cmp -s "$T/out/$n.pdf" "$T/$n.pdf" && cmp -s "$T/lay/$n.json" "$T/$n.json" &&
    [ "$(head -n 1 "$T/dep/$n.d")" = "$T/out/$n.pdf: \\" ] &&
    [ "$(tail -n +2 "$T/dep/$n.d")" = "$(tail -n +2 "$T/$n.d")" ] && same=$((same + 1))
done
[ $same -eq 2 ] && echo "ok batch-byte-identical-to-single-builds" ||
  fail batch-byte-identical-to-single-builds "$same of 2 reports identical"
# one broken report: the call fails, its diagnostics are printed, the other is written
cp -r "$EX" "$T/broken"
printf 'titel: Tippfehler\n' >>"$T/broken/report.yaml"
rm -rf "$T/out2"; mkdir "$T/out2"
"$BIN" build "$T/broken" reports/zwischenbericht-2023 -o "$T/out2" -j 2 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "broken/report.yaml:[0-9]*:[0-9]*: error: .*titel" "$T/err" &&
   [ ! -e "$T/out2/broken.pdf" ] && cmp -s "$T/out2/zwischenbericht-2023.pdf" "$T/zwischenbericht-2023.pdf"; then
  echo "ok batch-broken-report"
else
  fail batch-broken-report "exit $rc, $(ls "$T/out2"), $(head -c 300 "$T/err")"
fi
"$BIN" build reports/zwischenbericht-2025 reports/zwischenbericht-2023 -o "$T/a.pdf" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "must name an existing folder" "$T/err" && echo "ok batch-output-not-a-folder" ||
  fail batch-output-not-a-folder "exit $rc: $(cat "$T/err")"
"$BIN" build reports/zwischenbericht-2023 "$T/zwischenbericht-2023" -o "$T/out2" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "would both write zwischenbericht-2023.pdf" "$T/err" && echo "ok batch-same-name" ||
  fail batch-same-name "exit $rc: $(cat "$T/err")"

# --- watch --------------------------------------------------------------------------------------
"$BIN" watch "$T/r" -o "$T/w.pdf" >"$T/watch.log" 2>&1 &
WPID=$!
# wait_for PATTERN COUNT: until the log has COUNT lines matching, at most 60 s
wait_for() {
  i=0
  while [ $i -lt 300 ]; do
    [ "$(grep -c "$1" "$T/watch.log")" -ge "$2" ] && return 0
    kill -0 "$WPID" 2>/dev/null || return 1
    sleep 0.2
    i=$((i + 1))
  done
  return 1
}
if wait_for "^imagreport: built " 1; then echo "ok watch-first-build"; else
  fail watch-first-build "$(tail -n 5 "$T/watch.log")"; finish; fi
printf '\nIm Berichtszeitraum hat die Arbeitsgruppe zudem den Leitfaden Wachsamkeitsprobe erprobt.\n' \
  >>"$T/r/chapters/05-ausblick.md"
if wait_for "^imagreport: built " 2 && pdftotext "$T/w.pdf" - | grep -q "Wachsamkeitsprobe"; then
  echo "ok watch-rebuilds-on-edit"
else
  fail watch-rebuilds-on-edit "$(tail -n 5 "$T/watch.log")"
fi
cp "$T/w.pdf" "$T/good.pdf"
cp "$T/r/report.yaml" "$T/report.yaml.good"
printf 'titel: Tippfehler\n' >>"$T/r/report.yaml"
if wait_for "^imagreport: build failed" 1 && grep -q "report.yaml:[0-9]*:[0-9]*: error: .*titel" "$T/watch.log" &&
   cmp -s "$T/w.pdf" "$T/good.pdf"; then
  echo "ok watch-failed-build-keeps-pdf"
else
  fail watch-failed-build-keeps-pdf "$(tail -n 5 "$T/watch.log")"
fi
cp "$T/report.yaml.good" "$T/r/report.yaml"
if wait_for "^imagreport: built " 3; then echo "ok watch-recovers"; else
  fail watch-recovers "$(tail -n 5 "$T/watch.log")"; fi
# a file outside the report that the build read: the previous report
printf '\n' >>"$T/zwischenbericht-2023/report.yaml"
if wait_for "^imagreport: built " 4; then echo "ok watch-sees-files-outside-the-folder"; else
  fail watch-sees-files-outside-the-folder "$(tail -n 5 "$T/watch.log")"; fi
kill "$WPID" 2>/dev/null
wait "$WPID" 2>/dev/null
WPID=
finish
