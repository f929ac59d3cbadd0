/* unit.c — the generic side of a unit (see unit.h): creation and loading, relations, and
 * unit_notify(), where every state change of every type has its generic consequences. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

#include "cgroup.h"
#include "condition-eval.h"
#include "job.h"
#include "log.h"
#include "manager.h"
#include "service.h"
#include "string-util.h"
#include "strv.h"
#include "unit-mounts.h"
#include "unit-types.h"
#include "unit.h"

static const char *const active_state_names[_UNIT_ACTIVE_STATE_MAX] = {
        [UNIT_ACTIVE] = "active",           [UNIT_RELOADING] = "reloading",
        [UNIT_INACTIVE] = "inactive",       [UNIT_FAILED] = "failed",
        [UNIT_ACTIVATING] = "activating",   [UNIT_DEACTIVATING] = "deactivating",
        [UNIT_MAINTENANCE] = "maintenance",
};

const char *unit_active_state_to_string(UnitActiveState s) {
        return s < _UNIT_ACTIVE_STATE_MAX ? active_state_names[s] : NULL;
}

DualTimestamp dual_timestamp_now(void) {
        return (DualTimestamp){ .realtime = now_usec(CLOCK_REALTIME), .monotonic = now_usec(CLOCK_MONOTONIC) };
}

int unit_new(Manager *m, const char *name, Unit **ret) {
        if (!unit_name_is_valid(name, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return -EINVAL;
        UnitType t = unit_name_to_type(name);
        const UnitVTable *vt = unit_vtable_for(t);
        Unit *u = calloc(1, vt->object_size);
        if (!u)
                return -ENOMEM;
        u->manager = m;
        u->vtable = vt;
        u->type = t;
        u->last_state = UNIT_INACTIVE;
        u->start_limit_count = 0;
        if (!(u->id = strdup(name)) || hashmap_put(m->units, u->id, u) < 0) {
                free(u->id);
                free(u);
                return -ENOMEM;
        }
        u->in_load_queue = true;
        u->load_queue_next = m->load_queue;
        m->load_queue = u;
        u->load_state = UNIT_NOT_FOUND; /* until loaded */
        *ret = u;
        return 0;
}

Unit *unit_free(Unit *u) {
        if (!u)
                return NULL;
        Manager *m = u->manager;
        if (u->job)
                job_free(u->job);
        if (u->vtable->done)
                u->vtable->done(u);
        unit_prune_cgroup(u);
        strv_free(u->monitor_env);
        for (UnitRelation r = 0; r < _REL_MAX; r++) {
                Unit *other;
                UNIT_SET_FOREACH(other, &u->deps[r])
                        unit_set_remove(&other->deps[unit_relation_inverse(r)], u);
                unit_set_done(&u->deps[r]);
        }
        if (hashmap_get(m->units, u->id) == u)
                hashmap_remove(m->units, u->id);
        STRV_FOREACH(a, u->aliases)
                if (hashmap_get(m->units, *a) == u)
                        hashmap_remove(m->units, *a);
        free(u->id);
        strv_free(u->aliases);
        free(u->fragment_path);
        strv_free(u->dropin_paths);
        free(u->cgroup_path);
        free(u->default_slice);
        unit_config_free(u->config);
        free(u);
        return NULL;
}

int unit_add_dependency(Unit *u, UnitRelation r, Unit *other, bool add_reference) {
        if (u == other) {
                /* systemd drops dependencies of a unit on itself with a notice; so do we */
                if (r != REL_REFERENCES && r != REL_REFERENCED_BY)
                        log_debug("%s: dependency %s= on itself dropped.", u->id, unit_relation_to_string(r));
                return 0;
        }
        int k = unit_set_add(&u->deps[r], other);
        if (k < 0 || unit_set_add(&other->deps[unit_relation_inverse(r)], u) < 0)
                return -ENOMEM;
        if (add_reference && (unit_set_add(&u->deps[REL_REFERENCES], other) < 0 ||
                              unit_set_add(&other->deps[REL_REFERENCED_BY], u) < 0))
                return -ENOMEM;
        return 0;
}

/* A template named in a dependency means an instance of it: with the depending unit's
 * instance, or, for a plain unit, with its name prefix (systemd.unit(5)). */
static int resolve_template(Unit *u, const char *name, char **ret) {
        if (unit_name_classify(name) != UNIT_NAME_TEMPLATE) {
                *ret = NULL;
                return 0;
        }
        _cleanup_free_ char *instance = NULL;
        int r = unit_name_to_instance(u->id, &instance);
        if (r < 0)
                return r;
        if (!instance && (r = unit_name_to_prefix(u->id, &instance)) < 0)
                return r;
        return unit_name_replace_instance(name, instance, ret);
}

int unit_add_dependency_by_name(Unit *u, UnitRelation r, const char *name, bool add_reference) {
        Unit *other;
        _cleanup_free_ char *instance_name = NULL;
        if (resolve_template(u, name, &instance_name) < 0) {
                log_warning("%s: cannot instantiate \"%s\" in %s=, ignoring.", u->id, name, unit_relation_to_string(r));
                return 0;
        }
        if (instance_name)
                name = instance_name;
        int k = manager_get_or_create_unit(u->manager, name, &other);
        if (k == -EINVAL) {
                log_warning("%s: invalid unit name \"%s\" in %s=, ignoring.", u->id, name, unit_relation_to_string(r));
                return 0;
        }
        if (k < 0)
                return k;
        return unit_add_dependency(u, r, other, add_reference);
}

const char *unit_slice_name(Unit *u) {
        if (u->config && u->config->cgroup && u->config->cgroup->slice)
                return u->config->cgroup->slice;
        /* Without Slice=, an instance of a template goes in a slice per template, as in
         * systemd: getty@tty1.service in system-getty.slice (with the template's prefix
         * escaped: foo-bar@x.service in system-foo\x2dbar.slice), so that all instances of a
         * service share one cgroup subtree; any other unit goes in system.slice. */
        if (!u->default_slice && unit_name_classify(u->id) == UNIT_NAME_INSTANCE) {
                _cleanup_free_ char *prefix = NULL, *escaped = NULL;
                if (unit_name_to_prefix(u->id, &prefix) >= 0 && (escaped = unit_name_escape(prefix)))
                        u->default_slice = strjoin("system-", escaped, ".slice");
        }
        return u->default_slice ? u->default_slice : "system.slice";
}

int unit_add_slice_dependencies(Unit *u) {
        int r;
        if ((r = unit_add_dependency_by_name(u, REL_REQUIRES, unit_slice_name(u), true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_AFTER, unit_slice_name(u), true)) < 0)
                return r;
        return 0;
}

int unit_add_sysinit_dependencies(Unit *u) {
        int r;
        if ((r = unit_add_dependency_by_name(u, REL_REQUIRES, "sysinit.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_AFTER, "sysinit.target", true)) < 0)
                return r;
        return 0;
}

int unit_add_shutdown_dependencies(Unit *u) {
        int r;
        if ((r = unit_add_dependency_by_name(u, REL_CONFLICTS, "shutdown.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_BEFORE, "shutdown.target", true)) < 0)
                return r;
        return 0;
}

/* Maps what [Unit] declares onto relations. */
static const UnitRelation config_relation[_UNIT_DEPENDENCY_MAX] = {
        [UNIT_DEP_REQUIRES] = REL_REQUIRES,
        [UNIT_DEP_REQUISITE] = REL_REQUISITE,
        [UNIT_DEP_WANTS] = REL_WANTS,
        [UNIT_DEP_BINDS_TO] = REL_BINDS_TO,
        [UNIT_DEP_PART_OF] = REL_PART_OF,
        [UNIT_DEP_UPHOLDS] = REL_UPHOLDS,
        [UNIT_DEP_CONFLICTS] = REL_CONFLICTS,
        [UNIT_DEP_BEFORE] = REL_BEFORE,
        [UNIT_DEP_AFTER] = REL_AFTER,
        [UNIT_DEP_ON_FAILURE] = REL_ON_FAILURE,
        [UNIT_DEP_ON_SUCCESS] = REL_ON_SUCCESS,
        [UNIT_DEP_PROPAGATES_RELOAD_TO] = REL_PROPAGATES_RELOAD_TO,
        [UNIT_DEP_RELOAD_PROPAGATED_FROM] = REL_RELOAD_PROPAGATED_FROM,
        [UNIT_DEP_PROPAGATES_STOP_TO] = REL_PROPAGATES_STOP_TO,
        [UNIT_DEP_STOP_PROPAGATED_FROM] = REL_STOP_PROPAGATED_FROM,
        [UNIT_DEP_JOINS_NAMESPACE_OF] = REL_JOINS_NAMESPACE_OF,
};

static int add_config_dependencies(Unit *u, LoadedUnit *lu) {
        UnitSection *s = u->config->unit;
        for (UnitDependency d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                STRV_FOREACH(n, s->deps[d]) {
                        /* every unit a file names stays loaded while this one is (References=, as
                         * in systemd): After=foo keeps foo for `show` and the garbage collector */
                        int r = unit_add_dependency_by_name(u, config_relation[d], *n, true);
                        if (r < 0)
                                return r;
                }
        struct {
                char **names;
                UnitRelation rel;
        } dirs[] = {
                { lu->wants_dir, REL_WANTS },
                { lu->requires_dir, REL_REQUIRES },
                { lu->upholds_dir, REL_UPHOLDS },
        };
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++)
                STRV_FOREACH(n, dirs[i].names) {
                        _cleanup_free_ char *inst = NULL;
                        const char *name = *n;
                        /* foo@.service in a .wants/ of an instance: the same instance */
                        if (unit_name_classify(name) == UNIT_NAME_TEMPLATE) {
                                _cleanup_free_ char *i_ = NULL;
                                if (unit_name_to_instance(u->id, &i_) < 0 || !i_ ||
                                    unit_name_replace_instance(name, i_, &inst) < 0)
                                        continue;
                                name = inst;
                        }
                        int r = unit_add_dependency_by_name(u, dirs[i].rel, name, true);
                        if (r < 0)
                                return r;
                }
        return 0;
}

int unit_load(Unit *u) {
        Manager *m = u->manager;
        _cleanup_(loaded_unit_freep) LoadedUnit *lu = NULL;
        u->in_load_queue = false;
        UnitLoadFlags flags = u->vtable->exists_without_file && u->vtable->exists_without_file(u) ? UNIT_LOAD_FRAGMENT_OPTIONAL : 0;
        int r = unit_file_load(&m->lookup_paths, m->name_map, u->id, flags, &lu);
        if (r < 0) {
                u->load_state = UNIT_ERROR;
                u->load_error = r;
                return r;
        }
        u->load_state = lu->load_state;
        u->load_error = lu->load_error;
        free(u->fragment_path);
        u->fragment_path = TAKE_PTR(lu->fragment_path);
        strv_free(u->dropin_paths);
        u->dropin_paths = TAKE_PTR(lu->dropin_paths);
        unit_config_free(u->config);
        u->config = TAKE_PTR(lu->config);

        /* Aliases: the unit is reachable under every name it has. */
        STRV_FOREACH(a, lu->aliases) {
                Unit *other = hashmap_get(m->units, *a);
                if (other == u || strv_contains(u->aliases, *a))
                        continue;
                if (other) /* loaded earlier under this name, before we knew: keep the first */
                        continue;
                if (strv_extend(&u->aliases, *a) < 0)
                        return -ENOMEM;
                if (hashmap_put(m->units, u->aliases[strv_length(u->aliases) - 1], u) < 0)
                        return -ENOMEM;
        }
        if (u->load_state != UNIT_LOADED)
                return 0;

        if ((r = add_config_dependencies(u, lu)) < 0 || (r = unit_add_requires_mounts_for(u)) < 0)
                return r;
        if (u->vtable->load && (r = u->vtable->load(u)) < 0) {
                u->load_state = r == -ENOEXEC ? UNIT_BAD_SETTING : UNIT_ERROR;
                u->load_error = r;
                return 0;
        }
        return 0;
}

UnitActiveState unit_active_state(Unit *u) {
        return u->vtable->active_state ? u->vtable->active_state(u) : UNIT_INACTIVE;
}

const char *unit_sub_state(Unit *u) {
        return u->vtable->sub_state ? u->vtable->sub_state(u) : "dead";
}

const char *unit_description(Unit *u) {
        if (u->config && u->config->unit->description)
                return u->config->unit->description;
        return u->id;
}

bool unit_can_start(Unit *u) {
        return u->load_state == UNIT_LOADED && u->vtable->start;
}

bool unit_can_reload(Unit *u) {
        if (u->load_state != UNIT_LOADED || !u->vtable->reload)
                return false;
        return u->vtable->can_reload ? u->vtable->can_reload(u) : true;
}

bool unit_can_isolate(Unit *u) {
        return u->load_state == UNIT_LOADED && u->config->unit->allow_isolate;
}

bool unit_test_conditions(Unit *u) {
        u->condition_timestamp = dual_timestamp_now();
        u->condition_result = condition_list_test(u->config->unit->conditions, u->id, "Condition");
        return u->condition_result;
}

bool unit_test_asserts(Unit *u) {
        u->assert_timestamp = dual_timestamp_now();
        u->assert_result = condition_list_test(u->config->unit->asserts, u->id, "Assert");
        return u->assert_result;
}

/* Start rate limit: StartLimitBurst= starts within StartLimitIntervalSec=. */
static bool start_limit_hit(Unit *u) {
        const UnitSection *s = u->config->unit;
        if (s->start_limit_interval == 0 || s->start_limit_burst == 0)
                return false;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        if (u->start_limit_begin == 0 || now - u->start_limit_begin > s->start_limit_interval) {
                u->start_limit_begin = now;
                u->start_limit_count = 0;
        }
        return ++u->start_limit_count > s->start_limit_burst;
}

int unit_start(Unit *u) {
        if (u->load_state != UNIT_LOADED)
                return -EINVAL;
        UnitActiveState s = unit_active_state(u);
        if (UNIT_IS_ACTIVE_OR_RELOADING(s))
                return -EALREADY;
        if (s == UNIT_ACTIVATING)
                return 0; /* already on its way */
        if (!u->vtable->start)
                return -EBADR;
        if (s != UNIT_DEACTIVATING) {
                /* Conditions are checked only when the start really begins. */
                if (!unit_test_conditions(u)) {
                        log_info("%s: condition check resulted in %s being skipped.", u->id, unit_description(u));
                        return -ECOMM;
                }
                if (!unit_test_asserts(u)) {
                        log_error("%s: assertion failed for %s.", u->id, unit_description(u));
                        return -EPROTO;
                }
                if (start_limit_hit(u)) {
                        log_warning("%s: start request repeated too quickly.", u->id);
                        if (u->vtable->start_limit_hit)
                                u->vtable->start_limit_hit(u);
                        return -ECANCELED;
                }
        }
        return u->vtable->start(u);
}

int unit_stop(Unit *u) {
        UnitActiveState s = unit_active_state(u);
        if (UNIT_IS_INACTIVE_OR_FAILED(s))
                return -EALREADY;
        if (!u->vtable->stop)
                return -EBADR;
        return u->vtable->stop(u);
}

int unit_reload(Unit *u) {
        if (u->load_state != UNIT_LOADED)
                return -EINVAL;
        if (!unit_can_reload(u))
                return -EBADR;
        UnitActiveState s = unit_active_state(u);
        if (s == UNIT_RELOADING)
                return -EAGAIN;
        if (s != UNIT_ACTIVE)
                return -ENOEXEC; /* "not active, cannot reload" */
        return u->vtable->reload(u);
}

static void enqueue_for(Unit *u, JobType type, Unit *other, JobMode mode, const char *why) {
        _cleanup_free_ char *error = NULL;
        int r = manager_add_job(u->manager, type, other, mode, false, NULL, &error);
        if (r < 0)
                log_warning("%s: failed to enqueue %s job for %s (%s): %s", u->id, job_type_to_string(type), other->id,
                            why, error ?: strerror(-r));
}

/* OnFailure=/OnSuccess= handlers learn who called them: $MONITOR_UNIT, $MONITOR_INVOCATION_ID
 * and, from a service, $MONITOR_SERVICE_RESULT, $MONITOR_EXIT_CODE, $MONITOR_EXIT_STATUS. */
static void set_monitor_env(Unit *other, Unit *u) {
        char **env = NULL;
        if (strv_extend(&env, "MONITOR_UNIT=") < 0 || !strextend(&env[0], u->id) ||
            (u->invocation_id[0] && (strv_extend(&env, "MONITOR_INVOCATION_ID=") < 0 ||
                                     !strextend(&env[strv_length(env) - 1], u->invocation_id))) ||
            (u->type == UNIT_SERVICE && service_monitor_environment(u, &env) < 0)) {
                strv_free(env);
                log_oom();
                return;
        }
        strv_free(other->monitor_env);
        other->monitor_env = env;
}

/* Consequences for other units, after u changed state. */
static void propagate(Unit *u, UnitActiveState os, UnitActiveState ns) {
        Unit *other;
        bool was_up = UNIT_IS_ACTIVE_OR_ACTIVATING(os), now_down = UNIT_IS_INACTIVE_OR_FAILED(ns);

        if (was_up && now_down) {
                /* BindsTo=: who is bound to us stops with us */
                UNIT_SET_FOREACH(other, &u->deps[REL_BOUND_BY])
                        if (UNIT_IS_ACTIVE_OR_ACTIVATING(unit_active_state(other)) && !(other->job && other->job->type == JOB_STOP))
                                enqueue_for(u, JOB_STOP, other, JOB_REPLACE, "BindsTo");
                /* StopWhenUnneeded= of what we pulled in */
                UnitRelation pulled[] = { REL_REQUIRES, REL_WANTS, REL_REQUISITE, REL_BINDS_TO };
                for (size_t i = 0; i < ELEMENTSOF(pulled); i++)
                        UNIT_SET_FOREACH(other, &u->deps[pulled[i]])
                                if (other->load_state == UNIT_LOADED && other->config->unit->stop_when_unneeded)
                                        manager_check_unneeded(u->manager, other);
        }
        if (ns == UNIT_FAILED && os != UNIT_FAILED)
                UNIT_SET_FOREACH(other, &u->deps[REL_ON_FAILURE]) {
                        set_monitor_env(other, u);
                        enqueue_for(u, JOB_START, other, u->config ? u->config->unit->on_failure_job_mode : JOB_REPLACE, "OnFailure");
                }
        if (ns == UNIT_INACTIVE && was_up && os != UNIT_FAILED)
                UNIT_SET_FOREACH(other, &u->deps[REL_ON_SUCCESS]) {
                        set_monitor_env(other, u);
                        enqueue_for(u, JOB_START, other, u->config ? u->config->unit->on_success_job_mode : JOB_REPLACE, "OnSuccess");
                }
        /* Upholds=: while we are up, what we uphold is kept running */
        if (UNIT_IS_ACTIVE_OR_ACTIVATING(ns))
                UNIT_SET_FOREACH(other, &u->deps[REL_UPHOLDS])
                        if (UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(other)) && !other->job)
                                enqueue_for(u, JOB_START, other, JOB_REPLACE, "Upholds");
        if (now_down)
                UNIT_SET_FOREACH(other, &u->deps[REL_UPHELD_BY])
                        if (UNIT_IS_ACTIVE_OR_ACTIVATING(unit_active_state(other)) && !u->job)
                                enqueue_for(other, JOB_START, u, JOB_REPLACE, "Upholds");
}

static void status_line(Unit *u, UnitActiveState os, UnitActiveState ns) {
        Manager *m = u->manager;
        const char *d = unit_description(u);
        bool target = u->type == UNIT_TARGET, socket = u->type == UNIT_SOCKET, mount = u->type == UNIT_MOUNT;
        bool swap = u->type == UNIT_SWAP, automount = u->type == UNIT_AUTOMOUNT;
        /* a mount or swap that comes or goes without a job of ours is reality being read, not
         * news */
        if ((mount || swap) && !u->job)
                return;
        /* systemd's words for swaps and automounts */
        if (swap || automount) {
                if (ns == UNIT_ACTIVE && os != UNIT_ACTIVE && os != UNIT_RELOADING)
                        manager_status_printf(m, "  OK  ", swap ? "Activated swap %s." : "Set up automount %s.", d);
                else if (ns == UNIT_FAILED && os != UNIT_FAILED)
                        manager_status_printf(m, "FAILED", swap ? "Failed to activate swap %s." : "Failed to set up automount %s.", d);
                else if (ns == UNIT_INACTIVE && os != UNIT_INACTIVE && os != UNIT_FAILED && u->job && u->job->type == JOB_STOP)
                        manager_status_printf(m, "  OK  ", swap ? "Deactivated swap %s." : "Unset automount %s.", d);
                return;
        }
        if (ns == UNIT_ACTIVE && os != UNIT_ACTIVE && os != UNIT_RELOADING)
                manager_status_printf(m, "  OK  ", target ? "Reached target %s." : socket ? "Listening on %s." :
                                                   mount ? "Mounted %s." : "Started %s.", d);
        else if (ns == UNIT_FAILED && os != UNIT_FAILED) {
                /* a socket fails its start through its stop path (deactivating): the job says
                 * it was a start */
                if (os == UNIT_ACTIVATING || (socket && u->job && u->job->type == JOB_START)) {
                        manager_status_printf(m, "FAILED", socket ? "Failed to listen on %s." :
                                                           mount ? "Failed to mount %s." : "Failed to start %s.", d);
                        manager_status_printf(m, NULL, "See 'systemctl status %s' for details.", u->id);
                } else
                        manager_status_printf(m, "FAILED", "%s failed.", d);
        } else if (ns == UNIT_INACTIVE && os != UNIT_INACTIVE && os != UNIT_FAILED && (u->job && u->job->type == JOB_STOP))
                manager_status_printf(m, "  OK  ", target ? "Stopped target %s." : socket ? "Closed %s." :
                                                   mount ? "Unmounted %s." : "Stopped %s.", d);
}

static void emergency_action(Unit *u, EmergencyAction a, int exit_status, const char *why) {
        Manager *m = u->manager;
        if (a == EMERGENCY_ACTION_NONE)
                return;
        log_warning("%s: %s, executing %s.", u->id, why, emergency_action_to_string(a));
        switch (a) {
        case EMERGENCY_ACTION_EXIT:
        case EMERGENCY_ACTION_EXIT_FORCE:
                if (exit_status >= 0)
                        m->exit_code = exit_status;
                m->objective = MANAGER_EXIT;
                break;
        case EMERGENCY_ACTION_REBOOT:
        case EMERGENCY_ACTION_REBOOT_FORCE:
        case EMERGENCY_ACTION_REBOOT_IMMEDIATE:
                m->objective = MANAGER_REBOOT;
                break;
        default:
                m->objective = MANAGER_POWEROFF;
                break;
        }
        manager_objective_changed(m);
}

static void unit_new_invocation_id(Unit *u) {
        uint8_t b[16];
        if (getrandom(b, sizeof b, GRND_NONBLOCK) != (ssize_t) sizeof b)
                for (size_t i = 0; i < sizeof b; i++)
                        b[i] = (uint8_t) random();
        b[6] = (b[6] & 0x0f) | 0x40; /* a random (version 4) UUID, printed without dashes */
        b[8] = (b[8] & 0x3f) | 0x80;
        for (size_t i = 0; i < sizeof b; i++)
                snprintf(u->invocation_id + 2 * i, 3, "%02x", b[i]);
}

void unit_begin_invocation(Unit *u) {
        unit_new_invocation_id(u);
        u->invocation_id_pending = true;
}

void unit_notify(Unit *u, UnitActiveState os, UnitActiveState ns, bool reload_success) {
        Manager *m = u->manager;
        DualTimestamp now = dual_timestamp_now();
        if (os != ns)
                u->state_change = now;
        if (UNIT_IS_INACTIVE_OR_FAILED(os) && !UNIT_IS_INACTIVE_OR_FAILED(ns)) {
                u->inactive_exit = now;
                /* one per run, as systemd's InvocationID=; a start that spawned processes
                 * before this transition made it already, and they must all share it */
                if (!u->invocation_id_pending)
                        unit_new_invocation_id(u);
                u->invocation_id_pending = false;
        }
        else if (!UNIT_IS_INACTIVE_OR_FAILED(os) && UNIT_IS_INACTIVE_OR_FAILED(ns))
                u->inactive_enter = now;
        if (!UNIT_IS_ACTIVE_OR_RELOADING(os) && UNIT_IS_ACTIVE_OR_RELOADING(ns))
                u->active_enter = now;
        else if (UNIT_IS_ACTIVE_OR_RELOADING(os) && !UNIT_IS_ACTIVE_OR_RELOADING(ns))
                u->active_exit = now;
        if (ns == UNIT_FAILED && os != UNIT_FAILED)
                m->n_failed_units++;
        else if (os == UNIT_FAILED && ns != UNIT_FAILED && m->n_failed_units > 0)
                m->n_failed_units--;
        u->last_state = ns;
        if (UNIT_IS_INACTIVE_OR_FAILED(ns))
                manager_schedule_gc(m);

        status_line(u, os, ns);
        job_unit_state_changed(u, os, ns, reload_success);
        propagate(u, os, ns);
        /* what triggers us (a socket, a timer, a path unit) follows our state: listening
         * again, or waiting for the next elapse, when we are down */
        unit_trigger_notify(u);
        if (u->config) {
                if (ns == UNIT_FAILED && os != UNIT_FAILED)
                        emergency_action(u, u->config->unit->failure_action, u->config->unit->failure_action_exit_status,
                                         "unit failed");
                else if (ns == UNIT_INACTIVE && os != UNIT_INACTIVE && os != UNIT_FAILED)
                        emergency_action(u, u->config->unit->success_action, u->config->unit->success_action_exit_status,
                                         "unit succeeded");
        }
        manager_unit_changed(m, u);
}

void unit_trigger_notify(Unit *u) {
        Unit *other;
        UNIT_SET_FOREACH(other, &u->deps[REL_TRIGGERED_BY])
                if (other->vtable->trigger_notify && other->load_state == UNIT_LOADED)
                        other->vtable->trigger_notify(other, u);
}
