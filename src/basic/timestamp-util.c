/* timestamp-util.c — see timestamp-util.h. The relative form gets coarser as the distance
 * grows: below a minute seconds (or ms, µs) only; below five minutes minutes and seconds;
 * below six hours hours and minutes; then hours, then days and so on up to years and months.
 * Two units at most, so a status line stays short. */
#include <stdio.h>
#include <time.h>

#include "timestamp-util.h"

char *format_timestamp(char *buf, size_t l, usec_t t) {
        if (l == 0)
                return buf;
        buf[0] = 0;
        if (t == 0 || t == USEC_INFINITY)
                return buf;
        time_t sec = (time_t) (t / USEC_PER_SEC);
        struct tm tm;
        if (!localtime_r(&sec, &tm))
                return buf;
        if (strftime(buf, l, "%a %Y-%m-%d %H:%M:%S %Z", &tm) == 0)
                buf[0] = 0;
        return buf;
}

#define USEC_PER_WEEK (7ULL * USEC_PER_DAY)
#define USEC_PER_MONTH (2629800ULL * USEC_PER_SEC)
#define USEC_PER_YEAR (31557600ULL * USEC_PER_SEC)

char *format_timestamp_relative(char *buf, size_t l, usec_t t, usec_t now) {
        if (l == 0)
                return buf;
        buf[0] = 0;
        if (t == 0 || t == USEC_INFINITY)
                return buf;
        const char *suffix = " ago";
        usec_t d;
        if (now >= t)
                d = now - t;
        else {
                d = t - now;
                suffix = " left";
        }
        unsigned long long a, b;
        if (d >= USEC_PER_YEAR) {
                a = d / USEC_PER_YEAR, b = (d % USEC_PER_YEAR) / USEC_PER_MONTH;
                snprintf(buf, l, "%llu year%s %llu month%s%s", a, a == 1 ? "" : "s", b, b == 1 ? "" : "s", suffix);
        } else if (d >= USEC_PER_MONTH) {
                a = d / USEC_PER_MONTH, b = (d % USEC_PER_MONTH) / USEC_PER_DAY;
                snprintf(buf, l, "%llu month%s %llu day%s%s", a, a == 1 ? "" : "s", b, b == 1 ? "" : "s", suffix);
        } else if (d >= USEC_PER_WEEK) {
                a = d / USEC_PER_WEEK, b = (d % USEC_PER_WEEK) / USEC_PER_DAY;
                snprintf(buf, l, "%llu week%s %llu day%s%s", a, a == 1 ? "" : "s", b, b == 1 ? "" : "s", suffix);
        } else if (d >= 2 * USEC_PER_DAY)
                snprintf(buf, l, "%llu days%s", (unsigned long long) (d / USEC_PER_DAY), suffix);
        else if (d >= 25 * USEC_PER_HOUR)
                snprintf(buf, l, "1 day %lluh%s", (unsigned long long) ((d - USEC_PER_DAY) / USEC_PER_HOUR), suffix);
        else if (d >= 6 * USEC_PER_HOUR)
                snprintf(buf, l, "%lluh%s", (unsigned long long) (d / USEC_PER_HOUR), suffix);
        else if (d >= USEC_PER_HOUR)
                snprintf(buf, l, "%lluh %llumin%s", (unsigned long long) (d / USEC_PER_HOUR),
                         (unsigned long long) ((d % USEC_PER_HOUR) / USEC_PER_MINUTE), suffix);
        else if (d >= 5 * USEC_PER_MINUTE)
                snprintf(buf, l, "%llumin%s", (unsigned long long) (d / USEC_PER_MINUTE), suffix);
        else if (d >= USEC_PER_MINUTE)
                snprintf(buf, l, "%llumin %llus%s", (unsigned long long) (d / USEC_PER_MINUTE),
                         (unsigned long long) ((d % USEC_PER_MINUTE) / USEC_PER_SEC), suffix);
        else if (d >= USEC_PER_SEC)
                snprintf(buf, l, "%llus%s", (unsigned long long) (d / USEC_PER_SEC), suffix);
        else if (d >= USEC_PER_MSEC)
                snprintf(buf, l, "%llums%s", (unsigned long long) (d / USEC_PER_MSEC), suffix);
        else if (d > 0)
                snprintf(buf, l, "%lluus%s", (unsigned long long) d, suffix);
        else
                snprintf(buf, l, "now");
        return buf;
}

usec_t clock_now_usec(clockid_t clock) {
        struct timespec ts;
        if (clock_gettime(clock, &ts) < 0)
                return 0;
        return (usec_t) ts.tv_sec * USEC_PER_SEC + (usec_t) ts.tv_nsec / 1000U;
}
