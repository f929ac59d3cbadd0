/* test-service-policy.c — the decision table of Restart= (every value against every result),
 * RestartPreventExitStatus=/RestartForceExitStatus= overriding it, SuccessExitStatus= and the
 * clean signals of a main process, and the ExecCondition= verdicts. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "service-policy.h"

static void test_restart_table(void **state) {
        (void) state;
        /* rows: Restart= values; columns: results in this order */
        static const ServiceResult results[] = {
                SERVICE_SUCCESS,        SERVICE_FAILURE_EXIT_CODE, SERVICE_FAILURE_SIGNAL, SERVICE_FAILURE_CORE_DUMP,
                SERVICE_FAILURE_TIMEOUT, SERVICE_FAILURE_WATCHDOG, SERVICE_FAILURE_PROTOCOL, SERVICE_FAILURE_RESOURCES,
        };
        static const struct {
                ServiceRestart restart;
                const char *expect; /* one character per result: y restarts */
        } rows[] = {
                { SERVICE_RESTART_NO, "nnnnnnnn" },          { SERVICE_RESTART_ALWAYS, "yyyyyyyy" },
                { SERVICE_RESTART_ON_SUCCESS, "ynnnnnnn" },  { SERVICE_RESTART_ON_FAILURE, "nyyyyyyy" },
                { SERVICE_RESTART_ON_ABNORMAL, "nnyyyyyy" }, { SERVICE_RESTART_ON_WATCHDOG, "nnnnnynn" },
                { SERVICE_RESTART_ON_ABORT, "nnyynnnn" },
        };
        for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
                for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
                        ServiceConfig c = { .restart = rows[r].restart };
                        bool want = rows[r].expect[i] == 'y';
                        if (service_should_restart(&c, results[i], CLD_EXITED, 1) != want)
                                fail_msg("Restart=%s, result %s: want %d", service_restart_to_string(rows[r].restart),
                                         service_result_to_string(results[i]), want);
                }
        /* never after a start limit hit or a skipped condition */
        ServiceConfig c = { .restart = SERVICE_RESTART_ALWAYS };
        assert_false(service_should_restart(&c, SERVICE_FAILURE_START_LIMIT_HIT, CLD_EXITED, 1));
        assert_false(service_should_restart(&c, SERVICE_SKIP_CONDITION, CLD_EXITED, 1));
}

static void set_bit(uint64_t *words, int n) {
        words[n / 64] |= UINT64_C(1) << (n % 64);
}

static void test_prevent_force(void **state) {
        (void) state;
        ServiceConfig c = { .restart = SERVICE_RESTART_ALWAYS };
        set_bit(c.restart_prevent_status.status, 3);
        set_bit(c.restart_prevent_status.signal, SIGUSR1);
        assert_false(service_should_restart(&c, SERVICE_FAILURE_EXIT_CODE, CLD_EXITED, 3));
        assert_true(service_should_restart(&c, SERVICE_FAILURE_EXIT_CODE, CLD_EXITED, 4));
        assert_false(service_should_restart(&c, SERVICE_FAILURE_SIGNAL, CLD_KILLED, SIGUSR1));
        /* an exit code does not match a signal of the same number */
        assert_true(service_should_restart(&c, SERVICE_FAILURE_SIGNAL, CLD_KILLED, 3));

        ServiceConfig d = { .restart = SERVICE_RESTART_NO };
        set_bit(d.restart_force_status.status, 42);
        set_bit(d.restart_force_status.signal, SIGTERM);
        assert_true(service_should_restart(&d, SERVICE_FAILURE_EXIT_CODE, CLD_EXITED, 42));
        assert_true(service_should_restart(&d, SERVICE_SUCCESS, CLD_KILLED, SIGTERM));
        assert_false(service_should_restart(&d, SERVICE_FAILURE_EXIT_CODE, CLD_EXITED, 41));
        /* prevent wins over force */
        set_bit(d.restart_prevent_status.status, 42);
        assert_false(service_should_restart(&d, SERVICE_FAILURE_EXIT_CODE, CLD_EXITED, 42));
}

static void test_exit_result(void **state) {
        (void) state;
        ServiceConfig c = {};
        assert_int_equal(service_exit_result(&c, CLD_EXITED, 0, true), SERVICE_SUCCESS);
        assert_int_equal(service_exit_result(&c, CLD_EXITED, 1, true), SERVICE_FAILURE_EXIT_CODE);
        assert_int_equal(service_exit_result(&c, CLD_KILLED, SIGTERM, true), SERVICE_SUCCESS);
        assert_int_equal(service_exit_result(&c, CLD_KILLED, SIGPIPE, true), SERVICE_SUCCESS);
        assert_int_equal(service_exit_result(&c, CLD_KILLED, SIGHUP, true), SERVICE_SUCCESS);
        assert_int_equal(service_exit_result(&c, CLD_KILLED, SIGINT, true), SERVICE_SUCCESS);
        assert_int_equal(service_exit_result(&c, CLD_KILLED, SIGTERM, false), SERVICE_FAILURE_SIGNAL);
        assert_int_equal(service_exit_result(&c, CLD_KILLED, SIGKILL, true), SERVICE_FAILURE_SIGNAL);
        assert_int_equal(service_exit_result(&c, CLD_DUMPED, SIGSEGV, true), SERVICE_FAILURE_CORE_DUMP);
        set_bit(c.success_status.status, 75);
        set_bit(c.success_status.signal, SIGUSR2);
        assert_int_equal(service_exit_result(&c, CLD_EXITED, 75, false), SERVICE_SUCCESS);
        assert_int_equal(service_exit_result(&c, CLD_KILLED, SIGUSR2, false), SERVICE_SUCCESS);
}

static void test_exec_condition(void **state) {
        (void) state;
        assert_int_equal(exec_condition_verdict(CLD_EXITED, 0), EXEC_CONDITION_PASS);
        assert_int_equal(exec_condition_verdict(CLD_EXITED, 1), EXEC_CONDITION_SKIP);
        assert_int_equal(exec_condition_verdict(CLD_EXITED, 254), EXEC_CONDITION_SKIP);
        assert_int_equal(exec_condition_verdict(CLD_EXITED, 255), EXEC_CONDITION_FAIL);
        assert_int_equal(exec_condition_verdict(CLD_KILLED, SIGTERM), EXEC_CONDITION_FAIL);
        assert_int_equal(exec_condition_verdict(CLD_DUMPED, SIGSEGV), EXEC_CONDITION_FAIL);
        assert_string_equal(sigchld_code_to_string(CLD_EXITED), "exited");
        assert_string_equal(sigchld_code_to_string(CLD_KILLED), "killed");
        assert_string_equal(sigchld_code_to_string(CLD_DUMPED), "dumped");
        assert_null(sigchld_code_to_string(0));
        for (int r = 0; r < _SERVICE_RESULT_MAX; r++)
                assert_non_null(service_result_to_string((ServiceResult) r));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_restart_table),
                cmocka_unit_test(test_prevent_force),
                cmocka_unit_test(test_exit_result),
                cmocka_unit_test(test_exec_condition),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
