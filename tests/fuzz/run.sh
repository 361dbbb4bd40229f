#!/bin/sh
# tests/fuzz/run.sh FUZZ_DIR SECONDS TARGET... — runs each libFuzzer harness (built by
# `make fuzz` as FUZZ_DIR/fuzz_TARGET) for SECONDS, one after the other, with a memory
# limit (200 MB; 1 GB for the chapter, pdf, image and diff harnesses, whose inputs are
# larger) and a time limit per input (5 s; pdf 30 s, diff 20 s); inputs grow to 256 KB
# (image and diff: 1 MB). Seeds: the example reports and tests/invalid/ (the file kind
# the harness takes), the fuzzing fixture, and seeds of realistic size made here (all
# example chapters in one, a generated 40-page chapter, the deepest nesting allowed;
# pictures from gen-pictures; pairs of dumps cut from the golden layout). BUILD names
# the build folder with the test tools (gen-measures, gen-pictures). The corpus grows in FUZZ_DIR/corpus-TARGET;
# crashes, leaks, timeouts and out-of-memory inputs are saved in FUZZ_DIR/artifacts/.
# Exits 1 when any harness found a problem.
set -u
cd "$(dirname "$0")/../.." || exit 2
dir=$1
secs=$2
shift 2

seed() { # seed DEST FILE...: copies files, named after their path
  dest=$1
  shift
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dest/$(printf '%s' "$f" | tr '/' '_')"
  done
  return 0
}

# realistic_seeds DEST: inputs the size of real chapters and more: all example chapters
# in one, a long generated chapter, and the deepest nesting the limits allow
realistic_seeds() {
  cat reports/*/chapters/*.md >"$1/all-chapters.md"
  gen=${BUILD:-build}/tests/gen-measures
  if [ -x "$gen" ] && "$gen" --prose 40 "$dir/prose" >/dev/null 2>&1; then
    cp "$dir"/prose/chapters/*.md "$1/"
  fi
  python3 - "$1" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/nesting-limits.md", "w") as f:
    f.write("# Verschachtelung\n\n" + "*a " * 30 + "Kern" + " b*" * 30 + "\n\n")
    f.write("".join("  " * i + "- Ebene %d\n" % (i + 1) for i in range(32)) + "\n")
    f.write("> " * 31 + "Zitat in der Tiefe\n")
PY
}

# diff_seeds DEST: pairs of dumps (old, "=====", new): the golden dump against itself
# changed, and small slices of it
diff_seeds() {
  python3 - "$1" tests/golden/*.layout.json <<'PY'
import json, sys
dest, golden = sys.argv[1], sys.argv[2]
text = open(golden, encoding="utf-8").read()
full = json.loads(text)
def dump(d):
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))
def pair(name, a, b):
    with open("%s/%s.json" % (dest, name), "w", encoding="utf-8") as f:
        f.write(a + "\n=====\n" + b)
changed = text.replace("Krisenteams", "Notfallteams", 1)
pair("golden-text", text, changed)
small = dict(full)
small["pages"] = full["pages"][:3]
small["outline"] = [o for o in full.get("outline", []) if o.get("page", 99) <= 3]
moved = json.loads(dump(small))
for page in moved["pages"]:
    for e in page.get("elements", [])[:5]:
        if "y" in e:
            e["y"] += 12
pair("three-pages-moved", dump(small), dump(moved))
fewer = json.loads(dump(small))
if fewer["pages"] and fewer["pages"][-1].get("elements"):
    fewer["pages"][-1]["elements"] = fewer["pages"][-1]["elements"][1:]
pair("three-pages-removed", dump(small), dump(fewer))
PY
}

failed=""
for t in "$@"; do
  seeds="$dir/seeds-$t"
  corpus="$dir/corpus-$t"
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus" "$dir/artifacts"
  maxlen=262144 rss=200 timeout=5
  case $t in
    report)
      seed "$seeds" reports/*/report.yaml tests/invalid/*/report.yaml tests/fuzz/fixture/report-*.yaml
      dict=tests/fuzz/yaml.dict ;;
    measures)
      seed "$seeds" reports/*/measures*.yaml tests/invalid/*/measures.yaml tests/fuzz/fixture/measures*.yaml
      dict=tests/fuzz/yaml.dict ;;
    chapter|pdf)
      seed "$seeds" reports/*/chapters/*.md tests/invalid/*/chapters/*.md tests/fuzz/fixture/chapters/*.md
      realistic_seeds "$seeds"
      dict=tests/fuzz/markdown.dict rss=1024
      [ "$t" = pdf ] && timeout=30 ;;
    template)
      # the built-in templates with their font files named as a report's template names them
      for f in templates/*.yaml; do
        sed 's|\.\./fonts/||' "$f" >"$seeds/$(basename "$f")"
      done
      seed "$seeds" tests/invalid/*/vorlage.yaml tests/invalid/*/vorlage/*.yaml
      dict=tests/fuzz/yaml.dict ;;
    image)
      seed "$seeds" reports/*/images/* tests/invalid/*/images/* tests/invalid/*/*.png tests/invalid/*/*.jpg
      gen=${BUILD:-build}/tests/gen-pictures
      [ -x "$gen" ] && "$gen" "$seeds"
      dict="" maxlen=1048576 rss=1024 ;;
    diff)
      diff_seeds "$seeds"
      dict=tests/fuzz/json.dict maxlen=1048576 rss=1024 timeout=20 ;;
    *)
      echo "fuzz: unknown target '$t' (report, measures, chapter, template, pdf, image, diff)"
      exit 2 ;;
  esac
  echo "== fuzz_$t: $secs s, $(ls "$seeds" | wc -l) seeds, corpus $corpus"
  if ! "$dir/fuzz_$t" -max_total_time="$secs" -rss_limit_mb="$rss" -timeout="$timeout" \
      -max_len="$maxlen" ${dict:+-dict="$dict"} -artifact_prefix="$dir/artifacts/$t-" \
      -print_final_stats=1 "$corpus" "$seeds"; then
    failed="$failed $t"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: problems found by:$failed (inputs in $dir/artifacts/)"
  exit 1
fi
echo "fuzz: no problems found"
