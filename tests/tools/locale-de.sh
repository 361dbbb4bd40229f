#!/bin/sh
# tests/tools/locale-de.sh — makes sure the locale de_DE.UTF-8 exists: the tests run
# every invalid report with LANG=de_DE.UTF-8 and expect German messages. Debian's
# `locales` package has its source; localedef compiles it (as root, or through sudo).
locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$' && exit 0
echo "imagreport: generating the locale de_DE.UTF-8 (for the German messages' tests)"
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
if ! $SUDO localedef -i de_DE -f UTF-8 de_DE.UTF-8; then
  echo "imagreport: could not generate de_DE.UTF-8; run: localedef -i de_DE -f UTF-8 de_DE.UTF-8"
  exit 1
fi
