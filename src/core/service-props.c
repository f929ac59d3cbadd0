/* service-props.c — the service's properties as `systemctl show` prints them for systemd 252
 * (names, and value formats: time spans as "1min 30s", timestamps as "Mon 2024-01-01
 * 10:00:00 UTC", exec commands as "{ path=… ; argv[]=… ; … }"), the ones scripts and
 * `systemctl status` read. */
#include <stdarg.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>

#include "exit-status-set.h"
#include "manager.h"
#include "service-internal.h"
#include "signal-util.h"
#include "string-util.h"
#include "strv.h"

_printf_(2, 3) static int add(char ***l, const char *fmt, ...) {
        char *s = NULL;
        va_list ap;
        va_start(ap, fmt);
        int r = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return strv_push(l, s);
}

static const char *timespan(char *buf, size_t l, usec_t t) {
        if (t == USEC_INFINITY)
                return "infinity";
        if (t == 0)
                return "0";
        return format_timespan(buf, l, t, 1);
}

/* "" when unset, as systemctl prints an unset timestamp */
static const char *timestamp(char *buf, size_t l, usec_t realtime) {
        if (realtime == 0 || realtime == USEC_INFINITY)
                return "";
        time_t t = (time_t) (realtime / USEC_PER_SEC);
        struct tm tm;
        if (!localtime_r(&t, &tm) || strftime(buf, l, "%a %Y-%m-%d %H:%M:%S %Z", &tm) == 0)
                return "";
        return buf;
}

static int add_exec_status(char ***l, const char *name, const ExecStatus *es) {
        char buf[64];
        (void) add(l, "%sTimestamp=%s", name, timestamp(buf, sizeof buf, es->start.realtime));
        return 0;
}

/* One "{ … }" line per command; run information for the command running or last run. */
static int add_exec_commands(char ***l, const char *name, const ExecCommand *list, const ExecCommand *current,
                             const ExecStatus *es) {
        for (const ExecCommand *c = list; c; c = c->next) {
                _cleanup_free_ char *argv = strv_join(c->argv, " ");
                char start[64] = "n/a", stop[64] = "n/a", status[64] = "0/0";
                const char *code = "(null)";
                pid_t pid = 0;
                if (c == current && es->pid > 0) {
                        if (es->start.realtime)
                                timestamp(start, sizeof start, es->start.realtime);
                        if (es->exit.realtime && es->code)
                                timestamp(stop, sizeof stop, es->exit.realtime);
                        pid = es->pid;
                        if (es->code) {
                                code = sigchld_code_to_string(es->code);
                                const char *n = es->code == CLD_EXITED ? exit_status_to_string(es->status)
                                                                       : signal_to_string(es->status);
                                if (n)
                                        snprintf(status, sizeof status, "%d/%s", es->status, n);
                                else
                                        snprintf(status, sizeof status, "%d", es->status);
                        }
                }
                if (add(l, "%s={ path=%s ; argv[]=%s ; ignore_errors=%s ; start_time=[%s] ; stop_time=[%s] ; pid=%d ; code=%s ; status=%s }",
                        name, c->path, strempty(argv), (c->flags & EXEC_COMMAND_IGNORE_FAILURE) ? "yes" : "no", start, stop,
                        (int) pid, code, status) < 0)
                        return -ENOMEM;
        }
        return 0;
}

int service_append_properties(Unit *u, char ***l) {
        Service *s = (Service *) u;
        ServiceConfig *c = service_cfg(s);
        char b[FORMAT_TIMESPAN_MAX], ts[64];
        (void) add(l, "Type=%s", service_type_to_string(c->type));
        (void) add(l, "ExitType=%s", service_exit_type_to_string(c->exit_type));
        (void) add(l, "Restart=%s", service_restart_to_string(c->restart));
        if (c->pid_file)
                (void) add(l, "PIDFile=%s", c->pid_file);
        (void) add(l, "NotifyAccess=%s", notify_access_to_string(c->notify_access));
        (void) add(l, "RestartUSec=%s", timespan(b, sizeof b, c->restart_usec));
        (void) add(l, "TimeoutStartUSec=%s", timespan(b, sizeof b, c->timeout_start_usec));
        (void) add(l, "TimeoutStopUSec=%s", timespan(b, sizeof b, c->timeout_stop_usec));
        (void) add(l, "TimeoutAbortUSec=%s", timespan(b, sizeof b, c->timeout_abort_usec));
        (void) add(l, "TimeoutStartFailureMode=%s", service_timeout_failure_mode_to_string(c->timeout_start_failure_mode));
        (void) add(l, "TimeoutStopFailureMode=%s", service_timeout_failure_mode_to_string(c->timeout_stop_failure_mode));
        (void) add(l, "RuntimeMaxUSec=%s", timespan(b, sizeof b, c->runtime_max_usec));
        (void) add(l, "RuntimeRandomizedExtraUSec=%s", timespan(b, sizeof b, c->runtime_rand_extra_usec));
        usec_t wd = service_watchdog_usec(s);
        (void) add(l, "WatchdogUSec=%s", timespan(b, sizeof b, wd == USEC_INFINITY ? 0 : wd));
        (void) add(l, "RemainAfterExit=%s", c->remain_after_exit ? "yes" : "no");
        (void) add(l, "GuessMainPID=%s", c->guess_main_pid ? "yes" : "no");
        (void) add(l, "MainPID=%d", (int) s->main_pid);
        (void) add(l, "ControlPID=%d", (int) s->control_pid);
        (void) add(l, "FileDescriptorStoreMax=%u", c->n_fd_store_max);
        (void) add(l, "NFileDescriptorStore=%zu", s->n_fd_store);
        if (s->status_text)
                (void) add(l, "StatusText=%s", s->status_text);
        (void) add(l, "StatusErrno=%d", s->status_errno);
        (void) add(l, "Result=%s", service_result_to_string(s->result));
        (void) add(l, "ReloadResult=%s", service_result_to_string(s->reload_result));
        (void) add(l, "NRestarts=%u", s->n_restarts);
        (void) add(l, "OOMPolicy=%s", oom_policy_to_string(c->oom_policy));
        (void) add_exec_status(l, "ExecMainStart", &s->main_exec_status);
        (void) add(l, "ExecMainExitTimestamp=%s",
                   s->main_exec_status.code ? timestamp(ts, sizeof ts, s->main_exec_status.exit.realtime) : "");
        (void) add(l, "ExecMainPID=%d", (int) s->main_exec_status.pid);
        (void) add(l, "ExecMainCode=%d", s->main_exec_status.code);
        (void) add(l, "ExecMainStatus=%d", s->main_exec_status.status);
        for (ServiceExecCommand i = 0; i < _SERVICE_EXEC_COMMAND_MAX; i++) {
                bool main = i == SERVICE_EXEC_START;
                const ExecCommand *current = main ? s->main_command : (s->control_command_id == (int) i ? s->control_command : NULL);
                const ExecStatus *es = main ? &s->main_exec_status : &s->control_exec_status;
                if (main && !current && c->exec_command[i] && !c->exec_command[i]->next)
                        current = c->exec_command[i]; /* the one ExecStart= that ran last */
                if (add_exec_commands(l, service_exec_command_to_string(i), c->exec_command[i], current, es) < 0)
                        return -ENOMEM;
        }
        (void) add(l, "ControlGroup=%s", strempty(u->cgroup_path));
        return 0;
}
