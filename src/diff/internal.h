/* internal.h — the pieces of imagreport diff: a small JSON parser, the dump
 * model read from it, the matcher that turns two dumps into changes, and the
 * printers. Only src/diff/ and its unit tests include this. */
#ifndef IMR_DIFF_INTERNAL_H
#define IMR_DIFF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../base/arena.h"
#include "diff.h"

/* ---- json.c ------------------------------------------------------------- */

typedef enum JsonType { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } JsonType;

typedef struct JsonValue JsonValue;

typedef struct JsonMember {
    const char *key;
    JsonValue *value;
} JsonMember;

struct JsonValue {
    JsonType type;
    int line;               /* where the value starts (1-based) */
    size_t offset;          /* byte offset of its start in the text */
    bool boolean;
    double number;
    const char *str;        /* STRING: UTF-8, NUL-terminated (no NUL inside) */
    size_t len;
    JsonValue **items;      /* ARRAY */
    JsonMember *members;    /* OBJECT, in file order */
    size_t n;               /* items or members */
};

/* Parses exactly one JSON value (RFC 8259, UTF-8) from text[0..len). On error
 * returns NULL, sets *line and *col and writes the reason into err. */
JsonValue *json_parse(const char *text, size_t len, Arena *a, char *err, size_t errlen, int *line,
                      int *col);
/* The 1-based column (in code points) of a byte offset in text. */
int json_column(const char *text, size_t offset);
/* The member `key` of an object, or NULL. */
const JsonValue *json_get(const JsonValue *obj, const char *key);

/* ---- model.c ------------------------------------------------------------ */

typedef struct DumpElem {
    const char *kind, *id;
    int part;
    int page;               /* 1-based */
    size_t order;           /* position in the document (all pages) */
    double x, y, w, h;
    const char *text, *hash, *src;
    struct DumpElem *match; /* set by the matcher */
    bool done;              /* matcher: accounted for */
} DumpElem;

typedef struct DumpPage {
    int number;
    const char *label;
    double width, height;
} DumpPage;

typedef struct DumpWarn {
    const char *kind, *src, *message;
    int page;
    bool matched;
} DumpWarn;

typedef struct Dump {
    const char *path;
    DumpPage *pages;
    size_t n_pages;
    DumpElem *elems;        /* in document order */
    size_t n_elems;
    DumpWarn *warns;
    size_t n_warns;
} Dump;

/* Reads a layout dump from text; path is only for messages. On error returns
 * -1 with the complete message ("PATH:LINE:COL: error: …") in err. */
int dump_parse(const char *text, size_t len, const char *path, Arena *a, Dump *out, char *err,
               size_t errlen);
/* The same from a file. */
int dump_load(const char *path, Arena *a, Dump *out, char *err, size_t errlen);

/* ---- match.c ------------------------------------------------------------ */

typedef enum ChangeKind {
    CH_PAGE_COUNT,    /* the number of pages changed */
    CH_PAGE_SIZE,     /* a page's size changed */
    CH_REMOVED,       /* one element, or a run of `count` (first..last) */
    CH_ADDED,
    CH_TEXT,          /* text changed (maybe also moved) */
    CH_PARTS,         /* a split element now spans more or fewer pages */
    CH_ROWS,          /* a table gained or lost rows */
    CH_PAGE_MOVE,     /* one element or a run moved to other pages */
    CH_MOVE,          /* one element or a run moved/resized on its page */
    CH_WARN_ADDED,
    CH_WARN_REMOVED,
} ChangeKind;

typedef struct Change {
    ChangeKind kind;
    int page;               /* the page it is listed under (0: the document) */
    size_t order;           /* document order, to keep the listing stable */
    const DumpElem *old, *new;            /* the element, or a run's first */
    const DumpElem *old_last, *new_last;  /* a run's last (NULL for one) */
    size_t count;           /* elements in a run (1 for one) */
    size_t old_parts, new_parts;          /* CH_PARTS: pages the element spans */
    int old_lo, old_hi, new_lo, new_hi;   /* page ranges (runs, parts); counts (page count) */
    const char *table;      /* CH_ROWS */
    const char **rows_added, **rows_removed;
    size_t n_added, n_removed;
    const DumpWarn *warn, *warn_last;     /* CH_WARN_*: the first (and last of a group) */
    const DumpPage *old_page, *new_page;  /* CH_PAGE_SIZE */
} Change;

typedef struct ChangeList {
    Change *items;
    size_t n;
} ChangeList;

/* Compares two dumps: matches elements by (kind, id, part), summarises runs,
 * and returns the changes sorted by page, most important first. */
ChangeList diff_dumps(Dump *old, Dump *new, double tolerance, Arena *a);

/* ---- report.c ----------------------------------------------------------- */

void report_text(const ChangeList *cl, const Dump *old, const Dump *new, double tolerance, FILE *out);
void report_json(const ChangeList *cl, FILE *out);

#endif
