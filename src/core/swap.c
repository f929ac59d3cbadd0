/* swap.c — the swap unit state machine (systemd.swap(5)).
 *
 * A start walks dead → activating (a child of ours calls swapon(2) with the priority and
 * discard flags) → active; a stop walks active → deactivating (swapoff(2)) → dead. The child
 * runs outside the manager because swapoff(2) may take long (every page in the swap area is
 * read back) and TimeoutSec= must be able to cut it short (SIGKILL, result "timeout"). Its exit
 * status is the errno of the call. /proc/swaps has the last word: it is read again when the
 * child exits and whenever the kernel marks it changed (POLLPRI), and a swap switched on or
 * off by hand moves the unit too; one nobody configured gets a unit of its own (named by the
 * path /proc/swaps shows). swap_set_state() is the only writer of the state. */
#include <fcntl.h>
#include <libmount.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>

#include "device.h"
#include "job.h"
#include "log.h"
#include "manager.h"
#include "mount-util.h"
#include "parse-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "swap.h"
#include "unit-mounts.h"
#include "unit-name.h"

/* <sys/swap.h> of glibc lacks the two discard policies of linux/swap.h */
#ifndef SWAP_FLAG_DISCARD_ONCE
#define SWAP_FLAG_DISCARD_ONCE 0x20000
#endif
#ifndef SWAP_FLAG_DISCARD_PAGES
#define SWAP_FLAG_DISCARD_PAGES 0x40000
#endif

static const char *const state_names[_SWAP_STATE_MAX] = {
        [SWAP_DEAD] = "dead",
        [SWAP_ACTIVATING] = "activating",
        [SWAP_ACTIVE] = "active",
        [SWAP_DEACTIVATING] = "deactivating",
        [SWAP_FAILED] = "failed",
};

static const UnitActiveState state_translation[_SWAP_STATE_MAX] = {
        [SWAP_DEAD] = UNIT_INACTIVE,
        [SWAP_ACTIVATING] = UNIT_ACTIVATING,
        [SWAP_ACTIVE] = UNIT_ACTIVE,
        [SWAP_DEACTIVATING] = UNIT_DEACTIVATING,
        [SWAP_FAILED] = UNIT_FAILED,
};

static const char *const result_names[_SWAP_RESULT_MAX] = {
        [SWAP_SUCCESS] = "success",
        [SWAP_FAILURE_RESOURCES] = "resources",
        [SWAP_FAILURE_TIMEOUT] = "timeout",
        [SWAP_FAILURE_EXIT_CODE] = "exit-code",
        [SWAP_FAILURE_SIGNAL] = "signal",
        [SWAP_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
};

const char *swap_state_to_string(SwapState s) {
        return s < _SWAP_STATE_MAX ? state_names[s] : NULL;
}

const char *swap_result_to_string(SwapResult r) {
        return r < _SWAP_RESULT_MAX ? result_names[r] : NULL;
}

static const SwapConfig *cfg(const Swap *s) {
        return s->meta.config ? s->meta.config->swap : NULL;
}

static const char *options_of(const Swap *s) {
        const SwapConfig *c = cfg(s);
        return c ? c->options : NULL;
}

/* Priority=, else pri= of Options=, else -1 */
static int priority_of(const Swap *s) {
        const SwapConfig *c = cfg(s);
        if (c && c->priority >= 0)
                return c->priority;
        _cleanup_strv_free_ char **v = NULL;
        int p;
        if (mount_option_values(options_of(s), "pri", &v) >= 0 && v && safe_atoi(v[strv_length(v) - 1], &p) >= 0 &&
            p >= 0 && p <= 32767)
                return p;
        return -1;
}

int swap_flags(int priority, const char *options) {
        int flags = 0;
        _cleanup_strv_free_ char **v = NULL;
        if (priority < 0 && mount_option_values(options, "pri", &v) >= 0 && v &&
            (safe_atoi(v[strv_length(v) - 1], &priority) < 0 || priority > 32767))
                priority = -1;
        if (priority >= 0)
                flags |= SWAP_FLAG_PREFER | ((priority << SWAP_FLAG_PRIO_SHIFT) & SWAP_FLAG_PRIO_MASK);
        _cleanup_strv_free_ char **d = NULL;
        if (mount_option_has(options, "discard")) {
                flags |= SWAP_FLAG_DISCARD;
                if (mount_option_values(options, "discard", &d) >= 0 && d) {
                        const char *how = d[strv_length(d) - 1];
                        if (streq(how, "once"))
                                flags |= SWAP_FLAG_DISCARD_ONCE;
                        else if (streq(how, "pages"))
                                flags |= SWAP_FLAG_DISCARD_PAGES;
                }
        }
        return flags;
}

static int timer_cb(EventSource *es, usec_t now, void *userdata);

static void swap_set_state(Swap *s, SwapState st) {
        SwapState old = s->state;
        s->state = st;
        if (st != SWAP_ACTIVATING && st != SWAP_DEACTIVATING) {
                s->timer = event_source_free(s->timer);
                if (s->control_pid > 0)
                        manager_unwatch_pid(s->meta.manager, s->control_pid);
                s->control_pid = 0;
        } else if (old != st) {
                const SwapConfig *c = cfg(s);
                usec_t t = c ? c->timeout_usec : 90 * USEC_PER_SEC;
                s->timer = event_source_free(s->timer);
                if (t != 0 && t != USEC_INFINITY)
                        (void) event_add_time(s->meta.manager->event, &s->timer, CLOCK_MONOTONIC, now_usec(CLOCK_MONOTONIC) + t,
                                              timer_cb, s);
        }
        if (old != st)
                log_debug("%s: changed %s -> %s", s->meta.id, state_names[old], state_names[st]);
        unit_notify(&s->meta, state_translation[old], state_translation[st], true);
}

static void record(Swap *s, SwapResult f) {
        if (s->result == SWAP_SUCCESS)
                s->result = f;
}

static void enter_dead(Swap *s, SwapResult f) {
        record(s, f);
        swap_set_state(s, s->result == SWAP_SUCCESS ? SWAP_DEAD : SWAP_FAILED);
}

static void enter_active(Swap *s, SwapResult f) {
        record(s, f);
        swap_set_state(s, SWAP_ACTIVE);
}

/* swapon/swapoff in a child: its exit status is the call's errno */
static int spawn_control(Swap *s, bool on) {
        int flags = swap_flags(priority_of(s), options_of(s));
        pid_t pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0) {
                int r = on ? swapon(s->what, flags) : swapoff(s->what);
                _exit(r < 0 ? (errno & 0xff ?: 1) : 0);
        }
        s->control_pid = pid;
        return manager_watch_pid(s->meta.manager, pid, &s->meta);
}

static int swap_start(Unit *u) {
        Swap *s = (Swap *) u;
        if (s->state == SWAP_ACTIVATING)
                return 0;
        if (s->state == SWAP_DEACTIVATING)
                return -EAGAIN;
        /* swap is the machine's: a --test manager never switches it */
        if (u->manager->options.test) {
                log_error("%s: swap units are not run by a --test manager.", u->id);
                return -EOPNOTSUPP;
        }
        s->result = SWAP_SUCCESS;
        swap_process_proc(u->manager);
        if (s->from_proc) {
                enter_active(s, SWAP_SUCCESS);
                return 0;
        }
        if (spawn_control(s, true) < 0) {
                enter_dead(s, SWAP_FAILURE_RESOURCES);
                return 0;
        }
        swap_set_state(s, SWAP_ACTIVATING);
        return 0;
}

static int swap_stop(Unit *u) {
        Swap *s = (Swap *) u;
        switch (s->state) {
        case SWAP_DEACTIVATING:
                return 0;
        case SWAP_ACTIVATING:
                /* swapon(2) cannot be cut short cleanly: kill the child, then see */
                if (s->control_pid > 0)
                        (void) kill(s->control_pid, SIGKILL);
                return 0;
        case SWAP_ACTIVE:
                if (u->manager->options.test)
                        return -EOPNOTSUPP;
                s->result = SWAP_SUCCESS;
                if (spawn_control(s, false) < 0) {
                        enter_active(s, SWAP_FAILURE_RESOURCES);
                        return -EIO;
                }
                swap_set_state(s, SWAP_DEACTIVATING);
                return 0;
        default:
                return -EALREADY;
        }
}

static void control_finished(Swap *s, SwapResult f) {
        swap_process_proc(s->meta.manager);
        switch (s->state) {
        case SWAP_ACTIVATING:
                if (s->from_proc)
                        enter_active(s, SWAP_SUCCESS);
                else {
                        /* a stop that killed swapon: no failure of ours */
                        enter_dead(s, s->meta.job && s->meta.job->type == JOB_STOP ? SWAP_SUCCESS : f == SWAP_SUCCESS ? SWAP_FAILURE_EXIT_CODE : f);
                }
                break;
        case SWAP_DEACTIVATING:
                if (s->from_proc)
                        enter_active(s, f == SWAP_SUCCESS ? SWAP_FAILURE_EXIT_CODE : f);
                else
                        enter_dead(s, SWAP_SUCCESS);
                break;
        default:
                break;
        }
}

static void swap_child_exited(Unit *u, pid_t pid, int code, int status) {
        Swap *s = (Swap *) u;
        if (pid != s->control_pid)
                return;
        s->control_pid = 0;
        SwapResult f = code == CLD_EXITED ? (status == 0 ? SWAP_SUCCESS : SWAP_FAILURE_EXIT_CODE) : SWAP_FAILURE_SIGNAL;
        if (code == CLD_EXITED && status != 0)
                log_warning("%s: %s %s failed: %s", u->id, s->state == SWAP_DEACTIVATING ? "swapoff" : "swapon", s->what,
                            strerror(status));
        control_finished(s, f);
}

static int timer_cb(EventSource *es, usec_t now, void *userdata) {
        Swap *s = userdata;
        (void) es, (void) now;
        s->timer = event_source_free(s->timer);
        log_warning("%s: %s timed out. Killing.", s->meta.id, s->state == SWAP_DEACTIVATING ? "Deactivation" : "Activation");
        record(s, SWAP_FAILURE_TIMEOUT);
        if (s->control_pid > 0) {
                (void) kill(s->control_pid, SIGKILL);
                manager_unwatch_pid(s->meta.manager, s->control_pid);
                (void) waitpid(s->control_pid, NULL, 0);
                s->control_pid = 0;
        }
        control_finished(s, SWAP_FAILURE_TIMEOUT);
        return 0;
}

/* systemd.swap(5): the device (BindsTo=+After=) or the file's mounts (RequiresMountsFor=);
 * with DefaultDependencies= Before=swap.target (unless nofail) and the umount.target
 * conflict. */
static int add_dependencies(Swap *s) {
        Unit *u = &s->meta;
        int r;
        if (startswith(s->what, "/dev/")) {
                if ((r = unit_add_node_dependency(u, s->what, REL_BINDS_TO)) < 0)
                        return r;
        } else if ((r = unit_add_mounts_for(u, s->what)) < 0)
                return r;
        if (!u->config->unit->default_dependencies)
                return 0;
        if (!mount_option_has(options_of(s), "nofail") && (r = unit_add_dependency_by_name(u, REL_BEFORE, "swap.target", true)) < 0)
                return r;
        if ((r = unit_add_dependency_by_name(u, REL_CONFLICTS, "umount.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_BEFORE, "umount.target", true)) < 0)
                return r;
        return unit_add_slice_dependencies(u);
}

static int swap_load(Unit *u) {
        Swap *s = (Swap *) u;
        SwapConfig *c = u->config->swap;
        _cleanup_free_ char *prefix = NULL, *path = NULL;
        if (unit_name_to_prefix(u->id, &prefix) < 0 || unit_name_path_unescape(prefix, &path) < 0) {
                log_error("%s: cannot derive a path from the unit name. Refusing.", u->id);
                return -ENOEXEC;
        }
        if (c->what)
                path_simplify(c->what);
        if (c->what && !streq(c->what, path)) {
                log_error("%s: Value of What= and unit name do not match, not loading.", u->id);
                return -ENOEXEC;
        }
        free(s->what);
        s->what = TAKE_PTR(path);
        if (!u->config->unit->description && !(u->config->unit->description = strdup(s->what)))
                return -ENOMEM;
        if (!u->fragment_path && !u->config->unit->source_path && !(u->config->unit->source_path = strdup("/proc/swaps")))
                return -ENOMEM;
        return add_dependencies(s);
}

static bool swap_exists_without_file(Unit *u) {
        return ((Swap *) u)->from_proc;
}

static void swap_done(Unit *u) {
        Swap *s = (Swap *) u;
        s->timer = event_source_free(s->timer);
        if (s->control_pid > 0)
                manager_unwatch_pid(u->manager, s->control_pid);
        free(s->what);
}

static UnitActiveState swap_active_state(Unit *u) {
        return state_translation[((Swap *) u)->state];
}

static const char *swap_sub_state(Unit *u) {
        return state_names[((Swap *) u)->state];
}

static const char *swap_result(Unit *u) {
        return result_names[((Swap *) u)->result];
}

static void swap_reset_failed(Unit *u) {
        Swap *s = (Swap *) u;
        if (s->state == SWAP_FAILED)
                swap_set_state(s, SWAP_DEAD);
        s->result = SWAP_SUCCESS;
}

static void swap_start_limit_hit(Unit *u) {
        enter_dead((Swap *) u, SWAP_FAILURE_START_LIMIT_HIT);
}

static int swap_append_properties(Unit *u, char ***l) {
        Swap *s = (Swap *) u;
        const SwapConfig *c = cfg(s);
        char ts[FORMAT_TIMESPAN_MAX], *x;
        int prio = s->from_proc ? s->proc_priority : priority_of(s);
        if (asprintf(&x, "What=%s", strempty(s->what)) < 0 || strv_push(l, x) < 0 ||
            asprintf(&x, "Priority=%d", prio) < 0 || strv_push(l, x) < 0 ||
            asprintf(&x, "Options=%s", strempty(options_of(s))) < 0 || strv_push(l, x) < 0 ||
            asprintf(&x, "ControlPID=%d", (int) s->control_pid) < 0 || strv_push(l, x) < 0 ||
            asprintf(&x, "Result=%s", result_names[s->result]) < 0 || strv_push(l, x) < 0 ||
            asprintf(&x, "TimeoutUSec=%s", format_timespan(ts, sizeof ts, c ? c->timeout_usec : 90 * USEC_PER_SEC, 1)) < 0 ||
            strv_push(l, x) < 0 || asprintf(&x, "Slice=%s", unit_slice_name(u)) < 0 || strv_push(l, x) < 0)
                return -ENOMEM;
        return 0;
}

static int swap_serialize(Unit *u, FILE *f) {
        Swap *s = (Swap *) u;
        fprintf(f, "state=%s\nresult=%s\n", state_names[s->state], result_names[s->result]);
        if (s->control_pid > 0)
                fprintf(f, "control-pid=%d\n", (int) s->control_pid);
        return 0;
}

static int swap_deserialize_item(Unit *u, const char *key, const char *value) {
        Swap *s = (Swap *) u;
        if (streq(key, "state")) {
                for (SwapState st = 0; st < _SWAP_STATE_MAX; st++)
                        if (streq(value, state_names[st]))
                                s->state = st;
        } else if (streq(key, "result")) {
                for (SwapResult r = 0; r < _SWAP_RESULT_MAX; r++)
                        if (streq(value, result_names[r]))
                                s->result = r;
        } else if (streq(key, "control-pid"))
                s->control_pid = (pid_t) atoi(value);
        return 0;
}

static int swap_coldplug(Unit *u) {
        Swap *s = (Swap *) u;
        if (s->control_pid > 0 && (s->state == SWAP_ACTIVATING || s->state == SWAP_DEACTIVATING))
                return manager_watch_pid(u->manager, s->control_pid, u);
        return 0;
}

/* --- /proc/swaps */

static bool same_swap(const Swap *s, const char *source) {
        if (streq(s->what, source))
                return true;
        _cleanup_free_ char *real = realpath(s->what, NULL);
        return real && streq(real, source);
}

void swap_process_proc(Manager *m) {
        if (m->options.test)
                return;
        struct libmnt_table *t = mnt_new_table();
        struct libmnt_iter *itr = mnt_new_iter(MNT_ITER_FORWARD);
        size_t n = 0;
        Swap **l = NULL; /* the units' own pointers: Unit is each Swap's first member */
        if (!t || !itr || mnt_table_parse_swaps(t, NULL) < 0 ||
            !(l = (Swap **) manager_units_of_type(m, UNIT_SWAP, &n)))
                goto finish;
        bool *was = new0(bool, n + 1);
        if (!was)
                goto finish;
        for (size_t i = 0; i < n; i++) {
                was[i] = l[i]->from_proc;
                l[i]->seen = false;
        }
        struct libmnt_fs *fs;
        while (mnt_table_next_fs(t, itr, &fs) == 0) {
                const char *src = mnt_fs_get_source(fs);
                if (!src)
                        continue;
                bool found = false;
                for (size_t i = 0; i < n; i++)
                        if (same_swap(l[i], src)) {
                                l[i]->seen = found = true;
                                l[i]->proc_priority = mnt_fs_get_priority(fs);
                        }
                if (found)
                        continue;
                /* switched on by someone else, for a path no unit knows: a unit of its own */
                _cleanup_free_ char *name = NULL;
                Unit *u;
                if (unit_name_from_path(src, ".swap", &name) < 0 || manager_get_or_create_unit(m, name, &u) < 0 ||
                    u->type != UNIT_SWAP)
                        continue;
                Swap *s = (Swap *) u;
                s->from_proc = true;
                s->proc_priority = mnt_fs_get_priority(fs);
                if (u->load_state == UNIT_NOT_FOUND && !u->in_load_queue && !u->fragment_path) {
                        u->in_load_queue = true;
                        u->load_queue_next = m->load_queue;
                        m->load_queue = u;
                }
                if (u->load_state == UNIT_LOADED && s->state == SWAP_DEAD)
                        enter_active(s, SWAP_SUCCESS);
        }
        /* first every unit updated, then told */
        for (size_t i = 0; i < n; i++)
                l[i]->from_proc = l[i]->seen;
        for (size_t i = 0; i < n; i++) {
                Swap *s = l[i];
                if (s->from_proc && !was[i] && (s->state == SWAP_DEAD || s->state == SWAP_FAILED)) {
                        s->result = SWAP_SUCCESS;
                        enter_active(s, SWAP_SUCCESS);
                } else if (!s->from_proc && was[i] && s->state == SWAP_ACTIVE)
                        enter_dead(s, SWAP_SUCCESS);
        }
        free(was);
finish:
        free(l);
        mnt_free_iter(itr);
        mnt_unref_table(t);
}

static int swaps_cb(EventSource *es, int fd, uint32_t revents, void *userdata) {
        Manager *m = userdata;
        (void) es, (void) fd, (void) revents;
        swap_process_proc(m);
        return 0;
}

int manager_setup_swap_monitor(Manager *m) {
        if (m->options.test || m->swap_monitor_source)
                return 0;
        int fd = open("/proc/swaps", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return log_warning_errno(-errno, "Failed to open /proc/swaps, swap units will not follow it: %m");
        /* the kernel marks the file with POLLPRI after each swapon/swapoff */
        int r = event_add_io(m->event, &m->swap_monitor_source, fd, EPOLLPRI, swaps_cb, m);
        if (r < 0) {
                close(fd);
                return log_warning_errno(r, "Failed to watch /proc/swaps: %m");
        }
        event_source_set_io_fd_own(m->swap_monitor_source, true);
        event_source_set_description(m->swap_monitor_source, "swap-monitor");
        swap_process_proc(m);
        return 0;
}

void manager_close_swap_monitor(Manager *m) {
        m->swap_monitor_source = event_source_free(m->swap_monitor_source);
}

const UnitVTable swap_vtable = {
        .object_size = sizeof(Swap),
        .load = swap_load,
        .done = swap_done,
        .start = swap_start,
        .stop = swap_stop,
        .active_state = swap_active_state,
        .sub_state = swap_sub_state,
        .child_exited = swap_child_exited,
        .append_properties = swap_append_properties,
        .reset_failed = swap_reset_failed,
        .serialize = swap_serialize,
        .deserialize_item = swap_deserialize_item,
        .coldplug = swap_coldplug,
        .result = swap_result,
        .start_limit_hit = swap_start_limit_hit,
        .exists_without_file = swap_exists_without_file,
};
