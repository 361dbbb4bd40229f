#!/bin/sh
# End-to-end: robustness against broken input. Deterministic mutations (fixed seed) of the
# example report's YAML and Markdown files and of the default template (as the report's
# own) — byte flips, deleted, duplicated and swapped lines, truncation, random indentation,
# tabs, huge numbers, deep nesting, long lines, NUL bytes, invalid UTF-8, stray YAML and
# Markdown syntax — each run through `imagreport check`
# (and some through `imagreport build`) under a 400 MB address-space limit and a limit of
# 10 s CPU time (plus 60 s real time; CPU time does not depend on how busy the machine is).
#
# Then a dozen valid but extreme reports (megabyte words, 60 000-character titles, long
# headings, 50 000 keywords, 20 000 list items or links, the deepest nesting allowed) must
# build within the same limits.
#
# Every run must end normally: exit 0 or 1 (3 for unreadable input), never a signal or a
# timeout; every line on stderr is a diagnostic (FILE:LINE:COL: error|warning: …, note: … after one,
# FILE: error|warning: … or imagreport: error|warning: …); exit 1 comes with an error,
# exit 0 without; a failed build leaves no output file behind. With SAN_BUILD set (the
# sanitizer build folder) about 30 of the cases also run through its binary.
#
# Env: BIN (the imagreport binary), SAN_BUILD (optional). Needs python3.
# ROBUST_KEEP=DIR keeps the generated cases in DIR, to reproduce a failure by hand.
set -u
. "$(dirname "$0")/../tools/e2e-lib.sh"
need python3
cd "$(dirname "$0")/../.." || exit 2
python3 - "$BIN" "$SAN_BIN" "${ROBUST_KEEP:-}" <<'PY'
import os, random, re, shutil, signal, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

BIN, SAN_BIN, KEEP = sys.argv[1], sys.argv[2], sys.argv[3]
EXAMPLE = "reports/zwischenbericht-2025"
SEED = 20251114
N_CASES = 150      # checked with the plain binary
N_BUILD = 40       # of those, also built (PDF + layout dump)
N_SAN = 30         # of those, also checked with the sanitizer binary
MEM_LIMIT = 400 * 1024 * 1024
CPU_LIMIT = 10     # seconds of CPU time: a hang, independent of how busy the machine is
WALL_LIMIT = 60    # seconds of real time: a hang that does not use the CPU

DIAG = re.compile(r"^([^:]+:[0-9]+:[0-9]+|[^:]+|imagreport): (error|warning|note): ")

rng = random.Random(SEED)
yaml_files = ["report.yaml", "measures.yaml", "measures-digital-wissenschaft.yaml"]
md_files = sorted("chapters/" + f for f in os.listdir(os.path.join(EXAMPLE, "chapters"))
                  if f.endswith(".md"))
originals = {}
for f in yaml_files + md_files:
    with open(os.path.join(EXAMPLE, f), "rb") as fh:
        originals[f] = fh.read()
# the built-in template as the report's own template (fonts then come from fonts/)
TEMPLATE = "vorlage.yaml"
with open("templates/default.yaml", "rb") as fh:
    originals[TEMPLATE] = fh.read().replace(b"../fonts/", b"")
yaml_files.append(TEMPLATE)


def lines_of(data):
    return data.split(b"\n")


def pick_line(ls):
    nonempty = [i for i, l in enumerate(ls) if l.strip()]
    return rng.choice(nonempty) if nonempty else 0


# ---- mutations: each takes (bytes, is_yaml) and returns (bytes, what) ----

def m_flip(d, y):
    b = bytearray(d)
    k = rng.randint(1, 8)
    for _ in range(k):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b), "%d flipped bits" % k


def m_delete_lines(d, y):
    ls = lines_of(d)
    i = pick_line(ls)
    k = rng.randint(1, 3)
    del ls[i:i + k]
    return b"\n".join(ls), "deleted lines %d-%d" % (i + 1, i + k)


def m_duplicate_line(d, y):
    ls = lines_of(d)
    i = pick_line(ls)
    ls.insert(i, ls[i])
    return b"\n".join(ls), "duplicated line %d" % (i + 1)


def m_swap_lines(d, y):
    ls = lines_of(d)
    i, j = pick_line(ls), pick_line(ls)
    ls[i], ls[j] = ls[j], ls[i]
    return b"\n".join(ls), "swapped lines %d and %d" % (i + 1, j + 1)


def m_truncate(d, y):
    n = rng.randrange(len(d))
    return d[:n], "truncated to %d bytes" % n


def m_indent(d, y):
    ls = lines_of(d)
    i = pick_line(ls)
    body = ls[i].lstrip(b" ")
    old = len(ls[i]) - len(body)
    new = max(0, old + rng.choice([-4, -2, -1, 1, 2, 3, 5]))
    if new == old:
        new = old + 2
    ls[i] = b" " * new + body
    return b"\n".join(ls), "line %d indented %d instead of %d" % (i + 1, new, old)


def m_tab(d, y):
    ls = lines_of(d)
    i = pick_line(ls)
    body = ls[i].lstrip(b" ")
    if rng.random() < 0.6:
        ls[i] = b"\t" + body
        return b"\n".join(ls), "tab indentation on line %d" % (i + 1)
    p = rng.randrange(len(ls[i]) + 1)
    ls[i] = ls[i][:p] + b"\t" + ls[i][p:]
    return b"\n".join(ls), "tab inside line %d" % (i + 1)


HUGE = [b"1e400", b"-1e400", b"99999999999999999999999999", b"-1", b"1e-400", b".inf",
        b"-.nan", b"2147483648", b"-2147483649", b"9" * 400, b"0x7fffffff", b"1_000"]


def m_huge_number(d, y):
    nums = list(re.finditer(rb"(?<![\w.])\d+(\.\d+)?(?![\w.])", d))
    if not nums:
        return d + b"\n" + rng.choice(HUGE) + b"\n", "appended a huge number"
    m = rng.choice(nums)
    if y:
        rep = rng.choice(HUGE)
    else:
        rep = rng.choice([b"999999999", b"1234567890", b"0", b"9" * 400])
    return d[:m.start()] + rep + d[m.end():], "number %s -> %s" % (
        m.group(0).decode(), rep[:20].decode())


def m_deep_nesting(d, y):
    n = rng.choice([63, 64, 65, 100, 1000, 20000])
    ls = lines_of(d)
    i = pick_line(ls)
    if y:
        kind = rng.choice(["flow-seq", "flow-map", "block"])
        if kind == "flow-seq":
            deep = b"x: " + b"[" * n + b"1" + b"]" * n
        elif kind == "flow-map":
            deep = b"x: " + b"{a: " * n + b"1" + b"}" * n
        else:
            n = min(n, 1000)
            deep = b"\n".join(b"  " * k + b"- " + (b"a" if k == n - 1 else b"") for k in range(n))
            deep = b"x:\n" + deep
        ls.insert(i, deep)
    else:
        kind = rng.choice(["quotes", "lists", "emphasis", "brackets"])
        if kind == "quotes":
            deep = b"> " * n + b"text"
        elif kind == "lists":
            n = min(n, 2000)
            deep = b"\n".join(b"  " * k + b"- item" for k in range(n))
        elif kind == "emphasis":
            deep = b"*" * n + b"text" + b"*" * n
        else:
            deep = b"[" * n + b"text" + b"](#x)" * min(n, 100)
        ls.insert(i, b"\n" + deep + b"\n")
    return b"\n".join(ls), "%s nesting %d at line %d" % (kind, n, i + 1)


def m_long_line(d, y):
    n = rng.choice([5000, 100000, 1100000, 2500000])
    word = rng.random() < 0.5
    unit = b"x" if word else b"Wort "
    text = (unit * (n // len(unit)))[:n]
    ls = lines_of(d)
    i = pick_line(ls)
    if y:
        if rng.random() < 0.5:
            m = re.match(rb"^(\s*-?\s*[\w-]+: ?)", ls[i])
            if m:
                ls[i] = m.group(1) + text
                return b"\n".join(ls), "value of %d bytes on line %d" % (n, i + 1)
        ls.insert(i, b"# " + text)
        return b"\n".join(ls), "comment of %d bytes at line %d" % (n, i + 1)
    ls.insert(i, b"\n" + text + b"\n")
    return b"\n".join(ls), "%s line of %d bytes at line %d" % (
        "one-word" if word else "text", n, i + 1)


def m_nul(d, y):
    p = rng.randrange(len(d) + 1)
    return d[:p] + b"\0" * rng.randint(1, 3) + d[p:], "NUL at byte %d" % p


BAD_UTF8 = [b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82",
            b"\x80", b"\xfe\xff"]


def m_bad_utf8(d, y):
    p = rng.randrange(len(d) + 1)
    s = rng.choice(BAD_UTF8)
    return d[:p] + s + d[p:], "invalid UTF-8 %r at byte %d" % (s, p)


YAML_JUNK = [b": ", b"- ", b"[", b"]", b"{", b"}", b"\"", b"'", b"&a ", b"*a", b"*zz", b"!!str ",
             b"!foo ", b"|", b">", b"%YAML 1.1\n", b"---\n", b"...\n", b"? ", b"@", b"`",
             b"<<: *a\n", b"#", b",", b"~"]
MD_JUNK = [b"#", b"*", b"**", b"_", b"`", b"```", b"> ", b"- ", b"1. ", b"[x](", b"](", b"![",
           b"<!-- pagebreak -->", b"<div>", b"&#0;", b"&#x110000;", b"\\", b"|", b"---\n",
           b"[](measure:9.9)", b"[a](#nirgends)", b"[a](ftp://x)", b"![b](../images/nope.png)",
           b"![c](/etc/passwd)", b"[](measure:1.1)", b"\xc2\xad", b"\xc2\xa0", b"\u200b".decode(
               "unicode_escape").encode()]


def m_junk(d, y):
    k = rng.randint(1, 4)
    b = d
    for _ in range(k):
        p = rng.randrange(len(b) + 1)
        b = b[:p] + rng.choice(YAML_JUNK if y else MD_JUNK) + b[p:]
    return b, "%d stray syntax tokens" % k


def m_line_ends(d, y):
    c = rng.choice(["crlf", "cr", "bom", "bom-middle"])
    if c == "crlf":
        return d.replace(b"\n", b"\r\n"), "CRLF line ends"
    if c == "cr":
        return d.replace(b"\n", b"\r"), "CR line ends"
    if c == "bom":
        return b"\xef\xbb\xbf" + d, "BOM"
    p = rng.randrange(len(d) + 1)
    return d[:p] + b"\xef\xbb\xbf" + d[p:], "BOM at byte %d" % p


def m_empty(d, y):
    c = rng.choice([b"", b"\n", b"   \n\n", b"\xef\xbb\xbf", b"~\n", b"[]\n", b"- a\n",
                    b"a\n", b"---\n---\n", b"\0"])
    return c, "replaced by %r" % c


def m_aliases(d, y):
    if not y:
        return m_junk(d, y)
    bomb = [b"a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for k in range(1, 9):
        bomb.append(b"a%d: &a%d [" % (k, k) + b", ".join([b"*a%d" % (k - 1)] * 10) + b"]")
    return d + b"\n" + b"\n".join(bomb) + b"\n", "billion laughs appended"


MUTATIONS = [m_flip, m_delete_lines, m_duplicate_line, m_swap_lines, m_truncate, m_indent,
             m_tab, m_huge_number, m_deep_nesting, m_long_line, m_nul, m_bad_utf8, m_junk,
             m_line_ends, m_empty, m_aliases]

work = KEEP or tempfile.mkdtemp(prefix="imr-robust-")
os.makedirs(work, exist_ok=True)
files = yaml_files + md_files
cases = []
for i in range(N_CASES):
    mut = MUTATIONS[i % len(MUTATIONS)]
    f = files[(i // len(MUTATIONS) + i) % len(files)]
    data, what = mut(originals[f], f.endswith(".yaml"))
    if rng.random() < 0.15:  # sometimes a second mutation on top
        data, what2 = rng.choice(MUTATIONS)(data or b"\n", f.endswith(".yaml"))
        what += ", then " + what2
    d = os.path.join(work, "case%03d" % i)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(EXAMPLE, d)
    with open(os.path.join(d, f), "wb") as fh:
        fh.write(data)
    if f == TEMPLATE:
        with open(os.path.join(d, "report.yaml"), "wb") as fh:
            fh.write(originals["report.yaml"].replace(b"template: default",
                                                      b"template: " + TEMPLATE.encode()))
    cases.append((d, "%s %s: %s" % (os.path.basename(d), f, what)))


def run(argv, san):
    """Runs argv under ulimit (no core files, CPU time; -v only for the plain build: ASan
    needs a huge address space) and a timeout. Returns (status, stderr): status is the exit
    code, minus the signal that killed it, or None after the timeout."""
    cpu = CPU_LIMIT * (3 if san else 1)
    limits = "ulimit -c 0; ulimit -t %d" % cpu
    if not san:
        limits += "; ulimit -v %d" % (MEM_LIMIT // 1024)
    env = dict(os.environ)
    env.pop("IMAGREPORT_DATA", None)
    if san:
        # exit codes of their own, so a sanitizer report never looks like "invalid report"
        env["ASAN_OPTIONS"] = "detect_leaks=1:exitcode=86:abort_on_error=0"
        env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1:exitcode=87"
        env["LSAN_OPTIONS"] = "exitcode=88"
    try:
        p = subprocess.run(["sh", "-c", limits + '; exec "$0" "$@"'] + argv,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=WALL_LIMIT * (3 if san else 1))
    except subprocess.TimeoutExpired:
        return None, b""
    return p.returncode, p.stderr


def verdict(rc, err):
    """None when the run behaved, else why not."""
    if rc is None:
        return "timed out after %d s (hang)" % WALL_LIMIT
    if rc == -signal.SIGXCPU or rc == -signal.SIGKILL:
        return "more than %d s of CPU time (hang)" % CPU_LIMIT
    if rc < 0:
        return "killed by signal %d" % -rc
    text = err.decode("utf-8", "replace")
    lines = text.splitlines()
    bad = [l for l in lines if not DIAG.match(l)]
    if bad:
        return "exit %d, stderr line not a diagnostic: %s" % (rc, bad[0][:200])
    errors = sum(1 for l in lines if re.search(r": error: ", l))
    if rc not in (0, 1, 3):
        return "exit code %d" % rc
    if rc in (1, 3) and errors == 0:
        return "exit %d without an error line" % rc
    if rc == 0 and errors:
        return "exit 0 with an error line: %s" % lines[0][:200]
    return None


# ---- stress: reports that are valid but extreme; each must build within the limits ----

def patch(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


def patch_after(text, mark, old, new):
    head, tail = text.split(mark, 1)
    return head + mark + patch(tail, old, new)


def chapter(body):
    return {"chapters/05-ausblick.md": "# Ausblick\n\n" + body}


STRESS = [
    ("field-title-long-word", {"measures.yaml": lambda s: patch(
        s, "title: ", "title: Präventions" + "x" * 300 + " ")}),
    ("measure-title-long-word", {"measures.yaml": lambda s: patch_after(
        s, "\nmeasures:\n", "title: ", "title: Präventions" + "x" * 300 + " ")}),
    ("report-title-long-word", {"report.yaml": lambda s: patch(
        s, "title: ", "title: Handlungskonzept" + "x" * 60000 + " ")}),
    ("report-title-many-words", {"report.yaml": lambda s: patch(
        s, "title: ", "title: " + "Handlungskonzept " * 3500)}),
    ("heading-60k", chapter("## " + "Überschrift " * 5000 + "\n")),
    ("heading-120k", chapter("## " + "Überschrift " * 10000 + "\n")),
    ("keywords-50000", {"report.yaml": lambda s: patch(
        s, "keywords:\n", "keywords:\n" + "".join("  - K%d\n" % i for i in range(50000)))}),
    ("word-2mb", chapter("x" * 2000000 + "\n")),
    ("paragraph-1mb", chapter("Wort " * 200000 + "\n")),
    ("code-100k-lines", chapter("```\n" + "".join("Zeile %d\n" % i for i in range(100000)) + "```\n")),
    ("list-20000-items", chapter("".join("- Punkt %d\n" % i for i in range(20000)))),
    ("lists-32-deep", chapter("\n".join("  " * k + "- Ebene %d" % k for k in range(32)) + "\n")),
    ("quotes-32-deep", chapter("> " * 32 + "Zitat\n")),
    ("measure-refs-20000", chapter("[](measure:1.1) " * 20000 + "\n")),
    ("glossary-20000", {"report.yaml": lambda s: patch(s, "glossary:\n", "glossary:\n" + "".join(
        "  X%d: Erklärung %d\n" % (i, i) for i in range(20000)))}),
]
stress_cases = []
for name, edits in STRESS:
    d = os.path.join(work, "stress-" + name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(EXAMPLE, d)
    for f, e in edits.items():
        p = os.path.join(d, f)
        with open(p, encoding="utf-8") as fh:
            text = fh.read()
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(e(text) if callable(e) else e)
    stress_cases.append((d, name))


def check_case(case, binary, san):
    d, desc = case
    rc, err = run([binary, "check", d], san)
    why = verdict(rc, err)
    return (desc, why), rc


def build_case(case, strict=False):
    """strict: a valid report; exit 3 (cannot write) is a failure too."""
    d, desc = case
    out = os.path.join(d, "out", "x.pdf")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rc, err = run([BIN, "build", d, "-o", out, "--layout", out + ".json"], False)
    why = verdict(rc, err)
    if why is None and strict and rc == 3:
        why = "exit 3: %s" % err.decode("utf-8", "replace").strip()[:200]
    left = sorted(os.listdir(os.path.dirname(out)))
    if why is None and rc != 0 and left:
        why = "failed build (exit %d) left files: %s" % (rc, ", ".join(left))
    if why is None and rc == 0:
        with open(out, "rb") as fh:
            if fh.read(5) != b"%PDF-":
                why = "exit 0 but the output is not a PDF"
    return desc, why


def report(name, results, extra=""):
    fails = [(desc, why) for desc, why in results if why]
    if not results:
        print("FAIL %s: no cases to run" % name)
    elif fails:
        print("FAIL %s: %d of %d cases: %s" % (name, len(fails), len(results), "; ".join(
            "%s -> %s" % f for f in fails[:5])))
    else:
        print("ok %s (%d cases%s)" % (name, len(results), extra))
    sys.stdout.flush()


with ThreadPoolExecutor(max_workers=2) as pool:
    checked = list(pool.map(lambda c: check_case(c, BIN, False), cases))
    results = [r for r, _ in checked]
    rcs = [rc for _, rc in checked]
    report("mutations-check", results, ", %d valid, %d with errors" % (
        rcs.count(0), rcs.count(1)))

    # builds: mutated reports that are still valid (they go through layout and render)
    # and some invalid ones (nothing may be written)
    valid = [c for c, rc in zip(cases, rcs) if rc == 0]
    invalid = [c for c, rc in zip(cases, rcs) if rc == 1]
    pick = valid[::max(1, len(valid) // (N_BUILD - 8))][:N_BUILD - 8]
    pick += invalid[::max(1, len(invalid) // 8)][:N_BUILD - len(pick)]
    report("mutations-build", list(pool.map(build_case, pick)))

    if SAN_BIN:
        step = max(1, len(cases) // N_SAN)
        san_cases = cases[::step][:N_SAN]
        report("mutations-check-sanitizers",
               [r for r, _ in pool.map(lambda c: check_case(c, SAN_BIN, True), san_cases)])

    for desc, why in pool.map(lambda c: build_case(c, True), stress_cases):
        if why:
            print("FAIL stress-%s: %s" % (desc, why))
        else:
            print("ok stress-%s" % desc)

if not KEEP:
    shutil.rmtree(work, ignore_errors=True)
PY
[ $? -eq 0 ] || exit 1
finish
