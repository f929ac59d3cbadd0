/* test-socket-machine.c — the socket state machine cell by cell, inside a real manager in test
 * mode (temp root, real processes for the Exec*= commands, real unix sockets): every state a
 * start or stop walks through is recorded as the unit reports it, and compared with the path
 * systemd.socket(5) describes — the plain start, each Exec*= list, the chown child, each kind
 * of failure with its result, traffic moving a socket to running and back to listening when
 * its service ends, the trigger limit, reset-failed, and the refusals (-EAGAIN while going
 * down, -EALREADY when dead). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "job.h"
#include "manager.h"
#include "path-util.h"
#include "socket.h"
#include "string-util.h"
#include "strv.h"

static char root[] = "/tmp/test-socket-machine.XXXXXX";
static char trail[4096]; /* the socket's sub-states as reported, space separated */
static const char *watched;

_printf_(2, 3) static void put(const char *name, const char *fmt, ...) {
        _cleanup_free_ char *p = path_join(root, "/usr/lib/systemd/system", name);
        FILE *f = fopen(p, "we");
        assert_non_null(f);
        va_list ap;
        va_start(ap, fmt);
        vfprintf(f, fmt, ap);
        va_end(ap);
        fclose(f);
}

static void observe(Manager *m, Unit *u, void *userdata) {
        (void) m, (void) userdata;
        if (!watched || !streq(u->id, watched))
                return;
        const char *st = unit_sub_state(u);
        const char *last = strrchr(trail, ' ');
        if (last && streq(last + 1, st))
                return; /* the same state reported twice (a job finishing) */
        if (strlen(trail) + strlen(st) + 2 < sizeof trail) {
                strcat(trail, " ");
                strcat(trail, st);
        }
}

static int setup(void **state) {
        (void) state;
        assert_non_null(mkdtemp(root));
        _cleanup_free_ char *cmd = strjoin("mkdir -p ", root, "/usr/lib/systemd/system ", root, "/run");
        assert_int_equal(system(cmd), 0);
        unsetenv("SYSTEMD_UNIT_PATH");
        const char *nodeps = "[Unit]\nDefaultDependencies=no\n";
        put("svc.service", "[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/sleep 100\n");
        put("plain.socket", "%s[Socket]\nListenStream=%s/plain.sock\nService=svc.service\nRemoveOnStop=yes\n", nodeps, root);
        put("execs.socket",
            "%s[Socket]\nListenStream=%s/execs.sock\nService=svc.service\nExecStartPre=/bin/true\nExecStartPost=/bin/true\n"
            "ExecStopPre=/bin/true\nExecStopPost=/bin/true\n",
            nodeps, root);
        put("chown.socket", "%s[Socket]\nListenStream=%s/chown.sock\nService=svc.service\nSocketUser=root\n", nodeps, root);
        put("prefail.socket", "%s[Socket]\nListenStream=%s/pre.sock\nService=svc.service\nExecStartPre=/bin/false\n", nodeps, root);
        put("postfail.socket", "%s[Socket]\nListenStream=%s/post.sock\nService=svc.service\nExecStartPost=/bin/false\n", nodeps, root);
        put("badbind.socket", "%s[Socket]\nListenStream=/proc/none/x.sock\nService=svc.service\n", nodeps);
        put("act.socket", "%s[Socket]\nListenStream=%s/act.sock\nService=svc.service\n", nodeps, root);
        put("trig.socket", "%s[Socket]\nListenDatagram=%s/trig.sock\nService=quick.service\nTriggerLimitBurst=2\n", nodeps, root);
        put("slow.socket", "%s[Socket]\nListenStream=%s/slow.sock\nService=svc.service\nExecStartPre=/bin/sleep 5\n", nodeps, root);
        put("quick.service", "[Unit]\nDefaultDependencies=no\nStartLimitBurst=100\n[Service]\nExecStart=/bin/true\n");
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
        m->on_unit_changed = observe;
        return m;
}

/* Runs the loop until u's sub-state is want (and, unless in_job, no job is left), for at
 * most 5 s. */
static void run_until_full(Manager *m, Unit *u, const char *want, bool in_job) {
        for (int i = 0; i < 500; i++) {
                if (streq(unit_sub_state(u), want) && (in_job || !u->job))
                        return;
                assert_true(event_run(m->event, 10 * 1000) >= 0);
        }
        fail_msg("%s: stuck in %s, wanted %s (trail:%s)", u->id, unit_sub_state(u), want, trail);
}

static void run_until(Manager *m, Unit *u, const char *want) {
        run_until_full(m, u, want, false);
}

static Unit *job(Manager *m, const char *name, JobType t) {
        Unit *u;
        assert_int_equal(manager_load_unit(m, name, &u), 0);
        unit_pin(u); /* the test holds it across loop iterations */
        watched = u->id;
        trail[0] = 0;
        _cleanup_free_ char *err = NULL;
        assert_int_equal(manager_add_job(m, t, u, JOB_REPLACE, true, NULL, &err), 0);
        return u;
}

static void walk(Manager *m, const char *name, JobType t, const char *end, const char *expect) {
        Unit *u = job(m, name, t);
        run_until(m, u, end);
        assert_string_equal(trail, expect);
}

static const char *result(Unit *u) {
        return u->vtable->result(u);
}

static void test_start_stop_paths(void **state) {
        (void) state;
        Manager *m = new_manager();
        walk(m, "plain.socket", JOB_START, "listening", " listening");
        _cleanup_free_ char *path = path_join(root, "plain.sock");
        assert_int_equal(access(path, F_OK), 0);
        walk(m, "plain.socket", JOB_STOP, "dead", " dead");
        assert_int_equal(access(path, F_OK), -1); /* RemoveOnStop= */

        walk(m, "execs.socket", JOB_START, "listening", " start-pre start-post listening");
        walk(m, "execs.socket", JOB_STOP, "dead", " stop-pre stop-post dead");
        walk(m, "chown.socket", JOB_START, "listening", " start-chown listening");
        walk(m, "chown.socket", JOB_STOP, "dead", " dead");
        manager_free(m);
}

static void test_failures(void **state) {
        (void) state;
        Manager *m = new_manager();
        walk(m, "prefail.socket", JOB_START, "failed", " start-pre failed");
        Unit *u = manager_get_unit(m, "prefail.socket");
        assert_string_equal(result(u), "exit-code");
        walk(m, "postfail.socket", JOB_START, "failed", " start-post failed");
        assert_string_equal(result(manager_get_unit(m, "postfail.socket")), "exit-code");
        walk(m, "badbind.socket", JOB_START, "failed", " start-chown failed");
        u = manager_get_unit(m, "badbind.socket");
        assert_string_equal(result(u), "resources");
        /* reset-failed: back to dead, result cleared */
        u->vtable->reset_failed(u);
        assert_string_equal(unit_sub_state(u), "dead");
        assert_string_equal(result(u), "success");
        /* nothing to stop when dead */
        assert_int_equal(unit_stop(u), -EALREADY);

        /* a stop during start-pre kills at once; a start meanwhile waits (-EAGAIN) */
        u = job(m, "slow.socket", JOB_START);
        run_until_full(m, u, "start-pre", true);
        assert_int_equal(u->vtable->stop(u), 0);
        assert_string_equal(unit_sub_state(u), "stop-pre-sigkill");
        assert_int_equal(u->vtable->start(u), -EAGAIN);
        run_until(m, u, "failed");
        assert_string_equal(trail, " start-pre stop-pre-sigkill failed");
        assert_string_equal(result(u), "signal");
        manager_free(m);
}

static int connect_to(const char *path) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        assert_true(fd >= 0);
        assert_int_equal(connect(fd, (struct sockaddr *) &sa, sizeof sa), 0);
        return fd;
}

static void test_traffic(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *u = job(m, "act.socket", JOB_START);
        run_until(m, u, "listening");
        Unit *svc = manager_get_unit(m, "svc.service");
        assert_non_null(svc);
        assert_true(UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(svc)));
        _cleanup_free_ char *path = path_join(root, "act.sock");
        int c = connect_to(path);
        run_until(m, u, "running");
        assert_true(UNIT_IS_ACTIVE_OR_ACTIVATING(unit_active_state(svc)));
        /* the service gets the listening fd; it goes down, the socket listens again */
        _cleanup_free_ char *err = NULL;
        assert_int_equal(manager_add_job(m, JOB_STOP, svc, JOB_REPLACE, true, NULL, &err), 0);
        close(c); /* nothing pending: no new activation */
        run_until(m, u, "listening");
        assert_string_equal(trail, " listening running listening");
        walk(m, "act.socket", JOB_STOP, "dead", " dead");

        /* a service that never takes the datagram: each wake-up starts it again, until the
         * trigger limit stops the socket */
        Unit *t = job(m, "trig.socket", JOB_START);
        run_until(m, t, "listening");
        _cleanup_free_ char *tp = path_join(root, "trig.sock");
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        snprintf(sa.sun_path, sizeof sa.sun_path, "%s", tp);
        int d = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        assert_int_equal(sendto(d, "x", 1, 0, (struct sockaddr *) &sa, sizeof sa), 1);
        close(d);
        run_until(m, t, "failed");
        assert_string_equal(result(t), "trigger-limit-hit");
        manager_free(m);
}

static int count_fd(Unit *x, size_t index, int fd, const char *address, void *userdata) {
        (void) x, (void) index;
        assert_true(fd >= 0);
        assert_non_null(strstr(address, "execs.sock"));
        (*(size_t *) userdata)++;
        return 0;
}

static void test_enumerate(void **state) {
        (void) state;
        Manager *m = new_manager();
        Unit *u = job(m, "execs.socket", JOB_START);
        run_until(m, u, "listening");
        size_t n = 0;
        assert_int_equal(socket_enumerate_fds(u, count_fd, &n), 0);
        assert_int_equal(n, 1);
        Unit *svc = manager_get_unit(m, "svc.service");
        assert_int_equal(socket_enumerate_fds(svc, count_fd, &n), -EINVAL);
        manager_free(m);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_start_stop_paths),
                cmocka_unit_test(test_failures),
                cmocka_unit_test(test_traffic),
                cmocka_unit_test(test_enumerate),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
