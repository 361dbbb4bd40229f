/* image.c — PNG decoding (libpng) and JPEG decoding (libjpeg-turbo), both
 * from memory under our own error handling (a longjmp back to us, never
 * exit()); CMYK JPEGs converted to sRGB with Little CMS. */
#include "image.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h> /* before jpeglib.h, which needs FILE */
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <lcms2.h>
#include <png.h>

#include "file.h"

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ---- PNG ---------------------------------------------------------------- */

typedef struct PngSource {
    const unsigned char *data;
    size_t len, pos;
    char msg[200];    /* the reason, set by on_error */
    jmp_buf jump;
} PngSource;

/* libpng's error callback: keep the message, leave through the jump. */
static void on_error(png_structp png, png_const_charp msg)
{
    PngSource *src = png_get_error_ptr(png);
    if (src->msg[0] == '\0') /* not one of ours: libpng's words, explained */
        snprintf(src->msg, sizeof src->msg, "corrupt PNG data (%s)", msg);
    longjmp(src->jump, 1);
}

/* Warnings (e.g. a bad CRC in an ancillary chunk, which libpng skips) are not
 * our business: the picture decodes. */
static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

static void on_read(png_structp png, png_bytep out, size_t n)
{
    PngSource *src = png_get_io_ptr(png);
    if (n > src->len - src->pos) {
        snprintf(src->msg, sizeof src->msg, "truncated PNG data");
        png_error(png, src->msg);
    }
    memcpy(out, src->data + src->pos, n);
    src->pos += n;
}

/* Composites one 8-bit channel value v with coverage alpha onto white. */
static unsigned char over_white(unsigned v, unsigned alpha)
{
    return (unsigned char)((v * alpha + 255u * (255u - alpha) + 127u) / 255u);
}

/* Does the work between png_create_* and png_destroy_*; every failure inside
 * leaves through png_error (and so through src->jump). Memory comes from the
 * arena, so nothing is lost when it does. */
static void read_png(png_structp png, png_infop info, PngSource *src, Arena *a, Image *out)
{
    png_set_read_fn(png, src, on_read);
    png_set_user_limits(png, 1000000, 1000000);
    png_read_info(png, info);

    png_uint_32 w = png_get_image_width(png, info);
    png_uint_32 h = png_get_image_height(png, info);
    if ((uint64_t)w * h > IMAGE_MAX_PIXELS) {
        snprintf(src->msg, sizeof src->msg, "too large: %lu x %lu pixels (at most %u million)",
                 (unsigned long)w, (unsigned long)h, IMAGE_MAX_PIXELS / 1000000u);
        png_error(png, src->msg);
    }
    int ctype = png_get_color_type(png, info);

    /* Everything to 8 bits per channel: palette -> RGB, grey < 8 bits -> 8,
     * tRNS -> alpha channel, 16 bits -> 8 (scaled, not truncated). */
    png_set_expand(png);
    png_set_scale_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    unsigned in_ch = png_get_channels(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    if (png_get_bit_depth(png, info) != 8 || in_ch < 1 || in_ch > 4 ||
        rowbytes != (size_t)w * in_ch) {
        snprintf(src->msg, sizeof src->msg, "unsupported PNG pixel layout");
        png_error(png, src->msg);
    }

    unsigned char *pix = arena_calloc(a, h, rowbytes);
    png_bytepp rows = arena_calloc(a, h, sizeof *rows);
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = pix + (size_t)y * rowbytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    /* grey, grey+alpha, RGB, RGBA -> grey or RGB on white, compacted in place
     * (the write position never passes the read position). */
    bool grey = !(ctype & PNG_COLOR_MASK_COLOR);
    unsigned out_ch = grey ? 1 : 3;
    if (in_ch != out_ch) {
        size_t npix = (size_t)w * h;
        unsigned char *d = pix;
        const unsigned char *s = pix;
        for (size_t i = 0; i < npix; i++, s += in_ch) {
            unsigned alpha = s[in_ch - 1];
            for (unsigned c = 0; c < out_ch; c++)
                *d++ = over_white(s[c], alpha);
        }
    }
    out->format = IMAGE_RAW;
    out->color = grey ? IMAGE_GRAY : IMAGE_RGB;
    out->width = (int)w;
    out->height = (int)h;
    out->data = pix;
    out->size = (size_t)w * h * out_ch;
}

static int decode_png(const unsigned char *data, size_t len, Arena *a, Image *out, char *err,
                      size_t errlen)
{
    PngSource src = {.data = data, .len = len};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, on_error, on_warning);
    if (!png) {
        set_err(err, errlen, "cannot initialise the PNG decoder");
        return -1;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        set_err(err, errlen, "cannot initialise the PNG decoder");
        return -1;
    }
    /* png and info are not modified after setjmp, so they keep their values. */
    if (setjmp(src.jump)) {
        png_destroy_read_struct(&png, &info, NULL);
        set_err(err, errlen, "%s", src.msg[0] ? src.msg : "corrupt PNG data");
        return -1;
    }
    read_png(png, info, &src, a, out);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

/* ---- JPEG --------------------------------------------------------------- */

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* Walks the marker segments up to the first scan. Baseline, extended and
 * progressive Huffman frames (SOF0/1/2) with 8-bit samples are what PDF's
 * DCTDecode accepts; anything else is refused with the reason. */
static int parse_jpeg(const unsigned char *d, size_t len, Arena *a, Image *out, char *err,
                      size_t errlen)
{
    size_t end = len;
    while (end > 2 && d[end - 1] == 0x00) /* zero padding after EOI is harmless */
        end--;
    if (end < 4 || d[end - 2] != 0xFF || d[end - 1] != 0xD9) {
        set_err(err, errlen, "truncated JPEG data (no end-of-image marker)");
        return -1;
    }
    size_t pos = 2;
    bool have_frame = false;
    for (;;) {
        if (pos >= end || d[pos] != 0xFF) {
            set_err(err, errlen, "corrupt JPEG data (no marker at byte %zu)", pos);
            return -1;
        }
        while (pos < end && d[pos] == 0xFF) /* fill bytes */
            pos++;
        if (pos >= end) {
            set_err(err, errlen, "truncated JPEG data");
            return -1;
        }
        unsigned m = d[pos++];
        if (m == 0xD8 || m == 0xD9 || m == 0x00) {
            set_err(err, errlen,
                    "corrupt JPEG data (unexpected marker 0x%02X before the image data)", m);
            return -1;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) /* no length */
            continue;
        if (end - pos < 2 || be16(d + pos) < 2 || be16(d + pos) > end - pos) {
            set_err(err, errlen, "truncated JPEG data (segment 0x%02X runs past the end)", m);
            return -1;
        }
        unsigned seglen = be16(d + pos);
        const unsigned char *seg = d + pos + 2;
        if (m == 0xC0 || m == 0xC1 || m == 0xC2) {
            if (have_frame) {
                set_err(err, errlen, "corrupt JPEG data (two frame headers)");
                return -1;
            }
            if (seglen < 8) {
                set_err(err, errlen, "corrupt JPEG data (short frame header)");
                return -1;
            }
            unsigned precision = seg[0], hgt = be16(seg + 1), wid = be16(seg + 3), nc = seg[5];
            if (seglen != 8 + 3 * nc) {
                set_err(err, errlen, "corrupt JPEG data (frame header length)");
                return -1;
            }
            if (precision != 8) {
                set_err(err, errlen, "unsupported JPEG: %u-bit samples (only 8-bit)", precision);
                return -1;
            }
            if (nc != 1 && nc != 3 && nc != 4) {
                set_err(err, errlen, "unsupported JPEG: %u colour components", nc);
                return -1;
            }
            if (wid == 0 || hgt == 0) {
                set_err(err, errlen,
                        "unsupported JPEG: size %u x %u (height given after the scan)", wid, hgt);
                return -1;
            }
            if ((uint64_t)wid * hgt > IMAGE_MAX_PIXELS) {
                set_err(err, errlen, "too large: %u x %u pixels (at most %u million)",
                        wid, hgt, IMAGE_MAX_PIXELS / 1000000u);
                return -1;
            }
            out->width = (int)wid;
            out->height = (int)hgt;
            out->color = nc == 1 ? IMAGE_GRAY : nc == 3 ? IMAGE_RGB : IMAGE_CMYK;
            have_frame = true;
        } else if (m >= 0xC3 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            set_err(err, errlen, "unsupported JPEG: %s coding (only baseline and progressive)",
                    m == 0xC3 || m == 0xC7 || m == 0xCB || m == 0xCF ? "lossless"
                    : m >= 0xC9                                      ? "arithmetic"
                                                                     : "hierarchical");
            return -1;
        } else if (m == 0xDA) {
            if (!have_frame) {
                set_err(err, errlen, "corrupt JPEG data (image data before the frame header)");
                return -1;
            }
            unsigned char *copy = arena_alloc(a, len);
            memcpy(copy, d, len);
            out->format = IMAGE_JPEG;
            out->data = copy;
            out->size = len;
            return 0;
        }
        pos += seglen;
    }
}

/* ---- JPEG: full decode with libjpeg-turbo ------------------------------- */

/* Progressive JPEGs may have any number of scans, each a pass over the whole
 * picture: far more than any encoder writes is refused (a hostile file could
 * otherwise keep the decoder busy for minutes). */
#define JPEG_MAX_SCANS 256

typedef struct JpegErr {
    struct jpeg_error_mgr pub;      /* first: libjpeg sees only this */
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    char msg[JMSG_LENGTH_MAX + 64];
} JpegErr;

static _Noreturn void jpeg_fail(j_common_ptr ci, const char *what)
{
    JpegErr *e = (JpegErr *)ci->err;
    char text[JMSG_LENGTH_MAX];
    ci->err->format_message(ci, text);
    if (e->msg[0] == '\0')
        snprintf(e->msg, sizeof e->msg, "%s (%s)", what, text);
    longjmp(e->jump, 1);
}

/* libjpeg's fatal errors end here instead of in exit(). */
static void jpeg_on_error(j_common_ptr ci)
{
    jpeg_fail(ci, "corrupt JPEG data");
}

/* A warning is damage libjpeg would paper over (a scan cut short, bytes lost
 * between markers): the picture would come out grey or striped, so it is an
 * error for us. Trace messages (level > 0) are ignored. */
static void jpeg_on_message(j_common_ptr ci, int level)
{
    if (level < 0)
        jpeg_fail(ci, "damaged JPEG data");
}

static void jpeg_on_progress(j_common_ptr ci)
{
    j_decompress_ptr d = (j_decompress_ptr)ci;
    JpegErr *e = (JpegErr *)ci->err;
    if (d->input_scan_number > JPEG_MAX_SCANS && e->msg[0] == '\0') {
        snprintf(e->msg, sizeof e->msg, "unsupported JPEG: more than %d scans",
                 JPEG_MAX_SCANS);
        longjmp(e->jump, 1);
    }
}

/* CMYK rows into sRGB through Little CMS: the picture's own ICC profile when
 * it has a CMYK one, else the default CMYK profile (FOGRA39, offset print on
 * coated paper: what German print shops deliver). */
typedef struct Cmyk {
    cmsContext ctx;
    cmsHPROFILE in, out;
    cmsHTRANSFORM xf;
} Cmyk;

static void cmyk_close(Cmyk *c)
{
    if (c->xf)
        cmsDeleteTransform(c->xf);
    if (c->in)
        cmsCloseProfile(c->in);
    if (c->out)
        cmsCloseProfile(c->out);
    if (c->ctx)
        cmsDeleteContext(c->ctx);
    memset(c, 0, sizeof *c);
}

/* Returns 0, or -1 with the reason in msg. adobe: the values are stored
 * inverted, as Adobe's applications write CMYK JPEGs. */
static int cmyk_open(Cmyk *c, const unsigned char *icc, size_t icc_len, const char *profile,
                     bool adobe, char *msg, size_t msglen)
{
    memset(c, 0, sizeof *c);
    c->ctx = cmsCreateContext(NULL, NULL);
    if (!c->ctx) {
        snprintf(msg, msglen, "cannot start colour management");
        return -1;
    }
    if (icc && icc_len) {
        c->in = cmsOpenProfileFromMemTHR(c->ctx, icc, (cmsUInt32Number)icc_len);
        if (c->in && cmsGetColorSpace(c->in) != cmsSigCmykData) {
            cmsCloseProfile(c->in);
            c->in = NULL;
        }
    }
    if (!c->in) {
        unsigned char *bytes;
        size_t n;
        int err_no;
        if (file_read_all(profile, 16u << 20, &bytes, &n, &err_no) != FILE_OK) {
            snprintf(msg, msglen,
                     "a CMYK picture needs the CMYK colour profile %s (Debian package "
                     "texlive-base), which cannot be read",
                     profile);
            cmyk_close(c);
            return -1;
        }
        c->in = cmsOpenProfileFromMemTHR(c->ctx, bytes, (cmsUInt32Number)n);
        free(bytes);
        if (!c->in || cmsGetColorSpace(c->in) != cmsSigCmykData) {
            snprintf(msg, msglen, "%s is not a CMYK colour profile", profile);
            cmyk_close(c);
            return -1;
        }
    }
    c->out = cmsCreate_sRGBProfileTHR(c->ctx);
    if (c->out)
        c->xf = cmsCreateTransformTHR(c->ctx, c->in, adobe ? TYPE_CMYK_8_REV : TYPE_CMYK_8,
                                      c->out, TYPE_RGB_8, INTENT_PERCEPTUAL, 0);
    if (!c->xf) {
        snprintf(msg, msglen, "cannot convert the CMYK picture to RGB (unusable colour profile)");
        cmyk_close(c);
        return -1;
    }
    return 0;
}

typedef struct JpegJob {
    struct jpeg_decompress_struct ci;
    JpegErr err;
    Cmyk cmyk;
    unsigned char *icc;      /* malloc'd by libjpeg's jpeg_read_icc_profile */
} JpegJob;

/* Decodes every row (so that damage anywhere is found); CMYK rows are
 * converted into out's pixels, other pictures keep their JPEG bytes. */
static void read_jpeg(JpegJob *j, const unsigned char *data, size_t len, const char *profile,
                      Arena *a, Image *out)
{
    struct jpeg_decompress_struct *ci = &j->ci;
    jpeg_mem_src(ci, data, (unsigned long)len);
    jpeg_save_markers(ci, JPEG_APP0 + 2, 0xFFFF); /* ICC profile */
    jpeg_read_header(ci, TRUE);
    bool cmyk = ci->num_components == 4;
    if (cmyk) {
        unsigned int icc_len = 0;
        if (!jpeg_read_icc_profile(ci, &j->icc, &icc_len))
            icc_len = 0;
        ci->out_color_space = JCS_CMYK;
        if (cmyk_open(&j->cmyk, j->icc, icc_len, profile, ci->saw_Adobe_marker, j->err.msg,
                      sizeof j->err.msg) != 0)
            longjmp(j->err.jump, 1);
    }
    jpeg_start_decompress(ci);
    size_t w = ci->output_width, row_bytes = w * (size_t)ci->output_components;
    unsigned char *row = arena_alloc(a, row_bytes ? row_bytes : 1);
    unsigned char *rgb = cmyk ? arena_alloc(a, w * ci->output_height * 3) : NULL;
    while (ci->output_scanline < ci->output_height) {
        JDIMENSION y = ci->output_scanline;
        if (jpeg_read_scanlines(ci, &row, 1) != 1)
            jpeg_fail((j_common_ptr)ci, "truncated JPEG data");
        if (cmyk)
            cmsDoTransform(j->cmyk.xf, row, rgb + (size_t)y * w * 3, (cmsUInt32Number)w);
    }
    jpeg_finish_decompress(ci);
    if (cmyk) {
        out->format = IMAGE_RAW;
        out->color = IMAGE_RGB;
        out->data = rgb;
        out->size = w * ci->output_height * 3;
    }
}

static int decode_jpeg(const unsigned char *data, size_t len, const char *profile, Arena *a,
                       Image *out, char *err, size_t errlen)
{
    /* the header walk gives the precise reasons for what PDF cannot take */
    if (parse_jpeg(data, len, a, out, err, errlen) != 0)
        return -1;
    JpegJob *j = arena_calloc(a, 1, sizeof *j); /* not on the stack: survives the longjmp */
    j->ci.err = jpeg_std_error(&j->err.pub);
    j->err.pub.error_exit = jpeg_on_error;
    j->err.pub.emit_message = jpeg_on_message;
    j->err.progress.progress_monitor = jpeg_on_progress;
    int rc = 0;
    if (setjmp(j->err.jump)) {
        set_err(err, errlen, "%s", j->err.msg[0] ? j->err.msg : "corrupt JPEG data");
        rc = -1;
    } else {
        jpeg_create_decompress(&j->ci);
        j->ci.progress = &j->err.progress;
        read_jpeg(j, data, len, profile ? profile : IMAGE_CMYK_PROFILE, a, out);
    }
    jpeg_destroy_decompress(&j->ci);
    cmyk_close(&j->cmyk);
    free(j->icc);
    return rc;
}

int image_decode_with(const unsigned char *data, size_t len, const char *display_path,
                      const char *cmyk_profile, Arena *a, Image *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->path = display_path;
    int rc;
    if (len == 0) {
        set_err(err, errlen, "empty file");
        rc = -1;
    } else if (len >= 8 && memcmp(data, png_sig, 8) == 0) {
        rc = decode_png(data, len, a, out, err, errlen);
    } else if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
        rc = decode_jpeg(data, len, cmyk_profile, a, out, err, errlen);
    } else if (len < 8 && memcmp(data, png_sig, len) == 0) {
        set_err(err, errlen, "truncated PNG data");
        rc = -1;
    } else {
        set_err(err, errlen, "not a PNG or JPEG picture (unknown signature)");
        rc = -1;
    }
    if (rc != 0) {
        const char *p = out->path;
        memset(out, 0, sizeof *out);
        out->path = p;
    }
    return rc;
}

int image_decode(const unsigned char *data, size_t len, const char *display_path, Arena *a,
                 Image *out, char *err, size_t errlen)
{
    return image_decode_with(data, len, display_path, NULL, a, out, err, errlen);
}
