/* measures.c — the generated measures part.
 *
 * A chapter; per field of action a section (heading "Handlungsfeld 1: …",
 * the intro, an overview table of its measures); per measure a detail group
 * (heading with the measure id as its number, a key/value table of facts,
 * description, progress report, indicators, a link back to the overview). */
#include <math.h>
#include <string.h>

#include "internal.h"

static const char *status_label(const Ctx *c, Status s)
{
    return label(c, (LabelId)(LBL_STATUS_PLANNED + (int)s));
}

static Color status_color(const Ctx *c, Status s)
{
    return c->t->status_colors[s];
}

/* ---------- overview table of a field ---------- */

/* The change column of an overview row: "neu", the progress change, or the
 * previous status when it changed ("bisher in Umsetzung"). */
static const char *overview_change(Ctx *c, const Measure *m)
{
    if (!m->prev)
        return label(c, LBL_NEW);
    const char *pts = change_points(c, m);
    if (m->prev->status != m->status) {
        const char *was = cat(c, label(c, LBL_COL_BEFORE), " ",
                              label(c, (LabelId)(LBL_STATUS_PLANNED + (int)m->prev->status)),
                              STR_END);
        return pts ? cat(c, pts, ", ", was, STR_END) : was;
    }
    return pts ? pts : EN_DASH;
}

static Block *overview_table(Ctx *c, const Field *f)
{
    static const TableColumn cols[] = {
        {COL_FIXED, 28, ALIGN_LEFT},
        {COL_FRACTION, 1, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_LEFT},
        {COL_FIXED, 70, ALIGN_RIGHT},   /* a dash for "none" under the percentages */
        {COL_FIXED, 72, ALIGN_LEFT},    /* the change column */
    };
    size_t n_cols = c->r->previous && c->t->change_column ? 6 : 5;
    Table *t = table_new(c, cat(c, "overview-", f->id, STR_END), TABLE_GRID, cols, n_cols);
    const char *head[] = {label(c, LBL_COL_NO),       label(c, LBL_COL_MEASURE),
                          label(c, LBL_COL_LEAD),     label(c, LBL_COL_STATUS),
                          label(c, LBL_COL_PROGRESS), label(c, LBL_COL_CHANGE)};
    t->header = header_row(c, head, n_cols, f->pos);
    t->caption = caption_table(c, label_fill(c, LBL_OVERVIEW_TABLE, "id", f->id, STR_END),
                               f->pos);
    RowVec rows = {0};
    for (size_t i = 0; i < f->n_measures; i++) {
        const Measure *m = f->measures[i];
        TableCell *cells = arena_calloc(c->a, n_cols, sizeof *cells);
        cells[0] = cell_text(c, m->id, 0, STYLE_TABLE, m->pos);
        cells[1] = cell_text(c, typo_string(c, m->title), 0, STYLE_TABLE, m->title_pos);
        cells[2] = cell_text(c, m->lead ? m->lead->id : "", 0, STYLE_TABLE, m->pos);
        cells[3] = cell_status(c, status_label(c, m->status), status_color(c, m->status), m->pos);
        cells[4] = m->progress >= 0
                       ? cell_progress(c, m->progress, status_color(c, m->status), m->pos)
                       : cell_text(c, EN_DASH, 0, STYLE_TABLE, m->pos);
        if (n_cols == 6)
            cells[5] = cell_text(c, overview_change(c, m), 0, STYLE_TABLE, m->pos);
        TableRow row = {m->id, cells, {DLINK_DEST, cat(c, "measure:", m->id, STR_END)}, m->pos};
        rows_push(&rows, row);
    }
    table_set_rows(c, t, &rows);
    Block *b = table_block(c, t, f->pos);
    b->dest = cat(c, "overview:", f->id, STR_END);
    return b;
}

/* ---------- key/value facts ---------- */

typedef struct Facts {
    Ctx *c;
    RowVec rows;
    SrcPos pos;
} Facts;

static void fact(Facts *fx, const char *key, LabelId lbl, TableCell value)
{
    Ctx *c = fx->c;
    TableCell *cells = arena_calloc(c->a, 2, sizeof *cells);
    if (!c->key_cells[lbl].blocks)
        c->key_cells[lbl] = cell_text(c, label(c, lbl), RF_BOLD, STYLE_TABLE, fx->pos);
    cells[0] = c->key_cells[lbl];
    cells[1] = value;
    TableRow row = {key, cells, {DLINK_NONE, NULL}, fx->pos};
    rows_push(&fx->rows, row);
}

static const char *ministry_full(Ctx *c, const Ministry *m)
{
    const Report *r = c->r;
    size_t i = (size_t)(m - r->ministries);
    bool own = r->ministries && m >= r->ministries && i < r->n_ministries;
    if (own && c->ministry_full[i])
        return c->ministry_full[i];
    const char *s = cat(c, typo_string(c, m->name), " (", m->id, ")", STR_END);
    if (own)
        c->ministry_full[i] = s;
    return s;
}

static TableCell partners_cell(Ctx *c, const Measure *m)
{
    RunVec runs = {0};
    for (size_t i = 0; i < m->n_partners; i++) {
        if (i > 0) {
            Run br = run_text(NULL, 0, m->pos);
            br.kind = RUN_BREAK;
            runs_push(&runs, br);
        }
        runs_push(&runs, run_text(ministry_full(c, m->partners[i]), 0, m->partners[i]->name_pos));
    }
    return cell_blocks(c, para_inl(c, runs_finish(c, &runs), STYLE_TABLE, m->pos));
}

static const char *budget_text(Ctx *c, const Measure *m)
{
    const char *planned = m->has_planned
        ? cat(c, fmt_money(c, m->budget_planned), " ", label(c, LBL_BUDGET_PLANNED),
              STR_END)
        : NULL;
    const char *spent = m->has_spent
        ? cat(c, fmt_money(c, m->budget_spent), " ", label(c, LBL_BUDGET_SPENT), STR_END)
        : NULL;
    if (planned && spent)
        return cat(c, planned, ", ", spent, STR_END);
    return planned ? planned : spent;
}

static const char *join_groups(Ctx *c, const Measure *m)
{
    Buf b = {0};
    for (size_t i = 0; i < m->n_target_groups; i++) {
        if (i)
            buf_puts(&b, ", ");
        buf_puts(&b, typo_string(c, m->target_groups[i]));
    }
    return buf_to_arena(&b, c->a);
}

static Block *facts_table(Ctx *c, const Measure *m)
{
    /* the labels' column: room for "Federführung" and a gap, the same in every measure */
    static const TableColumn cols[] = {
        {COL_FIXED, 80, ALIGN_LEFT},
        {COL_FRACTION, 1, ALIGN_LEFT},
    };
    Facts fx = {c, {0}, m->pos};
    if (m->lead)
        fact(&fx, "lead", LBL_COL_LEAD,
             cell_text(c, ministry_full(c, m->lead), 0, STYLE_TABLE, m->lead->name_pos));
    if (m->n_partners)
        fact(&fx, "partners", LBL_KV_PARTNERS, partners_cell(c, m));
    fact(&fx, "status", LBL_COL_STATUS,
         cell_status(c, status_label(c, m->status), status_color(c, m->status), m->pos));
    const char *mark = change_mark(c, m);
    if (mark)
        fact(&fx, "change", LBL_KV_CHANGE, cell_text(c, mark, 0, STYLE_TABLE, m->pos));
    if (m->progress >= 0) {
        TableCell cell = cell_progress(c, m->progress, status_color(c, m->status), m->pos);
        const char *pts = change_points(c, m);
        if (pts) /* the change beside the figure: "85 % (+25 Pp.)" */
            ((Block *)cell.blocks[0])->inl =
                inl_text(c, cat(c, fmt_percent(c, m->progress), " (", pts, ")", STR_END), 0,
                         m->pos);
        fact(&fx, "progress", LBL_COL_PROGRESS, cell);
    }
    const char *period = fmt_period(c, m->start, m->end);
    if (period)
        fact(&fx, "period", LBL_KV_PERIOD, cell_text(c, period, 0, STYLE_TABLE, m->pos));
    const char *budget = m->has_budget ? budget_text(c, m) : NULL;
    if (budget)
        fact(&fx, "budget", LBL_KV_BUDGET, cell_text(c, budget, 0, STYLE_TABLE, m->pos));
    if (m->n_target_groups)
        fact(&fx, "target_groups", LBL_KV_TARGET_GROUPS,
             cell_text(c, join_groups(c, m), 0, STYLE_TABLE, m->pos));
    const char *id = cat(c, "measure-", m->id, "-facts", STR_END);
    Table *t = table_new(c, id, TABLE_KEYVALUE, cols, 2);
    table_set_rows(c, t, &fx.rows);
    return table_block(c, t, m->pos);
}

/* ---------- indicators ---------- */

static TableCell number_cell(Ctx *c, bool given, double v, SrcPos pos)
{
    return cell_text(c, given ? fmt_number(c, v) : EN_DASH, 0, STYLE_TABLE, pos);
}

static Block *indicators_table(Ctx *c, const Measure *m)
{
    static const TableColumn cols[] = {
        {COL_FRACTION, 1, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_RIGHT},
        {COL_AUTO, 0, ALIGN_RIGHT},
        {COL_AUTO, 0, ALIGN_RIGHT},
    };
    const char *id = cat(c, "measure-", m->id, "-indicators", STR_END);
    Table *t = table_new(c, id, TABLE_GRID, cols, 5);
    if (!c->indicator_header) {
        const char *head[] = {label(c, LBL_COL_INDICATOR), label(c, LBL_COL_UNIT),
                              label(c, LBL_COL_TARGET), label(c, LBL_COL_ACTUAL),
                              label(c, LBL_COL_FULFILMENT)};
        c->indicator_header = header_row(c, head, 5, m->pos);
    }
    t->header = c->indicator_header;
    const char *what = cat(c, label(c, LBL_INDICATORS), c->lang == LANG_DE ? " der " : " of ",
                           label(c, LBL_MEASURE), NBSP, m->id, STR_END);
    t->caption = caption_table(c, what, m->pos);
    RowVec rows = {0};
    for (size_t i = 0; i < m->n_indicators; i++) {
        const Indicator *ind = &m->indicators[i];
        TableCell *cells = arena_calloc(c->a, 5, sizeof *cells);
        cells[0] = cell_text(c, typo_string(c, ind->name), 0, STYLE_TABLE, ind->pos);
        const char *unit = ind->unit ? typo_string(c, ind->unit) : EN_DASH;
        cells[1] = cell_text(c, unit, 0, STYLE_TABLE, ind->pos);
        cells[2] = number_cell(c, ind->has_target, ind->target, ind->pos);
        cells[3] = number_cell(c, ind->has_actual, ind->actual, ind->pos);
        const char *ful = EN_DASH;
        if (ind->has_target && ind->has_actual && ind->target > 0)
            ful = fmt_percent(c, (int)lround(fmin(ind->actual / ind->target * 100.0, 1e6)));
        cells[4] = cell_text(c, ful, 0, STYLE_TABLE, ind->pos);
        TableRow row = {arena_printf(c->a, "%zu", i + 1), cells, {DLINK_NONE, NULL}, ind->pos};
        rows_push(&rows, row);
    }
    table_set_rows(c, t, &rows);
    return table_block(c, t, m->pos);
}

/* ---------- measure detail ---------- */

static Block *back_link(Ctx *c, const Measure *m)
{
    /* Open Sans has no U+2191 (upwards arrow): the label alone */
    Run *r = arena_alloc(c->a, sizeof *r);
    *r = run_text(label(c, LBL_BACK_TO_OVERVIEW), 0, m->pos);
    r->link.kind = DLINK_DEST;
    r->link.target = cat(c, "overview:", m->field ? m->field->id : "", STR_END);
    r->has_color = true;
    r->color = c->t->link;
    Inlines inl = {r, 1};
    return para_inl(c, inl, STYLE_SOURCE, m->pos);
}

static Block *measure_group(Ctx *c, const Measure *m)
{
    BlockVec kids = {0};
    Block *h = heading_new(c, 3, m->id, inl_text(c, typo_string(c, m->title), 0, m->title_pos), m->pos);
    h->id = cat(c, "measure-", m->id, STR_END);
    blocks_push(&kids, h);
    blocks_push(&kids, facts_table(c, m));
    blocks_push(&kids, minor_heading(c, label(c, LBL_DESCRIPTION), m->pos));
    md_compose(c, m->description, MD_EMBEDDED, &kids);
    if (m->progress_report) {
        blocks_push(&kids, minor_heading(c, label(c, LBL_PROGRESS_REPORT), m->pos));
        md_compose(c, m->progress_report, MD_EMBEDDED, &kids);
    }
    if (m->n_indicators) {
        blocks_push(&kids, minor_heading(c, label(c, LBL_INDICATORS), m->pos));
        blocks_push(&kids, indicators_table(c, m));
    }
    if (m->field)
        blocks_push(&kids, back_link(c, m));
    Block *g = blk_new(c, BLK_GROUP, STYLE_BODY, m->pos);
    g->id = m->id;
    g->dest = cat(c, "measure:", m->id, STR_END);
    g->children = blocks_finish(c, &kids, &g->n_children);
    return g;
}

void compose_measures(Ctx *c, const Part *p, BlockVec *out)
{
    blocks_push(out, chapter_heading(c, p->title, p->slug, p->pos));
    for (size_t i = 0; i < c->r->n_fields; i++) {
        const Field *f = &c->r->fields[i];
        c->h2++;
        c->h3 = 0;
        const char *text = arena_printf(c->a, "%s" NBSP "%s: %s", label(c, LBL_FIELD), f->id,
                                        typo_string(c, f->title));
        Block *h = heading_new(c, 2, arena_printf(c->a, "%d.%d", c->h1, c->h2),
                               inl_text(c, text, 0, f->title_pos), f->pos);
        h->id = f->slug;
        h->dest = f->slug;
        blocks_push(out, h);
        md_compose(c, f->intro, MD_EMBEDDED, out);
        if (f->n_measures)
            blocks_push(out, overview_table(c, f));
        for (size_t k = 0; k < f->n_measures; k++)
            blocks_push(out, measure_group(c, f->measures[k]));
    }
}
