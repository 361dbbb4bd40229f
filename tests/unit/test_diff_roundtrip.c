/* test_diff_roundtrip.c — the diff's reader taking back what the layout dump
 * writer writes: the bytes of test_dump_fixture.h, which test_render_dump.c
 * checks render_layout_dump() produces for its hand-made Layout. Read back,
 * compared with itself (no change) and with the same dump where one row's
 * text hash changed (exactly one text change). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diff/internal.h"
#include "test_dump_fixture.h"

static void test_empty_layout(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Dump dump;
    char err[200];
    assert_int_equal(dump_parse(dump_fixture_empty, strlen(dump_fixture_empty), "e.json", a, &dump,
                                err, sizeof err),
                     0);
    assert_int_equal(dump.n_pages, 0);
    arena_free(a);
}

static void test_reader_takes_it_back(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Dump dump;
    char err[200];
    if (dump_parse(dump_fixture, strlen(dump_fixture), "out.json", a, &dump, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(dump.n_pages, 2);
    assert_string_equal(dump.pages[0].label, "i");
    assert_int_equal(dump.n_elems, 4);
    assert_string_equal(dump.generator, "imagreport test");
    assert_string_equal(dump.template_hash,
                        "sha256:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    assert_string_equal(dump.elems[0].content, "0123456789abcdef");
    assert_string_equal(dump.elems[0].pageless, "0a0b0c0d"); /* no page numbers: the hash */
    assert_string_equal(dump.elems[1].pageless, "12345678");
    const DumpElem *ch = &dump.elems[3];
    assert_int_equal(ch->n_series, 5);
    assert_string_equal(ch->series[4], "zur\xC3\xBC" "ckgestellt");
    assert_int_equal(ch->n_bars, 2);
    assert_string_equal(ch->bars[1].label, "Feld \"2\"");
    assert_int_equal(ch->bars[0].values[3], 4);
    assert_int_equal(ch->bars[1].values[4], 7);
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
    assert_int_equal(dump_parse(dump_fixture, strlen(dump_fixture), "again.json", a, &again, err,
                                sizeof err),
                     0);
    ChangeList cl = diff_dumps(&dump, &again, 0.5, a);
    assert_int_equal(cl.n, 0);
    /* one text hash changed, its page-free hash not: exactly one change of
     * page numbers only */
    char changed[sizeof dump_fixture];
    dump_fixture_row_hash_1(changed);
    assert_int_equal(dump_parse(changed, strlen(changed), "new.json", a, &again, err, sizeof err), 0);
    cl = diff_dumps(&dump, &again, 0.5, a);
    if (cl.n != 1)
        fail_msg("expected one change, got %zu (first kind %d)", cl.n, cl.n ? (int)cl.items[0].kind : -1);
    assert_int_equal(cl.items[0].kind, CH_PAGENUM);
    assert_string_equal(cl.items[0].new->id, "overview-1/1.5");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_layout),
        cmocka_unit_test(test_reader_takes_it_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
