/* init-manager.c — starting the manager, keeping it alive, and init's side of the channel.
 *
 * Every start gets a fresh socketpair. Events (CHILD_EXIT, SIGNAL) stay in init's ring after
 * they were sent until the manager acknowledges them (ACK, sent after the checkpoint that
 * records their effects): when the manager dies, every event it had not acknowledged — unread,
 * or read and not yet checkpointed — goes to the next manager, which skips those its checkpoint
 * already covers (the sequence number is in the checkpoint).
 * Deaths are seen through SIGCHLD and answered by an immediate restart; a manager that stops
 * sending heartbeats is aborted (core dump), then killed. Starts that die before READY count
 * towards the crash loop, which ends in an emergency shell rather than a restart storm. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "init.h"

#define KEEPALIVE_MAX_USEC (24 * 3600 * USEC_PER_SEC)

extern char **environ;

static void channel_close(Init *m) {
        if (m->channel_fd >= 0) {
                (void) epoll_ctl(m->epoll_fd, EPOLL_CTL_DEL, m->channel_fd, NULL);
                m->channel_fd = safe_close(m->channel_fd);
        }
        m->peer_fd = safe_close(m->peer_fd);
        m->channel_pollout = false;
        m->fd_requests = 0;
        m->fd_reply_pos = 0;
}

/* EPOLLOUT only while something waits for room, so that an idle init never wakes up. */
static void set_pollout(Init *m, bool on) {
        if (m->channel_fd < 0 || m->channel_pollout == on)
                return;
        struct epoll_event ev = { .events = EPOLLIN | (on ? EPOLLOUT : 0), .data.fd = m->channel_fd };
        if (epoll_ctl(m->epoll_fd, EPOLL_CTL_MOD, m->channel_fd, &ev) >= 0)
                m->channel_pollout = on;
}

void manager_queue_event(Init *m, const InitEvent *e) {
        if (init_ring_push(&m->ring, e) >= 0)
                return;
        bool sig = e->type == INIT_MSG_SIGNAL;
        uint64_t lost = sig ? m->ring.lost_signals : m->ring.lost_children;
        /* Loud, but a flood must not turn into a console flood: the first ones and then
         * every power of two. */
        if (lost <= 16 || (lost & (lost - 1)) == 0)
                init_log("event buffer full: LOST %s pid=%d status=%d (%llu %s lost so far)",
                         sig ? "signal" : "child exit", e->pid, e->status, (unsigned long long) lost,
                         sig ? "signals" : "child exits");
}

void manager_flush(Init *m) {
        if (m->channel_fd < 0)
                return;
        bool blocked = false;
        int r;

        /* Pending FD_REQUEST answers first: the manager is waiting for them to recover. */
        while (m->fd_requests > 0) {
                InitMsg msg = {};
                int fd = -EBADF;
                if (m->fd_reply_pos < m->fdstore.n) {
                        const InitFdEntry *e = &m->fdstore.entries[m->fd_reply_pos];
                        msg.type = INIT_MSG_FD_ENTRY;
                        strcpy(msg.name, e->name);
                        fd = e->fd;
                } else {
                        msg.type = INIT_MSG_FD_END;
                        msg.status = (int32_t) m->fd_reply_pos;
                }
                r = init_msg_send(m->channel_fd, &msg, fd);
                if (r == -EAGAIN) {
                        blocked = true;
                        break;
                }
                if (r < 0) {
                        init_log("cannot send stored fds: %s", strerror(-r));
                        m->fd_requests = 0;
                        break;
                }
                if (msg.type == INIT_MSG_FD_END) {
                        m->fd_requests--;
                        m->fd_reply_pos = 0;
                } else
                        m->fd_reply_pos++;
        }

        const InitEvent *e;
        while (!blocked && (e = init_ring_next_unsent(&m->ring))) {
                InitMsg msg;
                init_event_to_msg(e, &msg);
                r = init_msg_send(m->channel_fd, &msg, -EBADF);
                if (r == -EAGAIN) {
                        blocked = true;
                        break;
                }
                if (r < 0) {
                        init_log("cannot send to the manager: %s", strerror(-r));
                        break;
                }
                init_ring_mark_sent(&m->ring);
        }
        set_pollout(m, blocked);
}

static void handle_msg(Init *m, const InitMsg *msg, int fd) {
        int r;

        switch (msg->type) {
        case INIT_MSG_HEARTBEAT:
                /* The deadline moves with every beat: while the manager beats, init's timer
                 * never fires and an idle init wakes only to read the beat. */
                m->heartbeat_usec = now_usec();
                if (!m->hung)
                        init_arm_timer(m);
                break;
        case INIT_MSG_READY:
                if (!m->ready)
                        init_log("manager is ready (pid %d, start %u)", (int) m->manager_pid, m->start_count);
                m->ready = true;
                m->n_failures = 0;
                m->last_chance = false;
                break;
        case INIT_MSG_FD_STORE:
                if (fd < 0) {
                        init_log("FD_STORE \"%s\" without an fd, ignoring", msg->name);
                        break;
                }
                r = init_fdstore_put(&m->fdstore, msg->name, TAKE_FD(fd));
                if (r == -ENOSPC)
                        init_log("fd store full (%d fds): closed \"%s\"", INIT_FD_STORE_MAX, msg->name);
                else if (r < 0)
                        init_log("FD_STORE with an invalid name, closed the fd");
                break;
        case INIT_MSG_FD_REMOVE:
                if (init_fdstore_remove(&m->fdstore, msg->name) < 0)
                        init_log("FD_REMOVE \"%s\": no such fd, ignoring", msg->name);
                break;
        case INIT_MSG_FD_REQUEST:
                /* Bounded: a manager asking in a loop gets one answer per request, not a
                 * counter that wraps. */
                if (m->fd_requests < 16)
                        m->fd_requests++;
                break;
        case INIT_MSG_SET_KEEPALIVE:
                m->keepalive_usec = MIN(msg->arg, KEEPALIVE_MAX_USEC);
                if (msg->status > 0)
                        m->keepalive_misses = (unsigned) MIN(msg->status, 1000);
                m->heartbeat_usec = now_usec();
                init_arm_timer(m);
                break;
        case INIT_MSG_ACK:
                (void) init_ring_ack(&m->ring, msg->arg);
                break;
        case INIT_MSG_SHUTDOWN:
                if (!init_shutdown_action_to_string(msg->code)) {
                        init_log("SHUTDOWN with unknown action %d, ignoring", msg->code);
                        break;
                }
                safe_close(fd);
                init_exec_shutdown(m, msg->code, msg->status);
                return;
        default:
                init_log("unexpected message type %u from the manager, ignoring", msg->type);
        }
        safe_close(fd);
}

/* Up to max messages; epoll is level-triggered, so the rest waits for the next round and a
 * chatty manager cannot starve signal handling. */
static void drain(Init *m, unsigned max) {
        for (unsigned i = 0; i < max && m->channel_fd >= 0; i++) {
                InitMsg msg;
                int fd = -EBADF;
                int r = init_msg_recv(m->channel_fd, &msg, &fd);
                if (r == -EAGAIN)
                        break;
                if (r == -EBADMSG) {
                        init_log("malformed message from the manager, ignoring");
                        continue;
                }
                if (r < 0) {
                        /* Cannot happen while init holds the peer end; stop listening rather
                         * than spin. Keep-alive notices the manager. */
                        init_log("channel: %s", strerror(-r));
                        (void) epoll_ctl(m->epoll_fd, EPOLL_CTL_DEL, m->channel_fd, NULL);
                        break;
                }
                handle_msg(m, &msg, fd);
        }
}

void manager_process_channel(Init *m) {
        drain(m, 256);
        manager_flush(m);
}

static _noreturn_ void exec_manager(Init *m, int fd) {
        init_child_reset(m);
        if (fd == SYSMASTER_INIT_FD)
                (void) fcntl(fd, F_SETFD, 0);
        else if (dup2(fd, SYSMASTER_INIT_FD) < 0)
                _exit(127);
        execve(m->config.manager, m->manager_argv, m->manager_env);
        init_log("cannot execute %s: %s", m->config.manager, strerror(errno));
        _exit(127);
}

static void retry_later(Init *m, uint64_t delay) {
        m->retry_usec = now_usec() + delay;
        init_arm_timer(m);
}

int manager_start(Init *m) {
        int sv[2];
        m->retry_usec = 0;
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
                int r = -errno;
                init_log("cannot create the manager channel: %s; retrying in 1 s", strerror(errno));
                retry_later(m, USEC_PER_SEC);
                return r;
        }
        m->manager_argv[m->manager_argc] = m->start_count > 0 ? (char *) "--recover" : NULL;

        pid_t pid = fork();
        if (pid < 0) {
                int r = -errno;
                init_log("cannot fork the manager: %s; retrying in 1 s", strerror(errno));
                safe_close(sv[0]);
                safe_close(sv[1]);
                retry_later(m, USEC_PER_SEC);
                return r;
        }
        if (pid == 0)
                exec_manager(m, sv[1]);

        uint64_t now = now_usec();
        m->manager_pid = pid;
        m->channel_fd = sv[0];
        m->peer_fd = sv[1];
        m->start_count++;
        m->ready = false;
        m->hung = false;
        m->kill_usec = 0;
        m->start_usec = m->heartbeat_usec = now;
        /* Each start begins with the administrator's settings, not with whatever the
         * previous manager asked for before it failed. */
        m->keepalive_usec = (uint64_t) m->config.keepalive_sec * USEC_PER_SEC;
        m->keepalive_misses = m->config.keepalive_misses;

        struct epoll_event ev = { .events = EPOLLIN, .data.fd = m->channel_fd };
        if (epoll_ctl(m->epoll_fd, EPOLL_CTL_ADD, m->channel_fd, &ev) < 0)
                init_log("cannot watch the manager channel: %s", strerror(errno));

        /* The next manager shows its recoveries (how many, why) and beats at our interval. */
        InitMsg hello = { .type = INIT_MSG_HELLO, .arg = m->start_count, .code = m->last_died,
                          .status = (int32_t) m->keepalive_misses, .usec = m->keepalive_usec };
        memcpy(hello.name, m->last_reason, sizeof hello.name);
        int r = init_msg_send(m->channel_fd, &hello, -EBADF);
        if (r < 0)
                init_log("cannot send HELLO: %s", strerror(-r));
        init_log("started %s (pid %d, start %u%s)", m->config.manager, (int) pid, m->start_count,
                 m->start_count > 1 ? ", --recover" : "");
        manager_flush(m);
        init_arm_timer(m);
        return 0;
}

/* What the dead manager had not acknowledged — unread, or read and lost with it — goes to the
 * next one, oldest first, before anything queued since. */
static void resend_unacked(Init *m) {
        size_t n = init_ring_unsend_all(&m->ring);
        if (n > 0)
                init_log("%zu events the manager did not acknowledge go to the next one", n);
}

static void spawn_shell(Init *m) {
        const char *shell = m->config.crash_shell;
        pid_t pid = fork();
        if (pid < 0) {
                init_log("cannot fork the emergency shell: %s; retrying the manager in 5 s", strerror(errno));
                m->last_chance = true;
                retry_later(m, 5 * USEC_PER_SEC);
                return;
        }
        if (pid == 0) {
                init_child_reset(m);
                /* Our stdio is the console when we are the real PID 1: make it the shell's
                 * controlling terminal so that ^C and job control work. */
                (void) ioctl(STDIN_FILENO, TIOCSCTTY, 0);
                char *argv[] = { (char *) shell, NULL };
                execve(shell, argv, environ);
                init_log("cannot execute %s: %s", shell, strerror(errno));
                _exit(127);
        }
        m->shell_pid = pid;
        m->shell_start_usec = now_usec();
}

static void crash_loop(Init *m) {
        if (m->last_chance)
                init_log("*** %s failed again after the emergency shell: not restarting it. ***",
                         m->config.manager);
        else
                init_log("*** %s failed %u times within %u s without becoming ready: not restarting it. ***",
                         m->config.manager, m->config.crash_max, m->config.crash_window_sec);
        m->n_failures = 0;
        if (m->config.crash_reboot) {
                init_log("*** Rebooting (sysmaster.crash_reboot). ***");
                init_exec_shutdown(m, INIT_SHUTDOWN_REBOOT, 0);
        }
        init_log("*** Starting the emergency shell %s; the manager is tried once more when it exits. ***",
                 m->config.crash_shell);
        spawn_shell(m);
}

/* Returns true when this failed start completes a crash loop. */
static bool record_failure(Init *m, uint64_t now) {
        uint64_t window = (uint64_t) m->config.crash_window_sec * USEC_PER_SEC;
        unsigned keep = 0;
        for (unsigned i = 0; i < m->n_failures; i++)
                if (m->failures[i] + window > now)
                        m->failures[keep++] = m->failures[i];
        m->n_failures = keep;
        if (m->n_failures >= INIT_CRASH_MAX_LIMIT) {
                memmove(m->failures, m->failures + 1, sizeof m->failures[0] * (INIT_CRASH_MAX_LIMIT - 1));
                m->n_failures--;
        }
        m->failures[m->n_failures++] = m->start_usec;
        return m->n_failures >= m->config.crash_max;
}

void manager_reaped(Init *m, const siginfo_t *si) {
        uint64_t now = now_usec();
        pid_t pid = m->manager_pid;

        /* What it said before it went still counts: an FD_STORE, or the SHUTDOWN it sent
         * right before exiting. */
        drain(m, UINT32_MAX);
        resend_unacked(m);
        channel_close(m);
        m->manager_pid = 0;
        m->kill_usec = 0;
        m->last_died = !(si->si_code == CLD_EXITED && si->si_status == 0);
        char hung[64] = "";
        if (m->hung)
                (void) snprintf(hung, sizeof hung, "hung (no heartbeat for %llu ms), then ",
                                (unsigned long long) (m->hung_silence_usec / USEC_PER_MSEC));
        (void) snprintf(m->last_reason, sizeof m->last_reason, "%s%s %d", hung,
                        si->si_code == CLD_EXITED ? "exited with status" :
                        si->si_code == CLD_DUMPED ? "dumped core on signal" : "killed by signal", si->si_status);
        m->hung = false;

        init_log("manager (pid %d) %s %d after %llu ms", (int) pid,
                 si->si_code == CLD_EXITED ? "exited with status" :
                 si->si_code == CLD_DUMPED ? "dumped core on signal" : "was killed by signal",
                 si->si_status, (unsigned long long) ((now - m->start_usec) / USEC_PER_MSEC));

        if (!m->ready && (m->last_chance || record_failure(m, now))) {
                crash_loop(m);
                return;
        }
        (void) manager_start(m);
}

void manager_shell_reaped(Init *m, const siginfo_t *si) {
        uint64_t now = now_usec();
        m->shell_pid = 0;
        m->last_chance = true;
        init_log("emergency shell exited (%s %d); trying the manager once more",
                 si->si_code == CLD_EXITED ? "status" : "signal", si->si_status);
        /* A shell that cannot even start must not turn into a fork loop with the manager. */
        if (now < m->shell_start_usec + INIT_SHELL_MIN_USEC) {
                m->retry_usec = m->shell_start_usec + INIT_SHELL_MIN_USEC;
                init_arm_timer(m);
        } else
                (void) manager_start(m);
}

void manager_timer_elapsed(Init *m) {
        uint64_t now = now_usec();

        if (m->manager_pid > 0 && m->hung && m->kill_usec > 0 && now >= m->kill_usec) {
                init_log("manager (pid %d) still there %llu s after SIGABRT: SIGKILL", (int) m->manager_pid,
                         (unsigned long long) (INIT_KILL_DELAY_USEC / USEC_PER_SEC));
                (void) kill(m->manager_pid, SIGKILL);
                m->kill_usec = 0;
        }
        if (m->manager_pid > 0 && !m->hung && m->keepalive_usec > 0 &&
            now >= m->heartbeat_usec + m->keepalive_usec * m->keepalive_misses) {
                init_log("manager (pid %d) sent no heartbeat for %llu ms: hung; SIGABRT", (int) m->manager_pid,
                         (unsigned long long) ((now - m->heartbeat_usec) / USEC_PER_MSEC));
                /* SIGCONT too: a stopped manager dumps core now instead of at the SIGKILL. */
                (void) kill(m->manager_pid, SIGABRT);
                (void) kill(m->manager_pid, SIGCONT);
                m->hung = true;
                m->hung_silence_usec = now - m->heartbeat_usec;
                m->kill_usec = now + INIT_KILL_DELAY_USEC;
        }
        if (m->retry_usec > 0 && now >= m->retry_usec && m->manager_pid <= 0 && m->shell_pid <= 0)
                (void) manager_start(m);
        init_arm_timer(m);
}
