/* unit-config.h — the typed configuration of one unit, as its files describe it: one "part"
 * per section kind. [Unit] and [Install] exist for every unit; the shared contexts (exec,
 * kill, cgroup) and the type's own section exist only for types that have them, so a target
 * costs a few hundred bytes and a service a few kilobytes. The parser fills it; the manager
 * reads it. */
#pragma once

#include "automount-config.h"
#include "cgroup-context.h"
#include "config-parse.h"
#include "exec-context.h"
#include "install-section.h"
#include "kill-context.h"
#include "mount-config.h"
#include "path-config.h"
#include "scope-config.h"
#include "service-config.h"
#include "socket-config.h"
#include "swap-config.h"
#include "timer-config.h"
#include "unit-name.h"
#include "unit-section.h"

struct UnitConfig {
        UnitType type;
        UnitSection *unit;
        InstallSection *install;
        ExecContext *exec;         /* service, socket, mount, swap */
        KillContext *kill;         /* service, socket, mount, swap, scope */
        CGroupContext *cgroup;     /* service, socket, mount, swap, slice, scope */
        ServiceConfig *service;
        SocketConfig *socket;
        TimerConfig *timer;
        PathConfig *path;
        MountConfig *mount;
        AutomountConfig *automount;
        SwapConfig *swap;
        ScopeConfig *scope;
};

/* Allocates the parts a unit of this type has, each with systemd's defaults. */
UnitConfig *unit_config_new(UnitType type);
UnitConfig *unit_config_free(UnitConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(UnitConfig *, unit_config_free);

/* The part of c a directive table writes into, or NULL when c has no such part. */
void *unit_config_part(UnitConfig *c, ConfigPart part);

/* The section name that carries a type's own settings ("Service"), or NULL (target…). */
const char *unit_type_section(UnitType type);
bool unit_config_section_known(UnitType type, const char *section);

/* The tables consulted, in order, for a section of a unit type; NULL-terminated, or NULL
 * when the type has no such section. */
const ConfigTable *const *unit_config_tables(UnitType type, const char *section);

/* Looks up section.key for a unit type; returns the directive and its table, or NULL. */
const ConfigDirective *unit_config_lookup(UnitType type, const char *section, const char *key,
                                          const ConfigTable **ret_table);

/* Applies one assignment: looks the key up, warns about unknown keys as systemd does, and
 * runs the parser on the right part. Returns the parser's fatal error, else 0. */
int unit_config_assign(UnitConfig *c, const ConfigContext *ctx, const char *rvalue);
