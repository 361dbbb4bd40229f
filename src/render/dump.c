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

/* The inside of a JSON string: quotes, backslashes and control characters
 * escaped, UTF-8 kept, invalid bytes replaced by U+FFFD so that the file is
 * always valid. */
static void put_escaped(Buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
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
}

static void put_str(Buf *b, const char *s)
{
    buf_putc(b, '"');
    if (s)
        put_escaped(b, s, strlen(s));
    buf_putc(b, '"');
}

/* "file:line:col", "file" for a whole file, "" when unknown. */
static void put_src(Buf *b, SrcPos pos)
{
    buf_putc(b, '"');
    if (pos.file) {
        put_escaped(b, pos.file, strlen(pos.file));
        if (pos.line > 0) {
            buf_putc(b, ':');
            buf_fixed(b, pos.line, 0);
            buf_putc(b, ':');
            buf_fixed(b, pos.col, 0);
        }
    }
    buf_putc(b, '"');
}

/* Object members: key() opens the first, and the *_field() writers add
 * ',"key":value' after it. */
static void key(Buf *b, const char *k)
{
    buf_putc(b, '"');
    buf_puts(b, k);
    buf_puts(b, "\":");
}

static void num_field(Buf *b, const char *k, double v)
{
    buf_putc(b, ',');
    key(b, k);
    put_num(b, v);
}

static void int_field(Buf *b, const char *k, long long v)
{
    buf_putc(b, ',');
    key(b, k);
    buf_fixed(b, v, 0);
}

static void str_field(Buf *b, const char *k, const char *v)
{
    buf_putc(b, ',');
    key(b, k);
    put_str(b, v);
}

static void src_field(Buf *b, SrcPos pos)
{
    buf_putc(b, ',');
    key(b, "src");
    put_src(b, pos);
}

static const char *kind_name(ElemKind k)
{
    return (unsigned)k < EL_COUNT && elem_kind_names[k] ? elem_kind_names[k] : "unknown";
}

static const char *warn_name(LayoutWarnKind k)
{
    return (unsigned)k < LW_COUNT && layout_warn_names[k] ? layout_warn_names[k] : "unknown";
}

static void hex_field(Buf *b, const char *k, uint64_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    char h[18] = {'"'};
    for (int i = 0; i < digits; i++)
        h[1 + i] = hex[(v >> (4 * (digits - 1 - i))) & 15];
    h[1 + digits] = '"';
    buf_putc(b, ',');
    key(b, k);
    buf_put(b, h, (size_t)digits + 2);
}

/* A chart's data: the series (status labels) and per bar its label and counts. */
static void put_bars(Buf *b, const BarChart *ch)
{
    buf_puts(b, ",\"series\":[");
    for (int s = 0; s < STATUS_COUNT; s++) {
        if (s)
            buf_putc(b, ',');
        put_str(b, ch->legend[s]);
    }
    buf_puts(b, "],\"bars\":[");
    for (size_t i = 0; i < ch->n_bars; i++) {
        buf_puts(b, i ? ",{" : "{");
        key(b, "label");
        put_str(b, ch->bars[i].label);
        buf_puts(b, ",\"values\":[");
        for (int s = 0; s < STATUS_COUNT; s++) {
            if (s)
                buf_putc(b, ',');
            buf_fixed(b, ch->bars[i].counts[s], 0);
        }
        buf_puts(b, "]}");
    }
    buf_putc(b, ']');
}

static void put_element(Buf *b, const Element *e)
{
    buf_putc(b, '{');
    key(b, "kind");
    put_str(b, kind_name(e->kind));
    str_field(b, "id", e->id);
    int_field(b, "part", e->part);
    num_field(b, "x", e->x);
    num_field(b, "y", e->y);
    num_field(b, "w", e->w);
    num_field(b, "h", e->h);
    /* The whole text once, in the first part; later parts of a split
     * element start it (a long block over many pages stays one copy). */
    const char *t = e->text ? e->text : "";
    buf_puts(b, ",\"text\":\"");
    put_escaped(b, t, e->part ? utf8_prefix(t, 60) : strlen(t));
    buf_putc(b, '"');
    hex_field(b, "hash", e->text_hash, 8);
    if (e->pageless_hash)
        hex_field(b, "pageless", e->pageless_hash, 8);
    hex_field(b, "content", e->content_hash, 16);
    if (e->chart)
        put_bars(b, e->chart);
    src_field(b, e->pos);
    buf_putc(b, '}');
}

/* The whole dump into b (exposed to nothing else; render_layout_dump writes it). */
/* The report's typographic figures (LayoutStats) as "summary". */
static void put_summary(Buf *b, const LayoutStats *s)
{
    key(b, "summary");
    buf_putc(b, '{');
    key(b, "lines");
    buf_fixed(b, s->lines, 0);
    int_field(b, "hyphenated", s->hyphenated);
    num_field(b, "hyphenated_per_100_lines", s->lines ? 100.0 * s->hyphenated / s->lines : 0);
    int_field(b, "longest_hyphen_run", s->longest_run);
    int_field(b, "loose", s->loose);
    int_field(b, "overfull", s->overfull);
    int_field(b, "foot_pages", s->foot_pages);
    num_field(b, "foot_mean", s->foot_mean);
    num_field(b, "foot_max", s->foot_max);
    buf_putc(b, '}');
}

static void dump_layout(const Layout *lay, const char *generator, Buf *b)
{
    static const char hex[] = "0123456789abcdef";
    buf_puts(b, "{\"format\":\"imagreport-layout\",\"version\":2");
    str_field(b, "generator", generator);
    buf_puts(b, ",\"template\":\"sha256:");
    for (int i = 0; i < 32; i++) {
        buf_putc(b, hex[lay->info.template_hash[i] >> 4]);
        buf_putc(b, hex[lay->info.template_hash[i] & 15]);
    }
    buf_puts(b, "\",\n\"pages\":[");
    for (size_t i = 0; i < lay->n_pages; i++) {
        const Page *pg = &lay->pages[i];
        buf_puts(b, i ? ",\n{" : "\n{");
        key(b, "number");
        buf_fixed(b, (long long)i + 1, 0);
        str_field(b, "label", pg->label);
        num_field(b, "width", pg->width);
        num_field(b, "height", pg->height);
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
        key(b, "kind");
        put_str(b, warn_name(w->kind));
        int_field(b, "page", (long long)w->page + 1);
        src_field(b, w->pos);
        str_field(b, "message", w->message);
        buf_putc(b, '}');
    }
    buf_puts(b, lay->n_warnings ? "\n],\n\"outline\":[" : "],\n\"outline\":[");
    for (size_t i = 0; i < lay->n_outline; i++) {
        const OutlineItem *o = &lay->outline[i];
        buf_puts(b, i ? ",\n{" : "\n{");
        key(b, "level");
        buf_fixed(b, o->level, 0);
        str_field(b, "title", o->title);
        int_field(b, "page", (long long)o->page + 1);
        num_field(b, "y", o->y);
        buf_putc(b, '}');
    }
    buf_puts(b, lay->n_outline ? "\n],\n" : "],\n");
    put_summary(b, &lay->stats);
    buf_puts(b, "}\n");
}

void render_layout_dump_buf(const Layout *lay, const char *generator, Buf *b)
{
    dump_layout(lay, generator, b);
}

int render_layout_dump(const Layout *lay, const char *generator, const char *path, Diags *diags)
{
    Buf b = {0};
    dump_layout(lay, generator, &b);
    int rc = safe_write_file(path, b.data, b.len, diags);
    buf_free(&b);
    return rc;
}
