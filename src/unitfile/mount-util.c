/* mount-util.c — see mount-util.h. Option strings are split by hand rather than with
 * libmount so that the unit-file engine (and sctl) stays free of it; options never contain
 * quoted commas in what systemd reads from fstab's fourth field. */
#include "mount-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static int split_options(const char *opts, char ***ret) {
        *ret = NULL;
        if (isempty(opts))
                return 0;
        return strv_split_full(ret, opts, ",", 0);
}

/* "name" or "name=…" */
static const char *option_matches(const char *opt, const char *name) {
        const char *rest = startswith(opt, name);
        if (!rest)
                return NULL;
        return *rest == 0 || *rest == '=' ? rest : NULL;
}

bool mount_option_has(const char *opts, const char *name) {
        _cleanup_strv_free_ char **l = NULL;
        if (split_options(opts, &l) < 0)
                return false;
        STRV_FOREACH(o, l)
                if (option_matches(*o, name))
                        return true;
        return false;
}

int mount_option_values(const char *opts, const char *name, char ***ret) {
        _cleanup_strv_free_ char **l = NULL, **values = NULL;
        int r = split_options(opts, &l);
        if (r < 0)
                return r;
        STRV_FOREACH(o, l) {
                const char *rest = option_matches(*o, name);
                if (rest && *rest == '=' && strv_extend(&values, rest + 1) < 0)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(values);
        return 0;
}

static bool dropped(const char *opt, const char *const *drop) {
        for (const char *const *d = drop; d && *d; d++) {
                if (streq(*d, "x-*") ? startswith(opt, "x-") != NULL : option_matches(opt, *d) != NULL)
                        return true;
        }
        return false;
}

int mount_options_filter(const char *opts, const char *const *drop, char **ret) {
        _cleanup_strv_free_ char **l = NULL, **kept = NULL;
        int r = split_options(opts, &l);
        if (r < 0)
                return r;
        STRV_FOREACH(o, l)
                if (!isempty(*o) && !dropped(*o, drop) && strv_extend(&kept, *o) < 0)
                        return -ENOMEM;
        if (!kept) {
                *ret = NULL;
                return 0;
        }
        char *s = strv_join(kept, ",");
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

bool mount_is_network(const char *fstype, const char *opts) {
        static const char *const network_types[] = {
                "afs", "ceph", "cifs", "smb3", "smbfs", "sshfs", "ncpfs", "ncp", "nfs", "nfs4",
                "gfs", "gfs2", "glusterfs", "davfs", "pvfs2", "ocfs2", "lustre",
        };
        if (mount_option_has(opts, "_netdev"))
                return true;
        if (!fstype)
                return false;
        /* "fuse.sshfs": the sub-type decides */
        const char *t = startswith(fstype, "fuse.") ?: startswith(fstype, "fuseblk.") ?: fstype;
        for (size_t i = 0; i < ELEMENTSOF(network_types); i++)
                if (streq(t, network_types[i]))
                        return true;
        return false;
}

static bool path_is_or_below(const char *p, const char *prefix) {
        const char *rest = startswith(p, prefix);
        return rest && (*rest == 0 || *rest == '/');
}

bool mount_where_is_extrinsic(const char *where) {
        if (!where)
                return false;
        if (streq(where, "/") || streq(where, "/usr") || streq(where, "/run"))
                return true;
        return path_is_or_below(where, "/proc") || path_is_or_below(where, "/sys") || path_is_or_below(where, "/dev") ||
               path_is_or_below(where, "/run/initramfs");
}

bool mount_point_is_ignored(const char *where) {
        static const char *const ignored[] = {
                "/proc", "/sys", "/dev", "/dev/shm", "/dev/pts", "/run", "/sys/fs/cgroup",
                "/sys/kernel/security", "/sys/fs/pstore", "/sys/firmware/efi/efivars", "/sys/fs/bpf",
                "/sys/fs/smackfs", "/sys/fs/selinux", "/dev/console", "/proc/kmsg", "/proc/sys",
                "/proc/sys/kernel/random/boot_id",
        };
        for (size_t i = 0; i < ELEMENTSOF(ignored); i++)
                if (streq(where, ignored[i]))
                        return true;
        return startswith(where, "/sys/fs/cgroup/") != NULL;
}

/* x-systemd.requires=: a unit name, or a path meaning the device or mount unit of that path
 * (systemd-fstab-generator(8)); a name without a suffix is a mount unit. */
static int requirement_unit(const char *s, char **ret) {
        if (path_is_absolute(s))
                return unit_name_from_path(s, path_is_or_below(s, "/dev") ? ".device" : ".mount", ret);
        if (unit_name_is_valid(s, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return (*ret = strdup(s)) ? 0 : -ENOMEM;
        _cleanup_free_ char *n = strjoin(s, ".mount");
        if (!n || !unit_name_is_valid(n, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return n ? -EINVAL : -ENOMEM;
        *ret = TAKE_PTR(n);
        return 0;
}

int mount_deps_from_options(const char *fstype, const char *opts, MountDeps *ret) {
        MountDeps d = {
                .network = mount_is_network(fstype, opts),
                .nofail = mount_option_has(opts, "nofail"),
                .noauto = mount_option_has(opts, "noauto"),
                .automount = mount_option_has(opts, "x-systemd.automount") || mount_option_has(opts, "comment=systemd.automount"),
        };
        _cleanup_strv_free_ char **req = NULL;
        int r;
        if ((r = mount_option_values(opts, "x-systemd.requires", &req)) < 0 ||
            (r = mount_option_values(opts, "x-systemd.after", &d.after)) < 0 ||
            (r = mount_option_values(opts, "x-systemd.before", &d.before)) < 0 ||
            (r = mount_option_values(opts, "x-systemd.wanted-by", &d.wanted_by)) < 0 ||
            (r = mount_option_values(opts, "x-systemd.required-by", &d.required_by)) < 0 ||
            (r = mount_option_values(opts, "x-systemd.requires-mounts-for", &d.requires_mounts_for)) < 0)
                goto fail;
        STRV_FOREACH(s, req) {
                char *u = NULL;
                if (requirement_unit(*s, &u) < 0)
                        continue; /* not a unit name: the generator skips it with a warning */
                if ((r = strv_consume_unique(&d.requires, u)) < 0)
                        goto fail;
        }
        /* names in after=/before= that are paths mean the units of those paths, too */
        char **lists[] = { d.after, d.before };
        for (size_t i = 0; i < ELEMENTSOF(lists); i++)
                STRV_FOREACH(s, lists[i]) {
                        char *u = NULL;
                        if (!path_is_absolute(*s) || requirement_unit(*s, &u) < 0)
                                continue;
                        free(*s);
                        *s = u;
                }
        *ret = d;
        return 0;
fail:
        mount_deps_done(&d);
        return r;
}

void mount_deps_done(MountDeps *d) {
        d->requires = strv_free(d->requires);
        d->after = strv_free(d->after);
        d->before = strv_free(d->before);
        d->wanted_by = strv_free(d->wanted_by);
        d->required_by = strv_free(d->required_by);
        d->requires_mounts_for = strv_free(d->requires_mounts_for);
}

const char *mount_deps_target(const MountDeps *d) {
        return d->network ? "remote-fs.target" : "local-fs.target";
}
