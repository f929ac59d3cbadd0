/* service-notify.c — what the outside world tells a service unit besides exit statuses:
 * sd_notify messages (readiness, reload and stop notices, status, main pid, watchdog pings,
 * timeout extensions, stored fds), PID files of forking daemons, and the main process that
 * is not our child (watched by pidfd). NotifyAccess= is enforced here, by sender pid. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "cgroup.h"
#include "fs-util.h"
#include "init-link.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "service-internal.h"
#include "string-util.h"

static bool is_our_child(pid_t pid) {
        siginfo_t si = {};
        return waitid(P_PID, (id_t) pid, &si, WEXITED | WNOHANG | WNOWAIT) >= 0;
}

static int main_pidfd_cb(EventSource *es, int fd, uint32_t revents, void *userdata) {
        Service *s = userdata;
        pid_t pid = s->main_pid;
        (void) es, (void) fd, (void) revents;
        s->main_pidfd_source = event_source_free(s->main_pidfd_source);
        if (pid <= 0 || is_our_child(pid))
                return 0; /* re-parented to us meanwhile: SIGCHLD tells the status */
        /* not our child: its exit status is not ours to know */
        manager_child_exited(s->meta.manager, pid, CLD_EXITED, 0);
        return 0;
}

int service_set_main_pid(Service *s, pid_t pid) {
        Manager *m = s->meta.manager;
        if (pid == s->main_pid)
                return 0;
        service_forget_main_pid(s);
        s->main_pid = pid;
        s->main_pid_alien = !is_our_child(pid);
        int r = manager_watch_pid(m, pid, &s->meta);
        if (r < 0)
                return r;
        if (s->main_pid_alien) {
                int fd = (int) syscall(SYS_pidfd_open, pid, 0);
                if (fd < 0)
                        return log_warning_errno(-errno, "%s: cannot watch main process %d: %m", s->meta.id, (int) pid);
                if ((r = event_add_io(m->event, &s->main_pidfd_source, fd, EPOLLIN, main_pidfd_cb, s)) < 0) {
                        close(fd);
                        return r;
                }
                event_source_set_io_fd_own(s->main_pidfd_source, true);
        }
        return 0;
}

void service_forget_main_pid(Service *s) {
        s->main_pidfd_source = event_source_free(s->main_pidfd_source);
        if (s->main_pid > 0 && manager_get_unit_by_pid(s->meta.manager, s->main_pid) == &s->meta)
                manager_unwatch_pid(s->meta.manager, s->main_pid);
        s->main_pid = 0;
        s->main_pid_alien = false;
}

bool service_owns_pid(Service *s, pid_t pid) {
        if (pid <= 0)
                return false;
        if (pid == s->main_pid || pid == s->control_pid)
                return true;
        if (manager_has_cgroups(s->meta.manager))
                return unit_cgroup_contains_pid(&s->meta, pid);
        /* process groups: a process of the session one of our processes started */
        pid_t sid = getsid(pid);
        return sid > 1 && (sid == s->main_exec_status.pid || sid == s->control_exec_status.pid || sid == s->main_pid);
}

static int read_pid_file_of(Service *s, pid_t *ret) {
        _cleanup_free_ char *path = path_prefix_root(s->meta.manager->options.root, service_cfg(s)->pid_file);
        if (!path)
                return -ENOMEM;
        /* a symlink is followed only if root placed it: else a daemon could point us anywhere */
        struct stat st;
        bool follow = lstat(path, &st) >= 0 && S_ISLNK(st.st_mode) && st.st_uid == 0;
        pid_t pid;
        int r = read_pid_file(path, follow, &pid);
        if (r < 0)
                return r;
        if (kill(pid, 0) < 0 && errno == ESRCH) {
                log_warning("%s: PID %d read from file %s does not exist or is a zombie.", s->meta.id, (int) pid, path);
                return -ESRCH;
        }
        if (!service_owns_pid(s, pid) && !is_our_child(pid)) {
                if (lstat(path, &st) < 0 || st.st_uid != 0) {
                        log_warning("%s: Refusing to accept PID %d outside of the service, read from a file not owned by root.",
                                    s->meta.id, (int) pid);
                        return -EPERM;
                }
                log_notice("%s: Supervising process %d which is not our child.", s->meta.id, (int) pid);
        }
        *ret = pid;
        return 0;
}

/* Without cgroups: the one process left in the session of the forking parent, or else the
 * one re-parented to us that no unit knows. */
static int guess_main_pid_by_session(Service *s, pid_t *ret) {
        _cleanup_(closedirp) DIR *d = opendir("/proc");
        if (!d)
                return -errno;
        pid_t in_session = 0, orphan = 0;
        unsigned n_session = 0, n_orphan = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                char *end;
                long p = strtol(de->d_name, &end, 10);
                if (*end || p <= 1 || p == getpid())
                        continue;
                /* the start process itself: its exit is being handled, but it stays a zombie
                 * until the checkpoint is written (reap.c) */
                if ((pid_t) p == s->main_exec_status.pid)
                        continue;
                if (getsid((pid_t) p) == s->main_exec_status.pid) {
                        in_session = (pid_t) p;
                        n_session++;
                        continue;
                }
                if (manager_get_unit_by_pid(s->meta.manager, (pid_t) p))
                        continue;
                char path[64];
                snprintf(path, sizeof path, "/proc/%ld/stat", p);
                _cleanup_fclose_ FILE *f = fopen(path, "re");
                int ppid = 0;
                if (f && fscanf(f, "%*d (%*[^)]) %*c %d", &ppid) == 1 && ppid == getpid() && is_our_child((pid_t) p)) {
                        orphan = (pid_t) p;
                        n_orphan++;
                }
        }
        if (n_session == 1)
                return *ret = in_session, 0;
        if (n_session == 0 && n_orphan == 1)
                return *ret = orphan, 0;
        return n_session + n_orphan == 0 ? -ENOENT : -ENOTUNIQ;
}

int service_find_forking_main_pid(Service *s) {
        ServiceConfig *c = service_cfg(s);
        pid_t pid = 0;
        int r;
        if (c->pid_file) {
                r = read_pid_file_of(s, &pid);
                if (r < 0) {
                        log_warning_errno(r, "%s: Can't open PID file %s (yet?) after start: %m", s->meta.id, c->pid_file);
                        return r;
                }
        } else if (c->guess_main_pid) {
                r = manager_has_cgroups(s->meta.manager) ? unit_cgroup_guess_main_pid(&s->meta, 0, &pid)
                                                         : guess_main_pid_by_session(s, &pid);
                if (r < 0) {
                        log_debug("%s: could not guess the main PID (%s).", s->meta.id, r == -ENOTUNIQ ? "several" : "none");
                        return r;
                }
        } else
                return -ENOENT;
        log_debug("%s: main PID is %d.", s->meta.id, (int) pid);
        return service_set_main_pid(s, pid);
}

usec_t service_watchdog_usec(Service *s) {
        usec_t u = s->watchdog_override_usec != USEC_INFINITY ? s->watchdog_override_usec : service_cfg(s)->watchdog_usec;
        return u == 0 ? USEC_INFINITY : u;
}

static int watchdog_cb(EventSource *es, usec_t now, void *userdata) {
        Service *s = userdata;
        char buf[64];
        (void) es, (void) now;
        log_error("%s: Watchdog timeout (limit %s)!", s->meta.id,
                  format_timespan(buf, sizeof buf, service_watchdog_usec(s), USEC_PER_SEC / 1000));
        service_stop_watchdog(s);
        service_enter_signal(s, SERVICE_STOP_WATCHDOG, SERVICE_FAILURE_WATCHDOG);
        return 0;
}

void service_reset_watchdog(Service *s) {
        usec_t usec = service_watchdog_usec(s);
        if (usec == USEC_INFINITY) {
                service_stop_watchdog(s);
                return;
        }
        usec_t now = now_usec(CLOCK_MONOTONIC);
        usec_t when = usec > USEC_INFINITY - now - 1 ? USEC_INFINITY - 1 : now + usec;
        if (s->watchdog_timer) {
                event_source_set_time(s->watchdog_timer, when);
                event_source_set_enabled(s->watchdog_timer, EVENT_ONESHOT);
        } else if (event_add_time(s->meta.manager->event, &s->watchdog_timer, CLOCK_MONOTONIC, when, watchdog_cb, s) >= 0)
                event_source_set_description(s->watchdog_timer, "service-watchdog");
}

void service_stop_watchdog(Service *s) {
        s->watchdog_timer = event_source_free(s->watchdog_timer);
}

static void stored_fd_free(Service *s, ServiceStoredFd *f) {
        if (f->store_name)
                init_link_remove_fd(s->meta.manager, f->store_name);
        safe_close(f->fd);
        free(f->name);
        free(f->store_name);
}

void service_release_fd_store(Service *s) {
        for (size_t i = 0; i < s->n_fd_store; i++)
                stored_fd_free(s, &s->fd_store[i]);
        s->fd_store = mfree(s->fd_store);
        s->n_fd_store = 0;
}

static bool same_file(int a, int b) {
        struct stat sa, sb;
        return fstat(a, &sa) >= 0 && fstat(b, &sb) >= 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino &&
               ((sa.st_mode ^ sb.st_mode) & S_IFMT) == 0;
}

static void fd_store_add(Service *s, int *fds, size_t n_fds, const char *name) {
        unsigned max = service_cfg(s)->n_fd_store_max;
        for (size_t i = 0; i < n_fds; i++) {
                if (fds[i] < 0)
                        continue;
                bool dup = false;
                for (size_t k = 0; k < s->n_fd_store && !dup; k++)
                        dup = same_file(s->fd_store[k].fd, fds[i]);
                if (dup)
                        continue; /* closed by the caller */
                if (s->n_fd_store >= max) {
                        log_warning("%s: Too many stored file descriptors (FileDescriptorStoreMax=%u), closing remaining.",
                                    s->meta.id, max);
                        return;
                }
                ServiceStoredFd *n = realloc(s->fd_store, (s->n_fd_store + 1) * sizeof *n);
                char *nm = strdup(name ?: "stored");
                if (!n || !nm) {
                        free(nm);
                        if (n)
                                s->fd_store = n;
                        log_oom();
                        return;
                }
                s->fd_store = n;
                ServiceStoredFd *f = &s->fd_store[s->n_fd_store++];
                *f = (ServiceStoredFd){ .fd = fds[i], .name = nm };
                fds[i] = -EBADF;
                /* a copy in init's store: the name unique across managers (time and sequence) */
                static unsigned long long seq;
                if (s->meta.manager->init_link.fd >= 0 &&
                    asprintf(&f->store_name, "fdstore-%llu-%llu-%s", (unsigned long long) now_usec(CLOCK_REALTIME), ++seq,
                             s->meta.id) < 0)
                        f->store_name = NULL;
                if (f->store_name && (strlen(f->store_name) >= INIT_MSG_NAME_MAX || init_link_store_fd(s->meta.manager, f->store_name, f->fd) < 0))
                        f->store_name = mfree(f->store_name);
                manager_checkpoint_schedule(s->meta.manager);
                log_debug("%s: added fd to fd store (%s).", s->meta.id, nm);
        }
}

static void fd_store_remove(Service *s, const char *name) {
        size_t w = 0;
        for (size_t i = 0; i < s->n_fd_store; i++) {
                if (streq(s->fd_store[i].name, name)) {
                        stored_fd_free(s, &s->fd_store[i]);
                        manager_checkpoint_schedule(s->meta.manager);
                        continue;
                }
                s->fd_store[w++] = s->fd_store[i];
        }
        s->n_fd_store = w;
}

static bool access_allowed(Service *s, pid_t pid) {
        switch (service_cfg(s)->notify_access) {
        case NOTIFY_NONE:
                log_warning("%s: Got notification message from PID %d, but reception is disabled.", s->meta.id, (int) pid);
                return false;
        case NOTIFY_MAIN:
                if (pid == s->main_pid)
                        return true;
                if (s->main_pid > 0)
                        log_warning("%s: Got notification message from PID %d, but reception only permitted for main PID %d",
                                    s->meta.id, (int) pid, (int) s->main_pid);
                else
                        log_warning("%s: Got notification message from PID %d, but reception only permitted for main PID which is currently not known",
                                    s->meta.id, (int) pid);
                return false;
        case NOTIFY_EXEC:
                if (pid == s->main_pid || pid == s->control_pid)
                        return true;
                log_warning("%s: Got notification message from PID %d, but reception only permitted for main PID and control PID",
                            s->meta.id, (int) pid);
                return false;
        default:
                return service_owns_pid(s, pid) || true; /* the sender was matched to this unit already */
        }
}

static bool state_accepts_main_pid(ServiceState st) {
        return st == SERVICE_START || st == SERVICE_START_POST || st == SERVICE_RUNNING || st == SERVICE_RELOAD;
}

void service_notify_message(Unit *u, pid_t pid, const NotifyMessage *msg, int *fds, size_t n_fds) {
        Service *s = (Service *) u;
        ServiceConfig *c = service_cfg(s);
        if (!access_allowed(s, pid))
                return;
        if (msg->main_pid > 0 && msg->main_pid != s->main_pid && state_accepts_main_pid(s->state)) {
                if (kill(msg->main_pid, 0) < 0 && errno == ESRCH)
                        log_warning("%s: New main PID %d does not exist or is a zombie.", u->id, (int) msg->main_pid);
                else {
                        log_debug("%s: new main PID %d (MAINPID=).", u->id, (int) msg->main_pid);
                        (void) service_set_main_pid(s, msg->main_pid);
                }
        }
        if (msg->status) {
                free(s->status_text);
                s->status_text = isempty(msg->status) ? NULL : strdup(msg->status);
        }
        if (msg->status_errno >= 0)
                s->status_errno = msg->status_errno;
        if (msg->watchdog_usec != USEC_INFINITY) {
                s->watchdog_override_usec = msg->watchdog_usec;
                if (s->watchdog_timer || state_accepts_main_pid(s->state))
                        service_reset_watchdog(s);
        }
        if (msg->watchdog_trigger && s->watchdog_timer) {
                log_debug("%s: watchdog triggered by the service.", u->id);
                service_stop_watchdog(s);
                service_enter_signal(s, SERVICE_STOP_WATCHDOG, SERVICE_FAILURE_WATCHDOG);
                return;
        }
        if (msg->watchdog_ping && s->watchdog_timer)
                service_reset_watchdog(s);
        if (msg->extend_timeout_usec != USEC_INFINITY)
                service_extend_timeout(s, msg->extend_timeout_usec);
        if (msg->fdstore_remove && msg->fdname)
                fd_store_remove(s, msg->fdname);
        if (msg->fdstore && n_fds > 0)
                fd_store_add(s, fds, n_fds, msg->fdname);

        /* state changes last: they may free what the rest looked at */
        if (msg->stopping && (s->state == SERVICE_RUNNING || s->state == SERVICE_RELOAD || s->state == SERVICE_START_POST)) {
                log_debug("%s: service is stopping (STOPPING=1).", u->id);
                service_set_state(s, SERVICE_STOP_SIGTERM);
                return;
        }
        if (msg->reloading && s->state == SERVICE_RUNNING) {
                s->reload_result = SERVICE_SUCCESS;
                service_set_state(s, SERVICE_RELOAD);
                return;
        }
        if (msg->ready) {
                s->notify_ready = true;
                if (s->state == SERVICE_START && c->type == SERVICE_NOTIFY) {
                        service_enter_start_post(s);
                        return;
                }
                if (s->state == SERVICE_RELOAD && s->control_pid <= 0) {
                        service_enter_running(s, SERVICE_SUCCESS);
                        return;
                }
        }
        manager_unit_changed(u->manager, u); /* status text, pid: tell subscribers */
}
