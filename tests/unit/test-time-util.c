/* test-time-util.c — time spans as systemd.time(7) writes them. The expected values are what
 * `systemd-analyze timespan` of systemd 252 prints for the same text, and the formatted
 * strings are what systemd shows for the same microseconds and accuracy. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "time-util.h"

#define ERR(e) (-(e))

typedef struct {
        const char *s;
        int r;
        uint64_t v;
} SpanCase;

static const SpanCase sec_cases[] = {
        { "1h 30min", 0, 5400000000ULL },
        { "5s 100ms", 0, 5100000 },
        { "1.5min", 0, 90000000 },
        { "2 min", 0, 120000000 },
        { "5", 0, 5000000 },          /* default unit: seconds */
        { "1.5", 0, 1500000 },
        { "0", 0, 0 },
        { "infinity", 0, USEC_INFINITY },
        { " infinity ", 0, USEC_INFINITY },
        { "1y", 0, 31557600000000ULL }, /* 365.25 days */
        { "1M", 0, 2629800000000ULL },  /* 30.44 days */
        { "1.5M", 0, 3944700000000ULL },
        { "5m", 0, 300000000 },         /* m is minutes, M months */
        { "1w", 0, 604800000000ULL },
        { "2weeks", 0, 1209600000000ULL },
        { "3 days", 0, 259200000000ULL },
        { "1d2h", 0, 93600000000ULL },
        { "1 h 2 m", 0, 3720000000ULL },
        { "1hour", 0, 3600000000ULL },
        { "1hr", 0, 3600000000ULL },
        { "1minute", 0, 60000000 },
        { "1minutes", 0, 60000000 },
        { "2seconds", 0, 2000000 },
        { "1second", 0, 1000000 },
        { "1sec", 0, 1000000 },
        { "1msec", 0, 1000 },
        { "1usec", 0, 1 },
        { "1us", 0, 1 },
        { "1µs", 0, 1 },                /* U+00B5 */
        { "1μs", 0, 1 },                /* U+03BC */
        { "1months", 0, 2629800000000ULL },
        { "1years", 0, 31557600000000ULL },
        { "3 ms 5us", 0, 3005 },
        { "5sec5ms", 0, 5005000 },
        { "1h30", 0, 3630000000ULL },   /* a trailing bare number takes the default unit */
        { "5s5", 0, 10000000 },
        { "1 2", 0, 3000000 },
        { "1 .5", 0, 1500000 },
        { "1y1y", 0, 63115200000000ULL },
        { "1d 1.5h", 0, 91800000000ULL },
        { "+5s", 0, 5000000 },
        { "5s +1s", 0, 6000000 },
        { ".5s", 0, 500000 },
        { "00.5", 0, 500000 },
        { "1.0", 0, 1000000 },
        { " 5s ", 0, 5000000 },
        { "  5   min  ", 0, 300000000 },
        { "0.5us", 0, 0 },              /* finer than the resolution: truncated */
        { "1.9us", 0, 1 },
        { "1.1111119s", 0, 1111111 },
        { "1.00000000000000000001s", 0, 1000000 },
        { "12345678.9s", 0, 12345678900000ULL },
        { "9223372036854775807us", 0, 9223372036854775807ULL },
        { "9223372036854775807us 9223372036854775807us", 0, 18446744073709551614ULL },
        { "584541y", 0, 18446711061600000000ULL },
        { "-1", ERR(ERANGE), 0 },
        { "-0", ERR(ERANGE), 0 },
        { "- 5s", ERR(ERANGE), 0 },
        { "5s -1s", ERR(ERANGE), 0 },
        { "584542y", ERR(ERANGE), 0 },
        { "9223372036854775808us", ERR(ERANGE), 0 },
        { "18446744073709551615us", ERR(ERANGE), 0 },
        { "99999999999999999999", ERR(ERANGE), 0 },
        { "9223372036854775807us 9223372036854775807us 1us", ERR(ERANGE), 0 }, /* = infinity */
        { "", ERR(EINVAL), 0 },
        { "   ", ERR(EINVAL), 0 },
        { "1.5.3s", ERR(EINVAL), 0 },
        { "5.s", ERR(EINVAL), 0 },
        { "1.", ERR(EINVAL), 0 },
        { ".", ERR(EINVAL), 0 },
        { "1e3s", ERR(EINVAL), 0 },
        { "0x10", ERR(EINVAL), 0 },
        { "1,5s", ERR(EINVAL), 0 },
        { "1s ms", ERR(EINVAL), 0 },
        { "s", ERR(EINVAL), 0 },
        { "5ss", ERR(EINVAL), 0 },
        { "5x", ERR(EINVAL), 0 },
        { "5-", ERR(EINVAL), 0 },
        { "5S", ERR(EINVAL), 0 },      /* units are case-sensitive */
        { "5Min", ERR(EINVAL), 0 },
        { "5 USEC", ERR(EINVAL), 0 },
        { "1ns", ERR(EINVAL), 0 },     /* no nanoseconds in microsecond spans */
        { "inf", ERR(EINVAL), 0 },
        { "Infinity", ERR(EINVAL), 0 },
        { "infinity5", ERR(EINVAL), 0 },
        { "5 infinity", ERR(EINVAL), 0 },
        { "+ 5", ERR(EINVAL), 0 },
        { "++5", ERR(EINVAL), 0 },
        { "+.5s", ERR(EINVAL), 0 },
        { "1..5", ERR(EINVAL), 0 },
};

static void check_cases(const char *what, const SpanCase *cases, size_t n, int (*parse)(const char *, uint64_t *)) {
        for (size_t i = 0; i < n; i++) {
                uint64_t v = 4242;
                int r = parse(cases[i].s, &v);
                if (r != cases[i].r)
                        fail_msg("%s(\"%s\") = %d, expected %d", what, cases[i].s, r, cases[i].r);
                if (r == 0 && v != cases[i].v)
                        fail_msg("%s(\"%s\") gave %llu, expected %llu", what, cases[i].s,
                                 (unsigned long long) v, (unsigned long long) cases[i].v);
                if (r < 0 && v != 4242)
                        fail_msg("%s(\"%s\") changed the output on failure", what, cases[i].s);
        }
}

static void test_parse_sec(void **state) {
        (void) state;
        check_cases("parse_sec", sec_cases, sizeof(sec_cases) / sizeof(sec_cases[0]), parse_sec);
}

static void test_parse_sec_fix_0(void **state) {
        static const SpanCase cases[] = {
                { "0", 0, USEC_INFINITY },    { "0s", 0, USEC_INFINITY }, { "0ms", 0, USEC_INFINITY },
                { "0.1us", 0, USEC_INFINITY }, { "5", 0, 5000000 },       { "infinity", 0, USEC_INFINITY },
                { "", ERR(EINVAL), 0 },       { "-1", ERR(ERANGE), 0 },
        };
        (void) state;
        check_cases("parse_sec_fix_0", cases, sizeof(cases) / sizeof(cases[0]), parse_sec_fix_0);
}

static int parse_time_usec(const char *s, uint64_t *ret) {
        return parse_time(s, ret, 1);
}
static int parse_time_msec(const char *s, uint64_t *ret) {
        return parse_time(s, ret, USEC_PER_MSEC);
}

static void test_parse_time(void **state) {
        static const SpanCase usec[] = {
                { "5", 0, 5 }, { "0.5", 0, 0 }, { "5ms", 0, 5000 }, { "1.5ms", 0, 1500 },
                { "5s", 0, 5000000 }, { "infinity", 0, USEC_INFINITY }, { "5x", ERR(EINVAL), 0 },
        };
        static const SpanCase msec[] = {
                { "5", 0, 5000 }, { "0.5", 0, 500 }, { "1.5", 0, 1500 }, { "5us", 0, 5 },
        };
        uint64_t v = 7;
        (void) state;
        check_cases("parse_time(µs)", usec, sizeof(usec) / sizeof(usec[0]), parse_time_usec);
        check_cases("parse_time(ms)", msec, sizeof(msec) / sizeof(msec[0]), parse_time_msec);
        assert_int_equal(parse_time("5", &v, 0), -EINVAL);
        assert_int_equal(v, 7);
}

static void test_parse_nsec(void **state) {
        static const SpanCase cases[] = {
                { "5", 0, 5 },                        /* default unit: nanoseconds */
                { "5ns", 0, 5 },
                { "5nsec", 0, 5 },
                { "5us", 0, 5000 },
                { "5µs", 0, 5000 },
                { "1.5ns", 0, 1 },
                { "0.5us", 0, 500 },
                { "1.5", 0, 1 },
                { "5m", 0, 300000000000ULL },
                { "10y", 0, 315576000000000000ULL },
                { "9223372036854775807ns", 0, 9223372036854775807ULL },
                { "infinity", 0, NSEC_INFINITY },
                { "584y", ERR(ERANGE), 0 },
                { "18446744073709551615ns", ERR(ERANGE), 0 },
                { "", ERR(EINVAL), 0 },
                { "5x", ERR(EINVAL), 0 },
        };
        (void) state;
        check_cases("parse_nsec", cases, sizeof(cases) / sizeof(cases[0]), parse_nsec);
}

static void test_format_timespan(void **state) {
        static const struct {
                usec_t t, accuracy;
                const char *s;
        } cases[] = {
                { 0, 0, "0" },
                { 0, 1, "0" },
                { USEC_INFINITY, 1, "infinity" },
                { USEC_INFINITY - 1, 1, "584542y 2w 2d 20h 1min 49.551614s" },
                { 1, 0, "1us" },
                { 1, 1, "1us" },
                { 500, 1000, "500us" },   /* shorter than the accuracy: still shown */
                { 1500, 1000, "1ms" },
                { 1500, 1, "1.500ms" },
                { 999, 1000, "999us" },
                { 500000, USEC_PER_SEC, "500ms" },
                { 1500000, USEC_PER_SEC, "1s" },
                { 1500000, 1, "1.500000s" },
                { 5100000, 1000, "5.100s" },
                { 5000100, 1000, "5.000s" },
                { 90000000, USEC_PER_SEC, "1min 30s" },
                { 90500000, USEC_PER_SEC, "1min 30s" },
                { 90500000, 1000, "1min 30.500s" },
                { 3600000000ULL, 1, "1h" },
                { 3661000000ULL, USEC_PER_SEC, "1h 1min 1s" },
                { 3661500000ULL, 1, "1h 1min 1.500000s" },
                { 5400000000ULL, USEC_PER_SEC, "1h 30min" },
                { 86400000000ULL, 1, "1d" },
                { 90000000000ULL, 1, "1d 1h" },
                { 604800000000ULL, 1, "1w" },
                { 2629800000000ULL, 1, "1month" },
                { 31557600000000ULL, 1, "1y" },
                { 31557600000001ULL, 1, "1y 1us" },
                { 31557600000001ULL, USEC_PER_SEC, "1y" },
                { 34187400000000ULL, 1, "1y 1month" },
                { 78894000000000ULL, 1, "2y 6month" },
                { 60000001, 1, "1min 1us" },
                { 120000100, 1000, "2min" },
                { 61000000, 60000000, "1min" },
                { 59000000, 60000000, "59s" },
                { 12345678900000ULL, 1, "4month 3w 3h 21min 18.900000s" },
                { 3005, 1, "3.005ms" },
                { 5, 10, "5us" },
        };
        char buf[FORMAT_TIMESPAN_MAX];
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                const char *s = format_timespan(buf, sizeof buf, cases[i].t, cases[i].accuracy);
                assert_ptr_equal(s, buf);
                if (strcmp(s, cases[i].s) != 0)
                        fail_msg("format_timespan(%llu, %llu) = \"%s\", expected \"%s\"",
                                 (unsigned long long) cases[i].t, (unsigned long long) cases[i].accuracy,
                                 s, cases[i].s);
        }
}

static void test_format_timespan_truncates(void **state) {
        char small[6];
        (void) state;
        /* A short buffer gets a terminated prefix, never an overflow. */
        format_timespan(small, sizeof small, 3661000000ULL, 1);
        assert_true(strlen(small) < sizeof small);
        assert_string_equal(small, "1h 1m");
        assert_string_equal(format_timespan(small, 1, 5, 1), "");
}

static void test_round_trip(void **state) {
        static const char *const spans[] = { "1h 30min", "5.100s", "1y 1month", "2w 3d 4h", "500ms", "1min 1us" };
        char buf[FORMAT_TIMESPAN_MAX];
        (void) state;
        for (size_t i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
                usec_t t, u;
                assert_int_equal(parse_sec(spans[i], &t), 0);
                assert_int_equal(parse_sec(format_timespan(buf, sizeof buf, t, 1), &u), 0);
                assert_true(t == u);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_sec),
                cmocka_unit_test(test_parse_sec_fix_0),
                cmocka_unit_test(test_parse_time),
                cmocka_unit_test(test_parse_nsec),
                cmocka_unit_test(test_format_timespan),
                cmocka_unit_test(test_format_timespan_truncates),
                cmocka_unit_test(test_round_trip),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
