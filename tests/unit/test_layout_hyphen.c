/* Unit tests: hyphenation points (src/layout/hyphen.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <hyphen.h> /* libhyphen: the reference the patterns were written for */

#include "base/utf8.h"
#include "layout/hyphen.h"

/* Built with AddressSanitizer? (gcc defines __SANITIZE_ADDRESS__, clang has a feature test.) */
#if defined(__SANITIZE_ADDRESS__)
#define IMR_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IMR_ASAN 1
#endif
#endif

#if defined(IMR_ASAN)
/* libhyphen 2.8.8 leaks when it loads the German dictionary (replacement
 * strings of its non-standard patterns); only this test uses libhyphen. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libhyphen.so\n";
}
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

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
        assert_true(pts[i] == 0 || pts[i] == 1); /* every byte written */
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
    const char *d = marked(fx->de, "Deradikalisierungsmaßnahmen", NULL);
    assert_non_null(strstr(d, "-ka-li-sie-rungs-maß-nah-men"));
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

/* Agreement with libhyphen itself on the vocabulary of the reports. */
static void test_agrees_with_libhyphen(void **state)
{
    Fix *fx = *state;
    static const char *const words[] = {
        "abschiebung", "akteure", "anschlag", "arbeitsgruppe", "ausreise", "ausstiegsarbeit",
        "beratungsstellen", "berichtszeitraum", "bildungsangebote", "bundesministerium",
        "deradikalisierung", "distanzierung", "einrichtungen", "entwicklung", "evaluation",
        "extremismus", "familienangehörige", "finanzierung", "gefährdung", "gesellschaft",
        "handlungsempfehlungen", "informationsaustausch", "integration", "islamismus",
        "jugendliche", "justizvollzug", "kommunen", "kooperation", "landesregierung",
        "maßnahmen", "medienkompetenz", "ministerium", "modellprojekte", "netzwerke",
        "öffentlichkeit", "polizei", "prävention", "propaganda", "qualifizierung",
        "radikalisierung", "rückkehrer", "salafismus", "schulen", "sicherheitsbehörden",
        "sozialarbeit", "strafvollzug", "terrorismus", "übersicht", "umsetzung",
        "verfassungsschutz", "verwaltung", "weiterentwicklung", "wissenschaftlich",
        "zusammenarbeit", "zuständigkeit", "zwischenbericht", "staatsanwaltschaft",
        "koordinierungsstelle", "demokratieförderung", "beobachtung"};
    HyphenDict *dict = hnj_hyphen_load("/usr/share/hyphen/hyph_de_DE.dic");
    assert_non_null(dict);
    int agree = 0, total = 0;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        const char *w = words[i];
        size_t n = strlen(w);
        /* the German dictionary is ISO 8859-1 */
        char l1[64];
        size_t at[64], m = 0;
        for (size_t b = 0; b < n;) {
            uint32_t cp;
            size_t k = utf8_decode((const unsigned char *)w + b, n - b, &cp);
            l1[m] = (char)cp;
            at[m++] = b + k - 1;
            b += k;
        }
        char hy[80] = {0};
        char **rep = NULL;
        int *pos = NULL, *cut = NULL;
        assert_int_equal(hnj_hyphen_hyphenate2(dict, l1, (int)m, hy, NULL, &rep, &pos, &cut), 0);
        unsigned char ref[64] = {0}, ours[64];
        for (size_t c = 0; c + 2 < m; c++)
            if ((hy[c] & 1) && c >= 1 && (!rep || !rep[c]))
                ref[at[c]] = 1;
        if (rep) {
            for (size_t c = 0; c < m; c++)
                free(rep[c]);
            free(rep);
        }
        free(pos);
        free(cut);
        hyph_points(fx->de, w, n, ours);
        int common = 0, ref_n = 0;
        for (size_t b = 0; b < n; b++) {
            common += ours[b] && ref[b];
            ref_n += ref[b];
            if (ours[b] && !ref[b]) /* a break libhyphen does not know: wrong */
                fail_msg("%s: %s has a point libhyphen does not", w, marked(fx->de, w, NULL));
        }
        total++;
        agree += common == ref_n; /* ours may drop a dubious point, never miss many */
        if (common < ref_n)
            printf("    differs: %s (libhyphen has %d points, %d kept)\n", marked(fx->de, w, NULL), ref_n, common);
    }
    hnj_hyphen_free(dict);
    printf("    %d of %d words keep every libhyphen point\n", agree, total);
    assert_true(agree * 10 >= total * 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_german_words), cmocka_unit_test(test_rules),
        cmocka_unit_test(test_german_clusters), cmocka_unit_test(test_english),
        cmocka_unit_test(test_repeatable), cmocka_unit_test(test_agrees_with_libhyphen),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
