/* automount-config.h — the [Automount] section: Where=, idle timeout and directory mode.
 * Typed fields filled by the directive table automount_config_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct AutomountConfig {
        unsigned n_assignments; /* how many directives of this part were applied */
} AutomountConfig;

AutomountConfig *automount_config_new(void);
AutomountConfig *automount_config_free(AutomountConfig *c);

extern const ConfigTable automount_config_table;
