/* tags.c — the logical structure: elements keyed by the compose objects they
 * come from (see tags.h). A small open-addressing hash table maps keys to
 * element numbers. */
#include "tags.h"

#include <stdlib.h>
#include <string.h>

#include "../base/mem.h"

const char *const struct_type_names[ST_COUNT] = {
    [ST_DOCUMENT] = "Document", [ST_SECT] = "Sect",     [ST_H1] = "H1",
    [ST_H2] = "H2",             [ST_H3] = "H3",         [ST_H4] = "H4",
    [ST_H5] = "H5",             [ST_H6] = "H6",         [ST_P] = "P",
    [ST_L] = "L",               [ST_LI] = "LI",         [ST_LBL] = "Lbl",
    [ST_LBODY] = "LBody",       [ST_BLOCKQUOTE] = "BlockQuote", [ST_CODE] = "Code",
    [ST_TABLE] = "Table",       [ST_THEAD] = "THead",   [ST_TBODY] = "TBody",
    [ST_TR] = "TR",             [ST_TH] = "TH",         [ST_TD] = "TD",
    [ST_CAPTION] = "Caption",   [ST_FIGURE] = "Figure", [ST_TOC] = "TOC",
    [ST_TOCI] = "TOCI",         [ST_LINK] = "Link",     [ST_REFERENCE] = "Reference",
    [ST_NOTE] = "Note",
};

typedef struct Slot {
    const void *key;
    uint32_t role;
    uint32_t node; /* 0: empty (element 0 is the Document, never keyed) */
} Slot;

struct StructTab {
    Arena *result;
    StructNode *nodes; /* malloc'd */
    size_t n, cap;
    Slot *slots;       /* malloc'd, a power of two, at most half full */
    size_t n_slots;
};

StructTab *tags_new(Arena *result)
{
    StructTab *t = xcalloc(1, sizeof *t);
    t->result = result;
    t->nodes = mem_grow(NULL, &t->cap, 64, sizeof *t->nodes);
    t->nodes[0] = (StructNode){0, ST_DOCUMENT, SCOPE_NONE, NULL};
    t->n = 1;
    t->n_slots = 256;
    t->slots = xcalloc(t->n_slots, sizeof *t->slots);
    return t;
}

void tags_free(StructTab *t)
{
    if (!t)
        return;
    free(t->nodes);
    free(t->slots);
    free(t);
}

static size_t slot_hash(const void *key, unsigned role)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15u;
    h ^= (uint64_t)role * 0xC2B2AE3D27D4EB4Fu;
    return (size_t)(h ^ (h >> 29));
}

static Slot *find(const StructTab *t, const void *key, unsigned role)
{
    size_t mask = t->n_slots - 1;
    for (size_t i = slot_hash(key, role) & mask;; i = (i + 1) & mask) {
        Slot *s = &t->slots[i];
        if (!s->node || (s->key == key && s->role == role))
            return s;
    }
}

static void rehash(StructTab *t)
{
    Slot *old = t->slots;
    size_t n_old = t->n_slots;
    t->n_slots *= 2;
    t->slots = xcalloc(t->n_slots, sizeof *t->slots);
    for (size_t i = 0; i < n_old; i++)
        if (old[i].node)
            *find(t, old[i].key, old[i].role) = old[i];
    free(old);
}

uint32_t tags_node(StructTab *t, const void *key, unsigned role, StructType type,
                   uint32_t parent, const char *alt)
{
    if (!t) /* formatting without a structure (unit tests of the formatters) */
        return 0;
    Slot *s = find(t, key, role);
    if (s->node)
        return s->node;
    if (t->n + 1 > t->n_slots / 2) {
        rehash(t);
        s = find(t, key, role);
    }
    t->nodes = mem_grow(t->nodes, &t->cap, t->n + 1, sizeof *t->nodes);
    uint32_t id = (uint32_t)t->n++;
    t->nodes[id] = (StructNode){parent < id ? parent : 0, (uint8_t)type, SCOPE_NONE,
                                alt && *alt ? arena_strdup(t->result, alt) : NULL};
    *s = (Slot){key, role, id};
    return id;
}

uint32_t tags_parent(const StructTab *t, uint32_t node)
{
    return t && node < t->n ? t->nodes[node].parent : 0;
}

uint32_t tags_link(StructTab *t, uint32_t parent, const DocLink *l)
{
    /* keyed by the target string (compose gives each link its own) and the
     * element it is in: the pieces of one link on several lines are one */
    const void *key = l->target ? (const void *)l->target : (const void *)l;
    /* a link to a measure in running text is a reference to it */
    if (l->kind == DLINK_DEST && l->target && strncmp(l->target, "measure:", 8) == 0)
        parent = tags_node(t, key, parent | 0x80000000u, ST_REFERENCE, parent, NULL);
    return tags_node(t, key, parent, ST_LINK, parent, NULL);
}

void tags_set_scope(StructTab *t, uint32_t node, ThScope scope)
{
    if (t && node < t->n)
        t->nodes[node].scope = (uint8_t)scope;
}

const StructNode *tags_result(const StructTab *t, size_t *n)
{
    *n = t->n;
    return arena_dup(t->result, t->nodes, t->n * sizeof *t->nodes);
}

uint32_t tags_open_sect(StructTab *t, TagCursor *cur, const void *key, int level)
{
    if (!t)
        return 0;
    while (cur->depth > 0 && cur->level[cur->depth - 1] >= level)
        cur->depth--;
    uint32_t id = tags_node(t, key, TR_SECT, ST_SECT, tags_current_sect(cur), NULL);
    if (cur->depth < TAG_DEPTH) {
        cur->sect[cur->depth] = id;
        cur->level[cur->depth] = (uint8_t)level;
        cur->depth++;
    }
    return id;
}

uint32_t tags_current_sect(const TagCursor *cur)
{
    return cur->depth > 0 ? cur->sect[cur->depth - 1] : 0;
}

StructType tags_heading_type(TagCursor *cur, int level)
{
    if (level > cur->last_heading + 1)
        level = cur->last_heading + 1;
    if (level < 1)
        level = 1;
    if (level > 6)
        level = 6;
    cur->last_heading = level;
    return (StructType)(ST_H1 + level - 1);
}
