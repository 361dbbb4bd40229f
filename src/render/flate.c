/* flate.c — page content streams compressed by us at zlib's fastest level.
 *
 * libharu deflates every stream at level 6 when it saves; for page content
 * (plain operator text, the bulk of a long report) level 1 is much faster
 * for a slightly larger file (1000 generated measures: the whole build 0.43
 * instead of 0.52 s CPU, the PDF 9 % larger). Once a page is drawn its
 * content stream is replaced by the compressed bytes and given no libharu
 * filter; the dictionary's write hook adds /Filter /FlateDecode (libharu
 * drops a /Filter entry of a stream it does not filter itself). /Length stays
 * right: libharu sets it from the bytes it copies out of the stream. */
#include <stdlib.h>
#include <string.h>

#include <hpdf_pages.h>
#include <zlib.h>

#include "pdfdoc.h"

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    (void)dict;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

int pdf_flate_page(PdfDoc *doc, HPDF_Page page)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Dict contents = attr->contents;
    HPDF_Stream s = attr->stream;
    if (!contents || contents->stream != s || s->type != HPDF_STREAM_MEMORY ||
        (contents->write_fn && contents->write_fn != write_flate_filter))
        return pdf_fail(doc, "unexpected page content stream");
    /* libharu closes an open text or path object and restores saved
     * graphics states by appending operators when it saves the page: that
     * would land after the compressed bytes */
    if (attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION || (attr->gstate && attr->gstate->prev))
        return pdf_fail(doc, "a page's drawing was left unfinished");
    /* the stream's bytes, gathered from libharu's buffers */
    Buf *in = &doc->flate_in;
    in->len = 0;
    HPDF_UINT count = HPDF_MemStream_GetBufCount(s);
    for (HPDF_UINT i = 0; i < count; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &len);
        if (!p)
            return pdf_error(doc, "reading a page's content");
        buf_put(in, (const char *)p, len);
    }
    uLong bound = compressBound((uLong)in->len);
    if (bound > doc->flate_cap) {
        unsigned char *q = realloc(doc->flate_out, bound);
        if (!q)
            return pdf_fail(doc, "out of memory");
        doc->flate_out = q;
        doc->flate_cap = bound;
    }
    uLongf n = (uLongf)doc->flate_cap;
    if (compress2(doc->flate_out, &n, (const Bytef *)in->data, (uLong)in->len, Z_BEST_SPEED) !=
        Z_OK)
        return pdf_fail(doc, "compressing a page's content failed");
    HPDF_MemStream_FreeData(s);
    if (HPDF_Stream_Write(s, doc->flate_out, (HPDF_UINT)n) != HPDF_OK)
        return pdf_error(doc, "writing a page's content");
    contents->filter = HPDF_STREAM_FILTER_NONE;
    contents->write_fn = write_flate_filter;
    return 0;
}
