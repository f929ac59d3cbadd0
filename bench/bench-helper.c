/* bench-helper.c — the benchmark's clock and watcher, so that sysMaster and systemd are timed by
 * the same code. `stamp FILE` writes CLOCK_BOOTTIME in ns to FILE (atomically, by rename);
 * `exec FILE PROG ARG…` does that and then becomes PROG (the container's PID 1, so the stamp is
 * the exec of PID 1); `now` prints the clock; `watch STAMP CGROUP PREFIX N COMM TIMEOUT_MS`
 * runs outside the container: it waits for STAMP (the boot's target stamp), then scans
 * CGROUP/system.slice/PREFIX*.service until N of those cgroups hold a process named COMM, and
 * prints both times. CLOCK_BOOTTIME is not namespaced, so stamps taken inside and outside the
 * container compare. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void) {
        struct timespec ts;
        clock_gettime(CLOCK_BOOTTIME, &ts);
        return (unsigned long long) ts.tv_sec * 1000000000ULL + (unsigned long long) ts.tv_nsec;
}

static int stamp(const char *file) {
        char tmp[PATH_MAX];
        unsigned long long t = now_ns();
        if (snprintf(tmp, sizeof tmp, "%s.tmp", file) >= (int) sizeof tmp)
                return -ENAMETOOLONG;
        FILE *f = fopen(tmp, "we");
        if (!f)
                return -errno;
        fprintf(f, "%llu\n", t);
        if (fclose(f) != 0 || rename(tmp, file) < 0)
                return -errno;
        return 0;
}

static bool read_stamp(const char *file, unsigned long long *ret) {
        FILE *f = fopen(file, "re");
        if (!f)
                return false;
        bool ok = fscanf(f, "%llu", ret) == 1;
        fclose(f);
        return ok;
}

static void sleep_ms(long ms) {
        struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
}

/* Whether a process named comm runs in the cgroup directory dir. */
static bool cgroup_runs(const char *dir, const char *comm) {
        char path[PATH_MAX], name[64];
        bool found = false;
        if (snprintf(path, sizeof path, "%s/cgroup.procs", dir) >= (int) sizeof path)
                return false;
        FILE *f = fopen(path, "re");
        if (!f)
                return false;
        int pid;
        while (!found && fscanf(f, "%d", &pid) == 1) {
                snprintf(path, sizeof path, "/proc/%d/comm", pid);
                FILE *c = fopen(path, "re");
                if (!c)
                        continue;
                if (fgets(name, sizeof name, c)) {
                        name[strcspn(name, "\n")] = 0;
                        found = strcmp(name, comm) == 0;
                }
                fclose(c);
        }
        fclose(f);
        return found;
}

/* Cgroups already seen running are remembered, so later scans only look at the laggards. */
#define MAX_SEEN 65536
static char *seen[MAX_SEEN];
static int n_seen;

static bool was_seen(const char *name) {
        for (int i = 0; i < n_seen; i++)
                if (strcmp(seen[i], name) == 0)
                        return true;
        return false;
}

static int count_running(const char *slice, const char *prefix, const char *comm) {
        DIR *d = opendir(slice);
        if (!d)
                return n_seen;
        struct dirent *de;
        char path[PATH_MAX];
        while ((de = readdir(d))) {
                size_t l = strlen(de->d_name);
                if (strncmp(de->d_name, prefix, strlen(prefix)) != 0 || l < 8 ||
                    strcmp(de->d_name + l - 8, ".service") != 0 || was_seen(de->d_name))
                        continue;
                if (snprintf(path, sizeof path, "%s/%s", slice, de->d_name) >= (int) sizeof path)
                        continue;
                if (cgroup_runs(path, comm) && n_seen < MAX_SEEN && (seen[n_seen] = strdup(de->d_name)))
                        n_seen++;
        }
        closedir(d);
        return n_seen;
}

static int watch(char **argv) {
        const char *file = argv[0], *cgroup = argv[1], *prefix = argv[2], *comm = argv[4];
        int n = atoi(argv[3]);
        long timeout_ms = atol(argv[5]);
        unsigned long long start = now_ns(), deadline = start + (unsigned long long) timeout_ms * 1000000ULL;
        unsigned long long target = 0, all = 0;
        char slice[PATH_MAX];
        snprintf(slice, sizeof slice, "%s/system.slice", cgroup);

        while (!read_stamp(file, &target)) {
                if (now_ns() > deadline) {
                        fprintf(stderr, "bench-helper: no %s within %ld ms\n", file, timeout_ms);
                        return 1;
                }
                sleep_ms(2);
        }
        /* no service to wait for: all of them ran when the target was reached */
        for (all = target; n > 0;) {
                int k = count_running(slice, prefix, comm);
                all = now_ns();
                if (k >= n)
                        break;
                if (all > deadline) {
                        fprintf(stderr, "bench-helper: %d of %d services running after %ld ms\n", k, n, timeout_ms);
                        return 1;
                }
                sleep_ms(1);
        }
        printf("%llu %llu\n", target, all > target ? all : target);
        return 0;
}

int main(int argc, char **argv) {
        if (argc >= 3 && strcmp(argv[1], "stamp") == 0)
                return stamp(argv[2]) < 0;
        if (argc >= 4 && strcmp(argv[1], "exec") == 0) {
                if (stamp(argv[2]) < 0)
                        return 1;
                execv(argv[3], argv + 3);
                perror("bench-helper: execv");
                return 127;
        }
        if (argc == 2 && strcmp(argv[1], "now") == 0) {
                printf("%llu\n", now_ns());
                return 0;
        }
        if (argc == 8 && strcmp(argv[1], "watch") == 0)
                return watch(argv + 2);
        fprintf(stderr, "usage: bench-helper stamp FILE | exec FILE PROG [ARG…] | now |\n"
                        "       watch STAMP CGROUP PREFIX N COMM TIMEOUT_MS\n");
        return 2;
}
