#!/bin/sh
# tests/bench.sh BUILD — time and peak memory of `imagreport build` on generated
# reports: 40, 1000 and 5000 measures, and one chapter of about 100 pages of
# prose. Reports figures only; it asserts nothing (run by `make bench`).
#
# Targets: 1000 measures (~900 pages) in < 0.5 s and < 150 MB, growing linearly.
set -u
BUILD=${1:-build}
BIN=$BUILD/imagreport
GEN=$BUILD/tests/gen-measures
for f in "$BIN" "$GEN"; do
  [ -x "$f" ] || { echo "bench: $f is missing (make BUILD=$BUILD all $GEN)" >&2; exit 2; }
done
command -v pdfinfo >/dev/null 2>&1 || { echo "bench: pdfinfo (poppler-utils) is missing" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run_timed OUTFILE CMD... : writes "wall_seconds cpu_seconds peak_kB" of CMD into OUTFILE
if [ -x /usr/bin/time ]; then
  run_timed() {
    out=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$out.raw" "$@" || return 1
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$out.raw" >"$out"
  }
else
  # no GNU time: wall clock and the children's peak RSS through python3
  run_timed() {
    out=$1; shift
    python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.run(sys.argv[2:]).returncode
e = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write("%.2f %.2f %d\n" % (e, ru.ru_utime + ru.ru_stime, ru.ru_maxrss))
sys.exit(rc)
PY
  }
fi

# bench NAME MEASURES DIR RUNS: prints one line of the table (best of RUNS)
bench() {
  name=$1 n=$2 dir=$3 runs=$4
  best_s="" best_c="" best_m=""
  i=0
  while [ $i -lt "$runs" ]; do
    if ! run_timed "$tmp/time" "$BIN" build "$dir" -o "$tmp/$name.pdf" >/dev/null 2>"$tmp/err"; then
      printf '%-14s %8s  build failed: %s\n' "$name" "$n" "$(grep -v '^Command' "$tmp/err" | head -n 1)"
      return
    fi
    read -r s c m <"$tmp/time"
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; fi
    if [ -z "$best_c" ] || awk "BEGIN{exit !($c < $best_c)}"; then best_c=$c; fi
    if [ -z "$best_m" ] || [ "$m" -lt "$best_m" ]; then best_m=$m; fi
    i=$((i + 1))
  done
  pages=$(pdfinfo "$tmp/$name.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  awk -v name="$name" -v n="$n" -v p="${pages:-?}" -v s="$best_s" -v c="$best_c" -v m="$best_m" 'BEGIN {
    pps = (s > 0 && p + 0 > 0) ? sprintf("%9.0f", p / s) : "        -";
    printf "%-14s %8s %7s %9.2f %9.2f %9.1f %s\n", name, n, p, s, c, m / 1024, pps }'
}

"$GEN" 40 "$tmp/m40" && "$GEN" 1000 "$tmp/m1000" && "$GEN" 5000 "$tmp/m5000" &&
  "$GEN" --prose 100 "$tmp/prose" || { echo "bench: gen-measures failed" >&2; exit 1; }

echo "imagreport bench ($(nproc 2>/dev/null || echo ?) cores, load $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?);" \
  "best of 3 runs, 5000: 1 run; seconds = wall clock, cpu s = user + system)"
printf '%-14s %8s %7s %9s %9s %9s %9s\n' case measures pages seconds "cpu s" "peak MB" pages/s
bench measures-40 40 "$tmp/m40" 3
bench measures-1000 1000 "$tmp/m1000" 3
bench measures-5000 5000 "$tmp/m5000" 1
bench prose-100 0 "$tmp/prose" 3

# Hyphenation: wrong and missed breaks on tests/data/hyphenation-de.txt, TeX's
# patterns as imagreport loads them against LibreOffice's hyphen-de (what
# imagreport used before; Debian package hyphen-de, installed by make bench).
HE=$BUILD/tests/hyph-eval
if [ -x "$HE" ]; then
  echo
  echo "hyphenation (tests/data/hyphenation-de.txt; wrong: a break the list does not have)"
  "$HE" tests/data/hyphenation-de.txt default /usr/share/hyphen/hyph_de_DE.dic
fi
