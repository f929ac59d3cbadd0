/* scope.c — scope units (systemd.scope(5)): processes the manager did not start (a login
 * session, a container, `systemd-run --scope`) put in a cgroup of their own so they are
 * accounted, limited and stopped as a unit.
 *
 * A scope has no file: it is created at run time with its processes (the control protocol's
 * start-transient-scope request; busmaster will map D-Bus StartTransientUnit onto it), and a
 * start of one that was not created so is refused. States:
 *
 *   dead ─start: pids moved into the cgroup─▶ running ─cgroup empty─▶ dead
 *   running ─stop─▶ stop-sigterm ─TimeoutStopSec─▶ stop-sigkill ─TimeoutStopSec─▶ failed (timeout)
 *   stop-sigterm/stop-sigkill ─cgroup empty─▶ dead
 *   dead ─start, no pid could be moved─▶ failed (resources)
 *
 * (systemd's abandoned state — the creator let go of a running scope — needs the D-Bus
 * Abandon() call, which busmaster will bring.) scope_set_state() is the only writer of the
 * state. A dead transient scope nobody references is unloaded by the garbage collector, as in
 * systemd. Needs cgroups: without them (plain --test) a start fails with "resources". */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cgroup.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "scope.h"
#include "string-util.h"
#include "strv.h"
#include "unit-types.h"

static const char *const state_names[_SCOPE_STATE_MAX] = {
        [SCOPE_DEAD] = "dead",
        [SCOPE_RUNNING] = "running",
        [SCOPE_STOP_SIGTERM] = "stop-sigterm",
        [SCOPE_STOP_SIGKILL] = "stop-sigkill",
        [SCOPE_FAILED] = "failed",
};

static const UnitActiveState state_translation[_SCOPE_STATE_MAX] = {
        [SCOPE_DEAD] = UNIT_INACTIVE,
        [SCOPE_RUNNING] = UNIT_ACTIVE,
        [SCOPE_STOP_SIGTERM] = UNIT_DEACTIVATING,
        [SCOPE_STOP_SIGKILL] = UNIT_DEACTIVATING,
        [SCOPE_FAILED] = UNIT_FAILED,
};

const char *scope_state_to_string(ScopeState s) {
        return s < _SCOPE_STATE_MAX ? state_names[s] : NULL;
}

static int timeout_cb(EventSource *s, usec_t now, void *userdata);

static usec_t stop_timeout(Scope *s) {
        const ScopeConfig *c = s->meta.config ? s->meta.config->scope : NULL;
        return c ? c->timeout_stop_usec : 90 * USEC_PER_SEC;
}

static void scope_set_state(Scope *s, ScopeState st) {
        ScopeState old = s->state;
        s->state = st;
        /* the stop states wait with a deadline; every other state has none */
        if (st == SCOPE_STOP_SIGTERM || st == SCOPE_STOP_SIGKILL) {
                usec_t t = stop_timeout(s);
                s->timer = event_source_free(s->timer);
                if (t != USEC_INFINITY && t > 0)
                        (void) event_add_time(s->meta.manager->event, &s->timer, CLOCK_MONOTONIC,
                                              now_usec(CLOCK_MONOTONIC) + t, timeout_cb, s);
        } else
                s->timer = event_source_free(s->timer);
        if (st == SCOPE_DEAD || st == SCOPE_FAILED)
                unit_prune_cgroup(&s->meta);
        if (old != st) {
                log_debug("%s: changed %s -> %s", s->meta.id, state_names[old], state_names[st]);
                unit_notify(&s->meta, state_translation[old], state_translation[st], true);
        }
}

static void enter_dead(Scope *s, const char *result) {
        if (!s->result || streq(s->result, "success"))
                (void) strdup_to(&s->result, result);
        if (!streq(s->result, "success"))
                log_warning("%s: Failed with result '%s'.", s->meta.id, s->result);
        scope_set_state(s, streq(s->result, "success") ? SCOPE_DEAD : SCOPE_FAILED);
}

static void enter_signal(Scope *s, ScopeState st, const char *result) {
        if (result && (!s->result || streq(s->result, "success")))
                (void) strdup_to(&s->result, result);
        int n = unit_cgroup_kill(&s->meta, st == SCOPE_STOP_SIGTERM ? SIGTERM : SIGKILL);
        if (n > 0)
                scope_set_state(s, st);
        else if (st == SCOPE_STOP_SIGTERM)
                enter_signal(s, SCOPE_STOP_SIGKILL, NULL);
        else
                enter_dead(s, "success");
}

static int timeout_cb(EventSource *es, usec_t now, void *userdata) {
        Scope *s = userdata;
        (void) es, (void) now;
        if (s->state == SCOPE_STOP_SIGTERM) {
                log_warning("%s: Stopping timed out. Killing.", s->meta.id);
                enter_signal(s, SCOPE_STOP_SIGKILL, "timeout");
        } else if (s->state == SCOPE_STOP_SIGKILL) {
                log_warning("%s: Still around after SIGKILL. Ignoring.", s->meta.id);
                enter_dead(s, "timeout");
        }
        return 0;
}

static int attach(Scope *s, const char *dir) {
        _cleanup_free_ char *procs = path_join(dir, "cgroup.procs");
        if (!procs)
                return -ENOMEM;
        size_t n = 0;
        for (size_t i = 0; i < s->n_pids; i++) {
                FILE *f = fopen(procs, "we");
                if (!f)
                        return -errno;
                fprintf(f, "%d\n", (int) s->pids[i]);
                if (fclose(f) == 0)
                        n++;
                else
                        log_warning("%s: failed to move process %d into the scope: %m", s->meta.id, (int) s->pids[i]);
        }
        return (int) n;
}

static int scope_start(Unit *u) {
        Scope *s = (Scope *) u;
        if (s->state == SCOPE_RUNNING)
                return -EALREADY;
        if (s->state != SCOPE_DEAD && s->state != SCOPE_FAILED)
                return -EAGAIN;
        if (!s->transient) {
                log_error("%s: scope units are created with their processes at run time, not started.", u->id);
                return -ENOENT;
        }
        s->result = mfree(s->result);
        _cleanup_free_ char *dir = NULL;
        int r = unit_realize_cgroup(u, &dir);
        if (r < 0 || !dir) {
                log_error_errno(r < 0 ? r : -EOPNOTSUPP, "%s: no control group for the scope: %m", u->id);
                enter_dead(s, "resources");
                return 0;
        }
        r = attach(s, dir);
        if (r <= 0) {
                log_error("%s: No PIDs left to attach to the scope's control group, refusing.", u->id);
                enter_dead(s, "resources");
                return 0;
        }
        /* the pids are in the cgroup now: from here on the cgroup says who belongs */
        s->pids = mfree(s->pids);
        s->n_pids = 0;
        scope_set_state(s, SCOPE_RUNNING);
        return 0;
}

static int scope_stop(Unit *u) {
        Scope *s = (Scope *) u;
        if (s->state == SCOPE_STOP_SIGTERM || s->state == SCOPE_STOP_SIGKILL)
                return 0;
        if (s->state != SCOPE_RUNNING)
                return -EALREADY;
        enter_signal(s, SCOPE_STOP_SIGTERM, NULL);
        return 0;
}

static void scope_cgroup_empty(Unit *u) {
        Scope *s = (Scope *) u;
        if (s->state == SCOPE_RUNNING || s->state == SCOPE_STOP_SIGTERM || s->state == SCOPE_STOP_SIGKILL)
                enter_dead(s, "success");
}

static int scope_kill(Unit *u, KillWho who, int signo) {
        (void) who; /* a scope has no main or control process: all is all */
        return unit_cgroup_kill(u, signo) > 0 ? 0 : -ESRCH;
}

static UnitActiveState scope_active_state(Unit *u) {
        return state_translation[((Scope *) u)->state];
}

static const char *scope_sub_state(Unit *u) {
        return state_names[((Scope *) u)->state];
}

static const char *scope_result(Unit *u) {
        return ((Scope *) u)->result ?: "success";
}

static int scope_append_properties(Unit *u, char ***l) {
        char *s = strjoin("Result=", scope_result(u));
        int r = s ? strv_push(l, s) : -ENOMEM;
        if (r >= 0) {
                const ScopeConfig *c = u->config ? u->config->scope : NULL;
                char buf[64];
                snprintf(buf, sizeof buf, "TimeoutStopUSec=%s", c && c->timeout_stop_usec != USEC_INFINITY ? "" : "infinity");
                if (c && c->timeout_stop_usec != USEC_INFINITY)
                        snprintf(buf, sizeof buf, "TimeoutStopUSec=%llus", (unsigned long long) (c->timeout_stop_usec / USEC_PER_SEC));
                r = strv_extend(l, buf);
        }
        return r;
}

static void scope_reset_failed(Unit *u) {
        Scope *s = (Scope *) u;
        if (s->state == SCOPE_FAILED)
                scope_set_state(s, SCOPE_DEAD);
        s->result = mfree(s->result);
}

static bool scope_exists_without_file(Unit *u) {
        return ((Scope *) u)->transient;
}

static int scope_load(Unit *u) {
        /* init.scope: init and the manager, in the root slice, for as long as the system runs
         * (systemd's perpetual init.scope: no default dependencies, never stopped) */
        if (streq(u->id, INIT_SCOPE)) {
                u->perpetual = true;
                u->config->unit->default_dependencies = false;
                if (!u->config->unit->description &&
                    !(u->config->unit->description = strdup("System and Service Manager")))
                        return -ENOMEM;
                free(u->default_slice);
                if (!(u->default_slice = strdup("-.slice")))
                        return -ENOMEM;
                return unit_add_slice_dependencies(u);
        }
        /* systemd.scope(5): in their slice, stopped at shutdown */
        if (!u->config->unit->default_dependencies)
                return unit_add_slice_dependencies(u);
        int r = unit_add_slice_dependencies(u);
        if (r >= 0)
                r = unit_add_shutdown_dependencies(u);
        return r;
}

static void scope_done(Unit *u) {
        Scope *s = (Scope *) u;
        s->timer = event_source_free(s->timer);
        s->pids = mfree(s->pids);
        s->result = mfree(s->result);
}

static int scope_serialize(Unit *u, FILE *f) {
        Scope *s = (Scope *) u;
        fprintf(f, "state=%s\ntransient=%d\n", state_names[s->state], s->transient);
        if (s->result)
                fprintf(f, "result=%s\n", s->result);
        return 0;
}

static int scope_deserialize_item(Unit *u, const char *key, const char *value) {
        Scope *s = (Scope *) u;
        if (streq(key, "state")) {
                for (ScopeState st = 0; st < _SCOPE_STATE_MAX; st++)
                        if (streq(value, state_names[st]))
                                s->state = st;
        } else if (streq(key, "transient"))
                s->transient = streq(value, "1");
        else if (streq(key, "result"))
                return strdup_to(&s->result, value);
        return 0;
}

static int scope_coldplug(Unit *u) {
        Scope *s = (Scope *) u;
        /* the processes ended while no manager ran */
        if (s->state != SCOPE_DEAD && s->state != SCOPE_FAILED && !unit_cgroup_is_populated(u))
                enter_dead(s, "success");
        return 0;
}

const UnitVTable scope_vtable = {
        .object_size = sizeof(Scope),
        .load = scope_load,
        .done = scope_done,
        .start = scope_start,
        .stop = scope_stop,
        .kill = scope_kill,
        .active_state = scope_active_state,
        .sub_state = scope_sub_state,
        .result = scope_result,
        .reset_failed = scope_reset_failed,
        .append_properties = scope_append_properties,
        .cgroup_empty = scope_cgroup_empty,
        .exists_without_file = scope_exists_without_file,
        .serialize = scope_serialize,
        .deserialize_item = scope_deserialize_item,
        .coldplug = scope_coldplug,
};

int manager_start_transient_scope(Manager *m, const char *name, const pid_t *pids, size_t n_pids, Unit **ret) {
        if (!endswith(name, ".scope") || n_pids == 0)
                return -EINVAL;
        Unit *u = manager_get_unit(m, name);
        if (u && (u->fragment_path || !UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(u)) || u->job))
                return -EEXIST; /* systemd: "Unit … was already loaded or has a fragment file." */
        int r = manager_get_or_create_unit(m, name, &u);
        if (r < 0)
                return r;
        if (u->type != UNIT_SCOPE)
                return -EINVAL;
        Scope *s = (Scope *) u;
        pid_t *copy = new (pid_t, n_pids);
        if (!copy)
                return -ENOMEM;
        memcpy(copy, pids, n_pids * sizeof(pid_t));
        free(s->pids);
        s->pids = copy;
        s->n_pids = n_pids;
        if (!s->transient) {
                s->transient = true;
                /* a name looked up before (not-found) loads again, now that it exists */
                if (u->load_state != UNIT_LOADED && !u->in_load_queue) {
                        u->in_load_queue = true;
                        u->load_queue_next = m->load_queue;
                        m->load_queue = u;
                }
        }
        manager_dispatch_load_queue(m);
        if (u->load_state != UNIT_LOADED)
                return -ENOEXEC;
        *ret = u;
        return 0;
}

int manager_setup_init_scope(Manager *m) {
        if (!manager_has_cgroups(m))
                return 0;
        /* PID 1 of our namespace is sysmaster-init, our parent */
        pid_t pids[] = { 1, getpid() };
        Unit *u;
        int r = manager_start_transient_scope(m, INIT_SCOPE, pids, getpid() == 1 ? 1 : 2, &u);
        if (r == -EEXIST)
                return 0; /* there already: restored from a checkpoint */
        if (r < 0)
                return log_warning_errno(r, "Failed to set up %s: %m", INIT_SCOPE);
        /* running from the start, without a job, like the other perpetual units */
        return u->vtable->start(u);
}
