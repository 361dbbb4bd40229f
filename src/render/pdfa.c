/* pdfa.c — what makes the file PDF/A-2u beyond plain drawing: the Info
 * dictionary and an XMP packet with the same values, the sRGB output intent,
 * /Lang and DisplayDocTitle in the catalog, a trailer /ID from the input
 * hash, and correct ToUnicode CMaps.
 *
 * libharu's own PDF/A support is not used: it knows only PDF/A-1, does not
 * escape XMP values, misspells /Subtype and its output intent key has a
 * trailing space ("DestOutputProfile "). We build those objects ourselves
 * through libharu's object API. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/file.h"
#include "hpdfx.h"
#include "pdfdoc.h"

static HPDF_Date to_hpdf_date(int64_t t)
{
    PdfDateTime d = pdf_datetime(t);
    HPDF_Date r = {0};
    r.year = d.year;
    r.month = d.month;
    r.day = d.day;
    r.hour = d.hour;
    r.minutes = d.minute;
    r.seconds = d.second;
    r.ind = '+'; /* libharu rejects 'Z' here in places; +00'00' is the same instant */
    r.off_hour = 0;
    r.off_minutes = 0;
    return r;
}

static int set_info(PdfDoc *doc, const PdfMeta *m)
{
    HPDF_Doc pdf = doc->pdf;
    /* The current encoder is UTF-8: libharu writes these as UTF-16BE text
     * strings, the same characters as in the XMP packet. */
    struct {
        HPDF_InfoType type;
        const char *value;
    } text[] = {
        {HPDF_INFO_TITLE, m->title},     {HPDF_INFO_AUTHOR, m->author},
        {HPDF_INFO_SUBJECT, m->subject}, {HPDF_INFO_KEYWORDS, m->keywords},
        {HPDF_INFO_CREATOR, m->creator}, {HPDF_INFO_PRODUCER, m->producer},
    };
    for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
        if (text[i].value && HPDF_SetInfoAttr(pdf, text[i].type, text[i].value) != HPDF_OK)
            return pdf_error(doc, "setting the document information");
    }
    if (!m->producer) /* never leave libharu's default producer behind */
        HPDF_Dict_RemoveElement(hpdfx_info(pdf), "Producer");
    HPDF_Date d = to_hpdf_date(m->timestamp);
    if (HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d) != HPDF_OK ||
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d) != HPDF_OK)
        return pdf_error(doc, "setting the document dates");
    return pdf_check(doc, "setting the document information");
}

static int add_xmp(PdfDoc *doc, const PdfMeta *m)
{
    Buf x = {0};
    xmp_packet(m, &x);
    HPDF_Dict s = hpdfx_new_stream_object(doc->pdf);
    int ok = s && HPDF_Dict_AddName(s, "Type", "Metadata") == HPDF_OK &&
             HPDF_Dict_AddName(s, "Subtype", "XML") == HPDF_OK &&
             hpdfx_stream_replace(s, x.data, x.len) == HPDF_OK &&
             HPDF_Dict_Add(hpdfx_catalog(doc->pdf), "Metadata", s) == HPDF_OK;
    buf_free(&x);
    if (!ok)
        return pdf_error(doc, "adding the XMP metadata");
    s->filter = HPDF_STREAM_FILTER_NONE; /* metadata stays readable to any tool */
    return 0;
}

static int add_output_intent(PdfDoc *doc, const char *icc_path)
{
    if (!icc_path)
        return pdf_fail(doc, "no ICC profile given for the output intent");
    size_t len = 0;
    unsigned char *icc;
    int err_no;
    if (file_read_all(icc_path, SIZE_MAX, &icc, &len, &err_no) != FILE_OK || len == 0) {
        free(icc);
        return pdf_fail(doc, "cannot read the ICC profile %s", icc_path);
    }
    /* ICC header: size at 0, data colour space at 16 ("RGB ") */
    if (len < 128 || memcmp(icc + 36, "acsp", 4) != 0 || memcmp(icc + 16, "RGB ", 4) != 0) {
        free(icc);
        return pdf_fail(doc, "%s is not an RGB ICC profile", icc_path);
    }
    HPDF_MMgr mm = hpdfx_mmgr(doc->pdf);
    HPDF_Dict prof = hpdfx_new_stream_object(doc->pdf);
    int ok = prof && HPDF_Dict_AddNumber(prof, "N", 3) == HPDF_OK &&
             HPDF_Dict_AddName(prof, "Alternate", "DeviceRGB") == HPDF_OK &&
             hpdfx_stream_replace(prof, icc, len) == HPDF_OK;
    free(icc);
    if (!ok)
        return pdf_error(doc, "embedding the ICC profile");
    prof->filter = HPDF_STREAM_FILTER_FLATE_DECODE;

    const char *cond = "sRGB IEC61966-2.1";
    HPDF_Dict intent = HPDF_Dict_New(mm);
    HPDF_Array intents = HPDF_Array_New(mm);
    HPDF_STATUS r = HPDF_OK;
    if (!intent || !intents)
        return pdf_error(doc, "adding the output intent");
    r += HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    r += HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    r += HPDF_Dict_Add(intent, "OutputConditionIdentifier", HPDF_String_New(mm, cond, NULL));
    r += HPDF_Dict_Add(intent, "Info", HPDF_String_New(mm, cond, NULL));
    r += HPDF_Dict_Add(intent, "DestOutputProfile", prof);
    r += HPDF_Array_Add(intents, intent);
    r += HPDF_Dict_Add(hpdfx_catalog(doc->pdf), "OutputIntents", intents);
    if (r != HPDF_OK)
        return pdf_error(doc, "adding the output intent");
    return 0;
}

static int add_catalog_entries(PdfDoc *doc, const PdfMeta *m)
{
    HPDF_MMgr mm = hpdfx_mmgr(doc->pdf);
    HPDF_Dict cat = hpdfx_catalog(doc->pdf);
    HPDF_Dict vp = HPDF_Dict_New(mm);
    HPDF_STATUS r = HPDF_OK;
    if (!vp)
        return pdf_error(doc, "completing the catalog");
    r += HPDF_Dict_Add(cat, "Lang", HPDF_String_New(mm, m->lang, NULL));
    r += HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
    r += HPDF_Dict_Add(cat, "ViewerPreferences", vp);
    if (r != HPDF_OK)
        return pdf_error(doc, "completing the catalog");
    return 0;
}

/* The trailer /ID: two equal strings, the first 16 bytes of the SHA-256 of
 * the inputs. Set before saving, libharu keeps it. */
static int add_id(PdfDoc *doc)
{
    HPDF_MMgr mm = hpdfx_mmgr(doc->pdf);
    HPDF_Array id = HPDF_Array_New(mm);
    HPDF_STATUS r = HPDF_OK;
    if (!id)
        return pdf_error(doc, "adding the file identifier");
    r += HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)doc->lay->info.input_hash, 16));
    r += HPDF_Array_Add(id, HPDF_Binary_New(mm, (HPDF_BYTE *)doc->lay->info.input_hash, 16));
    r += HPDF_Dict_Add(hpdfx_trailer(doc->pdf), "ID", id);
    if (r != HPDF_OK)
        return pdf_error(doc, "adding the file identifier");
    return 0;
}

int pdf_add_archival_metadata(PdfDoc *doc, const PdfMeta *meta, const char *icc_path)
{
    if (set_info(doc, meta) != 0 || add_xmp(doc, meta) != 0 ||
        add_output_intent(doc, icc_path) != 0 || add_catalog_entries(doc, meta) != 0 ||
        add_id(doc) != 0)
        return -1;
    return pdf_check(doc, "adding the archival metadata");
}

int pdf_fix_tounicode(PdfDoc *doc)
{
    Buf cmap = {0};
    for (int slot = 0; slot < FONT_COUNT; slot++) {
        HPDF_Font f = doc->fonts[slot];
        if (!f)
            continue;
        HPDF_Dict s = hpdfx_font_tounicode(f);
        if (!s || HPDF_Dict_GetItem(f, "ToUnicode", HPDF_OCLASS_DICT) != s) {
            buf_free(&cmap);
            return pdf_fail(doc, "font %d has no ToUnicode stream to replace", slot);
        }
        cmap.len = 0;
        tounicode_cmap(doc->used[slot], &cmap);
        /* Rewrite the stream in place (same object, so no stale copy with
         * `begincidrange` stays in the file); drop the CMap-resource entries
         * libharu put in its dictionary, a ToUnicode stream needs none. */
        if (hpdfx_stream_replace(s, cmap.data, cmap.len) != HPDF_OK) {
            buf_free(&cmap);
            return pdf_error(doc, "writing a ToUnicode CMap");
        }
        HPDF_Dict_RemoveElement(s, "Type");
        HPDF_Dict_RemoveElement(s, "CMapName");
        HPDF_Dict_RemoveElement(s, "CIDSystemInfo");
        HPDF_Dict_RemoveElement(s, "WMode");
        s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    }
    buf_free(&cmap);
    return pdf_check(doc, "writing the ToUnicode CMaps");
}

void pdf_warn_missing_glyphs(PdfDoc *doc)
{
    for (int slot = 0; slot < FONT_COUNT; slot++) {
        HPDF_Font f = doc->fonts[slot];
        if (!f)
            continue;
        const GlyphSet *g = doc->used[slot];
        Buf list = {0};
        size_t missing = 0;
        for (uint32_t cid = 0x20; cid < 0xFFFF; cid++) {
            if (!glyphset_has(g, cid) || hpdfx_font_has_glyph(f, cid))
                continue;
            if (missing++ < 8)
                buf_printf(&list, "%sU+%04X", list.len ? ", " : "", (unsigned)cid);
        }
        if (missing) {
            const char *file = "?";
            for (int r = 0; r < FONT_COUNT; r++)
                if (doc->font_slot[r] == slot && doc->lay->font_files[r])
                    file = doc->lay->font_files[r];
            diag_warning(doc->diags, (SrcPos){.file = doc->path},
                         "%zu character%s not in font %s (%s%s): drawn as .notdef, which PDF/A-2 "
                         "forbids",
                         missing, missing == 1 ? "" : "s", file, list.data,
                         missing > 8 ? ", …" : "");
        }
        buf_free(&list);
    }
}
