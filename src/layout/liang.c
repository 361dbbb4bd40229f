#include "liang.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"

/* One trie per level. Children are kept as sibling lists: a node's children
 * are few (the root has about thirty), so a short scan beats a hash. */
typedef struct Node {
    uint32_t cp;
    int32_t child, sibling; /* -1: none */
    int32_t values;         /* offset in vals of the pattern ending here, -1: none */
} Node;

typedef struct Level {
    Node *nodes;
    size_t n, cap;
    unsigned char *vals;    /* per pattern: (letters + 1) digits */
    size_t n_vals, cap_vals;
    int left_min, right_min;
} Level;

struct LiangDict {
    Level level[2];
    int n_levels;
};

#define MAX_PATTERN 64
#define MAX_WORD 256

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * elem);
    if (!q) {
        fputs("imagreport: out of memory\n", stderr);
        exit(4);
    }
    *cap = c;
    return q;
}

static int32_t new_node(Level *l, uint32_t cp)
{
    l->nodes = grow(l->nodes, &l->cap, l->n + 1, sizeof *l->nodes);
    Node *n = &l->nodes[l->n];
    n->cp = cp;
    n->child = n->sibling = n->values = -1;
    return (int32_t)l->n++;
}

static int32_t find_child(const Level *l, int32_t node, uint32_t cp)
{
    for (int32_t c = l->nodes[node].child; c >= 0; c = l->nodes[c].sibling)
        if (l->nodes[c].cp == cp)
            return c;
    return -1;
}

static void add_pattern(Level *l, const uint32_t *letters, const unsigned char *digits, size_t n)
{
    int32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t c = find_child(l, node, letters[i]);
        if (c < 0) {
            c = new_node(l, letters[i]);
            l->nodes[c].sibling = l->nodes[node].child;
            l->nodes[node].child = c;
        }
        node = c;
    }
    l->vals = grow(l->vals, &l->cap_vals, l->n_vals + n + 1, 1);
    memcpy(l->vals + l->n_vals, digits, n + 1);
    l->nodes[node].values = (int32_t)l->n_vals;
    l->n_vals += n + 1;
}

/* Decodes one line of the file into code points (Latin-1 or UTF-8). */
static size_t decode_line(const char *s, size_t len, bool latin1, uint32_t *out, size_t max)
{
    size_t n = 0, i = 0;
    while (i < len && n < max) {
        uint32_t cp;
        if (latin1) {
            cp = (unsigned char)s[i++];
        } else {
            size_t k = utf8_decode((const unsigned char *)s + i, len - i, &cp);
            i += k ? k : 1;
        }
        out[n++] = cp;
    }
    return n;
}

static bool starts_with(const uint32_t *cps, size_t n, const char *kw)
{
    size_t k = strlen(kw);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (cps[i] != (unsigned char)kw[i])
            return false;
    return true;
}

static int keyword_number(const uint32_t *cps, size_t n, size_t from)
{
    int v = 0;
    for (size_t i = from; i < n; i++)
        if (cps[i] >= '0' && cps[i] <= '9')
            v = v * 10 + (int)(cps[i] - '0');
    return v;
}

static void level_init(Level *l)
{
    memset(l, 0, sizeof *l);
    l->left_min = l->right_min = 2;
    new_node(l, 0);
}

LiangDict *liang_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open %s", path);
        return NULL;
    }
    LiangDict *d = calloc(1, sizeof *d);
    if (!d) {
        fclose(f);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    level_init(&d->level[0]);
    d->n_levels = 1;
    Level *cur = &d->level[0];
    bool latin1 = false, first = true;
    char line[1024];
    uint32_t cps[MAX_PATTERN * 2];
    uint32_t letters[MAX_PATTERN];
    unsigned char digits[MAX_PATTERN + 1];
    while (fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, "\r\n");
        if (first) {
            first = false;
            latin1 = strncmp(line, "ISO8859-1", 9) == 0 || strncmp(line, "ISO-8859-1", 10) == 0;
            continue;
        }
        size_t n = decode_line(line, len, latin1, cps, sizeof cps / sizeof *cps);
        while (n > 0 && (cps[n - 1] == ' ' || cps[n - 1] == '\t'))
            n--;
        if (n == 0 || cps[0] == '%' || cps[0] == '#')
            continue;
        if (starts_with(cps, n, "NEXTLEVEL")) {
            if (d->n_levels == 1) {
                /* The first level held compound patterns; the minimums it
                 * read were the COMPOUND ones. */
                level_init(&d->level[1]);
                d->level[1].left_min = d->level[1].right_min = 2;
                d->n_levels = 2;
                cur = &d->level[1];
            }
            continue;
        }
        if (starts_with(cps, n, "COMPOUNDLEFTHYPHENMIN")) {
            d->level[0].left_min = keyword_number(cps, n, 21);
            continue;
        }
        if (starts_with(cps, n, "COMPOUNDRIGHTHYPHENMIN")) {
            d->level[0].right_min = keyword_number(cps, n, 22);
            continue;
        }
        if (starts_with(cps, n, "LEFTHYPHENMIN") || starts_with(cps, n, "RIGHTHYPHENMIN") ||
            starts_with(cps, n, "NOHYPHEN") || starts_with(cps, n, "COMPOUND"))
            continue;
        bool nonstandard = false;
        for (size_t i = 0; i < n; i++)
            if (cps[i] == '/' || cps[i] == ' ')
                nonstandard = true;
        if (nonstandard)
            continue;
        size_t nl = 0;
        memset(digits, 0, sizeof digits);
        for (size_t i = 0; i < n && nl < MAX_PATTERN; i++) {
            if (cps[i] >= '0' && cps[i] <= '9')
                digits[nl] = (unsigned char)(cps[i] - '0');
            else
                letters[nl++] = cps[i];
        }
        if (nl > 0)
            add_pattern(cur, letters, digits, nl);
    }
    fclose(f);
    if (d->level[0].n <= 1 && d->n_levels == 1) {
        liang_free(d);
        snprintf(err, errlen, "%s holds no hyphenation patterns", path);
        return NULL;
    }
    return d;
}

void liang_free(LiangDict *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n_levels; i++) {
        free(d->level[i].nodes);
        free(d->level[i].vals);
    }
    free(d);
}

/* Liang's match over ".word." — vals[k] is the highest digit between
 * w[k-1] and w[k]; a break after letter i of the word is vals[i + 2]. */
static void match(const Level *l, const uint32_t *word, size_t n, unsigned char *vals)
{
    uint32_t w[MAX_WORD + 2];
    w[0] = '.';
    memcpy(w + 1, word, n * sizeof *word);
    w[n + 1] = '.';
    size_t len = n + 2;
    memset(vals, 0, len + 1);
    for (size_t i = 0; i < len; i++) {
        int32_t node = 0;
        for (size_t j = i; j < len; j++) {
            node = find_child(l, node, w[j]);
            if (node < 0)
                break;
            int32_t v = l->nodes[node].values;
            if (v >= 0) {
                const unsigned char *pv = l->vals + v;
                for (size_t m = 0; m <= j - i + 1; m++)
                    if (pv[m] > vals[i + m])
                        vals[i + m] = pv[m];
            }
        }
    }
}

static void mark(const unsigned char *vals, size_t n, int lmin, int rmin, size_t offset,
                 unsigned char *points)
{
    for (size_t i = 0; i + 1 < n; i++)
        if ((vals[i + 2] & 1) && (int)(i + 1) >= lmin && (int)(n - i - 1) >= rmin)
            points[offset + i] = 1;
}

void liang_hyphenate(const LiangDict *d, const uint32_t *word, size_t n, int left_min,
                     int right_min, unsigned char *points)
{
    memset(points, 0, n);
    if (n < 2 || n > MAX_WORD)
        return;
    unsigned char vals[MAX_WORD + 3];
    if (d->n_levels == 1) {
        match(&d->level[0], word, n, vals);
        mark(vals, n, left_min, right_min, 0, points);
        return;
    }
    /* Compound boundaries first, then each part on its own. */
    unsigned char bounds[MAX_WORD];
    memset(bounds, 0, n);
    match(&d->level[0], word, n, vals);
    mark(vals, n, d->level[0].left_min, d->level[0].right_min, 0, bounds);
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && !bounds[i])
            continue;
        size_t part = i + 1 - start;
        match(&d->level[1], word + start, part, vals);
        mark(vals, part, 2, 2, start, points);
        if (i + 1 < n)
            points[i] = 1;
        start = i + 1;
    }
    /* The word's own minimums hold across parts too, and a part of one
     * letter ("Vollzug-s-einrichtungen") keeps only its later break, which
     * is the compound boundary ("Vollzugs-einrichtungen"). */
    for (size_t i = 0; i + 1 < n; i++) {
        if ((int)(i + 1) < left_min || (int)(n - i - 1) < right_min)
            points[i] = 0;
        if (i + 2 < n && points[i] && points[i + 1])
            points[i] = 0;
    }
}
