/* unit-relation.h — the relations between loaded units as the manager keeps them: the
 * dependencies unit files declare (Requires=, After=…) plus their inverses (RequiredBy,
 * Before…), which the manager adds itself so every question ("who wants me?") is a lookup.
 * Names are systemd's D-Bus/`systemctl show` property names. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

typedef enum UnitRelation {
        REL_REQUIRES,
        REL_REQUISITE,
        REL_WANTS,
        REL_BINDS_TO,
        REL_PART_OF,
        REL_UPHOLDS,
        REL_REQUIRED_BY,
        REL_REQUISITE_OF,
        REL_WANTED_BY,
        REL_BOUND_BY,
        REL_CONSISTS_OF,
        REL_UPHELD_BY,
        REL_CONFLICTS,
        REL_CONFLICTED_BY,
        REL_BEFORE,
        REL_AFTER,
        REL_ON_FAILURE,
        REL_ON_FAILURE_OF,
        REL_ON_SUCCESS,
        REL_ON_SUCCESS_OF,
        REL_TRIGGERS,
        REL_TRIGGERED_BY,
        REL_PROPAGATES_RELOAD_TO,
        REL_RELOAD_PROPAGATED_FROM,
        REL_PROPAGATES_STOP_TO,
        REL_STOP_PROPAGATED_FROM,
        REL_JOINS_NAMESPACE_OF,
        REL_REFERENCES,
        REL_REFERENCED_BY,
        _REL_MAX,
        _REL_INVALID = -22,
} UnitRelation;

const char *unit_relation_to_string(UnitRelation r); /* "RequiredBy" */
UnitRelation unit_relation_from_string(const char *s);
UnitRelation unit_relation_inverse(UnitRelation r);

typedef struct Unit Unit;

/* A small set of units (insertion order, no duplicates). Units rarely have more than a few
 * dozen relations of one kind; the targets that collect hundreds are scanned linearly only
 * when relations are added, at load time. */
typedef struct UnitSet {
        Unit **units;
        size_t n, allocated;
} UnitSet;

int unit_set_add(UnitSet *s, Unit *u);       /* 1 added, 0 present, -ENOMEM */
bool unit_set_contains(const UnitSet *s, const Unit *u);
void unit_set_remove(UnitSet *s, const Unit *u);
void unit_set_done(UnitSet *s);
#define UNIT_SET_FOREACH(u, s) \
        for (size_t _k_ = 0; (s)->units && _k_ < (s)->n && (((u) = (s)->units[_k_]), 1); _k_++)
