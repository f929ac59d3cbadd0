/* fstab.h — sysMaster's own reading of /etc/fstab, for systems without systemd's
 * systemd-fstab-generator: it writes the same kind of mount units and links into the
 * generator directory, following systemd-fstab-generator(8)'s rules for the options (the
 * target, nofail, noauto, _netdev, x-systemd.requires/after/before/wanted-by/required-by/
 * requires-mounts-for/mount-timeout/automount/idle-timeout) and swap lines (WHAT.swap in
 * swap.target, none in a container). When
 * the real generator is installed, it runs instead (generator.c decides). */
#pragma once

#include <stdbool.h>

/* Reads fstab_path (a host path) and writes units into dir (a host path). in_container: device
 * entries are skipped, as systemd does in a container. Returns the number of units written. */
int fstab_generate(const char *fstab_path, const char *dir, bool in_container);
