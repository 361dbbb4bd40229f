/* vlist.c — the vertical list and the helpers the block formatters share. */
#include "vlist.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/utf8.h"

const char *const elem_kind_names[EL_COUNT] = {
    [EL_COVER] = "cover",         [EL_IMPRINT] = "imprint",     [EL_TOC_ENTRY] = "toc-entry",
    [EL_HEADING] = "heading",     [EL_PARAGRAPH] = "paragraph", [EL_LIST_ITEM] = "list-item",
    [EL_QUOTE] = "quote",         [EL_CODE] = "code",           [EL_RULE] = "rule",
    [EL_IMAGE] = "image",         [EL_TABLE] = "table",         [EL_TABLE_ROW] = "table-row",
    [EL_CHART] = "chart",         [EL_MEASURE] = "measure",
    [EL_FOOTNOTE] = "footnote",
};

const char *const layout_warn_names[LW_COUNT] = {
    [LW_OVERFULL] = "overfull",
    [LW_LOOSE] = "loose",
    [LW_ROW_SPLIT] = "row-split",
    [LW_WIDOW] = "widow",
    [LW_MISSING_GLYPH] = "missing-glyph",
};

VItem *vlist_push(VList *v, Arena *a)
{
    /* in place when the list is the arena's last allocation */
    v->items = arena_grow(a, v->items, &v->cap, v->n + 1, sizeof *v->items);
    VItem *it = &v->items[v->n++];
    memset(it, 0, sizeof *it);
    return it;
}

void vlist_append(VList *dst, const VList *src, Arena *a)
{
    for (size_t i = 0; i < src->n; i++)
        *vlist_push(dst, a) = src->items[i];
}

void vitem_warn(LCtx *c, VItem *it, LayoutWarnKind kind, SrcPos pos, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    LayoutWarning *w = arena_calloc(c->arena, it->n_warnings + 1, sizeof *w);
    if (it->n_warnings)
        memcpy(w, it->warnings, it->n_warnings * sizeof *w);
    w[it->n_warnings] = (LayoutWarning){kind, -1, pos, arena_strdup(c->arena, msg)};
    it->warnings = w;
    it->n_warnings++;
}

ParaStyle lctx_para_style(const LCtx *c, StyleRole role, bool ragged)
{
    const TextStyle *ts = &c->t->styles[role];
    ParaStyle st = {0};
    st.fonts = c->fonts;
    st.font = ts->font;
    st.size = ts->size;
    st.leading = ts->leading;
    st.color = ts->color;
    st.justify = c->t->justify && !ragged;
    st.hyphenate = c->t->hyphenate && c->hyph != NULL;
    st.hyph = st.hyphenate ? c->hyph : NULL;
    st.brk = &c->t->breaking;
    st.first_indent = 0;
    st.align = ALIGN_LEFT;
    return st;
}

static const char *plain_text(const LCtx *c, const Inlines *inl, bool mask_pages)
{
    Buf b = {0};
    for (size_t i = 0; i < inl->n; i++) {
        const Run *r = &inl->runs[i];
        switch (r->kind) {
        case RUN_TEXT:
            if (r->text)
                buf_puts(&b, r->text);
            break;
        case RUN_BREAK:
            buf_putc(&b, ' ');
            break;
        case RUN_PAGEREF:
            if (mask_pages)
                buf_putc(&b, '#');
            else if (c->env.pageref)
                buf_puts(&b, c->env.pageref(c->env.ctx, r->dest));
            break;
        }
    }
    return buf_to_arena(&b, c->arena);
}

const char *inlines_plain_text(const LCtx *c, const Inlines *inl)
{
    return plain_text(c, inl, false);
}

const char *inlines_pageless_text(const LCtx *c, const Inlines *inl)
{
    for (size_t i = 0; i < inl->n; i++)
        if (inl->runs[i].kind == RUN_PAGEREF)
            return plain_text(c, inl, true);
    return NULL;
}

uint32_t pageless_hash(const char *masked)
{
    if (!masked)
        return 0;
    uint32_t h = text_hash(masked);
    return h ? h : 1; /* 0 means "no page numbers" */
}

uint32_t text_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

const char *elem_text(Arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1);
    size_t o = 0, i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        if (cp != 0xAD) {
            memcpy(out + o, s + i, k);
            o += k;
        }
        i += k;
    }
    out[o] = '\0';
    return out;
}

Box strike_box(const Line *ln, size_t k, float x, float baseline)
{
    const LineFrag *f = &ln->frags[k];
    float w = f->w;
    if (k + 1 < ln->n_frags && ln->frags[k + 1].strike)
        w = ln->frags[k + 1].x - f->x;
    Box b = {0};
    b.kind = BOX_LINE;
    b.x = x + f->x;
    b.y = baseline - f->size * 0.28f; /* through the middle of the lower-case letters */
    b.w = w;
    b.line_width = f->size * 0.06f;
    b.color = f->color;
    b.artifact = ART_LAYOUT; /* the struck text itself is content */
    return b;
}

static bool same_link(const DocLink *a, const DocLink *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == DLINK_NONE)
        return true;
    return a->target && b->target && strcmp(a->target, b->target) == 0;
}

void vitem_take_warnings(LCtx *c, VItem *it)
{
    for (size_t i = 0; i < c->n_pending_warn; i++) {
        const LayoutWarning *w = &c->pending_warn[i];
        vitem_warn(c, it, w->kind, w->pos, "%s", w->message);
    }
    c->n_pending_warn = 0;
}

size_t vlist_add_lines(LCtx *c, VList *out, const Inlines *inl, const ParaStyle *st, float x,
                       float width, float space_before, int first_penalty, ElemKind kind,
                       const char *id, SrcPos pos)
{
    ParaResult r = para_set(inl, st, width, &c->env, c->arena);
    if (r.n_lines == 0) {
        c->n_pending_warn = 0;
        return 0;
    }
    const char *excerpt = NULL;
    uint32_t hash = 0, pageless = 0;
    if (kind < EL_COUNT) {
        const char *text = inlines_plain_text(c, inl);
        excerpt = elem_text(c->arena, text);
        hash = text_hash(text);
        pageless = pageless_hash(inlines_pageless_text(c, inl));
    }
    const Font *base = st->fonts[st->font];
    float cap = base ? font_cap_height(base) * st->size / 1000.0f : st->size * 0.7f;
    float baseline = (st->leading + cap) / 2;
    for (size_t i = 0; i < r.n_lines; i++) {
        const Line *ln = &r.lines[i];
        VItem *it = vlist_push(out, c->arena);
        it->height = st->leading;
        it->space_before = i == 0 ? space_before : 0;
        if (i == 0)
            it->penalty = first_penalty;
        else if (i == 1 || i == r.n_lines - 1)
            it->penalty = PEN_FORBID;
        else
            it->penalty = PEN_ALLOW;
        /* a text box per fragment, and a line through struck ones */
        it->boxes = arena_calloc(c->arena, ln->n_frags ? 2 * ln->n_frags : 1, sizeof *it->boxes);
        size_t n_links = 0;
        VLink *links = arena_calloc(c->arena, ln->n_frags ? ln->n_frags : 1, sizeof *links);
        float left = width, right = 0;
        for (size_t k = 0; k < ln->n_frags; k++) {
            const LineFrag *f = &ln->frags[k];
            Box *bx = &it->boxes[it->n_boxes++];
            bx->kind = BOX_TEXT;
            bx->x = x + f->x;
            bx->y = baseline;
            bx->w = f->w;
            bx->h = f->size;
            bx->font = (uint8_t)f->font;
            bx->size = f->size;
            bx->text = f->text;
            bx->len = f->len;
            bx->color = f->color;
            uint32_t node = c->node;
            if (f->link.kind != DLINK_NONE && !c->plain_links)
                node = tags_link(c->tags, c->node, &f->link);
            bx->node = node;
            if (f->strike)
                it->boxes[it->n_boxes++] = strike_box(ln, k, x, baseline);
            if (f->x < left)
                left = f->x;
            if (f->x + f->w > right)
                right = f->x + f->w;
            if (f->link.kind != DLINK_NONE) {
                VLink *prev = n_links ? &links[n_links - 1] : NULL;
                if (prev && same_link(&prev->link, &f->link) && k > 0 &&
                    same_link(&ln->frags[k - 1].link, &f->link)) {
                    prev->w = x + f->x + f->w - prev->x;
                } else {
                    links[n_links++] = (VLink){x + f->x, 0, f->w, st->leading, f->link, node};
                }
            }
        }
        it->links = links;
        it->n_links = n_links;
        size_t n_notes = 0;
        for (size_t k = 0; k < ln->n_frags; k++)
            n_notes += ln->frags[k].note != NULL;
        if (n_notes) {
            const Block **notes = arena_calloc(c->arena, n_notes, sizeof *notes);
            n_notes = 0;
            for (size_t k = 0; k < ln->n_frags; k++)
                if (ln->frags[k].note)
                    notes[n_notes++] = ln->frags[k].note;
            vitem_add_notes(c, it, notes, n_notes);
        }
        if (kind < EL_COUNT) {
            it->elems = arena_alloc(c->arena, sizeof *it->elems);
            it->n_elems = 1;
            if (right < left)
                left = right = 0;
            it->elems[0] = (VElem){kind, id, x + left, 0, right - left, st->leading,
                                   excerpt, hash, pos, pageless, NULL};
        }
        if (i == 0)
            vitem_take_warnings(c, it);
        SrcPos lpos = ln->n_frags && ln->frags[0].pos.file ? ln->frags[0].pos : pos;
        if (right > width + 0.01f)
            vitem_warn(c, it, LW_OVERFULL, lpos, "line %zu is %.1f pt too wide", i + 1,
                       (double)(right - width));
        if (st->justify && i + 1 < r.n_lines && ln->ratio > 1.5f)
            vitem_warn(c, it, LW_LOOSE, lpos, "line %zu is loose (ratio %.2f)", i + 1,
                       (double)ln->ratio);
        if (kind == EL_PARAGRAPH || kind == EL_LIST_ITEM || kind == EL_QUOTE || c->quiet) {
            it->line = VL_TEXT | (ln->hyphenated ? VL_HYPHEN : 0) |
                       (right > width + 0.01f ? VL_OVERFULL : 0) |
                       (st->justify && i + 1 < r.n_lines && ln->ratio > 1.0f ? VL_LOOSE : 0);
        }
    }
    return r.n_lines;
}

void vlist_tag(LCtx *c, VList *out, size_t from, uint32_t node)
{
    for (size_t i = from; i < out->n; i++) {
        VItem *it = &out->items[i];
        for (size_t k = 0; k < it->n_boxes; k++) {
            Box *b = &it->boxes[k];
            if (!b->node && b->artifact == ART_NONE)
                b->node = node;
        }
        for (size_t k = 0; k < it->n_links; k++)
            if (!it->links[k].node)
                it->links[k].node = tags_link(c->tags, node, &it->links[k].link);
    }
}
