/* path-config.h — the [Path] section: watched paths and the unit they trigger.
 * Typed fields filled by the directive table path_config_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct PathConfig {
        unsigned n_assignments; /* how many directives of this part were applied */
} PathConfig;

PathConfig *path_config_new(void);
PathConfig *path_config_free(PathConfig *c);

extern const ConfigTable path_config_table;
