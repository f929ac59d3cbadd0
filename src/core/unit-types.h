/* unit-types.h — the vtable of each unit type. Types that sysMaster does not run yet (their
 * issue is open) load and show like any unit but refuse to start with a clear message. */
#pragma once

#include "unit.h"

extern const UnitVTable service_vtable;
extern const UnitVTable target_vtable;
extern const UnitVTable slice_vtable;
extern const UnitVTable mount_vtable;
extern const UnitVTable socket_vtable;
extern const UnitVTable timer_vtable;  /* timer.c */
extern const UnitVTable path_vtable;   /* path.c */
extern const UnitVTable device_vtable; /* device.c */
extern const UnitVTable scope_vtable;  /* scope.c */
extern const UnitVTable automount_vtable; /* automount.c */
extern const UnitVTable swap_vtable;   /* swap.c */
extern const UnitVTable unsupported_vtable;

const UnitVTable *unit_vtable_for(UnitType t);
