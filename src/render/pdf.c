/* pdf.c — render_pdf(): the layout's pages into a PDF/A-2u file through
 * libharu, then written safely to disk.
 *
 * Phases: document set-up (compression, UTF-8 encoder), all pages created
 * (links may point forward), content drawn in box order, links, outline,
 * page labels, archival metadata, our ToUnicode CMaps, save into memory,
 * safe write. libharu's errors are recorded by the handler (never a longjmp)
 * and checked after every phase. Nothing here reads the clock, the locale or
 * the environment: the bytes depend only on the layout, the files it names,
 * the ICC profile and the timestamp. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_pages.h>

#include "../base/sha256.h"
#include "pdfdoc.h"
#include "render.h"

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    PdfDoc *doc = user_data;
    if (!doc->err_no) {
        doc->err_no = error_no;
        doc->err_detail = detail_no;
    }
}

int pdf_fail(PdfDoc *doc, const char *fmt, ...)
{
    if (!doc->reason[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(doc->reason, sizeof doc->reason, fmt, ap);
        va_end(ap);
    }
    return -1;
}

int pdf_check(PdfDoc *doc, const char *what)
{
    HPDF_STATUS e = HPDF_GetError(doc->pdf);
    if (!doc->err_no && e == HPDF_OK)
        return 0;
    if (!doc->err_no) {
        doc->err_no = e;
        doc->err_detail = HPDF_GetErrorDetail(doc->pdf);
    }
    return pdf_fail(doc, "libharu error 0x%04X (detail %u) while %s", (unsigned)doc->err_no,
                    (unsigned)doc->err_detail, what);
}

/* ---------- fonts ---------- */

static void assign_font_slots(PdfDoc *doc)
{
    const Layout *lay = doc->lay;
    for (int r = 0; r < FONT_COUNT; r++) {
        doc->font_slot[r] = r;
        for (int q = 0; q < r; q++) {
            if (lay->font_files[r] && lay->font_files[q] &&
                strcmp(lay->font_files[r], lay->font_files[q]) == 0) {
                doc->font_slot[r] = doc->font_slot[q];
                break;
            }
        }
    }
}

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
    if (doc->n_images == doc->cap_images) {
        size_t cap = doc->cap_images ? doc->cap_images * 2 : 16;
        PdfImage *n = arena_calloc(doc->arena, cap, sizeof *n);
        if (doc->n_images)
            memcpy(n, doc->images, doc->n_images * sizeof *n);
        doc->images = n;
        doc->cap_images = cap;
    }
    PdfImage *e = &doc->images[doc->n_images++];
    e->key = im;
    memcpy(e->digest, digest, 32);
    e->image = img;
    return img;
}

/* ---------- drawing ---------- */

typedef struct DrawState {
    bool in_text;
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

static void end_text(HPDF_Page page, DrawState *st)
{
    if (st->in_text) {
        HPDF_Page_EndText(page);
        st->in_text = false;
    }
}

/* Page furniture is marked as an artifact, so that a later tagging layer (or
 * a screen reader on an untagged file) can tell it from the content. */
static void mark(HPDF_Page page, const char *op)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Stream_WriteStr(attr->stream, op);
}

static int draw_text(PdfDoc *doc, HPDF_Page page, float ph, const Box *b, DrawState *st)
{
    if (!b->text || b->len == 0)
        return 0;
    if (b->len + 1 > doc->scratch_cap) {
        size_t cap = doc->scratch_cap ? doc->scratch_cap : 256;
        while (cap < (size_t)b->len + 1)
            cap *= 2;
        char *p = realloc(doc->scratch, cap);
        if (!p)
            return pdf_fail(doc, "out of memory");
        doc->scratch = p;
        doc->scratch_cap = cap;
    }
    memcpy(doc->scratch, b->text, b->len);
    doc->scratch[b->len] = '\0';
    size_t n = strlen(doc->scratch); /* libharu stops at a NUL byte */
    if (n == 0)
        return 0;

    HPDF_Font font = font_for(doc, b->font);
    if (!font)
        return -1;
    int slot = doc->font_slot[b->font];
    if (!st->in_text) {
        HPDF_Page_BeginText(page);
        st->in_text = true;
    }
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
    float x = b->x, y = ph - b->y;
    if (b->angle != 0) {
        double a = b->angle * 3.14159265358979323846 / 180.0;
        float c = (float)cos(a), s = (float)sin(a);
        HPDF_Page_SetTextMatrix(page, c, s, -s, c, x, y);
    } else {
        HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, x, y);
    }
    HPDF_Page_ShowText(page, doc->scratch);
    glyphset_add_utf8(doc->used[slot], doc->scratch, n);
    return 0;
}

static int draw_box(PdfDoc *doc, HPDF_Page page, float ph, const Box *b, DrawState *st)
{
    switch (b->kind) {
    case BOX_TEXT:
        return draw_text(doc, page, ph, b, st);
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

int pdf_draw_pages(PdfDoc *doc)
{
    const Layout *lay = doc->lay;
    char what[64];
    for (size_t i = 0; i < lay->n_pages; i++) {
        const Page *pg = &lay->pages[i];
        HPDF_Page page = doc->pages[i];
        DrawState st = {.font_slot = -1, .line_width = 1};
        for (size_t k = 0; k < pg->n_boxes; k++) {
            const Box *b = &pg->boxes[k];
            if (b->artifact)
                mark(page, "/Artifact BMC\012");
            if (draw_box(doc, page, pg->height, b, &st) != 0)
                return -1;
            if (b->artifact)
                mark(page, "EMC\012");
        }
        end_text(page, &st);
        snprintf(what, sizeof what, "drawing page %zu", i + 1);
        if (pdf_check(doc, what) != 0)
            return -1;
    }
    return 0;
}

/* ---------- the whole document ---------- */

static int build(PdfDoc *doc, const RenderOptions *opt)
{
    const Layout *lay = doc->lay;
    HPDF_Doc pdf = doc->pdf;
    if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK || HPDF_UseUTFEncodings(pdf) != HPDF_OK ||
        HPDF_SetCurrentEncoder(pdf, "UTF-8") != HPDF_OK)
        return pdf_check(doc, "setting up the document") ? -1 : pdf_fail(doc, "setting up the document");
    /* PDF/A-2 is based on PDF 1.7 (ISO 32000-1) */
    pdf->pdf_version = HPDF_VER_17;
    if (lay->n_pages == 0)
        return pdf_fail(doc, "the layout has no pages");
    doc->pages = arena_calloc(doc->arena, lay->n_pages, sizeof *doc->pages);
    for (size_t i = 0; i < lay->n_pages; i++) {
        const Page *pg = &lay->pages[i];
        if (!(pg->width > 0 && pg->height > 0 && pg->width <= 14400 && pg->height <= 14400))
            return pdf_fail(doc, "page %zu has an invalid size %gx%g", i + 1, pg->width,
                            pg->height);
        HPDF_Page p = HPDF_AddPage(pdf);
        if (!p)
            return pdf_check(doc, "adding pages") ? -1 : pdf_fail(doc, "adding pages");
        HPDF_Page_SetWidth(p, pg->width);
        HPDF_Page_SetHeight(p, pg->height);
        doc->pages[i] = p;
    }
    if (pdf_check(doc, "adding pages") != 0)
        return -1;
    if (pdf_draw_pages(doc) != 0 || pdf_add_links(doc) != 0 || pdf_add_outline(doc) != 0 ||
        pdf_add_page_labels(doc) != 0)
        return -1;

    char producer[128];
    snprintf(producer, sizeof producer, "%s with libharu %s",
             opt->tool_version ? opt->tool_version : "imagreport", HPDF_GetVersion());
    PdfMeta meta;
    pdfmeta_from_info(&meta, &lay->info, opt->timestamp, opt->tool_version, producer,
                      doc->arena);
    if (pdf_add_archival_metadata(doc, &meta, opt->icc_profile) != 0)
        return -1;
    return pdf_fix_tounicode(doc);
}

/* Saves the document into memory: *out is malloc-owned. */
static int save(PdfDoc *doc, unsigned char **out, size_t *len)
{
    if (HPDF_SaveToStream(doc->pdf) != HPDF_OK)
        return pdf_check(doc, "saving") ? -1 : pdf_fail(doc, "saving failed");
    HPDF_UINT32 size = HPDF_GetStreamSize(doc->pdf);
    unsigned char *data = malloc(size ? size : 1);
    if (!data)
        return pdf_fail(doc, "out of memory");
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS r = HPDF_ReadFromStream(doc->pdf, data + got, &n);
        got += n;
        if (r == HPDF_STREAM_EOF || (r == HPDF_OK && n == 0))
            break;
        if (r != HPDF_OK) {
            free(data);
            return pdf_check(doc, "reading the saved document") ? -1
                                                                 : pdf_fail(doc, "reading the saved document");
        }
    }
    if (got != size) {
        free(data);
        return pdf_fail(doc, "saved document is %u bytes, expected %u", (unsigned)got,
                        (unsigned)size);
    }
    *out = data;
    *len = size;
    return 0;
}

int render_pdf(const Layout *lay, const RenderOptions *opt, const char *path, Diags *diags)
{
    SrcPos where = {.file = path};
    PdfDoc doc = {.lay = lay};
    doc.arena = arena_new();
    doc.pdf = HPDF_New(on_error, &doc);
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = -1;
    if (!doc.pdf) {
        pdf_fail(&doc, "libharu could not create a document");
    } else {
        assign_font_slots(&doc);
        if (build(&doc, opt) == 0 && save(&doc, &data, &len) == 0)
            rc = 0;
    }
    if (doc.pdf)
        HPDF_Free(doc.pdf);
    free(doc.scratch);
    arena_free(doc.arena);
    if (rc != 0) {
        diag_error(diags, where, "cannot write PDF: %s", doc.reason[0] ? doc.reason : "unknown error");
        free(data);
        return -1;
    }
    rc = safe_write_named(path, data, len, "PDF", diags);
    free(data);
    return rc;
}
