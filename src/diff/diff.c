/* diff.c — imagreport diff: read both dumps, compare, print. */
#include "diff.h"

#include "../base/arena.h"
#include "internal.h"

int diff_layouts(const char *old_path, const char *new_path, const DiffOptions *opt, FILE *out,
                 FILE *err)
{
    Arena *a = arena_new();
    Dump old, new;
    char msg[512];
    int rc = 2;
    if (dump_load(old_path, a, &old, msg, sizeof msg) != 0 ||
        dump_load(new_path, a, &new, msg, sizeof msg) != 0) {
        fprintf(err, "%s\n", msg);
        goto out;
    }
    double tol = opt && opt->tolerance >= 0 ? opt->tolerance : 0.5;
    ChangeList cl = diff_dumps(&old, &new, tol, a);
    if (opt && opt->json)
        report_json(&cl, out);
    else
        report_text(&cl, &old, &new, tol, out);
    rc = cl.n ? 1 : 0;
out:
    arena_free(a);
    return rc;
}
