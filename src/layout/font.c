/* font.c — TrueType metrics: the few tables layout needs, read with bounds
 * checks on every access. The whole file is read once; what we keep is a
 * width table for the Basic Multilingual Plane (one int16 per code point,
 * -1 where the font has no glyph) and the vertical metrics. Characters
 * outside the BMP count as missing: libharu cannot draw them. */
#include "font.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "../base/file.h"
#include "../base/mem.h"
#include "../base/utf8.h"

#define BMP_SIZE 0x10000
#define NO_GLYPH (-1)

/* Shaped words, remembered: a report measures the same words again and
 * again, and shaping one costs a few microseconds. The cache changes under
 * a const Font (as a cache does); a Font is used by one thread at a time. */
typedef struct Shaped {
    uint32_t hash;
    uint32_t key;       /* offset of the text in keys */
    uint32_t kern;      /* offset of its kerning in kerns (n_chars entries); UINT32_MAX: none */
    uint32_t len;       /* bytes of the text; 0: empty slot */
    int32_t units;      /* kerned advance, 1/1000 em */
} Shaped;

typedef struct ShapeCache {
    Shaped *slots;
    size_t cap, used;   /* cap: a power of two */
    char *keys;
    size_t n_keys, cap_keys;
    int16_t *kerns;
    size_t n_kerns, cap_kerns;
} ShapeCache;

#define SHAPE_CACHE_MAX (1u << 20)  /* entries; beyond it words are shaped every time */
#define SHAPE_MAX_CHARS 256         /* longer texts are not kerned */

struct Font {
    int16_t width[BMP_SIZE];   /* 1/1000 em, NO_GLYPH when unmapped */
    int notdef_width;
    int units_per_em;
    int ascent, descent, cap_height, x_height;
    hb_blob_t *blob;           /* the file, for HarfBuzz */
    hb_font_t *hb;             /* kerning (GPOS or kern), no ligatures */
    ShapeCache *cache;
};

/* A read-only view of the file with checked big-endian reads. */
typedef struct Bytes {
    const unsigned char *p;
    size_t n;
} Bytes;

static bool in_range(const Bytes *b, size_t off, size_t len)
{
    return off <= b->n && len <= b->n - off;
}

static unsigned u16(const Bytes *b, size_t off)
{
    return ((unsigned)b->p[off] << 8) | b->p[off + 1];
}

static int s16(const Bytes *b, size_t off)
{
    unsigned v = u16(b, off);
    return v >= 0x8000 ? (int)v - 0x10000 : (int)v;
}

static uint32_t u32(const Bytes *b, size_t off)
{
    return ((uint32_t)b->p[off] << 24) | ((uint32_t)b->p[off + 1] << 16) |
           ((uint32_t)b->p[off + 2] << 8) | b->p[off + 3];
}

typedef struct Parse {
    Bytes file;
    Bytes head, hhea, hmtx, maxp, cmap, os2, loca, glyf;
    unsigned num_glyphs, num_hmetrics;
    unsigned gid_cap_h;   /* glyph of 'H', seen while reading the cmap */
    unsigned gid_x;       /* glyph of 'x' */
    char *err;
    size_t errlen;
} Parse;

static bool fail(Parse *ps, const char *msg)
{
    snprintf(ps->err, ps->errlen, "%s", msg);
    return false;
}

static bool find_table(Parse *ps, const char *tag, Bytes *out, size_t min_len, bool required)
{
    const Bytes *f = &ps->file;
    unsigned n = u16(f, 4);
    for (unsigned i = 0; i < n; i++) {
        size_t rec = 12 + (size_t)i * 16;
        if (memcmp(f->p + rec, tag, 4) != 0)
            continue;
        uint32_t off = u32(f, rec + 8), len = u32(f, rec + 12);
        if (!in_range(f, off, len) || len < min_len) {
            char msg[80];
            snprintf(msg, sizeof msg, "table '%.4s' is truncated or out of bounds", tag);
            return fail(ps, msg);
        }
        out->p = f->p + off;
        out->n = len;
        return true;
    }
    out->p = NULL;
    out->n = 0;
    if (required) {
        char msg[80];
        snprintf(msg, sizeof msg, "table '%.4s' is missing", tag);
        return fail(ps, msg);
    }
    return true;
}

/* Advance of a glyph in font units; glyphs past numberOfHMetrics repeat the
 * last advance (as the TrueType spec and libharu both do). */
static unsigned glyph_advance(const Parse *ps, unsigned gid)
{
    unsigned i = gid < ps->num_hmetrics ? gid : ps->num_hmetrics - 1;
    return u16(&ps->hmtx, (size_t)i * 4);
}

/* libharu: (HPDF_UINT)advance * 1000 / units_per_em, truncated. */
static int16_t scaled_width(const Parse *ps, unsigned units_per_em, unsigned gid)
{
    unsigned w = glyph_advance(ps, gid) * 1000u / units_per_em;
    return (int16_t)(w > 32767 ? 32767 : w);
}

static void map_glyph(Font *font, Parse *ps, uint32_t cp, unsigned gid)
{
    if (cp >= BMP_SIZE || gid == 0 || gid >= ps->num_glyphs)
        return;
    if (cp == 'H')
        ps->gid_cap_h = gid;
    if (cp == 'x')
        ps->gid_x = gid;
    font->width[cp] = scaled_width(ps, (unsigned)font->units_per_em, gid);
}

static bool cmap_format4(Font *font, Parse *ps, Bytes sub)
{
    if (!in_range(&sub, 0, 14))
        return fail(ps, "cmap format 4 subtable is truncated");
    unsigned seg_x2 = u16(&sub, 6);
    if (seg_x2 == 0 || seg_x2 % 2 != 0)
        return fail(ps, "cmap format 4 has a bad segment count");
    size_t ends = 14, starts = ends + seg_x2 + 2, deltas = starts + seg_x2,
           ranges = deltas + seg_x2;
    if (!in_range(&sub, ranges, seg_x2))
        return fail(ps, "cmap format 4 segment arrays are truncated");
    uint32_t next = 0; /* segments must ascend; clamping bounds the work */
    for (size_t s = 0; s < seg_x2 / 2; s++) {
        uint32_t end = u16(&sub, ends + 2 * s), start = u16(&sub, starts + 2 * s);
        unsigned delta = u16(&sub, deltas + 2 * s);
        size_t ro_pos = ranges + 2 * s;
        unsigned ro = u16(&sub, ro_pos);
        if (start < next)
            start = next;
        for (uint32_t c = start; c <= end && c < 0xFFFF; c++) {
            unsigned gid;
            if (ro == 0) {
                gid = (c + delta) & 0xFFFF;
            } else {
                size_t at = ro_pos + ro + 2 * (size_t)(c - u16(&sub, starts + 2 * s));
                if (!in_range(&sub, at, 2))
                    continue; /* points outside the table: treat as unmapped */
                gid = u16(&sub, at);
                if (gid != 0)
                    gid = (gid + delta) & 0xFFFF;
            }
            map_glyph(font, ps, c, gid);
        }
        if (end + 1 > next)
            next = end + 1;
    }
    return true;
}

static bool cmap_format12(Font *font, Parse *ps, Bytes sub)
{
    if (!in_range(&sub, 0, 16))
        return fail(ps, "cmap format 12 subtable is truncated");
    uint32_t groups = u32(&sub, 12);
    if (groups > (sub.n - 16) / 12)
        return fail(ps, "cmap format 12 groups are truncated");
    uint32_t next = 0;
    for (uint32_t g = 0; g < groups; g++) {
        size_t at = 16 + (size_t)g * 12;
        uint32_t start = u32(&sub, at), end = u32(&sub, at + 4), gid0 = u32(&sub, at + 8);
        if (start < next)
            start = next;
        for (uint32_t c = start; c <= end && c < BMP_SIZE; c++) {
            uint32_t gid = gid0 + (c - u32(&sub, at));
            if (gid < 0x10000)
                map_glyph(font, ps, c, gid);
        }
        if (end >= BMP_SIZE)
            break;
        if (end + 1 > next)
            next = end + 1;
    }
    return true;
}

/* Prefers the Windows Unicode BMP subtable (format 4), as libharu does, then
 * any Unicode format 4, then a format 12 subtable. */
static bool parse_cmap(Font *font, Parse *ps)
{
    const Bytes *c = &ps->cmap;
    unsigned n = u16(c, 2);
    if (!in_range(c, 4, (size_t)n * 8))
        return fail(ps, "cmap encoding records are truncated");
    Bytes best = {0}, fallback4 = {0}, fmt12 = {0};
    for (unsigned i = 0; i < n; i++) {
        size_t rec = 4 + (size_t)i * 8;
        unsigned platform = u16(c, rec), encoding = u16(c, rec + 2);
        uint32_t off = u32(c, rec + 4);
        if (!in_range(c, off, 2))
            return fail(ps, "cmap subtable offset is out of bounds");
        Bytes sub = {c->p + off, c->n - off};
        unsigned format = u16(&sub, 0);
        bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if (!unicode)
            continue;
        if (format == 4 && platform == 3 && encoding == 1 && !best.p)
            best = sub;
        else if (format == 4 && !fallback4.p)
            fallback4 = sub;
        else if (format == 12 && !fmt12.p)
            fmt12 = sub;
    }
    if (best.p)
        return cmap_format4(font, ps, best);
    if (fallback4.p)
        return cmap_format4(font, ps, fallback4);
    if (fmt12.p)
        return cmap_format12(font, ps, fmt12);
    return fail(ps, "no Unicode cmap (format 4 or 12)");
}

/* yMax of a glyph in font units (the cap height of fonts whose OS/2 table
 * predates sCapHeight, from 'H'), or 0 when it cannot be read. */
static int glyph_top(const Parse *ps, unsigned gid)
{
    if (gid == 0 || gid >= ps->num_glyphs)
        return 0;
    const Bytes *loca = &ps->loca, *glyf = &ps->glyf;
    if (!loca->p || !glyf->p)
        return 0;
    bool long_loca = s16(&ps->head, 50) == 1;
    size_t at;
    if (long_loca) {
        if (!in_range(loca, (size_t)gid * 4, 4))
            return 0;
        at = u32(loca, (size_t)gid * 4);
    } else {
        if (!in_range(loca, (size_t)gid * 2, 2))
            return 0;
        at = (size_t)u16(loca, (size_t)gid * 2) * 2;
    }
    if (!in_range(glyf, at, 10))
        return 0;
    return s16(glyf, at + 8);
}

static bool parse_font(Font *font, Parse *ps)
{
    const Bytes *f = &ps->file;
    if (!in_range(f, 0, 12))
        return fail(ps, "not a TrueType file (too short)");
    uint32_t version = u32(f, 0);
    if (version == 0x4F54544Fu) /* 'OTTO' */
        return fail(ps, "OpenType CFF fonts are not supported (TrueType outlines needed)");
    if (version != 0x00010000u && version != 0x74727565u) /* 'true' */
        return fail(ps, "not a TrueType file");
    if (!in_range(f, 12, (size_t)u16(f, 4) * 16))
        return fail(ps, "table directory is truncated");
    if (!find_table(ps, "head", &ps->head, 54, true) || !find_table(ps, "hhea", &ps->hhea, 36, true) ||
        !find_table(ps, "maxp", &ps->maxp, 6, true) || !find_table(ps, "hmtx", &ps->hmtx, 4, true) ||
        !find_table(ps, "cmap", &ps->cmap, 4, true) || !find_table(ps, "OS/2", &ps->os2, 0, false) ||
        !find_table(ps, "loca", &ps->loca, 0, false) || !find_table(ps, "glyf", &ps->glyf, 0, false))
        return false;

    unsigned upem = u16(&ps->head, 18);
    if (upem < 16 || upem > 16384)
        return fail(ps, "bad unitsPerEm in 'head'");
    font->units_per_em = (int)upem;
    ps->num_glyphs = u16(&ps->maxp, 4);
    ps->num_hmetrics = u16(&ps->hhea, 34);
    if (ps->num_glyphs == 0 || ps->num_hmetrics == 0 || ps->num_hmetrics > ps->num_glyphs)
        return fail(ps, "bad glyph or metrics count");
    if ((size_t)ps->num_hmetrics * 4 > ps->hmtx.n)
        return fail(ps, "table 'hmtx' is shorter than numberOfHMetrics");

    for (size_t i = 0; i < BMP_SIZE; i++)
        font->width[i] = NO_GLYPH;
    font->notdef_width = scaled_width(ps, upem, 0);
    if (!parse_cmap(font, ps))
        return false;

    int asc = s16(&ps->hhea, 4), desc = s16(&ps->hhea, 6), cap = 0, xh = 0;
    const Bytes *os2 = &ps->os2;
    if (os2->p && in_range(os2, 0, 78)) {
        int ta = s16(os2, 68), td = s16(os2, 70);
        if (ta > 0 && td <= 0) {
            asc = ta;
            desc = td;
        } else {
            asc = (int)u16(os2, 74);
            desc = -(int)u16(os2, 76);
        }
        if (u16(os2, 0) >= 2 && in_range(os2, 88, 2)) {
            xh = s16(os2, 86);
            cap = s16(os2, 88);
        }
    }
    if (cap <= 0)
        cap = glyph_top(ps, ps->gid_cap_h);
    if (xh <= 0)
        xh = glyph_top(ps, ps->gid_x);
    font->ascent = asc * 1000 / (int)upem;
    font->descent = desc * 1000 / (int)upem;
    font->cap_height = cap > 0 ? cap * 1000 / (int)upem : font->ascent * 7 / 10;
    font->x_height = xh > 0 ? xh * 1000 / (int)upem : font->cap_height * 7 / 10;
    return true;
}

/* Font files below 128 MB are read. */
#define FONT_MAX_BYTES (((size_t)128 << 20) - 1)

static unsigned char *read_file(const char *path, size_t *size, char *err, size_t errlen)
{
    unsigned char *data;
    int err_no;
    switch (file_read_all(path, FONT_MAX_BYTES, &data, size, &err_no)) {
    case FILE_OK: return data;
    case FILE_CANNOT_OPEN: snprintf(err, errlen, "cannot open: %s", strerror(err_no)); break;
    case FILE_CANNOT_READ: snprintf(err, errlen, "cannot read the file"); break;
    case FILE_TOO_LARGE: snprintf(err, errlen, "file too large for a font"); break;
    }
    return NULL;
}

Font *font_load(const char *path, char *err, size_t errlen)
{
    char dummy[1];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof dummy;
    }
    size_t size = 0;
    unsigned char *data = read_file(path, &size, err, errlen);
    if (!data)
        return NULL;
    Font *font = xmalloc(sizeof *font);
    Parse ps = {.file = {data, size}, .err = err, .errlen = errlen};
    bool ok = parse_font(font, &ps);
    if (!ok) {
        free(data);
        free(font);
        return NULL;
    }
    /* HarfBuzz reads the same bytes; the blob frees them */
    font->blob = hb_blob_create((const char *)data, (unsigned)size, HB_MEMORY_MODE_READONLY, data,
                                free);
    hb_face_t *face = hb_face_create(font->blob, 0);
    font->hb = hb_font_create(face);
    hb_face_destroy(face);
    hb_font_set_scale(font->hb, font->units_per_em, font->units_per_em);
    font->cache = xcalloc(1, sizeof *font->cache);
    return font;
}

void font_free(Font *f)
{
    if (!f)
        return;
    hb_font_destroy(f->hb);
    hb_blob_destroy(f->blob);
    free(f->cache->slots);
    free(f->cache->keys);
    free(f->cache->kerns);
    free(f->cache);
    free(f);
}

bool font_has_glyph(const Font *f, uint32_t cp)
{
    return cp < BMP_SIZE && f->width[cp] != NO_GLYPH;
}

int font_advance(const Font *f, uint32_t cp)
{
    if (cp < BMP_SIZE && f->width[cp] != NO_GLYPH)
        return f->width[cp];
    return f->notdef_width;
}

/* The advance of s without kerning, and its characters. */
static long nominal_units(const Font *f, const char *s, size_t len, size_t *n_chars)
{
    const unsigned char *p = (const unsigned char *)s;
    long total = 0;
    size_t n = 0;
    for (size_t i = 0; i < len; n++) {
        uint32_t cp;
        i += utf8_next(p + i, len - i, &cp);
        total += font_advance(f, cp);
    }
    *n_chars = n;
    return total;
}

/* Kerning of s by HarfBuzz: kern[i] (1/1000 em) after character i; false
 * when there is none, or when glyphs and characters do not pair up. */
static bool shape_kerning(const Font *f, const char *s, size_t len, size_t n_chars, int16_t *kern)
{
    static const hb_feature_t features[] = {
        {HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1},
        {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1}, /* the PDF draws characters, */
        {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1}, /* not glyphs: no ligatures */
    };
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, s, (int)len, 0, (int)len);
    hb_buffer_set_cluster_level(buf, HB_BUFFER_CLUSTER_LEVEL_CHARACTERS);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(f->hb, buf, features, sizeof features / sizeof *features);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    bool any = false;
    if (n == n_chars && hb_buffer_get_direction(buf) == HB_DIRECTION_LTR) {
        /* A PDF string places glyphs by advances only: the gap after glyph
         * i takes its change of advance and the change of offset between it
         * and the next glyph (fonts kern by offset and advance together). */
        for (unsigned i = 0; i < n; i++) {
            hb_position_t nominal = hb_font_get_glyph_h_advance(f->hb, info[i].codepoint);
            hb_position_t next_off = i + 1 < n ? pos[i + 1].x_offset : 0;
            hb_position_t d = pos[i].x_advance - nominal + next_off - pos[i].x_offset;
            long k = lround(d * 1000.0 / f->units_per_em);
            kern[i] = (int16_t)(k < -1000 ? -1000 : k > 1000 ? 1000 : k);
            any = any || kern[i] != 0;
        }
    }
    hb_buffer_destroy(buf);
    return any;
}

static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static const Shaped *cache_find(const ShapeCache *c, const char *s, size_t len, uint32_t hash)
{
    if (!c->slots)
        return NULL;
    for (size_t i = hash & (c->cap - 1);; i = (i + 1) & (c->cap - 1)) {
        const Shaped *e = &c->slots[i];
        if (e->len == 0)
            return NULL;
        if (e->hash == hash && e->len == len && memcmp(c->keys + e->key, s, len) == 0)
            return e;
    }
}

static void cache_grow(ShapeCache *c)
{
    size_t cap = c->cap ? c->cap * 2 : 4096;
    Shaped *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < c->cap; i++) {
        if (c->slots[i].len == 0)
            continue;
        size_t j = c->slots[i].hash & (cap - 1);
        while (slots[j].len != 0)
            j = (j + 1) & (cap - 1);
        slots[j] = c->slots[i];
    }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
}

/* Shapes s (or finds it shaped): its kerned advance, and in *kern (when not
 * NULL) its kerning, or NULL when it has none. *kern points into the cache:
 * valid until the next call. */
static long shaped(const Font *f, const char *s, size_t len, const int16_t **kern)
{
    ShapeCache *c = f->cache;
    uint32_t hash = fnv1a(s, len);
    const Shaped *e = cache_find(c, s, len, hash);
    if (e) {
        if (kern)
            *kern = e->kern == UINT32_MAX ? NULL : c->kerns + e->kern;
        return e->units;
    }
    size_t n_chars;
    long units = nominal_units(f, s, len, &n_chars);
    int16_t tmp[SHAPE_MAX_CHARS];
    bool any = len > 0 && n_chars <= SHAPE_MAX_CHARS && shape_kerning(f, s, len, n_chars, tmp);
    if (any)
        for (size_t i = 0; i < n_chars; i++)
            units += tmp[i];
    if (kern)
        *kern = NULL;
    if (len == 0 || len > UINT32_MAX / 2 || c->used >= SHAPE_CACHE_MAX || units > INT32_MAX)
        return units;
    if ((c->used + 1) * 2 > c->cap)
        cache_grow(c);
    c->keys = mem_grow(c->keys, &c->cap_keys, c->n_keys + len, 1);
    uint32_t koff = UINT32_MAX;
    if (any) {
        c->kerns = mem_grow(c->kerns, &c->cap_kerns, c->n_kerns + n_chars, sizeof *c->kerns);
        memcpy(c->kerns + c->n_kerns, tmp, n_chars * sizeof *tmp);
        koff = (uint32_t)c->n_kerns;
        c->n_kerns += n_chars;
    }
    size_t j = hash & (c->cap - 1);
    while (c->slots[j].len != 0)
        j = (j + 1) & (c->cap - 1);
    c->slots[j] = (Shaped){hash, (uint32_t)c->n_keys, koff, (uint32_t)len, (int32_t)units};
    memcpy(c->keys + c->n_keys, s, len);
    c->n_keys += len;
    c->used++;
    if (kern)
        *kern = any ? c->kerns + koff : NULL;
    return units;
}

long font_text_units(const Font *f, const char *s, size_t len)
{
    return shaped(f, s, len, NULL);
}

const int16_t *font_kerning(const Font *f, const char *s, size_t len, size_t *n_chars)
{
    const int16_t *k = NULL;
    shaped(f, s, len, &k);
    nominal_units(f, s, len, n_chars);
    return k;
}

float font_text_width(const Font *f, const char *s, size_t len, float size)
{
    return (float)font_text_units(f, s, len) * size / 1000.0f;
}

int font_ascent(const Font *f)
{
    return f->ascent;
}

int font_descent(const Font *f)
{
    return f->descent;
}

int font_cap_height(const Font *f)
{
    return f->cap_height;
}

int font_x_height(const Font *f)
{
    return f->x_height;
}
