/* test-path-util.c — path helpers: joining, simplifying, validity, and resolving symlinks
 * inside a root (absolute links and ".." must not escape it; loops end with -ELOOP). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "path-util.h"
#include "string-util.h"

static void test_join_and_simplify(void **state) {
        (void) state;
        char *p = path_join("/a/", "/b", "c");
        assert_string_equal(p, "/a/b/c");
        free(p);
        char s[] = "//a/./b//c/";
        assert_string_equal(path_simplify(s), "/a/b/c");
        char t[] = "/";
        assert_string_equal(path_simplify(t), "/");
        assert_true(path_is_normalized("/a/b"));
        assert_false(path_is_normalized("/a/../b"));
        assert_false(filename_is_valid(".."));
        assert_true(filename_is_valid("foo.service"));
        assert_string_equal(path_basename("/x/y"), "y");
}

static void test_chase_in_root(void **state) {
        (void) state;
        char root[] = "/tmp/test-path-util.XXXXXX";
        assert_non_null(mkdtemp(root));
        char cmd[512];
        snprintf(cmd, sizeof cmd,
                 "mkdir -p %1$s/usr/bin %1$s/sbin && touch %1$s/usr/bin/real && "
                 "ln -s /usr/bin/real %1$s/sbin/abs && ln -s ../usr/bin/real %1$s/sbin/rel && "
                 "ln -s ../../../../usr/bin/real %1$s/sbin/up && ln -s loop2 %1$s/sbin/loop1 && "
                 "ln -s loop1 %1$s/sbin/loop2",
                 root);
        assert_int_equal(system(cmd), 0);
        char *want, *got;
        assert_true(asprintf(&want, "%s/usr/bin/real", root) > 0);
        const char *cases[] = { "/sbin/abs", "/sbin/rel", "/sbin/up", "/usr/bin/real" };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                assert_int_equal(path_chase_in_root(root, cases[i], &got), 0);
                assert_string_equal(got, want);
                free(got);
        }
        assert_int_equal(path_chase_in_root(root, "/sbin/loop1", &got), -ELOOP);
        assert_int_equal(path_chase_in_root(NULL, "/", &got), 0); /* no root: the host */
        assert_string_equal(got, "/");
        free(got);
        free(want);
        snprintf(cmd, sizeof cmd, "rm -rf %s", root);
        assert_int_equal(system(cmd), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_join_and_simplify),
                cmocka_unit_test(test_chase_in_root),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
