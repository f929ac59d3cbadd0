/* unit-verify.h — the consistency checks systemd makes once a unit's files are read and
 * before it may start (a service needs ExecStart= unless it is a oneshot…), shared by the
 * manager and `sctl verify`, plus the executable checks of `systemd-analyze verify`. */
#pragma once

#include "load-path.h"
#include "unit-load.h"

/* Finalizes type defaults and checks a service's settings; logs each problem as systemd
 * words it ("foo.service: Service has no ExecStart=…"). -ENOEXEC: the unit cannot start. */
int unit_config_verify_service(UnitConfig *c, const char *unit);

/* All checks for a loaded unit, as `systemd-analyze verify` makes them: the type's
 * consistency, and that every command that must run is an executable file (below the
 * root). Returns <0 when the unit has an error. */
int unit_verify(LoadedUnit *u, const LookupPaths *lp);
