/* overview.c — the generated status overview and list of abbreviations. */
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/mem.h"
#include "internal.h"

/* ---------- status overview ---------- */

typedef struct Tally {
    const char *key;        /* row identity */
    const char *label;      /* row text in the table */
    const char *bar_label;  /* bar text in the chart */
    int counts[STATUS_COUNT];
    SrcPos pos;
    SrcPos label_pos;       /* where the label's text is written */
} Tally;

static int tally_total(const Tally *t)
{
    int n = 0;
    for (int s = 0; s < STATUS_COUNT; s++)
        n += t->counts[s];
    return n;
}

/* Table of counts: a first column of row labels, one column per status, a
 * total column; a last row of totals. */
static Block *count_table(Ctx *c, const char *id, LabelId first_col, LabelId what,
                          const Tally *rows_in, size_t n, SrcPos pos)
{
    enum { NCOLS = STATUS_COUNT + 2 };
    TableColumn cols[NCOLS];
    cols[0] = (TableColumn){COL_FRACTION, 1, ALIGN_LEFT};
    for (int i = 1; i < NCOLS; i++)
        cols[i] = (TableColumn){COL_AUTO, 0, ALIGN_RIGHT};
    Table *t = table_new(c, id, TABLE_GRID, cols, NCOLS);
    const char *head[NCOLS];
    head[0] = label(c, first_col);
    for (int s = 0; s < STATUS_COUNT; s++)
        head[s + 1] = label(c, (LabelId)(LBL_STATUS_PLANNED + s));
    head[NCOLS - 1] = label(c, LBL_TOTAL);
    t->header = header_row(c, head, NCOLS, pos);
    t->caption = caption_table(c, label(c, what), pos);

    RowVec rows = {0};
    Tally total = {"total", label(c, LBL_TOTAL), NULL, {0}, pos, pos};
    for (size_t i = 0; i <= n; i++) {
        const Tally *ta = i < n ? &rows_in[i] : &total;
        bool last = i == n;
        unsigned font = last ? RF_BOLD : 0;
        TableCell *cells = arena_calloc(c->a, NCOLS, sizeof *cells);
        cells[0] = cell_text(c, ta->label, font, STYLE_TABLE, ta->label_pos);
        for (int s = 0; s < STATUS_COUNT; s++) {
            cells[s + 1] = cell_text(c, fmt_int(c, ta->counts[s]), font, STYLE_TABLE, ta->pos);
            if (!last)
                total.counts[s] += ta->counts[s];
        }
        cells[NCOLS - 1] = cell_text(c, fmt_int(c, tally_total(ta)), RF_BOLD, STYLE_TABLE, ta->pos);
        TableRow row = {ta->key, cells, {DLINK_NONE, NULL}, ta->pos};
        rows_push(&rows, row);
    }
    table_set_rows(c, t, &rows);
    return table_block(c, t, pos);
}

/* The chart in words, for a screen reader: "Handlungsfeld 1: 1 geplant,
 * 4 in Umsetzung; Handlungsfeld 2: …" (statuses without measures left out). */
static const char *chart_alt(Ctx *c, const BarChart *ch)
{
    Buf b = {0};
    for (size_t i = 0; i < ch->n_bars; i++) {
        const BarSeries *bs = &ch->bars[i];
        buf_printf(&b, "%s%s:", i ? "; " : "", bs->label ? bs->label : "");
        bool any = false;
        for (int s = 0; s < STATUS_COUNT; s++) {
            if (bs->counts[s] <= 0)
                continue;
            buf_printf(&b, "%s %d %s", any ? "," : "", bs->counts[s],
                       ch->legend[s] ? ch->legend[s] : "");
            any = true;
        }
        if (!any)
            buf_puts(&b, " 0");
    }
    return buf_to_arena(&b, c->a);
}

static Block *count_chart(Ctx *c, const char *id, const char *what, const Tally *rows, size_t n,
                          SrcPos pos)
{
    BarChart *ch = arena_alloc(c->a, sizeof *ch);
    BarSeries *bars = arena_calloc(c->a, n ? n : 1, sizeof *bars);
    for (size_t i = 0; i < n; i++) {
        bars[i].label = rows[i].bar_label;
        memcpy(bars[i].counts, rows[i].counts, sizeof bars[i].counts);
    }
    ch->id = id;
    ch->bars = bars;
    ch->n_bars = n;
    for (int s = 0; s < STATUS_COUNT; s++) {
        ch->legend[s] = label(c, (LabelId)(LBL_STATUS_PLANNED + s));
        ch->colors[s] = c->t->status_colors[s];
    }
    ch->caption = caption_figure(c, what, pos);
    Block *b = blk_new(c, BLK_BARCHART, STYLE_BODY, pos);
    b->chart = ch;
    b->alt = chart_alt(c, ch);
    b->id = id;
    return b;
}

/* With a previous report: counts per status then and now, as a table (a row
 * per status, both counts and the change) and a chart (a bar per report). */
static void compare_status(Ctx *c, const Part *p, BlockVec *out)
{
    const Report *r = c->r, *prev = r->previous;
    Tally both[2] = {{"before", NULL, NULL, {0}, p->pos, p->pos},
                     {"now", NULL, NULL, {0}, p->pos, p->pos}};
    for (size_t k = 0; k < prev->n_measures; k++)
        both[0].counts[prev->measures[k]->status]++;
    for (size_t k = 0; k < r->n_measures; k++)
        both[1].counts[r->measures[k]->status]++;
    const char *before = arena_printf(c->a, "%d", prev->info.date.year);
    const char *now = arena_printf(c->a, "%d", r->info.date.year);
    if (!strcmp(before, now)) { /* two reports in one year: their dates */
        before = fmt_date_table(c, prev->info.date);
        now = fmt_date_table(c, r->info.date);
    }
    both[0].bar_label = before;
    both[1].bar_label = now;
    static const TableColumn cols[] = {{COL_FRACTION, 1, ALIGN_LEFT},
                                       {COL_AUTO, 0, ALIGN_RIGHT},
                                       {COL_AUTO, 0, ALIGN_RIGHT},
                                       {COL_AUTO, 0, ALIGN_RIGHT}};
    Table *t = table_new(c, "status-compared", TABLE_GRID, cols, 4);
    const char *head[] = {label(c, LBL_COL_STATUS), before, now, label(c, LBL_COL_CHANGE)};
    t->header = header_row(c, head, 4, p->pos);
    const char *what =
        label_fill(c, LBL_BY_STATUS_COMPARED, "before", before, "now", now, STR_END);
    t->caption = caption_table(c, what, p->pos);
    RowVec rows = {0};
    for (int s = 0; s <= STATUS_COUNT; s++) {
        bool total = s == STATUS_COUNT;
        int a = total ? tally_total(&both[0]) : both[0].counts[s];
        int b = total ? tally_total(&both[1]) : both[1].counts[s];
        unsigned font = total ? RF_BOLD : 0;
        TableCell *cells = arena_calloc(c->a, 4, sizeof *cells);
        const char *name = total ? label(c, LBL_TOTAL) : label(c, (LabelId)(LBL_STATUS_PLANNED + s));
        cells[0] = cell_text(c, name, font, STYLE_TABLE, p->pos);
        cells[1] = cell_text(c, fmt_int(c, a), font, STYLE_TABLE, p->pos);
        cells[2] = cell_text(c, fmt_int(c, b), font, STYLE_TABLE, p->pos);
        const char *d = b > a   ? arena_printf(c->a, "+%d", b - a)
                        : b < a ? arena_printf(c->a, "\xE2\x88\x92%d", a - b)
                                : "\xC2\xB1" "0";
        cells[3] = cell_text(c, d, font, STYLE_TABLE, p->pos);
        TableRow row = {total ? "total" : arena_printf(c->a, "%d", s), cells, {DLINK_NONE, NULL},
                        p->pos};
        rows_push(&rows, row);
    }
    table_set_rows(c, t, &rows);
    blocks_push(out, table_block(c, t, p->pos));
    blocks_push(out, count_chart(c, "status-compared-chart", what, both, 2, p->pos));
}

void compose_status(Ctx *c, const Part *p, BlockVec *out)
{
    const Report *r = c->r;
    blocks_push(out, chapter_heading(c, p->title, p->slug, p->pos));

    /* by field of action, in report order */
    Tally *by_field = xcalloc(r->n_fields ? r->n_fields : 1, sizeof *by_field);
    for (size_t i = 0; i < r->n_fields; i++) {
        const Field *f = &r->fields[i];
        by_field[i].key = f->id;
        by_field[i].label = arena_printf(c->a, "%s %s", f->id, typo_string(c, f->title));
        by_field[i].bar_label = arena_printf(c->a, "%s" NBSP "%s", label(c, LBL_FIELD), f->id);
        by_field[i].pos = f->pos;
        by_field[i].label_pos = f->title_pos;
    }
    for (size_t k = 0; k < r->n_measures; k++) {
        const Measure *m = r->measures[k];
        for (size_t i = 0; i < r->n_fields; i++)
            if (m->field && !strcmp(m->field->id, r->fields[i].id))
                by_field[i].counts[m->status]++;
    }
    blocks_push(out, count_table(c, "status-by-field", LBL_FIELD, LBL_BY_FIELD, by_field,
                                 r->n_fields, p->pos));
    blocks_push(out, count_chart(c, "status-by-field-chart", label(c, LBL_BY_FIELD), by_field, r->n_fields,
                                 p->pos));
    free(by_field);

    /* by lead ministry: those that lead at least one measure, in file order */
    Tally *by_min = xcalloc(r->n_ministries ? r->n_ministries : 1, sizeof *by_min);
    size_t n = 0;
    for (size_t i = 0; i < r->n_ministries; i++) {
        const Ministry *mi = &r->ministries[i];
        Tally t = {mi->id, mi->id, mi->id, {0}, mi->pos, mi->pos};
        for (size_t k = 0; k < r->n_measures; k++)
            if (r->measures[k]->lead && !strcmp(r->measures[k]->lead->id, mi->id))
                t.counts[r->measures[k]->status]++;
        if (tally_total(&t) > 0)
            by_min[n++] = t;
    }
    blocks_push(out, count_table(c, "status-by-ministry", LBL_MINISTRY, LBL_BY_MINISTRY, by_min, n,
                                 p->pos));
    blocks_push(out, count_chart(c, "status-by-ministry-chart", label(c, LBL_BY_MINISTRY), by_min, n,
                                 p->pos));
    free(by_min);
    if (r->previous)
        compare_status(c, p, out);
}

/* ---------- abbreviations ---------- */

typedef struct Abbrev {
    const char *abbr, *expansion;
    SrcPos pos;
    SrcPos expansion_pos;
    size_t order;   /* ministries first, then the glossary: the first one wins */
} Abbrev;

static int abbrev_cmp(const void *pa, const void *pb)
{
    const Abbrev *a = pa, *b = pb;
    int d = cmp_abbrev(a->abbr, b->abbr);
    if (d)
        return d;
    return a->order < b->order ? -1 : a->order > b->order;
}

void compose_abbreviations(Ctx *c, const Part *p, BlockVec *out)
{
    const Report *r = c->r;
    blocks_push(out, chapter_heading(c, p->title, p->slug, p->pos));
    size_t total = r->n_ministries + r->n_glossary;
    Abbrev *v = xcalloc(total ? total : 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < r->n_ministries; i++, n++)
        v[n] = (Abbrev){r->ministries[i].id, r->ministries[i].name, r->ministries[i].pos,
                        r->ministries[i].name_pos, n};
    for (size_t i = 0; i < r->n_glossary; i++, n++)
        v[n] = (Abbrev){r->glossary[i].abbr, r->glossary[i].expansion, r->glossary[i].pos,
                        r->glossary[i].pos, n};
    qsort(v, n, sizeof *v, abbrev_cmp);

    static const TableColumn cols[] = {
        {COL_AUTO, 0, ALIGN_LEFT},
        {COL_FRACTION, 1, ALIGN_LEFT},
    };
    Table *t = table_new(c, "abbreviations", TABLE_PLAIN, cols, 2);
    const char *head[] = {label(c, LBL_ABBREVIATION), label(c, LBL_MEANING)};
    t->header = header_row(c, head, 2, p->pos);
    RowVec rows = {0};
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && !strcmp(v[i].abbr, v[i - 1].abbr))
            continue; /* listed once; the ministry (sorted first) wins */
        TableCell *cells = arena_calloc(c->a, 2, sizeof *cells);
        cells[0] = cell_text(c, v[i].abbr, RF_BOLD, STYLE_TABLE, v[i].pos);
        cells[1] = cell_text(c, typo_string(c, v[i].expansion), 0, STYLE_TABLE, v[i].expansion_pos);
        TableRow row = {v[i].abbr, cells, {DLINK_NONE, NULL}, v[i].pos};
        rows_push(&rows, row);
    }
    free(v);
    table_set_rows(c, t, &rows);
    blocks_push(out, table_block(c, t, p->pos));
}
