/* Unit tests: natural order, slugs, did-you-mean, dates, numbers, paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "load/internal.h"

static void test_natural_compare(void **state)
{
    (void)state;
    assert_true(natural_compare("1.2", "1.10") < 0);
    assert_true(natural_compare("1.10", "1.2") > 0);
    assert_true(natural_compare("1.9", "1.10") < 0);
    assert_true(natural_compare("2.1", "10.1") < 0);
    assert_true(natural_compare("1.1", "1.1a") < 0);
    assert_true(natural_compare("A2", "A10") < 0);
    assert_int_equal(natural_compare("1.1", "1.1"), 0);
    /* equal value, different text: still distinct and ordered */
    assert_true(natural_compare("1.01", "1.1") != 0);
    assert_true(natural_compare("1.01", "1.1") == -natural_compare("1.1", "1.01"));
}

static int cmp_ids(const void *a, const void *b)
{
    return natural_compare(*(const char *const *)a, *(const char *const *)b);
}

static void test_natural_sort(void **state)
{
    (void)state;
    const char *ids[] = {"3.1", "1.10", "1.2", "10.1", "1.1", "2.5"};
    qsort(ids, 6, sizeof *ids, cmp_ids);
    const char *want[] = {"1.1", "1.2", "1.10", "2.5", "3.1", "10.1"};
    for (int i = 0; i < 6; i++)
        assert_string_equal(ids[i], want[i]);
}

static void test_slugify(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_string_equal(slugify(a, "Prävention in Schule"), "prävention-in-schule");
    assert_string_equal(slugify(a, "ÄÖÜ äöü ß"), "äöü-äöü-ß");
    assert_string_equal(slugify(a, "Handlungsfeld 1: Prävention"), "handlungsfeld-1-prävention");
    assert_string_equal(slugify(a, "„Zitat“ – (Teil 2)!"), "zitat--teil-2");
    /* İ (U+0130) lower-cases to i, not to the dotless ı (U+0131) */
    assert_string_equal(slugify(a, "İstanbul Konferenz"), "istanbul-konferenz");
    assert_string_equal(slugify(a, "Işık"), "işık");
    assert_string_equal(slugify(a, "Ÿ ÉCOLE Ł"), "ÿ-école-ł");
    assert_string_equal(slugify(a, "?!"), "");
    arena_free(a);
}

/* Slugs stop at 80 characters (not bytes), never end a cut in '-', and a
 * slug of exactly 80 characters is left whole. */
static void test_slugify_cap(void **state)
{
    (void)state;
    Arena *a = arena_new();
    char text[400];
    memset(text, 'a', 120);
    text[120] = 0;
    char *s = slugify(a, text);
    assert_int_equal(strlen(s), 80);
    assert_memory_equal(s, text, 80);

    /* 79 letters, a space, more words: the cut falls after the '-', which goes */
    memset(text, 'b', 79);
    strcpy(text + 79, " weiter und weiter");
    s = slugify(a, text);
    assert_int_equal(strlen(s), 79);
    assert_true(s[78] == 'b');

    /* umlauts count as one character each (2 bytes) */
    text[0] = 0;
    for (int i = 0; i < 100; i++)
        strcat(text, "ä");
    s = slugify(a, text);
    assert_int_equal(strlen(s), 160);
    assert_int_equal(utf8_count(s, strlen(s)), 80);

    /* exactly 80 characters with trailing punctuation: nothing cut */
    memset(text, 'c', 79);
    strcpy(text + 79, " !");
    s = slugify(a, text);
    assert_int_equal(strlen(s), 80);
    assert_true(s[79] == '-');

    /* a cut inside a word goes back to the last word boundary */
    strcpy(text, "x ");
    for (int i = 0; i < 12; i++)
        strcat(text, "abcdefg ");
    s = slugify(a, text);
    assert_int_equal(strlen(s), 73);
    assert_true(s[72] == 'g');
    assert_memory_equal(s, "x-abcdefg-abcdefg", 17);

    /* punctuation beyond the cap does not count */
    memset(text, 'd', 80);
    strcpy(text + 80, "?!…");
    assert_int_equal(strlen(slugify(a, text)), 80);
    arena_free(a);
}

/* Two long headings equal in their first 80 characters get suffixes after
 * the cap. */
static void test_unique_slugs_capped(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Diags d = {0};
    Loader L = {.arena = a, .diags = &d};
    char text[200], want[100];
    memset(text, 'x', 150);
    text[150] = 0;
    memset(want, 'x', 80);
    want[80] = 0;
    assert_string_equal(unique_slug(&L, text), want);
    text[120] = 'y'; /* differs only after the cap */
    strcat(want, "-1");
    assert_string_equal(unique_slug(&L, text), want);
    strmap_free(&L.slugs);
    strmap_free(&L.slug_next);
    arena_free(a);
}

static void test_unique_slugs(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Diags d = {0};
    Loader L = {.arena = a, .diags = &d};
    assert_string_equal(unique_slug(&L, "Ausblick"), "ausblick");
    assert_string_equal(unique_slug(&L, "Ausblick"), "ausblick-1");
    assert_string_equal(unique_slug(&L, "AUSBLICK"), "ausblick-2");
    assert_string_equal(unique_slug(&L, "Ausblick 1"), "ausblick-1-1");
    assert_string_equal(unique_slug(&L, "Über uns"), "über-uns");
    assert_string_equal(unique_slug(&L, "!!"), "section");
    strmap_free(&L.slugs);
    strmap_free(&L.slug_next);
    arena_free(a);
}

static void test_suggest(void **state)
{
    (void)state;
    const char *keys[] = {"title", "subtitle", "issuer", "publisher", "date", "measures", NULL};
    assert_string_equal(suggest("titel", keys, 0), "title");
    assert_string_equal(suggest("isuer", keys, 0), "issuer");
    assert_string_equal(suggest("measure", keys, 0), "measures");
    assert_string_equal(suggest("Date", keys, 0), "date");
    assert_null(suggest("foo", keys, 0));
    assert_null(suggest("xyzxyzxyz", keys, 0));
    assert_int_equal(edit_distance("abc", "acb"), 1);
    assert_int_equal(edit_distance("", "abc"), 3);
    assert_int_equal(edit_distance("kitten", "sitting"), 3);
}

static Node scalar(const char *text, ScalarStyle style)
{
    Node n = {.kind = NODE_SCALAR, .text = text, .len = strlen(text), .style = style};
    n.pos = (SrcPos){"t.yaml", 3, 7};
    return n;
}

static void test_dates(void **state)
{
    (void)state;
    Diags d = {0};
    Date t;
    Node n = scalar("2024-02-29", SCALAR_PLAIN);
    assert_true(get_date(&d, &n, "date", true, &t));
    assert_int_equal(t.year, 2024);
    assert_int_equal(t.month, 2);
    assert_int_equal(t.day, 29);
    n = scalar("2025-02-29", SCALAR_PLAIN);
    assert_false(get_date(&d, &n, "date", true, &t));
    n = scalar("2025-02-30", SCALAR_PLAIN);
    assert_false(get_date(&d, &n, "date", true, &t));
    n = scalar("2025-13", SCALAR_PLAIN);
    assert_false(get_date(&d, &n, "start", false, &t));
    n = scalar("2025-06", SCALAR_PLAIN);
    assert_false(get_date(&d, &n, "date", true, &t)); /* full date required */
    assert_true(get_date(&d, &n, "start", false, &t));
    assert_int_equal(t.month, 6);
    assert_int_equal(t.day, 0);
    n = scalar("2025", SCALAR_DOUBLE);
    assert_true(get_date(&d, &n, "start", false, &t));
    assert_int_equal(t.month, 0);
    n = scalar("2025-6-1", SCALAR_PLAIN);
    assert_false(get_date(&d, &n, "start", false, &t));
    n = scalar("1900-02-29", SCALAR_PLAIN);
    assert_false(get_date(&d, &n, "date", true, &t));
    n = scalar("2000-02-29", SCALAR_PLAIN);
    assert_true(get_date(&d, &n, "date", true, &t));
    assert_int_equal(d.errors, 6);
    assert_int_equal(d.items[0].pos.line, 3);
    assert_int_equal(d.items[0].pos.col, 7);
    diags_free(&d);
    /* partial dates stand for their whole span */
    Date y2025 = {2025, 0, 0}, jun = {2025, 6, 0}, jun30 = {2025, 6, 30}, jul1 = {2025, 7, 1};
    assert_true(date_start_after_end(jun, y2025) <= 0);
    assert_true(date_start_after_end(y2025, jun) <= 0);
    assert_true(date_start_after_end(jun, jun30) <= 0);
    assert_true(date_start_after_end(jul1, jun) > 0);
    assert_true(date_start_after_end((Date){2026, 0, 0}, (Date){2025, 12, 31}) > 0);
    assert_true(date_start_after_end((Date){2025, 2, 0}, (Date){2025, 2, 28}) <= 0);
}

static void test_numbers(void **state)
{
    (void)state;
    Diags d = {0};
    double v;
    Node n = scalar("60", SCALAR_PLAIN);
    assert_true(get_number(&d, &n, "progress", true, &v));
    assert_true(v == 60);
    n = scalar("1200000.50", SCALAR_PLAIN);
    assert_true(get_number(&d, &n, "budget", false, &v));
    assert_false(get_number(&d, &n, "progress", true, &v));
    n = scalar("-5", SCALAR_PLAIN);
    assert_false(get_number(&d, &n, "budget", false, &v));
    n = scalar("60", SCALAR_DOUBLE); /* quoted: text, not a number */
    assert_false(get_number(&d, &n, "progress", true, &v));
    n = scalar("0x10", SCALAR_PLAIN);
    assert_false(get_number(&d, &n, "budget", false, &v));
    n = scalar(".inf", SCALAR_PLAIN);
    assert_false(get_number(&d, &n, "budget", false, &v));
    n = scalar("1e3", SCALAR_PLAIN);
    assert_true(get_number(&d, &n, "budget", false, &v));
    assert_true(v == 1000);
    assert_int_equal(d.errors, 5);
    assert_string_equal(d.items[1].msg, "budget must not be negative (-5)");
    diags_free(&d);
}

static void test_join_rel(void **state)
{
    (void)state;
    Arena *a = arena_new();
    assert_string_equal(join_rel(a, "", "chapters/a.md"), "chapters/a.md");
    assert_string_equal(join_rel(a, "", "./chapters/./a.md"), "chapters/a.md");
    assert_string_equal(join_rel(a, "data", "../images/x.png"), "images/x.png");
    assert_string_equal(join_rel(a, "data", "x//y.png"), "data/x/y.png");
    assert_null(join_rel(a, "", "../x.md"));
    assert_null(join_rel(a, "data", "../../x.md"));
    assert_null(join_rel(a, "", "a/../../x.md"));
    assert_string_equal(dir_of(a, "a/b/c.yaml"), "a/b");
    assert_string_equal(dir_of(a, "c.yaml"), "");
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_natural_compare),
        cmocka_unit_test(test_natural_sort),
        cmocka_unit_test(test_slugify),
        cmocka_unit_test(test_slugify_cap),
        cmocka_unit_test(test_unique_slugs_capped),
        cmocka_unit_test(test_unique_slugs),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_join_rel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
