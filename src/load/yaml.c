/* yaml.c — YAML text into a tree of Nodes with author positions.
 *
 * libyaml's event parser does the syntax; we build the tree, share anchored
 * nodes for aliases (bounded: LOAD_MAX_ALIASES uses, LOAD_MAX_EXPANDED nodes),
 * bound nesting and scalar length, reject duplicate keys, and turn libyaml's
 * problems into messages an author understands. libyaml counts lines and
 * columns in characters, skips a BOM and treats CRLF as one break. */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../base/buf.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "internal.h"

typedef struct Frame {
    Node *node;
    PtrVec items, keys;
    Node *pending_key;
} Frame;

typedef struct Anchor {
    char *name;
    Node *node;
} Anchor;

typedef struct Builder {
    Arena *a;
    Diags *d;
    const char *file;
    const char *src;
    size_t len;
    size_t *line_starts; /* byte offset of each line (0-based index) */
    size_t n_lines;
    Frame stack[LOAD_MAX_DEPTH + 1];
    int depth;
    Anchor *anchors;
    size_t n_anchors, cap_anchors;
    size_t alias_uses, expanded;
    Node *root;
    bool failed;
    /* the last quoted scalar that ran over several lines: when the next
     * problem follows right after it, its closing quote is likely missing */
    bool quoted_multi;
    yaml_mark_t quoted_start, quoted_end;
} Builder;

SrcPos src_pos_of(const char *file, const char *src, size_t len, size_t off)
{
    SrcPos p = {file, 1, 1};
    size_t start = bom_len(src, len);
    size_t line_start = start;
    for (size_t i = start; i < off && i < len; i++) {
        if (src[i] == '\n' || (src[i] == '\r' && (i + 1 >= len || src[i + 1] != '\n'))) {
            p.line++;
            line_start = i + 1;
        }
    }
    if (off > len)
        off = len;
    p.col = (int)utf8_count(src + line_start, off > line_start ? off - line_start : 0) + 1;
    return p;
}

static SrcPos mark_pos(const Builder *b, yaml_mark_t m)
{
    return (SrcPos){b->file, (int)m.line + 1, (int)m.column + 1};
}

static void index_lines(Builder *b)
{
    size_t cap = 64;
    b->line_starts = xmalloc(cap * sizeof *b->line_starts);
    size_t i = bom_len(b->src, b->len);
    b->line_starts[0] = i;
    b->n_lines = 1;
    for (; i < b->len; i++) {
        char c = b->src[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= b->len || b->src[i + 1] != '\n'))) {
            b->line_starts = mem_grow(b->line_starts, &cap, b->n_lines + 1, sizeof *b->line_starts);
            b->line_starts[b->n_lines++] = i + 1;
        }
    }
}

/* The source line (0-based) without its line break. */
static const char *line_text(const Builder *b, size_t line, size_t *n)
{
    if (line >= b->n_lines) {
        *n = 0;
        return b->src + b->len;
    }
    size_t s = b->line_starts[line];
    size_t e = line + 1 < b->n_lines ? b->line_starts[line + 1] : b->len;
    while (e > s && (b->src[e - 1] == '\n' || b->src[e - 1] == '\r'))
        e--;
    *n = e - s;
    return b->src + s;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* Block scalar: find where its content starts and how far it is indented;
 * for folded scalars keep the de-indented lines (Markdown wants the lines). */
static void block_info(Builder *b, Node *n, yaml_mark_t start, yaml_mark_t end)
{
    size_t first = start.line + 1; /* content starts on the line after the indicator */
    n->block_line = (int)first + 1;
    size_t last = end.line; /* exclusive-ish: end mark is at or after the last content line */
    if (last >= b->n_lines)
        last = b->n_lines - 1;
    int indent = -1;
    for (size_t l = first; l <= last && l < b->n_lines; l++) {
        size_t len;
        const char *s = line_text(b, l, &len);
        if (blank(s, len))
            continue;
        size_t k = 0;
        while (k < len && s[k] == ' ')
            k++;
        indent = (int)k;
        break;
    }
    if (indent < 0)
        indent = 0;
    n->block_indent = indent;
    if (n->style != SCALAR_FOLDED)
        return;
    Buf out = {0};
    for (size_t l = first; l < b->n_lines; l++) {
        size_t len;
        const char *s = line_text(b, l, &len);
        size_t k = 0;
        while (k < len && k < (size_t)indent && s[k] == ' ')
            k++;
        if (!blank(s, len) && (int)k < indent)
            break; /* less indented: the scalar has ended */
        if (l > end.line)
            break;
        buf_put(&out, s + k, len - k);
        buf_putc(&out, '\n');
    }
    /* drop trailing blank lines */
    while (out.len >= 2 && out.data[out.len - 1] == '\n' && out.data[out.len - 2] == '\n')
        out.len--;
    n->raw = buf_to_arena(&out, b->a);
}

static Node *new_node(Builder *b, NodeKind kind, yaml_mark_t m)
{
    Node *n = arena_alloc(b->a, sizeof *n);
    n->kind = kind;
    n->pos = mark_pos(b, m);
    n->weight = 1;
    return n;
}

static void remember_anchor(Builder *b, const yaml_char_t *anchor, Node *n)
{
    if (!anchor)
        return;
    b->anchors = mem_grow(b->anchors, &b->cap_anchors, b->n_anchors + 1, sizeof *b->anchors);
    b->anchors[b->n_anchors].name = strdup((const char *)anchor);
    b->anchors[b->n_anchors].node = n;
    b->n_anchors++;
}

static Node *find_anchor(const Builder *b, const char *name)
{
    for (size_t i = b->n_anchors; i-- > 0;)
        if (!strcmp(b->anchors[i].name, name))
            return b->anchors[i].node;
    return NULL;
}

/* msg: an English message marked with N_() */
static void fail(Builder *b, SrcPos pos, const char *msg)
{
    diag_error(b->d, pos, "%s", _(msg));
    b->failed = true;
}

/* Adds a finished node to the collection on top of the stack (or as root). */
static void attach(Builder *b, Node *n)
{
    if (b->depth == 0) {
        b->root = n;
        return;
    }
    Frame *f = &b->stack[b->depth - 1];
    if (f->node->kind == NODE_SEQ) {
        vec_push(&f->items, n);
        return;
    }
    if (!f->pending_key) {
        if (n->kind != NODE_SCALAR) {
            fail(b, n->pos, N_("a key must be plain text, not a list or mapping"));
            return;
        }
        for (size_t i = 0; i < f->keys.n; i++) {
            const Node *k = f->keys.items[i];
            if (k->len == n->len && !memcmp(k->text, n->text, n->len)) {
                diag_error(b->d, n->pos, "duplicate key '%s' (first given on line %d)", n->text,
                           k->pos.line);
                n = NULL;
                break;
            }
        }
        f->pending_key = n ? n : (Node *)-1; /* -1: skip the value of a duplicate */
        return;
    }
    if (f->pending_key != (Node *)-1) {
        vec_push(&f->keys, f->pending_key);
        vec_push(&f->items, n);
    }
    f->pending_key = NULL;
}

static void finish_collection(Builder *b, Frame *f)
{
    Node *n = f->node;
    n->n = f->items.n;
    n->items = arena_calloc(b->a, n->n ? n->n : 1, sizeof *n->items);
    size_t w = 1;
    for (size_t i = 0; i < n->n; i++) {
        n->items[i] = f->items.items[i];
        w += n->items[i]->weight;
    }
    if (n->kind == NODE_MAP) {
        n->keys = arena_calloc(b->a, n->n ? n->n : 1, sizeof *n->keys);
        for (size_t i = 0; i < n->n; i++) {
            n->keys[i] = f->keys.items[i];
            w += 1;
        }
    }
    n->weight = w;
    vec_free(&f->items);
    vec_free(&f->keys);
}

/* libyaml's problem, said for an author. */
static void syntax_error(Builder *b, const yaml_parser_t *p)
{
    const char *prob = p->problem ? p->problem : "syntax error";
    const char *ctx = p->context ? p->context : "";
    SrcPos at = mark_pos(b, p->problem_mark);
    if (p->error == YAML_READER_ERROR) {
        SrcPos pos = src_pos_of(b->file, b->src, b->len, p->problem_offset);
        if (!strcmp(prob, "control characters are not allowed"))
            diag_error(b->d, pos, "control character U+%04X is not allowed in YAML",
                       (unsigned)p->problem_value);
        else
            diag_error(b->d, pos, "cannot read the file: %s", prob);
        return;
    }
    if (p->error == YAML_MEMORY_ERROR) {
        diag_error(b->d, whole_file(b->file), "out of memory while reading YAML");
        return;
    }
    size_t off = 0;
    if (p->problem_mark.line < b->n_lines) {
        size_t n;
        const char *s = line_text(b, p->problem_mark.line, &n);
        /* column counts characters: walk to it */
        size_t col = 0;
        while (off < n && col < p->problem_mark.column) {
            uint32_t cp;
            off += utf8_next((const unsigned char *)s + off, n - off, &cp);
            col++;
        }
        off = (size_t)(s - b->src) + off;
    }
    char c = off < b->len ? b->src[off] : '\0';
    if (b->quoted_multi && p->problem_mark.line == b->quoted_end.line) {
        diag_error(b->d, mark_pos(b, b->quoted_start),
                   "unclosed quote: this string runs on to line %d; is its closing quote missing?",
                   (int)b->quoted_end.line + 1);
    } else if (strstr(ctx, "quoted scalar") && strstr(prob, "end of stream")) {
        diag_error(b->d, mark_pos(b, p->context_mark),
                   "unclosed quote: this string has no closing quote");
    } else if (strstr(ctx, "quoted scalar") && strstr(prob, "document indicator")) {
        diag_error(b->d, mark_pos(b, p->context_mark),
                   "unclosed quote: this string has no closing quote");
    } else if (c == '\t' && (strstr(prob, "cannot start any token") || strstr(prob, "tab"))) {
        diag_error(b->d, at, "tab character used for indentation; YAML indents with spaces");
    } else if (strstr(prob, "cannot start any token")) {
        diag_error(b->d, at, "'%c' cannot start a value here; put the value in quotes", c ? c : '?');
    } else if (strstr(prob, "mapping values are not allowed")) {
        diag_error(b->d, at,
                   "unexpected ':' here; a value that contains ': ' must be put in quotes, "
                   "or the indentation is wrong");
    } else if (strstr(prob, "did not find expected key")) {
        diag_error(b->d, at,
                   "unexpected text: expected another 'key: value' at this indentation "
                   "(check the indentation; the mapping started on line %d)",
                   (int)p->context_mark.line + 1);
    } else if (strstr(prob, "did not find expected '-' indicator")) {
        diag_error(b->d, at,
                   "expected a list item '- ' at this indentation (the list started on line %d)",
                   (int)p->context_mark.line + 1);
    } else if (strstr(prob, "could not find expected ':'")) {
        diag_error(b->d, mark_pos(b, p->context_mark),
                   "expected ':' after this key (a key and its value are written 'key: value')");
    } else if (strstr(prob, "did not find expected ',' or ']'")) {
        diag_error(b->d, mark_pos(b, p->context_mark), "unclosed '[': expected ',' or ']'");
    } else if (strstr(prob, "did not find expected ',' or '}'")) {
        diag_error(b->d, mark_pos(b, p->context_mark), "unclosed '{': expected ',' or '}'");
    } else if (strstr(prob, "unknown escape")) {
        diag_error(b->d, at, "unknown escape sequence in a double-quoted string; write '\\\\' for a backslash");
    } else if (*ctx) {
        diag_error(b->d, at, "YAML syntax error: %s (%s)", prob, ctx);
    } else {
        diag_error(b->d, at, "YAML syntax error: %s", prob);
    }
}

static void handle_scalar(Builder *b, const yaml_event_t *e)
{
    Node *n = new_node(b, NODE_SCALAR, e->start_mark);
    size_t len = e->data.scalar.length;
    if (len > LOAD_MAX_STRING) {
        diag_error(b->d, n->pos, "text too long (%zu bytes; at most %u)", len, LOAD_MAX_STRING);
        b->failed = true;
        return;
    }
    n->text = arena_strndup(b->a, (const char *)e->data.scalar.value, len);
    n->len = len;
    if (memchr(n->text, '\0', len))
        diag_error(b->d, n->pos, "a NUL character is not allowed in text");
    switch (e->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = SCALAR_SINGLE; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = SCALAR_DOUBLE; break;
    case YAML_LITERAL_SCALAR_STYLE: n->style = SCALAR_LITERAL; break;
    case YAML_FOLDED_SCALAR_STYLE: n->style = SCALAR_FOLDED; break;
    default: n->style = SCALAR_PLAIN; break;
    }
    if (n->style == SCALAR_LITERAL || n->style == SCALAR_FOLDED)
        block_info(b, n, e->start_mark, e->end_mark);
    b->quoted_multi = (n->style == SCALAR_SINGLE || n->style == SCALAR_DOUBLE) &&
                      e->end_mark.line > e->start_mark.line;
    b->quoted_start = e->start_mark;
    b->quoted_end = e->end_mark;
    remember_anchor(b, e->data.scalar.anchor, n);
    attach(b, n);
}

static void handle_event(Builder *b, const yaml_event_t *e, int *docs)
{
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++*docs > 1)
            fail(b, mark_pos(b, e->start_mark),
                 N_("a second YAML document ('---') is not allowed; one document per file"));
        break;
    case YAML_SCALAR_EVENT:
        handle_scalar(b, e);
        break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        if (b->depth >= LOAD_MAX_DEPTH) {
            diag_error(b->d, mark_pos(b, e->start_mark), "nesting too deep (more than %d levels)",
                       LOAD_MAX_DEPTH);
            b->failed = true;
            return;
        }
        bool seq = e->type == YAML_SEQUENCE_START_EVENT;
        Node *n = new_node(b, seq ? NODE_SEQ : NODE_MAP, e->start_mark);
        remember_anchor(b, seq ? e->data.sequence_start.anchor : e->data.mapping_start.anchor, n);
        Frame *f = &b->stack[b->depth++];
        memset(f, 0, sizeof *f);
        f->node = n;
        break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        if (b->depth == 0)
            break;
        Frame *f = &b->stack[--b->depth];
        finish_collection(b, f);
        attach(b, f->node);
        break;
    }
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)e->data.alias.anchor;
        Node *n = find_anchor(b, name);
        SrcPos pos = mark_pos(b, e->start_mark);
        if (!n) {
            diag_error(b->d, pos, "unknown alias '*%s' (no anchor '&%s' before it)", name, name);
            b->failed = true;
            return;
        }
        if (++b->alias_uses > LOAD_MAX_ALIASES) {
            diag_error(b->d, pos, "too many aliases (more than %d in one file)", LOAD_MAX_ALIASES);
            b->failed = true;
            return;
        }
        b->expanded += n->weight;
        if (n->weight > LOAD_MAX_EXPANDED || b->expanded > LOAD_MAX_EXPANDED) {
            diag_error(b->d, pos,
                       "aliases expand to too many values (more than %d); is this a "
                       "'billion laughs' file?",
                       LOAD_MAX_EXPANDED);
            b->failed = true;
            return;
        }
        attach(b, n);
        break;
    }
    default:
        break;
    }
}

Node *yaml_parse(Arena *a, Diags *d, const char *file, const char *src, size_t len)
{
    Builder b = {.a = a, .d = d, .file = file, .src = src, .len = len};
    index_lines(&b);
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        free(b.line_starts);
        diag_error(d, whole_file(file), "cannot initialise the YAML parser");
        return NULL;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)src, len);
    int docs = 0;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            syntax_error(&b, &p);
            b.failed = true;
            break;
        }
        yaml_event_type_t t = e.type;
        handle_event(&b, &e, &docs);
        yaml_event_delete(&e);
        if (b.failed || t == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    while (b.depth > 0) {
        Frame *f = &b.stack[--b.depth];
        vec_free(&f->items);
        vec_free(&f->keys);
    }
    for (size_t i = 0; i < b.n_anchors; i++)
        free(b.anchors[i].name);
    free(b.anchors);
    free(b.line_starts);
    return b.failed ? NULL : b.root;
}
