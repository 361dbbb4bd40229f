/* buf.h — growable byte buffer (malloc-owned; the owner calls buf_free). */
#ifndef IMR_BUF_H
#define IMR_BUF_H

#include <stddef.h>

#include "arena.h"

typedef struct Buf {
    char *data; /* always NUL-terminated once anything was written */
    size_t len, cap;
} Buf;

void buf_put(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends v / 10^decimals with at most `decimals` digits after the point,
 * trailing zeros dropped ("12", "12.5", "-0.25"); v is the value already
 * scaled and rounded; decimals 0..9. Integer arithmetic only: independent of
 * the locale. */
void buf_fixed(Buf *b, long long v, int decimals);
void buf_free(Buf *b);
/* The text of b copied into the arena ("" when nothing was written); frees b. */
char *buf_to_arena(Buf *b, Arena *a);

#endif
