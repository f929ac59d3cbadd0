/* unit-dependency.h — the dependency kinds a [Unit] section can declare (Requires=, After=,
 * OnFailure=…), their directive names, and the parsers for the few dependency directives
 * that need more than a list of unit names: the obsolete *Overridable= forms and
 * RequiresMountsFor=. */
#pragma once

#include "config-parse.h"

typedef enum UnitDependency {
        UNIT_DEP_REQUIRES,
        UNIT_DEP_REQUISITE,
        UNIT_DEP_WANTS,
        UNIT_DEP_BINDS_TO,
        UNIT_DEP_PART_OF,
        UNIT_DEP_UPHOLDS,
        UNIT_DEP_CONFLICTS,
        UNIT_DEP_BEFORE,
        UNIT_DEP_AFTER,
        UNIT_DEP_ON_FAILURE,
        UNIT_DEP_ON_SUCCESS,
        UNIT_DEP_PROPAGATES_RELOAD_TO,
        UNIT_DEP_RELOAD_PROPAGATED_FROM,
        UNIT_DEP_PROPAGATES_STOP_TO,
        UNIT_DEP_STOP_PROPAGATED_FROM,
        UNIT_DEP_JOINS_NAMESPACE_OF,
        _UNIT_DEPENDENCY_MAX,
        _UNIT_DEPENDENCY_INVALID = -EINVAL,
} UnitDependency;

/* The directive that declares it: "Requires", "PropagatesReloadTo"… */
const char *unit_dependency_to_string(UnitDependency d);
UnitDependency unit_dependency_from_string(const char *s);

/* char ***deps[ltype]: unit names appended. Dependencies only grow: an empty value is not a
 * reset (systemd.unit(5): they cannot be reset to an empty list, only added in drop-ins). */
int config_parse_unit_deps(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* RequiresOverridable=, RequisiteOverridable=: removed in systemd, still honoured as their
 * plain forms (ltype) with a warning telling to update the unit file. */
int config_parse_obsolete_unit_deps(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* char ***: absolute paths, simplified; appended, never reset (it is a dependency too). */
int config_parse_requires_mounts_for(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
