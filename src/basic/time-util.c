/* time-util.c — see time-util.h. A span is one or more components, each a decimal number
 * (optionally with a fraction) and an optional unit, with or without spaces between them:
 * "1h 30min", "1.5min", "5s100ms", "2 min". A component without a unit takes the caller's
 * default unit. The limits follow systemd 252 so that the same file gives the same value:
 * negative numbers are range errors, the sum must stay below infinity, and a fraction finer
 * than the unit's resolution is truncated, not rounded. */
#include <inttypes.h>
#include <stdio.h>

#include "macro.h"
#include "string-util.h"
#include "time-util.h"

typedef struct TimeUnit {
        const char *name;
        uint64_t nsec; /* nanoseconds per unit, so that one table serves both resolutions */
} TimeUnit;

#define NSEC_PER_MINUTE (60ULL * NSEC_PER_SEC)
#define NSEC_PER_HOUR (60ULL * NSEC_PER_MINUTE)
#define NSEC_PER_DAY (24ULL * NSEC_PER_HOUR)

/* Month and year are the averages systemd.time(7) documents: 30.44 and 365.25 days. */
#define NSEC_PER_MONTH (2629800ULL * NSEC_PER_SEC)
#define NSEC_PER_YEAR (31557600ULL * NSEC_PER_SEC)

static const TimeUnit time_units[] = {
        { "seconds", NSEC_PER_SEC },   { "second", NSEC_PER_SEC },   { "sec", NSEC_PER_SEC },
        { "s", NSEC_PER_SEC },         { "minutes", NSEC_PER_MINUTE }, { "minute", NSEC_PER_MINUTE },
        { "min", NSEC_PER_MINUTE },    { "months", NSEC_PER_MONTH }, { "month", NSEC_PER_MONTH },
        { "M", NSEC_PER_MONTH },       { "msec", 1000000ULL },        { "ms", 1000000ULL },
        { "m", NSEC_PER_MINUTE },      { "hours", NSEC_PER_HOUR },   { "hour", NSEC_PER_HOUR },
        { "hr", NSEC_PER_HOUR },       { "h", NSEC_PER_HOUR },       { "days", NSEC_PER_DAY },
        { "day", NSEC_PER_DAY },       { "d", NSEC_PER_DAY },        { "weeks", 7 * NSEC_PER_DAY },
        { "week", 7 * NSEC_PER_DAY },  { "w", 7 * NSEC_PER_DAY },    { "years", NSEC_PER_YEAR },
        { "year", NSEC_PER_YEAR },     { "y", NSEC_PER_YEAR },       { "usec", 1000ULL },
        { "us", 1000ULL },             { "µs", 1000ULL },  /* U+00B5 MICRO SIGN */
        { "μs", 1000ULL },  /* U+03BC GREEK SMALL LETTER MU, which people type just as often */
        { "nsec", 1ULL },              { "ns", 1ULL },
};

/* The longest unit name at p, so that "min" wins over "m" and "msec" over "ms". Nanosecond
 * units only exist where the result is in nanoseconds. */
static const TimeUnit *match_unit(const char *p, bool nsec) {
        const TimeUnit *best = NULL;
        size_t best_len = 0;
        for (size_t i = 0; i < ELEMENTSOF(time_units); i++) {
                size_t l = strlen(time_units[i].name);
                if (!nsec && time_units[i].nsec < 1000)
                        continue;
                if (l > best_len && strncmp(p, time_units[i].name, l) == 0) {
                        best = &time_units[i];
                        best_len = l;
                }
        }
        return best;
}

/* Parses a span into units of `resolution` nanoseconds (1000 for µs, 1 for ns). */
static int parse_span(const char *s, uint64_t default_unit, uint64_t resolution, uint64_t *ret) {
        uint64_t sum = 0;
        bool any = false;

        if (!s || default_unit == 0)
                return -EINVAL;
        const char *p = skip_leading(s, WHITESPACE);
        const char *inf = startswith(p, "infinity");
        if (inf && !*skip_leading(inf, WHITESPACE)) {
                *ret = UINT64_MAX;
                return 0;
        }

        for (;;) {
                uint64_t whole = 0;
                const char *frac = NULL;
                size_t n_whole, n_frac = 0;

                p = skip_leading(p, WHITESPACE);
                if (!*p)
                        break;
                if (*p == '-')
                        return -ERANGE;
                if (*p == '+') {
                        p++;
                        if (!(*p >= '0' && *p <= '9'))
                                return -EINVAL;
                }
                n_whole = strspn(p, DIGITS);
                for (size_t i = 0; i < n_whole; i++) {
                        unsigned d = (unsigned) (p[i] - '0');
                        /* systemd reads the whole part as a signed 64-bit number */
                        if (whole > ((uint64_t) INT64_MAX - d) / 10)
                                return -ERANGE;
                        whole = whole * 10 + d;
                }
                p += n_whole;
                if (*p == '.') {
                        frac = ++p;
                        n_frac = strspn(p, DIGITS);
                        if (n_frac == 0)
                                return -EINVAL;
                        p += n_frac;
                } else if (n_whole == 0)
                        return -EINVAL;

                const char *end_of_number = p;
                p = skip_leading(p, WHITESPACE);
                uint64_t m = default_unit;
                const TimeUnit *u = match_unit(p, resolution == 1);
                if (u) {
                        m = u->nsec / resolution;
                        p += strlen(u->name);
                } else if (*end_of_number && !strchr(WHITESPACE DIGITS, *end_of_number))
                        return -EINVAL; /* neither a unit nor a separator: "5x", "1.5.5" */

                if (whole >= UINT64_MAX / m)
                        return -ERANGE;
                uint64_t v = whole * m;
                /* Each further digit is worth a tenth of the one before; digits below the
                 * resolution contribute nothing. */
                for (size_t i = 0; i < n_frac && m > 0; i++) {
                        m /= 10;
                        v += (uint64_t) (frac[i] - '0') * m;
                }
                if (v > UINT64_MAX - sum)
                        return -ERANGE;
                sum += v;
                any = true;
        }

        if (!any)
                return -EINVAL;
        if (sum == UINT64_MAX) /* that value means infinity, which must be spelled out */
                return -ERANGE;
        *ret = sum;
        return 0;
}

int parse_time(const char *s, usec_t *ret, usec_t default_unit) {
        return parse_span(s, default_unit, NSEC_PER_USEC, ret);
}

int parse_sec(const char *s, usec_t *ret) {
        return parse_time(s, ret, USEC_PER_SEC);
}

int parse_sec_fix_0(const char *s, usec_t *ret) {
        usec_t t;
        int r = parse_sec(s, &t);
        if (r < 0)
                return r;
        *ret = t == 0 ? USEC_INFINITY : t;
        return 0;
}

int parse_nsec(const char *s, nsec_t *ret) {
        return parse_span(s, 1, 1, ret);
}

char *format_timespan(char *buf, size_t l, usec_t t, usec_t accuracy) {
        static const struct {
                const char *suffix;
                usec_t usec;
        } table[] = {
                { "y", 31557600ULL * USEC_PER_SEC },
                { "month", 2629800ULL * USEC_PER_SEC },
                { "w", 7 * USEC_PER_DAY },
                { "d", USEC_PER_DAY },
                { "h", USEC_PER_HOUR },
                { "min", USEC_PER_MINUTE },
                { "s", USEC_PER_SEC },
                { "ms", USEC_PER_MSEC },
                { "us", 1 },
        };
        char *p = buf;
        bool something = false;

        if (l == 0)
                return buf;
        *buf = 0;
        if (t == USEC_INFINITY) {
                snprintf(buf, l, "infinity");
                return buf;
        }
        if (t == 0) {
                snprintf(buf, l, "0");
                return buf;
        }
        if (accuracy == 0)
                accuracy = 1;

        for (size_t i = 0; i < ELEMENTSOF(table) && t > 0; i++) {
                /* Below the requested accuracy only if something coarser was printed: a span
                 * shorter than the accuracy is still shown, in the unit that fits it. */
                if (t < accuracy && something)
                        break;
                if (t < table[i].usec)
                        continue;

                usec_t whole = t / table[i].usec, rest = t % table[i].usec;
                int n;

                /* Under a minute the remainder is written as a decimal fraction of this unit,
                 * with as many digits as the accuracy asks for ("1.500s" for ms accuracy). */
                int digits = 0;
                for (usec_t u = table[i].usec; u > 1; u /= 10)
                        digits++;
                usec_t shown = rest;
                for (usec_t a = accuracy; a > 1; a /= 10) {
                        shown /= 10;
                        digits--;
                }
                if (t < USEC_PER_MINUTE && rest > 0 && digits > 0) {
                        n = snprintf(p, l, "%s%" PRIu64 ".%0*" PRIu64 "%s", something ? " " : "", whole,
                                     digits, shown, table[i].suffix);
                        t = 0;
                } else {
                        n = snprintf(p, l, "%s%" PRIu64 "%s", something ? " " : "", whole, table[i].suffix);
                        t = rest;
                }
                if (n < 0 || (size_t) n >= l)
                        break; /* truncated: snprintf() already terminated it */
                p += n;
                l -= (size_t) n;
                something = true;
        }
        return buf;
}
