/* generator.c — running generators (see generator.h). The manager waits for them
 * synchronously, as systemd does: no unit may load before the generated files exist. Each
 * child is watched through a pidfd and reaped by its pid, so the SIGCHLD handler of the event
 * loop never sees them and services' children are never reaped here by mistake. */
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "condition-eval-internal.h"
#include "env-util.h"
#include "fs-util.h"
#include "fstab.h"
#include "generator.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

#define ENV_OUTPUT_MAX (1024U * 1024U)

static const char *const unit_generator_dirs[] = {
        "/run/systemd/system-generators",
        "/etc/systemd/system-generators",
        "/usr/local/lib/systemd/system-generators",
        "/usr/lib/systemd/system-generators",
        "/lib/systemd/system-generators",
        NULL,
};

static const char *const environment_generator_dirs[] = {
        "/run/systemd/system-environment-generators",
        "/etc/systemd/system-environment-generators",
        "/usr/local/lib/systemd/system-environment-generators",
        "/usr/lib/systemd/system-environment-generators",
        "/lib/systemd/system-environment-generators",
        NULL,
};

static int cmp_basename(const void *a, const void *b) {
        return strcmp(path_basename(*(char *const *) a), path_basename(*(char *const *) b));
}

int generator_collect(const char *root, const char *const *dirs, char ***ret) {
        _cleanup_strv_free_ char **seen = NULL, **paths = NULL;
        for (const char *const *d = dirs; *d; d++) {
                _cleanup_free_ char *host = path_prefix_root(root, *d);
                if (!host)
                        return -ENOMEM;
                _cleanup_(closedirp) DIR *dir = opendir(host);
                if (!dir)
                        continue;
                struct dirent *de;
                while ((de = readdir(dir))) {
                        if (de->d_name[0] == '.' || strv_contains(seen, de->d_name))
                                continue;
                        if (strv_extend(&seen, de->d_name) < 0)
                                return -ENOMEM;
                        _cleanup_free_ char *p = path_join(host, de->d_name);
                        if (!p)
                                return -ENOMEM;
                        /* a link to /dev/null (or any non-executable) shadows the name below */
                        struct stat st;
                        if (stat(p, &st) < 0 || !S_ISREG(st.st_mode) || access(p, X_OK) < 0)
                                continue;
                        if (strv_push(&paths, TAKE_PTR(p)) < 0)
                                return -ENOMEM;
                }
        }
        size_t n = strv_length(paths);
        if (n > 1)
                qsort(paths, n, sizeof(char *), cmp_basename);
        *ret = TAKE_PTR(paths);
        return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        (void) st;
        if (ftw->level == 0)
                return 0; /* keep the directory itself */
        if (flag == FTW_DP)
                (void) rmdir(path);
        else
                (void) unlink(path);
        return 0;
}

int generator_prepare_dir(const char *dir) {
        /* FTW_PHYS: a generator's symlink to a unit is removed, never what it points to */
        (void) nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
        return mkdir_p(dir, 0755);
}

/* In the child: the manager blocks the signals its signalfds read; a generator must not
 * inherit that, nor our stdin. */
static void child_setup(int stdout_fd) {
        sigset_t all;
        sigemptyset(&all);
        (void) sigprocmask(SIG_SETMASK, &all, NULL);
        for (int sig = 1; sig < _NSIG; sig++)
                (void) signal(sig, SIG_DFL);
        umask(0022);
        int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null >= 0 && null != STDIN_FILENO)
                (void) dup2(null, STDIN_FILENO);
        if (stdout_fd >= 0)
                (void) dup2(stdout_fd, STDOUT_FILENO);
}

static pid_t spawn(const char *path, char **args, char **env, int stdout_fd) {
        size_t n = strv_length(args);
        char **argv = new0(char *, n + 2);
        if (!argv)
                return -ENOMEM;
        argv[0] = (char *) path;
        for (size_t i = 0; i < n; i++)
                argv[i + 1] = args[i];
        pid_t pid = fork();
        if (pid < 0) {
                free(argv);
                return -errno;
        }
        if (pid == 0) {
                /* a process group of its own: a timeout kills what it started, too */
                (void) setpgid(0, 0);
                child_setup(stdout_fd);
                execve(path, argv, env);
                _exit(127);
        }
        free(argv);
        return pid;
}

static int pidfd_open_(pid_t pid) {
        return (int) syscall(SYS_pidfd_open, pid, 0);
}

/* Reaps pid and reports how it ended; true when it exited 0. */
static bool reap(const char *path, pid_t pid) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
                return true;
        if (WIFEXITED(status))
                log_warning("%s failed with exit status %d.", path, WEXITSTATUS(status));
        else
                log_warning("%s terminated by signal %s.", path, strsignal(WTERMSIG(status)));
        return false;
}

static int remaining_ms(usec_t deadline) {
        usec_t now = now_usec(CLOCK_MONOTONIC);
        if (now >= deadline)
                return 0;
        usec_t ms = (deadline - now + 999) / 1000;
        return ms > INT32_MAX ? INT32_MAX : (int) ms;
}

int generator_execute_parallel(char **paths, char **args, char **env, usec_t timeout) {
        size_t n = strv_length(paths), running = 0;
        if (n == 0)
                return 0;
        pid_t *pids = new0(pid_t, n);
        struct pollfd *pfd = new0(struct pollfd, n);
        if (!pids || !pfd) {
                free(pids), free(pfd);
                return -ENOMEM;
        }
        int failed = 0;
        for (size_t i = 0; i < n; i++) {
                pfd[i].fd = -1;
                pids[i] = spawn(paths[i], args, env, -1);
                if (pids[i] < 0) {
                        log_warning_errno(pids[i], "Failed to fork %s: %m", paths[i]);
                        pids[i] = 0;
                        failed++;
                        continue;
                }
                pfd[i].fd = pidfd_open_(pids[i]);
                pfd[i].events = POLLIN;
                running++;
        }
        usec_t deadline = now_usec(CLOCK_MONOTONIC) + timeout;
        while (running > 0) {
                /* a kernel without pidfds (before 5.3): look at those children every 20 ms */
                bool polling = false;
                for (size_t i = 0; i < n; i++)
                        polling |= pids[i] > 0 && pfd[i].fd < 0;
                int left = remaining_ms(deadline);
                int k = poll(pfd, n, polling && left > 20 ? 20 : left);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0 || (left == 0 && k == 0))
                        break; /* the time is up (or poll broke): kill the rest */
                for (size_t i = 0; i < n; i++) {
                        if (pids[i] <= 0)
                                continue;
                        siginfo_t si = {};
                        bool done = pfd[i].fd >= 0 ? pfd[i].revents != 0 :
                                    waitid(P_PID, (id_t) pids[i], &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pids[i];
                        if (!done)
                                continue;
                        if (!reap(paths[i], pids[i]))
                                failed++;
                        pids[i] = 0;
                        pfd[i].fd = safe_close(pfd[i].fd);
                        running--;
                }
        }
        for (size_t i = 0; i < n; i++)
                if (pids[i] > 0) {
                        log_warning("%s timed out, killing.", paths[i]);
                        (void) kill(-pids[i], SIGKILL);
                        (void) kill(pids[i], SIGKILL);
                        (void) reap(paths[i], pids[i]);
                        pfd[i].fd = safe_close(pfd[i].fd);
                        failed++;
                }
        free(pids);
        free(pfd);
        return failed;
}

/* Adds the assignments of text to *env and *out; lines that are no assignment are ignored
 * with a warning, as systemd does. */
static int merge_assignments(const char *path, const char *text, char ***env, char ***out) {
        _cleanup_strv_free_ char **lines = NULL;
        if (strv_split_full(&lines, text, "\n", 0) < 0)
                return -ENOMEM;
        STRV_FOREACH(l, lines) {
                char *s = strstrip(*l);
                if (isempty(s) || s[0] == '#')
                        continue;
                if (!env_assignment_is_valid(s)) {
                        log_warning("%s: invalid environment assignment \"%s\", ignoring.", path, s);
                        continue;
                }
                if (strv_env_replace(env, strdup(s)) < 0 || strv_env_replace(out, strdup(s)) < 0)
                        return -ENOMEM;
        }
        return 0;
}

/* Runs one environment generator and collects its stdout, within the deadline. */
static int run_capture(const char *path, char **env, usec_t deadline, char **ret) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) < 0)
                return -errno;
        pid_t pid = spawn(path, NULL, env, p[1]);
        safe_close(p[1]);
        if (pid < 0) {
                safe_close(p[0]);
                return pid;
        }
        char *buf = NULL;
        size_t len = 0;
        bool ok = true;
        for (;;) {
                struct pollfd pfd = { .fd = p[0], .events = POLLIN };
                int k = poll(&pfd, 1, remaining_ms(deadline));
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0) {
                        log_warning("%s timed out, killing.", path);
                        ok = false;
                        break;
                }
                char chunk[4096];
                ssize_t r = read(p[0], chunk, sizeof chunk);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0)
                        break;
                if (len + (size_t) r > ENV_OUTPUT_MAX) {
                        log_warning("%s: output too long, ignoring it.", path);
                        ok = false;
                        break;
                }
                char *nb = realloc(buf, len + (size_t) r + 1);
                if (!nb) {
                        ok = false;
                        break;
                }
                buf = nb;
                memcpy(buf + len, chunk, (size_t) r);
                len += (size_t) r;
                buf[len] = 0;
        }
        safe_close(p[0]);
        if (!ok) {
                (void) kill(-pid, SIGKILL);
                (void) kill(pid, SIGKILL);
        }
        if (!reap(path, pid))
                ok = false;
        if (!ok) {
                free(buf);
                return -EIO;
        }
        *ret = buf ?: strdup("");
        return *ret ? 0 : -ENOMEM;
}

int generator_execute_environment(char **paths, char **env, usec_t timeout, char ***ret) {
        _cleanup_strv_free_ char **cur = strv_copy(env), **out = NULL;
        if (env && !cur)
                return -ENOMEM;
        usec_t deadline = now_usec(CLOCK_MONOTONIC) + timeout;
        STRV_FOREACH(p, paths) {
                _cleanup_free_ char *text = NULL;
                /* a failed generator contributes nothing; the next ones still run */
                if (run_capture(*p, cur, deadline, &text) < 0)
                        continue;
                int r = merge_assignments(*p, text, &cur, &out);
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(out);
        return 0;
}

/* The names systemd gives uname's machines (systemd.unit(5), ConditionArchitecture=). */
static const char *architecture(void) {
        static const char *const map[] = {
                "x86_64", "x86-64", "i386", "x86", "i486", "x86", "i586", "x86", "i686", "x86",
                "aarch64", "arm64", "aarch64_be", "arm64-be", "armv7l", "arm", "ppc64le", "ppc64-le",
                "ppc64", "ppc64", "s390x", "s390x", "riscv64", "riscv64", "loongarch64", "loongarch64",
                "mips64", "mips64", "sparc64", "sparc64",
        };
        static struct utsname u;
        if (uname(&u) < 0)
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(map); i += 2)
                if (streq(u.machine, map[i]))
                        return map[i + 1];
        return u.machine;
}

int generator_environment(const char *root, char **env, char ***ret) {
        _cleanup_strv_free_ char **l = strv_copy(env);
        if (env && !l)
                return -ENOMEM;
        bool container = false;
        const char *virt = condition_detect_virtualization(root, &container);
        int initrd = condition_path_exists(root, "/etc/initrd-release");
        int first_boot = condition_path_exists(root, "/run/systemd/first-boot");
        const char *arch = architecture();
        if (strv_env_replace(&l, strdup("SYSTEMD_SCOPE=system")) < 0 ||
            strv_env_replace(&l, strjoin("SYSTEMD_IN_INITRD=", initrd > 0 ? "1" : "0")) < 0 ||
            strv_env_replace(&l, strjoin("SYSTEMD_FIRST_BOOT=", first_boot > 0 ? "1" : "0")) < 0)
                return -ENOMEM;
        if (!streq(virt, "none") &&
            strv_env_replace(&l, strjoin("SYSTEMD_VIRTUALIZATION=", container ? "container:" : "vm:", virt)) < 0)
                return -ENOMEM;
        if (arch && strv_env_replace(&l, strjoin("SYSTEMD_ARCHITECTURE=", arch)) < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(l);
        return 0;
}

static bool generators_enabled(Manager *m) {
        /* a plain-process manager in the tests must not run the machine's generators */
        const char *e = getenv("SYSMASTER_RUN_GENERATORS");
        return !m->options.test || streq_ptr(e, "1");
}

/* The process environment and what environment generators added. */
static char **base_environment(Manager *m) {
        extern char **environ;
        char **l = strv_copy(environ);
        STRV_FOREACH(e, m->environment)
                if (strv_env_replace(&l, strdup(*e)) < 0)
                        return strv_free(l);
        return l;
}

int manager_run_environment_generators(Manager *m) {
        if (!generators_enabled(m))
                return 0;
        _cleanup_strv_free_ char **paths = NULL, **env = NULL, **out = NULL;
        int r = generator_collect(m->options.root, environment_generator_dirs, &paths);
        if (r < 0 || !paths)
                return r;
        extern char **environ;
        if ((r = generator_environment(m->options.root, environ, &env)) < 0)
                return r;
        if ((r = generator_execute_environment(paths, env, GENERATOR_TIMEOUT_USEC, &out)) < 0)
                return log_warning_errno(r, "Failed to run environment generators: %m");
        strv_free(m->environment);
        m->environment = TAKE_PTR(out);
        return 0;
}

int manager_run_generators(Manager *m) {
        if (!generators_enabled(m))
                return 0;
        _cleanup_strv_free_ char **paths = NULL, **outdirs = NULL, **base = NULL, **env = NULL;
        int r = generator_collect(m->options.root, unit_generator_dirs, &paths);
        if (r < 0)
                return log_warning_errno(r, "Failed to list generators: %m");
        const char *dirs[] = { m->lookup_paths.generator, m->lookup_paths.generator_early,
                               m->lookup_paths.generator_late };
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                char *d = lookup_paths_host(&m->lookup_paths, dirs[i]);
                if (!d || strv_push(&outdirs, d) < 0)
                        return -ENOMEM;
                /* last run's output must not survive: a generator may have stopped making a unit */
                if ((r = generator_prepare_dir(d)) < 0)
                        log_warning_errno(r, "Failed to prepare generator directory %s: %m", d);
        }
        /* without systemd's fstab generator, fstab is still read: by our own code */
        bool have_fstab_generator = false;
        STRV_FOREACH(p, paths)
                if (streq(path_basename(*p), "systemd-fstab-generator"))
                        have_fstab_generator = true;
        if (!have_fstab_generator) {
                _cleanup_free_ char *fstab = path_prefix_root(m->options.root, "/etc/fstab");
                if (!fstab)
                        return -ENOMEM;
                r = fstab_generate(fstab, outdirs[0], condition_detect_container(m->options.root) > 0);
                if (r < 0)
                        log_warning_errno(r, "Failed to read %s: %m", fstab);
        }
        if (!paths)
                return 1;
        if (!(base = base_environment(m)) || (r = generator_environment(m->options.root, base, &env)) < 0)
                return -ENOMEM;
        usec_t t0 = now_usec(CLOCK_MONOTONIC);
        int failed = generator_execute_parallel(paths, outdirs, env, GENERATOR_TIMEOUT_USEC);
        if (failed < 0)
                return log_warning_errno(failed, "Failed to run generators: %m");
        log_debug("Ran %zu generators in %llu ms, %d failed.", strv_length(paths),
                  (unsigned long long) ((now_usec(CLOCK_MONOTONIC) - t0) / 1000), failed);
        return 1;
}
