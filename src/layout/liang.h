/* liang.h — Liang's hyphenation patterns in a trie (internal to layout).
 *
 * Reads TeX's pattern files (\patterns{} and \hyphenation{} blocks, as in
 * hyphen.tex and dehyph-exptl; hyph-utf8's bare .pat.txt) and libhyphen's
 * dictionaries (a charset line, keyword lines, patterns, an optional
 * NEXTLEVEL section). The trie with its fallback links is an Aho–Corasick
 * automaton: built in milliseconds, it matches a word in one step per
 * letter. Exceptions become patterns that outrank all others.
 * Non-standard libhyphen patterns ("ck/k=k") are skipped. */
#ifndef IMR_LIANG_H
#define IMR_LIANG_H

#include <stddef.h>
#include <stdint.h>

typedef struct LiangDict LiangDict;

/* NULL on failure, with the reason in err. */
LiangDict *liang_load(const char *path, char *err, size_t errlen);
void liang_free(LiangDict *d);

/* word: n lower-case code points. Sets points[i] = 1 when a hyphen may follow
 * letter i (0 <= i < n - 1), else 0; points has room for n entries. With a
 * NEXTLEVEL section, the first level finds compound boundaries (with the
 * dictionary's COMPOUND minimums) and the second level hyphenates each part.
 * left_min/right_min: letters that must stay before/after any break. */
void liang_hyphenate(const LiangDict *d, const uint32_t *word, size_t n, int left_min,
                     int right_min, unsigned char *points);

#endif
