/* service-env.h — the environment a service's processes get (systemd.exec(5),
 * "Environment variables in spawned processes"): the manager's defaults, what the manager
 * tells the service ($MAINPID, $INVOCATION_ID, $NOTIFY_SOCKET, $LISTEN_FDS…, and for the stop
 * commands $SERVICE_RESULT, $EXIT_CODE, $EXIT_STATUS), then PassEnvironment=, Environment=,
 * EnvironmentFile= in that order of precedence, and UnsetEnvironment= last. The parser of
 * environment files is pure so it can be tested on its own. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "exec-context.h"

#define ENV_FILE_MAX (4U * 1024U * 1024U) /* an EnvironmentFile= larger than this is refused */

/* Parses the contents of an environment file the way systemd does: "KEY=VALUE" lines,
 * comments ("#", ";"), "export KEY=…" skipped as systemd 252 does, single quotes (literal), double quotes
 * (\" \\ \` \$ escapes, backslash-newline joins), unquoted values (backslash escapes the
 * next character, backslash-newline continues the line, surrounding blanks dropped). Lines
 * without "=" or with an invalid name are skipped; fname (may be NULL) names them in the
 * warnings. Returns the assignments in order (later ones override earlier ones). */
int env_file_parse(const char *contents, size_t size, const char *fname, char ***ret);

/* Reads every EnvironmentFile= ("-" prefix: a missing file is fine, other errors still
 * fail); glob patterns are expanded. Returns -ENOENT etc. for a missing required file. */
int exec_context_load_environment_files(const ExecContext *c, const char *root, char ***ret);

/* Adds "NAME=value" for each manager variable PassEnvironment= names (from this process's
 * own environment), then Environment=, then the files, then applies UnsetEnvironment=
 * (names, or exact "NAME=value" assignments). env holds the manager's part on entry. */
int exec_context_apply_environment(const ExecContext *c, char **files_env, char ***env);

/* strv helpers used above, exported for tests. */
char **strv_env_unset(char **l, const char *name_or_assignment);

