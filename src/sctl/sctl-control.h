/* sctl-control.h — sctl's side of the control protocol: connecting to the manager's socket
 * ($SYSMASTER_CONTROL_SOCKET, else /run/sysmaster/control below --root), sending requests and
 * reading their answers, collecting the "done" frames of jobs that finish while other
 * requests are answered, and the messages systemctl prints when no manager is there. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "control.h"
#include "macro.h"
#include "sctl.h"

typedef struct SctlDone {
        uint32_t id;
        char *unit, *type, *result, *service_result;
} SctlDone;

typedef struct SctlConn {
        int fd;
        ControlReader reader;
        SctlDone *done;          /* "done" frames read while waiting for something else */
        size_t n_done;
} SctlConn;

/* Connects; on failure prints what systemctl prints when systemd is not running (unless
 * quiet) and returns <0. */
int sctl_connect(const SctlOptions *o, SctlConn **ret);
/* The same, silent: for verbs that have their own answer when no manager runs. */
int sctl_connect_quiet(const SctlOptions *o, SctlConn **ret);
SctlConn *sctl_conn_free(SctlConn *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(SctlConn *, sctl_conn_free);

/* Sends a request (NULL-terminated fields). */
int sctl_send(SctlConn *c, const char *first, ...) __attribute__((sentinel));
/* The same, with the fields as a NULL-terminated array (requests of any length). */
int sctl_send_strv(SctlConn *c, char *const *fields);
/* Reads the next answer frame that is not "done" (those are kept for sctl_wait_job). */
int sctl_read(SctlConn *c, char ***ret_fields);
/* A request answered with "ok [VALUE…]" or "error ERRNO MESSAGE": 0 and the fields after "ok",
 * or the negative errno with the message in *ret_error. */
int sctl_call(SctlConn *c, char ***ret_fields, char **ret_error, const char *first, ...) __attribute__((sentinel));
/* sctl_call() with the request as a NULL-terminated array (requests of any length). */
int sctl_call_strv(SctlConn *c, char *const *fields, char ***ret_fields, char **ret_error);
/* A request answered with "row" frames and "end": the rows' fields. */
int sctl_call_rows(SctlConn *c, char ****ret_rows, size_t *ret_n, char **ret_error, const char *first, ...)
        __attribute__((sentinel));
void sctl_rows_free(char ***rows, size_t n);
/* Waits until job id's "done" frame arrives (or came already). */
int sctl_wait_job(SctlConn *c, uint32_t id, SctlDone *ret);
void sctl_done_clear(SctlDone *d);

/* `show`'s data: all properties of a unit as "Name=value" strings. */
int sctl_unit_properties(SctlConn *c, const char *unit, char ***ret, char **ret_error);
/* The value of Name in such a list, or NULL. */
const char *sctl_property(char **props, const char *name);

/* Names from the command line as units: "foo" becomes "foo.service". Prints systemctl's
 * message for invalid names. */
int sctl_mangle_names(char **args, char ***ret);

/* ●, × or ○ for an active state, as status and list-dependencies show it. */
const char *sctl_active_state_glyph(const char *state);
/* The exit status of systemctl for a refused job request, by the manager's errno. */
int sctl_job_error_exit_status(int r);
int sctl_run_jobs(const SctlOptions *o, const char *request, const char *word, char **units, const char *mode,
                  bool block);
void sctl_print_properties(const SctlOptions *o, char **props);
/* list-units' table, legend and footer for the rows of a "list-units" answer (id, load,
 * active, sub, description, job id, job type), filtered by patterns and the options. */
void sctl_print_unit_list(FILE *f, const SctlOptions *o, char ***rows, size_t n, char **patterns);
