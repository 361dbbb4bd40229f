/* report.c — the changes in words (grouped by page) or as JSON. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../base/utf8.h"
#include "internal.h"

/* A length in points: at most two decimals, trailing zeros dropped. */
static const char *pt(double v, char buf[32])
{
    if (fabs(v) < 0.005)
        v = 0;
    snprintf(buf, 32, "%.2f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    return buf;
}

/* "heading 'lagebild'", "table 'massnahmen' (part 2)" */
static void put_elem(FILE *out, const DumpElem *e)
{
    fprintf(out, "%s '%s'", e->kind, e->id);
    if (e->part)
        fprintf(out, " (part %d)", e->part + 1);
}

static void put_range(FILE *out, int lo, int hi)
{
    if (lo == hi)
        fprintf(out, "%d", lo);
    else
        fprintf(out, "%d\xE2\x80\x93%d", lo, hi);
}

static const char *pages_word(int lo, int hi)
{
    return lo == hi ? "page" : "pages";
}

static void put_src(FILE *out, const DumpElem *e)
{
    if (e->src && *e->src)
        fprintf(out, " (%s)", e->src);
}

static void put_shift(FILE *out, double dx, double dy)
{
    char b[32];
    bool any = false;
    if (fabs(dy) >= 0.005) {
        fprintf(out, "%s %s pt", dy > 0 ? "down" : "up", pt(fabs(dy), b));
        any = true;
    }
    if (fabs(dx) >= 0.005)
        fprintf(out, "%s%s %s pt", any ? " and " : "", dx > 0 ? "right" : "left", pt(fabs(dx), b));
}

/* Characters that print as a space or as nothing, and how to show them
 * when they are all that changed. */
static const struct {
    uint32_t cp;
    const char *name;
    char looks_like; /* ' ' or 0 for nothing */
} invisibles[] = {
    {0x00A0, "<nbsp>", ' '},  {0x202F, "<nnbsp>", ' '}, {0x2009, "<thinsp>", ' '},
    {0x200A, "<hairsp>", ' '}, {0x2007, "<figsp>", ' '}, {0x00AD, "<shy>", 0},
    {0x200B, "<zwsp>", 0},    {0x200C, "<zwnj>", 0},    {0x200D, "<zwj>", 0},
    {0x2060, "<wj>", 0},
};

static int invisible(const char *s, size_t *len)
{
    uint32_t cp;
    size_t n = utf8_decode((const unsigned char *)s, strlen(s), &cp);
    *len = n ? n : 1;
    for (size_t i = 0; i < sizeof invisibles / sizeof *invisibles; i++)
        if (n && invisibles[i].cp == cp)
            return (int)i;
    return -1;
}

/* a and b as they look: invisible characters as what they resemble */
static bool look_alike(const char *a, const char *b)
{
    for (;;) {
        size_t la, lb;
        int ia = *a ? invisible(a, &la) : -1, ib = *b ? invisible(b, &lb) : -1;
        if (ia >= 0 && !invisibles[ia].looks_like) {
            a += la;
            continue;
        }
        if (ib >= 0 && !invisibles[ib].looks_like) {
            b += lb;
            continue;
        }
        char ca = ia >= 0 ? ' ' : *a, cb = ib >= 0 ? ' ' : *b;
        if (ca != cb)
            return false;
        if (!ca)
            return true;
        a += ia >= 0 ? la : 1;
        b += ib >= 0 ? lb : 1;
    }
}

static void put_marked(FILE *out, const char *s)
{
    fputc('"', out);
    while (*s) {
        size_t n;
        int i = invisible(s, &n);
        if (i >= 0)
            fputs(invisibles[i].name, out);
        else
            fwrite(s, 1, n, out);
        s += n;
    }
    fputc('"', out);
}

static void text_change(FILE *out, const Change *c)
{
    const char *ot = c->old->text;
    const char *nt = c->new->text;
    fputs("text changed: ", out);
    put_elem(out, c->new);
    if (strcmp(ot, nt) == 0) {
        fprintf(out, " \"%s\" (changed after this excerpt)", nt);
    } else if (look_alike(ot, nt)) {
        fputc(' ', out); /* only invisible characters differ: show them */
        put_marked(out, ot);
        fputs(" \xE2\x86\x92 ", out);
        put_marked(out, nt);
    } else {
        fprintf(out, " \"%s\" \xE2\x86\x92 \"%s\"", ot, nt);
    }
    if (c->old->page != c->new->page)
        fprintf(out, ", moved from page %d", c->old->page);
    put_src(out, c->new);
}

static void list_names(FILE *out, const char *const *names, size_t n)
{
    size_t shown = n < 5 ? n : 5;
    fputs(" (", out);
    for (size_t i = 0; i < shown; i++)
        fprintf(out, "%s'%s'", i ? ", " : "", names[i]);
    if (shown < n)
        fprintf(out, ", and %zu more", n - shown);
    fputc(')', out);
}

static void page_moves(FILE *out, const Change *c)
{
    int d = c->new->page - c->old->page;
    if (c->count == 1) {
        put_elem(out, c->new);
        fprintf(out, " moved from page %d to page %d", c->old->page, c->new->page);
        return;
    }
    fprintf(out, "%zu elements from ", c->count);
    put_elem(out, c->new);
    fputs(" to ", out);
    put_elem(out, c->new_last);
    int ad = d < 0 ? -d : d;
    if (ad == 1)
        fprintf(out, " moved one page %s (", d > 0 ? "later" : "earlier");
    else
        fprintf(out, " moved %d pages %s (", ad, d > 0 ? "later" : "earlier");
    fprintf(out, "%s ", pages_word(c->old_lo, c->old_hi));
    put_range(out, c->old_lo, c->old_hi);
    fputs(" \xE2\x86\x92 ", out);
    put_range(out, c->new_lo, c->new_hi);
    fputc(')', out);
}

static void shift_moves(FILE *out, const Change *c, double tol)
{
    const DumpElem *o = c->old, *n = c->new;
    double dx = n->x - o->x, dy = n->y - o->y;
    if (c->count > 1) {
        fprintf(out, "%zu elements from ", c->count);
        put_elem(out, n);
        fputs(" to ", out);
        put_elem(out, c->new_last);
        fputs(" moved ", out);
        put_shift(out, dx, dy);
        return;
    }
    put_elem(out, n);
    bool moved = fabs(dx) > tol || fabs(dy) > tol;
    if (moved) {
        fputs(" moved ", out);
        put_shift(out, dx, dy);
    }
    if (fabs(n->w - o->w) > tol || fabs(n->h - o->h) > tol) {
        char a[32], b[32], e[32], f[32];
        fprintf(out, "%sresized from %s \xC3\x97 %s to %s \xC3\x97 %s pt", moved ? " and " : " ",
                pt(o->w, a), pt(o->h, b), pt(n->w, e), pt(n->h, f));
    }
}

static void put_change(FILE *out, const Change *c, double tol)
{
    char a[32], b[32], e[32], f[32];
    switch (c->kind) {
    case CH_PAGE_COUNT: {
        int d = c->new_lo - c->old_lo;
        fprintf(out, "page count changed: %d \xE2\x86\x92 %d (%d %s %s)", c->old_lo, c->new_lo,
                d < 0 ? -d : d, d == 1 || d == -1 ? "page" : "pages", d > 0 ? "more" : "fewer");
        break;
    }
    case CH_PAGE_SIZE:
        fprintf(out, "page size changed: %s \xC3\x97 %s \xE2\x86\x92 %s \xC3\x97 %s pt",
                pt(c->old_page->width, a), pt(c->old_page->height, b), pt(c->new_page->width, e),
                pt(c->new_page->height, f));
        break;
    case CH_REMOVED:
    case CH_ADDED: {
        bool added = c->kind == CH_ADDED;
        const DumpElem *first = added ? c->new : c->old, *last = added ? c->new_last : c->old_last;
        fputs(added ? "added: " : "removed: ", out);
        if (c->count > 1) {
            fprintf(out, "%zu elements from ", c->count);
            put_elem(out, first);
            fputs(" to ", out);
            put_elem(out, last);
        } else {
            put_elem(out, first);
            if (*first->text)
                fprintf(out, " \"%s\"", first->text);
        }
        fprintf(out, " (%s%s ", added ? "" : "old ", pages_word(c->new_lo, c->new_hi));
        put_range(out, c->new_lo, c->new_hi);
        if (added && c->count == 1 && *first->src)
            fprintf(out, ", %s", first->src);
        fputc(')', out);
        break;
    }
    case CH_TEXT:
        text_change(out, c);
        break;
    case CH_PARTS:
        put_elem(out, c->new);
        fprintf(out, " now spans %zu %s instead of %zu (%s ", c->new_parts,
                c->new_parts == 1 ? "page" : "pages", c->old_parts,
                pages_word(c->new_lo, c->new_hi));
        put_range(out, c->new_lo, c->new_hi);
        fprintf(out, ", was ");
        put_range(out, c->old_lo, c->old_hi);
        fputc(')', out);
        break;
    case CH_ROWS:
        fprintf(out, "table '%s'", c->table);
        if (c->n_added) {
            fprintf(out, " gained %zu %s", c->n_added, c->n_added == 1 ? "row" : "rows");
            list_names(out, c->rows_added, c->n_added);
        }
        if (c->n_removed) {
            fprintf(out, "%s lost %zu %s", c->n_added ? " and" : "", c->n_removed,
                    c->n_removed == 1 ? "row" : "rows");
            list_names(out, c->rows_removed, c->n_removed);
        }
        break;
    case CH_PAGE_MOVE:
        page_moves(out, c);
        break;
    case CH_MOVE:
        shift_moves(out, c, tol);
        break;
    case CH_WARN_ADDED:
    case CH_WARN_REMOVED:
        if (c->count > 1) {
            fprintf(out, "%zu %s %s warnings", c->count,
                    c->kind == CH_WARN_ADDED ? "new" : "former", c->warn->kind);
            if (strcmp(c->warn->src, c->warn_last->src) == 0)
                fprintf(out, "%s%s", *c->warn->src ? " at " : "", c->warn->src);
            else
                fprintf(out, ", from %s to %s", c->warn->src, c->warn_last->src);
            fprintf(out, " (first: %s)", c->warn->message);
            break;
        }
        fprintf(out, "%s: %s", c->kind == CH_WARN_ADDED ? "new warning" : "warning gone",
                c->warn->kind);
        if (*c->warn->src)
            fprintf(out, " at %s", c->warn->src);
        fprintf(out, ": %s", c->warn->message);
        break;
    }
}

void report_text(const ChangeList *cl, const Dump *old, const Dump *new, double tol, FILE *out)
{
    char t[32];
    if (cl->n == 0) {
        fprintf(out, "no differences between %s and %s (tolerance %s pt)\n", old->path, new->path,
                pt(tol, t));
        return;
    }
    fprintf(out, "%s \xE2\x86\x92 %s: %zu %s (tolerance %s pt)\n", old->path, new->path, cl->n,
            cl->n == 1 ? "change" : "changes", pt(tol, t));
    int page = -1;
    for (size_t i = 0; i < cl->n; i++) {
        const Change *c = &cl->items[i];
        if (c->page != page && c->page > 0) {
            /* the printed page number too, when it is not the plain number */
            const char *label = NULL;
            bool old_side = c->kind == CH_REMOVED || c->kind == CH_WARN_REMOVED;
            const Dump *d = old_side ? old : new;
            if (c->page <= (int)d->n_pages)
                label = d->pages[c->page - 1].label;
            char num[16];
            snprintf(num, sizeof num, "%d", c->page);
            if (label && *label && strcmp(label, num) != 0)
                fprintf(out, "page %d (\"%s\"):\n", c->page, label);
            else
                fprintf(out, "page %d:\n", c->page);
        }
        page = c->page;
        fputs(c->page > 0 ? "  " : "", out);
        put_change(out, c, tol);
        fputc('\n', out);
    }
}

/* ---- JSON --------------------------------------------------------------- */

static void jstr(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void jnum(FILE *out, double v)
{
    char b[32];
    fputs(pt(v, b), out);
}

static void jsfield(FILE *out, const char *key, const char *s)
{
    fprintf(out, ",\"%s\":", key);
    jstr(out, s);
}

static void jnfield(FILE *out, const char *key, double v)
{
    fprintf(out, ",\"%s\":", key);
    jnum(out, v);
}

static void jsize(FILE *out, const char *key, const DumpPage *p)
{
    fprintf(out, ",\"%s\":[", key);
    jnum(out, p->width);
    fputc(',', out);
    jnum(out, p->height);
    fputc(']', out);
}

static void jelem(FILE *out, const char *key, const DumpElem *e)
{
    fprintf(out, ",\"%s\":{\"kind\":", key);
    jstr(out, e->kind);
    jsfield(out, "id", e->id);
    fprintf(out, ",\"part\":%d,\"page\":%d}", e->part, e->page);
}

static void jrange(FILE *out, const char *key, int lo, int hi)
{
    fprintf(out, ",\"%s\":[%d,%d]", key, lo, hi);
}

static void jnames(FILE *out, const char *key, const char *const *names, size_t n)
{
    fprintf(out, ",\"%s\":[", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', out);
        jstr(out, names[i]);
    }
    fputc(']', out);
}

static void json_change(FILE *out, const Change *c)
{
    static const char *const names[] = {
        [CH_PAGE_COUNT] = "page-count", [CH_PAGE_SIZE] = "page-size", [CH_REMOVED] = "removed",
        [CH_ADDED] = "added",           [CH_TEXT] = "text",           [CH_PARTS] = "parts",
        [CH_ROWS] = "rows",             [CH_PAGE_MOVE] = "page-move", [CH_MOVE] = "move",
        [CH_WARN_ADDED] = "warning-added", [CH_WARN_REMOVED] = "warning-removed",
    };
    fprintf(out, "{\"change\":\"%s\",\"page\":%d", names[c->kind], c->page);
    switch (c->kind) {
    case CH_PAGE_COUNT:
        fprintf(out, ",\"old\":%d,\"new\":%d", c->old_lo, c->new_lo);
        break;
    case CH_PAGE_SIZE:
        jsize(out, "old", c->old_page);
        jsize(out, "new", c->new_page);
        break;
    case CH_REMOVED:
    case CH_ADDED: {
        bool added = c->kind == CH_ADDED;
        const DumpElem *first = added ? c->new : c->old, *last = added ? c->new_last : c->old_last;
        fprintf(out, ",\"count\":%zu", c->count);
        jelem(out, "element", first);
        if (last)
            jelem(out, "last", last);
        if (added)
            jrange(out, "new_pages", c->new_lo, c->new_hi);
        else
            jrange(out, "old_pages", c->old_lo, c->old_hi);
        jsfield(out, "text", first->text);
        jsfield(out, "src", first->src);
        break;
    }
    case CH_TEXT:
        jelem(out, "element", c->new);
        fprintf(out, ",\"old_page\":%d", c->old->page);
        jsfield(out, "old_text", c->old->text);
        jsfield(out, "new_text", c->new->text);
        jsfield(out, "src", c->new->src);
        break;
    case CH_PARTS:
        jelem(out, "element", c->new);
        fprintf(out, ",\"old_parts\":%zu,\"new_parts\":%zu", c->old_parts, c->new_parts);
        jrange(out, "old_pages", c->old_lo, c->old_hi);
        jrange(out, "new_pages", c->new_lo, c->new_hi);
        break;
    case CH_ROWS:
        jsfield(out, "table", c->table);
        jnames(out, "added", c->rows_added, c->n_added);
        jnames(out, "removed", c->rows_removed, c->n_removed);
        break;
    case CH_PAGE_MOVE:
    case CH_MOVE:
        fprintf(out, ",\"count\":%zu", c->count);
        jelem(out, "element", c->new);
        if (c->new_last)
            jelem(out, "last", c->new_last);
        jrange(out, "old_pages", c->old_lo, c->old_hi);
        jrange(out, "new_pages", c->new_lo, c->new_hi);
        jnfield(out, "dx", c->new->x - c->old->x);
        jnfield(out, "dy", c->new->y - c->old->y);
        jnfield(out, "dw", c->new->w - c->old->w);
        jnfield(out, "dh", c->new->h - c->old->h);
        break;
    case CH_WARN_ADDED:
    case CH_WARN_REMOVED:
        fprintf(out, ",\"count\":%zu", c->count);
        jsfield(out, "kind", c->warn->kind);
        jsfield(out, "src", c->warn->src);
        jsfield(out, "message", c->warn->message);
        if (c->warn_last)
            jsfield(out, "last_src", c->warn_last->src);
        break;
    }
    fputc('}', out);
}

void report_json(const ChangeList *cl, FILE *out)
{
    fputc('[', out);
    for (size_t i = 0; i < cl->n; i++) {
        fputs(i ? ",\n" : "\n", out);
        json_change(out, &cl->items[i]);
    }
    fputs(cl->n ? "\n]\n" : "]\n", out);
}
