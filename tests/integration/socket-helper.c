/* socket-helper.c — both ends of socket activation for test-sockets.sh, with nothing beyond
 * libc, like a daemon that implements sd_listen_fds() itself:
 *   serve OUT [N]           a service of an Accept=no stream socket: checks $LISTEN_PID and
 *                           $LISTEN_FDS, writes "FDS NAMES" to OUT, then answers N connections
 *                           on fd 3 (default: forever) with "echo:LINE <pid>"
 *   conn                    an Accept=yes instance: reads a line from fd 3 and answers
 *                           "conn:LINE <pid> <LISTEN_FDS>", then lingers 4 s (so instances overlap)
 *   dgram OUT               appends every datagram received on fd 3 to OUT
 *   fifo OUT                appends what is read from fd 3 (a FIFO) to OUT
 *   connect ADDR MSG        client: connects (unix stream path or @abstract, or IPv4
 *                           "A.B.C.D:PORT"), sends MSG, prints the reply line
 *   send PATH MSG           client: one datagram to a unix datagram socket
 * Clients give up after 10 s, so a broken manager fails a test instead of hanging it. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int addr(const char *path, struct sockaddr_un *sa, socklen_t *len) {
        size_t l = strlen(path);
        if (l >= sizeof sa->sun_path)
                return -1;
        memset(sa, 0, sizeof *sa);
        sa->sun_family = AF_UNIX;
        memcpy(sa->sun_path, path, l);
        if (path[0] == '@')
                sa->sun_path[0] = 0;
        *len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + l + (path[0] != '@'));
        return 0;
}

static void append(const char *out, const char *buf, size_t n) {
        int fd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd >= 0) {
                (void) !write(fd, buf, n);
                close(fd);
        }
}

static int check_listen(const char *out) {
        const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS"), *names = getenv("LISTEN_FDNAMES");
        if (!pid || atoi(pid) != getpid() || !fds || atoi(fds) < 1) {
                fprintf(stderr, "socket-helper: no fds passed (LISTEN_PID=%s LISTEN_FDS=%s)\n", pid ? pid : "", fds ? fds : "");
                return -1;
        }
        if (out) {
                char b[512];
                int n = snprintf(b, sizeof b, "%s %s\n", fds, names ? names : "");
                append(out, b, (size_t) n);
        }
        return 0;
}

static ssize_t read_line(int fd, char *buf, size_t l) {
        size_t n = 0;
        while (n + 1 < l) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                if (poll(&p, 1, 10000) <= 0)
                        return -1;
                ssize_t k = read(fd, buf + n, 1);
                if (k <= 0) {
                        if (n == 0)
                                return -1; /* closed without a word */
                        break;
                }
                if (buf[n] == '\n')
                        break;
                n++;
        }
        buf[n] = 0;
        return (ssize_t) n;
}

static int serve(const char *out, int max) {
        if (check_listen(out) < 0)
                return 1;
        for (int i = 0; max <= 0 || i < max; i++) {
                int c = accept(3, NULL, NULL);
                if (c < 0)
                        return 1;
                char line[256], reply[320];
                if (read_line(c, line, sizeof line) >= 0) {
                        int n = snprintf(reply, sizeof reply, "echo:%s %d\n", line, (int) getpid());
                        (void) !write(c, reply, (size_t) n);
                }
                close(c);
        }
        return 0;
}

static int conn(void) {
        if (check_listen(NULL) < 0)
                return 1;
        char line[256], reply[320];
        if (read_line(3, line, sizeof line) < 0)
                return 1;
        int n = snprintf(reply, sizeof reply, "conn:%s %d %s\n", line, (int) getpid(), getenv("LISTEN_FDS"));
        (void) !write(3, reply, (size_t) n);
        sleep(4);
        return 0;
}

static int drain(const char *out) {
        if (check_listen(NULL) < 0)
                return 1;
        for (;;) {
                char b[512];
                struct pollfd p = { .fd = 3, .events = POLLIN };
                if (poll(&p, 1, 3000) <= 0)
                        return 0; /* idle: exit, the socket takes over again */
                ssize_t n = read(3, b, sizeof b);
                if (n <= 0)
                        return 0;
                append(out, b, (size_t) n);
        }
}

static int client(const char *path, const char *msg, int type) {
        struct sockaddr_un sa;
        struct sockaddr_in in = { .sin_family = AF_INET };
        struct sockaddr *a = (struct sockaddr *) &sa;
        socklen_t len;
        int family = AF_UNIX;
        const char *colon = strrchr(path, ':');
        if (path[0] != '/' && path[0] != '@' && colon) {
                char host[64];
                snprintf(host, sizeof host, "%.*s", (int) (colon - path), path);
                if (inet_pton(AF_INET, host, &in.sin_addr) != 1)
                        return 2;
                in.sin_port = htons((uint16_t) atoi(colon + 1));
                a = (struct sockaddr *) &in;
                len = sizeof in;
                family = AF_INET;
        } else if (addr(path, &sa, &len) < 0)
                return 2;
        int fd = socket(family, type | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, a, len) < 0) {
                fprintf(stderr, "socket-helper: connect %s: %s\n", path, strerror(errno));
                return 1;
        }
        char b[512];
        int n = snprintf(b, sizeof b, type == SOCK_STREAM ? "%s\n" : "%s", msg);
        if (write(fd, b, (size_t) n) != n)
                return 1;
        if (type != SOCK_STREAM)
                return 0;
        if (read_line(fd, b, sizeof b) < 0) {
                fprintf(stderr, "socket-helper: no reply from %s\n", path);
                return 1;
        }
        printf("%s\n", b);
        return 0;
}

int main(int argc, char **argv) {
        if (argc >= 3 && strcmp(argv[1], "serve") == 0)
                return serve(argv[2], argc > 3 ? atoi(argv[3]) : 0);
        if (argc >= 2 && strcmp(argv[1], "conn") == 0)
                return conn();
        if (argc >= 3 && (strcmp(argv[1], "dgram") == 0 || strcmp(argv[1], "fifo") == 0))
                return drain(argv[2]);
        if (argc >= 4 && strcmp(argv[1], "connect") == 0)
                return client(argv[2], argv[3], SOCK_STREAM);
        if (argc >= 4 && strcmp(argv[1], "send") == 0)
                return client(argv[2], argv[3], SOCK_DGRAM);
        fprintf(stderr, "usage: socket-helper serve|conn|dgram|fifo|connect|send …\n");
        return 2;
}
