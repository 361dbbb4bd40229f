/* Odd Markdown never yields a malformed tree: every text run has valid UTF-8
 * text, every page reference and link a target, no paragraph is empty, heading
 * levels stay in 1..6, list items have markers. */
#include "test_compose_fixture.h"

#include "base/utf8.h"

static void check_inlines(const Inlines *inl, bool allow_empty)
{
    if (!allow_empty)
        assert_true(inl->n > 0);
    for (size_t i = 0; i < inl->n; i++) {
        const Run *r = &inl->runs[i];
        switch (r->kind) {
        case RUN_TEXT:
            assert_non_null(r->text);
            assert_true(utf8_find_invalid(r->text, strlen(r->text)) == (size_t)-1);
            break;
        case RUN_PAGEREF:
            assert_non_null(r->dest);
            assert_true(r->dest[0] != '\0');
            break;
        case RUN_BREAK:
            break;
        default:
            fail_msg("unknown run kind %d", (int)r->kind);
        }
        if (r->link.kind != DLINK_NONE)
            assert_non_null(r->link.target);
        assert_non_null(r->pos.file);
    }
}

static void check_block(const Block *b)
{
    if (!b->pos.file)
        fail_msg("block kind %d (id %s) has no position", (int)b->kind, b->id ? b->id : "-");
    switch (b->kind) {
    case BLK_HEADING:
        assert_true(b->level >= 1 && b->level <= 6);
        check_inlines(&b->inl, true);
        break;
    case BLK_PARAGRAPH:
        check_inlines(&b->inl, false);
        break;
    case BLK_CODE:
        assert_int_equal(b->inl.n, 1);
        check_inlines(&b->inl, false);
        break;
    case BLK_LIST_ITEM:
        assert_non_null(b->marker);
        break;
    case BLK_LIST:
        for (size_t i = 0; i < b->n_children; i++)
            assert_int_equal(b->children[i]->kind, BLK_LIST_ITEM);
        break;
    case BLK_IMAGE:
        assert_non_null(b->image);
        check_inlines(&b->caption, false);
        break;
    default:
        break;
    }
    for (size_t i = 0; i < b->n_children; i++)
        check_block(b->children[i]);
}

static const char *const inputs[] = {
    "",
    "\n\n\n",
    "[](https://example.org) [](#kapitel) [](measure:9.9)",
    "# ![Bild im Titel](x.png)",
    "# \"Zitat\" im *Titel*\n\n## `Code` im Untertitel",
    "> - a\n>   > ```\n>   > code\n>   > ```\n> - b\n>\n>   1. c\n",
    "- \n- \n-\n",
    "1. ![nur ein Bild](a.png)\n2. text ![b](b.png) text",
    "\"\"\"'''\"\"\" ' \" '' \"",
    "***fett kursiv*** **fett *beides* fett** `a\"b` [**link**](measure:1.1)",
    "Zeile mit Umbruch  \n  \nund <b>HTML</b> <!-- pagebreak -->",
    "<!-- pagebreak -->",
    "Text ... - -- --- ---- z. B. 25% § 9 ...",
    "![]()",
    "[a [b] c](https://x.y/\"q\")",
    "    eingerückter Code \"x\"\n\n~~~\n\n~~~\n",
    "###### sechs\n####### sieben\n",
    "\xC3\xA4\xC3\xB6\xC3\xBC \"\xC3\x9F\" 'x'",
    "a\\\nb\\\n",
};

static void odd_markdown(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof inputs / sizeof *inputs; k++) {
        for (int lang = LANG_DE; lang <= LANG_EN; lang++) {
            Fix f;
            fix_init(&f, (Lang)lang);
            fix_part_md(&f, inputs[k]);
            /* the same text as embedded Markdown too (a field's intro) */
            SrcPos pos = {"rep/m.yaml", 3, 5};
            Field field = {"1", "Feld", "feld", fix_md(&f, inputs[k]), NULL, 0, pos, pos};
            f.r.fields = &field;
            f.r.n_fields = 1;
            fix_part(&f, PART_MEASURES, "Maßnahmen");
            const Doc *d = fix_compose(&f);
            for (size_t i = 0; i < d->n_blocks; i++)
                check_block(d->blocks[i]);
            fix_free(&f);
        }
    }
}

static void empty_report(void **state)
{
    (void)state;
    Fix f;
    fix_init(&f, LANG_DE);
    fix_part(&f, PART_MEASURES, "Maßnahmen");
    fix_part(&f, PART_STATUS, "Status");
    fix_part(&f, PART_ABBREVIATIONS, "Abkürzungen");
    const Doc *d = fix_compose(&f);
    FixBlocks *fb = fix_collect(&f, d);
    /* with no fields and no measures the tables are there, with totals of 0 */
    const Block *t = fix_by_id(fb, "status-by-field");
    assert_non_null(t);
    assert_int_equal(t->table->n_rows, 1);
    assert_string_equal(fix_cell(&f, &t->table->rows[0].cells[STATUS_COUNT + 1]), "0");
    t = fix_by_id(fb, "abbreviations");
    assert_non_null(t);
    assert_int_equal(t->table->n_rows, 0);
    assert_null(d->period_text);
    fix_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(odd_markdown),
        cmocka_unit_test(empty_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
