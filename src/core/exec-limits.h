/* exec-limits.h — process attributes of a unit's process that need no file system and no
 * identity (systemd.exec(7), "Process Properties" and "Scheduling"): Limit*=, UMask=, Nice=,
 * CPUSchedulingPolicy=/Priority=/ResetOnFork=, CPUAffinity=, NUMAPolicy=/NUMAMask=,
 * IOSchedulingClass=/Priority=, OOMScoreAdjust=, CoredumpFilter=, TimerSlackNSec=,
 * Personality=, and KeyringMode= (after the user switch, since the session keyring belongs
 * to the user). Each failure exits with systemd's code (EXIT_LIMITS 205, EXIT_NICE 201…);
 * where systemd tolerates one (a container refusing OOMScoreAdjust=, a kernel without
 * keyrings or NUMA) so do we. */
#pragma once

#include <sys/resource.h>

#include "exec-context.h"

/* systemd's DefaultLimitNOFILE= for services: a soft limit of 1024 keeps select() users
 * safe, the hard limit lets those who know raise it. */
#define EXEC_NOFILE_SOFT_DEFAULT 1024U
#define EXEC_NOFILE_HARD_DEFAULT 524288U

/* The limit resource gets: the unit's, or for RLIMIT_NOFILE the default bounded by current.
 * Returns 0 and fills *ret, or -ENOENT when the resource is left as inherited. Pure. */
int exec_rlimit_for(const ExecContext *ctx, int resource, const struct rlimit *current, struct rlimit *ret);

/* What is left of want when the hard limit cannot be raised above current's (no
 * CAP_SYS_RESOURCE, as in many containers): both values clamped to current's hard limit.
 * systemd settles for this closest limit instead of failing the unit. Pure. */
struct rlimit exec_rlimit_closest(const struct rlimit *want, const struct rlimit *current);

/* The persona for Personality= on this machine: PER_LINUX or PER_LINUX32; -EOPNOTSUPP for an
 * architecture this kernel cannot run. host is "x86-64"-style (NULL: the build's). Pure. */
int exec_personality_from_name(const char *name, const char *host);

/* The ioprio_set(2) value for IOSchedulingClass=/IOSchedulingPriority=, normalized as systemd
 * does (no level with "none", 7 with "idle"); -1 when neither is set. Pure. */
int exec_ioprio_value(const ExecContext *ctx);

/* Everything above except the keyring, before the user switch. 0 or an exit code. */
int exec_limits_apply(const ExecContext *ctx);
/* KeyringMode=, after the user switch. 0 or an exit code. */
int exec_keyring_apply(const ExecContext *ctx, uid_t uid, gid_t gid);
