/* previous.c — the previous report of the series (`previous:` in report.yaml).
 *
 * The value names the previous report's folder or a PDF imagreport wrote. It
 * is the one path that may lie outside the report folder; it is written
 * relative to report.yaml and followed as the file system does. A folder is
 * loaded and checked with every rule (its problems are reported at their own
 * positions; its own `previous:` is not followed), then turned into its data
 * (data.c); a PDF gives its data directly. Either way the model comes from
 * that data, so both give the same comparison. The data also goes into the
 * input hash (the PDF's /ID). Then every measure is linked to the measure it
 * continues: `previous_id:` when given, else the same id. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#define LOAD_MAX_PDF_SIZE (256u * 1024 * 1024)

static const char *const data_keys[] = {"format", "version", "report", "ministries", "fields",
                                        "measures", NULL};
static const char *const data_info_keys[] = {"title", "subtitle", "issuer", "date", "language",
                                             "period", NULL};

/* "a/b" + "../c" as the user would write it ("a/c"), when the file system
 * agrees with the lexical reading; else the plain concatenation. */
static const char *shown_path(Loader *L, const char *value, const char *fs)
{
    const char *lex = NULL;
    if (L->dir[0] == '/') {
        char *j = join_rel(L->arena, L->dir + 1, value);
        lex = j ? arena_printf(L->arena, "/%s", j) : NULL;
    } else {
        lex = join_rel(L->arena, strcmp(L->dir, ".") ? L->dir : "", value);
    }
    if (!lex || !*lex)
        return fs;
    char *a = realpath(lex, NULL), *b = realpath(fs, NULL);
    bool same = a && b && !strcmp(a, b);
    free(a);
    free(b);
    return same ? lex : fs;
}

static const char *xml_unescape(Arena *a, const char *s, size_t n, size_t *out_len)
{
    Buf b = {0};
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (s[i] == '&' && k < sizeof ents / sizeof *ents &&
               strncmp(s + i, ents[k].ent, strlen(ents[k].ent)))
            k++;
        if (s[i] == '&' && k < sizeof ents / sizeof *ents) {
            buf_putc(&b, ents[k].c);
            i += strlen(ents[k].ent) - 1;
        } else {
            buf_putc(&b, s[i]);
        }
    }
    *out_len = b.len;
    return buf_to_arena(&b, a);
}

/* The first occurrence of needle in hay[0..n), or NULL. */
static const char *find_bytes(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (const char *p = hay; k <= n && p <= hay + n - k; p++) {
        p = memchr(p, needle[0], (size_t)(hay + n - k - p) + 1);
        if (!p)
            return NULL;
        if (!memcmp(p, needle, k))
            return p;
    }
    return NULL;
}

static const char *data_of_pdf(Loader *L, const char *path, SrcPos pos, size_t *len)
{
    size_t n;
    unsigned char *pdf = read_file(L, path, path, pos, LOAD_MAX_PDF_SIZE, &n);
    if (!pdf)
        return NULL;
    if (n < 5 || memcmp(pdf, "%PDF-", 5)) {
        diag_error(L->diags, pos, "'%s' is neither a report folder nor a PDF", path);
        return NULL;
    }
    const char *open = find_bytes((const char *)pdf, n, IMR_DATA_XMP_OPEN);
    const char *start = open ? open + strlen(IMR_DATA_XMP_OPEN) : NULL;
    const char *end =
        start ? find_bytes(start, n - (size_t)(start - (const char *)pdf), IMR_DATA_XMP_CLOSE)
              : NULL;
    if (!end) {
        diag_error(L->diags, pos,
                   "'%s' is a PDF without imagreport's report data (written by another tool?)",
                   path);
        return NULL;
    }
    return xml_unescape(L->arena, start, (size_t)(end - start), len);
}

const char *pdf_report_data(const char *path, SrcPos pos, Arena *a, Diags *diags)
{
    Loader L = {.arena = a, .diags = diags};
    size_t len;
    const char *json = data_of_pdf(&L, path, pos, &len);
    vec_free(&L.read_paths);
    return json;
}

/* The report model of a report's data (no Markdown, no parts). */
static Report *report_from_data(Loader *P, const char *display, const char *json, size_t len,
                                 SrcPos ref)
{
    Diags *d = P->diags;
    int errors = d->errors;
    Node *root = yaml_parse(P->arena, d, display, json, len);
    if (!root || !expect_kind(d, root, NODE_MAP, "report data")) {
        if (d->errors == errors)
            diag_error(d, ref, "the previous report's data is empty");
        return NULL;
    }
    check_keys(d, root, data_keys, "report data");
    const Node *v = map_need(d, root, "format", "report data");
    double version = 0;
    if (v && (v->kind != NODE_SCALAR || strcmp(v->text, "imagreport-data")))
        diag_error(d, v->pos, "not imagreport's report data");
    if ((v = map_need(d, root, "version", "report data")) &&
        get_number(d, v, "data version", true, &version) && version != 1)
        diag_error(d, v->pos, "report data version %s is newer than this imagreport (1)",
                   v->text);
    if (d->errors > errors)
        return NULL;
    Report *r = arena_alloc(P->arena, sizeof *r);
    Loader L = {.arena = P->arena, .diags = d, .opt = P->opt, .dir = P->dir, .r = r,
                .data_only = true};
    L.labels = default_labels(LANG_DE);
    if ((v = map_need(d, root, "report", "report data")) &&
        expect_kind(d, v, NODE_MAP, "'report'")) {
        check_keys(d, v, data_info_keys, "'report'");
        report_read_info(&L, v);
    }
    measures_read_root(&L, root, "");
    measures_build(&L);
    r->fields = measures_fields(&L, &r->n_fields);
    r->dir = display;
    loader_free(&L);
    return d->errors > errors ? NULL : r;
}

static const char *data_of_folder(Loader *L, const char *shown, SrcPos pos, size_t *len)
{
    struct stat st;
    const char *yaml = arena_printf(L->arena, "%s/report.yaml", shown);
    if (stat(yaml, &st) != 0 || !S_ISREG(st.st_mode)) {
        diag_error(L->diags, pos, "previous report '%s' is not a report folder (no report.yaml in it)",
                   shown);
        return NULL;
    }
    LoadOptions o = *L->opt;
    o.as_previous = true;
    Report *p = load_report(shown, &o, L->arena, L->diags);
    if (!p) {
        diag_error(L->diags, pos, "the previous report '%s' has errors", shown);
        return NULL;
    }
    const char *json = p->info.data;
    for (size_t i = 0; i < p->n_input_paths; i++) /* -o must not overwrite them either */
        vec_push(&L->read_paths, (void *)p->input_paths[i]);
    report_free(p);
    *len = strlen(json);
    return json;
}

void previous_read(Loader *L, const Node *v)
{
    L->previous_given = true;
    const char *s = get_string(L->diags, v, "'previous'");
    if (!s || L->opt->as_previous) /* the previous report's own previous is not followed */
        return;
    if (s[0] == '/') {
        diag_error(L->diags, v->pos,
                   "'previous' '%s' is an absolute path; write it relative to report.yaml", s);
        return;
    }
    const char *fs = strcmp(L->dir, ".") ? arena_printf(L->arena, "%s/%s", L->dir, s) : s;
    struct stat st;
    if (stat(fs, &st) != 0) {
        diag_error(L->diags, v->pos, "previous report '%s' not found (looked for %s)", s, fs);
        return;
    }
    const char *shown = shown_path(L, s, fs);
    char *real = realpath(fs, NULL);
    bool self = real && !strcmp(real, L->root_real);
    free(real);
    if (self) {
        diag_error(L->diags, v->pos, "'previous' names this report itself");
        return;
    }
    size_t len = 0;
    const char *json = NULL, *display = shown;
    if (S_ISDIR(st.st_mode)) {
        json = data_of_folder(L, shown, v->pos, &len);
        display = arena_printf(L->arena, "%s (data)", shown);
    } else if (S_ISREG(st.st_mode)) {
        json = data_of_pdf(L, shown, v->pos, &len);
        display = arena_printf(L->arena, "%s (embedded data)", shown);
    } else {
        diag_error(L->diags, v->pos, "'%s' is neither a report folder nor a PDF", s);
    }
    if (!json)
        return;
    add_input(L, "(previous report data)", (const unsigned char *)json, len);
    L->r->previous = report_from_data(L, display, json, len, v->pos);
}

static void no_previous(Loader *L)
{
    if (L->opt->as_previous || L->previous_given) /* not followed, or its errors are reported */
        return;
    for (size_t i = 0; i < L->measures.n; i++) {
        const Measure *m = L->measures.items[i]; /* MeasureDef starts with its Measure */
        if (m->previous_id)
            diag_error(L->diags, m->previous_id_pos,
                       "previous_id '%s' needs the previous report: add 'previous: ../folder' "
                       "to report.yaml",
                       m->previous_id);
    }
}

static void claim_explicit(Loader *L, StrMap *prev, StrMap *claimed, Measure *m)
{
    const Measure *pm = strmap_get(prev, m->previous_id);
    if (!pm) {
        const Report *p = L->r->previous;
        const char **ids = malloc((p->n_measures + 1) * sizeof *ids);
        for (size_t i = 0; ids && i < p->n_measures; i++)
            ids[i] = p->measures[i]->id;
        const char *sug = ids && p->n_measures ? suggest(m->previous_id, ids, p->n_measures) : NULL;
        if (sug)
            diag_error(L->diags, m->previous_id_pos,
                       "previous_id '%s' is not a measure of the previous report; did you mean "
                       "'%s'?",
                       m->previous_id, sug);
        else
            diag_error(L->diags, m->previous_id_pos,
                       "previous_id '%s' is not a measure of the previous report", m->previous_id);
        free(ids);
        return;
    }
    const Measure *other = strmap_get(claimed, pm->id);
    if (other) {
        diag_error(L->diags, m->previous_id_pos,
                   "measure %s claims previous_id '%s', which measure %s already claims "
                   "(previous_id at %s:%d:%d)",
                   m->id, m->previous_id, other->id, other->previous_id_pos.file,
                   other->previous_id_pos.line, other->previous_id_pos.col);
        return;
    }
    strmap_put(claimed, pm->id, m);
    m->prev = pm;
}

void previous_match(Loader *L)
{
    Report *r = L->r;
    const Report *p = r->previous;
    if (!p) {
        no_previous(L);
        return;
    }
    StrMap prev = {0}, claimed = {0};
    for (size_t i = 0; i < p->n_measures; i++)
        strmap_put(&prev, p->measures[i]->id, (void *)p->measures[i]);
    for (size_t i = 0; i < L->measures.n; i++) { /* file order: the later claim is the error */
        Measure *m = L->measures.items[i];
        if (m->id && m->previous_id)
            claim_explicit(L, &prev, &claimed, m);
    }
    for (size_t i = 0; i < L->measures.n; i++) {
        Measure *m = L->measures.items[i];
        if (!m->id || m->previous_id)
            continue;
        const Measure *pm = strmap_get(&prev, m->id);
        if (pm && !strmap_get(&claimed, m->id)) {
            strmap_put(&claimed, m->id, m);
            m->prev = pm;
        }
    }
    const Measure **dropped = arena_calloc(L->arena, p->n_measures + 1, sizeof *dropped);
    size_t n = 0;
    for (size_t i = 0; i < p->n_measures; i++)
        if (!strmap_get(&claimed, p->measures[i]->id))
            dropped[n++] = p->measures[i];
    r->dropped = dropped;
    r->n_dropped = n;
    strmap_free(&prev);
    strmap_free(&claimed);
}
