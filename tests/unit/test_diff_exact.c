/* test_diff_exact.c — what changed inside an element: the word diff, the
 * changed cells of a table row, the changed bars of a chart, pictures whose
 * bytes changed under the same caption, page-number-only changes as their
 * own quiet kind; the CI formats (github, junit) and --fail-on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diff/internal.h"

static void word_is(const char *old, const char *new, const char *want)
{
    Arena *a = arena_new();
    const char *got = word_diff(old, new, 2, a);
    if (strcmp(got, want) != 0)
        fail_msg("word_diff(\"%s\", \"%s\")\n  want %s\n  got  %s", old, new, want, got);
    arena_free(a);
}

static void test_word_diff(void **state)
{
    (void)state;
    word_is("Die Krisenteams der Schulen", "Die Notfallteams der Schulen",
            "Die [-Krisenteams-] {+Notfallteams+} der Schulen");
    /* far from the change: left out, "…" instead */
    word_is("eins zwei drei vier fünf sechs sieben acht neun zehn",
            "eins zwei drei vier fünf SECHS sieben acht neun zehn",
            "\xE2\x80\xA6 vier f\xC3\xBCnf [-sechs-] {+SECHS+} sieben acht \xE2\x80\xA6");
    /* a change after the 60th character is found and shown */
    word_is("Das Land fördert seit 2016 die Präventionsarbeit in den Kommunen, Schulen und Moscheegemeinden nachhaltig.",
            "Das Land fördert seit 2016 die Präventionsarbeit in den Kommunen, Schulen und Vereinen nachhaltig.",
            "\xE2\x80\xA6 Schulen und [-Moscheegemeinden-] {+Vereinen+} nachhaltig.");
    /* two changes apart, words only added, words only removed */
    word_is("a b c d e f g h i j", "a X c d e f g h Y j",
            "a [-b-] {+X+} c d \xE2\x80\xA6 g h [-i-] {+Y+} j");
    word_is("a b", "a b c", "a b {+c+}");
    word_is("a b c", "b c", "[-a-] b c");
}

static void row_is(const char *old, const char *new, const char *header, const char *want)
{
    Arena *a = arena_new();
    const char *got = row_diff(old, new, header, a);
    if (!want)
        assert_null(got);
    else if (!got || strcmp(got, want) != 0)
        fail_msg("row_diff\n  want %s\n  got  %s", want, got ? got : "(null)");
    arena_free(a);
}

static void test_row_diff(void **state)
{
    (void)state;
    /* a key/value row: the first cell names the row */
    row_is("Status | in Umsetzung", "Status | umgesetzt", NULL,
           "Status: in Umsetzung \xE2\x86\x92 umgesetzt");
    /* an overview row: the header names the column */
    row_is("1.4 | Starke Jugend | MKW | in Umsetzung | 55 %",
           "1.4 | Starke Jugend | MKW | umgesetzt | 60 %",
           "Nr. | Maßnahme | Federführung | Status | Fortschritt",
           "Status: in Umsetzung \xE2\x86\x92 umgesetzt; Fortschritt: 55 % \xE2\x86\x92 60 %");
    /* no header and the first cell changed: columns by number */
    row_is("a | b", "c | b", NULL, "column 1: a \xE2\x86\x92 c");
    /* cells that cannot be paired */
    row_is("a | b", "a | b | c", NULL, NULL);
}

/* A version 2 dump with one page holding the given element lines. */
static char *dump2(const char *generator, const char *elems)
{
    Buf b = {0};
    buf_printf(&b,
               "{\"format\":\"imagreport-layout\",\"version\":2,\"generator\":\"%s\","
               "\"template\":\"sha256:ab\",\n\"pages\":[\n"
               "{\"number\":1,\"label\":\"1\",\"width\":595.28,\"height\":841.89,\"elements\":[\n%s\n]}\n"
               "],\n\"warnings\":[],\n\"outline\":[]}\n",
               generator, elems);
    return b.data;
}

#define IMG(content)                                                                               \
    "{\"kind\":\"image\",\"id\":\"figure-1\",\"part\":0,\"x\":71,\"y\":100,\"w\":400,\"h\":300,"   \
    "\"text\":\"Abbildung 1: Struktur\",\"hash\":\"11111111\",\"content\":\"" content "\","       \
    "\"src\":\"r/chapters/02.md:116:1\"}"
#define CHART(v)                                                                                   \
    "{\"kind\":\"chart\",\"id\":\"status-by-field-chart\",\"part\":0,\"x\":71,\"y\":420,\"w\":400," \
    "\"h\":150,\"text\":\"Abbildung 2\",\"hash\":\"22222222\",\"content\":\"" v "\","             \
    "\"series\":[\"geplant\",\"in Umsetzung\"],\"bars\":[{\"label\":\"Handlungsfeld 1\","          \
    "\"values\":[1,2]},{\"label\":\"Handlungsfeld 3\",\"values\":[2," v "]}],"                      \
    "\"src\":\"r/report.yaml:52:5\"}"
#define REF(page, hash)                                                                            \
    "{\"kind\":\"paragraph\",\"id\":\"ansatz/p1\",\"part\":0,\"x\":71,\"y\":600,\"w\":400,"       \
    "\"h\":30,\"text\":\"siehe Maßnahme 1.9 (S. " page ")\",\"hash\":\"" hash "\","               \
    "\"pageless\":\"33333333\",\"content\":\"" hash "00000000\",\"src\":\"r/c.md:40:1\"}"

typedef struct Run {
    char *out, *err;
    int rc;
} Run;

static Run run(const char *old, const char *new, DiffOptions opt)
{
    char po[] = "/tmp/imr-exact-XXXXXX", pn[] = "/tmp/imr-exact-XXXXXX";
    int fo = mkstemp(po), fn = mkstemp(pn);
    assert_true(fo >= 0 && fn >= 0);
    assert_int_equal(write(fo, old, strlen(old)), (ssize_t)strlen(old));
    assert_int_equal(write(fn, new, strlen(new)), (ssize_t)strlen(new));
    close(fo);
    close(fn);
    Run r;
    size_t lo, le;
    FILE *o = open_memstream(&r.out, &lo), *e = open_memstream(&r.err, &le);
    r.rc = diff_layouts(po, pn, &opt, o, e);
    fclose(o);
    fclose(e);
    unlink(po);
    unlink(pn);
    return r;
}

static void has(const Run *r, const char *needle)
{
    if (!strstr(r->out, needle))
        fail_msg("expected '%s' in:\n%s%s", needle, r->out, r->err);
}

static void done(Run *r)
{
    free(r->out);
    free(r->err);
}

static void test_picture_bytes(void **state)
{
    (void)state;
    char *a = dump2("imagreport 0.1.0", "  " IMG("00000000000000aa"));
    char *b = dump2("imagreport 0.1.0", "  " IMG("00000000000000bb"));
    Run r = run(a, b, (DiffOptions){.tolerance = 0.5f});
    assert_int_equal(r.rc, 1);
    has(&r, "page 1:\n  picture content changed: image 'figure-1' \"Abbildung 1: Struktur\" "
            "(r/chapters/02.md:116:1)\n");
    done(&r);
    r = run(a, a, (DiffOptions){.tolerance = 0.5f});
    assert_int_equal(r.rc, 0);
    done(&r);
    free(a);
    free(b);
}

static void test_chart_bar(void **state)
{
    (void)state;
    char *a = dump2("imagreport 0.1.0", "  " CHART("6"));
    char *b = dump2("imagreport 0.1.0", "  " CHART("7"));
    Run r = run(a, b, (DiffOptions){.tolerance = 0.5f});
    assert_int_equal(r.rc, 1);
    has(&r, "chart data changed: chart 'status-by-field-chart': bar 'Handlungsfeld 3' 8 \xE2\x86\x92 9: "
            "in Umsetzung 6 \xE2\x86\x92 7 (r/report.yaml:52:5)");
    done(&r);
    r = run(a, b, (DiffOptions){.tolerance = 0.5f, .format = DIFF_JSON});
    has(&r, "\"change\":\"content\"");
    has(&r, "\"bars\":\"bar 'Handlungsfeld 3' 8 \xE2\x86\x92 9: in Umsetzung 6 \xE2\x86\x92 7\"");
    done(&r);
    free(a);
    free(b);
}

static void test_page_numbers_quiet(void **state)
{
    (void)state;
    char *a = dump2("imagreport 0.1.0", "  " IMG("00000000000000aa") ",\n  " REF("23", "44444444"));
    char *b = dump2("imagreport 0.1.0", "  " IMG("00000000000000bb") ",\n  " REF("24", "55555555"));
    Run r = run(a, b, (DiffOptions){.tolerance = 0.5f});
    assert_int_equal(r.rc, 1);
    /* counted apart from the real change, listed after it */
    has(&r, ": 1 change and 1 page number (tolerance 0.5 pt)\npage 1:\n  picture content changed");
    has(&r, "page numbers only (references and contents), 1 element:\n"
            "  page 1: page number changed: paragraph 'ansatz/p1': siehe Ma\xC3\x9Fnahme 1.9 (S. [-23)-] {+24)+} (r/c.md:40:1)\n");
    done(&r);
    r = run(a, b, (DiffOptions){.tolerance = 0.5f, .hide_pagenum = true});
    assert_int_equal(r.rc, 1);
    if (strstr(r.out, "page number"))
        fail_msg("--hide-page-numbers still shows them:\n%s", r.out);
    done(&r);
    /* only page numbers changed, and hidden: nothing to report */
    char *c = dump2("imagreport 0.1.0", "  " IMG("00000000000000aa") ",\n  " REF("24", "55555555"));
    r = run(a, c, (DiffOptions){.tolerance = 0.5f, .hide_pagenum = true});
    assert_int_equal(r.rc, 0);
    has(&r, "no differences");
    done(&r);
    r = run(a, c, (DiffOptions){.tolerance = 0.5f});
    assert_int_equal(r.rc, 1);
    has(&r, ": 0 changes and 1 page number (tolerance 0.5 pt)\npage numbers only");
    done(&r);
    free(a);
    free(b);
    free(c);
}

static void test_generator_note(void **state)
{
    (void)state;
    char *a = dump2("imagreport 0.1.0", "  " IMG("00000000000000aa"));
    char *b = dump2("imagreport 0.2.0", "  " IMG("00000000000000aa"));
    Run r = run(a, b, (DiffOptions){.tolerance = 0.5f});
    assert_int_equal(r.rc, 0); /* a note, not a change */
    has(&r, "note: made by another imagreport: imagreport 0.1.0 \xE2\x86\x92 imagreport 0.2.0");
    done(&r);
    free(a);
    free(b);
}

static void test_github_and_junit(void **state)
{
    (void)state;
    char *a = dump2("imagreport 0.1.0", "  " IMG("00000000000000aa") ",\n  " REF("23", "44444444"));
    char *b = dump2("imagreport 0.1.0", "  " IMG("00000000000000bb") ",\n  " REF("24", "55555555"));
    Run r = run(a, b, (DiffOptions){.tolerance = 0.5f, .format = DIFF_GITHUB});
    assert_int_equal(r.rc, 1);
    has(&r, "::warning file=r/chapters/02.md,line=116,col=1,title=layout changed on page 1::"
            "picture content changed: image 'figure-1' \"Abbildung 1: Struktur\" (r/chapters/02.md:116:1)\n");
    has(&r, "::notice file=r/c.md,line=40,col=1,title=layout changed on page 1::page number changed");
    done(&r);
    r = run(a, b, (DiffOptions){.tolerance = 0.5f, .format = DIFF_JUNIT});
    assert_int_equal(r.rc, 1);
    has(&r, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"imagreport diff\" tests=\"2\" failures=\"1\">");
    has(&r, "  <testcase classname=\"layout\" name=\"document\"/>\n");
    has(&r, "  <testcase classname=\"layout\" name=\"page 1\">\n    <failure message=\"2 changes\" "
            "type=\"layout-changed\">picture content changed: image 'figure-1' &quot;Abbildung 1: Struktur&quot;");
    done(&r);
    free(a);
    free(b);
}

static void test_fail_on(void **state)
{
    (void)state;
    char *a = dump2("imagreport 0.1.0", "  " IMG("00000000000000aa"));
    char *b = dump2("imagreport 0.1.0", "  " IMG("00000000000000bb"));
    Run r = run(a, b, (DiffOptions){.tolerance = 0.5f, .fail_on = FAIL_ON_NEVER});
    assert_int_equal(r.rc, 0);
    has(&r, "picture content changed");
    done(&r);
    /* a change, but no new layout warning */
    r = run(a, b, (DiffOptions){.tolerance = 0.5f, .fail_on = FAIL_ON_WARNING});
    assert_int_equal(r.rc, 0);
    done(&r);
    /* a new layout warning fails */
    Buf w = {0};
    buf_puts(&w, b);
    char *at = strstr(w.data, "\"warnings\":[]");
    assert_non_null(at);
    Buf c = {0};
    buf_put(&c, w.data, (size_t)(at - w.data));
    buf_puts(&c, "\"warnings\":[{\"kind\":\"overfull\",\"page\":1,\"src\":\"r/a.md:3:1\",\"message\":\"3 pt\"}]");
    buf_puts(&c, at + strlen("\"warnings\":[]"));
    r = run(a, c.data, (DiffOptions){.tolerance = 0.5f, .fail_on = FAIL_ON_WARNING});
    assert_int_equal(r.rc, 1);
    has(&r, "new warning: overfull at r/a.md:3:1: 3 pt");
    done(&r);
    buf_free(&w);
    buf_free(&c);
    free(a);
    free(b);
}

static void test_html(void **state)
{
    (void)state;
    char *a = dump2("imagreport 0.1.0", "  " IMG("00000000000000aa") ",\n  " REF("23", "44444444"));
    char *b = dump2("imagreport 0.1.0", "  " IMG("00000000000000bb") ",\n  " REF("24", "55555555"));
    Buf html = {0};
    Run r = run(a, b, (DiffOptions){.tolerance = 0.5f, .html = &html});
    assert_int_equal(r.rc, 1);
    assert_non_null(html.data);
    const char *h = html.data;
    assert_non_null(strstr(h, "<!DOCTYPE html>"));
    assert_null(strstr(h, "<script"));
    /* the summary, one page pair with both pages as SVG */
    assert_non_null(strstr(h, "<strong>1 change</strong> and 1 page number; 1 page pair drawn"));
    assert_non_null(strstr(h, "<section class=\"page\" id=\"new1\"><h2>old page 1 &#8594; new page 1</h2>"));
    /* the picture changed on both sides, linked to each other; the reference quiet */
    assert_non_null(strstr(h, "<a href=\"#n0\"><rect id=\"o0\" x=\"71\" y=\"100\" width=\"400\" "
                              "height=\"300\" class=\"el ch\">"));
    assert_non_null(strstr(h, "<a href=\"#o0\"><rect id=\"n0\""));
    assert_non_null(strstr(h, "class=\"el pn\""));
    /* text is escaped */
    assert_non_null(strstr(h, "Abbildung 1: Struktur"));
    buf_free(&html);
    done(&r);
    /* equal layouts: no pages drawn */
    r = run(a, a, (DiffOptions){.tolerance = 0.5f, .html = &html});
    assert_int_equal(r.rc, 0);
    assert_non_null(strstr(html.data, "<p>No differences.</p>"));
    assert_null(strstr(html.data, "<section"));
    buf_free(&html);
    done(&r);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_diff),      cmocka_unit_test(test_row_diff),
        cmocka_unit_test(test_picture_bytes),  cmocka_unit_test(test_chart_bar),
        cmocka_unit_test(test_page_numbers_quiet), cmocka_unit_test(test_generator_note),
        cmocka_unit_test(test_github_and_junit), cmocka_unit_test(test_fail_on),
        cmocka_unit_test(test_html),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
