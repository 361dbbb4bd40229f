/* files.c — paths inside the report folder, reading files, UTF-8 checks. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/buf.h"
#include "../base/utf8.h"
#include "internal.h"

const char *display_path(Loader *L, const char *rel)
{
    if (!strcmp(L->dir, "."))
        return rel;
    if (!*rel)
        return L->dir;
    return arena_printf(L->arena, "%s/%s", L->dir, rel);
}

const char *dir_of(Arena *a, const char *rel)
{
    const char *slash = strrchr(rel, '/');
    return slash ? arena_strndup(a, rel, (size_t)(slash - rel)) : "";
}

char *join_rel(Arena *a, const char *base, const char *rel)
{
    /* segments of base then rel; "." dropped, ".." pops (NULL when nothing to pop) */
    char *tmp = arena_printf(a, "%s%s%s", base, *base ? "/" : "", rel);
    const char **segs = arena_calloc(a, strlen(tmp) + 1, sizeof *segs);
    size_t n = 0;
    for (char *p = tmp; *p;) {
        char *s = p;
        while (*p && *p != '/')
            p++;
        if (*p)
            *p++ = '\0';
        if (!*s || !strcmp(s, "."))
            continue;
        if (!strcmp(s, "..")) {
            if (n == 0)
                return NULL;
            n--;
            continue;
        }
        segs[n++] = s;
    }
    Buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(&b, '/');
        buf_puts(&b, segs[i]);
    }
    return buf_to_arena(&b, a);
}

static bool inside_root(const Loader *L, const char *real)
{
    size_t n = strlen(L->root_real);
    if (n == 1 && L->root_real[0] == '/')
        return true;
    return !strncmp(real, L->root_real, n) && (real[n] == '/' || real[n] == '\0');
}

/* After "not found": a file of the same folder whose name differs only in case
 * (or is a near miss) becomes a note "did you mean …" in the value's own terms. */
static void note_similar_file(Loader *L, const char *shown, const char *value)
{
    const char *slash = strrchr(shown, '/');
    const char *dir = slash ? arena_strndup(L->arena, shown, (size_t)(slash - shown)) : ".";
    const char *name = slash ? slash + 1 : shown;
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    const char *best = NULL;
    size_t best_d = (size_t)-1, len = strlen(name);
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (e->d_name[0] == '.')
            continue;
        size_t dist = !strcasecmp(e->d_name, name) ? 0 : edit_distance(name, e->d_name);
        if (dist < best_d || (dist == best_d && best && strcmp(e->d_name, best) < 0)) {
            best_d = dist;
            best = arena_strdup(L->arena, e->d_name);
        }
    }
    closedir(dp);
    if (!best || best_d > (len <= 6 ? 1 : 2))
        return;
    const char *vslash = strrchr(value, '/');
    const char *fixed = vslash ? arena_printf(L->arena, "%.*s/%s", (int)(vslash - value), value, best)
                               : best;
    diag_note(L->diags, "did you mean '%s'?", fixed);
}

const char *resolve_path(Loader *L, const char *base_rel, const char *value, SrcPos pos,
                         const char *what)
{
    Diags *d = L->diags;
    if (!value || !*value) {
        diag_error(d, pos, "%s is empty", _(what));
        return NULL;
    }
    if (value[0] == '/') {
        diag_error(d, pos, "%s '%s' is an absolute path; write it relative to %s", _(what), value,
                   *base_rel ? _("the file that names it") : _("the report folder"));
        return NULL;
    }
    char *rel = join_rel(L->arena, base_rel, value);
    if (!rel) {
        diag_error(d, pos, "%s '%s' leads outside the report folder", _(what), value);
        return NULL;
    }
    if (!*rel) {
        diag_error(d, pos, "%s '%s' names the report folder, not a file", _(what), value);
        return NULL;
    }
    const char *shown = display_path(L, rel);
    struct stat st, lst;
    bool is_link = lstat(shown, &lst) == 0 && S_ISLNK(lst.st_mode);
    if (stat(shown, &st) != 0) {
        if (is_link) {
            char target[PATH_MAX];
            ssize_t k = readlink(shown, target, sizeof target - 1);
            if (k > 0) {
                target[k] = '\0';
                bool out = target[0] == '/'
                               ? !inside_root(L, target)
                               : join_rel(L->arena, dir_of(L->arena, rel), target) == NULL;
                if (out) {
                    diag_error(d, pos,
                               "%s '%s' is a symbolic link to '%s', outside the report folder",
                               _(what), value, target);
                    return NULL;
                }
            }
            diag_error(d, pos, "%s '%s' is a broken symbolic link (%s)", _(what), value, shown);
            return NULL;
        }
        if (errno == ENOENT || errno == ENOTDIR) {
            diag_error(d, pos, "%s '%s' not found (looked for %s)", _(what), value, shown);
            note_similar_file(L, shown, value);
        }
        else
            diag_error(d, pos, "%s '%s' cannot be read: %s", _(what), value, strerror(errno));
        return NULL;
    }
    char *real = realpath(shown, NULL);
    if (!real) {
        diag_error(d, pos, "%s '%s' cannot be resolved: %s", _(what), value, strerror(errno));
        return NULL;
    }
    bool ok = inside_root(L, real);
    if (!ok) {
        /* say the link as written (stable wherever the folder lives) */
        char target[PATH_MAX];
        ssize_t k = is_link ? readlink(shown, target, sizeof target - 1) : -1;
        if (k > 0)
            target[k] = '\0';
        diag_error(d, pos, "%s '%s' is a symbolic link to '%s', outside the report folder", _(what),
                   value, k > 0 ? target : real);
        free(real);
        return NULL;
    }
    free(real);
    if (S_ISDIR(st.st_mode)) {
        diag_error(d, pos, "%s '%s' is a folder, not a file", _(what), value);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_error(d, pos, "%s '%s' is not a regular file", _(what), value);
        return NULL;
    }
    return rel;
}

unsigned char *read_file(Loader *L, const char *path, const char *display, SrcPos pos,
                         size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_error(L->diags, pos, "cannot read %s: %s", display, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        diag_error(L->diags, pos, "cannot read %s: not a regular file", display);
        fclose(f);
        return NULL;
    }
    if ((unsigned long long)st.st_size > max) {
        diag_error(L->diags, pos, "%s is too large (%lld bytes; at most %zu)", display,
                   (long long)st.st_size, max);
        fclose(f);
        return NULL;
    }
    size_t n = (size_t)st.st_size;
    unsigned char *buf = arena_alloc(L->arena, n + 1);
    size_t got = n ? fread(buf, 1, n, f) : 0;
    fclose(f);
    if (got != n) {
        diag_error(L->diags, pos, "cannot read %s: short read", display);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    vec_push(&L->read_paths, arena_strdup(L->arena, path));
    return buf;
}

static bool check_utf8(Loader *L, const char *display, const char *src, size_t len)
{
    size_t start = bom_len(src, len);
    size_t bad = utf8_find_invalid(src + start, len - start);
    if (bad == (size_t)-1)
        return true;
    bad += start;
    diag_error(L->diags, src_pos_of(display, src, len, bad),
               "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
               (unsigned)(unsigned char)src[bad]);
    return false;
}

void add_input(Loader *L, const char *rel, const unsigned char *data, size_t len)
{
    InputFile *f = arena_alloc(L->arena, sizeof *f);
    f->rel = rel;
    f->data = data;
    f->len = len;
    vec_push(&L->inputs, f);
}

const char *read_text_file(Loader *L, const char *fs_path, const char *display,
                           const char *hash_rel, SrcPos ref, size_t *len)
{
    unsigned char *src = read_file(L, fs_path, display, ref, LOAD_MAX_FILE_SIZE, len);
    if (!src)
        return NULL;
    add_input(L, hash_rel, src, *len);
    if (*len > LOAD_MAX_TOTAL_TEXT - L->text_bytes) {
        diag_error(L->diags, ref,
                   "%s makes the report's YAML and Markdown files too large together (more "
                   "than %u bytes)",
                   display, LOAD_MAX_TOTAL_TEXT);
        L->text_bytes = LOAD_MAX_TOTAL_TEXT;
        return NULL;
    }
    L->text_bytes += *len;
    if (!check_utf8(L, display, (const char *)src, *len))
        return NULL;
    return (const char *)src;
}

Node *load_yaml_file(Loader *L, const char *fs_path, const char *display, const char *hash_rel,
                     SrcPos ref)
{
    size_t len;
    const char *src = read_text_file(L, fs_path, display, hash_rel, ref, &len);
    return src ? yaml_parse(L->arena, L->diags, display, src, len) : NULL;
}
