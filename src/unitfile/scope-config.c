/* scope-config.c — the directive table of Scope and the life cycle of ScopeConfig. */
#include "scope-config.h"
#include "macro.h"

static const ConfigDirective scope_config_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable scope_config_table = { .name = "Scope", .part = PART_SCOPE, .directives = scope_config_directives + 1, .n_directives = 0 };

ScopeConfig *scope_config_new(void) {
        return new0(ScopeConfig, 1);
}

ScopeConfig *scope_config_free(ScopeConfig *c) {
        free(c);
        return NULL;
}
