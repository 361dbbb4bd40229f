#!/bin/sh
# End-to-end: the report series (previous:, the changes part, the data in the PDF).
# Env: BIN (the imagreport binary). Needs python3 with python3-yaml, pdftotext, qpdf.
# Checks:
#   - both examples build; the 2025 numbers (summary, tables, marks, status comparison)
#     equal a computation of this script's own from the two reports' YAML files;
#   - `imagreport data` prints the measures of each PDF as JSON;
#   - the 2025 PDF built against the 2023 folder and against the 2023 PDF are the same
#     bytes except the trailer /ID (which hashes report.yaml, whose previous: differs);
#   - both PDFs pass tests/pdfa-check.sh with the data in their XMP;
#   - a PDF written by another tool as previous: is an error at the previous: line.
# Prints "ok NAME" or "FAIL NAME: why" per check.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need python3 pdftotext qpdf
python3 -c 'import yaml' 2>/dev/null || { echo "skip all checks: needs python3-yaml (make deps installs it)"; exit 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
R23=reports/zwischenbericht-2023
R25=reports/zwischenbericht-2025

for r in $R23 $R25; do
  n=$(basename $r)
  if "$BIN" build $r -o "$T/$n.pdf" --layout "$T/$n.json" 2>"$T/err"; then
    echo "ok build-$n"
  else
    echo "FAIL build-$n: $(head -c 300 "$T/err")"
    exit 0
  fi
done
pdftotext -layout "$T/zwischenbericht-2025.pdf" "$T/25.txt"
# the same comparison in English
mkdir -p "$T/en"
cp -r $R23 $R25 "$T/en/"
sed -i 's/^language: de/language: en/' "$T/en/zwischenbericht-2025/report.yaml"
if "$BIN" build "$T/en/zwischenbericht-2025" -o "$T/en.pdf" 2>"$T/err"; then
  pdftotext -layout "$T/en.pdf" "$T/en.txt"
else
  echo "FAIL build-english: $(head -c 300 "$T/err")"
  : >"$T/en.txt"
fi

python3 - $R23 $R25 "$T/zwischenbericht-2025.json" "$T/25.txt" "$T/en.txt" <<'PY'
import json, re, sys, yaml

r23, r25, dump_path, text_path, en_path = sys.argv[1:6]

def result(name, problems):
    if problems:
        print("FAIL %s: %s" % (name, "; ".join(problems[:5])))
    else:
        print("ok " + name)

def measures(folder):
    rep = yaml.load(open(folder + "/report.yaml"), Loader=yaml.BaseLoader)
    files = rep["measures"] if isinstance(rep["measures"], list) else [rep["measures"]]
    out = {}
    for f in files:
        # BaseLoader: every scalar is text, as imagreport reads ids and numbers
        for m in yaml.load(open(folder + "/" + f), Loader=yaml.BaseLoader).get("measures", []):
            out[m["id"]] = m
    return rep, out

rep23, old = measures(r23)
rep25, new = measures(r25)
year = rep23["date"][:4]

# matching: explicit previous_id first, then the same id when not claimed
prev = {}
claimed = set()
for i, m in new.items():
    if "previous_id" in m:
        prev[i] = old[m["previous_id"]]
        claimed.add(m["previous_id"])
for i, m in new.items():
    if "previous_id" not in m and i in old and i not in claimed:
        prev[i] = old[i]
        claimed.add(i)
dropped = sorted(set(old) - claimed)

def num(m, *path):
    v = m
    for p in path:
        v = v.get(p) if isinstance(v, dict) else None
    return float(v) if v is not None else None

def prog(m):
    return int(m["progress"]) if "progress" in m else None

new_ids = [i for i in new if i not in prev]
completed = [i for i in new if new[i]["status"] == "completed" and (i not in prev or prev[i]["status"] != "completed")]
status_ch = [i for i in prev if prev[i]["status"] != new[i]["status"]]
gains = {i: prog(new[i]) - prog(prev[i]) for i in prev if prog(new[i]) is not None and prog(prev[i]) is not None}
changed_prog = [i for i in gains if gains[i] != 0]
avg = round(sum(gains[i] for i in changed_prog) / len(changed_prog)) if changed_prog else 0

def period(m):
    p = m.get("period") or {}
    return (p.get("start"), p.get("end"))

def actuals(m):
    return {x["name"]: float(x["actual"]) for x in m.get("indicators", []) if "actual" in x}

def other(i):
    a, b = new[i], prev[i]
    ind = any(n in actuals(b) and abs(actuals(a)[n] - actuals(b)[n]) >= 0.005 for n in actuals(a))
    return (ind or period(a) != period(b) or a["lead"] != b["lead"]
            or sorted(a.get("partners", [])) != sorted(b.get("partners", [])) or a["title"] != b["title"])
others = [i for i in prev if other(i)]

def money_sum(ms, key):
    return sum(num(m, "budget", key) or 0 for m in ms.values())

def budget_changed(i):
    return any((num(new[i], "budget", k) or 0) != (num(prev[i], "budget", k) or 0)
               or (num(new[i], "budget", k) is None) != (num(prev[i], "budget", k) is None)
               for k in ("planned", "spent"))
budget_ch = [i for i in prev if budget_changed(i)]

def de_int(v):
    return "{:,}".format(int(round(v))).replace(",", ".")

def euro(v):
    return de_int(v) + "\u00a0€"

# --- the summary paragraph, from the PDF text (lines joined, hyphens at line ends removed)
text = open(text_path, encoding="utf-8").read()
flat = re.sub(r"-\n\s*", "", text)
flat = re.sub(r"\s+", " ", flat.replace("\u00a0", " "))
def n_m(n):
    return "%d Maßnahme%s" % (n, "" if n == 1 else "n")
want = [
    "wurden %s umgesetzt und %s neu aufgenommen; %s %s nicht mehr aufgeführt"
    % (n_m(len(completed)), n_m(len(new_ids)), n_m(len(dropped)), "wird" if len(dropped) == 1 else "werden"),
    "Bei %s änderte sich der Status, bei %s der Fortschritt (im Mittel um %+d Pp.)"
    % (n_m(len(status_ch)), n_m(len(changed_prog)), avg),
    "bei %s änderten sich Laufzeit, Beteiligte, Titel oder Indikatoren" % n_m(len(others)),
    "Die geplanten Mittel aller Maßnahmen betragen %s (zuvor %s), verausgabt wurden bislang %s (zuvor %s)"
    % (euro(money_sum(new, "planned")), euro(money_sum(old, "planned")),
       euro(money_sum(new, "spent")), euro(money_sum(old, "spent"))),
]
result("summary-figures", [("missing: " + w.replace("\u00a0", " ")) for w in want
                           if w.replace("\u00a0", " ") not in flat])

en = re.sub(r"-\n\s*", "", open(en_path, encoding="utf-8").read())
en = re.sub(r"\s+", " ", en.replace("\u00a0", " "))
def n_en(n):
    return "%d measure%s" % (n, "" if n == 1 else "s")
want = [
    "%s %s completed and %s newly added; %s %s no longer listed"
    % (n_en(len(completed)), "was" if len(completed) == 1 else "were", n_en(len(new_ids)),
       n_en(len(dropped)), "is" if len(dropped) == 1 else "are"),
    "The status changed for %s and the progress for %s (by %+d pp on average)"
    % (n_en(len(status_ch)), n_en(len(changed_prog)), avg),
    "The planned funds of all measures amount to €%s (previously €%s)"
    % ("{:,}".format(int(money_sum(new, "planned"))), "{:,}".format(int(money_sum(old, "planned")))),
]
result("summary-english", [("missing: " + w) for w in want if w not in en])

# --- the tables: which measures are listed (layout dump row ids)
dump = json.load(open(dump_path))
rows = {}
for p in dump["pages"]:
    for e in p["elements"]:
        if e["kind"] == "table-row" and "/" in e["id"]:
            t, k = e["id"].split("/", 1)
            if k != "header":
                rows.setdefault(t, []).append(k)
def natural(i):
    return [int(x) for x in i.split(".")]
top = sorted((i for i in gains if gains[i] > 0), key=lambda i: (-gains[i], natural(i)))[:10]
expect = {
    "changes-new": sorted(new_ids, key=natural),
    "changes-completed": sorted(completed, key=natural),
    "changes-status": sorted(status_ch, key=natural),
    "changes-progress": top,
    "changes-budget": sorted(budget_ch, key=natural),
    "changes-other": sorted(others, key=natural),
    "changes-dropped": sorted(dropped, key=natural),
}
probs = []
for t, ids in expect.items():
    got = list(dict.fromkeys(rows.get(t, [])))  # a row continued on the next page counts once
    if got != ids:
        probs.append("%s: %s, expected %s" % (t, got, ids))
result("changes-tables", probs)

# --- budget deltas and progress deltas in the table rows (PDF text)
def signed_euro(d):
    return "±0" if abs(d) < 0.005 else ("+" if d > 0 else "\u2212") + euro(abs(d)).replace("\u00a0", " ")
probs = []
lines = text.replace("\u00a0", " ").split("\n")
for i in budget_ch:
    dp = (num(new[i], "budget", "planned") or 0) - (num(prev[i], "budget", "planned") or 0)
    ds = (num(new[i], "budget", "spent") or 0) - (num(prev[i], "budget", "spent") or 0)
    pat = re.compile(r"^\s*%s\s.*%s\s+%s\s*$" % (re.escape(i), re.escape(signed_euro(dp)), re.escape(signed_euro(ds))))
    if not any(pat.match(l) for l in lines):
        probs.append("budget row %s: %s / %s not found" % (i, signed_euro(dp), signed_euro(ds)))
for i in top:
    pat = re.compile(r"^\s*%s\s.*%d ?%%\s+%d ?%%\s+\+%d Pp\.\s*$" % (re.escape(i), prog(prev[i]), prog(new[i]), gains[i]))
    if not any(pat.match(l) for l in lines):
        probs.append("progress row %s: +%d Pp. not found" % (i, gains[i]))
result("changes-deltas", probs)

# --- marks and deltas in the measures part
label = {"planned": "geplant", "in_progress": "in Umsetzung", "completed": "umgesetzt",
         "ongoing": "Daueraufgabe", "suspended": "zurückgestellt"}
probs = []
for i in status_ch:
    s = "seit %s: bisher %s, jetzt %s" % (year, label[prev[i]["status"]], label[new[i]["status"]])
    if s not in flat:
        probs.append("mark of %s missing: %s" % (i, s))
n_marks = flat.count(": bisher ")
if n_marks != len(status_ch):
    probs.append("%d status marks, expected %d" % (n_marks, len(status_ch)))
for i in changed_prog:
    s = "%d %% (%+d Pp.)" % (prog(new[i]), gains[i])
    if s.replace("+-", "\u2212") not in flat:
        probs.append("delta of %s missing: %s" % (i, s))
result("measure-marks", probs)

# --- the status comparison
probs = []
for st, lab in label.items():
    a = sum(1 for m in old.values() if m["status"] == st)
    b = sum(1 for m in new.values() if m["status"] == st)
    d = "±0" if a == b else ("+%d" % (b - a) if b > a else "\u2212%d" % (a - b))
    if not re.search(r"^\s*%s\s+%d\s+%d\s+%s\s*$" % (re.escape(lab), a, b, re.escape(d)), text, re.M):
        probs.append("status row %s: %d %d %s not found" % (lab, a, b, d))
result("status-comparison", probs)
PY
[ $? -eq 0 ] || exit 1 # the checks above stopped with an error

# --- the data in the PDF
for n in zwischenbericht-2023 zwischenbericht-2025; do
  if "$BIN" data "$T/$n.pdf" >"$T/$n.data" 2>"$T/err" &&
     python3 - "$T/$n.data" reports/$n <<'PY'
import json, sys, yaml
d = json.load(open(sys.argv[1]))
rep = yaml.load(open(sys.argv[2] + "/report.yaml"), Loader=yaml.BaseLoader)
files = rep["measures"] if isinstance(rep["measures"], list) else [rep["measures"]]
ids = sorted(m["id"] for f in files for m in yaml.load(open(sys.argv[2] + "/" + f), Loader=yaml.BaseLoader)["measures"])
got = sorted(m["id"] for m in d["measures"])
assert d["format"] == "imagreport-data" and got == ids, (got, ids)
assert d["report"]["date"] == rep["date"]
PY
  then echo "ok data-$n"; else echo "FAIL data-$n: $(head -c 300 "$T/err")"; fi
  # the XMP packet: well-formed, one extension-schema container that declares every
  # property outside PDF/A's predefined schemas (imr:data among them), the data as printed
  if python3 - "$T/$n.pdf" "$T/$n.data" 2>"$T/xmp.err" <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET
raw = open(sys.argv[1], "rb").read()
m = re.search(rb"<\?xpacket begin=.*?<\?xpacket end=[^>]*>", raw, re.S)
assert m, "no XMP packet"
root = ET.fromstring(re.sub(rb"<\?xpacket[^>]*>", b"", m.group(0)))
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
EXT = "http://www.aiim.org/pdfa/ns/extension/"
SCH = "{http://www.aiim.org/pdfa/ns/schema#}"
PRP = "{http://www.aiim.org/pdfa/ns/property#}"
containers = root.findall(".//{%s}schemas" % EXT)
assert len(containers) == 1, "%d pdfaExtension:schemas containers (XMP allows one)" % len(containers)
declared = set()
for li in containers[0].findall("%sBag/%sli" % (RDF, RDF)):
    ns = li.find(SCH + "namespaceURI").text
    for p in li.findall("%sproperty/%sSeq/%sli" % (SCH, RDF, RDF)):
        declared.add("{%s}%s" % (ns, p.find(PRP + "name").text))
predefined = ("http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/xap/1.0/",
              "http://ns.adobe.com/pdf/1.3/", "http://www.aiim.org/pdfa/ns/id/",
              "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/xap/1.0/mm/", EXT)
for d in root.iter(RDF + "Description"):
    for prop in d:
        ns = prop.tag[1:].split("}")[0]
        assert ns in predefined or prop.tag in declared, "undeclared property " + prop.tag
data = root.find(".//{https://imagreport.invalid/ns/data/1.0/}data")
assert data is not None, "no imr:data"
assert json.loads(data.text) == json.load(open(sys.argv[2])), "imr:data differs from imagreport data"
PY
  then echo "ok xmp-$n"; else echo "FAIL xmp-$n: $(tail -n 1 "$T/xmp.err")"; fi
  if sh tests/pdfa-check.sh "$T/$n.pdf" >"$T/check" 2>&1; then
    echo "ok pdfa-$n"
  else
    echo "FAIL pdfa-$n: $(grep FAIL "$T/check" | head -n 3 | tr '\n' ' ')"
  fi
done

# --- previous: as a folder and as a PDF give the same PDF (but for the /ID)
mkdir -p "$T/a" "$T/b"
cp -r $R23 "$T/a/"
cp -r $R25 "$T/a/"
cp -r $R25 "$T/b/"
cp "$T/zwischenbericht-2023.pdf" "$T/b/bericht-2023.pdf"
sed -i 's|^previous: .*|previous: ../bericht-2023.pdf|' "$T/b/zwischenbericht-2025/report.yaml"
if "$BIN" build "$T/a/zwischenbericht-2025" -o "$T/a.pdf" 2>"$T/err" &&
   "$BIN" build "$T/b/zwischenbericht-2025" -o "$T/b.pdf" 2>>"$T/err"; then
  sed 's|/ID \[ *<[0-9A-Fa-f]*> *<[0-9A-Fa-f]*> *\]|/ID [masked]|' "$T/a.pdf" >"$T/a.masked"
  sed 's|/ID \[ *<[0-9A-Fa-f]*> *<[0-9A-Fa-f]*> *\]|/ID [masked]|' "$T/b.pdf" >"$T/b.masked"
  if ! grep -q '/ID \[masked\]' "$T/a.masked"; then
    echo "FAIL previous-pdf-same: no /ID found to mask"
  elif cmp -s "$T/a.pdf" "$T/b.pdf"; then
    echo "FAIL previous-pdf-same: the /ID did not change with report.yaml"
  elif cmp -s "$T/a.masked" "$T/b.masked"; then
    echo "ok previous-pdf-same"
  else
    echo "FAIL previous-pdf-same: $(cmp "$T/a.masked" "$T/b.masked")"
  fi
else
  echo "FAIL previous-pdf-same: $(head -c 300 "$T/err")"
fi

# --- a PDF from another tool is an error at the previous: line
qpdf --empty "$T/b/fremd.pdf"
sed -i 's|^previous: .*|previous: ../fremd.pdf|' "$T/b/zwischenbericht-2025/report.yaml"
line=$(grep -n '^previous:' "$T/b/zwischenbericht-2025/report.yaml" | cut -d: -f1)
"$BIN" check "$T/b/zwischenbericht-2025" 2>"$T/err"
rc=$?
want="$T/b/zwischenbericht-2025/report.yaml:$line:11: error: '$T/b/fremd.pdf' is a PDF without imagreport's report data (written by another tool?)"
if [ $rc -eq 1 ] && [ "$(cat "$T/err")" = "$want" ]; then
  echo "ok previous-foreign-pdf"
else
  echo "FAIL previous-foreign-pdf: exit $rc: $(head -c 300 "$T/err")"
fi

# --- imagreport data on a PDF from another tool: an error, exit code 1, nothing on stdout
"$BIN" data "$T/b/fremd.pdf" >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 1 ] && [ ! -s "$T/out" ] &&
   [ "$(cat "$T/err")" = "$T/b/fremd.pdf: error: '$T/b/fremd.pdf' is a PDF without imagreport's report data (written by another tool?)" ]; then
  echo "ok data-foreign-pdf"
else
  echo "FAIL data-foreign-pdf: exit $rc: $(head -c 300 "$T/err")"
fi
finish
