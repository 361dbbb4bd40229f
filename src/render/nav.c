/* nav.c — navigation: link annotations, the outline (bookmarks) and the
 * page labels. Annotations carry /F 4 (print, never hidden) and no border,
 * as PDF/A-2 wants, and join their Link structure element (tag.c); URIs
 * are percent-encoded to plain ASCII. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "hpdfx.h"
#include "pdfdoc.h"

static bool is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

void uri_percent_encode(Buf *out, const char *uri)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)uri;
    for (size_t i = 0; p[i]; i++) {
        unsigned char c = p[i];
        bool keep_percent = c == '%' && is_hex(p[i + 1]) && is_hex(p[i + 2]);
        if (c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}", c) || (c == '%' && !keep_percent)) {
            buf_putc(out, '%');
            buf_putc(out, hex[c >> 4]);
            buf_putc(out, hex[c & 15]);
        } else {
            buf_putc(out, (char)c);
        }
    }
}

HPDF_Destination pdf_make_dest(PdfDoc *doc, int page, float y)
{
    if (page < 0 || (size_t)page >= doc->lay->n_pages) {
        pdf_fail(doc, "destination on page %d of %zu", page + 1, doc->lay->n_pages);
        return NULL;
    }
    HPDF_Page target = doc->pages[page];
    HPDF_Destination dst = HPDF_Page_CreateDestination(target);
    if (!dst)
        return NULL;
    float top = doc->lay->pages[page].height - y;
    if (top < 0)
        top = 0;
    /* [page /XYZ null top null]: libharu's SetXYZ cannot leave left and
     * zoom unchanged (it rejects a zoom of 0), so the array is rebuilt. */
    HPDF_STATUS r = HPDF_OK;
    HPDF_Array_Clear(dst);
    r += HPDF_Array_Add(dst, target);
    r += HPDF_Array_AddName(dst, "XYZ");
    r += HPDF_Array_Add(dst, HPDF_Null_New(hpdfx_mmgr(doc->pdf)));
    r += HPDF_Array_AddReal(dst, top);
    r += HPDF_Array_Add(dst, HPDF_Null_New(hpdfx_mmgr(doc->pdf)));
    return r == HPDF_OK ? dst : NULL;
}

int pdf_add_links(PdfDoc *doc)
{
    const Layout *lay = doc->lay;
    Buf uri = {0};
    char what[64];
    for (size_t i = 0; i < lay->n_pages; i++) {
        const Page *pg = &lay->pages[i];
        for (size_t k = 0; k < pg->n_links; k++) {
            const LinkArea *l = &pg->links[k];
            if (!isfinite(l->x) || !isfinite(l->y) || !isfinite(l->w) || !isfinite(l->h) ||
                !isfinite(l->dest_y)) {
                buf_free(&uri);
                return pdf_fail(doc, "a link on page %zu with a coordinate that is not a number",
                                i + 1);
            }
            HPDF_Rect rect = {l->x, pg->height - (l->y + l->h), l->x + l->w, pg->height - l->y};
            HPDF_Annotation a = NULL;
            if (l->kind == DLINK_URI) {
                if (!l->uri || !*l->uri)
                    continue;
                uri.len = 0;
                uri_percent_encode(&uri, l->uri);
                if (uri.len > PDF_STRING_MAX) {
                    /* cannot be shortened without pointing elsewhere */
                    diag_warning(doc->diags, (SrcPos){.file = doc->path},
                                 "link on page %zu dropped: its URI is %zu bytes, more than "
                                 "the %d a PDF string may hold",
                                 i + 1, uri.len, PDF_STRING_MAX);
                    continue;
                }
                a = HPDF_Page_CreateURILinkAnnot(doc->pages[i], rect, uri.data);
            } else if (l->kind == DLINK_DEST) {
                HPDF_Destination dst = pdf_make_dest(doc, l->page, l->dest_y);
                if (!dst) {
                    buf_free(&uri);
                    snprintf(what, sizeof what, "linking from page %zu", i + 1);
                    return pdf_error(doc, what);
                }
                a = HPDF_Page_CreateLinkAnnot(doc->pages[i], rect, dst);
            } else {
                continue;
            }
            if (!a || HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0) != HPDF_OK ||
                HPDF_Dict_AddNumber(a, "F", 4) != HPDF_OK) {
                buf_free(&uri);
                snprintf(what, sizeof what, "adding a link on page %zu", i + 1);
                return pdf_error(doc, what);
            }
            if (pdf_tag_link(doc, i, l, a) != 0) {
                buf_free(&uri);
                return -1;
            }
        }
    }
    buf_free(&uri);
    return pdf_check(doc, "adding links");
}

int pdf_add_outline(PdfDoc *doc)
{
    const Layout *lay = doc->lay;
    if (lay->n_outline == 0)
        return 0;
    HPDF_Encoder enc = HPDF_GetEncoder(doc->pdf, "UTF-8");
    if (!enc)
        return pdf_error(doc, "preparing the outline");
    /* the open ancestors of the current item, by level */
    enum { MAX_DEPTH = 16 };
    HPDF_Outline stack[MAX_DEPTH];
    int levels[MAX_DEPTH];
    int depth = 0;
    for (size_t i = 0; i < lay->n_outline; i++) {
        const OutlineItem *it = &lay->outline[i];
        while (depth > 0 && levels[depth - 1] >= it->level)
            depth--;
        HPDF_Outline parent = depth > 0 ? stack[depth - 1] : NULL;
        const char *title = pdf_text_shorten(pdfmeta_clean(it->title, doc->arena),
                                             PDF_OUTLINE_MAX_UTF8, PDF_INFO_MAX_UTF16, doc->arena);
        HPDF_Outline o = HPDF_CreateOutline(doc->pdf, parent, title ? title : "", enc);
        HPDF_Destination dst = o ? pdf_make_dest(doc, it->page, it->y) : NULL;
        if (!dst || HPDF_Outline_SetDestination(o, dst) != HPDF_OK)
            return pdf_error(doc, "building the outline");
        /* chapters open, showing their sections; deeper levels closed */
        HPDF_Outline_SetOpened(o, it->level <= 1 ? HPDF_TRUE : HPDF_FALSE);
        if (depth == MAX_DEPTH)
            depth--; /* absurdly deep: attach further items to the deepest kept level */
        stack[depth] = o;
        levels[depth] = it->level;
        depth++;
    }
    HPDF_SetPageMode(doc->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    return pdf_check(doc, "building the outline");
}

/* A label printed as a plain decimal number ("1", "23"): its value, else 0. */
static long decimal_label(const char *s)
{
    if (!s || *s < '1' || *s > '9')
        return 0;
    long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000)
            return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* /PageLabels as a number tree: one decimal range for each run of pages
 * numbered n, n+1, …; any other label becomes a one-page range whose prefix
 * is the label itself. The usual case is the single range [0 << /S /D >>]. */
int pdf_add_page_labels(PdfDoc *doc)
{
    const Layout *lay = doc->lay;
    HPDF_MMgr mm = hpdfx_mmgr(doc->pdf);
    HPDF_Encoder enc = HPDF_GetEncoder(doc->pdf, "UTF-8");
    HPDF_Dict labels = HPDF_Dict_New(mm);
    HPDF_Array nums = HPDF_Array_New(mm);
    if (!labels || !nums || HPDF_Dict_Add(labels, "Nums", nums) != HPDF_OK ||
        HPDF_Dict_Add(hpdfx_catalog(doc->pdf), "PageLabels", labels) != HPDF_OK)
        return pdf_error(doc, "adding page labels");
    long prev = 0;
    HPDF_STATUS r = HPDF_OK;
    for (size_t i = 0; i < lay->n_pages; i++) {
        const char *label = lay->pages[i].label;
        long v = decimal_label(label);
        if (v && prev && v == prev + 1) {
            prev = v;
            continue;
        }
        HPDF_Dict range = HPDF_Dict_New(mm);
        if (!range)
            break;
        r += HPDF_Array_AddNumber(nums, (HPDF_INT32)i);
        r += HPDF_Array_Add(nums, range);
        if (v) {
            r += HPDF_Dict_AddName(range, "S", "D");
            if (v != 1)
                r += HPDF_Dict_AddNumber(range, "St", (HPDF_INT32)v);
        } else if (label && *label) {
            const char *clean = pdf_text_shorten(pdfmeta_clean(label, doc->arena),
                                                 PDF_OUTLINE_MAX_UTF8, PDF_INFO_MAX_UTF16,
                                                 doc->arena);
            if (clean)
                r += HPDF_Dict_Add(range, "P", HPDF_String_New(mm, clean, enc));
        }
        prev = v;
    }
    if (r != HPDF_OK)
        return pdf_error(doc, "adding page labels");
    return pdf_check(doc, "adding page labels");
}
