/* format.c — labels, numbers and dates in the report's language.
 *
 * German: 1.234.567 €, 2,5, 60 % (non-breaking space), 30.06.2025 in tables,
 * 30. Juni 2025 in running text, periods "03/2014 – 12/2026".
 * English: €1,234,567, 2.5, 60%, 30 Jun 2025 in tables, 30 June 2025 in
 * running text, periods "Mar 2014 – Dec 2026". */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

const char *label(const Ctx *c, LabelId id)
{
    const char *s = c->t ? c->t->labels[id] : NULL;
    return s ? s : "";
}

char *label_fill(Ctx *c, LabelId id, ...)
{
    const char *s = label(c, id);
    Buf out = {0};
    va_list ap;
    for (;;) {
        const char *open = strchr(s, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!close) {
            buf_puts(&out, s);
            break;
        }
        /* a space right before a placeholder does not break: "Handlungsfeld 1" */
        size_t head = (size_t)(open - s);
        bool nbsp = head > 0 && s[head - 1] == ' ';
        buf_put(&out, s, nbsp ? head - 1 : head);
        if (nbsp)
            buf_puts(&out, NBSP);
        size_t klen = (size_t)(close - open - 1);
        const char *val = NULL;
        va_start(ap, id);
        for (const char *k = va_arg(ap, const char *); k; k = va_arg(ap, const char *)) {
            const char *v = va_arg(ap, const char *);
            if (strlen(k) == klen && !memcmp(k, open + 1, klen)) {
                val = v;
                break;
            }
        }
        va_end(ap);
        if (val)
            buf_puts(&out, val);
        else
            buf_put(&out, open, (size_t)(close - open + 1)); /* unknown: keep */
        s = close + 1;
    }
    return buf_to_arena(&out, c->a);
}

/* Digits of v with a group separator every three digits. */
static void put_grouped(Buf *b, unsigned long long v, const char *sep)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", v);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf_puts(b, sep);
        buf_putc(b, digits[i]);
    }
}

/* Number with up to `decimals` decimals (trailing zeros dropped unless fixed). */
static void put_number(Ctx *c, Buf *b, double v, int decimals, bool fixed)
{
    bool de = c->lang == LANG_DE;
    if (!isfinite(v))
        v = 0;
    /* load accepts at most 10^12; beyond 10^15 the conversions below would
     * overflow (undefined behaviour), so a value from elsewhere is capped */
    if (fabs(v) > 1e15)
        v = v < 0 ? -1e15 : 1e15;
    if (v < 0) {
        buf_puts(b, "\xE2\x88\x92"); /* minus sign */
        v = -v;
    }
    double scale = pow(10, decimals);
    double r = round(v * scale);
    unsigned long long whole = (unsigned long long)(r / scale);
    unsigned long long frac = (unsigned long long)(r - (double)whole * scale);
    put_grouped(b, whole, de ? "." : ",");
    if (decimals > 0 && (frac > 0 || fixed)) {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%0*llu", decimals, frac);
        if (!fixed) {
            size_t l = strlen(tmp);
            while (l > 1 && tmp[l - 1] == '0')
                tmp[--l] = '\0';
        }
        buf_puts(b, de ? "," : ".");
        buf_puts(b, tmp);
    }
}

char *fmt_int(Ctx *c, long long v)
{
    Buf b = {0};
    put_number(c, &b, (double)v, 0, false);
    return buf_to_arena(&b, c->a);
}

char *fmt_number(Ctx *c, double v)
{
    Buf b = {0};
    put_number(c, &b, v, 2, false);
    return buf_to_arena(&b, c->a);
}

char *fmt_money(Ctx *c, double v)
{
    Buf b = {0};
    bool cents = fabs(v - round(v)) >= 0.005;
    if (c->lang == LANG_EN) {
        buf_puts(&b, "\xE2\x82\xAC");
        put_number(c, &b, v, cents ? 2 : 0, true);
    } else {
        put_number(c, &b, v, cents ? 2 : 0, true);
        buf_puts(&b, NBSP "\xE2\x82\xAC");
    }
    return buf_to_arena(&b, c->a);
}

char *fmt_percent(Ctx *c, int v)
{
    return arena_printf(c->a, c->lang == LANG_DE ? "%d" NBSP "%%" : "%d%%", v);
}

static const char *const month_de[12] = {"Januar", "Februar", "März", "April", "Mai", "Juni",
                                         "Juli", "August", "September", "Oktober", "November",
                                         "Dezember"};
static const char *const month_en[12] = {"January", "February", "March", "April", "May", "June",
                                         "July", "August", "September", "October", "November",
                                         "December"};
static const char *const month_en_short[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static bool valid_month(int m)
{
    return m >= 1 && m <= 12;
}

char *fmt_date_text(Ctx *c, Date d)
{
    if (!valid_month(d.month))
        return arena_printf(c->a, "%d", d.year);
    if (c->lang == LANG_EN) {
        if (d.day)
            return arena_printf(c->a, "%d %s %d", d.day, month_en[d.month - 1], d.year);
        return arena_printf(c->a, "%s %d", month_en[d.month - 1], d.year);
    }
    if (d.day)
        return arena_printf(c->a, "%d." NBSP "%s %d", d.day, month_de[d.month - 1], d.year);
    return arena_printf(c->a, "%s %d", month_de[d.month - 1], d.year);
}

char *fmt_date_table(Ctx *c, Date d)
{
    if (!valid_month(d.month))
        return arena_printf(c->a, "%d", d.year);
    if (c->lang == LANG_EN) {
        if (d.day)
            return arena_printf(c->a, "%d %s %d", d.day, month_en_short[d.month - 1], d.year);
        return arena_printf(c->a, "%s %d", month_en_short[d.month - 1], d.year);
    }
    if (d.day)
        return arena_printf(c->a, "%02d.%02d.%d", d.day, d.month, d.year);
    return arena_printf(c->a, "%02d/%d", d.month, d.year);
}

char *fmt_period(Ctx *c, Date start, Date end)
{
    if (start.year == 0)
        return NULL;
    const char *s = fmt_date_table(c, start);
    if (end.year == 0)
        return label_fill(c, LBL_SINCE, "date", s, STR_END);
    if (start.year == end.year && start.month == end.month && start.day == end.day)
        return (char *)s;
    const char *e = fmt_date_table(c, end);
    if (start.month == 0 && end.month == 0)
        return arena_printf(c->a, "%s" EN_DASH "%s", s, e); /* 2014–2026 */
    return arena_printf(c->a, "%s" NBSP EN_DASH " %s", s, e);
}

/* Abbreviation order: bytes with ASCII letters lower-cased (so umlauts and
 * other non-ASCII letters sort after z), ties broken by the plain bytes. */
int cmp_abbrev(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    for (;; p++, q++) {
        unsigned x = *p, y = *q;
        if (x >= 'A' && x <= 'Z')
            x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z')
            y += 'a' - 'A';
        if (x != y)
            return x < y ? -1 : 1;
        if (!x)
            break;
    }
    return strcmp(a, b);
}
