/* manager-gc.c — unloading units nobody needs, as systemd does: a unit that is inactive (or
 * also failed, with CollectMode=inactive-or-failed), has no job, is not waiting to be loaded
 * or stopped, is not perpetual, has no process the manager watches and no cgroup left, and
 * that no other unit references (Wants=, Requires=, After=… of a loaded unit, a timer's or a
 * socket's Triggers=) is freed. So a service started by hand and stopped goes away, and its
 * next `status` shows it fresh ("inactive (dead)", no timestamps); vanished mounts and
 * unplugged devices do not pile up. Failed units stay until reset-failed, so `status` still
 * explains the failure, and the checkpoint keeps them.
 *
 * Collection runs as a deferred pass once per loop iteration that asked for it (a state
 * change, a finished job, a control request), never from inside a callback that may still
 * hold the unit. Units that only reference each other in a cycle are kept (systemd's
 * mark-and-sweep would collect them). */
#include <stdlib.h>

#include "log.h"
#include "manager.h"
#include "selfheal.h"
#include "string-util.h"

static bool may_gc(Unit *u, const UnitSet *busy) {
        if (u->job || u->in_load_queue || u->in_stop_when_unneeded_queue || u->perpetual || u->pins > 0)
                return false;
        UnitActiveState s = unit_active_state(u);
        CollectMode mode = u->config && u->config->unit ? u->config->unit->collect_mode : COLLECT_INACTIVE;
        if (!(s == UNIT_INACTIVE || (s == UNIT_FAILED && mode == COLLECT_INACTIVE_OR_FAILED)))
                return false;
        if (u->deps[REL_REFERENCED_BY].n > 0 || unit_set_contains(busy, u))
                return false;
        /* processes left in its cgroup (KillMode=none…): keep the unit that knows them */
        if (u->cgroup_path && u->manager->cgroup_units && hashmap_get(u->manager->cgroup_units, u->cgroup_path) == u)
                return false;
        if (unit_set_contains(&u->manager->idle_waiters, u))
                return false;
        /* an Accept=yes instance is its socket's to collect: the socket may still own its
         * connection (socket-accept.c) */
        Unit *other;
        UNIT_SET_FOREACH(other, &u->deps[REL_TRIGGERED_BY])
                if (other->type == UNIT_SOCKET)
                        return false;
        return true;
}

static int gc_cb(EventSource *s, void *userdata) {
        Manager *m = userdata;
        (void) s;
        if (m->objective != MANAGER_RUNNING)
                return 0;
        /* units with a watched pid: the pid's exit must find its unit */
        UnitSet busy = {};
        const char *key;
        Unit *u;
        HASHMAP_FOREACH_KEY(u, key, m->watch_pids)
                (void) unit_set_add(&busy, u);
        size_t freed = 0;
        /* freeing a unit drops its references: what only it held may go in the next pass */
        for (bool progress = true; progress;) {
                progress = false;
                Unit **l = new (Unit *, hashmap_size(m->units) + 1);
                size_t n = 0;
                if (!l)
                        break;
                HASHMAP_FOREACH_KEY(u, key, m->units)
                        if (streq(key, u->id) && may_gc(u, &busy))
                                l[n++] = u;
                for (size_t i = 0; i < n; i++) {
                        log_debug("%s: collecting, nothing needs it.", l[i]->id);
                        if (l[i]->last_state == UNIT_FAILED && m->n_failed_units > 0)
                                m->n_failed_units--;
                        unit_free(l[i]);
                }
                free(l);
                freed += n;
                progress = n > 0;
        }
        unit_set_done(&busy);
        if (freed > 0)
                manager_checkpoint_schedule(m);
        return 0;
}

void manager_schedule_gc(Manager *m) {
        if (!m->gc_source) {
                if (event_add_defer(m->event, &m->gc_source, gc_cb, m) < 0)
                        return;
                event_source_set_description(m->gc_source, "unit-gc");
        }
        (void) event_source_set_enabled(m->gc_source, EVENT_ONESHOT);
}
