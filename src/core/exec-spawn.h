/* exec-spawn.h — starting one command line of a unit: fork, set up the child as the exec
 * context asks, exec. Runs in the forked child everything that could block (user lookup)
 * so the manager's loop never waits. Failures in the child exit with systemd's exit codes
 * (EXIT_EXEC 203, EXIT_CHDIR 200…) so the unit's status names them. */
#pragma once

#include <sys/types.h>

#include "exec-command.h"
#include "exec-context.h"

enum {
        EXIT_CHDIR = 200,
        EXIT_NICE = 201,
        EXIT_FDS = 202,
        EXIT_EXEC = 203,
        EXIT_MEMORY = 204,
        EXIT_LIMITS = 205,
        EXIT_OOM_ADJUST = 206,
        EXIT_SIGNAL_MASK = 207,
        EXIT_STDIN = 208,
        EXIT_STDOUT = 209,
        EXIT_CHROOT = 210,
        EXIT_IOPRIO = 211,
        EXIT_TIMERSLACK = 212,
        EXIT_SECUREBITS = 213,
        EXIT_SETSCHEDULER = 214,
        EXIT_CPUAFFINITY = 215,
        EXIT_GROUP = 216,
        EXIT_USER = 217,
        EXIT_CAPABILITIES = 218,
        EXIT_CGROUP = 219,
        EXIT_SETSID = 220,
        EXIT_CONFIRM = 221,
        EXIT_STDERR = 222,
        EXIT_PAM = 224,
        EXIT_NETWORK = 225,
        EXIT_NAMESPACE = 226,
        EXIT_NO_NEW_PRIVILEGES = 227,
        EXIT_SECCOMP = 228,
        EXIT_SELINUX_CONTEXT = 229,
        EXIT_PERSONALITY = 230,
        EXIT_APPARMOR_PROFILE = 231,
        EXIT_ADDRESS_FAMILIES = 232,
        EXIT_RUNTIME_DIRECTORY = 233,
        EXIT_CHOWN = 235,
        EXIT_SMACK_PROCESS_LABEL = 236,
        EXIT_KEYRING = 237,
        EXIT_STATE_DIRECTORY = 238,
        EXIT_CACHE_DIRECTORY = 239,
        EXIT_LOGS_DIRECTORY = 240,
        EXIT_CONFIGURATION_DIRECTORY = 241,
        EXIT_NUMA_POLICY = 242,
        EXIT_CREDENTIALS = 243,
};

/* The symbolic names ("EXEC" for 203) are in exit-status-set.h. */

typedef struct ExecParameters {
        char **environment;     /* the unit's computed environment (NAME=value), used for $VAR */
        const char *unit_id;
        int stdin_fd, stdout_fd, stderr_fd; /* -1: the context decides */
        bool same_pgrp;         /* stay in the manager's process group instead of a session of
                                 * its own: mount(8) for an automounted path, since autofs never
                                 * blocks its daemon's group on its own mount point */
        bool apply_privileges;  /* false for "+" commands and PermissionsStartOnly= */
        const char *cgroup_path; /* join this cgroup (absolute, below /sys/fs/cgroup) if set */
        const int *fds;          /* passed as fd 3, 4, …, with $LISTEN_PID set in the child */
        size_t n_fds;
        int exec_fd;             /* >2: a CLOEXEC pipe end; execve() success closes it, failure
                                  * writes a byte first (Type=exec). 0 or <0: none. */
        bool watchdog_pid;       /* set $WATCHDOG_PID to the child's pid */
        char **fd_names;         /* names of fds (n_fds of them, or NULL) for StandardInput=fd:NAME */
        bool inherit_manager_stdio; /* test mode: "inherit" and an unreachable journal fall back
                                     * to the manager's own stdout/stderr instead of /dev/null,
                                     * /dev/kmsg or the console */
        const char *journal_socket; /* the stdout stream socket; NULL: /run/systemd/journal/stdout */
        bool cgroup_delegate;       /* Delegate=: hand the cgroup to the service's user */
} ExecParameters;

/* Forks and execs c. On success the child's pid is in *ret_pid. */
int exec_spawn(const ExecCommand *c, const ExecContext *ctx, const ExecParameters *p, pid_t *ret_pid);

/* Expands $VAR and ${VAR} in argv as systemd.service(5) describes ("$VAR" as its own word
 * splits on whitespace, "${VAR}" keeps one word). */
int exec_expand_argv(char **argv, char **env, char ***ret);

/* Manager side, when a unit's processes are gone for good (restarting: only for a restart):
 * removes runtime directories as RuntimeDirectoryPreserve= says and releases a dynamic user. */
void exec_context_release_resources(const ExecContext *ctx, const char *unit_id, bool restarting);
