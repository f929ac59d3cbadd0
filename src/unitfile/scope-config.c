/* scope-config.c — the directive table of [Scope] and the life cycle of ScopeConfig. Scopes
 * are created over D-Bus rather than from files, but their drop-ins are parsed with this
 * table, so the keys systemd accepts there are accepted here. */
#include <stddef.h>

#include "directive-util.h"
#include "config-values.h"
#include "scope-config.h"

/* The values of OOMPolicy, which [Service] defines too; kept private here so the two
 * sections can be built apart. */
enum { SCOPE_OOM_CONTINUE, SCOPE_OOM_STOP, SCOPE_OOM_KILL };
static const char *const scope_oom_policy_table[] = {
        [SCOPE_OOM_CONTINUE] = "continue",
        [SCOPE_OOM_STOP] = "stop",
        [SCOPE_OOM_KILL] = "kill",
};

/* Empty is the manager's DefaultOOMPolicy=, "stop" unless configured otherwise. */
static int config_parse_scope_oom_policy(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *p = data;
        (void) ltype;
        int v = *rvalue ? string_table_lookup(scope_oom_policy_table, ELEMENTSOF(scope_oom_policy_table), rvalue)
                        : SCOPE_OOM_STOP;
        if (v < 0) {
                log_config_ignoring(ctx, "Failed to parse OOM policy, ignoring: %s", rvalue);
                return 0;
        }
        *p = v;
        return 0;
}

#define F(field) offsetof(ScopeConfig, field)
static const ConfigDirective scope_config_directives[] = {
        { "OOMPolicy", config_parse_scope_oom_policy, 0, F(oom_policy) },
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
        s->oom_policy = SCOPE_OOM_STOP;
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
