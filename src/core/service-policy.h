/* service-policy.h — the pure decisions of the service state machine, kept apart so they can
 * be tested cell by cell: what an exit status means (SuccessExitStatus=, the clean signals),
 * whether Restart= restarts after a given result, what ExecCondition= exit codes mean, and
 * the exit-code names systemctl prints ($EXIT_CODE, ExecMainCode=). */
#pragma once

#include <stdbool.h>

#include "service-config.h"

/* The outcome of one run, in systemd's words ("success", "exit-code"…). The service state
 * machine keeps the first failure it sees. */
typedef enum ServiceResult {
        SERVICE_SUCCESS,
        SERVICE_FAILURE_RESOURCES,
        SERVICE_FAILURE_PROTOCOL,
        SERVICE_FAILURE_TIMEOUT,
        SERVICE_FAILURE_EXIT_CODE,
        SERVICE_FAILURE_SIGNAL,
        SERVICE_FAILURE_CORE_DUMP,
        SERVICE_FAILURE_WATCHDOG,
        SERVICE_FAILURE_START_LIMIT_HIT,
        SERVICE_FAILURE_OOM_KILL,
        SERVICE_SKIP_CONDITION,
        _SERVICE_RESULT_MAX,
} ServiceResult;

const char *service_result_to_string(ServiceResult r);

/* code is CLD_EXITED, CLD_KILLED or CLD_DUMPED; status the exit code or signal. A main
 * process may end cleanly by SIGHUP, SIGINT, SIGTERM or SIGPIPE; other processes may not
 * (systemd's "clean_mode"). */
ServiceResult service_exit_result(const ServiceConfig *c, int code, int status, bool main_process);

/* Restart= given the run's result and the main process' last exit. */
bool service_should_restart(const ServiceConfig *c, ServiceResult result, int main_code, int main_status);

typedef enum ExecConditionVerdict {
        EXEC_CONDITION_PASS,   /* exit 0: go on */
        EXEC_CONDITION_SKIP,   /* exit 1…254: skip the unit, not a failure */
        EXEC_CONDITION_FAIL,   /* exit 255, a signal: a failure */
} ExecConditionVerdict;
ExecConditionVerdict exec_condition_verdict(int code, int status);

/* "exited", "killed", "dumped" (the $EXIT_CODE words), or NULL for 0. */
const char *sigchld_code_to_string(int code);
