/* scope-config.h — the [Scope] section's own settings beyond the kill and cgroup contexts,
 * as systemd.scope(5) describes them: what to do when the kernel OOM killer strikes, the
 * runtime limit and its random extension, and how long stopping may take. */
#pragma once

#include "config-parse.h"
#include "time-util.h"

typedef struct ScopeConfig {
        int oom_policy;                   /* an OOMPolicy of service-config.h: continue 0, stop 1, kill 2 */
        usec_t runtime_max_usec;          /* USEC_INFINITY: no limit */
        usec_t runtime_rand_extra_usec;
        usec_t timeout_stop_usec;
} ScopeConfig;

ScopeConfig *scope_config_new(void);
ScopeConfig *scope_config_free(ScopeConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(ScopeConfig *, scope_config_free);

extern const ConfigTable scope_config_table;
