/* socket-config.h — the [Socket] section's own settings: Listen*= addresses, Accept=, socket options and ownership.
 * Typed fields filled by the directive table socket_config_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct SocketConfig {
        unsigned n_assignments; /* how many directives of this part were applied */
} SocketConfig;

SocketConfig *socket_config_new(void);
SocketConfig *socket_config_free(SocketConfig *c);

extern const ConfigTable socket_config_table;
