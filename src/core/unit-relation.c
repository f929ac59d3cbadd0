/* unit-relation.c — relation names and inverses, and the small unit sets. */
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "unit-relation.h"

static const char *const relation_names[_REL_MAX] = {
        [REL_REQUIRES] = "Requires",
        [REL_REQUISITE] = "Requisite",
        [REL_WANTS] = "Wants",
        [REL_BINDS_TO] = "BindsTo",
        [REL_PART_OF] = "PartOf",
        [REL_UPHOLDS] = "Upholds",
        [REL_REQUIRED_BY] = "RequiredBy",
        [REL_REQUISITE_OF] = "RequisiteOf",
        [REL_WANTED_BY] = "WantedBy",
        [REL_BOUND_BY] = "BoundBy",
        [REL_CONSISTS_OF] = "ConsistsOf",
        [REL_UPHELD_BY] = "UpheldBy",
        [REL_CONFLICTS] = "Conflicts",
        [REL_CONFLICTED_BY] = "ConflictedBy",
        [REL_BEFORE] = "Before",
        [REL_AFTER] = "After",
        [REL_ON_FAILURE] = "OnFailure",
        [REL_ON_FAILURE_OF] = "OnFailureOf",
        [REL_ON_SUCCESS] = "OnSuccess",
        [REL_ON_SUCCESS_OF] = "OnSuccessOf",
        [REL_TRIGGERS] = "Triggers",
        [REL_TRIGGERED_BY] = "TriggeredBy",
        [REL_PROPAGATES_RELOAD_TO] = "PropagatesReloadTo",
        [REL_RELOAD_PROPAGATED_FROM] = "ReloadPropagatedFrom",
        [REL_PROPAGATES_STOP_TO] = "PropagatesStopTo",
        [REL_STOP_PROPAGATED_FROM] = "StopPropagatedFrom",
        [REL_JOINS_NAMESPACE_OF] = "JoinsNamespaceOf",
        [REL_REFERENCES] = "References",
        [REL_REFERENCED_BY] = "ReferencedBy",
};

static const UnitRelation inverse[_REL_MAX] = {
        [REL_REQUIRES] = REL_REQUIRED_BY,       [REL_REQUIRED_BY] = REL_REQUIRES,
        [REL_REQUISITE] = REL_REQUISITE_OF,     [REL_REQUISITE_OF] = REL_REQUISITE,
        [REL_WANTS] = REL_WANTED_BY,            [REL_WANTED_BY] = REL_WANTS,
        [REL_BINDS_TO] = REL_BOUND_BY,          [REL_BOUND_BY] = REL_BINDS_TO,
        [REL_PART_OF] = REL_CONSISTS_OF,        [REL_CONSISTS_OF] = REL_PART_OF,
        [REL_UPHOLDS] = REL_UPHELD_BY,          [REL_UPHELD_BY] = REL_UPHOLDS,
        [REL_CONFLICTS] = REL_CONFLICTED_BY,    [REL_CONFLICTED_BY] = REL_CONFLICTS,
        [REL_BEFORE] = REL_AFTER,               [REL_AFTER] = REL_BEFORE,
        [REL_ON_FAILURE] = REL_ON_FAILURE_OF,   [REL_ON_FAILURE_OF] = REL_ON_FAILURE,
        [REL_ON_SUCCESS] = REL_ON_SUCCESS_OF,   [REL_ON_SUCCESS_OF] = REL_ON_SUCCESS,
        [REL_TRIGGERS] = REL_TRIGGERED_BY,      [REL_TRIGGERED_BY] = REL_TRIGGERS,
        [REL_PROPAGATES_RELOAD_TO] = REL_RELOAD_PROPAGATED_FROM,
        [REL_RELOAD_PROPAGATED_FROM] = REL_PROPAGATES_RELOAD_TO,
        [REL_PROPAGATES_STOP_TO] = REL_STOP_PROPAGATED_FROM,
        [REL_STOP_PROPAGATED_FROM] = REL_PROPAGATES_STOP_TO,
        [REL_JOINS_NAMESPACE_OF] = REL_JOINS_NAMESPACE_OF,
        [REL_REFERENCES] = REL_REFERENCED_BY,   [REL_REFERENCED_BY] = REL_REFERENCES,
};

const char *unit_relation_to_string(UnitRelation r) {
        return r >= 0 && r < _REL_MAX ? relation_names[r] : NULL;
}

UnitRelation unit_relation_from_string(const char *s) {
        for (UnitRelation r = 0; s && r < _REL_MAX; r++)
                if (streq(relation_names[r], s))
                        return r;
        return _REL_INVALID;
}

UnitRelation unit_relation_inverse(UnitRelation r) {
        return inverse[r];
}

bool unit_set_contains(const UnitSet *s, const Unit *u) {
        for (size_t i = 0; i < s->n; i++)
                if (s->units[i] == u)
                        return true;
        return false;
}

int unit_set_add(UnitSet *s, Unit *u) {
        if (unit_set_contains(s, u))
                return 0;
        if (s->n == s->allocated) {
                size_t na = s->allocated ? s->allocated * 2 : 4;
                Unit **nu = realloc(s->units, na * sizeof(Unit *));
                if (!nu)
                        return -ENOMEM;
                s->units = nu;
                s->allocated = na;
        }
        s->units[s->n++] = u;
        return 1;
}

void unit_set_remove(UnitSet *s, const Unit *u) {
        for (size_t i = 0; i < s->n; i++)
                if (s->units[i] == u) {
                        memmove(s->units + i, s->units + i + 1, (s->n - i - 1) * sizeof(Unit *));
                        s->n--;
                        return;
                }
}

void unit_set_done(UnitSet *s) {
        s->units = mfree(s->units);
        s->n = s->allocated = 0;
}
