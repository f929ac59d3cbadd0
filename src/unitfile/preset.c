/* preset.c — see preset.h. Applying presets is enable and disable at once: first every unit
 * whose preset says disable has its symlinks removed (in one walk of the config directory,
 * so the messages come in directory order), then the units to enable are enabled in the
 * order they were met, Also= included. `preset-all` meets units in directory order of the
 * search path, each name once, skipping masked, generated, transient and alias entries,
 * which no preset can be meant for. */
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fileio.h"
#include "install-internal.h"
#include "log.h"
#include "path-util.h"
#include "preset.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static const char *const preset_dirs[] = {
        "/etc/systemd/system-preset",
        "/run/systemd/system-preset",
        "/usr/local/lib/systemd/system-preset",
        "/usr/lib/systemd/system-preset",
        "/lib/systemd/system-preset",
};

void presets_done(Presets *p) {
        for (size_t k = 0; k < p->n; k++) {
                free(p->rules[k].pattern);
                strv_free(p->rules[k].instances);
        }
        p->rules = mfree(p->rules);
        p->n = 0;
}

static int add_rule(Presets *p, PresetAction action, char **words) {
        PresetRule *n = realloc(p->rules, (p->n + 1) * sizeof(PresetRule));
        if (!n)
                return -ENOMEM;
        p->rules = n;
        p->rules[p->n] = (PresetRule){ .action = action };
        if (!(p->rules[p->n].pattern = strdup(words[0])))
                return -ENOMEM;
        if (words[1] && !(p->rules[p->n].instances = strv_copy(words + 1))) {
                free(p->rules[p->n].pattern);
                return -ENOMEM;
        }
        p->n++;
        return 0;
}

static int parse_file(Presets *p, const char *path) {
        FILE *f = fopen(path, "re");
        if (!f)
                return errno == ENOENT ? 0 : -errno;
        unsigned line = 0;
        int r = 0;
        for (;;) {
                _cleanup_free_ char *buf = NULL;
                r = read_line(f, LONG_LINE_MAX, &buf);
                if (r == 0)
                        break;
                line++;
                if (r == -ENOBUFS)
                        continue;
                if (r < 0)
                        break;
                r = 0;
                char *l = strstrip(buf);
                if (isempty(l) || *l == '#' || *l == ';')
                        continue;
                _cleanup_strv_free_ char **words = NULL;
                const char *rest;
                PresetAction action;
                if ((rest = startswith(l, "enable")) && strchr(WHITESPACE, *rest) && *rest)
                        action = PRESET_ACTION_ENABLE;
                else if ((rest = startswith(l, "disable")) && strchr(WHITESPACE, *rest) && *rest)
                        action = PRESET_ACTION_DISABLE;
                else {
                        log_syntax(NULL, LOG_WARNING, path, line, 0, "Couldn't parse line '%s'. Ignoring.", l);
                        continue;
                }
                if (strv_split_full(&words, rest, WHITESPACE, EXTRACT_UNQUOTE | EXTRACT_RELAX) < 0) {
                        r = -ENOMEM;
                        break;
                }
                /* instances only make sense after an enable of a template */
                if (!words || (words[1] && (action != PRESET_ACTION_ENABLE ||
                                            !unit_name_is_valid(words[0], UNIT_NAME_TEMPLATE)))) {
                        log_syntax(NULL, LOG_WARNING, path, line, 0, "Couldn't parse line '%s'. Ignoring.", l);
                        continue;
                }
                if (add_rule(p, action, words) < 0) {
                        r = -ENOMEM;
                        break;
                }
        }
        fclose(f);
        return r;
}

int presets_load(const char *root, Presets *ret) {
        _cleanup_strv_free_ char **names = NULL, **paths = NULL;
        Presets p = {};
        for (size_t k = 0; k < ELEMENTSOF(preset_dirs); k++) {
                _cleanup_free_ char *dir = path_prefix_root(root, preset_dirs[k]);
                if (!dir)
                        return -ENOMEM;
                DIR *d = opendir(dir);
                if (!d)
                        continue;
                struct dirent *de;
                while ((de = readdir(d))) {
                        if (!endswith(de->d_name, ".preset") || strv_contains(names, de->d_name))
                                continue;
                        char *path = path_join(dir, de->d_name);
                        if (!path || strv_extend(&names, de->d_name) < 0 || strv_push(&paths, path) < 0) {
                                closedir(d);
                                return -ENOMEM;
                        }
                }
                closedir(d);
        }
        size_t n = strv_length(names);
        for (size_t a = 1; a < n; a++)
                for (size_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
                        char *t = names[b];
                        names[b] = names[b - 1], names[b - 1] = t;
                        t = paths[b];
                        paths[b] = paths[b - 1], paths[b - 1] = t;
                }
        STRV_FOREACH(path, paths) {
                int r = parse_file(&p, *path);
                if (r < 0) {
                        presets_done(&p);
                        return r;
                }
        }
        *ret = p;
        return 0;
}

PresetAction presets_query(const Presets *p, const char *name, char ***ret_instances) {
        _cleanup_free_ char *template = NULL, *instance = NULL;
        if (unit_name_is_valid(name, UNIT_NAME_INSTANCE))
                (void) (unit_name_template(name, &template) >= 0 && unit_name_to_instance(name, &instance));
        if (ret_instances)
                *ret_instances = NULL;
        for (size_t k = 0; k < p->n; k++) {
                const PresetRule *r = &p->rules[k];
                if (r->instances) {
                        if (template && instance && fnmatch(r->pattern, template, FNM_NOESCAPE) == 0 &&
                            strv_contains(r->instances, instance))
                                return r->action;
                        if (fnmatch(r->pattern, name, FNM_NOESCAPE) == 0) {
                                if (ret_instances)
                                        *ret_instances = r->instances;
                                return r->action;
                        }
                        continue;
                }
                if (fnmatch(r->pattern, name, FNM_NOESCAPE) == 0)
                        return r->action;
        }
        return PRESET_ACTION_ENABLE; /* what no line speaks about is enabled */
}

/* What to enable, in the order systemctl meets it: each unit a preset enables, followed by
 * the names of its Also= units, which are looked up only when their turn comes (and whose
 * own Also= then go to the end). */
typedef struct PlanEntry {
        char *name;
        InstallInfo *info; /* NULL for an Also= name not looked up yet */
        bool auxiliary;
} PlanEntry;

typedef struct PresetPlan {
        PlanEntry *e;
        size_t n;
        char **marks;
} PresetPlan;

static void plan_done(PresetPlan *p) {
        for (size_t k = 0; k < p->n; k++) {
                free(p->e[k].name);
                install_info_free(p->e[k].info);
        }
        free(p->e);
        strv_free(p->marks);
}

/* Takes ownership of info (may be NULL). */
static int plan_push(PresetPlan *p, const char *name, InstallInfo *info, bool auxiliary) {
        for (size_t k = 0; k < p->n; k++)
                if (streq(p->e[k].name, name)) {
                        install_info_free(info);
                        return 0;
                }
        PlanEntry *n = realloc(p->e, (p->n + 1) * sizeof(PlanEntry));
        if (!n) {
                install_info_free(info);
                return -ENOMEM;
        }
        p->e = n;
        p->e[p->n] = (PlanEntry){ .name = strdup(name), .info = info, .auxiliary = auxiliary };
        if (!p->e[p->n].name) {
                install_info_free(info);
                return -ENOMEM;
        }
        p->n++;
        return 1;
}

static int plan_add_plus(PresetPlan *p, InstallInfo *i) {
        _cleanup_strv_free_ char **also = strv_copy(i->also);
        if (i->also && !also) {
                install_info_free(i);
                return -ENOMEM;
        }
        int r = plan_push(p, i->name, i, false);
        if (r <= 0)
                return r;
        STRV_FOREACH(a, also) {
                r = plan_push(p, *a, NULL, true);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Decides for one unit. explicit: named on the command line, so problems are fatal. */
static int plan_one(const LookupPaths *lp, const Presets *presets, UnitFilePresetMode mode, const char *name,
                    bool explicit, PresetPlan *plan, InstallChanges *changes) {
        _cleanup_(install_info_freep) InstallInfo *i = NULL;
        int r = install_info_find(lp, name, &i);
        if (r < 0) {
                install_changes_add(changes, r, name, NULL);
                return explicit || r == -ENOMEM ? r : 0;
        }
        _cleanup_free_ char *h = lookup_paths_host(lp, i->found_path);
        if (!h)
                return -ENOMEM;
        if (i->type == INSTALL_INFO_MASKED) {
                /* Reported either way; fatal only for a unit named on the command line. In
                 * preset-all it stays in the plan and is skipped again, with a note, when
                 * its turn to be enabled comes. */
                install_changes_add(changes, -ERFKILL, h, NULL);
                if (explicit)
                        return -ERFKILL;
                if (mode != UNIT_FILE_PRESET_DISABLE_ONLY &&
                    presets_query(presets, i->name, NULL) == PRESET_ACTION_ENABLE)
                        return plan_add_plus(plan, TAKE_PTR(i));
                return 0;
        }
        UnitPathKind kind = lookup_paths_kind(lp, i->dir);
        if (kind == UNIT_PATH_GENERATED || kind == UNIT_PATH_TRANSIENT)
                return 0;
        /* An alias gets its preset through the unit it names. */
        if (strv_length(i->chain) > 1)
                return 0;

        char **instances = NULL;
        PresetAction a = presets_query(presets, i->name, &instances);
        if (a == PRESET_ACTION_DISABLE)
                return mode == UNIT_FILE_PRESET_ENABLE_ONLY ? 0 : install_mark_for_removal(i, &plan->marks);
        if (mode == UNIT_FILE_PRESET_DISABLE_ONLY)
                return 0;
        if (instances) {
                STRV_FOREACH(inst, instances) {
                        _cleanup_free_ char *n = NULL;
                        InstallInfo *ii = NULL;
                        if (unit_name_replace_instance(i->name, *inst, &n) < 0)
                                continue;
                        r = install_info_find(lp, n, &ii);
                        if (r < 0) {
                                install_changes_add(changes, r, n, NULL);
                                continue;
                        }
                        r = plan_add_plus(plan, ii);
                        if (r < 0)
                                return r;
                }
                return 0;
        }
        return plan_add_plus(plan, TAKE_PTR(i));
}

static int plan_execute(const LookupPaths *lp, InstallFlags flags, PresetPlan *plan, InstallChanges *changes) {
        const char *config = install_config_path(lp, flags);
        int r = 0;
        if (plan->marks) {
                r = install_remove_marked(lp, config, &plan->marks, flags & INSTALL_DRY_RUN, changes);
                if (r < 0)
                        return r;
        }
        /* Also= units are enabled with their unit, whatever their own preset says. */
        for (size_t k = 0; k < plan->n; k++) {
                if (!plan->e[k].info) {
                        InstallInfo *aux = NULL;
                        int e = install_info_find(lp, plan->e[k].name, &aux);
                        if (e < 0) {
                                install_changes_add(changes, INSTALL_CHANGE_AUXILIARY_FAILED, plan->e[k].name, NULL);
                                continue;
                        }
                        aux->auxiliary = true;
                        plan->e[k].info = aux;
                        STRV_FOREACH(a, aux->also)
                                if (plan_push(plan, *a, NULL, true) < 0)
                                        return -ENOMEM;
                }
                InstallInfo *i = plan->e[k].info;
                if (i->type == INSTALL_INFO_MASKED) {
                        _cleanup_free_ char *h = lookup_paths_host(lp, i->found_path);
                        install_changes_add(changes, INSTALL_CHANGE_IS_MASKED, h, NULL);
                        continue;
                }
                int e = install_apply_one(lp, flags | INSTALL_SKIP_TEMPLATE_TO_PLAIN, i, config, changes);
                if (r >= 0)
                        r = e < 0 ? e : r + e;
        }
        return r;
}

int install_preset(const LookupPaths *lp, InstallFlags flags, UnitFilePresetMode mode, char **names,
                   InstallChanges *changes) {
        Presets presets = {};
        PresetPlan plan = {};
        int r = presets_load(lp->root, &presets);
        if (r < 0)
                return r;
        STRV_FOREACH(n, names) {
                const char *name = path_is_absolute(*n) ? path_basename(*n) : *n;
                if (!unit_name_is_valid(name, UNIT_NAME_ANY)) {
                        install_changes_add(changes, -EUCLEAN, name, NULL);
                        r = -EUCLEAN;
                        goto finish;
                }
                r = plan_one(lp, &presets, mode, name, true, &plan, changes);
                if (r < 0)
                        goto finish;
        }
        r = plan_execute(lp, flags, &plan, changes);
finish:
        plan_done(&plan);
        presets_done(&presets);
        return r;
}

int install_preset_all(const LookupPaths *lp, InstallFlags flags, UnitFilePresetMode mode, InstallChanges *changes) {
        Presets presets = {};
        PresetPlan plan = {};
        _cleanup_strv_free_ char **seen = NULL;
        int r = presets_load(lp->root, &presets);
        if (r < 0)
                return r;
        STRV_FOREACH(d, lp->search_path) {
                _cleanup_free_ char *host = lookup_paths_host(lp, *d);
                if (!host) {
                        r = -ENOMEM;
                        goto finish;
                }
                DIR *dir = opendir(host);
                if (!dir)
                        continue;
                struct dirent *de;
                while ((de = readdir(dir))) {
                        if (!unit_name_is_valid(de->d_name, UNIT_NAME_ANY) || strv_contains(seen, de->d_name))
                                continue;
                        if (strv_extend(&seen, de->d_name) < 0) {
                                closedir(dir);
                                r = -ENOMEM;
                                goto finish;
                        }
                        r = plan_one(lp, &presets, mode, de->d_name, false, &plan, changes);
                        if (r < 0) {
                                closedir(dir);
                                goto finish;
                        }
                }
                closedir(dir);
        }
        r = plan_execute(lp, flags, &plan, changes);
finish:
        plan_done(&plan);
        presets_done(&presets);
        return r;
}
