/* report.c — the changes in words (grouped by page) or as JSON. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/json.h"
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

/* The header row of the table a row belongs to ("overview-1/1.4" ->
 * "overview-1/header"), from the new dump, or NULL. */
static const char *header_text(const Dump *d, const char *row_id, Arena *a)
{
    const char *slash = strrchr(row_id, '/');
    if (!slash)
        return NULL;
    const char *want = arena_printf(a, "%.*s/header", (int)(slash - row_id), row_id);
    for (size_t i = 0; i < d->n_elems; i++)
        if (strcmp(d->elems[i].kind, "table-row") == 0 && strcmp(d->elems[i].id, want) == 0)
            return d->elems[i].text;
    return NULL;
}

static void text_change(FILE *out, const Change *c, const Dump *new, Arena *a)
{
    const char *ot = c->old->text;
    const char *nt = c->new->text;
    bool pagenum = c->kind == CH_PAGENUM;
    fputs(pagenum ? "page number changed: " : "text changed: ", out);
    put_elem(out, c->new);
    const char *rows = NULL;
    if (strcmp(ot, nt) == 0) {
        fprintf(out, " \"%s\" (changed after this excerpt)", nt);
    } else if (look_alike(ot, nt)) {
        fputc(' ', out); /* only invisible characters differ: show them */
        put_marked(out, ot);
        fputs(" \xE2\x86\x92 ", out);
        put_marked(out, nt);
    } else if (strcmp(c->new->kind, "table-row") == 0 &&
               (rows = row_diff(ot, nt, header_text(new, c->new->id, a), a)) != NULL) {
        fprintf(out, ": %s", rows);
    } else {
        fprintf(out, ": %s", word_diff(ot, nt, 4, a));
    }
    if (c->old->page != c->new->page)
        fprintf(out, ", moved from page %d", c->old->page);
    put_src(out, c->new);
}

static void content_change(FILE *out, const Change *c, Arena *a)
{
    const DumpElem *n = c->new;
    const char *bars = strcmp(n->kind, "chart") == 0 ? chart_diff(c->old, n, a) : NULL;
    if (bars) {
        fputs("chart data changed: ", out);
        put_elem(out, n);
        fprintf(out, ": %s", bars);
    } else if (strcmp(n->kind, "image") == 0) {
        fputs("picture content changed: ", out);
        put_elem(out, n);
        fprintf(out, " \"%s\"", n->text);
    } else {
        fputs("drawing changed: ", out);
        put_elem(out, n);
        fputs(" (same text and size; style, colour or line breaks)", out);
    }
    if (c->old->page != n->page)
        fprintf(out, ", moved from page %d", c->old->page);
    put_src(out, n);
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

static void put_change(FILE *out, const Change *c, const Dump *old, const Dump *new, double tol,
                       Arena *ar)
{
    char a[32], b[32], e[32], f[32];
    switch (c->kind) {
    case CH_GENERATOR:
        fprintf(out, "note: made by another imagreport: %s \xE2\x86\x92 %s (changes may come from the program)",
                old->generator, new->generator);
        break;
    case CH_TEMPLATE:
        fprintf(out, "note: made with another template file: %.19s\xE2\x80\xA6 \xE2\x86\x92 %.19s\xE2\x80\xA6",
                old->template_hash, new->template_hash);
        break;
    case CH_CONTENT:
        content_change(out, c, ar);
        break;
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
    case CH_PAGENUM:
        text_change(out, c, new, ar);
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

const char *change_line(const Change *c, const Dump *old, const Dump *new, double tol, Arena *a)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    if (!f)
        return "";
    put_change(f, c, old, new, tol, a);
    fclose(f);
    const char *s = arena_strndup(a, data ? data : "", len);
    free(data);
    return s;
}

/* The page heading of a change, with the printed page number when it is
 * not the plain number. */
static void page_heading(FILE *out, const Change *c, const Dump *old, const Dump *new)
{
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

size_t count_changes(const ChangeList *cl, bool hide_pagenum)
{
    size_t n = 0;
    for (size_t i = 0; i < cl->n; i++)
        n += change_counts(cl->items[i].kind) && !(hide_pagenum && cl->items[i].kind == CH_PAGENUM);
    return n;
}

void report_text(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                 Arena *a, FILE *out)
{
    char t[32];
    double tol = o->tolerance;
    size_t n_pagenum = 0;
    for (size_t i = 0; i < cl->n; i++)
        n_pagenum += cl->items[i].kind == CH_PAGENUM;
    size_t n = count_changes(cl, true);
    if (o->hide_pagenum)
        n_pagenum = 0;
    for (size_t i = 0; i < cl->n; i++)
        if (!change_counts(cl->items[i].kind))
            fprintf(out, "%s\n", change_line(&cl->items[i], old, new, tol, a));
    if (n == 0 && n_pagenum == 0) {
        fprintf(out, "no differences between %s and %s (tolerance %s pt)\n", old->path, new->path,
                pt(tol, t));
        return;
    }
    fprintf(out, "%s \xE2\x86\x92 %s: %zu %s", old->path, new->path, n,
            n == 1 ? "change" : "changes");
    if (n_pagenum)
        fprintf(out, " and %zu page %s", n_pagenum, n_pagenum == 1 ? "number" : "numbers");
    fprintf(out, " (tolerance %s pt)\n", pt(tol, t));
    int page = -1;
    for (size_t i = 0; i < cl->n; i++) {
        const Change *c = &cl->items[i];
        if (!change_counts(c->kind) || c->kind == CH_PAGENUM)
            continue;
        if (c->page != page && c->page > 0)
            page_heading(out, c, old, new);
        page = c->page;
        fputs(c->page > 0 ? "  " : "", out);
        put_change(out, c, old, new, tol, a);
        fputc('\n', out);
    }
    if (n_pagenum == 0)
        return;
    /* quiet: page numbers that follow from the changes above; a few shown,
     * references in the text before contents entries */
    enum { SHOWN = 5 };
    fprintf(out, "page numbers only (references and contents), %zu %s%s\n", n_pagenum,
            n_pagenum == 1 ? "element" : "elements", n_pagenum > SHOWN ? ", for example:" : ":");
    size_t shown = 0;
    for (int toc = 0; toc < 2; toc++)
        for (size_t i = 0; i < cl->n && shown < SHOWN; i++) {
            const Change *c = &cl->items[i];
            if (c->kind != CH_PAGENUM || (strcmp(c->new->kind, "toc-entry") == 0) != toc)
                continue;
            fprintf(out, "  page %d: ", c->page);
            put_change(out, c, old, new, tol, a);
            fputc('\n', out);
            shown++;
        }
    if (shown < n_pagenum)
        fprintf(out, "  \xE2\x80\xA6 and %zu more (all in --format=json; --hide-page-numbers leaves them out)\n",
                n_pagenum - shown);
}

/* ---- JSON --------------------------------------------------------------- */

static void jnum(FILE *out, double v)
{
    char b[32];
    fputs(pt(v, b), out);
}

static void jsfield(FILE *out, const char *key, const char *s)
{
    fprintf(out, ",\"%s\":", key);
    json_write_str(out, s);
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
    json_write_str(out, e->kind);
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
        json_write_str(out, names[i]);
    }
    fputc(']', out);
}

static void json_change(FILE *out, const Change *c, const Dump *old, const Dump *new,
                        const ReportOptions *o, Arena *a)
{
    static const char *const names[] = {
        [CH_PAGE_COUNT] = "page-count", [CH_PAGE_SIZE] = "page-size", [CH_REMOVED] = "removed",
        [CH_ADDED] = "added",           [CH_TEXT] = "text",           [CH_PARTS] = "parts",
        [CH_ROWS] = "rows",             [CH_PAGE_MOVE] = "page-move", [CH_MOVE] = "move",
        [CH_WARN_ADDED] = "warning-added", [CH_WARN_REMOVED] = "warning-removed",
        [CH_CONTENT] = "content",       [CH_PAGENUM] = "page-number", [CH_GENERATOR] = "generator",
        [CH_TEMPLATE] = "template",
    };
    fprintf(out, "{\"change\":\"%s\",\"page\":%d", names[c->kind], c->page);
    jsfield(out, "message", change_line(c, old, new, o->tolerance, a));
    switch (c->kind) {
    case CH_GENERATOR:
        jsfield(out, "old", old->generator);
        jsfield(out, "new", new->generator);
        break;
    case CH_TEMPLATE:
        jsfield(out, "old", old->template_hash);
        jsfield(out, "new", new->template_hash);
        break;
    case CH_CONTENT:
        jelem(out, "element", c->new);
        fprintf(out, ",\"old_page\":%d", c->old->page);
        jsfield(out, "old_content", c->old->content);
        jsfield(out, "new_content", c->new->content);
        if (strcmp(c->new->kind, "chart") == 0) {
            const char *bars = chart_diff(c->old, c->new, a);
            if (bars)
                jsfield(out, "bars", bars);
        }
        jsfield(out, "src", c->new->src);
        break;
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
    case CH_PAGENUM:
        jelem(out, "element", c->new);
        fprintf(out, ",\"old_page\":%d", c->old->page);
        jsfield(out, "old_text", c->old->text);
        jsfield(out, "new_text", c->new->text);
        jsfield(out, "words", word_diff(c->old->text, c->new->text, 4, a));
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

void report_json(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                 Arena *a, FILE *out)
{
    fputc('[', out);
    size_t n = 0;
    for (size_t i = 0; i < cl->n; i++) {
        if (o->hide_pagenum && cl->items[i].kind == CH_PAGENUM)
            continue;
        fputs(n++ ? ",\n" : "\n", out);
        json_change(out, &cl->items[i], old, new, o, a);
    }
    fputs(n ? "\n]\n" : "]\n", out);
}
