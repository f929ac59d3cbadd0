/* cgroup-parse.h — the parsers behind cgroup_context_table, split out of cgroup-context.c by
 * role: resources (cgroup-parse.c) and network filters and BPF (cgroup-net.c). Internal to
 * src/unitfile; the data types are in cgroup-context.h. */
#pragma once

#include "cgroup-context.h"

/* ltype of config_parse_cgroup_weight: the directive family, which sets the valid range. */
enum {
        WEIGHT_CPU,         /* 1…10000 or "idle" */
        WEIGHT_IO,          /* 1…10000 */
        WEIGHT_CPU_SHARES,  /* 2…262144, deprecated */
        WEIGHT_BLKIO,       /* 10…1000 */
};

/* ltype of config_parse_memory_limit */
enum {
        MEMORY_LIMIT_NONZERO = 1 << 0,     /* 0 would kill or throttle everything: refused */
        MEMORY_LIMIT_INFINITY = 1 << 1,    /* the default an empty value restores */
        MEMORY_LIMIT_DEPRECATED = 1 << 2,  /* cgroup v1 MemoryLimit= */
};

/* ltype of config_parse_device_list: what the word after the device path is. */
enum {
        DEVICE_LIST_IO_WEIGHT,
        DEVICE_LIST_IO_LIMIT,
        DEVICE_LIST_IO_LATENCY,
        DEVICE_LIST_BLKIO_WEIGHT,
        DEVICE_LIST_BLKIO_BANDWIDTH,
        DEVICE_LIST_ALLOW,
};

/* "50%", "1.5%", "5‰", "5‱" → permyriad; no upper bound (CPUQuota= may exceed 100%). */
int parse_permyriad_unbounded(const char *s);

int config_parse_cgroup_weight(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_cpu_quota(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_cgroup_sec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_memory_limit(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_tasks_max(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_device_list(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_device_policy(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_delegate(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_disable_controllers(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_managed_oom_mode(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_managed_oom_preference(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_managed_oom_limit(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_slice(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);

int config_parse_ip_address_list(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_socket_bind(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_network_interfaces(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_bpf_program(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);

void cgroup_device_list_reset(CGroupDeviceList *l);
void bpf_program_list_reset(BPFProgramList *l);
