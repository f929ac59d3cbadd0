/* socket-config.c — the directive table of [Socket] and the life cycle of SocketConfig, with
 * the parsers only sockets need: Listen*= (address syntax of systemd.socket(5)), netlink
 * families, socket option enums and the few numbers with their own ranges. Addresses are
 * parsed when the file is read, so a typo is reported with its line; nothing is resolved or
 * bound until the socket starts. */
#include <arpa/inet.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <netinet/ip.h>
#include <stddef.h>

#include "directive-util.h"
#include "config-values.h"
#include "exec-parsers.h"
#include "parse-util.h"
#include "path-util.h"
#include "socket-config.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static int parse_unix_address(const char *s, SocketPort *p) {
        bool abstract = s[0] == '@';
        size_t l = strlen(s);
        /* sun_path takes the path with its NUL, or the abstract name after its leading NUL. */
        if (l < 2 || l >= sizeof(p->sockaddr.un.sun_path) || (!abstract && (!path_is_valid(s) || endswith(s, "/"))))
                return -EINVAL;
        p->sockaddr.un.sun_family = AF_UNIX;
        memcpy(p->sockaddr.un.sun_path, s, l);
        if (abstract)
                p->sockaddr.un.sun_path[0] = 0;
        p->size = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + l + !abstract);
        p->family = AF_UNIX;
        return 0;
}

static int parse_vsock_address(const char *s, SocketPort *p) {
        const char *colon = strchr(s, ':');
        uint32_t cid = VMADDR_CID_ANY, port;
        if (!colon)
                return -EINVAL;
        _cleanup_free_ char *c = strndup(s, (size_t) (colon - s));
        if (!c)
                return -ENOMEM;
        if ((*c && safe_atou32(c, &cid) < 0) || safe_atou32(colon + 1, &port) < 0)
                return -EINVAL;
        struct sockaddr_vm *vm = (struct sockaddr_vm *) &p->sockaddr;
        vm->svm_family = AF_VSOCK;
        vm->svm_cid = cid;
        vm->svm_port = port;
        p->size = sizeof(struct sockaddr_vm);
        p->family = AF_VSOCK;
        return 0;
}

/* "[addr]:port" with an optional "%scope" after the port. */
static int parse_ipv6_address(const char *s, SocketPort *p) {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
                return -EINVAL;
        _cleanup_free_ char *a = strndup(s + 1, (size_t) (close - s - 1)), *port = strdup(close + 2);
        if (!a || !port)
                return -ENOMEM;
        char *pct = strchr(port, '%');
        if (pct)
                *pct++ = 0;
        uint16_t n;
        if (inet_pton(AF_INET6, a, &p->sockaddr.in6.sin6_addr) <= 0 || parse_ip_port(port, &n) < 0)
                return -EINVAL;
        if (pct) {
                unsigned idx;
                if (safe_atou(pct, &idx) >= 0 && idx > 0)
                        p->sockaddr.in6.sin6_scope_id = idx;
                else if (filename_is_valid(pct) && strlen(pct) < 16) /* IFNAMSIZ */ {
                        /* Interfaces come and go; the name is resolved when binding. */
                        p->scope_ifname = strdup(pct);
                        if (!p->scope_ifname)
                                return -ENOMEM;
                } else
                        return -EINVAL;
        }
        p->sockaddr.in6.sin6_family = AF_INET6;
        p->sockaddr.in6.sin6_port = htons(n);
        p->size = sizeof(struct sockaddr_in6);
        p->family = AF_INET6;
        return 0;
}

int socket_address_parse(const char *s, SocketPort *p) {
        const char *e;
        if (s[0] == '/' || s[0] == '@')
                return parse_unix_address(s, p);
        if ((e = startswith(s, "vsock:")))
                return parse_vsock_address(e, p);
        if (s[0] == '[')
                return parse_ipv6_address(s, p);
        uint16_t n;
        if (in_charset(s, DIGITS)) {
                if (parse_ip_port(s, &n) < 0)
                        return -ERANGE;
                p->sockaddr.in6.sin6_family = AF_INET6;
                p->sockaddr.in6.sin6_addr = in6addr_any;
                p->sockaddr.in6.sin6_port = htons(n);
                p->size = sizeof(struct sockaddr_in6);
                p->family = AF_INET6;
                p->port_only = true;
                return 0;
        }
        const char *colon = strrchr(s, ':');
        if (!colon)
                return -EINVAL;
        _cleanup_free_ char *a = strndup(s, (size_t) (colon - s));
        if (!a)
                return -ENOMEM;
        if (inet_pton(AF_INET, a, &p->sockaddr.in.sin_addr) <= 0 || parse_ip_port(colon + 1, &n) < 0)
                return -EINVAL;
        p->sockaddr.in.sin_family = AF_INET;
        p->sockaddr.in.sin_port = htons(n);
        p->size = sizeof(struct sockaddr_in);
        p->family = AF_INET;
        return 0;
}

static const char *const netlink_family_table[] = {
        [NETLINK_ROUTE] = "route",
        [NETLINK_FIREWALL] = "firewall",
        [NETLINK_SOCK_DIAG] = "inet-diag",
        [NETLINK_NFLOG] = "nflog",
        [NETLINK_XFRM] = "xfrm",
        [NETLINK_SELINUX] = "selinux",
        [NETLINK_ISCSI] = "iscsi",
        [NETLINK_AUDIT] = "audit",
        [NETLINK_FIB_LOOKUP] = "fib-lookup",
        [NETLINK_CONNECTOR] = "connector",
        [NETLINK_NETFILTER] = "netfilter",
        [NETLINK_IP6_FW] = "ip6-fw",
        [NETLINK_DNRTMSG] = "dnrtmsg",
        [NETLINK_KOBJECT_UEVENT] = "kobject-uevent",
        [NETLINK_GENERIC] = "generic",
        [NETLINK_SCSITRANSPORT] = "scsitransport",
        [NETLINK_ECRYPTFS] = "ecryptfs",
        [NETLINK_RDMA] = "rdma",
        [NETLINK_CRYPTO] = "crypto",
        [NETLINK_SMC] = "smc",
};

/* "family [group]": a family name or number, and a multicast group. */
static int parse_netlink_address(const char *s, SocketPort *p) {
        _cleanup_free_ char *family = NULL, *group = NULL;
        const char *q = s;
        /* The word splitter sets q to NULL once it reached the end. */
        if (extract_first_word(&q, &family, NULL, 0) <= 0 || extract_first_word(&q, &group, NULL, 0) < 0 ||
            !isempty(q))
                return -EINVAL;
        unsigned u, g = 0;
        int f = string_table_lookup(netlink_family_table, ELEMENTSOF(netlink_family_table), family);
        if (f < 0 && safe_atou(family, &u) >= 0 && u < MAX_LINKS)
                f = (int) u;
        if (f < 0 || (group && safe_atou(group, &g) < 0))
                return -EINVAL;
        struct sockaddr_nl *nl = (struct sockaddr_nl *) &p->sockaddr;
        nl->nl_family = AF_NETLINK;
        nl->nl_groups = g;
        p->size = sizeof(struct sockaddr_nl);
        p->family = AF_NETLINK;
        p->netlink_protocol = f;
        p->netlink_group = g;
        return 0;
}

static void socket_port_done(SocketPort *p) {
        free(p->address);
        free(p->scope_ifname);
}

static void socket_ports_reset(SocketConfig *s) {
        for (size_t i = 0; i < s->n_ports; i++)
                socket_port_done(&s->ports[i]);
        s->ports = mfree(s->ports);
        s->n_ports = 0;
}

/* ltype: SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW for netlink, or -SocketPortType
 * for the non-socket kinds. */
static int config_parse_socket_listen(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        SocketConfig *s = data;
        if (!*rvalue) {
                /* Any Listen*= emptied resets every kind, as systemd.socket(5) says. */
                socket_ports_reset(s);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        SocketPort p = { .type = ltype < 0 ? -ltype : SOCKET_PORT_SOCKET, .socket_type = ltype > 0 ? ltype : 0 };
        int r;
        if (ltype < 0) {
                bool ok = path_is_absolute(k) && path_is_valid(k) && path_is_normalized(k);
                /* A POSIX message queue name is one "/name" component. */
                if (ltype == -SOCKET_PORT_MQUEUE)
                        ok = ok && !strchr(k + 1, '/');
                if (!ok) {
                        log_config_ignoring(ctx, "%s= path is not absolute or not valid, ignoring: %s", ctx->lvalue, k);
                        return 0;
                }
                r = 0;
        } else if (ltype == SOCK_RAW)
                r = parse_netlink_address(k, &p);
        else
                r = socket_address_parse(k, &p);
        if (r == -ENOMEM) {
                socket_port_done(&p);
                return log_oom();
        }
        if (r < 0) {
                log_config_ignoring(ctx, "Failed to parse address value in '%s', ignoring: %s", k, strerror(-r));
                socket_port_done(&p);
                return 0;
        }
        if (ltype == SOCK_SEQPACKET && p.family != AF_UNIX) {
                log_config_ignoring(ctx, "Address family not supported, ignoring: %s", k);
                socket_port_done(&p);
                return 0;
        }
        SocketPort *ports = realloc(s->ports, (s->n_ports + 1) * sizeof(SocketPort));
        if (!ports) {
                socket_port_done(&p);
                return log_oom();
        }
        s->ports = ports;
        p.address = TAKE_PTR(k);
        s->ports[s->n_ports++] = p;
        return 0;
}

static const char *const bind_ipv6_only_table[_SOCKET_ADDRESS_BIND_IPV6_ONLY_MAX] = {
        [SOCKET_ADDRESS_DEFAULT] = "default",
        [SOCKET_ADDRESS_BOTH] = "both",
        [SOCKET_ADDRESS_IPV6_ONLY] = "ipv6-only",
};

/* Also a boolean: "yes" is ipv6-only, "no" both. */
static int bind_ipv6_only_from_string(const char *s) {
        int b = parse_boolean(s);
        if (b >= 0)
                return b ? SOCKET_ADDRESS_IPV6_ONLY : SOCKET_ADDRESS_BOTH;
        return string_table_lookup(bind_ipv6_only_table, ELEMENTSOF(bind_ipv6_only_table), s);
}
static DEFINE_CONFIG_PARSE_ENUM(config_parse_socket_bind_ipv6_only, bind_ipv6_only_from_string,
                                SocketAddressBindIPv6Only, "Failed to parse bind IPv6 only value")

static int timestamping_from_string(const char *s) {
        if (streq(s, "off"))
                return SOCKET_TIMESTAMPING_OFF;
        if (streq(s, "us") || streq(s, "usec") || streq(s, "µs"))
                return SOCKET_TIMESTAMPING_US;
        if (streq(s, "ns") || streq(s, "nsec"))
                return SOCKET_TIMESTAMPING_NS;
        return -EINVAL;
}
static DEFINE_CONFIG_PARSE_ENUM(config_parse_socket_timestamping, timestamping_from_string, SocketTimestamping,
                                "Failed to parse timestamping precision")

static int socket_protocol_from_string(const char *s) {
        if (streq(s, "udplite"))
                return IPPROTO_UDPLITE;
        if (streq(s, "sctp"))
                return IPPROTO_SCTP;
        return -EINVAL;
}
static DEFINE_CONFIG_PARSE_ENUM(config_parse_socket_protocol, socket_protocol_from_string, int,
                                "Failed to parse socket protocol")

static int config_parse_socket_ip_tos(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        static const struct {
                const char *name;
                int tos;
        } names[] = {
                { "low-delay", IPTOS_LOWDELAY }, { "throughput", IPTOS_THROUGHPUT },
                { "reliability", IPTOS_RELIABILITY }, { "low-cost", IPTOS_MINCOST },
        };
        int *tos = data;
        (void) ltype;
        if (!*rvalue) {
                *tos = -1;
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(rvalue, names[i].name)) {
                        *tos = names[i].tos;
                        return 0;
                }
        unsigned u;
        if (safe_atou(rvalue, &u) < 0 || u > 0xff) {
                log_config_ignoring(ctx, "Failed to parse IP TOS value, ignoring: %s", rvalue);
                return 0;
        }
        *tos = (int) u;
        return 0;
}

/* An int socket option where empty means "leave the kernel's value" (-1). */
static int config_parse_socket_int(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *v = data;
        (void) ltype;
        if (!*rvalue) {
                *v = -1;
                return 0;
        }
        if (safe_atoi(rvalue, v) < 0)
                log_config_ignoring(ctx, "Failed to parse int value, ignoring: %s", rvalue);
        return 0;
}

static int config_parse_socket_long(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        long *v = data;
        long long ll;
        (void) ltype;
        if (!*rvalue) {
                *v = 0;
                return 0;
        }
        if (safe_atolli(rvalue, &ll) < 0 || ll < 0 || ll > LONG_MAX) {
                log_config_ignoring(ctx, "Failed to parse message queue size, ignoring: %s", rvalue);
                return 0;
        }
        *v = (long) ll;
        return 0;
}

static int config_parse_socket_bind_device(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **dev = data;
        (void) ltype;
        if (!*rvalue || streq(rvalue, "*")) {
                *dev = mfree(*dev);
                return 0;
        }
        /* IFNAMSIZ, and the characters the kernel refuses in interface names. */
        if (strlen(rvalue) >= 16 || !filename_is_valid(rvalue) || strpbrk(rvalue, WHITESPACE ":")) {
                log_config_ignoring(ctx, "Invalid interface name, ignoring: %s", rvalue);
                return 0;
        }
        return strdup_to(dev, rvalue) < 0 ? log_oom() : 0;
}

static int config_parse_socket_fdname(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **name = data;
        (void) ltype;
        if (!*rvalue) {
                *name = mfree(*name);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        bool ok = strlen(k) <= 255;
        for (const char *p = k; *p && ok; p++)
                ok = *p >= ' ' && *p < 0x7f && *p != ':';
        if (!ok) {
                log_config_ignoring(ctx, "Invalid file descriptor name, ignoring: %s", k);
                return 0;
        }
        free(*name);
        *name = TAKE_PTR(k);
        return 0;
}

/* Service=: one service unit name, not a template. */
static int config_parse_socket_service(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **service = data;
        (void) ltype;
        if (!*rvalue) {
                *service = mfree(*service);
                return 0;
        }
        _cleanup_free_ char *k = NULL;
        if (config_expand(ctx, rvalue, &k) < 0)
                return 0;
        if (!endswith(k, ".service")) {
                log_config_ignoring(ctx, "Unit must be of type service, ignoring: %s", k);
                return 0;
        }
        if (!unit_name_is_valid(k, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE)) {
                log_config_ignoring(ctx, "Invalid unit name, ignoring: %s", k);
                return 0;
        }
        free(*service);
        *service = TAKE_PTR(k);
        return 0;
}

#define F(field) offsetof(SocketConfig, field)
static const ConfigDirective socket_config_directives[] = {
        { "Accept", config_parse_bool, 0, F(accept) },
        { "Backlog", config_parse_unsigned, 0, F(backlog) },
        { "BindIPv6Only", config_parse_socket_bind_ipv6_only, 0, F(bind_ipv6_only) },
        { "BindToDevice", config_parse_socket_bind_device, 0, F(bind_to_device) },
        { "Broadcast", config_parse_bool, 0, F(broadcast) },
        { "DeferAcceptSec", config_parse_sec, 0, F(defer_accept) },
        { "DirectoryMode", config_parse_mode, 0, F(directory_mode) },
        { "ExecStartPost", config_parse_exec, 0, F(exec_command[SOCKET_EXEC_START_POST]) },
        { "ExecStartPre", config_parse_exec, 0, F(exec_command[SOCKET_EXEC_START_PRE]) },
        { "ExecStopPost", config_parse_exec, 0, F(exec_command[SOCKET_EXEC_STOP_POST]) },
        { "ExecStopPre", config_parse_exec, 0, F(exec_command[SOCKET_EXEC_STOP_PRE]) },
        { "FileDescriptorName", config_parse_socket_fdname, 0, F(fdname) },
        { "FlushPending", config_parse_bool, 0, F(flush_pending) },
        { "FreeBind", config_parse_bool, 0, F(free_bind) },
        { "IPTOS", config_parse_socket_ip_tos, 0, F(ip_tos) },
        { "IPTTL", config_parse_socket_int, 0, F(ip_ttl) },
        { "KeepAlive", config_parse_bool, 0, F(keep_alive) },
        { "KeepAliveIntervalSec", config_parse_sec, 0, F(keep_alive_interval) },
        { "KeepAliveProbes", config_parse_unsigned, 0, F(keep_alive_count) },
        { "KeepAliveTimeSec", config_parse_sec, 0, F(keep_alive_time) },
        { "ListenDatagram", config_parse_socket_listen, SOCK_DGRAM, 0 },
        { "ListenFIFO", config_parse_socket_listen, -SOCKET_PORT_FIFO, 0 },
        { "ListenMessageQueue", config_parse_socket_listen, -SOCKET_PORT_MQUEUE, 0 },
        { "ListenNetlink", config_parse_socket_listen, SOCK_RAW, 0 },
        { "ListenSequentialPacket", config_parse_socket_listen, SOCK_SEQPACKET, 0 },
        { "ListenSpecial", config_parse_socket_listen, -SOCKET_PORT_SPECIAL, 0 },
        { "ListenStream", config_parse_socket_listen, SOCK_STREAM, 0 },
        { "ListenUSBFunction", config_parse_socket_listen, -SOCKET_PORT_USB_FUNCTION, 0 },
        { "Mark", config_parse_socket_int, 0, F(mark) },
        { "MaxConnections", config_parse_unsigned, 0, F(max_connections) },
        { "MaxConnectionsPerSource", config_parse_unsigned, 0, F(max_connections_per_source) },
        { "MessageQueueMaxMessages", config_parse_socket_long, 0, F(mq_maxmsg) },
        { "MessageQueueMessageSize", config_parse_socket_long, 0, F(mq_msgsize) },
        { "NoDelay", config_parse_bool, 0, F(no_delay) },
        { "PassCredentials", config_parse_bool, 0, F(pass_cred) },
        { "PassPacketInfo", config_parse_bool, 0, F(pass_pktinfo) },
        { "PassSecurity", config_parse_bool, 0, F(pass_sec) },
        { "PipeSize", config_parse_iec_size, 0, F(pipe_size) },
        { "Priority", config_parse_socket_int, 0, F(priority) },
        { "ReceiveBuffer", config_parse_iec_size, 0, F(receive_buffer) },
        { "RemoveOnStop", config_parse_bool, 0, F(remove_on_stop) },
        { "ReusePort", config_parse_bool, 0, F(reuse_port) },
        { "SELinuxContextFromNet", config_parse_bool, 0, F(selinux_context_from_net) },
        { "SendBuffer", config_parse_iec_size, 0, F(send_buffer) },
        { "Service", config_parse_socket_service, 0, F(service) },
        { "SmackLabel", config_parse_string, 0, F(smack) },
        { "SmackLabelIPIn", config_parse_string, 0, F(smack_ip_in) },
        { "SmackLabelIPOut", config_parse_string, 0, F(smack_ip_out) },
        { "SocketGroup", config_parse_exec_user, 0, F(socket_group) },
        { "SocketMode", config_parse_mode, 0, F(socket_mode) },
        { "SocketProtocol", config_parse_socket_protocol, 0, F(socket_protocol) },
        { "SocketUser", config_parse_exec_user, 0, F(socket_user) },
        { "Symlinks", config_parse_path_strv, 0, F(symlinks) },
        { "TCPCongestion", config_parse_string, 0, F(tcp_congestion) },
        { "TimeoutSec", config_parse_sec, 1, F(timeout_usec) },
        { "Timestamping", config_parse_socket_timestamping, 0, F(timestamping) },
        { "Transparent", config_parse_bool, 0, F(transparent) },
        { "TriggerLimitBurst", config_parse_unsigned, 0, F(trigger_limit_burst) },
        { "TriggerLimitIntervalSec", config_parse_sec, 0, F(trigger_limit_interval) },
        { "Writable", config_parse_bool, 0, F(writable) },
};
#undef F

const ConfigTable socket_config_table = CONFIG_TABLE("Socket", PART_SOCKET, socket_config_directives);

SocketConfig *socket_config_new(void) {
        SocketConfig *s = new0(SocketConfig, 1);
        if (!s)
                return NULL;
        /* The kernel caps the backlog at net.core.somaxconn; asking for the most lets the
         * sysctl decide. */
        s->backlog = UINT_MAX;
        s->socket_mode = 0666;
        s->directory_mode = 0755;
        s->max_connections = 64;
        s->trigger_limit_interval = 2 * USEC_PER_SEC;
        s->trigger_limit_burst = UINT_MAX;
        s->timeout_usec = 90 * USEC_PER_SEC; /* DefaultTimeoutStartSec= */
        s->priority = -1;
        s->ip_tos = -1;
        s->ip_ttl = -1;
        s->mark = -1;
        return s;
}

SocketConfig *socket_config_free(SocketConfig *s) {
        if (!s)
                return NULL;
        socket_ports_reset(s);
        free(s->bind_to_device);
        free(s->socket_user);
        free(s->socket_group);
        strv_free(s->symlinks);
        free(s->fdname);
        free(s->service);
        for (size_t i = 0; i < _SOCKET_EXEC_COMMAND_MAX; i++)
                exec_command_free_list(s->exec_command[i]);
        free(s->tcp_congestion);
        free(s->smack);
        free(s->smack_ip_in);
        free(s->smack_ip_out);
        free(s);
        return NULL;
}
