#!/bin/sh
# End-to-end: a generated report of 1000 measures (tests/tools/gen-measures.c).
# Env: BIN (the imagreport binary), BUILD (holds tests/gen-measures).
# Checks, from the layout dump and the PDF text:
#   - every measure is exactly once in its field's overview table, and has one detail block;
#   - every page on which a table continues starts that table with its header row;
#   - no table row reaches into the header or footer area;
#   - the ~3-page indicator name of measure 3.1 is split over >= 3 pages, all its text present.
# Prints "ok NAME" or "FAIL NAME: why" per check.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need python3 pdftotext
GEN=${BUILD:-build}/tests/gen-measures
if [ ! -x "$GEN" ]; then
  echo "FAIL gen-measures: $GEN is missing"
  exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! "$GEN" 1000 "$T/r" 2>"$T/err"; then
  echo "FAIL generate: $(head -c 300 "$T/err")"
  exit 0
fi
if ! "$BIN" build "$T/r" -o "$T/r.pdf" --layout "$T/r.json" >"$T/out" 2>"$T/err" || [ ! -s "$T/r.pdf" ]; then
  echo "FAIL build-1000: $(head -c 300 "$T/err")"
  exit 0
fi
echo "ok build-1000"

python3 - "$T/r/measures.yaml" "$T/r.json" "$T/r.pdf" templates/default.yaml <<'PY'
import json, re, subprocess, sys

measures_yaml, dump_path, pdf, template = sys.argv[1:5]

def result(name, problems):
    if problems:
        print("FAIL %s: %s" % (name, "; ".join(problems[:5]) + (" (+%d more)" % (len(problems) - 5) if len(problems) > 5 else "")))
    else:
        print("ok " + name)

# the measures as generated: id -> field
ids = {}
for m in re.finditer(r'^  - id: "(\d+)\.(\d+)"\n    field: "(\d+)"', open(measures_yaml, encoding="utf-8").read(), re.M):
    ids[m.group(1) + "." + m.group(2)] = m.group(3)
huge_name = re.search(r'name: "(Indikator mit sehr langer Beschreibung: [^"]*)"',
                      open(measures_yaml, encoding="utf-8").read()).group(1)

# the body area of the default template
tpl = open(template, encoding="utf-8").read()
def num(key):
    return float(re.search(r"^\s*%s:\s*([0-9.]+)" % key, tpl, re.M).group(1))
body_top, body_bottom = num("margin_top"), num("height") - num("margin_bottom")

dump = json.load(open(dump_path, encoding="utf-8"))
pages = dump["pages"]

# --- overview tables: one row per measure, in its field's table only
problems = []
rows = {}
for p in pages:
    for e in p["elements"]:
        if e["kind"] == "table-row" and e["id"].startswith("overview-") and not e["id"].endswith("/header"):
            rows.setdefault(e["id"], []).append((p["number"], e["part"]))
if len(ids) != 1000:
    problems.append("measures.yaml has %d measures, expected 1000" % len(ids))
for mid, field in ids.items():
    key = "overview-%s/%s" % (field, mid)
    got = rows.get(key)
    if not got:
        problems.append("measure %s is not in overview-%s" % (mid, field))
    elif len([1 for _, part in got if part == 0]) != 1:
        problems.append("measure %s is %d times in overview-%s" % (mid, len(got), field))
extra = set(rows) - set("overview-%s/%s" % (f, m) for m, f in ids.items())
if extra:
    problems.append("unexpected overview rows: %s" % ", ".join(sorted(extra)[:5]))
result("overview-rows", problems)

# --- detail blocks: one measure element (part 0) per measure, and its heading text in the PDF
problems = []
detail = {}
for p in pages:
    for e in p["elements"]:
        if e["kind"] == "measure" and e["part"] == 0:
            detail[e["id"]] = detail.get(e["id"], 0) + 1
for mid in ids:
    if detail.get(mid, 0) != 1:
        problems.append("measure %s has %d detail blocks" % (mid, detail.get(mid, 0)))
extra = set(detail) - set(ids)
if extra:
    problems.append("unexpected detail blocks: %s" % ", ".join(sorted(extra)[:5]))
# the heading of each detail block, in the outline: "1.1 Title"
heads = {}
for o in dump.get("outline", []):
    first = o["title"].split(" ", 1)[0]
    if o["level"] == 3 and first in ids:
        heads[first] = heads.get(first, 0) + 1
for mid in ids:
    if heads.get(mid, 0) != 1:
        problems.append("measure %s has %d headings in the outline" % (mid, heads.get(mid, 0)))
result("detail-blocks", problems)

# --- continuation pages start with the header row of the table
problems = []
with_header = set()
for p in pages:
    for e in p["elements"]:
        if e["kind"] == "table-row" and e["id"].endswith("/header"):
            with_header.add(e["id"][: -len("/header")])
continued = 0
for p in pages:
    tables = {e["id"] for e in p["elements"] if e["kind"] == "table" and e["part"] > 0}
    for t in tables & with_header:
        continued += 1
        trs = [e for e in p["elements"] if e["kind"] == "table-row" and e["id"].startswith(t + "/")]
        if not trs:
            continue
        top = min(trs, key=lambda e: (e["y"], 0 if e["id"].endswith("/header") else 1))
        if not top["id"].endswith("/header"):
            problems.append("page %d: table %s continues with %s, not its header" % (p["number"], t, top["id"]))
if continued == 0:
    problems.append("no table continues on a second page (expected the overview tables to)")
result("header-repeated", problems)

# --- rows within the body area
problems = []
n = 0
for p in pages:
    for e in p["elements"]:
        if e["kind"] == "table-row":
            n += 1
            if e["y"] < body_top - 0.5 or e["y"] + e["h"] > body_bottom + 0.5:
                problems.append("page %d: %s at y %.1f..%.1f outside %.1f..%.1f" %
                                (p["number"], e["id"], e["y"], e["y"] + e["h"], body_top, body_bottom))
if n < 1000:
    problems.append("only %d table rows in the dump" % n)
result("rows-in-body", problems)

# --- the three-page cell
problems = []
span = sorted({p["number"] for p in pages for e in p["elements"]
               if e["kind"] == "table-row" and e["id"] == "measure-3.1-indicators/1"})
if len(span) < 3:
    problems.append("the row spans pages %s, expected >= 3" % span)
elif span != list(range(span[0], span[-1] + 1)):
    problems.append("the row's pages are not consecutive: %s" % span)
else:
    text = ""
    for pg in span:
        text += subprocess.run(["pdftotext", "-f", str(pg), "-l", str(pg), "-raw", pdf, "-"],
                               capture_output=True, text=True).stdout
    letters = lambda s: "".join(ch for ch in s if ch.isalpha())
    want, have = letters(huge_name), letters(text)
    # every letter of the name, in order (page furniture and the repeated header may come between)
    i = 0
    for ch in have:
        if i < len(want) and ch == want[i]:
            i += 1
    if i < len(want):
        problems.append("text of the long cell missing after %d of %d letters: ...%s" %
                        (i, len(want), want[max(0, i - 20):i + 20]))
result("split-cell", problems)
PY
[ $? -eq 0 ] || exit 1 # the checks above stopped with an error
finish
