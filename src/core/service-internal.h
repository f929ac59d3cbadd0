/* service-internal.h — what the parts of the service implementation (service.c, the state
 * machine; service-notify.c, notifications, PID files and the fd store; service-props.c,
 * properties) share. Not for other units. */
#pragma once

#include "notify.h"
#include "service.h"

static inline ServiceConfig *service_cfg(Service *s) {
        return s->meta.config->service;
}

void service_set_state(Service *s, ServiceState st);
void service_enter_start_post(Service *s);
void service_enter_running(Service *s, ServiceResult f);
void service_enter_signal(Service *s, ServiceState state, ServiceResult f);
void service_enter_stop_post(Service *s, ServiceResult f);
void service_enter_dead(Service *s, ServiceResult f, bool allow_restart);
void service_enter_stop(Service *s, ServiceResult f);
void service_enter_start_pre(Service *s);
void service_enter_start(Service *s);
void service_record_result(Service *s, ServiceResult f); /* the first failure sticks */
bool service_state_is_sigterm(ServiceState st);        /* stop-sigterm, -sigkill, -watchdog */
bool service_state_is_final(ServiceState st);          /* final-sigterm, -sigkill, -watchdog */
/* Whether the main and control processes are gone and, for KillMode= that kill the cgroup,
 * the cgroup is empty: what the stop path waits for. */
bool service_processes_gone(Service *s);
int service_spawn_main(Service *s, ExecCommand *c);
int service_run_control(Service *s, ExecCommand *c, ServiceExecCommand list_id);
/* Without cgroups a "group" is the process group each service process starts (setsid). */
bool service_kill_pid(pid_t pid, int sig, bool group);

/* service-events.c */
void service_child_exited(Unit *u, pid_t pid, int code, int status);
void service_cgroup_empty(Unit *u);
int service_timer_cb(EventSource *es, usec_t now, void *userdata);

/* Moves the current state's deadline to no earlier than now + usec (EXTEND_TIMEOUT_USEC=). */
void service_extend_timeout(Service *s, usec_t usec);

/* Main process bookkeeping: watching it (SIGCHLD for our children, a pidfd for others). */
int service_set_main_pid(Service *s, pid_t pid);
void service_forget_main_pid(Service *s);
/* Whether pid is one of the service's processes (main, control, cgroup, or session). */
bool service_owns_pid(Service *s, pid_t pid);
/* Forking services: PIDFile= first, then GuessMainPID=. 0 with a main pid set; <0 none. */
int service_find_forking_main_pid(Service *s);

/* Watchdog: (re)arm from now, stop, and the effective WatchdogSec=. */
usec_t service_watchdog_usec(Service *s);
void service_reset_watchdog(Service *s);
void service_stop_watchdog(Service *s);

void service_notify_message(Unit *u, pid_t pid, const NotifyMessage *msg, int *fds, size_t n_fds);
void service_release_fd_store(Service *s);

int service_append_properties(Unit *u, char ***l);

/* service.c: (re)arms the current state's timeout from now (coldplug after a recovery). */
void service_arm_state_timer(Service *s);

/* service-serialize.c: the checkpoint (selfheal.h) */
int service_serialize(Unit *u, FILE *f);
int service_deserialize_item(Unit *u, const char *key, const char *value);
int service_coldplug(Unit *u);
