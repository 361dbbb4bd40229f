/* schema.c — typed, checked access to YAML nodes. Every check reports at the
 * node's position and says what was expected. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool node_is_null(const Node *n)
{
    if (!n)
        return true;
    if (n->kind != NODE_SCALAR || n->style != SCALAR_PLAIN)
        return false;
    return n->len == 0 || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
           !strcmp(n->text, "Null") || !strcmp(n->text, "NULL");
}

const char *kind_name(const Node *n)
{
    if (node_is_null(n))
        return _("nothing");
    switch (n->kind) {
    case NODE_SEQ: return _("a list");
    case NODE_MAP: return _("a mapping");
    default: return _("text");
    }
}

const Node *map_get(const Node *map, const char *key)
{
    if (!map || map->kind != NODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (!strcmp(map->keys[i]->text, key))
            return map->items[i];
    return NULL;
}

void diag_unknown(Diags *d, SrcPos pos, const char *with_sug, const char *without,
                  const char *value, const char *sug)
{
    if (sug)
        diag_error(d, pos, with_sug, value, sug);
    else
        diag_error(d, pos, without, value);
}

static bool listed(const char *const list[], const char *k)
{
    for (size_t j = 0; list[j]; j++)
        if (!strcmp(list[j], k))
            return true;
    return false;
}

void check_keys_nested(Diags *d, const Node *map, const char *const known[], const char *what,
                       const KeyNest *nests)
{
    if (!map || map->kind != NODE_MAP)
        return;
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->text;
        if (listed(known, k))
            continue;
        map->keys[i]->unknown = true;
        const char *s = suggest(k, known, 0);
        if (s)
            diag_error(d, map->keys[i]->pos, "unknown key '%s' in %s; did you mean '%s'?", k, _(what),
                       s);
        else
            diag_error(d, map->keys[i]->pos, "unknown key '%s' in %s", k, _(what));
        for (const KeyNest *n = nests; n && n->parent; n++)
            if (listed(n->keys, k)) {
                diag_note(d, "'%s' belongs under '%s:' (indented one level more); check the indentation",
                          k, n->parent);
                break;
            }
    }
}

void check_keys(Diags *d, const Node *map, const char *const known[], const char *what)
{
    check_keys_nested(d, map, known, what, NULL);
}

const Node *map_need(Diags *d, const Node *map, const char *key, const char *what)
{
    const Node *v = map_get(map, key);
    if (v || !map || map->kind != NODE_MAP)
        return v;
    /* a misspelt key ('titel') is already reported (check_keys ran first) */
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->text;
        const char *one[] = {key, NULL};
        if (map->keys[i]->unknown && suggest(k, one, 0))
            return NULL;
    }
    diag_error(d, map->pos, "missing required key '%s' in %s", key, _(what));
    return NULL;
}

bool expect_kind(Diags *d, const Node *n, NodeKind kind, const char *what)
{
    if (n && n->kind == kind && !(kind == NODE_SCALAR && node_is_null(n)))
        return true;
    if (!n)
        return false;
    static const char *const names[] = {N_("text"), N_("a list"), N_("a mapping")};
    diag_error(d, n->pos, "%s must be %s, not %s", _(what), _(names[kind]), kind_name(n));
    return false;
}

const char *get_string(Diags *d, const Node *n, const char *what)
{
    if (!n)
        return NULL;
    if (node_is_null(n)) {
        diag_error(d, n->pos, "%s is empty", _(what));
        return NULL;
    }
    if (!expect_kind(d, n, NODE_SCALAR, what))
        return NULL;
    const char *s = n->text;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    if (!*s) {
        diag_error(d, n->pos, "%s is empty", _(what));
        return NULL;
    }
    return n->text;
}

bool get_bool(Diags *d, const Node *n, const char *what, bool *out)
{
    if (!n || !expect_kind(d, n, NODE_SCALAR, what))
        return false;
    if (n->style == SCALAR_PLAIN && (!strcmp(n->text, "true") || !strcmp(n->text, "false"))) {
        *out = n->text[0] == 't';
        return true;
    }
    if (n->style != SCALAR_PLAIN && (!strcmp(n->text, "true") || !strcmp(n->text, "false")))
        diag_error(d, n->pos, "%s must be true or false without quotes", _(what));
    else
        diag_error(d, n->pos, "%s must be true or false, not '%s'", _(what), n->text);
    return false;
}

bool get_number(Diags *d, const Node *n, const char *what, bool integer, double *out)
{
    if (!n)
        return false;
    if (n->kind != NODE_SCALAR || node_is_null(n)) {
        diag_error(d, n->pos, "%s must be a number, not %s", _(what), kind_name(n));
        return false;
    }
    const char *s = n->text;
    bool syntax = n->style == SCALAR_PLAIN && *s;
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        syntax = false;
    for (const char *q = p; *q && syntax; q++)
        if (!((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E' || *q == '-' ||
              *q == '+'))
            syntax = false;
    char *end = NULL;
    errno = 0;
    double v = syntax ? strtod(s, &end) : 0;
    if (!syntax || !end || *end || errno || !isfinite(v)) {
        char *e2 = NULL;
        if (n->style != SCALAR_PLAIN && *s)
            strtod(s, &e2);
        if (e2 && !*e2 && isdigit((unsigned char)s[strlen(s) - 1]))
            diag_error(d, n->pos, "%s must be a number without quotes, not the text \"%s\"",
                       _(what), s);
        else
            diag_error(d, n->pos, "%s must be a number, not '%s'", _(what), s);
        return false;
    }
    if (integer && v != floor(v)) {
        diag_error(d, n->pos, "%s must be a whole number, not %s", _(what), s);
        return false;
    }
    if (v < 0) {
        diag_error(d, n->pos, "%s must not be negative (%s)", _(what), s);
        return false;
    }
    *out = v;
    return true;
}

/* "120.000", "1.250.000" or "120,000": digits grouped by threes with one separator. */
static bool grouped_thousands(const char *s, char sep)
{
    size_t lead = strspn(s, "0123456789");
    if (lead < 1 || lead > 3 || s[lead] != sep)
        return false;
    for (s += lead; *s; s += 4)
        if (s[0] != sep || strspn(s + 1, "0123456789") < 3 || (s[4] && s[4] != sep))
            return false;
    return true;
}

bool get_amount(Diags *d, const Node *n, const char *what, double *out)
{
    if (!n)
        return false;
    char sep = 0;
    if (n->kind == NODE_SCALAR && n->style == SCALAR_PLAIN)
        sep = grouped_thousands(n->text, '.') ? '.' : grouped_thousands(n->text, ',') ? ',' : 0;
    if (sep) {
        char plain[64];
        size_t k = 0;
        for (const char *p = n->text; *p && k + 1 < sizeof plain; p++)
            if (*p != sep)
                plain[k++] = *p;
        plain[k] = '\0';
        diag_error(d, n->pos, "%s: '%s' is written with a thousands separator", _(what), n->text);
        if (sep == '.')
            diag_note(d, "write %s: in YAML a dot is a decimal point ('%s' would be read as %g)",
                      plain, n->text, strtod(n->text, NULL));
        else
            diag_note(d, "write %s, without separators", plain);
        return false;
    }
    if (!get_number(d, n, what, false, out))
        return false;
    if (*out > AMOUNT_MAX) {
        diag_error(d, n->pos, "%s must be at most 1000000000000 (10^12), not %s", _(what), n->text);
        return false;
    }
    return true;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool get_date(Diags *d, const Node *n, const char *what, bool full, Date *out)
{
    if (!n || !expect_kind(d, n, NODE_SCALAR, what))
        return false;
    const char *s = n->text;
    size_t len = strlen(s);
    Date t = {0};
    bool shape = digits(s, len >= 4 ? 4 : 0, &t.year) && len >= 4;
    if (shape && len >= 7)
        shape = s[4] == '-' && digits(s + 5, 2, &t.month);
    if (shape && len >= 10)
        shape = s[7] == '-' && digits(s + 8, 2, &t.day);
    if (shape)
        shape = len == 4 || len == 7 || len == 10;
    if (shape && full)
        shape = len == 10;
    if (!shape) {
        diag_error(d, n->pos, "%s must be a date written %s, not '%s'", _(what),
                   full ? _("YYYY-MM-DD") : _("YYYY, YYYY-MM or YYYY-MM-DD"), s);
        return false;
    }
    if (t.year < 1000) {
        diag_error(d, n->pos, "%s: year %d is out of range", _(what), t.year);
        return false;
    }
    if (len >= 7 && (t.month < 1 || t.month > 12)) {
        diag_error(d, n->pos, "%s: there is no month %d ('%s')", _(what), t.month, s);
        return false;
    }
    if (len == 10 && (t.day < 1 || t.day > days_in_month(t.year, t.month))) {
        diag_error(d, n->pos, "%s: %s is not a calendar date (%d-%02d has %d days)", _(what), s,
                   t.year, t.month, days_in_month(t.year, t.month));
        return false;
    }
    *out = t;
    return true;
}

int date_start_after_end(Date a, Date b)
{
    /* a's first day vs b's last day */
    int am = a.month ? a.month : 1, ad = a.day ? a.day : 1;
    int bm = b.month ? b.month : 12;
    int bd = b.day ? b.day : days_in_month(b.year, bm);
    long x = (long)a.year * 10000 + am * 100 + ad;
    long y = (long)b.year * 10000 + bm * 100 + bd;
    return x > y ? 1 : x < y ? -1 : 0;
}
