/* preset.h — systemd.preset(5) policy: *.preset files from /etc, /run, /usr/local/lib and
 * /usr/lib (and /lib) systemd/system-preset, merged by file name (the earlier directory
 * hides a same-named file further down), read in file-name order; the first line that
 * matches a unit decides, and a unit no line matches is enabled. `enable foo@.service a b`
 * enables the listed instances of a template. On top of the policy: `preset` and
 * `preset-all`, which enable or disable units accordingly, in full, enable-only or
 * disable-only mode. */
#pragma once

#include "install.h"

typedef enum PresetAction {
        PRESET_ACTION_ENABLE,
        PRESET_ACTION_DISABLE,
} PresetAction;

typedef struct PresetRule {
        char *pattern;      /* a glob on the unit name */
        PresetAction action;
        char **instances;   /* for "enable tmpl@.service inst…": the instances to enable */
} PresetRule;

typedef struct Presets {
        PresetRule *rules;
        size_t n;
} Presets;

typedef enum UnitFilePresetMode {
        UNIT_FILE_PRESET_FULL,
        UNIT_FILE_PRESET_ENABLE_ONLY,
        UNIT_FILE_PRESET_DISABLE_ONLY,
} UnitFilePresetMode;

/* Reads the preset files below root (NULL for the host). Lines that do not parse are
 * warned about ("file:line: Couldn't parse line '…'. Ignoring.") and skipped. */
int presets_load(const char *root, Presets *ret);
void presets_done(Presets *p);

/* The decision for name: PRESET_ACTION_ENABLE or _DISABLE. For a template, *ret_instances
 * (may be NULL) receives the instance list of the deciding rule, if it has one. */
PresetAction presets_query(const Presets *p, const char *name, char ***ret_instances);

/* `sctl preset UNIT…` and `sctl preset-all`. Return values as install_enable()'s. */
int install_preset(const LookupPaths *lp, InstallFlags flags, UnitFilePresetMode mode, char **names,
                   InstallChanges *changes);
int install_preset_all(const LookupPaths *lp, InstallFlags flags, UnitFilePresetMode mode, InstallChanges *changes);
