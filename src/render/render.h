/* render.h — the render stage: positioned boxes into a PDF, and into the
 * layout dump for CI. No layout decision is made here.
 *
 * render_pdf() writes a tagged PDF/A-2a and PDF/UA-1 file: every box in
 * marked content (its structure element's, or an artifact), the structure
 * tree from Layout.nodes, fonts embedded (Identity-H) with
 * correct ToUnicode CMaps, XMP metadata equal to the Info dictionary, an sRGB
 * output intent, a trailer /ID from a hash of the inputs, links with the print
 * flag, the outline, page labels. The bytes depend only on the layout, the
 * font and ICC files and the timestamp; the /ID comes from info.input_hash: the same input gives the same file.
 * The file is written to a temporary file beside `path`, flushed and renamed
 * over it only when complete; on any failure the old file stays untouched. */
#ifndef IMR_RENDER_H
#define IMR_RENDER_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "../base/buf.h"
#include "../base/diag.h"
#include "../layout/layout.h"

typedef struct RenderOptions {
    const char *icc_profile;   /* path of the sRGB ICC profile */
    int64_t timestamp;         /* creation/modification date, seconds since the epoch (UTC) */
    const char *tool_version;  /* "imagreport 0.1.0" for /Creator */
} RenderOptions;

/* Returns 0 on success; on failure reports into diags (with the path and the
 * reason) and returns -1, leaving no file under `path` that was not there. */
int render_pdf(const Layout *lay, const RenderOptions *opt, const char *path, Diags *diags);

/* Writes the layout dump (JSON, format in README.md) to path, safely as above;
 * generator ("imagreport 0.1.0") is recorded in it. */
int render_layout_dump(const Layout *lay, const char *generator, const char *path, Diags *diags);

/* The PDF in memory: *data (malloc-owned, the caller frees it) of *len bytes.
 * `name` is the file it is meant for (messages). Returns 0; -1 after
 * reporting a problem with a file render needs (a font, the ICC profile);
 * RENDER_INTERNAL after reporting an error inside libharu (a bug, not the
 * author's mistake). */
#define RENDER_INTERNAL (-2)
int render_pdf_mem(const Layout *lay, const RenderOptions *opt, const char *name,
                   unsigned char **data, size_t *len, Diags *diags);

/* A make-style dependency file appended to b: target depends on files[0..n)
 * (NULL and repeated entries left out), each file with an empty rule too. */
void render_deps(const char *target, const char *const *files, size_t n, Buf *b);

/* The layout dump (JSON, format in README.md) appended to b; generator as
 * for render_layout_dump(). */
void render_layout_dump_buf(const Layout *lay, const char *generator, Buf *b);

/* A file written in two steps, so that several outputs replace their targets
 * only when all of them could be written: safe_stage() writes the bytes to a
 * temporary file beside `path` (flushed to disk); safe_commit() renames it
 * over the target; safe_discard() removes it (safe after commit, and twice).
 * Each reports "PATH: error: cannot write WHAT: reason" and returns -1. */
typedef struct StagedFile {
    const char *path;
    Buf tmp, dst, dir;
} StagedFile;
int safe_stage(StagedFile *f, const char *path, const void *data, size_t len, const char *what,
               Diags *diags);
int safe_commit(StagedFile *f, const char *what, Diags *diags);
void safe_discard(StagedFile *f);

/* Writes `len` bytes to `path` through a temporary file beside it, fsync and
 * rename. Returns 0, or -1 with a message in diags. Shared by the writers. */
int safe_write_file(const char *path, const void *data, size_t len, Diags *diags);

/* As safe_write_file(), naming what is written in the message:
 * "PATH: error: cannot write WHAT: reason" (safe_write_file says "file"). */
int safe_write_named(const char *path, const void *data, size_t len, const char *what,
                     Diags *diags);

#endif
