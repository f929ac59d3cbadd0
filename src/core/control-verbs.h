/* control-verbs.h — the request handlers behind control_dispatch(), split by role: verbs that
 * change state (control-verbs.c), queries (control-query.c), and the unit properties `show`
 * prints (control-properties.c). Handlers get the request fields after the verb and answer
 * through the client; they never fail, problems become "error" replies. */
#pragma once

#include "control-server.h"

typedef void (*ControlVerbFunc)(ControlClient *c, char **args, size_t n_args);

/* Queries (anyone may ask). */
void control_verb_show(ControlClient *c, char **args, size_t n);
void control_verb_list_units(ControlClient *c, char **args, size_t n);
void control_verb_list_jobs(ControlClient *c, char **args, size_t n);
void control_verb_dependencies(ControlClient *c, char **args, size_t n);
void control_verb_unit_status(ControlClient *c, char **args, size_t n);
void control_verb_is_system_running(ControlClient *c, char **args, size_t n);
void control_verb_get_default(ControlClient *c, char **args, size_t n);
/* control-manager.c: the manager's own status, recoveries included */
void control_verb_manager_status(ControlClient *c, char **args, size_t n);
/* "recovered N times, …; last DATE: REASON", or NULL when the manager never recovered */
char *control_recovery_summary(Manager *m);

/* The unit a request names, loading it if needed. *ret_created tells whether this request
 * brought it into memory, so a unit that turns out not to exist can be forgotten again
 * (control_unit_release) instead of lingering as systemd's garbage collector would not let
 * it. Replies the error itself and returns <0 on an invalid name. */
int control_load_unit(ControlClient *c, const char *name, Unit **ret, bool *ret_created);
void control_unit_release(Unit *u, bool created);

/* systemd's system states: initializing, starting, running, degraded, maintenance, stopping. */
const char *control_system_state(Manager *m);

/* Every property of u as "Name=value", in the order `systemctl show` prints them; empty
 * values included (the client hides them unless asked). */
int unit_properties(Unit *u, char ***ret);
/* The Unit part alone, and the formatting helpers (exposed for the tests). */
int unit_properties_generic(Unit *u, char ***l);
int property_append(char ***l, const char *name, const char *value);
int property_append_timestamp(char ***l, const char *name, usec_t realtime, usec_t monotonic);
int property_append_units(char ***l, const char *name, const UnitSet *s);
/* One exec command as `show` prints it, "{ path=… ; argv[]=… ; … }"; st NULL: never ran. */
struct ExecStatus;
char *property_format_exec_command(const ExecCommand *c, const struct ExecStatus *st);
