/* cgroup-resources.h — systemd.resource-control(5) on cgroup v2: turning a unit's
 * CGroupContext into the attribute files of its cgroup (cpu.weight, cpu.max, memory.*,
 * pids.max, io.weight, io.max, cpuset.*), enabling the controllers they need in every
 * ancestor's cgroup.subtree_control, and Delegate= (the subtree handed to the service's
 * user, chowned in the child which knows the uid). Where a controller is missing (bound to
 * cgroup v1, not enabled by a container's parent) the manager warns once per controller
 * and goes on, as systemd does. DeviceAllow=/DevicePolicy= (and PrivateDevices=) attach a
 * BPF device program (bpf-devices.h); a kernel refusing it fails the start. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup-context.h"

typedef struct Unit Unit;

typedef struct CGroupAttribute {
        CGroupController controller;
        const char *file;   /* "memory.max" */
        char *value;        /* "max", "50000 100000", "8:0 rbps=1000000" */
        bool explicit;      /* the unit asked for it (not a default): a missing controller warns */
} CGroupAttribute;

void cgroup_attributes_free(CGroupAttribute *a, size_t n);

/* The most tasks the system can have, which TasksMax= percentages (and DefaultTasksMax=15%)
 * are of: the smallest of kernel.pid_max - 1, kernel.threads-max and the root cgroup's
 * pids.max, each only if known (0: not known). Pure. */
uint64_t cgroup_system_tasks_max(uint64_t pid_max, uint64_t threads_max, uint64_t root_pids_max);

/* The attributes of c for a machine with ram bytes and tasks_total tasks at most. devno resolves an
 * IO*= device path to "major:minor" (NULL: IO device settings are skipped). Pure apart
 * from devno. */
int cgroup_context_attributes(const CGroupContext *c, uint64_t ram, uint64_t tasks_total,
                              int (*devno)(const char *path, char **ret), CGroupAttribute **ret, size_t *ret_n);

/* "0-3,5" for cpuset files; "" for an empty set. */
char *cgroup_cpu_set_format(const CPUSet *s);

/* Attaches the device program and enables the controllers and writes the attributes of u's
 * cgroup (absolute dir). Fails (negative errno, logged) only when a requested device
 * restriction cannot be put in place; other problems are warnings. */
int unit_cgroup_apply_resources(Unit *u, const char *dir);

/* Child side of Delegate=: the cgroup directory and the files the delegatee writes become
 * the service user's. */
int exec_cgroup_delegate_chown(const char *dir, uid_t uid, gid_t gid);
