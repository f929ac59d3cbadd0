/* exec-sandbox.h — the sandboxing half of systemd.exec(5), applied in the forked child of
 * exec-spawn.c through two calls: exec_sandbox_apply() sets up the namespaces (network, IPC,
 * UTS, user, mount) and the file system view while the child is still root, before it drops
 * privileges; exec_sandbox_lockdown() installs the seccomp filters right before execve(),
 * once nothing else the child does needs the system calls they forbid. Both do nothing for
 * "+" commands and PermissionsStartOnly= (apply_privileges false, and no "!" prefix), as
 * systemd does. On failure both
 * return a negative errno and put systemd's exit code for the failed step (EXIT_NAMESPACE,
 * EXIT_NETWORK, EXIT_SECCOMP, EXIT_ADDRESS_FAMILIES…) in *ret_exit_code. */
#pragma once

#include <sys/types.h>

#include "exec-context.h"
#include "exec-spawn.h"

/* uid and gid are the identity the child will switch to (PrivateUsers= maps them). */
int exec_sandbox_apply(const ExecContext *c, const ExecCommand *cmd, const ExecParameters *p, uid_t uid, gid_t gid,
                       int *ret_exit_code);
int exec_sandbox_lockdown(const ExecContext *c, const ExecCommand *cmd, const ExecParameters *p, int *ret_exit_code);

/* Where PrivateTmp= keeps a unit's /tmp and /var/tmp for one invocation (under /tmp and
 * /var/tmp of the host, as "systemd-private-BOOTID-UNIT-INVOCATION"); the manager removes
 * them when the unit stops. */
int exec_private_tmp_path(const char *base, const char *unit, const char *invocation_id, char **ret);
int exec_private_tmp_remove(const char *unit, const char *invocation_id);
