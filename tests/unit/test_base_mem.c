/* test_base_mem.c — the growing arrays: mem_grow() on the heap and
 * arena_grow() in the arena keep what was pushed, double from 16 until the
 * need is met, leave a big enough array alone, and grow the arena's last
 * allocation in place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/mem.h"

static void test_mem_grow(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    for (int i = 0; i < 1000; i++) {
        v = mem_grow(v, &cap, (size_t)i + 1, sizeof *v);
        assert_true(cap >= (size_t)i + 1);
        v[i] = i * 7;
    }
    assert_int_equal(cap, 1024);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], i * 7);
    /* big enough: the same array, the same capacity */
    int *same = mem_grow(v, &cap, 1024, sizeof *v);
    assert_ptr_equal(same, v);
    assert_int_equal(cap, 1024);
    /* a need far beyond: doubled as often as it takes */
    v = mem_grow(v, &cap, 5000, sizeof *v);
    assert_int_equal(cap, 8192);
    assert_int_equal(v[999], 999 * 7);
    free(v);

    size_t c2 = 0;
    char *s = mem_grow(NULL, &c2, 1, 1);
    assert_int_equal(c2, 16);
    free(s);
}

static void test_arena_grow(void **state)
{
    (void)state;
    Arena *a = arena_new();
    double *v = NULL;
    size_t cap = 0, n = 0;
    for (; n < 300; n++) {
        v = arena_grow(a, v, &cap, n + 1, sizeof *v);
        v[n] = (double)n / 4;
    }
    assert_int_equal(cap, 512);
    for (size_t i = 0; i < n; i++)
        assert_true(v[i] == (double)i / 4);
    /* the new part is zeroed */
    assert_true(v[n] == 0 && v[cap - 1] == 0);
    /* the last allocation grows in place */
    double *w = arena_grow(a, v, &cap, cap + 1, sizeof *v);
    assert_ptr_equal(w, v);
    assert_int_equal(cap, 1024);
    /* not the last allocation any more: copied, contents kept */
    char *after = arena_alloc(a, 8);
    assert_non_null(after);
    w = arena_grow(a, v, &cap, cap + 1, sizeof *v);
    assert_ptr_not_equal(w, v);
    assert_int_equal(cap, 2048);
    for (size_t i = 0; i < n; i++)
        assert_true(w[i] == (double)i / 4);
    arena_free(a);
}

static void test_x_alloc(void **state)
{
    (void)state;
    unsigned *z = xcalloc(64, sizeof *z);
    for (size_t i = 0; i < 64; i++)
        assert_int_equal(z[i], 0);
    z = xrealloc(z, 128 * sizeof *z);
    assert_int_equal(z[63], 0);
    free(z);
    /* zero bytes still give a pointer that free() takes */
    void *p = xmalloc(0);
    assert_non_null(p);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem_grow),
        cmocka_unit_test(test_arena_grow),
        cmocka_unit_test(test_x_alloc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
