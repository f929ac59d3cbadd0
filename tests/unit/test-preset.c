/* test-preset.c — preset policy and its application: file merging by name across the preset
 * directories, first match wins, globs, template instance lists, the default "enable", the
 * three preset modes, and preset-all over a temporary tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "install-test-util.h"
#include "preset.h"
#include "strv.h"

typedef struct Env {
        char *root;
        LookupPaths lp;
        InstallChanges changes;
} Env;

static int setup(void **state) {
        Env *e = calloc(1, sizeof(Env));
        e->root = tt_mkroot();
        const char *units[] = { "a.service", "b.service", "c.service", "d.service" };
        for (size_t k = 0; k < 4; k++) {
                char p[256];
                snprintf(p, sizeof p, "usr/lib/systemd/system/%s", units[k]);
                tt_write(e->root, p, "[Install]\nWantedBy=multi-user.target\n");
        }
        tt_write(e->root, "usr/lib/systemd/system/t@.service", "[Install]\nWantedBy=multi-user.target\nDefaultInstance=d\n");
        tt_write(e->root, "usr/lib/systemd/system-preset/90-default.preset",
                 "# comment\nenable a.*\ndisable b.service\nenable t@.service x y\nnonsense\ndisable *\n");
        tt_write(e->root, "etc/systemd/system-preset/10-local.preset", "enable c.service\n");
        tt_write(e->root, "lib/systemd/system-preset/50-lib.preset", "disable a.service\n");
        assert_int_equal(lookup_paths_init(&e->lp, e->root), 0);
        *state = e;
        return 0;
}

static int teardown(void **state) {
        Env *e = *state;
        install_changes_done(&e->changes);
        lookup_paths_done(&e->lp);
        tt_rmroot(e->root);
        free(e);
        return 0;
}

static void test_query(void **state) {
        Env *e = *state;
        Presets p = {};
        char **inst = NULL;
        assert_int_equal(presets_load(e->root, &p), 0);
        assert_int_equal(presets_query(&p, "c.service", NULL), PRESET_ACTION_ENABLE);  /* 10-local first */
        assert_int_equal(presets_query(&p, "a.service", NULL), PRESET_ACTION_DISABLE); /* 50-lib before 90 */
        assert_int_equal(presets_query(&p, "a.socket", NULL), PRESET_ACTION_ENABLE);   /* glob a.* */
        assert_int_equal(presets_query(&p, "b.service", NULL), PRESET_ACTION_DISABLE);
        assert_int_equal(presets_query(&p, "z.service", NULL), PRESET_ACTION_DISABLE); /* disable * */
        assert_int_equal(presets_query(&p, "t@.service", &inst), PRESET_ACTION_ENABLE);
        assert_non_null(inst);
        assert_string_equal(inst[0], "x");
        assert_string_equal(inst[1], "y");
        assert_int_equal(presets_query(&p, "t@y.service", NULL), PRESET_ACTION_ENABLE);
        presets_done(&p);

        /* no files at all: everything is enabled */
        char *empty = strdup("/tmp/sctl-preset-none.XXXXXX");
        assert_non_null(mkdtemp(empty));
        assert_int_equal(presets_load(empty, &p), 0);
        assert_int_equal(p.n, 0);
        assert_int_equal(presets_query(&p, "anything.service", NULL), PRESET_ACTION_ENABLE);
        presets_done(&p);
        rmdir(empty);
        free(empty);
}

static void test_override_by_name(void **state) {
        Env *e = *state;
        Presets p = {};
        tt_write(e->root, "etc/systemd/system-preset/90-default.preset", "disable c.service\n");
        assert_int_equal(presets_load(e->root, &p), 0);
        /* /usr/lib's 90-default.preset is hidden entirely: b falls to the default */
        assert_int_equal(presets_query(&p, "b.service", NULL), PRESET_ACTION_ENABLE);
        presets_done(&p);
}

static void test_preset(void **state) {
        Env *e = *state;
        char *names[] = { "a.service", "c.service", "t@.service", NULL };
        assert_true(install_preset(&e->lp, 0, UNIT_FILE_PRESET_FULL, names, &e->changes) > 0);
        assert_false(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/a.service"));
        assert_true(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/c.service"));
        assert_true(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/t@x.service"));
        assert_true(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/t@y.service"));
        assert_false(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/t@d.service"));
}

static void test_preset_all_modes(void **state) {
        Env *e = *state;
        char *b[] = { "b.service", NULL };
        assert_true(install_enable(&e->lp, 0, b, &e->changes) > 0);
        assert_true(install_preset_all(&e->lp, 0, UNIT_FILE_PRESET_ENABLE_ONLY, &e->changes) >= 0);
        assert_true(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/b.service"));
        assert_true(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/c.service"));
        assert_true(install_preset_all(&e->lp, 0, UNIT_FILE_PRESET_DISABLE_ONLY, &e->changes) >= 0);
        assert_false(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/b.service"));
        assert_true(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/c.service"));
        assert_true(install_preset_all(&e->lp, 0, UNIT_FILE_PRESET_FULL, &e->changes) >= 0);
        assert_false(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/d.service"));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_query, setup, teardown),
                cmocka_unit_test_setup_teardown(test_override_by_name, setup, teardown),
                cmocka_unit_test_setup_teardown(test_preset, setup, teardown),
                cmocka_unit_test_setup_teardown(test_preset_all_modes, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
