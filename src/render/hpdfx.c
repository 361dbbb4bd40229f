/* hpdfx.c — the uses of libharu's non-public structures that tagging needs.
 *
 * libharu 2.3 has no calls for marked content, structure elements or the
 * catalog entries of a tagged PDF. Its object layer (hpdf_objects.h,
 * installed with the library and exported) can make dictionaries and
 * arrays, but a new object only becomes an indirect object of the file
 * through the document's cross-reference table, and the catalog, the memory
 * manager and a page's content stream are fields of structures the public
 * API keeps opaque. Each function below names the field it reaches. */
#include "hpdfx.h"

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_list.h>
#include <hpdf_pages.h>

HPDF_STATUS hpdfx_page_write(HPDF_Page page, const void *data, size_t len)
{
    /* No public call writes arbitrary operators (BDC/EMC with properties):
     * the page's content stream is attr->stream. */
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}

HPDF_MMgr hpdfx_mmgr(HPDF_Doc pdf)
{
    /* New objects are allocated from the document's manager (pdf->mmgr),
     * which the public API does not hand out. */
    return pdf->mmgr;
}

HPDF_Dict hpdfx_catalog(HPDF_Doc pdf)
{
    /* /StructTreeRoot and /MarkInfo have no setter: the catalog is pdf->catalog. */
    return pdf->catalog;
}

HPDF_Dict hpdfx_new_dict_object(HPDF_Doc pdf)
{
    /* Structure elements must be indirect objects (they are referenced from
     * the parent tree): added to the cross-reference table pdf->xref. */
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL; /* HPDF_Xref_Add frees the object on failure */
    return d;
}

HPDF_Array hpdfx_new_array_object(HPDF_Doc pdf)
{
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    if (a && HPDF_Xref_Add(pdf->xref, a) != HPDF_OK)
        return NULL;
    return a;
}

HPDF_STATUS hpdfx_array_add(HPDF_Array array, void *obj)
{
    /* HPDF_Array_Add refuses a 32768th element (an old implementation
     * limit; ISO 32000-1 has none): a code block over two thousand pages
     * has more marked-content sequences than that. The same steps without
     * the cap: an indirect object goes in through a proxy (a reference), and
     * the element is marked as owned, on the array's list. */
    if (!obj)
        return HPDF_INVALID_OBJECT;
    HPDF_Obj_Header *h = obj;
    if (h->obj_id & HPDF_OTYPE_DIRECT)
        return HPDF_INVALID_OBJECT;
    if (h->obj_id & HPDF_OTYPE_INDIRECT) {
        HPDF_Proxy proxy = HPDF_Proxy_New(array->mmgr, obj);
        if (!proxy)
            return HPDF_FAILD_TO_ALLOC_MEM;
        obj = proxy;
        h = obj;
    }
    h->obj_id |= HPDF_OTYPE_DIRECT;
    HPDF_STATUS r = HPDF_List_Add(array->list, obj);
    if (r != HPDF_OK)
        HPDF_Obj_Free(array->mmgr, obj);
    return r;
}

uint32_t hpdfx_obj_number(const void *obj)
{
    /* The structure tree is written as text (tag.c) and refers to pages and
     * link annotations by number: libharu keeps it in the object header. */
    const HPDF_Obj_Header *h = obj;
    return h->obj_id & 0x00FFFFFF;
}

HPDF_Dict hpdfx_info(HPDF_Doc pdf)
{
    /* HPDF_SetInfoAttr cannot remove libharu's default /Producer: pdf->info. */
    return pdf->info;
}

HPDF_Dict hpdfx_trailer(HPDF_Doc pdf)
{
    /* Our own /ID (a hash of the inputs) instead of libharu's time-based
     * one goes into the trailer, pdf->trailer, before saving. */
    return pdf->trailer;
}

void hpdfx_set_version(HPDF_Doc pdf, HPDF_PDFVer version)
{
    /* The header version follows the features libharu itself uses; PDF/A-2
     * is PDF 1.7: pdf->pdf_version. */
    pdf->pdf_version = version;
}

HPDF_Dict hpdfx_new_stream_object(HPDF_Doc pdf)
{
    /* XMP metadata and the ICC profile are streams of our own making:
     * HPDF_DictStream_New needs the document's manager and xref. */
    return HPDF_DictStream_New(pdf->mmgr, pdf->xref);
}

int hpdfx_font_has_glyph(HPDF_Font font, unsigned code)
{
    /* Whether a character would be drawn as .notdef: the font definition
     * behind an HPDF_Font is font->attr->fontdef. */
    HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
    return HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)code) != 0;
}

int hpdfx_font_char_width(HPDF_Font font, unsigned code)
{
    /* The /W width of a character (1/1000 em); asking for it also marks the
     * glyph for the font subset. */
    HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
    return HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)code);
}

HPDF_Dict hpdfx_font_tounicode(HPDF_Font font)
{
    /* libharu's ToUnicode CMap uses begincidrange, which a ToUnicode CMap
     * may not (pdfa.c writes a correct one into the same object): it is
     * font->attr->cmap_stream. */
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    return attr ? attr->cmap_stream : NULL;
}

HPDF_STATUS hpdfx_stream_replace(HPDF_Dict stream, const void *data, size_t len)
{
    /* No public call empties a stream: its memory stream is stream->stream. */
    HPDF_MemStream_FreeData(stream->stream);
    return HPDF_Stream_Write(stream->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}
