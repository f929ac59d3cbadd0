/* cgroup-context.c — the directive table of the cgroup context (all 55 keys systemd 252
 * accepts in [Slice], and the same in the other sections that embed it), the names of its
 * enums, and the life cycle of CGroupContext. The parsers live in cgroup-parse.c and
 * cgroup-net.c. */
#include "cgroup-parse.h"
#include "config-values.h"
#include "directive-util.h"
#include "strv.h"

static const char *const cgroup_controller_table[_CGROUP_CONTROLLER_MAX] = {
        [CGROUP_CONTROLLER_CPU] = "cpu",
        [CGROUP_CONTROLLER_CPUACCT] = "cpuacct",
        [CGROUP_CONTROLLER_CPUSET] = "cpuset",
        [CGROUP_CONTROLLER_IO] = "io",
        [CGROUP_CONTROLLER_BLKIO] = "blkio",
        [CGROUP_CONTROLLER_MEMORY] = "memory",
        [CGROUP_CONTROLLER_DEVICES] = "devices",
        [CGROUP_CONTROLLER_PIDS] = "pids",
        [CGROUP_CONTROLLER_BPF_FIREWALL] = "bpf-firewall",
        [CGROUP_CONTROLLER_BPF_DEVICES] = "bpf-devices",
        [CGROUP_CONTROLLER_BPF_FOREIGN] = "bpf-foreign",
        [CGROUP_CONTROLLER_BPF_SOCKET_BIND] = "bpf-socket-bind",
        [CGROUP_CONTROLLER_BPF_RESTRICT_NETWORK_INTERFACES] = "bpf-restrict-network-interfaces",
};
DEFINE_STRING_TABLE(cgroup_controller, CGroupController, cgroup_controller_table)

static const char *const cgroup_device_policy_table[_CGROUP_DEVICE_POLICY_MAX] = {
        [CGROUP_DEVICE_POLICY_AUTO] = "auto",
        [CGROUP_DEVICE_POLICY_CLOSED] = "closed",
        [CGROUP_DEVICE_POLICY_STRICT] = "strict",
};
DEFINE_STRING_TABLE(cgroup_device_policy, CGroupDevicePolicy, cgroup_device_policy_table)

static const char *const managed_oom_mode_table[_MANAGED_OOM_MODE_MAX] = {
        [MANAGED_OOM_AUTO] = "auto",
        [MANAGED_OOM_KILL] = "kill",
};
DEFINE_STRING_TABLE(managed_oom_mode, ManagedOOMMode, managed_oom_mode_table)

static const char *const managed_oom_preference_table[_MANAGED_OOM_PREFERENCE_MAX] = {
        [MANAGED_OOM_PREFERENCE_NONE] = "none",
        [MANAGED_OOM_PREFERENCE_AVOID] = "avoid",
        [MANAGED_OOM_PREFERENCE_OMIT] = "omit",
};
DEFINE_STRING_TABLE(managed_oom_preference, ManagedOOMPreference, managed_oom_preference_table)

/* The attach points BPFProgram= names, as systemd 252 spells them. */
static const char *const bpf_attach_type_table[] = {
        "ingress",    "egress",     "sock_create", "sock_ops",   "device",     "bind4",
        "bind6",      "connect4",   "connect6",    "post_bind4", "post_bind6", "sendmsg4",
        "sendmsg6",   "sysctl",     "recvmsg4",    "recvmsg6",   "getsockopt", "setsockopt",
};

const char *bpf_attach_type_to_string(int t) {
        return t >= 0 && (size_t) t < ELEMENTSOF(bpf_attach_type_table) ? bpf_attach_type_table[t] : NULL;
}

int bpf_attach_type_from_string(const char *s) {
        return string_table_lookup(bpf_attach_type_table, ELEMENTSOF(bpf_attach_type_table), s);
}

#define FIELD(key, parser, ltype, field) { key, parser, ltype, offsetof(CGroupContext, field) }

/* Sorted by strcmp; a test checks it. */
static const ConfigDirective cgroup_context_directives[] = {
        FIELD("AllowedCPUs", config_parse_cpu_set, 0, cpuset_cpus),
        FIELD("AllowedMemoryNodes", config_parse_cpu_set, 0, cpuset_mems),
        FIELD("BPFProgram", config_parse_bpf_program, 0, bpf_programs),
        FIELD("BlockIOAccounting", config_parse_bool, 0, blockio_accounting),
        FIELD("BlockIODeviceWeight", config_parse_device_list, DEVICE_LIST_BLKIO_WEIGHT, blockio_device_weights),
        FIELD("BlockIOReadBandwidth", config_parse_device_list, DEVICE_LIST_BLKIO_BANDWIDTH, blockio_read_bandwidth),
        FIELD("BlockIOWeight", config_parse_cgroup_weight, WEIGHT_BLKIO, blockio_weight),
        FIELD("BlockIOWriteBandwidth", config_parse_device_list, DEVICE_LIST_BLKIO_BANDWIDTH, blockio_write_bandwidth),
        FIELD("CPUAccounting", config_parse_bool, 0, cpu_accounting),
        FIELD("CPUQuota", config_parse_cpu_quota, 0, cpu_quota_per_sec_usec),
        FIELD("CPUQuotaPeriodSec", config_parse_cgroup_sec, 0, cpu_quota_period_usec),
        FIELD("CPUShares", config_parse_cgroup_weight, WEIGHT_CPU_SHARES, cpu_shares),
        FIELD("CPUWeight", config_parse_cgroup_weight, WEIGHT_CPU, cpu_weight),
        FIELD("DefaultMemoryLow", config_parse_memory_limit, 0, default_memory_low),
        FIELD("DefaultMemoryMin", config_parse_memory_limit, 0, default_memory_min),
        { "Delegate", config_parse_delegate, 0, 0 },
        FIELD("DeviceAllow", config_parse_device_list, DEVICE_LIST_ALLOW, device_allow),
        FIELD("DevicePolicy", config_parse_device_policy, 0, device_policy),
        FIELD("DisableControllers", config_parse_disable_controllers, 0, disable_controllers),
        FIELD("IOAccounting", config_parse_bool, 0, io_accounting),
        FIELD("IODeviceLatencyTargetSec", config_parse_device_list, DEVICE_LIST_IO_LATENCY, io_device_latencies),
        FIELD("IODeviceWeight", config_parse_device_list, DEVICE_LIST_IO_WEIGHT, io_device_weights),
        FIELD("IOReadBandwidthMax", config_parse_device_list, DEVICE_LIST_IO_LIMIT, io_read_bandwidth_max),
        FIELD("IOReadIOPSMax", config_parse_device_list, DEVICE_LIST_IO_LIMIT, io_read_iops_max),
        FIELD("IOWeight", config_parse_cgroup_weight, WEIGHT_IO, io_weight),
        FIELD("IOWriteBandwidthMax", config_parse_device_list, DEVICE_LIST_IO_LIMIT, io_write_bandwidth_max),
        FIELD("IOWriteIOPSMax", config_parse_device_list, DEVICE_LIST_IO_LIMIT, io_write_iops_max),
        FIELD("IPAccounting", config_parse_bool, 0, ip_accounting),
        FIELD("IPAddressAllow", config_parse_ip_address_list, 0, ip_address_allow),
        FIELD("IPAddressDeny", config_parse_ip_address_list, 0, ip_address_deny),
        FIELD("IPEgressFilterPath", config_parse_path_strv, 0, ip_egress_filter_path),
        FIELD("IPIngressFilterPath", config_parse_path_strv, 0, ip_ingress_filter_path),
        FIELD("ManagedOOMMemoryPressure", config_parse_managed_oom_mode, 0, managed_oom_memory_pressure),
        FIELD("ManagedOOMMemoryPressureLimit", config_parse_managed_oom_limit, 0, managed_oom_memory_pressure_limit),
        FIELD("ManagedOOMPreference", config_parse_managed_oom_preference, 0, managed_oom_preference),
        FIELD("ManagedOOMSwap", config_parse_managed_oom_mode, 0, managed_oom_swap),
        FIELD("MemoryAccounting", config_parse_bool, 0, memory_accounting),
        FIELD("MemoryHigh", config_parse_memory_limit, MEMORY_LIMIT_NONZERO | MEMORY_LIMIT_INFINITY, memory_high),
        FIELD("MemoryLimit", config_parse_memory_limit,
              MEMORY_LIMIT_NONZERO | MEMORY_LIMIT_INFINITY | MEMORY_LIMIT_DEPRECATED, memory_limit),
        FIELD("MemoryLow", config_parse_memory_limit, 0, memory_low),
        FIELD("MemoryMax", config_parse_memory_limit, MEMORY_LIMIT_NONZERO | MEMORY_LIMIT_INFINITY, memory_max),
        FIELD("MemoryMin", config_parse_memory_limit, 0, memory_min),
        FIELD("MemorySwapMax", config_parse_memory_limit, MEMORY_LIMIT_INFINITY, memory_swap_max),
        { "RestrictNetworkInterfaces", config_parse_network_interfaces, 0, 0 },
        FIELD("Slice", config_parse_slice, 0, slice),
        FIELD("SocketBindAllow", config_parse_socket_bind, 0, socket_bind_allow),
        FIELD("SocketBindDeny", config_parse_socket_bind, 0, socket_bind_deny),
        FIELD("StartupAllowedCPUs", config_parse_cpu_set, 0, startup_cpuset_cpus),
        FIELD("StartupAllowedMemoryNodes", config_parse_cpu_set, 0, startup_cpuset_mems),
        FIELD("StartupBlockIOWeight", config_parse_cgroup_weight, WEIGHT_BLKIO, startup_blockio_weight),
        FIELD("StartupCPUShares", config_parse_cgroup_weight, WEIGHT_CPU_SHARES, startup_cpu_shares),
        FIELD("StartupCPUWeight", config_parse_cgroup_weight, WEIGHT_CPU, startup_cpu_weight),
        FIELD("StartupIOWeight", config_parse_cgroup_weight, WEIGHT_IO, startup_io_weight),
        FIELD("TasksAccounting", config_parse_bool, 0, tasks_accounting),
        FIELD("TasksMax", config_parse_tasks_max, 0, tasks_max),
};

const ConfigTable cgroup_context_table = CONFIG_TABLE("cgroup", PART_CGROUP, cgroup_context_directives);

CGroupContext *cgroup_context_new(void) {
        CGroupContext *c = new0(CGroupContext, 1);
        if (!c)
                return NULL;
        c->memory_accounting = true;
        c->tasks_accounting = true;
        c->cpu_weight = c->startup_cpu_weight = CGROUP_WEIGHT_UNSET;
        c->cpu_shares = c->startup_cpu_shares = CGROUP_WEIGHT_UNSET;
        c->io_weight = c->startup_io_weight = CGROUP_WEIGHT_UNSET;
        c->blockio_weight = c->startup_blockio_weight = CGROUP_WEIGHT_UNSET;
        c->cpu_quota_per_sec_usec = USEC_INFINITY;
        c->cpu_quota_period_usec = USEC_INFINITY;
        c->memory_high = c->memory_max = c->memory_swap_max = c->memory_limit =
                (CGroupLimit) { CGROUP_LIMIT_MAX, false };
        c->tasks_max = (CGroupLimit) { 1500, true }; /* DefaultTasksMax=15% */
        return c;
}

CGroupContext *cgroup_context_free(CGroupContext *c) {
        if (!c)
                return NULL;
        free(c->slice);
        cpu_set_reset(&c->cpuset_cpus);
        cpu_set_reset(&c->startup_cpuset_cpus);
        cpu_set_reset(&c->cpuset_mems);
        cpu_set_reset(&c->startup_cpuset_mems);
        CGroupDeviceList *lists[] = {
                &c->io_device_weights,      &c->io_device_latencies,    &c->io_read_bandwidth_max,
                &c->io_write_bandwidth_max, &c->io_read_iops_max,       &c->io_write_iops_max,
                &c->blockio_device_weights, &c->blockio_read_bandwidth, &c->blockio_write_bandwidth,
                &c->device_allow,
        };
        for (size_t i = 0; i < ELEMENTSOF(lists); i++)
                cgroup_device_list_reset(lists[i]);
        free(c->ip_address_allow.items);
        free(c->ip_address_deny.items);
        strv_free(c->ip_ingress_filter_path);
        strv_free(c->ip_egress_filter_path);
        bpf_program_list_reset(&c->bpf_programs);
        free(c->socket_bind_allow.items);
        free(c->socket_bind_deny.items);
        strv_free(c->restrict_network_interfaces);
        free(c);
        return NULL;
}
