/* service.c — the service state machine (systemd.service(5)).
 *
 * A start walks dead → start-pre → start → start-post → running (or exited, for oneshot
 * services with RemainAfterExit=); a stop walks → stop (ExecStop=) → stop-sigterm →
 * stop-sigkill → stop-post (ExecStopPost=) → dead or failed; a failure on the way up jumps to
 * the stop path with a result ("exit-code", "timeout"…), and the end of the stop path decides,
 * from Restart=, between failed and auto-restart. service_set_state() is the only writer of
 * the state and reports every change to unit_notify(). Each Exec*= list runs one command at a
 * time as the "control" process; ExecStart= runs as the "main" process. */
#include <signal.h>
#include <sys/wait.h>

#include "env-util.h"
#include "exec-spawn.h"
#include "exit-status-set.h"
#include "log.h"
#include "manager.h"
#include "service.h"
#include "signal-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-types.h"
#include "unit-verify.h"

static const char *const state_names[_SERVICE_STATE_MAX] = {
        [SERVICE_DEAD] = "dead",               [SERVICE_CONDITION] = "condition",
        [SERVICE_START_PRE] = "start-pre",     [SERVICE_START] = "start",
        [SERVICE_START_POST] = "start-post",   [SERVICE_RUNNING] = "running",
        [SERVICE_EXITED] = "exited",           [SERVICE_RELOAD] = "reload",
        [SERVICE_STOP] = "stop",               [SERVICE_STOP_SIGTERM] = "stop-sigterm",
        [SERVICE_STOP_SIGKILL] = "stop-sigkill", [SERVICE_STOP_POST] = "stop-post",
        [SERVICE_FINAL_SIGTERM] = "final-sigterm", [SERVICE_FINAL_SIGKILL] = "final-sigkill",
        [SERVICE_FAILED] = "failed",           [SERVICE_AUTO_RESTART] = "auto-restart",
};

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

const char *service_state_to_string(ServiceState s) {
        return s < _SERVICE_STATE_MAX ? state_names[s] : NULL;
}

const char *service_result_to_string(ServiceResult r) {
        return r < _SERVICE_RESULT_MAX ? result_names[r] : NULL;
}

/* The generic state each service state maps to. */
static const UnitActiveState state_translation[_SERVICE_STATE_MAX] = {
        [SERVICE_DEAD] = UNIT_INACTIVE,
        [SERVICE_CONDITION] = UNIT_ACTIVATING,
        [SERVICE_START_PRE] = UNIT_ACTIVATING,
        [SERVICE_START] = UNIT_ACTIVATING,
        [SERVICE_START_POST] = UNIT_ACTIVATING,
        [SERVICE_RUNNING] = UNIT_ACTIVE,
        [SERVICE_EXITED] = UNIT_ACTIVE,
        [SERVICE_RELOAD] = UNIT_RELOADING,
        [SERVICE_STOP] = UNIT_DEACTIVATING,
        [SERVICE_STOP_SIGTERM] = UNIT_DEACTIVATING,
        [SERVICE_STOP_SIGKILL] = UNIT_DEACTIVATING,
        [SERVICE_STOP_POST] = UNIT_DEACTIVATING,
        [SERVICE_FINAL_SIGTERM] = UNIT_DEACTIVATING,
        [SERVICE_FINAL_SIGKILL] = UNIT_DEACTIVATING,
        [SERVICE_FAILED] = UNIT_FAILED,
        [SERVICE_AUTO_RESTART] = UNIT_ACTIVATING,
};

static ServiceConfig *cfg(Service *s) {
        return s->meta.config->service;
}

static void service_enter_stop(Service *s, ServiceResult f);
static void service_enter_signal(Service *s, ServiceState state, ServiceResult f);
static void service_enter_dead(Service *s, ServiceResult f, bool allow_restart);
static void service_enter_running(Service *s, ServiceResult f);
static void service_enter_start_post(Service *s);
static void service_enter_stop_post(Service *s, ServiceResult f);

static int service_timer_cb(EventSource *es, usec_t now, void *userdata);

static void arm_timer(Service *s, usec_t timeout) {
        s->timer = event_source_free(s->timer);
        if (timeout == USEC_INFINITY || timeout == 0)
                return;
        usec_t when = now_usec(CLOCK_MONOTONIC) + timeout;
        if (event_add_time(s->meta.manager->event, &s->timer, CLOCK_MONOTONIC, when, service_timer_cb, s) >= 0)
                event_source_set_description(s->timer, "service-timer");
}

static usec_t state_timeout(Service *s, ServiceState st) {
        ServiceConfig *c = cfg(s);
        switch (st) {
        case SERVICE_CONDITION:
        case SERVICE_START_PRE:
        case SERVICE_START:
        case SERVICE_START_POST:
        case SERVICE_RELOAD:
                return c->timeout_start_usec;
        case SERVICE_RUNNING:
                return c->runtime_max_usec;
        case SERVICE_STOP:
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_POST:
        case SERVICE_FINAL_SIGTERM:
                return c->timeout_stop_usec;
        case SERVICE_STOP_SIGKILL:
        case SERVICE_FINAL_SIGKILL:
                return c->timeout_stop_usec; /* the kernel cannot ignore SIGKILL: this is a safety net */
        case SERVICE_AUTO_RESTART:
                return c->restart_usec;
        default:
                return USEC_INFINITY;
        }
}

static void service_set_state(Service *s, ServiceState st) {
        ServiceState old = s->state;
        s->state = st;
        if (old != st)
                arm_timer(s, state_timeout(s, st));
        if (st == SERVICE_DEAD || st == SERVICE_FAILED || st == SERVICE_AUTO_RESTART || st == SERVICE_EXITED) {
                if (s->main_pid > 0)
                        manager_unwatch_pid(s->meta.manager, s->main_pid);
                s->main_pid = 0;
                if (st != SERVICE_EXITED)
                        s->main_command = NULL;
        }
        if (st == SERVICE_DEAD || st == SERVICE_FAILED || st == SERVICE_RUNNING || st == SERVICE_EXITED ||
            st == SERVICE_AUTO_RESTART) {
                if (s->control_pid > 0)
                        manager_unwatch_pid(s->meta.manager, s->control_pid);
                s->control_pid = 0;
                s->control_command = NULL;
                s->control_command_id = -1;
        }
        if (old != st)
                log_debug("%s: changed %s -> %s", s->meta.id, state_names[old], state_names[st]);
        unit_notify(&s->meta, state_translation[old], state_translation[st], s->reload_result == SERVICE_SUCCESS);
}

/* The environment every process of the service gets: the manager's few variables, then
 * Environment= (EnvironmentFile= and the rest come with the exec-context work). */
static char **service_environment(Service *s) {
        char **env = NULL;
        const ExecContext *ec = s->meta.config->exec;
        (void) strv_extend(&env, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        (void) strv_extend(&env, "LANG=C.UTF-8");
        if (s->main_pid > 0) {
                char buf[32];
                snprintf(buf, sizeof buf, "MAINPID=%d", (int) s->main_pid);
                (void) strv_env_replace(&env, strdup(buf));
        }
        STRV_FOREACH(e, ec->environment)
                (void) strv_env_replace(&env, strdup(*e));
        return env;
}

static int spawn(Service *s, ExecCommand *c, pid_t *ret_pid) {
        _cleanup_strv_free_ char **env = service_environment(s);
        ExecParameters p = {
                .environment = env,
                .unit_id = s->meta.id,
                .stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1,
                .apply_privileges = !(c->flags & EXEC_COMMAND_FULLY_PRIVILEGED) && !cfg(s)->permissions_start_only,
        };
        int r = exec_spawn(c, s->meta.config->exec, &p, ret_pid);
        if (r < 0)
                return log_warning_errno(r, "%s: failed to spawn %s: %m", s->meta.id, c->path);
        r = manager_watch_pid(s->meta.manager, *ret_pid, &s->meta);
        return r;
}

/* Runs the next command of the current control list, or returns 0 when it is done. */
static int run_control(Service *s, ExecCommand *c, int list_id) {
        s->control_command = c;
        s->control_command_id = list_id;
        s->control_exec_status = (ExecStatus){ .start = dual_timestamp_now() };
        int r = spawn(s, c, &s->control_pid);
        s->control_exec_status.pid = s->control_pid;
        return r;
}

static void service_enter_stop_post(Service *s, ServiceResult f) {
        if (s->result == SERVICE_SUCCESS)
                s->result = f;
        ExecCommand *c = cfg(s)->exec_command[SERVICE_EXEC_STOP_POST];
        if (c) {
                if (run_control(s, c, SERVICE_EXEC_STOP_POST) < 0) {
                        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                service_set_state(s, SERVICE_STOP_POST);
                return;
        }
        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_SUCCESS);
}

/* Kills what is left of the service: the main and control processes and their process
 * groups (every service process starts its own session). The cgroup-based kill of
 * KillMode=control-group comes with the cgroup work. Returns whether anything was signalled. */
static bool kill_processes(Service *s, int sig) {
        const KillContext *k = s->meta.config->kill;
        bool any = false;
        if (k->kill_mode == KILL_NONE)
                return false;
        pid_t pids[] = { s->main_pid, s->control_pid };
        for (size_t i = 0; i < ELEMENTSOF(pids); i++) {
                if (pids[i] <= 0)
                        continue;
                bool group = k->kill_mode == KILL_CONTROL_GROUP || (k->kill_mode == KILL_MIXED && sig == SIGKILL);
                if ((group ? kill(-pids[i], sig) : kill(pids[i], sig)) >= 0 || kill(pids[i], sig) >= 0)
                        any = true;
                if (sig != SIGKILL && k->send_sighup)
                        (void) kill(group ? -pids[i] : pids[i], SIGHUP);
                if (sig != SIGKILL)
                        (void) kill(pids[i], SIGCONT);
        }
        return any;
}

static void service_enter_signal(Service *s, ServiceState state, ServiceResult f) {
        if (s->result == SERVICE_SUCCESS)
                s->result = f;
        const KillContext *k = s->meta.config->kill;
        int sig = (state == SERVICE_STOP_SIGTERM || state == SERVICE_FINAL_SIGTERM) ? k->kill_signal : k->final_kill_signal;
        bool sigkill_stage = state == SERVICE_STOP_SIGKILL || state == SERVICE_FINAL_SIGKILL;
        if (sigkill_stage && !k->send_sigkill) {
                if (state == SERVICE_STOP_SIGKILL)
                        service_enter_stop_post(s, SERVICE_SUCCESS);
                else
                        service_enter_dead(s, SERVICE_SUCCESS, true);
                return;
        }
        if (kill_processes(s, sig) && (s->main_pid > 0 || s->control_pid > 0)) {
                service_set_state(s, state);
                return;
        }
        if (state == SERVICE_STOP_SIGTERM || state == SERVICE_STOP_SIGKILL)
                service_enter_stop_post(s, SERVICE_SUCCESS);
        else
                service_enter_dead(s, SERVICE_SUCCESS, true);
}

static void service_enter_stop(Service *s, ServiceResult f) {
        if (s->result == SERVICE_SUCCESS)
                s->result = f;
        ExecCommand *c = cfg(s)->exec_command[SERVICE_EXEC_STOP];
        if (c) {
                if (run_control(s, c, SERVICE_EXEC_STOP) < 0) {
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                service_set_state(s, SERVICE_STOP);
                return;
        }
        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_SUCCESS);
}

static bool shall_restart(Service *s) {
        ServiceConfig *c = cfg(s);
        if (s->forbid_restart || s->result == SERVICE_FAILURE_START_LIMIT_HIT)
                return false;
        if (s->main_exec_status.code == CLD_EXITED) {
                if (exit_status_set_has_status(&c->restart_prevent_status, s->main_exec_status.status))
                        return false;
                if (exit_status_set_has_status(&c->restart_force_status, s->main_exec_status.status))
                        return true;
        } else if (s->main_exec_status.code == CLD_KILLED || s->main_exec_status.code == CLD_DUMPED) {
                if (exit_status_set_has_signal(&c->restart_prevent_status, s->main_exec_status.status))
                        return false;
                if (exit_status_set_has_signal(&c->restart_force_status, s->main_exec_status.status))
                        return true;
        }
        switch (c->restart) {
        case SERVICE_RESTART_ALWAYS:
                return true;
        case SERVICE_RESTART_ON_SUCCESS:
                return s->result == SERVICE_SUCCESS;
        case SERVICE_RESTART_ON_FAILURE:
                return s->result != SERVICE_SUCCESS && s->result != SERVICE_SKIP_CONDITION;
        case SERVICE_RESTART_ON_ABNORMAL:
                return s->result == SERVICE_FAILURE_SIGNAL || s->result == SERVICE_FAILURE_CORE_DUMP ||
                       s->result == SERVICE_FAILURE_TIMEOUT || s->result == SERVICE_FAILURE_WATCHDOG;
        case SERVICE_RESTART_ON_WATCHDOG:
                return s->result == SERVICE_FAILURE_WATCHDOG;
        case SERVICE_RESTART_ON_ABORT:
                return s->result == SERVICE_FAILURE_SIGNAL || s->result == SERVICE_FAILURE_CORE_DUMP;
        default:
                return false;
        }
}

static void service_enter_dead(Service *s, ServiceResult f, bool allow_restart) {
        if (s->result == SERVICE_SUCCESS)
                s->result = f;
        if (allow_restart && shall_restart(s)) {
                service_set_state(s, SERVICE_AUTO_RESTART);
                return;
        }
        s->forbid_restart = false;
        service_set_state(s, s->result == SERVICE_SUCCESS || s->result == SERVICE_SKIP_CONDITION ? SERVICE_DEAD : SERVICE_FAILED);
}

static void service_enter_running(Service *s, ServiceResult f) {
        if (s->result == SERVICE_SUCCESS)
                s->result = f;
        if (s->result != SERVICE_SUCCESS) {
                service_enter_stop(s, s->result);
                return;
        }
        if (s->main_pid > 0)
                service_set_state(s, SERVICE_RUNNING);
        else if (cfg(s)->remain_after_exit)
                service_set_state(s, SERVICE_EXITED);
        else
                service_enter_stop(s, SERVICE_SUCCESS);
}

static void service_enter_start_post(Service *s) {
        ExecCommand *c = cfg(s)->exec_command[SERVICE_EXEC_START_POST];
        if (c) {
                if (run_control(s, c, SERVICE_EXEC_START_POST) < 0) {
                        service_enter_stop(s, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                service_set_state(s, SERVICE_START_POST);
                return;
        }
        service_enter_running(s, SERVICE_SUCCESS);
}

static int spawn_main(Service *s, ExecCommand *c) {
        s->main_command = c;
        s->main_exec_status = (ExecStatus){ .start = dual_timestamp_now() };
        int r = spawn(s, c, &s->main_pid);
        s->main_exec_status.pid = s->main_pid;
        return r;
}

static void service_enter_start(Service *s) {
        ServiceConfig *c = cfg(s);
        ExecCommand *cmd = c->exec_command[SERVICE_EXEC_START];
        if (!cmd) {
                /* only a oneshot (or a service with SuccessAction=) may lack ExecStart= */
                service_set_state(s, SERVICE_START);
                service_enter_start_post(s);
                return;
        }
        if (spawn_main(s, cmd) < 0) {
                service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_FAILURE_RESOURCES);
                return;
        }
        service_set_state(s, SERVICE_START);
        switch (c->type) {
        case SERVICE_SIMPLE:
        case SERVICE_EXEC:
        case SERVICE_IDLE:
        case SERVICE_DBUS: /* no bus yet: starts as simple (busmaster brings BusName= tracking) */
        case SERVICE_NOTIFY: /* until the notify socket lands, readiness is the fork */
                service_enter_start_post(s);
                break;
        default:
                break; /* forking, oneshot: wait for the process to exit */
        }
}

static void service_enter_start_pre(Service *s) {
        ExecCommand *c = cfg(s)->exec_command[SERVICE_EXEC_START_PRE];
        if (c) {
                if (run_control(s, c, SERVICE_EXEC_START_PRE) < 0) {
                        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                service_set_state(s, SERVICE_START_PRE);
                return;
        }
        service_enter_start(s);
}

static void service_enter_condition(Service *s) {
        ExecCommand *c = cfg(s)->exec_command[SERVICE_EXEC_CONDITION];
        if (c) {
                if (run_control(s, c, SERVICE_EXEC_CONDITION) < 0) {
                        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                service_set_state(s, SERVICE_CONDITION);
                return;
        }
        service_enter_start_pre(s);
}

static int service_start(Unit *u) {
        Service *s = (Service *) u;
        switch (s->state) {
        case SERVICE_STOP:
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
        case SERVICE_STOP_POST:
        case SERVICE_FINAL_SIGTERM:
        case SERVICE_FINAL_SIGKILL:
                return -EAGAIN; /* still going down: try again when it got there */
        case SERVICE_CONDITION:
        case SERVICE_START_PRE:
        case SERVICE_START:
        case SERVICE_START_POST:
                return 0;
        default:
                break;
        }
        s->result = SERVICE_SUCCESS;
        s->reload_result = SERVICE_SUCCESS;
        s->main_exec_status = (ExecStatus){};
        s->forbid_restart = false;
        s->status_text = mfree(s->status_text);
        if (s->state == SERVICE_AUTO_RESTART)
                s->n_restarts++;
        service_enter_condition(s);
        return 0;
}

static int service_stop(Unit *u) {
        Service *s = (Service *) u;
        s->forbid_restart = true;
        switch (s->state) {
        case SERVICE_STOP:
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
        case SERVICE_STOP_POST:
        case SERVICE_FINAL_SIGTERM:
        case SERVICE_FINAL_SIGKILL:
                return 0; /* already on its way */
        case SERVICE_AUTO_RESTART:
                service_set_state(s, SERVICE_DEAD);
                return 0;
        case SERVICE_CONDITION:
        case SERVICE_START_PRE:
        case SERVICE_START:
        case SERVICE_START_POST:
        case SERVICE_RELOAD:
                /* a stop during start: kill, no ExecStop= (it is for running services) */
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_SUCCESS);
                return 0;
        case SERVICE_RUNNING:
        case SERVICE_EXITED:
                service_enter_stop(s, SERVICE_SUCCESS);
                return 0;
        default:
                return -EALREADY;
        }
}

static int service_reload(Unit *u) {
        Service *s = (Service *) u;
        ExecCommand *c = cfg(s)->exec_command[SERVICE_EXEC_RELOAD];
        s->reload_result = SERVICE_SUCCESS;
        if (!c) {
                service_set_state(s, SERVICE_RELOAD);
                service_set_state(s, s->main_pid > 0 ? SERVICE_RUNNING : SERVICE_EXITED);
                return 0;
        }
        if (run_control(s, c, SERVICE_EXEC_RELOAD) < 0) {
                s->reload_result = SERVICE_FAILURE_RESOURCES;
                return -EIO;
        }
        service_set_state(s, SERVICE_RELOAD);
        return 0;
}

static bool service_can_reload(Unit *u) {
        return ((Service *) u)->meta.config->service->exec_command[SERVICE_EXEC_RELOAD] != NULL;
}

static ServiceResult result_of_exit(Service *s, int code, int status) {
        const ServiceConfig *c = cfg(s);
        if (code == CLD_EXITED)
                return status == 0 || exit_status_set_has_status(&c->success_status, status) ? SERVICE_SUCCESS
                                                                                              : SERVICE_FAILURE_EXIT_CODE;
        if (exit_status_set_has_signal(&c->success_status, status))
                return SERVICE_SUCCESS;
        /* SIGHUP, SIGINT, SIGTERM and SIGPIPE are clean ends of a service process */
        if (code == CLD_KILLED && (status == SIGHUP || status == SIGINT || status == SIGTERM || status == SIGPIPE))
                return SERVICE_SUCCESS;
        return code == CLD_DUMPED ? SERVICE_FAILURE_CORE_DUMP : SERVICE_FAILURE_SIGNAL;
}

static void main_exited(Service *s, int code, int status) {
        ServiceConfig *c = cfg(s);
        s->main_exec_status.code = code;
        s->main_exec_status.status = status;
        s->main_exec_status.exit = dual_timestamp_now();
        s->main_pid = 0;
        ServiceResult f = result_of_exit(s, code, status);
        if (f != SERVICE_SUCCESS && s->main_command && (s->main_command->flags & EXEC_COMMAND_IGNORE_FAILURE))
                f = SERVICE_SUCCESS;
        if (f != SERVICE_SUCCESS)
                log_info("%s: main process exited, code=%s, status=%d/%s", s->meta.id,
                         code == CLD_EXITED ? "exited" : code == CLD_DUMPED ? "dumped" : "killed", status,
                         code == CLD_EXITED ? strna(exit_status_to_string(status)) : strna(signal_to_string(status)));

        switch (s->state) {
        case SERVICE_START:
                if (c->type == SERVICE_ONESHOT) {
                        if (f != SERVICE_SUCCESS) {
                                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                                return;
                        }
                        if (s->main_command && s->main_command->next) { /* the next ExecStart= */
                                if (spawn_main(s, s->main_command->next) < 0)
                                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                                return;
                        }
                        service_enter_start_post(s);
                        return;
                }
                if (c->type == SERVICE_FORKING) {
                        /* the parent exited: its exit status tells whether the daemon is up;
                         * the daemon's pid comes from PIDFile= or GuessMainPID= with the
                         * forking work */
                        if (f != SERVICE_SUCCESS) {
                                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                                return;
                        }
                        service_enter_start_post(s);
                        return;
                }
                service_enter_signal(s, SERVICE_STOP_SIGTERM, f == SERVICE_SUCCESS ? SERVICE_FAILURE_PROTOCOL : f);
                return;
        case SERVICE_START_POST:
        case SERVICE_RELOAD:
        case SERVICE_STOP:
                /* the control process still runs: it decides what comes next */
                if (f != SERVICE_SUCCESS && s->result == SERVICE_SUCCESS)
                        s->result = f;
                return;
        case SERVICE_RUNNING:
                service_enter_running(s, f);
                return;
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
                if (s->control_pid <= 0)
                        service_enter_stop_post(s, SERVICE_SUCCESS);
                return;
        case SERVICE_FINAL_SIGTERM:
        case SERVICE_FINAL_SIGKILL:
                if (s->control_pid <= 0)
                        service_enter_dead(s, SERVICE_SUCCESS, true);
                return;
        default:
                return;
        }
}

static void control_exited(Service *s, int code, int status) {
        s->control_exec_status.code = code;
        s->control_exec_status.status = status;
        s->control_exec_status.exit = dual_timestamp_now();
        s->control_pid = 0;
        ServiceResult f = result_of_exit(s, code, status);
        ExecCommand *c = s->control_command;
        if (f != SERVICE_SUCCESS && c && (c->flags & EXEC_COMMAND_IGNORE_FAILURE))
                f = SERVICE_SUCCESS;
        if (s->control_command_id == SERVICE_EXEC_CONDITION && f != SERVICE_SUCCESS) {
                /* ExecCondition=: 1–254 skip the start cleanly; 255 and signals are failures */
                if (code == CLD_EXITED && status >= 1 && status <= 254) {
                        log_info("%s: skipped due to 'exec-condition'.", s->meta.id);
                        s->result = SERVICE_SKIP_CONDITION;
                        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_SKIP_CONDITION);
                        return;
                }
        }
        /* the next command of the same list, if this one went well */
        if (f == SERVICE_SUCCESS && c && c->next) {
                if (run_control(s, c->next, s->control_command_id) < 0)
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                return;
        }
        switch (s->state) {
        case SERVICE_CONDITION:
                if (f == SERVICE_SUCCESS)
                        service_enter_start_pre(s);
                else
                        service_enter_signal(s, SERVICE_FINAL_SIGTERM, f);
                return;
        case SERVICE_START_PRE:
                if (f == SERVICE_SUCCESS)
                        service_enter_start(s);
                else
                        service_enter_signal(s, SERVICE_FINAL_SIGTERM, f);
                return;
        case SERVICE_START_POST:
                if (f == SERVICE_SUCCESS)
                        service_enter_running(s, SERVICE_SUCCESS);
                else
                        service_enter_stop(s, f);
                return;
        case SERVICE_RELOAD:
                s->reload_result = f;
                service_set_state(s, s->main_pid > 0 || cfg(s)->type == SERVICE_ONESHOT ? (s->main_pid > 0 ? SERVICE_RUNNING : SERVICE_EXITED) : SERVICE_EXITED);
                return;
        case SERVICE_STOP:
                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                return;
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
                if (s->main_pid <= 0)
                        service_enter_stop_post(s, f);
                return;
        case SERVICE_STOP_POST:
                service_enter_signal(s, SERVICE_FINAL_SIGTERM, f);
                return;
        case SERVICE_FINAL_SIGTERM:
        case SERVICE_FINAL_SIGKILL:
                if (s->main_pid <= 0)
                        service_enter_dead(s, f, true);
                return;
        default:
                return;
        }
}

static void service_child_exited(Unit *u, pid_t pid, int code, int status) {
        Service *s = (Service *) u;
        if (pid == s->main_pid)
                main_exited(s, code, status);
        else if (pid == s->control_pid)
                control_exited(s, code, status);
}

static int service_timer_cb(EventSource *es, usec_t now, void *userdata) {
        Service *s = userdata;
        (void) now;
        if (s->timer == es)
                s->timer = event_source_free(s->timer);
        switch (s->state) {
        case SERVICE_CONDITION:
        case SERVICE_START_PRE:
        case SERVICE_START:
        case SERVICE_START_POST:
                log_warning("%s: start operation timed out. Terminating.", s->meta.id);
                service_enter_signal(s, s->state == SERVICE_START_POST ? SERVICE_STOP_SIGTERM : SERVICE_FINAL_SIGTERM,
                                     SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_RUNNING:
                log_warning("%s: service reached runtime time limit. Stopping.", s->meta.id);
                service_enter_stop(s, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_RELOAD:
                log_warning("%s: reload operation timed out. Killing reload process.", s->meta.id);
                if (s->control_pid > 0)
                        (void) kill(s->control_pid, SIGKILL);
                s->reload_result = SERVICE_FAILURE_TIMEOUT;
                break;
        case SERVICE_STOP:
                log_warning("%s: stopping timed out. Terminating.", s->meta.id);
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_STOP_SIGTERM:
                log_warning("%s: State 'stop-sigterm' timed out. Killing.", s->meta.id);
                service_enter_signal(s, SERVICE_STOP_SIGKILL, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_STOP_SIGKILL:
                log_warning("%s: processes still around after SIGKILL. Ignoring.", s->meta.id);
                service_enter_stop_post(s, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_STOP_POST:
                log_warning("%s: state 'stop-post' timed out. Terminating.", s->meta.id);
                service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_FINAL_SIGTERM:
                log_warning("%s: State 'final-sigterm' timed out. Killing.", s->meta.id);
                service_enter_signal(s, SERVICE_FINAL_SIGKILL, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_FINAL_SIGKILL:
                log_warning("%s: processes still around after final SIGKILL. Entering failed mode.", s->meta.id);
                service_enter_dead(s, SERVICE_FAILURE_TIMEOUT, true);
                break;
        case SERVICE_AUTO_RESTART: {
                log_info("%s: scheduled restart job, restart counter is at %u.", s->meta.id, s->n_restarts + 1);
                _cleanup_free_ char *error = NULL;
                int r = manager_add_job(s->meta.manager, JOB_RESTART, &s->meta, JOB_REPLACE, false, NULL, &error);
                if (r < 0) {
                        log_warning("%s: failed to schedule restart job: %s", s->meta.id, error ?: strerror(-r));
                        service_enter_dead(s, SERVICE_FAILURE_RESOURCES, false);
                }
                break;
        }
        default:
                break;
        }
        return 0;
}

static int service_load(Unit *u) {
        Service *s = (Service *) u;
        service_config_finalize(u->config->service);
        s->control_command_id = -1;
        int r = unit_config_verify_service(u->config, u->id);
        if (r < 0)
                return r;
        if (!u->config->unit->default_dependencies)
                return 0;
        /* systemd.service(5), "Default Dependencies" */
        if ((r = unit_add_dependency_by_name(u, REL_REQUIRES, "sysinit.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_AFTER, "sysinit.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_AFTER, "basic.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_CONFLICTS, "shutdown.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_BEFORE, "shutdown.target", true)) < 0)
                return r;
        const char *slice = u->config->cgroup && u->config->cgroup->slice ? u->config->cgroup->slice : "system.slice";
        if ((r = unit_add_dependency_by_name(u, REL_REQUIRES, slice, true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_AFTER, slice, true)) < 0)
                return r;
        return 0;
}

static void service_done(Unit *u) {
        Service *s = (Service *) u;
        s->timer = event_source_free(s->timer);
        if (s->main_pid > 0)
                manager_unwatch_pid(u->manager, s->main_pid);
        if (s->control_pid > 0)
                manager_unwatch_pid(u->manager, s->control_pid);
        free(s->status_text);
}

static UnitActiveState service_active_state(Unit *u) {
        return state_translation[((Service *) u)->state];
}

static const char *service_sub_state(Unit *u) {
        return state_names[((Service *) u)->state];
}

static const char *service_result(Unit *u) {
        return result_names[((Service *) u)->result];
}

static void service_reset_failed(Unit *u) {
        Service *s = (Service *) u;
        if (s->state == SERVICE_FAILED)
                service_set_state(s, SERVICE_DEAD);
        s->result = SERVICE_SUCCESS;
        s->n_restarts = 0;
}

static int service_kill(Unit *u, KillWho who, int sig) {
        Service *s = (Service *) u;
        bool any = false;
        if ((who == KILL_MAIN || who == KILL_ALL) && s->main_pid > 0)
                any |= kill(who == KILL_ALL ? -s->main_pid : s->main_pid, sig) >= 0 || kill(s->main_pid, sig) >= 0;
        if ((who == KILL_CONTROL || who == KILL_ALL) && s->control_pid > 0)
                any |= kill(who == KILL_ALL ? -s->control_pid : s->control_pid, sig) >= 0 || kill(s->control_pid, sig) >= 0;
        return any ? 0 : -ESRCH;
}

static int service_append_properties(Unit *u, char ***l) {
        Service *s = (Service *) u;
        ServiceConfig *c = cfg(s);
        char buf[256];
        snprintf(buf, sizeof buf, "Type=%s", service_type_to_string(c->type));
        strv_extend(l, buf);
        snprintf(buf, sizeof buf, "Restart=%s", service_restart_to_string(c->restart));
        strv_extend(l, buf);
        snprintf(buf, sizeof buf, "MainPID=%d", (int) s->main_pid);
        strv_extend(l, buf);
        snprintf(buf, sizeof buf, "ControlPID=%d", (int) s->control_pid);
        strv_extend(l, buf);
        snprintf(buf, sizeof buf, "Result=%s", result_names[s->result]);
        strv_extend(l, buf);
        snprintf(buf, sizeof buf, "NRestarts=%u", s->n_restarts);
        strv_extend(l, buf);
        snprintf(buf, sizeof buf, "ExecMainCode=%d", s->main_exec_status.code);
        strv_extend(l, buf);
        snprintf(buf, sizeof buf, "ExecMainStatus=%d", s->main_exec_status.status);
        strv_extend(l, buf);
        snprintf(buf, sizeof buf, "ExecMainPID=%d", (int) s->main_exec_status.pid);
        strv_extend(l, buf);
        snprintf(buf, sizeof buf, "RemainAfterExit=%s", c->remain_after_exit ? "yes" : "no");
        strv_extend(l, buf);
        if (s->status_text) {
                _cleanup_free_ char *st = strjoin("StatusText=", s->status_text);
                strv_extend(l, st);
        }
        return 0;
}

const UnitVTable service_vtable = {
        .object_size = sizeof(Service),
        .load = service_load,
        .done = service_done,
        .start = service_start,
        .stop = service_stop,
        .reload = service_reload,
        .can_reload = service_can_reload,
        .kill = service_kill,
        .active_state = service_active_state,
        .sub_state = service_sub_state,
        .child_exited = service_child_exited,
        .append_properties = service_append_properties,
        .reset_failed = service_reset_failed,
        .result = service_result,
};
