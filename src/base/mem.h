/* mem.h — heap memory that never fails: when the system's memory is
 * exhausted, "imagreport: out of memory" goes to stderr and the process exits
 * with status 4 (as the arena does). For what outlives no build or is freed
 * early (work arrays, vectors of the diff); build-lifetime data goes in the
 * arena. */
#ifndef IMR_MEM_H
#define IMR_MEM_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
/* Zeroed array of n elements of size sz (overflow-checked). */
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t size);

/* Makes room for `need` elements of `elem` bytes in the heap array p of
 * capacity *cap (in elements): when it is too small, doubles *cap (from 16)
 * until it suffices and reallocates. Returns the array. */
void *mem_grow(void *p, size_t *cap, size_t need, size_t elem);

/* printf into a new malloc'd string (the caller frees it). */
char *xvprintf(const char *fmt, va_list ap);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
