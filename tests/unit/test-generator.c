/* test-generator.c — running generators the way systemd.generator(7) describes: which
 * executables are found (by name, the first directory wins, a link to /dev/null disables one),
 * their three output directories as arguments, running in parallel under a time limit, the
 * SYSTEMD_* environment, output directories emptied before a run, and environment generators
 * chained one after the other. Everything happens in a temporary directory given as root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "env-util.h"
#include "fileio.h"
#include "generator.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "event.h"

static char root[] = "/tmp/test-generator.XXXXXX";

static void write_exec(const char *rel, const char *body) {
        char *p = path_join(root, rel), *dir = path_dirname(p), cmd[1024];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
        assert_int_equal(system(cmd), 0);
        FILE *f = fopen(p, "we");
        assert_non_null(f);
        fprintf(f, "#!/bin/sh\n%s\n", body);
        fclose(f);
        assert_int_equal(chmod(p, 0755), 0);
        free(p), free(dir);
}

static char *slurp(const char *rel) {
        char *p = path_join(root, rel), *s = NULL;
        if (read_full_file(p, 65536, &s, NULL) < 0)
                s = NULL;
        free(p);
        return s;
}

static const char *const dirs[] = { "/etc/gen", "/usr/lib/gen", NULL };

static void test_collect(void **state) {
        (void) state;
        write_exec("etc/gen/b-gen", "exit 0");
        write_exec("usr/lib/gen/b-gen", "exit 1");  /* shadowed by /etc's */
        write_exec("usr/lib/gen/a-gen", "exit 0");
        write_exec("usr/lib/gen/c-gen", "exit 0");
        char *l = path_join(root, "etc/gen/c-gen");
        assert_int_equal(symlink("/dev/null", l), 0); /* disabled */
        free(l);
        char **paths = NULL;
        assert_int_equal(generator_collect(root, dirs, &paths), 0);
        assert_int_equal(strv_length(paths), 2);
        assert_string_equal(path_basename(paths[0]), "a-gen");
        assert_non_null(strstr(paths[1], "/etc/gen/b-gen"));
        strv_free(paths);
}

static void test_parallel(void **state) {
        (void) state;
        char *out = path_join(root, "out"), *early = path_join(root, "out.early"), *late = path_join(root, "out.late");
        /* a stale file from an earlier run goes */
        assert_int_equal(generator_prepare_dir(out), 0);
        char *stale = path_join(out, "stale.service");
        FILE *f = fopen(stale, "we");
        fclose(f);
        assert_int_equal(generator_prepare_dir(out), 0);
        assert_int_equal(access(stale, F_OK), -1);
        free(stale);
        char body[1024];
        snprintf(body, sizeof body,
                 "echo \"$1 $2 $3\" > %1$s/args; env | grep ^SYSTEMD_ | sort > %1$s/envout;"
                 "echo '[Service]' > \"$1/gen.service\"", root);
        write_exec("p/one", body);
        snprintf(body, sizeof body, "sleep 0.3; touch %s/two-done", root);
        write_exec("p/two", body);
        write_exec("p/three", "exit 3");
        char **paths = NULL, **args = NULL, **env = NULL;
        const char *const pdirs[] = { "/p", NULL };
        assert_int_equal(generator_collect(root, pdirs, &paths), 0);
        assert_int_equal(strv_length(paths), 3);
        assert_int_equal(strv_extend(&args, out), 0);
        assert_int_equal(strv_extend(&args, early), 0);
        assert_int_equal(strv_extend(&args, late), 0);
        char *base[] = { "PATH=/usr/bin:/bin", NULL };
        assert_int_equal(generator_environment(root, base, &env), 0);
        assert_string_equal(strv_env_get(env, "SYSTEMD_SCOPE"), "system");
        assert_string_equal(strv_env_get(env, "SYSTEMD_IN_INITRD"), "0");
        assert_non_null(strv_env_get(env, "SYSTEMD_FIRST_BOOT"));
        assert_non_null(strv_env_get(env, "SYSTEMD_ARCHITECTURE"));
        assert_int_equal(generator_execute_parallel(paths, args, env, 5 * USEC_PER_SEC), 1); /* three failed */
        char *a = slurp("args");
        assert_non_null(a);
        char expect[1024];
        snprintf(expect, sizeof expect, "%s %s %s\n", out, early, late);
        assert_string_equal(a, expect);
        free(a);
        char *e = slurp("envout");
        assert_non_null(strstr(e, "SYSTEMD_SCOPE=system\n"));
        free(e);
        char *t = slurp("two-done");
        assert_non_null(t);
        free(t);
        char *g = path_join(out, "gen.service");
        assert_int_equal(access(g, F_OK), 0);
        free(g);

        /* a generator that hangs is killed when the time is up */
        strv_free(paths);
        paths = NULL;
        write_exec("slow/hang", "sleep 30");
        const char *const sdirs[] = { "/slow", NULL };
        assert_int_equal(generator_collect(root, sdirs, &paths), 0);
        usec_t t0 = now_usec(CLOCK_MONOTONIC);
        assert_int_equal(generator_execute_parallel(paths, args, env, 200 * USEC_PER_MSEC), 1);
        assert_true(now_usec(CLOCK_MONOTONIC) - t0 < 5 * USEC_PER_SEC);
        strv_free(paths), strv_free(args), strv_free(env);
        free(out), free(early), free(late);
}

static void test_environment(void **state) {
        (void) state;
        write_exec("env/10-first", "echo FOO=1; echo '# comment'; echo 'not an assignment'; echo BAR=a");
        write_exec("env/20-second", "echo \"BAZ=$FOO$BAR\"; echo FOO=2");
        write_exec("env/30-broken", "echo NOPE=1; exit 1");
        char **paths = NULL, **out = NULL;
        const char *const edirs[] = { "/env", NULL };
        assert_int_equal(generator_collect(root, edirs, &paths), 0);
        char *base[] = { "PATH=/usr/bin:/bin", NULL };
        assert_int_equal(generator_execute_environment(paths, base, 5 * USEC_PER_SEC, &out), 0);
        assert_string_equal(strv_env_get(out, "FOO"), "2");
        assert_string_equal(strv_env_get(out, "BAR"), "a");
        assert_string_equal(strv_env_get(out, "BAZ"), "1a");
        assert_null(strv_env_get(out, "NOPE")); /* a failed generator contributes nothing */
        assert_null(strv_env_get(out, "PATH"));
        strv_free(paths), strv_free(out);
}

static int setup(void **state) {
        (void) state;
        return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state) {
        (void) state;
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        return system(cmd) == 0 ? 0 : -1;
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_collect),
                cmocka_unit_test(test_parallel),
                cmocka_unit_test(test_environment),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
