/* time-util.h — microsecond time spans as systemd.time(7) writes them ("5min 20s", "1h",
 * "infinity", "100ms"), parsing and formatting. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

typedef uint64_t usec_t;
typedef uint64_t nsec_t;

#define USEC_INFINITY ((usec_t) UINT64_MAX)
#define NSEC_INFINITY ((nsec_t) UINT64_MAX)
#define USEC_PER_SEC ((usec_t) 1000000ULL)
#define USEC_PER_MSEC ((usec_t) 1000ULL)
#define NSEC_PER_SEC ((nsec_t) 1000000000ULL)
#define NSEC_PER_USEC ((nsec_t) 1000ULL)
#define USEC_PER_MINUTE (60ULL * USEC_PER_SEC)
#define USEC_PER_HOUR (60ULL * USEC_PER_MINUTE)
#define USEC_PER_DAY (24ULL * USEC_PER_HOUR)

/* A span with units (default unit: seconds); "infinity" gives USEC_INFINITY. */
int parse_sec(const char *s, usec_t *ret);
/* As parse_sec, but "0" also means infinity (TimeoutSec= and friends). */
int parse_sec_fix_0(const char *s, usec_t *ret);
/* Default unit: microseconds (AccuracySec= takes seconds; this is for *USec= keys). */
int parse_time(const char *s, usec_t *ret, usec_t default_unit);
int parse_nsec(const char *s, nsec_t *ret);
/* "1min 30s", "infinity"; accuracy: the smallest unit printed. Returns buf. */
char *format_timespan(char *buf, size_t l, usec_t t, usec_t accuracy);
#define FORMAT_TIMESPAN_MAX 64
