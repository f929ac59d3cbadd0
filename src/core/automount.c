/* automount.c — the automount unit state machine (systemd.automount(5)).
 *
 * A start mounts an autofs file system ("direct" map, kernel protocol 5) on Where=, with the
 * write end of a pipe as its fd= and our process group as pgrp= (the kernel never blocks the
 * manager itself on the mount point: it is the "daemon"): dead → waiting. When a process
 * touches Where=, the kernel holds it and writes a missing-mount packet with a token into the
 * pipe; we queue a start job for the mount unit of the same name (waiting → running) and
 * answer the token with AUTOFS_IOC_READY once that unit is mounted, AUTOFS_IOC_FAIL when it
 * failed — the blocked process then sees the file system, or an error. With TimeoutIdleSec=,
 * a child runs AUTOFS_IOC_EXPIRE_MULTI every third of the timeout (the ioctl blocks until we
 * answer); the kernel picks mounts idle that long and writes an expire packet; we stop the
 * mount unit and answer READY when it is gone (running → waiting). A stop fails every open
 * token and unmounts the autofs (and what is stacked on it). automount_set_state() is the only
 * writer of the state. */
#include <fcntl.h>
#include <linux/auto_fs4.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "automount.h"
#include "fs-util.h"
#include "job.h"
#include "kmod-util.h"
#include "log.h"
#include "manager.h"
#include "mount-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-mounts.h"
#include "unit-name.h"

static const char *const state_names[_AUTOMOUNT_STATE_MAX] = {
        [AUTOMOUNT_DEAD] = "dead",
        [AUTOMOUNT_WAITING] = "waiting",
        [AUTOMOUNT_RUNNING] = "running",
        [AUTOMOUNT_FAILED] = "failed",
};

static const UnitActiveState state_translation[_AUTOMOUNT_STATE_MAX] = {
        [AUTOMOUNT_DEAD] = UNIT_INACTIVE,
        [AUTOMOUNT_WAITING] = UNIT_ACTIVE,
        [AUTOMOUNT_RUNNING] = UNIT_ACTIVE,
        [AUTOMOUNT_FAILED] = UNIT_FAILED,
};

static const char *const result_names[_AUTOMOUNT_RESULT_MAX] = {
        [AUTOMOUNT_SUCCESS] = "success",
        [AUTOMOUNT_FAILURE_RESOURCES] = "resources",
        [AUTOMOUNT_FAILURE_START_LIMIT_HIT] = "start-limit-hit",
        [AUTOMOUNT_FAILURE_MOUNT_START_LIMIT_HIT] = "mount-start-limit-hit",
        [AUTOMOUNT_FAILURE_UNMOUNTED] = "unmounted",
};

const char *automount_state_to_string(AutomountState s) {
        return s < _AUTOMOUNT_STATE_MAX ? state_names[s] : NULL;
}

const char *automount_result_to_string(AutomountResult r) {
        return r < _AUTOMOUNT_RESULT_MAX ? result_names[r] : NULL;
}

static const AutomountConfig *cfg(const Automount *a) {
        return a->meta.config ? a->meta.config->automount : NULL;
}

/* The mount unit we trigger: the one of the same name. */
static Unit *mount_unit(Automount *a) {
        Unit *other;
        UNIT_SET_FOREACH(other, &a->meta.deps[REL_TRIGGERS])
                return other;
        return NULL;
}

static void tokens_answer(Automount *a, uint32_t **tokens, size_t *n, int status) {
        for (size_t i = 0; i < *n; i++) {
                if (!a->ioctl_open)
                        break;
                unsigned long t = (*tokens)[i];
                if (ioctl(a->ioctl_fd, status == 0 ? AUTOFS_IOC_READY : AUTOFS_IOC_FAIL, t) < 0)
                        log_warning_errno(-errno, "%s: failed to answer the kernel's request %lu: %m", a->meta.id, t);
        }
        *tokens = mfree(*tokens);
        *n = 0;
}

static int tokens_add(uint32_t **tokens, size_t *n, uint32_t t) {
        uint32_t *l = reallocarray(*tokens, *n + 1, sizeof(uint32_t));
        if (!l)
                return -ENOMEM;
        l[(*n)++] = t;
        *tokens = l;
        return 0;
}

static void stop_expire(Automount *a) {
        a->expire_timer = event_source_free(a->expire_timer);
        if (a->expire_pid > 0) {
                manager_unwatch_pid(a->meta.manager, a->expire_pid);
                (void) kill(a->expire_pid, SIGKILL);
                (void) waitpid(a->expire_pid, NULL, WNOHANG);
                a->expire_pid = 0;
        }
}

/* Takes the autofs (and whatever is mounted on it) off Where=. */
static void unmount_autofs(Automount *a) {
        /* the kernel's waiters must not hang on a pipe nobody reads */
        tokens_answer(a, &a->tokens, &a->n_tokens, -EHOSTDOWN);
        tokens_answer(a, &a->expire_tokens, &a->n_expire_tokens, 0);
        stop_expire(a);
        a->pipe_source = event_source_free(a->pipe_source); /* owns the read end */
        if (a->ioctl_open)
                (void) close(a->ioctl_fd);
        a->ioctl_open = false;
        if (a->mounted && a->where)
                for (int i = 0; i < 32 && umount2(a->where, MNT_DETACH | UMOUNT_NOFOLLOW) >= 0; i++)
                        ;
        a->mounted = false;
}

static void automount_set_state(Automount *a, AutomountState st) {
        AutomountState old = a->state;
        a->state = st;
        if (st == AUTOMOUNT_DEAD || st == AUTOMOUNT_FAILED)
                unmount_autofs(a);
        if (old != st)
                log_debug("%s: changed %s -> %s", a->meta.id, state_names[old], state_names[st]);
        unit_notify(&a->meta, state_translation[old], state_translation[st], true);
}

static void enter_dead(Automount *a, AutomountResult f) {
        if (a->result == AUTOMOUNT_SUCCESS)
                a->result = f;
        automount_set_state(a, a->result == AUTOMOUNT_SUCCESS ? AUTOMOUNT_DEAD : AUTOMOUNT_FAILED);
}

/* autofs must be a registered file system; else its module is loaded (autofs4 is the name
 * the module answers to on every kernel since 2.6). */
static bool autofs_registered(void) {
        _cleanup_fclose_ FILE *f = fopen("/proc/filesystems", "re");
        char line[256];
        if (!f)
                return true; /* cannot tell: let mount(2) decide */
        while (fgets(line, sizeof line, f)) {
                const char *t = strchr(line, '\t');
                if (t && streq(t + 1, "autofs\n"))
                        return true;
        }
        return false;
}

static int ensure_autofs(const char *id) {
        if (autofs_registered())
                return 0;
        int r = module_load("autofs4");
        if (r < 0)
                return log_error_errno(r, "%s: autofs is not available and loading autofs4 failed: %m", id);
        return 0;
}

static int expire_timer_cb(EventSource *s, usec_t now, void *userdata);

static void arm_expire(Automount *a) {
        const AutomountConfig *c = cfg(a);
        a->expire_timer = event_source_free(a->expire_timer);
        if (!c || c->timeout_idle_usec == 0 || c->timeout_idle_usec == USEC_INFINITY)
                return;
        /* a third of the timeout: a mount expires at most a third late */
        usec_t every = c->timeout_idle_usec / 3;
        if (every < USEC_PER_SEC)
                every = USEC_PER_SEC;
        if (event_add_time(a->meta.manager->event, &a->expire_timer, CLOCK_MONOTONIC, now_usec(CLOCK_MONOTONIC) + every,
                           expire_timer_cb, a) >= 0)
                event_source_set_description(a->expire_timer, "automount-expire");
}

static int expire_timer_cb(EventSource *s, usec_t now, void *userdata) {
        Automount *a = userdata;
        (void) s, (void) now;
        a->expire_timer = event_source_free(a->expire_timer);
        Unit *mu = mount_unit(a);
        if (a->ioctl_open && a->expire_pid == 0 && mu && unit_active_state(mu) == UNIT_ACTIVE) {
                /* AUTOFS_IOC_EXPIRE_MULTI returns only after we answered its expire packet:
                 * it runs in a child so the loop stays free to do that */
                pid_t pid = fork();
                if (pid == 0) {
                        int how = 0;
                        while (ioctl(a->ioctl_fd, AUTOFS_IOC_EXPIRE_MULTI, &how) >= 0)
                                ;
                        _exit(errno == EAGAIN ? 0 : 1);
                }
                if (pid > 0) {
                        a->expire_pid = pid;
                        (void) manager_watch_pid(a->meta.manager, pid, &a->meta);
                } else
                        log_warning_errno(-errno, "%s: failed to fork the expire process: %m", a->meta.id);
        }
        arm_expire(a);
        return 0;
}

static void handle_missing(Automount *a, uint32_t token, pid_t pid) {
        Unit *mu = mount_unit(a);
        log_debug("%s: got automount request for %s, triggered by %d", a->meta.id, a->where, (int) pid);
        if (tokens_add(&a->tokens, &a->n_tokens, token) < 0) {
                (void) ioctl(a->ioctl_fd, AUTOFS_IOC_FAIL, (unsigned long) token);
                return;
        }
        if (mu && unit_active_state(mu) == UNIT_ACTIVE) {
                /* already there (mounted by hand, or the request raced the mount) */
                tokens_answer(a, &a->tokens, &a->n_tokens, 0);
                automount_set_state(a, AUTOMOUNT_RUNNING);
                return;
        }
        _cleanup_free_ char *error = NULL;
        int r = mu ? manager_add_job(a->meta.manager, JOB_START, mu, JOB_REPLACE, false, NULL, &error) : -ENOENT;
        if (r < 0) {
                log_warning("%s: failed to queue mount startup job: %s", a->meta.id, error ?: strerror(-r));
                tokens_answer(a, &a->tokens, &a->n_tokens, r);
                return;
        }
        automount_set_state(a, AUTOMOUNT_RUNNING);
}

static void handle_expire(Automount *a, uint32_t token) {
        Unit *mu = mount_unit(a);
        if (tokens_add(&a->expire_tokens, &a->n_expire_tokens, token) < 0) {
                (void) ioctl(a->ioctl_fd, AUTOFS_IOC_READY, (unsigned long) token);
                return;
        }
        if (!mu || UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(mu))) {
                tokens_answer(a, &a->expire_tokens, &a->n_expire_tokens, 0);
                return;
        }
        log_info("%s: %s idle for TimeoutIdleSec=, unmounting.", a->meta.id, a->where);
        _cleanup_free_ char *error = NULL;
        int r = manager_add_job(a->meta.manager, JOB_STOP, mu, JOB_REPLACE, false, NULL, &error);
        if (r < 0) {
                log_warning("%s: failed to queue umount job: %s", a->meta.id, error ?: strerror(-r));
                tokens_answer(a, &a->expire_tokens, &a->n_expire_tokens, 0);
        }
}

static int pipe_cb(EventSource *s, int fd, uint32_t revents, void *userdata) {
        Automount *a = userdata;
        (void) s;
        if (revents & (EPOLLHUP | EPOLLERR) && !(revents & EPOLLIN)) {
                log_error("%s: autofs pipe closed by the kernel (unmounted behind our back?)", a->meta.id);
                a->mounted = false;
                enter_dead(a, AUTOMOUNT_FAILURE_UNMOUNTED);
                return 0;
        }
        union autofs_v5_packet_union p;
        ssize_t l = read(fd, &p, sizeof p);
        if (l < 0 && (errno == EAGAIN || errno == EINTR))
                return 0;
        if (l != (ssize_t) sizeof p) {
                log_error("%s: short or failed read from the autofs pipe (%zd bytes), giving up.", a->meta.id, l);
                enter_dead(a, AUTOMOUNT_FAILURE_RESOURCES);
                return 0;
        }
        switch (p.hdr.type) {
        case autofs_ptype_missing_direct:
                handle_missing(a, p.v5_packet.wait_queue_token, (pid_t) p.v5_packet.pid);
                break;
        case autofs_ptype_expire_direct:
                handle_expire(a, p.v5_packet.wait_queue_token);
                break;
        default:
                log_warning("%s: unexpected autofs packet type %d, ignoring.", a->meta.id, p.hdr.type);
                break;
        }
        return 0;
}

static int automount_start(Unit *u) {
        Automount *a = (Automount *) u;
        Manager *m = u->manager;
        if (a->state == AUTOMOUNT_WAITING || a->state == AUTOMOUNT_RUNNING)
                return -EALREADY;
        /* a --test manager must never mount on the machine it runs on */
        if (!m->mount_monitor) {
                log_error("%s: automount units need the mount table, which a --test manager does not read.", u->id);
                return -EOPNOTSUPP;
        }
        Unit *mu = mount_unit(a);
        if (!mu || mu->load_state != UNIT_LOADED) {
                log_error("%s: refusing to start, unit %s to trigger not loaded.", u->id, mu ? mu->id : "(none)");
                return -ENOENT;
        }
        a->result = AUTOMOUNT_SUCCESS;
        const AutomountConfig *c = cfg(a);
        int r = mkdir_p(a->where, c ? c->directory_mode : 0755);
        if (r < 0)
                log_warning_errno(r, "%s: failed to create mount point %s, trying anyway: %m", u->id, a->where);
        int p[2] = { -1, -1 };
        _cleanup_free_ char *opts = NULL; /* before the first goto: clang refuses a jump past it */
        if (ensure_autofs(u->id) < 0 || pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
                goto fail;
        if (asprintf(&opts, "fd=%d,pgrp=%d,minproto=5,maxproto=5,direct%s%s", p[1], (int) getpgrp(),
                     c && !isempty(c->extra_options) ? "," : "", c && c->extra_options ? c->extra_options : "") < 0) {
                opts = NULL;
                goto fail;
        }
        if (mount("sysmaster-1", a->where, "autofs", 0, opts) < 0) {
                log_error_errno(-errno, "%s: failed to mount autofs on %s: %m", u->id, a->where);
                goto fail;
        }
        a->mounted = true;
        p[1] = safe_close(p[1]); /* the kernel holds its own reference */
        /* the root of our autofs: we are its daemon (pgrp=), so opening it does not trigger */
        a->ioctl_fd = open(a->where, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        a->ioctl_open = a->ioctl_fd >= 0;
        int proto = 0;
        if (!a->ioctl_open || ioctl(a->ioctl_fd, AUTOFS_IOC_PROTOVER, &proto) < 0 || proto < 5) {
                log_error("%s: autofs on %s speaks protocol %d, need 5.", u->id, a->where, proto);
                goto fail;
        }
        unsigned long secs = c && c->timeout_idle_usec != USEC_INFINITY ? (c->timeout_idle_usec + USEC_PER_SEC - 1) / USEC_PER_SEC : 0;
        if (ioctl(a->ioctl_fd, AUTOFS_IOC_SETTIMEOUT, &secs) < 0)
                log_warning_errno(-errno, "%s: failed to set the idle timeout: %m", u->id);
        if (event_add_io(m->event, &a->pipe_source, p[0], EPOLLIN, pipe_cb, a) < 0)
                goto fail;
        event_source_set_io_fd_own(a->pipe_source, true);
        event_source_set_description(a->pipe_source, "automount-pipe");
        arm_expire(a);
        automount_set_state(a, unit_active_state(mu) == UNIT_ACTIVE ? AUTOMOUNT_RUNNING : AUTOMOUNT_WAITING);
        return 0;
fail:
        if (p[0] >= 0 && !a->pipe_source)
                (void) close(p[0]);
        if (p[1] >= 0)
                (void) close(p[1]);
        enter_dead(a, AUTOMOUNT_FAILURE_RESOURCES);
        return 0; /* the job fails through the state change */
}

static int automount_stop(Unit *u) {
        Automount *a = (Automount *) u;
        if (a->state == AUTOMOUNT_DEAD || a->state == AUTOMOUNT_FAILED)
                return -EALREADY;
        enter_dead(a, AUTOMOUNT_SUCCESS);
        return 0;
}

/* The mount unit changed or ended a job: answer the kernel's waiters. */
static void automount_trigger_notify(Unit *u, Unit *other) {
        Automount *a = (Automount *) u;
        if (a->state != AUTOMOUNT_WAITING && a->state != AUTOMOUNT_RUNNING)
                return;
        UnitActiveState s = unit_active_state(other);
        if (s == UNIT_ACTIVE || s == UNIT_RELOADING) {
                tokens_answer(a, &a->tokens, &a->n_tokens, 0);
                if (a->state == AUTOMOUNT_WAITING)
                        automount_set_state(a, AUTOMOUNT_RUNNING);
        } else if (UNIT_IS_INACTIVE_OR_FAILED(s) && !other->job) {
                /* the mount is gone, or never came: the waiting processes get an error, an
                 * expire is complete */
                if (a->n_tokens > 0)
                        log_warning("%s: %s did not come up, failing the request.", u->id, other->id);
                tokens_answer(a, &a->tokens, &a->n_tokens, -ENODEV);
                tokens_answer(a, &a->expire_tokens, &a->n_expire_tokens, 0);
                if (a->state == AUTOMOUNT_RUNNING)
                        automount_set_state(a, AUTOMOUNT_WAITING);
        }
}

static void automount_child_exited(Unit *u, pid_t pid, int code, int status) {
        Automount *a = (Automount *) u;
        (void) code, (void) status;
        if (pid == a->expire_pid)
                a->expire_pid = 0;
}

/* systemd.automount(5): the mount unit it triggers, the parents of Where=, and with
 * DefaultDependencies= local-fs-pre.target → us → local-fs.target (remote-fs.target for a
 * network mount) and the conflict with umount.target. */
static int add_dependencies(Automount *a) {
        Unit *u = &a->meta;
        int r;
        _cleanup_free_ char *name = NULL;
        Unit *other;
        if ((r = unit_name_change_suffix(u->id, ".mount", &name)) < 0 ||
            (r = manager_get_or_create_unit(u->manager, name, &other)) < 0)
                return r == -EINVAL ? -ENOEXEC : r;
        if ((r = unit_add_dependency(u, REL_BEFORE, other, true)) < 0 || (r = unit_add_dependency(u, REL_TRIGGERS, other, true)) < 0)
                return r;
        if (!streq(a->where, "/")) {
                _cleanup_free_ char *parent = path_dirname(a->where);
                if (!parent || (r = unit_add_mounts_for(u, parent)) < 0)
                        return parent ? r : -ENOMEM;
        }
        if (!u->config->unit->default_dependencies)
                return 0;
        if ((r = unit_add_dependency_by_name(u, REL_BEFORE, "local-fs.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_AFTER, "local-fs-pre.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_CONFLICTS, "umount.target", true)) < 0 ||
            (r = unit_add_dependency_by_name(u, REL_BEFORE, "umount.target", true)) < 0)
                return r;
        return 0;
}

static int automount_load(Unit *u) {
        Automount *a = (Automount *) u;
        AutomountConfig *c = u->config->automount;
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
        /* only the root is refused, as systemd does: API file systems are fine (Debian's
         * proc-sys-fs-binfmt_misc.automount is one) */
        if (streq(where, "/")) {
                log_error("%s: Cannot have an automount unit for the root directory. Refusing.", u->id);
                return -ENOEXEC;
        }
        free(a->where);
        a->where = TAKE_PTR(where);
        if (!u->config->unit->description && !(u->config->unit->description = strdup(a->where)))
                return -ENOMEM;
        return add_dependencies(a);
}

static void automount_done(Unit *u) {
        Automount *a = (Automount *) u;
        a->rearm_source = event_source_free(a->rearm_source);
        unmount_autofs(a);
        free(a->where);
}

static UnitActiveState automount_active_state(Unit *u) {
        return state_translation[((Automount *) u)->state];
}

static const char *automount_sub_state(Unit *u) {
        return state_names[((Automount *) u)->state];
}

static const char *automount_result(Unit *u) {
        return result_names[((Automount *) u)->result];
}

static void automount_reset_failed(Unit *u) {
        Automount *a = (Automount *) u;
        if (a->state == AUTOMOUNT_FAILED)
                automount_set_state(a, AUTOMOUNT_DEAD);
        a->result = AUTOMOUNT_SUCCESS;
}

static void automount_start_limit_hit(Unit *u) {
        enter_dead((Automount *) u, AUTOMOUNT_FAILURE_START_LIMIT_HIT);
}

static int automount_append_properties(Unit *u, char ***l) {
        Automount *a = (Automount *) u;
        const AutomountConfig *c = cfg(a);
        char ts[FORMAT_TIMESPAN_MAX], *s;
        if (asprintf(&s, "Where=%s", strempty(a->where)) < 0 || strv_push(l, s) < 0 ||
            asprintf(&s, "ExtraOptions=%s", c ? strempty(c->extra_options) : "") < 0 || strv_push(l, s) < 0 ||
            asprintf(&s, "DirectoryMode=%04o", c ? (unsigned) c->directory_mode : 0755U) < 0 || strv_push(l, s) < 0 ||
            asprintf(&s, "Result=%s", result_names[a->result]) < 0 || strv_push(l, s) < 0 ||
            asprintf(&s, "TimeoutIdleUSec=%s",
                     format_timespan(ts, sizeof ts, c && c->timeout_idle_usec != USEC_INFINITY ? c->timeout_idle_usec : 0, 1)) < 0 ||
            strv_push(l, s) < 0)
                return -ENOMEM;
        return 0;
}

static int automount_serialize(Unit *u, FILE *f) {
        Automount *a = (Automount *) u;
        fprintf(f, "state=%s\nresult=%s\n", state_names[a->state], result_names[a->result]);
        return 0;
}

static int automount_deserialize_item(Unit *u, const char *key, const char *value) {
        Automount *a = (Automount *) u;
        if (streq(key, "state")) {
                for (AutomountState s = 0; s < _AUTOMOUNT_STATE_MAX; s++)
                        if (streq(value, state_names[s]))
                                a->state = s;
        } else if (streq(key, "result"))
                for (AutomountResult r = 0; r < _AUTOMOUNT_RESULT_MAX; r++)
                        if (streq(value, result_names[r]))
                                a->result = r;
        return 0;
}

static int rearm_cb(EventSource *s, void *userdata) {
        Automount *a = userdata;
        (void) s;
        a->rearm_source = event_source_free(a->rearm_source);
        unmount_autofs(a);
        if (a->state == AUTOMOUNT_DEAD && a->meta.load_state == UNIT_LOADED) {
                /* it was up before the restart: a start that cannot happen is a failure */
                int r = automount_start(&a->meta);
                if (r < 0 && r != -EALREADY) {
                        a->state = AUTOMOUNT_RUNNING; /* what the last notification said */
                        enter_dead(a, AUTOMOUNT_FAILURE_RESOURCES);
                }
        }
        return 0;
}

static int automount_coldplug(Unit *u) {
        Automount *a = (Automount *) u;
        /* the pipe to the kernel died with the previous manager: the autofs left behind is
         * catatonic. Take it off and set up a fresh one. */
        if (a->state != AUTOMOUNT_WAITING && a->state != AUTOMOUNT_RUNNING)
                return 0;
        a->mounted = true; /* a stop takes it off */
        Unit *mu = mount_unit(a);
        if (mu && !UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(mu))) {
                /* the mount is in use: keep it; the automount is back after its next stop */
                log_warning("%s: lost the autofs pipe with the previous manager; restart the unit to re-arm it.", u->id);
                return 0;
        }
        /* re-armed from the loop, once recovery is complete (the mount table is read again) */
        a->state = AUTOMOUNT_DEAD;
        if (!a->rearm_source && event_add_defer(u->manager->event, &a->rearm_source, rearm_cb, a) < 0)
                return -ENOMEM;
        return 0;
}

const UnitVTable automount_vtable = {
        .object_size = sizeof(Automount),
        .load = automount_load,
        .done = automount_done,
        .start = automount_start,
        .stop = automount_stop,
        .active_state = automount_active_state,
        .sub_state = automount_sub_state,
        .child_exited = automount_child_exited,
        .append_properties = automount_append_properties,
        .reset_failed = automount_reset_failed,
        .serialize = automount_serialize,
        .deserialize_item = automount_deserialize_item,
        .coldplug = automount_coldplug,
        .result = automount_result,
        .start_limit_hit = automount_start_limit_hit,
        .trigger_notify = automount_trigger_notify,
};
