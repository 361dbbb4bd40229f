/* load.h — the load stage: a report folder into a validated report model.
 *
 * load_report() reads report.yaml, the measure files, the Markdown chapters,
 * the pictures and the template, checks everything the format contract says
 * (docs: ../shared/spec/report-format.md, README.md) and reports every problem
 * into Diags with its position. The model it returns is immutable for the
 * later stages; all of it lives in the arena passed in, except the cmark
 * documents, which report_free() releases.
 *
 * Markdown is parsed here with cmark-gfm (CommonMark plus GitHub's tables,
 * strikethrough, autolinks, task lists and footnotes: md_parse()), and the load stage annotates the AST
 * through cmark's user data, so that later stages need no lookups:
 *   CMARK_NODE_HEADING: user data is the heading's unique slug (const char *)
 *   CMARK_NODE_LINK:    user data is a const LinkTarget *
 *   CMARK_NODE_IMAGE:   user data is the decoded const Image *
 * Positions of cmark nodes are turned into author positions by md_pos(). */
#ifndef IMR_LOAD_H
#define IMR_LOAD_H

#include <cmark-gfm.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../base/buf.h"
#include "../base/diag.h"
#include "../base/types.h"

/* ---------- template (layout styles) ---------- */

typedef enum FontRole {
    FONT_REGULAR,
    FONT_BOLD,
    FONT_ITALIC,
    FONT_BOLD_ITALIC,
    FONT_SEMIBOLD,
    FONT_MONO,
    FONT_COUNT
} FontRole;

typedef struct TextStyle {
    FontRole font;
    float size;         /* pt */
    float leading;      /* baseline to baseline, pt */
    float space_before; /* pt */
    float space_after;  /* pt */
    Color color;
} TextStyle;

/* Style roles. YAML key in the template's `styles:` map in the comment. */
typedef enum StyleRole {
    STYLE_BODY,           /* body */
    STYLE_H1,             /* h1: chapters and generated parts */
    STYLE_H2,             /* h2 */
    STYLE_H3,             /* h3 (also measure headings) */
    STYLE_H4,             /* h4: #### .. ###### minor headings */
    STYLE_CODE,           /* code: code blocks */
    STYLE_QUOTE,          /* quote: block quotes */
    STYLE_LIST,           /* list: list items */
    STYLE_CAPTION,        /* caption: "Tabelle N: …", "Abbildung N: …" */
    STYLE_SOURCE,         /* source: the line below a table */
    STYLE_TABLE,          /* table: body cells */
    STYLE_TABLE_HEADER,   /* table_header: header cells */
    STYLE_TOC_TITLE,      /* toc_title */
    STYLE_TOC1,           /* toc1 */
    STYLE_TOC2,           /* toc2 */
    STYLE_TOC3,           /* toc3 */
    STYLE_HEADER,         /* header: running header */
    STYLE_FOOTER,         /* footer */
    STYLE_COVER_TITLE,    /* cover_title */
    STYLE_COVER_SUBTITLE, /* cover_subtitle */
    STYLE_COVER_META,     /* cover_meta: issuer, date, period */
    STYLE_IMPRINT,        /* imprint */
    STYLE_FOOTNOTE,       /* footnote: notes at the foot of the page (optional: "source") */
    STYLE_MARKING,        /* marking: the classification at the top and bottom of a page */
    STYLE_COUNT
} StyleRole;

/* Every label the generated text uses: id, template key, German, English.
 * Placeholders in braces are filled by the stage that uses the label. */
#define IMR_LABELS(X)                                                                      \
    X(LBL_CONTENTS, "contents", "Inhalt", "Contents")                                      \
    X(LBL_PAGE_FOOTER, "page_footer", "Seite {page} von {pages}", "Page {page} of {pages}") \
    X(LBL_MEASURE_REF, "measure_ref", "Maßnahme {id} (S. {page})", "Measure {id} (p. {page})") \
    X(LBL_MEASURE, "measure", "Maßnahme", "Measure")                                       \
    X(LBL_FIELD, "field", "Handlungsfeld", "Field of action")                              \
    X(LBL_TABLE, "table", "Tabelle", "Table")                                              \
    X(LBL_FIGURE, "figure", "Abbildung", "Figure")                                         \
    X(LBL_STATUS_PLANNED, "status_planned", "geplant", "planned")                          \
    X(LBL_STATUS_IN_PROGRESS, "status_in_progress", "in Umsetzung", "in progress")         \
    X(LBL_STATUS_COMPLETED, "status_completed", "umgesetzt", "completed")                  \
    X(LBL_STATUS_ONGOING, "status_ongoing", "Daueraufgabe", "ongoing")                     \
    X(LBL_STATUS_SUSPENDED, "status_suspended", "zurückgestellt", "suspended")             \
    X(LBL_COL_NO, "col_no", "Nr.", "No.")                                                  \
    X(LBL_COL_MEASURE, "col_measure", "Maßnahme", "Measure")                               \
    X(LBL_COL_LEAD, "col_lead", "Federführung", "Lead")                                    \
    X(LBL_COL_STATUS, "col_status", "Status", "Status")                                    \
    X(LBL_COL_PROGRESS, "col_progress", "Fortschritt", "Progress")                         \
    X(LBL_KV_PARTNERS, "kv_partners", "Beteiligt", "Partners")                             \
    X(LBL_KV_PERIOD, "kv_period", "Laufzeit", "Period")                                    \
    X(LBL_KV_BUDGET, "kv_budget", "Budget", "Budget")                                      \
    X(LBL_BUDGET_PLANNED, "budget_planned", "geplant", "planned")                          \
    X(LBL_BUDGET_SPENT, "budget_spent", "verausgabt", "spent")                             \
    X(LBL_KV_TARGET_GROUPS, "kv_target_groups", "Zielgruppen", "Target groups")            \
    X(LBL_SINCE, "since", "seit {date}", "since {date}")                                   \
    X(LBL_DESCRIPTION, "description", "Beschreibung", "Description")                       \
    X(LBL_PROGRESS_REPORT, "progress_report", "Umsetzung im Berichtszeitraum", "Progress in the reporting period") \
    X(LBL_INDICATORS, "indicators", "Indikatoren", "Indicators")                           \
    X(LBL_COL_INDICATOR, "col_indicator", "Indikator", "Indicator")                        \
    X(LBL_COL_UNIT, "col_unit", "Einheit", "Unit")                                         \
    X(LBL_COL_TARGET, "col_target", "Ziel", "Target")                                      \
    X(LBL_COL_ACTUAL, "col_actual", "Ist", "Actual")                                       \
    X(LBL_COL_FULFILMENT, "col_fulfilment", "Erfüllung", "Fulfilment")                     \
    X(LBL_OVERVIEW_TABLE, "overview_table", "Maßnahmen im Handlungsfeld {id}", "Measures in field of action {id}") \
    X(LBL_BACK_TO_OVERVIEW, "back_to_overview", "zur Übersicht", "back to overview")       \
    X(LBL_TOTAL, "total", "Gesamt", "Total")                                               \
    X(LBL_MINISTRY, "ministry", "Ressort", "Ministry")                                     \
    X(LBL_BY_FIELD, "by_field", "Maßnahmen nach Handlungsfeld und Status", "Measures by field of action and status") \
    X(LBL_BY_MINISTRY, "by_ministry", "Maßnahmen nach federführendem Ressort und Status", "Measures by lead ministry and status") \
    X(LBL_ABBREVIATION, "abbreviation", "Abkürzung", "Abbreviation")                       \
    X(LBL_MEANING, "meaning", "Bedeutung", "Meaning")                                      \
    X(LBL_AS_OF, "as_of", "Stand: {date}", "As of {date}")                                 \
    X(LBL_PERIOD, "period", "Berichtszeitraum: {start} bis {end}", "Reporting period: {start} to {end}") \
    X(LBL_IMPRINT, "imprint", "Impressum", "Imprint")                                      \
    X(LBL_ISSUER, "issuer", "Herausgeber", "Issued by")                                    \
    X(LBL_PUBLISHER, "publisher", "Verlag", "Published by")                                \
    X(LBL_VERSION, "version", "Version", "Version")                                        \
    X(LBL_DRAFT, "draft", "ENTWURF", "DRAFT")                                              \
    X(LBL_NEW, "new", "neu", "new")                                                        \
    X(LBL_KV_CHANGE, "kv_change", "Veränderung", "Change")                                 \
    X(LBL_COL_CHANGE, "col_change", "Veränderung", "Change")                               \
    X(LBL_STATUS_SINCE, "status_since", "seit {year}: bisher {from}, jetzt {to}", "since {year}: formerly {from}, now {to}") \
    X(LBL_FORMERLY, "formerly", "bisher Maßnahme {id}", "formerly measure {id}")          \
    X(LBL_POINTS, "points", "{n} Pp.", "{n} pp")                                           \
    X(LBL_COL_BEFORE, "col_before", "bisher", "before")                                    \
    X(LBL_COL_NOW, "col_now", "jetzt", "now")                                              \
    X(LBL_COL_PLANNED, "col_planned", "Geplant", "Planned")                                \
    X(LBL_COL_SPENT, "col_spent", "Verausgabt", "Spent")                                   \
    X(LBL_KV_TITLE, "kv_title", "Titel", "Title")                                          \
    X(LBL_CH_NEW, "changes_new", "Neu aufgenommene Maßnahmen", "New measures")             \
    X(LBL_CH_COMPLETED, "changes_completed", "Seit dem letzten Bericht umgesetzte Maßnahmen", "Measures completed since the last report") \
    X(LBL_CH_STATUS, "changes_status", "Statusänderungen", "Status changes")               \
    X(LBL_CH_PROGRESS, "changes_progress", "Größte Fortschritte", "Largest progress gains") \
    X(LBL_CH_BUDGET, "changes_budget", "Veränderungen der Mittel", "Budget changes")       \
    X(LBL_CH_DROPPED, "changes_dropped", "Nicht mehr aufgeführte Maßnahmen", "Measures no longer listed") \
    X(LBL_CH_OTHER, "changes_other", "Weitere Änderungen", "Other changes")                \
    X(LBL_BY_STATUS_COMPARED, "by_status_compared", "Maßnahmen nach Status: {before} und {now}", "Measures by status: {before} and {now}")

typedef enum LabelId {
#define IMR_LABEL_ENUM(id, key, de, en) id,
    IMR_LABELS(IMR_LABEL_ENUM)
#undef IMR_LABEL_ENUM
    LBL_COUNT
} LabelId;

/* The costs of TeX's line breaker that a template sets (section "text"). */
typedef struct LineBreaking {
    int hyphen_penalty;          /* a break at a hyphenation point (TeX: \hyphenpenalty 50) */
    int compound_hyphen_penalty; /* the same at the seam of a German compound */
    int consecutive_hyphens;     /* at most this many hyphenated lines in a row (1..8) */
    float double_hyphen_demerits; /* two hyphenated lines in a row (\doublehyphendemerits) */
    float final_hyphen_demerits;  /* a hyphen on the second-last line (\finalhyphendemerits) */
} LineBreaking;

typedef struct Template {
    const char *name;       /* e.g. "default" */
    float page_width, page_height;         /* pt */
    float margin_top, margin_bottom, margin_inner, margin_outer; /* pt */
    float header_offset, footer_offset;    /* baseline distance from the page edge, pt */
    const char *font_files[FONT_COUNT];    /* absolute or cwd-relative paths, checked to exist */
    TextStyle styles[STYLE_COUNT];
    Color accent, muted, rule, link;
    Color table_header_bg, table_header_fg, zebra;
    Color code_bg, quote_bar;
    Color status_colors[STATUS_COUNT];
    float table_padding, rule_width;
    bool table_zebra;
    bool change_column;                    /* overview tables: a change column (with `previous:`) */
    bool justify, hyphenate;
    LineBreaking breaking;                 /* the line breaker's costs (template "text") */
    const char *hyph_root;     /* LoadOptions.hyph_root, for layout */
    int toc_depth;                         /* 1..3, default 3 */
    float paragraph_indent;                /* first-line indent, 0 = none (space between paragraphs) */
    float marking_top, marking_bottom;     /* classification baselines from the page edges */
    /* the cover's slots (template `cover:`): shares are of the page height or the body width */
    struct {
        float logo_size;                   /* the logo fits a square of this side, top right */
        float title_top, title_width;      /* title block: top (share of page height), width share */
        float band_width, band_height, band_above; /* accent band above the title */
        float meta_top;                    /* issuer block: top (share of page height) */
        float meta_rule_above, meta_rule_width; /* accent rule above the issuer block */
        float meta_date_gap;               /* extra space before the date */
    } cover;
    float imprint_width;                   /* share of the body width */
    float toc_page_column;                 /* room kept for the page numbers */
    float toc_dot_step;                    /* dot leaders on a grid of this step */
    float toc_number_gap;                  /* after a section number, in em */
    float watermark_size, watermark_angle; /* the draft label across the page */
    Color watermark_color;
    float header_gap;                      /* between the document and the chapter title */
    float header_rule_width, header_rule_below; /* rule under the header; below: em */
    const char *labels[LBL_COUNT];         /* resolved for the report's language */
} Template;

/* ---------- Markdown ---------- */

typedef struct Markdown {
    cmark_node *doc;       /* parsed and annotated; owned by the Report */
    SrcPos origin;         /* where the Markdown text starts in the author's file */
    /* How cmark's 1-based (line, col) map to the author's file:
     *   file line = origin.line + line - 1
     *   file col  = col + (line == 1 ? first_col_offset : col_offset)
     * For a .md file origin is (path, 1, 1) and both offsets are 0; for a YAML
     * block scalar col_offset is the block's indentation. */
    int first_col_offset, col_offset;
    /* private to md_pos: the text cmark parsed, to turn byte columns into characters */
    const char *text;
    size_t text_len;
    const size_t *line_starts;
    size_t n_lines;
    /* private to md_pos: characters before every MD_POS_STEP-th byte (rounded up to
     * the next character: chk_byte[k] >= k * MD_POS_STEP), so that a column on a very
     * long line costs at most a step of counting, not the whole line */
    const size_t *chk_byte, *chk_chars;
} Markdown;

#define MD_POS_STEP 256

/* Parses Markdown as every stage sees it: CommonMark with the GFM extensions
 * table, strikethrough (~~ only), autolink and tasklist, and footnotes.
 * NULL when out of memory. The caller frees the tree with cmark_node_free. */
cmark_node *md_parse(const char *text, size_t len);

/* The GFM extension node kinds, by cmark-gfm's type name (the extension
 * headers that declare their node types are not installed). */
typedef enum MdExt {
    MDX_NONE, MDX_TABLE, MDX_TABLE_ROW, MDX_TABLE_CELL, MDX_STRIKE, MDX_TASK
} MdExt;
MdExt md_ext(cmark_node *n);

/* Author position of a cmark position inside md. */
SrcPos md_pos(const Markdown *md, int line, int col);

/* Is the literal of an HTML block exactly "<!-- pagebreak -->" (with spaces
 * around it)? Such a block is a page break, any other raw HTML is not shown. */
bool md_is_pagebreak(const char *html);

/* Appends the plain text of n's inline children to b: text and code as
 * written, line breaks as spaces, raw HTML left out (heading slugs, alt text). */
void md_plain_text(cmark_node *n, Buf *b);

typedef enum LinkKind { LINK_URI, LINK_MEASURE, LINK_HEADING } LinkKind;

typedef struct LinkTarget {
    LinkKind kind;
    const char *uri;      /* LINK_URI: the URL as written (https:, http:, mailto:) */
    const char *id;       /* LINK_MEASURE: measure id; LINK_HEADING: the slug */
    bool empty_text;      /* [](measure:ID): the text is generated */
} LinkTarget;

/* ---------- measures ---------- */

typedef struct Ministry {
    const char *id, *name;
    SrcPos pos;
    SrcPos name_pos;           /* where the name is written (its id's position if none) */
} Ministry;

typedef struct Measure Measure;

typedef struct Field {
    const char *id, *title;
    const char *slug;              /* unique slug of its section heading */
    const Markdown *intro;         /* NULL if none */
    const Measure *const *measures; /* this field's measures, natural id order */
    size_t n_measures;
    SrcPos pos;
    SrcPos title_pos;              /* where the title is written */
} Field;

typedef struct Indicator {
    const char *name, *unit;   /* unit may be NULL */
    double target, actual;
    bool has_target, has_actual;
    SrcPos pos;
} Indicator;

struct Measure {
    const char *id;
    const char *title;
    const Field *field;
    const Ministry *lead;
    const Ministry *const *partners;
    size_t n_partners;
    Status status;
    int progress;              /* 0..100, -1 when not given */
    Date start, end;           /* start.year == 0: no period; end.year == 0: open end */
    bool has_budget;
    double budget_planned, budget_spent;
    bool has_planned, has_spent;
    const char *const *target_groups;
    size_t n_target_groups;
    const Markdown *description;      /* required */
    const Markdown *progress_report;  /* NULL if none */
    const Indicator *indicators;
    size_t n_indicators;
    SrcPos pos;
    SrcPos title_pos;          /* where the title is written */
    /* the series: `previous_id:` as written (NULL if none) and the measure of
     * the previous report this one continues (NULL: new, or no previous) */
    const char *previous_id;
    SrcPos previous_id_pos;
    const Measure *prev;
};

/* ---------- report ---------- */

typedef enum PartKind {
    PART_MARKDOWN,
    PART_MEASURES,
    PART_STATUS,
    PART_ABBREVIATIONS,
    PART_CHANGES
} PartKind;

typedef struct Part {
    PartKind kind;
    const char *title;         /* generated parts: the title given; Markdown: NULL */
    const char *slug;          /* generated parts: slug of the title */
    const Markdown *md;        /* PART_MARKDOWN */
    SrcPos pos;
} Part;

typedef struct GlossaryEntry {
    const char *abbr, *expansion;
    SrcPos pos;
} GlossaryEntry;

typedef struct Report {
    const char *dir;           /* as given by the user */
    DocInfo info;
    Date period_start, period_end; /* year == 0: no period */
    const Image *logo;         /* NULL if none */
    const Template *tmpl;
    const Ministry *ministries;  /* in file order */
    size_t n_ministries;
    const Field *fields;         /* in file order (report order) */
    size_t n_fields;
    const Measure *const *measures; /* all, natural id order */
    size_t n_measures;
    const GlossaryEntry *glossary;  /* in file order */
    size_t n_glossary;
    const Part *parts;
    size_t n_parts;
    const char *const *input_paths; /* every file read (as opened), for output checks */
    size_t n_input_paths;
    /* the previous report of the series (`previous:`), or NULL. Read from its
     * data (see report_data_json), so it holds info, ministries, fields and
     * measures, but no Markdown, parts or glossary; its positions point into
     * that data. Measures of the previous report that no measure of this one
     * continues: `dropped`, natural id order. */
    const struct Report *previous;
    const Measure *const *dropped;
    size_t n_dropped;
    /* private: cmark documents to free */
    cmark_node **md_docs;
    size_t n_md_docs, cap_md_docs;
} Report;

/* Limits on hostile input (see README). */
#define LOAD_MAX_FILE_SIZE (16u * 1024 * 1024)   /* bytes per YAML/Markdown file */
#define LOAD_MAX_IMAGE_SIZE (64u * 1024 * 1024)  /* bytes per picture file */
#define LOAD_MAX_IMAGE_PIXELS (40u * 1000 * 1000)
#define LOAD_MAX_TOTAL_TEXT (32u * 1024 * 1024)  /* bytes of all YAML/Markdown files together */
#define LOAD_MAX_TOTAL_PIXELS (100u * 1000 * 1000) /* pixels of all pictures together */
#define LOAD_MAX_DEPTH 64                       /* YAML nesting */
#define LOAD_MAX_ALIASES 1000                   /* alias uses per file */
#define LOAD_MAX_STRING (1u * 1024 * 1024)      /* bytes per scalar */
/* Emphasis, links and pictures nested in one another (with the paragraph or
 * heading around them): the later stages walk them recursively. */
#define LOAD_MAX_MD_INLINE_DEPTH 32
/* Measures per report. Each costs about 30 KB of memory (minimal) to 100 KB
 * (with a page of text) through layout: 5000 stay under about 500 MB. */
#define LOAD_MAX_MEASURES 5000

/* Where the built-in templates/ and fonts/ live (set by main). */
typedef struct LoadOptions {
    const char *data_dir;      /* folder holding templates/ and fonts/ */
    bool as_previous;          /* loaded as another report's `previous:` (not followed further) */
    const char *hyph_root;     /* folder of TeX's hyphenation patterns, or NULL: Debian's */
} LoadOptions;

/* Loads and validates. Returns the model, or NULL when anything was an error
 * (all errors are in diags). Warnings do not make it fail. */
Report *load_report(const char *dir, const LoadOptions *opt, Arena *arena, Diags *diags);
void report_free(Report *r);

/* The report's measure data as normalised JSON (data.c): what every PDF
 * carries and what a later report compares with. Also in r->info.data. */
const char *report_data_json(const Report *r, Arena *a);

/* The data an imagreport PDF carries (NULL after reporting at pos: not a
 * PDF, no data in it). */
const char *pdf_report_data(const char *path, SrcPos pos, Arena *a, Diags *diags);

/* Natural ("1.2" < "1.10") comparison of ids, used for sorting measures. */
int natural_compare(const char *a, const char *b);

/* The heading slug rule of the contract (lower-case, letters and digits kept,
 * spaces to '-', others dropped), without the uniqueness suffix. */
char *slugify(Arena *arena, const char *text);

/* Writes the JSON Schema (draft-07) of "report" (report.yaml), "measures" (a
 * measure file) or "template" to out. Returns 0; -1 for an unknown kind; 1
 * when a key of the loader's tables has no type in the schema (*missing names
 * it: the schema would have drifted from the loader). */
int load_write_schema(const char *kind, FILE *out, const char **missing);

#endif
