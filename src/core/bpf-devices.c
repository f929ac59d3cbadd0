/* bpf-devices.c — see bpf-devices.h. The kernel calls a cgroup device program with
 * struct bpf_cgroup_dev_ctx { access_type = access << 16 | type, major, minor } on every
 * open(2) and mknod(2) of a device node by a process of the cgroup; 1 allows, 0 denies. */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "bpf-devices.h"
#include "fileio.h"
#include "log.h"
#include "string-util.h"

#define ACCESS_ALL (CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE | CGROUP_DEVICE_MKNOD)

DeviceFilter device_filter_needed(const CGroupContext *c, bool private_devices) {
        CGroupDevicePolicy p = c ? c->device_policy : CGROUP_DEVICE_POLICY_AUTO;
        if (p != CGROUP_DEVICE_POLICY_AUTO || (c && c->device_allow.n > 0))
                return DEVICE_FILTER_EXPLICIT;
        return private_devices ? DEVICE_FILTER_IMPLIED : DEVICE_FILTER_NONE;
}

typedef struct RuleList {
        DeviceRule *r;
        size_t n;
} RuleList;

static int push(RuleList *l, char type, int64_t major, int64_t minor, unsigned access) {
        /* one rule per device: rights add up, as repeated DeviceAllow= lines do */
        for (size_t i = 0; i < l->n; i++)
                if (l->r[i].type == type && l->r[i].major == major && l->r[i].minor == minor) {
                        l->r[i].access |= access;
                        return 0;
                }
        DeviceRule *n = realloc(l->r, (l->n + 1) * sizeof *n);
        if (!n)
                return -ENOMEM;
        l->r = n;
        l->r[l->n++] = (DeviceRule){ type, major, minor, access };
        return 0;
}

static int push_node(RuleList *l, const char *path, unsigned access, int (*stat_fn)(const char *, struct stat *), bool quiet) {
        struct stat st;
        if (stat_fn(path, &st) < 0) {
                if (!quiet)
                        log_warning_errno(-errno, "DeviceAllow=%s: cannot stat the device node (%m), ignoring.", path);
                return 0;
        }
        if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) {
                if (!quiet)
                        log_warning("DeviceAllow=%s: not a device node, ignoring.", path);
                return 0;
        }
        return push(l, S_ISCHR(st.st_mode) ? 'c' : 'b', major(st.st_rdev), minor(st.st_rdev), access);
}

/* "char-NAME" / "block-NAME": every major of that section of /proc/devices whose name
 * matches the glob ("char-*" is all of them, "char-cpu/" followed by a star the CPU ones). */
static int push_class(RuleList *l, const char *spec, unsigned access, const char *proc_devices) {
        bool chr = startswith(spec, "char-") != NULL;
        const char *glob = spec + (chr ? strlen("char-") : strlen("block-"));
        bool in_section = false, found = false;
        for (const char *p = proc_devices ?: ""; *p;) {
                size_t len = strcspn(p, "\n");
                char line[256];
                snprintf(line, sizeof line, "%.*s", (int) (len < sizeof line ? len : sizeof line - 1), p);
                p += len + (p[len] == '\n');
                if (streq(line, "Character devices:")) {
                        in_section = chr;
                        continue;
                }
                if (streq(line, "Block devices:")) {
                        in_section = !chr;
                        continue;
                }
                unsigned maj;
                int off = 0;
                if (!in_section || sscanf(line, " %u %n", &maj, &off) != 1 || !line[off])
                        continue;
                if (fnmatch(glob, line + off, 0) != 0)
                        continue;
                found = true;
                int r = push(l, chr ? 'c' : 'b', maj, DEVICE_ANY, access);
                if (r < 0)
                        return r;
        }
        if (!found)
                log_warning("DeviceAllow=%s: no such device group in /proc/devices, ignoring.", spec);
        return 0;
}

int device_rules_build(const CGroupContext *c, bool private_devices, const char *proc_devices,
                       int (*stat_fn)(const char *path, struct stat *st), DeviceRule **ret, size_t *ret_n) {
        /* The API devices of DevicePolicy=closed (and of auto with DeviceAllow=): what the
         * private /dev of PrivateDevices= holds, plus the nodes InaccessiblePaths= maps over
         * device nodes. */
        static const char *const pseudo[] = {
                "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/ptmx",
                "/run/systemd/inaccessible/chr", "/run/systemd/inaccessible/blk",
        };
        RuleList l = {};
        int r = 0;
        CGroupDevicePolicy policy = c ? c->device_policy : CGROUP_DEVICE_POLICY_AUTO;
        if (policy == CGROUP_DEVICE_POLICY_AUTO && private_devices)
                policy = CGROUP_DEVICE_POLICY_CLOSED;
        for (size_t i = 0; c && r >= 0 && i < c->device_allow.n; i++) {
                const char *spec = c->device_allow.items[i].path;
                unsigned access = (unsigned) c->device_allow.items[i].value & ACCESS_ALL;
                if (startswith(spec, "char-") || startswith(spec, "block-"))
                        r = push_class(&l, spec, access, proc_devices);
                else
                        r = push_node(&l, spec, access, stat_fn, false);
        }
        if (policy != CGROUP_DEVICE_POLICY_STRICT) {
                for (size_t i = 0; r >= 0 && i < ELEMENTSOF(pseudo); i++)
                        r = push_node(&l, pseudo[i], ACCESS_ALL, stat_fn, true);
                /* the pseudo terminals a ptmx hands out */
                if (r >= 0)
                        r = push(&l, 'c', 136, DEVICE_ANY, CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE);
        }
        if (r < 0) {
                free(l.r);
                return r;
        }
        *ret = l.r;
        *ret_n = l.n;
        return 0;
}

/* Instruction constructors, after the kernel's own encoding (uapi linux/bpf.h,
 * linux/bpf_common.h). */
static struct bpf_insn ldx_w(uint8_t dst, uint8_t src, int16_t off) {
        return (struct bpf_insn){ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = dst, .src_reg = src, .off = off };
}
static struct bpf_insn alu32_k(uint8_t op, uint8_t dst, int32_t imm) {
        return (struct bpf_insn){ .code = BPF_ALU | op | BPF_K, .dst_reg = dst, .imm = imm };
}
static struct bpf_insn mov64_x(uint8_t dst, uint8_t src) {
        return (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = dst, .src_reg = src };
}
static struct bpf_insn mov64_k(uint8_t dst, int32_t imm) {
        return (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = dst, .imm = imm };
}
static struct bpf_insn jne_k(uint8_t dst, int32_t imm, int16_t off) {
        return (struct bpf_insn){ .code = BPF_JMP | BPF_JNE | BPF_K, .dst_reg = dst, .off = off, .imm = imm };
}
static struct bpf_insn exit_insn(void) {
        return (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
}

/* Registers after the prologue: r2 type, r3 requested access, r4 major, r5 minor; r1 is a
 * scratch register from then on. */
enum { R0, R1, R2, R3, R4, R5 };

static size_t rule_len(const DeviceRule *d) {
        return 1 + ((d->access & ACCESS_ALL) != ACCESS_ALL ? 3 : 0) + (d->major != DEVICE_ANY) + (d->minor != DEVICE_ANY) + 2;
}

int device_rules_to_bpf(const DeviceRule *rules, size_t n, struct bpf_insn **ret, size_t *ret_n) {
        size_t total = 6 + 2;
        for (size_t i = 0; i < n; i++)
                total += rule_len(&rules[i]);
        if (total > 4096)
                return -E2BIG; /* the kernel's limit for unprivileged-size programs; far above any unit */
        struct bpf_insn *p = calloc(total, sizeof *p);
        if (!p)
                return -ENOMEM;
        size_t k = 0;
        p[k++] = ldx_w(R2, R1, offsetof(struct bpf_cgroup_dev_ctx, access_type));
        p[k++] = alu32_k(BPF_AND, R2, 0xFFFF);
        p[k++] = ldx_w(R3, R1, offsetof(struct bpf_cgroup_dev_ctx, access_type));
        p[k++] = alu32_k(BPF_RSH, R3, 16);
        p[k++] = ldx_w(R4, R1, offsetof(struct bpf_cgroup_dev_ctx, major));
        p[k++] = ldx_w(R5, R1, offsetof(struct bpf_cgroup_dev_ctx, minor));
        for (size_t i = 0; i < n; i++) {
                const DeviceRule *d = &rules[i];
                size_t next = k + rule_len(d);
#define TO_NEXT ((int16_t) (next - (k + 1)))
                p[k] = jne_k(R2, d->type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK, TO_NEXT), k++;
                if ((d->access & ACCESS_ALL) != ACCESS_ALL) {
                        /* any requested bit outside the rule's rights: not this rule */
                        unsigned allowed = (d->access & CGROUP_DEVICE_READ ? BPF_DEVCG_ACC_READ : 0) |
                                           (d->access & CGROUP_DEVICE_WRITE ? BPF_DEVCG_ACC_WRITE : 0) |
                                           (d->access & CGROUP_DEVICE_MKNOD ? BPF_DEVCG_ACC_MKNOD : 0);
                        p[k++] = mov64_x(R1, R3);
                        p[k++] = alu32_k(BPF_AND, R1, (int32_t) ~allowed);
                        p[k] = jne_k(R1, 0, TO_NEXT), k++;
                }
                if (d->major != DEVICE_ANY)
                        p[k] = jne_k(R4, (int32_t) d->major, TO_NEXT), k++;
                if (d->minor != DEVICE_ANY)
                        p[k] = jne_k(R5, (int32_t) d->minor, TO_NEXT), k++;
#undef TO_NEXT
                p[k++] = mov64_k(R0, 1);
                p[k++] = exit_insn();
        }
        p[k++] = mov64_k(R0, 0);
        p[k++] = exit_insn();
        *ret = p;
        *ret_n = k;
        return 0;
}

static int sys_bpf(int cmd, union bpf_attr *attr) {
        return (int) syscall(__NR_bpf, cmd, attr, sizeof *attr);
}

static int load_program(const struct bpf_insn *insns, size_t n, char *log_buf, size_t log_size) {
        union bpf_attr a = {};
        a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
        a.insns = (uint64_t) (uintptr_t) insns;
        a.insn_cnt = (uint32_t) n;
        a.license = (uint64_t) (uintptr_t) "GPL";
        a.log_buf = (uint64_t) (uintptr_t) log_buf;
        a.log_size = (uint32_t) log_size;
        a.log_level = log_buf ? 1 : 0;
        int fd = sys_bpf(BPF_PROG_LOAD, &a);
        return fd < 0 ? -errno : fd;
}

/* The ids of the device programs attached to the cgroup itself (not inherited ones). */
static int query_attached(int cgfd, uint32_t *ids, uint32_t *n) {
        union bpf_attr a = {};
        a.query.target_fd = (uint32_t) cgfd;
        a.query.attach_type = BPF_CGROUP_DEVICE;
        a.query.prog_ids = (uint64_t) (uintptr_t) ids;
        a.query.prog_cnt = *n;
        if (sys_bpf(BPF_PROG_QUERY, &a) < 0)
                return -errno;
        *n = a.query.prog_cnt < *n ? a.query.prog_cnt : *n;
        return 0;
}

static void detach_id(int cgfd, uint32_t id) {
        union bpf_attr a = {};
        a.prog_id = id;
        int fd = sys_bpf(BPF_PROG_GET_FD_BY_ID, &a);
        if (fd < 0)
                return;
        a = (union bpf_attr){};
        a.target_fd = (uint32_t) cgfd;
        a.attach_bpf_fd = (uint32_t) fd;
        a.attach_type = BPF_CGROUP_DEVICE;
        (void) sys_bpf(BPF_PROG_DETACH, &a);
        close(fd);
}

static int read_proc_devices(char **ret) {
        size_t n;
        return read_full_file("/proc/devices", 1 << 16, ret, &n);
}

int cgroup_apply_device_policy(const char *unit_id, const CGroupContext *c, bool private_devices, const char *dir) {
        DeviceFilter need = device_filter_needed(c, private_devices);
        int cgfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (cgfd < 0)
                return need == DEVICE_FILTER_NONE ? 0 : log_error_errno(-errno, "%s: cannot open cgroup %s: %m", unit_id, dir);
        uint32_t old[64];
        uint32_t n_old = ELEMENTSOF(old);
        if (query_attached(cgfd, old, &n_old) < 0)
                n_old = 0; /* nothing of ours there, or no BPF at all */
        int r = 0, prog = -EBADF;
        DeviceRule *rules = NULL;
        struct bpf_insn *insns = NULL;
        char *text = NULL, *vlog = NULL;
        if (need != DEVICE_FILTER_NONE) {
                size_t n_rules = 0, n_insns = 0;
                (void) read_proc_devices(&text);
                r = device_rules_build(c, private_devices, text, stat, &rules, &n_rules);
                if (r >= 0)
                        r = device_rules_to_bpf(rules, n_rules, &insns, &n_insns);
                if (r < 0) {
                        log_error_errno(r, "%s: cannot build the device access program: %m", unit_id);
                        goto out;
                }
                prog = load_program(insns, n_insns, NULL, 0);
                if (prog == -EINVAL && (vlog = malloc(1 << 16))) {
                        /* the verifier says why: a bug of ours, shown once in full */
                        vlog[0] = 0;
                        prog = load_program(insns, n_insns, vlog, 1 << 16);
                        log_error("%s: the kernel's BPF verifier refused the device program: %s", unit_id, vlog);
                }
                if (prog < 0) {
                        r = prog;
                        if (need == DEVICE_FILTER_IMPLIED) {
                                /* PrivateDevices= still gives the private /dev: its main
                                 * confinement holds, the cgroup filter is the second line */
                                log_warning_errno(r, "%s: cannot load the device access program that PrivateDevices= implies "
                                                  "(%m); relying on the private /dev alone.", unit_id);
                                r = 0;
                                goto detach;
                        }
                        log_error_errno(r, "%s: cannot load the BPF device access program for DeviceAllow=/DevicePolicy= (%m): "
                                        "refusing to start without the device restriction (needs CAP_BPF/CAP_SYS_ADMIN and "
                                        "a kernel with cgroup device programs).", unit_id);
                        goto out;
                }
                union bpf_attr a = {};
                a.target_fd = (uint32_t) cgfd;
                a.attach_bpf_fd = (uint32_t) prog;
                a.attach_type = BPF_CGROUP_DEVICE;
                a.attach_flags = BPF_F_ALLOW_MULTI;
                if (sys_bpf(BPF_PROG_ATTACH, &a) < 0) {
                        r = -errno;
                        if (need == DEVICE_FILTER_IMPLIED) {
                                log_warning_errno(r, "%s: cannot attach the device access program that PrivateDevices= implies "
                                                  "to %s (%m); relying on the private /dev alone.", unit_id, dir);
                                r = 0;
                                goto out;
                        }
                        log_error_errno(r, "%s: cannot attach the BPF device access program to %s (%m): "
                                        "refusing to start without the device restriction.", unit_id, dir);
                        goto out;
                }
        }
detach:
        /* the programs of an earlier start or configuration go once the new one is in place
         * (never a window without a filter) */
        for (uint32_t i = 0; i < n_old; i++)
                detach_id(cgfd, old[i]);
out:
        if (prog >= 0)
                close(prog); /* the attachment holds the program */
        close(cgfd);
        free(rules);
        free(insns);
        free(text);
        free(vlog);
        return r;
}
