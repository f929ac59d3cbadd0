/* mount.c — the mount unit state machine (systemd.mount(5)).
 *
 * A start walks dead → mounting (mount(8) runs) → mounting-done (the mount showed up in
 * mountinfo before mount(8) exited) → mounted; a stop walks mounted → unmounting (umount(8))
 * → dead. Reload is a remount (mount -o remount). Each of the three control states has a
 * -sigterm and -sigkill flavour for a control process that outlives TimeoutSec=. Failures end
 * in failed with a result ("exit-code", "timeout", "protocol" when mount(8) succeeded but
 * nothing got mounted).
 *
 * Besides the control process, reality moves the state: a scan of mountinfo (mount-proc.c)
 * that finds the mount makes a dead unit mounted, and one that misses it makes a mounted unit
 * dead — mounts made or removed by hand count as much as ours. When the control process
 * exits, mountinfo is read again at once, so the verdict never depends on which of the two
 * events the loop saw first. mount_set_state() is the only writer of the state. */
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cgroup.h"
#include "device.h"
#include "exec-spawn.h"
#include "fs-util.h"
#include "log.h"
#include "manager-env.h"
#include "manager.h"
#include "mount-util.h"
#include "mount.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-mounts.h"
#include "unit-types.h"

#define MOUNT_PATH "/bin/mount"
#define UMOUNT_PATH "/bin/umount"
#define UNMOUNT_RETRIES 32 /* stacked mounts: each umount(8) removes only the top one */

static const char *const state_names[_MOUNT_STATE_MAX] = {
        [MOUNT_DEAD] = "dead",
        [MOUNT_MOUNTING] = "mounting",
        [MOUNT_MOUNTING_DONE] = "mounting-done",
        [MOUNT_MOUNTED] = "mounted",
        [MOUNT_REMOUNTING] = "remounting",
        [MOUNT_UNMOUNTING] = "unmounting",
        [MOUNT_MOUNTING_SIGTERM] = "mounting-sigterm",
        [MOUNT_MOUNTING_SIGKILL] = "mounting-sigkill",
        [MOUNT_REMOUNTING_SIGTERM] = "remounting-sigterm",
        [MOUNT_REMOUNTING_SIGKILL] = "remounting-sigkill",
        [MOUNT_UNMOUNTING_SIGTERM] = "unmounting-sigterm",
        [MOUNT_UNMOUNTING_SIGKILL] = "unmounting-sigkill",
        [MOUNT_FAILED] = "failed",
};

static const UnitActiveState state_translation[_MOUNT_STATE_MAX] = {
        [MOUNT_DEAD] = UNIT_INACTIVE,
        [MOUNT_MOUNTING] = UNIT_ACTIVATING,
        [MOUNT_MOUNTING_DONE] = UNIT_ACTIVATING,
        [MOUNT_MOUNTED] = UNIT_ACTIVE,
        [MOUNT_REMOUNTING] = UNIT_RELOADING,
        [MOUNT_UNMOUNTING] = UNIT_DEACTIVATING,
        [MOUNT_MOUNTING_SIGTERM] = UNIT_DEACTIVATING,
        [MOUNT_MOUNTING_SIGKILL] = UNIT_DEACTIVATING,
        [MOUNT_REMOUNTING_SIGTERM] = UNIT_RELOADING,
        [MOUNT_REMOUNTING_SIGKILL] = UNIT_RELOADING,
        [MOUNT_UNMOUNTING_SIGTERM] = UNIT_DEACTIVATING,
        [MOUNT_UNMOUNTING_SIGKILL] = UNIT_DEACTIVATING,
        [MOUNT_FAILED] = UNIT_FAILED,
};

static const char *const result_names[_MOUNT_RESULT_MAX] = {
        [MOUNT_SUCCESS] = "success",
        [MOUNT_FAILURE_RESOURCES] = "resources",
        [MOUNT_FAILURE_TIMEOUT] = "timeout",
        [MOUNT_FAILURE_EXIT_CODE] = "exit-code",
        [MOUNT_FAILURE_SIGNAL] = "signal",
        [MOUNT_FAILURE_CORE_DUMP] = "core-dump",
        [MOUNT_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
        [MOUNT_FAILURE_PROTOCOL] = "protocol",
};

const char *mount_state_to_string(MountState s) {
        return s < _MOUNT_STATE_MAX ? state_names[s] : NULL;
}

const char *mount_result_to_string(MountResult r) {
        return r < _MOUNT_RESULT_MAX ? result_names[r] : NULL;
}

static bool state_has_control(MountState s) {
        return s == MOUNT_MOUNTING || s == MOUNT_MOUNTING_DONE || s == MOUNT_REMOUNTING || s == MOUNT_UNMOUNTING ||
               s == MOUNT_MOUNTING_SIGTERM || s == MOUNT_MOUNTING_SIGKILL || s == MOUNT_REMOUNTING_SIGTERM ||
               s == MOUNT_REMOUNTING_SIGKILL || s == MOUNT_UNMOUNTING_SIGTERM || s == MOUNT_UNMOUNTING_SIGKILL;
}

static const MountConfig *cfg(const Mount *mt) {
        return mt->meta.config ? mt->meta.config->mount : NULL;
}

static usec_t timeout_of(const Mount *mt) {
        const MountConfig *c = cfg(mt);
        return c ? c->timeout_usec : 90 * USEC_PER_SEC;
}

static int timer_cb(EventSource *s, usec_t now, void *userdata);

static void arm_timer(Mount *mt, usec_t timeout) {
        mt->timer = event_source_free(mt->timer);
        if (timeout == USEC_INFINITY || timeout == 0)
                return;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        usec_t when = timeout > USEC_INFINITY - now ? USEC_INFINITY - 1 : now + timeout;
        if (event_add_time(mt->meta.manager->event, &mt->timer, CLOCK_MONOTONIC, when, timer_cb, mt) >= 0)
                event_source_set_description(mt->timer, "mount-timer");
}

static void mount_set_state(Mount *mt, MountState st) {
        MountState old = mt->state;
        mt->state = st;
        if (!state_has_control(st)) {
                mt->timer = event_source_free(mt->timer);
                if (mt->control_pid > 0)
                        manager_unwatch_pid(mt->meta.manager, mt->control_pid);
                mt->control_pid = 0;
        } else if (old != st && st != MOUNT_MOUNTING_DONE)
                arm_timer(mt, timeout_of(mt));
        if (st == MOUNT_DEAD || st == MOUNT_FAILED)
                unit_prune_cgroup(&mt->meta);
        if (old != st)
                log_debug("%s: changed %s -> %s", mt->meta.id, state_names[old], state_names[st]);
        unit_notify(&mt->meta, state_translation[old], state_translation[st], mt->reload_result == MOUNT_SUCCESS);
}

static void record(Mount *mt, MountResult f) {
        if (mt->result == MOUNT_SUCCESS)
                mt->result = f;
}

static void enter_dead(Mount *mt, MountResult f) {
        record(mt, f);
        mount_set_state(mt, mt->result == MOUNT_SUCCESS ? MOUNT_DEAD : MOUNT_FAILED);
}

static void enter_mounted(Mount *mt, MountResult f) {
        record(mt, f);
        mount_set_state(mt, MOUNT_MOUNTED);
}

/* What to mount: the file's settings, else what mountinfo says. */
static const char *what_of(const Mount *mt) {
        const MountConfig *c = cfg(mt);
        return c && c->what ? c->what : mt->from_proc ? mt->proc.what : NULL;
}

static const char *fstype_of(const Mount *mt) {
        const MountConfig *c = cfg(mt);
        return c && c->type ? c->type : mt->from_proc ? mt->proc.fstype : NULL;
}

static const char *options_of(const Mount *mt) {
        const MountConfig *c = cfg(mt);
        return c && c->options ? c->options : mt->from_proc ? mt->proc.options : NULL;
}

static int spawn_control(Mount *mt, char **argv) {
        Unit *u = &mt->meta;
        Manager *m = u->manager;
        _cleanup_free_ char *cgroup_dir = NULL;
        int r = unit_realize_cgroup(u, &cgroup_dir);
        if (r < 0)
                return r;
        _cleanup_strv_free_ char **env = manager_environment(m); /* manager-env.c */
        if (!env)
                return -ENOMEM;
        ExecCommand c = { .path = argv[0], .argv = argv };
        ExecParameters p = {
                .environment = env,
                .unit_id = u->id,
                .stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1,
                .apply_privileges = true,
                /* an automount's autofs would hold mount(8) on its own mount point until the
                 * mount is there (a deadlock): the manager's group is the autofs daemon */
                .same_pgrp = true,
                .cgroup_path = cgroup_dir,
                .exec_fd = -1,
        };
        pid_t pid;
        if ((r = exec_spawn(&c, u->config->exec, &p, &pid)) < 0)
                return log_warning_errno(r, "%s: failed to spawn %s: %m", u->id, argv[0]);
        mt->control_pid = pid;
        mt->control_code = mt->control_status = 0;
        return manager_watch_pid(m, pid, u);
}

static void enter_unmounting(Mount *mt) {
        const MountConfig *c = cfg(mt);
        _cleanup_strv_free_ char **argv = NULL;
        /* -c: the path is ours as the kernel shows it; umount must not canonicalize it */
        if (strv_extend(&argv, UMOUNT_PATH) < 0 || strv_extend(&argv, mt->where) < 0 || strv_extend(&argv, "-c") < 0 ||
            (c && c->lazy_unmount && strv_extend(&argv, "-l") < 0) || (c && c->force_unmount && strv_extend(&argv, "-f") < 0) ||
            spawn_control(mt, argv) < 0) {
                enter_mounted(mt, MOUNT_FAILURE_RESOURCES);
                return;
        }
        mount_set_state(mt, MOUNT_UNMOUNTING);
}

/* mount(8)'s options: nofail/noauto/auto are fstab's business, not the kernel's. */
static int mount_argv(Mount *mt, const char *extra_option, char ***ret) {
        static const char *const drop[] = { "nofail", "noauto", "auto", NULL };
        const MountConfig *c = cfg(mt);
        _cleanup_free_ char *opts = NULL, *all = NULL;
        if (mount_options_filter(options_of(mt), drop, &opts) < 0)
                return -ENOMEM;
        if (extra_option && !(all = opts ? strjoin(extra_option, ",", opts) : strdup(extra_option)))
                return -ENOMEM;
        const char *o = all ?: opts;
        _cleanup_strv_free_ char **argv = NULL;
        const char *what = what_of(mt), *fstype = fstype_of(mt);
        if (strv_extend(&argv, MOUNT_PATH) < 0 || strv_extend(&argv, what ?: "none") < 0 || strv_extend(&argv, mt->where) < 0 ||
            (c && c->sloppy_options && strv_extend(&argv, "-s") < 0) ||
            (c && c->read_write_only && strv_extend(&argv, "-w") < 0) ||
            (!isempty(fstype) && (strv_extend(&argv, "-t") < 0 || strv_extend(&argv, fstype) < 0)) ||
            (o && (strv_extend(&argv, "-o") < 0 || strv_extend(&argv, o) < 0)))
                return -ENOMEM;
        *ret = TAKE_PTR(argv);
        return 0;
}

static int mount_start(Unit *u) {
        Mount *mt = (Mount *) u;
        if (state_has_control(mt->state)) {
                /* a stop is on its way: come back when it is done */
                if (mt->state == MOUNT_MOUNTING || mt->state == MOUNT_MOUNTING_DONE)
                        return 0;
                return -EAGAIN;
        }
        /* without the mount table (--test) a mount could neither be seen nor trusted; and a
         * test must never mount on the machine it runs on */
        if (!u->manager->mount_monitor) {
                log_error("%s: mount units need the mount table, which a --test manager does not read.", u->id);
                return -EOPNOTSUPP;
        }
        mt->result = MOUNT_SUCCESS;
        mt->reload_result = MOUNT_SUCCESS;
        if (mt->from_proc) { /* someone mounted it meanwhile */
                enter_mounted(mt, MOUNT_SUCCESS);
                return 0;
        }
        if (!what_of(mt)) {
                log_error("%s: What= setting is missing, cannot mount.", u->id);
                return -ENOEXEC;
        }
        const MountConfig *c = cfg(mt);
        int r = mkdir_p(mt->where, c ? c->directory_mode : 0755);
        if (r < 0)
                log_warning_errno(r, "%s: failed to create mount point %s, trying anyway: %m", u->id, mt->where);
        _cleanup_strv_free_ char **argv = NULL;
        if ((r = mount_argv(mt, NULL, &argv)) < 0 || (r = spawn_control(mt, argv)) < 0) {
                enter_dead(mt, MOUNT_FAILURE_RESOURCES);
                return 0; /* the job fails through the state change */
        }
        mount_set_state(mt, MOUNT_MOUNTING);
        return 0;
}

static void kill_control(Mount *mt, int sig) {
        if (mt->control_pid > 0)
                (void) kill(mt->control_pid, sig);
        if (sig == SIGKILL && manager_has_cgroups(mt->meta.manager) && mt->meta.cgroup_path)
                (void) unit_cgroup_kill(&mt->meta, sig);
}

static int mount_stop(Unit *u) {
        Mount *mt = (Mount *) u;
        switch (mt->state) {
        case MOUNT_UNMOUNTING:
        case MOUNT_UNMOUNTING_SIGTERM:
        case MOUNT_UNMOUNTING_SIGKILL:
                return 0;
        case MOUNT_MOUNTING:
        case MOUNT_MOUNTING_DONE:
        case MOUNT_REMOUNTING:
                /* cut the control process short; its exit decides whether to unmount */
                kill_control(mt, SIGTERM);
                mount_set_state(mt, MOUNT_MOUNTING_SIGTERM);
                return 0;
        case MOUNT_MOUNTING_SIGTERM:
        case MOUNT_MOUNTING_SIGKILL:
        case MOUNT_REMOUNTING_SIGTERM:
        case MOUNT_REMOUNTING_SIGKILL:
                return 0;
        case MOUNT_MOUNTED:
                if (!u->manager->mount_monitor)
                        return -EOPNOTSUPP;
                mt->result = MOUNT_SUCCESS;
                mt->n_unmount_retries = 0;
                enter_unmounting(mt);
                return 0;
        default:
                return -EALREADY;
        }
}

static int mount_reload(Unit *u) {
        Mount *mt = (Mount *) u;
        if (mt->state != MOUNT_MOUNTED)
                return -ENOEXEC;
        mt->reload_result = MOUNT_SUCCESS;
        _cleanup_strv_free_ char **argv = NULL;
        if (mount_argv(mt, "remount", &argv) < 0 || spawn_control(mt, argv) < 0) {
                mt->reload_result = MOUNT_FAILURE_RESOURCES;
                return -EIO;
        }
        mount_set_state(mt, MOUNT_REMOUNTING);
        return 0;
}

static bool mount_can_reload(Unit *u) {
        return true;
}

static MountResult result_of_exit(int code, int status) {
        if (code == CLD_EXITED)
                return status == 0 ? MOUNT_SUCCESS : MOUNT_FAILURE_EXIT_CODE;
        if (code == CLD_DUMPED)
                return MOUNT_FAILURE_CORE_DUMP;
        return MOUNT_FAILURE_SIGNAL;
}

/* A control process ended (or gave up after SIGKILL): decide from mountinfo. */
static void control_finished(Mount *mt, MountResult f) {
        Manager *m = mt->meta.manager;
        /* the kernel's table may have changed before we heard of it */
        mount_process_mountinfo(m);
        switch (mt->state) {
        case MOUNT_MOUNTING:
        case MOUNT_MOUNTING_DONE:
                if (f == MOUNT_SUCCESS && mt->from_proc)
                        enter_mounted(mt, MOUNT_SUCCESS);
                else if (f == MOUNT_SUCCESS) {
                        log_warning("%s: mount process finished, but there is no mount.", mt->meta.id);
                        enter_dead(mt, MOUNT_FAILURE_PROTOCOL);
                } else if (mt->from_proc)
                        enter_mounted(mt, f);
                else
                        enter_dead(mt, f);
                break;
        case MOUNT_REMOUNTING:
        case MOUNT_REMOUNTING_SIGTERM:
        case MOUNT_REMOUNTING_SIGKILL:
                mt->reload_result = f;
                if (mt->from_proc)
                        mount_set_state(mt, MOUNT_MOUNTED);
                else
                        enter_dead(mt, f);
                break;
        case MOUNT_MOUNTING_SIGTERM:
        case MOUNT_MOUNTING_SIGKILL:
                /* a stop interrupted the mount: whatever got mounted goes again */
                record(mt, f == MOUNT_SUCCESS || mt->result == MOUNT_SUCCESS ? MOUNT_SUCCESS : f);
                if (mt->from_proc)
                        enter_unmounting(mt);
                else
                        enter_dead(mt, MOUNT_SUCCESS);
                break;
        case MOUNT_UNMOUNTING:
        case MOUNT_UNMOUNTING_SIGTERM:
        case MOUNT_UNMOUNTING_SIGKILL:
                if (!mt->from_proc)
                        enter_dead(mt, f);
                else if (f == MOUNT_SUCCESS && mt->state == MOUNT_UNMOUNTING && mt->n_unmount_retries < UNMOUNT_RETRIES) {
                        /* another mount was stacked below: take that one off too */
                        mt->n_unmount_retries++;
                        enter_unmounting(mt);
                } else
                        enter_mounted(mt, f == MOUNT_SUCCESS ? MOUNT_FAILURE_PROTOCOL : f);
                break;
        default:
                break;
        }
}

static void mount_child_exited(Unit *u, pid_t pid, int code, int status) {
        Mount *mt = (Mount *) u;
        if (pid != mt->control_pid)
                return;
        mt->control_pid = 0;
        mt->control_code = code;
        mt->control_status = status;
        MountResult f = result_of_exit(code, status);
        if (f != MOUNT_SUCCESS)
                log_warning("%s: %s process exited, code=%s, status=%d", u->id,
                            mt->state == MOUNT_UNMOUNTING ? "unmount" : mt->state == MOUNT_REMOUNTING ? "remount" : "mount",
                            code == CLD_EXITED ? "exited" : "killed", status);
        control_finished(mt, f);
}

static int timer_cb(EventSource *s, usec_t now, void *userdata) {
        Mount *mt = userdata;
        (void) s, (void) now;
        mt->timer = event_source_free(mt->timer);
        switch (mt->state) {
        case MOUNT_MOUNTING:
        case MOUNT_MOUNTING_DONE:
        case MOUNT_REMOUNTING:
        case MOUNT_UNMOUNTING:
                log_warning("%s: %s timed out. Terminating.", mt->meta.id,
                            mt->state == MOUNT_UNMOUNTING ? "Unmounting" : mt->state == MOUNT_REMOUNTING ? "Remounting" : "Mounting");
                if (mt->state == MOUNT_REMOUNTING)
                        mt->reload_result = MOUNT_FAILURE_TIMEOUT;
                else
                        record(mt, MOUNT_FAILURE_TIMEOUT);
                kill_control(mt, SIGTERM);
                mount_set_state(mt, mt->state == MOUNT_UNMOUNTING ? MOUNT_UNMOUNTING_SIGTERM :
                                    mt->state == MOUNT_REMOUNTING ? MOUNT_REMOUNTING_SIGTERM : MOUNT_MOUNTING_SIGTERM);
                break;
        case MOUNT_MOUNTING_SIGTERM:
        case MOUNT_REMOUNTING_SIGTERM:
        case MOUNT_UNMOUNTING_SIGTERM:
                log_warning("%s: control process did not terminate. Killing.", mt->meta.id);
                kill_control(mt, SIGKILL);
                mount_set_state(mt, mt->state == MOUNT_UNMOUNTING_SIGTERM ? MOUNT_UNMOUNTING_SIGKILL :
                                    mt->state == MOUNT_REMOUNTING_SIGTERM ? MOUNT_REMOUNTING_SIGKILL : MOUNT_MOUNTING_SIGKILL);
                break;
        default:
                /* SIGKILL did not help either (D state): give up on the process */
                log_warning("%s: control process still around after SIGKILL. Ignoring.", mt->meta.id);
                if (mt->control_pid > 0)
                        manager_unwatch_pid(mt->meta.manager, mt->control_pid);
                mt->control_pid = 0;
                control_finished(mt, MOUNT_FAILURE_TIMEOUT);
                break;
        }
        return 0;
}

void mount_update_from_proc(Mount *mt, const char *what, const char *options, const char *fstype) {
        bool changed = !streq_ptr(mt->proc.what, what) || !streq_ptr(mt->proc.options, options) ||
                       !streq_ptr(mt->proc.fstype, fstype);
        if (!mt->from_proc)
                mt->just_mounted = true;
        else if (changed)
                mt->just_changed = true;
        mt->seen = true;
        if (changed) {
                free(mt->proc.what), free(mt->proc.options), free(mt->proc.fstype);
                mt->proc.what = what ? strdup(what) : NULL;
                mt->proc.options = options ? strdup(options) : NULL;
                mt->proc.fstype = fstype ? strdup(fstype) : NULL;
        }
        mt->from_proc = true;
}

void mount_proc_changed(Mount *mt) {
        if (mt->from_proc && mt->just_mounted) {
                switch (mt->state) {
                case MOUNT_DEAD:
                case MOUNT_FAILED:
                        /* mounted by someone else: the unit follows */
                        mt->result = MOUNT_SUCCESS;
                        enter_mounted(mt, MOUNT_SUCCESS);
                        break;
                case MOUNT_MOUNTING:
                        mount_set_state(mt, MOUNT_MOUNTING_DONE);
                        break;
                default:
                        break;
                }
        } else if (!mt->from_proc) {
                switch (mt->state) {
                case MOUNT_MOUNTED:
                        /* unmounted behind our back */
                        enter_dead(mt, MOUNT_SUCCESS);
                        break;
                case MOUNT_MOUNTING_DONE:
                        mount_set_state(mt, MOUNT_MOUNTING);
                        break;
                default:
                        break;
                }
        } else if (mt->just_changed)
                manager_unit_changed(mt->meta.manager, &mt->meta);
        mt->just_mounted = mt->just_changed = false;
}

/* systemd.mount(5), "Default Dependencies" and "Implicit Dependencies". */
static int add_dependencies(Mount *mt) {
        Unit *u = &mt->meta;
        int r;
        /* mount points below us need us first */
        if (!streq(mt->where, "/")) {
                _cleanup_free_ char *parent = path_dirname(mt->where);
                if (!parent || (r = unit_add_mounts_for(u, parent)) < 0)
                        return parent ? r : -ENOMEM;
        }
        const char *opts = options_of(mt), *fstype = fstype_of(mt), *what = what_of(mt);
        /* its block device: a configured mount (fstab, a unit file) or x-systemd.device-bound
         * goes when the device goes; one only found mounted merely needs it, since another tool
         * may have mounted it from a device we do not know as such. /dev/root is no device
         * (the kernel's name for the root file system), and / is never stopped anyway. */
        if (what && !streq(what, "/dev/root") && !streq(mt->where, "/") &&
            (r = unit_add_node_dependency(u, what, u->fragment_path || mount_option_has(opts, "x-systemd.device-bound") ?
                                                           REL_BINDS_TO : REL_REQUIRES)) < 0)
                return r;
        if (!u->config->unit->default_dependencies || mount_where_is_extrinsic(mt->where))
                return 0;
        bool network = mount_is_network(fstype, opts);
        const char *before = network ? "remote-fs.target" : "local-fs.target";
        const char *after = network ? "remote-fs-pre.target" : "local-fs-pre.target";
        if (network && ((r = unit_add_dependency_by_name(u, REL_WANTS, "network-online.target", true)) < 0 ||
                        (r = unit_add_dependency_by_name(u, REL_AFTER, "network-online.target", true)) < 0 ||
                        (r = unit_add_dependency_by_name(u, REL_AFTER, "network.target", true)) < 0))
                return r;
        if (!mount_option_has(opts, "nofail") && (r = unit_add_dependency_by_name(u, REL_BEFORE, before, true)) < 0)
                return r;
        if ((r = unit_add_dependency_by_name(u, REL_AFTER, after, true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_CONFLICTS, "umount.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_BEFORE, "umount.target", true)) < 0)
                return r;
        /* tmpfs content may be in swap: unmount it before swap goes */
        if (streq_ptr(fstype, "tmpfs") && (r = unit_add_dependency_by_name(u, REL_AFTER, "swap.target", true)) < 0)
                return r;
        return unit_add_slice_dependencies(u);
}

static int mount_load(Unit *u) {
        Mount *mt = (Mount *) u;
        MountConfig *c = u->config->mount;
        _cleanup_free_ char *prefix = NULL, *where = NULL;
        if (unit_name_to_prefix(u->id, &prefix) < 0 || unit_name_path_unescape(prefix, &where) < 0) {
                log_error("%s: cannot derive a mount point from the unit name. Refusing.", u->id);
                return -ENOEXEC;
        }
        if (c->where)
                path_simplify(c->where);
        if (c->where && !streq(c->where, where)) {
                log_error("%s: Where= setting doesn't match unit name. Refusing.", u->id);
                return -ENOEXEC;
        }
        free(mt->where);
        mt->where = TAKE_PTR(where);
        if (u->fragment_path && !c->what && !mt->from_proc) {
                log_error("%s: What= setting is missing. Refusing.", u->id);
                return -ENOEXEC;
        }
        /* the root file system cannot go while the system runs: systemd's "perpetual" */
        u->perpetual = streq(mt->where, "/");
        /* systemd describes a mount by its mount point, and one that has no file by where it
         * learnt of it */
        if (!u->config->unit->description &&
            !(u->config->unit->description = strdup(streq(mt->where, "/") ? "Root Mount" : mt->where)))
                return -ENOMEM;
        if (!u->fragment_path && !u->perpetual && !u->config->unit->source_path &&
            !(u->config->unit->source_path = strdup("/proc/self/mountinfo")))
                return -ENOMEM;
        int r = add_dependencies(mt);
        if (r < 0)
                return r;
        /* units loaded earlier that need this mount point learn of it now */
        return unit_mounts_for_new_mount(u, mt->where);
}

static bool mount_exists_without_file(Unit *u) {
        return ((Mount *) u)->from_proc;
}

static void mount_done(Unit *u) {
        Mount *mt = (Mount *) u;
        mt->timer = event_source_free(mt->timer);
        if (mt->control_pid > 0)
                manager_unwatch_pid(u->manager, mt->control_pid);
        free(mt->where);
        free(mt->proc.what), free(mt->proc.options), free(mt->proc.fstype);
}

static UnitActiveState mount_active_state(Unit *u) {
        return state_translation[((Mount *) u)->state];
}

static const char *mount_sub_state(Unit *u) {
        return state_names[((Mount *) u)->state];
}

static const char *mount_result(Unit *u) {
        return result_names[((Mount *) u)->result];
}

static void mount_reset_failed(Unit *u) {
        Mount *mt = (Mount *) u;
        if (mt->state == MOUNT_FAILED)
                mount_set_state(mt, MOUNT_DEAD);
        mt->result = MOUNT_SUCCESS;
}

static int mount_kill(Unit *u, KillWho who, int sig) {
        Mount *mt = (Mount *) u;
        if (who == KILL_MAIN)
                return -ESRCH; /* mount units have no main process */
        bool any = false;
        if (mt->control_pid > 0 && kill(mt->control_pid, sig) >= 0)
                any = true;
        if (who == KILL_ALL && manager_has_cgroups(u->manager) && u->cgroup_path)
                any |= unit_cgroup_kill(u, sig) > 0;
        return any ? 0 : -ESRCH;
}

static void mount_start_limit_hit(Unit *u) {
        enter_dead((Mount *) u, MOUNT_FAILURE_START_LIMIT_HIT);
}

_printf_(2, 3) static void add(char ***l, const char *fmt, ...) {
        va_list ap;
        char *s = NULL;
        va_start(ap, fmt);
        int r = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (r >= 0)
                (void) strv_push(l, s);
}

static int mount_append_properties(Unit *u, char ***l) {
        Mount *mt = (Mount *) u;
        const MountConfig *c = cfg(mt);
        /* while mounted, systemd reports what the kernel says (the options as mountinfo shows
         * them), else what the file asks for */
        const MountParameters *p = mt->from_proc ? &mt->proc : NULL;
        char ts[FORMAT_TIMESPAN_MAX];
        add(l, "Where=%s", mt->where);
        add(l, "What=%s", strempty(p ? p->what : what_of(mt)));
        add(l, "Options=%s", strempty(p ? p->options : options_of(mt)));
        add(l, "Type=%s", strempty(p ? p->fstype : fstype_of(mt)));
        add(l, "ControlPID=%d", (int) mt->control_pid);
        add(l, "Result=%s", result_names[mt->result]);
        add(l, "ReloadResult=%s", result_names[mt->reload_result]);
        add(l, "DirectoryMode=%04o", c ? (unsigned) c->directory_mode : 0755U);
        add(l, "SloppyOptions=%s", c && c->sloppy_options ? "yes" : "no");
        add(l, "LazyUnmount=%s", c && c->lazy_unmount ? "yes" : "no");
        add(l, "ForceUnmount=%s", c && c->force_unmount ? "yes" : "no");
        add(l, "ReadWriteOnly=%s", c && c->read_write_only ? "yes" : "no");
        add(l, "TimeoutUSec=%s", format_timespan(ts, sizeof ts, timeout_of(mt), 1));
        /* the cgroup is made when a control process first runs: empty for a mount made by hand */
        add(l, "Slice=%s", unit_slice_name(u));
        add(l, "ControlGroup=%s", strempty(u->cgroup_path));
        return 0;
}

static int mount_serialize(Unit *u, FILE *f) {
        Mount *mt = (Mount *) u;
        fprintf(f, "state=%s\nresult=%s\n", state_names[mt->state], result_names[mt->result]);
        if (mt->control_pid > 0)
                fprintf(f, "control-pid=%d\n", (int) mt->control_pid);
        return 0;
}

static int mount_deserialize_item(Unit *u, const char *key, const char *value) {
        Mount *mt = (Mount *) u;
        if (streq(key, "state")) {
                for (MountState s = 0; s < _MOUNT_STATE_MAX; s++)
                        if (streq(value, state_names[s]))
                                mt->state = s;
        } else if (streq(key, "result")) {
                for (MountResult r = 0; r < _MOUNT_RESULT_MAX; r++)
                        if (streq(value, result_names[r]))
                                mt->result = r;
        } else if (streq(key, "control-pid"))
                mt->control_pid = (pid_t) atoi(value);
        return 0;
}

static int mount_coldplug(Unit *u) {
        Mount *mt = (Mount *) u;
        if (mt->control_pid > 0 && state_has_control(mt->state)) {
                arm_timer(mt, timeout_of(mt));
                return manager_watch_pid(u->manager, mt->control_pid, u);
        }
        return 0;
}

const UnitVTable mount_vtable = {
        .object_size = sizeof(Mount),
        .load = mount_load,
        .done = mount_done,
        .start = mount_start,
        .stop = mount_stop,
        .reload = mount_reload,
        .can_reload = mount_can_reload,
        .kill = mount_kill,
        .active_state = mount_active_state,
        .sub_state = mount_sub_state,
        .child_exited = mount_child_exited,
        .append_properties = mount_append_properties,
        .reset_failed = mount_reset_failed,
        .serialize = mount_serialize,
        .deserialize_item = mount_deserialize_item,
        .coldplug = mount_coldplug,
        .result = mount_result,
        .start_limit_hit = mount_start_limit_hit,
        .exists_without_file = mount_exists_without_file,
};
