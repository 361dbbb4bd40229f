#!/bin/sh
# tests/fuzz/run.sh FUZZ_DIR SECONDS TARGET... — runs each libFuzzer harness (built by
# `make fuzz` as FUZZ_DIR/fuzz_TARGET) for SECONDS with a 200 MB memory limit and a 5 s
# limit per input. Seeds: the example reports and tests/invalid/ (the file kind the
# harness takes) plus the fuzzing fixture. The corpus grows in FUZZ_DIR/corpus-TARGET;
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

failed=""
for t in "$@"; do
  seeds="$dir/seeds-$t"
  corpus="$dir/corpus-$t"
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus" "$dir/artifacts"
  case $t in
    report)
      seed "$seeds" reports/*/report.yaml tests/invalid/*/report.yaml tests/fuzz/fixture/report-*.yaml
      dict=tests/fuzz/yaml.dict ;;
    measures)
      seed "$seeds" reports/*/measures*.yaml tests/invalid/*/measures.yaml tests/fuzz/fixture/measures*.yaml
      dict=tests/fuzz/yaml.dict ;;
    chapter)
      seed "$seeds" reports/*/chapters/*.md tests/invalid/*/chapters/*.md tests/fuzz/fixture/chapters/*.md
      dict=tests/fuzz/markdown.dict ;;
    template)
      # the built-in templates with their font files named as a report's template names them
      for f in templates/*.yaml; do
        sed 's|\.\./fonts/||' "$f" >"$seeds/$(basename "$f")"
      done
      seed "$seeds" tests/invalid/*/vorlage.yaml tests/invalid/*/vorlage/*.yaml
      dict=tests/fuzz/yaml.dict ;;
    *)
      echo "fuzz: unknown target '$t' (report, measures, chapter, template)"
      exit 2 ;;
  esac
  echo "== fuzz_$t: $secs s, $(ls "$seeds" | wc -l) seeds, corpus $corpus"
  if ! "$dir/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=200 -timeout=5 \
      -dict="$dict" -artifact_prefix="$dir/artifacts/$t-" -print_final_stats=1 \
      "$corpus" "$seeds"; then
    failed="$failed $t"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: problems found by:$failed (inputs in $dir/artifacts/)"
  exit 1
fi
echo "fuzz: no problems found"
