/* timer.c — the state machine of timer units (systemd.timer(5)).
 *
 *   dead ──start──▶ waiting ──elapse──▶ running ──triggered unit inactive──▶ waiting
 *                      │                                         (or elapsed, when
 *                      └──nothing left to wait for──▶ elapsed     nothing is left)
 *   any ──stop──▶ dead;  a trigger that cannot be queued ──▶ failed
 *
 * "waiting" computes the next elapse of every trigger and arms at most two event sources:
 * one on CLOCK_MONOTONIC for the span triggers (OnActiveSec= from the timer's activation,
 * OnBootSec= from boot — from the manager's start in a container, as systemd maps it —,
 * OnStartupSec= from the manager's start, OnUnitActiveSec=/OnUnitInactiveSec= from the
 * triggered unit's last activation/deactivation or our last trigger, whichever is later) and
 * one on CLOCK_REALTIME for OnCalendar=, computed from the last trigger (or the activation).
 * With Persistent=yes the last trigger survives reboots as the mtime of
 * /var/lib/systemd/timers/stamp-NAME, so a start after a missed elapse triggers at once.
 * RandomizedDelaySec= adds a random delay (stable per machine and timer with
 * FixedRandomDelay=yes). AccuracySec= is an allowance: we fire at the exact time, which is
 * within any window. The clock being set (timerfd cancel-on-set) and /etc/localtime changing
 * (inotify) recompute the calendar triggers, and trigger when OnClockChange=/OnTimezoneChange=
 * ask for it. timer_set_state() is the single writer of the state. */
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>

#include <sys/epoll.h>

#include "fileio.h"
#include "fs-util.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "timer.h"
#include "unit-types.h"

static const char *const state_names[_TIMER_STATE_MAX] = {
        [TIMER_DEAD] = "dead",       [TIMER_WAITING] = "waiting", [TIMER_RUNNING] = "running",
        [TIMER_ELAPSED] = "elapsed", [TIMER_FAILED] = "failed",
};

static const UnitActiveState state_translation[_TIMER_STATE_MAX] = {
        [TIMER_DEAD] = UNIT_INACTIVE,  [TIMER_WAITING] = UNIT_ACTIVE, [TIMER_RUNNING] = UNIT_ACTIVE,
        [TIMER_ELAPSED] = UNIT_ACTIVE, [TIMER_FAILED] = UNIT_FAILED,
};

static const char *const result_names[_TIMER_RESULT_MAX] = {
        [TIMER_SUCCESS] = "success",
        [TIMER_FAILURE_RESOURCES] = "resources",
        [TIMER_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
};

const char *timer_state_to_string(TimerState s) {
        return s < _TIMER_STATE_MAX ? state_names[s] : NULL;
}

const char *timer_result_to_string(TimerResult r) {
        return r < _TIMER_RESULT_MAX ? result_names[r] : NULL;
}

static TimerConfig *cfg(Timer *t) {
        return t->meta.config->timer;
}

/* The monotonic triggers we hold state for (none after a failed daemon-reload). */
static size_t n_mono(Timer *t) {
        return t->mono ? cfg(t)->n_monotonic : 0;
}

static Unit *trigger_unit(Timer *t) {
        Unit *other;
        UNIT_SET_FOREACH(other, &t->meta.deps[REL_TRIGGERS])
                return other;
        return NULL;
}

static void disarm(Timer *t) {
        t->mono_source = event_source_free(t->mono_source);
        t->real_source = event_source_free(t->real_source);
        t->next_elapse_monotonic = t->next_elapse_realtime = USEC_INFINITY;
}

static void stop_watching_clock(Timer *t) {
        t->clock_source = event_source_free(t->clock_source);
        t->tz_source = event_source_free(t->tz_source);
}

static void timer_set_state(Timer *t, TimerState s) {
        TimerState old = t->state;
        t->state = s;
        if (s != TIMER_WAITING)
                disarm(t);
        if (s == TIMER_DEAD || s == TIMER_FAILED)
                stop_watching_clock(t);
        if (old != s)
                log_debug("%s: changed %s -> %s", t->meta.id, state_names[old], state_names[s]);
        unit_notify(&t->meta, state_translation[old], state_translation[s], true);
}

static void timer_enter_dead(Timer *t, TimerResult f) {
        if (t->result == TIMER_SUCCESS)
                t->result = f;
        timer_set_state(t, t->result != TIMER_SUCCESS ? TIMER_FAILED : TIMER_DEAD);
}

static void timer_enter_elapsed(Timer *t, bool leave_around) {
        /* RemainAfterElapse=yes keeps the timer active, so starting it again does not trigger
         * it again; a timer on the unit's own activity stays around to follow it */
        if (cfg(t)->remain_after_elapse || leave_around)
                timer_set_state(t, TIMER_ELAPSED);
        else
                timer_enter_dead(t, TIMER_SUCCESS);
}

/* A 64-bit FNV-1a hash: enough to spread FixedRandomDelay= over the window. */
static uint64_t hash_string(uint64_t h, const char *s) {
        for (; *s; s++) {
                h ^= (uint8_t) *s;
                h *= 1099511628211ULL;
        }
        return h;
}

static usec_t random_delay(Timer *t) {
        usec_t max = cfg(t)->randomized_delay_usec;
        if (max == 0 || max == USEC_INFINITY)
                return 0;
        uint64_t r;
        if (cfg(t)->fixed_random_delay) {
                /* the same delay for this timer on this machine, across restarts and boots */
                _cleanup_free_ char *id = NULL;
                (void) read_full_file("/etc/machine-id", 4096, &id, NULL);
                r = hash_string(hash_string(14695981039346656037ULL, strempty(id)), t->meta.id);
        } else if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t) sizeof r)
                r = now_usec(CLOCK_MONOTONIC);
        return r % max;
}

static int timer_elapse_cb(EventSource *s, usec_t now, void *userdata);

static int arm(Timer *t, EventSource **src, clockid_t clock, usec_t when) {
        if (*src) {
                event_source_set_time(*src, when);
                return event_source_set_enabled(*src, EVENT_ONESHOT);
        }
        int r = event_add_time(t->meta.manager->event, src, clock, when, timer_elapse_cb, t);
        if (r >= 0)
                event_source_set_description(*src, clock == CLOCK_REALTIME ? "timer-realtime" : "timer-monotonic");
        return r;
}

/* The instant the manager started, on both clocks, for OnStartupSec= (and OnBootSec= where
 * the machine's boot is not ours to see). */
static usec_t startup_monotonic(Manager *m) {
        return m->startup_begin.monotonic;
}

static usec_t mono_base(Timer *t, const TimerMonotonic *v, Unit *trigger) {
        Manager *m = t->meta.manager;
        switch (v->base) {
        case TIMER_ACTIVE:
                /* from the activation: now, if we are only about to become active */
                return UNIT_IS_ACTIVE_OR_RELOADING(state_translation[t->state]) ? t->meta.inactive_exit.monotonic :
                                                                                  now_usec(CLOCK_MONOTONIC);
        case TIMER_BOOT:
                /* in a container (or a test manager) "boot" is when the manager came up */
                return m->container || m->options.test ? startup_monotonic(m) : 1;
        case TIMER_STARTUP:
                return startup_monotonic(m);
        case TIMER_UNIT_ACTIVE:
                return trigger ? MAX(trigger->inactive_exit.monotonic, t->last_trigger.monotonic) : 0;
        case TIMER_UNIT_INACTIVE:
                return trigger ? MAX(trigger->inactive_enter.monotonic, t->last_trigger.monotonic) : 0;
        default:
                return 0;
        }
}

static void timer_enter_running(Timer *t);

/* time_change: the clock was set, so one-shot triggers in the past are not disabled for it. */
static void timer_enter_waiting(Timer *t, bool time_change) {
        TimerConfig *c = cfg(t);
        Unit *trigger = trigger_unit(t);
        usec_t now_real = now_usec(CLOCK_REALTIME);
        usec_t next_mono = USEC_INFINITY, next_real = USEC_INFINITY;
        bool leave_around = false;

        if (!trigger || trigger->load_state != UNIT_LOADED) {
                log_error("%s: unit to trigger vanished.", t->meta.id);
                timer_enter_dead(t, TIMER_FAILURE_RESOURCES);
                return;
        }
        for (size_t i = 0; i < n_mono(t); i++) {
                const TimerMonotonic *v = &c->monotonic[i];
                TimerMonotonicState *st = &t->mono[i];
                if (st->disabled)
                        continue;
                if (v->base == TIMER_UNIT_ACTIVE || v->base == TIMER_UNIT_INACTIVE)
                        leave_around = true;
                usec_t base = mono_base(t, v, trigger);
                if (base == 0)
                        continue; /* e.g. the unit was never active */
                st->next_elapse = base > USEC_INFINITY - 1 - v->usec ? USEC_INFINITY - 1 : base + v->usec;
                /* a one-time trigger that elapsed before our last trigger is done */
                if (t->last_trigger.monotonic > 0 && !time_change && st->next_elapse < t->last_trigger.monotonic &&
                    (v->base == TIMER_ACTIVE || v->base == TIMER_BOOT || v->base == TIMER_STARTUP)) {
                        st->disabled = true;
                        continue;
                }
                next_mono = MIN(next_mono, st->next_elapse);
        }
        for (size_t i = 0; i < t->n_calendars; i++) {
                TimerCalendar *cal = &t->calendars[i];
                usec_t b = t->last_trigger.realtime > 0 ? t->last_trigger.realtime :
                           UNIT_IS_ACTIVE_OR_RELOADING(state_translation[t->state]) ? t->meta.inactive_exit.realtime :
                                                                                   now_real;
                if (calendar_spec_next_usec(cal->spec, b, &cal->next_elapse) < 0) {
                        cal->next_elapse = USEC_INFINITY;
                        continue;
                }
                /* a missed elapse (Persistent=) counts as due at the manager's start, so that
                 * RandomizedDelaySec= spreads the catch-ups of a boot as systemd does; taken
                 * from the monotonic clock, as the wall clock may have been wrong then */
                usec_t now_mono = now_usec(CLOCK_MONOTONIC), started = t->meta.manager->startup_begin.monotonic;
                if (started > 0 && started <= now_mono) {
                        usec_t rebased = now_real - MIN(now_real, now_mono - started);
                        cal->next_elapse = MAX(cal->next_elapse, rebased);
                }
                next_real = MIN(next_real, cal->next_elapse);
        }
        if (next_mono == USEC_INFINITY && next_real == USEC_INFINITY && !c->on_clock_change && !c->on_timezone_change) {
                log_debug("%s: timer is elapsed.", t->meta.id);
                timer_enter_elapsed(t, leave_around);
                return;
        }
        usec_t delay = random_delay(t);
        int r = 0;
        t->next_elapse_monotonic = next_mono == USEC_INFINITY           ? USEC_INFINITY :
                                   next_mono > USEC_INFINITY - 1 - delay ? USEC_INFINITY - 1 : /* saturate */
                                                                           next_mono + delay;
        t->next_elapse_realtime = next_real == USEC_INFINITY ? USEC_INFINITY : next_real + delay;
        if (t->next_elapse_monotonic != USEC_INFINITY)
                r = arm(t, &t->mono_source, CLOCK_MONOTONIC, t->next_elapse_monotonic);
        else
                t->mono_source = event_source_free(t->mono_source);
        if (r >= 0 && t->next_elapse_realtime != USEC_INFINITY)
                r = arm(t, &t->real_source, CLOCK_REALTIME, t->next_elapse_realtime);
        else if (r >= 0)
                t->real_source = event_source_free(t->real_source);
        if (r < 0) {
                log_error("%s: failed to arm the timer: %s", t->meta.id, strerror(-r));
                timer_enter_dead(t, TIMER_FAILURE_RESOURCES);
                return;
        }
        timer_set_state(t, TIMER_WAITING);
}

static void touch_stamp(Timer *t, usec_t when) {
        if (!t->stamp_path)
                return;
        _cleanup_free_ char *dir = strdup(t->stamp_path);
        if (dir && strrchr(dir, '/')) {
                *strrchr(dir, '/') = 0;
                (void) mkdir_p(dir, 0755);
        }
        int fd = open(t->stamp_path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
        if (fd < 0) {
                log_warning("%s: cannot write %s: %m", t->meta.id, t->stamp_path);
                return;
        }
        struct timespec ts[2] = {
                { .tv_sec = (time_t) (when / USEC_PER_SEC), .tv_nsec = (long) (when % USEC_PER_SEC) * 1000 },
        };
        ts[1] = ts[0];
        (void) futimens(fd, ts);
        close(fd);
}

static void timer_enter_running(Timer *t) {
        Unit *trigger = trigger_unit(t);
        /* the triggered unit is being stopped: starting it now would fight the stop */
        if (!trigger || (trigger->job && trigger->job->type == JOB_STOP)) {
                timer_enter_waiting(t, false);
                return;
        }
        _cleanup_free_ char *error = NULL;
        int r = manager_add_job(t->meta.manager, JOB_START, trigger, JOB_REPLACE, false, NULL, &error);
        if (r < 0) {
                log_warning("%s: failed to queue unit startup job: %s", t->meta.id, error ?: strerror(-r));
                timer_enter_dead(t, TIMER_FAILURE_RESOURCES);
                return;
        }
        t->last_trigger = dual_timestamp_now();
        touch_stamp(t, t->last_trigger.realtime);
        timer_set_state(t, TIMER_RUNNING);
}

static int timer_elapse_cb(EventSource *s, usec_t now, void *userdata) {
        Timer *t = userdata;
        (void) s;
        (void) now;
        if (t->state != TIMER_WAITING)
                return 0;
        log_debug("%s: timer elapsed.", t->meta.id);
        timer_enter_running(t);
        return 0;
}

/* The clock was set: every calendar trigger is recomputed; OnClockChange= triggers. */
static int clock_changed_cb(EventSource *s, int fd, uint32_t revents, void *userdata);

static int watch_clock(Timer *t) {
        if (t->clock_source)
                return 0;
        int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
        if (fd < 0)
                return -errno;
        /* an absolute expiry far away that the kernel cancels when the clock is set */
        struct itimerspec its = { .it_value = { .tv_sec = (time_t) 253402214399 } };
        if (timerfd_settime(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL) < 0) {
                int e = -errno;
                close(fd);
                return e;
        }
        int r = event_add_io(t->meta.manager->event, &t->clock_source, fd, EPOLLIN, clock_changed_cb, t);
        if (r < 0) {
                close(fd);
                return r;
        }
        event_source_set_io_fd_own(t->clock_source, true);
        event_source_set_description(t->clock_source, "timer-clock-change");
        return 0;
}

static void timer_time_change(Timer *t, bool trigger, const char *what) {
        if (t->state != TIMER_WAITING && t->state != TIMER_ELAPSED)
                return;
        if (trigger) {
                log_debug("%s: %s changed, triggering.", t->meta.id, what);
                timer_enter_running(t);
        } else if (t->n_calendars > 0) {
                log_debug("%s: %s changed, recomputing the next elapse.", t->meta.id, what);
                timer_enter_waiting(t, true);
        }
}

static int clock_changed_cb(EventSource *s, int fd, uint32_t revents, void *userdata) {
        Timer *t = userdata;
        (void) revents;
        uint64_t n;
        if (read(fd, &n, sizeof n) >= 0 || errno != ECANCELED)
                return 0;
        /* re-arm: the cancellation is reported once per clock change */
        t->clock_source = NULL;
        event_source_free(s);
        (void) watch_clock(t);
        timer_time_change(t, cfg(t)->on_clock_change, "clock");
        return 0;
}

static int tz_changed_cb(EventSource *s, int fd, uint32_t revents, void *userdata) {
        Timer *t = userdata;
        (void) s;
        (void) revents;
        char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
        bool hit = false;
        ssize_t l;
        while ((l = read(fd, buf, sizeof buf)) > 0)
                for (char *p = buf; p < buf + l; p += sizeof(struct inotify_event) + ((struct inotify_event *) p)->len) {
                        struct inotify_event *e = (struct inotify_event *) p;
                        if (e->len > 0 && streq(e->name, "localtime"))
                                hit = true;
                }
        if (!hit)
                return 0;
        tzset();
        timer_time_change(t, cfg(t)->on_timezone_change, "time zone");
        return 0;
}

static void watch_timezone(Timer *t) {
        if (t->tz_source || !cfg(t)->on_timezone_change)
                return;
        int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0)
                return;
        /* the directory, since /etc/localtime is replaced, not written, when the zone changes */
        if (inotify_add_watch(fd, "/etc", IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE | IN_ATTRIB) < 0 ||
            event_add_io(t->meta.manager->event, &t->tz_source, fd, EPOLLIN, tz_changed_cb, t) < 0) {
                close(fd);
                return;
        }
        event_source_set_io_fd_own(t->tz_source, true);
}

static int timer_start(Unit *u) {
        Timer *t = (Timer *) u;
        Unit *trigger = trigger_unit(t);
        if (!trigger || trigger->load_state != UNIT_LOADED) {
                log_error("%s: refusing to start, unit %s to trigger not loaded.", u->id, trigger ? trigger->id : "(none)");
                return -ENOENT;
        }
        t->last_trigger = (DualTimestamp) {};
        for (size_t i = 0; i < n_mono(t); i++)
                t->mono[i].disabled = false;
        if (t->stamp_path) {
                struct stat st;
                if (stat(t->stamp_path, &st) >= 0) {
                        usec_t ft = (usec_t) st.st_mtim.tv_sec * USEC_PER_SEC + (usec_t) st.st_mtim.tv_nsec / 1000;
                        /* a stamp from the future means the clock was wrong: ignore it */
                        if (ft < now_usec(CLOCK_REALTIME))
                                t->last_trigger.realtime = ft;
                        else
                                log_warning("%s: not using persistent file timestamp %s as it is in the future.", u->id,
                                            t->stamp_path);
                } else if (errno == ENOENT)
                        touch_stamp(t, now_usec(CLOCK_REALTIME)); /* never ran: remember from now on */
        }
        t->result = TIMER_SUCCESS;
        if (t->n_calendars > 0 || cfg(t)->on_clock_change)
                (void) watch_clock(t);
        watch_timezone(t);
        timer_enter_waiting(t, false);
        return 0;
}

static int timer_stop(Unit *u) {
        timer_enter_dead((Timer *) u, TIMER_SUCCESS);
        return 0;
}

/* The triggered unit changed state. */
static void timer_trigger_notify(Unit *u, Unit *other) {
        Timer *t = (Timer *) u;
        /* a job of the unit still pending (the start we queued): its end will tell */
        if (other->job)
                return;
        /* triggers on the unit's activity apply again after every change of it */
        for (size_t i = 0; i < n_mono(t); i++)
                if (cfg(t)->monotonic[i].base == TIMER_UNIT_ACTIVE || cfg(t)->monotonic[i].base == TIMER_UNIT_INACTIVE)
                        t->mono[i].disabled = false;
        switch (t->state) {
        case TIMER_WAITING:
        case TIMER_ELAPSED:
                timer_enter_waiting(t, false);
                break;
        case TIMER_RUNNING:
                if (UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(other)))
                        timer_enter_waiting(t, false);
                break;
        default:
                break;
        }
}

static void free_derived(Timer *t) {
        for (size_t i = 0; i < t->n_calendars; i++)
                calendar_spec_free(t->calendars[i].spec);
        t->calendars = mfree(t->calendars);
        t->n_calendars = 0;
        t->mono = mfree(t->mono);
        t->stamp_path = mfree(t->stamp_path);
}

static int reload_cb(EventSource *s, void *userdata) {
        Timer *t = userdata;
        (void) s;
        t->reload_source = event_source_free(t->reload_source);
        if (t->state == TIMER_WAITING && t->meta.load_state == UNIT_LOADED)
                timer_enter_waiting(t, false);
        return 0;
}

static int timer_load(Unit *u) {
        Timer *t = (Timer *) u;
        TimerConfig *c = cfg(t);
        int r;
        /* loaded again (daemon-reload): the triggers may have changed; a waiting timer
         * recomputes once every unit is loaded again */
        free_derived(t);
        if (t->state == TIMER_WAITING && !t->reload_source &&
            event_add_defer(u->manager->event, &t->reload_source, reload_cb, t) < 0)
                return -ENOMEM;
        if (c->n_monotonic == 0 && strv_length(c->on_calendar) == 0 && !c->on_clock_change && !c->on_timezone_change) {
                log_error("%s: Timer unit lacks value setting. Refusing.", u->id);
                return -ENOEXEC;
        }
        if (!(t->mono = calloc(c->n_monotonic + 1, sizeof(TimerMonotonicState))))
                return -ENOMEM;
        size_t n = strv_length(c->on_calendar);
        if (!(t->calendars = calloc(n + 1, sizeof(TimerCalendar))))
                return -ENOMEM;
        STRV_FOREACH(s, c->on_calendar) {
                /* the file parser refused the bad ones with file:line already */
                if (calendar_spec_from_string(*s, &t->calendars[t->n_calendars].spec) >= 0)
                        t->n_calendars++;
        }
        if (c->wake_system)
                log_warning("%s: WakeSystem= is not supported by sysMaster: the timer will not wake the system from suspend.",
                            u->id);

        /* Unit=, or the unit of the same name with .service */
        _cleanup_free_ char *name = NULL;
        if (c->unit)
                name = strdup(c->unit);
        else if ((r = unit_name_change_suffix(u->id, ".service", &name)) < 0)
                return r;
        if (!name)
                return -ENOMEM;
        Unit *other;
        if ((r = manager_get_or_create_unit(u->manager, name, &other)) < 0)
                return r == -EINVAL ? -ENOEXEC : r;
        if ((r = unit_add_dependency(u, REL_BEFORE, other, false)) < 0 || (r = unit_add_dependency(u, REL_TRIGGERS, other, true)) < 0)
                return r;

        if (c->persistent && t->n_calendars > 0) {
                const char *root = u->manager->options.root;
                t->stamp_path = strjoin(root && !streq(root, "/") ? root : "", "/var/lib/systemd/timers/stamp-", u->id);
                if (!t->stamp_path)
                        return -ENOMEM;
        }
        if (!u->config->unit->default_dependencies)
                return 0;
        if ((r = unit_add_dependency_by_name(u, REL_BEFORE, "timers.target", true)) < 0 ||
            (r = unit_add_sysinit_dependencies(u)) < 0)
                return r;
        if (t->n_calendars > 0 && ((r = unit_add_dependency_by_name(u, REL_AFTER, "time-set.target", true)) < 0 ||
                                   (r = unit_add_dependency_by_name(u, REL_AFTER, "time-sync.target", true)) < 0))
                return r;
        return unit_add_shutdown_dependencies(u);
}

static void timer_done(Unit *u) {
        Timer *t = (Timer *) u;
        disarm(t);
        stop_watching_clock(t);
        free_derived(t);
        t->reload_source = event_source_free(t->reload_source);
}

static UnitActiveState timer_active_state(Unit *u) {
        return state_translation[((Timer *) u)->state];
}

static const char *timer_sub_state(Unit *u) {
        return state_names[((Timer *) u)->state];
}

static const char *timer_result(Unit *u) {
        return result_names[((Timer *) u)->result];
}

static void timer_reset_failed(Unit *u) {
        Timer *t = (Timer *) u;
        if (t->state == TIMER_FAILED)
                timer_set_state(t, TIMER_DEAD);
        t->result = TIMER_SUCCESS;
}

static void timer_start_limit_hit(Unit *u) {
        timer_enter_dead((Timer *) u, TIMER_FAILURE_START_LIMIT_HIT);
}

static int timer_serialize(Unit *u, FILE *f) {
        Timer *t = (Timer *) u;
        fprintf(f, "state=%s\nresult=%s\n", state_names[t->state], result_names[t->result]);
        if (t->last_trigger.realtime > 0)
                fprintf(f, "last-trigger-realtime=%llu\nlast-trigger-monotonic=%llu\n",
                        (unsigned long long) t->last_trigger.realtime, (unsigned long long) t->last_trigger.monotonic);
        return 0;
}

static int timer_deserialize_item(Unit *u, const char *key, const char *value) {
        Timer *t = (Timer *) u;
        if (streq(key, "state")) {
                for (TimerState s = 0; s < _TIMER_STATE_MAX; s++)
                        if (streq(value, state_names[s]))
                                t->state = s;
        } else if (streq(key, "result")) {
                for (TimerResult r = 0; r < _TIMER_RESULT_MAX; r++)
                        if (streq(value, result_names[r]))
                                t->result = r;
        } else if (streq(key, "last-trigger-realtime"))
                t->last_trigger.realtime = strtoull(value, NULL, 10);
        else if (streq(key, "last-trigger-monotonic"))
                t->last_trigger.monotonic = strtoull(value, NULL, 10);
        return 0;
}

/* After a restart of the manager: waiting timers are armed again (an elapse missed meanwhile
 * fires at once), running ones wait for their unit as before. */
static int timer_coldplug(Unit *u) {
        Timer *t = (Timer *) u;
        if (t->state == TIMER_DEAD || t->state == TIMER_FAILED)
                return 0;
        if (t->n_calendars > 0 || cfg(t)->on_clock_change)
                (void) watch_clock(t);
        watch_timezone(t);
        if (t->state == TIMER_WAITING)
                timer_enter_waiting(t, false);
        return 0;
}

const UnitVTable timer_vtable = {
        .object_size = sizeof(Timer),
        .load = timer_load,
        .done = timer_done,
        .start = timer_start,
        .stop = timer_stop,
        .active_state = timer_active_state,
        .sub_state = timer_sub_state,
        .result = timer_result,
        .reset_failed = timer_reset_failed,
        .start_limit_hit = timer_start_limit_hit,
        .append_properties = timer_append_properties,
        .serialize = timer_serialize,
        .deserialize_item = timer_deserialize_item,
        .coldplug = timer_coldplug,
        .trigger_notify = timer_trigger_notify,
};
