/* model.c — a layout dump (JSON) into the Dump model, checking its shape:
 * every missing or mistyped field is an error with its position. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/file.h"
#include "diff.h"
#include "internal.h"

typedef struct Reader {
    const char *text, *path;
    Arena *a;
    char *err;
    size_t errlen;
    bool failed;
} Reader;

static void bad(Reader *r, const JsonValue *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void bad(Reader *r, const JsonValue *at, const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = true;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (at)
        snprintf(r->err, r->errlen, "%s:%d:%d: error: %s", r->path, at->line,
                 json_column(r->text, at->offset), msg);
    else
        snprintf(r->err, r->errlen, "%s: error: %s", r->path, msg);
}

static const JsonValue *field(Reader *r, const JsonValue *obj, const char *key, JsonType t,
                              const char *where)
{
    static const char *const names[] = {"null", "a boolean", "a number", "a string", "an array",
                                        "an object"};
    const JsonValue *v = json_get(obj, key);
    if (!v) {
        bad(r, obj, "%s: \"%s\" is missing", where, key);
        return NULL;
    }
    if (v->type != t) {
        bad(r, v, "%s: \"%s\" must be %s", where, key, names[t]);
        return NULL;
    }
    return v;
}

/* Strings are copied out of the parse tree (which is freed after reading);
 * `same` is a previous value to share when equal (element kinds repeat). */
static const char *get_str_as(Reader *r, const JsonValue *obj, const char *key, const char *where,
                              const char *same)
{
    const JsonValue *v = field(r, obj, key, JSON_STRING, where);
    if (!v)
        return "";
    if (same && strcmp(same, v->str) == 0)
        return same;
    return arena_strndup(r->a, v->str, v->len);
}

static const char *get_str(Reader *r, const JsonValue *obj, const char *key, const char *where)
{
    return get_str_as(r, obj, key, where, NULL);
}

static double get_num(Reader *r, const JsonValue *obj, const char *key, const char *where)
{
    const JsonValue *v = field(r, obj, key, JSON_NUMBER, where);
    return v ? v->number : 0;
}

static int get_int(Reader *r, const JsonValue *obj, const char *key, const char *where, int min)
{
    const JsonValue *v = field(r, obj, key, JSON_NUMBER, where);
    if (!v)
        return 0;
    if (v->number != floor(v->number) || v->number < min || v->number > 1e9) {
        bad(r, v, "%s: \"%s\" must be a whole number >= %d", where, key, min);
        return 0;
    }
    return (int)v->number;
}

/* An optional string member: dflt when absent. */
static const char *opt_str(Reader *r, const JsonValue *obj, const char *key, const char *where,
                           const char *dflt)
{
    return json_get(obj, key) ? get_str(r, obj, key, where) : dflt;
}

/* A chart's "series" (strings) and "bars" ({label, values}) when present. */
static void read_bars(Reader *r, const JsonValue *e, const char *where, DumpElem *out)
{
    const JsonValue *series = json_get(e, "series"), *bars = json_get(e, "bars");
    if (!series && !bars)
        return;
    series = field(r, e, "series", JSON_ARRAY, where);
    bars = field(r, e, "bars", JSON_ARRAY, where);
    if (!series || !bars)
        return;
    const char **names = arena_calloc(r->a, series->n + 1, sizeof *names);
    for (size_t i = 0; i < series->n; i++) {
        const JsonValue *v = series->items[i];
        if (v->type != JSON_STRING) {
            bad(r, v, "%s: \"series\" must hold strings", where);
            return;
        }
        names[i] = arena_strndup(r->a, v->str, v->len);
    }
    DumpBar *out_bars = arena_calloc(r->a, bars->n + 1, sizeof *out_bars);
    for (size_t i = 0; i < bars->n && !r->failed; i++) {
        const JsonValue *b = bars->items[i];
        if (b->type != JSON_OBJECT) {
            bad(r, b, "%s: a bar must be an object", where);
            return;
        }
        out_bars[i].label = get_str(r, b, "label", where);
        const JsonValue *vals = field(r, b, "values", JSON_ARRAY, where);
        if (!vals)
            return;
        if (vals->n != series->n) {
            bad(r, vals, "%s: a bar needs one value per series", where);
            return;
        }
        int *v = arena_calloc(r->a, vals->n + 1, sizeof *v);
        for (size_t k = 0; k < vals->n; k++) {
            const JsonValue *x = vals->items[k];
            if (x->type != JSON_NUMBER || x->number != floor(x->number) || fabs(x->number) > 1e9) {
                bad(r, x, "%s: bar values must be whole numbers", where);
                return;
            }
            v[k] = (int)x->number;
        }
        out_bars[i].values = v;
        out_bars[i].n_values = vals->n;
    }
    out->series = names;
    out->n_series = series->n;
    out->bars = out_bars;
    out->n_bars = bars->n;
}

static void read_element(Reader *r, const JsonValue *e, int page, size_t order, DumpElem *out,
                         const char *prev_kind)
{
    char where[64];
    snprintf(where, sizeof where, "page %d, element", page);
    if (e->type != JSON_OBJECT) {
        bad(r, e, "%s: must be an object", where);
        return;
    }
    out->kind = get_str_as(r, e, "kind", where, prev_kind);
    out->id = get_str(r, e, "id", where);
    out->part = get_int(r, e, "part", where, 0);
    out->x = get_num(r, e, "x", where);
    out->y = get_num(r, e, "y", where);
    out->w = get_num(r, e, "w", where);
    out->h = get_num(r, e, "h", where);
    out->text = get_str(r, e, "text", where);
    out->hash = get_str(r, e, "hash", where);
    out->pageless = opt_str(r, e, "pageless", where, out->hash);
    out->content = opt_str(r, e, "content", where, "");
    read_bars(r, e, where, out);
    out->src = get_str(r, e, "src", where);
    out->page = page;
    out->order = order;
}

static int read_dump(Reader *rd, const JsonValue *root, Dump *out)
{
    Reader r = *rd; /* a copy, for brevity below: only err is written */
    Arena *a = r.a;
    if (root->type != JSON_OBJECT) {
        bad(&r, root, "not an imagreport layout dump (expected a JSON object)");
        return -1;
    }
    const JsonValue *fmt = json_get(root, "format");
    if (!fmt || fmt->type != JSON_STRING || strcmp(fmt->str, "imagreport-layout") != 0) {
        bad(&r, fmt ? fmt : root,
            "not an imagreport layout dump (\"format\" is not \"imagreport-layout\")");
        return -1;
    }
    const JsonValue *ver = field(&r, root, "version", JSON_NUMBER, "the dump");
    if (ver && ver->number != 1 && ver->number != 2) {
        bad(&r, ver,
            "layout dump version %g is not supported (this imagreport reads versions 1 and 2)",
            ver->number);
    }
    out->generator = opt_str(&r, root, "generator", "the dump", "");
    out->template_hash = opt_str(&r, root, "template", "the dump", "");
    const JsonValue *pages = field(&r, root, "pages", JSON_ARRAY, "the dump");
    const JsonValue *warns = field(&r, root, "warnings", JSON_ARRAY, "the dump");
    if (r.failed)
        return -1;

    size_t n_elems = 0;
    for (size_t i = 0; i < pages->n; i++) {
        const JsonValue *pg = pages->items[i];
        char where[32];
        snprintf(where, sizeof where, "page %zu", i + 1);
        if (pg->type != JSON_OBJECT) {
            bad(&r, pg, "%s: must be an object", where);
            return -1;
        }
        const JsonValue *els = field(&r, pg, "elements", JSON_ARRAY, where);
        if (!els)
            return -1;
        n_elems += els->n;
    }
    out->pages = arena_calloc(a, pages->n ? pages->n : 1, sizeof *out->pages);
    out->elems = arena_calloc(a, n_elems ? n_elems : 1, sizeof *out->elems);
    size_t k = 0;
    for (size_t i = 0; i < pages->n && !r.failed; i++) {
        const JsonValue *pg = pages->items[i];
        char where[32];
        snprintf(where, sizeof where, "page %zu", i + 1);
        DumpPage *p = &out->pages[i];
        p->number = get_int(&r, pg, "number", where, 1);
        if (!r.failed && p->number != (int)i + 1) {
            bad(&r, json_get(pg, "number"), "%s: \"number\" is %d", where, p->number);
        }
        p->label = get_str(&r, pg, "label", where);
        p->width = get_num(&r, pg, "width", where);
        p->height = get_num(&r, pg, "height", where);
        const JsonValue *els = json_get(pg, "elements");
        for (size_t j = 0; j < els->n && !r.failed; j++, k++)
            read_element(&r, els->items[j], (int)i + 1, k, &out->elems[k],
                         k ? out->elems[k - 1].kind : NULL);
    }
    out->n_pages = pages->n;
    out->n_elems = n_elems;
    out->warns = arena_calloc(a, warns->n ? warns->n : 1, sizeof *out->warns);
    for (size_t i = 0; i < warns->n && !r.failed; i++) {
        const JsonValue *w = warns->items[i];
        const char *where = "warning";
        if (w->type != JSON_OBJECT) {
            bad(&r, w, "%s: must be an object", where);
            break;
        }
        DumpWarn *dw = &out->warns[i];
        dw->kind = get_str(&r, w, "kind", where);
        dw->page = get_int(&r, w, "page", where, 0);
        dw->src = get_str(&r, w, "src", where);
        dw->message = get_str(&r, w, "message", where);
    }
    out->n_warns = warns->n;
    return r.failed ? -1 : 0;
}

int dump_parse(const char *text, size_t len, const char *path, Arena *a, Dump *out, char *err,
               size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->path = path;
    char msg[256];
    int line = 0, col = 0;
    Arena *tree = arena_new(); /* the parse tree lives only while it is read */
    const JsonValue *root = json_parse(text, len, tree, msg, sizeof msg, &line, &col);
    int rc = -1;
    if (!root) {
        snprintf(err, errlen, "%s:%d:%d: error: %s", path, line, col, msg);
    } else {
        Reader r = {.text = text, .path = path, .a = a, .err = err, .errlen = errlen};
        rc = read_dump(&r, root, out);
    }
    arena_free(tree);
    return rc;
}

int dump_load(const char *path, Arena *a, Dump *out, char *err, size_t errlen)
{
    unsigned char *bytes;
    size_t len;
    int err_no;
    FileStatus st = file_read_all(path, DIFF_MAX_DUMP, &bytes, &len, &err_no);
    if (st == FILE_TOO_LARGE) {
        snprintf(err, errlen, "%s: error: too large for a layout dump (more than %u bytes)", path,
                 DIFF_MAX_DUMP);
        return -1;
    }
    if (st != FILE_OK) {
        snprintf(err, errlen, "%s: error: %s: %s", path,
                 st == FILE_CANNOT_OPEN ? "cannot open" : "cannot read", strerror(err_no));
        return -1;
    }
    char *data = (char *)bytes;
    if (len == 0) {
        free(data);
        snprintf(err, errlen, "%s: error: empty file (not a layout dump)", path);
        return -1;
    }
    /* what the dump keeps is copied into the arena: the text can go */
    int rc = dump_parse(data, len, path, a, out, err, errlen);
    free(data);
    return rc;
}
