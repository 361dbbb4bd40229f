/* test_layout_pages.c — the page builder (paginate) on synthetic vertical
 * lists: forced breaks, keep-together, widows and orphans, glue dropped at
 * the top of a page, table header repeat, overflow warnings, elements merged
 * per page with part numbers, destinations and internal links, running
 * chapters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "layout/vlist.h"

/* A page with a 100 pt body starting at y = 50. */
static const PageGeom geom = {200, 200, 50, 100, 4};

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
        it->elems[0] = (VElem){EL_PARAGRAPH, id, 10, 0, 80, 10, "x", 1, {"t.md", 1 + i, 1}};
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
    add(f, 10, 5, PEN_ALLOW);
    PageSet ps = paginate(&f->v, &geom, f->a);
    assert_int_equal(ps.n_pages, 2);
    assert_int_equal(item_at(&ps, 1, 0), 9);
    assert_float_equal(ps.pages[1].boxes[0].y, 50 + 7, 0.01);
    assert_float_equal(ps.pages[1].boxes[1].y, 50 + 10 + 5 + 7, 0.01);
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
        it->elems[0] = (VElem){EL_CODE, "s/c1", 0, 0, 100, 10, "", 0, {"t.md", 7, 1}};
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
    hdr->elems[0] = (VElem){EL_TABLE_ROW, "t1/header", 0, 0, 100, 12, "", 0, {0}};
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
    static const VHeading h1 = {1, "1", "Einleitung", "intro", true, true};
    static const VHeading h2 = {2, "1.1", "Später", "later", true, true};
    static const VHeading h3 = {1, "2", "Zweites", NULL, true, true};
    VItem *a = add(f, 20, 0, PEN_FORCE);
    a->dests = d_intro;
    a->n_dests = 1;
    a->heading = &h1;
    VItem *l = add(f, 10, 0, PEN_ALLOW);
    l->links = arena_calloc(f->a, 2, sizeof *l->links);
    l->n_links = 2;
    l->links[0] = (VLink){5, 1, 20, 8, {DLINK_DEST, "later"}};
    l->links[1] = (VLink){30, 1, 20, 8, {DLINK_URI, "https://example.org"}};
    VItem *m = add(f, 10, 0, PEN_ALLOW);
    m->links = arena_calloc(f->a, 1, sizeof *m->links);
    m->n_links = 1;
    m->links[0] = (VLink){5, 0, 20, 8, {DLINK_DEST, "nowhere"}}; /* dropped */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fill_and_break, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forced_breaks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_space_dropped_at_top, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keep_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_widows_and_orphans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overflow_warns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_repeat, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dests_links_headings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_best_break_prefers_low_penalty, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
