/* Unit tests: Knuth–Plass paragraph setting (src/layout/para.c). Run from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/utf8.h"
#include "layout/font.h"
#include "layout/hyphen.h"
#include "layout/para.h"

/* Built with AddressSanitizer? (gcc defines __SANITIZE_ADDRESS__, clang has a feature test.) */
#if defined(__SANITIZE_ADDRESS__)
#define IMR_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IMR_ASAN 1
#endif
#endif

static const char *const FONT_FILES[FONT_COUNT] = {
    [FONT_REGULAR] = "fonts/OpenSans-Regular.ttf",   [FONT_BOLD] = "fonts/OpenSans-Bold.ttf",
    [FONT_ITALIC] = "fonts/OpenSans-Italic.ttf",     [FONT_BOLD_ITALIC] = "fonts/OpenSans-BoldItalic.ttf",
    [FONT_SEMIBOLD] = "fonts/OpenSans-Semibold.ttf", [FONT_MONO] = "fonts/DejaVuSansMono.ttf",
};

typedef struct Fix {
    Font *fonts[FONT_COUNT];
    Hyphenator *hyph;
    Arena *arena;
} Fix;

static int setup(void **state)
{
    Fix *fx = calloc(1, sizeof *fx);
    char err[200];
    for (int i = 0; i < FONT_COUNT; i++) {
        fx->fonts[i] = font_load(FONT_FILES[i], err, sizeof err);
        if (!fx->fonts[i]) {
            fprintf(stderr, "%s: %s\n", FONT_FILES[i], err);
            return -1;
        }
    }
    fx->hyph = hyph_load(LANG_DE);
    if (!fx->hyph)
        return -1;
    fx->arena = arena_new();
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fix *fx = *state;
    for (int i = 0; i < FONT_COUNT; i++)
        font_free(fx->fonts[i]);
    hyph_free(fx->hyph);
    arena_free(fx->arena);
    free(fx);
    return 0;
}

static ParaStyle style(const Fix *fx, bool justify)
{
    ParaStyle st = {0};
    st.fonts = (const Font *const *)fx->fonts;
    st.font = FONT_REGULAR;
    st.size = 10;
    st.leading = 13;
    st.justify = justify;
    st.hyphenate = true;
    st.hyph = fx->hyph;
    st.align = ALIGN_LEFT;
    return st;
}

static Run text_run(const char *s)
{
    Run r = {0};
    r.kind = RUN_TEXT;
    r.text = s;
    r.pos = (SrcPos){"kapitel.md", 3, 1};
    return r;
}

static Inlines one(const Run *r)
{
    return (Inlines){r, 1};
}

static const char PROSE[] =
    "Die Interministerielle Arbeitsgruppe Islamismusprävention hat im Berichtszeitraum die "
    "Zusammenarbeit zwischen Bund und Ländern weiter ausgebaut. Schwerpunkte lagen auf der "
    "Radikalisierungsprävention in Schulen, der Deradikalisierungsarbeit in "
    "Justizvollzugseinrichtungen und der Stärkung der Medienkompetenz junger Menschen. "
    "Das Bundesministerium des Innern und für Heimat förderte dazu Modellprojekte, deren "
    "Ergebnisse wissenschaftlich begleitet und ausgewertet wurden. Die Evaluation zeigt, dass "
    "präventive Maßnahmen besonders dann wirken, wenn sie früh ansetzen, lokale Akteure "
    "einbinden und langfristig finanziert sind.";

static float line_end(const Line *l)
{
    if (l->n_frags == 0)
        return 0;
    const LineFrag *f = &l->frags[l->n_frags - 1];
    return f->x + f->w;
}

static void assert_lines_fit(const ParaResult *pr, float width)
{
    for (size_t i = 0; i < pr->n_lines; i++) {
        const Line *l = &pr->lines[i];
        float prev_end = -1;
        for (size_t k = 0; k < l->n_frags; k++) {
            const LineFrag *f = &l->frags[k];
            if (f->x + f->w > width + 0.01f)
                fail_msg("line %zu fragment '%.*s' ends at %.3f > %.3f", i, (int)f->len, f->text,
                         f->x + f->w, width);
            assert_true(f->x >= prev_end - 0.001f); /* left to right, no overlap */
            assert_true(f->x >= -0.001f);
            prev_end = f->x + f->w;
        }
        assert_float_equal(l->width, width, 1e-6);
    }
}

/* The text of the lines, words separated by single spaces, hyphens added at
 * hyphenated line ends removed: must give back the input. */
static char *joined(const ParaResult *pr)
{
    size_t cap = 16;
    for (size_t i = 0; i < pr->n_lines; i++)
        for (size_t k = 0; k < pr->lines[i].n_frags; k++)
            cap += pr->lines[i].frags[k].len + 1;
    char *out = calloc(1, cap);
    size_t n = 0;
    for (size_t i = 0; i < pr->n_lines; i++) {
        const Line *l = &pr->lines[i];
        for (size_t k = 0; k < l->n_frags; k++) {
            const LineFrag *f = &l->frags[k];
            if (n > 0 && (k > 0 ? f->x > l->frags[k - 1].x + l->frags[k - 1].w + 0.5f
                                : !(i > 0 && pr->lines[i - 1].hyphenated)))
                out[n++] = ' ';
            memcpy(out + n, f->text, f->len);
            n += f->len;
        }
        /* the inputs given to joined() have no explicit hyphens: a final '-' was added */
        if (l->hyphenated && n > 0 && out[n - 1] == '-')
            n--;
    }
    out[n] = '\0';
    return out;
}

static void test_prose_fits_and_justifies(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run r = text_run(PROSE);
    Inlines in = one(&r);
    for (float width = 120; width <= 460; width += 17) {
        ParaResult pr = para_set(&in, &st, width, NULL, fx->arena);
        assert_true(pr.n_lines >= 2);
        assert_lines_fit(&pr, width);
        int stretched = 0;
        for (size_t i = 0; i + 1 < pr.n_lines; i++) {
            /* justified: the last fragment ends exactly at the right edge, unless
             * the line is one word piece that has no space to stretch */
            if (pr.lines[i].n_frags == 1) {
                assert_true(pr.lines[i].ratio == 1000.0f);
                continue;
            }
            stretched++;
            if (line_end(&pr.lines[i]) < width - 0.01f || line_end(&pr.lines[i]) > width + 0.01f)
                fail_msg("width %.0f line %zu ends at %.3f", width, i, line_end(&pr.lines[i]));
            assert_true(pr.lines[i].ratio >= -1.0f);
            if (width > 300)
                assert_true(pr.lines[i].ratio <= 4.0f); /* wide columns set reasonably */
        }
        assert_true(stretched >= (int)pr.n_lines / 2);
        const Line *last = &pr.lines[pr.n_lines - 1];
        for (size_t k = 1; k < last->n_frags; k++) { /* the last line is not stretched */
            float gap = last->frags[k].x - (last->frags[k - 1].x + last->frags[k - 1].w);
            assert_true(gap <= 2.5901f && gap >= 2.59f * 2 / 3 - 0.001f);
        }
        assert_float_equal(last->ratio, 0, 0);
        assert_false(last->hyphenated);
        assert_float_equal(last->ascent, 7.65f, 0.001f);
        assert_float_equal(last->descent, 2.40f, 0.001f);
        char *text = joined(&pr);
        assert_string_equal(text, PROSE);
        free(text);
    }
}

static void test_hyphenates_narrow_column(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run r = text_run("Radikalisierungsprävention");
    Inlines in = one(&r);
    ParaResult pr = para_set(&in, &st, 60, NULL, fx->arena);
    assert_true(pr.n_lines >= 2);
    assert_lines_fit(&pr, 60);
    assert_true(pr.lines[0].hyphenated);
    const LineFrag *f = &pr.lines[0].frags[pr.lines[0].n_frags - 1];
    assert_int_equal(f->text[f->len - 1], '-');
    assert_int_equal(strlen(f->text), f->len);
    char *text = joined(&pr);
    assert_string_equal(text, "Radikalisierungsprävention");
    free(text);
    /* The hyphen is measured: fragment width = glyph advances incl. '-'. */
    assert_float_equal(f->w, font_text_width(fx->fonts[FONT_REGULAR], f->text, f->len, 10), 1e-4);
}

/* Sets the compound-heavy text at widths 65..140 pt and checks that no run of
 * hyphenated lines is longer than max; returns how many runs reach max. */
static int hyphen_runs(Fix *fx, const ParaStyle *st, int max, int *total_hyph)
{
    Run r = text_run("Deradikalisierungsmaßnahmen Justizvollzugseinrichtungen "
                     "Radikalisierungsprävention Verwaltungsvorschriften "
                     "Sicherheitsbehörden Deradikalisierungsmaßnahmen "
                     "Justizvollzugseinrichtungen Radikalisierungsprävention "
                     "Bundesministerium Verwaltungsvorschriften Sicherheitsbehörden "
                     "Informationsaustausch Präventionsnetzwerke Beratungsstellen");
    Inlines in = one(&r);
    int at_max = 0;
    /* 55 and 60 pt are too narrow for the rule: the width wins (one hyphen
     * more rather than an overfull line or a word cut without a hyphen). */
    ParaResult narrow = para_set(&in, st, 55, NULL, fx->arena);
    assert_lines_fit(&narrow, 55);
    narrow = para_set(&in, st, 60, NULL, fx->arena);
    assert_lines_fit(&narrow, 60);
    for (float width = 65; width <= 140; width += 5) {
        ParaResult pr = para_set(&in, st, width, NULL, fx->arena);
        assert_lines_fit(&pr, width);
        int run_len = 0;
        for (size_t i = 0; i < pr.n_lines; i++) {
            run_len = pr.lines[i].hyphenated ? run_len + 1 : 0;
            *total_hyph += pr.lines[i].hyphenated;
            at_max += run_len == max;
            if (run_len > max + 1)
                fail_msg("width %.0f: %d hyphenated lines in a row (at most %d, one more "
                         "instead of a very loose line)", width, run_len, max);
        }
    }
    return at_max;
}

/* At most two hyphenated lines in a row by default (three rather than a line
 * looser than about 1.5 times its stretch); a template may allow more. */
static void test_consecutive_hyphenated_lines(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    int total = 0;
    assert_true(hyphen_runs(fx, &st, 2, &total) > 0);
    assert_true(total > 40); /* the case does put the rule under pressure */
    LineBreaking three = {50, 25, 3, 10000, 5000};
    st.brk = &three;
    total = 0;
    assert_true(hyphen_runs(fx, &st, 3, &total) > 0);
}

static void test_unbreakable_word_is_cut(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    char word[200];
    for (int i = 0; i < 100; i++)
        word[i] = (char)('0' + i % 10);
    word[100] = '\0';
    Run r = text_run(word);
    Inlines in = one(&r);
    float natural = font_text_width(fx->fonts[FONT_REGULAR], word, 100, 10);
    assert_true(natural > 500);
    ParaResult pr = para_set(&in, &st, 100, NULL, fx->arena);
    assert_true(pr.n_lines >= 6);
    assert_lines_fit(&pr, 100);
    size_t total = 0;
    for (size_t i = 0; i < pr.n_lines; i++) {
        assert_false(pr.lines[i].hyphenated);
        assert_true(pr.lines[i].natural <= 100.01f);
        for (size_t k = 0; k < pr.lines[i].n_frags; k++) {
            assert_memory_equal(pr.lines[i].frags[k].text, word + total, pr.lines[i].frags[k].len);
            total += pr.lines[i].frags[k].len;
        }
    }
    assert_int_equal(total, 100);

    /* Ragged, in a sentence, and a glyph wider than the column: no crash, text kept. */
    ParaStyle rg = style(fx, false);
    Run r2 = text_run("Siehe https://www.example.org/ein/sehr/langer/pfad/zu/einer/seite.html hier.");
    Inlines in2 = one(&r2);
    ParaResult p2 = para_set(&in2, &rg, 80, NULL, fx->arena);
    assert_lines_fit(&p2, 80);
    ParaResult p3 = para_set(&in2, &st, 3, NULL, fx->arena);
    assert_true(p3.n_lines > 20);
}

static bool line_has(const Line *l, const char *s)
{
    size_t n = strlen(s);
    for (size_t k = 0; k < l->n_frags; k++)
        for (size_t i = 0; i + n <= l->frags[k].len; i++)
            if (memcmp(l->frags[k].text + i, s, n) == 0)
                return true;
    return false;
}

static void test_nbsp_keeps_together(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run r = text_run("Die Quote stieg im Jahr 2024 auf 25\u00a0% und im Folgejahr auf 31\u00a0% an.");
    Inlines in = one(&r);
    int seen = 0;
    for (float width = 40; width <= 300; width += 3) {
        ParaResult pr = para_set(&in, &st, width, NULL, fx->arena);
        assert_lines_fit(&pr, width);
        for (size_t i = 0; i < pr.n_lines; i++) {
            if (line_has(&pr.lines[i], "%")) {
                assert_true(line_has(&pr.lines[i], "25") || line_has(&pr.lines[i], "31"));
                seen++;
            }
        }
    }
    assert_true(seen > 80);
}

static void test_forced_break(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run runs[3] = {text_run("Erste Zeile"), {0}, text_run("zweite Zeile mit mehr Text")};
    runs[1].kind = RUN_BREAK;
    Inlines in = {runs, 3};
    ParaResult pr = para_set(&in, &st, 300, NULL, fx->arena);
    assert_int_equal(pr.n_lines, 2);
    assert_float_equal(pr.lines[0].ratio, 0, 0);
    assert_true(line_end(&pr.lines[0]) < 100);
    assert_string_equal(pr.lines[0].frags[0].text, "Erste");
    assert_string_equal(pr.lines[1].frags[0].text, "zweite");
    /* Two breaks in a row give an empty line. */
    Run r4[4] = {text_run("Oben"), {0}, {0}, text_run("unten")};
    r4[1].kind = r4[2].kind = RUN_BREAK;
    Inlines in4 = {r4, 4};
    pr = para_set(&in4, &st, 300, NULL, fx->arena);
    assert_int_equal(pr.n_lines, 3);
    assert_int_equal(pr.lines[1].n_frags, 0);
    assert_true(pr.lines[1].ascent > 0);
}

static void test_deterministic(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run r = text_run(PROSE);
    Inlines in = one(&r);
    ParaResult a = para_set(&in, &st, 230, NULL, fx->arena);
    ParaResult b = para_set(&in, &st, 230, NULL, fx->arena);
    assert_int_equal(a.n_lines, b.n_lines);
    for (size_t i = 0; i < a.n_lines; i++) {
        assert_int_equal(a.lines[i].n_frags, b.lines[i].n_frags);
        assert_true(a.lines[i].ratio == b.lines[i].ratio);
        for (size_t k = 0; k < a.lines[i].n_frags; k++) {
            const LineFrag *fa = &a.lines[i].frags[k], *fb = &b.lines[i].frags[k];
            assert_int_equal(fa->len, fb->len);
            assert_memory_equal(fa->text, fb->text, fa->len);
            assert_true(fa->x == fb->x && fa->w == fb->w);
        }
    }
}

typedef struct Missing {
    uint32_t cps[8];
    int n;
    SrcPos pos;
} Missing;

static void on_missing(void *ctx, SrcPos pos, uint32_t cp)
{
    Missing *m = ctx;
    if (m->n < 8)
        m->cps[m->n] = cp;
    m->n++;
    m->pos = pos;
}

static const char *on_pageref(void *ctx, const char *dest)
{
    (void)ctx;
    return strcmp(dest, "kap-2") == 0 ? "17" : NULL;
}

static void test_missing_glyphs(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Missing m = {0};
    ParaEnv env = {on_pageref, on_missing, &m};
    Run r = text_run("A\xe4\xb8\xad" "B\xe4\xb8\xad" "C\xf0\x9f\x98\x80");
    Inlines in = one(&r);
    ParaResult pr = para_set(&in, &st, 200, &env, fx->arena);
    assert_int_equal(m.n, 2); /* once per character and run */
    assert_int_equal(m.cps[0], 0x4E2D);
    assert_int_equal(m.cps[1], 0x1F600);
    assert_int_equal(m.pos.line, 3);
    assert_int_equal(pr.n_lines, 1);
    assert_int_equal(pr.lines[0].n_frags, 1);
    assert_string_equal(pr.lines[0].frags[0].text, "ABC");
    assert_float_equal(pr.lines[0].frags[0].w, font_text_width(fx->fonts[0], "ABC", 3, 10), 1e-4);
    /* Without an environment nothing is reported, nothing crashes. */
    pr = para_set(&in, &st, 200, NULL, fx->arena);
    assert_string_equal(pr.lines[0].frags[0].text, "ABC");
}

static void test_pageref(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run runs[3] = {text_run("siehe Seite "), {0}, text_run(".")};
    runs[1].kind = RUN_PAGEREF;
    runs[1].dest = "kap-2";
    Inlines in = {runs, 3};
    ParaResult pr = para_set(&in, &st, 300, NULL, fx->arena);
    char *t = joined(&pr);
    assert_string_equal(t, "siehe Seite 000.");
    free(t);
    Missing m = {0};
    ParaEnv env = {on_pageref, on_missing, &m};
    pr = para_set(&in, &st, 300, &env, fx->arena);
    t = joined(&pr);
    assert_string_equal(t, "siehe Seite 17.");
    free(t);
    runs[1].dest = "unbekannt";
    pr = para_set(&in, &st, 300, &env, fx->arena);
    t = joined(&pr);
    assert_string_equal(t, "siehe Seite 000.");
    free(t);
}

static void test_soft_and_explicit_hyphens(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run r = text_run("Zusammen\u00adarbeit");
    Inlines in = one(&r);
    float w1 = font_text_width(fx->fonts[FONT_REGULAR], "Zusammen-", 9, 10) + 1;
    ParaResult pr = para_set(&in, &st, w1, NULL, fx->arena);
    assert_int_equal(pr.n_lines, 2);
    assert_string_equal(pr.lines[0].frags[0].text, "Zusammen-");
    assert_string_equal(pr.lines[1].frags[0].text, "arbeit");
    pr = para_set(&in, &st, 300, NULL, fx->arena);
    assert_int_equal(pr.n_lines, 1);
    assert_string_equal(pr.lines[0].frags[0].text, "Zusammenarbeit"); /* no U+00AD drawn */

    Run r2 = text_run("Präventions-Netzwerk");
    Inlines in2 = one(&r2);
    pr = para_set(&in2, &st, 70, NULL, fx->arena);
    assert_int_equal(pr.n_lines, 2);
    assert_string_equal(pr.lines[0].frags[0].text, "Präventions-");
    assert_string_equal(pr.lines[1].frags[0].text, "Netzwerk");
}

/* Addresses break after separators, never with an added hyphen. */
static void test_urls(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run r = text_run("Das Angebot ist auf der Internetseite der Landeszentrale unter "
                     "https://www.politische-bildung.nrw.de/angebote/workshops beschrieben.");
    Inlines in = one(&r);
    int url_breaks = 0;
    for (float width = 90; width <= 300; width += 10) {
        ParaResult pr = para_set(&in, &st, width, NULL, fx->arena);
        assert_lines_fit(&pr, width);
        for (size_t i = 0; i + 1 < pr.n_lines; i++) {
            const Line *l = &pr.lines[i];
            const LineFrag *f = &l->frags[l->n_frags - 1];
            /* a hyphen is only ever added to ordinary words, never inside the address */
            if (l->hyphenated)
                for (uint32_t c = 0; c < f->len; c++)
                    assert_true(f->text[c] != '/' && f->text[c] != '.');
            url_breaks += !l->hyphenated && strchr("/.-", f->text[f->len - 1]) != NULL;
        }
        /* the text comes back unchanged (spaces aside): no hyphen was added */
        char got[300] = "", want[300] = "";
        size_t n = 0, m = 0;
        for (size_t i = 0; i < pr.n_lines; i++) {
            for (size_t k = 0; k < pr.lines[i].n_frags; k++)
                for (uint32_t c = 0; c < pr.lines[i].frags[k].len; c++)
                    got[n++] = pr.lines[i].frags[k].text[c];
            if (pr.lines[i].hyphenated) /* only words outside the address: drop the added '-' */
                n--;
        }
        for (const char *p = r.text; *p; p++)
            if (*p != ' ')
                want[m++] = *p;
        got[n] = want[m] = '\0';
        assert_string_equal(got, want);
    }
    assert_true(url_breaks > 5);
}

/* A dash between spaces never starts a line, justified or ragged. */
static void test_dash_stays_behind(void **state)
{
    Fix *fx = *state;
    Run r = text_run("Wegweiser \u2013 Stark ohne islamistischen Extremismus \u2013 ist seit 2014 "
                     "das Angebot des Landes \u2013 mit 25 Beratungsstellen \u2013 in allen Regionen.");
    Inlines in = one(&r);
    int dashes_at_end = 0;
    for (int justify = 0; justify < 2; justify++) {
        ParaStyle st = style(fx, justify);
        for (float width = 60; width <= 320; width += 7) {
            ParaResult pr = para_set(&in, &st, width, NULL, fx->arena);
            assert_lines_fit(&pr, width);
            for (size_t i = 0; i < pr.n_lines; i++) {
                const Line *l = &pr.lines[i];
                assert_true(l->n_frags > 0);
                if (strncmp(l->frags[0].text, "\u2013", 3) == 0)
                    fail_msg("width %.0f: line %zu starts with a dash", width, i);
                dashes_at_end += strcmp(l->frags[l->n_frags - 1].text, "\u2013") == 0;
            }
            char *t = joined(&pr);
            assert_string_equal(t, r.text);
            free(t);
        }
    }
    assert_true(dashes_at_end > 10);
}

static void test_ragged(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, false);
    Run r = text_run(PROSE);
    Inlines in = one(&r);
    ParaResult pr = para_set(&in, &st, 250, NULL, fx->arena);
    assert_lines_fit(&pr, 250);
    int short_lines = 0;
    for (size_t i = 0; i < pr.n_lines; i++) {
        assert_false(pr.lines[i].hyphenated); /* every word fits: no hyphenation */
        short_lines += line_end(&pr.lines[i]) < 249;
        assert_float_equal(line_end(&pr.lines[i]), pr.lines[i].natural, 0.01);
        /* natural spaces: the gap between fragments is one space */
        for (size_t k = 1; k < pr.lines[i].n_frags; k++) {
            const LineFrag *a = &pr.lines[i].frags[k - 1], *b = &pr.lines[i].frags[k];
            assert_float_equal(b->x - (a->x + a->w), 2.59f, 0.01f);
        }
    }
    assert_true(short_lines >= (int)pr.n_lines - 1);
    char *t = joined(&pr);
    assert_string_equal(t, PROSE);
    free(t);

    /* A word wider than the column is hyphenated even when ragged. */
    Run r3 = text_run("Die Radikalisierungsprävention");
    Inlines in3 = one(&r3);
    pr = para_set(&in3, &st, 70, NULL, fx->arena);
    assert_lines_fit(&pr, 70);
    assert_true(pr.n_lines >= 3);
    assert_string_equal(pr.lines[0].frags[0].text, "Die");
    assert_true(pr.lines[1].hyphenated);

    st.align = ALIGN_RIGHT;
    pr = para_set(&in, &st, 250, NULL, fx->arena);
    for (size_t i = 0; i < pr.n_lines; i++)
        assert_float_equal(line_end(&pr.lines[i]), 250, 0.01);
    st.align = ALIGN_CENTER;
    pr = para_set(&in, &st, 250, NULL, fx->arena);
    for (size_t i = 0; i < pr.n_lines; i++)
        assert_float_equal(pr.lines[i].frags[0].x, 250 - line_end(&pr.lines[i]), 0.01);
}

static void test_fonts_colours_links(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run runs[3] = {text_run("Wort"), text_run("teil"), text_run(" und mehr")};
    runs[1].font = RF_BOLD;
    runs[2].has_color = true;
    runs[2].color = (Color){1, 0, 0};
    runs[2].link = (DocLink){DLINK_URI, "https://example.org"};
    Inlines in = {runs, 3};
    ParaResult pr = para_set(&in, &st, 300, NULL, fx->arena);
    assert_int_equal(pr.n_lines, 1);
    const Line *l = &pr.lines[0];
    assert_int_equal(l->n_frags, 4);
    assert_string_equal(l->frags[0].text, "Wort");
    assert_int_equal(l->frags[0].font, FONT_REGULAR);
    assert_string_equal(l->frags[1].text, "teil");
    assert_int_equal(l->frags[1].font, FONT_BOLD);
    assert_float_equal(l->frags[1].x, l->frags[0].x + l->frags[0].w, 1e-4); /* no glue */
    assert_string_equal(l->frags[2].text, "und");
    assert_float_equal(l->frags[2].color.r, 1, 0);
    assert_int_equal(l->frags[2].link.kind, DLINK_URI);
    assert_int_equal(l->frags[0].link.kind, DLINK_NONE);

    /* Bold italic from an italic block with a bold run; mono stays mono. */
    st.font = FONT_ITALIC;
    pr = para_set(&in, &st, 300, NULL, fx->arena);
    assert_int_equal(pr.lines[0].frags[1].font, FONT_BOLD_ITALIC);
    runs[1].font = RF_MONO;
    pr = para_set(&in, &st, 300, NULL, fx->arena);
    assert_int_equal(pr.lines[0].frags[1].font, FONT_MONO);
}

/* Emphasis inside italic text is upright (TeX's \em); bold combines. */
static void test_emphasis_in_italic(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, false);
    static const struct {
        FontRole base;
        unsigned flags;
        FontRole want;
    } cases[] = {
        {FONT_REGULAR, RF_ITALIC, FONT_ITALIC},
        {FONT_ITALIC, RF_ITALIC, FONT_REGULAR},
        {FONT_ITALIC, RF_BOLD, FONT_BOLD_ITALIC},
        {FONT_ITALIC, RF_BOLD | RF_ITALIC, FONT_BOLD},
        {FONT_BOLD_ITALIC, RF_ITALIC, FONT_BOLD},
        {FONT_BOLD, RF_ITALIC, FONT_BOLD_ITALIC},
        {FONT_ITALIC, RF_MONO | RF_ITALIC, FONT_MONO},
        {FONT_ITALIC, 0, FONT_ITALIC},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Run runs[2] = {text_run("Zitat von "), text_run("Quelle")};
        runs[1].font = cases[i].flags;
        Inlines in = {runs, 2};
        st.font = cases[i].base;
        ParaResult pr = para_set(&in, &st, 300, NULL, fx->arena);
        assert_int_equal(pr.n_lines, 1);
        const Line *l = &pr.lines[0];
        const LineFrag *last = &l->frags[l->n_frags - 1];
        assert_string_equal(last->text, "Quelle");
        if (last->font != cases[i].want)
            fail_msg("case %zu: base %d flags %u gave font %d, want %d", i, cases[i].base,
                     cases[i].flags, last->font, cases[i].want);
        assert_int_equal(l->frags[0].font, cases[i].base);
    }
}

/* Inline code is set smaller than the text around it (x-heights matched,
 * 0.8 to 0.9 of the size), on the same baseline; a code block keeps its size. */
static void test_inline_code_size(void **state)
{
    Fix *fx = *state;
    const Font *mono = fx->fonts[FONT_MONO], *reg = fx->fonts[FONT_REGULAR];
    /* OS/2 sxHeight: Open Sans 1096/2048, DejaVu Sans Mono 1120/2048 */
    assert_int_equal(font_x_height(reg), 535);
    assert_int_equal(font_x_height(mono), 546);
    ParaStyle st = style(fx, false);
    Run runs[3] = {text_run("mit dem Bogen "), text_run("IMAG-Monitoring"), text_run(" erhoben")};
    runs[1].font = RF_MONO;
    Inlines in = {runs, 3};
    ParaResult pr = para_set(&in, &st, 400, NULL, fx->arena);
    assert_int_equal(pr.n_lines, 1);
    const Line *l = &pr.lines[0];
    assert_int_equal(l->n_frags, 5);
    const LineFrag *code = &l->frags[3];
    assert_string_equal(code->text, "IMAG-Monitoring");
    assert_int_equal(code->font, FONT_MONO);
    assert_true(code->size >= 0.8f * st.size - 1e-4f && code->size <= 0.9f * st.size + 1e-4f);
    assert_float_equal(code->w, font_text_width(mono, code->text, code->len, code->size), 1e-3);
    for (size_t k = 0; k < l->n_frags; k++)
        if (k != 3)
            assert_float_equal(l->frags[k].size, st.size, 0);
    /* the space after the code is the text's; widths add up */
    const LineFrag *after = &l->frags[4];
    float gap = after->x - (code->x + code->w);
    assert_float_equal(gap, font_advance(reg, ' ') * st.size / 1000.0f, 1e-3);
    assert_float_equal(para_natural_width(&in, &st, NULL), after->x + after->w, 1e-3);
    /* the line's height comes from the text, not from the smaller code */
    assert_float_equal(l->ascent, font_ascent(reg) * st.size / 1000.0f, 1e-3);

    /* A code block (mono base font) keeps the style's size. */
    st.font = FONT_MONO;
    Run cb = text_run("int main(void);");
    Inlines in2 = one(&cb);
    pr = para_set(&in2, &st, 400, NULL, fx->arena);
    assert_int_equal(pr.n_lines, 1);
    assert_float_equal(pr.lines[0].frags[0].size, st.size, 0);
    assert_float_equal(pr.lines[0].frags[0].w, font_text_width(mono, "int", 3, st.size), 1e-3);
}

/* A generated reference (RF_NOHYPH) is never hyphenated; it may break only
 * at its ordinary space, before "(S. …)". */
static void test_reference_not_hyphenated(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run runs[4] = {text_run("Die Handreichung zum Nahostkonflikt ("),
                   text_run("Ma\xc3\x9fnahme\xc2\xa0" "1.9 (S.\xc2\xa0" "23"), text_run(")"),
                   text_run(" und die Unterrichtsmodule zu Extremismus in sozialen Medien.")};
    Inlines in = {runs, 4};
    /* Without the flag some column width hyphenates "Maß-nahme". */
    int hyphenated_widths = 0, split_ref = 0;
    for (float width = 90; width <= 260; width += 1) {
        runs[1].font = runs[2].font = 0;
        ParaResult pr = para_set(&in, &st, width, NULL, fx->arena);
        for (size_t i = 0; i + 1 < pr.n_lines; i++) {
            const Line *l = &pr.lines[i];
            const LineFrag *f = &l->frags[l->n_frags - 1];
            hyphenated_widths += l->hyphenated && f->text[0] == 'M';
        }
        runs[1].font = runs[2].font = RF_NOHYPH;
        pr = para_set(&in, &st, width, NULL, fx->arena);
        assert_lines_fit(&pr, width);
        for (size_t i = 0; i + 1 < pr.n_lines; i++) {
            const Line *l = &pr.lines[i];
            const LineFrag *f = &l->frags[l->n_frags - 1];
            if (f->len >= 2 && memcmp(f->text, "Ma", 2) == 0)
                fail_msg("width %.0f: line %zu ends inside the reference: '%.*s'", width, i,
                         (int)f->len, f->text);
            if (f->len >= 3 && memcmp(f->text + f->len - 3, "1.9", 3) == 0)
                split_ref++;
            if (f->len >= 3 && memcmp(f->text, "(S.", 3) == 0)
                fail_msg("width %.0f: break inside \"(S. 23)\"", width);
        }
        char *text = joined(&pr);
        assert_non_null(strstr(text, "Ma\xc3\x9fnahme"));
        free(text);
    }
    assert_true(hyphenated_widths > 0);
    assert_true(split_ref > 0); /* it may break before "(S." */
}

/* A hyphenated word's end alone on the last line ("Kin-" / "dern.") is
 * avoided when a slightly looser setting exists. */
static void test_no_lone_fragment_last_line(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    Run runs[2] = {text_run("Früher ansetzen. "),
                   text_run("Die Angebote für Kinder im Alter von zehn bis 14 Jahren und ihre "
                            "Eltern werden ausgebaut. Das Modellvorhaben „Demokratie im Ganztag“ "
                            "startet im Februar 2026; die Wegweiser-Beratungsstellen erhalten "
                            "zusätzliche Fachkräfte mit Erfahrung in der Arbeit mit Kindern.")};
    runs[0].font = RF_BOLD;
    Inlines in = {runs, 2};
    int lone = 0, widths = 0;
    for (float width = 380; width <= 460; width += 0.5f) {
        ParaResult pr = para_set(&in, &st, width, NULL, fx->arena);
        assert_true(pr.n_lines >= 2);
        assert_lines_fit(&pr, width);
        const Line *last = &pr.lines[pr.n_lines - 1];
        bool fragment = pr.lines[pr.n_lines - 2].hyphenated && last->n_frags == 1 &&
                        !memchr(last->frags[0].text, ' ', last->frags[0].len);
        if (fragment && width == 438.5f)
            fail_msg("width %.1f: last line is '%s'", width, last->frags[0].text);
        lone += fragment;
        widths++;
        for (size_t i = 0; i + 1 < pr.n_lines; i++)
            assert_true(pr.lines[i].ratio <= 1.5f);
    }
    /* at most a few widths where every alternative is worse */
    if (lone * 10 > widths)
        fail_msg("%d of %d widths end with a lone word fragment", lone, widths);
}

/* A huge word (cut between characters, every cut a break point: many more
 * nodes than the breaker keeps, so its node compaction runs; the biggest go
 * to first fit) comes out whole, in full lines. */
static void huge_word(Fix *fx, size_t len)
{
    ParaStyle st = style(fx, true);
    char *word = malloc(len + 1);
    for (size_t i = 0; i < len; i++)
        word[i] = (char)('a' + i % 26);
    word[len] = '\0';
    Run runs[3] = {text_run("Davor "), text_run(word), text_run(" danach.")};
    Inlines in = {runs, 3};
    Arena *a = arena_new();
    ParaResult pr = para_set(&in, &st, 200, NULL, a);
    assert_lines_fit(&pr, 200);
    size_t total = 0;
    for (size_t i = 0; i < pr.n_lines; i++) {
        const Line *l = &pr.lines[i];
        assert_false(l->hyphenated);
        for (size_t k = 0; k < l->n_frags; k++) {
            const LineFrag *f = &l->frags[k];
            if (i == 0 && k == 0) {
                assert_string_equal(f->text, "Davor");
                continue;
            }
            if (i + 1 == pr.n_lines && k + 1 == l->n_frags) {
                assert_string_equal(f->text, "danach.");
                continue;
            }
            assert_memory_equal(f->text, word + total, f->len);
            total += f->len;
        }
        /* every line but the first and the last is full: no room for one more letter */
        if (i > 0 && i + 2 < pr.n_lines)
            assert_true(l->natural > 200 - font_advance(fx->fonts[FONT_REGULAR], 'm') * 0.01f);
    }
    assert_int_equal(total, len);
    assert_true(pr.n_lines > len / 50);
    arena_free(a);
    free(word);
}

static void test_huge_word(void **state)
{
    huge_word(*state, 60000);   /* total fit */
    huge_word(*state, 250000);  /* first fit */
}

static void test_indent_and_widths(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    const Font *f = fx->fonts[FONT_REGULAR];
    Run r = text_run("Hallo  Welt ");
    Inlines in = one(&r);
    float expect = font_text_width(f, "Hallo Welt", 10, 10);
    assert_float_equal(para_natural_width(&in, &st, NULL), expect, 1e-3);
    /* "Hal-lo": the widest piece is "Hal-" or "Welt" */
    float hal = font_text_width(f, "Hal-", 4, 10), welt = font_text_width(f, "Welt", 4, 10);
    assert_float_equal(para_min_width(&in, &st, NULL), hal > welt ? hal : welt, 1e-3);
    st.hyphenate = false;
    assert_float_equal(para_min_width(&in, &st, NULL), font_text_width(f, "Hallo", 5, 10), 1e-3);
    st.hyphenate = true;

    Run r2 = text_run("Radikalisierungsprävention");
    Inlines in2 = one(&r2);
    float minw = para_min_width(&in2, &st, NULL);
    assert_true(minw < font_text_width(f, "Radikalisierungs", 16, 10));
    assert_true(minw >= font_text_width(f, "rungs-", 6, 10) - 1e-3);
    st.hyphenate = false;
    assert_float_equal(para_min_width(&in2, &st, NULL),
                       font_text_width(f, "Radikalisierungsprävention", 27, 10), 1e-3);

    st.first_indent = 15;
    ParaResult pr = para_set(&in, &st, 300, NULL, fx->arena);
    assert_float_equal(pr.lines[0].frags[0].x, 15, 1e-4);
    assert_float_equal(pr.lines[0].natural, 15 + expect, 1e-3);

    /* Empty input: no lines. */
    Run e = text_run("   ");
    Inlines ine = one(&e);
    pr = para_set(&ine, &st, 300, NULL, fx->arena);
    assert_int_equal(pr.n_lines, 0);
}

/* Random input (invalid UTF-8, control characters, soft hyphens, no-break
 * spaces, dashes, breaks, page references) at random widths: never a
 * crash, never a line wider than the column unless one glyph is wider. */
static void test_random_input(void **state)
{
    Fix *fx = *state;
    static const char *const bits[] = {"a", "Wort", " ", "  ", "\u00a0", "\u00ad", "-", "\u2013",
                                       "\u2014", "\u202f", "\u200b", "\xff", "\xc3", "\x01", "\t",
                                       "\u4e2d", "Radikalisierungsprävention", ".", "/", "https://",
                                       "1234567890", "ß", "\u00e4", "www.", "@"};
    size_t nbits = sizeof bits / sizeof *bits;
    uint32_t seed = 99;
    Missing m = {0};
    ParaEnv env = {on_pageref, on_missing, &m};
    for (int round = 0; round < 400; round++) {
        char text[3][400];
        Run runs[5];
        size_t nr = 0;
        for (int k = 0; k < 3; k++) {
            size_t n = 0;
            seed = seed * 1103515245u + 12345u;
            int parts = (int)(seed >> 16) % 30;
            for (int p = 0; p < parts; p++) {
                seed = seed * 1103515245u + 12345u;
                const char *b = bits[(seed >> 16) % nbits];
                size_t bl = strlen(b);
                if (n + bl >= sizeof text[k])
                    break;
                memcpy(text[k] + n, b, bl);
                n += bl;
            }
            text[k][n] = '\0';
            runs[nr] = text_run(text[k]);
            runs[nr].font = (unsigned)(seed >> 20) % 8;
            nr++;
            if (k == 1) {
                memset(&runs[nr], 0, sizeof runs[nr]);
                runs[nr].kind = (seed >> 24) % 2 ? RUN_BREAK : RUN_PAGEREF;
                runs[nr].dest = "kap-2";
                nr++;
            }
        }
        Inlines in = {runs, nr};
        seed = seed * 1103515245u + 12345u;
        ParaStyle st = style(fx, (seed >> 16) % 2);
        st.align = (Align)((seed >> 18) % 3);
        st.first_indent = (seed >> 20) % 2 ? 12 : 0;
        float width = 1 + (float)((seed >> 8) % 400);
        ParaResult pr = para_set(&in, &st, width, &env, fx->arena);
        for (size_t i = 0; i < pr.n_lines; i++) {
            const Line *l = &pr.lines[i];
            for (size_t k = 0; k < l->n_frags; k++) {
                const LineFrag *f = &l->frags[k];
                assert_true(f->len > 0);
                assert_true(f->x >= -0.001f);
                bool one_glyph = utf8_count(f->text, f->len) <= 2; /* a glyph (and a hyphen) */
                if (f->x + f->w > width + 0.01f && !one_glyph && width > 30)
                    fail_msg("round %d width %.0f: '%.*s' ends at %.2f", round, width, (int)f->len,
                             f->text, f->x + f->w);
            }
        }
        (void)para_natural_width(&in, &st, &env);
        (void)para_min_width(&in, &st, &env);
    }
    assert_true(m.n > 0);
}

/* 2,500 paragraphs of ~90 words (a 100-page chapter): each set in a sensible number of
 * lines, none running past the column. (Their speed is `make bench`'s business.) */
static void test_many_paragraphs(void **state)
{
    Fix *fx = *state;
    ParaStyle st = style(fx, true);
    const char *words[] = {"Die", "Maßnahmen", "der", "Radikalisierungsprävention", "wurden",
                           "im", "Berichtszeitraum", "von", "Ländern", "und", "Kommunen",
                           "gemeinsam", "mit", "zivilgesellschaftlichen", "Trägern", "umgesetzt,",
                           "evaluiert", "und", "weiterentwickelt."};
    size_t nw = sizeof words / sizeof *words;
    enum { N_PARAS = 2500, WORDS = 90 };
    char **texts = malloc(N_PARAS * sizeof *texts);
    uint32_t seed = 7;
    for (int p = 0; p < N_PARAS; p++) {
        texts[p] = malloc(WORDS * 30);
        size_t n = 0;
        for (int k = 0; k < WORDS; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *w = words[(seed >> 16) % nw];
            n += (size_t)sprintf(texts[p] + n, k ? " %s" : "%s", w);
        }
    }
    /* Speed is measured by `make bench`, not asserted here: this sets many paragraphs and
     * checks each is broken into the lines a 453 pt column needs, none overfull. */
    Arena *a = arena_new();
    size_t lines = 0;
    for (int p = 0; p < N_PARAS; p++) {
        Run r = text_run(texts[p]);
        Inlines in = one(&r);
        ParaResult pr = para_set(&in, &st, 453, NULL, a);
        assert_true(pr.n_lines >= 6 && pr.n_lines <= 14); /* 90 words of 6-26 letters */
        for (size_t l = 0; l < pr.n_lines; l++) {
            const Line *ln = &pr.lines[l];
            const LineFrag *last = &ln->frags[ln->n_frags - 1];
            assert_true(last->x + last->w <= 453 + 0.01);
        }
        lines += pr.n_lines;
    }
    assert_true(lines > N_PARAS * 8);
    arena_free(a);
    for (int p = 0; p < N_PARAS; p++)
        free(texts[p]);
    free(texts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prose_fits_and_justifies),
        cmocka_unit_test(test_hyphenates_narrow_column),
        cmocka_unit_test(test_consecutive_hyphenated_lines),
        cmocka_unit_test(test_unbreakable_word_is_cut),
        cmocka_unit_test(test_nbsp_keeps_together),
        cmocka_unit_test(test_forced_break),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_missing_glyphs),
        cmocka_unit_test(test_pageref),
        cmocka_unit_test(test_soft_and_explicit_hyphens),
        cmocka_unit_test(test_dash_stays_behind),
        cmocka_unit_test(test_urls),
        cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_fonts_colours_links),
        cmocka_unit_test(test_emphasis_in_italic),
        cmocka_unit_test(test_inline_code_size),
        cmocka_unit_test(test_reference_not_hyphenated),
        cmocka_unit_test(test_no_lone_fragment_last_line),
        cmocka_unit_test(test_huge_word),
        cmocka_unit_test(test_indent_and_widths),
        cmocka_unit_test(test_random_input),
        cmocka_unit_test(test_many_paragraphs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
