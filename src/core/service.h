/* service.h — service units (systemd.service(5)): the state machine of one service, its
 * main and control processes, timeouts and restart policy. */
#pragma once

#include "event.h"
#include "unit.h"

typedef enum ServiceState {
        SERVICE_DEAD,
        SERVICE_CONDITION,
        SERVICE_START_PRE,
        SERVICE_START,
        SERVICE_START_POST,
        SERVICE_RUNNING,
        SERVICE_EXITED,
        SERVICE_RELOAD,
        SERVICE_STOP,
        SERVICE_STOP_SIGTERM,
        SERVICE_STOP_SIGKILL,
        SERVICE_STOP_POST,
        SERVICE_FINAL_SIGTERM,
        SERVICE_FINAL_SIGKILL,
        SERVICE_FAILED,
        SERVICE_AUTO_RESTART,
        _SERVICE_STATE_MAX,
} ServiceState;

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

const char *service_state_to_string(ServiceState s);
const char *service_result_to_string(ServiceResult r);

typedef struct ExecStatus {
        pid_t pid;
        DualTimestamp start, exit;
        int code;    /* CLD_EXITED, CLD_KILLED, CLD_DUMPED; 0 while running */
        int status;
} ExecStatus;

typedef struct Service {
        Unit meta;
        ServiceState state;
        ServiceResult result;
        ServiceResult reload_result;
        pid_t main_pid, control_pid;
        ExecStatus main_exec_status;
        ExecStatus control_exec_status;
        int control_command_id;        /* ServiceExecCommand running as control, or -1 */
        ExecCommand *control_command;  /* the command of that list running now */
        ExecCommand *main_command;     /* oneshot: the ExecStart= running now */
        EventSource *timer;
        unsigned n_restarts;
        bool forbid_restart;           /* a stop was requested: no auto-restart */
        char *status_text;             /* STATUS= from sd_notify */
} Service;
