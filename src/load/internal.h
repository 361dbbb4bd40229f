/* internal.h — shared between the files of the load stage only.
 *
 * yaml.c      YAML text -> Node tree with positions (limits, duplicate keys)
 * schema.c    typed access to Nodes: keys, strings, numbers, dates, did-you-mean
 * files.c     report-relative paths, reading files, the input hash
 * markdown.c  cmark parsing, md_pos, slugs, links, images, raw HTML
 * tmpl.c      the template file
 * measures.c  measure files: ministries, fields, measures
 * report.c    load_report(): report.yaml, contents, the passes in order
 * util.c      natural_compare, slugify, string map, edit distance */
#ifndef IMR_LOAD_INTERNAL_H
#define IMR_LOAD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "../base/i18n.h"
#include "../base/sha256.h"
#include "load.h"

/* Templates one report's template may extend, itself included. */
#define LOAD_MAX_TEMPLATES 16

/* Expanded nodes that aliases may add to one file (billion laughs). */
#define LOAD_MAX_EXPANDED 100000

/* Nested lists and block quotes in one Markdown text. Each level costs the
 * later stages stack and memory that grow with the depth (20 000 nested
 * quotes took gigabytes in layout); real reports nest a few levels. */
#define LOAD_MAX_MD_DEPTH 32

/* Shapes cmark-gfm parses in more than linear time or memory (mdlimits.c). */
#define LOAD_MAX_MD_TABLE_COLUMNS 100    /* columns of one table */
#define LOAD_MAX_MD_TABLE_CELLS 200000   /* rows times columns of one table */
#define LOAD_MAX_MD_PICTURES 1000        /* "![" in one paragraph */
#define LOAD_MAX_MD_URL_PARENS 256       /* ")" in one web address */
#define LOAD_MAX_MD_PREFIX 256           /* columns of container markers before a line */

/* Length of a UTF-8 byte order mark at the start of src (3), or 0. */
static inline size_t bom_len(const char *src, size_t len)
{
    return len >= 3 && !memcmp(src, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

/* The first line of a file: where a file that holds nothing is reported. */
static inline SrcPos file_start(const char *file)
{
    SrcPos p = {file, 1, 1};
    return p;
}

/* The file as a whole (diagnostics without a line). */
static inline SrcPos whole_file(const char *file)
{
    SrcPos p = {file, 0, 0};
    return p;
}

/* ---------- YAML nodes ---------- */

typedef enum NodeKind { NODE_SCALAR, NODE_SEQ, NODE_MAP } NodeKind;

typedef enum ScalarStyle {
    SCALAR_PLAIN,
    SCALAR_SINGLE,
    SCALAR_DOUBLE,
    SCALAR_LITERAL,
    SCALAR_FOLDED
} ScalarStyle;

typedef struct Node Node;
struct Node {
    NodeKind kind;
    SrcPos pos;            /* where the node starts */
    /* scalars */
    const char *text;      /* NUL-terminated value */
    size_t len;
    ScalarStyle style;
    int block_line;        /* block scalars: first content line (1-based) */
    int block_indent;      /* block scalars: indentation of the content */
    const char *raw;       /* folded scalars: the content lines, de-indented */
    /* sequences (items) and mappings (keys[i] -> items[i]) */
    Node **items;
    Node **keys;
    size_t n;
    size_t weight;         /* nodes in the subtree, aliases expanded */
    bool unknown;          /* a mapping key check_keys reported as unknown */
};

/* Parses src (already checked for size and UTF-8). Returns the root (NULL
 * for an empty file or after errors, which go to diags). */
Node *yaml_parse(Arena *a, Diags *d, const char *file, const char *src, size_t len);

/* Line/column (1-based, column in code points) of byte offset off in src. */
SrcPos src_pos_of(const char *file, const char *src, size_t len, size_t off);

/* ---------- schema helpers ---------- */

typedef struct Loader Loader;

bool node_is_null(const Node *n);
const char *kind_name(const Node *n);
/* Value of key in map (NULL when absent). */
const Node *map_get(const Node *map, const char *key);
/* Reports every key of map not in known[] (NULL-terminated), with a suggestion. */
/* A mapping key whose value is a mapping with these keys: a key of it found one
 * level too far out gets a note (an 'end' beside 'period:' instead of under it). */
typedef struct KeyNest {
    const char *parent;
    const char *const *keys;
} KeyNest;
void check_keys_nested(Diags *d, const Node *map, const char *const known[], const char *what,
                       const KeyNest *nests);
void check_keys(Diags *d, const Node *map, const char *const known[], const char *what);
/* A required key: reports "missing required key" at the map when absent. */
const Node *map_need(Diags *d, const Node *map, const char *key, const char *what);
bool expect_kind(Diags *d, const Node *n, NodeKind kind, const char *what);
/* A non-empty string scalar; NULL after reporting. */
const char *get_string(Diags *d, const Node *n, const char *what);
bool get_bool(Diags *d, const Node *n, const char *what, bool *out);
/* A plain number >= 0 (integer == true: whole number). */
bool get_number(Diags *d, const Node *n, const char *what, bool integer, double *out);

/* Amounts of money and counts: a number >= 0 and at most AMOUNT_MAX, without
 * thousands separators ("120.000" is an error, not 120). */
#define AMOUNT_MAX 1e12
bool get_amount(Diags *d, const Node *n, const char *what, double *out);
/* Full date YYYY-MM-DD (full == true) or YYYY, YYYY-MM, YYYY-MM-DD. */
bool get_date(Diags *d, const Node *n, const char *what, bool full, Date *out);
/* Compares the first day of a with the last day of b's span: > 0 when a starts after b ends. */
int date_start_after_end(Date a, Date b);
/* The closest of cands (NULL-terminated or n given) to s, or NULL when none is close. */
const char *suggest(const char *s, const char *const *cands, size_t n);

/* Reports an unknown value: with_sug (formats value, sug) when there is a
 * suggestion, else without (formats value). Both English, marked with N_(). */
void diag_unknown(Diags *d, SrcPos pos, const char *with_sug, const char *without,
                  const char *value, const char *sug);
size_t edit_distance(const char *a, const char *b);

/* ---------- string map (malloc-owned, keys borrowed) ---------- */

typedef struct StrMap {
    const char **keys;
    void **vals;
    size_t cap, len;
} StrMap;

void *strmap_get(const StrMap *m, const char *key);
void strmap_put(StrMap *m, const char *key, void *val);
void strmap_free(StrMap *m);

/* growable pointer list (malloc-owned) */
typedef struct PtrVec {
    void **items;
    size_t n, cap;
} PtrVec;

void vec_push(PtrVec *v, void *p);
void vec_free(PtrVec *v);

/* ---------- files ---------- */

typedef struct InputFile {
    const char *rel;       /* report-relative path (hash) */
    const unsigned char *data;
    size_t len;
} InputFile;

typedef struct ImageEntry {
    const char *rel;
    const unsigned char *data; /* the file (hashed last, in first-use order) */
    size_t len;
    Image *img;            /* NULL when decoding failed */
} ImageEntry;

/* A Markdown text waiting for the slug and link passes. */
typedef struct MdEntry {
    Markdown *md;
    const char *base_rel;  /* folder of the naming file, report-relative ("" = root) */
} MdEntry;

struct Loader {
    Arena *arena;
    Diags *diags;
    const LoadOptions *opt;
    const char *dir;       /* as given, without trailing slashes */
    char *root_real;       /* realpath of dir */
    Report *r;
    Lang lang;
    const char *const *labels; /* resolved labels (from the template) */
    PtrVec inputs;         /* InputFile *, in hash order (images added last) */
    /* the input names of the template's files (for its hash): the template,
     * the ones it extends, and the default when it gives keys added later */
    const char *tmpl_rels[LOAD_MAX_TEMPLATES + 1];
    int n_tmpl_rels;
    PtrVec images;         /* ImageEntry *, first-use order */
    StrMap image_map;      /* rel -> ImageEntry * */
    StrMap slugs;          /* slug -> (void *)1 */
    StrMap slug_next;      /* slug base -> next suffix to try */
    StrMap measure_map;    /* id -> Measure * */
    StrMap field_map;      /* id -> FieldDef * */
    StrMap ministry_map;   /* id -> Ministry * */
    PtrVec ministries;     /* Ministry * */
    PtrVec fields;         /* FieldDef * */
    PtrVec measures;       /* MeasureDef * */
    PtrVec mds;            /* MdEntry * */
    /* a measure file or a chapter could not be read: unknown measure ids or
     * slugs in links are then likely follow-on errors and not reported */
    bool measures_incomplete, slugs_incomplete;
    /* contents has no measures part: measures and the headings in their Markdown
     * are not in the document, so links to them are errors (their slugs are
     * registered with the value SLUG_HIDDEN instead of SLUG_SHOWN) */
    bool measures_hidden;
    PtrVec read_paths;          /* const char *: every file read, as opened */
    size_t text_bytes;          /* YAML and Markdown read so far (LOAD_MAX_TOTAL_TEXT) */
    unsigned long long pixels;  /* pixels of the pictures decoded so far */
    /* reading report data (previous.c): measures need no description */
    bool data_only;
    /* report.yaml names a previous report (which may have failed to load) */
    bool previous_given;
};

#define SLUG_SHOWN ((void *)1)
#define SLUG_HIDDEN ((void *)2)

/* Display path of a report-relative path ("tests/x" + "a.md"). */
const char *display_path(Loader *L, const char *rel);
/* Resolves value (written in the file whose folder is base_rel) to a
 * report-relative path; checks absolute, escapes, existence, regular file,
 * symlinks out of the folder. Reports at pos; returns NULL on error. */
const char *resolve_path(Loader *L, const char *base_rel, const char *value, SrcPos pos,
                         const char *what);
/* Reads a file (whole); NULL after reporting at pos. max: size limit. The
 * bytes live in the arena and are NUL-terminated. */
unsigned char *read_file(Loader *L, const char *path, const char *display, SrcPos pos,
                         size_t max, size_t *len);
/* Records bytes that went into the build (the input hash, /ID). */
void add_input(Loader *L, const char *rel, const unsigned char *data, size_t len);
/* Reads a text file (at most LOAD_MAX_FILE_SIZE), records it as an input
 * (hash_rel) and checks its UTF-8; NULL after reporting. */
const char *read_text_file(Loader *L, const char *fs_path, const char *display,
                           const char *hash_rel, SrcPos ref, size_t *len);
/* Reads, UTF-8 checks and parses a YAML file of the report (rel) or elsewhere. */
Node *load_yaml_file(Loader *L, const char *fs_path, const char *display, const char *hash_rel,
                     SrcPos ref);
/* Reads the font file at path and checks that layout can measure it and the
 * PDF library embed it (fontcheck.c); reports at pos ("WHAT PATH cannot be
 * used: why") and returns false when not. */
bool font_file_ok(Loader *L, const char *path, SrcPos pos, const char *what);
/* "a/b/c.yaml" -> "a/b"; "c.yaml" -> "" (arena). */
const char *dir_of(Arena *a, const char *rel);
/* Lexically joins and normalises; returns NULL when the result leaves the root. */
char *join_rel(Arena *a, const char *base, const char *rel);

/* ---------- Markdown ---------- */

/* Parses Markdown text (checked for UTF-8 by the caller or here). */
/* Checks md->text against the LOAD_MAX_MD_* shape limits before it is
 * parsed (mdlimits.c); reports each excess at its position. */
bool md_within_limits(Loader *L, const Markdown *md);
Markdown *md_from_text(Loader *L, const char *text, size_t len, SrcPos origin, int first_off,
                       int off, const char *base_rel);
/* Markdown from a YAML scalar (block scalars map into the YAML file). */
Markdown *md_from_node(Loader *L, const Node *n, const char *base_rel);
/* Gives every heading of md its unique slug, in document order. */
void md_assign_slugs(Loader *L, const Markdown *md);
/* The unique slug for a generated heading text. */
const char *unique_slug(Loader *L, const char *text);
/* Resolves and checks every link of md (all slugs must be known). in_measures:
 * md is Markdown of a measure file (which may link to measures even when they
 * are not shown). */
void md_resolve_links(Loader *L, const Markdown *md, bool in_measures);
/* Decodes (once) the picture at a report-relative path. */
const Image *load_image(Loader *L, const char *rel, SrcPos pos);

/* ---------- report.yaml and the previous report ---------- */

/* title, subtitle, issuer, …, date, language, period of a report.yaml (or report data) */
void report_read_info(Loader *L, const Node *root);
void loader_free(Loader *L);
/* `previous:` (previous.c): loads the previous report into L->r->previous. */
void previous_read(Loader *L, const Node *value);
/* Links every measure to the one it continues; reports previous_id problems. */
void previous_match(Loader *L);

/* ---------- template ---------- */

const Template *load_template(Loader *L, const Node *value);
/* Whether a template's font value is a family name, not a file (no '/', no
 * .ttf/.otf/.ttc ending). */
bool sysfont_is_name(const char *s);
/* The file of the installed font `name` ("Liberation Sans", "Liberation Sans
 * Bold", "Liberation Sans:style=Bold") through fontconfig; NULL after
 * reporting at pos (not installed, CFF outlines, a collection). role: "bold". */
const char *sysfont_path(Loader *L, const char *name, SrcPos pos, const char *role);
/* The built-in labels of a language (IMR_LABELS). */
const char *const *default_labels(Lang lang);

/* ---------- measures ---------- */

typedef struct FieldDef {
    Field f;
    const Node *node;
    const char *base_rel;
    PtrVec measures;       /* Measure * */
} FieldDef;

/* Reads one measure file and registers its ids (first pass). */
void measures_read_file(Loader *L, const char *rel, SrcPos ref);
/* The same for a parsed measure file (or report data: previous.c). */
void measures_read_root(Loader *L, const Node *root, const char *base_rel);
/* Checks references and builds every measure (second pass). */
void measures_build(Loader *L);
/* Slugs of the measures part, in document order. */
void measures_assign_slugs(Loader *L);
/* The model's fields, in file order (call last: measures are pointed at them). */
const Field *measures_fields(Loader *L, size_t *n);
void measures_free(Loader *L);


/* ---------- the loader's key tables (NULL-terminated), shared with jsonschema.c ---------- */
extern const char *const file_keys[], *const ministry_keys[], *const field_keys[],
    *const measure_keys[], *const period_keys[], *const budget_keys[], *const indicator_keys[],
    *const status_names[];                                                 /* measures.c */
extern const char *const report_keys[], *const part_names[], *const part_keys[]; /* report.c */
extern const char *const top_keys[], *const page_keys[], *const font_keys[], *const color_keys[],
    *const status_keys[], *const text_keys[], *const table_keys[], *const toc_keys[],
    *const style_keys[], *const style_attr_keys[], *const label_keys[],
    *const cover_keys[], *const imprint_keys[], *const watermark_keys[],
    *const header_keys[];                                                  /* tmpl.c */

#endif
