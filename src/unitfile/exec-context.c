/* exec-context.c — the directive table of exec and the life cycle of ExecContext. */
#include "exec-context.h"
#include "macro.h"

static const ConfigDirective exec_context_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable exec_context_table = { .name = "exec", .part = PART_EXEC, .directives = exec_context_directives + 1, .n_directives = 0 };

ExecContext *exec_context_new(void) {
        return new0(ExecContext, 1);
}

ExecContext *exec_context_free(ExecContext *c) {
        free(c);
        return NULL;
}
