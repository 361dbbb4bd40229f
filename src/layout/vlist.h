/* vlist.h — the vertical list: what block formatters produce and the page
 * builder consumes (internal to layout).
 *
 * As in TeX, each block becomes a sequence of unbreakable vertical items (a
 * line of a paragraph, a table row, a picture). Between items a page may
 * break, at a cost given by the penalty of the item after the break. Boxes of
 * an item are positioned with absolute x and y relative to the item's top;
 * the page builder only moves items vertically. */
#ifndef IMR_VLIST_H
#define IMR_VLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/diag.h"
#include "../compose/compose.h"
#include "font.h"
#include "hyphen.h"
#include "layout.h"
#include "para.h"
#include "tags.h"

#define PEN_ALLOW 0        /* a break here costs nothing */
#define PEN_FORBID 10000   /* never break here (keep together) unless nothing else fits */
#define PEN_FORCE (-10000) /* always break here (new chapter, pagebreak) */

/* A link before destinations are known. */
typedef struct VLink {
    float x, y, w, h;      /* y relative to the item's top */
    DocLink link;
    uint32_t node;         /* its Link structure element (0: not yet known) */
} VLink;

/* A piece of a semantic element inside one item; the page builder merges the
 * pieces of one element on one page into a single Element (union of boxes)
 * and numbers the parts on following pages. */
typedef struct VElem {
    ElemKind kind;
    const char *id;
    float x, y, w, h;      /* y relative to the item's top */
    const char *text;
    uint32_t text_hash;
    SrcPos pos;
    uint32_t pageless_hash; /* see Element */
    const BarChart *chart;
} VElem;

/* Heading information, for the contents, the outline and the running header. */
typedef struct VHeading {
    int level;             /* 1..6 */
    const char *number;    /* NULL: unnumbered */
    const char *title;     /* plain text */
    const char *dest;      /* destination at the heading */
    bool in_outline;
} VHeading;

/* What a line of running text was like, for LayoutStats (VItem.line). */
enum {
    VL_TEXT = 1,           /* the item is a line of running text */
    VL_HYPHEN = 2,         /* it ends with a hyphen */
    VL_LOOSE = 4,          /* justified and stretched beyond its stretch */
    VL_OVERFULL = 8        /* wider than its column */
};

typedef struct VItem {
    float height;          /* pt, from the item's top to its bottom */
    unsigned char line;    /* VL_* flags; 0: not a line of running text */
    float space_before;    /* vertical glue before it; dropped at the top of a page */
    int penalty;           /* cost of a page break just before this item */
    Box *boxes;
    size_t n_boxes;
    VLink *links;
    size_t n_links;
    VElem *elems;
    size_t n_elems;
    const char **dests;    /* named destinations at the item's top */
    size_t n_dests;
    const VHeading *heading; /* non-NULL for a heading's (first) item */
    /* Table continuation: when a page starts with this item, the items of
     * `repeat` (the table's header row) are placed above it first. */
    const struct VItem *repeat;
    size_t n_repeat;
    const LayoutWarning *warnings; /* page filled in by the page builder */
    size_t n_warnings;
    /* The lines of the footnotes first referenced in this item, set at the
     * foot of the page the item is on (a long one continuing on the next). */
    const struct VItem *notes;
    size_t n_notes;
} VItem;

typedef struct VList {
    VItem *items;
    size_t n, cap;         /* arena-backed growth */
} VList;

/* Appends a zeroed item and returns it (valid until the next push). */
VItem *vlist_push(VList *v, Arena *a);
void vlist_append(VList *dst, const VList *src, Arena *a);

/* Shared state of the formatters for one layout pass. */
typedef struct LCtx {
    const Doc *doc;
    const Template *t;
    Arena *arena;
    const Font *fonts[FONT_COUNT];
    const Hyphenator *hyph;
    ParaEnv env;           /* page references from the previous pass */
    float body_top, body_height;   /* the text area on a page, pt */
    float body_left, body_width;
    /* State of the pass (layout.c) and of the formatters (blocks.c): */
    Diags *diags;          /* missing glyphs are also reported here (first pass only) */
    bool report_diags;
    float pending_space;   /* space_after of the previous block, pt */
    const char *section;   /* slug of the last heading ("" before any) */
    int n_paras, n_items, n_quotes, n_codes, n_rules, n_images; /* since that heading */
    int quiet;             /* > 0: inside a list item or quote (no paragraph elements) */
    BlockKind prev_kind;   /* kind of the previous top-level block */
    LayoutWarning *pending_warn;   /* missing glyphs waiting for the next item */
    size_t n_pending_warn, cap_pending_warn;
    const struct PassRefs *refs;   /* page labels from the previous pass, or NULL */
    size_t n_queries;      /* page references looked up in this pass */
    bool keep_next;        /* the previous block (a heading) keeps with the next */
    int n_heads;           /* unnamed (minor) headings since the last named one */
    struct GlyphSeen *seen;        /* missing glyphs already reported as diagnostics */
    size_t n_seen, cap_seen;
    bool in_note;          /* formatting a footnote (marks in it carry no notes) */
    Arena *pass_arena;     /* lives for the whole pass (c->arena may be reset
                            * after each top-level block); NULL: c->arena */
    /* The logical structure (tags.h): shared by all passes. */
    StructTab *tags;
    uint32_t node;         /* the element new content belongs to */
    TagCursor cursor;      /* open sections (state of the pass, like `section`) */
    int nest;              /* depth of fmt_block calls (0: a top-level block) */
    int plain_links;       /* > 0: links are the entry's own (contents): no Link elements */
} LCtx;

/* Paragraph style for a template style role (justification from the template
 * unless ragged is set). */
ParaStyle lctx_para_style(const LCtx *c, StyleRole role, bool ragged);

/* The line through struck fragment k of ln (up to the next fragment when
 * that is struck too, so that the gap between words is struck), at column x
 * with the baseline at y. */
Box strike_box(const Line *ln, size_t k, float x, float baseline);

/* Adds a layout warning to an item (the page is filled in later). */
void vitem_warn(LCtx *c, VItem *it, LayoutWarnKind kind, SrcPos pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Moves the warnings para_set's callbacks collected (missing glyphs, in
 * c->pending_warn) onto the item. */
void vitem_take_warnings(LCtx *c, VItem *it);

/* Formats one block at column x of the given width into out. Dispatches on the
 * block kind (blocks.c); tables, charts and progress bars are in table.c. */
void fmt_block(LCtx *c, VList *out, const Block *b, float x, float width);
void fmt_table(LCtx *c, VList *out, const Block *b, float x, float width);
/* The structure element of a block formatted now, created under c->node
 * (c->node for blocks without their own: rules, page breaks, generated parts). */
uint32_t fmt_block_node(LCtx *c, const Block *b);
void fmt_chart(LCtx *c, VList *out, const Block *b, float x, float width);
void fmt_progress(LCtx *c, VList *out, const Block *b, float x, float width);

/* Text of inline runs as plain UTF-8 (page references resolved), for
 * excerpts, hashes, the contents and the outline. */
const char *inlines_plain_text(const LCtx *c, const Inlines *inl);
uint32_t text_hash(const char *s);  /* FNV-1a 32 */

/* ---- helpers shared by the formatters (vlist.c, blocks.c) ---- */

/* s as an element's text: soft hyphens dropped. */
const char *elem_text(Arena *a, const char *s);
/* Text of inline runs with every page reference as "#", or NULL when they
 * hold none; and the pageless hash of an element from such a text. */
const char *inlines_pageless_text(const LCtx *c, const Inlines *inl);
uint32_t pageless_hash(const char *masked);

/* A text box of s (NUL-terminated) on the given baseline, measured with f
 * (width 0 when f is NULL). */
Box text_box(float x, float baseline, const char *s, FontRole font, float size, Color color,
             const Font *f);

/* Sets the runs with para_set and appends one item per line at column x
 * (boxes, links, one VElem per line when kind < EL_COUNT). The first line
 * gets space_before and penalty `first_penalty`; widows and orphans are
 * forbidden (PEN_FORBID before the 2nd and the last line). Warns about
 * overfull and loose lines. Returns the number of lines. */
size_t vlist_add_lines(LCtx *c, VList *out, const Inlines *inl, const ParaStyle *st, float x,
                       float width, float space_before, int first_penalty, ElemKind kind,
                       const char *id, SrcPos pos);

/* Gives the content boxes of items [from, out->n) that belong to no
 * element yet the element `node`, and their links without a Link element
 * one under it. */
void vlist_tag(LCtx *c, VList *out, size_t from, uint32_t node);

/* Appends a named destination / an element piece to an item; adds a box
 * at the end of its boxes, or first (drawn under the others) when front. */
void vitem_add_dest(LCtx *c, VItem *it, const char *dest);
void vitem_add_elem(LCtx *c, VItem *it, VElem e);
void vitem_add_box(LCtx *c, VItem *it, Box bx, bool front);
/* Formats footnotes notes[0..n) (BLK_FOOTNOTE) across the text column and
 * appends their lines to it->notes; the item gets the destinations of the marks. */
void vitem_add_notes(LCtx *c, VItem *it, const Block *const *notes, size_t n);

/* Generated parts (furniture.c): cover page, imprint, contents. */
void fmt_cover(LCtx *c, VList *out, const Block *b);
void fmt_imprint(LCtx *c, VList *out, const Block *b);
void fmt_toc(LCtx *c, VList *out, const Block *b, float x, float width);

/* Page geometry for the page builder. */
typedef struct PageGeom {
    float page_width, page_height;
    float body_top, body_height;
    size_t reserve;        /* free Box slots before each page's boxes (furniture) */
    bool dry;              /* only breaks, dests, headings and chapters: no boxes,
                            * links, elements or warnings on the pages */
    /* footnotes: `note_gap` between the text and the first note, a rule of
     * note_rule_w at note_rule_x in the middle of the gap */
    float note_gap, note_rule_x, note_rule_w, note_rule_width;
    Color note_rule_color;
} PageGeom;

/* A heading as placed. */
typedef struct PlacedHeading {
    const VHeading *h;
    int page;
    float y;
} PlacedHeading;

/* The page builder's result. Page.boxes has `reserve` free slots before
 * it (boxes[-reserve .. -1]) for the furniture. Element.lines counts the
 * items merged into an element on that page. */
typedef struct PageSet {
    Page *pages;
    size_t n_pages;
    Dest *dests;
    size_t n_dests;
    PlacedHeading *headings;
    size_t n_headings;
    LayoutWarning *warnings;
    size_t n_warnings;
    int *chapter;          /* per page: index into headings of the running level-1 heading, or -1 */
    LayoutStats stats;     /* not in a dry run */
} PageSet;

/* Breaks the vertical list into pages (paginate.c). The result's arrays are
 * allocated in `a`; its strings are the items' (not copied), so they must
 * live as long as the result. */
PageSet paginate(const VList *v, const PageGeom *g, Arena *a);

/* Page labels, running header, footer and watermark (furniture.c); uses
 * the `reserve` slots of PageGeom (at most FURNITURE_BOXES). */
#define FURNITURE_BOXES 8
void furnish_pages(LCtx *c, PageSet *ps);

#endif
