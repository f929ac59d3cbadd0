/* install-state.c — the state `is-enabled` and `list-unit-files` print for a unit file.
 * Masks, generated and transient units are told by where the file was found; otherwise the
 * config directories (/etc/systemd/system, then /run/systemd/system) are searched for
 * symlinks that enable the unit: in a .wants/ or .requires/ directory a link counts by its
 * own name, whatever it points to; at the top level a link to the unit under another name is
 * an alias, which enables the unit when [Install] declares it and only makes it "indirect"
 * otherwise. A unit with rules but no links is "disabled", one with only Also= "indirect",
 * one with nothing "static". */
#include <dirent.h>
#include <fnmatch.h>
#include <strings.h>
#include <sys/stat.h>

#include "install-internal.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static const char *const state_names[_UNIT_FILE_STATE_MAX] = {
        [UNIT_FILE_ENABLED] = "enabled",
        [UNIT_FILE_ENABLED_RUNTIME] = "enabled-runtime",
        [UNIT_FILE_LINKED] = "linked",
        [UNIT_FILE_LINKED_RUNTIME] = "linked-runtime",
        [UNIT_FILE_ALIAS] = "alias",
        [UNIT_FILE_MASKED] = "masked",
        [UNIT_FILE_MASKED_RUNTIME] = "masked-runtime",
        [UNIT_FILE_STATIC] = "static",
        [UNIT_FILE_DISABLED] = "disabled",
        [UNIT_FILE_INDIRECT] = "indirect",
        [UNIT_FILE_GENERATED] = "generated",
        [UNIT_FILE_TRANSIENT] = "transient",
        [UNIT_FILE_BAD] = "bad",
};

const char *unit_file_state_to_string(UnitFileState s) {
        return s >= 0 && s < _UNIT_FILE_STATE_MAX ? state_names[s] : NULL;
}

typedef struct Scan {
        const InstallInfo *info;
        char **aliases;          /* Alias= expanded */
        char *default_name;      /* template@default.service, or NULL */
        bool enabled;
        bool indirect;
} Scan;

static int scan_dir(const LookupPaths *lp, const char *dir, unsigned depth, Scan *s) {
        _cleanup_free_ char *host = lookup_paths_host(lp, dir);
        if (!host)
                return -ENOMEM;
        DIR *d = opendir(host);
        if (!d)
                return 0;
        const InstallInfo *i = s->info;
        bool template = unit_name_is_valid(i->name, UNIT_NAME_TEMPLATE);
        struct dirent *de;
        while ((de = readdir(d))) {
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                _cleanup_free_ char *p = path_join(dir, de->d_name);
                _cleanup_free_ char *ph = p ? lookup_paths_host(lp, p) : NULL;
                if (!ph)
                        break;
                struct stat st;
                if (lstat(ph, &st) < 0)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        if (depth == 0)
                                (void) scan_dir(lp, p, depth + 1, s);
                        continue;
                }
                if (!S_ISLNK(st.st_mode))
                        continue;
                if (depth > 0) {
                        if (streq(de->d_name, i->name) || streq_ptr(de->d_name, s->default_name))
                                s->enabled = true;
                        else if (template) {
                                _cleanup_free_ char *t = NULL;
                                if (unit_name_is_valid(de->d_name, UNIT_NAME_INSTANCE) &&
                                    unit_name_template(de->d_name, &t) >= 0 && streq(t, i->name))
                                        s->indirect = true;
                        }
                        continue;
                }
                if (streq(de->d_name, i->name))
                        continue; /* the unit itself (a linked file), not a link to it */
                char buf[4096];
                ssize_t k = readlink(ph, buf, sizeof buf - 1);
                if (k < 0)
                        continue;
                buf[k] = 0;
                _cleanup_free_ char *dest = install_link_target(dir, buf);
                if (!dest)
                        break;
                /* siblings share a template's file: an instance is known by name only */
                if (!streq(path_basename(dest), i->name) &&
                    (unit_name_is_valid(i->name, UNIT_NAME_INSTANCE) || !streq_ptr(dest, i->path)))
                        continue;
                if (strv_contains(s->aliases, de->d_name))
                        s->enabled = true;
                else
                        s->indirect = true;
        }
        closedir(d);
        return 0;
}

static int scan_config(const LookupPaths *lp, const InstallInfo *i, const char *dir, bool *ret_enabled,
                       bool *ret_indirect) {
        Scan s = { .info = i };
        STRV_FOREACH(a, i->aliases) {
                char *e = NULL;
                if (install_name_printf(lp, i, *a, &e) < 0)
                        continue;
                if (unit_name_is_valid(i->name, UNIT_NAME_INSTANCE) && unit_name_is_valid(e, UNIT_NAME_TEMPLATE)) {
                        _cleanup_free_ char *inst = NULL, *t = e;
                        e = NULL;
                        if (unit_name_to_instance(i->name, &inst) < 0 || unit_name_replace_instance(t, inst, &e) < 0)
                                continue;
                }
                if (strv_push(&s.aliases, e) < 0) {
                        strv_free(s.aliases);
                        return -ENOMEM;
                }
        }
        if (unit_name_is_valid(i->name, UNIT_NAME_TEMPLATE) && i->default_instance)
                (void) unit_name_replace_instance(i->name, i->default_instance, &s.default_name);
        int r = scan_dir(lp, dir, 0, &s);
        strv_free(s.aliases);
        free(s.default_name);
        *ret_enabled = s.enabled;
        *ret_indirect = s.indirect;
        return r;
}

int install_get_state(const LookupPaths *lp, const char *name, UnitFileState *ret) {
        _cleanup_(install_info_freep) InstallInfo *i = NULL;
        if (!unit_name_is_valid(name, UNIT_NAME_ANY))
                return -EINVAL;
        int r = install_info_find(lp, name, &i);
        if (r < 0)
                return r;
        UnitPathKind kind = lookup_paths_kind(lp, i->dir);
        bool runtime = startswith(i->dir, "/run/") != NULL;

        if (i->type == INSTALL_INFO_MASKED) {
                *ret = runtime ? UNIT_FILE_MASKED_RUNTIME : UNIT_FILE_MASKED;
                return 0;
        }
        if (kind == UNIT_PATH_GENERATED) {
                *ret = UNIT_FILE_GENERATED;
                return 0;
        }
        if (kind == UNIT_PATH_TRANSIENT) {
                *ret = UNIT_FILE_TRANSIENT;
                return 0;
        }
        /* Known under another file name: an alias — except instances, whose file is the
         * template's and whose state is their own. */
        if (!streq(name, path_basename(i->path)) && !unit_name_is_valid(i->name, UNIT_NAME_INSTANCE)) {
                *ret = UNIT_FILE_ALIAS;
                return 0;
        }
        bool enabled, indirect, any_indirect = false;
        const char *configs[] = { lp->persistent_config, lp->runtime_config };
        for (size_t k = 0; k < ELEMENTSOF(configs); k++) {
                r = scan_config(lp, i, configs[k], &enabled, &indirect);
                if (r < 0)
                        return r;
                if (enabled) {
                        *ret = k == 0 ? UNIT_FILE_ENABLED : UNIT_FILE_ENABLED_RUNTIME;
                        return 0;
                }
                any_indirect = any_indirect || indirect;
        }
        if (i->linked)
                *ret = runtime ? UNIT_FILE_LINKED_RUNTIME : UNIT_FILE_LINKED;
        else if (any_indirect)
                *ret = UNIT_FILE_INDIRECT;
        else if (install_info_has_rules(i))
                *ret = UNIT_FILE_DISABLED;
        else if (strv_length(i->also) > 0)
                *ret = UNIT_FILE_INDIRECT;
        else
                *ret = UNIT_FILE_STATIC;
        return 0;
}

void unit_file_entries_free(UnitFileEntry *l, size_t n) {
        for (size_t k = 0; k < n; k++) {
                free(l[k].name);
                free(l[k].path);
        }
        free(l);
}

/* list-unit-files' order: by type suffix, then by name, both without regard to case. */
static int entry_compare(const void *a, const void *b) {
        const UnitFileEntry *x = a, *y = b;
        int c = strcasecmp(strrchr(x->name, '.'), strrchr(y->name, '.'));
        return c ?: strcasecmp(x->name, y->name);
}

int install_list_unit_files(const LookupPaths *lp, char **patterns, UnitFileEntry **ret, size_t *ret_n) {
        UnitFileEntry *l = NULL;
        size_t n = 0;
        STRV_FOREACH(d, lp->search_path) {
                _cleanup_free_ char *host = lookup_paths_host(lp, *d);
                if (!host)
                        goto oom;
                DIR *dir = opendir(host);
                if (!dir)
                        continue;
                struct dirent *de;
                while ((de = readdir(dir))) {
                        if (!unit_name_is_valid(de->d_name, UNIT_NAME_ANY))
                                continue;
                        bool seen = false;
                        for (size_t k = 0; k < n && !seen; k++)
                                seen = streq(l[k].name, de->d_name);
                        if (seen)
                                continue;
                        if (patterns) {
                                bool match = false;
                                STRV_FOREACH(p, patterns)
                                        match = match || fnmatch(*p, de->d_name, FNM_NOESCAPE) == 0;
                                if (!match)
                                        continue;
                        }
                        _cleanup_free_ char *p = path_join(host, de->d_name);
                        struct stat st;
                        if (!p || lstat(p, &st) < 0 || S_ISDIR(st.st_mode))
                                continue;
                        UnitFileEntry *nl = realloc(l, (n + 1) * sizeof(UnitFileEntry));
                        if (!nl) {
                                closedir(dir);
                                goto oom;
                        }
                        l = nl;
                        l[n] = (UnitFileEntry){ .name = strdup(de->d_name), .path = path_join(*d, de->d_name) };
                        if (!l[n].name || !l[n].path) {
                                n++;
                                closedir(dir);
                                goto oom;
                        }
                        UnitFileState s;
                        int r = install_get_state(lp, de->d_name, &s);
                        if (r == -ENOMEM) {
                                n++;
                                closedir(dir);
                                goto oom;
                        }
                        l[n++].state = r < 0 ? UNIT_FILE_BAD : s;
                }
                closedir(dir);
        }
        if (n > 1)
                qsort(l, n, sizeof(UnitFileEntry), entry_compare);
        *ret = l;
        *ret_n = n;
        return 0;
oom:
        unit_file_entries_free(l, n);
        return -ENOMEM;
}
