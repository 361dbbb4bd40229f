/* internal.h — shared by the files of the compose stage only.
 *
 *   compose.c   the document: cover, imprint, contents, then the parts
 *   markdown.c  cmark AST -> blocks and runs
 *   measures.c  the generated measures part
 *   overview.c  the generated status overview and list of abbreviations
 *   changes.c   the comparison with the previous report: the changes part, marks
 *   typo.c      typography: quotes, non-breaking spaces, dashes
 *   format.c    labels, numbers, money, percentages, dates, periods
 *   tree.c      growable vectors and block/run/table constructors */
#ifndef IMR_COMPOSE_INTERNAL_H
#define IMR_COMPOSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "compose.h"

/* ---------- composition context (one per compose_document call) ---------- */

typedef struct Ctx {
    const Report *r;
    const Template *t;
    Lang lang;
    Arena *a;
    Diags *diags;
    int h1, h2, h3;      /* heading counters, across the whole report */
    bool unnumbered;     /* inside a front-matter chapter (Vorwort, …) */
    int n_tables;        /* captioned tables so far */
    int n_figures;       /* images and charts so far */
    int n_notes;         /* footnotes so far (numbered through the report) */
    const char **ministry_full; /* "Name (ID)" per ministry, made on first use */
    /* shared by every measure (the tree is immutable): made on first use */
    TableCell key_cells[LBL_COUNT];  /* key column of the facts tables */
    const TableRow *indicator_header;
} Ctx;

/* Ends the argument lists of cat() and label_fill(). */
#define STR_END ((const char *)NULL)

/* Concatenation of the strings up to STR_END, in the arena. */
char *cat(Ctx *c, const char *s, ...);

/* ---------- growable vectors (malloc while growing, arena when finished) ---------- */

typedef struct RunVec {
    Run *v;
    size_t n, cap;
} RunVec;

typedef struct BlockVec {
    const Block **v;
    size_t n, cap;
} BlockVec;

void runs_push(RunVec *rv, Run r);
/* Copies the runs into the arena and frees the vector. */
Inlines runs_finish(Ctx *c, RunVec *rv);
void blocks_push(BlockVec *bv, const Block *b);
const Block *const *blocks_finish(Ctx *c, BlockVec *bv, size_t *n);

/* ---------- constructors ---------- */

Block *blk_new(Ctx *c, BlockKind kind, StyleRole style, SrcPos pos);
Run run_text(const char *text, unsigned font, SrcPos pos);
/* One text run (NULL text: empty inlines). */
Inlines inl_text(Ctx *c, const char *text, unsigned font, SrcPos pos);
Block *para_text(Ctx *c, const char *text, unsigned font, StyleRole style, SrcPos pos);
Block *para_inl(Ctx *c, Inlines inl, StyleRole style, SrcPos pos);
/* "Tabelle N: text" / "Abbildung N: text" ("Abbildung N" without a text), counting. */
Inlines caption_table(Ctx *c, const char *text, SrcPos pos);
Inlines caption_figure(Ctx *c, const char *text, SrcPos pos);
Block *heading_new(Ctx *c, int level, const char *number, Inlines inl, SrcPos pos);
/* A numbered level-1 chapter heading of a generated part (counts). */
Block *chapter_heading(Ctx *c, const char *title, const char *slug, SrcPos pos);
/* A minor (level 4, unnumbered, not in the contents) heading. */
Block *minor_heading(Ctx *c, const char *text, SrcPos pos);

/* Tables: cells hold blocks; rows are collected in a vector. */
TableCell cell_blocks(Ctx *c, const Block *b);
TableCell cell_text(Ctx *c, const char *text, unsigned font, StyleRole style, SrcPos pos);
/* A status: a small square in the status colour before the label, which is
 * set in the text colour (coloured text on white reads badly for yellow). */
TableCell cell_status(Ctx *c, const char *text, Color color, SrcPos pos);
TableCell cell_progress(Ctx *c, int percent, Color color, SrcPos pos);

typedef struct RowVec {
    TableRow *v;
    size_t n, cap;
} RowVec;
void rows_push(RowVec *rv, TableRow r);
Table *table_new(Ctx *c, const char *id, TableStyle style, const TableColumn *cols, size_t n_cols);
/* Moves the rows into the arena and frees the vector. */
void table_set_rows(Ctx *c, Table *t, RowVec *rv);
/* A header row of plain labels. */
const TableRow *header_row(Ctx *c, const char *const *labels, size_t n, SrcPos pos);
Block *table_block(Ctx *c, Table *t, SrcPos pos);

/* ---------- typography (typo.c) ---------- */

/* Quote state carried across the inline nodes of one paragraph. */
typedef struct Typo {
    Lang lang;
    uint32_t prev;   /* last code point of the text so far, 0 at the start */
    int dq, sq;      /* open double and single quotes */
} Typo;

void typo_init(Typo *ty, Lang lang);
/* Appends s[0..n) to out with straight quotes and apostrophes made typographic. */
void typo_quotes(Typo *ty, const char *s, size_t n, Buf *out);
/* Notes text that is not converted (code) so that quotes after it see it. */
void typo_skip(Typo *ty, const char *s, size_t n);
/* Non-breaking spaces, dashes and ellipses on a finished piece of text.
 * Returns s itself when nothing changed, else a new arena string. */
const char *typo_spacing(Arena *a, Lang lang, const char *s);
/* The same, and the byte offsets offs[0..n_offs) (ascending) into s are
 * changed into the corresponding offsets into the result (an offset inside a
 * replaced piece moves to its end). */
const char *typo_spacing_map(Arena *a, Lang lang, const char *s, size_t *offs, size_t n_offs);
/* Both, for a plain string from YAML (titles, names). */
const char *typo_string(Ctx *c, const char *s);

/* ---------- formats (format.c) ---------- */

const char *label(const Ctx *c, LabelId id);
/* The label with every "{key}" replaced by its value (NULL-terminated
 * key/value pairs); a space right before a placeholder becomes non-breaking. */
char *label_fill(Ctx *c, LabelId id, ...);
char *fmt_int(Ctx *c, long long v);           /* 1.234.567 / 1,234,567 */
char *fmt_number(Ctx *c, double v);           /* up to 2 decimals, 2,5 / 2.5 */
char *fmt_money(Ctx *c, double v);            /* 1.234.567 € / €1,234,567 */
char *fmt_percent(Ctx *c, int v);             /* 60 % / 60% */
char *fmt_date_text(Ctx *c, Date d);          /* 30. Juni 2025 / 30 June 2025 */
char *fmt_date_table(Ctx *c, Date d);         /* 30.06.2025, 06/2025, 2025 / 30 Jun 2025 */
char *fmt_period(Ctx *c, Date start, Date end); /* 03/2014 – 12/2026, seit 03/2014 */
int cmp_abbrev(const char *a, const char *b); /* abbreviation order */

/* ---------- parts ---------- */

typedef enum MdMode {
    MD_CHAPTER,   /* a Markdown chapter: # starts a numbered chapter */
    MD_EMBEDDED   /* Markdown from YAML: every heading is a minor heading */
} MdMode;

void md_compose(Ctx *c, const Markdown *md, MdMode mode, BlockVec *out);
void compose_measures(Ctx *c, const Part *p, BlockVec *out);
void compose_status(Ctx *c, const Part *p, BlockVec *out);
void compose_abbreviations(Ctx *c, const Part *p, BlockVec *out);
void compose_changes(Ctx *c, const Part *p, BlockVec *out);

/* ---------- the series (changes.c) ---------- */

/* Year of the previous report (0: none). */
int change_year(const Ctx *c);
/* Progress change in percentage points (false when either side has none). */
bool change_progress(const Measure *m, int *delta);
/* "+25 Pp." beside a progress bar, or NULL (no change, no previous). */
const char *change_points(Ctx *c, const Measure *m);
/* The mark in a measure's facts: "neu", "seit 2023: bisher …, jetzt …", or NULL. */
const char *change_mark(Ctx *c, const Measure *m);

/* Shared UTF-8 strings. */
#define NBSP "\xC2\xA0"
#define EN_DASH "\xE2\x80\x93"

#endif
