/* service-policy.c — see service-policy.h. */
#include <signal.h>
#include <sys/wait.h>

#include "service-policy.h"

static const char *const result_names[_SERVICE_RESULT_MAX] = {
        [SERVICE_SUCCESS] = "success",
        [SERVICE_FAILURE_RESOURCES] = "resources",
        [SERVICE_FAILURE_PROTOCOL] = "protocol",
        [SERVICE_FAILURE_TIMEOUT] = "timeout",
        [SERVICE_FAILURE_EXIT_CODE] = "exit-code",
        [SERVICE_FAILURE_SIGNAL] = "signal",
        [SERVICE_FAILURE_CORE_DUMP] = "core-dump",
        [SERVICE_FAILURE_WATCHDOG] = "watchdog",
        [SERVICE_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
        [SERVICE_FAILURE_OOM_KILL] = "oom-kill",
        [SERVICE_SKIP_CONDITION] = "exec-condition",
};

const char *service_result_to_string(ServiceResult r) {
        return r < _SERVICE_RESULT_MAX ? result_names[r] : NULL;
}

ServiceResult service_exit_result(const ServiceConfig *c, int code, int status, bool main_process) {
        if (code == CLD_EXITED)
                return status == 0 || exit_status_set_has_status(&c->success_status, status) ? SERVICE_SUCCESS
                                                                                              : SERVICE_FAILURE_EXIT_CODE;
        if (exit_status_set_has_signal(&c->success_status, status))
                return SERVICE_SUCCESS;
        if (main_process && code == CLD_KILLED &&
            (status == SIGHUP || status == SIGINT || status == SIGTERM || status == SIGPIPE))
                return SERVICE_SUCCESS;
        return code == CLD_DUMPED ? SERVICE_FAILURE_CORE_DUMP : SERVICE_FAILURE_SIGNAL;
}

bool service_should_restart(const ServiceConfig *c, ServiceResult result, int main_code, int main_status) {
        /* a start limit hit or a skipped condition never restarts */
        if (result == SERVICE_FAILURE_START_LIMIT_HIT || result == SERVICE_SKIP_CONDITION)
                return false;
        if (main_code == CLD_EXITED) {
                if (exit_status_set_has_status(&c->restart_prevent_status, main_status))
                        return false;
                if (exit_status_set_has_status(&c->restart_force_status, main_status))
                        return true;
        } else if (main_code == CLD_KILLED || main_code == CLD_DUMPED) {
                if (exit_status_set_has_signal(&c->restart_prevent_status, main_status))
                        return false;
                if (exit_status_set_has_signal(&c->restart_force_status, main_status))
                        return true;
        }
        switch (c->restart) {
        case SERVICE_RESTART_NO:
                return false;
        case SERVICE_RESTART_ALWAYS:
                return true;
        case SERVICE_RESTART_ON_SUCCESS:
                return result == SERVICE_SUCCESS;
        case SERVICE_RESTART_ON_FAILURE:
                return result != SERVICE_SUCCESS;
        case SERVICE_RESTART_ON_ABNORMAL:
                return result != SERVICE_SUCCESS && result != SERVICE_FAILURE_EXIT_CODE;
        case SERVICE_RESTART_ON_WATCHDOG:
                return result == SERVICE_FAILURE_WATCHDOG;
        case SERVICE_RESTART_ON_ABORT:
                return result == SERVICE_FAILURE_SIGNAL || result == SERVICE_FAILURE_CORE_DUMP;
        default:
                return false;
        }
}

ExecConditionVerdict exec_condition_verdict(int code, int status) {
        if (code != CLD_EXITED)
                return EXEC_CONDITION_FAIL;
        if (status == 0)
                return EXEC_CONDITION_PASS;
        return status < 255 ? EXEC_CONDITION_SKIP : EXEC_CONDITION_FAIL;
}

const char *sigchld_code_to_string(int code) {
        switch (code) {
        case CLD_EXITED:
                return "exited";
        case CLD_KILLED:
                return "killed";
        case CLD_DUMPED:
                return "dumped";
        default:
                return NULL;
        }
}
