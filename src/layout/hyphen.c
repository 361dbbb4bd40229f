/* hyphen.c — hyphenation points from libhyphen's pattern dictionaries.
 *
 * libhyphen matches lower-case words in the dictionary's own encoding (the
 * German dictionary in Debian is ISO 8859-1, the English one UTF-8), so each
 * word is lower-cased and re-encoded, and the points found are mapped back to
 * byte offsets of the original UTF-8 word. The minimum lengths before and
 * after a break are applied here, in characters, whatever the dictionary says. */
#include "hyphen.h"

#include <hyphen.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"

#define MAX_WORD_CHARS 128 /* longer "words" (URLs, hashes) are not hyphenated */
#define ENC_MAX (MAX_WORD_CHARS * 4)

#if defined(__SANITIZE_ADDRESS__)
/* libhyphen 2.8.8 leaks the replacement strings of non-standard patterns
 * (the German dictionary has some) when it loads a dictionary; that is not
 * ours to fix, so LeakSanitizer is told to ignore it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libhyphen.so\n";
}
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

struct Hyphenator {
    HyphenDict *dict;
    Lang lang;
    int left_min, right_min; /* characters */
};

Hyphenator *hyph_load(Lang lang)
{
    const char *path = lang == LANG_DE ? "/usr/share/hyphen/hyph_de_DE.dic"
                                       : "/usr/share/hyphen/hyph_en_US.dic";
    HyphenDict *dict = hnj_hyphen_load(path);
    if (!dict)
        return NULL;
    Hyphenator *h = malloc(sizeof *h);
    if (!h) {
        hnj_hyphen_free(dict);
        return NULL;
    }
    h->dict = dict;
    h->lang = lang;
    h->left_min = 2;
    h->right_min = lang == LANG_DE ? 2 : 3;
    return h;
}

void hyph_free(Hyphenator *h)
{
    if (!h)
        return;
    hnj_hyphen_free(h->dict);
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

static bool is_letter(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    if (c >= 0xC0 && c <= 0x24F)
        return c != 0xD7 && c != 0xF7;
    return c == 0x1E9E;
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

int hyph_points(const Hyphenator *h, const char *w, size_t len, unsigned char *points)
{
    if (len > 0)
        memset(points, 0, len);
    if (!h || len == 0)
        return 0;

    /* Lower-case and encode for the dictionary; ends[j] is the byte of the
     * original word ending the character whose encoding ends at byte j. */
    char enc[ENC_MAX + 8];
    size_t ends[ENC_MAX + 8];
    bool last_of_char[ENC_MAX + 8];
    bool vowel[MAX_WORD_CHARS + 1];
    size_t n_enc = 0;
    int n_chars = 0;
    const unsigned char *s = (const unsigned char *)w;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return 0;
        if (cp == '-' || (cp >= '0' && cp <= '9'))
            return 0; /* explicit hyphens break by themselves; no digits */
        if (!is_letter(cp) && cp != '\'' && cp != 0x2019)
            return 0;
        if (++n_chars > MAX_WORD_CHARS)
            return 0;
        uint32_t lc = to_lower(cp);
        vowel[n_chars - 1] = is_vowel(lc);
        char buf[4];
        size_t m;
        if (h->dict->utf8) {
            m = utf8_encode(lc, buf);
        } else {
            if (lc > 0xFF)
                return 0; /* not representable in the dictionary's encoding */
            buf[0] = (char)lc;
            m = 1;
        }
        for (size_t k = 0; k < m; k++) {
            enc[n_enc] = buf[k];
            last_of_char[n_enc] = k + 1 == m;
            ends[n_enc] = i + n - 1;
            n_enc++;
        }
        i += n;
    }
    if (n_chars < 5)
        return 0;

    char hyphens[ENC_MAX + 8];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    memset(hyphens, 0, sizeof hyphens);
    int rc = hnj_hyphen_hyphenate2(h->dict, enc, (int)n_enc, hyphens, NULL, &rep, &pos, &cut);
    int count = 0;
    unsigned char after[MAX_WORD_CHARS + 1]; /* after[k]: a break after character k */
    size_t end_byte[MAX_WORD_CHARS + 1];
    memset(after, 0, sizeof after);
    if (rc == 0) {
        int seen = 0; /* characters up to and including byte j */
        for (size_t j = 0; j < n_enc; j++) {
            if (!last_of_char[j])
                continue;
            seen++;
            if (!(hyphens[j] & 1))
                continue;
            if (rep && rep[j])
                continue; /* a non-standard break (spelling change): skip */
            if (seen < h->left_min || n_chars - seen < h->right_min)
                continue;
            after[seen - 1] = 1;
            end_byte[seen - 1] = ends[j];
        }
        drop_voweless_pieces(after, vowel, n_chars);
        for (int k = 0; k < n_chars; k++) {
            if (after[k]) {
                points[end_byte[k]] = 1;
                count++;
            }
        }
    }
    if (rep) {
        for (size_t j = 0; j < n_enc; j++)
            free(rep[j]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}
