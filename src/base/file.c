#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"

FileStatus file_read_all(const char *path, size_t max, unsigned char **data, size_t *len,
                         int *err_no)
{
    *data = NULL;
    *len = 0;
    *err_no = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err_no = errno;
        return FILE_CANNOT_OPEN;
    }
    Buf b = {0};
    buf_put(&b, "", 0); /* NUL-terminated even when empty */
    char chunk[65536];
    size_t n;
    FileStatus st = FILE_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n > max - b.len) {
            st = FILE_TOO_LARGE;
            break;
        }
        buf_put(&b, chunk, n);
    }
    if (st == FILE_OK && ferror(f)) {
        *err_no = errno;
        st = FILE_CANNOT_READ;
    }
    fclose(f);
    if (st != FILE_OK) {
        buf_free(&b);
        return st;
    }
    *data = (unsigned char *)b.data;
    *len = b.len;
    return FILE_OK;
}
