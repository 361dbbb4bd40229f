#!/usr/bin/env python3
"""set-status.py MEASURES.yaml ID OLD NEW — changes measure ID's `status: OLD` to NEW in a
copy of a report (tests/e2e/diffexact.sh, tests/e2e/html.sh); fails when the measure no
longer has that status (the test then needs updating)."""
import re
import sys

path, mid, old, new = sys.argv[1:5]
s = open(path, encoding="utf-8").read()
pat = r'(- id: "%s"\n(?:    .*\n)*?    status: )%s\n' % (re.escape(mid), re.escape(old))
s2 = re.sub(pat, r'\g<1>%s\n' % new, s, count=1)
if s2 == s:
    sys.exit("%s: measure %s does not have status %s any more: update the test" % (path, mid, old))
open(path, "w", encoding="utf-8").write(s2)
