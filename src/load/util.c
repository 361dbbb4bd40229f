/* util.c — natural order, slugs, a small string map, edit distance. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "internal.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int natural_compare(const char *a, const char *b)
{
    const char *x = a, *y = b;
    while (*x && *y) {
        if (is_digit(*x) && is_digit(*y)) {
            while (*x == '0' && is_digit(x[1]))
                x++;
            while (*y == '0' && is_digit(y[1]))
                y++;
            size_t nx = 0, ny = 0;
            while (is_digit(x[nx]))
                nx++;
            while (is_digit(y[ny]))
                ny++;
            if (nx != ny)
                return nx < ny ? -1 : 1;
            int c = memcmp(x, y, nx);
            if (c)
                return c < 0 ? -1 : 1;
            x += nx;
            y += ny;
            continue;
        }
        if (*x != *y)
            return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
        x++;
        y++;
    }
    if (*x || *y)
        return *x ? 1 : -1;
    int c = strcmp(a, b); /* "01" and "1": equal in value, still distinct ids */
    return c < 0 ? -1 : c > 0;
}

/* Lower case for the letters an official report meets (Latin, Greek, Cyrillic). */
static uint32_t lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c == 0x130) /* İ (capital I with dot): i, not the dotless ı that c | 1 gives */
        return 'i';
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c | 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c + 1 : c;
    if (c == 0x178)
        return 0xFF;
    if (c >= 0x391 && c <= 0x3A9)
        return c + 32;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    if (c == 0x1E9E) /* capital sharp s */
        return 0xDF;
    return c;
}

/* Letters and digits are kept; punctuation and symbols are dropped. */
static bool is_word_char(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c < 0xC0 || c == 0xD7 || c == 0xF7)
        return false; /* Latin-1 punctuation: « » § ° … */
    if (c >= 0x2000 && c <= 0x2BFF)
        return false; /* general punctuation, currency, arrows, symbols */
    if (c >= 0x3000 && c <= 0x303F)
        return false;
    if (c >= 0xE000 && c <= 0xF8FF)
        return false;
    if (c >= 0xFE00 && c <= 0xFE6F)
        return false;
    if (c == 0xFEFF || c == 0xFFFD)
        return false;
    if (c >= 0x1F000)
        return false; /* emoji and pictographs */
    return true;
}

/* Longest slug, in characters: a heading of any length gives a short
 * destination name (uniqueness suffixes come on top). */
#define SLUG_MAX_CHARS 80

char *slugify(Arena *arena, const char *text)
{
    Buf b = {0};
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text);
    size_t i = 0, chars = 0;
    bool cut = false, mid_word = false;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, n - i, &cp);
        if (!k) {
            i++;
            continue;
        }
        i += k;
        if (cp != ' ' && !is_word_char(cp))
            continue;
        if (chars == SLUG_MAX_CHARS) {
            cut = true;
            mid_word = cp != ' ' && b.len && b.data[b.len - 1] != '-';
            break;
        }
        chars++;
        if (cp == ' ') {
            buf_putc(&b, '-');
        } else {
            char out[4];
            size_t m = utf8_encode(lower(cp), out);
            buf_put(&b, out, m);
        }
    }
    /* A cut slug ends at a word boundary when one lies in its second half
     * ("...-schule-und" rather than "...-schule-und-jugendarbei"), and never
     * in '-': the rest of the text would have followed it. */
    if (mid_word) {
        size_t dash = b.len;
        while (dash > 0 && b.data[dash - 1] != '-')
            dash--;
        if (dash > b.len / 2)
            b.len = dash;
    }
    while (cut && b.len && b.data[b.len - 1] == '-')
        b.len--;
    return buf_to_arena(&b, arena);
}

/* ---------- string map: open addressing, FNV-1a ---------- */

static size_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return (size_t)h;
}

void *strmap_get(const StrMap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i]) {
        if (!strcmp(m->keys[i], key))
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

static void put_raw(const char **keys, void **vals, size_t cap, const char *key, void *val,
                    size_t *len)
{
    size_t i = hash_str(key) & (cap - 1);
    while (keys[i]) {
        if (!strcmp(keys[i], key)) {
            vals[i] = val;
            return;
        }
        i = (i + 1) & (cap - 1);
    }
    keys[i] = key;
    vals[i] = val;
    (*len)++;
}

void strmap_put(StrMap *m, const char *key, void *val)
{
    if ((m->len + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 32;
        const char **keys = xcalloc(cap, sizeof *keys);
        void **vals = xcalloc(cap, sizeof *vals);
        size_t len = 0;
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                put_raw(keys, vals, cap, m->keys[i], m->vals[i], &len);
        free(m->keys);
        free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
        m->len = len;
    }
    put_raw(m->keys, m->vals, m->cap, key, val, &m->len);
}

void strmap_free(StrMap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

void vec_push(PtrVec *v, void *p)
{
    v->items = mem_grow(v->items, &v->cap, v->n + 1, sizeof *v->items);
    v->items[v->n++] = p;
}

void vec_free(PtrVec *v)
{
    free(v->items);
    memset(v, 0, sizeof *v);
}

/* ---------- did you mean ---------- */

/* Levenshtein distance over bytes, with transpositions (ASCII keys). */
size_t edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return n > m ? n : m;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[n][m];
}

const char *suggest(const char *s, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    size_t len = strlen(s);
    size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    for (size_t i = 0; n ? i < n : cands[i] != NULL; i++) {
        size_t d = edit_distance(s, cands[i]);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    return best && best_d <= limit && best_d < len ? best : NULL;
}
