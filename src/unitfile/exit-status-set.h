/* exit-status-set.h — sets of exit codes and signals for SuccessExitStatus=,
 * RestartPreventExitStatus= and RestartForceExitStatus=: numbers 0…255, the exit code names
 * of systemd.exec(5) ("TEMPFAIL", "NAMESPACE"…) and signal names ("SIGKILL", "TERM"). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "config-parse.h"

typedef struct ExitStatusSet {
        uint64_t status[4];   /* bit n: exit code n */
        uint64_t signal[2];   /* bit n: killed by signal n (1…64) */
} ExitStatusSet;

/* systemd.exec(5)'s name of an exit code ("TEMPFAIL"), or NULL. */
const char *exit_status_to_string(int code);
int exit_status_from_string(const char *s);   /* name or 0…255; -EINVAL, -ERANGE */

bool exit_status_set_has_status(const ExitStatusSet *s, int code);
bool exit_status_set_has_signal(const ExitStatusSet *s, int sig);
bool exit_status_set_is_empty(const ExitStatusSet *s);

/* ExitStatusSet *: words added to the set; an empty value empties it. A bad word is a warning
 * and the others still count. */
int config_parse_exit_status_set(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
