/* Generated parts: measures (overview tables, detail groups, formats), status
 * overview (counts, charts), abbreviations (order, duplicates), English formats. */
#include <stdio.h>

#include "test_compose_fixture.h"

#define NB "\xC2\xA0"

typedef struct World {
    Fix f;
    Ministry min[4];
    Field fields[2];
    Measure ms[4];
    const Measure *all[4];
    const Measure *f1[3], *f2[1];
    const Ministry *partners[2];
    const char *groups[2];
    Indicator ind[3];
    GlossaryEntry glossary[6];
} World;

static Date date(int y, int m, int d)
{
    Date x = {y, m, d};
    return x;
}

static Markdown *md(World *w, const char *text)
{
    return (Markdown *)fix_md(&w->f, text);
}

static World *world(Lang lang)
{
    World *w = calloc(1, sizeof *w);
    fix_init(&w->f, lang);
    Report *r = &w->f.r;
    SrcPos pos = {"rep/measures.yaml", 1, 1};
    w->min[0] = (Ministry){"IM", "Ministerium des Innern", pos, pos};
    w->min[1] = (Ministry){"MKJFGFI",
                           "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration", pos, pos};
    w->min[2] = (Ministry){"StK", "Staatskanzlei", pos, pos};
    w->min[3] = (Ministry){"MAGS", "Ministerium für Arbeit, Gesundheit und Soziales", pos, pos};
    r->ministries = w->min;
    r->n_ministries = 4;

    w->fields[0] = (Field){"1", "Prävention in \"Schule\"", "handlungsfeld-1-pravention", NULL,
                           w->f1, 3, pos, pos};
    w->fields[0].intro = md(w, "Einleitung des Feldes.\n\n# Zwischentitel\n");
    w->fields[1] = (Field){"2", "Familie", "handlungsfeld-2-familie", NULL, w->f2, 1, pos, pos};
    r->fields = w->fields;
    r->n_fields = 2;

    Measure *m = &w->ms[0];
    m->id = "1.1";
    m->title = "Wegweiser - gemeinsam";
    m->field = &w->fields[0];
    m->lead = &w->min[0];
    w->partners[0] = &w->min[1];
    w->partners[1] = &w->min[2];
    m->partners = w->partners;
    m->n_partners = 2;
    m->status = STATUS_IN_PROGRESS;
    m->progress = 60;
    m->start = date(2014, 3, 0);
    m->end = date(2026, 12, 0);
    m->has_budget = m->has_planned = m->has_spent = true;
    m->budget_planned = 1200000;
    m->budget_spent = 850000;
    w->groups[0] = "Jugendliche";
    w->groups[1] = "Eltern";
    m->target_groups = w->groups;
    m->n_target_groups = 2;
    m->description = md(w, "Beschreibung mit \"Zitat\".\n\n# Große Überschrift\n");
    m->progress_report = md(w, "Bericht.");
    w->ind[0] = (Indicator){"Beratungsfälle", "Fälle", 400, 352, true, true, pos};
    w->ind[1] = (Indicator){"Schulungen", NULL, 0, 5, true, true, pos};
    w->ind[2] = (Indicator){"Reichweite", NULL, 1000, 0, true, false, pos};
    m->indicators = w->ind;
    m->n_indicators = 3;
    m->pos = pos;

    m = &w->ms[1];
    m->id = "1.2";
    m->title = "Notfallordner";
    m->field = &w->fields[0];
    m->lead = &w->min[0];
    m->status = STATUS_COMPLETED;
    m->progress = -1;
    m->start = m->end = date(2025, 0, 0);
    m->description = md(w, "Text.");
    m->pos = pos;

    m = &w->ms[2];
    m->id = "1.10";
    m->title = "Ganztag";
    m->field = &w->fields[0];
    m->lead = &w->min[1];
    m->status = STATUS_PLANNED;
    m->progress = 0;
    m->start = date(2024, 3, 15);
    m->end = date(2026, 12, 31);
    m->has_budget = m->has_planned = true;
    m->budget_planned = 1000.5;
    m->description = md(w, "Text.");
    m->pos = pos;

    m = &w->ms[3];
    m->id = "2.1";
    m->title = "Partnerschaften";
    m->field = &w->fields[1];
    m->lead = &w->min[2];
    m->status = STATUS_ONGOING;
    m->progress = -1;
    m->start = date(2014, 3, 0);
    m->description = md(w, "Text.");
    m->pos = pos;

    for (int i = 0; i < 4; i++)
        w->all[i] = &w->ms[i];
    w->f1[0] = &w->ms[0];
    w->f1[1] = &w->ms[1];
    w->f1[2] = &w->ms[2];
    w->f2[0] = &w->ms[3];
    r->measures = w->all;
    r->n_measures = 4;

    w->glossary[0] = (GlossaryEntry){"ZAC NRW", "Zentral- und Ansprechstelle Cybercrime", pos};
    w->glossary[1] = (GlossaryEntry){"IM", "Innenministerium (Glossar)", pos};
    w->glossary[2] = (GlossaryEntry){"Ärzte", "Ärztinnen und Ärzte", pos};
    w->glossary[3] = (GlossaryEntry){"bamf", "Bundesamt", pos};
    w->glossary[4] = (GlossaryEntry){"API", "Aussteigerprogramm \"Islamismus\"", pos};
    w->glossary[5] = (GlossaryEntry){"KN:IX", "Kompetenznetzwerk", pos};
    r->glossary = w->glossary;
    r->n_glossary = 6;

    r->period_start = date(2023, 7, 1);
    r->period_end = date(2025, 6, 30);

    fix_part(&w->f, PART_MEASURES, "Umsetzungsstand der Maßnahmen");
    fix_part(&w->f, PART_STATUS, "Statusübersicht");
    fix_part(&w->f, PART_ABBREVIATIONS, "Abkürzungsverzeichnis");
    return w;
}

static void world_free(World *w)
{
    fix_free(&w->f);
    free(w);
}

static const Block *table_by_id(const FixBlocks *fb, const char *id)
{
    const Block *b = fix_by_id(fb, id);
    assert_non_null(b);
    assert_int_equal(b->kind, BLK_TABLE);
    assert_non_null(b->table);
    return b;
}

static const char *cell(World *w, const Table *t, size_t row, size_t col)
{
    assert_true(row < t->n_rows);
    assert_true(col < t->n_cols);
    return fix_cell(&w->f, &t->rows[row].cells[col]);
}

static const char *kv(World *w, const Table *t, const char *key)
{
    for (size_t i = 0; i < t->n_rows; i++)
        if (!strcmp(t->rows[i].key, key))
            return cell(w, t, i, 1);
    return NULL;
}

static void measures_structure(void **state)
{
    (void)state;
    World *w = world(LANG_DE);
    const Doc *d = fix_compose(&w->f);
    FixBlocks *fb = fix_collect(&w->f, d);

    const Block *ch = d->blocks[3];
    assert_int_equal(ch->kind, BLK_HEADING);
    assert_int_equal(ch->level, 1);
    assert_string_equal(ch->number, "1");
    assert_string_equal(ch->dest, "umsetzungsstand-der-maßnahmen");

    const Block *fh = d->blocks[4];
    assert_int_equal(fh->level, 2);
    assert_string_equal(fh->number, "1.1");
    assert_string_equal(fix_text(&w->f, &fh->inl), "Handlungsfeld" NB "1: Prävention in „Schule“");
    assert_string_equal(fh->id, "handlungsfeld-1-pravention");
    assert_string_equal(fh->dest, "handlungsfeld-1-pravention");
    assert_true(fh->in_toc);
    /* the intro, its heading a minor one */
    assert_int_equal(d->blocks[5]->kind, BLK_PARAGRAPH);
    assert_int_equal(d->blocks[6]->kind, BLK_HEADING);
    assert_int_equal(d->blocks[6]->level, 4);
    assert_null(d->blocks[6]->number);

    /* overview table */
    const Block *ov = d->blocks[7];
    assert_ptr_equal(ov, table_by_id(fb, "overview-1"));
    assert_string_equal(ov->dest, "overview:1");
    const Table *t = ov->table;
    assert_int_equal(t->style, TABLE_GRID);
    assert_true(t->zebra);
    assert_int_equal(t->n_cols, 5);
    assert_int_equal(t->cols[0].width_kind, COL_FIXED);
    assert_int_equal(t->cols[1].width_kind, COL_FRACTION);
    assert_int_equal(t->cols[2].width_kind, COL_AUTO);
    assert_int_equal(t->cols[3].width_kind, COL_AUTO);
    assert_int_equal(t->cols[4].width_kind, COL_FIXED);
    assert_string_equal(fix_text(&w->f, &t->caption), "Tabelle" NB "1: Maßnahmen im Handlungsfeld" NB "1");
    assert_non_null(t->header);
    const char *heads[] = {"Nr.", "Maßnahme", "Federführung", "Status", "Fortschritt"};
    for (int i = 0; i < 5; i++)
        assert_string_equal(fix_cell(&w->f, &t->header->cells[i]), heads[i]);
    assert_int_equal(t->n_rows, 3);
    assert_string_equal(t->rows[0].key, "1.1");
    assert_string_equal(t->rows[2].key, "1.10");
    assert_int_equal(t->rows[2].link.kind, DLINK_DEST);
    assert_string_equal(t->rows[2].link.target, "measure:1.10");
    assert_string_equal(cell(w, t, 0, 0), "1.1");
    assert_string_equal(cell(w, t, 0, 1), "Wegweiser" NB "– gemeinsam");
    assert_string_equal(cell(w, t, 0, 2), "IM");
    assert_string_equal(cell(w, t, 0, 3), "in Umsetzung");
    /* the status: a mark in the status colour, the label in the text colour */
    const Block *st = t->rows[0].cells[3].blocks[0];
    assert_int_equal(st->kind, BLK_PROGRESS);
    assert_true(st->percent < 0);
    assert_true(st->bar_color.r == w->f.tmpl.status_colors[STATUS_IN_PROGRESS].r);
    assert_true(st->bar_color.g == w->f.tmpl.status_colors[STATUS_IN_PROGRESS].g);
    assert_false(st->inl.runs[0].has_color);
    const Block *pg = t->rows[0].cells[4].blocks[0];
    assert_int_equal(pg->kind, BLK_PROGRESS);
    assert_int_equal(pg->percent, 60);
    assert_true(pg->bar_color.r == w->f.tmpl.status_colors[STATUS_IN_PROGRESS].r);
    assert_string_equal(cell(w, t, 0, 4), "60" NB "%");
    assert_string_equal(cell(w, t, 1, 4), "–"); /* no progress given */
    assert_int_equal(t->rows[1].cells[4].blocks[0]->kind, BLK_PARAGRAPH);
    assert_int_equal(t->rows[2].cells[4].blocks[0]->percent, 0);

    /* detail groups follow in natural order */
    assert_ptr_equal(d->blocks[8], fix_by_id(fb, "1.1"));
    assert_ptr_equal(d->blocks[9], fix_by_id(fb, "1.2"));
    assert_ptr_equal(d->blocks[10], fix_by_id(fb, "1.10"));
    /* the second field */
    assert_int_equal(d->blocks[11]->kind, BLK_HEADING);
    assert_string_equal(d->blocks[11]->number, "1.2");
    world_free(w);
}

static void measure_detail(void **state)
{
    (void)state;
    World *w = world(LANG_DE);
    const Doc *d = fix_compose(&w->f);
    FixBlocks *fb = fix_collect(&w->f, d);
    const Block *g = fix_by_id(fb, "1.1");
    assert_non_null(g);
    assert_int_equal(g->kind, BLK_GROUP);
    assert_string_equal(g->dest, "measure:1.1");
    assert_int_equal(g->n_children, 10);
    const Block *const *k = g->children;

    assert_int_equal(k[0]->kind, BLK_HEADING);
    assert_int_equal(k[0]->level, 3);
    assert_string_equal(k[0]->number, "1.1");
    assert_string_equal(k[0]->id, "measure-1.1");
    assert_true(k[0]->in_toc && k[0]->in_outline);
    assert_string_equal(fix_text(&w->f, &k[0]->inl), "Wegweiser" NB "– gemeinsam");

    const Table *t = k[1]->table;
    assert_string_equal(t->id, "measure-1.1-facts");
    assert_int_equal(t->style, TABLE_KEYVALUE);
    assert_null(t->header);
    assert_int_equal(t->caption.n, 0);
    assert_int_equal(t->n_rows, 7);
    assert_string_equal(cell(w, t, 0, 0), "Federführung");
    assert_string_equal(kv(w, t, "lead"), "Ministerium des Innern (IM)");
    assert_string_equal(kv(w, t, "partners"),
                        "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration "
                        "(MKJFGFI)\nStaatskanzlei (StK)");
    assert_string_equal(kv(w, t, "status"), "in Umsetzung");
    assert_int_equal(t->rows[2].cells[1].blocks[0]->kind, BLK_PROGRESS); /* a status mark */
    assert_true(t->rows[2].cells[1].blocks[0]->percent < 0);
    assert_string_equal(kv(w, t, "progress"), "60" NB "%");
    assert_string_equal(kv(w, t, "period"), "03/2014" NB "– 12/2026");
    assert_string_equal(kv(w, t, "budget"), "1.200.000" NB "€ geplant, 850.000" NB "€ verausgabt");
    assert_string_equal(kv(w, t, "target_groups"), "Jugendliche, Eltern");

    assert_string_equal(fix_text(&w->f, &k[2]->inl), "Beschreibung");
    assert_int_equal(k[2]->level, 4);
    assert_false(k[2]->in_toc);
    assert_string_equal(fix_text(&w->f, &k[3]->inl), "Beschreibung mit „Zitat“.");
    assert_int_equal(k[4]->level, 4); /* "# Große Überschrift" inside a description */
    assert_null(k[4]->number);
    assert_false(k[4]->new_page);
    assert_string_equal(fix_text(&w->f, &k[5]->inl), "Umsetzung im Berichtszeitraum");
    assert_string_equal(fix_text(&w->f, &k[6]->inl), "Bericht.");
    assert_string_equal(fix_text(&w->f, &k[7]->inl), "Indikatoren");

    t = k[8]->table;
    assert_string_equal(t->id, "measure-1.1-indicators");
    assert_string_equal(fix_text(&w->f, &t->caption),
                        "Tabelle" NB "2: Indikatoren der Maßnahme" NB "1.1");
    const char *heads[] = {"Indikator", "Einheit", "Ziel", "Ist", "Erfüllung"};
    for (int i = 0; i < 5; i++)
        assert_string_equal(fix_cell(&w->f, &t->header->cells[i]), heads[i]);
    assert_int_equal(t->cols[0].align, ALIGN_LEFT);
    for (int i = 2; i < 5; i++)
        assert_int_equal(t->cols[i].align, ALIGN_RIGHT);
    const char *want[3][5] = {{"Beratungsfälle", "Fälle", "400", "352", "88" NB "%"},
                              {"Schulungen", "–", "0", "5", "–"},
                              {"Reichweite", "–", "1.000", "–", "–"}};
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 5; c++)
            assert_string_equal(cell(w, t, (size_t)r, (size_t)c), want[r][c]);

    const Block *back = k[9];
    assert_int_equal(back->kind, BLK_PARAGRAPH);
    assert_string_equal(fix_text(&w->f, &back->inl), "zur Übersicht");
    assert_int_equal(back->inl.runs[0].link.kind, DLINK_DEST);
    assert_string_equal(back->inl.runs[0].link.target, "overview:1");

    /* a measure without report and indicators: heading, facts, description, back link */
    g = fix_by_id(fb, "1.2");
    assert_int_equal(g->n_children, 5);
    t = g->children[1]->table;
    assert_int_equal(t->n_rows, 3); /* lead, status, period */
    assert_null(kv(w, t, "partners"));
    assert_null(kv(w, t, "progress"));
    assert_null(kv(w, t, "budget"));
    world_free(w);
}

static const char *facts(World *w, const FixBlocks *fb, const char *id, const char *key)
{
    const char *tid = arena_printf(w->f.a, "measure-%s-facts", id);
    return kv(w, table_by_id(fb, tid)->table, key);
}

static void periods_and_budgets(void **state)
{
    (void)state;
    World *w = world(LANG_DE);
    const Doc *d = fix_compose(&w->f);
    FixBlocks *fb = fix_collect(&w->f, d);
    assert_string_equal(facts(w, fb, "1.2", "period"), "2025");
    assert_string_equal(facts(w, fb, "1.10", "period"), "15.03.2024" NB "– 31.12.2026");
    assert_string_equal(facts(w, fb, "1.10", "budget"), "1.000,50" NB "€ geplant");
    assert_string_equal(facts(w, fb, "2.1", "period"), "seit" NB "03/2014");
    assert_null(facts(w, fb, "2.1", "budget"));
    assert_string_equal(d->period_text, "Berichtszeitraum:" NB "1." NB "Juli 2023 bis" NB "30." NB "Juni 2025");
    world_free(w);

    w = world(LANG_DE);
    w->ms[1].start = date(2014, 0, 0);
    w->ms[1].end = date(2026, 0, 0);
    w->ms[1].has_budget = w->ms[1].has_spent = true;
    w->ms[1].budget_spent = 2500000;
    w->ms[3].start = date(2020, 1, 0);
    w->ms[3].end = date(2020, 1, 0);
    d = fix_compose(&w->f);
    fb = fix_collect(&w->f, d);
    assert_string_equal(facts(w, fb, "1.2", "period"), "2014–2026");
    assert_string_equal(facts(w, fb, "1.2", "budget"), "2.500.000" NB "€ verausgabt");
    assert_string_equal(facts(w, fb, "2.1", "period"), "01/2020");
    world_free(w);
}

static void status_overview(void **state)
{
    (void)state;
    World *w = world(LANG_DE);
    const Doc *d = fix_compose(&w->f);
    FixBlocks *fb = fix_collect(&w->f, d);

    const Block *sh = fix_by_id(fb, "statusübersicht");
    assert_non_null(sh);
    assert_string_equal(sh->number, "2");

    const Table *t = table_by_id(fb, "status-by-field")->table;
    assert_int_equal(t->n_cols, STATUS_COUNT + 2);
    assert_string_equal(fix_cell(&w->f, &t->header->cells[0]), "Handlungsfeld");
    assert_string_equal(fix_cell(&w->f, &t->header->cells[1]), "geplant");
    assert_string_equal(fix_cell(&w->f, &t->header->cells[2]), "in Umsetzung");
    assert_string_equal(fix_cell(&w->f, &t->header->cells[STATUS_COUNT + 1]), "Gesamt");
    /* captions: two earlier tables (overview 1, indicators 1.1), then the overview 2 */
    assert_string_equal(fix_text(&w->f, &t->caption),
                        "Tabelle" NB "4: Maßnahmen nach Handlungsfeld und Status");
    assert_int_equal(t->n_rows, 3);
    assert_string_equal(cell(w, t, 0, 0), "1 Prävention in „Schule“");
    /* field 1: planned 1, in progress 1, completed 1; field 2: ongoing 1 */
    const char *row1[] = {"1", "1", "1", "0", "0", "3"};
    const char *row2[] = {"0", "0", "0", "1", "0", "1"};
    const char *tot[] = {"1", "1", "1", "1", "0", "4"};
    for (int c = 0; c < 6; c++) {
        assert_string_equal(cell(w, t, 0, (size_t)c + 1), row1[c]);
        assert_string_equal(cell(w, t, 1, (size_t)c + 1), row2[c]);
        assert_string_equal(cell(w, t, 2, (size_t)c + 1), tot[c]);
        assert_int_equal(t->cols[c + 1].align, ALIGN_RIGHT);
    }
    /* the grand total is the number of measures */
    char n_measures[16];
    snprintf(n_measures, sizeof n_measures, "%zu", w->f.r.n_measures);
    assert_string_equal(cell(w, t, 2, STATUS_COUNT + 1), n_measures);
    assert_string_equal(t->rows[2].key, "total");
    assert_string_equal(cell(w, t, 2, 0), "Gesamt");

    const Block *cb = fix_nth(fb, BLK_BARCHART, 0);
    assert_non_null(cb);
    const BarChart *chart = cb->chart;
    assert_int_equal(chart->n_bars, 2);
    assert_int_equal(chart->bars[0].counts[STATUS_COMPLETED], 1);
    assert_int_equal(chart->bars[1].counts[STATUS_ONGOING], 1);
    assert_string_equal(chart->legend[STATUS_SUSPENDED], "zurückgestellt");
    assert_true(chart->colors[STATUS_ONGOING].r == w->f.tmpl.status_colors[STATUS_ONGOING].r);
    assert_string_equal(fix_text(&w->f, &chart->caption),
                        "Abbildung" NB "1: Maßnahmen nach Handlungsfeld und Status");

    t = table_by_id(fb, "status-by-ministry")->table;
    assert_string_equal(fix_cell(&w->f, &t->header->cells[0]), "Ressort");
    assert_int_equal(t->n_rows, 4); /* IM, MKJFGFI, StK (MAGS leads nothing), total */
    assert_string_equal(cell(w, t, 0, 0), "IM");
    assert_string_equal(cell(w, t, 0, STATUS_COUNT + 1), "2");
    assert_string_equal(cell(w, t, 1, 0), "MKJFGFI");
    assert_string_equal(cell(w, t, 2, 0), "StK");
    assert_string_equal(cell(w, t, 3, STATUS_COUNT + 1), n_measures);
    const Block *cm = fix_nth(fb, BLK_BARCHART, 1);
    assert_int_equal(cm->chart->n_bars, 3);
    assert_string_equal(fix_text(&w->f, &cm->chart->caption),
                        "Abbildung" NB "2: Maßnahmen nach federführendem Ressort und Status");
    world_free(w);
}

static void abbreviations(void **state)
{
    (void)state;
    World *w = world(LANG_DE);
    const Doc *d = fix_compose(&w->f);
    FixBlocks *fb = fix_collect(&w->f, d);
    const Table *t = table_by_id(fb, "abbreviations")->table;
    assert_int_equal(t->style, TABLE_PLAIN);
    assert_int_equal(t->caption.n, 0);
    assert_string_equal(fix_cell(&w->f, &t->header->cells[0]), "Abkürzung");
    const char *want[][2] = {
        {"API", "Aussteigerprogramm „Islamismus“"},
        {"bamf", "Bundesamt"},
        {"IM", "Ministerium des Innern"},
        {"KN:IX", "Kompetenznetzwerk"},
        {"MAGS", "Ministerium für Arbeit, Gesundheit und Soziales"},
        {"MKJFGFI", "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration"},
        {"StK", "Staatskanzlei"},
        {"ZAC NRW", "Zentral- und Ansprechstelle Cybercrime"},
        {"Ärzte", "Ärztinnen und Ärzte"},
    };
    size_t n = sizeof want / sizeof *want;
    assert_int_equal(t->n_rows, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(cell(w, t, i, 0), want[i][0]);
        assert_string_equal(cell(w, t, i, 1), want[i][1]);
        assert_int_equal(t->rows[i].cells[0].blocks[0]->inl.runs[0].font, RF_BOLD);
    }
    world_free(w);
}

static void english_formats(void **state)
{
    (void)state;
    World *w = world(LANG_EN);
    const Doc *d = fix_compose(&w->f);
    FixBlocks *fb = fix_collect(&w->f, d);
    assert_string_equal(d->date_text, "14 November 2025");
    assert_string_equal(d->period_text, "Reporting period:" NB "1 July 2023 to" NB "30 June 2025");
    const Table *t = table_by_id(fb, "measure-1.1-facts")->table;
    assert_string_equal(kv(w, t, "period"), "Mar 2014" NB "– Dec 2026");
    assert_string_equal(kv(w, t, "budget"), "€1,200,000 planned, €850,000 spent");
    assert_string_equal(kv(w, t, "progress"), "60%");
    assert_string_equal(kv(w, t, "status"), "in progress");
    t = table_by_id(fb, "measure-1.10-facts")->table;
    assert_string_equal(kv(w, t, "period"), "15 Mar 2024" NB "– 31 Dec 2026");
    assert_string_equal(kv(w, t, "budget"), "€1,000.50 planned");
    t = table_by_id(fb, "measure-2.1-facts")->table;
    assert_string_equal(kv(w, t, "period"), "since" NB "Mar 2014");
    t = table_by_id(fb, "measure-1.1-indicators")->table;
    assert_string_equal(cell(w, t, 0, 4), "88%");
    assert_string_equal(cell(w, t, 2, 2), "1,000");
    assert_string_equal(fix_text(&w->f, &t->caption), "Table" NB "2: Indicators of Measure" NB "1.1");
    t = table_by_id(fb, "overview-1")->table;
    assert_string_equal(fix_text(&w->f, &t->caption), "Table" NB "1: Measures in field of action" NB "1");
    assert_string_equal(cell(w, t, 0, 1), "Wegweiser" NB "– gemeinsam");
    const Block *fh = d->blocks[4];
    assert_string_equal(fix_text(&w->f, &fh->inl), "Field of action" NB "1: Prävention in “Schule”");
    world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(measures_structure),
        cmocka_unit_test(measure_detail),
        cmocka_unit_test(periods_and_budgets),
        cmocka_unit_test(status_overview),
        cmocka_unit_test(abbreviations),
        cmocka_unit_test(english_formats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
