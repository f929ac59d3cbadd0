/* sctl-analyze.c — `sctl analyze calendar [--iterations=N] [--base-time=TS] EXPR…`, printing
 * what `systemd-analyze calendar` of systemd 252 prints, line for line: the original form (if
 * it differs), the normalized form, the next elapses in local time, in UTC when the local zone
 * is not UTC, and relative to now — so that scripts and people comparing the two see the
 * same thing. Works offline: no manager is needed. Other analyze verbs are not implemented. */
#include <getopt.h>
#include <stdio.h>
#include <time.h>

#include "calendar-spec.h"
#include "log.h"
#include "parse-util.h"
#include "sctl.h"
#include "string-util.h"
#include "timestamp-util.h"

typedef struct Row {
        char label[32];
        char value[128];
} Row;

typedef struct Table {
        Row *rows;
        size_t n, cap;
} Table;

static void table_add(Table *t, const char *label, const char *value) {
        if (t->n >= t->cap)
                return;
        Row *r = &t->rows[t->n++];
        snprintf(r->label, sizeof r->label, "%s", label);
        snprintf(r->value, sizeof r->value, "%s", value);
}

/* Labels right-aligned to the longest; the values' trailing blanks dropped, as systemd's
 * table printer does. */
static void table_print(const Table *t) {
        size_t w = 0;
        for (size_t i = 0; i < t->n; i++)
                w = MAX(w, strlen(t->rows[i].label));
        for (size_t i = 0; i < t->n; i++) {
                size_t l = strlen(t->rows[i].value);
                while (l > 0 && t->rows[i].value[l - 1] == ' ')
                        l--;
                printf("%*s %.*s\n", (int) w, t->rows[i].label, (int) l, t->rows[i].value);
        }
}

static bool in_utc_timezone(void) {
        tzset();
        return timezone == 0 && daylight == 0;
}

static char *format_utc(char *buf, size_t l, usec_t t) {
        time_t sec = (time_t) (t / USEC_PER_SEC);
        struct tm tm;
        if (!gmtime_r(&sec, &tm) || strftime(buf, l, "%a %Y-%m-%d %H:%M:%S UTC", &tm) == 0)
                buf[0] = 0;
        return buf;
}

static int calendar_one(const char *expr, usec_t base, unsigned iterations, usec_t now) {
        _cleanup_(calendar_spec_freep) CalendarSpec *spec = NULL;
        _cleanup_free_ char *norm = NULL;
        int r = calendar_spec_from_string(expr, &spec);
        fflush(stdout); /* errors appear between the tables they belong between */
        if (r < 0)
                return log_error_errno(r, "Failed to parse calendar specification '%s': %s", expr, strerror(-r));
        if ((r = calendar_spec_to_string(spec, &norm)) < 0)
                return log_error_errno(r, "Failed to format calendar specification '%s': %s", expr, strerror(-r));
        /* every row this expression can produce: two forms, three lines per iteration */
        Table table = { .cap = 2 + 3 * (size_t) iterations }, *t = &table;
        if (!(t->rows = calloc(t->cap, sizeof(Row))))
                return log_oom();
        if (!streq(norm, expr))
                table_add(t, "Original form:", expr);
        table_add(t, "Normalized form:", norm);
        bool utc = in_utc_timezone();
        usec_t n = base;
        for (unsigned i = 0; i < iterations; i++) {
                usec_t next;
                char b[FORMAT_TIMESTAMP_MAX], label[32];
                r = calendar_spec_next_usec(spec, n, &next);
                if (r == -ENOENT) {
                        if (i == 0)
                                table_add(t, "Next elapse:", "never");
                        r = 0;
                        break;
                }
                if (r < 0) {
                        log_error_errno(r, "Failed to determine next elapse for '%s': %s", expr, strerror(-r));
                        break;
                }
                if (i == 0)
                        snprintf(label, sizeof label, "Next elapse:");
                else
                        snprintf(label, sizeof label, "Iter. #%u:", i + 1);
                table_add(t, label, format_timestamp(b, sizeof b, next));
                if (!utc)
                        table_add(t, "(in UTC):", format_utc(b, sizeof b, next));
                table_add(t, "From now:", format_timestamp_relative(b, sizeof b, next, now));
                n = next;
        }
        if (r >= 0)
                table_print(t);
        free(t->rows);
        return r;
}

/* --base-time=: "@SECONDS", "now", or "[WEEKDAY ]YYYY-MM-DD[ HH:MM[:SS]][ UTC]". */
static int parse_base_time(const char *s, usec_t *ret) {
        if (streq(s, "now")) {
                *ret = clock_now_usec(CLOCK_REALTIME);
                return 0;
        }
        if (s[0] == '@')
                return parse_sec(s + 1, ret);
        _cleanup_free_ char *buf = strdup(s);
        if (!buf)
                return -ENOMEM;
        bool utc = false;
        char *e = endswith(buf, " UTC");
        if (e) {
                *e = 0;
                utc = true;
        }
        const char *p = buf;
        static const char *const wd[] = { "Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun " };
        for (size_t i = 0; i < ELEMENTSOF(wd); i++)
                if (startswith(p, wd[i]))
                        p += 4;
        static const char *const formats[] = { "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d" };
        for (size_t i = 0; i < ELEMENTSOF(formats); i++) {
                struct tm tm = { .tm_isdst = -1 };
                const char *end = strptime(p, formats[i], &tm);
                if (!end || *end)
                        continue;
                time_t t = utc ? timegm(&tm) : mktime(&tm);
                if (t < 0)
                        return -EINVAL;
                *ret = (usec_t) t * USEC_PER_SEC;
                return 0;
        }
        return -EINVAL;
}

static int verb_analyze_calendar(int argc, char **argv) {
        static const struct option options[] = {
                { "iterations", required_argument, NULL, 'i' },
                { "base-time", required_argument, NULL, 'b' },
                { "no-pager", no_argument, NULL, 'P' },
                {},
        };
        unsigned iterations = 1;
        usec_t base = USEC_INFINITY;
        int c, r;
        optind = 0;
        while ((c = getopt_long(argc, argv, "", options, NULL)) >= 0)
                switch (c) {
                case 'i':
                        if (safe_atou(optarg, &iterations) < 0)
                                return log_error_errno(EINVAL, "Failed to parse iterations: %s", optarg);
                        break;
                case 'b':
                        if (parse_base_time(optarg, &base) < 0)
                                return log_error_errno(EINVAL, "Failed to parse --base-time= parameter: %s", optarg);
                        break;
                case 'P':
                        break;
                default:
                        return -EINVAL;
                }
        if (optind + 1 >= argc)
                return log_error_errno(EINVAL, "Too few arguments.");
        /* one base for every expression, as systemd-analyze does */
        usec_t now = clock_now_usec(CLOCK_REALTIME);
        if (base == USEC_INFINITY)
                base = now;
        /* a bound on what one command line can make us allocate */
        if (iterations > 100000)
                return log_error_errno(ERANGE, "Too many iterations: %u", iterations);
        int ret = 0;
        for (int i = optind + 1; i < argc; i++) {
                r = calendar_one(argv[i], base, iterations, now);
                if (ret == 0 && r < 0)
                        ret = r;
                if (i + 1 < argc)
                        putchar('\n');
        }
        return ret < 0 ? 1 : 0;
}

int sctl_analyze_main(int argc, char **argv) {
        /* argv[0] is "analyze"; the sub-verb follows, possibly after options */
        for (int i = 1; i < argc; i++) {
                if (argv[i][0] == '-')
                        continue;
                if (streq(argv[i], "calendar")) {
                        /* getopt permutes: the sub-verb is found again as the first operand */
                        return verb_analyze_calendar(argc, argv);
                }
                return log_error_errno(EOPNOTSUPP, "Unknown analyze verb %s (sysMaster implements: calendar).", argv[i]);
        }
        return log_error_errno(EINVAL, "Too few arguments.");
}
