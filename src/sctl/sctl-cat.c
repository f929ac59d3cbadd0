/* sctl-cat.c — `sctl cat UNIT…`: prints each unit's file and its drop-ins, each preceded by
 * a "# /path" line and separated by an empty line, as `systemctl cat` does. */
#include <stdio.h>

#include "fileio.h"
#include "log.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"

static int print_file(const LookupPaths *lp, const char *path, bool first) {
        _cleanup_free_ char *host = lookup_paths_host(lp, path), *text = NULL;
        if (!host)
                return log_oom();
        int r = read_full_file(host, READ_FULL_MAX, &text, NULL);
        if (r < 0)
                return log_warning_errno(r, "Failed to read \"%s\": %m", path);
        printf("%s# %s\n%s", first ? "" : "\n", path, text);
        if (*text && !endswith(text, "\n"))
                putchar('\n');
        return 0;
}

int verb_cat(int argc, char **argv, const SctlOptions *opts) {
        LookupPaths lp;
        _cleanup_(unit_name_map_freep) UnitNameMap *map = NULL;
        int r = lookup_paths_init(&lp, opts->root);
        if (r < 0)
                return log_oom();
        if ((r = unit_name_map_build(&lp, &map)) < 0) {
                lookup_paths_done(&lp);
                return log_error_errno(r, "Failed to scan the unit load path: %m");
        }
        int ret = 0;
        bool first = true;
        for (int i = 1; i < argc; i++) {
                _cleanup_free_ char *name = NULL;
                _cleanup_(loaded_unit_freep) LoadedUnit *u = NULL;
                if (unit_name_mangle(argv[i], &name) < 0 || unit_file_load(&lp, map, name, UNIT_LOAD_PATHS_ONLY, &u) < 0) {
                        log_error("Invalid unit name \"%s\".", argv[i]);
                        ret = 1;
                        continue;
                }
                if (u->load_state == UNIT_MASKED) {
                        log_error("Unit %s is masked.", u->id);
                        ret = 1;
                        continue;
                }
                if (!u->fragment_path && !u->dropin_paths) {
                        log_error("No files found for %s.", u->id);
                        ret = 1;
                        continue;
                }
                if (u->fragment_path) {
                        print_file(&lp, u->fragment_path, first);
                        first = false;
                }
                STRV_FOREACH(d, u->dropin_paths) {
                        print_file(&lp, *d, first);
                        first = false;
                }
        }
        lookup_paths_done(&lp);
        return ret;
}
