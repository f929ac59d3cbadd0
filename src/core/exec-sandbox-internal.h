/* exec-sandbox-internal.h — the pieces exec-sandbox.c puts together; each lives in a file
 * of its own (exec-mounts.c, exec-namespace.c, exec-seccomp.c). */
#pragma once

#include <sys/types.h>

#include "exec-context.h"
#include "exec-mount-plan.h"
#include "exec-parsers.h"
#include "exec-spawn.h"

int exec_mounts_apply(const MountPlan *plan, MountPropagation propagation, const char *unit);

int namespace_setup_network(const char *unit);
int namespace_setup_users(const ExecContext *c, uid_t uid, gid_t gid, const char *unit);

int exec_seccomp_apply(const ExecContext *c, const char *unit, int *ret_exit_code);
int address_family_from_name(const char *name);
