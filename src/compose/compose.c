/* compose.c — the document tree: cover, imprint, contents, then the parts in
 * the order of report.yaml. Numbering of chapters, tables and figures runs
 * across the whole report. */
#include <string.h>

#include "internal.h"

static DocInfo typographic_info(Ctx *c, const DocInfo *in)
{
    DocInfo info = *in;
    info.title = typo_string(c, in->title);
    info.subtitle = typo_string(c, in->subtitle);
    info.issuer = typo_string(c, in->issuer);
    info.publisher = typo_string(c, in->publisher);
    info.version = typo_string(c, in->version);
    return info;
}

static void front_pages(Ctx *c, Doc *d, BlockVec *out)
{
    SrcPos pos = {c->r->dir, 0, 0};
    Block *cover = blk_new(c, BLK_COVER, STYLE_COVER_TITLE, pos);
    cover->id = "cover";
    cover->inl = inl_text(c, d->info.title, 0, pos);
    blocks_push(out, cover);

    Block *imprint = blk_new(c, BLK_IMPRINT, STYLE_IMPRINT, pos);
    imprint->id = "imprint";
    imprint->inl = inl_text(c, label(c, LBL_IMPRINT), 0, pos);
    blocks_push(out, imprint);

    Block *toc = blk_new(c, BLK_TOC, STYLE_TOC_TITLE, pos);
    toc->id = "contents";
    toc->new_page = true;
    toc->inl = inl_text(c, label(c, LBL_CONTENTS), 0, pos);
    blocks_push(out, toc);
}

const Doc *compose_document(const Report *r, Arena *arena, Diags *diags)
{
    Ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.t = r->tmpl;
    c.lang = r->info.lang;
    c.a = arena;
    c.diags = diags;
    c.ministry_full = arena_calloc(arena, r->n_ministries + 1, sizeof *c.ministry_full);

    Doc *d = arena_alloc(arena, sizeof *d);
    d->info = typographic_info(&c, &r->info);
    d->tmpl = r->tmpl;
    d->logo = r->logo;
    d->logo_alt = d->info.issuer; /* the logo stands for the issuer */
    d->date_text = fmt_date_text(&c, r->info.date);
    if (r->period_start.year && r->period_end.year)
        d->period_text = label_fill(&c, LBL_PERIOD, "start", fmt_date_text(&c, r->period_start),
                                    "end", fmt_date_text(&c, r->period_end), STR_END);

    BlockVec out = {0};
    front_pages(&c, d, &out);
    for (size_t i = 0; i < r->n_parts; i++) {
        const Part *p = &r->parts[i];
        switch (p->kind) {
        case PART_MARKDOWN:
            md_compose(&c, p->md, MD_CHAPTER, &out);
            break;
        case PART_MEASURES:
            compose_measures(&c, p, &out);
            break;
        case PART_STATUS:
            compose_status(&c, p, &out);
            break;
        case PART_ABBREVIATIONS:
            compose_abbreviations(&c, p, &out);
            break;
        case PART_CHANGES:
            compose_changes(&c, p, &out);
            break;
        }
    }
    d->blocks = blocks_finish(&c, &out, &d->n_blocks);
    return d;
}
