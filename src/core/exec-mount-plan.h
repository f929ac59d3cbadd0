/* exec-mount-plan.h — the mount plan of a sandboxed unit: the list of paths the file system
 * directives of systemd.exec(5) (ProtectSystem=, ProtectHome=, ReadWritePaths= and its
 * siblings, BindPaths=, TemporaryFileSystem=, PrivateTmp=, PrivateDevices=, ProtectKernel*=,
 * ProtectControlGroups=, ProtectProc=) turn into, each with what to do there, sorted so that
 * a parent comes before everything below it and with the entries that cannot matter dropped.
 * Building the plan is pure (no system calls), so it is unit tested; exec-mounts.c carries
 * it out inside the unit's mount namespace. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "exec-context.h"

/* Three kinds: the modes that mount something (inaccessible … tmpfs), the writability
 * attributes (read-only, read-write, implicit read-write) and the exec attributes. Within a
 * kind the order is the priority: when two entries of one kind name the same path, the one
 * listed first here wins (an inaccessible path stays inaccessible, read-only beats
 * read-write, noexec beats exec). Entries of different kinds for one path all apply, mounts
 * first: ReadOnlyPaths=/dev with PrivateDevices= gives a read-only private /dev. The
 * implicit read-write entries of ProtectSystem=strict give way to any other entry for the
 * same path; inaccessible gives way to none. */
typedef enum MountMode {
        MOUNT_INACCESSIBLE,
        MOUNT_BIND,             /* source on path; read_only, recursive */
        MOUNT_PRIVATE_TMP,      /* source (a per-unit directory) on path */
        MOUNT_PRIVATE_DEV,      /* a minimal /dev */
        MOUNT_PROCFS,           /* a new /proc with options (ProtectProc=, ProcSubset=) */
        MOUNT_TMPFS,            /* options; read_only */
        MOUNT_READ_ONLY,
        MOUNT_READ_WRITE,
        MOUNT_READ_WRITE_IMPLICIT,
        MOUNT_NOEXEC,
        MOUNT_EXEC,
        _MOUNT_MODE_MAX,
} MountMode;

typedef struct MountEntry {
        char *path;
        MountMode mode;
        char *source;           /* MOUNT_BIND, MOUNT_PRIVATE_TMP */
        char *options;          /* MOUNT_TMPFS, MOUNT_PROCFS: mount data, may be NULL */
        bool ignore_missing;    /* "-" prefix, or an implicit entry */
        bool read_only;         /* MOUNT_BIND, MOUNT_TMPFS */
        bool recursive;         /* MOUNT_BIND */
} MountEntry;

typedef struct MountPlan {
        MountEntry *entries;
        size_t n;
} MountPlan;

/* Where PrivateTmp= puts /tmp and /var/tmp (directories on the host), or NULLs. */
typedef struct PrivateTmpDirs {
        const char *tmp;
        const char *var_tmp;
} PrivateTmpDirs;

/* True if the context asks for anything that needs a mount namespace. */
bool exec_context_needs_mount_namespace(const ExecContext *c);

/* Builds, sorts and prunes the plan. -ENOMEM only. */
int mount_plan_build(const ExecContext *c, const PrivateTmpDirs *tmp, MountPlan *ret);
void mount_plan_done(MountPlan *p);

/* Sorts by path (component by component, so a parent precedes its children) and priority,
 * then drops duplicates, anything below an inaccessible path, and read-only/read-write and
 * exec/noexec entries that repeat what their closest parent already gives. Exposed for the
 * tests. */
void mount_plan_normalize(MountPlan *p);

/* Adds one entry (copies the strings). -ENOMEM. */
int mount_plan_add(MountPlan *p, const char *path, MountMode mode, const char *source, const char *options,
                   bool ignore_missing, bool read_only, bool recursive);

const char *mount_mode_to_string(MountMode m);
/* The effect of an entry on writability: 1 read-only, 0 writable, -1 it does not say. */
int mount_entry_read_only(const MountEntry *e);
