/* diag.h — diagnostics: every problem of a run, with its position.
 *
 * Stages add errors and warnings as they find them and carry on; main prints
 * them all at the end, sorted by file and position:
 *   FILE:LINE:COL: error: MESSAGE */
#ifndef IMR_DIAG_H
#define IMR_DIAG_H

#include <stdio.h>

#include "types.h"

typedef enum DiagLevel { DIAG_ERROR, DIAG_WARNING } DiagLevel;

typedef struct Diag {
    DiagLevel level;
    SrcPos pos;
    char *msg; /* malloc-owned */
    unsigned seq; /* insertion order, to keep sorting stable */
} Diag;

typedef struct Diags {
    Diag *items;
    size_t len, cap;
    int errors, warnings;
} Diags;

void diag_add(Diags *d, DiagLevel level, SrcPos pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define diag_error(d, pos, ...) diag_add((d), DIAG_ERROR, (pos), __VA_ARGS__)
#define diag_warning(d, pos, ...) diag_add((d), DIAG_WARNING, (pos), __VA_ARGS__)

/* Sorts by file, line, column (stable), drops exact duplicates, prints all. */
void diags_print(Diags *d, FILE *out);
void diags_free(Diags *d);

#endif
