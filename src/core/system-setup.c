/* system-setup.c — see system-setup.h. Nothing here is fatal: a system without a machine ID or
 * host name still boots, with a warning, as systemd does. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "string-util.h"
#include "system-setup.h"

#define HOSTNAME_MAX 64

bool detect_container(void) {
        const char *e = getenv("container");
        return (e && *e) || access("/run/systemd/container", F_OK) == 0;
}

static int mkdir_parents_and(const char *path, mode_t mode) {
        _cleanup_free_ char *p = strdup(path);
        if (!p)
                return -ENOMEM;
        for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = 0;
                if (mkdir(p, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *s = '/';
        }
        if (mkdir(p, mode) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

static int write_file_mode(const char *path, const char *content, mode_t mode) {
        _cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, mode);
        if (fd < 0)
                return -errno;
        size_t n = strlen(content);
        if (write(fd, content, n) != (ssize_t) n)
                return errno > 0 ? -errno : -EIO;
        /* an existing file keeps its mode through O_TRUNC; make it what we promise */
        if (fchmod(fd, mode) < 0)
                return -errno;
        return 0;
}

int setup_runtime_directories(const char *root, bool container) {
        _cleanup_free_ char *d = path_prefix_root(root, "/run/systemd/system");
        if (!d)
                return -ENOMEM;
        int r = mkdir_parents_and(d, 0755);
        if (r < 0)
                return log_error_errno(r, "Failed to create %s: %m", d);
        if (!container)
                return 0;
        _cleanup_free_ char *c = path_prefix_root(root, "/run/systemd/container");
        if (!c)
                return -ENOMEM;
        if (access(c, F_OK) == 0)
                return 0;
        const char *e = getenv("container");
        _cleanup_free_ char *line = strjoin(e && *e ? e : "sysmaster", "\n");
        if (!line)
                return -ENOMEM;
        if ((r = write_file_mode(c, line, 0444)) < 0)
                return log_warning_errno(r, "Failed to write %s: %m", c);
        return 0;
}

int machine_id_from_string(const char *s, char ret[static 33]) {
        char id[33];
        size_t n = 0;
        for (const char *p = s; *p && !strchr(WHITESPACE, *p); p++) {
                if (*p == '-')
                        continue;
                char c = *p >= 'A' && *p <= 'F' ? (char) (*p - 'A' + 'a') : *p;
                if (!strchr("0123456789abcdef", c) || n >= 32)
                        return -EINVAL;
                id[n++] = c;
        }
        id[n] = 0;
        if (n != 32 || strspn(id, "0") == 32)
                return -EINVAL;
        memcpy(ret, id, 33);
        return 0;
}

static int machine_id_random(char ret[static 33]) {
        uint8_t b[16];
        if (getrandom(b, sizeof b, 0) != (ssize_t) sizeof b)
                return -errno;
        /* formatted as a version 4 UUID, like every other source of machine IDs */
        b[6] = (uint8_t) ((b[6] & 0x0f) | 0x40);
        b[8] = (uint8_t) ((b[8] & 0x3f) | 0x80);
        for (size_t i = 0; i < sizeof b; i++)
                snprintf(ret + 2 * i, 3, "%02x", b[i]);
        return 0;
}

bool machine_id_means_first_boot(int read_result, const char *contents) {
        if (read_result == -ENOENT)
                return true;
        return read_result >= 0 && contents && streq(contents, "uninitialized");
}

int setup_machine_id(const char *root, bool container) {
        _cleanup_free_ char *etc = path_prefix_root(root, "/etc/machine-id");
        _cleanup_free_ char *run = path_prefix_root(root, "/run/machine-id");
        if (!etc || !run)
                return -ENOMEM;
        char id[33];
        _cleanup_free_ char *old = NULL;
        int rd = read_full_file(etc, 4096, &old, NULL);
        if (rd >= 0 && machine_id_from_string(strstrip(old), id) >= 0) {
                log_debug("Machine ID is %s.", id);
                return 0;
        }
        /* The system's first boot (ConditionFirstBoot=, $SYSTEMD_FIRST_BOOT of generators),
         * marked where systemd marks it, is a missing /etc/machine-id or one that says
         * "uninitialized" — not an empty one: systemd 252 makes a new ID for an empty file
         * (what images and containers ship) without running the first-boot units. */
        if (machine_id_means_first_boot(rd, old)) {
                _cleanup_free_ char *stamp = path_prefix_root(root, "/run/systemd/first-boot");
                if (stamp)
                        (void) write_file_mode(stamp, "", 0444);
        }
        const char *uuid = container ? getenv("container_uuid") : NULL;
        int r;
        if (!uuid || machine_id_from_string(uuid, id) < 0) {
                if ((r = machine_id_random(id)) < 0)
                        return log_error_errno(r, "Failed to generate a machine ID: %m");
        }
        char line[34];
        snprintf(line, sizeof line, "%s\n", id);
        r = write_file_mode(etc, line, 0444);
        if (r >= 0) {
                log_info("Initialized machine ID %s.", id);
                return 0;
        }
        /* A read-only /etc: the ID lives in /run for this boot, seen at the usual place. */
        int k = write_file_mode(run, line, 0444);
        if (k < 0)
                return log_error_errno(k, "Failed to write %s: %m", run);
        if (root && !streq(root, "/"))
                return 0;
        if (access(etc, F_OK) < 0)
                return log_warning_errno(r, "Cannot write %s (%m) and it does not exist to mount over; no machine ID.", etc);
        if (mount(run, etc, NULL, MS_BIND, NULL) < 0)
                return log_error_errno(errno, "Failed to mount %s over %s: %m", run, etc);
        (void) mount(NULL, etc, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL);
        log_info("Initialized transient machine ID %s (%s is read-only).", id, etc);
        return 0;
}

bool hostname_is_valid(const char *s) {
        size_t n = strlen(s);
        if (n == 0 || n > HOSTNAME_MAX || s[0] == '-' || s[0] == '.' || s[n - 1] == '.')
                return false;
        for (const char *p = s; *p; p++)
                if (!strchr(ALPHANUMERICAL "-.", *p) || (p[0] == '.' && p[1] == '.'))
                        return false;
        return true;
}

/* The first line of /etc/hostname that is not a comment; NULL if none. */
static char *read_hostname_file(const char *path) {
        _cleanup_free_ char *data = NULL;
        if (read_full_file(path, 4096, &data, NULL) < 0)
                return NULL;
        const char *p = data;
        for (;;) {
                _cleanup_free_ char *l = NULL;
                size_t len = strcspn(p, "\n");
                if (!(l = strndup(p, len)))
                        return NULL;
                strstrip(l);
                if (*l && *l != '#')
                        return TAKE_PTR(l);
                if (!p[len])
                        return NULL;
                p += len + 1;
        }
}

int read_hostname_config(const char *root, char **ret) {
        _cleanup_free_ char *f = path_prefix_root(root, "/etc/hostname");
        if (!f)
                return -ENOMEM;
        _cleanup_free_ char *name = read_hostname_file(f);
        if (!name)
                return -ENOENT;
        if (!hostname_is_valid(name))
                return log_warning_errno(EINVAL, "%s: invalid host name \"%s\", ignoring.", f, name);
        *ret = TAKE_PTR(name);
        return 0;
}

int setup_hostname(const char *root) {
        _cleanup_free_ char *name = NULL;
        if (read_hostname_config(root, &name) < 0) {
                char cur[HOSTNAME_MAX + 1] = {};
                if (gethostname(cur, sizeof cur - 1) >= 0 && *cur && !streq(cur, "(none)"))
                        return 0; /* the kernel (or the container runtime) already named us */
                if (!(name = strdup("localhost")))
                        return -ENOMEM;
        }
        if (root && !streq(root, "/"))
                return 0; /* a test tree: the host's name is not ours to change */
        if (sethostname(name, strlen(name)) < 0)
                return log_warning_errno(errno, "Failed to set host name to %s: %m", name);
        log_info("Hostname set to <%s>.", name);
        return 0;
}

int setup_loopback(void) {
        /* Services listen on and connect to 127.0.0.1 and ::1 from the first unit on (sshd,
         * rsyslog's imtcp, ssh-keyscan); the kernel creates "lo" down in every new network
         * namespace, and systemd brings it up before anything starts, so units count on that. */
        _cleanup_close_ int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return log_warning_errno(errno, "Failed to bring up the loopback device: %m");
        struct ifreq ifr = {};
        strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
        if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
                return log_warning_errno(errno, "Failed to bring up the loopback device: %m");
        if (ifr.ifr_flags & IFF_UP)
                return 0;
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
                return log_warning_errno(errno, "Failed to bring up the loopback device: %m");
        return 1;
}
