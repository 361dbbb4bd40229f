/* test_load_fixture.h — report folders written into a temporary folder for
 * the load unit tests: put() writes a file (and its folders), tmp_make() and
 * tmp_remove() create and remove the folder. */
#ifndef TEST_LOAD_FIXTURE_H
#define TEST_LOAD_FIXTURE_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char tmpdir[64];

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    for (char *p = path + strlen(tmpdir) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(p);
}

/* pattern: "/tmp/imr-load-XXXXXX"; 0 on success */
static int tmp_make(const char *pattern)
{
    snprintf(tmpdir, sizeof tmpdir, "%s", pattern);
    return mkdtemp(tmpdir) ? 0 : -1;
}

static void tmp_remove(void)
{
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
