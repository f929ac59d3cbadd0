/* test-kill-cgroup.c — the kill and cgroup contexts: every systemd 252 key of [Slice] and
 * the kill keys are known, values are accepted or warned about where systemd 252 does
 * (checked against `systemd-analyze verify`), and the typed fields hold what was written. */
#include <arpa/inet.h>
#include <signal.h>

#include "cgroup-parse.h"
#include "config-test-util.h"
#include "strv.h"

static bool is_kill_key(const char *key) {
        static const char *const keys[] = { "KillMode", "KillSignal", "RestartKillSignal", "SendSIGHUP",
                                            "SendSIGKILL", "FinalKillSignal", "WatchdogSignal" };
        for (size_t i = 0; i < ELEMENTSOF(keys); i++)
                if (streq(keys[i], key))
                        return true;
        return false;
}

static void test_tables(void **state) {
        check_table_sorted(&kill_context_table);
        check_table_sorted(&cgroup_context_table);
        assert_int_equal(check_keys_known(UNIT_SLICE, "Slice", NULL), 55);
        assert_int_equal(cgroup_context_table.n_directives, 55);
        assert_int_equal(check_keys_known(UNIT_SERVICE, "Service", is_kill_key), 7);
        assert_int_equal(check_keys_known(UNIT_SCOPE, "Scope", is_kill_key), 7);
        assert_int_equal(kill_context_table.n_directives, 7);
}

static void test_kill(void **state) {
        static const AssignCase cases[] = {
                { "KillMode", "control-group", false }, { "KillMode", "process", false },
                { "KillMode", "mixed", false },         { "KillMode", "none", true },
                { "KillMode", "foo", true },            { "KillSignal", "SIGINT", false },
                { "KillSignal", "TERM", false },        { "KillSignal", "SIGFOO", true },
                { "WatchdogSignal", "0", true },        { "FinalKillSignal", "RTMAX", false },
                { "RestartKillSignal", "SIGHUP", false }, { "SendSIGHUP", "maybe", true },
                { "SendSIGKILL", "no", false },
        };
        check_cases(UNIT_SERVICE, "Service", cases, ELEMENTSOF(cases));

        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        KillContext *k = c->kill;
        assert_int_equal(k->kill_mode, KILL_CONTROL_GROUP);
        assert_int_equal(k->kill_signal, SIGTERM);
        assert_int_equal(k->final_kill_signal, SIGKILL);
        assert_int_equal(k->watchdog_signal, SIGABRT);
        assert_true(k->send_sigkill && !k->send_sighup);
        assert_int_equal(kill_context_restart_signal(k), SIGTERM);
        ASSIGN(c, "Service", "KillMode", "mixed", 0);
        ASSIGN(c, "Service", "KillSignal", "SIGINT", 0);
        ASSIGN(c, "Service", "SendSIGHUP", "yes", 0);
        assert_int_equal(k->kill_mode, KILL_MIXED);
        assert_int_equal(kill_context_restart_signal(k), SIGINT);
        ASSIGN(c, "Service", "RestartKillSignal", "SIGUSR1", 0);
        assert_int_equal(kill_context_restart_signal(k), SIGUSR1);
        ASSIGN(c, "Service", "KillSignal", "", 0);
        assert_int_equal(k->kill_signal, SIGTERM);
        assert_true(k->send_sighup);
        unit_config_free(c);
}

/* Accepted or warned about, as `systemd-analyze verify` of systemd 252 reports them. */
static const AssignCase cgroup_cases[] = {
        { "CPUWeight", "0", true }, { "CPUWeight", "1", false }, { "CPUWeight", "10000", false },
        { "CPUWeight", "10001", true }, { "CPUWeight", "idle", false }, { "StartupCPUWeight", "idle", false },
        { "CPUWeight", "", false }, { "IOWeight", "idle", true }, { "IOWeight", "0", true },
        { "CPUQuota", "150%", false }, { "CPUQuota", "0%", true }, { "CPUQuota", "50", true },
        { "CPUQuota", "1.5%", false }, { "CPUQuota", "", false }, { "CPUQuotaPeriodSec", "500us", false },
        { "AllowedCPUs", "0-3 5", false }, { "AllowedCPUs", "3-1", true }, { "AllowedCPUs", "0,2", false },
        { "AllowedCPUs", "x", true }, { "AllowedCPUs", "8191", false }, { "AllowedCPUs", "8192", true },
        { "AllowedCPUs", "0 - 3", true }, { "StartupAllowedMemoryNodes", "0", false },
        { "MemoryMax", "50%", false }, { "MemoryMax", "1G", false }, { "MemoryMax", "infinity", false },
        { "MemoryMax", "0", true }, { "MemoryMax", "200%", true }, { "MemoryMax", "1.25%", false },
        { "MemoryLow", "0", false }, { "MemoryMin", "0%", false }, { "MemoryHigh", "0", true },
        { "MemoryHigh", "0%", true }, { "MemorySwapMax", "0", false }, { "DefaultMemoryLow", "5%", false },
        { "MemoryLimit", "1G", true }, /* deprecated */
        { "TasksMax", "0", true }, { "TasksMax", "10%", false }, { "TasksMax", "0%", false },
        { "TasksMax", "101%", true }, { "TasksMax", "infinity", false }, { "TasksMax", "x", true },
        { "IOWeight", "10001", true }, { "IODeviceWeight", "/dev/sda 100", false },
        { "IODeviceWeight", "/dev/sda", true }, { "IODeviceWeight", "sda 100", false },
        { "IODeviceWeight", "/dev/sda 0", true }, { "IOReadBandwidthMax", "/dev/sda 1M", false },
        { "IOReadBandwidthMax", "/dev/sda infinity", false }, { "IOReadBandwidthMax", "/dev/sda 0", true },
        { "IOReadIOPSMax", "/dev/sda 1K", false }, { "IOWriteIOPSMax", "/dev/sda", true },
        { "IODeviceLatencyTargetSec", "/dev/sda 25ms", false },
        { "IODeviceLatencyTargetSec", "/dev/sda", true },
        { "Delegate", "yes", false }, { "Delegate", "cpu memory", false }, { "Delegate", "cpu bogus", true },
        { "Delegate", "", false }, { "Delegate", "bpf-firewall", false },
        { "DeviceAllow", "/dev/null rw", false }, { "DeviceAllow", "/dev/null x", true },
        { "DeviceAllow", "char-pts r", false }, { "DeviceAllow", "foo rw", true },
        { "DeviceAllow", "/dev/null", false }, { "DevicePolicy", "closed", false },
        { "DevicePolicy", "strict", false }, { "DevicePolicy", "x", true },
        { "IPAddressAllow", "10.0.0.0/8 localhost any ::1", false }, { "IPAddressAllow", "bogus", true },
        { "IPAddressAllow", "link-local multicast", false }, { "IPAddressDeny", "10.0.0.1/33", true },
        { "ManagedOOMSwap", "kill", false }, { "ManagedOOMSwap", "x", true },
        { "ManagedOOMMemoryPressure", "auto", false }, { "ManagedOOMMemoryPressureLimit", "50%", false },
        { "ManagedOOMMemoryPressureLimit", "101%", true }, { "ManagedOOMMemoryPressureLimit", "50", true },
        { "ManagedOOMMemoryPressureLimit", "0%", false }, { "ManagedOOMPreference", "avoid", false },
        { "ManagedOOMPreference", "omit", false }, { "ManagedOOMPreference", "x", true },
        { "SocketBindAllow", "tcp:80", false }, { "SocketBindAllow", "ipv6:udp:1000-2000", false },
        { "SocketBindAllow", "any", false }, { "SocketBindDeny", "foo", true },
        { "SocketBindAllow", "0", true }, { "SocketBindAllow", "ipv4:tcp:70000", true },
        { "RestrictNetworkInterfaces", "eth0 ~lo", false }, { "RestrictNetworkInterfaces", "~eth0", false },
        { "RestrictNetworkInterfaces", "bad/if", true },
        { "DisableControllers", "cpu io bpf-firewall", false }, { "DisableControllers", "foo", true },
        { "DisableControllers", "", false },
        { "BPFProgram", "egress:/sys/fs/bpf/x", false }, { "BPFProgram", "foo:/sys/fs/bpf/x", true },
        { "BPFProgram", "egress", true }, { "BPFProgram", "sock_release:/sys/fs/bpf/x", true },
        { "CPUShares", "2", true }, { "StartupCPUShares", "5", true }, /* deprecated */
        { "BlockIOWeight", "10", false }, { "BlockIOWeight", "9", true },
        { "StartupBlockIOWeight", "1000", false }, { "BlockIOAccounting", "yes", false },
        { "BlockIODeviceWeight", "/dev/sda 10", true }, /* deprecated */
        { "BlockIOReadBandwidth", "/dev/sda 1M", true }, { "BlockIOWriteBandwidth", "/dev/sda 1M", true },
        { "IPIngressFilterPath", "relative", true }, { "IPEgressFilterPath", "/sys/fs/bpf/x", false },
        { "Slice", "foo", true }, { "Slice", "foo.slice", false }, { "Slice", "-.slice", false },
        { "Slice", "foo.service", true }, { "CPUAccounting", "x", true }, { "IPAccounting", "yes", false },
};

static void test_cgroup_values(void **state) {
        check_cases(UNIT_SERVICE, "Service", cgroup_cases, ELEMENTSOF(cgroup_cases));
        check_cases(UNIT_SLICE, "Slice", cgroup_cases, ELEMENTSOF(cgroup_cases));
}

static void test_cgroup_defaults(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SLICE);
        CGroupContext *g = c->cgroup;
        assert_true(g->memory_accounting && g->tasks_accounting && !g->cpu_accounting && !g->io_accounting);
        assert_true(g->cpu_weight == CGROUP_WEIGHT_UNSET && g->io_weight == CGROUP_WEIGHT_UNSET);
        assert_true(g->cpu_quota_per_sec_usec == USEC_INFINITY);
        assert_true(g->memory_max.value == CGROUP_LIMIT_MAX && g->memory_low.value == 0);
        assert_true(g->tasks_max.relative && g->tasks_max.value == 1500);
        assert_int_equal(g->device_policy, CGROUP_DEVICE_POLICY_AUTO);
        assert_false(g->delegate);
        unit_config_free(c);
}

static void test_cgroup_fields(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        CGroupContext *g = c->cgroup;

        ASSIGN(c, "Service", "CPUWeight", "idle", 0);
        assert_true(g->cpu_weight == CGROUP_WEIGHT_IDLE);
        ASSIGN(c, "Service", "CPUWeight", "", 0);
        assert_true(g->cpu_weight == CGROUP_WEIGHT_UNSET);
        ASSIGN(c, "Service", "CPUQuota", "250%", 0);
        assert_true(g->cpu_quota_per_sec_usec == 2500 * USEC_PER_MSEC);
        ASSIGN(c, "Service", "CPUQuota", "0.5%", 0);
        assert_true(g->cpu_quota_per_sec_usec == 5 * USEC_PER_MSEC);

        ASSIGN(c, "Service", "AllowedCPUs", "0-3,5 7", 0);
        ASSIGN(c, "Service", "AllowedCPUs", "9", 0);
        assert_int_equal(cpu_set_count(&g->cpuset_cpus), 7);
        assert_true(cpu_set_isset(&g->cpuset_cpus, 3) && !cpu_set_isset(&g->cpuset_cpus, 4));
        ASSIGN(c, "Service", "AllowedCPUs", "10 x", 1); /* one bad word: nothing is added */
        assert_int_equal(cpu_set_count(&g->cpuset_cpus), 7);
        ASSIGN(c, "Service", "AllowedCPUs", "", 0);
        assert_int_equal(cpu_set_count(&g->cpuset_cpus), 0);

        ASSIGN(c, "Service", "MemoryMax", "1.5%", 0);
        assert_true(g->memory_max.relative && g->memory_max.value == 150);
        assert_true(cgroup_limit_resolve(g->memory_max, 10000 * 1000) == 150 * 1000);
        ASSIGN(c, "Service", "MemoryMax", "2G", 0);
        assert_true(!g->memory_max.relative && g->memory_max.value == 2ULL << 30);
        ASSIGN(c, "Service", "MemoryMax", "", 0);
        assert_true(g->memory_max.value == CGROUP_LIMIT_MAX);
        ASSIGN(c, "Service", "TasksMax", "4096", 0);
        assert_true(!g->tasks_max.relative && g->tasks_max.value == 4096);

        ASSIGN(c, "Service", "IOReadBandwidthMax", "/dev/sda 1M", 0);
        ASSIGN(c, "Service", "IOReadBandwidthMax", "/dev/sdb infinity", 0);
        ASSIGN(c, "Service", "IOReadBandwidthMax", "/dev/sda 2M", 0);
        assert_int_equal(g->io_read_bandwidth_max.n, 2);
        assert_true(cgroup_device_list_find(&g->io_read_bandwidth_max, "/dev/sda")->value == 2000000);
        assert_true(cgroup_device_list_find(&g->io_read_bandwidth_max, "/dev/sdb")->value == CGROUP_LIMIT_MAX);
        ASSIGN(c, "Service", "IODeviceLatencyTargetSec", "/dev/sda 25ms", 0);
        assert_true(g->io_device_latencies.items[0].value == 25 * USEC_PER_MSEC);
        ASSIGN(c, "Service", "DeviceAllow", "/dev/null r", 0);
        ASSIGN(c, "Service", "DeviceAllow", "/dev/null w", 0);
        ASSIGN(c, "Service", "DeviceAllow", "char-pts", 0);
        assert_int_equal(g->device_allow.n, 2);
        assert_true(cgroup_device_list_find(&g->device_allow, "/dev/null")->value ==
                    (CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE));
        ASSIGN(c, "Service", "IOReadBandwidthMax", "", 0);
        assert_int_equal(g->io_read_bandwidth_max.n, 0);

        ASSIGN(c, "Service", "Delegate", "cpu memory", 0);
        assert_true(g->delegate);
        assert_true(g->delegate_controllers ==
                    (CGROUP_MASK(CGROUP_CONTROLLER_CPU) | CGROUP_MASK(CGROUP_CONTROLLER_MEMORY)));
        ASSIGN(c, "Service", "Delegate", "", 0);
        assert_true(g->delegate && g->delegate_controllers == 0);
        ASSIGN(c, "Service", "Delegate", "no", 0);
        assert_false(g->delegate);
        ASSIGN(c, "Service", "DisableControllers", "io pids", 0);
        assert_true(g->disable_controllers == (CGROUP_MASK(CGROUP_CONTROLLER_IO) | CGROUP_MASK(CGROUP_CONTROLLER_PIDS)));

        ASSIGN(c, "Service", "IPAddressAllow", "10.1.2.3/8 localhost", 0);
        assert_int_equal(g->ip_address_allow.n, 3);
        char buf[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET, &g->ip_address_allow.items[0].address.in, buf, sizeof buf);
        assert_string_equal(buf, "10.0.0.0");
        assert_int_equal(g->ip_address_allow.items[0].prefixlen, 8);
        ASSIGN(c, "Service", "IPAddressAllow", "192.168.0.1 nonsense", 1);
        assert_int_equal(g->ip_address_allow.n, 3);
        ASSIGN(c, "Service", "IPAddressAllow", "", 0);
        assert_int_equal(g->ip_address_allow.n, 0);

        ASSIGN(c, "Service", "SocketBindAllow", "ipv6:udp:1000-2000", 0);
        SocketBindRule *rule = &g->socket_bind_allow.items[0];
        assert_true(rule->family == AF_INET6 && rule->protocol == IPPROTO_UDP);
        assert_true(rule->port_min == 1000 && rule->nr_ports == 1001);

        ASSIGN(c, "Service", "RestrictNetworkInterfaces", "eth0 eth1", 0);
        ASSIGN(c, "Service", "RestrictNetworkInterfaces", "~eth1", 0);
        assert_true(g->restrict_network_interfaces_is_allow_list);
        assert_int_equal(strv_length(g->restrict_network_interfaces), 1);
        assert_string_equal(g->restrict_network_interfaces[0], "eth0");

        ASSIGN(c, "Service", "BPFProgram", "egress:/sys/fs/bpf/x", 0);
        assert_string_equal(bpf_attach_type_to_string(g->bpf_programs.items[0].attach_type), "egress");
        assert_string_equal(g->bpf_programs.items[0].path, "/sys/fs/bpf/x");

        ASSIGN(c, "Service", "ManagedOOMMemoryPressureLimit", "12.5%", 0);
        assert_int_equal(g->managed_oom_memory_pressure_limit, 1250);
        ASSIGN(c, "Service", "ManagedOOMPreference", "omit", 0);
        assert_int_equal(g->managed_oom_preference, MANAGED_OOM_PREFERENCE_OMIT);
        ASSIGN(c, "Service", "Slice", "system-foo.slice", 0);
        assert_string_equal(g->slice, "system-foo.slice");
        unit_config_free(c);
}

static void test_permyriad(void **state) {
        assert_int_equal(parse_permyriad_unbounded("1%"), 100);
        assert_int_equal(parse_permyriad_unbounded("12.34%"), 1234);
        assert_int_equal(parse_permyriad_unbounded("300%"), 30000);
        assert_int_equal(parse_permyriad_unbounded("5‰"), 50);
        assert_int_equal(parse_permyriad_unbounded("5.5‰"), 55);
        assert_int_equal(parse_permyriad_unbounded("7‱"), 7);
        assert_true(parse_permyriad_unbounded("1.234%") < 0);
        assert_true(parse_permyriad_unbounded("%") < 0);
        assert_true(parse_permyriad_unbounded(".5%") < 0);
        assert_true(parse_permyriad_unbounded("5") < 0);
        assert_true(parse_permyriad_unbounded("-5%") < 0);
}

int main(void) {
        log_set_max_level(LOG_ERR);
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_tables),
                cmocka_unit_test(test_kill),
                cmocka_unit_test(test_cgroup_values),
                cmocka_unit_test(test_cgroup_defaults),
                cmocka_unit_test(test_cgroup_fields),
                cmocka_unit_test(test_permyriad),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
