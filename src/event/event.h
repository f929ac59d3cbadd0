/* event.h — the single-threaded epoll event loop of the manager, devmaster and busmaster
 * (not of PID 1, which stays minimal). Sources: file descriptors, timers on several clocks
 * (one timerfd per clock, a heap of deadlines), signals (one signalfd), child processes
 * (pidfds) and deferred work. An idle loop sleeps in epoll_wait with no wake-ups at all.
 *
 * A source may be freed from inside any callback, including its own: it is disabled at once
 * and released after the current dispatch. A callback returning <0 disables its source and
 * the error is logged; the loop goes on. */
#pragma once

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <time.h>

#include "macro.h"
#include "time-util.h"

typedef struct EventLoop EventLoop;
typedef struct EventSource EventSource;

typedef int (*EventIoHandler)(EventSource *s, int fd, uint32_t revents, void *userdata);
typedef int (*EventTimeHandler)(EventSource *s, usec_t now, void *userdata);
typedef int (*EventSignalHandler)(EventSource *s, const struct signalfd_siginfo *si, void *userdata);
typedef int (*EventChildHandler)(EventSource *s, const siginfo_t *si, void *userdata);
typedef int (*EventDeferHandler)(EventSource *s, void *userdata);

typedef enum EventEnabled {
        EVENT_OFF = 0,
        EVENT_ON = 1,
        EVENT_ONESHOT = -1, /* turns itself off after one dispatch */
} EventEnabled;

int event_new(EventLoop **ret);
EventLoop *event_free(EventLoop *e);
DEFINE_TRIVIAL_CLEANUP_FUNC(EventLoop *, event_free);

/* fd stays owned by the caller unless event_source_set_io_fd_own() says otherwise. */
int event_add_io(EventLoop *e, EventSource **ret, int fd, uint32_t events, EventIoHandler cb, void *userdata);
int event_source_set_io_events(EventSource *s, uint32_t events);
void event_source_set_io_fd_own(EventSource *s, bool own);
int event_source_get_io_fd(EventSource *s);

/* usec is absolute on clock (CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME); timers are
 * ONESHOT by default: re-arm with event_source_set_time() and enable again. */
int event_add_time(EventLoop *e, EventSource **ret, clockid_t clock, usec_t usec, EventTimeHandler cb, void *userdata);
int event_source_set_time(EventSource *s, usec_t usec);
usec_t event_source_get_time(EventSource *s);

/* The signal is blocked for the process and read from a signalfd. */
int event_add_signal(EventLoop *e, EventSource **ret, int sig, EventSignalHandler cb, void *userdata);

/* Watches a child through its pidfd (the caller keeps ownership of pidfd and reaps the child
 * in the callback, or not: the callback is told the child exited, with waitid(WNOWAIT)). */
int event_add_child_pidfd(EventLoop *e, EventSource **ret, int pidfd, EventChildHandler cb, void *userdata);

/* Runs once per loop iteration while enabled (EVENT_ONESHOT by default). */
int event_add_defer(EventLoop *e, EventSource **ret, EventDeferHandler cb, void *userdata);

int event_source_set_enabled(EventSource *s, EventEnabled enabled);
EventEnabled event_source_get_enabled(EventSource *s);
void event_source_set_description(EventSource *s, const char *description); /* borrowed */
EventSource *event_source_free(EventSource *s);
DEFINE_TRIVIAL_CLEANUP_FUNC(EventSource *, event_source_free);
EventLoop *event_source_get_loop(EventSource *s);

/* One iteration: waits up to timeout (USEC_INFINITY: forever), dispatches what is ready.
 * Returns >0 if something was dispatched, 0 on timeout, <0 on error. */
int event_run(EventLoop *e, usec_t timeout);
/* Runs until event_exit(); returns the exit code. */
int event_loop(EventLoop *e);
int event_exit(EventLoop *e, int code);
/* After event_exit(): the loop may run again (a re-execution that failed). */
void event_exit_cancel(EventLoop *e);
/* The time of the current iteration (cached, so all callbacks of one wake-up agree). */
usec_t event_now(EventLoop *e, clockid_t clock);
usec_t now_usec(clockid_t clock);
