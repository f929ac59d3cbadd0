/* test-exec.c — the pure parts of the exec context as the child applies it: what each of
 * stdin/stdout/stderr becomes (systemd's fix-ups included), resource limits with the
 * LimitNOFILE= default, the capabilities dropped from the bounding set, Personality= on this
 * host, dynamic user names and their records, the child's environment ($USER, $HOME,
 * directories, ExecSearchPath=, UnsetEnvironment=), identity lookups and the cgroup
 * attribute files built from resource directives. Units are built through the real
 * directive table, so a parser change shows here too. */
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cgroup-resources.h"
#include "config-assign.h"
#include "env-util.h"
#include "exec-caps.h"
#include "exec-dirs.h"
#include "exec-env.h"
#include "exec-identity.h"
#include "exec-limits.h"
#include "exec-stdio.h"
#include "fileio.h"

/* A service built from "Key=value" lines. */
static UnitConfig *service(const char *const *lines) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        for (size_t i = 0; lines && lines[i]; i += 2)
                assign_ok(c, lines[i], lines[i + 1]);
        return c;
}

static const char *action(const char *const *lines, int fileno, bool socket) {
        UnitConfig *c = service(lines);
        const char *a = exec_stdio_action_to_string(exec_stdio_action(c->exec, fileno, socket, false));
        unit_config_free(c);
        return a;
}

#define ACTIONS(lines, sock, in, out, err)                                   \
        do {                                                                 \
                assert_string_equal(action(lines, 0, sock), in);             \
                assert_string_equal(action(lines, 1, sock), out);            \
                assert_string_equal(action(lines, 2, sock), err);            \
        } while (0)

static void test_stdio_actions(void **state) {
        (void) state;
        /* the defaults: /dev/null in, the journal out, stderr shares stdout's stream */
        ACTIONS(((const char *const[]){ NULL }), false, "null", "journal", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardInput", "tty", NULL }), false, "tty", "journal", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardInput", "tty-force", "StandardOutput", "tty", NULL }), false, "tty",
                "dup-stdin", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardOutput", "tty", NULL }), false, "null", "tty", "dup-stdout");
        /* inherit follows stdin unless that is /dev/null: then /dev/null for PID 1's children */
        ACTIONS(((const char *const[]){ "StandardOutput", "inherit", NULL }), false, "null", "null", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardInput", "socket", NULL }), true, "socket", "journal", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardInput", "socket", "StandardOutput", "socket", NULL }), true, "socket",
                "dup-stdin", "dup-stdout");
        /* socket without a socket: null in, and StandardOutput=socket becomes inherit */
        ACTIONS(((const char *const[]){ "StandardInput", "socket", "StandardOutput", "socket", NULL }), false, "null",
                "null", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardOutput", "file:/a", "StandardError", "file:/a", NULL }), false, "null",
                "file", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardOutput", "file:/a", "StandardError", "append:/b", NULL }), false, "null",
                "file", "append");
        ACTIONS(((const char *const[]){ "StandardOutput", "truncate:/a", "StandardError", "null", NULL }), false, "null",
                "truncate", "null");
        ACTIONS(((const char *const[]){ "StandardOutput", "kmsg", "StandardError", "journal", NULL }), false, "null", "kmsg",
                "journal");
        ACTIONS(((const char *const[]){ "StandardOutput", "syslog", NULL }), false, "null", "journal", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardInput", "file:/in", "StandardOutput", "inherit", NULL }), false,
                "file-read", "dup-stdin", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardInputText", "hello", NULL }), false, "data", "journal", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardInput", "fd:foo", "StandardOutput", "fd:bar", "StandardError", "fd:bar", NULL }),
                false, "named-fd", "named-fd", "dup-stdout");
        ACTIONS(((const char *const[]){ "StandardOutput", "fd:foo", "StandardError", "fd:baz", NULL }), false, "null",
                "named-fd", "named-fd");

        /* test mode keeps the manager's output for "inherit" */
        UnitConfig *c = service((const char *const[]){ "StandardOutput", "inherit", NULL });
        assert_int_equal(exec_stdio_action(c->exec, 1, false, true), STDIO_KEEP);
        assert_false(exec_stdio_uses_tty(c->exec));
        unit_config_free(c);
        c = service((const char *const[]){ "StandardInput", "tty", "TTYPath", "/dev/ttyS0", NULL });
        assert_true(exec_stdio_uses_tty(c->exec));
        assert_string_equal(exec_stdio_default_term(c->exec), "vt220");
        unit_config_free(c);
        c = service((const char *const[]){ "StandardInput", "tty", "TTYPath", "/dev/tty3", NULL });
        assert_string_equal(exec_stdio_default_term(c->exec), "linux");
        unit_config_free(c);
        /* on /dev/console, the manager's own $TERM (what init got), as systemd; elsewhere not */
        setenv("TERM", "dumb", 1);
        c = service((const char *const[]){ "StandardInput", "tty", "TTYPath", "/dev/console", NULL });
        assert_string_equal(exec_stdio_default_term(c->exec), "dumb");
        unit_config_free(c);
        c = service((const char *const[]){ "StandardInput", "tty", "TTYPath", "/dev/ttyS0", NULL });
        assert_string_equal(exec_stdio_default_term(c->exec), "vt220");
        unit_config_free(c);
        unsetenv("TERM");
        c = service((const char *const[]){ "StandardInput", "tty", "TTYPath", "/dev/console", NULL });
        assert_true(strcmp(exec_stdio_default_term(c->exec), "dumb") != 0);
        unit_config_free(c);
}

static void test_rlimits(void **state) {
        (void) state;
        UnitConfig *c = service((const char *const[]){ "LimitNOFILE", "100:200", "LimitCORE", "infinity", NULL });
        struct rlimit cur = { 4096, 1048576 }, r;
        assert_int_equal(exec_rlimit_for(c->exec, RLIMIT_NOFILE, &cur, &r), 0);
        assert_int_equal(r.rlim_cur, 100);
        assert_int_equal(r.rlim_max, 200);
        assert_int_equal(exec_rlimit_for(c->exec, RLIMIT_CORE, &cur, &r), 0);
        assert_true(r.rlim_cur == RLIM_INFINITY && r.rlim_max == RLIM_INFINITY);
        assert_int_equal(exec_rlimit_for(c->exec, RLIMIT_NPROC, &cur, &r), -ENOENT);
        unit_config_free(c);

        /* the default: 1024 soft, 524288 hard, never above what the manager has */
        c = service(NULL);
        assert_int_equal(exec_rlimit_for(c->exec, RLIMIT_NOFILE, &cur, &r), 0);
        assert_int_equal(r.rlim_cur, 1024);
        assert_int_equal(r.rlim_max, 524288);
        cur = (struct rlimit){ 1024, 20000 };
        assert_int_equal(exec_rlimit_for(c->exec, RLIMIT_NOFILE, &cur, &r), 0);
        assert_int_equal(r.rlim_max, 20000);
        cur = (struct rlimit){ 512, 512 };
        assert_int_equal(exec_rlimit_for(c->exec, RLIMIT_NOFILE, &cur, &r), 0);
        assert_int_equal(r.rlim_cur, 512);
        assert_int_equal(r.rlim_max, 512);
        cur = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
        assert_int_equal(exec_rlimit_for(c->exec, RLIMIT_NOFILE, &cur, &r), 0);
        assert_int_equal(r.rlim_max, 524288);
        assert_int_equal(exec_rlimit_for(c->exec, -1, &cur, &r), -EINVAL);
        unit_config_free(c);

        /* without CAP_SYS_RESOURCE: clamped to the hard limit we have, as systemd does */
        struct rlimit want = { 524288, 524288 }, have = { 1024, 20000 };
        r = exec_rlimit_closest(&want, &have);
        assert_true(r.rlim_cur == 20000 && r.rlim_max == 20000);
        want = (struct rlimit){ 100, RLIM_INFINITY };
        r = exec_rlimit_closest(&want, &have);
        assert_true(r.rlim_cur == 100 && r.rlim_max == 20000);
        want = (struct rlimit){ 100, 200 };
        r = exec_rlimit_closest(&want, &have);
        assert_true(r.rlim_cur == 100 && r.rlim_max == 200);
}

static void test_caps(void **state) {
        (void) state;
        unsigned drop[64];
        assert_int_equal(exec_caps_to_drop(UINT64_MAX, 40, drop), 0);
        assert_int_equal(exec_caps_to_drop(0, 40, drop), 41);
        assert_int_equal(drop[40], 40);
        UnitConfig *c = service((const char *const[]){ "CapabilityBoundingSet", "CAP_NET_BIND_SERVICE CAP_NET_RAW", NULL });
        size_t n = exec_caps_to_drop(c->exec->capability_bounding_set, 40, drop);
        assert_int_equal(n, 39);
        for (size_t i = 0; i < n; i++)
                assert_true(drop[i] != 10 && drop[i] != 13);
        unit_config_free(c);
        c = service((const char *const[]){ "CapabilityBoundingSet", "~CAP_SYS_ADMIN", NULL });
        assert_int_equal(exec_caps_to_drop(c->exec->capability_bounding_set, 40, drop), 1);
        assert_int_equal(drop[0], 21);
        unit_config_free(c);
        assert_true(exec_cap_last_cap() >= 36 && exec_cap_last_cap() < 64);
}

/* IOSchedulingClass=none takes no level: the kernel refused "none, level 4" (211/IOPRIO) */
static void test_ioprio(void **state) {
        (void) state;
        ExecContext c = { 0 };
        assert_int_equal(exec_ioprio_value(&c), -1);
        c.ioprio_class_set = true;
        c.ioprio_class = IO_CLASS_NONE;
        assert_int_equal(exec_ioprio_value(&c), IO_CLASS_NONE << 13);
        c.ioprio_set = true;
        c.ioprio = 3;
        assert_int_equal(exec_ioprio_value(&c), IO_CLASS_NONE << 13);
        c.ioprio_class = IO_CLASS_IDLE;
        assert_int_equal(exec_ioprio_value(&c), (IO_CLASS_IDLE << 13) | 7);
        c.ioprio_class = IO_CLASS_BEST_EFFORT;
        assert_int_equal(exec_ioprio_value(&c), (IO_CLASS_BEST_EFFORT << 13) | 3);
        c.ioprio_class_set = false;
        assert_int_equal(exec_ioprio_value(&c), (IO_CLASS_BEST_EFFORT << 13) | 3);
}

static void test_personality(void **state) {
        (void) state;
        assert_int_equal(exec_personality_from_name("x86-64", "x86-64"), PER_LINUX);
        assert_int_equal(exec_personality_from_name("x86", "x86-64"), PER_LINUX32);
        assert_int_equal(exec_personality_from_name("s390", "s390x"), PER_LINUX32);
        assert_int_equal(exec_personality_from_name("ppc-le", "ppc64-le"), PER_LINUX32);
        assert_int_equal(exec_personality_from_name("ppc64", "x86-64"), -EOPNOTSUPP);
        assert_int_equal(exec_personality_from_name("x86-64", "x86"), -EOPNOTSUPP);
}

static void test_dynamic_user(void **state) {
        (void) state;
        assert_true(exec_user_name_is_valid("foo"));
        assert_true(exec_user_name_is_valid("_foo-bar1"));
        assert_false(exec_user_name_is_valid("1foo"));
        assert_false(exec_user_name_is_valid("foo@bar"));
        assert_false(exec_user_name_is_valid(""));
        assert_false(exec_user_name_is_valid("a234567890123456789012345678901234"));

        UnitConfig *c = service((const char *const[]){ "DynamicUser", "yes", NULL });
        char *name = NULL;
        assert_int_equal(exec_dynamic_user_name(c->exec, "foo@bar.service", &name), 0);
        assert_string_equal(name, "foo");
        free(name);
        assert_int_equal(exec_dynamic_user_name(c->exec, "9lives.service", &name), 0);
        assert_true(strncmp(name, "_du", 3) == 0 && strlen(name) == 19);
        free(name);
        unit_config_free(c);
        c = service((const char *const[]){ "DynamicUser", "yes", "User", "quux", NULL });
        assert_int_equal(exec_dynamic_user_name(c->exec, "foo.service", &name), 0);
        assert_string_equal(name, "quux");
        free(name);
        unit_config_free(c);

        /* records: the same name keeps its id, another name gets another, release drops all */
        char dir[] = "/tmp/test-dynuid.XXXXXX";
        assert_non_null(mkdtemp(dir));
        uid_t a, a2, b;
        assert_int_equal(exec_dynamic_user_acquire(dir, "alpha", &a), 0);
        assert_true(a >= DYNAMIC_UID_MIN && a <= DYNAMIC_UID_MAX);
        assert_int_equal(exec_dynamic_user_acquire(dir, "alpha", &a2), 0);
        assert_int_equal(a, a2);
        assert_int_equal(exec_dynamic_user_acquire(dir, "beta", &b), 0);
        assert_true(a != b);
        char p[128], link[64];
        snprintf(p, sizeof p, "%s/direct:alpha", dir);
        ssize_t n = readlink(p, link, sizeof link - 1);
        assert_true(n > 0);
        link[n] = 0;
        assert_int_equal(strtoul(link, NULL, 10), a);
        snprintf(p, sizeof p, "%s/direct:%u", dir, (unsigned) a);
        n = readlink(p, link, sizeof link - 1);
        assert_true(n > 0);
        link[n] = 0;
        assert_string_equal(link, "alpha");
        assert_int_equal(exec_dynamic_user_acquire(dir, "bad name", &b), -EINVAL);
        exec_dynamic_user_release(dir, "alpha");
        snprintf(p, sizeof p, "%s/%u", dir, (unsigned) a);
        assert_int_not_equal(access(p, F_OK), 0);
        exec_dynamic_user_release(dir, "beta");
        exec_dynamic_user_release(dir, "never-acquired");
        assert_int_equal(rmdir(dir), 0); /* nothing left behind */
}

static void test_identity(void **state) {
        (void) state;
        int code;
        ExecIdentity id;
        UnitConfig *c = service((const char *const[]){ "User", "root", NULL });
        assert_int_equal(exec_identity_resolve(c->exec, "x.service", &id, &code), 0);
        assert_true(id.change_user && id.uid == 0 && id.gid == 0);
        assert_string_equal(id.home, "/root");
        assert_non_null(id.shell); /* from the database, /bin/sh when root has no entry */
        exec_identity_done(&id);
        unit_config_free(c);

        c = service((const char *const[]){ "User", "no-such-user-xyz", NULL });
        assert_true(exec_identity_resolve(c->exec, "x.service", &id, &code) < 0);
        assert_int_equal(code, 217);
        unit_config_free(c);
        c = service((const char *const[]){ "Group", "no-such-group-xyz", NULL });
        assert_true(exec_identity_resolve(c->exec, "x.service", &id, &code) < 0);
        assert_int_equal(code, 216);
        unit_config_free(c);
        c = service((const char *const[]){ "SupplementaryGroups", "no-such-group-xyz", NULL });
        assert_true(exec_identity_resolve(c->exec, "x.service", &id, &code) < 0);
        assert_int_equal(code, 216);
        unit_config_free(c);

        /* the synthesized group is "nogroup" (Debian's name), not "nobody" */
        if (!getgrnam("nobody")) {
                c = service((const char *const[]){ "Group", "nobody", NULL });
                assert_true(exec_identity_resolve(c->exec, "x.service", &id, &code) < 0);
                assert_int_equal(code, 216);
                unit_config_free(c);
        }
        c = service((const char *const[]){ "Group", "nogroup", NULL });
        assert_int_equal(exec_identity_resolve(c->exec, "x.service", &id, &code), 0);
        assert_int_equal(id.gid, 65534);
        exec_identity_done(&id);
        unit_config_free(c);

        /* nobody is known even without a database entry; numeric ids keep their number */
        c = service((const char *const[]){ "User", "nobody", "SupplementaryGroups", "0", NULL });
        assert_int_equal(exec_identity_resolve(c->exec, "x.service", &id, &code), 0);
        assert_int_equal(id.uid, 65534);
        assert_null(id.home); /* synthesized, as systemd does: no $HOME, no $SHELL */
        assert_null(id.shell);
        assert_true(id.set_groups);
        bool has0 = false;
        for (size_t i = 0; i < id.n_groups; i++)
                has0 |= id.groups[i] == 0;
        assert_true(has0);
        exec_identity_done(&id);
        unit_config_free(c);

        c = service(NULL);
        assert_int_equal(exec_identity_resolve(c->exec, "x.service", &id, &code), 0);
        assert_false(id.change_user || id.change_group || id.set_groups);
        exec_identity_done(&id);
        unit_config_free(c);
}

static void test_env(void **state) {
        (void) state;
        UnitConfig *c = service((const char *const[]){ "RuntimeDirectory", "a b/c", "StateDirectory", "s",
                                                       "UnsetEnvironment", "SHELL", "ExecSearchPath", "/opt/bin:/usr/bin", NULL });
        ExecIdentity id = { .change_user = true, .user_name = (char *) "alice", .home = (char *) "/home/alice",
                            .shell = (char *) "/bin/bash" };
        char **env = NULL;
        assert_int_equal(strv_extend(&env, "HOME=/custom"), 0);
        assert_int_equal(strv_extend(&env, "PATH=" EXEC_DEFAULT_PATH), 0);
        assert_int_equal(exec_env_build(c->exec, &id, "vt220", "1:2", &env), 0);
        assert_string_equal(strv_env_get(env, "USER"), "alice");
        assert_string_equal(strv_env_get(env, "LOGNAME"), "alice");
        assert_string_equal(strv_env_get(env, "HOME"), "/custom"); /* Environment= wins */
        assert_null(strv_env_get(env, "SHELL"));                   /* UnsetEnvironment= has the last word */
        assert_string_equal(strv_env_get(env, "RUNTIME_DIRECTORY"), "/run/a:/run/b/c");
        assert_string_equal(strv_env_get(env, "STATE_DIRECTORY"), "/var/lib/s");
        assert_null(strv_env_get(env, "CACHE_DIRECTORY"));
        assert_string_equal(strv_env_get(env, "TERM"), "vt220");
        assert_string_equal(strv_env_get(env, "JOURNAL_STREAM"), "1:2");
        assert_string_equal(strv_env_get(env, "PATH"), "/opt/bin:/usr/bin");
        strv_free(env);
        /* a $PATH of the unit's own stays */
        env = NULL;
        assert_int_equal(strv_extend(&env, "PATH=/mine"), 0);
        ExecIdentity none = {};
        assert_int_equal(exec_env_build(c->exec, &none, NULL, NULL, &env), 0);
        assert_string_equal(strv_env_get(env, "PATH"), "/mine");
        assert_null(strv_env_get(env, "USER"));
        assert_null(strv_env_get(env, "TERM"));
        strv_free(env);
        unit_config_free(c);
}

static char *attr(CGroupAttribute *a, size_t n, const char *file) {
        for (size_t i = 0; i < n; i++)
                if (strcmp(a[i].file, file) == 0)
                        return a[i].value;
        return NULL;
}

static int fake_devno(const char *path, char **ret) {
        if (strcmp(path, "/dev/sda") != 0)
                return -ENOENT;
        *ret = strdup("8:0");
        return 0;
}

static void test_cgroup_attributes(void **state) {
        (void) state;
        UnitConfig *c = service((const char *const[]){
                "CPUWeight", "50", "CPUQuota", "20%", "MemoryMax", "100M", "MemoryHigh", "10%", "MemoryMin", "1K",
                "MemorySwapMax", "infinity", "TasksMax", "10", "IOWeight", "200", "IOReadBandwidthMax", "/dev/sda 1M",
                "IOWriteIOPSMax", "/dev/sda 100", "IOReadIOPSMax", "/dev/nope 5", "AllowedCPUs", "0-3 5", NULL });
        CGroupAttribute *a;
        size_t n;
        assert_int_equal(cgroup_context_attributes(c->cgroup, 1000000000, 4194304, fake_devno, &a, &n), 0);
        assert_string_equal(attr(a, n, "cpu.weight"), "50");
        assert_string_equal(attr(a, n, "cpu.max"), "20000 100000");
        assert_string_equal(attr(a, n, "memory.max"), "104857600");
        assert_string_equal(attr(a, n, "memory.high"), "100000000");
        assert_string_equal(attr(a, n, "memory.min"), "1024");
        assert_null(attr(a, n, "memory.low"));
        assert_null(attr(a, n, "memory.swap.max"));
        assert_string_equal(attr(a, n, "pids.max"), "10");
        assert_string_equal(attr(a, n, "io.weight"), "default 200");
        assert_string_equal(attr(a, n, "cpuset.cpus"), "0-3,5");
        unsigned io = 0;
        for (size_t i = 0; i < n; i++)
                if (strcmp(a[i].file, "io.max") == 0) {
                        io++;
                        assert_true(strcmp(a[i].value, "8:0 rbps=1000000") == 0 || strcmp(a[i].value, "8:0 wiops=100") == 0);
                }
        assert_int_equal(io, 2);
        cgroup_attributes_free(a, n);
        unit_config_free(c);

        /* defaults: only pids.max (15% of pid_max), not explicit */
        c = service(NULL);
        assert_int_equal(cgroup_context_attributes(c->cgroup, 1000000000, 100000, NULL, &a, &n), 0);
        assert_int_equal(n, 1);
        assert_string_equal(a[0].file, "pids.max");
        assert_string_equal(a[0].value, "15000");
        assert_false(a[0].explicit);
        cgroup_attributes_free(a, n);
        unit_config_free(c);

        c = service((const char *const[]){ "CPUWeight", "idle", "CPUQuotaPeriodSec", "10ms", "TasksMax", "infinity", NULL });
        assert_int_equal(cgroup_context_attributes(c->cgroup, 1000000000, 100000, NULL, &a, &n), 0);
        assert_string_equal(attr(a, n, "cpu.idle"), "1");
        assert_string_equal(attr(a, n, "cpu.max"), "max 10000");
        assert_string_equal(attr(a, n, "pids.max"), "max");
        cgroup_attributes_free(a, n);
        unit_config_free(c);
}

/* What TasksMax= percentages resolve against, and the default 15% on real numbers: the QEMU
 * VM's pid_max 32768 once came out as pids.max 0, because /proc/sys/kernel/pid_max was read
 * one byte at a time and a sysctl file answers only the first read ("3"). */
static void test_system_tasks_max(void **state) {
        (void) state;
        assert_int_equal(cgroup_system_tasks_max(32768, 192730, 0), 32767);
        assert_int_equal(cgroup_system_tasks_max(4194304, 62000, 0), 62000);
        assert_int_equal(cgroup_system_tasks_max(4194304, 62000, 1000), 1000); /* a container's limit */
        assert_int_equal(cgroup_system_tasks_max(0, 0, 0), 4194303);            /* nothing known */
        UnitConfig *c = service(NULL);
        CGroupAttribute *a;
        size_t n;
        assert_int_equal(cgroup_context_attributes(c->cgroup, 1000000000, cgroup_system_tasks_max(32768, 192730, 0), NULL, &a, &n), 0);
        assert_string_equal(attr(a, n, "pids.max"), "4915"); /* 15% of 32767, rounded down */
        cgroup_attributes_free(a, n);
        /* a tiny system never gets "no task at all" from a percentage */
        assert_int_equal(cgroup_context_attributes(c->cgroup, 1000000000, 3, NULL, &a, &n), 0);
        assert_string_equal(attr(a, n, "pids.max"), "1");
        cgroup_attributes_free(a, n);
        unit_config_free(c);

        /* the file is read whole, as one read(2) of a page gets it */
        int fd = open("/proc/sys/kernel/pid_max", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                skip();
        char buf[64] = {};
        assert_true(read(fd, buf, sizeof buf - 1) > 0);
        close(fd);
        char *s = NULL;
        size_t len;
        assert_int_equal(read_full_file("/proc/sys/kernel/pid_max", 64, &s, &len), 0);
        assert_string_equal(s, buf);
        assert_true(strtoull(s, NULL, 10) >= 301); /* the kernel's minimum */
        free(s);
}

static void test_cpu_set_format(void **state) {
        (void) state;
        CPUSet s = {};
        char *f = cgroup_cpu_set_format(&s);
        assert_string_equal(f, "");
        free(f);
        unsigned cpus[] = { 0, 1, 2, 7, 9, 10 };
        for (size_t i = 0; i < ELEMENTSOF(cpus); i++)
                assert_int_equal(cpu_set_add(&s, cpus[i]), 0);
        f = cgroup_cpu_set_format(&s);
        assert_string_equal(f, "0-2,7,9-10");
        free(f);
        cpu_set_reset(&s);
}

static void test_directory_env(void **state) {
        (void) state;
        UnitConfig *c = service((const char *const[]){ "LogsDirectory", "x", "ConfigurationDirectory", "y z", NULL });
        char *s;
        assert_int_equal(exec_directory_env(c->exec, EXEC_DIRECTORY_LOGS, &s), 0);
        assert_string_equal(s, "LOGS_DIRECTORY=/var/log/x");
        free(s);
        assert_int_equal(exec_directory_env(c->exec, EXEC_DIRECTORY_CONFIGURATION, &s), 0);
        assert_string_equal(s, "CONFIGURATION_DIRECTORY=/etc/y:/etc/z");
        free(s);
        assert_int_equal(exec_directory_env(c->exec, EXEC_DIRECTORY_RUNTIME, &s), 0);
        assert_null(s);
        unit_config_free(c);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_stdio_actions),   cmocka_unit_test(test_rlimits),
                cmocka_unit_test(test_caps),            cmocka_unit_test(test_personality),
                cmocka_unit_test(test_dynamic_user),    cmocka_unit_test(test_identity),
                cmocka_unit_test(test_env),             cmocka_unit_test(test_cgroup_attributes),
                cmocka_unit_test(test_cpu_set_format),  cmocka_unit_test(test_directory_env),
                cmocka_unit_test(test_ioprio),          cmocka_unit_test(test_system_tasks_max),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
