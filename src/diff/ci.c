/* ci.c — the changes for CI systems: GitHub Actions workflow commands (which
 * become annotations on the changed source lines) and a JUnit XML report
 * (which GitLab, Jenkins and others show as a test report). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The source position a change is about ("" when none). */
static const char *change_src(const Change *c)
{
    if (c->warn)
        return c->warn->src;
    if (c->new)
        return c->new->src;
    if (c->old)
        return c->old->src;
    return "";
}

/* Splits "file:line:col" (line and col optional) into its parts. */
static void split_src(const char *src, Arena *a, const char **file, long *line, long *col)
{
    *file = src;
    *line = *col = 0;
    const char *c2 = strrchr(src, ':');
    if (!c2 || !c2[1] || strspn(c2 + 1, "0123456789") != strlen(c2 + 1))
        return;
    const char *c1 = c2;
    while (c1 > src && c1[-1] != ':')
        c1--;
    if (c1 > src && c1 < c2 && strspn(c1, "0123456789") == (size_t)(c2 - c1)) {
        *file = arena_strndup(a, src, (size_t)(c1 - 1 - src));
        *line = strtol(c1, NULL, 10);
        *col = strtol(c2 + 1, NULL, 10);
    } else {
        *file = arena_strndup(a, src, (size_t)(c2 - src));
        *line = strtol(c2 + 1, NULL, 10);
    }
}

/* Workflow command escaping: data escapes % CR LF, properties also : and ,. */
static void gh_escape(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': fputs(property ? "%3A" : ":", out); break;
        case ',': fputs(property ? "%2C" : ",", out); break;
        default: fputc(*s, out);
        }
    }
}

static bool quiet(ChangeKind k)
{
    return k == CH_PAGENUM || !change_counts(k);
}

void report_github(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                   Arena *a, FILE *out)
{
    for (size_t i = 0; i < cl->n; i++) {
        const Change *c = &cl->items[i];
        if (o->hide_pagenum && c->kind == CH_PAGENUM)
            continue;
        fprintf(out, "::%s ", quiet(c->kind) ? "notice" : "warning");
        const char *file;
        long line, col;
        split_src(change_src(c), a, &file, &line, &col);
        if (*file) {
            fputs("file=", out);
            gh_escape(out, file, true);
            if (line > 0)
                fprintf(out, ",line=%ld", line);
            if (col > 0)
                fprintf(out, ",col=%ld", col);
            fputc(',', out);
        }
        char title[64];
        if (c->page > 0)
            snprintf(title, sizeof title, "layout changed on page %d", c->page);
        else
            snprintf(title, sizeof title, "layout changed");
        fputs("title=", out);
        gh_escape(out, title, true);
        fputs("::", out);
        gh_escape(out, change_line(c, old, new, o->tolerance, a), false);
        fputc('\n', out);
    }
}

static void xml_escape(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default:
            if (*p < 0x20 && *p != '\n' && *p != '\t')
                fputc(' ', out); /* not allowed in XML 1.0 */
            else
                fputc(*p, out);
        }
    }
}

static bool shown(const Change *c, const ReportOptions *o)
{
    return change_counts(c->kind) && !(o->hide_pagenum && c->kind == CH_PAGENUM);
}

/* One test case: page p (0: the document), failed with its changes. */
static void junit_case(FILE *out, int p, const ChangeList *cl, const Dump *old, const Dump *new,
                       const ReportOptions *o, Arena *a)
{
    size_t n = 0;
    for (size_t i = 0; i < cl->n; i++)
        n += cl->items[i].page == p && shown(&cl->items[i], o);
    if (p == 0)
        fputs("  <testcase classname=\"layout\" name=\"document\"", out);
    else
        fprintf(out, "  <testcase classname=\"layout\" name=\"page %d\"", p);
    if (n == 0) {
        fputs("/>\n", out);
        return;
    }
    fprintf(out, ">\n    <failure message=\"%zu %s\" type=\"layout-changed\">", n,
            n == 1 ? "change" : "changes");
    for (size_t i = 0; i < cl->n; i++) {
        const Change *c = &cl->items[i];
        if (c->page != p || !shown(c, o))
            continue;
        xml_escape(out, change_line(c, old, new, o->tolerance, a));
        fputc('\n', out);
    }
    fputs("</failure>\n  </testcase>\n", out);
}

void report_junit(const ChangeList *cl, const Dump *old, const Dump *new, const ReportOptions *o,
                  Arena *a, FILE *out)
{
    int pages = (int)(old->n_pages > new->n_pages ? old->n_pages : new->n_pages);
    size_t failures = 0;
    for (int p = 0; p <= pages; p++)
        for (size_t i = 0; i < cl->n; i++)
            if (cl->items[i].page == p && shown(&cl->items[i], o)) {
                failures++;
                break;
            }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"imagreport diff\" tests=\"%d\" failures=\"%zu\">\n", pages + 1,
            failures);
    fputs("<testsuite name=\"", out);
    xml_escape(out, old->path);
    fputs(" \xE2\x86\x92 ", out);
    xml_escape(out, new->path);
    fprintf(out, "\" tests=\"%d\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", pages + 1,
            failures);
    for (int p = 0; p <= pages; p++)
        junit_case(out, p, cl, old, new, o, a);
    fputs("</testsuite>\n</testsuites>\n", out);
}
