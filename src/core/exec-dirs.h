/* exec-dirs.h — where a unit's process lives in the file system: RuntimeDirectory=,
 * StateDirectory=, CacheDirectory=, LogsDirectory=, ConfigurationDirectory= (created below
 * /run, /var/lib, /var/cache, /var/log, /etc with their *DirectoryMode=, owned by the
 * service's user except the configuration directory, which stays root's; with DynamicUser=
 * the state, cache and logs directories live below "private/" reached by a symlink, as
 * systemd lays them out), the removal of runtime directories on stop as
 * RuntimeDirectoryPreserve= says, RootDirectory= (chroot) and WorkingDirectory= ("~" is the
 * user's home, "-" tolerates a missing one). */
#pragma once

#include <stdbool.h>

#include "exec-context.h"
#include "exec-identity.h"

const char *exec_directory_prefix(ExecDirectoryType t);  /* "/run", "/var/lib", … */
const char *exec_directory_env_name(ExecDirectoryType t); /* "RUNTIME_DIRECTORY", … */

/* "RUNTIME_DIRECTORY=/run/a:/run/b" for the type, or NULL (and 0) when none is configured. */
int exec_directory_env(const ExecContext *ctx, ExecDirectoryType t, char **ret);

/* Creates every configured directory, in the child, before the user switch. 0 or the exit
 * code of the failing type (EXIT_RUNTIME_DIRECTORY 233, EXIT_STATE_DIRECTORY 238…). */
int exec_directories_setup(const ExecContext *ctx, const ExecIdentity *id);

/* Manager side, when the unit stops: removes the runtime directories unless
 * RuntimeDirectoryPreserve= keeps them (restarting: the stop is part of a restart). */
void exec_directories_cleanup(const ExecContext *ctx, bool restarting);

/* RootDirectory=: chroot before the user switch. 0 or EXIT_CHROOT. */
int exec_root_directory_apply(const ExecContext *ctx);
/* WorkingDirectory=, after the user switch; home is the user's (NULL: none). 0 or EXIT_CHDIR. */
int exec_working_directory_apply(const ExecContext *ctx, const char *home);
