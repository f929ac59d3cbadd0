/* fake-manager.c — a stand-in for the manager in test-init.sh: speaks init's side of the
 * channel from the other end and logs what it sees, one line per event, to $FAKE_DIR/log.
 * What each start does comes from $FAKE_DIR/start-N (N: the start number from HELLO) or
 * $FAKE_DIR/start-any, one command per line, run in order; then it heartbeats every
 * $FAKE_HEARTBEAT_MS (100) and logs every message until it is killed. Commands:
 *   ready | request | store-pipe | store NAME | remove NAME | keepalive USEC MISSES
 *   child CODE MS | child-eof CODE | zombies N | sleep MS | mounts
 *   stubborn (a child that ignores SIGTERM) | ignore-abort | listen MS (log messages; events are
 *   acknowledged as read) | no-ack (from now on, never acknowledge)
 *   exit N | selfkill | segv | hang | shutdown ACTION CODE */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "init-channel.h"

static int log_fd = -1;
static int chan = SYSMASTER_INIT_FD;

static long long now_ns(void) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

__attribute__((format(printf, 1, 2))) static void logf_(const char *fmt, ...) {
        char buf[1024];
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        if (n > (int) sizeof buf - 2)
                n = (int) sizeof buf - 2;
        buf[n++] = '\n';
        (void) !write(log_fd, buf, (size_t) n);
}

static void die_by(int sig) {
        logf_("crash pid=%d t=%lld", (int) getpid(), now_ns());
        signal(sig, SIG_DFL); /* sanitizers catch SIGSEGV: we want the real death */
        raise(sig);
        _exit(99);
}

/* A fake manager keeps no state: an event is "checkpointed" as soon as it is read. */
static bool acks = true; /* "no-ack": read events and never acknowledge them */
static void ack(uint64_t seq) {
        if (!acks)
                return;
        InitMsg m = { .type = INIT_MSG_ACK, .arg = seq };
        (void) init_msg_send(chan, &m, -1);
}

/* Blocks up to timeout_ms for one message; logs it. Returns its type, 0 on timeout. */
static int receive(int timeout_ms, int *ret_fd) {
        struct pollfd p = { .fd = chan, .events = POLLIN };
        if (poll(&p, 1, timeout_ms) <= 0)
                return 0;
        InitMsg m;
        int fd = -1;
        int r = init_msg_recv(chan, &m, &fd);
        if (r < 0) {
                logf_("recv-error %d", r);
                if (r == -ECONNRESET)
                        _exit(3);
                return 0;
        }
        if (m.type == INIT_MSG_CHILD_EXIT || m.type == INIT_MSG_SIGNAL)
                ack(m.arg);
        switch (m.type) {
        case INIT_MSG_CHILD_EXIT:
                logf_("child-exit pid=%d code=%d status=%d", m.pid, m.code, m.status);
                break;
        case INIT_MSG_SIGNAL:
                logf_("signal %d", m.status);
                break;
        case INIT_MSG_FD_ENTRY:
                logf_("fd %s", m.name);
                break;
        case INIT_MSG_FD_END:
                logf_("fd-end %d", m.status);
                break;
        default:
                logf_("msg type=%u arg=%llu code=%d", m.type, (unsigned long long) m.arg, m.code);
        }
        if (ret_fd)
                *ret_fd = fd;
        else if (fd >= 0)
                close(fd);
        return (int) m.type;
}

static void send_msg(uint32_t type, const char *name, int fd, uint64_t arg, int code, int status) {
        InitMsg m = { .type = type, .arg = arg, .code = code, .status = status };
        if (name)
                snprintf(m.name, sizeof m.name, "%s", name);
        int r = init_msg_send(chan, &m, fd);
        if (r < 0)
                logf_("send-error %d", r);
}

static void request(void) {
        int r_fd = -1, w_fd = -1;
        send_msg(INIT_MSG_FD_REQUEST, NULL, -1, 0, 0, 0);
        for (;;) {
                int fd = -1;
                char name[INIT_MSG_NAME_MAX];
                struct pollfd p = { .fd = chan, .events = POLLIN };
                if (poll(&p, 1, 5000) <= 0) {
                        logf_("request-timeout");
                        return;
                }
                InitMsg m;
                if (init_msg_recv(chan, &m, &fd) < 0)
                        continue;
                snprintf(name, sizeof name, "%s", m.name);
                if (m.type == INIT_MSG_FD_END) {
                        logf_("fd-end %d", m.status);
                        break;
                }
                if (m.type != INIT_MSG_FD_ENTRY) {
                        if (m.type == INIT_MSG_CHILD_EXIT)
                                logf_("child-exit pid=%d code=%d status=%d", m.pid, m.code, m.status);
                        if (m.type == INIT_MSG_CHILD_EXIT || m.type == INIT_MSG_SIGNAL)
                                ack(m.arg);
                        if (fd >= 0)
                                close(fd);
                        continue;
                }
                logf_("fd %s", name);
                if (strcmp(name, "pipe-r") == 0)
                        r_fd = fd;
                else if (strcmp(name, "pipe-w") == 0)
                        w_fd = fd;
                else if (fd >= 0)
                        close(fd);
        }
        if (r_fd >= 0 && w_fd >= 0) {
                char buf[64] = {};
                (void) !write(w_fd, "world", 5);
                fcntl(r_fd, F_SETFL, O_NONBLOCK);
                ssize_t k = read(r_fd, buf, sizeof buf - 1);
                logf_("%s %s", k == 10 && strcmp(buf, "helloworld") == 0 ? "pipe-ok" : "pipe-bad", buf);
        }
}

/* A child of a child: once the middle one exits, it belongs to init. Returns its pid. */
static pid_t double_fork(int code, int delay_ms, int wait_fd, int close_fd) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) < 0)
                return -1;
        pid_t mid = fork();
        if (mid == 0) {
                pid_t g = fork();
                if (g == 0) {
                        close(chan);
                        if (close_fd >= 0)
                                close(close_fd);
                        if (wait_fd >= 0) {
                                char c;
                                while (read(wait_fd, &c, 1) > 0)
                                        ;
                        }
                        if (delay_ms > 0)
                                usleep((useconds_t) delay_ms * 1000);
                        _exit(code);
                }
                (void) !write(p[1], &g, sizeof g);
                _exit(0);
        }
        close(p[1]);
        pid_t g = -1;
        (void) !read(p[0], &g, sizeof g);
        close(p[0]);
        waitpid(mid, NULL, 0);
        return g;
}

static void mounts(void) {
        FILE *f = fopen("/proc/self/mountinfo", "re");
        char line[4096];
        while (f && fgets(line, sizeof line, f)) {
                char where[1024], type[64];
                /* id parent dev root where opts … - type … */
                if (sscanf(line, "%*s %*s %*s %*s %1023s", where) != 1)
                        continue;
                char *dash = strstr(line, " - ");
                if (!dash || sscanf(dash + 3, "%63s", type) != 1)
                        continue;
                logf_("mount %s %s", where, type);
        }
        if (f)
                fclose(f);
}

static void run_command(char *line) {
        char cmd[64] = "", a[256] = "", b[64] = "";
        if (sscanf(line, "%63s %255s %63s", cmd, a, b) < 1)
                return;
        if (strcmp(cmd, "ready") == 0)
                send_msg(INIT_MSG_READY, NULL, -1, 0, 0, 0);
        else if (strcmp(cmd, "request") == 0)
                request();
        else if (strcmp(cmd, "store-pipe") == 0) {
                int p[2];
                if (pipe2(p, O_CLOEXEC) < 0)
                        return;
                (void) !write(p[1], "hello", 5);
                send_msg(INIT_MSG_FD_STORE, "pipe-r", p[0], 0, 0, 0);
                send_msg(INIT_MSG_FD_STORE, "pipe-w", p[1], 0, 0, 0);
                close(p[0]);
                close(p[1]);
        } else if (strcmp(cmd, "store") == 0) {
                int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
                send_msg(INIT_MSG_FD_STORE, a, fd, 0, 0, 0);
                close(fd);
        } else if (strcmp(cmd, "remove") == 0)
                send_msg(INIT_MSG_FD_REMOVE, a, -1, 0, 0, 0);
        else if (strcmp(cmd, "keepalive") == 0)
                send_msg(INIT_MSG_SET_KEEPALIVE, NULL, -1, strtoull(a, NULL, 10), 0, atoi(b));
        else if (strcmp(cmd, "child") == 0)
                logf_("child-spawned pid=%d code=%d", (int) double_fork(atoi(a), atoi(b), -1, -1), atoi(a));
        else if (strcmp(cmd, "child-eof") == 0) {
                /* Exits when this manager is gone: the write end dies with us. */
                int p[2];
                if (pipe2(p, O_CLOEXEC) < 0)
                        return;
                pid_t g = double_fork(atoi(a), 0, p[0], p[1]);
                close(p[0]);
                logf_("child-spawned pid=%d code=%d", (int) g, atoi(a));
                /* p[1] stays open until we die. */
        } else if (strcmp(cmd, "zombies") == 0) {
                for (int i = 0; i < atoi(a); i++)
                        double_fork(5, 0, -1, -1);
                logf_("zombies-spawned %d", atoi(a));
        } else if (strcmp(cmd, "stubborn") == 0) {
                signal(SIGTERM, SIG_IGN);
                logf_("child-spawned pid=%d code=0", (int) double_fork(0, 3600 * 1000, -1, -1));
                signal(SIGTERM, SIG_DFL);
        } else if (strcmp(cmd, "listen") == 0) {
                /* At least one look, however late we got here: under load the whole window can
                 * pass before the first receive, and what is already queued must still be logged. */
                long long end = now_ns() + atoll(a) * 1000000LL, now = now_ns();
                do
                        (void) receive(now < end ? (int) ((end - now) / 1000000) + 1 : 0, NULL);
                while ((now = now_ns()) < end);
        } else if (strcmp(cmd, "no-ack") == 0)
                acks = false;
        else if (strcmp(cmd, "ignore-abort") == 0)
                signal(SIGABRT, SIG_IGN);
        else if (strcmp(cmd, "sleep") == 0)
                usleep((useconds_t) atoi(a) * 1000);
        else if (strcmp(cmd, "mounts") == 0)
                mounts();
        else if (strcmp(cmd, "exit") == 0) {
                logf_("crash pid=%d t=%lld", (int) getpid(), now_ns());
                _exit(atoi(a));
        } else if (strcmp(cmd, "selfkill") == 0)
                die_by(SIGKILL);
        else if (strcmp(cmd, "segv") == 0)
                die_by(SIGSEGV);
        else if (strcmp(cmd, "hang") == 0) {
                logf_("hanging");
                for (;;)
                        pause();
        } else if (strcmp(cmd, "shutdown") == 0) {
                int action = 0;
                for (int x = INIT_SHUTDOWN_REBOOT; x <= INIT_SHUTDOWN_EXIT; x++)
                        if (strcmp(a, init_shutdown_action_to_string(x)) == 0)
                                action = x;
                send_msg(INIT_MSG_SHUTDOWN, NULL, -1, 0, action, atoi(b));
        } else
                logf_("unknown-command %s", cmd);
}

int main(int argc, char *argv[]) {
        long long t0 = now_ns();
        const char *dir = getenv("FAKE_DIR");
        char path[4096];
        if (!dir)
                return 2;
        snprintf(path, sizeof path, "%s/log", dir);
        log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (log_fd < 0)
                return 2;
        const char *fdenv = getenv("SYSMASTER_INIT_FD");
        if (!fdenv || atoi(fdenv) != SYSMASTER_INIT_FD || fcntl(chan, F_GETFD) < 0) {
                logf_("no-channel");
                return 2;
        }
        /* Keep the channel to ourselves: children must not hold it open. */
        fcntl(chan, F_SETFD, FD_CLOEXEC);

        struct pollfd p = { .fd = chan, .events = POLLIN };
        InitMsg hello;
        if (poll(&p, 1, 5000) <= 0 || init_msg_recv(chan, &hello, NULL) < 0 || hello.type != INIT_MSG_HELLO) {
                logf_("no-hello");
                return 2;
        }
        char args[1024] = "";
        size_t n = 0;
        for (int i = 1; i < argc && n < sizeof args - 2; i++)
                n += (size_t) snprintf(args + n, sizeof args - n, "%s%s", i > 1 ? "," : "", argv[i]);
        logf_("start %llu died=%d pid=%d t=%lld args=%s", (unsigned long long) hello.arg, hello.code,
              (int) getpid(), t0, args);

        snprintf(path, sizeof path, "%s/start-%llu", dir, (unsigned long long) hello.arg);
        FILE *f = fopen(path, "re");
        if (!f) {
                snprintf(path, sizeof path, "%s/start-any", dir);
                f = fopen(path, "re");
        }
        const char *hb = getenv("FAKE_HEARTBEAT_MS");
        int hb_ms = hb ? atoi(hb) : 100;
        send_msg(INIT_MSG_HEARTBEAT, NULL, -1, 0, 0, 0);
        char line[512];
        while (f && fgets(line, sizeof line, f))
                run_command(line);
        if (f)
                fclose(f);
        long long next = now_ns() + hb_ms * 1000000LL;
        for (;;) {
                long long now = now_ns();
                if (now >= next) {
                        send_msg(INIT_MSG_HEARTBEAT, NULL, -1, 0, 0, 0);
                        next = now + hb_ms * 1000000LL;
                }
                (void) receive((int) ((next - now) / 1000000) + 1, NULL);
        }
}
