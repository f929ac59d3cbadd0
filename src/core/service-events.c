/* service-events.c — what happens to a service from outside its own transitions: its main
 * and control processes exit (with what result, and where the state machine goes next for
 * each state and Type=), its cgroup empties, and its state's timeout fires (where
 * TimeoutStartFailureMode=/TimeoutStopFailureMode= choose between the SIGTERM, abort and
 * SIGKILL states). */
#include <signal.h>
#include <sys/wait.h>

#include "cgroup.h"
#include "exec-utmp.h"
#include "exit-status-set.h"
#include "log.h"
#include "manager.h"
#include "service-internal.h"
#include "signal-util.h"
#include "string-util.h"

static ServiceResult exit_result(Service *s, int code, int status, ExecCommand *cmd, bool main) {
        ServiceConfig *c = service_cfg(s);
        ServiceResult f = service_exit_result(c, code, status, main && c->type != SERVICE_ONESHOT);
        if (f != SERVICE_SUCCESS && cmd && (cmd->flags & EXEC_COMMAND_IGNORE_FAILURE))
                return SERVICE_SUCCESS;
        return f;
}

static void log_exit(Service *s, const char *what, int code, int status, ServiceResult f) {
        const char *name = code == CLD_EXITED ? exit_status_to_string(status) : signal_to_string(status);
        if (f != SERVICE_SUCCESS)
                log_info("%s: %s exited, code=%s, status=%d/%s", s->meta.id, what, strna(sigchld_code_to_string(code)),
                         status, strna(name));
        else
                log_debug("%s: %s exited, code=%s, status=%d/%s", s->meta.id, what, strna(sigchld_code_to_string(code)),
                          status, strna(name));
}

static void main_exited(Service *s, int code, int status) {
        ServiceConfig *c = service_cfg(s);
        s->main_exec_status.code = code;
        s->main_exec_status.status = status;
        s->main_exec_status.exit = dual_timestamp_now();
        exec_utmp_put_dead(s->meta.config->exec, s->main_exec_status.pid, code, status);
        service_forget_main_pid(s);
        ServiceResult f = exit_result(s, code, status, s->main_command, true);
        log_exit(s, "main process", code, status, f);

        switch (s->state) {
        case SERVICE_START:
                if (c->type == SERVICE_ONESHOT) {
                        if (f != SERVICE_SUCCESS) {
                                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                                return;
                        }
                        if (s->main_command && s->main_command->next) { /* the next ExecStart= */
                                if (service_spawn_main(s, s->main_command->next) < 0)
                                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                                return;
                        }
                        service_enter_start_post(s);
                        return;
                }
                if (c->type == SERVICE_FORKING) {
                        /* the parent exited: its status tells whether the daemon is up */
                        if (f != SERVICE_SUCCESS) {
                                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                                return;
                        }
                        (void) service_find_forking_main_pid(s);
                        service_enter_start_post(s);
                        return;
                }
                if (f != SERVICE_SUCCESS) {
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                        return;
                }
                /* exec: the exit may be seen before the pipe's end; notify: READY=1 came first */
                if (c->type == SERVICE_EXEC || (c->type == SERVICE_NOTIFY && s->notify_ready)) {
                        service_enter_start_post(s);
                        return;
                }
                if (c->type == SERVICE_NOTIFY)
                        log_warning("%s: main process exited before READY=1.", s->meta.id);
                service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_PROTOCOL);
                return;
        case SERVICE_START_POST:
        case SERVICE_RELOAD:
        case SERVICE_STOP:
                /* the control process still runs: it decides what comes next */
                service_record_result(s, f);
                return;
        case SERVICE_RUNNING:
                service_enter_running(s, f);
                return;
        case SERVICE_STOP_WATCHDOG:
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
                service_record_result(s, f);
                if (service_processes_gone(s))
                        service_enter_stop_post(s, SERVICE_SUCCESS);
                return;
        case SERVICE_FINAL_WATCHDOG:
        case SERVICE_FINAL_SIGTERM:
        case SERVICE_FINAL_SIGKILL:
                if (service_processes_gone(s))
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
        exec_utmp_put_dead(s->meta.config->exec, s->control_exec_status.pid, code, status);
        s->control_pid = 0;
        ExecCommand *c = s->control_command;
        ServiceResult f = exit_result(s, code, status, c, false);
        log_exit(s, "control process", code, status, f);
        if (s->control_command_id == SERVICE_EXEC_CONDITION && s->state == SERVICE_CONDITION) {
                ExecConditionVerdict v = exec_condition_verdict(code, status);
                if (v == EXEC_CONDITION_SKIP && !(c && (c->flags & EXEC_COMMAND_IGNORE_FAILURE))) {
                        log_info("%s: Skipped due to 'exec-condition'.", s->meta.id);
                        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_SKIP_CONDITION);
                        return;
                }
        }
        /* the next command of the same list, if this one went well */
        if (f == SERVICE_SUCCESS && c && c->next) {
                if (service_run_control(s, c->next, s->control_command_id) < 0)
                        service_enter_signal(s, service_state_is_final(s->state) || s->state == SERVICE_STOP_POST ? SERVICE_FINAL_SIGTERM
                                                                                                      : SERVICE_STOP_SIGTERM,
                                             SERVICE_FAILURE_RESOURCES);
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
                service_enter_running(s, SERVICE_SUCCESS);
                return;
        case SERVICE_STOP:
                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                return;
        case SERVICE_STOP_WATCHDOG:
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
                if (service_processes_gone(s))
                        service_enter_stop_post(s, f);
                return;
        case SERVICE_STOP_POST:
                service_enter_signal(s, SERVICE_FINAL_SIGTERM, f);
                return;
        case SERVICE_FINAL_WATCHDOG:
        case SERVICE_FINAL_SIGTERM:
        case SERVICE_FINAL_SIGKILL:
                if (service_processes_gone(s))
                        service_enter_dead(s, f, true);
                return;
        default:
                return;
        }
}

void service_child_exited(Unit *u, pid_t pid, int code, int status) {
        Service *s = (Service *) u;
        if (pid == s->main_pid)
                main_exited(s, code, status);
        else if (pid == s->control_pid)
                control_exited(s, code, status);
}

void service_cgroup_empty(Unit *u) {
        Service *s = (Service *) u;
        log_debug("%s: cgroup is empty.", u->id);
        if (!service_processes_gone(s))
                return;
        if (s->state == SERVICE_RUNNING)
                service_enter_running(s, SERVICE_SUCCESS);
        else if (service_state_is_sigterm(s->state))
                service_enter_stop_post(s, SERVICE_SUCCESS);
        else if (service_state_is_final(s->state))
                service_enter_dead(s, SERVICE_SUCCESS, true);
}

/* The state to go to when a timeout hits, by TimeoutStartFailureMode=/TimeoutStopFailureMode=. */
static ServiceState failure_mode_state(ServiceTimeoutFailureMode mode, bool final) {
        switch (mode) {
        case SERVICE_TIMEOUT_ABORT:
                return final ? SERVICE_FINAL_WATCHDOG : SERVICE_STOP_WATCHDOG;
        case SERVICE_TIMEOUT_KILL:
                return final ? SERVICE_FINAL_SIGKILL : SERVICE_STOP_SIGKILL;
        default:
                return final ? SERVICE_FINAL_SIGTERM : SERVICE_STOP_SIGTERM;
        }
}

int service_timer_cb(EventSource *es, usec_t now, void *userdata) {
        Service *s = userdata;
        ServiceConfig *c = service_cfg(s);
        (void) now;
        if (s->timer == es)
                s->timer = event_source_free(s->timer);
        switch (s->state) {
        case SERVICE_CONDITION:
        case SERVICE_START_PRE:
        case SERVICE_START:
                log_warning("%s: %s operation timed out. Terminating.", s->meta.id,
                            s->state == SERVICE_START ? "Start" : s->state == SERVICE_CONDITION ? "Start-condition" : "Start-pre");
                service_enter_signal(s, failure_mode_state(c->timeout_start_failure_mode, s->state != SERVICE_START),
                                     SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_START_POST:
                log_warning("%s: Start-post operation timed out. Stopping.", s->meta.id);
                service_enter_signal(s, failure_mode_state(c->timeout_start_failure_mode, false), SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_RUNNING:
                log_warning("%s: Service reached runtime time limit. Stopping.", s->meta.id);
                service_enter_stop(s, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_RELOAD:
                log_warning("%s: Reload operation timed out. Killing reload process.", s->meta.id);
                (void) service_kill_pid(s->control_pid, SIGKILL, false);
                s->reload_result = SERVICE_FAILURE_TIMEOUT;
                break;
        case SERVICE_STOP:
                log_warning("%s: Stopping timed out. Terminating.", s->meta.id);
                service_enter_signal(s, failure_mode_state(c->timeout_stop_failure_mode, false), SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_STOP_WATCHDOG:
                log_warning("%s: State 'stop-watchdog' timed out. Killing.", s->meta.id);
                service_enter_signal(s, SERVICE_STOP_SIGKILL, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_STOP_SIGTERM:
                if (c->timeout_stop_failure_mode == SERVICE_TIMEOUT_ABORT) {
                        log_warning("%s: State 'stop-sigterm' timed out. Aborting.", s->meta.id);
                        service_enter_signal(s, SERVICE_STOP_WATCHDOG, SERVICE_FAILURE_TIMEOUT);
                } else {
                        log_warning("%s: State 'stop-sigterm' timed out. Killing.", s->meta.id);
                        service_enter_signal(s, SERVICE_STOP_SIGKILL, SERVICE_FAILURE_TIMEOUT);
                }
                break;
        case SERVICE_STOP_SIGKILL:
                log_warning("%s: Processes still around after SIGKILL. Ignoring.", s->meta.id);
                service_enter_stop_post(s, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_STOP_POST:
                log_warning("%s: State 'stop-post' timed out. Terminating.", s->meta.id);
                service_enter_signal(s, failure_mode_state(c->timeout_stop_failure_mode, true), SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_FINAL_WATCHDOG:
                log_warning("%s: State 'final-watchdog' timed out. Killing.", s->meta.id);
                service_enter_signal(s, SERVICE_FINAL_SIGKILL, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_FINAL_SIGTERM:
                log_warning("%s: State 'final-sigterm' timed out. Killing.", s->meta.id);
                service_enter_signal(s, SERVICE_FINAL_SIGKILL, SERVICE_FAILURE_TIMEOUT);
                break;
        case SERVICE_FINAL_SIGKILL:
                log_warning("%s: Processes still around after final SIGKILL. Entering failed mode.", s->meta.id);
                service_enter_dead(s, SERVICE_FAILURE_TIMEOUT, true);
                break;
        case SERVICE_AUTO_RESTART: {
                _cleanup_free_ char *error = NULL;
                int r = manager_add_job(s->meta.manager, JOB_RESTART, &s->meta, JOB_REPLACE, false, NULL, &error);
                if (r < 0) {
                        log_warning("%s: Failed to schedule restart job: %s", s->meta.id, error ?: strerror(-r));
                        service_enter_dead(s, SERVICE_FAILURE_RESOURCES, false);
                        break;
                }
                /* counted when scheduled, as systemd does: the restart job's stop half makes
                 * the state dead before its start half runs, so start cannot tell */
                s->n_restarts++;
                log_info("%s: Scheduled restart job, restart counter is at %u.", s->meta.id, s->n_restarts);
                break;
        }
        default:
                break;
        }
        return 0;
}
