/* hpdfx.h — the door to libharu's non-public structures (internal to the
 * render stage). libharu 2.3's public API cannot write marked content or
 * build a structure tree; what tagging needs of its internals is here, each
 * with the reason in hpdfx.c. */
#ifndef IMR_RENDER_HPDFX_H
#define IMR_RENDER_HPDFX_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>
#include <hpdf_objects.h>

/* Appends raw operators to a page's content stream. */
HPDF_STATUS hpdfx_page_write(HPDF_Page page, const void *data, size_t len);
/* The document's memory manager (for new direct objects). */
HPDF_MMgr hpdfx_mmgr(HPDF_Doc pdf);
/* The catalog dictionary. */
HPDF_Dict hpdfx_catalog(HPDF_Doc pdf);
/* The Info dictionary and the trailer dictionary. */
HPDF_Dict hpdfx_info(HPDF_Doc pdf);
HPDF_Dict hpdfx_trailer(HPDF_Doc pdf);
/* Sets the version in the file header. */
void hpdfx_set_version(HPDF_Doc pdf, HPDF_PDFVer version);
/* A new empty stream object of the file; NULL on failure. */
HPDF_Dict hpdfx_new_stream_object(HPDF_Doc pdf);
/* Whether an embedded TrueType font has a glyph for code (= CID). */
int hpdfx_font_has_glyph(HPDF_Font font, unsigned code);
/* A character's width in 1/1000 em (/W); marks its glyph for the subset. */
int hpdfx_font_char_width(HPDF_Font font, unsigned code);
/* The ToUnicode CMap stream libharu made for an embedded font, or NULL. */
HPDF_Dict hpdfx_font_tounicode(HPDF_Font font);
/* Replaces the data of a stream object by data[0..len). */
HPDF_STATUS hpdfx_stream_replace(HPDF_Dict stream, const void *data, size_t len);
/* A new empty dictionary / array that is an indirect object of the file;
 * NULL on failure. */
HPDF_Dict hpdfx_new_dict_object(HPDF_Doc pdf);
HPDF_Array hpdfx_new_array_object(HPDF_Doc pdf);
/* The object number of an indirect object (a page, an annotation). */
uint32_t hpdfx_obj_number(const void *obj);
/* Appends obj to an array without libharu's cap of 32767 elements. */
HPDF_STATUS hpdfx_array_add(HPDF_Array array, void *obj);

#endif
