/* test-transaction.c — the job engine without processes: the merge table cell by cell, and
 * transactions over unit trees of targets built in a temp root (pulled-in jobs, Wants= of
 * missing units, ordering cycles broken by dropping a Wants= job, conflicts, isolate, the
 * fail mode refusing destructive transactions, RefuseManualStart=). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "job.h"
#include "manager.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

static char root[] = "/tmp/test-transaction.XXXXXX";

static void put(const char *name, const char *text) {
        _cleanup_free_ char *p = path_join(root, "/usr/lib/systemd/system", name);
        FILE *f = fopen(p, "we");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

#define TARGET(name, extra) put(name, "[Unit]\nDefaultDependencies=no\n" extra)

static int setup(void **state) {
        (void) state;
        assert_non_null(mkdtemp(root));
        _cleanup_free_ char *d = path_join(root, "/usr/lib/systemd/system");
        _cleanup_free_ char *cmd = strjoin("mkdir -p ", d);
        assert_int_equal(system(cmd), 0);
        unsetenv("SYSTEMD_UNIT_PATH");
        TARGET("a.target", "Requires=b.target\nAfter=b.target\nWants=c.target missing.target\n");
        TARGET("b.target", "");
        TARGET("c.target", "");
        /* x wants y, y wants x, ordered both ways: a cycle among Wants= jobs */
        TARGET("x.target", "Wants=y.target\nAfter=y.target\n");
        TARGET("y.target", "Wants=x.target\nAfter=x.target\n");
        /* p requires q and q requires p, ordered both ways: unbreakable */
        TARGET("p.target", "Requires=q.target\nAfter=q.target\n");
        TARGET("q.target", "Requires=p.target\nAfter=p.target\n");
        TARGET("conflict.target", "Conflicts=b.target\n");
        TARGET("both.target", "Requires=b.target conflict.target\n");
        TARGET("iso.target", "AllowIsolate=yes\nRequires=b.target\n");
        TARGET("noiso.target", "");
        TARGET("refuse.target", "RefuseManualStart=yes\n");
        TARGET("req.target", "Requisite=c.target\n");
        return 0;
}

static int teardown(void **state) {
        (void) state;
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
        return u;
}

static void run_until_idle(Manager *m) {
        for (int i = 0; i < 100 && (m->run_queue || hashmap_size(m->jobs) > 0); i++)
                assert_true(event_run(m->event, 0) >= 0);
}

static void test_merge_table(void **state) {
        (void) state;
        /* every cell of the table systemd documents for jobs inside a transaction */
        static const struct {
                JobType a, b, merged;
        } cells[] = {
                { JOB_START, JOB_START, JOB_START },
                { JOB_START, JOB_VERIFY_ACTIVE, JOB_START },
                { JOB_START, JOB_STOP, _JOB_TYPE_INVALID },
                { JOB_START, JOB_RELOAD, JOB_RELOAD_OR_START },
                { JOB_START, JOB_RESTART, JOB_RESTART },
                { JOB_VERIFY_ACTIVE, JOB_VERIFY_ACTIVE, JOB_VERIFY_ACTIVE },
                { JOB_VERIFY_ACTIVE, JOB_STOP, _JOB_TYPE_INVALID },
                { JOB_VERIFY_ACTIVE, JOB_RELOAD, JOB_RELOAD },
                { JOB_VERIFY_ACTIVE, JOB_RESTART, JOB_RESTART },
                { JOB_STOP, JOB_STOP, JOB_STOP },
                { JOB_STOP, JOB_RELOAD, _JOB_TYPE_INVALID },
                { JOB_STOP, JOB_RESTART, _JOB_TYPE_INVALID },
                { JOB_RELOAD, JOB_RELOAD, JOB_RELOAD },
                { JOB_RELOAD, JOB_RESTART, JOB_RESTART },
                { JOB_RESTART, JOB_RESTART, JOB_RESTART },
                { JOB_RELOAD_OR_START, JOB_START, JOB_RELOAD_OR_START },
                { JOB_RELOAD_OR_START, JOB_RESTART, JOB_RESTART },
                { JOB_NOP, JOB_STOP, JOB_STOP },
        };
        for (size_t i = 0; i < ELEMENTSOF(cells); i++) {
                assert_int_equal(job_type_merge(cells[i].a, cells[i].b), cells[i].merged);
                assert_int_equal(job_type_merge(cells[i].b, cells[i].a), cells[i].merged); /* symmetric */
                assert_int_equal(job_type_is_mergeable(cells[i].a, cells[i].b), cells[i].merged >= 0);
        }
        assert_true(job_type_is_conflicting(JOB_START, JOB_STOP));
        assert_false(job_type_is_conflicting(JOB_STOP, JOB_STOP));
        assert_false(job_type_is_conflicting(JOB_NOP, JOB_STOP));
}

static void test_pull_in_and_missing_wants(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *a = load(m, "a.target");
        Job *j = NULL;
        _cleanup_free_ char *err = NULL;
        assert_int_equal(manager_add_job(m, JOB_START, a, JOB_REPLACE, true, &j, &err), 0);
        assert_non_null(j);
        assert_non_null(manager_get_unit(m, "b.target")->job);
        assert_non_null(manager_get_unit(m, "c.target")->job);
        assert_null(manager_get_unit(m, "missing.target")->job); /* Wants= of a missing unit: ignored */
        /* a waits for b (After=), c is not ordered */
        assert_false(job_is_runnable(a->job));
        run_until_idle(m);
        assert_int_equal(unit_active_state(a), UNIT_ACTIVE);
        assert_true(a->active_enter.monotonic >= manager_get_unit(m, "b.target")->active_enter.monotonic);
        manager_free(m);
}

static void test_cycle_broken_by_dropping_wants(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *x = load(m, "x.target");
        _cleanup_free_ char *err = NULL;
        assert_int_equal(manager_add_job(m, JOB_START, x, JOB_REPLACE, true, NULL, &err), 0);
        assert_non_null(x->job);
        assert_null(manager_get_unit(m, "y.target")->job); /* the Wants= job was deleted */
        manager_free(m);
}

static void test_unbreakable_cycle(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *p = load(m, "p.target");
        _cleanup_free_ char *err = NULL;
        assert_int_equal(manager_add_job(m, JOB_START, p, JOB_REPLACE, true, NULL, &err), -ELOOP);
        assert_string_equal(err, "Transaction order is cyclic. See system logs for details.");
        assert_null(p->job); /* nothing was installed */
        manager_free(m);
}

static void test_conflicts(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *b = load(m, "b.target"), *c = load(m, "conflict.target");
        assert_int_equal(manager_add_job(m, JOB_START, b, JOB_REPLACE, true, NULL, NULL), 0);
        run_until_idle(m);
        assert_int_equal(unit_active_state(b), UNIT_ACTIVE);
        assert_int_equal(manager_add_job(m, JOB_START, c, JOB_REPLACE, true, NULL, NULL), 0);
        assert_non_null(b->job);
        assert_int_equal(b->job->type, JOB_STOP);
        run_until_idle(m);
        assert_int_equal(unit_active_state(b), UNIT_INACTIVE);
        assert_int_equal(unit_active_state(c), UNIT_ACTIVE);

        /* requiring both sides of a conflict cannot be satisfied */
        _cleanup_free_ char *err = NULL;
        Unit *both = load(m, "both.target");
        assert_int_equal(manager_add_job(m, JOB_START, both, JOB_REPLACE, true, NULL, &err), -EEXIST);
        assert_non_null(strstr(err, "conflicting jobs"));
        manager_free(m);
}

static void test_fail_mode_and_isolate(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *b = load(m, "b.target"), *c = load(m, "c.target");
        assert_int_equal(manager_add_job(m, JOB_START, b, JOB_REPLACE, true, NULL, NULL), 0);
        _cleanup_free_ char *err = NULL;
        assert_int_equal(manager_add_job(m, JOB_STOP, b, JOB_FAIL, true, NULL, &err), -EBUSY);
        assert_non_null(strstr(err, "is destructive"));
        run_until_idle(m);
        assert_int_equal(manager_add_job(m, JOB_START, c, JOB_REPLACE, true, NULL, NULL), 0);
        run_until_idle(m);

        _cleanup_free_ char *err2 = NULL;
        Unit *noiso = load(m, "noiso.target");
        assert_int_equal(manager_add_job(m, JOB_START, noiso, JOB_ISOLATE, true, NULL, &err2), -EPERM);
        Unit *iso = load(m, "iso.target");
        assert_int_equal(manager_add_job(m, JOB_START, iso, JOB_ISOLATE, true, NULL, NULL), 0);
        run_until_idle(m);
        assert_int_equal(unit_active_state(iso), UNIT_ACTIVE);
        assert_int_equal(unit_active_state(b), UNIT_ACTIVE);  /* required by iso: kept */
        assert_int_equal(unit_active_state(c), UNIT_INACTIVE); /* not: stopped */
        manager_free(m);
}

static void test_refuse_and_requisite(void **state) {
        (void) state;
        Manager *m = new_manager();
        _cleanup_free_ char *err = NULL, *err2 = NULL;
        Unit *r = load(m, "refuse.target");
        assert_int_equal(manager_add_job(m, JOB_START, r, JOB_REPLACE, true, NULL, &err), -EPERM);
        assert_non_null(strstr(err, "may be requested by dependency only"));
        assert_int_equal(manager_add_job(m, JOB_START, r, JOB_REPLACE, false, NULL, NULL), 0); /* not manual: fine */

        Unit *req = load(m, "req.target"); /* Requisite=c.target, which is inactive */
        assert_int_equal(manager_add_job(m, JOB_START, req, JOB_REPLACE, true, NULL, &err2), 0);
        run_until_idle(m);
        assert_int_equal(unit_active_state(req), UNIT_INACTIVE); /* verify-active of c failed it */
        manager_free(m);
}

static void test_not_found_and_reload(void **state) {
        (void) state;
        Manager *m = new_manager();
        _cleanup_free_ char *err = NULL, *err2 = NULL;
        Unit *n = load(m, "nonexistent.target");
        assert_int_equal(manager_add_job(m, JOB_START, n, JOB_REPLACE, true, NULL, &err), -ENOENT);
        assert_string_equal(err, "Unit nonexistent.target not found.");
        Unit *b = load(m, "b.target");
        assert_int_equal(manager_add_job(m, JOB_RELOAD, b, JOB_REPLACE, true, NULL, &err2), -EBADR);
        assert_string_equal(err2, "Job type reload is not applicable for unit b.target.");
        manager_free(m);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_merge_table),
                cmocka_unit_test(test_pull_in_and_missing_wants),
                cmocka_unit_test(test_cycle_broken_by_dropping_wants),
                cmocka_unit_test(test_unbreakable_cycle),
                cmocka_unit_test(test_conflicts),
                cmocka_unit_test(test_fail_mode_and_isolate),
                cmocka_unit_test(test_refuse_and_requisite),
                cmocka_unit_test(test_not_found_and_reload),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
