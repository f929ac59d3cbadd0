/* test-signal-util.c — signal names in both directions, as unit files write them
 * (KillSignal=SIGTERM, RestartKillSignal=RTMIN+3, FinalKillSignal=9). */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "signal-util.h"

static void test_signal_from_string(void **state) {
        const struct {
                const char *s;
                int sig;
        } cases[] = {
                { "SIGTERM", SIGTERM },   { "TERM", SIGTERM },      { "15", SIGTERM },
                { " 15", SIGTERM },       { "SIGKILL", SIGKILL },   { "KILL", SIGKILL },
                { "SIGHUP", SIGHUP },     { "SIGIO", SIGIO },       { "SIGSYS", SIGSYS },
                { "SIGPWR", SIGPWR },     { "SIGWINCH", SIGWINCH }, { "SIGSTKFLT", SIGSTKFLT },
                { "SIGCHLD", SIGCHLD },   { "USR1", SIGUSR1 },      { "SIGUSR2", SIGUSR2 },
                { "RTMIN", SIGRTMIN },    { "SIGRTMIN", SIGRTMIN }, { "RTMIN+0", SIGRTMIN },
                { "RTMIN+3", SIGRTMIN + 3 }, { "SIGRTMIN+3", SIGRTMIN + 3 },
                { "RTMIN+03", SIGRTMIN + 3 },
                { "RTMAX", SIGRTMAX },    { "RTMAX-1", SIGRTMAX - 1 }, { "SIGRTMAX-1", SIGRTMAX - 1 },
                { "RTMAX-0", SIGRTMAX },
                { "RTMIN+30", SIGRTMIN + 30 }, { "RTMAX-30", SIGRTMAX - 30 },
                { "31", 31 },             { "32", 32 },             { "64", 64 },
                /* refused as systemd refuses them */
                { "sigterm", -EINVAL },   { "Term", -EINVAL },      { "SIG15", -EINVAL },
                { "SIGIOT", -EINVAL },    { "SIGCLD", -EINVAL },    { "SIGPOLL", -EINVAL },
                { "SIGUNUSED", -EINVAL }, { "RTMIN+31", -EINVAL },  { "RTMAX-31", -EINVAL },
                { "RTMAX+1", -EINVAL },   { "RTMIN-1", -EINVAL },   { "RTMIN+ 3", -EINVAL },
                { "RTMIN+-1", -EINVAL },  { "RTMIN+", -EINVAL },    { "0", -EINVAL },
                { "65", -EINVAL },        { "-1", -EINVAL },        { "15 ", -EINVAL },
                { "", -EINVAL },          { "SIG", -EINVAL },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int r = signal_from_string(cases[i].s);
                if (r != cases[i].sig)
                        fail_msg("signal_from_string(\"%s\") = %d, expected %d", cases[i].s, r, cases[i].sig);
        }
        assert_int_equal(signal_from_string(NULL), -EINVAL);
}

static void test_signal_to_string(void **state) {
        (void) state;
        assert_string_equal(signal_to_string(SIGTERM), "SIGTERM");
        assert_string_equal(signal_to_string(SIGHUP), "SIGHUP");
        assert_string_equal(signal_to_string(SIGSYS), "SIGSYS");
        assert_string_equal(signal_to_string(SIGRTMIN), "SIGRTMIN+0");
        assert_string_equal(signal_to_string(SIGRTMIN + 3), "SIGRTMIN+3");
        assert_string_equal(signal_to_string(SIGRTMAX), "SIGRTMIN+30");
        assert_null(signal_to_string(0));
        assert_null(signal_to_string(-1));
        assert_null(signal_to_string(SIGRTMAX + 1));
        assert_null(signal_to_string(32)); /* reserved by the C library, no name */
}

static void test_round_trip(void **state) {
        (void) state;
        for (int sig = 1; sig <= SIGRTMAX; sig++) {
                const char *name = signal_to_string(sig);
                if (!name)
                        continue;
                if (signal_from_string(name) != sig)
                        fail_msg("%s does not map back to %d", name, sig);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_signal_from_string),
                cmocka_unit_test(test_signal_to_string),
                cmocka_unit_test(test_round_trip),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
