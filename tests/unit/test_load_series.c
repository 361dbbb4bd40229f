/* Unit tests: the report series — previous: loaded from its data, measures
 * linked by id and previous_id (an explicit previous_id wins), dropped
 * measures, and the data JSON read back unchanged. Run from the repository
 * root (templates/ and fonts/ are found there). */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "load/load.h"
#include "test_load_fixture.h"

static const char *PREV_REPORT =
    "title: \"Bericht \\\"2023\\\" \\\\ alt\"\n"
    "issuer: IMAG\n"
    "date: 2023-03-14\n"
    "period: {start: 2021, end: 2022-12}\n"
    "measures: measures.yaml\n"
    "contents:\n"
    "  - measures: {title: Maßnahmen}\n";

static const char *PREV_MEASURES =
    "ministries:\n"
    "  - id: IM\n"
    "    name: Ministerium des Innern\n"
    "fields:\n"
    "  - id: \"1\"\n"
    "    title: Beratung\n"
    "measures:\n"
    "  - id: \"1.1\"\n"
    "    field: \"1\"\n"
    "    title: Wegweiser\n"
    "    lead: IM\n"
    "    status: in_progress\n"
    "    progress: 40\n"
    "    period: {start: 2014-03, end: 2024-12-31}\n"
    "    budget: {planned: 1000.5, spent: 20}\n"
    "    indicators: [{name: Fälle, unit: Anzahl, target: 400, actual: 352}]\n"
    "    description: Beratung.\n"
    "  - id: \"1.2\"\n"
    "    field: \"1\"\n"
    "    title: Chat\n"
    "    lead: IM\n"
    "    status: planned\n"
    "    description: Beratung im Chat.\n";

static const char *CUR_REPORT =
    "title: Bericht 2025\n"
    "issuer: IMAG\n"
    "date: 2025-11-14\n"
    "measures: measures.yaml\n"
    "previous: ../prev\n"
    "contents:\n"
    "  - changes: {title: Veränderungen}\n"
    "  - measures: {title: Maßnahmen}\n";

/* 1.2 continues the old 1.1 (explicit); 1.1 is then new, although the old
 * report had a 1.1; the old 1.2 is continued by nobody. */
static const char *CUR_MEASURES =
    "ministries:\n"
    "  - id: IM\n"
    "    name: Ministerium des Innern\n"
    "fields:\n"
    "  - id: \"1\"\n"
    "    title: Beratung\n"
    "measures:\n"
    "  - id: \"1.1\"\n"
    "    field: \"1\"\n"
    "    title: Neu\n"
    "    lead: IM\n"
    "    status: planned\n"
    "    description: Neu.\n"
    "  - id: \"1.2\"\n"
    "    previous_id: \"1.1\"\n"
    "    field: \"1\"\n"
    "    title: Wegweiser\n"
    "    lead: IM\n"
    "    status: completed\n"
    "    progress: 100\n"
    "    description: Beratung.\n";

static int setup(void **state)
{
    (void)state;
    if (tmp_make("/tmp/imr-series-XXXXXX") != 0)
        return -1;
    put("prev/report.yaml", PREV_REPORT);
    put("prev/measures.yaml", PREV_MEASURES);
    put("cur/report.yaml", CUR_REPORT);
    put("cur/measures.yaml", CUR_MEASURES);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tmp_remove();
    return 0;
}

static Report *load(Arena *a, Diags *d, const char *sub)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/%s", tmpdir, sub);
    LoadOptions lo = {.data_dir = "."};
    Report *r = load_report(dir, &lo, a, d);
    if (!r)
        diags_print(d, stderr);
    return r;
}

static const Measure *measure(const Report *r, const char *id)
{
    for (size_t i = 0; i < r->n_measures; i++)
        if (!strcmp(r->measures[i]->id, id))
            return r->measures[i];
    return NULL;
}

static void test_matching(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Diags d = {0};
    Report *r = load(a, &d, "cur");
    assert_non_null(r);
    assert_non_null(r->previous);
    assert_int_equal(r->previous->n_measures, 2);
    assert_int_equal(r->previous->info.date.year, 2023);
    const Measure *m11 = measure(r, "1.1"), *m12 = measure(r, "1.2");
    assert_null(m11->prev); /* new: the old 1.1 is claimed by 1.2 */
    assert_non_null(m12->prev);
    assert_string_equal(m12->prev->id, "1.1");
    assert_int_equal(m12->prev->progress, 40);
    assert_int_equal(m12->prev->status, STATUS_IN_PROGRESS);
    assert_true(m12->prev->budget_planned == 1000.5);
    assert_int_equal(m12->prev->n_indicators, 1);
    assert_true(m12->prev->indicators[0].actual == 352);
    assert_int_equal(r->n_dropped, 1);
    assert_string_equal(r->dropped[0]->id, "1.2");
    report_free(r);
    diags_free(&d);
    arena_free(a);
}

/* The data a report carries, read back as a previous report, gives the same data. */
static void test_data_roundtrip(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Diags d = {0};
    Report *prev = load(a, &d, "prev");
    Report *cur = load(a, &d, "cur");
    assert_non_null(prev);
    assert_non_null(cur);
    assert_non_null(prev->info.data);
    assert_non_null(strstr(prev->info.data, "\"title\": \"Bericht \\\"2023\\\" \\\\ alt\""));
    assert_non_null(strstr(prev->info.data, "\"planned\": 1000.5"));
    assert_non_null(strstr(prev->info.data, "\"end\": \"2024-12-31\""));
    assert_string_equal(report_data_json(cur->previous, a), prev->info.data);
    /* this report's own data names the previous id, not the path */
    assert_non_null(strstr(cur->info.data, "\"previous_id\": \"1.1\""));
    assert_null(strstr(cur->info.data, "../prev"));
    report_free(prev);
    report_free(cur);
    diags_free(&d);
    arena_free(a);
}

/* The previous report's data goes into the input hash: a changed previous
 * report changes this report's /ID. */
static void test_hash_includes_previous(void **state)
{
    (void)state;
    Arena *a = arena_new();
    Diags d = {0};
    Report *r1 = load(a, &d, "cur");
    assert_non_null(r1);
    unsigned char h1[32];
    memcpy(h1, r1->info.input_hash, 32);
    report_free(r1);
    put("prev/measures.yaml", PREV_MEASURES); /* the same text again */
    Report *r2 = load(a, &d, "cur");
    assert_memory_equal(h1, r2->info.input_hash, 32);
    report_free(r2);
    char *changed = strdup(PREV_MEASURES);
    *strstr(changed, "progress: 40") = '\0';
    char *text = malloc(strlen(PREV_MEASURES) + 32);
    sprintf(text, "%sprogress: 45%s", changed, strstr(PREV_MEASURES, "progress: 40") + 12);
    put("prev/measures.yaml", text);
    Report *r3 = load(a, &d, "cur");
    assert_non_null(r3);
    assert_memory_not_equal(h1, r3->info.input_hash, 32);
    report_free(r3);
    free(changed);
    free(text);
    diags_free(&d);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matching, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_includes_previous, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
