/* fuzz.c — the temporary report folder and the pipeline run of the harnesses.
 *
 * libFuzzer calls the harness once per input in one process, so the folder is
 * created at the first call and kept in a static variable: the one piece of
 * process-wide state, owned by this file. It is removed at exit.
 *
 * FUZZ_SRC_DIR (set by the Makefile) is the repository: fixtures, pictures,
 * templates/ and fonts/ come from there. FUZZ_VERBOSE=1 in the environment
 * prints each run's diagnostics, to look at a reproducer. */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/diag.h"
#include "compose/compose.h"
#include "layout/layout.h"
#include "load/load.h"
#include "render/render.h"

#ifndef FUZZ_SRC_DIR
#define FUZZ_SRC_DIR "."
#endif

/* ASan keeps freed memory in a quarantine of 256 MB by default, which alone would
 * cross the 200 MB RSS limit the harnesses run with; 16 MB still finds
 * use-after-free in a run. ASAN_OPTIONS overrides this. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "quarantine_size_mb=16";
}

/* UBSan findings with their stack, like ASan's. UBSAN_OPTIONS overrides this. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
    return "print_stacktrace=1";
}

static char report_dir[64]; /* the private folder, "" until created */

/* Files of the fixture report: source (relative to FUZZ_SRC_DIR), destination. */
static const char *const fixture_files[][2] = {
    {"tests/fuzz/fixture/measures.yaml", "measures.yaml"},
    {"tests/fuzz/fixture/measures-digital-wissenschaft.yaml", "measures-digital-wissenschaft.yaml"},
    {"tests/fuzz/fixture/chapters/intro.md", "chapters/intro.md"},
    {"tests/fuzz/fixture/chapters/00-vorwort.md", "chapters/00-vorwort.md"},
    {"tests/fuzz/fixture/chapters/01-einleitung.md", "chapters/01-einleitung.md"},
    {"tests/fuzz/fixture/chapters/02-lagebild.md", "chapters/02-lagebild.md"},
    {"tests/fuzz/fixture/chapters/03-ansatz.md", "chapters/03-ansatz.md"},
    {"tests/fuzz/fixture/chapters/05-ausblick.md", "chapters/05-ausblick.md"},
    {"tests/fuzz/fixture/chapters/fuzz.md", "chapters/fuzz.md"},
    {"reports/zwischenbericht-2025/images/logo.png", "images/logo.png"},
    {"reports/zwischenbericht-2025/images/struktur.png", "images/struktur.png"},
};

static void die(const char *what, const char *path)
{
    fprintf(stderr, "fuzz: %s %s: %s\n", what, path, strerror(errno));
    exit(2);
}

static void write_file(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        die("cannot create", path);
    const char *p = data;
    while (size > 0) {
        ssize_t n = write(fd, p, size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("cannot write", path);
        }
        p += n;
        size -= (size_t)n;
    }
    if (close(fd) != 0)
        die("cannot close", path);
}

static void copy_file(const char *src_rel, const char *dst_rel)
{
    char src[4096], dst[4096];
    snprintf(src, sizeof src, "%s/%s", FUZZ_SRC_DIR, src_rel);
    snprintf(dst, sizeof dst, "%s/%s", report_dir, dst_rel);
    FILE *f = fopen(src, "rb");
    if (!f)
        die("cannot open", src);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            if (!buf)
                die("out of memory reading", src);
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        if (n == 0)
            break;
        len += n;
    }
    if (ferror(f))
        die("cannot read", src);
    fclose(f);
    write_file(dst, buf, len);
    free(buf);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_report_dir(void)
{
    if (report_dir[0])
        nftw(report_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void fuzz_setup(const FuzzTarget *t)
{
    if (report_dir[0])
        return;
    const char *tmp = getenv("TMPDIR");
    snprintf(report_dir, sizeof report_dir, "%s/imr-fuzz-XXXXXX",
             tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (!mkdtemp(report_dir))
        die("cannot create a folder like", report_dir);
    atexit(remove_report_dir);
    char sub[128];
    snprintf(sub, sizeof sub, "%s/chapters", report_dir);
    if (mkdir(sub, 0755) != 0)
        die("cannot create", sub);
    snprintf(sub, sizeof sub, "%s/images", report_dir);
    if (mkdir(sub, 0755) != 0)
        die("cannot create", sub);
    for (size_t i = 0; i < sizeof fixture_files / sizeof *fixture_files; i++)
        copy_file(fixture_files[i][0], fixture_files[i][1]);
    if (t->report_fixture)
        copy_file(t->report_fixture, "report.yaml");
}

/* The whole PDF, in memory. An error inside libharu is a bug (every limit it
 * has must be checked before), so it stops the fuzzer like a crash. */
static void render_to_memory(const Layout *lay, Diags *d)
{
    RenderOptions ro = {.icc_profile = FUZZ_SRC_DIR "/templates/sRGB.icc",
                        .timestamp = 1731542400,
                        .tool_version = "imagreport fuzz"};
    unsigned char *pdf = NULL;
    size_t len = 0;
    int rc = render_pdf_mem(lay, &ro, "fuzz.pdf", &pdf, &len, d);
    if (rc == RENDER_INTERNAL) {
        diags_print(d, stderr);
        abort();
    }
    free(pdf);
}

void fuzz_run(const FuzzTarget *t, const uint8_t *data, size_t size)
{
    fuzz_setup(t);
    char path[256];
    snprintf(path, sizeof path, "%s/%s", report_dir, t->input_name);
    write_file(path, data, size);

    const char *env = getenv("IMAGREPORT_DATA");
    LoadOptions lo = {.data_dir = env && *env ? env : FUZZ_SRC_DIR};
    Diags d = {0};
    Arena *arena = arena_new();
    Report *r = load_report(report_dir, &lo, arena, &d);
    if (r && !d.errors) {
        const Doc *doc = compose_document(r, arena, &d);
        const Layout *lay = doc && !d.errors ? layout_document(doc, arena, &d) : NULL;
        if (t->render && lay && !d.errors)
            render_to_memory(lay, &d);
    }
    const char *verbose = getenv("FUZZ_VERBOSE");
    if (verbose && *verbose && strcmp(verbose, "0") != 0)
        diags_print(&d, stderr);
    diags_free(&d);
    if (r)
        report_free(r);
    arena_free(arena);
}
