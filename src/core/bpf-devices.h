/* bpf-devices.h — DeviceAllow=/DevicePolicy= on cgroup v2 (systemd.resource-control(5)):
 * the allow list of a unit (device nodes by stat, "char-NAME"/"block-NAME" classes matched
 * as globs against /proc/devices, the standard pseudo devices of DevicePolicy=closed, which
 * PrivateDevices= implies), assembled into a BPF_PROG_TYPE_CGROUP_DEVICE program in our own
 * code (raw bpf(2), no libbpf) and attached to the unit's cgroup with BPF_F_ALLOW_MULTI,
 * replacing the program attached before. Building the list and the instructions is pure, so
 * the unit tests run the program in a small interpreter. */
#pragma once

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "cgroup-context.h"

#define DEVICE_ANY INT64_C(-1)

typedef struct DeviceRule {
        char type;        /* 'c' or 'b' */
        int64_t major;    /* DEVICE_ANY: every major of the type */
        int64_t minor;    /* DEVICE_ANY: every minor */
        unsigned access;  /* CGROUP_DEVICE_READ | _WRITE | _MKNOD */
} DeviceRule;

typedef enum DeviceFilter {
        DEVICE_FILTER_NONE,      /* no restriction: DevicePolicy=auto and no DeviceAllow= */
        DEVICE_FILTER_IMPLIED,   /* only PrivateDevices= asks for it */
        DEVICE_FILTER_EXPLICIT,  /* DeviceAllow= or DevicePolicy=closed/strict */
} DeviceFilter;

/* Whether the unit needs a device program, and why. c may be NULL. */
DeviceFilter device_filter_needed(const CGroupContext *c, bool private_devices);

/* The allow list: explicit entries, plus the pseudo devices unless the policy is strict.
 * proc_devices is the text of /proc/devices (NULL: class entries match nothing); stat_fn
 * is stat(2) in production. Entries that resolve to nothing warn and are skipped. */
int device_rules_build(const CGroupContext *c, bool private_devices, const char *proc_devices,
                       int (*stat_fn)(const char *path, struct stat *st), DeviceRule **ret, size_t *ret_n);

/* The program: allows an access iff one rule matches type, major, minor and covers every
 * requested access bit; denies everything else. */
int device_rules_to_bpf(const DeviceRule *rules, size_t n, struct bpf_insn **ret, size_t *ret_n);

/* Builds, loads and attaches the program for a unit's cgroup (absolute dir), detaching the
 * device programs attached to that cgroup before. Returns 0 when done or nothing was
 * needed, a negative errno having logged an error when the kernel refuses. */
int cgroup_apply_device_policy(const char *unit_id, const CGroupContext *c, bool private_devices, const char *dir);
