/* image.h — decoding pictures for the PDF (PNG with libpng under our own
 * error handling, JPEG passed through). Used by the load stage. */
#ifndef IMR_IMAGE_H
#define IMR_IMAGE_H

#include <stddef.h>

#include "arena.h"
#include "types.h"

/* Pictures larger than this many pixels are refused (= LOAD_MAX_IMAGE_PIXELS). */
#define IMAGE_MAX_PIXELS (40u * 1000 * 1000)

/* Decodes the PNG or JPEG in data[0..len) (format from the signature, not the
 * name). PNG: any bit depth, palette, grey, alpha; alpha is flattened onto
 * white, 16-bit reduced to 8, result IMAGE_RAW grey or RGB. JPEG: header
 * parsed for size and components (grey, RGB, CMYK), bytes kept. Never aborts
 * on corrupt or truncated data. Pixel data lives in the arena. Returns 0, or
 * -1 with a human-readable reason in err ("truncated PNG data", …). */
int image_decode(const unsigned char *data, size_t len, const char *display_path, Arena *a,
                 Image *out, char *err, size_t errlen);

#endif
