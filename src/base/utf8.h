/* utf8.h — UTF-8 decoding helpers. */
#ifndef IMR_UTF8_H
#define IMR_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (n bytes available). Returns the number of bytes
 * consumed (1..4) and stores the code point in *cp; on an invalid or truncated
 * sequence returns 0 (and *cp = 0xFFFD). Overlongs and surrogates are invalid. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* The next character of s (n > 0 bytes available) for a walk that never
 * stops: as utf8_decode(), but an invalid byte counts as one character,
 * U+FFFD. Returns 1..4. Inline with an ASCII fast path: used per glyph. */
static inline size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t k = utf8_decode(s, n, cp);
    return k ? k : 1;
}
/* Writes cp as UTF-8 into out (room for 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Offset of the first invalid byte, or (size_t)-1 when s is valid UTF-8. */
size_t utf8_find_invalid(const char *s, size_t n);
/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t utf8_count(const char *s, size_t n);
/* Bytes of the first `chars` characters of the NUL-terminated s (invalid
 * bytes count one each): the length of an excerpt that cuts no character. */
size_t utf8_prefix(const char *s, size_t chars);

#endif
