/* test-condition-eval.c — Condition*= evaluation against fake machines: temporary roots with
 * their own /proc, /sys, /etc and /run files stand for a QEMU guest (A), an lxc container (B),
 * an empty machine (C) and an initrd with only /usr/lib/os-release (D). One table row per check
 * covers every type, "!" (which never turns an error into success), operators, globs and
 * version order; the list tests cover systemd's rule that all plain checks and, if there are
 * any, one triggering check must hold. Expected values were compared with systemd 252. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <cmocka.h>

#include "condition-eval-internal.h"
#include "condition-eval.h"
#include "path-util.h"
#include "string-util.h"

static char root_a[] = "/tmp/test-condition-A-XXXXXX";
static char root_b[] = "/tmp/test-condition-B-XXXXXX";
static char root_c[] = "/tmp/test-condition-C-XXXXXX";
static char root_d[] = "/tmp/test-condition-D-XXXXXX";

static void mkdir_parents(char *path) {
        for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
                *s = 0;
                (void) mkdir(path, 0755);
                *s = '/';
        }
}

static void put(const char *root, const char *rel, const char *content, size_t n) {
        _cleanup_free_ char *p = path_join(root, rel);
        assert_non_null(p);
        mkdir_parents(p);
        int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, content, n), (ssize_t) n);
        close(fd);
}
#define PUT(root, rel, s) put(root, rel, s, strlen(s))

static void dir(const char *root, const char *rel) {
        _cleanup_free_ char *p = path_join(root, rel, "x");
        mkdir_parents(p);
}

static void set_mtime(const char *root, const char *rel, time_t sec, long nsec) {
        _cleanup_free_ char *p = path_join(root, rel);
        struct timespec ts[2] = { { sec, nsec }, { sec, nsec } };
        assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
}

static int setup(void **state) {
        char buf[256];

        /* The test's own environment must not make the fake machines containers. */
        unsetenv("container");
        unsetenv("CREDENTIALS_DIRECTORY");
        unsetenv("ENCRYPTED_CREDENTIALS_DIRECTORY");
        setenv("CONDEVAL_TEST", "hello", 1);
        assert_non_null(mkdtemp(root_a));
        assert_non_null(mkdtemp(root_b));
        assert_non_null(mkdtemp(root_c));
        assert_non_null(mkdtemp(root_d));

        /* A: a QEMU guest booted with UEFI and Secure Boot, on battery. */
        const char *a = root_a;
        PUT(a, "proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/vda1 quiet systemd.unit=rescue.target \"foo=bar baz\"\n");
        PUT(a, "proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        PUT(a, "proc/sys/kernel/hostname", "build-host\n");
        PUT(a, "proc/self/status", "Name:\tsysmaster\nTracerPid:\t0\nCapBnd:\t0000000000200000\n");
        PUT(a, "proc/self/uid_map", "         0     100000      65536\n");
        PUT(a, "proc/meminfo", "MemTotal:           2048 kB\nMemFree:  100 kB\n");
        PUT(a, "proc/pressure/memory",
            "some avg10=1.00 avg60=2.00 avg300=3.00 total=1\nfull avg10=0.50 avg60=5.50 avg300=0.25 total=1\n");
        PUT(a, "proc/pressure/cpu", "some avg10=20.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        PUT(a, "proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu sse2 hypervisor\n");
        put(a, "proc/device-tree/compatible", "acme,board\0acme,soc\0", 20);
        PUT(a, "etc/os-release", "# comment\nNAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=38\nPRETTY_NAME='x y'\n");
        PUT(a, "usr/lib/os-release", "ID=ignored\n");
        PUT(a, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        snprintf(buf, sizeof buf, "root:x:0:0::/root:/bin/sh\nme:x:%u:%u::/:/bin/sh\nother:x:54321:54321::/:/bin/sh\n",
                 (unsigned) getuid(), (unsigned) getgid());
        PUT(a, "etc/passwd", buf);
        snprintf(buf, sizeof buf, "root:x:0:\nmine:x:%u:\nnotmine:x:54321:\n", (unsigned) getgid());
        PUT(a, "etc/group", buf);
        PUT(a, "run/systemd/first-boot", "");
        PUT(a, "run/credentials/@system/token", "secret");
        PUT(a, "sys/class/power_supply/AC/type", "Mains\n");
        PUT(a, "sys/class/power_supply/AC/online", "0\n");
        PUT(a, "sys/class/power_supply/BAT0/type", "Battery\n");
        PUT(a, "sys/class/power_supply/BAT0/status", "Discharging\n");
        PUT(a, "sys/class/power_supply/hidpp_battery_0/type", "Battery\n");
        PUT(a, "sys/class/power_supply/hidpp_battery_0/scope", "Device\n");
        PUT(a, "sys/class/dmi/id/sys_vendor", "QEMU\n");
        PUT(a, "sys/class/dmi/id/product_version", "pc-q35-7.2\n");
        PUT(a, "sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
        PUT(a, "sys/fs/cgroup/memory.max", "1048576\n");
        PUT(a, "sys/fs/cgroup/system.slice/memory.pressure",
            "some avg10=9.00 avg60=9.00 avg300=9.00 total=1\nfull avg10=5.00 avg60=0.00 avg300=2.00 total=1\n");
        dir(a, "sys/firmware/efi/efivars");
        put(a, "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c", "\x06\0\0\0\x01", 5);
        PUT(a, "sys/module/apparmor/parameters/enabled", "Y\n");
        PUT(a, "srv/full/file", "#!/bin/sh\n");
        _cleanup_free_ char *exe = path_join(a, "srv/full/file");
        assert_int_equal(chmod(exe, 0755), 0);
        dir(a, "srv/empty");
        PUT(a, "srv/hidden/.x", "x");
        PUT(a, "srv/hidden/foo~", "x");
        PUT(a, "srv/hidden/bar.dpkg-old", "x");
        PUT(a, "srv/emptyfile", "");
        PUT(a, "srv/glob/a.conf", "x");
        _cleanup_free_ char *link = path_join(a, "srv/link");
        assert_int_equal(symlink("full", link), 0);
        /* NeedsUpdate=: /usr changed at 2000 s; /etc's stamp is older, /var's newer, and the
         * stamps of /srv/upd* have whole seconds only, so TIMESTAMP_NSEC= decides. */
        PUT(a, "etc/.updated", "");
        PUT(a, "var/.updated", "");
        PUT(a, "srv/upd1/.updated", "TIMESTAMP_NSEC=2000000000400\n");
        PUT(a, "srv/upd2/.updated", "TIMESTAMP_NSEC=2000000000500\n");
        set_mtime(a, "usr", 2000, 500);
        set_mtime(a, "etc/.updated", 1000, 0);
        set_mtime(a, "var/.updated", 3000, 0);
        set_mtime(a, "srv/upd1/.updated", 2000, 0);
        set_mtime(a, "srv/upd2/.updated", 2000, 0);

        /* B: an lxc container on cgroup v1 (memory only), no PSI. */
        const char *b = root_b;
        PUT(b, "run/systemd/container", "lxc\n");
        PUT(b, "proc/cmdline", "host-only-switch\n");
        put(b, "proc/1/cmdline", "/sbin/init\0--unit=x\0systemd.condition-needs-update=no\0systemd.condition-first-boot\0", 84);
        PUT(b, "sys/fs/cgroup/memory/cgroup.procs", "");
        dir(b, "sys/fs/cgroup/cpu"); /* a directory, but nothing mounted on it */
        dir(b, "sys/firmware/efi");
        dir(b, "usr");
        dir(b, "etc");

        /* D: an initrd whose os-release lives in /usr/lib only. */
        PUT(root_d, "usr/lib/os-release", "ID=fallback\nVERSION_ID=\"1.2~rc1\"\n");
        PUT(root_d, "etc/initrd-release", "");
        dir(root_d, "usr");
        return 0;
}

static int teardown(void **state) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s' '%s'", root_a, root_b, root_c, root_d);
        assert_int_equal(system(cmd), 0);
        return 0;
}

enum { A, B, C, D, HOST };
#define ERR CONDITION_ERROR
#define YES CONDITION_SUCCEEDED
#define NO CONDITION_FAILED

static const struct {
        int root;
        ConditionType type;
        const char *parameter; /* a leading "!" negates */
        ConditionResult expect;
} cases[] = {
        /* Architecture: uname; unknown names fail without error, as in 252. */
        { HOST, CONDITION_ARCHITECTURE, "native", YES },
        { HOST, CONDITION_ARCHITECTURE, "!native", NO },
        { HOST, CONDITION_ARCHITECTURE, "bogus", NO },
#if defined(__x86_64__)
        { HOST, CONDITION_ARCHITECTURE, "x86-64", YES },
        { HOST, CONDITION_ARCHITECTURE, "arm64", NO },
        { HOST, CONDITION_CPU_FEATURE, "sse2", YES },
        { HOST, CONDITION_CPU_FEATURE, "SSE2", YES },
        { HOST, CONDITION_CPU_FEATURE, "lm", YES },
#endif
        { HOST, CONDITION_CPU_FEATURE, "bogus", NO },
        { HOST, CONDITION_CPU_FEATURE, "!bogus", YES },

        /* Firmware */
        { A, CONDITION_FIRMWARE, "uefi", YES },
        { B, CONDITION_FIRMWARE, "uefi", NO }, /* a container was not booted by firmware */
        { A, CONDITION_FIRMWARE, "device-tree", NO },
        { A, CONDITION_FIRMWARE, "device-tree-compatible(acme,soc)", YES },
        { A, CONDITION_FIRMWARE, "device-tree-compatible(acme)", NO },
        { A, CONDITION_FIRMWARE, "device-tree-compatible(acme,soc", NO },
        { C, CONDITION_FIRMWARE, "device-tree-compatible(acme,soc)", NO },
        { A, CONDITION_FIRMWARE, "smbios-field(sys_vendor = QEMU)", YES },
        { A, CONDITION_FIRMWARE, "smbios-field(sys_vendor=QEMU)", YES },
        { A, CONDITION_FIRMWARE, "smbios-field(sys_vendor != QEMU)", NO },
        { A, CONDITION_FIRMWARE, "smbios-field(sys_vendor $= Q*)", YES },
        { A, CONDITION_FIRMWARE, "smbios-field(sys_vendor !$= Q*)", NO },
        { A, CONDITION_FIRMWARE, "smbios-field(product_version >= pc-q35-7.0)", YES },
        { A, CONDITION_FIRMWARE, "smbios-field(product_version < pc-q35-7.0)", NO },
        { A, CONDITION_FIRMWARE, "smbios-field(nonexist = x)", NO },
        { A, CONDITION_FIRMWARE, "smbios-field(sys_vendor x)", ERR },
        { A, CONDITION_FIRMWARE, "smbios-field(sys_vendor = \"a b\" c)", ERR },
        { A, CONDITION_FIRMWARE, "!smbios-field(sys_vendor =)", ERR },
        { A, CONDITION_FIRMWARE, "bogus", NO },

        /* Virtualization */
        { A, CONDITION_VIRTUALIZATION, "yes", YES },
        { A, CONDITION_VIRTUALIZATION, "vm", YES },
        { A, CONDITION_VIRTUALIZATION, "container", NO },
        { A, CONDITION_VIRTUALIZATION, "qemu", YES },
        { A, CONDITION_VIRTUALIZATION, "kvm", NO },
        { A, CONDITION_VIRTUALIZATION, "private-users", YES },
        { B, CONDITION_VIRTUALIZATION, "container", YES },
        { B, CONDITION_VIRTUALIZATION, "lxc", YES },
        { B, CONDITION_VIRTUALIZATION, "vm", NO },
        { B, CONDITION_VIRTUALIZATION, "!docker", YES },
        { C, CONDITION_VIRTUALIZATION, "no", YES },
        { C, CONDITION_VIRTUALIZATION, "false", YES },
        { C, CONDITION_VIRTUALIZATION, "private-users", NO },
        { C, CONDITION_VIRTUALIZATION, "bogus", NO },

        /* Host: hostname glob (any case) or machine ID (either spelling). */
        { A, CONDITION_HOST, "build-host", YES },
        { A, CONDITION_HOST, "BUILD-*", YES },
        { A, CONDITION_HOST, "other?", NO },
        { A, CONDITION_HOST, "0123456789ABCDEF0123456789abcdef", YES },
        { A, CONDITION_HOST, "01234567-89ab-cdef-0123-456789abcdef", YES },
        { A, CONDITION_HOST, "!fedcba9876543210fedcba9876543210", YES },
        { C, CONDITION_HOST, "0123456789abcdef0123456789abcdef", ERR },

        /* KernelCommandLine: /proc/cmdline, or PID 1's in a container. */
        { A, CONDITION_KERNEL_COMMAND_LINE, "quiet", YES },
        { A, CONDITION_KERNEL_COMMAND_LINE, "systemd.unit", YES },
        { A, CONDITION_KERNEL_COMMAND_LINE, "systemd.unit=rescue.target", YES },
        { A, CONDITION_KERNEL_COMMAND_LINE, "systemd.unit=default.target", NO },
        { A, CONDITION_KERNEL_COMMAND_LINE, "systemd", NO },
        { A, CONDITION_KERNEL_COMMAND_LINE, "foo=bar baz", YES },
        { A, CONDITION_KERNEL_COMMAND_LINE, "!root", NO },
        { B, CONDITION_KERNEL_COMMAND_LINE, "--unit", YES },
        { B, CONDITION_KERNEL_COMMAND_LINE, "host-only-switch", NO },
        { C, CONDITION_KERNEL_COMMAND_LINE, "quiet", ERR },
        { C, CONDITION_KERNEL_COMMAND_LINE, "!quiet", ERR },

        /* KernelVersion: globs by default, string "=", version "==" and friends. */
        { A, CONDITION_KERNEL_VERSION, "6.1.*", YES },
        { A, CONDITION_KERNEL_VERSION, "5.*", NO },
        { A, CONDITION_KERNEL_VERSION, "$=6.*", YES },
        { A, CONDITION_KERNEL_VERSION, "!$=6.*", NO },
        { A, CONDITION_KERNEL_VERSION, ">=6.0", YES },
        { A, CONDITION_KERNEL_VERSION, ">= 6.0", YES },
        { A, CONDITION_KERNEL_VERSION, " >= 6.0", YES },
        { A, CONDITION_KERNEL_VERSION, ">=5 <7", YES },
        { A, CONDITION_KERNEL_VERSION, ">=5 \"<6.1\"", NO },
        { A, CONDITION_KERNEL_VERSION, ">=5 < 7", ERR },
        { A, CONDITION_KERNEL_VERSION, ">=", ERR },
        { A, CONDITION_KERNEL_VERSION, "=6.1.0-18-amd64", YES },
        { A, CONDITION_KERNEL_VERSION, "=6.1", NO },
        { A, CONDITION_KERNEL_VERSION, "==6.1.0-18-amd64", YES },
        { A, CONDITION_KERNEL_VERSION, "<>6.1.0-18-amd64", NO },
        { A, CONDITION_KERNEL_VERSION, "!=6.1", YES },
        { A, CONDITION_KERNEL_VERSION, ">6.1.0-9-amd64", YES },
        { A, CONDITION_KERNEL_VERSION, "<6.1.0-18-amd64", NO },
        { A, CONDITION_KERNEL_VERSION, "<=6.1.0-18-amd64", YES },
        { A, CONDITION_KERNEL_VERSION, "<6.10", YES },

        /* Credential */
        { A, CONDITION_CREDENTIAL, "token", YES },
        { A, CONDITION_CREDENTIAL, "nope", NO },
        { A, CONDITION_CREDENTIAL, "../token", NO },
        { A, CONDITION_CREDENTIAL, "!token", NO },

        /* Security */
        { A, CONDITION_SECURITY, "apparmor", YES },
        { A, CONDITION_SECURITY, "selinux", NO },
        { A, CONDITION_SECURITY, "uefi-secureboot", YES },
        { A, CONDITION_SECURITY, "tpm2", NO },
        { A, CONDITION_SECURITY, "smack", NO },
        { A, CONDITION_SECURITY, "ima", NO },
        { A, CONDITION_SECURITY, "tomoyo", NO },
        { A, CONDITION_SECURITY, "cvm", NO },
        { A, CONDITION_SECURITY, "!bogus", YES },
        { B, CONDITION_SECURITY, "uefi-secureboot", NO },

        /* Capability: the bounding set of the manager (CAP_SYS_ADMIN only, in A). */
        { A, CONDITION_CAPABILITY, "CAP_SYS_ADMIN", YES },
        { A, CONDITION_CAPABILITY, "cap_sys_admin", YES },
        { A, CONDITION_CAPABILITY, "21", YES },
        { A, CONDITION_CAPABILITY, "CAP_NET_ADMIN", NO },
        { A, CONDITION_CAPABILITY, "!CAP_NET_ADMIN", YES },
        { A, CONDITION_CAPABILITY, "bogus", ERR },
        { A, CONDITION_CAPABILITY, "!bogus", ERR },

        /* ACPower: on AC unless a battery drains and no AC is online. */
        { A, CONDITION_AC_POWER, "true", NO },
        { A, CONDITION_AC_POWER, "false", YES },
        { C, CONDITION_AC_POWER, "true", YES },
        { C, CONDITION_AC_POWER, "!no", YES },
        { C, CONDITION_AC_POWER, "bogus", ERR },

        /* Memory: MemTotal 2 MiB, cgroup limit 1 MiB. */
        { A, CONDITION_MEMORY, "1M", YES },
        { A, CONDITION_MEMORY, "1048577", NO },
        { A, CONDITION_MEMORY, ">1M", NO },
        { A, CONDITION_MEMORY, ">=1024K", YES },
        { A, CONDITION_MEMORY, "=1M", YES },
        { A, CONDITION_MEMORY, "==1048576", YES },
        { A, CONDITION_MEMORY, "!=1M", NO },
        { A, CONDITION_MEMORY, "<>1M", NO },
        { A, CONDITION_MEMORY, "<2M", YES },
        { A, CONDITION_MEMORY, "<=512K", NO },
        { A, CONDITION_MEMORY, "$=1M", ERR },
        { A, CONDITION_MEMORY, "bogus", ERR },
        { C, CONDITION_MEMORY, "1", ERR },

        /* CPUs: the manager's affinity mask. */
        { HOST, CONDITION_CPUS, "1", YES },
        { HOST, CONDITION_CPUS, ">=1", YES },
        { HOST, CONDITION_CPUS, "<1", NO },
        { HOST, CONDITION_CPUS, "<>0", YES },
        { HOST, CONDITION_CPUS, ">100000", NO },
        { HOST, CONDITION_CPUS, "!>100000", YES },
        { HOST, CONDITION_CPUS, "many", ERR },

        /* Environment: the manager's own. */
        { HOST, CONDITION_ENVIRONMENT, "CONDEVAL_TEST", YES },
        { HOST, CONDITION_ENVIRONMENT, "CONDEVAL_TEST=hello", YES },
        { HOST, CONDITION_ENVIRONMENT, "CONDEVAL_TEST=bye", NO },
        { HOST, CONDITION_ENVIRONMENT, "CONDEVAL_TES", NO },
        { HOST, CONDITION_ENVIRONMENT, "!CONDEVAL_NOPE", YES },

        /* OSRelease */
        { A, CONDITION_OS_RELEASE, "ID=fedora", YES },
        { A, CONDITION_OS_RELEASE, "ID!=fedora", NO },
        { A, CONDITION_OS_RELEASE, "ID$=fed*", YES },
        { A, CONDITION_OS_RELEASE, "ID!$=fed*", NO },
        { A, CONDITION_OS_RELEASE, "VERSION_ID>=37", YES },
        { A, CONDITION_OS_RELEASE, "VERSION_ID<38", NO },
        { A, CONDITION_OS_RELEASE, "VERSION_ID==38", YES },
        { A, CONDITION_OS_RELEASE, "VERSION_ID==38.0", NO },
        { A, CONDITION_OS_RELEASE, "ID=fedora VERSION_ID>40", NO },
        { A, CONDITION_OS_RELEASE, "ID=fedora VERSION_ID<=40", YES },
        { A, CONDITION_OS_RELEASE, "\"NAME=Fedora Linux\"", YES },
        { A, CONDITION_OS_RELEASE, "'PRETTY_NAME=x y'", YES },
        { A, CONDITION_OS_RELEASE, "NOPE!=x", YES },
        { A, CONDITION_OS_RELEASE, "NOPE<1", YES },
        { A, CONDITION_OS_RELEASE, "VERSION_ID=", ERR },
        { A, CONDITION_OS_RELEASE, "VERSION_ID= 38", ERR },
        { A, CONDITION_OS_RELEASE, "ID", ERR },
        { A, CONDITION_OS_RELEASE, "ID $=fed*", ERR },
        { A, CONDITION_OS_RELEASE, "1D=x", ERR },
        { D, CONDITION_OS_RELEASE, "ID=fallback", YES },
        { D, CONDITION_OS_RELEASE, "VERSION_ID<1.2", YES },
        { C, CONDITION_OS_RELEASE, "ID=x", ERR },

        /* Pressure: "full" first, "some" where there is no "full" and for CPU (as 252 does);
         * no PSI passes. */
        { A, CONDITION_MEMORY_PRESSURE, "10%", YES },
        { A, CONDITION_MEMORY_PRESSURE, "0.25%", YES },
        { A, CONDITION_MEMORY_PRESSURE, "0.24%", NO },
        { A, CONDITION_MEMORY_PRESSURE, "5%/1min", NO },
        { A, CONDITION_MEMORY_PRESSURE, "5.5%/1min", YES },
        { A, CONDITION_MEMORY_PRESSURE, "0.50%/10sec", YES },
        { A, CONDITION_MEMORY_PRESSURE, "0.49%/10sec", NO },
        { A, CONDITION_MEMORY_PRESSURE, "1%/5min", YES },
        { A, CONDITION_MEMORY_PRESSURE, "system.slice:1%", NO },
        { A, CONDITION_MEMORY_PRESSURE, "system.slice:2%", YES },
        { A, CONDITION_MEMORY_PRESSURE, "nope.slice:0%", YES },
        { A, CONDITION_MEMORY_PRESSURE, "foo.service:1%", ERR },
        { A, CONDITION_MEMORY_PRESSURE, "10", ERR },
        { A, CONDITION_MEMORY_PRESSURE, "10%/2min", ERR },
        { A, CONDITION_CPU_PRESSURE, "10%/10sec", NO },
        { A, CONDITION_CPU_PRESSURE, "20%/10sec", YES },
        { A, CONDITION_IO_PRESSURE, "0%", YES },
        { B, CONDITION_MEMORY_PRESSURE, "0%", YES },

        /* NeedsUpdate, FirstBoot (B's PID 1 command line overrides both) */
        { A, CONDITION_NEEDS_UPDATE, "/etc", YES },
        { A, CONDITION_NEEDS_UPDATE, "/var", NO },
        { A, CONDITION_NEEDS_UPDATE, "!/var", YES },
        { A, CONDITION_NEEDS_UPDATE, "/srv/upd1", YES },
        { A, CONDITION_NEEDS_UPDATE, "/srv/upd2", NO },
        { A, CONDITION_NEEDS_UPDATE, "/srv/no-stamp", YES },
        { B, CONDITION_NEEDS_UPDATE, "/etc", NO },
        { D, CONDITION_NEEDS_UPDATE, "/etc", NO },
        { A, CONDITION_FIRST_BOOT, "yes", YES },
        { A, CONDITION_FIRST_BOOT, "no", NO },
        { C, CONDITION_FIRST_BOOT, "yes", NO },
        { C, CONDITION_FIRST_BOOT, "!yes", YES },
        { B, CONDITION_FIRST_BOOT, "true", YES },
        { C, CONDITION_FIRST_BOOT, "bogus", ERR },

        /* Paths (symlinks followed, except by PathIsSymbolicLink=) */
        { A, CONDITION_PATH_EXISTS, "/srv/full/file", YES },
        { A, CONDITION_PATH_EXISTS, "/srv/nope", NO },
        { A, CONDITION_PATH_EXISTS, "!/srv/nope", YES },
        { A, CONDITION_PATH_EXISTS_GLOB, "/srv/glob/*.conf", YES },
        { A, CONDITION_PATH_EXISTS_GLOB, "/srv/glob/*.nope", NO },
        { A, CONDITION_PATH_EXISTS_GLOB, "/srv/{nope,glob}/a.con?", YES },
        { A, CONDITION_PATH_EXISTS_GLOB, "/srv/[fg]ull/file", YES },
        { A, CONDITION_PATH_IS_DIRECTORY, "/srv/full", YES },
        { A, CONDITION_PATH_IS_DIRECTORY, "/srv/link", YES },
        { A, CONDITION_PATH_IS_DIRECTORY, "/srv/full/file", NO },
        { A, CONDITION_PATH_IS_SYMBOLIC_LINK, "/srv/link", YES },
        { A, CONDITION_PATH_IS_SYMBOLIC_LINK, "/srv/full", NO },
        { A, CONDITION_PATH_IS_MOUNT_POINT, "/srv", NO },
        { A, CONDITION_PATH_IS_MOUNT_POINT, "/srv/nope", NO },
        { HOST, CONDITION_PATH_IS_MOUNT_POINT, "/proc", YES },
        { HOST, CONDITION_PATH_IS_MOUNT_POINT, "/", YES },
        { A, CONDITION_PATH_IS_READ_WRITE, "/srv", YES },
        { A, CONDITION_PATH_IS_READ_WRITE, "/srv/nope", NO },
        { C, CONDITION_PATH_IS_ENCRYPTED, "/nope", NO },
        { A, CONDITION_DIRECTORY_NOT_EMPTY, "/srv/full", YES },
        { A, CONDITION_DIRECTORY_NOT_EMPTY, "/srv/empty", NO },
        { A, CONDITION_DIRECTORY_NOT_EMPTY, "/srv/hidden", NO },
        { A, CONDITION_DIRECTORY_NOT_EMPTY, "/srv/full/file", NO },
        { A, CONDITION_DIRECTORY_NOT_EMPTY, "/srv/nope", NO },
        { A, CONDITION_FILE_NOT_EMPTY, "/srv/full/file", YES },
        { A, CONDITION_FILE_NOT_EMPTY, "/srv/link/file", YES },
        { A, CONDITION_FILE_NOT_EMPTY, "/srv/emptyfile", NO },
        { A, CONDITION_FILE_NOT_EMPTY, "/srv/full", NO },
        { A, CONDITION_FILE_IS_EXECUTABLE, "/srv/full/file", YES },
        { A, CONDITION_FILE_IS_EXECUTABLE, "/srv/emptyfile", NO },
        { A, CONDITION_FILE_IS_EXECUTABLE, "/srv/full", NO },
        { A, CONDITION_FILE_IS_EXECUTABLE, "!/srv/full", YES },

        /* User and Group: /etc/passwd and /etc/group below root, no NSS. */
        { A, CONDITION_USER, "me", YES },
        { A, CONDITION_USER, "other", NO },
        { A, CONDITION_USER, "nobody-here", NO },
        { A, CONDITION_GROUP, "mine", YES },
        { A, CONDITION_GROUP, "notmine", NO },
        { A, CONDITION_GROUP, "@system", NO },
        { C, CONDITION_GROUP, "mine", NO },

        /* ControlGroupController: A unified, B legacy with only memory mounted. */
        { A, CONDITION_CONTROL_GROUP_CONTROLLER, "v2", YES },
        { A, CONDITION_CONTROL_GROUP_CONTROLLER, "v1", NO },
        { A, CONDITION_CONTROL_GROUP_CONTROLLER, "cpu", YES },
        { A, CONDITION_CONTROL_GROUP_CONTROLLER, "cpu memory pids io", YES },
        { A, CONDITION_CONTROL_GROUP_CONTROLLER, "cpu cpuacct", NO },
        { A, CONDITION_CONTROL_GROUP_CONTROLLER, "hugetlb", YES }, /* unknown to 252: ignored */
        { A, CONDITION_CONTROL_GROUP_CONTROLLER, "bogus", YES },
        { A, CONDITION_CONTROL_GROUP_CONTROLLER, "bpf-firewall", YES },
        { B, CONDITION_CONTROL_GROUP_CONTROLLER, "v1", YES },
        { B, CONDITION_CONTROL_GROUP_CONTROLLER, "memory", YES },
        { B, CONDITION_CONTROL_GROUP_CONTROLLER, "memory cpu", NO },
        { B, CONDITION_CONTROL_GROUP_CONTROLLER, "!cpu", YES },
};

static const char *root_of(int r) {
        switch (r) {
        case A:
                return root_a;
        case B:
                return root_b;
        case C:
                return root_c;
        case D:
                return root_d;
        default:
                return NULL;
        }
}

static ConditionResult eval(int root, ConditionType type, const char *parameter) {
        Condition c = { .type = type };
        c.negate = parameter[0] == '!';
        c.parameter = (char *) (c.negate ? parameter + 1 : parameter);
        return condition_test(&c, root_of(root));
}

static void test_table(void **state) {
        bool seen[_CONDITION_TYPE_MAX] = {};
        unsigned failures = 0;

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                ConditionResult r = eval(cases[i].root, cases[i].type, cases[i].parameter);
                seen[cases[i].type] = true;
                if (r != cases[i].expect) {
                        fprintf(stderr, "Condition%s=%s on root %c: got %d, expected %d\n",
                                condition_type_to_string(cases[i].type), cases[i].parameter,
                                "ABCDH"[cases[i].root], r, cases[i].expect);
                        failures++;
                }
        }
        assert_int_equal(failures, 0);
        /* Every type systemd 252 has is exercised (two of them in their own tests below). */
        seen[CONDITION_PATH_IS_ENCRYPTED] = true;
        for (int t = 0; t < _CONDITION_TYPE_MAX; t++)
                if (!seen[t])
                        fail_msg("Condition%s= has no test row", condition_type_to_string(t));
}

static void test_identity(void **state) {
        char s[32];

        /* Numeric ids and "@system" compare with the real ids of this process. */
        snprintf(s, sizeof s, "%u", (unsigned) getuid());
        assert_int_equal(eval(A, CONDITION_USER, s), YES);
        assert_int_equal(eval(A, CONDITION_USER, "root"), getuid() == 0 || geteuid() == 0 ? YES : NO);
        assert_int_equal(eval(C, CONDITION_USER, "@system"), getuid() <= 999 ? YES : NO);
        snprintf(s, sizeof s, "%u", (unsigned) getgid());
        assert_int_equal(eval(C, CONDITION_GROUP, s), YES);
        assert_int_equal(eval(C, CONDITION_GROUP, "root"), getgid() == 0 || getegid() == 0 ? YES : NO);
}

static void test_credentials_directory(void **state) {
        /* $CREDENTIALS_DIRECTORY replaces /run/credentials/@system; it is below root too. */
        PUT(root_a, "creds2/other", "x");
        setenv("CREDENTIALS_DIRECTORY", "/creds2", 1);
        assert_int_equal(eval(A, CONDITION_CREDENTIAL, "other"), YES);
        assert_int_equal(eval(A, CONDITION_CREDENTIAL, "token"), NO);
        setenv("ENCRYPTED_CREDENTIALS_DIRECTORY", "/run/credentials/@system", 1);
        assert_int_equal(eval(A, CONDITION_CREDENTIAL, "token"), YES);
        unsetenv("CREDENTIALS_DIRECTORY");
        unsetenv("ENCRYPTED_CREDENTIALS_DIRECTORY");
}

static void test_container_sources(void **state) {
        /* $container of the manager comes first; "oci" asks the marker files. */
        setenv("container", "docker", 1);
        assert_int_equal(eval(C, CONDITION_VIRTUALIZATION, "docker"), YES);
        setenv("container", "something-new", 1);
        assert_int_equal(eval(C, CONDITION_VIRTUALIZATION, "container-other"), YES);
        PUT(root_d, "run/.containerenv", "");
        setenv("container", "oci", 1);
        assert_int_equal(eval(D, CONDITION_VIRTUALIZATION, "podman"), YES);
        unsetenv("container");
        assert_int_equal(eval(D, CONDITION_VIRTUALIZATION, "podman"), YES);
        PUT(root_c, ".dockerenv", "");
        assert_int_equal(eval(C, CONDITION_VIRTUALIZATION, "docker"), YES);
        _cleanup_free_ char *p = path_join(root_c, ".dockerenv"), *q = path_join(root_d, "run/.containerenv");
        assert_int_equal(unlink(p), 0);
        assert_int_equal(unlink(q), 0);
        put(root_c, "proc/1/environ", "PATH=/bin\0container=systemd-nspawn\0", 35);
        assert_int_equal(eval(C, CONDITION_VIRTUALIZATION, "systemd-nspawn"), YES);
        PUT(root_c, "proc/1/environ", "");
        assert_int_equal(eval(C, CONDITION_VIRTUALIZATION, "no"), YES);
}

static void test_encrypted(void **state) {
        /* A fake sysfs for the device the temporary root lives on: dm-crypt two layers down
         * (LVM on LUKS) counts, a plain device does not. */
        _cleanup_free_ char *srv = path_join(root_a, "srv");
        struct stat st;
        char d[128];
        assert_int_equal(stat(srv, &st), 0);
        assert_int_equal(eval(A, CONDITION_PATH_IS_ENCRYPTED, "/srv"), NO);
        if (major(st.st_dev) == 0)
                skip(); /* an anonymous device (tmpfs, overlay) has no block device to fake */
        snprintf(d, sizeof d, "sys/dev/block/%u:%u/slaves/dm-1/dev", major(st.st_dev), minor(st.st_dev));
        PUT(root_a, d, "253:1\n");
        PUT(root_a, "sys/dev/block/253:1/dm/uuid", "LVM-abc\n");
        PUT(root_a, "sys/dev/block/253:1/slaves/dm-0/dev", "253:0\n");
        assert_int_equal(eval(A, CONDITION_PATH_IS_ENCRYPTED, "/srv"), NO);
        PUT(root_a, "sys/dev/block/253:0/dm/uuid", "CRYPT-LUKS2-0123-luks\n");
        assert_int_equal(eval(A, CONDITION_PATH_IS_ENCRYPTED, "/srv"), YES);
        assert_int_equal(eval(A, CONDITION_PATH_IS_ENCRYPTED, "!/srv"), NO);
}

static void test_security_audit(void **state) {
        /* The audit socket is the running kernel's: whatever it says, it is not an error. */
        assert_true(eval(HOST, CONDITION_SECURITY, "audit") != ERR);
}

static void test_version_compare(void **state) {
        static const struct {
                const char *a, *b;
                int expect;
        } v[] = {
                { "1", "1", 0 },           { "01", "1", 0 },            { "1.0", "1.0", 0 },
                { "5.4", "5.10", -1 },     { "122.1", "123", -1 },      { "123~rc1", "123", -1 },
                { "123~rc1", "123~rc2", -1 }, { "123", "123-a", -1 },   { "123-a", "123.1", -1 },
                { "123^post1", "123", 1 }, { "123^a", "123.1", 1 },     { "123.a", "123.1", -1 },
                { "a", "b", -1 },          { "ab", "a", 1 },            { "1a", "1", 1 },
                { "", "1", -1 },           { "", "", 0 },               { NULL, "1", -1 },
                { "6.1.0-18-amd64", "6.1.0-9-amd64", 1 }, { "2.0", "2.0.1", -1 },
                { "1_2", "1.2", 1 },       { "fc38", "fc37", 1 },
        };
        for (size_t i = 0; i < ELEMENTSOF(v); i++) {
                int r = version_compare(v[i].a, v[i].b), s = version_compare(v[i].b, v[i].a);
                if ((r > 0) - (r < 0) != v[i].expect || (s > 0) - (s < 0) != -v[i].expect)
                        fail_msg("version_compare(%s, %s) = %d", strna(v[i].a), v[i].b, r);
        }
}

static void test_operators(void **state) {
        static const struct {
                const char *s;
                CompareFlags flags;
                CompareOperator op;
                const char *rest;
        } o[] = {
                { "<=1", 0, COMPARE_LOWER_OR_EQUAL, "1" },   { "<1", 0, COMPARE_LOWER, "1" },
                { "<>1", 0, COMPARE_UNEQUAL, "1" },          { ">=1", 0, COMPARE_GREATER_OR_EQUAL, "1" },
                { ">1", 0, COMPARE_GREATER, "1" },           { "==1", 0, COMPARE_EQUAL, "1" },
                { "=1", 0, COMPARE_EQUAL, "1" },             { "!=1", 0, COMPARE_UNEQUAL, "1" },
                { "$=1", 0, _COMPARE_OPERATOR_INVALID, "$=1" },
                { "=1", COMPARE_EQUAL_BY_STRING, COMPARE_STRING_EQUAL, "1" },
                { "!=1", COMPARE_EQUAL_BY_STRING, COMPARE_STRING_UNEQUAL, "1" },
                { "==1", COMPARE_EQUAL_BY_STRING, COMPARE_EQUAL, "1" },
                { "$=1*", COMPARE_ALLOW_FNMATCH, COMPARE_FNMATCH_EQUAL, "1*" },
                { "!$=1*", COMPARE_ALLOW_FNMATCH, COMPARE_FNMATCH_UNEQUAL, "1*" },
                { "1", COMPARE_ALLOW_FNMATCH, _COMPARE_OPERATOR_INVALID, "1" },
        };
        for (size_t i = 0; i < ELEMENTSOF(o); i++) {
                const char *p = o[i].s;
                assert_int_equal(compare_operator_parse(&p, o[i].flags), o[i].op);
                assert_string_equal(p, o[i].rest);
        }
}

/* ---- lists ---- */

typedef struct {
        ConditionType type;
        const char *parameter;
        bool trigger;
} Check;

static bool list(const Check *checks, size_t n) {
        Condition c[8] = {};
        assert_true(n <= ELEMENTSOF(c));
        for (size_t i = 0; i < n; i++) {
                c[i].type = checks[i].type;
                c[i].trigger = checks[i].trigger;
                c[i].negate = checks[i].parameter[0] == '!';
                c[i].parameter = (char *) checks[i].parameter + c[i].negate;
                c[i].next = i + 1 < n ? &c[i + 1] : NULL;
        }
        return condition_list_test(n > 0 ? c : NULL, "test.service", "Condition");
}

#define T_YES CONDITION_ENVIRONMENT, "CONDEVAL_TEST"
#define T_NO CONDITION_ENVIRONMENT, "CONDEVAL_NOPE"
#define T_ERR CONDITION_MEMORY, "bogus"
#define LIST(expect, ...)                                              \
        do {                                                           \
                const Check _c[] = { __VA_ARGS__ };                    \
                assert_int_equal(list(_c, ELEMENTSOF(_c)), expect);    \
        } while (0)

static void test_lists(void **state) {
        assert_true(condition_list_test(NULL, "test.service", "Condition"));
        LIST(true, { T_YES, false });
        LIST(false, { T_NO, false });
        LIST(true, { T_YES, false }, { T_YES, false });
        LIST(false, { T_YES, false }, { T_NO, false });
        LIST(false, { T_NO, false }, { T_YES, false });
        /* One triggering check suffices, none is not enough. */
        LIST(true, { T_NO, true }, { T_YES, true });
        LIST(true, { T_YES, true }, { T_NO, true });
        LIST(false, { T_NO, true }, { T_NO, true });
        LIST(true, { T_YES, true });
        LIST(false, { T_NO, true });
        /* Plain checks must still all hold when a trigger holds. */
        LIST(false, { T_YES, true }, { T_NO, false });
        LIST(true, { T_YES, false }, { T_NO, true }, { T_YES, true });
        LIST(false, { T_NO, false }, { T_YES, true });
        /* Negation, and errors, which fail whether negated or not. */
        LIST(true, { CONDITION_ENVIRONMENT, "!CONDEVAL_NOPE", false });
        LIST(true, { CONDITION_ENVIRONMENT, "!CONDEVAL_NOPE", true });
        LIST(false, { T_ERR, false });
        LIST(false, { CONDITION_MEMORY, "!bogus", false });
        LIST(true, { T_ERR, true }, { T_YES, true });
        LIST(false, { T_ERR, true }, { T_NO, true });
        LIST(true, { CONDITION_PATH_EXISTS, "/", false }, { CONDITION_PATH_EXISTS, "!/nonexistent-condeval", false });
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_table),
                cmocka_unit_test(test_identity),
                cmocka_unit_test(test_credentials_directory),
                cmocka_unit_test(test_container_sources),
                cmocka_unit_test(test_encrypted),
                cmocka_unit_test(test_security_audit),
                cmocka_unit_test(test_version_compare),
                cmocka_unit_test(test_operators),
                cmocka_unit_test(test_lists),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
