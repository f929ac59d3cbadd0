/* generator.h — systemd's generators (systemd.generator(7)) and environment generators
 * (systemd.environment-generator(7)), run by the manager before it loads units and again on
 * every daemon-reload. Unit generators run in parallel, each with the three output
 * directories (/run/systemd/generator, generator.early, generator.late) that the unit load
 * path already lists, under a time limit; environment generators run one after the other,
 * each seeing what the ones before printed, and their result is the environment every
 * spawned process starts from. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "time-util.h"

typedef struct Manager Manager;

/* Generators may take this long together; the rest are killed (systemd's default timeout). */
#define GENERATOR_TIMEOUT_USEC (90 * USEC_PER_SEC)

/* The executables of dirs (below root, which may be NULL), by file name: the first directory
 * that has a name wins, so /etc overrides /usr and a link to /dev/null disables one. Sorted by
 * file name; host paths. */
int generator_collect(const char *root, const char *const *dirs, char ***ret);

/* Empties dir (without crossing into other file systems or following links) and creates it
 * with its parents. */
int generator_prepare_dir(const char *dir);

/* Runs every path with args as its arguments and env as its environment, in parallel, and
 * waits for them all until timeout; stragglers get SIGKILL. Returns the number that failed
 * (exit status ≠ 0, killed, or could not be started). */
int generator_execute_parallel(char **paths, char **args, char **env, usec_t timeout);

/* Runs paths one after the other, each with env plus what the earlier ones printed, and
 * returns the final list of assignments the generators printed (not env itself). */
int generator_execute_environment(char **paths, char **env, usec_t timeout, char ***ret);

/* The environment systemd documents for generators: env plus $SYSTEMD_SCOPE=system,
 * $SYSTEMD_IN_INITRD, $SYSTEMD_FIRST_BOOT, $SYSTEMD_VIRTUALIZATION, $SYSTEMD_ARCHITECTURE. */
int generator_environment(const char *root, char **env, char ***ret);

/* The manager's side: with --test (and no $SYSMASTER_RUN_GENERATORS=1) nothing runs.
 * manager_run_generators() returns 1 when the output directories were rebuilt (the name map
 * must be scanned again), 0 when generators are off. */
int manager_run_generators(Manager *m);
int manager_run_environment_generators(Manager *m);
