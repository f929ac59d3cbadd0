/* scope-config.h — the [Scope] section's own settings beyond the kill and cgroup contexts,
 * as systemd.scope(5) describes them: what to do when the kernel OOM killer strikes, the
 * runtime limit and its random extension, and how long stopping may take. */
#pragma once

#include "config-parse.h"
#include "time-util.h"

typedef enum OOMPolicy {
        OOM_CONTINUE,
        OOM_STOP,
        OOM_KILL,
        _OOM_POLICY_MAX,
} OOMPolicy;

typedef struct ScopeConfig {
        OOMPolicy oom_policy;
        usec_t runtime_max_usec;          /* USEC_INFINITY: no limit */
        usec_t runtime_rand_extra_usec;
        usec_t timeout_stop_usec;
} ScopeConfig;

ScopeConfig *scope_config_new(void);
ScopeConfig *scope_config_free(ScopeConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(ScopeConfig *, scope_config_free);

const char *oom_policy_to_string(OOMPolicy p);
int oom_policy_from_string(const char *s);
int config_parse_oom_policy(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);

extern const ConfigTable scope_config_table;
