/* test_diff_match.c — the matcher and the report on small hand-written
 * dumps: equal, within tolerance, text changed, a chapter grown by a page
 * (moves, not removed+added), split tables, rows, runs, warnings, bad dumps,
 * exit codes of diff_layouts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "diff/internal.h"

typedef struct E {
    int page;
    const char *kind, *id;
    int part;
    double x, y, w, h;
    const char *text, *hash;
} E;

typedef struct W {
    const char *kind;
    int page;
    const char *src, *message;
} W;

/* The JSON text of a dump with n_pages pages holding the elements es. */
static char *make_dump(int n_pages, const E *es, size_t n, const W *ws, size_t nw)
{
    Buf b = {0};
    buf_puts(&b, "{\"format\":\"imagreport-layout\",\"version\":1,\n\"pages\":[");
    for (int p = 1; p <= n_pages; p++) {
        buf_printf(&b, "%s\n{\"number\":%d,\"label\":\"%d\",\"width\":595.28,\"height\":841.89,\"elements\":[",
                   p > 1 ? "," : "", p, p);
        bool first = true;
        for (size_t i = 0; i < n; i++) {
            if (es[i].page != p)
                continue;
            buf_printf(&b,
                       "%s\n  {\"kind\":\"%s\",\"id\":\"%s\",\"part\":%d,\"x\":%g,\"y\":%g,\"w\":%g,"
                       "\"h\":%g,\"text\":\"%s\",\"hash\":\"%s\",\"src\":\"r/a.md:%zu:1\"}",
                       first ? "" : ",", es[i].kind, es[i].id, es[i].part, es[i].x, es[i].y, es[i].w,
                       es[i].h, es[i].text ? es[i].text : "", es[i].hash ? es[i].hash : "00000000", i + 1);
            first = false;
        }
        buf_puts(&b, "]}");
    }
    buf_puts(&b, "],\n\"warnings\":[");
    for (size_t i = 0; i < nw; i++)
        buf_printf(&b, "%s{\"kind\":\"%s\",\"page\":%d,\"src\":\"%s\",\"message\":\"%s\"}", i ? "," : "",
                   ws[i].kind, ws[i].page, ws[i].src, ws[i].message);
    buf_puts(&b, "],\n\"outline\":[]}\n");
    return b.data;
}

typedef struct Fixture {
    Arena *a;
    Dump old, new;
    ChangeList cl;
    char *text; /* report_text output */
} Fixture;

static void run_diff(Fixture *f, int old_pages, const E *o, size_t no, int new_pages, const E *n,
                     size_t nn, double tol)
{
    f->a = arena_new();
    char *to = make_dump(old_pages, o, no, NULL, 0), *tn = make_dump(new_pages, n, nn, NULL, 0);
    char err[300];
    if (dump_parse(to, strlen(to), "old.json", f->a, &f->old, err, sizeof err) != 0)
        fail_msg("%s", err);
    if (dump_parse(tn, strlen(tn), "new.json", f->a, &f->new, err, sizeof err) != 0)
        fail_msg("%s", err);
    free(to);
    free(tn);
    f->cl = diff_dumps(&f->old, &f->new, tol, f->a);
    size_t len;
    FILE *mem = open_memstream(&f->text, &len);
    report_text(&f->cl, &f->old, &f->new, &(ReportOptions){tol, false}, f->a, mem);
    fclose(mem);
}

static void done(Fixture *f)
{
    free(f->text);
    arena_free(f->a);
}

static void expect_text(const Fixture *f, const char *needle)
{
    if (!strstr(f->text, needle))
        fail_msg("expected '%s' in the report:\n%s", needle, f->text);
}

static void expect_no_text(const Fixture *f, const char *needle)
{
    if (strstr(f->text, needle))
        fail_msg("did not expect '%s' in the report:\n%s", needle, f->text);
}

static size_t count_kind(const Fixture *f, ChangeKind k)
{
    size_t n = 0;
    for (size_t i = 0; i < f->cl.n; i++)
        n += f->cl.items[i].kind == k;
    return n;
}

static const Change *find_kind(const Fixture *f, ChangeKind k)
{
    for (size_t i = 0; i < f->cl.n; i++)
        if (f->cl.items[i].kind == k)
            return &f->cl.items[i];
    fail_msg("no change of kind %d in:\n%s", k, f->text);
    return NULL;
}

/* A small document: a heading and paragraphs on each of 3 pages. */
static const E base_doc[] = {
    {1, "heading", "einleitung", 0, 72, 100, 450, 20, "1 Einleitung", "11111111"},
    {1, "paragraph", "einleitung/p1", 0, 72, 130, 450, 60, "Der Bericht", "22222222"},
    {2, "heading", "lagebild", 0, 72, 100, 450, 20, "2 Lagebild", "33333333"},
    {2, "measure", "M-1", 0, 72, 130, 450, 80, "Netzwerk aufbauen", "44444444"},
    {2, "measure", "M-2", 0, 72, 220, 450, 80, "Schulungen", "55555555"},
    {3, "paragraph", "lagebild/p1", 0, 72, 100, 450, 60, "Weiter", "66666666"},
    {3, "paragraph", "lagebild/p2", 0, 72, 170, 450, 60, "Noch", "77777777"},
};
#define N_BASE (sizeof base_doc / sizeof *base_doc)

static void test_equal(void **state)
{
    (void)state;
    Fixture f;
    run_diff(&f, 3, base_doc, N_BASE, 3, base_doc, N_BASE, 0.5);
    assert_int_equal(f.cl.n, 0);
    expect_text(&f, "no differences");
    done(&f);
}

static void test_tolerance(void **state)
{
    (void)state;
    E moved[N_BASE];
    memcpy(moved, base_doc, sizeof moved);
    moved[3].y += 0.3;
    moved[3].w -= 0.4;
    Fixture f;
    run_diff(&f, 3, base_doc, N_BASE, 3, moved, N_BASE, 0.5);
    assert_int_equal(f.cl.n, 0);
    done(&f);
    run_diff(&f, 3, base_doc, N_BASE, 3, moved, N_BASE, 0.1);
    assert_int_equal(f.cl.n, 1);
    const Change *c = find_kind(&f, CH_MOVE);
    assert_string_equal(c->new->id, "M-1");
    expect_text(&f, "page 2:\n  measure 'M-1' moved down 0.3 pt and resized from 450 \xC3\x97 80 to 449.6 \xC3\x97 80 pt");
    done(&f);
}

static void test_text_change_names_element_and_page(void **state)
{
    (void)state;
    E edited[N_BASE];
    memcpy(edited, base_doc, sizeof edited);
    edited[3].text = "Netzwerk ausbauen";
    edited[3].hash = "abcdef01";
    Fixture f;
    run_diff(&f, 3, base_doc, N_BASE, 3, edited, N_BASE, 0.5);
    assert_int_equal(f.cl.n, 1);
    const Change *c = find_kind(&f, CH_TEXT);
    assert_string_equal(c->new->id, "M-1");
    assert_int_equal(c->page, 2);
    expect_text(&f, "1 change");
    expect_text(&f, "page 2:\n  text changed: measure 'M-1': Netzwerk [-aufbauen-] {+ausbauen+} (r/a.md:4:1)");
    done(&f);

    /* a version 1 dump, change past the 60-character excerpt: only the hash tells */
    memcpy(edited, base_doc, sizeof edited);
    edited[6].hash = "01010101";
    run_diff(&f, 3, base_doc, N_BASE, 3, edited, N_BASE, 0.5);
    assert_int_equal(f.cl.n, 1);
    expect_text(&f, "page 3:\n  text changed: paragraph 'lagebild/p2' \"Noch\" (changed after this excerpt) (r/a.md:7:1)\n");
    done(&f);

    /* only a no-break space and a soft hyphen differ: they are shown */
    memcpy(edited, base_doc, sizeof edited);
    edited[4].text = "Schu\xC2\xADlungen\xC2\xA0";
    edited[4].hash = "02020202";
    E spaced[N_BASE];
    memcpy(spaced, base_doc, sizeof spaced);
    spaced[4].text = "Schulungen ";
    run_diff(&f, 3, spaced, N_BASE, 3, edited, N_BASE, 0.5);
    expect_text(&f, "text changed: measure 'M-2' \"Schulungen \" \xE2\x86\x92 \"Schu<shy>lungen<nbsp>\"");
    done(&f);
}

/* Page 2 gains a long paragraph that fills a page: everything after it moves
 * one page later; reported as one run, not as removed + added. */
static void test_chapter_grows_by_a_page(void **state)
{
    (void)state;
    const E grown[] = {
        {1, "heading", "einleitung", 0, 72, 100, 450, 20, "1 Einleitung", "11111111"},
        {1, "paragraph", "einleitung/p1", 0, 72, 130, 450, 60, "Der Bericht", "22222222"},
        {2, "heading", "lagebild", 0, 72, 100, 450, 20, "2 Lagebild", "33333333"},
        {2, "paragraph", "lagebild/neu", 0, 72, 130, 450, 600, "Neuer Absatz", "99999999"},
        {3, "measure", "M-1", 0, 72, 100, 450, 80, "Netzwerk aufbauen", "44444444"},
        {3, "measure", "M-2", 0, 72, 190, 450, 80, "Schulungen", "55555555"},
        {4, "paragraph", "lagebild/p1", 0, 72, 100, 450, 60, "Weiter", "66666666"},
        {4, "paragraph", "lagebild/p2", 0, 72, 170, 450, 60, "Noch", "77777777"},
    };
    Fixture f;
    run_diff(&f, 3, base_doc, N_BASE, 4, grown, sizeof grown / sizeof *grown, 0.5);
    assert_int_equal(count_kind(&f, CH_REMOVED), 0);
    assert_int_equal(count_kind(&f, CH_ADDED), 1);
    assert_int_equal(count_kind(&f, CH_PAGE_MOVE), 1);
    assert_int_equal(count_kind(&f, CH_PAGE_COUNT), 1);
    assert_int_equal(f.cl.n, 3);
    const Change *run = find_kind(&f, CH_PAGE_MOVE);
    assert_int_equal(run->count, 4);
    assert_int_equal(run->old_lo, 2);
    assert_int_equal(run->old_hi, 3);
    assert_int_equal(run->new_lo, 3);
    assert_int_equal(run->new_hi, 4);
    /* the document-level change first, then by page */
    assert_int_equal(f.cl.items[0].kind, CH_PAGE_COUNT);
    expect_text(&f, "page count changed: 3 \xE2\x86\x92 4 (1 page more)");
    expect_text(&f, "page 2:\n  added: paragraph 'lagebild/neu' \"Neuer Absatz\" (page 2, r/a.md:4:1)");
    expect_text(&f, "page 3:\n  4 elements from measure 'M-1' to paragraph 'lagebild/p2' moved one page "
                    "later (pages 2\xE2\x80\x93" "3 \xE2\x86\x92 3\xE2\x80\x93" "4)");
    expect_no_text(&f, "removed");
    done(&f);
}

static void test_single_page_moves_and_runs_of_shifts(void **state)
{
    (void)state;
    const E o[] = {
        {1, "heading", "a", 0, 72, 100, 400, 20, "A", "1"},
        {1, "paragraph", "a/p1", 0, 72, 130, 400, 60, "x", "2"},
        {1, "paragraph", "a/p2", 0, 72, 200, 400, 60, "y", "3"},
        {1, "paragraph", "a/p3", 0, 72, 270, 400, 60, "z", "4"},
        {1, "paragraph", "a/p4", 0, 72, 340, 400, 60, "w", "5"},
        {1, "heading", "b", 0, 72, 700, 400, 20, "B", "6"},
    };
    const E n[] = {
        {1, "heading", "a", 0, 72, 100, 400, 20, "A", "1"},
        {1, "paragraph", "a/p1", 0, 72, 142, 400, 60, "x", "2"},
        {1, "paragraph", "a/p2", 0, 72, 212, 400, 60, "y", "3"},
        {1, "paragraph", "a/p3", 0, 72, 282, 400, 60, "z", "4"},
        {1, "paragraph", "a/p4", 0, 72, 352, 400, 60, "w", "5"},
        {2, "heading", "b", 0, 72, 100, 400, 20, "B", "6"},
    };
    Fixture f;
    run_diff(&f, 1, o, 6, 2, n, 6, 0.5);
    assert_int_equal(count_kind(&f, CH_MOVE), 1);
    assert_int_equal(find_kind(&f, CH_MOVE)->count, 4);
    expect_text(&f, "  4 elements from paragraph 'a/p1' to paragraph 'a/p4' moved down 12 pt\n");
    expect_text(&f, "page 2:\n  heading 'b' moved from page 1 to page 2\n");
    done(&f);
}

static void test_added_and_removed_runs(void **state)
{
    (void)state;
    const E o[] = {
        {1, "heading", "a", 0, 72, 100, 400, 20, "A", "1"},
        {1, "paragraph", "a/old", 0, 72, 130, 400, 60, "alt", "2"},
        {1, "heading", "b", 0, 72, 200, 400, 20, "B", "3"},
    };
    const E n[] = {
        {1, "heading", "a", 0, 72, 100, 400, 20, "A", "1"},
        {1, "paragraph", "a/n1", 0, 72, 130, 400, 10, "neu", "7"},
        {1, "paragraph", "a/n2", 0, 72, 140, 400, 10, "neu", "8"},
        {1, "paragraph", "a/n3", 0, 72, 150, 400, 10, "neu", "9"},
        {1, "heading", "b", 0, 72, 200, 400, 20, "B", "3"},
    };
    Fixture f;
    run_diff(&f, 1, o, 3, 1, n, 5, 0.5);
    assert_int_equal(count_kind(&f, CH_ADDED), 1);
    assert_int_equal(find_kind(&f, CH_ADDED)->count, 3);
    assert_int_equal(count_kind(&f, CH_REMOVED), 1);
    assert_int_equal(f.cl.n, 2);
    /* removed is listed before added */
    assert_int_equal(f.cl.items[0].kind, CH_REMOVED);
    expect_text(&f, "  removed: paragraph 'a/old' \"alt\" (old page 1)\n");
    expect_text(&f, "  added: 3 elements from paragraph 'a/n1' to paragraph 'a/n3' (page 1)\n");
    done(&f);
}

/* A paragraph inserted in a section renumbers the later ones: reported as
 * one paragraph added and the others moved, not as every one changed. */
static void test_insert_renumbers(void **state)
{
    (void)state;
    const E o[] = {
        {1, "heading", "s", 0, 72, 100, 400, 20, "S", "10"},
        {1, "paragraph", "s/p1", 0, 72, 130, 400, 40, "Eins", "11"},
        {1, "paragraph", "s/p2", 0, 72, 180, 400, 40, "Zwei", "12"},
        {1, "paragraph", "s/p3", 0, 72, 230, 400, 40, "Drei", "13"},
        {1, "paragraph", "s/p4", 0, 72, 280, 400, 40, "Vier", "14"},
        {1, "paragraph", "t/p1", 0, 72, 330, 400, 40, "Eins", "11"},
    };
    const E n[] = {
        {1, "heading", "s", 0, 72, 100, 400, 20, "S", "10"},
        {1, "paragraph", "s/p1", 0, 72, 130, 400, 40, "Eins", "11"},
        {1, "paragraph", "s/p2", 0, 72, 180, 400, 40, "Neu", "99"},
        {1, "paragraph", "s/p3", 0, 72, 230, 400, 40, "Zwei", "12"},
        {1, "paragraph", "s/p4", 0, 72, 280, 400, 40, "Drei", "13"},
        {1, "paragraph", "s/p5", 0, 72, 330, 400, 40, "Vier", "14"},
        {1, "paragraph", "t/p1", 0, 72, 380, 400, 40, "Eins", "11"},
    };
    Fixture f;
    run_diff(&f, 1, o, 6, 1, n, 7, 0.5);
    assert_int_equal(count_kind(&f, CH_TEXT), 0);
    assert_int_equal(count_kind(&f, CH_REMOVED), 0);
    assert_int_equal(count_kind(&f, CH_ADDED), 1);
    assert_string_equal(find_kind(&f, CH_ADDED)->new->id, "s/p2");
    const Change *mv = find_kind(&f, CH_MOVE);
    assert_int_equal(mv->count, 4);
    expect_text(&f, "  added: paragraph 's/p2' \"Neu\" (page 1, r/a.md:3:1)\n");
    expect_text(&f, "  4 elements from paragraph 's/p3' to paragraph 't/p1' moved down 50 pt\n");
    done(&f);

    /* an edit in place stays a text change */
    E edit[6];
    memcpy(edit, o, sizeof edit);
    edit[2].text = "Zwei!";
    edit[2].hash = "98";
    run_diff(&f, 1, o, 6, 1, edit, 6, 0.5);
    assert_int_equal(f.cl.n, 1);
    assert_string_equal(find_kind(&f, CH_TEXT)->new->id, "s/p2");
    done(&f);
}

static void test_tables_parts_and_rows(void **state)
{
    (void)state;
    const E o[] = {
        {1, "table", "massnahmen", 0, 72, 100, 450, 700, "", "1"},
        {1, "table-row", "massnahmen/M-1", 0, 72, 120, 450, 20, "M-1", "a"},
        {1, "table-row", "massnahmen/M-2", 0, 72, 140, 450, 20, "M-2", "b"},
        {2, "table", "massnahmen", 1, 72, 100, 450, 100, "", "1"},
        {2, "table-row", "massnahmen/M-3", 0, 72, 120, 450, 20, "M-3", "c"},
    };
    const E n[] = {
        {1, "table", "massnahmen", 0, 72, 100, 450, 700, "", "1"},
        {1, "table-row", "massnahmen/M-1", 0, 72, 120, 450, 20, "M-1", "a"},
        {1, "table-row", "massnahmen/M-2", 0, 72, 140, 450, 20, "M-2", "b"},
        {2, "table", "massnahmen", 1, 72, 100, 450, 700, "", "1"},
        {2, "table-row", "massnahmen/M-3", 0, 72, 120, 450, 20, "M-3", "c"},
        {2, "table-row", "massnahmen/M-4", 0, 72, 140, 450, 20, "M-4", "d"},
        {3, "table", "massnahmen", 2, 72, 100, 450, 100, "", "1"},
        {3, "table-row", "massnahmen/M-5", 0, 72, 120, 450, 20, "M-5", "e"},
    };
    Fixture f;
    run_diff(&f, 2, o, 5, 3, n, 8, 0.5);
    const Change *parts = find_kind(&f, CH_PARTS);
    assert_int_equal(parts->old_parts, 2);
    assert_int_equal(parts->new_parts, 3);
    const Change *rows = find_kind(&f, CH_ROWS);
    assert_string_equal(rows->table, "massnahmen");
    assert_int_equal(rows->n_added, 2);
    assert_int_equal(rows->n_removed, 0);
    assert_string_equal(rows->rows_added[0], "M-4");
    assert_int_equal(count_kind(&f, CH_ADDED), 0);
    assert_int_equal(count_kind(&f, CH_REMOVED), 0);
    expect_text(&f, "table 'massnahmen' now spans 3 pages instead of 2 (pages 1\xE2\x80\x93" "3, was 1\xE2\x80\x93" "2)");
    expect_text(&f, "table 'massnahmen' gained 2 rows ('M-4', 'M-5')");
    /* the second part grew: a resize */
    expect_text(&f, "table 'massnahmen' (part 2) resized from 450 \xC3\x97 100 to 450 \xC3\x97 700 pt");
    done(&f);

    /* and back: rows lost */
    run_diff(&f, 3, n, 8, 2, o, 5, 0.5);
    rows = find_kind(&f, CH_ROWS);
    assert_int_equal(rows->n_removed, 2);
    expect_text(&f, "lost 2 rows ('M-4', 'M-5')");
    expect_text(&f, "page count changed: 3 \xE2\x86\x92 2 (1 page fewer)");
    done(&f);
}

static void test_warnings(void **state)
{
    (void)state;
    const W wo[] = {{"loose", 1, "r/a.md:3:1", "loose line"}, {"overfull", 2, "r/a.md:9:1", "3 pt"}};
    /* the same report built from another folder: the same warnings */
    const W wn[] = {{"overfull", 3, "/ci/r/a.md:9:1", "3 pt"}, {"widow", 1, "r/b.md:1:1", "widow"}};
    char *to = make_dump(3, base_doc, N_BASE, wo, 2), *tn = make_dump(3, base_doc, N_BASE, wn, 2);
    Arena *a = arena_new();
    Dump old, new;
    char err[300];
    assert_int_equal(dump_parse(to, strlen(to), "o", a, &old, err, sizeof err), 0);
    assert_int_equal(dump_parse(tn, strlen(tn), "n", a, &new, err, sizeof err), 0);
    ChangeList cl = diff_dumps(&old, &new, 0.5, a);
    assert_int_equal(cl.n, 2); /* the overfull line only changed page: the same warning */
    assert_int_equal(cl.items[0].kind, CH_WARN_ADDED);
    assert_string_equal(cl.items[0].warn->kind, "widow");
    assert_int_equal(cl.items[1].kind, CH_WARN_REMOVED);
    assert_string_equal(cl.items[1].warn->kind, "loose");
    free(to);
    free(tn);

    /* several new warnings of one kind on one page: one change */
    const W many[] = {{"overfull", 2, "r/a.md:9:1", "3 pt"},
                      {"overfull", 2, "r/a.md:12:1", "1 pt"},
                      {"overfull", 2, "r/a.md:14:1", "2 pt"},
                      {"overfull", 3, "r/a.md:20:1", "2 pt"}};
    tn = make_dump(3, base_doc, N_BASE, many, 4);
    assert_int_equal(dump_parse(tn, strlen(tn), "n", a, &new, err, sizeof err), 0);
    to = make_dump(3, base_doc, N_BASE, NULL, 0);
    assert_int_equal(dump_parse(to, strlen(to), "o", a, &old, err, sizeof err), 0);
    cl = diff_dumps(&old, &new, 0.5, a);
    assert_int_equal(cl.n, 2);
    assert_int_equal(cl.items[0].count, 3);
    assert_int_equal(cl.items[0].page, 2);
    assert_string_equal(cl.items[0].warn_last->src, "r/a.md:14:1");
    assert_int_equal(cl.items[1].count, 1);
    char *text;
    size_t len;
    FILE *mem = open_memstream(&text, &len);
    report_text(&cl, &old, &new, &(ReportOptions){0.5, false}, a, mem);
    fclose(mem);
    assert_non_null(strstr(text, "page 2:\n  3 new overfull warnings, from r/a.md:9:1 to r/a.md:14:1 (first: 3 pt)\n"));
    assert_non_null(strstr(text, "page 3:\n  new warning: overfull at r/a.md:20:1: 2 pt\n"));
    free(text);
    free(to);
    free(tn);
    arena_free(a);
}

static void expect_bad_dump(const char *text, const char *msg)
{
    Arena *a = arena_new();
    Dump d;
    char err[300] = "";
    assert_int_equal(dump_parse(text, strlen(text), "x.json", a, &d, err, sizeof err), -1);
    if (strcmp(err, msg) != 0)
        fail_msg("expected\n  %s\ngot\n  %s", msg, err);
    arena_free(a);
}

static void test_bad_dumps(void **state)
{
    (void)state;
    expect_bad_dump("[1,", "x.json:1:4: error: expected a value, found end of file");
    expect_bad_dump("[]", "x.json:1:1: error: not an imagreport layout dump (expected a JSON object)");
    expect_bad_dump("{\"format\":\"pdf\"}",
                    "x.json:1:11: error: not an imagreport layout dump (\"format\" is not \"imagreport-layout\")");
    expect_bad_dump("{\"format\":\"imagreport-layout\",\"version\":3,\"pages\":[],\"warnings\":[]}",
                    "x.json:1:41: error: layout dump version 3 is not supported (this imagreport reads versions 1 and 2)");
    expect_bad_dump("{\"format\":\"imagreport-layout\",\"version\":1,\"warnings\":[]}",
                    "x.json:1:1: error: the dump: \"pages\" is missing");
    expect_bad_dump("{\"format\":\"imagreport-layout\",\"version\":1,\"warnings\":[],\"pages\":[\n"
                    "{\"number\":1,\"label\":\"1\",\"width\":1,\"height\":1,\"elements\":[\n"
                    "  {\"kind\":\"heading\",\"part\":0,\"x\":1,\"y\":1,\"w\":1,\"h\":1,\"text\":\"\",\"hash\":\"0\",\"src\":\"\"}]}]}",
                    "x.json:3:3: error: page 1, element: \"id\" is missing");
    expect_bad_dump("{\"format\":\"imagreport-layout\",\"version\":1,\"warnings\":[],\"pages\":[\n"
                    "{\"number\":1,\"label\":\"1\",\"width\":1,\"height\":1,\"elements\":[\n"
                    "  {\"kind\":\"heading\",\"id\":\"a\",\"part\":0.5,\"x\":1,\"y\":1,\"w\":1,\"h\":1,\"text\":\"\",\"hash\":\"0\",\"src\":\"\"}]}]}",
                    "x.json:3:37: error: page 1, element: \"part\" must be a whole number >= 0");
    expect_bad_dump("{\"format\":\"imagreport-layout\",\"version\":1,\"warnings\":[],\"pages\":[\n"
                    "{\"number\":1,\"label\":1,\"width\":1,\"height\":1,\"elements\":[]}]}",
                    "x.json:2:21: error: page 1: \"label\" must be a string");
}

static char *write_tmp(const char *text)
{
    char *path = strdup("/tmp/imr-diff-test-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(text);
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return path;
}

static int run_cli(const char *a, const char *b, bool json, char **out, char **err)
{
    size_t lo, le;
    FILE *fo = open_memstream(out, &lo), *fe = open_memstream(err, &le);
    DiffOptions opt = {.tolerance = 0.5f, .format = json ? DIFF_JSON : DIFF_TEXT};
    int rc = diff_layouts(a, b, &opt, fo, fe);
    fclose(fo);
    fclose(fe);
    return rc;
}

static void test_exit_codes_and_json(void **state)
{
    (void)state;
    E edited[N_BASE];
    memcpy(edited, base_doc, sizeof edited);
    edited[4].hash = "ffffffff";
    edited[4].text = "Schulungen \\\"neu\\\"";
    char *to = make_dump(3, base_doc, N_BASE, NULL, 0), *tn = make_dump(3, edited, N_BASE, NULL, 0);
    char *po = write_tmp(to), *pn = write_tmp(tn), *pbad = write_tmp("{\"format\":");
    char *out, *err;

    assert_int_equal(run_cli(po, po, false, &out, &err), 0);
    assert_string_equal(err, "");
    free(out), free(err);

    assert_int_equal(run_cli(po, pn, false, &out, &err), 1);
    assert_non_null(strstr(out, "measure 'M-2'"));
    free(out), free(err);

    assert_int_equal(run_cli(po, pn, true, &out, &err), 1);
    Arena *a = arena_new();
    char msg[200];
    int l, c;
    const JsonValue *v = json_parse(out, strlen(out), a, msg, sizeof msg, &l, &c);
    if (!v)
        fail_msg("--json output is not JSON (%d:%d: %s):\n%s", l, c, msg, out);
    assert_int_equal(v->type, JSON_ARRAY);
    assert_int_equal(v->n, 1);
    assert_string_equal(json_get(v->items[0], "change")->str, "text");
    assert_string_equal(json_get(v->items[0], "new_text")->str, "Schulungen \"neu\"");
    assert_string_equal(json_get(json_get(v->items[0], "element"), "id")->str, "M-2");
    arena_free(a);
    free(out), free(err);

    assert_int_equal(run_cli(po, po, true, &out, &err), 0);
    assert_string_equal(out, "[]\n");
    free(out), free(err);

    assert_int_equal(run_cli(po, pbad, false, &out, &err), 2);
    char want[200];
    snprintf(want, sizeof want, "%s:1:11: error: expected a value, found end of file\n", pbad);
    assert_string_equal(err, want);
    assert_string_equal(out, "");
    free(out), free(err);

    assert_int_equal(run_cli("/nonexistent/x.json", pn, false, &out, &err), 2);
    assert_string_equal(err, "/nonexistent/x.json: error: cannot open: No such file or directory\n");
    free(out), free(err);

    unlink(po), unlink(pn), unlink(pbad);
    free(po), free(pn), free(pbad), free(to), free(tn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_tolerance),
        cmocka_unit_test(test_text_change_names_element_and_page),
        cmocka_unit_test(test_chapter_grows_by_a_page),
        cmocka_unit_test(test_single_page_moves_and_runs_of_shifts),
        cmocka_unit_test(test_added_and_removed_runs),
        cmocka_unit_test(test_insert_renumbers),
        cmocka_unit_test(test_tables_parts_and_rows),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_bad_dumps),
        cmocka_unit_test(test_exit_codes_and_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
