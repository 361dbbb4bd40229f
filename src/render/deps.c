/* deps.c — a make-style dependency file for `imagreport build --deps OUT.d`:
 * the PDF depends on every file the build read (report YAML, Markdown,
 * pictures, template, fonts, the ICC profile, hyphenation patterns). Each
 * file also gets an empty rule of its own, as gcc -MP writes them, so that
 * make does not fail when one is deleted. */
#include <string.h>

#include "render.h"

/* A file name for make: spaces and '#' escaped with '\', '$' doubled. */
static void put_make_name(Buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '#' || *s == '\\')
            buf_putc(b, '\\');
        if (*s == '$')
            buf_putc(b, '$');
        buf_putc(b, *s);
    }
}

/* Is s already among files[0..n)? */
static bool seen(const char *const *files, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (files[i] && strcmp(files[i], s) == 0)
            return true;
    return false;
}

void render_deps(const char *target, const char *const *files, size_t n, Buf *b)
{
    Buf empty = {0}; /* the empty rules, after the dependency line */
    put_make_name(b, target);
    buf_putc(b, ':');
    for (size_t i = 0; i < n; i++) {
        if (!files[i] || !*files[i] || seen(files, i, files[i]))
            continue;
        buf_puts(b, " \\\n  ");
        put_make_name(b, files[i]);
        buf_putc(&empty, '\n');
        put_make_name(&empty, files[i]);
        buf_puts(&empty, ":\n");
    }
    buf_putc(b, '\n');
    if (empty.len)
        buf_put(b, empty.data, empty.len);
    buf_free(&empty);
}
