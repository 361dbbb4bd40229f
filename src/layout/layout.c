/* layout.c — the layout driver: fonts, hyphenation, passes until page
 * numbers settle, and the Layout handed to the render stage.
 *
 * A pass formats every block into one vertical list, breaks it into pages
 * and places the furniture. Page numbers appear in the contents, in page
 * references and in the footer; the first pass prints a placeholder, each
 * later pass the pages of the one before. When no page of a destination
 * and not the page count moved, the pass is final (at most MAX_PASSES).
 * The first pass runs in a scratch arena that is freed afterwards, so that
 * only a third or later pass costs memory in the result's arena. */
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
        r->names[r->n] = d[i].name;
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
    if (c->report_diags && c->diags)
        diag_warning(c->diags, pos, "character U+%04X is not in the font", cp);
}

typedef struct Pass {
    PageSet ps;
    size_t queries;
} Pass;

static Pass run_pass(const Doc *doc, Arena *a, const Font *const *fonts, const Hyphenator *hy,
                     const PassRefs *refs, const PageGeom *g, Diags *diags, bool first)
{
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
    for (size_t i = 0; i < doc->n_blocks; i++)
        fmt_block(&c, &v, doc->blocks[i], c.body_left, c.body_width);
    Pass p = {paginate(&v, g, a), c.n_queries};
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
                                 : ph->h->title;
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
    Arena *scratch = arena_new();
    for (int pass = 1; pass <= MAX_PASSES; pass++) {
        Arena *a = pass == 1 ? scratch : arena;
        Pass p = run_pass(doc, a, (const Font *const *)fonts, hy, refs, &g, diags, pass == 1);
        const PassRefs *next = refs_from(&p.ps, arena);
        /* Stable: nothing asked for a page, or every page it could have
         * asked for stayed where the previous pass put it. */
        bool stable = pass > 1 && (p.queries == 0 || refs_equal(refs, next));
        refs = next;
        if (pass == 1) {
            arena_free(scratch);
            scratch = NULL;
            continue; /* the result lives in the scratch arena: run again */
        }
        if (stable || pass == MAX_PASSES) {
            fill_layout(lay, doc, &p, arena);
            lay->passes = pass;
            break;
        }
    }
    arena_free(scratch);
    for (int i = 0; i < FONT_COUNT; i++)
        font_free(fonts[i]);
    hyph_free(hy);
    return lay;
}
