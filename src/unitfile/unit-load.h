/* unit-load.h — turns a unit name into a loaded unit the way systemd does: find the unit
 * file ("fragment") in the load path, follow alias symlinks, fall back from an instance to
 * its template, detect masking, collect drop-ins from every name the unit has, and parse
 * fragment and drop-ins in order into a UnitConfig. */
#pragma once

#include "hashmap.h"
#include "load-path.h"
#include "unit-config.h"

typedef enum UnitLoadState {
        UNIT_LOADED,
        UNIT_NOT_FOUND,
        UNIT_BAD_SETTING,
        UNIT_ERROR,
        UNIT_MASKED,
        _UNIT_LOAD_STATE_MAX,
} UnitLoadState;

const char *unit_load_state_to_string(UnitLoadState s); /* "loaded", "not-found"… */

/* Every unit name the load path knows, with what it resolves to. Built once per
 * (re)load by scanning the search path directories; later lookups touch no disk. */
typedef struct UnitNameMap UnitNameMap;

int unit_name_map_build(const LookupPaths *lp, UnitNameMap **ret);
UnitNameMap *unit_name_map_free(UnitNameMap *m);
DEFINE_TRIVIAL_CLEANUP_FUNC(UnitNameMap *, unit_name_map_free);
/* All names in the map, sorted (for list-unit-files and "load everything"). */
char **unit_name_map_names(const UnitNameMap *m);

/* Where a name leads: its unit file ("/dev/null" when masked, NULL when unknown) and the
 * unit's main name after following aliases (newly allocated; the name itself when it is no
 * alias). An instance without a file of its own uses its template's. -ELOOP for cycles. */
int unit_name_map_resolve(const UnitNameMap *m, const char *name, const char **ret_fragment,
                          char **ret_final_name);
/* Whether path (below the root; "DIR/NAME.d", ".wants", ".requires", ".upholds" of a
 * search-path directory) existed when the map was built: the loader opens only those. True
 * without a map. Like the rest of the map, it is current as of the last daemon-reload. */
bool unit_name_map_may_have_dir(const UnitNameMap *m, const char *path);
/* The other names of a unit whose main name is final_name (sorted, possibly empty). */
int unit_name_map_aliases(const UnitNameMap *m, const char *final_name, char ***ret);

typedef struct LoadedUnit {
        char *id;              /* the name asked for, e.g. "foo@bar.service" */
        UnitType type;
        UnitLoadState load_state;
        int load_error;        /* negative errno when not loaded */
        char *fragment_path;   /* the unit file, NULL if none */
        char **aliases;        /* other names of the unit, sorted */
        char **dropin_paths;   /* in the order they were applied */
        /* units named in NAME.wants/, .requires/ and .upholds/ directories of any name */
        char **wants_dir, **requires_dir, **upholds_dir;
        UnitConfig *config;    /* NULL unless loaded (or bad-setting: what was parsed) */
} LoadedUnit;

LoadedUnit *loaded_unit_free(LoadedUnit *u);
DEFINE_TRIVIAL_CLEANUP_FUNC(LoadedUnit *, loaded_unit_free);

typedef enum UnitLoadFlags {
        UNIT_LOAD_PATHS_ONLY = 1 << 0, /* find fragment, aliases and drop-ins; parse nothing */
        UNIT_LOAD_FRAGMENT_OPTIONAL = 1 << 1, /* the unit exists without a file (a mount in mountinfo) */
} UnitLoadFlags;

/* Loads one unit by name. Problems in the files are logged with file:line; the result's
 * load_state says whether the unit can be used. Returns <0 only for invalid names or
 * out-of-memory. */
int unit_file_load(const LookupPaths *lp, const UnitNameMap *m, const char *name, UnitLoadFlags flags,
              LoadedUnit **ret);

/* Loads a unit from an explicit file outside the load path (sctl verify FILE): the name is
 * name, or the file's base name when NULL; drop-ins still come from the load path. */
int unit_file_load_path(const LookupPaths *lp, const char *path, const char *name, LoadedUnit **ret);
