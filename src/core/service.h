/* service.h — service units (systemd.service(5)): the state machine of one service, its
 * main and control processes, readiness (the Type= protocols), timeouts, the watchdog, the
 * fd store and the restart policy. service.c holds the state machine; service-notify.c what
 * sd_notify messages, PID files and stored fds do to it; service-props.c what `systemctl
 * show` prints. */
#pragma once

#include "event.h"
#include "service-policy.h"
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
        SERVICE_STOP_WATCHDOG,
        SERVICE_STOP_SIGTERM,
        SERVICE_STOP_SIGKILL,
        SERVICE_STOP_POST,
        SERVICE_FINAL_WATCHDOG,
        SERVICE_FINAL_SIGTERM,
        SERVICE_FINAL_SIGKILL,
        SERVICE_FAILED,
        SERVICE_AUTO_RESTART,
        _SERVICE_STATE_MAX,
} ServiceState;

const char *service_state_to_string(ServiceState s);

typedef struct ExecStatus {
        pid_t pid;
        DualTimestamp start, exit;
        int code;    /* CLD_EXITED, CLD_KILLED, CLD_DUMPED; 0 while running */
        int status;
} ExecStatus;

/* One fd kept for the service (FDSTORE=1), handed back as $LISTEN_FDS on its next start. A
 * copy is in init's fd store under store_name (NULL: not there), so it survives a manager
 * crash: the checkpoint says which name is which. */
typedef struct ServiceStoredFd {
        int fd;
        char *name;
        char *store_name;
} ServiceStoredFd;

typedef struct Service {
        Unit meta;
        ServiceState state;
        ServiceResult result;
        ServiceResult reload_result;
        pid_t main_pid, control_pid;
        bool main_pid_alien;           /* not our child (MAINPID=, PIDFile=): watched by pidfd */
        ExecStatus main_exec_status;
        ExecStatus control_exec_status;
        int control_command_id;        /* ServiceExecCommand running as control, or -1 */
        ExecCommand *control_command;  /* the command of that list running now */
        ExecCommand *main_command;     /* the ExecStart= running now (oneshot: one of several) */
        EventSource *timer;            /* the current state's timeout */
        EventSource *watchdog_timer;   /* WatchdogSec= */
        usec_t watchdog_override_usec; /* WATCHDOG_USEC=; USEC_INFINITY: none */
        EventSource *main_pidfd_source; /* exit of an alien main process */
        EventSource *exec_fd_source;   /* Type=exec: the CLOEXEC pipe of the main process */
        EventSource *idle_timer;       /* Type=idle: the 5 s upper bound of the wait */
        bool idle_waiting;
        unsigned n_restarts;
        bool forbid_restart;           /* a stop was requested: no auto-restart */
        bool notify_ready;             /* READY=1 received in this run */
        bool start_limit_hit;          /* the next start attempt was refused */
        bool dbus_warned;
        char *status_text;             /* STATUS= from sd_notify */
        int status_errno;              /* ERRNO= from sd_notify */
        ServiceStoredFd *fd_store;
        size_t n_fd_store;
} Service;

/* Type=idle services waiting for the job queue: called when a job finished. */
void service_dispatch_idle(Manager *m);
/* Adds $MONITOR_SERVICE_RESULT, $MONITOR_EXIT_CODE, $MONITOR_EXIT_STATUS of service u to env
 * (for the units its OnFailure=/OnSuccess= start). */
int service_monitor_environment(Unit *u, char ***env);
