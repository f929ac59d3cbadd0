/* job.h — a job: a state change requested for one unit (start, stop, reload…), created by a
 * transaction, waiting until the units it is ordered after have finished their jobs, then
 * running until the unit reaches the state or fails. systemd's job semantics: one job per
 * unit at a time, merged where types allow, results reported to whoever waits. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "time-util.h"
#include "unit.h"

typedef enum JobType {
        JOB_START,
        JOB_VERIFY_ACTIVE,
        JOB_STOP,
        JOB_RELOAD,
        JOB_RELOAD_OR_START,
        JOB_RESTART,
        JOB_TRY_RESTART,
        JOB_TRY_RELOAD,
        JOB_NOP,
        _JOB_TYPE_MAX,
        _JOB_TYPE_INVALID = -22,
} JobType;

typedef enum JobState {
        JOB_WAITING,
        JOB_RUNNING,
        _JOB_STATE_MAX,
} JobState;

typedef enum JobResult {
        JOB_DONE,
        JOB_CANCELED,
        JOB_TIMEOUT,
        JOB_FAILED,
        JOB_DEPENDENCY,
        JOB_SKIPPED,
        JOB_INVALID,
        JOB_ASSERT,
        JOB_UNSUPPORTED,
        JOB_COLLECTED,
        JOB_ONCE,
        _JOB_RESULT_MAX,
} JobResult;

const char *job_type_to_string(JobType t);
JobType job_type_from_string(const char *s);
const char *job_state_to_string(JobState s);
const char *job_result_to_string(JobResult r);

/* Someone waiting for a job to finish (a control client), told the result once. */
typedef void (*JobWaiterFunc)(uint32_t job_id, const char *unit, JobType type, JobResult result, void *userdata);

struct Job {
        Manager *manager;
        Unit *unit;
        uint32_t id;
        JobType type;
        JobState state;
        bool irreversible;
        bool ignore_order;
        bool in_run_queue;
        usec_t begin_usec;           /* CLOCK_MONOTONIC, when it was installed */
        struct EventSource *timer;   /* JobTimeoutSec= */
        JobWaiterFunc waiter;
        void *waiter_userdata;
        Job *run_queue_next;
};

/* Merging rules of systemd: can a and b become one job, and which? */
bool job_type_is_mergeable(JobType a, JobType b);
JobType job_type_merge(JobType a, JobType b);   /* _JOB_TYPE_INVALID if not mergeable */
bool job_type_is_conflicting(JobType a, JobType b);
/* What a job type becomes for a unit in a state (restart of an inactive unit is a start…). */
JobType job_type_collapse(JobType t, Unit *u);

Job *job_new(Unit *u, JobType type);
Job *job_free(Job *j);
/* Makes j the unit's job (replacing or merging into the one it has). */
Job *job_install(Job *j);
void job_add_to_run_queue(Job *j);
/* Can it run now, given ordering against other units' jobs? */
bool job_is_runnable(Job *j);
/* Runs it: returns 0 when the job is (still) running or finished, <0 on error. */
int job_run(Job *j);
/* Ends the job with a result, propagating failure to dependent jobs as systemd does. */
void job_finish(Job *j, JobResult result, bool recursive);
/* Called from unit_notify(): does this state change finish the unit's job? */
void job_unit_state_changed(Unit *u, UnitActiveState os, UnitActiveState ns, bool reload_success);
