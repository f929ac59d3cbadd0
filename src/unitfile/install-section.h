/* install-section.h — the [Install] section, read only by enable and disable: Alias=,
 * WantedBy=, RequiredBy=, Also= and DefaultInstance=. The names are kept as written, with
 * specifiers expanded; which symlinks they turn into is the install logic's business. */
#pragma once

#include "config-parse.h"

typedef struct InstallSection {
        char **aliases;
        char **wanted_by;
        char **required_by;
        char **also;
        char *default_instance;
} InstallSection;

InstallSection *install_section_new(void);
InstallSection *install_section_free(InstallSection *c);

extern const ConfigTable install_section_table;
