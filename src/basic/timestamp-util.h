/* timestamp-util.h — points in time as systemctl prints them: "Mon 2026-11-23 08:14:41 UTC"
 * (local time with the zone's abbreviation) and, relative to now, "2s ago", "1min 5s ago",
 * "3 days ago". Used by the manager for `show` and by sctl for `status`, so that both agree. */
#pragma once

#include <stddef.h>
#include <time.h>

#include "time-util.h"

#define FORMAT_TIMESTAMP_MAX 64
#define FORMAT_TIMESTAMP_RELATIVE_MAX 64

/* "Mon 2026-11-23 08:14:41 UTC"; "" for 0 or infinity (systemctl prints the property empty or
 * leaves it out). Returns buf. */
char *format_timestamp(char *buf, size_t l, usec_t t);
/* How long before now t was, in systemctl's coarse style ("97ms ago", "2min 3s ago"); "now"
 * for the same instant; "" for 0. now and t are on the same clock (CLOCK_REALTIME). */
char *format_timestamp_relative(char *buf, size_t l, usec_t t, usec_t now);
/* The clock's current time in µs (for programs without the event loop's cached now). */
usec_t clock_now_usec(clockid_t clock);
