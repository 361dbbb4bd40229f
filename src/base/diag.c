#include "diag.h"
#include "file.h"
#include "i18n.h"
#include "json.h"
#include "mem.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* printf into a malloc'd string; fmt is translated first */
static char *vformat(const char *fmt, va_list ap)
{
    return xvprintf(_(fmt), ap); /* callers pass English; the translation if there is one */
}

void diag_add(Diags *d, DiagLevel level, SrcPos pos, const char *fmt, ...)
{
    d->items = mem_grow(d->items, &d->cap, d->len + 1, sizeof *d->items);
    va_list ap;
    va_start(ap, fmt);
    char *msg = vformat(fmt, ap);
    va_end(ap);
    Diag *g = &d->items[d->len];
    g->level = level;
    g->pos = pos;
    g->msg = msg;
    g->note = NULL;
    g->seq = (unsigned)d->len;
    d->len++;
    if (level == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
}

void diag_note(Diags *d, const char *fmt, ...)
{
    if (!d->len)
        return;
    Diag *g = &d->items[d->len - 1];
    va_list ap;
    va_start(ap, fmt);
    free(g->note);
    g->note = vformat(fmt, ap);
    va_end(ap);
}

void diags_promote_warnings(Diags *d)
{
    for (size_t i = 0; i < d->len; i++)
        d->items[i].level = DIAG_ERROR;
    d->errors += d->warnings;
    d->warnings = 0;
}

static int cmp(const void *a, const void *b)
{
    const Diag *x = a, *y = b;
    const char *fx = x->pos.file ? x->pos.file : "";
    const char *fy = y->pos.file ? y->pos.file : "";
    int c = strcmp(fx, fy);
    if (c)
        return c;
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.col != y->pos.col)
        return x->pos.col < y->pos.col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool same_diag(const Diag *p, const Diag *g)
{
    return p->level == g->level && p->pos.line == g->pos.line && p->pos.col == g->pos.col &&
           strcmp(p->pos.file ? p->pos.file : "", g->pos.file ? g->pos.file : "") == 0 &&
           strcmp(p->msg, g->msg) == 0;
}

/* Sorted diagnostics: a repeat of the one before it (the same problem found
 * on two ways) is dropped, and the counts follow, so that every format prints
 * each problem once and the summary counts what is printed. */
static void drop_duplicates(Diags *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->len; i++) {
        Diag *g = &d->items[i];
        if (n && same_diag(&d->items[n - 1], g)) {
            if (g->level == DIAG_ERROR)
                d->errors--;
            else
                d->warnings--;
            free(g->msg);
            free(g->note);
            continue;
        }
        d->items[n++] = *g;
    }
    d->len = n;
}

/* ---------- text ---------- */

enum { C_BOLD, C_ERROR, C_WARNING, C_NOTE, C_CARET, C_RESET };
static const char *const ansi[] = {"\033[1m", "\033[1;31m", "\033[1;35m", "\033[1;36m",
                                   "\033[1;32m", "\033[0m"};

static const char *col(const DiagStyle *st, int c)
{
    return st->color ? ansi[c] : "";
}

/* "FILE:LINE:COL: " (or "FILE: ", or "imagreport: ") */
static void print_where(FILE *out, const SrcPos *p, const DiagStyle *st)
{
    fputs(col(st, C_BOLD), out);
    if (!p->file)
        fputs("imagreport:", out);
    else if (p->line <= 0)
        fprintf(out, "%s:", p->file);
    else
        fprintf(out, "%s:%d:%d:", p->file, p->line, p->col);
    fprintf(out, "%s ", col(st, C_RESET));
}

/* The file whose lines the context shows (read once per file). */
typedef struct SrcCache {
    const char *file;
    unsigned char *data;
    size_t len;
} SrcCache;

static const char *line_of(SrcCache *c, const SrcPos *p, size_t *n)
{
    if (!c->file || strcmp(c->file, p->file)) {
        free(c->data);
        c->data = NULL;
        c->len = 0;
        c->file = p->file;
        int e;
        if (file_read_all(p->file, (size_t)64 << 20, &c->data, &c->len, &e) != FILE_OK)
            c->data = NULL;
    }
    if (!c->data)
        return NULL;
    const char *s = (const char *)c->data, *end = s + c->len;
    if (c->len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    for (int l = 1; l < p->line; l++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            return NULL;
        s = nl + 1;
    }
    const char *e = memchr(s, '\n', (size_t)(end - s));
    *n = (size_t)((e ? e : end) - s);
    if (*n && s[*n - 1] == '\r')
        (*n)--;
    return s;
}

/* "   17 | the line" and "      |    ^" under the column (tabs kept, so the caret lines up) */
static void print_context(FILE *out, SrcCache *c, const SrcPos *p, const DiagStyle *st)
{
    if (!p->file || p->line <= 0)
        return;
    size_t n;
    const char *s = line_of(c, p, &n);
    if (!s || n > 1000 || memchr(s, '\0', n))
        return;
    fprintf(out, "%5d | %.*s\n      | ", p->line, (int)n, s);
    size_t off = 0;
    for (int k = 1; k < p->col && off < n; k++) {
        uint32_t cp;
        size_t step = utf8_next((const unsigned char *)s + off, n - off, &cp);
        fputc(cp == '\t' ? '\t' : ' ', out);
        off += step ? step : 1;
    }
    fprintf(out, "%s^%s\n", col(st, C_CARET), col(st, C_RESET));
}

static void print_text(const Diags *d, FILE *out, const DiagStyle *st)
{
    SrcCache cache = {0};
    for (size_t i = 0; i < d->len; i++) {
        const Diag *g = &d->items[i];
        bool err = g->level == DIAG_ERROR;
        print_where(out, &g->pos, st);
        fprintf(out, "%s%s:%s %s\n", col(st, err ? C_ERROR : C_WARNING), err ? "error" : "warning",
                col(st, C_RESET), g->msg);
        if (st->context)
            print_context(out, &cache, &g->pos, st);
        if (g->note) {
            print_where(out, &g->pos, st);
            fprintf(out, "%snote:%s %s\n", col(st, C_NOTE), col(st, C_RESET), g->note);
        }
    }
    free(cache.data);
    if (st->context && (d->errors || d->warnings)) {
        /* TRANSLATORS: the closing summary, e.g. "3 errors, 1 warning" */
        char e[64], w[64];
        snprintf(e, sizeof e, N_PLURAL("%d error", "%d errors", (unsigned long)d->errors), d->errors);
        snprintf(w, sizeof w, N_PLURAL("%d warning", "%d warnings", (unsigned long)d->warnings),
                 d->warnings);
        fprintf(out, "%s%s%s%s%s\n", col(st, C_BOLD), d->errors ? e : "",
                d->errors && d->warnings ? ", " : "", d->warnings ? w : "", col(st, C_RESET));
    }
}

/* ---------- JSON and GitHub ---------- */

static void print_json(const Diags *d, FILE *out)
{
    fputs("[", out);
    bool first = true;
    for (size_t i = 0; i < d->len; i++) {
        const Diag *g = &d->items[i];
        fputs(first ? "\n{\"file\":" : ",\n{\"file\":", out);
        first = false;
        if (g->pos.file)
            json_write_str(out, g->pos.file);
        else
            fputs("null", out);
        fprintf(out, ",\"line\":%d,\"column\":%d,\"severity\":\"%s\",\"message\":",
                g->pos.line > 0 ? g->pos.line : 0, g->pos.line > 0 ? g->pos.col : 0,
                g->level == DIAG_ERROR ? "error" : "warning");
        json_write_str(out, g->msg);
        fputs(",\"hint\":", out);
        if (g->note)
            json_write_str(out, g->note);
        else
            fputs("null", out);
        fputs("}", out);
    }
    fputs(first ? "]\n" : "\n]\n", out);
}

/* GitHub's workflow-command escaping: data escapes %, CR, LF; properties also : and , */
static void gh_escape(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        if (*s == '%')
            fputs("%25", out);
        else if (*s == '\r')
            fputs("%0D", out);
        else if (*s == '\n')
            fputs("%0A", out);
        else if (property && *s == ':')
            fputs("%3A", out);
        else if (property && *s == ',')
            fputs("%2C", out);
        else
            fputc(*s, out);
    }
}

static void print_github(const Diags *d, FILE *out)
{
    for (size_t i = 0; i < d->len; i++) {
        const Diag *g = &d->items[i];
        fprintf(out, "::%s", g->level == DIAG_ERROR ? "error" : "warning");
        if (g->pos.file) {
            fputs(" file=", out);
            gh_escape(out, g->pos.file, true);
            if (g->pos.line > 0)
                fprintf(out, ",line=%d,col=%d", g->pos.line, g->pos.col);
        }
        fputs("::", out);
        gh_escape(out, g->msg, false);
        if (g->note) {
            fputs("%0A", out);
            gh_escape(out, g->note, false);
        }
        fputc('\n', out);
    }
}

void diags_emit(Diags *d, FILE *out, const DiagStyle *style)
{
    static const DiagStyle plain = {DIAG_TEXT, false, false};
    const DiagStyle *st = style ? style : &plain;
    if (d->len > 1) {
        qsort(d->items, d->len, sizeof *d->items, cmp);
        drop_duplicates(d);
    }
    if (st->format == DIAG_JSON)
        print_json(d, out);
    else if (st->format == DIAG_GITHUB)
        print_github(d, out);
    else
        print_text(d, out, st);
}

void diags_print(Diags *d, FILE *out)
{
    diags_emit(d, out, NULL);
}

void diags_free(Diags *d)
{
    for (size_t i = 0; i < d->len; i++) {
        free(d->items[i].msg);
        free(d->items[i].note);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}
