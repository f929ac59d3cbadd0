/* kill-probe.c — measures a recovery for test-selfheal.sh: kills the manager and times how long
 * until a control request is answered again, in one process, so that neither fork/exec of a
 * client nor the shell's clock is in the figure. The request is sent at once: the listening
 * socket lives in init's fd store, so the connection waits in its backlog for the next manager.
 * Usage: kill-probe SOCKET PID SIGNAL (SIGNAL 0: no kill, the cost of one request). Prints the
 * milliseconds, with three decimals. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One "is-system-running" request, framed as the control protocol wants; 0 once answered. */
static int ask(const char *path) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        if (fd < 0 || strlen(path) >= sizeof sa.sun_path)
                return -1;
        strcpy(sa.sun_path, path);
        const char req[] = "is-system-running";
        uint8_t frame[4 + sizeof req];
        uint32_t len = sizeof req;
        frame[0] = len & 0xff, frame[1] = len >> 8, frame[2] = len >> 16, frame[3] = len >> 24;
        memcpy(frame + 4, req, sizeof req);
        char buf[256];
        int r = -1;
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) == 0 && write(fd, frame, sizeof frame) == (ssize_t) sizeof frame &&
            read(fd, buf, sizeof buf) > 4)
                r = 0;
        close(fd);
        return r;
}

int main(int argc, char **argv) {
        if (argc != 4) {
                fprintf(stderr, "usage: kill-probe SOCKET PID SIGNAL\n");
                return 2;
        }
        int sig = atoi(argv[3]);
        pid_t pid = (pid_t) atoi(argv[2]);
        /* never kill(0) or kill(-1): an empty PID from the caller must not take the test down */
        if (sig > 0 && pid <= 1) {
                fprintf(stderr, "kill-probe: refusing to signal PID \"%s\"\n", argv[2]);
                return 2;
        }
        double t0 = now_ms();
        if (sig > 0 && kill(pid, sig) < 0) {
                perror("kill");
                return 1;
        }
        /* a reset connection (the old manager took it, then died) is simply asked again */
        while (ask(argv[1]) < 0) {
                if (now_ms() - t0 > 30000) {
                        fprintf(stderr, "kill-probe: no answer within 30 s\n");
                        return 1;
                }
                usleep(1000);
        }
        printf("%.3f\n", now_ms() - t0);
        return 0;
}
