/* scope-config.h — the [Scope] section's own settings beyond the kill and cgroup contexts: runtime limits and OOM policy.
 * Typed fields filled by the directive table scope_config_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct ScopeConfig {
        unsigned n_assignments; /* how many directives of this part were applied */
} ScopeConfig;

ScopeConfig *scope_config_new(void);
ScopeConfig *scope_config_free(ScopeConfig *c);

extern const ConfigTable scope_config_table;
