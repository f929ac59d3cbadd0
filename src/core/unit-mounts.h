/* unit-mounts.h — RequiresMountsFor= and a mount point's own parents, resolved to mount
 * units (systemd.unit(5)): for every prefix of a path, a mount unit with a file is required
 * and ordered before; one that only exists because the path is mounted now is ordered
 * before. Resolved both ways: when a unit loads (against the mount units known then) and when
 * a mount unit loads (against the units loaded before it). */
#pragma once

typedef struct Unit Unit;

/* u needs path and each of its parents mounted. */
int unit_add_mounts_for(Unit *u, const char *path);
/* Every RequiresMountsFor= of u. */
int unit_add_requires_mounts_for(Unit *u);
/* mount (a mount unit for where) just loaded: units that need where (or a path below it) and
 * mount units below it get their dependencies on it. */
int unit_mounts_for_new_mount(Unit *mount, const char *where);
