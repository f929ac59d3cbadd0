/* test-env-util.c — environment names, assignments, and the replace-or-append list that
 * Environment= builds. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "env-util.h"
#include "strv.h"

static void test_env_name_is_valid(void **state) {
        static const struct {
                const char *s;
                bool valid;
        } cases[] = {
                { "FOO", true },  { "foo", true },  { "_A", true },   { "A1", true },
                { "_", true },    { "A_1_", true }, { "1A", false },  { "", false },
                { "A-B", false }, { "A.B", false }, { "A B", false }, { "A=B", false },
                { "Ä", false },   { "a:b", false },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
                if (env_name_is_valid(cases[i].s) != cases[i].valid)
                        fail_msg("env_name_is_valid(\"%s\") != %d", cases[i].s, cases[i].valid);
        assert_false(env_name_is_valid(NULL));
}

static void test_env_assignment_is_valid(void **state) {
        static const struct {
                const char *s;
                bool valid;
        } cases[] = {
                { "A=1", true },      { "A=", true },       { "A=é", true },    { "A= b", true },
                { "A=b=c", true },    { "A=a\tb", true },   { "A=a\nb", true }, { "A=a\x01z", true },
                { "_=x", true },      { "=1", false },      { "A", false },     { "1=2", false },
                { "A-B=1", false },   { "A =1", false },    { "A\xff=1", false }, { "A=\xff", false },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
                if (env_assignment_is_valid(cases[i].s) != cases[i].valid)
                        fail_msg("env_assignment_is_valid(\"%s\") != %d", cases[i].s, cases[i].valid);
        assert_false(env_assignment_is_valid(NULL));
}

static void test_strv_env_replace(void **state) {
        _cleanup_strv_free_ char **l = NULL;
        (void) state;

        assert_int_equal(strv_env_replace(&l, strdup("A=1")), 0);
        assert_int_equal(strv_env_replace(&l, strdup("B=2")), 0);
        assert_int_equal(strv_env_replace(&l, strdup("AB=3")), 0);
        assert_int_equal(strv_length(l), 3);
        /* replacing keeps the position, so the order of first appearance is kept */
        assert_int_equal(strv_env_replace(&l, strdup("A=one")), 0);
        assert_int_equal(strv_length(l), 3);
        assert_string_equal(l[0], "A=one");
        assert_string_equal(l[1], "B=2");
        assert_string_equal(l[2], "AB=3");
        assert_int_equal(strv_env_replace(&l, strdup("B=")), 0);
        assert_string_equal(l[1], "B=");
        /* ownership is taken even on failure (ASan would see a leak otherwise) */
        assert_int_equal(strv_env_replace(&l, strdup("NOEQUALS")), -EINVAL);
        assert_int_equal(strv_env_replace(&l, NULL), -EINVAL);
        assert_int_equal(strv_length(l), 3);
}

static void test_strv_env_get(void **state) {
        char *l[] = { "A=1", "AB=2", "B=", "C=x=y", NULL };
        (void) state;
        assert_string_equal(strv_env_get(l, "A"), "1");
        assert_string_equal(strv_env_get(l, "AB"), "2");
        assert_string_equal(strv_env_get(l, "B"), "");
        assert_string_equal(strv_env_get(l, "C"), "x=y");
        assert_null(strv_env_get(l, "D"));
        assert_null(strv_env_get(l, "A="));
        assert_null(strv_env_get(l, ""));
        assert_null(strv_env_get(NULL, "A"));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_env_name_is_valid),
                cmocka_unit_test(test_env_assignment_is_valid),
                cmocka_unit_test(test_strv_env_replace),
                cmocka_unit_test(test_strv_env_get),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
