#include "diag.h"
#include "i18n.h"
#include "mem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_add(Diags *d, DiagLevel level, SrcPos pos, const char *fmt, ...)
{
    d->items = mem_grow(d->items, &d->cap, d->len + 1, sizeof *d->items);
    const char *f = _(fmt); /* callers pass English; the translation if there is one */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, f, ap);
    va_end(ap);
    Diag *g = &d->items[d->len];
    g->level = level;
    g->pos = pos;
    g->msg = msg;
    g->seq = (unsigned)d->len;
    d->len++;
    if (level == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
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

void diags_print(Diags *d, FILE *out)
{
    if (d->len > 1)
        qsort(d->items, d->len, sizeof *d->items, cmp);
    for (size_t i = 0; i < d->len; i++) {
        const Diag *g = &d->items[i];
        if (i > 0) {
            const Diag *p = &d->items[i - 1];
            if (p->level == g->level && p->pos.line == g->pos.line && p->pos.col == g->pos.col &&
                strcmp(p->pos.file ? p->pos.file : "", g->pos.file ? g->pos.file : "") == 0 &&
                strcmp(p->msg, g->msg) == 0)
                continue;
        }
        const char *lvl = g->level == DIAG_ERROR ? "error" : "warning";
        if (!g->pos.file)
            fprintf(out, "imagreport: %s: %s\n", lvl, g->msg);
        else if (g->pos.line <= 0)
            fprintf(out, "%s: %s: %s\n", g->pos.file, lvl, g->msg);
        else
            fprintf(out, "%s:%d:%d: %s: %s\n", g->pos.file, g->pos.line, g->pos.col, lvl, g->msg);
    }
}

void diags_free(Diags *d)
{
    for (size_t i = 0; i < d->len; i++)
        free(d->items[i].msg);
    free(d->items);
    memset(d, 0, sizeof *d);
}
