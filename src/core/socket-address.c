/* socket-address.c — printing socket addresses and naming accepted connections (see
 * socket-address.h). Kept free of manager state so the naming rules, which users see in unit
 * names and which scripts match, are tested on their own. */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "socket-address.h"
#include "string-util.h"

const char *socket_port_type_to_string(const SocketPort *p) {
        switch (p->type) {
        case SOCKET_PORT_SOCKET:
                switch (p->socket_type) {
                case SOCK_STREAM: return "Stream";
                case SOCK_DGRAM: return "Datagram";
                case SOCK_SEQPACKET: return "SequentialPacket";
                case SOCK_RAW: return "Netlink";
                default: return "Invalid";
                }
        case SOCKET_PORT_FIFO: return "FIFO";
        case SOCKET_PORT_SPECIAL: return "Special";
        case SOCKET_PORT_MQUEUE: return "MessageQueue";
        case SOCKET_PORT_USB_FUNCTION: return "USBFunction";
        default: return "Invalid";
        }
}

static const char *const netlink_names[] = {
        [NETLINK_ROUTE] = "route", [NETLINK_FIREWALL] = "firewall", [NETLINK_SOCK_DIAG] = "inet-diag",
        [NETLINK_NFLOG] = "nflog", [NETLINK_XFRM] = "xfrm", [NETLINK_SELINUX] = "selinux",
        [NETLINK_ISCSI] = "iscsi", [NETLINK_AUDIT] = "audit", [NETLINK_FIB_LOOKUP] = "fib-lookup",
        [NETLINK_CONNECTOR] = "connector", [NETLINK_NETFILTER] = "netfilter", [NETLINK_IP6_FW] = "ip6-fw",
        [NETLINK_DNRTMSG] = "dnrtmsg", [NETLINK_KOBJECT_UEVENT] = "kobject-uevent", [NETLINK_GENERIC] = "generic",
        [NETLINK_SCSITRANSPORT] = "scsitransport", [NETLINK_ECRYPTFS] = "ecryptfs", [NETLINK_RDMA] = "rdma",
        [NETLINK_CRYPTO] = "crypto", [NETLINK_SMC] = "smc",
};

static bool in6_is_v4_mapped(const struct in6_addr *a) {
        static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
        return memcmp(a->s6_addr, prefix, sizeof prefix) == 0;
}

int sockaddr_to_string(const SocketSockaddr *sa, socklen_t len, char **ret) {
        char buf[INET6_ADDRSTRLEN + 64];
        char *s = NULL;
        int r = 0;
        switch (sa->sa.sa_family) {
        case AF_INET:
                inet_ntop(AF_INET, &sa->in.sin_addr, buf, sizeof buf);
                r = asprintf(&s, "%s:%u", buf, ntohs(sa->in.sin_port));
                break;
        case AF_INET6:
                if (in6_is_v4_mapped(&sa->in6.sin6_addr)) {
                        inet_ntop(AF_INET, sa->in6.sin6_addr.s6_addr + 12, buf, sizeof buf);
                        r = asprintf(&s, "%s:%u", buf, ntohs(sa->in6.sin6_port));
                } else {
                        inet_ntop(AF_INET6, &sa->in6.sin6_addr, buf, sizeof buf);
                        r = asprintf(&s, "[%s]:%u", buf, ntohs(sa->in6.sin6_port));
                }
                break;
        case AF_UNIX: {
                size_t n = len > offsetof(struct sockaddr_un, sun_path) ? len - offsetof(struct sockaddr_un, sun_path) : 0;
                if (n == 0) /* an unnamed peer (socketpair, unbound client) */
                        return (*ret = strdup("")) ? 0 : -ENOMEM;
                if (sa->un.sun_path[0] == 0) {
                        /* abstract: the name may hold NULs; systemd prints them as "@" too */
                        s = malloc(n + 1);
                        if (!s)
                                return -ENOMEM;
                        for (size_t i = 0; i < n; i++)
                                s[i] = sa->un.sun_path[i] ? sa->un.sun_path[i] : '@';
                        s[n] = 0;
                } else
                        s = strndup(sa->un.sun_path, n);
                break;
        }
        case AF_VSOCK: {
                const struct sockaddr_vm *vm = (const struct sockaddr_vm *) sa;
                r = asprintf(&s, "vsock:%u:%u", vm->svm_cid, vm->svm_port);
                break;
        }
        default:
                r = asprintf(&s, "(family %d)", sa->sa.sa_family);
        }
        if (r < 0 || !s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

int socket_port_address_to_string(const SocketPort *p, char **ret) {
        if (p->type != SOCKET_PORT_SOCKET)
                return (*ret = strdup(p->address)) ? 0 : -ENOMEM;
        if (p->family == AF_NETLINK) {
                char *s = NULL;
                int f = p->netlink_protocol;
                if (f >= 0 && (size_t) f < ELEMENTSOF(netlink_names) && netlink_names[f])
                        f = asprintf(&s, "%s %u", netlink_names[f], p->netlink_group);
                else
                        f = asprintf(&s, "%d %u", f, p->netlink_group);
                if (f < 0)
                        return -ENOMEM;
                *ret = s;
                return 0;
        }
        return sockaddr_to_string(&p->sockaddr, p->size, ret);
}

int socket_instance_from_addresses(unsigned nr, const SocketSockaddr *local, const SocketSockaddr *remote,
                                   const struct ucred *cred, char **ret) {
        char *s = NULL;
        char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
        int r;
        switch (local->sa.sa_family) {
        case AF_INET:
                inet_ntop(AF_INET, &local->in.sin_addr, a, sizeof a);
                inet_ntop(AF_INET, &remote->in.sin_addr, b, sizeof b);
                r = asprintf(&s, "%u-%s:%u-%s:%u", nr, a, ntohs(local->in.sin_port), b, ntohs(remote->in.sin_port));
                break;
        case AF_INET6:
                /* IPv4 clients of a dual-stack socket name their instance as IPv4 ones */
                if (in6_is_v4_mapped(&local->in6.sin6_addr) && in6_is_v4_mapped(&remote->in6.sin6_addr)) {
                        inet_ntop(AF_INET, local->in6.sin6_addr.s6_addr + 12, a, sizeof a);
                        inet_ntop(AF_INET, remote->in6.sin6_addr.s6_addr + 12, b, sizeof b);
                } else {
                        inet_ntop(AF_INET6, &local->in6.sin6_addr, a, sizeof a);
                        inet_ntop(AF_INET6, &remote->in6.sin6_addr, b, sizeof b);
                }
                r = asprintf(&s, "%u-%s:%u-%s:%u", nr, a, ntohs(local->in6.sin6_port), b, ntohs(remote->in6.sin6_port));
                break;
        case AF_UNIX:
                if (cred)
                        r = asprintf(&s, "%u-%d-%u", nr, (int) cred->pid, (unsigned) cred->uid);
                else
                        r = asprintf(&s, "%u-unknown", nr);
                break;
        case AF_VSOCK: {
                const struct sockaddr_vm *l = (const struct sockaddr_vm *) local, *p = (const struct sockaddr_vm *) remote;
                r = asprintf(&s, "%u-%u:%u-%u:%u", nr, l->svm_cid, l->svm_port, p->svm_cid, p->svm_port);
                break;
        }
        default:
                return -EAFNOSUPPORT;
        }
        if (r < 0)
                return -ENOMEM;
        *ret = s;
        return 0;
}

static int get_cred(int fd, struct ucred *ret) {
        socklen_t l = sizeof *ret;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ret, &l) < 0)
                return -errno;
        /* a peer in another PID namespace shows as pid 0: systemd calls it "unknown" */
        if (l != sizeof *ret || ret->pid <= 0)
                return -ENODATA;
        return 0;
}

int socket_instance_from_fd(int fd, unsigned nr, char **ret) {
        SocketSockaddr local = {}, remote = {};
        socklen_t ll = sizeof local, rl = sizeof remote;
        if (getsockname(fd, &local.sa, &ll) < 0 || getpeername(fd, &remote.sa, &rl) < 0)
                return -errno;
        struct ucred cred;
        bool have_cred = local.sa.sa_family == AF_UNIX && get_cred(fd, &cred) >= 0;
        return socket_instance_from_addresses(nr, &local, &remote, have_cred ? &cred : NULL, ret);
}

int socket_peer_description(int fd, char **ret) {
        SocketSockaddr remote = {};
        socklen_t rl = sizeof remote;
        if (getpeername(fd, &remote.sa, &rl) < 0)
                return -errno;
        if (remote.sa.sa_family == AF_UNIX) {
                struct ucred cred;
                char *s = NULL;
                if (get_cred(fd, &cred) < 0)
                        return (*ret = strdup("unknown")) ? 0 : -ENOMEM;
                if (asprintf(&s, "PID %d/UID %u", (int) cred.pid, (unsigned) cred.uid) < 0)
                        return -ENOMEM;
                *ret = s;
                return 0;
        }
        return sockaddr_to_string(&remote, rl, ret);
}

int socket_peer_key(int fd, char **ret) {
        SocketSockaddr remote = {};
        socklen_t rl = sizeof remote;
        char buf[INET6_ADDRSTRLEN];
        if (getpeername(fd, &remote.sa, &rl) < 0)
                return -errno;
        switch (remote.sa.sa_family) {
        case AF_INET:
                inet_ntop(AF_INET, &remote.in.sin_addr, buf, sizeof buf);
                break;
        case AF_INET6:
                if (in6_is_v4_mapped(&remote.in6.sin6_addr))
                        inet_ntop(AF_INET, remote.in6.sin6_addr.s6_addr + 12, buf, sizeof buf);
                else
                        inet_ntop(AF_INET6, &remote.in6.sin6_addr, buf, sizeof buf);
                break;
        case AF_VSOCK:
                snprintf(buf, sizeof buf, "vsock:%u", ((struct sockaddr_vm *) &remote)->svm_cid);
                break;
        default:
                return -EOPNOTSUPP;
        }
        return (*ret = strdup(buf)) ? 0 : -ENOMEM;
}
