/* service-serialize.c — a service's part of the checkpoint (selfheal.h): its state, results,
 * processes, the commands they run, exec statuses, restart counter and status text; and
 * coldplug, which attaches a service read back from a checkpoint to reality. Its processes
 * are either still our children (daemon-reexec keeps our PID) or, after a crash, init's: those
 * are adopted (adopt.c), and their exit comes from init. A timeout restarts from the moment
 * of the recovery: the old deadline died with the old manager, and a late timeout is better
 * than a service killed for time it spent waiting for us. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "init-link.h"
#include "log.h"
#include "manager.h"
#include "selfheal.h"
#include "service-internal.h"
#include "string-util.h"

static void put_exec(FILE *f, const char *key, const ExecStatus *e) {
        checkpoint_putf(f, key, "%d %llu %llu %llu %llu %d %d", (int) e->pid, (unsigned long long) e->start.realtime,
                        (unsigned long long) e->start.monotonic, (unsigned long long) e->exit.realtime,
                        (unsigned long long) e->exit.monotonic, e->code, e->status);
}

static int parse_exec(const char *v, ExecStatus *e) {
        int pid, code, status;
        unsigned long long a, b, c, d;
        if (sscanf(v, "%d %llu %llu %llu %llu %d %d", &pid, &a, &b, &c, &d, &code, &status) != 7)
                return -EBADMSG;
        *e = (ExecStatus){ .pid = pid, .start = { a, b }, .exit = { c, d }, .code = code, .status = status };
        return 0;
}

/* Commands are pointers into the configuration: stored as list and position. */
static int command_index(ExecCommand *list, ExecCommand *c) {
        int i = 0;
        for (ExecCommand *p = list; p; p = p->next, i++)
                if (p == c)
                        return i;
        return -1;
}

static ExecCommand *command_at(ExecCommand *list, int index) {
        for (ExecCommand *p = list; p && index >= 0; p = p->next, index--)
                if (index == 0)
                        return p;
        return NULL;
}

int service_serialize(Unit *u, FILE *f) {
        Service *s = (Service *) u;
        ServiceConfig *c = service_cfg(s);
        checkpoint_put(f, "state", service_state_to_string(s->state));
        checkpoint_putf(f, "result", "%d %d", (int) s->result, (int) s->reload_result);
        checkpoint_putf(f, "pids", "%d %d", (int) s->main_pid, (int) s->control_pid);
        checkpoint_putf(f, "main-command", "%d", command_index(c->exec_command[SERVICE_EXEC_START], s->main_command));
        checkpoint_putf(f, "control-command", "%d %d", s->control_command_id,
                        s->control_command_id >= 0 && s->control_command_id < _SERVICE_EXEC_COMMAND_MAX
                                ? command_index(c->exec_command[s->control_command_id], s->control_command)
                                : -1);
        put_exec(f, "main-exec", &s->main_exec_status);
        put_exec(f, "control-exec", &s->control_exec_status);
        checkpoint_putf(f, "flags", "%u %d %d %d", s->n_restarts, s->forbid_restart, s->notify_ready, s->start_limit_hit);
        if (s->status_text)
                checkpoint_put(f, "status-text", s->status_text);
        checkpoint_putf(f, "status-errno", "%d", s->status_errno);
        /* FDSTORE=1 fds: the fds themselves are in init's store */
        for (size_t i = 0; i < s->n_fd_store; i++)
                if (s->fd_store[i].store_name)
                        checkpoint_putf(f, "fdstore", "%s %s", s->fd_store[i].store_name, s->fd_store[i].name);
        if (s->watchdog_override_usec != USEC_INFINITY)
                checkpoint_putf(f, "watchdog-override", "%llu", (unsigned long long) s->watchdog_override_usec);
        return 0;
}

/* "STORE-NAME FDNAME": the fd comes back from init's store (only during the take-over). */
static int take_stored_fd(Service *s, const char *v) {
        const char *sp = strchr(v, ' ');
        if (!sp || sp == v || !sp[1])
                return -EBADMSG;
        _cleanup_free_ char *store = strndup(v, (size_t) (sp - v));
        if (!store)
                return -ENOMEM;
        int fd = init_link_take_fd(s->meta.manager, store);
        if (fd < 0) {
                log_warning("%s: stored fd \"%s\" is not in init's store any more, lost.", s->meta.id, sp + 1);
                return 0;
        }
        ServiceStoredFd *n = realloc(s->fd_store, (s->n_fd_store + 1) * sizeof *n);
        char *name = strdup(sp + 1);
        if (!n || !name) {
                free(name);
                if (n)
                        s->fd_store = n;
                close(fd);
                return -ENOMEM;
        }
        s->fd_store = n;
        n[s->n_fd_store++] = (ServiceStoredFd){ .fd = fd, .name = name, .store_name = TAKE_PTR(store) };
        return 0;
}

int service_deserialize_item(Unit *u, const char *key, const char *v) {
        Service *s = (Service *) u;
        ServiceConfig *c = service_cfg(s);
        int a, b, d, e;
        unsigned n;
        if (streq(key, "state")) {
                for (ServiceState st = 0; st < _SERVICE_STATE_MAX; st++)
                        if (streq(service_state_to_string(st), v)) {
                                s->state = st;
                                return 0;
                        }
                return -EBADMSG;
        }
        if (streq(key, "result")) {
                if (sscanf(v, "%d %d", &a, &b) != 2 || a < 0 || a >= _SERVICE_RESULT_MAX || b < 0 || b >= _SERVICE_RESULT_MAX)
                        return -EBADMSG;
                s->result = a;
                s->reload_result = b;
        } else if (streq(key, "pids")) {
                if (sscanf(v, "%d %d", &a, &b) != 2 || a < 0 || b < 0)
                        return -EBADMSG;
                s->main_pid = a; /* watched by coldplug */
                s->control_pid = b;
        } else if (streq(key, "main-command")) {
                if (sscanf(v, "%d", &a) != 1)
                        return -EBADMSG;
                s->main_command = command_at(c->exec_command[SERVICE_EXEC_START], a);
        } else if (streq(key, "control-command")) {
                if (sscanf(v, "%d %d", &a, &b) != 2)
                        return -EBADMSG;
                s->control_command_id = a >= 0 && a < _SERVICE_EXEC_COMMAND_MAX ? a : -1;
                s->control_command = s->control_command_id >= 0 ? command_at(c->exec_command[a], b) : NULL;
        } else if (streq(key, "main-exec"))
                return parse_exec(v, &s->main_exec_status);
        else if (streq(key, "control-exec"))
                return parse_exec(v, &s->control_exec_status);
        else if (streq(key, "flags")) {
                if (sscanf(v, "%u %d %d %d", &n, &b, &d, &e) != 4)
                        return -EBADMSG;
                s->n_restarts = n;
                s->forbid_restart = b;
                s->notify_ready = d;
                s->start_limit_hit = e;
        } else if (streq(key, "status-text")) {
                free(s->status_text);
                return (s->status_text = strdup(v)) ? 0 : -ENOMEM;
        } else if (streq(key, "status-errno"))
                s->status_errno = atoi(v);
        else if (streq(key, "fdstore"))
                return take_stored_fd(s, v);
        else if (streq(key, "watchdog-override"))
                s->watchdog_override_usec = strtoull(v, NULL, 10);
        return 0; /* unknown keys: a newer manager wrote them */
}

/* A start the dead manager launched after its last checkpoint: the checkpoint shows no main
 * process — the service dead, failed or waiting to restart with its start job queued, or a
 * Type=idle service still waiting for the queue — but the cgroup holds one. Starting it again
 * would run it twice: the one process is taken as the main process instead. Only for the types
 * whose first process is the main one (simple, exec, idle) and without ExecCondition=/
 * ExecStartPre= (whose process would come first). */
static bool adopt_unrecorded_start(Service *s) {
        Unit *u = &s->meta;
        ServiceConfig *c = service_cfg(s);
        ServiceState st = s->state;
        if (s->main_pid > 0 || s->control_pid > 0 || !c->exec_command[SERVICE_EXEC_START] ||
            c->exec_command[SERVICE_EXEC_CONDITION] || c->exec_command[SERVICE_EXEC_START_PRE] ||
            !(c->type == SERVICE_SIMPLE || c->type == SERVICE_EXEC || c->type == SERVICE_IDLE))
                return false;
        bool idle_wait = st == SERVICE_START && c->type == SERVICE_IDLE;
        bool start_queued = (st == SERVICE_DEAD || st == SERVICE_FAILED || st == SERVICE_AUTO_RESTART) && u->job &&
                            (u->job->type == JOB_START || u->job->type == JOB_RESTART);
        if (!idle_wait && !start_queued)
                return false;
        bool had_path = u->cgroup_path;
        if (!had_path && unit_cgroup_path(u, &u->cgroup_path) < 0)
                return false;
        pid_t pid = 0;
        if (unit_cgroup_guess_main_pid(u, 0, &pid) < 0 || pid <= 0) {
                if (!had_path)
                        u->cgroup_path = mfree(u->cgroup_path);
                return false;
        }
        log_notice("%s: process %d was started after the last checkpoint; taking it as the main process.", u->id, (int) pid);
        s->main_pid = pid;
        (void) manager_reattach_pid(u->manager, pid, u);
        (void) unit_realize_cgroup(u, NULL);
        if (s->state != SERVICE_START)
                service_set_state(s, SERVICE_START);
        service_enter_start_post(s);
        return true;
}

int service_coldplug(Unit *u) {
        Service *s = (Service *) u;
        ServiceConfig *c = service_cfg(s);
        ServiceState st = s->state;
        if (s->main_pid > 0)
                (void) manager_reattach_pid(u->manager, s->main_pid, u);
        if (s->control_pid > 0)
                (void) manager_reattach_pid(u->manager, s->control_pid, u);
        if (st != SERVICE_DEAD && st != SERVICE_FAILED && u->cgroup_path)
                (void) unit_realize_cgroup(u, NULL);
        service_arm_state_timer(s);
        if ((st == SERVICE_START || st == SERVICE_START_POST || st == SERVICE_RUNNING || st == SERVICE_RELOAD) &&
            service_watchdog_usec(s) != USEC_INFINITY)
                service_reset_watchdog(s);
        u->last_state = unit_active_state(u);
        /* What lived only in the dead manager's memory: Type=exec's CLOEXEC pipe (the process
         * is there, so its execve() has most likely happened — a failed one shows as exit 203
         * soon), and Type=idle's wait for the job queue (start it now). */
        if (adopt_unrecorded_start(s))
                return 0;
        if (st == SERVICE_START && s->main_pid > 0 && c->type == SERVICE_EXEC)
                service_enter_start_post(s);
        else if (st == SERVICE_START && s->main_pid == 0 && c->type == SERVICE_IDLE &&
                 c->exec_command[SERVICE_EXEC_START])
                service_enter_start(s);
        return 0;
}
