/* swap-config.h — the [Swap] section's own settings, as systemd.swap(5) describes them: the
 * device or file, its priority and swapon options, and how long swapon may take. */
#pragma once

#include "config-parse.h"
#include "time-util.h"

typedef struct SwapConfig {
        char *what;
        int priority;               /* -1: unset, the kernel picks */
        char *options;
        usec_t timeout_usec;
} SwapConfig;

SwapConfig *swap_config_new(void);
SwapConfig *swap_config_free(SwapConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(SwapConfig *, swap_config_free);

extern const ConfigTable swap_config_table;
