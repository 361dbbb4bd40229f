/* arena.h — bump allocator for build-lifetime memory.
 *
 * Everything a build creates (model, document tree, layout) lives in one arena
 * and is released at once with arena_free(). Allocation never returns NULL:
 * on exhaustion of the system's memory the process exits with a message. */
#ifndef IMR_ARENA_H
#define IMR_ARENA_H

#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
void arena_free(Arena *a);

/* Zeroed memory, aligned for any type. */
void *arena_alloc(Arena *a, size_t size);
/* Zeroed array of n elements of size sz (overflow-checked). */
void *arena_calloc(Arena *a, size_t n, size_t sz);
char *arena_strdup(Arena *a, const char *s);
/* A copy of size bytes at p, aligned for any type. */
void *arena_dup(Arena *a, const void *p, size_t size);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for benchmarks). */
size_t arena_used(const Arena *a);

/* Grows the allocation p of old bytes to size bytes (zeroed beyond old) and
 * returns it: in place when p is the arena's last allocation, else a copy
 * (the old block is then not reused before the arena is released). For
 * vectors that double. p == NULL: arena_alloc(a, size). */
void *arena_realloc(Arena *a, void *p, size_t old, size_t size);
/* Makes room for `need` elements of `elem` bytes in the arena array p of
 * capacity *cap (in elements): when it is too small, doubles *cap (from 16)
 * until it suffices and grows p with arena_realloc(). Returns the array. */
void *arena_grow(Arena *a, void *p, size_t *cap, size_t need, size_t elem);

/* A point to go back to: arena_release() frees everything allocated after
 * arena_mark() (and keeps the memory for reuse by the same arena). Marks
 * nest like a stack; releasing to a mark invalidates the later ones. */
typedef struct ArenaMark {
    void *chunk;
    size_t used, total, n_large;
} ArenaMark;

ArenaMark arena_mark(Arena *a);
void arena_release(Arena *a, ArenaMark m);

#endif
