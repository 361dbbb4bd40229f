/* markdown.c — a cmark-gfm AST (annotated by the load stage) into blocks and runs. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>

#include "internal.h"
#include "../base/mem.h"
#include "../base/utf8.h"

typedef struct MdCtx {
    Ctx *c;
    const Markdown *md;
    MdMode mode;
    /* footnotes: cmark-gfm numbers them 1.. in the order of first reference
     * and puts their definitions, in that order, at the end of the document */
    cmark_node **defs;      /* defs[k - 1]: the definition of note k */
    const Block **notes;    /* notes[k - 1]: its block once composed (first reference) */
    size_t n_defs;
    int note_base;          /* notes of the report before this document */
    bool in_note;           /* composing a note: marks in it get no note of their own */
} MdCtx;

/* Inline state of one paragraph, heading or caption. */
typedef struct InlState {
    MdCtx *m;
    Typo ty;
    RunVec runs;
    unsigned font;
    DocLink link;
    SrcPos pos;          /* fallback position (the block's) */
    /* paragraphs only: where to put pictures, which split the paragraph */
    BlockVec *out;
    StyleRole style;
    int depth;           /* nesting of inl_children (bounded by the load stage) */
} InlState;

static SrcPos node_pos(const MdCtx *m, cmark_node *n, SrcPos fallback)
{
    int line = cmark_node_get_start_line(n);
    int col = cmark_node_get_start_column(n);
    if (line <= 0)
        return fallback;
    return md_pos(m->md, line, col > 0 ? col : 1);
}

/* ---------- inline runs ---------- */

static void push_run(InlState *st, Run r)
{
    r.link = st->link;
    if (st->link.kind != DLINK_NONE && st->m->c->t) {
        r.has_color = true;
        r.color = st->m->c->t->link;
    }
    runs_push(&st->runs, r);
}

static void push_text(InlState *st, cmark_node *n, const char *s, bool code)
{
    Buf b = {0};
    size_t len = strlen(s);
    if (code) {
        typo_skip(&st->ty, s, len);
        buf_put(&b, s, len);
    } else {
        typo_quotes(&st->ty, s, len, &b);
    }
    const char *text = buf_to_arena(&b, st->m->c->a);
    SrcPos pos = node_pos(st->m, n, st->pos);
    push_run(st, run_text(text, st->font | (code ? RF_MONO : 0), pos));
}

static bool same_attrs(const Run *a, const Run *b)
{
    if (a->kind != RUN_TEXT || b->kind != RUN_TEXT || a->font != b->font ||
        a->has_color != b->has_color || a->link.kind != b->link.kind)
        return false;
    if (a->has_color && memcmp(&a->color, &b->color, sizeof a->color))
        return false;
    if (a->link.kind != DLINK_NONE && strcmp(a->link.target, b->link.target))
        return false;
    return true;
}

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n')
            return false;
    return true;
}

/* A line break or blank text (not code) at either end of a paragraph. */
static bool droppable(const Run *r)
{
    if (r->kind == RUN_BREAK)
        return true;
    return r->kind == RUN_TEXT && !(r->font & RF_MONO) && is_blank(r->text);
}

/* runs[0..n) have equal attributes: their text is set as one piece (so that
 * the spacing rules see across inline nodes: "z.<soft break>B."), then cut
 * again where the source line changes, so that each run keeps the position of
 * its line (missing-glyph warnings point there). */
static void text_group(Ctx *c, const Run *runs, size_t n, RunVec *out)
{
    bool code = runs[0].font & RF_MONO;
    if (n == 1) {
        Run r = runs[0];
        if (!code)
            r.text = typo_spacing(c->a, c->lang, r.text);
        runs_push(out, r);
        return;
    }
    Buf text = {0};
    size_t *offs = xmalloc(n * sizeof *offs), *first = xmalloc(n * sizeof *first);
    size_t pieces = 0;
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || runs[k].pos.line != runs[k - 1].pos.line) {
            offs[pieces] = text.len;
            first[pieces++] = k;
        }
        buf_puts(&text, runs[k].text);
    }
    const char *s = buf_to_arena(&text, c->a);
    if (!code)
        s = typo_spacing_map(c->a, c->lang, s, offs, pieces);
    size_t len = strlen(s);
    for (size_t p = 0; p < pieces; p++) {
        size_t from = offs[p], to = p + 1 < pieces ? offs[p + 1] : len;
        if (to <= from)
            continue;
        Run r = runs[first[p]];
        r.text = from == 0 && to == len ? s : arena_strndup(c->a, s + from, to - from);
        runs_push(out, r);
    }
    free(offs);
    free(first);
}

/* Sets the text of neighbouring runs of equal attributes together (spacing
 * rules outside code) and trims the ends. Empties the run vector. */
static Inlines finish_inlines(InlState *st)
{
    Ctx *c = st->m->c;
    RunVec out = {0};
    size_t i = 0;
    while (i < st->runs.n) {
        size_t j = i + 1;
        if (st->runs.v[i].kind == RUN_TEXT) {
            while (j < st->runs.n && same_attrs(&st->runs.v[i], &st->runs.v[j]))
                j++;
            text_group(c, st->runs.v + i, j - i, &out);
        } else {
            runs_push(&out, st->runs.v[i]);
        }
        i = j;
    }
    free(st->runs.v);
    st->runs = (RunVec){0};

    /* trim: drop blank runs and line breaks at the ends, then spaces */
    size_t b = 0, e = out.n;
    while (b < e && droppable(&out.v[b]))
        b++;
    while (e > b && droppable(&out.v[e - 1]))
        e--;
    if (b < e && out.v[b].kind == RUN_TEXT && !(out.v[b].font & RF_MONO)) {
        const char *s = out.v[b].text;
        while (*s == ' ' || *s == '\n')
            s++;
        out.v[b].text = s;
    }
    if (b < e && out.v[e - 1].kind == RUN_TEXT && !(out.v[e - 1].font & RF_MONO)) {
        const char *s = out.v[e - 1].text;
        size_t l = strlen(s);
        while (l > 0 && (s[l - 1] == ' ' || s[l - 1] == '\n'))
            l--;
        if (s[l])
            out.v[e - 1].text = arena_strndup(c->a, s, l);
    }
    if (b > 0 && b < e)
        memmove(out.v, out.v + b, (e - b) * sizeof *out.v);
    out.n = e > b ? e - b : 0;
    return runs_finish(c, &out);
}

/* Label pieces of "Maßnahme {id} (S. {page})": {id} filled, a space before
 * {id} or {page} made non-breaking. */
static const char *ref_piece(Ctx *c, const char *s, size_t n, const char *id, bool before_page)
{
    Buf b = {0};
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' && i + 1 + 4 <= n && !memcmp(s + i + 1, "{id}", 4)) {
            buf_puts(&b, NBSP);
            i++;
        } else if (s[i] == ' ' && before_page && i + 1 == n) {
            buf_puts(&b, NBSP);
            i++;
        } else if (i + 4 <= n && !memcmp(s + i, "{id}", 4)) {
            buf_puts(&b, id);
            i += 4;
        } else {
            buf_putc(&b, s[i++]);
        }
    }
    return buf_to_arena(&b, c->a);
}

static void measure_ref(InlState *st, cmark_node *n, const char *id)
{
    Ctx *c = st->m->c;
    SrcPos pos = node_pos(st->m, n, st->pos);
    const char *tmpl = label(c, LBL_MEASURE_REF);
    const char *page = strstr(tmpl, "{page}");
    size_t head = page ? (size_t)(page - tmpl) : strlen(tmpl);
    const char *before = ref_piece(c, tmpl, head, id, page != NULL);
    unsigned font = st->font | RF_NOHYPH; /* "Maß-nahme" would read badly */
    if (*before)
        push_run(st, run_text(before, font, pos));
    if (page) {
        Run r = run_text(NULL, font, pos);
        r.kind = RUN_PAGEREF;
        r.dest = st->link.target;
        push_run(st, r);
        const char *after = ref_piece(c, page + 6, strlen(page + 6), id, false);
        if (*after)
            push_run(st, run_text(after, font, pos));
    }
    typo_skip(&st->ty, ")", 1);
}

static void flush_paragraph(InlState *st);
static void image_block(InlState *st, cmark_node *n);
static const Block *note_block(MdCtx *m, size_t k, SrcPos pos);

/* "12" in superscript digits (Open Sans has them all). */
static const char *superscript(Ctx *c, const char *digits)
{
    static const char *const sup[] = {"\xE2\x81\xB0", "\xC2\xB9", "\xC2\xB2", "\xC2\xB3",
                                      "\xE2\x81\xB4", "\xE2\x81\xB5", "\xE2\x81\xB6",
                                      "\xE2\x81\xB7", "\xE2\x81\xB8", "\xE2\x81\xB9"};
    Buf b = {0};
    for (const char *s = digits; *s; s++)
        if (*s >= '0' && *s <= '9')
            buf_puts(&b, sup[*s - '0']);
    return buf_to_arena(&b, c->a);
}

/* A footnote reference: its number, raised, linking to the note; the first
 * reference carries the note itself. */
static void note_mark(InlState *st, cmark_node *n)
{
    MdCtx *m = st->m;
    Ctx *c = m->c;
    const char *lit = cmark_node_get_literal(n);
    long k = lit ? strtol(lit, NULL, 10) : 0;
    if (k < 1 || (size_t)k > m->n_defs)
        return; /* cannot happen: cmark-gfm links only defined notes */
    SrcPos pos = node_pos(m, n, st->pos);
    int number = m->note_base + (int)k;
    const Block *note = m->notes[k - 1];
    bool first = !note;
    if (first && !m->in_note)
        note = m->notes[k - 1] = note_block(m, (size_t)k, pos);
    DocLink saved = st->link;
    st->link.kind = DLINK_DEST;
    st->link.target = arena_printf(c->a, "fn-%d", number);
    Run r = run_text(superscript(c, arena_printf(c->a, "%d", number)), st->font | RF_NOHYPH, pos);
    push_run(st, r);
    if (first && note)
        st->runs.v[st->runs.n - 1].note = note;
    st->link = saved;
}

static void inl_children(InlState *st, cmark_node *n);

static void inl_node(InlState *st, cmark_node *n)
{
    Ctx *c = st->m->c;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
        push_text(st, n, cmark_node_get_literal(n), false);
        break;
    case CMARK_NODE_CODE:
        push_text(st, n, cmark_node_get_literal(n), true);
        break;
    case CMARK_NODE_SOFTBREAK:
        push_text(st, n, " ", false);
        /* cmark gives breaks no position: the space ends the line before */
        if (st->runs.n >= 2)
            st->runs.v[st->runs.n - 1].pos = st->runs.v[st->runs.n - 2].pos;
        break;
    case CMARK_NODE_LINEBREAK: {
        Run r = run_text(NULL, st->font, node_pos(st->m, n, st->pos));
        r.kind = RUN_BREAK;
        push_run(st, r);
        st->ty.prev = '\n';
        break;
    }
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG: {
        unsigned saved = st->font;
        st->font |= cmark_node_get_type(n) == CMARK_NODE_EMPH ? RF_ITALIC : RF_BOLD;
        inl_children(st, n);
        st->font = saved;
        break;
    }
    case CMARK_NODE_LINK: {
        const LinkTarget *lt = cmark_node_get_user_data(n);
        DocLink saved = st->link;
        const char *fallback = NULL;
        if (lt && lt->kind == LINK_MEASURE) {
            st->link.kind = DLINK_DEST;
            st->link.target = cat(c, "measure:", lt->id, STR_END);
            fallback = lt->id;
        } else if (lt && lt->kind == LINK_HEADING) {
            st->link.kind = DLINK_DEST;
            st->link.target = lt->id;
            fallback = lt->id;
        } else {
            st->link.kind = DLINK_URI;
            st->link.target = lt && lt->uri ? lt->uri : cmark_node_get_url(n);
            st->link.target = arena_strdup(c->a, st->link.target ? st->link.target : "");
            fallback = st->link.target;
        }
        if (lt && lt->kind == LINK_MEASURE && (lt->empty_text || !cmark_node_first_child(n))) {
            measure_ref(st, n, lt->id);
        } else {
            size_t before = st->runs.n;
            inl_children(st, n);
            if (st->runs.n == before && fallback && *fallback)
                push_text(st, n, fallback, false);
        }
        st->link = saved;
        break;
    }
    case CMARK_NODE_IMAGE:
        if (st->out)
            image_block(st, n);
        else
            inl_children(st, n); /* alt text */
        break;
    case CMARK_NODE_HTML_INLINE:
        break; /* dropped; the load stage warned */
    case CMARK_NODE_FOOTNOTE_REFERENCE:
        note_mark(st, n);
        break;
    default: {
        unsigned saved = st->font;
        if (md_ext(n) == MDX_STRIKE)
            st->font |= RF_STRIKE;
        inl_children(st, n);
        st->font = saved;
        break;
    }
    }
}

static void inl_children(InlState *st, cmark_node *n)
{
    if (st->depth > LOAD_MAX_MD_INLINE_DEPTH)
        return; /* the load stage reported the nesting as an error */
    st->depth++;
    for (cmark_node *ch = cmark_node_first_child(n); ch; ch = cmark_node_next(ch))
        inl_node(st, ch);
    st->depth--;
}

static void inl_init(InlState *st, MdCtx *m, SrcPos pos, BlockVec *out, StyleRole style)
{
    memset(st, 0, sizeof *st);
    st->m = m;
    typo_init(&st->ty, m->c->lang);
    st->pos = pos;
    st->out = out;
    st->style = style;
}

static void flush_paragraph(InlState *st)
{
    if (!st->runs.n)
        return;
    SrcPos pos = st->runs.v[0].pos;
    Inlines inl = finish_inlines(st);
    if (inl.n)
        blocks_push(st->out, para_inl(st->m->c, inl, st->style, pos));
}

static void image_block(InlState *st, cmark_node *n)
{
    Ctx *c = st->m->c;
    flush_paragraph(st);
    const Image *img = cmark_node_get_user_data(n);
    if (!img)
        return; /* the load stage reported the picture */
    SrcPos pos = node_pos(st->m, n, st->pos);
    Buf alt = {0};
    md_plain_text(n, &alt);
    const char *text = typo_string(c, alt.data ? alt.data : "");
    buf_free(&alt);
    Block *b = blk_new(c, BLK_IMAGE, STYLE_BODY, pos);
    b->image = img;
    b->alt = text;
    b->caption = caption_figure(c, text, pos);
    b->id = arena_printf(c->a, "figure-%d", c->n_figures);
    blocks_push(st->out, b);
    st->ty.prev = 0;
}

/* ---------- blocks ---------- */

static bool front_matter(const char *title)
{
    static const char *const names[] = {"Vorwort", "Geleitwort", "Foreword", "Preface"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(title, names[i]))
            return true;
    return false;
}

static const char *heading_number(Ctx *c, int level, const char *text)
{
    switch (level) {
    case 1:
        c->h2 = c->h3 = 0;
        if (front_matter(text)) {
            c->unnumbered = true;
            return NULL;
        }
        c->unnumbered = false;
        return arena_printf(c->a, "%d", ++c->h1);
    case 2:
        if (c->unnumbered || c->h1 == 0)
            return NULL;
        c->h3 = 0;
        return arena_printf(c->a, "%d.%d", c->h1, ++c->h2);
    case 3:
        if (c->unnumbered || c->h1 == 0)
            return NULL;
        return arena_printf(c->a, "%d.%d.%d", c->h1, c->h2, ++c->h3);
    default:
        return NULL;
    }
}

static void heading_block(MdCtx *m, cmark_node *n, BlockVec *out)
{
    Ctx *c = m->c;
    SrcPos pos = node_pos(m, n, m->md->origin);
    InlState st;
    inl_init(&st, m, pos, NULL, STYLE_BODY);
    inl_children(&st, n);
    Inlines inl = finish_inlines(&st);
    int level = cmark_node_get_heading_level(n);
    const char *number = NULL;
    if (m->mode == MD_EMBEDDED) {
        level = 4;
    } else {
        Buf plain = {0};
        md_plain_text(n, &plain);
        number = heading_number(c, level, plain.data ? plain.data : "");
        buf_free(&plain);
    }
    Block *b = heading_new(c, level, number, inl, pos);
    const char *slug = cmark_node_get_user_data(n);
    b->id = slug;
    b->dest = slug;
    blocks_push(out, b);
}

static void md_block(MdCtx *m, cmark_node *n, BlockVec *out, StyleRole para_style, int depth);

static const Block *const *child_blocks(MdCtx *m, cmark_node *n, StyleRole para_style, int depth,
                                        size_t *count)
{
    BlockVec v = {0};
    for (cmark_node *ch = cmark_node_first_child(n); ch; ch = cmark_node_next(ch))
        md_block(m, ch, &v, para_style, depth);
    return blocks_finish(m->c, &v, count);
}

static void list_block(MdCtx *m, cmark_node *n, BlockVec *out, int depth)
{
    Ctx *c = m->c;
    SrcPos pos = node_pos(m, n, m->md->origin);
    bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
    int num = cmark_node_get_list_start(n);
    const char *delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ")" : ".";
    /* Open Sans has no U+25E6 (white bullet): deeper levels alternate • and – */
    const char *bullet = depth % 2 == 0 ? "\xE2\x80\xA2" : EN_DASH;
    Block *list = blk_new(c, BLK_LIST, STYLE_LIST, pos);
    list->ordered = ordered;
    BlockVec items = {0};
    for (cmark_node *it = cmark_node_first_child(n); it; it = cmark_node_next(it)) {
        Block *item = blk_new(c, BLK_LIST_ITEM, STYLE_LIST, node_pos(m, it, pos));
        item->ordered = ordered;
        item->marker = ordered ? arena_printf(c->a, "%d%s", num++, delim) : bullet;
        if (md_ext(it) == MDX_TASK) { /* ☑ done, ☐ open */
            item->marker = cmark_gfm_extensions_get_tasklist_item_checked(it) ? "\xE2\x98\x91"
                                                                              : "\xE2\x98\x90";
            item->marker_font = RF_MONO;
        }
        item->children = child_blocks(m, it, STYLE_LIST, depth + 1, &item->n_children);
        blocks_push(&items, item);
    }
    list->children = blocks_finish(c, &items, &list->n_children);
    blocks_push(out, list);
}

/* ---------- tables ---------- */

/* A paragraph "Tabelle: Titel" directly above a table is its caption, one
 * "Quelle: …" directly below it its source line. */
static const char *const caption_words[] = {"Tabelle", "Table", NULL};
static const char *const source_words[] = {"Quellen", "Quelle", "Sources", "Source", NULL};

/* Bytes of "Word:" (and the spaces after it) at the start of paragraph p when
 * its text starts with one of words, else 0. */
static size_t lead_word(cmark_node *p, const char *const *words)
{
    if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
        return 0;
    cmark_node *t = cmark_node_first_child(p);
    const char *s = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ? cmark_node_get_literal(t) : NULL;
    for (size_t i = 0; s && words[i]; i++) {
        size_t n = strlen(words[i]);
        if (!strncmp(s, words[i], n) && s[n] == ':') {
            while (s[n + 1] == ' ')
                n++;
            return n + 1;
        }
    }
    return 0;
}

static bool is_md_table(cmark_node *n)
{
    return n && md_ext(n) == MDX_TABLE;
}

/* Is paragraph n the caption or the source line of a table (then the table shows it)? */
static bool table_owns(cmark_node *n)
{
    return (lead_word(n, caption_words) && is_md_table(cmark_node_next(n))) ||
           (lead_word(n, source_words) && is_md_table(cmark_node_previous(n)));
}

static Inlines cell_inlines(MdCtx *m, cmark_node *n, StyleRole style, SrcPos pos)
{
    InlState st;
    inl_init(&st, m, pos, NULL, style);
    inl_children(&st, n);
    return finish_inlines(&st);
}

/* Does text look like a number ("1.234", "12,5 %", "–3", "1.200 €")? */
static bool numeric(const char *s)
{
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (!strchr(" .,%+-()", *s) && strncmp(s, NBSP, 2) && strncmp(s, EN_DASH, 3) &&
                 strncmp(s, "\xE2\x82\xAC", 3))
            return false;
        else if ((unsigned char)*s >= 0x80)
            s += (unsigned char)*s >= 0xE0 ? 2 : 1;
    }
    return digit;
}

/* What the body cells of column j hold: are all non-empty ones numbers, and
 * how long is the longest (characters)? */
static void scan_column(cmark_node *table, size_t j, bool *numbers, size_t *longest)
{
    bool any = false, all = true;
    *longest = 0;
    for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
        cmark_node *cell = cmark_node_first_child(row);
        for (size_t k = 0; cell && k < j; k++)
            cell = cmark_node_next(cell);
        if (!cell)
            continue;
        Buf b = {0};
        md_plain_text(cell, &b);
        size_t len = b.data ? utf8_count(b.data, b.len) : 0;
        if (len > *longest)
            *longest = len;
        if (len && !cmark_gfm_extensions_get_table_row_is_header(row)) {
            any = true;
            all = all && numeric(b.data);
        }
        buf_free(&b);
    }
    *numbers = any && all;
}

#define MD_TEXT_COLUMN 24 /* characters: a column with longer cells shares the free width */

/* Alignment from the delimiter row; unaligned columns of numbers go right.
 * Columns of long text share the free width (the longest text column when
 * none is long), the others take what they need. */
static TableColumn *md_columns(Ctx *c, cmark_node *n, size_t nc)
{
    const uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
    TableColumn *cols = arena_calloc(c->a, nc, sizeof *cols);
    size_t widest = 0, widest_len = 0;
    bool any_fraction = false;
    for (size_t j = 0; j < nc; j++) {
        uint8_t a = al ? al[j] : 0;
        bool numbers;
        size_t longest;
        scan_column(n, j, &numbers, &longest);
        if (a == 0 && numbers)
            a = 'r';
        cols[j].align = a == 'r' ? ALIGN_RIGHT : a == 'c' ? ALIGN_CENTER : ALIGN_LEFT;
        cols[j].width_kind = COL_AUTO;
        if (!numbers && longest > MD_TEXT_COLUMN) {
            cols[j].width_kind = COL_FRACTION;
            cols[j].width = (float)longest;
            any_fraction = true;
        }
        if (!numbers && longest >= widest_len) {
            widest = j;
            widest_len = longest;
        }
    }
    if (!any_fraction) {
        cols[widest].width_kind = COL_FRACTION;
        cols[widest].width = 1;
    }
    return cols;
}

static TableRow md_row(MdCtx *m, cmark_node *row, size_t nc, bool header, size_t index)
{
    Ctx *c = m->c;
    StyleRole style = header ? STYLE_TABLE_HEADER : STYLE_TABLE;
    SrcPos rpos = node_pos(m, row, m->md->origin);
    TableCell *cells = arena_calloc(c->a, nc, sizeof *cells);
    cmark_node *cell = cmark_node_first_child(row);
    for (size_t j = 0; j < nc; j++) {
        SrcPos pos = cell ? node_pos(m, cell, rpos) : rpos;
        if (cell && cmark_node_first_child(cell)) /* the cell's start is its leading space */
            pos = node_pos(m, cmark_node_first_child(cell), pos);
        Inlines inl = cell ? cell_inlines(m, cell, style, pos) : (Inlines){0};
        cells[j] = cell_blocks(c, para_inl(c, inl, style, pos));
        cell = cell ? cmark_node_next(cell) : NULL;
    }
    TableRow r = {header ? "header" : arena_printf(c->a, "%zu", index), cells, {DLINK_NONE, NULL},
                  rpos};
    return r;
}

static void table_caption(MdCtx *m, Table *t, cmark_node *p, SrcPos tpos)
{
    Ctx *c = m->c;
    size_t skip = lead_word(p, caption_words);
    if (!skip) {
        t->id = arena_printf(c->a, "table-%s-%d", tpos.file ? tpos.file : "", tpos.line);
        return;
    }
    Buf b = {0};
    md_plain_text(p, &b);
    const char *text = b.data && b.len > skip ? b.data + skip : "";
    SrcPos pos = node_pos(m, p, tpos);
    t->caption = caption_table(c, typo_string(c, text), pos);
    buf_free(&b);
    t->id = arena_printf(c->a, "table-%d", c->n_tables);
}

static void table_md(MdCtx *m, cmark_node *n, BlockVec *out)
{
    Ctx *c = m->c;
    SrcPos pos = node_pos(m, n, m->md->origin);
    size_t nc = cmark_gfm_extensions_get_table_columns(n);
    if (nc == 0)
        return;
    Table *t = table_new(c, NULL, TABLE_GRID, md_columns(c, n, nc), nc);
    table_caption(m, t, cmark_node_previous(n), pos);
    RowVec rows = {0};
    for (cmark_node *row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
        if (cmark_gfm_extensions_get_table_row_is_header(row) && !t->header) {
            TableRow *h = arena_alloc(c->a, sizeof *h);
            *h = md_row(m, row, nc, true, 0);
            t->header = h;
        } else {
            rows_push(&rows, md_row(m, row, nc, false, rows.n + 1));
        }
    }
    table_set_rows(c, t, &rows);
    cmark_node *src = cmark_node_next(n);
    if (lead_word(src, source_words))
        t->source = cell_inlines(m, src, STYLE_SOURCE, node_pos(m, src, pos));
    blocks_push(out, table_block(c, t, pos));
}

static void md_block(MdCtx *m, cmark_node *n, BlockVec *out, StyleRole para_style, int depth)
{
    Ctx *c = m->c;
    SrcPos pos = node_pos(m, n, m->md->origin);
    if (is_md_table(n)) {
        table_md(m, n, out);
        return;
    }
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH: {
        if (table_owns(n))
            break;
        InlState st;
        inl_init(&st, m, pos, out, para_style);
        inl_children(&st, n);
        flush_paragraph(&st);
        break;
    }
    case CMARK_NODE_HEADING:
        heading_block(m, n, out);
        break;
    case CMARK_NODE_CODE_BLOCK: {
        const char *lit = cmark_node_get_literal(n);
        size_t len = lit ? strlen(lit) : 0;
        if (len && lit[len - 1] == '\n')
            len--;
        Block *b = blk_new(c, BLK_CODE, STYLE_CODE, pos);
        b->inl = inl_text(c, arena_strndup(c->a, lit ? lit : "", len), 0, pos);
        blocks_push(out, b);
        break;
    }
    case CMARK_NODE_HTML_BLOCK:
        if (md_is_pagebreak(cmark_node_get_literal(n)))
            blocks_push(out, blk_new(c, BLK_PAGEBREAK, STYLE_BODY, pos));
        break; /* other raw HTML: dropped, the load stage warned */
    case CMARK_NODE_THEMATIC_BREAK:
        blocks_push(out, blk_new(c, BLK_RULE, STYLE_BODY, pos));
        break;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
        break; /* set where it is referenced (note_mark) */
    case CMARK_NODE_BLOCK_QUOTE: {
        Block *b = blk_new(c, BLK_QUOTE, STYLE_QUOTE, pos);
        b->children = child_blocks(m, n, STYLE_QUOTE, depth, &b->n_children);
        blocks_push(out, b);
        break;
    }
    case CMARK_NODE_LIST:
        list_block(m, n, out, depth);
        break;
    default: /* document, custom blocks: their children */
        for (cmark_node *ch = cmark_node_first_child(n); ch; ch = cmark_node_next(ch))
            md_block(m, ch, out, para_style, depth);
        break;
    }
}

/* ---------- footnotes ---------- */

/* Note k of this document, numbered through the report. */
static const Block *note_block(MdCtx *m, size_t k, SrcPos pos)
{
    Ctx *c = m->c;
    cmark_node *def = m->defs[k - 1];
    int number = m->note_base + (int)k;
    Block *b = blk_new(c, BLK_FOOTNOTE, STYLE_FOOTNOTE, node_pos(m, def, pos));
    b->id = b->dest = arena_printf(c->a, "fn-%d", number);
    b->back_dest = arena_printf(c->a, "fnref-%d", number);
    b->marker = superscript(c, arena_printf(c->a, "%d", number));
    bool saved = m->in_note;
    m->in_note = true;
    b->children = child_blocks(m, def, STYLE_FOOTNOTE, 0, &b->n_children);
    m->in_note = saved;
    return b;
}

/* The definitions cmark-gfm put at the end of the document, in number order. */
static void collect_notes(MdCtx *m)
{
    size_t n = 0;
    for (cmark_node *ch = cmark_node_first_child(m->md->doc); ch; ch = cmark_node_next(ch))
        n += cmark_node_get_type(ch) == CMARK_NODE_FOOTNOTE_DEFINITION;
    if (!n)
        return;
    m->defs = xmalloc(n * sizeof *m->defs);
    m->notes = xcalloc(n, sizeof *m->notes);
    for (cmark_node *ch = cmark_node_first_child(m->md->doc); ch; ch = cmark_node_next(ch))
        if (cmark_node_get_type(ch) == CMARK_NODE_FOOTNOTE_DEFINITION)
            m->defs[m->n_defs++] = ch;
}

/* ---------- the closing lines of a chapter ---------- */

/* A chapter that ends in short paragraphs (place and date, signatures, a
 * last sentence) keeps them together, and with the end of the paragraph
 * before them, so that they never stand alone at the top of a page. */
#define CLOSING_MAX_CHARS 200   /* a short paragraph: about two lines of text */
#define CLOSING_MAX_PARAS 4

static bool short_paragraph(const Block *b)
{
    if (b->kind != BLK_PARAGRAPH || b->style != STYLE_BODY)
        return false;
    size_t chars = 0;
    for (size_t i = 0; i < b->inl.n; i++) {
        const Run *r = &b->inl.runs[i];
        if (r->kind == RUN_TEXT && r->text)
            chars += utf8_count(r->text, strlen(r->text));
    }
    return chars <= CLOSING_MAX_CHARS;
}

/* Blocks [from, end) are one chapter. The blocks are this call's own (made
 * by blk_new): setting the flag on them is safe. */
static void keep_closing(BlockVec *v, size_t from, size_t end)
{
    size_t first = end, n = 0;
    while (first > from && n < CLOSING_MAX_PARAS && short_paragraph(v->v[first - 1])) {
        first--;
        n++;
    }
    if (n == 0 || first == from)
        return;
    if (v->v[first - 1]->kind == BLK_PARAGRAPH)
        first--;
    for (size_t k = first; k + 1 < end; k++)
        ((Block *)v->v[k])->keep_with_next = true;
}

void md_compose(Ctx *c, const Markdown *md, MdMode mode, BlockVec *out)
{
    if (!md || !md->doc)
        return;
    MdCtx m = {c, md, mode, NULL, NULL, 0, c->n_notes, false};
    collect_notes(&m);
    size_t from = out->n;
    md_block(&m, md->doc, out, STYLE_BODY, 0);
    c->n_notes += (int)m.n_defs;
    free(m.defs);
    free(m.notes);
    if (mode != MD_CHAPTER)
        return;
    size_t start = from;
    for (size_t i = from; i < out->n; i++)
        if (out->v[i]->kind == BLK_HEADING && out->v[i]->level == 1) {
            keep_closing(out, start, i);
            start = i;
        }
    keep_closing(out, start, out->n);
}
