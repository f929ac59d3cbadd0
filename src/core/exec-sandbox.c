/* exec-sandbox.c — the two entry points of exec-sandbox.h: the order in which the namespaces
 * are made, the capabilities the Protect*= settings take away, the per-unit /tmp of
 * PrivateTmp=, and which failure gets which of systemd's exit codes. Order matters: the
 * network, IPC and UTS namespaces come first, owned by the host's user namespace so that a
 * PrivateUsers= service cannot reconfigure them; then the user namespace, so that the mount
 * namespace made last belongs to it. */
#include <errno.h>
#include <dirent.h>
#include <ftw.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <linux/capability.h>
#include <unistd.h>

#include "env-util.h"
#include "exec-mount-plan.h"
#include "exec-sandbox-internal.h"
#include "exec-sandbox.h"
#include "fileio.h"
#include "fs-util.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

static int read_boot_id(char ret[33]) {
        _cleanup_free_ char *s = NULL;
        int r = read_full_file("/proc/sys/kernel/random/boot_id", 64, &s, NULL);
        if (r < 0)
                return r;
        size_t n = 0;
        for (const char *p = s; *p && n < 32; p++)
                if (*p != '-' && *p != '\n')
                        ret[n++] = *p;
        ret[n] = 0;
        return n == 32 ? 0 : -EINVAL;
}

int exec_private_tmp_path(const char *base, const char *unit, const char *invocation_id, char **ret) {
        char boot_id[33];
        if (read_boot_id(boot_id) < 0)
                strcpy(boot_id, "unknown");
        char *name = strjoin("systemd-private-", boot_id, "-", unit, "-", invocation_id);
        if (!name)
                return -ENOMEM;
        char *p = path_join(base, name);
        free(name);
        if (!p)
                return -ENOMEM;
        *ret = p;
        return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw) {
        (void) st;
        (void) ftw;
        (void) (type == FTW_DP ? rmdir(path) : unlink(path));
        return 0;
}

/* Until the service code removes a run's directories when the unit stops, each new run
 * removes those of the unit's earlier runs in this boot: a unit has one run at a time, so
 * they are no longer in use, and /tmp does not fill up with one directory per restart. Only
 * names ending in an invocation ID (32 hex digits) or "pidN" are touched, so that another
 * unit whose name merely starts with this one's is left alone. */
static void remove_earlier_runs(const char *base, const char *unit, const char *invocation_id) {
        _cleanup_free_ char *mine = NULL;
        if (exec_private_tmp_path(base, unit, "", &mine) < 0)
                return;
        const char *prefix = path_basename(mine);
        _cleanup_(closedirp) DIR *d = opendir(base);
        if (!d)
                return;
        for (struct dirent *de; (de = readdir(d));) {
                const char *rest = startswith(de->d_name, prefix);
                if (!rest || streq(rest, invocation_id))
                        continue;
                bool hex = strlen(rest) == 32 && in_charset(rest, "0123456789abcdef");
                bool pid = startswith(rest, "pid") && rest[3] && in_charset(rest + 3, "0123456789");
                if (!hex && !pid)
                        continue;
                _cleanup_free_ char *p = path_join(base, de->d_name);
                /* FTW_PHYS: never follow a symlink the service left; FTW_MOUNT: stay on it */
                if (p)
                        (void) nftw(p, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
        }
}

/* Creates BASE/systemd-private-…/tmp, or reuses it when another process of the same
 * invocation made it — after checking that it is ours: a directory, not a symlink, owned
 * by root and closed to others, so that nobody can plant one in /tmp beforehand. */
static int make_private_tmp_dirs(const char *base, const char *unit, const char *invocation_id, char **ret) {
        _cleanup_free_ char *dir = NULL;
        int r = exec_private_tmp_path(base, unit, invocation_id, &dir);
        if (r < 0)
                return r;
        remove_earlier_runs(base, unit, invocation_id);
        if (mkdir(dir, 0700) < 0 && errno != EEXIST)
                return -errno;
        struct stat st;
        if (lstat(dir, &st) < 0)
                return -errno;
        if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 07777) != 0700)
                return -EPERM;
        char *t = path_join(dir, "tmp");
        if (!t)
                return -ENOMEM;
        if (mkdir(t, 01777) < 0 && errno != EEXIST) {
                r = -errno;
                free(t);
                return r;
        }
        (void) chmod(t, 01777);
        *ret = t;
        return 0;
}

/* The child has applied the unit's UMask= by now; with UMask=0177 the 0700 parent came out
 * 0600 and was refused as not ours (226 for every PrivateTmp= unit with such a umask). The
 * directories get their exact modes, whatever the unit's umask. */
static int make_private_tmp(const char *base, const char *unit, const char *invocation_id, char **ret) {
        mode_t saved = umask(0);
        int r = make_private_tmp_dirs(base, unit, invocation_id, ret);
        umask(saved);
        return r;
}

int exec_private_tmp_remove(const char *unit, const char *invocation_id) {
        static const char *const bases[] = { "/tmp", "/var/tmp" };
        for (size_t i = 0; i < ELEMENTSOF(bases); i++) {
                _cleanup_free_ char *dir = NULL;
                if (exec_private_tmp_path(bases[i], unit, invocation_id, &dir) < 0)
                        return -ENOMEM;
                /* FTW_PHYS: never follow a symlink the service left; FTW_MOUNT: stay on it */
                (void) nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
        }
        return 0;
}

/* The capabilities systemd takes out of the bounding set for the Protect*= settings. */
static int drop_implied_capabilities(const ExecContext *c) {
        int caps[8], n = 0;
        if (c->private_devices) {
                caps[n++] = CAP_MKNOD;
                caps[n++] = CAP_SYS_RAWIO;
        }
        if (c->protect_kernel_modules)
                caps[n++] = CAP_SYS_MODULE;
        if (c->protect_kernel_logs)
                caps[n++] = CAP_SYSLOG;
        if (c->protect_clock) {
                caps[n++] = CAP_SYS_TIME;
                caps[n++] = CAP_WAKE_ALARM;
        }
        for (int i = 0; i < n; i++)
                if (prctl(PR_CAPBSET_DROP, caps[i], 0, 0, 0) < 0 && errno != EINVAL)
                        return -errno;
        return 0;
}

static bool ns_supported(const char *name) {
        char p[64];
        snprintf(p, sizeof p, "/proc/self/ns/%s", name);
        return access(p, F_OK) == 0;
}

/* PrivateNetwork= and PrivateIPC= as systemd 252 treats them: without kernel support, or
 * without the privilege to create one (a container), a warning and no namespace. */
static int optional_namespace(int flag, const char *ns, const char *setting, const char *unit) {
        if (!ns_supported(ns)) {
                log_warning("%s: %s=yes is configured, but the kernel does not support %s namespaces, ignoring",
                            unit, setting, ns);
                return 0;
        }
        int r = flag == CLONE_NEWNET ? namespace_setup_network(unit) : (unshare(flag) < 0 ? -errno : 0);
        if (r == -EPERM || r == -EACCES) {
                log_warning_errno(r, "%s: %s=yes is configured, but the namespace cannot be set up here, ignoring",
                                  unit, setting);
                return 0;
        }
        return r;
}

static int setup_mount_namespace(const ExecContext *c, const ExecParameters *p) {
        _cleanup_free_ char *tmp = NULL, *var_tmp = NULL;
        int r;
        if (c->private_tmp) {
                const char *inv = strv_env_get(p->environment, "INVOCATION_ID");
                char pidbuf[32];
                if (!inv) { /* no invocation: at least keep it per process */
                        snprintf(pidbuf, sizeof pidbuf, "pid%d", (int) getpid());
                        inv = pidbuf;
                }
                if ((r = make_private_tmp("/tmp", p->unit_id, inv, &tmp)) < 0 ||
                    (r = make_private_tmp("/var/tmp", p->unit_id, inv, &var_tmp)) < 0)
                        return log_error_errno(r, "%s: cannot create the private /tmp", p->unit_id);
        }
        PrivateTmpDirs dirs = { tmp, var_tmp };
        MountPlan plan = {};
        if ((r = mount_plan_build(c, &dirs, &plan)) < 0)
                return r;
        if (unshare(CLONE_NEWNS) < 0) {
                r = log_error_errno(errno, "%s: cannot create a mount namespace", p->unit_id);
                goto finish;
        }
        /* Before anything else: nothing mounted here may ever reach the host. */
        if (mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) < 0) {
                r = log_error_errno(errno, "%s: cannot make the mount namespace a slave", p->unit_id);
                goto finish;
        }
        r = exec_mounts_apply(&plan, c->mount_propagation, p->unit_id);
finish:
        mount_plan_done(&plan);
        return r;
}

/* "+" and PermissionsStartOnly= run unconfined; "!" and "!!" only skip the user switch, so
 * they clear apply_privileges but keep the sandbox, as in systemd. */
static bool sandboxed(const ExecContext *c, const ExecCommand *cmd, const ExecParameters *p) {
        return c && (p->apply_privileges || (cmd && (cmd->flags & (EXEC_COMMAND_NO_SETUID | EXEC_COMMAND_AMBIENT_MAGIC)) &&
                                             !(cmd->flags & EXEC_COMMAND_FULLY_PRIVILEGED)));
}

/* DynamicUser= implies ProtectSystem=strict, ProtectHome=read-only, PrivateTmp= and
 * RestrictSUIDSGID= (systemd.exec(5)), unless the unit asks for something stricter; the
 * files keep what they say, the child gets the stricter settings. A shallow copy: only
 * scalars change. */
static const ExecContext *effective(const ExecContext *c, ExecContext *buf) {
        if (!c->dynamic_user)
                return c;
        *buf = *c;
        buf->protect_system = PROTECT_SYSTEM_STRICT;
        if (buf->protect_home == PROTECT_HOME_NO)
                buf->protect_home = PROTECT_HOME_READ_ONLY;
        buf->private_tmp = true;
        buf->restrict_suid_sgid = true;
        return buf;
}

int exec_sandbox_apply(const ExecContext *c0, const ExecCommand *cmd, const ExecParameters *p, uid_t uid, gid_t gid,
                       int *ret_exit_code) {
        int r;
        if (!sandboxed(c0, cmd, p))
                return 0;
        ExecContext buf;
        const ExecContext *c = effective(c0, &buf);
        if ((r = drop_implied_capabilities(c)) < 0) {
                *ret_exit_code = EXIT_CAPABILITIES;
                return log_error_errno(r, "%s: cannot drop capabilities", p->unit_id);
        }
        if (c->private_network && (r = optional_namespace(CLONE_NEWNET, "net", "PrivateNetwork", p->unit_id)) < 0) {
                *ret_exit_code = EXIT_NETWORK;
                return log_error_errno(r, "%s: cannot set up the private network", p->unit_id);
        }
        if (c->private_ipc && (r = optional_namespace(CLONE_NEWIPC, "ipc", "PrivateIPC", p->unit_id)) < 0) {
                *ret_exit_code = EXIT_NAMESPACE;
                return log_error_errno(r, "%s: cannot set up the private IPC namespace", p->unit_id);
        }
        if (c->protect_hostname) {
                /* systemd: a kernel without UTS namespaces only gets the seccomp half */
                if (!ns_supported("uts"))
                        log_warning("%s: ProtectHostname=yes is configured, but UTS namespaces are not supported, "
                                    "only the system call filter applies", p->unit_id);
                else if (unshare(CLONE_NEWUTS) < 0) {
                        *ret_exit_code = EXIT_NAMESPACE;
                        return log_error_errno(errno, "%s: cannot set up the UTS namespace", p->unit_id);
                }
        }
        if (c->private_users && (r = namespace_setup_users(c, uid, gid, p->unit_id)) < 0) {
                *ret_exit_code = EXIT_USER;
                return r;
        }
        if (exec_context_needs_mount_namespace(c) && (r = setup_mount_namespace(c, p)) < 0) {
                *ret_exit_code = EXIT_NAMESPACE;
                return r;
        }
        return 0;
}

int exec_sandbox_lockdown(const ExecContext *c, const ExecCommand *cmd, const ExecParameters *p, int *ret_exit_code) {
        if (!sandboxed(c, cmd, p))
                return 0;
        ExecContext buf;
        return exec_seccomp_apply(effective(c, &buf), p->unit_id, ret_exit_code);
}
