/* service-config.c — the directive table of [Service], the life cycle of ServiceConfig and
 * the [Service] parsers that fit no generic value type: the timeouts ("0" is infinity,
 * TimeoutSec= sets two), PIDFile= (relative to /run, fatal when malformed, as in systemd 252),
 * BusName=, Sockets=, and the deprecated [Service] spellings of [Unit] settings. */
#include "config-values.h"
#include "directive-util.h"
#include "path-util.h"
#include "service-config.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"
#include "unit-config.h"

static const char *const service_type_table[_SERVICE_TYPE_MAX] = {
        [SERVICE_SIMPLE] = "simple", [SERVICE_EXEC] = "exec",     [SERVICE_FORKING] = "forking",
        [SERVICE_ONESHOT] = "oneshot", [SERVICE_DBUS] = "dbus",   [SERVICE_NOTIFY] = "notify",
        [SERVICE_IDLE] = "idle",
};
DEFINE_STRING_TABLE(service_type, ServiceType, service_type_table)

static const char *const service_exit_type_table[_SERVICE_EXIT_TYPE_MAX] = {
        [SERVICE_EXIT_MAIN] = "main",
        [SERVICE_EXIT_CGROUP] = "cgroup",
};
DEFINE_STRING_TABLE(service_exit_type, ServiceExitType, service_exit_type_table)

static const char *const service_restart_table[_SERVICE_RESTART_MAX] = {
        [SERVICE_RESTART_NO] = "no",
        [SERVICE_RESTART_ON_SUCCESS] = "on-success",
        [SERVICE_RESTART_ON_FAILURE] = "on-failure",
        [SERVICE_RESTART_ON_ABNORMAL] = "on-abnormal",
        [SERVICE_RESTART_ON_WATCHDOG] = "on-watchdog",
        [SERVICE_RESTART_ON_ABORT] = "on-abort",
        [SERVICE_RESTART_ALWAYS] = "always",
};
DEFINE_STRING_TABLE(service_restart, ServiceRestart, service_restart_table)

static const char *const service_timeout_failure_mode_table[_SERVICE_TIMEOUT_FAILURE_MODE_MAX] = {
        [SERVICE_TIMEOUT_TERMINATE] = "terminate",
        [SERVICE_TIMEOUT_ABORT] = "abort",
        [SERVICE_TIMEOUT_KILL] = "kill",
};
DEFINE_STRING_TABLE(service_timeout_failure_mode, ServiceTimeoutFailureMode, service_timeout_failure_mode_table)

static const char *const notify_access_table[_NOTIFY_ACCESS_MAX] = {
        [NOTIFY_NONE] = "none", [NOTIFY_MAIN] = "main", [NOTIFY_EXEC] = "exec", [NOTIFY_ALL] = "all",
};
DEFINE_STRING_TABLE(notify_access, NotifyAccess, notify_access_table)

static const char *const oom_policy_table[_OOM_POLICY_MAX] = {
        [OOM_CONTINUE] = "continue", [OOM_STOP] = "stop", [OOM_KILL] = "kill",
};
DEFINE_STRING_TABLE(oom_policy, OOMPolicy, oom_policy_table)

static const char *const service_exec_command_table[_SERVICE_EXEC_COMMAND_MAX] = {
        [SERVICE_EXEC_CONDITION] = "ExecCondition", [SERVICE_EXEC_START_PRE] = "ExecStartPre",
        [SERVICE_EXEC_START] = "ExecStart",         [SERVICE_EXEC_START_POST] = "ExecStartPost",
        [SERVICE_EXEC_RELOAD] = "ExecReload",       [SERVICE_EXEC_STOP] = "ExecStop",
        [SERVICE_EXEC_STOP_POST] = "ExecStopPost",
};

const char *service_exec_command_to_string(ServiceExecCommand c) {
        return c >= 0 && c < _SERVICE_EXEC_COMMAND_MAX ? service_exec_command_table[c] : NULL;
}

/* An empty value restores what a unit without the directive gets; the type and notify
 * access go back to "unset" so that finalizing derives them again. */
static DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_service_type, service_type_from_string, ServiceType,
                                        _SERVICE_TYPE_INVALID, "Failed to parse service type")
static DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_service_exit_type, service_exit_type_from_string,
                                        ServiceExitType, SERVICE_EXIT_MAIN, "Failed to parse service exit type")
static DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_service_restart, service_restart_from_string, ServiceRestart,
                                        SERVICE_RESTART_NO, "Failed to parse service restart specifier")
static DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_timeout_failure_mode, service_timeout_failure_mode_from_string,
                                        ServiceTimeoutFailureMode, SERVICE_TIMEOUT_TERMINATE,
                                        "Failed to parse timeout failure mode")
static DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_notify_access, notify_access_from_string, NotifyAccess,
                                        _NOTIFY_ACCESS_INVALID, "Failed to parse notify access specifier")
static DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_oom_policy, oom_policy_from_string, OOMPolicy, OOM_STOP,
                                        "Failed to parse OOM policy")

enum {
        TIMEOUT_START = 1 << 0,
        TIMEOUT_STOP = 1 << 1,
        TIMEOUT_ABORT = 1 << 2,
};

/* data: the ServiceConfig; ltype: which of the timeouts the directive sets. */
static int config_parse_service_timeout(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        ServiceConfig *s = data;
        usec_t usec = SERVICE_DEFAULT_TIMEOUT_USEC;

        if (*rvalue) {
                int r = parse_sec_fix_0(rvalue, &usec);
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Failed to parse %s= parameter, ignoring: %s",
                                   ctx->lvalue, rvalue);
                        return 0;
                }
        }
        if (ltype & TIMEOUT_START) {
                s->timeout_start_usec = usec;
                s->timeout_start_set = *rvalue;
        }
        if (ltype & TIMEOUT_STOP)
                s->timeout_stop_usec = usec;
        if (ltype & TIMEOUT_ABORT) {
                s->timeout_abort_usec = usec;
                s->timeout_abort_set = *rvalue; /* empty: follow TimeoutStopSec= again */
        }
        return 0;
}

/* usec_t *; ltype: what an empty value restores. */
enum { SEC_DEFAULT_ZERO, SEC_DEFAULT_INFINITY, SEC_DEFAULT_RESTART };

static int config_parse_service_sec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        usec_t *usec = data;
        if (!*rvalue) {
                *usec = ltype == SEC_DEFAULT_INFINITY ? USEC_INFINITY :
                        ltype == SEC_DEFAULT_RESTART  ? SERVICE_DEFAULT_RESTART_USEC : 0;
                return 0;
        }
        int r = parse_sec(rvalue, usec);
        if (r < 0)
                log_config(ctx, LOG_WARNING, r, "Failed to parse %s= value, ignoring: %s", ctx->lvalue, rvalue);
        return 0;
}

static int config_parse_pid_file(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **pid_file = data;
        _cleanup_free_ char *p = NULL;

        if (!*rvalue) {
                *pid_file = mfree(*pid_file);
                return 0;
        }
        if (config_expand(ctx, rvalue, &p) < 0)
                return 0;
        /* systemd.service(5): a relative PIDFile= is below /run. */
        if (!path_is_absolute(p)) {
                char *j = path_join("/run", p);
                if (!j)
                        return log_oom();
                free(p);
                p = j;
        }
        /* A malformed PID file path makes the unit unloadable in systemd 252; guessing which
         * file was meant could make the manager adopt an unrelated process as main PID. */
        if (directive_path_check(ctx, p) < 0)
                return -ENOEXEC;
        const char *legacy = startswith(p, "/var/run/");
        if (legacy) {
                char *j = path_join("/run", legacy);
                if (!j)
                        return log_oom();
                log_config(ctx, LOG_NOTICE, 0, "PIDFile= references a path below legacy directory /var/run/, "
                           "updating %s → %s; please update the unit file accordingly.", p, j);
                free(p);
                p = j;
        }
        free(*pid_file);
        *pid_file = TAKE_PTR(p);
        return 0;
}

bool bus_name_is_valid(const char *name) {
        if (isempty(name) || strlen(name) > 255)
                return false;
        bool unique = name[0] == ':';
        const char *p = name + unique;
        size_t elements = 0;
        for (;;) {
                size_t l = strspn(p, ALPHANUMERICAL "_-");
                if (l == 0)
                        return false;
                /* Only unique names (assigned by the bus) may have elements starting with digits. */
                if (!unique && strchr(DIGITS, p[0]))
                        return false;
                elements++;
                p += l;
                if (*p == 0)
                        break;
                if (*p != '.')
                        return false;
                p++;
        }
        return elements >= 2;
}

static int config_parse_bus_name(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **bus_name = data;
        _cleanup_free_ char *n = NULL;

        if (!*rvalue) {
                *bus_name = mfree(*bus_name);
                return 0;
        }
        if (config_expand(ctx, rvalue, &n) < 0)
                return 0;
        if (!bus_name_is_valid(n)) {
                log_config_ignoring(ctx, "Invalid bus name, ignoring: %s", n);
                return 0;
        }
        free(*bus_name);
        *bus_name = TAKE_PTR(n);
        return 0;
}

/* Sockets= only ever adds, like a dependency. */
static int config_parse_service_sockets(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***sockets = data;

        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL, *resolved = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_RETAIN_ESCAPE);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (r == 0)
                        return 0;
                if (config_expand(ctx, word, &resolved) < 0)
                        continue;
                if (!unit_name_is_valid(resolved, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE) ||
                    unit_name_to_type(resolved) != UNIT_SOCKET) {
                        log_config_ignoring(ctx, "Unit must be of type socket, ignoring: %s", resolved);
                        continue;
                }
                if (strv_consume_unique(sockets, TAKE_PTR(resolved)) < 0)
                        return log_oom();
        }
}

/* FailureAction=, RebootArgument= and StartLimit*= moved from [Service] to [Unit] in systemd
 * 229/230; the old place still works, silently, and writes the [Unit] field. */
static const struct {
        ConfigParseFunc parse;
        int ltype;
        size_t offset;
} unit_aliases[] = {
#define UNIT_ALIAS_FAILURE_ACTION 0
        { config_parse_emergency_action, 0, offsetof(UnitSection, failure_action) },
#define UNIT_ALIAS_REBOOT_ARGUMENT 1
        { config_parse_string, 0, offsetof(UnitSection, reboot_argument) },
#define UNIT_ALIAS_START_LIMIT_ACTION 2
        { config_parse_emergency_action, 0, offsetof(UnitSection, start_limit_action) },
#define UNIT_ALIAS_START_LIMIT_BURST 3
        { config_parse_start_limit_burst, 0, offsetof(UnitSection, start_limit_burst) },
#define UNIT_ALIAS_START_LIMIT_INTERVAL 4
        { config_parse_start_limit_interval, 0, offsetof(UnitSection, start_limit_interval) },
};

static int config_parse_unit_alias(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        if (!ctx->config || !ctx->config->unit) {
                log_config(ctx, LOG_DEBUG, 0, "No [Unit] part to apply %s= to, ignoring.", ctx->lvalue);
                return 0;
        }
        return unit_aliases[ltype].parse(ctx, unit_aliases[ltype].ltype, rvalue,
                                         (uint8_t *) ctx->config->unit + unit_aliases[ltype].offset);
}

#define EXEC(key, kind) { key, config_parse_exec, 0, offsetof(ServiceConfig, exec_command[SERVICE_EXEC_##kind]) }
#define ALIAS(key, which) { key, config_parse_unit_alias, UNIT_ALIAS_##which, 0 }
#define FIELD(key, parser, ltype, field) { key, parser, ltype, offsetof(ServiceConfig, field) }

/* Sorted by strcmp; a test checks it. */
static const ConfigDirective service_config_directives[] = {
        FIELD("BusName", config_parse_bus_name, 0, bus_name),
        EXEC("ExecCondition", CONDITION),
        EXEC("ExecReload", RELOAD),
        EXEC("ExecStart", START),
        EXEC("ExecStartPost", START_POST),
        EXEC("ExecStartPre", START_PRE),
        EXEC("ExecStop", STOP),
        EXEC("ExecStopPost", STOP_POST),
        FIELD("ExitType", config_parse_service_exit_type, 0, exit_type),
        ALIAS("FailureAction", FAILURE_ACTION),
        FIELD("FileDescriptorStoreMax", config_parse_unsigned, 0, n_fd_store_max),
        FIELD("GuessMainPID", config_parse_bool, 0, guess_main_pid),
        FIELD("NonBlocking", config_parse_bool, 0, non_blocking),
        FIELD("NotifyAccess", config_parse_notify_access, 0, notify_access),
        FIELD("OOMPolicy", config_parse_oom_policy, 0, oom_policy),
        FIELD("PIDFile", config_parse_pid_file, 0, pid_file),
        FIELD("PermissionsStartOnly", config_parse_bool, 0, permissions_start_only),
        ALIAS("RebootArgument", REBOOT_ARGUMENT),
        FIELD("RemainAfterExit", config_parse_bool, 0, remain_after_exit),
        FIELD("Restart", config_parse_service_restart, 0, restart),
        FIELD("RestartForceExitStatus", config_parse_exit_status_set, 0, restart_force_status),
        FIELD("RestartPreventExitStatus", config_parse_exit_status_set, 0, restart_prevent_status),
        FIELD("RestartSec", config_parse_service_sec, SEC_DEFAULT_RESTART, restart_usec),
        FIELD("RootDirectoryStartOnly", config_parse_bool, 0, root_directory_start_only),
        FIELD("RuntimeMaxSec", config_parse_service_sec, SEC_DEFAULT_INFINITY, runtime_max_usec),
        FIELD("RuntimeRandomizedExtraSec", config_parse_service_sec, SEC_DEFAULT_ZERO, runtime_rand_extra_usec),
        FIELD("Sockets", config_parse_service_sockets, 0, sockets),
        ALIAS("StartLimitAction", START_LIMIT_ACTION),
        ALIAS("StartLimitBurst", START_LIMIT_BURST),
        ALIAS("StartLimitInterval", START_LIMIT_INTERVAL),
        FIELD("SuccessExitStatus", config_parse_exit_status_set, 0, success_status),
        { "TimeoutAbortSec", config_parse_service_timeout, TIMEOUT_ABORT, 0 },
        { "TimeoutSec", config_parse_service_timeout, TIMEOUT_START | TIMEOUT_STOP, 0 },
        FIELD("TimeoutStartFailureMode", config_parse_timeout_failure_mode, 0, timeout_start_failure_mode),
        { "TimeoutStartSec", config_parse_service_timeout, TIMEOUT_START, 0 },
        FIELD("TimeoutStopFailureMode", config_parse_timeout_failure_mode, 0, timeout_stop_failure_mode),
        { "TimeoutStopSec", config_parse_service_timeout, TIMEOUT_STOP, 0 },
        FIELD("Type", config_parse_service_type, 0, type),
        FIELD("USBFunctionDescriptors", config_parse_path, 0, usb_function_descriptors),
        FIELD("USBFunctionStrings", config_parse_path, 0, usb_function_strings),
        FIELD("WatchdogSec", config_parse_service_sec, SEC_DEFAULT_ZERO, watchdog_usec),
};

const ConfigTable service_config_table = CONFIG_TABLE("Service", PART_SERVICE, service_config_directives);

ServiceConfig *service_config_new(void) {
        ServiceConfig *s = new0(ServiceConfig, 1);
        if (!s)
                return NULL;
        s->type = _SERVICE_TYPE_INVALID;
        s->notify_access = _NOTIFY_ACCESS_INVALID;
        s->restart_usec = SERVICE_DEFAULT_RESTART_USEC;
        s->timeout_start_usec = SERVICE_DEFAULT_TIMEOUT_USEC;
        s->timeout_stop_usec = SERVICE_DEFAULT_TIMEOUT_USEC;
        s->timeout_abort_usec = SERVICE_DEFAULT_TIMEOUT_USEC;
        s->runtime_max_usec = USEC_INFINITY;
        s->guess_main_pid = true;
        s->oom_policy = OOM_STOP;
        return s;
}

ServiceConfig *service_config_free(ServiceConfig *s) {
        if (!s)
                return NULL;
        for (size_t i = 0; i < _SERVICE_EXEC_COMMAND_MAX; i++)
                exec_command_free_list(s->exec_command[i]);
        free(s->pid_file);
        free(s->bus_name);
        strv_free(s->sockets);
        free(s->usb_function_descriptors);
        free(s->usb_function_strings);
        free(s);
        return NULL;
}

void service_config_finalize(ServiceConfig *s) {
        if (s->type < 0) {
                if (s->bus_name)
                        s->type = SERVICE_DBUS;
                else if (!s->exec_command[SERVICE_EXEC_START])
                        s->type = SERVICE_ONESHOT;
                else
                        s->type = SERVICE_SIMPLE;
        }
        if (s->notify_access < 0)
                s->notify_access = s->type == SERVICE_NOTIFY ? NOTIFY_MAIN : NOTIFY_NONE;
        if (s->type == SERVICE_ONESHOT && !s->timeout_start_set)
                s->timeout_start_usec = USEC_INFINITY;
        if (!s->timeout_abort_set)
                s->timeout_abort_usec = s->timeout_stop_usec;
}
