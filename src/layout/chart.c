/* chart.c — horizontal stacked bar charts (BLK_BARCHART) into vertical items:
 * the caption, one unbreakable item per bar (label, segments in the status
 * colours on a common scale, counts inside, the total at the end) and a
 * legend. Vector boxes only. */
#include <stdio.h>
#include <string.h>

#include "table.h"

/* Relative luminance, to choose white or dark text on a segment. */
static float luminance(Color c)
{
    return 0.2126f * c.r + 0.7152f * c.g + 0.0722f * c.b;
}

void fmt_chart(LCtx *c, VList *out, const Block *b, float x, float width)
{
    const BarChart *ch = b->chart;
    if (!ch)
        return;
    const Template *tp = c->t;
    const TextStyle *ts = &tp->styles[STYLE_TABLE];
    const Font *font = c->fonts[ts->font];
    const Font *bold = c->fonts[FONT_SEMIBOLD] ? c->fonts[FONT_SEMIBOLD] : font;
    const char *cid = ch->id ? ch->id : b->id ? b->id : "chart";

    VElem el = tbl_caption_elem(c, b, EL_CHART, cid, &ch->caption, x, width);
    el.chart = ch;

    const TextStyle *cs = &tp->styles[STYLE_CAPTION];
    bool has_caption = ch->caption.n > 0;
    if (has_caption) {
        uint32_t figure = c->node;
        c->node = tags_node(c->tags, ch, TR_CAPTION, ST_CAPTION, figure, NULL);
        tbl_para_items(c, out, &ch->caption, STYLE_CAPTION, x, width, cs->space_before, PEN_ALLOW,
                       PEN_FORBID, &el);
        c->node = figure;
    }

    int max_total = 0;
    for (size_t i = 0; i < ch->n_bars; i++) {
        int tot = 0;
        for (int s = 0; s < STATUS_COUNT; s++)
            tot += ch->bars[i].counts[s] > 0 ? ch->bars[i].counts[s] : 0;
        if (tot > max_total)
            max_total = tot;
    }
    char buf[32];
    snprintf(buf, sizeof buf, "%d", max_total);
    float total_room = (bold ? font_text_width(bold, buf, strlen(buf), ts->size) : ts->size * 2) + 6;
    /* the labels' column: as wide as the longest label, at most 35 % of the width */
    ParaStyle lst = tbl_style(c, STYLE_TABLE, ALIGN_LEFT);
    float label_w = width * 0.12f;
    for (size_t i = 0; i < ch->n_bars; i++) {
        Run run = {.kind = RUN_TEXT, .text = ch->bars[i].label ? ch->bars[i].label : ""};
        Inlines inl = {.runs = &run, .n = 1};
        float nat = para_natural_width(&inl, &lst, &c->env) + 1;
        if (nat > label_w)
            label_w = nat;
    }
    if (label_w > width * 0.35f)
        label_w = width * 0.35f;
    float gap = 8;
    float bar_x = x + label_w + gap;
    float bar_w = width - label_w - gap - total_room;
    if (bar_w < 20)
        bar_w = 20;
    float bar_h = ts->leading + 2;
    float vpad = 3;
    float base_in_bar = bar_h / 2 + (font ? (float)font_cap_height(font) * ts->size / 2000.0f : ts->size * 0.35f);

    for (size_t i = 0; i < ch->n_bars; i++) {
        const BarSeries *bs = &ch->bars[i];
        TblAcc k = tbl_acc(c);
        /* the label, ragged, possibly on several lines */
        Run run = {.kind = RUN_TEXT, .text = bs->label ? bs->label : ""};
        Inlines inl = {.runs = &run, .n = 1};
        ParaResult pr = para_set(&inl, &lst, label_w, &c->env, c->arena);
        float label_h = (float)pr.n_lines * lst.leading;
        float h = (label_h > bar_h ? label_h : bar_h) + 2 * vpad;
        float ly = (h - label_h) / 2;
        for (size_t l = 0; l < pr.n_lines; l++)
            tbl_line(&k, &pr.lines[l], &lst, x, label_w, ly + (float)l * lst.leading);
        float by = (h - bar_h) / 2;
        /* axis */
        Box *ax = tbl_box(&k);
        ax->kind = BOX_LINE;
        ax->x = bar_x;
        ax->y = 0;
        ax->w = 0;
        ax->h = h;
        ax->color = tp->rule;
        ax->line_width = tp->rule_width;
        /* segments */
        float sx = bar_x;
        int total = 0;
        for (int s = 0; s < STATUS_COUNT; s++) {
            int n = bs->counts[s];
            if (n <= 0)
                continue;
            total += n;
            float sw = max_total > 0 ? bar_w * (float)n / (float)max_total : 0;
            tbl_rect(&k, sx, by, sw, bar_h, ch->colors[s]);
            if (sx > bar_x) {   /* a hairline of white between segments */
                Box *sep = tbl_box(&k);
                sep->kind = BOX_LINE;
                sep->x = sx;
                sep->y = by;
                sep->h = bar_h;
                sep->color = (Color){1, 1, 1};
                sep->line_width = 0.75f;
            }
            snprintf(buf, sizeof buf, "%d", n);
            float tw = font ? font_text_width(font, buf, strlen(buf), ts->size) : ts->size;
            if (tw + 4 <= sw) {
                Color tc = luminance(ch->colors[s]) < 0.55f ? (Color){1, 1, 1} : ts->color;
                tbl_text(&k, sx + (sw - tw) / 2, by + base_in_bar, arena_strdup(c->arena, buf),
                         strlen(buf), ts->font, ts->size, tw, tc);
            }
            sx += sw;
        }
        snprintf(buf, sizeof buf, "%d", total);
        float tw = bold ? font_text_width(bold, buf, strlen(buf), ts->size) : ts->size;
        tbl_text(&k, sx + 4, by + base_in_bar, arena_strdup(c->arena, buf), strlen(buf),
                 bold == font ? ts->font : FONT_SEMIBOLD, ts->size, tw, ts->color);
        VElem *e = tbl_elem(&k);
        *e = el;
        e->h = h;
        tbl_emit(c, out, &k, h, i == 0 ? (has_caption ? cs->space_after : cs->space_before) : 0,
                 i == 0 ? (has_caption ? PEN_FORBID : PEN_ALLOW) : PEN_FORBID);
    }

    /* legend: colour squares and labels, wrapped onto as many lines as needed */
    float sq = ts->size * 0.85f;
    float legend_w = 0;
    for (int s = 0; s < STATUS_COUNT; s++)
        if (ch->legend[s])
            legend_w += sq + 4 + (font ? font_text_width(font, ch->legend[s], strlen(ch->legend[s]), ts->size)
                                       : ts->size * 5) + 12;
    /* under the bars when it fits on one line there, else from the left edge */
    float lx = legend_w - 12 <= x + width - bar_x ? bar_x : x, line = 0;
    float legend_x = lx;
    float lead = ts->leading + 2;
    TblAcc k = tbl_acc(c);
    bool any = false;
    for (int s = 0; s < STATUS_COUNT; s++) {
        const char *lab = ch->legend[s];
        if (!lab)
            continue;
        float tw = font ? font_text_width(font, lab, strlen(lab), ts->size) : ts->size * 5;
        float need = sq + 4 + tw;
        if (any && lx + need > x + width) {
            lx = legend_x;
            line += lead;
        }
        float base = line + tbl_baseline(&lst) + 1;
        float cap = font ? (float)font_cap_height(font) * ts->size / 1000.0f : sq;
        tbl_rect(&k, lx, base - cap / 2 - sq / 2, sq, sq, ch->colors[s]);
        tbl_text(&k, lx + sq + 4, base, lab, strlen(lab), ts->font, ts->size, tw, ts->color);
        lx += need + 12;
        any = true;
    }
    if (any) {
        VElem *e = tbl_elem(&k);
        *e = el;
        e->h = line + lead;
        tbl_emit(c, out, &k, line + lead, 6, PEN_FORBID);
    }
}
