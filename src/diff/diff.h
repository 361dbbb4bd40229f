/* diff.h — semantic comparison of two layout dumps (imagreport diff). */
#ifndef IMR_DIFF_H
#define IMR_DIFF_H

#include <stdbool.h>
#include <stdio.h>

/* Largest layout dump diff reads (bytes). A dump takes about nine times its
 * size in memory; the dump of 5000 measures with a page of text each is 23 MB. */
#define DIFF_MAX_DUMP (64u * 1024 * 1024)

struct Buf;

typedef enum DiffFormat { DIFF_TEXT, DIFF_JSON, DIFF_GITHUB, DIFF_JUNIT } DiffFormat;

/* When diff exits with 1: any change (default), only when the new layout
 * has layout warnings the old one had not, or never. */
typedef enum DiffFailOn { FAIL_ON_CHANGE, FAIL_ON_WARNING, FAIL_ON_NEVER } DiffFailOn;

typedef struct DiffOptions {
    float tolerance;       /* position/size changes up to this many pt are ignored (default 0.5) */
    DiffFormat format;
    bool hide_pagenum;     /* leave out changes of page numbers only (references, contents) */
    DiffFailOn fail_on;
    struct Buf *html;      /* when set, the visual report (HTML) is appended to it */
} DiffOptions;

/* Compares the dumps at old_path and new_path and prints the differences to
 * out. Returns 0 when equal within tolerance (or nothing to fail on), 1 when
 * changed, 2 on error (message on err). */
int diff_layouts(const char *old_path, const char *new_path, const DiffOptions *opt, FILE *out,
                 FILE *err);

#endif
