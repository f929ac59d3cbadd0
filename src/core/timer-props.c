/* timer-props.c — a timer's properties as `systemctl show` prints them for systemd 252
 * (Unit=, TimersMonotonic=, TimersCalendar=, NextElapseUSecRealtime=, LastTriggerUSec=…);
 * `status` ("Trigger:") and `list-timers` read the same ones. */
#include <stdarg.h>
#include <stdio.h>

#include "control-verbs.h"
#include "manager.h"
#include "strv.h"
#include "timer.h"
#include "timestamp-util.h"

_printf_(2, 3) static int add(char ***l, const char *fmt, ...) {
        char *s = NULL;
        va_list ap;
        va_start(ap, fmt);
        int r = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return strv_push(l, s);
}

static const char *span(char *buf, size_t l, usec_t t) {
        if (t == USEC_INFINITY)
                return "infinity";
        return t == 0 ? "0" : format_timespan(buf, l, t, 1);
}

static const char *yes_no(bool b) {
        return b ? "yes" : "no";
}

int timer_append_properties(Unit *u, char ***l) {
        Timer *t = (Timer *) u;
        TimerConfig *c = u->config->timer;
        char a[FORMAT_TIMESTAMP_MAX], b[FORMAT_TIMESPAN_MAX];
        Unit *other = NULL;
        UNIT_SET_FOREACH(other, &u->deps[REL_TRIGGERS])
                break;
        (void) add(l, "Unit=%s", other ? other->id : "");
        for (size_t i = 0; i < c->n_monotonic; i++) {
                usec_t next = t->mono && !t->mono[i].disabled ? t->mono[i].next_elapse : 0;
                /* systemd shows the elapse relative to boot, as CLOCK_MONOTONIC counts */
                /* "OnActiveSec" is shown as "OnActiveUSec", as systemd's D-Bus names it */
                const char *name = timer_base_to_string(c->monotonic[i].base);
                (void) add(l, "TimersMonotonic={ %.*sUSec=%s ; next_elapse=%s }", (int) (strlen(name) - 3), name,
                           span(b, sizeof b, c->monotonic[i].usec), span(a, sizeof a, next == USEC_INFINITY ? 0 : next));
        }
        for (size_t i = 0; i < t->n_calendars; i++) {
                _cleanup_free_ char *norm = NULL;
                if (calendar_spec_to_string(t->calendars[i].spec, &norm) < 0)
                        continue;
                usec_t next = t->calendars[i].next_elapse;
                (void) add(l, "TimersCalendar={ OnCalendar=%s ; next_elapse=%s }", norm,
                           next == USEC_INFINITY || t->state != TIMER_WAITING ? "" : format_timestamp(a, sizeof a, next));
        }
        (void) add(l, "OnClockChange=%s", yes_no(c->on_clock_change));
        (void) add(l, "OnTimezoneChange=%s", yes_no(c->on_timezone_change));
        (void) add(l, "NextElapseUSecRealtime=%s",
                   t->next_elapse_realtime == USEC_INFINITY ? "" : format_timestamp(a, sizeof a, t->next_elapse_realtime));
        (void) add(l, "NextElapseUSecMonotonic=%s",
                   t->next_elapse_monotonic == USEC_INFINITY ? "0" : span(b, sizeof b, t->next_elapse_monotonic));
        (void) property_append_timestamp(l, "LastTriggerUSec", t->last_trigger.realtime, t->last_trigger.monotonic);
        (void) add(l, "Result=%s", timer_result_to_string(t->result));
        (void) add(l, "AccuracyUSec=%s", span(b, sizeof b, c->accuracy_usec));
        (void) add(l, "RandomizedDelayUSec=%s", span(b, sizeof b, c->randomized_delay_usec));
        (void) add(l, "FixedRandomDelay=%s", yes_no(c->fixed_random_delay));
        (void) add(l, "Persistent=%s", yes_no(c->persistent));
        (void) add(l, "WakeSystem=%s", yes_no(c->wake_system));
        (void) add(l, "RemainAfterElapse=%s", yes_no(c->remain_after_elapse));
        return 0;
}
