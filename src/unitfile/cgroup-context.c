/* cgroup-context.c — the directive table of cgroup and the life cycle of CGroupContext. */
#include "cgroup-context.h"
#include "macro.h"

static const ConfigDirective cgroup_context_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable cgroup_context_table = { .name = "cgroup", .part = PART_CGROUP, .directives = cgroup_context_directives + 1, .n_directives = 0 };

CGroupContext *cgroup_context_new(void) {
        return new0(CGroupContext, 1);
}

CGroupContext *cgroup_context_free(CGroupContext *c) {
        free(c);
        return NULL;
}
