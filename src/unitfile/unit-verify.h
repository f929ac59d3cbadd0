/* unit-verify.h — the consistency checks systemd makes after a unit file loaded and before
 * the unit may start (a service needs ExecStart= unless…, a oneshot may have several…), and
 * the executable checks of `systemd-analyze verify`. */
#pragma once

#include "load-path.h"
#include "unit-load.h"

/* Logs each problem as systemd words it; returns -ENOEXEC when the unit could not start. */
int unit_verify(const LoadedUnit *u, const LookupPaths *lp);
