#!/bin/sh
# End-to-end: the JSON Schemas for editors. They are what `imagreport schema` writes
# from the loader's own key tables (schema/*.schema.json must be the same bytes, so
# they cannot drift); the example reports and the default template validate; invalid
# reports that a schema can see are rejected (python3-jsonschema, python3-yaml).
# Env: BIN. Prints "ok NAME" or "FAIL NAME: why" per check, then "done".
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/tools/e2e-lib.sh
need python3
python3 -c 'import jsonschema, yaml' 2>/dev/null || {
  echo "skip all checks: needs python3-jsonschema and python3-yaml (make deps installs them)"
  finish
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

for k in report measures template; do
  "$BIN" schema "$k" >"$T/$k.json" 2>"$T/err"
  rc=$?
  if [ $rc -eq 0 ] && cmp -s "$T/$k.json" "schema/$k.schema.json"; then
    echo "ok schema-$k-current"
  else
    echo "FAIL schema-$k-current: exit $rc, or schema/$k.schema.json differs from 'imagreport schema $k' (run make schema): $(head -c 200 "$T/err")"
  fi
done

# file kind: report | measures | template; expect: valid | invalid
python3 - "$T" <<'PY'
import glob, json, os, sys
import jsonschema, yaml

class Loader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay text."""
Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

schemas = {k: json.load(open("schema/%s.schema.json" % k)) for k in ("report", "measures", "template")}
for s in schemas.values():
    jsonschema.Draft7Validator.check_schema(s)
print("ok schemas-are-draft7")

def errors(kind, path):
    data = yaml.load(open(path, encoding="utf-8"), Loader=Loader)
    return [e.message for e in jsonschema.Draft7Validator(schemas[kind]).iter_errors(data)]

def check(name, kind, path, valid):
    try:
        errs = errors(kind, path)
    except yaml.YAMLError as e:
        errs = ["YAML: %s" % e]
    if valid and errs:
        print("FAIL %s: %s should validate: %s" % (name, path, errs[0][:200]))
    elif not valid and not errs:
        print("FAIL %s: %s should be rejected" % (name, path))
    else:
        print("ok %s" % name)

for rep in sorted(glob.glob("reports/*/report.yaml")):
    d = os.path.dirname(rep)
    check("valid-" + os.path.basename(d), "report", rep, True)
    for m in sorted(glob.glob(d + "/measures*.yaml")):
        check("valid-" + os.path.basename(d) + "-" + os.path.basename(m), "measures", m, True)
check("valid-default-template", "template", "templates/default.yaml", True)

# invalid cases a schema can see, and in which file
for case, kind, f in [
        ("unknown-key", "report", "report.yaml"),
        ("missing-title", "report", "report.yaml"),
        ("missing-contents", "report", "report.yaml"),
        ("date-format", "report", "report.yaml"),
        ("bad-language", "report", "report.yaml"),
        ("type-contents", "report", "report.yaml"),
        ("unknown-part", "report", "report.yaml"),
        ("bad-status", "measures", "measures.yaml"),
        ("status-label", "measures", "measures.yaml"),
        ("progress-101", "measures", "measures.yaml"),
        ("progress-fraction", "measures", "measures.yaml"),
        ("budget-negative", "measures", "measures.yaml"),
        ("number-too-large", "measures", "measures.yaml"),
        ("key-misindented", "measures", "measures.yaml"),
        ("unknown-key-measure", "measures", "measures.yaml"),
        ("measure-missing-keys", "measures", "measures.yaml"),
        ("quoted-values", "measures", "measures.yaml"),
        ("template-errors", "template", "vorlage/eigen.yaml")]:
    check("invalid-" + case, kind, "tests/invalid/%s/%s" % (case, f), False)
PY
finish
