/* manager-env.h — the manager's environment block, as systemd's: the fixed base (PATH,
 * LANG), what environment generators printed (m->environment) and what clients set with
 * set-environment/unset-environment/import-environment (m->client_environment, which wins).
 * Every process the manager spawns starts from it. The client part is kept across
 * daemon-reload (it is not configuration) and across a reexec or a recovery (it is in the
 * checkpoint: "environment=NAME=VALUE" items). */
#pragma once

#include <stdbool.h>

typedef struct Manager Manager;

/* The longest assignment set-environment takes: the checkpoint must be able to carry it. */
#define MANAGER_ENV_ASSIGNMENT_MAX 4096

/* A new strv: the effective environment, sorted by name; NULL on OOM. */
char **manager_environment(Manager *m);

/* Checks a request before anything changes: every set entry is a valid NAME=VALUE no
 * longer than MANAGER_ENV_ASSIGNMENT_MAX, every unset entry a valid NAME or NAME=VALUE.
 * 0, or -EINVAL with the offending entry in *ret_bad. */
int manager_environment_check(char **unset, char **set, const char **ret_bad);

/* Applies a checked request to l: unset entries first ("NAME" removes the variable,
 * "NAME=VALUE" only if it has that value), then set ones (replacing). Pure. */
int environment_modify(char ***l, char **unset, char **set);

/* The same on the manager's client environment, then a checkpoint. */
int manager_environment_modify(Manager *m, char **unset, char **set);
