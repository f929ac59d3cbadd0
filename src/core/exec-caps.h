/* exec-caps.h — capabilities and privilege bits of a unit's process (systemd.exec(7),
 * "Capabilities" and "Security"): CapabilityBoundingSet=, AmbientCapabilities=, SecureBits=,
 * NoNewPrivileges=. The order matters and is systemd's: the bounding set is cut while the
 * child still has CAP_SETPCAP (before the user switch); when ambient capabilities or secure
 * bits must survive setresuid() the child keeps its capabilities across it, then raises the
 * ambient set, sets the secure bits and lets go of the rest; no_new_privs is last before the
 * system call filter. Any failure is fatal (EXIT_CAPABILITIES 218, EXIT_SECUREBITS 213,
 * EXIT_NO_NEW_PRIVILEGES 227): a service never runs with more than its unit allows. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "exec-context.h"
#include "exec-identity.h"

/* The highest capability the running kernel knows. */
unsigned exec_cap_last_cap(void);

/* Fills ret (room for 64) with the capabilities of 0…last_cap missing from bset. Pure. */
size_t exec_caps_to_drop(uint64_t bset, unsigned last_cap, unsigned *ret);

/* Before the group and user switch. Returns 0 or the exit code to fail with. */
int exec_caps_before_user(const ExecContext *ctx, const ExecIdentity *id);
/* After the user switch. Returns 0 or the exit code to fail with. */
int exec_caps_after_user(const ExecContext *ctx, const ExecIdentity *id);
