/* exec-spawn.c — see exec-spawn.h. This first version sets up what every service needs:
 * session, signals, standard I/O, cgroup, working directory, user and group, umask,
 * environment, and the executable lookup; the exec-context issue adds the rest of
 * systemd.exec(7) here, step by step, in the child. */
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "env-util.h"
#include "exec-sandbox.h"
#include "exec-spawn.h"
#include "log.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* "$NAME" alone in a word splits into words; "${NAME}" is replaced in place. */
int exec_expand_argv(char **argv, char **env, char ***ret) {
        _cleanup_strv_free_ char **out = NULL;
        STRV_FOREACH(a, argv) {
                const char *w = *a;
                if (w[0] == '$' && w[1] != '{' && w[1] && strspn(w + 1, ALPHANUMERICAL "_") == strlen(w + 1)) {
                        const char *v = strv_env_get(env, w + 1);
                        _cleanup_strv_free_ char **words = NULL;
                        if (v && strv_split_full(&words, v, WHITESPACE, 0) < 0)
                                return -ENOMEM;
                        if (strv_extend_strv(&out, words, false) < 0)
                                return -ENOMEM;
                        continue;
                }
                _cleanup_free_ char *s = strdup("");
                for (const char *p = w; s && *p;) {
                        if (p[0] == '$' && p[1] == '$') { /* "$$" is a literal "$" */
                                s = strextend(&s, "$") ? s : NULL;
                                p += 2;
                                continue;
                        }
                        if (p[0] == '$' && p[1] == '{') {
                                const char *e = strchr(p + 2, '}');
                                if (e) {
                                        _cleanup_free_ char *name = strndup(p + 2, (size_t) (e - p - 2));
                                        const char *v = name ? strv_env_get(env, name) : NULL;
                                        if (!name || (v && !strextend(&s, v)))
                                                return -ENOMEM;
                                        p = e + 1;
                                        continue;
                                }
                        }
                        char one[2] = { *p++, 0 };
                        if (!strextend(&s, one))
                                return -ENOMEM;
                }
                if (!s || strv_push(&out, TAKE_PTR(s)) < 0)
                        return -ENOMEM;
        }
        if (!out && !(out = new (char *, 1)))
                return -ENOMEM;
        *ret = TAKE_PTR(out);
        return 0;
}

static int open_output(const ExecContext *ctx, ExecOutput o, int which, int fallback) {
        switch (o) {
        case EXEC_OUTPUT_NULL:
                return open("/dev/null", O_WRONLY | O_CLOEXEC);
        case EXEC_OUTPUT_FILE:
                return open(ctx->stdio_file[which], O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
        case EXEC_OUTPUT_FILE_APPEND:
                return open(ctx->stdio_file[which], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0666);
        case EXEC_OUTPUT_FILE_TRUNCATE:
                return open(ctx->stdio_file[which], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
        case EXEC_OUTPUT_TTY:
                return open(ctx->tty_path ?: "/dev/console", O_WRONLY | O_CLOEXEC | O_NOCTTY);
        default:
                /* journal, kmsg, inherit: the manager's own output until the exec-context issue
                 * connects the journal stream */
                return fcntl(fallback, F_DUPFD_CLOEXEC, 3);
        }
}

static int find_executable(const char *name, char **search, char **ret) {
        if (path_is_absolute(name))
                return (*ret = strdup(name)) ? 0 : -ENOMEM;
        _cleanup_strv_free_ char **dirs = NULL;
        if (!search && strv_split_full(&dirs, DEFAULT_PATH, ":", 0) < 0)
                return -ENOMEM;
        STRV_FOREACH(d, search ?: dirs) {
                _cleanup_free_ char *p = path_join(*d, name);
                if (!p)
                        return -ENOMEM;
                if (access(p, X_OK) == 0) {
                        *ret = TAKE_PTR(p);
                        return 0;
                }
        }
        return -ENOENT;
}

/* Puts fds at 3, 4, … (clearing CLOEXEC on them) without clobbering one another: first every
 * fd moves above the target range, then into place. exec_fd is moved out of the way too. */
static int place_fds(const ExecParameters *p, int *exec_fd) {
        int floor = 3 + (int) p->n_fds;
        int tmp[p->n_fds ? p->n_fds : 1];
        for (size_t i = 0; i < p->n_fds; i++)
                if ((tmp[i] = fcntl(p->fds[i], F_DUPFD_CLOEXEC, floor)) < 0)
                        return -errno;
        if (*exec_fd > STDERR_FILENO && *exec_fd < floor && (*exec_fd = fcntl(*exec_fd, F_DUPFD_CLOEXEC, floor)) < 0)
                return -errno;
        for (size_t i = 0; i < p->n_fds; i++)
                if (dup2(tmp[i], 3 + (int) i) < 0)
                        return -errno;
        return 0;
}

_noreturn_ static void fail(int exec_fd, int code) {
        if (exec_fd > STDERR_FILENO) {
                char b = 1;
                (void) !write(exec_fd, &b, 1);
        }
        _exit(code);
}

_noreturn_ static void child(const ExecCommand *c, const ExecContext *ctx, const ExecParameters *p) {
        sigset_t all;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        for (int sig = 1; sig < _NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        signal(sig, SIG_DFL);
        if (ctx && ctx->ignore_sigpipe)
                signal(SIGPIPE, SIG_IGN);
        if (setsid() < 0)
                fail(p->exec_fd, EXIT_SETSID);

        if (p->cgroup_path) {
                _cleanup_free_ char *procs = path_join(p->cgroup_path, "cgroup.procs");
                int fd = procs ? open(procs, O_WRONLY | O_CLOEXEC) : -1;
                if (fd < 0 || dprintf(fd, "0\n") < 0)
                        fail(p->exec_fd, EXIT_CGROUP);
                close(fd);
        }

        int exec_fd = p->exec_fd;
        if (p->n_fds > 0 && place_fds(p, &exec_fd) < 0)
                fail(exec_fd, EXIT_FDS);

        int in = p->stdin_fd >= 0 ? p->stdin_fd : open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (in < 0 || dup2(in, STDIN_FILENO) < 0)
                fail(exec_fd, EXIT_STDIN);
        int out = p->stdout_fd >= 0 ? p->stdout_fd : open_output(ctx, ctx ? ctx->std_output : EXEC_OUTPUT_INHERIT, 1, STDOUT_FILENO);
        if (out < 0 || dup2(out, STDOUT_FILENO) < 0)
                fail(exec_fd, EXIT_STDOUT);
        int err = p->stderr_fd >= 0 ? p->stderr_fd : open_output(ctx, ctx ? ctx->std_error : EXEC_OUTPUT_INHERIT, 2, STDERR_FILENO);
        if (err < 0 || dup2(err, STDERR_FILENO) < 0)
                fail(exec_fd, EXIT_STDERR);

        if (ctx) {
                umask(ctx->umask);
                if (ctx->nice_set && setpriority(PRIO_PROCESS, 0, ctx->nice) < 0)
                        fail(exec_fd, EXIT_NICE);
        }

        /* Identity: looked up here, in the child, never in the manager's loop. */
        uid_t uid = getuid();
        gid_t gid = getgid();
        const char *home = "/root";
        if (ctx && p->apply_privileges && ctx->user) {
                struct passwd *pw = getpwnam(ctx->user);
                if (!pw) {
                        char *end;
                        unsigned long n = strtoul(ctx->user, &end, 10);
                        if (*end || end == ctx->user)
                                fail(exec_fd, EXIT_USER);
                        uid = (uid_t) n;
                        gid = (gid_t) n;
                } else {
                        uid = pw->pw_uid;
                        gid = pw->pw_gid;
                        home = pw->pw_dir;
                }
        }
        if (ctx && p->apply_privileges && ctx->group) {
                struct group *gr = getgrnam(ctx->group);
                if (!gr)
                        fail(exec_fd, EXIT_GROUP);
                gid = gr->gr_gid;
        }
        int sandbox_exit = EXIT_NAMESPACE; /* namespaces and mounts: while still root */
        if (exec_sandbox_apply(ctx, c, p, uid, gid, &sandbox_exit) < 0)
                fail(exec_fd, sandbox_exit);
        if (ctx && p->apply_privileges && (ctx->user || ctx->group)) {
                if (setgroups(0, NULL) < 0 && ctx->user)
                        fail(exec_fd, EXIT_GROUP);
                if (ctx->user && initgroups(ctx->user, gid) < 0)
                        (void) 0; /* numeric users have no group list */
                if (setresgid(gid, gid, gid) < 0)
                        fail(exec_fd, EXIT_GROUP);
                if (setresuid(uid, uid, uid) < 0)
                        fail(exec_fd, EXIT_USER);
        }

        if (ctx && (ctx->working_directory || ctx->working_directory_home)) {
                const char *wd = ctx->working_directory_home ? home : ctx->working_directory;
                if (chdir(wd) < 0 && !ctx->working_directory_missing_ok)
                        fail(exec_fd, EXIT_CHDIR);
        } else if (chdir("/") < 0)
                fail(exec_fd, EXIT_CHDIR);

        _cleanup_strv_free_ char **argv = NULL;
        _cleanup_strv_free_ char **env = strv_copy(p->environment);
        if (!env)
                fail(exec_fd, EXIT_MEMORY);
        char pidbuf[64];
        if (p->n_fds > 0) { /* only the child knows its pid */
                snprintf(pidbuf, sizeof pidbuf, "LISTEN_PID=%d", (int) getpid());
                if (strv_env_replace(&env, strdup(pidbuf)) < 0)
                        fail(exec_fd, EXIT_MEMORY);
        }
        if (p->watchdog_pid) {
                snprintf(pidbuf, sizeof pidbuf, "WATCHDOG_PID=%d", (int) getpid());
                if (strv_env_replace(&env, strdup(pidbuf)) < 0)
                        fail(exec_fd, EXIT_MEMORY);
        }
        if ((c->flags & EXEC_COMMAND_NO_ENV_EXPAND) ? !(argv = strv_copy(c->argv)) : exec_expand_argv(c->argv, env, &argv) < 0)
                fail(exec_fd, EXIT_MEMORY);
        _cleanup_free_ char *exe = NULL;
        if (find_executable(c->path, ctx ? ctx->exec_search_path : NULL, &exe) < 0) {
                fprintf(stderr, "%s: executable %s not found\n", p->unit_id, c->path);
                fail(exec_fd, EXIT_EXEC);
        }
        if (exec_sandbox_lockdown(ctx, c, p, &sandbox_exit) < 0) /* seccomp: last before execve() */
                fail(exec_fd, sandbox_exit);
        execve(exe, argv, env);
        fprintf(stderr, "%s: failed to execute %s: %m\n", p->unit_id, exe);
        fail(exec_fd, EXIT_EXEC);
}

int exec_spawn(const ExecCommand *c, const ExecContext *ctx, const ExecParameters *p, pid_t *ret_pid) {
        pid_t pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0)
                child(c, ctx, p);
        *ret_pid = pid;
        return 0;
}
