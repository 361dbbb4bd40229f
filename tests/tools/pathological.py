"""pathological.py BIN [SAN_BIN] — run by tests/e2e/pathological.sh.

The inputs of cmark-gfm's pathological tests and of the 2023 advisories
(CVE-2023-22483 … 22486, CVE-2023-37463: deep emphasis, link and bracket
chains, many table columns and rows, autolinks), generated here, each as a
chapter of a small report. Shapes cmark-gfm 0.29.0.gfm.6 parses in linear
time must check (and some build) cleanly; shapes it parses in more than
linear time or memory must be refused before parsing with the positioned
error of their limit (src/load/mdlimits.c). Every run has an address-space
limit of 2 GiB, so growth of memory faster than the input fails the test;
the time each run took is printed as a benchmark figure, never asserted
(only a hang guard ends a run that does not finish at all).
"""
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1])
SAN_BIN = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else ""
TMP = tempfile.mkdtemp(prefix="imr-patho-")
HANG = 600            # s: a hang guard, not a time limit
MEMORY = 2 << 30      # bytes of address space per run
FILE = "chapters/01-text.md"


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def report(name, text):
    d = os.path.join(TMP, name.replace(" ", "-").replace("/", "-"))
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "chapters"))
    with open(os.path.join(d, FILE), "w", encoding="utf-8") as f:
        f.write("# Kapitel\n\n" + text + "\n")
    with open(os.path.join(d, "report.yaml"), "w", encoding="utf-8") as f:
        f.write("title: Testbericht\nissuer: IMAG Islamismusprävention\ndate: 2025-11-14\n"
                "contents:\n  - " + FILE + "\n")
    return d


def run(binary, args, san):
    env = dict(os.environ)
    if san:  # ASan reserves terabytes of address space: no limit there
        env["ASAN_OPTIONS"] = "detect_leaks=1:halt_on_error=1"
    t = time.time()
    try:
        p = subprocess.run([binary] + args, capture_output=True, env=env, timeout=HANG,
                           preexec_fn=None if san else limit_memory)
    except subprocess.TimeoutExpired:
        return None, "did not finish (hang guard)", 0.0
    return p.returncode, p.stderr.decode("utf-8", "replace"), time.time() - t


def deep_lists(n):
    return "".join("  " * x + "* a\n" for x in range(n))


def backticks(n):
    return "".join("e" + "`" * x for x in range(1, n))


# name: (text, error or None, build too). The error is a regex for the one line
# on stderr, after "FILE:LINE:COL: error: "; LINE:COL are in the pattern.
N = 50000
CASES = [
    # cmark's set: linear in cmark-gfm (some stopped by the nesting limits)
    ("nested strong emph", "*a **a " * N + "b" + " a** a*" * N,
     r"3:109: error: emphasis, links and pictures nested too deep \(more than 32 levels\)", False),
    ("emph closers without openers", "a_ " * N, None, False),
    ("emph openers without closers", "_a " * N, None, False),
    ("link closers without openers", "a]" * N, None, False),
    ("link openers without closers", "[a" * N, None, False),
    ("mismatched openers and closers", "*a_ " * N, None, False),
    ("openers and closers multiple of 3", "a**b" + "c* " * N, None, False),
    ("link openers and emph closers", "[ a_" * N, None, False),
    ("pattern [ (]( repeated", "[ (](" * N, None, False),
    ("nested brackets", "[" * N + "a" + "]" * N, None, False),
    ("backticks", backticks(3000), None, False),
    ("unclosed links A", "[a](<b" * N, None, False),
    ("unclosed links B", "[a](b" * N, None, False),
    ("unclosed comments", "</" + "<!--" * N, None, False),
    ("nested inlines", "*" * N + "a" + "*" * N,
     r"3:1: error: emphasis, links and pictures nested too deep \(more than 32 levels\)", False),
    ("U+0000", "abc\u0000de\u0000" * 1000, None, True),
    ("reference chain", "[a]" * N + "\n\n[a]: https://www.im.nrw\n", None, False),
    # cmark-gfm's extensions: tables, strikethrough, autolinks, footnotes
    ("tables with CR and VT", "aaa\rbbb\n-\v\n" * 5000, None, True),
    ("long table", "| Jahr | Fälle |\n|---|--:|\n" + "| 2024 | 1.234 |\n" * 20000, None, True),
    ("strikethrough", "~~a " * N, None, True),
    ("www prefixes", "www." * N, None, False),
    ("email at signs", "a@" * N, None, False),
    ("email dotted labels", "x@y." * N, None, False),
    ("underscores in a domain", "www." + "a_" * N + "b", None, False),
    ("footnotes", "".join("Satz[^%d] " % i for i in range(5000)) + "\n\n"
     + "".join("[^%d]: Nachweis %d.\n" % (i, i) for i in range(5000)), None, True),
    # more than linear in cmark-gfm 0.29.0.gfm.6: refused before parsing
    ("table columns times rows", "|" + "a|" * 10000 + "\n|" + "-|" * 10000 + "\n" + "x\n" * 10000,
     r"4:1: error: a table may have at most 100 columns", False),
    ("table cells", "| a | b | c | d |\n|---|---|---|---|\n" + "| 1 |\n" * 60000,
     r"4:1: error: a table may have at most 200000 cells \(rows times columns\)", False),
    ("tables with CR and VT, many", "aaa\rbbb\n-\v\n" * 100000,
     r"5:1: error: a table may have at most 200000 cells \(rows times columns\)", False),
    ("pictures holding links", "![[]()" * N,
     r"3:6001: error: a paragraph may hold at most 1000 pictures", False),
    ("links in pictures", "![[a](b)" * N,
     r"3:8001: error: a paragraph may hold at most 1000 pictures", False),
    ("parens after a www address", "www.x" + ")" * N,
     r"3:1: error: a web address may hold at most 256 '\)'", False),
    ("parens after an http address", "Siehe http://x" + ")" * N,
     r"3:7: error: a web address may hold at most 256 '\)'", False),
    ("nested block quotes", "> " * N + "a",
     r"3:65: error: lists and block quotes nested too deep \(more than 32 levels\)", False),
    ("deeply nested lists", deep_lists(1000),
     r"131:1: error: more than 256 columns of indentation and list or quote markers", False),
    ("empty lines in nested lists", "- " * 3000 + "x" + "\n" * N,
     r"3:65: error: lists and block quotes nested too deep \(more than 32 levels\)", False),
    ("indentation", " " * 300 + "x\n" + "\n" * N,
     r"3:1: error: more than 256 columns of indentation and list or quote markers", False),
]


def check_case(name, text, error, build):
    d = report(name, text)
    runs = [("check", BIN, False)] + ([("check", SAN_BIN, True)] if SAN_BIN else [])
    if build and error is None:
        runs.append(("build", BIN, False))
    for cmd, binary, san in runs:
        tag = name + (" (san)" if san else "") + ("" if cmd == "check" else " build")
        args = [cmd, d] + (["-o", os.path.join(d, "out.pdf")] if cmd == "build" else [])
        rc, err, secs = run(binary, args, san)
        lines = [l for l in err.splitlines() if ": error: " in l or ": warning: " in l]
        if rc is None:
            print("FAIL %s: %s" % (tag, err), flush=True)
        elif error is None and rc != 0:
            print("FAIL %s: exit %s: %s" % (tag, rc, err.strip()[:300]), flush=True)
        elif error is not None and (rc != 1 or len(lines) != 1 or
                                    not re.search("^" + re.escape(os.path.join(d, FILE)) + ":"
                                                  + error, lines[0])):
            print("FAIL %s: exit %s, expected 1 and %r: %s" % (tag, rc, error, err.strip()[:300]),
                  flush=True)
        else:
            print("ok %s" % tag, flush=True)
            print("  %-40s %8d bytes %6.2f s" % (tag, len(text.encode()), secs), flush=True)


for case in CASES:
    check_case(*case)
shutil.rmtree(TMP, ignore_errors=True)
