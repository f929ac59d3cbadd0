/* init-mount.c — the API file systems every later process expects, and PID 1's stdio. Each
 * mount is skipped when something is already mounted there (an initrd or a container runtime
 * did it) and a failure is only logged: a container may forbid sysfs or cgroup2, and a boot
 * with a missing /dev/pts is better than no boot at all. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init.h"
#include "init-log.h"

typedef struct ApiMount {
        const char *what;
        const char *where;
        const char *type;
        unsigned long flags;
        const char *options;
        const char *fallback_options;   /* retried with these when the kernel refuses options */
} ApiMount;

static const ApiMount api_mounts[] = {
        { "proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL, NULL },
        { "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL, NULL },
        { "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=755", NULL },
        { "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "mode=620,gid=5,ptmxmode=000", "" },
        { "tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777", NULL },
        { "tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755", NULL },
        /* nsdelegate makes cgroup namespaces a delegation boundary; older kernels lack it. */
        { "cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NOEXEC | MS_NODEV, "nsdelegate", "" },
};

/* A mount point is where the device changes, or what statx flags as a mount root (which also
 * catches a bind mount of the same file system). */
static int is_mount_point(const char *path) {
        struct statx sx, parent;
        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) < 0)
                return -errno;
        if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
                return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);

        char up[64];
        size_t n = strlen(path);
        if (n + 4 > sizeof up)
                return -ENAMETOOLONG;
        memcpy(up, path, n);
        memcpy(up + n, "/..", 4);
        if (statx(AT_FDCWD, up, 0, STATX_BASIC_STATS, &parent) < 0)
                return -errno;
        return sx.stx_dev_major != parent.stx_dev_major || sx.stx_dev_minor != parent.stx_dev_minor;
}

void init_mount_api_filesystems(void) {
        for (size_t i = 0; i < ELEMENTSOF(api_mounts); i++) {
                const ApiMount *a = &api_mounts[i];
                if (mkdir(a->where, 0755) < 0 && errno != EEXIST) {
                        init_log("cannot create %s: %s", a->where, strerror(errno));
                        continue;
                }
                if (is_mount_point(a->where) > 0)
                        continue;
                int r = mount(a->what, a->where, a->type, a->flags, a->options);
                if (r < 0 && errno == EINVAL && a->fallback_options)
                        r = mount(a->what, a->where, a->type, a->flags,
                                  isempty(a->fallback_options) ? NULL : a->fallback_options);
                if (r < 0)
                        init_log("cannot mount %s on %s: %s, continuing", a->type, a->where, strerror(errno));
        }
}

void init_setup_console(void) {
        int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
                fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (fd < 0)
                return;
        for (int i = 0; i < 3; i++)
                if (fd != i)
                        (void) dup2(fd, i);
        if (fd > 2)
                safe_close(fd);
        else
                (void) fcntl(fd, F_SETFD, 0); /* stdio is meant to be inherited */
}
