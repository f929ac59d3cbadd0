/* unit-verify.c — see unit-verify.h. */
#include "unit-verify.h"

int unit_verify(const LoadedUnit *u, const LookupPaths *lp) {
        (void) u, (void) lp;
        return 0;
}
