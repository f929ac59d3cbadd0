/* swap-config.h — the [Swap] section: What=, Priority=, Options=.
 * Typed fields filled by the directive table swap_config_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct SwapConfig {
        unsigned n_assignments; /* how many directives of this part were applied */
} SwapConfig;

SwapConfig *swap_config_new(void);
SwapConfig *swap_config_free(SwapConfig *c);

extern const ConfigTable swap_config_table;
