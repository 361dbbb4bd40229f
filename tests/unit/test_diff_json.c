/* test_diff_json.c — the diff's own JSON parser: values, escapes, UTF-8,
 * and every kind of malformed input refused with its line and column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "diff/internal.h"

static const JsonValue *parse(Arena *a, const char *text)
{
    char err[256] = "";
    int line = 0, col = 0;
    const JsonValue *v = json_parse(text, strlen(text), a, err, sizeof err, &line, &col);
    if (!v)
        fail_msg("'%s' did not parse: %d:%d: %s", text, line, col, err);
    return v;
}

/* Expects an error at line:col mentioning `reason`. */
static void parse_fails_n(const char *text, size_t len, int want_line, int want_col, const char *reason)
{
    Arena *a = arena_new();
    char err[256] = "";
    int line = 0, col = 0;
    const JsonValue *v = json_parse(text, len, a, err, sizeof err, &line, &col);
    if (v)
        fail_msg("'%s' parsed but should not", text);
    if (!strstr(err, reason))
        fail_msg("'%s': expected '%s' in '%s'", text, reason, err);
    if (line != want_line || col != want_col)
        fail_msg("'%s': error at %d:%d, expected %d:%d (%s)", text, line, col, want_line, want_col, err);
    arena_free(a);
}

static void parse_fails(const char *text, int want_line, int want_col, const char *reason)
{
    parse_fails_n(text, strlen(text), want_line, want_col, reason);
}

static void test_values(void **state)
{
    (void)state;
    Arena *a = arena_new();
    const JsonValue *v = parse(a, " {\"a\": [1, -2.5, 3e2, 0.25E-1, true, false, null], \"b\": {}, \"c\": []}\n");
    assert_int_equal(v->type, JSON_OBJECT);
    assert_int_equal(v->n, 3);
    assert_string_equal(v->members[0].key, "a");
    const JsonValue *arr = json_get(v, "a");
    assert_non_null(arr);
    assert_int_equal(arr->type, JSON_ARRAY);
    assert_int_equal(arr->n, 7);
    assert_true(arr->items[0]->number == 1);
    assert_true(arr->items[1]->number == -2.5);
    assert_true(arr->items[2]->number == 300);
    assert_true(arr->items[3]->number == 0.025);
    assert_int_equal(arr->items[4]->type, JSON_BOOL);
    assert_true(arr->items[4]->boolean);
    assert_false(arr->items[5]->boolean);
    assert_int_equal(arr->items[6]->type, JSON_NULL);
    assert_int_equal(json_get(v, "b")->type, JSON_OBJECT);
    assert_int_equal(json_get(v, "b")->n, 0);
    assert_int_equal(json_get(v, "c")->n, 0);
    assert_null(json_get(v, "d"));
    assert_null(json_get(arr, "a")); /* not an object */
    /* positions of values */
    v = parse(a, "[\n  1,\n  \"x\"]");
    assert_int_equal(v->items[1]->line, 3);
    assert_int_equal(v->items[1]->offset, 9);
    assert_int_equal(json_column("[\n  1,\n  \"x\"]", 9), 3);
    arena_free(a);
}

static void test_strings(void **state)
{
    (void)state;
    Arena *a = arena_new();
    const JsonValue *v = parse(a, "\"a\\\"b\\\\c\\/d\\n\\t\\u00e4\\u20AC\\ud83d\\ude00 Größe\"");
    assert_int_equal(v->type, JSON_STRING);
    assert_string_equal(v->str, "a\"b\\c/d\n\t\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80 Gr\xC3\xB6\xC3\x9F" "e");
    assert_int_equal(v->len, strlen(v->str));
    v = parse(a, "\"\"");
    assert_string_equal(v->str, "");
    arena_free(a);
}

static void test_errors(void **state)
{
    (void)state;
    parse_fails("", 1, 1, "end of file");
    parse_fails("   \n  ", 2, 3, "end of file");
    parse_fails("{\"a\": 1,}", 1, 9, "expected a key");
    parse_fails("[1, 2", 1, 6, "expected ',' or ']'");
    parse_fails("[1 2]", 1, 4, "expected ',' or ']'");
    parse_fails("{\"a\" 1}", 1, 6, "expected ':'");
    parse_fails("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key");
    parse_fails("\"abc", 1, 1, "unterminated string");
    parse_fails("\"a\nb\"", 1, 3, "control character");
    parse_fails("\"\\x\"", 1, 2, "unknown escape");
    parse_fails("\"\\u12\"", 1, 2, "four hexadecimal");
    parse_fails("\"\\ud800\"", 1, 2, "unpaired surrogate");
    parse_fails("\"\\udc00\"", 1, 2, "unpaired surrogate");
    parse_fails("\"\\u0000\"", 1, 2, "\\u0000");
    parse_fails("\"\xC3\"", 1, 2, "invalid UTF-8");
    parse_fails("\"\xC0\xAF\"", 1, 2, "invalid UTF-8");
    parse_fails("01", 1, 2, "after the end");
    parse_fails("-", 1, 1, "invalid number");
    parse_fails("1.", 1, 1, "digits must follow '.'");
    parse_fails("1e+", 1, 1, "exponent");
    parse_fails("1e999", 1, 1, "out of range");
    parse_fails("+1", 1, 1, "expected a value");
    parse_fails("tru", 1, 1, "unexpected word");
    parse_fails("nul", 1, 1, "unexpected word");
    parse_fails("[1]]", 1, 4, "after the end");
    parse_fails("{} {}", 1, 4, "after the end");
    parse_fails("['a']", 1, 2, "expected a value");
    parse_fails("[\n  \"Grüße\" x]", 2, 11, "expected ',' or ']'");
    parse_fails_n("[1,\0 2]", 7, 1, 4, "byte 0x00");
}

static void test_depth_limit(void **state)
{
    (void)state;
    char deep[200];
    memset(deep, '[', 100);
    memset(deep + 100, ']', 100);
    parse_fails_n(deep, sizeof deep, 1, 66, "nesting deeper");
    Arena *a = arena_new();
    char ok[120];
    memset(ok, '[', 60);
    memset(ok + 60, ']', 60);
    char err[64];
    int l, c;
    assert_non_null(json_parse(ok, sizeof ok, a, err, sizeof err, &l, &c));
    arena_free(a);
}

/* Random and truncated input: an error or a value, never a crash. */
static void test_garbage_never_crashes(void **state)
{
    (void)state;
    const char *doc = "{\"format\":\"imagreport-layout\",\"version\":1,\"pages\":[{\"number\":1,"
                      "\"elements\":[{\"kind\":\"heading\",\"text\":\"Gr\xC3\xBC\xC3\x9F" "e \\u00e4\"}]}]}";
    size_t n = strlen(doc);
    char *buf = malloc(n);
    uint32_t x = 7;
    int failures = 0;
    for (size_t cut = 0; cut < n; cut++) {
        Arena *a = arena_new();
        char err[128];
        int l, c;
        if (!json_parse(doc, cut, a, err, sizeof err, &l, &c)) {
            assert_true(l >= 1 && c >= 1);
            failures++;
        }
        memcpy(buf, doc, n);
        x = x * 1103515245u + 12345u;
        buf[cut] = (char)(x >> 16);
        json_parse(buf, n, a, err, sizeof err, &l, &c);
        arena_free(a);
    }
    assert_int_equal(failures, (int)n); /* every proper prefix is incomplete */
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_garbage_never_crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
