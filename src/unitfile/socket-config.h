/* socket-config.h — the [Socket] section's own settings, as systemd.socket(5) describes them:
 * what to listen on (Listen*=, kept in file order as a list of SocketPort with the address
 * already parsed), whether to Accept=, the socket options applied to every listening socket,
 * ownership and modes of file system sockets and FIFOs, the helper commands around the
 * socket's life, and which service it activates. socket_config_new() sets the documented
 * defaults. */
#pragma once

#include <netinet/in.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#include "config-parse.h"
#include "exec-command.h"
#include "time-util.h"

typedef enum SocketPortType {
        SOCKET_PORT_SOCKET,        /* ListenStream=, ListenDatagram=, ListenSequentialPacket=, ListenNetlink= */
        SOCKET_PORT_FIFO,
        SOCKET_PORT_SPECIAL,
        SOCKET_PORT_MQUEUE,
        SOCKET_PORT_USB_FUNCTION,
        _SOCKET_PORT_TYPE_MAX,
} SocketPortType;

typedef union SocketSockaddr {
        struct sockaddr sa;
        struct sockaddr_un un;
        struct sockaddr_in in;
        struct sockaddr_in6 in6;
        struct sockaddr_storage storage;
} SocketSockaddr;

/* One Listen*= line. For SOCKET_PORT_SOCKET, sockaddr/size hold the parsed address:
 *   "/run/foo.sock"      AF_UNIX, file system
 *   "@name"              AF_UNIX, abstract (leading NUL in sun_path)
 *   "80"                 AF_INET6 "[::]:80" with port_only set: the binder falls back to
 *                        IPv4 "0.0.0.0:80" when the kernel has no IPv6
 *   "1.2.3.4:80"         AF_INET
 *   "[::1]:80"           AF_INET6, "[fe80::1%eth0]:80" with a scope
 *   "vsock:2:1234"       AF_VSOCK, CID and port (an empty CID means "any")
 *   "route 1"            AF_NETLINK (ListenNetlink=), protocol and multicast group */
typedef struct SocketPort {
        SocketPortType type;
        int socket_type;          /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW (netlink) */
        char *address;            /* as written, specifiers expanded: the path for non-sockets */
        int family;
        SocketSockaddr sockaddr;
        socklen_t size;
        bool port_only;
        char *scope_ifname;       /* interface of an IPv6 scope given by name ("%eth0") */
        int netlink_protocol;
        unsigned netlink_group;
} SocketPort;

typedef enum SocketAddressBindIPv6Only {
        SOCKET_ADDRESS_DEFAULT,
        SOCKET_ADDRESS_BOTH,
        SOCKET_ADDRESS_IPV6_ONLY,
        _SOCKET_ADDRESS_BIND_IPV6_ONLY_MAX,
} SocketAddressBindIPv6Only;

typedef enum SocketTimestamping {
        SOCKET_TIMESTAMPING_OFF,
        SOCKET_TIMESTAMPING_US,
        SOCKET_TIMESTAMPING_NS,
        _SOCKET_TIMESTAMPING_MAX,
} SocketTimestamping;

typedef enum SocketExecCommand {
        SOCKET_EXEC_START_PRE,
        SOCKET_EXEC_START_POST,
        SOCKET_EXEC_STOP_PRE,
        SOCKET_EXEC_STOP_POST,
        _SOCKET_EXEC_COMMAND_MAX,
} SocketExecCommand;

typedef struct SocketConfig {
        SocketPort *ports;
        size_t n_ports;

        bool accept;
        unsigned backlog;
        SocketAddressBindIPv6Only bind_ipv6_only;
        char *bind_to_device;
        int socket_protocol;       /* 0, IPPROTO_UDPLITE or IPPROTO_SCTP */

        char *socket_user;
        char *socket_group;
        mode_t socket_mode;
        mode_t directory_mode;
        char **symlinks;
        bool remove_on_stop;
        bool writable;
        char *fdname;              /* FileDescriptorName=; NULL: the socket unit's name */
        char *service;             /* Service=; NULL: the socket's name with .service */

        unsigned max_connections;
        unsigned max_connections_per_source; /* UINT_MAX: as max_connections */
        usec_t trigger_limit_interval;
        unsigned trigger_limit_burst;        /* UINT_MAX: 200 with Accept=yes, else 20 */

        ExecCommand *exec_command[_SOCKET_EXEC_COMMAND_MAX];
        usec_t timeout_usec;

        /* Socket options; a negative int or UINT64_MAX size means "leave the kernel's". */
        bool keep_alive;
        usec_t keep_alive_time;    /* 0: kernel default */
        usec_t keep_alive_interval;
        unsigned keep_alive_count;
        usec_t defer_accept;
        bool no_delay;
        int priority;
        uint64_t receive_buffer;   /* 0: kernel default */
        uint64_t send_buffer;
        int ip_tos;
        int ip_ttl;
        int mark;
        bool reuse_port;
        bool free_bind;
        bool transparent;
        bool broadcast;
        bool pass_cred;
        bool pass_sec;
        bool pass_pktinfo;
        SocketTimestamping timestamping;
        char *tcp_congestion;
        uint64_t pipe_size;        /* 0: kernel default */
        long mq_maxmsg;            /* 0: kernel default */
        long mq_msgsize;
        char *smack;
        char *smack_ip_in;
        char *smack_ip_out;
        bool selinux_context_from_net;
        bool flush_pending;
} SocketConfig;

SocketConfig *socket_config_new(void);
SocketConfig *socket_config_free(SocketConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(SocketConfig *, socket_config_free);

/* Parses one ListenStream=/ListenDatagram=/ListenSequentialPacket= address into p (family,
 * sockaddr, size, port_only, scope_ifname); p->address is left alone. -EINVAL if invalid. */
int socket_address_parse(const char *s, SocketPort *p);

extern const ConfigTable socket_config_table;
