/* data.c — the report's measure data as normalised JSON.
 *
 * Every PDF carries this text (render puts it into the XMP packet), and a
 * later report reads it back as its `previous:` (previous.c). One writer for
 * both, so comparing with a report's folder and with its PDF gives the same
 * model. Normalised: fixed key order, measures in natural id order, numbers
 * with at most two decimals (locale independent), dates as written
 * (YYYY, YYYY-MM, YYYY-MM-DD), every string as JSON with \uXXXX escapes only
 * for control characters. JSON is also YAML, so the reader is the YAML loader. */
#include <math.h>
#include <string.h>

#include "internal.h"

static void json_string(Buf *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            buf_puts(b, "\\n");
        else if (*p < 0x20 || *p == 0x7F)
            buf_printf(b, "\\u%04x", *p);
        else
            buf_putc(b, (char)*p);
    }
    buf_putc(b, '"');
}

static void json_number(Buf *b, double v)
{
    if (v < 1e15)
        buf_fixed(b, llround(v * 100.0), 2);
    else
        buf_fixed(b, llround(v < 9e18 ? v : 9e18), 0);
}

static void json_date(Buf *b, Date d)
{
    if (d.day)
        buf_printf(b, "\"%04d-%02d-%02d\"", d.year, d.month, d.day);
    else if (d.month)
        buf_printf(b, "\"%04d-%02d\"", d.year, d.month);
    else
        buf_printf(b, "\"%04d\"", d.year);
}

/* ", \"key\": " before every member but the first of an object */
static void key(Buf *b, bool *first, const char *k)
{
    buf_puts(b, *first ? "" : ", ");
    *first = false;
    json_string(b, k);
    buf_puts(b, ": ");
}

static void str_member(Buf *b, bool *first, const char *k, const char *v)
{
    if (!v)
        return;
    key(b, first, k);
    json_string(b, v);
}

static void num_member(Buf *b, bool *first, const char *k, bool given, double v)
{
    if (!given)
        return;
    key(b, first, k);
    json_number(b, v);
}

static void period_member(Buf *b, bool *first, const char *k, Date start, Date end)
{
    if (!start.year)
        return;
    key(b, first, k);
    buf_puts(b, "{\"start\": ");
    json_date(b, start);
    if (end.year) {
        buf_puts(b, ", \"end\": ");
        json_date(b, end);
    }
    buf_putc(b, '}');
}

static void string_list(Buf *b, bool *first, const char *k, const char *const *v, size_t n)
{
    if (!n)
        return;
    key(b, first, k);
    buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(b, ", ");
        json_string(b, v[i]);
    }
    buf_putc(b, ']');
}

static void indicators(Buf *b, bool *first, const Measure *m)
{
    if (!m->n_indicators)
        return;
    key(b, first, "indicators");
    buf_putc(b, '[');
    for (size_t i = 0; i < m->n_indicators; i++) {
        const Indicator *x = &m->indicators[i];
        bool f = true;
        buf_puts(b, i ? ", {" : "{");
        str_member(b, &f, "name", x->name);
        str_member(b, &f, "unit", x->unit);
        num_member(b, &f, "target", x->has_target, x->target);
        num_member(b, &f, "actual", x->has_actual, x->actual);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}

static void measure(Buf *b, const Measure *m)
{
    bool f = true;
    buf_puts(b, "  {");
    str_member(b, &f, "id", m->id);
    str_member(b, &f, "previous_id", m->previous_id);
    str_member(b, &f, "field", m->field ? m->field->id : NULL);
    str_member(b, &f, "title", m->title);
    str_member(b, &f, "lead", m->lead ? m->lead->id : NULL);
    if (m->n_partners) {
        key(b, &f, "partners");
        for (size_t i = 0; i < m->n_partners; i++) {
            buf_puts(b, i ? ", " : "[");
            json_string(b, m->partners[i]->id);
        }
        buf_putc(b, ']');
    }
    str_member(b, &f, "status", status_names[m->status] /* measures.c */);
    num_member(b, &f, "progress", m->progress >= 0, m->progress);
    period_member(b, &f, "period", m->start, m->end);
    if (m->has_budget) {
        key(b, &f, "budget");
        bool g = true;
        buf_putc(b, '{');
        num_member(b, &g, "planned", m->has_planned, m->budget_planned);
        num_member(b, &g, "spent", m->has_spent, m->budget_spent);
        buf_putc(b, '}');
    }
    string_list(b, &f, "target_groups", m->target_groups, m->n_target_groups);
    indicators(b, &f, m);
    buf_putc(b, '}');
}

const char *report_data_json(const Report *r, Arena *a)
{
    Buf b = {0};
    const DocInfo *in = &r->info;
    bool f = true;
    buf_puts(&b, "{\"format\": \"imagreport-data\", \"version\": 1,\n \"report\": {");
    str_member(&b, &f, "title", in->title);
    str_member(&b, &f, "subtitle", in->subtitle);
    str_member(&b, &f, "issuer", in->issuer);
    key(&b, &f, "date");
    json_date(&b, in->date);
    str_member(&b, &f, "language", in->lang == LANG_EN ? "en" : "de");
    period_member(&b, &f, "period", r->period_start, r->period_end);
    buf_puts(&b, "},\n \"ministries\": [");
    for (size_t i = 0; i < r->n_ministries; i++) {
        bool g = true;
        buf_puts(&b, i ? ",\n  {" : "\n  {");
        str_member(&b, &g, "id", r->ministries[i].id);
        str_member(&b, &g, "name", r->ministries[i].name);
        buf_putc(&b, '}');
    }
    buf_puts(&b, "],\n \"fields\": [");
    for (size_t i = 0; i < r->n_fields; i++) {
        bool g = true;
        buf_puts(&b, i ? ",\n  {" : "\n  {");
        str_member(&b, &g, "id", r->fields[i].id);
        str_member(&b, &g, "title", r->fields[i].title);
        buf_putc(&b, '}');
    }
    buf_puts(&b, "],\n \"measures\": [");
    for (size_t i = 0; i < r->n_measures; i++) {
        buf_puts(&b, i ? ",\n" : "\n");
        measure(&b, r->measures[i]);
    }
    buf_puts(&b, "]}\n");
    return buf_to_arena(&b, a);
}
