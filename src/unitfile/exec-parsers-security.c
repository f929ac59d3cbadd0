/* exec-parsers-security.c — parsers for the privilege and kernel-interface restrictions of
 * systemd.exec(7): capability sets (names through libcap, "~" inversion, lines merged),
 * SecureBits=, the seccomp lists (SystemCallFilter=, SystemCallLog=, SystemCallArchitectures=,
 * SystemCallErrorNumber=), RestrictAddressFamilies=, RestrictFileSystems= and
 * RestrictNamespaces=. Lists are stored by name; turning them into filters needs the kernel
 * the unit runs on and happens at start. */
#include <linux/securebits.h>
#include <sched.h>
#include <sys/capability.h>
#include <sys/socket.h>

#include "directive-util.h"
#include "config-values.h"
#include "exec-context.h"
#include "exec-parsers.h"
#include "parse-util.h"
#include "string-util.h"
#include "strv.h"

/* One merge rule for capability and namespace sets, as systemd.exec(7) describes it: an
 * assignment replaces the set while it still holds its initial value (or when it names
 * nothing: "" empties it, "~" fills it); later assignments add names, or with "~" remove
 * them. */
static uint64_t merge_set(uint64_t current, uint64_t initial, uint64_t sum, bool invert, uint64_t all) {
        if (sum == 0 || current == initial)
                return invert ? all & ~sum : sum;
        return invert ? current & ~sum : current | sum;
}

int config_parse_exec_capability_set(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        uint64_t *set = data;
        uint64_t initial = ltype ? CAPABILITY_SET_ALL : 0;
        bool invert = rvalue[0] == '~';
        const char *p = invert ? rvalue + 1 : rvalue;
        uint64_t sum = 0;
        for (;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        break;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                cap_value_t cap;
                /* A name this libcap does not know may be a newer kernel's capability; systemd
                 * passes over it quietly, so it is only a notice here. */
                if (cap_from_name(word, &cap) < 0 || cap < 0 || cap > 63) {
                        log_config(ctx, LOG_NOTICE, 0, "Unknown capability in %s=, ignoring: %s", ctx->lvalue, word);
                        continue;
                }
                sum |= UINT64_C(1) << cap;
        }
        *set = merge_set(*set, initial, sum, invert, CAPABILITY_SET_ALL);
        return 0;
}

static const struct {
        const char *name;
        int bit;
} secure_bit_names[] = {
        { "keep-caps", SECBIT_KEEP_CAPS },
        { "keep-caps-locked", SECBIT_KEEP_CAPS_LOCKED },
        { "no-setuid-fixup", SECBIT_NO_SETUID_FIXUP },
        { "no-setuid-fixup-locked", SECBIT_NO_SETUID_FIXUP_LOCKED },
        { "noroot", SECBIT_NOROOT },
        { "noroot-locked", SECBIT_NOROOT_LOCKED },
};

int config_parse_exec_secure_bits(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *bits = data;
        (void) ltype;
        if (!*rvalue) {
                *bits = 0;
                return 0;
        }
        int add = 0;
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        break;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                size_t i;
                for (i = 0; i < ELEMENTSOF(secure_bit_names); i++)
                        if (streq(word, secure_bit_names[i].name))
                                break;
                if (i == ELEMENTSOF(secure_bit_names)) {
                        log_config(ctx, LOG_NOTICE, 0, "Unknown secure bit, ignoring: %s", word);
                        continue;
                }
                add |= secure_bit_names[i].bit;
        }
        /* Lines add up; only an empty assignment clears. */
        *bits |= add;
        return 0;
}

/* The system call groups of systemd 252 (systemd.exec(7), "SystemCallFilter="). */
static const char *const syscall_groups[] = {
        "@aio", "@basic-io", "@chown", "@clock", "@cpu-emulation", "@debug", "@default", "@file-system",
        "@io-event", "@ipc", "@keyring", "@known", "@memlock", "@module", "@mount", "@network-io",
        "@obsolete", "@pkey", "@privileged", "@process", "@raw-io", "@reboot", "@resources", "@sandbox",
        "@setuid", "@signal", "@swap", "@sync", "@system-service", "@timer",
};

/* The file system groups of RestrictFileSystems=. */
static const char *const filesystem_groups[] = {
        "@application", "@auxiliary-api", "@basic-api", "@common-block", "@historical-block",
        "@known", "@network", "@privileged-api", "@security", "@temporary",
};

static void name_filter_reset(NameFilter *f) {
        f->names = strv_free(f->names);
        f->allow_list = false;
        f->set = false;
}

/* Adds or removes one name according to the rule of NameFilter (exec-context.h). A name
 * given with ":errno" replaces the same name given without, and vice versa. */
static int name_filter_apply(NameFilter *f, const char *name, bool invert) {
        size_t l = strcspn(name, ":");
        for (size_t i = 0; f->names && f->names[i]; i++)
                if (strncmp(f->names[i], name, l) == 0 && (f->names[i][l] == ':' || f->names[i][l] == 0)) {
                        free(f->names[i]);
                        memmove(f->names + i, f->names + i + 1, (strv_length(f->names + i + 1) + 1) * sizeof(char *));
                        break;
                }
        if (invert == !f->allow_list)
                return strv_extend(&f->names, name);
        return 0;
}

static void name_filter_start(NameFilter *f, bool invert) {
        if (f->set)
                return;
        f->allow_list = !invert;
        f->set = true;
}

int config_parse_exec_syscall_filter(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        NameFilter *f = data;
        if (!*rvalue) {
                name_filter_reset(f);
                return 0;
        }
        bool invert = rvalue[0] == '~';
        const char *p = invert ? rvalue + 1 : rvalue;
        name_filter_start(f, invert);
        for (;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        return 0;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                char *colon = strchr(word, ':');
                if (colon) {
                        if (!ltype) {
                                log_config_ignoring(ctx, "%s= does not take an error number, ignoring: %s", ctx->lvalue, word);
                                continue;
                        }
                        if (!invert) {
                                log_config_ignoring(ctx, "Allow-listed system calls cannot take error number, ignoring: %s", word);
                                continue;
                        }
                        int e = streq(colon + 1, "kill") ? 0 : errno_from_name(colon + 1);
                        if (e < 0) {
                                log_config_ignoring(ctx, "Failed to parse syscall:errno, ignoring: %s", word);
                                continue;
                        }
                        *colon = 0;
                }
                if (word[0] == '@' ? string_table_lookup(syscall_groups, ELEMENTSOF(syscall_groups), word) < 0
                                   : !(in_charset(word, "abcdefghijklmnopqrstuvwxyz0123456789_") && *word)) {
                        log_config_ignoring(ctx, "%s, ignoring: %s",
                                    word[0] == '@' ? "Unknown system call group" : "Failed to parse system call", word);
                        continue;
                }
                if (colon)
                        *colon = ':';
                /* "~name:errno" in an allow list stays listed, with its error number: the call
                 * fails with it even when a group of the list admits it, as in systemd */
                if (name_filter_apply(f, word, colon && f->allow_list ? false : invert) < 0)
                        return log_oom();
        }
}

int errno_from_name(const char *s) {
        unsigned u;
        if (safe_atou(s, &u) >= 0)
                return u > 0 && u < 4096 ? (int) u : -EINVAL;
        /* glibc knows the name of every errno it knows; no second table to keep in sync. */
        for (int e = 1; e < 4096; e++) {
                const char *n = strerrorname_np(e);
                if (n && streq(n, s))
                        return e;
        }
        return -EINVAL;
}

int config_parse_exec_syscall_errno(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *e = data;
        (void) ltype;
        if (!*rvalue || streq(rvalue, "kill")) {
                *e = SYSCALL_ERRNO_KILL;
                return 0;
        }
        if (streq(rvalue, "log")) {
                *e = SYSCALL_ERRNO_LOG;
                return 0;
        }
        int n = errno_from_name(rvalue);
        if (n < 0) {
                log_config_ignoring(ctx, "Failed to parse error number, ignoring: %s", rvalue);
                return 0;
        }
        *e = n;
        return 0;
}

/* Architecture names seccomp filters can be built for, as systemd spells them. */
static const char *const seccomp_arch_names[] = {
        "native", "x86", "x86-64", "x32", "arm", "arm64", "mips", "mips-le", "mips64", "mips64-le",
        "mips64-n32", "mips64-le-n32", "parisc", "parisc64", "ppc", "ppc64", "ppc64-le", "riscv64",
        "s390", "s390x",
};

int config_parse_exec_syscall_archs(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***archs = data;
        (void) ltype;
        if (!*rvalue) {
                *archs = strv_free(*archs);
                return 0;
        }
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        return 0;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (string_table_lookup(seccomp_arch_names, ELEMENTSOF(seccomp_arch_names), word) < 0) {
                        log_config_ignoring(ctx, "Failed to parse system call architecture, ignoring: %s", word);
                        continue;
                }
                if (strv_consume_unique(archs, TAKE_PTR(word)) < 0)
                        return log_oom();
        }
}

static const char *const address_family_names[] = {
        "AF_UNIX", "AF_LOCAL", "AF_FILE", "AF_INET", "AF_AX25", "AF_IPX", "AF_APPLETALK", "AF_NETROM",
        "AF_BRIDGE", "AF_ATMPVC", "AF_X25", "AF_INET6", "AF_ROSE", "AF_DECnet", "AF_NETBEUI", "AF_SECURITY",
        "AF_KEY", "AF_NETLINK", "AF_ROUTE", "AF_PACKET", "AF_ASH", "AF_ECONET", "AF_ATMSVC", "AF_RDS",
        "AF_SNA", "AF_IRDA", "AF_PPPOX", "AF_WANPIPE", "AF_LLC", "AF_IB", "AF_MPLS", "AF_CAN", "AF_TIPC",
        "AF_BLUETOOTH", "AF_IUCV", "AF_RXRPC", "AF_ISDN", "AF_PHONET", "AF_IEEE802154", "AF_CAIF",
        "AF_ALG", "AF_NFC", "AF_VSOCK", "AF_KCM", "AF_QIPCRTR", "AF_SMC", "AF_XDP", "AF_MCTP",
};

int config_parse_exec_address_families(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        NameFilter *f = data;
        (void) ltype;
        if (!*rvalue) {
                name_filter_reset(f);
                return 0;
        }
        /* "none": an allow list naming nothing, so no socket can be created. */
        if (streq(rvalue, "none")) {
                name_filter_reset(f);
                f->allow_list = f->set = true;
                return 0;
        }
        bool invert = rvalue[0] == '~';
        const char *p = invert ? rvalue + 1 : rvalue;
        name_filter_start(f, invert);
        for (;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        return 0;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (string_table_lookup(address_family_names, ELEMENTSOF(address_family_names), word) < 0) {
                        log_config_ignoring(ctx, "Failed to parse address family, ignoring: %s", word);
                        continue;
                }
                if (name_filter_apply(f, word, invert) < 0)
                        return log_oom();
        }
}

int config_parse_exec_restrict_filesystems(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        NameFilter *f = data;
        (void) ltype;
        if (!*rvalue) {
                name_filter_reset(f);
                return 0;
        }
        bool invert = rvalue[0] == '~';
        const char *p = invert ? rvalue + 1 : rvalue;
        name_filter_start(f, invert);
        for (;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        return 0;
                if (r < 0) {
                        log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                /* File system type names are whatever the kernel registers; only their
                 * spelling can be checked without it. */
                if (word[0] == '@' ? string_table_lookup(filesystem_groups, ELEMENTSOF(filesystem_groups), word) < 0
                                   : !(in_charset(word, "abcdefghijklmnopqrstuvwxyz0123456789_.-") && *word)) {
                        log_config_ignoring(ctx, "Failed to parse file system name, ignoring: %s", word);
                        continue;
                }
                if (name_filter_apply(f, word, invert) < 0)
                        return log_oom();
        }
}

static const struct {
        const char *name;
        unsigned long flag;
} namespace_names[] = {
        { "cgroup", CLONE_NEWCGROUP }, { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET }, { "mnt", CLONE_NEWNS },
        { "pid", CLONE_NEWPID },       { "user", CLONE_NEWUSER }, { "uts", CLONE_NEWUTS },
};

/* RestrictNamespaces= holds the namespace types a unit may create: "yes" none of them,
 * "no" all, a list those named, "~list" all but those. */
int config_parse_exec_restrict_namespaces(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        unsigned long *flags = data;
        (void) ltype;
        if (!*rvalue) {
                *flags = NAMESPACE_FLAGS_INITIAL;
                return 0;
        }
        int b = parse_boolean(rvalue);
        if (b >= 0) {
                *flags = b ? 0 : NAMESPACE_FLAGS_ALL;
                return 0;
        }
        bool invert = rvalue[0] == '~';
        const char *p = invert ? rvalue + 1 : rvalue;
        unsigned long sum = 0;
        for (;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == 0)
                        break;
                size_t i = ELEMENTSOF(namespace_names);
                if (r > 0)
                        for (i = 0; i < ELEMENTSOF(namespace_names); i++)
                                if (streq(word, namespace_names[i].name))
                                        break;
                if (i == ELEMENTSOF(namespace_names)) {
                        log_config_ignoring(ctx, "Failed to parse namespace type string, ignoring: %s", rvalue);
                        return 0;
                }
                sum |= namespace_names[i].flag;
        }
        *flags = (unsigned long) merge_set(*flags == NAMESPACE_FLAGS_INITIAL ? UINT64_MAX : *flags, UINT64_MAX, sum,
                                           invert, NAMESPACE_FLAGS_ALL);
        return 0;
}
