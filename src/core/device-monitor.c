/* device-monitor.c — where device units learn of devices: udev's database, read directly
 * (/run/udev/data, one file per device: b8:0, c1:3, n2, +subsystem:name), and the libudev
 * netlink broadcast (NETLINK_KOBJECT_UEVENT, group 2: the messages udevd sends after its rules
 * ran, each with the libudev header). Only messages from root are believed (SCM_CREDENTIALS),
 * as libudev does. When the socket overflowed (ENOBUFS) events were lost, so the database is
 * read again — it is the truth udev keeps. */
#include <dirent.h>
#include <errno.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "device.h"
#include "fileio.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

#define UEVENT_BUFFER_MAX (64 * 1024)    /* a message is at most a few KiB */
#define DB_RECORD_MAX (1024 * 1024)      /* bound on one database record */
#define RCVBUF_SIZE (128 * 1024 * 1024)  /* what systemd asks for: boots bring bursts */

static char *root_path(Manager *m, const char *p) {
        return m->options.root ? path_join(m->options.root, p) : strdup(p);
}

/* DEVNAME= of the device's uevent file in sysfs: the database does not hold the node */
static char *devname_of(const char *sysroot, const char *devpath) {
        _cleanup_free_ char *p = path_join(sysroot, devpath, "uevent"), *s = NULL;
        if (!p || read_full_file(p, 64 * 1024, &s, NULL) < 0)
                return NULL;
        for (char *line = s; line && *line;) {
                char *nl = strchr(line, '\n');
                if (nl)
                        *nl = 0;
                const char *v = startswith(line, "DEVNAME=");
                if (v)
                        return v[0] == '/' ? strdup(v) : strjoin("/dev/", v);
                line = nl ? nl + 1 : NULL;
        }
        return NULL;
}

static void enumerate(Manager *m) {
        _cleanup_free_ char *dir = root_path(m, "/run/udev/data"), *sysroot = root_path(m, "/sys");
        if (!dir || !sysroot)
                return (void) log_oom();
        /* what udev knew before and no longer has in its database is gone */
        size_t n = 0;
        Unit *u;
        const char *key;
        _cleanup_strv_free_ char **before = NULL;
        HASHMAP_FOREACH_KEY(u, key, m->units)
                if (u->type == UNIT_DEVICE && streq(key, u->id) && (((Device *) u)->found & DEVICE_FOUND_UDEV) &&
                    ((Device *) u)->sysfs)
                        (void) strv_extend(&before, ((Device *) u)->sysfs);
        _cleanup_strv_free_ char **seen = NULL;
        DIR *d = opendir(dir);
        if (!d) {
                if (errno != ENOENT)
                        log_warning_errno(-errno, "Failed to read the udev database %s: %m", dir);
        } else {
                struct dirent *de;
                while ((de = readdir(d))) {
                        if (de->d_name[0] == '.' || !strchr("bcn+", de->d_name[0]))
                                continue;
                        _cleanup_free_ char *path = path_join(dir, de->d_name), *text = NULL, *devpath = NULL;
                        if (!path || read_full_file(path, DB_RECORD_MAX, &text, NULL) < 0)
                                continue;
                        if (udev_db_name_to_devpath(sysroot, de->d_name, &devpath) < 0) {
                                log_debug("udev database: %s names no device in sysfs, ignoring.", de->d_name);
                                continue;
                        }
                        UdevDevice dev = {};
                        if (udev_db_parse(text, &dev) < 0) {
                                log_warning("udev database: cannot parse %s, ignoring.", path);
                                continue;
                        }
                        dev.devpath = TAKE_PTR(devpath);
                        dev.devname = devname_of(sysroot, dev.devpath);
                        device_process_udev(m, &dev);
                        char *s = strjoin("/sys", dev.devpath);
                        if (s)
                                (void) strv_push(&seen, s);
                        udev_device_clear(&dev);
                        n++;
                }
                closedir(d);
        }
        for (char **s = before; s && *s; s++)
                if (!strv_contains(seen, *s)) {
                        UdevDevice gone = { .action = (char *) "remove", .devpath = *s + strlen("/sys") };
                        device_process_udev(m, &gone);
                }
        log_debug("udev database: %zu records read.", n);
}

static void receive(Manager *m, int fd) {
        static char buf[UEVENT_BUFFER_MAX];
        for (;;) {
                struct sockaddr_nl snl = {};
                struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf };
                union {
                        struct cmsghdr h;
                        char b[CMSG_SPACE(sizeof(struct ucred))];
                } control = {};
                struct msghdr msg = { .msg_name = &snl, .msg_namelen = sizeof snl, .msg_iov = &iov, .msg_iovlen = 1,
                                      .msg_control = &control, .msg_controllen = sizeof control };
                ssize_t k = recvmsg(fd, &msg, MSG_DONTWAIT);
                if (k < 0) {
                        if (errno == EAGAIN || errno == EINTR)
                                return;
                        if (errno == ENOBUFS) {
                                log_warning("Device events were lost (receive buffer overrun), reading the udev database again.");
                                enumerate(m);
                                continue;
                        }
                        log_warning_errno(-errno, "Failed to receive a device event: %m");
                        return;
                }
                if (msg.msg_flags & MSG_TRUNC)
                        continue;
                struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
                if (!c || c->cmsg_type != SCM_CREDENTIALS || ((struct ucred *) CMSG_DATA(c))->uid != 0) {
                        log_debug("Device event from a sender that is not root, ignoring.");
                        continue;
                }
                /* the kernel's own messages (group 1, nl_pid 0) have no libudev header */
                if (snl.nl_groups != UDEV_MONITOR_GROUP || snl.nl_pid == 0)
                        continue;
                UdevDevice dev = {};
                int r = uevent_parse(buf, (size_t) k, &dev);
                if (r < 0) {
                        log_debug_errno(r, "Malformed device event, ignoring: %m");
                        continue;
                }
                log_debug("Device event: %s %s", dev.action, dev.devpath);
                device_process_udev(m, &dev);
                udev_device_clear(&dev);
        }
}

static int monitor_cb(EventSource *s, int fd, uint32_t revents, void *userdata) {
        (void) s, (void) revents;
        receive(userdata, fd);
        return 0;
}

/* systemd's rule: device units exist where /sys is writable (not in a container) */
bool manager_devices_supported(Manager *m) {
        if (m->options.test)
                return streq_ptr(getenv("SYSMASTER_TEST_DEVICES"), "1");
        struct statvfs sv;
        return statvfs("/sys", &sv) >= 0 && !(sv.f_flag & ST_RDONLY);
}

int manager_setup_device_monitor(Manager *m) {
        m->devices_supported = manager_devices_supported(m);
        if (!m->devices_supported)
                return 0;
        if (!m->device_monitor_source) {
                int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
                if (fd < 0)
                        return log_warning_errno(-errno, "Failed to open the device event socket, device units will not follow udev: %m");
                int one = 1, size = RCVBUF_SIZE;
                struct sockaddr_nl snl = { .nl_family = AF_NETLINK, .nl_groups = UDEV_MONITOR_GROUP };
                (void) setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
                if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
                        (void) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
                if (bind(fd, (struct sockaddr *) &snl, sizeof snl) < 0) {
                        int r = -errno;
                        close(fd);
                        return log_warning_errno(r, "Failed to join the udev event group: %m");
                }
                int r = event_add_io(m->event, &m->device_monitor_source, fd, EPOLLIN, monitor_cb, m);
                if (r < 0) {
                        close(fd);
                        return log_warning_errno(r, "Failed to watch device events: %m");
                }
                event_source_set_io_fd_own(m->device_monitor_source, true);
                event_source_set_description(m->device_monitor_source, "device-monitor");
        }
        /* the socket first, the database second: an event in between is seen twice, never lost */
        m->devices_coldplugging = true;
        enumerate(m);
        m->devices_coldplugging = false;
        return 0;
}

void manager_close_device_monitor(Manager *m) {
        m->device_monitor_source = event_source_free(m->device_monitor_source);
}
