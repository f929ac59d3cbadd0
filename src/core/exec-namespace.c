/* exec-namespace.c — the namespaces other than the mount namespace: PrivateNetwork= (a new
 * network namespace whose loopback is up, so 127.0.0.1 and ::1 work as systemd.exec(5)
 * promises) and PrivateUsers= (a user namespace mapping root and the unit's own user and
 * groups to themselves, everyone else to nobody). The maps of a user namespace can only be
 * written with privilege in the parent namespace, which the child loses the moment it
 * unshares, so a helper forked beforehand writes them. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec-sandbox-internal.h"
#include "log.h"
#include "macro.h"
#include "strv.h"

int namespace_setup_network(const char *unit) {
        if (unshare(CLONE_NEWNET) < 0)
                return -errno;
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        struct ifreq ifr = {};
        strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
        int r = 0;
        if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
                r = -errno;
        else {
                ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
                if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
                        r = -errno;
        }
        close(fd);
        if (r < 0)
                log_error_errno(r, "%s: cannot bring up the loopback device", unit);
        return r;
}

#define MAX_GIDS 64 /* the kernel takes up to 340 map lines; a user in more groups is rare */

static size_t collect_gids(const ExecContext *c, gid_t gid, gid_t *out) {
        size_t n = 0;
        out[n++] = 0;
        if (gid != 0)
                out[n++] = gid;
        gid_t list[MAX_GIDS];
        int ng = MAX_GIDS;
        if (c->user && getgrouplist(c->user, gid, list, &ng) >= 0)
                for (int i = 0; i < ng && n < MAX_GIDS; i++)
                        out[n++] = list[i];
        STRV_FOREACH(g, c->supplementary_groups) {
                struct group *gr = getgrnam(*g);
                if (gr && n < MAX_GIDS)
                        out[n++] = gr->gr_gid;
        }
        /* duplicates would make the map overlap, which the kernel refuses */
        size_t w = 0;
        for (size_t i = 0; i < n; i++) {
                bool dup = false;
                for (size_t j = 0; j < w; j++)
                        dup = dup || out[j] == out[i];
                if (!dup)
                        out[w++] = out[i];
        }
        return w;
}

static int write_file(const char *path, const char *s) {
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        ssize_t l = write(fd, s, strlen(s));
        int r = l < 0 ? -errno : 0;
        close(fd);
        return r;
}

_noreturn_ static void map_writer(int go_fd, pid_t target, uid_t uid, const gid_t *gids, size_t n_gids) {
        char b = 0;
        if (read(go_fd, &b, 1) != 1 || b != 'g')
                _exit(EXIT_FAILURE);
        char path[64], buf[MAX_GIDS * 40];
        snprintf(path, sizeof path, "/proc/%d/uid_map", (int) target);
        if (uid != 0)
                snprintf(buf, sizeof buf, "0 0 1\n%u %u 1\n", (unsigned) uid, (unsigned) uid);
        else
                snprintf(buf, sizeof buf, "0 0 1\n");
        if (write_file(path, buf) < 0)
                _exit(EXIT_FAILURE);
        size_t o = 0;
        for (size_t i = 0; i < n_gids; i++)
                o += (size_t) snprintf(buf + o, sizeof buf - o, "%u %u 1\n", (unsigned) gids[i], (unsigned) gids[i]);
        snprintf(path, sizeof path, "/proc/%d/gid_map", (int) target);
        if (write_file(path, buf) < 0)
                _exit(EXIT_FAILURE);
        _exit(EXIT_SUCCESS);
}

int namespace_setup_users(const ExecContext *c, uid_t uid, gid_t gid, const char *unit) {
        gid_t gids[MAX_GIDS + 2];
        size_t n_gids = collect_gids(c, gid, gids);
        int go[2];
        if (pipe2(go, O_CLOEXEC) < 0)
                return -errno;
        pid_t self = getpid();
        pid_t pid = fork();
        if (pid < 0) {
                int r = -errno;
                close(go[0]);
                close(go[1]);
                return r;
        }
        if (pid == 0) {
                close(go[1]);
                map_writer(go[0], self, uid, gids, n_gids);
        }
        close(go[0]);
        int r = unshare(CLONE_NEWUSER) < 0 ? -errno : 0;
        (void) !write(go[1], r < 0 ? "x" : "g", 1);
        close(go[1]);
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        if (r < 0)
                return log_error_errno(r, "%s: cannot create a user namespace", unit);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return log_error_errno(EPERM, "%s: cannot write the user namespace's uid/gid maps", unit);
        return 0;
}
