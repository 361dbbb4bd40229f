/* test_render_dump.c — the layout dump writer (src/render/dump.c) on a
 * hand-made Layout, written through the real safe_write_file into a temporary
 * folder: exact bytes (key order, one element per line, numbers with at most
 * two decimals, escaping, invalid UTF-8 replaced), the same bytes on a second
 * write, a changed text hash changing that hash only. The bytes are those of
 * test_dump_fixture.h, which test_diff_roundtrip.c reads back with the diff's
 * reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "render/render.h"
#include "test_dump_fixture.h"

typedef struct Fixture {
    char dir[64];
    char path[96];
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/imr-render-dump-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/out.json", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    unlink(f->path);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* The file's bytes, NUL-terminated; fails the test when unreadable. */
static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = 0;
    fclose(fp);
    return s;
}

/* Writes the dump of lay to f->path and checks it is exactly `want`. */
static void dump_is(const Fixture *f, const Layout *lay, const char *want)
{
    Diags d = {0};
    assert_int_equal(render_layout_dump(lay, "imagreport test", f->path, &d), 0);
    assert_int_equal(d.len, 0);
    char *got = slurp(f->path);
    if (strcmp(got, want) != 0)
        fail_msg("dump differs; got:\n%s", got);
    free(got);
}

/* A layout of two pages, three elements, a warning and a two-level outline. */
typedef struct HandMade {
    Layout lay;
    Element els[4];
    BarChart chart;
    BarSeries bars[2];
    Page pages[2];
    LayoutWarning warn;
    OutlineItem outline[2];
} HandMade;

static void hand_made(HandMade *h)
{
    Element *els = h->els;
    Page *pages = h->pages;
    OutlineItem *outline = h->outline;
    els[0] = (Element){.kind = EL_HEADING, .id = "lagebild", .x = 71, .y = 79.4999f, .w = 112.8789f,
                       .h = 26.0001f, .text = "2 Lagebild \"aktuell\"\\ \n\t\x01",
                       .text_hash = 0x0a0b0c0d, .pos = {"r/chapters/02-lagebild.md", 1, 1},
                       .content_hash = 0x0123456789abcdefull};
    /* invalid UTF-8 (a cut sequence) becomes U+FFFD per byte; tiny negatives are not "-0" */
    els[1] = (Element){.kind = EL_TABLE_ROW, .id = "overview-1/1.5", .part = 1, .x = -3.251f,
                       .y = -0.004f, .w = 0.006f, .h = 1e6f, .text = "Größe – \xE2\x80!",
                       .text_hash = 0xffffffffu, .pos = {"r/measures.yaml", 0, 0},
                       .pageless_hash = 0x12345678};
    els[2] = (Element){.kind = EL_RULE, .x = 0.1f, .y = -0.1f, .w = 2.5f};
    /* a chart carries its data: series and bars */
    h->bars[0] = (BarSeries){"Feld 1", {1, 2, 3, 4, 0}};
    h->bars[1] = (BarSeries){"Feld \"2\"", {0, 0, 0, 0, 7}};
    h->chart = (BarChart){.id = "c", .bars = h->bars, .n_bars = 2,
                          .legend = {"geplant", "in Umsetzung", "umgesetzt", "Daueraufgabe",
                                     "zur\xC3\xBC" "ckgestellt"}};
    els[3] = (Element){.kind = EL_CHART, .id = "c", .w = 100, .h = 50, .text = "Abbildung 1",
                       .text_hash = 2, .content_hash = 0xff, .chart = &h->chart};
    pages[0] = (Page){.index = 0, .label = "i", .width = 595.28f, .height = 841.89f, .elems = els,
                      .n_elems = 4};
    pages[1] = (Page){.index = 1, .label = "2", .width = 595.28f, .height = 841.89f};
    h->warn = (LayoutWarning){LW_OVERFULL, 1, {"r/a.md", 3, 7}, "line 2 is 5.0 pt too wide"};
    outline[0] = (OutlineItem){1, "2 Lagebild", 0, 79.5f};
    outline[1] = (OutlineItem){2, "2.1 Teil", 1, 0};
    h->lay = (Layout){.pages = pages, .n_pages = 2, .warnings = &h->warn, .n_warnings = 1,
                      .outline = outline, .n_outline = 2,
                      .stats = {120, 18, 2, 3, 0, 5, 12.5f, 40.25f}};
    for (int i = 0; i < 32; i++)
        h->lay.info.template_hash[i] = (unsigned char)i;
}

static void test_exact_bytes(void **state)
{
    const Fixture *f = *state;
    HandMade h;
    hand_made(&h);
    dump_is(f, &h.lay, dump_fixture);
    /* the same layout, the same bytes */
    dump_is(f, &h.lay, dump_fixture);
}

static void test_empty_layout(void **state)
{
    const Fixture *f = *state;
    Layout lay = {0};
    dump_is(f, &lay, dump_fixture_empty);
}

static void test_changed_hash(void **state)
{
    const Fixture *f = *state;
    HandMade h;
    hand_made(&h);
    h.els[1].text_hash = 1;
    char want[sizeof dump_fixture];
    dump_fixture_row_hash_1(want);
    dump_is(f, &h.lay, want);
}

static void test_unwritable_path(void **state)
{
    const Fixture *f = *state;
    Layout lay = {0};
    char path[128];
    snprintf(path, sizeof path, "%s/missing/out.json", f->dir);
    Diags d = {0};
    assert_int_equal(render_layout_dump(&lay, "imagreport test", path, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_int_equal(access(path, F_OK), -1);
    diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exact_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_path, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
