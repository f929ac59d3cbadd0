/* exec-seccomp.c — the seccomp filters of systemd.exec(5), built with libseccomp in the
 * forked child right before execve(): SystemCallFilter= with its groups and
 * SystemCallErrorNumber=, SystemCallLog=, SystemCallArchitectures=, RestrictAddressFamilies=,
 * RestrictNamespaces=, RestrictRealtime=, RestrictSUIDSGID=, LockPersonality=,
 * MemoryDenyWriteExecute=, and the system call halves of ProtectHostname=, ProtectClock=,
 * ProtectKernelModules=, ProtectKernelLogs= and PrivateDevices=; and NoNewPrivileges=,
 * which belongs at the same late point.
 *
 * Each feature is its own filter, and each filter is built once per architecture the
 * kernel runs binaries of (on x86-64 also i386 and x32), every one of them letting the other
 * architectures through to their own filter: a filter built for the native architecture
 * alone would kill every 32-bit system call, and one letting foreign architectures pass
 * would leave 32-bit binaries unconfined. SystemCallArchitectures= is the one filter that
 * does block foreign architectures. Filters stack; the kernel takes the strictest verdict. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec-sandbox-internal.h"
#include "exec-syscall-groups.h"
#include "log.h"
#include "macro.h"
#include "string-util.h"
#include "strv.h"

typedef int (*AddRules)(scmp_filter_ctx ctx, void *userdata);

/* libseccomp's SCMP_An() leave datum_b out for the two-operand comparisons */
#define ARG(n, o, a, b) ((struct scmp_arg_cmp) { .arg = (n), .op = (o), .datum_a = (a), .datum_b = (b) })

static const uint32_t secondary_archs[] = {
#if defined(__x86_64__)
        SCMP_ARCH_X86,
        SCMP_ARCH_X32,
#elif defined(__aarch64__)
        SCMP_ARCH_ARM,
#endif
};

static scmp_filter_ctx new_filter(uint32_t arch, uint32_t default_action, uint32_t badarch_action) {
        scmp_filter_ctx ctx = seccomp_init(default_action);
        if (!ctx)
                return NULL;
        if (arch != SCMP_ARCH_NATIVE &&
            (seccomp_arch_add(ctx, arch) < 0 || seccomp_arch_remove(ctx, seccomp_arch_native()) < 0)) {
                seccomp_release(ctx);
                return NULL;
        }
        /* No implicit NoNewPrivileges: exec_seccomp_apply() decides that once, for all
         * filters (systemd.exec(5): implied only without CAP_SYS_ADMIN). */
        if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, badarch_action) < 0 ||
            seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) < 0) {
                seccomp_release(ctx);
                return NULL;
        }
        return ctx;
}

/* Loads one filter per architecture. The native one must load; a secondary one that this
 * libseccomp or kernel cannot express is left out, as systemd does. The native one loads
 * last: once it is in, seccomp(2) itself may be forbidden (an allow list without it). */
static int load_filters(uint32_t default_action, AddRules add, void *userdata) {
        for (size_t i = 0; i <= ELEMENTSOF(secondary_archs); i++) {
                bool native = i == ELEMENTSOF(secondary_archs);
                uint32_t arch = native ? SCMP_ARCH_NATIVE : secondary_archs[i];
                scmp_filter_ctx ctx = new_filter(arch, default_action, SCMP_ACT_ALLOW);
                int r = ctx ? add(ctx, userdata) : -ENOMEM;
                if (r >= 0)
                        r = seccomp_load(ctx);
                if (ctx)
                        seccomp_release(ctx);
                if (r < 0 && native)
                        return r;
        }
        return 0;
}

/* Adds a rule by name; a name this architecture has no such call for is skipped. */
static int add_rule(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned n,
                    const struct scmp_arg_cmp *cmp) {
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR)
                return 0;
        int r = seccomp_rule_add_array(ctx, action, nr, n, cmp);
        /* -EACCES: same as the default action; -EDOM/-EFAULT: not on this architecture */
        if (r == -EACCES || r == -EDOM || r == -EFAULT || r == -EEXIST)
                return 0;
        return r;
}

static uint32_t errno_action(int e) {
        if (e == SYSCALL_ERRNO_KILL)
                return SCMP_ACT_KILL_PROCESS;
        if (e == SYSCALL_ERRNO_LOG)
                return SCMP_ACT_LOG;
        return SCMP_ACT_ERRNO((uint32_t) e);
}

/* --- SystemCallFilter= and SystemCallLog= --- */

typedef struct ListFilter {
        char **names;           /* expanded, with optional ":errno" kept per entry */
        uint32_t listed_action;
} ListFilter;

/* Entries with ":errno" go in first: a call listed with an error number and also admitted by
 * a group of an allow list (@system-service and ~uname:EILSEQ) fails with that number; the
 * later plain rule for it is a duplicate that add_rule() passes over. */
static int add_list(scmp_filter_ctx ctx, void *userdata) {
        ListFilter *f = userdata;
        for (int with_errno = 1; with_errno >= 0; with_errno--)
                STRV_FOREACH(n, f->names) {
                        if (!!strchr(*n, ':') != with_errno)
                                continue;
                        _cleanup_free_ char *name = strdup(*n);
                        if (!name)
                                return -ENOMEM;
                        uint32_t action = f->listed_action;
                        char *colon = strchr(name, ':');
                        if (colon) {
                                *colon = 0;
                                action = streq(colon + 1, "kill") ? SCMP_ACT_KILL_PROCESS
                                                                  : SCMP_ACT_ERRNO((uint32_t) errno_from_name(colon + 1));
                        }
                        int r = add_rule(ctx, action, name, 0, NULL);
                        if (r < 0)
                                return r;
                }
        return 0;
}

/* Expands groups; "name:errno" entries keep their suffix on every member. */
static int expand_filter(const NameFilter *nf, bool add_default, char ***ret) {
        _cleanup_strv_free_ char **out = NULL;
        if (add_default && syscall_expand("@default", &out) < 0)
                return -ENOMEM;
        STRV_FOREACH(n, nf->names) {
                const char *colon = strchr(*n, ':');
                _cleanup_free_ char *base = colon ? strndup(*n, (size_t) (colon - *n)) : strdup(*n);
                _cleanup_strv_free_ char **members = NULL;
                if (!base)
                        return -ENOMEM;
                int r = syscall_expand(base, &members);
                if (r == -ENOENT)
                        continue; /* the parser already warned */
                if (r < 0)
                        return r;
                STRV_FOREACH(m, members) {
                        _cleanup_free_ char *e = colon ? strjoin(*m, colon) : strdup(*m);
                        if (!e || strv_push(&out, TAKE_PTR(e)) < 0)
                                return -ENOMEM;
                }
        }
        *ret = TAKE_PTR(out);
        return 0;
}

static int apply_syscall_filter(const ExecContext *c) {
        _cleanup_strv_free_ char **names = NULL;
        /* An allow list always admits @default: without those no process gets to main(). */
        int r = expand_filter(&c->syscall_filter, c->syscall_filter.allow_list, &names);
        if (r < 0)
                return r;
        uint32_t action = errno_action(c->syscall_errno);
        if (c->syscall_filter.allow_list) {
                ListFilter f = { names, SCMP_ACT_ALLOW };
                return load_filters(action, add_list, &f);
        }
        ListFilter f = { names, action };
        return load_filters(SCMP_ACT_ALLOW, add_list, &f);
}

static int apply_syscall_log(const ExecContext *c) {
        _cleanup_strv_free_ char **names = NULL;
        int r = expand_filter(&c->syscall_log, false, &names);
        if (r < 0)
                return r;
        /* the listed calls are logged; "~" logs all but those */
        ListFilter f = { names, c->syscall_log.allow_list ? SCMP_ACT_LOG : SCMP_ACT_ALLOW };
        return load_filters(c->syscall_log.allow_list ? SCMP_ACT_ALLOW : SCMP_ACT_LOG, add_list, &f);
}

/* --- fixed deny sets of the Protect*= settings --- */

typedef struct DenySet {
        const char *entries; /* names and groups, space-separated */
        int error;
} DenySet;

static int add_deny_set(scmp_filter_ctx ctx, void *userdata) {
        const DenySet *d = userdata;
        _cleanup_strv_free_ char **words = NULL, **names = NULL;
        if (strv_split_full(&words, d->entries, WHITESPACE, 0) < 0)
                return -ENOMEM;
        STRV_FOREACH(w, words)
                if (syscall_expand(*w, &names) < 0)
                        return -ENOMEM;
        STRV_FOREACH(n, names) {
                int r = add_rule(ctx, SCMP_ACT_ERRNO((uint32_t) d->error), *n, 0, NULL);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int deny(const char *entries, int error) {
        DenySet d = { entries, error };
        return load_filters(SCMP_ACT_ALLOW, add_deny_set, &d);
}

/* --- SystemCallArchitectures= --- */

static const struct {
        const char *name;
        uint32_t arch;
} arch_names[] = {
        { "x86", SCMP_ARCH_X86 },          { "x86-64", SCMP_ARCH_X86_64 },     { "x32", SCMP_ARCH_X32 },
        { "arm", SCMP_ARCH_ARM },          { "arm64", SCMP_ARCH_AARCH64 },     { "mips", SCMP_ARCH_MIPS },
        { "mips-le", SCMP_ARCH_MIPSEL },   { "mips64", SCMP_ARCH_MIPS64 },     { "mips64-le", SCMP_ARCH_MIPSEL64 },
        { "mips64-n32", SCMP_ARCH_MIPS64N32 }, { "mips64-le-n32", SCMP_ARCH_MIPSEL64N32 },
        { "parisc", SCMP_ARCH_PARISC },    { "parisc64", SCMP_ARCH_PARISC64 }, { "ppc", SCMP_ARCH_PPC },
        { "ppc64", SCMP_ARCH_PPC64 },      { "ppc64-le", SCMP_ARCH_PPC64LE },  { "riscv64", SCMP_ARCH_RISCV64 },
        { "s390", SCMP_ARCH_S390 },        { "s390x", SCMP_ARCH_S390X },
};

/* A filter with no rules whose architecture list is exactly the allowed one: a system call
 * of any other architecture gets the "bad architecture" verdict, which kills. */
static int apply_archs(char **archs) {
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
        int r = 0;
        bool native = false;
        if (!ctx)
                return -ENOMEM;
        STRV_FOREACH(a, archs) {
                uint32_t arch = 0;
                if (streq(*a, "native")) {
                        native = true;
                        continue;
                }
                for (size_t i = 0; i < ELEMENTSOF(arch_names); i++)
                        if (streq(*a, arch_names[i].name))
                                arch = arch_names[i].arch;
                if (arch == seccomp_arch_native())
                        native = true;
                else if (arch != 0 && (r = seccomp_arch_add(ctx, arch)) < 0 && r != -EEXIST)
                        goto finish;
        }
        if (!native && (r = seccomp_arch_remove(ctx, seccomp_arch_native())) < 0)
                goto finish;
        if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0 ||
            (r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0)
                goto finish;
        r = seccomp_load(ctx);
finish:
        seccomp_release(ctx);
        return r;
}

/* --- RestrictAddressFamilies= --- */

static const struct {
        const char *name;
        int af;
} af_names[] = {
        { "AF_UNIX", AF_UNIX },       { "AF_LOCAL", AF_LOCAL },       { "AF_FILE", AF_FILE },
        { "AF_INET", AF_INET },       { "AF_AX25", AF_AX25 },         { "AF_IPX", AF_IPX },
        { "AF_APPLETALK", AF_APPLETALK }, { "AF_NETROM", AF_NETROM }, { "AF_BRIDGE", AF_BRIDGE },
        { "AF_ATMPVC", AF_ATMPVC },   { "AF_X25", AF_X25 },           { "AF_INET6", AF_INET6 },
        { "AF_ROSE", AF_ROSE },       { "AF_DECnet", AF_DECnet },     { "AF_NETBEUI", AF_NETBEUI },
        { "AF_SECURITY", AF_SECURITY }, { "AF_KEY", AF_KEY },         { "AF_NETLINK", AF_NETLINK },
        { "AF_ROUTE", AF_ROUTE },     { "AF_PACKET", AF_PACKET },     { "AF_ASH", AF_ASH },
        { "AF_ECONET", AF_ECONET },   { "AF_ATMSVC", AF_ATMSVC },     { "AF_RDS", AF_RDS },
        { "AF_SNA", AF_SNA },         { "AF_IRDA", AF_IRDA },         { "AF_PPPOX", AF_PPPOX },
        { "AF_WANPIPE", AF_WANPIPE }, { "AF_LLC", AF_LLC },           { "AF_IB", AF_IB },
        { "AF_MPLS", AF_MPLS },       { "AF_CAN", AF_CAN },           { "AF_TIPC", AF_TIPC },
        { "AF_BLUETOOTH", AF_BLUETOOTH }, { "AF_IUCV", AF_IUCV },     { "AF_RXRPC", AF_RXRPC },
        { "AF_ISDN", AF_ISDN },       { "AF_PHONET", AF_PHONET },     { "AF_IEEE802154", AF_IEEE802154 },
        { "AF_CAIF", AF_CAIF },       { "AF_ALG", AF_ALG },           { "AF_NFC", AF_NFC },
        { "AF_VSOCK", AF_VSOCK },     { "AF_KCM", AF_KCM },           { "AF_QIPCRTR", AF_QIPCRTR },
        { "AF_SMC", AF_SMC },         { "AF_XDP", AF_XDP },           { "AF_MCTP", 45 },
};

int address_family_from_name(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(af_names); i++)
                if (streq(af_names[i].name, name))
                        return af_names[i].af;
        return -EINVAL;
}

#define AF_LIMIT 64 /* above every family the kernel has (AF_MAX is 46 in 6.x) */

static int add_address_families(scmp_filter_ctx ctx, void *userdata) {
        const NameFilter *f = userdata;
        bool listed[AF_LIMIT] = {};
        STRV_FOREACH(n, f->names) {
                int af = address_family_from_name(*n);
                if (af >= 0 && af < AF_LIMIT)
                        listed[af] = true;
        }
        uint32_t action = SCMP_ACT_ERRNO(EAFNOSUPPORT);
        for (int af = 0; af < AF_LIMIT; af++) {
                if (listed[af] == f->allow_list)
                        continue;
                struct scmp_arg_cmp cmp = ARG(0, SCMP_CMP_EQ, (scmp_datum_t) af, 0);
                int r = add_rule(ctx, action, "socket", 1, &cmp);
                if (r < 0)
                        return r;
        }
        if (f->allow_list) { /* and every family a future kernel may add */
                struct scmp_arg_cmp cmp = ARG(0, SCMP_CMP_GE, AF_LIMIT, 0);
                int r = add_rule(ctx, action, "socket", 1, &cmp);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* --- RestrictNamespaces= --- */

static int add_namespaces(scmp_filter_ctx ctx, void *userdata) {
        unsigned long allowed = *(unsigned long *) userdata;
        static const unsigned long flags[] = {
                CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS,
        };
        int r;
        /* clone3() passes its flags in memory a filter cannot read; ENOSYS makes libc fall
         * back to clone(), whose flags it can. */
        if ((r = add_rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL)) < 0)
                return r;
        if ((allowed & NAMESPACE_FLAGS_ALL) == 0) { /* setns() of any kind */
                struct scmp_arg_cmp cmp = ARG(1, SCMP_CMP_EQ, 0, 0);
                if ((r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "setns", 1, &cmp)) < 0)
                        return r;
        }
        for (size_t i = 0; i < ELEMENTSOF(flags); i++) {
                if (allowed & flags[i])
                        continue;
                struct scmp_arg_cmp cmp = ARG(0, SCMP_CMP_MASKED_EQ, flags[i], flags[i]);
                struct scmp_arg_cmp cmp1 = ARG(1, SCMP_CMP_MASKED_EQ, flags[i], flags[i]);
                if ((r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "unshare", 1, &cmp)) < 0 ||
                    (r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "clone", 1, &cmp)) < 0 ||
                    (r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "setns", 1, &cmp1)) < 0)
                        return r;
        }
        return 0;
}

/* --- RestrictRealtime=, RestrictSUIDSGID=, LockPersonality=, MemoryDenyWriteExecute= --- */

static int add_realtime(scmp_filter_ctx ctx, void *userdata) {
        static const int policies[] = { SCHED_FIFO, SCHED_RR, 6 /* SCHED_DEADLINE */ };
        for (size_t i = 0; i < ELEMENTSOF(policies); i++) {
                /* SCHED_RESET_ON_FORK may be or'ed into the policy */
                struct scmp_arg_cmp cmp = ARG(1, SCMP_CMP_MASKED_EQ, ~(scmp_datum_t) SCHED_RESET_ON_FORK & 0xffffffffu,
                                                  (scmp_datum_t) policies[i]);
                int r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "sched_setscheduler", 1, &cmp);
                if (r < 0)
                        return r;
        }
        /* sched_setattr() takes the policy in memory; it is the only other way in */
        return add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "sched_setattr", 0, NULL);
}

static int add_suid_sgid(scmp_filter_ctx ctx, void *userdata) {
        static const struct {
                const char *name;
                unsigned mode_arg;
                int flags_arg; /* -1: always creates */
        } calls[] = {
                { "chmod", 1, -1 },  { "fchmod", 1, -1 }, { "fchmodat", 2, -1 }, { "mkdir", 1, -1 },
                { "mkdirat", 2, -1 }, { "mknod", 1, -1 }, { "mknodat", 2, -1 }, { "creat", 1, -1 },
                { "open", 2, 1 },    { "openat", 3, 2 },
        };
        static const scmp_datum_t bits[] = { S_ISUID, S_ISGID };
        int r;
        for (size_t i = 0; i < ELEMENTSOF(calls); i++)
                for (size_t b = 0; b < ELEMENTSOF(bits); b++) {
                        struct scmp_arg_cmp cmp[2] = {
                                { .arg = calls[i].mode_arg, .op = SCMP_CMP_MASKED_EQ, .datum_a = bits[b], .datum_b = bits[b] },
                                { .arg = (unsigned) calls[i].flags_arg, .op = SCMP_CMP_MASKED_EQ, .datum_a = O_CREAT,
                                  .datum_b = O_CREAT },
                        };
                        if ((r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), calls[i].name, calls[i].flags_arg < 0 ? 1 : 2, cmp)) < 0)
                                return r;
                }
        /* openat2() and fchmodat2() take their mode where a filter cannot look or are too
         * new for this libseccomp: ENOSYS sends libc back to the calls above. */
        if ((r = add_rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "openat2", 0, NULL)) < 0)
                return r;
#ifdef __x86_64__
        if (seccomp_syscall_resolve_name("fchmodat2") == __NR_SCMP_ERROR && seccomp_arch_exist(ctx, SCMP_ARCH_X86_64) == 0) {
                r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), 452, 0);
                if (r < 0 && r != -EDOM && r != -EFAULT)
                        return r;
        }
#endif
        return 0;
}

static int add_lock_personality(scmp_filter_ctx ctx, void *userdata) {
        unsigned long current = *(unsigned long *) userdata;
        struct scmp_arg_cmp cmp = ARG(0, SCMP_CMP_NE, current, 0);
        return add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "personality", 1, &cmp);
}

static int add_mdwe(scmp_filter_ctx ctx, void *userdata) {
        struct scmp_arg_cmp wx = ARG(2, SCMP_CMP_MASKED_EQ, PROT_WRITE | PROT_EXEC, PROT_WRITE | PROT_EXEC);
        struct scmp_arg_cmp x2 = ARG(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC);
        struct scmp_arg_cmp shm = ARG(2, SCMP_CMP_MASKED_EQ, SHM_EXEC, SHM_EXEC);
        int r;
        if ((r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "mmap", 1, &wx)) < 0 ||
            (r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "mmap2", 1, &wx)) < 0 ||
            (r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "mprotect", 1, &x2)) < 0 ||
            (r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "pkey_mprotect", 1, &x2)) < 0 ||
            (r = add_rule(ctx, SCMP_ACT_ERRNO(EPERM), "shmat", 1, &shm)) < 0)
                return r;
        return 0;
}

static bool have_cap_sys_admin(void) {
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct d[2] = {};
        if (syscall(SYS_capget, &h, d) < 0)
                return false;
        return d[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32));
}

static bool seccomp_wanted(const ExecContext *c) {
        return c->syscall_filter.set || c->syscall_log.set || c->syscall_archs || c->address_families.set ||
               c->restrict_namespaces != NAMESPACE_FLAGS_INITIAL || c->restrict_realtime || c->restrict_suid_sgid ||
               c->lock_personality || c->memory_deny_write_execute || c->protect_hostname || c->protect_clock ||
               c->protect_kernel_modules || c->protect_kernel_logs || c->private_devices;
}

int exec_seccomp_apply(const ExecContext *c, const char *unit, int *ret_exit_code) {
        int r;
        /* NoNewPrivileges=: here, last, since nothing after it runs a set-uid helper */
        if (c->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
                *ret_exit_code = EXIT_NO_NEW_PRIVILEGES;
                return log_error_errno(errno, "%s: cannot set no_new_privs", unit);
        }
        if (!seccomp_wanted(c))
                return 0;
        if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL) {
                /* systemd skips here too; say so loudly, it is not what the unit asked for */
                log_warning("%s: the kernel has no seccomp, system call restrictions are NOT applied", unit);
                return 0;
        }
        /* Installing a filter needs CAP_SYS_ADMIN or no_new_privs (systemd.exec(5): implied) */
        if (!have_cap_sys_admin() && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
                *ret_exit_code = EXIT_NO_NEW_PRIVILEGES;
                return log_error_errno(errno, "%s: cannot set no_new_privs", unit);
        }

#define STEP(cond, expr, code, what)                                                    \
        do {                                                                            \
                if ((cond) && (r = (expr)) < 0) {                                       \
                        *ret_exit_code = (code);                                        \
                        return log_error_errno(r, "%s: failed to apply %s", unit, what); \
                }                                                                       \
        } while (0)

        STEP(c->address_families.set, load_filters(SCMP_ACT_ALLOW, add_address_families, (void *) &c->address_families),
             EXIT_ADDRESS_FAMILIES, "RestrictAddressFamilies=");
        unsigned long ns = c->restrict_namespaces;
        STEP(ns != NAMESPACE_FLAGS_INITIAL && (ns & NAMESPACE_FLAGS_ALL) != NAMESPACE_FLAGS_ALL,
             load_filters(SCMP_ACT_ALLOW, add_namespaces, &ns), EXIT_SECCOMP, "RestrictNamespaces=");
        STEP(c->restrict_realtime, load_filters(SCMP_ACT_ALLOW, add_realtime, NULL), EXIT_SECCOMP, "RestrictRealtime=");
        STEP(c->restrict_suid_sgid, load_filters(SCMP_ACT_ALLOW, add_suid_sgid, NULL), EXIT_SECCOMP, "RestrictSUIDSGID=");
        STEP(c->memory_deny_write_execute, load_filters(SCMP_ACT_ALLOW, add_mdwe, NULL), EXIT_SECCOMP,
             "MemoryDenyWriteExecute=");
        unsigned long persona = (unsigned long) personality(0xffffffff);
        STEP(c->lock_personality, load_filters(SCMP_ACT_ALLOW, add_lock_personality, &persona), EXIT_SECCOMP,
             "LockPersonality=");
        STEP(c->protect_hostname, deny("sethostname setdomainname", EPERM), EXIT_SECCOMP, "ProtectHostname=");
        STEP(c->protect_clock, deny("@clock", EPERM), EXIT_SECCOMP, "ProtectClock=");
        STEP(c->protect_kernel_modules, deny("@module", EPERM), EXIT_SECCOMP, "ProtectKernelModules=");
        STEP(c->protect_kernel_logs, deny("syslog", EPERM), EXIT_SECCOMP, "ProtectKernelLogs=");
        STEP(c->private_devices, deny("@raw-io", EPERM), EXIT_SECCOMP, "PrivateDevices=");
        STEP(c->syscall_archs, apply_archs(c->syscall_archs), EXIT_SECCOMP, "SystemCallArchitectures=");
        STEP(c->syscall_log.set, apply_syscall_log(c), EXIT_SECCOMP, "SystemCallLog=");
        /* last: the one most likely to forbid what the filters above needed to load */
        STEP(c->syscall_filter.set, apply_syscall_filter(c), EXIT_SECCOMP, "SystemCallFilter=");
#undef STEP
        return 0;
}
