/* test_layout_pages.c — the page builder (paginate) on synthetic vertical
 * lists: forced breaks, keep-together, widows and orphans, glue dropped at
 * the top of a page, table header repeat, overflow warnings, elements merged
 * per page with part numbers, destinations and internal links, running
 * chapters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "layout/layout.h"
#include "layout/vlist.h"

/* A page with a 100 pt body starting at y = 50. */
static const PageGeom geom = {.page_width = 200, .page_height = 200, .body_top = 50,
                              .body_height = 100, .reserve = 4, .note_gap = 10,
                              .note_rule_x = 10, .note_rule_w = 40, .note_rule_width = 0.5f};

typedef struct Fixture {
    Arena *a;
    VList v;
    size_t cap;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    f->a = arena_new();
    f->cap = 256;
    f->v.items = arena_calloc(f->a, f->cap, sizeof *f->v.items);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    arena_free(f->a);
    free(f);
    return 0;
}

/* Appends an item of height h with one text box (its text is the item's
 * number, to find it on the pages). */
static VItem *add(Fixture *f, float h, float space, int penalty)
{
    assert_true(f->v.n < f->cap);
    VItem *it = &f->v.items[f->v.n];
    memset(it, 0, sizeof *it);
    it->height = h;
    it->space_before = space;
    it->penalty = penalty;
    it->boxes = arena_calloc(f->a, 1, sizeof *it->boxes);
    it->n_boxes = 1;
    it->boxes[0].kind = BOX_TEXT;
    it->boxes[0].y = h * 0.7f;
    it->boxes[0].text = arena_printf(f->a, "%zu", f->v.n);
    it->boxes[0].len = (uint32_t)strlen(it->boxes[0].text);
    f->v.n++;
    return it;
}

/* A paragraph of n lines of 10 pt with the formatters' penalties. */
static void add_para(Fixture *f, int n, float space, const char *id)
{
    for (int i = 0; i < n; i++) {
        int pen = i == 0 ? PEN_ALLOW : (i == 1 || i == n - 1) ? PEN_FORBID : PEN_ALLOW;
        VItem *it = add(f, 10, i == 0 ? space : 0, pen);
        it->elems = arena_calloc(f->a, 1, sizeof *it->elems);
        it->n_elems = 1;
        it->elems[0] = (VElem){EL_PARAGRAPH, id, 10, 0, 80, 10, "x", 1, {"t.md", 1 + i, 1}, 0, NULL};
    }
}

/* Index of the item whose text box is on page p as the k-th box, or -1. */
static int item_at(const PageSet *ps, size_t p, size_t k)
{
    if (p >= ps->n_pages || k >= ps->pages[p].n_boxes)
        return -1;
    const Box *b = &ps->pages[p].boxes[k];
    return atoi(b->text);
}

static void test_fill_and_break(void **state)
{
    Fixture *f = *state;
    for (int i = 0; i < 25; i++)
        add(f, 10, 0, PEN_ALLOW);
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 3);
    assert_int_equal(ps.pages[0].n_boxes, 10);
    assert_int_equal(ps.pages[1].n_boxes, 10);
    assert_int_equal(ps.pages[2].n_boxes, 5);
    assert_int_equal(item_at(&ps, 1, 0), 10);
    /* Boxes are moved to the item's place: item 3 at 50 + 30. */
    assert_float_equal(ps.pages[0].boxes[3].y, 50 + 30 + 7, 0.01);
    assert_int_equal(ps.pages[2].index, 2);
    assert_float_equal(ps.pages[2].width, 200, 0.01);
}

static void test_forced_breaks(void **state)
{
    Fixture *f = *state;
    add(f, 10, 0, PEN_FORCE); /* first item: no empty page before it */
    add(f, 10, 0, PEN_ALLOW);
    add(f, 10, 0, PEN_ALLOW);
    VItem *brk = add(f, 0, 0, PEN_FORCE); /* an explicit page break … */
    brk->n_boxes = 0;
    add(f, 10, 0, PEN_FORCE); /* … right before a chapter: one new page, not two */
    add(f, 10, 0, PEN_ALLOW);
    add(f, 10, 0, PEN_FORCE);
    VItem *end = add(f, 0, 0, PEN_FORCE); /* a page break at the end: no empty page */
    end->n_boxes = 0;
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 3);
    assert_int_equal(ps.pages[0].n_boxes, 3);
    assert_int_equal(item_at(&ps, 0, 0), 0);
    assert_int_equal(item_at(&ps, 1, 0), 4);
    assert_int_equal(ps.pages[1].n_boxes, 2);
    assert_int_equal(item_at(&ps, 2, 0), 6);
}

static void test_space_dropped_at_top(void **state)
{
    Fixture *f = *state;
    for (int i = 0; i < 9; i++)
        add(f, 10, 0, PEN_ALLOW);
    add(f, 10, 5, PEN_ALLOW); /* 90 + 5 + 10 > 100: goes over, its space is dropped */
    VItem *last = add(f, 10, 5, PEN_ALLOW);
    /* Both carry a bar reaching up over their glue (as quotes do). */
    for (VItem *it = last - 1; it <= last; it++) {
        Box *bx = arena_calloc(f->a, 2, sizeof *bx);
        bx[0] = it->boxes[0];
        bx[1] = (Box){.kind = BOX_RECT, .y = -5, .w = 2, .h = 15, .fill = true};
        it->boxes = bx;
        it->n_boxes = 2;
    }
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(item_at(&ps, 1, 0), 9);
    assert_float_equal(ps.pages[1].boxes[0].y, 50 + 7, 0.01);
    assert_float_equal(ps.pages[1].boxes[2].y, 50 + 10 + 5 + 7, 0.01);
    /* At the top the bar starts at the item; below, it covers the glue. */
    assert_float_equal(ps.pages[1].boxes[1].y, 50, 0.01);
    assert_float_equal(ps.pages[1].boxes[1].h, 10, 0.01);
    assert_float_equal(ps.pages[1].boxes[3].y, 50 + 10, 0.01);
    assert_float_equal(ps.pages[1].boxes[3].h, 15, 0.01);
}

/* After a forced break the break's empty item is first on the page: the
 * glue of the item after it (a heading's space before) is dropped as after
 * a natural break, and the page holds as much as any other. */
static void test_space_dropped_after_forced_break(void **state)
{
    Fixture *f = *state;
    add(f, 10, 0, PEN_ALLOW);
    VItem *brk = add(f, 0, 0, PEN_FORCE);
    brk->n_boxes = 0;
    add(f, 10, 16, PEN_ALLOW); /* item 2: a heading with space before */
    for (int i = 0; i < 9; i++) /* items 3..11: with item 2 exactly 100 pt */
        add(f, 10, 0, PEN_ALLOW);
    add(f, 10, 0, PEN_ALLOW);
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 3);
    assert_int_equal(item_at(&ps, 1, 0), 2);
    assert_float_equal(ps.pages[1].boxes[0].y, 50 + 7, 0.01);
    assert_int_equal(ps.pages[1].n_boxes, 10);
    assert_int_equal(item_at(&ps, 2, 0), 12);
    /* A dry run breaks the same way. */
    PageGeom dry = geom;
    dry.dry = true;
    PageSet dps = paginate(&f->v, &dry, f->a);
    assert_int_equal(dps.n_pages, 3);
}

static void test_keep_together(void **state)
{
    Fixture *f = *state;
    for (int i = 0; i < 7; i++)
        add(f, 10, 0, PEN_ALLOW);
    /* A block of 5 items that must not be split (a code block): it does not
     * fit in the 30 pt left and moves to the next page as a whole. */
    add(f, 10, 0, PEN_ALLOW);
    for (int i = 0; i < 4; i++)
        add(f, 10, 0, PEN_FORBID);
    add(f, 10, 0, PEN_ALLOW);
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(ps.pages[0].n_boxes, 7);
    assert_int_equal(item_at(&ps, 1, 0), 7);
    assert_int_equal(ps.pages[1].n_boxes, 6);
    assert_int_equal(ps.n_warnings, 0);
}

static void test_widows_and_orphans(void **state)
{
    Fixture *f = *state;
    /* 9 lines fill 90 pt; a 5-line paragraph would leave one line at the foot
     * (an orphan): the page breaks before the paragraph instead … */
    for (int i = 0; i < 9; i++)
        add(f, 10, 0, PEN_ALLOW);
    add_para(f, 5, 0, "s/p1");
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(ps.pages[0].n_boxes, 9);
    assert_int_equal(ps.pages[1].n_elems, 1);
    assert_int_equal(ps.pages[1].elems[0].lines, 5);
    assert_int_equal(ps.pages[1].elems[0].part, 0);

    /* … and with 6 lines before it, it splits 3 + 2, never 4 + 1 (a widow). */
    f->v.n = 0;
    for (int i = 0; i < 6; i++)
        add(f, 10, 0, PEN_ALLOW);
    add_para(f, 5, 0, "s/p2");
    ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(ps.pages[0].n_elems, 1);
    assert_int_equal(ps.pages[0].elems[0].lines, 3);
    assert_int_equal(ps.pages[1].elems[0].lines, 2);
    assert_int_equal(ps.pages[1].elems[0].part, 1);
    assert_string_equal(ps.pages[1].elems[0].id, "s/p2");
    /* The merged element spans its lines on the page. */
    assert_float_equal(ps.pages[0].elems[0].y, 50 + 60, 0.01);
    assert_float_equal(ps.pages[0].elems[0].h, 30, 0.01);
    assert_int_equal(ps.pages[0].elems[0].pos.line, 1);
}

static void test_overflow_warns(void **state)
{
    Fixture *f = *state;
    /* 15 lines that may not break anywhere: break at the overflow, warn. */
    add(f, 10, 0, PEN_ALLOW);
    for (int i = 0; i < 14; i++) {
        VItem *it = add(f, 10, 0, PEN_FORBID);
        it->elems = arena_calloc(f->a, 1, sizeof *it->elems);
        it->n_elems = 1;
        it->elems[0] = (VElem){EL_CODE, "s/c1", 0, 0, 100, 10, "", 0, {"t.md", 7, 1}, 0, NULL};
    }
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(ps.pages[0].n_boxes, 10);
    assert_int_equal(ps.n_warnings, 1);
    assert_int_equal(ps.warnings[0].kind, LW_WIDOW);
    assert_int_equal(ps.warnings[0].page, 0);
    assert_int_equal(ps.warnings[0].pos.line, 7);
    /* An item taller than a page stands alone on its page. */
    f->v.n = 0;
    add(f, 10, 0, PEN_ALLOW);
    add(f, 150, 0, PEN_ALLOW);
    add(f, 10, 0, PEN_ALLOW);
    ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 3);
    assert_int_equal(item_at(&ps, 1, 0), 1);
    assert_int_equal(ps.pages[1].n_boxes, 1);
}

static void test_header_repeat(void **state)
{
    Fixture *f = *state;
    /* A table: caption, header row, 15 body rows of 10 pt. */
    VItem *hdr = arena_calloc(f->a, 1, sizeof *hdr);
    hdr->height = 12;
    hdr->boxes = arena_calloc(f->a, 1, sizeof *hdr->boxes);
    hdr->n_boxes = 1;
    hdr->boxes[0] = (Box){.kind = BOX_TEXT, .y = 9, .text = "H", .len = 1};
    hdr->elems = arena_calloc(f->a, 1, sizeof *hdr->elems);
    hdr->n_elems = 1;
    hdr->elems[0] = (VElem){EL_TABLE_ROW, "t1/header", 0, 0, 100, 12, "", 0, {0}, 0, NULL};
    add(f, 10, 0, PEN_ALLOW); /* caption */
    VItem *h0 = add(f, 12, 0, PEN_FORBID);
    h0->boxes[0].text = "H";
    for (int i = 0; i < 15; i++) {
        VItem *it = add(f, 10, 0, i == 0 ? PEN_FORBID : PEN_ALLOW);
        it->repeat = hdr;
        it->n_repeat = 1;
    }
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    /* Page 1: caption, header, 7 rows (10 + 12 + 70 = 92). */
    assert_int_equal(ps.pages[0].n_boxes, 9);
    /* Page 2: the header again at the top, then the rows. */
    assert_string_equal(ps.pages[1].boxes[0].text, "H");
    assert_float_equal(ps.pages[1].boxes[0].y, 50 + 9, 0.01);
    assert_int_equal(item_at(&ps, 1, 1), 9);
    assert_float_equal(ps.pages[1].boxes[1].y, 50 + 12 + 7, 0.01);
    assert_int_equal(ps.pages[1].n_boxes, 1 + 8);
    assert_int_equal(ps.pages[1].n_elems, 1);
    assert_string_equal(ps.pages[1].elems[0].id, "t1/header");
}

static void test_dests_links_headings(void **state)
{
    Fixture *f = *state;
    static const char *d_intro[] = {"intro"};
    static const char *d_later[] = {"later"};
    static const VHeading h1 = {1, "1", "Einleitung", "intro", true};
    static const VHeading h2 = {2, "1.1", "Später", "later", true};
    static const VHeading h3 = {1, "2", "Zweites", NULL, true};
    VItem *a = add(f, 20, 0, PEN_FORCE);
    a->dests = d_intro;
    a->n_dests = 1;
    a->heading = &h1;
    VItem *l = add(f, 10, 0, PEN_ALLOW);
    l->links = arena_calloc(f->a, 2, sizeof *l->links);
    l->n_links = 2;
    l->links[0] = (VLink){5, 1, 20, 8, {DLINK_DEST, "later"}, 0};
    l->links[1] = (VLink){30, 1, 20, 8, {DLINK_URI, "https://example.org"}, 0};
    VItem *m = add(f, 10, 0, PEN_ALLOW);
    m->links = arena_calloc(f->a, 1, sizeof *m->links);
    m->n_links = 1;
    m->links[0] = (VLink){5, 0, 20, 8, {DLINK_DEST, "nowhere"}, 0}; /* dropped */
    for (int i = 0; i < 10; i++)
        add(f, 10, 0, PEN_ALLOW);
    VItem *b = add(f, 10, 4, PEN_ALLOW);
    b->dests = d_later;
    b->n_dests = 1;
    b->heading = &h2;
    VItem *c = add(f, 10, 0, PEN_FORCE);
    c->heading = &h3;
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 3);
    assert_int_equal(ps.n_dests, 2);
    assert_string_equal(ps.dests[1].name, "later");
    assert_int_equal(ps.dests[1].page, 1);
    assert_float_equal(ps.dests[1].y, 50 + 40 + 4, 0.01);
    assert_int_equal(ps.pages[0].n_links, 2);
    assert_int_equal(ps.pages[0].links[0].kind, DLINK_DEST);
    assert_int_equal(ps.pages[0].links[0].page, 1);
    assert_float_equal(ps.pages[0].links[0].dest_y, 50 + 40 + 4, 0.01);
    assert_float_equal(ps.pages[0].links[0].y, 50 + 20 + 1, 0.01);
    assert_int_equal(ps.pages[0].links[1].kind, DLINK_URI);
    assert_string_equal(ps.pages[0].links[1].uri, "https://example.org");
    assert_int_equal(ps.n_headings, 3);
    assert_int_equal(ps.headings[1].page, 1);
    /* Running chapter: page 2 is still in chapter 1, page 3 starts chapter 2. */
    assert_int_equal(ps.chapter[0], 0);
    assert_int_equal(ps.chapter[1], 0);
    assert_int_equal(ps.chapter[2], 2);
    /* Reserved room for the furniture before every page's boxes. */
    ps.pages[2].boxes[-4].kind = BOX_LINE;
    assert_int_equal(ps.pages[2].boxes[0].kind, BOX_TEXT);
}

/* A dry run breaks the same pages and finds the same destinations and
 * headings, but puts nothing on the pages. */
static void test_dry_run_same_breaks(void **state)
{
    Fixture *f = *state;
    static const char *d[] = {"mitte"};
    static const VHeading h = {1, "1", "Kapitel", "mitte", true};
    add_para(f, 7, 0, "p1");
    add_para(f, 6, 5, "p2");
    VItem *it = add(f, 10, 0, PEN_FORCE);
    it->dests = d;
    it->n_dests = 1;
    it->heading = &h;
    add_para(f, 12, 5, "p3");
    PageSet full = paginate(&f->v, &geom, f->a);
    PageGeom g = geom;
    g.dry = true;
    PageSet dry = paginate(&f->v, &g, f->a);
    assert_true(full.n_pages >= 3);
    assert_int_equal(dry.n_pages, full.n_pages);
    assert_int_equal(dry.n_dests, 1);
    assert_int_equal(dry.dests[0].page, full.dests[0].page);
    assert_float_equal(dry.dests[0].y, full.dests[0].y, 0.001);
    assert_int_equal(dry.n_headings, full.n_headings);
    for (size_t p = 0; p < full.n_pages; p++) {
        assert_int_equal(dry.chapter[p], full.chapter[p]);
        assert_int_equal(dry.pages[p].n_boxes, 0);
        assert_int_equal(dry.pages[p].n_elems, 0);
        assert_true(full.pages[p].n_boxes > 0);
    }
    /* The full run shares the items' strings instead of copying them. */
    assert_ptr_equal(full.pages[0].elems[0].id, f->v.items[0].elems[0].id);
    assert_ptr_equal(full.pages[0].boxes[0].text, f->v.items[0].boxes[0].text);
    assert_int_equal(dry.n_warnings, 0);
}

/* Marks of the arena: what comes after a mark goes at once, and its memory
 * is handed out again (large blocks included); earlier memory stays. */
static void test_arena_mark_release(void **state)
{
    (void)state;
    Arena *a = arena_new();
    char *keep = arena_strdup(a, "bleibt");
    size_t used = arena_used(a);
    ArenaMark m = arena_mark(a);
    char *last = NULL;
    for (int i = 0; i < 1000; i++)
        last = arena_printf(a, "%d", i);
    assert_string_equal(last, "999");
    unsigned char *big = arena_alloc(a, 100000);
    assert_int_equal(big[99999], 0);
    memset(big, 0xff, 100000);
    assert_true(arena_used(a) > used + 100000);
    arena_release(a, m);
    assert_int_equal(arena_used(a), used);
    assert_string_equal(keep, "bleibt");
    /* Reused memory comes back zeroed, and aligned for any type. */
    for (int i = 0; i < 200; i++) {
        unsigned char *p = arena_alloc(a, 1000);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        for (int k = 0; k < 1000; k++)
            assert_int_equal(p[k], 0);
    }
    char *packed = arena_strndup(a, "abc", 3);
    const double *d = arena_dup(a, &(double){2.5}, sizeof(double));
    assert_int_equal((uintptr_t)d % _Alignof(max_align_t), 0);
    assert_float_equal(*d, 2.5, 0);
    assert_string_equal(packed, "abc");
    assert_string_equal(keep, "bleibt");
    arena_free(a);
}

/* Growing the last allocation happens in place, below a mark it does not,
 * and a large block grows without leaving the old one behind. */
static void test_arena_realloc(void **state)
{
    (void)state;
    Arena *a = arena_new();
    char *p = arena_alloc(a, 100);
    memset(p, 'a', 100);
    size_t used = arena_used(a);
    char *q = arena_realloc(a, p, 100, 200);
    assert_ptr_equal(q, p);
    assert_int_equal(arena_used(a), used + 100);
    assert_int_equal(q[99], 'a');
    assert_int_equal(q[100], 0);
    assert_int_equal(q[199], 0);
    /* Not the last allocation any more: a zero-extended copy. */
    arena_alloc(a, 8);
    char *r = arena_realloc(a, q, 200, 300);
    assert_ptr_not_equal(r, q);
    assert_int_equal(r[0], 'a');
    assert_int_equal(r[150], 0);
    assert_int_equal(r[299], 0);
    /* An allocation from before a mark is copied, so that releasing the
     * mark cannot cut it short. */
    char *s = arena_alloc(a, 16);
    strcpy(s, "vor der Marke");
    ArenaMark m = arena_mark(a);
    char *t = arena_realloc(a, s, 16, 32);
    assert_ptr_not_equal(t, s);
    assert_string_equal(t, "vor der Marke");
    arena_release(a, m);
    assert_string_equal(s, "vor der Marke");
    /* Large blocks: doubling a vector keeps its contents. */
    size_t n = 1000;
    int *v = arena_calloc(a, n, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (int)i;
    for (int k = 0; k < 6; k++) {
        v = arena_realloc(a, v, n * sizeof *v, 2 * n * sizeof *v);
        for (size_t i = n; i < 2 * n; i++) {
            assert_int_equal(v[i], 0);
            v[i] = (int)i;
        }
        n *= 2;
    }
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i], (int)i);
    /* A large block after a mark goes at the release; the vector stays. */
    ArenaMark m2 = arena_mark(a);
    int *big = arena_alloc(a, 50000);
    big[0] = 1;
    arena_release(a, m2);
    assert_int_equal(v[n - 1], (int)(n - 1));
    char *fresh = arena_realloc(a, NULL, 0, 8);
    assert_non_null(fresh);
    assert_int_equal(fresh[7], 0);
    arena_free(a);
}

static void test_best_break_prefers_low_penalty(void **state)
{
    Fixture *f = *state;
    /* A costly break late and a free one a little earlier: TeX takes the
     * free one when the space it leaves costs less than the penalty. */
    for (int i = 0; i < 9; i++)
        add(f, 10, 0, PEN_ALLOW);
    add(f, 10, 0, 5000);
    add(f, 10, 0, 5000);
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(ps.pages[0].n_boxes, 8);
}


/* ---- the whole layout of a small synthetic document ---------------------- */

static const char *const labels_de[LBL_COUNT] = {
#define LABEL_DE(id, key, de, en) [id] = de,
    IMR_LABELS(LABEL_DE)
#undef LABEL_DE
};

static void style(Template *t, StyleRole r, FontRole f, float size, float leading, float before,
                  float after)
{
    t->styles[r] = (TextStyle){f, size, leading, before, after, {0.1f, 0.1f, 0.1f}};
}

/* A4 with the template's fonts, no hyphenation (fast to load). */
static Template *test_template(Arena *a)
{
    Template *t = arena_calloc(a, 1, sizeof *t);
    t->name = "test";
    t->page_width = 595.28f;
    t->page_height = 841.89f;
    t->margin_top = t->margin_bottom = 79;
    t->margin_inner = t->margin_outer = 71;
    t->header_offset = t->footer_offset = 45;
    static const char *const files[FONT_COUNT] = {
        "fonts/OpenSans-Regular.ttf", "fonts/OpenSans-Bold.ttf", "fonts/OpenSans-Italic.ttf",
        "fonts/OpenSans-BoldItalic.ttf", "fonts/OpenSans-Semibold.ttf", "fonts/DejaVuSansMono.ttf"};
    for (int i = 0; i < FONT_COUNT; i++)
        t->font_files[i] = files[i];
    for (int r = 0; r < STYLE_COUNT; r++)
        style(t, (StyleRole)r, FONT_REGULAR, 10, 14.5f, 0, 7);
    style(t, STYLE_H1, FONT_SEMIBOLD, 21, 26, 0, 20);
    style(t, STYLE_H2, FONT_SEMIBOLD, 14, 18, 16, 7);
    style(t, STYLE_TOC_TITLE, FONT_SEMIBOLD, 21, 26, 0, 20);
    style(t, STYLE_TOC1, FONT_SEMIBOLD, 10.5f, 15, 8, 0);
    style(t, STYLE_TOC2, FONT_REGULAR, 10, 14, 1, 0);
    style(t, STYLE_HEADER, FONT_REGULAR, 7.5f, 10, 0, 0);
    style(t, STYLE_FOOTER, FONT_REGULAR, 7.5f, 10, 0, 0);
    t->justify = true;
    t->hyphenate = false;
    t->toc_depth = 3;
    t->rule_width = 0.5f;
    /* the presentation keys as templates/default.yaml sets them */
    t->cover.logo_size = 90;
    t->cover.title_top = 0.3f;
    t->cover.title_width = 0.88f;
    t->cover.band_width = 56;
    t->cover.band_height = 4;
    t->cover.band_above = 22;
    t->cover.meta_top = 0.68f;
    t->cover.meta_rule_above = 14;
    t->cover.meta_rule_width = 1.5f;
    t->cover.meta_date_gap = 8;
    t->imprint_width = 0.6f;
    t->toc_page_column = 30;
    t->toc_dot_step = 4.5f;
    t->toc_number_gap = 0.9f;
    t->watermark_size = 96;
    t->watermark_angle = 45;
    t->watermark_color = (Color){0.87f, 0.87f, 0.87f};
    t->header_gap = 24;
    t->header_rule_width = 0.5f;
    t->header_rule_below = 0.6f;
    t->marking_top = 24;
    t->marking_bottom = 22;
    for (int i = 0; i < LBL_COUNT; i++)
        t->labels[i] = labels_de[i];
    return t;
}

static Inlines text_runs(Arena *a, const char *s, const char *ref)
{
    Run *r = arena_calloc(a, 2, sizeof *r);
    r[0] = (Run){.kind = RUN_TEXT, .text = s, .pos = {"t.md", 1, 1}};
    if (!ref)
        return (Inlines){r, 1};
    r[1] = (Run){.kind = RUN_PAGEREF, .dest = ref, .pos = {"t.md", 1, 1}};
    return (Inlines){r, 2};
}

static Block *block(Arena *a, BlockKind k, StyleRole st)
{
    Block *b = arena_calloc(a, 1, sizeof *b);
    b->kind = k;
    b->style = st;
    b->pos = (SrcPos){"t.md", 1, 1};
    return b;
}

static Block *heading(Arena *a, int level, const char *num, const char *title, const char *id)
{
    Block *b = block(a, BLK_HEADING, level == 1 ? STYLE_H1 : STYLE_H2);
    b->level = level;
    b->number = num;
    b->inl = text_runs(a, title, NULL);
    b->id = b->dest = id;
    b->keep_with_next = true;
    b->new_page = level == 1;
    b->in_toc = b->in_outline = true;
    return b;
}

static const char lorem[] =
    "Die Landesregierung hat im Berichtszeitraum zahlreiche Ma\xc3\x9fnahmen fortgesetzt, "
    "neue Angebote f\xc3\xbcr Schulen und Jugendarbeit geschaffen und die Zusammenarbeit der "
    "Ressorts weiter gefestigt. Beratungsstellen, Polizei und Schulpsychologie arbeiten eng "
    "zusammen, damit Radikalisierung fr\xc3\xbch erkannt wird.";

/* Cover-less document: contents, chapter 1 with many paragraphs and a
 * section, chapter 2 with a page reference back to the section. */
static const Doc *test_doc(Arena *a, bool draft, const char *extra)
{
    enum { N_PARAS = 40 };
    const Block **v = arena_calloc(a, N_PARAS + 16, sizeof *v);
    size_t n = 0;
    v[n++] = block(a, BLK_TOC, STYLE_TOC_TITLE);
    v[n++] = heading(a, 1, "1", "Eins", "eins");
    for (int i = 0; i < N_PARAS; i++) {
        Block *p = block(a, BLK_PARAGRAPH, STYLE_BODY);
        p->inl = text_runs(a, lorem, NULL);
        v[n++] = p;
        if (i == N_PARAS / 2)
            v[n++] = heading(a, 2, "1.1", "Abschnitt", "abschnitt");
    }
    v[n++] = heading(a, 1, "2", "Zwei", "zwei");
    Block *p = block(a, BLK_PARAGRAPH, STYLE_BODY);
    p->inl = text_runs(a, extra ? extra : "Siehe Seite ", "abschnitt");
    v[n++] = p;
    Doc *d = arena_calloc(a, 1, sizeof *d);
    d->info.title = "Testbericht";
    d->info.draft = draft;
    d->tmpl = test_template(a);
    d->blocks = (const Block *const *)v;
    d->n_blocks = n;
    return d;
}

static const Element *find_element(const Layout *l, ElemKind k, const char *id, size_t *page)
{
    for (size_t p = 0; p < l->n_pages; p++)
        for (size_t i = 0; i < l->pages[p].n_elems; i++) {
            const Element *e = &l->pages[p].elems[i];
            if (e->kind == k && e->part == 0 && strcmp(e->id, id) == 0) {
                *page = p;
                return e;
            }
        }
    return NULL;
}

static bool page_has_text(const Page *pg, const char *s, float right_edge)
{
    for (size_t i = 0; i < pg->n_boxes; i++) {
        const Box *b = &pg->boxes[i];
        if (b->kind == BOX_TEXT && b->len == strlen(s) && memcmp(b->text, s, b->len) == 0 &&
            (right_edge <= 0 || (b->x + b->w > right_edge - 0.05f && b->x + b->w < right_edge + 0.05f)))
            return true;
    }
    return false;
}

/* Furniture boxes above the text area: the running header. */
static int header_boxes(const Page *pg, float body_top)
{
    int n = 0;
    for (size_t i = 0; i < pg->n_boxes; i++)
        if (pg->boxes[i].artifact && pg->boxes[i].y < body_top)
            n++;
    return n;
}

static void test_document(void **state)
{
    Fixture *f = *state;
    Diags d = {0};
    const Layout *l = layout_document(test_doc(f->a, false, NULL), f->a, &d);
    assert_non_null(l);
    assert_int_equal(d.errors, 0);
    assert_true(l->passes >= 2 && l->passes <= 6);
    assert_true(l->n_pages >= 4);
    size_t pe, pa, pz;
    assert_non_null(find_element(l, EL_HEADING, "eins", &pe));
    const Element *ha = find_element(l, EL_HEADING, "abschnitt", &pa);
    const Element *hz = find_element(l, EL_HEADING, "zwei", &pz);
    assert_non_null(ha);
    assert_non_null(hz);
    /* Chapters start a page; the contents come first. */
    assert_int_equal(pe, 1);
    assert_ptr_equal(&l->pages[pz].elems[0], hz);
    /* The contents print the heading's page label, right-aligned. */
    float right = 595.28f - 71;
    assert_true(page_has_text(&l->pages[0], l->pages[pa].label, right));
    assert_true(page_has_text(&l->pages[0], l->pages[pz].label, right));
    /* The page reference resolved in the last pass. */
    bool found = false;
    for (size_t i = 0; i < l->pages[pz].n_boxes; i++) {
        const Box *b = &l->pages[pz].boxes[i];
        if (b->kind == BOX_TEXT && b->len >= strlen(l->pages[pa].label) &&
            strstr(arena_strndup(f->a, b->text, b->len), l->pages[pa].label))
            found = true;
    }
    assert_true(found);
    /* Footer on every page, running header with the chapter title on body pages. */
    for (size_t p = 0; p < l->n_pages; p++) {
        char want[64];
        snprintf(want, sizeof want, "Seite %zu von %zu", p + 1, l->n_pages);
        assert_true(page_has_text(&l->pages[p], want, right));
        assert_string_equal(l->pages[p].label, arena_printf(f->a, "%zu", p + 1));
    }
    assert_true(page_has_text(&l->pages[pe + 1], "1\xc2\xa0\xc2\xa0" "Eins", right));
    assert_true(page_has_text(&l->pages[pe + 1], "Testbericht", 0));
    /* Pages opening a chapter carry no running header (title, chapter, rule)
     * but keep the footer; the page after it has all three. */
    float top = test_template(f->a)->margin_top;
    assert_int_equal(header_boxes(&l->pages[pe], top), 0);
    assert_int_equal(header_boxes(&l->pages[pz], top), 0);
    assert_false(page_has_text(&l->pages[pe], "Testbericht", 0));
    assert_false(page_has_text(&l->pages[pz], "Testbericht", 0));
    assert_int_equal(header_boxes(&l->pages[pe + 1], top), 3);
    /* No page ends with a heading; no paragraph is split 1 + n or n + 1. */
    for (size_t p = 0; p < l->n_pages; p++) {
        const Page *pg = &l->pages[p];
        assert_true(pg->n_elems > 0);
        assert_int_not_equal(pg->elems[pg->n_elems - 1].kind, EL_HEADING);
        for (size_t i = 0; i < pg->n_elems; i++) {
            const Element *e = &pg->elems[i];
            if (e->kind != EL_PARAGRAPH)
                continue;
            bool split_before = e->part > 0;
            bool split_after = false;
            if (p + 1 < l->n_pages)
                for (size_t k = 0; k < l->pages[p + 1].n_elems; k++)
                    if (l->pages[p + 1].elems[k].part > 0 &&
                        strcmp(l->pages[p + 1].elems[k].id, e->id) == 0)
                        split_after = true;
            if (split_before || split_after)
                assert_true(e->lines >= 2);
        }
    }
    /* Outline: both chapters and the section, with their numbers. */
    assert_int_equal(l->n_outline, 3);
    assert_string_equal(l->outline[1].title, "1.1 Abschnitt");
    assert_int_equal(l->outline[1].level, 2);
    assert_int_equal(l->outline[1].page, (int)pa);
    /* Every contents link points at its heading. */
    size_t links = 0;
    for (size_t i = 0; i < l->pages[0].n_links; i++) {
        const LinkArea *la = &l->pages[0].links[i];
        if (la->kind == DLINK_DEST && la->page == (int)pz)
            links++;
    }
    assert_int_equal(links, 1);
    assert_int_equal(l->n_warnings, 0);
    diags_free(&d);
}

/* A contents entry, a heading of n words (its id as long, as compose makes
 * it from the title) and a page of text; the bytes the layout leaves in
 * its result arena. */
static size_t used_for_heading(size_t n_words)
{
    Arena *a = arena_new();
    Buf title = {0};
    for (size_t i = 0; i < n_words; i++)
        buf_puts(&title, i ? " Radikalisierungspr\xc3\xa4vention" : "Radikalisierungspr\xc3\xa4vention");
    Buf id = {0};
    for (size_t i = 0; i < n_words; i++)
        buf_puts(&id, i ? "-radikalisierungspraevention" : "radikalisierungspraevention");
    const Block **v = arena_calloc(a, 8, sizeof *v);
    size_t n = 0;
    v[n++] = block(a, BLK_TOC, STYLE_TOC_TITLE);
    v[n++] = heading(a, 1, "1", arena_strndup(a, title.data, title.len),
                     arena_strndup(a, id.data, id.len));
    for (int i = 0; i < 4; i++) {
        Block *p = block(a, BLK_PARAGRAPH, STYLE_BODY);
        p->inl = text_runs(a, lorem, NULL);
        v[n++] = p;
    }
    buf_free(&title);
    buf_free(&id);
    Doc *d = arena_calloc(a, 1, sizeof *d);
    d->info.title = "Testbericht";
    d->tmpl = test_template(a);
    d->blocks = (const Block *const *)v;
    d->n_blocks = n;
    Arena *result = arena_new();
    Diags dg = {0};
    const Layout *l = layout_document(d, result, &dg);
    assert_non_null(l);
    assert_int_equal(dg.errors, 0);
    assert_true(l->n_pages >= 2 + n_words / 150); /* long entries take pages */
    size_t used = arena_used(result);
    diags_free(&dg);
    arena_free(result);
    arena_free(a);
    return used;
}

/* Memory grows with a heading's length, not with its length times its
 * lines or pages: the lines of its contents entry share one link target,
 * the pages of its chapter one running header. */
static void test_long_heading_memory(void **state)
{
    (void)state;
    size_t base = used_for_heading(1);
    size_t small = used_for_heading(150) - base;
    size_t large = used_for_heading(1500) - base;
    double ratio = (double)large / (double)small;
    assert_true(small > 0);
    print_message("10x the heading: %.1fx the memory (%zu -> %zu bytes)\n", ratio, small, large);
    if (ratio < 5 || ratio > 15)
        fail_msg("10x the heading took %.1fx the memory (%zu -> %zu bytes)", ratio, small,
                 large);
}

static void test_draft_and_missing_glyph(void **state)
{
    Fixture *f = *state;
    Diags d = {0};
    const Layout *l =
        layout_document(test_doc(f->a, true, "Ein Schneemann \xe2\x98\x83 auf Seite "), f->a, &d);
    assert_non_null(l);
    for (size_t p = 0; p < l->n_pages; p++) {
        bool mark = false;
        for (size_t i = 0; i < l->pages[p].n_boxes; i++) {
            const Box *b = &l->pages[p].boxes[i];
            if (b->kind == BOX_TEXT && b->angle == 45 && b->artifact &&
                b->len == strlen("ENTWURF") && memcmp(b->text, "ENTWURF", b->len) == 0)
                mark = true;
        }
        assert_true(mark);
    }
    /* One diagnostic (not one per pass) and a layout warning on the page. */
    assert_int_equal(d.warnings, 1);
    assert_true(strstr(d.items[0].msg, "U+2603") != NULL);
    size_t n = 0;
    for (size_t i = 0; i < l->n_warnings; i++)
        if (l->warnings[i].kind == LW_MISSING_GLYPH) {
            n++;
            assert_int_equal(l->warnings[i].page, (int)l->n_pages - 1);
        }
    assert_int_equal(n, 1);
    diags_free(&d);
}

static void test_missing_font(void **state)
{
    Fixture *f = *state;
    Diags d = {0};
    const Doc *doc = test_doc(f->a, false, NULL);
    ((Template *)doc->tmpl)->font_files[FONT_MONO] = "fonts/no-such-font.ttf";
    assert_null(layout_document(doc, f->a, &d));
    assert_int_equal(d.errors, 1);
    assert_string_equal(d.items[0].pos.file, "fonts/no-such-font.ttf");
    diags_free(&d);
}

/* ---- block formatters on their own ----------------------------------------- */

typedef struct Fmt {
    LCtx c;
    Font *fonts[FONT_COUNT];
} Fmt;

static void fmt_open(Fmt *m, Arena *a, const Doc *doc)
{
    memset(m, 0, sizeof *m);
    for (int i = 0; i < FONT_COUNT; i++) {
        char err[200];
        m->fonts[i] = font_load(doc->tmpl->font_files[i], err, sizeof err);
        assert_non_null(m->fonts[i]);
        m->c.fonts[i] = m->fonts[i];
    }
    m->c.doc = doc;
    m->c.t = doc->tmpl;
    m->c.arena = a;
    m->c.body_top = 79;
    m->c.body_height = 841.89f - 158;
    m->c.body_left = 71;
    m->c.body_width = 595.28f - 142;
    m->c.section = "";
}

static void fmt_close(Fmt *m)
{
    for (int i = 0; i < FONT_COUNT; i++)
        font_free(m->fonts[i]);
}

static void test_formatters(void **state)
{
    Fixture *f = *state;
    Arena *a = f->a;
    const Doc *doc = test_doc(a, false, NULL);
    Fmt m;
    fmt_open(&m, a, doc);
    LCtx *c = &m.c;
    VList v = {0};
    const float x = 71, w = 595.28f - 142;

    /* A section heading keeps with the first two lines of its paragraph. */
    fmt_block(c, &v, heading(a, 2, "1.1", "Abschnitt", "abschnitt"), x, w);
    assert_int_equal(v.n, 1);
    assert_non_null(v.items[0].heading);
    assert_string_equal(v.items[0].heading->dest, "abschnitt");
    assert_int_equal(v.items[0].n_dests, 1);
    Block *p = block(a, BLK_PARAGRAPH, STYLE_BODY);
    p->inl = text_runs(a, lorem, NULL);
    fmt_block(c, &v, p, x, w);
    assert_true(v.n >= 4);
    assert_int_equal(v.items[1].penalty, PEN_FORBID);
    assert_int_equal(v.items[2].penalty, PEN_FORBID);
    assert_int_equal(v.items[v.n - 1].penalty, PEN_FORBID);
    assert_float_equal(v.items[1].space_before, 7, 0.01); /* the heading's space_after */
    assert_string_equal(v.items[1].elems[0].id, "abschnitt/p1");
    for (size_t i = 1; i < v.n; i++)
        for (size_t k = 0; k < v.items[i].n_boxes; k++)
            assert_true(v.items[i].boxes[k].x + v.items[i].boxes[k].w <= x + w + 0.01f);

    /* Lists: the marker hangs left of the text, on the same baseline. */
    v.n = 0;
    Block *item = block(a, BLK_LIST_ITEM, STYLE_LIST);
    item->marker = "10.";
    Block *ip = block(a, BLK_PARAGRAPH, STYLE_LIST);
    ip->inl = text_runs(a, lorem, NULL);
    const Block **kids = arena_calloc(a, 1, sizeof *kids);
    kids[0] = ip;
    item->children = (const Block *const *)kids;
    item->n_children = 1;
    Block *list = block(a, BLK_LIST, STYLE_LIST);
    const Block **items = arena_calloc(a, 1, sizeof *items);
    items[0] = item;
    list->children = (const Block *const *)items;
    list->n_children = 1;
    fmt_block(c, &v, list, x, w);
    assert_true(v.n >= 2);
    const Box *marker = NULL, *first = NULL;
    for (size_t k = 0; k < v.items[0].n_boxes; k++) {
        const Box *b = &v.items[0].boxes[k];
        if (b->len == 3 && memcmp(b->text, "10.", 3) == 0)
            marker = b;
        else if (!first)
            first = b;
    }
    assert_non_null(marker);
    assert_non_null(first);
    assert_true(marker->x >= x && marker->x + marker->w < first->x);
    assert_float_equal(marker->y, first->y, 0.01);
    assert_int_equal(v.items[0].elems[0].kind, EL_LIST_ITEM);
    assert_int_equal(v.items[0].n_elems, 1); /* no paragraph element inside the item */

    /* Code: long lines wrap inside the background, short blocks keep together. */
    v.n = 0;
    Block *code = block(a, BLK_CODE, STYLE_CODE);
    code->inl = text_runs(a, "a\tb\n"
                             "0123456789012345678901234567890123456789012345678901234567890123456789"
                             "0123456789012345678901234567890123456789\n"
                             "end\n", NULL);
    fmt_block(c, &v, code, x, w);
    assert_int_equal(v.n, 4);
    for (size_t i = 0; i < v.n; i++) {
        assert_int_equal(v.items[i].boxes[0].kind, BOX_RECT);
        assert_float_equal(v.items[i].boxes[0].h, v.items[i].height, 0.01);
        if (i > 0)
            assert_int_equal(v.items[i].penalty, PEN_FORBID);
        for (size_t k = 1; k < v.items[i].n_boxes; k++)
            assert_true(v.items[i].boxes[k].x + v.items[i].boxes[k].w <= x + w);
    }
    assert_int_equal(v.items[0].boxes[1].len, 5); /* "a   b": tab to column 4 */

    /* Pictures: fit the column, at most 60 % of the body, caption inside the item. */
    v.n = 0;
    static const unsigned char px[3 * 4] = {0};
    static const Image tall = {"tall.png", IMAGE_RAW, IMAGE_RGB, 2, 2000, px, 12};
    Block *img = block(a, BLK_IMAGE, STYLE_BODY);
    img->image = &tall;
    img->caption = text_runs(a, "Abbildung 1: Hoch", NULL);
    fmt_block(c, &v, img, x, w);
    assert_int_equal(v.n, 1);
    assert_int_equal(v.items[0].boxes[0].kind, BOX_IMAGE);
    assert_float_equal(v.items[0].boxes[0].h, c->body_height * 0.6f, 0.01);
    assert_true(v.items[0].n_boxes >= 2);
    assert_true(v.items[0].height > v.items[0].boxes[0].h);
    assert_int_equal(v.items[0].elems[0].kind, EL_IMAGE);

    /* A page break forces; a quote draws its bar beside every line. */
    v.n = 0;
    fmt_block(c, &v, block(a, BLK_PAGEBREAK, STYLE_BODY), x, w);
    assert_int_equal(v.items[0].penalty, PEN_FORCE);
    Block *q = block(a, BLK_QUOTE, STYLE_QUOTE);
    Block *qp = block(a, BLK_PARAGRAPH, STYLE_QUOTE);
    qp->inl = text_runs(a, lorem, NULL);
    const Block **qk = arena_calloc(a, 1, sizeof *qk);
    qk[0] = qp;
    q->children = (const Block *const *)qk;
    q->n_children = 1;
    fmt_block(c, &v, q, x, w);
    for (size_t i = 1; i < v.n; i++) {
        assert_int_equal(v.items[i].boxes[0].kind, BOX_RECT);
        assert_true(v.items[i].boxes[0].x < v.items[i].boxes[1].x);
        assert_int_equal(v.items[i].elems[0].kind, EL_QUOTE);
    }
    fmt_close(&m);
}

/* Gives item `it` n footnote lines of 10 pt (element "fn-1"). */
static void add_notes(Fixture *f, VItem *it, size_t n)
{
    VItem *v = arena_calloc(f->a, n, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        v[i].height = 10;
        v[i].boxes = arena_calloc(f->a, 1, sizeof *v[i].boxes);
        v[i].n_boxes = 1;
        v[i].boxes[0].kind = BOX_TEXT;
        v[i].boxes[0].text = "99";
        v[i].boxes[0].len = 2;
        v[i].elems = arena_calloc(f->a, 1, sizeof *v[i].elems);
        v[i].n_elems = 1;
        v[i].elems[0] = (VElem){EL_FOOTNOTE, "fn-1", 10, 0, 80, 10, "note", 2, {"t.md", 9, 1}, 0, NULL};
    }
    if (n) {
        v[0].dests = arena_calloc(f->a, 1, sizeof *v[0].dests);
        v[0].dests[0] = "fn-1";
        v[0].n_dests = 1;
    }
    it->notes = v;
    it->n_notes = n;
}

static const Element *page_elem(const PageSet *ps, size_t p, ElemKind kind)
{
    for (size_t i = 0; i < ps->pages[p].n_elems; i++)
        if (ps->pages[p].elems[i].kind == kind)
            return &ps->pages[p].elems[i];
    return NULL;
}

/* Footnotes at the foot of their item's page below a rule; a note that does
 * not fit is split (two lines at least stay), the rest continues on the next
 * page before the text; an item whose note cannot keep two lines moves on. */
static void test_footnotes(void **state)
{
    Fixture *f = *state;
    for (int i = 0; i < 9; i++)
        add(f, 10, 0, PEN_ALLOW);
    add_notes(f, &f->v.items[1], 2);
    PageSet ps = paginate(&f->v, &geom, f->a);
    /* 9 lines + gap + 2 note lines = 120 > 100: lines 7 and 8 move on */
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(ps.pages[0].n_boxes, 7 + 1 + 2);
    const Element *e = page_elem(&ps, 0, EL_FOOTNOTE);
    assert_non_null(e);
    assert_float_equal(e->y, 150 - 20, 0.01);
    assert_int_equal(e->lines, 2);
    const Box *rule = &ps.pages[0].boxes[7];
    assert_int_equal(rule->kind, BOX_LINE);
    assert_float_equal(rule->y, 150 - 20 - 5, 0.01);
    assert_float_equal(rule->w, 40, 0.01);
    assert_null(page_elem(&ps, 1, EL_FOOTNOTE));
    assert_int_equal(ps.n_dests, 1);
    assert_int_equal(ps.dests[0].page, 0);

    /* a long note on line 5: three of its four lines fit, one continues */
    f->v.n = 0;
    for (int i = 0; i < 9; i++)
        add(f, 10, 0, PEN_ALLOW);
    add_notes(f, &f->v.items[5], 4);
    ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(item_at(&ps, 1, 0), 6);
    e = page_elem(&ps, 0, EL_FOOTNOTE);
    assert_non_null(e);
    assert_int_equal(e->lines, 3);
    assert_int_equal(e->part, 0);
    assert_float_equal(e->y, 150 - 30, 0.01);
    e = page_elem(&ps, 1, EL_FOOTNOTE);
    assert_non_null(e);
    assert_int_equal(e->lines, 1);
    assert_int_equal(e->part, 1);
    assert_float_equal(e->y, 150 - 10, 0.01);

    /* on line 7 only one of its two lines would fit: the line moves on with it */
    f->v.n = 0;
    for (int i = 0; i < 9; i++)
        add(f, 10, 0, PEN_ALLOW);
    add_notes(f, &f->v.items[7], 2);
    ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(item_at(&ps, 1, 0), 7);
    assert_null(page_elem(&ps, 0, EL_FOOTNOTE));
    assert_int_equal(page_elem(&ps, 1, EL_FOOTNOTE)->lines, 2);

    /* a note longer than a page continues over several pages, then ends */
    f->v.n = 0;
    add(f, 10, 0, PEN_ALLOW);
    add_notes(f, &f->v.items[0], 25);
    ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 3);
    assert_int_equal(page_elem(&ps, 0, EL_FOOTNOTE)->lines, 8);
    assert_int_equal(page_elem(&ps, 1, EL_FOOTNOTE)->lines, 9);
    assert_int_equal(page_elem(&ps, 2, EL_FOOTNOTE)->lines, 8);
    assert_int_equal(page_elem(&ps, 2, EL_FOOTNOTE)->part, 2);
}

/* The logical structure (tagged PDF): every content box belongs to an
 * element, chapters and sections nest, the contents are TOC > TOCI > Link,
 * a paragraph over a page break is one element, furniture is pagination. */
static void test_structure(void **state)
{
    Fixture *f = *state;
    Diags d = {0};
    const Layout *l = layout_document(test_doc(f->a, true, NULL), f->a, &d);
    assert_non_null(l);
    assert_true(l->n_nodes > 10);
    assert_int_equal(l->nodes[0].type, ST_DOCUMENT);
    for (size_t i = 1; i < l->n_nodes; i++)
        assert_true(l->nodes[i].parent < i); /* parents first: document order */
    int *first_page = arena_calloc(f->a, l->n_nodes, sizeof *first_page);
    int *last_page = arena_calloc(f->a, l->n_nodes, sizeof *last_page);
    bool footer = false, watermark = false;
    for (size_t p = 0; p < l->n_pages; p++) {
        const Page *pg = &l->pages[p];
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const Box *b = &pg->boxes[i];
            footer |= b->artifact == ART_FOOTER;
            watermark |= b->artifact == ART_WATERMARK;
            if (b->artifact != ART_NONE) {
                assert_int_equal(b->node, 0);
                continue;
            }
            assert_true(b->node > 0 && b->node < l->n_nodes);
            if (!first_page[b->node])
                first_page[b->node] = (int)p + 1;
            last_page[b->node] = (int)p + 1;
        }
        for (size_t i = 0; i < pg->n_links; i++) {
            const StructNode *ln = &l->nodes[pg->links[i].node];
            assert_int_equal(ln->type, ST_LINK);
            if (p == 0) /* a contents entry */
                assert_int_equal(l->nodes[ln->parent].type, ST_TOCI);
        }
    }
    assert_true(footer && watermark);
    /* headings: chapter H1 in a Sect; the section H2 in a Sect inside it */
    int h1 = 0, h2 = 0, toci = 0, split = 0;
    for (size_t i = 1; i < l->n_nodes; i++) {
        const StructNode *n = &l->nodes[i];
        if (n->type == ST_H1 && l->nodes[n->parent].type == ST_SECT)
            h1++;
        if (n->type == ST_H2) {
            const StructNode *sect = &l->nodes[n->parent];
            assert_int_equal(sect->type, ST_SECT);
            assert_int_equal(l->nodes[sect->parent].type, ST_SECT);
            h2++;
        }
        if (n->type == ST_TOCI) {
            assert_int_equal(l->nodes[n->parent].type, ST_TOC);
            toci++;
        }
        if (n->type == ST_P && first_page[i] && last_page[i] > first_page[i])
            split++;
    }
    assert_int_equal(h1, 2);
    assert_int_equal(h2, 1);
    assert_int_equal(toci, 3);
    assert_true(split >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fill_and_break, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forced_breaks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_space_dropped_at_top, setup, teardown),
        cmocka_unit_test_setup_teardown(test_space_dropped_after_forced_break, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keep_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_widows_and_orphans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overflow_warns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_repeat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dests_links_headings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_best_break_prefers_low_penalty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dry_run_same_breaks, setup, teardown),
        cmocka_unit_test(test_arena_mark_release),
        cmocka_unit_test(test_arena_realloc),
        cmocka_unit_test_setup_teardown(test_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_structure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_draft_and_missing_glyph, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_font, setup, teardown),
        cmocka_unit_test_setup_teardown(test_formatters, setup, teardown),
        cmocka_unit_test(test_long_heading_memory),
        cmocka_unit_test_setup_teardown(test_footnotes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
