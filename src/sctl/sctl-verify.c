/* sctl-verify.c — `sctl verify FILE|UNIT…`: loads units like the manager would and reports
 * problems with file and line, like `systemd-analyze verify`. */
#include "sctl.h"

int verb_verify(int argc, char **argv, const SctlOptions *opts) {
        (void) argc, (void) argv, (void) opts;
        return 1;
}
