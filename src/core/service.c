/* service.c — the service state machine (systemd.service(5)).
 *
 * A start walks dead → condition (ExecCondition=) → start-pre → start → start-post →
 * running (or exited, for services whose processes are gone but RemainAfterExit=); a stop
 * walks → stop (ExecStop=) → stop-sigterm → stop-sigkill → stop-post (ExecStopPost=) →
 * final-sigterm → final-sigkill → dead or failed. A failure on the way up jumps into the stop
 * path with a result ("exit-code", "timeout"…); the end of the stop path decides, from
 * Restart=, between failed and auto-restart. The *-watchdog states are the "abort" flavour
 * of the SIGTERM states (TimeoutStartFailureMode=abort, a watchdog timeout): they send
 * WatchdogSignal= and wait TimeoutAbortSec=.
 *
 * When "start" is left depends on Type=: simple and idle at once (idle after the job queue
 * drained, or 5 s), exec once execve() succeeded (a CLOEXEC pipe closes), notify on READY=1,
 * forking when the first process exited successfully (the daemon's pid from PIDFile= or
 * guessed), oneshot when every ExecStart= ran. service_set_state() is the only writer of the
 * state and reports every change to unit_notify(). */
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/wait.h>

#include "cgroup.h"
#include "env-util.h"
#include "exec-spawn.h"
#include "exit-status-set.h"
#include "log.h"
#include "manager-env.h"
#include "manager.h"
#include "service-env.h"
#include "service-internal.h"
#include "signal-util.h"
#include "socket.h"
#include "string-util.h"
#include "strv.h"
#include "unit-types.h"
#include "unit-verify.h"

#define IDLE_TIMEOUT_USEC (5 * USEC_PER_SEC)

static const char *const state_names[_SERVICE_STATE_MAX] = {
        [SERVICE_DEAD] = "dead",                   [SERVICE_CONDITION] = "condition",
        [SERVICE_START_PRE] = "start-pre",         [SERVICE_START] = "start",
        [SERVICE_START_POST] = "start-post",       [SERVICE_RUNNING] = "running",
        [SERVICE_EXITED] = "exited",               [SERVICE_RELOAD] = "reload",
        [SERVICE_STOP] = "stop",                   [SERVICE_STOP_WATCHDOG] = "stop-watchdog",
        [SERVICE_STOP_SIGTERM] = "stop-sigterm",   [SERVICE_STOP_SIGKILL] = "stop-sigkill",
        [SERVICE_STOP_POST] = "stop-post",         [SERVICE_FINAL_WATCHDOG] = "final-watchdog",
        [SERVICE_FINAL_SIGTERM] = "final-sigterm", [SERVICE_FINAL_SIGKILL] = "final-sigkill",
        [SERVICE_FAILED] = "failed",               [SERVICE_AUTO_RESTART] = "auto-restart",
};

const char *service_state_to_string(ServiceState s) {
        return s < _SERVICE_STATE_MAX ? state_names[s] : NULL;
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
        [SERVICE_STOP_WATCHDOG] = UNIT_DEACTIVATING,
        [SERVICE_STOP_SIGTERM] = UNIT_DEACTIVATING,
        [SERVICE_STOP_SIGKILL] = UNIT_DEACTIVATING,
        [SERVICE_STOP_POST] = UNIT_DEACTIVATING,
        [SERVICE_FINAL_WATCHDOG] = UNIT_DEACTIVATING,
        [SERVICE_FINAL_SIGTERM] = UNIT_DEACTIVATING,
        [SERVICE_FINAL_SIGKILL] = UNIT_DEACTIVATING,
        [SERVICE_FAILED] = UNIT_FAILED,
        [SERVICE_AUTO_RESTART] = UNIT_ACTIVATING,
};

bool service_state_is_sigterm(ServiceState st) {
        return st == SERVICE_STOP_SIGTERM || st == SERVICE_STOP_SIGKILL || st == SERVICE_STOP_WATCHDOG;
}

bool service_state_is_final(ServiceState st) {
        return st == SERVICE_FINAL_SIGTERM || st == SERVICE_FINAL_SIGKILL || st == SERVICE_FINAL_WATCHDOG;
}


void service_record_result(Service *s, ServiceResult f) {
        if (s->result == SERVICE_SUCCESS)
                s->result = f;
}

static void arm_timer(Service *s, usec_t timeout) {
        s->timer = event_source_free(s->timer);
        if (timeout == USEC_INFINITY || timeout == 0)
                return;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        usec_t when = timeout > USEC_INFINITY - now ? USEC_INFINITY - 1 : now + timeout;
        if (event_add_time(s->meta.manager->event, &s->timer, CLOCK_MONOTONIC, when, service_timer_cb, s) >= 0)
                event_source_set_description(s->timer, "service-timer");
}

void service_extend_timeout(Service *s, usec_t usec) {
        if (!s->timer || usec == USEC_INFINITY)
                return;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        usec_t want = usec > USEC_INFINITY - now - 1 ? USEC_INFINITY - 1 : now + usec;
        if (want > event_source_get_time(s->timer)) {
                event_source_set_time(s->timer, want);
                event_source_set_enabled(s->timer, EVENT_ONESHOT);
        }
}

static usec_t runtime_max(Service *s) {
        ServiceConfig *c = service_cfg(s);
        if (c->runtime_max_usec == USEC_INFINITY || c->runtime_max_usec == 0)
                return USEC_INFINITY;
        usec_t extra = 0;
        if (c->runtime_rand_extra_usec > 0 && c->runtime_rand_extra_usec != USEC_INFINITY) {
                uint64_t r = 0;
                if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
                        r = (uint64_t) now_usec(CLOCK_MONOTONIC);
                extra = r % (c->runtime_rand_extra_usec + 1);
        }
        return c->runtime_max_usec > USEC_INFINITY - 1 - extra ? USEC_INFINITY : c->runtime_max_usec + extra;
}

static usec_t state_timeout(Service *s, ServiceState st) {
        ServiceConfig *c = service_cfg(s);
        switch (st) {
        case SERVICE_CONDITION:
        case SERVICE_START_PRE:
        case SERVICE_START:
        case SERVICE_START_POST:
        case SERVICE_RELOAD:
                return c->timeout_start_usec;
        case SERVICE_RUNNING:
                return runtime_max(s);
        case SERVICE_STOP:
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
        case SERVICE_STOP_POST:
        case SERVICE_FINAL_SIGTERM:
        case SERVICE_FINAL_SIGKILL:
                /* in the SIGKILL states a safety net: the kernel cannot ignore SIGKILL, but a
                 * process in D state can take its time */
                return c->timeout_stop_usec;
        case SERVICE_STOP_WATCHDOG:
        case SERVICE_FINAL_WATCHDOG:
                return c->timeout_abort_usec;
        case SERVICE_AUTO_RESTART:
                return c->restart_usec;
        default:
                return USEC_INFINITY;
        }
}

void service_arm_state_timer(Service *s) {
        arm_timer(s, state_timeout(s, s->state));
}

static void stop_idle_wait(Service *s) {
        s->idle_timer = event_source_free(s->idle_timer);
        if (s->idle_waiting)
                unit_set_remove(&s->meta.manager->idle_waiters, &s->meta);
        s->idle_waiting = false;
}

void service_set_state(Service *s, ServiceState st) {
        ServiceState old = s->state;
        s->state = st;
        if (old != st)
                arm_timer(s, state_timeout(s, st));
        if (st != SERVICE_START) {
                s->exec_fd_source = event_source_free(s->exec_fd_source);
                stop_idle_wait(s);
        }
        if (st != SERVICE_START && st != SERVICE_START_POST && st != SERVICE_RUNNING && st != SERVICE_RELOAD)
                service_stop_watchdog(s);
        if (st == SERVICE_DEAD || st == SERVICE_FAILED || st == SERVICE_AUTO_RESTART || st == SERVICE_EXITED ||
            st == SERVICE_CONDITION || st == SERVICE_START_PRE) {
                service_forget_main_pid(s);
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
        /* the fd store outlives the process, and a restart: only a real end releases it */
        if ((st == SERVICE_DEAD || st == SERVICE_FAILED) && !(s->meta.job && s->meta.job->type == JOB_RESTART)) {
                service_release_fd_store(s);
                unit_prune_cgroup(&s->meta);
        }
        /* exited (RemainAfterExit=, nothing left running): its empty cgroup goes, as in
         * systemd; one that still holds processes stays, watched */
        if (st == SERVICE_EXITED && old != st && !unit_cgroup_is_populated(&s->meta))
                unit_prune_cgroup(&s->meta);
        if (old != st && (st == SERVICE_DEAD || st == SERVICE_FAILED || st == SERVICE_AUTO_RESTART))
                exec_context_release_resources(s->meta.config->exec, s->meta.id,
                                               st == SERVICE_AUTO_RESTART || (s->meta.job && s->meta.job->type == JOB_RESTART));
        if (old != st)
                log_debug("%s: changed %s -> %s", s->meta.id, state_names[old], state_names[st]);
        unit_notify(&s->meta, state_translation[old], state_translation[st], s->reload_result == SERVICE_SUCCESS);
}

/* $SERVICE_RESULT, $EXIT_CODE, $EXIT_STATUS (prefix "") or their $MONITOR_ twins. */
static int exit_environment(Service *s, const char *prefix, char ***env) {
        char buf[96];
        if (strv_env_replace(env, strjoin(prefix, "SERVICE_RESULT=", service_result_to_string(s->result))) < 0)
                return -ENOMEM;
        const ExecStatus *es = &s->main_exec_status;
        if (es->code == 0)
                return 0;
        if (strv_env_replace(env, strjoin(prefix, "EXIT_CODE=", sigchld_code_to_string(es->code))) < 0)
                return -ENOMEM;
        const char *sig = es->code == CLD_EXITED ? NULL : signal_to_string(es->status);
        if (sig)
                snprintf(buf, sizeof buf, "%sEXIT_STATUS=%s", prefix, startswith(sig, "SIG") ?: sig);
        else
                snprintf(buf, sizeof buf, "%sEXIT_STATUS=%d", prefix, es->status);
        return strv_extend(env, buf);
}

int service_monitor_environment(Unit *u, char ***env) {
        return exit_environment((Service *) u, "MONITOR_", env);
}

/* Which Exec*= list a control process runs decides the extra variables it gets. */
static char **service_environment(Service *s, ServiceExecCommand which, char **fdnames) {
        size_t n_fds = strv_length(fdnames);
        Manager *m = s->meta.manager;
        ServiceConfig *c = service_cfg(s);
        _cleanup_strv_free_ char **env = manager_environment(m); /* the manager's block (manager-env.c) */
        char buf[64];
        if (!env)
                return NULL;
        if (s->main_pid > 0) {
                snprintf(buf, sizeof buf, "MAINPID=%d", (int) s->main_pid);
                if (strv_extend(&env, buf) < 0)
                        return NULL;
        }
        if (s->meta.invocation_id[0] && strv_env_replace(&env, strjoin("INVOCATION_ID=", s->meta.invocation_id)) < 0)
                return NULL;
        if (c->notify_access != NOTIFY_NONE && m->notify_socket &&
            strv_env_replace(&env, strjoin("NOTIFY_SOCKET=", m->notify_socket)) < 0)
                return NULL;
        if (which == SERVICE_EXEC_START && service_watchdog_usec(s) != USEC_INFINITY) {
                /* WATCHDOG_PID= comes from exec-spawn, in the child, which knows its pid */
                snprintf(buf, sizeof buf, "WATCHDOG_USEC=%llu", (unsigned long long) service_watchdog_usec(s));
                if (strv_extend(&env, buf) < 0)
                        return NULL;
        }
        if (n_fds > 0) {
                snprintf(buf, sizeof buf, "LISTEN_FDS=%zu", n_fds);
                _cleanup_free_ char *names = strdup("LISTEN_FDNAMES=");
                for (size_t i = 0; names && i < n_fds; i++)
                        if (!strextend(&names, i ? ":" : "", fdnames[i]))
                                names = mfree(names);
                if (!names || strv_extend(&env, buf) < 0 || strv_push(&env, TAKE_PTR(names)) < 0)
                        return NULL;
        }
        if ((which == SERVICE_EXEC_STOP || which == SERVICE_EXEC_STOP_POST) && exit_environment(s, "", &env) < 0)
                return NULL;
        STRV_FOREACH(a, s->meta.monitor_env)
                if (strv_env_replace(&env, strdup(*a)) < 0)
                        return NULL;
        _cleanup_strv_free_ char **files = NULL;
        int r = exec_context_load_environment_files(s->meta.config->exec, NULL, &files);
        if (r < 0) {
                errno = -r;
                return NULL;
        }
        if (exec_context_apply_environment(s->meta.config->exec, files, &env) < 0)
                return NULL;
        return TAKE_PTR(env);
}

typedef enum SpawnFlags {
        SPAWN_MAIN = 1 << 0,      /* ExecStart=: fds from the store, the exec pipe */
        SPAWN_EXEC_PIPE = 1 << 1, /* Type=exec */
} SpawnFlags;

static int exec_fd_cb(EventSource *es, int fd, uint32_t revents, void *userdata) {
        Service *s = userdata;
        char b;
        ssize_t n = read(fd, &b, 1);
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
                return 0;
        s->exec_fd_source = event_source_free(s->exec_fd_source);
        (void) es, (void) revents;
        if (n == 0 && s->state == SERVICE_START) /* closed by a successful execve() */
                service_enter_start_post(s);
        /* a byte: execve() failed; the exit (203/EXEC) tells the rest */
        return 0;
}

/* The fds a main process gets, in systemd's order: those of the sockets that trigger the
 * service (or the connection of an Accept=yes instance), then the fd store. */
static int collect_fds(Service *s, int **ret_fds, char ***ret_names, int *ret_conn_fd) {
        _cleanup_free_ int *fds = NULL;
        _cleanup_strv_free_ char **names = NULL;
        size_t n = 0;
        int r = socket_fds_for_service(&s->meta, &fds, &names, &n, ret_conn_fd);
        if (r < 0)
                return r;
        for (size_t i = 0; i < s->n_fd_store; i++) {
                int *a = realloc(fds, (n + 1) * sizeof(int));
                if (!a)
                        return -ENOMEM;
                fds = a;
                if (strv_extend(&names, s->fd_store[i].name) < 0)
                        return -ENOMEM;
                fds[n++] = s->fd_store[i].fd;
        }
        *ret_fds = TAKE_PTR(fds);
        *ret_names = TAKE_PTR(names);
        return (int) n;
}

static int spawn(Service *s, ExecCommand *c, ServiceExecCommand which, SpawnFlags flags, pid_t *ret_pid) {
        ServiceConfig *cfg = service_cfg(s);
        bool main = flags & SPAWN_MAIN;
        _cleanup_free_ int *fds = NULL;
        _cleanup_strv_free_ char **fdnames = NULL;
        int conn_fd = -EBADF;
        int n_fds = main ? collect_fds(s, &fds, &fdnames, &conn_fd) : 0;
        if (n_fds < 0)
                return log_warning_errno(n_fds, "%s: failed to collect the fds to pass: %m", s->meta.id);
        errno = ENOMEM;
        _cleanup_strv_free_ char **env = service_environment(s, which, fdnames);
        if (!env)
                return log_warning_errno(-errno, "%s: failed to build the environment: %m", s->meta.id);
        _cleanup_free_ char *cgroup_dir = NULL;
        int r = unit_realize_cgroup(&s->meta, &cgroup_dir);
        if (r < 0)
                return r;
        /* StandardInput=socket; output and error "inherit" from it as in systemd */
        const ExecContext *ec = s->meta.config->exec;
        bool in_sock = conn_fd >= 0 && ec->std_input == EXEC_INPUT_SOCKET;
        bool out_sock = conn_fd >= 0 && (ec->std_output == EXEC_OUTPUT_SOCKET || (in_sock && ec->std_output == EXEC_OUTPUT_INHERIT));
        bool err_sock = conn_fd >= 0 && (ec->std_error == EXEC_OUTPUT_SOCKET || (out_sock && ec->std_error == EXEC_OUTPUT_INHERIT));
        int pipefd[2] = { -EBADF, -EBADF };
        if ((flags & SPAWN_EXEC_PIPE) && pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) < 0)
                return -errno;
        bool privileged = (c->flags & (EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_NO_SETUID)) ||
                          (cfg->permissions_start_only && !main);
        ExecParameters p = {
                .environment = env,
                .unit_id = s->meta.id,
                .stdin_fd = in_sock ? conn_fd : -1, .stdout_fd = out_sock ? conn_fd : -1, .stderr_fd = err_sock ? conn_fd : -1,
                .apply_privileges = !privileged,
                .cgroup_path = cgroup_dir,
                .fds = fds, .n_fds = fds ? (size_t) n_fds : 0,
                .exec_fd = pipefd[1],
                .watchdog_pid = main && service_watchdog_usec(s) != USEC_INFINITY,
                .fd_names = fdnames,
                .inherit_manager_stdio = s->meta.manager->options.test,
                .cgroup_delegate = s->meta.config->cgroup && s->meta.config->cgroup->delegate,
        };
        r = exec_spawn(c, s->meta.config->exec, &p, ret_pid);
        safe_close(pipefd[1]);
        if (r < 0) {
                safe_close(pipefd[0]);
                return log_warning_errno(r, "%s: failed to spawn %s: %m", s->meta.id, c->path);
        }
        if (pipefd[0] >= 0) {
                s->exec_fd_source = event_source_free(s->exec_fd_source);
                if (event_add_io(s->meta.manager->event, &s->exec_fd_source, pipefd[0], EPOLLIN, exec_fd_cb, s) < 0)
                        safe_close(pipefd[0]);
                else
                        event_source_set_io_fd_own(s->exec_fd_source, true);
        }
        log_debug("%s: spawned %s as %d", s->meta.id, c->path, (int) *ret_pid);
        return main ? 0 : manager_watch_pid(s->meta.manager, *ret_pid, &s->meta);
}

/* Runs a command of a control list (everything but ExecStart=). */
int service_run_control(Service *s, ExecCommand *c, ServiceExecCommand list_id) {
        s->control_command = c;
        s->control_command_id = list_id;
        s->control_exec_status = (ExecStatus){ .start = dual_timestamp_now() };
        pid_t pid;
        int r = spawn(s, c, list_id, 0, &pid);
        if (r < 0)
                return r;
        s->control_pid = pid;
        s->control_exec_status.pid = pid;
        return 0;
}

int service_spawn_main(Service *s, ExecCommand *c) {
        ServiceConfig *cfg = service_cfg(s);
        pid_t pid;
        int r = spawn(s, c, SERVICE_EXEC_START, SPAWN_MAIN | (cfg->type == SERVICE_EXEC ? SPAWN_EXEC_PIPE : 0), &pid);
        if (r < 0)
                return r;
        s->main_command = c;
        s->main_exec_status = (ExecStatus){ .pid = pid, .start = dual_timestamp_now() };
        if ((r = service_set_main_pid(s, pid)) < 0)
                return r;
        return 0;
}

/* Are all the service's processes gone, as far as the stop path needs to wait for them? */
bool service_processes_gone(Service *s) {
        if (s->main_pid > 0 || s->control_pid > 0)
                return false;
        KillMode mode = s->meta.config->kill->kill_mode;
        if (mode == KILL_PROCESS || mode == KILL_NONE)
                return true;
        return !unit_cgroup_is_populated(&s->meta);
}

void service_enter_stop_post(Service *s, ServiceResult f) {
        service_record_result(s, f);
        ExecCommand *c = service_cfg(s)->exec_command[SERVICE_EXEC_STOP_POST];
        if (c) {
                if (service_run_control(s, c, SERVICE_EXEC_STOP_POST) < 0) {
                        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                service_set_state(s, SERVICE_STOP_POST);
                return;
        }
        service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_SUCCESS);
}

/* Without cgroups a "group" is the process group each service process starts (setsid). */
bool service_kill_pid(pid_t pid, int sig, bool group) {
        if (pid <= 0)
                return false;
        bool ok = (group && kill(-pid, sig) >= 0) || kill(pid, sig) >= 0;
        if (ok && sig != SIGKILL && sig != SIGCONT)
                (void) kill(group ? -pid : pid, SIGCONT);
        return ok;
}

/* Signals what is left of the service as KillMode= says. Returns whether anything was
 * signalled (and so whether there is anything to wait for). */
static bool kill_processes(Service *s, int sig, bool whole_group) {
        const KillContext *k = s->meta.config->kill;
        bool cgroups = manager_has_cgroups(s->meta.manager) && s->meta.cgroup_path;
        bool any = false;
        if (k->kill_mode == KILL_NONE)
                return false;
        bool group = k->kill_mode == KILL_CONTROL_GROUP || (k->kill_mode == KILL_MIXED && whole_group);
        any |= service_kill_pid(s->main_pid, sig, group && !cgroups);
        any |= service_kill_pid(s->control_pid, sig, group && !cgroups);
        if (group && cgroups && unit_cgroup_kill(&s->meta, sig) > 0)
                any = true;
        if (k->send_sighup && sig != SIGKILL && !whole_group) {
                (void) service_kill_pid(s->main_pid, SIGHUP, group && !cgroups);
                (void) service_kill_pid(s->control_pid, SIGHUP, group && !cgroups);
                if (group && cgroups)
                        (void) unit_cgroup_kill(&s->meta, SIGHUP);
        }
        return any;
}

/* The SIGTERM, SIGKILL and watchdog stages of stop and final. */
void service_enter_signal(Service *s, ServiceState state, ServiceResult f) {
        service_record_result(s, f);
        const KillContext *k = s->meta.config->kill;
        bool kill_stage = state == SERVICE_STOP_SIGKILL || state == SERVICE_FINAL_SIGKILL;
        int sig = kill_stage                                                                 ? k->final_kill_signal
                  : (state == SERVICE_STOP_WATCHDOG || state == SERVICE_FINAL_WATCHDOG) ? k->watchdog_signal
                  : (s->forbid_restart ? k->kill_signal : kill_context_restart_signal(k));
        if (kill_stage && !k->send_sigkill) {
                if (state == SERVICE_STOP_SIGKILL)
                        service_enter_stop_post(s, SERVICE_SUCCESS);
                else
                        service_enter_dead(s, SERVICE_SUCCESS, true);
                return;
        }
        /* KillMode=mixed: the main process gets SIGTERM alone, everyone the SIGKILL */
        (void) kill_processes(s, sig, kill_stage);
        if (!service_processes_gone(s)) {
                service_set_state(s, state);
                return;
        }
        if (service_state_is_sigterm(state))
                service_enter_stop_post(s, SERVICE_SUCCESS);
        else
                service_enter_dead(s, SERVICE_SUCCESS, true);
}

void service_enter_stop(Service *s, ServiceResult f) {
        service_record_result(s, f);
        ExecCommand *c = service_cfg(s)->exec_command[SERVICE_EXEC_STOP];
        if (c) {
                if (service_run_control(s, c, SERVICE_EXEC_STOP) < 0) {
                        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                service_set_state(s, SERVICE_STOP);
                return;
        }
        service_enter_signal(s, SERVICE_STOP_SIGTERM, SERVICE_SUCCESS);
}

void service_enter_dead(Service *s, ServiceResult f, bool allow_restart) {
        ServiceConfig *c = service_cfg(s);
        service_record_result(s, f);
        if (s->result != SERVICE_SUCCESS && s->result != SERVICE_SKIP_CONDITION)
                log_warning("%s: Failed with result '%s'.", s->meta.id, service_result_to_string(s->result));
        bool restart = allow_restart && !s->forbid_restart &&
                       service_should_restart(c, s->result, s->main_exec_status.code, s->main_exec_status.status);
        s->forbid_restart = false;
        if (restart) {
                service_set_state(s, SERVICE_AUTO_RESTART);
                return;
        }
        bool failed = s->result != SERVICE_SUCCESS && s->result != SERVICE_SKIP_CONDITION;
        service_set_state(s, failed ? SERVICE_FAILED : SERVICE_DEAD);
}

void service_enter_running(Service *s, ServiceResult f) {
        ServiceConfig *c = service_cfg(s);
        service_record_result(s, f);
        if (s->result != SERVICE_SUCCESS) {
                service_enter_signal(s, SERVICE_STOP_SIGTERM, f);
                return;
        }
        /* without a known main pid, a daemon is alive while its cgroup has processes */
        bool alive = s->main_pid > 0 || ((c->type == SERVICE_FORKING || c->exit_type == SERVICE_EXIT_CGROUP) &&
                                         unit_cgroup_is_populated(&s->meta));
        if (alive) {
                service_set_state(s, SERVICE_RUNNING);
                if (service_watchdog_usec(s) != USEC_INFINITY && !s->watchdog_timer)
                        service_reset_watchdog(s);
        } else if (c->remain_after_exit)
                service_set_state(s, SERVICE_EXITED);
        else
                service_enter_stop(s, SERVICE_SUCCESS);
}

void service_enter_start_post(Service *s) {
        ExecCommand *c = service_cfg(s)->exec_command[SERVICE_EXEC_START_POST];
        if (c) {
                if (service_run_control(s, c, SERVICE_EXEC_START_POST) < 0) {
                        service_enter_stop(s, SERVICE_FAILURE_RESOURCES);
                        return;
                }
                service_set_state(s, SERVICE_START_POST);
                return;
        }
        service_enter_running(s, SERVICE_SUCCESS);
}

static void launch_main(Service *s) {
        ServiceConfig *c = service_cfg(s);
        ExecCommand *cmd = c->exec_command[SERVICE_EXEC_START];
        if (service_spawn_main(s, cmd) < 0) {
                service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_FAILURE_RESOURCES);
                return;
        }
        if (s->state != SERVICE_START)
                service_set_state(s, SERVICE_START);
        if (service_watchdog_usec(s) != USEC_INFINITY)
                service_reset_watchdog(s);
        switch (c->type) {
        case SERVICE_DBUS:
                if (!s->dbus_warned)
                        log_info("%s: Type=dbus without a bus: treated as Type=simple until busmaster tracks BusName=.",
                                 s->meta.id);
                s->dbus_warned = true;
                __attribute__((fallthrough));
        case SERVICE_SIMPLE:
        case SERVICE_IDLE:
                service_enter_start_post(s);
                break;
        default:
                break; /* exec: the pipe; notify: READY=1; forking, oneshot: the exit */
        }
}

static int idle_timer_cb(EventSource *es, usec_t now, void *userdata) {
        Service *s = userdata;
        (void) es, (void) now;
        s->idle_timer = event_source_free(s->idle_timer);
        if (s->state != SERVICE_START || !s->idle_waiting)
                return 0;
        stop_idle_wait(s);
        launch_main(s);
        return 0;
}

/* Any job that is not the start job of an idle waiter? */
static bool jobs_busy(Manager *m) {
        Job *j;
        HASHMAP_FOREACH(j, m->jobs)
                if (!unit_set_contains(&m->idle_waiters, j->unit))
                        return true;
        return false;
}

void service_dispatch_idle(Manager *m) {
        if (jobs_busy(m))
                return;
        /* not from inside job_finish(): the waiters start at the next loop iteration */
        Unit *u;
        UNIT_SET_FOREACH(u, &m->idle_waiters) {
                Service *s = (Service *) u;
                if (s->idle_timer) {
                        event_source_set_time(s->idle_timer, now_usec(CLOCK_MONOTONIC));
                        event_source_set_enabled(s->idle_timer, EVENT_ONESHOT);
                }
        }
}

void service_enter_start(Service *s) {
        ServiceConfig *c = service_cfg(s);
        Manager *m = s->meta.manager;
        if (!c->exec_command[SERVICE_EXEC_START]) {
                /* only a oneshot (or a service with SuccessAction=) may lack ExecStart= */
                service_set_state(s, SERVICE_START);
                service_enter_start_post(s);
                return;
        }
        if (c->type == SERVICE_IDLE && unit_set_add(&m->idle_waiters, &s->meta) >= 0) {
                s->idle_waiting = true;
                if (event_add_time(m->event, &s->idle_timer, CLOCK_MONOTONIC, now_usec(CLOCK_MONOTONIC) + IDLE_TIMEOUT_USEC,
                                   idle_timer_cb, s) < 0) {
                        stop_idle_wait(s);
                        launch_main(s);
                        return;
                }
                service_set_state(s, SERVICE_START);
                service_dispatch_idle(m);
                return;
        }
        launch_main(s);
}

/* Runs the first command of a pre-start phase and enters its state; false when the unit has
 * none, so the caller goes on to the next phase. */
static bool enter_pre_start_phase(Service *s, ServiceExecCommand id, ServiceState st) {
        ExecCommand *c = service_cfg(s)->exec_command[id];
        if (!c)
                return false;
        if (service_run_control(s, c, id) < 0)
                service_enter_signal(s, SERVICE_FINAL_SIGTERM, SERVICE_FAILURE_RESOURCES);
        else
                service_set_state(s, st);
        return true;
}

void service_enter_start_pre(Service *s) {
        if (!enter_pre_start_phase(s, SERVICE_EXEC_START_PRE, SERVICE_START_PRE))
                service_enter_start(s);
}

static void service_enter_condition(Service *s) {
        if (!enter_pre_start_phase(s, SERVICE_EXEC_CONDITION, SERVICE_CONDITION))
                service_enter_start_pre(s);
}

static int service_start(Unit *u) {
        Service *s = (Service *) u;
        switch (s->state) {
        case SERVICE_STOP:
        case SERVICE_STOP_WATCHDOG:
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
        case SERVICE_STOP_POST:
        case SERVICE_FINAL_WATCHDOG:
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
        s->control_exec_status = (ExecStatus){};
        s->forbid_restart = false;
        s->notify_ready = false;
        s->start_limit_hit = false;
        s->watchdog_override_usec = USEC_INFINITY;
        s->status_text = mfree(s->status_text);
        s->status_errno = 0;
        unit_begin_invocation(u);
        service_enter_condition(s);
        return 0;
}

static int service_stop(Unit *u) {
        Service *s = (Service *) u;
        s->forbid_restart = true;
        switch (s->state) {
        case SERVICE_STOP:
        case SERVICE_STOP_WATCHDOG:
        case SERVICE_STOP_SIGTERM:
        case SERVICE_STOP_SIGKILL:
        case SERVICE_STOP_POST:
        case SERVICE_FINAL_WATCHDOG:
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
        ExecCommand *c = service_cfg(s)->exec_command[SERVICE_EXEC_RELOAD];
        s->reload_result = SERVICE_SUCCESS;
        if (!c) {
                service_set_state(s, SERVICE_RELOAD);
                service_enter_running(s, SERVICE_SUCCESS);
                return 0;
        }
        if (service_run_control(s, c, SERVICE_EXEC_RELOAD) < 0) {
                s->reload_result = SERVICE_FAILURE_RESOURCES;
                return -EIO;
        }
        service_set_state(s, SERVICE_RELOAD);
        return 0;
}

static bool service_can_reload(Unit *u) {
        return ((Service *) u)->meta.config->service->exec_command[SERVICE_EXEC_RELOAD] != NULL;
}

static void service_start_limit_hit(Unit *u) {
        Service *s = (Service *) u;
        s->start_limit_hit = true;
        s->result = SERVICE_FAILURE_START_LIMIT_HIT;
        s->forbid_restart = true;
        service_enter_dead(s, SERVICE_FAILURE_START_LIMIT_HIT, false);
}

static int service_load(Unit *u) {
        Service *s = (Service *) u;
        service_config_finalize(u->config->service);
        s->control_command_id = -1;
        s->watchdog_override_usec = USEC_INFINITY;
        int r = unit_config_verify_service(u->config, u->id);
        if (r < 0)
                return r;
        /* Sockets=: the service wants them, starts after them and takes their fds */
        STRV_FOREACH(sock, u->config->service->sockets)
                if ((r = unit_add_dependency_by_name(u, REL_WANTS, *sock, true)) < 0 ||
                    (r = unit_add_dependency_by_name(u, REL_AFTER, *sock, true)) < 0 ||
                    (r = unit_add_dependency_by_name(u, REL_TRIGGERED_BY, *sock, true)) < 0)
                        return r;
        /* its slice is an implicit dependency, not a default one: DefaultDependencies=no
         * (modprobe@.service, journald) does not drop it, as in systemd */
        if (!u->config->unit->default_dependencies)
                return unit_add_slice_dependencies(u);
        /* systemd.service(5), "Default Dependencies" */
        if ((r = unit_add_sysinit_dependencies(u)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_AFTER, "basic.target", true)) < 0 ||
            (r = unit_add_shutdown_dependencies(u)) < 0)
                return r;
        return unit_add_slice_dependencies(u);
}

static void service_done(Unit *u) {
        Service *s = (Service *) u;
        s->timer = event_source_free(s->timer);
        s->exec_fd_source = event_source_free(s->exec_fd_source);
        stop_idle_wait(s);
        service_stop_watchdog(s);
        service_forget_main_pid(s);
        if (s->control_pid > 0)
                manager_unwatch_pid(u->manager, s->control_pid);
        service_release_fd_store(s);
        free(s->status_text);
}

static UnitActiveState service_active_state(Unit *u) {
        return state_translation[((Service *) u)->state];
}

static const char *service_sub_state(Unit *u) {
        return state_names[((Service *) u)->state];
}

static const char *service_result(Unit *u) {
        return service_result_to_string(((Service *) u)->result);
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
        bool cgroups = manager_has_cgroups(u->manager) && u->cgroup_path;
        if (who == KILL_MAIN || who == KILL_ALL)
                any |= service_kill_pid(s->main_pid, sig, false);
        if (who == KILL_CONTROL || who == KILL_ALL)
                any |= service_kill_pid(s->control_pid, sig, false);
        if (who == KILL_ALL) {
                if (cgroups)
                        any |= unit_cgroup_kill(u, sig) > 0;
                else {
                        any |= service_kill_pid(s->main_pid, sig, true);
                        any |= service_kill_pid(s->control_pid, sig, true);
                }
        }
        return any ? 0 : -ESRCH;
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
        .notify_message = service_notify_message,
        .cgroup_empty = service_cgroup_empty,
        .start_limit_hit = service_start_limit_hit,
        .serialize = service_serialize,
        .deserialize_item = service_deserialize_item,
        .coldplug = service_coldplug,
};
