/* test_layout_table.c — the table engine, progress bars and bar charts on
 * synthetic blocks, with the real fonts from fonts/ and German hyphenation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layout/table.h"

#define EPS 0.01f

/* Loaded once for all tests: the fonts and the German patterns (slow to load). */
typedef struct Shared {
    Font *fonts[FONT_COUNT];
    Hyphenator *hyph;
} Shared;

typedef struct Fixture {
    Shared *sh;
    Arena *arena;
    Template t;
    Doc doc;
    LCtx c;
} Fixture;

static const char *refs(void *ctx, const char *dest)
{
    (void)ctx;
    (void)dest;
    return "7";
}

static void missing(void *ctx, SrcPos pos, uint32_t cp)
{
    (void)ctx;
    (void)pos;
    (void)cp;
}

static void style(Template *t, StyleRole r, FontRole f, float size, float leading, Color col)
{
    t->styles[r] = (TextStyle){f, size, leading, 0, 0, col};
}

static int group_setup(void **state)
{
    static const char *const files[FONT_COUNT] = {
        "fonts/OpenSans-Regular.ttf", "fonts/OpenSans-Bold.ttf",     "fonts/OpenSans-Italic.ttf",
        "fonts/OpenSans-BoldItalic.ttf", "fonts/OpenSans-Semibold.ttf", "fonts/DejaVuSansMono.ttf",
    };
    Shared *sh = calloc(1, sizeof *sh);
    if (!sh)
        return -1;
    for (int i = 0; i < FONT_COUNT; i++) {
        char err[256];
        sh->fonts[i] = font_load(files[i], err, sizeof err);
        if (!sh->fonts[i]) {
            fprintf(stderr, "font %s: %s\n", files[i], err);
            return -1;
        }
    }
    sh->hyph = hyph_load(LANG_DE);
    *state = sh;
    return 0;
}

static int group_teardown(void **state)
{
    Shared *sh = *state;
    for (int i = 0; i < FONT_COUNT; i++)
        font_free(sh->fonts[i]);
    hyph_free(sh->hyph);
    free(sh);
    return 0;
}

static int setup(void **state)
{
    Fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->sh = *state;
    fx->arena = arena_new();
    for (int i = 0; i < FONT_COUNT; i++)
        fx->c.fonts[i] = fx->sh->fonts[i];
    Template *t = &fx->t;
    Color text = {0.11f, 0.11f, 0.11f}, white = {1, 1, 1}, muted = {0.37f, 0.39f, 0.41f};
    style(t, STYLE_BODY, FONT_REGULAR, 10, 14.5f, text);
    style(t, STYLE_TABLE, FONT_REGULAR, 8.5f, 11.5f, text);
    style(t, STYLE_TABLE_HEADER, FONT_BOLD, 8.5f, 11.5f, white);
    style(t, STYLE_CAPTION, FONT_SEMIBOLD, 8.5f, 12, muted);
    t->styles[STYLE_CAPTION].space_before = 6;
    t->styles[STYLE_CAPTION].space_after = 4;
    style(t, STYLE_SOURCE, FONT_REGULAR, 7.5f, 10, muted);
    t->table_header_bg = (Color){0, 0.31f, 0.53f};
    t->zebra = (Color){0.93f, 0.95f, 0.97f};
    t->rule = (Color){0.72f, 0.76f, 0.8f};
    t->table_padding = 4;
    t->rule_width = 0.5f;
    t->table_zebra = true;
    t->hyphenate = true;
    fx->doc.info.lang = LANG_DE;
    fx->doc.tmpl = t;
    fx->c.doc = &fx->doc;
    fx->c.t = t;
    fx->c.arena = fx->arena;
    fx->c.hyph = fx->sh->hyph;
    fx->c.env = (ParaEnv){refs, missing, NULL};
    fx->c.body_top = 79;
    fx->c.body_height = 680;
    fx->c.body_left = 71;
    fx->c.body_width = 453;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    arena_free(fx->arena);
    free(fx);
    return 0;
}

/* ---------- building synthetic tables ---------- */

static const Block *para(Arena *a, const char *text, StyleRole role)
{
    Run *r = arena_alloc(a, sizeof *r);
    r->kind = RUN_TEXT;
    r->text = arena_strdup(a, text);
    Block *b = arena_alloc(a, sizeof *b);
    b->kind = BLK_PARAGRAPH;
    b->style = role;
    b->inl = (Inlines){r, 1};
    return b;
}

static TableCell cell(Arena *a, const char *text, StyleRole role)
{
    const Block **bl = arena_alloc(a, sizeof *bl);
    bl[0] = para(a, text, role);
    return (TableCell){bl, 1};
}

static TableRow row(Arena *a, const char *key, size_t n, const char *const *texts, bool header)
{
    TableCell *cells = arena_calloc(a, n, sizeof *cells);
    for (size_t i = 0; i < n; i++)
        cells[i] = cell(a, texts[i], header ? STYLE_TABLE_HEADER : STYLE_TABLE);
    return (TableRow){key, cells, {DLINK_NONE, NULL}, {0}};
}

static Table *table(Arena *a, const char *id, TableStyle st, const TableColumn *cols, size_t n_cols,
                    const char *const *head)
{
    Table *t = arena_alloc(a, sizeof *t);
    t->id = id;
    t->style = st;
    TableColumn *cc = arena_calloc(a, n_cols, sizeof *cc);
    memcpy(cc, cols, n_cols * sizeof *cc);
    t->cols = cc;
    t->n_cols = n_cols;
    if (head) {
        TableRow *h = arena_alloc(a, sizeof *h);
        *h = row(a, NULL, n_cols, head, true);
        t->header = h;
    }
    t->zebra = st == TABLE_GRID;
    return t;
}

static void set_rows(Arena *a, Table *t, size_t n, const char *const *texts /* n * n_cols */)
{
    TableRow *rows = arena_calloc(a, n, sizeof *rows);
    for (size_t r = 0; r < n; r++)
        rows[r] = row(a, arena_printf(a, "r%zu", r + 1), t->n_cols, texts + r * t->n_cols, false);
    t->rows = rows;
    t->n_rows = n;
}

static const Block *table_blk(Arena *a, const Table *t)
{
    Block *b = arena_alloc(a, sizeof *b);
    b->kind = BLK_TABLE;
    b->style = STYLE_TABLE;
    b->table = t;
    b->id = t->id;
    return b;
}

/* The items of rows (those with a table-row element other than the header). */
static bool is_body_row(const VItem *it)
{
    for (size_t i = 0; i < it->n_elems; i++)
        if (it->elems[i].kind == EL_TABLE_ROW && !strstr(it->elems[i].id, "/header"))
            return true;
    return false;
}

static const char *row_id(const VItem *it)
{
    for (size_t i = 0; i < it->n_elems; i++)
        if (it->elems[i].kind == EL_TABLE_ROW)
            return it->elems[i].id;
    return NULL;
}

static bool same_color(Color a, Color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* ---------- tests ---------- */

static void test_widths_sum_to_table_width(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    static const TableColumn cols[] = {
        {COL_FIXED, 28, ALIGN_LEFT},
        {COL_FRACTION, 1, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_RIGHT},
    };
    static const char *const head[] = {"Nr.", "Maßnahme", "Federführung", "Ziel"};
    static const char *const body[] = {
        "1.1", "Notfallordner „Hinsehen und Handeln“ – Krisenmanagement an Schulen", "MSB", "5.400",
        "1.2", "Fortbildungsreihe für Lehrkräfte", "MKJFGFI", "120",
    };
    Table *t = table(a, "w", TABLE_GRID, cols, 4, head);
    set_rows(a, t, 2, body);
    float x = 71, width = 453;
    float *w = table_column_widths(&fx->c, t, width);
    float sum = 0;
    for (size_t j = 0; j < 4; j++) {
        assert_true(w[j] > 0);
        sum += w[j];
    }
    assert_float_equal(sum, width, EPS);
    assert_float_equal(w[0], 28, EPS);
    /* the auto columns are at their natural width, the fraction takes the rest */
    ParaStyle st = {.fonts = fx->c.fonts, .font = FONT_BOLD, .size = 8.5f, .leading = 11.5f};
    Run r = {.kind = RUN_TEXT, .text = "Federführung"};
    Inlines inl = {&r, 1};
    float nat = para_natural_width(&inl, &st, &fx->c.env) + 2 * fx->t.table_padding;
    assert_true(w[2] >= nat - EPS);
    assert_true(w[1] > w[2]);

    /* the same through the items: the right edge of the number column is the table's */
    VList out = {0};
    fmt_table(&fx->c, &out, table_blk(a, t), x, width);
    size_t rows = 0;
    for (size_t i = 0; i < out.n; i++) {
        const VItem *it = &out.items[i];
        if (!is_body_row(it))
            continue;
        rows++;
        const Box *last = NULL;
        for (size_t k = 0; k < it->n_boxes; k++)
            if (it->boxes[k].kind == BOX_TEXT)
                last = &it->boxes[k];
        assert_non_null(last);
        assert_float_equal(last->x + last->w, x + width - fx->t.table_padding, 0.05f);
    }
    assert_int_equal(rows, 2);
}

static void test_widths_squeezed(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    /* more natural width than room: fractions shrink to their widest word,
     * autos share the rest; the sum is still the table width */
    static const TableColumn cols[] = {
        {COL_FRACTION, 1, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_LEFT},
    };
    static const char *const body[] = {
        "Radikalisierungsprävention im Justizvollzug", "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration",
        "Ministerium für Heimat, Kommunales, Bau und Digitalisierung",
    };
    Table *t = table(a, "s", TABLE_GRID, cols, 3, NULL);
    set_rows(a, t, 1, body);
    float *w = table_column_widths(&fx->c, t, 300);
    assert_float_equal(w[0] + w[1] + w[2], 300, EPS);
    /* the fraction column keeps its longest whole word, the autos their longest piece */
    ParaStyle st = {.fonts = fx->c.fonts, .font = FONT_REGULAR, .size = 8.5f, .leading = 11.5f};
    Run r = {.kind = RUN_TEXT, .text = "Radikalisierungsprävention"};
    Inlines inl = {&r, 1};
    float word = para_natural_width(&inl, &st, &fx->c.env) + 2 * fx->t.table_padding;
    assert_true(w[0] >= word - EPS);
    assert_true(w[0] < 150);
    for (size_t j = 1; j < 3; j++)
        assert_true(w[j] >= 40);

    /* a fixed column too narrow for its widest word grows, the fraction gives way */
    static const TableColumn cols2[] = {{COL_FIXED, 12, ALIGN_LEFT}, {COL_FRACTION, 1, ALIGN_LEFT}};
    static const char *const body2[] = {"3.200", "Fachbereich Radikalisierungsprävention"};
    Table *t2 = table(a, "f", TABLE_GRID, cols2, 2, NULL);
    set_rows(a, t2, 1, body2);
    w = table_column_widths(&fx->c, t2, 300);
    r.text = "3.200";
    float id_w = para_natural_width(&inl, &st, &fx->c.env) + 2 * fx->t.table_padding;
    assert_true(w[0] >= id_w - EPS);
    assert_float_equal(w[0] + w[1], 300, EPS);
}

/* Many random tables: the widths always add up to the table width, none is
 * negative, and no fixed column gets less than it asked for when there is room. */
static void test_widths_random(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    static const char *const words[] = {
        "Nr.", "1.10", "Radikalisierungsprävention", "Ministerium für Kinder, Jugend, Familie", "in Umsetzung",
        "x", "Justizvollzugseinrichtungen des Landes Nordrhein-Westfalen", "100 %", "Wegweiser",
    };
    uint32_t seed = 12345;
#define RND(n) ((((seed = seed * 1103515245u + 12345u) >> 16) % (n)))
    for (int round = 0; round < 200; round++) {
        size_t n = 1 + RND(6), rows = 1 + RND(4);
        TableColumn cols[6];
        float fixed = 0;
        for (size_t j = 0; j < n; j++) {
            cols[j].width_kind = (ColWidthKind)RND(3);
            cols[j].width = cols[j].width_kind == COL_FIXED ? (float)(10 + RND(120))
                            : cols[j].width_kind == COL_FRACTION ? (float)RND(4)
                                                                 : 0;
            cols[j].align = RND(2) ? ALIGN_LEFT : ALIGN_RIGHT;
            if (cols[j].width_kind == COL_FIXED)
                fixed += cols[j].width;
        }
        const char *texts[6 * 4];
        for (size_t i = 0; i < n * rows; i++)
            texts[i] = words[RND(sizeof words / sizeof *words)];
        Table *t = table(a, "r", TABLE_GRID, cols, n, NULL);
        set_rows(a, t, rows, texts);
        float width = (float)(60 + RND(500));
        float *w = table_column_widths(&fx->c, t, width);
        float sum = 0;
        for (size_t j = 0; j < n; j++) {
            assert_true(w[j] >= 0);
            sum += w[j];
            if (cols[j].width_kind == COL_FIXED && fixed <= width)
                assert_true(w[j] >= cols[j].width - EPS);
        }
        assert_float_equal(sum, width, 0.05f);
    }
#undef RND
}

static void test_ministry_fits_narrow_auto_column(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    static const TableColumn cols[] = {
        {COL_AUTO, 0, ALIGN_LEFT},
        {COL_FIXED, 200, ALIGN_LEFT},
    };
    static const char *const body[] = {
        "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration",
        "Federführung",
    };
    Table *t = table(a, "m", TABLE_GRID, cols, 2, NULL);
    set_rows(a, t, 1, body);
    float x = 100, width = 290; /* the auto column gets exactly 90 pt */
    float *w = table_column_widths(&fx->c, t, width);
    assert_float_equal(w[0], 90, EPS);
    VList out = {0};
    fmt_table(&fx->c, &out, table_blk(a, t), x, width);
    size_t frags = 0, lines_y = 0;
    float last_y = -1;
    for (size_t i = 0; i < out.n; i++) {
        const VItem *it = &out.items[i];
        if (!is_body_row(it))
            continue;
        for (size_t k = 0; k < it->n_boxes; k++) {
            const Box *b = &it->boxes[k];
            if (b->kind != BOX_TEXT || b->x >= x + 90)
                continue;
            frags++;
            assert_true(b->x >= x + fx->t.table_padding - EPS);
            assert_true(b->x + b->w <= x + 90 - fx->t.table_padding + EPS);
            if (b->y != last_y)
                lines_y++;
            last_y = b->y;
            assert_true(b->y <= it->height);
        }
    }
    assert_true(frags > 0);
    assert_true(lines_y >= 4); /* the name wrapped onto several lines */
}

static void test_header_repeated_on_body_rows(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    static const TableColumn cols[] = {{COL_FIXED, 40, ALIGN_LEFT}, {COL_FRACTION, 1, ALIGN_LEFT}};
    static const char *const head[] = {"Nr.", "Maßnahme"};
    const char *body[2 * 60];
    for (size_t r = 0; r < 60; r++) {
        body[2 * r] = arena_printf(a, "1.%zu", r + 1);
        body[2 * r + 1] = "Qualifizierung von Imamen und Gemeindemitarbeitenden";
    }
    Table *t = table(a, "h", TABLE_GRID, cols, 2, head);
    set_rows(a, t, 60, body);
    Run cap = {.kind = RUN_TEXT, .text = "Tabelle 1: Maßnahmen im Handlungsfeld 1"};
    t->caption = (Inlines){&cap, 1};
    Run src = {.kind = RUN_TEXT, .text = "Quelle: Meldungen der Ressorts"};
    t->source = (Inlines){&src, 1};
    VList out = {0};
    fmt_table(&fx->c, &out, table_blk(a, t), 71, 453);
    /* the caption first, the source line last, in their styles */
    assert_int_equal(out.items[0].boxes[0].kind, BOX_TEXT);
    assert_int_equal(out.items[0].boxes[0].font, FONT_SEMIBOLD);
    const VItem *last = &out.items[out.n - 1];
    char joined[128] = "";
    for (size_t k = 0; k < last->n_boxes; k++) {
        assert_int_equal(last->boxes[k].kind, BOX_TEXT);
        assert_float_equal(last->boxes[k].size, 7.5f, EPS);
        for (uint32_t i = 0; i < last->boxes[k].len; i++)
            if (last->boxes[k].text[i] != ' ' && strlen(joined) + 1 < sizeof joined)
                strncat(joined, &last->boxes[k].text[i], 1);
    }
    assert_string_equal(joined, "Quelle:MeldungenderRessorts");
    assert_int_equal(last->penalty, PEN_FORBID);
    assert_null(last->repeat);
    /* caption, header, 60 rows, source */
    assert_true(out.n >= 63);
    const VItem *header = NULL;
    size_t body_rows = 0, first_body = 0;
    for (size_t i = 0; i < out.n; i++) {
        const VItem *it = &out.items[i];
        const char *id = row_id(it);
        if (id && strcmp(id, "h/header") == 0) {
            header = it;
            assert_int_equal(it->penalty, PEN_FORBID); /* kept with the caption */
            continue;
        }
        if (!is_body_row(it))
            continue;
        assert_non_null(header);
        if (body_rows == 0)
            first_body = i;
        /* the header is never alone, nor a single row at the head or foot of a page */
        if (body_rows == 0 || body_rows == 1 || body_rows >= 58) /* 3 rows after a break */
            assert_int_equal(it->penalty, PEN_FORBID);
        else
            assert_int_equal(it->penalty, PEN_ALLOW);
        body_rows++;
        assert_int_equal(it->n_repeat, 1);
        assert_non_null(it->repeat);
        /* the repeated item is the header: same height, the header background */
        assert_float_equal(it->repeat->height, header->height, EPS);
        bool bg = false;
        for (size_t k = 0; k < it->repeat->n_boxes; k++)
            if (it->repeat->boxes[k].kind == BOX_RECT &&
                same_color(it->repeat->boxes[k].color, fx->t.table_header_bg))
                bg = true;
        assert_true(bg);
    }
    assert_int_equal(body_rows, 60);
    assert_true(first_body > 0);
    /* every item belongs to the table */
    for (size_t i = 0; i < out.n; i++) {
        bool tbl = false;
        for (size_t k = 0; k < out.items[i].n_elems; k++)
            if (out.items[i].elems[k].kind == EL_TABLE && strcmp(out.items[i].elems[k].id, "h") == 0)
                tbl = true;
        assert_true(tbl);
    }
}

static void test_three_page_cell_splits(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    static const TableColumn cols[] = {
        {COL_FRACTION, 1, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_LEFT},
        {COL_AUTO, 0, ALIGN_RIGHT},
    };
    static const char *const head[] = {"Indikator", "Einheit", "Ziel"};
    /* about three pages of text in a 350 pt column */
    size_t cap = 40000, len = 0;
    char *longtext = arena_alloc(a, cap);
    static const char sentence[] = "Die Fachstelle stärkt die Radikalisierungsprävention in den "
                                   "Justizvollzugseinrichtungen des Landes. ";
    while (len + sizeof sentence < 24000) {
        memcpy(longtext + len, sentence, sizeof sentence - 1);
        len += sizeof sentence - 1;
    }
    longtext[len] = '\0';
    const char *body[] = {"Kurz", "Fälle", "400", longtext, "Fälle", "1.250", "Danach", "Schulen", "17"};
    Table *t = table(a, "big", TABLE_GRID, cols, 3, head);
    set_rows(a, t, 3, body);
    VList out = {0};
    fmt_table(&fx->c, &out, table_blk(a, t), 71, 453);
    size_t slices = 0, warned = 0;
    float header_h = 0;
    for (size_t i = 0; i < out.n; i++) {
        const VItem *it = &out.items[i];
        const char *id = row_id(it);
        if (id && strcmp(id, "big/header") == 0)
            header_h = it->height;
        assert_true(it->height <= fx->c.body_height + EPS);
        if (id && strcmp(id, "big/r2") == 0) {
            slices++;
            assert_true(it->height + header_h <= fx->c.body_height + EPS);
            assert_non_null(it->repeat);
            for (size_t w = 0; w < it->n_warnings; w++)
                if (it->warnings[w].kind == LW_ROW_SPLIT)
                    warned++;
            /* every text box inside the slice */
            for (size_t k = 0; k < it->n_boxes; k++)
                if (it->boxes[k].kind == BOX_TEXT) {
                    assert_true(it->boxes[k].y > 0);
                    assert_true(it->boxes[k].y < it->height);
                }
        }
    }
    assert_true(slices >= 3);
    assert_int_equal(warned, 1);
    /* the slices are bands of one line each that join seamlessly: padding on
     * top of the first and below the last, one rule under the last only */
    float pad = fx->t.table_padding, lead = fx->t.styles[STYLE_TABLE].leading, total = 0;
    size_t band = 0, rules_before_last = 0, rule_last = 0;
    for (size_t i = 0; i < out.n; i++) {
        const VItem *it = &out.items[i];
        const char *id = row_id(it);
        if (!id || strcmp(id, "big/r2") != 0)
            continue;
        float want = lead + (band == 0 ? pad : 0) + (band == slices - 1 ? pad : 0);
        assert_float_equal(it->height, want, EPS);
        total += it->height;
        size_t lines = 0;
        for (size_t k = 0; k < it->n_boxes; k++)
            lines += it->boxes[k].kind == BOX_LINE;
        if (band == slices - 1)
            rule_last = lines;
        else
            rules_before_last += lines;
        if (band == 0) /* the 2nd row of a 3-row table: no break before it */
            assert_int_equal(it->penalty, PEN_FORBID);
        else if (band == 1 || band == slices - 1)
            assert_int_equal(it->penalty, PEN_FORBID);
        else
            assert_int_equal(it->penalty, PEN_ALLOW);
        band++;
    }
    assert_int_equal(rules_before_last, 0);
    assert_int_equal(rule_last, 1);
    assert_true(total > 2 * fx->c.body_height); /* three pages of text */
    assert_true(header_h > 0);
    /* the other rows stay whole */
    size_t r1 = 0, r3 = 0;
    for (size_t i = 0; i < out.n; i++) {
        const char *id = row_id(&out.items[i]);
        r1 += id && strcmp(id, "big/r1") == 0;
        r3 += id && strcmp(id, "big/r3") == 0;
    }
    assert_int_equal(r1, 1);
    assert_int_equal(r3, 1);
}

static void test_numbers_right_aligned(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    static const TableColumn cols[] = {
        {COL_FRACTION, 1, ALIGN_LEFT},
        {COL_FIXED, 80, ALIGN_RIGHT},
        {COL_FIXED, 60, ALIGN_RIGHT},
    };
    static const char *const head[] = {"Indikator", "Ziel", "Ist"};
    static const char *const body[] = {"Beratungsfälle", "400", "1.352", "Workshops", "12.480", "7"};
    Table *t = table(a, "n", TABLE_GRID, cols, 3, head);
    set_rows(a, t, 2, body);
    float x = 71, width = 453, pad = fx->t.table_padding;
    float c1_right = x + width - 60, c2_right = x + width;
    VList out = {0};
    fmt_table(&fx->c, &out, table_blk(a, t), x, width);
    size_t checked = 0;
    for (size_t i = 0; i < out.n; i++) {
        const VItem *it = &out.items[i];
        if (!row_id(it))
            continue;
        for (size_t k = 0; k < it->n_boxes; k++) {
            const Box *b = &it->boxes[k];
            if (b->kind != BOX_TEXT)
                continue;
            if (b->x > c1_right - 80 && b->x < c1_right) {
                assert_float_equal(b->x + b->w, c1_right - pad, 0.05f);
                checked++;
            } else if (b->x > c2_right - 60) {
                assert_float_equal(b->x + b->w, c2_right - pad, 0.05f);
                checked++;
            } else {
                assert_float_equal(b->x, x + pad, 0.05f); /* text left */
            }
        }
    }
    assert_int_equal(checked, 6); /* header and two rows, two number columns */
}

static void test_zebra_on_alternate_rows(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    static const TableColumn cols[] = {{COL_AUTO, 0, ALIGN_LEFT}, {COL_FRACTION, 1, ALIGN_LEFT}};
    static const char *const head[] = {"Nr.", "Maßnahme"};
    static const char *const body[] = {"1", "eins", "2", "zwei", "3", "drei", "4", "vier", "5", "fünf"};
    Table *t = table(a, "z", TABLE_GRID, cols, 2, head);
    set_rows(a, t, 5, body);
    VList out = {0};
    fmt_table(&fx->c, &out, table_blk(a, t), 71, 453);
    size_t r = 0;
    for (size_t i = 0; i < out.n; i++) {
        const VItem *it = &out.items[i];
        if (!is_body_row(it))
            continue;
        bool zebra = false, rule = false;
        for (size_t k = 0; k < it->n_boxes; k++) {
            const Box *b = &it->boxes[k];
            if (b->kind == BOX_RECT && same_color(b->color, fx->t.zebra)) {
                zebra = true;
                assert_float_equal(b->w, 453, EPS);
                assert_float_equal(b->h, it->height, EPS);
            }
            if (b->kind == BOX_LINE)
                rule = true;
        }
        assert_true(zebra == (r % 2 == 1));
        assert_true(rule);
        r++;
    }
    assert_int_equal(r, 5);

    /* no zebra when the template says so, nor in key/value and plain tables */
    fx->t.table_zebra = false;
    VList out2 = {0};
    fmt_table(&fx->c, &out2, table_blk(a, t), 71, 453);
    fx->t.table_zebra = true;
    Table *kv = table(a, "kv", TABLE_KEYVALUE, cols, 2, NULL);
    set_rows(a, kv, 5, body);
    kv->zebra = true;
    VList out3 = {0};
    fmt_table(&fx->c, &out3, table_blk(a, kv), 71, 453);
    /* a key/value table breaks only after its 3rd row and before its last
     * two; its labels are at least semibold */
    size_t kv_rows = 0, kv_labels = 0;
    for (size_t i = 0; i < out3.n; i++) {
        const VItem *it = &out3.items[i];
        if (!is_body_row(it))
            continue;
        if (kv_rows > 0)
            assert_int_equal(it->penalty, kv_rows == 3 ? PEN_ALLOW : PEN_FORBID);
        kv_rows++;
        for (size_t k = 0; k < it->n_boxes; k++)
            if (it->boxes[k].kind == BOX_TEXT && it->boxes[k].x < 71 + 6) { /* the label column */
                assert_int_equal(it->boxes[k].font, FONT_SEMIBOLD);
                kv_labels++;
            }
    }
    assert_int_equal(kv_rows, 5);
    assert_int_equal(kv_labels, 5);
    /* without a header, a continuation page gets the table's top rule: an
     * item of no height holding one line across the table */
    for (size_t i = 0; i < out3.n; i++) {
        const VItem *it = &out3.items[i];
        assert_int_equal(it->n_repeat, 1);
        assert_float_equal(it->repeat->height, 0, EPS);
        assert_int_equal(it->repeat->n_boxes, 1);
        assert_int_equal(it->repeat->boxes[0].kind, BOX_LINE);
        assert_float_equal(it->repeat->boxes[0].x, 71, EPS);
        assert_float_equal(it->repeat->boxes[0].w, 453, EPS);
        assert_float_equal(it->repeat->boxes[0].y, 0, EPS);
    }
    Table *pl = table(a, "pl", TABLE_PLAIN, cols, 2, NULL);
    set_rows(a, pl, 5, body);
    VList out4 = {0};
    fmt_table(&fx->c, &out4, table_blk(a, pl), 71, 453);
    for (size_t i = 0; i < out4.n; i++)
        assert_null(out4.items[i].repeat); /* a plain table has no rules to repeat */
    const VList *lists[] = {&out2, &out3, &out4};
    for (size_t l = 0; l < 3; l++) {
        size_t lines = 0;
        for (size_t i = 0; i < lists[l]->n; i++) {
            const VItem *it = &lists[l]->items[i];
            for (size_t k = 0; k < it->n_boxes; k++) {
                assert_false(it->boxes[k].kind == BOX_RECT && same_color(it->boxes[k].color, fx->t.zebra));
                lines += it->boxes[k].kind == BOX_LINE || it->boxes[k].kind == BOX_RECT;
            }
        }
        if (l == 2)
            assert_int_equal(lines, 0); /* plain: no rules, no background */
        else
            assert_true(lines >= 5);
    }
}

static void test_row_link_and_elements(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    static const TableColumn cols[] = {{COL_AUTO, 0, ALIGN_LEFT}, {COL_FRACTION, 1, ALIGN_LEFT}};
    static const char *const body[] = {"3.1", "Wegweiser"};
    Table *t = table(a, "overview-3", TABLE_GRID, cols, 2, NULL);
    set_rows(a, t, 1, body);
    TableRow *rows = (TableRow *)t->rows;
    rows[0].key = "3.1";
    rows[0].link = (DocLink){DLINK_DEST, "measure:3.1"};
    VList out = {0};
    fmt_table(&fx->c, &out, table_blk(a, t), 71, 453);
    assert_int_equal(out.n, 1);
    const VItem *it = &out.items[0];
    assert_string_equal(row_id(it), "overview-3/3.1");
    bool link = false;
    for (size_t k = 0; k < it->n_links; k++)
        if (it->links[k].link.kind == DLINK_DEST && strcmp(it->links[k].link.target, "measure:3.1") == 0) {
            link = true;
            assert_float_equal(it->links[k].w, 453, EPS);
            assert_float_equal(it->links[k].h, it->height, EPS);
        }
    assert_true(link);
    for (size_t k = 0; k < it->n_elems; k++)
        if (it->elems[k].kind == EL_TABLE_ROW)
            assert_non_null(strstr(it->elems[k].text, "Wegweiser"));
}

static void test_progress_bar(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    Block b = {.kind = BLK_PROGRESS, .style = STYLE_TABLE, .percent = 60,
               .bar_color = {0.88f, 0.65f, 0.15f}};
    VList out = {0};
    fmt_progress(&fx->c, &out, &b, 100, 80);
    assert_int_equal(out.n, 1);
    const VItem *it = &out.items[0];
    const Box *track = NULL, *fill = NULL, *text = NULL;
    for (size_t k = 0; k < it->n_boxes; k++) {
        const Box *bx = &it->boxes[k];
        if (bx->kind == BOX_RECT && same_color(bx->color, b.bar_color))
            fill = bx;
        else if (bx->kind == BOX_RECT)
            track = bx;
        else if (bx->kind == BOX_TEXT)
            text = bx;
    }
    assert_non_null(track);
    assert_non_null(fill);
    assert_non_null(text);
    assert_float_equal(fill->w, track->w * 0.6f, EPS);
    assert_float_equal(track->x, 100, EPS);
    assert_true(text->x >= track->x + track->w);
    assert_float_equal(text->x + text->w, 180, EPS);
    assert_int_equal(text->len, strlen("60\xc2\xa0%"));
    assert_memory_equal(text->text, "60\xc2\xa0%", text->len);

    fx->doc.info.lang = LANG_EN;
    VList en = {0};
    fmt_progress(&fx->c, &en, &b, 100, 80);
    fx->doc.info.lang = LANG_DE;
    bool found = false;
    for (size_t k = 0; k < en.items[0].n_boxes; k++)
        if (en.items[0].boxes[k].kind == BOX_TEXT) {
            assert_int_equal(en.items[0].boxes[k].len, 3);
            assert_memory_equal(en.items[0].boxes[k].text, "60%", 3);
            found = true;
        }
    assert_true(found);

    /* in a table cell, the bar stays inside the cell */
    static const TableColumn cols[] = {{COL_FRACTION, 1, ALIGN_LEFT}, {COL_FIXED, 70, ALIGN_LEFT}};
    static const char *const body[] = {"Maßnahme", "x"};
    Table *t = table(a, "p", TABLE_GRID, cols, 2, NULL);
    set_rows(a, t, 1, body);
    const Block **bl = arena_alloc(a, sizeof *bl);
    bl[0] = &b;
    ((TableCell *)t->rows[0].cells)[1] = (TableCell){bl, 1};
    VList tv = {0};
    fmt_table(&fx->c, &tv, table_blk(a, t), 71, 453);
    size_t rects = 0;
    for (size_t k = 0; k < tv.items[0].n_boxes; k++) {
        const Box *bx = &tv.items[0].boxes[k];
        if (bx->kind == BOX_RECT && same_color(bx->color, b.bar_color)) {
            rects++;
            assert_true(bx->x >= 71 + 453 - 70 + 4 - EPS);
            assert_true(bx->y > 0 && bx->y + bx->h < tv.items[0].height);
        }
    }
    assert_int_equal(rects, 1);
}

static void test_bar_chart(void **state)
{
    Fixture *fx = *state;
    BarSeries bars[] = {
        {"Demokratiebildung und frühe Prävention in Schule und Jugendarbeit", {1, 4, 3, 2, 0}},
        {"Justiz und Justizvollzug", {0, 2, 1, 1, 1}},
    };
    BarChart ch = {.id = "chart-fields", .bars = bars, .n_bars = 2,
                   .legend = {"geplant", "in Umsetzung", "umgesetzt", "Daueraufgabe", "zurückgestellt"},
                   .colors = {{0.6f, 0.64f, 0.67f}, {0.88f, 0.65f, 0.15f}, {0.24f, 0.55f, 0.25f},
                              {0.18f, 0.44f, 0.7f}, {0.75f, 0.22f, 0.17f}}};
    Run cap = {.kind = RUN_TEXT, .text = "Abbildung 1: Maßnahmen nach Handlungsfeld und Status"};
    ch.caption = (Inlines){&cap, 1};
    Block b = {.kind = BLK_BARCHART, .chart = &ch};
    VList out = {0};
    fmt_chart(&fx->c, &out, &b, 71, 453);
    assert_true(out.n >= 4); /* caption, two bars, legend */
    float seg_w[2] = {0, 0};
    size_t bar = 0, squares = 0;
    for (size_t i = 0; i < out.n; i++) {
        const VItem *it = &out.items[i];
        bool chart = false;
        for (size_t k = 0; k < it->n_elems; k++)
            chart |= it->elems[k].kind == EL_CHART && strcmp(it->elems[k].id, "chart-fields") == 0;
        assert_true(chart);
        if (i > 0)
            assert_int_equal(it->penalty, PEN_FORBID);
        size_t rects = 0;
        for (size_t k = 0; k < it->n_boxes; k++) {
            const Box *bx = &it->boxes[k];
            assert_true(bx->kind == BOX_RECT || bx->kind == BOX_TEXT || bx->kind == BOX_LINE);
            if (bx->kind == BOX_RECT) {
                rects++;
                assert_true(bx->x + bx->w <= 71 + 453 + EPS);
                if (bar < 2)
                    seg_w[bar] += bx->w;
            }
        }
        if (rects == 4 && bar == 0)
            bar++;
        else if (rects == 4 && bar == 1)
            bar++;
        else if (rects == 5)
            squares = rects;
    }
    assert_int_equal(bar, 2);
    assert_int_equal(squares, 5);
    /* common scale: 10 and 5 measures */
    assert_float_equal(seg_w[1] * 2, seg_w[0], 0.05f);
}

/* A status mark: a square in the status colour standing on the baseline,
 * then the label in the table's text colour; it wraps in a narrow column and
 * an auto column is wide enough for mark and label on one line. */
static void test_status_mark(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    Color yellow = {0.88f, 0.65f, 0.15f};
    Run lbl = {.kind = RUN_TEXT, .text = "in Umsetzung"};
    Block b = {.kind = BLK_PROGRESS, .style = STYLE_TABLE, .percent = -1, .bar_color = yellow,
               .inl = {&lbl, 1}};
    VList out = {0};
    fmt_progress(&fx->c, &out, &b, 100, 120);
    assert_int_equal(out.n, 1);
    const VItem *it = &out.items[0];
    const Box *sq = NULL, *text = NULL;
    size_t rects = 0;
    for (size_t k = 0; k < it->n_boxes; k++) {
        const Box *bx = &it->boxes[k];
        if (bx->kind == BOX_RECT) {
            sq = bx;
            rects++;
        } else if (bx->kind == BOX_TEXT && !text) {
            text = bx;
        }
    }
    assert_int_equal(rects, 1);
    assert_non_null(sq);
    assert_non_null(text);
    assert_true(same_color(sq->color, yellow));
    assert_float_equal(sq->w, sq->h, EPS);
    assert_true(sq->h > 4 && sq->h < 8.5f);       /* about the capitals' height */
    assert_float_equal(sq->x, 100, EPS);
    assert_float_equal(sq->y + sq->h, text->y, EPS); /* on the baseline */
    assert_true(text->x > sq->x + sq->w + 2);
    assert_true(same_color(text->color, fx->t.styles[STYLE_TABLE].color));
    assert_memory_equal(text->text, "in", 2);

    /* narrow: the label wraps, the mark only on the first line */
    VList narrow = {0};
    fmt_progress(&fx->c, &narrow, &b, 100, 45);
    assert_int_equal(narrow.n, 2);
    for (size_t i = 0; i < narrow.n; i++)
        for (size_t k = 0; k < narrow.items[i].n_boxes; k++) {
            const Box *bx = &narrow.items[i].boxes[k];
            assert_true(bx->kind != BOX_RECT || i == 0);
            assert_true(bx->x + bx->w <= 145 + EPS);
        }
    assert_int_equal(narrow.items[1].penalty, PEN_FORBID);

    /* in a table's auto column: mark and label on one line, inside the cell */
    static const TableColumn cols[] = {{COL_FRACTION, 1, ALIGN_LEFT}, {COL_AUTO, 0, ALIGN_LEFT}};
    static const char *const body[] = {"Maßnahme", "x"};
    Table *t = table(a, "st", TABLE_GRID, cols, 2, NULL);
    set_rows(a, t, 1, body);
    const Block **bl = arena_alloc(a, sizeof *bl);
    bl[0] = &b;
    ((TableCell *)t->rows[0].cells)[1] = (TableCell){bl, 1};
    float *w = table_column_widths(&fx->c, t, 453);
    ParaStyle st = {.fonts = fx->c.fonts, .font = FONT_REGULAR, .size = 8.5f, .leading = 11.5f};
    float label_w = para_natural_width(&b.inl, &st, &fx->c.env);
    assert_true(w[1] >= label_w + sq->w + 2 * fx->t.table_padding);
    VList tv = {0};
    fmt_table(&fx->c, &tv, table_blk(a, t), 71, 453);
    assert_int_equal(tv.n, 1);
    float y = -1;
    for (size_t k = 0; k < tv.items[0].n_boxes; k++) {
        const Box *bx = &tv.items[0].boxes[k];
        if (bx->kind != BOX_TEXT || bx->x < 71 + w[0])
            continue;
        assert_true(y < 0 || bx->y == y);
        y = bx->y;
        assert_true(bx->x + bx->w <= 71 + 453 - fx->t.table_padding + EPS);
    }
    assert_true(y > 0);
    for (size_t k = 0; k < tv.items[0].n_elems; k++)
        if (tv.items[0].elems[k].kind == EL_TABLE_ROW)
            assert_non_null(strstr(tv.items[0].elems[k].text, "in Umsetzung"));
}

/* The header line of column j of a header item: its text boxes' strings, in order. */
static size_t header_lines(const VItem *it, float x0, float x1, char lines[][32], float *ys)
{
    size_t n = 0;
    for (size_t k = 0; k < it->n_boxes; k++) {
        const Box *bx = &it->boxes[k];
        if (bx->kind != BOX_TEXT || bx->x < x0 || bx->x >= x1)
            continue;
        if (n == 0 || bx->y != ys[n - 1]) {
            assert_true(n < 4);
            ys[n] = bx->y;
            lines[n][0] = '\0';
            n++;
        }
        size_t have = strlen(lines[n - 1]);
        size_t len = bx->len < 31 - have ? bx->len : 31 - have;
        memcpy(lines[n - 1] + have, bx->text, len);
        lines[n - 1][have + len] = '\0';
    }
    return n;
}

/* A table of counts: the number columns would squeeze the text column, so
 * their headers take two lines (long compounds hyphenated, short words not),
 * bottom-aligned with the one-line headers. */
static void test_count_headers_two_lines(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    TableColumn cols[7];
    cols[0] = (TableColumn){COL_FRACTION, 1, ALIGN_LEFT};
    for (int j = 1; j < 7; j++)
        cols[j] = (TableColumn){COL_AUTO, 0, ALIGN_RIGHT};
    static const char *const head[] = {"Handlungsfeld", "geplant",        "in Umsetzung", "umgesetzt",
                                       "Daueraufgabe",  "zurückgestellt", "Gesamt"};
    static const char *const body[] = {
        "1 Demokratiebildung und frühe Prävention in Schule und Jugendarbeit", "1", "4", "2", "3", "0", "10",
        "4 Justiz und Justizvollzug", "0", "2", "0", "2", "1", "5",
    };
    Table *t = table(a, "count", TABLE_GRID, cols, 7, head);
    set_rows(a, t, 2, body);
    float *w = table_column_widths(&fx->c, t, 453);
    float sum = 0;
    for (int j = 0; j < 7; j++)
        sum += w[j];
    assert_float_equal(sum, 453, 0.05f);
    assert_true(w[0] >= 453.0f / 3);
    ParaStyle hs = {.fonts = fx->c.fonts, .font = FONT_BOLD, .size = 8.5f, .leading = 11.5f};
    for (int j = 2; j < 6; j += 2) { /* "in Umsetzung", "Daueraufgabe" */
        Run r = {.kind = RUN_TEXT, .text = head[j]};
        Inlines inl = {&r, 1};
        assert_true(w[j] - 2 * fx->t.table_padding < para_natural_width(&inl, &hs, &fx->c.env));
    }

    VList out = {0};
    fmt_table(&fx->c, &out, table_blk(a, t), 71, 453);
    const VItem *h = NULL;
    for (size_t i = 0; i < out.n && !h; i++)
        if (row_id(&out.items[i]) && !strcmp(row_id(&out.items[i]), "count/header"))
            h = &out.items[i];
    assert_non_null(h);
    float x = 71, colx[8];
    for (int j = 0; j < 7; j++) {
        colx[j] = x;
        x += w[j];
    }
    colx[7] = x;
    char lines[4][32];
    float ys[4];
    size_t n = header_lines(h, colx[2], colx[3], lines, ys); /* in Umsetzung */
    assert_int_equal(n, 2);
    assert_string_equal(lines[0], "in");
    assert_string_equal(lines[1], "Umsetzung");
    float last = ys[1];
    n = header_lines(h, colx[5], colx[6], lines, ys);          /* zurückgestellt */
    assert_int_equal(n, 2);
    assert_string_equal(lines[0], "zurück-");
    assert_string_equal(lines[1], "gestellt");
    assert_float_equal(ys[1], last, EPS);
    n = header_lines(h, colx[1], colx[2], lines, ys);          /* geplant: one line, at the bottom */
    assert_int_equal(n, 1);
    assert_string_equal(lines[0], "geplant");
    assert_float_equal(ys[0], last, EPS);
    n = header_lines(h, colx[0], colx[1], lines, ys);
    assert_int_equal(n, 1);
    assert_float_equal(ys[0], last, EPS);
    /* the counts under them on one line, inside their columns */
    for (size_t i = 0; i < out.n; i++) {
        if (!is_body_row(&out.items[i]))
            continue;
        for (size_t k = 0; k < out.items[i].n_boxes; k++) {
            const Box *bx = &out.items[i].boxes[k];
            for (int j = 1; j < 7 && bx->kind == BOX_TEXT; j++)
                if (bx->x >= colx[j] && bx->x < colx[j + 1])
                    assert_float_equal(bx->x + bx->w, colx[j + 1] - fx->t.table_padding, 0.05f);
        }
    }
}

/* A plain table's header: in the text colour (there is no background to be
 * white on) with a rule below. */
static void test_plain_header(void **state)
{
    Fixture *fx = *state;
    Arena *a = fx->arena;
    static const TableColumn cols[] = {{COL_AUTO, 0, ALIGN_LEFT}, {COL_FRACTION, 1, ALIGN_LEFT}};
    static const char *const head[] = {"Abkürzung", "Bedeutung"};
    static const char *const body[] = {"IM", "Ministerium des Innern", "JM", "Ministerium der Justiz"};
    Table *t = table(a, "abbr", TABLE_PLAIN, cols, 2, head);
    set_rows(a, t, 2, body);
    VList out = {0};
    fmt_table(&fx->c, &out, table_blk(a, t), 71, 453);
    size_t texts = 0, rules = 0;
    for (size_t i = 0; i < out.n; i++) {
        const VItem *it = &out.items[i];
        bool header = row_id(it) && !strcmp(row_id(it), "abbr/header");
        for (size_t k = 0; k < it->n_boxes; k++) {
            const Box *bx = &it->boxes[k];
            assert_true(bx->kind != BOX_RECT);
            if (bx->kind == BOX_LINE) {
                assert_true(header);
                assert_float_equal(bx->y, it->height, EPS);
                rules++;
            }
            if (bx->kind == BOX_TEXT) {
                assert_true(same_color(bx->color, fx->t.styles[STYLE_TABLE].color));
                texts++;
            }
        }
    }
    assert_int_equal(rules, 1);
    assert_int_equal(texts, 2 + 2 * 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_widths_sum_to_table_width, setup, teardown),
        cmocka_unit_test_setup_teardown(test_widths_squeezed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_widths_random, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ministry_fits_narrow_auto_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_repeated_on_body_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_three_page_cell_splits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers_right_aligned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zebra_on_alternate_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_row_link_and_elements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_bar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bar_chart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_status_mark, setup, teardown),
        cmocka_unit_test_setup_teardown(test_count_headers_two_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_header, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
