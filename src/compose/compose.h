/* compose.h — the compose stage: report model + Markdown into a document tree.
 *
 * The tree is what the layout stage typesets: a flat list of top-level blocks,
 * each holding inline runs or child blocks. Everything that depends on the
 * language or the report's content is decided here: typographic quotes,
 * non-breaking spaces, heading numbers, generated parts (cover, contents
 * placeholder, measures, status overview, abbreviations), labels, number and
 * date formats. Layout decides only geometry. The tree lives in the arena. */
#ifndef IMR_COMPOSE_H
#define IMR_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/diag.h"
#include "../base/types.h"
#include "../load/load.h"

/* ---------- inline runs ---------- */

typedef enum RunKind {
    RUN_TEXT,     /* text: UTF-8, already typographic (quotes, NBSP U+00A0, dashes);
                     soft breaks became spaces; U+00AD soft hyphens allowed */
    RUN_BREAK,    /* hard line break */
    RUN_PAGEREF   /* the page label of the destination `dest`, resolved by layout */
} RunKind;

typedef enum RunFont {   /* combined with the block's style: bold+italic etc. */
    RF_BOLD = 1,
    RF_ITALIC = 2,
    RF_MONO = 4,
    RF_NOHYPH = 8,       /* not a font: never hyphenate or break inside the run's words
                            (generated references such as "Maßnahme 1.9") */
    RF_STRIKE = 16       /* not a font: a line through the text (~~struck~~) */
} RunFont;

typedef enum DocLinkKind { DLINK_NONE, DLINK_URI, DLINK_DEST } DocLinkKind;

typedef struct DocLink {
    DocLinkKind kind;
    const char *target;  /* DLINK_URI: URL; DLINK_DEST: destination name */
} DocLink;

typedef struct Run {
    RunKind kind;
    const char *text;    /* RUN_TEXT */
    const char *dest;    /* RUN_PAGEREF: destination name */
    unsigned font;       /* RunFont flags */
    bool has_color;
    Color color;         /* overrides the style's colour (status labels, links) */
    DocLink link;
    SrcPos pos;          /* where the text came from (for warnings) */
    const struct Block *note; /* a footnote mark's first reference: its BLK_FOOTNOTE,
                                 set at the foot of the page this run is on */
} Run;

typedef struct Inlines {
    const Run *runs;
    size_t n;
} Inlines;

/* ---------- blocks ---------- */

typedef enum BlockKind {
    BLK_COVER,       /* cover page: uses DocInfo + logo + period text */
    BLK_IMPRINT,     /* imprint page (back of cover) */
    BLK_TOC,         /* table of contents: layout fills it from the headings */
    BLK_HEADING,
    BLK_PARAGRAPH,
    BLK_LIST,        /* children are BLK_LIST_ITEM */
    BLK_LIST_ITEM,   /* children are blocks; `marker` is "•", "1." … */
    BLK_QUOTE,       /* children are blocks */
    BLK_CODE,
    BLK_RULE,        /* thematic break */
    BLK_IMAGE,
    BLK_TABLE,
    BLK_PROGRESS,    /* a progress bar with its percentage (in table cells);
                        percent < 0: a status mark, a square in bar_color before inl */
    BLK_BARCHART,    /* stacked horizontal bars with a legend */
    BLK_PAGEBREAK,
    BLK_GROUP,       /* a titled unit kept for identity (measure detail, field section) */
    BLK_FOOTNOTE     /* a note: children are its blocks, `marker` its number as set
                        before it, id and dest "fn-N", back_dest at the first mark;
                        reached only through Run.note, never in the block list */
} BlockKind;

typedef enum ColWidthKind { COL_AUTO, COL_FIXED, COL_FRACTION } ColWidthKind;
typedef enum Align { ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER } Align;

typedef struct TableColumn {
    ColWidthKind width_kind;
    float width;        /* COL_FIXED: pt; COL_FRACTION: share of the free width */
    Align align;
} TableColumn;

typedef struct Block Block;

typedef struct TableCell {
    const Block *const *blocks; /* usually one paragraph; may hold BLK_PROGRESS */
    size_t n_blocks;
} TableCell;

typedef struct TableRow {
    const char *key;        /* stable identity in the layout dump (e.g. measure id) */
    const TableCell *cells; /* n_cols cells */
    DocLink link;           /* whole-row link (overview row -> measure detail) */
    SrcPos pos;             /* where the row's data is written (the measure, the indicator);
                             * unset: the first positioned cell, else the table's */
} TableRow;

typedef enum TableStyle { TABLE_GRID, TABLE_KEYVALUE, TABLE_PLAIN } TableStyle;

typedef struct Table {
    const char *id;          /* stable identity, e.g. "overview-1", "measure-1.1-indicators" */
    TableStyle style;
    const TableColumn *cols;
    size_t n_cols;
    const TableRow *header;  /* NULL: no header row; else repeated on every page */
    const TableRow *rows;
    size_t n_rows;
    Inlines caption;         /* "Tabelle 3: …" (empty: none), above the table */
    Inlines source;          /* line below (empty: none) */
    bool zebra;
} Table;

typedef struct BarSeries {   /* one bar: a category with a count per status */
    const char *label;
    int counts[STATUS_COUNT];
} BarSeries;

typedef struct BarChart {
    const char *id;
    const BarSeries *bars;
    size_t n_bars;
    const char *legend[STATUS_COUNT];  /* status labels */
    Color colors[STATUS_COUNT];
    Inlines caption;
} BarChart;

struct Block {
    BlockKind kind;
    StyleRole style;          /* the template style to use */
    SrcPos pos;
    const char *id;           /* stable identity for the layout dump (slug, measure id, …) or NULL */
    const char *dest;         /* named destination placed at the top of this block, or NULL */
    bool keep_with_next;      /* headings, captions */
    bool new_page;            /* start on a fresh page (chapters) */
    Inlines inl;              /* HEADING, PARAGRAPH, CODE (one run), LIST_ITEM marker-less text */
    /* BLK_HEADING */
    int level;                /* 1..6 */
    const char *number;       /* "2.1", measure id, or NULL (unnumbered) */
    bool in_toc, in_outline;
    /* BLK_LIST / BLK_LIST_ITEM */
    bool ordered;
    const char *marker;       /* LIST_ITEM: "•", "–", "3.", "☐"/"☑" (task lists) */
    unsigned marker_font;     /* LIST_ITEM: RunFont flags of the marker (RF_MONO: the
                                 check boxes, which only the mono font has) */
    /* children: LIST, LIST_ITEM, QUOTE, GROUP */
    const Block *const *children;
    size_t n_children;
    /* BLK_FOOTNOTE */
    const char *back_dest;    /* destination at the (first) mark in the text */
    /* BLK_IMAGE */
    const Image *image;
    Inlines caption;          /* IMAGE: "Abbildung 1: alt text" */
    /* BLK_TABLE */
    const Table *table;
    /* BLK_PROGRESS */
    int percent;
    Color bar_color;
    /* BLK_BARCHART */
    const BarChart *chart;
    /* BLK_IMAGE, BLK_BARCHART, BLK_PROGRESS (a bar): the alternative text a
     * screen reader speaks instead of the picture, in the report's language */
    const char *alt;
};

typedef struct Doc {
    DocInfo info;
    const Template *tmpl;      /* styles, colours, labels, fonts */
    const Image *logo;
    const char *logo_alt;      /* the logo's alternative text: the issuer's name */
    const char *period_text;   /* e.g. "Berichtszeitraum: 1. Januar 2024 bis 30. Juni 2025", or NULL */
    const char *date_text;     /* "14. November 2025" */
    const Block *const *blocks;
    size_t n_blocks;
} Doc;

/* Builds the tree. Warnings (raw HTML, …) go to diags. Never fails on a
 * validated report. */
const Doc *compose_document(const Report *r, Arena *arena, Diags *diags);

#endif
