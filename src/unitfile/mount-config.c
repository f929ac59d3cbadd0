/* mount-config.c — the directive table of Mount and the life cycle of MountConfig. */
#include "mount-config.h"
#include "macro.h"

static const ConfigDirective mount_config_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable mount_config_table = { .name = "Mount", .part = PART_MOUNT, .directives = mount_config_directives + 1, .n_directives = 0 };

MountConfig *mount_config_new(void) {
        return new0(MountConfig, 1);
}

MountConfig *mount_config_free(MountConfig *c) {
        free(c);
        return NULL;
}
