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
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for benchmarks). */
size_t arena_used(const Arena *a);

#endif
