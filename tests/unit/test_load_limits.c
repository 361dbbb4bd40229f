/* Unit tests: the load stage on hostile Markdown — the nesting limit for lists
 * and block quotes, and md_pos columns on very long lines (checkpointed
 * counting must give exactly the characters before the node). Run from the
 * repository root (templates/ and fonts/ are found there). */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/load.h"

static const char *REPORT =
    "title: Testbericht\n"
    "issuer: IMAG\n"
    "date: 2025-11-14\n"
    "contents:\n"
    "  - chapters/a.md\n";

static void write_text(const char *dir, const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

typedef struct Run {
    char dir[64];
    Arena *arena;
    Diags diags;
    Report *r;
} Run;

/* Loads a report whose only chapter is `chapter`. */
static void run_load(Run *run, const char *chapter)
{
    strcpy(run->dir, "/tmp/imr-limits-XXXXXX");
    assert_non_null(mkdtemp(run->dir));
    char sub[128];
    snprintf(sub, sizeof sub, "%s/chapters", run->dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    write_text(run->dir, "report.yaml", REPORT);
    write_text(run->dir, "chapters/a.md", chapter);
    memset(&run->diags, 0, sizeof run->diags);
    run->arena = arena_new();
    LoadOptions lo = {.data_dir = "."};
    run->r = load_report(run->dir, &lo, run->arena, &run->diags);
}

static void run_free(Run *run)
{
    if (run->r)
        report_free(run->r);
    diags_free(&run->diags);
    arena_free(run->arena);
    nftw(run->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * n + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * n, tail, tl + 1);
    return s;
}

static void quotes_32_levels_are_fine(void **state)
{
    (void)state;
    char *md = repeat("# A\n\n", "> ", 32, "Zitat\n");
    Run run;
    run_load(&run, md);
    assert_non_null(run.r);
    assert_int_equal(run.diags.errors, 0);
    run_free(&run);
    free(md);
}

static void quotes_33_levels_are_an_error(void **state)
{
    (void)state;
    char *md = repeat("# A\n\n", "> ", 20000, "Zitat\n");
    Run run;
    run_load(&run, md);
    assert_null(run.r);
    assert_int_equal(run.diags.errors, 1); /* reported once, at the 33rd level */
    const Diag *d = &run.diags.items[0];
    assert_non_null(strstr(d->msg, "nested too deep (more than 32 levels)"));
    assert_non_null(strstr(d->pos.file, "chapters/a.md"));
    assert_int_equal(d->pos.line, 3);
    assert_int_equal(d->pos.col, 65);
    run_free(&run);
    free(md);
}

static void nested_lists_count_too(void **state)
{
    (void)state;
    /* 40 levels: "- a" indented two more spaces per level */
    char *md = malloc(40 * 90);
    assert_non_null(md);
    strcpy(md, "# A\n\n");
    for (int k = 0; k < 40; k++) {
        size_t n = strlen(md);
        memset(md + n, ' ', (size_t)(2 * k));
        strcpy(md + n + 2 * k, "- a\n");
    }
    Run run;
    run_load(&run, md);
    assert_null(run.r);
    assert_int_equal(run.diags.errors, 1);
    assert_int_equal(run.diags.items[0].pos.line, 3 + 32);
    assert_int_equal(run.diags.items[0].pos.col, 2 * 32 + 1);
    run_free(&run);
    free(md);
}

/* Characters (code points) in the first `bytes` bytes of valid UTF-8. */
static int chars_in(const char *s, size_t bytes)
{
    int n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static void md_pos_on_a_long_line(void **state)
{
    (void)state;
    /* one line of 4000 links with umlauts between them: columns far past many
     * checkpoints, on checkpoint boundaries and inside multi-byte text */
    char *md = repeat("# Ä\n\nÜber ", "äöü [ß](#ä) €x ", 4000, "Ende\n");
    Run run;
    run_load(&run, md);
    assert_non_null(run.r);
    assert_int_equal(run.diags.errors, 0);
    assert_int_equal(run.r->n_parts, 1);
    const Markdown *m = run.r->parts[0].md;
    const char *line3 = strchr(strchr(md, '\n') + 1, '\n') + 1;
    cmark_iter *it = cmark_iter_new(m->doc);
    cmark_event_type ev;
    size_t links = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_LINK)
            continue;
        int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
        assert_int_equal(line, 3);
        SrcPos p = md_pos(m, line, col);
        assert_int_equal(p.line, 3);
        assert_int_equal(p.col, chars_in(line3, (size_t)col - 1) + 1);
        links++;
    }
    cmark_iter_free(it);
    assert_int_equal(links, 4000);
    run_free(&run);
    free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quotes_32_levels_are_fine),
        cmocka_unit_test(quotes_33_levels_are_an_error),
        cmocka_unit_test(nested_lists_count_too),
        cmocka_unit_test(md_pos_on_a_long_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
