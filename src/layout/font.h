/* font.h — TrueType metrics and kerning (internal to layout).
 *
 * Reads what layout needs from a TTF file: the cmap (formats 4 and 12),
 * advance widths (hmtx), units per em, ascender/descender/cap height.
 * Widths are in thousandths of an em, rounded exactly as libharu rounds them
 * when it writes /W (advance * 1000 / unitsPerEm, truncated), so that what we
 * measure is what the PDF viewer draws. Text is shaped by HarfBuzz for its
 * kerning (no ligatures: the PDF shows characters); the kerning goes with
 * each text box to render, which writes it into the line's TJ array. */
#ifndef IMR_FONT_H
#define IMR_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Font Font;

/* NULL on failure, with a reason in err. */
Font *font_load(const char *path, char *err, size_t errlen);
void font_free(Font *f);

bool font_has_glyph(const Font *f, uint32_t cp);
/* Advance in 1/1000 em; the .notdef width for a missing glyph. */
int font_advance(const Font *f, uint32_t cp);
/* Kerned advance of UTF-8 text in 1/1000 em (an invalid byte counts as
 * U+FFFD). Shaped texts are remembered in the Font: one thread at a time. */
long font_text_units(const Font *f, const char *s, size_t len);
/* The kerning of s: per character, 1/1000 em added after it (*n_chars
 * entries), or NULL when s has none. Points into the Font's cache: valid
 * until the next call on f. */
const int16_t *font_kerning(const Font *f, const char *s, size_t len, size_t *n_chars);
/* Width in pt of UTF-8 text at size pt. */
float font_text_width(const Font *f, const char *s, size_t len, float size);
/* In 1/1000 em: ascender (positive), descender (negative), cap height. */
int font_ascent(const Font *f);
int font_descent(const Font *f);
int font_cap_height(const Font *f);
/* x-height in 1/1000 em (OS/2 sxHeight, else the top of 'x'). */
int font_x_height(const Font *f);

#endif
