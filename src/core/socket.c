/* socket.c — the socket unit state machine (systemd.socket(5)).
 *
 * A start walks dead → start-pre (ExecStartPre=) → start-chown (the fds are opened here, and
 * SocketUser=/SocketGroup= applied to the file-system sockets by a forked child, which may
 * look users up) → start-post (ExecStartPost=) → listening. Traffic on a listening fd moves an
 * Accept=no socket to running and starts its service with the fds; an Accept=yes socket stays
 * listening and starts one service instance per connection (socket-accept.c). When the
 * service goes down (dead, failed, auto-restart) the socket is back to listening: the fds stay
 * open the whole time, so a client connecting while the service restarts waits in the
 * backlog instead of being refused. A stop walks stop-pre (ExecStopPre=) → stop-pre-sigterm →
 * stop-pre-sigkill (what is left of the control processes) → stop-post (fds closed,
 * RemoveOnStop=, ExecStopPost=) → final-sigterm → final-sigkill → dead or failed. Failures on
 * the way up jump into the stop path with a result. socket_set_state() is the only writer of
 * the state: it also decides, from the state alone, whether the fds are open and watched. */
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "env-util.h"
#include "exec-spawn.h"
#include "log.h"
#include "manager-env.h"
#include "manager.h"
#include "selfheal.h"
#include "service-env.h"
#include "socket-listen.h"
#include "socket.h"
#include "string-util.h"
#include "strv.h"
#include "unit-types.h"

static const char *const state_names[_SOCKET_STATE_MAX] = {
        [SOCKET_DEAD] = "dead",
        [SOCKET_START_PRE] = "start-pre",
        [SOCKET_START_CHOWN] = "start-chown",
        [SOCKET_START_POST] = "start-post",
        [SOCKET_LISTENING] = "listening",
        [SOCKET_RUNNING] = "running",
        [SOCKET_STOP_PRE] = "stop-pre",
        [SOCKET_STOP_PRE_SIGTERM] = "stop-pre-sigterm",
        [SOCKET_STOP_PRE_SIGKILL] = "stop-pre-sigkill",
        [SOCKET_STOP_POST] = "stop-post",
        [SOCKET_FINAL_SIGTERM] = "final-sigterm",
        [SOCKET_FINAL_SIGKILL] = "final-sigkill",
        [SOCKET_FAILED] = "failed",
};

static const UnitActiveState state_translation[_SOCKET_STATE_MAX] = {
        [SOCKET_DEAD] = UNIT_INACTIVE,
        [SOCKET_START_PRE] = UNIT_ACTIVATING,
        [SOCKET_START_CHOWN] = UNIT_ACTIVATING,
        [SOCKET_START_POST] = UNIT_ACTIVATING,
        [SOCKET_LISTENING] = UNIT_ACTIVE,
        [SOCKET_RUNNING] = UNIT_ACTIVE,
        [SOCKET_STOP_PRE] = UNIT_DEACTIVATING,
        [SOCKET_STOP_PRE_SIGTERM] = UNIT_DEACTIVATING,
        [SOCKET_STOP_PRE_SIGKILL] = UNIT_DEACTIVATING,
        [SOCKET_STOP_POST] = UNIT_DEACTIVATING,
        [SOCKET_FINAL_SIGTERM] = UNIT_DEACTIVATING,
        [SOCKET_FINAL_SIGKILL] = UNIT_DEACTIVATING,
        [SOCKET_FAILED] = UNIT_FAILED,
};

static const char *const result_names[_SOCKET_RESULT_MAX] = {
        [SOCKET_SUCCESS] = "success",
        [SOCKET_FAILURE_RESOURCES] = "resources",
        [SOCKET_FAILURE_TIMEOUT] = "timeout",
        [SOCKET_FAILURE_EXIT_CODE] = "exit-code",
        [SOCKET_FAILURE_SIGNAL] = "signal",
        [SOCKET_FAILURE_CORE_DUMP] = "core-dump",
        [SOCKET_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
        [SOCKET_FAILURE_TRIGGER_LIMIT_HIT] = "trigger-limit-hit",
        [SOCKET_FAILURE_SERVICE_START_LIMIT_HIT] = "service-start-limit-hit",
};

const char *socket_state_to_string(SocketState s) {
        return s < _SOCKET_STATE_MAX ? state_names[s] : NULL;
}

const char *socket_result_to_string(SocketResult r) {
        return r < _SOCKET_RESULT_MAX ? result_names[r] : NULL;
}

static SocketConfig *cfg(Socket *s) {
        return s->meta.config->socket;
}

/* The states in which the fds are open: from opening them (start-chown) until the stop
 * path reaches stop-post. */
static bool state_has_fds(SocketState st) {
        return st == SOCKET_START_CHOWN || st == SOCKET_START_POST || st == SOCKET_LISTENING || st == SOCKET_RUNNING ||
               st == SOCKET_STOP_PRE || st == SOCKET_STOP_PRE_SIGTERM || st == SOCKET_STOP_PRE_SIGKILL;
}

static bool state_has_control(SocketState st) {
        return st == SOCKET_START_PRE || st == SOCKET_START_CHOWN || st == SOCKET_START_POST || st == SOCKET_STOP_PRE ||
               st == SOCKET_STOP_PRE_SIGTERM || st == SOCKET_STOP_PRE_SIGKILL || st == SOCKET_STOP_POST ||
               st == SOCKET_FINAL_SIGTERM || st == SOCKET_FINAL_SIGKILL;
}

static void record_result(Socket *s, SocketResult f) {
        if (s->result == SOCKET_SUCCESS)
                s->result = f;
}

static int timer_cb(EventSource *es, usec_t now, void *userdata);

static void arm_timer(Socket *s, bool on) {
        s->timer = event_source_free(s->timer);
        usec_t t = cfg(s)->timeout_usec;
        if (!on || t == 0 || t == USEC_INFINITY)
                return;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        if (event_add_time(s->meta.manager->event, &s->timer, CLOCK_MONOTONIC, t > USEC_INFINITY - now ? USEC_INFINITY - 1 : now + t,
                           timer_cb, s) >= 0)
                event_source_set_description(s->timer, "socket-timer");
}

void socket_set_state(Socket *s, SocketState st) {
        SocketState old = s->state;
        s->state = st;
        if (old != st)
                arm_timer(s, state_has_control(st));
        if (!state_has_control(st)) {
                if (s->control_pid > 0)
                        manager_unwatch_pid(s->meta.manager, s->control_pid);
                s->control_pid = 0;
                s->control_command_id = -1;
        }
        if (!state_has_fds(st))
                socket_close_fds(s);
        socket_watch_fds(s, st == SOCKET_LISTENING);
        if (st == SOCKET_DEAD || st == SOCKET_FAILED)
                unit_prune_cgroup(&s->meta);
        if (old != st && (st == SOCKET_DEAD || st == SOCKET_FAILED))
                exec_context_release_resources(s->meta.config->exec, s->meta.id, false);
        if (old != st)
                log_debug("%s: changed %s -> %s", s->meta.id, state_names[old], state_names[st]);
        unit_notify(&s->meta, state_translation[old], state_translation[st], true);
}

/* ---- control processes ---- */

static char **control_environment(Socket *s) {
        _cleanup_strv_free_ char **env = manager_environment(s->meta.manager); /* manager-env.c */
        if (!env)
                return NULL;
        if (s->meta.invocation_id[0] && strv_env_replace(&env, strjoin("INVOCATION_ID=", s->meta.invocation_id)) < 0)
                return NULL;
        _cleanup_strv_free_ char **files = NULL;
        if (exec_context_load_environment_files(s->meta.config->exec, NULL, &files) < 0 ||
            exec_context_apply_environment(s->meta.config->exec, files, &env) < 0)
                return NULL;
        return TAKE_PTR(env);
}

/* The command at position index of a list, or NULL when a daemon-reload shortened it. */
static ExecCommand *command_at(Socket *s, int id, int index) {
        if (id < 0 || id >= _SOCKET_EXEC_COMMAND_MAX || index < 0)
                return NULL;
        ExecCommand *c = cfg(s)->exec_command[id];
        for (int i = 0; c && i < index; i++)
                c = c->next;
        return c;
}

static int run_control(Socket *s, SocketExecCommand id, int index) {
        ExecCommand *c = command_at(s, id, index);
        if (!c)
                return -ENOENT;
        _cleanup_strv_free_ char **env = control_environment(s);
        if (!env)
                return log_warning_errno(ENOMEM, "%s: failed to build the environment: %m", s->meta.id);
        _cleanup_free_ char *cgroup_dir = NULL;
        int r = unit_realize_cgroup(&s->meta, &cgroup_dir);
        if (r < 0)
                return r;
        ExecParameters p = {
                .environment = env,
                .unit_id = s->meta.id,
                .stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1,
                .apply_privileges = !(c->flags & (EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_NO_SETUID)),
                .cgroup_path = cgroup_dir,
                .exec_fd = -EBADF,
                .inherit_manager_stdio = s->meta.manager->options.test,
                .cgroup_delegate = s->meta.config->cgroup && s->meta.config->cgroup->delegate,
        };
        pid_t pid;
        s->control_command_id = (int) id;
        s->control_command_index = index;
        s->control_exec_status = (ExecStatus){ .start = dual_timestamp_now() };
        s->exec_last[id] = index;
        s->exec_status[id] = s->control_exec_status;
        if ((r = exec_spawn(c, s->meta.config->exec, &p, &pid)) < 0)
                return log_warning_errno(r, "%s: failed to spawn %s: %m", s->meta.id, c->path);
        s->control_pid = pid;
        s->control_exec_status.pid = pid;
        s->exec_status[id].pid = pid;
        log_debug("%s: spawned %s as %d", s->meta.id, c->path, (int) pid);
        return manager_watch_pid(s->meta.manager, pid, &s->meta);
}

/* The ownership of the file-system sockets and FIFOs: users are resolved in a child, never
 * in the manager's loop (NSS may block). Exit codes are systemd's EXIT_USER/GROUP/CHOWN. */
_noreturn_ static void chown_child(Socket *s) {
        SocketConfig *c = cfg(s);
        uid_t uid = (uid_t) -1;
        gid_t gid = (gid_t) -1;
        if (c->socket_user) {
                struct passwd *pw = getpwnam(c->socket_user);
                char *end;
                unsigned long n = strtoul(c->socket_user, &end, 10);
                if (pw) {
                        uid = pw->pw_uid;
                        gid = pw->pw_gid;
                } else if (!*end && end != c->socket_user)
                        uid = (uid_t) n;
                else
                        _exit(EXIT_USER);
        }
        if (c->socket_group) {
                struct group *gr = getgrnam(c->socket_group);
                char *end;
                unsigned long n = strtoul(c->socket_group, &end, 10);
                if (gr)
                        gid = gr->gr_gid;
                else if (!*end && end != c->socket_group)
                        gid = (gid_t) n;
                else
                        _exit(EXIT_GROUP);
        }
        for (size_t i = 0; i < c->n_ports; i++) {
                const char *path = socket_port_path(&c->ports[i]);
                if (path && c->ports[i].type != SOCKET_PORT_SPECIAL && lchown(path, uid, gid) < 0)
                        _exit(EXIT_CHOWN);
        }
        _exit(0);
}

static int spawn_chown(Socket *s) {
        pid_t pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0)
                chown_child(s);
        s->control_pid = pid;
        s->control_command_id = -1;
        s->control_exec_status = (ExecStatus){ .pid = pid, .start = dual_timestamp_now() };
        return manager_watch_pid(s->meta.manager, pid, &s->meta);
}

static bool kill_control(Socket *s, int sig) {
        bool any = false;
        if (s->control_pid > 0) {
                /* every control process leads its own session (exec-spawn's setsid) */
                any = kill(-s->control_pid, sig) >= 0 || kill(s->control_pid, sig) >= 0;
                if (any && sig != SIGKILL)
                        (void) kill(-s->control_pid, SIGCONT);
        }
        if (manager_has_cgroups(s->meta.manager) && s->meta.cgroup_path && s->meta.config->kill->kill_mode != KILL_NONE &&
            unit_cgroup_kill(&s->meta, sig) > 0)
                any = true;
        return any;
}

/* ---- the transitions ---- */

static void enter_dead(Socket *s, SocketResult f) {
        record_result(s, f);
        if (s->result != SOCKET_SUCCESS)
                log_warning("%s: Failed with result '%s'.", s->meta.id, result_names[s->result]);
        socket_set_state(s, s->result == SOCKET_SUCCESS ? SOCKET_DEAD : SOCKET_FAILED);
}

static void enter_stop_post(Socket *s, SocketResult f);

static bool processes_gone(Socket *s) {
        if (s->control_pid > 0)
                return false;
        return !unit_cgroup_is_populated(&s->meta);
}

static void enter_signal(Socket *s, SocketState st, SocketResult f) {
        record_result(s, f);
        const KillContext *k = s->meta.config->kill;
        bool kill_stage = st == SOCKET_STOP_PRE_SIGKILL || st == SOCKET_FINAL_SIGKILL;
        if (!(kill_stage && !k->send_sigkill))
                (void) kill_control(s, kill_stage ? k->final_kill_signal : k->kill_signal);
        if (!processes_gone(s) && !(kill_stage && !k->send_sigkill)) {
                socket_set_state(s, st);
                return;
        }
        if (st == SOCKET_STOP_PRE_SIGTERM || st == SOCKET_STOP_PRE_SIGKILL)
                enter_stop_post(s, SOCKET_SUCCESS);
        else
                enter_dead(s, SOCKET_SUCCESS);
}

static void enter_stop_post(Socket *s, SocketResult f) {
        record_result(s, f);
        ExecCommand *c = cfg(s)->exec_command[SOCKET_EXEC_STOP_POST];
        if (c) {
                /* the fds close when stop-post is entered, before ExecStopPost= runs */
                socket_close_fds(s);
                if (run_control(s, SOCKET_EXEC_STOP_POST, 0) < 0) {
                        enter_signal(s, SOCKET_FINAL_SIGTERM, SOCKET_FAILURE_RESOURCES);
                        return;
                }
                socket_set_state(s, SOCKET_STOP_POST);
                return;
        }
        enter_signal(s, SOCKET_FINAL_SIGTERM, SOCKET_SUCCESS);
}

void socket_enter_stop_pre(Socket *s, SocketResult f) {
        record_result(s, f);
        ExecCommand *c = cfg(s)->exec_command[SOCKET_EXEC_STOP_PRE];
        if (c) {
                if (run_control(s, SOCKET_EXEC_STOP_PRE, 0) < 0) {
                        enter_stop_post(s, SOCKET_FAILURE_RESOURCES);
                        return;
                }
                socket_set_state(s, SOCKET_STOP_PRE);
                return;
        }
        enter_stop_post(s, SOCKET_SUCCESS);
}

static void enter_listening(Socket *s) {
        socket_set_state(s, SOCKET_LISTENING);
}

static void enter_start_post(Socket *s) {
        ExecCommand *c = cfg(s)->exec_command[SOCKET_EXEC_START_POST];
        if (c) {
                if (run_control(s, SOCKET_EXEC_START_POST, 0) < 0) {
                        socket_enter_stop_pre(s, SOCKET_FAILURE_RESOURCES);
                        return;
                }
                socket_set_state(s, SOCKET_START_POST);
                return;
        }
        enter_listening(s);
}

static void enter_start_chown(Socket *s) {
        SocketConfig *c = cfg(s);
        int r = socket_open_fds(s);
        if (r < 0) {
                log_warning("%s: Failed to listen on sockets: %s", s->meta.id, strerror(-r));
                /* set_state closes what was opened: start-chown holds fds, dead does not */
                socket_set_state(s, SOCKET_START_CHOWN);
                enter_stop_post(s, SOCKET_FAILURE_RESOURCES);
                return;
        }
        if (c->socket_user || c->socket_group) {
                if ((r = spawn_chown(s)) < 0) {
                        log_warning("%s: Failed to fork the chown process: %s", s->meta.id, strerror(-r));
                        socket_set_state(s, SOCKET_START_CHOWN);
                        socket_enter_stop_pre(s, SOCKET_FAILURE_RESOURCES);
                        return;
                }
                socket_set_state(s, SOCKET_START_CHOWN);
                return;
        }
        enter_start_post(s);
}

static void enter_start_pre(Socket *s) {
        ExecCommand *c = cfg(s)->exec_command[SOCKET_EXEC_START_PRE];
        if (c) {
                if (run_control(s, SOCKET_EXEC_START_PRE, 0) < 0) {
                        enter_dead(s, SOCKET_FAILURE_RESOURCES);
                        return;
                }
                socket_set_state(s, SOCKET_START_PRE);
                return;
        }
        enter_start_chown(s);
}

/* ---- events ---- */

static SocketResult exit_result(int code, int status, ExecCommand *c) {
        if (c && (c->flags & EXEC_COMMAND_IGNORE_FAILURE))
                return SOCKET_SUCCESS;
        if (code == CLD_EXITED)
                return status == 0 ? SOCKET_SUCCESS : SOCKET_FAILURE_EXIT_CODE;
        if (code == CLD_DUMPED)
                return SOCKET_FAILURE_CORE_DUMP;
        return SOCKET_FAILURE_SIGNAL;
}

static void socket_child_exited(Unit *u, pid_t pid, int code, int status) {
        Socket *s = (Socket *) u;
        if (pid != s->control_pid)
                return;
        manager_unwatch_pid(u->manager, pid);
        s->control_pid = 0;
        s->control_exec_status.code = code;
        s->control_exec_status.status = status;
        s->control_exec_status.exit = dual_timestamp_now();
        ExecCommand *c = command_at(s, s->control_command_id, s->control_command_index);
        if (s->control_command_id >= 0 && s->control_command_id < _SOCKET_EXEC_COMMAND_MAX)
                s->exec_status[s->control_command_id] = s->control_exec_status;
        SocketResult f = exit_result(code, status, c);
        if (f != SOCKET_SUCCESS)
                log_info("%s: Control process exited, code=%s, status=%d", u->id,
                         code == CLD_EXITED ? "exited" : code == CLD_DUMPED ? "dumped" : "killed", status);
        if (f == SOCKET_SUCCESS && c && c->next) {
                if (run_control(s, (SocketExecCommand) s->control_command_id, s->control_command_index + 1) < 0)
                        enter_signal(s, SOCKET_FINAL_SIGTERM, SOCKET_FAILURE_RESOURCES);
                return;
        }
        switch (s->state) {
        case SOCKET_START_PRE:
                if (f == SOCKET_SUCCESS)
                        enter_start_chown(s);
                else
                        enter_signal(s, SOCKET_FINAL_SIGTERM, f);
                return;
        case SOCKET_START_CHOWN:
                if (f == SOCKET_SUCCESS)
                        enter_start_post(s);
                else {
                        log_warning("%s: Failed to chown the socket files (exit status %d).", u->id, status);
                        socket_enter_stop_pre(s, f);
                }
                return;
        case SOCKET_START_POST:
                if (f == SOCKET_SUCCESS)
                        enter_listening(s);
                else
                        socket_enter_stop_pre(s, f);
                return;
        case SOCKET_STOP_PRE:
        case SOCKET_STOP_PRE_SIGTERM:
        case SOCKET_STOP_PRE_SIGKILL:
                enter_stop_post(s, f);
                return;
        case SOCKET_STOP_POST:
        case SOCKET_FINAL_SIGTERM:
        case SOCKET_FINAL_SIGKILL:
                enter_dead(s, f);
                return;
        default:
                return;
        }
}

static void socket_cgroup_empty(Unit *u) {
        Socket *s = (Socket *) u;
        if (s->control_pid > 0)
                return;
        if (s->state == SOCKET_STOP_PRE_SIGTERM || s->state == SOCKET_STOP_PRE_SIGKILL)
                enter_stop_post(s, SOCKET_SUCCESS);
        else if (s->state == SOCKET_FINAL_SIGTERM || s->state == SOCKET_FINAL_SIGKILL)
                enter_dead(s, SOCKET_SUCCESS);
}

static int timer_cb(EventSource *es, usec_t now, void *userdata) {
        Socket *s = userdata;
        (void) now;
        if (s->timer == es)
                s->timer = event_source_free(s->timer);
        log_warning("%s: %s operation timed out.", s->meta.id, state_names[s->state]);
        switch (s->state) {
        case SOCKET_START_PRE:
                enter_signal(s, SOCKET_FINAL_SIGTERM, SOCKET_FAILURE_TIMEOUT);
                break;
        case SOCKET_START_CHOWN:
        case SOCKET_START_POST:
                enter_signal(s, SOCKET_STOP_PRE_SIGTERM, SOCKET_FAILURE_TIMEOUT);
                break;
        case SOCKET_STOP_PRE:
                enter_signal(s, SOCKET_STOP_PRE_SIGTERM, SOCKET_FAILURE_TIMEOUT);
                break;
        case SOCKET_STOP_PRE_SIGTERM:
                enter_signal(s, SOCKET_STOP_PRE_SIGKILL, SOCKET_FAILURE_TIMEOUT);
                break;
        case SOCKET_STOP_PRE_SIGKILL:
                enter_stop_post(s, SOCKET_FAILURE_TIMEOUT);
                break;
        case SOCKET_STOP_POST:
                enter_signal(s, SOCKET_FINAL_SIGTERM, SOCKET_FAILURE_TIMEOUT);
                break;
        case SOCKET_FINAL_SIGTERM:
                enter_signal(s, SOCKET_FINAL_SIGKILL, SOCKET_FAILURE_TIMEOUT);
                break;
        case SOCKET_FINAL_SIGKILL:
                enter_dead(s, SOCKET_FAILURE_TIMEOUT);
                break;
        default:
                break;
        }
        return 0;
}

/* ---- the vtable ---- */

Unit *socket_service(Socket *s) {
        SocketConfig *c = cfg(s);
        _cleanup_free_ char *name = NULL;
        if (!c->service && unit_name_change_suffix(s->meta.id, ".service", &name) < 0)
                return NULL;
        return manager_get_unit(s->meta.manager, c->service ?: name);
}

static int socket_start(Unit *u) {
        Socket *s = (Socket *) u;
        SocketConfig *c = cfg(s);
        switch (s->state) {
        case SOCKET_STOP_PRE:
        case SOCKET_STOP_PRE_SIGTERM:
        case SOCKET_STOP_PRE_SIGKILL:
        case SOCKET_STOP_POST:
        case SOCKET_FINAL_SIGTERM:
        case SOCKET_FINAL_SIGKILL:
                return -EAGAIN;
        case SOCKET_START_PRE:
        case SOCKET_START_CHOWN:
        case SOCKET_START_POST:
                return 0;
        default:
                break;
        }
        if (!c->accept) {
                Unit *svc = socket_service(s);
                if (!svc || svc->load_state != UNIT_LOADED) {
                        log_error("%s: Socket service %s not loaded, refusing.", u->id, svc ? svc->id : strna(c->service));
                        return -ENOENT;
                }
        }
        s->result = SOCKET_SUCCESS;
        s->control_exec_status = (ExecStatus){};
        for (size_t i = 0; i < _SOCKET_EXEC_COMMAND_MAX; i++) {
                s->exec_status[i] = (ExecStatus){};
                s->exec_last[i] = -1;
        }
        s->trigger_limit_begin = 0;
        s->trigger_limit_count = 0;
        enter_start_pre(s);
        return 0;
}

static int socket_stop(Unit *u) {
        Socket *s = (Socket *) u;
        switch (s->state) {
        case SOCKET_STOP_PRE:
        case SOCKET_STOP_PRE_SIGTERM:
        case SOCKET_STOP_PRE_SIGKILL:
        case SOCKET_STOP_POST:
        case SOCKET_FINAL_SIGTERM:
        case SOCKET_FINAL_SIGKILL:
                return 0;
        case SOCKET_START_PRE:
        case SOCKET_START_CHOWN:
        case SOCKET_START_POST:
                /* a start in progress: its control process is killed outright, not asked
                 * (systemd 252 shows it "code=killed, signal=KILL", measured) */
                enter_signal(s, SOCKET_STOP_PRE_SIGKILL, SOCKET_SUCCESS);
                return 0;
        case SOCKET_LISTENING:
        case SOCKET_RUNNING:
                socket_enter_stop_pre(s, SOCKET_SUCCESS);
                return 0;
        default:
                return -EALREADY;
        }
}

/* systemd.socket(5), "Implicit Dependencies" and "Default Dependencies". */
static int socket_load(Unit *u) {
        Socket *s = (Socket *) u;
        SocketConfig *c = u->config->socket;
        int r;
        /* loaded again by daemon-reload: a running control process keeps its place */
        if (s->control_pid == 0)
                s->control_command_id = -1;
        /* daemon-reload rebuilds every relation from the files: the instances of live
         * connections are this socket's own, not the files' */
        for (size_t i = 0; i < s->n_conns; i++)
                if ((r = unit_add_dependency(u, REL_BEFORE, s->conns[i].service, false)) < 0 ||
                    (r = unit_add_dependency(u, REL_TRIGGERS, s->conns[i].service, false)) < 0)
                        return r;
        if (c->n_ports == 0) {
                log_error("%s: Unit has no Listen setting (ListenStream=, ListenDatagram=, ListenFIFO=, ...). Refusing.", u->id);
                return -ENOEXEC;
        }
        if (c->accept && c->service) {
                log_error("%s: Explicit service configuration for accepting socket units not supported. Refusing.", u->id);
                return -ENOEXEC;
        }
        bool stream = false;
        for (size_t i = 0; i < c->n_ports; i++)
                stream |= c->ports[i].type == SOCKET_PORT_SOCKET &&
                          (c->ports[i].socket_type == SOCK_STREAM || c->ports[i].socket_type == SOCK_SEQPACKET);
        if (c->accept && !stream) {
                log_error("%s: Unit configured for accepting sockets, but sockets are non-accepting. Refusing.", u->id);
                return -ENOEXEC;
        }
        if (c->accept && c->flush_pending) {
                log_warning("%s: Accept=yes with FlushPending=yes is not supported, ignoring FlushPending=.", u->id);
                c->flush_pending = false;
        }
        if (c->accept && c->max_connections == 0) {
                log_error("%s: MaxConnection= setting too small. Refusing.", u->id);
                return -ENOEXEC;
        }
        if (c->trigger_limit_burst == UINT_MAX)
                c->trigger_limit_burst = c->accept ? 200 : 20;
        if (!c->accept) {
                _cleanup_free_ char *name = NULL;
                if (!c->service && unit_name_change_suffix(u->id, ".service", &name) < 0)
                        return -ENOMEM;
                if ((r = unit_add_dependency_by_name(u, REL_BEFORE, c->service ?: name, true)) < 0 ||
                    (r = unit_add_dependency_by_name(u, REL_TRIGGERS, c->service ?: name, true)) < 0)
                        return r;
        }
        /* its slice is implicit, whatever DefaultDependencies= says (as in systemd) */
        if (!u->config->unit->default_dependencies)
                return unit_add_slice_dependencies(u);
        if ((r = unit_add_dependency_by_name(u, REL_BEFORE, "sockets.target", true)) < 0 ||
            (r = unit_add_sysinit_dependencies(u)) < 0 || (r = unit_add_shutdown_dependencies(u)) < 0)
                return r;
        return unit_add_slice_dependencies(u);
}

/* After a manager crash or re-exec (checkpoint-load.c): the state came from the checkpoint,
 * the fds come back from init's store; a listening socket is watched again, a control
 * process is adopted and its timeout restarts from now (the old deadline died with the old
 * manager). The state is applied directly: nothing changed for the unit, so no unit_notify. */
static int socket_coldplug(Unit *u) {
        Socket *s = (Socket *) u;
        SocketState st = s->state;
        if (st == SOCKET_DEAD || st == SOCKET_FAILED)
                return 0;
        if (state_has_fds(st)) {
                int r = socket_restore_fds(s);
                if (r < 0) {
                        log_error_errno(r, "%s: cannot get the listening fds back after the recovery: %m", u->id);
                        socket_enter_stop_pre(s, SOCKET_FAILURE_RESOURCES);
                        return r;
                }
        }
        if (s->control_pid > 0)
                (void) manager_reattach_pid(u->manager, s->control_pid, u);
        if (state_has_control(st) && u->cgroup_path)
                (void) unit_realize_cgroup(u, NULL);
        arm_timer(s, state_has_control(st));
        socket_watch_fds(s, st == SOCKET_LISTENING);
        return 0;
}

static void socket_done(Unit *u) {
        Socket *s = (Socket *) u;
        s->timer = event_source_free(s->timer);
        if (s->control_pid > 0)
                manager_unwatch_pid(u->manager, s->control_pid);
        /* freed with the manager: the fds close, the files stay (RemoveOnStop= is for stops) */
        socket_watch_fds(s, false);
        for (size_t i = 0; i < s->n_fds; i++) {
                safe_close(s->fds[i].fd);
                free(s->fds[i].address);
                free(s->fds[i].path);
        }
        free(s->fds);
        s->fds = NULL;
        s->n_fds = 0;
        socket_release_connections(s);
}

static UnitActiveState socket_active_state(Unit *u) {
        return state_translation[((Socket *) u)->state];
}

static const char *socket_sub_state(Unit *u) {
        return state_names[((Socket *) u)->state];
}

static const char *socket_result(Unit *u) {
        return result_names[((Socket *) u)->result];
}

static void socket_reset_failed(Unit *u) {
        Socket *s = (Socket *) u;
        if (s->state == SOCKET_FAILED)
                socket_set_state(s, SOCKET_DEAD);
        s->result = SOCKET_SUCCESS;
}

static void socket_start_limit_hit(Unit *u) {
        Socket *s = (Socket *) u;
        s->result = SOCKET_FAILURE_START_LIMIT_HIT;
        enter_dead(s, SOCKET_FAILURE_START_LIMIT_HIT);
}

static int socket_kill(Unit *u, KillWho who, int sig) {
        Socket *s = (Socket *) u;
        if (who == KILL_MAIN)
                return -ESRCH; /* sockets have no main process */
        return kill_control(s, sig) ? 0 : -ESRCH;
}

const UnitVTable socket_vtable = {
        .object_size = sizeof(Socket),
        .load = socket_load,
        .done = socket_done,
        .start = socket_start,
        .stop = socket_stop,
        .kill = socket_kill,
        .active_state = socket_active_state,
        .sub_state = socket_sub_state,
        .child_exited = socket_child_exited,
        .append_properties = socket_append_properties,
        .reset_failed = socket_reset_failed,
        .result = socket_result,
        .cgroup_empty = socket_cgroup_empty,
        .start_limit_hit = socket_start_limit_hit,
        .trigger_notify = socket_trigger_notify,
        .serialize = socket_serialize,
        .deserialize_item = socket_deserialize_item,
        .coldplug = socket_coldplug,
};
