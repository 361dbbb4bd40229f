/* meta.c — document metadata: the values shared by the Info dictionary and
 * the XMP packet, UTC dates without the C library's time zone machinery, and
 * the XMP packet itself (PDF/A-2u identification). */
#include <stdio.h>
#include <string.h>

#include "../base/utf8.h"
#include "internal.h"

const char *pdfmeta_clean(const char *s, Arena *a)
{
    if (!s || !*s)
        return NULL;
    size_t n = strlen(s);
    Buf b = {0};
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_next((const unsigned char *)s + i, n - i, &cp);
        i += k;
        if (cp == '\t' || cp == '\n' || cp == '\r')
            cp = ' ';
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            continue;
        else if (cp > 0xFFFF || cp == 0xFEFF || cp >= 0xFFFE)
            cp = 0xFFFD;
        char enc[4];
        buf_put(&b, enc, utf8_encode(cp, enc));
    }
    const char *r = b.len ? arena_strndup(a, b.data, b.len) : NULL;
    buf_free(&b);
    return r;
}

const char *pdf_text_shorten(const char *s, size_t max_utf8, size_t max_utf16, Arena *a)
{
    if (!s)
        return NULL;
    static const char ellipsis[] = "\xE2\x80\xA6"; /* U+2026: 3 bytes UTF-8, 2 UTF-16 */
    const size_t n = strlen(s);
    size_t u16 = 2; /* the BOM */
    size_t cut = 0; /* the longest prefix that leaves room for the ellipsis */
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        /* a stray byte: one character as the encoders see it */
        size_t k = utf8_next((const unsigned char *)s + i, n - i, &cp);
        size_t w = cp > 0xFFFF ? 4 : 2;
        if (i + k > max_utf8 || u16 + w > max_utf16)
            break;
        i += k;
        u16 += w;
        if (i + 3 <= max_utf8 && u16 + 2 <= max_utf16)
            cut = i;
    }
    if (i == n)
        return s;
    while (cut > 0 && s[cut - 1] == ' ')
        cut--;
    char *r = arena_alloc(a, cut + sizeof ellipsis);
    memcpy(r, s, cut);
    memcpy(r + cut, ellipsis, sizeof ellipsis);
    return r;
}

static const char *info_text(const char *s, Arena *a)
{
    return pdf_text_shorten(pdfmeta_clean(s, a), (size_t)-1, PDF_INFO_MAX_UTF16, a);
}

void pdfmeta_from_info(PdfMeta *m, const DocInfo *info, int64_t timestamp, const char *tool,
                       const char *producer, Arena *a)
{
    memset(m, 0, sizeof *m);
    m->title = info_text(info->title, a);
    m->author = info_text(info->issuer, a);
    m->subject = info_text(info->subtitle, a);
    m->rights = info_text(info->classification, a);
    Buf kw = {0};
    if (m->rights)
        buf_puts(&kw, m->rights);
    for (size_t i = 0; i < info->n_keywords; i++) {
        const char *k = pdfmeta_clean(info->keywords[i], a);
        if (!k)
            continue;
        if (kw.len)
            buf_puts(&kw, ", ");
        buf_puts(&kw, k);
        if (kw.len > 4 * (size_t)PDF_INFO_MAX_UTF16)
            break; /* far more than will be kept */
    }
    m->keywords = kw.len ? info_text(kw.data, a) : NULL;
    buf_free(&kw);
    m->creator = info_text(tool, a);
    m->producer = info_text(producer, a);
    m->lang = info->lang == LANG_EN ? "en-GB" : "de-DE";
    m->timestamp = timestamp;
    m->data = info->data;
}

/* Civil date from days since 1970-01-01 (the inverse of the days-from-civil
 * computation in main.c; Howard Hinnant's algorithm). */
PdfDateTime pdf_datetime(int64_t t)
{
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    return (PdfDateTime){
        .year = (int)y,
        .month = (int)m,
        .day = (int)d,
        .hour = (int)(secs / 3600),
        .minute = (int)(secs / 60 % 60),
        .second = (int)(secs % 60),
    };
}

void xml_escape(Buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&apos;"); break;
        default: buf_putc(out, *s); break;
        }
    }
}

static void simple_prop(Buf *out, const char *name, const char *value)
{
    if (!value)
        return;
    buf_printf(out, "   <%s>", name);
    xml_escape(out, value);
    buf_printf(out, "</%s>\n", name);
}

static void alt_prop(Buf *out, const char *name, const char *value)
{
    if (!value)
        return;
    buf_printf(out, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", name);
    xml_escape(out, value);
    buf_printf(out, "</rdf:li></rdf:Alt></%s>\n", name);
}

const XmpSchema xmp_schema_pdfua = {
    "PDF/UA Universal Accessibility Schema", "http://www.aiim.org/pdfua/ns/id/", "pdfuaid",
    "part", "Integer", "internal", "Indicates, which part of ISO 14289 standard is followed"};

void xmp_packet(const PdfMeta *m, Buf *out)
{
    PdfDateTime t = pdf_datetime(m->timestamp);
    char date[32];
    snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", t.year, t.month, t.day,
             t.hour, t.minute, t.second);

    /* U+FEFF as the packet header's begin attribute, in UTF-8 */
    buf_puts(out, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                  "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                  " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");

    buf_puts(out, "  <rdf:Description rdf:about=\"\"\n"
                  "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                  "   <dc:format>application/pdf</dc:format>\n");
    alt_prop(out, "dc:title", m->title);
    if (m->author) {
        buf_puts(out, "   <dc:creator><rdf:Seq><rdf:li>");
        xml_escape(out, m->author);
        buf_puts(out, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    alt_prop(out, "dc:description", m->subject);
    alt_prop(out, "dc:rights", m->rights);
    if (m->lang)
        buf_printf(out, "   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n",
                   m->lang);
    buf_puts(out, "  </rdf:Description>\n");

    buf_puts(out, "  <rdf:Description rdf:about=\"\"\n"
                  "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    simple_prop(out, "pdf:Producer", m->producer);
    simple_prop(out, "pdf:Keywords", m->keywords);
    buf_puts(out, "  </rdf:Description>\n");

    buf_puts(out, "  <rdf:Description rdf:about=\"\"\n"
                  "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
    simple_prop(out, "xmp:CreatorTool", m->creator);
    simple_prop(out, "xmp:CreateDate", date);
    simple_prop(out, "xmp:ModifyDate", date);
    simple_prop(out, "xmp:MetadataDate", date);
    buf_puts(out, "  </rdf:Description>\n");

    /* PDF/A-2a (accessible) and PDF/UA-1. The PDF/UA identification schema
     * is not one PDF/A-2 knows: it is declared in an extension schema. */
    buf_puts(out, "  <rdf:Description rdf:about=\"\"\n"
                  "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                  "   <pdfaid:part>2</pdfaid:part>\n"
                  "   <pdfaid:conformance>A</pdfaid:conformance>\n"
                  "  </rdf:Description>\n"
                  "  <rdf:Description rdf:about=\"\"\n"
                  "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                  "   <pdfuaid:part>1</pdfuaid:part>\n"
                  "  </rdf:Description>\n");
    /* the schemas outside PDF/A's predefined ones: PDF/UA's identification,
     * the report data */
    const XmpSchema *ext[2] = {&xmp_schema_pdfua};
    size_t n_ext = 1;
    if (m->data)
        ext[n_ext++] = &xmp_schema_report_data;
    xmp_extension_schemas(out, ext, n_ext);
    xmp_report_data(out, m->data);
    buf_puts(out, " </rdf:RDF>\n"
                  "</x:xmpmeta>\n");
    /* room for in-place edits by other tools, as the XMP spec recommends */
    for (int i = 0; i < 20; i++)
        buf_puts(out, "                                                                   \n");
    buf_puts(out, "<?xpacket end=\"w\"?>");
}
