/* selfheal.h — what lets a new manager carry on where a dead one stopped (docs/selfheal.md).
 *
 * checkpoint-write.c: the manager's state — units' states, results, processes, exec
 *   statuses, timestamps, restart counters, invocation ids, the job queue, the control clients
 *   waiting for jobs, the history of recoveries — sealed (checkpoint.h) and written
 *   atomically to /run/sysmaster/checkpoint: temp file, fsync, rename. Writes are batched: a
 *   change only enables a deferred source, which writes once per loop iteration.
 * checkpoint-load.c: `--recover` (and daemon-reexec) reads it back; a torn or corrupt
 *   checkpoint is thrown away and the state is rebuilt from the unit files and from reality
 *   (each service's cgroup.procs).
 * adopt.c: processes of a dead manager now belong to init; they are watched by pidfd and
 *   their exit status comes from init (CHILD_EXIT). An exit whose status never arrives
 *   (init's buffer overflowed, or the dead manager had read it) is noticed by the pidfd and
 *   completed after a grace period, so no unit waits forever.
 * reap.c: a child's exit is checkpointed before it is reaped, so no exit status is lost.
 * reexec.c: daemon-reexec and SIGTERM: write the checkpoint and execve() ourselves with
 *   --recover, keeping the channel to init; services stay our children. */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "event.h"
#include "time-util.h"

typedef struct Manager Manager;
typedef struct Unit Unit;
typedef struct ControlServer ControlServer;

#define CHECKPOINT_DIR "/run/sysmaster"
#define CHECKPOINT_FILE "checkpoint"
#define SELFHEAL_HISTORY_MAX 8                 /* recoveries remembered with time and reason */
#define ADOPT_GRACE_USEC (1 * USEC_PER_SEC)    /* pidfd said gone; init's CHILD_EXIT may follow */

typedef struct Recovery {
        usec_t realtime;
        char reason[280];
} Recovery;

typedef struct SelfHeal {
        EventSource *checkpoint_source;        /* deferred write, enabled by a change */
        bool checkpoint_disabled;              /* no directory for it (read-only /run) */
        char *checkpoint_path;
        char *buffer;                          /* the body is serialized here, kept between writes */
        size_t buffer_size;
        /* what writing costs, for `sctl show` and the docs */
        unsigned long long n_writes;
        usec_t write_usec_total, write_usec_max, write_cpu_usec_total;
        size_t last_size;
        /* recoveries: how many, when, why (counted over the whole boot) */
        unsigned n_recoveries;
        unsigned n_reexecs;
        Recovery history[SELFHEAL_HISTORY_MAX];   /* newest last */
        unsigned n_history;
        usec_t last_recovery_usec;             /* CLOCK_MONOTONIC, when the last one ended */
        usec_t recovery_duration_usec;         /* of the last one: exec to answering */
        bool recovered;                        /* this manager took over a previous one */
        bool rebuilt;                          /* … without a usable checkpoint */
        /* processes adopted from a dead manager: pid → pidfd watch */
        struct Adopted *adopted;
        ControlServer *control;                /* to restore waiting clients */
} SelfHeal;

/* checkpoint-write.c */
void manager_checkpoint_schedule(Manager *m);
/* Writes now (reexec, tests). */
int manager_checkpoint_write(Manager *m);
/* Writes now and cancels the deferred write (reap.c: before zombies are reaped). Returns
 * whether the checkpoint holds the current state. */
bool manager_checkpoint_flush(Manager *m);
/* The body: every "key=value" line of the manager's state. */
int manager_serialize(Manager *m, FILE *f);
/* One escaped "key=value\n" line. */
void checkpoint_put(FILE *f, const char *key, const char *value);
void checkpoint_putf(FILE *f, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void selfheal_done(Manager *m);

/* checkpoint-load.c */
/* Takes over: loads and verifies the checkpoint, restores units, jobs and clients, adopts
 * processes; without a usable checkpoint rebuilds from unit files and cgroups. Returns 1 when
 * state was taken over, 0 when there was nothing to take over (a normal start follows). */
int manager_recover(Manager *m);

/* adopt.c */
/* pid belongs to u and was started by a previous manager: watch it until its exit arrives. */
int manager_adopt_pid(Manager *m, pid_t pid, Unit *u);
/* After the exits init buffered were dispatched: what is dead and still watched gets its
 * grace period. */
void manager_adopt_check(Manager *m);
/* A PID from the checkpoint: still our child (daemon-reexec keeps our PID) — SIGCHLD will
 * tell its exit — or adopted. */
int manager_reattach_pid(Manager *m, pid_t pid, Unit *u);
void manager_adopt_forget(Manager *m, pid_t pid);
void manager_adopt_done(Manager *m);
bool manager_pid_is_adopted(Manager *m, pid_t pid);

/* reap.c: SIGCHLD — exits are peeked at (WNOWAIT), dispatched, checkpointed, then reaped. */
int manager_setup_reaper(Manager *m);

/* reexec.c */
/* Serializes and execs the manager binary again with --recover. Returns only on failure. */
int manager_reexec(Manager *m, char **argv);
/* SIGTERM or `daemon-reexec`: leave the loop to re-execute. */
void manager_request_reexec(Manager *m);
