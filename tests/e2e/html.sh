#!/bin/sh
# End-to-end: the visual report of `imagreport diff --html` in a real browser.
# A real edit (measure 1.4's status changed in a copy of the example), its report
# written with --html, loaded in headless Chromium (Debian's chromium, a fresh profile,
# no network services) and screenshotted; tests/tools/png.py reads the screenshot:
#  - the report is one self-contained file: no scripts, no external references;
#  - the screenshot is not blank;
#  - the highlight colour of a changed element fills the box where the first changed
#    element of the first page pair is drawn, on the new and on the old side — the box
#    computed from that element's rectangle in the HTML and the report's fixed geometry
#    (src/diff/html.c: body padding 16 px, summary 260 px + 16 px, heading 32 px, pages
#    420 px wide with a 1 px border, 24 px apart).
# Env: BIN. Protocol: tests/tools/e2e-lib.sh.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need python3 chromium
EX=reports/zwischenbericht-2025
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL $1: $2"; }

cp -r "$EX" "$T/r"
cp -r "$(dirname "$EX")/zwischenbericht-2023" "$T/"   # its previous: report
"$BIN" build "$T/r" -o "$T/a.pdf" --layout "$T/a.json" 2>"$T/err" || { fail build "$(head -c 300 "$T/err")"; finish; }
python3 tests/tools/set-status.py "$T/r/measures.yaml" 1.4 in_progress completed
"$BIN" build "$T/r" -o "$T/b.pdf" --layout "$T/b.json" 2>"$T/err" || { fail build "$(head -c 300 "$T/err")"; finish; }
"$BIN" diff "$T/a.json" "$T/b.json" --html "$T/report.html" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && [ -s "$T/report.html" ]; then echo "ok html-written"; else
  fail html-written "exit $rc: $(head -c 300 "$T/err")"; finish; fi

# self-contained and small
python3 - "$T/report.html" <<'EOF' && echo "ok html-self-contained" || fail html-self-contained "see above"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
assert "<script" not in h.lower(), "a script"
assert not re.search(r'\ssrc\s*=', h), "an src attribute"
refs = re.findall(r'(?:href|src|action|data)\s*=\s*"([^"]*)"', h)
assert refs and all(r.startswith("#") for r in refs), [r for r in refs if not r.startswith("#")][:3]
for tag in ("<link", "<img", "<iframe", "<object", "<embed", "<use", "<image", "<base"):
    assert tag not in h.lower(), tag
assert "@import" not in h and "url(" not in h, "CSS fetching something"
assert len(h) < 1_000_000, len(h)
EOF

# the browser
U="$T/profile"
mkdir -p "$U"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --user-data-dir="$U" \
  --force-device-scale-factor=1 --hide-scrollbars --window-size=1000,1000 \
  --screenshot="$T/shot.png" "file://$T/report.html" >"$T/chromium.log" 2>&1
if [ -s "$T/shot.png" ]; then echo "ok html-screenshot"; else
  fail html-screenshot "no screenshot: $(tail -n 5 "$T/chromium.log")"; finish; fi

python3 - "$T/report.html" "$T/shot.png" <<'EOF'
import re, subprocess, sys
html, shot = sys.argv[1], sys.argv[2]
h = open(html, encoding="utf-8").read()

def colour(rgb, box):
    out = subprocess.run([sys.executable, "tests/tools/png.py", "colour", shot, *map(str, rgb), "40",
                          *map(str, box)], check=True, capture_output=True, text=True).stdout.split()
    return int(out[0]), int(out[1])

# not blank: many colours
_, n_colours = colour((255, 212, 0), (0, 0, 0, 0))
print("ok html-not-blank" if n_colours >= 20 else f"FAIL html-not-blank: {n_colours} colours")

# the first page pair: its two pages, and the first changed element on each side
sec = h.index('<section class="page"')
svgs = re.findall(r'<svg class="pg"[^>]*viewBox="0 0 ([\d.]+) ([\d.]+)">(.*?)</svg>', h[sec:], re.S)[:2]
TOP = 16 + 260 + 16 + 32 + 1          # body padding, summary, its margin, heading, border
LEFT = {"old": 16 + 1, "new": 16 + 422 + 24 + 1}
for side, (w, _, body) in zip(("old", "new"), svgs):
    m = re.search(r'<rect id="[on]\d+" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" class="el ch"', body)
    if not m:
        print(f"FAIL html-highlight-{side}: no changed element in the first page pair")
        continue
    s = 420 / float(w)
    x, y, bw, bh = (float(v) * s for v in m.groups())
    box = (int(LEFT[side] + x) + 2, int(TOP + y) + 2, int(LEFT[side] + x + bw) - 3, int(TOP + y + bh) - 3)
    area = max(1, (box[2] - box[0] + 1) * (box[3] - box[1] + 1))
    hits, _ = colour((255, 212, 0), box)
    # the element's box is filled with the highlight (its text excerpt covers a little)
    if hits / area >= 0.5:
        print(f"ok html-highlight-{side}")
    else:
        print(f"FAIL html-highlight-{side}: {hits} of {area} pixels of the highlight in {box}")
    # and just above it (the element before it) is not highlighted
    above = (box[0], box[1] - 12, box[2], box[1] - 8)
    hits_above, _ = colour((255, 212, 0), above)
    print(f"ok html-highlight-{side}-only-there" if hits_above == 0 else
          f"FAIL html-highlight-{side}-only-there: {hits_above} highlight pixels above the element")
EOF
finish
