/* cgroup.c — cgroup v2 for units (see cgroup.h). Paths are kept relative to the cgroup root
 * inside units ("/system.slice/foo.service", what `systemctl show -p ControlGroup` prints);
 * the root directory and the prefix /proc/PID/cgroup shows for it are the manager's. The
 * manager may run inside a container whose cgroup namespace root is its own: the root is
 * configurable and the prefix is derived from /proc/self/mountinfo. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup-resources.h"
#include "fileio.h"
#include "fs-util.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

#define KILL_ROUNDS_MAX 16 /* rounds of "signal what is there" to catch processes forking away */

bool manager_has_cgroups(const Manager *m) {
        return m->cgroup_root != NULL;
}

/* The cgroup path of directory dir as processes see it in /proc/PID/cgroup: the cgroup2
 * mount's own root (from mountinfo) joined with dir's path below the mount point. */
static int cgroup_prefix_of(const char *dir, char **ret) {
        _cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
        if (!f)
                return -errno;
        _cleanup_free_ char *best_root = NULL, *best_mp = NULL;
        for (;;) {
                _cleanup_free_ char *line = NULL;
                int r = read_line(f, LONG_LINE_MAX, &line);
                if (r == 0)
                        break;
                if (r < 0)
                        continue;
                char root[PATH_MAX], mp[PATH_MAX], fstype[64];
                const char *sep = strstr(line, " - ");
                if (!sep || sscanf(sep, " - %63s", fstype) != 1 || !streq(fstype, "cgroup2"))
                        continue;
                if (sscanf(line, "%*s %*s %*s %4095s %4095s", root, mp) != 2)
                        continue;
                const char *rest = startswith(dir, mp);
                if (!rest || (*rest && *rest != '/' && !streq(mp, "/")))
                        continue;
                if (best_mp && strlen(best_mp) >= strlen(mp))
                        continue;
                free(best_root);
                free(best_mp);
                best_root = strdup(root);
                best_mp = strdup(mp);
                if (!best_root || !best_mp)
                        return -ENOMEM;
        }
        if (!best_mp)
                return -ENOENT;
        const char *below = dir + strlen(best_mp);
        _cleanup_free_ char *p = path_join(best_root, *below ? below : "/");
        if (!p)
                return -ENOMEM;
        path_simplify(p);
        *ret = TAKE_PTR(p);
        return 0;
}

static Unit *unit_by_wd(Manager *m, int wd) {
        char key[16];
        snprintf(key, sizeof key, "%d", wd);
        return hashmap_get(m->cgroup_watches, key);
}

static int cgroup_inotify_cb(EventSource *es, int fd, uint32_t revents, void *userdata) {
        Manager *m = userdata;
        (void) es, (void) revents;
        for (;;) {
                union {
                        struct inotify_event ev;
                        char buf[4096];
                } b;
                ssize_t n = read(fd, &b, sizeof b);
                if (n <= 0)
                        return 0;
                for (char *p = b.buf; p < b.buf + n;) {
                        struct inotify_event *e = (struct inotify_event *) p;
                        p += sizeof *e + e->len;
                        Unit *u = unit_by_wd(m, e->wd);
                        if (!u || (e->mask & IN_IGNORED))
                                continue;
                        if (!unit_cgroup_is_populated(u) && u->vtable->cgroup_empty)
                                u->vtable->cgroup_empty(u);
                }
        }
}

int manager_setup_cgroup(Manager *m) {
        const char *root = m->options.cgroup_root;
        if (!root && m->options.test)
                return 0; /* a plain test process: process groups only */
        if (!root)
                root = "/sys/fs/cgroup";
        struct statfs sfs;
        if (statfs(root, &sfs) < 0 || (uint32_t) sfs.f_type != (uint32_t) CGROUP2_SUPER_MAGIC || access(root, W_OK) < 0) {
                log_info("No writable cgroup2 file system at %s, using process groups.", root);
                return 0;
        }
        _cleanup_free_ char *prefix = NULL;
        int r = cgroup_prefix_of(root, &prefix);
        if (r < 0) {
                log_warning_errno(r, "Cannot find the cgroup2 mount of %s, using process groups: %m", root);
                return 0;
        }
        _cleanup_close_ int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0)
                return log_warning_errno(-errno, "Failed to create inotify for cgroups: %m");
        if (!(m->cgroup_units = hashmap_new()) || !(m->cgroup_watches = hashmap_new()))
                return -ENOMEM;
        if ((r = event_add_io(m->event, &m->cgroup_inotify_source, fd, EPOLLIN, cgroup_inotify_cb, m)) < 0)
                return r;
        event_source_set_description(m->cgroup_inotify_source, "cgroup-inotify");
        event_source_set_io_fd_own(m->cgroup_inotify_source, true);
        m->cgroup_inotify_fd = TAKE_FD(fd);
        if (!(m->cgroup_root = strdup(root)))
                return -ENOMEM;
        m->cgroup_prefix = TAKE_PTR(prefix);
        log_debug("Using cgroup2 at %s (seen as %s).", m->cgroup_root, m->cgroup_prefix);
        return 0;
}

void manager_close_cgroup(Manager *m) {
        m->cgroup_inotify_source = event_source_free(m->cgroup_inotify_source);
        m->cgroup_inotify_fd = -EBADF;
        const char *k;
        void *v;
        if (m->cgroup_watches)
                HASHMAP_FOREACH_KEY(v, k, m->cgroup_watches)
                        free((char *) k);
        m->cgroup_watches = hashmap_free(m->cgroup_watches);
        m->cgroup_units = hashmap_free(m->cgroup_units);
        m->cgroup_root = mfree(m->cgroup_root);
        m->cgroup_prefix = mfree(m->cgroup_prefix);
}

/* "a-b.slice" → "/a.slice/a-b.slice"; "-.slice" → "". */
static int slice_path(const char *slice, char **ret) {
        if (streq(slice, "-.slice"))
                return (*ret = strdup("")) ? 0 : -ENOMEM;
        const char *suffix = endswith(slice, ".slice");
        if (!suffix)
                return -EINVAL;
        size_t n = (size_t) (suffix - slice);
        _cleanup_free_ char *p = strdup("");
        for (size_t i = 0; p && i <= n; i++) {
                if (i == n || slice[i] == '-') {
                        _cleanup_free_ char *prefix = strndup(slice, i);
                        if (!prefix || !strextend(&p, "/", prefix, ".slice"))
                                return -ENOMEM;
                }
        }
        if (!p)
                return -ENOMEM;
        *ret = TAKE_PTR(p);
        return 0;
}

int unit_cgroup_path(Unit *u, char **ret) {
        if (u->type == UNIT_SLICE)
                return slice_path(u->id, ret);
        const char *slice = unit_slice_name(u);
        _cleanup_free_ char *sp = NULL;
        int r = slice_path(slice, &sp);
        if (r < 0)
                return r;
        char *p = strjoin(sp, "/", u->id);
        if (!p)
                return -ENOMEM;
        *ret = p;
        return 0;
}

static char *cgroup_dir(Manager *m, const char *path) {
        return strjoin(m->cgroup_root, path);
}

int unit_realize_cgroup(Unit *u, char **ret_dir) {
        Manager *m = u->manager;
        if (ret_dir)
                *ret_dir = NULL;
        if (!manager_has_cgroups(m))
                return 0;
        if (!u->cgroup_path) {
                int r = unit_cgroup_path(u, &u->cgroup_path);
                if (r < 0)
                        return r;
        }
        _cleanup_free_ char *dir = cgroup_dir(m, u->cgroup_path);
        if (!dir)
                return -ENOMEM;
        int r = mkdir_p(dir, 0755);
        if (r < 0)
                return log_warning_errno(r, "%s: failed to create cgroup %s: %m", u->id, dir);
        (void) hashmap_replace(m->cgroup_units, u->cgroup_path, u);
        r = unit_cgroup_apply_resources(u, dir);
        if (r < 0)
                return r;
        if (u->cgroup_inotify_wd <= 0) {
                _cleanup_free_ char *events = path_join(dir, "cgroup.events");
                int wd = events ? inotify_add_watch(m->cgroup_inotify_fd, events, IN_MODIFY) : -1;
                if (wd > 0) {
                        char *key = NULL;
                        if (asprintf(&key, "%d", wd) >= 0 && hashmap_replace(m->cgroup_watches, key, u) >= 0)
                                u->cgroup_inotify_wd = wd;
                        else
                                free(key);
                }
        }
        if (ret_dir)
                *ret_dir = TAKE_PTR(dir);
        return 0;
}

static int read_procs(const char *dir, pid_t **pids, size_t *n) {
        _cleanup_free_ char *path = path_join(dir, "cgroup.procs");
        _cleanup_fclose_ FILE *f = path ? fopen(path, "re") : NULL;
        if (!f)
                return path ? -errno : -ENOMEM;
        long long v;
        while (fscanf(f, "%lld", &v) == 1) {
                pid_t *np = realloc(*pids, (*n + 1) * sizeof(pid_t));
                if (!np)
                        return -ENOMEM;
                *pids = np;
                (*pids)[(*n)++] = (pid_t) v;
        }
        return 0;
}

/* Every pid in dir and its sub-cgroups. */
static int collect_pids(const char *dir, pid_t **pids, size_t *n) {
        int r = read_procs(dir, pids, n);
        if (r < 0)
                return r;
        _cleanup_(closedirp) DIR *d = opendir(dir);
        if (!d)
                return 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (de->d_type != DT_DIR || streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                _cleanup_free_ char *sub = path_join(dir, de->d_name);
                if (!sub)
                        return -ENOMEM;
                (void) collect_pids(sub, pids, n);
        }
        return 0;
}

bool unit_cgroup_is_populated(Unit *u) {
        Manager *m = u->manager;
        if (!manager_has_cgroups(m) || !u->cgroup_path)
                return false;
        _cleanup_free_ char *dir = cgroup_dir(m, u->cgroup_path);
        _cleanup_free_ char *events = dir ? path_join(dir, "cgroup.events") : NULL;
        _cleanup_free_ char *contents = NULL;
        if (!events || read_full_file(events, 4096, &contents, NULL) < 0)
                return false;
        return strstr(contents, "populated 1") != NULL;
}

int unit_cgroup_kill(Unit *u, int sig) {
        Manager *m = u->manager;
        if (!manager_has_cgroups(m) || !u->cgroup_path || !unit_cgroup_is_populated(u))
                return 0;
        _cleanup_free_ char *dir = cgroup_dir(m, u->cgroup_path);
        if (!dir)
                return -ENOMEM;
        if (sig == SIGKILL) {
                _cleanup_free_ char *kf = path_join(dir, "cgroup.kill");
                int fd = kf ? open(kf, O_WRONLY | O_CLOEXEC) : -1;
                if (fd >= 0) {
                        bool ok = write(fd, "1", 1) == 1;
                        close(fd);
                        if (ok)
                                return 1;
                }
        }
        /* older kernels: signal what is there, again, until no process shows up we have not
         * signalled yet (a process may fork while we read) */
        pid_t self = getpid();
        _cleanup_free_ pid_t *done = NULL;
        size_t n_done = 0;
        for (unsigned round = 0; round < KILL_ROUNDS_MAX; round++) {
                _cleanup_free_ pid_t *pids = NULL;
                size_t n = 0;
                bool any_new = false;
                (void) collect_pids(dir, &pids, &n);
                for (size_t i = 0; i < n; i++) {
                        bool seen = pids[i] == self;
                        for (size_t k = 0; !seen && k < n_done; k++)
                                seen = done[k] == pids[i];
                        if (seen)
                                continue;
                        if (kill(pids[i], sig) >= 0 && sig != SIGKILL && sig != SIGCONT)
                                (void) kill(pids[i], SIGCONT);
                        pid_t *nd = realloc(done, (n_done + 1) * sizeof(pid_t));
                        if (!nd)
                                return -ENOMEM;
                        done = nd;
                        done[n_done++] = pids[i];
                        any_new = true;
                }
                if (!any_new)
                        break;
        }
        return (int) MIN(n_done, (size_t) INT32_MAX);
}

bool unit_cgroup_contains_pid(Unit *u, pid_t pid) {
        Manager *m = u->manager;
        if (!manager_has_cgroups(m) || !u->cgroup_path)
                return false;
        return manager_get_unit_by_cgroup_of_pid(m, pid) == u;
}

int unit_cgroup_guess_main_pid(Unit *u, pid_t exclude, pid_t *ret) {
        Manager *m = u->manager;
        if (!manager_has_cgroups(m) || !u->cgroup_path)
                return -ENOENT;
        _cleanup_free_ char *dir = cgroup_dir(m, u->cgroup_path);
        _cleanup_free_ pid_t *pids = NULL;
        size_t n = 0;
        if (!dir)
                return -ENOMEM;
        (void) read_procs(dir, &pids, &n); /* the top level only: delegated children are theirs */
        pid_t found = 0;
        for (size_t i = 0; i < n; i++) {
                if (pids[i] == exclude || pids[i] == getpid())
                        continue;
                if (found)
                        return -ENOTUNIQ;
                found = pids[i];
        }
        if (!found)
                return -ENOENT;
        *ret = found;
        return 0;
}

static void remove_tree(const char *dir) {
        _cleanup_(closedirp) DIR *d = opendir(dir);
        if (d) {
                struct dirent *de;
                while ((de = readdir(d))) {
                        if (de->d_type != DT_DIR || streq(de->d_name, ".") || streq(de->d_name, ".."))
                                continue;
                        _cleanup_free_ char *sub = path_join(dir, de->d_name);
                        if (sub)
                                remove_tree(sub);
                }
        }
        (void) rmdir(dir);
}

void unit_prune_cgroup(Unit *u) {
        Manager *m = u->manager;
        if (!manager_has_cgroups(m) || !u->cgroup_path)
                return;
        if (u->cgroup_inotify_wd > 0) {
                char key[16], *k = NULL;
                snprintf(key, sizeof key, "%d", u->cgroup_inotify_wd);
                hashmap_remove_with_key(m->cgroup_watches, key, &k);
                free(k);
                (void) inotify_rm_watch(m->cgroup_inotify_fd, u->cgroup_inotify_wd);
                u->cgroup_inotify_wd = 0;
        }
        if (hashmap_get(m->cgroup_units, u->cgroup_path) == u)
                hashmap_remove(m->cgroup_units, u->cgroup_path);
        _cleanup_free_ char *dir = cgroup_dir(m, u->cgroup_path);
        if (dir && !unit_cgroup_is_populated(u))
                remove_tree(dir);
        /* gone: the unit has no cgroup any more (ControlGroup= empty, as systemd shows for a
         * dead or exited unit); the next start realizes it again */
        if (dir && access(dir, F_OK) < 0 && errno == ENOENT)
                u->cgroup_path = mfree(u->cgroup_path);
}

Unit *manager_get_unit_by_cgroup_of_pid(Manager *m, pid_t pid) {
        if (!manager_has_cgroups(m) || pid <= 0)
                return NULL;
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/cgroup", (int) pid);
        _cleanup_free_ char *contents = NULL;
        if (read_full_file(path, 64 * 1024, &contents, NULL) < 0)
                return NULL;
        char *line = strstr(contents, "0::");
        if (!line || (line != contents && line[-1] != '\n'))
                return NULL;
        line += 3;
        line[strcspn(line, "\n")] = 0;
        const char *rel = streq(m->cgroup_prefix, "/") ? line : startswith(line, m->cgroup_prefix);
        if (!rel)
                return NULL;
        _cleanup_free_ char *p = strdup(rel);
        while (p && *p) {
                Unit *u = hashmap_get(m->cgroup_units, p);
                if (u)
                        return u;
                char *slash = strrchr(p, '/');
                if (!slash)
                        break;
                *slash = 0;
        }
        return NULL;
}
