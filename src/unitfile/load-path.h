/* load-path.h — where unit files are looked up, in systemd's priority order for the system
 * manager (systemd.unit(5), "Unit File Load Path"), optionally below a --root prefix, and
 * overridden by $SYSTEMD_UNIT_PATH (a trailing ":" appends the default list). */
#pragma once

#include <stdbool.h>

#include "macro.h"

typedef struct LookupPaths {
        char **search_path;         /* highest priority first, without the root prefix */
        char *root;                 /* NULL or "/" for the host */
        /* the well-known directories (without root), for enable/disable and generators */
        char *persistent_config;    /* /etc/systemd/system */
        char *runtime_config;       /* /run/systemd/system */
        char *persistent_control;   /* /etc/systemd/system.control */
        char *runtime_control;      /* /run/systemd/system.control */
        char *transient;            /* /run/systemd/transient */
        char *generator;            /* /run/systemd/generator */
        char *generator_early;      /* /run/systemd/generator.early */
        char *generator_late;       /* /run/systemd/generator.late */
        char *persistent_attached;  /* /etc/systemd/system.attached */
        char *runtime_attached;     /* /run/systemd/system.attached */
} LookupPaths;

/* root may be NULL. Reads $SYSTEMD_UNIT_PATH. Paths that resolve to the same directory
 * (as /lib/systemd/system and /usr/lib/systemd/system on merged-/usr systems) appear once. */
int lookup_paths_init(LookupPaths *p, const char *root);
void lookup_paths_done(LookupPaths *p);

/* The host path of a path inside the root (a copy of path without a root). */
char *lookup_paths_host(const LookupPaths *p, const char *path);

/* What kind of load path dir is: used to tell "enabled-runtime", "generated", "transient"
 * and vendor units apart. */
typedef enum UnitPathKind {
        UNIT_PATH_CONTROL,
        UNIT_PATH_TRANSIENT,
        UNIT_PATH_GENERATED,
        UNIT_PATH_PERSISTENT_CONFIG,
        UNIT_PATH_RUNTIME_CONFIG,
        UNIT_PATH_ATTACHED,
        UNIT_PATH_VENDOR,
        UNIT_PATH_OTHER,
} UnitPathKind;
UnitPathKind lookup_paths_kind(const LookupPaths *p, const char *dir);
/* The search-path directory that contains path (a file directly in it), or NULL. */
const char *lookup_paths_dir_of(const LookupPaths *p, const char *path);
