/* init.c — sysmaster-init, PID 1: start-up, then one epoll loop over a signalfd, a timerfd
 * and the manager's channel. Init reaps every zombie, forwards what the manager must know
 * (exits of re-parented processes, signals sent to PID 1), keeps the manager alive, and on the
 * manager's final request execs sysmaster-shutdown in its own PID. Nothing here allocates
 * after start-up and nothing polls: an idle init sleeps until the next keep-alive check. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"

extern char **environ;

/* The one context: static, so that it exists before anything can fail. */
static Init init_context;

static void parse_argv(Init *m, int argc, char **argv) {
        size_t n = 0;
        m->manager_argv[n++] = m->config.manager;
        /* What the kernel gave us ("single", "3", systemd.unit=…) is the manager's to read. */
        for (int i = 1; i < argc; i++) {
                if (streq(argv[i], "--test"))
                        m->test_mode = true;
                else if (streq(argv[i], "--no-mount"))
                        m->no_mount = true;
                else if (n < INIT_ARGV_MAX)
                        m->manager_argv[n++] = argv[i];
                else
                        init_log("too many arguments, not passing on \"%s\"", argv[i]);
        }
        m->manager_argc = n;
        m->manager_argv[n] = m->manager_argv[n + 1] = NULL;
}

static void build_env(Init *m) {
        size_t n = 0;
        for (char **e = environ; e && *e; e++) {
                if (startswith(*e, "SYSMASTER_INIT_FD="))
                        continue;
                if (n >= INIT_ENV_MAX) {
                        init_log("too many environment variables, not passing on the rest");
                        break;
                }
                m->manager_env[n++] = *e;
        }
        m->manager_env[n++] = (char *) "SYSMASTER_INIT_FD=3";
        m->manager_env[n] = NULL;
}

static bool is_forwarded(int sig) {
        switch (sig) {
        case SIGINT:    /* ctrl-alt-del, after RB_DISABLE_CAD */
        case SIGPWR:
        case SIGTERM:
        case SIGHUP:
        case SIGUSR1:
        case SIGUSR2:
        case SIGWINCH:  /* the keyboard request (kbrequest) */
                return true;
        default:
                return sig >= SIGRTMIN && sig <= SIGRTMAX;
        }
}

static void reap(Init *m) {
        for (;;) {
                siginfo_t si = {};
                if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) < 0) {
                        if (errno == EINTR)
                                continue;
                        break; /* ECHILD */
                }
                if (si.si_pid <= 0)
                        break;
                if (si.si_pid == m->manager_pid)
                        manager_reaped(m, &si);
                else if (si.si_pid == m->shell_pid)
                        manager_shell_reaped(m, &si);
                else
                        manager_queue_event(m, &(InitEvent) { .type = INIT_MSG_CHILD_EXIT, .pid = si.si_pid,
                                                              .code = si.si_code, .status = si.si_status,
                                                              .usec = now_usec() });
        }
}

static void process_signals(Init *m) {
        struct signalfd_siginfo buf[16];
        bool child = false;
        for (;;) {
                ssize_t k = read(m->signal_fd, buf, sizeof buf);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < (ssize_t) sizeof buf[0])
                        break;
                for (size_t i = 0; i < (size_t) k / sizeof buf[0]; i++) {
                        int sig = (int) buf[i].ssi_signo;
                        if (sig == SIGCHLD)
                                child = true;
                        else if (is_forwarded(sig))
                                manager_queue_event(m, &(InitEvent) { .type = INIT_MSG_SIGNAL,
                                                                      .pid = (int32_t) buf[i].ssi_pid,
                                                                      .status = sig, .usec = now_usec() });
                        else
                                init_log("ignoring signal %d from pid %u", sig, buf[i].ssi_pid);
                }
        }
        if (child)
                reap(m);
        manager_flush(m);
}

void init_arm_timer(Init *m) {
        uint64_t next = 0;
        if (m->manager_pid > 0) {
                if (m->hung)
                        next = m->kill_usec;
                else if (m->keepalive_usec > 0)
                        next = m->heartbeat_usec + m->keepalive_usec * m->keepalive_misses;
        }
        if (m->retry_usec > 0 && (next == 0 || m->retry_usec < next))
                next = m->retry_usec;

        /* An absolute time of zero disarms the timer. */
        struct itimerspec its = {
                .it_value.tv_sec = (time_t) (next / USEC_PER_SEC),
                .it_value.tv_nsec = (long) (next % USEC_PER_SEC) * 1000,
        };
        if (timerfd_settime(m->timer_fd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
                init_log("cannot arm the keep-alive timer: %s", strerror(errno));
}

void init_exec_shutdown(Init *m, InitShutdownAction action, int exit_code) {
        char code[16], pgid[32], *argv[8];
        size_t n = 0;

        argv[n++] = m->config.shutdown;
        if (m->test_mode) {
                argv[n++] = (char *) "--test";
                if (getpgrp() == getpid()) {
                        (void) snprintf(pgid, sizeof pgid, "--kill-pgid=%d", (int) getpid());
                        argv[n++] = pgid;
                }
        } else if (m->no_mount)
                argv[n++] = (char *) "--no-umount";
        argv[n++] = (char *) init_shutdown_action_to_string(action);
        (void) snprintf(code, sizeof code, "%d", exit_code);
        argv[n++] = code;
        argv[n] = NULL;

        init_log("%s: executing %s", argv[n - 2], argv[0]);
        /* Signals stay blocked across exec: sysmaster-shutdown picks what it waits for. */
        execve(argv[0], argv, environ);
        init_log("cannot execute %s: %s; shutting down without it", argv[0], strerror(errno));

        sync();
        if (m->container || m->test_mode)
                _exit(init_container_exit_code(action, exit_code));
        int how = action == INIT_SHUTDOWN_REBOOT ? RB_AUTOBOOT :
                  action == INIT_SHUTDOWN_HALT ? RB_HALT_SYSTEM : RB_POWER_OFF;
        (void) reboot(how);
        init_log("reboot(2) failed: %s; carrying on", strerror(errno));
}

void init_child_reset(Init *m) {
        sigset_t none;
        sigemptyset(&none);
        (void) sigprocmask(SIG_SETMASK, &none, NULL);
        if (m->nofile.rlim_cur > 0)
                (void) setrlimit(RLIMIT_NOFILE, &m->nofile);
        /* In --test mode children stay in our process group: that group is what
         * sysmaster-shutdown --test kills. */
        if (!m->test_mode)
                (void) setsid();
}

/* The kernel starts PID 1 with 1,024 fds, and the fd store alone may hold that many. Only
 * init's own limit is raised: programs it starts get the original one back, since select()
 * breaks on fds above 1,023. */
static void raise_nofile(Init *m) {
        if (getrlimit(RLIMIT_NOFILE, &m->nofile) < 0)
                return;
        rlim_t want = INIT_FD_STORE_MAX + 64;
        if (m->nofile.rlim_cur >= want)
                return;
        struct rlimit r = { .rlim_cur = MIN(want, m->nofile.rlim_max), .rlim_max = m->nofile.rlim_max };
        if (r.rlim_cur < want)
                init_log("RLIMIT_NOFILE hard limit %llu: the fd store cannot be filled",
                         (unsigned long long) m->nofile.rlim_max);
        (void) setrlimit(RLIMIT_NOFILE, &r);
}

static int setup_loop(Init *m) {
        sigset_t all;
        sigfillset(&all);
        if (sigprocmask(SIG_SETMASK, &all, NULL) < 0)
                return -errno;
        m->signal_fd = signalfd(-1, &all, SFD_NONBLOCK | SFD_CLOEXEC);
        m->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        m->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        if (m->signal_fd < 0 || m->timer_fd < 0 || m->epoll_fd < 0)
                return -errno;
        int fds[] = { m->signal_fd, m->timer_fd };
        for (size_t i = 0; i < ELEMENTSOF(fds); i++) {
                struct epoll_event ev = { .events = EPOLLIN, .data.fd = fds[i] };
                if (epoll_ctl(m->epoll_fd, EPOLL_CTL_ADD, fds[i], &ev) < 0)
                        return -errno;
        }
        return 0;
}

int main(int argc, char *argv[]) {
        Init *m = &init_context;
        m->epoll_fd = m->signal_fd = m->timer_fd = m->channel_fd = m->peer_fd = -EBADF;
        init_log_set_prefix("sysmaster-init");
        init_config_defaults(&m->config);
        parse_argv(m, argc, argv);

        bool pid1 = getpid() == 1;
        if (!pid1 && !m->test_mode) {
                init_log("must run as PID 1 (or with --test)");
                return 1;
        }
        if (pid1 && !m->test_mode) {
                if (!m->no_mount)
                        init_mount_api_filesystems();
                (void) chdir("/");
        }
        m->container = init_detect_container();
        if (pid1 && !m->test_mode && !m->container) {
                init_setup_console();
                (void) setsid();
                /* ctrl-alt-del becomes SIGINT, which goes to the manager like any request. */
                (void) reboot(RB_DISABLE_CAD);
        }
        if (m->test_mode) {
                /* Orphans come to us as they would to PID 1; our own group is what
                 * sysmaster-shutdown --test may kill. */
                (void) prctl(PR_SET_CHILD_SUBREAPER, 1);
                (void) setpgid(0, 0);
        }

        init_config_from_env(&m->config);
        int r = init_cmdline_load(&m->config);
        if (r < 0)
                init_log("cannot read /proc/cmdline: %s; using defaults", strerror(-r));
        /* A container has no kernel command line of its own: the runtime puts the switches
         * in our argv, where they win over the (host's) /proc/cmdline. */
        for (int i = 1; i < argc; i++)
                if (startswith(argv[i], "sysmaster."))
                        (void) init_cmdline_parse(&m->config, argv[i]);
        build_env(m);
        raise_nofile(m);

        r = setup_loop(m);
        if (r < 0) {
                init_log("cannot set up the event loop: %s", strerror(-r));
                /* PID 1 must not exit; without a loop, at least keep reaping. */
                if (pid1 && !m->test_mode)
                        for (;;)
                                if (waitpid(-1, NULL, 0) < 0)
                                        sleep(1);
                return 1;
        }
        init_log("starting (%s%s, keep-alive %u s × %u)", m->container ? "in a container, " : "",
                 m->config.manager, m->config.keepalive_sec, m->config.keepalive_misses);
        (void) manager_start(m);

        for (;;) {
                struct epoll_event ev[8];
                int n = epoll_wait(m->epoll_fd, ev, ELEMENTSOF(ev), -1);
                if (n < 0) {
                        if (errno != EINTR) {
                                init_log("epoll_wait: %s", strerror(errno));
                                sleep(1);
                        }
                        continue;
                }
                for (int i = 0; i < n; i++) {
                        int fd = ev[i].data.fd;
                        if (fd == m->signal_fd)
                                process_signals(m);
                        else if (fd == m->timer_fd) {
                                uint64_t ticks;
                                (void) !read(m->timer_fd, &ticks, sizeof ticks);
                                manager_timer_elapsed(m);
                        } else if (fd == m->channel_fd) {
                                if (ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                                        manager_process_channel(m);
                                else
                                        manager_flush(m);
                        }
                }
        }
}
