/* Unit tests: whole reports in temporary folders — the model, slugs in
 * document order, links, Markdown positions in YAML, the input hash, paths
 * and symlinks, warnings, all errors of a run. Run from the repository root
 * (templates/ and fonts/ are found there). */
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
#include "test_load_fixture.h"

static const char *REPORT =
    "title: Testbericht\n"
    "issuer: IMAG\n"
    "date: 2025-11-14\n"
    "period: {start: 2023-07, end: 2025-06-30}\n"
    "keywords: [Prävention, Bericht]\n"
    "measures: data/measures.yaml\n"
    "glossary:\n"
    "  IMAG: Interministerielle Arbeitsgruppe\n"
    "contents:\n"
    "  - chapters/intro.md\n"
    "  - measures: {title: Maßnahmen}\n"
    "  - status-overview: {title: Übersicht}\n"
    "  - abbreviations: {title: Abkürzungen}\n";

static const char *MEASURES =
    "ministries:\n"
    "  - id: IM\n"
    "    name: Ministerium des Innern\n"
    "  - id: MSB\n"
    "    name: Ministerium für Schule und Bildung\n"
    "fields:\n"
    "  - id: \"1\"\n"
    "    title: Prävention\n"
    "    intro: |\n"
    "      ## Einleitung\n"
    "\n"
    "      Text zum Feld.\n"
    "measures:\n"
    "  - id: 1.10\n"
    "    field: \"1\"\n"
    "    title: Zehnte\n"
    "    lead: MSB\n"
    "    partners: [IM]\n"
    "    status: in_progress\n"
    "    progress: 40\n"
    "    period: {start: 2024, end: 2026-12}\n"
    "    budget: {planned: 1200000, spent: 850000.5}\n"
    "    target_groups: [Jugendliche, Eltern]\n"
    "    description: |\n"
    "      Siehe [die Zweite](measure:1.2) und\n"
    "      [Einleitung](#einleitung-1).\n"
    "    indicators:\n"
    "      - name: Fälle\n"
    "        unit: Anzahl\n"
    "        target: 400\n"
    "        actual: 352\n"
    "  - id: \"1.2\"\n"
    "    field: \"1\"\n"
    "    title: Zweite\n"
    "    lead: IM\n"
    "    status: completed\n"
    "    description: \"Kurz: [](measure:1.10).\"\n"
    "    progress_report: >\n"
    "      Gefaltet über\n"
    "      [zwei](https://example.org) Zeilen.\n";

static const char *CHAPTER =
    "# Einleitung\n"
    "\n"
    "Siehe [Feld](#handlungsfeld-1-prävention), [Maßnahmen](#maßnahmen),\n"
    "[mail](mailto:a@b.de) und [](measure:1.10).\n"
    "\n"
    "<!-- pagebreak -->\n";

static int setup(void **state)
{
    (void)state;
    if (tmp_make("/tmp/imr-load-XXXXXX") != 0)
        return -1;
    put("report.yaml", REPORT);
    put("data/measures.yaml", MEASURES);
    put("chapters/intro.md", CHAPTER);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tmp_remove();
    return 0;
}

typedef struct Run {
    Arena *a;
    Diags d;
    Report *r;
} Run;

static void load(Run *run)
{
    memset(run, 0, sizeof *run);
    run->a = arena_new();
    LoadOptions lo = {.data_dir = "."};
    run->r = load_report(tmpdir, &lo, run->a, &run->d);
    if (getenv("SHOW_DIAGS"))
        diags_print(&run->d, stderr);
}

static void done(Run *run)
{

    report_free(run->r);
    arena_free(run->a);
    diags_free(&run->d);
}

static bool has_msg(const Diags *d, const char *part)
{
    for (size_t i = 0; i < d->len; i++)
        if (strstr(d->items[i].msg, part))
            return true;
    return false;
}

static cmark_node *find(cmark_node *root, cmark_node_type type, int nth)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    cmark_node *hit = NULL;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == type && nth-- == 0) {
            hit = n;
            break;
        }
    }
    cmark_iter_free(it);
    return hit;
}

static void test_valid_model(void **state)
{
    (void)state;
    Run run;
    load(&run);
    for (size_t i = 0; i < run.d.len; i++)
        fprintf(stderr, "unexpected: %s:%d:%d: %s\n", run.d.items[i].pos.file,
                run.d.items[i].pos.line, run.d.items[i].pos.col, run.d.items[i].msg);
    assert_int_equal(run.d.len, 0);
    const Report *r = run.r;
    assert_non_null(r);
    assert_string_equal(r->info.title, "Testbericht");
    assert_int_equal(r->info.date.year, 2025);
    assert_int_equal(r->info.date.day, 14);
    assert_int_equal(r->info.lang, LANG_DE);
    assert_int_equal(r->info.n_keywords, 2);
    assert_int_equal(r->period_start.month, 7);
    assert_int_equal(r->period_end.day, 30);
    assert_non_null(r->tmpl);
    assert_string_equal(r->tmpl->labels[LBL_CONTENTS], "Inhaltsverzeichnis"); /* template override */
    assert_string_equal(r->tmpl->labels[LBL_FIELD], "Handlungsfeld");
    assert_true(r->tmpl->page_width > 595 && r->tmpl->page_width < 596);
    assert_non_null(r->tmpl->font_files[FONT_MONO]);
    /* natural order, ids as written */
    assert_int_equal(r->n_measures, 2);
    assert_string_equal(r->measures[0]->id, "1.2");
    assert_string_equal(r->measures[1]->id, "1.10");
    assert_int_equal(r->n_fields, 1);
    const Field *f = &r->fields[0];
    assert_int_equal(f->n_measures, 2);
    assert_string_equal(f->measures[0]->id, "1.2");
    assert_ptr_equal(r->measures[1]->field, f);
    assert_string_equal(f->slug, "handlungsfeld-1-prävention");
    const Measure *m = r->measures[1];
    assert_ptr_equal(m->lead, &r->ministries[1]);
    assert_int_equal(m->n_partners, 1);
    assert_ptr_equal(m->partners[0], &r->ministries[0]);
    assert_int_equal(m->status, STATUS_IN_PROGRESS);
    assert_int_equal(m->progress, 40);
    assert_int_equal(m->start.year, 2024);
    assert_int_equal(m->end.month, 12);
    assert_true(m->has_budget && m->has_planned && m->has_spent);
    assert_true(m->budget_spent == 850000.5);
    assert_int_equal(m->n_target_groups, 2);
    assert_int_equal(m->n_indicators, 1);
    assert_true(m->indicators[0].has_target && m->indicators[0].actual == 352);
    assert_int_equal(r->measures[0]->progress, -1);
    assert_null(r->measures[1]->progress_report);
    assert_non_null(r->measures[0]->progress_report);
    assert_int_equal(r->n_glossary, 1);
    /* parts and slugs in document order: chapter "Einleitung", then the
     * measures part, the field, the intro's "Einleitung" (-1) */
    assert_int_equal(r->n_parts, 4);
    assert_int_equal(r->parts[0].kind, PART_MARKDOWN);
    assert_int_equal(r->parts[1].kind, PART_MEASURES);
    assert_string_equal(r->parts[1].slug, "maßnahmen");
    assert_string_equal(r->parts[2].slug, "übersicht");
    cmark_node *h = find(r->parts[0].md->doc, CMARK_NODE_HEADING, 0);
    assert_string_equal((const char *)cmark_node_get_user_data(h), "einleitung");
    h = find(f->intro->doc, CMARK_NODE_HEADING, 0);
    assert_string_equal((const char *)cmark_node_get_user_data(h), "einleitung-1");
    /* links */
    cmark_node *doc = r->parts[0].md->doc;
    const LinkTarget *t = cmark_node_get_user_data(find(doc, CMARK_NODE_LINK, 0));
    assert_int_equal(t->kind, LINK_HEADING);
    assert_string_equal(t->id, "handlungsfeld-1-prävention");
    t = cmark_node_get_user_data(find(doc, CMARK_NODE_LINK, 2));
    assert_int_equal(t->kind, LINK_URI);
    assert_string_equal(t->uri, "mailto:a@b.de");
    t = cmark_node_get_user_data(find(doc, CMARK_NODE_LINK, 3));
    assert_int_equal(t->kind, LINK_MEASURE);
    assert_string_equal(t->id, "1.10");
    assert_true(t->empty_text);
    t = cmark_node_get_user_data(find(m->description->doc, CMARK_NODE_LINK, 0));
    assert_int_equal(t->kind, LINK_MEASURE);
    assert_false(t->empty_text);
    assert_true(r->info.input_hash[0] | r->info.input_hash[1] | r->info.input_hash[31]);
    done(&run);
}

static void test_md_positions(void **state)
{
    (void)state;
    Run run;
    load(&run);
    assert_non_null(run.r);
    const Measure *m = run.r->measures[1];
    /* literal block scalar: line 25/26 of the YAML file, indentation 6 */
    const Markdown *md = m->description;
    assert_string_equal(md->origin.file + strlen(tmpdir), "/data/measures.yaml");
    cmark_node *l = find(md->doc, CMARK_NODE_LINK, 1);
    SrcPos p = md_pos(md, cmark_node_get_start_line(l), cmark_node_get_start_column(l));
    assert_int_equal(p.line, 26);
    assert_int_equal(p.col, 7);
    l = find(md->doc, CMARK_NODE_LINK, 0);
    p = md_pos(md, cmark_node_get_start_line(l), cmark_node_get_start_column(l));
    assert_int_equal(p.line, 25);
    assert_int_equal(p.col, 13);
    /* quoted single-line scalar: into the scalar's line after the quote */
    md = run.r->measures[0]->description;
    l = find(md->doc, CMARK_NODE_LINK, 0);
    p = md_pos(md, cmark_node_get_start_line(l), cmark_node_get_start_column(l));
    assert_int_equal(p.line, 37);
    assert_int_equal(p.col, 25);
    /* folded block scalar: lines kept */
    md = run.r->measures[0]->progress_report;
    l = find(md->doc, CMARK_NODE_LINK, 0);
    p = md_pos(md, cmark_node_get_start_line(l), cmark_node_get_start_column(l));
    assert_int_equal(p.line, 40);
    assert_int_equal(p.col, 7);
    /* a .md file: characters, not bytes ("Maßnahmen" link after umlauts) */
    md = run.r->parts[0].md;
    l = find(md->doc, CMARK_NODE_LINK, 1);
    p = md_pos(md, cmark_node_get_start_line(l), cmark_node_get_start_column(l));
    assert_int_equal(p.line, 3);
    assert_int_equal(p.col, 44);
    done(&run);
}

static void test_hash_stable_and_sensitive(void **state)
{
    (void)state;
    Run a, b, c;
    load(&a);
    load(&b);
    assert_non_null(a.r);
    assert_memory_equal(a.r->info.input_hash, b.r->info.input_hash, 32);
    put("chapters/intro.md", "# Einleitung\n\nAnders.\n");
    load(&c);
    assert_non_null(c.r);
    assert_memory_not_equal(a.r->info.input_hash, c.r->info.input_hash, 32);
    done(&a);
    done(&b);
    done(&c);
}

static void test_raw_html_warning(void **state)
{
    (void)state;
    put("chapters/intro.md", "# Einleitung\n\nText <span>x</span>.\n\n<!-- pagebreak -->\n\n"
                             "<div>\nBlock\n</div>\n");
    Run run;
    load(&run);
    assert_non_null(run.r); /* warnings do not fail */
    assert_int_equal(run.d.errors, 0);
    assert_int_equal(run.d.warnings, 3);
    assert_int_equal(run.d.items[0].pos.line, 3);
    assert_int_equal(run.d.items[0].pos.col, 6);
    assert_int_equal(run.d.items[2].pos.line, 7);
    assert_string_equal(run.d.items[2].msg, "raw HTML is not rendered");
    done(&run);
}

static void test_symlinks(void **state)
{
    (void)state;
    char target[256];
    snprintf(target, sizeof target, "%s-outside.md", tmpdir);
    FILE *f = fopen(target, "w");
    assert_non_null(f);
    fputs("# Draußen\n", f);
    fclose(f);
    char link[256];
    snprintf(link, sizeof link, "%s/chapters/out.md", tmpdir);
    assert_int_equal(symlink(target, link), 0);
    snprintf(link, sizeof link, "%s/chapters/in.md", tmpdir);
    assert_int_equal(symlink("intro.md", link), 0); /* inside: fine */
    snprintf(link, sizeof link, "%s/chapters/broken.md", tmpdir);
    assert_int_equal(symlink("../../../nowhere/x.md", link), 0);
    put("chapters/intro.md", "# Einleitung\n");
    put("report.yaml", "title: T\nissuer: I\ndate: 2025-01-01\ncontents:\n"
                       "  - chapters/out.md\n  - chapters/in.md\n  - chapters/broken.md\n");
    Run run;
    load(&run);
    remove(target);
    assert_null(run.r);
    assert_int_equal(run.d.errors, 2);
    assert_int_equal(run.d.items[0].pos.line, 5);
    assert_non_null(strstr(run.d.items[0].msg, "outside the report folder"));
    assert_int_equal(run.d.items[1].pos.line, 7);
    assert_non_null(strstr(run.d.items[1].msg, "outside the report folder"));
    done(&run);
}

static void test_path_escapes(void **state)
{
    (void)state;
    put("chapters/intro.md", "# Einleitung\n");
    put("report.yaml", "title: T\nissuer: I\ndate: 2025-01-01\nlogo: ../logo.png\ncontents:\n"
                       "  - ./chapters/../chapters/intro.md\n  - /etc/hostname\n"
                       "  - chapters/../../x.md\n  - chapters\n");
    Run run;
    load(&run);
    assert_null(run.r);
    assert_int_equal(run.d.errors, 4);
    assert_true(has_msg(&run.d, "'../logo.png' leads outside the report folder"));
    assert_true(has_msg(&run.d, "is an absolute path"));
    assert_true(has_msg(&run.d, "'chapters/../../x.md' leads outside"));
    assert_true(has_msg(&run.d, "is a folder, not a file"));
    done(&run);
}

static void test_all_errors_reported(void **state)
{
    (void)state;
    put("report.yaml", "title: T\nissuer: I\ndate: 2025-01-01\n"
                       "measures: [a.yaml, b.yaml, c.yaml]\ncontents:\n  - measures: {title: M}\n");
    put("a.yaml", "measures:\n  - id: \"1\"\n    field: x\n    title: [broken\n");
    put("b.yaml", "ministries:\n  - id: IM\n    name: Innen\nfields:\n  - id: F\n    title: Feld\n"
                  "measures:\n  - id: \"2\"\n    field: F\n    title: Zwei\n    lead: IN\n"
                  "    status: planed\n    description: D\n");
    put("c.yaml", "ministries:\n  - id: IM\n    name: Doppelt\n");
    Run run;
    load(&run);
    assert_null(run.r);
    assert_int_equal(run.d.errors, 3);
    assert_true(has_msg(&run.d, "unclosed '['"));
    assert_true(has_msg(&run.d, "unknown status 'planed'"));
    /* a.yaml could not be read: an unknown lead may be defined there, no follow-on error */
    assert_false(has_msg(&run.d, "'IN'"));
    assert_true(has_msg(&run.d, "duplicate ministry id 'IM'"));
    done(&run);
}

static void test_english_labels(void **state)
{
    (void)state;
    char *r = malloc(strlen(REPORT) + 32);
    sprintf(r, "%slanguage: en\n", REPORT);
    put("report.yaml", r);
    free(r);
    put("chapters/intro.md", "# Einleitung\n\n[Field](#field-of-action-1-prävention)\n");
    Run run;
    load(&run);
    assert_non_null(run.r);
    assert_int_equal(run.r->info.lang, LANG_EN);
    assert_string_equal(run.r->tmpl->labels[LBL_CONTENTS], "Contents");
    assert_string_equal(run.r->fields[0].slug, "field-of-action-1-prävention");
    done(&run);
}

static void test_images_decoded_once(void **state)
{
    (void)state;
    FILE *in = fopen("reports/zwischenbericht-2025/images/logo.png", "rb");
    if (!in)
        fail_msg("reports/zwischenbericht-2025/images/logo.png not found: run from the top folder");
    static char png[1 << 20];
    size_t n = fread(png, 1, sizeof png, in);
    fclose(in);
    char path[256];
    snprintf(path, sizeof path, "%s/images/logo.png", tmpdir);
    put("images/logo.png", "");
    FILE *out = fopen(path, "wb");
    fwrite(png, 1, n, out);
    fclose(out);
    char *r = malloc(strlen(REPORT) + 32);
    sprintf(r, "%slogo: images/logo.png\n", REPORT);
    put("report.yaml", r);
    free(r);
    put("chapters/intro.md", "# Einleitung\n\n![Logo](../images/logo.png)\n");
    Run run;
    load(&run);
    assert_non_null(run.r);
    assert_non_null(run.r->logo);
    cmark_node *img = find(run.r->parts[0].md->doc, CMARK_NODE_IMAGE, 0);
    assert_ptr_equal(cmark_node_get_user_data(img), run.r->logo);
    assert_true(run.r->logo->width > 0);
    done(&run);
}

static void test_missing_report_yaml(void **state)
{
    (void)state;
    char p[256];
    snprintf(p, sizeof p, "%s/report.yaml", tmpdir);
    remove(p);
    Run run;
    load(&run);
    assert_null(run.r);
    assert_int_equal(run.d.errors, 1);
    assert_int_equal(run.d.items[0].pos.line, 0);
    done(&run);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_valid_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_md_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash_stable_and_sensitive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raw_html_warning, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlinks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_errors_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_english_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_images_decoded_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_report_yaml, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
