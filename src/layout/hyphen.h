/* hyphen.h — hyphenation with TeX's patterns from Debian's TeX Live packages (internal to layout). */
#ifndef IMR_HYPHEN_H
#define IMR_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/types.h"

typedef struct Hyphenator Hyphenator;

/* Loads TeX's patterns for lang from the installed TeX Live packages: German
 * dehyph-exptl (texlive-lang-german; hyph-de-1996 when it is missing),
 * English hyphen.tex (texlive-base). NULL when none is installed (then
 * nothing is hyphenated). */
Hyphenator *hyph_load(Lang lang);
/* The same with the patterns folder root in place of Debian's
 * /usr/share/texlive/texmf-dist/tex/generic (root NULL: Debian's). */
Hyphenator *hyph_load_from(const char *root, Lang lang);
/* The Debian package that ships lang's patterns, for the error message. */
const char *hyph_package(Lang lang);
/* The pattern file h was read from. */
const char *hyph_path(const Hyphenator *h);
/* The glob patterns hyph_load tries, in order, NULL-terminated. */
const char *const *hyph_sources(Lang lang);
/* Patterns from one file: TeX's format (\patterns{}, \hyphenation{}),
 * hyph-utf8's .pat.txt, or libhyphen's .dic (for comparisons). */
Hyphenator *hyph_load_file(const char *path, Lang lang);
void hyph_free(Hyphenator *h);

enum { HYPH_BREAK = 1, HYPH_SEAM = 2 };

/* For the UTF-8 word w[0..len): sets points[i] = HYPH_BREAK where a hyphen
 * may be inserted after byte i (i is the last byte of a character), or
 * HYPH_SEAM where that break is also the seam of a German compound
 * ("Verwaltungs-vorschrift": a better place to break), else 0. At least
 * 2 characters stay before and 3 after a break (German rule: 2/2), words of
 * fewer than 5 letters and words with digits are not hyphenated. Words that
 * contain '-' already break after it (no points are returned for them).
 * Returns the number of points. Results are memoised in the Hyphenator, so
 * one Hyphenator must not be used by two threads at once. */
int hyph_points(const Hyphenator *h, const char *w, size_t len, unsigned char *points);

/* The letters a hyphenated word is made of: ASCII, Latin-1 and Latin Extended
 * A/B (without × and ÷), and capital sharp s. Per character, hence inline. */
static inline bool hyph_is_letter(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    if (c >= 0xC0 && c <= 0x24F)
        return c != 0xD7 && c != 0xF7;
    return c == 0x1E9E;
}

#endif
