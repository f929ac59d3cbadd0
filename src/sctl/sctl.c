/* sctl.c — the native command-line front end: parses systemctl-style options and dispatches
 * to a verb. Unknown verbs and bad options exit 1 with a message, as systemctl does. */
#include <getopt.h>
#include <stdio.h>

#include "log.h"
#include "sctl.h"
#include "signal-util.h"
#include "string-util.h"
#include "strv.h"

static const SctlVerb verbs[] = {
        { "cat", 2, 0, verb_cat, "Show the files of units, with their drop-ins" },
        { "condreload", 2, 0, verb_start, NULL },
        { "condrestart", 2, 0, verb_start, NULL },
        { "condstop", 2, 0, verb_start, NULL },
        { "daemon-reexec", 1, 1, verb_daemon_reload, "Reexecute the service manager" },
        { "daemon-reload", 1, 1, verb_daemon_reload, "Reload unit files and the manager's configuration" },
        { "default", 1, 1, verb_start_special, "Enter the default target" },
        { "disable", 2, 0, verb_disable, "Disable one or more unit files" },
        { "emergency", 1, 1, verb_start_special, "Enter emergency mode" },
        { "enable", 2, 0, verb_enable, "Enable one or more unit files" },
        { "exit", 1, 2, verb_shutdown_action, "Ask the service manager to quit" },
        { "force-reload", 2, 0, verb_start, NULL },
        { "get-default", 1, 1, verb_get_default, "Show the default target" },
        { "halt", 1, 1, verb_shutdown_action, "Shut down and halt the system" },
        { "import-environment", 1, 0, verb_import_environment, "Import all or some environment variables" },
        { "is-active", 2, 0, verb_is_active, "Check whether units are active" },
        { "is-enabled", 2, 0, verb_is_enabled, "Check whether unit files are enabled" },
        { "is-failed", 2, 0, verb_is_failed, "Check whether units are failed" },
        { "is-system-running", 1, 1, verb_is_system_running, "Check whether the system is fully running" },
        { "isolate", 2, 2, verb_start, "Start one unit and stop all others" },
        { "kexec", 1, 1, verb_shutdown_action, "Shut down and reboot with kexec" },
        { "kill", 2, 0, verb_kill, "Send a signal to the processes of units" },
        { "link", 2, 0, verb_link, "Link one or more units files into the search path" },
        { "list-dependencies", 1, 2, verb_list_dependencies, "Show the dependency tree of a unit" },
        { "list-jobs", 1, 0, verb_list_jobs, "List jobs" },
        { "list-sockets", 1, 0, verb_list_sockets, "List socket units and their listening addresses" },
        { "list-timers", 1, 0, verb_list_timers, "List timer units, ordered by their next elapse" },
        { "list-unit-files", 1, 0, verb_list_unit_files, "List installed unit files" },
        { "list-units", 1, 0, verb_list_units, "List units in memory" },
        { "mask", 2, 0, verb_mask, "Mask one or more units" },
        { "poweroff", 1, 1, verb_shutdown_action, "Shut down and power off the system" },
        { "preset", 2, 0, verb_preset, "Enable/disable one or more unit files based on preset configuration" },
        { "preset-all", 1, 1, verb_preset_all, "Enable/disable all unit files based on preset configuration" },
        { "reboot", 1, 1, verb_shutdown_action, "Shut down and reboot the system" },
        { "reenable", 2, 0, verb_reenable, "Reenable one or more unit files" },
        { "reload", 2, 0, verb_start, "Reload units" },
        { "reload-or-restart", 2, 0, verb_start, "Reload units if supported, restart them otherwise" },
        { "reload-or-try-restart", 2, 0, verb_start, NULL },
        { "rescue", 1, 1, verb_start_special, "Enter rescue mode" },
        { "reset-failed", 1, 0, verb_reset_failed, "Reset the failed state of units" },
        { "restart", 2, 0, verb_start, "Start or restart units" },
        { "set-default", 2, 2, verb_set_default, "Set the default target" },
        { "set-environment", 2, 0, verb_set_environment, "Set one or more environment variables" },
        { "show", 1, 0, verb_show, "Show properties of units" },
        { "show-environment", 1, 1, verb_show_environment, "Dump the environment" },
        { "start", 2, 0, verb_start, "Start units" },
        { "start-transient-scope", 3, 0, verb_start_transient_scope, "Put running processes into a new scope unit" },
        { "status", 1, 0, verb_status, "Show the runtime status of units" },
        { "stop", 2, 0, verb_start, "Stop units" },
        { "try-reload-or-restart", 2, 0, verb_start, "Reload units if supported, restart them if running" },
        { "try-restart", 2, 0, verb_start, "Restart units if running" },
        { "unmask", 2, 0, verb_unmask, "Unmask one or more units" },
        { "unset-environment", 2, 0, verb_set_environment, "Unset one or more environment variables" },
        { "verify", 2, 0, verb_verify, "Load unit files and report problems" },
};

static void help(void) {
        printf("sctl [OPTIONS…] COMMAND …\n\nControl sysMaster, the systemd-compatible service manager.\n\nCommands:\n");
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (verbs[i].help) /* legacy spellings are accepted, not advertised */
                        printf("  %-22s %s\n", verbs[i].name, verbs[i].help);
        printf("\nOptions:\n"
               "  -h --help              Show this help\n"
               "     --version           Show the version\n"
               "     --root=PATH         Operate on unit files below PATH\n"
               "     --runtime           Make changes only until the next reboot\n"
               "     --now               Start or stop the unit as well\n"
               "     --no-reload         Do not reload the manager after changes\n"
               "     --preset-mode=MODE  full, enable-only or disable-only\n"
               "  -q --quiet             Suppress output\n"
               "  -p --property=NAME     Show only this property\n"
               "  -a --all               Show all units/properties, including dead/empty ones\n"
               "     --value             Show only the values of properties\n"
               "  -t --type=TYPE         List units of a particular type\n"
               "     --state=STATE       List units with a particular LOAD, SUB or ACTIVE state\n"
               "     --plain             Print a list instead of a tree, no bullets\n"
               "     --no-legend         Do not print the header and footer\n"
               "     --no-block          Do not wait for the jobs to finish\n"
               "     --job-mode=MODE     How to deal with queued jobs (replace, fail, isolate…)\n"
               "  -s --signal=SIGNAL     Which signal to send (kill)\n"
               "     --kill-whom=WHOM    main, control or all processes (kill)\n"
               "     --reverse           Show reverse dependencies (list-dependencies)\n");
}

enum {
        ARG_VERSION = 0x100,
        ARG_ROOT,
        ARG_RUNTIME,
        ARG_NOW,
        ARG_NO_RELOAD,
        ARG_NO_BLOCK,
        ARG_NO_PAGER,
        ARG_NO_LEGEND,
        ARG_PRESET_MODE,
        ARG_VALUE,
        ARG_STATE,
        ARG_SYSTEM,
        ARG_PLAIN,
        ARG_JOB_MODE,
        ARG_KILL_WHOM,
        ARG_REVERSE,
        ARG_AFTER,
        ARG_BEFORE,
        ARG_FAIL,
        ARG_IRREVERSIBLE,
        ARG_IGNORE_DEPENDENCIES,
        ARG_LEGEND,
        ARG_USER,
        ARG_IGNORED_WITH_ARG,
        ARG_IGNORED,
};

static bool as_systemctl;

static int parse_argv(int argc, char **argv, SctlOptions *o) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "root", required_argument, NULL, ARG_ROOT },
                { "runtime", no_argument, NULL, ARG_RUNTIME },
                { "force", no_argument, NULL, 'f' },
                { "now", no_argument, NULL, ARG_NOW },
                { "no-reload", no_argument, NULL, ARG_NO_RELOAD },
                { "no-block", no_argument, NULL, ARG_NO_BLOCK },
                { "no-pager", no_argument, NULL, ARG_NO_PAGER },
                { "no-legend", no_argument, NULL, ARG_NO_LEGEND },
                { "quiet", no_argument, NULL, 'q' },
                { "full", no_argument, NULL, 'l' },
                { "all", no_argument, NULL, 'a' },
                { "value", no_argument, NULL, ARG_VALUE },
                { "property", required_argument, NULL, 'p' },
                { "type", required_argument, NULL, 't' },
                { "state", required_argument, NULL, ARG_STATE },
                { "preset-mode", required_argument, NULL, ARG_PRESET_MODE },
                { "system", no_argument, NULL, ARG_SYSTEM },
                { "plain", no_argument, NULL, ARG_PLAIN },
                { "job-mode", required_argument, NULL, ARG_JOB_MODE },
                { "fail", no_argument, NULL, ARG_FAIL },
                { "irreversible", no_argument, NULL, ARG_IRREVERSIBLE },
                { "ignore-dependencies", no_argument, NULL, ARG_IGNORE_DEPENDENCIES },
                { "signal", required_argument, NULL, 's' },
                { "kill-whom", required_argument, NULL, ARG_KILL_WHOM },
                { "kill-who", required_argument, NULL, ARG_KILL_WHOM },
                { "reverse", no_argument, NULL, ARG_REVERSE },
                { "after", no_argument, NULL, ARG_AFTER },
                { "before", no_argument, NULL, ARG_BEFORE },
                { "legend", required_argument, NULL, ARG_LEGEND },
                { "user", no_argument, NULL, ARG_USER },
                { "lines", required_argument, NULL, 'n' },
                { "output", required_argument, NULL, 'o' },
                { "check-inhibitors", required_argument, NULL, ARG_IGNORED_WITH_ARG },
                { "no-ask-password", no_argument, NULL, ARG_IGNORED },
                { "no-wall", no_argument, NULL, ARG_IGNORED },
                {}
        };
        int c;
        /* options may come before or after the verb, as with systemctl */
        while ((c = getopt_long(argc, argv, "hfqlap:t:s:n:o:i", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        /* scripts parse systemctl's first line for systemd's version */
                        if (as_systemctl)
                                printf("systemd 252 (252-sysmaster)\n+sysmaster %s\n", PACKAGE_VERSION);
                        else
                                printf("sysmaster %s\n", PACKAGE_VERSION);
                        return 0;
                case ARG_ROOT: o->root = optarg; break;
                case ARG_RUNTIME: o->runtime = true; break;
                case 'f': o->force = true; break;
                case ARG_NOW: o->now = true; break;
                case ARG_NO_RELOAD: o->no_reload = true; break;
                case ARG_NO_BLOCK: o->no_block = true; break;
                case ARG_NO_PAGER: o->no_pager = true; break;
                case ARG_NO_LEGEND: o->no_legend = true; break;
                case 'q': o->quiet = true; break;
                case 'l': o->full = true; break;
                case 'a': o->all = true; break;
                case ARG_VALUE: o->value = true; break;
                case ARG_SYSTEM: break; /* the only mode */
                case ARG_PLAIN: o->plain = true; break;
                case ARG_JOB_MODE: o->job_mode = optarg; break;
                case ARG_FAIL: o->job_mode = "fail"; break;
                case ARG_IRREVERSIBLE: o->job_mode = "replace-irreversibly"; break;
                case ARG_IGNORE_DEPENDENCIES: o->job_mode = "ignore-dependencies"; break;
                case ARG_KILL_WHOM: o->kill_whom = optarg; break;
                case ARG_REVERSE: o->reverse = true; break;
                case ARG_AFTER: o->after = true; break;
                case ARG_BEFORE: o->before = true; break;
                case ARG_LEGEND: o->no_legend = streq(optarg, "no") || streq(optarg, "false") || streq(optarg, "0"); break;
                case 'n': case 'o': case 'i': case ARG_IGNORED_WITH_ARG: case ARG_IGNORED: break;
                case ARG_USER:
                        return log_error_errno(EOPNOTSUPP, "The user service manager is not supported by sysMaster.");
                case 's': {
                        int sig = signal_from_string(optarg);
                        if (sig <= 0)
                                return log_error_errno(EINVAL, "Failed to parse signal string \"%s\".", optarg);
                        o->signal = sig;
                        break;
                }
                case 'p':
                case 't':
                case ARG_STATE: {
                        char ***l = c == 'p' ? &o->properties : c == 't' ? &o->types : &o->states;
                        _cleanup_strv_free_ char **words = NULL;
                        if (strv_split_full(&words, optarg, ",", 0) < 0 || strv_extend_strv(l, words, true) < 0)
                                return log_oom();
                        break;
                }
                case ARG_PRESET_MODE:
                        if (streq(optarg, "full"))
                                o->preset_mode = PRESET_FULL;
                        else if (streq(optarg, "enable-only"))
                                o->preset_mode = PRESET_ENABLE_ONLY;
                        else if (streq(optarg, "disable-only"))
                                o->preset_mode = PRESET_DISABLE_ONLY;
                        else
                                return log_error_errno(EINVAL, "Failed to parse preset mode: %s.", optarg);
                        break;
                default:
                        return -EINVAL;
                }
        }
        return 1;
}

int sctl_main(int argc, char **argv, bool systemctl) {
        SctlOptions o = {};
        as_systemctl = systemctl;
        /* analyze has options of its own (--iterations=…), parsed by its verbs */
        if (!systemctl && argc > 1 && streq(argv[1], "analyze")) {
                int k = sctl_analyze_main(argc - 1, argv + 1);
                return k < 0 ? 1 : k;
        }
        int r = parse_argv(argc, argv, &o);
        if (r <= 0)
                goto finish;
        if (optind >= argc) { /* as systemctl: no verb lists units */
                char *l[] = { (char *) "list-units", NULL };
                r = verb_list_units(1, l, &o);
                goto finish;
        }
        const char *name = argv[optind];
        const SctlVerb *v = NULL;
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (streq(verbs[i].name, name))
                        v = &verbs[i];
        if (!v) {
                r = log_error_errno(EINVAL, "Unknown command verb %s.", name);
                goto finish;
        }
        unsigned n = (unsigned) (argc - optind);
        if (n < v->min_args) {
                r = log_error_errno(EINVAL, "Too few arguments.");
                goto finish;
        }
        if (v->max_args && n > v->max_args) {
                r = log_error_errno(EINVAL, "Too many arguments.");
                goto finish;
        }
        r = v->run((int) n, argv + optind, &o);
finish:
        strv_free(o.properties);
        strv_free(o.types);
        strv_free(o.states);
        /* verbs return an exit code (>= 0) or a negative errno, which means exit 1 */
        return r < 0 ? 1 : r;
}

int main(int argc, char **argv) {
        log_set_prefix(NULL);
        const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
        if (streq(name, "reboot") || streq(name, "poweroff") || streq(name, "halt") || streq(name, "shutdown") ||
            streq(name, "telinit") || streq(name, "runlevel"))
                return sctl_compat_main(name, argc, argv);
        return sctl_main(argc, argv, streq(name, "systemctl"));
}
