/* path-config.h — the [Path] section, as systemd.path(5) describes it: the paths to watch,
 * each with the condition that triggers (exists, glob matches, changed, modified, directory
 * not empty), the unit to activate, whether to create the watched directory, and the
 * trigger rate limit. */
#pragma once

#include <sys/types.h>

#include "config-parse.h"
#include "time-util.h"

typedef enum PathType {
        PATH_EXISTS,
        PATH_EXISTS_GLOB,
        PATH_DIRECTORY_NOT_EMPTY,
        PATH_CHANGED,
        PATH_MODIFIED,
        _PATH_TYPE_MAX,
} PathType;

typedef struct PathSpec {
        PathType type;
        char *path;
} PathSpec;

typedef struct PathConfig {
        PathSpec *specs;             /* in file order */
        size_t n_specs;
        char *unit;                  /* NULL: the path unit's name with .service */
        bool make_directory;
        mode_t directory_mode;
        usec_t trigger_limit_interval;
        unsigned trigger_limit_burst;
} PathConfig;

PathConfig *path_config_new(void);
PathConfig *path_config_free(PathConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(PathConfig *, path_config_free);

const char *path_type_to_string(PathType t); /* "PathExists" */

extern const ConfigTable path_config_table;
