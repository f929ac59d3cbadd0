/* kill-context.c — the directive table of kill and the life cycle of KillContext. */
#include "kill-context.h"
#include "macro.h"

static const ConfigDirective kill_context_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable kill_context_table = { .name = "kill", .part = PART_KILL, .directives = kill_context_directives + 1, .n_directives = 0 };

KillContext *kill_context_new(void) {
        return new0(KillContext, 1);
}

KillContext *kill_context_free(KillContext *c) {
        free(c);
        return NULL;
}
