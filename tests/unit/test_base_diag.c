/* test_base_diag.c — printing diagnostics: sorting, notes, --strict, and the
 * escaping of the JSON and GitHub formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/diag.h"

/* What diags_emit prints, in a malloc'd string. */
static char *emit(Diags *d, DiagFormat fmt, bool context)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    DiagStyle st = {fmt, context, false};
    diags_emit(d, f, &st);
    fclose(f);
    return buf;
}

static void test_text_sorted_with_notes(void **state)
{
    (void)state;
    Diags d = {0};
    SrcPos b = {"b.yaml", 2, 3}, a = {"a.yaml", 9, 1};
    diag_error(&d, b, "second %d", 2);
    diag_warning(&d, a, "first");
    diag_note(&d, "a hint for '%s'", "first");
    diag_error(&d, (SrcPos){0}, "no file");
    char *out = emit(&d, DIAG_TEXT, false);
    assert_string_equal(out, "imagreport: error: no file\n"
                             "a.yaml:9:1: warning: first\n"
                             "a.yaml:9:1: note: a hint for 'first'\n"
                             "b.yaml:2:3: error: second 2\n");
    free(out);
    diags_free(&d);
}

static void test_strict_promotes(void **state)
{
    (void)state;
    Diags d = {0};
    SrcPos a = {"a.yaml", 1, 1};
    diag_warning(&d, a, "plausible?");
    diags_promote_warnings(&d);
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.warnings, 0);
    char *out = emit(&d, DIAG_TEXT, false);
    assert_string_equal(out, "a.yaml:1:1: error: plausible?\n");
    free(out);
    diags_free(&d);
}

static void test_json_escapes(void **state)
{
    (void)state;
    Diags d = {0};
    SrcPos a = {"a \"b\".yaml", 3, 4}, c = {"c.md", 0, 0};
    diag_error(&d, a, "quote \" backslash \\ tab \t end");
    diag_note(&d, "line\nbreak");
    diag_warning(&d, c, "whole file");
    char *out = emit(&d, DIAG_JSON, false);
    assert_string_equal(
        out, "[\n"
             "{\"file\":\"a \\\"b\\\".yaml\",\"line\":3,\"column\":4,\"severity\":\"error\","
             "\"message\":\"quote \\\" backslash \\\\ tab \\u0009 end\",\"hint\":\"line\\nbreak\"},\n"
             "{\"file\":\"c.md\",\"line\":0,\"column\":0,\"severity\":\"warning\","
             "\"message\":\"whole file\",\"hint\":null}\n"
             "]\n");
    free(out);
    diags_free(&d);
    Diags none = {0};
    out = emit(&none, DIAG_JSON, false);
    assert_string_equal(out, "[]\n");
    free(out);
}

static void test_github_escapes(void **state)
{
    (void)state;
    Diags d = {0};
    SrcPos a = {"dir,x/a:b.yaml", 5, 6};
    diag_error(&d, a, "100%% sure: a, b");
    diag_note(&d, "two\nlines");
    char *out = emit(&d, DIAG_GITHUB, false);
    assert_string_equal(out, "::error file=dir%2Cx/a%3Ab.yaml,line=5,col=6::100%25 sure: a, b"
                             "%0Atwo%0Alines\n");
    free(out);
    diags_free(&d);
}

static void test_context_caret_and_summary(void **state)
{
    (void)state;
    char path[] = "/tmp/imr-diag-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("title: x\n\tstatus: größer\n", f);
    fclose(f);
    Diags d = {0};
    SrcPos p2 = {path, 2, 10}, p1 = {path, 1, 1};
    diag_error(&d, p2, "bad");
    diag_warning(&d, p1, "hm");
    char *out = emit(&d, DIAG_TEXT, true);
    char want[512];
    snprintf(want, sizeof want,
             "%s:1:1: warning: hm\n"
             "    1 | title: x\n"
             "      | ^\n"
             "%s:2:10: error: bad\n"
             "    2 | \tstatus: größer\n"
             "      | \t        ^\n"
             "1 error, 1 warning\n",
             path, path);
    assert_string_equal(out, want);
    free(out);
    diags_free(&d);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_sorted_with_notes),
        cmocka_unit_test(test_strict_promotes),
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_github_escapes),
        cmocka_unit_test(test_context_caret_and_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
