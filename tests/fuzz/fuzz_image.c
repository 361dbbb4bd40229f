/* fuzz_image.c — libFuzzer harness: the input is a picture file (PNG or JPEG,
 * told by its signature) for image_decode(): libpng and libjpeg-turbo under
 * our error handling, CMYK through Little CMS. It must be decoded or refused
 * with a reason, never abort, leak or run away. */
#include <stdio.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/image.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Arena *a = arena_new();
    Image img;
    char err[256] = "";
    int rc = image_decode(data, size, "fuzz.img", a, &img, err, sizeof err);
    if (rc != 0 && !err[0]) {
        fprintf(stderr, "fuzz_image: refused without a reason\n");
        abort();
    }
    if (rc == 0 && img.format == IMAGE_RAW &&
        img.size != (size_t)img.width * (size_t)img.height * (img.color == IMAGE_GRAY ? 1u : 3u)) {
        fprintf(stderr, "fuzz_image: %zu bytes of pixels for %d x %d\n", img.size, img.width,
                img.height);
        abort();
    }
    arena_free(a);
    return 0;
}
