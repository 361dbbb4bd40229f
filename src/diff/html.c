/* html.c — the visual report: one self-contained HTML page (no scripts, no
 * external files) with a summary of the changes and, per changed page, the
 * old and the new page side by side as SVG drawn from the dumps: element
 * boxes with text excerpts, changed elements in colour, each moved or
 * changed element linked to its counterpart on the other side.
 *
 * Geometry (kept fixed so that a browser test can find an element on the
 * screen, tests/e2e/html.sh): body margin 0 and padding 16 px; the summary
 * is a box 260 px high (scrolling inside when long) with 16 px below it; a
 * page section starts with a heading 32 px high; below it the two pages,
 * each 420 px wide with a 1 px border, the new one 24 px right of the old. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../base/mem.h"
#include "../base/utf8.h"
#include "internal.h"

#define MAX_PAIRS 80   /* page pairs drawn; more are listed in the summary only */
#define MAX_LINES 300  /* change lines in the summary */

/* What happened to an element, for its colour. */
typedef enum Mark { MK_NONE, MK_CHANGED, MK_ADDED, MK_REMOVED, MK_MOVED, MK_PAGENUM } Mark;

static const char *const mark_class[] = {"", "ch", "add", "rem", "mov", "pn"};

typedef struct Marks {
    Mark *old, *new; /* per element of each dump */
} Marks;

static void mark_range(Mark *m, const Dump *d, const DumpElem *first, const DumpElem *last,
                       Mark k)
{
    if (!first)
        return;
    size_t i = (size_t)(first - d->elems), j = last ? (size_t)(last - d->elems) : i;
    for (; i <= j && i < d->n_elems; i++)
        if (m[i] == MK_NONE || k == MK_CHANGED)
            m[i] = k;
}

static void mark_pair(Marks *mk, const Dump *old, const Dump *new, const DumpElem *o,
                      const DumpElem *n, Mark k)
{
    if (o)
        mark_range(mk->old, old, o, NULL, k);
    if (n)
        mark_range(mk->new, new, n, NULL, k);
}

/* Marks the elements of a run of moves, on both sides. */
static void mark_run(Marks *mk, const Dump *old, const Dump *new, const Change *c)
{
    const DumpElem *last = c->new_last ? c->new_last : c->new;
    for (const DumpElem *e = c->new; e && e <= last; e++)
        if (e->match && mk->new[e - new->elems] == MK_NONE)
            mark_pair(mk, old, new, e->match, e, MK_MOVED);
}

static Marks make_marks(const ChangeList *cl, const Dump *old, const Dump *new,
                        const ReportOptions *o)
{
    Marks mk = {xcalloc(old->n_elems + 1, sizeof(Mark)), xcalloc(new->n_elems + 1, sizeof(Mark))};
    for (size_t i = 0; i < cl->n; i++) {
        const Change *c = &cl->items[i];
        switch (c->kind) {
        case CH_TEXT:
        case CH_CONTENT:
        case CH_PARTS:
            mark_pair(&mk, old, new, c->old, c->new, MK_CHANGED);
            break;
        case CH_PAGENUM:
            if (!o->hide_pagenum)
                mark_pair(&mk, old, new, c->old, c->new, MK_PAGENUM);
            break;
        case CH_ADDED:
            mark_range(mk.new, new, c->new, c->new_last, MK_ADDED);
            break;
        case CH_REMOVED:
            mark_range(mk.old, old, c->old, c->old_last, MK_REMOVED);
            break;
        case CH_PAGE_MOVE:
        case CH_MOVE:
            mark_run(&mk, old, new, c);
            break;
        default:
            break;
        }
    }
    /* rows a table gained or lost */
    for (size_t i = 0; i < new->n_elems; i++)
        if (!new->elems[i].match && mk.new[i] == MK_NONE)
            mk.new[i] = MK_ADDED;
    for (size_t i = 0; i < old->n_elems; i++)
        if (!old->elems[i].match && mk.old[i] == MK_NONE)
            mk.old[i] = MK_REMOVED;
    return mk;
}

/* ---- pages to draw ---------------------------------------------------- */

typedef struct Pair {
    int old_page, new_page; /* 0: none on that side */
} Pair;

/* The old page most of new page p's matched elements come from (0: none). */
static int old_page_of(const Dump *new, int p)
{
    for (size_t i = 0; i < new->n_elems; i++)
        if (new->elems[i].page == p && new->elems[i].match)
            return new->elems[i].match->page;
    return 0;
}

static int new_page_of(const Dump *old, int p)
{
    for (size_t i = 0; i < old->n_elems; i++)
        if (old->elems[i].page == p && old->elems[i].match)
            return old->elems[i].match->page;
    return 0;
}

static bool page_marked(const Dump *d, const Mark *m, int p)
{
    for (size_t i = 0; i < d->n_elems; i++)
        if (d->elems[i].page == p && m[i] != MK_NONE)
            return true;
    return false;
}

static size_t make_pairs(const Dump *old, const Dump *new, const Marks *mk, Pair **out)
{
    Pair *v = NULL;
    size_t n = 0, cap = 0;
    bool *old_done = xcalloc(old->n_pages + 1, sizeof(bool));
    for (int p = 1; p <= (int)new->n_pages; p++) {
        if (!page_marked(new, mk->new, p))
            continue;
        int op = old_page_of(new, p);
        if (!op && p <= (int)old->n_pages)
            op = p;
        v = mem_grow(v, &cap, n + 1, sizeof *v);
        v[n++] = (Pair){op, p};
        if (op)
            old_done[op] = true;
    }
    for (int p = 1; p <= (int)old->n_pages; p++) {
        if (old_done[p] || !page_marked(old, mk->old, p))
            continue;
        int np = new_page_of(old, p);
        v = mem_grow(v, &cap, n + 1, sizeof *v);
        v[n++] = (Pair){p, np};
    }
    free(old_done);
    *out = v;
    return n;
}

/* ---- writing ------------------------------------------------------------ */

static void esc(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        switch (s[i]) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        default:
            if ((unsigned char)s[i] < 0x20)
                buf_putc(b, ' ');
            else
                buf_putc(b, s[i]);
        }
    }
}

static void esc_str(Buf *b, const char *s)
{
    esc(b, s, strlen(s));
}

static void num(Buf *b, double v)
{
    buf_fixed(b, (long long)(v * 100 + (v < 0 ? -0.5 : 0.5)), 2);
}

static const char style[] =
    "body{margin:0;padding:16px;font:14px/1.4 sans-serif;color:#222;background:#fff}"
    "h1{font-size:20px;margin:0 0 8px}"
    ".summary{height:260px;overflow:auto;box-sizing:border-box;margin:0 0 16px;"
    "border-bottom:1px solid #ccc}"
    "section.page h2{height:32px;line-height:32px;margin:0;font-size:16px;overflow:hidden}"
    "section.page{margin:0 0 24px}"
    ".pair{display:flex;gap:24px;align-items:flex-start}"
    ".pair figure{margin:0}"
    "svg.pg{width:420px;display:block;border:1px solid #777;background:#fff}"
    "figcaption{font-size:12px;color:#555;height:20px}"
    "svg .el{fill:#f3f3f3;stroke:#c8c8c8;stroke-width:.6}"
    "svg .box{fill:none;stroke:#dcdcdc;stroke-width:.6;stroke-dasharray:2 2}"
    "svg .ch{fill:#ffd400;stroke:#b38f00}"
    "svg .add{fill:#5fd35f;stroke:#2e8b2e}"
    "svg .rem{fill:#ff6b6b;stroke:#b22222}"
    "svg .mov{fill:#9cc2ff;stroke:#3d6fc2}"
    "svg .pn{fill:#f0e6c0;stroke:#c8b46e}"
    "svg text{font:6.5px sans-serif;fill:#333;pointer-events:none}"
    "ul.changes{font-size:13px;padding-left:20px}"
    ".key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle;border:1px solid #888}"
    "code{font-size:12px}";

/* One element: its box (container elements only as a dashed outline), a
 * text excerpt, a tooltip, a link to its counterpart. */
static void svg_elem(Buf *b, const DumpElem *e, size_t idx, bool old_side, Mark m,
                     const Dump *other)
{
    bool container = strcmp(e->kind, "measure") == 0 || strcmp(e->kind, "table") == 0;
    const DumpElem *peer = e->match;
    if (peer && !container)
        buf_printf(b, "<a href=\"#%c%zu\">", old_side ? 'n' : 'o', (size_t)(peer - other->elems));
    buf_printf(b, "<rect id=\"%c%zu\" x=\"", old_side ? 'o' : 'n', idx);
    num(b, e->x);
    buf_puts(b, "\" y=\"");
    num(b, e->y);
    buf_puts(b, "\" width=\"");
    num(b, e->w > 0.5 ? e->w : 0.5);
    buf_puts(b, "\" height=\"");
    num(b, e->h > 0.5 ? e->h : 0.5);
    buf_printf(b, "\" class=\"%s%s%s\"><title>", container && m == MK_NONE ? "box" : "el",
               m ? " " : "", mark_class[m]);
    esc_str(b, e->kind);
    buf_puts(b, " '");
    esc_str(b, e->id);
    buf_puts(b, "': ");
    esc(b, e->text, utf8_prefix(e->text, 200));
    buf_puts(b, "</title></rect>");
    if (peer && !container)
        buf_puts(b, "</a>");
    if (container || !*e->text || e->h < 5)
        return;
    size_t chars = (size_t)(e->w / 3.4);
    buf_puts(b, "<text x=\"");
    num(b, e->x + 1);
    buf_puts(b, "\" y=\"");
    num(b, e->y + (e->h < 9 ? e->h - 1 : 8));
    buf_puts(b, "\">");
    esc(b, e->text, utf8_prefix(e->text, chars > 3 ? chars : 3));
    buf_puts(b, "</text>");
}

static void svg_page(Buf *b, const Dump *d, const Mark *m, int p, bool old_side, const Dump *other)
{
    const DumpPage *pg = &d->pages[p - 1];
    buf_puts(b, "<figure><svg class=\"pg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    num(b, pg->width);
    buf_putc(b, ' ');
    num(b, pg->height);
    buf_puts(b, "\">");
    for (size_t i = 0; i < d->n_elems; i++)
        if (d->elems[i].page == p)
            svg_elem(b, &d->elems[i], i, old_side, m[i], other);
    buf_printf(b, "</svg><figcaption>%s page %d", old_side ? "old" : "new", p);
    if (pg->label && *pg->label) {
        buf_puts(b, " (printed &#8220;");
        esc_str(b, pg->label);
        buf_puts(b, "&#8221;)");
    }
    buf_puts(b, "</figcaption></figure>");
}

static void empty_page(Buf *b, const char *side)
{
    buf_printf(b, "<figure><svg class=\"pg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 595 842\">"
                  "<text x=\"20\" y=\"40\" style=\"font-size:16px\">no %s page</text></svg>"
                  "<figcaption>&#8211;</figcaption></figure>",
               side);
}

static void summary(Buf *b, const ChangeList *cl, const Dump *old, const Dump *new,
                    const ReportOptions *o, Arena *a, size_t n_pairs)
{
    buf_puts(b, "<div class=\"summary\"><h1>Layout changes</h1><p><code>");
    esc_str(b, old->path);
    buf_puts(b, "</code> &#8594; <code>");
    esc_str(b, new->path);
    size_t n = count_changes(cl, true), n_pn = 0;
    for (size_t i = 0; i < cl->n; i++)
        n_pn += cl->items[i].kind == CH_PAGENUM;
    buf_printf(b, "</code>: <strong>%zu %s</strong>", n, n == 1 ? "change" : "changes");
    if (n_pn && !o->hide_pagenum)
        buf_printf(b, " and %zu page %s", n_pn, n_pn == 1 ? "number" : "numbers");
    buf_printf(b, "; %zu %s drawn below (old left, new right).</p>", n_pairs,
               n_pairs == 1 ? "page pair" : "page pairs");
    buf_puts(b, "<p class=\"key\">Colours:<span class=\"k\" style=\"background:#ffd400\"></span>changed"
                "<span style=\"background:#5fd35f\"></span>added"
                "<span style=\"background:#ff6b6b\"></span>removed"
                "<span style=\"background:#9cc2ff\"></span>moved"
                "<span style=\"background:#f0e6c0\"></span>page number only"
                " &#8212; click an element to jump to it on the other side.</p>");
    if (n == 0 && (n_pn == 0 || o->hide_pagenum)) {
        buf_puts(b, "<p>No differences.</p></div>");
        return;
    }
    buf_puts(b, "<ul class=\"changes\">");
    size_t shown = 0;
    for (size_t i = 0; i < cl->n && shown < MAX_LINES; i++) {
        const Change *c = &cl->items[i];
        if (o->hide_pagenum && c->kind == CH_PAGENUM)
            continue;
        buf_puts(b, "<li>");
        bool old_side = c->kind == CH_REMOVED || c->kind == CH_WARN_REMOVED;
        if (c->page > 0)
            buf_printf(b, "<a href=\"#%s%d\">page %d</a>: ", old_side ? "old" : "new", c->page,
                       c->page);
        esc_str(b, change_line(c, old, new, o->tolerance, a));
        buf_puts(b, "</li>");
        shown++;
    }
    if (shown < cl->n)
        buf_printf(b, "<li>&#8230; and more (see the text or JSON output)</li>");
    buf_puts(b, "</ul></div>");
}

void report_html(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                 Arena *a, Buf *b)
{
    Marks mk = make_marks(cl, old, new, o);
    Pair *pairs;
    size_t n_pairs = make_pairs(old, new, &mk, &pairs);
    buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width\">"
                "<title>Layout changes</title><style>");
    buf_puts(b, style);
    buf_puts(b, "</style></head><body>\n");
    summary(b, cl, old, new, o, a, n_pairs < MAX_PAIRS ? n_pairs : MAX_PAIRS);
    for (size_t i = 0; i < n_pairs && i < MAX_PAIRS; i++) {
        const Pair *p = &pairs[i];
        buf_puts(b, "\n<section class=\"page\"");
        if (p->new_page)
            buf_printf(b, " id=\"new%d\"", p->new_page);
        else
            buf_printf(b, " id=\"old%d\"", p->old_page);
        buf_puts(b, "><h2>");
        if (p->old_page)
            buf_printf(b, "old page %d", p->old_page);
        if (p->old_page && p->new_page)
            buf_puts(b, " &#8594; ");
        if (p->new_page)
            buf_printf(b, "new page %d", p->new_page);
        buf_puts(b, "</h2>");
        if (p->new_page && p->old_page)
            buf_printf(b, "<a id=\"old%d\"></a>", p->old_page);
        buf_puts(b, "<div class=\"pair\">");
        if (p->old_page)
            svg_page(b, old, mk.old, p->old_page, true, new);
        else
            empty_page(b, "old");
        if (p->new_page)
            svg_page(b, new, mk.new, p->new_page, false, old);
        else
            empty_page(b, "new");
        buf_puts(b, "</div></section>");
    }
    buf_puts(b, "\n</body></html>\n");
    free(pairs);
    free(mk.old);
    free(mk.new);
}
