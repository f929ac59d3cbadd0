/* mount-config.h — the [Mount] section: What=, Where=, Type=, Options= and unmount behaviour.
 * Typed fields filled by the directive table mount_config_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct MountConfig {
        unsigned n_assignments; /* how many directives of this part were applied */
} MountConfig;

MountConfig *mount_config_new(void);
MountConfig *mount_config_free(MountConfig *c);

extern const ConfigTable mount_config_table;
