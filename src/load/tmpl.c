/* tmpl.c — the template: page geometry, fonts, colours, styles, labels.
 * Same strictness as the report: unknown keys, missing keys, types. */
#include <dirent.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

const char *const top_keys[] = {"name",   "extends", "marking",       "cover", "imprint",
                                "watermark", "header", "page",     "fonts",         "colors",
                                "status_colors", "text", "table",  "toc",           "styles",
                                "labels", NULL};
const char *const page_keys[] = {"width", "height", "margin_top", "margin_bottom",
                                        "margin_inner", "margin_outer", "header_offset",
                                        "footer_offset", NULL};
const char *const font_keys[] = {"regular", "bold", "italic", "bold_italic", "semibold",
                                        "mono", NULL};
const char *const color_keys[] = {"text", "accent", "muted", "rule", "link",
                                         "table_header_bg", "table_header_fg", "zebra",
                                         "code_bg", "quote_bar", NULL};
enum { N_COLORS = 10 };
const char *const status_keys[] = {"planned", "in_progress", "completed", "ongoing",
                                          "suspended", NULL};
const char *const text_keys[] = {"justify", "hyphenate", "paragraph_indent",
                                        "hyphen_penalty", "compound_hyphen_penalty",
                                        "consecutive_hyphens", "double_hyphen_demerits",
                                        "final_hyphen_demerits", NULL};
const char *const table_keys[] = {"padding", "rule_width", "zebra", "change_column", NULL};
const char *const toc_keys[] = {"depth", "page_column", "dot_step", "number_gap", NULL};
const char *const style_keys[] = {"body", "h1", "h2", "h3", "h4", "code", "quote", "list",
                                         "caption", "source", "table", "table_header",
                                         "toc_title", "toc1", "toc2", "toc3", "header", "footer",
                                         "cover_title", "cover_subtitle", "cover_meta", "imprint",
                                         "footnote", "marking", NULL};
const char *const style_attr_keys[] = {"font", "size", "leading", "space_before",
                                              "space_after", "color", NULL};
const char *const label_keys[] = {
#define IMR_LABEL_KEY(id, key, de, en) key,
    IMR_LABELS(IMR_LABEL_KEY)
#undef IMR_LABEL_KEY
        NULL};
static const char *const label_de[] = {
#define IMR_LABEL_DE(id, key, de, en) de,
    IMR_LABELS(IMR_LABEL_DE)
#undef IMR_LABEL_DE
};
static const char *const label_en[] = {
#define IMR_LABEL_EN(id, key, de, en) en,
    IMR_LABELS(IMR_LABEL_EN)
#undef IMR_LABEL_EN
};

#define TMPL_MAX_CHAIN LOAD_MAX_TEMPLATES

/* One template file of an `extends` chain. Values keep the position of the
 * file that gave them, so a relative font path is found next to its file. */
typedef struct Layer {
    const char *file;      /* display path (the file of its nodes' positions) */
    const char *fs_dir;    /* its folder, as a path to open */
    bool in_report;        /* a template inside the report folder */
    const char *base_rel;  /* its folder, report-relative (in_report) */
} Layer;

typedef struct TmplCtx {
    Loader *L;
    Layer layers[TMPL_MAX_CHAIN];
    int n_layers;
    Color colors[N_COLORS];
    bool have_color[N_COLORS];
} TmplCtx;

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool parse_hex(const char *s, Color *c)
{
    if (strlen(s) != 7 || s[0] != '#')
        return false;
    int v[6];
    for (int i = 0; i < 6; i++)
        if ((v[i] = hexval(s[i + 1])) < 0)
            return false;
    c->r = (float)(v[0] * 16 + v[1]) / 255.0f;
    c->g = (float)(v[2] * 16 + v[3]) / 255.0f;
    c->b = (float)(v[4] * 16 + v[5]) / 255.0f;
    return true;
}

/* "#rrggbb", or (named == true) a colour name from colors:. */
static bool get_color(TmplCtx *t, const Node *n, const char *what, bool named, Color *out)
{
    const char *s = get_string(t->L->diags, n, what);
    if (!s)
        return false;
    if (parse_hex(s, out))
        return true;
    if (named) {
        for (int i = 0; i < N_COLORS; i++)
            if (!strcmp(color_keys[i], s)) {
                if (!t->have_color[i])
                    return false; /* already reported as missing */
                *out = t->colors[i];
                return true;
            }
        const char *sug = suggest(s, color_keys, 0);
        if (sug)
            diag_error(t->L->diags, n->pos,
                       "%s: '%s' is neither '#rrggbb' nor a colour name from 'colors'; "
                       "did you mean '%s'?",
                       _(what), s, sug);
        else
            diag_error(t->L->diags, n->pos,
                       "%s: '%s' is neither '#rrggbb' nor a colour name from 'colors'", _(what), s);
        return false;
    }
    diag_error(t->L->diags, n->pos, "%s: '%s' is not a colour written '#rrggbb'", _(what), s);
    return false;
}

/* Every number of a template is a length in points: at most the largest page side a
 * PDF may have (ISO 32000-1, annex C), which also keeps it within a float. */
#define TMPL_MAX_PT 14400.0
/* The largest font size the PDF library writes. */
#define TMPL_MAX_FONT_SIZE 600.0

static bool get_float(Diags *d, const Node *n, const char *what, float *out)
{
    double v;
    if (!get_number(d, n, what, false, &v))
        return false;
    if (v > TMPL_MAX_PT) {
        diag_error(d, n->pos, "%s must be at most %g pt, not %s", _(what), TMPL_MAX_PT, n->text);
        return false;
    }
    *out = (float)v;
    return true;
}

static const Node *section(TmplCtx *t, const Node *root, const char *key, bool required,
                           const char *const keys[])
{
    Diags *d = t->L->diags;
    const Node *n = required ? map_need(d, root, key, "the template") : map_get(root, key);
    if (!n)
        return NULL;
    char *what = arena_printf(t->L->arena, _("template '%s'"), key);
    if (!expect_kind(d, n, NODE_MAP, what))
        return NULL;
    check_keys(d, n, keys, what);
    return n;
}

static void read_page(TmplCtx *t, const Node *root, Template *tp)
{
    const Node *page = section(t, root, "page", true, page_keys);
    if (!page)
        return;
    float *dst[] = {&tp->page_width,   &tp->page_height,   &tp->margin_top,    &tp->margin_bottom,
                    &tp->margin_inner, &tp->margin_outer, &tp->header_offset, &tp->footer_offset};
    for (int i = 0; page_keys[i]; i++) {
        char *what = arena_printf(t->L->arena, _("page %s"), page_keys[i]);
        get_float(t->L->diags, map_need(t->L->diags, page, page_keys[i], "template 'page'"), what,
                  dst[i]);
    }
    if (tp->page_width <= 0 || tp->page_height <= 0)
        return;
    if (tp->page_width < 3 || tp->page_height < 3) {
        diag_error(t->L->diags, page->pos, "the page must be at least 3 pt wide and high");
        return;
    }
    if (tp->margin_inner + tp->margin_outer >= tp->page_width ||
        tp->margin_top + tp->margin_bottom >= tp->page_height)
        diag_error(t->L->diags, page->pos, "the page margins leave no room for text");
}

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The template file a value was written in. */
static const Layer *layer_of(const TmplCtx *t, const Node *v)
{
    for (int i = 0; i < t->n_layers; i++)
        if (!strcmp(t->layers[i].file, v->pos.file))
            return &t->layers[i];
    return &t->layers[0];
}

static void read_fonts(TmplCtx *t, const Node *root, Template *tp)
{
    Loader *L = t->L;
    const Node *fonts = section(t, root, "fonts", true, font_keys);
    if (!fonts)
        return;
    for (int i = 0; i < FONT_COUNT; i++) {
        const Node *v = map_need(L->diags, fonts, font_keys[i], "template 'fonts'");
        char *what = arena_printf(L->arena, _("font '%s' file"), font_keys[i]);
        const char *s = get_string(L->diags, v, what);
        if (!s)
            continue;
        /* a file next to the template (a bare file name may also be one of the
         * built-in fonts), or the family name of an installed font */
        const Layer *ly = layer_of(t, v);
        const char *path = NULL;
        if (sysfont_is_name(s)) { /* a family name: an installed font */
            path = sysfont_path(L, s, v->pos, font_keys[i]);
        } else if (ly->in_report) {
            const char *near = strchr(s, '/') ? NULL : join_rel(L->arena, ly->base_rel, s);
            if (near && !file_exists(display_path(L, near))) {
                const char *builtin = arena_printf(L->arena, "%s/fonts/%s", L->opt->data_dir, s);
                if (file_exists(builtin))
                    path = builtin;
            }
            if (!path) {
                const char *rel = resolve_path(L, ly->base_rel, s, v->pos, what);
                path = rel ? display_path(L, rel) : NULL;
            }
        } else {
            path = s[0] == '/' ? s : arena_printf(L->arena, "%s/%s", ly->fs_dir, s);
            if (!file_exists(path)) {
                diag_error(L->diags, v->pos, "%s not found (looked for %s)", _(what), path);
                path = NULL;
            }
        }
        if (path && !font_file_ok(L, path, v->pos, what))
            path = NULL;
        tp->font_files[i] = path;
    }
}

static void read_colors(TmplCtx *t, const Node *root, Template *tp)
{
    Loader *L = t->L;
    const Node *colors = section(t, root, "colors", true, color_keys);
    if (colors) {
        for (int i = 0; i < N_COLORS; i++) {
            const Node *v = map_need(L->diags, colors, color_keys[i], "template 'colors'");
            char *what = arena_printf(L->arena, _("colour '%s'"), color_keys[i]);
            if (v && get_color(t, v, what, false, &t->colors[i]))
                t->have_color[i] = true;
        }
    }
    Color *dst[] = {NULL,          &tp->accent, &tp->muted,   &tp->rule,   &tp->link,
                    &tp->table_header_bg, &tp->table_header_fg, &tp->zebra, &tp->code_bg,
                    &tp->quote_bar};
    for (int i = 1; i < N_COLORS; i++)
        *dst[i] = t->colors[i];
    const Node *sc = section(t, root, "status_colors", true, status_keys);
    if (!sc)
        return;
    for (int i = 0; i < STATUS_COUNT; i++) {
        const Node *v = map_need(L->diags, sc, status_keys[i], "template 'status_colors'");
        char *what = arena_printf(L->arena, _("status colour '%s'"), status_keys[i]);
        if (v)
            get_color(t, v, what, true, &tp->status_colors[i]);
    }
}

/* A whole number of the "text" section within [lo, hi]. */
static void get_count(Diags *d, const Node *text, const char *key, double lo, double hi, double *out)
{
    const Node *v = map_get(text, key);
    double x;
    if (!v || !get_number(d, v, key, true, &x))
        return;
    if (x < lo || x > hi)
        diag_error(d, v->pos, "text %s must be between %g and %g, not %s", key, lo, hi, v->text);
    else
        *out = x;
}

/* The line breaker's costs; TeX's defaults, but at most two hyphenated lines in a row. */
static void read_breaking(Diags *d, const Node *text, LineBreaking *b)
{
    double hp = 50, chp = 25, run = 2, dd = 10000, fd = 5000;
    if (text) {
        get_count(d, text, "hyphen_penalty", 0, 10000, &hp);
        get_count(d, text, "compound_hyphen_penalty", 0, 10000, &chp);
        get_count(d, text, "consecutive_hyphens", 1, 8, &run);
        get_count(d, text, "double_hyphen_demerits", 0, 1e7, &dd);
        get_count(d, text, "final_hyphen_demerits", 0, 1e7, &fd);
    }
    *b = (LineBreaking){(int)hp, (int)chp, (int)run, (float)dd, (float)fd};
}

static void read_options(TmplCtx *t, const Node *root, Template *tp)
{
    Diags *d = t->L->diags;
    tp->change_column = true;
    const Node *text = section(t, root, "text", false, text_keys);
    if (text) {
        const Node *v;
        if ((v = map_get(text, "justify")))
            get_bool(d, v, "text justify", &tp->justify);
        if ((v = map_get(text, "hyphenate")))
            get_bool(d, v, "text hyphenate", &tp->hyphenate);
        if ((v = map_get(text, "paragraph_indent")))
            get_float(d, v, "text paragraph_indent", &tp->paragraph_indent);
    }
    read_breaking(d, text, &tp->breaking);
    const Node *table = section(t, root, "table", false, table_keys);
    if (table) {
        const Node *v;
        if ((v = map_get(table, "padding")))
            get_float(d, v, "table padding", &tp->table_padding);
        if ((v = map_get(table, "rule_width")))
            get_float(d, v, "table rule_width", &tp->rule_width);
        if ((v = map_get(table, "zebra")))
            get_bool(d, v, "table zebra", &tp->table_zebra);
        if ((v = map_get(table, "change_column")))
            get_bool(d, v, "table change_column", &tp->change_column);
    }
    const Node *toc = section(t, root, "toc", false, toc_keys);
    const Node *v = toc ? map_get(toc, "depth") : NULL;
    double depth;
    if (v && get_number(d, v, "toc depth", true, &depth)) {
        if (depth < 1 || depth > 3)
            diag_error(d, v->pos, "toc depth must be 1, 2 or 3, not %s", v->text);
        else
            tp->toc_depth = (int)depth;
    }
}

/* Size, leading and spaces of the style `what` ("style 'h1'"). */
static void read_style_numbers(TmplCtx *t, const Node *s, const char *what, TextStyle *st)
{
    Diags *d = t->L->diags;
    const Node *size = map_need(d, s, "size", what);
    const Node *leading = map_need(d, s, "leading", what);
    if (get_float(d, size, "style size", &st->size) && st->size <= 0)
        diag_error(d, size->pos, "style size must be greater than 0");
    else if (st->size > TMPL_MAX_FONT_SIZE)
        diag_error(d, size->pos, "style size must be at most %g pt, not %s", TMPL_MAX_FONT_SIZE,
                   size->text);
    if (get_float(d, leading, "style leading", &st->leading) && st->leading <= 0)
        diag_error(d, leading->pos, "style leading must be greater than 0");
    const Node *v;
    if ((v = map_get(s, "space_before")))
        get_float(d, v, "style space_before", &st->space_before);
    if ((v = map_get(s, "space_after")))
        get_float(d, v, "style space_after", &st->space_after);
}

static void read_styles(TmplCtx *t, const Node *root, Template *tp)
{
    Loader *L = t->L;
    const Node *styles = section(t, root, "styles", true, style_keys);
    if (!styles)
        return;
    for (int i = 0; i < STYLE_COUNT; i++) {
        if (i == STYLE_FOOTNOTE && !map_get(styles, style_keys[i])) {
            tp->styles[i] = tp->styles[STYLE_SOURCE]; /* optional; read after "source" */
            continue;
        }
        const Node *s = map_need(L->diags, styles, style_keys[i], "template 'styles'");
        char *what = arena_printf(L->arena, _("style '%s'"), style_keys[i]);
        if (!s || !expect_kind(L->diags, s, NODE_MAP, what))
            continue;
        check_keys(L->diags, s, style_attr_keys, what);
        TextStyle *st = &tp->styles[i];
        const Node *font = map_need(L->diags, s, "font", what);
        const char *fname = get_string(L->diags, font, "font");
        if (fname) {
            int k = 0;
            while (font_keys[k] && strcmp(font_keys[k], fname))
                k++;
            if (font_keys[k]) {
                st->font = (FontRole)k;
            } else {
                const char *sug = suggest(fname, font_keys, 0);
                diag_unknown(L->diags, font->pos,
                             N_("unknown font '%s' (regular, bold, italic, bold_italic, "
                                "semibold, mono); did you mean '%s'?"),
                             N_("unknown font '%s' (regular, bold, italic, bold_italic, "
                                "semibold, mono)"),
                             fname, sug);
            }
        }
        read_style_numbers(t, s, what, st);
        st->color = t->colors[0];
        const Node *v = map_get(s, "color");
        if (v)
            get_color(t, v, "style color", true, &st->color);
    }
}

/* Presentation values of the sections below, each a key of its section. */
typedef enum KeyKind {
    KEY_PT,    /* a length in points */
    KEY_SHARE, /* a share of a page or body dimension, 0..1 */
    KEY_EM,    /* a multiple of the font size, 0..10 */
    KEY_ANGLE, /* degrees, 0..360 */
    KEY_COLOR  /* "#rrggbb" or a colour name */
} KeyKind;

typedef struct TmplKey {
    const char *section, *key;
    KeyKind kind;
    size_t off; /* of the float or Color in Template */
} TmplKey;

#define TK(sec, key, kind, field) {sec, key, kind, offsetof(Template, field)}
static const TmplKey tmpl_keys[] = {
    TK("cover", "logo_size", KEY_PT, cover.logo_size),
    TK("cover", "title_top", KEY_SHARE, cover.title_top),
    TK("cover", "title_width", KEY_SHARE, cover.title_width),
    TK("cover", "band_width", KEY_PT, cover.band_width),
    TK("cover", "band_height", KEY_PT, cover.band_height),
    TK("cover", "band_above", KEY_PT, cover.band_above),
    TK("cover", "meta_top", KEY_SHARE, cover.meta_top),
    TK("cover", "meta_rule_above", KEY_PT, cover.meta_rule_above),
    TK("cover", "meta_rule_width", KEY_PT, cover.meta_rule_width),
    TK("cover", "meta_date_gap", KEY_PT, cover.meta_date_gap),
    TK("imprint", "text_width", KEY_SHARE, imprint_width),
    TK("toc", "page_column", KEY_PT, toc_page_column),
    TK("toc", "dot_step", KEY_PT, toc_dot_step),
    TK("toc", "number_gap", KEY_EM, toc_number_gap),
    TK("watermark", "size", KEY_PT, watermark_size),
    TK("watermark", "angle", KEY_ANGLE, watermark_angle),
    TK("watermark", "color", KEY_COLOR, watermark_color),
    TK("header", "gap", KEY_PT, header_gap),
    TK("header", "rule_width", KEY_PT, header_rule_width),
    TK("header", "rule_below", KEY_EM, header_rule_below),
};
#undef TK
enum { N_TMPL_KEYS = sizeof tmpl_keys / sizeof *tmpl_keys };
/* the same keys, for the JSON Schema (test: schema.sh validates default.yaml) */
const char *const cover_keys[] = {"logo_size",       "title_top",       "title_width",
                                  "band_width",      "band_height",     "band_above",
                                  "meta_top",        "meta_rule_above", "meta_rule_width",
                                  "meta_date_gap",   NULL};
const char *const imprint_keys[] = {"text_width", NULL};
const char *const watermark_keys[] = {"size", "angle", "color", NULL};
const char *const header_keys[] = {"gap", "rule_width", "rule_below", NULL};

static void read_key(TmplCtx *t, const Node *sec, const TmplKey *k, Template *tp)
{
    Diags *d = t->L->diags;
    char *where = arena_printf(t->L->arena, "template '%s'", k->section);
    const Node *v = map_need(d, sec, k->key, where);
    if (!v)
        return;
    char *what = arena_printf(t->L->arena, "%s %s", k->section, k->key);
    if (k->kind == KEY_COLOR) {
        get_color(t, v, what, true, (Color *)((char *)tp + k->off));
        return;
    }
    float *dst = (float *)((char *)tp + k->off);
    static const float max[] = {[KEY_SHARE] = 1, [KEY_EM] = 10, [KEY_ANGLE] = 360};
    if (!get_float(d, v, what, dst) || k->kind == KEY_PT || *dst <= max[k->kind])
        return;
    static const char *const unit[] = {[KEY_SHARE] = "", [KEY_EM] = " em", [KEY_ANGLE] = "°"};
    diag_error(d, v->pos, "%s must be at most %g%s, not %s", what, max[k->kind], unit[k->kind],
               v->text);
}

/* The sections of tmpl_keys (toc's keys are read with its depth). */
static void read_keys(TmplCtx *t, const Node *root, Template *tp)
{
    for (size_t i = 0; i < N_TMPL_KEYS; i++) {
        const char *sec = tmpl_keys[i].section;
        if (i > 0 && !strcmp(sec, tmpl_keys[i - 1].section))
            continue;
        const char **keys = arena_calloc(t->L->arena, N_TMPL_KEYS + 1, sizeof *keys);
        size_t n = 0;
        for (size_t j = i; j < N_TMPL_KEYS && !strcmp(tmpl_keys[j].section, sec); j++)
            keys[n++] = tmpl_keys[j].key;
        const Node *m = strcmp(sec, "toc") ? section(t, root, sec, true, keys)
                                           : map_get(root, "toc");
        if (!m || m->kind != NODE_MAP)
            continue;
        for (size_t j = i; j < i + n; j++)
            read_key(t, m, &tmpl_keys[j], tp);
    }
}

static void read_marking(TmplCtx *t, const Node *root, Template *tp)
{
    static const char *const keys[] = {"top", "bottom", NULL};
    const Node *m = section(t, root, "marking", true, keys);
    if (!m)
        return;
    get_float(t->L->diags, map_need(t->L->diags, m, "top", "template 'marking'"), "marking top",
              &tp->marking_top);
    get_float(t->L->diags, map_need(t->L->diags, m, "bottom", "template 'marking'"),
              "marking bottom", &tp->marking_bottom);
}

static void read_labels(TmplCtx *t, const Node *root, Template *tp)
{
    Loader *L = t->L;
    const char *const *defaults = L->lang == LANG_EN ? label_en : label_de;
    for (int i = 0; i < LBL_COUNT; i++)
        tp->labels[i] = defaults[i];
    static const char *const langs[] = {"de", "en", NULL};
    const Node *labels = section(t, root, "labels", false, langs);
    if (!labels)
        return;
    for (int l = 0; langs[l]; l++) {
        const Node *m = map_get(labels, langs[l]);
        char *what = arena_printf(L->arena, _("labels '%s'"), langs[l]);
        if (!m || !expect_kind(L->diags, m, NODE_MAP, what))
            continue;
        check_keys(L->diags, m, label_keys, what);
        for (int i = 0; i < LBL_COUNT; i++) {
            const Node *v = map_get(m, label_keys[i]);
            const char *s = v ? get_string(L->diags, v, "label") : NULL;
            if (s && l == (int)L->lang)
                tp->labels[i] = s;
        }
    }
}

const char *const *default_labels(Lang lang)
{
    return lang == LANG_EN ? label_en : label_de;
}

static bool valid_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

/* Built-in template names, for "did you mean" and the list of choices. */
static void unknown_template(Loader *L, SrcPos at, const char *name)
{
    char *dir = arena_printf(L->arena, "%s/templates", L->opt->data_dir);
    const char *names[64];
    size_t n = 0;
    DIR *dp = opendir(dir);
    if (dp) {
        struct dirent *e;
        while ((e = readdir(dp)) && n < 64) {
            size_t len = strlen(e->d_name);
            if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml"))
                names[n++] = arena_strndup(L->arena, e->d_name, len - 5);
        }
        closedir(dp);
    }
    for (size_t i = 1; i < n; i++) /* sorted: readdir order is not reproducible */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *x = names[j];
            names[j] = names[j - 1];
            names[j - 1] = x;
        }
    const char *sug = n ? suggest(name, names, n) : NULL;
    if (sug)
        diag_error(L->diags, at, "unknown template '%s'; did you mean '%s'?", name, sug);
    else if (n) {
        char *list = arena_strdup(L->arena, names[0]);
        for (size_t i = 1; i < n; i++)
            list = arena_printf(L->arena, "%s, %s", list, names[i]);
        diag_error(L->diags, at, "unknown template '%s' (built-in templates: %s)", name, list);
    } else
        diag_error(L->diags, at, "unknown template '%s'", name);
}

/* Keys added after the first templates were written: a template that extends
 * no other (a full copy of an older default) takes them from the built-in
 * default template. "a.b" is key b of the mapping a. */
static const char *const later_keys[] = {
    "styles.marking", "marking", "text", "text.justify", "text.hyphenate",
    "text.paragraph_indent", "table", "table.padding", "table.rule_width", "table.zebra", "toc",
    "toc.depth", "toc.page_column", "toc.dot_step", "toc.number_gap", "cover", "imprint",
    "watermark", "header", NULL};

/* Index of key in map, or map->n. */
static size_t key_index(const Node *map, const char *key)
{
    size_t i = 0;
    while (i < map->n && strcmp(map->keys[i]->text, key))
        i++;
    return i;
}

/* A parent's name and extends are its own, not inherited. */
static bool own_key(const char *k)
{
    return !strcmp(k, "name") || !strcmp(k, "extends");
}

/* A value of the parent overridden by the child's: mappings merge key by key
 * (keys in the parent's order, the child's new keys after them), anything else
 * is replaced. Merged mappings are new nodes; both files' nodes stay as read. */
static Node *merge(Arena *a, const Node *parent, Node *child, bool top)
{
    if (!parent || parent->kind != NODE_MAP || !child || child->kind != NODE_MAP)
        return child;
    Node *m = arena_alloc(a, sizeof *m);
    *m = *child;
    size_t cap = parent->n + child->n + 1;
    m->keys = arena_calloc(a, cap, sizeof *m->keys);
    m->items = arena_calloc(a, cap, sizeof *m->items);
    m->n = 0;
    for (size_t i = 0; i < parent->n; i++) {
        if (top && own_key(parent->keys[i]->text))
            continue;
        size_t j = key_index(child, parent->keys[i]->text);
        bool mine = j < child->n;
        m->keys[m->n] = mine ? child->keys[j] : parent->keys[i];
        m->items[m->n++] = mine ? merge(a, parent->items[i], child->items[j], false)
                                : parent->items[i];
    }
    for (size_t j = 0; j < child->n; j++) {
        const char *k = child->keys[j]->text;
        if (key_index(parent, k) < parent->n && !(top && own_key(k)))
            continue;
        m->keys[m->n] = child->keys[j];
        m->items[m->n++] = child->items[j];
    }
    return m;
}

/* root with fb's value of `path` (later_keys) added when root lacks it. */
static Node *take_missing(Arena *a, Node *root, const Node *fb, const char *path)
{
    const char *dot = strchr(path, '.');
    char head[32];
    size_t hl = dot ? (size_t)(dot - path) : strlen(path);
    if (hl >= sizeof head || !fb || fb->kind != NODE_MAP || root->kind != NODE_MAP)
        return root;
    memcpy(head, path, hl);
    head[hl] = '\0';
    size_t i = key_index(root, head), j = key_index(fb, head);
    if (j == fb->n || (!dot && i < root->n))
        return root;
    Node *value = fb->items[j];
    if (dot) {
        if (i == root->n || root->items[i]->kind != NODE_MAP)
            return root; /* absent: reported as missing; or not a mapping: reported */
        value = take_missing(a, root->items[i], value, dot + 1);
        if (value == root->items[i])
            return root;
    }
    Node *m = arena_alloc(a, sizeof *m);
    *m = *root;
    m->keys = arena_calloc(a, root->n + 1, sizeof *m->keys);
    m->items = arena_calloc(a, root->n + 1, sizeof *m->items);
    memcpy(m->keys, root->keys, root->n * sizeof *m->keys);
    memcpy(m->items, root->items, root->n * sizeof *m->items);
    if (i == root->n) {
        m->keys[m->n] = fb->keys[j];
        m->items[m->n++] = value;
    } else {
        m->items[i] = value;
    }
    return m;
}

static bool is_path_name(const char *name)
{
    size_t len = strlen(name);
    return strchr(name, '/') || (len > 5 && !strcmp(name + len - 5, ".yaml"));
}

/* Where the template `name` (written at `at`, in the template `from`, or in
 * report.yaml when from is NULL) is: its layer and hash path. false after reporting. */
static bool find_template(TmplCtx *t, const char *name, SrcPos at, const Layer *from,
                          Layer *out, const char **hash_rel)
{
    Loader *L = t->L;
    memset(out, 0, sizeof *out);
    if (is_path_name(name) && (!from || from->in_report)) {
        const char *rel = resolve_path(L, from ? from->base_rel : "", name, at, "template");
        if (!rel)
            return false;
        out->file = display_path(L, rel);
        out->in_report = true;
        out->base_rel = dir_of(L->arena, rel);
        *hash_rel = rel;
    } else if (is_path_name(name)) {
        /* a built-in template extending a file next to it */
        out->file = name[0] == '/' ? name : arena_printf(L->arena, "%s/%s", from->fs_dir, name);
        if (!file_exists(out->file)) {
            diag_error(L->diags, at, "template '%s' not found (looked for %s)", name,
                       out->file);
            return false;
        }
        *hash_rel = out->file;
    } else {
        out->file = arena_printf(L->arena, "%s/templates/%s.yaml", L->opt->data_dir, name);
        if (!valid_name(name) || !file_exists(out->file)) {
            unknown_template(L, at, name);
            return false;
        }
        *hash_rel = arena_printf(L->arena, "templates/%s.yaml", name);
    }
    out->fs_dir = dir_of(L->arena, out->file);
    if (!*out->fs_dir)
        out->fs_dir = ".";
    return true;
}

/* Reads the template `name` and, through `extends`, its parents; returns the
 * merged tree (NULL after reporting). */
static Node *read_layer(TmplCtx *t, const char *name, SrcPos at)
{
    Loader *L = t->L;
    const Layer *from = t->n_layers ? &t->layers[t->n_layers - 1] : NULL;
    Layer ly;
    const char *hash_rel;
    if (!find_template(t, name, at, from, &ly, &hash_rel))
        return NULL;
    for (int i = 0; i < t->n_layers; i++) {
        if (strcmp(t->layers[i].file, ly.file))
            continue;
        char *chain = arena_strdup(L->arena, t->layers[i].file);
        for (int k = i + 1; k < t->n_layers; k++)
            chain = arena_printf(L->arena, "%s -> %s", chain, t->layers[k].file);
        diag_error(L->diags, at, "templates extend each other in a cycle: %s -> %s", chain,
                   ly.file);
        return NULL;
    }
    if (t->n_layers == TMPL_MAX_CHAIN) {
        diag_error(L->diags, at, "too many templates extend each other (more than %d)",
                   TMPL_MAX_CHAIN);
        return NULL;
    }
    L->tmpl_rels[L->n_tmpl_rels++] = hash_rel;
    t->layers[t->n_layers++] = ly;
    int read_errors = L->diags->errors;
    Node *root = load_yaml_file(L, ly.file, ly.file, hash_rel, at);
    if (!root) {
        if (L->diags->errors == read_errors)
            diag_error(L->diags, file_start(ly.file), "the template is empty");
        return NULL;
    }
    if (!expect_kind(L->diags, root, NODE_MAP, "a template"))
        return NULL;
    const Node *ext = map_get(root, "extends");
    if (!ext)
        return root;
    const char *parent_name = get_string(L->diags, ext, "template extends");
    Node *parent = parent_name ? read_layer(t, parent_name, ext->pos) : NULL;
    return parent ? merge(L->arena, parent, root, true) : NULL;
}

/* A chain that does not reach the built-in default takes later_keys from it. */
static Node *with_later_keys(TmplCtx *t, Node *root, SrcPos ref)
{
    Loader *L = t->L;
    Layer ly;
    const char *hash_rel;
    if (!file_exists(arena_printf(L->arena, "%s/templates/default.yaml", L->opt->data_dir)) ||
        !find_template(t, "default", ref, NULL, &ly, &hash_rel))
        return root;
    for (int i = 0; i < t->n_layers; i++)
        if (!strcmp(t->layers[i].file, ly.file))
            return root;
    if (t->n_layers == TMPL_MAX_CHAIN)
        return root;
    L->tmpl_rels[L->n_tmpl_rels++] = hash_rel;
    t->layers[t->n_layers++] = ly;
    const Node *fb = load_yaml_file(L, ly.file, ly.file, hash_rel, ref);
    for (int k = 0; fb && later_keys[k]; k++)
        root = take_missing(L->arena, root, fb, later_keys[k]);
    return root;
}

const Template *load_template(Loader *L, const Node *value)
{
    const char *name = "default";
    if (value) {
        name = get_string(L->diags, value, "template");
        if (!name)
            return NULL;
    }
    TmplCtx t = {.L = L};
    SrcPos ref = value ? value->pos : whole_file(display_path(L, "report.yaml"));
    const char *def = arena_printf(L->arena, "%s/templates/default.yaml", L->opt->data_dir);
    if (!value && !file_exists(def)) {
        /* no template: named: the data folder itself is incomplete */
        diag_error(L->diags, whole_file(def),
                   "imagreport's default template is missing; reinstall imagreport, or set "
                   "IMAGREPORT_DATA to a folder with templates/default.yaml");
        return NULL;
    }
    int errors = L->diags->errors;
    Node *root = read_layer(&t, name, ref);
    if (!root)
        return NULL;
    root = with_later_keys(&t, root, ref);
    Template *tp = arena_alloc(L->arena, sizeof *tp);
    check_keys(L->diags, root, top_keys, "the template");
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    size_t bl = strlen(base);
    tp->name = bl > 5 && !strcmp(base + bl - 5, ".yaml") ? arena_strndup(L->arena, base, bl - 5)
                                                         : base;
    const Node *nm = map_get(root, "name");
    if (nm) {
        const char *s = get_string(L->diags, nm, "template name");
        if (s)
            tp->name = s;
    }
    tp->hyph_root = L->opt->hyph_root;
    read_page(&t, root, tp);
    read_fonts(&t, root, tp);
    read_colors(&t, root, tp);
    read_options(&t, root, tp);
    read_styles(&t, root, tp);
    read_marking(&t, root, tp);
    read_keys(&t, root, tp);
    read_labels(&t, root, tp);
    return L->diags->errors > errors ? NULL : tp;
}
