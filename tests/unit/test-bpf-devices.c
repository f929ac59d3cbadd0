/* test-bpf-devices.c — DeviceAllow=/DevicePolicy=: which units need a device program, the
 * allow list built from device nodes (a fake stat), /proc/devices classes and the pseudo
 * devices of DevicePolicy=closed, and the program itself, run here in a small interpreter
 * of the instructions it uses, so the tests check what the kernel would decide. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <cmocka.h>

#include "bpf-devices.h"
#include "config-assign.h"

/* A fake /dev: stat fills in the node's type and number. */
static int fake_stat(const char *path, struct stat *st) {
        static const struct {
                const char *path;
                mode_t type;
                unsigned maj, min;
        } nodes[] = {
                { "/dev/null", S_IFCHR, 1, 3 },    { "/dev/zero", S_IFCHR, 1, 5 },   { "/dev/full", S_IFCHR, 1, 7 },
                { "/dev/random", S_IFCHR, 1, 8 },  { "/dev/urandom", S_IFCHR, 1, 9 }, { "/dev/tty", S_IFCHR, 5, 0 },
                { "/dev/ptmx", S_IFCHR, 5, 2 },    { "/dev/mem", S_IFCHR, 1, 1 },     { "/dev/kmsg", S_IFCHR, 1, 11 },
                { "/dev/sda", S_IFBLK, 8, 0 },     { "/dev/sda1", S_IFBLK, 8, 1 },    { "/dev/loop-control", S_IFCHR, 10, 237 },
                { "/dev/shm", S_IFDIR, 0, 0 },
        };
        for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
                if (strcmp(nodes[i].path, path) == 0) {
                        memset(st, 0, sizeof *st);
                        st->st_mode = nodes[i].type | 0600;
                        st->st_rdev = makedev(nodes[i].maj, nodes[i].min);
                        return 0;
                }
        errno = ENOENT;
        return -1;
}

static const char proc_devices[] =
        "Character devices:\n"
        "  1 mem\n"
        "  4 tty\n"
        "  5 /dev/tty\n"
        " 10 misc\n"
        "136 pts\n"
        "202 cpu/msr\n"
        "203 cpu/cpuid\n"
        "\n"
        "Block devices:\n"
        "  7 loop\n"
        "  8 sd\n"
        "259 blkext\n";

/* Runs the program on one access, as the kernel would: the subset of eBPF the builder
 * emits, anything else fails the test. */
static int run(const struct bpf_insn *p, size_t n, char type, unsigned access, unsigned maj, unsigned min) {
        struct bpf_cgroup_dev_ctx ctx = {
                .access_type = access << 16 | (type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK),
                .major = maj,
                .minor = min,
        };
        uint64_t r[11] = {};
        r[1] = (uint64_t) (uintptr_t) &ctx;
        for (size_t pc = 0; pc < n; pc++) {
                const struct bpf_insn *i = &p[pc];
                switch (i->code) {
                case BPF_LDX | BPF_MEM | BPF_W:
                        assert_int_equal(i->src_reg, 1); /* only the context is read, before r1 is reused */
                        assert_true(i->off >= 0 && (size_t) i->off + 4 <= sizeof ctx);
                        uint32_t v;
                        memcpy(&v, (const char *) &ctx + i->off, 4);
                        r[i->dst_reg] = v;
                        break;
                case BPF_ALU | BPF_AND | BPF_K:
                        r[i->dst_reg] = (uint32_t) (r[i->dst_reg] & (uint32_t) i->imm);
                        break;
                case BPF_ALU | BPF_RSH | BPF_K:
                        r[i->dst_reg] = (uint32_t) r[i->dst_reg] >> i->imm;
                        break;
                case BPF_ALU64 | BPF_MOV | BPF_X:
                        r[i->dst_reg] = r[i->src_reg];
                        break;
                case BPF_ALU64 | BPF_MOV | BPF_K:
                        r[i->dst_reg] = (uint64_t) (int64_t) i->imm;
                        break;
                case BPF_JMP | BPF_JNE | BPF_K:
                        if (r[i->dst_reg] != (uint64_t) (int64_t) i->imm) {
                                assert_true(i->off >= 0 && pc + 1 + (size_t) i->off < n); /* forward, inside */
                                pc += (size_t) i->off;
                        }
                        break;
                case BPF_JMP | BPF_EXIT:
                        return (int) r[0];
                default:
                        fail_msg("unexpected opcode 0x%x at %zu", i->code, pc);
                }
        }
        fail_msg("fell off the end of the program");
        return -1;
}

typedef struct Prog {
        struct bpf_insn *insns;
        size_t n;
        DeviceRule *rules;
        size_t n_rules;
} Prog;

static Prog build(const char *const *lines, bool private_devices) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        for (size_t i = 0; lines && lines[i]; i += 2)
                assign_ok(c, lines[i], lines[i + 1]);
        Prog p = {};
        assert_int_equal(device_rules_build(c->cgroup, private_devices, proc_devices, fake_stat, &p.rules, &p.n_rules), 0);
        assert_int_equal(device_rules_to_bpf(p.rules, p.n_rules, &p.insns, &p.n), 0);
        unit_config_free(c);
        return p;
}

static void prog_free(Prog *p) {
        free(p->insns);
        free(p->rules);
}

enum { R = BPF_DEVCG_ACC_READ, W = BPF_DEVCG_ACC_WRITE, M = BPF_DEVCG_ACC_MKNOD };

static DeviceFilter need(const char *const *lines, bool private_devices) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        for (size_t i = 0; lines && lines[i]; i += 2)
                assign_ok(c, lines[i], lines[i + 1]);
        DeviceFilter f = device_filter_needed(c->cgroup, private_devices);
        unit_config_free(c);
        return f;
}

static void test_filter_needed(void **state) {
        (void) state;
        assert_int_equal(need(NULL, false), DEVICE_FILTER_NONE);
        assert_int_equal(need(NULL, true), DEVICE_FILTER_IMPLIED);
        assert_int_equal(need((const char *const[]){ "DevicePolicy", "closed", NULL }, false), DEVICE_FILTER_EXPLICIT);
        assert_int_equal(need((const char *const[]){ "DevicePolicy", "strict", NULL }, true), DEVICE_FILTER_EXPLICIT);
        assert_int_equal(need((const char *const[]){ "DeviceAllow", "/dev/sda r", NULL }, false), DEVICE_FILTER_EXPLICIT);
        /* an empty assignment resets the list: back to no restriction */
        assert_int_equal(need((const char *const[]){ "DeviceAllow", "/dev/sda r", "DeviceAllow", "", NULL }, false),
                         DEVICE_FILTER_NONE);
        assert_int_equal(device_filter_needed(NULL, false), DEVICE_FILTER_NONE);
}

static void test_closed(void **state) {
        (void) state;
        Prog p = build((const char *const[]){ "DevicePolicy", "closed", NULL }, false);
        /* the pseudo devices, fully */
        assert_int_equal(run(p.insns, p.n, 'c', R | W, 1, 3), 1);   /* null */
        assert_int_equal(run(p.insns, p.n, 'c', M, 1, 5), 1);       /* zero */
        assert_int_equal(run(p.insns, p.n, 'c', R, 1, 9), 1);       /* urandom */
        assert_int_equal(run(p.insns, p.n, 'c', R | W, 5, 0), 1);   /* tty */
        assert_int_equal(run(p.insns, p.n, 'c', R | W, 5, 2), 1);   /* ptmx */
        assert_int_equal(run(p.insns, p.n, 'c', R | W, 136, 7), 1); /* a pts */
        assert_int_equal(run(p.insns, p.n, 'c', M, 136, 7), 0);     /* but no mknod of one */
        /* nothing else */
        assert_int_equal(run(p.insns, p.n, 'c', R, 1, 1), 0);       /* mem */
        assert_int_equal(run(p.insns, p.n, 'c', R, 1, 11), 0);      /* kmsg */
        assert_int_equal(run(p.insns, p.n, 'b', R, 1, 3), 0);       /* block 1:3 is not null */
        assert_int_equal(run(p.insns, p.n, 'c', R, 10, 237), 0);
        assert_int_equal(p.n_rules, 8); /* 7 nodes (the inaccessible ones are absent) + pts */
        prog_free(&p);
        /* PrivateDevices= gives the same */
        p = build(NULL, true);
        assert_int_equal(run(p.insns, p.n, 'c', R | W, 1, 3), 1);
        assert_int_equal(run(p.insns, p.n, 'c', R, 1, 1), 0);
        prog_free(&p);
}

static void test_allow_rights(void **state) {
        (void) state;
        /* auto with DeviceAllow=: the listed device plus the pseudo ones */
        Prog p = build((const char *const[]){ "DeviceAllow", "/dev/kmsg r", NULL }, false);
        assert_int_equal(run(p.insns, p.n, 'c', R, 1, 11), 1);
        assert_int_equal(run(p.insns, p.n, 'c', W, 1, 11), 0);
        assert_int_equal(run(p.insns, p.n, 'c', R | W, 1, 11), 0);
        assert_int_equal(run(p.insns, p.n, 'c', M, 1, 11), 0);
        assert_int_equal(run(p.insns, p.n, 'c', R, 1, 3), 1);
        assert_int_equal(run(p.insns, p.n, 'c', R, 1, 1), 0);
        prog_free(&p);

        /* strict: only what is listed; rights add up over lines; no rights = rwm */
        p = build((const char *const[]){ "DevicePolicy", "strict", "DeviceAllow", "/dev/sda1 r", "DeviceAllow", "/dev/sda1 w",
                                         "DeviceAllow", "/dev/mem", NULL }, false);
        assert_int_equal(p.n_rules, 2);
        assert_int_equal(run(p.insns, p.n, 'b', R | W, 8, 1), 1);
        assert_int_equal(run(p.insns, p.n, 'b', M, 8, 1), 0);
        assert_int_equal(run(p.insns, p.n, 'c', R | W, 8, 1), 0); /* the type counts */
        assert_int_equal(run(p.insns, p.n, 'b', R, 8, 0), 0);     /* the minor counts */
        assert_int_equal(run(p.insns, p.n, 'c', R | W | M, 1, 1), 1);
        assert_int_equal(run(p.insns, p.n, 'c', R, 1, 3), 0);     /* strict: no /dev/null */
        prog_free(&p);

        /* strict with nothing allowed: everything is denied, and the program is valid */
        p = build((const char *const[]){ "DevicePolicy", "strict", NULL }, false);
        assert_int_equal(p.n_rules, 0);
        assert_int_equal(run(p.insns, p.n, 'c', R, 1, 3), 0);
        prog_free(&p);

        /* nodes that are missing or no device are skipped with a warning */
        p = build((const char *const[]){ "DevicePolicy", "strict", "DeviceAllow", "/dev/nope rw", "DeviceAllow", "/dev/shm rw", NULL },
                  false);
        assert_int_equal(p.n_rules, 0);
        prog_free(&p);
}

static void test_classes(void **state) {
        (void) state;
        Prog p = build((const char *const[]){ "DevicePolicy", "strict", "DeviceAllow", "block-sd rw", "DeviceAllow", "char-cpu/* r",
                                              "DeviceAllow", "char-nosuch r", NULL }, false);
        assert_int_equal(p.n_rules, 3);
        assert_int_equal(run(p.insns, p.n, 'b', R | W, 8, 17), 1);  /* any sd minor */
        assert_int_equal(run(p.insns, p.n, 'c', R | W, 8, 17), 0);  /* "sd" is a block group */
        assert_int_equal(run(p.insns, p.n, 'b', R, 7, 0), 0);
        assert_int_equal(run(p.insns, p.n, 'c', R, 202, 3), 1);     /* cpu/msr */
        assert_int_equal(run(p.insns, p.n, 'c', R, 203, 0), 1);     /* cpu/cpuid */
        assert_int_equal(run(p.insns, p.n, 'c', W, 203, 0), 0);
        prog_free(&p);

        p = build((const char *const[]){ "DevicePolicy", "strict", "DeviceAllow", "char-* r", NULL }, false);
        assert_int_equal(p.n_rules, 7); /* every character group, "/dev/tty" included */
        assert_int_equal(run(p.insns, p.n, 'c', R, 4, 1), 1);
        assert_int_equal(run(p.insns, p.n, 'c', R, 5, 1), 1);
        assert_int_equal(run(p.insns, p.n, 'b', R, 8, 0), 0);
        prog_free(&p);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_filter_needed),
                cmocka_unit_test(test_closed),
                cmocka_unit_test(test_allow_rights),
                cmocka_unit_test(test_classes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
