#include "buf.h"
#include "mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(Buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_put(Buf *b, const void *p, size_t n)
{
    grow(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

void buf_putc(Buf *b, char c)
{
    buf_put(b, &c, 1);
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void buf_fixed(Buf *b, long long v, int decimals)
{
    char tmp[32];
    char *p = tmp + sizeof tmp; /* written backwards */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    int d = decimals;
    while (d > 0 && u % 10 == 0) { /* trailing zeros of the fraction */
        u /= 10;
        d--;
    }
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
        if (--d == 0)
            *--p = '.';
    } while (u > 0 || d >= 0);
    if (*p == '.')
        *--p = '0';
    if (v < 0)
        *--p = '-';
    buf_put(b, p, (size_t)(tmp + sizeof tmp - p));
}

void buf_free(Buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *buf_to_arena(Buf *b, Arena *a)
{
    char *s = arena_strndup(a, b->data ? b->data : "", b->len);
    buf_free(b);
    return s;
}
