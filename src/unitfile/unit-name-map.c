/* unit-name-map.c — the name map of unit-load.h. The name map is systemd's model of the load path: the
 * first directory in priority order that has an entry for a name decides what the name is
 * (a file, a mask, or an alias symlink), so an administrator's /etc entry always wins. */
#include <dirent.h>
#include <sys/stat.h>

#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"

#define ALIAS_DEPTH_MAX 32

typedef struct AliasList {
        char *name;    /* the main name, and the key */
        char **aliases;
} AliasList;

typedef struct NameEntry {
        char *name;
        char *fragment; /* a file (or "/dev/null"): the name is a unit of its own */
        char *alias_of; /* else the unit name its symlink points to */
} NameEntry;

struct UnitNameMap {
        Hashmap *entries;   /* name → NameEntry */
        Hashmap *aliases;   /* main name → AliasList */
        /* "DIR/NAME" of every .d/, .wants/, .requires/, .upholds/ entry of the search path,
         * key and value the same string: loading a unit probes about a hundred such
         * directories, nearly all absent — the map answers without a failing opendir() each */
        Hashmap *dirs;
};

static NameEntry *name_entry_free(NameEntry *e) {
        if (e) {
                free(e->name);
                free(e->fragment);
                free(e->alias_of);
                free(e);
        }
        return NULL;
}

UnitNameMap *unit_name_map_free(UnitNameMap *m) {
        if (!m)
                return NULL;
        NameEntry *e;
        HASHMAP_FOREACH(e, m->entries)
                name_entry_free(e);
        hashmap_free(m->entries);
        AliasList *a;
        HASHMAP_FOREACH(a, m->aliases) {
                free(a->name);
                strv_free(a->aliases);
                free(a);
        }
        hashmap_free(m->aliases);
        char *dirpath;
        HASHMAP_FOREACH(dirpath, m->dirs)
                free(dirpath);
        hashmap_free(m->dirs);
        free(m);
        return NULL;
}

static bool in_search_path(const LookupPaths *lp, const char *dir) {
        return strv_contains(lp->search_path, dir);
}

/* Follows a symlink chain below the root. Returns the final path (inside the root's
 * namespace) in *ret; "/dev/null" for masks. A dangling link yields its target. */
static int follow_links(const LookupPaths *lp, const char *path, char **ret) {
        _cleanup_free_ char *cur = strdup(path);
        if (!cur)
                return -ENOMEM;
        for (unsigned i = 0; i < ALIAS_DEPTH_MAX; i++) {
                if (streq(cur, "/dev/null"))
                        break;
                _cleanup_free_ char *host = lookup_paths_host(lp, cur);
                struct stat st;
                if (!host)
                        return -ENOMEM;
                if (lstat(host, &st) < 0 || !S_ISLNK(st.st_mode))
                        break;
                char target[PATH_MAX];
                ssize_t k = readlink(host, target, sizeof target - 1);
                if (k < 0)
                        return -errno;
                target[k] = 0;
                char *next;
                if (target[0] == '/')
                        next = strdup(target);
                else {
                        _cleanup_free_ char *dir = path_dirname(cur);
                        next = dir ? path_join(dir, target) : NULL;
                }
                if (!next)
                        return -ENOMEM;
                path_simplify(next);
                free(cur);
                cur = next;
                if (i == ALIAS_DEPTH_MAX - 1)
                        return -ELOOP;
        }
        *ret = TAKE_PTR(cur);
        return 0;
}

/* Reads the first hop of a symlink at dir/name and classifies it. */
static int classify_link(const LookupPaths *lp, const char *dir, const char *name, NameEntry *e) {
        _cleanup_free_ char *path = path_join(dir, name), *host = NULL, *first = NULL;
        if (!path || !(host = lookup_paths_host(lp, path)))
                return -ENOMEM;
        char target[PATH_MAX];
        ssize_t k = readlink(host, target, sizeof target - 1);
        if (k < 0)
                return -errno;
        target[k] = 0;
        first = target[0] == '/' ? strdup(target) : path_join(dir, target);
        if (!first)
                return -ENOMEM;
        path_simplify(first);

        _cleanup_free_ char *first_dir = path_dirname(first);
        if (!first_dir)
                return -ENOMEM;
        const char *target_name = path_basename(first);
        /* A link to another name inside the load path is an alias; everything else (a link to
         * the same name in a lower directory, or out of the load path: "linked" units) names
         * the file the unit is loaded from. */
        if (!streq(first, "/dev/null") && in_search_path(lp, first_dir) && !streq(target_name, name) &&
            unit_name_is_valid(target_name, UNIT_NAME_ANY)) {
                if (unit_name_to_type(target_name) != unit_name_to_type(name)) {
                        log_warning("%s: symlink to unit of another type %s, ignoring.", path, target_name);
                        return 0;
                }
                e->alias_of = strdup(target_name);
                return e->alias_of ? 1 : -ENOMEM;
        }
        int r = follow_links(lp, path, &e->fragment);
        if (r == -ELOOP) {
                log_warning("%s: too many levels of symbolic links, ignoring.", path);
                return 0;
        }
        return r < 0 ? r : 1;
}

static int cmp_names(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static bool is_config_dir_name(const char *n) {
        return endswith(n, ".d") || endswith(n, ".wants") || endswith(n, ".requires") || endswith(n, ".upholds");
}

static int add_config_dir(UnitNameMap *m, const char *dir, const char *name) {
        char *p = strjoin(dir, "/", name);
        if (!p)
                return -ENOMEM;
        if (hashmap_contains(m->dirs, p)) {
                free(p);
                return 0;
        }
        int r = hashmap_put(m->dirs, p, p);
        if (r < 0)
                free(p);
        return r < 0 ? r : 0;
}

bool unit_name_map_may_have_dir(const UnitNameMap *m, const char *path) {
        return !m || !m->dirs || hashmap_contains(m->dirs, path);
}

static int scan_dir(const LookupPaths *lp, UnitNameMap *m, const char *dir) {
        _cleanup_free_ char *host = lookup_paths_host(lp, dir);
        if (!host)
                return -ENOMEM;
        DIR *d = opendir(host);
        if (!d)
                return errno == ENOENT || errno == ENOTDIR ? 0 : log_debug_errno(errno, "Failed to open %s: %m", host);
        _cleanup_strv_free_ char **names = NULL;
        struct dirent *de;
        while ((de = readdir(d))) {
                /* a directory or a link to one (or a file system that does not say) */
                if (de->d_type != DT_REG && is_config_dir_name(de->d_name) && add_config_dir(m, dir, de->d_name) < 0) {
                        closedir(d);
                        return -ENOMEM;
                }
                if (unit_name_is_valid(de->d_name, UNIT_NAME_ANY) && !hashmap_contains(m->entries, de->d_name) &&
                    strv_extend(&names, de->d_name) < 0) {
                        closedir(d);
                        return -ENOMEM;
                }
        }
        closedir(d);
        if (names)
                qsort(names, strv_length(names), sizeof(char *), cmp_names);

        STRV_FOREACH(n, names) {
                _cleanup_free_ char *path = path_join(host, *n);
                struct stat st;
                if (!path)
                        return -ENOMEM;
                if (lstat(path, &st) < 0)
                        continue;
                NameEntry *e = new0(NameEntry, 1);
                if (!e || !(e->name = strdup(*n))) {
                        name_entry_free(e);
                        return -ENOMEM;
                }
                int r = 0;
                if (S_ISREG(st.st_mode)) {
                        e->fragment = path_join(dir, *n);
                        r = e->fragment ? 1 : -ENOMEM;
                } else if (S_ISLNK(st.st_mode))
                        r = classify_link(lp, dir, *n, e);
                if (r <= 0) { /* directories, devices, bad links: not a unit */
                        name_entry_free(e);
                        if (r < 0 && r != -ENOENT)
                                return r;
                        continue;
                }
                r = hashmap_put(m->entries, e->name, e);
                if (r < 0) {
                        name_entry_free(e);
                        return r;
                }
        }
        return 0;
}

static bool is_instance(const char *n) {
        return unit_name_classify(n) == UNIT_NAME_INSTANCE;
}

int unit_name_map_resolve(const UnitNameMap *m, const char *name, const char **ret_fragment,
                          char **ret_final_name) {
        _cleanup_free_ char *cur = strdup(name);
        if (!cur)
                return -ENOMEM;
        for (unsigned depth = 0; depth < ALIAS_DEPTH_MAX; depth++) {
                const NameEntry *e = hashmap_get(m->entries, cur);
                _cleanup_free_ char *instance = NULL, *tmpl = NULL, *next = NULL;
                if (is_instance(cur)) {
                        if (unit_name_to_instance(cur, &instance) < 0 || unit_name_template(cur, &tmpl) < 0)
                                return -ENOMEM;
                        /* An instance linked to its own template, or without an entry: the template decides. */
                        if (!e || (e->alias_of && streq(e->alias_of, tmpl)))
                                e = hashmap_get(m->entries, tmpl);
                }
                if (!e || e->fragment) {
                        *ret_fragment = e ? e->fragment : NULL;
                        *ret_final_name = TAKE_PTR(cur);
                        return 0;
                }
                if (instance && unit_name_classify(e->alias_of) == UNIT_NAME_TEMPLATE) {
                        if (unit_name_replace_instance(e->alias_of, instance, &next) < 0)
                                return -EINVAL;
                } else if (!(next = strdup(e->alias_of)))
                        return -ENOMEM;
                free(cur);
                cur = TAKE_PTR(next);
        }
        return -ELOOP;
}

/* Records every name that is an alias, keyed by the main name it leads to. */
static int build_alias_index(UnitNameMap *m) {
        NameEntry *e;
        HASHMAP_FOREACH(e, m->entries) {
                if (!e->alias_of)
                        continue;
                const char *fragment;
                _cleanup_free_ char *final = NULL;
                if (unit_name_map_resolve(m, e->name, &fragment, &final) < 0 || streq(final, e->name))
                        continue;
                AliasList *a = hashmap_get(m->aliases, final);
                if (!a) {
                        a = new0(AliasList, 1);
                        if (!a)
                                return -ENOMEM;
                        a->name = TAKE_PTR(final);
                        if (hashmap_put(m->aliases, a->name, a) < 0) {
                                free(a->name);
                                free(a);
                                return -ENOMEM;
                        }
                }
                if (strv_extend(&a->aliases, e->name) < 0)
                        return -ENOMEM;
        }
        return 0;
}

int unit_name_map_build(const LookupPaths *lp, UnitNameMap **ret) {
        _cleanup_(unit_name_map_freep) UnitNameMap *m = new0(UnitNameMap, 1);
        if (!m || !(m->entries = hashmap_new()) || !(m->aliases = hashmap_new()) || !(m->dirs = hashmap_new()))
                return -ENOMEM;
        STRV_FOREACH(d, lp->search_path) {
                int r = scan_dir(lp, m, *d);
                if (r < 0)
                        return r;
        }
        int r = build_alias_index(m);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

char **unit_name_map_names(const UnitNameMap *m) {
        char **l = new (char *, hashmap_size(m->entries) + 1);
        size_t n = 0;
        NameEntry *e;
        if (!l)
                return NULL;
        HASHMAP_FOREACH(e, m->entries)
                if (!(l[n++] = strdup(e->name)))
                        return strv_free(l);
        strv_sort(l);
        return l;
}

int unit_name_map_aliases(const UnitNameMap *m, const char *final_name, char ***ret) {
        const AliasList *own = hashmap_get(m->aliases, final_name);
        _cleanup_strv_free_ char **l = strv_copy(own ? own->aliases : NULL);
        if (!l)
                return -ENOMEM;
        /* An instance also carries the instances of its template's aliases. */
        _cleanup_free_ char *tmpl = NULL, *instance = NULL;
        if (is_instance(final_name) && unit_name_template(final_name, &tmpl) >= 0 &&
            unit_name_to_instance(final_name, &instance) >= 0) {
                const AliasList *t = hashmap_get(m->aliases, tmpl);
                STRV_FOREACH(a, t ? t->aliases : NULL) {
                        char *n;
                        if (unit_name_replace_instance(*a, instance, &n) >= 0 && strv_consume_unique(&l, n) < 0)
                                return -ENOMEM;
                }
        }
        strv_sort(l);
        *ret = TAKE_PTR(l);
        return 0;
}
