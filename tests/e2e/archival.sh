#!/bin/sh
# tests/e2e/archival.sh — the example report as an archival PDF (env BIN = the binary).
#
# Builds reports/zwischenbericht-2025 and checks: the PDF/A-2u clauses
# (tests/pdfa-check.sh), qpdf --check, title and author with umlauts in
# pdfinfo, the same bytes from another working directory and environment
# (env -i, other TZ and locale, absolute path) and from a copy of the report
# elsewhere, another /ID when one character of a copy changes,
# SOURCE_DATE_EPOCH in Info and XMP dates, source sentences (umlauts,
# „quotes“, – dashes) in pdftotext's output; failing writes (missing folder,
# target is a folder, target is /dev/full, file size limit, full file
# system) that leave the old PDF byte-identical and no partial file; and
# builds killed with SIGKILL at random moments that leave the previous PDF
# intact. One line per check: "ok NAME" or "FAIL NAME: why".
set -u
: "${BIN:?BIN must name the imagreport binary}"
. "$(dirname "$0")/../tools/e2e-lib.sh"
need qpdf pdftotext pdfinfo python3 timeout cmp
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REL=reports/zwischenbericht-2025
REPORT=$ROOT/$REL
TITLE="Ganzheitliches Handlungskonzept zur Prävention von gewaltbereitem Islamismus"
AUTHOR="Interministerielle Arbeitsgruppe Islamismusprävention des Landes Nordrhein-Westfalen"

tmp=$(mktemp -d)
small=""
cleanup() {
  [ -n "$small" ] && umount "$small" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }
first_line() { head -n 3 "$1" | tr '\n' ' ' | cut -c 1-300; }
# build OUT [extra env assignments...]: the example from the repository root
build() {
  out=$1
  shift
  (cd "$ROOT" && env -u SOURCE_DATE_EPOCH "$@" "$BIN" build "$REL" -o "$out") >"$tmp/build.log" 2>&1
}
pdf_id() { qpdf --show-object=trailer "$1" 2>/dev/null | grep -o '/ID \[ <[0-9a-fA-F]*>' | sed 's/.*<//; s/>//'; }
# stray files beside a target other than hidden temporaries of it
strays() {
  re=$(printf '%s' "$2" | sed 's/[.]/\\./g')
  ls -A "$1" | grep -E -v -x -e "$re" -e "\\.$re\\.[A-Za-z0-9]{6}" | tr '\n' ' '
}

# ---- the build ------------------------------------------------------------
if build "$tmp/a.pdf"; then
  ok build
else
  fail build "exit code $?: $(first_line "$tmp/build.log")"
  exit 0
fi

# ---- PDF/A-2u clauses and syntax ------------------------------------------
sh "$ROOT/tests/pdfa-check.sh" "$tmp/a.pdf" | sed 's/^ok /ok pdfa-/; s/^FAIL /FAIL pdfa-/'
if qpdf --check "$tmp/a.pdf" >"$tmp/qpdf.log" 2>&1 && ! grep -q WARNING "$tmp/qpdf.log"; then
  ok qpdf-check
else
  fail qpdf-check "$(first_line "$tmp/qpdf.log")"
fi

# ---- metadata as a reader shows it ------------------------------------------
pdfinfo -enc UTF-8 "$tmp/a.pdf" >"$tmp/info.txt" 2>&1
if grep -q -x "Title: *$TITLE" "$tmp/info.txt" && grep -q -x "Author: *$AUTHOR" "$tmp/info.txt"; then
  ok pdfinfo-umlauts
else
  fail pdfinfo-umlauts "$(grep -e '^Title' -e '^Author' "$tmp/info.txt" | tr '\n' ' ')"
fi

# ---- reproducible: other directory, environment, path ----------------------
(cd "$tmp" && env -i PATH=/usr/bin:/bin HOME=/nonexistent TZ=Pacific/Chatham LANG=de_DE.UTF-8 \
  LC_ALL=de_DE.UTF-8 LC_NUMERIC=de_DE.UTF-8 "$BIN" build "$REPORT" -o b.pdf) >"$tmp/b.log" 2>&1
if [ ! -f "$tmp/b.pdf" ]; then
  fail reproducible-env "second build failed: $(first_line "$tmp/b.log")"
elif cmp -s "$tmp/a.pdf" "$tmp/b.pdf"; then
  ok reproducible-env
else
  fail reproducible-env "$(cmp "$tmp/a.pdf" "$tmp/b.pdf" 2>&1 | head -n 1)"
fi

mkdir -p "$tmp/copy" "$tmp/changed"
cp -R "$REPORT" "$tmp/copy/"
cp -R "$REPORT" "$tmp/changed/"
# the previous report of the series (previous: ../zwischenbericht-2023) goes along
cp -R "$(dirname "$REPORT")/zwischenbericht-2023" "$tmp/copy/"
cp -R "$(dirname "$REPORT")/zwischenbericht-2023" "$tmp/changed/"
(cd "$tmp/copy" && env -u SOURCE_DATE_EPOCH "$BIN" build zwischenbericht-2025 -o ../c.pdf) >"$tmp/c.log" 2>&1
if [ ! -f "$tmp/c.pdf" ]; then
  fail reproducible-copy "build of a copy failed: $(first_line "$tmp/c.log")"
elif cmp -s "$tmp/a.pdf" "$tmp/c.pdf"; then
  ok reproducible-copy
else
  fail reproducible-copy "a copy of the report elsewhere gives other bytes (/ID $(pdf_id "$tmp/c.pdf") vs $(pdf_id "$tmp/a.pdf"))"
fi

# ---- one character changed: another /ID -------------------------------------
# one letter of the first prose line of the first chapter: e -> a
changed_file=$(python3 - "$tmp/changed/zwischenbericht-2025/chapters" <<'PYEOF'
import os, re, sys
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if not name.endswith(".md"):
        continue
    lines = open(os.path.join(d, name), encoding="utf-8").read().split("\n")
    for i, l in enumerate(lines):
        if re.match(r"[A-ZÄÖÜa-zäöü]", l) and "e" in l:
            lines[i] = l.replace("e", "a", 1)
            open(os.path.join(d, name), "w", encoding="utf-8").write("\n".join(lines))
            print(name)
            sys.exit(0)
PYEOF
)
if [ -z "$changed_file" ]; then
  fail id-changes "found no prose line to change in the copy"
elif ! (cd "$tmp/changed" && env -u SOURCE_DATE_EPOCH "$BIN" build zwischenbericht-2025 -o ../d.pdf) >"$tmp/d.log" 2>&1; then
  fail id-changes "build of the changed copy failed: $(first_line "$tmp/d.log")"
else
  ida=$(pdf_id "$tmp/a.pdf")
  idd=$(pdf_id "$tmp/d.pdf")
  if [ -n "$ida" ] && [ -n "$idd" ] && [ "$ida" != "$idd" ]; then
    ok id-changes
  else
    fail id-changes "/ID '$ida' vs '$idd'"
  fi
fi

# ---- SOURCE_DATE_EPOCH --------------------------------------------------------
build "$tmp/sde.pdf" SOURCE_DATE_EPOCH=1700000000
pdfinfo -isodates "$tmp/a.pdf" >"$tmp/a.dates" 2>&1
pdfinfo -isodates "$tmp/sde.pdf" >"$tmp/sde.dates" 2>&1
if ! [ -f "$tmp/sde.pdf" ]; then
  fail source-date-epoch "build failed: $(first_line "$tmp/build.log")"
elif grep -q -x 'CreationDate: *2023-11-14T22:13:20Z' "$tmp/sde.dates" &&
     grep -q -x 'ModDate: *2023-11-14T22:13:20Z' "$tmp/sde.dates" &&
     grep -a -q '<xmp:CreateDate>2023-11-14T22:13:20+00:00</xmp:CreateDate>' "$tmp/sde.pdf" &&
     ! grep -q '2023-11-14' "$tmp/a.dates" &&
     sh "$ROOT/tests/pdfa-check.sh" "$tmp/sde.pdf" | grep -x 'ok xmp-info' >/dev/null; then
  ok source-date-epoch
else
  fail source-date-epoch "$(grep Date "$tmp/sde.dates" | tr '\n' ' ')"
fi

# ---- text comes back out ------------------------------------------------------
pdftotext -enc UTF-8 "$tmp/a.pdf" "$tmp/a.txt" 2>"$tmp/pdftotext.err"
missing=$(python3 - "$tmp/a.txt" <<'PYEOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
# undo line-end hyphenation, join lines
text = re.sub(r"(?<=[a-zäöüß])-\n(?=[a-zäöüß])", "", text)
text = re.sub(r"\s+", " ", text.replace("\u00ad", ""))
phrases = [
    "UAG „Schule und Jugend“ (Vorsitz: MSB und MKJFGFI)",
    "verändert hat – neben den gewaltbereiten Salafismus",
    "Eltern, die in einer Angehörigengruppe Halt gefunden haben",
    "manchmal nur wenige Wochen – und die Eltern merken davon nichts.",
    "Vorwort",
]
print(" | ".join(p for p in phrases if p not in text))
PYEOF
)
if [ -z "$missing" ] && [ ! -s "$tmp/pdftotext.err" ]; then
  ok pdftotext-source-text
else
  fail pdftotext-source-text "missing: $missing $(first_line "$tmp/pdftotext.err")"
fi

# ---- strings within PDF's limit of 32,767 bytes ----------------------------------
# A 120 KB heading (outline title), 50,000 keywords (Info and XMP) and a link
# whose URI is 40,000 bytes: the first two shortened, the link dropped with a
# warning; still PDF/A, and no string in the file longer than the limit.
cp -R "$REPORT" "$tmp/long"
cp -R "$(dirname "$REPORT")/zwischenbericht-2023" "$tmp/"
python3 - "$tmp/long" <<'PYEOF'
import sys
d = sys.argv[1]
with open(d + "/report.yaml", encoding="utf-8") as fh:
    y = fh.read()
y = y.replace("keywords:\n", "keywords:\n" + "".join("  - Stichwort%d\n" % i for i in range(50000)), 1)
with open(d + "/report.yaml", "w", encoding="utf-8") as fh:
    fh.write(y)
with open(d + "/chapters/05-ausblick.md", "a", encoding="utf-8") as fh:
    fh.write("\n\n## " + "Überschrift " * 10000 + "\n\nSiehe [hier](https://example.org/"
             + "a" * 40000 + ").\n")
PYEOF
if (cd "$tmp" && "$BIN" build long -o "$tmp/long.pdf") >"$tmp/long.log" 2>&1; then
  if ! grep -q "warning: link on page [0-9]* dropped: its URI is 40020 bytes" "$tmp/long.log"; then
    fail long-strings "no warning about the dropped link: $(first_line "$tmp/long.log")"
  elif ! qpdf --check "$tmp/long.pdf" >/dev/null 2>&1; then
    fail long-strings "qpdf --check: $(qpdf --check "$tmp/long.pdf" 2>&1 | grep -v '^checking\|^PDF Version\|^File is not' | head -n 2 | tr '\n' ' ')"
  else
    bad=$(sh "$ROOT/tests/pdfa-check.sh" "$tmp/long.pdf" | grep -v '^ok ' | head -n 2 | tr '\n' ' ')
    qpdf --json=2 --json-key=qpdf "$tmp/long.pdf" >"$tmp/long.json" 2>/dev/null
    longest=$(python3 - "$tmp/long.json" <<'PYEOF'
import json, sys
# qpdf's JSON: text strings as "u:TEXT", binary ones as "b:HEX"
def size(v):
    if v.startswith("u:"):
        t = v[2:]
        return len(t) if all(ord(c) < 128 for c in t) else 2 + len(t.encode("utf-16-be"))
    return (len(v) - 2) // 2 if v.startswith("b:") else 0
def walk(v):
    if isinstance(v, dict):
        return max([walk(x) for x in v.values()] + [0])
    if isinstance(v, list):
        return max([walk(x) for x in v] + [0])
    return size(v) if isinstance(v, str) else 0
objs = json.load(open(sys.argv[1]))["qpdf"][1]
print(walk(objs))
PYEOF
)
    kw=$(pdfinfo -enc UTF-8 "$tmp/long.pdf" 2>/dev/null | sed -n 's/^Keywords: *//p')
    if [ -n "$bad" ]; then
      fail long-strings "pdfa-check: $bad"
    elif [ -z "$longest" ] || [ "$longest" -gt 32767 ] || [ "$longest" -lt 30000 ]; then
      fail long-strings "longest string ${longest:-?} bytes (want 30000..32767)"
    else
      case $kw in
        Stichwort0,\ Stichwort1,*…) ok "long-strings (longest $longest bytes)" ;;
        *) fail long-strings "keywords not shortened with …: $(printf '%s' "$kw" | cut -c 1-80)" ;;
      esac
    fi
  fi
else
  fail long-strings "exit code $?: $(first_line "$tmp/long.log")"
fi

# ---- failing writes leave the old file ----------------------------------------
# a folder that does not exist
build "$tmp/nope/out.pdf"
rc=$?
if [ $rc -eq 3 ] && grep -q -x "$tmp/nope/out.pdf: error: cannot write PDF: No such file or directory" "$tmp/build.log" &&
   [ ! -e "$tmp/nope" ]; then
  ok write-missing-folder
else
  fail write-missing-folder "exit $rc: $(first_line "$tmp/build.log")"
fi

# the target is a folder
mkdir "$tmp/dir.pdf"
build "$tmp/dir.pdf"
rc=$?
if [ $rc -eq 3 ] && grep -q "cannot write PDF: Is a directory" "$tmp/build.log" && [ -d "$tmp/dir.pdf" ] &&
   [ -z "$(ls -A "$tmp/dir.pdf")" ] && [ -z "$(ls -A "$tmp" | grep '^\.dir\.pdf\.')" ]; then
  ok write-target-is-folder
else
  fail write-target-is-folder "exit $rc: $(first_line "$tmp/build.log")"
fi

# the target is /dev/full (through a symbolic link): refused, nothing replaced
ln -s /dev/full "$tmp/full.pdf"
build "$tmp/full.pdf"
rc=$?
if [ $rc -eq 3 ] && grep -q "cannot write PDF: not a regular file" "$tmp/build.log" &&
   [ "$(readlink "$tmp/full.pdf")" = /dev/full ] && [ -c /dev/full ]; then
  ok write-dev-full
else
  fail write-dev-full "exit $rc: $(first_line "$tmp/build.log")"
fi

# a file size limit below the PDF's size: EFBIG, the old PDF stays
mkdir "$tmp/lim"
cp "$tmp/sde.pdf" "$tmp/lim/keep.pdf"
size=$(wc -c <"$tmp/a.pdf")
limit=$((size / 2))
if command -v prlimit >/dev/null 2>&1; then
  (cd "$ROOT" && env -u SOURCE_DATE_EPOCH prlimit --fsize=$limit "$BIN" build "$REL" -o "$tmp/lim/keep.pdf") >"$tmp/build.log" 2>&1
else
  (cd "$ROOT" && ulimit -f $((limit / 512)) && env -u SOURCE_DATE_EPOCH "$BIN" build "$REL" -o "$tmp/lim/keep.pdf") >"$tmp/build.log" 2>&1
fi
rc=$?
if [ $rc -eq 3 ] && grep -q "cannot write PDF: File too large" "$tmp/build.log" &&
   cmp -s "$tmp/sde.pdf" "$tmp/lim/keep.pdf" && [ "$(ls -A "$tmp/lim")" = keep.pdf ]; then
  ok write-file-size-limit
else
  fail write-file-size-limit "exit $rc: $(first_line "$tmp/build.log"); files: $(ls -A "$tmp/lim" | tr '\n' ' ')"
fi

# a full file system (a small tmpfs; skipped where mounting is not allowed)
mkdir "$tmp/small"
if mount -t tmpfs -o size=$((size / 2 + 4096)) tmpfs "$tmp/small" 2>/dev/null; then
  small="$tmp/small"
  head -c $((size / 4)) /dev/urandom >"$tmp/small/keep.pdf"
  cp "$tmp/small/keep.pdf" "$tmp/keep.orig"
  build "$tmp/small/keep.pdf"
  rc=$?
  if [ $rc -eq 3 ] && grep -q "cannot write PDF: No space left on device" "$tmp/build.log" &&
     cmp -s "$tmp/keep.orig" "$tmp/small/keep.pdf" && [ "$(ls -A "$tmp/small")" = keep.pdf ]; then
    ok write-disk-full
  else
    fail write-disk-full "exit $rc: $(first_line "$tmp/build.log"); files: $(ls -A "$tmp/small" | tr '\n' ' ')"
  fi
  umount "$tmp/small" && small=""
fi

# ---- killed builds leave the previous PDF ---------------------------------------
# How long a build takes, then ten builds killed after a random share of it.
t0=$(date +%s%N)
build "$tmp/timing.pdf"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
[ $ms -lt 50 ] && ms=50
mkdir "$tmp/kill"
cp "$tmp/sde.pdf" "$tmp/kill/r.pdf"
killed=0 completed=0 bad=""
i=0
while [ $i -lt 10 ]; do
  i=$((i + 1))
  r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
  delay=$(awk -v ms=$ms -v r="$r" -v i=$i 'BEGIN { printf "%.3f", ms * (0.1 * i + 0.15 * r / 65535) / 1000 }')
  # (the subshell waits itself, so that its "Killed" notice goes to /dev/null)
  (cd "$ROOT" && env -u SOURCE_DATE_EPOCH timeout -s KILL "$delay" "$BIN" build "$REL" -o "$tmp/kill/r.pdf"
   rc=$?
   exit $rc) >/dev/null 2>&1
  rc=$?
  if cmp -s "$tmp/kill/r.pdf" "$tmp/sde.pdf"; then
    [ $rc -eq 0 ] && bad="$bad run $i exited 0 without replacing the file;"
    killed=$((killed + 1))
  elif cmp -s "$tmp/kill/r.pdf" "$tmp/a.pdf"; then
    completed=$((completed + 1))
    cp "$tmp/sde.pdf" "$tmp/kill/r.pdf"
  else
    bad="$bad run $i (killed after ${delay}s, exit $rc) left another file;"
    cp "$tmp/sde.pdf" "$tmp/kill/r.pdf"
  fi
  s=$(strays "$tmp/kill" r.pdf)
  [ -n "$s" ] && bad="$bad run $i left $s;"
done
if [ -z "$bad" ] && qpdf --check "$tmp/kill/r.pdf" >/dev/null 2>&1; then
  ok "sigkill-keeps-previous-pdf ($killed killed, $completed completed)"
else
  fail sigkill-keeps-previous-pdf "$bad"
fi
finish
