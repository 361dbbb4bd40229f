/* diag.h — diagnostics: every problem of a run, with its position.
 *
 * Stages add errors and warnings as they find them and carry on; main prints
 * them all at the end, sorted by file and position:
 *   FILE:LINE:COL: error: MESSAGE
 *   FILE:LINE:COL: note: HINT          (when the diagnostic has a hint)
 * Formats are English; diag_add() and diag_note() translate them (i18n.h). */
#ifndef IMR_DIAG_H
#define IMR_DIAG_H

#include <stdio.h>

#include "types.h"

typedef enum DiagLevel { DIAG_ERROR, DIAG_WARNING } DiagLevel;

typedef struct Diag {
    DiagLevel level;
    SrcPos pos;
    char *msg;    /* malloc-owned */
    char *note;   /* a hint, or NULL; malloc-owned */
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

/* Attaches a hint to the diagnostic added last (printed as a `note:` line). */
void diag_note(Diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --strict: every warning becomes an error. */
void diags_promote_warnings(Diags *d);

typedef enum DiagFormat {
    DIAG_TEXT,   /* one line per diagnostic (and per note) */
    DIAG_JSON,   /* a JSON array, one object per line */
    DIAG_GITHUB, /* GitHub Actions workflow commands (::error file=…) */
} DiagFormat;

typedef struct DiagStyle {
    DiagFormat format;
    bool context; /* text: the source line and a caret under the column, and a summary */
    bool color;   /* text: ANSI colours */
} DiagStyle;

/* Sorts by file, line, column (stable), drops exact duplicates, prints all
 * in the given style (NULL: plain text). */
void diags_emit(Diags *d, FILE *out, const DiagStyle *style);
void diags_print(Diags *d, FILE *out);
void diags_free(Diags *d);

#endif
