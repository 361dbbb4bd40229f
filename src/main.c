/* main.c — the imagreport command line: load -> compose -> layout -> render. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/i18n.h"
#include "base/mem.h"
#include "cli/init.h"
#include "compose/compose.h"
#include "diff/diff.h"
#include "layout/layout.h"
#include "load/load.h"
#include "render/render.h"

#ifndef IMR_LOCALEDIR
#define IMR_LOCALEDIR "/usr/local/share/locale"
#endif

#ifndef IMR_VERSION
#define IMR_VERSION "0.1.0"
#endif

enum {
    EXIT_OK = 0,
    EXIT_INVALID = 1,  /* the report has errors (diff: the layouts differ) */
    EXIT_USAGE = 2,    /* wrong command line (diff: any error) */
    EXIT_IO = 3,       /* a folder is missing, or the output could not be written */
    EXIT_INTERNAL = 4, /* out of memory, or an error inside libharu (a bug) */
};

static const char usage[] = N_(
    "usage: imagreport build REPORT_DIR -o OUT.pdf [--layout OUT.json] [--warnings] [--strict]\n"
    "                        [--fail-on=error|warning] [--diagnostics=FORMAT] [--quiet]\n"
    "       imagreport check REPORT_DIR [--strict] [--fail-on=error|warning] [--diagnostics=FORMAT]\n"
    "       imagreport build REPORT_DIR... -o OUT_DIR [-j N] [options]\n"
    "       imagreport watch REPORT_DIR -o OUT.pdf [--layout OUT.json] [--deps OUT.d]\n"
    "       imagreport init DIR [--lang en]\n"
    "       imagreport diff OLD.json NEW.json [--tolerance PT] [--format=text|json|github|junit]\n"
    "                       [--hide-page-numbers] [--fail-on=change|warning|never] [--html OUT.html]\n"
    "       imagreport data REPORT.pdf\n"
    "       imagreport schema report|measures|template\n"
    "       imagreport help [COMMAND] | --help | --version\n");

static const char help[] = N_(
    "imagreport turns a report folder (report.yaml, measure files, Markdown chapters)\n"
    "into a laid-out, archivable PDF/A-2u interim report.\n"
    "\n"
    "Commands:\n"
    "  build    validate, typeset and write the PDF\n"
    "  check    validate only; prints every problem, writes nothing\n"
    "  init     start a new report: a small, valid, commented report folder\n"
    "  diff     compare two layout dumps in words\n"
    "  data     print the measure data an imagreport PDF carries (JSON)\n"
    "  schema   print the JSON Schema of report.yaml, measure files or templates\n"
    "  help     show a command's options: imagreport help build\n"
    "\n"
    "Exit codes: 0 success; 1 the report has errors (diff: the layouts differ);\n"
    "2 usage error (diff: error); 3 the report folder or the data folder is missing,\n"
    "or the PDF or the layout dump could not be written (an existing file stays untouched);\n"
    "4 an internal error (please report it).\n"
    "\n"
    "Environment: SOURCE_DATE_EPOCH overrides the PDF dates (default: the report's date);\n"
    "IMAGREPORT_DATA names the folder with templates/ and fonts/; LANG=de_DE.UTF-8 (or\n"
    "LANGUAGE=de) gives German messages; NO_COLOR turns colours off.\n"
    "See also: man imagreport, man 5 imagreport-report.\n");

static const char help_diagnostics[] = N_(
    "      --strict                  the report's warnings (plausibility checks) are errors\n"
    "      --fail-on=warning         warnings fail the run like errors (exit 1, nothing\n"
    "                                written); with --warnings, layout warnings too\n"
    "      --diagnostics=FORMAT      how problems are printed on standard error:\n"
    "                                short  one line each (the default in a pipe)\n"
    "                                full   also the source line with a caret under the\n"
    "                                       column, and a summary (the default on a terminal)\n"
    "                                json   a JSON array, one object per problem\n"
    "                                github GitHub Actions annotations (::error file=...)\n");

static const char help_build[] = N_(
    "usage: imagreport build REPORT_DIR -o OUT.pdf [options]\n"
    "\n"
    "Validates the report folder, typesets it and writes the PDF/A file.\n"
    "\n"
    "  -o, --output OUT.pdf          the PDF to write; '-' writes it to standard output\n"
    "      --layout OUT.json         also write the layout dump (for CI regression)\n"
    "      --deps OUT.d              also write a make-style list of every file read\n"
    "      --warnings                print layout quality warnings (overfull or loose\n"
    "                                lines, split table rows, widows, missing glyphs)\n"
    "                                and the typographic figures (hyphens, page feet)\n"
    "  -q, --quiet                   print errors only: no warnings, no summary line\n"
    "\n"
    "With several report folders, -o names a folder (and so do --layout and --deps):\n"
    "each report is built into OUT_DIR/NAME.pdf, in parallel processes.\n"
    "  -j N                          at most N builds at a time (default: the cores)\n");

static const char help_watch[] = N_(
    "usage: imagreport watch REPORT_DIR -o OUT.pdf [--layout OUT.json] [--deps OUT.d]\n"
    "\n"
    "Builds, then rebuilds whenever a file the build read, or any file in the report\n"
    "folder, changes. A failed build prints its diagnostics and keeps the last good PDF.\n"
    "Runs until interrupted.\n");

static const char help_check[] = N_(
    "usage: imagreport check REPORT_DIR [options]\n"
    "\n"
    "Validates the report folder like build, fonts included, and writes nothing.\n"
    "Exit code 0: the report is fine; 1: it has errors (all are printed).\n"
    "\n");

static const char help_init[] = N_(
    "usage: imagreport init DIR [--lang en]\n"
    "\n"
    "Writes a small, valid, commented report into the new folder DIR: report.yaml,\n"
    "a measure file with two fields of action and three measures, and two chapters.\n"
    "\n"
    "      --lang de|en              the language of the report (default: de)\n");

static const char help_diff[] = N_(
    "usage: imagreport diff OLD.json NEW.json [options]\n"
    "\n"
    "Compares two layout dumps (build --layout) and says in words what changed.\n"
    "Exit code 0: equal; 1: they differ; 2: an error.\n"
    "\n"
    "      --tolerance PT            ignore moves and resizes up to PT points (default 0.5)\n"
    "      --format=FORMAT           text (default), json (one object per change), github\n"
    "                                (workflow commands: annotations) or junit (XML test report)\n"
    "      --json                    the same as --format=json\n"
    "      --hide-page-numbers       leave out elements whose page numbers alone changed\n"
    "                                (references, contents)\n"
    "      --fail-on=WHEN            exit 1 on any change (change, the default), only on new\n"
    "                                layout warnings (warning), or never\n"
    "      --html OUT.html           also write a visual report: the changed pages, old and\n"
    "                                new side by side, changes in colour (one HTML file)\n");

static const char help_data[] = N_(
    "usage: imagreport data REPORT.pdf\n"
    "\n"
    "Prints the measure data an imagreport PDF carries (for the next report's 'previous:'),\n"
    "as JSON.\n");

/* help for one command: 0, or -1 when there is no such command */
static int print_command_help(const char *cmd, FILE *out)
{
    if (!strcmp(cmd, "build"))
        fprintf(out, "%s%s", _(help_build), _(help_diagnostics));
    else if (!strcmp(cmd, "check"))
        fprintf(out, "%s%s", _(help_check), _(help_diagnostics));
    else if (!strcmp(cmd, "watch"))
        fputs(_(help_watch), out);
    else if (!strcmp(cmd, "init"))
        fputs(_(help_init), out);
    else if (!strcmp(cmd, "diff"))
        fputs(_(help_diff), out);
    else if (!strcmp(cmd, "data"))
        fputs(_(help_data), out);
    else if (!strcmp(cmd, "help"))
        fprintf(out, "%s\n%s", _(usage), _(help));
    else
        return -1;
    return 0;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The first of cands (printf formats taking the executable's folder) that
 * holds the folder probe, or NULL. */
static const char *beside_exe(Arena *a, const char *const *cands, size_t n, const char *probe)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return NULL;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    for (size_t i = 0; i < n; i++) {
        char *d = arena_printf(a, cands[i], exe);
        if (is_dir(arena_printf(a, "%s/%s", d, probe)))
            return d;
    }
    return NULL;
}

/* The folder holding templates/ and fonts/: $IMAGREPORT_DATA, else next to the
 * executable (source tree: build/imagreport -> ..; installed: bin -> ../share/imagreport). */
static const char *find_data_dir(Arena *a)
{
    const char *env = getenv("IMAGREPORT_DATA");
    if (env && *env)
        return env;
    static const char *const cands[] = {"%s/../share/imagreport", "%s/..", "%s/../.."};
    const char *d = beside_exe(a, cands, sizeof cands / sizeof *cands, "templates");
#ifdef IMR_DATADIR
    return d ? d : IMR_DATADIR;
#else
    return d ? d : ".";
#endif
}

/* The folder of the message catalogs: BUILD/locale next to the binary in the
 * build tree, ../share/locale after make install, else the configured one. */
static const char *find_locale_dir(Arena *a)
{
    static const char *const cands[] = {"%s/locale", "%s/../share/locale"};
    const char *d = beside_exe(a, cands, sizeof cands / sizeof *cands, ".");
    return d ? d : IMR_LOCALEDIR;
}

/* Seconds since the epoch for the PDF dates: SOURCE_DATE_EPOCH, else the report date. */
static int64_t build_timestamp(const DocInfo *info, Diags *d)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (errno == 0 && *end == '\0' && v >= 0 && v <= 253402300799LL)
            return (int64_t)v;
        diag_warning(d, (SrcPos){0},                      "SOURCE_DATE_EPOCH='%s' is not a valid timestamp; using the report date", sde);
    }
    /* days from civil (Howard Hinnant's algorithm), no timezone involved */
    int y = info->date.year, m = info->date.month ? info->date.month : 1;
    int day = info->date.day ? info->date.day : 1;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    return (int64_t)days * 86400;
}

/* A layout warning's message in the user's language. The layout keeps its
 * messages in English (they go into the layout dump, which must not depend on
 * the locale), so the known ones are matched and said again; an unknown one
 * stays English. */
static const char *layout_warning_text(const LayoutWarning *w, Arena *a)
{
    const char *m = w->message;
    size_t line, len = strlen(m);
    double x;
    unsigned cp;
    int end = 0;
    static const char row[] = "table row ", row_end[] = " is taller than a page and was split";
    if (sscanf(m, "line %zu is %lf pt too wide%n", &line, &x, &end) == 2 && (size_t)end == len)
        return arena_printf(a, _("line %zu is %.1f pt too wide"), line, x);
    if (sscanf(m, "line %zu is loose (ratio %lf)%n", &line, &x, &end) == 2 && (size_t)end == len)
        return arena_printf(a, _("line %zu is loose (ratio %.2f)"), line, x);
    if (sscanf(m, "character U+%X is not in the font%n", &cp, &end) == 1 && (size_t)end == len)
        return arena_printf(a, _("character U+%04X is not in the font"), cp);
    if (len > sizeof row + sizeof row_end && !strncmp(m, row, sizeof row - 1) &&
        !strcmp(m + len - (sizeof row_end - 1), row_end))
        return arena_printf(a, _("table row %s is taller than a page and was split"),
                            arena_strndup(a, m + sizeof row - 1,
                                          len - (sizeof row - 1) - (sizeof row_end - 1)));
    return _(m); /* fixed messages are msgids themselves */
}

/* build --warnings: the report's typographic figures, one line on stderr. */
static void print_typography(const LayoutStats *s)
{
    fprintf(stderr,
            _("imagreport: typography: %d lines, %d hyphenated (%.1f per 100 lines), longest run %d, "
            "%d loose, %d overfull; foot of %d pages not ending a chapter: mean %.1f pt, max %.1f pt\n"),
            s->lines, s->hyphenated, s->lines ? 100.0 * s->hyphenated / s->lines : 0.0,
            s->longest_run, s->loose, s->overfull, s->foot_pages, (double)s->foot_mean,
            (double)s->foot_max);
}

/* Files a build read, malloc-owned: watch keeps them from one build to the next. */
typedef struct FileList {
    char **v;
    size_t n;
} FileList;

static void files_free(FileList *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    *l = (FileList){0};
}

typedef struct BuildArgs {
    const char *dir, *out, *layout;
    const char *deps;       /* --deps OUT.d: a make-style list of every file read */
    bool warnings, check_only, strict, quiet, watch;
    bool fail_on_warning;   /* --fail-on=warning: warnings fail like errors */
    DiagStyle style;
    char **dirs;            /* every REPORT_DIR given (several: a batch) */
    int n_dirs;
    int jobs;               /* a batch: builds at a time (0: the cores) */
    FileList *read;         /* watch: receives the files a successful build read */
} BuildArgs;

static int finish(Diags *d, int code, const BuildArgs *a)
{
    if (a->quiet && code != EXIT_OK) {
        /* errors only */
        size_t k = 0;
        for (size_t i = 0; i < d->len; i++) {
            if (d->items[i].level == DIAG_ERROR)
                d->items[k++] = d->items[i];
            else {
                free(d->items[i].msg);
                free(d->items[i].note);
            }
        }
        d->len = k;
        d->warnings = 0;
    }
    if (!a->quiet || code != EXIT_OK || a->style.format == DIAG_JSON)
        diags_emit(d, stderr, &a->style);
    diags_free(d);
    return code;
}

/* --diagnostics=FORMAT and the defaults: context and colour on a terminal
 * (NO_COLOR turns colour off), one line per problem in a pipe. */
static bool parse_diag_style(const char *v, DiagStyle *st)
{
    bool tty = isatty(STDERR_FILENO);
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    bool color = tty && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
    if (!v)
        *st = (DiagStyle){DIAG_TEXT, tty, color};
    else if (!strcmp(v, "short"))
        *st = (DiagStyle){DIAG_TEXT, false, color};
    else if (!strcmp(v, "full"))
        *st = (DiagStyle){DIAG_TEXT, true, color};
    else if (!strcmp(v, "json"))
        *st = (DiagStyle){DIAG_JSON, false, false};
    else if (!strcmp(v, "github"))
        *st = (DiagStyle){DIAG_GITHUB, false, false};
    else
        return false;
    return true;
}

/* "wrote bericht.pdf: 51 pages, 0.1 s" on a terminal */
static void print_success(const BuildArgs *a, const Layout *lay, const struct timespec *t0)
{
    if (a->quiet || a->check_only || !strcmp(a->out, "-") || !isatty(STDERR_FILENO))
        return;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
    fprintf(stderr, N_PLURAL("wrote %s: %zu page, %.1f s\n", "wrote %s: %zu pages, %.1f s\n",
                             (unsigned long)lay->n_pages),
            a->out, lay->n_pages, s);
}


/* Errors, or warnings under --fail-on=warning: the run fails, nothing is written. */
static bool failed(const BuildArgs *a, const Diags *d)
{
    return d->errors || (a->fail_on_warning && d->warnings);
}

/* ---------- outputs: never an input, never the same file twice ---------- */

/* A path that may not exist yet, made comparable: the real path of the file,
 * or of its folder joined with its name (malloc-owned; NULL when the folder
 * does not exist either). */
static char *path_identity(const char *path)
{
    char *real = realpath(path, NULL);
    if (real)
        return real;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    if (!rdir)
        return NULL;
    const char *name = slash ? slash + 1 : path;
    size_t n = strlen(rdir) + strlen(name) + 2;
    char *id = malloc(n);
    if (id)
        snprintf(id, n, "%s/%s", rdir, name);
    free(rdir);
    return id;
}

/* Do a and b name the same file (also through links, or as hard links)? */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char *ia = path_identity(a), *ib = path_identity(b);
    bool same = ia && ib && !strcmp(ia, ib);
    free(ia);
    free(ib);
    return same;
}

/* The output `out` (given as `opt`) must not be a file the report was made from. */
static bool output_is_input(const Report *r, const char *opt, const char *out)
{
    for (size_t i = 0; i < r->n_input_paths + FONT_COUNT; i++) {
        const char *in = i < r->n_input_paths ? r->input_paths[i]
                         : r->tmpl ? r->tmpl->font_files[i - r->n_input_paths] : NULL;
        if (in && same_file(out, in)) {
            fprintf(stderr, "imagreport: error: %s %s would overwrite %s, an input of the report\n",
                    opt, out, in);
            return true;
        }
    }
    return false;
}

/* ---------- writing: both outputs replace their targets, or neither ---------- */

/* Every file the build read: the report's files (YAML, Markdown, pictures,
 * template, a previous report), the fonts, the ICC profile, the hyphenation
 * patterns. In the arena; *n set. */
static const char **build_inputs(const Report *r, const Layout *lay, const char *icc, Arena *a,
                                 size_t *n)
{
    const char **v = arena_calloc(a, r->n_input_paths + FONT_COUNT + 2, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < r->n_input_paths; i++)
        v[k++] = r->input_paths[i];
    for (int i = 0; i < FONT_COUNT; i++)
        if (lay->font_files[i])
            v[k++] = lay->font_files[i];
    v[k++] = icc;
    if (lay->hyph_file)
        v[k++] = lay->hyph_file;
    *n = k;
    return v;
}

static void keep_inputs(FileList *l, const char *const *v, size_t n)
{
    files_free(l);
    l->v = xcalloc(n + 1, sizeof *l->v);
    for (size_t i = 0; i < n; i++)
        if (v[i])
            l->v[l->n++] = xprintf("%s", v[i]);
}

/* --deps: the dependency file put in place (true when it was not asked for). */
static bool write_deps(const BuildArgs *a, const char *const *inputs, size_t n, Diags *d)
{
    if (!a->deps)
        return true;
    Buf b = {0};
    render_deps(a->out, inputs, n, &b);
    StagedFile f = {0};
    bool ok = safe_stage(&f, a->deps, b.data, b.len, "dependency file", d) == 0 &&
              safe_commit(&f, "dependency file", d) == 0;
    safe_discard(&f);
    buf_free(&b);
    return ok;
}

static int write_outputs(const Layout *lay, const RenderOptions *ro, const BuildArgs *a,
                         const char *const *inputs, size_t n_inputs, Diags *d)
{
    unsigned char *pdf;
    size_t pdf_len;
    int rc = render_pdf_mem(lay, ro, a->out, &pdf, &pdf_len, d);
    if (rc != 0)
        return rc == RENDER_INTERNAL ? EXIT_INTERNAL : EXIT_IO;
    Buf dump = {0};
    if (a->layout)
        render_layout_dump_buf(lay, ro->tool_version, &dump);
    StagedFile f_pdf, f_dump = {0};
    int code = EXIT_IO;
    if (!strcmp(a->out, "-")) {
        /* -o -: the PDF to standard output (after the layout dump, if any, is in place) */
        if ((!a->layout || (safe_stage(&f_dump, a->layout, dump.data, dump.len, "layout dump", d) == 0 &&
                           safe_commit(&f_dump, "layout dump", d) == 0)) &&
            write_deps(a, inputs, n_inputs, d)) {
            if (fwrite(pdf, 1, pdf_len, stdout) == pdf_len && fflush(stdout) == 0)
                code = EXIT_OK;
            else
                diag_error(d, (SrcPos){0}, "cannot write PDF: %s", strerror(errno));
        }
        safe_discard(&f_dump);
    } else if (safe_stage(&f_pdf, a->out, pdf, pdf_len, "PDF", d) == 0) {
        if ((!a->layout || (safe_stage(&f_dump, a->layout, dump.data, dump.len, "layout dump", d) == 0 &&
                           safe_commit(&f_dump, "layout dump", d) == 0)) &&
            write_deps(a, inputs, n_inputs, d))
            code = safe_commit(&f_pdf, "PDF", d) == 0 ? EXIT_OK : EXIT_IO;
        safe_discard(&f_pdf);
        safe_discard(&f_dump);
    }
    free(pdf);
    buf_free(&dump);
    return code;
}

static int run_build(const BuildArgs *a)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    Diags d = {0};
    Arena *arena = arena_new();
    LoadOptions lo = {.data_dir = find_data_dir(arena),
                      .hyph_root = getenv("IMAGREPORT_HYPHENATION")};
    Report *r = NULL;
    int code = EXIT_OK;
    if (!is_dir(arena_printf(arena, "%s/templates", lo.data_dir))) {
        SrcPos data = {lo.data_dir, 0, 0};
        if (getenv("IMAGREPORT_DATA"))
            diag_error(&d, data, "no templates/ folder in imagreport's data folder (set by "
                                 "IMAGREPORT_DATA)");
        else
            diag_error(&d, data, "no templates/ folder in imagreport's data folder");
        code = EXIT_IO;
        goto out;
    }
    r = load_report(a->dir, &lo, arena, &d);
    if (a->strict)
        diags_promote_warnings(&d);
    if (!r || failed(a, &d)) {
        code = EXIT_INVALID;
        goto out;
    }
    if (a->check_only) {
        if (!layout_check_resources(r->tmpl, r->info.lang, &d))
            code = EXIT_INVALID;
        goto out;
    }
    if ((strcmp(a->out, "-") && output_is_input(r, "-o", a->out)) ||
        (a->layout && output_is_input(r, "--layout", a->layout)) ||
        (a->deps && output_is_input(r, "--deps", a->deps))) {
        code = EXIT_USAGE;
        goto out;
    }
    const Doc *doc = compose_document(r, arena, &d);
    if (!doc || d.errors) {
        code = EXIT_INVALID;
        goto out;
    }
    const Layout *lay = layout_document(doc, arena, &d);
    if (!lay || d.errors) {
        code = EXIT_INVALID;
        goto out;
    }
    if (a->warnings) {
        print_typography(&lay->stats);
        for (size_t i = 0; i < lay->n_warnings; i++) {
            const LayoutWarning *w = &lay->warnings[i];
            if (w->kind == LW_MISSING_GLYPH)
                continue; /* layout reported it already, once per character and place */
            diag_warning(&d, w->pos, "page %d: %s: %s", w->page + 1, layout_warn_names[w->kind],
                         layout_warning_text(w, arena));
        }
    }
    if (failed(a, &d)) {
        code = EXIT_INVALID;
        goto out;
    }
    RenderOptions ro = {
        .icc_profile = arena_printf(arena, "%s/templates/sRGB.icc", lo.data_dir),
        .timestamp = build_timestamp(&lay->info, &d),
        .tool_version = "imagreport " IMR_VERSION,
    };
    size_t n_inputs;
    const char **inputs = build_inputs(r, lay, ro.icc_profile, arena, &n_inputs);
    code = write_outputs(lay, &ro, a, inputs, n_inputs, &d);
    if (code == EXIT_OK && a->read)
        keep_inputs(a->read, inputs, n_inputs);
    if (code == EXIT_OK)
        print_success(a, lay, &t0);
out:
    code = finish(&d, code, a); /* diagnostics point into the arena: print before freeing */
    if (r)
        report_free(r);
    arena_free(arena);
    return code;
}

/* ---------- several report folders in one call: one process each ---------- */


/* The last path component of dir, without trailing slashes (malloc-owned). */
static char *folder_name(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t s = n;
    while (s > 0 && dir[s - 1] != '/')
        s--;
    return strndup(dir + s, n - s);
}

/* Builds the report folders dirs[0..n) into the folder a->out (a->layout and
 * a->deps, when given, are folders too): NAME.pdf (.json, .d) per folder.
 * Each build runs in a process of its own (fork), at most a->jobs (default:
 * the cores) at a time: the same code path as a single build, no state
 * shared, so the PDFs are byte for byte those of single builds. Each build's
 * diagnostics are collected and printed in the order of the folders.
 * Returns the worst exit code. */
static int run_batch(const BuildArgs *a, char **dirs, int n)
{
    const char *outs[3] = {a->out, a->layout, a->deps};
    for (int k = 0; k < 3; k++)
        if (outs[k] && !is_dir(outs[k])) {
            fprintf(stderr, _("imagreport: with several report folders, %s must name an existing folder: %s\n"),
                    k == 0 ? "-o" : k == 1 ? "--layout" : "--deps", outs[k]);
            return EXIT_USAGE;
        }
    char **names = xcalloc((size_t)n, sizeof *names);
    for (int i = 0; i < n; i++) {
        names[i] = folder_name(dirs[i]);
        for (int j = 0; j < i; j++)
            if (!strcmp(names[i], names[j])) {
                fprintf(stderr, _("imagreport: report folders %s and %s would both write %s.pdf\n"),
                        dirs[j], dirs[i], names[i]);
                for (int k = 0; k <= i; k++)
                    free(names[k]);
                free(names);
                return EXIT_USAGE;
            }
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = a->jobs > 0 ? a->jobs : cores > 0 ? (int)cores : 1;
    FILE **logs = xcalloc((size_t)n, sizeof *logs);
    pid_t *pids = xcalloc((size_t)n, sizeof *pids);
    int *codes = xcalloc((size_t)n, sizeof *codes);
    int running = 0, worst = EXIT_OK;
    for (int i = 0; i <= n; i++) {
        while (running > 0 && (running >= jobs || i == n)) {
            int status;
            pid_t done = wait(&status);
            if (done < 0)
                break;
            running--;
            for (int j = 0; j < i; j++)
                if (pids[j] == done)
                    codes[j] = WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_INTERNAL;
        }
        if (i == n)
            break;
        logs[i] = tmpfile();
        fflush(NULL);
        pid_t pid = logs[i] ? fork() : -1;
        if (pid == 0) {
            dup2(fileno(logs[i]), STDERR_FILENO);
            dup2(fileno(logs[i]), STDOUT_FILENO);
            BuildArgs b = *a;
            b.dir = dirs[i];
            b.out = xprintf("%s/%s.pdf", a->out, names[i]);
            b.layout = a->layout ? xprintf("%s/%s.json", a->layout, names[i]) : NULL;
            b.deps = a->deps ? xprintf("%s/%s.d", a->deps, names[i]) : NULL;
            int code = is_dir(b.dir) ? run_build(&b) : (fprintf(stderr, _("%s: error: not a folder\n"), b.dir), EXIT_IO);
            fflush(NULL);
            _exit(code);
        }
        if (pid < 0) {
            fprintf(stderr, _("imagreport: cannot start a build for %s: %s\n"), dirs[i], strerror(errno));
            codes[i] = EXIT_INTERNAL;
            continue;
        }
        pids[i] = pid;
        running++;
    }
    for (int i = 0; i < n; i++) {
        if (logs[i]) {
            rewind(logs[i]);
            char buf[4096];
            size_t got;
            while ((got = fread(buf, 1, sizeof buf, logs[i])) > 0)
                fwrite(buf, 1, got, stderr);
            fclose(logs[i]);
        }
        if (codes[i] > worst)
            worst = codes[i];
        free(names[i]);
    }
    free(names);
    free(logs);
    free(pids);
    free(codes);
    return worst;
}

/* ---------- watch: rebuild on every change of a file the build read ---------- */

typedef struct Watch {
    int fd;
    char **dirs;            /* per watch descriptor: its folder (malloc-owned) */
    size_t n_dirs;
    char *report;           /* realpath of the report folder */
} Watch;

static void watch_dir(Watch *w, const char *dir)
{
    int wd = inotify_add_watch(w->fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
                                              IN_CREATE | IN_DELETE | IN_ONLYDIR);
    if (wd < 0)
        return;
    if ((size_t)wd >= w->n_dirs) {
        w->dirs = xrealloc(w->dirs, ((size_t)wd + 1) * sizeof *w->dirs);
        for (size_t i = w->n_dirs; i <= (size_t)wd; i++)
            w->dirs[i] = NULL;
        w->n_dirs = (size_t)wd + 1;
    }
    if (!w->dirs[wd])
        w->dirs[wd] = realpath(dir, NULL);
}

/* Is path inside folder (both real paths)? */
static bool in_folder(const char *path, const char *folder)
{
    size_t n = strlen(folder);
    return !strncmp(path, folder, n) && (path[n] == '/' || path[n] == '\0');
}

/* Is path (a real path) one of the files of l? */
static bool in_list(const FileList *l, const char *path)
{
    for (size_t i = 0; i < l->n; i++) {
        char *id = path_identity(l->v[i]);
        bool same = id && !strcmp(id, path);
        free(id);
        if (same)
            return true;
    }
    return false;
}

/* The report folder and its subfolders (not hidden ones), at most 8 deep. */
static void watch_tree(Watch *w, const char *dir, int depth)
{
    watch_dir(w, dir);
    DIR *d = depth < 8 ? opendir(dir) : NULL;
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *sub = xprintf("%s/%s", dir, e->d_name);
        if (is_dir(sub))
            watch_tree(w, sub, depth + 1);
        free(sub);
    }
    closedir(d);
}

/* Is path (a real path) one of the build's outputs? */
static bool is_output(const BuildArgs *a, const char *path)
{
    const char *outs[3] = {a->out, a->layout, a->deps};
    for (int k = 0; k < 3; k++)
        if (outs[k] && in_list(&(FileList){(char **)&outs[k], 1}, path))
            return true;
    return false;
}

/* Does a change of dir/name matter? Inside the report folder every visible
 * file does (a new picture may be what fixes the build) except the outputs;
 * elsewhere only the files the last build read. */
static bool relevant(const Watch *w, const BuildArgs *a, const FileList *read, const char *dir,
                     const char *name)
{
    if (name[0] == '.' || name[strlen(name) - 1] == '~')
        return false; /* hidden and backup files: editors' and our own temporary files */
    char *path = xprintf("%s/%s", dir, name);
    bool yes = !is_output(a, path) && (in_folder(path, w->report) || in_list(read, path));
    free(path);
    return yes;
}

/* Waits for a relevant change, then for quiet (100 ms without events), so
 * that an editor's save (write, rename, attributes) is one rebuild. */
static void wait_change(Watch *w, const BuildArgs *a, const FileList *files)
{
    bool changed = false;
    for (;;) {
        struct pollfd p = {w->fd, POLLIN, 0};
        int r = poll(&p, 1, changed ? 100 : -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return;
        char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
        ssize_t len = read(w->fd, buf, sizeof buf);
        for (ssize_t i = 0; i < len;) {
            const struct inotify_event *ev = (const struct inotify_event *)(buf + i);
            if (ev->len && (size_t)ev->wd < w->n_dirs && w->dirs[ev->wd] &&
                relevant(w, a, files, w->dirs[ev->wd], ev->name))
                changed = true;
            i += (ssize_t)(sizeof *ev + ev->len);
        }
    }
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* imagreport watch REPORT -o OUT.pdf: builds, then rebuilds whenever a file
 * the build read (or any file in the report folder) changes. A failed build
 * prints its diagnostics and leaves the last good PDF in place. Runs until
 * interrupted. */
static int run_watch(BuildArgs *a)
{
    Watch w = {.fd = inotify_init1(IN_CLOEXEC), .report = realpath(a->dir, NULL)};
    if (w.fd < 0 || !w.report) {
        fprintf(stderr, _("imagreport: cannot watch %s: %s\n"), a->dir, strerror(errno));
        return EXIT_IO;
    }
    FileList read = {0};
    a->read = &read;
    for (;;) {
        double t0 = now_ms();
        int code = run_build(a);
        if (code == EXIT_OK)
            printf(_("imagreport: built %s in %.0f ms; watching %zu files\n"), a->out, now_ms() - t0,
                   read.n);
        else
            printf(_("imagreport: build failed (exit %d); %s keeps its last good version\n"), code,
                   a->out);
        fflush(stdout);
        watch_tree(&w, a->dir, 0);
        for (size_t i = 0; i < read.n; i++) {
            char *slash = strrchr(read.v[i], '/');
            char *dir = slash ? strndup(read.v[i], slash == read.v[i] ? 1 : (size_t)(slash - read.v[i]))
                              : strdup(".");
            watch_dir(&w, dir);
            free(dir);
        }
        wait_change(&w, a, &read);
    }
}

/* "--name=VALUE" or "--name VALUE": the value, advancing *i; NULL when s is
 * not that option. *missing is set when the value is not there. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    const char *s = argv[*i];
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0)
        return NULL;
    if (s[n] == '=')
        return s + n + 1;
    if (s[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* Index of s in names (NULL-terminated), or -1. */
static int pick(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(s, names[i]))
            return i;
    return -1;
}

/* "imagreport: MESSAGE" and the usage; fmt is English (translated here) or
 * already translated. */
static int usage_error(const char *fmt, const char *arg)
{
    fputs("imagreport: ", stderr);
    fprintf(stderr, _(fmt), arg);
    fprintf(stderr, "\n%s", _(usage));
    return EXIT_USAGE;
}
static int run_diff(int argc, char **argv)
{
    static const char *const formats[] = {"text", "json", "github", "junit", NULL};
    static const char *const fail_ons[] = {"change", "warning", "never", NULL};
    DiffOptions o = {.tolerance = 0.5f};
    const char *paths[2] = {0}, *html_path = NULL;
    int np = 0;
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i], *v;
        bool missing = false;
        if (!strcmp(s, "--help") || !strcmp(s, "-h"))
            return print_command_help("diff", stdout), EXIT_OK;
        if (!strcmp(s, "--json")) {
            o.format = DIFF_JSON;
        } else if (!strcmp(s, "--hide-page-numbers")) {
            o.hide_pagenum = true;
        } else if ((v = opt_value(argc, argv, &i, "--format", &missing))) {
            int k = pick(v, formats);
            if (k < 0)
                return usage_error(_("--format takes text, json, github or junit, not '%s'"), v);
            o.format = (DiffFormat)k;
        } else if ((v = opt_value(argc, argv, &i, "--fail-on", &missing))) {
            int k = pick(v, fail_ons);
            if (k < 0)
                return usage_error(_("--fail-on takes change, warning or never, not '%s'"), v);
            o.fail_on = (DiffFailOn)k;
        } else if ((v = opt_value(argc, argv, &i, "--html", &missing))) {
            html_path = v;
        } else if ((v = opt_value(argc, argv, &i, "--tolerance", &missing))) {
            char *end;
            o.tolerance = strtof(v, &end);
            if (*end || end == v || o.tolerance < 0) {
                fprintf(stderr, "%s", _("imagreport: --tolerance takes a number of points >= 0\n"));
                return EXIT_USAGE;
            }
        } else if (missing || (s[0] == '-' && s[1] != '\0')) {
            fprintf(stderr, _("imagreport: unknown or incomplete option '%s'\n%s"), s, _(usage));
            return EXIT_USAGE;
        } else if (np < 2) {
            paths[np++] = s;
        } else {
            fprintf(stderr, _("imagreport: unexpected argument '%s'\n%s"), s, _(usage));
            return EXIT_USAGE;
        }
    }
    if (np != 2) {
        fprintf(stderr, _("imagreport: diff needs OLD.json and NEW.json\n%s"), _(usage));
        return EXIT_USAGE;
    }
    Buf html = {0};
    o.html = html_path ? &html : NULL;
    int rc = diff_layouts(paths[0], paths[1], &o, stdout, stderr);
    if (html_path && rc != EXIT_USAGE) {
        Diags d = {0};
        if (safe_write_named(html_path, html.data, html.len, "HTML report", &d) != 0)
            rc = EXIT_USAGE; /* diff: any error */
        diags_print(&d, stderr);
        diags_free(&d);
    }
    buf_free(&html);
    return rc;
}

/* imagreport data REPORT.pdf: the measure data the PDF carries, to stdout. */
static int run_data(int argc, char **argv)
{
    if (argc != 3 || argv[2][0] == '-') {
        fprintf(stderr, _("imagreport: data needs one REPORT.pdf\n%s"), _(usage));
        return EXIT_USAGE;
    }
    Diags d = {0};
    Arena *arena = arena_new();
    const char *json = pdf_report_data(argv[2], (SrcPos){argv[2], 0, 0}, arena, &d);
    if (json)
        fputs(json, stdout);
    diags_print(&d, stderr);
    diags_free(&d);
    int code = json ? EXIT_OK : EXIT_INVALID;
    arena_free(arena);
    return code;
}

/* build/check options into a; -1 to go on, else the exit code. */
static int parse_build_args(BuildArgs *a, int argc, char **argv)
{
    const char *diag = NULL;
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "--help") || !strcmp(s, "-h"))
            return print_command_help(argv[1], stdout), EXIT_OK;
        if (!a->check_only && (!strcmp(s, "-o") || !strcmp(s, "--output")) && i + 1 < argc)
            a->out = argv[++i];
        else if (!a->check_only && !strcmp(s, "--layout") && i + 1 < argc)
            a->layout = argv[++i];
        else if (!a->check_only && !strcmp(s, "--deps") && i + 1 < argc)
            a->deps = argv[++i];
        else if (!a->check_only && !a->watch && !strcmp(s, "-j") && i + 1 < argc &&
                 (a->jobs = atoi(argv[i + 1])) > 0)
            i++;
        else if (!a->check_only && !strcmp(s, "--warnings"))
            a->warnings = true;
        else if (!a->check_only && (!strcmp(s, "--quiet") || !strcmp(s, "-q")))
            a->quiet = true;
        else if (!strcmp(s, "--strict"))
            a->strict = true;
        else if (!strcmp(s, "--fail-on=warning") || !strcmp(s, "--fail-on=error"))
            a->fail_on_warning = !strcmp(s, "--fail-on=warning");
        else if (!strncmp(s, "--diagnostics=", 14))
            diag = s + 14;
        else if (!strcmp(s, "--diagnostics") && i + 1 < argc)
            diag = argv[++i];
        else if (s[0] == '-' && s[1] != '\0')
            return usage_error(N_("unknown or incomplete option '%s'"), s);
        else if (!a->dir || (!a->check_only && !a->watch)) {
            if (!a->dir)
                a->dir = s;
            a->dirs[a->n_dirs++] = argv[i];
        } else
            return usage_error(N_("unexpected argument '%s'"), s);
    }
    if (!parse_diag_style(diag, &a->style))
        return usage_error(N_("--diagnostics takes short, full, json or github, not '%s'"), diag);
    if (!a->dir || (!a->check_only && !a->out))
        return usage_error(!a->dir ? N_("missing REPORT_DIR") : N_("missing -o OUT.pdf"), "");
    if (a->n_dirs > 1) /* a batch: -o and the others name folders, checked by run_batch */
        return -1;
    if (a->out && !strcmp(a->out, "-") && isatty(STDOUT_FILENO))
        return usage_error(N_("%s: standard output is a terminal; redirect it to a file"), "-o -");
    if (a->layout && same_file(a->out, a->layout)) {
        fprintf(stderr, "imagreport: error: -o and --layout name the same file (%s)\n", a->layout);
        return EXIT_USAGE;
    }
    if (a->deps && (same_file(a->out, a->deps) || (a->layout && same_file(a->layout, a->deps)))) {
        fprintf(stderr, "imagreport: error: --deps names the same file as -o or --layout (%s)\n",
                a->deps);
        return EXIT_USAGE;
    }
    if (!is_dir(a->dir)) {
        /* said in the chosen format (a CI reading JSON gets JSON) */
        Diags d = {0};
        SrcPos dir = {a->dir, 0, 0};
        diag_error(&d, dir, "not a folder (%s)",
                   access(a->dir, F_OK) == 0 ? _("not a directory") : strerror(errno));
        return finish(&d, EXIT_IO, a);
    }
    return -1;
}

/* imagreport init DIR [--lang de|en] */
static int cmd_init(int argc, char **argv)
{
    const char *dir = NULL, *lang = "de";
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "--help") || !strcmp(s, "-h"))
            return print_command_help("init", stdout), EXIT_OK;
        if (!strcmp(s, "--lang") && i + 1 < argc)
            lang = argv[++i];
        else if (!strncmp(s, "--lang=", 7))
            lang = s + 7;
        else if (s[0] == '-' && s[1] != '\0')
            return usage_error(N_("unknown or incomplete option '%s'"), s);
        else if (!dir)
            dir = s;
        else
            return usage_error(N_("unexpected argument '%s'"), s);
    }
    if (strcmp(lang, "de") && strcmp(lang, "en"))
        return usage_error(N_("--lang takes de or en, not '%s'"), lang);
    if (!dir)
        return usage_error(N_("missing DIR"), "");
    Arena *a = arena_new();
    char *schema = realpath(arena_printf(a, "%s/schema", find_data_dir(a)), NULL);
    int rc = init_report(dir, lang, schema && is_dir(schema) ? schema : NULL);
    free(schema);
    arena_free(a);
    return rc;
}

/* imagreport schema report|measures|template: the JSON Schema, for editors */
static int cmd_schema(int argc, char **argv)
{
    if (argc != 3)
        return usage_error(N_("schema takes one of report, measures, template"), "");
    const char *missing = NULL;
    int rc = load_write_schema(argv[2], stdout, &missing);
    if (rc < 0)
        return usage_error(N_("schema takes report, measures or template, not '%s'"), argv[2]);
    if (rc > 0) {
        fprintf(stderr, "imagreport: error: the schema has no type for the key '%s'\n", missing);
        return EXIT_INTERNAL;
    }
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_IO;
}

int main(int argc, char **argv)
{
    Arena *la = arena_new();
    i18n_init(find_locale_dir(la)); /* bindtextdomain keeps its own copy */
    arena_free(la);
    if (argc < 2) {
        fputs(_(usage), stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (!strcmp(cmd, "help") && argc > 2 && print_command_help(argv[2], stdout) != 0)
            return usage_error(N_("unknown command '%s'"), argv[2]);
        if (strcmp(cmd, "help") || argc <= 2)
            print_command_help("help", stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        puts("imagreport " IMR_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "build") || !strcmp(cmd, "check") || !strcmp(cmd, "watch")) {
        BuildArgs a = {.check_only = !strcmp(cmd, "check"), .watch = !strcmp(cmd, "watch")};
        a.dirs = xcalloc((size_t)argc, sizeof *a.dirs);
        int rc = parse_build_args(&a, argc, argv);
        if (rc < 0)
            rc = a.n_dirs > 1 ? run_batch(&a, a.dirs, a.n_dirs) : a.watch ? run_watch(&a) : run_build(&a);
        free(a.dirs);
        return rc;
    }
    if (!strcmp(cmd, "init"))
        return cmd_init(argc, argv);
    if (!strcmp(cmd, "schema"))
        return cmd_schema(argc, argv);
    if (!strcmp(cmd, "diff"))
        return run_diff(argc, argv);
    if (!strcmp(cmd, "data"))
        return run_data(argc, argv);
    fprintf(stderr, _("imagreport: unknown command '%s'\n%s"), cmd, _(usage));
    return EXIT_USAGE;
}
