/* init-link.c — see init-link.h. The channel is non-blocking in both directions: a manager
 * that waited on init could never be declared hung by it, and init never waits on us. A lost
 * HEARTBEAT (queue full) is not retried: the next one follows within half an interval. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/stat.h>

#include "init-link.h"
#include "log.h"
#include "manager-reload.h"
#include "manager.h"
#include "parse-util.h"
#include "string-util.h"

#define SIGINT_BURST_USEC (2 * USEC_PER_SEC)
#define SIGINT_BURST_MAX 7      /* ctrl-alt-del pressed this often in a burst: reboot now */
#define RECV_BURST_MAX 64       /* messages per wake-up, so signals and timers are not starved */
#define EXCHANGE_TIMEOUT_USEC (5 * USEC_PER_SEC) /* init answers at once; this only bounds a bug */

static int send_simple(Manager *m, InitMsgType type, int32_t code, int32_t status, uint64_t arg) {
        if (m->init_link.fd < 0)
                return -ENOTCONN;
        InitMsg msg = { .type = type, .code = code, .status = status, .arg = arg };
        int r = init_msg_send(m->init_link.fd, &msg, -EBADF);
        if (r < 0)
                log_debug_errno(r, "Failed to send message %u to init: %m", (unsigned) type);
        return r;
}

/* A start of a unit by name, as the signal asked; systemd logs and carries on on failure. */
static void start_by_signal(Manager *m, const char *name, JobMode mode, int signo) {
        Unit *u;
        _cleanup_free_ char *error = NULL;
        log_info("Received signal %d (%s): starting %s.", signo, strsignal(signo), name);
        int r = manager_load_unit(m, name, &u);
        if (r >= 0)
                r = manager_add_job(m, JOB_START, u, mode, false, NULL, &error);
        if (r < 0)
                log_error_errno(r, "Failed to start %s: %s", name, error ?: strerror(-r));
}

static void final_now(Manager *m, ManagerObjective o, const char *what) {
        log_notice("Received request to %s immediately.", what);
        m->objective = o;
        manager_objective_changed(m);
}

void manager_dispatch_pid1_signal(Manager *m, int signo) {
        /* SIGRTMIN+n: systemd's table of requests to PID 1 (systemd(1), "Signals") */
        static const struct {
                const char *target;
                JobMode mode;
        } rt_targets[] = {
                { "default.target", JOB_ISOLATE },
                { "rescue.target", JOB_ISOLATE },
                { "emergency.target", JOB_ISOLATE },
                { "halt.target", JOB_REPLACE_IRREVERSIBLY },
                { "poweroff.target", JOB_REPLACE_IRREVERSIBLY },
                { "reboot.target", JOB_REPLACE_IRREVERSIBLY },
                { "kexec.target", JOB_REPLACE_IRREVERSIBLY },
        };
        if (signo >= SIGRTMIN && signo < SIGRTMIN + (int) ELEMENTSOF(rt_targets)) {
                int i = signo - SIGRTMIN;
                start_by_signal(m, rt_targets[i].target, rt_targets[i].mode, signo);
                return;
        }
        if (signo == SIGRTMIN + 13) {
                final_now(m, MANAGER_HALT, "halt");
                return;
        }
        if (signo == SIGRTMIN + 14) {
                final_now(m, MANAGER_POWEROFF, "power off");
                return;
        }
        if (signo == SIGRTMIN + 15) {
                final_now(m, MANAGER_REBOOT, "reboot");
                return;
        }
        if (signo == SIGRTMIN + 16) {
                final_now(m, MANAGER_KEXEC, "kexec");
                return;
        }
        if (signo == SIGRTMIN + 22 || signo == SIGRTMIN + 23) {
                log_set_max_level(signo == SIGRTMIN + 22 ? LOG_DEBUG : LOG_INFO);
                log_notice("Log level set to %s.", signo == SIGRTMIN + 22 ? "debug" : "info");
                return;
        }
        switch (signo) {
        case SIGINT: {
                /* ctrl-alt-del. A burst of them means the shutdown itself is stuck: reboot. */
                usec_t now = now_usec(CLOCK_MONOTONIC);
                InitLink *l = &m->init_link;
                if (l->sigint_window == 0 || now - l->sigint_window > SIGINT_BURST_USEC) {
                        l->sigint_window = now;
                        l->n_sigint = 0;
                }
                if (++l->n_sigint > SIGINT_BURST_MAX) {
                        final_now(m, MANAGER_REBOOT, "reboot after ctrl-alt-del was pressed repeatedly");
                        return;
                }
                start_by_signal(m, "ctrl-alt-del.target", JOB_REPLACE_IRREVERSIBLY, signo);
                return;
        }
        case SIGPWR:
                start_by_signal(m, "sigpwr.target", JOB_REPLACE, signo);
                return;
        case SIGTERM:
                /* systemd's meaning as PID 1: serialize and re-execute */
                log_notice("Received SIGTERM: re-executing.");
                manager_request_reexec(m);
                return;
        case SIGHUP: {
                /* systemd's meaning as PID 1: daemon-reload */
                log_notice("Received SIGHUP: reloading.");
                int r = manager_reload_units(m);
                if (r < 0)
                        log_error("Failed to reload: %s", strerror(-r));
                return;
        }
        default:
                log_debug("Received signal %d (%s) for PID 1, ignoring.", signo, strsignal(signo));
        }
}

static void handle_msg(Manager *m, const InitMsg *msg) {
        InitLink *l = &m->init_link;
        switch (msg->type) {
        case INIT_MSG_HELLO:
                l->hello_seen = true;
                l->start_number = msg->arg;
                l->previous_died = msg->code != 0;
                l->keepalive_usec = msg->usec;
                l->keepalive_misses = msg->status > 0 ? (unsigned) msg->status : INIT_KEEPALIVE_DEFAULT_MISSES;
                memcpy(l->previous_reason, msg->name, sizeof l->previous_reason);
                l->previous_reason[sizeof l->previous_reason - 1] = 0;
                if (l->previous_died || msg->arg > 1)
                        log_warning("Started by init as manager number %llu: the previous one %s.",
                                    (unsigned long long) msg->arg, l->previous_reason[0] ? l->previous_reason : "ended");
                else
                        log_debug("Init says hello: first manager of this boot.");
                break;
        case INIT_MSG_CHILD_EXIT:
        case INIT_MSG_SIGNAL:
                /* Init resends what a dead manager did not acknowledge; what our checkpoint
                 * already covers was handled by it. arg 0: an init without numbering. */
                if (msg->arg > 0 && msg->arg <= l->event_seq) {
                        log_debug("Event %llu from init (%s %d) is already in the checkpoint, skipping.",
                                  (unsigned long long) msg->arg,
                                  msg->type == INIT_MSG_SIGNAL ? "signal" : "exit of", msg->type == INIT_MSG_SIGNAL ? msg->status : msg->pid);
                        break;
                }
                if (msg->type == INIT_MSG_CHILD_EXIT)
                        manager_child_exited(m, msg->pid, msg->code, msg->status);
                else
                        manager_dispatch_pid1_signal(m, msg->status);
                if (msg->arg > 0) {
                        l->event_seq = msg->arg;
                        /* the ACK follows the write; an event that changed nothing needs one too */
                        manager_checkpoint_schedule(m);
                        if (m->selfheal.checkpoint_disabled)
                                init_link_checkpointed(m);
                }
                break;
        case INIT_MSG_FD_ENTRY:
        case INIT_MSG_FD_END:
                /* asked for once, at start-up, and read there */
                log_debug("Unexpected fd store message %u from init, ignoring.", msg->type);
                break;
        default:
                log_warning("Unknown message type %u from init, ignoring.", msg->type);
        }
}

static int io_cb(EventSource *s, int fd, uint32_t revents, void *userdata) {
        Manager *m = userdata;
        (void) revents;
        for (unsigned i = 0; i < RECV_BURST_MAX; i++) {
                InitMsg msg;
                int mfd = -EBADF;
                int r = init_msg_recv(fd, &msg, &mfd);
                if (r == -EAGAIN)
                        return 0;
                if (r == -EBADMSG) {
                        log_warning("Malformed message from init, ignoring.");
                        continue;
                }
                if (r < 0) {
                        /* init cannot die as PID 1; in tests it can, and we carry on alone */
                        log_error_errno(r, "Channel to init failed: %m");
                        m->init_link.io = event_source_free(s);
                        m->init_link.heartbeat = event_source_free(m->init_link.heartbeat);
                        m->init_link.fd = safe_close(m->init_link.fd);
                        return 0;
                }
                safe_close(mfd);
                handle_msg(m, &msg);
        }
        return 0;
}

static int heartbeat_cb(EventSource *s, usec_t now, void *userdata) {
        Manager *m = userdata;
        (void) send_simple(m, INIT_MSG_HEARTBEAT, 0, 0, 0);
        m->init_link.last_beat = now;
        if (event_source_set_time(s, now + m->init_link.heartbeat_usec) >= 0)
                (void) event_source_set_enabled(s, EVENT_ONESHOT);
        return 0;
}

static int pid1_signal_cb(EventSource *s, const struct signalfd_siginfo *si, void *userdata) {
        (void) s;
        manager_dispatch_pid1_signal(userdata, (int) si->ssi_signo);
        return 0;
}

static int reexec_signal_cb(EventSource *s, const struct signalfd_siginfo *si, void *userdata) {
        (void) s;
        log_notice("Received SIGTERM from PID %u: re-executing.", si->ssi_pid);
        manager_request_reexec(userdata);
        return 0;
}

/* PID 1 without init: the kernel's requests come to us. */
static int listen_pid1_signals(Manager *m) {
        int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPWR };
        for (size_t i = 0; i < ELEMENTSOF(sigs); i++) {
                int r = event_add_signal(m->event, NULL, sigs[i], pid1_signal_cb, m);
                if (r < 0)
                        return r;
        }
        for (int n = 0; n <= 23; n++) {
                if ((n > 6 && n < 13) || (n > 16 && n < 22))
                        continue;
                int r = event_add_signal(m->event, NULL, SIGRTMIN + n, pid1_signal_cb, m);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The start-up exchange: FD_REQUEST, then read until FD_END. Init sent HELLO and everything it
 * buffered (exits of services while no manager ran) before it even saw our request, so FD_END
 * also means "you have everything init owed you": the recovery can check its processes against
 * a complete list. Exits and signals are kept for after the state they refer to is loaded. */
static int startup_exchange(Manager *m) {
        InitLink *l = &m->init_link;
        InitMsg req = { .type = INIT_MSG_FD_REQUEST };
        int r;
        for (int i = 0; i < 100 && (r = init_msg_send(l->fd, &req, -EBADF)) == -EAGAIN; i++)
                (void) usleep(1000);
        if (r < 0)
                return r;
        usec_t deadline = now_usec(CLOCK_MONOTONIC) + EXCHANGE_TIMEOUT_USEC;
        for (;;) {
                usec_t now = now_usec(CLOCK_MONOTONIC);
                if (now >= deadline)
                        return -ETIMEDOUT;
                struct pollfd p = { .fd = l->fd, .events = POLLIN };
                if (poll(&p, 1, (int) ((deadline - now) / USEC_PER_MSEC) + 1) <= 0)
                        continue;
                InitMsg msg;
                _cleanup_close_ int fd = -EBADF;
                r = init_msg_recv(l->fd, &msg, &fd);
                if (r == -EAGAIN || r == -EBADMSG)
                        continue;
                if (r < 0)
                        return r;
                if (msg.type == INIT_MSG_FD_END)
                        return 0;
                if (msg.type == INIT_MSG_FD_ENTRY) {
                        if (fd < 0)
                                continue;
                        InitStoredFd *n = realloc(l->stored, (l->n_stored + 1) * sizeof *n);
                        if (!n)
                                return -ENOMEM;
                        l->stored = n;
                        msg.name[sizeof msg.name - 1] = 0;
                        if (!(n[l->n_stored].name = strdup(msg.name)))
                                return -ENOMEM;
                        n[l->n_stored++].fd = TAKE_FD(fd);
                } else if (msg.type == INIT_MSG_CHILD_EXIT || msg.type == INIT_MSG_SIGNAL) {
                        InitMsg *n = realloc(l->pending, (l->n_pending + 1) * sizeof *n);
                        if (!n)
                                return -ENOMEM;
                        l->pending = n;
                        n[l->n_pending++] = msg;
                } else
                        handle_msg(m, &msg);
        }
}

int init_link_take_fd(Manager *m, const char *name) {
        InitLink *l = &m->init_link;
        for (size_t i = 0; i < l->n_stored; i++)
                if (l->stored[i].name && streq(l->stored[i].name, name) && l->stored[i].fd >= 0) {
                        int fd = l->stored[i].fd;
                        l->stored[i].fd = -EBADF;
                        return fd;
                }
        return -ENOENT;
}

int init_link_store_fd(Manager *m, const char *name, int fd) {
        if (m->init_link.fd < 0)
                return -ENOTCONN;
        InitMsg msg = { .type = INIT_MSG_FD_STORE };
        if (strlen(name) >= sizeof msg.name)
                return -ENAMETOOLONG;
        strcpy(msg.name, name);
        int r = init_msg_send(m->init_link.fd, &msg, fd);
        if (r < 0)
                log_warning_errno(r, "Failed to hand fd \"%s\" to init, it will not survive a crash: %m", name);
        return r;
}

void init_link_remove_fd(Manager *m, const char *name) {
        if (m->init_link.fd < 0)
                return;
        InitMsg msg = { .type = INIT_MSG_FD_REMOVE };
        if (strlen(name) >= sizeof msg.name)
                return;
        strcpy(msg.name, name);
        (void) init_msg_send(m->init_link.fd, &msg, -EBADF);
}

void init_link_finish_startup(Manager *m) {
        InitLink *l = &m->init_link;
        for (size_t i = 0; i < l->n_stored; i++) {
                if (l->stored[i].fd >= 0) {
                        log_debug("Fd \"%s\" from init's store is of no use any more, dropping it.", l->stored[i].name);
                        init_link_remove_fd(m, l->stored[i].name);
                        safe_close(l->stored[i].fd);
                }
                free(l->stored[i].name);
        }
        l->stored = mfree(l->stored);
        l->n_stored = 0;
        InitMsg *pending = TAKE_PTR(l->pending);
        size_t n = l->n_pending;
        l->n_pending = 0;
        for (size_t i = 0; i < n; i++)
                handle_msg(m, &pending[i]);
        free(pending);
}

void init_link_beat_if_due(Manager *m) {
        InitLink *l = &m->init_link;
        if (l->fd < 0 || l->keepalive_usec == 0)
                return;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        if (now - l->last_beat < l->heartbeat_usec)
                return;
        (void) send_simple(m, INIT_MSG_HEARTBEAT, 0, 0, 0);
        l->last_beat = now;
}

void init_link_setup_heartbeat(Manager *m) {
        InitLink *l = &m->init_link;
        if (l->fd < 0)
                return;
        l->heartbeat = event_source_free(l->heartbeat);
        if (l->keepalive_usec == 0) {
                log_debug("Keep-alive is off.");
                return;
        }
        /* Once per interval when init tolerates two late ones (the default, 3 misses), twice
         * otherwise: an idle manager wakes no more often than the keep-alive needs, and with a
         * tight setting (tests: 1 s × 2) one beat delayed by a loaded machine is not yet a
         * hang. */
        l->heartbeat_usec = l->keepalive_misses >= 3 ? l->keepalive_usec : l->keepalive_usec / 2;
        if (l->heartbeat_usec < 10 * USEC_PER_MSEC)
                l->heartbeat_usec = 10 * USEC_PER_MSEC;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        if (event_add_time(m->event, &l->heartbeat, CLOCK_MONOTONIC, now + l->heartbeat_usec, heartbeat_cb, m) < 0) {
                log_warning("Failed to set up the heartbeat: init will declare us hung.");
                return;
        }
        event_source_set_description(l->heartbeat, "init-heartbeat");
}

int init_link_open(Manager *m) {
        InitLink *l = &m->init_link;
        *l = (InitLink){ .fd = -EBADF, .heartbeat_usec = INIT_KEEPALIVE_DEFAULT_USEC / 2,
                         .keepalive_usec = INIT_KEEPALIVE_DEFAULT_USEC, .keepalive_misses = INIT_KEEPALIVE_DEFAULT_MISSES };
        const char *e = getenv("SYSMASTER_INIT_FD");
        if (!e) {
                if (getpid() == 1 && !m->options.test)
                        return listen_pid1_signals(m);
                return 0;
        }
        int fd, r;
        struct stat st;
        if (safe_atoi(e, &fd) < 0 || fd < 3 || fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
                log_error("SYSMASTER_INIT_FD=%s is not a socket, running without init.", e);
                (void) unsetenv("SYSMASTER_INIT_FD");
                return 0;
        }
        (void) unsetenv("SYSMASTER_INIT_FD");
        /* init hands it over without CLOEXEC (it must survive our exec): no service may get it */
        if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
                return log_error_errno(errno, "Failed to set up the channel to init: %m");
        l->fd = fd;
        if ((r = event_add_io(m->event, &l->io, fd, EPOLLIN, io_cb, m)) < 0)
                return log_error_errno(r, "Failed to watch the channel to init: %m");
        event_source_set_description(l->io, "init-channel");
        /* SIGTERM to the manager itself, as to systemd: serialize and re-execute. (Only under
         * init: a manager run by hand or by a test stops on SIGTERM as any program does.) */
        if ((r = event_add_signal(m->event, NULL, SIGTERM, reexec_signal_cb, m)) < 0)
                return log_error_errno(r, "Failed to watch SIGTERM: %m");
        (void) send_simple(m, INIT_MSG_HEARTBEAT, 0, 0, 0);
        if ((r = startup_exchange(m)) < 0)
                log_error_errno(r, "Failed to get the stored fds back from init, starting without them: %m");
        init_link_setup_heartbeat(m);
        log_debug("Connected to init on fd %d.", fd);
        return 0;
}

void init_link_done(Manager *m) {
        InitLink *l = &m->init_link;
        for (size_t i = 0; i < l->n_stored; i++) {
                safe_close(l->stored[i].fd);
                free(l->stored[i].name);
        }
        l->stored = mfree(l->stored);
        l->n_stored = 0;
        l->pending = mfree(l->pending);
        l->n_pending = 0;
        l->io = event_source_free(l->io);
        l->heartbeat = event_source_free(l->heartbeat);
        l->fd = safe_close(l->fd);
}

void init_link_checkpointed(Manager *m) {
        InitLink *l = &m->init_link;
        if (l->fd < 0 || l->event_seq <= l->acked_seq)
                return;
        /* A full queue (init busy): the next write retries; until then init keeps more. */
        if (send_simple(m, INIT_MSG_ACK, 0, 0, l->event_seq) >= 0)
                l->acked_seq = l->event_seq;
}

void init_link_send_ready(Manager *m) {
        if (m->init_link.ready_sent || m->init_link.fd < 0)
                return;
        if (send_simple(m, INIT_MSG_READY, 0, 0, 0) >= 0)
                m->init_link.ready_sent = true;
}

int init_link_send_shutdown(Manager *m) {
        static const InitShutdownAction actions[_MANAGER_OBJECTIVE_MAX] = {
                [MANAGER_EXIT] = INIT_SHUTDOWN_EXIT,
                [MANAGER_REBOOT] = INIT_SHUTDOWN_REBOOT,
                [MANAGER_POWEROFF] = INIT_SHUTDOWN_POWEROFF,
                [MANAGER_HALT] = INIT_SHUTDOWN_HALT,
                [MANAGER_KEXEC] = INIT_SHUTDOWN_KEXEC,
        };
        if (m->objective >= _MANAGER_OBJECTIVE_MAX || actions[m->objective] == 0)
                return -EINVAL;
        if (m->init_link.fd < 0)
                return -ENOTCONN;
        InitShutdownAction a = actions[m->objective];
        log_info("Handing over to init: %s, exit code %d.", init_shutdown_action_to_string(a), m->exit_code);
        /* The queue may be full of heartbeats if init was busy: a few tries, never blocking long. */
        int r;
        for (int i = 0; i < 100; i++) {
                r = send_simple(m, INIT_MSG_SHUTDOWN, (int32_t) a, m->exit_code, 0);
                if (r != -EAGAIN)
                        break;
                (void) usleep(10 * 1000);
        }
        return r;
}
