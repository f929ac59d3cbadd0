/* pty-console.c — a pseudo-terminal to serve as a test container's /dev/console, as
 * systemd-nspawn gives its containers one (lib-container.sh, CT_PTY=1).
 *
 *   pty-console LOGFILE     prints the slave's path on stdout, then copies everything written
 *                           to the slave (agetty's prompt, whatever PID 1 writes to the
 *                           console) to LOGFILE, appended, with the pty's '\r's removed so the
 *                           tests can grep it like a plain log.
 *
 * It keeps a slave fd of its own open, so that the master does not read EIO while no one in
 * the container has the console open; a vhangup() in the container (agetty does one) kills that
 * fd too, and then EIO only means "wait for the next opener". It ends on SIGTERM (the container's
 * stop), or when the shell that started it dies (PR_SET_PDEATHSIG): never left behind. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
        if (argc != 2) {
                fprintf(stderr, "usage: pty-console LOGFILE\n");
                return 2;
        }
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        int log = open(argv[1], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (log < 0) {
                fprintf(stderr, "pty-console: %s: %s\n", argv[1], strerror(errno));
                return 1;
        }
        int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0) {
                fprintf(stderr, "pty-console: cannot allocate a pty: %s\n", strerror(errno));
                return 1;
        }
        const char *name = ptsname(m);
        if (!name) {
                fprintf(stderr, "pty-console: ptsname: %s\n", strerror(errno));
                return 1;
        }
        int keep = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (keep < 0) {
                fprintf(stderr, "pty-console: %s: %s\n", name, strerror(errno));
                return 1;
        }
        printf("%s\n", name);
        fflush(stdout);
        /* the caller reads the name from a file or pipe: close it so a reader sees EOF */
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
                dup2(devnull, STDOUT_FILENO);
                close(devnull);
        }
        char buf[4096], out[4096];
        for (;;) {
                ssize_t n = read(m, buf, sizeof buf);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        /* EIO: no slave open right now (between two agetty runs) */
                        struct timespec ts = { 0, 50 * 1000 * 1000 };
                        nanosleep(&ts, NULL);
                        continue;
                }
                size_t k = 0;
                for (ssize_t i = 0; i < n; i++)
                        if (buf[i] != '\r')
                                out[k++] = buf[i];
                if (k > 0 && write(log, out, k) < 0 && errno != EINTR)
                        return 1;
        }
}
