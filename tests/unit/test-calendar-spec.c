/* test-calendar-spec.c — calendar expressions: the normalized forms and next elapses below are
 * what `systemd-analyze calendar --base-time=…` of systemd 252 prints for the same text (the
 * full differential table is tests/integration/test-calendar-diff.sh); here the edges that
 * matter to timers: month ends, leap days, DST gaps in a named zone, impossible dates ending
 * with -ENOENT instead of a hang, and errors with systemd's errno. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "calendar-spec.h"

typedef struct {
        const char *in;
        const char *norm;     /* NULL: refused with err */
        int err;
        const char *next[3];  /* UTC "YYYY-MM-DD HH:MM:SS", from BASE; NULL: never/no more */
} Case;

#define BASE 1773578096ULL /* 2026-03-15 12:34:56 UTC */

static const Case cases[] = {
        { "daily", "*-*-* 00:00:00", 0, { "2026-03-16 00:00:00", "2026-03-17 00:00:00" } },
        { "weekly", "Mon *-*-* 00:00:00", 0, { "2026-03-16 00:00:00", "2026-03-23 00:00:00" } },
        { "quarterly", "*-01,04,07,10-01 00:00:00", 0, { "2026-04-01 00:00:00", "2026-07-01 00:00:00" } },
        { "semiannually", "*-01,07-01 00:00:00", 0, { "2026-07-01 00:00:00", "2027-01-01 00:00:00" } },
        { "Wed..Fri,Mon", "Mon,Wed..Fri *-*-* 00:00:00", 0, { "2026-03-16 00:00:00", "2026-03-18 00:00:00" } },
        { "*:0/15", "*-*-* *:00/15:00", 0, { "2026-03-15 12:45:00", "2026-03-15 13:00:00" } },
        { "*:*:1.5", "*-*-* *:*:01.500000", 0, { "2026-03-15 12:35:01" } },
        { "*:*:1..5/10", "*-*-* *:*:01", 0, { "2026-03-15 12:35:01" } },
        { "*-*-31", "*-*-31 00:00:00", 0, { "2026-03-31 00:00:00", "2026-05-31 00:00:00" } },
        { "*-02~03", "*-02~03 00:00:00", 0, { "2027-02-26 00:00:00", "2028-02-27 00:00:00" } },
        { "*-02-29", "*-02-29 00:00:00", 0, { "2028-02-29 00:00:00", "2032-02-29 00:00:00" } },
        { "2026-02-30", "2026-02-30 00:00:00", 0, { NULL } },
        { "*-02-30", "*-02-30 00:00:00", 0, { NULL } },
        { "26-03-15", "2026-03-15 00:00:00", 0, { NULL } },
        { "*-*-* 02:30 Europe/Berlin", "*-*-* 02:30:00 Europe/Berlin", 0, { "2026-03-16 01:30:00" } },
        { "*-03-29 02:30 Europe/Berlin", "*-03-29 02:30:00 Europe/Berlin", 0, { "2027-03-29 00:30:00", "2028-03-29 00:30:00" } }, /* 2026: in the gap */
        { "@1234567890", "2009-02-13 23:31:30 UTC", 0, { NULL } },
        { "  daily", NULL, -EINVAL, {} },
        { "*:50/20", NULL, -EINVAL, {} },
        { "Fri..Mon", NULL, -EINVAL, {} },
        { "*-*~29", NULL, -EINVAL, {} },
        { "*:0/0", NULL, -ERANGE, {} },
        { "4294967296:00", NULL, -ERANGE, {} },
        { "1,2,", NULL, -EINVAL, {} },
        { "", NULL, -EINVAL, {} },
};

static void utc(char *buf, size_t l, uint64_t usec) {
        time_t t = (time_t) (usec / 1000000);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(buf, l, "%Y-%m-%d %H:%M:%S", &tm);
}

static void test_table(void **state) {
        (void) state;
        setenv("TZ", "UTC", 1);
        tzset();
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                const Case *c = &cases[i];
                CalendarSpec *s = NULL;
                int r = calendar_spec_from_string(c->in, &s);
                if (!c->norm) {
                        if (r != c->err)
                                fail_msg("'%s': %d, expected %d", c->in, r, c->err);
                        assert_null(s);
                        continue;
                }
                if (r < 0)
                        fail_msg("'%s': refused with %d", c->in, r);
                char *n = NULL;
                assert_int_equal(calendar_spec_to_string(s, &n), 0);
                assert_string_equal(n, c->norm);
                free(n);
                uint64_t t = BASE * 1000000ULL;
                for (size_t k = 0; k < 3; k++) {
                        uint64_t next;
                        r = calendar_spec_next_usec(s, t, &next);
                        if (!c->next[k]) {
                                if (k == 0)
                                        assert_int_equal(r, -ENOENT);
                                break;
                        }
                        if (r < 0)
                                fail_msg("'%s' #%zu: %d", c->in, k, r);
                        char b[64];
                        utc(b, sizeof b, next);
                        if (strcmp(b, c->next[k]) != 0)
                                fail_msg("'%s' #%zu: %s, expected %s", c->in, k, b, c->next[k]);
                        t = next;
                }
                calendar_spec_free(s);
        }
}

/* The zone of an expression applies to that computation only. */
static void test_tz_restored(void **state) {
        (void) state;
        setenv("TZ", "America/New_York", 1);
        tzset();
        CalendarSpec *s = NULL;
        assert_int_equal(calendar_spec_from_string("*-*-* 10:00 Asia/Tokyo", &s), 0);
        uint64_t next;
        assert_int_equal(calendar_spec_next_usec(s, BASE * 1000000ULL, &next), 0);
        assert_string_equal(getenv("TZ"), "America/New_York");
        char b[64];
        utc(b, sizeof b, next);
        assert_string_equal(b, "2026-03-16 01:00:00");
        calendar_spec_free(s);
}

/* Every expression ends: a list of impossible dates gives -ENOENT, fast. */
static void test_impossible(void **state) {
        (void) state;
        const char *l[] = { "*-02-30,31", "*-04-31 *:*:*", "Mon 2026-02-30", "*-*-31 UTC", "Sat *-02-29" };
        for (size_t i = 0; i < sizeof l / sizeof l[0]; i++) {
                CalendarSpec *s = NULL;
                assert_int_equal(calendar_spec_from_string(l[i], &s), 0);
                uint64_t next, t = BASE * 1000000ULL;
                int r = 0;
                for (int k = 0; k < 50 && r == 0; k++)
                        if ((r = calendar_spec_next_usec(s, t, &next)) == 0)
                                t = next;
                assert_true(r == -ENOENT || r == 0);
                calendar_spec_free(s);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_table),
                cmocka_unit_test(test_tz_restored),
                cmocka_unit_test(test_impossible),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
