/* mount.h — mount units (systemd.mount(5)). A mount unit follows reality: what
 * /proc/self/mountinfo says is mounted is active, whether sysMaster mounted it or someone ran
 * mount(8) by hand, and a mount that vanishes makes its unit dead. Starting and stopping run
 * /bin/mount and /bin/umount as the unit's control process, as systemd does, and the kernel's
 * mount table (through libmount's monitor, mount-proc.c) has the last word on the result. */
#pragma once

#include "event.h"
#include "unit.h"

typedef enum MountState {
        MOUNT_DEAD,
        MOUNT_MOUNTING,         /* mount(8) runs, the mount is not in mountinfo yet */
        MOUNT_MOUNTING_DONE,    /* mount(8) runs, the mount is already in mountinfo */
        MOUNT_MOUNTED,
        MOUNT_REMOUNTING,
        MOUNT_UNMOUNTING,
        MOUNT_MOUNTING_SIGTERM,
        MOUNT_MOUNTING_SIGKILL,
        MOUNT_REMOUNTING_SIGTERM,
        MOUNT_REMOUNTING_SIGKILL,
        MOUNT_UNMOUNTING_SIGTERM,
        MOUNT_UNMOUNTING_SIGKILL,
        MOUNT_FAILED,
        _MOUNT_STATE_MAX,
} MountState;

typedef enum MountResult {
        MOUNT_SUCCESS,
        MOUNT_FAILURE_RESOURCES,
        MOUNT_FAILURE_TIMEOUT,
        MOUNT_FAILURE_EXIT_CODE,
        MOUNT_FAILURE_SIGNAL,
        MOUNT_FAILURE_CORE_DUMP,
        MOUNT_FAILURE_START_LIMIT_HIT,
        MOUNT_FAILURE_PROTOCOL,
        _MOUNT_RESULT_MAX,
} MountResult;

/* What mountinfo says about one mount point (the topmost mount when several are stacked). */
typedef struct MountParameters {
        char *what, *options, *fstype;
} MountParameters;

typedef struct Mount {
        Unit meta;
        MountState state;
        MountResult result, reload_result;
        char *where;                 /* from Where=, else from the unit name */
        MountParameters proc;        /* valid while from_proc */
        bool from_proc;              /* in /proc/self/mountinfo at the last scan */
        /* scan bookkeeping (mount-proc.c) */
        bool seen, just_mounted, just_changed;
        pid_t control_pid;
        int control_code, control_status; /* how the last control process ended */
        unsigned n_unmount_retries;
        EventSource *timer;
} Mount;

const char *mount_state_to_string(MountState s);
const char *mount_result_to_string(MountResult r);

/* mount-proc.c: reads mountinfo (at start and whenever libmount's monitor says it changed)
 * and brings every mount unit in line with it. Off with --test. */
int manager_setup_mount_monitor(Manager *m);
void manager_close_mount_monitor(Manager *m);
void mount_process_mountinfo(Manager *m);

/* mount.c: what the scan found for one mount unit (mount-proc.c calls these). */
void mount_update_from_proc(Mount *mt, const char *what, const char *options, const char *fstype);
void mount_proc_changed(Mount *mt);
