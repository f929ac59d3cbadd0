/* socket-listen.c — see socket-listen.h. The file-system objects are created with umask set
 * from SocketMode= around bind()/mkfifo(), since the mode of a unix socket's inode is fixed at
 * bind() time (fchmod() on the fd would not reach the file). */
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <mqueue.h>
#include <net/if.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs-util.h"
#include "log.h"
#include "path-util.h"
#include "socket-address.h"
#include "socket-listen.h"
#include "socket-options.h"
#include "string-util.h"

const char *socket_port_path(const SocketPort *p) {
        if (p->type == SOCKET_PORT_FIFO || p->type == SOCKET_PORT_SPECIAL)
                return p->address;
        if (p->type == SOCKET_PORT_SOCKET && p->family == AF_UNIX && p->sockaddr.un.sun_path[0] == '/')
                return p->sockaddr.un.sun_path;
        return NULL;
}

static int make_parent(const char *path, mode_t mode) {
        _cleanup_free_ char *d = path_dirname(path);
        if (!d)
                return -ENOMEM;
        return mkdir_p(d, mode);
}

static int fail(int fd, int r, const char *unit_id, const SocketPort *p, const char *what) {
        _cleanup_free_ char *a = NULL;
        (void) socket_port_address_to_string(p, &a);
        log_error("%s: Failed to %s %s: %s", unit_id, what, a ?: p->address, strerror(-r));
        safe_close(fd);
        return r;
}

static int open_socket(const SocketPort *p, const SocketConfig *c, const char *unit_id) {
        SocketSockaddr sa = p->sockaddr;
        socklen_t size = p->size;
        int family = p->family, protocol = 0;
        if (family == AF_NETLINK)
                protocol = p->netlink_protocol;
        else if ((family == AF_INET || family == AF_INET6) && p->socket_type != SOCK_SEQPACKET)
                protocol = c->socket_protocol;
        int flags = SOCK_CLOEXEC | (c->accept && p->socket_type != SOCK_DGRAM ? SOCK_NONBLOCK : 0);
        int fd = socket(family, p->socket_type | flags, protocol);
        if (fd < 0 && errno == EAFNOSUPPORT && p->port_only) {
                /* "ListenStream=80" on a kernel without IPv6: the same port on IPv4 */
                family = AF_INET;
                sa = (SocketSockaddr){};
                sa.in.sin_family = AF_INET;
                sa.in.sin_addr.s_addr = htonl(INADDR_ANY);
                sa.in.sin_port = p->sockaddr.in6.sin6_port;
                size = sizeof sa.in;
                fd = socket(family, p->socket_type | flags, protocol);
        }
        if (fd < 0)
                return fail(-EBADF, -errno, unit_id, p, "create socket for");
        if (family == AF_INET6 && p->scope_ifname) {
                unsigned idx = if_nametoindex(p->scope_ifname);
                if (idx == 0)
                        return fail(fd, -ENODEV, unit_id, p, "resolve the interface of");
                sa.in6.sin6_scope_id = idx;
        }
        (void) socket_apply_pre_bind(c, fd, family, p->socket_type, unit_id);

        const char *path = socket_port_path(p);
        if (path) {
                int r = make_parent(path, c->directory_mode);
                if (r < 0)
                        return fail(fd, r, unit_id, p, "create the directory of");
                struct stat st;
                /* a socket file left by an earlier run is stale: nobody can listen on it */
                if (lstat(path, &st) >= 0 && S_ISSOCK(st.st_mode))
                        (void) unlink(path);
                mode_t old = umask(~c->socket_mode & 0777);
                r = bind(fd, &sa.sa, size) < 0 ? -errno : 0;
                umask(old);
                if (r < 0)
                        return fail(fd, r, unit_id, p, "bind");
        } else if (bind(fd, &sa.sa, size) < 0)
                return fail(fd, -errno, unit_id, p, "bind");

        if (p->socket_type == SOCK_STREAM || p->socket_type == SOCK_SEQPACKET) {
                int backlog = c->backlog > INT32_MAX ? INT32_MAX : (int) c->backlog;
                if (listen(fd, backlog) < 0)
                        return fail(fd, -errno, unit_id, p, "listen on");
        }
        (void) socket_apply_options(c, fd, family, p->socket_type, unit_id);
        return fd;
}

static int open_fifo(const SocketPort *p, const SocketConfig *c, const char *unit_id) {
        int r = make_parent(p->address, c->directory_mode);
        if (r < 0)
                return fail(-EBADF, r, unit_id, p, "create the directory of");
        mode_t old = umask(~c->socket_mode & 0777);
        r = mkfifo(p->address, c->socket_mode) < 0 ? -errno : 0;
        umask(old);
        if (r < 0 && r != -EEXIST)
                return fail(-EBADF, r, unit_id, p, "create FIFO");
        /* O_RDWR: the open neither blocks for a writer nor sees EOF when writers come and go */
        int fd = open(p->address, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
        if (fd < 0)
                return fail(-EBADF, -errno, unit_id, p, "open FIFO");
        struct stat st;
        if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode))
                return fail(fd, -EEXIST, unit_id, p, "use (exists and is not a FIFO)");
        (void) socket_apply_fifo_options(c, fd, unit_id);
        return fd;
}

static int open_special(const SocketPort *p, const SocketConfig *c, const char *unit_id) {
        int fd = open(p->address, (c->writable ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
        if (fd < 0)
                return fail(-EBADF, -errno, unit_id, p, "open special file");
        struct stat st;
        if (fstat(fd, &st) < 0 || !(S_ISCHR(st.st_mode) || S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)))
                return fail(fd, -EEXIST, unit_id, p, "use (not a character device, FIFO or regular file)");
        return fd;
}

static int open_mqueue(const SocketPort *p, const SocketConfig *c, const char *unit_id) {
        struct mq_attr attr = { .mq_maxmsg = c->mq_maxmsg, .mq_msgsize = c->mq_msgsize };
        bool with_attr = c->mq_maxmsg > 0 && c->mq_msgsize > 0;
        mode_t old = umask(~c->socket_mode & 0777);
        int fd = mq_open(p->address, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_CREAT, c->socket_mode, with_attr ? &attr : NULL);
        int r = fd < 0 ? -errno : 0;
        umask(old);
        if (fd < 0)
                return fail(-EBADF, r, unit_id, p, "create message queue");
        return fd;
}

int socket_port_open(const SocketPort *p, const SocketConfig *c, const char *unit_id) {
        switch (p->type) {
        case SOCKET_PORT_SOCKET:
                return open_socket(p, c, unit_id);
        case SOCKET_PORT_FIFO:
                return open_fifo(p, c, unit_id);
        case SOCKET_PORT_SPECIAL:
                return open_special(p, c, unit_id);
        case SOCKET_PORT_MQUEUE:
                return open_mqueue(p, c, unit_id);
        default:
                return -EOPNOTSUPP;
        }
}

void socket_port_unlink(const SocketPort *p) {
        if (p->type == SOCKET_PORT_MQUEUE) {
                (void) mq_unlink(p->address);
                return;
        }
        if (p->type == SOCKET_PORT_SPECIAL)
                return; /* not ours: a device or file that existed before */
        const char *path = socket_port_path(p);
        if (path && unlink(path) < 0 && errno != ENOENT)
                log_debug("Failed to remove %s: %s", path, strerror(errno));
}
