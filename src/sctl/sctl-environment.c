/* sctl-environment.c — show-environment, set-environment, unset-environment and
 * import-environment: the manager's environment block, which every process it spawns starts
 * from (src/core/manager-env.c). show-environment prints one assignment a line, a value that a
 * shell would misread quoted as $'…' (as systemctl does, so the output can be sourced);
 * import-environment sends the client's own variables (all of them, or those named, globs
 * allowed) as a set-environment request. */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "env-util.h"
#include "log.h"
#include "sctl-control.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"

/* Characters that make a shell word need quoting. */
#define SHELL_SPECIAL " \t\n\r\"'\\`$*?[]{}()<>|&;!#~"

static void print_assignment(const char *a) {
        const char *eq = strchr(a, '=');
        const char *v = eq ? eq + 1 : "";
        bool plain = true;
        for (const unsigned char *p = (const unsigned char *) v; *p; p++)
                if (*p < 0x20 || *p == 0x7f || strchr(SHELL_SPECIAL, *p)) {
                        plain = false;
                        break;
                }
        if (plain) {
                puts(a);
                return;
        }
        printf("%.*s=$'", (int) (eq - a), a);
        for (const unsigned char *p = (const unsigned char *) v; *p; p++)
                switch (*p) {
                case '\n': fputs("\\n", stdout); break;
                case '\t': fputs("\\t", stdout); break;
                case '\r': fputs("\\r", stdout); break;
                case '\\': fputs("\\\\", stdout); break;
                case '\'': fputs("\\'", stdout); break;
                default:
                        if (*p < 0x20 || *p == 0x7f)
                                printf("\\x%02x", *p);
                        else
                                putchar(*p);
                }
        puts("'");
}

int verb_show_environment(int argc, char **argv, const SctlOptions *o) {
        (void) argc, (void) argv;
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        _cleanup_strv_free_ char **env = NULL;
        _cleanup_free_ char *error = NULL;
        r = sctl_call(c, &env, &error, "show-environment", NULL);
        if (r < 0) {
                if (error)
                        log_error("Failed to get environment: %s", error);
                return 1;
        }
        STRV_FOREACH(e, env)
                print_assignment(*e);
        return 0;
}

static int send_request(const SctlOptions *o, const char *verb, char **args) {
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        _cleanup_strv_free_ char **req = NULL;
        if (strv_extend(&req, verb) < 0 || strv_extend_strv(&req, args, false) < 0)
                return log_oom();
        _cleanup_free_ char *error = NULL;
        r = sctl_call_strv(c, req, NULL, &error);
        if (r < 0) {
                if (error)
                        log_error("Failed to %s environment: %s", streq(verb, "unset-environment") ? "unset" : "set", error);
                return r == -EPERM ? 4 : 1;
        }
        return 0;
}

/* set-environment and unset-environment: checked here first, with systemctl's messages. */
int verb_set_environment(int argc, char **argv, const SctlOptions *o) {
        bool set = streq(argv[0], "set-environment");
        for (int i = 1; i < argc; i++) {
                bool ok = set || strchr(argv[i], '=') ? env_assignment_is_valid(argv[i]) : env_name_is_valid(argv[i]);
                if (!ok) {
                        log_error("Invalid environment %s: %s", set ? "assignment" : "variable name", argv[i]);
                        return 1;
                }
        }
        return send_request(o, argv[0], argv + 1);
}

int verb_import_environment(int argc, char **argv, const SctlOptions *o) {
        extern char **environ;
        _cleanup_strv_free_ char **set = NULL;
        if (argc <= 1) {
                log_warning("Calling import-environment without a list of variable names is deprecated.");
                STRV_FOREACH(e, environ)
                        /* invalid inherited variables are quietly left out */
                        if (env_assignment_is_valid(*e) && strv_extend(&set, *e) < 0)
                                return log_oom();
        } else
                for (int i = 1; i < argc; i++) {
                        bool glob = strpbrk(argv[i], "*?[") != NULL;
                        if (!glob && !env_name_is_valid(argv[i])) {
                                log_warning("Environment variable name '%s' is not valid, ignoring.", argv[i]);
                                continue;
                        }
                        bool found = false;
                        STRV_FOREACH(e, environ) {
                                size_t n = strcspn(*e, "=");
                                _cleanup_free_ char *name = strndup(*e, n);
                                if (!name)
                                        return log_oom();
                                if (glob ? fnmatch(argv[i], name, 0) != 0 : !streq(argv[i], name))
                                        continue;
                                found = true;
                                if (!env_assignment_is_valid(*e)) {
                                        log_warning("Environment variable %s has an invalid value, ignoring.", name);
                                        continue;
                                }
                                if (strv_extend(&set, *e) < 0)
                                        return log_oom();
                        }
                        if (!found && !glob)
                                log_warning("Environment variable $%s not set, ignoring.", argv[i]);
                }
        if (!set)
                return 0;
        return send_request(o, "set-environment", set);
}
