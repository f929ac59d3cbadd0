/* unit-file-state.h — a unit's enablement and preset, for the UnitFileState/UnitFilePreset
 * properties. */
#pragma once

#include "unit.h"

/* Static strings, or NULL when the unit has no unit file (or its state cannot be told). */
void unit_file_state_query(Unit *u, const char **ret_state, const char **ret_preset);
