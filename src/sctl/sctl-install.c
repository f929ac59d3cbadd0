/* sctl-install.c — the unit-file verbs that work without a manager: enable, disable,
 * reenable, preset, preset-all, mask, unmask, link, is-enabled and list-unit-files. They
 * run the logic of install.c/preset.c on the tree below --root (or /) and print what it did
 * with systemctl 252's words on stderr; --quiet keeps only the errors. After a change, a
 * running manager is told to reload (unless --no-reload or --root: package scripts in a
 * chroot meet no manager and need none), and --now starts the units enable names, or stops
 * those disable and mask name, as systemctl 252 does. */
#include <stdio.h>
#include <string.h>

#include "install.h"
#include "sctl-control.h"
#include "load-path.h"
#include "log.h"
#include "path-util.h"
#include "preset.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static const char no_install_info_note[] =
        "The unit files have no installation config (WantedBy=, RequiredBy=, Also=,\n"
        "Alias= settings in the [Install] section, and DefaultInstance= for template\n"
        "units). This means they are not meant to be enabled using systemctl.\n"
        " \n"
        "Possible reasons for having this kind of units are:\n"
        "\u2022 A unit may be statically enabled by being symlinked from another unit's\n"
        "  .wants/ or .requires/ directory.\n"
        "\u2022 A unit's purpose may be to act as a helper for some other unit which has\n"
        "  a requirement dependency on it.\n"
        "\u2022 A unit may be started when needed via activation (socket, path, timer,\n"
        "  D-Bus, udev, scripted systemctl call, ...).\n"
        "\u2022 In case of template units, the unit is meant to be enabled with some\n"
        "  instance name specified.\n";

/* A command-line word as a unit name: a known suffix is kept, anything else becomes a
 * .service; characters a unit name cannot hold are \xNN-escaped, with the warning systemctl
 * gives. */
static int mangle(const char *arg, char **ret) {
        if (unit_name_is_valid(arg, UNIT_NAME_ANY))
                return (*ret = strdup(arg)) ? 0 : -ENOMEM;
        _cleanup_free_ char *s = NULL;
        size_t l = strlen(arg);
        if (!(s = malloc(l * 4 + sizeof(".service"))))
                return -ENOMEM;
        char *w = s;
        bool escaped = false;
        for (const char *p = arg; *p; p++) {
                if (strchr(ALPHANUMERICAL ":-_.\\@", *p))
                        *w++ = *p;
                else {
                        w += sprintf(w, "\\x%02x", (unsigned) (unsigned char) *p);
                        escaped = true;
                }
        }
        *w = 0;
        if (escaped)
                log_warning("Invalid unit name \"%s\" escaped as \"%s\" (maybe you should use systemd-escape?).", arg, s);
        const char *dot = strrchr(s, '.');
        if (!dot || unit_type_from_string(dot + 1) < 0)
                strcat(s, ".service");
        if (!unit_name_is_valid(s, UNIT_NAME_ANY))
                return log_error_errno(EINVAL, "Failed to mangle unit name or path '%s': Invalid argument", arg);
        *ret = TAKE_PTR(s);
        return 0;
}

static int mangle_args(char **args, bool paths_ok, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        STRV_FOREACH(a, args) {
                char *n = NULL;
                int r = paths_ok && path_is_absolute(*a) ? ((n = strdup(*a)) ? 0 : -ENOMEM) : mangle(*a, &n);
                if (r == -EINVAL)
                        return r;
                if (r < 0 || strv_push(&l, n) < 0)
                        return log_oom();
        }
        *ret = TAKE_PTR(l);
        return 0;
}

static void dump_changes(int r, const char *verb, const InstallChanges *c, bool quiet) {
        bool logged = false;
        for (size_t k = 0; k < c->n; k++) {
                const InstallChange *x = &c->items[k];
                const char *p = strempty(x->path), *s = strempty(x->source);
                switch (x->type) {
                case INSTALL_CHANGE_SYMLINK:
                        if (!quiet)
                                log_info("Created symlink %s \u2192 %s.", p, s);
                        continue;
                case INSTALL_CHANGE_UNLINK:
                        if (!quiet)
                                log_info("Removed \"%s\".", p);
                        continue;
                case INSTALL_CHANGE_IS_MASKED:
                        if (!quiet)
                                log_info("Unit %s is masked, ignoring.", p);
                        continue;
                case INSTALL_CHANGE_IS_DANGLING:
                        if (!quiet)
                                log_warning("Unit %s is added as a dependency to a non-existent unit %s.", p, s);
                        continue;
                case INSTALL_CHANGE_AUXILIARY_FAILED:
                        if (!quiet)
                                log_warning("Failed to %s auxiliary unit %s, ignoring.", verb, p);
                        continue;
                }
                logged = true;
                switch (x->type) {
                case -EEXIST:
                        if (x->source)
                                log_error("Failed to %s unit, file \"%s\" already exists and is a symlink to \"%s\".", verb, p, s);
                        else
                                log_error("Failed to %s unit, file \"%s\" already exists.", verb, p);
                        break;
                case -ERFKILL:
                        log_error("Failed to %s unit, unit %s is masked.", verb, p);
                        break;
                case -EADDRNOTAVAIL:
                        log_error("Failed to %s unit, unit %s is transient or generated.", verb, p);
                        break;
                case -ETXTBSY:
                        log_error("Failed to %s unit, file %s is under the systemd unit hierarchy already.", verb, p);
                        break;
                case -EBADSLT:
                        log_error("Failed to %s unit, invalid specifier in \"%s\".", verb, p);
                        break;
                case -EIDRM:
                        log_error("Failed to %s %s, destination unit %s is a non-template unit.", verb, s, p);
                        break;
                case -EUCLEAN:
                        log_error("Failed to %s unit, \"%s\" is not a valid unit name.", verb, p);
                        break;
                case -ELOOP:
                        log_error("Failed to %s unit, refusing to operate on linked unit file %s.", verb, p);
                        break;
                case -EXDEV:
                        if (x->source)
                                log_error("Failed to %s unit, cannot alias %s as %s.", verb, p, s);
                        else
                                log_error("Failed to %s unit, invalid unit reference \"%s\".", verb, p);
                        break;
                case -ENOENT:
                        log_error("Failed to %s unit, unit %s does not exist.", verb, p);
                        break;
                case -EUNATCH:
                        log_error("Failed to %s unit, cannot resolve specifiers in \"%s\".", verb, p);
                        break;
                default:
                        log_error("Failed to %s unit, file \"%s\": %s", verb, p, strerror(-x->type));
                }
        }
        if (r < 0 && !logged)
                log_error("Failed to %s: %s.", verb, strerror(-r));
}

static InstallFlags flags_of(const SctlOptions *o) {
        return (o->runtime ? INSTALL_RUNTIME : 0) | (o->force ? INSTALL_FORCE : 0);
}

static UnitFilePresetMode preset_mode_of(const SctlOptions *o) {
        return o->preset_mode == PRESET_ENABLE_ONLY ? UNIT_FILE_PRESET_ENABLE_ONLY :
               o->preset_mode == PRESET_DISABLE_ONLY ? UNIT_FILE_PRESET_DISABLE_ONLY : UNIT_FILE_PRESET_FULL;
}

typedef enum Op {
        OP_ENABLE,
        OP_DISABLE,
        OP_REENABLE,
        OP_PRESET,
        OP_PRESET_ALL,
        OP_MASK,
        OP_UNMASK,
        OP_LINK,
} Op;

static int run_op(Op op, const char *verb, int argc, char **argv, const SctlOptions *o) {
        _cleanup_strv_free_ char **names = NULL;
        LookupPaths lp;
        InstallChanges changes = {};
        int r;

        if (op == OP_LINK) {
                if (!(names = strv_copy(argv + 1)) && argc > 1)
                        return log_oom();
        } else if ((r = mangle_args(argv + 1, op == OP_ENABLE || op == OP_REENABLE || op == OP_DISABLE, &names)) < 0)
                return r;
        if (op == OP_DISABLE)
                STRV_FOREACH(n, names)
                        if (path_is_absolute(*n))
                                log_warning("Warning: Can't execute disable on the unit file path. Proceeding with the unit name.");
        r = lookup_paths_init(&lp, o->root);
        if (r < 0)
                return log_oom();

        InstallFlags f = flags_of(o);
        switch (op) {
        case OP_ENABLE: r = install_enable(&lp, f, names, &changes); break;
        case OP_DISABLE: r = install_disable(&lp, f, names, &changes); break;
        case OP_REENABLE: r = install_reenable(&lp, f, names, &changes); break;
        case OP_PRESET: r = install_preset(&lp, f, preset_mode_of(o), names, &changes); break;
        case OP_PRESET_ALL: r = install_preset_all(&lp, f, preset_mode_of(o), &changes); break;
        case OP_MASK: r = install_mask(&lp, f, names, &changes); break;
        case OP_UNMASK: r = install_unmask(&lp, f, names, &changes); break;
        case OP_LINK: r = install_link(&lp, f, names, &changes); break;
        }
        dump_changes(r, verb, &changes, o->quiet);
        if (r == 0 && (op == OP_ENABLE || op == OP_REENABLE) && !o->quiet)
                fputs(no_install_info_note, stderr);
        install_changes_done(&changes);
        lookup_paths_done(&lp);
        if (r < 0)
                return r;
        if (!o->root && !o->no_reload) {
                _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
                if (sctl_connect_quiet(o, &c) >= 0)
                        (void) sctl_call(c, NULL, NULL, "daemon-reload", NULL);
        }
        if (o->now && (op == OP_ENABLE || op == OP_DISABLE || op == OP_MASK)) {
                /* a unit file given by its path is started by its name */
                STRV_FOREACH(n, names)
                        if (path_is_absolute(*n)) {
                                char *base = strdup(basename(*n));
                                if (!base)
                                        return log_oom();
                                free(*n);
                                *n = base;
                        }
                const char *job = op == OP_ENABLE ? "start" : "stop";
                return sctl_run_jobs(o, job, job, names, o->job_mode, !o->no_block);
        }
        return 0;
}

int verb_enable(int argc, char **argv, const SctlOptions *o) {
        return run_op(OP_ENABLE, "enable", argc, argv, o);
}
int verb_disable(int argc, char **argv, const SctlOptions *o) {
        return run_op(OP_DISABLE, "disable", argc, argv, o);
}
int verb_reenable(int argc, char **argv, const SctlOptions *o) {
        return run_op(OP_REENABLE, "reenable", argc, argv, o);
}
int verb_preset(int argc, char **argv, const SctlOptions *o) {
        return run_op(OP_PRESET, "preset", argc, argv, o);
}
int verb_preset_all(int argc, char **argv, const SctlOptions *o) {
        return run_op(OP_PRESET_ALL, "preset", argc, argv, o);
}
int verb_mask(int argc, char **argv, const SctlOptions *o) {
        return run_op(OP_MASK, "mask", argc, argv, o);
}
int verb_unmask(int argc, char **argv, const SctlOptions *o) {
        return run_op(OP_UNMASK, "unmask", argc, argv, o);
}
int verb_link(int argc, char **argv, const SctlOptions *o) {
        return run_op(OP_LINK, "link", argc, argv, o);
}

int verb_is_enabled(int argc, char **argv, const SctlOptions *o) {
        _cleanup_strv_free_ char **names = NULL;
        LookupPaths lp;
        bool enabled = false;
        int r = mangle_args(argv + 1, true, &names);
        if (r < 0)
                return r;
        if (lookup_paths_init(&lp, o->root) < 0)
                return log_oom();
        STRV_FOREACH(n, names) {
                UnitFileState s;
                r = install_get_state(&lp, *n, &s);
                if (r < 0) {
                        log_error("Failed to get unit file state for %s: %s", *n, strerror(-r));
                        break;
                }
                if (s == UNIT_FILE_ENABLED || s == UNIT_FILE_ENABLED_RUNTIME || s == UNIT_FILE_STATIC ||
                    s == UNIT_FILE_ALIAS || s == UNIT_FILE_INDIRECT || s == UNIT_FILE_GENERATED)
                        enabled = true;
                if (!o->quiet)
                        puts(unit_file_state_to_string(s));
                /* Offline systemctl lists no links; on the host we show what disable would remove. */
                if (o->full && !o->root && !o->quiet) {
                        InstallChanges c = {};
                        char *one[] = { *n, NULL };
                        if (install_disable(&lp, INSTALL_DRY_RUN, one, &c) >= 0)
                                for (size_t k = 0; k < c.n; k++)
                                        if (c.items[k].type == INSTALL_CHANGE_UNLINK)
                                                printf("  %s\n", c.items[k].path);
                        install_changes_done(&c);
                }
        }
        lookup_paths_done(&lp);
        if (r < 0)
                return r;
        return enabled ? 0 : 1;
}

int verb_list_unit_files(int argc, char **argv, const SctlOptions *o) {
        LookupPaths lp;
        UnitFileEntry *l = NULL;
        size_t n = 0;
        Presets presets = {};
        if (lookup_paths_init(&lp, o->root) < 0)
                return log_oom();
        int r = install_list_unit_files(&lp, argc > 1 ? argv + 1 : NULL, &l, &n);
        if (r >= 0)
                r = presets_load(lp.root, &presets);
        if (r < 0) {
                lookup_paths_done(&lp);
                unit_file_entries_free(l, n);
                return log_error_errno(r, "Failed to list unit files: %s", strerror(-r));
        }

        /* --type= and --state= narrow the list before widths are measured */
        size_t w = 0;
        for (size_t k = 0; k < n; k++) {
                const char *type = strrchr(l[k].name, '.') + 1;
                bool keep = (!o->types || strv_contains(o->types, type)) &&
                            (!o->states || strv_contains(o->states, unit_file_state_to_string(l[k].state)));
                if (keep)
                        l[w++] = l[k];
                else {
                        free(l[k].name);
                        free(l[k].path);
                }
        }
        n = w;

        size_t wn = strlen("UNIT FILE"), ws = strlen("STATE");
        for (size_t k = 0; k < n; k++) {
                wn = MAX(wn, strlen(l[k].name));
                ws = MAX(ws, strlen(unit_file_state_to_string(l[k].state)));
        }
        if (!o->no_legend)
                printf("%-*s %-*s %s\n", (int) wn, "UNIT FILE", (int) ws, "STATE", "PRESET");
        for (size_t k = 0; k < n; k++) {
                UnitFileState s = l[k].state;
                const char *preset = "-";
                if (s != UNIT_FILE_STATIC && s != UNIT_FILE_GENERATED && s != UNIT_FILE_TRANSIENT && s != UNIT_FILE_ALIAS)
                        preset = presets_query(&presets, l[k].name, NULL) == PRESET_ACTION_ENABLE ? "enabled" : "disabled";
                printf("%-*s %-*s %s\n", (int) wn, l[k].name, (int) ws, unit_file_state_to_string(s), preset);
        }
        if (!o->no_legend)
                printf("\n%zu unit files listed.\n", n);
        presets_done(&presets);
        unit_file_entries_free(l, n);
        lookup_paths_done(&lp);
        return n > 0 ? 0 : 1; /* nothing matched: systemctl's exit code says so */
}
