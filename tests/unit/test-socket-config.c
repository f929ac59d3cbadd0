/* test-socket-config.c — the [Socket] table: every socket key of systemd 252 is known, the
 * defaults of systemd.socket(5), the address forms of Listen*= parsed into socket addresses,
 * the order of ports and the reset by an empty value, and which values warn, as recorded
 * with `systemd-analyze verify` of systemd 252. */
#include <arpa/inet.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <netinet/ip.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "config-assign.h"
#include "fileio.h"
#include "string-util.h"
#include "strv.h"

static void test_socket_keys_known(void **state) {
        (void) state;
        _cleanup_free_ char *text = NULL;
        assert_int_equal(read_full_file(TEST_DATA_DIR "/systemd252-config-keys.txt", READ_FULL_MAX, &text, NULL), 0);
        _cleanup_strv_free_ char **keys = NULL;
        assert_int_equal(strv_split_full(&keys, text, "\n", 0), 0);
        /* Every Socket.* key that is not in the exec, kill or cgroup context is in this table. */
        unsigned own = 0;
        STRV_FOREACH(k, keys) {
                const char *key = startswith(*k, "Socket.");
                if (!key)
                        continue;
                if (key_is_shared_context(keys, key))
                        continue;
                if (!config_table_lookup(&socket_config_table, key))
                        fail_msg("Socket.%s is not known", key);
                own++;
        }
        assert_int_equal(socket_config_table.n_directives, 60);
        for (size_t d = 1; d < socket_config_table.n_directives; d++)
                assert_true(strcmp(socket_config_table.directives[d - 1].key, socket_config_table.directives[d].key) < 0);
        assert_int_equal(own, 60);
}

static void test_defaults(void **state) {
        (void) state;
        UnitConfig *c = unit_config_new(UNIT_SOCKET);
        SocketConfig *s = c->socket;
        assert_int_equal(s->backlog, UINT_MAX);
        assert_int_equal(s->socket_mode, 0666);
        assert_int_equal(s->directory_mode, 0755);
        assert_int_equal(s->max_connections, 64);
        assert_int_equal(s->max_connections_per_source, 0);
        assert_true(s->trigger_limit_interval == 2 * USEC_PER_SEC);
        assert_int_equal(s->trigger_limit_burst, UINT_MAX);
        assert_false(s->accept);
        assert_int_equal(s->ip_tos, -1);
        assert_int_equal(s->n_ports, 0);
        unit_config_free(c);
}

static void test_listen_addresses(void **state) {
        (void) state;
        UnitConfig *c = unit_config_new(UNIT_SOCKET);
        SocketConfig *s = c->socket;
        assign_ok(c, "ListenStream", "/run/foo.sock");
        assign_ok(c, "ListenDatagram", "@abstract");
        assign_ok(c, "ListenStream", "80");
        assign_ok(c, "ListenStream", "1.2.3.4:8080");
        assign_ok(c, "ListenDatagram", "[::1]:53");
        assign_ok(c, "ListenStream", "[fe80::1]:80%eth0"); /* no specifier context: "%" stays */
        assign_ok(c, "ListenStream", "[fe80::1]:81%3");
        assign_ok(c, "ListenStream", "vsock:2:1234");
        assign_ok(c, "ListenStream", "vsock::99");
        assign_ok(c, "ListenNetlink", "kobject-uevent 1");
        assign_ok(c, "ListenNetlink", "9");
        assign_ok(c, "ListenFIFO", "/run/foo.fifo");
        assign_ok(c, "ListenMessageQueue", "/queue");
        assign_ok(c, "ListenSequentialPacket", "/run/seq");
        assign_ok(c, "ListenSpecial", "/dev/kmsg");
        assign_ok(c, "ListenUSBFunction", "/dev/usb-ffs/x");
        assert_int_equal(s->n_ports, 16);

        SocketPort *p = s->ports;
        assert_int_equal(p[0].family, AF_UNIX);
        assert_int_equal(p[0].socket_type, SOCK_STREAM);
        assert_string_equal(p[0].sockaddr.un.sun_path, "/run/foo.sock");
        assert_int_equal(p[0].size, offsetof(struct sockaddr_un, sun_path) + strlen("/run/foo.sock") + 1);

        assert_int_equal(p[1].socket_type, SOCK_DGRAM);
        assert_int_equal(p[1].sockaddr.un.sun_path[0], 0);
        assert_memory_equal(p[1].sockaddr.un.sun_path + 1, "abstract", 8);
        assert_int_equal(p[1].size, offsetof(struct sockaddr_un, sun_path) + 1 + 8);

        assert_int_equal(p[2].family, AF_INET6);
        assert_true(p[2].port_only);
        assert_int_equal(ntohs(p[2].sockaddr.in6.sin6_port), 80);

        assert_int_equal(p[3].family, AF_INET);
        assert_int_equal(ntohs(p[3].sockaddr.in.sin_port), 8080);
        assert_int_equal(ntohl(p[3].sockaddr.in.sin_addr.s_addr), 0x01020304);

        assert_int_equal(p[4].family, AF_INET6);
        assert_false(p[4].port_only);
        assert_true(IN6_IS_ADDR_LOOPBACK(&p[4].sockaddr.in6.sin6_addr));

        assert_string_equal(p[5].scope_ifname, "eth0");
        assert_int_equal(p[6].sockaddr.in6.sin6_scope_id, 3);

        struct sockaddr_vm *vm = (struct sockaddr_vm *) &p[7].sockaddr;
        assert_int_equal(p[7].family, AF_VSOCK);
        assert_int_equal(vm->svm_cid, 2);
        assert_int_equal(vm->svm_port, 1234);
        vm = (struct sockaddr_vm *) &p[8].sockaddr;
        assert_int_equal(vm->svm_cid, VMADDR_CID_ANY);

        assert_int_equal(p[9].family, AF_NETLINK);
        assert_int_equal(p[9].netlink_protocol, NETLINK_KOBJECT_UEVENT);
        assert_int_equal(p[9].netlink_group, 1);
        assert_int_equal(p[10].netlink_protocol, 9);

        assert_int_equal(p[11].type, SOCKET_PORT_FIFO);
        assert_string_equal(p[11].address, "/run/foo.fifo");
        assert_int_equal(p[12].type, SOCKET_PORT_MQUEUE);
        assert_int_equal(p[13].socket_type, SOCK_SEQPACKET);
        assert_int_equal(p[14].type, SOCKET_PORT_SPECIAL);
        assert_int_equal(p[15].type, SOCKET_PORT_USB_FUNCTION);

        /* An empty value of any Listen*= drops every port. */
        assign_ok(c, "ListenFIFO", "");
        assert_int_equal(s->n_ports, 0);
        unit_config_free(c);
}

static void test_ipv6_scope(void **state) {
        (void) state;
        SocketPort p = {};
        assert_int_equal(socket_address_parse("[fe80::1]:80%eth0", &p), 0);
        assert_string_equal(p.scope_ifname, "eth0");
        free(p.scope_ifname);
        p = (SocketPort) {};
        assert_int_equal(socket_address_parse("[fe80::1]:80%3", &p), 0);
        assert_int_equal(p.sockaddr.in6.sin6_scope_id, 3);
        assert_null(p.scope_ifname);
        p = (SocketPort) {};
        assert_int_equal(socket_address_parse("[fe80::1%eth0]:80", &p), -EINVAL);
        assert_int_equal(socket_address_parse("65536", &p), -ERANGE);
        assert_int_equal(socket_address_parse("1.2.3.4", &p), -EINVAL);
        assert_int_equal(socket_address_parse("[::1]", &p), -EINVAL);
}

static void test_options(void **state) {
        (void) state;
        UnitConfig *c = unit_config_new(UNIT_SOCKET);
        SocketConfig *s = c->socket;
        assign_ok(c, "Accept", "yes");
        assign_ok(c, "BindIPv6Only", "ipv6-only");
        assert_int_equal(s->bind_ipv6_only, SOCKET_ADDRESS_IPV6_ONLY);
        assign_ok(c, "BindIPv6Only", "no");
        assert_int_equal(s->bind_ipv6_only, SOCKET_ADDRESS_BOTH);
        assign_ok(c, "IPTOS", "low-delay");
        assert_int_equal(s->ip_tos, IPTOS_LOWDELAY);
        assign_ok(c, "IPTOS", "16");
        assign_ok(c, "Timestamping", "µs");
        assert_int_equal(s->timestamping, SOCKET_TIMESTAMPING_US);
        assign_ok(c, "SocketProtocol", "sctp");
        assert_int_equal(s->socket_protocol, IPPROTO_SCTP);
        assign_ok(c, "Service", "foo@bar.service");
        assert_string_equal(s->service, "foo@bar.service");
        assign_ok(c, "FileDescriptorName", "varlink");
        assign_ok(c, "BindToDevice", "eth0");
        assign_ok(c, "BindToDevice", "");
        assert_null(s->bind_to_device);
        assign_ok(c, "MessageQueueMaxMessages", "10");
        assert_int_equal(s->mq_maxmsg, 10);
        assign_ok(c, "Priority", "6");
        assert_int_equal(s->priority, 6);
        assign_ok(c, "Mark", "-1");
        assign_ok(c, "ExecStartPre", "/bin/true");
        assert_non_null(s->exec_command[SOCKET_EXEC_START_PRE]);
        assign_ok(c, "SocketUser", "nobody");
        assert_int_equal(assign(c, "SocketGroup", "a:b").r, -ENOEXEC);
        assign_ok(c, "TimeoutSec", "5min");
        assert_true(s->timeout_usec == 5 * USEC_PER_MINUTE);
        unit_config_free(c);
}

static const WarnCase socket_cases[] = {
        { "ListenStream", "rel", true },
        { "ListenStream", "@abstract", false },
        { "ListenStream", "80", false },
        { "ListenStream", "0", true },
        { "ListenStream", "65536", true },
        { "ListenStream", "1.2.3.4:80", false },
        { "ListenStream", "[::1]:80", false },
        { "ListenStream", "vsock:2:1234", false },
        { "ListenStream", "vsock::1234", false },
        { "ListenStream", "vsock:x:1", true },
        { "ListenStream", "1.2.3.4", true },
        { "ListenStream", "@", true },
        { "ListenStream", "/", true },
        { "ListenDatagram", "[::1]", true },
        { "ListenSequentialPacket", "1.2.3.4:80", true },
        { "ListenNetlink", "route 1", false },
        { "ListenNetlink", "foo", true },
        { "ListenNetlink", "route x", true },
        { "ListenNetlink", "kobject-uevent 1", false },
        { "ListenMessageQueue", "/q", false },
        { "ListenMessageQueue", "q", true },
        { "ListenFIFO", "rel", true },
        { "ListenUSBFunction", "rel", true },
        { "ListenSpecial", "/dev/x", false },
        { "MaxConnections", "0", false },
        { "Backlog", "0", false },
        { "BindToDevice", "a/b", true },
        { "IPTOS", "low-delay", false },
        { "IPTOS", "foo", true },
        { "IPTTL", "300", false },
        { "Mark", "-1", false },
        { "Priority", "foo", true },
        { "Timestamping", "foo", true },
        { "Timestamping", "nsec", false },
        { "SocketProtocol", "tcp", true },
        { "FileDescriptorName", "a:b", true },
        { "Service", "foo.socket", true },
        { "Service", "foo.service", false },
        { "TriggerLimitBurst", "0", false },
        { "SocketMode", "9999", true },
        { "DeferAcceptSec", "1ms", false },
        { "KeepAliveProbes", "x", true },
        { "Symlinks", "rel", true },
};

static void test_warnings_match_systemd(void **state) {
        (void) state;
        assert_int_equal(run_warn_cases(UNIT_SOCKET, socket_cases, ELEMENTSOF(socket_cases)), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_socket_keys_known),
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_listen_addresses),
                cmocka_unit_test(test_ipv6_scope),
                cmocka_unit_test(test_options),
                cmocka_unit_test(test_warnings_match_systemd),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
