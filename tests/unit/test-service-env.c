/* test-service-env.c — environment files as systemd reads them (comments, "export", quotes,
 * escapes, continuation lines, bad lines skipped one by one) and the order in which
 * Environment=, EnvironmentFile= and UnsetEnvironment= combine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "service-env.h"
#include "strv.h"

static char *joined(const char *contents) {
        char **l = NULL;
        assert_int_equal(env_file_parse(contents, strlen(contents), "test", &l), 0);
        char *j = strv_join(l, "|");
        strv_free(l);
        return j;
}

static void check(const char *contents, const char *expect) {
        char *j = joined(contents);
        if (strcmp(j, expect) != 0)
                fail_msg("parsing «%s»: got «%s», want «%s»", contents, j, expect);
        free(j);
}

static void test_env_file(void **state) {
        (void) state;
        check("", "");
        check("A=1", "A=1");
        check("A=1\nB=2\n", "A=1|B=2");
        check("# comment\n; comment\n\n  A=1  \n", "A=1");
        check("export A=1\nB=2", "B=2"); /* systemd 252 skips "export" lines */
        check("A = spaced value  ", "A=spaced value");
        check("A=\"quoted  \\\"x\\\" \\\\ \\$ \\` \\n\"", "A=quoted  \"x\" \\ $ ` \\n");
        check("A='single \\n $x \"'", "A=single \\n $x \"");
        check("A=one\\\ntwo", "A=onetwo");
        check("A=\"multi\nline\"", "A=multi\nline");
        check("A=\"joined\\\nline\"", "A=joinedline");
        check("A=esc\\ aped\\ ", "A=esc aped ");
        check("A='a'\"b\"", "A=ab");
        check("A=1\nA=2", "A=2");
        check("A=", "A=");
        check("A=\"unterminated", "A=unterminated");
        check("no equals sign\nB=2", "B=2");
        check("1A=bad\nA-B=bad\nC=ok", "C=ok");
        check("A=#not a comment", "A=#not a comment");
        check("A=1\0B=2", "A=1");
        check("A=trailing backslash\\", "A=trailing backslash");
}

static void test_apply(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        assert_non_null(c);
        char **env = NULL, **files = NULL;
        assert_int_equal(strv_extend(&env, "PATH=/bin"), 0);
        assert_int_equal(strv_extend(&env, "NOTIFY_SOCKET=/run/systemd/notify"), 0);
        assert_int_equal(strv_extend(&c->environment, "A=unit"), 0);
        assert_int_equal(strv_extend(&c->environment, "B=unit"), 0);
        assert_int_equal(strv_extend(&c->environment, "NOTIFY_SOCKET=/elsewhere"), 0);
        assert_int_equal(strv_extend(&files, "B=file"), 0);
        assert_int_equal(strv_extend(&c->unset_environment, "PATH"), 0);
        assert_int_equal(strv_extend(&c->unset_environment, "A=other"), 0); /* not this value: kept */
        assert_int_equal(exec_context_apply_environment(c, files, &env), 0);
        char *j = strv_join(env, "|");
        assert_string_equal(j, "NOTIFY_SOCKET=/elsewhere|A=unit|B=file");
        free(j);
        strv_env_unset(env, "A=unit");
        j = strv_join(env, "|");
        assert_string_equal(j, "NOTIFY_SOCKET=/elsewhere|B=file");
        free(j);
        strv_free(env);
        strv_free(files);
        exec_context_free(c);
}

static void test_load_files(void **state) {
        (void) state;
        char dir[] = "/tmp/test-service-env.XXXXXX";
        assert_non_null(mkdtemp(dir));
        char path[256], pattern[300];
        snprintf(path, sizeof path, "%s/a.env", dir);
        FILE *f = fopen(path, "we");
        assert_non_null(f);
        fputs("X=1\n", f);
        fclose(f);
        ExecContext *c = exec_context_new();
        snprintf(pattern, sizeof pattern, "-%s/missing", dir);
        assert_int_equal(strv_extend(&c->environment_files, pattern), 0);
        snprintf(pattern, sizeof pattern, "%s/*.env", dir);
        assert_int_equal(strv_extend(&c->environment_files, pattern), 0);
        char **env = NULL;
        assert_int_equal(exec_context_load_environment_files(c, NULL, &env), 0);
        assert_string_equal(env[0], "X=1");
        assert_null(env[1]);
        strv_free(env);
        snprintf(pattern, sizeof pattern, "%s/required-missing", dir);
        assert_int_equal(strv_extend(&c->environment_files, pattern), 0);
        assert_true(exec_context_load_environment_files(c, NULL, &env) < 0);
        exec_context_free(c);
        unlink(path);
        rmdir(dir);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_env_file),
                cmocka_unit_test(test_apply),
                cmocka_unit_test(test_load_files),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
