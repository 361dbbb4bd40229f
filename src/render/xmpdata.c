/* xmpdata.c — PDF/A extension schemas and the report's measure data in XMP.
 *
 * PDF/A-2 allows embedded files only when they are PDF/A themselves, so the
 * data (normalised JSON, see load/data.c) is not an attachment: it is one
 * text property, imr:data, of the document's XMP metadata. PDF/A-2 requires
 * every property outside the predefined schemas to be declared in the same
 * packet with a PDF/A extension schema (ISO 19005-2, 6.6.2.3). The packet
 * has one pdfaExtension:schemas container for all such schemas (a property
 * appears once in XMP): xmp_extension_schemas() writes it from a list, so a
 * further schema (PDF/UA's pdfuaid, say) is one more entry of that list. The
 * JSON is XML-escaped (&, <, >) and left uncompressed, as PDF/A wants the
 * metadata stream; load/previous.c reads it back. */
#include "internal.h"

const XmpSchema xmp_schema_report_data = {
    "imagreport report data", IMR_DATA_XMP_NS, "imr", "data", "Text", "external",
    "The report's measures as normalised JSON (imagreport-data, version 1)"};

/* Element content: only &, < and > need escaping (JSON keeps its quotes). */
static void xml_text(Buf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            buf_puts(out, "&amp;");
        else if (*s == '<')
            buf_puts(out, "&lt;");
        else if (*s == '>')
            buf_puts(out, "&gt;");
        else
            buf_putc(out, *s);
    }
}

void xmp_extension_schemas(Buf *out, const XmpSchema *const *schemas, size_t n)
{
    if (!n)
        return;
    buf_puts(out, "  <rdf:Description rdf:about=\"\"\n"
                  "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
                  "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
                  "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
                  "   <pdfaExtension:schemas>\n"
                  "    <rdf:Bag>\n");
    for (size_t i = 0; i < n; i++) {
        const XmpSchema *s = schemas[i];
        buf_printf(out,
                   "     <rdf:li rdf:parseType=\"Resource\">\n"
                   "      <pdfaSchema:schema>%s</pdfaSchema:schema>\n"
                   "      <pdfaSchema:namespaceURI>%s</pdfaSchema:namespaceURI>\n"
                   "      <pdfaSchema:prefix>%s</pdfaSchema:prefix>\n"
                   "      <pdfaSchema:property>\n"
                   "       <rdf:Seq>\n"
                   "        <rdf:li rdf:parseType=\"Resource\">\n"
                   "         <pdfaProperty:name>%s</pdfaProperty:name>\n"
                   "         <pdfaProperty:valueType>%s</pdfaProperty:valueType>\n"
                   "         <pdfaProperty:category>%s</pdfaProperty:category>\n"
                   "         <pdfaProperty:description>%s</pdfaProperty:description>\n"
                   "        </rdf:li>\n"
                   "       </rdf:Seq>\n"
                   "      </pdfaSchema:property>\n"
                   "     </rdf:li>\n",
                   s->name, s->ns, s->prefix, s->property, s->value_type, s->category,
                   s->description);
    }
    buf_puts(out, "    </rdf:Bag>\n"
                  "   </pdfaExtension:schemas>\n"
                  "  </rdf:Description>\n");
}

void xmp_report_data(Buf *out, const char *json)
{
    if (!json)
        return;
    buf_puts(out, "  <rdf:Description rdf:about=\"\"\n"
                  "    xmlns:imr=\"" IMR_DATA_XMP_NS "\">\n"
                  "   " IMR_DATA_XMP_OPEN);
    xml_text(out, json);
    buf_puts(out, IMR_DATA_XMP_CLOSE "\n  </rdf:Description>\n");
}
