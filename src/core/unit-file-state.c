/* unit-file-state.c — the UnitFileState and UnitFilePreset properties of a unit, as systemd 252
 * reports them (measured): the install logic's answer for the unit's name ("enabled",
 * "static", "disabled", "masked"…, a template's answer for its instances) and what the preset
 * policy would do with it ("enabled"/"disabled"). Both are empty for a unit without a unit
 * file. They are computed when asked — `status` and `show` are rare next to the cost of keeping
 * them current through every enable, disable and preset change made behind the manager's back. */
#include "install.h"
#include "manager.h"
#include "preset.h"
#include "unit-file-state.h"

void unit_file_state_query(Unit *u, const char **ret_state, const char **ret_preset) {
        *ret_state = *ret_preset = NULL;
        if (!u->fragment_path)
                return;
        const LookupPaths *lp = &u->manager->lookup_paths;
        UnitFileState s;
        if (install_get_state(lp, u->id, &s) >= 0)
                *ret_state = unit_file_state_to_string(s);
        Presets p = {};
        if (presets_load(lp->root, &p) >= 0)
                *ret_preset = presets_query(&p, u->id, NULL) == PRESET_ACTION_ENABLE ? "enabled" : "disabled";
        presets_done(&p);
}
