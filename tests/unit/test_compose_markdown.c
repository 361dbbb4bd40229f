/* Markdown into blocks: numbering across parts, front matter, lists, links,
 * measure references, pictures, page breaks, positions. */
#include "test_compose_fixture.h"

#define NB "\xC2\xA0"

static const Block *heading(const FixBlocks *fb, int n)
{
    const Block *h = fix_nth(fb, BLK_HEADING, n);
    assert_non_null(h);
    return h;
}

static void assert_heading(Fix *f, const Block *h, int level, const char *number, const char *text)
{
    assert_int_equal(h->level, level);
    if (number) {
        assert_non_null(h->number);
        assert_string_equal(h->number, number);
    } else {
        assert_null(h->number);
    }
    assert_string_equal(fix_text(f, &h->inl), text);
    assert_true(h->keep_with_next);
}

static void numbering_across_parts(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "# Vorwort\n\nText.\n\n## Dank\n");
    fix_part_md(&f, "# Einleitung\n\n## Auftrag\n\n### Detail\n\n### Mehr\n\n## Zweites\n\n"
                    "### Drittes\n\n#### Klein\n\n###### Winzig\n");
    fix_part(&f, PART_MEASURES, "Umsetzungsstand");
    fix_part_md(&f, "# Ausblick\n\n## Weiter\n");
    fix_part(&f, PART_STATUS, "Statusübersicht");
    fix_part_md(&f, "# Geleitwort\n");
    fix_part(&f, PART_ABBREVIATIONS, "Abkürzungen");
    const Doc *d = fix_compose(&f);

    assert_true(d->n_blocks > 3);
    assert_int_equal(d->blocks[0]->kind, BLK_COVER);
    assert_int_equal(d->blocks[1]->kind, BLK_IMPRINT);
    assert_int_equal(d->blocks[2]->kind, BLK_TOC);
    assert_string_equal(d->date_text, "14." NB "November 2025");

    FixBlocks *fb = fix_collect(&f, d);
    const Block *h = heading(fb, 0);
    assert_heading(&f, h, 1, NULL, "Vorwort");
    assert_true(h->new_page && h->in_toc && h->in_outline);
    assert_string_equal(h->id, "vorwort");
    assert_string_equal(h->dest, "vorwort");
    assert_heading(&f, heading(fb, 1), 2, NULL, "Dank");
    assert_heading(&f, heading(fb, 2), 1, "1", "Einleitung");
    assert_heading(&f, heading(fb, 3), 2, "1.1", "Auftrag");
    assert_false(heading(fb, 3)->new_page);
    assert_heading(&f, heading(fb, 4), 3, "1.1.1", "Detail");
    assert_heading(&f, heading(fb, 5), 3, "1.1.2", "Mehr");
    assert_heading(&f, heading(fb, 6), 2, "1.2", "Zweites");
    assert_heading(&f, heading(fb, 7), 3, "1.2.1", "Drittes");
    h = heading(fb, 8);
    assert_heading(&f, h, 4, NULL, "Klein");
    assert_int_equal(h->style, STYLE_H4);
    assert_false(h->in_toc || h->in_outline || h->new_page);
    h = heading(fb, 9);
    assert_heading(&f, h, 6, NULL, "Winzig");
    assert_int_equal(h->style, STYLE_H4);
    assert_false(h->in_toc);
    /* generated parts are numbered chapters */
    h = heading(fb, 10);
    assert_heading(&f, h, 1, "2", "Umsetzungsstand");
    assert_string_equal(h->dest, "umsetzungsstand");
    assert_true(h->new_page);
    assert_heading(&f, heading(fb, 11), 1, "3", "Ausblick");
    assert_heading(&f, heading(fb, 12), 2, "3.1", "Weiter");
    assert_heading(&f, heading(fb, 13), 1, "4", "Statusübersicht");
    assert_heading(&f, heading(fb, 14), 1, NULL, "Geleitwort");
    assert_heading(&f, heading(fb, 15), 1, "5", "Abkürzungen");
    assert_int_equal(f.diags.errors, 0);
    fix_free(&f);
}

static void lists_nesting(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "- eins\n  - zwei\n    - drei\n- vier\n\n3. x\n4. y\n\n1) p\n");
    const Doc *d = fix_compose(&f);
    FixBlocks *fb = fix_collect(&f, d);

    const Block *l1 = fix_nth(fb, BLK_LIST, 0);
    assert_non_null(l1);
    assert_false(l1->ordered);
    assert_int_equal(l1->n_children, 2);
    const Block *i1 = l1->children[0];
    assert_int_equal(i1->kind, BLK_LIST_ITEM);
    assert_string_equal(i1->marker, "•");
    assert_int_equal(i1->n_children, 2); /* paragraph + nested list */
    assert_int_equal(i1->children[0]->kind, BLK_PARAGRAPH);
    assert_int_equal(i1->children[0]->style, STYLE_LIST);
    assert_string_equal(fix_text(&f, &i1->children[0]->inl), "eins");
    const Block *l2 = i1->children[1];
    assert_int_equal(l2->kind, BLK_LIST);
    assert_string_equal(l2->children[0]->marker, "–");
    const Block *l3 = l2->children[0]->children[1];
    assert_int_equal(l3->kind, BLK_LIST);
    assert_string_equal(l3->children[0]->marker, "•");
    assert_string_equal(fix_text(&f, &l3->children[0]->children[0]->inl), "drei");
    assert_string_equal(l1->children[1]->marker, "•");

    /* lists found depth-first: l1, l2, l3, then the ordered ones */
    const Block *ol = fix_nth(fb, BLK_LIST, 3);
    assert_non_null(ol);
    assert_true(ol->ordered);
    assert_int_equal(ol->n_children, 2);
    assert_string_equal(ol->children[0]->marker, "3.");
    assert_string_equal(ol->children[1]->marker, "4.");
    const Block *pl = fix_nth(fb, BLK_LIST, 4);
    assert_non_null(pl);
    assert_string_equal(pl->children[0]->marker, "1)");
    fix_free(&f);
}

static void measure_references(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "Siehe [](measure:1.1), [den Text](measure:1.2), [Kapitel](#einleitung) und "
                    "[*Web*](https://example.org).");
    const Doc *d = fix_compose(&f);
    const Block *p = fix_nth(fix_collect(&f, d), BLK_PARAGRAPH, 0);
    assert_string_equal(fix_text(&f, &p->inl),
                        "Siehe Maßnahme" NB "1.1 (S." NB "{page:measure:1.1}), den Text, Kapitel und Web.");
    const Run *r = p->inl.runs;
    assert_int_equal(r[0].link.kind, DLINK_NONE);
    assert_false(r[0].has_color);
    /* the generated label, the page reference and the closing bracket are linked */
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(r[i].link.kind, DLINK_DEST);
        assert_string_equal(r[i].link.target, "measure:1.1");
        assert_true(r[i].has_color);
        assert_true(r[i].color.b == f.tmpl.link.b);
        /* never hyphenated ("Maß-nahme"): layout breaks it only at its space */
        assert_int_equal(r[i].font, RF_NOHYPH);
    }
    assert_int_equal(r[0].font, 0);
    assert_int_equal(r[2].kind, RUN_PAGEREF);
    assert_string_equal(r[2].dest, "measure:1.1");
    assert_string_equal(r[3].text, ")");
    size_t i = 5;
    assert_string_equal(r[i].text, "den Text");
    assert_string_equal(r[i].link.target, "measure:1.2");
    assert_int_equal(r[i].font, 0); /* link text written by the author: as it is */
    i += 2;
    assert_string_equal(r[i].text, "Kapitel");
    assert_int_equal(r[i].link.kind, DLINK_DEST);
    assert_string_equal(r[i].link.target, "einleitung");
    i += 2;
    assert_string_equal(r[i].text, "Web");
    assert_int_equal(r[i].font, RF_ITALIC);
    assert_int_equal(r[i].link.kind, DLINK_URI);
    assert_string_equal(r[i].link.target, "https://example.org");
    fix_free(&f);

    fix_init(&f, LANG_EN);
    assert_string_equal(fix_para(&f, "See [](measure:3.10)."),
                        "See Measure" NB "3.10 (p." NB "{page:measure:3.10}).");
    fix_free(&f);
}

static void pictures(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "Text davor ![Struktur der \"IMAG\"](a.png) danach\n\n![Zweites](b.png)\n\n"
                    "![](c.png)\n");
    const Doc *d = fix_compose(&f);
    FixBlocks *fb = fix_collect(&f, d);
    assert_string_equal(fix_text(&f, &fix_nth(fb, BLK_PARAGRAPH, 0)->inl), "Text davor");
    assert_string_equal(fix_text(&f, &fix_nth(fb, BLK_PARAGRAPH, 1)->inl), "danach");
    assert_null(fix_nth(fb, BLK_PARAGRAPH, 2));
    const Block *img = fix_nth(fb, BLK_IMAGE, 0);
    assert_non_null(img);
    assert_ptr_equal(img->image, &f.image);
    assert_string_equal(fix_text(&f, &img->caption), "Abbildung" NB "1: Struktur der „IMAG“");
    /* document order: paragraph, picture, paragraph, picture */
    assert_int_equal(d->blocks[3]->kind, BLK_PARAGRAPH);
    assert_int_equal(d->blocks[4]->kind, BLK_IMAGE);
    assert_int_equal(d->blocks[5]->kind, BLK_PARAGRAPH);
    assert_int_equal(d->blocks[6]->kind, BLK_IMAGE);
    assert_string_equal(fix_text(&f, &d->blocks[6]->caption), "Abbildung" NB "2: Zweites");
    /* no alt text: the number alone */
    assert_string_equal(fix_text(&f, &d->blocks[7]->caption), "Abbildung" NB "3");
    fix_free(&f);
}

static void html_breaks_quotes_rules(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "a\n\n<!-- pagebreak -->\n\nb\n\n<div>weg</div>\n\nc <span>y</span>\n\n"
                    "<!-- pagebreak --> nicht allein\n\n> Zitat mit \"Text\"\n>\n> - Punkt\n\n---\n");
    const Doc *d = fix_compose(&f);
    FixBlocks *fb = fix_collect(&f, d);
    assert_non_null(fix_nth(fb, BLK_PAGEBREAK, 0));
    assert_null(fix_nth(fb, BLK_PAGEBREAK, 1));
    assert_int_equal(d->blocks[3]->kind, BLK_PARAGRAPH);
    assert_int_equal(d->blocks[4]->kind, BLK_PAGEBREAK);
    assert_string_equal(fix_text(&f, &fix_nth(fb, BLK_PARAGRAPH, 2)->inl), "c y");
    const Block *q = fix_nth(fb, BLK_QUOTE, 0);
    assert_non_null(q);
    assert_int_equal(q->style, STYLE_QUOTE);
    assert_int_equal(q->n_children, 2);
    assert_int_equal(q->children[0]->style, STYLE_QUOTE);
    assert_string_equal(fix_text(&f, &q->children[0]->inl), "Zitat mit „Text“");
    assert_int_equal(q->children[1]->kind, BLK_LIST);
    assert_non_null(fix_nth(fb, BLK_RULE, 0));
    fix_free(&f);
}

static void positions(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "# Titel\n\nErste Zeile\nZweite *Zeile*\n");
    const Doc *d = fix_compose(&f);
    FixBlocks *fb = fix_collect(&f, d);
    const Block *h = fix_nth(fb, BLK_HEADING, 0);
    assert_string_equal(h->pos.file, "rep/ch.md");
    assert_int_equal(h->pos.line, 1);
    const Block *p = fix_nth(fb, BLK_PARAGRAPH, 0);
    assert_int_equal(p->pos.line, 3);
    assert_int_equal(p->pos.col, 1);
    for (size_t i = 0; i < p->inl.n; i++)
        assert_string_equal(p->inl.runs[i].pos.file, "rep/ch.md");
    const Run *last = &p->inl.runs[p->inl.n - 1];
    assert_string_equal(last->text, "Zeile");
    assert_int_equal(last->pos.line, 4);
    assert_int_equal(last->pos.col, 9);
    fix_free(&f);

    /* one run per source line, even where a rule joins two lines */
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "Erste Zeile\nzweite z.\nB. dritte \"Zeile\"\n");
    d = fix_compose(&f);
    p = fix_nth(fix_collect(&f, d), BLK_PARAGRAPH, 0);
    assert_int_equal(p->inl.n, 3);
    assert_string_equal(p->inl.runs[0].text, "Erste Zeile ");
    assert_string_equal(p->inl.runs[1].text, "zweite z." NB);
    assert_string_equal(p->inl.runs[2].text, "B. dritte „Zeile“");
    for (int i = 0; i < 3; i++) {
        assert_int_equal(p->inl.runs[i].pos.line, i + 1);
        assert_int_equal(p->inl.runs[i].pos.col, 1);
    }
    fix_free(&f);
}

/* The short paragraphs that end a chapter (place and date, signatures) are
 * kept together and with the paragraph before them; nothing else is. */
static void chapter_closing_kept_together(void **state)
{
    (void)state;
    static const char long_para[] =
        "Wir danken allen, die an der Umsetzung mitwirken: den Fachkräften in Beratungsstellen, "
        "Schulen, Jugendeinrichtungen und Justizvollzugsanstalten, den Trägern der freien "
        "Jugendhilfe, den Moscheegemeinden und Migrantenorganisationen, den Kommunen und dem "
        "wissenschaftlichen Beirat.";
    Fix f;
    fix_init(&f, LANG_DE);
    Buf md = {0};
    buf_printf(&md, "# Vorwort\n\n%s\n\n%s\n\nDüsseldorf, im November 2025\n\n"
                    "**Ministerium des Innern**\\\nVorsitz der IMAG\n\n"
                    "**Ministerium für Schule und Bildung**\\\nVorsitz der IMAG\n\n"
                    "# Einleitung\n\n%s\n\n%s\n",
               long_para, long_para, long_para, long_para);
    fix_part_md(&f, md.data);
    buf_free(&md);
    const Doc *d = fix_compose(&f);
    FixBlocks *fb = fix_collect(&f, d);
    /* Vorwort: p0 p1 | date sig sig; Einleitung: p5 p6 */
    const Block *p[7];
    for (int i = 0; i < 7; i++) {
        p[i] = fix_nth(fb, BLK_PARAGRAPH, i);
        assert_non_null(p[i]);
    }
    assert_string_equal(fix_text(&f, &p[2]->inl), "Düsseldorf, im November 2025");
    assert_false(p[0]->keep_with_next);     /* an ordinary paragraph */
    assert_true(p[1]->keep_with_next);      /* the one before the closing */
    assert_true(p[2]->keep_with_next);      /* place and date */
    assert_true(p[3]->keep_with_next);      /* first signature */
    assert_false(p[4]->keep_with_next);     /* the last one: the chapter ends */
    assert_false(p[5]->keep_with_next);     /* a chapter ending in long paragraphs */
    assert_false(p[6]->keep_with_next);
    fix_free(&f);

    /* short paragraphs right after the heading: kept together, the heading
     * keeps with them by itself; a chapter ending in a list: nothing kept */
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "# Kapitel\n\nKurz eins.\n\nKurz zwei.\n\n# Liste\n\nKurz drei.\n\n- a\n- b\n");
    d = fix_compose(&f);
    fb = fix_collect(&f, d);
    assert_true(fix_nth(fb, BLK_PARAGRAPH, 0)->keep_with_next);
    assert_false(fix_nth(fb, BLK_PARAGRAPH, 1)->keep_with_next);
    assert_false(fix_nth(fb, BLK_PARAGRAPH, 2)->keep_with_next);
    fix_free(&f);
}

static const char *cell_str(Fix *f, const TableRow *row, size_t j)
{
    assert_int_equal(row->cells[j].n_blocks, 1);
    return fix_text(f, &row->cells[j].blocks[0]->inl);
}

/* Pipe tables: caption line above, source line below, alignment from the
 * delimiter row (numbers right without one), formatting and measure links in
 * cells, the caption in the report's table sequence. */
static void pipe_tables(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part_md(&f, "# Lagebild\n\nTabelle: Fälle nach \"Feld\"\n"
                    "| Feld | Maßnahme | Fälle |\n|:--|:-:|---|\n"
                    "| *Schule* | [](measure:1.1) | 1.234 |\n| Familie | x | 12 |\n\n"
                    "Quelle: LKA NRW, [Lagebild](https://lka.polizei.nrw)\n\n"
                    "| a | b |\n|---|---|\n| lang genug für eine Textspalte mit Umbruch | 2 |\n\nText.\n\n"
                    "Quelle: steht nicht unter einer Tabelle\n");
    const Doc *d = fix_compose(&f);
    FixBlocks *fb = fix_collect(&f, d);
    const Block *b = fix_nth(fb, BLK_TABLE, 0);
    assert_non_null(b);
    const Table *t = b->table;
    assert_string_equal(t->id, "table-1");
    assert_string_equal(fix_text(&f, &t->caption), "Tabelle" NB "1: Fälle nach „Feld“");
    assert_string_equal(fix_text(&f, &t->source), "Quelle: LKA NRW, Lagebild");
    assert_int_equal(t->n_cols, 3);
    assert_int_equal(t->cols[0].align, ALIGN_LEFT);
    assert_int_equal(t->cols[1].align, ALIGN_CENTER);
    assert_int_equal(t->cols[2].align, ALIGN_RIGHT);
    assert_non_null(t->header);
    assert_string_equal(cell_str(&f, t->header, 2), "Fälle");
    assert_int_equal(t->header->cells[0].blocks[0]->style, STYLE_TABLE_HEADER);
    assert_int_equal(t->n_rows, 2);
    assert_string_equal(cell_str(&f, &t->rows[0], 0), "Schule");
    assert_int_equal(t->rows[0].cells[0].blocks[0]->inl.runs[0].font & RF_ITALIC, RF_ITALIC);
    assert_string_equal(cell_str(&f, &t->rows[0], 1), "Maßnahme" NB "1.1 (S." NB "{page:measure:1.1})");
    assert_string_equal(cell_str(&f, &t->rows[1], 2), "12");
    assert_int_equal(t->rows[1].cells[0].blocks[0]->pos.line, 7);
    assert_int_equal(t->rows[1].cells[0].blocks[0]->pos.col, 3);
    /* no caption: no number, an id from the position; the text column shares the width */
    t = fix_nth(fb, BLK_TABLE, 1)->table;
    assert_int_equal(t->caption.n, 0);
    assert_int_equal(t->source.n, 0);
    assert_string_equal(t->id, "table-rep/ch.md-11");
    assert_int_equal(t->cols[0].width_kind, COL_FRACTION);
    assert_int_equal(t->cols[1].width_kind, COL_AUTO);
    assert_int_equal(t->cols[1].align, ALIGN_RIGHT);
    /* the caption and source paragraphs are the table's; the last one is text */
    const Block *p = fix_nth(fb, BLK_PARAGRAPH, 1);
    assert_non_null(p);
    assert_string_equal(fix_text(&f, &p->inl), "Quelle: steht nicht unter einer Tabelle");
    assert_null(fix_nth(fb, BLK_PARAGRAPH, 2));
    assert_int_equal(f.diags.errors, 0);
    fix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbering_across_parts),
        cmocka_unit_test(lists_nesting),
        cmocka_unit_test(measure_references),
        cmocka_unit_test(pictures),
        cmocka_unit_test(html_breaks_quotes_rules),
        cmocka_unit_test(positions),
        cmocka_unit_test(chapter_closing_kept_together),
        cmocka_unit_test(pipe_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
