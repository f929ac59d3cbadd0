/* cgroup-context.h — cgroup resource control shared by service, socket, mount, swap, slice and scope units.
 * Typed fields filled by the directive table cgroup_context_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct CGroupContext {
        unsigned n_assignments; /* how many directives of this part were applied */
} CGroupContext;

CGroupContext *cgroup_context_new(void);
CGroupContext *cgroup_context_free(CGroupContext *c);

extern const ConfigTable cgroup_context_table;
