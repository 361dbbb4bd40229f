/* furniture.c — the generated parts (cover, imprint, contents) and the page
 * furniture (page labels, running header, footer, draft watermark). */
#include <math.h>
#include <string.h>

#include "vlist.h"

static const TextStyle *style_of(const LCtx *c, StyleRole role)
{
    return &c->t->styles[role];
}

static Inlines inl_str(LCtx *c, const char *s, unsigned font, SrcPos pos)
{
    Run *r = arena_alloc(c->arena, sizeof *r);
    r->kind = RUN_TEXT;
    r->text = s ? s : "";
    r->font = font;
    r->pos = pos;
    return (Inlines){r, 1};
}

/* Replaces "{key}" in a label by value. */
static const char *fill(Arena *a, const char *label, const char *key, const char *value)
{
    char pat[64];
    snprintf(pat, sizeof pat, "{%s}", key);
    const char *p = strstr(label, pat);
    if (!p)
        return label;
    return arena_printf(a, "%.*s%s%s", (int)(p - label), label, value, p + strlen(pat));
}

/* Sets inlines and copies the lines' boxes and links into dst, from y down.
 * Returns the height used. */
static float put_text(LCtx *c, VItem *dst, const Inlines *inl, const ParaStyle *st, float x,
                      float y, float width)
{
    VList tmp = {0};
    vlist_add_lines(c, &tmp, inl, st, x, width, 0, PEN_ALLOW, EL_COUNT, NULL, (SrcPos){0});
    size_t nb = dst->n_boxes, nl = dst->n_links;
    for (size_t i = 0; i < tmp.n; i++) {
        nb += tmp.items[i].n_boxes;
        nl += tmp.items[i].n_links;
    }
    Box *boxes = arena_calloc(c->arena, nb ? nb : 1, sizeof *boxes);
    VLink *links = arena_calloc(c->arena, nl ? nl : 1, sizeof *links);
    if (dst->n_boxes)
        memcpy(boxes, dst->boxes, dst->n_boxes * sizeof *boxes);
    if (dst->n_links)
        memcpy(links, dst->links, dst->n_links * sizeof *links);
    dst->boxes = boxes;
    dst->links = links;
    float h = 0;
    for (size_t i = 0; i < tmp.n; i++) {
        const VItem *it = &tmp.items[i];
        for (size_t k = 0; k < it->n_boxes; k++) {
            Box bx = it->boxes[k];
            bx.y += y + h;
            dst->boxes[dst->n_boxes++] = bx;
        }
        for (size_t k = 0; k < it->n_links; k++) {
            VLink l = it->links[k];
            l.y += y + h;
            dst->links[dst->n_links++] = l;
        }
        for (size_t k = 0; k < it->n_warnings; k++)
            vitem_warn(c, dst, it->warnings[k].kind, it->warnings[k].pos, "%s",
                       it->warnings[k].message);
        h += it->height;
    }
    return h;
}

/* A text of the report (pos: where it is written, for missing-glyph warnings). */
static float put_string_at(LCtx *c, VItem *dst, const char *s, SrcPos pos, StyleRole role,
                           unsigned font, float x, float y, float width)
{
    if (!s || !*s)
        return 0;
    ParaStyle st = lctx_para_style(c, role, true);
    st.hyphenate = false;
    st.hyph = NULL;
    Inlines inl = inl_str(c, s, font, pos);
    return put_text(c, dst, &inl, &st, x, y, width);
}

/* A string of the cover or the imprint (from pos) as element number k of
 * block b. */
static float put_part(LCtx *c, VItem *dst, const Block *b, unsigned *k, StructType type,
                      const char *s, SrcPos pos, StyleRole role, unsigned font, float x, float y,
                      float width)
{
    if (!s || !*s)
        return 0;
    uint32_t saved = c->node;
    c->node = tags_node(c->tags, b, TR_PART + (*k)++, type, saved, NULL);
    float h = put_string_at(c, dst, s, pos, role, font, x, y, width);
    c->node = saved;
    return h;
}

static Box rect(float x, float y, float w, float h, Color fill)
{
    Box b = {0};
    b.kind = BOX_RECT;
    b.x = x;
    b.y = y;
    b.w = w;
    b.h = h;
    b.fill = true;
    b.color = fill;
    b.artifact = ART_LAYOUT; /* decoration */
    return b;
}

static const char *doc_text(const LCtx *c)
{
    const DocInfo *in = &c->doc->info;
    return arena_printf(c->arena, "%s %s", in->title ? in->title : "",
                        in->subtitle ? in->subtitle : "");
}

/* ---------- cover ---------- */

/* The cover fills the first page: logo top right, accent bar, title and
 * subtitle in the upper half, issuer, publisher, date and period at the
 * bottom third. Coordinates are relative to the body's top. */
void fmt_cover(LCtx *c, VList *out, const Block *b)
{
    const Template *t = c->t;
    const DocInfo *in = &c->doc->info;
    VItem *it = vlist_push(out, c->arena);
    it->height = c->body_height;
    it->penalty = PEN_FORCE;
    c->pending_space = 0;
    float x = c->body_left, w = c->body_width, top = c->body_top;
    float ph = t->page_height;
    unsigned part = 0; /* structure: the logo, then the texts in reading order */
    if (c->doc->logo && c->doc->logo->width > 0 && c->doc->logo->height > 0) {
        const Image *img = c->doc->logo;
        const float side = t->cover.logo_size;
        float lw = side, lh = side * img->height / img->width;
        if (lh > side) {
            lh = side;
            lw = side * img->width / img->height;
        }
        Box ib = {0};
        ib.kind = BOX_IMAGE;
        ib.x = x + w - lw;
        ib.y = 0;
        ib.w = lw;
        ib.h = lh;
        ib.image = img;
        ib.node = tags_node(c->tags, b, TR_PART + part++, ST_FIGURE, c->node, c->doc->logo_alt);
        vitem_add_box(c, it, ib, false);
    }
    float y = ph * t->cover.title_top - top;
    vitem_add_box(c, it, rect(x, y - t->cover.band_above, t->cover.band_width,
                              t->cover.band_height, t->accent), false);
    float tw = w * t->cover.title_width;
    y += put_part(c, it, b, &part, tags_heading_type(&c->cursor, 1), in->title, in->title_pos,
                  STYLE_COVER_TITLE, 0, x, y, tw);
    y += style_of(c, STYLE_COVER_TITLE)->space_after;
    y += put_part(c, it, b, &part, ST_P, in->subtitle, in->subtitle_pos, STYLE_COVER_SUBTITLE, 0,
                  x, y, tw);
    /* Meta block: issuer (semibold), publisher, date, period. */
    float my = ph * t->cover.meta_top - top;
    Box line = {0};
    line.kind = BOX_LINE;
    line.x = x;
    line.y = my - t->cover.meta_rule_above;
    line.w = w;
    line.color = t->accent;
    line.line_width = t->cover.meta_rule_width;
    line.artifact = ART_LAYOUT;
    vitem_add_box(c, it, line, false);
    const float gap = style_of(c, STYLE_COVER_META)->space_after;
    float h = put_part(c, it, b, &part, ST_P, in->issuer, in->issuer_pos, STYLE_COVER_META,
                       RF_BOLD, x, my, w);
    my += h ? h + gap : 0;
    h = put_part(c, it, b, &part, ST_P, in->publisher, in->publisher_pos, STYLE_COVER_META, 0, x,
                 my, w);
    my += (h ? h + gap : 0) + t->cover.meta_date_gap;
    h = put_part(c, it, b, &part, ST_P, c->doc->date_text, (SrcPos){0}, STYLE_COVER_META, 0, x,
                 my, w);
    my += h ? h + gap : 0;
    put_part(c, it, b, &part, ST_P, c->doc->period_text, (SrcPos){0}, STYLE_COVER_META, 0, x, my,
             w);
    const char *text = doc_text(c);
    vitem_add_elem(c, it, (VElem){EL_COVER, "cover", 0, -top, t->page_width, ph,
                                  elem_text(c->arena, text), text_hash(text), b->pos, 0, NULL});
    vitem_add_dest(c, it, b->dest);
    c->keep_next = false;
}

/* ---------- imprint ---------- */

/* The imprint: the back of the cover, its text at the foot of the page. */
void fmt_imprint(LCtx *c, VList *out, const Block *b)
{
    const Template *t = c->t;
    const DocInfo *in = &c->doc->info;
    const char *const *L = t->labels;
    VItem tmp = {0};
    float x = c->body_left, w = c->body_width * t->imprint_width;
    const float gap = style_of(c, STYLE_IMPRINT)->space_after;
    float y = 0;
    unsigned part = 0;
    y += put_part(c, &tmp, b, &part, tags_heading_type(&c->cursor, 1), L[LBL_IMPRINT],
                  (SrcPos){0}, STYLE_IMPRINT, RF_BOLD, x, y, w) + gap;
    const char *const rows[][2] = {{L[LBL_ISSUER], in->issuer},
                                   {L[LBL_PUBLISHER], in->publisher},
                                   {L[LBL_VERSION], in->version}};
    const SrcPos poss[] = {in->issuer_pos, in->publisher_pos, in->version_pos};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (!rows[i][1])
            continue;
        y += put_part(c, &tmp, b, &part, ST_P, rows[i][0], (SrcPos){0}, STYLE_IMPRINT, RF_BOLD, x,
                      y, w);
        y += put_part(c, &tmp, b, &part, ST_P, rows[i][1], poss[i], STYLE_IMPRINT, 0, x, y, w) +
             gap;
    }
    if (c->doc->date_text)
        y += put_part(c, &tmp, b, &part, ST_P,
                      fill(c->arena, L[LBL_AS_OF], "date", c->doc->date_text), (SrcPos){0},
                      STYLE_IMPRINT, 0, x, y, w);
    VItem *it = vlist_push(out, c->arena);
    *it = tmp;
    it->height = c->body_height;
    it->penalty = PEN_FORCE;
    float off = c->body_height - y;
    for (size_t i = 0; i < it->n_boxes; i++)
        it->boxes[i].y += off;
    for (size_t i = 0; i < it->n_links; i++)
        it->links[i].y += off;
    const char *text = arena_printf(c->arena, "%s %s %s", L[LBL_IMPRINT],
                                    in->issuer ? in->issuer : "", in->publisher ? in->publisher : "");
    vitem_add_elem(c, it, (VElem){EL_IMPRINT, "imprint", x, off, w, y,
                                  elem_text(c->arena, text), text_hash(text), b->pos, 0, NULL});
    vitem_add_dest(c, it, b->dest);
    c->pending_space = 0;
    c->keep_next = false;
}

/* ---------- contents ---------- */

typedef struct TocEntry {
    const Block *h;
    int level;
} TocEntry;

typedef struct TocList {
    TocEntry *v;
    size_t n, cap;
} TocList;

static void collect(LCtx *c, const Block *const *blocks, size_t n, int depth, TocList *tl)
{
    for (size_t i = 0; i < n; i++) {
        const Block *b = blocks[i];
        if (b->kind == BLK_HEADING && b->in_toc && b->level >= 1 && b->level <= depth) {
            tl->v = arena_grow(c->arena, tl->v, &tl->cap, tl->n + 1, sizeof *tl->v);
            tl->v[tl->n++] = (TocEntry){b, b->level};
        }
        if (b->n_children && b->kind != BLK_TABLE)
            collect(c, b->children, b->n_children, depth, tl);
    }
}

void fmt_toc(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const Template *t = c->t;
    int depth = t->toc_depth < 1 ? 3 : t->toc_depth > 3 ? 3 : t->toc_depth;
    /* Title: like a chapter heading, on a fresh page, not in the contents. */
    const TextStyle *tts = style_of(c, STYLE_TOC_TITLE);
    ParaStyle tst = lctx_para_style(c, STYLE_TOC_TITLE, true);
    tst.hyphenate = false;
    tst.hyph = NULL;
    Inlines title = inl_str(c, t->labels[LBL_CONTENTS], 0, b->pos);
    size_t from = out->n;
    c->pending_space = 0;
    /* structure: the title as a heading, then the TOC of TOCI entries, each
     * one Link (its number, title and page) */
    uint32_t parent = c->node;
    c->node = tags_node(c->tags, b, TR_TITLE, tags_heading_type(&c->cursor, 1), parent, NULL);
    vlist_add_lines(c, out, &title, &tst, x, width, 0, PEN_FORCE, EL_COUNT, NULL, b->pos);
    uint32_t toc = tags_node(c->tags, b, TR_MAIN, ST_TOC, parent, NULL);
    if (out->n > from)
        vitem_add_dest(c, &out->items[from], b->dest);
    c->pending_space = tts->space_after;

    TocList tl = {0};
    collect(c, c->doc->blocks, c->doc->n_blocks, depth, &tl);
    /* Number columns: each level's title starts where its numbers end. */
    float numw[4] = {0}, num_x[4] = {0}, title_x[4] = {0};
    for (size_t i = 0; i < tl.n; i++) {
        const Block *h = tl.v[i].h;
        if (!h->number)
            continue;
        const TextStyle *ts = style_of(c, STYLE_TOC1 + tl.v[i].level - 1);
        float w = font_text_width(c->fonts[ts->font], h->number, strlen(h->number), ts->size) +
                  ts->size * t->toc_number_gap;
        if (w > numw[tl.v[i].level])
            numw[tl.v[i].level] = w;
    }
    for (int l = 1; l <= 3; l++) {
        num_x[l] = l == 1 ? 0 : title_x[l - 1];
        title_x[l] = num_x[l] + numw[l];
    }
    const Font *dotf = c->fonts[FONT_REGULAR];
    const float pagecol = t->toc_page_column;
    int prev_level = 0;
    for (size_t i = 0; i < tl.n; i++) {
        const Block *h = tl.v[i].h;
        int level = tl.v[i].level;
        StyleRole role = STYLE_TOC1 + level - 1;
        const TextStyle *ts = style_of(c, role);
        ParaStyle st = lctx_para_style(c, role, true);
        st.hyphenate = false;
        st.hyph = NULL;
        const char *dest = h->dest ? h->dest : h->id;
        const char *label = "";
        if (dest && c->env.pageref)
            label = c->env.pageref(c->env.ctx, dest);
        float tx = h->number ? title_x[level] : num_x[level];
        float avail = width - tx - pagecol;
        float space = ts->space_before > c->pending_space ? ts->space_before : c->pending_space;
        c->pending_space = 0;
        size_t first = out->n;
        int penalty = prev_level == 1 ? 500 : PEN_ALLOW;
        uint32_t toci = tags_node(c->tags, h, TR_TOCI, ST_TOCI, toc, NULL);
        uint32_t link = tags_node(c->tags, h, TR_TOCLINK, ST_LINK, toci, NULL);
        c->node = link;
        c->plain_links++;
        size_t n = vlist_add_lines(c, out, &h->inl, &st, x + tx, avail, space, penalty,
                                   EL_COUNT, NULL, h->pos);
        c->plain_links--;
        if (n == 0)
            continue;
        for (size_t k = first + 1; k < out->n; k++)
            out->items[k].penalty = PEN_FORBID;
        VItem *fi = &out->items[first];
        VItem *li = &out->items[out->n - 1];
        const Font *f = c->fonts[ts->font];
        float base = li->n_boxes ? li->boxes[0].y : (ts->leading + ts->size * 0.7f) / 2;
        float fbase = fi->n_boxes ? fi->boxes[0].y : base;
        if (h->number) {
            Box nb = text_box(x + num_x[level], fbase, h->number, ts->font, ts->size, ts->color, f);
            nb.node = link;
            vitem_add_box(c, fi, nb, true); /* first: read before the title */
        }
        /* Page label, right-aligned; dot leaders on a common 4.5 pt grid. */
        float text_end = x + tx;
        for (size_t k = 0; k < li->n_boxes; k++)
            if (li->boxes[k].kind == BOX_TEXT && li->boxes[k].x + li->boxes[k].w > text_end)
                text_end = li->boxes[k].x + li->boxes[k].w;
        Box pb = text_box(0, base, label, ts->font, ts->size, ts->color, f);
        pb.x = x + width - pb.w;
        pb.node = link;
        vitem_add_box(c, li, pb, false);
        /* a dot every toc_dot_step; wider for big type, so that the letter spacing of
         * the dots stays in the range PDF viewers (and libharu) allow */
        float dw = font_text_width(dotf, ".", 1, ts->size);
        const float step = fmaxf(t->toc_dot_step, dw + 0.15f * ts->size);
        float start = x + ceilf((text_end + 4 - x) / step) * step;
        float stop = x + width - pagecol + 2;
        if (stop > pb.x - 4)
            stop = pb.x - 4;
        int ndots = start + dw <= stop ? (int)floorf((stop - dw - start) / step) + 1 : 0;
        if (ndots > 0) {
            char *dots = arena_alloc(c->arena, (size_t)ndots + 1);
            memset(dots, '.', (size_t)ndots);
            Box db = {0};
            db.kind = BOX_TEXT;
            db.x = start;
            db.y = base;
            db.text = dots;
            db.len = (uint32_t)ndots;
            db.char_space = step - dw;
            db.w = ndots * step - db.char_space;
            db.h = db.size = ts->size;
            db.font = FONT_REGULAR;
            db.color = t->muted;
            db.artifact = ART_LAYOUT; /* leaders */
            vitem_add_box(c, li, db, false);
        }
        /* Every line links to the heading; one element per entry. */
        /* Its text is what it shows: number, title and page number. */
        const char *title = inlines_plain_text(c, &h->inl);
        const char *head =
            h->number ? arena_printf(c->arena, "%s %s", h->number, title) : title;
        const char *text = arena_printf(c->arena, "%s %s", head, label);
        const char *ex = elem_text(c->arena, text);
        uint32_t hash = text_hash(text);
        uint32_t ph = pageless_hash(arena_printf(c->arena, "%s #", head));
        for (size_t k = first; k < out->n; k++) {
            VItem *it = &out->items[k];
            if (dest) {
                VLink *l = arena_alloc(c->arena, sizeof *l);
                *l = (VLink){x + num_x[level], 0, width - num_x[level], it->height,
                             {DLINK_DEST, dest}, link};
                it->links = l; /* the entry's own link replaces any in the title */
                it->n_links = 1;
            }
            vitem_add_elem(c, it, (VElem){EL_TOC_ENTRY, h->id ? h->id : dest, x + num_x[level],
                                          0, width - num_x[level], it->height, ex, hash,
                                          h->pos, ph, NULL});
        }
        prev_level = level;
    }
    c->pending_space = style_of(c, STYLE_BODY)->space_after;
    c->keep_next = false;
    c->node = parent;
}

/* ---------- page furniture ---------- */

static Box text_at(const LCtx *c, StyleRole role, const char *s, float x, float baseline)
{
    const TextStyle *ts = style_of(c, role);
    Box b = text_box(x, baseline, s, ts->font, ts->size, ts->color, c->fonts[ts->font]);
    b.artifact = role == STYLE_FOOTER ? ART_FOOTER : ART_HEADER;
    return b;
}

static bool page_has(const Page *pg, ElemKind kind)
{
    for (size_t i = 0; i < pg->n_elems; i++)
        if (pg->elems[i].kind == kind)
            return true;
    return false;
}

/* Start of the UTF-8 character that contains byte n of s. */
static size_t char_start(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Cuts s to fit width, after a whole word when one fits, with an ellipsis.
 * Widths grow with the length of a prefix, so the longest prefix that fits
 * is found by bisection, and the search for a word end stops at the first
 * space that no longer fits: a title of any length costs little. */
static const char *fit(const LCtx *c, const char *s, FontRole font, float size, float width)
{
    const Font *f = c->fonts[font];
    size_t n = strlen(s);
    if (font_text_width(f, s, n, size) <= width)
        return s;
    const char *ell = "\xe2\x80\xa6";
    float ew = font_text_width(f, ell, 3, size);
    size_t word = 0; /* longest prefix ending before a space that fits */
    for (size_t i = 1; i < n; i++) {
        if (s[i] != ' ')
            continue;
        if (font_text_width(f, s, i, size) + ew > width)
            break;
        word = i;
    }
    if (word == 0) { /* no whole word fits: whole characters */
        size_t lo = 0, hi = n ? char_start(s, n - 1) : 0; /* the longest that fits: in [lo, hi] */
        while (lo < hi) {
            size_t mid = char_start(s, lo + (hi - lo + 1) / 2);
            if (mid <= lo) /* no character boundary between lo and hi but lo */
                mid = hi;
            if (font_text_width(f, s, mid, size) + ew <= width)
                lo = mid;
            else
                hi = char_start(s, mid - 1);
        }
        word = lo;
    }
    while (word > 0 && (s[word - 1] == ' ' || s[word - 1] == ','))
        word--;
    return arena_printf(c->arena, "%.*s%s", (int)word, s, ell);
}

/* Whether page p opens a chapter: its running level-1 heading `ch` is the
 * first thing on it. Such a page has no running header. */
static bool opens_chapter(const LCtx *c, const PageSet *ps, size_t p, int ch)
{
    const PlacedHeading *h = &ps->headings[ch];
    return h->page == (int)p && h->h->level == 1 && h->y <= c->body_top + 0.01f;
}

void furnish_pages(LCtx *c, PageSet *ps)
{
    const Template *t = c->t;
    const float pw = t->page_width, ph = t->page_height;
    const float left = t->margin_inner, right = pw - t->margin_outer;
    const char *total = arena_printf(c->arena, "%zu", ps->n_pages);
    const TextStyle *hs = style_of(c, STYLE_HEADER);
    const char *chap = NULL; /* the running chapter title, cut to fit */
    int chap_of = -1;        /* for this heading */
    /* the classification, centred at the top and bottom of every page */
    const TextStyle *ms = style_of(c, STYLE_MARKING);
    const char *marking = c->doc->info.classification
                              ? fit(c, c->doc->info.classification, ms->font, ms->size,
                                    right - left)
                              : NULL;
    float mw = marking ? font_text_width(c->fonts[ms->font], marking, strlen(marking), ms->size)
                       : 0;
    for (size_t p = 0; p < ps->n_pages; p++) {
        Page *pg = &ps->pages[p];
        pg->label = arena_printf(c->arena, "%zu", p + 1);
        Box fb[FURNITURE_BOXES];
        size_t k = 0;
        if (c->doc->info.draft) {
            const char *s = t->labels[LBL_DRAFT];
            Box wm = text_box(0, 0, s, FONT_BOLD, t->watermark_size, t->watermark_color,
                              c->fonts[FONT_BOLD]);
            wm.artifact = ART_WATERMARK;
            wm.angle = t->watermark_angle;
            float cap = font_cap_height(c->fonts[FONT_BOLD]) * wm.size / 1000.0f;
            const float rad = wm.angle * (float)M_PI / 180;
            const float sn = sinf(rad), cs = cosf(rad);
            wm.x = pw / 2 + cap / 2 * sn - wm.w / 2 * cs;
            wm.y = ph / 2 + cap / 2 * cs + wm.w / 2 * sn;
            fb[k++] = wm;
        }
        if (marking) {
            Box top = text_at(c, STYLE_MARKING, marking, (pw - mw) / 2, t->marking_top);
            Box bottom = top;
            bottom.y = ph - t->marking_bottom;
            fb[k++] = top;
            fb[k++] = bottom;
        }
        bool plain = page_has(pg, EL_COVER) || page_has(pg, EL_IMPRINT);
        if (!plain) {
            const char *s = fill(c->arena, t->labels[LBL_PAGE_FOOTER], "page", pg->label);
            s = fill(c->arena, s, "pages", total);
            Box fbx = text_at(c, STYLE_FOOTER, s, 0, ph - t->footer_offset);
            fbx.x = right - fbx.w;
            fb[k++] = fbx;
        }
        int ch = ps->chapter ? ps->chapter[p] : -1;
        if (!plain && ch >= 0 && !opens_chapter(c, ps, p, ch)) {
            const VHeading *h = ps->headings[ch].h;
            float base = t->header_offset;
            /* The chapter takes up to half the line, the title the rest. */
            const float gap = t->header_gap;
            if (ch != chap_of) { /* once per chapter, not per page */
                const char *full = h->number ? arena_printf(c->arena, "%s\xc2\xa0\xc2\xa0%s",
                                                            h->number, h->title)
                                             : h->title;
                chap = fit(c, full, hs->font, hs->size, (right - left - gap) / 2);
                chap_of = ch;
            }
            Box cb = text_at(c, STYLE_HEADER, chap, 0, base);
            const char *doc = fit(c, c->doc->info.title ? c->doc->info.title : "", hs->font,
                                  hs->size, right - left - gap - cb.w);
            fb[k++] = text_at(c, STYLE_HEADER, doc, left, base);
            cb.x = right - cb.w;
            fb[k++] = cb;
            Box rule = {0};
            rule.kind = BOX_LINE;
            rule.artifact = ART_HEADER;
            rule.x = left;
            rule.y = base + hs->size * t->header_rule_below;
            rule.w = right - left;
            rule.color = t->rule;
            rule.line_width = t->header_rule_width;
            fb[k++] = rule;
        }
        /* Into the reserved slots before the page's boxes. */
        pg->boxes -= k;
        memcpy(pg->boxes, fb, k * sizeof *fb);
        pg->n_boxes += k;
    }
}
