/* Unit tests: YAML into nodes — positions, BOM/CRLF, duplicate keys, limits,
 * block scalars, readable syntax errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "load/internal.h"

typedef struct Fx {
    Arena *a;
    Diags d;
} Fx;

static int setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    fx->a = arena_new();
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fx *fx = *state;
    diags_free(&fx->d);
    arena_free(fx->a);
    free(fx);
    return 0;
}

static Node *parse(Fx *fx, const char *src)
{
    return yaml_parse(fx->a, &fx->d, "t.yaml", src, strlen(src));
}

static void test_positions(void **state)
{
    Fx *fx = *state;
    Node *r = parse(fx, "title: Bericht\nlist:\n  - eins\n  - \"zwei\"\nüber: ä x\n");
    assert_non_null(r);
    assert_int_equal(fx->d.errors, 0);
    assert_int_equal(r->kind, NODE_MAP);
    assert_int_equal(r->n, 3);
    const Node *t = map_get(r, "title");
    assert_string_equal(t->text, "Bericht");
    assert_int_equal(t->pos.line, 1);
    assert_int_equal(t->pos.col, 8);
    const Node *l = map_get(r, "list");
    assert_int_equal(l->kind, NODE_SEQ);
    assert_int_equal(l->n, 2);
    assert_int_equal(l->items[1]->pos.line, 4);
    assert_int_equal(l->items[1]->pos.col, 5);
    assert_int_equal(l->items[1]->style, SCALAR_DOUBLE);
    /* columns count characters, not bytes: "über: " is 6 characters */
    const Node *u = map_get(r, "über");
    assert_non_null(u);
    assert_int_equal(u->pos.line, 5);
    assert_int_equal(u->pos.col, 7);
    assert_int_equal(r->keys[2]->pos.col, 1);
}

static void test_bom_crlf(void **state)
{
    Fx *fx = *state;
    Node *r = parse(fx, "\xEF\xBB\xBFtitle: A\r\nissuer: B\r\nx:\r\n  y: \xC3\xA4\r\n");
    assert_non_null(r);
    assert_int_equal(fx->d.errors, 0);
    assert_int_equal(r->keys[0]->pos.line, 1);
    assert_int_equal(r->keys[0]->pos.col, 1); /* the BOM is no column */
    const Node *i = map_get(r, "issuer");
    assert_int_equal(i->pos.line, 2);
    assert_int_equal(i->pos.col, 9);
    assert_string_equal(i->text, "B");
    const Node *y = map_get(map_get(r, "x"), "y");
    assert_int_equal(y->pos.line, 4);
    assert_int_equal(y->pos.col, 6);
    /* src_pos_of agrees on a byte offset after the BOM and CRLFs */
    const char *src = "\xEF\xBB\xBFtitle: A\r\nissuer: B\r\n";
    SrcPos p = src_pos_of("t", src, strlen(src), strlen(src) - 3);
    assert_int_equal(p.line, 2);
    assert_int_equal(p.col, 9);
}

static void test_duplicate_key(void **state)
{
    Fx *fx = *state;
    Node *r = parse(fx, "title: A\nissuer: B\ntitle: C\n");
    assert_non_null(r);
    assert_int_equal(fx->d.errors, 1);
    assert_int_equal(fx->d.items[0].pos.line, 3);
    assert_int_equal(fx->d.items[0].pos.col, 1);
    assert_string_equal(fx->d.items[0].msg, "duplicate key 'title' (first given on line 1)");
    /* the first value is kept */
    assert_string_equal(map_get(r, "title")->text, "A");
    assert_int_equal(r->n, 2);
}

static void test_alias_bomb_bounded(void **state)
{
    Fx *fx = *state;
    Buf b = {0};
    buf_puts(&b, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'p'; c++) {
        buf_printf(&b, "%c: &%c [", c, c);
        for (int i = 0; i < 10; i++)
            buf_printf(&b, "%s*%c", i ? ", " : "", c - 1);
        buf_puts(&b, "]\n");
    }
    Node *r = parse(fx, b.data);
    buf_free(&b);
    assert_null(r);
    assert_int_equal(fx->d.errors, 1);
    assert_non_null(strstr(fx->d.items[0].msg, "too many values"));
    /* bounded work: the expansion stops before it fills a megabyte */
    assert_true(arena_used(fx->a) < 1024 * 1024);
}

static void test_alias_count_limit(void **state)
{
    Fx *fx = *state;
    Buf b = {0};
    buf_puts(&b, "a: &a x\nb: [");
    for (int i = 0; i < LOAD_MAX_ALIASES + 1; i++)
        buf_printf(&b, "%s*a", i ? "," : "");
    buf_puts(&b, "]\n");
    Node *r = parse(fx, b.data);
    buf_free(&b);
    assert_null(r);
    assert_int_equal(fx->d.errors, 1);
    assert_non_null(strstr(fx->d.items[0].msg, "too many aliases"));
}

static void test_alias_shared(void **state)
{
    Fx *fx = *state;
    Node *r = parse(fx, "base: &b {x: 1}\nother: *b\n");
    assert_non_null(r);
    assert_ptr_equal(map_get(r, "base"), map_get(r, "other"));
    assert_int_equal(fx->d.errors, 0);
}

static void test_depth_limit(void **state)
{
    Fx *fx = *state;
    char src[512];
    int n = LOAD_MAX_DEPTH + 1;
    int k = 0;
    k += snprintf(src + k, sizeof src - (size_t)k, "x: ");
    for (int i = 0; i < n; i++)
        src[k++] = '[';
    for (int i = 0; i < n; i++)
        src[k++] = ']';
    src[k++] = '\n';
    src[k] = '\0';
    assert_null(parse(fx, src));
    assert_int_equal(fx->d.errors, 1);
    assert_non_null(strstr(fx->d.items[0].msg, "nesting too deep"));
    /* exactly the limit is fine */
    Diags d2 = {0};
    k = snprintf(src, sizeof src, "x: ");
    for (int i = 0; i < LOAD_MAX_DEPTH - 1; i++)
        src[k++] = '[';
    for (int i = 0; i < LOAD_MAX_DEPTH - 1; i++)
        src[k++] = ']';
    src[k++] = '\n';
    src[k] = '\0';
    assert_non_null(yaml_parse(fx->a, &d2, "t", src, strlen(src)));
    assert_int_equal(d2.errors, 0);
    diags_free(&d2);
}

static void test_block_scalar(void **state)
{
    Fx *fx = *state;
    Node *r = parse(fx, "m:\n  description: |\n    Erste Zeile\n\n    **Zweite**\n  next: >\n"
                        "    gefaltet\n    weiter\n\n    neu\nend: 1\n");
    assert_non_null(r);
    const Node *d = map_get(map_get(r, "m"), "description");
    assert_int_equal(d->style, SCALAR_LITERAL);
    assert_int_equal(d->block_line, 3);
    assert_int_equal(d->block_indent, 4);
    assert_string_equal(d->text, "Erste Zeile\n\n**Zweite**\n");
    const Node *f = map_get(map_get(r, "m"), "next");
    assert_int_equal(f->style, SCALAR_FOLDED);
    assert_int_equal(f->block_line, 7);
    assert_int_equal(f->block_indent, 4);
    /* folded scalars keep their lines for Markdown */
    assert_string_equal(f->raw, "gefaltet\nweiter\n\nneu\n");
}

static void test_unclosed_quote(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "a: 1\ntitle: \"Bericht\nissuer: x\n"));
    assert_int_equal(fx->d.errors, 1);
    assert_int_equal(fx->d.items[0].pos.line, 2);
    assert_int_equal(fx->d.items[0].pos.col, 8);
    assert_non_null(strstr(fx->d.items[0].msg, "unclosed quote"));
}

static void test_unclosed_quote_closed_later(void **state)
{
    Fx *fx = *state;
    /* the string runs on to the next quote, and the error comes after it */
    assert_null(parse(fx, "title: \"Bericht\nissuer: IMAG\nversion: \"1.0\"\n"));
    assert_int_equal(fx->d.errors, 1);
    assert_int_equal(fx->d.items[0].pos.line, 1);
    assert_int_equal(fx->d.items[0].pos.col, 8);
    assert_non_null(strstr(fx->d.items[0].msg, "closing quote missing"));
}

static void test_tab_indent(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "a:\n\tb: 1\n"));
    assert_int_equal(fx->d.errors, 1);
    assert_int_equal(fx->d.items[0].pos.line, 2);
    assert_int_equal(fx->d.items[0].pos.col, 1);
    assert_non_null(strstr(fx->d.items[0].msg, "tab"));
}

static void test_syntax_error_readable(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "title: Bericht: Teil 1\n"));
    assert_int_equal(fx->d.errors, 1);
    assert_int_equal(fx->d.items[0].pos.line, 1);
    assert_int_equal(fx->d.items[0].pos.col, 15);
    assert_non_null(strstr(fx->d.items[0].msg, "quotes"));
}

static void test_empty_and_second_document(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "# only a comment\n"));
    assert_int_equal(fx->d.errors, 0);
    assert_null(parse(fx, "a: 1\n---\nb: 2\n"));
    assert_int_equal(fx->d.errors, 1);
    assert_int_equal(fx->d.items[0].pos.line, 2);
}

static void test_complex_key(void **state)
{
    Fx *fx = *state;
    assert_null(parse(fx, "? [a, b]\n: c\n"));
    assert_int_equal(fx->d.errors, 1);
    assert_non_null(strstr(fx->d.items[0].msg, "key must be plain text"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bom_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_bomb_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_count_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_shared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_block_scalar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unclosed_quote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unclosed_quote_closed_later, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tab_indent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syntax_error_readable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_second_document, setup, teardown),
        cmocka_unit_test_setup_teardown(test_complex_key, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
