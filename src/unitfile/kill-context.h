/* kill-context.h — how a unit's processes are stopped: KillMode=, KillSignal= and friends, shared by service, socket, mount, swap and scope units.
 * Typed fields filled by the directive table kill_context_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct KillContext {
        unsigned n_assignments; /* how many directives of this part were applied */
} KillContext;

KillContext *kill_context_new(void);
KillContext *kill_context_free(KillContext *c);

extern const ConfigTable kill_context_table;
