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
 *
 * Memory: each top-level block is formatted in a scratch arena that is
 * reset after it (line breaking and table work are temporary); its items
 * are then copied compactly: their arrays into an arena that lives as long
 * as they are needed, their strings straight into the result's arena, so
 * that the pages can point at them. Every pass breaks pages dry (breaks,
 * destinations, headings); only the final vertical list is made into pages
 * in the result's arena. */
#include <stdlib.h>
#include <string.h>

#include "../base/i18n.h"
#include "../base/mem.h"
#include "../base/utf8.h"
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
    Dest *d = xmalloc(ps->n_dests * sizeof *d);
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
    Arena *a = c->pass_arena ? c->pass_arena : c->arena;
    c->pending_warn = arena_grow(a, c->pending_warn, &c->cap_pending_warn, c->n_pending_warn + 1,
                                 sizeof *c->pending_warn);
    c->pending_warn[c->n_pending_warn++] =
        (LayoutWarning){LW_MISSING_GLYPH, -1, pos,
                        arena_printf(a, "character U+%04X is not in the font", cp)};
    if (!c->report_diags || !c->diags)
        return;
    /* Once per character and position (the contents repeat headings). */
    for (size_t i = 0; i < c->n_seen; i++) {
        const GlyphSeen *g = &c->seen[i];
        if (g->cp == cp && g->pos.line == pos.line && g->pos.col == pos.col &&
            (g->pos.file == pos.file || (g->pos.file && pos.file && !strcmp(g->pos.file, pos.file))))
            return;
    }
    c->seen = arena_grow(a, c->seen, &c->cap_seen, c->n_seen + 1, sizeof *c->seen);
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
    TagCursor cursor;
} FmtState;

typedef struct BlockCache {
    size_t from, to;       /* its items in the first pass's list */
    bool varies;           /* prints page numbers: format it again */
    FmtState after;
} BlockCache;

/* The items of a pass, in a growing malloc'd array. */
typedef struct Items {
    VItem *v;
    size_t n, cap;
} Items;

static VItem *items_push(Items *it)
{
    it->v = mem_grow(it->v, &it->cap, it->n + 1, sizeof *it->v);
    return &it->v[it->n++];
}

typedef struct PassCache {
    Items items;           /* the first pass's list (varying blocks' items are stale) */
    BlockCache *blocks;    /* one per top-level block */
} PassCache;

static FmtState state_save(const LCtx *c)
{
    return (FmtState){c->pending_space, c->section, c->n_paras, c->n_items, c->n_quotes,
                      c->n_codes, c->n_rules, c->n_images, c->n_heads, c->prev_kind,
                      c->keep_next, c->cursor};
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
    c->cursor = s->cursor;
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

/* Copies of a block's items out of the scratch arena: arrays into `a`,
 * strings into `str` (shared where items share them). */
enum { CLONE_RECENT = 8 };
typedef struct Cloner {
    Arena *a, *str;
    const VItem *rep_src; /* the last table header copied (rows share it) */
    const VItem *rep_dst;
    /* Element ids, excerpts and link targets copied lately (the lines of a
     * paragraph or of a contents entry, the rows of a table share them): a
     * small ring of source → copy. A copy per line would make a long
     * heading's contents entry cost its length times its lines. */
    const char *str_src[CLONE_RECENT];
    const char *str_dst[CLONE_RECENT];
    unsigned next;
    /* Element texts (whole paragraphs) are shared by all lines of their
     * element and kept apart from the ring, so that many other strings on
     * a line (links) never evict one and copy it per line. */
    const char *text_src, *text_dst;
} Cloner;

static const char *clone_str(Cloner *k, const char *s)
{
    if (!s)
        return NULL;
    for (unsigned i = 0; i < CLONE_RECENT; i++)
        if (k->str_src[i] == s)
            return k->str_dst[i];
    unsigned i = k->next++ % CLONE_RECENT;
    k->str_src[i] = s;
    k->str_dst[i] = arena_strdup(k->str, s);
    return k->str_dst[i];
}

static const char *copy_str(Cloner *k, const char *s)
{
    return s ? arena_strdup(k->str, s) : NULL;
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
        Box *b = arena_dup(a, src->boxes, src->n_boxes * sizeof *b);
        for (size_t i = 0; i < src->n_boxes; i++)
            if (b[i].text)
                b[i].text = arena_strndup(k->str, b[i].text, b[i].len);
        dst->boxes = b;
    }
    if (src->n_links) {
        VLink *l = arena_dup(a, src->links, src->n_links * sizeof *l);
        for (size_t i = 0; i < src->n_links; i++)
            l[i].link.target = clone_str(k, l[i].link.target);
        dst->links = l;
    }
    if (src->n_elems) {
        VElem *e = arena_dup(a, src->elems, src->n_elems * sizeof *e);
        for (size_t i = 0; i < src->n_elems; i++) {
            e[i].id = clone_str(k, e[i].id);
            if (e[i].text && e[i].text != k->text_src) {
                k->text_src = e[i].text;
                k->text_dst = arena_strdup(k->str, e[i].text);
            }
            e[i].text = e[i].text ? k->text_dst : NULL;
        }
        dst->elems = e;
    }
    if (src->n_dests) {
        const char **d = arena_calloc(a, src->n_dests, sizeof *d);
        for (size_t i = 0; i < src->n_dests; i++)
            d[i] = copy_str(k, src->dests[i]);
        dst->dests = d;
    }
    if (src->heading) {
        VHeading *h = arena_alloc(a, sizeof *h);
        *h = *src->heading;
        h->number = copy_str(k, h->number);
        h->title = copy_str(k, h->title);
        h->dest = copy_str(k, h->dest);
        dst->heading = h;
    }
    if (src->n_warnings) {
        LayoutWarning *w = arena_dup(a, src->warnings, src->n_warnings * sizeof *w);
        for (size_t i = 0; i < src->n_warnings; i++)
            w[i].message = copy_str(k, w[i].message);
        dst->warnings = w;
    }
    if (src->n_notes) {
        VItem *n = arena_calloc(a, src->n_notes, sizeof *n);
        for (size_t i = 0; i < src->n_notes; i++)
            clone_item(k, &n[i], &src->notes[i]);
        dst->notes = n;
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

/* Where a pass puts things. */
typedef struct PassArenas {
    Arena *scratch;        /* one top-level block's formatting, reset after it */
    Arena *pass;           /* this pass's own items (of blocks that vary), its dry pages */
    Arena *kept;           /* the first pass's items that later passes reuse */
    Arena *result;         /* strings of items that may end up on the final pages */
} PassArenas;

typedef struct Pass {
    Items items;
    PageSet ps;            /* dry */
    size_t queries;
} Pass;

static LCtx lctx_for(const Doc *doc, const Font *const *fonts, const Hyphenator *hy,
                     const PageGeom *g, StructTab *tags, Arena *a)
{
    const Template *t = doc->tmpl;
    LCtx c = {0};
    c.doc = doc;
    c.t = t;
    c.arena = a;
    for (int i = 0; i < FONT_COUNT; i++)
        c.fonts[i] = fonts[i];
    c.hyph = hy;
    c.body_top = g->body_top;
    c.body_height = g->body_height;
    c.body_left = t->margin_inner;
    c.body_width = t->page_width - t->margin_inner - t->margin_outer;
    c.section = "";
    c.prev_kind = BLK_COVER;
    c.tags = tags;
    return c;
}

/* Formats the document into a vertical list and breaks it into pages dry.
 * The first pass fills `save`; later ones reuse it through `prev`. */
static Pass run_pass(const Doc *doc, const PassArenas *ar, const Font *const *fonts,
                     const Hyphenator *hy, StructTab *tags, const PassRefs *refs, const PageGeom *g,
                     Diags *diags, const PassCache *prev, PassCache *save)
{
    bool first = prev == NULL;
    LCtx c = lctx_for(doc, fonts, hy, g, tags, ar->scratch);
    c.env = (ParaEnv){pageref, missing_glyph, &c};
    c.diags = diags;
    c.report_diags = first;
    c.refs = refs;
    c.pass_arena = ar->pass;
    Items v = {0};
    if (prev && prev->items.n) { /* about as many items as last time */
        v.cap = prev->items.n + prev->items.n / 16;
        v.v = xmalloc(v.cap * sizeof *v.v);
    }
    if (save)
        save->blocks = arena_calloc(ar->kept, doc->n_blocks + 1, sizeof *save->blocks);
    for (size_t i = 0; i < doc->n_blocks; i++) {
        const Block *b = doc->blocks[i];
        size_t from = v.n;
        const BlockCache *bc = prev ? &prev->blocks[i] : NULL;
        bool varies = bc ? bc->varies : block_varies(b);
        if (bc && !varies) {
            for (size_t k = bc->from; k < bc->to; k++)
                *items_push(&v) = prev->items.v[k];
            state_restore(&c, &bc->after);
        } else {
            /* The first pass's items of blocks that do not vary are kept
             * for the later passes; all others live for this pass only,
             * and their strings only go to the result when they can end
             * up on the final pages (not in the first pass). */
            Cloner k = {varies ? ar->pass : ar->kept, first && varies ? ar->pass : ar->result,
                        NULL, NULL, {NULL}, {NULL}, 0, NULL, NULL};
            ArenaMark m = arena_mark(ar->scratch);
            VList tmp = {0};
            fmt_block(&c, &tmp, b, c.body_left, c.body_width);
            for (size_t j = 0; j < tmp.n; j++)
                clone_item(&k, items_push(&v), &tmp.items[j]);
            arena_release(ar->scratch, m);
        }
        if (save)
            save->blocks[i] = (BlockCache){from, v.n, varies, state_save(&c)};
    }
    if (v.n && v.n < v.cap) { /* give back what the doubling left over */
        VItem *fit = realloc(v.v, v.n * sizeof *v.v);
        if (fit) {
            v.v = fit;
            v.cap = v.n;
        }
    }
    if (save)
        save->items = v;
    PageGeom dry = *g;
    dry.dry = true;
    const VList list = {v.v, v.n, v.cap};
    Pass p = {v, paginate(&list, &dry, ar->pass), c.n_queries};
    return p;
}

/* Every text box gets the kerning its width was measured with (HarfBuzz's,
 * remembered in the Font), for render to write into the line's TJ array. */
static void kern_boxes(PageSet *ps, Font *const *fonts, Arena *a)
{
    for (size_t p = 0; p < ps->n_pages; p++) {
        Page *pg = &ps->pages[p];
        for (size_t i = 0; i < pg->n_boxes; i++) {
            Box *b = &pg->boxes[i];
            if (b->kind != BOX_TEXT || b->font >= FONT_COUNT || !fonts[b->font] || !b->text ||
                b->len == 0)
                continue;
            size_t n;
            const int16_t *k = font_kerning(fonts[b->font], b->text, b->len, &n);
            if (!k)
                continue;
            int16_t *copy = arena_alloc(a, n * sizeof *copy);
            memcpy(copy, k, n * sizeof *copy);
            b->kern = copy;
            b->n_kern = (uint32_t)n;
        }
    }
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
    lay->stats = p->ps.stats;
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

/* A character the font lacks would be drawn as .notdef, which PDF/A forbids:
 * text boxes leave it out (paragraphs did so already, with a warning at the
 * text's position; this catches what is set as one line: running headers,
 * numbers, markers, labels). */
static void drop_missing_glyphs(Layout *lay, const Font *const *fonts, Arena *arena)
{
    for (size_t p = 0; p < lay->n_pages; p++) {
        Page *pg = &lay->pages[p];
        for (size_t k = 0; k < pg->n_boxes; k++) {
            Box *b = &pg->boxes[k];
            const Font *f = b->font < FONT_COUNT ? fonts[b->font] : NULL;
            if (b->kind != BOX_TEXT || !b->text || !f)
                continue;
            const unsigned char *s = (const unsigned char *)b->text;
            size_t len = strnlen(b->text, b->len), i = 0;
            uint32_t cp;
            while (i < len) {
                size_t n = utf8_next(s + i, len - i, &cp);
                if (!font_has_glyph(f, cp))
                    break;
                i += n;
            }
            if (i == len)
                continue;
            char *kept = arena_alloc(arena, len + 1);
            size_t o = 0;
            for (i = 0; i < len;) {
                size_t n = utf8_next(s + i, len - i, &cp);
                if (font_has_glyph(f, cp)) {
                    memcpy(kept + o, s + i, n);
                    o += n;
                }
                i += n;
            }
            kept[o] = '\0';
            b->text = kept;
            b->len = (uint32_t)o;
        }
    }
}

/* The template's fonts and the hyphenation patterns, or false after reporting
 * what is missing (then nothing is left allocated). */
static bool load_resources(const Template *t, Lang lang, Font *fonts[FONT_COUNT],
                           Hyphenator **hy, Diags *diags)
{
    bool ok = true;
    for (int i = 0; i < FONT_COUNT; i++) {
        char err[256] = "";
        fonts[i] = t->font_files[i] ? font_load(t->font_files[i], err, sizeof err) : NULL;
        if (!fonts[i]) {
            SrcPos pos = {t->font_files[i] ? t->font_files[i] : t->name, 0, 0};
            /* font.c's messages are msgids (xgettext keyword fail:2) */
            diag_error(diags, pos, "cannot load font: %s", *err ? _(err) : _("no file given"));
            ok = false;
        }
    }
    *hy = ok && t->hyphenate ? hyph_load_from(t->hyph_root, lang) : NULL;
    if (ok && t->hyphenate && !*hy) {
        /* never silently without: the layout would differ between machines */
        const char *root = t->hyph_root ? t->hyph_root : "/usr/share/texlive/texmf-dist/tex/generic";
        if (lang == LANG_DE)
            diag_error(diags, (SrcPos){0},
                       "no German hyphenation patterns found (looked in %s); install the Debian "
                       "package %s",
                       root, hyph_package(lang));
        else
            diag_error(diags, (SrcPos){0},
                       "no English hyphenation patterns found (looked in %s); install the Debian "
                       "package %s",
                       root, hyph_package(lang));
        ok = false;
    }
    if (!ok)
        for (int i = 0; i < FONT_COUNT; i++) {
            font_free(fonts[i]);
            fonts[i] = NULL;
        }
    return ok;
}

bool layout_check_resources(const Template *t, Lang lang, Diags *diags)
{
    Font *fonts[FONT_COUNT] = {0};
    Hyphenator *hy = NULL;
    if (!load_resources(t, lang, fonts, &hy, diags))
        return false;
    for (int i = 0; i < FONT_COUNT; i++)
        font_free(fonts[i]);
    hyph_free(hy);
    return true;
}

const Layout *layout_document(const Doc *doc, Arena *arena, Diags *diags)
{
    const Template *t = doc->tmpl;
    Font *fonts[FONT_COUNT] = {0};
    Hyphenator *hy = NULL;
    if (!load_resources(t, doc->info.lang, fonts, &hy, diags))
        return NULL;
    const char *hyph_file = hy ? arena_strdup(arena, hyph_path(hy)) : NULL;
    PageGeom g = {.page_width = t->page_width, .page_height = t->page_height,
                  .body_top = t->margin_top,
                  .body_height = t->page_height - t->margin_top - t->margin_bottom,
                  .reserve = FURNITURE_BOXES};
    /* footnotes: a rule of a quarter of the column in a gap of one body line */
    g.note_gap = t->styles[STYLE_BODY].leading;
    g.note_rule_x = t->margin_inner;
    g.note_rule_w = (t->page_width - t->margin_inner - t->margin_outer) / 4;
    g.note_rule_width = t->rule_width;
    g.note_rule_color = t->rule;

    Layout *lay = arena_alloc(arena, sizeof *lay);
    const PassRefs *refs = NULL;
    Arena *refs_arena = NULL; /* holds refs */
    PassArenas ar = {arena_new(), NULL, arena_new(), arena};
    PassCache cache = {0};
    StructTab *tags = tags_new(arena);
    bool done = false;
    for (int pass = 1; !done; pass++) {
        ar.pass = arena_new();
        Pass p = run_pass(doc, &ar, (const Font *const *)fonts, hy, tags, refs, &g, diags,
                          pass == 1 ? NULL : &cache, pass == 1 ? &cache : NULL);
        Arena *next_arena = arena_new();
        const PassRefs *next = refs_from(&p.ps, next_arena);
        /* Stable: nothing asked for a page, or every page it could have
         * asked for stayed where the previous pass put it. */
        bool stable = pass > 1 && (p.queries == 0 || refs_equal(refs, next));
        arena_free(refs_arena);
        refs_arena = next_arena;
        refs = next;
        done = pass > 1 && (stable || pass == MAX_PASSES);
        if (done) {
            /* The final pages, in the result's arena. What only formatting
             * needed goes first, to make room: the hyphenation patterns,
             * the scratch arena, the first pass's list. */
            hyph_free(hy);
            hy = NULL;
            arena_free(ar.scratch);
            ar.scratch = NULL;
            free(cache.items.v);
            cache.items.v = NULL;
            const VList list = {p.items.v, p.items.n, p.items.cap};
            Pass fin = {p.items, paginate(&list, &g, arena), p.queries};
            LCtx c = lctx_for(doc, (const Font *const *)fonts, NULL, &g, tags, arena);
            furnish_pages(&c, &fin.ps);
            kern_boxes(&fin.ps, fonts, arena);
            fill_layout(lay, doc, &fin, arena);
            lay->hyph_file = hyph_file;
            drop_missing_glyphs(lay, (const Font *const *)fonts, arena);
            lay->nodes = tags_result(tags, &lay->n_nodes);
            lay->passes = pass;
        }
        if (pass > 1)
            free(p.items.v); /* the first pass's list is the cache */
        arena_free(ar.pass);
    }
    free(cache.items.v);
    tags_free(tags);
    arena_free(refs_arena);
    arena_free(ar.kept);
    arena_free(ar.scratch);
    for (int i = 0; i < FONT_COUNT; i++)
        font_free(fonts[i]);
    hyph_free(hy);
    return lay;
}
