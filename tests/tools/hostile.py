"""hostile.py BIN [SAN_BIN] — run by tests/e2e/hostile.sh.

Each case builds its input in a temporary folder (a copy of the example report, changed),
runs imagreport and checks the exit code, the diagnostics and the files left behind.
Prints "ok NAME" or "FAIL NAME: why" per check.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

BIN = os.path.abspath(sys.argv[1])
SAN_BIN = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else ""
EXAMPLE = "reports/zwischenbericht-2025"
TMP = tempfile.mkdtemp(prefix="imr-hostile-")
HANG = 600  # seconds: only against a hang, never a performance assertion

# imported by other test tools: the binaries to use for a case
def binaries(san):
    return [("", BIN)] + ([(" (san)", SAN_BIN)] if san and SAN_BIN else [])


def ok(name):
    print("ok " + name, flush=True)


def fail(name, why):
    print("FAIL %s: %s" % (name, why.replace("\n", " | ")[:600]), flush=True)


def run(binary, *args, cwd=None):
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = "detect_leaks=1:halt_on_error=1"
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    try:
        p = subprocess.run([binary] + list(args), cwd=cwd, env=env, capture_output=True,
                           timeout=HANG)
    except subprocess.TimeoutExpired:
        return -999, "", "timeout"
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def copy_example(name):
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(EXAMPLE, d)
    prev = os.path.join(TMP, "zwischenbericht-2023")  # the example's previous: report
    if not os.path.isdir(prev):
        shutil.copytree(os.path.join(os.path.dirname(EXAMPLE), "zwischenbericht-2023"), prev)
    return d


def new_report(name, measures_yaml=None, chapters=None, extra_report=""):
    """A small report: report.yaml, one chapter per entry of chapters (name -> text)."""
    d = os.path.join(TMP, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "chapters"))
    chapters = chapters or {"01-einleitung.md": "# Einleitung\n\nDer Bericht beginnt hier.\n"}
    contents = ["  - chapters/" + c for c in chapters]
    for c, text in chapters.items():
        with open(os.path.join(d, "chapters", c), "wb") as f:
            f.write(text.encode() if isinstance(text, str) else text)
    head = "title: Testbericht\nissuer: IMAG Islamismusprävention\ndate: 2025-11-14\n"
    if measures_yaml is not None:
        with open(os.path.join(d, "measures.yaml"), "w") as f:
            f.write(measures_yaml)
        head += "measures: measures.yaml\n"
        contents.append("  - measures: {title: Maßnahmen}")
    with open(os.path.join(d, "report.yaml"), "w") as f:
        f.write(head + extra_report + "contents:\n" + "\n".join(contents) + "\n")
    return d


def minimal_measures(n):
    out = ["ministries:", "  - {id: IM, name: Ministerium des Innern}",
           "fields:", "  - {id: '1', title: Prävention}", "measures:"]
    for i in range(1, n + 1):
        out.append("  - {id: '1.%d', field: '1', title: Maßnahme %d, lead: IM, status: planned, "
                   "description: Beschreibung der Maßnahme}" % (i, i))
    return "\n".join(out) + "\n"


def png(width, height, grey=0x80):
    """A greyscale PNG of one colour (compresses to almost nothing)."""
    row = b"\x00" + bytes([grey]) * width
    raw = zlib.compress(row * height, 1)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0,
                                                                 0, 0)) +
            chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def expect(name, got, want_rc, pattern=None, forbid=None):
    """got = (rc, out, err): exit code, a regular expression stderr must match."""
    rc, _, err = got
    if rc != want_rc:
        fail(name, "exit %d, expected %d: %s" % (rc, want_rc, err[:400]))
        return False
    if pattern and not re.search(pattern, err, re.M):
        fail(name, "stderr does not match %r: %s" % (pattern, err[:400]))
        return False
    if forbid and re.search(forbid, err, re.M):
        fail(name, "stderr matches %r: %s" % (forbid, err[:400]))
        return False
    ok(name)
    return True


def check(name, cond, why):
    if cond:
        ok(name)
    else:
        fail(name, why)


def no_output(name, folder, names, temp_only=False):
    """None of names (nor its hidden temporary file) is in folder."""
    left = [n for n in os.listdir(folder) if any((n == x and not temp_only) or
                                                   n.startswith("." + x + ".") for x in names)]
    if left:
        fail(name, "files left behind: %s" % left)
    else:
        ok(name)


# ---------- defect 1: nesting that used to overflow the stack ----------

def deep_emphasis(levels):
    return ("Tief " + "*a " * levels + "b" + " c*" * levels + "\n")


def case_deep_emphasis():
    levels = 50000  # 300 KB; the recursive walk in compose crashed from about 17 000
    d = copy_example("deep-emphasis")
    chapter = os.path.join(d, "chapters", "02-lagebild.md")
    with open(chapter, "rb") as f:
        n_lines = f.read().count(b"\n")
    with open(chapter, "a") as f:
        f.write("\n" + deep_emphasis(levels))
    where = r"^%s:%d:\d+: error: emphasis, links and pictures nested too deep \(more than 32 levels\)$" % (
        re.escape(chapter), n_lines + 2)
    # in a measure's Markdown field too
    m = os.path.join(d, "measures.yaml")
    with open(m) as f:
        text = f.read()
    text = text.replace("    description: |\n", "    description: |\n      %s" % deep_emphasis(levels), 1)
    with open(m, "w") as f:
        f.write(text)
    where_m = r"^%s:\d+:\d+: error: emphasis, links and pictures nested too deep" % re.escape(m)
    for tag, b in binaries(san=True):
        for cmd in ("check", "build"):
            args = [cmd, d] + (["-o", os.path.join(d, "out.pdf")] if cmd == "build" else [])
            got = run(b, *args)
            expect("deep-emphasis-%s-chapter%s" % (cmd, tag), got, 1, where)
            expect("deep-emphasis-%s-measure%s" % (cmd, tag), got, 1, where_m)
        no_output("deep-emphasis-no-pdf" + tag, d, ["out.pdf"])
    # 31 levels inside the paragraph are fine: they build
    d2 = copy_example("emphasis-31")
    with open(os.path.join(d2, "chapters", "02-lagebild.md"), "a") as f:
        f.write("\n" + deep_emphasis(31))
    expect("emphasis-31-levels-build", run(BIN, "build", d2, "-o", os.path.join(TMP, "e31.pdf")), 0)


# ---------- defect 4: all outputs or none ----------

def case_outputs_all_or_none():
    d = copy_example("outputs")
    pdf = os.path.join(TMP, "keep.pdf")
    for tag, b in binaries(san=True):
        with open(pdf, "wb") as f:
            f.write(b"previous PDF\n")
        got = run(b, "build", d, "-o", pdf, "--layout", "/dev/full")
        expect("layout-dev-full-exit-3" + tag, got, 3,
               r"^/dev/full: error: cannot write layout dump: not a regular file$")
        with open(pdf, "rb") as f:
            check("layout-dev-full-pdf-untouched" + tag, f.read() == b"previous PDF\n", "replaced")
        no_output("layout-dev-full-no-temp" + tag, TMP, ["keep.pdf"], temp_only=True)
        # the other way round: the PDF cannot be written, the old dump stays
        dump = os.path.join(TMP, "keep.json")
        with open(dump, "wb") as f:
            f.write(b"previous dump\n")
        got = run(b, "build", d, "-o", os.path.join(TMP, "no", "such", "x.pdf"), "--layout", dump)
        expect("pdf-unwritable-exit-3" + tag, got, 3, r"x\.pdf: error: cannot write PDF: ")
        with open(dump, "rb") as f:
            check("pdf-unwritable-dump-untouched" + tag, f.read() == b"previous dump\n", "replaced")


# ---------- defect 5: an output must not overwrite an input ----------

def case_output_is_input():
    d = copy_example("overwrite")
    with open(os.path.join(d, "report.yaml"), "rb") as f:
        before = f.read()
    for tag, b in binaries(san=True):
        for opt, target in (("-o", "report.yaml"), ("--layout", "chapters/02-lagebild.md"),
                            ("-o", "images/../measures.yaml"), ("--layout", "images/logo.png")):
            path = os.path.join(d, target)
            args = ["build", d, "-o", path] if opt == "-o" else \
                ["build", d, "-o", os.path.join(TMP, "o.pdf"), "--layout", path]
            with open(path, "rb") as f:
                old = f.read()
            got = run(b, *args)
            expect("output-is-input %s %s%s" % (opt, target, tag), got, 2,
                   r"^imagreport: error: %s .* would overwrite .*, an input of the report$" % opt)
            with open(path, "rb") as f:
                check("output-is-input-untouched %s%s" % (target, tag), f.read() == old,
                      "the input was replaced")
        # relative to the working directory, from inside the report folder
        got = run(b, "build", ".", "-o", "report.yaml", cwd=d)
        expect("output-is-input-cwd" + tag, got, 2, r"would overwrite report\.yaml")
        got = run(b, "build", d, "-o", os.path.join(TMP, "same"), "--layout",
                  os.path.join(TMP, ".", "same"))
        expect("output-twice" + tag, got, 2,
               r"^imagreport: error: -o and --layout name the same file")
    with open(os.path.join(d, "report.yaml"), "rb") as f:
        check("report-yaml-never-replaced", f.read() == before, "report.yaml was replaced")


# ---------- defect 8: diff input is capped ----------

def case_diff_cap():
    big = os.path.join(TMP, "big.json")
    with open(big, "wb") as f:  # sparse: 64 MiB + 1 byte of NULs
        f.truncate(64 * 1024 * 1024 + 1)
    for tag, b in binaries(san=True):
        expect("diff-dev-zero" + tag, run(b, "diff", "/dev/zero", "tests/golden/zwischenbericht-2025.layout.json"),
               2, r"^/dev/zero: error: too large for a layout dump \(more than 67108864 bytes\)$")
    expect("diff-64-mib", run(BIN, "diff", "tests/golden/zwischenbericht-2025.layout.json", big),
           2, r"big\.json: error: too large for a layout dump")
    os.unlink(big)


# ---------- defect 9 and the size limits: measures, text, pictures ----------

def case_measure_limit():
    d = new_report("measures-5001", minimal_measures(5001))
    m = os.path.join(d, "measures.yaml")
    for tag, b in binaries(san=True):
        for cmd in ("check", "build"):
            args = [cmd, d] + (["-o", os.path.join(d, "out.pdf")] if cmd == "build" else [])
            expect("measures-5001-%s%s" % (cmd, tag), run(b, *args), 1,
                   r"^%s:5006:5: error: too many measures \(at most 5000 per report\)$" % re.escape(m),
                   forbid=r"link to measure")
    # exactly at the limit: the report builds
    d = new_report("measures-5000", minimal_measures(5000))
    expect("measures-5000-build", run(BIN, "build", d, "-o", os.path.join(d, "out.pdf")), 0)
    # 100 000 measures (an 11 MB file, within the file limit): a clear error, not the OOM killer
    d = new_report("measures-100000", minimal_measures(100000))
    expect("measures-100000", run(BIN, "check", d), 1, r"too many measures \(at most 5000")


def case_text_limits():
    words = ("Die Landesregierung setzt die Prävention fort und stärkt die Beratungsstellen "
             "in allen Regionen des Landes. ")
    para = (words * 40 + "\n\n").encode()
    # one file over 16 MiB
    big = b"# Lagebild\n\n" + para * (16 * 1024 * 1024 // len(para) + 1)
    d = new_report("file-16mib", chapters={"01-lagebild.md": big})
    expect("markdown-file-16-mib", run(BIN, "check", d), 1,
           r"chapters/01-lagebild\.md is too large \(\d+ bytes; at most 16777216\)")
    # three files of 11 MiB: each within the file limit, together over 32 MiB
    part = b"# Teil\n\n" + para * (11 * 1024 * 1024 // len(para))
    d = new_report("text-32mib", chapters={"01-a.md": part, "02-b.md": part, "03-c.md": part})
    expect("text-total-32-mib", run(BIN, "check", d), 1,
           r"report\.yaml:\d+:\d+: error: .*03-c\.md makes the report's YAML and Markdown files too "
           r"large together \(more than 33554432 bytes\)")
    # one YAML value over 1 MiB
    d = new_report("value-1mib", extra_report="subtitle: %s\n" % ("x" * (1024 * 1024 + 1)))
    expect("yaml-value-1-mib", run(BIN, "check", d), 1, r"report\.yaml:\d+:\d+: error: text too long \(1048577 bytes; at most 1048576\)")


def case_picture_limits():
    # one picture over 40 million pixels
    d = new_report("pixels-40m", chapters={"01-bild.md": "# Bild\n\n![Karte](karte.png)\n"})
    with open(os.path.join(d, "chapters", "karte.png"), "wb") as f:
        f.write(png(8000, 5001))
    expect("picture-40m-pixels", run(BIN, "check", d), 1,
           r"01-bild\.md:3:1: error: picture '.*karte\.png' cannot be used: too large: 8000 x 5001 pixels \(at most 40 million\)")
    # three pictures of 36 million pixels: each fine, together over 100 million
    text = "# Bilder\n\n![A](a.png)\n\n![B](b.png)\n\n![C](c.png)\n"
    d = new_report("pixels-100m", chapters={"01-bilder.md": text})
    for i, n in enumerate("abc"):
        with open(os.path.join(d, "chapters", n + ".png"), "wb") as f:
            f.write(png(6000, 6000, 0x40 + i))
    expect("pictures-100m-pixels", run(BIN, "check", d), 1,
           r"01-bilder\.md:7:1: error: picture '.*c\.png' makes the report's pictures too large "
           r"together \(more than 100000000 pixels\)$")
    # a picture file over 64 MiB (sparse: a PNG signature, then NULs)
    d = new_report("picture-64mib", chapters={"01-bild.md": "# Bild\n\n![Karte](gross.png)\n"})
    with open(os.path.join(d, "chapters", "gross.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.truncate(64 * 1024 * 1024 + 1)
    expect("picture-file-64-mib", run(BIN, "check", d), 1, r"gross\.png is too large \(67108865 bytes; at most 67108864\)")


# ---------- defect 6: check finds what build finds (fonts, the template's maxima) ----------

def with_template(name, change):
    """A copy of the example with the default template as its own vorlage.yaml, changed."""
    d = copy_example(name)
    with open("templates/default.yaml") as f:
        t = f.read().replace("../fonts/", "")
    with open(os.path.join(d, "vorlage.yaml"), "w") as f:
        f.write(change(t))
    with open(os.path.join(d, "report.yaml")) as f:
        r = f.read()
    with open(os.path.join(d, "report.yaml"), "w") as f:
        f.write(re.sub(r"(?m)^template: .*$", "template: vorlage.yaml", r))
    return d


def case_fonts_checked():
    with open("fonts/OpenSans-Regular.ttf", "rb") as f:
        font = f.read()
    d = with_template("broken-font", lambda t: t.replace("regular: OpenSans-Regular.ttf",
                                                         "regular: Kaputt.ttf"))
    where = r"^%s:17:12: error: font 'regular' file .*Kaputt\.ttf cannot be used: " % re.escape(
        os.path.join(d, "vorlage.yaml"))
    for n in (0, 11, 200, 30000, len(font) // 2, len(font) - 1):
        with open(os.path.join(d, "Kaputt.ttf"), "wb") as f:
            f.write(font[:n])
        for tag, b in binaries(san=n == 30000):
            expect("truncated-font-%d-check%s" % (n, tag), run(b, "check", d), 1, where)
            expect("truncated-font-%d-build%s" % (n, tag),
                   run(b, "build", d, "-o", os.path.join(d, "out.pdf")), 1, where,
                   forbid=r"libharu|cannot write")
    # a table that points outside the glyph data
    bad = bytearray(font)
    n_tables = struct.unpack(">H", bad[4:6])[0]
    for i in range(n_tables):
        e = 12 + 16 * i
        if bad[e:e + 4] == b"loca":
            off = struct.unpack(">I", bad[e + 8:e + 12])[0]
            bad[off + 20:off + 22] = b"\xff\xff"
    with open(os.path.join(d, "Kaputt.ttf"), "wb") as f:
        f.write(bytes(bad))
    expect("font-bad-loca-check", run(BIN, "check", d), 1, where + r"table 'loca' points outside")
    # a font file over 64 MiB (sparse)
    with open(os.path.join(d, "Kaputt.ttf"), "wb") as f:
        f.write(font[:12])
        f.truncate(64 * 1024 * 1024 + 1)
    expect("font-file-64-mib", run(BIN, "check", d), 1,
           r"vorlage\.yaml:17:12: error: .*Kaputt\.ttf is too large \(67108865 bytes; at most 67108864\)")
    # a CFF-flavoured OpenType font
    with open(os.path.join(d, "Kaputt.ttf"), "wb") as f:
        f.write(b"OTTO" + font[4:])
    expect("font-otf-check", run(BIN, "check", d), 1, where + r"OpenType with CFF outlines")


def case_template_maxima():
    def maxima(t):
        t = re.sub(r"(?m)^(  (width|height)): [0-9.]+", r"\1: 14400", t)
        t = re.sub(r"size: [0-9.]+", "size: 600", t)
        return re.sub(r"leading: [0-9.]+", "leading: 700", t)
    d = with_template("template-maxima", maxima)
    pdf = os.path.join(d, "out.pdf")
    for tag, b in binaries(san=True):
        expect("template-maxima-check" + tag, run(b, "check", d), 0)
        expect("template-maxima-build" + tag, run(b, "build", d, "-o", pdf), 0)
    p = subprocess.run(["sh", "tests/pdfa-check.sh", pdf], capture_output=True, text=True)
    check("template-maxima-pdfa", p.returncode == 0, p.stdout[-400:])


# ---------- defect 3: characters the fonts lack, in YAML texts ----------

def case_missing_glyphs():
    d = copy_example("hebrew")
    want = set()

    def add_hebrew(rel, pattern, letter):
        path = os.path.join(d, rel)
        with open(path) as f:
            lines = f.read().split("\n")
        for i, line in enumerate(lines):
            m = re.match(pattern, line)
            if m:
                lines[i] = line + " " + letter
                col = len(m.group(1)) + 1
                want.add("%s:%d:%d: warning: character U+%04X is not in the font" % (
                    path, i + 1, col, ord(letter)))
                break
        with open(path, "w") as f:
            f.write("\n".join(lines))
    add_hebrew("report.yaml", r"^(title: )", "א")
    add_hebrew("report.yaml", r"^(subtitle: )", "ב")
    add_hebrew("report.yaml", r"^(issuer: )", "ג")
    add_hebrew("report.yaml", r"^(publisher: )", "ד")
    add_hebrew("measures.yaml", r"^(    name: )", "ה")          # a ministry
    add_hebrew("measures.yaml", r"^(    title: )", "ו")         # a field of action
    add_hebrew("measures.yaml", r"^(    title: )(?!.*ו)", "ז")  # the next field of action
    pdf = os.path.join(d, "out.pdf")
    for tag, b in binaries(san=True):
        for flags in ([], ["--warnings"]):
            rc, _, err = run(b, "build", d, "-o", pdf, *flags)
            got = set(l for l in err.splitlines() if "not in the font" in l)
            name = "missing-glyph%s%s" % (" --warnings" if flags else "", tag)
            check(name + "-exit", rc == 0, "exit %d: %s" % (rc, err[:300]))
            check(name + "-once-at-position", got == want and
                  len([l for l in err.splitlines() if "not in the font" in l]) == len(want),
                  "expected %s, got %s" % (sorted(want), err[:800]))
            check(name + "-no-notdef", ".notdef" not in err, err[:300])
    p = subprocess.run(["sh", "tests/pdfa-check.sh", pdf], capture_output=True, text=True)
    check("missing-glyph-pdfa", p.returncode == 0, p.stdout[-400:])


# ---------- defect 2 and the pictures of issue #11: decoded fully, PDF/A in any case ----------

def png_image(w, h, depth, ctype, rows, extra=b""):
    """A PNG from its rows (bytes each, without the filter byte)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0)) +
            extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def picture_files(folder):
    """cmyk.jpg, grey.jpg, rgb.jpg (from gen-pictures), rgba16.png, palette.png."""
    gen = os.path.join(os.environ.get("BUILD", "build"), "tests", "gen-pictures")
    if subprocess.run([gen, folder]).returncode != 0:
        return False
    w, h = 80, 50
    rows = [b"".join(struct.pack(">HHHH", x * 65535 // (w - 1), y * 65535 // (h - 1), 30000,
                                 (x + y) * 65535 // (w + h - 2)) for x in range(w))
            for y in range(h)]
    with open(os.path.join(folder, "rgba16.png"), "wb") as f:
        f.write(png_image(w, h, 16, 6, rows))
    plte = b"".join(bytes([i * 60 % 256, 255 - i * 40 % 256, i * 90 % 256]) for i in range(6))
    trns = bytes([255, 128, 0, 255, 255, 64])
    rows = [bytes([(x // 14 + y // 10) % 6 for x in range(w)]) for y in range(h)]
    with open(os.path.join(folder, "palette.png"), "wb") as f:
        f.write(png_image(w, h, 8, 3, rows, b"".join(
            struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d) & 0xFFFFFFFF)
            for k, d in ((b"PLTE", plte), (b"tRNS", trns)))))
    return True


def case_pictures():
    d = copy_example("pictures")
    if not picture_files(os.path.join(d, "images")):
        fail("pictures-generated", "gen-pictures failed (make tests builds it)")
        return
    with open(os.path.join(d, "chapters", "02-lagebild.md"), "a") as f:
        f.write("\n![Druckvorlage in CMYK](../images/cmyk.jpg)\n\n"
                "![Graustufenaufnahme](../images/grey.jpg)\n\n"
                "![Farbverlauf](../images/rgb.jpg)\n\n"
                "![Diagramm mit Transparenz in 16 Bit](../images/rgba16.png)\n\n"
                "![Palettenbild mit Transparenz](../images/palette.png)\n")
    pdf = os.path.join(d, "out.pdf")
    for tag, b in binaries(san=True):
        expect("pictures-build" + tag, run(b, "build", d, "-o", pdf), 0)
    p = subprocess.run(["sh", "tests/pdfa-check.sh", pdf], capture_output=True, text=True)
    check("pictures-pdfa", p.returncode == 0, p.stdout[-600:])
    p = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True)
    colours = [l.split()[5] for l in p.stdout.splitlines()[2:] if len(l.split()) > 5]
    check("pictures-no-cmyk", p.returncode == 0 and len(colours) >= 7 and "cmyk" not in colours,
          p.stdout[-800:])
    # the CMYK picture (cyan left, magenta right) converted through FOGRA39 to sRGB
    out = os.path.join(TMP, "img")
    for f in os.listdir(TMP):
        if f.startswith("img-"):
            os.unlink(os.path.join(TMP, f))
    page = [l.split()[0] for l in p.stdout.splitlines()[2:]
            if len(l.split()) > 4 and l.split()[3:5] == ["96", "64"]]
    subprocess.run(["pdfimages", "-f", page[0], "-l", page[0], pdf, out]) if page else None
    colour = None
    for f in sorted(os.listdir(TMP)):
        if f.startswith("img-") and f.endswith(".ppm"):
            with open(os.path.join(TMP, f), "rb") as fh:
                head = fh.read().split(b"\n", 3)
            w, h = map(int, head[1].split())
            if (w, h) == (96, 64) and len(head[3]) == w * h * 3:
                px = head[3]
                left, right = px[(32 * w + 10) * 3:(32 * w + 10) * 3 + 3], px[(32 * w + 80) * 3:(32 * w + 80) * 3 + 3]
                if left[0] < 60 and right[1] < 60:
                    colour = (tuple(left), tuple(right))
    check("cmyk-picture-colours", colour is not None and colour[0][1] > 130 and colour[0][2] > 190
          and colour[1][0] > 190 and 80 < colour[1][2] < 170, "cyan/magenta not found: %s" % (colour,))

    # a progressive JPEG with more scans than the decoder allows (379 > 256)
    with open(os.path.join(d, "images", "scans.jpg"), "rb") as f:
        scans = f.read()
    with open(os.path.join(d, "images", "rgb.jpg"), "wb") as f:
        f.write(scans)
    expect("jpeg-256-scans", run(BIN, "check", d), 1, r"rgb\.jpg' cannot be used: unsupported JPEG: more than 256 scans")

    # a damaged JPEG is an error at its reference, in check and build alike
    with open(os.path.join(d, "images", "rgb.jpg"), "rb") as f:
        good = f.read()
    sos = good.index(b"\xff\xda")
    start = sos + 2 + (good[sos + 2] << 8 | good[sos + 3])
    damaged = {"cut": good[:start + (len(good) - 2 - start) // 2] + b"\xff\xd9",
               "stuffed": good[:start + 8] + b"\xff\x00" * 32 + good[start + 72:]}
    chapter = os.path.join(d, "chapters", "02-lagebild.md")
    with open(chapter) as f:
        line = f.read().split("\n").index("![Farbverlauf](../images/rgb.jpg)") + 1
    for name, data in damaged.items():
        with open(os.path.join(d, "images", "rgb.jpg"), "wb") as f:
            f.write(data)
        where = (r"^%s:%d:1: error: picture '.*rgb\.jpg' cannot be used: (damaged|corrupt) JPEG data"
                 % (re.escape(chapter), line))
        for tag, b in binaries(san=name == "cut"):
            expect("damaged-jpeg-%s-check%s" % (name, tag), run(b, "check", d), 1, where)
            expect("damaged-jpeg-%s-build%s" % (name, tag),
                   run(b, "build", d, "-o", os.path.join(d, "bad.pdf")), 1, where)
        no_output("damaged-jpeg-%s-no-pdf" % name, d, ["bad.pdf"])


CASES = [case_deep_emphasis, case_outputs_all_or_none, case_output_is_input, case_diff_cap,
         case_measure_limit, case_text_limits, case_picture_limits, case_fonts_checked,
         case_template_maxima, case_missing_glyphs, case_pictures]

if __name__ == "__main__":
    try:
        only = os.environ.get("HOSTILE_ONLY")
        for c in CASES:
            if not only or only in c.__name__:
                c()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
