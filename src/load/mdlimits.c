/* mdlimits.c — shapes of Markdown that cmark-gfm 0.29.0.gfm.6 (Debian's)
 * parses in more than linear time or memory, refused before parsing.
 *
 * Measured with the inputs of cmark-gfm's pathological tests and the
 * 2023 advisories (CVE-2023-22483 … 22486, CVE-2023-37463), see README:
 *   - a table's cells are its rows times the columns of its delimiter row:
 *     60 KB of "x" rows under a 10 000-column header took 120 s and 23 GB;
 *   - pictures holding links ("![[]()" repeated): cubic (40 KB: 29 s);
 *   - a web address followed by many ")": quadratic (80 KB: 2.3 s);
 *   - container prefixes ("- - - …", "> > > …", deep indentation) with many
 *     lines after them: depth times lines.
 * Each limit is far above what a report needs; every shape is linear under
 * it. One pass over the text, no allocation. */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

/* A line: [s, e) without its line end. */
typedef struct MdLine {
    const char *s, *e;
    int no; /* 1-based */
} MdLine;

typedef struct Scan {
    Loader *L;
    const Markdown *md;
    bool failed;
    bool reported_prefix, reported_parens; /* once per text: they may be on every line */
} Scan;

static void scan_error(Scan *sc, const MdLine *ln, const char *at, const char *fmt, ...)
{
    SrcPos pos = md_pos(sc->md, ln->no, (int)(at - ln->s) + 1);
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, _(fmt), ap);
    va_end(ap);
    diag_error(sc->L->diags, pos, "%s", msg);
    sc->failed = true;
}

/* Space as cmark-gfm's table rows see it. */
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static bool blank_line(const MdLine *ln)
{
    for (const char *p = ln->s; p < ln->e; p++)
        if (!is_space(*p))
            return false;
    return true;
}

/* Columns of a table delimiter row ("| :-- | --: |"), or 0 when it is none. */
static size_t delimiter_columns(const MdLine *ln)
{
    size_t cells = 0;
    bool dash = false, open = false;
    const char *p = ln->s;
    while (p < ln->e && is_space(*p))
        p++;
    for (; p < ln->e; p++) {
        if (*p == '|') {
            if (open)
                cells++;
            open = false;
        } else if (*p == '-' || *p == ':') {
            dash = dash || *p == '-';
            open = true;
        } else if (!is_space(*p)) {
            return 0;
        }
    }
    if (open)
        cells++;
    /* cmark-gfm takes a single "-" under a line as a table of one column too */
    return dash ? cells : 0;
}

/* Columns of list and quote markers and indentation before a line's text;
 * *deep is set to the (LOAD_MAX_MD_DEPTH + 1)-th marker when there are more. */
static size_t container_prefix(const MdLine *ln, const char **deep)
{
    const char *p = ln->s;
    int markers = 0;
    *deep = NULL;
    for (;;) {
        const char *m = p;
        if (p < ln->e && (*p == ' ' || *p == '\t')) {
            p++;
            continue;
        }
        if (p < ln->e && *p == '>') {
            p++;
        } else if (p + 1 < ln->e && (*p == '-' || *p == '*' || *p == '+') && p[1] == ' ') {
            p += 2;
        } else {
            const char *q = p;
            while (q < ln->e && q - p < 9 && *q >= '0' && *q <= '9')
                q++;
            if (q > p && q + 1 < ln->e && (*q == '.' || *q == ')') && q[1] == ' ')
                p = q + 2;
            else
                return (size_t)(p - ln->s);
        }
        if (++markers == LOAD_MAX_MD_DEPTH + 1)
            *deep = m;
    }
}

/* A run of text without spaces that an autolink can start ("www.", "://")
 * and the ")" in it; reports the first run with too many. */
static void autolink_parens(Scan *sc, const MdLine *ln)
{
    const char *w = ln->s;
    while (w < ln->e && !sc->reported_parens) {
        while (w < ln->e && (*w == ' ' || *w == '\t'))
            w++;
        const char *x = w;
        size_t parens = 0;
        bool link = false;
        for (; x < ln->e && *x != ' ' && *x != '\t'; x++) {
            parens += *x == ')';
            if (!link && x + 3 < ln->e && (!memcmp(x, "www.", 4) || !memcmp(x, "://", 3)))
                link = true;
        }
        if (link && parens > LOAD_MAX_MD_URL_PARENS) {
            sc->reported_parens = true;
            scan_error(sc, ln, w, "a web address may hold at most %d ')'", LOAD_MAX_MD_URL_PARENS);
        }
        w = x;
    }
}

typedef struct Para {
    size_t table_cols, table_rows;   /* inside a table: its columns and rows so far */
    const char *table_at;            /* its delimiter row */
    MdLine table_line;
    size_t pictures;                 /* "![" in the paragraph so far */
    bool reported_pictures, reported_table;
} Para;

static void scan_line(Scan *sc, Para *b, const MdLine *ln)
{
    if (blank_line(ln)) {
        *b = (Para){0};
        return;
    }
    const char *deep;
    size_t prefix = container_prefix(ln, &deep);
    if (deep || prefix > LOAD_MAX_MD_PREFIX) {
        if (sc->reported_prefix)
            return;
        sc->reported_prefix = true;
        if (deep) /* as the parsed tree would say it, without parsing it */
            scan_error(sc, ln, deep, "%s nested too deep (more than %d levels)",
                       _("lists and block quotes"), LOAD_MAX_MD_DEPTH);
        else
            scan_error(sc, ln, ln->s,
                       "more than %d columns of indentation and list or quote markers before "
                       "the text (lists and quotes nest at most 32 levels)",
                       LOAD_MAX_MD_PREFIX);
        return;
    }
    if (!sc->reported_parens)
        autolink_parens(sc, ln);
    for (const char *p = ln->s; p + 1 < ln->e; p++)
        if (p[0] == '!' && p[1] == '[' && ++b->pictures > LOAD_MAX_MD_PICTURES &&
            !b->reported_pictures) {
            b->reported_pictures = true;
            scan_error(sc, ln, p, "a paragraph may hold at most %d pictures", LOAD_MAX_MD_PICTURES);
        }
    size_t cols = delimiter_columns(ln);
    if (cols && !b->table_cols) {
        b->table_cols = cols;
        b->table_rows = 0;
        b->table_at = ln->s;
        b->table_line = *ln;
        if (cols > LOAD_MAX_MD_TABLE_COLUMNS) {
            b->reported_table = true;
            scan_error(sc, ln, ln->s, "a table may have at most %d columns",
                       LOAD_MAX_MD_TABLE_COLUMNS);
        }
    } else if (b->table_cols && ++b->table_rows * b->table_cols > LOAD_MAX_MD_TABLE_CELLS &&
               !b->reported_table) {
        b->reported_table = true;
        scan_error(sc, &b->table_line, b->table_at, "a table may have at most %d cells (rows times columns)",
                   LOAD_MAX_MD_TABLE_CELLS);
    }
}

bool md_within_limits(Loader *L, const Markdown *md)
{
    Scan sc = {L, md, false, false, false};
    Para b = {0};
    const char *t = md->text, *end = md->text + md->text_len;
    MdLine ln = {t, t, 1};
    while (ln.s <= end) {
        const char *e = ln.s;
        while (e < end && *e != '\n' && *e != '\r')
            e++;
        ln.e = e;
        scan_line(&sc, &b, &ln);
        if (e >= end)
            break;
        ln.s = e + (e[0] == '\r' && e + 1 < end && e[1] == '\n' ? 2 : 1);
        ln.no++;
    }
    return !sc.failed;
}
