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
/* A new empty dictionary / array that is an indirect object of the file;
 * NULL on failure. */
HPDF_Dict hpdfx_new_dict_object(HPDF_Doc pdf);
HPDF_Array hpdfx_new_array_object(HPDF_Doc pdf);
/* The object number of an indirect object (a page, an annotation). */
uint32_t hpdfx_obj_number(const void *obj);
/* Appends obj to an array without libharu's cap of 32767 elements. */
HPDF_STATUS hpdfx_array_add(HPDF_Array array, void *obj);

#endif
