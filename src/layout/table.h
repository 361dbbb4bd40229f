/* table.h — internals of the table engine (table.c) that tests look at. */
#ifndef IMR_TABLE_H
#define IMR_TABLE_H

#include "vlist.h"

/* Column widths in pt, padding included, summing to width (n_cols entries,
 * in the arena). Auto columns get their natural width when it fits and
 * fraction columns share the rest (at least their widest word each); when
 * space is short fraction columns shrink first, then auto columns down to
 * their widest word, then everything proportionally. */
float *table_column_widths(LCtx *c, const Table *t, float width);

#endif
