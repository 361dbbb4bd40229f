/* dump.c — the layout dump: the semantic elements of every page, the layout
 * warnings and the outline as JSON, one element per line, for regression
 * tests in CI (imagreport diff). Same layout, same bytes. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/utf8.h"
#include "render.h"

/* A number with at most two decimals, trailing zeros dropped, never "-0",
 * independent of the locale (buf_fixed of the hundredths). */
static void put_num(Buf *b, double v)
{
    if (!isfinite(v))
        v = 0;
    if (v > 1e12)
        v = 1e12;
    if (v < -1e12)
        v = -1e12;
    buf_fixed(b, llround(v * 100.0), 2);
}

/* A JSON string: quotes, backslashes and control characters escaped, UTF-8
 * kept, invalid bytes replaced by U+FFFD so that the file is always valid. */
static void put_str_n(Buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0; /* run: start of bytes not yet copied */
    while (i < n) {
        unsigned char c = u[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = utf8_decode(u + i, n - i, &cp);
            if (k) {
                i += k;
                continue;
            }
        }
        buf_put(b, s + run, i - run);
        switch (c) {
        case '"': buf_puts(b, "\\\""); break;
        case '\\': buf_puts(b, "\\\\"); break;
        case '\n': buf_puts(b, "\\n"); break;
        case '\t': buf_puts(b, "\\t"); break;
        case '\r': buf_puts(b, "\\r"); break;
        default:
            if (c < 0x20) {
                char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                buf_put(b, e, 6);
            } else {
                buf_puts(b, "\xEF\xBF\xBD"); /* an invalid UTF-8 byte */
            }
        }
        i++;
        run = i;
    }
    buf_put(b, s + run, n - run);
    buf_putc(b, '"');
}

static void put_str(Buf *b, const char *s)
{
    put_str_n(b, s ? s : "", s ? strlen(s) : 0);
}

/* "file:line:col", "file" for a whole file, "" when unknown. */
static void put_src(Buf *b, SrcPos pos)
{
    if (!pos.file) {
        buf_puts(b, "\"\"");
        return;
    }
    Buf t = {0};
    buf_puts(&t, pos.file);
    if (pos.line > 0) {
        buf_putc(&t, ':');
        buf_fixed(&t, pos.line, 0);
        buf_putc(&t, ':');
        buf_fixed(&t, pos.col, 0);
    }
    put_str_n(b, t.data, t.len);
    buf_free(&t);
}

static void put_key(Buf *b, const char *key)
{
    buf_putc(b, '"');
    buf_puts(b, key);
    buf_puts(b, "\":");
}

static const char *kind_name(ElemKind k)
{
    return (unsigned)k < EL_COUNT && elem_kind_names[k] ? elem_kind_names[k] : "unknown";
}

static const char *warn_name(LayoutWarnKind k)
{
    return (unsigned)k < LW_COUNT && layout_warn_names[k] ? layout_warn_names[k] : "unknown";
}

static void put_element(Buf *b, const Element *e)
{
    static const char hex[] = "0123456789abcdef";
    buf_puts(b, "{\"kind\":");
    put_str(b, kind_name(e->kind));
    buf_puts(b, ",\"id\":");
    put_str(b, e->id);
    buf_puts(b, ",\"part\":");
    buf_fixed(b, e->part, 0);
    buf_puts(b, ",\"x\":");
    put_num(b, e->x);
    buf_puts(b, ",\"y\":");
    put_num(b, e->y);
    buf_puts(b, ",\"w\":");
    put_num(b, e->w);
    buf_puts(b, ",\"h\":");
    put_num(b, e->h);
    buf_puts(b, ",\"text\":");
    put_str(b, e->excerpt);
    char h[10] = {'"'};
    for (int i = 0; i < 8; i++)
        h[1 + i] = hex[(e->text_hash >> (28 - 4 * i)) & 15];
    h[9] = '"';
    buf_puts(b, ",\"hash\":");
    buf_put(b, h, sizeof h);
    buf_puts(b, ",\"src\":");
    put_src(b, e->pos);
    buf_putc(b, '}');
}

/* The whole dump into b (exposed to nothing else; render_layout_dump writes it). */
static void dump_layout(const Layout *lay, Buf *b)
{
    buf_puts(b, "{\"format\":\"imagreport-layout\",\"version\":1,\n\"pages\":[");
    for (size_t i = 0; i < lay->n_pages; i++) {
        const Page *pg = &lay->pages[i];
        buf_puts(b, i ? ",\n{" : "\n{");
        put_key(b, "number");
        buf_fixed(b, (long long)i + 1, 0);
        buf_puts(b, ",\"label\":");
        put_str(b, pg->label);
        buf_puts(b, ",\"width\":");
        put_num(b, pg->width);
        buf_puts(b, ",\"height\":");
        put_num(b, pg->height);
        buf_puts(b, ",\"elements\":[");
        for (size_t k = 0; k < pg->n_elems; k++) {
            buf_puts(b, k ? ",\n  " : "\n  ");
            put_element(b, &pg->elems[k]);
        }
        buf_puts(b, pg->n_elems ? "\n]}" : "]}");
    }
    buf_puts(b, lay->n_pages ? "\n],\n\"warnings\":[" : "],\n\"warnings\":[");
    for (size_t i = 0; i < lay->n_warnings; i++) {
        const LayoutWarning *w = &lay->warnings[i];
        buf_puts(b, i ? ",\n{" : "\n{");
        put_key(b, "kind");
        put_str(b, warn_name(w->kind));
        buf_puts(b, ",\"page\":");
        buf_fixed(b, (long long)w->page + 1, 0);
        buf_puts(b, ",\"src\":");
        put_src(b, w->pos);
        buf_puts(b, ",\"message\":");
        put_str(b, w->message);
        buf_putc(b, '}');
    }
    buf_puts(b, lay->n_warnings ? "\n],\n\"outline\":[" : "],\n\"outline\":[");
    for (size_t i = 0; i < lay->n_outline; i++) {
        const OutlineItem *o = &lay->outline[i];
        buf_puts(b, i ? ",\n{" : "\n{");
        put_key(b, "level");
        buf_fixed(b, o->level, 0);
        buf_puts(b, ",\"title\":");
        put_str(b, o->title);
        buf_puts(b, ",\"page\":");
        buf_fixed(b, (long long)o->page + 1, 0);
        buf_puts(b, ",\"y\":");
        put_num(b, o->y);
        buf_putc(b, '}');
    }
    buf_puts(b, lay->n_outline ? "\n]}\n" : "]}\n");
}

int render_layout_dump(const Layout *lay, const char *path, Diags *diags)
{
    Buf b = {0};
    dump_layout(lay, &b);
    int rc = safe_write_file(path, b.data, b.len, diags);
    buf_free(&b);
    return rc;
}
