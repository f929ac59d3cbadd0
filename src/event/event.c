/* event.c — see event.h. One epoll instance watches every io source and child pidfd
 * directly, plus one timerfd per clock and one signalfd; the epoll tag tells them apart.
 * Timers live in a binary heap per clock, and each clock's timerfd is armed for the earliest
 * enabled deadline only, so an idle loop has no timers ticking. */
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <sys/wait.h>

#include "event.h"
#include "log.h"

#define N_CLOCKS 3
#define EPOLL_BATCH 64
#define SIGNAL_MAX 65

typedef enum SourceType {
        SOURCE_IO,
        SOURCE_TIME,
        SOURCE_SIGNAL,
        SOURCE_CHILD,
        SOURCE_DEFER,
} SourceType;

struct EventSource {
        EventLoop *loop;
        SourceType type;
        EventEnabled enabled;
        bool dead;          /* freed during dispatch: released at the end of the iteration */
        bool own_fd;
        bool in_epoll;
        const char *description;
        void *userdata;
        union {
                EventIoHandler io;
                EventTimeHandler time;
                EventSignalHandler signal;
                EventChildHandler child;
                EventDeferHandler defer;
        } cb;
        int fd;             /* io: the fd; child: the pidfd */
        uint32_t events;
        int clock_index;    /* time */
        usec_t deadline;
        size_t heap_index;  /* position in its clock's heap, or SIZE_MAX */
        int sig;            /* signal */
        EventSource *next;  /* garbage list, or the list of defer sources */
        EventSource *all_prev, *all_next; /* every live source of the loop, to free them with it */
};

typedef struct ClockData {
        clockid_t clock;
        int fd;
        EventSource **heap;
        size_t n, allocated;
        usec_t armed; /* what the timerfd is set to; USEC_INFINITY: disarmed */
} ClockData;

struct EventLoop {
        int epoll_fd;
        ClockData clocks[N_CLOCKS];
        int signal_fd;
        sigset_t signal_mask;
        EventSource *signal_sources[SIGNAL_MAX];
        EventSource *defer_sources;
        EventSource *all_sources;
        EventSource *garbage;
        bool dispatching;
        bool exiting;
        int exit_code;
        usec_t now[N_CLOCKS];
        char clock_tags[N_CLOCKS]; /* addresses used as epoll tags */
        char signal_tag;
};

static const clockid_t clock_ids[N_CLOCKS] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME };

usec_t now_usec(clockid_t clock) {
        struct timespec ts;
        clock_gettime(clock, &ts);
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / 1000;
}

static int clock_index(clockid_t clock) {
        for (int i = 0; i < N_CLOCKS; i++)
                if (clock_ids[i] == clock)
                        return i;
        return -EOPNOTSUPP;
}

int event_new(EventLoop **ret) {
        EventLoop *e = new0(EventLoop, 1);
        if (!e)
                return -ENOMEM;
        e->signal_fd = -EBADF;
        for (int i = 0; i < N_CLOCKS; i++) {
                e->clocks[i].clock = clock_ids[i];
                e->clocks[i].fd = -EBADF;
                e->clocks[i].armed = USEC_INFINITY;
        }
        sigemptyset(&e->signal_mask);
        e->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (e->epoll_fd < 0) {
                free(e);
                return -errno;
        }
        *ret = e;
        return 0;
}

static void source_release(EventSource *s);

EventLoop *event_free(EventLoop *e) {
        if (!e)
                return NULL;
        while (e->all_sources)
                source_release(e->all_sources);
        for (int i = 0; i < N_CLOCKS; i++) {
                free(e->clocks[i].heap);
                safe_close(e->clocks[i].fd);
        }
        while (e->garbage) {
                EventSource *g = e->garbage;
                e->garbage = g->next;
                free(g);
        }
        safe_close(e->signal_fd);
        safe_close(e->epoll_fd);
        free(e);
        return NULL;
}

/* ---- timer heap ---- */

static void heap_swap(ClockData *c, size_t a, size_t b) {
        EventSource *t = c->heap[a];
        c->heap[a] = c->heap[b];
        c->heap[b] = t;
        c->heap[a]->heap_index = a;
        c->heap[b]->heap_index = b;
}

static void heap_up(ClockData *c, size_t i) {
        while (i > 0 && c->heap[(i - 1) / 2]->deadline > c->heap[i]->deadline) {
                heap_swap(c, i, (i - 1) / 2);
                i = (i - 1) / 2;
        }
}

static void heap_down(ClockData *c, size_t i) {
        for (;;) {
                size_t l = 2 * i + 1, r = l + 1, m = i;
                if (l < c->n && c->heap[l]->deadline < c->heap[m]->deadline)
                        m = l;
                if (r < c->n && c->heap[r]->deadline < c->heap[m]->deadline)
                        m = r;
                if (m == i)
                        return;
                heap_swap(c, i, m);
                i = m;
        }
}

static int heap_insert(ClockData *c, EventSource *s) {
        if (c->n == c->allocated) {
                size_t na = c->allocated ? c->allocated * 2 : 16;
                EventSource **h = realloc(c->heap, na * sizeof(EventSource *));
                if (!h)
                        return -ENOMEM;
                c->heap = h;
                c->allocated = na;
        }
        s->heap_index = c->n;
        c->heap[c->n++] = s;
        heap_up(c, s->heap_index);
        return 0;
}

static void heap_remove(ClockData *c, EventSource *s) {
        size_t i = s->heap_index;
        if (i == SIZE_MAX)
                return;
        s->heap_index = SIZE_MAX;
        if (i != --c->n) {
                c->heap[i] = c->heap[c->n];
                c->heap[i]->heap_index = i;
                heap_down(c, i);
                heap_up(c, i);
        }
}

/* Points the clock's timerfd at the earliest deadline, creating the fd on first use. */
static int clock_arm(EventLoop *e, ClockData *c, char *tag) {
        usec_t next = c->n > 0 ? c->heap[0]->deadline : USEC_INFINITY;
        if (next == c->armed)
                return 0;
        if (c->fd < 0) {
                if (next == USEC_INFINITY)
                        return 0;
                c->fd = timerfd_create(c->clock, TFD_NONBLOCK | TFD_CLOEXEC);
                if (c->fd < 0)
                        return -errno;
                struct epoll_event ev = { .events = EPOLLIN, .data.ptr = tag };
                if (epoll_ctl(e->epoll_fd, EPOLL_CTL_ADD, c->fd, &ev) < 0)
                        return -errno;
        }
        struct itimerspec its = {};
        if (next != USEC_INFINITY) {
                /* 0 would disarm: a deadline in the past fires on the next nanosecond */
                usec_t t = next ?: 1;
                its.it_value.tv_sec = (time_t) (t / USEC_PER_SEC);
                its.it_value.tv_nsec = (long) (t % USEC_PER_SEC) * 1000;
                if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
                        its.it_value.tv_nsec = 1;
        }
        if (timerfd_settime(c->fd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
                return -errno;
        c->armed = next;
        return 0;
}

/* ---- sources ---- */

static EventSource *source_new(EventLoop *e, SourceType type, void *userdata) {
        EventSource *s = new0(EventSource, 1);
        if (!s)
                return NULL;
        s->loop = e;
        s->type = type;
        s->userdata = userdata;
        s->fd = -EBADF;
        s->heap_index = SIZE_MAX;
        s->all_next = e->all_sources;
        if (e->all_sources)
                e->all_sources->all_prev = s;
        e->all_sources = s;
        return s;
}

static int io_update(EventSource *s) {
        EventLoop *e = s->loop;
        bool want = s->enabled != EVENT_OFF && !s->dead;
        if (!want) {
                if (s->in_epoll && epoll_ctl(e->epoll_fd, EPOLL_CTL_DEL, s->fd, NULL) < 0 && errno != EBADF)
                        return -errno;
                s->in_epoll = false;
                return 0;
        }
        struct epoll_event ev = { .events = s->type == SOURCE_CHILD ? EPOLLIN : s->events, .data.ptr = s };
        if (epoll_ctl(e->epoll_fd, s->in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, s->fd, &ev) < 0)
                return -errno;
        s->in_epoll = true;
        return 0;
}

static int signal_update(EventLoop *e) {
        int fd = signalfd(e->signal_fd < 0 ? -1 : e->signal_fd, &e->signal_mask, SFD_NONBLOCK | SFD_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (e->signal_fd < 0) {
                e->signal_fd = fd;
                struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &e->signal_tag };
                if (epoll_ctl(e->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0)
                        return -errno;
        }
        return 0;
}

static int source_update(EventSource *s) {
        EventLoop *e = s->loop;
        switch (s->type) {
        case SOURCE_IO:
        case SOURCE_CHILD:
                return io_update(s);
        case SOURCE_TIME: {
                ClockData *c = &e->clocks[s->clock_index];
                heap_remove(c, s);
                if (s->enabled != EVENT_OFF && !s->dead) {
                        int r = heap_insert(c, s);
                        if (r < 0)
                                return r;
                }
                return clock_arm(e, c, &e->clock_tags[s->clock_index]);
        }
        default:
                return 0;
        }
}

static void unlink_defer(EventSource *s) {
        for (EventSource **p = &s->loop->defer_sources; *p; p = &(*p)->next)
                if (*p == s) {
                        *p = s->next;
                        return;
                }
}

/* Detaches a source from everything; frees it now, or after the dispatch in progress. */
static void source_release(EventSource *s) {
        EventLoop *e = s->loop;
        s->dead = true;
        (void) source_update(s);
        switch (s->type) {
        case SOURCE_IO:
        case SOURCE_CHILD:
                if (s->own_fd)
                        s->fd = safe_close(s->fd);
                break;
        case SOURCE_SIGNAL:
                e->signal_sources[s->sig] = NULL;
                sigdelset(&e->signal_mask, s->sig);
                (void) signal_update(e);
                /* the signal stays blocked: unblocking could kill the process by default action */
                break;
        case SOURCE_DEFER:
                unlink_defer(s);
                break;
        default:
                break;
        }
        if (s->all_prev)
                s->all_prev->all_next = s->all_next;
        else
                e->all_sources = s->all_next;
        if (s->all_next)
                s->all_next->all_prev = s->all_prev;
        if (e->dispatching) {
                s->next = e->garbage;
                e->garbage = s;
        } else
                free(s);
}

EventSource *event_source_free(EventSource *s) {
        if (s && !s->dead)
                source_release(s);
        return NULL;
}

int event_add_io(EventLoop *e, EventSource **ret, int fd, uint32_t events, EventIoHandler cb, void *userdata) {
        EventSource *s = source_new(e, SOURCE_IO, userdata);
        if (!s)
                return -ENOMEM;
        s->fd = fd;
        s->events = events;
        s->cb.io = cb;
        s->enabled = EVENT_ON;
        int r = io_update(s);
        if (r < 0) {
                source_release(s);
                return r;
        }
        if (ret)
                *ret = s;
        return 0;
}

int event_source_set_io_events(EventSource *s, uint32_t events) {
        s->events = events;
        return io_update(s);
}

void event_source_set_io_fd_own(EventSource *s, bool own) {
        s->own_fd = own;
}

int event_source_get_io_fd(EventSource *s) {
        return s->fd;
}

int event_add_time(EventLoop *e, EventSource **ret, clockid_t clock, usec_t usec, EventTimeHandler cb, void *userdata) {
        int ci = clock_index(clock);
        if (ci < 0)
                return ci;
        EventSource *s = source_new(e, SOURCE_TIME, userdata);
        if (!s)
                return -ENOMEM;
        s->clock_index = ci;
        s->deadline = usec;
        s->cb.time = cb;
        s->enabled = EVENT_ONESHOT;
        int r = source_update(s);
        if (r < 0) {
                source_release(s);
                return r;
        }
        if (ret)
                *ret = s;
        return 0;
}

int event_source_set_time(EventSource *s, usec_t usec) {
        s->deadline = usec;
        return source_update(s);
}

usec_t event_source_get_time(EventSource *s) {
        return s->deadline;
}

int event_add_signal(EventLoop *e, EventSource **ret, int sig, EventSignalHandler cb, void *userdata) {
        if (sig <= 0 || sig >= SIGNAL_MAX)
                return -EINVAL;
        if (e->signal_sources[sig])
                return -EBUSY;
        EventSource *s = source_new(e, SOURCE_SIGNAL, userdata);
        if (!s)
                return -ENOMEM;
        s->sig = sig;
        s->cb.signal = cb;
        s->enabled = EVENT_ON;
        sigset_t block;
        sigemptyset(&block);
        sigaddset(&block, sig);
        sigprocmask(SIG_BLOCK, &block, NULL);
        sigaddset(&e->signal_mask, sig);
        e->signal_sources[sig] = s;
        int r = signal_update(e);
        if (r < 0) {
                source_release(s);
                return r;
        }
        if (ret)
                *ret = s;
        return 0;
}

int event_add_child_pidfd(EventLoop *e, EventSource **ret, int pidfd, EventChildHandler cb, void *userdata) {
        EventSource *s = source_new(e, SOURCE_CHILD, userdata);
        if (!s)
                return -ENOMEM;
        s->fd = pidfd;
        s->cb.child = cb;
        s->enabled = EVENT_ONESHOT;
        int r = io_update(s);
        if (r < 0) {
                source_release(s);
                return r;
        }
        if (ret)
                *ret = s;
        return 0;
}

int event_add_defer(EventLoop *e, EventSource **ret, EventDeferHandler cb, void *userdata) {
        EventSource *s = source_new(e, SOURCE_DEFER, userdata);
        if (!s)
                return -ENOMEM;
        s->cb.defer = cb;
        s->enabled = EVENT_ONESHOT;
        s->next = e->defer_sources;
        e->defer_sources = s;
        if (ret)
                *ret = s;
        return 0;
}

int event_source_set_enabled(EventSource *s, EventEnabled enabled) {
        if (s->dead)
                return -ESTALE;
        if (s->enabled == enabled)
                return 0;
        s->enabled = enabled;
        return source_update(s);
}

EventEnabled event_source_get_enabled(EventSource *s) {
        return s->enabled;
}

void event_source_set_description(EventSource *s, const char *description) {
        s->description = description;
}

EventLoop *event_source_get_loop(EventSource *s) {
        return s->loop;
}

/* ---- dispatch ---- */

/* Called before a callback: a ONESHOT source is off from now on, so the callback may
 * re-enable it. */
static void dispatch_begin(EventSource *s) {
        if (s->enabled == EVENT_ONESHOT && s->type != SOURCE_TIME)
                (void) event_source_set_enabled(s, EVENT_OFF);
}

static void dispatch_done(EventSource *s, int r) {
        if (s->dead || r >= 0)
                return;
        log_warning_errno(r, "Event source %s failed, disabling: %m", s->description ?: "(unnamed)");
        (void) event_source_set_enabled(s, EVENT_OFF);
}

static void dispatch_timers(EventLoop *e, int ci) {
        ClockData *c = &e->clocks[ci];
        uint64_t expirations;
        (void) !read(c->fd, &expirations, sizeof expirations);
        c->armed = USEC_INFINITY; /* the kernel disarmed it: re-arm below */
        usec_t now = e->now[ci];
        while (c->n > 0 && c->heap[0]->deadline <= now) {
                EventSource *s = c->heap[0];
                heap_remove(c, s);
                bool oneshot = s->enabled == EVENT_ONESHOT;
                if (oneshot)
                        s->enabled = EVENT_OFF;
                int r = s->cb.time(s, now, s->userdata);
                if (!s->dead && s->enabled != EVENT_OFF && s->heap_index == SIZE_MAX) {
                        if (s->deadline <= now && !oneshot)
                                s->enabled = EVENT_OFF; /* an ON timer not moved forward would spin */
                        else
                                (void) source_update(s);
                }
                dispatch_done(s, r);
        }
        (void) clock_arm(e, c, &e->clock_tags[ci]);
}

static void dispatch_signals(EventLoop *e) {
        struct signalfd_siginfo si;
        while (read(e->signal_fd, &si, sizeof si) == sizeof si) {
                if (si.ssi_signo >= SIGNAL_MAX)
                        continue;
                EventSource *s = e->signal_sources[si.ssi_signo];
                if (!s || s->dead || s->enabled == EVENT_OFF)
                        continue;
                dispatch_begin(s);
                dispatch_done(s, s->cb.signal(s, &si, s->userdata));
        }
}

static void dispatch_child(EventSource *s) {
        siginfo_t si = {};
        if (waitid((idtype_t) P_PIDFD, (id_t) s->fd, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid == 0) {
                si.si_signo = 0; /* already reaped, or not a child: still report the exit */
        }
        dispatch_begin(s);
        dispatch_done(s, s->cb.child(s, &si, s->userdata));
}

int event_run(EventLoop *e, usec_t timeout) {
        struct epoll_event events[EPOLL_BATCH];
        bool defer_pending = false;
        for (EventSource *s = e->defer_sources; s; s = s->next)
                if (s->enabled != EVENT_OFF)
                        defer_pending = true;
        int ms = defer_pending || e->exiting ? 0
               : timeout == USEC_INFINITY ? -1
               : (int) MIN((timeout + USEC_PER_MSEC - 1) / USEC_PER_MSEC, (usec_t) INT32_MAX);
        int n = epoll_wait(e->epoll_fd, events, EPOLL_BATCH, ms);
        if (n < 0)
                return errno == EINTR ? 0 : -errno;
        for (int i = 0; i < N_CLOCKS; i++)
                e->now[i] = now_usec(clock_ids[i]);

        e->dispatching = true;
        for (int i = 0; i < n; i++) {
                void *tag = events[i].data.ptr;
                if (tag == &e->signal_tag) {
                        dispatch_signals(e);
                        continue;
                }
                bool is_clock = false;
                for (int ci = 0; ci < N_CLOCKS; ci++)
                        if (tag == &e->clock_tags[ci]) {
                                dispatch_timers(e, ci);
                                is_clock = true;
                        }
                if (is_clock)
                        continue;
                EventSource *s = tag;
                if (s->dead || s->enabled == EVENT_OFF)
                        continue;
                if (s->type == SOURCE_CHILD)
                        dispatch_child(s);
                else {
                        dispatch_begin(s);
                        dispatch_done(s, s->cb.io(s, s->fd, events[i].events, s->userdata));
                }
        }
        for (EventSource *s = e->defer_sources, *next; s; s = next) {
                next = s->next;
                if (s->enabled == EVENT_OFF || s->dead)
                        continue;
                dispatch_begin(s);
                dispatch_done(s, s->cb.defer(s, s->userdata));
        }
        e->dispatching = false;
        while (e->garbage) {
                EventSource *g = e->garbage;
                e->garbage = g->next;
                free(g);
        }
        return n > 0 || defer_pending;
}

int event_loop(EventLoop *e) {
        while (!e->exiting) {
                int r = event_run(e, USEC_INFINITY);
                if (r < 0)
                        return r;
        }
        return e->exit_code;
}

int event_exit(EventLoop *e, int code) {
        e->exiting = true;
        e->exit_code = code;
        return 0;
}

void event_exit_cancel(EventLoop *e) {
        e->exiting = false;
}

usec_t event_now(EventLoop *e, clockid_t clock) {
        int ci = clock_index(clock);
        if (ci < 0)
                return now_usec(clock);
        if (e->now[ci] == 0)
                e->now[ci] = now_usec(clock);
        return e->now[ci];
}
