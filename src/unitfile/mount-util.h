/* mount-util.h — the pure pieces of mount handling, shared by the manager's mount units and
 * the built-in fstab reader, and tested alone: mount option strings ("rw,nofail,x-systemd.
 * after=foo.service") as fstab(5) and systemd.mount(5) use them, which file systems need the
 * network, which mount points stay for the system's whole life, and what an fstab line's
 * options mean as unit dependencies (systemd-fstab-generator(8)'s rules). */
#pragma once

#include <stdbool.h>

/* Whether the comma-separated opts has name (as "name" or "name=value"). */
bool mount_option_has(const char *opts, const char *name);
/* Every value of "name=value" in opts, in order (NULL when none). */
int mount_option_values(const char *opts, const char *name, char ***ret);
/* opts without the options in drop (NULL-terminated; "x-*" drops every x- option). NULL
 * when nothing is left. */
int mount_options_filter(const char *opts, const char *const *drop, char **ret);

/* _netdev, or a file system type that needs the network (nfs, cifs…). */
bool mount_is_network(const char *fstype, const char *opts);
/* "/", "/usr" and the API file systems (/proc, /sys, /dev, /run and below the first three):
 * they stay for the system's whole life and get no dependencies on umount.target. */
bool mount_where_is_extrinsic(const char *where);

/* API file systems (what PID 1 mounts, cgroup hierarchies) and a container's bind mounts of
 * kernel interfaces: mountinfo lists them, but they get no unit, as in systemd. */
bool mount_point_is_ignored(const char *where);

/* What an fstab entry's options mean (systemd-fstab-generator(8), fstab(5)). */
typedef struct MountDeps {
        bool network;           /* ordered against remote-fs.target instead of local-fs.target */
        bool nofail;            /* wanted by, not required by, the target; not ordered before it */
        bool noauto;            /* not pulled in by the target at all */
        bool automount;         /* x-systemd.automount */
        char **requires;        /* x-systemd.requires= unit names (paths become mount units) */
        char **after, **before; /* x-systemd.after=, x-systemd.before= */
        char **wanted_by, **required_by; /* x-systemd.wanted-by=, x-systemd.required-by= */
        char **requires_mounts_for; /* x-systemd.requires-mounts-for=, and paths in requires= */
} MountDeps;

int mount_deps_from_options(const char *fstype, const char *opts, MountDeps *ret);
void mount_deps_done(MountDeps *d);
/* The target an fstab entry belongs to: remote-fs.target or local-fs.target. */
const char *mount_deps_target(const MountDeps *d);
