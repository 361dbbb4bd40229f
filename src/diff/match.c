/* match.c — two dumps into a list of changes a person can read.
 *
 * Elements are matched by (kind, id, part): ids are stable identities, so an
 * element that moved is still the same element. What is left over is added
 * or removed, unless it is explained as a split element that gained or lost
 * a page, or as rows of a table. Matched elements whose text is unchanged but
 * that moved are collected in runs (consecutive in the document, same page
 * shift, or same offset on one page) so that a chapter that grew by a page
 * gives one line, not one per element pushed along. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "internal.h"

enum { RUN_MIN = 3 }; /* runs shorter than this are listed element by element */

typedef struct Vec {
    void *data;
    size_t n, cap, size;
} Vec;

static void *vec_push(Vec *v)
{
    v->data = mem_grow(v->data, &v->cap, v->n + 1, v->size);
    void *slot = (char *)v->data + v->n++ * v->size;
    memset(slot, 0, v->size);
    return slot;
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_group(const DumpElem *a, const DumpElem *b)
{
    int c = cmp_str(a->kind, b->kind);
    return c ? c : cmp_str(a->id, b->id);
}

static int cmp_elem(const void *pa, const void *pb)
{
    const DumpElem *a = *(const DumpElem *const *)pa, *b = *(const DumpElem *const *)pb;
    int c = cmp_group(a, b);
    if (c)
        return c;
    if (a->part != b->part)
        return a->part < b->part ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static DumpElem **sorted(Dump *d)
{
    DumpElem **p = xmalloc(d->n_elems * sizeof *p);
    for (size_t i = 0; i < d->n_elems; i++)
        p[i] = &d->elems[i];
    qsort(p, d->n_elems, sizeof *p, cmp_elem);
    return p;
}

static void page_range(DumpElem **e, size_t n, int *lo, int *hi)
{
    *lo = *hi = n ? e[0]->page : 0;
    for (size_t i = 1; i < n; i++) {
        if (e[i]->page < *lo)
            *lo = e[i]->page;
        if (e[i]->page > *hi)
            *hi = e[i]->page;
    }
}

/* e[0..n) sorted by part */
static size_t distinct_parts(DumpElem **e, size_t n)
{
    size_t d = n ? 1 : 0;
    for (size_t i = 1; i < n; i++)
        d += e[i]->part != e[i - 1]->part;
    return d;
}

/* Matches one (kind, id) group: parts pair up in order; a group whose number
 * of parts changed is one CH_PARTS change, its unpaired parts explained. */
static void match_group(DumpElem **o, size_t no, DumpElem **n, size_t nn, Vec *out)
{
    size_t i = 0, j = 0;
    while (i < no && j < nn) {
        if (o[i]->part == n[j]->part) {
            o[i]->match = n[j];
            n[j]->match = o[i];
            i++, j++;
        } else if (o[i]->part < n[j]->part) {
            i++;
        } else {
            j++;
        }
    }
    /* duplicates of one (kind, id, part) are paired in document order above;
     * only a different number of distinct parts is a split that changed */
    size_t dist_o = distinct_parts(o, no), dist_n = distinct_parts(n, nn);
    if (dist_o == dist_n)
        return;
    Change *c = vec_push(out);
    c->kind = CH_PARTS;
    c->old = o[0];
    c->new = n[0];
    c->page = n[0]->page;
    c->order = n[0]->order;
    c->count = 1;
    page_range(o, no, &c->old_lo, &c->old_hi);
    page_range(n, nn, &c->new_lo, &c->new_hi);
    c->old_parts = dist_o;
    c->new_parts = dist_n;
    for (size_t k = 0; k < no; k++)
        if (!o[k]->match)
            o[k]->done = true;
    for (size_t k = 0; k < nn; k++)
        if (!n[k]->match)
            n[k]->done = true;
}

static void match_elements(Dump *old, Dump *new, Vec *out)
{
    DumpElem **po = sorted(old), **pn = sorted(new);
    size_t i = 0, j = 0;
    while (i < old->n_elems && j < new->n_elems) {
        int c = cmp_group(po[i], pn[j]);
        if (c < 0) {
            i++;
        } else if (c > 0) {
            j++;
        } else {
            size_t i2 = i, j2 = j;
            while (i2 < old->n_elems && cmp_group(po[i2], po[i]) == 0)
                i2++;
            while (j2 < new->n_elems && cmp_group(pn[j2], pn[j]) == 0)
                j2++;
            match_group(po + i, i2 - i, pn + j, j2 - j, out);
            i = i2;
            j = j2;
        }
    }
    free(po);
    free(pn);
}

/* ---- renumbered ids ---------------------------------------------------- */

/* Paragraphs, list items and subheadings are numbered within their section
 * ("lagebild/p3"): a paragraph inserted before them renumbers them all. Such
 * an id is "<prefix>/<letters><digits>". */
static bool ordinal_id(const char *id, size_t *prefix_len)
{
    const char *slash = strrchr(id, '/');
    if (!slash)
        return false;
    const char *p = slash + 1;
    if (!(*p >= 'a' && *p <= 'z'))
        return false;
    while (*p >= 'a' && *p <= 'z')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return false;
    while (*p >= '0' && *p <= '9')
        p++;
    *prefix_len = (size_t)(slash - id);
    return *p == '\0';
}

/* Not matched, or matched to something with other text, and numbered. */
static bool renumber_candidate(const DumpElem *e, size_t *prefix_len)
{
    return !e->done && (!e->match || strcmp(e->match->hash, e->hash) != 0) &&
           ordinal_id(e->id, prefix_len);
}

typedef struct Cand {
    DumpElem *e;
    size_t prefix_len;
    bool taken;
} Cand;

static int cmp_cand(const Cand *a, const Cand *b)
{
    int c = strcmp(a->e->kind, b->e->kind);
    if (c)
        return c;
    size_t n = a->prefix_len < b->prefix_len ? a->prefix_len : b->prefix_len;
    c = memcmp(a->e->id, b->e->id, n);
    if (c)
        return c;
    if (a->prefix_len != b->prefix_len)
        return a->prefix_len < b->prefix_len ? -1 : 1;
    if (a->e->part != b->e->part)
        return a->e->part < b->e->part ? -1 : 1;
    return strcmp(a->e->hash, b->e->hash);
}

static int cmp_cand_order(const void *pa, const void *pb)
{
    const Cand *a = pa, *b = pb;
    int c = cmp_cand(a, b);
    return c ? c : (a->e->order > b->e->order) - (a->e->order < b->e->order);
}

/* Re-pairs numbered elements of one section by their text: the new element
 * whose text an old one had (same kind, section and part) is that element,
 * renumbered. What an insertion displaced is then added, not every later
 * paragraph "changed". */
static void match_renumbered(Dump *old, Dump *new)
{
    Cand *oc = xmalloc(old->n_elems * sizeof *oc);
    size_t n = 0;
    for (size_t i = 0; i < old->n_elems; i++) {
        size_t pl;
        if (renumber_candidate(&old->elems[i], &pl))
            oc[n++] = (Cand){&old->elems[i], pl, false};
    }
    if (n)
        qsort(oc, n, sizeof *oc, cmp_cand_order);
    for (size_t i = 0; i < new->n_elems && n; i++) {
        DumpElem *e = &new->elems[i];
        Cand key = {e, 0, false};
        if (!renumber_candidate(e, &key.prefix_len))
            continue;
        size_t lo = 0, hi = n; /* first candidate not below the key */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cmp_cand(&oc[mid], &key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        while (lo < n && oc[lo].taken && cmp_cand(&oc[lo], &key) == 0)
            lo++;
        if (lo == n || cmp_cand(&oc[lo], &key) != 0)
            continue;
        DumpElem *o = oc[lo].e;
        oc[lo].taken = true;
        if (e->match)
            e->match->match = NULL;
        if (o->match)
            o->match->match = NULL;
        o->match = e;
        e->match = o;
    }
    free(oc);
}

/* ---- table rows --------------------------------------------------------- */

typedef struct RowRef {
    const char *table;    /* arena copy of the id up to the '/' */
    const char *key;      /* after it */
    DumpElem *e;
    bool added;
} RowRef;

static int cmp_row(const void *pa, const void *pb)
{
    const RowRef *a = pa, *b = pb;
    int c = strcmp(a->table, b->table);
    if (c)
        return c;
    if (a->added != b->added)
        return a->added ? -1 : 1;
    return a->e->order < b->e->order ? -1 : a->e->order > b->e->order;
}

static void collect_rows(Dump *d, bool added, Arena *a, Vec *rows)
{
    for (size_t i = 0; i < d->n_elems; i++) {
        DumpElem *e = &d->elems[i];
        const char *slash = e->id ? strchr(e->id, '/') : NULL;
        if (e->match || e->done || strcmp(e->kind, "table-row") != 0 || !slash || e->part != 0)
            continue;
        RowRef *r = vec_push(rows);
        r->table = arena_strndup(a, e->id, (size_t)(slash - e->id));
        r->key = slash + 1;
        r->e = e;
        r->added = added;
    }
}

static void match_rows(Dump *old, Dump *new, Arena *a, Vec *out)
{
    Vec rows = {.size = sizeof(RowRef)};
    collect_rows(old, false, a, &rows);
    collect_rows(new, true, a, &rows);
    RowRef *r = rows.data;
    if (rows.n)
        qsort(r, rows.n, sizeof *r, cmp_row);
    for (size_t i = 0; i < rows.n;) {
        size_t k = i;
        size_t na = 0, nr = 0;
        while (k < rows.n && strcmp(r[k].table, r[i].table) == 0) {
            if (r[k].added)
                na++;
            else
                nr++;
            k++;
        }
        Change *c = vec_push(out);
        c->kind = CH_ROWS;
        c->table = r[i].table;
        c->count = 1;
        c->rows_added = arena_calloc(a, na ? na : 1, sizeof(char *));
        c->rows_removed = arena_calloc(a, nr ? nr : 1, sizeof(char *));
        const DumpElem *first = r[i].e; /* first added (added sort first), else first removed */
        c->page = first->page;
        c->order = first->order;
        if (r[i].added)
            c->new = first;
        else
            c->old = first;
        for (size_t m = i; m < k; m++) {
            if (r[m].added)
                c->rows_added[c->n_added++] = r[m].key;
            else
                c->rows_removed[c->n_removed++] = r[m].key;
            r[m].e->done = true;
        }
        i = k;
    }
    free(rows.data);
}

/* ---- added and removed -------------------------------------------------- */

/* Unmatched elements of d, runs of consecutive ones as one change. */
static void leftovers(Dump *d, ChangeKind kind, Vec *out)
{
    for (size_t i = 0; i < d->n_elems;) {
        DumpElem *e = &d->elems[i];
        if (e->match || e->done) {
            i++;
            continue;
        }
        size_t k = i;
        while (k < d->n_elems && !d->elems[k].match && !d->elems[k].done)
            k++;
        size_t n = k - i;
        size_t step = n >= RUN_MIN ? n : 1;
        for (size_t m = i; m < k; m += step) {
            Change *c = vec_push(out);
            c->kind = kind;
            const DumpElem *first = &d->elems[m], *last = &d->elems[m + step - 1];
            if (kind == CH_ADDED)
                c->new = first, c->new_last = step > 1 ? last : NULL;
            else
                c->old = first, c->old_last = step > 1 ? last : NULL;
            c->count = step;
            c->page = first->page;
            c->order = first->order;
            c->new_lo = c->old_lo = first->page;
            c->new_hi = c->old_hi = last->page;
        }
        i = k;
    }
}

/* ---- moves -------------------------------------------------------------- */

typedef enum Motion { MO_SAME, MO_TEXT, MO_PAGENUM, MO_CONTENT, MO_PAGE, MO_SHIFT, MO_RESIZE } Motion;

/* Elements that hold others: their children report what changed inside. */
static bool container(const DumpElem *e)
{
    return strcmp(e->kind, "measure") == 0 || strcmp(e->kind, "table") == 0;
}

static bool resized(const DumpElem *o, const DumpElem *n, double tol)
{
    return fabs(n->w - o->w) > tol || fabs(n->h - o->h) > tol;
}

/* Drawn differently with the same text. A text element set into other lines
 * is resized too and reported as that; pictures and charts always count. */
static bool content_changed(const DumpElem *o, const DumpElem *n, double tol)
{
    if (!*o->content || !*n->content || strcmp(o->content, n->content) == 0 || container(n))
        return false;
    return strcmp(n->kind, "image") == 0 || strcmp(n->kind, "chart") == 0 || !resized(o, n, tol);
}

static Motion motion(const DumpElem *o, const DumpElem *n, double tol)
{
    if (strcmp(o->hash, n->hash) != 0)
        return strcmp(o->pageless, n->pageless) == 0 ? MO_PAGENUM : MO_TEXT;
    if (content_changed(o, n, tol))
        return MO_CONTENT;
    if (o->page != n->page)
        return MO_PAGE;
    if (resized(o, n, tol))
        return MO_RESIZE;
    if (fabs(n->x - o->x) > tol || fabs(n->y - o->y) > tol)
        return MO_SHIFT;
    return MO_SAME;
}

typedef struct Run {
    Motion m;
    DumpElem **items;   /* new elements of the run */
    size_t n, cap;
} Run;

static void run_add(Run *r, DumpElem *e)
{
    r->items = mem_grow(r->items, &r->cap, r->n + 1, sizeof *r->items);
    r->items[r->n++] = e;
}

static void one_move(Vec *out, ChangeKind kind, DumpElem *const *items, size_t n)
{
    Change *c = vec_push(out);
    c->kind = kind;
    c->new = items[0];
    c->old = items[0]->match;
    c->count = n;
    if (n > 1) {
        c->new_last = items[n - 1];
        c->old_last = items[n - 1]->match;
    }
    c->page = items[0]->page;
    c->order = items[0]->order;
    c->new_lo = c->new_hi = items[0]->page;
    c->old_lo = c->old_hi = items[0]->match->page;
    for (size_t i = 1; i < n; i++) {
        int np = items[i]->page, op = items[i]->match->page;
        if (np < c->new_lo) c->new_lo = np;
        if (np > c->new_hi) c->new_hi = np;
        if (op < c->old_lo) c->old_lo = op;
        if (op > c->old_hi) c->old_hi = op;
    }
}

static void run_flush(Run *r, Vec *out)
{
    if (r->n == 0)
        return;
    ChangeKind kind = r->m == MO_PAGE ? CH_PAGE_MOVE : CH_MOVE;
    if (r->n >= RUN_MIN)
        one_move(out, kind, r->items, r->n);
    else
        for (size_t i = 0; i < r->n; i++)
            one_move(out, kind, r->items + i, 1);
    r->n = 0;
}

/* Does e continue the run r (same page shift, or same offset on the same page)? */
static bool continues(const Run *r, Motion m, const DumpElem *e, double tol)
{
    if (r->n == 0 || r->m != m)
        return false;
    const DumpElem *f = r->items[0];
    if (m == MO_PAGE)
        return e->page - e->match->page == f->page - f->match->page;
    return e->page == f->page && fabs((e->x - e->match->x) - (f->x - f->match->x)) <= tol &&
           fabs((e->y - e->match->y) - (f->y - f->match->y)) <= tol;
}

/* Is e a later part of an element whose text change is already listed? */
static bool continued_text(const Vec *out, const DumpElem *e)
{
    if (e->part == 0)
        return false;
    const Change *c = out->data;
    for (size_t i = out->n; i-- > 0 && i + 16 >= out->n;)
        if ((c[i].kind == CH_TEXT || c[i].kind == CH_PAGENUM) &&
            strcmp(c[i].new->kind, e->kind) == 0 && strcmp(c[i].new->id, e->id) == 0)
            return true;
    return false;
}

static void match_moves(Dump *new, double tol, Vec *out)
{
    Run run = {0};
    for (size_t i = 0; i < new->n_elems; i++) {
        DumpElem *e = &new->elems[i];
        if (!e->match)
            continue;
        Motion m = motion(e->match, e, tol);
        switch (m) {
        case MO_SAME:
            run_flush(&run, out);
            break;
        case MO_TEXT:
        case MO_PAGENUM:
        case MO_CONTENT: {
            /* reported on its own; a run of moves carries on around it */
            if (m != MO_CONTENT && continued_text(out, e))
                break; /* the part before said it: every part has the whole text */
            Change *c = vec_push(out);
            c->kind = m == MO_TEXT ? CH_TEXT : m == MO_PAGENUM ? CH_PAGENUM : CH_CONTENT;
            c->new = e;
            c->old = e->match;
            c->count = 1;
            c->page = e->page;
            c->order = e->order;
            break;
        }
        case MO_RESIZE:
            run_flush(&run, out);
            one_move(out, CH_MOVE, &e, 1);
            break;
        case MO_PAGE:
        case MO_SHIFT:
            if (!continues(&run, m, e, tol)) {
                run_flush(&run, out);
                run.m = m;
            }
            run_add(&run, e);
            break;
        }
    }
    run_flush(&run, out);
    free(run.items);
}

/* ---- warnings ----------------------------------------------------------- */

/* A warning's position without the folders: the same report built from
 * another directory ("reports/x" or "/ci/x") keeps the same warnings. */
static const char *src_tail(const char *src)
{
    const char *slash = strrchr(src, '/');
    return slash ? slash + 1 : src;
}

static int warn_key_cmp(const DumpWarn *a, const DumpWarn *b)
{
    int c = strcmp(a->kind, b->kind);
    if (!c)
        c = strcmp(src_tail(a->src), src_tail(b->src));
    if (!c)
        c = strcmp(a->message, b->message);
    return c;
}

static int cmp_warn(const void *pa, const void *pb)
{
    const DumpWarn *a = *(const DumpWarn *const *)pa, *b = *(const DumpWarn *const *)pb;
    int c = warn_key_cmp(a, b);
    return c ? c : (a->page > b->page) - (a->page < b->page);
}

static DumpWarn **sorted_warns(Dump *d)
{
    DumpWarn **p = xmalloc(d->n_warns * sizeof *p);
    for (size_t i = 0; i < d->n_warns; i++)
        p[i] = &d->warns[i];
    qsort(p, d->n_warns, sizeof *p, cmp_warn);
    return p;
}

static void match_warnings(Dump *old, Dump *new, Vec *out)
{
    DumpWarn **po = sorted_warns(old), **pn = sorted_warns(new);
    size_t i = 0, j = 0;
    while (i < old->n_warns && j < new->n_warns) {
        int c = warn_key_cmp(po[i], pn[j]);
        if (c == 0) {
            po[i++]->matched = true;
            pn[j++]->matched = true;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    /* unmatched warnings of one kind on one page, in file order, are one change */
    for (int side = 0; side < 2; side++) {
        Dump *d = side ? new : old;
        Change *c = NULL;
        for (size_t k = 0; k < d->n_warns; k++) {
            const DumpWarn *w = &d->warns[k];
            if (w->matched)
                continue;
            if (c && c->page == w->page && strcmp(c->warn->kind, w->kind) == 0) {
                c->warn_last = w;
                c->count++;
                continue;
            }
            c = vec_push(out);
            c->kind = side ? CH_WARN_ADDED : CH_WARN_REMOVED;
            c->warn = w;
            c->page = w->page;
            c->order = k;
            c->count = 1;
        }
    }
    free(po);
    free(pn);
}

/* ---- all together ------------------------------------------------------- */

static int cmp_change(const void *pa, const void *pb)
{
    const Change *a = pa, *b = pb;
    if (a->page != b->page)
        return a->page < b->page ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

bool change_counts(ChangeKind k)
{
    return k != CH_GENERATOR && k != CH_TEMPLATE;
}

/* Notes on what made the dumps: another imagreport, another template. */
static void generator_notes(const Dump *old, const Dump *new, Vec *out)
{
    if (*old->generator && *new->generator && strcmp(old->generator, new->generator) != 0) {
        Change *c = vec_push(out);
        c->kind = CH_GENERATOR;
        c->count = 1;
    }
    if (*old->template_hash && *new->template_hash &&
        strcmp(old->template_hash, new->template_hash) != 0) {
        Change *c = vec_push(out);
        c->kind = CH_TEMPLATE;
        c->count = 1;
    }
}

ChangeList diff_dumps(Dump *old, Dump *new, double tol, Arena *a)
{
    Vec out = {.size = sizeof(Change)};
    tol += 1e-6; /* the dumps round to hundredths */
    generator_notes(old, new, &out);
    if (old->n_pages != new->n_pages) {
        Change *c = vec_push(&out);
        c->kind = CH_PAGE_COUNT;
        c->old_lo = (int)old->n_pages;
        c->new_lo = (int)new->n_pages;
        c->count = 1;
    }
    for (size_t i = 0; i < old->n_pages && i < new->n_pages; i++) {
        const DumpPage *o = &old->pages[i], *n = &new->pages[i];
        if (fabs(o->width - n->width) > tol || fabs(o->height - n->height) > tol) {
            Change *c = vec_push(&out);
            c->kind = CH_PAGE_SIZE;
            c->page = n->number;
            c->old_page = o;
            c->new_page = n;
            c->count = 1;
        }
    }
    for (size_t i = 0; i < old->n_elems; i++)
        old->elems[i].match = NULL, old->elems[i].done = false;
    for (size_t i = 0; i < new->n_elems; i++)
        new->elems[i].match = NULL, new->elems[i].done = false;
    match_elements(old, new, &out);
    match_renumbered(old, new);
    match_rows(old, new, a, &out);
    leftovers(old, CH_REMOVED, &out);
    leftovers(new, CH_ADDED, &out);
    match_moves(new, tol, &out);
    match_warnings(old, new, &out);

    ChangeList cl = {.n = out.n};
    cl.items = arena_calloc(a, out.n ? out.n : 1, sizeof(Change));
    if (out.n)
        memcpy(cl.items, out.data, out.n * sizeof(Change));
    free(out.data);
    qsort(cl.items, cl.n, sizeof(Change), cmp_change);
    return cl;
}
