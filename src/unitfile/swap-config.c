/* swap-config.c — the directive table of [Swap] and the life cycle of SwapConfig, with the
 * priority parser: swapon(2) takes 0…32767, and -1 leaves the choice to the kernel. */
#include <stddef.h>

#include "directive-util.h"
#include "config-values.h"
#include "parse-util.h"
#include "swap-config.h"

static int config_parse_swap_priority(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *priority = data;
        (void) ltype;
        if (!*rvalue) {
                *priority = -1;
                return 0;
        }
        int p;
        if (safe_atoi(rvalue, &p) < 0) {
                log_config_ignoring(ctx, "Failed to parse swap priority, ignoring: %s", rvalue);
                return 0;
        }
        /* Below -1 the kernel assigns priorities itself, counting down from -2. */
        if (p < -1) {
                log_config_ignoring(ctx, "Swap priorities below -1 are assigned by the kernel only, ignoring: %s", rvalue);
                return 0;
        }
        if (p > 32767) {
                log_config_ignoring(ctx, "Swap priority out of range, ignoring: %s", rvalue);
                return 0;
        }
        *priority = p;
        return 0;
}

#define F(field) offsetof(SwapConfig, field)
static const ConfigDirective swap_config_directives[] = {
        { "Options", config_parse_string, 0, F(options) },
        { "Priority", config_parse_swap_priority, 0, F(priority) },
        { "TimeoutSec", config_parse_sec, 1, F(timeout_usec) },
        { "What", config_parse_path, 0, F(what) },
};
#undef F

const ConfigTable swap_config_table = CONFIG_TABLE("Swap", PART_SWAP, swap_config_directives);

SwapConfig *swap_config_new(void) {
        SwapConfig *s = new0(SwapConfig, 1);
        if (!s)
                return NULL;
        s->priority = -1;
        s->timeout_usec = 90 * USEC_PER_SEC; /* DefaultTimeoutStartSec= */
        return s;
}

SwapConfig *swap_config_free(SwapConfig *s) {
        if (!s)
                return NULL;
        free(s->what);
        free(s->options);
        free(s);
        return NULL;
}
