/* xmpdata.c — the report's measure data in the XMP packet.
 *
 * PDF/A-2 allows embedded files only when they are PDF/A themselves, so the
 * data (normalised JSON, see load/data.c) is not an attachment: it is one
 * text property, imr:data, of the document's XMP metadata. PDF/A-2 requires
 * every property outside the predefined schemas to be declared in the same
 * packet with a PDF/A extension schema (ISO 19005-2, 6.6.2.3), which this
 * file writes too. The JSON is XML-escaped (&, <, >) and left uncompressed,
 * as PDF/A wants the metadata stream; load/previous.c reads it back. */
#include "internal.h"

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

void xmp_report_data(Buf *out, const char *json)
{
    if (!json)
        return;
    buf_puts(out,
             "  <rdf:Description rdf:about=\"\"\n"
             "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
             "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
             "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
             "   <pdfaExtension:schemas>\n"
             "    <rdf:Bag>\n"
             "     <rdf:li rdf:parseType=\"Resource\">\n"
             "      <pdfaSchema:schema>imagreport report data</pdfaSchema:schema>\n"
             "      <pdfaSchema:namespaceURI>" IMR_DATA_XMP_NS "</pdfaSchema:namespaceURI>\n"
             "      <pdfaSchema:prefix>imr</pdfaSchema:prefix>\n"
             "      <pdfaSchema:property>\n"
             "       <rdf:Seq>\n"
             "        <rdf:li rdf:parseType=\"Resource\">\n"
             "         <pdfaProperty:name>data</pdfaProperty:name>\n"
             "         <pdfaProperty:valueType>Text</pdfaProperty:valueType>\n"
             "         <pdfaProperty:category>external</pdfaProperty:category>\n"
             "         <pdfaProperty:description>The report's measures as normalised JSON "
             "(imagreport-data, version 1)</pdfaProperty:description>\n"
             "        </rdf:li>\n"
             "       </rdf:Seq>\n"
             "      </pdfaSchema:property>\n"
             "     </rdf:li>\n"
             "    </rdf:Bag>\n"
             "   </pdfaExtension:schemas>\n"
             "  </rdf:Description>\n"
             "  <rdf:Description rdf:about=\"\"\n"
             "    xmlns:imr=\"" IMR_DATA_XMP_NS "\">\n"
             "   " IMR_DATA_XMP_OPEN);
    xml_text(out, json);
    buf_puts(out, IMR_DATA_XMP_CLOSE "\n  </rdf:Description>\n");
}
