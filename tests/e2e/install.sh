#!/bin/sh
# End-to-end: `make install` into a temporary folder, and the installed program finds its
# templates and fonts by itself (bin/../share/imagreport), wherever the tree is put.
# Env: BIN (the imagreport binary in a build folder of this repository).
# Prints "ok NAME" or "FAIL NAME: why" per check.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need make install
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
EX=reports/zwischenbericht-2025
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# the build folder of $BIN, relative to the repository (make's targets are named so)
bindir=$(cd "$(dirname "$BIN")" && pwd)
case $bindir in
  "$ROOT"/*) build=${bindir#"$ROOT"/} ;;
  *) echo "FAIL install-setup: $BIN is not in a build folder of $ROOT"; exit 0 ;;
esac

mk() { # runs make in the repository, without the settings of a calling make
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s --no-print-directory BUILD="$build" "$@"
}

# --- make install honours DESTDIR and PREFIX ---
D=$T/dest
if mk install PREFIX=/usr DESTDIR="$D" >"$T/make.out" 2>&1; then
  echo "ok install"
else
  echo "FAIL install: make install failed: $(tail -c 400 "$T/make.out")"
  exit 0
fi
missing=""
for f in usr/bin/imagreport usr/share/imagreport/templates/default.yaml \
    usr/share/imagreport/templates/sRGB.icc usr/share/imagreport/fonts/OpenSans-Regular.ttf \
    usr/share/imagreport/fonts/DejaVuSansMono.ttf usr/share/locale/de/LC_MESSAGES/imagreport.mo \
    usr/share/imagreport/schema/report.schema.json usr/share/imagreport/schema/measures.schema.json \
    usr/share/imagreport/schema/template.schema.json usr/share/man/man1/imagreport.1 \
    usr/share/man/man5/imagreport-report.5 usr/share/bash-completion/completions/imagreport; do
  [ -f "$D/$f" ] || missing="$missing $f"
done
[ -x "$D/usr/bin/imagreport" ] || missing="$missing usr/bin/imagreport(executable)"
if [ -z "$missing" ]; then echo "ok install-files"; else echo "FAIL install-files: missing:$missing"; fi
stray=$(cd "$D" && find . -mindepth 1 ! -path './usr' ! -path './usr/bin*' ! -path './usr/share' \
  ! -path './usr/share/imagreport*' ! -path './usr/share/locale*' ! -path './usr/share/man*' \
  ! -path './usr/share/bash-completion*' | head -n 5 | tr '\n' ' ')
if [ -z "$stray" ]; then echo "ok install-destdir"; else echo "FAIL install-destdir: files outside PREFIX: $stray"; fi
# every template and font of the source tree is installed, byte for byte
diffs=""
for f in templates/* fonts/*; do
  cmp -s "$f" "$D/usr/share/imagreport/$f" || diffs="$diffs $f"
done
if [ -z "$diffs" ]; then echo "ok install-data-complete"; else echo "FAIL install-data-complete:$diffs"; fi

P=$T/prefix
if mk install PREFIX=/opt/imr DESTDIR="$P" >"$T/make.out" 2>&1 &&
    [ -x "$P/opt/imr/bin/imagreport" ] && [ -f "$P/opt/imr/share/imagreport/templates/default.yaml" ] &&
    [ ! -e "$P/usr" ] && [ ! -e "$P/usr/local" ]; then
  echo "ok install-prefix"
else
  echo "FAIL install-prefix: PREFIX=/opt/imr did not install into $P/opt/imr: $(tail -c 300 "$T/make.out")"
fi

# --- the installed program finds its data without IMAGREPORT_DATA ---
# Run from another working directory, with the report given by absolute path.
inst=$D/usr/bin/imagreport
(cd "$T" && env -u IMAGREPORT_DATA "$inst" build "$ROOT/$EX" -o "$T/x.pdf") >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$T/x.pdf" ]; then
  echo "ok installed-build"
else
  echo "FAIL installed-build: exit $rc: $(head -c 400 "$T/err")"
fi
env -u IMAGREPORT_DATA "$BIN" build "$EX" -o "$T/src.pdf" >/dev/null 2>&1
if [ -s "$T/x.pdf" ] && cmp -s "$T/x.pdf" "$T/src.pdf"; then
  echo "ok installed-same-pdf"
else
  echo "FAIL installed-same-pdf: the installed program's PDF differs from the build folder's"
fi

# It really uses the installed copy: with a broken installed default template it must fail
# and name that file.
tpl=$D/usr/share/imagreport/templates/default.yaml
cp "$tpl" "$T/default.yaml.saved"
printf 'no_such_key: 1\n' >>"$tpl"
(cd "$T" && env -u IMAGREPORT_DATA "$inst" check "$ROOT/$EX") >"$T/out" 2>"$T/err"
rc=$?
cp "$T/default.yaml.saved" "$tpl"
if [ $rc -eq 1 ] && grep -q "^$D/usr/.*share/imagreport/templates/default.yaml:[0-9]*:[0-9]*: error: .*no_such_key" "$T/err"; then
  echo "ok installed-data-dir"
else
  echo "FAIL installed-data-dir: with a broken installed template: exit $rc: $(head -c 400 "$T/err")"
fi

# It finds its installed message catalog: German with a German locale (LANGUAGE=de
# works without the locale de_DE.UTF-8 being generated).
(cd "$T" && env -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 LANGUAGE=de "$inst" check "$ROOT/$EX/nowhere") \
  >"$T/out" 2>"$T/err"
if grep -q "error: kein Ordner" "$T/err"; then
  echo "ok installed-german"
else
  echo "FAIL installed-german: with LANGUAGE=de: $(head -c 300 "$T/err")"
fi

# The installed tree can be moved (no path baked in that it depends on).
mkdir -p "$T/moved"
mv "$D/usr" "$T/moved/usr"
(cd / && env -u IMAGREPORT_DATA "$T/moved/usr/bin/imagreport" check "$ROOT/$EX") >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$T/err" ]; then
  echo "ok installed-relocatable"
else
  echo "FAIL installed-relocatable: exit $rc: $(head -c 400 "$T/err")"
fi
mv "$T/moved/usr" "$D/usr"

# IMAGREPORT_DATA still wins over the installed data
(cd "$T" && IMAGREPORT_DATA="$T/nowhere" "$inst" check "$ROOT/$EX") >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 3 ] && grep -q "nowhere: error: no templates/ folder" "$T/err"; then
  echo "ok installed-env-override"
else
  echo "FAIL installed-env-override: IMAGREPORT_DATA=$T/nowhere was not used: exit $rc: $(head -c 300 "$T/err")"
fi

# --- make uninstall removes what install put there ---
if mk uninstall PREFIX=/usr DESTDIR="$D" >"$T/make.out" 2>&1 && [ ! -e "$D/usr/bin/imagreport" ] &&
    [ ! -e "$D/usr/share/imagreport" ]; then
  echo "ok uninstall"
else
  echo "FAIL uninstall: $(ls -R "$D" 2>/dev/null | head -c 300)"
fi
finish
