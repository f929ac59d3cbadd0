/* install.c — enable, disable, reenable, mask, unmask and link, offline. The rules follow
 * systemctl 252 as observed with --root: aliases first, then WantedBy= (.wants/), then
 * RequiredBy= (.requires/), then the units named by Also=, in the order met. Symlinks point
 * at the unit file's path in its load-path directory. An existing identical symlink counts as
 * done; a dangling one is replaced; a different one is an error unless --force. The result
 * of an operation tells whether anything carried install information: that is what makes
 * systemctl print its "no installation config" note, and a later success does not undo an
 * earlier error inside one list, while a first success in one list hides errors in the next
 * (systemctl's own precedence, kept because scripts see the exit code). Disable walks the
 * config directory in directory order, removing every symlink whose name, target name or
 * target path is marked, and walks again when it removed an alias, so messages come in the
 * order systemctl prints them on the same file system. */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#include "install-internal.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

void install_changes_done(InstallChanges *c) {
        for (size_t k = 0; k < c->n; k++) {
                free(c->items[k].path);
                free(c->items[k].source);
        }
        c->items = mfree(c->items);
        c->n = 0;
}

int install_changes_add(InstallChanges *c, int type, const char *path, const char *source) {
        if (!c)
                return 0;
        InstallChange *n = realloc(c->items, (c->n + 1) * sizeof(InstallChange));
        if (!n)
                return -ENOMEM;
        c->items = n;
        InstallChange *x = &c->items[c->n];
        *x = (InstallChange){ .type = type };
        if ((path && !(x->path = strdup(path))) || (source && !(x->source = strdup(source)))) {
                free(x->path);
                return -ENOMEM;
        }
        c->n++;
        return 0;
}

bool install_changes_have_error(const InstallChanges *c) {
        for (size_t k = 0; k < c->n; k++)
                if (c->items[k].type < 0)
                        return true;
        return false;
}

const char *install_config_path(const LookupPaths *lp, InstallFlags flags) {
        return flags & INSTALL_RUNTIME ? lp->runtime_config : lp->persistent_config;
}

static int mkdir_parents(const char *path) {
        _cleanup_free_ char *p = strdup(path);
        if (!p)
                return -ENOMEM;
        for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = 0;
                if (mkdir(p, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *s = '/';
        }
        return 0;
}

/* The root-less absolute target of a symlink at link_path (root-less) reading dest. */
static char *resolve_dest(const char *link_path, const char *dest) {
        _cleanup_free_ char *d = path_dirname(link_path);
        return d ? install_link_target(d, dest) : NULL;
}

int install_create_symlink(const LookupPaths *lp, const char *old_path, const char *new_path, bool force,
                           bool dry_run, InstallChanges *changes) {
        _cleanup_free_ char *host = lookup_paths_host(lp, new_path);
        if (!host)
                return -ENOMEM;
        int r;

        if (!dry_run) {
                r = mkdir_parents(host);
                if (r < 0) {
                        install_changes_add(changes, r, host, NULL);
                        return r;
                }
                if (symlink(old_path, host) >= 0)
                        return install_changes_add(changes, INSTALL_CHANGE_SYMLINK, host, old_path) < 0 ? -ENOMEM : 1;
                if (errno != EEXIST) {
                        r = -errno;
                        install_changes_add(changes, r, host, NULL);
                        return r;
                }
        } else {
                struct stat st;
                if (lstat(host, &st) < 0)
                        return install_changes_add(changes, INSTALL_CHANGE_SYMLINK, host, old_path) < 0 ? -ENOMEM : 1;
        }

        char buf[4096];
        ssize_t k = readlink(host, buf, sizeof buf - 1);
        if (k < 0) {
                install_changes_add(changes, -EEXIST, host, NULL);
                return -EEXIST;
        }
        buf[k] = 0;
        _cleanup_free_ char *dest = resolve_dest(new_path, buf), *old = strdup(old_path);
        if (!dest || !old)
                return -ENOMEM;
        if (streq(dest, path_simplify(old)))
                return 1;

        if (!force) {
                install_changes_add(changes, -EEXIST, host, buf);
                return -EEXIST;
        }
        if (!dry_run) {
                _cleanup_free_ char *tmp = strjoin(host, ".sctl-tmp");
                if (!tmp)
                        return -ENOMEM;
                (void) unlink(tmp);
                if (symlink(old_path, tmp) < 0 || rename(tmp, host) < 0) {
                        r = -errno;
                        (void) unlink(tmp);
                        install_changes_add(changes, r, host, NULL);
                        return r;
                }
        }
        if (install_changes_add(changes, INSTALL_CHANGE_UNLINK, host, NULL) < 0 ||
            install_changes_add(changes, INSTALL_CHANGE_SYMLINK, host, old_path) < 0)
                return -ENOMEM;
        return 1;
}

static int remove_in_dir(const LookupPaths *lp, const char *dir, char ***marks, bool dry_run, bool *restart,
                         InstallChanges *changes) {
        _cleanup_free_ char *host = lookup_paths_host(lp, dir);
        if (!host)
                return -ENOMEM;
        DIR *d = opendir(host);
        if (!d)
                return errno == ENOENT ? 0 : -errno;
        int n = 0, r = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                _cleanup_free_ char *p = path_join(dir, de->d_name);
                _cleanup_free_ char *ph = p ? lookup_paths_host(lp, p) : NULL;
                if (!ph) {
                        r = -ENOMEM;
                        break;
                }
                struct stat st;
                if (lstat(ph, &st) < 0)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        int q = remove_in_dir(lp, p, marks, dry_run, restart, changes);
                        if (q < 0) {
                                r = q;
                                break;
                        }
                        if (q > 0 && !dry_run)
                                (void) rmdir(ph); /* only succeeds when we emptied it */
                        n += q;
                        continue;
                }
                if (!S_ISLNK(st.st_mode))
                        continue;
                char buf[4096];
                ssize_t k = readlink(ph, buf, sizeof buf - 1);
                if (k < 0)
                        continue;
                buf[k] = 0;
                _cleanup_free_ char *dest = resolve_dest(p, buf);
                if (!dest) {
                        r = -ENOMEM;
                        break;
                }
                if (!strv_contains(*marks, de->d_name) && !strv_contains(*marks, path_basename(dest)) &&
                    !strv_contains(*marks, dest))
                        continue;
                if (dry_run) {
                        bool seen = false;
                        for (size_t c = 0; changes && c < changes->n && !seen; c++)
                                seen = changes->items[c].type == INSTALL_CHANGE_UNLINK && streq(changes->items[c].path, ph);
                        if (seen)
                                continue;
                } else if (unlink(ph) < 0) {
                        install_changes_add(changes, -errno, ph, NULL);
                        continue;
                }
                if (install_changes_add(changes, INSTALL_CHANGE_UNLINK, ph, NULL) < 0) {
                        r = -ENOMEM;
                        break;
                }
                n++;
                /* The removed link's own name may be an alias that others point to. */
                if (unit_name_is_valid(de->d_name, UNIT_NAME_ANY) && !strv_contains(*marks, de->d_name)) {
                        if (strv_extend(marks, de->d_name) < 0) {
                                r = -ENOMEM;
                                break;
                        }
                        *restart = true;
                }
        }
        closedir(d);
        return r < 0 ? r : n;
}

int install_remove_marked(const LookupPaths *lp, const char *config_path, char ***marks, bool dry_run,
                          InstallChanges *changes) {
        int total = 0;
        bool restart;
        do {
                restart = false;
                int r = remove_in_dir(lp, config_path, marks, dry_run, &restart, changes);
                if (r < 0)
                        return r;
                total += r;
        } while (restart);
        return total;
}

/* ---- enable ---- */

static int symlink_aliases(const LookupPaths *lp, InstallFlags flags, const InstallInfo *i, const char *config,
                           InstallChanges *changes) {
        int r = 0;
        STRV_FOREACH(a, i->aliases) {
                _cleanup_free_ char *dst = NULL, *path = NULL;
                int q = install_name_printf(lp, i, *a, &dst);
                if (q < 0) {
                        install_changes_add(changes, q, *a, NULL);
                        if (r >= 0)
                                r = q;
                        continue;
                }
                UnitNameFlags src = unit_name_classify(i->name), to = unit_name_classify(dst);
                bool ok = to && unit_name_to_type(dst) == unit_name_to_type(i->name) &&
                          (src == UNIT_NAME_PLAIN ? to == UNIT_NAME_PLAIN :
                           src == UNIT_NAME_TEMPLATE ? to == UNIT_NAME_TEMPLATE : to != UNIT_NAME_PLAIN);
                if (ok && src == UNIT_NAME_INSTANCE && to == UNIT_NAME_TEMPLATE) {
                        _cleanup_free_ char *inst = NULL, *t = TAKE_PTR(dst);
                        if (unit_name_to_instance(i->name, &inst) < 0 || unit_name_replace_instance(t, inst, &dst) < 0)
                                return -ENOMEM;
                }
                if (!ok) {
                        install_changes_add(changes, -EXDEV, i->name, dst);
                        if (r >= 0)
                                r = -EXDEV;
                        continue;
                }
                if (!(path = path_join(config, dst)))
                        return -ENOMEM;
                q = install_create_symlink(lp, i->path, path, flags & INSTALL_FORCE, flags & INSTALL_DRY_RUN, changes);
                if (q < 0) {
                        if (r >= 0)
                                r = q;
                } else if (r >= 0)
                        r += q;
        }
        return r;
}

static int symlink_wants(const LookupPaths *lp, InstallFlags flags, const InstallInfo *i, const char *config,
                         char **list, const char *suffix, InstallChanges *changes) {
        _cleanup_free_ char *n = NULL;
        bool template = unit_name_is_valid(i->name, UNIT_NAME_TEMPLATE);
        if (template && i->default_instance) {
                if (unit_name_replace_instance(i->name, i->default_instance, &n) < 0) {
                        install_changes_add(changes, -EUCLEAN, i->default_instance, NULL);
                        return -EUCLEAN;
                }
                template = false;
        } else if (!(n = strdup(i->name)))
                return -ENOMEM;

        _cleanup_free_ char *unit_host = lookup_paths_host(lp, i->path);
        if (!unit_host)
                return -ENOMEM;
        int r = 0;
        STRV_FOREACH(s, list) {
                _cleanup_free_ char *dst = NULL, *path = NULL;
                int q = install_name_printf(lp, i, *s, &dst);
                if (q < 0) {
                        install_changes_add(changes, q, *s, NULL);
                        r = q;
                        continue;
                }
                if (!unit_name_is_valid(dst, UNIT_NAME_ANY)) {
                        install_changes_add(changes, -EUCLEAN, dst, NULL);
                        r = -EUCLEAN;
                        continue;
                }
                if (template && !unit_name_is_valid(dst, UNIT_NAME_TEMPLATE)) {
                        if (flags & INSTALL_SKIP_TEMPLATE_TO_PLAIN)
                                continue;
                        install_changes_add(changes, -EIDRM, dst, n);
                        r = -EIDRM;
                        continue;
                }
                if (!(path = strjoin(config, "/", dst, suffix, "/", n)))
                        return -ENOMEM;
                /* A .wants/ entry of this name can only mean this unit: always replaced. */
                q = install_create_symlink(lp, i->path, path, true, flags & INSTALL_DRY_RUN, changes);
                if (r == 0)
                        r = q;
                if (q >= 0 && !install_unit_exists(lp, dst))
                        install_changes_add(changes, INSTALL_CHANGE_IS_DANGLING, unit_host, dst);
        }
        return r;
}

int install_apply_one(const LookupPaths *lp, InstallFlags flags, const InstallInfo *i, const char *config,
                      InstallChanges *changes) {
        int r = symlink_aliases(lp, flags, i, config, changes);
        int q = symlink_wants(lp, flags, i, config, i->wanted_by, ".wants", changes);
        if (r == 0)
                r = q;
        q = symlink_wants(lp, flags, i, config, i->required_by, ".requires", changes);
        if (r == 0)
                r = q;
        return r;
}

typedef struct Entry {
        char *name;
        bool auxiliary;
} Entry;

typedef struct Queue {
        Entry *e;
        size_t n;
} Queue;

static void queue_done(Queue *q) {
        for (size_t k = 0; k < q->n; k++)
                free(q->e[k].name);
        q->e = mfree(q->e);
        q->n = 0;
}

static int queue_add(Queue *q, const char *name, bool auxiliary) {
        for (size_t k = 0; k < q->n; k++)
                if (streq(q->e[k].name, name))
                        return 0;
        Entry *n = realloc(q->e, (q->n + 1) * sizeof(Entry));
        if (!n)
                return -ENOMEM;
        q->e = n;
        if (!(q->e[q->n].name = strdup(name)))
                return -ENOMEM;
        q->e[q->n++].auxiliary = auxiliary;
        return 1;
}

static int link_one(const LookupPaths *lp, InstallFlags flags, const char *arg, InstallChanges *changes);

/* Generated and transient units are the manager's, not the admin's, to enable. */
static bool kind_is_volatile(UnitPathKind k) {
        return k == UNIT_PATH_GENERATED || k == UNIT_PATH_TRANSIENT;
}

/* Resolves the command-line names: all must exist before anything is touched. */
static int prepare_names(const LookupPaths *lp, InstallFlags flags, char **names, bool for_enable, Queue *q,
                         InstallChanges *changes) {
        STRV_FOREACH(s, names) {
                const char *name = *s;
                if (path_is_absolute(name)) {
                        /* enabling a file outside the search path links it first */
                        if (for_enable && !lookup_paths_dir_of(lp, name)) {
                                int r = link_one(lp, flags, name, changes);
                                if (r < 0)
                                        return r;
                        }
                        name = path_basename(name);
                }
                if (!unit_name_is_valid(name, UNIT_NAME_ANY)) {
                        install_changes_add(changes, -EUCLEAN, name, NULL);
                        return -EUCLEAN;
                }
                if (queue_add(q, name, false) < 0)
                        return -ENOMEM;
        }
        return 0;
}

int install_enable(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes) {
        _cleanup_(queue_done) Queue q = {};
        const char *config = install_config_path(lp, flags);
        int r = prepare_names(lp, flags, names, true, &q, changes);
        if (r < 0)
                return r;

        /* Every named unit must be usable before the first symlink is made. */
        InstallInfo **infos = new0(InstallInfo *, q.n);
        if (!infos)
                return -ENOMEM;
        size_t n_named = q.n;
        for (size_t k = 0; k < n_named && r >= 0; k++) {
                r = install_info_find(lp, q.e[k].name, &infos[k]);
                if (r < 0) {
                        install_changes_add(changes, r, q.e[k].name, NULL);
                        continue;
                }
                _cleanup_free_ char *h = lookup_paths_host(lp, infos[k]->found_path);
                if (infos[k]->type == INSTALL_INFO_MASKED) {
                        install_changes_add(changes, -ERFKILL, h, NULL);
                        r = -ERFKILL;
                } else if (kind_is_volatile(lookup_paths_kind(lp, infos[k]->dir))) {
                        install_changes_add(changes, -EADDRNOTAVAIL, h, NULL);
                        r = -EADDRNOTAVAIL;
                }
        }
        if (r >= 0) {
                for (size_t k = 0; k < q.n; k++) {
                        _cleanup_(install_info_freep) InstallInfo *aux = NULL;
                        InstallInfo *i = k < n_named ? infos[k] : NULL;
                        if (!i) {
                                int e = install_info_find(lp, q.e[k].name, &aux);
                                if (e < 0) {
                                        install_changes_add(changes, INSTALL_CHANGE_AUXILIARY_FAILED, q.e[k].name, NULL);
                                        continue;
                                }
                                i = aux;
                                if (i->type == INSTALL_INFO_MASKED) {
                                        _cleanup_free_ char *h = lookup_paths_host(lp, i->found_path);
                                        install_changes_add(changes, INSTALL_CHANGE_IS_MASKED, h, NULL);
                                        if (r >= 0)
                                                r++; /* something could have been enabled: no "static" note */
                                        continue;
                                }
                        }
                        STRV_FOREACH(a, i->also)
                                if (queue_add(&q, *a, true) < 0) {
                                        r = -ENOMEM;
                                        break;
                                }
                        int e = install_apply_one(lp, flags, i, config, changes);
                        if (r >= 0)
                                r = e < 0 ? e : r + e;
                }
        }
        for (size_t k = 0; k < n_named; k++)
                install_info_free(infos[k]);
        free(infos);
        return r;
}

/* ---- disable ---- */

int install_mark_for_removal(const InstallInfo *i, char ***marks) {
        if (strv_extend(marks, i->name) < 0 || strv_extend_strv(marks, i->chain, true) < 0)
                return -ENOMEM;
        /* An instance shares its file with its siblings: only its name identifies it. */
        if (!unit_name_is_valid(i->name, UNIT_NAME_INSTANCE) && i->path && strv_extend(marks, i->path) < 0)
                return -ENOMEM;
        return 0;
}

int install_disable(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes) {
        _cleanup_(queue_done) Queue q = {};
        _cleanup_strv_free_ char **marks = NULL;
        int r = prepare_names(lp, flags, names, false, &q, changes);
        if (r < 0)
                return r;
        size_t n_named = q.n;
        for (size_t k = 0; k < q.n; k++) {
                _cleanup_(install_info_freep) InstallInfo *i = NULL;
                int e = install_info_find(lp, q.e[k].name, &i);
                if (e == -ENOENT) {
                        /* nothing to disable: reported, not fatal, as systemctl does; a link to a
                         * vanished file is named by that file, and its links still go */
                        _cleanup_free_ char *gone = NULL;
                        bool dangling = install_dangling_target(lp, q.e[k].name, &gone) >= 0;
                        if (k < n_named)
                                install_changes_add(changes, e, dangling ? gone : q.e[k].name, NULL);
                        if (dangling && strv_extend(&marks, q.e[k].name) < 0)
                                return -ENOMEM;
                        continue;
                }
                if (e < 0) {
                        if (k < n_named)
                                install_changes_add(changes, e, q.e[k].name, NULL);
                        if (strv_extend(&marks, q.e[k].name) < 0)
                                return -ENOMEM;
                        continue;
                }
                if (i->type == INSTALL_INFO_MASKED) {
                        _cleanup_free_ char *h = lookup_paths_host(lp, i->found_path);
                        install_changes_add(changes, INSTALL_CHANGE_IS_MASKED, h, NULL);
                        continue;
                }
                if (install_mark_for_removal(i, &marks) < 0)
                        return -ENOMEM;
                STRV_FOREACH(a, i->also)
                        if (queue_add(&q, *a, true) < 0)
                                return -ENOMEM;
        }
        r = install_remove_marked(lp, install_config_path(lp, flags), &marks, flags & INSTALL_DRY_RUN, changes);
        return r < 0 ? r : 0;
}

int install_reenable(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes) {
        _cleanup_strv_free_ char **resolved = NULL;
        STRV_FOREACH(n, names) {
                _cleanup_(install_info_freep) InstallInfo *i = NULL;
                const char *name = path_is_absolute(*n) ? path_basename(*n) : *n;
                int e = install_info_find(lp, name, &i);
                if (e == -ENOMEM || strv_extend(&resolved, e >= 0 && i->path ? path_basename(i->path) : *n) < 0)
                        return -ENOMEM;
        }
        int r = install_disable(lp, flags, names, changes);
        if (r == -ENOMEM)
                return r;
        /* What is enabled again is the unit file each name resolved to before the links went:
         * an alias re-enables its unit, an instance its template (which, without a default
         * instance, a plain target cannot want) — as systemctl does. */
        _cleanup_strv_free_ char **again = NULL;
        STRV_FOREACH(n, resolved) {
                if (strv_extend(&again, *n) < 0)
                        return -ENOMEM;
        }
        return install_enable(lp, flags, again, changes);
}

/* ---- mask, unmask, link ---- */

int install_mask(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes) {
        const char *config = install_config_path(lp, flags);
        int r = 0;
        STRV_FOREACH(s, names) {
                const char *name = path_is_absolute(*s) ? path_basename(*s) : *s;
                if (!unit_name_is_valid(name, UNIT_NAME_ANY)) {
                        install_changes_add(changes, -EUCLEAN, name, NULL);
                        if (r >= 0)
                                r = -EUCLEAN;
                        continue;
                }
                _cleanup_free_ char *path = path_join(config, name);
                if (!path)
                        return -ENOMEM;
                int q = install_create_symlink(lp, "/dev/null", path, flags & INSTALL_FORCE, flags & INSTALL_DRY_RUN, changes);
                if (q < 0 && r >= 0)
                        r = q;
        }
        return r;
}

int install_unmask(const LookupPaths *lp, InstallFlags flags, char **names, InstallChanges *changes) {
        const char *config = install_config_path(lp, flags);
        int r = 0;
        STRV_FOREACH(s, names) {
                const char *name = path_is_absolute(*s) ? path_basename(*s) : *s;
                if (!unit_name_is_valid(name, UNIT_NAME_ANY)) {
                        install_changes_add(changes, -EUCLEAN, name, NULL);
                        if (r >= 0)
                                r = -EUCLEAN;
                        continue;
                }
                _cleanup_free_ char *path = path_join(config, name);
                _cleanup_free_ char *host = path ? lookup_paths_host(lp, path) : NULL;
                if (!host)
                        return -ENOMEM;
                char buf[64];
                ssize_t k = readlink(host, buf, sizeof buf - 1);
                if (k < 0)
                        continue;
                buf[k] = 0;
                if (!streq(buf, "/dev/null"))
                        continue;
                if (!(flags & INSTALL_DRY_RUN) && unlink(host) < 0) {
                        int q = -errno;
                        install_changes_add(changes, q, host, NULL);
                        if (r >= 0)
                                r = q;
                        continue;
                }
                install_changes_add(changes, INSTALL_CHANGE_UNLINK, host, NULL);
        }
        return r;
}

static int link_one(const LookupPaths *lp, InstallFlags flags, const char *arg, InstallChanges *changes) {
        _cleanup_free_ char *path = NULL;
        if (path_is_absolute(arg))
                path = strdup(arg);
        else {
                char cwd[4096];
                if (!getcwd(cwd, sizeof cwd))
                        return -errno;
                path = path_join(cwd, arg);
        }
        if (!path)
                return -ENOMEM;
        path_simplify(path);
        const char *name = path_basename(path);
        if (!unit_name_is_valid(name, UNIT_NAME_ANY)) {
                install_changes_add(changes, -EUCLEAN, name, NULL);
                return -EUCLEAN;
        }
        _cleanup_free_ char *host = lookup_paths_host(lp, path);
        if (!host)
                return -ENOMEM;
        struct stat st;
        if (stat(host, &st) < 0 || !S_ISREG(st.st_mode)) {
                install_changes_add(changes, -ENOENT, path, NULL);
                return -ENOENT;
        }
        const char *config = install_config_path(lp, flags);
        _cleanup_free_ char *new_path = path_join(config, name);
        if (!new_path)
                return -ENOMEM;
        return install_create_symlink(lp, path, new_path, flags & INSTALL_FORCE, flags & INSTALL_DRY_RUN, changes);
}

int install_link(const LookupPaths *lp, InstallFlags flags, char **paths, InstallChanges *changes) {
        int r = 0;
        STRV_FOREACH(s, paths) {
                int q = link_one(lp, flags, *s, changes);
                if (q < 0)
                        return q;
                r += q;
        }
        return r;
}
