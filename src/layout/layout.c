/* layout.c — the layout driver: fonts, hyphenation, passes until page
 * numbers settle, and the Layout handed to the render stage.
 *
 * A pass formats every block into one vertical list, breaks it into pages
 * and places the furniture. Page numbers appear in the contents, in page
 * references and in the footer; the first pass prints a placeholder, each
 * later pass the pages of the one before. When no page of a destination
 * and not the page count moved, the pass is final (at most MAX_PASSES).
 * Later passes format again only the blocks that print page numbers and
 * copy the items of all others from the first pass (see PassCache).
 * Each pass formats in a scratch arena freed after it; only the pages of
 * the second and later passes are placed into the result's arena, so that
 * only a third or later pass leaves unused memory there. */
#include <stdlib.h>
#include <string.h>

#include "vlist.h"

#define MAX_PASSES 6
#define PLACEHOLDER "000"

/* Destination pages of a pass, sorted by name. */
typedef struct PassRefs {
    const char **names;
    int *pages;
    size_t n;
    size_t n_pages;
} PassRefs;

static int cmp_dest_name(const void *x, const void *y)
{
    const Dest *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return (a->page > b->page) - (a->page < b->page);
}

/* Copies the pass's destinations into the result arena (the first one of
 * a name wins, as in the page builder). */
static PassRefs *refs_from(const PageSet *ps, Arena *a)
{
    PassRefs *r = arena_alloc(a, sizeof *r);
    Dest *d = malloc((ps->n_dests ? ps->n_dests : 1) * sizeof *d);
    if (!d)
        abort();
    if (ps->n_dests)
        memcpy(d, ps->dests, ps->n_dests * sizeof *d);
    qsort(d, ps->n_dests, sizeof *d, cmp_dest_name);
    r->names = arena_calloc(a, ps->n_dests + 1, sizeof *r->names);
    r->pages = arena_calloc(a, ps->n_dests + 1, sizeof *r->pages);
    for (size_t i = 0; i < ps->n_dests; i++) {
        if (r->n && strcmp(r->names[r->n - 1], d[i].name) == 0)
            continue;
        r->names[r->n] = arena_strdup(a, d[i].name);
        r->pages[r->n] = d[i].page;
        r->n++;
    }
    free(d);
    r->n_pages = ps->n_pages;
    return r;
}

static bool refs_equal(const PassRefs *a, const PassRefs *b)
{
    if (!a || !b || a->n != b->n || a->n_pages != b->n_pages)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (a->pages[i] != b->pages[i] || strcmp(a->names[i], b->names[i]) != 0)
            return false;
    return true;
}

static int cmp_name(const void *key, const void *el)
{
    return strcmp((const char *)key, *(const char *const *)el);
}

static const char *pageref(void *ctx, const char *dest)
{
    LCtx *c = ctx;
    c->n_queries++;
    if (!c->refs || !dest)
        return PLACEHOLDER;
    const char **hit = bsearch(dest, c->refs->names, c->refs->n, sizeof *c->refs->names,
                               cmp_name);
    if (!hit)
        return PLACEHOLDER;
    return arena_printf(c->arena, "%d", c->refs->pages[hit - c->refs->names] + 1);
}

typedef struct GlyphSeen {
    SrcPos pos;
    uint32_t cp;
} GlyphSeen;

static void missing_glyph(void *ctx, SrcPos pos, uint32_t cp)
{
    LCtx *c = ctx;
    if (c->n_pending_warn == c->cap_pending_warn) {
        size_t cap = c->cap_pending_warn ? c->cap_pending_warn * 2 : 8;
        LayoutWarning *w = arena_calloc(c->arena, cap, sizeof *w);
        if (c->n_pending_warn)
            memcpy(w, c->pending_warn, c->n_pending_warn * sizeof *w);
        c->pending_warn = w;
        c->cap_pending_warn = cap;
    }
    c->pending_warn[c->n_pending_warn++] =
        (LayoutWarning){LW_MISSING_GLYPH, -1, pos,
                        arena_printf(c->arena, "character U+%04X is not in the font", cp)};
    if (!c->report_diags || !c->diags)
        return;
    /* Once per character and position (the contents repeat headings). */
    for (size_t i = 0; i < c->n_seen; i++) {
        const GlyphSeen *g = &c->seen[i];
        if (g->cp == cp && g->pos.line == pos.line && g->pos.col == pos.col &&
            (g->pos.file == pos.file || (g->pos.file && pos.file && !strcmp(g->pos.file, pos.file))))
            return;
    }
    if (c->n_seen == c->cap_seen) {
        size_t cap = c->cap_seen ? c->cap_seen * 2 : 8;
        GlyphSeen *v = arena_calloc(c->arena, cap, sizeof *v);
        if (c->n_seen)
            memcpy(v, c->seen, c->n_seen * sizeof *v);
        c->seen = v;
        c->cap_seen = cap;
    }
    c->seen[c->n_seen++] = (GlyphSeen){pos, cp};
    diag_warning(c->diags, pos, "character U+%04X is not in the font", cp);
}

/* ---------- reuse of the first pass ----------
 *
 * Only the contents and blocks that print page numbers can come out
 * differently in a later pass; every other top-level block gives the same
 * items, and leaves the formatters in the same state, as in the first pass.
 * So later passes copy those items from the first pass (whose arena lives
 * until the end) and format only the blocks whose text depends on pages. */

/* The formatter state a block leaves behind (the fields it may change). */
typedef struct FmtState {
    float pending_space;
    const char *section;
    int n_paras, n_items, n_quotes, n_codes, n_rules, n_images, n_heads;
    BlockKind prev_kind;
    bool keep_next;
    int table_count, figure_count;
} FmtState;

typedef struct BlockCache {
    size_t from, to;       /* its items in the first pass's list */
    bool varies;           /* prints page numbers: format it again */
    FmtState after;
} BlockCache;

typedef struct PassCache {
    VList items;
    BlockCache *blocks;    /* one per top-level block */
} PassCache;

static FmtState state_save(const LCtx *c)
{
    return (FmtState){c->pending_space, c->section, c->n_paras, c->n_items, c->n_quotes,
                      c->n_codes, c->n_rules, c->n_images, c->n_heads, c->prev_kind,
                      c->keep_next, c->table_count, c->figure_count};
}

static void state_restore(LCtx *c, const FmtState *s)
{
    c->pending_space = s->pending_space;
    c->section = s->section;
    c->n_paras = s->n_paras;
    c->n_items = s->n_items;
    c->n_quotes = s->n_quotes;
    c->n_codes = s->n_codes;
    c->n_rules = s->n_rules;
    c->n_images = s->n_images;
    c->n_heads = s->n_heads;
    c->prev_kind = s->prev_kind;
    c->keep_next = s->keep_next;
    c->table_count = s->table_count;
    c->figure_count = s->figure_count;
}

static bool inlines_vary(const Inlines *inl)
{
    for (size_t i = 0; i < inl->n; i++)
        if (inl->runs[i].kind == RUN_PAGEREF)
            return true;
    return false;
}

/* Whether a block's text depends on page numbers. */
static bool block_varies(const Block *b)
{
    if (b->kind == BLK_TOC || inlines_vary(&b->inl) || inlines_vary(&b->caption))
        return true;
    for (size_t i = 0; i < b->n_children; i++)
        if (block_varies(b->children[i]))
            return true;
    const Table *t = b->table;
    if (t) {
        if (inlines_vary(&t->caption) || inlines_vary(&t->source))
            return true;
        for (size_t r = 0; r <= t->n_rows; r++) {
            const TableRow *row = r < t->n_rows ? &t->rows[r] : t->header;
            for (size_t k = 0; row && k < t->n_cols; k++)
                for (size_t j = 0; j < row->cells[k].n_blocks; j++)
                    if (block_varies(row->cells[k].blocks[j]))
                        return true;
        }
    }
    if (b->chart && inlines_vary(&b->chart->caption))
        return true;
    return false;
}

/* Deep copies of the first pass's items into a small arena of their own,
 * so that its big scratch arena (line-breaking and table work) can go. */
typedef struct Cloner {
    Arena *a;
    const VItem *rep_src; /* the last table header copied (rows share it) */
    const VItem *rep_dst;
    const char *str_src[2]; /* the last id and excerpt copied (lines share them) */
    const char *str_dst[2];
} Cloner;

static const char *clone_str(Cloner *k, int slot, const char *s)
{
    if (!s)
        return NULL;
    if (s != k->str_src[slot]) {
        k->str_src[slot] = s;
        k->str_dst[slot] = arena_strdup(k->a, s);
    }
    return k->str_dst[slot];
}

static void clone_item(Cloner *k, VItem *dst, const VItem *src)
{
    Arena *a = k->a;
    *dst = *src;
    dst->boxes = NULL;
    dst->links = NULL;
    dst->elems = NULL;
    dst->dests = NULL;
    dst->warnings = NULL;
    if (src->n_boxes) {
        Box *b = arena_calloc(a, src->n_boxes, sizeof *b);
        memcpy(b, src->boxes, src->n_boxes * sizeof *b);
        for (size_t i = 0; i < src->n_boxes; i++)
            if (b[i].text)
                b[i].text = arena_strndup(a, b[i].text, b[i].len);
        dst->boxes = b;
    }
    if (src->n_links) {
        VLink *l = arena_calloc(a, src->n_links, sizeof *l);
        memcpy(l, src->links, src->n_links * sizeof *l);
        for (size_t i = 0; i < src->n_links; i++)
            l[i].link.target = l[i].link.target ? arena_strdup(a, l[i].link.target) : NULL;
        dst->links = l;
    }
    if (src->n_elems) {
        VElem *e = arena_calloc(a, src->n_elems, sizeof *e);
        memcpy(e, src->elems, src->n_elems * sizeof *e);
        for (size_t i = 0; i < src->n_elems; i++) {
            e[i].id = clone_str(k, 0, e[i].id);
            e[i].excerpt = clone_str(k, 1, e[i].excerpt);
        }
        dst->elems = e;
    }
    if (src->n_dests) {
        const char **d = arena_calloc(a, src->n_dests, sizeof *d);
        for (size_t i = 0; i < src->n_dests; i++)
            d[i] = arena_strdup(a, src->dests[i]);
        dst->dests = d;
    }
    if (src->heading) {
        VHeading *h = arena_alloc(a, sizeof *h);
        *h = *src->heading;
        h->number = h->number ? arena_strdup(a, h->number) : NULL;
        h->title = h->title ? arena_strdup(a, h->title) : NULL;
        h->dest = h->dest ? arena_strdup(a, h->dest) : NULL;
        dst->heading = h;
    }
    if (src->n_warnings) {
        LayoutWarning *w = arena_calloc(a, src->n_warnings, sizeof *w);
        memcpy(w, src->warnings, src->n_warnings * sizeof *w);
        for (size_t i = 0; i < src->n_warnings; i++)
            w[i].message = arena_strdup(a, w[i].message);
        dst->warnings = w;
    }
    if (src->repeat && src->n_repeat) {
        if (src->repeat != k->rep_src) {
            VItem *r = arena_calloc(a, src->n_repeat, sizeof *r);
            for (size_t i = 0; i < src->n_repeat; i++)
                clone_item(k, &r[i], &src->repeat[i]);
            k->rep_src = src->repeat;
            k->rep_dst = r;
        }
        dst->repeat = k->rep_dst;
    } else {
        dst->repeat = NULL;
        dst->n_repeat = 0;
    }
}

/* Keeps what later passes reuse (the blocks that do not vary) in `a`. */
static PassCache cache_compact(const PassCache *c, size_t n_blocks, Arena *a)
{
    PassCache out = {0};
    out.blocks = arena_calloc(a, n_blocks + 1, sizeof *out.blocks);
    size_t n = 0;
    for (size_t i = 0; i < n_blocks; i++)
        if (!c->blocks[i].varies)
            n += c->blocks[i].to - c->blocks[i].from;
    out.items.items = arena_calloc(a, n + 1, sizeof *out.items.items);
    out.items.cap = n + 1;
    Cloner k = {a, NULL, NULL, {NULL, NULL}, {NULL, NULL}};
    for (size_t i = 0; i < n_blocks; i++) {
        BlockCache bc = c->blocks[i];
        size_t from = out.items.n;
        if (!bc.varies)
            for (size_t j = bc.from; j < bc.to; j++)
                clone_item(&k, &out.items.items[out.items.n++], &c->items.items[j]);
        bc.from = from;
        bc.to = out.items.n;
        out.blocks[i] = bc;
    }
    return out;
}

typedef struct Pass {
    PageSet ps;
    size_t queries;
} Pass;

/* Formats into `a` (scratch) and places the pages into `out`. The first
 * pass fills `save`; later ones reuse it through `prev`. */
static Pass run_pass(const Doc *doc, Arena *a, Arena *out, const Font *const *fonts,
                     const Hyphenator *hy, const PassRefs *refs, const PageGeom *g, Diags *diags,
                     const PassCache *prev, PassCache *save)
{
    bool first = prev == NULL;
    const Template *t = doc->tmpl;
    LCtx c = {0};
    c.doc = doc;
    c.t = t;
    c.arena = a;
    for (int i = 0; i < FONT_COUNT; i++)
        c.fonts[i] = fonts[i];
    c.hyph = hy;
    c.env = (ParaEnv){pageref, missing_glyph, &c};
    c.body_top = g->body_top;
    c.body_height = g->body_height;
    c.body_left = t->margin_inner;
    c.body_width = t->page_width - t->margin_inner - t->margin_outer;
    c.diags = diags;
    c.report_diags = first;
    c.section = "";
    c.refs = refs;
    c.prev_kind = BLK_COVER;
    VList v = {0};
    if (save)
        save->blocks = arena_calloc(a, doc->n_blocks + 1, sizeof *save->blocks);
    for (size_t i = 0; i < doc->n_blocks; i++) {
        const Block *b = doc->blocks[i];
        size_t from = v.n;
        const BlockCache *bc = prev ? &prev->blocks[i] : NULL;
        if (bc && !bc->varies) {
            for (size_t k = bc->from; k < bc->to; k++)
                *vlist_push(&v, a) = prev->items.items[k];
            state_restore(&c, &bc->after);
        } else {
            fmt_block(&c, &v, b, c.body_left, c.body_width);
        }
        if (save)
            save->blocks[i] = (BlockCache){from, v.n, block_varies(b), state_save(&c)};
    }
    if (save)
        save->items = v;
    Pass p = {paginate(&v, g, out), c.n_queries};
    c.arena = out;
    furnish_pages(&c, &p.ps);
    return p;
}

static void fill_layout(Layout *lay, const Doc *doc, const Pass *p, Arena *a)
{
    lay->info = doc->info;
    for (int i = 0; i < FONT_COUNT; i++)
        lay->font_files[i] = doc->tmpl->font_files[i];
    lay->pages = p->ps.pages;
    lay->n_pages = p->ps.n_pages;
    lay->dests = p->ps.dests;
    lay->n_dests = p->ps.n_dests;
    lay->warnings = p->ps.warnings;
    lay->n_warnings = p->ps.n_warnings;
    size_t n = 0;
    for (size_t i = 0; i < p->ps.n_headings; i++)
        n += p->ps.headings[i].h->in_outline;
    lay->outline = arena_calloc(a, n ? n : 1, sizeof *lay->outline);
    for (size_t i = 0; i < p->ps.n_headings; i++) {
        const PlacedHeading *ph = &p->ps.headings[i];
        if (!ph->h->in_outline)
            continue;
        OutlineItem *o = &lay->outline[lay->n_outline++];
        o->level = ph->h->level;
        o->title = ph->h->number ? arena_printf(a, "%s %s", ph->h->number, ph->h->title)
                                 : arena_strdup(a, ph->h->title);
        o->page = ph->page;
        o->y = ph->y;
    }
}

const Layout *layout_document(const Doc *doc, Arena *arena, Diags *diags)
{
    const Template *t = doc->tmpl;
    Font *fonts[FONT_COUNT] = {0};
    bool ok = true;
    for (int i = 0; i < FONT_COUNT; i++) {
        char err[256] = "";
        fonts[i] = t->font_files[i] ? font_load(t->font_files[i], err, sizeof err) : NULL;
        if (!fonts[i]) {
            SrcPos pos = {t->font_files[i] ? t->font_files[i] : t->name, 0, 0};
            diag_error(diags, pos, "cannot load font: %s", *err ? err : "no file given");
            ok = false;
        }
    }
    if (!ok) {
        for (int i = 0; i < FONT_COUNT; i++)
            font_free(fonts[i]);
        return NULL;
    }
    Hyphenator *hy = t->hyphenate ? hyph_load(doc->info.lang) : NULL;
    PageGeom g = {t->page_width, t->page_height, t->margin_top,
                  t->page_height - t->margin_top - t->margin_bottom, FURNITURE_BOXES};

    Layout *lay = arena_alloc(arena, sizeof *lay);
    const PassRefs *refs = NULL;
    Arena *kept = arena_new(); /* the first pass's reusable items */
    PassCache cache = {0};
    for (int pass = 1; pass <= MAX_PASSES; pass++) {
        /* The vertical list and everything formatting needs lives in a
         * scratch arena, freed after the pass; the pages of the first pass
         * too (its page numbers are placeholders), those of later passes
         * in the result's arena. */
        Arena *scratch = arena_new();
        Arena *out = pass == 1 ? scratch : arena;
        PassCache first = {0};
        Pass p = run_pass(doc, scratch, out, (const Font *const *)fonts, hy, refs, &g, diags,
                          pass == 1 ? NULL : &cache, pass == 1 ? &first : NULL);
        if (pass == 1)
            cache = cache_compact(&first, doc->n_blocks, kept);
        const PassRefs *next = refs_from(&p.ps, arena);
        /* Stable: nothing asked for a page, or every page it could have
         * asked for stayed where the previous pass put it. */
        bool stable = pass > 1 && (p.queries == 0 || refs_equal(refs, next));
        refs = next;
        if (pass > 1 && (stable || pass == MAX_PASSES)) {
            fill_layout(lay, doc, &p, arena);
            lay->passes = pass;
            arena_free(scratch);
            break;
        }
        arena_free(scratch);
    }
    arena_free(kept);
    for (int i = 0; i < FONT_COUNT; i++)
        font_free(fonts[i]);
    hyph_free(hy);
    return lay;
}
