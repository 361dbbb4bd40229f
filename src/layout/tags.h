/* tags.h — the logical structure while the document is formatted (internal
 * to layout; the result is Layout.nodes).
 *
 * Elements are found by a key: the compose object they come from (a Block,
 * a Table, a TableRow, a TableCell, a link target) and a role (the same
 * Block gives an LI, its Lbl and its LBody). The first request creates the
 * element under the given parent; later requests — a later layout pass, a
 * second formatting of a table cell — return the same one. So elements are
 * numbered in document order, once, however often a block is formatted, and
 * the items a later pass copies from the first one stay valid. */
#ifndef IMR_TAGS_H
#define IMR_TAGS_H

#include <stdint.h>

#include "../base/arena.h"
#include "layout.h"

typedef enum TagRole {
    TR_MAIN,      /* the block's own element */
    TR_SECT,      /* the section a heading or a measure opens */
    TR_LBL,       /* a list item's marker */
    TR_LBODY,     /* a list item's body */
    TR_CAPTION,   /* a table's, picture's or chart's caption */
    TR_THEAD,
    TR_TBODY,
    TR_SOURCE,    /* a table's source line */
    TR_TOCI,      /* a contents entry (keyed by its heading) */
    TR_TOCLINK,   /* the link of a contents entry */
    TR_TITLE,     /* the title of the contents */
    TR_ROWLINK,   /* a whole-row link */
    TR_PART       /* parts of the cover and the imprint: TR_PART + k */
} TagRole;

typedef struct StructTab StructTab;

/* A table whose alternative texts are copied into `result`. */
StructTab *tags_new(Arena *result);
void tags_free(StructTab *t);

/* The element for (key, role): created on the first request as `type` under
 * `parent`, with `alt` (copied; may be NULL). */
uint32_t tags_node(StructTab *t, const void *key, unsigned role, StructType type,
                   uint32_t parent, const char *alt);
/* The parent of an element. */
uint32_t tags_parent(const StructTab *t, uint32_t node);
/* The Link element of a link in running text under parent (inside a
 * Reference when it points at a measure), keyed by its target. */
uint32_t tags_link(StructTab *t, uint32_t parent, const DocLink *l);
/* Sets the scope of a TH. */
void tags_set_scope(StructTab *t, uint32_t node, ThScope scope);

/* The elements, copied into the result arena. */
const StructNode *tags_result(const StructTab *t, size_t *n);

/* Where the next top-level block goes: the open sections by heading level,
 * and the last heading level (headings never skip a level in the tags). */
enum { TAG_DEPTH = 8 };
typedef struct TagCursor {
    uint32_t sect[TAG_DEPTH];
    uint8_t level[TAG_DEPTH];
    int depth;
    int last_heading;
} TagCursor;

/* Closes the sections of level >= level and opens one for key. */
uint32_t tags_open_sect(StructTab *t, TagCursor *cur, const void *key, int level);
/* The innermost open section, or the Document (0). */
uint32_t tags_current_sect(const TagCursor *cur);
/* The heading type for a heading of `level`: at most one deeper than the
 * last heading. */
StructType tags_heading_type(TagCursor *cur, int level);

#endif
