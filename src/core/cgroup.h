/* cgroup.h — the manager's side of cgroup v2: each unit that runs processes gets its own
 * cgroup in systemd's layout (slices as nested directories: /system.slice/foo.service,
 * /a.slice/a-b.slice/bar.service), processes are spawned straight into it, stopping kills
 * through it (cgroup.kill where the kernel has it), and "populated 0" in its cgroup.events,
 * watched with inotify, tells the unit its processes are gone. Delegate= leaves the subtree
 * below the unit's cgroup to the service. Without a writable cgroup2 file system (test mode,
 * old kernels) all of this is off and units fall back to process groups. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

typedef struct Manager Manager;
typedef struct Unit Unit;

/* Finds the cgroup root (m->options.cgroup_root, or /sys/fs/cgroup when not in test mode),
 * checks that it is a writable cgroup2, and starts watching. 0 also when cgroups stay off. */
int manager_setup_cgroup(Manager *m);
void manager_close_cgroup(Manager *m);
bool manager_has_cgroups(const Manager *m);

/* The unit's cgroup path relative to the root ("/system.slice/foo.service"), computed from
 * its name and Slice=. */
int unit_cgroup_path(Unit *u, char **ret);
/* Creates the unit's cgroup (and its slices') and watches it; sets u->cgroup_path. Returns
 * the absolute directory in *ret_dir (may be NULL) for exec_spawn. 0 with *ret_dir NULL when
 * cgroups are off. */
int unit_realize_cgroup(Unit *u, char **ret_dir);
/* Sends sig to every process in the unit's cgroup (and below), except the manager itself.
 * SIGKILL uses cgroup.kill when present. Returns the number signalled (≥1 for cgroup.kill if
 * populated), 0 when empty or off. */
int unit_cgroup_kill(Unit *u, int sig);
/* Whether the cgroup still has processes; false when off. */
bool unit_cgroup_is_populated(Unit *u);
/* Whether pid lives in the unit's cgroup (or below). */
bool unit_cgroup_contains_pid(Unit *u, pid_t pid);
/* The only process left in the cgroup, for GuessMainPID=; -ENOENT none, -ENOTUNIQ several. */
int unit_cgroup_guess_main_pid(Unit *u, pid_t exclude, pid_t *ret);
/* Removes the cgroup (and everything below it, for delegated subtrees) once empty. */
void unit_prune_cgroup(Unit *u);

/* The unit whose cgroup pid lives in (walking up to the nearest unit's cgroup). */
Unit *manager_get_unit_by_cgroup_of_pid(Manager *m, pid_t pid);
