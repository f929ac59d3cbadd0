/* test-automount-swap.c — automount and swap units inside a real manager (test mode, a temp
 * root, nothing mounted or switched on): what their files mean at load time — the implicit
 * and default dependencies of systemd.automount(5) and systemd.swap(5), names that must match
 * Where=/What=, nofail, the properties `show` prints — and the swapon(2) flags made of
 * Priority= and Options=. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/swap.h>

#include <cmocka.h>

#include "manager.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "swap.h"

static char root[] = "/tmp/test-automount-swap.XXXXXX";

static void put(const char *name, const char *text) {
        _cleanup_free_ char *p = path_join(root, "/usr/lib/systemd/system", name);
        FILE *f = fopen(p, "we");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static int setup(void **state) {
        (void) state;
        assert_non_null(mkdtemp(root));
        _cleanup_free_ char *cmd = strjoin("mkdir -p ", root, "/usr/lib/systemd/system");
        assert_int_equal(system(cmd), 0);
        unsetenv("SYSTEMD_UNIT_PATH");
        setenv("SYSMASTER_TEST_DEVICES", "1", 1); /* device units as on a real machine */
        const char *stubs[] = { "local-fs.target", "local-fs-pre.target", "umount.target", "swap.target",
                                "system.slice", "-.slice", "sysinit.target", "shutdown.target" };
        for (size_t i = 0; i < sizeof stubs / sizeof stubs[0]; i++)
                put(stubs[i], "[Unit]\nDefaultDependencies=no\n");
        put("srv-data.mount", "[Mount]\nWhat=/dev/sdc1\nWhere=/srv/data\n");
        put("srv-data.automount", "[Automount]\nWhere=/srv/data/\nTimeoutIdleSec=5min\nExtraOptions=strictexpire\n");
        put("srv-plain.automount", "[Unit]\nDefaultDependencies=no\n[Automount]\n");
        put("srv-wrong.automount", "[Automount]\nWhere=/srv/other\n");
        put("-.automount", "[Automount]\n");
        put("proc-sys-fs-binfmt_misc.automount", "[Unit]\nDefaultDependencies=no\n[Automount]\nWhere=/proc/sys/fs/binfmt_misc\n");
        put("dev-sdb2.swap", "[Swap]\nWhat=/dev/sdb2\nPriority=5\nOptions=discard,nofail\n");
        put("swapfile.swap", "[Swap]\nOptions=pri=3\nTimeoutSec=10s\n");
        put("dev-sdb3.swap", "[Swap]\nWhat=/dev/sdb9\n");
        return 0;
}

static int teardown(void **state) {
        (void) state;
        unsetenv("SYSMASTER_TEST_DEVICES");
        _cleanup_free_ char *cmd = strjoin("rm -rf ", root);
        return system(cmd) == 0 ? 0 : -1;
}

static Manager *new_manager(void) {
        ManagerOptions o = { .root = root, .test = true };
        Manager *m;
        assert_int_equal(manager_new(&o, &m), 0);
        return m;
}

static Unit *load(Manager *m, const char *name) {
        Unit *u;
        assert_int_equal(manager_load_unit(m, name, &u), 0);
        return unit_pin(u);
}

static bool has(Manager *m, Unit *u, UnitRelation r, const char *other) {
        Unit *o = manager_get_unit(m, other);
        return o && unit_set_contains(&u->deps[r], o);
}

static bool prop(Unit *u, const char *want) {
        _cleanup_strv_free_ char **l = NULL;
        assert_int_equal(u->vtable->append_properties(u, &l), 0);
        return strv_contains(l, want);
}

static void test_automount_dependencies(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *a = load(m, "srv-data.automount");
        assert_int_equal(a->load_state, UNIT_LOADED);
        Unit *mt = manager_get_unit(m, "srv-data.mount");
        assert_non_null(mt);
        /* implicit: it triggers its mount and comes before it (the mount is After= it) */
        assert_true(unit_set_contains(&a->deps[REL_TRIGGERS], mt));
        assert_true(unit_set_contains(&mt->deps[REL_TRIGGERED_BY], a));
        assert_true(unit_set_contains(&a->deps[REL_BEFORE], mt));
        assert_true(unit_set_contains(&mt->deps[REL_AFTER], a));
        /* default: local-fs-pre.target → it → local-fs.target; gone at umount.target */
        assert_true(has(m, a, REL_BEFORE, "local-fs.target"));
        assert_true(has(m, a, REL_AFTER, "local-fs-pre.target"));
        assert_true(has(m, a, REL_CONFLICTS, "umount.target"));
        assert_true(has(m, a, REL_BEFORE, "umount.target"));
        /* never stopped by an isolate */
        assert_true(a->config->unit->ignore_on_isolate);
        assert_true(prop(a, "Where=/srv/data"));
        assert_true(prop(a, "TimeoutIdleUSec=5min"));
        assert_true(prop(a, "ExtraOptions=strictexpire"));
        assert_true(prop(a, "DirectoryMode=0755"));
        assert_string_equal(unit_sub_state(a), "dead");
        assert_string_equal(unit_description(a), "/srv/data");

        /* Where= from the name; DefaultDependencies=no leaves only the implicit ones */
        Unit *p = load(m, "srv-plain.automount");
        assert_int_equal(p->load_state, UNIT_LOADED);
        assert_true(prop(p, "Where=/srv/plain"));
        assert_true(prop(p, "TimeoutIdleUSec=0"));
        assert_true(has(m, p, REL_TRIGGERS, "srv-plain.mount"));
        assert_false(has(m, p, REL_BEFORE, "local-fs.target"));
        assert_false(has(m, p, REL_CONFLICTS, "umount.target"));

        /* refused: Where= not the name's path; the root. An API file system is fine (Debian
         * ships proc-sys-fs-binfmt_misc.automount; refusing it was a difference from systemd
         * the Debian boot comparison found) */
        assert_int_equal(load(m, "srv-wrong.automount")->load_state, UNIT_BAD_SETTING);
        assert_int_equal(load(m, "-.automount")->load_state, UNIT_BAD_SETTING);
        assert_int_equal(load(m, "proc-sys-fs-binfmt_misc.automount")->load_state, UNIT_LOADED);

        /* a --test manager never mounts autofs on the machine it runs on */
        assert_int_equal(a->vtable->start(a), -EOPNOTSUPP);
        manager_free(m);
}

static void test_swap_dependencies(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *s = load(m, "dev-sdb2.swap");
        assert_int_equal(s->load_state, UNIT_LOADED);
        /* its device: BindsTo= and After= */
        assert_true(has(m, s, REL_BINDS_TO, "dev-sdb2.device"));
        assert_true(has(m, s, REL_AFTER, "dev-sdb2.device"));
        /* nofail: swap.target does not wait for it */
        assert_false(has(m, s, REL_BEFORE, "swap.target"));
        assert_true(has(m, s, REL_CONFLICTS, "umount.target"));
        assert_true(has(m, s, REL_BEFORE, "umount.target"));
        assert_true(has(m, s, REL_REQUIRES, "system.slice"));
        assert_true(s->config->unit->ignore_on_isolate);
        assert_true(prop(s, "What=/dev/sdb2"));
        assert_true(prop(s, "Priority=5"));
        assert_true(prop(s, "Options=discard,nofail"));
        assert_true(prop(s, "TimeoutUSec=1min 30s"));

        /* a swap file: What= from the name, the mounts of its path, swap.target waits */
        Unit *f = load(m, "swapfile.swap");
        assert_int_equal(f->load_state, UNIT_LOADED);
        assert_true(prop(f, "What=/swapfile"));
        assert_true(prop(f, "Priority=3")); /* pri= of Options= */
        assert_true(prop(f, "TimeoutUSec=10s"));
        assert_true(has(m, f, REL_BEFORE, "swap.target"));
        assert_false(has(m, f, REL_BINDS_TO, "swapfile.device"));
        assert_true(has(m, f, REL_AFTER, "-.mount") || !manager_get_unit(m, "-.mount"));

        /* What= and the name disagree: refused */
        assert_int_equal(load(m, "dev-sdb3.swap")->load_state, UNIT_BAD_SETTING);
        /* the machine's swap is never switched by a --test manager */
        assert_int_equal(s->vtable->start(s), -EOPNOTSUPP);
        assert_string_equal(unit_sub_state(s), "dead");
        manager_free(m);
}

static void test_swap_flags(void **state) {
        (void) state;
        assert_int_equal(swap_flags(-1, NULL), 0);
        assert_int_equal(swap_flags(5, NULL), SWAP_FLAG_PREFER | 5);
        assert_int_equal(swap_flags(-1, "sw,pri=7"), SWAP_FLAG_PREFER | 7);
        /* Priority= wins over pri= */
        assert_int_equal(swap_flags(2, "pri=7"), SWAP_FLAG_PREFER | 2);
        assert_int_equal(swap_flags(0, NULL), SWAP_FLAG_PREFER);
        assert_int_equal(swap_flags(32767, NULL), SWAP_FLAG_PREFER | 32767);
        assert_int_equal(swap_flags(-1, "pri=x"), 0);
        assert_int_equal(swap_flags(-1, "pri=40000"), 0);
        assert_int_equal(swap_flags(-1, "discard"), SWAP_FLAG_DISCARD);
        assert_int_equal(swap_flags(-1, "discard=once"), SWAP_FLAG_DISCARD | 0x20000);
        assert_int_equal(swap_flags(-1, "nofail,discard=pages,pri=1"), SWAP_FLAG_DISCARD | 0x40000 | SWAP_FLAG_PREFER | 1);
        assert_int_equal(swap_flags(-1, "nodiscard"), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_automount_dependencies),
                cmocka_unit_test(test_swap_dependencies),
                cmocka_unit_test(test_swap_flags),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
