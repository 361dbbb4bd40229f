#include "liang.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "../base/utf8.h"

/* One trie per level. Children are kept as sibling lists: a node's children
 * are few (the root has about thirty), so a short scan beats a hash. */
typedef struct Node {
    uint32_t cp;
    int32_t child, sibling; /* -1: none */
    int32_t values;         /* offset in vals of the pattern ending here, -1: none */
    int32_t fallback;       /* longest proper suffix that is a node; -1 for the root */
    int32_t depth;          /* letters from the root */
} Node;

typedef struct Level {
    Node *nodes;
    size_t n, cap;
    unsigned char *vals;    /* per pattern: (letters + 1) digits */
    size_t n_vals, cap_vals;
    int left_min, right_min;
    struct Edge *edges;     /* once loaded: every parent-letter-child link, hashed */
    size_t edge_mask;
} Level;

/* An open-addressing hash of the trie's links, built after loading: the
 * automaton follows links and fallbacks millions of times, and a sibling
 * list of a busy node is long. */
typedef struct Edge {
    int32_t from, to;       /* to == -1: empty slot */
    uint32_t cp;
} Edge;

static size_t edge_hash(int32_t from, uint32_t cp)
{
    uint64_t k = ((uint64_t)(uint32_t)from << 21) ^ cp;
    k *= 0x9E3779B97F4A7C15ull;
    return (size_t)(k >> 32);
}

struct LiangDict {
    Level level[2];
    int n_levels;
};

#define MAX_PATTERN 64
#define MAX_WORD 256

static int32_t new_node(Level *l, uint32_t cp)
{
    l->nodes = mem_grow(l->nodes, &l->cap, l->n + 1, sizeof *l->nodes);
    Node *n = &l->nodes[l->n];
    n->cp = cp;
    n->child = n->sibling = n->values = n->fallback = -1;
    n->depth = 0;
    return (int32_t)l->n++;
}

static int32_t find_child(const Level *l, int32_t node, uint32_t cp)
{
    if (l->edges) {
        for (size_t i = edge_hash(node, cp) & l->edge_mask;; i = (i + 1) & l->edge_mask) {
            const Edge *e = &l->edges[i];
            if (e->to < 0)
                return -1;
            if (e->from == node && e->cp == cp)
                return e->to;
        }
    }
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
            l->nodes[c].depth = (int32_t)i + 1;
            l->nodes[c].sibling = l->nodes[node].child;
            l->nodes[node].child = c;
        }
        node = c;
    }
    l->vals = mem_grow(l->vals, &l->cap_vals, l->n_vals + n + 1, 1);
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

/* The automaton's fallback links, breadth first: the fallback of a node is
 * the longest proper suffix of its letters that is also a node. */
static void hash_edges(Level *l)
{
    size_t cap = 1024;
    while (cap < 2 * l->n)
        cap *= 2;
    Edge *edges = xmalloc(cap * sizeof *edges);
    for (size_t i = 0; i < cap; i++)
        edges[i].to = -1;
    for (size_t u = 0; u < l->n; u++) {
        for (int32_t v = l->nodes[u].child; v >= 0; v = l->nodes[v].sibling) {
            size_t i = edge_hash((int32_t)u, l->nodes[v].cp) & (cap - 1);
            while (edges[i].to >= 0)
                i = (i + 1) & (cap - 1);
            edges[i] = (Edge){(int32_t)u, v, l->nodes[v].cp};
        }
    }
    l->edges = edges;
    l->edge_mask = cap - 1;
}

/* TeX applies at each letter every pattern that ends there: the values of
 * a node's fallback chain are merged into the node (aligned at their last
 * letter), so the automaton needs one lookup per letter. The fallback is
 * merged already (breadth first: it is shallower). libhyphen's files are
 * closed under suffixes, so merging leaves their values unchanged. */
static void merge_fallback(Level *l, int32_t u)
{
    int32_t f = l->nodes[u].fallback;
    if (f <= 0 || l->nodes[f].values < 0)
        return;
    size_t du = (size_t)l->nodes[u].depth, df = (size_t)l->nodes[f].depth;
    l->vals = mem_grow(l->vals, &l->cap_vals, l->n_vals + du + 1, 1);
    unsigned char *out = l->vals + l->n_vals;
    if (l->nodes[u].values >= 0)
        memcpy(out, l->vals + l->nodes[u].values, du + 1);
    else
        memset(out, 0, du + 1);
    const unsigned char *fv = l->vals + l->nodes[f].values;
    for (size_t m = 0; m <= df; m++)
        if (fv[m] > out[du - df + m])
            out[du - df + m] = fv[m];
    l->nodes[u].values = (int32_t)l->n_vals;
    l->n_vals += du + 1;
}

static void set_fallbacks(Level *l)
{
    hash_edges(l);
    int32_t *queue = xmalloc(l->n * sizeof *queue);
    size_t head = 0, tail = 0;
    for (int32_t c = l->nodes[0].child; c >= 0; c = l->nodes[c].sibling) {
        l->nodes[c].fallback = 0;
        queue[tail++] = c;
    }
    while (head < tail) {
        int32_t u = queue[head++];
        merge_fallback(l, u);
        for (int32_t v = l->nodes[u].child; v >= 0; v = l->nodes[v].sibling) {
            int32_t f = l->nodes[u].fallback, to = -1;
            while (f >= 0 && (to = find_child(l, f, l->nodes[v].cp)) < 0)
                f = l->nodes[f].fallback;
            l->nodes[v].fallback = f >= 0 ? to : 0;
            queue[tail++] = v;
        }
    }
    free(queue);
}

/* An exception of \hyphenation{} ("as-so-ciate") as a pattern whose
 * values outrank every pattern of the file: 9 at its hyphens, 8 between
 * all other letters, anchored at both ends of the word. */
static void add_exception(Level *l, const uint32_t *cps, size_t n)
{
    uint32_t letters[MAX_PATTERN];
    unsigned char digits[MAX_PATTERN + 1] = {0}; /* digits[k]: before letters[k] */
    size_t nl = 0;
    unsigned char pending = 0;
    letters[nl++] = '.';
    for (size_t i = 0; i < n && nl + 1 < MAX_PATTERN; i++) {
        if (cps[i] == '-') {
            pending = nl > 1 ? 9 : 0;
            continue;
        }
        digits[nl] = pending;
        letters[nl++] = cps[i];
        pending = 8;
    }
    letters[nl++] = '.';
    add_pattern(l, letters, digits, nl);
}

static void add_token(Level *l, const uint32_t *cps, size_t n, bool exception)
{
    if (exception) {
        add_exception(l, cps, n);
        return;
    }
    uint32_t letters[MAX_PATTERN];
    unsigned char digits[MAX_PATTERN + 1];
    size_t nl = 0;
    memset(digits, 0, sizeof digits);
    for (size_t i = 0; i < n && nl < MAX_PATTERN; i++) {
        if (cps[i] >= '0' && cps[i] <= '9')
            digits[nl] = (unsigned char)(cps[i] - '0');
        else
            letters[nl++] = cps[i];
    }
    if (nl > 0)
        add_pattern(l, letters, digits, nl);
}

/* TeX's format (hyphen.tex, hyph-utf8, dehyph-exptl): "\patterns{" and
 * "\hyphenation{" blocks of whitespace-separated entries, "%" comments,
 * other control sequences ignored. Only one level. */
typedef struct TexState {
    int block; /* 0: outside, 1: \patterns, 2: \hyphenation */
} TexState;

static void tex_line(Level *l, TexState *ts, const uint32_t *cps, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (cps[i] == ' ' || cps[i] == '\t'))
            i++;
        if (i == n || cps[i] == '%')
            return;
        size_t start = i;
        while (i < n && cps[i] != ' ' && cps[i] != '\t' && cps[i] != '%' && cps[i] != '}' &&
               cps[i] != '{')
            i++;
        const uint32_t *tok = cps + start;
        size_t len = i - start;
        if (len > 0 && tok[0] == '\\') {
            if (starts_with(tok, len, "\\patterns"))
                ts->block = 1;
            else if (starts_with(tok, len, "\\hyphenation"))
                ts->block = 2;
        } else if (len > 0 && ts->block > 0) {
            add_token(l, tok, len, ts->block == 2);
        }
        if (i < n && cps[i] == '}')
            ts->block = 0;
        if (i < n && (cps[i] == '}' || cps[i] == '{'))
            i++;
    }
}

LiangDict *liang_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open %s", path);
        return NULL;
    }
    LiangDict *d = xcalloc(1, sizeof *d);
    level_init(&d->level[0]);
    d->n_levels = 1;
    Level *cur = &d->level[0];
    /* libhyphen's files start with a charset line; TeX's with comments or
     * \patterns, hyph-utf8's .pat.txt with patterns (all UTF-8). */
    bool latin1 = false, first = true, tex = false;
    TexState ts = {0};
    char line[1024];
    uint32_t cps[MAX_PATTERN * 2];
    while (fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, "\r\n");
        if (first) {
            first = false;
            latin1 = strncmp(line, "ISO8859-1", 9) == 0 || strncmp(line, "ISO-8859-1", 10) == 0;
            if (latin1 || strncmp(line, "UTF-8", 5) == 0)
                continue;
            tex = true;
            size_t pl = strlen(path);
            ts.block = pl > 8 && strcmp(path + pl - 8, ".pat.txt") == 0; /* bare patterns */
        }
        size_t n = decode_line(line, len, latin1, cps, sizeof cps / sizeof *cps);
        if (tex) {
            tex_line(cur, &ts, cps, n);
            continue;
        }
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
        if (!nonstandard)
            add_token(cur, cps, n, false);
    }
    fclose(f);
    for (int i = 0; i < d->n_levels; i++)
        set_fallbacks(&d->level[i]);
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
        free(d->level[i].edges);
    }
    free(d);
}

/* The values between the letters of word: the automaton walks ".word."
 * once and at each letter applies the values of the state it is in (which
 * hold those of all its suffixes, see merge_fallback). hy[i] is the value
 * after letter i; the last letter has none. */
static void match(const Level *l, const uint32_t *word, size_t n, unsigned char *hy)
{
    uint32_t w[MAX_WORD + 2];
    unsigned char vals[MAX_WORD + 3]; /* vals[k]: before w[k] */
    w[0] = '.';
    memcpy(w + 1, word, n * sizeof *word);
    w[n + 1] = '.';
    size_t len = n + 2;
    memset(vals, 0, len + 1);
    int32_t state = 0;
    for (size_t i = 0; i < len; i++) {
        int32_t next = -1;
        while (state >= 0 && (next = find_child(l, state, w[i])) < 0)
            state = l->nodes[state].fallback;
        if (state < 0) { /* no state continues with this letter */
            state = 0;
            continue;
        }
        state = next;
        int32_t v = l->nodes[state].values;
        if (v >= 0) {
            const unsigned char *pv = l->vals + v;
            size_t k = (size_t)l->nodes[state].depth, start = i + 1 - k;
            for (size_t m = 0; m <= k; m++)
                if (pv[m] > vals[start + m])
                    vals[start + m] = pv[m];
        }
    }
    for (size_t i = 0; i + 1 < n; i++)
        hy[i] = vals[i + 2];
    hy[n - 1] = 0;
}

/* No break within the first (last) min letters: libhyphen's lhmin/rhmin. */
static void keep_left(unsigned char *hy, size_t n, int min)
{
    for (size_t i = 0; (int)i + 1 < min && i < n; i++)
        hy[i] = 0;
}

static void keep_right(unsigned char *hy, size_t n, int min)
{
    for (size_t i = n; i > 0 && (int)(n - i) < min; i--)
        hy[i - 1] = 0;
}

/* libhyphen's recursion: the compound level splits the word at its odd
 * values; each part of two letters or more is hyphenated on its own (again
 * compound level first); a part without compound boundaries goes to the
 * next level, with the compound minimums at its inner edges. */
static void hyphenate_level(const LiangDict *d, const uint32_t *w, size_t n, unsigned char *hy,
                            bool left_edge, bool right_edge)
{
    match(&d->level[0], w, n, hy);
    if (d->n_levels == 1)
        return;
    unsigned char part[MAX_WORD];
    size_t begin = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(hy[i] & 1) && !(begin > 0 && i + 1 == n))
            continue;
        if (i > begin) {
            hyphenate_level(d, w + begin, i - begin + 1, part, begin > 0 ? false : left_edge,
                            (hy[i] & 1) ? false : right_edge);
            memcpy(hy + begin, part, i - begin);
        }
        begin = i + 1;
    }
    if (begin == 0) {
        match(&d->level[1], w, n, hy);
        if (!left_edge)
            keep_left(hy, n, d->level[0].left_min);
        if (!right_edge)
            keep_right(hy, n, d->level[0].right_min);
    }
}

void liang_hyphenate(const LiangDict *d, const uint32_t *word, size_t n, int left_min,
                     int right_min, unsigned char *points)
{
    memset(points, 0, n);
    if (n < 2 || n > MAX_WORD)
        return;
    unsigned char hy[MAX_WORD];
    hyphenate_level(d, word, n, hy, true, true);
    keep_left(hy, n, left_min);
    keep_right(hy, n, right_min);
    for (size_t i = 0; i + 1 < n; i++)
        points[i] = hy[i] & 1;
}
