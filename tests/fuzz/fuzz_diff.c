/* fuzz_diff.c — libFuzzer harness: `imagreport diff` on two layout dumps. The
 * input holds both, separated by a line "=====" (without one, it is cut in
 * half); they are written to two files and compared through diff_layouts(),
 * the first byte choosing the output format and options. Every dump must be
 * compared or refused with a positioned error, never crash, leak or hang. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff/diff.h"
#include "fuzz.h"

static char dir[64]; /* the private folder, "" until created (process-wide, like fuzz.c's) */

static void cleanup(void)
{
    char p[128];
    snprintf(p, sizeof p, "%s/old.json", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/new.json", dir);
    unlink(p);
    rmdir(dir);
}

static void put(const char *name, const uint8_t *data, size_t size, char *path, size_t n)
{
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

/* Offset of the first "\n=====\n" in data, or size. */
static size_t find_separator(const uint8_t *data, size_t size, size_t sep_len)
{
    for (size_t i = 0; i + sep_len <= size; i++)
        if (!memcmp(data + i, "\n=====\n", sep_len))
            return i;
    return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/imr-fuzz-diff-XXXXXX",
                 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
        if (!mkdtemp(dir)) {
            perror(dir);
            exit(2);
        }
        atexit(cleanup);
    }
    const size_t sep_len = 7; /* "\n=====\n" */
    size_t cut = size / 2, rest = size / 2, at = find_separator(data, size, sep_len);
    if (at < size) {
        cut = at;
        rest = at + sep_len;
    }
    char a[128], b[128];
    put("old.json", data, cut, a, sizeof a);
    put("new.json", data + rest, size - rest, b, sizeof b);
    unsigned char mode = size ? data[0] : 0;
    DiffOptions o = {.tolerance = (mode & 8) ? 0 : 0.5f,
                     .format = (DiffFormat)(mode % 4),
                     .hide_pagenum = (mode & 4) != 0};
    FILE *out = fopen("/dev/null", "w"), *err = fopen("/dev/null", "w");
    if (!out || !err) {
        perror("/dev/null");
        exit(2);
    }
    diff_layouts(a, b, &o, out, err);
    fclose(out);
    fclose(err);
    return 0;
}
