/* Typography of running text: quotes, apostrophes, non-breaking spaces, dashes. */
#include "test_compose_fixture.h"

#define NB "\xC2\xA0"

static void check_para(Lang lang, const char *md, const char *want)
{
    Fix f;
    fix_init(&f, lang);
    const char *got = fix_para(&f, md);
    assert_string_equal(got, want);
    fix_free(&f);
}

static void quotes_german(void **state)
{
    (void)state;
    check_para(LANG_DE, "Er sagte \"Hallo\" und ging.", "Er sagte „Hallo“ und ging.");
    check_para(LANG_DE, "\"Anfang\" am Absatzbeginn", "„Anfang“ am Absatzbeginn");
    check_para(LANG_DE, "(\"geklammert\")", "(„geklammert“)");
}

static void quotes_nested(void **state)
{
    (void)state;
    check_para(LANG_DE, "\"Er sagte 'Hallo' zu mir.\"", "„Er sagte ‚Hallo‘ zu mir.“");
    check_para(LANG_DE, "\"Sie fragte: 'Wann?'\"", "„Sie fragte: ‚Wann?‘“");
}

static void quotes_across_emphasis(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "Das \"*Wort*\" und \"**fett** auch\" zählen.");
    const Doc *d = fix_compose(&f);
    const Block *p = fix_nth(fix_collect(&f, d), BLK_PARAGRAPH, 0);
    assert_string_equal(fix_text(&f, &p->inl), "Das „Wort“ und „fett auch“ zählen.");
    /* the emphasis keeps its own run */
    assert_true(p->inl.n >= 3);
    assert_string_equal(p->inl.runs[0].text, "Das „");
    assert_string_equal(p->inl.runs[1].text, "Wort");
    assert_int_equal(p->inl.runs[1].font, RF_ITALIC);
    assert_string_equal(p->inl.runs[2].text, "“ und „");
    assert_int_equal(p->inl.runs[3].font, RF_BOLD);
    fix_free(&f);
}

static void apostrophes(void **state)
{
    (void)state;
    check_para(LANG_DE, "Wie geht's? Hans' Auto, Grass' Roman.", "Wie geht’s? Hans’ Auto, Grass’ Roman.");
    check_para(LANG_DE, "Die '90er Jahre", "Die ’90er Jahre");
    check_para(LANG_EN, "It's 'quoted' and \"double\".", "It’s ‘quoted’ and “double”.");
}

static void quotes_english(void **state)
{
    (void)state;
    check_para(LANG_EN, "\"She said 'no'.\"", "“She said ‘no’.”");
    check_para(LANG_EN, "A \"*word*\" here", "A “word” here");
}

static void nbsp_abbreviations(void **state)
{
    (void)state;
    check_para(LANG_DE, "Das ist z. B. gut, d. h. fein, u. a. hier und z. T. dort, i. d. R. so.",
               "Das ist z." NB "B. gut, d." NB "h. fein, u." NB "a. hier und z." NB "T. dort, i." NB
               "d." NB "R. so.");
    /* written solid: German only, and not inside other words or numbers */
    check_para(LANG_DE, "z.B. hier, (d.h. so) und i.d.R. fein, aber www.a.b.de und 1.2.3",
               "z." NB "B. hier, (d." NB "h. so) und i." NB "d." NB "R. fein, aber www.a.b.de und 1.2.3");
    check_para(LANG_EN, "e.g. this", "e.g. this");
    /* across a line break in the source */
    check_para(LANG_DE, "etwa z.\nB. so", "etwa z." NB "B. so");
    /* not an abbreviation: a single letter word before a sentence */
    check_para(LANG_DE, "Punkt a. Dann", "Punkt a. Dann");
}

static void nbsp_numbers(void **state)
{
    (void)state;
    check_para(LANG_DE, "25 % und 30% sowie § 9, Nr. 3, Abs. 2 und S. 23.",
               "25" NB "% und 30" NB "% sowie §" NB "9, Nr." NB "3, Abs." NB "2 und S." NB "23.");
    check_para(LANG_DE, "5 € und 300 Euro, 2,6 Mio. Euro und 1 Mrd. €.",
               "5" NB "€ und 300" NB "Euro, 2,6" NB "Mio." NB "Euro und 1" NB "Mrd." NB "€.");
    check_para(LANG_DE, "am 30. Juni 2025", "am 30." NB "Juni 2025");
    /* no number after the abbreviation: ordinary space */
    check_para(LANG_DE, "siehe S. oben", "siehe S. oben");
}

static void dashes_and_ellipsis(void **state)
{
    (void)state;
    check_para(LANG_DE, "Wort - Wort -- Wort und so weiter...",
               "Wort" NB "– Wort" NB "– Wort und so weiter…");
    check_para(LANG_DE, "getreten – und –, so – oder 2024 – 2026 –",
               "getreten" NB "– und" NB "–, so" NB "– oder 2024" NB "– 2026" NB "–");
    check_para(LANG_DE, "2024--2026 und Bindestrich-Wort", "2024–2026 und Bindestrich-Wort");
    check_para(LANG_EN, "60 % and 70%", "60% and 70%");
}

static void code_untouched(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "Mit `\"x\" - 25 %...` \"danach\"\n\n```\nprint(\"a\") - 'b' ...\n```\n");
    const Doc *d = fix_compose(&f);
    FixBlocks *fb = fix_collect(&f, d);
    const Block *p = fix_nth(fb, BLK_PARAGRAPH, 0);
    assert_string_equal(fix_text(&f, &p->inl), "Mit \"x\" - 25 %... „danach“");
    assert_int_equal(p->inl.runs[1].font, RF_MONO);
    const Block *code = fix_nth(fb, BLK_CODE, 0);
    assert_non_null(code);
    assert_int_equal(code->style, STYLE_CODE);
    assert_int_equal(code->inl.n, 1);
    assert_string_equal(code->inl.runs[0].text, "print(\"a\") - 'b' ...");
    fix_free(&f);
}

static void breaks(void **state)
{
    (void)state;
    check_para(LANG_DE, "eins\nzwei  \ndrei\\\nvier", "eins zwei\ndrei\nvier");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quotes_german),
        cmocka_unit_test(quotes_nested),
        cmocka_unit_test(quotes_across_emphasis),
        cmocka_unit_test(apostrophes),
        cmocka_unit_test(quotes_english),
        cmocka_unit_test(nbsp_abbreviations),
        cmocka_unit_test(nbsp_numbers),
        cmocka_unit_test(dashes_and_ellipsis),
        cmocka_unit_test(code_untouched),
        cmocka_unit_test(breaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
