/* internal.h — pieces of the render stage shared between its files and its
 * unit tests (not part of the stage's public contract). */
#ifndef IMR_RENDER_INTERNAL_H
#define IMR_RENDER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/types.h"

/* ---------- ToUnicode (tounicode.c) ----------
 *
 * With libharu's UTF-8 encoder and an embedded TrueType font (Identity-H),
 * the 2-byte code written into the content stream is the character's BMP
 * code point, and that code is also the CID (libharu's CIDToGIDMap maps it to
 * the glyph). So the ToUnicode CMap maps each used CID to itself. */

typedef struct GlyphSet {
    unsigned char bits[65536 / 8]; /* one bit per CID */
    size_t count;
} GlyphSet;

void glyphset_add(GlyphSet *g, uint32_t cid);
bool glyphset_has(const GlyphSet *g, uint32_t cid);
/* Adds the CIDs libharu writes for the UTF-8 text s[0..len), decoding it
 * exactly as libharu's encoder does (characters beyond the BMP become the
 * space, stray continuation bytes are skipped). */
void glyphset_add_utf8(GlyphSet *g, const char *s, size_t len);
/* The same decoding into 2-byte codes (= CIDs): out has room for len codes;
 * returns how many were written. */
size_t utf8_to_codes(const char *s, size_t len, uint16_t *out);

/* The Unicode value a CID maps to in our CMaps: the code point itself, or
 * U+FFFD where that is not allowed (U+0000, surrogates, U+FEFF, U+FFFE/F). */
uint32_t tounicode_value(uint32_t cid);

/* Appends a ToUnicode CMap for the CIDs in g: bfrange for runs of
 * consecutive CIDs (never crossing a high-byte boundary), bfchar for single
 * ones, at most 100 entries per block. */
void tounicode_cmap(const GlyphSet *g, Buf *out);

/* ---------- metadata (meta.c) ---------- */

/* The document's metadata as it goes into both the Info dictionary and the
 * XMP packet: cleaned UTF-8 (control characters dropped, characters beyond
 * the BMP replaced by U+FFFD as libharu cannot write them), NULL when absent. */
typedef struct PdfMeta {
    const char *title, *author, *subject, *keywords;
    const char *rights;   /* the classification marking: dc:rights (and first keyword) */
    const char *creator;  /* the tool: xmp:CreatorTool, /Creator */
    const char *producer; /* pdf:Producer, /Producer */
    const char *lang;     /* "de-DE", "en-GB" */
    int64_t timestamp;    /* seconds since the epoch, UTC */
    const char *data;     /* the report's measure data (JSON), or NULL */
} PdfMeta;

/* Fills m from the layout's DocInfo, the tool ("imagreport 0.1.0") and the
 * producer ("imagreport 0.1.0 with libharu 2.3.0"); strings in the arena,
 * each shortened to PDF_INFO_MAX_UTF16 (so Info and XMP stay equal). */
void pdfmeta_from_info(PdfMeta *m, const DocInfo *info, int64_t timestamp, const char *tool,
                       const char *producer, Arena *a);
/* Copies s into the arena as cleaned metadata text (see PdfMeta); NULL for
 * NULL or empty input. */
const char *pdfmeta_clean(const char *s, Arena *a);

/* ISO 32000-1 Annex C (and PDF/A) limit strings to 32,767 bytes. Render
 * keeps every string it writes well below: */
enum {
    PDF_STRING_MAX = 32767,       /* the limit itself (link URIs beyond it are dropped) */
    PDF_OUTLINE_MAX_UTF8 = 1000,  /* outline titles and page-label prefixes, UTF-8 bytes */
    PDF_INFO_MAX_UTF16 = 32000,   /* Info entries (= XMP values), bytes as UTF-16BE with BOM */
};

/* s when it fits both limits (UTF-8 bytes, and UTF-16BE bytes including
 * the 2-byte BOM libharu writes); else the longest prefix that ends at a
 * character boundary, without trailing spaces, followed by "…" (U+2026),
 * fitting both limits, copied into the arena. NULL stays NULL. */
const char *pdf_text_shorten(const char *s, size_t max_utf8, size_t max_utf16, Arena *a);

typedef struct PdfDateTime {
    int year, month, day, hour, minute, second;
} PdfDateTime;

/* UTC calendar time of t (proleptic Gregorian, no time zone, no locale). */
PdfDateTime pdf_datetime(int64_t t);

/* Appends the complete XMP packet (PDF/A-2u identification, Dublin Core,
 * pdf:, xmp: properties) for m; values XML-escaped. */
void xmp_packet(const PdfMeta *m, Buf *out);
/* A PDF/A extension schema with its one property (xmpdata.c). */
typedef struct XmpSchema {
    const char *name, *ns, *prefix;                    /* the schema */
    const char *property, *value_type, *category, *description;
} XmpSchema;
extern const XmpSchema xmp_schema_report_data;       /* imr:data */
extern const XmpSchema xmp_schema_pdfua;             /* pdfuaid:part (meta.c) */
/* The packet's one pdfaExtension:schemas description, declaring schemas[0..n)
 * (nothing when n is 0). Every schema outside PDF/A's predefined ones goes
 * into this one list: XMP allows the container once. */
void xmp_extension_schemas(Buf *out, const XmpSchema *const *schemas, size_t n);
/* The report data (JSON) as the imr:data property; nothing for NULL. */
void xmp_report_data(Buf *out, const char *json);
/* Appends s with &, <, >, " and ' escaped for XML. */
void xml_escape(Buf *out, const char *s);

/* ---------- links (links.c) ---------- */

/* Appends uri percent-encoded for a PDF URI action: bytes outside printable
 * ASCII and the characters " < > \ ^ ` { | } and space become %XX; a % not
 * starting a valid %XX escape becomes %25. */
void uri_percent_encode(Buf *out, const char *uri);

#endif
