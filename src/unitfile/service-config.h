/* service-config.h — the [Service] section's own settings (systemd.service(5)): Type=, the
 * Exec*= command lines, restart policy, timeouts, PID file, bus name, notify access, exit
 * status sets. The exec, kill and cgroup contexts are separate parts. Fields the manager
 * resolves from several directives at once (Type= without a value, NotifyAccess=, the
 * oneshot start timeout) stay unset until service_config_finalize(). */
#pragma once

#include <stdbool.h>

#include "config-parse.h"
#include "exec-command.h"
#include "exit-status-set.h"
#include "time-util.h"

typedef enum ServiceType {
        SERVICE_SIMPLE,
        SERVICE_EXEC,
        SERVICE_FORKING,
        SERVICE_ONESHOT,
        SERVICE_DBUS,
        SERVICE_NOTIFY,
        SERVICE_IDLE,
        _SERVICE_TYPE_MAX,
        _SERVICE_TYPE_INVALID = -EINVAL,
} ServiceType;

typedef enum ServiceExitType {
        SERVICE_EXIT_MAIN,
        SERVICE_EXIT_CGROUP,
        _SERVICE_EXIT_TYPE_MAX,
        _SERVICE_EXIT_TYPE_INVALID = -EINVAL,
} ServiceExitType;

typedef enum ServiceRestart {
        SERVICE_RESTART_NO,
        SERVICE_RESTART_ON_SUCCESS,
        SERVICE_RESTART_ON_FAILURE,
        SERVICE_RESTART_ON_ABNORMAL,
        SERVICE_RESTART_ON_WATCHDOG,
        SERVICE_RESTART_ON_ABORT,
        SERVICE_RESTART_ALWAYS,
        _SERVICE_RESTART_MAX,
        _SERVICE_RESTART_INVALID = -EINVAL,
} ServiceRestart;

typedef enum ServiceTimeoutFailureMode {
        SERVICE_TIMEOUT_TERMINATE,
        SERVICE_TIMEOUT_ABORT,
        SERVICE_TIMEOUT_KILL,
        _SERVICE_TIMEOUT_FAILURE_MODE_MAX,
        _SERVICE_TIMEOUT_FAILURE_MODE_INVALID = -EINVAL,
} ServiceTimeoutFailureMode;

typedef enum NotifyAccess {
        NOTIFY_NONE,
        NOTIFY_MAIN,
        NOTIFY_EXEC,
        NOTIFY_ALL,
        _NOTIFY_ACCESS_MAX,
        _NOTIFY_ACCESS_INVALID = -EINVAL,
} NotifyAccess;

typedef enum OOMPolicy {
        OOM_CONTINUE,
        OOM_STOP,
        OOM_KILL,
        _OOM_POLICY_MAX,
        _OOM_POLICY_INVALID = -EINVAL,
} OOMPolicy;

typedef enum ServiceExecCommand {
        SERVICE_EXEC_CONDITION,
        SERVICE_EXEC_START_PRE,
        SERVICE_EXEC_START,
        SERVICE_EXEC_START_POST,
        SERVICE_EXEC_RELOAD,
        SERVICE_EXEC_STOP,
        SERVICE_EXEC_STOP_POST,
        _SERVICE_EXEC_COMMAND_MAX,
        _SERVICE_EXEC_COMMAND_INVALID = -EINVAL,
} ServiceExecCommand;

#define SERVICE_DEFAULT_TIMEOUT_USEC (90 * USEC_PER_SEC)   /* DefaultTimeoutStartSec=/StopSec= */
#define SERVICE_DEFAULT_RESTART_USEC (100 * USEC_PER_MSEC) /* DefaultRestartSec= */

typedef struct ServiceConfig {
        ServiceType type;                      /* unset until finalized */
        ServiceExitType exit_type;             /* main */
        ServiceRestart restart;                /* no */
        ExecCommand *exec_command[_SERVICE_EXEC_COMMAND_MAX];

        usec_t restart_usec;                   /* 100ms */
        usec_t timeout_start_usec;             /* 90s; "0" means infinity */
        usec_t timeout_stop_usec;              /* 90s */
        usec_t timeout_abort_usec;             /* follows timeout_stop_usec unless set */
        bool timeout_start_set;                /* oneshot services default to no start timeout */
        bool timeout_abort_set;
        usec_t runtime_max_usec;               /* infinity */
        usec_t runtime_rand_extra_usec;        /* 0 */
        usec_t watchdog_usec;                  /* 0: no watchdog */
        ServiceTimeoutFailureMode timeout_start_failure_mode; /* terminate */
        ServiceTimeoutFailureMode timeout_stop_failure_mode;  /* terminate */

        bool remain_after_exit;
        bool guess_main_pid;                   /* yes */
        bool permissions_start_only;           /* deprecated: "+" on the commands instead */
        bool root_directory_start_only;
        bool non_blocking;
        char *pid_file;                        /* absolute; relative paths are below /run */
        char *bus_name;
        NotifyAccess notify_access;            /* unset until finalized */
        char **sockets;                        /* socket unit names */
        ExitStatusSet success_status;
        ExitStatusSet restart_prevent_status;
        ExitStatusSet restart_force_status;
        unsigned n_fd_store_max;
        OOMPolicy oom_policy;                  /* stop (DefaultOOMPolicy=) */
        char *usb_function_descriptors;
        char *usb_function_strings;
} ServiceConfig;

const char *service_type_to_string(ServiceType t);
ServiceType service_type_from_string(const char *s);
const char *service_exit_type_to_string(ServiceExitType t);
ServiceExitType service_exit_type_from_string(const char *s);
const char *service_restart_to_string(ServiceRestart r);
ServiceRestart service_restart_from_string(const char *s);
const char *service_timeout_failure_mode_to_string(ServiceTimeoutFailureMode m);
ServiceTimeoutFailureMode service_timeout_failure_mode_from_string(const char *s);
const char *notify_access_to_string(NotifyAccess n);
NotifyAccess notify_access_from_string(const char *s);
const char *oom_policy_to_string(OOMPolicy p);
OOMPolicy oom_policy_from_string(const char *s);
const char *service_exec_command_to_string(ServiceExecCommand c); /* "ExecStartPre" */

ServiceConfig *service_config_new(void);
ServiceConfig *service_config_free(ServiceConfig *c);

/* Applies the defaults systemd.service(5) derives from several settings, once all files of
 * the unit are read: Type= (dbus with BusName=, oneshot without ExecStart=, else simple),
 * NotifyAccess= (main for Type=notify), no start timeout for oneshot services, and
 * TimeoutAbortSec= following TimeoutStopSec=. */
void service_config_finalize(ServiceConfig *c);

/* Whether name is a valid D-Bus bus name, well-known ("org.foo.Bar") or unique (":1.5"). */
bool bus_name_is_valid(const char *name);

extern const ConfigTable service_config_table;
