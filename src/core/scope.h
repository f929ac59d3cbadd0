/* scope.h — scope units: foreign processes in a cgroup of their own. See scope.c. */
#pragma once

#include <sys/types.h>

#include "unit.h"

typedef enum ScopeState {
        SCOPE_DEAD,
        SCOPE_RUNNING,
        SCOPE_STOP_SIGTERM,
        SCOPE_STOP_SIGKILL,
        SCOPE_FAILED,
        _SCOPE_STATE_MAX,
} ScopeState;

typedef struct Scope {
        Unit meta;
        ScopeState state;
        bool transient;       /* created at run time: the only way a scope exists */
        pid_t *pids;          /* to move into the cgroup when it starts */
        size_t n_pids;
        char *result;         /* NULL: success */
        EventSource *timer;   /* TimeoutStopSec= of the stop states */
} Scope;

const char *scope_state_to_string(ScopeState s);

/* Creates (or re-creates, when dead) the transient scope name for pids and loads it; the
 * caller queues its start job. -EEXIST: a unit of that name has a file or is not dead. */
int manager_start_transient_scope(Manager *m, const char *name, const pid_t *pids, size_t n_pids, Unit **ret);

#define INIT_SCOPE "init.scope"
/* With cgroups, as the system manager sysmaster-init started: init (PID 1) and the manager in
 * init.scope (/init.scope, in -.slice), active from the start and never stopped, as systemd's
 * PID 1 lives in its init.scope. This keeps the root of the container's (or the machine's)
 * cgroup tree free of processes, so controllers can be enabled for the units below it. */
int manager_setup_init_scope(Manager *m);
