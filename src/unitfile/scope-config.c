/* scope-config.c — the directive table of [Scope] and the life cycle of ScopeConfig. Scopes
 * are created over D-Bus rather than from files, but their drop-ins are parsed with this
 * table, so the keys systemd accepts there are accepted here. */
#include <stddef.h>

#include "config-util.h"
#include "config-values.h"
#include "scope-config.h"

static const char *const oom_policy_table[_OOM_POLICY_MAX] = {
        [OOM_CONTINUE] = "continue",
        [OOM_STOP] = "stop",
        [OOM_KILL] = "kill",
};
DEFINE_STRING_TABLE_LOOKUP(oom_policy, OOMPolicy)

/* Empty is the manager's DefaultOOMPolicy=, "stop" unless configured otherwise. */
int config_parse_oom_policy(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        OOMPolicy *p = data;
        (void) ltype;
        int v = *rvalue ? oom_policy_from_string(rvalue) : OOM_STOP;
        if (v < 0) {
                config_warn(ctx, "Failed to parse OOM policy, ignoring: %s", rvalue);
                return 0;
        }
        *p = v;
        return 0;
}

#define F(field) offsetof(ScopeConfig, field)
static const ConfigDirective scope_config_directives[] = {
        { "OOMPolicy", config_parse_oom_policy, 0, F(oom_policy) },
        { "RuntimeMaxSec", config_parse_sec, 0, F(runtime_max_usec) },
        { "RuntimeRandomizedExtraSec", config_parse_sec, 0, F(runtime_rand_extra_usec) },
        { "TimeoutStopSec", config_parse_sec, 1, F(timeout_stop_usec) },
};
#undef F

const ConfigTable scope_config_table = CONFIG_TABLE("Scope", PART_SCOPE, scope_config_directives);

ScopeConfig *scope_config_new(void) {
        ScopeConfig *s = new0(ScopeConfig, 1);
        if (!s)
                return NULL;
        s->oom_policy = OOM_STOP;
        s->runtime_max_usec = USEC_INFINITY;
        s->timeout_stop_usec = 90 * USEC_PER_SEC; /* DefaultTimeoutStopSec= */
        return s;
}

ScopeConfig *scope_config_free(ScopeConfig *s) {
        if (!s)
                return NULL;
        free(s);
        return NULL;
}
