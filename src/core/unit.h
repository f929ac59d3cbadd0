/* unit.h — a loaded unit inside the manager: its names, configuration, relations to other
 * units, its job, and the generic side of its state. Each unit type (service.c, target.c…)
 * embeds Unit as the first member of its own struct and implements UnitVTable; the type's
 * state machine is the single writer of its state and reports every change through
 * unit_notify(), where the generic consequences happen (jobs finish, BindsTo=/PartOf=
 * propagate, OnFailure= fires, timestamps and the console line are written). */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "time-util.h"
#include "unit-config.h"
#include "unit-load.h"
#include "unit-relation.h"

typedef struct Manager Manager;
typedef struct Job Job;
struct NotifyMessage;

typedef enum UnitActiveState {
        UNIT_ACTIVE,
        UNIT_RELOADING,
        UNIT_INACTIVE,
        UNIT_FAILED,
        UNIT_ACTIVATING,
        UNIT_DEACTIVATING,
        UNIT_MAINTENANCE,
        _UNIT_ACTIVE_STATE_MAX,
} UnitActiveState;

const char *unit_active_state_to_string(UnitActiveState s);
static inline bool UNIT_IS_ACTIVE_OR_RELOADING(UnitActiveState s) {
        return s == UNIT_ACTIVE || s == UNIT_RELOADING;
}
static inline bool UNIT_IS_ACTIVE_OR_ACTIVATING(UnitActiveState s) {
        return s == UNIT_ACTIVE || s == UNIT_ACTIVATING || s == UNIT_RELOADING;
}
static inline bool UNIT_IS_INACTIVE_OR_FAILED(UnitActiveState s) {
        return s == UNIT_INACTIVE || s == UNIT_FAILED;
}

typedef struct DualTimestamp {
        usec_t realtime;
        usec_t monotonic;
} DualTimestamp;
DualTimestamp dual_timestamp_now(void);

typedef enum KillWho {
        KILL_MAIN,
        KILL_CONTROL,
        KILL_ALL,
        _KILL_WHO_MAX,
} KillWho;

typedef struct UnitVTable {
        size_t object_size;
        /* After the files were parsed: type defaults, implicit dependencies, consistency
         * checks. <0 makes the unit bad-setting. */
        int (*load)(Unit *u);
        void (*done)(Unit *u);
        /* Begin an operation. 0: begun (the state machine reports its progress through
         * unit_notify); -EALREADY: already there; -EAGAIN: not now, retry when the state
         * changes; -EBADR: not applicable; other <0: failed at once. */
        int (*start)(Unit *u);
        int (*stop)(Unit *u);
        int (*reload)(Unit *u);
        bool (*can_reload)(Unit *u);
        int (*kill)(Unit *u, KillWho who, int signo);
        UnitActiveState (*active_state)(Unit *u);
        const char *(*sub_state)(Unit *u);
        /* A process of this unit exited (reaped by the manager, or by init while the
         * manager was away). */
        void (*child_exited)(Unit *u, pid_t pid, int code, int status);
        /* The type's properties for `show`, appended as "Name=value" strings. */
        int (*append_properties)(Unit *u, char ***l);
        void (*reset_failed)(Unit *u);
        /* Checkpoints: one "key=value" line per item; coldplug re-attaches to reality. */
        int (*serialize)(Unit *u, FILE *f);
        int (*deserialize_item)(Unit *u, const char *key, const char *value);
        int (*coldplug)(Unit *u);
        /* The "Result=" of the last run ("success", "exit-code"…), for status and jobs. */
        const char *(*result)(Unit *u);
        /* An sd_notify message from pid, a process of this unit (notify.c). The unit takes
         * the fds it keeps by setting their entries to -EBADF; the rest are closed. */
        void (*notify_message)(Unit *u, pid_t pid, const struct NotifyMessage *msg, int *fds, size_t n_fds);
        /* The unit's cgroup has no process left (cgroup.c). */
        void (*cgroup_empty)(Unit *u);
        /* unit_start() refused a start: StartLimitBurst= hit (the type records the result). */
        void (*start_limit_hit)(Unit *u);
        /* The unit is real without a unit file (a mount in mountinfo): it loads from drop-ins
         * and defaults instead of being not-found. */
        bool (*exists_without_file)(Unit *u);
        /* other, a unit u triggers (u Triggers= other: a socket's service, a timer's or a path
         * unit's unit), changed state or ended a job; called after the change is complete. */
        void (*trigger_notify)(Unit *u, Unit *other);
} UnitVTable;

struct Unit {
        Manager *manager;
        const UnitVTable *vtable;
        UnitType type;
        char *id;                   /* the main name */
        char **aliases;
        UnitLoadState load_state;
        int load_error;
        char *fragment_path;
        char **dropin_paths;
        UnitConfig *config;         /* NULL unless loaded */
        UnitSet deps[_REL_MAX];
        Job *job;

        UnitActiveState last_state; /* as last reported through unit_notify() */
        DualTimestamp state_change, inactive_exit, active_enter, active_exit, inactive_enter;
        DualTimestamp condition_timestamp, assert_timestamp;
        bool condition_result, assert_result;
        usec_t start_limit_begin;   /* CLOCK_MONOTONIC */
        unsigned start_limit_count;
        char invocation_id[33];
        /* set by unit_begin_invocation() when a start made the run's ID before the unit left
         * the inactive state (a service's ExecCondition=/ExecStartPre= already use it):
         * unit_notify() keeps that ID instead of making a second one */
        bool invocation_id_pending;
        char **monitor_env;         /* $MONITOR_*=… for our next start, from the unit whose
                                     * OnFailure=/OnSuccess= started us */
        char *cgroup_path;          /* "/system.slice/foo.service" */
        char *default_slice;        /* the implicit slice of a template's instance, see unit_slice_name() */
        int cgroup_inotify_wd;      /* watch on its cgroup.events; 0: none */

        bool perpetual;             /* up as long as the system runs: never stopped (-.mount) */
        unsigned pins;              /* holders of a pointer across loop iterations (tests,
                                     * tools): never garbage-collected while > 0 */
        bool in_load_queue;
        bool in_stop_when_unneeded_queue;
        Unit *load_queue_next;
};

/* Keeps u loaded while the caller holds it across loop iterations (manager-gc.c). */
static inline Unit *unit_pin(Unit *u) {
        u->pins++;
        return u;
}
static inline void unit_unpin(Unit *u) {
        if (u->pins > 0)
                u->pins--;
}

/* Creates a unit for name (not loaded yet; queued for loading). */
int unit_new(Manager *m, const char *name, Unit **ret);
/* A new InvocationID= for the run that is starting, kept when the unit then leaves inactive. */
void unit_begin_invocation(Unit *u);
Unit *unit_free(Unit *u);
int unit_load(Unit *u);     /* reads files and applies type logic; sets load_state */
int unit_add_dependency(Unit *u, UnitRelation r, Unit *other, bool add_reference);
int unit_add_dependency_by_name(Unit *u, UnitRelation r, const char *name, bool add_reference);
/* The default dependencies most types share (systemd.unit(5), "Default Dependencies"): the
 * unit's Slice= (system.slice unless set) as Requires=+After=; sysinit.target as
 * Requires=+After=; shutdown.target as Conflicts=+Before=. */
const char *unit_slice_name(Unit *u);
int unit_add_slice_dependencies(Unit *u);
int unit_add_sysinit_dependencies(Unit *u);
int unit_add_shutdown_dependencies(Unit *u);

UnitActiveState unit_active_state(Unit *u);
const char *unit_sub_state(Unit *u);
const char *unit_description(Unit *u); /* Description= or the id */
bool unit_can_start(Unit *u);
bool unit_can_reload(Unit *u);
bool unit_can_isolate(Unit *u);

/* Operations as jobs run them (checking conditions, start limits, load state). */
int unit_start(Unit *u);
int unit_stop(Unit *u);
int unit_reload(Unit *u);

/* Reported by type code for every state change; see the summary at the top. */
void unit_notify(Unit *u, UnitActiveState os, UnitActiveState ns, bool reload_success);

/* Tells the units that trigger u (timers, path units) to look at its state again: after each
 * state change, and after each job of u, since a start refused by a condition finishes the
 * job without any change of state. */
void unit_trigger_notify(Unit *u);

/* Conditions and asserts: true when the unit may start. */
bool unit_test_conditions(Unit *u);
bool unit_test_asserts(Unit *u);
