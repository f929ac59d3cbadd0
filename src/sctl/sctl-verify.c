/* sctl-verify.c — `sctl verify FILE|UNIT…`: loads units as the manager would and reports
 * problems with file and line, like `systemd-analyze verify`: warnings for what is ignored,
 * errors (and exit status 1) for units that would not load or could not start. A template
 * file is checked as the instance "test_instance", as systemd-analyze does. */
#include <stdio.h>

#include "log.h"
#include "path-util.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"
#include "unit-verify.h"

/* Reports a unit that did not load; returns whether that is an error. */
static bool report_load_state(const LoadedUnit *u) {
        switch (u->load_state) {
        case UNIT_LOADED:
                return false;
        case UNIT_NOT_FOUND:
                log_error("Unit %s not found.", u->id);
                return true;
        case UNIT_MASKED:
                log_error("Unit %s is masked.", u->id);
                return true;
        case UNIT_BAD_SETTING:
                log_error("%s: Unit configuration has fatal error, unit will not be started.", u->id);
                log_error("Unit %s has a bad unit file setting.", u->id);
                return true;
        default:
                log_error_errno(u->load_error,
                                "Unit %s failed to load properly, please adjust/correct and reload service manager: %m",
                                u->id);
                return true;
        }
}

/* A file named like a template is verified as an instance of it. */
static int instance_path(const char *path, char **ret) {
        const char *name = path_basename(path);
        if (unit_name_classify(name) != UNIT_NAME_TEMPLATE) {
                *ret = NULL;
                return 0;
        }
        _cleanup_free_ char *inst = NULL, *dir = path_dirname(path);
        if (!dir || unit_name_replace_instance(name, "test_instance", &inst) < 0)
                return -ENOMEM;
        *ret = path_join(dir, inst);
        return *ret ? 1 : -ENOMEM;
}

int verb_verify(int argc, char **argv, const SctlOptions *opts) {
        LookupPaths lp;
        _cleanup_(unit_name_map_freep) UnitNameMap *map = NULL;
        int r = lookup_paths_init(&lp, opts->root);
        if (r < 0)
                return log_oom();
        r = unit_name_map_build(&lp, &map);
        if (r < 0) {
                lookup_paths_done(&lp);
                return log_error_errno(r, "Failed to scan the unit load path: %m");
        }

        bool failed = false;
        for (int i = 1; i < argc; i++) {
                const char *arg = argv[i];
                _cleanup_(loaded_unit_freep) LoadedUnit *u = NULL;
                if (strchr(arg, '/')) {
                        /* A template file: load its bytes under an instance name. */
                        _cleanup_free_ char *inst = NULL;
                        r = instance_path(arg, &inst);
                        if (r < 0)
                                return log_oom();
                        r = unit_file_load_path(&lp, arg, inst ? path_basename(inst) : NULL, &u);
                } else {
                        _cleanup_free_ char *name = NULL;
                        r = unit_name_mangle(arg, &name);
                        if (r >= 0 && unit_name_classify(name) == UNIT_NAME_TEMPLATE) {
                                char *inst;
                                if (unit_name_replace_instance(name, "test_instance", &inst) >= 0)
                                        free(name), name = inst;
                        }
                        if (r >= 0)
                                r = unit_file_load(&lp, map, name, 0, &u);
                }
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        log_error("Failed to prepare filename %s: Invalid argument", arg);
                        failed = true;
                        continue;
                }
                if (report_load_state(u)) {
                        failed = true;
                        continue;
                }
                if (unit_verify(u, &lp) < 0)
                        failed = true;
        }
        lookup_paths_done(&lp);
        return failed ? 1 : 0;
}
