/* service-config.h — the [Service] section's own settings: Type=, Exec*= command lines, restart policy, timeouts, PID file, notify access.
 * Typed fields filled by the directive table service_config_table; defaults as systemd documents them. */
#pragma once

#include "config-parse.h"

typedef struct ServiceConfig {
        unsigned n_assignments; /* how many directives of this part were applied */
} ServiceConfig;

ServiceConfig *service_config_new(void);
ServiceConfig *service_config_free(ServiceConfig *c);

extern const ConfigTable service_config_table;
