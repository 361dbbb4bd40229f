/* sysfont.c — a template font named by family ("Liberation Sans", "Liberation
 * Sans Bold", "Liberation Sans:style=Bold"), found among the installed fonts
 * through fontconfig. Only a font of exactly that family counts (fontconfig
 * would otherwise substitute any font), and only TrueType outlines: the PDF
 * writer embeds glyf-based fonts; a CFF (OpenType/PostScript) font is named as
 * such, with the closest installed TrueType font as the alternative. */
#include <fontconfig/fontconfig.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

bool sysfont_is_name(const char *s)
{
    size_t n = strlen(s);
    static const char *const ext[] = {".ttf", ".otf", ".ttc", ".TTF", ".OTF", ".TTC"};
    if (strchr(s, '/'))
        return false;
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (n > 4 && !strcmp(s + n - 4, ext[i]))
            return false;
    return true;
}

/* The best installed match of pat (configured and defaulted), or NULL. */
static FcPattern *best_match(FcConfig *cfg, FcPattern *pat)
{
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    return FcFontMatch(cfg, pat, &res);
}

/* Whether the font m belongs to family (any of its family names). */
static bool has_family(FcPattern *m, const char *family)
{
    FcChar8 *f;
    for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &f) == FcResultMatch; i++)
        if (!strcasecmp((const char *)f, family))
            return true;
    return false;
}

static bool has_style(FcPattern *m, const char *style)
{
    FcChar8 *s;
    for (int i = 0; FcPatternGetString(m, FC_STYLE, i, &s) == FcResultMatch; i++)
        if (!strcasecmp((const char *)s, style))
            return true;
    return false;
}

/* The installed font that matches pat (consumed) if it is of pat's family
 * and, when pat names a style, of that style ("Bold", "Bold Italic"). */
static FcPattern *find_pattern(FcConfig *cfg, FcPattern *pat)
{
    if (!pat)
        return NULL;
    FcChar8 *family = NULL, *style = NULL;
    FcPatternGetString(pat, FC_FAMILY, 0, &family);
    FcPatternGetString(pat, FC_STYLE, 0, &style);
    FcPattern *m = best_match(cfg, pat);
    bool ok = m && family && has_family(m, (const char *)family) &&
              (!style || has_style(m, (const char *)style));
    FcPatternDestroy(pat);
    if (ok)
        return m;
    if (m)
        FcPatternDestroy(m);
    return NULL;
}

static FcPattern *find(FcConfig *cfg, const char *family, const char *style)
{
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return NULL;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    if (style)
        FcPatternAddString(pat, FC_STYLE, (const FcChar8 *)style);
    return find_pattern(cfg, pat);
}

/* fontconfig's syntax ("Family:style=Bold", "Family:bold"), else "Family
 * Style" with the longest family prefix that is installed. */
static FcPattern *lookup(FcConfig *cfg, Arena *a, const char *name)
{
    if (strchr(name, ':'))
        return find_pattern(cfg, FcNameParse((const FcChar8 *)name));
    FcPattern *m = find(cfg, name, NULL);
    if (m)
        return m;
    for (size_t cut = strlen(name); cut > 0; cut--) {
        if (name[cut] != ' ')
            continue;
        char *family = arena_strndup(a, name, cut);
        if ((m = find(cfg, family, name + cut + 1)))
            return m;
    }
    return NULL;
}

/* The closest installed font with TrueType outlines to m, as fontconfig
 * orders the fonts for m's family and style (its aliases: Nimbus Sans ->
 * Helvetica -> Liberation Sans): its family name, or NULL. */
static const char *truetype_alternative(FcConfig *cfg, Arena *a, FcPattern *m)
{
    FcPattern *pat = FcPatternCreate();
    FcChar8 *v;
    if (!pat)
        return NULL;
    if (FcPatternGetString(m, FC_FAMILY, 0, &v) == FcResultMatch)
        FcPatternAddString(pat, FC_FAMILY, v);
    if (FcPatternGetString(m, FC_STYLE, 0, &v) == FcResultMatch)
        FcPatternAddString(pat, FC_STYLE, v);
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *set = FcFontSort(cfg, pat, FcFalse, NULL, &res);
    FcPatternDestroy(pat);
    const char *alt = NULL;
    for (int i = 0; set && i < set->nfont && !alt; i++) {
        FcChar8 *fmt, *fam;
        if (FcPatternGetString(set->fonts[i], FC_FONTFORMAT, 0, &fmt) == FcResultMatch &&
            !strcmp((const char *)fmt, "TrueType") &&
            FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &fam) == FcResultMatch)
            alt = arena_strdup(a, (const char *)fam);
    }
    if (set)
        FcFontSetDestroy(set);
    return alt;
}

const char *sysfont_path(Loader *L, const char *name, SrcPos pos, const char *role)
{
    /* a configuration of our own, not fontconfig's global one: released after use */
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    if (!cfg) {
        diag_error(L->diags, pos, "font '%s': fontconfig cannot be initialised to look up '%s'",
                   role, name);
        return NULL;
    }
    FcPattern *m = lookup(cfg, L->arena, name);
    if (!m) {
        FcConfigDestroy(cfg);
        diag_error(L->diags, pos,
                   "font '%s': no installed font is called '%s' (give a family name as "
                   "'fc-list : family' shows it, with a style as 'Family:style=Bold', or a .ttf file)",
                   role, name);
        return NULL;
    }
    FcChar8 *file = NULL, *fmt = NULL;
    int index = 0;
    FcPatternGetString(m, FC_FILE, 0, &file);
    FcPatternGetString(m, FC_FONTFORMAT, 0, &fmt);
    FcPatternGetInteger(m, FC_INDEX, 0, &index);
    const char *path = file ? arena_strdup(L->arena, (const char *)file) : NULL;
    if (fmt && strcmp((const char *)fmt, "TrueType")) {
        const char *alt = truetype_alternative(cfg, L->arena, m);
        if (alt)
            diag_error(L->diags, pos,
                       "font '%s': '%s' (%s) has PostScript (CFF) outlines; imagreport embeds "
                       "TrueType outlines only; a TrueType font close to it: '%s'",
                       role, name, path ? path : "?", alt);
        else
            diag_error(L->diags, pos,
                       "font '%s': '%s' (%s) has PostScript (CFF) outlines; imagreport embeds "
                       "TrueType outlines only",
                       role, name, path ? path : "?");
        path = NULL;
    } else if (index != 0 || (path && strlen(path) > 4 &&
                              !strcasecmp(path + strlen(path) - 4, ".ttc"))) {
        diag_error(L->diags, pos,
                   "font '%s': '%s' is in a font collection (%s); give a single .ttf file",
                   role, name, path ? path : "?");
        path = NULL;
    }
    FcPatternDestroy(m);
    FcConfigDestroy(cfg);
    return path;
}
