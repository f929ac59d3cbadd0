/* shutdown.h — what the parts of sysmaster-shutdown share. */
#pragma once

/* Unmounts what can be unmounted, newest first, detaching what stays busy, and remounts
 * the root read-only. Leaves /proc, /sys, /dev and /run: virtual, and needed until the end.
 * Returns how many mounts are left that could not be unmounted. */
int shutdown_umount_all(void);
