/* timer.h — timer units (systemd.timer(5)): the state machine in timer.c, the properties
 * `systemctl show`/`status`/`list-timers` read in timer-props.c. */
#pragma once

#include "calendar-spec.h"
#include "event.h"
#include "timer-config.h"
#include "unit.h"

typedef enum TimerState {
        TIMER_DEAD,
        TIMER_WAITING,   /* armed, waiting for the next elapse */
        TIMER_RUNNING,   /* elapsed; the unit it triggered has not finished yet */
        TIMER_ELAPSED,   /* nothing left to wait for (RemainAfterElapse=yes keeps it active) */
        TIMER_FAILED,
        _TIMER_STATE_MAX,
} TimerState;

typedef enum TimerResult {
        TIMER_SUCCESS,
        TIMER_FAILURE_RESOURCES,
        TIMER_FAILURE_START_LIMIT_HIT,
        _TIMER_RESULT_MAX,
} TimerResult;

/* One OnCalendar= with its parsed form and when it elapses next (µs, CLOCK_REALTIME). */
typedef struct TimerCalendar {
        CalendarSpec *spec;
        usec_t next_elapse;
} TimerCalendar;

/* One monotonic trigger and when it elapses next (µs, CLOCK_MONOTONIC). One-shot bases
 * (OnActiveSec=, OnBootSec=, OnStartupSec=) are disabled once they elapsed, until the timer
 * starts again. */
typedef struct TimerMonotonicState {
        usec_t next_elapse;
        bool disabled;
} TimerMonotonicState;

typedef struct Timer {
        Unit meta;
        TimerState state;
        TimerResult result;
        TimerCalendar *calendars;
        size_t n_calendars;
        TimerMonotonicState *mono;    /* parallel to config->timer->monotonic */
        usec_t next_elapse_monotonic; /* USEC_INFINITY: none */
        usec_t next_elapse_realtime;  /* USEC_INFINITY: none */
        DualTimestamp last_trigger;
        EventSource *mono_source, *real_source;
        EventSource *clock_source;    /* timerfd with cancel-on-set: the clock was set */
        EventSource *tz_source;       /* inotify on /etc: /etc/localtime changed */
        char *stamp_path;             /* Persistent=yes */
        EventSource *reload_source;   /* after a daemon-reload: compute the elapses again */
} Timer;

const char *timer_state_to_string(TimerState s);
const char *timer_result_to_string(TimerResult r);
int timer_append_properties(Unit *u, char ***l);
