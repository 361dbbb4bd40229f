/* tree.c — vectors and constructors for the document tree. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "../base/mem.h"

char *cat(Ctx *c, const char *s, ...)
{
    va_list ap;
    size_t n = 0;
    va_start(ap, s);
    for (const char *p = s; p; p = va_arg(ap, const char *))
        n += strlen(p);
    va_end(ap);
    char *out = arena_alloc(c->a, n + 1), *w = out;
    va_start(ap, s);
    for (const char *p = s; p; p = va_arg(ap, const char *)) {
        size_t l = strlen(p);
        memcpy(w, p, l);
        w += l;
    }
    va_end(ap);
    *w = '\0';
    return out;
}

void runs_push(RunVec *rv, Run r)
{
    rv->v = mem_grow(rv->v, &rv->cap, rv->n + 1, sizeof *rv->v);
    rv->v[rv->n++] = r;
}

Inlines runs_finish(Ctx *c, RunVec *rv)
{
    Inlines inl = {NULL, 0};
    if (rv->n) {
        inl.runs = arena_dup(c->a, rv->v, rv->n * sizeof *rv->v);
        inl.n = rv->n;
    }
    free(rv->v);
    *rv = (RunVec){0};
    return inl;
}

void blocks_push(BlockVec *bv, const Block *b)
{
    bv->v = mem_grow(bv->v, &bv->cap, bv->n + 1, sizeof *bv->v);
    bv->v[bv->n++] = b;
}

const Block *const *blocks_finish(Ctx *c, BlockVec *bv, size_t *n)
{
    const Block *const *out = bv->n ? arena_dup(c->a, bv->v, bv->n * sizeof *bv->v) : NULL;
    *n = bv->n;
    free(bv->v);
    *bv = (BlockVec){0};
    return out;
}

void rows_push(RowVec *rv, TableRow r)
{
    rv->v = mem_grow(rv->v, &rv->cap, rv->n + 1, sizeof *rv->v);
    rv->v[rv->n++] = r;
}

Block *blk_new(Ctx *c, BlockKind kind, StyleRole style, SrcPos pos)
{
    Block *b = arena_alloc(c->a, sizeof *b);
    b->kind = kind;
    b->style = style;
    b->pos = pos;
    return b;
}

Run run_text(const char *text, unsigned font, SrcPos pos)
{
    Run r;
    memset(&r, 0, sizeof r);
    r.kind = RUN_TEXT;
    r.text = text;
    r.font = font;
    r.pos = pos;
    return r;
}

Inlines inl_text(Ctx *c, const char *text, unsigned font, SrcPos pos)
{
    Inlines inl = {NULL, 0};
    if (!text)
        return inl;
    Run *r = arena_alloc(c->a, sizeof *r);
    *r = run_text(text, font, pos);
    inl.runs = r;
    inl.n = 1;
    return inl;
}

Block *para_inl(Ctx *c, Inlines inl, StyleRole style, SrcPos pos)
{
    Block *b = blk_new(c, BLK_PARAGRAPH, style, pos);
    b->inl = inl;
    return b;
}

Block *para_text(Ctx *c, const char *text, unsigned font, StyleRole style, SrcPos pos)
{
    return para_inl(c, inl_text(c, text, font, pos), style, pos);
}

static Inlines caption(Ctx *c, LabelId lbl, int n, const char *text, SrcPos pos)
{
    const char *s = text && *text ? arena_printf(c->a, "%s" NBSP "%d: %s", label(c, lbl), n, text)
                                  : arena_printf(c->a, "%s" NBSP "%d", label(c, lbl), n);
    return inl_text(c, s, 0, pos);
}

Inlines caption_table(Ctx *c, const char *text, SrcPos pos)
{
    return caption(c, LBL_TABLE, ++c->n_tables, text, pos);
}

Inlines caption_figure(Ctx *c, const char *text, SrcPos pos)
{
    return caption(c, LBL_FIGURE, ++c->n_figures, text, pos);
}

Block *heading_new(Ctx *c, int level, const char *number, Inlines inl, SrcPos pos)
{
    static const StyleRole styles[] = {STYLE_H1, STYLE_H2, STYLE_H3, STYLE_H4};
    if (level < 1)
        level = 1;
    if (level > 6)
        level = 6;
    Block *b = blk_new(c, BLK_HEADING, styles[level <= 4 ? level - 1 : 3], pos);
    b->level = level;
    b->number = number;
    b->inl = inl;
    b->keep_with_next = true;
    b->new_page = level == 1;
    b->in_toc = b->in_outline = level <= 3;
    return b;
}

Block *chapter_heading(Ctx *c, const char *title, const char *slug, SrcPos pos)
{
    c->h1++;
    c->h2 = c->h3 = 0;
    c->unnumbered = false;
    const char *num = arena_printf(c->a, "%d", c->h1);
    Block *b = heading_new(c, 1, num, inl_text(c, typo_string(c, title), 0, pos), pos);
    b->id = slug;
    b->dest = slug;
    return b;
}

Block *minor_heading(Ctx *c, const char *text, SrcPos pos)
{
    return heading_new(c, 4, NULL, inl_text(c, text, 0, pos), pos);
}

TableCell cell_blocks(Ctx *c, const Block *b)
{
    const Block **v = arena_alloc(c->a, sizeof *v);
    v[0] = b;
    TableCell cell = {(const Block *const *)v, 1};
    return cell;
}

TableCell cell_text(Ctx *c, const char *text, unsigned font, StyleRole style, SrcPos pos)
{
    return cell_blocks(c, para_text(c, text, font, style, pos));
}

TableCell cell_status(Ctx *c, const char *text, Color color, SrcPos pos)
{
    Block *b = blk_new(c, BLK_PROGRESS, STYLE_TABLE, pos);
    b->percent = -1;   /* a status mark, not a bar */
    b->bar_color = color;
    b->inl = inl_text(c, text, 0, pos);
    return cell_blocks(c, b);
}

TableCell cell_progress(Ctx *c, int percent, Color color, SrcPos pos)
{
    Block *b = blk_new(c, BLK_PROGRESS, STYLE_TABLE, pos);
    b->percent = percent;
    b->bar_color = color;
    b->inl = inl_text(c, fmt_percent(c, percent), 0, pos);
    b->alt = arena_printf(c->a, "%s %s", label(c, LBL_COL_PROGRESS), fmt_percent(c, percent));
    return cell_blocks(c, b);
}

Table *table_new(Ctx *c, const char *id, TableStyle style, const TableColumn *cols, size_t n_cols)
{
    Table *t = arena_alloc(c->a, sizeof *t);
    t->id = id;
    t->style = style;
    t->cols = arena_dup(c->a, cols, n_cols * sizeof *cols);
    t->n_cols = n_cols;
    t->zebra = style == TABLE_GRID && c->t->table_zebra;
    return t;
}

void table_set_rows(Ctx *c, Table *t, RowVec *rv)
{
    if (rv->n) {
        t->rows = arena_dup(c->a, rv->v, rv->n * sizeof *rv->v);
        t->n_rows = rv->n;
    }
    free(rv->v);
    *rv = (RowVec){0};
}

const TableRow *header_row(Ctx *c, const char *const *labels, size_t n, SrcPos pos)
{
    TableRow *row = arena_alloc(c->a, sizeof *row);
    TableCell *cells = arena_calloc(c->a, n, sizeof *cells);
    for (size_t i = 0; i < n; i++)
        cells[i] = cell_text(c, labels[i], 0, STYLE_TABLE_HEADER, pos);
    row->cells = cells;
    return row;
}

Block *table_block(Ctx *c, Table *t, SrcPos pos)
{
    Block *b = blk_new(c, BLK_TABLE, STYLE_TABLE, pos);
    b->table = t;
    b->id = t->id;
    return b;
}
