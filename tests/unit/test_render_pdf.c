/* test_render_pdf.c — render_pdf() on hand-made layouts: two pages with text
 * in several fonts (umlauts, „quotes“, – dashes), rectangles and lines, one
 * picture drawn three times through two Image structs, a web link and an
 * internal link, a two-level outline. The output is taken apart with zlib
 * (every stream inflated) and checked: XMP escaped and equal to Info, /ID
 * from the input hash, ToUnicode CMaps without begincidrange covering every
 * character drawn, the picture embedded once, /F 4 links, identical bytes on
 * a second render, pdftotext (when installed) giving the source text back;
 * and failures (missing font, missing folder) leaving no file behind. */
#include <dirent.h>
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
#include <zlib.h>

#include "base/buf.h"
#include "render/render.h"

#define FONT_DIR "fonts/"
#define ICC "templates/sRGB.icc"

/* ---- a hand-made layout ----------------------------------------------------- */

static unsigned char pixels[6 * 4 * 3];
static const char *const keywords[] = {"Pr\xC3\xA4vention", "Zwischenbericht"};

static const char *const texts[] = {
    "Zwischenbericht 2025",
    "\xE2\x80\x9E" "Gr\xC3\xBC\xC3\x9F" "e aus K\xC3\xB6ln\xE2\x80\x9C \xE2\x80\x93 sagte sie.",
    /* č (U+010D) and Ċ (U+010A) have the bytes CR and LF in their codes */
    "Ma\xC3\x9Fnahme 1.1 \xC3\x84nderung \xC3\x96" "ffnung \xC3\x9C" "bersicht Dvo\xC5\x99\xC3\xA1k \xC4\x8D \xC4\x8A",
    "code_block(x) >= 42; // a\\b",
    "Seite 2: Stra\xC3\x9F" "e \xE2\x80\x9E" "neu\xE2\x80\x9C \xE2\x80\x94 fertig",
    "ENTWURF",
};

typedef struct Fixture {
    Image img_a, img_b;
    Box boxes0[8], boxes1[4];
    LinkArea links0[2];
    Page pages[2];
    OutlineItem outline[3];
    StructNode nodes[9];
    Layout lay;
} Fixture;

static Box text_box(float x, float y, int font, float size, const char *t)
{
    return (Box){.kind = BOX_TEXT, .x = x, .y = y, .font = (uint8_t)font, .size = size,
                 .text = t, .len = (uint32_t)strlen(t), .color = {0.1f, 0.1f, 0.1f}};
}

static void make_layout(Fixture *f)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < sizeof pixels; i++)
        pixels[i] = (unsigned char)(i * 7);
    f->img_a = (Image){.path = "images/logo.png", .format = IMAGE_RAW, .color = IMAGE_RGB,
                       .width = 6, .height = 4, .data = pixels, .size = sizeof pixels};
    f->img_b = f->img_a; /* the same picture through another struct */

    Box *b = f->boxes0;
    b[0] = text_box(72, 100, FONT_BOLD, 24, texts[0]);
    b[1] = text_box(72, 140, FONT_REGULAR, 10, texts[1]);
    b[2] = text_box(72, 160, FONT_ITALIC, 10, texts[2]);
    b[2].char_space = 0.5f;
    b[3] = text_box(72, 180, FONT_MONO, 9, texts[3]);
    b[4] = (Box){.kind = BOX_RECT, .x = 72, .y = 200, .w = 200, .h = 20, .fill = true,
                 .stroke = true, .color = {0.9f, 0.9f, 0.95f}, .stroke_color = {0, 0, 0.5f},
                 .line_width = 0.5f, .artifact = true}; /* furniture right after text */
    b[5] = (Box){.kind = BOX_LINE, .x = 72, .y = 230, .w = 450, .h = 0, .color = {0.5f, 0.5f, 0.5f},
                 .line_width = 1};
    b[6] = (Box){.kind = BOX_IMAGE, .x = 72, .y = 250, .w = 60, .h = 40, .image = &f->img_a};
    b[7] = (Box){.kind = BOX_IMAGE, .x = 200, .y = 250, .w = 30, .h = 20, .image = &f->img_b};
    f->links0[0] = (LinkArea){.x = 72, .y = 130, .w = 100, .h = 12, .kind = DLINK_URI,
                              .uri = "https://example.org/Pr\xC3\xA4vention bericht", .node = 3};
    f->links0[1] = (LinkArea){.x = 72, .y = 150, .w = 100, .h = 12, .kind = DLINK_DEST, .page = 1,
                              .dest_y = 72, .node = 4};
    /* the structure: Document > H1, P > Link, Link, Code, Figure, Figure; H2, Figure */
    StructNode *n = f->nodes;
    n[0] = (StructNode){.parent = 0, .type = ST_DOCUMENT};
    n[1] = (StructNode){.parent = 0, .type = ST_H1};
    n[2] = (StructNode){.parent = 0, .type = ST_P};
    n[3] = (StructNode){.parent = 2, .type = ST_LINK};
    n[4] = (StructNode){.parent = 2, .type = ST_LINK};
    n[5] = (StructNode){.parent = 0, .type = ST_CODE};
    n[6] = (StructNode){.parent = 0, .type = ST_FIGURE, .alt = "Logo"};
    n[7] = (StructNode){.parent = 0, .type = ST_H2};
    n[8] = (StructNode){.parent = 0, .type = ST_FIGURE, .alt = "Logo again"};
    b[0].node = 1;
    b[1].node = 3;
    b[2].node = 4;
    b[3].node = 5;
    b[5].node = 0; /* a rule: an artifact (no element) */
    b[6].node = 6;
    b[7].node = 6;

    Box *c = f->boxes1;
    c[0] = text_box(72, 100, FONT_SEMIBOLD, 14, texts[4]);
    c[0].node = 7;
    c[1] = (Box){.kind = BOX_IMAGE, .x = 72, .y = 150, .w = 60, .h = 40, .image = &f->img_a,
                 .node = 8};
    c[2] = text_box(150, 600, FONT_BOLD_ITALIC, 60, texts[5]);
    c[2].angle = 45;
    c[2].artifact = true;
    c[2].color = (Color){0.85f, 0.85f, 0.85f};
    c[3] = text_box(297, 800, FONT_REGULAR, 9, "2");
    c[3].artifact = true;

    f->pages[0] = (Page){.index = 0, .label = "1", .width = 595.276f, .height = 841.89f,
                         .boxes = f->boxes0, .n_boxes = 8, .links = f->links0, .n_links = 2};
    f->pages[1] = (Page){.index = 1, .label = "2", .width = 595.276f, .height = 841.89f,
                         .boxes = f->boxes1, .n_boxes = 4};
    f->outline[0] = (OutlineItem){.level = 1, .title = "1 Einf\xC3\xBChrung", .page = 0, .y = 90};
    f->outline[1] = (OutlineItem){.level = 2, .title = "1.1 Ma\xC3\x9Fnahmen & Ziele", .page = 0, .y = 150};
    f->outline[2] = (OutlineItem){.level = 1, .title = "2 Stand", .page = 1, .y = 90};

    Layout *l = &f->lay;
    l->info.title = "Zwischenbericht 2025";
    l->info.subtitle = "Umsetzung \xE2\x80\x9E" "Aktionsplan\xE2\x80\x9C";
    l->info.issuer = "M\xC3\xBCller & S\xC3\xB6hne <GmbH>";
    l->info.keywords = keywords;
    l->info.n_keywords = 2;
    l->info.lang = LANG_DE;
    for (int i = 0; i < 32; i++)
        l->info.input_hash[i] = (unsigned char)(0xA0 + i);
    l->font_files[FONT_REGULAR] = FONT_DIR "OpenSans-Regular.ttf";
    l->font_files[FONT_BOLD] = FONT_DIR "OpenSans-Bold.ttf";
    l->font_files[FONT_ITALIC] = FONT_DIR "OpenSans-Italic.ttf";
    l->font_files[FONT_BOLD_ITALIC] = FONT_DIR "OpenSans-BoldItalic.ttf";
    l->font_files[FONT_SEMIBOLD] = FONT_DIR "OpenSans-Semibold.ttf";
    l->font_files[FONT_MONO] = FONT_DIR "DejaVuSansMono.ttf";
    l->pages = f->pages;
    l->n_pages = 2;
    l->outline = f->outline;
    l->n_outline = 3;
    l->nodes = f->nodes;
    l->n_nodes = 9;
}

static const RenderOptions opts = {
    .icc_profile = ICC,
    .timestamp = 1751284800, /* 2025-06-30 12:00:00 UTC */
    .tool_version = "imagreport 0.1.0",
};

/* ---- taking the file apart ---------------------------------------------------- */

typedef struct Pdf {
    char *raw;
    size_t len;
    Buf streams; /* every stream's (inflated) data, each followed by "\n%%END%%\n" */
    int n_streams;
} Pdf;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    Buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data;
}

static const char *memfind_n(const char *h, size_t hl, const void *n, size_t nl)
{
    for (size_t i = 0; i + nl <= hl; i++)
        if (memcmp(h + i, n, nl) == 0)
            return h + i;
    return NULL;
}

static const char *memfind(const char *h, size_t hl, const char *n)
{
    return memfind_n(h, hl, n, strlen(n));
}

static size_t count(const char *h, size_t hl, const char *n)
{
    size_t c = 0;
    const char *p = h, *end = h + hl;
    while ((p = memfind(p, (size_t)(end - p), n)) != NULL) {
        c++;
        p++;
    }
    return c;
}

static void inflate_into(Buf *out, const unsigned char *data, size_t len)
{
    z_stream z = {0};
    assert_int_equal(inflateInit(&z), Z_OK);
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    unsigned char chunk[16384];
    int r;
    size_t start = out->len;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        r = inflate(&z, Z_NO_FLUSH);
        buf_put(out, chunk, sizeof chunk - z.avail_out);
    } while (r == Z_OK);
    inflateEnd(&z);
    if (r != Z_STREAM_END) { /* not compressed: keep the raw bytes */
        out->len = start;
        buf_put(out, data, len);
    }
}

static void load_pdf(Pdf *p, const char *path)
{
    memset(p, 0, sizeof *p);
    p->raw = slurp(path, &p->len);
    assert_non_null(p->raw);
    assert_true(p->len > 1000);
    const char *cur = p->raw, *end = p->raw + p->len;
    while ((cur = memfind(cur, (size_t)(end - cur), ">>\012stream")) != NULL) {
        const char *s = cur + 9;
        if (*s == '\015')
            s++;
        assert_true(*s == '\012');
        s++;
        const char *e = memfind(s, (size_t)(end - s), "endstream");
        assert_non_null(e);
        size_t n = (size_t)(e - s); /* zlib stops at its end; the EOL is harmless */
        inflate_into(&p->streams, (const unsigned char *)s, n);
        buf_puts(&p->streams, "\n%%END%%\n");
        p->n_streams++;
        cur = e;
    }
}

static void free_pdf(Pdf *p)
{
    free(p->raw);
    buf_free(&p->streams);
}

/* The file's own bytes and its streams decompressed: most objects are in
 * compressed object streams. */
static bool has(const Pdf *p, const char *s)
{
    return memfind(p->raw, p->len, s) != NULL ||
           memfind(p->streams.data, p->streams.len, s) != NULL;
}

static size_t count_all(const Pdf *p, const char *n)
{
    return count(p->raw, p->len, n) + count(p->streams.data, p->streams.len, n);
}

static bool stream_has(const Pdf *p, const char *s)
{
    return memfind(p->streams.data, p->streams.len, s) != NULL;
}

/* UTF-16BE hex of UTF-8 text, as libharu writes text strings: <FEFF...> */
static void utf16_hex(Buf *out, const char *s)
{
    buf_puts(out, "<FEFF");
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned cp;
        if (*u < 0x80)
            cp = *u++;
        else if ((*u & 0xE0) == 0xC0) {
            cp = (unsigned)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
            u += 2;
        } else {
            cp = (unsigned)(u[0] & 0x0F) << 12 | (unsigned)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
            u += 3;
        }
        buf_printf(out, "%04X", cp);
    }
    buf_putc(out, '>');
}

/* ---- tests ------------------------------------------------------------------- */

typedef struct Env {
    char dir[64];
    char path[128];
} Env;

static int setup(void **state)
{
    Env *e = calloc(1, sizeof *e);
    strcpy(e->dir, "/tmp/imr-render-pdf-XXXXXX");
    if (!mkdtemp(e->dir))
        return -1;
    snprintf(e->path, sizeof e->path, "%s/out.pdf", e->dir);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    Env *e = *state;
    if (getenv("IMR_KEEP_TMP")) { /* for debugging: keep the PDFs to look at */
        fprintf(stderr, "kept %s\n", e->dir);
        free(e);
        return 0;
    }
    DIR *d = opendir(e->dir);
    struct dirent *de;
    char p[512];
    while (d && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' && (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
            continue;
        snprintf(p, sizeof p, "%s/%s", e->dir, de->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(e->dir);
    free(e);
    return 0;
}

static void render_ok(const Layout *lay, const char *path)
{
    Diags d = {0};
    int rc = render_pdf(lay, &opts, path, &d);
    if (rc != 0)
        diags_print(&d, stderr);
    assert_int_equal(rc, 0);
    assert_int_equal(d.errors, 0);
    diags_free(&d);
}

static void test_metadata(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    render_ok(&f->lay, e->path);
    Pdf p;
    load_pdf(&p, e->path);

    assert_true(memcmp(p.raw, "%PDF-1.7\n%", 10) == 0);
    /* the XMP packet is stored uncompressed and escaped */
    assert_true(has(&p, "/Type /Metadata"));
    assert_true(has(&p, "/Subtype /XML"));
    assert_true(has(&p, "<rdf:li>M\xC3\xBCller &amp; S\xC3\xB6hne &lt;GmbH&gt;</rdf:li>"));
    assert_true(has(&p, "<pdfaid:part>2</pdfaid:part>"));
    assert_true(has(&p, "<pdfaid:conformance>A</pdfaid:conformance>"));
    assert_true(has(&p, "<pdfuaid:part>1</pdfuaid:part>"));
    assert_true(has(&p, "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"));
    assert_true(has(&p, "<xmp:CreateDate>2025-06-30T12:00:00+00:00</xmp:CreateDate>"));
    assert_true(has(&p, "<pdf:Producer>imagreport 0.1.0 with libharu 2.3.0</pdf:Producer>"));
    assert_true(has(&p, "<pdf:Keywords>Pr\xC3\xA4vention, Zwischenbericht</pdf:Keywords>"));
    assert_true(has(&p, "Umsetzung \xE2\x80\x9E" "Aktionsplan\xE2\x80\x9C</rdf:li>"));
    /* the Info dictionary holds the same values */
    Buf h = {0};
    utf16_hex(&h, "M\xC3\xBCller & S\xC3\xB6hne <GmbH>");
    assert_true(has(&p, h.data));
    h.len = 0;
    utf16_hex(&h, "Zwischenbericht 2025");
    assert_true(has(&p, h.data));
    h.len = 0;
    utf16_hex(&h, "imagreport 0.1.0 with libharu 2.3.0");
    assert_true(has(&p, h.data));
    h.len = 0;
    utf16_hex(&h, "Pr\xC3\xA4vention, Zwischenbericht");
    assert_true(has(&p, h.data));
    buf_free(&h);
    assert_false(has(&p, "Haru Free PDF Library"));
    assert_int_equal(count_all(&p, "(D:20250630120000+00'00')"), 2);
    /* catalog, output intent, trailer ID */
    assert_true(has(&p, "/Lang (de-DE)"));
    assert_true(has(&p, "/DisplayDocTitle true"));
    assert_true(has(&p, "/S /GTS_PDFA1"));
    assert_true(has(&p, "/DestOutputProfile "));
    assert_false(has(&p, "/DestOutputProfile#20"));
    assert_true(has(&p, "/N 3"));
    assert_true(stream_has(&p, "acsp")); /* the ICC profile itself */
    assert_true(has(&p, "/ID [ <A0A1A2A3A4A5A6A7A8A9AAABACADAEAF> <A0A1A2A3A4A5A6A7A8A9AAABACADAEAF> ]"));
    assert_false(has(&p, "/Encrypt"));
    assert_false(has(&p, "/JavaScript"));
    assert_false(has(&p, "/JS"));
    /* page labels: one decimal range from the first page */
    assert_true(has(&p, "/PageLabels"));
    assert_true(has(&p, "/Nums [ 0 <<\012/S /D\012>> ]"));
    free_pdf(&p);
    free(f);
}

static void test_fonts_and_text(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    render_ok(&f->lay, e->path);
    Pdf p;
    load_pdf(&p, e->path);
    /* six faces used, each embedded with its own ToUnicode CMap */
    assert_int_equal(count_all(&p, "/FontFile2"), 6);
    assert_int_equal(count_all(&p, "/Subtype /Type0"), 6);
    assert_int_equal(count_all(&p, "/ToUnicode"), 6);
    assert_int_equal(count(p.streams.data, p.streams.len, "begincmap"), 6);
    assert_false(stream_has(&p, "begincidrange"));
    assert_true(stream_has(&p, "/CMapName /Adobe-Identity-UCS def"));
    /* the characters drawn are mapped: ü ß „ “ – — in the regular/semibold faces */
    assert_true(stream_has(&p, "<00FC> <00FC>"));
    assert_true(stream_has(&p, "<201E> <201E>") || stream_has(&p, "<201C> <201E> <201C>"));
    assert_true(stream_has(&p, "<2013> <2013>"));
    assert_true(stream_has(&p, "<2014> <2014>"));
    /* text drawn with 2-byte codes; rotated watermark through a matrix */
    /* 2-byte codes in literal strings, ( ) and \\ escaped */
    const char tj[] = "(\0Z\0w\0i\0s\0c\0h\0e\0n\0b\0e\0r\0i\0c\0h\0t\0 \0" "2\0" "0\0" "2\0" "5)] TJ";
    assert_non_null(memfind_n(p.streams.data, p.streams.len, tj, sizeof tj - 1));
    const char esc[] = "\0_\0b\0l\0o\0c\0k\0\\(\0x\0\\)\0 ";
    assert_non_null(memfind_n(p.streams.data, p.streams.len, esc, sizeof esc - 1));
    const char crlf[] = "\x01\\r\0 \x01\\n)] TJ"; /* "č Ċ": CR and LF escaped */
    assert_non_null(memfind_n(p.streams.data, p.streams.len, crlf, sizeof crlf - 1));
    const char bs[] = "\0a\0\\\\\0b)] TJ"; /* the backslash of "a\\b" */
    assert_non_null(memfind_n(p.streams.data, p.streams.len, bs, sizeof bs - 1));
    assert_true(stream_has(&p, "72 741.89 Td\n")); /* the first line, from the origin */
    assert_true(stream_has(&p, "0 -40 Td\n"));     /* the next, relative to it */
    assert_true(stream_has(&p, "0.70711 0.70711 -0.70711 0.70711 150 241.89"));
    /* every box in marked content: its element's (MCIDs per page), or an artifact */
    assert_true(stream_has(&p, "/H1 <</MCID 0>> BDC\n"));
    assert_true(stream_has(&p, "/Link <</MCID 1>> BDC\n"));
    assert_true(stream_has(&p, "/Code <</MCID 3>> BDC\n"));
    assert_true(stream_has(&p, "/H2 <</MCID 0>> BDC\n")); /* page 2 counts from 0 */
    assert_true(stream_has(&p, "/Artifact <</Type/Layout>> BDC\n"));
    assert_true(stream_has(&p, " Tc"));
    /* the structure tree: elements, the parent tree, marked, tab order */
    assert_true(has(&p, "<</Type/StructTreeRoot/K "));
    assert_true(has(&p, "/ParentTree "));
    assert_true(has(&p, "/StructParents 1"));
    assert_true(has(&p, "<</S/Document/P "));
    assert_true(has(&p, "<</S/Figure/P "));
    assert_true(has(&p, "/Alt<FEFF004C006F0067006F>")); /* "Logo" */
    assert_true(has(&p, "<</Type/OBJR/Pg "));
    assert_true(has(&p, "/Tabs /S"));
    assert_true(has(&p, "/Marked true"));
    /* the file: objects in object streams, a cross-reference stream */
    assert_true(has(&p, "/Type/ObjStm"));
    assert_true(has(&p, "/Type/XRef"));
    assert_false(has(&p, "\ntrailer\n"));
    free_pdf(&p);
    free(f);
}

static void test_images_links_outline(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    render_ok(&f->lay, e->path);
    Pdf p;
    load_pdf(&p, e->path);
    /* drawn three times through two structs: embedded once */
    assert_int_equal(count_all(&p, "/Subtype /Image"), 1);
    assert_int_equal(count(p.streams.data, p.streams.len, " Do"), 3);
    /* links: print flag, no border, URI percent-encoded */
    assert_int_equal(count_all(&p, "/Subtype /Link"), 2);
    assert_int_equal(count_all(&p, "/F 4"), 2);
    assert_int_equal(count_all(&p, "/Border [ 0 0 0 ]"), 2);
    /* libharu writes / and % in literal strings as octal escapes */
    assert_true(has(&p, "/URI (https:\\057\\057example.org\\057Pr\\045C3\\045A4vention\\04520bericht)"));
    assert_true(has(&p, "/XYZ null 769.89"));
    /* outline: three items, titles as UTF-16 */
    Buf h = {0};
    utf16_hex(&h, "1.1 Ma\xC3\x9Fnahmen & Ziele");
    assert_true(has(&p, h.data));
    buf_free(&h);
    assert_true(has(&p, "/PageMode /UseOutlines"));
    free_pdf(&p);
    free(f);
}

static void test_reproducible(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    char second[160];
    snprintf(second, sizeof second, "%s/again.pdf", e->dir);
    render_ok(&f->lay, e->path);
    render_ok(&f->lay, second);
    size_t la, lb;
    char *a = slurp(e->path, &la), *b = slurp(second, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(b);
    /* another input hash: another /ID, nothing else changes in size */
    f->lay.info.input_hash[0] ^= 0xFF;
    render_ok(&f->lay, second);
    b = slurp(second, &lb);
    assert_int_equal(la, lb);
    assert_memory_not_equal(a, b, la);
    assert_non_null(memfind(b, lb, "/ID [ <5FA1A2A3"));
    free(a);
    free(b);
    free(f);
}

/* pdftotext gives back the text drawn (when poppler-utils is installed) */
static void test_text_extraction(void **state)
{
    Env *e = *state;
    /* poppler-utils is a dependency of the tests (make deps): missing is a failure */
    if (system("command -v pdftotext >/dev/null 2>&1") != 0)
        fail_msg("pdftotext (poppler-utils) is missing: run make deps");
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    render_ok(&f->lay, e->path);
    char cmd[640], out[160];
    snprintf(out, sizeof out, "%s/out.txt", e->dir);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 -layout %s %s 2>%s/stderr.txt", e->path, out, e->dir);
    assert_int_equal(system(cmd), 0);
    size_t len;
    char *txt = slurp(out, &len);
    assert_non_null(txt);
    for (size_t i = 0; i < 5; i++) {
        if (!memfind(txt, len, texts[i]))
            fprintf(stderr, "missing in pdftotext output: %s\n---\n%.*s\n", texts[i], (int)len, txt);
        assert_non_null(memfind(txt, len, texts[i]));
    }
    free(txt);
    /* poppler says nothing about our CMaps */
    char errf[160];
    snprintf(errf, sizeof errf, "%s/stderr.txt", e->dir);
    txt = slurp(errf, &len);
    assert_int_equal(len, 0);
    free(txt);
    free(f);
}

/* tests/pdfa-check.sh passes on the fixture (when qpdf and python3 are there) */
static void test_pdfa_check_script(void **state)
{
    Env *e = *state;
    if (system("command -v qpdf >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1") != 0)
        fail_msg("qpdf or python3 is missing: run make deps");
    if (access("tests/pdfa-check.sh", R_OK) != 0)
        fail_msg("tests/pdfa-check.sh not found: run the tests from the repository's top folder");
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    render_ok(&f->lay, e->path);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "sh tests/pdfa-check.sh %s >%s/check.txt 2>&1", e->path, e->dir);
    int rc = system(cmd);
    if (rc != 0) {
        snprintf(cmd, sizeof cmd, "cat %s/check.txt >&2", e->dir);
        (void)system(cmd);
    }
    assert_int_equal(rc, 0);
    free(f);
}

static int count_dir(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += de->d_name[0] != '.' || (de->d_name[1] && strcmp(de->d_name, ".."));
    closedir(d);
    return n;
}

static void test_failures_leave_old_file(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    FILE *old = fopen(e->path, "wb");
    fputs("old contents", old);
    fclose(old);

    /* a font that cannot be read */
    f->lay.font_files[FONT_MONO] = "fonts/NoSuchFont.ttf";
    Diags d = {0};
    assert_int_equal(render_pdf(&f->lay, &opts, e->path, &d), -1);
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.items[0].pos.file, e->path);
    assert_non_null(strstr(d.items[0].msg, "cannot write PDF: "));
    assert_non_null(strstr(d.items[0].msg, "fonts/NoSuchFont.ttf"));

    /* a missing ICC profile */
    make_layout(f);
    RenderOptions o = opts;
    o.icc_profile = "templates/none.icc";
    assert_int_equal(render_pdf(&f->lay, &o, e->path, &d), -1);
    assert_string_equal(d.items[1].msg, "cannot write PDF: cannot read the ICC profile templates/none.icc");

    /* an internal link to a page that does not exist */
    f->links0[1].page = 7;
    assert_int_equal(render_pdf(&f->lay, &opts, e->path, &d), -1);
    assert_non_null(strstr(d.items[2].msg, "destination on page 8 of 2"));
    f->links0[1].page = 1;

    /* a folder that does not exist */
    char missing[160];
    snprintf(missing, sizeof missing, "%s/no/such/out.pdf", e->dir);
    assert_int_equal(render_pdf(&f->lay, &opts, missing, &d), -1);
    assert_string_equal(d.items[3].msg, "cannot write PDF: No such file or directory");

    size_t len;
    char *got = slurp(e->path, &len);
    assert_int_equal(len, 12);
    assert_memory_equal(got, "old contents", 12);
    free(got);
    assert_int_equal(count_dir(e->dir), 1); /* no temporary files */
    diags_free(&d);
    free(f);
}

static void test_missing_glyph_warning(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    f->boxes1[0].text = "Kanji \xE6\xBC\xA2 and \xE2\x82\xAC";
    f->boxes1[0].len = (uint32_t)strlen(f->boxes1[0].text);
    Diags d = {0};
    assert_int_equal(render_pdf(&f->lay, &opts, e->path, &d), 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 1);
    assert_string_equal(d.items[0].pos.file, e->path);
    assert_non_null(strstr(d.items[0].msg, "1 character not in font fonts/OpenSans-Semibold.ttf (U+6F22)"));
    diags_free(&d);
    free(f);
}

/* The text boxes of one line are one TJ array: the boxes' kerning, a space
 * character between words, and the adjustment to each box's position. */
static void test_line_tj(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    static const int16_t kern[2] = {-90, 0};
    f->boxes1[0] = text_box(72, 100, FONT_REGULAR, 10, "LT");
    f->boxes1[0].kern = kern;
    f->boxes1[0].n_kern = 2;
    f->boxes1[1] = text_box(102, 100, FONT_REGULAR, 10, "Verwaltung");
    Diags d = {0};
    assert_int_equal(render_pdf(&f->lay, &opts, e->path, &d), 0);
    assert_int_equal(d.errors, 0);
    Pdf p;
    load_pdf(&p, e->path);
    /* "L", kerned by 90/1000 em, "T", a space, then the move to x = 102
     * (3000/1000 em from the line's start, less the advances so far) */
    const char lt[] = "[(\0L)90(\0T\0 )-";
    assert_non_null(memfind_n(p.streams.data, p.streams.len, lt, sizeof lt - 1));
    const char vw[] = "(\0V\0e\0r\0w\0a\0l\0t\0u\0n\0g)] TJ";
    assert_non_null(memfind_n(p.streams.data, p.streams.len, vw, sizeof vw - 1));
    free_pdf(&p);
    diags_free(&d);
    free(f);
}

/* Strings beyond PDF's 32,767-byte limit: a 120 KB outline title is
 * shortened, a URI that long drops its link with a warning. */
static void test_long_strings(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    char *title = malloc(120001), *uri = malloc(40001);
    memset(title, 'T', 120000);
    title[120000] = '\0';
    memcpy(uri, "https://example.org/", 20);
    memset(uri + 20, 'u', 39980);
    uri[40000] = '\0';
    f->outline[1].title = title;
    f->links0[0].uri = uri;
    /* an unbreakable 40,000-letter word: three strings in a TJ array */
    char *word = malloc(40001);
    memset(word, 'a', 40000);
    word[40000] = '\0';
    f->boxes1[0] = text_box(72, 100, FONT_SEMIBOLD, 1, word);
    Diags d = {0};
    assert_int_equal(render_pdf(&f->lay, &opts, e->path, &d), 0);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 1);
    assert_non_null(strstr(d.items[0].msg, "link on page 1 dropped: its URI is 40000 bytes"));
    diags_free(&d);
    Pdf p;
    load_pdf(&p, e->path);
    assert_int_equal(count_all(&p, "/Subtype /Link"), 1);
    assert_false(has(&p, "/URI ("));
    /* the title: 997 letters and the ellipsis, as UTF-16 */
    Buf h = {0};
    buf_puts(&h, "<FEFF");
    for (int i = 0; i < 997; i++)
        buf_puts(&h, "0054");
    buf_puts(&h, "2026>");
    assert_true(has(&p, h.data));
    buf_free(&h);
    /* the page contents, deflated by us: our /Filter entry on each page */
    assert_int_equal(count_all(&p, "/Filter /FlateDecode\012>>\012stream"), 2);
    h.len = 0;
    buf_puts(&h, "[(");
    for (int i = 0; i < 16000; i++)
        buf_put(&h, "\0a", 2);
    buf_puts(&h, ")(");
    assert_non_null(memfind_n(p.streams.data, p.streams.len, h.data, h.len));
    buf_free(&h);
    free_pdf(&p);
    free(word);
    free(title);
    free(uri);
    free(f);
}

/* A JPEG header (SOI, SOF0 for 6x4 pixels, EOI): libharu only reads the
 * header and passes the bytes through, which is what is checked here. */
static size_t make_jpeg(unsigned char *out, int comps)
{
    size_t n = 0;
    const unsigned char head[] = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, (unsigned char)(8 + 3 * comps),
                                  8, 0x00, 0x04, 0x00, 0x06, (unsigned char)comps};
    memcpy(out, head, sizeof head);
    n = sizeof head;
    for (int c = 0; c < comps; c++) {
        out[n++] = (unsigned char)(c + 1);
        out[n++] = 0x11;
        out[n++] = c ? 1 : 0;
    }
    out[n++] = 0xFF;
    out[n++] = 0xD9;
    return n;
}

static void test_jpeg_passthrough(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    unsigned char grey[32], cmyk[32];
    size_t ng = make_jpeg(grey, 1), nc = make_jpeg(cmyk, 4);
    f->img_a = (Image){.path = "images/photo.jpg", .format = IMAGE_JPEG, .color = IMAGE_GRAY,
                       .width = 6, .height = 4, .data = grey, .size = ng};
    render_ok(&f->lay, e->path);
    Pdf p;
    load_pdf(&p, e->path);
    assert_true(has(&p, "/DCTDecode"));
    assert_true(has(&p, "/ColorSpace /DeviceGray"));
    assert_non_null(memfind_n(p.raw, p.len, grey, ng)); /* the JPEG bytes, unchanged */
    assert_int_equal(count_all(&p, "/Subtype /Image"), 2); /* the JPEG and the raw picture */
    free_pdf(&p);

    /* CMYK cannot go with the sRGB output intent: rendered, with a warning */
    f->img_a.color = IMAGE_CMYK;
    f->img_a.data = cmyk;
    f->img_a.size = nc;
    Diags d = {0};
    assert_int_equal(render_pdf(&f->lay, &opts, e->path, &d), 0);
    assert_int_equal(d.warnings, 1);
    assert_string_equal(d.items[0].pos.file, "images/photo.jpg");
    assert_non_null(strstr(d.items[0].msg, "CMYK picture"));
    diags_free(&d);
    free(f);
}

static void test_page_labels(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    /* a roman-numbered front page, then the body from 7 */
    f->pages[0].label = "iv";
    f->pages[1].label = "7";
    render_ok(&f->lay, e->path);
    Pdf p;
    load_pdf(&p, e->path);
    assert_true(has(&p, "/Nums [ 0 <<\012/P <FEFF00690076>\012>> 1 <<\012/S /D\012/St 7\012>> ]"));
    free_pdf(&p);
    /* consecutive numbers from 3 share one range */
    f->pages[0].label = "3";
    f->pages[1].label = "4";
    render_ok(&f->lay, e->path);
    load_pdf(&p, e->path);
    assert_true(has(&p, "/Nums [ 0 <<\012/S /D\012/St 3\012>> ]"));
    free_pdf(&p);
    /* no pages: nothing to write */
    f->lay.n_pages = 0;
    Diags d = {0};
    assert_int_equal(render_pdf(&f->lay, &opts, e->path, &d), -1);
    assert_string_equal(d.items[0].msg, "cannot write PDF: the layout has no pages");
    diags_free(&d);
    free(f);
}

/* An error inside libharu (here: letter spacing beyond its range, which the
 * layout never produces) is an internal error, not "cannot write". */
static void test_internal_error_is_not_io(void **state)
{
    Env *e = *state;
    Fixture *f = malloc(sizeof *f);
    make_layout(f);
    f->boxes0[2].char_space = 1000;
    Diags d = {0};
    unsigned char *data = NULL;
    size_t len = 0;
    assert_int_equal(render_pdf_mem(&f->lay, &opts, e->path, &data, &len, &d), RENDER_INTERNAL);
    assert_null(data);
    assert_int_equal(d.errors, 1);
    assert_non_null(strstr(d.items[0].msg, "cannot make the PDF: internal error (libharu error 0x"));
    assert_null(strstr(d.items[0].msg, "cannot write"));
    diags_free(&d);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_internal_error_is_not_io, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fonts_and_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_images_links_outline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reproducible, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_extraction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdfa_check_script, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failures_leave_old_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_glyph_warning, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_jpeg_passthrough, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_tj, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
