/* mount-config.h — the [Mount] section's own settings, as systemd.mount(5) describes them:
 * what to mount where, with which type and options, how to unmount, the mode of directories
 * created for the mount point, and how long mount and umount may take. */
#pragma once

#include <sys/types.h>

#include "config-parse.h"
#include "time-util.h"

typedef struct MountConfig {
        char *what;
        char *where;
        char *type;
        char *options;
        bool sloppy_options;
        bool lazy_unmount;
        bool read_write_only;
        bool force_unmount;
        mode_t directory_mode;
        usec_t timeout_usec;
} MountConfig;

MountConfig *mount_config_new(void);
MountConfig *mount_config_free(MountConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(MountConfig *, mount_config_free);

extern const ConfigTable mount_config_table;
