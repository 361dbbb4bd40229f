#!/bin/sh
# tests/tools/deb-deps.sh WHAT PACKAGE... — installs the Debian packages that are not
# installed yet (apt-get, through sudo unless run as root); used by `make deps` and
# `make fuzz`. WHAT ends the message, e.g. "" or " for fuzzing".
what=$1
shift
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -n "$missing" ] || exit 0
echo "imagreport: installing missing Debian packages$what:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
# shellcheck disable=SC2086 # $missing is a list of words
if ! { $SUDO apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null; }; then
  echo "imagreport: apt-get failed; install these packages by hand:$missing"
  exit 1
fi
