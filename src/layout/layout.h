/* layout.h — the layout stage: document tree into pages of positioned boxes.
 *
 * layout_document() measures text with the template's fonts, hyphenates,
 * breaks paragraphs (Knuth–Plass) and pages, lays out tables, the contents
 * and the page furniture, and repeats until page numbers no longer move.
 * The result is everything the render stage needs, and no more: render makes
 * no layout decision. Coordinates are points, origin at the page's top-left
 * corner, y growing downwards. All of it lives in the arena. */
#ifndef IMR_LAYOUT_H
#define IMR_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/diag.h"
#include "../base/types.h"
#include "../compose/compose.h"

typedef enum BoxKind {
    BOX_TEXT,   /* a run of glyphs on one baseline */
    BOX_RECT,   /* filled and/or stroked rectangle */
    BOX_LINE,   /* straight line from (x, y) to (x + w, y + h) */
    BOX_IMAGE   /* picture scaled into (x, y, w, h) */
} BoxKind;

/* What a box that is not content is (tagged PDF: an /Artifact of that
 * type). Layout decides it; render only writes it. */
typedef enum ArtifactKind {
    ART_NONE = 0,     /* content: belongs to the structure element `node` */
    ART_LAYOUT,       /* rules, backgrounds, stripes, bars, decorative marks, leaders */
    ART_HEADER,       /* running header */
    ART_FOOTER,       /* page footer */
    ART_WATERMARK,    /* draft watermark */
    ART_REPEATED      /* a table header row repeated on a continuation page */
} ArtifactKind;

/* Fields are ordered by size, so that the many boxes of a layout take
 * little memory (96 bytes). */
typedef struct Box {
    /* BOX_TEXT */
    const char *text;     /* UTF-8, not NUL-terminated necessarily: use len */
    /* BOX_IMAGE */
    const Image *image;
    /* BOX_TEXT: kerning after each character, 1/1000 em (n_kern entries); NULL: none */
    const int16_t *kern;
    float x, y;           /* TEXT: start of the baseline; RECT/IMAGE: top-left; LINE: start */
    float w, h;           /* TEXT: advance width and font size */
    /* BOX_TEXT */
    float size;           /* pt */
    float char_space;     /* extra space per glyph (letter-spacing), usually 0 */
    float angle;          /* BOX_TEXT: rotation in degrees (watermark), usually 0 */
    float line_width;     /* BOX_LINE, BOX_RECT stroke */
    /* BOX_TEXT, BOX_LINE, BOX_RECT */
    Color color;          /* text colour, line colour, or fill */
    Color stroke_color;   /* BOX_RECT */
    uint32_t len;         /* BOX_TEXT: bytes of text */
    uint32_t n_kern;      /* BOX_TEXT: characters of text that kern describes */
    BoxKind kind;
    uint8_t font;         /* BOX_TEXT: FontRole */
    uint8_t artifact;     /* ArtifactKind: not content (furniture, decoration) */
    bool fill, stroke;    /* BOX_RECT */
    uint32_t node;        /* content: index of its structure element in Layout.nodes (> 0) */
} Box;

typedef struct LinkArea {
    float x, y, w, h;
    DocLinkKind kind;     /* DLINK_URI or DLINK_DEST */
    const char *uri;      /* DLINK_URI */
    int page;             /* DLINK_DEST: 0-based target page */
    float dest_y;         /* DLINK_DEST: target y on that page */
    uint32_t node;        /* its Link structure element in Layout.nodes */
} LinkArea;

typedef struct Dest {
    const char *name;
    int page;             /* 0-based */
    float y;
} Dest;

typedef struct OutlineItem {
    int level;            /* 1.. */
    const char *title;    /* "2.1 Title" as shown in the contents */
    int page;
    float y;
} OutlineItem;

/* ---------- logical structure (tagged PDF) ----------
 *
 * The document's logical structure, carried from the compose tree: every
 * content box names the element it belongs to, every link area its Link.
 * Elements are listed parents first, siblings in reading order; element 0
 * is the Document. Types are PDF's standard structure types. */
typedef enum StructType {
    ST_DOCUMENT, ST_SECT, ST_H1, ST_H2, ST_H3, ST_H4, ST_H5, ST_H6, ST_P,
    ST_L, ST_LI, ST_LBL, ST_LBODY, ST_BLOCKQUOTE, ST_CODE,
    ST_TABLE, ST_THEAD, ST_TBODY, ST_TR, ST_TH, ST_TD, ST_CAPTION,
    ST_FIGURE, ST_TOC, ST_TOCI, ST_LINK, ST_REFERENCE, ST_NOTE,
    ST_COUNT
} StructType;

extern const char *const struct_type_names[ST_COUNT]; /* "Document", "H1", … (PDF names) */

typedef enum ThScope { SCOPE_NONE, SCOPE_COLUMN, SCOPE_ROW } ThScope;

typedef struct StructNode {
    uint32_t parent;      /* index of the parent element (the Document: itself, 0) */
    uint8_t type;         /* StructType */
    uint8_t scope;        /* ThScope of a TH */
    const char *alt;      /* Figure: alternative text; Link: its description; else NULL */
} StructNode;

/* Semantic elements, for the layout dump and the diff. */
typedef enum ElemKind {
    EL_COVER,
    EL_IMPRINT,
    EL_TOC_ENTRY,
    EL_HEADING,
    EL_PARAGRAPH,
    EL_LIST_ITEM,
    EL_QUOTE,
    EL_CODE,
    EL_RULE,
    EL_IMAGE,
    EL_TABLE,       /* one per page the table is on (part = 0, 1, …) */
    EL_TABLE_ROW,   /* one per page a row is on */
    EL_CHART,
    EL_MEASURE,     /* a measure detail block (part per page) */
    EL_FOOTNOTE,    /* a footnote at the foot of a page (id "fn-N"; part 1 when continued) */
    EL_COUNT
} ElemKind;

extern const char *const elem_kind_names[EL_COUNT]; /* "heading", "table-row", … */

typedef struct Element {
    ElemKind kind;
    const char *id;       /* stable identity: slug, measure id, "table-id/row-key", … */
    int part;             /* 0 for the first page of a split element, 1, 2, … after */
    float x, y, w, h;
    const char *text;     /* its whole text as read (soft hyphens left out) */
    uint32_t text_hash;   /* FNV-1a of its text */
    SrcPos pos;
    int lines;            /* vertical items (lines, rows) of the element on this page */
    uint32_t pageless_hash; /* FNV-1a of the text with every page number as "#" when the
                             * text shows page numbers (references, contents), else 0 */
    uint64_t content_hash;  /* FNV-1a 64 of everything drawn for it on this page, relative
                             * to its box: text with font, size and colour, rules, fills,
                             * picture bytes, bar geometry */
    const BarChart *chart;  /* EL_CHART: the data drawn */
} Element;

typedef struct Page {
    int index;            /* 0-based */
    const char *label;    /* printed page number ("1", "2", …) */
    float width, height;
    Box *boxes;
    size_t n_boxes;
    LinkArea *links;
    size_t n_links;
    Element *elems;
    size_t n_elems;
} Page;

typedef enum LayoutWarnKind {
    LW_OVERFULL,       /* a line wider than its column (should not happen) */
    LW_LOOSE,          /* a very loose line */
    LW_ROW_SPLIT,      /* a table row split across pages */
    LW_WIDOW,          /* an unavoidable widow or orphan */
    LW_MISSING_GLYPH,  /* a character no font has */
    LW_COUNT
} LayoutWarnKind;

extern const char *const layout_warn_names[LW_COUNT]; /* "overfull", … */

typedef struct LayoutWarning {
    LayoutWarnKind kind;
    int page;             /* 0-based */
    SrcPos pos;
    const char *message;
} LayoutWarning;

/* Typographic figures of the whole report, for CI to watch (the layout
 * dump's "summary", `build --warnings`). Lines: lines of text set by the
 * paragraph breaker (paragraphs, list items, quotes, table cells excluded). */
typedef struct LayoutStats {
    int lines;            /* lines of running text */
    int hyphenated;       /* of them ending in an automatic or explicit hyphen */
    int longest_run;      /* most consecutive hyphenated lines */
    int loose;            /* justified lines stretched beyond their stretch (ratio > 1) */
    int overfull;         /* lines wider than their column */
    int foot_pages;       /* pages that do not end a chapter (nor the report) */
    float foot_mean, foot_max; /* white space at their foot, pt */
} LayoutStats;

typedef struct Layout {
    DocInfo info;
    const char *font_files[FONT_COUNT];
    const char *hyph_file;    /* the hyphenation patterns read, or NULL (for --deps) */
    Page *pages;
    size_t n_pages;
    Dest *dests;
    size_t n_dests;
    OutlineItem *outline;
    size_t n_outline;
    LayoutWarning *warnings;
    size_t n_warnings;
    int passes;           /* layout passes until page numbers settled */
    LayoutStats stats;
    const StructNode *nodes;  /* the logical structure (tagged PDF), nodes[0]: Document */
    size_t n_nodes;
} Layout;

/* Lays out the document. Returns NULL on a fatal problem (e.g. a font file
 * that cannot be read), reported in diags. Layout warnings are in the result. */
const Layout *layout_document(const Doc *doc, Arena *arena, Diags *diags);

/* What layout_document needs besides the document: the template's fonts (each
 * read and parsed) and the hyphenation patterns for lang. `check` runs it so
 * that it finds what `build` would. False after reporting the problems. */
bool layout_check_resources(const Template *t, Lang lang, Diags *diags);

#endif
