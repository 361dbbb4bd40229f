/* fontcheck.c — is a template's font file a TrueType font that layout can
 * measure and libharu can embed?
 *
 * Checked while loading, so that `check` finds a broken font at its place in
 * the template instead of `build` failing later: the table directory and
 * every table inside the file; the tables layout and libharu read (OS/2,
 * cmap, glyf, head, hhea, hmtx, loca, maxp, name); the header fields layout and libharu read; hmtx and loca as long as
 * the glyph count says, loca inside glyf; a Windows Unicode (3,1) format 4
 * character map, the one libharu reads, with its arrays inside the table;
 * and the embedding permission (fsType), since PDF/A requires embedded fonts. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Largest font file read (CJK fonts reach 20 MB). */
#define LOAD_MAX_FONT_SIZE (64u * 1024 * 1024)

typedef struct Sfnt {
    const unsigned char *d;
    size_t len;
    char *err;
    size_t errlen;
} Sfnt;

typedef struct Table {
    size_t off, len;
} Table;

static unsigned u16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool bad(Sfnt *s, const char *fmt, const char *tag)
{
    snprintf(s->err, s->errlen, fmt, tag);
    return false;
}

/* The table `tag` of at least min bytes. */
static bool table(Sfnt *s, const char *tag, size_t min, Table *t)
{
    unsigned n = u16(s->d + 4);
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *e = s->d + 12 + 16 * (size_t)i;
        if (memcmp(e, tag, 4))
            continue;
        t->off = u32(e + 8);
        t->len = u32(e + 12);
        if (t->len < min)
            return bad(s, "table '%s' is too short", tag);
        return true;
    }
    return bad(s, "table '%s' is missing", tag);
}

static bool header(Sfnt *s)
{
    if (s->len < 12)
        return bad(s, "%s", "not a font file (too short)");
    uint32_t v = u32(s->d);
    if (v == 0x4F54544Fu) /* OTTO */
        return bad(s, "%s", "OpenType with CFF outlines is not supported; use a TrueType (.ttf) font");
    if (v == 0x74746366u) /* ttcf */
        return bad(s, "%s", "a font collection (.ttc) is not supported; use a single .ttf file");
    if (v != 0x00010000u && v != 0x74727565u) /* true */
        return bad(s, "%s", "not a TrueType font file");
    unsigned n = u16(s->d + 4);
    if (12 + 16 * (size_t)n > s->len)
        return bad(s, "%s", "the table directory is truncated");
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *e = s->d + 12 + 16 * (size_t)i;
        char tag[5] = {(char)e[0], (char)e[1], (char)e[2], (char)e[3], 0};
        for (int k = 0; k < 4; k++)
            if (tag[k] < 0x20 || tag[k] > 0x7E)
                tag[k] = '?';
        if ((uint64_t)u32(e + 8) + u32(e + 12) > s->len)
            return bad(s, "table '%s' is truncated (the file ends before it does)", tag);
    }
    return true;
}

/* Glyph count, hmtx and loca agree with each other and with glyf. */
static bool glyphs(Sfnt *s)
{
    static const char *const required[] = {"OS/2", "name"};
    Table t;
    for (size_t i = 0; i < sizeof required / sizeof *required; i++)
        if (!table(s, required[i], 1, &t))
            return false;
    Table head, maxp, hhea, hmtx, loca, glyf;
    if (!table(s, "head", 54, &head) || !table(s, "maxp", 6, &maxp) ||
        !table(s, "hhea", 36, &hhea) || !table(s, "hmtx", 4, &hmtx) ||
        !table(s, "loca", 4, &loca) || !table(s, "glyf", 1, &glyf))
        return false;
    const unsigned char *h = s->d + head.off;
    unsigned upem = u16(h + 18), loc_format = u16(h + 50);
    if (u32(h + 12) != 0x5F0F3CF5u)
        return bad(s, "%s", "table 'head' is damaged (wrong magic number)");
    if (upem < 16 || upem > 16384)
        return bad(s, "%s", "table 'head' is damaged (units per em outside 16…16384)");
    if (loc_format > 1)
        return bad(s, "%s", "table 'head' is damaged (unknown loca format)");
    size_t n = u16(s->d + maxp.off + 4), nhm = u16(s->d + hhea.off + 34);
    if (n == 0 || nhm == 0 || nhm > n)
        return bad(s, "%s", "tables 'maxp' and 'hhea' disagree on the number of glyphs");
    if (hmtx.len < 4 * nhm + 2 * (n - nhm))
        return bad(s, "table '%s' is shorter than the number of glyphs needs", "hmtx");
    size_t step = loc_format ? 4 : 2;
    if (loca.len < (n + 1) * step)
        return bad(s, "table '%s' is shorter than the number of glyphs needs", "loca");
    uint64_t prev = 0;
    for (size_t g = 0; g <= n; g++) {
        const unsigned char *p = s->d + loca.off + g * step;
        uint64_t at = loc_format ? u32(p) : 2 * (uint64_t)u16(p);
        if (at < prev || at > glyf.len)
            return bad(s, "table '%s' points outside the glyph data", "loca");
        prev = at;
    }
    return true;
}

/* A (3,1) format 4 subtable with its four arrays inside the cmap table. */
static bool charmap(Sfnt *s)
{
    Table cmap;
    if (!table(s, "cmap", 4, &cmap))
        return false;
    const unsigned char *c = s->d + cmap.off;
    unsigned n = u16(c + 2);
    if (4 + 8 * (size_t)n > cmap.len)
        return bad(s, "table '%s' is truncated", "cmap");
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *e = c + 4 + 8 * (size_t)i;
        size_t off = u32(e + 4);
        if (u16(e) != 3 || u16(e + 2) != 1 || off + 14 > cmap.len || u16(c + off) != 4)
            continue;
        size_t seg2 = u16(c + off + 6);
        if (seg2 == 0 || seg2 % 2 || off + 16 + 4 * seg2 > cmap.len)
            return bad(s, "the Unicode character map (table '%s') is truncated", "cmap");
        return true;
    }
    return bad(s, "%s", "no Unicode character map for Windows (cmap 3,1 format 4), which the PDF library needs");
}

static bool embeddable(Sfnt *s)
{
    Table os2;
    if (!table(s, "OS/2", 10, &os2))
        return false;
    unsigned fs_type = u16(s->d + os2.off + 8);
    if (fs_type & 0x0002)
        return bad(s, "%s", "the font's licence does not allow embedding it (OS/2 fsType: restricted)");
    if (fs_type & 0x0200)
        return bad(s, "%s", "the font's licence allows embedding only bitmaps (OS/2 fsType)");
    return true;
}

bool font_file_ok(Loader *L, const char *path, SrcPos pos, const char *what)
{
    size_t len;
    unsigned char *d = read_file(L, path, path, pos, LOAD_MAX_FONT_SIZE, &len);
    if (!d)
        return false;
    char err[160] = "";
    Sfnt s = {d, len, err, sizeof err};
    if (header(&s) && glyphs(&s) && charmap(&s) && embeddable(&s))
        return true;
    diag_error(L->diags, pos, "%s %s cannot be used: %s", what, path, err);
    return false;
}
