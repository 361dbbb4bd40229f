#!/bin/sh
# End-to-end: a small English report (tests/reports/english) gets English
# labels, quotes, number and date formats, and no German label leaks in.
# Env: BIN (the imagreport binary). Prints "ok NAME" or "FAIL NAME: why" per
# check; a missing tool is a counted skip.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need pdftotext pdfinfo
EN=tests/reports/english
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! "$BIN" build "$EN" -o "$T/en.pdf" >"$T/out" 2>"$T/err"; then
  echo "FAIL english-build: $(head -c 300 "$T/err")"
  exit 0
fi
if [ -s "$T/err" ]; then
  echo "FAIL english-build: unexpected diagnostics: $(head -c 300 "$T/err")"
else
  echo "ok english-build"
fi

pages=$(pdfinfo "$T/en.pdf" | sed -n 's/^Pages: *//p')
# the text with no-break spaces as plain spaces, each line once per page
pdftotext "$T/en.pdf" - | sed 's/\xc2\xa0/ /g' >"$T/text"

# has NAME TEXT: the PDF's text contains TEXT (fixed string)
has() {
  if grep -qF -- "$2" "$T/text"; then
    echo "ok $1"
  else
    echo "FAIL $1: '$2' not in the text"
  fi
}
# lacks NAME TEXT: it does not
lacks() {
  n=$(grep -cF -- "$2" "$T/text")
  if [ "$n" -eq 0 ]; then
    echo "ok $1"
  else
    echo "FAIL $1: '$2' found $n times: $(grep -F -- "$2" "$T/text" | head -n 2 | tr '\n' '|')"
  fi
}

# labels
has english-contents "Contents"
if grep -qE "^Page [0-9]+ of $pages\$" "$T/text"; then
  echo "ok english-footer"
else
  echo "FAIL english-footer: no 'Page N of $pages' footer"
fi
has english-measure-ref "Measure 1.1 (p. "
# the reference names the page the measure's heading is on
ref=$(grep -o "Measure 1\.1 (p\. [0-9]*)" "$T/text" | head -n 1 | sed 's/.*p\. \([0-9]*\))/\1/')
if [ -n "$ref" ] && pdftotext -f "$ref" -l "$ref" "$T/en.pdf" - | grep -q "^1\.1 Emergency folder"; then
  echo "ok english-measure-ref-page"
else
  echo "FAIL english-measure-ref-page: reference says page '${ref}', the heading is not there"
fi
has english-status "in progress"
has english-status-ongoing "ongoing"
has english-headings "Description"
has english-field "Field of action 1: Prevention in schools"

# typography: English double and single quotes, in prose and in titles
has english-quotes-prose "“Action Plan”"
has english-quotes-single "group’s ‘weekly’ meetings"
has english-quotes-title "Emergency folder “Look and act”"

# number, money, percent and date formats
has english-number "5,400"
has english-money "€1,234,567 planned, €850,000 spent"
has english-percent "60%"
has english-date "14 November 2025"
has english-period "Reporting period: 1 January 2024 to 30 June 2025"
has english-since "since Mar 2014"
has english-span "Mar 2024 – Dec 2026"

# no German label, quote or number format leaks in
lacks english-no-seite "Seite"
lacks english-no-massnahme "Maßnahme"
lacks english-no-inhalt "Inhalt"
lacks english-no-status-de "in Umsetzung"
lacks english-no-german-quote "„"
lacks english-no-german-money "5.400"
lacks english-no-german-percent "60 %"
finish
