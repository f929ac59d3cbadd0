/* unit-section.c — the directive table of Unit and the life cycle of UnitSection. */
#include "unit-section.h"
#include "macro.h"

static const ConfigDirective unit_section_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable unit_section_table = { .name = "Unit", .part = PART_UNIT, .directives = unit_section_directives + 1, .n_directives = 0 };

UnitSection *unit_section_new(void) {
        return new0(UnitSection, 1);
}

UnitSection *unit_section_free(UnitSection *c) {
        free(c);
        return NULL;
}
