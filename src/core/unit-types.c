/* unit-types.c — which vtable runs which unit type, and the vtable of types not run yet. */
#include "log.h"
#include "unit-types.h"

const UnitVTable *unit_vtable_for(UnitType t) {
        switch (t) {
        case UNIT_SERVICE:
                return &service_vtable;
        case UNIT_TARGET:
                return &target_vtable;
        case UNIT_SLICE:
                return &slice_vtable;
        case UNIT_MOUNT:
                return &mount_vtable;
        case UNIT_SOCKET:
                return &socket_vtable;
        case UNIT_TIMER:
                return &timer_vtable;
        case UNIT_PATH:
                return &path_vtable;
        case UNIT_DEVICE:
                return &device_vtable;
        case UNIT_SCOPE:
                return &scope_vtable;
        case UNIT_AUTOMOUNT:
                return &automount_vtable;
        case UNIT_SWAP:
                return &swap_vtable;
        default:
                return &unsupported_vtable;
        }
}

static int unsupported_start(Unit *u) {
        log_error("%s: unit type %s is not supported by sysMaster yet.", u->id, unit_type_to_string(u->type));
        return -EOPNOTSUPP;
}

static UnitActiveState unsupported_active_state(Unit *u) {
        (void) u;
        return UNIT_INACTIVE;
}

const UnitVTable unsupported_vtable = {
        .object_size = sizeof(Unit),
        .start = unsupported_start,
        .active_state = unsupported_active_state,
};
