/* measures.c — measure files: ministries, fields of action, measures.
 *
 * First pass (per file, in the order report.yaml lists them): register every
 * ministry, field and measure id in one namespace per kind, so a duplicate in
 * any file is found and references may point into other files. Second pass:
 * check each measure and build the model. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/mem.h"
#include "internal.h"

typedef struct MeasureDef {
    Measure m;
    const Node *node;
    const char *base_rel;
} MeasureDef;

const char *const file_keys[] = {"ministries", "fields", "measures", NULL};
const char *const ministry_keys[] = {"id", "name", NULL};
const char *const field_keys[] = {"id", "title", "intro", NULL};
const char *const measure_keys[] = {"id",       "field",         "title",       "lead",
                                           "partners", "status",        "progress",    "period",
                                           "budget",   "target_groups", "description",
                                           "progress_report", "indicators", "previous_id", NULL};
const char *const period_keys[] = {"start", "end", NULL};
const char *const budget_keys[] = {"planned", "spent", NULL};
const char *const indicator_keys[] = {"name", "unit", "target", "actual", NULL};
const char *const status_names[] = {"planned", "in_progress", "completed", "ongoing",
                                           "suspended", NULL};

static const char *pos_str(Loader *L, SrcPos p)
{
    return arena_printf(L->arena, "%s:%d:%d", p.file, p.line, p.col);
}

/* An id: text as written, no spaces. */
static const char *get_id(Loader *L, const Node *map, const char *what)
{
    const Node *v = map_need(L->diags, map, "id", what);
    const char *id = get_string(L->diags, v, "id");
    if (!id)
        return NULL;
    if (strpbrk(id, " \t\n")) {
        diag_error(L->diags, v->pos, "id '%s' must not contain spaces", id);
        return NULL;
    }
    return id;
}

/* Registers id in map; reports a duplicate at pos naming the first place. */
static bool register_id(Loader *L, StrMap *map, const char *id, void *val, SrcPos pos,
                        SrcPos (*first_pos)(void *), const char *kind)
{
    void *old = strmap_get(map, id);
    if (old) {
        diag_error(L->diags, pos, "duplicate %s '%s' (first defined at %s)", _(kind), id,
                   pos_str(L, first_pos(old)));
        return false;
    }
    strmap_put(map, id, val);
    return true;
}

static SrcPos ministry_pos(void *p)
{
    return ((Ministry *)p)->pos;
}
static SrcPos field_pos(void *p)
{
    return ((FieldDef *)p)->f.pos;
}
static SrcPos measure_pos(void *p)
{
    return ((MeasureDef *)p)->m.pos;
}

static const Node *id_node(const Node *map)
{
    const Node *v = map_get(map, "id");
    return v ? v : map;
}

static void read_ministries(Loader *L, const Node *list)
{
    if (!expect_kind(L->diags, list, NODE_SEQ, "'ministries'"))
        return;
    for (size_t i = 0; i < list->n; i++) {
        const Node *m = list->items[i];
        if (!expect_kind(L->diags, m, NODE_MAP, "a ministry"))
            continue;
        check_keys(L->diags, m, ministry_keys, "a ministry");
        const char *id = get_id(L, m, "a ministry");
        const char *name = get_string(L->diags, map_need(L->diags, m, "name", "a ministry"),
                                      "ministry name");
        if (!id)
            continue;
        Ministry *x = arena_alloc(L->arena, sizeof *x);
        x->id = id;
        x->name = name ? name : id;
        x->pos = id_node(m)->pos;
        x->name_pos = name ? map_get(m, "name")->pos : x->pos;
        if (register_id(L, &L->ministry_map, id, x, x->pos, ministry_pos, N_("ministry id")))
            vec_push(&L->ministries, x);
    }
}

static void read_fields(Loader *L, const Node *list, const char *base_rel)
{
    if (!expect_kind(L->diags, list, NODE_SEQ, "'fields'"))
        return;
    for (size_t i = 0; i < list->n; i++) {
        const Node *m = list->items[i];
        if (!expect_kind(L->diags, m, NODE_MAP, "a field of action"))
            continue;
        check_keys(L->diags, m, field_keys, "a field of action");
        const char *id = get_id(L, m, "a field of action");
        const char *title = get_string(
            L->diags, map_need(L->diags, m, "title", "a field of action"), "field title");
        if (!id)
            continue;
        FieldDef *f = arena_alloc(L->arena, sizeof *f);
        f->f.id = id;
        f->f.title = title ? title : id;
        f->f.pos = id_node(m)->pos;
        f->f.title_pos = title ? map_get(m, "title")->pos : f->f.pos;
        f->node = m;
        f->base_rel = base_rel;
        const Node *intro = map_get(m, "intro");
        if (intro && get_string(L->diags, intro, "field intro"))
            f->f.intro = md_from_node(L, intro, base_rel);
        if (register_id(L, &L->field_map, id, f, f->f.pos, field_pos, N_("field id")))
            vec_push(&L->fields, f);
    }
}

static void register_measures(Loader *L, const Node *list, const char *base_rel)
{
    if (!expect_kind(L->diags, list, NODE_SEQ, "'measures'"))
        return;
    for (size_t i = 0; i < list->n; i++) {
        const Node *m = list->items[i];
        if (!expect_kind(L->diags, m, NODE_MAP, "a measure"))
            continue;
        if (L->measures.n >= LOAD_MAX_MEASURES) {
            diag_error(L->diags, m->pos, "too many measures (at most %d per report)",
                       LOAD_MAX_MEASURES);
            L->measures_incomplete = L->slugs_incomplete = true;
            return;
        }
        MeasureDef *def = arena_alloc(L->arena, sizeof *def);
        def->node = m;
        def->base_rel = base_rel;
        def->m.pos = m->pos;
        def->m.progress = -1;
        def->m.id = get_id(L, m, "a measure");
        if (def->m.id)
            def->m.pos = id_node(m)->pos;
        if (def->m.id &&
            !register_id(L, &L->measure_map, def->m.id, def, def->m.pos, measure_pos, N_("measure id")))
            continue;
        vec_push(&L->measures, def);
    }
}

void measures_read_file(Loader *L, const char *rel, SrcPos ref)
{
    const char *shown = display_path(L, rel);
    int errors = L->diags->errors;
    Node *root = load_yaml_file(L, shown, shown, rel, ref);
    if (!root) {
        if (L->diags->errors == errors)
            diag_error(L->diags, file_start(shown), "the measure file is empty");
        L->measures_incomplete = L->slugs_incomplete = true;
        return;
    }
    if (!expect_kind(L->diags, root, NODE_MAP, "a measure file")) {
        L->measures_incomplete = L->slugs_incomplete = true;
        return;
    }
    check_keys(L->diags, root, file_keys, "a measure file");
    measures_read_root(L, root, dir_of(L->arena, rel));
}

void measures_read_root(Loader *L, const Node *root, const char *base)
{
    const Node *v;
    if ((v = map_get(root, "ministries")))
        read_ministries(L, v);
    if ((v = map_get(root, "fields")))
        read_fields(L, v, base);
    if ((v = map_get(root, "measures")))
        register_measures(L, v, base);
}

/* ---------- second pass ---------- */

static const Ministry *find_ministry(Loader *L, const Node *v, const char *what)
{
    const char *id = get_string(L->diags, v, what);
    if (!id)
        return NULL;
    const Ministry *m = strmap_get(&L->ministry_map, id);
    if (m || L->measures_incomplete) /* it may be in the file that failed */
        return m;
    const char **ids = xmalloc((L->ministries.n + 1) * sizeof *ids);
    for (size_t i = 0; i < L->ministries.n; i++)
        ids[i] = ((Ministry *)L->ministries.items[i])->id;
    const char *s = L->ministries.n ? suggest(id, ids, L->ministries.n) : NULL;
    free(ids);
    if (s)
        diag_error(L->diags, v->pos, "unknown ministry '%s' for '%s'; did you mean '%s'?", id,
                   what, s);
    else
        diag_error(L->diags, v->pos,
                   "unknown ministry '%s' for '%s' (not listed under 'ministries')", id, what);
    return NULL;
}

static void build_period(Loader *L, Measure *m, const Node *v)
{
    if (!expect_kind(L->diags, v, NODE_MAP, "'period'"))
        return;
    check_keys(L->diags, v, period_keys, "'period'");
    const Node *s = map_need(L->diags, v, "start", "'period'");
    const Node *e = map_get(v, "end");
    Date start = {0}, end = {0};
    bool ok_s = s && get_date(L->diags, s, "period start", false, &start);
    bool ok_e = e && !node_is_null(e) && get_date(L->diags, e, "period end", false, &end);
    if (ok_s)
        m->start = start;
    if (ok_e)
        m->end = end;
    if (ok_s && ok_e && date_start_after_end(start, end) > 0)
        diag_error(L->diags, s->pos, "period start %s is after its end %s", s->text, e->text);
}

static void build_budget(Loader *L, Measure *m, const Node *v)
{
    if (!expect_kind(L->diags, v, NODE_MAP, "'budget'"))
        return;
    check_keys(L->diags, v, budget_keys, "'budget'");
    const Node *p = map_get(v, "planned"), *s = map_get(v, "spent");
    if (!p && !s) {
        diag_error(L->diags, v->pos, "'budget' needs 'planned' or 'spent' (or both)");
        return;
    }
    m->has_budget = true;
    if (p)
        m->has_planned = get_amount(L->diags, p, "budget planned", &m->budget_planned);
    if (s)
        m->has_spent = get_amount(L->diags, s, "budget spent", &m->budget_spent);
}

static void build_indicators(Loader *L, Measure *m, const Node *v)
{
    if (!expect_kind(L->diags, v, NODE_SEQ, "'indicators'"))
        return;
    Indicator *ind = arena_calloc(L->arena, v->n ? v->n : 1, sizeof *ind);
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        const Node *x = v->items[i];
        if (!expect_kind(L->diags, x, NODE_MAP, "an indicator"))
            continue;
        check_keys(L->diags, x, indicator_keys, "an indicator");
        Indicator *d = &ind[n];
        d->pos = x->pos;
        d->name = get_string(L->diags, map_need(L->diags, x, "name", "an indicator"),
                             "indicator name");
        const Node *u = map_get(x, "unit");
        if (u)
            d->unit = get_string(L->diags, u, "indicator unit");
        const Node *t = map_get(x, "target"), *a = map_get(x, "actual");
        if (t)
            d->has_target = get_amount(L->diags, t, "indicator target", &d->target);
        if (a)
            d->has_actual = get_amount(L->diags, a, "indicator actual", &d->actual);
        if (d->name)
            n++;
    }
    m->indicators = ind;
    m->n_indicators = n;
}

/* The status whose printed label (German, English or the template's) s is, or
 * nearly is ("in Umsetzung" -> in_progress); -1 if none. */
static int status_from_label(const Loader *L, const char *s, const char **matched)
{
    const char *const *sets[] = {L->labels, default_labels(LANG_DE), default_labels(LANG_EN)};
    const char *labels[3 * 5 + 1];
    size_t n = 0;
    for (size_t k = 0; k < 3; k++)
        for (int i = 0; i < 5; i++) {
            const char *l = sets[k] ? sets[k][LBL_STATUS_PLANNED + i] : NULL;
            labels[n++] = l ? l : "";
            if (l && !strcasecmp(l, s)) {
                *matched = l;
                return i;
            }
        }
    labels[n] = NULL;
    const char *near = suggest(s, labels, n);
    for (size_t j = 0; near && j < n; j++)
        if (labels[j] == near) {
            *matched = near;
            return (int)(j % 5);
        }
    return -1;
}

static void build_status(Loader *L, Measure *m, const Node *v)
{
    const char *s = get_string(L->diags, v, "status");
    if (!s)
        return;
    for (int i = 0; status_names[i]; i++)
        if (!strcmp(status_names[i], s)) {
            m->status = (Status)i;
            return;
        }
    const char *matched = NULL;
    const char *sug = suggest(s, status_names, 0); /* a misspelt key first */
    int label = sug ? -1 : status_from_label(L, s, &matched);
    if (label >= 0)
        sug = status_names[label];
    diag_unknown(L->diags, v->pos,
                 N_("unknown status '%s' (planned, in_progress, completed, ongoing or suspended); "
                    "did you mean '%s'?"),
                 N_("unknown status '%s' (planned, in_progress, completed, ongoing or suspended)"),
                 s, sug);
    if (label >= 0)
        diag_note(L->diags, "'%s' is how the report prints the status '%s'; the measure file "
                  "needs the key",
                  matched, sug);
}

static void build_partners(Loader *L, Measure *m, const Node *v)
{
    if (!expect_kind(L->diags, v, NODE_SEQ, "'partners'"))
        return;
    const Ministry **ps = arena_calloc(L->arena, v->n ? v->n : 1, sizeof *ps);
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        const Ministry *p = find_ministry(L, v->items[i], "partners");
        if (!p)
            continue;
        if (p == m->lead) {
            diag_error(L->diags, v->items[i]->pos,
                       "partner '%s' is already the lead ministry of this measure", p->id);
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup |= ps[j] == p;
        if (dup) {
            diag_error(L->diags, v->items[i]->pos, "partner '%s' is listed twice", p->id);
            continue;
        }
        ps[n++] = p;
    }
    m->partners = ps;
    m->n_partners = n;
}

static void build_target_groups(Loader *L, Measure *m, const Node *v)
{
    if (!expect_kind(L->diags, v, NODE_SEQ, "'target_groups'"))
        return;
    const char **g = arena_calloc(L->arena, v->n ? v->n : 1, sizeof *g);
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        const char *s = get_string(L->diags, v->items[i], "target group");
        if (s)
            g[n++] = s;
    }
    m->target_groups = g;
    m->n_target_groups = n;
}

static void unknown_field(Loader *L, const Node *v, const char *id)
{
    if (L->measures_incomplete) /* it may be in the file that failed */
        return;
    const char **ids = xmalloc((L->fields.n + 1) * sizeof *ids);
    for (size_t i = 0; i < L->fields.n; i++)
        ids[i] = ((FieldDef *)L->fields.items[i])->f.id;
    const char *s = L->fields.n ? suggest(id, ids, L->fields.n) : NULL;
    free(ids);
    if (s)
        diag_error(L->diags, v->pos, "field '%s' is not a field of action; did you mean '%s'?", id,
                   s);
    else
        diag_error(L->diags, v->pos, "field '%s' is not a field of action listed under 'fields'",
                   id);
}

/* A date as written: YYYY, YYYY-MM or YYYY-MM-DD */
static const char *date_text(Loader *L, Date t)
{
    return t.day     ? arena_printf(L->arena, "%04d-%02d-%02d", t.year, t.month, t.day)
           : t.month ? arena_printf(L->arena, "%04d-%02d", t.year, t.month)
                     : arena_printf(L->arena, "%04d", t.year);
}

/* Values each valid alone that a reader would still misread together
 * (warnings; errors with --strict). */
static void check_plausible(Loader *L, const MeasureDef *def)
{
    const Measure *m = &def->m;
    const Node *n = def->node, *v;
    if (m->status == STATUS_COMPLETED && m->progress >= 0 && m->progress < 100 &&
        (v = map_get(n, "progress")))
        diag_warning(L->diags, v->pos, "measure %s is 'completed', but its progress is %d %%",
                     m->id, m->progress);
    const Node *budget = map_get(n, "budget");
    if (m->has_planned && m->has_spent && m->budget_spent > m->budget_planned &&
        (v = map_get(budget, "spent")))
        diag_warning(L->diags, v->pos, "measure %s spent more (%s) than planned (%s)", m->id,
                     v->text, map_get(budget, "planned")->text);
    const Date rs = L->r->period_start;
    const Node *period = map_get(n, "period");
    if (m->status == STATUS_IN_PROGRESS && m->end.year && rs.year &&
        date_start_after_end(rs, m->end) > 0 && (v = map_get(period, "end")))
        diag_warning(L->diags, v->pos,
                     "measure %s is 'in_progress', but its period ended (%s) before the "
                     "reporting period began (%s)",
                     m->id, v->text, date_text(L, rs));
}

static void build_measure(Loader *L, MeasureDef *def)
{
    const Node *n = def->node;
    Measure *m = &def->m;
    Diags *d = L->diags;
    static const KeyNest nests[] = {
        {"period", period_keys}, {"budget", budget_keys}, {"indicators", indicator_keys}, {0}};
    check_keys_nested(d, n, measure_keys, "a measure", nests);
    const Node *v = map_need(d, n, "field", "a measure");
    const char *fid = get_string(d, v, "field");
    if (fid) {
        FieldDef *f = strmap_get(&L->field_map, fid);
        if (f) {
            m->field = &f->f;
            vec_push(&f->measures, m);
        } else {
            unknown_field(L, v, fid);
        }
    }
    m->title = get_string(d, map_need(d, n, "title", "a measure"), "measure title");
    m->title_pos = m->title ? map_get(n, "title")->pos : m->pos;
    v = map_need(d, n, "lead", "a measure");
    if (v)
        m->lead = find_ministry(L, v, "lead");
    if ((v = map_get(n, "partners")))
        build_partners(L, m, v);
    if ((v = map_need(d, n, "status", "a measure")))
        build_status(L, m, v);
    if ((v = map_get(n, "progress"))) {
        double p;
        if (get_number(d, v, "progress", true, &p)) {
            if (p > 100)
                diag_error(d, v->pos, "progress must be between 0 and 100 (percent), not %s",
                           v->text);
            else
                m->progress = (int)p;
        }
    }
    if ((v = map_get(n, "period")))
        build_period(L, m, v);
    if ((v = map_get(n, "budget")))
        build_budget(L, m, v);
    if ((v = map_get(n, "target_groups")))
        build_target_groups(L, m, v);
    v = L->data_only ? map_get(n, "description") : map_need(d, n, "description", "a measure");
    if (v && get_string(d, v, "description"))
        m->description = md_from_node(L, v, def->base_rel);
    if ((v = map_get(n, "progress_report")) && get_string(d, v, "progress_report"))
        m->progress_report = md_from_node(L, v, def->base_rel);
    if ((v = map_get(n, "indicators")))
        build_indicators(L, m, v);
    if ((v = map_get(n, "previous_id")) && (m->previous_id = get_string(d, v, "previous_id")))
        m->previous_id_pos = v->pos;
    check_plausible(L, def);
}

static int cmp_measure(const void *a, const void *b)
{
    const Measure *x = *(const Measure *const *)a, *y = *(const Measure *const *)b;
    return natural_compare(x->id ? x->id : "", y->id ? y->id : "");
}

void measures_build(Loader *L)
{
    Report *r = L->r;
    /* the model: arrays in the arena, measures in natural order. The
     * ministries come first, and the id map then names the model's copies,
     * so that the measures' lead and partners point into r->ministries. */
    Ministry *mins = arena_calloc(L->arena, L->ministries.n + 1, sizeof *mins);
    for (size_t i = 0; i < L->ministries.n; i++) {
        mins[i] = *(Ministry *)L->ministries.items[i];
        strmap_put(&L->ministry_map, mins[i].id, &mins[i]);
    }
    r->ministries = mins;
    r->n_ministries = L->ministries.n;
    for (size_t i = 0; i < L->measures.n; i++)
        build_measure(L, L->measures.items[i]);
    const Measure **all = arena_calloc(L->arena, L->measures.n + 1, sizeof *all);
    size_t n = 0;
    for (size_t i = 0; i < L->measures.n; i++) {
        MeasureDef *def = L->measures.items[i];
        if (def->m.id)
            all[n++] = &def->m;
    }
    qsort(all, n, sizeof *all, cmp_measure);
    r->measures = all;
    r->n_measures = n;
    for (size_t i = 0; i < L->fields.n; i++) {
        FieldDef *f = L->fields.items[i];
        const Measure **ms = arena_calloc(L->arena, f->measures.n + 1, sizeof *ms);
        for (size_t j = 0; j < f->measures.n; j++)
            ms[j] = f->measures.items[j];
        qsort(ms, f->measures.n, sizeof *ms, cmp_measure);
        f->f.measures = ms;
        f->f.n_measures = f->measures.n;
    }
}

void measures_assign_slugs(Loader *L)
{
    const char *label = L->labels[LBL_FIELD];
    for (size_t i = 0; i < L->fields.n; i++) {
        FieldDef *f = L->fields.items[i];
        char *text = arena_printf(L->arena, "%s %s: %s", label, f->f.id, f->f.title);
        f->f.slug = unique_slug(L, text);
        md_assign_slugs(L, f->f.intro);
        for (size_t j = 0; j < f->f.n_measures; j++) {
            md_assign_slugs(L, f->f.measures[j]->description);
            md_assign_slugs(L, f->f.measures[j]->progress_report);
        }
    }
}

/* Fields for the report, in file order (after the slugs); measures point at them. */
const Field *measures_fields(Loader *L, size_t *n)
{
    Field *fs = arena_calloc(L->arena, L->fields.n + 1, sizeof *fs);
    for (size_t i = 0; i < L->fields.n; i++) {
        FieldDef *f = L->fields.items[i];
        fs[i] = f->f;
        for (size_t j = 0; j < f->measures.n; j++)
            ((Measure *)f->measures.items[j])->field = &fs[i];
    }
    *n = L->fields.n;
    return fs;
}

void measures_free(Loader *L)
{
    for (size_t i = 0; i < L->fields.n; i++)
        vec_free(&((FieldDef *)L->fields.items[i])->measures);
}
