/* table.c — tables, progress bars and status marks into vertical items (bar charts are in
 * chart.c; both share the item helpers declared in table.h).
 *
 * A table becomes: its caption lines, the header row (one item), one item per
 * body row, and the source lines. Every body item carries the header in
 * `repeat`, so the page builder can put it on top of a continuation page. A
 * row taller than a page is cut into bands of one line of each cell, which
 * the page builder can break between. Column widths come from the columns'
 * kinds and the cells' minimum and natural widths (table_column_widths()). */
#include <stdio.h>
#include <string.h>

#include "../base/buf.h"
#include "table.h"

/* ---------- growing arrays in the arena ---------- */

/* Makes room for nb more boxes, nl links and ne elements in one allocation
 * each, so that items hold exactly what they need. */
static void *reserve(Arena *a, void *p, size_t n, size_t *cap, size_t more, size_t sz)
{
    if (n + more <= *cap)
        return p;
    void *q = arena_calloc(a, n + more, sz);
    if (n)
        memcpy(q, p, n * sz);
    *cap = n + more;
    return q;
}

static void acc_reserve(TblAcc *k, size_t nb, size_t nl, size_t ne)
{
    k->boxes = reserve(k->arena, k->boxes, k->n_boxes, &k->cap_boxes, nb, sizeof *k->boxes);
    k->links = reserve(k->arena, k->links, k->n_links, &k->cap_links, nl, sizeof *k->links);
    k->elems = reserve(k->arena, k->elems, k->n_elems, &k->cap_elems, ne, sizeof *k->elems);
}

TblAcc tbl_acc(const LCtx *c)
{
    return (TblAcc){.arena = c->arena, .tags = c->tags, .node = c->node};
}

Box *tbl_box(TblAcc *k)
{
    k->boxes = arena_grow(k->arena, k->boxes, &k->cap_boxes, k->n_boxes + 1, sizeof *k->boxes);
    Box *b = &k->boxes[k->n_boxes++];
    memset(b, 0, sizeof *b);
    b->node = k->node;
    return b;
}

static VLink *acc_link(TblAcc *k)
{
    k->links = arena_grow(k->arena, k->links, &k->cap_links, k->n_links + 1, sizeof *k->links);
    VLink *l = &k->links[k->n_links++];
    memset(l, 0, sizeof *l);
    return l;
}

VElem *tbl_elem(TblAcc *k)
{
    k->elems = arena_grow(k->arena, k->elems, &k->cap_elems, k->n_elems + 1, sizeof *k->elems);
    VElem *e = &k->elems[k->n_elems++];
    memset(e, 0, sizeof *e);
    return e;
}

void tbl_rect(TblAcc *k, float x, float y, float w, float h, Color fill)
{
    Box *b = tbl_box(k);
    b->kind = BOX_RECT;
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = h;
    b->fill = true;
    b->color = fill;
}

static void acc_hline(TblAcc *k, float x, float y, float w, Color c, float lw)
{
    Box *b = tbl_box(k);
    b->kind = BOX_LINE;
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = 0;
    b->color = c;
    b->line_width = lw;
    b->artifact = ART_LAYOUT; /* table rules are decoration */
    b->node = 0;
}

void tbl_text(TblAcc *k, float x, float baseline, const char *s, size_t len, FontRole font,
              float size, float w, Color color)
{
    Box *b = tbl_box(k);
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
VItem *tbl_emit(LCtx *c, VList *out, TblAcc *k, float height, float space_before, int penalty)
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
    vitem_add_notes(c, it, k->notes, k->n_notes);
    *k = (TblAcc){.arena = k->arena, .tags = k->tags, .node = k->node};
    return it;
}

/* ---------- text helpers ---------- */

ParaStyle tbl_style(const LCtx *c, StyleRole role, Align align)
{
    ParaStyle st = lctx_para_style(c, role, true);
    st.align = align;
    return st;
}

/* Baseline of a line of style st, from the line's top: the capitals are
 * centred in the line's leading. */
float tbl_baseline(const ParaStyle *st)
{
    const Font *f = st->fonts[st->font];
    float cap = f ? (float)font_cap_height(f) * st->size / 1000.0f : st->size * 0.7f;
    return st->leading / 2 + cap / 2;
}

/* An unbreakable piece of a cell: a set line (drawn when the row is emitted),
 * or one item of a nested block (boxes and links relative to its top). */
typedef struct Unit {
    float y, h;             /* top relative to the cell's content top; height */
    const Line *line;       /* a line of a paragraph, or NULL */
    uint32_t node;          /* the line's structure element */
    const ParaStyle *st;    /* its style, column x and width */
    float x, w;
    const Box *boxes;       /* else: the item's boxes and links */
    size_t n_boxes;
    const VLink *links;
    size_t n_links;
} Unit;

/* Boxes of one set line at column x of the given width, into k (y relative
 * to the line's top + dy). Ragged lines are moved to honour the alignment. */
void tbl_line(TblAcc *k, const Line *ln, const ParaStyle *st, float x, float width, float dy)
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
    float base = dy + tbl_baseline(st);
    size_t n_links = 0;
    for (size_t i = 0; i < ln->n_frags; i++)
        n_links += ln->frags[i].link.kind != DLINK_NONE;
    acc_reserve(k, 2 * ln->n_frags, n_links, 0);
    for (size_t i = 0; i < ln->n_frags; i++) {
        const LineFrag *fr = &ln->frags[i];
        float fx = x + fr->x + shift;
        tbl_text(k, fx, base, fr->text, fr->len, fr->font, fr->size, fr->w, fr->color);
        size_t text_box = k->n_boxes - 1;
        if (fr->strike)
            *tbl_box(k) = strike_box(ln, i, x + shift, base);
        if (fr->note) {
            if (k->n_notes == k->cap_notes) /* doubling: a cell may mark many notes */
                k->notes = reserve(k->arena, k->notes, k->n_notes, &k->cap_notes,
                                   k->n_notes + 4, sizeof *k->notes);
            k->notes[k->n_notes++] = fr->note;
            /* the note's element goes where its mark is (the cell) */
            tags_node(k->tags, fr->note, TR_MAIN, ST_NOTE, k->node, NULL);
        }
        if (fr->link.kind != DLINK_NONE) {
            uint32_t link = tags_link(k->tags, k->node, &fr->link);
            k->boxes[text_box].node = link;
            VLink *l = acc_link(k);
            l->node = link;
            l->x = fx;
            l->y = dy;
            l->w = fr->w;
            l->h = st->leading;
            l->link = fr->link;
        }
    }
}

VElem tbl_caption_elem(LCtx *c, const Block *b, ElemKind kind, const char *id,
                       const Inlines *caption, float x, float width)
{
    const char *text = caption->n ? inlines_plain_text(c, caption) : id;
    return (VElem){.kind = kind, .id = id, .x = x, .w = width, .pos = b->pos,
                   .text = elem_text(c->arena, text), .text_hash = text_hash(text)};
}

void tbl_para_items(LCtx *c, VList *out, const Inlines *inl, StyleRole role, float x,
                    float width, float first_space, int first_penalty, int next_penalty,
                    const VElem *elem)
{
    ParaStyle st = tbl_style(c, role, ALIGN_LEFT);
    ParaResult pr = para_set(inl, &st, width, &c->env, c->arena);
    for (size_t i = 0; i < pr.n_lines; i++) {
        TblAcc k = tbl_acc(c);
        tbl_line(&k, &pr.lines[i], &st, x, width, 0);
        if (elem) {
            VElem *e = tbl_elem(&k);
            *e = *elem;
            e->h = st.leading;
        }
        tbl_emit(c, out, &k, st.leading, i == 0 ? first_space : 0,
                 i == 0 ? first_penalty : next_penalty);
    }
}

/* ---------- status marks ---------- */

/* A status mark is a square as tall as the capitals, sitting on the baseline,
 * then a gap of half the font size and the label in the text colour. */
static float mark_side(const ParaStyle *st)
{
    const Font *f = st->fonts[st->font];
    return f ? (float)font_cap_height(f) * st->size / 1000.0f : st->size * 0.7f;
}

static float mark_indent(const ParaStyle *st)
{
    return mark_side(st) + st->size * 0.5f;
}

static void fmt_status_mark(LCtx *c, VList *out, const Block *b, float x, float width)
{
    ParaStyle st = tbl_style(c, STYLE_TABLE, ALIGN_LEFT);
    float side = mark_side(&st), indent = mark_indent(&st);
    float tw = width - indent > 1 ? width - indent : 1;
    ParaResult pr = para_set(&b->inl, &st, tw, &c->env, c->arena);
    size_t n = pr.n_lines ? pr.n_lines : 1;
    for (size_t i = 0; i < n; i++) {
        TblAcc k = tbl_acc(c);
        if (i == 0) {
            tbl_rect(&k, x, tbl_baseline(&st) - side, side, side, b->bar_color);
            k.boxes[k.n_boxes - 1].artifact = ART_LAYOUT; /* the label says it */
            k.boxes[k.n_boxes - 1].node = 0;
        }
        if (i < pr.n_lines)
            tbl_line(&k, &pr.lines[i], &st, x + indent, tw, 0);
        tbl_emit(c, out, &k, st.leading, 0, i == 0 ? PEN_ALLOW : PEN_FORBID);
    }
}

/* ---------- progress bars ---------- */

static const char *percent_text(const LCtx *c, int percent)
{
    if (c->doc && c->doc->info.lang == LANG_EN)
        return arena_printf(c->arena, "%d%%", percent);
    return arena_printf(c->arena, "%d\xc2\xa0%%", percent); /* NBSP between number and sign */
}

#define PROGRESS_GAP 4.0f
#define PROGRESS_MIN_BAR 24.0f
#define PROGRESS_MAX_BAR 110.0f

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
    if (b->percent < 0) {
        fmt_status_mark(c, out, b, x, width);
        return;
    }
    const TextStyle *ts = &c->t->styles[STYLE_TABLE];
    ParaStyle st = tbl_style(c, STYLE_TABLE, ALIGN_RIGHT);
    int pct = b->percent > 100 ? 100 : b->percent;
    const char *label = b->inl.n ? inlines_plain_text(c, &b->inl) : percent_text(c, pct);
    const Font *f = c->fonts[ts->font];
    float tw = f ? font_text_width(f, label, strlen(label), ts->size) : ts->size * 2;
    float room = progress_text_room(c);
    float bar_w = width - room - PROGRESS_GAP;
    float text_end = x + width;
    if (bar_w > PROGRESS_MAX_BAR) {   /* wide column: a bar of sensible length, the figure after it */
        bar_w = PROGRESS_MAX_BAR;
        text_end = x + bar_w + PROGRESS_GAP + (tw > room ? tw : room); /* "70 % (+70 Pp.)" */
        if (text_end > x + width)
            text_end = x + width;
    }
    if (bar_w < PROGRESS_MIN_BAR)
        bar_w = width - tw - PROGRESS_GAP;  /* narrow column: give the bar what is left */
    if (bar_w < 0)
        bar_w = 0;
    float bar_h = ts->size * 0.75f;
    if (bar_h > ts->leading - 2)
        bar_h = ts->leading - 2;
    float bar_y = ts->leading / 2 - bar_h / 2;

    TblAcc k = tbl_acc(c);
    if (bar_w > 0) {
        tbl_rect(&k, x, bar_y, bar_w, bar_h, track_grey);
        if (pct > 0)
            tbl_rect(&k, x, bar_y, bar_w * (float)pct / 100.0f, bar_h, b->bar_color);
    }
    tbl_text(&k, text_end - tw, tbl_baseline(&st), label, strlen(label), ts->font, ts->size, tw,
             ts->color);
    tbl_emit(c, out, &k, ts->leading, 0, PEN_ALLOW);
}

/* ---------- column widths ---------- */

/* Minimum and natural content widths of one cell (without padding); the
 * natural width only when nat is not NULL (auto columns). */
static void cell_widths(LCtx *c, const TableCell *cell, const ParaStyle *st, float *mn, float *nat)
{
    *mn = 0;
    if (nat)
        *nat = 0;
    for (size_t i = 0; i < cell->n_blocks; i++) {
        const Block *b = cell->blocks[i];
        float m = 0, n = 0;
        switch (b->kind) {
        case BLK_PARAGRAPH:
        case BLK_HEADING:
        case BLK_CODE:
            m = para_min_width(&b->inl, st, &c->env);
            n = nat ? para_natural_width(&b->inl, st, &c->env) : 0;
            break;
        case BLK_PROGRESS: {
            if (b->percent < 0) {   /* a status mark */
                ParaStyle ms = tbl_style(c, STYLE_TABLE, ALIGN_LEFT);
                m = mark_indent(&ms) + para_min_width(&b->inl, &ms, &c->env);
                n = nat ? mark_indent(&ms) + para_natural_width(&b->inl, &ms, &c->env) : 0;
                break;
            }
            float room = progress_text_room(c);
            m = PROGRESS_MIN_BAR + PROGRESS_GAP + room;
            n = 2 * PROGRESS_MIN_BAR + PROGRESS_GAP + room;
            break;
        }
        default:
            m = 40;
            n = nat && b->inl.n ? para_natural_width(&b->inl, st, &c->env) : 80;
            break;
        }
        if (m > *mn)
            *mn = m;
        if (nat && n > *nat)
            *nat = n;
    }
}

/* Header labels hyphenate only long compounds ("Dauer-aufgabe"), never short
 * words ("Um-setzung"): a header set in a narrow column breaks at its spaces. */
#define HEADER_HYPHEN_LETTERS 10

static bool has_long_word(const TableCell *tc)
{
    for (size_t i = 0; i < tc->n_blocks; i++) {
        const Inlines *inl = &tc->blocks[i]->inl;
        for (size_t r = 0; r < inl->n; r++) {
            const char *s = inl->runs[r].kind == RUN_TEXT ? inl->runs[r].text : NULL;
            int letters = 0;
            for (; s && *s; s++) {
                unsigned char ch = (unsigned char)*s;
                if (ch == ' ' || ch == '-' || ch == '/' || (ch == 0xC2 && (unsigned char)s[1] == 0xA0))
                    letters = 0;
                else if ((ch & 0xC0) != 0x80 && ++letters >= HEADER_HYPHEN_LETTERS)
                    return true;
            }
        }
    }
    return false;
}

/* Cell style: the table or header style; the labels of a key/value table at
 * least semibold (bold runs stay bold). */
static ParaStyle cell_style(const LCtx *c, const Table *t, size_t col, const TableCell *tc,
                            bool header)
{
    ParaStyle st = tbl_style(c, header ? STYLE_TABLE_HEADER : STYLE_TABLE, t->cols[col].align);
    if (!header && t->style == TABLE_KEYVALUE && col == 0 && t->n_cols > 1 && st.font == FONT_REGULAR)
        st.font = FONT_SEMIBOLD;
    if (header && t->style == TABLE_PLAIN)
        st.color = c->t->styles[STYLE_TABLE].color;   /* no header background to be white on */
    if (header && !has_long_word(tc)) {
        st.hyphenate = false;
        st.hyph = NULL;
    }
    return st;
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

/* Minimum and natural widths of column j, padding included: of its body
 * cells, and of its header cell (0 without header). */
static void column_widths(LCtx *c, const Table *t, size_t j, float *mn, float *body_nat,
                          float *head_nat)
{
    float pad2 = 2 * c->t->table_padding;
    *mn = *body_nat = *head_nat = 0;
    for (size_t r = 0; r < t->n_rows + (t->header != NULL); r++) {
        bool header = t->header && r == t->n_rows;
        const TableRow *row = header ? t->header : &t->rows[r];
        ParaStyle st = cell_style(c, t, j, &row->cells[j], header);
        if (t->cols[j].width_kind == COL_FRACTION) {
            /* the main text column: whole words, not hyphenated pieces, at the least */
            st.hyphenate = false;
            st.hyph = NULL;
        }
        float m, nn = 0;
        cell_widths(c, &row->cells[j], &st, &m, t->cols[j].width_kind == COL_AUTO ? &nn : NULL);
        if (m > *mn)
            *mn = m;
        float *nat = header ? head_nat : body_nat;
        if (nn > *nat)
            *nat = nn;
    }
    *mn += pad2 + 0.5f;   /* a hair of room against rounding */
    *body_nat += pad2 + 0.5f;
    if (t->header)
        *head_nat += pad2 + 0.5f;
}

/* The least width (padding included) at which the header cell of column j
 * sets in at most two lines, between lo and hi. */
static float header_two_lines(LCtx *c, const Table *t, size_t j, float lo, float hi)
{
    const TableCell *tc = &t->header->cells[j];
    if (tc->n_blocks != 1 || tc->blocks[0]->kind != BLK_PARAGRAPH)
        return hi;
    float pad2 = 2 * c->t->table_padding + 0.5f;
    ParaStyle st = cell_style(c, t, j, tc, true);
    ParaEnv env = c->env;
    env.missing = NULL;   /* measuring only: para_set reports when the row is set */
    for (int i = 0; i < 16 && hi - lo > 0.25f; i++) {
        float mid = (lo + hi) / 2;
        ParaResult pr = para_set(&tc->blocks[0]->inl, &st, mid - pad2, &env, c->arena);
        if (pr.n_lines <= 2)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* Below this share of the table width for its text columns, the headers of
 * number columns wrap onto two lines rather than claim their full width. */
#define TEXT_SHARE_MIN (1.0f / 3.0f)

static void distribute(LCtx *c, const Table *t, float width, const float *mn, const float *nat,
                       float *w);

/* See table.h. */
float *table_column_widths(LCtx *c, const Table *t, float width)
{
    size_t n = t->n_cols;
    float *w = arena_calloc(c->arena, n ? n : 1, sizeof *w);
    float *mn = arena_calloc(c->arena, n ? n : 1, sizeof *mn);
    float *nat = arena_calloc(c->arena, n ? n : 1, sizeof *nat);
    float *body = arena_calloc(c->arena, n ? n : 1, sizeof *body);
    float *head = arena_calloc(c->arena, n ? n : 1, sizeof *head);
    for (size_t j = 0; j < n; j++) {
        column_widths(c, t, j, &mn[j], &body[j], &head[j]);
        nat[j] = body[j] > head[j] ? body[j] : head[j];
    }
    distribute(c, t, width, mn, nat, w);
    /* Text columns squeezed by columns as wide as their header words (a
     * table of counts): those headers take two lines. */
    float text = 0;
    bool has_text = false;
    for (size_t j = 0; j < n; j++)
        if (t->cols[j].width_kind == COL_FRACTION) {
            text += w[j];
            has_text = true;
        }
    if (!t->header || !has_text || text >= width * TEXT_SHARE_MIN)
        return w;
    bool changed = false;
    for (size_t j = 0; j < n; j++) {
        if (t->cols[j].width_kind != COL_AUTO || head[j] <= body[j] + 0.01f)
            continue;
        float lo = body[j] > mn[j] ? body[j] : mn[j];
        float two = header_two_lines(c, t, j, lo, head[j]);
        if (two < nat[j] - 0.01f) {
            nat[j] = two;
            changed = true;
        }
    }
    if (changed)
        distribute(c, t, width, mn, nat, w);
    return w;
}

/* Column widths from the minimum and natural widths (see table.h). */
static void distribute(LCtx *c, const Table *t, float width, const float *mn, const float *nat,
                       float *w)
{
    size_t n = t->n_cols;
    if (n)
        memset(w, 0, n * sizeof *w);
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
            /* never narrower than its widest word ("3.200" in a 28 pt column) */
            w[j] = t->cols[j].width > mn[j] ? t->cols[j].width : mn[j];
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
        return;
    if (fixed > width) {
        /* no room for the widening: the widths asked for, scaled down if even they do not fit */
        float asked = 0;
        for (size_t j = 0; j < n; j++)
            if (t->cols[j].width_kind == COL_FIXED)
                asked += t->cols[j].width;
        fixed = 0;
        for (size_t j = 0; j < n; j++)
            if (t->cols[j].width_kind == COL_FIXED) {
                w[j] = asked <= width ? t->cols[j].width : t->cols[j].width * width / asked;
                fixed += w[j];
            }
    }
    float avail = width - fixed;
    if (avail < 0)
        avail = 0;
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
        return;
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
        return;
    }
    /* Not even the widest words fit: everything in proportion to its minimum. */
    float sum = auto_min + frac_min;
    for (size_t i = 0; i < n_auto; i++)
        w[ai[i]] = sum > 0 ? avail * mn[ai[i]] / sum : avail / (float)(n_auto + n_frac);
    for (size_t i = 0; i < n_frac; i++)
        w[fi[i]] = sum > 0 ? avail * mn[fi[i]] / sum : avail / (float)(n_auto + n_frac);
}

/* ---------- cells ---------- */

typedef struct Cell {
    ParaStyle st;
    Unit *units;
    size_t n_units;
    float height;
} Cell;

/* Role of a paragraph in a cell with several blocks, or'ed with the cell's
 * element: cells may share their blocks (the key column of facts tables). */
#define CELL_PARA 0x40000000u

#define CELL_BLOCK_GAP 0.4f  /* times the leading, between blocks of one cell */

/* Formats one cell's blocks at content column x of width w into units. */
static void cell_format(LCtx *c, Cell *cell_out, const TableCell *tc, float x, float w,
                        uint32_t node)
{
    Cell cell = *cell_out;
    const ParaStyle *st = &cell_out->st;
    size_t cap = 0;
    float y = 0;
    for (size_t i = 0; i < tc->n_blocks; i++) {
        const Block *b = tc->blocks[i];
        float gap = i ? st->leading * CELL_BLOCK_GAP : 0;
        if (b->kind == BLK_PARAGRAPH) {
            /* the only paragraph of a cell is the cell's text: no P of its own */
            uint32_t pn = tc->n_blocks == 1 ? node
                                             : tags_node(c->tags, b, CELL_PARA | node, ST_P, node, NULL);
            ParaResult pr = para_set(&b->inl, st, w, &c->env, c->arena);
            cell.units = reserve(c->arena, cell.units, cell.n_units, &cap, pr.n_lines, sizeof *cell.units);
            for (size_t l = 0; l < pr.n_lines; l++) {
                Unit *u = &cell.units[cell.n_units++];
                y += l == 0 ? gap : 0;
                u->y = y;
                u->h = st->leading;
                u->line = &pr.lines[l];
                u->node = pn;
                u->st = st;
                u->x = x;
                u->w = w;
                u->n_boxes = pr.lines[l].n_frags;
                y += st->leading;
            }
            continue;
        }
        VList tmp = {0};
        uint32_t saved = c->node;
        c->node = node;
        if (b->kind == BLK_PROGRESS) {
            uint32_t bn = fmt_block_node(c, b);
            c->node = bn;
            fmt_progress(c, &tmp, b, x, w);
            vlist_tag(c, &tmp, 0, bn);
        } else {
            fmt_block(c, &tmp, b, x, w);
        }
        c->node = saved;
        cell.units = reserve(c->arena, cell.units, cell.n_units, &cap, tmp.n, sizeof *cell.units);
        for (size_t j = 0; j < tmp.n; j++) {
            const VItem *it = &tmp.items[j];
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
    *cell_out = cell;
}

/* Plain text of a row (cells joined by " | "), for excerpts and hashes. */
static const char *row_text(LCtx *c, const Table *t, const TableRow *row)
{
    Buf acc = {0};
    bool first = true;
    for (size_t j = 0; j < t->n_cols; j++) {
        const TableCell *tc = &row->cells[j];
        for (size_t i = 0; i < tc->n_blocks; i++) {
            const Block *b = tc->blocks[i];
            if (!first)
                buf_puts(&acc, i == 0 ? " | " : " ");
            first = false;
            if (b->inl.n)
                buf_puts(&acc, inlines_plain_text(c, &b->inl));
            else if (b->kind == BLK_PROGRESS)
                buf_puts(&acc, percent_text(c, b->percent));
        }
    }
    return buf_to_arena(&acc, c->arena);
}

static SrcPos row_pos(const TableRow *row, size_t n_cols, SrcPos fallback)
{
    if (row->pos.file)
        return row->pos;
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

/* Everything a row needs to be drawn, shared by its slices. */
typedef struct RowCtx {
    LCtx *c;
    const Table *t;
    float x, width;
    const float *colx, *colw;
    bool header;
    bool shaded;           /* zebra stripe */
    bool first;            /* first row drawn (rule on top for tables without header) */
    const char *row_id;
    const char *text;
    uint32_t hash;
    SrcPos pos;
    const VElem *table_elem;
    uint32_t parent;       /* structure: the THead, TBody or Table of the rows */
} RowCtx;

static void row_frame_boxes(const RowCtx *rc, TblAcc *k, float h, bool first_slice,
                            bool last_slice);

/* Draws the background and rules of one row slice of height h: the rule on
 * top only on the first slice of the first row of a table without header,
 * the rule below only on the row's last slice. */
static void row_frame(const RowCtx *rc, TblAcc *k, float h, bool first_slice, bool last_slice)
{
    size_t from = k->n_boxes;
    row_frame_boxes(rc, k, h, first_slice, last_slice);
    for (size_t i = from; i < k->n_boxes; i++) { /* backgrounds and rules are decoration */
        k->boxes[i].artifact = ART_LAYOUT;
        k->boxes[i].node = 0;
    }
}

static void row_frame_boxes(const RowCtx *rc, TblAcc *k, float h, bool first_slice,
                            bool last_slice)
{
    const Template *tp = rc->c->t;
    const Table *t = rc->t;
    if (rc->header && t->style != TABLE_PLAIN)
        tbl_rect(k, rc->x, 0, rc->width, h, tp->table_header_bg);
    else if (rc->shaded)
        tbl_rect(k, rc->x, 0, rc->width, h, tp->zebra);
    if (rc->header && t->style == TABLE_PLAIN && last_slice)
        acc_hline(k, rc->x, h, rc->width, tp->rule, tp->rule_width);
    if (!rc->header && t->style != TABLE_PLAIN) {
        if (rc->first && first_slice && !t->header)
            acc_hline(k, rc->x, 0, rc->width, tp->rule, tp->rule_width);
        if (last_slice)
            acc_hline(k, rc->x, h, rc->width, tp->rule, tp->rule_width);
    }
}

/* The excerpt, hash and source position of a row's elements (fallback: the
 * table's position, for a row without positions). */
static void row_describe(RowCtx *rc, const TableRow *row, SrcPos fallback)
{
    const char *txt = row_text(rc->c, rc->t, row);
    rc->text = elem_text(rc->c->arena, txt);
    rc->hash = text_hash(txt);
    rc->pos = row_pos(row, rc->t->n_cols, fallback);
}

static void row_elems(const RowCtx *rc, TblAcc *k, float h)
{
    VElem *e = tbl_elem(k);
    *e = *rc->table_elem;
    e->h = h;
    e = tbl_elem(k);
    e->kind = EL_TABLE_ROW;
    e->id = rc->row_id;
    e->x = rc->x;
    e->y = 0;
    e->w = rc->width;
    e->h = h;
    e->text = rc->text;
    e->text_hash = rc->hash;
    e->pos = rc->pos;
}

/* Copies units [from, to) of a cell into k, moved up by top and down by dy. */
static void units_into(TblAcc *k, const Unit *u, size_t from, size_t to, float top, float dy)
{
    for (size_t i = from; i < to; i++) {
        float off = dy + u[i].y - top;
        if (u[i].line) {
            uint32_t saved = k->node;
            k->node = u[i].node;
            tbl_line(k, u[i].line, u[i].st, u[i].x, u[i].w, off);
            k->node = saved;
            continue;
        }
        for (size_t b = 0; b < u[i].n_boxes; b++) {
            Box *d = tbl_box(k);
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

/* Lays out one row as one item. A row taller than limit_first (its first
 * page) is cut into bands of one line of each cell, so that the page builder
 * can fill the page it starts on and go on at the top of the next ones (under
 * the repeated header); the bands join without a seam. *first_index is the
 * index of the row's first item in out. */
static void fmt_row(const RowCtx *rc, VList *out, const TableRow *row, float limit_first,
                    int penalty, const VItem *repeat, size_t n_repeat, size_t *first_index)
{
    LCtx *c = rc->c;
    const Table *t = rc->t;
    float pad = c->t->table_padding;
    size_t n = t->n_cols;
    Cell *cells = arena_calloc(c->arena, n ? n : 1, sizeof *cells);
    float content = 0, band = 0;
    uint32_t tr = tags_node(c->tags, row, TR_MAIN, ST_TR, rc->parent, NULL);
    uint32_t first_cell = 0;
    for (size_t j = 0; j < n; j++) {
        /* header cells head their column; the key column of a key/value
         * table heads its row */
        bool key = !rc->header && t->style == TABLE_KEYVALUE && j == 0 && n > 1;
        uint32_t cn = tags_node(c->tags, &row->cells[j], TR_MAIN,
                                rc->header || key ? ST_TH : ST_TD, tr, NULL);
        if (rc->header || key)
            tags_set_scope(c->tags, cn, rc->header ? SCOPE_COLUMN : SCOPE_ROW);
        if (j == 0)
            first_cell = cn;
        cells[j].st = cell_style(c, t, j, &row->cells[j], rc->header);
        float cw = rc->colw[j] - 2 * pad;
        if (cw < 1)
            cw = 1;
        cell_format(c, &cells[j], &row->cells[j], rc->colx[j] + pad, cw, cn);
        if (cells[j].height > content)
            content = cells[j].height;
        for (size_t u = 0; u < cells[j].n_units; u++)
            if (band == 0 || cells[j].units[u].h < band)
                band = cells[j].units[u].h;
    }
    if (content <= 0)
        content = c->t->styles[STYLE_TABLE].leading;
    bool split = content + 2 * pad > limit_first;

    size_t *cur = arena_calloc(c->arena, n ? n : 1, sizeof *cur);
    size_t *stop = arena_calloc(c->arena, n ? n : 1, sizeof *stop);
    *first_index = out->n;
    for (size_t slice = 0;; slice++) {
        /* how far each cell gets in this slice */
        float used = 0;
        bool more = false;
        for (size_t j = 0; j < n; j++) {
            const Cell *cl = &cells[j];
            size_t st = cur[j], e = st;
            if (st < cl->n_units) {
                float top = cl->units[st].y;
                while (e < cl->n_units &&
                       (!split || e == st || cl->units[e].y + cl->units[e].h - top <= band + 0.01f))
                    e++;
                float h = cl->units[e - 1].y + cl->units[e - 1].h - top;
                if (h > used)
                    used = h;
                more |= e < cl->n_units;
            }
            stop[j] = e;
        }
        float top_pad = slice == 0 ? pad : 0, bottom_pad = more ? 0 : pad;
        float h = (split ? used : content) + top_pad + bottom_pad;
        TblAcc k = tbl_acc(c);
        size_t nb = 3, nl = 1;
        for (size_t j = 0; j < n; j++)
            for (size_t u = cur[j]; u < stop[j]; u++) {
                const Unit *un = &cells[j].units[u];
                nb += un->n_boxes;
                nl += un->n_links;
                if (un->line)
                    for (size_t f = 0; f < un->line->n_frags; f++)
                        nl += un->line->frags[f].link.kind != DLINK_NONE;
            }
        acc_reserve(&k, nb, nl, 2);
        row_frame(rc, &k, h, slice == 0, !more);
        for (size_t j = 0; j < n; j++) {
            const Cell *cl = &cells[j];
            /* header labels stand on a common baseline: bottom-aligned */
            float dy = top_pad + (rc->header && !split ? content - cl->height : 0);
            if (cur[j] < stop[j])
                units_into(&k, cl->units, cur[j], stop[j], cl->units[cur[j]].y, dy);
            cur[j] = stop[j];
        }
        if (row->link.kind != DLINK_NONE) {
            VLink *l = acc_link(&k);
            l->x = rc->x;
            l->y = 0;
            l->w = rc->width;
            l->h = h;
            l->link = row->link;
            /* the row's link, described by the row's text, in its first cell */
            l->node = tags_node(c->tags, row, TR_ROWLINK, ST_LINK, first_cell, rc->text);
        }
        row_elems(rc, &k, h);
        /* no single line of a split row alone at the foot or the head of a page */
        int pen = slice == 0 ? penalty : (slice == 1 || !more) ? PEN_FORBID : PEN_ALLOW;
        VItem *it = tbl_emit(c, out, &k, h, 0, pen);
        it->repeat = repeat;
        it->n_repeat = n_repeat;
        if (slice == 0) {
            vitem_take_warnings(c, it);
            if (split)
                vitem_warn(c, it, LW_ROW_SPLIT, rc->pos,
                           "table row %s is taller than a page and was split", rc->row_id);
        }
        if (!more)
            break;
    }
}

/* ---------- tables ---------- */

/* A key/value table (a measure's facts) breaks only after its first three
 * rows and before its last two: enough of it stays with the heading above to
 * be read as one unit, and the continuation is not a lone row. */
#define KV_HEAD_ROWS 3
#define KV_FOOT_ROWS 2
#define LONG_TABLE_ROWS 8

void fmt_table(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const Table *t = b->table;
    if (!t)
        return;
    const Template *tp = c->t;
    const char *tid = t->id ? t->id : b->id ? b->id : "table";
    size_t n = t->n_cols;

    /* the table element, copied onto every item */
    VElem tel = tbl_caption_elem(c, b, EL_TABLE, tid, &t->caption, x, width);

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
    uint32_t table = c->node;
    if (has_caption) {
        c->node = tags_node(c->tags, t, TR_CAPTION, ST_CAPTION, table, NULL);
        tbl_para_items(c, out, &t->caption, STYLE_CAPTION, x, width, cap_style->space_before,
                       PEN_ALLOW, PEN_FORBID, &tel);
        c->node = table;
        for (size_t i = before; i < out->n; i++)
            caption_h += out->items[i].height;
        caption_h += cap_style->space_after;
    }
    float lead_space = has_caption ? cap_style->space_after : cap_style->space_before;

    RowCtx rc = {.c = c, .t = t, .x = x, .width = width, .colx = colx, .colw = colw,
                 .table_elem = &tel};

    /* the header row: one item, also kept as a stable copy for `repeat` */
    const VItem *repeat = NULL;
    size_t n_repeat = 0;
    float header_h = 0;
    rc.parent = table;
    if (t->header && n) {
        rc.header = true;
        rc.parent = tags_node(c->tags, t, TR_THEAD, ST_THEAD, table, NULL);
        rc.row_id = arena_printf(c->arena, "%s/header", tid);
        row_describe(&rc, &(TableRow){.cells = t->header->cells, .pos = b->pos}, b->pos);
        size_t idx;
        fmt_row(&rc, out, t->header, c->body_height - caption_h, PEN_ALLOW, NULL, 0, &idx);
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

    /* A table without header starts a continuation page with the rule it
     * has on top (an item of no height), so its first row there is framed
     * like every other. */
    if (!repeat && n && t->style != TABLE_PLAIN) {
        TblAcc k = tbl_acc(c);
        acc_hline(&k, x, 0, width, tp->rule, tp->rule_width);
        VItem *rule = arena_alloc(c->arena, sizeof *rule);
        memset(rule, 0, sizeof *rule);
        rule->boxes = k.boxes;
        rule->n_boxes = k.n_boxes;
        repeat = rule;
        n_repeat = 1;
    }

    /* body rows */
    rc.header = false;
    rc.parent = t->header && n ? tags_node(c->tags, t, TR_TBODY, ST_TBODY, table, NULL) : table;
    float limit = c->body_height - header_h - 0.01f;
    float limit_first = limit - caption_h;
    if (limit < 3 * tp->styles[STYLE_TABLE].leading)
        limit = 3 * tp->styles[STYLE_TABLE].leading;  /* absurd templates: stay sane */
    if (limit_first < 3 * tp->styles[STYLE_TABLE].leading)
        limit_first = limit;
    bool zebra = t->zebra && tp->table_zebra && t->style == TABLE_GRID;
    /* A break leaves at least two rows on each side (a table of three rows
     * stays whole); three after it in a longer table, whose last row is often
     * a total that should not follow a single row. */
    size_t head_rows = t->style == TABLE_KEYVALUE ? KV_HEAD_ROWS : 2;
    size_t foot_rows = t->style == TABLE_KEYVALUE      ? KV_FOOT_ROWS
                       : t->n_rows >= LONG_TABLE_ROWS ? 3
                                                      : 2;
    for (size_t r = 0; r < t->n_rows; r++) {
        const TableRow *row = &t->rows[r];
        rc.shaded = zebra && (r % 2 == 1);
        rc.first = r == 0;
        rc.row_id = row->key ? arena_printf(c->arena, "%s/%s", tid, row->key)
                             : arena_printf(c->arena, "%s/%zu", tid, r + 1);
        row_describe(&rc, row, b->pos);
        int pen;
        if (r == 0)
            pen = (t->header || has_caption) ? PEN_FORBID : PEN_ALLOW;
        else
            pen = r >= head_rows && t->n_rows - r >= foot_rows ? PEN_ALLOW : PEN_FORBID;
        size_t idx;
        fmt_row(&rc, out, row, r == 0 ? limit_first : limit, pen, repeat, n_repeat, &idx);
        if (r == 0 && !t->header)
            out->items[idx].space_before = lead_space;
    }

    /* the source line below */
    if (t->source.n) {
        const TextStyle *ss = &tp->styles[STYLE_SOURCE];
        /* a note below the table, not part of it */
        c->node = tags_node(c->tags, t, TR_SOURCE, ST_P, tags_parent(c->tags, table), NULL);
        tbl_para_items(c, out, &t->source, STYLE_SOURCE, x, width, ss->space_before, PEN_FORBID,
                       PEN_FORBID, &tel);
        c->node = table;
    }
}
