/* test_base_mem.c — the growing arrays: mem_grow() on the heap and
 * arena_grow() in the arena keep what was pushed, double from 16 until the
 * need is met, leave a big enough array alone, and grow the arena's last
 * allocation in place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/mem.h"

/* Under AddressSanitizer a request malloc cannot meet returns NULL, as it does in libc. */
#if defined(__SANITIZE_ADDRESS__)
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1"; }
#endif

static void test_mem_grow(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    for (int i = 0; i < 1000; i++) {
        v = mem_grow(v, &cap, (size_t)i + 1, sizeof *v);
        assert_true(cap >= (size_t)i + 1);
        v[i] = i * 7;
    }
    assert_int_equal(cap, 1024);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i], i * 7);
    /* big enough: the same array, the same capacity */
    int *same = mem_grow(v, &cap, 1024, sizeof *v);
    assert_ptr_equal(same, v);
    assert_int_equal(cap, 1024);
    /* a need far beyond: doubled as often as it takes */
    v = mem_grow(v, &cap, 5000, sizeof *v);
    assert_int_equal(cap, 8192);
    assert_int_equal(v[999], 999 * 7);
    free(v);

    size_t c2 = 0;
    char *s = mem_grow(NULL, &c2, 1, 1);
    assert_int_equal(c2, 16);
    free(s);
}

static void test_arena_grow(void **state)
{
    (void)state;
    Arena *a = arena_new();
    double *v = NULL;
    size_t cap = 0, n = 0;
    for (; n < 300; n++) {
        v = arena_grow(a, v, &cap, n + 1, sizeof *v);
        v[n] = (double)n / 4;
    }
    assert_int_equal(cap, 512);
    for (size_t i = 0; i < n; i++)
        assert_true(v[i] == (double)i / 4);
    /* the new part is zeroed */
    assert_true(v[n] == 0 && v[cap - 1] == 0);
    /* the last allocation grows in place */
    double *w = arena_grow(a, v, &cap, cap + 1, sizeof *v);
    assert_ptr_equal(w, v);
    assert_int_equal(cap, 1024);
    /* not the last allocation any more: copied, contents kept */
    char *after = arena_alloc(a, 8);
    assert_non_null(after);
    w = arena_grow(a, v, &cap, cap + 1, sizeof *v);
    assert_ptr_not_equal(w, v);
    assert_int_equal(cap, 2048);
    for (size_t i = 0; i < n; i++)
        assert_true(w[i] == (double)i / 4);
    arena_free(a);
}

static void test_x_alloc(void **state)
{
    (void)state;
    unsigned *z = xcalloc(64, sizeof *z);
    for (size_t i = 0; i < 64; i++)
        assert_int_equal(z[i], 0);
    z = xrealloc(z, 128 * sizeof *z);
    assert_int_equal(z[63], 0);
    free(z);
}

/* Runs what(arg) in a child process and returns what the child wrote to stderr
 * (up to 255 bytes) and, in *status, its exit status (-1 if it did not exit). */
static void in_child(void (*what)(size_t), size_t arg, char err[256], int *status)
{
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        dup2(fd[1], 2);
        what(arg);
        _exit(0); /* not reached when what() runs out of memory */
    }
    close(fd[1]);
    size_t n = 0;
    ssize_t r;
    while (n < 255 && (r = read(fd[0], err + n, 255 - n)) > 0)
        n += (size_t)r;
    err[n] = 0;
    close(fd[0]);
    int ws;
    assert_int_equal(waitpid(pid, &ws, 0), pid);
    *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

static void alloc_huge(size_t size) { free(xmalloc(size)); }
static void grow_huge(size_t need)
{
    size_t cap = 0;
    free(mem_grow(NULL, &cap, need, 64));
}

/* When memory runs out, the process says so and exits with status 4. */
static void test_out_of_memory_exit(void **state)
{
    (void)state;
    char err[256];
    int status;
    /* a request malloc cannot meet */
    in_child(alloc_huge, SIZE_MAX / 2, err, &status);
    assert_int_equal(status, 4);
    assert_non_null(strstr(err, "imagreport: out of memory\n")); /* ASan may warn first */
    /* a capacity whose size in bytes would overflow: stopped before any allocation */
    in_child(grow_huge, SIZE_MAX / 8, err, &status);
    assert_int_equal(status, 4);
    assert_non_null(strstr(err, "imagreport: out of memory\n")); /* ASan may warn first */
    /* and a child that does not run out exits normally */
    in_child(alloc_huge, 64, err, &status);
    assert_int_equal(status, 0);
    assert_string_equal(err, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem_grow),
        cmocka_unit_test(test_arena_grow),
        cmocka_unit_test(test_x_alloc),
        cmocka_unit_test(test_out_of_memory_exit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
