/* target.c — target units (systemd.target(5)): synchronization points with two states,
 * dead and active. With DefaultDependencies=yes a target conflicts with shutdown.target and
 * is ordered after the units it pulls in (see manager_add_target_ordering()). Slices share
 * the same two-state machine; an active slice has its cgroup (foo-bar.slice inside foo.slice,
 * which it requires), so the units in it nest below, and a stopped slice's cgroup goes. */
#include "cgroup.h"
#include "log.h"
#include "manager.h"
#include "string-util.h"
#include "unit-name.h"
#include "unit-types.h"

typedef enum TwoState {
        TWO_STATE_DEAD,
        TWO_STATE_ACTIVE,
} TwoState;

typedef struct TwoStateUnit {
        Unit meta;
        TwoState state;
} TwoStateUnit;

static void set_state(TwoStateUnit *t, TwoState s) {
        TwoState old = t->state;
        t->state = s;
        if (old != s)
                unit_notify(&t->meta, old == TWO_STATE_ACTIVE ? UNIT_ACTIVE : UNIT_INACTIVE,
                            s == TWO_STATE_ACTIVE ? UNIT_ACTIVE : UNIT_INACTIVE, true);
}

static int two_state_start(Unit *u) {
        set_state((TwoStateUnit *) u, TWO_STATE_ACTIVE);
        return 0;
}

static int two_state_stop(Unit *u) {
        set_state((TwoStateUnit *) u, TWO_STATE_DEAD);
        return 0;
}

static UnitActiveState two_state_active_state(Unit *u) {
        return ((TwoStateUnit *) u)->state == TWO_STATE_ACTIVE ? UNIT_ACTIVE : UNIT_INACTIVE;
}

static const char *two_state_sub_state(Unit *u) {
        return ((TwoStateUnit *) u)->state == TWO_STATE_ACTIVE ? "active" : "dead";
}

static int slice_start(Unit *u) {
        /* the root slice is the cgroup root itself: nothing to create */
        if (!streq(u->id, "-.slice")) {
                int r = unit_realize_cgroup(u, NULL);
                if (r < 0)
                        log_warning_errno(r, "%s: failed to create its cgroup, continuing without: %m", u->id);
        }
        return two_state_start(u);
}

static int slice_stop(Unit *u) {
        int r = two_state_stop(u);
        if (!streq(u->id, "-.slice"))
                unit_prune_cgroup(u);
        return r;
}

static int target_load(Unit *u) {
        if (!u->config->unit->default_dependencies)
                return 0;
        return unit_add_shutdown_dependencies(u);
}

static int slice_load(Unit *u) {
        /* every slice but the root one lives inside its parent: foo-bar.slice in foo.slice */
        if (streq(u->id, "-.slice"))
                return 0;
        _cleanup_free_ char *prefix = NULL, *parent = NULL;
        if (unit_name_to_prefix(u->id, &prefix) < 0)
                return -ENOMEM;
        /* a slice without a unit file (the implicit system-getty.slice of getty@tty1.service)
         * is described by its place in the tree, as systemd does: "Slice /system/getty" */
        if (!u->fragment_path && !u->config->unit->description) {
                _cleanup_free_ char *copy = strdup(prefix), *desc = strdup("Slice");
                for (char *w = copy, *e; desc && w; w = e) {
                        _cleanup_free_ char *part = NULL;
                        if ((e = strchr(w, '-')))
                                *e++ = 0;
                        if (unit_name_unescape(w, &part) < 0 || !strextend(&desc, w == copy ? " /" : "/", part))
                                desc = mfree(desc);
                }
                u->config->unit->description = TAKE_PTR(desc);
        }
        char *dash = strrchr(prefix, '-');
        if (dash) {
                *dash = 0;
                parent = strjoin(prefix, ".slice");
        } else
                parent = strdup("-.slice");
        if (!parent)
                return -ENOMEM;
        int r = unit_add_dependency_by_name(u, REL_REQUIRES, parent, true);
        if (r >= 0)
                r = unit_add_dependency_by_name(u, REL_AFTER, parent, true);
        if (r >= 0 && u->config->unit->default_dependencies)
                r = unit_add_shutdown_dependencies(u);
        return r;
}

static bool slice_exists_without_file(Unit *u) {
        (void) u;
        return true; /* Slice=foo.slice, and a template's implicit slice, need no file */
}

static int two_state_serialize(Unit *u, FILE *f) {
        fprintf(f, "state=%s\n", two_state_sub_state(u));
        return 0;
}

static int two_state_deserialize_item(Unit *u, const char *key, const char *value) {
        if (streq(key, "state"))
                ((TwoStateUnit *) u)->state = streq(value, "active") ? TWO_STATE_ACTIVE : TWO_STATE_DEAD;
        return 0;
}

const UnitVTable target_vtable = {
        .object_size = sizeof(TwoStateUnit),
        .load = target_load,
        .start = two_state_start,
        .stop = two_state_stop,
        .active_state = two_state_active_state,
        .sub_state = two_state_sub_state,
        .serialize = two_state_serialize,
        .deserialize_item = two_state_deserialize_item,
};

const UnitVTable slice_vtable = {
        .object_size = sizeof(TwoStateUnit),
        .load = slice_load,
        .exists_without_file = slice_exists_without_file,
        .start = slice_start,
        .stop = slice_stop,
        .active_state = two_state_active_state,
        .sub_state = two_state_sub_state,
        .serialize = two_state_serialize,
        .deserialize_item = two_state_deserialize_item,
};
