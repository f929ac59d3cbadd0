/* mount-config.c — the directive table of [Mount] and the life cycle of MountConfig. All
 * values are the generic types of config-values.h; Where= must match the unit name, which
 * the mount unit checks once the whole file is read. */
#include <stddef.h>

#include "config-values.h"
#include "macro.h"
#include "mount-config.h"

#define F(field) offsetof(MountConfig, field)
static const ConfigDirective mount_config_directives[] = {
        { "DirectoryMode", config_parse_mode, 0, F(directory_mode) },
        { "ForceUnmount", config_parse_bool, 0, F(force_unmount) },
        { "LazyUnmount", config_parse_bool, 0, F(lazy_unmount) },
        { "Options", config_parse_string, 0, F(options) },
        { "ReadWriteOnly", config_parse_bool, 0, F(read_write_only) },
        { "SloppyOptions", config_parse_bool, 0, F(sloppy_options) },
        { "TimeoutSec", config_parse_sec, 1, F(timeout_usec) },
        { "Type", config_parse_string, 0, F(type) },
        { "What", config_parse_string, 0, F(what) },
        { "Where", config_parse_path, 0, F(where) },
};
#undef F

const ConfigTable mount_config_table = CONFIG_TABLE("Mount", PART_MOUNT, mount_config_directives);

MountConfig *mount_config_new(void) {
        MountConfig *m = new0(MountConfig, 1);
        if (!m)
                return NULL;
        m->directory_mode = 0755;
        m->timeout_usec = 90 * USEC_PER_SEC; /* DefaultTimeoutStartSec= */
        return m;
}

MountConfig *mount_config_free(MountConfig *m) {
        if (!m)
                return NULL;
        free(m->what);
        free(m->where);
        free(m->type);
        free(m->options);
        free(m);
        return NULL;
}
