/* test_render_deps.c — the make-style dependency file of build --deps
 * (src/render/deps.c): the target and every file once, continuation lines,
 * names escaped for make (space, '#', '\', '$'), an empty rule per file,
 * NULL and empty entries left out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "render/render.h"

static void test_deps(void **state)
{
    (void)state;
    const char *files[] = {"r/report.yaml", "r/chapters/01 Einleitung.md", NULL, "r/report.yaml",
                           "", "fonts/#1$.ttf", "a\\b.png"};
    Buf b = {0};
    render_deps("out/bericht 2025.pdf", files, sizeof files / sizeof *files, &b);
    assert_string_equal(b.data,
                        "out/bericht\\ 2025.pdf: \\\n"
                        "  r/report.yaml \\\n"
                        "  r/chapters/01\\ Einleitung.md \\\n"
                        "  fonts/\\#1$$.ttf \\\n"
                        "  a\\\\b.png\n"
                        "\nr/report.yaml:\n"
                        "\nr/chapters/01\\ Einleitung.md:\n"
                        "\nfonts/\\#1$$.ttf:\n"
                        "\na\\\\b.png:\n");
    buf_free(&b);
    /* no files: the target alone */
    render_deps("x.pdf", files, 0, &b);
    assert_string_equal(b.data, "x.pdf:\n");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
