/* test_render_parts.c — the render stage's pieces without libharu: used-glyph
 * sets and ToUnicode CMaps, percent-encoding, UTC dates, XML escaping, the
 * XMP packet, and safe_write_file() with its failure cases. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/utf8.h"
#include "render/internal.h"
#include "render/render.h"

/* ---- glyph sets ---------------------------------------------------------- */

static void test_glyphset_utf8_like_libharu(void **state)
{
    (void)state;
    GlyphSet *g = calloc(1, sizeof *g);
    /* a, ä (2 bytes), € (3 bytes), 😀 (4 bytes: libharu draws a space) */
    const char *s = "a\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80";
    glyphset_add_utf8(g, s, strlen(s));
    assert_true(glyphset_has(g, 'a'));
    assert_true(glyphset_has(g, 0xE4));
    assert_true(glyphset_has(g, 0x20AC));
    assert_true(glyphset_has(g, 0x20));
    assert_int_equal(g->count, 4);
    /* a stray continuation byte is skipped, a truncated sequence yields nothing */
    GlyphSet *h = calloc(1, sizeof *h);
    glyphset_add_utf8(h, "\x80" "b\xE2\x82", 4);
    assert_true(glyphset_has(h, 'b'));
    assert_int_equal(h->count, 1);
    free(g);
    free(h);
}

/* Parses our CMap text back: returns the number of CIDs mapped and checks
 * structure (block sizes, ranges within one high byte, values). */
static size_t check_cmap(const char *cm, const GlyphSet *g)
{
    assert_null(strstr(cm, "begincidrange"));
    assert_non_null(strstr(cm, "begincodespacerange\n<0000> <FFFF>\nendcodespacerange"));
    size_t mapped = 0;
    const char *p = cm;
    while ((p = strstr(p, " begin")) != NULL) {
        const char *ls = p;
        while (ls > cm && ls[-1] != '\n')
            ls--;
        int n = atoi(ls);
        bool range = strncmp(p, " beginbfrange", 13) == 0;
        bool chr = strncmp(p, " beginbfchar", 12) == 0;
        p = strchr(p, '\n') + 1;
        if (!range && !chr)
            continue;
        assert_true(n >= 1 && n <= 100);
        for (int i = 0; i < n; i++) {
            unsigned lo, hi, v;
            if (range) {
                assert_int_equal(sscanf(p, "<%4X> <%4X> <%4X>", &lo, &hi, &v), 3);
                assert_true(hi > lo);
                assert_int_equal(lo >> 8, hi >> 8);
                assert_int_equal(v, lo);
                for (unsigned c = lo; c <= hi; c++)
                    assert_true(glyphset_has(g, c));
                mapped += hi - lo + 1;
            } else {
                assert_int_equal(sscanf(p, "<%4X> <%4X>", &lo, &v), 2);
                assert_true(glyphset_has(g, lo));
                assert_int_equal(v, tounicode_value(lo));
                mapped++;
            }
            p = strchr(p, '\n') + 1;
        }
        assert_true(strncmp(p, range ? "endbfrange\n" : "endbfchar\n", range ? 11 : 10) == 0);
    }
    return mapped;
}

static void test_tounicode_cmap(void **state)
{
    (void)state;
    GlyphSet *g = calloc(1, sizeof *g);
    /* runs, singles, a run across a high-byte boundary, more than 100 of each */
    for (uint32_t c = 'A'; c <= 'Z'; c++)
        glyphset_add(g, c);
    glyphset_add(g, 0xE4);
    glyphset_add(g, 0xFC);
    for (uint32_t c = 0x1F0; c <= 0x210; c++)
        glyphset_add(g, c);
    for (uint32_t c = 0x3000; c < 0x3000 + 2 * 150; c += 2)
        glyphset_add(g, c); /* 150 singles */
    for (uint32_t c = 0x4000; c < 0x4000 + 3 * 120; c += 3) {
        glyphset_add(g, c); /* 120 pairs */
        glyphset_add(g, c + 1);
    }
    glyphset_add(g, 0);      /* must map to U+FFFD */
    glyphset_add(g, 0xD800); /* likewise */
    Buf b = {0};
    tounicode_cmap(g, &b);
    assert_int_equal(check_cmap(b.data, g), g->count);
    assert_non_null(strstr(b.data, "<0000> <FFFD>"));
    assert_non_null(strstr(b.data, "<D800> <FFFD>"));
    assert_non_null(strstr(b.data, "<0041> <005A> <0041>"));
    assert_non_null(strstr(b.data, "<01F0> <01FF> <01F0>"));
    assert_non_null(strstr(b.data, "<0200> <0210> <0200>"));
    assert_non_null(strstr(b.data, "<00E4> <00E4>"));
    buf_free(&b);
    free(g);
}

/* ---- URIs, dates, XML ----------------------------------------------------- */

static void test_uri_percent_encode(void **state)
{
    (void)state;
    struct {
        const char *in, *out;
    } cases[] = {
        {"https://example.org/a b", "https://example.org/a%20b"},
        {"https://bmi.bund.de/Pr\xC3\xA4vention?x=1&y=\"2\"",
         "https://bmi.bund.de/Pr%C3%A4vention?x=1&y=%222%22"},
        {"http://x/%41%zz%4", "http://x/%41%25zz%254"},
        {"mailto:a@b.de", "mailto:a@b.de"},
        {"http://x/<{|}>\\^`", "http://x/%3C%7B%7C%7D%3E%5C%5E%60"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Buf b = {0};
        uri_percent_encode(&b, cases[i].in);
        assert_string_equal(b.data, cases[i].out);
        buf_free(&b);
    }
}

static void test_pdf_datetime(void **state)
{
    (void)state;
    PdfDateTime t = pdf_datetime(0);
    assert_int_equal(t.year, 1970);
    assert_int_equal(t.month, 1);
    assert_int_equal(t.day, 1);
    t = pdf_datetime(951782400); /* 2000-02-29 00:00:00 */
    assert_int_equal(t.year, 2000);
    assert_int_equal(t.month, 2);
    assert_int_equal(t.day, 29);
    t = pdf_datetime(1751284800 + 3 * 3600 + 4 * 60 + 5); /* 2025-06-30 15:04:05 */
    assert_int_equal(t.year, 2025);
    assert_int_equal(t.month, 6);
    assert_int_equal(t.day, 30);
    assert_int_equal(t.hour, 15);
    assert_int_equal(t.minute, 4);
    assert_int_equal(t.second, 5);
    t = pdf_datetime(253402300799LL); /* 9999-12-31 23:59:59 */
    assert_int_equal(t.year, 9999);
    assert_int_equal(t.month, 12);
    assert_int_equal(t.day, 31);
    assert_int_equal(t.second, 59);
}

static void test_meta_and_xmp(void **state)
{
    (void)state;
    Arena *a = arena_new();
    const char *kw[] = {"Pr\xC3\xA4vention", "", "A&B"};
    DocInfo info = {
        .title = "Zwischenbericht\t2025",
        .subtitle = "Stand <Juni>",
        .issuer = "M\xC3\xBCller & S\xC3\xB6hne <GmbH>",
        .keywords = kw,
        .n_keywords = 3,
        .lang = LANG_EN,
    };
    PdfMeta m;
    pdfmeta_from_info(&m, &info, 1751284800, "imagreport 0.1.0", "imagreport 0.1.0 with libharu 2.3.0", a);
    assert_string_equal(m.title, "Zwischenbericht 2025");
    assert_string_equal(m.keywords, "Pr\xC3\xA4vention, A&B");
    assert_string_equal(m.lang, "en-GB");
    /* controls dropped, beyond-BMP replaced, invalid bytes replaced */
    assert_string_equal(pdfmeta_clean("a\x01" "b\xF0\x9F\x98\x80" "c\xFF", a),
                        "ab\xEF\xBF\xBD" "c\xEF\xBF\xBD");
    assert_null(pdfmeta_clean("", a));
    Buf x = {0};
    xmp_packet(&m, &x);
    assert_non_null(strstr(x.data, "<rdf:li>M\xC3\xBCller &amp; S\xC3\xB6hne &lt;GmbH&gt;</rdf:li>"));
    assert_non_null(strstr(x.data, ">Stand &lt;Juni&gt;</rdf:li>"));
    assert_non_null(strstr(x.data, "<pdf:Keywords>Pr\xC3\xA4vention, A&amp;B</pdf:Keywords>"));
    assert_non_null(strstr(x.data, "<pdfaid:part>2</pdfaid:part>"));
    assert_non_null(strstr(x.data, "<pdfaid:conformance>A</pdfaid:conformance>"));
    assert_non_null(strstr(x.data, "<xmp:CreateDate>2025-06-30T12:00:00+00:00</xmp:CreateDate>"));
    assert_non_null(strstr(x.data, "<xmp:ModifyDate>2025-06-30T12:00:00+00:00</xmp:ModifyDate>"));
    assert_non_null(strstr(x.data, "<xmp:CreatorTool>imagreport 0.1.0</xmp:CreatorTool>"));
    assert_non_null(strstr(x.data, "<rdf:li>en-GB</rdf:li>"));
    assert_true(strncmp(x.data, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>", 53) == 0);
    assert_non_null(strstr(x.data, "<?xpacket end=\"w\"?>"));
    buf_free(&x);
    arena_free(a);
}

/* ---- strings within PDF's limits ----------------------------------------- */

/* Bytes as libharu writes a text string: UTF-16BE with the 2-byte BOM. */
static size_t utf16_bytes(const char *s)
{
    size_t n = 2;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if ((*u & 0xC0) == 0x80)
            continue;
        n += *u >= 0xF0 ? 4 : 2;
    }
    return n;
}

static bool ends_with_ellipsis(const char *s)
{
    size_t n = strlen(s);
    return n >= 3 && strcmp(s + n - 3, "\xE2\x80\xA6") == 0;
}

static void test_text_shorten(void **state)
{
    (void)state;
    Arena *a = arena_new();
    /* fits: the same pointer back; NULL stays NULL */
    const char *s = "Kurz";
    assert_ptr_equal(pdf_text_shorten(s, 1000, 32000, a), s);
    assert_ptr_equal(pdf_text_shorten(s, 4, 10, a), s);
    assert_null(pdf_text_shorten(NULL, 10, 10, a));

    /* ASCII over the UTF-8 limit: 997 letters and the ellipsis = 1000 bytes */
    char *big = malloc(120001);
    memset(big, 'a', 120000);
    big[120000] = '\0';
    const char *r = pdf_text_shorten(big, 1000, 32000, a);
    assert_int_equal(strlen(r), 1000);
    assert_true(ends_with_ellipsis(r));
    assert_memory_equal(r, big, 997);

    /* cut only at a character boundary: ä is 2 bytes, room for 3 of them */
    r = pdf_text_shorten("\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4", 10, 100, a);
    assert_string_equal(r, "\xC3\xA4\xC3\xA4\xC3\xA4\xE2\x80\xA6");
    r = pdf_text_shorten("\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC", 8, 100, a); /* € is 3 bytes */
    assert_string_equal(r, "\xE2\x82\xAC\xE2\x80\xA6");
    assert_int_equal(utf8_find_invalid(r, strlen(r)), (size_t)-1);
    /* spaces before the cut go */
    assert_string_equal(pdf_text_shorten("ab   cdefgh", 8, 100, a), "ab\xE2\x80\xA6");

    /* the UTF-16 limit: BOM + 15998 characters + ellipsis = 32000 bytes */
    r = pdf_text_shorten(big, (size_t)-1, 32000, a);
    assert_int_equal(utf16_bytes(r), 32000);
    assert_int_equal(strlen(r), 15998 + 3);
    /* characters beyond the BMP take 4 bytes as UTF-16 and are never split */
    r = pdf_text_shorten("\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 100, 12, a);
    assert_string_equal(r, "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xE2\x80\xA6");
    assert_true(utf16_bytes(r) <= 12);

    /* metadata: 50,000 keywords and a 120 KB title are shortened once,
     * before both the Info dictionary and the XMP packet */
    enum { NKW = 50000 };
    const char **kw = malloc(NKW * sizeof *kw);
    for (size_t i = 0; i < NKW; i++)
        kw[i] = i % 2 ? "Schl\xC3\xBCsselwort" : "Ma\xC3\x9Fnahme";
    DocInfo info = {.title = big, .issuer = "Amt", .keywords = kw, .n_keywords = NKW};
    PdfMeta m;
    pdfmeta_from_info(&m, &info, 0, "imagreport 0.1.0", "imagreport 0.1.0 with libharu", a);
    assert_true(utf16_bytes(m.keywords) <= PDF_INFO_MAX_UTF16);
    assert_true(utf16_bytes(m.keywords) > PDF_INFO_MAX_UTF16 - 40);
    assert_true(ends_with_ellipsis(m.keywords));
    assert_true(strncmp(m.keywords, "Ma\xC3\x9Fnahme, Schl\xC3\xBCsselwort, Ma", 29) == 0);
    assert_int_equal(utf8_find_invalid(m.keywords, strlen(m.keywords)), (size_t)-1);
    assert_int_equal(utf16_bytes(m.title), PDF_INFO_MAX_UTF16);
    assert_true(ends_with_ellipsis(m.title));
    assert_string_equal(m.author, "Amt");
    Buf x = {0}, want = {0};
    xmp_packet(&m, &x);
    buf_printf(&want, "<pdf:Keywords>%s</pdf:Keywords>", m.keywords);
    assert_non_null(strstr(x.data, want.data));
    want.len = 0;
    buf_printf(&want, "<rdf:li xml:lang=\"x-default\">%s</rdf:li>", m.title);
    assert_non_null(strstr(x.data, want.data));
    buf_free(&want);
    buf_free(&x);
    free(kw);
    free(big);
    arena_free(a);
}

/* ---- safe writes ----------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    Buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data ? b.data : calloc(1, 1);
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void test_safe_write(void **state)
{
    (void)state;
    char dir[] = "/tmp/imr-render-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], sub[256], link[256];
    snprintf(path, sizeof path, "%s/out.pdf", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(link, sizeof link, "%s/link.pdf", dir);
    Diags d = {0};

    assert_int_equal(safe_write_file(path, "first", 5, &d), 0);
    assert_int_equal(d.errors, 0);
    size_t len;
    char *got = slurp(path, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(got, "first", 5);
    free(got);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    chmod(path, 0640);
    assert_int_equal(safe_write_named(path, "second!", 7, "PDF", &d), 0);
    got = slurp(path, &len);
    assert_int_equal(len, 7);
    assert_memory_equal(got, "second!", 7);
    free(got);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640); /* the old file's mode is kept */
    assert_int_equal(count_entries(dir), 1);   /* no temporary file left */

    /* missing folder */
    char missing[256];
    snprintf(missing, sizeof missing, "%s/nope/out.pdf", dir);
    assert_int_equal(safe_write_named(missing, "x", 1, "PDF", &d), -1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.items[0].pos.file, missing);
    assert_int_equal(d.items[0].pos.line, 0);
    assert_string_equal(d.items[0].msg, "cannot write PDF: No such file or directory");

    /* the target is a folder */
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(safe_write_named(sub, "x", 1, "PDF", &d), -1);
    assert_string_equal(d.items[1].msg, "cannot write PDF: Is a directory");
    assert_int_equal(count_entries(sub), 0);

    /* a symbolic link: the file it names is replaced, the link stays */
    assert_int_equal(symlink("out.pdf", link), 0);
    assert_int_equal(safe_write_file(link, "third", 5, &d), 0);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    got = slurp(path, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(got, "third", 5);
    free(got);

    /* a device is not replaced */
    assert_int_equal(safe_write_file("/dev/null", "x", 1, &d), -1);
    assert_string_equal(d.items[2].msg, "cannot write file: not a regular file");
    struct stat dn;
    assert_int_equal(stat("/dev/null", &dn), 0);
    assert_true(S_ISCHR(dn.st_mode));

    /* everything in the folder is what we put there */
    assert_int_equal(count_entries(dir), 3);
    unlink(link);
    unlink(path);
    rmdir(sub);
    rmdir(dir);
    diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glyphset_utf8_like_libharu),
        cmocka_unit_test(test_tounicode_cmap),
        cmocka_unit_test(test_uri_percent_encode),
        cmocka_unit_test(test_pdf_datetime),
        cmocka_unit_test(test_meta_and_xmp),
        cmocka_unit_test(test_text_shorten),
        cmocka_unit_test(test_safe_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
