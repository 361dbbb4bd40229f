/* file.h — reading a whole file into memory. */
#ifndef IMR_FILE_H
#define IMR_FILE_H

#include <stddef.h>

typedef enum FileStatus {
    FILE_OK,
    FILE_CANNOT_OPEN,   /* errno in *err_no */
    FILE_CANNOT_READ,   /* errno in *err_no */
    FILE_TOO_LARGE,     /* more than max bytes */
} FileStatus;

/* Reads the file at path into *data (malloc'd, NUL-terminated; the caller
 * frees it) of *len bytes, at most max. On failure *data is NULL. Memory
 * exhaustion exits as in mem.h. */
FileStatus file_read_all(const char *path, size_t max, unsigned char **data, size_t *len,
                         int *err_no);

#endif
