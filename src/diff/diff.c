/* diff.c — imagreport diff: read both dumps, compare, print. */
#include "diff.h"

#include "../base/arena.h"
#include "internal.h"

static int exit_code(const ChangeList *cl, const DiffOptions *opt)
{
    switch (opt->fail_on) {
    case FAIL_ON_NEVER:
        return 0;
    case FAIL_ON_WARNING:
        for (size_t i = 0; i < cl->n; i++)
            if (cl->items[i].kind == CH_WARN_ADDED)
                return 1;
        return 0;
    case FAIL_ON_CHANGE:
        break;
    }
    return count_changes(cl, opt->hide_pagenum) ? 1 : 0;
}

int diff_layouts(const char *old_path, const char *new_path, const DiffOptions *opt, FILE *out,
                 FILE *err)
{
    static const DiffOptions defaults = {.tolerance = 0.5f};
    if (!opt)
        opt = &defaults;
    Arena *a = arena_new();
    Dump old, new;
    char msg[512];
    int rc = 2;
    if (dump_load(old_path, a, &old, msg, sizeof msg) != 0 ||
        dump_load(new_path, a, &new, msg, sizeof msg) != 0) {
        fprintf(err, "%s\n", msg);
        goto out;
    }
    ReportOptions ro = {opt->tolerance >= 0 ? opt->tolerance : 0.5, opt->hide_pagenum};
    ChangeList cl = diff_dumps(&old, &new, ro.tolerance, a);
    switch (opt->format) {
    case DIFF_TEXT: report_text(&cl, &old, &new, &ro, a, out); break;
    case DIFF_JSON: report_json(&cl, &old, &new, &ro, a, out); break;
    case DIFF_GITHUB: report_github(&cl, &old, &new, &ro, a, out); break;
    case DIFF_JUNIT: report_junit(&cl, &old, &new, &ro, a, out); break;
    }
    if (opt->html)
        report_html(&cl, &old, &new, &ro, a, opt->html);
    rc = exit_code(&cl, opt);
out:
    arena_free(a);
    return rc;
}
