/* pdf.c — render_pdf(): the layout's pages into a tagged PDF/A-2a and
 * PDF/UA-1 file through libharu, then written safely to disk.
 *
 * Phases: document set-up (compression, UTF-8 encoder), all pages created
 * (links may point forward), content drawn in box order (each page's
 * content deflated by us as soon as it is drawn, flate.c), links, the
 * structure tree (tag.c), outline,
 * page labels, archival metadata, our ToUnicode CMaps, save into memory,
 * safe write. libharu's errors are recorded by the handler (never a longjmp)
 * and checked after every phase. Nothing here reads the clock, the locale or
 * the environment: the bytes depend only on the layout, the files it names,
 * the ICC profile and the timestamp. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hpdfx.h"
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

int pdf_error(PdfDoc *doc, const char *what)
{
    if (pdf_check(doc, what) == 0)
        pdf_fail(doc, "failed while %s", what);
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
    if (!doc->reason[0])
        doc->internal = true;
    return pdf_fail(doc, "libharu error 0x%04X (detail %u) while %s", (unsigned)doc->err_no,
                    (unsigned)doc->err_detail, what);
}

/* ---------- font roles that share a file share one font ---------- */

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

/* ---------- the whole document ---------- */

static int build(PdfDoc *doc, const RenderOptions *opt)
{
    const Layout *lay = doc->lay;
    HPDF_Doc pdf = doc->pdf;
    if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK ||
        HPDF_UseUTFEncodings(pdf) != HPDF_OK || HPDF_SetCurrentEncoder(pdf, "UTF-8") != HPDF_OK)
        return pdf_error(doc, "setting up the document");
    /* PDF/A-2 is based on PDF 1.7 (ISO 32000-1) */
    hpdfx_set_version(pdf, HPDF_VER_17);
    if (lay->n_pages == 0)
        return pdf_fail(doc, "the layout has no pages");
    doc->pages = arena_calloc(doc->arena, lay->n_pages, sizeof *doc->pages);
    for (size_t i = 0; i < lay->n_pages; i++) {
        const Page *pg = &lay->pages[i];
        if (!(pg->width >= 3 && pg->height >= 3 && pg->width <= 14400 && pg->height <= 14400))
            return pdf_fail(doc, "page %zu has an invalid size %gx%g", i + 1, pg->width,
                            pg->height);
        HPDF_Page p = HPDF_AddPage(pdf);
        if (!p)
            return pdf_error(doc, "adding pages");
        HPDF_Page_SetWidth(p, pg->width);
        HPDF_Page_SetHeight(p, pg->height);
        doc->pages[i] = p;
    }
    if (pdf_check(doc, "adding pages") != 0)
        return -1;
    pdf_tags_init(doc);
    if (pdf_draw_pages(doc) != 0 || pdf_add_links(doc) != 0 || pdf_tags_finish(doc) != 0 ||
        pdf_add_outline(doc) != 0 || pdf_add_page_labels(doc) != 0)
        return -1;

    char producer[128];
    snprintf(producer, sizeof producer, "%s with libharu %s",
             opt->tool_version ? opt->tool_version : "imagreport", HPDF_GetVersion());
    PdfMeta meta;
    pdfmeta_from_info(&meta, &lay->info, opt->timestamp, opt->tool_version, producer,
                      doc->arena);
    if (pdf_add_archival_metadata(doc, &meta, opt->icc_profile) != 0)
        return -1;
    pdf_warn_missing_glyphs(doc);
    return pdf_fix_tounicode(doc);
}

/* Saves the document into memory: *out is malloc-owned. */
static int save(PdfDoc *doc, unsigned char **out, size_t *len)
{
    if (HPDF_SaveToStream(doc->pdf) != HPDF_OK)
        return pdf_error(doc, "saving");
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
            return pdf_error(doc, "reading the saved document");
        }
    }
    if (got != size) {
        free(data);
        return pdf_fail(doc, "saved document is %u bytes, expected %u", (unsigned)got,
                        (unsigned)size);
    }
    /* object streams, and the structure tree's objects (pack.c) */
    Buf packed = {0};
    const char *why = NULL;
    int r = pdf_pack(data, size, &doc->extra, &packed, &why);
    free(data);
    if (r != 0) {
        buf_free(&packed);
        return pdf_fail(doc, "cannot rewrite the saved document: %s", why ? why : "?");
    }
    *out = (unsigned char *)packed.data;
    *len = packed.len;
    return 0;
}

int render_pdf_mem(const Layout *lay, const RenderOptions *opt, const char *name,
                   unsigned char **data, size_t *len, Diags *diags)
{
    SrcPos where = {.file = name};
    PdfDoc doc = {.lay = lay, .path = name, .diags = diags};
    doc.arena = arena_new();
    doc.pdf = HPDF_New(on_error, &doc);
    *data = NULL;
    *len = 0;
    int rc = -1;
    if (!doc.pdf) {
        pdf_fail(&doc, "libharu could not create a document");
    } else {
        assign_font_slots(&doc);
        if (build(&doc, opt) == 0 && save(&doc, data, len) == 0)
            rc = 0;
    }
    if (doc.pdf)
        HPDF_Free(doc.pdf);
    free(doc.codes);
    buf_free(&doc.ops);
    buf_free(&doc.flate_in);
    free(doc.flate_out);
    arena_free(doc.arena);
    if (rc == 0)
        return 0;
    if (doc.internal) {
        diag_error(diags, where, "cannot make the PDF: internal error (%s); please report it",
                   doc.reason);
        return RENDER_INTERNAL;
    }
    diag_error(diags, where, "cannot write PDF: %s", doc.reason[0] ? doc.reason : "unknown error");
    return -1;
}

int render_pdf(const Layout *lay, const RenderOptions *opt, const char *path, Diags *diags)
{
    unsigned char *data;
    size_t len;
    if (render_pdf_mem(lay, opt, path, &data, &len, diags) != 0)
        return -1;
    int rc = safe_write_named(path, data, len, "PDF", diags);
    free(data);
    return rc;
}
