/* shutdown.c — sysmaster-shutdown, the last program a system runs. sysmaster-init execs it in
 * PID 1 when the manager asks to go down: it sends SIGTERM to every process, reaps them as they
 * go (it is PID 1 now), sends SIGKILL to what is left after the timeout, syncs, unmounts and
 * remounts the root read-only, and calls reboot(2). In a container it does none of the
 * system-wide steps and exits instead, which ends the container.
 *
 *   sysmaster-shutdown [--test] [--kill-pgid=PGID] [--timeout=SEC] [--no-umount] ACTION [CODE]
 *
 * ACTION is reboot, poweroff, halt, kexec or exit; CODE the exit code for "exit". --test runs it
 * as an ordinary process: it kills only the process group PGID (if given), never calls
 * kill(-1), umount or reboot(2), and exits as a container's PID 1 would. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init-channel.h"
#include "init-container.h"
#include "init-log.h"
#include "shutdown.h"

#define DEFAULT_TIMEOUT_SEC 90
#define KILL_WAIT_SEC 10

typedef struct Shutdown {
        InitShutdownAction action;
        int exit_code;
        bool test;
        bool no_umount;
        pid_t kill_pgid;
        unsigned timeout_sec;
} Shutdown;

static int parse_uint(const char *s, unsigned long max, unsigned long *ret) {
        char *end;
        errno = 0;
        unsigned long u = strtoul(s, &end, 10);
        if (errno || end == s || *end || s[0] == '-' || u > max)
                return -EINVAL;
        *ret = u;
        return 0;
}

static int parse_argv(Shutdown *s, int argc, char **argv) {
        unsigned long u;
        const char *v, *action = NULL, *code = NULL;

        s->timeout_sec = DEFAULT_TIMEOUT_SEC;
        v = getenv("SYSMASTER_SHUTDOWN_TIMEOUT_SEC");
        if (v && parse_uint(v, 24 * 3600, &u) >= 0)
                s->timeout_sec = (unsigned) u;

        for (int i = 1; i < argc; i++) {
                if (streq(argv[i], "--test"))
                        s->test = true;
                else if (streq(argv[i], "--no-umount"))
                        s->no_umount = true;
                else if ((v = startswith(argv[i], "--timeout="))) {
                        if (parse_uint(v, 24 * 3600, &u) < 0)
                                return -EINVAL;
                        s->timeout_sec = (unsigned) u;
                } else if ((v = startswith(argv[i], "--kill-pgid="))) {
                        /* 0 and 1 would mean our own group and init's: never. */
                        if (parse_uint(v, INT32_MAX, &u) < 0 || u < 2)
                                return -EINVAL;
                        s->kill_pgid = (pid_t) u;
                } else if (!action)
                        action = argv[i];
                else if (!code)
                        code = argv[i];
                else
                        return -EINVAL;
        }
        if (!action)
                return -EINVAL;
        s->action = 0;
        for (InitShutdownAction a = INIT_SHUTDOWN_REBOOT; a <= INIT_SHUTDOWN_EXIT; a++)
                if (streq(action, init_shutdown_action_to_string(a)))
                        s->action = a;
        if (s->action == 0)
                return -EINVAL;
        if (code) {
                if (parse_uint(code, 255, &u) < 0)
                        return -EINVAL;
                s->exit_code = (int) u;
        }
        return 0;
}

static void reap_all(void) {
        while (waitpid(-1, NULL, WNOHANG) > 0)
                ;
}

/* In --test mode: whether a live process other than us is in the group. We may be in it
 * ourselves (sysmaster-init --test execs us in its group), so kill(-pgid, 0) cannot tell. */
static bool group_alive(pid_t pgid) {
        DIR *d = opendir("/proc");
        if (!d)
                return kill(-pgid, 0) >= 0;
        bool alive = false;
        struct dirent *de;
        while (!alive && (de = readdir(d))) {
                char path[300], buf[512];
                if (de->d_name[0] < '1' || de->d_name[0] > '9' || atoi(de->d_name) == getpid())
                        continue;
                snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
                FILE *f = fopen(path, "re");
                if (!f)
                        continue;
                size_t n = fread(buf, 1, sizeof buf - 1, f);
                fclose(f);
                buf[n] = 0;
                /* pid (comm) state ppid pgrp …; comm may contain anything, so from the last ')'. */
                char *p = strrchr(buf, ')'), state;
                int ppid, pgrp;
                if (p && sscanf(p + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 && pgrp == pgid && state != 'Z')
                        alive = true;
        }
        closedir(d);
        return alive;
}

/* True when nobody we were asked to kill is left. As PID 1 every process ends up our child,
 * so "no children" means "no processes". */
static bool all_gone(const Shutdown *s) {
        reap_all();
        if (s->test) {
                bool gone = s->kill_pgid == 0 || !group_alive(s->kill_pgid);
                reap_all(); /* the zombies group_alive() passed over, if they are ours */
                return gone;
        }
        return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

static void send_all(const Shutdown *s, int sig) {
        if (s->test) {
                if (s->kill_pgid > 1)
                        (void) kill(-s->kill_pgid, sig);
        } else if (getpid() == 1)       /* kill(-1) from anything but PID 1: never */
                (void) kill(-1, sig);
}

/* Waits up to timeout_usec for all_gone(). SIGCHLD wakes us as PID 1; in --test mode the
 * processes are not our children, so it checks every 20 ms. */
static bool wait_gone(const Shutdown *s, uint64_t timeout_usec) {
        uint64_t deadline = now_usec() + timeout_usec;
        sigset_t chld;
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        for (;;) {
                if (all_gone(s))
                        return true;
                uint64_t now = now_usec();
                if (now >= deadline)
                        return false;
                uint64_t wait = MIN(deadline - now, s->test ? 20 * USEC_PER_MSEC : USEC_PER_SEC);
                struct timespec ts = { .tv_sec = (time_t) (wait / USEC_PER_SEC),
                                       .tv_nsec = (long) (wait % USEC_PER_SEC) * 1000 };
                (void) sigtimedwait(&chld, NULL, &ts);
        }
}

static void kill_everything(const Shutdown *s) {
        init_log("sending SIGTERM to all processes");
        send_all(s, SIGTERM);
        send_all(s, SIGCONT);   /* a stopped process cannot act on SIGTERM */
        if (wait_gone(s, (uint64_t) s->timeout_sec * USEC_PER_SEC))
                return;
        init_log("processes left after %u s: sending SIGKILL", s->timeout_sec);
        send_all(s, SIGKILL);
        if (!wait_gone(s, KILL_WAIT_SEC * USEC_PER_SEC))
                init_log("processes left after SIGKILL (stuck in the kernel?); going on");
}

int main(int argc, char *argv[]) {
        Shutdown s = {};
        init_log_set_prefix("sysmaster-shutdown");

        /* Blocked, so that SIGCHLD can be waited for and nothing else interrupts us. */
        sigset_t all;
        sigfillset(&all);
        (void) sigprocmask(SIG_SETMASK, &all, NULL);

        bool pid1 = getpid() == 1;
        if (parse_argv(&s, argc, argv) < 0) {
                init_log("usage: sysmaster-shutdown [--test] [--kill-pgid=PGID] [--timeout=SEC] "
                         "[--no-umount] reboot|poweroff|halt|kexec|exit [CODE]");
                if (!pid1)
                        return 2;
                /* PID 1 cannot just exit on a bad argument: power off rather than hang. */
                init_log("powering off");
                s.action = INIT_SHUTDOWN_POWEROFF;
        }
        if (!pid1 && !s.test) {
                init_log("not PID 1: refusing to kill every process (use --test)");
                return 1;
        }
        bool container = s.test || init_detect_container();
        init_log("%s%s", init_shutdown_action_to_string(s.action), container ? " (container)" : "");

        kill_everything(&s);
        if (s.test || container) {
                if (!s.test)
                        sync();
                return init_container_exit_code(s.action, s.exit_code);
        }

        sync();
        if (!s.no_umount) {
                int left = shutdown_umount_all();
                if (left > 0)
                        init_log("%d file systems could not be unmounted", left);
                sync();
        }

        int how = s.action == INIT_SHUTDOWN_REBOOT ? RB_AUTOBOOT :
                  s.action == INIT_SHUTDOWN_HALT ? RB_HALT_SYSTEM :
                  s.action == INIT_SHUTDOWN_KEXEC ? RB_KEXEC : RB_POWER_OFF;
        (void) reboot(how);
        if (how == RB_KEXEC) {
                init_log("kexec failed (%s): rebooting", strerror(errno));
                (void) reboot(RB_AUTOBOOT);
        }
        /* Only a container that hid its nature gets here: exiting is what is left. */
        init_log("reboot(2) failed: %s; exiting", strerror(errno));
        return init_container_exit_code(s.action, s.exit_code);
}
