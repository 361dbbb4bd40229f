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

typedef struct DumpBar {
    const char *label;
    const int *values;      /* one per series */
    size_t n_values;
} DumpBar;

typedef struct DumpElem {
    const char *kind, *id;
    int part;
    int page;               /* 1-based */
    size_t order;           /* position in the document (all pages) */
    double x, y, w, h;
    const char *text, *hash, *src;
    const char *pageless;   /* text hash with page numbers masked (= hash when none) */
    const char *content;    /* hash of what is drawn, "" in version 1 dumps */
    const char *const *series; /* charts: the series (status) names */
    size_t n_series;
    const DumpBar *bars;    /* charts: the bars */
    size_t n_bars;
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
    const char *generator;  /* "imagreport 0.1.0", "" in version 1 dumps */
    const char *template_hash;
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
    CH_CONTENT,       /* same text, other drawing: picture bytes, chart data, styles */
    CH_PARTS,         /* a split element now spans more or fewer pages */
    CH_ROWS,          /* a table gained or lost rows */
    CH_PAGE_MOVE,     /* one element or a run moved to other pages */
    CH_MOVE,          /* one element or a run moved/resized on its page */
    CH_WARN_ADDED,
    CH_WARN_REMOVED,
    CH_PAGENUM,       /* only page numbers changed (references, contents): quiet */
    CH_GENERATOR,     /* made by another imagreport version: a note, not a change */
    CH_TEMPLATE,      /* made with another template file: a note, not a change */
} ChangeKind;

/* Changes that make the layouts differ (the notes do not). */
bool change_counts(ChangeKind k);

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

/* ---- words.c ------------------------------------------------------------ */

/* A word diff of two texts in the style of git --word-diff: changed words as
 * [-old-] and {+new+}, at most `context` unchanged words around each change,
 * "…" for the rest. Returned in the arena. */
const char *word_diff(const char *old, const char *new, int context, Arena *a);

/* What changed in a table row: its cells (split at " | ") side by side; for
 * each changed cell "Column: old → new", the column named by header (the
 * table's header row text, or NULL: the row's first cell when that is
 * unchanged, else "column N"). NULL when the cells cannot be paired. */
const char *row_diff(const char *old, const char *new, const char *header, Arena *a);

/* What changed in a chart: "bar 'Handlungsfeld 3': in Umsetzung 2 → 3 (total 6 → 7)",
 * bars added or removed; NULL when the data are equal. */
const char *chart_diff(const DumpElem *old, const DumpElem *new, Arena *a);

/* ---- report.c ----------------------------------------------------------- */

typedef struct ReportOptions {
    double tolerance;
    bool hide_pagenum;      /* leave page-number-only changes out */
} ReportOptions;

/* The one-line description of a change, in the arena ("text changed: …"). */
const char *change_line(const Change *c, const Dump *old, const Dump *new, double tol, Arena *a);
/* Changes that make the layouts differ and are shown under o. */
size_t count_changes(const ChangeList *cl, bool hide_pagenum);
void report_text(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                 Arena *a, FILE *out);
void report_json(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                 Arena *a, FILE *out);

/* ---- html.c ------------------------------------------------------------- */

/* The visual report: one self-contained HTML page, appended to b. */
void report_html(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                 Arena *a, struct Buf *b);

/* ---- ci.c --------------------------------------------------------------- */

/* GitHub Actions workflow commands: one ::warning (::notice for notes and
 * page numbers) per change, at the element's source position. */
void report_github(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                   Arena *a, FILE *out);
/* A JUnit XML test report: one test case per page of the new layout (and one
 * for the document), failed with the page's changes. */
void report_junit(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                  Arena *a, FILE *out);

#endif
