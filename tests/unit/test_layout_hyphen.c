/* Unit tests: hyphenation points (src/layout/hyphen.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/utf8.h"
#include "layout/hyphen.h"

typedef struct Fix {
    Hyphenator *de, *en;
} Fix;

static int setup(void **state)
{
    Fix *fx = calloc(1, sizeof *fx);
    fx->de = hyph_load(LANG_DE);
    fx->en = hyph_load(LANG_EN);
    if (!fx->de || !fx->en)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fix *fx = *state;
    hyph_free(fx->de);
    hyph_free(fx->en);
    free(fx);
    return 0;
}

/* The word with '-' at its points, e.g. "Mi-nis-te-ri-um". */
static const char *marked(const Hyphenator *h, const char *w, int *count)
{
    static char out[512];
    unsigned char pts[256];
    size_t n = strlen(w);
    memset(pts, 0xAA, sizeof pts);
    int c = hyph_points(h, w, n, pts);
    size_t k = 0;
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        out[k++] = w[i];
        assert_true(pts[i] == 0 || pts[i] == HYPH_BREAK || pts[i] == HYPH_SEAM); /* every byte written */
        if (pts[i]) {
            out[k++] = '-';
            seen++;
            /* only after the last byte of a character */
            assert_true(i + 1 == n || ((unsigned char)w[i + 1] & 0xC0) != 0x80);
        }
    }
    out[k] = '\0';
    assert_int_equal(c, seen);
    if (count)
        *count = c;
    return out;
}

static void test_german_words(void **state)
{
    Fix *fx = *state;
    assert_string_equal(marked(fx->de, "Radikalisierungsprävention", NULL),
                        "Ra-di-ka-li-sie-rungs-prä-ven-ti-on");
    assert_string_equal(marked(fx->de, "Justizvollzugseinrichtungen", NULL),
                        "Jus-tiz-voll-zugs-ein-rich-tun-gen");
    assert_string_equal(marked(fx->de, "Ministerium", NULL), "Mi-nis-te-ri-um");
    /* libhyphen with hyphen-de broke these wrongly (dera-, -jek-tak-, -te-rent-) */
    assert_string_equal(marked(fx->de, "Deradikalisierungsmaßnahmen", NULL),
                        "De-ra-di-ka-li-sie-rungs-maß-nah-men");
    assert_string_equal(marked(fx->de, "Projektaktivitäten", NULL), "Pro-jekt-ak-ti-vi-tä-ten");
    assert_string_equal(marked(fx->de, "Weiterentwicklung", NULL), "Wei-ter-ent-wick-lung");
    assert_string_equal(marked(fx->de, "Straße", NULL), "Stra-ße");
    /* Upper case and umlauts are lower-cased for the patterns. */
    assert_string_equal(marked(fx->de, "RADIKALISIERUNGSPRÄVENTION", NULL),
                        "RA-DI-KA-LI-SIE-RUNGS-PRÄ-VEN-TI-ON");
}

static void test_rules(void **state)
{
    Fix *fx = *state;
    int c;
    marked(fx->de, "Haus", &c); /* fewer than 5 letters */
    assert_int_equal(c, 0);
    marked(fx->de, "Abschnitt2024", &c); /* digits */
    assert_int_equal(c, 0);
    marked(fx->de, "Präventions-Netzwerk", &c); /* breaks at its own hyphen */
    assert_int_equal(c, 0);
    marked(fx->de, "https://example.org", &c);
    assert_int_equal(c, 0);
    assert_int_equal(hyph_points(NULL, "Ministerium", 11, (unsigned char[16]){0}), 0);
    unsigned char none[1];
    assert_int_equal(hyph_points(fx->de, "", 0, none), 0);

    /* At least 2 characters before and 2 (German) or 3 (English) after. */
    const char *words[] = {"Ministerium", "Evaluation", "Abschiebung", "Beobachtung", "Akteure",
                           "Islamismusprävention", "Überwachung", "Ausstiegsarbeit"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        unsigned char pts[64];
        size_t n = strlen(words[i]);
        hyph_points(fx->de, words[i], n, pts);
        size_t chars = utf8_count(words[i], n), before = 0;
        for (size_t b = 0; b < n; b++) {
            if (((unsigned char)words[i][b] & 0xC0) != 0x80)
                before++;
            if (pts[b]) {
                assert_true(before >= 2);
                assert_true(chars - before >= 2);
            }
        }
    }
    unsigned char pts[32];
    hyph_points(fx->en, "hyphenation", 11, pts);
    for (int b = 0; b < 11; b++)
        if (pts[b])
            assert_true(b >= 1 && 11 - (b + 1) >= 3);
}

/* "ch", "ck", "sch" stay together, and no piece is a lone consonant. */
static void test_german_clusters(void **state)
{
    Fix *fx = *state;
    const char *words[] = {"fortschreiben", "Fortschreibung", "Sicherheitsbehörden", "Jugendarbeit",
                           "Zuschüsse", "Deutschland", "Entwicklung", "Glücksspiel",
                           "Bildungsangebote", "Verschwörungserzählungen", "Justizvollzug",
                           "Beobachtung", "außerhalb", "dauerhaft"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        const char *m = marked(fx->de, words[i], NULL);
        if (strstr(m, "c-h") || strstr(m, "c-k") || strstr(m, "s-ch"))
            fail_msg("%s: %s", words[i], m);
        /* pieces between hyphens contain a vowel */
        const char *p = m;
        while (*p) {
            size_t len = strcspn(p, "-");
            bool vowel = false;
            for (size_t k = 0; k < len; k++)
                vowel = vowel || strchr("aeiouyAEIOUY\xc3", p[k]);
            if (!vowel)
                fail_msg("%s: piece without a vowel in %s", words[i], m);
            p += len + (p[len] == '-');
        }
    }
}

static void test_english(void **state)
{
    Fix *fx = *state;
    assert_string_equal(marked(fx->en, "hyphenation", NULL), "hy-phen-ation");
    assert_string_equal(marked(fx->en, "development", NULL), "de-vel-op-ment");
    assert_string_equal(marked(fx->en, "International", NULL), "In-ter-na-tional");
    int c;
    marked(fx->en, "radicalisation", &c);
    assert_true(c >= 3);
}

/* The same word gives the same points every time (the memo is transparent). */
static void test_repeatable(void **state)
{
    Fix *fx = *state;
    char first[512];
    strcpy(first, marked(fx->de, "Verwaltungsvorschriften", NULL));
    for (int i = 0; i < 3; i++)
        assert_string_equal(marked(fx->de, "Verwaltungsvorschriften", NULL), first);
    /* Many distinct words: the memo grows without changing results. */
    char w[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(w, sizeof w, "Modellprojekt%c%c", 'a' + i % 26, 'a' + i / 26 % 26);
        unsigned char a[32], b[32];
        int ca = hyph_points(fx->de, w, strlen(w), a);
        int cb = hyph_points(fx->de, w, strlen(w), b);
        assert_int_equal(ca, cb);
        assert_memory_equal(a, b, strlen(w));
    }
}

/* The breaks of tests/data/hyphenation-de.txt (words of the reports with
 * their correct breaks): TeX's patterns find almost all of them and put
 * next to none where the list has none. */
static void test_word_list(void **state)
{
    Fix *fx = *state;
    FILE *f = fopen("tests/data/hyphenation-de.txt", "r");
    assert_non_null(f);
    char line[256], word[256];
    int words = 0, breaks = 0, wrong = 0, truth = 0, found_true = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n#")] = '\0';
        if (!line[0] || line[0] == '[')
            continue;
        unsigned char want[256] = {0}, got[256];
        size_t n = 0;
        for (const char *p = line; *p; p++) {
            if (*p == '-')
                want[n - 1] = 1;
            else
                word[n++] = *p;
        }
        hyph_points(fx->de, word, n, got);
        for (size_t i = 0; i < n; i++) {
            breaks += got[i] != 0;
            wrong += got[i] && !want[i];
            truth += want[i];
            found_true += got[i] && want[i];
        }
        words++;
    }
    fclose(f);
    printf("    %d words: %d breaks, %d wrong; %d of %d correct breaks found\n", words, breaks,
           wrong, found_true, truth);
    assert_true(words >= 500);
    assert_true(wrong * 200 <= breaks);           /* at most 0.5 % wrong */
    assert_true(found_true * 100 >= truth * 90);  /* at least 90 % found */
}

/* The seams of compounds are marked: "Verwaltungs|vorschriften". */
static void test_seams(void **state)
{
    Fix *fx = *state;
    unsigned char pts[64];
    const char *w = "Verwaltungsvorschriften";
    hyph_points(fx->de, w, strlen(w), pts);
    assert_int_equal(pts[strlen("Verwaltungs") - 1], HYPH_SEAM);
    assert_int_equal(pts[strlen("Ver") - 1], HYPH_BREAK);
    /* and survive the memo */
    hyph_points(fx->de, w, strlen(w), pts);
    assert_int_equal(pts[strlen("Verwaltungs") - 1], HYPH_SEAM);
    hyph_points(fx->en, "notifications", 13, pts);
    for (int i = 0; i < 13; i++)
        assert_true(pts[i] != HYPH_SEAM); /* German only */
}

/* TeX's pattern files: \patterns and \hyphenation (exceptions win). */
static void test_tex_format(void **state)
{
    (void)state;
    char path[] = "/tmp/imr-hyph-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("% comment\n\\patterns{ % the patterns\n1ba 1ca\n1da }\n"
          "\\hyphenation{ % exceptions\nbab-aca-da\n}\n", f);
    fclose(f);
    Hyphenator *h = hyph_load_file(path, LANG_DE);
    remove(path);
    assert_non_null(h);
    assert_string_equal(marked(h, "ababadaba", NULL), "aba-ba-da-ba");
    assert_string_equal(marked(h, "babacada", NULL), "bab-aca-da");
    hyph_free(h);
    assert_null(hyph_load_file("/nonexistent/patterns.tex", LANG_DE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_german_words), cmocka_unit_test(test_rules),
        cmocka_unit_test(test_german_clusters), cmocka_unit_test(test_english),
        cmocka_unit_test(test_repeatable), cmocka_unit_test(test_word_list),
        cmocka_unit_test(test_seams), cmocka_unit_test(test_tex_format),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
