/* exec-spawn.c — see exec-spawn.h. child() is the order of systemd's exec steps and little
 * else: each concern lives in its own exec-*.c (identity, stdio, limits, dirs, caps, env)
 * with one call from here. The order matters: the fds first, then the user lookup (stdio
 * may need it), standard I/O, the cgroup (after stdio: see there), process attributes and directories as root, the
 * bounding set before and the ambient set after the user switch, the working directory as
 * the user, the environment and the executable last. The sandbox (exec-sandbox.c) hooks in
 * twice: namespaces and mounts before the chroot and the credentials change, seccomp last. */
#include <fcntl.h>
#include <linux/close_range.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>

#include "cgroup-resources.h"
#include "env-util.h"
#include "exec-caps.h"
#include "exec-dirs.h"
#include "exec-env.h"
#include "exec-identity.h"
#include "exec-limits.h"
#include "exec-sandbox.h"
#include "exec-spawn.h"
#include "exec-stdio.h"
#include "exec-utmp.h"
#include "log.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"


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

static int find_executable(const char *name, char **search, char **ret) {
        if (path_is_absolute(name))
                return (*ret = strdup(name)) ? 0 : -ENOMEM;
        _cleanup_strv_free_ char **dirs = NULL;
        if (!search && strv_split_full(&dirs, EXEC_DEFAULT_PATH, ":", 0) < 0)
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
        static const ExecContext defaults_unset; /* a command without a context: all zero */
        bool have_ctx = ctx != NULL;
        if (!ctx)
                ctx = &defaults_unset;
        sigset_t all;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        for (int sig = 1; sig < _NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        signal(sig, SIG_DFL);
        if (ctx->ignore_sigpipe)
                signal(SIGPIPE, SIG_IGN);
        if (!p->same_pgrp && setsid() < 0)
                fail(p->exec_fd, EXIT_SETSID);

        int exec_fd = p->exec_fd;
        if (p->n_fds > 0 && place_fds(p, &exec_fd) < 0)
                fail(exec_fd, EXIT_FDS);
        /* Our own fds are CLOEXEC from birth, but not what we inherited (a stray fd of whoever
         * started init reached every service): above the passed ones, nothing survives exec.
         * A kernel before 5.11 lacks the flag; then only the inherited ones leak, as before. */
        (void) syscall(SYS_close_range, 3 + (unsigned) p->n_fds, ~0U, CLOSE_RANGE_CLOEXEC);

        /* Identity: looked up here, in the child, never in the manager's loop. */
        ExecIdentity id = {};
        int code;
        if (exec_identity_resolve(ctx, p->unit_id ?: "", &id, &code) < 0) {
                fprintf(stderr, "%s: failed to determine user credentials: %m\n", p->unit_id ?: "?");
                fail(exec_fd, code);
        }
        /* "+" commands keep the manager's credentials; the unit's user still owns the
         * directories and names $USER */
        ExecIdentity run = id;
        if (!p->apply_privileges)
                run.change_user = run.change_group = run.set_groups = false;

        _cleanup_free_ char *journal_stream = NULL;
        if ((code = exec_stdio_setup(ctx, p, path_basename(c->path), &journal_stream)) != 0)
                fail(exec_fd, code);
        /* Into the unit's cgroup only now: its device program (DeviceAllow=, PrivateDevices=)
         * must not keep the manager-side setup of standard I/O from opening the tty, the
         * console or /dev/kmsg, as systemd's stdio works under PrivateDevices=. */
        if (p->cgroup_path) {
                _cleanup_free_ char *procs = path_join(p->cgroup_path, "cgroup.procs");
                int fd = procs ? open(procs, O_WRONLY | O_CLOEXEC) : -1;
                if (fd < 0 || dprintf(fd, "0\n") < 0)
                        fail(exec_fd, EXIT_CGROUP);
                close(fd);
        }
        if (have_ctx && (code = exec_limits_apply(ctx)) != 0)
                fail(exec_fd, code);
        if (p->cgroup_delegate && p->cgroup_path && id.change_user)
                (void) exec_cgroup_delegate_chown(p->cgroup_path, id.uid, id.gid);
        if ((code = exec_directories_setup(ctx, &id)) != 0)
                fail(exec_fd, code);
        exec_utmp_put_init(ctx, getpid(), id.user_name); /* as root: utmp is root's */
        /* namespaces and mounts (exec-sandbox.c): while still root, before the chroot */
        int sandbox_exit = EXIT_NAMESPACE;
        if (exec_sandbox_apply(have_ctx ? ctx : NULL, c, p, run.change_user ? run.uid : getuid(),
                               run.change_group ? run.gid : getgid(), &sandbox_exit) < 0)
                fail(exec_fd, sandbox_exit);
        if (p->apply_privileges && (code = exec_root_directory_apply(ctx)) != 0)
                fail(exec_fd, code);

        if (have_ctx && p->apply_privileges && (code = exec_caps_before_user(ctx, &run)) != 0)
                fail(exec_fd, code);
        if (exec_identity_apply_groups(&run) < 0)
                fail(exec_fd, EXIT_GROUP);
        if (exec_identity_apply_user(&run) < 0)
                fail(exec_fd, EXIT_USER);
        if ((code = exec_keyring_apply(ctx, run.uid, run.gid)) != 0)
                fail(exec_fd, code);
        if (have_ctx && p->apply_privileges && (code = exec_caps_after_user(ctx, &run)) != 0)
                fail(exec_fd, code);

        const char *home = id.home ?: (!id.change_user && getuid() == 0 ? "/root" : NULL);
        if ((code = exec_working_directory_apply(ctx, home)) != 0)
                fail(exec_fd, code);

        _cleanup_strv_free_ char **argv = NULL;
        _cleanup_strv_free_ char **env = strv_copy(p->environment);
        if (!env)
                fail(exec_fd, EXIT_MEMORY);
        if (exec_env_build(ctx, &id, exec_stdio_uses_tty(ctx) ? exec_stdio_default_term(ctx) : NULL, journal_stream, &env) < 0)
                fail(exec_fd, EXIT_MEMORY);
        char pidbuf[64];
        snprintf(pidbuf, sizeof pidbuf, "SYSTEMD_EXEC_PID=%d", (int) getpid());
        if (!strv_env_get(env, "SYSTEMD_EXEC_PID") && strv_env_replace(&env, strdup(pidbuf)) < 0)
                fail(exec_fd, EXIT_MEMORY);
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
        if (find_executable(c->path, ctx->exec_search_path, &exe) < 0) {
                fprintf(stderr, "%s: executable %s not found\n", p->unit_id, c->path);
                fail(exec_fd, EXIT_EXEC);
        }
        if (exec_sandbox_lockdown(have_ctx ? ctx : NULL, c, p, &sandbox_exit) < 0) /* seccomp: last before execve() */
                fail(exec_fd, sandbox_exit);
        execve(exe, argv, env);
        fprintf(stderr, "%s: failed to execute %s: %m\n", p->unit_id, exe);
        fail(exec_fd, EXIT_EXEC);
}

/* What this build cannot do is said in the manager's log, where an administrator looks,
 * rather than on the service's stderr. */
static void warn_unsupported(const ExecContext *ctx, const ExecParameters *p) {
        if (!ctx)
                return;
        if (ctx->pam_name)
                log_warning("%s: PAMName=%s: sysMaster is built without PAM, starting without a PAM session "
                            "(no pam_limits, pam_env or pam_systemd).", p->unit_id, ctx->pam_name);
        if (ctx->root_image)
                log_warning("%s: RootImage= is not supported, ignoring.", p->unit_id);
}

int exec_spawn(const ExecCommand *c, const ExecContext *ctx, const ExecParameters *p, pid_t *ret_pid) {
        warn_unsupported(ctx, p);
        pid_t pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0)
                child(c, ctx, p);
        *ret_pid = pid;
        return 0;
}

void exec_context_release_resources(const ExecContext *ctx, const char *unit_id, bool restarting) {
        if (!ctx)
                return;
        exec_directories_cleanup(ctx, restarting);
        if (ctx->dynamic_user && !restarting) {
                _cleanup_free_ char *name = NULL;
                if (exec_dynamic_user_name(ctx, unit_id, &name) >= 0)
                        exec_dynamic_user_release(DYNAMIC_UID_DIR, name);
                if (ctx->group && (!name || !streq(ctx->group, name)))
                        exec_dynamic_user_release(DYNAMIC_UID_DIR, ctx->group);
        }
}
