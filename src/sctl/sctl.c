/* sctl.c — the native command-line front end: dispatches a verb to its implementation. */
#include <stdio.h>

#include "log.h"

int main(int argc, char **argv) {
        (void) argc, (void) argv;
        fprintf(stderr, "usage: sctl VERB …\n");
        return 1;
}
