/* markdown.c — Markdown with cmark-gfm: positions, slugs, links, pictures, raw HTML.
 *
 * Parsing happens as files are read (pictures are decoded then, raw HTML
 * warned about); slugs are given afterwards in document order; links are
 * checked last, when every slug and measure id is known. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>

#include "../base/buf.h"
#include "../base/image.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "internal.h"

/* Characters in md->text before byte offset off (a character boundary). */
static size_t chars_before(const Markdown *md, size_t off)
{
    if (!md->chk_byte)
        return utf8_count(md->text, off);
    size_t k = off / MD_POS_STEP;
    if (k > 0 && md->chk_byte[k] > off)
        k--;
    return md->chk_chars[k] + utf8_count(md->text + md->chk_byte[k], off - md->chk_byte[k]);
}

SrcPos md_pos(const Markdown *md, int line, int col)
{
    if (!md)
        return (SrcPos){0};
    if (line <= 0)
        return md->origin;
    int ccol = col > 0 ? col : 1;
    if (md->text && md->line_starts && (size_t)line <= md->n_lines) {
        size_t s = md->line_starts[line - 1];
        size_t e = (size_t)line < md->n_lines ? md->line_starts[line] : md->text_len;
        while (e > s && (md->text[e - 1] == '\n' || md->text[e - 1] == '\r'))
            e--;
        size_t bytes = col > 1 ? (size_t)(col - 1) : 0;
        if (bytes > e - s)
            bytes = 0; /* a column past the line (cmark's autolinks): the line start */
        ccol = (int)(chars_before(md, s + bytes) - chars_before(md, s)) + 1;
    }
    SrcPos p = md->origin;
    p.line = md->origin.line + line - 1;
    p.col = ccol + (line == 1 ? md->first_col_offset : md->col_offset);
    return p;
}

cmark_node *md_parse(const char *text, size_t len)
{
    static const char *const exts[] = {"table", "strikethrough", "autolink", "tasklist"};
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE);
    if (!p)
        return NULL;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (e)
            cmark_parser_attach_syntax_extension(p, e);
    }
    cmark_parser_feed(p, text, len);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    return doc;
}

MdExt md_ext(cmark_node *n)
{
    static const struct {
        const char *name;
        MdExt ext;
    } names[] = {{"table", MDX_TABLE},          {"table_header", MDX_TABLE_ROW},
                 {"table_row", MDX_TABLE_ROW},  {"table_cell", MDX_TABLE_CELL},
                 {"strikethrough", MDX_STRIKE}, {"tasklist", MDX_TASK}};
    if (!n || !cmark_node_get_syntax_extension(n))
        return MDX_NONE;
    const char *t = cmark_node_get_type_string(n);
    for (size_t i = 0; t && i < sizeof names / sizeof *names; i++)
        if (!strcmp(t, names[i].name))
            return names[i].ext;
    return MDX_NONE;
}

static SrcPos node_pos(const Markdown *md, cmark_node *n)
{
    while (n && cmark_node_get_start_line(n) <= 0)
        n = cmark_node_parent(n);
    if (!n)
        return md->origin;
    return md_pos(md, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
}

static void register_doc(Report *r, cmark_node *doc)
{
    r->md_docs = mem_grow(r->md_docs, &r->cap_md_docs, r->n_md_docs + 1, sizeof *r->md_docs);
    r->md_docs[r->n_md_docs++] = doc;
}

static bool has_scheme(const char *url)
{
    for (const char *p = url; *p; p++) {
        if (*p == ':')
            return p > url;
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '+' || *p == '-' || *p == '.'))
            return false;
    }
    return false;
}

const Image *load_image(Loader *L, const char *rel, SrcPos pos)
{
    ImageEntry *e = strmap_get(&L->image_map, rel);
    if (e)
        return e->img;
    e = arena_alloc(L->arena, sizeof *e);
    e->rel = rel;
    strmap_put(&L->image_map, rel, e);
    vec_push(&L->images, e);
    const char *shown = display_path(L, rel);
    size_t len;
    unsigned char *data = read_file(L, shown, shown, pos, LOAD_MAX_IMAGE_SIZE, &len);
    if (!data)
        return NULL;
    e->data = data;
    e->len = len;
    Image *img = arena_alloc(L->arena, sizeof *img);
    char err[256] = "";
    if (image_decode(data, len, shown, L->arena, img, err, sizeof err) != 0) {
        diag_error(L->diags, pos, "picture '%s' cannot be used: %s", shown,
                   err[0] ? err : "not a PNG or JPEG file");
        return NULL;
    }
    if ((unsigned long long)img->width * (unsigned long long)img->height > LOAD_MAX_IMAGE_PIXELS) {
        diag_error(L->diags, pos, "picture '%s' is too large (%d x %d pixels; at most %u)", shown,
                   img->width, img->height, LOAD_MAX_IMAGE_PIXELS);
        return NULL;
    }
    L->pixels += (unsigned long long)img->width * (unsigned long long)img->height;
    if (L->pixels > LOAD_MAX_TOTAL_PIXELS) {
        diag_error(L->diags, pos,
                   "picture '%s' makes the report's pictures too large together (more than "
                   "%u pixels)",
                   shown, LOAD_MAX_TOTAL_PIXELS);
        return NULL;
    }
    e->img = img;
    return img;
}

bool md_is_pagebreak(const char *html)
{
    static const char mark[] = "<!-- pagebreak -->";
    if (!html)
        return false;
    while (*html == ' ')
        html++;
    if (strncmp(html, mark, sizeof mark - 1))
        return false;
    for (html += sizeof mark - 1; *html; html++)
        if (*html != ' ' && *html != '\t' && *html != '\n' && *html != '\r')
            return false;
    return true;
}

static bool is_nesting(cmark_node_type t)
{
    return t == CMARK_NODE_LIST || t == CMARK_NODE_BLOCK_QUOTE;
}

/* "[^label]" left as text: a footnote reference without a definition. */
static void undefined_note(Loader *L, const Markdown *md, cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    const char *at = lit ? strstr(lit, "[^") : NULL;
    const char *end = at ? strchr(at, ']') : NULL;
    if (!end || end == at + 2)
        return;
    int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
    SrcPos pos = line > 0 ? md_pos(md, line, col + (int)(at - lit)) : node_pos(md, n);
    diag_warning(L->diags, pos, "footnote '%.*s' has no definition ('%.*s: text' on a line of "
                 "its own); it is printed as written", (int)(end - at + 1), at,
                 (int)(end - at + 1), at);
}

/* Nodes with children other than lists, items and quotes: a paragraph or
 * heading and the inlines in it (emphasis, links, pictures). */
static bool is_inline_nesting(cmark_node *n)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_BLOCK_QUOTE:
        return false;
    default:
        return cmark_node_first_child(n) != NULL;
    }
}

/* Counts the nesting of n's kind on entering and leaving it; reports the
 * first node past the limit once. */
static void nesting_step(Loader *L, const Markdown *md, cmark_node *n, bool enter, int *depth,
                         int max, bool *reported, const char *what)
{
    if (!enter) {
        (*depth)--;
        return;
    }
    if (++*depth > max && !*reported) {
        *reported = true;
        diag_error(L->diags, node_pos(md, n), "%s nested too deep (more than %d levels)", _(what),
                   max);
    }
}

/* Pictures, raw HTML and the nesting limit, right after parsing. */
static void md_first_pass(Loader *L, Markdown *md, const char *base_rel)
{
    cmark_iter *it = cmark_iter_new(md->doc);
    cmark_event_type ev;
    int depth = 0, inl_depth = 0;
    bool too_deep = false, inl_too_deep = false;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER && ev != CMARK_EVENT_EXIT)
            continue;
        bool enter = ev == CMARK_EVENT_ENTER;
        if (is_nesting(cmark_node_get_type(n)))
            nesting_step(L, md, n, enter, &depth, LOAD_MAX_MD_DEPTH, &too_deep,
                         N_("lists and block quotes"));
        else if (is_inline_nesting(n))
            nesting_step(L, md, n, enter, &inl_depth, LOAD_MAX_MD_INLINE_DEPTH, &inl_too_deep,
                         N_("emphasis, links and pictures"));
        if (!enter)
            continue;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
            undefined_note(L, md, n);
            break;
        case CMARK_NODE_HTML_BLOCK:
            if (!md_is_pagebreak(cmark_node_get_literal(n)))
                diag_warning(L->diags, node_pos(md, n), "raw HTML is not rendered");
            break;
        case CMARK_NODE_HTML_INLINE:
            diag_warning(L->diags, node_pos(md, n), "raw HTML is not rendered");
            break;
        case CMARK_NODE_IMAGE: {
            const char *url = cmark_node_get_url(n);
            SrcPos pos = node_pos(md, n);
            if (!url || !*url) {
                diag_error(L->diags, pos, "picture without a file name");
            } else if (has_scheme(url)) {
                diag_error(L->diags, pos,
                           "picture '%s' must be a file in the report folder, not a link", url);
            } else {
                const char *rel = resolve_path(L, base_rel, url, pos, "picture");
                const Image *img = rel ? load_image(L, rel, pos) : NULL;
                if (img)
                    cmark_node_set_user_data(n, (void *)img);
            }
            break;
        }
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

Markdown *md_from_text(Loader *L, const char *text, size_t len, SrcPos origin, int first_off,
                       int off, const char *base_rel)
{
    size_t bom = bom_len(text, len);
    text += bom;
    len -= bom;
    Markdown *md = arena_alloc(L->arena, sizeof *md);
    md->origin = origin;
    md->first_col_offset = first_off;
    md->col_offset = off;
    char *copy = arena_strndup(L->arena, text, len);
    md->text = copy;
    md->text_len = len;
    size_t n_lines = 1;
    for (size_t i = 0; i < len; i++)
        if (copy[i] == '\n' || (copy[i] == '\r' && copy[i + 1] != '\n'))
            n_lines++;
    size_t *starts = arena_calloc(L->arena, n_lines, sizeof *starts);
    size_t k = 1;
    for (size_t i = 0; i < len; i++)
        if (copy[i] == '\n' || (copy[i] == '\r' && copy[i + 1] != '\n'))
            starts[k++] = i + 1;
    md->line_starts = starts;
    md->n_lines = n_lines;
    /* checkpoints for md_pos: chk_byte[k] is the first character start at or after
     * k * MD_POS_STEP (the text end for the last), chk_chars[k] the characters before it */
    size_t n_chk = len / MD_POS_STEP + 1;
    size_t *chk_byte = arena_calloc(L->arena, n_chk, sizeof *chk_byte);
    size_t *chk_chars = arena_calloc(L->arena, n_chk, sizeof *chk_chars);
    size_t pos = 0, chars = 0;
    for (size_t k = 0; k < n_chk; k++) {
        while (pos < k * MD_POS_STEP && pos < len) {
            uint32_t cp;
            pos += utf8_next((const unsigned char *)copy + pos, len - pos, &cp);
            chars++;
        }
        chk_byte[k] = pos;
        chk_chars[k] = chars;
    }
    md->chk_byte = chk_byte;
    md->chk_chars = chk_chars;
    if (!md_within_limits(L, md))
        return NULL; /* reported; parsing it could take hours */
    md->doc = md_parse(copy, len);
    if (!md->doc) {
        diag_error(L->diags, origin, "cannot parse Markdown");
        return NULL;
    }
    register_doc(L->r, md->doc);
    md_first_pass(L, md, base_rel);
    MdEntry *e = arena_alloc(L->arena, sizeof *e);
    e->md = md;
    e->base_rel = base_rel;
    vec_push(&L->mds, e);
    return md;
}

Markdown *md_from_node(Loader *L, const Node *n, const char *base_rel)
{
    if (n->style == SCALAR_LITERAL || n->style == SCALAR_FOLDED) {
        const char *t = n->style == SCALAR_FOLDED && n->raw ? n->raw : n->text;
        SrcPos o = {n->pos.file, n->block_line, 1};
        return md_from_text(L, t, strlen(t), o, n->block_indent, n->block_indent, base_rel);
    }
    int q = n->style == SCALAR_SINGLE || n->style == SCALAR_DOUBLE;
    SrcPos o = n->pos;
    o.col = 1;
    return md_from_text(L, n->text, n->len, o, n->pos.col - 1 + q, 0, base_rel);
}

/* ---------- slugs ---------- */

const char *unique_slug(Loader *L, const char *text)
{
    const char *base = slugify(L->arena, text);
    if (!*base)
        base = "section";
    /* the next suffix to try per base, so that n equal headings cost O(n) */
    uintptr_t k = (uintptr_t)strmap_get(&L->slug_next, base);
    const char *cand = base;
    if (k == 0)
        k = 1;
    while (strmap_get(&L->slugs, cand))
        cand = arena_printf(L->arena, "%s-%lu", base, (unsigned long)k++);
    strmap_put(&L->slug_next, base, (void *)k);
    strmap_put(&L->slugs, cand, L->measures_hidden ? SLUG_HIDDEN : SLUG_SHOWN);
    return cand;
}

void md_plain_text(cmark_node *n, Buf *b)
{
    /* iterative: slugs are made even for a heading nested too deep (an error) */
    cmark_iter *it = cmark_iter_new(n);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *c = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || c == n)
            continue;
        switch (cmark_node_get_type(c)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE: {
            const char *lit = cmark_node_get_literal(c);
            buf_puts(b, lit ? lit : "");
            break;
        }
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            buf_putc(b, ' ');
            break;
        default: /* raw HTML left out; containers: their children follow */
            break;
        }
    }
    cmark_iter_free(it);
}

void md_assign_slugs(Loader *L, const Markdown *md)
{
    if (!md || !md->doc)
        return;
    for (cmark_node *n = cmark_node_first_child(md->doc); n;) {
        /* headings are blocks: walk blocks in document order (into quotes and lists) */
        cmark_node_type type = cmark_node_get_type(n);
        if (type == CMARK_NODE_HEADING) {
            Buf b = {0};
            md_plain_text(n, &b);
            const char *slug = unique_slug(L, b.data ? b.data : "");
            buf_free(&b);
            cmark_node_set_user_data(n, (void *)slug);
        }
        bool leaf = type == CMARK_NODE_HEADING || type == CMARK_NODE_PARAGRAPH;
        cmark_node *child = leaf ? NULL : cmark_node_first_child(n);
        if (child) {
            n = child;
            continue;
        }
        while (n && n != md->doc && !cmark_node_next(n))
            n = cmark_node_parent(n);
        n = n && n != md->doc ? cmark_node_next(n) : NULL;
    }
}

/* ---------- links ---------- */

typedef struct Near {
    const char *slug;
    size_t dist;
} Near;

static int cmp_near(const void *a, const void *b)
{
    const Near *x = a, *y = b;
    if (x->dist != y->dist)
        return x->dist < y->dist ? -1 : 1;
    return strcmp(x->slug, y->slug);
}

/* A link to a heading that does not exist: the nearest names (by edit
 * distance), the nearest one as "did you mean" when it is close enough. */
static void unknown_slug(Loader *L, SrcPos pos, const char *slug)
{
    Near *near = xmalloc((L->slugs.len + 1) * sizeof *near);
    const char **keys = xmalloc((L->slugs.len + 1) * sizeof *keys);
    size_t n = 0;
    for (size_t i = 0; i < L->slugs.cap; i++)
        if (L->slugs.keys[i] && L->slugs.vals[i] == SLUG_SHOWN) {
            keys[n] = L->slugs.keys[i];
            near[n] = (Near){keys[n], edit_distance(slug, keys[n])};
            n++;
        }
    const char *s = n ? suggest(slug, keys, n) : NULL;
    size_t len = strlen(slug);
    qsort(near, n, sizeof *near, cmp_near);
    for (size_t i = 0; !s && i < n; i++) /* '#nächste-schritte' for 'Nächste Schritte 2026' */
        if (!strncmp(near[i].slug, slug, len) && near[i].slug[len] == '-')
            s = near[i].slug;
    if (s)
        diag_error(L->diags, pos,
                   "link to '#%s': no heading in the report has this link name; did you mean "
                   "'#%s'?",
                   slug, s);
    else
        diag_error(L->diags, pos, "link to '#%s': no heading in the report has this link name",
                   slug);
    if (n) {
        const char *list = "";
        for (size_t i = 0; i < n && i < 3; i++) {
            const char *q = arena_printf(L->arena, _("'%s'"), arena_printf(L->arena, "#%s", near[i].slug));
            list = i ? arena_printf(L->arena, "%s, %s", list, q) : q;
        }
        diag_note(L->diags,
                  "the closest headings: %s (a heading's link name is its text in lower case, "
                  "with '-' for spaces)",
                  list);
    }
    free(keys);
    free(near);
}

/* measure:ID to a measure that does not exist: the closest id as "did you mean" */
static void unknown_measure_link(Loader *L, SrcPos pos, const char *id)
{
    const char **ids = xmalloc((L->measure_map.len + 1) * sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < L->measure_map.cap; i++)
        if (L->measure_map.keys[i])
            ids[n++] = L->measure_map.keys[i];
    const char *s = n ? suggest(id, ids, n) : NULL;
    if (s)
        diag_error(L->diags, pos,
                   "link to measure '%s', but there is no such measure; did you mean 'measure:%s'?",
                   id, s);
    else
        diag_error(L->diags, pos, "link to measure '%s', but there is no such measure", id);
    free(ids);
}

static void resolve_link(Loader *L, const Markdown *md, cmark_node *n, bool in_measures)
{
    const char *url = cmark_node_get_url(n);
    SrcPos pos = node_pos(md, n);
    LinkTarget *t = arena_alloc(L->arena, sizeof *t);
    t->empty_text = cmark_node_first_child(n) == NULL;
    if (!url || !*url) {
        diag_error(L->diags, pos, "link without a target");
        return;
    }
    if ((!strncasecmp(url, "https:", 6) && url[6]) || (!strncasecmp(url, "http:", 5) && url[5]) ||
        (!strncasecmp(url, "mailto:", 7) && url[7])) {
        t->kind = LINK_URI;
        t->uri = url;
    } else if (!strncmp(url, "measure:", 8)) {
        const char *id = url + 8;
        if (!strmap_get(&L->measure_map, id)) {
            if (!L->measures_incomplete)
                unknown_measure_link(L, pos, id);
            return;
        }
        if (L->measures_hidden && !in_measures) {
            diag_error(L->diags, pos,
                       "link to measure '%s', but contents has no measures part to show it", id);
            return;
        }
        t->kind = LINK_MEASURE;
        t->id = arena_strdup(L->arena, id);
    } else if (url[0] == '#') {
        void *shown = strmap_get(&L->slugs, url + 1);
        if (!shown) {
            if (!L->slugs_incomplete)
                unknown_slug(L, pos, url + 1);
            return;
        }
        if (shown == SLUG_HIDDEN && !in_measures) {
            diag_error(L->diags, pos,
                       "link to '#%s': this heading is in a measure file, but contents has no "
                       "measures part to show it",
                       url + 1);
            return;
        }
        t->kind = LINK_HEADING;
        t->id = arena_strdup(L->arena, url + 1);
    } else {
        diag_error(L->diags, pos,
                   "link target '%s' is not allowed; use https:, http:, mailto:, "
                   "measure:ID or #heading",
                   url);
        return;
    }
    if (t->empty_text && t->kind != LINK_MEASURE)
        diag_warning(L->diags, pos, "link to '%s' has no text", url);
    cmark_node_set_user_data(n, t);
}

void md_resolve_links(Loader *L, const Markdown *md, bool in_measures)
{
    if (!md || !md->doc)
        return;
    cmark_iter *it = cmark_iter_new(md->doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_LINK)
            resolve_link(L, md, n, in_measures);
    }
    cmark_iter_free(it);
}
