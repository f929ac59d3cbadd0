/* test-unit-gc.c — garbage collection of unneeded units (manager-gc.c) inside a real manager
 * (test mode, a temp root): a stopped unit nobody references goes, one a loaded unit wants
 * stays until that unit goes too, a failed unit stays until reset-failed (CollectMode=
 * inactive) or goes at once (inactive-or-failed), a pinned unit and an active one stay, and a
 * not-found unit a lookup created goes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "manager.h"
#include "path-util.h"
#include "string-util.h"

static char root[] = "/tmp/test-unit-gc.XXXXXX";

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
        put("a.target", "[Unit]\nDefaultDependencies=no\n");
        put("b.target", "[Unit]\nDefaultDependencies=no\nWants=c.target\n");
        put("c.target", "[Unit]\nDefaultDependencies=no\n");
        put("d.target", "[Unit]\nDefaultDependencies=no\nAfter=e.target\n");
        put("e.target", "[Unit]\nDefaultDependencies=no\n");
        put("fails.service", "[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStart=/bin/false\n");
        put("fails-collected.service",
            "[Unit]\nDefaultDependencies=no\nCollectMode=inactive-or-failed\n[Service]\nType=oneshot\nExecStart=/bin/false\n");
        return 0;
}

static int teardown(void **state) {
        (void) state;
        _cleanup_free_ char *cmd = strjoin("rm -rf ", root);
        return system(cmd) == 0 ? 0 : -1;
}

static void spin(Manager *m) {
        for (int i = 0; i < 5; i++)
                event_run(m->event, 10 * USEC_PER_MSEC);
}

static Unit *load(Manager *m, const char *name) {
        Unit *u;
        assert_int_equal(manager_load_unit(m, name, &u), 0);
        return u;
}

static void job(Manager *m, const char *name, JobType t) {
        assert_int_equal(manager_add_job(m, t, load(m, name), JOB_REPLACE, true, NULL, NULL), 0);
        spin(m);
}

static bool run_until_failed(Manager *m, const char *name) {
        usec_t end = now_usec(CLOCK_MONOTONIC) + 3 * USEC_PER_SEC;
        while (now_usec(CLOCK_MONOTONIC) < end) {
                Unit *u = manager_get_unit(m, name);
                if (u && unit_active_state(u) == UNIT_FAILED)
                        return true;
                event_run(m->event, 20 * USEC_PER_MSEC);
        }
        return false;
}

static void test_gc(void **state) {
        (void) state;
        ManagerOptions o = { .root = root, .test = true };
        Manager *m;
        assert_int_equal(manager_new(&o, &m), 0);

        /* started and stopped, nobody refers to it: unloaded */
        job(m, "a.target", JOB_START);
        assert_non_null(manager_get_unit(m, "a.target"));
        assert_int_equal(unit_active_state(manager_get_unit(m, "a.target")), UNIT_ACTIVE);
        job(m, "a.target", JOB_STOP);
        assert_null(manager_get_unit(m, "a.target"));

        /* wanted by a loaded unit: stays while that one is loaded */
        job(m, "b.target", JOB_START);
        assert_int_equal(unit_active_state(manager_get_unit(m, "c.target")), UNIT_ACTIVE);
        job(m, "c.target", JOB_STOP);
        assert_non_null(manager_get_unit(m, "c.target"));
        job(m, "b.target", JOB_STOP);
        assert_null(manager_get_unit(m, "b.target"));
        assert_null(manager_get_unit(m, "c.target"));

        /* a pin keeps a stopped unit */
        Unit *a = unit_pin(load(m, "a.target"));
        manager_schedule_gc(m);
        spin(m);
        assert_ptr_equal(manager_get_unit(m, "a.target"), a);
        unit_unpin(a);
        manager_schedule_gc(m);
        spin(m);
        assert_null(manager_get_unit(m, "a.target"));

        /* only ordered after by a loaded unit: kept too (every dependency a file names is a
         * reference, as in systemd), so `show -p After` still lists it */
        Unit *d = unit_pin(load(m, "d.target"));
        manager_schedule_gc(m);
        spin(m);
        assert_non_null(manager_get_unit(m, "e.target"));
        unit_unpin(d);
        manager_schedule_gc(m);
        spin(m);
        assert_null(manager_get_unit(m, "d.target"));
        assert_null(manager_get_unit(m, "e.target"));

        /* failed: kept for status until reset-failed; with CollectMode=inactive-or-failed not */
        job(m, "fails.service", JOB_START);
        assert_true(run_until_failed(m, "fails.service"));
        spin(m);
        Unit *f = manager_get_unit(m, "fails.service");
        assert_non_null(f);
        assert_int_equal(m->n_failed_units, 1);
        f->vtable->reset_failed(f);
        spin(m);
        assert_null(manager_get_unit(m, "fails.service"));
        assert_int_equal(m->n_failed_units, 0);
        job(m, "fails-collected.service", JOB_START);
        usec_t end = now_usec(CLOCK_MONOTONIC) + 3 * USEC_PER_SEC;
        while (manager_get_unit(m, "fails-collected.service") && now_usec(CLOCK_MONOTONIC) < end)
                event_run(m->event, 20 * USEC_PER_MSEC);
        assert_null(manager_get_unit(m, "fails-collected.service"));
        assert_int_equal(m->n_failed_units, 0);

        /* a lookup of a unit that does not exist leaves nothing behind */
        Unit *n = load(m, "nope.target");
        assert_int_equal(n->load_state, UNIT_NOT_FOUND);
        manager_schedule_gc(m);
        spin(m);
        assert_null(manager_get_unit(m, "nope.target"));
        manager_free(m);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_gc),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
