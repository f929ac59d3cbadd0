/* exec-dirs.c — see exec-dirs.h. Directory creation runs in the child as root; the
 * recursive chown only happens when the top directory is not the user's already, so a large
 * state directory costs one stat per start. */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec-dirs.h"
#include "exec-spawn.h"
#include "fs-util.h"
#include "log.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

static const char *const prefixes[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "/run",
        [EXEC_DIRECTORY_STATE] = "/var/lib",
        [EXEC_DIRECTORY_CACHE] = "/var/cache",
        [EXEC_DIRECTORY_LOGS] = "/var/log",
        [EXEC_DIRECTORY_CONFIGURATION] = "/etc",
};

static const char *const env_names[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "RUNTIME_DIRECTORY",
        [EXEC_DIRECTORY_STATE] = "STATE_DIRECTORY",
        [EXEC_DIRECTORY_CACHE] = "CACHE_DIRECTORY",
        [EXEC_DIRECTORY_LOGS] = "LOGS_DIRECTORY",
        [EXEC_DIRECTORY_CONFIGURATION] = "CONFIGURATION_DIRECTORY",
};

static const int exit_codes[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = EXIT_RUNTIME_DIRECTORY,
        [EXEC_DIRECTORY_STATE] = EXIT_STATE_DIRECTORY,
        [EXEC_DIRECTORY_CACHE] = EXIT_CACHE_DIRECTORY,
        [EXEC_DIRECTORY_LOGS] = EXIT_LOGS_DIRECTORY,
        [EXEC_DIRECTORY_CONFIGURATION] = EXIT_CONFIGURATION_DIRECTORY,
};

const char *exec_directory_prefix(ExecDirectoryType t) {
        return t < _EXEC_DIRECTORY_TYPE_MAX ? prefixes[t] : NULL;
}

const char *exec_directory_env_name(ExecDirectoryType t) {
        return t < _EXEC_DIRECTORY_TYPE_MAX ? env_names[t] : NULL;
}

int exec_directory_env(const ExecContext *ctx, ExecDirectoryType t, char **ret) {
        const ExecDirectory *d = &ctx->directories[t];
        *ret = NULL;
        if (d->n_items == 0)
                return 0;
        _cleanup_free_ char *s = strjoin(env_names[t], "=");
        for (size_t i = 0; s && i < d->n_items; i++) {
                _cleanup_free_ char *p = path_join(prefixes[t], d->items[i].path);
                if (!p || !strextend(&s, i ? ":" : "", p))
                        return -ENOMEM;
        }
        if (!s)
                return -ENOMEM;
        *ret = TAKE_PTR(s);
        return 0;
}

/* nftw() has no user data pointer: the owner travels in these two, set right before. They
 * are only ever written in the forked child, never in the manager. */
static uid_t chown_uid;
static gid_t chown_gid;

static int chown_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        (void) st, (void) flag, (void) ftw;
        (void) lchown(path, chown_uid, chown_gid);
        return 0;
}

static int setup_one(const char *path, mode_t mode, bool chown_it, const ExecIdentity *id, bool chmod_existing) {
        _cleanup_free_ char *parent = path_dirname(path);
        if (!parent)
                return -ENOMEM;
        int r = mkdir_p(parent, 0755);
        if (r < 0)
                return r;
        if (mkdir(path, mode) < 0 && errno != EEXIST)
                return -errno;
        struct stat st;
        if (stat(path, &st) < 0)
                return -errno;
        if (!S_ISDIR(st.st_mode))
                return -ENOTDIR;
        /* mkdir() honours the umask; the configured mode is what systemd gives, exactly */
        if ((st.st_mode & 07777) != mode && chmod_existing && chmod(path, mode) < 0)
                return -errno;
        if (chown_it && (st.st_uid != id->uid || st.st_gid != id->gid)) {
                chown_uid = id->uid;
                chown_gid = id->gid;
                if (nftw(path, chown_one, 16, FTW_PHYS) < 0)
                        return -errno;
        }
        return 0;
}

/* DynamicUser= turned off again: the public name is still our symlink into private/, so the
 * real directory moves back in its place, as systemd does (the files stay the service's). */
static int migrate_back_from_private(const char *prefix, const char *path, const char *p) {
        struct stat st;
        if (lstat(p, &st) < 0 || !S_ISLNK(st.st_mode))
                return 0;
        _cleanup_free_ char *real = path_join(prefix, "private");
        if (!real || !strextend(&real, "/", path))
                return -ENOMEM;
        if (lstat(real, &st) < 0 || !S_ISDIR(st.st_mode))
                return 0;
        if (unlink(p) < 0 || rename(real, p) < 0)
                return -errno;
        return 0;
}

/* Whether another item of d is a parent directory of path ("aaa" for "aaa/bbb"). */
static bool has_listed_ancestor(const ExecDirectory *d, const char *path) {
        for (size_t i = 0; i < d->n_items; i++) {
                size_t l = strlen(d->items[i].path);
                if (strncmp(d->items[i].path, path, l) == 0 && path[l] == '/')
                        return true;
        }
        return false;
}

int exec_directories_setup(const ExecContext *ctx, const ExecIdentity *id) {
        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                const ExecDirectory *d = &ctx->directories[t];
                bool owned = t != EXEC_DIRECTORY_CONFIGURATION && (id->change_user || id->change_group);
                /* a dynamic user's persistent directories sit behind a 0700 "private" directory,
                 * so a recycled id never sees another service's files */
                bool private = ctx->dynamic_user && t != EXEC_DIRECTORY_RUNTIME && t != EXEC_DIRECTORY_CONFIGURATION;
                for (size_t i = 0; i < d->n_items; i++) {
                        const ExecDirectoryItem *it = &d->items[i];
                        _cleanup_free_ char *p = path_join(prefixes[t], it->path);
                        if (!p)
                                return EXIT_MEMORY;
                        int r;
                        if (private) {
                                _cleanup_free_ char *pd = path_join(prefixes[t], "private");
                                _cleanup_free_ char *real = pd ? path_join(pd, it->path) : NULL;
                                _cleanup_free_ char *rel = NULL;
                                if (!real || asprintf(&rel, "private/%s", it->path) < 0)
                                        return EXIT_MEMORY;
                                if ((r = mkdir_p(pd, 0700)) < 0 || chmod(pd, 0700) < 0) {
                                        r = r < 0 ? r : -errno;
                                        goto fail;
                                }
                                /* below another listed directory: that one's symlink leads
                                 * into private/ already, so only the real directory is made */
                                if (has_listed_ancestor(d, it->path)) {
                                        if ((r = setup_one(real, d->mode, owned, id, true)) < 0)
                                                goto fail;
                                        goto links;
                                }
                                /* a plain directory from before DynamicUser= moves into
                                 * private/ (and is chowned there), as systemd migrates it */
                                struct stat pst;
                                if (lstat(p, &pst) >= 0 && S_ISDIR(pst.st_mode) && access(real, F_OK) < 0) {
                                        _cleanup_free_ char *rparent = path_dirname(real);
                                        if (!rparent)
                                                return EXIT_MEMORY;
                                        if ((r = mkdir_p(rparent, 0755)) < 0)
                                                goto fail;
                                        if (rename(p, real) < 0) {
                                                r = -errno;
                                                goto fail;
                                        }
                                }
                                if ((r = setup_one(real, d->mode, owned, id, true)) < 0)
                                        goto fail;
                                /* the public name is a relative symlink into private/ */
                                _cleanup_free_ char *target = NULL;
                                size_t depth = 0;
                                for (const char *c = it->path; *c; c++)
                                        depth += *c == '/';
                                if (!(target = strdup("")))
                                        return EXIT_MEMORY;
                                for (size_t k = 0; k < depth; k++)
                                        if (!strextend(&target, "../"))
                                                return EXIT_MEMORY;
                                if (!strextend(&target, rel))
                                        return EXIT_MEMORY;
                                _cleanup_free_ char *pparent = path_dirname(p);
                                if (!pparent)
                                        return EXIT_MEMORY;
                                if ((r = mkdir_p(pparent, 0755)) < 0)
                                        goto fail;
                                struct stat st;
                                if (lstat(p, &st) < 0 || !S_ISLNK(st.st_mode)) {
                                        if (lstat(p, &st) >= 0 && S_ISDIR(st.st_mode)) {
                                                r = -EEXIST; /* still a plain directory: not ours to replace */
                                                goto fail;
                                        }
                                        (void) unlink(p);
                                        if (symlink(target, p) < 0) {
                                                r = -errno;
                                                goto fail;
                                        }
                                }
                        } else {
                                if ((r = migrate_back_from_private(prefixes[t], it->path, p)) < 0 ||
                                    (r = setup_one(p, d->mode, owned, id, t != EXEC_DIRECTORY_CONFIGURATION)) < 0)
                                        goto fail;
                        }
                links:
                        STRV_FOREACH(l, it->symlinks) {
                                _cleanup_free_ char *lp = path_join(prefixes[t], *l);
                                _cleanup_free_ char *lparent = lp ? path_dirname(lp) : NULL;
                                if (!lparent)
                                        return EXIT_MEMORY;
                                (void) mkdir_p(lparent, 0755);
                                if (symlink(p, lp) < 0 && errno != EEXIST) {
                                        r = -errno;
                                        goto fail;
                                }
                        }
                        continue;
                fail:
                        fprintf(stderr, "Failed to set up %s %s: %s\n", exec_directory_type_to_string(t), p, strerror(-r));
                        return exit_codes[t];
                }
        }
        return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        (void) st, (void) ftw;
        if (flag == FTW_DP)
                (void) rmdir(path);
        else
                (void) unlink(path);
        return 0;
}

void exec_directories_cleanup(const ExecContext *ctx, bool restarting) {
        ExecPreserveMode m = ctx->runtime_directory_preserve_mode;
        if (m == EXEC_PRESERVE_YES || (m == EXEC_PRESERVE_RESTART && restarting))
                return;
        const ExecDirectory *d = &ctx->directories[EXEC_DIRECTORY_RUNTIME];
        for (size_t i = 0; i < d->n_items; i++) {
                _cleanup_free_ char *p = path_join(prefixes[EXEC_DIRECTORY_RUNTIME], d->items[i].path);
                if (!p || !path_is_normalized(p))
                        continue; /* never let "../" walk out of /run */
                STRV_FOREACH(l, d->items[i].symlinks) {
                        _cleanup_free_ char *lp = path_join(prefixes[EXEC_DIRECTORY_RUNTIME], *l);
                        if (lp && path_is_normalized(lp))
                                (void) unlink(lp);
                }
                if (nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT)
                        log_debug_errno(-errno, "Failed to remove runtime directory %s: %m", p);
        }
}

int exec_root_directory_apply(const ExecContext *ctx) {
        if (!ctx->root_directory)
                return 0;
        if (chroot(ctx->root_directory) < 0 || chdir("/") < 0) {
                fprintf(stderr, "Failed to change root to %s: %m\n", ctx->root_directory);
                return EXIT_CHROOT;
        }
        return 0;
}

int exec_working_directory_apply(const ExecContext *ctx, const char *home) {
        const char *wd = "/";
        if (ctx->working_directory_home) {
                wd = home;
                if (!wd) {
                        fprintf(stderr, "WorkingDirectory=~ but the user has no home directory\n");
                        return ctx->working_directory_missing_ok ? (chdir("/") < 0 ? EXIT_CHDIR : 0) : EXIT_CHDIR;
                }
        } else if (ctx->working_directory)
                wd = ctx->working_directory;
        if (chdir(wd) < 0) {
                /* "-": the root directory then, not whatever the manager's cwd is */
                if (ctx->working_directory_missing_ok)
                        return chdir("/") < 0 ? EXIT_CHDIR : 0;
                fprintf(stderr, "Failed to change to working directory %s: %m\n", wd);
                return EXIT_CHDIR;
        }
        return 0;
}
