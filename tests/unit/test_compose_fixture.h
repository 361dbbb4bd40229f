/* test_compose_fixture.h — hand-built reports for the compose unit tests.
 *
 * Builds a Template with the built-in labels, parses Markdown with cmark and
 * annotates it the way load.h says the loader does (heading slugs, link
 * targets, pictures), and renders parts of the resulting tree as plain text
 * for assertions: a page reference shows as "{page:DEST}", a hard break "\n". */
#ifndef TEST_COMPOSE_FIXTURE_H
#define TEST_COMPOSE_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "compose/compose.h"

typedef struct Fix {
    Arena *a;
    Diags diags;
    Template tmpl;
    Report r;
    Part parts[16];
    cmark_node *docs[64];
    size_t n_docs;
    Image image;
} Fix;

static const char *const fix_labels_de[LBL_COUNT] = {
#define FIX_DE(id, key, de, en) de,
    IMR_LABELS(FIX_DE)
#undef FIX_DE
};
static const char *const fix_labels_en[LBL_COUNT] = {
#define FIX_EN(id, key, de, en) en,
    IMR_LABELS(FIX_EN)
#undef FIX_EN
};

static inline Color fix_rgb(float r, float g, float b)
{
    Color c = {r, g, b};
    return c;
}

static inline void fix_init(Fix *f, Lang lang)
{
    memset(f, 0, sizeof *f);
    f->a = arena_new();
    for (int i = 0; i < LBL_COUNT; i++)
        f->tmpl.labels[i] = lang == LANG_DE ? fix_labels_de[i] : fix_labels_en[i];
    f->tmpl.link = fix_rgb(0, 0.3f, 0.5f);
    for (int s = 0; s < STATUS_COUNT; s++)
        f->tmpl.status_colors[s] = fix_rgb(0.1f * (float)(s + 1), 0.2f, 0.3f);
    f->tmpl.table_zebra = true;
    f->r.dir = "rep";
    f->r.tmpl = &f->tmpl;
    f->r.info.lang = lang;
    f->r.info.title = "Titel";
    f->r.info.date.year = 2025;
    f->r.info.date.month = 11;
    f->r.info.date.day = 14;
    f->r.parts = f->parts;
    f->image.path = "img.png";
    f->image.width = f->image.height = 10;
    f->image.color = IMAGE_GRAY;
}

static inline void fix_free(Fix *f)
{
    for (size_t i = 0; i < f->n_docs; i++)
        cmark_node_free(f->docs[i]);
    diags_free(&f->diags);
    arena_free(f->a);
}

/* Annotates the AST as the loader does. */
static inline void fix_annotate(Fix *f, cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING: {
            Buf b = {0};
            for (cmark_node *ch = cmark_node_first_child(n); ch; ch = cmark_node_next(ch))
                if (cmark_node_get_literal(ch))
                    buf_puts(&b, cmark_node_get_literal(ch));
            cmark_node_set_user_data(n, slugify(f->a, b.data ? b.data : ""));
            buf_free(&b);
            break;
        }
        case CMARK_NODE_LINK: {
            const char *url = cmark_node_get_url(n);
            LinkTarget *t = arena_alloc(f->a, sizeof *t);
            if (!strncmp(url, "measure:", 8)) {
                t->kind = LINK_MEASURE;
                t->id = arena_strdup(f->a, url + 8);
                t->empty_text = cmark_node_first_child(n) == NULL;
            } else if (url[0] == '#') {
                t->kind = LINK_HEADING;
                t->id = arena_strdup(f->a, url + 1);
            } else {
                t->kind = LINK_URI;
                t->uri = arena_strdup(f->a, url);
            }
            cmark_node_set_user_data(n, t);
            break;
        }
        case CMARK_NODE_IMAGE:
            cmark_node_set_user_data(n, &f->image);
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

static inline const Markdown *fix_md(Fix *f, const char *text)
{
    Markdown *md = arena_alloc(f->a, sizeof *md);
    md->doc = md_parse(text, strlen(text));
    md->origin.file = "rep/ch.md";
    md->origin.line = 1;
    md->origin.col = 1;
    assert_true(f->n_docs < 64);
    f->docs[f->n_docs++] = md->doc;
    fix_annotate(f, md->doc);
    return md;
}

static inline void fix_part_md(Fix *f, const char *text)
{
    Part *p = &f->parts[f->r.n_parts++];
    p->kind = PART_MARKDOWN;
    p->md = fix_md(f, text);
}

static inline void fix_part(Fix *f, PartKind kind, const char *title)
{
    Part *p = &f->parts[f->r.n_parts++];
    p->kind = kind;
    p->title = title;
    p->pos.file = "rep/report.yaml";
    p->pos.line = (int)f->r.n_parts;
    p->pos.col = 5;
    p->slug = slugify(f->a, title);
}

static inline const Doc *fix_compose(Fix *f)
{
    const Doc *d = compose_document(&f->r, f->a, &f->diags);
    assert_non_null(d);
    return d;
}

/* ---------- reading the tree ---------- */

static inline void fix_inl_text(const Inlines *inl, Buf *b)
{
    for (size_t i = 0; i < inl->n; i++) {
        const Run *r = &inl->runs[i];
        if (r->kind == RUN_TEXT)
            buf_puts(b, r->text);
        else if (r->kind == RUN_BREAK)
            buf_puts(b, "\n");
        else
            buf_printf(b, "{page:%s}", r->dest);
    }
}

/* Text of inlines, in the arena. */
static inline const char *fix_text(Fix *f, const Inlines *inl)
{
    Buf b = {0};
    fix_inl_text(inl, &b);
    const char *s = arena_strdup(f->a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

/* Text of a table cell (its paragraphs and progress blocks). */
static inline const char *fix_cell(Fix *f, const TableCell *cell)
{
    Buf b = {0};
    for (size_t i = 0; i < cell->n_blocks; i++)
        fix_inl_text(&cell->blocks[i]->inl, &b);
    const char *s = arena_strdup(f->a, b.data ? b.data : "");
    buf_free(&b);
    return s;
}

/* Depth-first list of every block (children included), for searching. */
typedef struct FixBlocks {
    const Block *v[4096];
    size_t n;
} FixBlocks;

static inline void fix_collect_one(FixBlocks *fb, const Block *b)
{
    assert_true(fb->n < 4096);
    fb->v[fb->n++] = b;
    for (size_t i = 0; i < b->n_children; i++)
        fix_collect_one(fb, b->children[i]);
}

static inline FixBlocks *fix_collect(Fix *f, const Doc *d)
{
    FixBlocks *fb = arena_alloc(f->a, sizeof *fb);
    for (size_t i = 0; i < d->n_blocks; i++)
        fix_collect_one(fb, d->blocks[i]);
    return fb;
}

/* The n-th (0-based) block of a kind, depth-first, or NULL. */
static inline const Block *fix_nth(const FixBlocks *fb, BlockKind kind, int n)
{
    for (size_t i = 0; i < fb->n; i++)
        if (fb->v[i]->kind == kind && n-- == 0)
            return fb->v[i];
    return NULL;
}

static inline const Block *fix_by_id(const FixBlocks *fb, const char *id)
{
    for (size_t i = 0; i < fb->n; i++)
        if (fb->v[i]->id && !strcmp(fb->v[i]->id, id))
            return fb->v[i];
    return NULL;
}

/* Text of the first paragraph of a one-part Markdown document. */
static inline const char *fix_para(Fix *f, const char *md)
{
    fix_part_md(f, md);
    const Doc *d = fix_compose(f);
    FixBlocks *fb = fix_collect(f, d);
    const Block *p = fix_nth(fb, BLK_PARAGRAPH, 0);
    assert_non_null(p);
    return fix_text(f, &p->inl);
}

#endif
