/* image.h — decoding pictures for the PDF (PNG with libpng, JPEG with
 * libjpeg-turbo, CMYK through Little CMS). Used by the load stage. */
#ifndef IMR_IMAGE_H
#define IMR_IMAGE_H

#include <stddef.h>

#include "arena.h"
#include "types.h"

/* Pictures larger than this many pixels are refused (= LOAD_MAX_IMAGE_PIXELS). */
#define IMAGE_MAX_PIXELS (40u * 1000 * 1000)

/* The CMYK profile a CMYK JPEG without its own profile is converted with:
 * FOGRA39 (ISO coated v2, offset print in Europe), from Debian's texlive-base. */
#ifndef IMAGE_CMYK_PROFILE
#define IMAGE_CMYK_PROFILE "/usr/share/texlive/texmf-dist/tex/generic/colorprofiles/FOGRA39L_coated.icc"
#endif

/* Decodes the PNG or JPEG in data[0..len) (format from the signature, not the
 * name). PNG: any bit depth, palette, grey, alpha; alpha is flattened onto
 * white, 16-bit reduced to 8, result IMAGE_RAW grey or RGB. JPEG: decoded
 * completely with libjpeg-turbo, so that damage anywhere is an error; grey
 * and colour (YCbCr/RGB) JPEGs keep their bytes (IMAGE_JPEG, embedded as
 * they are), CMYK JPEGs are converted to sRGB (IMAGE_RAW RGB) through their
 * own ICC profile or IMAGE_CMYK_PROFILE, since a PDF/A file with an sRGB
 * output intent may not hold CMYK pictures. Never aborts on corrupt or
 * truncated data. Pixel data lives in the arena. Returns 0, or -1 with a
 * human-readable reason in err ("truncated PNG data", …). */
int image_decode(const unsigned char *data, size_t len, const char *display_path, Arena *a,
                 Image *out, char *err, size_t errlen);

/* As image_decode(), with another default CMYK profile (a file path; NULL:
 * IMAGE_CMYK_PROFILE). */
int image_decode_with(const unsigned char *data, size_t len, const char *display_path,
                      const char *cmyk_profile, Arena *a, Image *out, char *err, size_t errlen);

#endif
