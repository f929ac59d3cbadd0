/* exec-context.h — the execution context shared by service, socket, mount and swap units: identity, environment, process attributes, standard I/O, capabilities and sandboxing.
 * Typed fields filled by the directive table exec_context_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct ExecContext {
        unsigned n_assignments; /* how many directives of this part were applied */
} ExecContext;

ExecContext *exec_context_new(void);
ExecContext *exec_context_free(ExecContext *c);

extern const ConfigTable exec_context_table;
