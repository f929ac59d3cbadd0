/* test-manager-env.c — the manager's environment block: what set-environment and
 * unset-environment accept, how they change the client block (unset by name or by exact
 * value, set replacing, the result sorted), and that the checkpoint carries the block to
 * the next manager. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "manager-env.h"
#include "strv.h"

static char *joined(char **l) {
        char *s = strv_join(l, "|");
        assert_non_null(s);
        return s;
}

static void test_check(void **state) {
        (void) state;
        const char *bad = NULL;
        assert_int_equal(manager_environment_check(NULL, (char *[]){ "A=1", "B_2=x y", "C=", NULL }, &bad), 0);
        assert_int_equal(manager_environment_check(NULL, (char *[]){ "A=1", "NOEQUALS", NULL }, &bad), -EINVAL);
        assert_string_equal(bad, "NOEQUALS");
        assert_int_equal(manager_environment_check(NULL, (char *[]){ "1A=1", NULL }, &bad), -EINVAL);
        assert_int_equal(manager_environment_check(NULL, (char *[]){ "=1", NULL }, &bad), -EINVAL);
        assert_int_equal(manager_environment_check((char *[]){ "A", "B=2", NULL }, NULL, &bad), 0);
        assert_int_equal(manager_environment_check((char *[]){ "A-B", NULL }, NULL, &bad), -EINVAL);
        assert_string_equal(bad, "A-B");
        /* the checkpoint's item limit bounds an assignment */
        char big[MANAGER_ENV_ASSIGNMENT_MAX + 8];
        memset(big, 'x', sizeof big - 1);
        big[sizeof big - 1] = 0;
        big[0] = 'V', big[1] = '=';
        assert_int_equal(manager_environment_check(NULL, (char *[]){ big, NULL }, &bad), -EINVAL);
        big[MANAGER_ENV_ASSIGNMENT_MAX] = 0;
        assert_int_equal(manager_environment_check(NULL, (char *[]){ big, NULL }, &bad), 0);
}

static void test_modify(void **state) {
        (void) state;
        char **l = NULL;
        assert_int_equal(environment_modify(&l, NULL, (char *[]){ "ZED=1", "ALPHA=a b", "MID=$x", NULL }), 0);
        char *s = joined(l);
        assert_string_equal(s, "ALPHA=a b|MID=$x|ZED=1");
        free(s);
        /* replacing keeps one entry per name */
        assert_int_equal(environment_modify(&l, NULL, (char *[]){ "ZED=2", NULL }), 0);
        s = joined(l);
        assert_string_equal(s, "ALPHA=a b|MID=$x|ZED=2");
        free(s);
        /* unset by name; by value only when the value matches; unknown names are no error */
        assert_int_equal(environment_modify(&l, (char *[]){ "MID", "ZED=1", "NOPE", NULL }, NULL), 0);
        s = joined(l);
        assert_string_equal(s, "ALPHA=a b|ZED=2");
        free(s);
        assert_int_equal(environment_modify(&l, (char *[]){ "ZED=2", NULL }, NULL), 0);
        s = joined(l);
        assert_string_equal(s, "ALPHA=a b");
        free(s);
        /* a name that is a prefix of another one does not touch it */
        assert_int_equal(environment_modify(&l, NULL, (char *[]){ "ALPHABET=z", NULL }), 0);
        assert_int_equal(environment_modify(&l, (char *[]){ "ALPHA", NULL }, NULL), 0);
        s = joined(l);
        assert_string_equal(s, "ALPHABET=z");
        free(s);
        /* unset then set in one request: the new value stays */
        assert_int_equal(environment_modify(&l, (char *[]){ "ALPHABET", NULL }, (char *[]){ "ALPHABET=new", NULL }), 0);
        s = joined(l);
        assert_string_equal(s, "ALPHABET=new");
        free(s);
        strv_free(l);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_check),
                cmocka_unit_test(test_modify),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
