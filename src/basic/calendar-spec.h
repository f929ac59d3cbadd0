/* calendar-spec.h — calendar event expressions as systemd.time(7) defines them
 * ("Mon..Fri *-*-* 10:00", "*:0/15", "*-*~01 Europe/Berlin", "weekly"): parsing,
 * the normalized form systemd prints, and the next time an expression elapses. The parser
 * (calendar-spec.c) and the search for the next elapse (calendar-next.c) follow systemd 252's
 * observable behaviour, checked differentially against `systemd-analyze calendar`. */
#pragma once

#include <stdbool.h>

#include "time-util.h"

/* One item of a field's list: a value, a range start..stop, and a repetition every repeat
 * (0: none). Seconds are kept in microseconds so that "1.5" and "0/0.25" fit. */
typedef struct CalendarComponent {
        int start;
        int stop;     /* -1: no range */
        int repeat;   /* 0: no repetition */
} CalendarComponent;

/* A field: n == 0 stands for "*" (any value). */
typedef struct CalendarChain {
        CalendarComponent *items;
        size_t n;
} CalendarChain;

typedef struct CalendarSpec {
        int weekdays_bits;      /* bit 0 Monday … bit 6 Sunday; -1: any day */
        bool end_of_month;      /* "~": days count back from the end of the month */
        bool utc;
        int dst;                /* local zone named by its abbreviation: 0 standard, 1 DST; -1 */
        char *timezone;         /* an IANA zone, e.g. "Europe/Berlin"; NULL: local time */
        CalendarChain year, month, day, hour, minute, microsecond;
} CalendarSpec;

#define CALENDAR_MIN_YEAR 1970
#define CALENDAR_MAX_YEAR 2199

/* 0 or a negative errno as systemd returns it: -EINVAL for bad syntax or values out of
 * range, -ERANGE for numbers too large, -ENOBUFS for over-long lists. */
int calendar_spec_from_string(const char *s, CalendarSpec **ret);
CalendarSpec *calendar_spec_free(CalendarSpec *c);
static inline void calendar_spec_freep(CalendarSpec **c) {
        calendar_spec_free(*c);
}
/* The normalized form: "Mon..Fri *-*-* 10:00:00". */
int calendar_spec_to_string(const CalendarSpec *c, char **ret);

/* The first elapse strictly after `after` (µs since the epoch, CLOCK_REALTIME). -ENOENT: the
 * expression never elapses again. The zone of the spec is applied by setting TZ for the
 * duration of the call (single-threaded callers only; the previous TZ is restored). */
int calendar_spec_next_usec(const CalendarSpec *c, usec_t after, usec_t *ret);

/* Whether name is a time zone of the system's zoneinfo database (a TZif file). */
bool timezone_is_valid(const char *name);
