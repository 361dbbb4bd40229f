/* test_base_json.c — the one JSON string writer: quotes, backslashes,
 * newlines and control characters escaped; UTF-8 and NULL as they should be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "base/json.h"

static void check(const char *in, const char *want)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    json_write_str(out, in);
    fclose(out);
    assert_string_equal(text, want);
    free(text);
}

static void test_escapes(void **state)
{
    (void)state;
    check("Maßnahme 1.2", "\"Maßnahme 1.2\"");
    check("a \"b\" c\\d", "\"a \\\"b\\\" c\\\\d\"");
    check("Zeile 1\nZeile 2\t\x01", "\"Zeile 1\\nZeile 2\\u0009\\u0001\"");
    check("", "\"\"");
    check(NULL, "\"\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
