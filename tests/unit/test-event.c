/* test-event.c — the event loop: io readiness, timers firing in deadline order and only
 * once, signals through signalfd, child exit through a pidfd, deferred work, and sources
 * freed from inside callbacks (their own and others'). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "event.h"

static int order[8], n_order;

static int on_time(EventSource *s, usec_t now, void *userdata) {
        (void) s, (void) now;
        order[n_order++] = (int) (intptr_t) userdata;
        return 0;
}

static void test_timers_in_order(void **state) {
        (void) state;
        EventLoop *e;
        assert_int_equal(event_new(&e), 0);
        usec_t now = now_usec(CLOCK_MONOTONIC);
        n_order = 0;
        EventSource *a, *b, *c;
        assert_int_equal(event_add_time(e, &a, CLOCK_MONOTONIC, now + 30000, on_time, (void *) 3), 0);
        assert_int_equal(event_add_time(e, &b, CLOCK_MONOTONIC, now + 10000, on_time, (void *) 1), 0);
        assert_int_equal(event_add_time(e, &c, CLOCK_MONOTONIC, now + 20000, on_time, (void *) 2), 0);
        while (n_order < 3)
                assert_true(event_run(e, USEC_PER_SEC) >= 0);
        assert_int_equal(order[0], 1);
        assert_int_equal(order[1], 2);
        assert_int_equal(order[2], 3);
        /* oneshot: nothing fires again */
        assert_int_equal(event_run(e, 50000), 0);
        assert_int_equal(n_order, 3);
        /* re-armed and enabled, it fires again */
        assert_int_equal(event_source_set_time(b, now_usec(CLOCK_MONOTONIC)), 0);
        assert_int_equal(event_source_set_enabled(b, EVENT_ONESHOT), 0);
        assert_true(event_run(e, USEC_PER_SEC) > 0);
        assert_int_equal(n_order, 4);
        event_source_free(a), event_source_free(b), event_source_free(c);
        event_free(e);
}

static int on_io(EventSource *s, int fd, uint32_t revents, void *userdata) {
        char buf[16];
        (void) s;
        assert_true(revents & EPOLLIN);
        (*(int *) userdata) += (int) read(fd, buf, sizeof buf);
        return 0;
}

static void test_io(void **state) {
        (void) state;
        EventLoop *e;
        int p[2], got = 0;
        assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
        assert_int_equal(event_new(&e), 0);
        EventSource *s;
        assert_int_equal(event_add_io(e, &s, p[0], EPOLLIN, on_io, &got), 0);
        assert_int_equal(event_run(e, 0), 0); /* nothing to read yet */
        assert_int_equal(write(p[1], "hello", 5), 5);
        assert_true(event_run(e, USEC_PER_SEC) > 0);
        assert_int_equal(got, 5);
        event_source_set_io_fd_own(s, true);
        event_source_free(s); /* closes p[0] */
        assert_int_equal(fcntl(p[0], F_GETFD), -1);
        close(p[1]);
        event_free(e);
}

static int on_signal(EventSource *s, const struct signalfd_siginfo *si, void *userdata) {
        (void) s;
        *(int *) userdata = (int) si->ssi_signo;
        return 0;
}

static void test_signal(void **state) {
        (void) state;
        EventLoop *e;
        int got = 0;
        assert_int_equal(event_new(&e), 0);
        assert_int_equal(event_add_signal(e, NULL, SIGUSR1, on_signal, &got), 0);
        assert_int_equal(event_add_signal(e, NULL, SIGUSR1, on_signal, &got), -EBUSY);
        raise(SIGUSR1);
        assert_true(event_run(e, USEC_PER_SEC) > 0);
        assert_int_equal(got, SIGUSR1);
        event_free(e);
}

static int on_child(EventSource *s, const siginfo_t *si, void *userdata) {
        (void) s;
        *(int *) userdata = si->si_status;
        waitpid(si->si_pid, NULL, 0);
        return 0;
}

static void test_child(void **state) {
        (void) state;
        EventLoop *e;
        int status = -1;
        assert_int_equal(event_new(&e), 0);
        pid_t pid = fork();
        if (pid == 0)
                _exit(42);
        int pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
        assert_true(pidfd >= 0);
        assert_int_equal(event_add_child_pidfd(e, NULL, pidfd, on_child, &status), 0);
        while (status < 0)
                assert_true(event_run(e, USEC_PER_SEC) >= 0);
        assert_int_equal(status, 42);
        close(pidfd);
        event_free(e);
}

static EventSource *victim;
static int victim_ran;

static int on_victim(EventSource *s, usec_t now, void *userdata) {
        (void) s, (void) now, (void) userdata;
        victim_ran++;
        return 0;
}

static int on_killer(EventSource *s, usec_t now, void *userdata) {
        (void) now, (void) userdata;
        victim = event_source_free(victim); /* another source, due in the same iteration */
        event_source_free(s);               /* and itself */
        return 0;
}

static void test_free_inside_callbacks(void **state) {
        (void) state;
        EventLoop *e;
        assert_int_equal(event_new(&e), 0);
        usec_t now = now_usec(CLOCK_MONOTONIC);
        assert_int_equal(event_add_time(e, NULL, CLOCK_MONOTONIC, now + 1000, on_killer, NULL), 0);
        assert_int_equal(event_add_time(e, &victim, CLOCK_MONOTONIC, now + 2000, on_victim, NULL), 0);
        usleep(5000);
        assert_true(event_run(e, USEC_PER_SEC) > 0);
        assert_int_equal(victim_ran, 0);
        assert_null(victim);
        event_free(e);
}

static int defer_count;
static int on_defer(EventSource *s, void *userdata) {
        (void) s;
        defer_count++;
        if (defer_count == 3)
                event_exit(userdata, 7);
        return 0;
}

static void test_defer_and_exit(void **state) {
        (void) state;
        EventLoop *e;
        EventSource *d;
        assert_int_equal(event_new(&e), 0);
        assert_int_equal(event_add_defer(e, &d, on_defer, e), 0);
        assert_int_equal(event_source_set_enabled(d, EVENT_ON), 0);
        assert_int_equal(event_loop(e), 7);
        assert_int_equal(defer_count, 3);
        event_free(e); /* frees d too */
}

static int failing(EventSource *s, usec_t now, void *userdata) {
        (void) s, (void) now, (void) userdata;
        return -EIO;
}

static void test_failing_callback_disables(void **state) {
        (void) state;
        EventLoop *e;
        EventSource *s;
        assert_int_equal(event_new(&e), 0);
        assert_int_equal(event_add_time(e, &s, CLOCK_MONOTONIC, 0, failing, NULL), 0);
        assert_int_equal(event_source_set_enabled(s, EVENT_ON), 0);
        assert_true(event_run(e, USEC_PER_SEC) > 0);
        assert_int_equal(event_source_get_enabled(s), EVENT_OFF);
        event_free(e);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_timers_in_order),
                cmocka_unit_test(test_io),
                cmocka_unit_test(test_signal),
                cmocka_unit_test(test_child),
                cmocka_unit_test(test_free_inside_callbacks),
                cmocka_unit_test(test_defer_and_exit),
                cmocka_unit_test(test_failing_callback_disables),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
