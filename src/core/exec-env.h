/* exec-env.h — the part of a process's environment only the forked child can know, added
 * below what the unit set (systemd gives Environment=, EnvironmentFile= and PassEnvironment=
 * precedence over them, and UnsetEnvironment= the last word): $USER, $LOGNAME, $HOME, $SHELL
 * when User= or DynamicUser= is set, $RUNTIME_DIRECTORY and its siblings, $TERM for a
 * terminal, $JOURNAL_STREAM, $PATH from ExecSearchPath=. The manager's part ($MAINPID,
 * $INVOCATION_ID, $NOTIFY_SOCKET, $LISTEN_*, $SERVICE_RESULT…) comes in ExecParameters. */
#pragma once

#include "exec-context.h"
#include "exec-identity.h"

#define EXEC_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Adds the child's variables to *env (which holds the unit's merged environment) without
 * overriding any, then applies UnsetEnvironment= again so it also covers them. term and
 * journal_stream may be NULL. */
int exec_env_build(const ExecContext *ctx, const ExecIdentity *id, const char *term, const char *journal_stream,
                   char ***env);
