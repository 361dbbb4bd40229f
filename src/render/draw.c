/* draw.c — the pages' content: text, rules, boxes and pictures in box order.
 *
 * Fonts are loaded (embedded, UTF-8 encoder) when a role is first drawn and
 * pictures embedded when first placed, once each. Text is written with our
 * own operators (relative Td in exact thousandths of a point, 2-byte codes in
 * literal strings) rather than libharu's Tm and hex strings: half the bytes,
 * and the page streams are what the compressor spends its time on. Graphics
 * state (font, size, colours, line width) is set only when it changes. Every
 * box is in marked content: its structure element's, or an /Artifact (tag.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_pages.h>

#include "../base/mem.h"
#include "../base/sha256.h"
#include "hpdfx.h"
#include "pdfdoc.h"

/* ---------- fonts ---------- */

/* The font of role `role`, loaded (embedded, UTF-8 encoder) on first use. */
static HPDF_Font font_for(PdfDoc *doc, int role)
{
    if (role < 0 || role >= FONT_COUNT) {
        pdf_fail(doc, "text box with unknown font role %d", role);
        return NULL;
    }
    int slot = doc->font_slot[role];
    if (doc->fonts[slot])
        return doc->fonts[slot];
    const char *path = doc->lay->font_files[role];
    if (!path) {
        pdf_fail(doc, "no font file for font role %d", role);
        return NULL;
    }
    const char *name = HPDF_LoadTTFontFromFile(doc->pdf, path, HPDF_TRUE);
    HPDF_Font f = name ? HPDF_GetFont(doc->pdf, name, "UTF-8") : NULL;
    if (!f) {
        pdf_fail(doc, "cannot embed font %s (libharu error 0x%04X)", path,
                 (unsigned)(doc->err_no ? doc->err_no : HPDF_GetError(doc->pdf)));
        return NULL;
    }
    doc->fonts[slot] = f;
    doc->used[slot] = arena_alloc(doc->arena, sizeof(GlyphSet));
    return f;
}

/* ---------- images ---------- */

static HPDF_Image image_for(PdfDoc *doc, const Image *im)
{
    for (size_t i = 0; i < doc->n_images; i++)
        if (doc->images[i].key == im)
            return doc->images[i].image;
    if (!im->data || im->width <= 0 || im->height <= 0) {
        pdf_fail(doc, "image %s has no data", im->path ? im->path : "(unnamed)");
        return NULL;
    }
    /* the same picture reached through another Image: embed it once */
    unsigned char digest[32];
    Sha256 h;
    sha256_init(&h);
    sha256_update(&h, im->data, im->size);
    sha256_final(&h, digest);
    HPDF_Image img = NULL;
    for (size_t i = 0; i < doc->n_images && !img; i++) {
        const PdfImage *p = &doc->images[i];
        if (memcmp(p->digest, digest, 32) == 0 && p->key->format == im->format &&
            p->key->color == im->color && p->key->width == im->width &&
            p->key->height == im->height)
            img = p->image;
    }
    if (!img) {
        if (im->color == IMAGE_CMYK)
            diag_warning(doc->diags, (SrcPos){.file = im->path ? im->path : doc->path},
                         "CMYK picture: PDF/A-2 with an sRGB output intent needs RGB or grey "
                         "pictures; convert it to RGB");
        if (im->format == IMAGE_JPEG) {
            img = HPDF_LoadJpegImageFromMem(doc->pdf, im->data, (HPDF_UINT)im->size);
        } else {
            HPDF_ColorSpace cs;
            if (im->color == IMAGE_GRAY)
                cs = HPDF_CS_DEVICE_GRAY;
            else if (im->color == IMAGE_RGB)
                cs = HPDF_CS_DEVICE_RGB;
            else {
                pdf_fail(doc, "image %s: raw pixels must be grey or RGB",
                         im->path ? im->path : "(unnamed)");
                return NULL;
            }
            size_t need = (size_t)im->width * (size_t)im->height * (size_t)im->color;
            if (im->size < need) {
                pdf_fail(doc, "image %s: %zu bytes of pixels, %zu needed",
                         im->path ? im->path : "(unnamed)", im->size, need);
                return NULL;
            }
            img = HPDF_LoadRawImageFromMem(doc->pdf, im->data, (HPDF_UINT)im->width,
                                           (HPDF_UINT)im->height, cs, 8);
        }
        if (!img) {
            pdf_fail(doc, "cannot embed image %s (libharu error 0x%04X)",
                     im->path ? im->path : "(unnamed)",
                     (unsigned)(doc->err_no ? doc->err_no : HPDF_GetError(doc->pdf)));
            return NULL;
        }
    }
    doc->images = arena_grow(doc->arena, doc->images, &doc->cap_images, doc->n_images + 1,
                             sizeof *doc->images);
    PdfImage *e = &doc->images[doc->n_images++];
    e->key = im;
    memcpy(e->digest, digest, 32);
    e->image = img;
    return img;
}

/* ---------- drawing ---------- */

typedef struct DrawState {
    bool in_text;
    bool plain;           /* in BT: the text matrix is a pure translation to (tx, ty) */
    long long tx, ty;     /* its origin, in thousandths of a point */
    int font_slot;        /* -1: none set yet */
    float size, char_space, line_width;
    bool fill_set, stroke_set;
    Color fill, stroke;
} DrawState;

static float clamp01(float v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static bool same_color(Color a, Color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static void set_fill(HPDF_Page page, DrawState *st, Color c)
{
    if (st->fill_set && same_color(st->fill, c))
        return;
    HPDF_Page_SetRGBFill(page, clamp01(c.r), clamp01(c.g), clamp01(c.b));
    st->fill = c;
    st->fill_set = true;
}

static void set_stroke(HPDF_Page page, DrawState *st, Color c, float width)
{
    if (!st->stroke_set || !same_color(st->stroke, c)) {
        HPDF_Page_SetRGBStroke(page, clamp01(c.r), clamp01(c.g), clamp01(c.b));
        st->stroke = c;
        st->stroke_set = true;
    }
    if (width < 0)
        width = 0;
    if (st->line_width != width) {
        HPDF_Page_SetLineWidth(page, width);
        st->line_width = width;
    }
}

static void begin_text(HPDF_Page page, DrawState *st)
{
    if (!st->in_text) {
        HPDF_Page_BeginText(page);
        st->in_text = true;
        st->tx = st->ty = 0; /* BT starts at the identity matrix */
        st->plain = true;
    }
}

static void end_text(HPDF_Page page, DrawState *st)
{
    if (st->in_text) {
        HPDF_Page_EndText(page);
        st->in_text = false;
    }
}

static long long milli(double v)
{
    return llround(v * 1000.0);
}

/* Whether text box b continues the line of text box a in the same TJ array:
 * same baseline, font, size and colour, to its right, plain (no rotation,
 * no letter-spacing), and in the same marked content (structure element or
 * kind of artifact). */
static bool same_line(const Box *a, const Box *b)
{
    return b->kind == BOX_TEXT && b->font == a->font && b->size == a->size &&
           same_color(b->color, a->color) && fabsf(b->y - a->y) < 0.001f && b->x >= a->x &&
           a->angle == 0 && b->angle == 0 && a->char_space == 0 && b->char_space == 0 &&
           b->artifact == a->artifact && b->text && b->len > 0 && pdf_tag_key(b) == pdf_tag_key(a);
}

/* The boxes from k on that one TJ array draws: k and the boxes of its line
 * that follow it directly. Returns the end (exclusive). */
static size_t line_end(const Page *pg, size_t k)
{
    size_t e = k + 1;
    while (e < pg->n_boxes && same_line(&pg->boxes[e - 1], &pg->boxes[e]))
        e++;
    return e;
}

/* Writes one code of a literal string, escaped. */
static void put_code(Buf *o, unsigned c)
{
    unsigned char bytes[2] = {(unsigned char)(c >> 8), (unsigned char)c};
    for (int k = 0; k < 2; k++) {
        switch (bytes[k]) {
        case '(': buf_puts(o, "\\("); break;
        case ')': buf_puts(o, "\\)"); break;
        case '\\': buf_puts(o, "\\\\"); break;
        case '\r': buf_puts(o, "\\r"); break;
        case '\n': buf_puts(o, "\\n"); break;
        default: buf_putc(o, (char)bytes[k]); break;
        }
    }
}

/* A TJ array under construction: the string open or not, codes in the
 * current string (a PDF string holds at most 32,767 bytes), and the pen's
 * advance from the line's start in 1/1000 em, as the viewer will compute it. */
typedef struct TJ {
    Buf *o;
    bool open;
    size_t in_string;
    double pen;
} TJ;

static void tj_code(TJ *t, unsigned c, int width)
{
    enum { CODES_PER_STRING = 16000 };
    if (t->open && t->in_string == CODES_PER_STRING) {
        buf_putc(t->o, ')');
        t->open = false;
    }
    if (!t->open) {
        buf_putc(t->o, '(');
        t->open = true;
        t->in_string = 0;
    }
    put_code(t->o, c);
    t->in_string++;
    t->pen += width;
}

/* Moves the pen by units (1/1000 em; a TJ number is its negative), rounded
 * to hundredths. */
static void tj_move(TJ *t, double units)
{
    long long h = llround(units * 100.0);
    if (h == 0)
        return;
    if (t->open) {
        buf_putc(t->o, ')');
        t->open = false;
    }
    buf_fixed(t->o, -h, 2);
    t->pen += (double)h / 100.0;
}

/* Code c of a font: its width in 1/1000 em (libharu's /W), marked for the subset. */
static int glyph_width(PdfDoc *doc, int slot, HPDF_Font font, unsigned c)
{
    if (!glyphset_has(doc->used[slot], c))
        glyphset_add(doc->used[slot], c);
    return hpdfx_font_char_width(font, c);
}

/* Positions the text at box b's origin: a relative Td from the previous
 * start, from rounded absolute values so that nothing drifts. */
static void text_origin(Buf *o, float ph, const Box *b, DrawState *st)
{
    long long x = milli(b->x), y = milli(ph - b->y);
    if (b->angle != 0) {
        double a = b->angle * 3.14159265358979323846 / 180.0;
        long long c = llround(cos(a) * 100000), s = llround(sin(a) * 100000);
        buf_fixed(o, c, 5);
        buf_putc(o, ' ');
        buf_fixed(o, s, 5);
        buf_putc(o, ' ');
        buf_fixed(o, -s, 5);
        buf_putc(o, ' ');
        buf_fixed(o, c, 5);
        buf_putc(o, ' ');
        buf_fixed(o, x, 3);
        buf_putc(o, ' ');
        buf_fixed(o, y, 3);
        buf_puts(o, " Tm\n");
        st->plain = false;
    } else if (st->plain) {
        buf_fixed(o, x - st->tx, 3);
        buf_putc(o, ' ');
        buf_fixed(o, y - st->ty, 3);
        buf_puts(o, " Td\n");
    } else {
        buf_puts(o, "1 0 0 1 ");
        buf_fixed(o, x, 3);
        buf_putc(o, ' ');
        buf_fixed(o, y, 3);
        buf_puts(o, " Tm\n");
        st->plain = true;
    }
    st->tx = x;
    st->ty = y;
}

/* Draws the text boxes bs[0..n) of one line (see line_end) as one TJ array:
 * each box's kerning, and between boxes a space character (when the gap is
 * a word space, so that text extraction finds the words) plus the
 * adjustment to the next box's position. */
static int draw_text_line(PdfDoc *doc, HPDF_Page page, float ph, const Box *bs, size_t n,
                          DrawState *st)
{
    const Box *b = &bs[0];
    HPDF_Font font = font_for(doc, b->font);
    if (!font)
        return -1;
    int slot = doc->font_slot[b->font];
    begin_text(page, st);
    if (st->font_slot != slot || st->size != b->size) {
        HPDF_Page_SetFontAndSize(page, font, b->size);
        st->font_slot = slot;
        st->size = b->size;
    }
    if (st->char_space != b->char_space) {
        HPDF_Page_SetCharSpace(page, b->char_space);
        st->char_space = b->char_space;
    }
    set_fill(page, st, b->color);
    Buf *o = &doc->ops;
    o->len = 0;
    text_origin(o, ph, b, st);
    buf_putc(o, '[');
    TJ t = {o, false, 0, 0};
    int space = glyph_width(doc, slot, font, ' ');
    bool any = false;
    for (size_t j = 0; j < n; j++) {
        const Box *x = &bs[j];
        size_t len = strnlen(x->text, x->len); /* a NUL byte ends the text, as in libharu */
        doc->codes = mem_grow(doc->codes, &doc->codes_cap, len, sizeof *doc->codes);
        size_t nc = utf8_to_codes(x->text, len, doc->codes);
        if (nc == 0)
            continue;
        if (any) {
            double target = (double)(x->x - b->x) * 1000.0 / b->size;
            if (target - t.pen > space / 2.0) /* a word space */
                tj_code(&t, ' ', space);
            tj_move(&t, target - t.pen);
        }
        bool kerned = x->kern && x->n_kern == nc;
        for (size_t i = 0; i < nc; i++) {
            tj_code(&t, doc->codes[i], glyph_width(doc, slot, font, doc->codes[i]));
            if (kerned && x->kern[i] != 0 && i + 1 < nc)
                tj_move(&t, x->kern[i]);
        }
        any = true;
    }
    if (t.open)
        buf_putc(o, ')');
    buf_puts(o, "] TJ\n");
    if (!any)
        return 0;
    if (hpdfx_page_write(page, o->data, o->len) != HPDF_OK)
        return pdf_error(doc, "writing text");
    return 0;
}

static bool finite_box(const Box *b)
{
    return isfinite(b->x) && isfinite(b->y) && isfinite(b->w) && isfinite(b->h) &&
           isfinite(b->size) && isfinite(b->char_space) && isfinite(b->line_width) &&
           isfinite(b->angle);
}

static int draw_box(PdfDoc *doc, HPDF_Page page, float ph, const Box *b, DrawState *st)
{
    if (!finite_box(b))
        return pdf_fail(doc, "a box with a coordinate that is not a number");
    switch (b->kind) {
    case BOX_TEXT:
        return draw_text_line(doc, page, ph, b, 1, st);
    case BOX_RECT:
        end_text(page, st);
        if (!b->fill && !b->stroke)
            return 0;
        if (b->fill)
            set_fill(page, st, b->color);
        if (b->stroke)
            set_stroke(page, st, b->stroke_color, b->line_width);
        HPDF_Page_Rectangle(page, b->x, ph - b->y - b->h, b->w, b->h);
        if (b->fill && b->stroke)
            HPDF_Page_FillStroke(page);
        else if (b->fill)
            HPDF_Page_Fill(page);
        else
            HPDF_Page_Stroke(page);
        return 0;
    case BOX_LINE:
        end_text(page, st);
        set_stroke(page, st, b->color, b->line_width);
        HPDF_Page_MoveTo(page, b->x, ph - b->y);
        HPDF_Page_LineTo(page, b->x + b->w, ph - (b->y + b->h));
        HPDF_Page_Stroke(page);
        return 0;
    case BOX_IMAGE: {
        end_text(page, st);
        if (!b->image)
            return pdf_fail(doc, "image box without an image");
        HPDF_Image img = image_for(doc, b->image);
        if (!img)
            return -1;
        HPDF_Page_DrawImage(page, img, b->x, ph - b->y - b->h, b->w, b->h);
        return 0;
    }
    }
    return pdf_fail(doc, "unknown box kind %d", (int)b->kind);
}

/* The marked-content sequence open on a page: its key (pdf_tag_key) and
 * whether it began inside a text object (then it must end there too). */
typedef struct Marked {
    bool open, in_text;
    uint32_t key;
} Marked;

static int mark_end(HPDF_Page page, Marked *m)
{
    if (m->open && hpdfx_page_write(page, "EMC\n", 4) != HPDF_OK)
        return -1;
    m->open = false;
    return 0;
}

/* Puts box b into its marked-content sequence: the open one if it belongs
 * there, else a new one, begun in the box's mode (inside a text object for
 * text) so that no sequence crosses BT or ET. */
static int mark_box(PdfDoc *doc, size_t i, const Box *b, DrawState *st, Marked *m)
{
    HPDF_Page page = doc->pages[i];
    bool text = b->kind == BOX_TEXT;
    uint32_t key = pdf_tag_key(b);
    if (m->open && m->key == key && m->in_text == text)
        return 0;
    if (mark_end(page, m) != 0)
        return pdf_error(doc, "writing marked content");
    if (text)
        begin_text(page, st);
    else
        end_text(page, st);
    if (pdf_tag_begin(doc, i, b) != 0)
        return -1;
    *m = (Marked){true, text, key};
    return 0;
}

/* Text extraction and screen readers find words by their spaces, but a box
 * holds a word (or a run of one font), not the space after it. A word that
 * another follows on its line with a gap between them, or that ends a line
 * of its marked content (not at a hyphen), gets a space glyph shown after
 * it: invisible, and the next word keeps its own position. */
static bool space_follows(const Box *b, const Box *next)
{
    if (!next || b->kind != BOX_TEXT || next->kind != BOX_TEXT || b->artifact != ART_NONE ||
        next->artifact != ART_NONE || b->angle != 0 || next->angle != 0 || !b->text ||
        b->len == 0)
        return false;
    float dy = next->y - b->y;
    if (dy > -0.01f && dy < 0.01f) /* the next word on the line (of this or another element) */
        return next->x > b->x + b->w + 0.5f || next->x + next->w < b->x - 0.5f;
    if (dy < 0.5f || pdf_tag_key(b) != pdf_tag_key(next))
        return false;
    const unsigned char *t = (const unsigned char *)b->text;
    size_t n = strnlen(b->text, b->len);
    if (n == 0 || t[n - 1] == '-' || t[n - 1] == ' ')
        return false;
    return !(n >= 2 && t[n - 2] == 0xC2 && t[n - 1] == 0xAD); /* a soft hyphen */
}

static int draw_space(PdfDoc *doc, HPDF_Page page, const Box *b, const DrawState *st)
{
    int slot = doc->font_slot[b->font];
    HPDF_Font font = doc->fonts[slot];
    if (!font || !st->in_text || st->font_slot != slot)
        return 0; /* nothing was shown */
    if (!glyphset_has(doc->used[slot], 0x20)) {
        glyphset_add(doc->used[slot], 0x20);
        HPDF_TTFontDef_GetCharWidth(((HPDF_FontAttr)font->attr)->fontdef, 0x20);
    }
    if (hpdfx_page_write(page, "<0020> Tj\n", 10) != HPDF_OK)
        return pdf_error(doc, "writing text");
    return 0;
}

int pdf_draw_pages(PdfDoc *doc)
{
    const Layout *lay = doc->lay;
    char what[64];
    for (size_t i = 0; i < lay->n_pages; i++) {
        const Page *pg = &lay->pages[i];
        HPDF_Page page = doc->pages[i];
        DrawState st = {.font_slot = -1, .line_width = 1};
        Marked m = {0};
        for (size_t k = 0, end; k < pg->n_boxes; k = end) {
            const Box *b = &pg->boxes[k];
            end = b->kind == BOX_TEXT && finite_box(b) ? line_end(pg, k) : k + 1;
            int rc = mark_box(doc, i, b, &st, &m);
            if (rc == 0)
                rc = end > k + 1 ? draw_text_line(doc, page, pg->height, b, end - k, &st)
                                 : draw_box(doc, page, pg->height, b, &st);
            if (rc != 0)
                return -1;
            const Box *next = k + 1 < pg->n_boxes ? &pg->boxes[k + 1] : NULL;
            if (space_follows(b, next) && draw_space(doc, page, b, &st) != 0)
                return -1;
        }
        if (mark_end(page, &m) != 0)
            return pdf_error(doc, "writing marked content");
        end_text(page, &st);
        pdf_tags_end_page(doc, i);
        snprintf(what, sizeof what, "drawing page %zu", i + 1);
        if (pdf_check(doc, what) != 0 || pdf_flate_page(doc, page) != 0)
            return -1;
    }
    return 0;
}
