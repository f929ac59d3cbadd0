/* automount-config.h — the [Automount] section, as systemd.automount(5) describes it: the
 * mount point, extra autofs options, the mode of directories created for it, and the idle
 * time after which the mount is released. */
#pragma once

#include <sys/types.h>

#include "config-parse.h"
#include "time-util.h"

typedef struct AutomountConfig {
        char *where;
        char *extra_options;
        mode_t directory_mode;
        usec_t timeout_idle_usec;   /* 0: never released for idleness */
} AutomountConfig;

AutomountConfig *automount_config_new(void);
AutomountConfig *automount_config_free(AutomountConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(AutomountConfig *, automount_config_free);

extern const ConfigTable automount_config_table;
