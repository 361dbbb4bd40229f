#include "arena.h"
#include "mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (64 * 1024)
#define ARENA_LARGE (ARENA_CHUNK / 4) /* bigger requests get a block of their own */

typedef struct Chunk {
    struct Chunk *next;
    size_t size, used;
    max_align_t data[];
} Chunk;

/* Standard chunks (ARENA_CHUNK bytes) form the `head` list, newest first;
 * chunks released by arena_release() wait in `spare` for reuse. Large
 * requests get a chunk of their own in the `large` list (newest first), so
 * that a mark is the newest chunk, its fill and the number of large ones.
 * `floor` and `floor_used` are the latest mark's chunk and fill: memory
 * below it may not grow in place (a release would cut it off). */
struct Arena {
    Chunk *head, *large, *spare;
    size_t total, n_large;
    Chunk *floor;
    size_t floor_used;
};


Arena *arena_new(void)
{
    Arena *a = xmalloc(sizeof *a);
    a->head = a->large = a->spare = a->floor = NULL;
    a->total = a->n_large = a->floor_used = 0;
    return a;
}

static void free_list(Chunk *c)
{
    while (c) {
        Chunk *next = c->next;
        free(c);
        c = next;
    }
}

void arena_free(Arena *a)
{
    if (!a)
        return;
    free_list(a->head);
    free_list(a->large);
    free_list(a->spare);
    free(a);
}

static Chunk *new_chunk(size_t cap)
{
    Chunk *n = xmalloc(sizeof *n + cap);
    n->size = cap;
    n->used = 0;
    return n;
}

/* Uninitialised memory at an offset that is a multiple of `align` (a power
 * of two, at most _Alignof(max_align_t)). Strings take align 1, so that they
 * are packed; everything else the alignment for any type. */
static void *take(Arena *a, size_t size, size_t align)
{
    if (size > SIZE_MAX / 2) {
        fputs("imagreport: allocation too large\n", stderr);
        exit(4);
    }
    if (size == 0)
        size = 1;
    Chunk *c;
    size_t at;
    if (size > ARENA_LARGE) {
        c = new_chunk(size);
        c->next = a->large;
        a->large = c;
        a->n_large++;
        at = 0;
    } else {
        c = a->head;
        at = c ? (c->used + align - 1) & ~(align - 1) : 0;
        if (!c || at > c->size || c->size - at < size) {
            if (a->spare) {
                c = a->spare;
                a->spare = c->next;
            } else {
                c = new_chunk(ARENA_CHUNK);
            }
            c->used = 0;
            c->next = a->head;
            a->head = c;
            at = 0;
        }
    }
    c->used = at + size;
    a->total += size;
    return (char *)c->data + at;
}

void *arena_alloc(Arena *a, size_t size)
{
    void *p = take(a, size, _Alignof(max_align_t));
    memset(p, 0, size ? size : 1);
    return p;
}

void *arena_dup(Arena *a, const void *p, size_t size)
{
    void *q = take(a, size, _Alignof(max_align_t));
    if (size)
        memcpy(q, p, size);
    return q;
}

void *arena_realloc(Arena *a, void *p, size_t old, size_t size)
{
    if (!p)
        return arena_alloc(a, size);
    if (size <= old)
        return p;
    Chunk *c = a->head;
    if (c && (char *)p >= (char *)c->data && (char *)p + old == (char *)c->data + c->used &&
        c->size - c->used >= size - old &&
        (c != a->floor || (size_t)((char *)p - (char *)c->data) >= a->floor_used)) {
        /* The last allocation of the newest chunk, above the latest mark. */
        memset((char *)p + old, 0, size - old);
        c->used += size - old;
        a->total += size - old;
        return p;
    }
    Chunk *l = a->large;
    if (l && p == (void *)l->data && old == l->size) {
        /* The newest large block: the C library may grow it in place. */
        Chunk *n = xrealloc(l, sizeof *n + size);
        n->size = size;
        memset((char *)n->data + old, 0, size - old);
        a->large = n;
        a->total += size - old;
        return n->data;
    }
    void *q = arena_alloc(a, size);
    memcpy(q, p, old);
    return q;
}

void *arena_grow(Arena *a, void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem) {
            fputs("imagreport: allocation too large\n", stderr);
            exit(4);
        }
        c *= 2;
    }
    p = arena_realloc(a, p, *cap * elem, c * elem);
    *cap = c;
    return p;
}

ArenaMark arena_mark(Arena *a)
{
    a->floor = a->head;
    a->floor_used = a->head ? a->head->used : 0;
    return (ArenaMark){a->head, a->floor_used, a->total, a->n_large};
}

void arena_release(Arena *a, ArenaMark m)
{
    while (a->head && a->head != m.chunk) {
        Chunk *c = a->head;
        a->head = c->next;
        c->next = a->spare;
        a->spare = c;
    }
    if (a->head)
        a->head->used = m.used;
    while (a->n_large > m.n_large) {
        Chunk *c = a->large;
        a->large = c->next;
        a->n_large--;
        free(c);
    }
    a->total = m.total;
    /* Still the floor: what lies below this mark must not grow in place. */
    a->floor = m.chunk;
    a->floor_used = m.used;
}

void *arena_calloc(Arena *a, size_t n, size_t sz)
{
    if (sz && n > SIZE_MAX / sz) {
        fputs("imagreport: allocation too large\n", stderr);
        exit(4);
    }
    return arena_alloc(a, n * sz);
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = take(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = take(a, (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t arena_used(const Arena *a)
{
    return a->total;
}
