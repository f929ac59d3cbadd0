/* path-config.c — the directive table of Path and the life cycle of PathConfig. */
#include "path-config.h"
#include "macro.h"

static const ConfigDirective path_config_directives[] = {
        { "", NULL, 0, 0 },
};

const ConfigTable path_config_table = { .name = "Path", .part = PART_PATH, .directives = path_config_directives + 1, .n_directives = 0 };

PathConfig *path_config_new(void) {
        return new0(PathConfig, 1);
}

PathConfig *path_config_free(PathConfig *c) {
        free(c);
        return NULL;
}
