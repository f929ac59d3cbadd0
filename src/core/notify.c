/* notify.c — the sd_notify socket and its message parser (see notify.h). The socket is read
 * with bounded buffers: a datagram longer than NOTIFY_MESSAGE_MAX or with more fds than fit
 * is dropped whole (with its fds closed), since a cut message could change meaning. */
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/epoll.h>
#include <sys/un.h>

#include "cgroup.h"
#include "fs-util.h"
#include "log.h"
#include "manager.h"
#include "notify.h"
#include "parse-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

bool fdname_is_valid(const char *s) {
        if (!s || strlen(s) > FDNAME_MAX)
                return false;
        for (const char *p = s; *p; p++)
                if (*p < ' ' || *p >= 127 || *p == ':')
                        return false;
        return true;
}

void notify_message_done(NotifyMessage *m) {
        if (!m)
                return;
        m->status = mfree(m->status);
        m->fdname = mfree(m->fdname);
}

static int parse_usec_value(const char *v, usec_t *ret) {
        uint64_t u;
        if (safe_atou64(v, &u) < 0)
                return -EINVAL;
        *ret = u;
        return 0;
}

/* One assignment; returns 1 if understood, 0 if ignored. */
static int parse_one(NotifyMessage *m, const char *line) {
        const char *v;
        if (streq(line, "READY=1"))
                return m->ready = true, 1;
        if (streq(line, "RELOADING=1"))
                return m->reloading = true, 1;
        if (streq(line, "STOPPING=1"))
                return m->stopping = true, 1;
        if (streq(line, "WATCHDOG=1"))
                return m->watchdog_ping = true, 1;
        if (streq(line, "WATCHDOG=trigger"))
                return m->watchdog_trigger = true, 1;
        if (streq(line, "FDSTORE=1"))
                return m->fdstore = true, 1;
        if (streq(line, "FDSTOREREMOVE=1"))
                return m->fdstore_remove = true, 1;
        if (streq(line, "FDPOLL=0"))
                return m->fdpoll_off = true, 1;
        if (streq(line, "BARRIER=1"))
                return m->barrier = true, 1;
        if ((v = startswith(line, "STATUS="))) {
                /* systemctl prints it: it must be text; long ones are cut, not dropped */
                if (!utf8_is_valid(v))
                        return 0;
                char *s = strndup(v, NOTIFY_STATUS_MAX);
                if (!s)
                        return -ENOMEM;
                free(m->status);
                m->status = s;
                return 1;
        }
        if ((v = startswith(line, "ERRNO="))) {
                int e;
                if (safe_atoi(v, &e) < 0 || e < 0)
                        return 0;
                m->status_errno = e;
                return 1;
        }
        if ((v = startswith(line, "MAINPID="))) {
                unsigned p;
                /* pid 1 and pids beyond pid_t are never a service's main process */
                if (safe_atou(v, &p) < 0 || p <= 1 || p > INT32_MAX)
                        return 0;
                m->main_pid = (pid_t) p;
                return 1;
        }
        if ((v = startswith(line, "WATCHDOG_USEC="))) {
                usec_t u;
                if (parse_usec_value(v, &u) < 0)
                        return 0;
                m->watchdog_usec = u;
                return 1;
        }
        if ((v = startswith(line, "EXTEND_TIMEOUT_USEC="))) {
                usec_t u;
                if (parse_usec_value(v, &u) < 0)
                        return 0;
                m->extend_timeout_usec = u;
                return 1;
        }
        if ((v = startswith(line, "FDNAME="))) {
                if (!fdname_is_valid(v))
                        return 0;
                char *s = strdup(v);
                if (!s)
                        return -ENOMEM;
                free(m->fdname);
                m->fdname = s;
                return 1;
        }
        return 0;
}

int notify_message_parse(const char *buf, size_t size, NotifyMessage *ret) {
        NotifyMessage m = {
                .status_errno = -1,
                .watchdog_usec = USEC_INFINITY,
                .extend_timeout_usec = USEC_INFINITY,
        };
        size_t len = strnlen(buf, size);
        int n = 0;
        for (size_t i = 0; i < len;) {
                const char *nl = memchr(buf + i, '\n', len - i);
                size_t l = nl ? (size_t) (nl - (buf + i)) : len - i;
                if (l > 0) {
                        _cleanup_free_ char *line = strndup(buf + i, l);
                        if (!line) {
                                notify_message_done(&m);
                                return -ENOMEM;
                        }
                        int k = parse_one(&m, line);
                        if (k < 0) {
                                notify_message_done(&m);
                                return k;
                        }
                        n += k;
                }
                i += l + 1;
        }
        *ret = m;
        return n;
}

/* The unit a sender belongs to: a process we watch, a process in a unit's cgroup, or (without
 * cgroups) a process in the session a watched process started (every service process starts
 * its own session, and the daemons it forks stay in it unless they leave). */
static Unit *unit_for_sender(Manager *m, pid_t pid) {
        Unit *u = manager_get_unit_by_pid(m, pid);
        if (u)
                return u;
        if ((u = manager_get_unit_by_cgroup_of_pid(m, pid)))
                return u;
        pid_t sid = getsid(pid);
        return sid > 1 ? manager_get_unit_by_pid(m, sid) : NULL;
}

static void close_fds(int *fds, size_t n) {
        for (size_t i = 0; i < n; i++)
                fds[i] = safe_close(fds[i]);
}

static int notify_io_cb(EventSource *es, int fd, uint32_t revents, void *userdata) {
        Manager *m = userdata;
        (void) es, (void) revents;
        for (;;) {
                char buf[NOTIFY_MESSAGE_MAX + 1];
                union {
                        struct cmsghdr h;
                        uint8_t buf[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * NOTIFY_FD_MAX)];
                } control;
                struct iovec iov = { .iov_base = buf, .iov_len = sizeof buf - 1 };
                struct msghdr mh = {
                        .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = &control, .msg_controllen = sizeof control,
                };
                ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno != EAGAIN && errno != EWOULDBLOCK)
                                log_warning_errno(-errno, "Failed to receive notification message: %m");
                        return 0;
                }
                int *fds = NULL;
                size_t n_fds = 0;
                const struct ucred *cred = NULL;
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
                        if (c->cmsg_level != SOL_SOCKET)
                                continue;
                        if (c->cmsg_type == SCM_RIGHTS) {
                                fds = (int *) CMSG_DATA(c);
                                n_fds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                        } else if (c->cmsg_type == SCM_CREDENTIALS && c->cmsg_len == CMSG_LEN(sizeof(struct ucred)))
                                cred = (const struct ucred *) CMSG_DATA(c);
                }
                if ((size_t) n > sizeof buf - 1 || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
                        log_warning("Got overly long notification message (or too many fds), ignoring.");
                        close_fds(fds, n_fds);
                        continue;
                }
                if (!cred || cred->pid <= 0) {
                        log_warning("Received notify message without valid credentials, ignoring.");
                        close_fds(fds, n_fds);
                        continue;
                }
                buf[n] = 0;
                Unit *u = unit_for_sender(m, cred->pid);
                if (!u || !u->vtable->notify_message) {
                        log_warning("Cannot find unit for notify message of PID %d, ignoring.", (int) cred->pid);
                        close_fds(fds, n_fds);
                        continue;
                }
                NotifyMessage msg;
                if (notify_message_parse(buf, (size_t) n, &msg) < 0) {
                        log_oom();
                        close_fds(fds, n_fds);
                        continue;
                }
                u->vtable->notify_message(u, cred->pid, &msg, fds, n_fds);
                notify_message_done(&msg);
                close_fds(fds, n_fds); /* what the unit did not take */
        }
}

static int notify_attach(Manager *m, int fd, char *path) {
        int r = event_add_io(m->event, &m->notify_source, fd, EPOLLIN, notify_io_cb, m);
        if (r < 0) {
                safe_close(fd);
                free(path);
                return log_warning_errno(r, "Failed to watch notify socket: %m");
        }
        event_source_set_description(m->notify_source, "notify");
        event_source_set_io_fd_own(m->notify_source, true);
        m->notify_socket = path;
        return 0;
}

int manager_setup_notify(Manager *m) {
        _cleanup_free_ char *dir = path_prefix_root(m->options.root, "/run/systemd");
        _cleanup_free_ char *path = dir ? path_join(dir, "notify") : NULL;
        if (!path)
                return -ENOMEM;
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        if (strlen(path) >= sizeof sa.sun_path)
                return log_warning_errno(-ENAMETOOLONG, "Notify socket path %s too long, not listening.", path);
        strcpy(sa.sun_path, path);
        (void) mkdir_p(dir, 0755);
        /* A previous manager's socket, kept by init: what services sent while no manager ran
         * is still queued in it. */
        _cleanup_close_ int fd = init_link_take_fd(m, NOTIFY_STORE_NAME);
        if (fd >= 0) {
                struct sockaddr_un bound = {};
                socklen_t l = sizeof bound;
                if (getsockname(fd, (struct sockaddr *) &bound, &l) >= 0 && streq(bound.sun_path, path) &&
                    access(path, F_OK) >= 0)
                        return notify_attach(m, TAKE_FD(fd), TAKE_PTR(path));
                log_warning("The notify socket kept by init is not bound to %s any more, making a new one.", path);
                fd = safe_close(fd);
        }
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return log_warning_errno(-errno, "Failed to create notify socket: %m");
        (void) unlink(path); /* a previous manager's, or a stale one */
        if (bind(fd, (struct sockaddr *) &sa, sizeof sa) < 0)
                return log_warning_errno(-errno, "Failed to bind notify socket %s: %m", path);
        /* sending to a unix socket needs write access to its file, and services that drop
         * privileges themselves notify as their own user (dbus-daemon as messagebus) */
        if (chmod(path, 0777) < 0)
                log_warning_errno(-errno, "Failed to make notify socket %s world-writable: %m", path);
        int one = 1;
        if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof one) < 0)
                return log_warning_errno(-errno, "Failed to enable credentials on notify socket: %m");
        /* room for a burst of messages from many services while the loop is busy */
        int size = 8 * 1024 * 1024;
        (void) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        /* init keeps a copy, so that the socket outlives us (see docs/selfheal.md) */
        (void) init_link_store_fd(m, NOTIFY_STORE_NAME, fd);
        return notify_attach(m, TAKE_FD(fd), TAKE_PTR(path));
}

void manager_close_notify(Manager *m) {
        m->notify_source = event_source_free(m->notify_source);
        m->notify_socket = mfree(m->notify_socket);
}
