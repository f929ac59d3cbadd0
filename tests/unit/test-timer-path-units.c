/* test-timer-path-units.c — the timer and path state machines inside a real manager (test
 * mode, a temp root), with targets as the triggered units so no process is spawned: the
 * implicit dependencies, every transition of the timer (dead → waiting → running → waiting →
 * elapsed/dead, failed on a trigger that cannot start, reset-failed) and of the path unit
 * (dead → waiting → running → waiting), Persistent= stamps below the root, and units refused
 * at load for lacking triggers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "manager.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

static char root[] = "/tmp/test-timer-units.XXXXXX";

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
        _cleanup_free_ char *cmd = strjoin("mkdir -p ", root, "/usr/lib/systemd/system ", root, "/watch");
        assert_int_equal(system(cmd), 0);
        unsetenv("SYSTEMD_UNIT_PATH");
        const char *stubs[] = { "sysinit.target", "timers.target", "paths.target", "shutdown.target",
                                "time-set.target", "time-sync.target", "work.target" };
        for (size_t i = 0; i < sizeof stubs / sizeof stubs[0]; i++)
                put(stubs[i], "[Unit]\nDefaultDependencies=no\n");
        put("skipped.target", "[Unit]\nDefaultDependencies=no\nConditionPathExists=/nonexistent/x\n");
        put("skip.timer", "[Timer]\nOnActiveSec=50ms\nUnit=skipped.target\n");
        put("quick.timer", "[Timer]\nOnActiveSec=50ms\nAccuracySec=1us\nUnit=work.target\n");
        put("gone.timer", "[Timer]\nOnActiveSec=50ms\nRemainAfterElapse=no\nUnit=work.target\n");
        put("cal.timer", "[Timer]\nOnCalendar=daily\nPersistent=yes\nUnit=work.target\n");
        put("empty.timer", "[Timer]\nAccuracySec=1s\n");
        put("badcal.timer", "[Timer]\nOnCalendar=Mon..Fri 25:00\n");
        put("nounit.timer", "[Timer]\nOnActiveSec=1h\nUnit=missing.target\n");
        _cleanup_free_ char *p = strjoin("[Path]\nPathExists=", root, "/watch/flag\nUnit=work.target\n");
        put("flag.path", p);
        put("nopath.path", "[Path]\nMakeDirectory=yes\n");
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
        return unit_pin(u); /* the test holds it across loop iterations */
}

/* Runs the loop until the unit's sub-state is `want`, at most two seconds. */
static bool run_until(Manager *m, Unit *u, const char *want) {
        usec_t end = now_usec(CLOCK_MONOTONIC) + 2 * USEC_PER_SEC;
        while (!streq(unit_sub_state(u), want)) {
                if (now_usec(CLOCK_MONOTONIC) > end)
                        return false;
                event_run(m->event, 20 * USEC_PER_MSEC);
        }
        return true;
}

static void start(Manager *m, Unit *u) {
        assert_int_equal(manager_add_job(m, JOB_START, u, JOB_REPLACE, true, NULL, NULL), 0);
}

static void stop(Manager *m, Unit *u) {
        assert_int_equal(manager_add_job(m, JOB_STOP, u, JOB_REPLACE, true, NULL, NULL), 0);
}

static void test_timer_dependencies(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *t = load(m, "cal.timer"), *w = manager_get_unit(m, "work.target");
        assert_non_null(w);
        assert_true(unit_set_contains(&t->deps[REL_TRIGGERS], w));
        assert_true(unit_set_contains(&w->deps[REL_TRIGGERED_BY], t));
        assert_true(unit_set_contains(&t->deps[REL_BEFORE], w));
        const char *before[] = { "timers.target", "shutdown.target" }, *after[] = { "sysinit.target", "time-set.target",
                                                                                        "time-sync.target" };
        for (size_t i = 0; i < 2; i++)
                assert_true(unit_set_contains(&t->deps[REL_BEFORE], manager_get_unit(m, before[i])));
        for (size_t i = 0; i < 3; i++)
                assert_true(unit_set_contains(&t->deps[REL_AFTER], manager_get_unit(m, after[i])));
        /* time-set/time-sync only for calendar timers */
        Unit *q = load(m, "quick.timer");
        assert_false(unit_set_contains(&q->deps[REL_AFTER], manager_get_unit(m, "time-sync.target")));
        manager_free(m);
}

static void test_timer_refused(void **state) {
        (void) state;
        Manager *m = new_manager();
        assert_int_equal(load(m, "empty.timer")->load_state, UNIT_BAD_SETTING);
        assert_int_equal(load(m, "badcal.timer")->load_state, UNIT_BAD_SETTING);
        assert_int_equal(load(m, "nopath.path")->load_state, UNIT_BAD_SETTING);
        manager_free(m);
}

static void test_timer_walk(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *t = load(m, "quick.timer"), *w = manager_get_unit(m, "work.target");
        assert_string_equal(unit_sub_state(t), "dead");
        start(m, t);
        assert_true(run_until(m, t, "waiting"));
        assert_int_equal(unit_active_state(t), UNIT_ACTIVE);
        /* elapses, starts the target (which stays active): running */
        assert_true(run_until(m, t, "running"));
        assert_true(run_until(m, w, "active"));
        /* the target stops: the one-shot trigger is used up, RemainAfterElapse=yes */
        stop(m, w);
        assert_true(run_until(m, t, "elapsed"));
        assert_int_equal(unit_active_state(t), UNIT_ACTIVE);
        stop(m, t);
        assert_true(run_until(m, t, "dead"));
        /* a start arms the one-shot trigger again */
        start(m, t);
        assert_true(run_until(m, t, "running"));
        stop(m, t);
        assert_true(run_until(m, t, "dead"));
        stop(m, w);
        assert_true(run_until(m, w, "dead"));

        /* RemainAfterElapse=no: dead once elapsed */
        Unit *g = load(m, "gone.timer");
        start(m, g);
        assert_true(run_until(m, g, "running"));
        stop(m, w);
        assert_true(run_until(m, g, "dead"));
        manager_free(m);
}

/* A start of the triggered unit skipped by its condition changes no state; the timer must still
 * learn that the run is over. */
static void test_timer_condition_skipped(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *t = load(m, "skip.timer");
        start(m, t);
        assert_true(run_until(m, t, "elapsed"));
        manager_free(m);
}

static void test_timer_fails_without_unit(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *t = load(m, "nounit.timer");
        assert_int_equal(t->load_state, UNIT_LOADED);
        /* the triggered unit does not exist: the start is refused */
        assert_int_equal(unit_start(t), -ENOENT);
        assert_string_equal(unit_sub_state(t), "dead");
        manager_free(m);
}

static void test_timer_persistent(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *t = load(m, "cal.timer");
        _cleanup_free_ char *stamp = strjoin(root, "/var/lib/systemd/timers/stamp-cal.timer");
        unlink(stamp);
        start(m, t);
        assert_true(run_until(m, t, "waiting"));
        /* first start: the stamp is created, nothing is due */
        struct stat st;
        assert_int_equal(stat(stamp, &st), 0);
        stop(m, t);
        assert_true(run_until(m, t, "dead"));
        /* a stamp two days old: the daily run was missed, so the start triggers at once */
        struct timespec old[2] = { { .tv_sec = time(NULL) - 2 * 86400 }, { .tv_sec = time(NULL) - 2 * 86400 } };
        assert_int_equal(utimensat(AT_FDCWD, stamp, old, 0), 0);
        start(m, t);
        assert_true(run_until(m, t, "running"));
        assert_int_equal(stat(stamp, &st), 0);
        assert_true(st.st_mtime > time(NULL) - 60);
        manager_free(m);
}

static void test_path_walk(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *p = load(m, "flag.path"), *w = manager_get_unit(m, "work.target");
        assert_true(unit_set_contains(&p->deps[REL_BEFORE], manager_get_unit(m, "paths.target")));
        start(m, p);
        assert_true(run_until(m, p, "waiting"));
        _cleanup_free_ char *flag = strjoin(root, "/watch/flag");
        FILE *f = fopen(flag, "we");
        assert_non_null(f);
        fclose(f);
        assert_true(run_until(m, p, "running"));
        assert_true(run_until(m, w, "active"));
        /* the unit stops while the file is still there: triggered again */
        usec_t stopped_before = w->inactive_enter.monotonic;
        stop(m, w);
        for (int i = 0; i < 50 && w->inactive_enter.monotonic == stopped_before; i++)
                event_run(m->event, 20 * USEC_PER_MSEC);
        assert_true(w->inactive_enter.monotonic > stopped_before);
        assert_true(run_until(m, w, "active"));
        assert_true(run_until(m, p, "running"));
        unlink(flag);
        stop(m, w);
        assert_true(run_until(m, p, "waiting"));
        stop(m, p);
        assert_true(run_until(m, p, "dead"));
        manager_free(m);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_timer_dependencies),
                cmocka_unit_test(test_timer_refused),
                cmocka_unit_test(test_timer_walk),
                cmocka_unit_test(test_timer_condition_skipped),
                cmocka_unit_test(test_timer_fails_without_unit),
                cmocka_unit_test(test_timer_persistent),
                cmocka_unit_test(test_path_walk),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
