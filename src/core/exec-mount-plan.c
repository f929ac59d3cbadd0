/* exec-mount-plan.c — see exec-mount-plan.h. The fixed path tables below are the paths
 * systemd.exec(5) of systemd 252 documents for each Protect*= setting. */
#include <errno.h>
#include <stdlib.h>

#include "exec-mount-plan.h"
#include "macro.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

typedef struct FixedEntry {
        const char *path;
        MountMode mode;
        bool ignore_missing;
} FixedEntry;

static const FixedEntry protect_system_yes[] = {
        { "/usr", MOUNT_READ_ONLY, false },
        { "/boot", MOUNT_READ_ONLY, true },
        { "/efi", MOUNT_READ_ONLY, true },
};

static const FixedEntry protect_system_full[] = {
        { "/usr", MOUNT_READ_ONLY, false },
        { "/boot", MOUNT_READ_ONLY, true },
        { "/efi", MOUNT_READ_ONLY, true },
        { "/etc", MOUNT_READ_ONLY, false },
};

/* strict: everything read-only but the API file systems, which the Private*=/Protect*=
 * settings of their own govern, and the home directories, which ProtectHome= governs. */
static const FixedEntry protect_system_strict[] = {
        { "/", MOUNT_READ_ONLY, false },
        { "/proc", MOUNT_READ_WRITE_IMPLICIT, false },
        { "/sys", MOUNT_READ_WRITE_IMPLICIT, false },
        { "/dev", MOUNT_READ_WRITE_IMPLICIT, false },
        { "/home", MOUNT_READ_WRITE_IMPLICIT, true },
        { "/run/user", MOUNT_READ_WRITE_IMPLICIT, true },
        { "/root", MOUNT_READ_WRITE_IMPLICIT, true },
};

static const char *const home_paths[] = { "/home", "/run/user", "/root" };

static const FixedEntry protect_kernel_tunables[] = {
        { "/proc/acpi", MOUNT_READ_ONLY, true },
        { "/proc/apm", MOUNT_READ_ONLY, true },
        { "/proc/asound", MOUNT_READ_ONLY, true },
        { "/proc/bus", MOUNT_READ_ONLY, true },
        { "/proc/fs", MOUNT_READ_ONLY, true },
        { "/proc/irq", MOUNT_READ_ONLY, true },
        { "/proc/kallsyms", MOUNT_INACCESSIBLE, true },
        { "/proc/kcore", MOUNT_INACCESSIBLE, true },
        { "/proc/latency_stats", MOUNT_READ_ONLY, true },
        { "/proc/mtrr", MOUNT_READ_ONLY, true },
        { "/proc/scsi", MOUNT_READ_ONLY, true },
        { "/proc/sys", MOUNT_READ_ONLY, true },
        { "/proc/sysrq-trigger", MOUNT_READ_ONLY, true },
        { "/proc/timer_stats", MOUNT_READ_ONLY, true },
        { "/sys", MOUNT_READ_ONLY, false },
        { "/sys/fs/bpf", MOUNT_READ_ONLY, true },
        /* read-only only if ProtectControlGroups= says so */
        { "/sys/fs/cgroup", MOUNT_READ_WRITE_IMPLICIT, false },
        { "/sys/fs/selinux", MOUNT_READ_WRITE_IMPLICIT, true },
        { "/sys/kernel/debug", MOUNT_READ_ONLY, true },
        { "/sys/kernel/tracing", MOUNT_READ_ONLY, true },
};

static const FixedEntry protect_kernel_modules[] = {
        { "/lib/modules", MOUNT_INACCESSIBLE, true },
        { "/usr/lib/modules", MOUNT_INACCESSIBLE, true },
};

static const FixedEntry protect_kernel_logs[] = {
        { "/proc/kmsg", MOUNT_INACCESSIBLE, true },
        { "/dev/kmsg", MOUNT_INACCESSIBLE, true },
};

/* Where RuntimeDirectory= and friends live; ProtectSystem= must leave them writable. */
static const char *const directory_bases[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "/run",
        [EXEC_DIRECTORY_STATE] = "/var/lib",
        [EXEC_DIRECTORY_CACHE] = "/var/cache",
        [EXEC_DIRECTORY_LOGS] = "/var/log",
        [EXEC_DIRECTORY_CONFIGURATION] = "/etc",
};

static const char *const mode_names[_MOUNT_MODE_MAX] = {
        [MOUNT_INACCESSIBLE] = "inaccessible",
        [MOUNT_BIND] = "bind",
        [MOUNT_PRIVATE_TMP] = "private-tmp",
        [MOUNT_PRIVATE_DEV] = "private-dev",
        [MOUNT_PROCFS] = "procfs",
        [MOUNT_TMPFS] = "tmpfs",
        [MOUNT_READ_ONLY] = "read-only",
        [MOUNT_READ_WRITE] = "read-write",
        [MOUNT_READ_WRITE_IMPLICIT] = "read-write-implicit",
        [MOUNT_NOEXEC] = "noexec",
        [MOUNT_EXEC] = "exec",
};

const char *mount_mode_to_string(MountMode m) {
        return m < _MOUNT_MODE_MAX ? mode_names[m] : NULL;
}

bool exec_context_needs_mount_namespace(const ExecContext *c) {
        return c->private_tmp || c->private_devices || c->protect_system != PROTECT_SYSTEM_NO ||
               c->protect_home != PROTECT_HOME_NO || c->protect_kernel_tunables || c->protect_kernel_modules ||
               c->protect_kernel_logs || c->protect_control_groups || c->protect_proc != PROTECT_PROC_DEFAULT ||
               c->proc_subset != PROC_SUBSET_ALL || c->private_mounts > 0 || c->read_write_paths ||
               c->read_only_paths || c->inaccessible_paths || c->exec_paths || c->no_exec_paths ||
               c->n_bind_mounts > 0 || c->n_temporary_filesystems > 0 ||
               c->mount_propagation != MOUNT_PROPAGATION_UNSET;
}

int mount_plan_add(MountPlan *p, const char *path, MountMode mode, const char *source, const char *options,
                   bool ignore_missing, bool read_only, bool recursive) {
        MountEntry *n = realloc(p->entries, (p->n + 1) * sizeof(MountEntry));
        if (!n)
                return -ENOMEM;
        p->entries = n;
        MountEntry e = {
                .path = strdup(path),
                .mode = mode,
                .source = source ? strdup(source) : NULL,
                .options = options ? strdup(options) : NULL,
                .ignore_missing = ignore_missing,
                .read_only = read_only,
                .recursive = recursive,
        };
        if (!e.path || (source && !e.source) || (options && !e.options)) {
                free(e.path);
                free(e.source);
                free(e.options);
                return -ENOMEM;
        }
        /* "/a/b/" and "/a//b" name the same place as "/a/b"; compare them as one. */
        path_simplify(e.path);
        n[p->n++] = e;
        return 0;
}

static int add_fixed(MountPlan *p, const FixedEntry *t, size_t n) {
        for (size_t i = 0; i < n; i++) {
                int r = mount_plan_add(p, t[i].path, t[i].mode, NULL, NULL, t[i].ignore_missing, false, false);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ReadWritePaths= and its siblings: "-" may be missing, "+" is below RootDirectory=. */
static int add_path_list(MountPlan *p, char **list, MountMode mode, const char *root) {
        STRV_FOREACH(s, list) {
                const char *e = *s;
                bool ignore = false, in_root = false;
                for (;; e++) {
                        if (*e == '-')
                                ignore = true;
                        else if (*e == '+')
                                in_root = true;
                        else
                                break;
                }
                _cleanup_free_ char *full = in_root && root ? path_join(root, e) : NULL;
                if (in_root && root && !full)
                        return -ENOMEM;
                int r = mount_plan_add(p, full ?: e, mode, NULL, NULL, ignore, false, false);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int add_protect_home(MountPlan *p, ProtectHome h) {
        for (size_t i = 0; i < ELEMENTSOF(home_paths); i++) {
                int r = 0;
                if (h == PROTECT_HOME_YES)
                        r = mount_plan_add(p, home_paths[i], MOUNT_INACCESSIBLE, NULL, NULL, true, false, false);
                else if (h == PROTECT_HOME_READ_ONLY)
                        r = mount_plan_add(p, home_paths[i], MOUNT_READ_ONLY, NULL, NULL, true, false, false);
                else if (h == PROTECT_HOME_TMPFS)
                        r = mount_plan_add(p, home_paths[i], MOUNT_TMPFS, NULL, "mode=0755", true, true, false);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int add_procfs(MountPlan *p, const ExecContext *c) {
        static const char *const hidepid[_PROTECT_PROC_MAX] = {
                [PROTECT_PROC_NOACCESS] = "hidepid=noaccess",
                [PROTECT_PROC_INVISIBLE] = "hidepid=invisible",
                [PROTECT_PROC_PTRACEABLE] = "hidepid=ptraceable",
        };
        _cleanup_free_ char *o = NULL;
        if (c->protect_proc != PROTECT_PROC_DEFAULT && !(o = strdup(hidepid[c->protect_proc])))
                return -ENOMEM;
        if (c->proc_subset == PROC_SUBSET_PID && !(o ? strextend(&o, ",subset=pid") : (o = strdup("subset=pid"))))
                return -ENOMEM;
        return mount_plan_add(p, "/proc", MOUNT_PROCFS, NULL, o, false, false, false);
}

/* Whether another item of d is a parent directory of path ("aaa" for "aaa/bbb"). */
static bool has_listed_parent(const ExecDirectory *d, const char *path) {
        for (size_t i = 0; i < d->n_items; i++) {
                size_t l = strlen(d->items[i].path);
                if (strncmp(d->items[i].path, path, l) == 0 && path[l] == '/')
                        return true;
        }
        return false;
}

/* DynamicUser=: the state, cache and logs directories really live below BASE/private, which
 * is 0700 root so that no other user (a recycled dynamic id included) reaches them. The
 * service itself must: it sees a fresh 0755 tmpfs on BASE/private holding only its own
 * directories, bound there from the real ones (opened before any mount). The public names
 * (BASE/NAME, symlinks into private/) then resolve inside the service too. */
static int add_dynamic_user_private(MountPlan *p, const ExecContext *c, const char *root) {
        static const ExecDirectoryType types[] = { EXEC_DIRECTORY_STATE, EXEC_DIRECTORY_CACHE, EXEC_DIRECTORY_LOGS };
        for (size_t t = 0; t < ELEMENTSOF(types); t++) {
                const ExecDirectory *d = &c->directories[types[t]];
                if (d->n_items == 0)
                        continue;
                _cleanup_free_ char *private = path_join(directory_bases[types[t]], "private");
                if (!private)
                        return -ENOMEM;
                int r = mount_plan_add(p, private, MOUNT_TMPFS, NULL, "mode=0755", false, false, false);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < d->n_items; i++) {
                        if (has_listed_parent(d, d->items[i].path))
                                continue; /* comes with its parent's bind */
                        _cleanup_free_ char *real = path_join(private, d->items[i].path);
                        _cleanup_free_ char *src = real && root ? path_join(root, real) : NULL;
                        if (!real || (root && !src))
                                return -ENOMEM;
                        r = mount_plan_add(p, real, MOUNT_BIND, src ?: real, NULL, false, false, true);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

int mount_plan_build(const ExecContext *c, const PrivateTmpDirs *tmp, MountPlan *ret) {
        MountPlan p = {};
        int r = 0;
        const char *root = c->root_directory;

#define TRY(x)                      \
        do {                        \
                r = (x);            \
                if (r < 0)          \
                        goto fail;  \
        } while (0)

        TRY(add_path_list(&p, c->read_write_paths, MOUNT_READ_WRITE, root));
        TRY(add_path_list(&p, c->read_only_paths, MOUNT_READ_ONLY, root));
        TRY(add_path_list(&p, c->inaccessible_paths, MOUNT_INACCESSIBLE, root));
        TRY(add_path_list(&p, c->exec_paths, MOUNT_EXEC, root));
        TRY(add_path_list(&p, c->no_exec_paths, MOUNT_NOEXEC, root));
        /* Everything from here on is a place inside the unit's RootDirectory=, where the
         * service will see it; the path lists above are host paths unless marked "+". */
        size_t first_in_root = p.n;
        for (size_t i = 0; i < c->n_bind_mounts; i++) {
                const BindMount *b = &c->bind_mounts[i];
                TRY(mount_plan_add(&p, b->destination, MOUNT_BIND, b->source, NULL, b->ignore_enoent, b->read_only,
                                   b->recursive));
        }
        for (size_t i = 0; i < c->n_temporary_filesystems; i++) {
                const TemporaryFileSystem *t = &c->temporary_filesystems[i];
                bool ro = false;
                _cleanup_strv_free_ char **opts = NULL;
                if (t->options && strv_split_full(&opts, t->options, ",", 0) < 0)
                        TRY(-ENOMEM);
                STRV_FOREACH(o, opts) {
                        if (streq(*o, "ro"))
                                ro = true;
                        else if (streq(*o, "rw"))
                                ro = false;
                }
                TRY(mount_plan_add(&p, t->path, MOUNT_TMPFS, NULL, t->options, false, ro, false));
        }
        /* StateDirectory= and friends stay writable whatever ProtectSystem=/ProtectHome= say. */
        for (ExecDirectoryType d = 0; d < _EXEC_DIRECTORY_TYPE_MAX; d++)
                for (size_t i = 0; i < c->directories[d].n_items; i++) {
                        _cleanup_free_ char *path = path_join(directory_bases[d], c->directories[d].items[i].path);
                        if (!path)
                                TRY(-ENOMEM);
                        TRY(mount_plan_add(&p, path, MOUNT_READ_WRITE, NULL, NULL, true, false, false));
                }
        if (c->dynamic_user)
                TRY(add_dynamic_user_private(&p, c, root));
        if (tmp && tmp->tmp)
                TRY(mount_plan_add(&p, "/tmp", MOUNT_PRIVATE_TMP, tmp->tmp, NULL, false, false, false));
        if (tmp && tmp->var_tmp)
                TRY(mount_plan_add(&p, "/var/tmp", MOUNT_PRIVATE_TMP, tmp->var_tmp, NULL, false, false, false));
        if (c->private_devices)
                TRY(mount_plan_add(&p, "/dev", MOUNT_PRIVATE_DEV, NULL, NULL, false, false, false));
        if (c->protect_proc != PROTECT_PROC_DEFAULT || c->proc_subset != PROC_SUBSET_ALL)
                TRY(add_procfs(&p, c));
        if (c->protect_kernel_tunables)
                TRY(add_fixed(&p, protect_kernel_tunables, ELEMENTSOF(protect_kernel_tunables)));
        if (c->protect_kernel_modules)
                TRY(add_fixed(&p, protect_kernel_modules, ELEMENTSOF(protect_kernel_modules)));
        if (c->protect_kernel_logs)
                TRY(add_fixed(&p, protect_kernel_logs, ELEMENTSOF(protect_kernel_logs)));
        if (c->protect_control_groups)
                TRY(mount_plan_add(&p, "/sys/fs/cgroup", MOUNT_READ_ONLY, NULL, NULL, false, false, false));
        TRY(add_protect_home(&p, c->protect_home));
        if (c->protect_system == PROTECT_SYSTEM_YES)
                TRY(add_fixed(&p, protect_system_yes, ELEMENTSOF(protect_system_yes)));
        else if (c->protect_system == PROTECT_SYSTEM_FULL)
                TRY(add_fixed(&p, protect_system_full, ELEMENTSOF(protect_system_full)));
        else if (c->protect_system == PROTECT_SYSTEM_STRICT)
                TRY(add_fixed(&p, protect_system_strict, ELEMENTSOF(protect_system_strict)));
        for (size_t i = first_in_root; root && i < p.n; i++) {
                char *j = path_join(root, p.entries[i].path);
                if (!j)
                        TRY(-ENOMEM);
                free(p.entries[i].path);
                p.entries[i].path = path_simplify(j);
        }
#undef TRY
        mount_plan_normalize(&p);
        *ret = p;
        return 0;
fail:
        mount_plan_done(&p);
        return r;
}

static void entry_done(MountEntry *e) {
        free(e->path);
        free(e->source);
        free(e->options);
}

void mount_plan_done(MountPlan *p) {
        for (size_t i = 0; i < p->n; i++)
                entry_done(&p->entries[i]);
        free(p->entries);
        *p = (MountPlan) {};
}

/* Component-wise, so that "/a" < "/a/b" < "/a-b": a parent always sorts right before its
 * subtree, whatever characters its siblings' names have. */
static int path_compare(const char *a, const char *b) {
        for (;;) {
                a += strspn(a, "/");
                b += strspn(b, "/");
                if (!*a || !*b)
                        return (*a != 0) - (*b != 0);
                size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
                int r = strncmp(a, b, MIN(la, lb));
                if (r != 0)
                        return r;
                if (la != lb)
                        return la < lb ? -1 : 1;
                a += la;
                b += lb;
        }
}

static int entry_compare(const void *x, const void *y) {
        const MountEntry *a = x, *b = y;
        int r = path_compare(a->path, b->path);
        if (r != 0)
                return r;
        return (a->mode > b->mode) - (a->mode < b->mode);
}

static bool path_below_or_equal(const char *child, const char *parent) {
        if (streq(parent, "/"))
                return true;
        size_t l = strlen(parent);
        return strncmp(child, parent, l) == 0 && (child[l] == 0 || child[l] == '/');
}

int mount_entry_read_only(const MountEntry *e) {
        switch (e->mode) {
        case MOUNT_INACCESSIBLE:
        case MOUNT_READ_ONLY:
                return 1;
        case MOUNT_BIND:
        case MOUNT_TMPFS:
                return e->read_only;
        case MOUNT_PRIVATE_TMP:
        case MOUNT_PRIVATE_DEV:
        case MOUNT_PROCFS:
        case MOUNT_READ_WRITE:
        case MOUNT_READ_WRITE_IMPLICIT:
                return 0;
        default:
                return -1;
        }
}

typedef enum MountKind {
        KIND_MOUNT,
        KIND_WRITABLE,
        KIND_EXEC,
} MountKind;

static MountKind kind_of(MountMode m) {
        return m >= MOUNT_NOEXEC ? KIND_EXEC : m >= MOUNT_READ_ONLY ? KIND_WRITABLE : KIND_MOUNT;
}

static void drop_entries(MountPlan *p, bool (*drop)(const MountPlan *kept, size_t n_kept, const MountEntry *e)) {
        size_t w = 0;
        for (size_t i = 0; i < p->n; i++) {
                MountEntry *e = &p->entries[i];
                if (drop(p, w, e)) {
                        entry_done(e);
                        continue;
                }
                p->entries[w++] = *e;
        }
        p->n = w;
}

/* For one path: the highest-priority entry of each kind, nothing besides an inaccessible
 * entry, no implicit read-write entry besides anything else (see MountMode). And nothing
 * below an inaccessible path, which cannot be reached. */
static bool drop_duplicate(const MountPlan *p, size_t w, const MountEntry *e) {
        for (size_t j = w; j-- > 0 && streq(p->entries[j].path, e->path);)
                if (p->entries[j].mode == MOUNT_INACCESSIBLE || kind_of(p->entries[j].mode) == kind_of(e->mode) ||
                    e->mode == MOUNT_READ_WRITE_IMPLICIT)
                        return true;
        for (size_t j = 0; j < w; j++)
                if (p->entries[j].mode == MOUNT_INACCESSIBLE && path_below_or_equal(e->path, p->entries[j].path))
                        return true;
        return false;
}

/* An attribute entry that repeats what the nearest entry above it (or before it, for the
 * same path) already gives changes nothing: ReadOnlyPaths=/usr/lib below ProtectSystem='s
 * read-only /usr. For writability every entry that says something counts (a private /dev
 * is writable, a read-only bind is not); for exec only the exec entries. Runs after
 * drop_duplicate(), so that an entry dropped here still hid its lower-priority twin. */
static bool drop_nop(const MountPlan *p, size_t w, const MountEntry *e) {
        if (e->mode != MOUNT_READ_ONLY && e->mode != MOUNT_READ_WRITE && kind_of(e->mode) != KIND_EXEC)
                return false;
        for (size_t j = w; j-- > 0;) {
                const MountEntry *a = &p->entries[j];
                if (!path_below_or_equal(e->path, a->path))
                        continue;
                if (kind_of(e->mode) == KIND_EXEC) {
                        if (kind_of(a->mode) == KIND_EXEC)
                                return a->mode == e->mode;
                } else if (mount_entry_read_only(a) >= 0)
                        return mount_entry_read_only(a) == mount_entry_read_only(e);
        }
        return false;
}

void mount_plan_normalize(MountPlan *p) {
        if (p->n > 1)
                qsort(p->entries, p->n, sizeof(MountEntry), entry_compare);
        drop_entries(p, drop_duplicate);
        drop_entries(p, drop_nop);
}
