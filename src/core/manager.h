/* manager.h — the service manager's one context: the event loop, the units by name, the job
 * queue, the unit load path, and the channels to PID 1, to clients and to services. There is
 * no other global mutable state in the manager. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct libmnt_monitor;

#include "event.h"
#include "hashmap.h"
#include "init-link.h"
#include "job.h"
#include "load-path.h"
#include "selfheal.h"
#include "unit-load.h"
#include "unit.h"

typedef enum ManagerObjective {
        MANAGER_RUNNING,
        MANAGER_EXIT,       /* containers: leave with exit_code */
        MANAGER_REBOOT,
        MANAGER_POWEROFF,
        MANAGER_HALT,
        MANAGER_KEXEC,
        MANAGER_REEXECUTE,
        MANAGER_RELOAD,
        _MANAGER_OBJECTIVE_MAX,
} ManagerObjective;

typedef struct ManagerOptions {
        const char *root;           /* --root (tests): unit files and runtime dirs below it */
        const char *default_unit;   /* --unit= / systemd.unit=; default.target */
        bool test;                  /* not PID 1's child: no cgroups, no init channel */
        bool recover;               /* --recover: a previous manager died; take over */
        bool show_status;           /* console status lines */
        const char *cgroup_root;    /* --cgroup-root: where units' cgroups go (cgroup.c) */
} ManagerOptions;

typedef struct Manager {
        ManagerOptions options;
        EventLoop *event;
        LookupPaths lookup_paths;
        UnitNameMap *name_map;
        Hashmap *units;             /* every name of every unit → Unit */
        Hashmap *jobs;              /* job id (decimal) → Job */
        uint32_t last_job_id;
        Unit *load_queue;
        Job *run_queue;
        EventSource *run_queue_source;
        Hashmap *watch_pids;        /* pid (decimal) → Unit */
        ManagerObjective objective;
        int exit_code;
        unsigned n_installed_jobs;
        unsigned n_failed_units;
        DualTimestamp startup_begin, startup_finish;
        int console_fd;             /* where status lines go; -1: none */
        bool status_ephemeral;      /* the console's last line is a progress line (no newline) */
        EventSource *progress_source; /* manager-progress.c: ticks while jobs are installed */
        unsigned progress_tick;
        bool container;             /* a container runtime started us: no kernel command line */
        InitLink init_link;         /* the channel to sysmaster-init, if it started us */
        SelfHeal selfheal;          /* checkpoint, recovery, adopted processes (selfheal.h) */
        /* sd_notify (notify.c) */
        EventSource *notify_source;
        char *notify_socket;        /* its path, for $NOTIFY_SOCKET; NULL: none */
        /* cgroup v2 (cgroup.c); cgroup_root NULL: off, process groups only */
        char *cgroup_root;          /* the directory units' cgroups are created below */
        char *cgroup_prefix;        /* that directory as /proc/PID/cgroup names it */
        int cgroup_inotify_fd;
        EventSource *cgroup_inotify_source;
        Hashmap *cgroup_units;      /* unit cgroup path → Unit */
        Hashmap *cgroup_watches;    /* inotify wd (decimal, owned) → Unit */
        uint32_t cgroup_warned;     /* CGroupMask of controllers already warned about (cgroup-resources.c) */
        /* what environment generators printed: the base of every spawned process's environment */
        char **environment;
        /* set-environment & co. (manager-env.c): wins over the above, kept across reloads and
         * in the checkpoint */
        char **client_environment;
        /* mount units (mount.c): libmount's monitor of /proc/self/mountinfo */
        struct libmnt_monitor *mount_monitor;
        EventSource *mount_monitor_source;
        /* swap units (swap.c): POLLPRI on /proc/swaps */
        EventSource *swap_monitor_source;
        /* device units (device.c, device-monitor.c): the libudev netlink broadcast */
        EventSource *device_monitor_source;
        bool devices_supported;     /* /sys is writable (not a container), as systemd decides */
        bool devices_coldplugging;  /* reading udev's database at start-up or after a recovery */
        /* unloading units nobody needs (manager-gc.c) */
        EventSource *gc_source;
        /* Type=idle services waiting for the job queue to empty (service.c) */
        UnitSet idle_waiters;
        /* Observers: the control server (job results, unit changes to subscribers) and the
         * checkpoint writer hook in here. */
        void (*on_unit_changed)(Manager *m, Unit *u, void *userdata);
        void (*on_job_finished)(Manager *m, uint32_t job_id, void *userdata);
        void *observer_userdata;
} Manager;

int manager_new(const ManagerOptions *options, Manager **ret);
Manager *manager_free(Manager *m);
DEFINE_TRIVIAL_CLEANUP_FUNC(Manager *, manager_free);

/* Scans the load path (again); loaded units keep their state. */
int manager_load_name_map(Manager *m);
/* Returns the unit for name, creating and loading it (and what it pulls in) if needed.
 * Invalid names: -EINVAL. The unit may be not-found or bad-setting: check load_state. */
int manager_load_unit(Manager *m, const char *name, Unit **ret);
Unit *manager_get_unit(Manager *m, const char *name);
/* The distinct loaded units of one type (aliases map to the same unit), in a new array. */
Unit **manager_units_of_type(Manager *m, UnitType type, size_t *ret_n);
/* The unit a name stands for, following aliases to the main name; created (queued for
 * loading) if it does not exist yet. */
int manager_get_or_create_unit(Manager *m, const char *name, Unit **ret);
/* Drains the load queue: every unit referenced by a loaded unit gets loaded. */
void manager_dispatch_load_queue(Manager *m);

/* Queues a job the way systemctl's StartUnit() does. On success *ret_job is the installed job
 * (NULL when nothing had to be done). Errors carry systemd's meaning: -ENOENT not found,
 * -ERFKILL masked, -EBADR job type not applicable, -EBUSY conflicts (mode fail), -EPERM
 * refused (RefuseManualStart=), -ENOEXEC bad setting, -ELOOP order is cyclic. ret_error gets
 * the human message systemctl prints (may be NULL). */
int manager_add_job(Manager *m, JobType type, Unit *u, JobMode mode, bool manual, Job **ret_job,
                    char **ret_error);
Job *manager_get_job(Manager *m, uint32_t id);
/* Runs up to MANAGER_RUN_QUEUE_BATCH queued jobs; the rest in the next loop iteration. */
#define MANAGER_RUN_QUEUE_BATCH 32
void manager_dispatch_run_queue(Manager *m);

/* A pid the manager started, so its exit reaches the unit. */
int manager_watch_pid(Manager *m, pid_t pid, Unit *u);
void manager_unwatch_pid(Manager *m, pid_t pid);
Unit *manager_get_unit_by_pid(Manager *m, pid_t pid);
/* A child exited (reaped by us, or reported by PID 1). */
void manager_child_exited(Manager *m, pid_t pid, int code, int status);

/* Status lines on the console, as systemd prints them ("[  OK  ] Started foo.service."). */
void manager_status_printf(Manager *m, const char *status, const char *fmt, ...) _printf_(3, 4);
/* Ends a progress line (manager-progress.c) before other output goes to the console. */
void manager_status_end_ephemeral(Manager *m);

/* Hooks for unit.c and job.c. */
void manager_unit_changed(Manager *m, Unit *u);
void manager_job_finished(Manager *m, uint32_t job_id);
void manager_objective_changed(Manager *m);
/* Asks for a garbage-collection pass at the next loop iteration (manager-gc.c). */
void manager_schedule_gc(Manager *m);
/* Stops u if it has StopWhenUnneeded= and nothing active needs it any more. */
void manager_check_unneeded(Manager *m, Unit *u);

/* Sets up the system (runtime directories, machine ID, host name; not with --test) and queues
 * the start of the default unit. */
int manager_startup(Manager *m);
/* After manager_run(): hands the final objective (poweroff, reboot, halt, kexec, exit) over to
 * init. Returns the exit code for main(). */
int manager_finish(Manager *m);
int manager_run(Manager *m);
