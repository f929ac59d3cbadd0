/* calendar-next.c — when a calendar expression elapses next (see calendar-spec.h).
 *
 * The search walks the broken-down time from the year down to the microsecond: each field
 * jumps to the earliest value its list allows at or after the current one; when a field has
 * no such value, the next larger field is advanced and the smaller ones are reset, and the
 * walk starts over. mktime() (or timegm() for UTC) normalizes after every step, which is what
 * takes care of month lengths, leap years and daylight saving gaps: a field that mktime() had
 * to move was out of range, so the fields below it are reset rather than kept, or "the 33rd
 * of March" would silently skip the 1st of April. The walk is bounded (a year cap and an
 * iteration cap), so an impossible expression such as "*-02-30" ends with -ENOENT rather than
 * a hang. Zones: the spec's IANA zone becomes TZ for the duration of one call. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar-spec.h"
#include "log.h"
#include "macro.h"

#define MAX_ITERATIONS 1000
/* The last instant systemd formats (year 9999): beyond it there is no next elapse. */
#define USEC_TIMESTAMP_FORMATTABLE_MAX ((usec_t) 253402214399999999ULL)

static time_t mktime_or_timegm(struct tm *tm, bool utc) {
        return utc ? timegm(tm) : mktime(tm);
}

/* The day that is `back` days before the end of tm's month ("~1" is the last day); -1 if
 * that is not in this month. */
static int end_of_month_day(const struct tm *tm, bool utc, int back) {
        struct tm t = *tm;
        t.tm_mon++;
        t.tm_mday = 1 - back;
        if (mktime_or_timegm(&t, utc) < 0 || t.tm_mon != tm->tm_mon)
                return -1;
        return t.tm_mday;
}

/* The earliest value of the chain at or after *val. 1: *val changed; 0: it matched already
 * (or the chain is "*"); -ENOENT: nothing left in this field. */
static int find_matching(const CalendarSpec *spec, const CalendarChain *ch, const struct tm *tm, int *val) {
        if (ch->n == 0)
                return 0;
        bool eom = spec->end_of_month && ch == &spec->day;
        bool found = false;
        int best = 0;
        for (size_t i = 0; i < ch->n; i++) {
                const CalendarComponent *x = &ch->items[i];
                int start = x->start, stop = x->stop;
                if (eom) {
                        start = end_of_month_day(tm, spec->utc, x->start);
                        stop = end_of_month_day(tm, spec->utc, x->stop);
                        if (stop > 0) {
                                int t = start;
                                start = stop;
                                stop = t;
                        }
                }
                if (start >= *val) {
                        if (!found || start < best)
                                best = start, found = true;
                } else if (x->repeat > 0) {
                        long long k = (long long) start +
                                      (long long) x->repeat * (((long long) *val - start + x->repeat - 1) / x->repeat);
                        if (k <= INT_MAX && (!found || k < best) && (stop < 0 || k <= stop))
                                best = (int) k, found = true;
                }
        }
        if (!found)
                return -ENOENT;
        int changed = *val != best;
        *val = best;
        return changed;
}

/* 1: tm is a real time as it stands; 0: mktime() moved it forward (tm is updated to the
 * moved time with the smaller fields reset); <0: it moved backwards or is past the cap. */
static int tm_within_bounds(struct tm *tm, bool utc) {
        if (tm->tm_year + 1900 > CALENDAR_MAX_YEAR)
                return -ERANGE;
        struct tm t = *tm;
        if (mktime_or_timegm(&t, utc) < 0)
                return -EINVAL;
        int cmp;
#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)
        if ((cmp = CMP(t.tm_year, tm->tm_year)) != 0)
                t.tm_mon = 0;
        else if ((cmp = CMP(t.tm_mon, tm->tm_mon)) != 0)
                t.tm_mday = 1;
        else if ((cmp = CMP(t.tm_mday, tm->tm_mday)) != 0)
                t.tm_hour = 0;
        else if ((cmp = CMP(t.tm_hour, tm->tm_hour)) != 0)
                t.tm_min = 0;
        else if ((cmp = CMP(t.tm_min, tm->tm_min)) != 0)
                t.tm_sec = 0;
        else
                cmp = CMP(t.tm_sec, tm->tm_sec);
#undef CMP
        if (cmp < 0)
                return -EDEADLK;
        if (cmp > 0)
                *tm = t;
        return cmp == 0;
}

static bool matches_weekday(int bits, const struct tm *tm, bool utc) {
        if (bits < 0 || bits >= 127)
                return true;
        struct tm t = *tm;
        if (mktime_or_timegm(&t, utc) < 0)
                return false;
        int k = t.tm_wday == 0 ? 6 : t.tm_wday - 1;
        return bits & (1 << k);
}

static void reset_below(struct tm *c, int *usec, int level) {
        /* level: 5 month, 4 day, 3 hour, 2 minute, 1 second */
        if (level >= 5)
                c->tm_mon = 0;
        if (level >= 4)
                c->tm_mday = 1;
        if (level >= 3)
                c->tm_hour = 0;
        if (level >= 2)
                c->tm_min = 0;
        c->tm_sec = 0;
        *usec = 0;
}

static int find_next(const CalendarSpec *spec, struct tm *tm, int *usec) {
        struct tm c = *tm;
        int us = *usec, r;
        for (unsigned it = 0; it < MAX_ITERATIONS; it++) {
                (void) mktime_or_timegm(&c, spec->utc);
                c.tm_isdst = spec->dst;

                c.tm_year += 1900;
                r = find_matching(spec, &spec->year, &c, &c.tm_year);
                c.tm_year -= 1900;
                if (r < 0)
                        return r;
                if (r > 0)
                        reset_below(&c, &us, 5);
                if (tm_within_bounds(&c, spec->utc) <= 0)
                        return -ENOENT;

                c.tm_mon += 1;
                r = find_matching(spec, &spec->month, &c, &c.tm_mon);
                c.tm_mon -= 1;
                if (r > 0)
                        reset_below(&c, &us, 4);
                if (r < 0 || (r = tm_within_bounds(&c, spec->utc)) < 0) {
                        c.tm_year++;
                        reset_below(&c, &us, 5);
                        continue;
                }
                if (r == 0)
                        continue;

                r = find_matching(spec, &spec->day, &c, &c.tm_mday);
                if (r > 0)
                        reset_below(&c, &us, 3);
                if (r < 0 || (r = tm_within_bounds(&c, spec->utc)) < 0) {
                        c.tm_mon++;
                        reset_below(&c, &us, 4);
                        continue;
                }
                if (r == 0)
                        continue;

                if (!matches_weekday(spec->weekdays_bits, &c, spec->utc)) {
                        c.tm_mday++;
                        reset_below(&c, &us, 3);
                        continue;
                }

                r = find_matching(spec, &spec->hour, &c, &c.tm_hour);
                if (r > 0)
                        reset_below(&c, &us, 2);
                if (r < 0 || (r = tm_within_bounds(&c, spec->utc)) < 0) {
                        c.tm_mday++;
                        reset_below(&c, &us, 3);
                        continue;
                }
                if (r == 0) /* the hour may not exist (a DST gap): retry from the normalized time */
                        continue;

                r = find_matching(spec, &spec->minute, &c, &c.tm_min);
                if (r > 0)
                        reset_below(&c, &us, 1);
                if (r < 0 || (r = tm_within_bounds(&c, spec->utc)) < 0) {
                        c.tm_hour++;
                        reset_below(&c, &us, 2);
                        continue;
                }
                if (r == 0)
                        continue;

                c.tm_sec = c.tm_sec * (int) USEC_PER_SEC + us;
                r = find_matching(spec, &spec->microsecond, &c, &c.tm_sec);
                us = c.tm_sec % (int) USEC_PER_SEC;
                c.tm_sec /= (int) USEC_PER_SEC;
                if (r < 0 || (r = tm_within_bounds(&c, spec->utc)) < 0) {
                        c.tm_min++;
                        reset_below(&c, &us, 1);
                        continue;
                }
                if (r == 0)
                        continue;

                *tm = c;
                *usec = us;
                return 0;
        }
        _cleanup_free_ char *s = NULL;
        (void) calendar_spec_to_string(spec, &s);
        log_warning("Infinite loop in calendar calculation: %s", strna(s));
        return -EDEADLK;
}

static int next_usec_here(const CalendarSpec *spec, usec_t after, usec_t *ret) {
        if (after > USEC_TIMESTAMP_FORMATTABLE_MAX)
                return -EINVAL;
        after++;
        time_t t = (time_t) (after / USEC_PER_SEC);
        struct tm tm;
        if (!(spec->utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)))
                return -EINVAL;
        int us = (int) (after % USEC_PER_SEC);
        int r = find_next(spec, &tm, &us);
        if (r < 0)
                return r;
        t = mktime_or_timegm(&tm, spec->utc);
        if (t < 0)
                return -EINVAL;
        *ret = (usec_t) t * USEC_PER_SEC + (usec_t) us;
        return 0;
}

int calendar_spec_next_usec(const CalendarSpec *spec, usec_t after, usec_t *ret) {
        if (isempty(spec->timezone))
                return next_usec_here(spec, after, ret);
        /* The zone applies to this computation only: set TZ, compute, put it back. */
        const char *old = getenv("TZ");
        _cleanup_free_ char *saved = old ? strdup(old) : NULL;
        if (old && !saved)
                return -ENOMEM;
        if (setenv("TZ", spec->timezone, 1) < 0)
                return -errno;
        tzset();
        int r = next_usec_here(spec, after, ret);
        if (saved)
                setenv("TZ", saved, 1);
        else
                unsetenv("TZ");
        tzset();
        return r;
}
