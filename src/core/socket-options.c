/* socket-options.c — see socket-options.h. Each option is one setsockopt(); a refusal is
 * logged and counted, so callers (and tests) know how many did not take. */
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "log.h"
#include "socket-options.h"

static int set_opt(int fd, int level, int name, const void *v, socklen_t l, const char *unit_id, const char *what) {
        if (setsockopt(fd, level, name, v, l) >= 0)
                return 0;
        log_warning("%s: %s failed, ignoring: %s", unit_id, what, strerror(errno));
        return 1;
}

static int set_int(int fd, int level, int name, int v, const char *unit_id, const char *what) {
        return set_opt(fd, level, name, &v, sizeof v, unit_id, what);
}

static bool is_ip(int family) {
        return family == AF_INET || family == AF_INET6;
}

int socket_apply_pre_bind(const SocketConfig *c, int fd, int family, int socket_type, const char *unit_id) {
        int n = 0;
        /* a restarted socket unit must be able to bind while old connections linger in TIME_WAIT */
        if (is_ip(family) && socket_type == SOCK_STREAM)
                n += set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1, unit_id, "SO_REUSEADDR");
        if (family == AF_INET6 && c->bind_ipv6_only != SOCKET_ADDRESS_DEFAULT)
                n += set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, c->bind_ipv6_only == SOCKET_ADDRESS_IPV6_ONLY, unit_id,
                             "BindIPv6Only=");
        if (c->reuse_port)
                n += set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1, unit_id, "ReusePort=");
        if (c->free_bind && is_ip(family))
                n += family == AF_INET6 ? set_int(fd, IPPROTO_IPV6, IPV6_FREEBIND, 1, unit_id, "FreeBind=")
                                        : set_int(fd, IPPROTO_IP, IP_FREEBIND, 1, unit_id, "FreeBind=");
        if (c->transparent && is_ip(family))
                n += family == AF_INET6 ? set_int(fd, IPPROTO_IPV6, IPV6_TRANSPARENT, 1, unit_id, "Transparent=")
                                        : set_int(fd, IPPROTO_IP, IP_TRANSPARENT, 1, unit_id, "Transparent=");
        if (c->bind_to_device)
                n += set_opt(fd, SOL_SOCKET, SO_BINDTODEVICE, c->bind_to_device, (socklen_t) strlen(c->bind_to_device) + 1,
                             unit_id, "BindToDevice=");
        return n;
}

/* SO_RCVBUF/SO_SNDBUF are capped by net.core.*mem_max; the FORCE variants (root) are not,
 * which is what a unit asking for a size means. */
static int set_buffer(int fd, int name, int force_name, uint64_t size, const char *unit_id, const char *what) {
        int v = size > INT32_MAX / 2 ? INT32_MAX / 2 : (int) size;
        if (setsockopt(fd, SOL_SOCKET, force_name, &v, sizeof v) >= 0)
                return 0;
        return set_int(fd, SOL_SOCKET, name, v, unit_id, what);
}

int socket_apply_options(const SocketConfig *c, int fd, int family, int socket_type, const char *unit_id) {
        int n = 0;
        bool tcp = is_ip(family) && socket_type == SOCK_STREAM;
        if (c->keep_alive)
                n += set_int(fd, SOL_SOCKET, SO_KEEPALIVE, 1, unit_id, "KeepAlive=");
        if (tcp && c->keep_alive_time > 0)
                n += set_int(fd, IPPROTO_TCP, TCP_KEEPIDLE, (int) (c->keep_alive_time / USEC_PER_SEC ?: 1), unit_id,
                             "KeepAliveTimeSec=");
        if (tcp && c->keep_alive_interval > 0)
                n += set_int(fd, IPPROTO_TCP, TCP_KEEPINTVL, (int) (c->keep_alive_interval / USEC_PER_SEC ?: 1), unit_id,
                             "KeepAliveIntervalSec=");
        if (tcp && c->keep_alive_count > 0)
                n += set_int(fd, IPPROTO_TCP, TCP_KEEPCNT, (int) c->keep_alive_count, unit_id, "KeepAliveProbes=");
        if (tcp && c->defer_accept > 0)
                n += set_int(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, (int) (c->defer_accept / USEC_PER_SEC ?: 1), unit_id,
                             "DeferAcceptSec=");
        if (tcp && c->no_delay)
                n += set_int(fd, IPPROTO_TCP, TCP_NODELAY, 1, unit_id, "NoDelay=");
        if (tcp && c->tcp_congestion)
                n += set_opt(fd, IPPROTO_TCP, TCP_CONGESTION, c->tcp_congestion, (socklen_t) strlen(c->tcp_congestion) + 1,
                             unit_id, "TCPCongestion=");
        if (c->broadcast)
                n += set_int(fd, SOL_SOCKET, SO_BROADCAST, 1, unit_id, "Broadcast=");
        /* credentials and security labels travel on local sockets only; elsewhere the kernel
         * refuses, and saying so for every TCP socket would be noise */
        bool local = family == AF_UNIX || family == AF_NETLINK;
        if (c->pass_cred && local)
                n += set_int(fd, SOL_SOCKET, SO_PASSCRED, 1, unit_id, "PassCredentials=");
        if (c->pass_sec && local)
                n += set_int(fd, SOL_SOCKET, SO_PASSSEC, 1, unit_id, "PassSecurity=");
        if (c->pass_pktinfo) {
                if (family == AF_INET)
                        n += set_int(fd, IPPROTO_IP, IP_PKTINFO, 1, unit_id, "PassPacketInfo=");
                else if (family == AF_INET6)
                        n += set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, unit_id, "PassPacketInfo=");
                else if (family == AF_NETLINK)
                        n += set_int(fd, SOL_NETLINK, NETLINK_PKTINFO, 1, unit_id, "PassPacketInfo=");
        }
        if (c->timestamping == SOCKET_TIMESTAMPING_US)
                n += set_int(fd, SOL_SOCKET, SO_TIMESTAMP, 1, unit_id, "Timestamping=");
        else if (c->timestamping == SOCKET_TIMESTAMPING_NS)
                n += set_int(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1, unit_id, "Timestamping=");
        if (c->receive_buffer > 0)
                n += set_buffer(fd, SO_RCVBUF, SO_RCVBUFFORCE, c->receive_buffer, unit_id, "ReceiveBuffer=");
        if (c->send_buffer > 0)
                n += set_buffer(fd, SO_SNDBUF, SO_SNDBUFFORCE, c->send_buffer, unit_id, "SendBuffer=");
        if (c->mark >= 0)
                n += set_int(fd, SOL_SOCKET, SO_MARK, c->mark, unit_id, "Mark=");
        if (c->ip_tos >= 0 && is_ip(family))
                n += family == AF_INET6 ? set_int(fd, IPPROTO_IPV6, IPV6_TCLASS, c->ip_tos, unit_id, "IPTOS=")
                                        : set_int(fd, IPPROTO_IP, IP_TOS, c->ip_tos, unit_id, "IPTOS=");
        /* after IPTOS=: setting the TOS also sets the priority from it, Priority= must win */
        if (c->priority >= 0)
                n += set_int(fd, SOL_SOCKET, SO_PRIORITY, c->priority, unit_id, "Priority=");
        if (c->ip_ttl >= 0 && family == AF_INET)
                n += set_int(fd, IPPROTO_IP, IP_TTL, c->ip_ttl, unit_id, "IPTTL=");
        else if (c->ip_ttl >= 0 && family == AF_INET6) {
                n += set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, c->ip_ttl, unit_id, "IPTTL=");
                /* a dual-stack socket also carries IPv4 packets; an IPv6-only one refuses this */
                (void) setsockopt(fd, IPPROTO_IP, IP_TTL, &c->ip_ttl, sizeof c->ip_ttl);
        }
        return n;
}

int socket_apply_fifo_options(const SocketConfig *c, int fd, const char *unit_id) {
        if (c->pipe_size == 0)
                return 0;
        int v = c->pipe_size > INT32_MAX ? INT32_MAX : (int) c->pipe_size;
        if (fcntl(fd, F_SETPIPE_SZ, v) >= 0)
                return 0;
        log_warning("%s: PipeSize= failed, ignoring: %s", unit_id, strerror(errno));
        return 1;
}
