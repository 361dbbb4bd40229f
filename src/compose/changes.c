/* changes.c — what changed since the previous report of the series.
 *
 * The load stage links each measure to the one it continues (m->prev) and
 * lists the previous measures no longer there (r->dropped). Here the two are
 * compared (status, progress, period, budget, indicator actuals, lead,
 * partners, title) and shown: the generated part `changes:` (a summary
 * written from the figures, then tables), the marks in the measures part and
 * the comparison in the status overview use the helpers at the top. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "internal.h"

/* ---------- comparisons ---------- */

static bool same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_date(Date a, Date b)
{
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

static bool period_changed(const Measure *m)
{
    const Measure *p = m->prev;
    return !same_date(m->start, p->start) || !same_date(m->end, p->end);
}

static bool lead_changed(const Measure *m)
{
    return !same_str(m->lead ? m->lead->id : NULL, m->prev->lead ? m->prev->lead->id : NULL);
}

static bool has_partner(const Measure *m, const char *id)
{
    for (size_t i = 0; i < m->n_partners; i++)
        if (!strcmp(m->partners[i]->id, id))
            return true;
    return false;
}

static bool partners_changed(const Measure *m)
{
    if (m->n_partners != m->prev->n_partners)
        return true;
    for (size_t i = 0; i < m->n_partners; i++)
        if (!has_partner(m->prev, m->partners[i]->id))
            return true;
    return false;
}

static const Indicator *find_indicator(const Measure *m, const char *name)
{
    for (size_t i = 0; i < m->n_indicators; i++)
        if (!strcmp(m->indicators[i].name, name))
            return &m->indicators[i];
    return NULL;
}

bool change_progress(const Measure *m, int *delta)
{
    if (!m->prev || m->progress < 0 || m->prev->progress < 0)
        return false;
    *delta = m->progress - m->prev->progress;
    return true;
}

int change_year(const Ctx *c)
{
    return c->r->previous ? c->r->previous->info.date.year : 0;
}

static const char *status_name(const Ctx *c, Status s)
{
    return label(c, (LabelId)(LBL_STATUS_PLANNED + (int)s));
}

/* "+25 Pp.", "−5 Pp.", "±0 Pp." */
static const char *points(Ctx *c, int delta)
{
    const char *n = delta > 0   ? arena_printf(c->a, "+%d", delta)
                    : delta < 0 ? arena_printf(c->a, "\xE2\x88\x92%d", -delta)
                                : "\xC2\xB1" "0";
    return label_fill(c, LBL_POINTS, "n", n, STR_END);
}

static const char *money_delta(Ctx *c, double d)
{
    if (fabs(d) < 0.005)
        return "\xC2\xB1" "0";
    return d > 0 ? cat(c, "+", fmt_money(c, d), STR_END) : fmt_money(c, d);
}

const char *change_points(Ctx *c, const Measure *m)
{
    int d;
    return change_progress(m, &d) && d ? points(c, d) : NULL;
}

const char *change_mark(Ctx *c, const Measure *m)
{
    if (!c->r->previous)
        return NULL;
    if (!m->prev)
        return label(c, LBL_NEW);
    const char *s = NULL;
    if (m->prev->status != m->status)
        s = label_fill(c, LBL_STATUS_SINCE, "year", arena_printf(c->a, "%d", change_year(c)),
                       "from", status_name(c, m->prev->status), "to",
                       status_name(c, m->status), STR_END);
    if (strcmp(m->prev->id, m->id)) {
        const char *f = label_fill(c, LBL_FORMERLY, "id", m->prev->id, STR_END);
        s = s ? cat(c, s, "; ", f, STR_END) : f;
    }
    return s;
}

/* ---------- the changes part: summary ---------- */

typedef struct Counts {
    int n_new, n_completed, n_status, n_progress, n_dropped, n_other;
    int gain_sum;
    double planned_before, planned_now, spent_before, spent_now;
} Counts;

static bool other_changes(const Measure *m)
{
    if (!m->prev)
        return false;
    bool ind = false;
    for (size_t i = 0; i < m->n_indicators; i++) {
        const Indicator *a = &m->indicators[i];
        const Indicator *b = find_indicator(m->prev, a->name);
        ind |= b && a->has_actual && b->has_actual && fabs(a->actual - b->actual) >= 0.005;
    }
    return ind || period_changed(m) || lead_changed(m) || partners_changed(m) ||
           strcmp(m->title, m->prev->title) != 0;
}

static Counts count(const Report *r)
{
    Counts k = {0};
    for (size_t i = 0; i < r->n_measures; i++) {
        const Measure *m = r->measures[i];
        int d;
        k.n_new += !m->prev;
        k.n_completed += m->status == STATUS_COMPLETED &&
                         (!m->prev || m->prev->status != STATUS_COMPLETED);
        k.n_status += m->prev && m->prev->status != m->status;
        if (change_progress(m, &d) && d) {
            k.n_progress++;
            k.gain_sum += d;
        }
        k.n_other += other_changes(m);
        k.planned_now += m->has_planned ? m->budget_planned : 0;
        k.spent_now += m->has_spent ? m->budget_spent : 0;
    }
    const Report *p = r->previous;
    for (size_t i = 0; i < p->n_measures; i++) {
        k.planned_before += p->measures[i]->has_planned ? p->measures[i]->budget_planned : 0;
        k.spent_before += p->measures[i]->has_spent ? p->measures[i]->budget_spent : 0;
    }
    k.n_dropped = (int)r->n_dropped;
    return k;
}

/* "1 Maßnahme" / "5 Maßnahmen" */
static const char *measures_n(Ctx *c, int n)
{
    const char *word = c->lang == LANG_DE ? (n == 1 ? "Maßnahme" : "Maßnahmen")
                                          : (n == 1 ? "measure" : "measures");
    return cat(c, fmt_int(c, n), NBSP, word, STR_END);
}

static const char *summary_de(Ctx *c, const Counts *k, const char *since)
{
    Buf b = {0};
    buf_printf(&b, "Seit dem letzten Bericht (Stand: %s) wurden %s umgesetzt und %s neu "
                   "aufgenommen; %s %s nicht mehr aufgeführt. ",
               since, measures_n(c, k->n_completed), measures_n(c, k->n_new),
               measures_n(c, k->n_dropped), k->n_dropped == 1 ? "wird" : "werden");
    buf_printf(&b, "Bei %s änderte sich der Status, bei %s der Fortschritt",
               measures_n(c, k->n_status), measures_n(c, k->n_progress));
    if (k->n_progress)
        buf_printf(&b, " (im Mittel um %s)",
                   points(c, (int)lround((double)k->gain_sum / k->n_progress)));
    buf_printf(&b, "; bei %s änderten sich Laufzeit, Beteiligte, Titel oder Indikatoren. ",
               measures_n(c, k->n_other));
    buf_printf(&b, "Die geplanten Mittel aller Maßnahmen betragen %s (zuvor %s), verausgabt "
                   "wurden bislang %s (zuvor %s).",
               fmt_money(c, k->planned_now), fmt_money(c, k->planned_before),
               fmt_money(c, k->spent_now), fmt_money(c, k->spent_before));
    return buf_to_arena(&b, c->a);
}

static const char *summary_en(Ctx *c, const Counts *k, const char *since)
{
    Buf b = {0};
    buf_printf(&b, "Since the last report (as of %s), %s %s completed and %s newly added; %s "
                   "%s no longer listed. ",
               since, measures_n(c, k->n_completed), k->n_completed == 1 ? "was" : "were",
               measures_n(c, k->n_new), measures_n(c, k->n_dropped),
               k->n_dropped == 1 ? "is" : "are");
    buf_printf(&b, "The status changed for %s and the progress for %s",
               measures_n(c, k->n_status), measures_n(c, k->n_progress));
    if (k->n_progress)
        buf_printf(&b, " (by %s on average)",
                   points(c, (int)lround((double)k->gain_sum / k->n_progress)));
    buf_printf(&b, "; the period, partners, title or indicators changed for %s. ",
               measures_n(c, k->n_other));
    buf_printf(&b, "The planned funds of all measures amount to %s (previously %s); %s "
                   "(previously %s) have been spent so far.",
               fmt_money(c, k->planned_now), fmt_money(c, k->planned_before),
               fmt_money(c, k->spent_now), fmt_money(c, k->spent_before));
    return buf_to_arena(&b, c->a);
}

/* ---------- the changes part: tables ---------- */

typedef const char *(*CellFn)(Ctx *c, const Measure *m);

typedef struct Column {
    LabelId head;
    CellFn text;
    TableColumn col;
} Column;

static const char *col_id(Ctx *c, const Measure *m)
{
    (void)c;
    return m->id;
}
static const char *col_title(Ctx *c, const Measure *m)
{
    return typo_string(c, m->title);
}
static const char *col_lead(Ctx *c, const Measure *m)
{
    (void)c;
    return m->lead ? m->lead->id : "";
}
static const char *col_status(Ctx *c, const Measure *m)
{
    return status_name(c, m->status);
}
static const char *col_status_before(Ctx *c, const Measure *m)
{
    return status_name(c, m->prev->status);
}
static const char *col_progress_before(Ctx *c, const Measure *m)
{
    return fmt_percent(c, m->prev->progress);
}
static const char *col_progress_now(Ctx *c, const Measure *m)
{
    return fmt_percent(c, m->progress);
}
static const char *col_progress_delta(Ctx *c, const Measure *m)
{
    return change_points(c, m);
}
static const char *col_planned_delta(Ctx *c, const Measure *m)
{
    return money_delta(c, (m->has_planned ? m->budget_planned : 0) -
                              (m->prev->has_planned ? m->prev->budget_planned : 0));
}
static const char *col_spent_delta(Ctx *c, const Measure *m)
{
    return money_delta(c, (m->has_spent ? m->budget_spent : 0) -
                              (m->prev->has_spent ? m->prev->budget_spent : 0));
}

/* "Laufzeit: jetzt 01/2023 – 07/2026 (bisher 01/2023 – 12/2025)", one per line */
static void change_line(Ctx *c, Buf *b, const char *what, const char *before, const char *now)
{
    if (b->len)
        buf_puts(b, "\n");
    buf_printf(b, "%s: %s %s (%s %s)", what, label(c, LBL_COL_NOW), now ? now : EN_DASH,
               label(c, LBL_COL_BEFORE), before ? before : EN_DASH);
}

static const char *quoted(Ctx *c, const char *s)
{
    return typo_string(c, cat(c, "\"", s, "\"", STR_END));
}

static const char *partner_ids(Ctx *c, const Measure *m)
{
    Buf b = {0};
    for (size_t i = 0; i < m->n_partners; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", m->partners[i]->id);
    return b.len ? buf_to_arena(&b, c->a) : (buf_free(&b), EN_DASH);
}

static const char *col_other(Ctx *c, const Measure *m)
{
    const Measure *p = m->prev;
    Buf b = {0};
    if (strcmp(m->title, p->title))
        change_line(c, &b, label(c, LBL_KV_TITLE), quoted(c, p->title), quoted(c, m->title));
    if (period_changed(m))
        change_line(c, &b, label(c, LBL_KV_PERIOD), fmt_period(c, p->start, p->end),
                    fmt_period(c, m->start, m->end));
    if (lead_changed(m))
        change_line(c, &b, label(c, LBL_COL_LEAD), p->lead ? p->lead->id : NULL,
                    m->lead ? m->lead->id : NULL);
    if (partners_changed(m))
        change_line(c, &b, label(c, LBL_KV_PARTNERS), partner_ids(c, p), partner_ids(c, m));
    for (size_t i = 0; i < m->n_indicators; i++) {
        const Indicator *a = &m->indicators[i];
        const Indicator *o = find_indicator(p, a->name);
        if (o && a->has_actual && o->has_actual && fabs(a->actual - o->actual) >= 0.005)
            change_line(c, &b,
                        cat(c, typo_string(c, a->name), " (", label(c, LBL_COL_ACTUAL), ")",
                            STR_END),
                        fmt_number(c, o->actual), fmt_number(c, a->actual));
    }
    return buf_to_arena(&b, c->a);
}

/* A cell of text lines ("\n" between them become line breaks). */
static TableCell lines_cell(Ctx *c, const char *s, SrcPos pos)
{
    RunVec runs = {0};
    for (;;) {
        const char *nl = strchr(s, '\n');
        const char *line = nl ? arena_strndup(c->a, s, (size_t)(nl - s)) : s;
        runs_push(&runs, run_text(line, 0, pos));
        if (!nl)
            break;
        Run br = run_text(NULL, 0, pos);
        br.kind = RUN_BREAK;
        runs_push(&runs, br);
        s = nl + 1;
    }
    return cell_blocks(c, para_inl(c, runs_finish(c, &runs), STYLE_TABLE, pos));
}

/* One captioned table of measures (rows link to them); nothing when empty. */
static void measure_table(Ctx *c, BlockVec *out, const char *id, LabelId caption,
                          const Column *cols, size_t n_cols, const Measure *const *ms, size_t n,
                          SrcPos pos)
{
    if (!n)
        return;
    TableColumn *tc = arena_calloc(c->a, n_cols, sizeof *tc);
    const char **head = arena_calloc(c->a, n_cols, sizeof *head);
    for (size_t j = 0; j < n_cols; j++) {
        tc[j] = cols[j].col;
        head[j] = label(c, cols[j].head);
    }
    Table *t = table_new(c, id, TABLE_GRID, tc, n_cols);
    t->header = header_row(c, head, n_cols, pos);
    t->caption = caption_table(c, label(c, caption), pos);
    RowVec rows = {0};
    for (size_t i = 0; i < n; i++) {
        TableCell *cells = arena_calloc(c->a, n_cols, sizeof *cells);
        for (size_t j = 0; j < n_cols; j++) {
            const char *s = cols[j].text(c, ms[i]);
            cells[j] = lines_cell(c, s && *s ? s : EN_DASH, pos);
        }
        /* a measure of this report (not a dropped one, whose position is in the data) */
        bool here = ms[i]->description != NULL;
        DocLink link = {DLINK_NONE, NULL};
        if (here)
            link = (DocLink){DLINK_DEST, cat(c, "measure:", ms[i]->id, STR_END)};
        TableRow row = {ms[i]->id, cells, link, here ? ms[i]->pos : pos};
        rows_push(&rows, row);
    }
    table_set_rows(c, t, &rows);
    blocks_push(out, table_block(c, t, pos));
}

#define NO_COL {COL_FIXED, 28, ALIGN_LEFT}
#define TITLE_COL {COL_FRACTION, 1, ALIGN_LEFT}
#define AUTO_COL {COL_AUTO, 0, ALIGN_LEFT}
#define NUM_COL {COL_AUTO, 0, ALIGN_RIGHT}

typedef bool (*Pick)(const Measure *m);

static bool pick_new(const Measure *m)
{
    return !m->prev;
}
static bool pick_completed(const Measure *m)
{
    return m->status == STATUS_COMPLETED && (!m->prev || m->prev->status != STATUS_COMPLETED);
}
static bool pick_status(const Measure *m)
{
    return m->prev && m->prev->status != m->status;
}
static bool pick_gain(const Measure *m)
{
    int d;
    return change_progress(m, &d) && d > 0;
}
static bool pick_budget(const Measure *m)
{
    const Measure *p = m->prev;
    return p && (m->has_planned != p->has_planned || m->has_spent != p->has_spent ||
                 fabs(m->budget_planned - p->budget_planned) >= 0.005 ||
                 fabs(m->budget_spent - p->budget_spent) >= 0.005);
}

static const Measure **pick(const Report *r, Pick f, size_t *n)
{
    const Measure **v = xcalloc(r->n_measures + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; i < r->n_measures; i++)
        if (f(r->measures[i]))
            v[(*n)++] = r->measures[i];
    return v;
}

static int by_gain(const void *a, const void *b)
{
    const Measure *x = *(const Measure *const *)a, *y = *(const Measure *const *)b;
    int dx = 0, dy = 0;
    change_progress(x, &dx);
    change_progress(y, &dy);
    return dx != dy ? (dx > dy ? -1 : 1) : natural_compare(x->id, y->id);
}

#define MAX_GAINS 10

static void tables(Ctx *c, BlockVec *out, SrcPos pos)
{
    const Report *r = c->r;
    size_t n;
    const Measure **v = pick(r, pick_new, &n);
    static const Column new_cols[] = {{LBL_COL_NO, col_id, NO_COL},
                                      {LBL_COL_MEASURE, col_title, TITLE_COL},
                                      {LBL_COL_LEAD, col_lead, AUTO_COL},
                                      {LBL_COL_STATUS, col_status, AUTO_COL}};
    measure_table(c, out, "changes-new", LBL_CH_NEW, new_cols, 4, v, n, pos);
    free(v);
    v = pick(r, pick_completed, &n);
    measure_table(c, out, "changes-completed", LBL_CH_COMPLETED, new_cols, 3, v, n, pos);
    free(v);
    v = pick(r, pick_status, &n);
    static const Column status_cols[] = {{LBL_COL_NO, col_id, NO_COL},
                                         {LBL_COL_MEASURE, col_title, TITLE_COL},
                                         {LBL_COL_BEFORE, col_status_before, AUTO_COL},
                                         {LBL_COL_NOW, col_status, AUTO_COL}};
    measure_table(c, out, "changes-status", LBL_CH_STATUS, status_cols, 4, v, n, pos);
    free(v);
    v = pick(r, pick_gain, &n);
    qsort(v, n, sizeof *v, by_gain);
    static const Column gain_cols[] = {{LBL_COL_NO, col_id, NO_COL},
                                       {LBL_COL_MEASURE, col_title, TITLE_COL},
                                       {LBL_COL_BEFORE, col_progress_before, NUM_COL},
                                       {LBL_COL_NOW, col_progress_now, NUM_COL},
                                       {LBL_COL_CHANGE, col_progress_delta, NUM_COL}};
    measure_table(c, out, "changes-progress", LBL_CH_PROGRESS, gain_cols, 5, v,
                  n < MAX_GAINS ? n : MAX_GAINS, pos);
    free(v);
    v = pick(r, pick_budget, &n);
    static const Column budget_cols[] = {{LBL_COL_NO, col_id, NO_COL},
                                         {LBL_COL_MEASURE, col_title, TITLE_COL},
                                         {LBL_COL_PLANNED, col_planned_delta, NUM_COL},
                                         {LBL_COL_SPENT, col_spent_delta, NUM_COL}};
    measure_table(c, out, "changes-budget", LBL_CH_BUDGET, budget_cols, 4, v, n, pos);
    free(v);
    v = pick(r, other_changes, &n);
    static const Column other_cols[] = {{LBL_COL_NO, col_id, NO_COL},
                                        {LBL_COL_CHANGE, col_other, TITLE_COL}};
    measure_table(c, out, "changes-other", LBL_CH_OTHER, other_cols, 2, v, n, pos);
    free(v);
    static const Column dropped_cols[] = {{LBL_COL_NO, col_id, NO_COL},
                                          {LBL_COL_MEASURE, col_title, TITLE_COL},
                                          {LBL_COL_LEAD, col_lead, AUTO_COL},
                                          {LBL_COL_STATUS, col_status, AUTO_COL}};
    measure_table(c, out, "changes-dropped", LBL_CH_DROPPED, dropped_cols, 4, r->dropped,
                  r->n_dropped, pos);
}

void compose_changes(Ctx *c, const Part *p, BlockVec *out)
{
    blocks_push(out, chapter_heading(c, p->title, p->slug, p->pos));
    if (!c->r->previous)
        return;
    Counts k = count(c->r);
    const char *since = fmt_date_text(c, c->r->previous->info.date);
    const char *text = c->lang == LANG_DE ? summary_de(c, &k, since) : summary_en(c, &k, since);
    blocks_push(out, para_text(c, typo_spacing(c->a, c->lang, text), 0, STYLE_BODY, p->pos));
    tables(c, out, p->pos);
}
