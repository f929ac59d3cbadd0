/* test-install.c — the install logic on temporary trees: which symlinks enable, disable,
 * mask, unmask and link make or remove, and the state is-enabled reports afterwards, for
 * plain units, aliases, Also=, templates with and without DefaultInstance, specifiers and
 * the error cases (missing unit, masked unit, invalid names, conflicting links). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <strings.h>

#include "install-test-util.h"
#include "install.h"
#include "strv.h"

typedef struct Env {
        char *root;
        LookupPaths lp;
        InstallChanges changes;
} Env;

static int setup(void **state) {
        Env *e = calloc(1, sizeof(Env));
        e->root = tt_mkroot();
        tt_write(e->root, "usr/lib/systemd/system/a.service",
                 "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\nRequiredBy=x.target\nAlias=a2.service\n");
        tt_write(e->root, "usr/lib/systemd/system/s.service", "[Service]\nExecStart=/bin/true\n");
        tt_write(e->root, "usr/lib/systemd/system/m.service", "[Install]\nWantedBy=multi-user.target\nAlso=h.socket\n");
        tt_write(e->root, "usr/lib/systemd/system/h.socket", "[Install]\nWantedBy=sockets.target\n");
        tt_write(e->root, "usr/lib/systemd/system/ind.service", "[Install]\nAlso=h.socket\n");
        tt_write(e->root, "usr/lib/systemd/system/t@.service",
                 "[Install]\nWantedBy=multi-user.target\nDefaultInstance=def\nAlias=al-%i@.service\n");
        tt_write(e->root, "usr/lib/systemd/system/n@.service", "[Install]\nWantedBy=multi-user.target\n");
        tt_write(e->root, "usr/lib/systemd/system/sp.service", "[Install]\nWantedBy=x-%m-%p.target\n");
        tt_write(e->root, "usr/lib/systemd/system/bad.service", "[Install]\nWantedBy=foo\n");
        tt_write(e->root, "etc/systemd/system/e.service", "[Install]\nWantedBy=multi-user.target\n");
        tt_write(e->root, "opt/l.service", "[Install]\nWantedBy=multi-user.target\n");
        tt_write(e->root, "run/systemd/generator/g.service", "[Unit]\n");
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

static UnitFileState state_of(Env *e, const char *name) {
        UnitFileState s = _UNIT_FILE_STATE_INVALID;
        assert_int_equal(install_get_state(&e->lp, name, &s), 0);
        return s;
}

static int count(const InstallChanges *c, int type) {
        int n = 0;
        for (size_t k = 0; k < c->n; k++)
                n += c->items[k].type == type;
        return n;
}

static void test_enable_disable(void **state) {
        Env *e = *state;
        char *names[] = { "a.service", NULL };
        assert_int_equal(state_of(e, "a.service"), UNIT_FILE_DISABLED);
        assert_true(install_enable(&e->lp, 0, names, &e->changes) > 0);
        assert_string_equal(tt_readlink(e->root, "etc/systemd/system/multi-user.target.wants/a.service"),
                            "/usr/lib/systemd/system/a.service");
        assert_string_equal(tt_readlink(e->root, "etc/systemd/system/x.target.requires/a.service"),
                            "/usr/lib/systemd/system/a.service");
        assert_string_equal(tt_readlink(e->root, "etc/systemd/system/a2.service"), "/usr/lib/systemd/system/a.service");
        assert_int_equal(count(&e->changes, INSTALL_CHANGE_SYMLINK), 3);
        assert_int_equal(count(&e->changes, INSTALL_CHANGE_IS_DANGLING), 1); /* x.target does not exist */
        assert_int_equal(state_of(e, "a.service"), UNIT_FILE_ENABLED);
        assert_int_equal(state_of(e, "a2.service"), UNIT_FILE_ALIAS);

        /* again: nothing new, still "carries install info" */
        install_changes_done(&e->changes);
        assert_true(install_enable(&e->lp, 0, names, &e->changes) > 0);
        assert_int_equal(count(&e->changes, INSTALL_CHANGE_SYMLINK), 0);

        install_changes_done(&e->changes);
        assert_int_equal(install_disable(&e->lp, 0, names, &e->changes), 0);
        assert_int_equal(count(&e->changes, INSTALL_CHANGE_UNLINK), 3);
        assert_false(tt_exists(e->root, "etc/systemd/system/a2.service"));
        assert_false(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants")); /* emptied dirs go */
        assert_int_equal(state_of(e, "a.service"), UNIT_FILE_DISABLED);
}

static void test_runtime(void **state) {
        Env *e = *state;
        char *names[] = { "a.service", NULL };
        assert_true(install_enable(&e->lp, INSTALL_RUNTIME, names, &e->changes) > 0);
        assert_true(tt_exists(e->root, "run/systemd/system/multi-user.target.wants/a.service"));
        assert_int_equal(state_of(e, "a.service"), UNIT_FILE_ENABLED_RUNTIME);
        /* disable without --runtime leaves /run alone */
        assert_int_equal(install_disable(&e->lp, 0, names, &e->changes), 0);
        assert_int_equal(state_of(e, "a.service"), UNIT_FILE_ENABLED_RUNTIME);
        assert_int_equal(install_disable(&e->lp, INSTALL_RUNTIME, names, &e->changes), 0);
        assert_int_equal(state_of(e, "a.service"), UNIT_FILE_DISABLED);
}

static void test_static_and_missing(void **state) {
        Env *e = *state;
        char *s[] = { "s.service", NULL }, *x[] = { "nonexist.service", NULL };
        assert_int_equal(install_enable(&e->lp, 0, s, &e->changes), 0);
        assert_int_equal(e->changes.n, 0);
        assert_int_equal(state_of(e, "s.service"), UNIT_FILE_STATIC);
        assert_int_equal(install_enable(&e->lp, 0, x, &e->changes), -ENOENT);
        assert_int_equal(count(&e->changes, -ENOENT), 1);
        UnitFileState st;
        assert_int_equal(install_get_state(&e->lp, "nonexist.service", &st), -ENOENT);
        assert_int_equal(state_of(e, "multi-user.target"), UNIT_FILE_STATIC);
        assert_int_equal(state_of(e, "g.service"), UNIT_FILE_GENERATED);
}

static void test_also(void **state) {
        Env *e = *state;
        char *names[] = { "m.service", NULL }, *ind[] = { "ind.service", NULL };
        assert_int_equal(state_of(e, "ind.service"), UNIT_FILE_INDIRECT);
        assert_true(install_enable(&e->lp, 0, names, &e->changes) > 0);
        assert_true(tt_exists(e->root, "etc/systemd/system/sockets.target.wants/h.socket"));
        assert_int_equal(state_of(e, "h.socket"), UNIT_FILE_ENABLED);
        assert_int_equal(install_disable(&e->lp, 0, names, &e->changes), 0);
        assert_false(tt_exists(e->root, "etc/systemd/system/sockets.target.wants/h.socket"));
        /* a unit with only Also= still carries install info through its helper */
        assert_true(install_enable(&e->lp, 0, ind, &e->changes) > 0);
        assert_int_equal(state_of(e, "ind.service"), UNIT_FILE_INDIRECT);
}

static void test_templates(void **state) {
        Env *e = *state;
        char *t[] = { "t@.service", NULL }, *x[] = { "t@x.service", NULL }, *n[] = { "n@.service", NULL };
        assert_true(install_enable(&e->lp, 0, t, &e->changes) > 0);
        assert_string_equal(tt_readlink(e->root, "etc/systemd/system/multi-user.target.wants/t@def.service"),
                            "/usr/lib/systemd/system/t@.service");
        assert_true(tt_exists(e->root, "etc/systemd/system/al-def@.service")); /* %i is the default instance */
        assert_int_equal(state_of(e, "t@.service"), UNIT_FILE_ENABLED);

        assert_true(install_enable(&e->lp, 0, x, &e->changes) > 0);
        assert_true(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/t@x.service"));
        assert_true(tt_exists(e->root, "etc/systemd/system/al-x@x.service"));
        assert_int_equal(state_of(e, "t@x.service"), UNIT_FILE_ENABLED);
        assert_int_equal(state_of(e, "t@y.service"), UNIT_FILE_DISABLED);

        /* disabling one instance leaves its siblings */
        assert_int_equal(install_disable(&e->lp, 0, x, &e->changes), 0);
        assert_false(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/t@x.service"));
        assert_true(tt_exists(e->root, "etc/systemd/system/multi-user.target.wants/t@def.service"));

        /* a template without a default instance cannot be wanted by a plain target */
        install_changes_done(&e->changes);
        assert_int_equal(install_enable(&e->lp, 0, n, &e->changes), -EIDRM);
        assert_int_equal(count(&e->changes, -EIDRM), 1);
}

static void test_mask(void **state) {
        Env *e = *state;
        char *a[] = { "a.service", NULL }, *ee[] = { "e.service", NULL };
        assert_int_equal(install_mask(&e->lp, 0, a, &e->changes), 0);
        assert_string_equal(tt_readlink(e->root, "etc/systemd/system/a.service"), "/dev/null");
        assert_int_equal(state_of(e, "a.service"), UNIT_FILE_MASKED);
        install_changes_done(&e->changes);
        assert_int_equal(install_enable(&e->lp, 0, a, &e->changes), -ERFKILL);
        assert_int_equal(install_unmask(&e->lp, 0, a, &e->changes), 0);
        assert_int_equal(state_of(e, "a.service"), UNIT_FILE_DISABLED);
        /* a real file in /etc is never replaced, not even with force */
        assert_int_equal(install_mask(&e->lp, INSTALL_FORCE, ee, &e->changes), -EEXIST);
        assert_int_equal(install_mask(&e->lp, INSTALL_RUNTIME, a, &e->changes), 0);
        assert_int_equal(state_of(e, "a.service"), UNIT_FILE_MASKED_RUNTIME);
}

static void test_link(void **state) {
        Env *e = *state;
        char *p[] = { "/opt/l.service", NULL }, *l[] = { "l.service", NULL };
        assert_true(install_link(&e->lp, 0, p, &e->changes) > 0);
        assert_string_equal(tt_readlink(e->root, "etc/systemd/system/l.service"), "/opt/l.service");
        assert_int_equal(state_of(e, "l.service"), UNIT_FILE_LINKED);
        assert_true(install_enable(&e->lp, 0, l, &e->changes) > 0);
        assert_string_equal(tt_readlink(e->root, "etc/systemd/system/multi-user.target.wants/l.service"), "/opt/l.service");
        assert_int_equal(state_of(e, "l.service"), UNIT_FILE_ENABLED);
        assert_int_equal(install_disable(&e->lp, 0, l, &e->changes), 0);
        assert_false(tt_exists(e->root, "etc/systemd/system/l.service"));
}

static void test_conflict_and_names(void **state) {
        Env *e = *state;
        char *a[] = { "a.service", NULL }, *bad[] = { "bad.service", NULL }, *sp[] = { "sp.service", NULL };
        tt_symlink(e->root, "/usr/lib/systemd/system/s.service", "etc/systemd/system/a2.service");
        assert_int_equal(install_enable(&e->lp, 0, a, &e->changes), -EEXIST);
        install_changes_done(&e->changes);
        assert_true(install_enable(&e->lp, INSTALL_FORCE, a, &e->changes) > 0);
        assert_string_equal(tt_readlink(e->root, "etc/systemd/system/a2.service"), "/usr/lib/systemd/system/a.service");
        install_changes_done(&e->changes);
        assert_int_equal(install_enable(&e->lp, 0, bad, &e->changes), -EUCLEAN);
        assert_true(install_enable(&e->lp, 0, sp, &e->changes) > 0);
        assert_true(tt_exists(e->root, "etc/systemd/system/x-0123456789abcdef0123456789abcdef-sp.target.wants/sp.service"));
}

static void test_list(void **state) {
        Env *e = *state;
        UnitFileEntry *l = NULL;
        size_t n = 0;
        char *pat[] = { "*.service", NULL };
        assert_int_equal(install_list_unit_files(&e->lp, pat, &l, &n), 0);
        assert_true(n >= 8);
        for (size_t k = 1; k < n; k++)
                assert_true(strcasecmp(l[k - 1].name, l[k].name) < 0);
        unit_file_entries_free(l, n);
        assert_string_equal(unit_file_state_to_string(UNIT_FILE_ENABLED_RUNTIME), "enabled-runtime");
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_enable_disable, setup, teardown),
                cmocka_unit_test_setup_teardown(test_runtime, setup, teardown),
                cmocka_unit_test_setup_teardown(test_static_and_missing, setup, teardown),
                cmocka_unit_test_setup_teardown(test_also, setup, teardown),
                cmocka_unit_test_setup_teardown(test_templates, setup, teardown),
                cmocka_unit_test_setup_teardown(test_mask, setup, teardown),
                cmocka_unit_test_setup_teardown(test_link, setup, teardown),
                cmocka_unit_test_setup_teardown(test_conflict_and_names, setup, teardown),
                cmocka_unit_test_setup_teardown(test_list, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
