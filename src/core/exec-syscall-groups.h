/* exec-syscall-groups.h — the system call groups of SystemCallFilter= (@system-service,
 * @file-system, …) as systemd 252 defines them, and their expansion into plain system call
 * names. Pure data and string work, no libseccomp: a name here may be unknown on this
 * architecture, and the seccomp layer skips those. */
#pragma once

#include <stdbool.h>

typedef struct SyscallGroup {
        const char *name;    /* "@basic-io" */
        const char *help;
        const char *members; /* space-separated names and nested "@group"s */
} SyscallGroup;

extern const SyscallGroup syscall_groups_table[];
extern const unsigned syscall_groups_count;

const SyscallGroup *syscall_group_find(const char *name); /* NULL if unknown */

/* Appends to *list (a strv) every system call name a filter entry stands for: the name
 * itself, or all members of a group, nested groups included, without duplicates.
 * -ENOENT for an unknown group, -ENOMEM. */
int syscall_expand(const char *entry, char ***list);
