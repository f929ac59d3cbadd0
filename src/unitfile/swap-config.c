/* swap-config.c — the directive table of Swap and the life cycle of SwapConfig. */
#include "swap-config.h"
#include "macro.h"

static const ConfigDirective swap_config_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable swap_config_table = { .name = "Swap", .part = PART_SWAP, .directives = swap_config_directives + 1, .n_directives = 0 };

SwapConfig *swap_config_new(void) {
        return new0(SwapConfig, 1);
}

SwapConfig *swap_config_free(SwapConfig *c) {
        free(c);
        return NULL;
}
