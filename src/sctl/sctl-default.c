/* sctl-default.c — get-default and set-default. Both work on the default.target symlink and
 * so need no manager (with --root, or in a chroot); set-default asks a running manager to
 * reload afterwards, as systemctl does, unless --no-reload or --root. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "path-util.h"
#include "sctl-control.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"
#include "unit-load.h"
#include "unit-name.h"

static int load_map(const SctlOptions *o, LookupPaths *lp, UnitNameMap **map) {
        int r = lookup_paths_init(lp, o->root);
        if (r < 0)
                return log_oom();
        if ((r = unit_name_map_build(lp, map)) < 0) {
                lookup_paths_done(lp);
                return log_error_errno(r, "Failed to scan the unit load path: %m");
        }
        return 0;
}

static void mkdir_p(const char *dir) {
        _cleanup_free_ char *p = strdup(dir);
        if (!p)
                return;
        for (char *s = p + 1; *s; s++)
                if (*s == '/') {
                        *s = 0;
                        (void) mkdir(p, 0755);
                        *s = '/';
                }
        (void) mkdir(p, 0755);
}

int verb_get_default(int argc, char **argv, const SctlOptions *o) {
        if (!o->root) {
                /* a running manager knows its own load path best */
                _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
                _cleanup_strv_free_ char **f = NULL;
                if (sctl_connect_quiet(o, &c) >= 0 && sctl_call(c, &f, NULL, "get-default", NULL) >= 0 && f && f[0]) {
                        puts(f[0]);
                        return 0;
                }
        }
        LookupPaths lp;
        _cleanup_(unit_name_map_freep) UnitNameMap *map = NULL;
        (void) argc, (void) argv;
        int r = load_map(o, &lp, &map);
        if (r < 0)
                return r;
        const char *fragment;
        _cleanup_free_ char *final = NULL;
        r = unit_name_map_resolve(map, "default.target", &fragment, &final);
        lookup_paths_done(&lp);
        if (r < 0 || !fragment)
                return log_error_errno(r < 0 ? r : ENOENT, "Failed to get default target: %m");
        puts(final);
        return 0;
}

int verb_set_default(int argc, char **argv, const SctlOptions *o) {
        _cleanup_free_ char *name = NULL;
        (void) argc;
        if (!strchr(argv[1], '.') ? !(name = strjoin(argv[1], ".target")) : unit_name_mangle(argv[1], &name) < 0)
                return log_error_errno(EINVAL, "Failed to mangle unit name: Invalid argument");
        if (!endswith(name, ".target"))
                return log_error_errno(EINVAL, "Failed to set default target: Unit %s is not a target.", name);
        LookupPaths lp;
        _cleanup_(unit_name_map_freep) UnitNameMap *map = NULL;
        int r = load_map(o, &lp, &map);
        if (r < 0)
                return r;
        const char *fragment;
        _cleanup_free_ char *final = NULL;
        r = unit_name_map_resolve(map, name, &fragment, &final);
        if (r < 0 || !fragment || streq(fragment, "/dev/null")) {
                lookup_paths_done(&lp);
                return log_error_errno(ENOENT, "Failed to set default target: Unit file %s does not exist.", name);
        }
        _cleanup_free_ char *link = path_join(lp.persistent_config, "default.target");
        _cleanup_free_ char *host = link ? lookup_paths_host(&lp, link) : NULL;
        _cleanup_free_ char *target = strdup(fragment);
        lookup_paths_done(&lp);
        if (!host || !target)
                return log_oom();
        char old[4096];
        ssize_t l = readlink(host, old, sizeof old - 1);
        if (l >= 0) {
                old[l] = 0;
                if (streq(old, target))
                        return 0; /* nothing to change */
        }
        if (l >= 0 || access(host, F_OK) == 0) {
                if (unlink(host) < 0)
                        return log_error_errno(errno, "Failed to remove %s: %m", host);
                if (!o->quiet)
                        printf("Removed \"%s\".\n", host);
        }
        _cleanup_free_ char *dir = path_dirname(host);
        if (dir)
                mkdir_p(dir);
        if (symlink(target, host) < 0)
                return log_error_errno(errno, "Failed to create symlink %s: %m", host);
        if (!o->quiet)
                printf("Created symlink %s → %s.\n", host, target);
        if (!o->root && !o->no_reload) {
                _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
                if (sctl_connect_quiet(o, &c) >= 0)
                        (void) sctl_call(c, NULL, NULL, "daemon-reload", NULL);
        }
        return 0;
}
