/* gen-pictures.c — writes the JPEG test pictures (libjpeg), for the tests.
 *
 *   gen-pictures OUTDIR
 *
 * OUTDIR/cmyk.jpg   96 x 64, CMYK as Adobe's applications write it (inverted
 *                   values, Adobe marker): left half pure cyan (C 100 %),
 *                   right half pure magenta (M 100 %)
 * OUTDIR/grey.jpg   96 x 64, one component, a grey ramp
 * OUTDIR/rgb.jpg    96 x 64, YCbCr, a colour ramp
 * OUTDIR/scans.jpg  32 x 32 grey, progressive in 379 scans (each AC coefficient
 *                   alone, refined bit by bit): more scans than the decoder allows
 * The same call always writes the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

enum { W = 96, H = 64 };

static void die(const char *what, const char *path)
{
    fprintf(stderr, "gen-pictures: %s %s\n", what, path);
    exit(1);
}

/* A progressive scan script for one component: the DC scan, then for each
 * of the 63 AC coefficients a first scan (point transform 5) and five
 * refinement scans (4 … 0): 1 + 63 * 6 = 379 scans. */
static jpeg_scan_info many_scans[1 + 63 * 6];

static int make_many_scans(void)
{
    int n = 0;
    many_scans[n++] = (jpeg_scan_info){1, {0}, 0, 0, 0, 0};
    for (int k = 1; k <= 63; k++) {
        many_scans[n++] = (jpeg_scan_info){1, {0}, k, k, 0, 5};
        for (int al = 4; al >= 0; al--)
            many_scans[n++] = (jpeg_scan_info){1, {0}, k, k, al + 1, al};
    }
    return n;
}

/* sample(x, y, c) gives component c of pixel (x, y); scans: a scan script or NULL. */
static void write_jpeg_scans(const char *dir, const char *name, int w, int h, int comps,
                             J_COLOR_SPACE cs, unsigned char (*sample)(int, int, int),
                             const jpeg_scan_info *scans, int n_scans)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot write", path);
    struct jpeg_compress_struct ci;
    struct jpeg_error_mgr jerr;
    ci.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&ci);
    jpeg_stdio_dest(&ci, f);
    ci.image_width = (JDIMENSION)w;
    ci.image_height = (JDIMENSION)h;
    ci.input_components = comps;
    ci.in_color_space = cs;
    jpeg_set_defaults(&ci);
    jpeg_set_quality(&ci, 90, TRUE);
    if (scans) {
        ci.scan_info = scans;
        ci.num_scans = n_scans;
    }
    jpeg_start_compress(&ci, TRUE);
    unsigned char row[W * 4];
    while (ci.next_scanline < (JDIMENSION)h) {
        int y = (int)ci.next_scanline;
        for (int x = 0; x < w; x++)
            for (int c = 0; c < comps; c++)
                row[x * comps + c] = sample(x, y, c);
        JSAMPROW r = row;
        jpeg_write_scanlines(&ci, &r, 1);
    }
    jpeg_finish_compress(&ci);
    jpeg_destroy_compress(&ci);
    if (fclose(f) != 0)
        die("cannot write", path);
}

static void write_jpeg(const char *dir, const char *name, int comps, J_COLOR_SPACE cs,
                       unsigned char (*sample)(int, int, int))
{
    write_jpeg_scans(dir, name, W, H, comps, cs, sample, NULL, 0);
}

/* C, M, Y, K stored inverted (255 = no ink), as Photoshop does */
static unsigned char cmyk(int x, int y, int c)
{
    (void)y;
    int ink = (x < W / 2) ? c == 0 : c == 1;
    return (unsigned char)(ink ? 0 : 255);
}

static unsigned char grey(int x, int y, int c)
{
    (void)y;
    (void)c;
    return (unsigned char)(x * 255 / (W - 1));
}

static unsigned char rgb(int x, int y, int c)
{
    return (unsigned char)(c == 0 ? x * 255 / (W - 1) : c == 1 ? y * 255 / (H - 1) : 128);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen-pictures OUTDIR\n");
        return 2;
    }
    write_jpeg(argv[1], "cmyk.jpg", 4, JCS_CMYK, cmyk);
    write_jpeg(argv[1], "grey.jpg", 1, JCS_GRAYSCALE, grey);
    write_jpeg(argv[1], "rgb.jpg", 3, JCS_RGB, rgb);
    int n = make_many_scans();
    write_jpeg_scans(argv[1], "scans.jpg", 32, 32, 1, JCS_GRAYSCALE, grey, many_scans, n);
    return 0;
}
