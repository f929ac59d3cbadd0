/* unit-load.c — loading one unit (see unit-load.h): its file, its drop-ins in systemd's
 * order, and the .wants/.requires/.upholds directories, parsed into a UnitConfig. */
#include <dirent.h>
#include <sys/stat.h>

#include "ini.h"
#include "path-util.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"

#define IN_SET3(x, a, b, c) ((x) == (a) || (x) == (b) || (x) == (c))

static const char *const load_state_names[_UNIT_LOAD_STATE_MAX] = {
        [UNIT_LOADED] = "loaded",   [UNIT_NOT_FOUND] = "not-found", [UNIT_BAD_SETTING] = "bad-setting",
        [UNIT_ERROR] = "error",     [UNIT_MASKED] = "masked",
};

const char *unit_load_state_to_string(UnitLoadState s) {
        return s >= 0 && s < _UNIT_LOAD_STATE_MAX ? load_state_names[s] : NULL;
}

LoadedUnit *loaded_unit_free(LoadedUnit *u) {
        if (!u)
                return NULL;
        free(u->id);
        free(u->fragment_path);
        strv_free(u->aliases);
        strv_free(u->dropin_paths);
        strv_free(u->wants_dir);
        strv_free(u->requires_dir);
        strv_free(u->upholds_dir);
        unit_config_free(u->config);
        free(u);
        return NULL;
}

/* The names whose drop-in directories apply to a unit name, most specific first:
 * foo-bar@x.service → foo-bar@x.service, foo-bar@.service, foo-.service, then the type
 * ("service", for service.d/). */
static int dropin_names(const char *name, char ***l) {
        const char *suffix = strrchr(name, '.');
        int r = strv_extend(l, name);
        if (r < 0)
                return r;
        _cleanup_free_ char *tmpl = NULL, *prefix = NULL;
        if (unit_name_classify(name) == UNIT_NAME_INSTANCE) {
                if (unit_name_template(name, &tmpl) < 0)
                        return -ENOMEM;
                if ((r = strv_extend(l, tmpl)) < 0)
                        return r;
        }
        if (unit_name_to_prefix(name, &prefix) < 0)
                return -ENOMEM;
        for (char *dash = strrchr(prefix, '-'); dash; dash = strrchr(prefix, '-')) {
                dash[1] = 0;
                char *n = strjoin(prefix, suffix);
                if (!n || (r = strv_consume_unique(l, n)) < 0)
                        return -ENOMEM;
                dash[0] = 0; /* continue with the part before this dash */
        }
        return strv_consume_unique(l, strdup(suffix + 1) ?: NULL);
}

/* Lists the entries of dir (below the root) that end in suffix, sorted. */
static int list_dir(const LookupPaths *lp, const UnitNameMap *map, const char *dir, const char *suffix, char ***ret) {
        if (!unit_name_map_may_have_dir(map, dir)) {
                *ret = NULL;
                return 0;
        }
        _cleanup_free_ char *host = lookup_paths_host(lp, dir);
        _cleanup_strv_free_ char **l = NULL;
        if (!host)
                return -ENOMEM;
        DIR *d = opendir(host);
        if (!d) {
                *ret = NULL;
                return 0;
        }
        struct dirent *de;
        while ((de = readdir(d)))
                if (de->d_name[0] != '.' && (!suffix || endswith(de->d_name, suffix)) &&
                    strv_extend(&l, de->d_name) < 0) {
                        closedir(d);
                        return -ENOMEM;
                }
        closedir(d);
        strv_sort(l);
        *ret = TAKE_PTR(l);
        return 0;
}

/* Drop-ins: every *.conf in NAME.d/ for each applicable name in each search directory.
 * The first file of a given file name found in priority order (search path first, then
 * specificity) wins, so /etc overrides /usr; the winners apply in file-name order. A drop-in
 * that is empty or links to /dev/null masks the same-named ones below it. */
static int collect_dropins(const LookupPaths *lp, const UnitNameMap *map, char **names, char ***ret) {
        _cleanup_strv_free_ char **basenames = NULL, **paths = NULL;
        STRV_FOREACH(dir, lp->search_path)
                STRV_FOREACH(n, names) {
                        _cleanup_free_ char *ddir = strjoin(*dir, "/", *n, ".d");
                        _cleanup_strv_free_ char **entries = NULL;
                        if (!ddir || list_dir(lp, map, ddir, ".conf", &entries) < 0)
                                return -ENOMEM;
                        STRV_FOREACH(e, entries) {
                                if (strv_contains(basenames, *e))
                                        continue;
                                char *p = path_join(ddir, *e);
                                if (!p || strv_extend(&basenames, *e) < 0 || strv_push(&paths, p) < 0)
                                        return -ENOMEM;
                        }
                }
        /* Order by file name, whatever directory each came from. */
        size_t n = strv_length(paths);
        for (size_t i = 1; i < n; i++)
                for (size_t j = i; j > 0 && strcmp(path_basename(paths[j - 1]), path_basename(paths[j])) > 0; j--) {
                        char *t = paths[j];
                        paths[j] = paths[j - 1];
                        paths[j - 1] = t;
                }
        *ret = TAKE_PTR(paths);
        return 0;
}

/* Units listed in NAME.wants/ (or .requires/, .upholds/) of any of the unit's names. */
static int collect_dep_dir(const LookupPaths *lp, const UnitNameMap *map, char **names, const char *suffix, char ***ret) {
        _cleanup_strv_free_ char **units = NULL;
        STRV_FOREACH(dir, lp->search_path)
                STRV_FOREACH(n, names) {
                        _cleanup_free_ char *ddir = strjoin(*dir, "/", *n, suffix);
                        _cleanup_strv_free_ char **entries = NULL;
                        if (!ddir || list_dir(lp, map, ddir, NULL, &entries) < 0)
                                return -ENOMEM;
                        STRV_FOREACH(e, entries) {
                                if (!unit_name_is_valid(*e, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE)) {
                                        log_warning("%s/%s: not a valid unit name, ignoring.", ddir, *e);
                                        continue;
                                }
                                if (strv_consume_unique(&units, strdup(*e)) < 0)
                                        return -ENOMEM;
                        }
                }
        *ret = TAKE_PTR(units);
        return 0;
}

typedef struct ParseState {
        UnitConfig *config;
        const char *unit;
        const SpecifierContext *spec;
} ParseState;

static bool section_known(const char *section, void *userdata) {
        ParseState *s = userdata;
        return unit_config_section_known(s->config->type, section);
}

static int on_assignment(const char *filename, unsigned line, const char *section, const char *key,
                         const char *value, void *userdata) {
        ParseState *s = userdata;
        ConfigContext ctx = {
                .unit = s->unit, .filename = filename, .line = line, .section = section,
                .lvalue = key,   .spec = s->spec,      .config = s->config,
        };
        return unit_config_assign(s->config, &ctx, value);
}

/* Is the file at path (inside the root) a mask: empty, or /dev/null? */
static int file_is_mask(const LookupPaths *lp, const char *path) {
        _cleanup_free_ char *host = lookup_paths_host(lp, path);
        struct stat st;
        if (!host)
                return -ENOMEM;
        if (streq(path, "/dev/null"))
                return 1;
        if (stat(host, &st) < 0)
                return -errno;
        /* systemd treats any device node in place of a unit file as a mask */
        if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
                return 1;
        return S_ISREG(st.st_mode) && st.st_size == 0;
}

static int parse_into(const LookupPaths *lp, LoadedUnit *u, const SpecifierContext *spec, const char *path) {
        ParseState s = { .config = u->config, .unit = u->id, .spec = spec };
        IniParser p = { .section_known = section_known, .on_assignment = on_assignment, .userdata = &s };
        _cleanup_free_ char *host = lookup_paths_host(lp, path);
        if (!host)
                return -ENOMEM;
        int r = ini_parse_path(&p, host);
        if (r == -EBADFD)
                log_error("%s: not a regular file, refusing.", path);
        else if (r == -EISDIR)
                log_error("%s: is a directory, refusing.", path);
        else if (r == -ENOENT || r == -EACCES || r == -ELOOP)
                log_error_errno(r, "%s: failed to open: %m", path);
        return r;
}

/* Slices, scopes and devices exist without a file of their own (with their defaults, and
 * what drop-ins configure); every other type needs one. */
static bool fragment_required(UnitType t) {
        return !IN_SET3(t, UNIT_SLICE, UNIT_SCOPE, UNIT_DEVICE);
}

/* fragment_lp: the paths the fragment is read with (the host's, for sctl verify FILE). */
static int load_common(const LookupPaths *lp, const LookupPaths *fragment_lp, const UnitNameMap *map, LoadedUnit *u,
                       char **names, UnitLoadFlags flags) {
        _cleanup_strv_free_ char **dnames = NULL;
        int r;
        STRV_FOREACH(n, names)
                if ((r = dropin_names(*n, &dnames)) < 0)
                        return r;
        if ((r = collect_dropins(lp, map, dnames, &u->dropin_paths)) < 0)
                return r;
        _cleanup_strv_free_ char **wnames = NULL;
        STRV_FOREACH(n, names) {
                _cleanup_free_ char *t = NULL;
                if (strv_extend(&wnames, *n) < 0)
                        return -ENOMEM;
                if (unit_name_classify(*n) == UNIT_NAME_INSTANCE && unit_name_template(*n, &t) >= 0 &&
                    strv_consume_unique(&wnames, TAKE_PTR(t)) < 0)
                        return -ENOMEM;
        }
        if ((r = collect_dep_dir(lp, map, wnames, ".wants", &u->wants_dir)) < 0 ||
            (r = collect_dep_dir(lp, map, wnames, ".requires", &u->requires_dir)) < 0 ||
            (r = collect_dep_dir(lp, map, wnames, ".upholds", &u->upholds_dir)) < 0)
                return r;

        if (u->fragment_path) {
                r = file_is_mask(fragment_lp, u->fragment_path);
                if (r > 0) {
                        u->load_state = UNIT_MASKED;
                        u->load_error = -ERFKILL;
                        return 0;
                }
                if (r == -ENOENT) /* a dangling link: as if there were no file */
                        u->fragment_path = mfree(u->fragment_path);
        }
        if (!u->fragment_path && fragment_required(u->type) && !(flags & UNIT_LOAD_FRAGMENT_OPTIONAL)) {
                u->load_state = UNIT_NOT_FOUND;
                u->load_error = -ENOENT;
                return 0;
        }

        if (flags & UNIT_LOAD_PATHS_ONLY) {
                u->load_state = UNIT_LOADED;
                return 0;
        }
        if (!(u->config = unit_config_new(u->type)))
                return -ENOMEM;
        SpecifierContext spec = { .unit_name = u->id, .fragment_path = u->fragment_path, .root = lp->root };
        r = 0;
        if (u->fragment_path)
                r = parse_into(fragment_lp, u, &spec, u->fragment_path);
        STRV_FOREACH(d, u->dropin_paths) {
                if (r < 0)
                        break;
                int k = file_is_mask(lp, *d);
                if (k > 0)
                        continue;
                if (k < 0 && k != -ENOENT && k != -ENOTDIR)
                        continue;
                if (k == -ENOENT || k == -ENOTDIR) {
                        log_warning("%s: drop-in does not exist (dangling symlink?), ignoring.", *d);
                        continue;
                }
                r = parse_into(lp, u, &spec, *d);
                /* A drop-in that cannot be read is skipped like systemd skips it; bad content is not. */
                if (r == -EBADFD || r == -EISDIR || r == -EACCES)
                        r = 0;
        }
        if (r < 0) {
                u->load_state = r == -ENOEXEC ? UNIT_BAD_SETTING : UNIT_ERROR;
                u->load_error = r;
        } else
                u->load_state = UNIT_LOADED;
        return 0;
}

int unit_file_load(const LookupPaths *lp, const UnitNameMap *m, const char *name, UnitLoadFlags flags,
              LoadedUnit **ret) {
        if (!unit_name_is_valid(name, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return -EINVAL;
        _cleanup_(loaded_unit_freep) LoadedUnit *u = new0(LoadedUnit, 1);
        if (!u)
                return -ENOMEM;
        const char *fragment;
        int r = unit_name_map_resolve(m, name, &fragment, &u->id);
        if (r == -ELOOP) {
                log_error("%s: too many levels of alias symlinks.", name);
                if (!(u->id = strdup(name)))
                        return -ENOMEM;
                u->type = unit_name_to_type(name);
                u->load_state = UNIT_ERROR;
                u->load_error = r;
                *ret = TAKE_PTR(u);
                return 0;
        }
        if (r < 0)
                return r;
        u->type = unit_name_to_type(u->id);
        if (fragment && !(u->fragment_path = strdup(fragment)))
                return -ENOMEM;
        if ((r = unit_name_map_aliases(m, u->id, &u->aliases)) < 0)
                return r;
        if (!streq(name, u->id) && strv_consume_unique(&u->aliases, strdup(name)) < 0)
                return -ENOMEM;
        strv_sort(u->aliases);

        _cleanup_strv_free_ char **names = NULL;
        if (strv_extend(&names, u->id) < 0 || strv_extend_strv(&names, u->aliases, true) < 0)
                return -ENOMEM;
        if ((r = load_common(lp, lp, m, u, names, flags)) < 0)
                return r;
        *ret = TAKE_PTR(u);
        return 0;
}

int unit_file_load_path(const LookupPaths *lp, const char *path, const char *name, LoadedUnit **ret) {
        if (!name)
                name = path_basename(path);
        if (!unit_name_is_valid(name, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return -EINVAL;
        _cleanup_(loaded_unit_freep) LoadedUnit *u = new0(LoadedUnit, 1);
        if (!u || !(u->id = strdup(name)))
                return -ENOMEM;
        u->type = unit_name_to_type(name);
        /* The file is given on the host: parse it without the root prefix. */
        LookupPaths host_lp = *lp;
        host_lp.root = NULL;
        if (!(u->fragment_path = path_is_absolute(path) ? strdup(path) : realpath(path, NULL))) {
                u->fragment_path = NULL;
                u->load_state = UNIT_NOT_FOUND;
                u->load_error = -errno;
                log_error_errno(errno, "%s: %m", path);
                *ret = TAKE_PTR(u);
                return 0;
        }
        _cleanup_strv_free_ char **names = NULL;
        if (strv_extend(&names, name) < 0)
                return -ENOMEM;
        int r = load_common(lp, &host_lp, NULL, u, names, 0);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(u);
        return 0;
}
