/* sctl.c — the native command-line front end: parses systemctl-style options and dispatches
 * to a verb. Unknown verbs and bad options exit 1 with a message, as systemctl does. */
#include <getopt.h>
#include <stdio.h>

#include "log.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"

static const SctlVerb verbs[] = {
        { "cat", 2, 0, verb_cat, "Show the files of units, with their drop-ins" },
        { "disable", 2, 0, verb_disable, "Disable one or more unit files" },
        { "enable", 2, 0, verb_enable, "Enable one or more unit files" },
        { "is-enabled", 2, 0, verb_is_enabled, "Check whether unit files are enabled" },
        { "link", 2, 0, verb_link, "Link one or more units files into the search path" },
        { "list-unit-files", 1, 0, verb_list_unit_files, "List installed unit files" },
        { "mask", 2, 0, verb_mask, "Mask one or more units" },
        { "preset", 2, 0, verb_preset, "Enable/disable one or more unit files based on preset configuration" },
        { "preset-all", 1, 1, verb_preset_all, "Enable/disable all unit files based on preset configuration" },
        { "reenable", 2, 0, verb_reenable, "Reenable one or more unit files" },
        { "unmask", 2, 0, verb_unmask, "Unmask one or more units" },
        { "verify", 2, 0, verb_verify, "Load unit files and report problems" },
};

static void help(void) {
        printf("sctl [OPTIONS…] COMMAND …\n\nControl sysMaster, the systemd-compatible service manager.\n\nCommands:\n");
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
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
               "  -p --property=NAME     Show only this property\n");
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
};

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
                {}
        };
        int c;
        while ((c = getopt_long(argc, argv, "hfqlap:t:", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
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
                case ARG_SYSTEM: case ARG_PLAIN: break; /* the only mode / the only style */
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

int main(int argc, char **argv) {
        SctlOptions o = {};
        log_set_prefix(NULL);
        int r = parse_argv(argc, argv, &o);
        if (r <= 0)
                goto finish;
        if (optind >= argc) {
                help();
                r = -EINVAL;
                goto finish;
        }
        const char *name = argv[optind];
        const SctlVerb *v = NULL;
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (streq(verbs[i].name, name))
                        v = &verbs[i];
        if (!v) {
                r = log_error_errno(EINVAL, "Unknown command verb '%s'.", name);
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
