/* liang.h — Liang's hyphenation patterns in a trie (internal to layout).
 *
 * Reads the pattern dictionaries of libhyphen's format (the files of Debian's
 * hyphen-de and hyphen-en-us: a charset line, keyword lines, patterns, and an
 * optional NEXTLEVEL section). libhyphen's own loader needs seconds of CPU
 * for the German file (78,000 patterns through a string hash); this trie is
 * built in milliseconds and matches a word in time linear in its length
 * times the pattern depth. Non-standard patterns ("ck/k=k") are skipped. */
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
