/* automount-config.c — the directive table of Automount and the life cycle of AutomountConfig. */
#include "automount-config.h"
#include "macro.h"

static const ConfigDirective automount_config_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable automount_config_table = { .name = "Automount", .part = PART_AUTOMOUNT, .directives = automount_config_directives + 1, .n_directives = 0 };

AutomountConfig *automount_config_new(void) {
        return new0(AutomountConfig, 1);
}

AutomountConfig *automount_config_free(AutomountConfig *c) {
        free(c);
        return NULL;
}
