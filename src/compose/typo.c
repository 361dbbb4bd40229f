/* typo.c — typography of running text.
 *
 * Quotes: a straight quote opens after the start of the text, a space, an
 * opening bracket, a dash or another opening quote, and closes elsewhere; the
 * state (last character, open quotes) is carried across inline nodes, so in
 * "*Wort*" the second quote sees the "d" inside the emphasis. An apostrophe
 * between letters (geht's) becomes U+2019.
 *
 * Spacing: non-breaking spaces in two-part abbreviations (z. B., d. h., u. a.,
 * i. d. R.; in German also between the parts of z.B., i.d.R. written solid),
 * before % € Euro Mio. Mrd. after a number, after § and before a number
 * after Nr., Abs., S., Art. and similar; " - " and " -- " between words
 * become an en dash, and the space before any spaced en dash becomes
 * non-breaking, so that no line starts with a dash; "..." becomes "…". */
#include <string.h>

#include "../base/utf8.h"
#include "internal.h"

void typo_init(Typo *ty, Lang lang)
{
    ty->lang = lang;
    ty->prev = 0;
    ty->dq = ty->sq = 0;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0;
}

static bool is_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xC0 && cp < 0x2000 && cp != 0xD7 && cp != 0xF7);
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

static bool is_opening_quote(uint32_t cp)
{
    return cp == 0x201E || cp == 0x201A || cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == 0xBB;
}

/* May a quote after cp open? */
static bool opens_after(const Typo *ty, uint32_t cp)
{
    if (cp == 0 || is_space(cp))
        return true;
    if (cp == '(' || cp == '[' || cp == '{' || cp == '/' || cp == '-')
        return true;
    if (cp == 0x2013 || cp == 0x2014) /* en and em dash */
        return true;
    /* a German closing quote U+201C is an English opening one */
    if (cp == 0x201C)
        return ty->lang == LANG_EN;
    if (cp == 0x2018)
        return ty->lang == LANG_EN;
    return is_opening_quote(cp);
}

static void put_cp(Buf *out, uint32_t cp)
{
    char tmp[4];
    buf_put(out, tmp, utf8_encode(cp, tmp));
}

/* The last code point of s[0..n) (n > 0). */
static uint32_t last_cp(const unsigned char *p, size_t n)
{
    size_t b = n - 1;
    while (b > 0 && n - b < 4 && (p[b] & 0xC0) == 0x80)
        b--;
    uint32_t cp;
    if (!utf8_decode(p + b, n - b, &cp))
        cp = p[n - 1];
    return cp;
}

void typo_quotes(Typo *ty, const char *s, size_t n, Buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    bool de = ty->lang == LANG_DE;
    size_t i = 0;
    while (i < n) {
        /* copy up to the next straight quote in one piece */
        size_t q = i;
        while (q < n && p[q] != '"' && p[q] != '\'')
            q++;
        if (q > i) {
            buf_put(out, p + i, q - i);
            ty->prev = last_cp(p + i, q - i);
            i = q;
            if (i == n)
                break;
        }
        uint32_t cp = p[i];
        /* next code point; 0 at the end of this piece (unknown: the text may go
         * on in the next inline node, so the end counts as a word start) */
        uint32_t next = 0;
        if (i + 1 < n)
            utf8_next(p + i + 1, n - i - 1, &next);
        bool boundary = opens_after(ty, ty->prev);
        bool next_space = next != 0 && is_space(next);
        uint32_t emit;
        if (cp == '"') {
            bool open = boundary && (!next_space || ty->dq == 0);
            if (open) {
                emit = de ? 0x201E : 0x201C;
                ty->dq++;
            } else {
                emit = de ? 0x201C : 0x201D;
                if (ty->dq > 0)
                    ty->dq--;
            }
        } else if (is_letter(ty->prev) || is_digit(ty->prev)) {
            if (is_letter(next) || ty->sq == 0) {
                emit = 0x2019; /* apostrophe: geht's, Hans' */
            } else {
                emit = de ? 0x2018 : 0x2019;
                ty->sq--;
            }
        } else if (boundary) {
            if (is_digit(next)) {
                emit = 0x2019; /* '90er */
            } else if (!next_space || ty->sq == 0) {
                emit = de ? 0x201A : 0x2018;
                ty->sq++;
            } else {
                emit = de ? 0x2018 : 0x2019;
                ty->sq--;
            }
        } else if (ty->sq > 0) { /* after punctuation: 'Hallo.' */
            emit = de ? 0x2018 : 0x2019;
            ty->sq--;
        } else {
            emit = 0x2019;
        }
        put_cp(out, emit);
        ty->prev = emit;
        i++;
    }
}

void typo_skip(Typo *ty, const char *s, size_t n)
{
    if (n > 0)
        ty->prev = last_cp((const unsigned char *)s, n);
}

/* ---------- spacing ---------- */

/* Start of the word that ends at s[i] (exclusive), after any opening
 * brackets and quotes. */
static size_t word_start(const char *s, size_t i)
{
    size_t b = i;
    while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\n' &&
           !(b >= 2 && (unsigned char)s[b - 2] == 0xC2 && (unsigned char)s[b - 1] == 0xA0))
        b--;
    for (;;) {
        if (s[b] == '(' || s[b] == '[')
            b++;
        else if (!strncmp(s + b, "\xE2\x80\x9E", 3) || !strncmp(s + b, "\xE2\x80\x9A", 3) ||
                 !strncmp(s + b, "\xE2\x80\x9C", 3) || !strncmp(s + b, "\xE2\x80\x98", 3))
            b += 3;
        else
            break;
    }
    return b;
}

static bool word_is(const char *s, size_t b, size_t e, const char *w)
{
    size_t n = strlen(w);
    return e - b == n && !memcmp(s + b, w, n);
}

/* Length of a single letter at s (ASCII or a two-byte Latin letter), or 0. */
static size_t single_letter(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 1;
    if (c == 0xC3 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0xBF)
        return 2;
    return 0;
}

/* s[b..e) is "x." — one letter and a full stop. */
static bool one_letter_abbrev(const char *s, size_t b, size_t e)
{
    size_t l = single_letter(s + b);
    return l && e == b + l + 1 && s[b + l] == '.';
}

/* s at a word start that is "y." followed by a non-letter. */
static bool next_one_letter_abbrev(const char *s)
{
    size_t l = single_letter(s);
    return l && s[l] == '.' && !single_letter(s + l + 1);
}

/* Does the text at s start with w, followed by a non-letter? */
static bool starts_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(s, w, n))
        return false;
    unsigned char c = (unsigned char)s[n];
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80);
}

static const char *const before_number[] = {
    "§", "§§", "Nr.", "Nrn.", "Abs.", "S.", "Art.", "Ziff.", "Kap.", "Bd.", "Tab.", "Abb.",
    "Anl.", "No.", "p.", "pp.", "Sec.", NULL};

static const char *const months_de[] = {
    "Januar", "Februar", "März",     "April",   "Mai",      "Juni",     "Juli",
    "August", "September", "Oktober", "November", "Dezember", NULL};

static bool in_list(const char *const *list, const char *s, size_t b, size_t e)
{
    for (size_t k = 0; list[k]; k++)
        if (word_is(s, b, e, list[k]))
            return true;
    return false;
}

static bool all_digits_dot(const char *s, size_t b, size_t e)
{
    if (e - b < 2 || s[e - 1] != '.')
        return false;
    for (size_t k = b; k + 1 < e; k++)
        if (s[k] < '0' || s[k] > '9')
            return false;
    return true;
}

/* Is the space at s[i] one that must not break? */
static bool keep_space(const char *s, size_t i)
{
    if (i == 0)
        return false;
    size_t b = word_start(s, i);
    const char *next = s + i + 1;
    unsigned char prev = (unsigned char)s[i - 1];
    bool next_digit = is_digit((unsigned char)*next);
    if (b < i && one_letter_abbrev(s, b, i) && next_one_letter_abbrev(next))
        return true; /* z. B., i. d. R. */
    if (next_digit && in_list(before_number, s, b, i))
        return true; /* § 9, Nr. 3 */
    if (is_digit(prev)) {
        if (starts_word(next, "%") || starts_word(next, "€") || starts_word(next, "Euro") ||
            starts_word(next, "Mio.") || starts_word(next, "Mrd.") || starts_word(next, "Prozent"))
            return true;
    }
    if ((word_is(s, b, i, "Mio.") || word_is(s, b, i, "Mrd.")) &&
        (starts_word(next, "Euro") || starts_word(next, "€")))
        return true;
    if (all_digits_dot(s, b, i)) {
        for (size_t k = 0; months_de[k]; k++)
            if (starts_word(next, months_de[k]))
                return true; /* 30. Juni */
    }
    return false;
}

/* Replaces s[*i .. *i + skip) by rep: copies what came before first. */
static void replace(Buf *out, const char *s, size_t *done, size_t *i, size_t skip, const char *rep)
{
    buf_put(out, s + *done, *i - *done);
    buf_puts(out, rep);
    *i += skip;
    *done = *i;
}

/* Does a word start at s[i]? (After a space, a bracket or an opening quote.) */
static bool at_word_start(const char *s, size_t i)
{
    if (i == 0)
        return true;
    unsigned char p = (unsigned char)s[i - 1];
    if (p == ' ' || p == '\n' || p == '(' || p == '[' || p == 0xA0)
        return true;
    return i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80 &&
           (p == 0x9E || p == 0x9A || p == 0x9C || p == 0x98);
}

/* German "z.B.", "i.d.R.": one-letter abbreviations written solid. Returns
 * the length of such a run of abbreviations at s[i], or 0. */
static size_t solid_abbrev(const char *s, size_t i)
{
    if (s[i] < 'a' || s[i] > 'z' || s[i + 1] != '.' || !at_word_start(s, i))
        return 0;
    size_t end = i, parts = 0;
    for (;;) {
        size_t l = single_letter(s + end);
        if (!l || s[end + l] != '.')
            break;
        end += l + 1;
        parts++;
    }
    if (parts < 2 || single_letter(s + end) || (s[end] >= '0' && s[end] <= '9'))
        return 0;
    return end - i;
}

/* Writes the abbreviations s[i..i+len) with a non-breaking space between them. */
static void put_solid_abbrev(Buf *out, const char *s, size_t i, size_t len)
{
    for (size_t k = i; k < i + len;) {
        size_t l = single_letter(s + k);
        if (k > i)
            buf_puts(out, NBSP);
        buf_put(out, s + k, l + 1);
        k += l + 1;
    }
}

const char *typo_spacing(Arena *a, Lang lang, const char *s)
{
    return typo_spacing_map(a, lang, s, NULL, 0);
}

const char *typo_spacing_map(Arena *a, Lang lang, const char *s, size_t *offs, size_t n_offs)
{
    Buf out = {0};
    size_t n = strlen(s), done = 0, k = 0;
    for (size_t i = 0; i < n;) {
        /* bytes [done, i) are copied unchanged later: an offset maps linearly */
        while (k < n_offs && offs[k] <= i)
            offs[k++] = out.len + (i - done);
        char c = s[i];
        size_t solid = lang == LANG_DE && s[i + 1] == '.' ? solid_abbrev(s, i) : 0;
        if (solid) {
            buf_put(&out, s + done, i - done);
            put_solid_abbrev(&out, s, i, solid);
            i += solid;
            done = i;
            continue;
        }
        if (c == '.' && s[i + 1] == '.' && s[i + 2] == '.' && s[i + 3] != '.') {
            replace(&out, s, &done, &i, 3, "\xE2\x80\xA6");
            continue;
        }
        if (c == ' ' && i > 0 && s[i - 1] != ' ') {
            /* " - " or " -- " between words */
            if (s[i + 1] == '-') {
                size_t dash = s[i + 2] == '-' && s[i + 3] == ' ' ? 2 : s[i + 2] == ' ' ? 1 : 0;
                if (dash && s[i + dash + 2] != '\0' && s[i + dash + 2] != ' ') {
                    replace(&out, s, &done, &i, dash + 2, NBSP EN_DASH " ");
                    continue;
                }
            }
            /* an en dash the author typed: keep it off the start of a line */
            if (!strncmp(s + i + 1, EN_DASH, 3) && strchr(" ,.;:)", s[i + 4])) {
                replace(&out, s, &done, &i, 1, NBSP);
                continue;
            }
            char p = s[i - 1];
            if (lang == LANG_EN && is_digit((unsigned char)p) && starts_word(s + i + 1, "%")) {
                replace(&out, s, &done, &i, 1, ""); /* English: 60% */
                continue;
            }
            bool after = p == '.' || is_digit((unsigned char)p) || (unsigned char)p == 0xA7;
            if (after && keep_space(s, i)) {
                replace(&out, s, &done, &i, 1, NBSP);
                continue;
            }
        }
        if (c == '%' && lang == LANG_DE && i > 0 && is_digit((unsigned char)s[i - 1])) {
            replace(&out, s, &done, &i, 1, NBSP "%"); /* 25% -> 25 % */
            continue;
        }
        if (c == '-' && s[i + 1] == '-' && i > 0 && is_digit((unsigned char)s[i - 1]) &&
            is_digit((unsigned char)s[i + 2])) {
            replace(&out, s, &done, &i, 2, EN_DASH); /* 2024--2026 */
            continue;
        }
        i++;
    }
    while (k < n_offs)
        offs[k++] = out.len + (n - done);
    const char *res = s;
    if (done > 0) {
        buf_put(&out, s + done, n - done);
        res = arena_strndup(a, out.data, out.len);
    }
    buf_free(&out);
    return res;
}

const char *typo_string(Ctx *c, const char *s)
{
    if (!s)
        return NULL;
    Typo ty;
    typo_init(&ty, c->lang);
    Buf out = {0};
    typo_quotes(&ty, s, strlen(s), &out);
    return typo_spacing(c->a, c->lang, buf_to_arena(&out, c->a));
}
