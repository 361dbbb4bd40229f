/* test_base_image.c — PNG and JPEG decoding on pictures made here: every PNG
 * bit depth and colour type, transparency, interlacing; JPEG grey, colour and
 * CMYK (converted to sRGB); and broken data (truncated, bad CRC, damaged
 * scans, empty, random, mutated) that must be refused with a reason, never
 * abort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <stdio.h> /* before jpeglib.h */
#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

#include "base/arena.h"
#include "base/image.h"

/* ---- writing test PNGs into memory with libpng -------------------------- */

typedef struct MemOut {
    unsigned char *data;
    size_t len, cap;
} MemOut;

static void mem_write(png_structp png, png_bytep p, size_t n)
{
    MemOut *m = png_get_io_ptr(png);
    if (m->len + n > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        while (cap < m->len + n)
            cap *= 2;
        m->data = realloc(m->data, cap);
        assert_non_null(m->data);
        m->cap = cap;
    }
    memcpy(m->data + m->len, p, n);
    m->len += n;
}

static void mem_flush(png_structp png)
{
    (void)png;
}

typedef struct PngSpec {
    int width, height, bit_depth, color_type;
    bool interlace;
    const png_color *palette;
    int n_palette;
    const png_byte *trns; /* palette alpha */
    int n_trns;
    const png_color_16 *trns_color; /* grey/RGB transparent colour */
    /* one value per sample, row-major, in the file's sample order */
    const unsigned *samples;
} PngSpec;

static int channels_of(int color_type)
{
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: return 1;
    case PNG_COLOR_TYPE_GRAY_ALPHA: return 2;
    case PNG_COLOR_TYPE_RGB: return 3;
    case PNG_COLOR_TYPE_RGB_ALPHA: return 4;
    default: return 1; /* palette index */
    }
}

/* Packs the samples into rows of the given bit depth (big-endian, MSB first). */
static unsigned char *pack_rows(const PngSpec *s, size_t *rowbytes)
{
    int ch = channels_of(s->color_type);
    size_t bits = (size_t)s->width * ch * s->bit_depth;
    *rowbytes = (bits + 7) / 8;
    unsigned char *buf = calloc((size_t)s->height, *rowbytes);
    assert_non_null(buf);
    for (int y = 0; y < s->height; y++) {
        unsigned char *row = buf + (size_t)y * *rowbytes;
        for (int i = 0; i < s->width * ch; i++) {
            unsigned v = s->samples[(size_t)y * s->width * ch + i];
            if (s->bit_depth == 16) {
                row[2 * i] = (unsigned char)(v >> 8);
                row[2 * i + 1] = (unsigned char)v;
            } else if (s->bit_depth == 8) {
                row[i] = (unsigned char)v;
            } else {
                size_t bit = (size_t)i * s->bit_depth;
                int shift = 8 - s->bit_depth - (int)(bit % 8);
                row[bit / 8] |= (unsigned char)(v << shift);
            }
        }
    }
    return buf;
}

static unsigned char *write_png(const PngSpec *s, size_t *len)
{
    MemOut m = {0};
    size_t rowbytes;
    unsigned char *pixels = pack_rows(s, &rowbytes);
    png_bytep *rows = calloc((size_t)s->height, sizeof *rows);
    assert_non_null(rows);
    for (int y = 0; y < s->height; y++)
        rows[y] = pixels + (size_t)y * rowbytes;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    assert_non_null(png);
    assert_non_null(info);
    if (setjmp(png_jmpbuf(png)))
        fail_msg("libpng could not write the test picture");
    png_set_write_fn(png, &m, mem_write, mem_flush);
    png_set_IHDR(png, info, (png_uint_32)s->width, (png_uint_32)s->height, s->bit_depth,
                 s->color_type, s->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (s->palette)
        png_set_PLTE(png, info, s->palette, s->n_palette);
    if (s->trns || s->trns_color)
        png_set_tRNS(png, info, s->trns, s->n_trns, s->trns_color);
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    free(pixels);
    *len = m.len;
    return m.data;
}

/* Decodes and expects success. */
static Image decode_ok(Arena *a, const unsigned char *data, size_t len)
{
    Image img;
    char err[256] = "";
    int rc = image_decode(data, len, "test.png", a, &img, err, sizeof err);
    if (rc != 0)
        fail_msg("decode failed: %s", err);
    assert_string_equal(img.path, "test.png");
    return img;
}

/* Decodes and expects failure with `reason` in the message. */
static void decode_fails(const unsigned char *data, size_t len, const char *reason)
{
    Arena *a = arena_new();
    Image img;
    char err[256] = "";
    int rc = image_decode(data, len, "bad.png", a, &img, err, sizeof err);
    assert_int_equal(rc, -1);
    assert_true(err[0] != '\0');
    if (reason && !strstr(err, reason))
        fail_msg("expected '%s' in the reason, got '%s'", reason, err);
    assert_null(img.data);
    arena_free(a);
}

/* ---- PNG ---------------------------------------------------------------- */

static void grey_depth(int depth, const unsigned *in, const unsigned char *want, int n)
{
    PngSpec s = {.width = n, .height = 2, .bit_depth = depth, .color_type = PNG_COLOR_TYPE_GRAY};
    unsigned *samples = calloc((size_t)n * 2, sizeof *samples);
    for (int i = 0; i < n; i++)
        samples[i] = samples[n + i] = in[i];
    s.samples = samples;
    size_t len;
    unsigned char *png = write_png(&s, &len);
    Arena *a = arena_new();
    Image img = decode_ok(a, png, len);
    assert_int_equal(img.format, IMAGE_RAW);
    assert_int_equal(img.color, IMAGE_GRAY);
    assert_int_equal(img.width, n);
    assert_int_equal(img.height, 2);
    assert_int_equal(img.size, (size_t)n * 2);
    for (int i = 0; i < n; i++) {
        assert_int_equal(img.data[i], want[i]);
        assert_int_equal(img.data[n + i], want[i]);
    }
    arena_free(a);
    free(png);
    free(samples);
}

static void test_grey_all_depths(void **state)
{
    (void)state;
    grey_depth(1, (const unsigned[]){0, 1, 1, 0, 1, 0, 0, 1, 1},
               (const unsigned char[]){0, 255, 255, 0, 255, 0, 0, 255, 255}, 9);
    grey_depth(2, (const unsigned[]){0, 1, 2, 3, 2}, (const unsigned char[]){0, 85, 170, 255, 170}, 5);
    grey_depth(4, (const unsigned[]){0, 5, 10, 15}, (const unsigned char[]){0, 85, 170, 255}, 4);
    grey_depth(8, (const unsigned[]){0, 7, 128, 254, 255}, (const unsigned char[]){0, 7, 128, 254, 255}, 5);
    /* 16 -> 8 is scaled: 0x8080 is exactly 128, 0xFFFF 255, 0x0101 1 */
    grey_depth(16, (const unsigned[]){0x0000, 0x0101, 0x8080, 0xFFFF},
               (const unsigned char[]){0, 1, 128, 255}, 4);
}

static void test_palette_trns_on_white(void **state)
{
    (void)state;
    const png_color pal[3] = {{255, 0, 0}, {0, 0, 255}, {0, 0, 0}};
    const png_byte trns[3] = {0, 255, 128}; /* transparent, opaque, half */
    const unsigned idx[6] = {0, 1, 2, 2, 1, 0};
    PngSpec s = {.width = 3, .height = 2, .bit_depth = 4, .color_type = PNG_COLOR_TYPE_PALETTE,
                 .palette = pal, .n_palette = 3, .trns = trns, .n_trns = 3, .samples = idx};
    size_t len;
    unsigned char *png = write_png(&s, &len);
    Arena *a = arena_new();
    Image img = decode_ok(a, png, len);
    assert_int_equal(img.color, IMAGE_RGB);
    assert_int_equal(img.size, 3 * 2 * 3);
    const unsigned char *p = img.data;
    /* transparent red -> white; opaque blue stays; half black -> mid grey */
    assert_memory_equal(p, ((const unsigned char[]){255, 255, 255}), 3);
    assert_memory_equal(p + 3, ((const unsigned char[]){0, 0, 255}), 3);
    unsigned half = (255u * 127u + 127u) / 255u;
    assert_int_equal(p[6], half);
    assert_int_equal(p[7], half);
    assert_int_equal(p[8], half);
    assert_memory_equal(p + 15, ((const unsigned char[]){255, 255, 255}), 3);
    arena_free(a);
    free(png);
}

static void test_palette_opaque(void **state)
{
    (void)state;
    const png_color pal[2] = {{10, 20, 30}, {200, 100, 50}};
    const unsigned idx[4] = {0, 1, 1, 0};
    PngSpec s = {.width = 2, .height = 2, .bit_depth = 1, .color_type = PNG_COLOR_TYPE_PALETTE,
                 .palette = pal, .n_palette = 2, .samples = idx};
    size_t len;
    unsigned char *png = write_png(&s, &len);
    Arena *a = arena_new();
    Image img = decode_ok(a, png, len);
    assert_int_equal(img.color, IMAGE_RGB);
    assert_memory_equal(img.data, ((const unsigned char[]){10, 20, 30, 200, 100, 50, 200, 100, 50, 10, 20, 30}), 12);
    arena_free(a);
    free(png);
}

static void test_rgba_and_grey_alpha(void **state)
{
    (void)state;
    const unsigned rgba[8] = {0, 0, 0, 128, 100, 150, 200, 255};
    PngSpec s = {.width = 2, .height = 1, .bit_depth = 8, .color_type = PNG_COLOR_TYPE_RGB_ALPHA,
                 .samples = rgba};
    size_t len;
    unsigned char *png = write_png(&s, &len);
    Arena *a = arena_new();
    Image img = decode_ok(a, png, len);
    assert_int_equal(img.color, IMAGE_RGB);
    assert_int_equal(img.size, 6);
    unsigned v = (255u * 127u + 127u) / 255u;
    assert_memory_equal(img.data, ((const unsigned char[]){v, v, v, 100, 150, 200}), 6);
    free(png);

    /* 16-bit grey + alpha: fully transparent -> white, opaque -> its grey */
    const unsigned ga[4] = {0x0000, 0x0000, 0x4040, 0xFFFF};
    PngSpec g = {.width = 2, .height = 1, .bit_depth = 16, .color_type = PNG_COLOR_TYPE_GRAY_ALPHA,
                 .samples = ga};
    png = write_png(&g, &len);
    img = decode_ok(a, png, len);
    assert_int_equal(img.color, IMAGE_GRAY);
    assert_int_equal(img.size, 2);
    assert_int_equal(img.data[0], 255);
    assert_int_equal(img.data[1], 0x40);
    free(png);

    /* RGB with a tRNS colour key: that colour becomes white */
    const png_color_16 key = {.red = 1, .green = 2, .blue = 3};
    const unsigned rgb[6] = {1, 2, 3, 4, 5, 6};
    PngSpec k = {.width = 2, .height = 1, .bit_depth = 8, .color_type = PNG_COLOR_TYPE_RGB,
                 .trns_color = &key, .samples = rgb};
    png = write_png(&k, &len);
    img = decode_ok(a, png, len);
    assert_int_equal(img.color, IMAGE_RGB);
    assert_memory_equal(img.data, ((const unsigned char[]){255, 255, 255, 4, 5, 6}), 6);
    free(png);

    /* 2-bit grey with a tRNS grey key: stays grey, the key becomes white */
    const png_color_16 gkey = {.gray = 1};
    const unsigned g2[4] = {0, 1, 2, 3};
    PngSpec gk = {.width = 4, .height = 1, .bit_depth = 2, .color_type = PNG_COLOR_TYPE_GRAY,
                  .trns_color = &gkey, .samples = g2};
    png = write_png(&gk, &len);
    img = decode_ok(a, png, len);
    assert_int_equal(img.color, IMAGE_GRAY);
    assert_memory_equal(img.data, ((const unsigned char[]){0, 255, 170, 255}), 4);
    free(png);
    arena_free(a);
}

static unsigned *pattern(int w, int h, int ch, unsigned max)
{
    unsigned *s = calloc((size_t)w * h * ch, sizeof *s);
    for (int i = 0; i < w * h * ch; i++)
        s[i] = (unsigned)(i * 37 + i / 7) % (max + 1);
    return s;
}

static void test_interlaced_equals_plain(void **state)
{
    (void)state;
    int w = 13, h = 11;
    unsigned *samples = pattern(w, h, 3, 255);
    PngSpec s = {.width = w, .height = h, .bit_depth = 8, .color_type = PNG_COLOR_TYPE_RGB,
                 .samples = samples};
    size_t len1, len2;
    unsigned char *plain = write_png(&s, &len1);
    s.interlace = true;
    unsigned char *inter = write_png(&s, &len2);
    Arena *a = arena_new();
    Image i1 = decode_ok(a, plain, len1), i2 = decode_ok(a, inter, len2);
    assert_int_equal(i1.size, (size_t)w * h * 3);
    assert_int_equal(i2.size, i1.size);
    assert_memory_equal(i1.data, i2.data, i1.size);
    for (int i = 0; i < w * h * 3; i++)
        assert_int_equal(i1.data[i], samples[i]);
    arena_free(a);
    free(plain);
    free(inter);
    free(samples);
}

/* Returns a valid 8-bit RGB PNG of w x h. */
static unsigned char *sample_png(int w, int h, size_t *len)
{
    unsigned *samples = pattern(w, h, 3, 255);
    PngSpec s = {.width = w, .height = h, .bit_depth = 8, .color_type = PNG_COLOR_TYPE_RGB,
                 .samples = samples};
    unsigned char *png = write_png(&s, len);
    free(samples);
    return png;
}

static void test_truncated_png(void **state)
{
    (void)state;
    size_t len;
    unsigned char *png = sample_png(40, 30, &len);
    decode_fails(png, len / 2, "truncated");
    decode_fails(png, 20, "truncated");   /* inside IHDR */
    decode_fails(png, 5, "truncated");    /* inside the signature */
    decode_fails(png, len - 12, NULL);    /* IEND missing */
    free(png);
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void test_bad_crc(void **state)
{
    (void)state;
    size_t len;
    unsigned char *png = sample_png(8, 8, &len);
    png[8 + 8 + 3] ^= 0x01; /* a byte of IHDR's width: its CRC no longer matches */
    decode_fails(png, len, "CRC");
    png[8 + 8 + 3] ^= 0x01;
    png[33 + 8 + 2] ^= 0x40; /* inside the first IDAT */
    decode_fails(png, len, "CRC");
    free(png);
}

static void test_too_many_pixels(void **state)
{
    (void)state;
    size_t len;
    unsigned char *png = sample_png(2, 2, &len);
    /* claim 8000 x 6000 (48 million pixels) with a valid CRC */
    put_be32(png + 16, 8000);
    put_be32(png + 20, 6000);
    put_be32(png + 29, (uint32_t)crc32(0, png + 12, 17));
    decode_fails(png, len, "too large");
    free(png);
}

static void test_empty_and_random(void **state)
{
    (void)state;
    decode_fails((const unsigned char *)"", 0, "empty");
    unsigned char junk[1000];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) {
        x = x * 1103515245u + 12345u;
        junk[i] = (unsigned char)(x >> 16);
    }
    decode_fails(junk, sizeof junk, "unknown signature");
    decode_fails((const unsigned char *)"GIF89a", 6, "unknown signature");
    /* a PNG signature followed by noise */
    memcpy(junk, "\x89PNG\r\n\x1a\n", 8);
    decode_fails(junk, sizeof junk, NULL);
}

/* Every single-byte change of a valid file: decodes or fails, never crashes. */
static void test_mutations_never_abort(void **state)
{
    (void)state;
    size_t len;
    unsigned char *png = sample_png(16, 9, &len);
    unsigned char *copy = malloc(len);
    int failures = 0;
    for (size_t i = 0; i < len; i++) {
        for (int k = 0; k < 2; k++) {
            memcpy(copy, png, len);
            copy[i] = k ? (unsigned char)~copy[i] : 0;
            Arena *a = arena_new();
            Image img;
            char err[256] = "";
            int rc = image_decode(copy, len, "m.png", a, &img, err, sizeof err);
            if (rc != 0) {
                assert_true(err[0] != '\0');
                failures++;
            } else {
                assert_non_null(img.data);
                assert_int_equal(img.size, (size_t)img.width * img.height * img.color);
            }
            arena_free(a);
        }
    }
    assert_true(failures > (int)len); /* most changes break a CRC */
    free(copy);
    free(png);
}

/* ---- JPEG --------------------------------------------------------------- */

/* A minimal JPEG header: SOI, APP0, SOFn, SOS, two bytes of "scan", EOI. */
static size_t make_jpeg(unsigned char *out, unsigned sof, unsigned precision, unsigned w,
                        unsigned h, unsigned nc)
{
    size_t n = 0;
    const unsigned char head[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0,
                                  1, 1, 0, 0, 1, 0, 1, 0, 0};
    memcpy(out, head, sizeof head);
    n = sizeof head;
    out[n++] = 0xFF;
    out[n++] = (unsigned char)sof;
    unsigned seglen = 8 + 3 * nc;
    out[n++] = (unsigned char)(seglen >> 8);
    out[n++] = (unsigned char)seglen;
    out[n++] = (unsigned char)precision;
    out[n++] = (unsigned char)(h >> 8);
    out[n++] = (unsigned char)h;
    out[n++] = (unsigned char)(w >> 8);
    out[n++] = (unsigned char)w;
    out[n++] = (unsigned char)nc;
    for (unsigned c = 0; c < nc; c++) {
        out[n++] = (unsigned char)(c + 1);
        out[n++] = 0x11;
        out[n++] = 0;
    }
    const unsigned char sos[] = {0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00,
                                 0x12, 0x34, 0xFF, 0xD9};
    memcpy(out + n, sos, sizeof sos);
    return n + sizeof sos;
}

/* A real JPEG of w x h pixels written by libjpeg into memory (malloc'd):
 * grey (1), YCbCr from RGB (3) or CMYK (4, stored inverted with Adobe's
 * marker, as Photoshop writes it); sample(x, y, c) gives each value. */
static unsigned char *encode_jpeg(int w, int h, int comps, unsigned char (*sample)(int, int, int),
                                  size_t *len)
{
    struct jpeg_compress_struct ci;
    struct jpeg_error_mgr jerr;
    ci.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&ci);
    unsigned char *buf = NULL;
    unsigned long n = 0;
    jpeg_mem_dest(&ci, &buf, &n);
    ci.image_width = (JDIMENSION)w;
    ci.image_height = (JDIMENSION)h;
    ci.input_components = comps;
    ci.in_color_space = comps == 1 ? JCS_GRAYSCALE : comps == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&ci);
    jpeg_set_quality(&ci, 95, TRUE);
    jpeg_start_compress(&ci, TRUE);
    unsigned char *row = malloc((size_t)w * (size_t)comps);
    while (ci.next_scanline < (JDIMENSION)h) {
        for (int x = 0; x < w; x++)
            for (int c = 0; c < comps; c++)
                row[x * comps + c] = sample(x, (int)ci.next_scanline, c);
        jpeg_write_scanlines(&ci, &row, 1);
    }
    jpeg_finish_compress(&ci);
    jpeg_destroy_compress(&ci);
    free(row);
    *len = n;
    return buf;
}

static unsigned char ramp(int x, int y, int c)
{
    return (unsigned char)((x * 7 + y * 3 + c * 50) & 0xFF);
}

/* C 100 % left, M 100 % right; stored inverted (255 = no ink) */
static unsigned char cyan_magenta(int x, int y, int c)
{
    (void)y;
    return (unsigned char)((x < 16 ? c == 0 : c == 1) ? 0 : 255);
}

static void test_jpeg_decoded_fully(void **state)
{
    (void)state;
    Arena *a = arena_new();
    size_t n;
    unsigned char *j = encode_jpeg(64, 48, 3, ramp, &n);
    Image img = decode_ok(a, j, n);
    assert_int_equal(img.format, IMAGE_JPEG); /* a sound colour JPEG keeps its bytes */
    assert_int_equal(img.color, IMAGE_RGB);
    assert_int_equal(img.width, 64);
    assert_int_equal(img.height, 48);
    assert_int_equal(img.size, n);
    assert_memory_equal(img.data, j, n);
    assert_ptr_not_equal(img.data, j); /* a copy in the arena */

    /* damaged scan data: half of it gone (EOI kept), or bytes overwritten */
    size_t sos = 0;
    for (size_t i = 2; i + 1 < n; i++)
        if (j[i] == 0xFF && j[i + 1] == 0xDA) {
            sos = i;
            break;
        }
    assert_true(sos > 0);
    size_t start = sos + 2 + (size_t)(j[sos + 2] << 8 | j[sos + 3]);
    unsigned char *bad = malloc(n);
    size_t cut = start + (n - 2 - start) / 2;
    memcpy(bad, j, cut);
    bad[cut] = 0xFF;
    bad[cut + 1] = 0xD9;
    decode_fails(bad, cut + 2, "damaged JPEG data");
    memcpy(bad, j, n);
    for (size_t i = 0; i < 32; i++) { /* stuffed 0xFF bytes: all-ones, no Huffman code */
        bad[start + 8 + 2 * i] = 0xFF;
        bad[start + 9 + 2 * i] = 0x00;
    }
    decode_fails(bad, n, "JPEG data");
    free(bad);
    free(j);

    j = encode_jpeg(17, 5, 1, ramp, &n);
    img = decode_ok(a, j, n);
    assert_int_equal(img.format, IMAGE_JPEG);
    assert_int_equal(img.color, IMAGE_GRAY);
    assert_int_equal(img.width, 17);
    free(j);
    arena_free(a);
}

static void test_jpeg_cmyk_to_srgb(void **state)
{
    (void)state;
    Arena *a = arena_new();
    size_t n;
    unsigned char *j = encode_jpeg(32, 8, 4, cyan_magenta, &n);
    Image img = decode_ok(a, j, n);
    /* converted with the FOGRA39 profile: never CMYK in the PDF */
    assert_int_equal(img.format, IMAGE_RAW);
    assert_int_equal(img.color, IMAGE_RGB);
    assert_int_equal(img.width, 32);
    assert_int_equal(img.height, 8);
    assert_int_equal(img.size, 32 * 8 * 3);
    const unsigned char *cyan = img.data + (4 * 32 + 4) * 3;
    const unsigned char *magenta = img.data + (4 * 32 + 28) * 3;
    /* FOGRA39 cyan is about sRGB (0, 159, 227), magenta (230, 0, 126) */
    assert_true(cyan[0] < 40 && cyan[1] > 130 && cyan[1] < 190 && cyan[2] > 200);
    assert_true(magenta[0] > 200 && magenta[1] < 40 && magenta[2] > 90 && magenta[2] < 160);

    /* without its profile a CMYK picture cannot be converted: an error, not CMYK */
    Image none;
    char err[256] = "";
    assert_int_equal(image_decode_with(j, n, "c.jpg", "/nonexistent/cmyk.icc", a, &none, err,
                                       sizeof err),
                     -1);
    assert_non_null(strstr(err, "CMYK colour profile /nonexistent/cmyk.icc"));
    assert_null(none.data);
    free(j);
    arena_free(a);
}

static void test_jpeg_headers(void **state)
{
    (void)state;
    unsigned char j[128];
    /* what PDF cannot take is named by the header walk */
    size_t n = make_jpeg(j, 0xC3, 8, 3, 4, 3);
    decode_fails(j, n, "lossless");
    n = make_jpeg(j, 0xC9, 8, 3, 4, 3);
    decode_fails(j, n, "arithmetic");
    n = make_jpeg(j, 0xC0, 12, 3, 4, 3);
    decode_fails(j, n, "12-bit");
    n = make_jpeg(j, 0xC0, 8, 3, 4, 2);
    decode_fails(j, n, "2 colour components");
    n = make_jpeg(j, 0xC0, 8, 10000, 5000, 3);
    decode_fails(j, n, "too large");
    n = make_jpeg(j, 0xC0, 8, 640, 480, 3);
    decode_fails(j, n - 2, "truncated");   /* no EOI */
    decode_fails(j, 30, "truncated");
    decode_fails(j, 3, "truncated");
    /* a header that parses but has no tables and no real scan: the decoder says so */
    decode_fails(j, n, "corrupt JPEG data");
    /* a segment length running past the end */
    j[4] = 0x7F;
    decode_fails(j, n, "truncated");
    /* no frame header before the scan */
    const unsigned char noframe[] = {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9};
    decode_fails(noframe, sizeof noframe, "frame header");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grey_all_depths),
        cmocka_unit_test(test_palette_trns_on_white),
        cmocka_unit_test(test_palette_opaque),
        cmocka_unit_test(test_rgba_and_grey_alpha),
        cmocka_unit_test(test_interlaced_equals_plain),
        cmocka_unit_test(test_truncated_png),
        cmocka_unit_test(test_bad_crc),
        cmocka_unit_test(test_too_many_pixels),
        cmocka_unit_test(test_empty_and_random),
        cmocka_unit_test(test_mutations_never_abort),
        cmocka_unit_test(test_jpeg_headers),
        cmocka_unit_test(test_jpeg_decoded_fully),
        cmocka_unit_test(test_jpeg_cmyk_to_srgb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
