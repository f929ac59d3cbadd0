/* test-rlimit-util.c — Limit*= values with the unit rules of systemd.exec(7): seconds for
 * LimitCPU= (rounded up), microseconds for LimitRTTIME=, base-1024 sizes for byte limits,
 * nice levels for LimitNICE=, "infinity", and "soft:hard". Expected values were checked
 * against systemd 252. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rlimit-util.h"

#define INF RLIM_INFINITY

static void test_names(void **state) {
        (void) state;
        assert_string_equal(rlimit_to_string(RLIMIT_NOFILE), "LimitNOFILE");
        assert_string_equal(rlimit_to_string(RLIMIT_CPU), "LimitCPU");
        assert_string_equal(rlimit_to_string(RLIMIT_RTTIME), "LimitRTTIME");
        assert_null(rlimit_to_string(-1));
        assert_null(rlimit_to_string(RLIMIT_NLIMITS));

        assert_int_equal(rlimit_from_string("LimitNOFILE"), RLIMIT_NOFILE);
        assert_int_equal(rlimit_from_string("NOFILE"), RLIMIT_NOFILE);
        assert_int_equal(rlimit_from_string("MSGQUEUE"), RLIMIT_MSGQUEUE);
        assert_int_equal(rlimit_from_string("nofile"), -EINVAL);
        assert_int_equal(rlimit_from_string("RLIMIT_NOFILE"), -EINVAL);
        assert_int_equal(rlimit_from_string("Limit"), -EINVAL);
        assert_int_equal(rlimit_from_string(""), -EINVAL);
        for (int i = 0; i < RLIMIT_NLIMITS; i++)
                assert_int_equal(rlimit_from_string(rlimit_to_string(i)), i);
}

static void test_rlimit_parse(void **state) {
        static const struct {
                int resource;
                const char *s;
                int r;
                rlim_t soft, hard;
        } cases[] = {
                /* LimitCPU=: a time span in seconds, rounded up */
                { RLIMIT_CPU, "10", 0, 10, 10 },
                { RLIMIT_CPU, "1min", 0, 60, 60 },
                { RLIMIT_CPU, "1.5s", 0, 2, 2 },
                { RLIMIT_CPU, "500ms", 0, 1, 1 },
                { RLIMIT_CPU, "1000001us", 0, 2, 2 },
                { RLIMIT_CPU, "0", 0, 0, 0 },
                { RLIMIT_CPU, "1h:2h", 0, 3600, 7200 },
                { RLIMIT_CPU, "5:infinity", 0, 5, INF },
                { RLIMIT_CPU, " infinity", 0, INF, INF },
                { RLIMIT_CPU, "1K", -EINVAL, 0, 0 },
                /* LimitRTTIME=: microseconds */
                { RLIMIT_RTTIME, "10", 0, 10, 10 },
                { RLIMIT_RTTIME, "1s", 0, 1000000, 1000000 },
                { RLIMIT_RTTIME, "5:1s", 0, 5, 1000000 },
                { RLIMIT_RTTIME, "1.5", 0, 1, 1 },
                /* byte limits: base-1024 sizes */
                { RLIMIT_CORE, "1K", 0, 1024, 1024 },
                { RLIMIT_AS, "1.5G", 0, 1610612736, 1610612736 },
                { RLIMIT_MEMLOCK, "1K:2K", 0, 1024, 2048 },
                { RLIMIT_STACK, "5 : 10", 0, 5, 10 },
                { RLIMIT_FSIZE, "infinity", 0, INF, INF },
                { RLIMIT_DATA, "1KB", -EINVAL, 0, 0 },
                { RLIMIT_RSS, "1s", -EINVAL, 0, 0 },
                { RLIMIT_MSGQUEUE, "18446744073709551615", -ERANGE, 0, 0 },
                /* counts */
                { RLIMIT_NOFILE, "1024", 0, 1024, 1024 },
                { RLIMIT_NOFILE, "1024:524288", 0, 1024, 524288 },
                { RLIMIT_NOFILE, "1024:infinity", 0, 1024, INF },
                { RLIMIT_NOFILE, "infinity:infinity", 0, INF, INF },
                { RLIMIT_NOFILE, "0x10", 0, 16, 16 },
                { RLIMIT_NOFILE, " 1024", 0, 1024, 1024 },
                { RLIMIT_NPROC, "5: 10", 0, 5, 10 },
                { RLIMIT_RTPRIO, "100", 0, 100, 100 },
                { RLIMIT_RTPRIO, "infinity", 0, INF, INF },
                { RLIMIT_NOFILE, "1K", -EINVAL, 0, 0 },
                { RLIMIT_NOFILE, "1.5", -EINVAL, 0, 0 },
                { RLIMIT_NOFILE, "-1", -ERANGE, 0, 0 },
                { RLIMIT_NOFILE, " 5 : 10 ", -EINVAL, 0, 0 },
                { RLIMIT_NOFILE, "18446744073709551615", -ERANGE, 0, 0 },
                /* LimitNICE=: raw 0…40, or a signed nice level */
                { RLIMIT_NICE, "0", 0, 0, 0 },
                { RLIMIT_NICE, "40", 0, 40, 40 },
                { RLIMIT_NICE, "-20", 0, 40, 40 },
                { RLIMIT_NICE, "+19", 0, 1, 1 },
                { RLIMIT_NICE, "+0", 0, 20, 20 },
                { RLIMIT_NICE, "-0", 0, 20, 20 },
                { RLIMIT_NICE, "+5:-5", 0, 15, 25 },
                { RLIMIT_NICE, "41", -ERANGE, 0, 0 },
                { RLIMIT_NICE, "+20", -ERANGE, 0, 0 },
                { RLIMIT_NICE, "-21", -ERANGE, 0, 0 },
                { RLIMIT_NICE, "infinity", -EINVAL, 0, 0 },
                /* shape */
                { RLIMIT_NOFILE, "10:5", -EILSEQ, 0, 0 },
                { RLIMIT_CPU, "infinity:5", -EILSEQ, 0, 0 },
                { RLIMIT_NICE, "10:5", -EILSEQ, 0, 0 },
                { RLIMIT_NOFILE, ":5", -EINVAL, 0, 0 },
                { RLIMIT_NOFILE, "5:", -EINVAL, 0, 0 },
                { RLIMIT_NOFILE, "5:10:20", -EINVAL, 0, 0 },
                { RLIMIT_NOFILE, "", -EINVAL, 0, 0 },
                { -1, "5", -EINVAL, 0, 0 },
                { RLIMIT_NLIMITS, "5", -EINVAL, 0, 0 },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct rlimit rl = { 7, 7 };
                int r = rlimit_parse(cases[i].resource, cases[i].s, &rl);
                if (r != cases[i].r)
                        fail_msg("rlimit_parse(%d, \"%s\") = %d, expected %d", cases[i].resource,
                                 cases[i].s, r, cases[i].r);
                if (r == 0 && (rl.rlim_cur != cases[i].soft || rl.rlim_max != cases[i].hard))
                        fail_msg("rlimit_parse(%d, \"%s\") gave %llu:%llu", cases[i].resource, cases[i].s,
                                 (unsigned long long) rl.rlim_cur, (unsigned long long) rl.rlim_max);
                if (r < 0 && (rl.rlim_cur != 7 || rl.rlim_max != 7))
                        fail_msg("rlimit_parse(%d, \"%s\") changed the output on failure",
                                 cases[i].resource, cases[i].s);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_names),
                cmocka_unit_test(test_rlimit_parse),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
