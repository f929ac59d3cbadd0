/* init-link.c — see init-link.h. The channel is non-blocking in both directions: a manager
 * that waited on init could never be declared hung by it, and init never waits on us. A lost
 * HEARTBEAT (queue full) is not retried: the next one follows within half an interval. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/stat.h>

#include "init-link.h"
#include "log.h"
#include "manager.h"
#include "parse-util.h"
#include "string-util.h"

#define SIGINT_BURST_USEC (2 * USEC_PER_SEC)
#define SIGINT_BURST_MAX 7      /* ctrl-alt-del pressed this often in a burst: reboot now */
#define RECV_BURST_MAX 64       /* messages per wake-up, so signals and timers are not starved */

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
                log_notice("Received SIGTERM: daemon-reexec is not implemented yet, ignoring.");
                return;
        case SIGHUP:
                log_notice("Received SIGHUP: daemon-reload is not implemented yet, ignoring.");
                return;
        default:
                log_debug("Received signal %d (%s) for PID 1, ignoring.", signo, strsignal(signo));
        }
}

static void handle_msg(Manager *m, const InitMsg *msg) {
        InitLink *l = &m->init_link;
        switch (msg->type) {
        case INIT_MSG_HELLO:
                l->start_number = msg->arg;
                l->previous_died = msg->code != 0;
                if (l->previous_died || msg->arg > 1)
                        /* the recovery itself (checkpoint, fds, reconciliation) is the
                         * self-healing work; until then a restarted manager boots afresh */
                        log_warning("Started by init as manager number %llu%s.", (unsigned long long) msg->arg,
                                    l->previous_died ? ": the previous manager died" : "");
                else
                        log_debug("Init says hello: first manager of this boot.");
                break;
        case INIT_MSG_CHILD_EXIT:
                manager_child_exited(m, msg->pid, msg->code, msg->status);
                break;
        case INIT_MSG_SIGNAL:
                manager_dispatch_pid1_signal(m, msg->status);
                break;
        case INIT_MSG_FD_ENTRY:
        case INIT_MSG_FD_END:
                /* not asked for yet: the fd store is used by the self-healing work */
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
        if (event_source_set_time(s, now + m->init_link.heartbeat_usec) >= 0)
                (void) event_source_set_enabled(s, EVENT_ONESHOT);
        return 0;
}

static int pid1_signal_cb(EventSource *s, const struct signalfd_siginfo *si, void *userdata) {
        (void) s;
        manager_dispatch_pid1_signal(userdata, (int) si->ssi_signo);
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

int init_link_open(Manager *m) {
        InitLink *l = &m->init_link;
        *l = (InitLink){ .fd = -EBADF, .heartbeat_usec = INIT_KEEPALIVE_DEFAULT_USEC / 2 };
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
        usec_t now = now_usec(CLOCK_MONOTONIC);
        if ((r = event_add_time(m->event, &l->heartbeat, CLOCK_MONOTONIC, now + l->heartbeat_usec, heartbeat_cb, m)) < 0)
                return log_error_errno(r, "Failed to set up the heartbeat: %m");
        event_source_set_description(l->heartbeat, "init-heartbeat");
        (void) send_simple(m, INIT_MSG_HEARTBEAT, 0, 0, 0);
        log_debug("Connected to init on fd %d.", fd);
        return 0;
}

void init_link_done(Manager *m) {
        InitLink *l = &m->init_link;
        l->io = event_source_free(l->io);
        l->heartbeat = event_source_free(l->heartbeat);
        l->fd = safe_close(l->fd);
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
