/* table.c — tables, progress bars and bar charts into vertical items.
 *
 * A table becomes: its caption lines, the header row (one item), one item per
 * body row, and the source lines. Every body item carries the header in
 * `repeat`, so the page builder can put it on top of a continuation page. A
 * row taller than a page is cut at line boundaries of its cells into several
 * items. Column widths come from the columns' kinds and the cells' minimum
 * and natural widths (see table_widths()). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "table.h"

/* ---------- growing arrays in the arena ---------- */

static void *grow(Arena *a, void *p, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return p;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *q = arena_calloc(a, ncap, sz);
    if (n)
        memcpy(q, p, n * sz);
    *cap = ncap;
    return q;
}

/* The boxes, links and elements of one item under construction. */
typedef struct Acc {
    Arena *arena;
    Box *boxes;
    size_t n_boxes, cap_boxes;
    VLink *links;
    size_t n_links, cap_links;
    VElem *elems;
    size_t n_elems, cap_elems;
} Acc;

static Box *acc_box(Acc *k)
{
    k->boxes = grow(k->arena, k->boxes, k->n_boxes, &k->cap_boxes, sizeof *k->boxes);
    Box *b = &k->boxes[k->n_boxes++];
    memset(b, 0, sizeof *b);
    return b;
}

static VLink *acc_link(Acc *k)
{
    k->links = grow(k->arena, k->links, k->n_links, &k->cap_links, sizeof *k->links);
    VLink *l = &k->links[k->n_links++];
    memset(l, 0, sizeof *l);
    return l;
}

static VElem *acc_elem(Acc *k)
{
    k->elems = grow(k->arena, k->elems, k->n_elems, &k->cap_elems, sizeof *k->elems);
    VElem *e = &k->elems[k->n_elems++];
    memset(e, 0, sizeof *e);
    return e;
}

static void acc_rect(Acc *k, float x, float y, float w, float h, Color fill)
{
    Box *b = acc_box(k);
    b->kind = BOX_RECT;
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = h;
    b->fill = true;
    b->color = fill;
}

static void acc_hline(Acc *k, float x, float y, float w, Color c, float lw)
{
    Box *b = acc_box(k);
    b->kind = BOX_LINE;
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = 0;
    b->color = c;
    b->line_width = lw;
}

static void acc_text(Acc *k, float x, float baseline, const char *s, size_t len, FontRole font,
                     float size, float w, Color color)
{
    Box *b = acc_box(k);
    b->kind = BOX_TEXT;
    b->x = x;
    b->y = baseline;
    b->w = w;
    b->h = size;
    b->font = (uint8_t)font;
    b->size = size;
    b->text = s;
    b->len = (uint32_t)len;
    b->color = color;
}

/* Pushes the accumulated boxes as a new item and starts a fresh accumulator. */
static VItem *acc_emit(LCtx *c, VList *out, Acc *k, float height, float space_before, int penalty)
{
    VItem *it = vlist_push(out, c->arena);
    it->height = height;
    it->space_before = space_before;
    it->penalty = penalty;
    it->boxes = k->boxes;
    it->n_boxes = k->n_boxes;
    it->links = k->links;
    it->n_links = k->n_links;
    it->elems = k->elems;
    it->n_elems = k->n_elems;
    Arena *a = k->arena;
    memset(k, 0, sizeof *k);
    k->arena = a;
    return it;
}

/* ---------- text helpers ---------- */

static ParaStyle style_for(const LCtx *c, StyleRole role, Align align)
{
    const TextStyle *ts = &c->t->styles[role];
    ParaStyle st;
    memset(&st, 0, sizeof st);
    st.fonts = c->fonts;
    st.font = ts->font;
    st.size = ts->size;
    st.leading = ts->leading;
    st.color = ts->color;
    st.justify = false;
    st.hyphenate = c->hyph != NULL;
    st.hyph = c->hyph;
    st.first_indent = 0;
    st.align = align;
    return st;
}

/* Baseline of a line of style st, from the line's top: the capitals are
 * centred in the line's leading. */
static float line_baseline(const ParaStyle *st)
{
    const Font *f = st->fonts[st->font];
    float cap = f ? (float)font_cap_height(f) * st->size / 1000.0f : st->size * 0.7f;
    return st->leading / 2 + cap / 2;
}

/* An unbreakable piece of a cell (one line, or one item of a nested block):
 * boxes and links with y relative to the piece's top. */
typedef struct Unit {
    float y, h;             /* top relative to the cell's content top; height */
    const Box *boxes;
    size_t n_boxes;
    const VLink *links;
    size_t n_links;
} Unit;

/* Boxes of one set line at column x of the given width, into k (y relative
 * to the line's top + dy). Ragged lines are moved to honour the alignment. */
static void line_into(Acc *k, const Line *ln, const ParaStyle *st, float x, float width, float dy)
{
    if (ln->n_frags == 0)
        return;
    float start = ln->frags[0].x;
    float end = ln->frags[ln->n_frags - 1].x + ln->frags[ln->n_frags - 1].w;
    float shift = 0;
    if (st->align == ALIGN_RIGHT)
        shift = width - end;
    else if (st->align == ALIGN_CENTER)
        shift = (width - (end - start)) / 2 - start;
    if (shift < 0 && start + shift < 0)
        shift = -start;
    float base = dy + line_baseline(st);
    for (size_t i = 0; i < ln->n_frags; i++) {
        const LineFrag *fr = &ln->frags[i];
        float fx = x + fr->x + shift;
        acc_text(k, fx, base, fr->text, fr->len, fr->font, st->size, fr->w, fr->color);
        if (fr->link.kind != DLINK_NONE) {
            VLink *l = acc_link(k);
            l->x = fx;
            l->y = dy;
            l->w = fr->w;
            l->h = st->leading;
            l->link = fr->link;
        }
    }
}

/* Sets inline runs into one item per line (captions, source lines). */
static void para_items(LCtx *c, VList *out, const Inlines *inl, StyleRole role, float x,
                       float width, float first_space, int first_penalty, int next_penalty,
                       const VElem *elem)
{
    ParaStyle st = style_for(c, role, ALIGN_LEFT);
    ParaResult pr = para_set(inl, &st, width, &c->env, c->arena);
    for (size_t i = 0; i < pr.n_lines; i++) {
        Acc k = {.arena = c->arena};
        line_into(&k, &pr.lines[i], &st, x, width, 0);
        if (elem) {
            VElem *e = acc_elem(&k);
            *e = *elem;
            e->h = st.leading;
        }
        acc_emit(c, out, &k, st.leading, i == 0 ? first_space : 0,
                 i == 0 ? first_penalty : next_penalty);
    }
}

static const char *percent_text(const LCtx *c, int percent)
{
    if (c->doc && c->doc->info.lang == LANG_EN)
        return arena_printf(c->arena, "%d%%", percent);
    return arena_printf(c->arena, "%d\xc2\xa0%%", percent); /* NBSP between number and sign */
}

/* ---------- progress bars ---------- */

#define PROGRESS_GAP 4.0f
#define PROGRESS_MIN_BAR 24.0f

static float progress_text_room(const LCtx *c)
{
    const TextStyle *ts = &c->t->styles[STYLE_TABLE];
    const char *widest = percent_text(c, 100);
    const Font *f = c->fonts[ts->font];
    return f ? font_text_width(f, widest, strlen(widest), ts->size) : ts->size * 3;
}

static const Color track_grey = {0.886f, 0.898f, 0.910f};

void fmt_progress(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const TextStyle *ts = &c->t->styles[STYLE_TABLE];
    ParaStyle st = style_for(c, STYLE_TABLE, ALIGN_RIGHT);
    int pct = b->percent < 0 ? 0 : b->percent > 100 ? 100 : b->percent;
    const char *label = b->inl.n ? inlines_plain_text(c, &b->inl) : percent_text(c, pct);
    const Font *f = c->fonts[ts->font];
    float tw = f ? font_text_width(f, label, strlen(label), ts->size) : ts->size * 2;
    float room = progress_text_room(c);
    float bar_w = width - room - PROGRESS_GAP;
    if (bar_w < PROGRESS_MIN_BAR)
        bar_w = width - tw - PROGRESS_GAP;  /* narrow column: give the bar what is left */
    if (bar_w < 0)
        bar_w = 0;
    float bar_h = ts->size * 0.75f;
    if (bar_h > ts->leading - 2)
        bar_h = ts->leading - 2;
    float bar_y = ts->leading / 2 - bar_h / 2;

    Acc k = {.arena = c->arena};
    if (bar_w > 0) {
        acc_rect(&k, x, bar_y, bar_w, bar_h, track_grey);
        if (pct > 0)
            acc_rect(&k, x, bar_y, bar_w * (float)pct / 100.0f, bar_h, b->bar_color);
    }
    acc_text(&k, x + width - tw, line_baseline(&st), label, strlen(label), ts->font, ts->size, tw,
             ts->color);
    acc_emit(c, out, &k, ts->leading, 0, PEN_ALLOW);
}

/* ---------- column widths ---------- */

/* Minimum and natural content widths of one cell (without padding). */
static void cell_widths(LCtx *c, const TableCell *cell, const ParaStyle *st, float *mn, float *nat)
{
    *mn = 0;
    *nat = 0;
    for (size_t i = 0; i < cell->n_blocks; i++) {
        const Block *b = cell->blocks[i];
        float m = 0, n = 0;
        switch (b->kind) {
        case BLK_PARAGRAPH:
        case BLK_HEADING:
        case BLK_CODE:
            m = para_min_width(&b->inl, st, &c->env);
            n = para_natural_width(&b->inl, st, &c->env);
            break;
        case BLK_PROGRESS: {
            float room = progress_text_room(c);
            m = PROGRESS_MIN_BAR + PROGRESS_GAP + room;
            n = 2 * PROGRESS_MIN_BAR + PROGRESS_GAP + room;
            break;
        }
        default:
            m = 40;
            n = b->inl.n ? para_natural_width(&b->inl, st, &c->env) : 80;
            break;
        }
        if (m > *mn)
            *mn = m;
        if (n > *nat)
            *nat = n;
    }
}

/* Cell style: the table or header style (key/value labels come bold from compose). */
static ParaStyle cell_style(const LCtx *c, const Table *t, size_t col, bool header)
{
    return style_for(c, header ? STYLE_TABLE_HEADER : STYLE_TABLE, t->cols[col].align);
}

/* Distributes `extra` over the columns in idx (n of them) in proportion to
 * weight, never beyond cap (cap[i] < 0: no cap). Returns what could not be given. */
static float share_out(Arena *a, float *w, const size_t *idx, size_t n, const float *weight,
                       const float *cap, float extra)
{
    bool *done = arena_calloc(a, n ? n : 1, sizeof *done);
    for (size_t round = 0; round <= n && extra > 0.001f; round++) {
        float wsum = 0;
        for (size_t i = 0; i < n; i++)
            if (!done[i])
                wsum += weight[i];
        if (wsum <= 0)
            break;
        bool capped = false;
        float given = 0;
        for (size_t i = 0; i < n; i++) {
            if (done[i])
                continue;
            float add = extra * weight[i] / wsum;
            if (cap && cap[i] >= 0 && w[idx[i]] + add > cap[i]) {
                add = cap[i] - w[idx[i]];
                done[i] = true;
                capped = true;
            }
            w[idx[i]] += add;
            given += add;
        }
        extra -= given;
        if (!capped)
            break;
    }
    return extra > 0 ? extra : 0;
}

/* See table.h. */
float *table_column_widths(LCtx *c, const Table *t, float width)
{
    size_t n = t->n_cols;
    float pad2 = 2 * c->t->table_padding;
    float *w = arena_calloc(c->arena, n ? n : 1, sizeof *w);
    float *mn = arena_calloc(c->arena, n ? n : 1, sizeof *mn);
    float *nat = arena_calloc(c->arena, n ? n : 1, sizeof *nat);
    for (size_t j = 0; j < n; j++) {
        mn[j] = nat[j] = 0;
        for (size_t r = 0; r < t->n_rows + (t->header != NULL); r++) {
            bool header = t->header && r == t->n_rows;
            const TableRow *row = header ? t->header : &t->rows[r];
            ParaStyle st = cell_style(c, t, j, header);
            if (t->cols[j].width_kind == COL_FRACTION) {
                /* the main text column: whole words, not hyphenated pieces, at the least */
                st.hyphenate = false;
                st.hyph = NULL;
            }
            float m, nn;
            cell_widths(c, &row->cells[j], &st, &m, &nn);
            if (m > mn[j])
                mn[j] = m;
            if (nn > nat[j])
                nat[j] = nn;
        }
        mn[j] += pad2 + 0.5f;   /* a hair of room against rounding */
        nat[j] += pad2 + 0.5f;
    }

    /* Fixed columns first. */
    float fixed = 0;
    size_t n_auto = 0, n_frac = 0;
    size_t *ai = arena_calloc(c->arena, n ? n : 1, sizeof *ai);
    size_t *fi = arena_calloc(c->arena, n ? n : 1, sizeof *fi);
    float *aw = arena_calloc(c->arena, n ? n : 1, sizeof *aw);
    float *acap = arena_calloc(c->arena, n ? n : 1, sizeof *acap);
    float *fw = arena_calloc(c->arena, n ? n : 1, sizeof *fw);
    float *want = arena_calloc(c->arena, n ? n : 1, sizeof *want);
    float *need = arena_calloc(c->arena, n ? n : 1, sizeof *need);
    for (size_t j = 0; j < n; j++) {
        if (t->cols[j].width_kind == COL_FIXED) {
            w[j] = t->cols[j].width;
            fixed += w[j];
        } else if (t->cols[j].width_kind == COL_FRACTION) {
            fi[n_frac] = j;
            fw[n_frac++] = t->cols[j].width > 0 ? t->cols[j].width : 1;
        } else {
            ai[n_auto] = j;
            n_auto++;
        }
    }
    if (n == 0)
        return w;
    float avail = width - fixed;
    if (avail < 0) {            /* fixed columns alone too wide: scale them down */
        for (size_t j = 0; j < n; j++)
            if (t->cols[j].width_kind == COL_FIXED)
                w[j] *= width / fixed;
        return w;
    }
    float auto_nat = 0, auto_min = 0, frac_min = 0;
    for (size_t i = 0; i < n_auto; i++) {
        auto_nat += nat[ai[i]];
        auto_min += mn[ai[i]];
    }
    for (size_t i = 0; i < n_frac; i++)
        frac_min += mn[fi[i]];

    if (auto_nat + frac_min <= avail) {
        /* Autos at natural width; fractions share the rest, each at least its minimum. */
        for (size_t i = 0; i < n_auto; i++)
            w[ai[i]] = nat[ai[i]];
        float rest = avail - auto_nat;
        if (n_frac) {
            for (size_t i = 0; i < n_frac; i++)
                w[fi[i]] = mn[fi[i]];
            rest -= frac_min;
            /* give each fraction up to its share first, then the remainder by share */
            float share_sum = 0;
            for (size_t i = 0; i < n_frac; i++)
                share_sum += fw[i];
            float total = avail - auto_nat;
            for (size_t i = 0; i < n_frac; i++)
                want[i] = total * fw[i] / share_sum;
            for (size_t i = 0; i < n_frac; i++)
                need[i] = want[i] > mn[fi[i]] ? want[i] - mn[fi[i]] : 0;
            rest = share_out(c->arena, w, fi, n_frac, need, want, rest);
            rest = share_out(c->arena, w, fi, n_frac, fw, NULL, rest);
        } else if (n_auto) {
            for (size_t i = 0; i < n_auto; i++)
                aw[i] = nat[ai[i]];
            share_out(c->arena, w, ai, n_auto, aw, NULL, rest);
        } else {
            /* only fixed columns: widen them proportionally */
            for (size_t j = 0; j < n; j++)
                w[j] += rest * w[j] / (fixed > 0 ? fixed : 1);
        }
        return w;
    }
    if (auto_min + frac_min <= avail) {
        /* Fractions at their minimum; autos between minimum and natural. */
        for (size_t i = 0; i < n_frac; i++)
            w[fi[i]] = mn[fi[i]];
        for (size_t i = 0; i < n_auto; i++) {
            w[ai[i]] = mn[ai[i]];
            aw[i] = nat[ai[i]] - mn[ai[i]];
            acap[i] = nat[ai[i]];
        }
        float rest = share_out(c->arena, w, ai, n_auto, aw, acap, avail - auto_min - frac_min);
        if (n_frac)
            share_out(c->arena, w, fi, n_frac, fw, NULL, rest);
        return w;
    }
    /* Not even the widest words fit: everything in proportion to its minimum. */
    float sum = auto_min + frac_min;
    for (size_t i = 0; i < n_auto; i++)
        w[ai[i]] = sum > 0 ? avail * mn[ai[i]] / sum : avail / (float)(n_auto + n_frac);
    for (size_t i = 0; i < n_frac; i++)
        w[fi[i]] = sum > 0 ? avail * mn[fi[i]] / sum : avail / (float)(n_auto + n_frac);
    return w;
}

/* ---------- cells ---------- */

typedef struct Cell {
    Unit *units;
    size_t n_units;
    float height;
} Cell;

#define CELL_BLOCK_GAP 0.4f  /* times the leading, between blocks of one cell */

/* Formats one cell's blocks at content column x of width w into units. */
static Cell cell_format(LCtx *c, const TableCell *tc, const ParaStyle *st, float x, float w)
{
    Cell cell = {0};
    size_t cap = 0;
    float y = 0;
    for (size_t i = 0; i < tc->n_blocks; i++) {
        const Block *b = tc->blocks[i];
        float gap = i ? st->leading * CELL_BLOCK_GAP : 0;
        if (b->kind == BLK_PARAGRAPH) {
            ParaResult pr = para_set(&b->inl, st, w, &c->env, c->arena);
            for (size_t l = 0; l < pr.n_lines; l++) {
                Acc k = {.arena = c->arena};
                line_into(&k, &pr.lines[l], st, x, w, 0);
                cell.units = grow(c->arena, cell.units, cell.n_units, &cap, sizeof *cell.units);
                Unit *u = &cell.units[cell.n_units++];
                y += l == 0 ? gap : 0;
                u->y = y;
                u->h = st->leading;
                u->boxes = k.boxes;
                u->n_boxes = k.n_boxes;
                u->links = k.links;
                u->n_links = k.n_links;
                y += st->leading;
            }
            continue;
        }
        VList tmp = {0};
        if (b->kind == BLK_PROGRESS)
            fmt_progress(c, &tmp, b, x, w);
        else
            fmt_block(c, &tmp, b, x, w);
        for (size_t j = 0; j < tmp.n; j++) {
            const VItem *it = &tmp.items[j];
            cell.units = grow(c->arena, cell.units, cell.n_units, &cap, sizeof *cell.units);
            Unit *u = &cell.units[cell.n_units++];
            y += j == 0 ? gap : it->space_before;
            u->y = y;
            u->h = it->height;
            u->boxes = it->boxes;
            u->n_boxes = it->n_boxes;
            u->links = it->links;
            u->n_links = it->n_links;
            y += it->height;
        }
    }
    cell.height = y;
    return cell;
}

/* Plain text of a row (cells joined by " | "), for excerpts and hashes. */
static const char *row_text(LCtx *c, const Table *t, const TableRow *row)
{
    size_t cap = 256, len = 0;
    char *s = arena_alloc(c->arena, cap);
    for (size_t j = 0; j < t->n_cols; j++) {
        const TableCell *tc = &row->cells[j];
        for (size_t i = 0; i < tc->n_blocks; i++) {
            const Block *b = tc->blocks[i];
            const char *piece = b->inl.n                  ? inlines_plain_text(c, &b->inl)
                                : b->kind == BLK_PROGRESS ? percent_text(c, b->percent)
                                                          : "";
            const char *sep = len == 0 ? "" : i == 0 ? " | " : " ";
            size_t need = len + strlen(sep) + strlen(piece) + 1;
            if (need > cap) {
                size_t ncap = need * 2;
                char *ns = arena_alloc(c->arena, ncap);
                memcpy(ns, s, len);
                s = ns;
                cap = ncap;
            }
            memcpy(s + len, sep, strlen(sep));
            len += strlen(sep);
            memcpy(s + len, piece, strlen(piece));
            len += strlen(piece);
            s[len] = '\0';
        }
    }
    return s;
}

static SrcPos row_pos(const TableRow *row, size_t n_cols, SrcPos fallback)
{
    for (size_t j = 0; j < n_cols; j++)
        for (size_t i = 0; i < row->cells[j].n_blocks; i++) {
            const Block *b = row->cells[j].blocks[i];
            if (b->pos.file)
                return b->pos;
            if (b->inl.n && b->inl.runs[0].pos.file)
                return b->inl.runs[0].pos;
        }
    return fallback;
}

/* Moves the warnings para_set's callbacks collected (missing glyphs) onto it. */
static void take_pending(LCtx *c, VItem *it)
{
    for (size_t i = 0; i < c->n_pending_warn; i++) {
        const LayoutWarning *w = &c->pending_warn[i];
        vitem_warn(c, it, w->kind, w->pos, "%s", w->message);
    }
    c->n_pending_warn = 0;
}

/* Everything a row needs to be drawn, shared by its slices. */
typedef struct RowCtx {
    LCtx *c;
    const Table *t;
    const Block *blk;
    float x, width;
    const float *colx, *colw;
    bool header;
    bool shaded;           /* zebra stripe */
    bool first;            /* first row drawn (rule on top for tables without header) */
    const char *row_id;
    const char *excerpt;
    uint32_t hash;
    SrcPos pos;
    const VElem *table_elem;
} RowCtx;

/* Draws the background, rules and elements of one row slice of height h. */
static void row_frame(const RowCtx *rc, Acc *k, float h)
{
    const Template *tp = rc->c->t;
    const Table *t = rc->t;
    if (rc->header && t->style != TABLE_PLAIN)
        acc_rect(k, rc->x, 0, rc->width, h, tp->table_header_bg);
    else if (rc->shaded)
        acc_rect(k, rc->x, 0, rc->width, h, tp->zebra);
    if (!rc->header && t->style != TABLE_PLAIN) {
        if (rc->first && !t->header)
            acc_hline(k, rc->x, 0, rc->width, tp->rule, tp->rule_width);
        acc_hline(k, rc->x, h, rc->width, tp->rule, tp->rule_width);
    }
}

static void row_elems(const RowCtx *rc, Acc *k, float h)
{
    VElem *e = acc_elem(k);
    *e = *rc->table_elem;
    e->h = h;
    e = acc_elem(k);
    e->kind = EL_TABLE_ROW;
    e->id = rc->row_id;
    e->x = rc->x;
    e->y = 0;
    e->w = rc->width;
    e->h = h;
    e->excerpt = rc->excerpt;
    e->text_hash = rc->hash;
    e->pos = rc->pos;
}

/* Copies units [from, to) of a cell into k, moved up by top and down by dy. */
static void units_into(Acc *k, const Unit *u, size_t from, size_t to, float top, float dy)
{
    for (size_t i = from; i < to; i++) {
        float off = dy + u[i].y - top;
        for (size_t b = 0; b < u[i].n_boxes; b++) {
            Box *d = acc_box(k);
            *d = u[i].boxes[b];
            d->y += off;
        }
        for (size_t l = 0; l < u[i].n_links; l++) {
            VLink *d = acc_link(k);
            *d = u[i].links[l];
            d->y += off;
        }
    }
}

/* Lays out one row as one item, or as several slices when it is taller than
 * limit_first (first slice) / limit (the others); *first_index is the index
 * of its first item in out. */
static void fmt_row(const RowCtx *rc, VList *out, const TableRow *row, float limit_first,
                    float limit, int penalty, const VItem *repeat, size_t n_repeat, size_t *first_index)
{
    LCtx *c = rc->c;
    const Table *t = rc->t;
    float pad = c->t->table_padding;
    size_t n = t->n_cols;
    Cell *cells = arena_calloc(c->arena, n ? n : 1, sizeof *cells);
    float content = 0;
    for (size_t j = 0; j < n; j++) {
        ParaStyle st = cell_style(c, t, j, rc->header);
        float cw = rc->colw[j] - 2 * pad;
        if (cw < 1)
            cw = 1;
        cells[j] = cell_format(c, &row->cells[j], &st, rc->colx[j] + pad, cw);
        if (cells[j].height > content)
            content = cells[j].height;
    }
    if (content <= 0)
        content = c->t->styles[STYLE_TABLE].leading;

    size_t *cur = arena_calloc(c->arena, n ? n : 1, sizeof *cur);
    int slice = 0;
    *first_index = out->n;
    for (;;) {
        float lim = (slice == 0 ? limit_first : limit) - 2 * pad;
        /* how far each cell gets in this slice */
        float used = 0;
        bool more = false;
        size_t *stop = arena_calloc(c->arena, n ? n : 1, sizeof *stop);
        for (size_t j = 0; j < n; j++) {
            const Cell *cl = &cells[j];
            size_t s = cur[j];
            if (s >= cl->n_units) {
                stop[j] = s;
                continue;
            }
            float top = cl->units[s].y;
            size_t e = s;
            while (e < cl->n_units && (e == s || cl->units[e].y + cl->units[e].h - top <= lim))
                e++;
            stop[j] = e;
            float h = cl->units[e - 1].y + cl->units[e - 1].h - top;
            if (h > used)
                used = h;
            if (e < cl->n_units)
                more = true;
        }
        float h = (slice == 0 && !more ? content : used) + 2 * pad;
        Acc k = {.arena = c->arena};
        row_frame(rc, &k, h);
        for (size_t j = 0; j < n; j++) {
            const Cell *cl = &cells[j];
            if (cur[j] < stop[j])
                units_into(&k, cl->units, cur[j], stop[j], cl->units[cur[j]].y, pad);
            cur[j] = stop[j];
        }
        if (row->link.kind != DLINK_NONE) {
            VLink *l = acc_link(&k);
            l->x = rc->x;
            l->y = 0;
            l->w = rc->width;
            l->h = h;
            l->link = row->link;
        }
        row_elems(rc, &k, h);
        VItem *it = acc_emit(c, out, &k, h, 0, slice == 0 ? penalty : PEN_ALLOW);
        it->repeat = repeat;
        it->n_repeat = n_repeat;
        if (slice == 0)
            take_pending(c, it);
        if (more && slice == 0)
            vitem_warn(c, it, LW_ROW_SPLIT, rc->pos, "table row %s is taller than a page and was split",
                       rc->row_id);
        slice++;
        if (!more)
            break;
    }
}

/* ---------- tables ---------- */

void fmt_table(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const Table *t = b->table;
    if (!t)
        return;
    const Template *tp = c->t;
    const char *tid = t->id ? t->id : b->id ? b->id : "table";
    size_t n = t->n_cols;

    /* the table element, copied onto every item */
    VElem tel = {0};
    tel.kind = EL_TABLE;
    tel.id = tid;
    tel.x = x;
    tel.w = width;
    tel.pos = b->pos;
    const char *cap_text = t->caption.n ? inlines_plain_text(c, &t->caption) : tid;
    tel.excerpt = text_excerpt(c->arena, cap_text);
    tel.text_hash = text_hash(cap_text);

    float *colw = table_column_widths(c, t, width);
    float *colx = arena_calloc(c->arena, n ? n : 1, sizeof *colx);
    float cx = x;
    for (size_t j = 0; j < n; j++) {
        colx[j] = cx;
        cx += colw[j];
    }

    const TextStyle *cap_style = &tp->styles[STYLE_CAPTION];
    float caption_h = 0;
    bool has_caption = t->caption.n > 0;
    size_t before = out->n;
    if (has_caption) {
        para_items(c, out, &t->caption, STYLE_CAPTION, x, width, cap_style->space_before,
                   out->n ? PEN_ALLOW : PEN_ALLOW, PEN_FORBID, &tel);
        for (size_t i = before; i < out->n; i++)
            caption_h += out->items[i].height;
        caption_h += cap_style->space_after;
    }
    float lead_space = has_caption ? cap_style->space_after : cap_style->space_before;

    RowCtx rc = {.c = c, .t = t, .blk = b, .x = x, .width = width, .colx = colx, .colw = colw,
                 .table_elem = &tel};

    /* the header row: one item, also kept as a stable copy for `repeat` */
    const VItem *repeat = NULL;
    size_t n_repeat = 0;
    float header_h = 0;
    if (t->header && n) {
        rc.header = true;
        rc.row_id = arena_printf(c->arena, "%s/header", tid);
        const char *txt = row_text(c, t, t->header);
        rc.excerpt = text_excerpt(c->arena, txt);
        rc.hash = text_hash(txt);
        rc.pos = row_pos(t->header, n, b->pos);
        size_t idx;
        fmt_row(&rc, out, t->header, c->body_height - caption_h, c->body_height, PEN_ALLOW, NULL, 0,
                &idx);
        VItem *h = &out->items[idx];
        h->space_before = lead_space;
        h->penalty = has_caption ? PEN_FORBID : PEN_ALLOW;
        header_h = h->height;
        VItem *copy = arena_alloc(c->arena, sizeof *copy);
        *copy = *h;
        copy->space_before = 0;
        copy->penalty = PEN_ALLOW;
        copy->repeat = NULL;
        copy->n_repeat = 0;
        repeat = copy;
        n_repeat = 1;
        /* a header taller than a page would be cut like a row; keep only its first slice */
        for (size_t i = idx + 1; i < out->n; i++)
            header_h += out->items[i].height;
    }

    /* body rows */
    rc.header = false;
    float limit = c->body_height - header_h - 0.01f;
    float limit_first = limit - caption_h;
    if (limit < 3 * tp->styles[STYLE_TABLE].leading)
        limit = 3 * tp->styles[STYLE_TABLE].leading;  /* absurd templates: stay sane */
    if (limit_first < 3 * tp->styles[STYLE_TABLE].leading)
        limit_first = limit;
    bool zebra = t->zebra && tp->table_zebra && t->style == TABLE_GRID;
    for (size_t r = 0; r < t->n_rows; r++) {
        const TableRow *row = &t->rows[r];
        rc.shaded = zebra && (r % 2 == 1);
        rc.first = r == 0;
        rc.row_id = row->key ? arena_printf(c->arena, "%s/%s", tid, row->key)
                             : arena_printf(c->arena, "%s/%zu", tid, r + 1);
        const char *txt = row_text(c, t, row);
        rc.excerpt = text_excerpt(c->arena, txt);
        rc.hash = text_hash(txt);
        rc.pos = row_pos(row, n, b->pos);
        int pen;
        if (r == 0)
            pen = (t->header || has_caption) ? PEN_FORBID : PEN_ALLOW;
        else
            pen = PEN_ALLOW;
        size_t idx;
        fmt_row(&rc, out, row, r == 0 ? limit_first : limit, limit, pen, repeat, n_repeat, &idx);
        if (r == 0 && !t->header)
            out->items[idx].space_before = lead_space;
    }

    /* the source line below */
    if (t->source.n) {
        const TextStyle *ss = &tp->styles[STYLE_SOURCE];
        para_items(c, out, &t->source, STYLE_SOURCE, x, width, ss->space_before, PEN_FORBID,
                   PEN_FORBID, &tel);
    }
}

/* ---------- bar charts ---------- */

static float luminance(Color c)
{
    return 0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b;
}

void fmt_chart(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const BarChart *ch = b->chart;
    if (!ch)
        return;
    const Template *tp = c->t;
    const TextStyle *ts = &tp->styles[STYLE_TABLE];
    const Font *font = c->fonts[ts->font];
    const Font *bold = c->fonts[FONT_SEMIBOLD] ? c->fonts[FONT_SEMIBOLD] : font;
    const char *cid = ch->id ? ch->id : b->id ? b->id : "chart";

    VElem el = {0};
    el.kind = EL_CHART;
    el.id = cid;
    el.x = x;
    el.w = width;
    el.pos = b->pos;
    const char *ctext = ch->caption.n ? inlines_plain_text(c, &ch->caption) : cid;
    el.excerpt = text_excerpt(c->arena, ctext);
    el.text_hash = text_hash(ctext);

    const TextStyle *cs = &tp->styles[STYLE_CAPTION];
    bool has_caption = ch->caption.n > 0;
    if (has_caption)
        para_items(c, out, &ch->caption, STYLE_CAPTION, x, width, cs->space_before, PEN_ALLOW,
                   PEN_FORBID, &el);

    int max_total = 0;
    for (size_t i = 0; i < ch->n_bars; i++) {
        int tot = 0;
        for (int s = 0; s < STATUS_COUNT; s++)
            tot += ch->bars[i].counts[s] > 0 ? ch->bars[i].counts[s] : 0;
        if (tot > max_total)
            max_total = tot;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%d", max_total);
    float total_room = (bold ? font_text_width(bold, buf, strlen(buf), ts->size) : ts->size * 2) + 6;
    float label_w = width * 0.35f;
    float gap = 8;
    float bar_x = x + label_w + gap;
    float bar_w = width - label_w - gap - total_room;
    if (bar_w < 20)
        bar_w = 20;
    float bar_h = ts->leading + 2;
    float vpad = 3;
    ParaStyle lst = style_for(c, STYLE_TABLE, ALIGN_LEFT);
    float base_in_bar = bar_h / 2 + (font ? (float)font_cap_height(font) * ts->size / 2000.0f : ts->size * 0.35f);

    for (size_t i = 0; i < ch->n_bars; i++) {
        const BarSeries *bs = &ch->bars[i];
        Acc k = {.arena = c->arena};
        /* the label, ragged, possibly on several lines */
        Run run = {.kind = RUN_TEXT, .text = bs->label ? bs->label : ""};
        Inlines inl = {.runs = &run, .n = 1};
        ParaResult pr = para_set(&inl, &lst, label_w, &c->env, c->arena);
        float label_h = (float)pr.n_lines * lst.leading;
        float h = (label_h > bar_h ? label_h : bar_h) + 2 * vpad;
        float ly = (h - label_h) / 2;
        for (size_t l = 0; l < pr.n_lines; l++)
            line_into(&k, &pr.lines[l], &lst, x, label_w, ly + (float)l * lst.leading);
        float by = (h - bar_h) / 2;
        /* axis */
        Box *ax = acc_box(&k);
        ax->kind = BOX_LINE;
        ax->x = bar_x;
        ax->y = 0;
        ax->w = 0;
        ax->h = h;
        ax->color = tp->rule;
        ax->line_width = tp->rule_width;
        /* segments */
        float sx = bar_x;
        int total = 0;
        for (int s = 0; s < STATUS_COUNT; s++) {
            int n = bs->counts[s];
            if (n <= 0)
                continue;
            total += n;
            float sw = max_total > 0 ? bar_w * (float)n / (float)max_total : 0;
            acc_rect(&k, sx, by, sw, bar_h, ch->colors[s]);
            snprintf(buf, sizeof buf, "%d", n);
            float tw = font ? font_text_width(font, buf, strlen(buf), ts->size) : ts->size;
            if (tw + 4 <= sw) {
                Color tc = luminance(ch->colors[s]) < 0.55f ? (Color){1, 1, 1} : (Color){0.11f, 0.11f, 0.11f};
                acc_text(&k, sx + (sw - tw) / 2, by + base_in_bar, arena_strdup(c->arena, buf),
                         strlen(buf), ts->font, ts->size, tw, tc);
            }
            sx += sw;
        }
        snprintf(buf, sizeof buf, "%d", total);
        float tw = bold ? font_text_width(bold, buf, strlen(buf), ts->size) : ts->size;
        acc_text(&k, sx + 4, by + base_in_bar, arena_strdup(c->arena, buf), strlen(buf),
                 bold == font ? ts->font : FONT_SEMIBOLD, ts->size, tw, ts->color);
        VElem *e = acc_elem(&k);
        *e = el;
        e->h = h;
        acc_emit(c, out, &k, h, i == 0 ? (has_caption ? cs->space_after : cs->space_before) : 0,
                 i == 0 ? (has_caption ? PEN_FORBID : PEN_ALLOW) : PEN_FORBID);
    }

    /* legend: colour squares and labels, wrapped onto as many lines as needed */
    float sq = ts->size * 0.85f;
    float lx = bar_x, line = 0;
    float lead = ts->leading + 2;
    Acc k = {.arena = c->arena};
    bool any = false;
    for (int s = 0; s < STATUS_COUNT; s++) {
        const char *lab = ch->legend[s];
        if (!lab)
            continue;
        float tw = font ? font_text_width(font, lab, strlen(lab), ts->size) : ts->size * 5;
        float need = sq + 4 + tw;
        if (any && lx + need > x + width) {
            lx = bar_x;
            line += lead;
        }
        float base = line + line_baseline(&lst) + 1;
        float cap = font ? (float)font_cap_height(font) * ts->size / 1000.0f : sq;
        acc_rect(&k, lx, base - cap / 2 - sq / 2, sq, sq, ch->colors[s]);
        acc_text(&k, lx + sq + 4, base, lab, strlen(lab), ts->font, ts->size, tw, ts->color);
        lx += need + 12;
        any = true;
    }
    if (any) {
        VElem *e = acc_elem(&k);
        *e = el;
        e->h = line + lead;
        acc_emit(c, out, &k, line + lead, 6, PEN_FORBID);
    }
}
