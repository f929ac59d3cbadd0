/* install-internal.h — what install.c, install-info.c, install-state.c and preset.c share:
 * the loaded form of one unit file's [Install] section (InstallInfo), the search for a
 * unit name along the load path with aliases followed, %-specifier expansion as systemctl
 * applies it to [Install] values, and the symlink primitives. Not for front ends. */
#pragma once

#include "install.h"

typedef enum InstallInfoType {
        INSTALL_INFO_REGULAR,
        INSTALL_INFO_MASKED,
} InstallInfoType;

typedef struct InstallInfo {
        char *name;        /* the name asked for (an instance stays an instance) */
        char *path;        /* root-less path of the file loaded; a linked file's real path */
        char *dir;         /* the search-path directory the (last) name was found in */
        char *found_path;  /* root-less path of the entry in dir (the symlink when linked) */
        InstallInfoType type;
        bool linked;       /* a same-name symlink in dir to a file outside the search path */
        bool auxiliary;    /* reached through Also= */
        char **chain;      /* every name passed through while following aliases */
        char **wanted_by;
        char **required_by;
        char **aliases;
        char **also;
        char *default_instance;
} InstallInfo;

InstallInfo *install_info_free(InstallInfo *i);
DEFINE_TRIVIAL_CLEANUP_FUNC(InstallInfo *, install_info_free);

/* The root-less absolute path a symlink in dir reading dest points to, "." and ".."
 * resolved by name (never through the host's file system). */
char *install_link_target(const char *dir, const char *dest);

/* Looks name up along lp's search path, follows alias symlinks by name and loads the
 * [Install] section (with drop-ins). -ENOENT when absent, -ELOOP for a same-name symlink
 * into the search path, -EBADMSG when the file does not parse. */
int install_info_find(const LookupPaths *lp, const char *name, InstallInfo **ret);

/* Expands the specifiers systemctl supports in [Install] values. -EBADSLT for an unknown
 * specifier, -EUNATCH when a value cannot be determined (no machine-id, no os-release). */
int install_name_printf(const LookupPaths *lp, const InstallInfo *i, const char *text, char **ret);

/* Creates the symlink new_path → old_path (both root-less). Returns 1 when it exists
 * afterwards, or a negative errno recorded in changes. */
int install_create_symlink(const LookupPaths *lp, const char *old_path, const char *new_path,
                           bool force, bool dry_run, InstallChanges *changes);

/* Removes, below config_path, every symlink whose name, target name or target path is in
 * *marks, adding the names of removed symlinks to *marks and repeating until stable, in
 * directory order. Returns the number removed or a negative errno. */
int install_remove_marked(const LookupPaths *lp, const char *config_path, char ***marks,
                          bool dry_run, InstallChanges *changes);

/* For a name whose first entry is a same-name symlink to a file that is gone: the host
 * path of that file (disable names it in its message). -ENOENT otherwise. */
int install_dangling_target(const LookupPaths *lp, const char *name, char **ret);

/* A unit name exists somewhere in the search path (an instance counts when its template does). */
bool install_unit_exists(const LookupPaths *lp, const char *name);

/* Enables or marks for removal the given infos; the building blocks of enable and preset. */
int install_apply_one(const LookupPaths *lp, InstallFlags flags, const InstallInfo *i,
                      const char *config_path, InstallChanges *changes);
/* A unit carries install information of its own (Alias, WantedBy, RequiredBy, or a default
 * instance of a template). */
bool install_info_has_rules(const InstallInfo *i);
int install_mark_for_removal(const InstallInfo *i, char ***marks);
const char *install_config_path(const LookupPaths *lp, InstallFlags flags);
