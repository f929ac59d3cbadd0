/* forkexec.c — the physical bound of a boot: fork+exec N processes as fast as this machine
 * allows, with nothing a manager does in between (no unit, no cgroup, no logging). Prints the
 * elapsed nanoseconds. `forkexec N PROG [ARG…]` waits until every child has exited (the bound of
 * N oneshot services); `forkexec --keep N PROG [ARG…]` waits until every child has exec'd PROG
 * (seen as EOF on a close-on-exec pipe each child holds), then kills them (the bound of N simple
 * services). Usage: forkexec [--keep] N PROG [ARG…]. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (unsigned long long) ts.tv_sec * 1000000000ULL + (unsigned long long) ts.tv_nsec;
}

int main(int argc, char **argv) {
        bool keep = argc > 1 && strcmp(argv[1], "--keep") == 0;
        int a = keep ? 2 : 1;
        if (argc < a + 2) {
                fprintf(stderr, "usage: forkexec [--keep] N PROG [ARG…]\n");
                return 2;
        }
        long n = atol(argv[a]);
        char **prog = argv + a + 1;
        pid_t *pids = calloc(n > 0 ? (size_t) n : 1, sizeof *pids);
        int p[2];
        if (!pids || pipe2(p, O_CLOEXEC) < 0) {
                perror("forkexec");
                return 1;
        }

        unsigned long long t0 = now_ns();
        for (long i = 0; i < n; i++) {
                pids[i] = fork();
                if (pids[i] < 0) {
                        perror("forkexec: fork");
                        return 1;
                }
                if (pids[i] == 0) {
                        execv(prog[0], prog);
                        _exit(127);
                }
        }
        close(p[1]);
        if (keep) {
                char c;
                while (read(p[0], &c, 1) < 0 && errno == EINTR)
                        ;
        } else
                for (long i = 0; i < n; i++)
                        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
                                ;
        unsigned long long t1 = now_ns();

        if (keep)
                for (long i = 0; i < n; i++) {
                        kill(pids[i], SIGKILL);
                        waitpid(pids[i], NULL, 0);
                }
        printf("%llu\n", t1 - t0);
        return 0;
}
