/* render.h — the render stage: positioned boxes into a PDF, and into the
 * layout dump for CI. No layout decision is made here.
 *
 * render_pdf() writes a PDF/A-2u file: fonts embedded (Identity-H) with
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

/* Writes the layout dump (JSON, format in README.md) to path, safely as above. */
int render_layout_dump(const Layout *lay, const char *path, Diags *diags);

/* Writes `len` bytes to `path` through a temporary file beside it, fsync and
 * rename. Returns 0, or -1 with a message in diags. Shared by the writers. */
int safe_write_file(const char *path, const void *data, size_t len, Diags *diags);

/* As safe_write_file(), naming what is written in the message:
 * "PATH: error: cannot write WHAT: reason" (safe_write_file says "file"). */
int safe_write_named(const char *path, const void *data, size_t len, const char *what,
                     Diags *diags);

#endif
