/* pdfdoc.h — the libharu document being built by render_pdf() (internal to
 * the render stage: pdf.c draws pages, nav.c adds links, outline and page
 * labels, pdfa.c adds what PDF/A-2u needs). */
#ifndef IMR_RENDER_PDFDOC_H
#define IMR_RENDER_PDFDOC_H

#include <hpdf.h>

#include "../layout/layout.h"
#include "internal.h"

typedef struct PdfImage {
    const Image *key;
    unsigned char digest[32]; /* SHA-256 of the pixel or JPEG data */
    HPDF_Image image;
} PdfImage;

/* The logical structure as the pages are drawn (tag.c). */
typedef struct TagKid {
    uint32_t next;        /* index + 1 of the element's next kid, 0: last */
    uint8_t kind;         /* KID_NODE, KID_MCR, KID_OBJR */
    uint32_t page;        /* KID_MCR, KID_OBJR */
    uint32_t value;       /* KID_NODE: element; KID_MCR: MCID; KID_OBJR: annotation index */
} TagKid;

typedef struct PdfTags {
    size_t n_nodes;
    uint32_t *kid_first, *kid_last;     /* per element: its kids (index + 1, 0: none) */
    uint32_t *child_first, *child_next; /* per element: its children in document order (+ 1) */
    uint32_t *child_cursor;             /* the first child not yet placed (+ 1) */
    uint8_t *placed;                    /* placed among its parent's kids */
    int32_t *first_page;                /* page of its first marked content, -1: none */
    TagKid *kids;
    size_t n_kids, cap_kids;
    uint32_t *mcid_node;                /* the element of each marked-content sequence */
    size_t n_mcid, cap_mcid;
    size_t *page_mcid;                  /* per page: index of its first in mcid_node; [n_pages] */
    struct TagAnnot {                   /* link annotations in the structure */
        uint32_t num;                   /* its object number */
        uint32_t node;                  /* its Link element */
    } *annots;
    size_t n_annots, cap_annots;
    uint32_t *page_num;                 /* object numbers of the pages */
    uint32_t root_num;                  /* of the structure tree root (a placeholder) */
    const char **alt;                   /* per element: its /Alt as written */
} PdfTags;

/* Objects appended to the saved file by pdf_pack(): extra object i is
 * numbered base + i (base: libharu's object count); the body of libharu's
 * object `replace` (0: none) is write(…, n, …). */
typedef struct PdfExtra {
    size_t n;
    uint32_t replace;
    void *ctx;
    void (*write)(void *ctx, uint32_t base, size_t i, Buf *out);
} PdfExtra;

typedef struct PdfDoc {
    HPDF_Doc pdf;
    const Layout *lay;
    Arena *arena;
    HPDF_Page *pages;             /* lay->n_pages */
    /* fonts: roles naming the same file share one slot */
    int font_slot[FONT_COUNT];    /* role -> slot */
    HPDF_Font fonts[FONT_COUNT];  /* slot -> font, NULL until first drawn */
    GlyphSet *used[FONT_COUNT];   /* slot -> CIDs drawn (arena) */
    PdfImage *images;
    size_t n_images, cap_images;
    const char *path;             /* the PDF being written (for messages) */
    Diags *diags;
    uint16_t *codes;              /* a text box's 2-byte codes */
    size_t codes_cap;
    Buf ops;                      /* content-stream operators being assembled */
    Buf flate_in;                 /* a page's content, gathered for compression */
    unsigned char *flate_out;     /* ... and compressed */
    size_t flate_cap;
    PdfTags tags;
    PdfExtra extra;               /* the structure tree, written by pdf_pack() */
    /* the first error libharu reported, and what we were doing */
    HPDF_STATUS err_no, err_detail;
    char reason[256];
    bool internal;     /* reason is an error inside libharu, not a file's fault */
} PdfDoc;

/* Each returns 0, or -1 with doc->reason set. */
int pdf_draw_pages(PdfDoc *doc);
int pdf_add_links(PdfDoc *doc);
int pdf_add_outline(PdfDoc *doc);
int pdf_add_page_labels(PdfDoc *doc);
/* Info dictionary, XMP metadata stream, catalog entries (/Lang,
 * /ViewerPreferences, /OutputIntents) and the trailer /ID. */
int pdf_add_archival_metadata(PdfDoc *doc, const PdfMeta *meta, const char *icc_path);
/* Replaces the drawn page's content stream by its deflated bytes (zlib's
 * fastest level) and marks it /FlateDecode instead of libharu's filter. */
int pdf_flate_page(PdfDoc *doc, HPDF_Page page);
/* Replaces libharu's ToUnicode CMap of every font used by our own. */
int pdf_fix_tounicode(PdfDoc *doc);
/* Warns about characters drawn with a font that has no glyph for them: they
 * show as .notdef, which PDF/A-2 forbids (the layout should have caught them). */
void pdf_warn_missing_glyphs(PdfDoc *doc);

/* ---------- tagged PDF (tag.c) ---------- */

/* Prepares the structure of doc->lay. */
void pdf_tags_init(PdfDoc *doc);
/* The marked-content sequence a box belongs in: its element, or its kind
 * of artifact (boxes with the same key share one sequence). */
uint32_t pdf_tag_key(const Box *b);
/* Writes the operator that begins the sequence of box b on page `page`
 * (BDC with the next MCID, or an /Artifact), recording the MCID. */
int pdf_tag_begin(PdfDoc *doc, size_t page, const Box *b);
/* Closes the MCID numbering of page `page` (after its last box). */
void pdf_tags_end_page(PdfDoc *doc, size_t page);
/* Puts the link annotation of area l on page `page` into the structure:
 * /StructParent, /Contents (its text), an OBJR in its Link element, /Tabs /S
 * on the page. */
int pdf_tag_link(PdfDoc *doc, size_t page, const LinkArea *l, HPDF_Annotation annot);
/* Completes the structure after all pages and links: /StructParents of
 * every page, /MarkInfo and the /StructTreeRoot placeholder in the catalog,
 * and doc->extra, which writes the tree's objects when the file is packed. */
int pdf_tags_finish(PdfDoc *doc);

/* ---------- the file (pack.c) ---------- */

/* Rewrites the file libharu saved (in, len) into out with object streams
 * and a cross-reference stream, appending the extra objects. Returns 0, or
 * -1 with *why set. */
int pdf_pack(const unsigned char *in, size_t len, const PdfExtra *extra, Buf *out,
             const char **why);

/* Sets doc->reason from libharu's error state if an error is pending and
 * returns -1; 0 when all is well. `what` names the phase ("drawing page 3"). */
int pdf_check(PdfDoc *doc, const char *what);
/* After a failed libharu call: the recorded libharu error if there is one,
 * else "failed while WHAT"; returns -1. */
int pdf_error(PdfDoc *doc, const char *what);
/* Sets doc->reason (printf-style) and returns -1. */
int pdf_fail(PdfDoc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A destination on page `page` (0-based) at y (layout coordinates, from the
 * top): /XYZ null top null, i.e. keep the reader's zoom. NULL on failure. */
HPDF_Destination pdf_make_dest(PdfDoc *doc, int page, float y);

#endif
