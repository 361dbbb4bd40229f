/* test_diff_roundtrip.c — the layout dump writer (src/render/dump.c) on a
 * hand-made Layout: exact bytes (key order, one element per line, numbers
 * with at most two decimals, escaping), and the diff's reader taking back
 * what the writer wrote.
 *
 * The diff stage links only against base, so the writer's source is compiled
 * into this test, with the two things it needs from other stages supplied
 * here: the kind names (src/layout) and safe_write_file (src/render), the
 * latter capturing the bytes instead of writing a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/render/dump.c"
#include "diff/internal.h"

const char *const elem_kind_names[EL_COUNT] = {
    [EL_COVER] = "cover",         [EL_IMPRINT] = "imprint",     [EL_TOC_ENTRY] = "toc-entry",
    [EL_HEADING] = "heading",     [EL_PARAGRAPH] = "paragraph", [EL_LIST_ITEM] = "list-item",
    [EL_QUOTE] = "quote",         [EL_CODE] = "code",           [EL_RULE] = "rule",
    [EL_IMAGE] = "image",         [EL_TABLE] = "table",         [EL_TABLE_ROW] = "table-row",
    [EL_CHART] = "chart",         [EL_MEASURE] = "measure",
};
const char *const layout_warn_names[LW_COUNT] = {
    [LW_OVERFULL] = "overfull",   [LW_LOOSE] = "loose", [LW_ROW_SPLIT] = "row-split",
    [LW_WIDOW] = "widow",         [LW_MISSING_GLYPH] = "missing-glyph",
};

static Buf written;
static const char *written_path;

int safe_write_file(const char *path, const void *data, size_t len, Diags *diags)
{
    (void)diags;
    written_path = path;
    written.len = 0;
    buf_put(&written, data, len);
    return 0;
}

static const char expected[] =
    "{\"format\":\"imagreport-layout\",\"version\":1,\n"
    "\"pages\":[\n"
    "{\"number\":1,\"label\":\"i\",\"width\":595.28,\"height\":841.89,\"elements\":[\n"
    "  {\"kind\":\"heading\",\"id\":\"lagebild\",\"part\":0,\"x\":71,\"y\":79.5,\"w\":112.88,\"h\":26,"
    "\"text\":\"2 Lagebild \\\"aktuell\\\"\\\\ \\n\\t\\u0001\",\"hash\":\"0a0b0c0d\","
    "\"src\":\"r/chapters/02-lagebild.md:1:1\"},\n"
    "  {\"kind\":\"table-row\",\"id\":\"overview-1/1.5\",\"part\":1,\"x\":-3.25,\"y\":0,\"w\":0.01,\"h\":1000000,"
    "\"text\":\"Größe \xE2\x80\x93 \xEF\xBF\xBD\xEF\xBF\xBD!\",\"hash\":\"ffffffff\",\"src\":\"r/measures.yaml\"},\n"
    "  {\"kind\":\"rule\",\"id\":\"\",\"part\":0,\"x\":0.1,\"y\":-0.1,\"w\":2.5,\"h\":0,"
    "\"text\":\"\",\"hash\":\"00000000\",\"src\":\"\"}\n"
    "]},\n"
    "{\"number\":2,\"label\":\"2\",\"width\":595.28,\"height\":841.89,\"elements\":[]}\n"
    "],\n"
    "\"warnings\":[\n"
    "{\"kind\":\"overfull\",\"page\":2,\"src\":\"r/a.md:3:7\",\"message\":\"line 2 is 5.0 pt too wide\"}\n"
    "],\n"
    "\"outline\":[\n"
    "{\"level\":1,\"title\":\"2 Lagebild\",\"page\":1,\"y\":79.5},\n"
    "{\"level\":2,\"title\":\"2.1 Teil\",\"page\":2,\"y\":0}\n"
    "]}\n";

static Layout *hand_made(Element *els, Page *pages, LayoutWarning *warn, OutlineItem *outline)
{
    static Layout lay;
    memset(&lay, 0, sizeof lay);
    els[0] = (Element){.kind = EL_HEADING, .id = "lagebild", .x = 71, .y = 79.4999f, .w = 112.8789f,
                       .h = 26.0001f, .excerpt = "2 Lagebild \"aktuell\"\\ \n\t\x01",
                       .text_hash = 0x0a0b0c0d, .pos = {"r/chapters/02-lagebild.md", 1, 1}};
    /* invalid UTF-8 (a cut sequence) becomes U+FFFD per byte; tiny negatives are not "-0" */
    els[1] = (Element){.kind = EL_TABLE_ROW, .id = "overview-1/1.5", .part = 1, .x = -3.251f,
                       .y = -0.004f, .w = 0.006f, .h = 1e6f, .excerpt = "Größe – \xE2\x80!",
                       .text_hash = 0xffffffffu, .pos = {"r/measures.yaml", 0, 0}};
    els[2] = (Element){.kind = EL_RULE, .x = 0.1f, .y = -0.1f, .w = 2.5f};
    pages[0] = (Page){.index = 0, .label = "i", .width = 595.28f, .height = 841.89f, .elems = els,
                      .n_elems = 3};
    pages[1] = (Page){.index = 1, .label = "2", .width = 595.28f, .height = 841.89f};
    *warn = (LayoutWarning){LW_OVERFULL, 1, {"r/a.md", 3, 7}, "line 2 is 5.0 pt too wide"};
    outline[0] = (OutlineItem){1, "2 Lagebild", 0, 79.5f};
    outline[1] = (OutlineItem){2, "2.1 Teil", 1, 0};
    lay.pages = pages;
    lay.n_pages = 2;
    lay.warnings = warn;
    lay.n_warnings = 1;
    lay.outline = outline;
    lay.n_outline = 2;
    return &lay;
}

static void test_exact_bytes(void **state)
{
    (void)state;
    Element els[3];
    Page pages[2];
    LayoutWarning warn;
    OutlineItem outline[2];
    const Layout *lay = hand_made(els, pages, &warn, outline);
    Diags d = {0};
    assert_int_equal(render_layout_dump(lay, "out.json", &d), 0);
    assert_string_equal(written_path, "out.json");
    if (strcmp(written.data, expected) != 0)
        fail_msg("dump differs; got:\n%s", written.data);
    /* the same layout, the same bytes */
    char *first = strdup(written.data);
    assert_int_equal(render_layout_dump(lay, "out.json", &d), 0);
    assert_string_equal(first, written.data);
    free(first);
}

static void test_empty_layout(void **state)
{
    (void)state;
    Layout lay = {0};
    Diags d = {0};
    assert_int_equal(render_layout_dump(&lay, "e.json", &d), 0);
    assert_string_equal(written.data, "{\"format\":\"imagreport-layout\",\"version\":1,\n\"pages\":[],\n"
                                      "\"warnings\":[],\n\"outline\":[]}\n");
    Arena *a = arena_new();
    Dump dump;
    char err[200];
    assert_int_equal(dump_parse(written.data, written.len, "e.json", a, &dump, err, sizeof err), 0);
    assert_int_equal(dump.n_pages, 0);
    arena_free(a);
}

static void test_reader_takes_it_back(void **state)
{
    (void)state;
    Element els[3];
    Page pages[2];
    LayoutWarning warn;
    OutlineItem outline[2];
    const Layout *lay = hand_made(els, pages, &warn, outline);
    Diags d = {0};
    assert_int_equal(render_layout_dump(lay, "out.json", &d), 0);
    Arena *a = arena_new();
    Dump dump;
    char err[200];
    if (dump_parse(written.data, written.len, "out.json", a, &dump, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(dump.n_pages, 2);
    assert_string_equal(dump.pages[0].label, "i");
    assert_int_equal(dump.n_elems, 3);
    const DumpElem *e = &dump.elems[0];
    assert_string_equal(e->kind, "heading");
    assert_string_equal(e->id, "lagebild");
    assert_string_equal(e->text, "2 Lagebild \"aktuell\"\\ \n\t\x01");
    assert_string_equal(e->hash, "0a0b0c0d");
    assert_true(e->y == 79.5 && e->w == 112.88);
    assert_int_equal(dump.elems[1].part, 1);
    assert_int_equal(dump.elems[1].page, 1);
    assert_int_equal(dump.n_warns, 1);
    assert_int_equal(dump.warns[0].page, 2);
    /* a dump compared with itself: nothing */
    Dump again;
    assert_int_equal(dump_parse(written.data, written.len, "again.json", a, &again, err, sizeof err), 0);
    ChangeList cl = diff_dumps(&dump, &again, 0.5, a);
    assert_int_equal(cl.n, 0);
    /* one hash changed in the layout: exactly one text change */
    els[1].text_hash = 1;
    assert_int_equal(render_layout_dump(lay, "out.json", &d), 0);
    assert_int_equal(dump_parse(written.data, written.len, "new.json", a, &again, err, sizeof err), 0);
    cl = diff_dumps(&dump, &again, 0.5, a);
    assert_int_equal(cl.n, 1);
    assert_int_equal(cl.items[0].kind, CH_TEXT);
    assert_string_equal(cl.items[0].new->id, "overview-1/1.5");
    arena_free(a);
}

static int teardown(void **state)
{
    (void)state;
    buf_free(&written);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_bytes),
        cmocka_unit_test(test_empty_layout),
        cmocka_unit_test(test_reader_takes_it_back),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
