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
