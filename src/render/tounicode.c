/* tounicode.c — the used-glyph sets and the ToUnicode CMaps written for them.
 *
 * libharu 2.3.0 writes a ToUnicode CMap with `begincidrange`, an operator a
 * ToUnicode CMap may not contain (PDF 32000-1, 9.10.3); text extraction then
 * depends on the viewer's leniency, and PDF/A-2u is violated. We record every
 * CID we draw and replace the stream's content with bfchar/bfrange entries. */
#include "internal.h"

void glyphset_add(GlyphSet *g, uint32_t cid)
{
    if (cid > 0xFFFF)
        return;
    unsigned char bit = (unsigned char)(1u << (cid & 7));
    if (!(g->bits[cid >> 3] & bit)) {
        g->bits[cid >> 3] |= bit;
        g->count++;
    }
}

bool glyphset_has(const GlyphSet *g, uint32_t cid)
{
    return cid <= 0xFFFF && (g->bits[cid >> 3] >> (cid & 7)) & 1;
}

/* One character as libharu 2.3.0's UTF-8 encoder reads it (mirrors
 * UTF8_Encoder_ByteType_Func and UTF8_Encoder_ToUnicode_Func): the lead byte
 * fixes the sequence length, the following bytes are taken without
 * validation, values above U+FFFF become U+0020. Returns the bytes consumed
 * (0 at the end of the text, or for a sequence cut off by it, which libharu
 * drops) and stores the code, or UINT32_MAX for a skipped stray byte. */
static size_t next_code(const unsigned char *p, size_t len, uint32_t *code)
{
    if (len == 0)
        return 0;
    unsigned char b = p[0];
    size_t extra;
    uint32_t v;
    if (b < 0x80) {
        *code = b;
        return 1;
    }
    if ((b & 0xF8) == 0xF0) {
        extra = 3;
        v = b & 0x07u;
    } else if ((b & 0xF0) == 0xE0) {
        extra = 2;
        v = b & 0x0Fu;
    } else if ((b & 0xE0) == 0xC0) {
        extra = 1;
        v = b & 0x1Fu;
    } else {
        *code = UINT32_MAX; /* a stray continuation byte or 0xF8..0xFF: skipped */
        return 1;
    }
    if (len <= extra)
        return 0;
    if (extra == 3) /* libharu does not mask the second byte here */
        v = (v << 18) + ((uint32_t)p[1] << 12) + ((p[2] & 0x3Fu) << 6) + (p[3] & 0x3Fu);
    else
        for (size_t k = 1; k <= extra; k++)
            v = (v << 6) + (p[k] & 0x3Fu);
    *code = v > 0xFFFF ? 0x20 : v;
    return extra + 1;
}

size_t utf8_to_codes(const char *s, size_t len, uint16_t *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0, k;
    uint32_t code;
    while ((k = next_code(p + i, len - i, &code)) > 0) {
        i += k;
        if (code != UINT32_MAX)
            out[n++] = (uint16_t)code;
    }
    return n;
}

void glyphset_add_utf8(GlyphSet *g, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k;
    uint32_t code;
    while ((k = next_code(p + i, len - i, &code)) > 0) {
        i += k;
        if (code != UINT32_MAX)
            glyphset_add(g, code);
    }
}

uint32_t tounicode_value(uint32_t cid)
{
    if (cid == 0 || (cid >= 0xD800 && cid <= 0xDFFF) || cid == 0xFEFF || cid >= 0xFFFE)
        return 0xFFFD;
    return cid;
}

typedef struct Span {
    uint32_t lo, hi;
} Span;

static void put_block(Buf *out, const char *kind, const Span *sp, size_t n)
{
    buf_printf(out, "%zu begin%s\n", n, kind);
    for (size_t i = 0; i < n; i++) {
        if (sp[i].lo == sp[i].hi)
            buf_printf(out, "<%04X> <%04X>\n", (unsigned)sp[i].lo,
                       (unsigned)tounicode_value(sp[i].lo));
        else
            buf_printf(out, "<%04X> <%04X> <%04X>\n", (unsigned)sp[i].lo, (unsigned)sp[i].hi,
                       (unsigned)sp[i].lo);
    }
    buf_printf(out, "end%s\n", kind);
}

/* Spans of consecutive CIDs that may share one bfrange entry: same high byte,
 * and every member maps to itself (no U+FFFD substitutes inside a range). */
static bool range_member(uint32_t cid)
{
    return tounicode_value(cid) == cid;
}

void tounicode_cmap(const GlyphSet *g, Buf *out)
{
    buf_puts(out, "/CIDInit /ProcSet findresource begin\n"
                  "12 dict begin\n"
                  "begincmap\n"
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  "/CMapName /Adobe-Identity-UCS def\n"
                  "/CMapType 2 def\n"
                  "1 begincodespacerange\n"
                  "<0000> <FFFF>\n"
                  "endcodespacerange\n");
    Span chars[100], ranges[100];
    size_t nc = 0, nr = 0;
    uint32_t cid = 0;
    while (cid <= 0xFFFF) {
        if (!glyphset_has(g, cid)) {
            cid++;
            continue;
        }
        uint32_t hi = cid;
        if (range_member(cid))
            while (hi < 0xFFFF && (hi & 0xFF) != 0xFF && glyphset_has(g, hi + 1) &&
                   range_member(hi + 1))
                hi++;
        if (hi == cid) {
            chars[nc++] = (Span){cid, cid};
            if (nc == 100) {
                put_block(out, "bfchar", chars, nc);
                nc = 0;
            }
        } else {
            ranges[nr++] = (Span){cid, hi};
            if (nr == 100) {
                put_block(out, "bfrange", ranges, nr);
                nr = 0;
            }
        }
        cid = hi + 1;
    }
    if (nc)
        put_block(out, "bfchar", chars, nc);
    if (nr)
        put_block(out, "bfrange", ranges, nr);
    buf_puts(out, "endcmap\n"
                  "CMapName currentdict /CMap defineresource pop\n"
                  "end\n"
                  "end\n");
}
