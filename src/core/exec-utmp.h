/* exec-utmp.h — UtmpIdentifier=/UtmpMode=: the utmp and wtmp records getty-style services
 * need so who(1), last(1) and login(1) see their terminal. The child writes the start
 * record (INIT_PROCESS, LOGIN_PROCESS or USER_PROCESS as UtmpMode= says) before exec; the
 * manager writes DEAD_PROCESS with the exit status when the process is gone. */
#pragma once

#include <sys/types.h>

#include "exec-context.h"

/* Child side. user is the name for "user" mode (NULL: none). Failures are not fatal:
 * systemd goes on without the record too. */
void exec_utmp_put_init(const ExecContext *ctx, pid_t pid, const char *user);
/* Manager side, from the SIGCHLD handling of a process started with ctx. */
void exec_utmp_put_dead(const ExecContext *ctx, pid_t pid, int code, int status);
