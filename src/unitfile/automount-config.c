/* automount-config.c — the directive table of [Automount] and the life cycle of
 * AutomountConfig. */
#include <stddef.h>

#include "automount-config.h"
#include "config-values.h"
#include "macro.h"

#define F(field) offsetof(AutomountConfig, field)
static const ConfigDirective automount_config_directives[] = {
        { "DirectoryMode", config_parse_mode, 0, F(directory_mode) },
        { "ExtraOptions", config_parse_string, 0, F(extra_options) },
        { "TimeoutIdleSec", config_parse_sec, 0, F(timeout_idle_usec) },
        { "Where", config_parse_path, 0, F(where) },
};
#undef F

const ConfigTable automount_config_table = CONFIG_TABLE("Automount", PART_AUTOMOUNT, automount_config_directives);

AutomountConfig *automount_config_new(void) {
        AutomountConfig *a = new0(AutomountConfig, 1);
        if (!a)
                return NULL;
        a->directory_mode = 0755;
        return a;
}

AutomountConfig *automount_config_free(AutomountConfig *a) {
        if (!a)
                return NULL;
        free(a->where);
        free(a->extra_options);
        free(a);
        return NULL;
}
