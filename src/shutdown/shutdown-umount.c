/* shutdown-umount.c — the last step before reboot(2): get every file system off its disk.
 * Mount points come from /proc/self/mountinfo and are unmounted in reverse order, so a
 * mount goes before the one it sits on. A busy mount is first remounted read-only, so that its
 * data is safe whatever happens next, then detached. Passes repeat while they make progress,
 * because detaching one mount can free another. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "init-log.h"
#include "shutdown.h"

#define MOUNTS_MAX 4096

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s) {
        char *d = s;
        for (; *s; s++) {
                if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
                    s[3] >= '0' && s[3] <= '7') {
                        *d++ = (char) ((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
                        s += 3;
                } else
                        *d++ = *s;
        }
        *d = 0;
}

static bool is_api(const char *path) {
        static const char *const api[] = { "/proc", "/sys", "/dev", "/run" };
        if (streq(path, "/"))
                return true;
        for (size_t i = 0; i < ELEMENTSOF(api); i++) {
                const char *rest = startswith(path, api[i]);
                if (rest && (*rest == 0 || *rest == '/'))
                        return true;
        }
        return false;
}

/* Fills paths with the mount points in mountinfo order; returns how many, or -errno. */
static int read_mounts(char **paths, size_t max) {
        FILE *f = fopen("/proc/self/mountinfo", "re");
        if (!f)
                return -errno;
        size_t n = 0, len = 0;
        char *line = NULL;
        while (n < max && getline(&line, &len, f) > 0) {
                /* id parent major:minor root mount-point … */
                char *p = line;
                for (int field = 0; field < 4 && p; field++) {
                        p = strchr(p, ' ');
                        if (p)
                                p++;
                }
                if (!p)
                        continue;
                char *end = strchr(p, ' ');
                if (end)
                        *end = 0;
                unescape(p);
                paths[n] = strdup(p);
                if (paths[n])
                        n++;
        }
        free(line);
        fclose(f);
        return (int) n;
}

int shutdown_umount_all(void) {
        static char *paths[MOUNTS_MAX];
        int left = 0;

        for (int pass = 0; pass < 8; pass++) {
                int n = read_mounts(paths, MOUNTS_MAX);
                if (n < 0) {
                        init_log("cannot read /proc/self/mountinfo: %s", strerror(-n));
                        break;
                }
                int progress = 0;
                left = 0;
                for (int i = n - 1; i >= 0; i--) {
                        const char *p = paths[i];
                        if (is_api(p))
                                continue;
                        if (umount2(p, UMOUNT_NOFOLLOW) >= 0) {
                                progress++;
                                continue;
                        }
                        if (errno == EBUSY) {
                                (void) mount(NULL, p, NULL, MS_REMOUNT | MS_RDONLY, NULL);
                                if (umount2(p, MNT_DETACH | UMOUNT_NOFOLLOW) >= 0) {
                                        init_log("%s busy: remounted read-only and detached", p);
                                        progress++;
                                        continue;
                                }
                        }
                        if (errno != EINVAL && errno != ENOENT) {  /* already gone with a parent */
                                init_log("cannot unmount %s: %s", p, strerror(errno));
                                left++;
                        }
                }
                for (int i = 0; i < n; i++)
                        paths[i] = mfree(paths[i]);
                if (progress == 0)
                        break;
        }
        if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0) {
                init_log("cannot remount / read-only: %s", strerror(errno));
                left++;
        }
        return left;
}
