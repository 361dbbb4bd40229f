/* para.c — paragraphs into lines: Knuth–Plass items and total-fit breaking.
 *
 * The runs become a list of items as in TeX: boxes (pieces of words),
 * glue (inter-word space, stretchable and shrinkable) and penalties (places
 * to break at a cost: hyphenation points, explicit hyphens, forced breaks).
 * The breaker then chooses the sequence of breaks with the least total
 * demerits over the whole paragraph, with the classic passes: first without
 * hyphenation at a strict tolerance, then with hyphenation, then with any
 * tolerance, and last with words too wide for the column cut between
 * characters. Working memory is malloc'd per paragraph and reused across
 * passes; only the resulting lines go into the caller's arena. */
#include "para.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "../base/mem.h"

/* TeX's defaults, where they carry over. */
#define PRETOLERANCE 100.0
#define TOLERANCE 300.0
#define INF_BAD 10000.0
#define LINE_PENALTY 10.0
#define EXHYPHEN_PENALTY 50
#define ANY_TOL HUGE_VAL        /* last passes: every line that is not overfull */
#define MAX_BAD 1e10            /* badness of the last passes is not capped at INF_BAD */
#define EMERGENCY_EM 1.0        /* last passes: a line rates as if it had this stretch at least */
#define SPLIT_PENALTY 100       /* a word cut between characters (emergency) */
#define URL_PENALTY 100         /* an address broken after a separator */
#define LONE_FRAGMENT_DEMERITS 30000.0 /* and the last line is only the word's end ("dern.") */
#define ADJ_DEMERITS 10000.0
#define MAX_HYPHEN_RUN 8        /* the most consecutive hyphenated lines a template may allow */
#define HYPHEN_RUN_DEMERITS 1e12 /* last pass: one more hyphenated line than allowed */
#define RUN_EXCESS_DEMERITS 1e5  /* emergency pass: the same, instead of a line looser than ~1.5 */
#define PEN_INF 10000
#define PEN_FORCED (-10000)
#define RATIO_CAP 1000.0f       /* reported ratio of a line that cannot stretch */

enum { IT_BOX, IT_GLUE, IT_PENALTY };

typedef struct Item {
    unsigned char kind;
    unsigned char font;   /* FontRole: of a box, or of the hyphen a penalty adds */
    bool flagged;         /* penalty: a break here ends the line with a hyphen/dash */
    bool fil;             /* glue: infinitely stretchable (\parfillskip) */
    uint32_t run;         /* colour, link and position come from this run */
    int units;            /* box: advance in 1/1000 em; penalty: of the added hyphen */
    int penalty;
    float width, stretch, shrink; /* pt; a penalty's width is added only at a break */
    uint32_t len;
    const char *text;     /* box text (not owned, not NUL-terminated) */
} Item;

/* A piece of a word in one run and font, before the word is complete. */
typedef struct Piece {
    uint32_t run;
    unsigned char font;
    const char *text;
    uint32_t len;
    size_t off;           /* where it starts in the word buffer */
} Piece;

typedef struct Node {
    int pos;              /* item index of the break, -1 for the start */
    int fitness;          /* 0 tight, 1 decent, 2 loose, 3 very loose */
    int hyph_run;         /* consecutive hyphenated lines ending here */
    bool flagged;
    int tfil;
    int tglue;            /* inter-word glue items before the next line's start */
    double tw, ty, tz;    /* totals of the items before the next line's start */
    size_t start;         /* the next line's first item: no break before it */
    double demerits;
    int prev;             /* node of the previous break */
    int next;             /* next active node, -1 at the end */
} Node;

typedef struct FragSpan {
    size_t first, last;   /* item range (boxes, possibly penalties between) */
    double x;
    int units;
    bool hyphen;          /* add the break's hyphen */
} FragSpan;

/* Per-paragraph working memory, malloc'd and reused across passes. */
typedef struct Work {
    const Inlines *inl;
    const ParaStyle *st;
    LineBreaking brk;     /* the style's costs, or TeX's defaults */
    const ParaEnv *env;
    bool hyphenate;       /* insert automatic hyphenation points */
    bool report_missing;
    float width;          /* column width (for emergency splitting) */
    Item *items;
    size_t n, cap;
    Piece *pieces;
    size_t np, pcap;
    char *word;
    size_t wlen, wcap;
    unsigned char *pts;   /* per byte of the word: PT_* break after it */
    size_t ptscap;
    size_t *shy;          /* word offsets of soft hyphens */
    size_t nshy, shycap;
    Node *nodes;
    size_t nn, ncap;
    size_t gc_at;         /* compact the nodes when nn reaches this */
    int *remap;           /* compaction: old node index -> new, or -1 */
    size_t remapcap;
    Item *tmp;            /* emergency expansion */
    size_t tmpcap;
    FragSpan *spans;      /* fragments of the line being set */
    size_t spancap;
} Work;

static void work_free(Work *w)
{
    free(w->items);
    free(w->pieces);
    free(w->word);
    free(w->pts);
    free(w->shy);
    free(w->nodes);
    free(w->remap);
    free(w->tmp);
    free(w->spans);
}

/* ---------- fonts ---------- */

/* The block's font combined with a run's bold/italic/mono flags. Emphasis
 * in italic text is upright, as in TeX (\em): RF_ITALIC toggles the slant. */
static FontRole pick_role(FontRole base, unsigned flags)
{
    if ((flags & RF_MONO) || base == FONT_MONO)
        return FONT_MONO;
    bool base_italic = base == FONT_ITALIC || base == FONT_BOLD_ITALIC;
    bool italic = base_italic != ((flags & RF_ITALIC) != 0);
    bool bold = (flags & RF_BOLD) || base == FONT_BOLD || base == FONT_BOLD_ITALIC;
    if (base == FONT_SEMIBOLD && !bold)
        return italic ? FONT_BOLD_ITALIC : FONT_SEMIBOLD;
    if (bold)
        return italic ? FONT_BOLD_ITALIC : FONT_BOLD;
    return italic ? FONT_ITALIC : FONT_REGULAR;
}

/* A role whose font is loaded: the wanted one, else the block's, else any. */
static FontRole usable_role(const ParaStyle *st, FontRole want)
{
    if (st->fonts[want])
        return want;
    if (st->fonts[st->font])
        return st->font;
    for (int r = 0; r < FONT_COUNT; r++)
        if (st->fonts[r])
            return (FontRole)r;
    return want;
}

/* Inline code in proportional text is set smaller, so that its x-height
 * comes close to the text's (a monospaced face looks large beside it):
 * the ratio of the x-heights, kept between MONO_SCALE_MIN and MAX. */
#define MONO_SCALE_MIN 0.8f
#define MONO_SCALE_MAX 0.9f

static float mono_scale(const ParaStyle *st)
{
    const Font *mono = st->fonts[FONT_MONO], *base = st->fonts[st->font];
    if (st->font == FONT_MONO || !mono || !base || font_x_height(mono) <= 0)
        return 1;
    float r = (float)font_x_height(base) / (float)font_x_height(mono);
    return r < MONO_SCALE_MIN ? MONO_SCALE_MIN : r > MONO_SCALE_MAX ? MONO_SCALE_MAX : r;
}

/* The size in pt text in this font role is set at. */
static float role_size(const ParaStyle *st, unsigned role)
{
    return role == FONT_MONO ? st->size * mono_scale(st) : st->size;
}

/* ---------- items ---------- */

static Item *push(Work *w, unsigned char kind)
{
    w->items = mem_grow(w->items, &w->cap, w->n + 1, sizeof *w->items);
    Item *it = &w->items[w->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

static void push_glue(Work *w, uint32_t run, float width, float stretch, float shrink)
{
    Item *g = push(w, IT_GLUE);
    g->run = run;
    g->width = width;
    g->stretch = stretch;
    g->shrink = shrink;
}

static void push_penalty(Work *w, uint32_t run, int penalty, bool flagged, unsigned char font,
                         int units)
{
    Item *p = push(w, IT_PENALTY);
    p->run = run;
    p->penalty = penalty;
    p->flagged = flagged;
    p->font = font;
    p->units = units;
    p->width = (float)units * role_size(w->st, font) / 1000.0f;
}

static void push_box(Work *w, uint32_t run, unsigned char font, const char *text, size_t len)
{
    if (len == 0)
        return;
    Item *b = push(w, IT_BOX);
    b->run = run;
    b->font = font;
    b->text = text;
    b->len = (uint32_t)len;
    b->units = (int)font_text_units(w->st->fonts[font], text, len);
    b->width = (float)b->units * role_size(w->st, font) / 1000.0f;
}

static bool last_is_box(const Work *w)
{
    return w->n > 0 && w->items[w->n - 1].kind == IT_BOX;
}

/* Drops trailing glue and optional breaks (before a forced break or the end). */
static void trim_trailing(Work *w)
{
    while (w->n > 0) {
        const Item *it = &w->items[w->n - 1];
        if ((it->kind == IT_GLUE && !it->fil) || (it->kind == IT_PENALTY && it->penalty != PEN_FORCED))
            w->n--;
        else
            break;
    }
}

static bool has_text(const Work *w)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->items[i].kind == IT_BOX && w->items[i].len > 0)
            return true;
    return false;
}

/* \hfil\penalty-10000, with a guard so the fil glue is no breakpoint. */
static void push_forced_break(Work *w, uint32_t run)
{
    trim_trailing(w);
    push_penalty(w, run, PEN_INF, false, 0, 0);
    Item *g = push(w, IT_GLUE);
    g->run = run;
    g->fil = true;
    push_penalty(w, run, PEN_FORCED, false, 0, 0);
}

static void push_space(Work *w, uint32_t run, FontRole role)
{
    if (!last_is_box(w))
        return; /* spaces collapse; none at the start of a line */
    const ParaStyle *st = w->st;
    float sp = (float)font_advance(st->fonts[role], ' ') * role_size(st, role) / 1000.0f;
    if (st->justify) {
        push_glue(w, run, sp, sp / 2, sp / 3);
    } else {
        float rag = 3 * st->size;
        push_glue(w, run, 0, rag, 0);
        push_penalty(w, run, 0, false, 0, 0);
        push_glue(w, run, sp, -rag, 0);
    }
}

/* No-break space (U+00A0) or narrow no-break space (U+202F). */
static void push_nbsp(Work *w, uint32_t run, FontRole role, uint32_t cp)
{
    const ParaStyle *st = w->st;
    const Font *f = st->fonts[role];
    float size = role_size(st, role);
    float sp = (float)font_advance(f, ' ') * size / 1000.0f;
    push_penalty(w, run, PEN_INF, false, 0, 0);
    if (cp == 0x202F) {
        float nw = font_has_glyph(f, 0x202F) ? (float)font_advance(f, 0x202F) * size / 1000.0f
                                              : sp / 2;
        push_glue(w, run, nw, 0, 0);
    } else {
        push_glue(w, run, sp, st->justify ? sp / 2 : 0, st->justify ? sp / 3 : 0);
    }
}

static bool is_dash(uint32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2013;
}

enum { PT_NONE, PT_HYPHEN, PT_SEAM, PT_DASH, PT_URL };

/* Addresses (https://…, www.…, mail@…) are never hyphenated: a hyphen
 * would change them. They may break after / . - _ ? & = (not inside "//"). */
static bool url_points(Work *w)
{
    const char *s = w->word;
    size_t len = w->wlen;
    bool url = false;
    for (size_t i = 0; i < len && !url; i++)
        url = s[i] == '@' || (s[i] == ':' && i + 2 < len && s[i + 1] == '/' && s[i + 2] == '/') ||
              (i + 4 <= len && memcmp(s + i, "www.", 4) == 0);
    if (!url)
        return false;
    for (size_t i = 1; i + 1 < len; i++)
        if (strchr("/.-_?&=", s[i]) && s[i + 1] != '/' && s[i + 1] != '.')
            w->pts[i] = PT_URL;
    return true;
}

/* Marks where the finished word may break: after explicit hyphens and dashes
 * (PT_DASH), at soft hyphens or, when there are none, at the hyphenation
 * points of each run of letters (PT_HYPHEN); addresses at their separators.
 * A word with a piece from an RF_NOHYPH run does not break at all. */
static void word_points(Work *w)
{
    size_t len = w->wlen;
    w->pts = mem_grow(w->pts, &w->ptscap, len, 1);
    memset(w->pts, 0, len);
    for (size_t k = 0; k < w->np; k++)
        if (w->inl->runs[w->pieces[k].run].font & RF_NOHYPH)
            return;
    if (url_points(w))
        return;
    const unsigned char *s = (const unsigned char *)w->word;
    bool digits = false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_next(s + i, len - i, &cp);
        if (cp >= '0' && cp <= '9')
            digits = true;
        if (is_dash(cp) && i > 0 && i + n < len)
            w->pts[i + n - 1] = PT_DASH;
        i += n;
    }
    if (w->nshy > 0) {
        for (size_t k = 0; k < w->nshy; k++) {
            size_t off = w->shy[k];
            if (off > 0 && off < len && w->pts[off - 1] == PT_NONE)
                w->pts[off - 1] = PT_HYPHEN;
        }
        return;
    }
    const Hyphenator *h = w->st->hyph;
    if (!w->hyphenate || !h || digits)
        return;
    unsigned char tmp[256];
    for (size_t i = 0; i < len;) {
        size_t start = i, end = i;
        while (end < len) {
            uint32_t cp;
            size_t n = utf8_decode(s + end, len - end, &cp);
            if (n == 0 || !hyph_is_letter(cp))
                break;
            end += n;
        }
        if (end - start >= 5 && end - start <= sizeof tmp) {
            if (hyph_points(h, w->word + start, end - start, tmp) > 0) {
                for (size_t k = 0; k < end - start; k++)
                    if (tmp[k] && w->pts[start + k] == PT_NONE)
                        w->pts[start + k] = tmp[k] == HYPH_SEAM ? PT_SEAM : PT_HYPHEN;
            }
        }
        if (end == start) {
            uint32_t cp;
            end += utf8_next(s + end, len - end, &cp);
        }
        i = end;
    }
}

/* A dash standing alone (" – ") stays on the line before: the space in
 * front of it becomes unbreakable, so a line never starts with the dash. */
static void glue_to_dash(Work *w)
{
    size_t k = w->n;
    while (k > 0 && w->items[k - 1].kind != IT_BOX)
        k--;
    if (k == w->n || k == 0)
        return;
    for (size_t j = k; j < w->n; j++)
        if (w->items[j].kind == IT_PENALTY)
            w->items[j].penalty = PEN_INF;
    push(w, IT_PENALTY); /* room for one more item: shift the space right */
    memmove(&w->items[k + 1], &w->items[k], (w->n - 1 - k) * sizeof *w->items);
    memset(&w->items[k], 0, sizeof *w->items);
    w->items[k].kind = IT_PENALTY;
    w->items[k].penalty = PEN_INF;
    w->items[k].run = w->items[k + 1].run;
}

static bool is_lone_dash(const char *s, size_t len)
{
    return len == 3 && (memcmp(s, "\xe2\x80\x93", 3) == 0 || memcmp(s, "\xe2\x80\x94", 3) == 0);
}

/* Turns the collected pieces of a word into boxes and break penalties. */
static void end_word(Work *w)
{
    if (w->np == 0) {
        w->nshy = 0;
        w->wlen = 0;
        return;
    }
    if (is_lone_dash(w->word, w->wlen))
        glue_to_dash(w);
    word_points(w);
    size_t last = w->wlen - 1;
    for (size_t k = 0; k < w->np; k++) {
        const Piece *p = &w->pieces[k];
        size_t start = 0;
        for (size_t b = 0; b < p->len; b++) {
            size_t at = p->off + b;
            unsigned char pt = w->pts[at];
            if (!pt || at == last)
                continue;
            push_box(w, p->run, p->font, p->text + start, b + 1 - start);
            if (pt == PT_HYPHEN || pt == PT_SEAM)
                push_penalty(w, p->run, pt == PT_SEAM ? w->brk.compound_hyphen_penalty
                                                      : w->brk.hyphen_penalty, true,
                             p->font, font_advance(w->st->fonts[p->font], '-'));
            else if (pt == PT_DASH)
                push_penalty(w, p->run, EXHYPHEN_PENALTY, true, p->font, 0);
            else
                push_penalty(w, p->run, URL_PENALTY, false, p->font, 0);
            start = b + 1;
        }
        push_box(w, p->run, p->font, p->text + start, p->len - start);
    }
    w->np = 0;
    w->wlen = 0;
    w->nshy = 0;
}

static void add_piece(Work *w, uint32_t run, FontRole font, const char *text, size_t len)
{
    if (len == 0)
        return;
    w->pieces = mem_grow(w->pieces, &w->pcap, w->np + 1, sizeof *w->pieces);
    w->pieces[w->np++] = (Piece){run, (unsigned char)font, text, (uint32_t)len, w->wlen};
    w->word = mem_grow(w->word, &w->wcap, w->wlen + len, 1);
    memcpy(w->word + w->wlen, text, len);
    w->wlen += len;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x2009 || c == 0x2002 ||
           c == 0x2003;
}

static void add_text(Work *w, uint32_t run, FontRole role, const char *text, SrcPos pos)
{
    const Font *f = w->st->fonts[role];
    const unsigned char *s = (const unsigned char *)text;
    size_t len = strlen(text);
    uint32_t reported[32];
    size_t n_reported = 0;
    size_t piece = 0; /* start of the current piece */
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_next(s + i, len - i, &cp);
        bool word_char = !is_space(cp) && cp != 0xA0 && cp != 0x202F && cp != 0x200B && cp != 0xAD;
        if (word_char && font_has_glyph(f, cp)) {
            i += n;
            continue;
        }
        add_piece(w, run, role, text + piece, i - piece);
        if (is_space(cp)) {
            end_word(w);
            push_space(w, run, role);
        } else if (cp == 0xA0 || cp == 0x202F) {
            end_word(w);
            push_nbsp(w, run, role, cp);
        } else if (cp == 0x200B) {
            end_word(w);
            if (last_is_box(w))
                push_penalty(w, run, 0, false, 0, 0);
        } else if (cp == 0xAD) {
            w->shy = mem_grow(w->shy, &w->shycap, w->nshy + 1, sizeof *w->shy);
            w->shy[w->nshy++] = w->wlen;
        } else if (w->report_missing && w->env && w->env->missing) {
            bool seen = false;
            for (size_t k = 0; k < n_reported; k++)
                seen = seen || reported[k] == cp;
            if (!seen) {
                if (n_reported < sizeof reported / sizeof *reported)
                    reported[n_reported++] = cp;
                w->env->missing(w->env->ctx, pos, cp);
            }
        }
        i += n;
        piece = i;
    }
    add_piece(w, run, role, text + piece, len - piece);
}

/* Builds the items of the paragraph into w->items. */
static void build_items(Work *w, bool hyphenate)
{
    const ParaStyle *st = w->st;
    w->n = 0;
    w->np = 0;
    w->wlen = 0;
    w->nshy = 0;
    w->hyphenate = hyphenate;
    if (st->first_indent > 0) {
        Item *b = push(w, IT_BOX);
        b->width = st->first_indent;
        b->font = (unsigned char)usable_role(st, st->font);
    }
    for (size_t r = 0; r < w->inl->n; r++) {
        const Run *run = &w->inl->runs[r];
        FontRole role = usable_role(st, pick_role(st->font, run->font));
        switch (run->kind) {
        case RUN_BREAK:
            end_word(w);
            push_forced_break(w, (uint32_t)r);
            break;
        case RUN_PAGEREF: {
            const char *label = NULL;
            if (w->env && w->env->pageref)
                label = w->env->pageref(w->env->ctx, run->dest);
            add_text(w, (uint32_t)r, role, label ? label : "000", run->pos);
            break;
        }
        case RUN_TEXT:
            add_text(w, (uint32_t)r, role, run->text ? run->text : "", run->pos);
            break;
        }
    }
    end_word(w);
    trim_trailing(w);
    if (!has_text(w)) {
        w->n = 0;
        return;
    }
    /* \penalty10000 \hskip\parfillskip \penalty-10000 */
    uint32_t last_run = w->inl->n ? (uint32_t)(w->inl->n - 1) : 0;
    push_forced_break(w, last_run);
}

static bool is_breakpoint(const Item *items, size_t i)
{
    const Item *it = &items[i];
    if (it->kind == IT_GLUE)
        return i > 0 && items[i - 1].kind == IT_BOX;
    return it->kind == IT_PENALTY && it->penalty < PEN_INF;
}

/* Last resort: every run of items between two breakpoints that is wider
 * than the column gets a break opportunity after each of its characters. */
static bool chunk_wide(const Work *w, const Item *src, size_t n, size_t i, double chunk)
{
    double extra = (i < n && src[i].kind == IT_PENALTY) ? src[i].width : 0;
    return chunk + extra > w->width;
}

static void split_wide_chunks(Work *w)
{
    size_t n = w->n, start = 0;
    double chunk = 0;
    w->tmp = mem_grow(w->tmp, &w->tmpcap, n, sizeof *w->tmp);
    memcpy(w->tmp, w->items, n * sizeof *w->items);
    const Item *src = w->tmp;
    /* Count first: a huge word gives millions of items, and doubling the
     * array past that could take twice the memory. */
    size_t need = n, bytes = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || is_breakpoint(src, i)) {
            if (chunk_wide(w, src, n, i, chunk))
                need += 2 * bytes; /* at most a box and a penalty per byte */
            chunk = 0;
            bytes = 0;
        } else if (src[i].kind == IT_BOX) {
            chunk += src[i].width;
            bytes += src[i].len;
        } else if (src[i].kind == IT_GLUE) {
            chunk += src[i].width - src[i].shrink;
        }
    }
    if (need > w->cap) {
        w->items = xrealloc(w->items, need * sizeof *w->items);
        w->cap = need;
    }
    chunk = 0;
    w->n = 0;
    for (size_t i = 0; i <= n; i++) {
        bool brk = i == n || is_breakpoint(src, i);
        if (!brk) {
            const Item *it = &src[i];
            if (it->kind == IT_BOX)
                chunk += it->width;
            else if (it->kind == IT_GLUE)
                chunk += it->width - it->shrink;
            continue;
        }
        bool wide = chunk_wide(w, src, n, i, chunk);
        for (size_t j = start; j < i; j++) {
            const Item *it = &src[j];
            if (!wide || it->kind != IT_BOX || it->len == 0) {
                *push(w, it->kind) = *it;
                continue;
            }
            const unsigned char *s = (const unsigned char *)it->text;
            for (size_t k = 0; k < it->len;) {
                uint32_t cp;
                size_t m = utf8_next(s + k, it->len - k, &cp);
                push_box(w, it->run, it->font, it->text + k, m);
                push_penalty(w, it->run, SPLIT_PENALTY, false, 0, 0);
                k += m;
            }
        }
        if (i < n)
            *push(w, src[i].kind) = src[i];
        start = i + 1;
        chunk = 0;
    }
}

/* ---------- Knuth–Plass ---------- */

/* 100 |r|^3, capped at INF_BAD as in TeX, or (last passes) at MAX_BAD so
 * that hopeless lines still compare. */
static double badness(double r, bool capped)
{
    if (r < 0)
        r = -r;
    double cap = capped ? INF_BAD : MAX_BAD;
    if (r > 1000)
        return cap;
    double b = 100 * r * r * r;
    return b > cap ? cap : b;
}

static int fitness_class(double r)
{
    if (r < -0.5)
        return 0;
    if (r <= 0.5)
        return 1;
    if (r <= 1)
        return 2;
    return 3;
}

/* Adjustment ratio of a line of natural width len with the given stretch and
 * shrink; HUGE_VAL when it is short and cannot stretch. */
static double adjust_ratio(double len, double width, double stretch, double shrink, int fil,
                           bool forced)
{
    if (len < width) {
        if (fil > 0 || forced)
            return 0;
        return stretch > 0 ? (width - len) / stretch : HUGE_VAL;
    }
    if (len > width)
        return shrink > 0 ? (width - len) / shrink : -HUGE_VAL;
    return 0;
}

static int new_node(Work *w)
{
    w->nodes = mem_grow(w->nodes, &w->ncap, w->nn + 1, sizeof *w->nodes);
    memset(&w->nodes[w->nn], 0, sizeof *w->nodes);
    return (int)w->nn++;
}

typedef struct Totals {
    double w, y, z;
    int fil;
    size_t start;         /* after_break: the first item of the next line */
    int glue;             /* count of glue items other than \parfillskip */
} Totals;

typedef struct Cand {
    double demerits;
    int prev;
} Cand;

typedef struct Pass {
    double width, tolerance;
    double emergency;     /* the least stretch a line is rated with (last passes) */
    bool rescue;          /* never run out of active nodes: allow an overfull line */
    int active;           /* head of the active list */
} Pass;

/* The style's line-breaking costs: the template's, else TeX's defaults. */
static LineBreaking breaking_of(const ParaStyle *st)
{
    LineBreaking b = st->brk ? *st->brk : (LineBreaking){50, 25, 2, 10000, 5000};
    if (b.consecutive_hyphens < 1)
        b.consecutive_hyphens = 1;
    if (b.consecutive_hyphens > MAX_HYPHEN_RUN)
        b.consecutive_hyphens = MAX_HYPHEN_RUN;
    return b;
}

/* Totals of the items before the start of the line after a break at i. */
static Totals after_break(const Item *items, size_t n, size_t i, Totals t)
{
    size_t j = i;
    for (; j < n; j++) {
        const Item *it = &items[j];
        if (it->kind == IT_BOX)
            break;
        if (it->kind == IT_GLUE) {
            t.w += it->width;
            t.y += it->stretch;
            t.z += it->shrink;
            t.fil += it->fil;
            t.glue += !it->fil;
        } else if (it->penalty == PEN_FORCED && j > i) {
            break;
        }
    }
    t.start = j;
    return t;
}

static void try_break(Work *w, Pass *ps, size_t i, Totals sum)
{
    const Item *it = &w->items[i];
    bool is_pen = it->kind == IT_PENALTY;
    int pen = is_pen ? it->penalty : 0;
    bool forced = is_pen && pen == PEN_FORCED;
    bool flagged = is_pen && it->flagged;
    double pw = is_pen ? it->width : 0;
    bool last = i + 1 == w->n;

    Cand best[4][MAX_HYPHEN_RUN + 1];
    const int maxrun = w->brk.consecutive_hyphens;
    /* The passes beyond the tolerance may add one hyphenated line to a run
     * rather than set a line looser than about 1.5 times its stretch; the
     * last pass may add more (the column may be too narrow for the rule),
     * at a much higher price. */
    bool may_exceed = ps->tolerance > TOLERANCE;
    bool any = false;
    for (int f = 0; f < 4; f++)
        for (int h = 0; h <= MAX_HYPHEN_RUN; h++)
            best[f][h] = (Cand){HUGE_VAL, -1};
    int rescue = -1;

    int prev_link = -1;
    for (int a = ps->active; a != -1;) {
        Node *node = &w->nodes[a];
        int next = node->next;
        if (i < node->start) { /* still among the glue dropped after that break */
            prev_link = a;
            a = next;
            continue;
        }
        double len = sum.w - node->tw + pw;
        double stretch = sum.y - node->ty;
        if (stretch < ps->emergency)
            stretch = ps->emergency;
        double r = adjust_ratio(len, ps->width, stretch, sum.z - node->tz, sum.fil - node->tfil,
                                forced);
        if (r < -1 || forced) {
            /* Deactivate: later breaks only make this line longer. */
            if (r < -1 && (rescue == -1 || node->demerits < w->nodes[rescue].demerits))
                rescue = a;
            if (prev_link == -1)
                ps->active = next;
            else
                w->nodes[prev_link].next = next;
        } else {
            prev_link = a;
        }
        double b = badness(r, ps->tolerance <= INF_BAD);
        int hr = flagged ? node->hyph_run + 1 : 0;
        if (r >= -1 && b <= ps->tolerance) {
            double d = (LINE_PENALTY + b) * (LINE_PENALTY + b);
            if (pen > 0)
                d += (double)pen * pen;
            else if (pen > PEN_FORCED)
                d -= (double)pen * pen;
            if (flagged && node->flagged)
                d += w->brk.double_hyphen_demerits;
            if (last && node->flagged) {
                d += w->brk.final_hyphen_demerits;
                if (sum.glue == node->tglue) /* no space on the last line */
                    d += LONE_FRAGMENT_DEMERITS;
            }
            int fit = fitness_class(r);
            if (abs(fit - node->fitness) > 1)
                d += ADJ_DEMERITS;
            d += node->demerits;
            if (hr > maxrun && ps->rescue)
                d += HYPHEN_RUN_DEMERITS * (hr - maxrun);
            else if (hr > maxrun)
                d = hr == maxrun + 1 && may_exceed ? d + RUN_EXCESS_DEMERITS : HUGE_VAL;
            if (hr > MAX_HYPHEN_RUN)
                hr = MAX_HYPHEN_RUN;
            if (d < best[fit][hr].demerits) {
                best[fit][hr] = (Cand){d, a};
                any = true;
            }
        }
        a = next;
    }

    if (!any && ps->active == -1 && ps->rescue && rescue != -1) {
        /* Nothing fits (a glyph wider than the column): an overfull line. */
        const Node *node = &w->nodes[rescue];
        int hr = flagged ? node->hyph_run + 1 : 0;
        if (hr > MAX_HYPHEN_RUN)
            hr = MAX_HYPHEN_RUN;
        best[0][hr] = (Cand){node->demerits + MAX_BAD * MAX_BAD, rescue};
        any = true;
    }
    if (!any)
        return;

    double min_d = HUGE_VAL;
    for (int f = 0; f < 4; f++)
        for (int h = 0; h <= MAX_HYPHEN_RUN; h++)
            if (best[f][h].demerits < min_d)
                min_d = best[f][h].demerits;
    Totals t = after_break(w->items, w->n, i, sum);
    for (int f = 0; f < 4; f++) {
        for (int h = 0; h <= MAX_HYPHEN_RUN; h++) {
            const Cand *c = &best[f][h];
            if (c->prev == -1 || c->demerits > min_d + ADJ_DEMERITS)
                continue;
            int k = new_node(w);
            Node *node = &w->nodes[k];
            node->pos = (int)i;
            node->fitness = f;
            node->hyph_run = h;
            node->flagged = flagged;
            node->tw = t.w;
            node->ty = t.y;
            node->tz = t.z;
            node->tfil = t.fil;
            node->tglue = t.glue;
            node->start = t.start;
            node->demerits = c->demerits;
            node->prev = c->prev;
            node->next = ps->active;
            ps->active = k;
        }
    }
}

/* Drops the nodes no active node leads back to (the breaker keeps every
 * node it made; a paragraph with millions of break points, such as a huge
 * word cut between characters, would otherwise fill the memory). Order is
 * kept, so a node's prev stays below it. */
#define GC_MIN_NODES 4096

static void compact_nodes(Work *w, Pass *ps)
{
    size_t nn = w->nn;
    w->remap = mem_grow(w->remap, &w->remapcap, nn, sizeof *w->remap);
    int *remap = w->remap;
    for (size_t k = 0; k < nn; k++)
        remap[k] = -1;
    for (int a = ps->active; a != -1; a = w->nodes[a].next)
        for (int k = a; k != -1 && remap[k] == -1; k = w->nodes[k].prev)
            remap[k] = 0; /* reachable */
    size_t kept = 0;
    for (size_t k = 0; k < nn; k++) {
        if (remap[k] == -1)
            continue;
        remap[k] = (int)kept;
        w->nodes[kept++] = w->nodes[k];
    }
    for (size_t k = 0; k < kept; k++) {
        Node *node = &w->nodes[k];
        if (node->prev != -1)
            node->prev = remap[node->prev]; /* below k: already mapped, and kept */
        if (node->next != -1)
            node->next = remap[node->next]; /* -1 for an inactive node's stale link */
    }
    ps->active = ps->active == -1 ? -1 : remap[ps->active];
    w->nn = kept;
    w->gc_at = 2 * kept > GC_MIN_NODES ? 2 * kept : GC_MIN_NODES;
}

/* Runs one pass; returns the node of the final break, or -1. */
static int find_breaks(Work *w, double width, double tolerance, double emergency, bool rescue)
{
    w->nn = 0;
    w->gc_at = GC_MIN_NODES;
    int start = new_node(w);
    w->nodes[start].pos = -1;
    w->nodes[start].fitness = 1;
    w->nodes[start].prev = -1;
    w->nodes[start].next = -1;
    Pass ps = {width, tolerance, emergency, rescue, start};
    Totals sum = {0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < w->n; i++) {
        const Item *it = &w->items[i];
        if (it->kind == IT_BOX) {
            sum.w += it->width;
            continue;
        }
        if (is_breakpoint(w->items, i))
            try_break(w, &ps, i, sum);
        if (ps.active == -1)
            return -1;
        if (w->nn >= w->gc_at)
            compact_nodes(w, &ps);
        if (it->kind == IT_GLUE) {
            sum.w += it->width;
            sum.y += it->stretch;
            sum.z += it->shrink;
            sum.fil += it->fil;
            sum.glue += !it->fil;
        }
    }
    int best = -1;
    for (int a = ps.active; a != -1; a = w->nodes[a].next) {
        if (w->nodes[a].pos != (int)w->n - 1)
            continue;
        if (best == -1 || w->nodes[a].demerits < w->nodes[best].demerits)
            best = a;
    }
    return best;
}

/* First fit, for a paragraph too big for total fit after its words were cut
 * between characters (a word of megabytes: every character a break point,
 * and the breaker would keep a chain of nodes per phase of the cut). Each
 * line takes as much as fits, without hyphenation; the chain of nodes is
 * what make_lines reads. */
#define FIRST_FIT_ITEMS 400000

static int add_break_node(Work *w, int prev, size_t i, Totals sum)
{
    Totals t = after_break(w->items, w->n, i, sum);
    int k = new_node(w);
    Node *node = &w->nodes[k];
    node->pos = (int)i;
    node->prev = prev;
    node->next = -1;
    node->tw = t.w;
    node->tz = t.z;
    node->start = t.start;
    return k;
}

static int first_fit_breaks(Work *w, double width)
{
    w->nn = 0;
    int cur = new_node(w);
    w->nodes[cur].pos = -1;
    w->nodes[cur].prev = -1;
    w->nodes[cur].next = -1;
    int fit = -1;          /* last break point where the current line still fits */
    Totals fit_sum = {0, 0, 0, 0, 0, 0}, sum = {0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < w->n; i++) {
        const Item *it = &w->items[i];
        if (it->kind == IT_BOX) {
            sum.w += it->width;
            continue;
        }
        bool hyphen = it->kind == IT_PENALTY && it->flagged; /* first fit does not hyphenate */
        if (is_breakpoint(w->items, i) && !hyphen && i >= w->nodes[cur].start) {
            bool forced = it->kind == IT_PENALTY && it->penalty == PEN_FORCED;
            double pw = it->kind == IT_PENALTY ? it->width : 0;
            double len = sum.w - w->nodes[cur].tw + pw, shrink = sum.z - w->nodes[cur].tz;
            if (len - shrink > width && fit != -1) { /* end the line at the last fit */
                cur = add_break_node(w, cur, (size_t)fit, fit_sum);
                fit = -1;
                len = sum.w - w->nodes[cur].tw + pw;
                shrink = sum.z - w->nodes[cur].tz;
            }
            if (forced) {
                cur = add_break_node(w, cur, i, sum);
                fit = -1;
            } else if (len - shrink <= width || fit == -1) {
                fit = (int)i; /* fits, or nothing narrower exists (overfull) */
                fit_sum = sum;
            }
        }
        if (it->kind == IT_GLUE) {
            sum.w += it->width;
            sum.z += it->shrink;
        }
    }
    return w->nodes[cur].pos == (int)w->n - 1 ? cur : -1;
}

/* ---------- lines ---------- */

static Color run_color(const Work *w, uint32_t run)
{
    const Run *r = &w->inl->runs[run];
    return r->has_color ? r->color : w->st->color;
}

static bool same_look(const Work *w, const Item *a, const Item *b)
{
    if (a->font != b->font)
        return false;
    if (a->run == b->run)
        return true;
    const Run *ra = &w->inl->runs[a->run], *rb = &w->inl->runs[b->run];
    if ((ra->font ^ rb->font) & RF_STRIKE)
        return false;
    Color ca = run_color(w, a->run), cb = run_color(w, b->run);
    if (ca.r != cb.r || ca.g != cb.g || ca.b != cb.b)
        return false;
    if (ra->link.kind != rb->link.kind)
        return false;
    if (ra->link.kind == DLINK_NONE)
        return true;
    const char *ta = ra->link.target, *tb = rb->link.target;
    return ta == tb || (ta && tb && strcmp(ta, tb) == 0);
}

/* First item of the line after a break at pos (glue and penalties vanish). */
static size_t line_start(const Work *w, int pos)
{
    if (pos < 0)
        return 0;
    size_t j = (size_t)pos;
    for (; j < w->n; j++) {
        const Item *it = &w->items[j];
        if (it->kind == IT_BOX)
            break;
        if (it->kind == IT_PENALTY && it->penalty == PEN_FORCED && j > (size_t)pos)
            break;
    }
    return j;
}


static void make_frag(const Work *w, const FragSpan *fs, const Item *brk, LineFrag *out,
                      Arena *arena)
{
    size_t len = 0;
    for (size_t j = fs->first; j <= fs->last; j++)
        if (w->items[j].kind == IT_BOX)
            len += w->items[j].len;
    char *text = arena_alloc(arena, len + 2);
    size_t at = 0;
    for (size_t j = fs->first; j <= fs->last; j++) {
        const Item *it = &w->items[j];
        if (it->kind == IT_BOX && it->len) {
            memcpy(text + at, it->text, it->len);
            at += it->len;
        }
    }
    int units = fs->units;
    const Item *first = &w->items[fs->first];
    if (fs->hyphen) {
        text[at++] = '-';
        units += brk->units;
        if (first->kind != IT_BOX)
            first = brk;
    }
    text[at] = '\0';
    const Run *run = &w->inl->runs[first->run];
    out->text = text;
    out->len = (uint32_t)at;
    out->font = (FontRole)first->font;
    out->color = run_color(w, first->run);
    out->x = (float)fs->x;
    out->size = role_size(w->st, out->font);
    out->w = (float)units * out->size / 1000.0f;
    out->link = run->link;
    out->pos = run->pos;
    out->strike = (run->font & RF_STRIKE) != 0;
    out->note = run->note;
}

/* Sets the items from start to the break at brk into a Line. */
static void set_line(Work *w, size_t start, size_t brk, Line *line, Arena *arena)
{
    const ParaStyle *st = w->st;
    if (start > brk)
        start = brk; /* cannot happen (see try_break); never loop on it */
    const Item *bi = &w->items[brk];
    bool pen_break = bi->kind == IT_PENALTY;
    double pw = pen_break ? bi->width : 0;
    double nat = pw, y = 0, z = 0;
    int fil = 0;
    for (size_t j = start; j < brk; j++) {
        const Item *it = &w->items[j];
        if (it->kind == IT_BOX || it->kind == IT_GLUE)
            nat += it->width;
        if (it->kind == IT_GLUE) {
            y += it->stretch;
            z += it->shrink;
            fil += it->fil;
        }
    }
    bool forced = pen_break && bi->penalty == PEN_FORCED;
    double r = adjust_ratio(nat, w->width, y, z, fil, forced);
    double set_r = 0;
    if (st->justify && isfinite(r))
        set_r = r < -1 ? -1 : r;

    /* Positions; fragments break at glue and at changes of font, colour, link. */
    /* at most one fragment per box, plus the hyphen */
    w->spans = mem_grow(w->spans, &w->spancap, brk - start + 1, sizeof *w->spans);
    FragSpan *fs = w->spans;
    size_t n_frags = 0;
    double x = 0;
    bool open = false;
    float asc_pt = 0, desc_pt = 0;
    const Item *prev_box = NULL;
    for (size_t j = start; j < brk; j++) {
        const Item *it = &w->items[j];
        if (it->kind == IT_GLUE) {
            double gw = it->width;
            if (set_r > 0)
                gw += set_r * it->stretch;
            else if (set_r < 0)
                gw += set_r * it->shrink;
            x += gw;
            open = false;
            continue;
        }
        if (it->kind != IT_BOX)
            continue;
        if (it->len == 0) {
            x += it->width;
            open = false;
            continue;
        }
        const Font *f = st->fonts[it->font];
        float a = (float)font_ascent(f) * role_size(st, it->font) / 1000.0f;
        float d = -(float)font_descent(f) * role_size(st, it->font) / 1000.0f;
        if (a > asc_pt)
            asc_pt = a;
        if (d > desc_pt)
            desc_pt = d;
        if (open && prev_box && same_look(w, prev_box, it)) {
            fs[n_frags - 1].last = j;
            fs[n_frags - 1].units += it->units;
        } else {
            fs[n_frags++] = (FragSpan){j, j, x, it->units, false};
            open = true;
        }
        prev_box = it;
        x += it->width;
    }
    bool hyphen = pen_break && bi->flagged && bi->units > 0;
    if (hyphen) {
        const Item *last_box = prev_box;
        if (open && last_box && last_box->font == bi->font) {
            fs[n_frags - 1].hyphen = true;
        } else {
            fs[n_frags++] = (FragSpan){brk, brk, x, 0, true};
        }
    }

    double shift = 0;
    if (!st->justify && st->align != ALIGN_LEFT && nat < w->width)
        shift = st->align == ALIGN_RIGHT ? w->width - nat : (w->width - nat) / 2;
    LineFrag *frags = n_frags ? arena_calloc(arena, n_frags, sizeof *frags) : NULL;
    for (size_t k = 0; k < n_frags; k++) {
        fs[k].x += shift;
        make_frag(w, &fs[k], bi, &frags[k], arena);
    }

    if (asc_pt == 0 && desc_pt == 0) {
        const Font *f = st->fonts[usable_role(st, st->font)];
        if (f) {
            asc_pt = (float)font_ascent(f) * st->size / 1000.0f;
            desc_pt = -(float)font_descent(f) * st->size / 1000.0f;
        }
    }
    line->frags = frags;
    line->n_frags = n_frags;
    line->width = w->width;
    line->natural = (float)nat;
    if (!st->justify || forced)
        line->ratio = 0;
    else if (r > RATIO_CAP)
        line->ratio = RATIO_CAP;
    else if (r < -RATIO_CAP)
        line->ratio = -RATIO_CAP;
    else
        line->ratio = (float)r;
    line->hyphenated = pen_break && bi->flagged;
    line->ascent = asc_pt;
    line->descent = desc_pt;
}

static ParaResult make_lines(Work *w, int final, Arena *arena)
{
    ParaResult res = {NULL, 0};
    size_t count = 0;
    for (int k = final; w->nodes[k].prev != -1; k = w->nodes[k].prev)
        count++;
    if (count == 0)
        return res;
    Line *lines = arena_calloc(arena, count, sizeof *lines);
    size_t li = count;
    for (int k = final; w->nodes[k].prev != -1; k = w->nodes[k].prev) {
        const Node *node = &w->nodes[k];
        size_t start = line_start(w, w->nodes[node->prev].pos);
        set_line(w, start, (size_t)node->pos, &lines[--li], arena);
    }
    res.lines = lines;
    res.n_lines = count;
    return res;
}

static bool style_usable(const ParaStyle *st)
{
    if (!st || !st->fonts)
        return false;
    for (int r = 0; r < FONT_COUNT; r++)
        if (st->fonts[r])
            return true;
    return false;
}

ParaResult para_set(const Inlines *inl, const ParaStyle *st, float width, const ParaEnv *env,
                    Arena *arena)
{
    ParaResult res = {NULL, 0};
    if (!inl || inl->n == 0 || !style_usable(st))
        return res;
    Work w = {.inl = inl, .st = st, .env = env, .report_missing = true, .width = width, .brk = breaking_of(st)};
    bool can_hyph = st->hyphenate && st->hyph;
    build_items(&w, false);
    w.report_missing = false; /* rebuilding must not report twice */
    if (w.n == 0) {
        work_free(&w);
        return res;
    }
    /* 1: no hyphenation, strict; 2: with hyphenation; 3: any tolerance,
     * rated with emergency stretch; 4: too-wide words cut, never fails. */
    double emergency = st->justify ? fmin(EMERGENCY_EM * st->size, width / 10) : 0;
    int final = find_breaks(&w, width, st->justify ? PRETOLERANCE : ANY_TOL, 0, false);
    if (final < 0 && can_hyph)
        build_items(&w, true);
    if (final < 0 && st->justify)
        final = find_breaks(&w, width, TOLERANCE, 0, false);
    if (final < 0)
        final = find_breaks(&w, width, ANY_TOL, emergency, false);
    if (final < 0) {
        split_wide_chunks(&w);
        if (w.n > FIRST_FIT_ITEMS)
            final = first_fit_breaks(&w, width);
        else
            final = find_breaks(&w, width, ANY_TOL, emergency, true);
    }
    if (final >= 0)
        res = make_lines(&w, final, arena);
    work_free(&w);
    return res;
}

float para_natural_width(const Inlines *inl, const ParaStyle *st, const ParaEnv *env)
{
    if (!inl || inl->n == 0 || !style_usable(st))
        return 0;
    Work w = {.inl = inl, .st = st, .env = env, .report_missing = false, .brk = breaking_of(st)};
    build_items(&w, false);
    double line = 0, widest = 0;
    for (size_t i = 0; i < w.n; i++) {
        const Item *it = &w.items[i];
        if (it->kind == IT_PENALTY && it->penalty == PEN_FORCED) {
            if (line > widest)
                widest = line;
            line = 0;
        } else if (it->kind != IT_PENALTY) {
            line += it->width;
        }
    }
    if (line > widest)
        widest = line;
    work_free(&w);
    return (float)widest;
}

float para_min_width(const Inlines *inl, const ParaStyle *st, const ParaEnv *env)
{
    if (!inl || inl->n == 0 || !style_usable(st))
        return 0;
    Work w = {.inl = inl, .st = st, .env = env, .report_missing = false, .brk = breaking_of(st)};
    build_items(&w, st->hyphenate && st->hyph);
    double chunk = 0, widest = 0;
    for (size_t i = 0; i < w.n; i++) {
        const Item *it = &w.items[i];
        if (is_breakpoint(w.items, i)) {
            double c = chunk + (it->kind == IT_PENALTY ? it->width : 0);
            if (c > widest)
                widest = c;
            chunk = 0;
        } else if (it->kind == IT_BOX || (it->kind == IT_GLUE && !it->fil)) {
            chunk += it->width;
        }
    }
    if (chunk > widest)
        widest = chunk;
    work_free(&w);
    return (float)widest;
}
