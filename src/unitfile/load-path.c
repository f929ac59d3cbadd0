/* load-path.c — see load-path.h. */
#include <sys/stat.h>

#include "load-path.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

static const char *const default_system_path[] = {
        "/etc/systemd/system.control",
        "/run/systemd/system.control",
        "/run/systemd/transient",
        "/run/systemd/generator.early",
        "/etc/systemd/system",
        "/etc/systemd/system.attached",
        "/run/systemd/system",
        "/run/systemd/system.attached",
        "/run/systemd/generator",
        "/usr/local/lib/systemd/system",
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
        "/run/systemd/generator.late",
        NULL,
};

char *lookup_paths_host(const LookupPaths *p, const char *path) {
        return path_prefix_root(p->root, path);
}

/* Drops entries that are the same directory as an earlier one (by device and inode), and
 * duplicates by name. Entries that do not exist are kept: they may be created later. */
static int dedup_paths(LookupPaths *p) {
        size_t n = strv_length(p->search_path);
        dev_t *devs = new (dev_t, n);
        ino_t *inos = new (ino_t, n);
        bool *have = new (bool, n);
        if (!devs || !inos || !have) {
                free(devs), free(inos), free(have);
                return -ENOMEM;
        }
        size_t w = 0;
        for (size_t i = 0; i < n; i++) {
                char *path = p->search_path[i];
                bool dup = false;
                for (size_t j = 0; j < w && !dup; j++)
                        if (streq(p->search_path[j], path))
                                dup = true;
                struct stat st;
                _cleanup_free_ char *host = lookup_paths_host(p, path);
                bool exists = host && stat(host, &st) == 0 && S_ISDIR(st.st_mode);
                for (size_t j = 0; j < w && !dup && exists; j++)
                        if (have[j] && devs[j] == st.st_dev && inos[j] == st.st_ino)
                                dup = true;
                if (dup) {
                        free(path);
                        continue;
                }
                have[w] = exists;
                if (exists)
                        devs[w] = st.st_dev, inos[w] = st.st_ino;
                p->search_path[w++] = path;
        }
        p->search_path[w] = NULL;
        free(devs), free(inos), free(have);
        return 0;
}

int lookup_paths_init(LookupPaths *p, const char *root) {
        *p = (LookupPaths){};
        if (!isempty(root) && !streq(root, "/") && !(p->root = strdup(root)))
                goto oom;
        if (p->root)
                path_simplify(p->root);

        const char *e = getenv("SYSTEMD_UNIT_PATH");
        if (e) {
                /* A trailing ":" (an empty last entry) means: then the defaults. */
                bool append = endswith(e, ":") != NULL;
                _cleanup_strv_free_ char **l = NULL;
                if (strv_split_full(&l, e, ":", 0) < 0)
                        goto oom;
                STRV_FOREACH(s, l)
                        if (path_is_absolute(*s) && strv_extend(&p->search_path, path_simplify(*s)) < 0)
                                goto oom;
                if (append && strv_extend_strv(&p->search_path, (char **) default_system_path, false) < 0)
                        goto oom;
        } else if (strv_extend_strv(&p->search_path, (char **) default_system_path, false) < 0)
                goto oom;
        if (!p->search_path && !(p->search_path = new (char *, 1)))
                goto oom;

        struct {
                char **field;
                const char *value;
        } known[] = {
                { &p->persistent_config, "/etc/systemd/system" },
                { &p->runtime_config, "/run/systemd/system" },
                { &p->persistent_control, "/etc/systemd/system.control" },
                { &p->runtime_control, "/run/systemd/system.control" },
                { &p->transient, "/run/systemd/transient" },
                { &p->generator, "/run/systemd/generator" },
                { &p->generator_early, "/run/systemd/generator.early" },
                { &p->generator_late, "/run/systemd/generator.late" },
                { &p->persistent_attached, "/etc/systemd/system.attached" },
                { &p->runtime_attached, "/run/systemd/system.attached" },
        };
        for (size_t i = 0; i < ELEMENTSOF(known); i++)
                if (!(*known[i].field = strdup(known[i].value)))
                        goto oom;
        if (dedup_paths(p) < 0)
                goto oom;
        return 0;
oom:
        lookup_paths_done(p);
        return -ENOMEM;
}

void lookup_paths_done(LookupPaths *p) {
        p->search_path = strv_free(p->search_path);
        char **fields[] = { &p->root, &p->persistent_config, &p->runtime_config, &p->persistent_control,
                            &p->runtime_control, &p->transient, &p->generator, &p->generator_early,
                            &p->generator_late, &p->persistent_attached, &p->runtime_attached };
        for (size_t i = 0; i < ELEMENTSOF(fields); i++)
                *fields[i] = mfree(*fields[i]);
}

UnitPathKind lookup_paths_kind(const LookupPaths *p, const char *dir) {
        if (streq_ptr(dir, p->persistent_control) || streq_ptr(dir, p->runtime_control))
                return UNIT_PATH_CONTROL;
        if (streq_ptr(dir, p->transient))
                return UNIT_PATH_TRANSIENT;
        if (streq_ptr(dir, p->generator) || streq_ptr(dir, p->generator_early) || streq_ptr(dir, p->generator_late))
                return UNIT_PATH_GENERATED;
        if (streq_ptr(dir, p->persistent_config))
                return UNIT_PATH_PERSISTENT_CONFIG;
        if (streq_ptr(dir, p->runtime_config))
                return UNIT_PATH_RUNTIME_CONFIG;
        if (streq_ptr(dir, p->persistent_attached) || streq_ptr(dir, p->runtime_attached))
                return UNIT_PATH_ATTACHED;
        if (startswith(dir, "/usr/") || startswith(dir, "/lib/"))
                return UNIT_PATH_VENDOR;
        return UNIT_PATH_OTHER;
}

const char *lookup_paths_dir_of(const LookupPaths *p, const char *path) {
        STRV_FOREACH(d, p->search_path) {
                const char *rest = startswith(path, *d);
                if (rest && rest[0] == '/' && !strchr(rest + 1, '/'))
                        return *d;
        }
        return NULL;
}
