/* blocks.c — block formatters: each block of the document tree into vertical
 * items (lines, pictures, rules) with their boxes, links and elements.
 * Tables, charts and progress bars are in table.c; the cover, the imprint
 * and the contents in furniture.c. */
#include <string.h>

#include "../base/buf.h"
#include "../base/utf8.h"
#include "vlist.h"

#define QUOTE_INDENT 14.0f
#define CODE_PAD 5.0f

static const TextStyle *style_of(const LCtx *c, StyleRole role)
{
    return &c->t->styles[role];
}

/* Vertical space before a block: the larger of its own space_before and the
 * previous block's space_after (they do not add up). */
static float take_space(LCtx *c, float before)
{
    float s = before > c->pending_space ? before : c->pending_space;
    c->pending_space = 0;
    return s;
}

void vitem_add_dest(LCtx *c, VItem *it, const char *dest)
{
    if (!dest)
        return;
    const char **d = arena_calloc(c->arena, it->n_dests + 1, sizeof *d);
    if (it->n_dests)
        memcpy(d, it->dests, it->n_dests * sizeof *d);
    d[it->n_dests++] = dest;
    it->dests = d;
}

static void vitem_add_link(LCtx *c, VItem *it, VLink l)
{
    VLink *v = arena_calloc(c->arena, it->n_links + 1, sizeof *v);
    if (it->n_links)
        memcpy(v, it->links, it->n_links * sizeof *v);
    v[it->n_links++] = l;
    it->links = v;
}

void vitem_add_elem(LCtx *c, VItem *it, VElem e)
{
    VElem *v = arena_calloc(c->arena, it->n_elems + 1, sizeof *v);
    if (it->n_elems)
        memcpy(v, it->elems, it->n_elems * sizeof *v);
    v[it->n_elems++] = e;
    it->elems = v;
}

/* Adds an element covering columns x..x+w of items [from, v->n); masked is
 * its text with page numbers as "#" (NULL: it shows none). */
static void elem_over(LCtx *c, VList *v, size_t from, ElemKind kind, const char *id,
                      const char *text, const char *masked, SrcPos pos, float x, float w)
{
    const char *ex = elem_text(c->arena, text ? text : "");
    uint32_t h = text_hash(text ? text : "");
    uint32_t ph = masked && strcmp(masked, text ? text : "") != 0 ? pageless_hash(masked) : 0;
    for (size_t i = from; i < v->n; i++) {
        VItem *it = &v->items[i];
        vitem_add_elem(c, it, (VElem){kind, id, x, 0, w, it->height, ex, h, pos, ph, NULL});
    }
}

/* Plain text of a block and its children, for element texts and hashes;
 * with mask, page numbers as "#". */
static void collect_text(const LCtx *c, const Block *b, bool mask, Buf *acc)
{
    if (b->inl.n) {
        if (acc->len)
            buf_putc(acc, ' ');
        const char *m = mask ? inlines_pageless_text(c, &b->inl) : NULL;
        buf_puts(acc, m ? m : inlines_plain_text(c, &b->inl));
    }
    for (size_t i = 0; i < b->n_children; i++)
        collect_text(c, b->children[i], mask, acc);
}

static const char *block_text(const LCtx *c, const Block *b, bool mask)
{
    Buf acc = {0};
    collect_text(c, b, mask, &acc);
    return buf_to_arena(&acc, c->arena);
}

static const char *section_id(LCtx *c, char kind, int n)
{
    if (c->section && *c->section)
        return arena_printf(c->arena, "%s/%c%d", c->section, kind, n);
    return arena_printf(c->arena, "%c%d", kind, n);
}

/* Baseline of the first text box in an item, or a fallback. */
static float first_baseline(const VItem *it, float fallback)
{
    for (size_t i = 0; i < it->n_boxes; i++)
        if (it->boxes[i].kind == BOX_TEXT)
            return it->boxes[i].y;
    return fallback;
}

Box text_box(float x, float baseline, const char *s, FontRole font, float size, Color color,
             const Font *f)
{
    Box b = {0};
    b.kind = BOX_TEXT;
    b.x = x;
    b.y = baseline;
    b.len = (uint32_t)strlen(s);
    b.text = s;
    b.w = f ? font_text_width(f, s, b.len, size) : 0;
    b.h = size;
    b.font = (uint8_t)font;
    b.size = size;
    b.color = color;
    return b;
}

void vitem_add_box(LCtx *c, VItem *it, Box bx, bool front)
{
    Box *v = arena_calloc(c->arena, it->n_boxes + 1, sizeof *v);
    if (front) {
        v[0] = bx;
        if (it->n_boxes)
            memcpy(v + 1, it->boxes, it->n_boxes * sizeof *v);
    } else {
        if (it->n_boxes)
            memcpy(v, it->boxes, it->n_boxes * sizeof *v);
        v[it->n_boxes] = bx;
    }
    it->boxes = v;
    it->n_boxes++;
}

/* ---------- headings ---------- */

static void fmt_heading(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const TextStyle *ts = style_of(c, b->style);
    ParaStyle st = lctx_para_style(c, b->style, true);
    st.hyphenate = false;
    st.hyph = NULL;
    const Font *f = c->fonts[ts->font];
    /* The number hangs left of the title, a quad before it; a number too
     * wide to hang (a long measure id) indents the first line instead. */
    float indent = 0;
    if (b->number && *b->number) {
        indent = font_text_width(f, b->number, strlen(b->number), ts->size) + ts->size * 0.75f;
        if (indent > width / 3) {
            st.first_indent = indent;
            indent = 0;
        }
    }
    float space = take_space(c, ts->space_before);
    int penalty = b->new_page ? PEN_FORCE : PEN_ALLOW;
    const char *id = b->id ? b->id : section_id(c, 'h', ++c->n_heads);
    size_t from = out->n;
    size_t n = vlist_add_lines(c, out, &b->inl, &st, x + indent, width - indent, space, penalty,
                               EL_HEADING, id, b->pos);
    if (n == 0) {
        VItem *it = vlist_push(out, c->arena);
        it->height = ts->leading;
        it->space_before = space;
        it->penalty = penalty;
    }
    VItem *first = &out->items[from];
    for (size_t i = from + 1; i < out->n; i++)
        out->items[i].penalty = PEN_FORBID;
    const char *title = inlines_plain_text(c, &b->inl);
    if (b->number && *b->number) {
        float base = first_baseline(first, (ts->leading + ts->size * 0.7f) / 2);
        Box nb = text_box(x, base, b->number, ts->font, ts->size, ts->color, f);
        vitem_add_box(c, first, nb, true); /* first: read before the title */
        if (first->n_elems) {
            first->elems[0].w += first->elems[0].x - x;
            first->elems[0].x = x;
        }
    }
    const char *dest = b->dest ? b->dest : b->id;
    vitem_add_dest(c, first, dest);
    VHeading *h = arena_alloc(c->arena, sizeof *h);
    h->level = b->level;
    h->number = b->number;
    h->title = title;
    h->dest = dest;
    h->in_outline = b->in_outline;
    first->heading = h;
    c->pending_space = ts->space_after;
    if (b->id) {
        c->section = b->id;
        c->n_paras = c->n_items = c->n_quotes = c->n_codes = c->n_rules = c->n_images = 0;
        c->n_heads = 0;
    }
}

/* ---------- paragraphs ---------- */

static void fmt_paragraph(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const TextStyle *ts = style_of(c, b->style);
    ParaStyle st = lctx_para_style(c, b->style, false);
    if (c->t->paragraph_indent > 0 && c->prev_kind == BLK_PARAGRAPH && !c->quiet)
        st.first_indent = c->t->paragraph_indent;
    float space = take_space(c, ts->space_before);
    const char *id = b->id;
    if (!c->quiet && !id)
        id = section_id(c, 'p', ++c->n_paras);
    size_t from = out->n;
    vlist_add_lines(c, out, &b->inl, &st, x, width, space, PEN_ALLOW,
                    c->quiet ? EL_COUNT : EL_PARAGRAPH, id, b->pos);
    if (out->n > from)
        vitem_add_dest(c, &out->items[from], b->dest);
    c->pending_space = ts->space_after;
}

/* ---------- lists ---------- */

static void fmt_list_item(LCtx *c, VList *out, const Block *b, float x, float width,
                          float indent)
{
    const TextStyle *ts = style_of(c, STYLE_LIST);
    const char *id = b->id ? b->id : section_id(c, 'l', ++c->n_items);
    /* LI: the marker (Lbl), then the body (LBody) */
    uint32_t saved = c->node;
    uint32_t li = tags_node(c->tags, b, TR_MAIN, ST_LI, c->node, NULL);
    uint32_t lbl = b->marker && *b->marker ? tags_node(c->tags, b, TR_LBL, ST_LBL, li, NULL) : 0;
    uint32_t body = tags_node(c->tags, b, TR_LBODY, ST_LBODY, li, NULL);
    c->node = body;
    VList tmp = {0};
    c->quiet++;
    if (b->inl.n) {
        ParaStyle st = lctx_para_style(c, STYLE_LIST, false);
        float space = take_space(c, ts->space_before);
        vlist_add_lines(c, &tmp, &b->inl, &st, x + indent, width - indent, space, PEN_ALLOW,
                        EL_COUNT, NULL, b->pos);
        c->pending_space = ts->space_after;
    }
    for (size_t i = 0; i < b->n_children; i++)
        fmt_block(c, &tmp, b->children[i], x + indent, width - indent);
    c->quiet--;
    c->node = saved;
    vlist_tag(c, &tmp, 0, body);
    if (tmp.n == 0) {
        VItem *it = vlist_push(&tmp, c->arena);
        it->height = ts->leading;
        it->space_before = take_space(c, ts->space_before);
    }
    /* The marker hangs in the indent, right-aligned, on the first baseline. */
    VItem *first = &tmp.items[0];
    if (b->marker && *b->marker) {
        FontRole role = b->marker_font & RF_MONO ? FONT_MONO : ts->font;
        const Font *f = c->fonts[role];
        float base = first_baseline(first, (ts->leading + ts->size * 0.7f) / 2);
        Box mb = text_box(0, base, b->marker, role, ts->size, ts->color, f);
        mb.x = x + indent - mb.w - ts->size * 0.5f;
        if (mb.x < x)
            mb.x = x;
        mb.node = lbl;
        vitem_add_box(c, first, mb, false);
    }
    vitem_add_dest(c, first, b->dest);
    /* A one-line item after its predecessor: keep a two-line item together. */
    if (tmp.n == 2)
        tmp.items[1].penalty = PEN_FORBID;
    elem_over(c, &tmp, 0, EL_LIST_ITEM, id, block_text(c, b, false), block_text(c, b, true),
              b->pos, x, width);
    vlist_append(out, &tmp, c->arena);
    c->pending_space = ts->space_after;
}

static void fmt_list(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const TextStyle *ts = style_of(c, STYLE_LIST);
    const Font *f = c->fonts[ts->font];
    /* Indent: room for the widest marker plus half an em, at least 1.5 em. */
    float widest = 0;
    for (size_t i = 0; i < b->n_children; i++) {
        const char *m = b->children[i]->marker;
        if (m) {
            const Font *mf = b->children[i]->marker_font & RF_MONO ? c->fonts[FONT_MONO] : f;
            float w = font_text_width(mf, m, strlen(m), ts->size);
            if (w > widest)
                widest = w;
        }
    }
    float indent = widest + ts->size * 0.5f;
    if (indent < ts->size * 1.5f)
        indent = ts->size * 1.5f;
    bool top = c->quiet == 0;
    if (top && c->pending_space < style_of(c, STYLE_BODY)->space_after * 0.5f)
        c->pending_space = style_of(c, STYLE_BODY)->space_after * 0.5f;
    size_t from = out->n;
    for (size_t i = 0; i < b->n_children; i++) {
        const Block *it = b->children[i];
        if (it->kind == BLK_LIST_ITEM)
            fmt_list_item(c, out, it, x, width, indent);
        else
            fmt_block(c, out, it, x + indent, width - indent);
    }
    if (out->n > from)
        vitem_add_dest(c, &out->items[from], b->dest);
    if (top)
        c->pending_space = style_of(c, STYLE_BODY)->space_after;
}

/* ---------- block quotes ---------- */

static void fmt_quote(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const TextStyle *ts = style_of(c, STYLE_QUOTE);
    const char *id = b->id;
    if (!c->quiet && !id)
        id = section_id(c, 'q', ++c->n_quotes);
    float space = take_space(c, ts->space_before);
    VList tmp = {0};
    c->quiet++;
    c->pending_space = space;
    for (size_t i = 0; i < b->n_children; i++)
        fmt_block(c, &tmp, b->children[i], x + QUOTE_INDENT, width - QUOTE_INDENT);
    c->quiet--;
    if (tmp.n == 0)
        return;
    /* A bar left of every item, reaching up over the glue between items so
     * that it looks continuous. */
    for (size_t i = 0; i < tmp.n; i++) {
        VItem *it = &tmp.items[i];
        float top = i > 0 ? -it->space_before : 0;
        Box bar = {0};
        bar.kind = BOX_RECT;
        bar.x = x + 1;
        bar.y = top;
        bar.w = 2.5f;
        bar.h = it->height - top;
        bar.fill = true;
        bar.color = c->t->quote_bar;
        bar.artifact = true;
        vitem_add_box(c, it, bar, true);
    }
    vitem_add_dest(c, &tmp.items[0], b->dest);
    if (!c->quiet) {
        elem_over(c, &tmp, 0, EL_QUOTE, id, block_text(c, b, false), block_text(c, b, true),
                  b->pos, x, width);
    }
    vlist_append(out, &tmp, c->arena);
    c->pending_space = ts->space_after;
}

/* ---------- code blocks ---------- */

/* One code line: its bytes, tab-expanded, and wrapped at the column. */
typedef struct CodeLine {
    const char *s;
    size_t len;
} CodeLine;

static void fmt_code(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const TextStyle *ts = style_of(c, STYLE_CODE);
    const Font *f = c->fonts[ts->font];
    Buf acc = {0};
    for (size_t i = 0; i < b->inl.n; i++)
        if (b->inl.runs[i].kind == RUN_TEXT && b->inl.runs[i].text)
            buf_puts(&acc, b->inl.runs[i].text);
    const char *text = buf_to_arena(&acc, c->arena);
    size_t tl = strlen(text);
    while (tl > 0 && text[tl - 1] == '\n')
        tl--;
    /* Expand tabs (4 columns), split at newlines, wrap at the column. */
    float avail = width - 2 * CODE_PAD;
    size_t cap = 16, n = 0;
    CodeLine *lines = arena_calloc(c->arena, cap, sizeof *lines);
    char *buf = arena_alloc(c->arena, tl * 4 + 1);
    size_t o = 0, line_start = 0, col = 0;
    float w = 0;
    for (size_t i = 0; i <= tl;) {
        uint32_t cp = '\n';
        size_t k = 1;
        if (i < tl) {
            k = utf8_next((const unsigned char *)text + i, tl - i, &cp);
        }
        bool end_line = cp == '\n';
        char enc[16];
        size_t el = 0;
        float cw = 0;
        if (cp == '\t') {
            size_t spaces = 4 - col % 4;
            memset(enc, ' ', spaces);
            el = spaces;
            cw = spaces * font_advance(f, ' ') * ts->size / 1000.0f;
        } else if (!end_line) {
            if (!font_has_glyph(f, cp) && cp != '\r' && c->env.missing)
                c->env.missing(c->env.ctx, b->pos, cp);
            if (cp == '\r') {
                i += k;
                continue;
            }
            el = utf8_encode(cp, enc);
            cw = font_advance(f, cp) * ts->size / 1000.0f;
        }
        if (!end_line && w + cw > avail && o > line_start) {
            end_line = true; /* wrap before this character */
        } else {
            memcpy(buf + o, enc, el);
            o += el;
            w += cw;
            col += cp == '\t' ? el : 1;
            i += k;
            if (!end_line)
                continue;
        }
        lines = arena_grow(c->arena, lines, &cap, n + 1, sizeof *lines);
        lines[n++] = (CodeLine){buf + line_start, o - line_start};
        line_start = o;
        w = 0;
        if (cp == '\n') {
            col = 0;
            if (i >= tl)
                break;
        }
    }
    if (n == 0)
        return;
    float total = n * ts->leading + 2 * CODE_PAD;
    bool keep = total <= c->body_height * 0.8f;
    float cap_h = f ? font_cap_height(f) * ts->size / 1000.0f : ts->size * 0.7f;
    const char *id = b->id;
    if (!c->quiet && !id)
        id = section_id(c, 'c', ++c->n_codes);
    const char *ex = elem_text(c->arena, text);
    uint32_t hash = text_hash(text);
    float space = take_space(c, ts->space_before);
    for (size_t i = 0; i < n; i++) {
        VItem *it = vlist_push(out, c->arena);
        float top = i == 0 ? CODE_PAD : 0;
        it->height = ts->leading + top + (i + 1 == n ? CODE_PAD : 0);
        it->space_before = i == 0 ? space : 0;
        if (i == 0)
            it->penalty = PEN_ALLOW;
        else if (keep || i == 1 || i + 1 == n)
            it->penalty = PEN_FORBID;
        it->boxes = arena_calloc(c->arena, 2, sizeof *it->boxes);
        Box *bg = &it->boxes[it->n_boxes++];
        bg->kind = BOX_RECT;
        bg->x = x;
        bg->y = 0;
        bg->w = width;
        bg->h = it->height;
        bg->fill = true;
        bg->color = c->t->code_bg;
        bg->artifact = true;
        if (lines[i].len) {
            Box *tb = &it->boxes[it->n_boxes++];
            tb->kind = BOX_TEXT;
            tb->x = x + CODE_PAD;
            tb->y = top + (ts->leading + cap_h) / 2;
            tb->text = lines[i].s;
            tb->len = (uint32_t)lines[i].len;
            tb->w = font_text_width(f, lines[i].s, lines[i].len, ts->size);
            tb->h = ts->size;
            tb->size = ts->size;
            tb->font = (uint8_t)ts->font;
            tb->color = ts->color;
        }
        if (id && !c->quiet)
            vitem_add_elem(c, it, (VElem){EL_CODE, id, x, 0, width, it->height, ex, hash, b->pos, 0, NULL});
        if (i == 0) {
            vitem_add_dest(c, it, b->dest);
            vitem_take_warnings(c, it);
        }
    }
    c->pending_space = ts->space_after;
}

/* ---------- rules, images, page breaks ---------- */

static void fmt_rule(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const TextStyle *body = style_of(c, STYLE_BODY);
    VItem *it = vlist_push(out, c->arena);
    it->space_before = take_space(c, body->space_after);
    it->height = body->leading;
    it->boxes = arena_alloc(c->arena, sizeof *it->boxes);
    it->n_boxes = 1;
    Box *ln = &it->boxes[0];
    ln->kind = BOX_LINE;
    ln->x = x;
    ln->y = body->leading / 2;
    ln->w = width;
    ln->h = 0;
    ln->color = c->t->rule;
    ln->line_width = c->t->rule_width > 0 ? c->t->rule_width : 0.5f;
    ln->artifact = true;
    const char *id = b->id;
    if (!c->quiet && !id)
        id = section_id(c, 'r', ++c->n_rules);
    if (!c->quiet)
        vitem_add_elem(c, it, (VElem){EL_RULE, id, x, 0, width, it->height, "", text_hash(""),
                                      b->pos, 0, NULL});
    vitem_add_dest(c, it, b->dest);
    c->pending_space = body->space_after;
}

static void fmt_image(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const Image *img = b->image;
    if (!img || img->width <= 0 || img->height <= 0)
        return;
    const TextStyle *cs = style_of(c, STYLE_CAPTION);
    /* Fit the column and 60 % of the body height; never enlarge beyond
     * 96 dpi (small pictures stay sharp). */
    float natural = img->width * 0.75f;
    float w = width < natural ? width : natural;
    float h = w * img->height / img->width;
    float maxh = c->body_height * 0.6f;
    if (h > maxh) {
        h = maxh;
        w = h * img->width / img->height;
    }
    VList cap = {0};
    if (b->caption.n) {
        ParaStyle st = lctx_para_style(c, STYLE_CAPTION, true);
        st.align = ALIGN_CENTER;
        st.hyphenate = false;
        st.hyph = NULL;
        uint32_t saved = c->node;
        c->node = tags_node(c->tags, b, TR_CAPTION, ST_CAPTION, c->node, NULL);
        vlist_add_lines(c, &cap, &b->caption, &st, x, width, 0, PEN_ALLOW, EL_COUNT, NULL,
                        b->pos);
        c->node = saved;
    }
    size_t nb = 1, nl = 0;
    for (size_t i = 0; i < cap.n; i++) {
        nb += cap.items[i].n_boxes;
        nl += cap.items[i].n_links;
    }
    VItem *it = vlist_push(out, c->arena);
    it->space_before = take_space(c, style_of(c, STYLE_BODY)->space_after + 4);
    it->boxes = arena_calloc(c->arena, nb, sizeof *it->boxes);
    it->links = arena_calloc(c->arena, nl ? nl : 1, sizeof *it->links);
    Box *ib = &it->boxes[it->n_boxes++];
    ib->kind = BOX_IMAGE;
    ib->x = x + (width - w) / 2;
    ib->y = 0;
    ib->w = w;
    ib->h = h;
    ib->image = img;
    float y = h + (cap.n ? cs->space_before : 0);
    for (size_t i = 0; i < cap.n; i++) {
        const VItem *ci = &cap.items[i];
        for (size_t k = 0; k < ci->n_boxes; k++) {
            Box bx = ci->boxes[k];
            bx.y += y;
            it->boxes[it->n_boxes++] = bx;
        }
        for (size_t k = 0; k < ci->n_links; k++) {
            VLink l = ci->links[k];
            l.y += y;
            it->links[it->n_links++] = l;
        }
        for (size_t k = 0; k < ci->n_warnings; k++)
            vitem_warn(c, it, ci->warnings[k].kind, ci->warnings[k].pos, "%s",
                       ci->warnings[k].message);
        y += ci->height;
    }
    it->height = y;
    const char *id = b->id;
    if (!id)
        id = section_id(c, 'i', ++c->n_images);
    const char *text = b->caption.n ? inlines_plain_text(c, &b->caption) : img->path;
    vitem_add_elem(c, it, (VElem){EL_IMAGE, id, ib->x, 0, w, y, elem_text(c->arena, text),
                                  text_hash(text), b->pos, 0, NULL});
    vitem_add_dest(c, it, b->dest);
    c->pending_space = style_of(c, STYLE_BODY)->space_after + 4;
}

static void fmt_pagebreak(LCtx *c, VList *out, const Block *b)
{
    VItem *it = vlist_push(out, c->arena);
    it->penalty = PEN_FORCE;
    vitem_add_dest(c, it, b->dest);
    c->pending_space = 0;
}

/* ---------- groups ---------- */

/* A group is a measure's detail block when its heading is numbered with the
 * group's id (compose numbers measure headings by measure id). */
static const Block *measure_heading(const Block *b)
{
    if (!b->id)
        return NULL;
    for (size_t i = 0; i < b->n_children; i++) {
        const Block *ch = b->children[i];
        if (ch->kind == BLK_HEADING)
            return ch->number && strcmp(ch->number, b->id) == 0 ? ch : NULL;
    }
    return NULL;
}

static void fmt_group(LCtx *c, VList *out, const Block *b, float x, float width)
{
    size_t from = out->n, last = out->n;
    for (size_t i = 0; i < b->n_children; i++) {
        last = out->n;
        fmt_block(c, out, b->children[i], x, width);
    }
    if (out->n == from)
        return;
    /* A one-line closing paragraph (a back link) stays with the block. */
    if (b->n_children > 1 && out->n == last + 1 && last > from &&
        b->children[b->n_children - 1]->kind == BLK_PARAGRAPH &&
        out->items[last].penalty > PEN_FORCE && out->items[last].penalty < PEN_FORBID)
        out->items[last].penalty = PEN_FORBID;
    vitem_add_dest(c, &out->items[from], b->dest);
    const Block *h = measure_heading(b);
    if (h) {
        const char *title = inlines_plain_text(c, &h->inl);
        elem_over(c, out, from, EL_MEASURE, b->id, title, NULL, b->pos, x, width);
    }
}

/* ---------- dispatch ---------- */

static void fmt_dispatch(LCtx *c, VList *out, const Block *b, float x, float width)
{
    switch (b->kind) {
    case BLK_FOOTNOTE:
        break; /* set with the line of its mark (vitem_add_notes) */
    case BLK_COVER:
        fmt_cover(c, out, b);
        break;
    case BLK_IMPRINT:
        fmt_imprint(c, out, b);
        break;
    case BLK_TOC:
        fmt_toc(c, out, b, x, width);
        break;
    case BLK_HEADING:
        fmt_heading(c, out, b, x, width);
        break;
    case BLK_PARAGRAPH:
        fmt_paragraph(c, out, b, x, width);
        break;
    case BLK_LIST:
        fmt_list(c, out, b, x, width);
        break;
    case BLK_LIST_ITEM:
        fmt_list_item(c, out, b, x, width, style_of(c, STYLE_LIST)->size * 1.5f);
        break;
    case BLK_QUOTE:
        fmt_quote(c, out, b, x, width);
        break;
    case BLK_CODE:
        fmt_code(c, out, b, x, width);
        break;
    case BLK_RULE:
        fmt_rule(c, out, b, x, width);
        break;
    case BLK_IMAGE:
        fmt_image(c, out, b, x, width);
        break;
    case BLK_PAGEBREAK:
        fmt_pagebreak(c, out, b);
        break;
    case BLK_GROUP:
        fmt_group(c, out, b, x, width);
        break;
    case BLK_TABLE:
    case BLK_BARCHART:
    case BLK_PROGRESS: {
        const TextStyle *body = style_of(c, STYLE_BODY);
        float space = take_space(c, body->space_after);
        size_t from = out->n;
        if (b->kind == BLK_TABLE)
            fmt_table(c, out, b, x, width);
        else if (b->kind == BLK_BARCHART)
            fmt_chart(c, out, b, x, width);
        else
            fmt_progress(c, out, b, x, width);
        if (out->n > from) {
            VItem *first = &out->items[from];
            if (first->space_before < space)
                first->space_before = space;
            vitem_add_dest(c, first, b->dest);
            vitem_take_warnings(c, first); /* missing glyphs found while setting cells */
        }
        c->n_pending_warn = 0;
        c->pending_space = body->space_after + 3;
        break;
    }
    }
}

/* Formats one note into lines appended to out. */
static void fmt_note(LCtx *c, VList *out, const Block *note)
{
    const TextStyle *ts = style_of(c, STYLE_FOOTNOTE);
    const Font *f = c->fonts[ts->font];
    float x = c->body_left, width = c->body_width, indent = ts->size * 1.6f;
    c->pending_space = 0;
    c->keep_next = false;
    /* structure: a Note where its mark is, its number a link back */
    uint32_t parent = c->node;
    uint32_t nn = tags_node(c->tags, note, TR_MAIN, ST_NOTE, parent, NULL);
    c->node = nn;
    size_t from = out->n;
    for (size_t i = 0; i < note->n_children; i++)
        fmt_block(c, out, note->children[i], x + indent, width - indent);
    c->node = parent;
    if (out->n == from) {
        VItem *e = vlist_push(out, c->arena);
        e->height = ts->leading;
    }
    /* the number hangs in the indent and links back to the mark */
    VItem *first = &out->items[from];
    first->space_before = ts->space_before;
    first->penalty = PEN_ALLOW;
    float base = first_baseline(first, (ts->leading + ts->size * 0.7f) / 2);
    Box mb = text_box(x, base, note->marker, ts->font, ts->size, ts->color, f);
    DocLink back = {DLINK_DEST, note->back_dest};
    mb.node = tags_link(c->tags, nn, &back);
    vitem_add_box(c, first, mb, false);
    vitem_add_link(c, first, (VLink){x, 0, indent, ts->leading, back, mb.node});
    vitem_add_dest(c, first, note->dest);
    elem_over(c, out, from, EL_FOOTNOTE, note->id, block_text(c, note, false),
              block_text(c, note, true), note->pos, x, width);
}

void vitem_add_notes(LCtx *c, VItem *it, const Block *const *notes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vitem_add_dest(c, it, notes[i]->back_dest);
    if (c->in_note || n == 0)
        return; /* a mark inside a note: the note it points at is set elsewhere */
    /* the formatter's state is the text's: the notes leave it as it was */
    float pending = c->pending_space;
    bool keep = c->keep_next;
    BlockKind prev = c->prev_kind;
    c->in_note = true;
    c->quiet++;
    VList tmp = {0};
    for (size_t i = 0; i < n; i++)
        fmt_note(c, &tmp, notes[i]);
    c->quiet--;
    c->in_note = false;
    c->pending_space = pending;
    c->keep_next = keep;
    c->prev_kind = prev;
    VItem *all = arena_calloc(c->arena, it->n_notes + tmp.n, sizeof *all);
    if (it->n_notes)
        memcpy(all, it->notes, it->n_notes * sizeof *all);
    memcpy(all + it->n_notes, tmp.items, tmp.n * sizeof *all);
    it->notes = all;
    it->n_notes += tmp.n;
}

/* ---------- structure ---------- */

/* The generated parts make their own elements, a rule or a page break is
 * no content, a list item's elements are made by fmt_list_item. */
uint32_t fmt_block_node(LCtx *c, const Block *b)
{
    StructTab *t = c->tags;
    uint32_t parent = c->node;
    switch (b->kind) {
    case BLK_HEADING:
        return tags_node(t, b, TR_MAIN, tags_heading_type(&c->cursor, b->level), parent, NULL);
    case BLK_PARAGRAPH:
        return tags_node(t, b, TR_MAIN, ST_P, parent, NULL);
    case BLK_LIST:
        return tags_node(t, b, TR_MAIN, ST_L, parent, NULL);
    case BLK_QUOTE:
        return tags_node(t, b, TR_MAIN, ST_BLOCKQUOTE, parent, NULL);
    case BLK_CODE:
        return tags_node(t, b, TR_MAIN, ST_CODE, parent, NULL);
    case BLK_TABLE:
        return tags_node(t, b, TR_MAIN, ST_TABLE, parent, NULL);
    case BLK_IMAGE:
    case BLK_BARCHART:
        return tags_node(t, b, TR_MAIN, ST_FIGURE, parent, b->alt);
    case BLK_PROGRESS:
        return tags_node(t, b, TR_MAIN, b->percent >= 0 ? ST_FIGURE : ST_P, parent, b->alt);
    default:
        return parent;
    }
}

/* A top-level block: the section it goes into. A heading opens a section
 * of its level, a measure's group one of its heading's level (closed after
 * it); returns that group section, or 0. */
static uint32_t enter_section(LCtx *c, const Block *b)
{
    c->node = tags_current_sect(&c->cursor);
    if (b->kind == BLK_HEADING) {
        c->node = tags_open_sect(c->tags, &c->cursor, b, b->level);
    } else if (b->kind == BLK_GROUP) {
        for (size_t i = 0; i < b->n_children; i++)
            if (b->children[i]->kind == BLK_HEADING) {
                c->node = tags_open_sect(c->tags, &c->cursor, b, b->children[i]->level);
                return c->node;
            }
    }
    return 0;
}

void fmt_block(LCtx *c, VList *out, const Block *b, float x, float width)
{
    bool keep = c->keep_next;
    c->keep_next = false;
    size_t from = out->n;
    uint32_t saved = c->node, group = 0;
    if (c->nest == 0)
        group = enter_section(c, b);
    c->nest++;
    uint32_t node = fmt_block_node(c, b);
    c->node = node;
    fmt_dispatch(c, out, b, x, width);
    vlist_tag(c, out, from, node);
    c->nest--;
    c->node = saved;
    if (group && c->cursor.depth > 0 && c->cursor.sect[c->cursor.depth - 1] == group)
        c->cursor.depth--;
    /* Keep with next: no break between the previous block (a heading) and
     * this one's first item, nor after its first line. */
    if (keep) {
        for (size_t i = from; i < out->n && i < from + 2; i++)
            if (out->items[i].penalty > PEN_FORCE && out->items[i].penalty < PEN_FORBID)
                out->items[i].penalty = PEN_FORBID;
    }
    if (b->keep_with_next || b->kind == BLK_HEADING)
        c->keep_next = out->n > from || keep;
    if (c->quiet == 0)
        c->prev_kind = b->kind;
}
