/* init-container.h — whether PID 1 runs inside a container. Shared by sysmaster-init and
 * sysmaster-shutdown: in a container neither may touch the console, reboot(2) or remount
 * file systems read-only (a remount changes the super block, which the host shares). */
#pragma once

#include <stdbool.h>

#include "init-channel.h"

/* A container's PID 1 cannot reboot(2): it exits, with this code for reboot and kexec, with 0
 * for poweroff and halt, and with the requested code for "exit" (see docs/init.md). */
#define INIT_CONTAINER_REBOOT_EXIT 133

/* True when $container is set, /run/systemd/container exists, or our PID namespace is not
 * the kernel's first one. Call after /proc is mounted. */
bool init_detect_container(void);
/* The exit code of a container's PID 1 for action. */
int init_container_exit_code(InitShutdownAction action, int exit_code);
