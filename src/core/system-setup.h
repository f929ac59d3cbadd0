/* system-setup.h — what the system manager sets up for the rest of the system before the first
 * unit starts, as systemd does: /run/systemd/system (so that sd_booted() and packages' scripts
 * know a systemd-compatible manager runs), /run/systemd/container inside a container, the
 * machine ID, the host name and the loopback device. Every function takes the root to work
 * below (NULL: /), so that tests can run them on a scratch tree; the bind mount of a generated
 * machine ID is only done on the real root. */
#pragma once

#include <stdbool.h>

/* A container: $container set by the runtime, or /run/systemd/container left by one. */
bool detect_container(void);
int setup_runtime_directories(const char *root, bool container);
/* /etc/machine-id: kept if valid; otherwise from $container_uuid (in a container) or random,
 * written to /etc/machine-id if it can be, else to /run/machine-id and bind-mounted over
 * /etc/machine-id (a read-only /etc). Returns 0, or <0 if no ID could be set up. */
int setup_machine_id(const char *root, bool container);
/* Whether the boot is the system's first, from reading /etc/machine-id (read_result: 0 or a
 * -errno, contents: what was read, whitespace stripped): missing or "uninitialized" (as
 * systemd 252; an empty or invalid file gets a new ID but is not a first boot). */
bool machine_id_means_first_boot(int read_result, const char *contents);
/* The host name from /etc/hostname; "localhost" if there is none and the kernel has none. */
int setup_hostname(const char *root);
/* Brings up "lo" in our network namespace: 1 if it was down, 0 if it was up already. */
int setup_loopback(void);
/* The first valid line of /etc/hostname: -ENOENT if none, -EINVAL if it is not a host name. */
int read_hostname_config(const char *root, char **ret);
/* Checks and normalizes a machine ID or UUID (dashes dropped, lower case) into ret. */
int machine_id_from_string(const char *s, char ret[static 33]);
bool hostname_is_valid(const char *s);
