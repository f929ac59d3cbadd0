/* job.c — jobs (see job.h): the merge table, ordering between jobs of related units, running
 * a job against its unit, and finishing it with the result systemd would give. */
#include "event.h"
#include "job.h"
#include "log.h"
#include "manager-progress.h"
#include "manager.h"
#include "string-util.h"

static const char *const job_type_names[_JOB_TYPE_MAX] = {
        [JOB_START] = "start",
        [JOB_VERIFY_ACTIVE] = "verify-active",
        [JOB_STOP] = "stop",
        [JOB_RELOAD] = "reload",
        [JOB_RELOAD_OR_START] = "reload-or-start",
        [JOB_RESTART] = "restart",
        [JOB_TRY_RESTART] = "try-restart",
        [JOB_TRY_RELOAD] = "try-reload",
        [JOB_NOP] = "nop",
};

static const char *const job_result_names[_JOB_RESULT_MAX] = {
        [JOB_DONE] = "done",          [JOB_CANCELED] = "canceled", [JOB_TIMEOUT] = "timeout",
        [JOB_FAILED] = "failed",      [JOB_DEPENDENCY] = "dependency", [JOB_SKIPPED] = "skipped",
        [JOB_INVALID] = "invalid",    [JOB_ASSERT] = "assert",     [JOB_UNSUPPORTED] = "unsupported",
        [JOB_COLLECTED] = "collected", [JOB_ONCE] = "once",
};

const char *job_type_to_string(JobType t) {
        return t >= 0 && t < _JOB_TYPE_MAX ? job_type_names[t] : NULL;
}

JobType job_type_from_string(const char *s) {
        for (JobType t = 0; s && t < _JOB_TYPE_MAX; t++)
                if (streq(job_type_names[t], s))
                        return t;
        return _JOB_TYPE_INVALID;
}

const char *job_state_to_string(JobState s) {
        return s == JOB_WAITING ? "waiting" : s == JOB_RUNNING ? "running" : NULL;
}

const char *job_result_to_string(JobResult r) {
        return r < _JOB_RESULT_MAX ? job_result_names[r] : NULL;
}

/* The merge table of systemd's job semantics, over the types that exist inside a
 * transaction (start, verify-active, stop, reload, restart): two jobs merge into the
 * "stronger" one; stop conflicts with everything but itself. */
static JobType merge_lookup(JobType a, JobType b) {
        if (a == b)
                return a;
        if (a > b) {
                JobType t = a;
                a = b;
                b = t;
        }
        /* a < b in enum order: START < VERIFY_ACTIVE < STOP < RELOAD < RELOAD_OR_START < RESTART */
        switch (a) {
        case JOB_START:
                switch (b) {
                case JOB_VERIFY_ACTIVE: return JOB_START;
                case JOB_RELOAD: return JOB_RELOAD_OR_START;
                case JOB_RELOAD_OR_START: return JOB_RELOAD_OR_START;
                case JOB_RESTART: return JOB_RESTART;
                default: return _JOB_TYPE_INVALID;
                }
        case JOB_VERIFY_ACTIVE:
                switch (b) {
                case JOB_RELOAD: return JOB_RELOAD;
                case JOB_RELOAD_OR_START: return JOB_RELOAD_OR_START;
                case JOB_RESTART: return JOB_RESTART;
                default: return _JOB_TYPE_INVALID;
                }
        case JOB_RELOAD:
                switch (b) {
                case JOB_RELOAD_OR_START: return JOB_RELOAD_OR_START;
                case JOB_RESTART: return JOB_RESTART;
                default: return _JOB_TYPE_INVALID;
                }
        case JOB_RELOAD_OR_START:
                return b == JOB_RESTART ? JOB_RESTART : _JOB_TYPE_INVALID;
        default:
                return _JOB_TYPE_INVALID;
        }
}

JobType job_type_merge(JobType a, JobType b) {
        if (a == JOB_NOP)
                return b;
        if (b == JOB_NOP)
                return a;
        return merge_lookup(a, b);
}

bool job_type_is_mergeable(JobType a, JobType b) {
        return job_type_merge(a, b) >= 0;
}

bool job_type_is_conflicting(JobType a, JobType b) {
        if (a == JOB_NOP || b == JOB_NOP)
                return false;
        return (a == JOB_STOP) != (b == JOB_STOP);
}

JobType job_type_collapse(JobType t, Unit *u) {
        UnitActiveState s = unit_active_state(u);
        switch (t) {
        case JOB_TRY_RESTART:
                return UNIT_IS_INACTIVE_OR_FAILED(s) || s == UNIT_DEACTIVATING ? JOB_NOP : JOB_RESTART;
        case JOB_TRY_RELOAD:
                return UNIT_IS_INACTIVE_OR_FAILED(s) || s == UNIT_DEACTIVATING ? JOB_NOP : JOB_RELOAD;
        case JOB_RELOAD_OR_START:
                return UNIT_IS_INACTIVE_OR_FAILED(s) || s == UNIT_DEACTIVATING ? JOB_START : JOB_RELOAD;
        default:
                return t;
        }
}

Job *job_new(Unit *u, JobType type) {
        Job *j = new0(Job, 1);
        if (!j)
                return NULL;
        j->manager = u->manager;
        j->unit = u;
        j->type = type;
        return j;
}

static void job_remove_from_run_queue(Job *j) {
        if (!j->in_run_queue)
                return;
        for (Job **p = &j->manager->run_queue; *p; p = &(*p)->run_queue_next)
                if (*p == j) {
                        *p = j->run_queue_next;
                        break;
                }
        j->in_run_queue = false;
}

Job *job_free(Job *j) {
        if (!j)
                return NULL;
        Manager *m = j->manager;
        job_remove_from_run_queue(j);
        event_source_free(j->timer);
        if (j->id > 0) {
                char key[16];
                snprintf(key, sizeof key, "%u", j->id);
                if (hashmap_get(m->jobs, key) == j) {
                        char *k;
                        hashmap_remove_with_key(m->jobs, key, &k);
                        free(k);
                        m->n_installed_jobs--;
                }
        }
        if (j->unit && j->unit->job == j)
                j->unit->job = NULL;
        free(j);
        return NULL;
}

void job_add_to_run_queue(Job *j) {
        if (j->in_run_queue)
                return;
        j->in_run_queue = true;
        j->run_queue_next = j->manager->run_queue;
        j->manager->run_queue = j;
        event_source_set_enabled(j->manager->run_queue_source, EVENT_ONESHOT);
}

static int job_timeout(EventSource *s, usec_t now, void *userdata) {
        Job *j = userdata;
        (void) s, (void) now;
        log_warning("%s: job %s/%s timed out.", j->unit->id, j->unit->id, job_type_to_string(j->type));
        UnitSection *us = j->unit->config ? j->unit->config->unit : NULL;
        job_finish(j, JOB_TIMEOUT, true);
        (void) us; /* JobTimeoutAction= is applied by the emergency-action path on unit failure */
        return 0;
}

static void job_arm_timeout(Job *j) {
        const UnitSection *us = j->unit->config ? j->unit->config->unit : NULL;
        if (!us || us->job_timeout == USEC_INFINITY || us->job_timeout == 0)
                return;
        usec_t when = now_usec(CLOCK_MONOTONIC) + us->job_timeout;
        (void) event_add_time(j->manager->event, &j->timer, CLOCK_MONOTONIC, when, job_timeout, j);
}

Job *job_install(Job *j) {
        Unit *u = j->unit;
        Manager *m = j->manager;
        Job *existing = u->job;
        if (existing) {
                JobType merged = job_type_merge(existing->type, j->type);
                if (merged >= 0 && existing->state == JOB_WAITING) {
                        existing->type = merged;
                        existing->irreversible = existing->irreversible || j->irreversible;
                        existing->ignore_order = existing->ignore_order || j->ignore_order;
                        job_free(j);
                        job_add_to_run_queue(existing);
                        return existing;
                }
                if (merged >= 0 && existing->type == merged) {
                        job_free(j); /* running, and the new one asks for no more */
                        return existing;
                }
                /* replace: the old job is canceled */
                job_finish(existing, JOB_CANCELED, false);
        }
        u->job = j;
        j->id = ++m->last_job_id;
        char key[16];
        snprintf(key, sizeof key, "%u", j->id);
        char *k = strdup(key);
        if (!k || hashmap_put(m->jobs, k, j) < 0)
                free(k);
        else
                m->n_installed_jobs++;
        j->begin_usec = now_usec(CLOCK_MONOTONIC);
        job_arm_timeout(j);
        manager_progress_job_installed(m);
        job_add_to_run_queue(j);
        log_debug("Installed new job %s/%s as %u", u->id, job_type_to_string(j->type), j->id);
        return j;
}

/* Whether a waits for b, a's unit being ordered relative to b's (after_b: a After= b).
 * systemd's rule: stop jobs go first, in reverse order; otherwise the order holds. */
static bool job_waits_for(const Job *a, const Job *b, bool after_b) {
        if (a->type == JOB_NOP || b->type == JOB_NOP || a->ignore_order || b->ignore_order)
                return false;
        bool a_stop = a->type == JOB_STOP || a->type == JOB_RESTART;
        bool b_stop = b->type == JOB_STOP || b->type == JOB_RESTART;
        if (after_b)
                return !a_stop;  /* a after b: a waits, unless a stops (stops go first) */
        return b_stop;           /* a before b: a waits only for b's stop */
}

bool job_is_runnable(Job *j) {
        Unit *other;
        if (j->type == JOB_NOP)
                return true;
        UNIT_SET_FOREACH(other, &j->unit->deps[REL_AFTER])
                if (other->job && job_waits_for(j, other->job, true))
                        return false;
        UNIT_SET_FOREACH(other, &j->unit->deps[REL_BEFORE])
                if (other->job && job_waits_for(j, other->job, false))
                        return false;
        return true;
}

/* Jobs of units ordered against j's unit may run once j is gone. */
static void wake_ordered(Job *j) {
        Unit *other;
        UnitRelation rels[] = { REL_BEFORE, REL_AFTER };
        for (size_t i = 0; i < ELEMENTSOF(rels); i++)
                UNIT_SET_FOREACH(other, &j->unit->deps[rels[i]])
                        if (other->job && other->job->state == JOB_WAITING)
                                job_add_to_run_queue(other->job);
}

static JobResult result_of_error(int r) {
        switch (r) {
        case -EALREADY:
        case -ECOMM: /* condition failed: the job is done, the unit stays inactive */
                return JOB_DONE;
        case -EPROTO:
                return JOB_ASSERT;
        case -EBADR:
                return JOB_SKIPPED;
        case -ENOEXEC:
                return JOB_INVALID;
        case -EOPNOTSUPP:
                return JOB_UNSUPPORTED;
        case -ENOLINK:
                return JOB_DEPENDENCY;
        case -ESTALE:
                return JOB_ONCE;
        default:
                return JOB_FAILED;
        }
}

/* Whether j is still installed: a unit operation may finish its job synchronously (a
 * target reaches its state at once), freeing it. */
static bool job_alive(Manager *m, uint32_t id, Job *j) {
        return manager_get_job(m, id) == j;
}

int job_run(Job *j) {
        Unit *u = j->unit;
        Manager *m = j->manager;
        uint32_t id = j->id;
        if (j->state == JOB_RUNNING)
                return 0;
        if (!job_is_runnable(j))
                return 0;
        j->state = JOB_RUNNING;
        JobType t = job_type_collapse(j->type, u);
        j->type = t;
        int r;
        switch (t) {
        case JOB_START:
                r = unit_start(u);
                if (!job_alive(m, id, j))
                        return 0;
                if (r == 0 && UNIT_IS_ACTIVE_OR_RELOADING(unit_active_state(u)))
                        r = -EALREADY; /* reached at once (targets) */
                if (r == -EAGAIN) {
                        j->state = JOB_WAITING;
                        return 0;
                }
                if (r < 0)
                        job_finish(j, result_of_error(r), true);
                return 0;
        case JOB_VERIFY_ACTIVE: {
                UnitActiveState s = unit_active_state(u);
                if (UNIT_IS_ACTIVE_OR_RELOADING(s))
                        job_finish(j, JOB_DONE, true);
                else if (s == UNIT_ACTIVATING)
                        j->state = JOB_WAITING; /* decide when it got there */
                else
                        job_finish(j, JOB_DEPENDENCY, true);
                return 0;
        }
        case JOB_STOP:
        case JOB_RESTART:
                r = unit_stop(u);
                if (!job_alive(m, id, j))
                        return 0;
                if (r == -EAGAIN) {
                        j->state = JOB_WAITING;
                        return 0;
                }
                if (r == -EALREADY) {
                        if (t == JOB_RESTART) { /* nothing to stop: go on with the start half */
                                j->type = JOB_START;
                                j->state = JOB_WAITING;
                                job_add_to_run_queue(j);
                                wake_ordered(j);
                                return 0;
                        }
                        job_finish(j, JOB_DONE, true);
                } else if (r < 0)
                        job_finish(j, result_of_error(r), true);
                return 0;
        case JOB_RELOAD:
                r = unit_reload(u);
                if (!job_alive(m, id, j))
                        return 0;
                if (r == -EAGAIN) {
                        j->state = JOB_WAITING;
                        return 0;
                }
                if (r == -ENOEXEC) /* not active: nothing to reload */
                        job_finish(j, JOB_INVALID, true);
                else if (r < 0)
                        job_finish(j, result_of_error(r), true);
                return 0;
        case JOB_NOP:
                job_finish(j, JOB_DONE, true);
                return 0;
        default:
                job_finish(j, JOB_INVALID, true);
                return 0;
        }
}

/* A failed start fails the start jobs of the units that need this one. */
static void fail_dependents(Unit *u, JobResult result) {
        Unit *other;
        UnitRelation rels[] = { REL_REQUIRED_BY, REL_BOUND_BY, REL_REQUISITE_OF };
        (void) result;
        for (size_t i = 0; i < ELEMENTSOF(rels); i++)
                UNIT_SET_FOREACH(other, &u->deps[rels[i]])
                        if (other->job && (other->job->type == JOB_START || other->job->type == JOB_VERIFY_ACTIVE ||
                                           other->job->type == JOB_RELOAD_OR_START) &&
                            other->job->state == JOB_WAITING)
                                job_finish(other->job, JOB_DEPENDENCY, true);
}

void job_finish(Job *j, JobResult result, bool recursive) {
        Unit *u = j->unit;
        JobType t = j->type;
        log_debug("Job %u %s/%s finished, result=%s", j->id, u->id, job_type_to_string(t), job_result_to_string(result));
        /* a start skipped by a condition leaves an inactive unit nobody may need */
        manager_schedule_gc(j->manager);
        if (result == JOB_TIMEOUT || result == JOB_FAILED || result == JOB_DEPENDENCY)
                if (t == JOB_START || t == JOB_RESTART)
                        log_debug("%s: start failed with result %s", u->id, job_result_to_string(result));
        if (result == JOB_DEPENDENCY && (t == JOB_START || t == JOB_VERIFY_ACTIVE))
                manager_status_printf(j->manager, "DEPEND", "Dependency failed for %s.", unit_description(u));
        if (result == JOB_TIMEOUT && (t == JOB_START || t == JOB_VERIFY_ACTIVE))
                manager_status_printf(j->manager, " TIME ", "Timed out starting %s.", unit_description(u));
        JobWaiterFunc waiter = j->waiter;
        void *wd = j->waiter_userdata;
        uint32_t id = j->id;
        _cleanup_free_ char *unit_id = strdup(u->id);
        wake_ordered(j);
        job_free(j);
        if (waiter)
                waiter(id, unit_id, t, result, wd);
        manager_job_finished(u->manager, id);
        if (recursive && result != JOB_DONE && (t == JOB_START || t == JOB_VERIFY_ACTIVE || t == JOB_RELOAD_OR_START))
                fail_dependents(u, result);
        /* a timer waiting for this start to end learns it ended, even without a state change */
        unit_trigger_notify(u);
}

void job_unit_state_changed(Unit *u, UnitActiveState os, UnitActiveState ns, bool reload_success) {
        Job *j = u->job;
        if (!j) {
                /* an unexpected stop still fails the start jobs waiting on us */
                return;
        }
        if (j->state != JOB_RUNNING) {
                if (j->state == JOB_WAITING)
                        job_add_to_run_queue(j); /* -EAGAIN earlier: retry now */
                return;
        }
        switch (j->type) {
        case JOB_START:
        case JOB_VERIFY_ACTIVE:
                if (UNIT_IS_ACTIVE_OR_RELOADING(ns))
                        job_finish(j, JOB_DONE, true);
                else if (UNIT_IS_INACTIVE_OR_FAILED(ns) && ns != os) {
                        /* condition failures report inactive with no failure: treat as done */
                        /* a oneshot that ran and ended went inactive: that is success */
                        job_finish(j, ns == UNIT_FAILED ? JOB_FAILED : JOB_DONE, true);
                }
                /* deactivating after a failed start: decided when it gets to the bottom */
                break;
        case JOB_STOP:
                if (UNIT_IS_INACTIVE_OR_FAILED(ns))
                        job_finish(j, JOB_DONE, true);
                else if (ns == UNIT_ACTIVE && os != UNIT_ACTIVE)
                        job_finish(j, JOB_FAILED, true);
                break;
        case JOB_RESTART:
                if (UNIT_IS_INACTIVE_OR_FAILED(ns)) {
                        j->type = JOB_START; /* the stop half is done */
                        j->state = JOB_WAITING;
                        job_add_to_run_queue(j);
                        wake_ordered(j); /* stops ordered after ours may go now */
                }
                break;
        case JOB_RELOAD:
                if (ns == UNIT_ACTIVE && os == UNIT_RELOADING)
                        job_finish(j, reload_success ? JOB_DONE : JOB_FAILED, true);
                else if (UNIT_IS_INACTIVE_OR_FAILED(ns))
                        job_finish(j, JOB_FAILED, true);
                break;
        default:
                break;
        }
}
