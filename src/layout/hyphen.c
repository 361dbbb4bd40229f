/* hyphen.c — hyphenation points from TeX's pattern files as Debian's
 * texlive-lang-german and texlive-base install them.
 *
 * The patterns are matched by liang.c, an automaton over a trie built at
 * load time (dehyph-exptl's 36,000 patterns in about 40 ms). Words
 * are lower-cased here (ASCII, Latin-1, Latin Extended-A), the minimum
 * lengths before and after a break are applied in characters, and the
 * points found are mapped back to byte offsets of the original UTF-8 word. */
#include "hyphen.h"

#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"
#include "../base/utf8.h"
#include "liang.h"

#define MAX_WORD_CHARS 128 /* longer "words" (URLs, hashes) are not hyphenated */

/* Matching a word costs about a microsecond, and a report uses the same
 * words again and again: results are remembered per word. The
 * memo is owned by the Hyphenator and changes under a const pointer (as a
 * cache does); a Hyphenator is used by one thread at a time. */
#define MEMO_MAX_ENTRIES (1u << 19)
#define MEMO_SEAM 0x8000u /* in a remembered offset: the break is a compound seam */

typedef struct MemoEntry {
    uint32_t hash;
    uint32_t key;       /* offset of the word in keys */
    uint32_t pts;       /* offset of its break offsets in pts */
    uint16_t len;       /* bytes of the word; 0: empty slot */
    uint16_t n_pts;
} MemoEntry;

typedef struct Memo {
    MemoEntry *slots;
    size_t cap, used;   /* cap: a power of two */
    char *keys;
    size_t n_keys, cap_keys;
    uint16_t *pts;
    size_t n_pts, cap_pts;
} Memo;

struct Hyphenator {
    char *path;             /* the pattern file read */
    LiangDict *dict;
    Lang lang;
    int left_min, right_min; /* characters */
    Memo *memo;
};

static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static const MemoEntry *memo_find(const Memo *m, const char *w, size_t len, uint32_t hash)
{
    if (!m->slots)
        return NULL;
    for (size_t i = hash & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const MemoEntry *e = &m->slots[i];
        if (e->len == 0)
            return NULL;
        if (e->hash == hash && e->len == len && memcmp(m->keys + e->key, w, len) == 0)
            return e;
    }
}

static void memo_put(Memo *m, const char *w, size_t len, uint32_t hash, const unsigned char *points)
{
    if (len == 0 || len > 0xFFFF || m->used >= MEMO_MAX_ENTRIES)
        return;
    if ((m->used + 1) * 2 > m->cap) { /* grow to keep the load under 1/2 */
        size_t cap = m->cap ? m->cap * 2 : 1024;
        MemoEntry *slots = xcalloc(cap, sizeof *slots);
        for (size_t i = 0; i < m->cap; i++) {
            if (m->slots[i].len == 0)
                continue;
            size_t j = m->slots[i].hash & (cap - 1);
            while (slots[j].len != 0)
                j = (j + 1) & (cap - 1);
            slots[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    size_t n_pts = 0;
    for (size_t i = 0; i < len; i++)
        n_pts += points[i] != 0;
    m->keys = mem_grow(m->keys, &m->cap_keys, m->n_keys + len, 1);
    m->pts = mem_grow(m->pts, &m->cap_pts, m->n_pts + n_pts, sizeof *m->pts);
    size_t j = hash & (m->cap - 1);
    while (m->slots[j].len != 0)
        j = (j + 1) & (m->cap - 1);
    m->slots[j] = (MemoEntry){hash, (uint32_t)m->n_keys, (uint32_t)m->n_pts, (uint16_t)len,
                              (uint16_t)n_pts};
    memcpy(m->keys + m->n_keys, w, len);
    m->n_keys += len;
    for (size_t i = 0; i < len; i++)
        if (points[i])
            m->pts[m->n_pts++] = (uint16_t)(i | (points[i] == HYPH_SEAM ? MEMO_SEAM : 0));
    m->used++;
}

static void memo_free(Memo *m)
{
    free(m->slots);
    free(m->keys);
    free(m->pts);
    free(m);
}

/* TeX's patterns as Debian ships them (texlive-lang-german, texlive-base),
 * read where the package puts them: German from the Trennmuster project's
 * dehyph-exptl (the newest file of the folder; the file name carries its
 * date), else hyph-utf8's hyph-de-1996; English from Knuth's hyphen.tex
 * (hyph-utf8's hyph-en-us has the same patterns and exceptions). */
#define TEXMF "/usr/share/texlive/texmf-dist/tex/generic/"

const char *const *hyph_sources(Lang lang)
{
    static const char *const de[] = {TEXMF "dehyph-exptl/dehyphn-x-*.pat",
                                     TEXMF "hyph-utf8/patterns/txt/hyph-de-1996.pat.txt", NULL};
    static const char *const en[] = {TEXMF "hyphen/hyphen.tex", NULL};
    return lang == LANG_DE ? de : en;
}

Hyphenator *hyph_load_file(const char *path, Lang lang)
{
    char err[256];
    LiangDict *dict = liang_load(path, err, sizeof err);
    if (!dict)
        return NULL;
    Hyphenator *h = xmalloc(sizeof *h);
    h->dict = dict;
    size_t pl = strlen(path);
    h->path = xmalloc(pl + 1);
    memcpy(h->path, path, pl + 1);
    h->memo = xcalloc(1, sizeof *h->memo);
    h->lang = lang;
    h->left_min = 2;
    h->right_min = lang == LANG_DE ? 2 : 3;
    return h;
}

const char *hyph_path(const Hyphenator *h)
{
    return h->path;
}

Hyphenator *hyph_load_from(const char *root, Lang lang)
{
    Hyphenator *h = NULL;
    for (const char *const *src = hyph_sources(lang); *src && !h; src++) {
        char path[4096];
        if (root && snprintf(path, sizeof path, "%s/%s", root, *src + strlen(TEXMF)) >=
                        (int)sizeof path)
            continue;
        glob_t g;
        if (glob(root ? path : *src, 0, NULL, &g) == 0 && g.gl_pathc > 0) /* sorted: the last is the newest */
            h = hyph_load_file(g.gl_pathv[g.gl_pathc - 1], lang);
        globfree(&g);
    }
    return h;
}

Hyphenator *hyph_load(Lang lang)
{
    return hyph_load_from(NULL, lang);
}

const char *hyph_package(Lang lang)
{
    return lang == LANG_DE ? "texlive-lang-german" : "texlive-base";
}

void hyph_free(Hyphenator *h)
{
    if (!h)
        return;
    liang_free(h->dict);
    free(h->path);
    memo_free(h->memo);
    free(h);
}

/* Lower case for ASCII, Latin-1 Supplement and Latin Extended-A; other
 * characters are returned unchanged. */
static uint32_t to_lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c < 0xC0)
        return c;
    if (c <= 0xDE)
        return c == 0xD7 ? c : c + 32;
    if (c < 0x100 || c > 0x17F) {
        if (c == 0x1E9E) /* capital sharp s */
            return 0xDF;
        return c;
    }
    if (c == 0x130) /* capital I with dot */
        return 'i';
    if (c == 0x178)
        return 0xFF;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? c + 1 : c;
    if (c == 0x138 || c == 0x149 || c == 0x17F)
        return c;
    return (c & 1) ? c : c + 1;
}

/* Vowels after lower-casing (y counts: "Sys-tem", "rhythm"). */
static bool is_vowel(uint32_t c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE4: case 0xE5: case 0xE6:
    case 0xE8: case 0xE9: case 0xEA: case 0xEB: case 0xEC: case 0xED: case 0xEE: case 0xEF:
    case 0xF2: case 0xF3: case 0xF4: case 0xF5: case 0xF6: case 0xF8:
    case 0xF9: case 0xFA: case 0xFB: case 0xFC: case 0xFD: case 0xFF:
        return true;
    default:
        return false;
    }
}

/* Patterns sometimes cut a lone consonant off ("zug-s-ein"): a piece
 * without a vowel joins the piece before it (the first piece joins the next). */
static void drop_voweless_pieces(unsigned char *after, const bool *vowel, int n)
{
    int start = 0;
    for (int k = 0; k < n; k++) {
        if (!after[k] && k != n - 1)
            continue;
        bool has_vowel = false;
        for (int i = start; i <= k; i++)
            has_vowel = has_vowel || vowel[i];
        if (!has_vowel) {
            if (start > 0)
                after[start - 1] = 0;
            else if (k != n - 1)
                after[k] = 0;
        }
        start = k + 1;
    }
}

/* German keeps "ch", "ck" and "sch" together: no break inside them. */
static void keep_german_clusters(unsigned char *after, const uint32_t *cps, size_t n)
{
    for (size_t k = 0; k + 1 < n; k++) {
        if (!after[k])
            continue;
        uint32_t a = cps[k], b = cps[k + 1], c = k + 2 < n ? cps[k + 2] : 0;
        if ((a == 'c' && (b == 'h' || b == 'k')) || (a == 's' && b == 'c' && c == 'h'))
            after[k] = 0;
    }
}

/* A Fugen-s after a noun suffix ("Verwaltungs|vorschrift", "Sicherheits|
 * behörde", "Präventions|arbeit") ends the first part of a compound: the
 * patterns do not say which breaks are seams, these endings do. */
static bool ends_compound_part(const uint32_t *cps, size_t upto)
{
    static const char *const suffixes[] = {"ungs", "heits", "keits", "schafts", "ions", "täts",
                                           "ings", "tums", "nis"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        uint32_t suf[8];
        size_t n = 0;
        const unsigned char *p = (const unsigned char *)suffixes[i];
        for (size_t b = 0, len = strlen(suffixes[i]); b < len && n < 8;) {
            size_t k = utf8_decode(p + b, len - b, &suf[n]);
            b += k ? k : 1;
            n++;
        }
        if (upto + 1 < n + 2) /* the part keeps two letters before the suffix */
            continue;
        if (memcmp(cps + upto + 1 - n, suf, n * sizeof *suf) == 0)
            return true;
    }
    return false;
}

/* The points of one word from the patterns; points[] is zeroed. */
static int compute_points(const Hyphenator *h, const char *w, size_t len, unsigned char *points)
{
    uint32_t cps[MAX_WORD_CHARS];
    size_t end_byte[MAX_WORD_CHARS];
    bool vowel[MAX_WORD_CHARS];
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)w;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (k == 0)
            return 0;
        if (cp == '-' || (cp >= '0' && cp <= '9'))
            return 0; /* explicit hyphens break by themselves; no digits */
        if (!hyph_is_letter(cp) && cp != '\'' && cp != 0x2019)
            return 0;
        if (n == MAX_WORD_CHARS)
            return 0;
        cps[n] = to_lower(cp);
        vowel[n] = is_vowel(cps[n]);
        end_byte[n] = i + k - 1;
        n++;
        i += k;
    }
    if (n < 5)
        return 0;
    unsigned char after[MAX_WORD_CHARS]; /* after[k]: a break after character k */
    liang_hyphenate(h->dict, cps, n, h->left_min, h->right_min, after);
    if (h->lang == LANG_DE)
        keep_german_clusters(after, cps, n);
    for (size_t k = 0; k < n; k++) { /* the dictionaries' NOHYPHEN: none next to ' */
        if (cps[k] == '\'' || cps[k] == 0x2019) {
            after[k] = 0;
            if (k > 0)
                after[k - 1] = 0;
        }
    }
    drop_voweless_pieces(after, vowel, (int)n);
    int count = 0;
    for (size_t k = 0; k < n; k++) {
        if (after[k]) {
            bool seam = h->lang == LANG_DE && ends_compound_part(cps, k);
            points[end_byte[k]] = seam ? HYPH_SEAM : HYPH_BREAK;
            count++;
        }
    }
    return count;
}

int hyph_points(const Hyphenator *h, const char *w, size_t len, unsigned char *points)
{
    if (len > 0)
        memset(points, 0, len);
    if (!h || len == 0)
        return 0;
    uint32_t hash = fnv1a(w, len);
    const MemoEntry *e = memo_find(h->memo, w, len, hash);
    if (e) {
        /* pts may still be NULL when only point-less words were seen */
        for (size_t i = 0; i < e->n_pts; i++) {
            uint16_t v = h->memo->pts[e->pts + i];
            points[v & ~MEMO_SEAM] = (v & MEMO_SEAM) ? HYPH_SEAM : HYPH_BREAK;
        }
        return e->n_pts;
    }
    int n = compute_points(h, w, len, points);
    memo_put(h->memo, w, len, hash, points);
    return n;
}
