/* table.h — internals shared by the table engine (table.c) and the bar
 * charts (chart.c), and looked at by their tests. */
#ifndef IMR_TABLE_H
#define IMR_TABLE_H

#include "vlist.h"

/* Column widths in pt, padding included, summing to width (n_cols entries,
 * in the arena). Fixed columns get their width, or their widest word when
 * that is wider. Auto columns get their natural width when it fits and
 * fraction columns share the rest (at least their widest word each); when
 * space is short fraction columns shrink first, then auto columns down to
 * their widest word, then everything proportionally. When the fraction
 * columns end up with less than a third of the width, auto columns whose
 * header is wider than their cells (counts under "zurückgestellt") narrow to
 * the width at which the header sets in two lines (hyphenating only words of
 * ten letters or more). */
float *table_column_widths(LCtx *c, const Table *t, float width);

/* The boxes, links and elements of one item under construction (arena-backed). */
typedef struct TblAcc {
    Arena *arena;
    StructTab *tags;
    uint32_t node;        /* the structure element of the boxes added (0: none yet) */
    Box *boxes;
    size_t n_boxes, cap_boxes;
    VLink *links;
    size_t n_links, cap_links;
    VElem *elems;
    size_t n_elems, cap_elems;
    const Block **notes;     /* footnotes first marked in the lines (set by tbl_emit) */
    size_t n_notes, cap_notes;
} TblAcc;

/* An empty accumulator whose boxes belong to c->node. */
TblAcc tbl_acc(const LCtx *c);
Box *tbl_box(TblAcc *k);     /* a zeroed box of k->node */
VElem *tbl_elem(TblAcc *k);  /* a zeroed element */
void tbl_rect(TblAcc *k, float x, float y, float w, float h, Color fill);
void tbl_text(TblAcc *k, float x, float baseline, const char *s, size_t len, FontRole font,
              float size, float w, Color color);
/* Pushes the accumulated boxes as a new item of out and empties k. */
VItem *tbl_emit(LCtx *c, VList *out, TblAcc *k, float height, float space_before, int penalty);

/* Ragged paragraph style of a template role (hyphenation when loaded). */
ParaStyle tbl_style(const LCtx *c, StyleRole role, Align align);
/* Baseline from a line's top: capitals centred in the leading. */
float tbl_baseline(const ParaStyle *st);
/* The boxes (and links) of a set line at column x of the given width, its
 * top at dy; ragged lines are moved to honour st->align. */
void tbl_line(TblAcc *k, const Line *ln, const ParaStyle *st, float x, float width, float dy);
/* Sets runs into one item per line (captions, source lines), each with a
 * copy of elem (height set to the line's) when elem is not NULL. */
void tbl_para_items(LCtx *c, VList *out, const Inlines *inl, StyleRole role, float x, float width,
                    float first_space, int first_penalty, int next_penalty, const VElem *elem);
/* The element of a captioned block (a table, a chart) at column x of the
 * given width: its text is the caption, or the id when there is none. */
VElem tbl_caption_elem(LCtx *c, const Block *b, ElemKind kind, const char *id,
                       const Inlines *caption, float x, float width);

#endif
