/* types.h — small value types shared by every stage. */
#ifndef IMR_TYPES_H
#define IMR_TYPES_H

#include <stdbool.h>
#include <stddef.h>

/* A position in a file the author wrote. `file` is the path as the user would
 * type it (the report folder as given on the command line joined with the
 * relative path), line and col are 1-based, col counts characters (code points).
 * line == 0 means "the file as a whole". */
typedef struct SrcPos {
    const char *file;
    int line, col;
} SrcPos;

typedef struct Color {
    float r, g, b; /* 0..1, sRGB */
} Color;

/* A calendar date, possibly partial: month == 0 means the whole year,
 * day == 0 the whole month. year == 0 means "not given". */
typedef struct Date {
    int year, month, day;
} Date;

typedef enum Lang { LANG_DE, LANG_EN } Lang;

typedef enum Status {
    STATUS_PLANNED,
    STATUS_IN_PROGRESS,
    STATUS_COMPLETED,
    STATUS_ONGOING,
    STATUS_SUSPENDED,
    STATUS_COUNT
} Status;

/* A decoded picture, ready for the PDF: either raw 8-bit pixels (alpha already
 * flattened onto white) or JPEG bytes passed through unchanged. */
typedef enum ImageFormat { IMAGE_RAW, IMAGE_JPEG } ImageFormat;
typedef enum ImageColor { IMAGE_GRAY = 1, IMAGE_RGB = 3, IMAGE_CMYK = 4 } ImageColor;

typedef struct Image {
    const char *path;   /* as the user would type it (for messages) */
    ImageFormat format;
    ImageColor color;   /* components per pixel */
    int width, height;  /* pixels */
    const unsigned char *data; /* RAW: width*height*color bytes; JPEG: the file */
    size_t size;
} Image;

/* Document metadata, carried from the model through every stage to the PDF. */
typedef struct DocInfo {
    const char *title, *subtitle, *issuer, *publisher, *version;
    /* where each of those is written (report.yaml), for warnings */
    SrcPos title_pos, subtitle_pos, issuer_pos, publisher_pos, version_pos;
    const char *const *keywords;
    size_t n_keywords;
    Lang lang;
    Date date;          /* the report's date (creation date unless SOURCE_DATE_EPOCH) */
    bool draft;
    const char *classification; /* marking printed on every page ("VS – NUR FÜR DEN
                                 * DIENSTGEBRAUCH"), NULL for none */
    unsigned char input_hash[32]; /* SHA-256 over every input file (path and bytes), seeds /ID */
    unsigned char template_hash[32]; /* SHA-256 of the template file (layout dump) */
    const char *data;   /* the report's measure data, normalised JSON, carried into the PDF */
} DocInfo;

/* Where a PDF carries DocInfo.data: the XMP packet's imr:data property, the
 * JSON XML-escaped between these tags (render writes them, load reads them). */
#define IMR_DATA_XMP_NS "https://imagreport.invalid/ns/data/1.0/"
#define IMR_DATA_XMP_OPEN "<imr:data>"
#define IMR_DATA_XMP_CLOSE "</imr:data>"

#endif
