/* automount.h — automount units (systemd.automount(5)): an autofs file system on Where= that
 * starts the mount unit of the same name when something touches the path, and stops it after
 * TimeoutIdleSec= of disuse. The kernel side is the autofs protocol 5 (linux/auto_fs4.h). */
#pragma once

#include <stdint.h>

#include "event.h"
#include "unit.h"

typedef enum AutomountState {
        AUTOMOUNT_DEAD,
        AUTOMOUNT_WAITING, /* the autofs is mounted, nothing on it */
        AUTOMOUNT_RUNNING, /* the mount unit was triggered (and is mounted or on its way) */
        AUTOMOUNT_FAILED,
        _AUTOMOUNT_STATE_MAX,
} AutomountState;

typedef enum AutomountResult {
        AUTOMOUNT_SUCCESS,
        AUTOMOUNT_FAILURE_RESOURCES,
        AUTOMOUNT_FAILURE_START_LIMIT_HIT,
        AUTOMOUNT_FAILURE_MOUNT_START_LIMIT_HIT,
        AUTOMOUNT_FAILURE_UNMOUNTED,
        _AUTOMOUNT_RESULT_MAX,
} AutomountResult;

typedef struct Automount {
        Unit meta;
        AutomountState state;
        AutomountResult result;
        char *where;
        bool mounted;              /* our autofs is on Where= */
        EventSource *pipe_source;  /* owns the pipe's read end: the kernel's requests */
        int ioctl_fd;              /* the autofs root, for READY/FAIL/EXPIRE (if ioctl_open) */
        bool ioctl_open;
        uint32_t *tokens;          /* missing-mount requests waiting for the mount unit */
        size_t n_tokens;
        uint32_t *expire_tokens;   /* expire requests waiting for the mount unit to stop */
        size_t n_expire_tokens;
        EventSource *expire_timer;
        pid_t expire_pid;          /* the child blocked in AUTOFS_IOC_EXPIRE_MULTI */
        EventSource *rearm_source; /* after a manager restart: a fresh autofs, from the loop */
} Automount;

const char *automount_state_to_string(AutomountState s);
const char *automount_result_to_string(AutomountResult r);
