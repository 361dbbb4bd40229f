/* test_base_buf.c — buf_fixed(), the locale-independent number writer of the
 * layout dump and the PDF content streams: trailing zeros dropped, a leading
 * zero before the point, signs, no "-0", the extremes of long long. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"

static void fixed_is(long long v, int decimals, const char *want)
{
    Buf b = {0};
    buf_puts(&b, "<");
    buf_fixed(&b, v, decimals);
    char *got = b.data + 1;
    if (strcmp(got, want) != 0)
        fail_msg("buf_fixed(%lld, %d): got \"%s\", want \"%s\"", v, decimals, got, want);
    buf_free(&b);
}

static void test_fixed(void **state)
{
    (void)state;
    fixed_is(0, 0, "0");
    fixed_is(0, 2, "0");
    fixed_is(7, 0, "7");
    fixed_is(-42, 0, "-42");
    fixed_is(7100, 2, "71");
    fixed_is(7950, 2, "79.5");
    fixed_is(11288, 2, "112.88");
    fixed_is(-325, 2, "-3.25");
    fixed_is(5, 2, "0.05");
    fixed_is(-1, 2, "-0.01");
    fixed_is(50, 2, "0.5");
    fixed_is(100000, 5, "1");
    fixed_is(-70711, 5, "-0.70711");
    fixed_is(1234500, 3, "1234.5");
    fixed_is(100000000, 2, "1000000");
    fixed_is(LLONG_MAX, 0, "9223372036854775807");
    fixed_is(LLONG_MIN, 0, "-9223372036854775808");
    fixed_is(LLONG_MIN, 9, "-9223372036.854775808");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
