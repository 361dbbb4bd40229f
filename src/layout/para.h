/* para.h — paragraph setting: inline runs into lines (internal to layout).
 *
 * Builds Knuth–Plass items (boxes, glue, penalties) from the runs — words,
 * inter-word glue, hyphenation points from the Hyphenator, explicit breaks —
 * and chooses the breaks with total-fit optimisation over the paragraph
 * (demerits, fitness classes, at most 3 consecutive hyphenated lines, a final
 * line filled with \parfillskip). A word wider than the column is broken
 * between characters rather than overflowing. No line is wider than its
 * width. Ragged-right uses the same algorithm with ragged glue. */
#ifndef IMR_PARA_H
#define IMR_PARA_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"
#include "../compose/compose.h"
#include "font.h"
#include "hyphen.h"

typedef struct ParaStyle {
    const Font *const *fonts;   /* indexed by FontRole, FONT_COUNT entries */
    FontRole font;              /* base font of the block (bold/italic flags of runs combine with it) */
    float size, leading;        /* pt */
    Color color;
    bool justify;               /* else ragged right */
    bool hyphenate;
    const Hyphenator *hyph;     /* NULL: no hyphenation */
    const LineBreaking *brk;    /* the template's costs; NULL: TeX's defaults */
    float first_indent;         /* indent of the first line, pt */
    Align align;                /* for ragged text: left, right or centre */
} ParaStyle;

/* A piece of a line: glyphs in one font and colour, positioned by x. */
typedef struct LineFrag {
    const char *text;           /* UTF-8 (arena), includes a trailing "-" when hyphenated here */
    uint32_t len;
    FontRole font;
    Color color;
    float x, w;                 /* from the line's left edge, pt */
    DocLink link;
    SrcPos pos;
    float size;                 /* pt: the style's size, smaller for inline code */
    bool strike;                /* a line through it (RF_STRIKE) */
    const Block *note;          /* a footnote's first mark: the note (Run.note) */
} LineFrag;

typedef struct Line {
    LineFrag *frags;
    size_t n_frags;
    float width;                /* the column width it was set to */
    float natural;              /* width of its content */
    float ratio;                /* adjustment ratio used (for loose-line warnings) */
    bool hyphenated;            /* ends with a hyphen */
    float ascent, descent;      /* of the largest font on the line, pt (descent positive) */
} Line;

typedef struct ParaResult {
    Line *lines;
    size_t n_lines;
} ParaResult;

/* Resolves RUN_PAGEREF: returns the page label of dest (or a placeholder). */
typedef const char *(*PageRefFn)(void *ctx, const char *dest);

/* A character no font has: the callback gets its position and code point. */
typedef void (*MissingGlyphFn)(void *ctx, SrcPos pos, uint32_t cp);

typedef struct ParaEnv {
    PageRefFn pageref;
    MissingGlyphFn missing;
    void *ctx;
} ParaEnv;

/* Sets the runs to width pt. Lines and fragments live in the arena. */
ParaResult para_set(const Inlines *inl, const ParaStyle *st, float width, const ParaEnv *env,
                    Arena *arena);

/* Natural width of the runs on one line (no breaking), pt. For table column
 * sizing. Forced breaks: the widest line. Neither this nor para_min_width
 * reports missing glyphs (para_set does, once). */
float para_natural_width(const Inlines *inl, const ParaStyle *st, const ParaEnv *env);
/* Width of the widest unbreakable piece (word or hyphenation fragment), pt. */
float para_min_width(const Inlines *inl, const ParaStyle *st, const ParaEnv *env);

#endif
