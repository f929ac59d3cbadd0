/* notify-helper.c — a tiny sd_notify client for the integration tests of service units. Each
 * argument is one step, run in order:
 *   "READY=1\nSTATUS=…"  send this text as one datagram to $NOTIFY_SOCKET ("\n" is a newline)
 *   sleep=SECONDS        sleep (fractions allowed)
 *   fdstore=NAME         send FDSTORE=1 and FDNAME=NAME with an fd of /dev/null
 *   mainpid-child        fork a child that sleeps, send MAINPID=<child> with READY=1
 *   listen=FILE          write "$LISTEN_FDS $LISTEN_FDNAMES pid-ok|pid-bad" to FILE
 *   exit=CODE            exit now with CODE
 * It uses no library beyond libc, like a daemon that implements the protocol itself. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static int send_msg(const char *text, int fd) {
        const char *path = getenv("NOTIFY_SOCKET");
        if (!path || strlen(path) >= sizeof(((struct sockaddr_un *) 0)->sun_path)) {
                fprintf(stderr, "notify-helper: no usable $NOTIFY_SOCKET\n");
                return -1;
        }
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        strcpy(sa.sun_path, path);
        if (sa.sun_path[0] == '@')
                sa.sun_path[0] = 0;
        char buf[4096];
        size_t n = 0;
        for (const char *p = text; *p && n < sizeof buf - 1; p++) {
                if (p[0] == '\\' && p[1] == 'n') {
                        buf[n++] = '\n';
                        p++;
                } else
                        buf[n++] = *p;
        }
        int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (s < 0)
                return -1;
        struct iovec iov = { .iov_base = buf, .iov_len = n };
        union {
                struct cmsghdr h;
                char b[CMSG_SPACE(sizeof(int))];
        } control = {};
        struct msghdr mh = { .msg_name = &sa, .msg_namelen = sizeof sa, .msg_iov = &iov, .msg_iovlen = 1 };
        if (fd >= 0) {
                mh.msg_control = &control;
                mh.msg_controllen = sizeof control;
                struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
                c->cmsg_level = SOL_SOCKET;
                c->cmsg_type = SCM_RIGHTS;
                c->cmsg_len = CMSG_LEN(sizeof(int));
                memcpy(CMSG_DATA(c), &fd, sizeof(int));
        }
        ssize_t k = sendmsg(s, &mh, MSG_NOSIGNAL);
        close(s);
        return k < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
        for (int i = 1; i < argc; i++) {
                const char *a = argv[i];
                if (strncmp(a, "sleep=", 6) == 0) {
                        double d = atof(a + 6);
                        struct timespec ts = { .tv_sec = (time_t) d, .tv_nsec = (long) ((d - (double) (time_t) d) * 1e9) };
                        nanosleep(&ts, NULL);
                } else if (strncmp(a, "exit=", 5) == 0)
                        return atoi(a + 5);
                else if (strncmp(a, "fdstore=", 8) == 0) {
                        char msg[300];
                        int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
                        snprintf(msg, sizeof msg, "FDSTORE=1\\nFDNAME=%s", a + 8);
                        if (fd < 0 || send_msg(msg, fd) < 0)
                                return 2;
                        close(fd);
                } else if (strcmp(a, "mainpid-child") == 0) {
                        pid_t pid = fork();
                        if (pid < 0)
                                return 2;
                        if (pid == 0) {
                                execlp("sleep", "sleep", "100", (char *) NULL);
                                _exit(1);
                        }
                        char msg[64];
                        snprintf(msg, sizeof msg, "MAINPID=%d\\nREADY=1", (int) pid);
                        if (send_msg(msg, -1) < 0)
                                return 2;
                } else if (strncmp(a, "listen=", 7) == 0) {
                        FILE *f = fopen(a + 7, "we");
                        const char *lp = getenv("LISTEN_PID");
                        if (!f)
                                return 2;
                        fprintf(f, "%s %s %s\n", getenv("LISTEN_FDS") ?: "-", getenv("LISTEN_FDNAMES") ?: "-",
                                lp && atoi(lp) == (int) getpid() && fcntl(3, F_GETFD) >= 0 ? "pid-ok" : "pid-bad");
                        fclose(f);
                } else if (send_msg(a, -1) < 0)
                        return 2;
        }
        return 0;
}
