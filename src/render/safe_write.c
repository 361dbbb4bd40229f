/* safe_write.c — replacing a file atomically.
 *
 * The bytes go to a temporary file beside the target (".NAME.XXXXXX", so a
 * process killed half-way leaves at most a hidden stray, never a partial
 * target), which is flushed to disk and renamed over the target; the folder
 * is then flushed so the rename itself survives a crash. On any failure the
 * temporary file is removed and the old target is left as it was. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/buf.h"
#include "render.h"

typedef struct Target {
    Buf dir;  /* folder of the file that is finally replaced */
    Buf name; /* its last component */
} Target;

static void split_path(const char *p, Target *t)
{
    const char *slash = strrchr(p, '/');
    if (!slash) {
        buf_puts(&t->dir, ".");
        buf_puts(&t->name, p);
    } else {
        if (slash == p)
            buf_puts(&t->dir, "/");
        else
            buf_put(&t->dir, p, (size_t)(slash - p));
        buf_puts(&t->name, slash + 1);
    }
}

/* Where the bytes really go: a symbolic link is followed, so that the link
 * stays and the file it names is replaced. Returns 0 or an errno value. */
static int resolve_target(const char *path, Target *t, struct stat *st, bool *exists)
{
    struct stat lst;
    *exists = false;
    if (lstat(path, &lst) != 0) {
        if (errno != ENOENT)
            return errno;
        split_path(path, t);
        return 0;
    }
    if (S_ISLNK(lst.st_mode)) {
        char *real = realpath(path, NULL);
        if (!real)
            return errno; /* a dangling link: ENOENT */
        split_path(real, t);
        free(real);
        if (stat(path, st) != 0)
            return errno;
    } else {
        split_path(path, t);
        *st = lst;
    }
    *exists = true;
    if (S_ISDIR(st->st_mode))
        return EISDIR;
    if (!S_ISREG(st->st_mode))
        return EINVAL; /* a device or a pipe would be replaced, not written */
    return 0;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len > (1u << 30) ? (1u << 30) : len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (n == 0)
            return EIO;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Writes the bytes to a new temporary file beside the target, flushed to
 * disk; f->tmp names it. Returns 0 or an errno value (no file left). */
static int write_temp(StagedFile *f, const Target *t, const void *data, size_t len, mode_t mode)
{
    const char *sep = t->dir.data[t->dir.len - 1] == '/' ? "" : "/";
    buf_printf(&f->tmp, "%s%s.%s.XXXXXX", t->dir.data, sep, t->name.data);
    int fd = mkstemp(f->tmp.data);
    if (fd < 0) {
        int e = errno;
        buf_free(&f->tmp);
        return e;
    }
    /* A file size limit (ulimit -f) must give EFBIG, not kill us half-way. */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGXFSZ, &ign, &old);
    int e = write_all(fd, data, len);
    sigaction(SIGXFSZ, &old, NULL);
    if (!e && fchmod(fd, mode) != 0)
        e = errno;
    if (!e && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    if (e) {
        unlink(f->tmp.data);
        buf_free(&f->tmp);
        return e;
    }
    buf_printf(&f->dst, "%s%s%s", t->dir.data, sep, t->name.data);
    buf_puts(&f->dir, t->dir.data);
    return 0;
}

static void report(Diags *diags, const char *path, const char *what, int e)
{
    SrcPos where = {.file = path};
    diag_error(diags, where, "cannot write %s: %s", what,
               e == EINVAL ? "not a regular file" : strerror(e));
}

int safe_stage(StagedFile *f, const char *path, const void *data, size_t len, const char *what,
               Diags *diags)
{
    memset(f, 0, sizeof *f);
    if (!path || !*path) {
        diag_error(diags, (SrcPos){0}, "cannot write %s: no file name given", what);
        return -1;
    }
    Target t = {0};
    struct stat st;
    bool exists;
    int e = resolve_target(path, &t, &st, &exists);
    if (!e && (t.name.len == 0 || !strcmp(t.name.data, ".") || !strcmp(t.name.data, "..")))
        e = EISDIR;
    if (!e)
        e = write_temp(f, &t, data, len, exists ? (st.st_mode & 07777) : new_file_mode());
    buf_free(&t.dir);
    buf_free(&t.name);
    if (e) {
        report(diags, path, what, e);
        return -1;
    }
    f->path = path;
    return 0;
}

int safe_commit(StagedFile *f, const char *what, Diags *diags)
{
    if (!f->tmp.data)
        return -1;
    if (rename(f->tmp.data, f->dst.data) != 0) {
        report(diags, f->path, what, errno);
        safe_discard(f);
        return -1;
    }
    buf_free(&f->tmp); /* renamed: nothing left to remove */
    /* make the rename durable; a folder that cannot be synced is no error */
    int dfd = open(f->dir.data, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    safe_discard(f);
    return 0;
}

void safe_discard(StagedFile *f)
{
    if (f->tmp.data)
        unlink(f->tmp.data);
    buf_free(&f->tmp);
    buf_free(&f->dst);
    buf_free(&f->dir);
}

int safe_write_named(const char *path, const void *data, size_t len, const char *what,
                     Diags *diags)
{
    StagedFile f;
    if (safe_stage(&f, path, data, len, what, diags) != 0)
        return -1;
    return safe_commit(&f, what, diags);
}

int safe_write_file(const char *path, const void *data, size_t len, Diags *diags)
{
    return safe_write_named(path, data, len, "file", diags);
}
