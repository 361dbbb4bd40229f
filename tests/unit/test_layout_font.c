/* Unit tests: TrueType metrics (src/layout/font.c). Run from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <hpdf.h>

#include "base/utf8.h"
#include "layout/font.h"

static const char *const FONT_FILES[] = {
    "fonts/OpenSans-Regular.ttf", "fonts/OpenSans-Bold.ttf",     "fonts/OpenSans-Italic.ttf",
    "fonts/OpenSans-BoldItalic.ttf", "fonts/OpenSans-Semibold.ttf", "fonts/DejaVuSansMono.ttf",
};
#define N_FONTS (sizeof FONT_FILES / sizeof *FONT_FILES)

static Font *load(const char *path)
{
    char err[200] = "";
    Font *f = font_load(path, err, sizeof err);
    if (!f)
        fail_msg("%s: %s", path, err);
    return f;
}

static void test_known_widths(void **state)
{
    (void)state;
    Font *reg = load("fonts/OpenSans-Regular.ttf");
    Font *bold = load("fonts/OpenSans-Bold.ttf");
    Font *mono = load("fonts/DejaVuSansMono.ttf");
    /* Open Sans: unitsPerEm 2048, 'A' advances 1296 (regular) and 1411 (bold). */
    assert_int_equal(font_advance(reg, 'A'), 1296 * 1000 / 2048);
    assert_int_equal(font_advance(reg, 'A'), 632);
    assert_int_equal(font_advance(bold, 'A'), 689);
    assert_int_equal(font_advance(reg, ' '), 532 * 1000 / 2048);
    /* A monospaced font: every ASCII glyph has the same advance. */
    for (uint32_t c = 0x21; c < 0x7F; c++)
        assert_int_equal(font_advance(mono, c), font_advance(mono, 'M'));
    assert_int_equal(font_advance(mono, 'i'), 602);
    assert_true(font_has_glyph(reg, 0xE4));   /* ä */
    assert_true(font_has_glyph(reg, 0xDF));   /* ß */
    assert_true(font_has_glyph(reg, 0x2013)); /* – */
    assert_true(font_has_glyph(reg, 0x20AC)); /* € */
    /* Vertical metrics in 1/1000 em (typo ascender 1567, descender -492). */
    assert_int_equal(font_ascent(reg), 765);
    assert_int_equal(font_descent(reg), -240);
    assert_int_equal(font_cap_height(reg), 713);
    assert_true(font_cap_height(mono) > 600 && font_cap_height(mono) < font_ascent(mono));
    font_free(reg);
    font_free(bold);
    font_free(mono);
}

static void test_text_width(void **state)
{
    (void)state;
    Font *reg = load("fonts/OpenSans-Regular.ttf");
    const char *s = "Aä€";
    int units = font_advance(reg, 'A') + font_advance(reg, 0xE4) + font_advance(reg, 0x20AC);
    assert_float_equal(font_text_width(reg, s, strlen(s), 10), units * 10 / 1000.0f, 1e-4);
    assert_float_equal(font_text_width(reg, "", 0, 10), 0, 0);
    /* Only len bytes count. */
    assert_float_equal(font_text_width(reg, "AAAA", 2, 12), 2 * 632 * 12 / 1000.0f, 1e-4);
    font_free(reg);
}

static void test_missing_glyph(void **state)
{
    (void)state;
    Font *reg = load("fonts/OpenSans-Regular.ttf");
    assert_false(font_has_glyph(reg, 0x4E2D));  /* a CJK ideograph */
    assert_false(font_has_glyph(reg, 0x1F600)); /* outside the BMP */
    assert_false(font_has_glyph(reg, 0x110000));
    /* Missing characters measure as .notdef (glyph 0): 1229 units in Open Sans. */
    assert_int_equal(font_advance(reg, 0x4E2D), 1229 * 1000 / 2048);
    assert_int_equal(font_advance(reg, 0x1F600), font_advance(reg, 0x4E2D));
    font_free(reg);
}

static void hpdf_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)u;
    fail_msg("libharu error %04X/%u", (unsigned)e, (unsigned)d);
}

/* What we measure must be what libharu writes into /W and draws: compare
 * every mapped BMP character (and a sample of unmapped ones) of every face. */
static void test_matches_libharu(void **state)
{
    (void)state;
    HPDF_Doc pdf = HPDF_New(hpdf_error, NULL);
    assert_non_null(pdf);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    for (size_t i = 0; i < N_FONTS; i++) {
        const char *name = HPDF_LoadTTFontFromFile(pdf, FONT_FILES[i], HPDF_TRUE);
        assert_non_null(name);
        HPDF_Font hf = HPDF_GetFont(pdf, name, "UTF-8");
        assert_non_null(hf);
        Font *f = load(FONT_FILES[i]);
        int mapped = 0;
        for (uint32_t cp = 0x20; cp < 0xFFFF; cp++) {
            if (cp >= 0xD800 && cp < 0xE000)
                continue;
            bool has = font_has_glyph(f, cp);
            if (!has && cp % 251 != 0)
                continue;
            mapped += has;
            char s[4];
            size_t n = utf8_encode(cp, s);
            HPDF_TextWidth tw = HPDF_Font_TextWidth(hf, (const HPDF_BYTE *)s, (HPDF_UINT)n);
            if ((int)tw.width != font_advance(f, cp))
                fail_msg("%s U+%04X: libharu %u, ours %d", FONT_FILES[i], (unsigned)cp,
                         (unsigned)tw.width, font_advance(f, cp));
        }
        assert_true(mapped > 800);
        font_free(f);
    }
    HPDF_Free(pdf);
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)len);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    *n = (size_t)len;
    return buf;
}

static void spit(const char *path, const unsigned char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    fclose(fp);
}

static unsigned char *table_record(unsigned char *font, const char *tag)
{
    unsigned tables = (unsigned)(font[4] << 8 | font[5]);
    for (unsigned t = 0; t < tables; t++)
        if (memcmp(font + 12 + t * 16, tag, 4) == 0)
            return font + 12 + t * 16;
    fail_msg("no table %s", tag);
    return NULL;
}

static void test_bad_files(void **state)
{
    (void)state;
    char err[200] = "";
    assert_null(font_load("fonts/does-not-exist.ttf", err, sizeof err));
    assert_true(strlen(err) > 0);

    char path[] = "/tmp/imr-font-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n;
    unsigned char *orig = slurp("fonts/OpenSans-Regular.ttf", &n);

    spit(path, (const unsigned char *)"not a font at all", 17);
    err[0] = '\0';
    assert_null(font_load(path, err, sizeof err));
    assert_true(strlen(err) > 0);

    /* Truncated: the table directory points past the end. */
    spit(path, orig, 600);
    assert_null(font_load(path, err, sizeof err));

    /* The cmap table's offset far out of bounds. */
    unsigned char *bad = malloc(n);
    assert_non_null(bad);
    memcpy(bad, orig, n);
    unsigned char *rec = table_record(bad, "cmap");
    rec[8] = 0x7F;
    spit(path, bad, n);
    err[0] = '\0';
    assert_null(font_load(path, err, sizeof err));
    assert_non_null(strstr(err, "cmap"));

    /* unitsPerEm of zero must not divide by zero. */
    memcpy(bad, orig, n);
    rec = table_record(bad, "head");
    size_t off = (size_t)rec[8] << 24 | (size_t)rec[9] << 16 | (size_t)rec[10] << 8 | rec[11];
    bad[off + 18] = bad[off + 19] = 0;
    spit(path, bad, n);
    assert_null(font_load(path, err, sizeof err));
    assert_non_null(strstr(err, "unitsPerEm"));

    /* numberOfHMetrics larger than the hmtx table. */
    memcpy(bad, orig, n);
    rec = table_record(bad, "hhea");
    off = (size_t)rec[8] << 24 | (size_t)rec[9] << 16 | (size_t)rec[10] << 8 | rec[11];
    bad[off + 34] = bad[off + 35] = 0xFF;
    spit(path, bad, n);
    assert_null(font_load(path, err, sizeof err));

    /* Random corruption: loading may fail, but never crash (ASan watches). */
    uint32_t seed = 12345;
    for (int round = 0; round < 60; round++) {
        memcpy(bad, orig, n);
        for (int k = 0; k < 40; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % (round % 2 ? 2048 : n);
            seed = seed * 1103515245u + 12345u;
            bad[at] = (unsigned char)(seed >> 16);
        }
        spit(path, bad, n);
        Font *f = font_load(path, err, sizeof err);
        if (f) {
            for (uint32_t cp = 0; cp < 0x10000; cp += 7)
                (void)font_advance(f, cp);
            font_free(f);
        }
    }
    free(bad);
    free(orig);
    close(fd);
    unlink(path);
}

/* HarfBuzz's kerning: "LT", "Te", "Vo" are kerned closer, the measured
 * width is the kerned one, and no ligature merges "fi" (the PDF draws
 * characters). A monospaced font has none. Results are remembered. */
static void test_kerning(void **state)
{
    (void)state;
    Font *reg = load("fonts/OpenSans-Regular.ttf");
    Font *mono = load("fonts/DejaVuSansMono.ttf");
    const char *pairs[] = {"LT", "Te", "Vo", "Tä"};
    for (size_t i = 0; i < 4; i++) {
        const char *w = pairs[i];
        size_t n;
        const int16_t *k = font_kerning(reg, w, strlen(w), &n);
        assert_non_null(k);
        assert_int_equal(n, 2);
        assert_true(k[0] < 0);
        long nominal = 0;
        for (const char *p = w; *p;) {
            uint32_t cp;
            p += utf8_next((const unsigned char *)p, strlen(p), &cp);
            nominal += font_advance(reg, cp);
        }
        assert_int_equal(font_text_units(reg, w, strlen(w)), nominal + k[0]);
        assert_int_equal(font_text_units(reg, w, strlen(w)), nominal + k[0]); /* cached */
    }
    size_t n;
    const int16_t *k = font_kerning(reg, "Tätigkeit", strlen("Tätigkeit"), &n);
    assert_non_null(k);
    assert_int_equal(n, 9);
    font_kerning(reg, "finden", 6, &n);
    assert_int_equal(n, 6);
    long fi = font_text_units(reg, "finden", 6) - font_text_units(reg, "inden", 5);
    assert_true(fi > font_advance(reg, 'f') - 50 && fi <= font_advance(reg, 'f')); /* no "fi" glyph */
    assert_null(font_kerning(mono, "LT", 2, &n));
    assert_int_equal(font_text_units(mono, "LT", 2), 2 * font_advance(mono, 'L'));
    font_free(reg);
    font_free(mono);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_widths),    cmocka_unit_test(test_text_width),
        cmocka_unit_test(test_missing_glyph),   cmocka_unit_test(test_matches_libharu),
        cmocka_unit_test(test_bad_files),       cmocka_unit_test(test_kerning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
