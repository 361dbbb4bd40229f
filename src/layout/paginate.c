/* paginate.c — the page builder: the vertical list into pages.
 *
 * As TeX's: items are added to the page until the next one would overflow
 * it; the page then breaks at the best legal break seen on it (penalty below
 * PEN_FORBID; cost = penalty + a charge for the empty space left, later
 * breaks win ties). A PEN_FORCE item starts a new page unless the page is
 * still empty. When no legal break exists the page breaks at the overflow
 * point and the item after the break carries a warning. Glue before the
 * first visible item of a page is dropped (also after a forced break's
 * empty item); a page that starts inside a table gets
 * the table's header items (VItem.repeat) first.
 *
 * Footnotes (VItem.notes) go to the foot of the page their item is on, below
 * a short rule; an item whose notes do not fit moves to the next page, unless
 * its notes can be split as TeX does: the item and at least two lines of them
 * stay, the rest continues at the foot of the next page(s), before that
 * page's own notes.
 *
 * Strings are not copied: the pages point at the items' strings, which must
 * outlive them. A dry run (PageGeom.dry) only finds the breaks, the
 * destinations, the headings and the running chapters, for the passes whose
 * pages are not kept. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "vlist.h"

typedef struct PendingLink {
    size_t page, link;
    const char *dest;
} PendingLink;

typedef struct Builder {
    const PageGeom *g;
    Arena *a;
    PageSet ps;
    size_t cap_pages, cap_dests, cap_headings, cap_warnings, cap_chapter;
    PendingLink *pend;
    size_t n_pend, cap_pend;
    int run;               /* hyphenated lines in a row so far */
    double foot_sum;       /* white space at the foot of the pages counted */
    Element *elems;        /* the current page's elements before they are copied */
    size_t cap_elems;
    int chapter;           /* running level-1 heading */
    const VItem *carry;    /* footnote lines continued from the page before */
    size_t n_carry;
} Builder;

#define ALL_NOTES ((size_t)-1)

/* Height of footnote lines stacked. */
static float notes_height(const VItem *v, size_t n)
{
    float h = 0;
    for (size_t i = 0; i < n; i++)
        h += v[i].space_before + v[i].height;
    return h;
}

/* How many of the footnote lines v[0..n) fit into room. */
static size_t notes_fitting(const VItem *v, size_t n, float room)
{
    float h = 0;
    size_t k = 0;
    while (k < n && h + v[k].space_before + v[k].height <= room + 0.01f) {
        h += v[k].space_before + v[k].height;
        k++;
    }
    return k;
}

static bool has_row(const VItem *it)
{
    for (size_t i = 0; i < it->n_elems; i++)
        if (it->elems[i].kind == EL_TABLE_ROW)
            return true;
    return false;
}

static SrcPos item_pos(const VItem *it)
{
    for (size_t i = 0; i < it->n_elems; i++)
        if (it->elems[i].pos.file)
            return it->elems[i].pos;
    return (SrcPos){0};
}

static void add_warning(Builder *b, int page, LayoutWarnKind kind, SrcPos pos, const char *msg)
{
    b->ps.warnings = arena_grow(b->a, b->ps.warnings, &b->cap_warnings, b->ps.n_warnings + 1,
                                sizeof *b->ps.warnings);
    b->ps.warnings[b->ps.n_warnings++] = (LayoutWarning){kind, page, pos, msg};
}

/* Height of the table header items placed above a continued table. */
static float repeat_height(const VItem *it)
{
    float h = 0;
    for (size_t r = 0; r < it->n_repeat; r++)
        h += (r ? it->repeat[r].space_before : 0) + it->repeat[r].height;
    return h;
}

/* Whether an item puts nothing visible on a page (a page break, a bare
 * destination): glue after it at the top of a page is dropped as well. */
static bool invisible(const VItem *it)
{
    return it->height == 0 && it->n_boxes == 0;
}

/* Chooses where the page that starts at `start` ends (exclusive). Sets
 * *forced_split when no legal break was found before the overflow. */
static size_t find_break(const VList *v, size_t start, float avail, float rep_h, float note_h0,
                         float gap, bool *forced_split, size_t *split)
{
    float h = rep_h;
    float fn = note_h0; /* footnotes so far, with the gap above them */
    *split = ALL_NOTES;
    long best = -1;
    double best_cost = 1e300;
    bool content = false; /* a forced break on a page with nothing on it is ignored */
    bool top = true;      /* nothing visible above item i: its glue is dropped */
    *forced_split = false;
    for (size_t i = start; i < v->n; i++) {
        const VItem *it = &v->items[i];
        if (i > start) {
            if (it->penalty <= PEN_FORCE) {
                if (content)
                    return i;
            } else if (it->penalty < PEN_FORBID) {
                double r = (avail - h - fn) / avail;
                if (r < 0)
                    r = 0;
                double cost = it->penalty + 10000.0 * r * r * r;
                if (cost <= best_cost) {
                    best_cost = cost;
                    best = (long)i;
                }
            }
        }
        float add = (top ? 0 : it->space_before) + it->height;
        float nh = notes_height(it->notes, it->n_notes);
        float need = nh > 0 ? nh + (fn > 0 ? 0 : gap) : 0;
        if (h + add + fn + need > avail + 0.01f) {
            if (nh > 0 && h + add + fn + gap <= avail + 0.01f) {
                /* the item fits, its notes do not: split them (two lines at least,
                 * any when the item is alone on the page) */
                size_t fit = notes_fitting(it->notes, it->n_notes, avail - h - add - fn -
                                                                       (fn > 0 ? 0 : gap));
                size_t least = it->n_notes < 2 ? it->n_notes : 2;
                if (fit >= least || i == start) {
                    *split = fit;
                    return i + 1;
                }
            }
            if (i == start) {
                *split = 0; /* taller than a page: alone on it, its notes after it */
                return i + 1;
            }
            if (best >= 0)
                return (size_t)best;
            *forced_split = true;
            return i;
        }
        h += add;
        fn += need;
        content = content || it->height > 0 || it->n_boxes > 0;
        top = top && rep_h == 0 && invisible(it);
    }
    return v->n;
}

static Element *find_elem(Element *els, size_t n, ElemKind kind, const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = n; i-- > 0;)
        if (els[i].kind == kind && els[i].id && strcmp(els[i].id, id) == 0)
            return &els[i];
    return NULL;
}

/* ---- content hashes: what is drawn for an element ---- */

#define FNV64_BASIS 14695981039346656037ull

static uint64_t fnv64(uint64_t h, const void *p, size_t n)
{
    const unsigned char *u = p;
    for (size_t i = 0; i < n; i++) {
        h ^= u[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* A length in hundredths of a point, so that float noise does not count. */
static uint64_t fnv_len(uint64_t h, float v)
{
    long long q = llroundf(v * 100.0f);
    return fnv64(h, &q, sizeof q);
}

static uint64_t fnv_color(uint64_t h, Color c)
{
    return fnv_len(fnv_len(fnv_len(h, c.r), c.g), c.b);
}

static bool box_in_piece(const Box *bx, const VElem *e)
{
    float x0 = bx->x, x1 = bx->x + (bx->w > 0 ? bx->w : 0);
    return x1 >= e->x - 0.01f && x0 <= e->x + e->w + 0.01f && bx->y >= e->y - 0.01f &&
           bx->y <= e->y + e->h + 0.01f;
}

/* Everything drawn inside piece e of an item, positions relative to the piece:
 * text with font, size and colour, rules and fills, picture bytes. */
static uint64_t piece_hash(uint64_t h, const VItem *it, const VElem *e)
{
    for (size_t k = 0; k < it->n_boxes; k++) {
        const Box *bx = &it->boxes[k];
        if (!box_in_piece(bx, e))
            continue;
        unsigned char kind = (unsigned char)bx->kind;
        h = fnv64(h, &kind, 1);
        h = fnv_len(fnv_len(h, bx->x - e->x), bx->y - e->y);
        h = fnv_len(fnv_len(h, bx->w), bx->h);
        switch (bx->kind) {
        case BOX_TEXT:
            h = fnv64(h, bx->text, bx->len);
            h = fnv64(h, &bx->font, 1);
            h = fnv_len(fnv_len(fnv_len(h, bx->size), bx->char_space), bx->angle);
            h = fnv_color(h, bx->color);
            break;
        case BOX_RECT:
            h = fnv64(h, (unsigned char[]){bx->fill, bx->stroke}, 2);
            h = fnv_color(fnv_color(fnv_len(h, bx->line_width), bx->color), bx->stroke_color);
            break;
        case BOX_LINE:
            h = fnv_color(fnv_len(h, bx->line_width), bx->color);
            break;
        case BOX_IMAGE:
            if (bx->image) {
                int dim[3] = {bx->image->width, bx->image->height, (int)bx->image->color};
                h = fnv64(h, dim, sizeof dim);
                h = fnv64(h, bx->image->data, bx->image->size);
            }
            break;
        }
    }
    return h;
}

/* Places one item at y on page p. */
static void place_item(Builder *b, size_t p, const VItem *it, float y, bool top,
                       bool repeated, int *page_chapter)
{
    Page *pg = &b->ps.pages[p];
    for (size_t k = 0; !b->g->dry && k < it->n_boxes; k++) {
        Box bx = it->boxes[k];
        /* Decoration reaching up over the item's glue (a quote's bar): at
         * the top of a page that glue is gone, and so is the decoration. */
        if (top && bx.kind == BOX_RECT && bx.y < 0) {
            bx.h += bx.y;
            bx.y = 0;
        }
        bx.y += y;
        /* a table header repeated on a continuation page is pagination: its
         * content is in the structure once, where the table starts */
        if (repeated && bx.artifact == ART_NONE) {
            bx.artifact = ART_REPEATED;
            bx.node = 0;
        }
        pg->boxes[pg->n_boxes++] = bx;
    }
    for (size_t k = 0; !b->g->dry && k < it->n_links; k++) {
        const VLink *l = &it->links[k];
        LinkArea *la = &pg->links[pg->n_links];
        *la = (LinkArea){l->x, l->y + y, l->w, l->h, l->link.kind, NULL, 0, 0, l->node};
        if (l->link.kind == DLINK_URI) {
            la->uri = l->link.target ? l->link.target : "";
        } else if (l->link.kind == DLINK_DEST) {
            b->pend = mem_grow(b->pend, &b->cap_pend, b->n_pend + 1, sizeof *b->pend);
            b->pend[b->n_pend++] = (PendingLink){p, pg->n_links, l->link.target};
        } else {
            continue;
        }
        pg->n_links++;
    }
    for (size_t k = 0; !b->g->dry && k < it->n_elems; k++) {
        const VElem *e = &it->elems[k];
        Element *el = find_elem(pg->elems, pg->n_elems, e->kind, e->id);
        float ey = e->y + y;
        if (el) {
            float x0 = el->x < e->x ? el->x : e->x;
            float y0 = el->y < ey ? el->y : ey;
            float x1 = el->x + el->w > e->x + e->w ? el->x + el->w : e->x + e->w;
            float y1 = el->y + el->h > ey + e->h ? el->y + el->h : ey + e->h;
            el->x = x0;
            el->y = y0;
            el->w = x1 - x0;
            el->h = y1 - y0;
            el->lines++;
            if (!b->g->dry) /* only the final pass's pages are dumped */
                el->content_hash = piece_hash(fnv_len(el->content_hash, ey - el->y), it, e);
            continue;
        }
        el = &pg->elems[pg->n_elems++];
        *el = (Element){e->kind, e->id, 0, e->x, ey, e->w, e->h, e->text, e->text_hash,
                        e->pos, 1, e->pageless_hash,
                        b->g->dry ? 0 : piece_hash(FNV64_BASIS, it, e), e->chart};
        if (p > 0) {
            const Page *prev = &b->ps.pages[p - 1];
            const Element *pe = find_elem(prev->elems, prev->n_elems, e->kind, e->id);
            if (pe)
                el->part = pe->part + 1;
        }
    }
    for (size_t k = 0; k < it->n_dests; k++) {
        b->ps.dests = arena_grow(b->a, b->ps.dests, &b->cap_dests, b->ps.n_dests + 1,
                                 sizeof *b->ps.dests);
        b->ps.dests[b->ps.n_dests++] = (Dest){it->dests[k], (int)p, y};
    }
    if (it->heading) {
        b->ps.headings = arena_grow(b->a, b->ps.headings, &b->cap_headings, b->ps.n_headings + 1,
                                    sizeof *b->ps.headings);
        int idx = (int)b->ps.n_headings;
        b->ps.headings[b->ps.n_headings++] = (PlacedHeading){it->heading, (int)p, y};
        if (it->heading->level == 1) {
            if (*page_chapter == -2)
                *page_chapter = idx;
            b->chapter = idx;
        }
    }
    for (size_t k = 0; !b->g->dry && k < it->n_warnings; k++) {
        const LayoutWarning *w = &it->warnings[k];
        add_warning(b, (int)p, w->kind, w->pos, w->message);
    }
}

/* Counts a placed line of running text into the report's figures. */
static void count_line(Builder *b, const VItem *it)
{
    LayoutStats *s = &b->ps.stats;
    if (!(it->line & VL_TEXT))
        return;
    s->lines++;
    s->loose += (it->line & VL_LOOSE) != 0;
    s->overfull += (it->line & VL_OVERFULL) != 0;
    if (it->line & VL_HYPHEN) {
        s->hyphenated++;
        if (++b->run > s->longest_run)
            s->longest_run = b->run;
    } else {
        b->run = 0;
    }
}

/* The white space left at the foot of a page that does not end a chapter. */
static void count_foot(Builder *b, const VList *v, size_t end, float used)
{
    if (b->g->dry || end >= v->n || v->items[end].penalty <= PEN_FORCE)
        return;
    LayoutStats *s = &b->ps.stats;
    float foot = b->g->body_height - used;
    if (foot < 0)
        foot = 0;
    s->foot_pages++;
    b->foot_sum += foot;
    s->foot_mean = (float)(b->foot_sum / s->foot_pages);
    if (foot > s->foot_max)
        s->foot_max = foot;
}

static void count_item(const VItem *it, size_t *nb, size_t *nl, size_t *ne)
{
    *nb += it->n_boxes;
    *nl += it->n_links;
    *ne += it->n_elems;
}

/* The footnote lines of page items [start, end): `take` carried lines first,
 * the notes of the last item only up to `split`. The rest of the carried and
 * split lines become the next page's carry. Returns the lines (malloc). */
static const VItem **page_notes(Builder *b, const VList *v, size_t start, size_t end, size_t take,
                                size_t split, size_t *n_out)
{
    size_t n = take;
    for (size_t i = start; i < end; i++)
        n += v->items[i].n_notes;
    const VItem **out = xmalloc((n + 1) * sizeof *out);
    size_t k = 0;
    for (size_t j = 0; j < take; j++)
        out[k++] = &b->carry[j];
    size_t rest = b->n_carry - take, more = 0;
    const VItem *last = end > start ? &v->items[end - 1] : NULL;
    if (last && split != ALL_NOTES && split < last->n_notes)
        more = last->n_notes - split;
    for (size_t i = start; i < end; i++) {
        const VItem *it = &v->items[i];
        size_t upto = it == last && more ? split : it->n_notes;
        for (size_t j = 0; j < upto; j++)
            out[k++] = &it->notes[j];
    }
    VItem *next = rest + more ? arena_calloc(b->a, rest + more, sizeof *next) : NULL;
    if (rest)
        memcpy(next, b->carry + take, rest * sizeof *next);
    if (more)
        memcpy(next + rest, last->notes + split, more * sizeof *next);
    b->carry = next;
    b->n_carry = rest + more;
    *n_out = k;
    return out;
}

/* Sets footnote lines at the foot of page p, below a short rule. */
static void place_notes(Builder *b, size_t p, const VItem **notes, size_t n, int *page_chapter)
{
    const PageGeom *g = b->g;
    float h = 0;
    for (size_t i = 0; i < n; i++)
        h += notes[i]->space_before + notes[i]->height;
    float y = g->body_top + g->body_height - h;
    if (!g->dry) {
        Page *pg = &b->ps.pages[p];
        Box rule = {0};
        rule.kind = BOX_LINE;
        rule.x = g->note_rule_x;
        rule.y = y - g->note_gap / 2;
        rule.w = g->note_rule_w;
        rule.line_width = g->note_rule_width > 0 ? g->note_rule_width : 0.5f;
        rule.color = g->note_rule_color;
        pg->boxes[pg->n_boxes++] = rule;
    }
    for (size_t i = 0; i < n; i++) {
        y += notes[i]->space_before;
        place_item(b, p, notes[i], y, false, false, page_chapter);
        y += notes[i]->height;
    }
}

/* Makes page p from items [start, end), with the repeated header when asked,
 * and the footnotes (`take` lines of the carry, the last item's up to split). */
static void make_page(Builder *b, const VList *v, size_t start, size_t end, bool rep, size_t take,
                      size_t split)
{
    const PageGeom *g = b->g;
    b->ps.pages = arena_grow(b->a, b->ps.pages, &b->cap_pages, b->ps.n_pages + 1,
                             sizeof *b->ps.pages);
    size_t p = b->ps.n_pages++;
    Page *pg = &b->ps.pages[p];
    *pg = (Page){0};
    pg->index = (int)p;
    pg->width = g->page_width;
    pg->height = g->page_height;
    const VItem *first = start < end ? &v->items[start] : NULL;
    rep = rep && first;
    size_t n_notes;
    const VItem **notes = page_notes(b, v, start, end, take, split, &n_notes);
    size_t nb = 0, nl = 0, ne = 0;
    if (rep)
        for (size_t r = 0; r < first->n_repeat; r++)
            count_item(&first->repeat[r], &nb, &nl, &ne);
    for (size_t i = start; i < end; i++)
        count_item(&v->items[i], &nb, &nl, &ne);
    for (size_t i = 0; i < n_notes; i++)
        count_item(notes[i], &nb, &nl, &ne);
    if (!g->dry) {
        Box *base = arena_calloc(b->a, g->reserve + nb + 2, sizeof *base); /* + the note rule */
        pg->boxes = base + g->reserve;
        pg->links = arena_calloc(b->a, nl ? nl : 1, sizeof *pg->links);
        /* Pieces of one element merge: collect them in a buffer, then keep
         * only as many as there are. */
        if (ne + 1 > b->cap_elems) {
            free(b->elems);
            b->cap_elems = ne + 1 > 2 * b->cap_elems ? ne + 1 : 2 * b->cap_elems;
            b->elems = xmalloc(b->cap_elems * sizeof *b->elems);
        }
        pg->elems = b->elems;
    }

    int page_chapter = -2;
    int before = b->chapter;
    float y = g->body_top;
    bool top = true;
    if (rep) {
        for (size_t r = 0; r < first->n_repeat; r++) {
            const VItem *it = &first->repeat[r];
            if (!top)
                y += it->space_before;
            place_item(b, p, it, y, top, true, &page_chapter);
            y += it->height;
            top = false;
        }
    }
    for (size_t i = start; i < end; i++) {
        const VItem *it = &v->items[i];
        if (!top)
            y += it->space_before;
        place_item(b, p, it, y, top, false, &page_chapter);
        if (!g->dry)
            count_line(b, it);
        y += it->height;
        top = top && invisible(it);
    }
    float used = y - g->body_top; /* the text and, at the foot, the notes */
    for (size_t i = 0; i < n_notes; i++)
        used += notes[i]->space_before + notes[i]->height + (i == 0 ? g->note_gap : 0);
    if (n_notes)
        place_notes(b, p, notes, n_notes, &page_chapter);
    free(notes);
    count_foot(b, v, end, used);
    if (!g->dry) {
        pg->elems = arena_calloc(b->a, pg->n_elems ? pg->n_elems : 1, sizeof *pg->elems);
        memcpy(pg->elems, b->elems, pg->n_elems * sizeof *pg->elems);
    }
    b->ps.chapter = arena_grow(b->a, b->ps.chapter, &b->cap_chapter, p + 1,
                               sizeof *b->ps.chapter);
    b->ps.chapter[p] = page_chapter != -2 ? page_chapter : before;
}

static int cmp_dest(const void *x, const void *y)
{
    const Dest *a = *(const Dest *const *)x, *b = *(const Dest *const *)y;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a < b ? -1 : a > b;
}

static int find_dest(const void *key, const void *el)
{
    const Dest *d = *(const Dest *const *)el;
    return strcmp((const char *)key, d->name);
}

/* Points DLINK_DEST links at their destinations; drops links to none. */
static void resolve_links(Builder *b)
{
    size_t n = b->ps.n_dests;
    const Dest **idx = xmalloc(n * sizeof *idx);
    for (size_t i = 0; i < n; i++)
        idx[i] = &b->ps.dests[i];
    qsort(idx, n, sizeof *idx, cmp_dest);
    for (size_t i = 0; i < b->n_pend; i++) {
        const PendingLink *pl = &b->pend[i];
        LinkArea *la = &b->ps.pages[pl->page].links[pl->link];
        const Dest **d = pl->dest ? bsearch(pl->dest, idx, n, sizeof *idx, find_dest) : NULL;
        /* bsearch may land on any of equal names; the first one placed wins. */
        while (d && d > idx && strcmp(d[-1]->name, pl->dest) == 0)
            d--;
        if (d) {
            la->page = (*d)->page;
            la->dest_y = (*d)->y;
        } else {
            la->kind = DLINK_NONE; /* dropped below */
        }
    }
    free(idx);
    free(b->pend);
    for (size_t p = 0; p < b->ps.n_pages; p++) {
        Page *pg = &b->ps.pages[p];
        size_t o = 0;
        for (size_t k = 0; k < pg->n_links; k++)
            if (pg->links[k].kind != DLINK_NONE)
                pg->links[o++] = pg->links[k];
        pg->n_links = o;
    }
}

/* Whether items [from, to) put nothing on a page. */
static bool blank(const VList *v, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const VItem *it = &v->items[i];
        if (it->height > 0 || it->n_boxes || it->n_elems || it->n_dests || it->n_links ||
            it->heading || it->n_warnings)
            return false;
    }
    return true;
}

PageSet paginate(const VList *v, const PageGeom *g, Arena *a)
{
    Builder b = {0};
    b.g = g;
    b.a = a;
    b.chapter = -1;
    size_t start = 0;
    while (start < v->n || b.n_carry) {
        /* continued notes first, on at most half of the page */
        size_t take = b.n_carry;
        if (take && notes_height(b.carry, take) + g->note_gap > g->body_height / 2 && start < v->n) {
            take = notes_fitting(b.carry, take, g->body_height / 2 - g->note_gap);
            if (take == 0)
                take = 1;
        } else if (take) {
            take = notes_fitting(b.carry, take, g->body_height - g->note_gap);
            if (take == 0)
                take = 1;
        }
        float note_h0 = take ? notes_height(b.carry, take) + g->note_gap : 0;
        if (start == v->n) { /* only notes left */
            make_page(&b, v, start, start, false, take, ALL_NOTES);
            continue;
        }
        const VItem *first = &v->items[start];
        bool rep = start > 0 && first->repeat && first->n_repeat;
        float rep_h = rep ? repeat_height(first) : 0;
        bool forced;
        size_t split;
        size_t end = find_break(v, start, g->body_height, rep_h, note_h0, g->note_gap, &forced,
                                &split);
        if (end == v->n && start > 0 && !take && blank(v, start, end))
            break; /* a page break at the very end makes no empty page */
        make_page(&b, v, start, end, rep, take, split);
        if (forced && end < v->n) {
            const VItem *at = &v->items[end];
            bool row = has_row(at) || has_row(&v->items[end - 1]);
            add_warning(&b, (int)b.ps.n_pages - 1, row ? LW_ROW_SPLIT : LW_WIDOW, item_pos(at),
                        row ? "a table row is split across pages"
                            : "no allowed page break: a widow, orphan or kept-together block "
                              "is split across pages");
        }
        start = end;
    }
    if (b.ps.n_pages == 0) { /* an empty document still has a page */
        static const VItem empty = {0};
        const VList one = {(VItem *)&empty, 1, 1};
        make_page(&b, &one, 0, 1, false, 0, ALL_NOTES);
    }
    resolve_links(&b);
    free(b.elems);
    return b.ps;
}
