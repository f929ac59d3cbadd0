/* exec-mounts.c — carries out a mount plan (exec-mount-plan.h) in the forked child, inside
 * the unit's fresh mount namespace. Two passes, both in plan order (parents first): the first
 * mounts (binds every listed path onto itself so it gets a mount of its own, mounts tmpfs,
 * /tmp, /dev, /proc), the second sets read-only and noexec with mount_setattr(2) on each
 * entry's whole subtree. Because a child entry comes after its parent, its own attributes
 * win over the parent's recursive ones — ReadWritePaths=/var/lib/foo stays writable under
 * ProtectSystem=strict — without the deny lists a single-pass remount would need. Mounts
 * that were read-only before the namespace existed stay read-only. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "exec-mount-plan.h"
#include "exec-sandbox-internal.h"
#include "fs-util.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

#define INACCESSIBLE_DIR "/run/sysmaster/inaccessible"

/* The mount points that are read-only before we start, from /proc/self/mountinfo. */
static char **read_only_snapshot(void) {
        _cleanup_(fclosep) FILE *f = fopen("/proc/self/mountinfo", "re");
        char **l = NULL;
        if (!f)
                return NULL;
        char *line = NULL;
        size_t n = 0;
        while (getline(&line, &n, f) > 0) {
                char mp[4096], opts[1024];
                if (sscanf(line, "%*d %*d %*s %*s %4095s %1023s", mp, opts) != 2)
                        continue;
                if (!(streq(opts, "ro") || startswith(opts, "ro,")))
                        continue;
                _cleanup_free_ char *u = NULL;
                /* mountinfo escapes space, tab, newline and backslash as \ooo */
                if (cunescape(mp, &u) < 0 || strv_push(&l, TAKE_PTR(u)) < 0)
                        break;
        }
        free(line);
        return l;
}

static int setattr(const char *path, uint64_t set, uint64_t clr, bool recursive) {
        struct mount_attr a = { .attr_set = set, .attr_clr = clr };
        if (mount_setattr(AT_FDCWD, path, recursive ? AT_RECURSIVE : 0, &a, sizeof a) < 0)
                return -errno;
        return 0;
}

static bool below_or_equal(const char *child, const char *parent) {
        size_t l = strlen(parent);
        if (streq(parent, "/"))
                return true;
        return strncmp(child, parent, l) == 0 && (child[l] == 0 || child[l] == '/');
}

/* The empty, mode 0000 directory and file InaccessiblePaths= mounts over what it hides. */
static int make_inaccessible_nodes(void) {
        if (mkdir_p(INACCESSIBLE_DIR, 0755) < 0 && errno != EEXIST)
                return -errno;
        if (mkdir(INACCESSIBLE_DIR "/dir", 0000) < 0 && errno != EEXIST)
                return -errno;
        int fd = open(INACCESSIBLE_DIR "/reg", O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0000);
        if (fd < 0)
                return -errno;
        close(fd);
        /* A device node 0:0 over a device keeps it a device (as systemd's does) that nothing
         * can open. Not allowed in a container; the file then serves for devices too. */
        (void) mknod(INACCESSIBLE_DIR "/chr", S_IFCHR | 0000, makedev(0, 0));
        return 0;
}

static const char *inaccessible_source(mode_t mode) {
        struct stat st;
        if (S_ISDIR(mode))
                return INACCESSIBLE_DIR "/dir";
        if ((S_ISCHR(mode) || S_ISBLK(mode)) && lstat(INACCESSIBLE_DIR "/chr", &st) == 0 && S_ISCHR(st.st_mode))
                return INACCESSIBLE_DIR "/chr";
        return INACCESSIBLE_DIR "/reg";
}

static int make_mount_point(const char *path, bool dir) {
        _cleanup_free_ char *parent = path_dirname(path);
        if (!parent)
                return -ENOMEM;
        if (mkdir_p(parent, 0755) < 0 && errno != EEXIST)
                return -errno;
        if (dir)
                return mkdir(path, 0755) < 0 && errno != EEXIST ? -errno : 0;
        int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return -errno;
        close(fd);
        return 0;
}

static int bind(const char *src, const char *dst, bool recursive) {
        if (mount(src, dst, NULL, MS_BIND | (recursive ? MS_REC : 0), NULL) < 0)
                return -errno;
        return 0;
}

/* Splits TemporaryFileSystem= options into mount flags and the data tmpfs understands. */
static int tmpfs_options(const char *options, unsigned long *flags, char **data) {
        static const struct {
                const char *name;
                unsigned long set, clear;
        } map[] = {
                { "ro", MS_RDONLY, 0 },
                { "rw", 0, MS_RDONLY },
                { "nosuid", MS_NOSUID, 0 },
                { "suid", 0, MS_NOSUID },
                { "nodev", MS_NODEV, 0 },
                { "dev", 0, MS_NODEV },
                { "noexec", MS_NOEXEC, 0 },
                { "exec", 0, MS_NOEXEC },
                { "sync", MS_SYNCHRONOUS, 0 },
                { "async", 0, MS_SYNCHRONOUS },
                { "dirsync", MS_DIRSYNC, 0 },
                { "noatime", MS_NOATIME, 0 },
                { "atime", 0, MS_NOATIME },
                { "nodiratime", MS_NODIRATIME, 0 },
                { "diratime", 0, MS_NODIRATIME },
                { "relatime", MS_RELATIME, 0 },
                { "norelatime", 0, MS_RELATIME },
                { "strictatime", MS_STRICTATIME, 0 },
                { "nostrictatime", 0, MS_STRICTATIME },
                { "lazytime", MS_LAZYTIME, 0 },
                { "nolazytime", 0, MS_LAZYTIME },
                { "nosymfollow", MS_NOSYMFOLLOW, 0 },
                { "defaults", 0, 0 },
        };
        _cleanup_strv_free_ char **words = NULL;
        _cleanup_free_ char *d = NULL;
        bool has_mode = false;
        if (options && strv_split_full(&words, options, ",", 0) < 0)
                return -ENOMEM;
        STRV_FOREACH(w, words) {
                size_t i;
                for (i = 0; i < ELEMENTSOF(map); i++)
                        if (streq(*w, map[i].name)) {
                                *flags = (*flags | map[i].set) & ~map[i].clear;
                                break;
                        }
                if (i < ELEMENTSOF(map))
                        continue;
                has_mode = has_mode || startswith(*w, "mode=");
                if (!(d ? strextend(&d, ",", *w) : (d = strdup(*w))))
                        return -ENOMEM;
        }
        /* systemd's default for an empty TemporaryFileSystem= */
        if (!has_mode && !(d ? strextend(&d, ",mode=0755") : (d = strdup("mode=0755"))))
                return -ENOMEM;
        *data = TAKE_PTR(d);
        return 0;
}

static int mount_tmpfs(const MountEntry *e) {
        unsigned long flags = MS_NODEV | MS_STRICTATIME;
        _cleanup_free_ char *data = NULL;
        int r = tmpfs_options(e->options, &flags, &data);
        if (r < 0)
                return r;
        r = make_mount_point(e->path, true);
        if (r < 0)
                return r;
        /* read-only is set in the second pass, once the tmpfs could be filled */
        if (mount("tmpfs", e->path, "tmpfs", flags & ~MS_RDONLY, data) < 0)
                return -errno;
        return 0;
}

/* A minimal /dev: the harmless device nodes, bound from the host's (which works in a
 * container too, where mknod is denied), /dev/pts, /dev/shm and friends, and the usual
 * symlinks. The host nodes are opened before the tmpfs hides them and bound through
 * /proc/self/fd. */
static int mount_private_dev(void) {
        static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
        static const char *const dirs[] = { "pts", "shm", "mqueue", "hugepages" };
        int node_fd[ELEMENTSOF(nodes)], dir_fd[ELEMENTSOF(dirs)];
        int r = 0;
        char host_log[256] = "";
        ssize_t ll = readlink("/dev/log", host_log, sizeof host_log - 1);
        host_log[ll > 0 ? ll : 0] = 0;
        int log_fd = ll < 0 ? open("/dev/log", O_PATH | O_CLOEXEC | O_NOFOLLOW) : -1;

        for (size_t i = 0; i < ELEMENTSOF(nodes); i++) {
                char p[64];
                snprintf(p, sizeof p, "/dev/%s", nodes[i]);
                node_fd[i] = open(p, O_PATH | O_CLOEXEC);
        }
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                char p[64];
                snprintf(p, sizeof p, "/dev/%s", dirs[i]);
                dir_fd[i] = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
        }
        if (mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC | MS_STRICTATIME, "mode=0755,size=4m") < 0) {
                r = -errno;
                goto finish;
        }
        for (size_t i = 0; i < ELEMENTSOF(nodes); i++) {
                char p[64], src[64];
                if (node_fd[i] < 0)
                        continue;
                snprintf(p, sizeof p, "/dev/%s", nodes[i]);
                snprintf(src, sizeof src, "/proc/self/fd/%d", node_fd[i]);
                if ((r = make_mount_point(p, false)) < 0 || (r = bind(src, p, false)) < 0)
                        goto finish;
        }
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                char p[64], src[64];
                if (dir_fd[i] < 0)
                        continue;
                snprintf(p, sizeof p, "/dev/%s", dirs[i]);
                snprintf(src, sizeof src, "/proc/self/fd/%d", dir_fd[i]);
                if ((r = make_mount_point(p, true)) < 0 || (r = bind(src, p, true)) < 0)
                        goto finish;
        }
        if (log_fd >= 0) {
                char src[64];
                snprintf(src, sizeof src, "/proc/self/fd/%d", log_fd);
                if (make_mount_point("/dev/log", false) < 0 || bind(src, "/dev/log", false) < 0)
                        (void) unlink("/dev/log"); /* a socket node is a convenience, not a must */
        } else if (host_log[0])
                (void) symlink(host_log, "/dev/log");
        (void) symlink("pts/ptmx", "/dev/ptmx");
        (void) symlink("/proc/self/fd", "/dev/fd");
        (void) symlink("/proc/self/fd/0", "/dev/stdin");
        (void) symlink("/proc/self/fd/1", "/dev/stdout");
        (void) symlink("/proc/self/fd/2", "/dev/stderr");
        if (access("/proc/kcore", F_OK) == 0)
                (void) symlink("/proc/kcore", "/dev/core");
finish:
        for (size_t i = 0; i < ELEMENTSOF(nodes); i++)
                if (node_fd[i] >= 0)
                        close(node_fd[i]);
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++)
                if (dir_fd[i] >= 0)
                        close(dir_fd[i]);
        if (log_fd >= 0)
                close(log_fd);
        return r;
}

/* ProtectProc=/ProcSubset=: a new procfs instance with those options. Kernels before 5.8
 * do not know them per mount; systemd.exec(5) says the setting then has no effect, so that
 * case keeps the old /proc, with a warning. */
static int mount_procfs(const MountEntry *e, const char *unit) {
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, e->options) == 0)
                return 0;
        int r = -errno;
        if (r != -EINVAL)
                return r;
        log_warning_errno(r, "%s: this kernel does not support ProtectProc=/ProcSubset= (%s), ignoring", unit,
                          e->options ?: "");
        return bind("/proc", "/proc", true);
}

/* What the mount pass learned about an entry. */
typedef struct EntryState {
        int source_fd;  /* MOUNT_BIND, MOUNT_PRIVATE_TMP: the source, opened before any mount */
        bool source_ro; /* the source was on a read-only mount */
        bool skipped;   /* missing, and allowed to be */
} EntryState;

static int apply_one(const MountEntry *e, EntryState *es, const char *unit) {
        struct stat st;
        char src[64];
        int r;
        switch (e->mode) {
        case MOUNT_INACCESSIBLE:
        case MOUNT_READ_ONLY:
        case MOUNT_READ_WRITE:
        case MOUNT_READ_WRITE_IMPLICIT:
        case MOUNT_EXEC:
        case MOUNT_NOEXEC:
                if (stat(e->path, &st) < 0) {
                        if (errno == ENOENT && e->ignore_missing) {
                                es->skipped = true;
                                return 0;
                        }
                        return log_error_errno(errno, "%s: cannot access %s", unit, e->path);
                }
                if (e->mode == MOUNT_INACCESSIBLE)
                        return bind(inaccessible_source(st.st_mode), e->path, false);
                /* a mount of its own, so its attributes can differ from its parent's */
                return bind(e->path, e->path, true);
        case MOUNT_BIND:
        case MOUNT_PRIVATE_TMP:
                if (es->skipped)
                        return 0;
                if (fstat(es->source_fd, &st) < 0)
                        return -errno;
                if ((r = make_mount_point(e->path, S_ISDIR(st.st_mode))) < 0)
                        return log_error_errno(r, "%s: cannot create mount point %s", unit, e->path);
                snprintf(src, sizeof src, "/proc/self/fd/%d", es->source_fd);
                return bind(src, e->path, e->mode == MOUNT_BIND && e->recursive);
        case MOUNT_PRIVATE_DEV:
                return mount_private_dev();
        case MOUNT_PROCFS:
                return mount_procfs(e, unit);
        case MOUNT_TMPFS:
                return mount_tmpfs(e);
        default:
                return -EINVAL;
        }
}

/* The second pass for one entry. */
static int apply_attributes(const MountEntry *e, const EntryState *es, char **was_read_only) {
        int ro = mount_entry_read_only(e);
        if (ro == 0 && es->source_ro)
                ro = 1;
        int r = 0;
        if (e->mode == MOUNT_INACCESSIBLE)
                return setattr(e->path, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, 0,
                               false);
        if (ro > 0)
                return setattr(e->path, MOUNT_ATTR_RDONLY, 0, true);
        if (ro == 0) {
                /* Making writable again what a parent entry made read-only. That can fail in a
                 * user namespace (locked mounts); then the entry just stays read-only, which
                 * is stricter, never looser. */
                if (setattr(e->path, 0, MOUNT_ATTR_RDONLY, true) < 0)
                        return 0;
                STRV_FOREACH(m, was_read_only)
                        if (below_or_equal(*m, e->path))
                                (void) setattr(*m, MOUNT_ATTR_RDONLY, 0, false);
                return 0;
        }
        if (e->mode == MOUNT_NOEXEC)
                r = setattr(e->path, MOUNT_ATTR_NOEXEC, 0, true);
        else if (e->mode == MOUNT_EXEC)
                r = setattr(e->path, 0, MOUNT_ATTR_NOEXEC, true);
        return r;
}

/* Bind sources name places in the tree as it was before the namespace changed anything:
 * BindReadOnlyPaths=/usr/bin with TemporaryFileSystem=/usr binds the host's /usr/bin, not
 * a path inside the new, empty /usr. So every source is opened first, and bound through
 * /proc/self/fd. */
static int open_sources(const MountPlan *plan, EntryState *es, const char *unit) {
        for (size_t i = 0; i < plan->n; i++) {
                const MountEntry *e = &plan->entries[i];
                if (e->mode != MOUNT_BIND && e->mode != MOUNT_PRIVATE_TMP)
                        continue;
                es[i].source_fd = open(e->source, O_PATH | O_CLOEXEC);
                if (es[i].source_fd < 0) {
                        if (errno == ENOENT && e->ignore_missing) {
                                es[i].skipped = true;
                                continue;
                        }
                        return log_error_errno(errno, "%s: cannot access bind source %s", unit, e->source);
                }
                struct statvfs sv;
                es[i].source_ro = fstatvfs(es[i].source_fd, &sv) == 0 && (sv.f_flag & ST_RDONLY);
        }
        return 0;
}

static void close_sources(EntryState *es, size_t n) {
        for (size_t i = 0; es && i < n; i++)
                if (es[i].source_fd >= 0)
                        close(es[i].source_fd);
        free(es);
}

static int exec_mounts_apply_with(const MountPlan *plan, EntryState *es, char **was_read_only,
                                  MountPropagation propagation, const char *unit) {
        int r = open_sources(plan, es, unit);
        if (r < 0)
                return r;
        for (size_t i = 0; i < plan->n; i++)
                if (plan->entries[i].mode == MOUNT_INACCESSIBLE) {
                        if ((r = make_inaccessible_nodes()) < 0)
                                return log_error_errno(r, "%s: cannot create %s", unit, INACCESSIBLE_DIR);
                        break;
                }
        for (size_t i = 0; i < plan->n; i++) {
                const MountEntry *e = &plan->entries[i];
                r = apply_one(e, &es[i], unit);
                if (r < 0)
                        return log_error_errno(r, "%s: failed to set up %s mount on %s", unit,
                                               mount_mode_to_string(e->mode), e->path);
        }
        for (size_t i = 0; i < plan->n; i++) {
                const MountEntry *e = &plan->entries[i];
                if (es[i].skipped)
                        continue;
                r = apply_attributes(e, &es[i], was_read_only);
                if (r < 0)
                        return log_error_errno(r, "%s: failed to make %s %s", unit, e->path,
                                               mount_mode_to_string(e->mode));
        }
        /* Mounts the service makes itself stay in its namespace (the root is a slave of the
         * host's), but reach its own later children unless MountFlags= says otherwise. */
        unsigned long prop = propagation == MOUNT_PROPAGATION_PRIVATE ? MS_PRIVATE
                             : propagation == MOUNT_PROPAGATION_SLAVE ? MS_SLAVE
                                                                      : MS_SHARED;
        if (mount(NULL, "/", NULL, prop | MS_REC, NULL) < 0)
                return log_error_errno(errno, "%s: cannot set mount propagation", unit);
        return 0;
}

int exec_mounts_apply(const MountPlan *plan, MountPropagation propagation, const char *unit) {
        _cleanup_strv_free_ char **was_read_only = read_only_snapshot();
        EntryState *es = new (EntryState, plan->n);
        int r;
        if (!es)
                return -ENOMEM;
        for (size_t i = 0; i < plan->n; i++)
                es[i] = (EntryState) { .source_fd = -1 };
        r = exec_mounts_apply_with(plan, es, was_read_only, propagation, unit);
        close_sources(es, plan->n);
        return r;
}
