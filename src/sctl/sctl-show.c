/* sctl-show.c — the state queries: show (properties as `systemctl show` prints them: all
 * non-empty ones by default, every one with --all, the -p ones even when empty, only values
 * with --value), is-active, is-failed and is-system-running, with systemctl's exit codes. */
#include <stdio.h>

#include "log.h"
#include "sctl-control.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"

static bool wanted(const SctlOptions *o, const char *prop) {
        if (!o->properties)
                return true;
        const char *eq = strchr(prop, '=');
        size_t l = eq ? (size_t) (eq - prop) : strlen(prop);
        STRV_FOREACH(p, o->properties)
                if (strlen(*p) == l && strncmp(*p, prop, l) == 0)
                        return true;
        return false;
}

/* Prints the selected properties of one unit. */
void sctl_print_properties(const SctlOptions *o, char **props) {
        STRV_FOREACH(p, props) {
                const char *eq = strchr(*p, '=');
                if (!eq || !wanted(o, *p))
                        continue;
                if (!eq[1] && !o->all && !o->properties)
                        continue; /* empty: only when asked for */
                if (o->value)
                        puts(eq + 1);
                else
                        puts(*p);
        }
}

int verb_show(int argc, char **argv, const SctlOptions *o) {
        _cleanup_strv_free_ char **units = NULL;
        if (sctl_mangle_names(argv + 1, &units) < 0)
                return -EINVAL;
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        if (argc <= 1) {
                /* the manager's own properties: the few sysMaster has */
                _cleanup_strv_free_ char **f = NULL;
                if (sctl_call(c, &f, NULL, "is-system-running", NULL) < 0)
                        return 1;
                char *props[] = { (char *) "Version=252 (252-sysmaster)", NULL, NULL };
                _cleanup_free_ char *state = strjoin("SystemState=", f[0] ?: "");
                props[1] = state;
                sctl_print_properties(o, props);
                return 0;
        }
        bool first = true;
        STRV_FOREACH(u, units) {
                _cleanup_strv_free_ char **props = NULL;
                _cleanup_free_ char *error = NULL;
                r = sctl_unit_properties(c, *u, &props, &error);
                if (r < 0) {
                        if (!error)
                                return r;
                        log_error("Failed to get properties: %s", error);
                        return 1;
                }
                if (!first && !o->value)
                        putchar('\n');
                first = false;
                sctl_print_properties(o, props);
        }
        return 0;
}

/* is-active / is-failed: prints each unit's state; success when any is in one of states */
static int check_units(int argc, char **argv, const SctlOptions *o, const char *const *states, int not_found_code) {
        _cleanup_strv_free_ char **units = NULL;
        (void) argc;
        if (sctl_mangle_names(argv + 1, &units) < 0)
                return -EINVAL;
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        bool found = false;
        STRV_FOREACH(u, units) {
                _cleanup_strv_free_ char **props = NULL;
                _cleanup_free_ char *error = NULL;
                r = sctl_unit_properties(c, *u, &props, &error);
                if (r < 0 && !error)
                        return r;
                const char *s = r < 0 ? "unknown" : sctl_property(props, "ActiveState") ?: "unknown";
                for (size_t i = 0; states[i]; i++)
                        if (streq(states[i], s))
                                found = true;
                if (!o->quiet)
                        puts(s);
        }
        return found ? 0 : not_found_code;
}

int verb_is_active(int argc, char **argv, const SctlOptions *o) {
        static const char *const states[] = { "active", "reloading", NULL };
        return check_units(argc, argv, o, states, EXIT_PROGRAM_NOT_RUNNING);
}

int verb_is_failed(int argc, char **argv, const SctlOptions *o) {
        static const char *const states[] = { "failed", NULL };
        return check_units(argc, argv, o, states, EXIT_PROGRAM_DEAD_AND_PID_EXISTS);
}

int verb_is_system_running(int argc, char **argv, const SctlOptions *o) {
        (void) argc, (void) argv;
        SctlOptions quiet = *o;
        quiet.quiet = true;
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        if (sctl_connect_quiet(&quiet, &c) < 0) {
                /* no manager: what systemctl says outside a systemd system */
                if (!o->quiet)
                        puts("offline");
                return 1;
        }
        _cleanup_strv_free_ char **f = NULL;
        _cleanup_free_ char *error = NULL;
        int r = sctl_call(c, &f, &error, "is-system-running", NULL);
        if (r < 0) {
                if (error)
                        log_error("Failed to query system state: %s", error);
                return 1;
        }
        const char *state = f && f[0] ? f[0] : "unknown";
        if (!o->quiet)
                puts(state);
        /* recoveries of the manager: never silent, but off stdout, which scripts compare */
        if (!o->quiet && f && f[0] && f[1])
                fprintf(stderr, "Manager %s\n", f[1]);
        return streq(state, "running") ? 0 : 1;
}
