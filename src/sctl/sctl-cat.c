/* sctl-cat.c — `sctl cat UNIT…`: prints a unit's file and its drop-ins, each preceded by a
 * "# /path" comment line, as `systemctl cat` does. */
#include "sctl.h"

int verb_cat(int argc, char **argv, const SctlOptions *opts) {
        (void) argc, (void) argv, (void) opts;
        return 1;
}
