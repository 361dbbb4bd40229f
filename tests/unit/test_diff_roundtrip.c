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
    assert_int_equal(dump_parse(dump_fixture, strlen(dump_fixture), "again.json", a, &again, err,
                                sizeof err),
                     0);
    ChangeList cl = diff_dumps(&dump, &again, 0.5, a);
    assert_int_equal(cl.n, 0);
    /* one hash changed in the layout: exactly one text change */
    char changed[sizeof dump_fixture];
    dump_fixture_row_hash_1(changed);
    assert_int_equal(dump_parse(changed, strlen(changed), "new.json", a, &again, err, sizeof err), 0);
    cl = diff_dumps(&dump, &again, 0.5, a);
    assert_int_equal(cl.n, 1);
    assert_int_equal(cl.items[0].kind, CH_TEXT);
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
