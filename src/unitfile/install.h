/* install.h — the offline install logic behind `sctl enable|disable|reenable|preset|mask|
 * unmask|link|is-enabled|list-unit-files`: it reads the [Install] sections of unit files below
 * an optional root and creates or removes the symlinks in /etc/systemd/system (or
 * /run/systemd/system with --runtime) exactly as systemctl 252 does offline. Every operation
 * records what it did, and every problem it met, as a list of InstallChange; the front end
 * prints them with systemctl's wording, so the logic itself never writes to stdout. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "load-path.h"
#include "macro.h"

/* What happened to one path. Negative values are errno codes with systemctl's meanings:
 * -ENOENT unit not found, -ERFKILL masked, -EEXIST file in the way, -EUCLEAN invalid name,
 * -EXDEV bad alias, -EBADSLT unknown specifier, -EUNATCH specifier not resolvable, -ELOOP
 * linked unit file, -EIDRM template to non-template, -EADDRNOTAVAIL generated/transient,
 * -ETXTBSY already in the unit hierarchy. */
typedef enum InstallChangeType {
        INSTALL_CHANGE_SYMLINK,
        INSTALL_CHANGE_UNLINK,
        INSTALL_CHANGE_IS_MASKED,
        INSTALL_CHANGE_IS_DANGLING,
        INSTALL_CHANGE_AUXILIARY_FAILED,
} InstallChangeType;

typedef struct InstallChange {
        int type;     /* an InstallChangeType, or a negative errno */
        char *path;   /* host path (with the root prefix) or a unit name, as messages need */
        char *source; /* symlink target, or the second name of a message */
} InstallChange;

typedef struct InstallChanges {
        InstallChange *items;
        size_t n;
} InstallChanges;

void install_changes_done(InstallChanges *c);
int install_changes_add(InstallChanges *c, int type, const char *path, const char *source);
/* True when a change of error kind (type < 0) was recorded. */
bool install_changes_have_error(const InstallChanges *c);

typedef enum InstallFlags {
        INSTALL_RUNTIME = 1 << 0, /* /run/systemd/system instead of /etc/systemd/system */
        INSTALL_FORCE = 1 << 1,   /* replace conflicting symlinks */
        INSTALL_DRY_RUN = 1 << 2, /* compute the changes, touch nothing */
        /* presets: a template without default instance silently skips plain targets */
        INSTALL_SKIP_TEMPLATE_TO_PLAIN = 1 << 3,
} InstallFlags;

typedef enum UnitFileState {
        UNIT_FILE_ENABLED,
        UNIT_FILE_ENABLED_RUNTIME,
        UNIT_FILE_LINKED,
        UNIT_FILE_LINKED_RUNTIME,
        UNIT_FILE_ALIAS,
        UNIT_FILE_MASKED,
        UNIT_FILE_MASKED_RUNTIME,
        UNIT_FILE_STATIC,
        UNIT_FILE_DISABLED,
        UNIT_FILE_INDIRECT,
        UNIT_FILE_GENERATED,
        UNIT_FILE_TRANSIENT,
        UNIT_FILE_BAD,
        _UNIT_FILE_STATE_MAX,
        _UNIT_FILE_STATE_INVALID = -EINVAL,
} UnitFileState;

const char *unit_file_state_to_string(UnitFileState s);

/* The install operations. names are unit names (already mangled by the caller); link and
 * enable also take absolute paths of unit files. All return >0 when something carries
 * install information (or was done), 0 when nothing did (the caller prints systemctl's
 * "no installation config" note for enable), or a negative errno; the details are in
 * *changes either way. */
int install_enable(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes);
int install_disable(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes);
int install_reenable(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes);
int install_mask(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes);
int install_unmask(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes);
int install_link(const LookupPaths *lp, InstallFlags flags, char **paths, InstallChanges *changes);

/* The state of one unit file as `is-enabled` prints it. -ENOENT when there is none; other
 * errors (a file that does not parse, a symlink loop) as negative errno. */
int install_get_state(const LookupPaths *lp, const char *name, UnitFileState *ret);

typedef struct UnitFileEntry {
        char *name;
        char *path; /* root-less path where it was found */
        UnitFileState state;
} UnitFileEntry;

/* Every unit file of the search path (the first of each name), with its state, sorted by
 * unit type and name as list-unit-files prints them; patterns (fnmatch) filter by name. */
int install_list_unit_files(const LookupPaths *lp, char **patterns, UnitFileEntry **ret, size_t *ret_n);
void unit_file_entries_free(UnitFileEntry *l, size_t n);
