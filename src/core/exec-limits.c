/* exec-limits.c — see exec-limits.h. Runs in the forked child; system calls without libc
 * wrappers (ioprio_set, set_mempolicy, keyctl) go through syscall(2). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec-limits.h"
#include "exec-spawn.h"
#include "string-util.h"

#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_WHO_PROCESS 1
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define KEYCTL_LINK 8
#define KEY_SPEC_SESSION_KEYRING (-3)
#define KEY_SPEC_USER_KEYRING (-4)

int exec_rlimit_for(const ExecContext *ctx, int resource, const struct rlimit *current, struct rlimit *ret) {
        if (resource < 0 || resource >= RLIMIT_NLIMITS)
                return -EINVAL;
        if (ctx->rlimit[resource]) {
                *ret = *ctx->rlimit[resource];
                return 0;
        }
        if (resource != RLIMIT_NOFILE)
                return -ENOENT;
        rlim_t hard = current->rlim_max == RLIM_INFINITY || current->rlim_max > EXEC_NOFILE_HARD_DEFAULT
                              ? EXEC_NOFILE_HARD_DEFAULT : current->rlim_max;
        /* never raise the hard limit: the manager may itself run under a lower one */
        if (current->rlim_max != RLIM_INFINITY && current->rlim_max < hard)
                hard = current->rlim_max;
        *ret = (struct rlimit){ .rlim_cur = MIN((rlim_t) EXEC_NOFILE_SOFT_DEFAULT, hard), .rlim_max = hard };
        return 0;
}

struct rlimit exec_rlimit_closest(const struct rlimit *want, const struct rlimit *current) {
        rlim_t hard = MIN(want->rlim_max, current->rlim_max); /* RLIM_INFINITY is the largest */
        return (struct rlimit){ .rlim_cur = MIN(want->rlim_cur, hard), .rlim_max = hard };
}

#if defined(__x86_64__)
#define HOST_ARCH "x86-64"
#elif defined(__i386__)
#define HOST_ARCH "x86"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_ARCH "ppc64-le"
#elif defined(__powerpc64__)
#define HOST_ARCH "ppc64"
#elif defined(__s390x__)
#define HOST_ARCH "s390x"
#else
#define HOST_ARCH "native"
#endif

int exec_personality_from_name(const char *name, const char *host) {
        host = host ?: HOST_ARCH;
        if (streq(name, host))
                return PER_LINUX;
        /* the 32-bit sibling of a 64-bit host */
        static const char *const pairs[][2] = {
                { "x86-64", "x86" }, { "ppc64", "ppc" }, { "ppc64-le", "ppc-le" }, { "s390x", "s390" },
        };
        for (size_t i = 0; i < ELEMENTSOF(pairs); i++)
                if (streq(host, pairs[i][0]) && streq(name, pairs[i][1]))
                        return PER_LINUX32;
        return -EOPNOTSUPP;
}

static int write_proc_self(const char *file, const char *value) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/%s", file);
        int fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        ssize_t n = write(fd, value, strlen(value));
        int r = n < 0 ? -errno : 0;
        close(fd);
        return r;
}

static int apply_cpu_set(const CPUSet *s, int (*apply)(size_t size, cpu_set_t *set)) {
        unsigned max = (unsigned) s->allocated * 8;
        size_t size = CPU_ALLOC_SIZE(max ? max : 1);
        cpu_set_t *set = CPU_ALLOC(max ? max : 1);
        if (!set)
                return -ENOMEM;
        CPU_ZERO_S(size, set);
        for (unsigned c = 0; c < max; c++)
                if (cpu_set_isset(s, c))
                        CPU_SET_S(c, size, set);
        int r = apply(size, set);
        CPU_FREE(set);
        return r;
}

static int set_affinity(size_t size, cpu_set_t *set) {
        return sched_setaffinity(0, size, set) < 0 ? -errno : 0;
}

static int apply_numa(const ExecContext *ctx) {
        if (ctx->numa_policy == NUMA_POLICY_DEFAULT && cpu_set_count(&ctx->numa_mask) == 0)
                return 0;
        /* MPOL_DEFAULT 0, PREFERRED 1, BIND 2, INTERLEAVE 3, LOCAL 4: the enum's own order */
        unsigned long mask[CPU_SET_MAX / (8 * sizeof(unsigned long))] = {};
        unsigned long maxnode = 0;
        for (unsigned n = 0; n < CPU_SET_MAX && n < (unsigned) ctx->numa_mask.allocated * 8; n++)
                if (cpu_set_isset(&ctx->numa_mask, n)) {
                        mask[n / (8 * sizeof(unsigned long))] |= 1UL << (n % (8 * sizeof(unsigned long)));
                        maxnode = n + 2;
                }
        int mode = (int) ctx->numa_policy;
        if (syscall(SYS_set_mempolicy, mode, (mode == 0 || mode == 4) ? NULL : mask, (mode == 0 || mode == 4) ? 0 : maxnode) < 0) {
                if (errno == ENOSYS || errno == EOPNOTSUPP || errno == EPERM) {
                        fprintf(stderr, "NUMAPolicy= not supported by this kernel, ignoring: %m\n");
                        return 0;
                }
                return EXIT_NUMA_POLICY;
        }
        return 0;
}

int exec_ioprio_value(const ExecContext *ctx) {
        if (!ctx->ioprio_class_set && !ctx->ioprio_set)
                return -1;
        int cls = ctx->ioprio_class_set ? (int) ctx->ioprio_class : IO_CLASS_BEST_EFFORT;
        int data = ctx->ioprio_set ? ctx->ioprio : 4;
        /* The kernel takes no level with the "none" class (EINVAL: 211/IOPRIO before) and only
         * one meaningful level with "idle"; systemd normalizes both the same way. */
        if (cls == IO_CLASS_NONE)
                data = 0;
        else if (cls == IO_CLASS_IDLE)
                data = 7;
        return (cls << IOPRIO_CLASS_SHIFT) | data;
}

int exec_limits_apply(const ExecContext *ctx) {
        char buf[64];
        if (ctx->oom_score_adjust_set) {
                snprintf(buf, sizeof buf, "%i\n", ctx->oom_score_adjust);
                int r = write_proc_self("oom_score_adj", buf);
                /* a container may refuse it; systemd goes on then, and so do we */
                if (r < 0 && r != -EPERM && r != -EACCES)
                        return EXIT_OOM_ADJUST;
        }
        if (ctx->coredump_filter_set) {
                snprintf(buf, sizeof buf, "0x%llx\n", (unsigned long long) ctx->coredump_filter);
                (void) write_proc_self("coredump_filter", buf);
        }
        if (ctx->nice_set && setpriority(PRIO_PROCESS, 0, ctx->nice) < 0)
                return EXIT_NICE;
        if (ctx->cpu_sched_policy_set || ctx->cpu_sched_priority_set || ctx->cpu_sched_reset_on_fork) {
                int policy = ctx->cpu_sched_policy_set ? ctx->cpu_sched_policy : sched_getscheduler(0);
                if (policy < 0)
                        return EXIT_SETSCHEDULER;
                policy &= ~SCHED_RESET_ON_FORK;
                int lo = sched_get_priority_min(policy), hi = sched_get_priority_max(policy);
                struct sched_param sp = { .sched_priority = ctx->cpu_sched_priority };
                /* systemd clamps the priority to what the policy allows */
                if (sp.sched_priority < lo)
                        sp.sched_priority = lo;
                if (sp.sched_priority > hi)
                        sp.sched_priority = hi;
                if (sched_setscheduler(0, policy | (ctx->cpu_sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0), &sp) < 0)
                        return EXIT_SETSCHEDULER;
        }
        const CPUSet *aff = ctx->cpu_affinity_from_numa ? &ctx->numa_mask : &ctx->cpu_affinity;
        if (cpu_set_count(aff) > 0 && apply_cpu_set(aff, set_affinity) < 0)
                return EXIT_CPUAFFINITY;
        int r = apply_numa(ctx);
        if (r != 0)
                return r;
        int ioprio = exec_ioprio_value(ctx);
        if (ioprio >= 0 && syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, ioprio) < 0)
                return EXIT_IOPRIO;
        if (ctx->timer_slack_nsec != NSEC_INFINITY && prctl(PR_SET_TIMERSLACK, (unsigned long) ctx->timer_slack_nsec, 0, 0, 0) < 0)
                return EXIT_TIMERSLACK;
        if (ctx->personality) {
                int per = exec_personality_from_name(ctx->personality, NULL);
                if (per < 0)
                        fprintf(stderr, "Personality %s cannot run on this machine, ignoring.\n", ctx->personality);
                else if (personality((unsigned long) per) < 0)
                        return EXIT_PERSONALITY;
        }
        for (int i = 0; i < RLIMIT_NLIMITS; i++) {
                struct rlimit cur, want;
                if (getrlimit(i, &cur) < 0 || exec_rlimit_for(ctx, i, &cur, &want) < 0)
                        continue;
                if (setrlimit(i, &want) >= 0)
                        continue;
                /* raising the hard limit needs CAP_SYS_RESOURCE, which a container may lack
                 * (journald's LimitNOFILE=524288): systemd then settles for the closest limit */
                struct rlimit closest = exec_rlimit_closest(&want, &cur);
                if (errno != EPERM || setrlimit(i, &closest) < 0) {
                        fprintf(stderr, "Failed to set resource limit %d: %m\n", i);
                        return EXIT_LIMITS;
                }
        }
        umask(ctx->umask);
        return 0;
}

int exec_keyring_apply(const ExecContext *ctx, uid_t uid, gid_t gid) {
        (void) uid, (void) gid;
        if (ctx->keyring_mode == EXEC_KEYRING_INHERIT)
                return 0;
        /* a fresh anonymous session keyring, owned by whoever we are now */
        if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0) {
                if (errno == ENOSYS || errno == EACCES || errno == EPERM || errno == EOPNOTSUPP)
                        return 0; /* no keyrings here (seccomp in containers): systemd ignores it */
                return EXIT_KEYRING;
        }
        if (ctx->keyring_mode == EXEC_KEYRING_SHARED &&
            syscall(SYS_keyctl, KEYCTL_LINK, KEY_SPEC_USER_KEYRING, KEY_SPEC_SESSION_KEYRING) < 0)
                return EXIT_KEYRING;
        return 0;
}
