/* test-unit-load.c — the unit loader against small trees built in a temp directory used as
 * --root: where a name's file is found, aliases and masks, instances falling back to their
 * template, drop-in precedence and order, .wants/ directories, and bad files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"

static char root[] = "/tmp/test-unit-load.XXXXXX";

static void put(const char *path, const char *text) {
        _cleanup_free_ char *p = path_join(root, path), *dir = path_dirname(p);
        _cleanup_free_ char *cmd = strjoin("mkdir -p '", dir, "'");
        assert_int_equal(system(cmd), 0);
        FILE *f = fopen(p, "we");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static void link_to(const char *target, const char *path) {
        _cleanup_free_ char *p = path_join(root, path), *dir = path_dirname(p);
        _cleanup_free_ char *cmd = strjoin("mkdir -p '", dir, "'");
        assert_int_equal(system(cmd), 0);
        unlink(p);
        assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state) {
        (void) state;
        assert_non_null(mkdtemp(root));
        unsetenv("SYSTEMD_UNIT_PATH");
        put("/usr/lib/systemd/system/a.service", "[Service]\n");
        put("/etc/systemd/system/a.service", "[Service]\n"); /* /etc wins */
        link_to("/usr/lib/systemd/system/a.service", "/usr/lib/systemd/system/alias-a.service");
        put("/usr/lib/systemd/system/t@.service", "[Service]\n");
        link_to("/usr/lib/systemd/system/t@.service", "/usr/lib/systemd/system/u@.service");
        link_to("/dev/null", "/etc/systemd/system/masked.service");
        put("/usr/lib/systemd/system/empty.service", "");
        link_to("b.service", "/usr/lib/systemd/system/c.service");
        link_to("c.service", "/usr/lib/systemd/system/b.service"); /* a cycle */
        put("/usr/lib/systemd/system/x-y-z.service", "[Service]\n");
        put("/usr/lib/systemd/system/x-y-z.service.d/20-own.conf", "[Unit]\n");
        put("/usr/lib/systemd/system/x-.service.d/10-prefix.conf", "[Unit]\n");
        put("/usr/lib/systemd/system/x-y-.service.d/20-own.conf", "[Unit]\n"); /* shadowed by the full name */
        put("/usr/lib/systemd/system/service.d/30-type.conf", "[Unit]\n");
        put("/etc/systemd/system/x-y-z.service.d/10-prefix.conf", "[Unit]\n"); /* /etc wins the name */
        put("/usr/lib/systemd/system/t@.service.d/40-tmpl.conf", "[Unit]\n");
        put("/etc/systemd/system/multi-user.target.wants/.keep", "");
        link_to("/usr/lib/systemd/system/a.service", "/etc/systemd/system/multi-user.target.wants/a.service");
        put("/usr/lib/systemd/system/multi-user.target", "[Unit]\n");
        put("/opt/linked/l.service", "[Service]\n");
        link_to("/opt/linked/l.service", "/etc/systemd/system/l.service");
        put("/usr/lib/systemd/system/bad.service", "[Unit\n");
        return 0;
}

static int teardown(void **state) {
        (void) state;
        _cleanup_free_ char *cmd = strjoin("rm -rf '", root, "'");
        return system(cmd) == 0 ? 0 : -1;
}

static LoadedUnit *load(const char *name) {
        LookupPaths lp;
        UnitNameMap *m;
        LoadedUnit *u;
        assert_int_equal(lookup_paths_init(&lp, root), 0);
        assert_int_equal(unit_name_map_build(&lp, &m), 0);
        assert_int_equal(unit_file_load(&lp, m, name, UNIT_LOAD_PATHS_ONLY, &u), 0);
        unit_name_map_free(m);
        lookup_paths_done(&lp);
        return u;
}

static void test_fragment_priority(void **state) {
        (void) state;
        LoadedUnit *u = load("a.service");
        assert_string_equal(u->id, "a.service");
        assert_string_equal(u->fragment_path, "/etc/systemd/system/a.service");
        assert_int_equal(u->load_state, UNIT_LOADED);
        assert_true(strv_contains(u->aliases, "alias-a.service"));
        loaded_unit_free(u);
}

static void test_alias_resolves_to_main_name(void **state) {
        (void) state;
        LoadedUnit *u = load("alias-a.service");
        assert_string_equal(u->id, "a.service");
        assert_true(strv_contains(u->aliases, "alias-a.service"));
        loaded_unit_free(u);
}

static void test_instances(void **state) {
        (void) state;
        LoadedUnit *u = load("t@foo.service");
        assert_string_equal(u->id, "t@foo.service");
        assert_string_equal(u->fragment_path, "/usr/lib/systemd/system/t@.service");
        assert_true(strv_contains(u->aliases, "u@foo.service"));
        assert_true(strv_contains(u->dropin_paths, "/usr/lib/systemd/system/t@.service.d/40-tmpl.conf"));
        loaded_unit_free(u);

        u = load("u@bar.service"); /* an alias of a template carries over to instances */
        assert_string_equal(u->id, "t@bar.service");
        loaded_unit_free(u);
}

static void test_masks_and_missing(void **state) {
        (void) state;
        LoadedUnit *u = load("masked.service");
        assert_int_equal(u->load_state, UNIT_MASKED);
        loaded_unit_free(u);
        u = load("empty.service");
        assert_int_equal(u->load_state, UNIT_MASKED);
        loaded_unit_free(u);
        u = load("nonexistent.service");
        assert_int_equal(u->load_state, UNIT_NOT_FOUND);
        assert_null(u->fragment_path);
        loaded_unit_free(u);
        u = load("nonexistent.slice"); /* slices need no file */
        assert_int_equal(u->load_state, UNIT_LOADED);
        loaded_unit_free(u);
        u = load("b.service");
        assert_int_equal(u->load_state, UNIT_ERROR);
        assert_int_equal(u->load_error, -ELOOP);
        loaded_unit_free(u);
}

static void test_dropin_order(void **state) {
        (void) state;
        LoadedUnit *u = load("x-y-z.service");
        const char *expected[] = {
                "/etc/systemd/system/x-y-z.service.d/10-prefix.conf",
                "/usr/lib/systemd/system/x-y-z.service.d/20-own.conf",
                "/usr/lib/systemd/system/service.d/30-type.conf",
        };
        assert_int_equal(strv_length(u->dropin_paths), ELEMENTSOF(expected));
        for (size_t i = 0; i < ELEMENTSOF(expected); i++)
                assert_string_equal(u->dropin_paths[i], expected[i]);
        loaded_unit_free(u);
}

static void test_wants_dir_and_linked(void **state) {
        (void) state;
        LoadedUnit *u = load("multi-user.target");
        assert_true(strv_contains(u->wants_dir, "a.service"));
        loaded_unit_free(u);
        u = load("l.service");
        assert_string_equal(u->fragment_path, "/opt/linked/l.service");
        loaded_unit_free(u);
}

static void test_bad_file_is_error_not_crash(void **state) {
        (void) state;
        LookupPaths lp;
        UnitNameMap *m;
        LoadedUnit *u;
        assert_int_equal(lookup_paths_init(&lp, root), 0);
        assert_int_equal(unit_name_map_build(&lp, &m), 0);
        assert_int_equal(unit_file_load(&lp, m, "bad.service", 0, &u), 0);
        assert_int_equal(u->load_state, UNIT_ERROR);
        assert_int_equal(u->load_error, -EBADMSG);
        loaded_unit_free(u);
        assert_int_equal(unit_file_load(&lp, m, "t@.service", 0, &u), -EINVAL); /* templates cannot load */
        unit_name_map_free(m);
        lookup_paths_done(&lp);
}

static void test_unit_path_env(void **state) {
        (void) state;
        LookupPaths lp;
        setenv("SYSTEMD_UNIT_PATH", "/a:/b", 1);
        assert_int_equal(lookup_paths_init(&lp, NULL), 0);
        assert_int_equal(strv_length(lp.search_path), 2);
        lookup_paths_done(&lp);
        setenv("SYSTEMD_UNIT_PATH", "/a:", 1);
        assert_int_equal(lookup_paths_init(&lp, NULL), 0);
        assert_string_equal(lp.search_path[0], "/a");
        assert_true(strv_length(lp.search_path) > 5);
        lookup_paths_done(&lp);
        unsetenv("SYSTEMD_UNIT_PATH");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fragment_priority),
                cmocka_unit_test(test_alias_resolves_to_main_name),
                cmocka_unit_test(test_instances),
                cmocka_unit_test(test_masks_and_missing),
                cmocka_unit_test(test_dropin_order),
                cmocka_unit_test(test_wants_dir_and_linked),
                cmocka_unit_test(test_bad_file_is_error_not_crash),
                cmocka_unit_test(test_unit_path_env),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
