/* install-section.h — the [Install] section: WantedBy=, RequiredBy=, UpheldBy=, Alias=, Also=, DefaultInstance=, used by enable/disable.
 * Typed fields filled by the directive table install_section_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct InstallSection {
        unsigned n_assignments; /* how many directives of this part were applied */
} InstallSection;

InstallSection *install_section_new(void);
InstallSection *install_section_free(InstallSection *c);

extern const ConfigTable install_section_table;
