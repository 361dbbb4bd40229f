/* report.c — load_report(): report.yaml, template, measure files, contents,
 * then the slug pass and the link pass, and the input hash. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *const report_keys[] = {
    "title",    "subtitle", "issuer", "publisher", "date",           "period",
    "language", "version",  "keywords", "template", "logo",          "draft",
    "classification", "measures", "glossary", "contents", "previous", NULL};
const char *const part_names[] = {"measures", "status-overview", "abbreviations", "changes",
                                         NULL};
static const PartKind part_kinds[] = {PART_MEASURES, PART_STATUS, PART_ABBREVIATIONS,
                                      PART_CHANGES};
const char *const part_keys[] = {"title", NULL};

static const char *opt_string(Loader *L, const Node *root, const char *key, bool required)
{
    const Node *v = required ? map_need(L->diags, root, key, "report.yaml") : map_get(root, key);
    return v ? get_string(L->diags, v, arena_printf(L->arena, _("'%s'"), key)) : NULL;
}

/* Where the value of key is written; nothing when it is not given. */
static SrcPos value_pos(const Node *map, const char *key)
{
    const Node *v = map_get(map, key);
    return v ? v->pos : (SrcPos){0};
}

void report_read_info(Loader *L, const Node *root)
{
    Report *r = L->r;
    DocInfo *info = &r->info;
    Diags *d = L->diags;
    info->title = opt_string(L, root, "title", true);
    info->subtitle = opt_string(L, root, "subtitle", false);
    info->issuer = opt_string(L, root, "issuer", true);
    info->publisher = opt_string(L, root, "publisher", false);
    info->version = opt_string(L, root, "version", false);
    info->classification = opt_string(L, root, "classification", false);
    info->title_pos = value_pos(root, "title");
    info->subtitle_pos = value_pos(root, "subtitle");
    info->issuer_pos = value_pos(root, "issuer");
    info->publisher_pos = value_pos(root, "publisher");
    info->version_pos = value_pos(root, "version");
    const Node *v = map_need(d, root, "date", "report.yaml");
    if (v)
        get_date(d, v, "'date'", true, &info->date);
    info->lang = LANG_DE;
    if ((v = map_get(root, "language"))) {
        const char *s = get_string(d, v, "'language'");
        if (s && !strcmp(s, "en"))
            info->lang = LANG_EN;
        else if (s && strcmp(s, "de"))
            diag_error(d, v->pos, "unknown language '%s' (de or en)", s);
    }
    L->lang = info->lang;
    if ((v = map_get(root, "draft")))
        get_bool(d, v, "'draft'", &info->draft);
    if ((v = map_get(root, "keywords")) && expect_kind(d, v, NODE_SEQ, "'keywords'")) {
        const char **kw = arena_calloc(L->arena, v->n + 1, sizeof *kw);
        size_t n = 0;
        for (size_t i = 0; i < v->n; i++) {
            const char *s = get_string(d, v->items[i], "a keyword");
            if (s)
                kw[n++] = s;
        }
        info->keywords = kw;
        info->n_keywords = n;
    }
    if ((v = map_get(root, "period")) && expect_kind(d, v, NODE_MAP, "'period'")) {
        check_keys(d, v, period_keys, "'period'");
        const Node *s = map_need(d, v, "start", "'period'");
        const Node *e = map_need(d, v, "end", "'period'");
        Date a = {0}, b = {0};
        bool ok_a = s && get_date(d, s, "period start", false, &a);
        bool ok_b = e && get_date(d, e, "period end", false, &b);
        if (ok_a && ok_b && date_start_after_end(a, b) > 0)
            diag_error(d, s->pos, "period start %s is after its end %s", s->text, e->text);
        else if (ok_a && ok_b) {
            r->period_start = a;
            r->period_end = b;
        }
    }
}

static void read_logo(Loader *L, const Node *root)
{
    const Node *v = map_get(root, "logo");
    const char *s = v ? get_string(L->diags, v, "'logo'") : NULL;
    if (!s)
        return;
    const char *rel = resolve_path(L, "", s, v->pos, "logo");
    if (rel)
        L->r->logo = load_image(L, rel, v->pos);
}

static void read_measure_files(Loader *L, const Node *v)
{
    if (v->kind == NODE_SCALAR && !node_is_null(v)) {
        const char *rel = resolve_path(L, "", v->text, v->pos, "measure file");
        if (rel)
            measures_read_file(L, rel, v->pos);
        else
            L->measures_incomplete = L->slugs_incomplete = true;
        return;
    }
    if (!expect_kind(L->diags, v, NODE_SEQ, "'measures'"))
        return;
    StrMap seen = {0};
    for (size_t i = 0; i < v->n; i++) {
        const char *s = get_string(L->diags, v->items[i], "a measure file");
        const char *rel = s ? resolve_path(L, "", s, v->items[i]->pos, "measure file") : NULL;
        if (!rel) {
            L->measures_incomplete = L->slugs_incomplete = true;
            continue;
        }
        if (strmap_get(&seen, rel)) {
            diag_error(L->diags, v->items[i]->pos, "measure file '%s' is listed twice", s);
            continue;
        }
        strmap_put(&seen, rel, (void *)1);
        measures_read_file(L, rel, v->items[i]->pos);
    }
    strmap_free(&seen);
}

static void read_glossary(Loader *L, const Node *v)
{
    Report *r = L->r;
    if (!expect_kind(L->diags, v, NODE_MAP, "'glossary'"))
        return;
    GlossaryEntry *g = arena_calloc(L->arena, v->n + 1, sizeof *g);
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        const char *abbr = get_string(L->diags, v->keys[i], "an abbreviation");
        const char *exp = get_string(L->diags, v->items[i], "the meaning of an abbreviation");
        if (!abbr || !exp)
            continue;
        g[n].abbr = abbr;
        g[n].expansion = exp;
        g[n].pos = v->keys[i]->pos;
        n++;
    }
    r->glossary = g;
    r->n_glossary = n;
}

/* Does the chapter have a level-1 heading (its title and contents entry)? */
static bool has_title(cmark_node *doc)
{
    for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1)
            return true;
    return false;
}

static Markdown *read_chapter(Loader *L, const Node *v)
{
    const char *s = get_string(L->diags, v, "a chapter");
    const char *rel = s ? resolve_path(L, "", s, v->pos, "chapter") : NULL;
    if (!rel)
        return NULL;
    const char *shown = display_path(L, rel);
    size_t len;
    const char *text = read_text_file(L, shown, shown, rel, v->pos, &len);
    if (!text)
        return NULL;
    Markdown *md = md_from_text(L, text, len, (SrcPos){shown, 1, 1}, 0, 0, dir_of(L->arena, rel));
    if (md && md->doc && !has_title(md->doc)) {
        SrcPos start = {shown, 1, 1};
        diag_warning(L->diags, start,
                     "chapter '%s' has no '# ' heading, so it has no title and no entry in the "
                     "contents",
                     s);
        diag_note(L->diags, "begin the chapter with its title, e.g. '# Einleitung'");
    }
    return md;
}

static bool read_generated(Loader *L, const Node *item, Part *p)
{
    Diags *d = L->diags;
    if (item->n != 1) {
        diag_error(d, item->pos,
                   "a generated part is a mapping with one key (measures, status-overview, "
                   "abbreviations or changes), e.g. 'measures: {title: \"...\"}'");
        return false;
    }
    const Node *key = item->keys[0], *val = item->items[0];
    int k = 0;
    while (part_names[k] && strcmp(part_names[k], key->text))
        k++;
    if (!part_names[k]) {
        const char *s = suggest(key->text, part_names, 0);
        if (s)
            diag_error(d, key->pos, "unknown part '%s' in contents; did you mean '%s'?", key->text,
                       s);
        else
            diag_error(d, key->pos,
                       "unknown part '%s' in contents (measures, status-overview, "
                       "abbreviations or changes)",
                       key->text);
        return false;
    }
    char *what = arena_printf(L->arena, _("the '%s' part"), key->text);
    if (node_is_null(val)) {
        diag_error(d, val->pos, "%s needs a title: %s: {title: \"...\"}", what, key->text);
        return false;
    }
    if (!expect_kind(d, val, NODE_MAP, what))
        return false;
    check_keys(d, val, part_keys, what);
    p->kind = part_kinds[k];
    p->title = get_string(d, map_need(d, val, "title", what), "part title");
    p->pos = key->pos;
    return p->title != NULL;
}

static void read_contents(Loader *L, const Node *root, PtrVec *parts)
{
    Diags *d = L->diags;
    const Node *c = map_need(d, root, "contents", "report.yaml");
    if (!c || !expect_kind(d, c, NODE_SEQ, "'contents'"))
        return;
    if (c->n == 0)
        diag_error(d, c->pos, "'contents' is empty; list the chapters and parts of the report");
    for (size_t i = 0; i < c->n; i++) {
        const Node *item = c->items[i];
        Part *p = arena_alloc(L->arena, sizeof *p);
        p->pos = item->pos;
        if (item->kind == NODE_SCALAR && !node_is_null(item)) {
            p->kind = PART_MARKDOWN;
            p->md = read_chapter(L, item);
            if (p->md)
                vec_push(parts, p);
            else
                L->slugs_incomplete = true;
        } else if (item->kind == NODE_MAP) {
            if (read_generated(L, item, p))
                vec_push(parts, p);
        } else {
            diag_error(d, item->pos,
                       "a contents item is a Markdown file or a generated part, not %s",
                       kind_name(item));
        }
    }
}

/* Slugs in document order, then links (which need every slug). */
static void assign_slugs(Loader *L, PtrVec *parts, const Node *root)
{
    bool measures_done = false;
    for (size_t i = 0; i < parts->n; i++) {
        Part *p = parts->items[i];
        if (p->kind == PART_MARKDOWN) {
            md_assign_slugs(L, p->md);
            continue;
        }
        p->slug = unique_slug(L, p->title);
        if (p->kind == PART_CHANGES && !map_get(root, "previous"))
            diag_error(L->diags, p->pos,
                       "the changes part needs the previous report: add 'previous: "
                       "../folder-of-the-previous-report' to report.yaml");
        if (p->kind != PART_MEASURES)
            continue;
        if (measures_done) {
            diag_error(L->diags, p->pos, "the measures part can appear only once in contents");
            continue;
        }
        if (!map_get(root, "measures"))
            diag_error(L->diags, p->pos,
                       "the measures part needs measure files: add 'measures: measures.yaml' "
                       "to report.yaml");
        measures_assign_slugs(L);
        measures_done = true;
    }
    if (!measures_done) {
        /* headings in measures still get their slugs, but links to them are errors */
        L->measures_hidden = true;
        measures_assign_slugs(L);
    }
}

static void hash_inputs(Loader *L)
{
    Sha256 h, t;
    sha256_init(&h);
    sha256_init(&t);
    for (int pass = 0; pass < 2; pass++) {
        PtrVec *v = pass == 0 ? &L->inputs : &L->images;
        for (size_t i = 0; i < v->n; i++) {
            const char *rel;
            const unsigned char *data;
            size_t len;
            if (pass == 0) {
                InputFile *f = v->items[i];
                rel = f->rel, data = f->data, len = f->len;
                for (int k = 0; k < L->n_tmpl_rels; k++)
                    if (!strcmp(rel, L->tmpl_rels[k]))
                        sha256_update(&t, data, len);
            } else {
                ImageEntry *e = v->items[i];
                rel = e->rel, data = e->data, len = e->len;
                if (!data)
                    continue;
            }
            unsigned char n[8];
            for (int k = 0; k < 8; k++)
                n[k] = (unsigned char)((unsigned long long)len >> (56 - 8 * k));
            sha256_update(&h, rel, strlen(rel) + 1);
            sha256_update(&h, n, sizeof n);
            sha256_update(&h, data, len);
        }
    }
    sha256_final(&h, L->r->info.input_hash);
    sha256_final(&t, L->r->info.template_hash);
}

void loader_free(Loader *L)
{
    measures_free(L);
    vec_free(&L->inputs);
    vec_free(&L->read_paths);
    vec_free(&L->images);
    vec_free(&L->ministries);
    vec_free(&L->fields);
    vec_free(&L->measures);
    vec_free(&L->mds);
    strmap_free(&L->image_map);
    strmap_free(&L->slugs);
    strmap_free(&L->slug_next);
    strmap_free(&L->measure_map);
    strmap_free(&L->field_map);
    strmap_free(&L->ministry_map);
    free(L->root_real);
}

static const char *trim_dir(Arena *a, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    char *s = arena_strndup(a, dir, n);
    while (s[0] == '.' && s[1] == '/' && s[2]) /* "./x" -> "x" */
        s += 2;
    return s;
}

Report *load_report(const char *dir, const LoadOptions *opt, Arena *arena, Diags *diags)
{
    LoadOptions defaults = {.data_dir = "."};
    Loader L = {.arena = arena, .diags = diags, .opt = opt && opt->data_dir ? opt : &defaults};
    L.dir = trim_dir(arena, dir);
    L.root_real = realpath(L.dir, NULL);
    if (!L.root_real) {
        diag_error(diags, whole_file(L.dir), "cannot open the report folder");
        return NULL;
    }
    Report *r = arena_alloc(arena, sizeof *r);
    r->dir = L.dir;
    L.r = r;
    L.labels = default_labels(LANG_DE);
    int errors = diags->errors;
    const char *shown = display_path(&L, "report.yaml");
    SrcPos whole = whole_file(shown);
    Node *root = NULL;
    if (resolve_path(&L, "", "report.yaml", whole, "report file")) {
        root = load_yaml_file(&L, shown, shown, "report.yaml", whole);
        if (!root && diags->errors == errors)
            diag_error(diags, file_start(shown), "report.yaml is empty");
    }
    if (root && expect_kind(diags, root, NODE_MAP, "report.yaml")) {
        check_keys(diags, root, report_keys, "report.yaml");
        report_read_info(&L, root);
        r->tmpl = load_template(&L, map_get(root, "template"));
        L.labels = r->tmpl ? r->tmpl->labels : default_labels(L.lang);
        read_logo(&L, root);
        const Node *v = map_get(root, "measures");
        if (v)
            read_measure_files(&L, v);
        measures_build(&L);
        if ((v = map_get(root, "previous")))
            previous_read(&L, v);
        previous_match(&L);
        size_t n_measure_mds = L.mds.n; /* Markdown of the measure files comes first */
        if ((v = map_get(root, "glossary")))
            read_glossary(&L, v);
        PtrVec parts = {0};
        read_contents(&L, root, &parts);
        assign_slugs(&L, &parts, root);
        for (size_t i = 0; i < L.mds.n; i++)
            md_resolve_links(&L, ((MdEntry *)L.mds.items[i])->md, i < n_measure_mds);
        Part *ps = arena_calloc(arena, parts.n + 1, sizeof *ps);
        for (size_t i = 0; i < parts.n; i++)
            ps[i] = *(Part *)parts.items[i];
        r->parts = ps;
        r->n_parts = parts.n;
        vec_free(&parts);
        r->fields = measures_fields(&L, &r->n_fields);
        r->info.data = report_data_json(r, arena);
        hash_inputs(&L);
        const char **paths = arena_calloc(arena, L.read_paths.n + 1, sizeof *paths);
        for (size_t i = 0; i < L.read_paths.n; i++)
            paths[i] = L.read_paths.items[i];
        r->input_paths = paths;
        r->n_input_paths = L.read_paths.n;
    }
    loader_free(&L);
    if (diags->errors > errors || !root) {
        report_free(r);
        return NULL;
    }
    return r;
}

void report_free(Report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_md_docs; i++)
        cmark_node_free(r->md_docs[i]);
    free(r->md_docs);
    r->md_docs = NULL;
    r->n_md_docs = r->cap_md_docs = 0;
}
