/* cgroup-context.h — resource control (systemd.resource-control(5)) shared by service,
 * socket, mount, swap, slice and scope units: CPU, memory, IO and task limits, device access,
 * delegation, IP and socket-bind filters, BPF programs, systemd-oomd policy, and the slice
 * the unit lives in. Values are stored as written (a percentage stays a percentage) and
 * resolved against the machine only when applied. Filled by cgroup_context_table. */
#pragma once

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "config-parse.h"
#include "cpu-set.h"
#include "time-util.h"

typedef enum CGroupController {
        CGROUP_CONTROLLER_CPU,
        CGROUP_CONTROLLER_CPUACCT,
        CGROUP_CONTROLLER_CPUSET,
        CGROUP_CONTROLLER_IO,
        CGROUP_CONTROLLER_BLKIO,
        CGROUP_CONTROLLER_MEMORY,
        CGROUP_CONTROLLER_DEVICES,
        CGROUP_CONTROLLER_PIDS,
        CGROUP_CONTROLLER_BPF_FIREWALL,
        CGROUP_CONTROLLER_BPF_DEVICES,
        CGROUP_CONTROLLER_BPF_FOREIGN,
        CGROUP_CONTROLLER_BPF_SOCKET_BIND,
        CGROUP_CONTROLLER_BPF_RESTRICT_NETWORK_INTERFACES,
        _CGROUP_CONTROLLER_MAX,
        _CGROUP_CONTROLLER_INVALID = -EINVAL,
} CGroupController;

typedef uint32_t CGroupMask;
#define CGROUP_MASK(c) ((CGroupMask) 1 << (c))
/* The real kernel controllers, which Delegate=yes hands over. */
#define CGROUP_MASK_DELEGATE_ALL (CGROUP_MASK(CGROUP_CONTROLLER_BPF_FIREWALL) - 1)

typedef enum CGroupDevicePolicy {
        CGROUP_DEVICE_POLICY_AUTO,
        CGROUP_DEVICE_POLICY_CLOSED,
        CGROUP_DEVICE_POLICY_STRICT,
        _CGROUP_DEVICE_POLICY_MAX,
        _CGROUP_DEVICE_POLICY_INVALID = -EINVAL,
} CGroupDevicePolicy;

typedef enum ManagedOOMMode {
        MANAGED_OOM_AUTO,
        MANAGED_OOM_KILL,
        _MANAGED_OOM_MODE_MAX,
        _MANAGED_OOM_MODE_INVALID = -EINVAL,
} ManagedOOMMode;

typedef enum ManagedOOMPreference {
        MANAGED_OOM_PREFERENCE_NONE,
        MANAGED_OOM_PREFERENCE_AVOID,
        MANAGED_OOM_PREFERENCE_OMIT,
        _MANAGED_OOM_PREFERENCE_MAX,
        _MANAGED_OOM_PREFERENCE_INVALID = -EINVAL,
} ManagedOOMPreference;

#define CGROUP_WEIGHT_UNSET UINT64_MAX  /* the weight directives when not set */
#define CGROUP_WEIGHT_IDLE UINT64_C(0)  /* CPUWeight=idle */
#define CGROUP_LIMIT_MAX UINT64_MAX     /* "infinity" */

/* A byte or task limit: absolute, or (relative) a share of the machine's RAM or of the
 * kernel's task limit, in permyriad (1% = 100). */
typedef struct CGroupLimit {
        uint64_t value;
        bool relative;
} CGroupLimit;

/* value resolved against total (RAM bytes, pid_max); CGROUP_LIMIT_MAX stays itself. */
uint64_t cgroup_limit_resolve(CGroupLimit l, uint64_t total);

/* Device access rights of DeviceAllow=. */
enum {
        CGROUP_DEVICE_READ = 1 << 0,
        CGROUP_DEVICE_WRITE = 1 << 1,
        CGROUP_DEVICE_MKNOD = 1 << 2,
};

/* One per-device setting: a weight, a limit, a latency in µs, or DeviceAllow= rights. */
typedef struct CGroupDeviceValue {
        char *path;
        uint64_t value;
} CGroupDeviceValue;

typedef struct CGroupDeviceList {
        CGroupDeviceValue *items;
        size_t n;
} CGroupDeviceList;

typedef struct IPAddressPrefix {
        int family;                 /* AF_INET, AF_INET6 */
        union {
                struct in_addr in;
                struct in6_addr in6;
        } address;                  /* host bits cleared */
        unsigned char prefixlen;
} IPAddressPrefix;

typedef struct IPAddressList {
        IPAddressPrefix *items;
        size_t n;
} IPAddressList;

typedef struct SocketBindRule {
        int family;                 /* AF_UNSPEC (both), AF_INET, AF_INET6 */
        int protocol;               /* 0 (both), IPPROTO_TCP, IPPROTO_UDP */
        uint16_t nr_ports;          /* 0: any port */
        uint16_t port_min;
} SocketBindRule;

typedef struct SocketBindList {
        SocketBindRule *items;
        size_t n;
} SocketBindList;

typedef struct BPFProgramRef {
        int attach_type;            /* index into bpf_attach_type names ("ingress"…) */
        char *path;                 /* pinned program in bpffs */
} BPFProgramRef;

typedef struct BPFProgramList {
        BPFProgramRef *items;
        size_t n;
} BPFProgramList;

typedef struct CGroupContext {
        char *slice;                           /* Slice=: a slice unit name */

        bool cpu_accounting;
        bool io_accounting;
        bool blockio_accounting;
        bool memory_accounting;                /* yes (DefaultMemoryAccounting=) */
        bool tasks_accounting;                 /* yes (DefaultTasksAccounting=) */
        bool ip_accounting;

        uint64_t cpu_weight;                   /* 1…10000, CGROUP_WEIGHT_IDLE, or unset */
        uint64_t startup_cpu_weight;
        uint64_t cpu_shares;                   /* cgroup v1: 2…262144, or unset */
        uint64_t startup_cpu_shares;
        usec_t cpu_quota_per_sec_usec;         /* CPUQuota=: CPU time per second; infinity */
        usec_t cpu_quota_period_usec;          /* infinity: the kernel's default */
        CPUSet cpuset_cpus;
        CPUSet startup_cpuset_cpus;
        CPUSet cpuset_mems;
        CPUSet startup_cpuset_mems;

        uint64_t io_weight;                    /* 1…10000, or unset */
        uint64_t startup_io_weight;
        CGroupDeviceList io_device_weights;
        CGroupDeviceList io_device_latencies;  /* µs */
        CGroupDeviceList io_read_bandwidth_max;
        CGroupDeviceList io_write_bandwidth_max;
        CGroupDeviceList io_read_iops_max;
        CGroupDeviceList io_write_iops_max;
        uint64_t blockio_weight;               /* cgroup v1: 10…1000, or unset */
        uint64_t startup_blockio_weight;
        CGroupDeviceList blockio_device_weights;
        CGroupDeviceList blockio_read_bandwidth;
        CGroupDeviceList blockio_write_bandwidth;

        CGroupLimit memory_min;                /* 0 */
        CGroupLimit memory_low;                /* 0 */
        CGroupLimit default_memory_min;        /* 0: for the children of a slice */
        CGroupLimit default_memory_low;
        CGroupLimit memory_high;               /* infinity */
        CGroupLimit memory_max;                /* infinity */
        CGroupLimit memory_swap_max;           /* infinity */
        CGroupLimit memory_limit;              /* cgroup v1, infinity */
        CGroupLimit tasks_max;                 /* 15% (DefaultTasksMax=) */

        CGroupDevicePolicy device_policy;      /* auto */
        CGroupDeviceList device_allow;         /* rights in value */

        bool delegate;
        CGroupMask delegate_controllers;
        CGroupMask disable_controllers;

        ManagedOOMMode managed_oom_swap;              /* auto */
        ManagedOOMMode managed_oom_memory_pressure;   /* auto */
        uint32_t managed_oom_memory_pressure_limit;   /* permyriad; 0: oomd's default */
        ManagedOOMPreference managed_oom_preference;  /* none */

        IPAddressList ip_address_allow;
        IPAddressList ip_address_deny;
        char **ip_ingress_filter_path;
        char **ip_egress_filter_path;
        BPFProgramList bpf_programs;
        SocketBindList socket_bind_allow;
        SocketBindList socket_bind_deny;
        char **restrict_network_interfaces;
        bool restrict_network_interfaces_is_allow_list;
} CGroupContext;

const char *cgroup_controller_to_string(CGroupController c);
CGroupController cgroup_controller_from_string(const char *s);
const char *cgroup_device_policy_to_string(CGroupDevicePolicy p);
CGroupDevicePolicy cgroup_device_policy_from_string(const char *s);
const char *managed_oom_mode_to_string(ManagedOOMMode m);
ManagedOOMMode managed_oom_mode_from_string(const char *s);
const char *managed_oom_preference_to_string(ManagedOOMPreference p);
ManagedOOMPreference managed_oom_preference_from_string(const char *s);
const char *bpf_attach_type_to_string(int t);
int bpf_attach_type_from_string(const char *s);

CGroupContext *cgroup_context_new(void);
CGroupContext *cgroup_context_free(CGroupContext *c);

/* The entry for path in l, or NULL. */
const CGroupDeviceValue *cgroup_device_list_find(const CGroupDeviceList *l, const char *path);

extern const ConfigTable cgroup_context_table;
