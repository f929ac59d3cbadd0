/* test-socket-units.c — the parts of socket units that need no manager: how Listen*= entries
 * and peers print (status, list-sockets), systemd's instance names of accepted connections
 * (on synthetic addresses and on real loopback connections), the socket options as the kernel
 * reports them back after socket_apply_options(), and opening every Listen*= kind (unix path
 * with SocketMode=/DirectoryMode=, abstract, IPv4, IPv6 with BindIPv6Only=, datagram, FIFO,
 * special file, message queue, netlink) including the failures. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "path-util.h"
#include "socket-address.h"
#include "socket-listen.h"
#include "socket-options.h"
#include "string-util.h"

static SocketPort parse(const char *s, int type) {
        SocketPort p = { .type = SOCKET_PORT_SOCKET, .socket_type = type, .address = (char *) s };
        assert_int_equal(socket_address_parse(s, &p), 0);
        return p;
}

static void check_address(const char *in, const char *out) {
        SocketPort p = parse(in, SOCK_STREAM);
        _cleanup_free_ char *a = NULL;
        assert_int_equal(socket_port_address_to_string(&p, &a), 0);
        assert_string_equal(a, out);
        free(p.scope_ifname);
}

static void test_address_strings(void **state) {
        (void) state;
        check_address("/run/foo.sock", "/run/foo.sock");
        check_address("@abstract-echo", "@abstract-echo");
        check_address("8888", "[::]:8888");
        check_address("127.0.0.1:7777", "127.0.0.1:7777");
        check_address("[::1]:9999", "[::1]:9999");
        check_address("vsock:2:1234", "vsock:2:1234");
        SocketPort nl = { .type = SOCKET_PORT_SOCKET, .socket_type = SOCK_RAW, .family = AF_NETLINK,
                          .netlink_protocol = NETLINK_KOBJECT_UEVENT, .netlink_group = 1 };
        _cleanup_free_ char *a = NULL;
        assert_int_equal(socket_port_address_to_string(&nl, &a), 0);
        assert_string_equal(a, "kobject-uevent 1");
        SocketPort fifo = { .type = SOCKET_PORT_FIFO, .address = (char *) "/run/x.fifo" };
        _cleanup_free_ char *b = NULL;
        assert_int_equal(socket_port_address_to_string(&fifo, &b), 0);
        assert_string_equal(b, "/run/x.fifo");
}

static void test_type_strings(void **state) {
        (void) state;
        SocketPort p = { .type = SOCKET_PORT_SOCKET, .socket_type = SOCK_STREAM };
        assert_string_equal(socket_port_type_to_string(&p), "Stream");
        p.socket_type = SOCK_DGRAM;
        assert_string_equal(socket_port_type_to_string(&p), "Datagram");
        p.socket_type = SOCK_SEQPACKET;
        assert_string_equal(socket_port_type_to_string(&p), "SequentialPacket");
        p.socket_type = SOCK_RAW;
        assert_string_equal(socket_port_type_to_string(&p), "Netlink");
        p.type = SOCKET_PORT_FIFO;
        assert_string_equal(socket_port_type_to_string(&p), "FIFO");
        p.type = SOCKET_PORT_SPECIAL;
        assert_string_equal(socket_port_type_to_string(&p), "Special");
        p.type = SOCKET_PORT_MQUEUE;
        assert_string_equal(socket_port_type_to_string(&p), "MessageQueue");
        p.type = SOCKET_PORT_USB_FUNCTION;
        assert_string_equal(socket_port_type_to_string(&p), "USBFunction");
}

static void test_instance_names(void **state) {
        (void) state;
        SocketSockaddr l = {}, r = {};
        char *s = NULL;
        l.in.sin_family = r.in.sin_family = AF_INET;
        inet_pton(AF_INET, "10.0.0.1", &l.in.sin_addr);
        inet_pton(AF_INET, "192.168.1.2", &r.in.sin_addr);
        l.in.sin_port = htons(22);
        r.in.sin_port = htons(51234);
        assert_int_equal(socket_instance_from_addresses(7, &l, &r, NULL, &s), 0);
        assert_string_equal(s, "7-10.0.0.1:22-192.168.1.2:51234");
        s = mfree(s);

        l = (SocketSockaddr){};
        r = (SocketSockaddr){};
        l.in6.sin6_family = r.in6.sin6_family = AF_INET6;
        inet_pton(AF_INET6, "::ffff:127.0.0.1", &l.in6.sin6_addr);
        inet_pton(AF_INET6, "::ffff:127.0.0.2", &r.in6.sin6_addr);
        l.in6.sin6_port = htons(80);
        r.in6.sin6_port = htons(4000);
        assert_int_equal(socket_instance_from_addresses(0, &l, &r, NULL, &s), 0);
        assert_string_equal(s, "0-127.0.0.1:80-127.0.0.2:4000"); /* IPv4 clients of [::] */
        s = mfree(s);
        inet_pton(AF_INET6, "fe80::1", &l.in6.sin6_addr);
        inet_pton(AF_INET6, "2001:db8::2", &r.in6.sin6_addr);
        assert_int_equal(socket_instance_from_addresses(1, &l, &r, NULL, &s), 0);
        assert_string_equal(s, "1-fe80::1:80-2001:db8::2:4000"); /* no brackets: not valid in unit names */
        s = mfree(s);

        l = (SocketSockaddr){ .un.sun_family = AF_UNIX };
        struct ucred cred = { .pid = 4711, .uid = 1000, .gid = 1000 };
        assert_int_equal(socket_instance_from_addresses(3, &l, &l, &cred, &s), 0);
        assert_string_equal(s, "3-4711-1000");
        s = mfree(s);
        assert_int_equal(socket_instance_from_addresses(4, &l, &l, NULL, &s), 0);
        assert_string_equal(s, "4-unknown");
        s = mfree(s);

        struct sockaddr_vm *lv = (struct sockaddr_vm *) &l, *rv = (struct sockaddr_vm *) &r;
        l = (SocketSockaddr){};
        r = (SocketSockaddr){};
        lv->svm_family = rv->svm_family = AF_VSOCK;
        lv->svm_cid = 2;
        lv->svm_port = 1024;
        rv->svm_cid = 3;
        rv->svm_port = 5555;
        assert_int_equal(socket_instance_from_addresses(9, &l, &r, NULL, &s), 0);
        assert_string_equal(s, "9-2:1024-3:5555");
        s = mfree(s);

        l = (SocketSockaddr){};
        l.sa.sa_family = AF_PACKET;
        assert_int_equal(socket_instance_from_addresses(0, &l, &l, NULL, &s), -EAFNOSUPPORT);
}

/* A real loopback connection: listener, client, accepted end. */
static void tcp_pair(int *ret_listen, int *ret_client, int *ret_conn) {
        int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        socklen_t al = sizeof a;
        assert_true(l >= 0);
        assert_int_equal(bind(l, (struct sockaddr *) &a, sizeof a), 0);
        assert_int_equal(listen(l, 4), 0);
        assert_int_equal(getsockname(l, (struct sockaddr *) &a, &al), 0);
        int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        assert_int_equal(connect(c, (struct sockaddr *) &a, sizeof a), 0);
        int k = accept4(l, NULL, NULL, SOCK_CLOEXEC);
        assert_true(k >= 0);
        *ret_listen = l;
        *ret_client = c;
        *ret_conn = k;
}

static void test_instance_from_fd(void **state) {
        (void) state;
        int sp[2];
        char *s = NULL, expect[64];
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp), 0);
        assert_int_equal(socket_instance_from_fd(sp[0], 5, &s), 0);
        snprintf(expect, sizeof expect, "5-%d-%u", (int) getpid(), (unsigned) getuid());
        assert_string_equal(s, expect);
        s = mfree(s);
        assert_int_equal(socket_peer_description(sp[0], &s), 0);
        snprintf(expect, sizeof expect, "PID %d/UID %u", (int) getpid(), (unsigned) getuid());
        assert_string_equal(s, expect);
        s = mfree(s);
        assert_int_equal(socket_peer_key(sp[0], &s), -EOPNOTSUPP); /* unix peers are not counted */
        close(sp[0]);
        close(sp[1]);

        int l, c, k;
        tcp_pair(&l, &c, &k);
        struct sockaddr_in la, ca;
        socklen_t len = sizeof la;
        assert_int_equal(getsockname(l, (struct sockaddr *) &la, &len), 0);
        len = sizeof ca;
        assert_int_equal(getsockname(c, (struct sockaddr *) &ca, &len), 0);
        assert_int_equal(socket_instance_from_fd(k, 0, &s), 0);
        snprintf(expect, sizeof expect, "0-127.0.0.1:%u-127.0.0.1:%u", ntohs(la.sin_port), ntohs(ca.sin_port));
        assert_string_equal(s, expect);
        s = mfree(s);
        assert_int_equal(socket_peer_key(k, &s), 0);
        assert_string_equal(s, "127.0.0.1");
        s = mfree(s);
        assert_int_equal(socket_peer_description(k, &s), 0);
        snprintf(expect, sizeof expect, "127.0.0.1:%u", ntohs(ca.sin_port));
        assert_string_equal(s, expect);
        s = mfree(s);
        /* IPv6 loopback, where the host has IPv6: no brackets in the instance */
        int l6 = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
        socklen_t a6l = sizeof a6;
        if (l6 >= 0 && bind(l6, (struct sockaddr *) &a6, sizeof a6) == 0 && listen(l6, 1) == 0 &&
            getsockname(l6, (struct sockaddr *) &a6, &a6l) == 0) {
                int c6 = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
                assert_int_equal(connect(c6, (struct sockaddr *) &a6, sizeof a6), 0);
                int k6 = accept4(l6, NULL, NULL, SOCK_CLOEXEC);
                char *inst = NULL;
                snprintf(expect, sizeof expect, "1-::1:%u-::1:", ntohs(a6.sin6_port));
                assert_int_equal(socket_instance_from_fd(k6, 1, &inst), 0);
                assert_non_null(startswith(inst, expect));
                free(inst);
                assert_int_equal(socket_peer_key(k6, &inst), 0);
                assert_string_equal(inst, "::1");
                free(inst);
                close(c6);
                close(k6);
        }
        if (l6 >= 0)
                close(l6);
        /* not connected: an error, not a crash */
        assert_true(socket_instance_from_fd(l, 0, &s) < 0);
        close(l);
        close(c);
        close(k);
}

static int get_int(int fd, int level, int name) {
        int v = -1;
        socklen_t l = sizeof v;
        assert_int_equal(getsockopt(fd, level, name, &v, &l), 0);
        return v;
}

static void test_options(void **state) {
        (void) state;
        SocketConfig *c = socket_config_new();
        c->keep_alive = true;
        c->keep_alive_time = 30 * USEC_PER_SEC;
        c->keep_alive_interval = 5 * USEC_PER_SEC;
        c->keep_alive_count = 4;
        c->no_delay = true;
        c->priority = 3;
        c->receive_buffer = 65536;
        c->send_buffer = 32768;
        c->ip_tos = IPTOS_LOWDELAY;
        c->ip_ttl = 42;
        c->timestamping = SOCKET_TIMESTAMPING_NS;
        int l, cl, k;
        tcp_pair(&l, &cl, &k);
        assert_int_equal(socket_apply_options(c, k, AF_INET, SOCK_STREAM, "test.socket"), 0);
        assert_int_equal(get_int(k, SOL_SOCKET, SO_KEEPALIVE), 1);
        assert_int_equal(get_int(k, IPPROTO_TCP, TCP_KEEPIDLE), 30);
        assert_int_equal(get_int(k, IPPROTO_TCP, TCP_KEEPINTVL), 5);
        assert_int_equal(get_int(k, IPPROTO_TCP, TCP_KEEPCNT), 4);
        assert_int_equal(get_int(k, IPPROTO_TCP, TCP_NODELAY), 1);
        assert_int_equal(get_int(k, SOL_SOCKET, SO_PRIORITY), 3);
        assert_true(get_int(k, SOL_SOCKET, SO_RCVBUF) >= 65536); /* the kernel doubles it */
        assert_true(get_int(k, SOL_SOCKET, SO_SNDBUF) >= 32768);
        assert_int_equal(get_int(k, IPPROTO_IP, IP_TOS), IPTOS_LOWDELAY);
        assert_int_equal(get_int(k, IPPROTO_IP, IP_TTL), 42);
        assert_int_equal(get_int(k, SOL_SOCKET, SO_TIMESTAMPNS), 1);
        close(l);
        close(cl);
        close(k);

        /* PassCredentials=/PassSecurity= are for unix sockets */
        int sp[2];
        c->pass_cred = true;
        assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sp), 0);
        assert_int_equal(socket_apply_options(c, sp[0], AF_UNIX, SOCK_DGRAM, "test.socket"), 0);
        assert_int_equal(get_int(sp[0], SOL_SOCKET, SO_PASSCRED), 1);
        close(sp[0]);
        close(sp[1]);

        /* datagram: broadcast and packet info; a refused option is counted, not fatal */
        c->broadcast = true;
        c->pass_pktinfo = true;
        c->tcp_congestion = strdup("no-such-algorithm");
        int u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        assert_int_equal(socket_apply_options(c, u, AF_INET, SOCK_DGRAM, "test.socket"), 0);
        assert_int_equal(get_int(u, SOL_SOCKET, SO_BROADCAST), 1);
        assert_int_equal(get_int(u, IPPROTO_IP, IP_PKTINFO), 1);
        close(u);
        tcp_pair(&l, &cl, &k);
        assert_int_equal(socket_apply_options(c, k, AF_INET, SOCK_STREAM, "test.socket"), 1);
        close(l);
        close(cl);
        close(k);

        /* before bind: ReusePort=, FreeBind=, BindIPv6Only= */
        c->reuse_port = true;
        c->free_bind = true;
        c->bind_ipv6_only = SOCKET_ADDRESS_IPV6_ONLY;
        int s6 = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s6 >= 0) {
                assert_int_equal(socket_apply_pre_bind(c, s6, AF_INET6, SOCK_STREAM, "test.socket"), 0);
                assert_int_equal(get_int(s6, SOL_SOCKET, SO_REUSEPORT), 1);
                assert_int_equal(get_int(s6, IPPROTO_IPV6, IPV6_V6ONLY), 1);
                assert_int_equal(get_int(s6, IPPROTO_IPV6, IPV6_FREEBIND), 1);
                assert_int_equal(get_int(s6, SOL_SOCKET, SO_REUSEADDR), 1);
                close(s6);
        }
        c->bind_to_device = strdup("no-such-if0");
        u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        assert_int_equal(socket_apply_pre_bind(c, u, AF_INET, SOCK_DGRAM, "test.socket"), 1);
        close(u);

        /* PipeSize= on a FIFO-like pipe */
        int p[2];
        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        c->pipe_size = 128 * 1024;
        assert_int_equal(socket_apply_fifo_options(c, p[0], "test.socket"), 0);
        assert_true(fcntl(p[0], F_GETPIPE_SZ) >= 128 * 1024);
        close(p[0]);
        close(p[1]);
        socket_config_free(c);
}

static char *tmpdir(void) {
        char t[] = "/tmp/test-socket-units.XXXXXX";
        assert_non_null(mkdtemp(t));
        return strdup(t);
}

static void test_open_ports(void **state) {
        (void) state;
        _cleanup_free_ char *dir = tmpdir();
        SocketConfig *c = socket_config_new();
        c->socket_mode = 0600;
        c->directory_mode = 0710;
        struct stat st;

        _cleanup_free_ char *path = path_join(dir, "sub", "s.sock");
        SocketPort p = parse(path, SOCK_STREAM);
        int fd = socket_port_open(&p, c, "t.socket");
        assert_true(fd >= 0);
        assert_int_equal(stat(path, &st), 0);
        assert_true(S_ISSOCK(st.st_mode));
        assert_int_equal(st.st_mode & 07777, 0600);
        _cleanup_free_ char *sub = path_join(dir, "sub");
        assert_int_equal(stat(sub, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0710);
        assert_int_equal(get_int(fd, SOL_SOCKET, SO_ACCEPTCONN), 1);
        assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
        close(fd);
        /* the stale file of the last run is replaced */
        fd = socket_port_open(&p, c, "t.socket");
        assert_true(fd >= 0);
        close(fd);
        socket_port_unlink(&p);
        assert_int_equal(access(path, F_OK), -1);

        /* datagram, abstract seqpacket, IPv4, IPv6 */
        _cleanup_free_ char *dpath = path_join(dir, "d.sock");
        p = parse(dpath, SOCK_DGRAM);
        fd = socket_port_open(&p, c, "t.socket");
        assert_true(fd >= 0);
        assert_int_equal(get_int(fd, SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
        close(fd);
        char abs[64];
        snprintf(abs, sizeof abs, "@test-socket-units-%d", (int) getpid());
        p = parse(abs, SOCK_SEQPACKET);
        fd = socket_port_open(&p, c, "t.socket");
        assert_true(fd >= 0);
        close(fd);
        SocketPort in = { .type = SOCKET_PORT_SOCKET, .socket_type = SOCK_STREAM, .family = AF_INET,
                          .size = sizeof(struct sockaddr_in), .address = (char *) "127.0.0.1:0" };
        in.sockaddr.in.sin_family = AF_INET;
        in.sockaddr.in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fd = socket_port_open(&in, c, "t.socket");
        assert_true(fd >= 0);
        close(fd);
        SocketPort in6 = parse("[::]:9", SOCK_STREAM); /* any: a specific address is IPv6-only anyway */
        in6.sockaddr.in6.sin6_port = 0;
        c->bind_ipv6_only = SOCKET_ADDRESS_BOTH;
        fd = socket_port_open(&in6, c, "t.socket");
        if (fd >= 0) { /* hosts without IPv6 skip this */
                assert_int_equal(get_int(fd, IPPROTO_IPV6, IPV6_V6ONLY), 0);
                close(fd);
        }
        /* Accept=yes listeners are non-blocking: the manager accepts on them */
        c->accept = true;
        p = parse(dpath, SOCK_STREAM);
        fd = socket_port_open(&p, c, "t.socket");
        assert_true(fd >= 0);
        assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
        close(fd);
        c->accept = false;

        /* FIFO */
        _cleanup_free_ char *fpath = path_join(dir, "f.fifo");
        SocketPort f = { .type = SOCKET_PORT_FIFO, .address = fpath };
        fd = socket_port_open(&f, c, "t.socket");
        assert_true(fd >= 0);
        assert_int_equal(stat(fpath, &st), 0);
        assert_true(S_ISFIFO(st.st_mode));
        assert_int_equal(st.st_mode & 07777, 0600);
        close(fd);
        socket_port_unlink(&f);
        /* a regular file where the FIFO should be: refused */
        int x = open(fpath, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        close(x);
        assert_true(socket_port_open(&f, c, "t.socket") < 0);

        /* special file, read-only unless Writable= */
        SocketPort sp = { .type = SOCKET_PORT_SPECIAL, .address = (char *) "/dev/null" };
        fd = socket_port_open(&sp, c, "t.socket");
        assert_true(fd >= 0);
        assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
        close(fd);
        c->writable = true;
        fd = socket_port_open(&sp, c, "t.socket");
        assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
        close(fd);
        socket_port_unlink(&sp); /* never removes what it did not create */
        assert_int_equal(access("/dev/null", F_OK), 0);

        /* message queue */
        char mq[64];
        snprintf(mq, sizeof mq, "/test-socket-units-%d", (int) getpid());
        SocketPort q = { .type = SOCKET_PORT_MQUEUE, .address = mq };
        c->mq_maxmsg = 4;
        c->mq_msgsize = 64;
        fd = socket_port_open(&q, c, "t.socket");
        if (fd >= 0) { /* /dev/mqueue may be absent in a container */
                close(fd);
                socket_port_unlink(&q);
        }

        /* netlink, route family, no groups */
        SocketPort nl = { .type = SOCKET_PORT_SOCKET, .socket_type = SOCK_RAW, .family = AF_NETLINK,
                          .netlink_protocol = NETLINK_ROUTE, .size = sizeof(struct sockaddr_nl),
                          .address = (char *) "route 0" };
        nl.sockaddr.sa.sa_family = AF_NETLINK;
        fd = socket_port_open(&nl, c, "t.socket");
        assert_true(fd >= 0);
        close(fd);

        /* vsock, any CID; and the instance name of a loopback connection where the kernel
         * has vsock loopback */
        char vs[64];
        snprintf(vs, sizeof vs, "vsock::%d", 20000 + (int) (getpid() % 20000));
        SocketPort v = parse(vs, SOCK_STREAM);
        fd = socket_port_open(&v, c, "t.socket");
        if (fd >= 0) {
                struct sockaddr_vm to = { .svm_family = AF_VSOCK, .svm_cid = 1 /* local */,
                                          .svm_port = ((struct sockaddr_vm *) &v.sockaddr)->svm_port };
                int cl = socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
                if (cl >= 0 && connect(cl, (struct sockaddr *) &to, sizeof to) == 0) {
                        int k = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
                        char *inst = NULL;
                        assert_true(k >= 0);
                        assert_int_equal(socket_instance_from_fd(k, 2, &inst), 0);
                        char prefix[64];
                        snprintf(prefix, sizeof prefix, "2-1:%u-1:", to.svm_port);
                        assert_non_null(startswith(inst, prefix));
                        free(inst);
                        close(k);
                }
                if (cl >= 0)
                        close(cl);
                close(fd);
        }

        /* failures: a directory that cannot be made, USB functions */
        SocketPort bad = parse("/proc/no/such/x.sock", SOCK_STREAM);
        assert_true(socket_port_open(&bad, c, "t.socket") < 0);
        SocketPort usb = { .type = SOCKET_PORT_USB_FUNCTION, .address = (char *) "/dev/usb-ffs/x" };
        assert_int_equal(socket_port_open(&usb, c, "t.socket"), -EOPNOTSUPP);

        socket_config_free(c);
        _cleanup_free_ char *cmd = strjoin("rm -rf ", dir);
        assert_int_equal(system(cmd), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_address_strings),
                cmocka_unit_test(test_type_strings),
                cmocka_unit_test(test_instance_names),
                cmocka_unit_test(test_instance_from_fd),
                cmocka_unit_test(test_options),
                cmocka_unit_test(test_open_ports),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
