/* words.c — what changed inside a matched element: the changed words of a
 * text, the changed cells of a table row, the changed bars of a chart. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/mem.h"
#include "internal.h"

#define ARROW " \xE2\x86\x92 "
#define ELLIPSIS "\xE2\x80\xA6"

typedef struct Word {
    const char *s;
    size_t n;
} Word;

/* The words of s (split at spaces), in a malloc'd array. */
static Word *split_words(const char *s, size_t *n)
{
    Word *w = NULL;
    size_t cap = 0;
    *n = 0;
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        const char *start = s;
        while (*s && *s != ' ')
            s++;
        w = mem_grow(w, &cap, *n + 1, sizeof *w);
        w[(*n)++] = (Word){start, (size_t)(s - start)};
    }
    return w;
}

static bool same_word(Word a, Word b)
{
    return a.n == b.n && memcmp(a.s, b.s, a.n) == 0;
}

enum { OP_SAME, OP_DEL, OP_ADD };

typedef struct Op {
    int op;
    Word w;
} Op;

/* Longest common subsequence of a[0..na) and b[0..nb) as operations; when
 * the table would be large, the whole middle is one replacement. */
static Op *lcs_ops(const Word *a, size_t na, const Word *b, size_t nb, size_t *n_ops)
{
    Op *ops = xmalloc((na + nb + 1) * sizeof *ops);
    size_t k = 0;
    if (na * nb > 4000000 || na * nb == 0) {
        for (size_t i = 0; i < na; i++)
            ops[k++] = (Op){OP_DEL, a[i]};
        for (size_t j = 0; j < nb; j++)
            ops[k++] = (Op){OP_ADD, b[j]};
        *n_ops = k;
        return ops;
    }
    /* len[i][j]: LCS of a[i..] and b[j..] */
    uint32_t *len = xmalloc((na + 1) * (nb + 1) * sizeof *len);
#define L(i, j) len[(i) * (nb + 1) + (j)]
    for (size_t i = na + 1; i-- > 0;)
        for (size_t j = nb + 1; j-- > 0;) {
            if (i == na || j == nb)
                L(i, j) = 0;
            else if (same_word(a[i], b[j]))
                L(i, j) = L(i + 1, j + 1) + 1;
            else
                L(i, j) = L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
        }
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        if (i < na && j < nb && same_word(a[i], b[j])) {
            ops[k++] = (Op){OP_SAME, a[i]};
            i++, j++;
        } else if (j < nb && (i == na || L(i, j + 1) >= L(i + 1, j))) {
            ops[k++] = (Op){OP_ADD, b[j++]};
        } else {
            ops[k++] = (Op){OP_DEL, a[i++]};
        }
    }
#undef L
    free(len);
    *n_ops = k;
    return ops;
}

/* Is an operation within `context` words of a change? */
static bool near_change(const Op *ops, size_t n, size_t i, int context)
{
    size_t lo = i >= (size_t)context ? i - (size_t)context : 0;
    size_t hi = i + (size_t)context < n ? i + (size_t)context : n - 1;
    for (size_t k = lo; k <= hi; k++)
        if (ops[k].op != OP_SAME)
            return true;
    return false;
}

static void put_ops(Buf *b, const Op *ops, size_t n, int context)
{
    bool gap = false, first = true;
    for (size_t i = 0; i < n;) {
        if (ops[i].op == OP_SAME) {
            if (!near_change(ops, n, i, context)) {
                gap = true;
                i++;
                continue;
            }
            if (gap)
                buf_puts(b, first ? ELLIPSIS : " " ELLIPSIS);
            if (!first || gap)
                buf_putc(b, ' ');
            buf_put(b, ops[i].w.s, ops[i].w.n);
            gap = false, first = false;
            i++;
            continue;
        }
        if (gap)
            buf_puts(b, first ? ELLIPSIS : " " ELLIPSIS);
        /* a run of deletions, then of additions */
        for (int op = OP_DEL; op <= OP_ADD; op++) {
            size_t k = i;
            bool any = false;
            while (k < n && ops[k].op != OP_SAME) {
                if (ops[k].op == op) {
                    if (!any) {
                        if (!first || gap)
                            buf_putc(b, ' ');
                        buf_puts(b, op == OP_DEL ? "[-" : "{+");
                    } else {
                        buf_putc(b, ' ');
                    }
                    buf_put(b, ops[k].w.s, ops[k].w.n);
                    any = true, first = false, gap = false;
                }
                k++;
            }
            if (any)
                buf_puts(b, op == OP_DEL ? "-]" : "+}");
        }
        while (i < n && ops[i].op != OP_SAME)
            i++;
    }
    if (gap)
        buf_puts(b, " " ELLIPSIS);
}

const char *word_diff(const char *old, const char *new, int context, Arena *a)
{
    size_t na, nb;
    Word *wa = split_words(old, &na), *wb = split_words(new, &nb);
    size_t pre = 0, suf = 0;
    while (pre < na && pre < nb && same_word(wa[pre], wb[pre]))
        pre++;
    while (suf < na - pre && suf < nb - pre && same_word(wa[na - 1 - suf], wb[nb - 1 - suf]))
        suf++;
    size_t n_mid;
    Op *mid = lcs_ops(wa + pre, na - pre - suf, wb + pre, nb - pre - suf, &n_mid);
    size_t n = pre + n_mid + suf;
    Op *ops = xmalloc((n + 1) * sizeof *ops);
    for (size_t i = 0; i < pre; i++)
        ops[i] = (Op){OP_SAME, wa[i]};
    memcpy(ops + pre, mid, n_mid * sizeof *ops);
    for (size_t i = 0; i < suf; i++)
        ops[pre + n_mid + i] = (Op){OP_SAME, wa[na - suf + i]};
    Buf b = {0};
    put_ops(&b, ops, n, context);
    free(ops);
    free(mid);
    free(wa);
    free(wb);
    return buf_to_arena(&b, a);
}

/* ---- table rows --------------------------------------------------------- */

#define CELL_SEP " | "

/* The cells of a row text, in a malloc'd array. */
static Word *split_cells(const char *s, size_t *n)
{
    Word *w = NULL;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        const char *e = strstr(s, CELL_SEP);
        size_t len = e ? (size_t)(e - s) : strlen(s);
        w = mem_grow(w, &cap, *n + 1, sizeof *w);
        w[(*n)++] = (Word){s, len};
        if (!e)
            return w;
        s = e + strlen(CELL_SEP);
    }
}

const char *row_diff(const char *old, const char *new, const char *header, Arena *a)
{
    size_t no, nn, nh = 0;
    Word *co = split_cells(old, &no), *cn = split_cells(new, &nn);
    Word *ch = header ? split_cells(header, &nh) : NULL;
    const char *res = NULL;
    if (no == nn && no > 1) {
        Buf b = {0};
        for (size_t i = 0; i < no; i++) {
            if (same_word(co[i], cn[i]))
                continue;
            if (b.len)
                buf_puts(&b, "; ");
            if (ch && nh == no)
                buf_put(&b, ch[i].s, ch[i].n);
            else if (!ch && i > 0 && same_word(co[0], cn[0]))
                buf_put(&b, co[0].s, co[0].n);
            else
                buf_printf(&b, "column %zu", i + 1);
            buf_puts(&b, ": ");
            buf_put(&b, co[i].s, co[i].n);
            buf_puts(&b, ARROW);
            buf_put(&b, cn[i].s, cn[i].n);
        }
        res = b.len ? buf_to_arena(&b, a) : NULL;
        buf_free(&b);
    }
    free(co);
    free(cn);
    free(ch);
    return res;
}

/* ---- charts ------------------------------------------------------------- */

static const DumpBar *find_bar(const DumpElem *e, const char *label)
{
    for (size_t i = 0; i < e->n_bars; i++)
        if (strcmp(e->bars[i].label, label) == 0)
            return &e->bars[i];
    return NULL;
}

static long bar_total(const DumpBar *b)
{
    long t = 0;
    for (size_t i = 0; i < b->n_values; i++)
        t += b->values[i];
    return t;
}

static void one_bar(Buf *b, const DumpElem *n, const DumpBar *ob, const DumpBar *nb)
{
    bool any = false;
    for (size_t s = 0; s < nb->n_values && s < ob->n_values; s++) {
        if (ob->values[s] == nb->values[s])
            continue;
        if (!any) {
            if (b->len)
                buf_puts(b, "; ");
            buf_printf(b, "bar '%s'", nb->label);
            if (bar_total(ob) != bar_total(nb))
                buf_printf(b, " %ld" ARROW "%ld", bar_total(ob), bar_total(nb));
            buf_putc(b, ':');
        } else {
            buf_putc(b, ',');
        }
        any = true;
        buf_printf(b, " %s %d" ARROW "%d", s < n->n_series ? n->series[s] : "?", ob->values[s],
                   nb->values[s]);
    }
}

const char *chart_diff(const DumpElem *o, const DumpElem *n, Arena *a)
{
    if (!o->n_bars && !n->n_bars)
        return NULL;
    Buf b = {0};
    for (size_t i = 0; i < n->n_bars; i++) {
        const DumpBar *nb = &n->bars[i], *ob = find_bar(o, nb->label);
        if (!ob)
            buf_printf(&b, "%sbar '%s' added (%ld)", b.len ? "; " : "", nb->label, bar_total(nb));
        else
            one_bar(&b, n, ob, nb);
    }
    for (size_t i = 0; i < o->n_bars; i++)
        if (!find_bar(n, o->bars[i].label))
            buf_printf(&b, "%sbar '%s' removed", b.len ? "; " : "", o->bars[i].label);
    const char *res = b.len ? buf_to_arena(&b, a) : NULL;
    buf_free(&b);
    return res;
}
