/* unit-section.h — the [Unit] section: description, documentation, dependencies, ordering, conditions and asserts, start limits, failure and success actions.
 * Typed fields filled by the directive table unit_section_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct UnitSection {
        unsigned n_assignments; /* how many directives of this part were applied */
} UnitSection;

UnitSection *unit_section_new(void);
UnitSection *unit_section_free(UnitSection *c);

extern const ConfigTable unit_section_table;
