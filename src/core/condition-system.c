/* condition-system.c — the condition tests that probe the machine rather than files a package
 * ships: architecture, firmware, virtualization, security modules, AC power, CPU features and
 * counts, memory, pressure stall information, cgroup controllers and block-level encryption.
 * Detection reads /proc, /sys and /run below the caller's root wherever the kernel publishes
 * the fact as a file, so tests can build a fake machine in a directory; only what exists
 * solely as a system call or CPU instruction (uname, cpuid, affinity, the audit socket) is
 * asked directly. */
#include <dirent.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <linux/netlink.h>
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#endif

#include "condition-eval-internal.h"
#include "fileio.h"
#include "log.h"
#include "parse-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

static bool is_host_root(const char *root) {
        return isempty(root) || streq(root, "/");
}

static bool word_in(const char *list, const char *separators, const char *word) {
        size_t l = strlen(word);
        for (const char *p = list; p && *p;) {
                p += strspn(p, separators);
                size_t n = strcspn(p, separators);
                if (n == l && strncmp(p, word, l) == 0)
                        return true;
                p += n;
        }
        return false;
}

/* ---- architecture ---- */

static const char *architecture_from_machine(const char *m) {
        static const struct {
                const char *machine; /* uname's machine field; a trailing '*' matches a prefix */
                const char *name;
        } table[] = {
                { "x86_64", "x86-64" },     { "i386", "x86" },         { "i486", "x86" },
                { "i586", "x86" },          { "i686", "x86" },         { "aarch64_be", "arm64-be" },
                { "aarch64", "arm64" },     { "armv*b", "arm-be" },    { "arm*", "arm" },
                { "ppc64le", "ppc64-le" },  { "ppc64", "ppc64" },      { "ppcle", "ppc-le" },
                { "ppc", "ppc" },           { "s390x", "s390x" },      { "s390", "s390" },
                { "sparc64", "sparc64" },   { "sparc", "sparc" },      { "mips64el", "mips64-le" },
                { "mips64", "mips64" },     { "mipsel", "mips-le" },   { "mips", "mips" },
                { "alpha", "alpha" },       { "ia64", "ia64" },        { "parisc64", "parisc64" },
                { "parisc", "parisc" },     { "sh64", "sh64" },        { "sh*", "sh" },
                { "m68k", "m68k" },         { "tilegx", "tilegx" },    { "cris*", "cris" },
                { "arceb", "arc-be" },      { "arc", "arc" },          { "riscv32", "riscv32" },
                { "riscv64", "riscv64" },   { "loongarch64", "loongarch64" }, { "nios2", "nios2" },
        };
        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                const char *t = table[i].machine, *star = strchr(t, '*');
                if (!star ? streq(m, t) :
                            strncmp(m, t, (size_t) (star - t)) == 0 &&
                            (star[1] == 0 || endswith(m, star + 1)))
                        return table[i].name;
        }
        return NULL;
}

static const char *native_architecture(void) {
        /* What this manager was compiled for, which "native" names. */
#if defined(__x86_64__)
        return "x86-64";
#elif defined(__i386__)
        return "x86";
#elif defined(__aarch64__)
#  if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        return "arm64-be";
#  else
        return "arm64";
#  endif
#elif defined(__arm__)
#  if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        return "arm-be";
#  else
        return "arm";
#  endif
#elif defined(__powerpc64__)
#  if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        return "ppc64";
#  else
        return "ppc64-le";
#  endif
#elif defined(__s390x__)
        return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
        return "riscv64";
#elif defined(__loongarch64)
        return "loongarch64";
#else
        struct utsname u;
        return uname(&u) >= 0 ? architecture_from_machine(u.machine) : NULL;
#endif
}

int condition_test_architecture(const Condition *c, const char *root) {
        struct utsname u;
        if (uname(&u) < 0)
                return -errno;
        const char *have = architecture_from_machine(u.machine);
        const char *want = streq(c->parameter, "native") ? native_architecture() : c->parameter;
        /* An unknown name is simply not this machine (systemd 252 fails it, not errors). */
        return have && want && streq(have, want);
}

/* ---- virtualization ---- */

static const char *container_from_name(const char *root, const char *e) {
        static const char *const known[] = {
                "systemd-nspawn", "lxc-libvirt", "lxc", "openvz", "docker", "podman",
                "rkt", "wsl", "proot", "pouch",
        };
        if (isempty(e))
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(known); i++)
                if (streq(e, known[i]))
                        return known[i];
        /* "oci" names a format, not a manager: the marker files may tell which one. */
        if (streq(e, "oci")) {
                if (condition_path_exists(root, "/run/.containerenv") > 0)
                        return "podman";
                if (condition_path_exists(root, "/.dockerenv") > 0)
                        return "docker";
        }
        return "container-other";
}

static const char *detect_container(const char *root) {
        _cleanup_free_ char *s = NULL, *status = NULL;

        if (condition_path_exists(root, "/proc/vz") > 0 && condition_path_exists(root, "/proc/bc") <= 0)
                return "openvz";
        if (condition_read_line(root, "/proc/sys/kernel/osrelease", &s) >= 0 &&
            (strstr(s, "Microsoft") || strstr(s, "WSL")))
                return "wsl";
        s = mfree(s);

        /* proot runs us under ptrace; the tracer's name gives it away. */
        if (condition_read_file(root, "/proc/self/status", &status) >= 0) {
                const char *t = strstr(status, "\nTracerPid:");
                unsigned pid = 0;
                if (t) {
                        t = skip_leading(t + strlen("\nTracerPid:"), WHITESPACE);
                        _cleanup_free_ char *n = strndup(t, strspn(t, DIGITS));
                        if (n && safe_atou(n, &pid) >= 0 && pid > 0) {
                                char path[64];
                                snprintf(path, sizeof path, "/proc/%u/comm", pid);
                                if (condition_read_line(root, path, &s) >= 0 && streq(s, "proot"))
                                        return "proot";
                                s = mfree(s);
                        }
                }
        }

        /* The container manager tells PID 1 by $container; sysmaster-init passes its
         * environment on to us, and /run/systemd/container keeps it for everyone else. */
        const char *e = getenv("container");
        if (!isempty(e))
                return container_from_name(root, e);
        if (condition_read_line(root, "/run/systemd/container", &s) >= 0 && !isempty(s))
                return container_from_name(root, s);
        if (condition_path_exists(root, "/run/.containerenv") > 0)
                return "podman";
        if (condition_path_exists(root, "/.dockerenv") > 0)
                return "docker";

        _cleanup_free_ char *env = NULL;
        size_t n;
        _cleanup_free_ char *p = condition_path(root, "/proc/1/environ");
        if (p && read_full_file(p, CONDITION_FILE_MAX, &env, &n) >= 0)
                for (size_t i = 0; i < n; i += strlen(env + i) + 1) {
                        const char *v = startswith(env + i, "container=");
                        if (v && *v)
                                return container_from_name(root, v);
                }
        return NULL;
}

int condition_detect_container(const char *root) {
        return !!detect_container(root);
}

static const char *vm_from_dmi(const char *root) {
        static const char *const fields[] = {
                "product_name", "sys_vendor", "board_vendor", "bios_vendor", "product_version",
        };
        static const struct {
                const char *prefix;
                const char *name;
        } vendors[] = {
                { "KVM", "kvm" },           { "OpenStack", "kvm" },       { "KubeVirt", "kvm" },
                { "Amazon EC2", "amazon" }, { "QEMU", "qemu" },           { "VMware", "vmware" },
                { "VMW", "vmware" },        { "innotek GmbH", "oracle" }, { "VirtualBox", "oracle" },
                { "Oracle Corporation", "oracle" }, { "Xen", "xen" },     { "Bochs", "bochs" },
                { "Parallels", "parallels" }, { "BHYVE", "bhyve" },       { "Hyper-V", "microsoft" },
                { "Apple Virtualization", "apple" },
        };
        for (size_t f = 0; f < ELEMENTSOF(fields); f++) {
                _cleanup_free_ char *path = path_join("/sys/class/dmi/id", fields[f]), *s = NULL;
                if (!path || condition_read_line(root, path, &s) < 0)
                        continue;
                for (size_t i = 0; i < ELEMENTSOF(vendors); i++)
                        if (startswith(s, vendors[i].prefix))
                                return vendors[i].name;
        }

        /* SMBIOS type 0, BIOS characteristics extension byte 2, bit 4: "this is a VM". */
        _cleanup_free_ char *raw = NULL;
        size_t n = 0;
        _cleanup_free_ char *p = condition_path(root, "/sys/firmware/dmi/entries/0-0/raw");
        if (p && read_full_file(p, 4096, &raw, &n) >= 0 && n > 19 && (uint8_t) raw[1] > 19 &&
            ((uint8_t) raw[19] & (1U << 4)))
                return "vm-other";
        return NULL;
}

static const char *vm_from_cpuid(const char *root) {
#if defined(__i386__) || defined(__x86_64__)
        static const struct {
                const char sig[13];
                const char *name;
        } vendors[] = {
                { "KVMKVMKVM", "kvm" },       { "Linux KVM Hv", "kvm" },  { "TCGTCGTCGTCG", "qemu" },
                { "XenVMMXenVMM", "xen" },    { "VMwareVMware", "vmware" }, { "Microsoft Hv", "microsoft" },
                { "bhyve bhyve ", "bhyve" },  { "QNXQVMBSQG", "qnx" },    { "ACRNACRNACRN", "acrn" },
                { "SRESRESRESRE", "sre" },
        };
        unsigned a, b, c, d;
        union {
                uint32_t w[3];
                char s[13];
        } sig = {};

        /* The instruction answers for the running machine only, not for a tree below root. */
        if (!is_host_root(root) || !__get_cpuid(1, &a, &b, &c, &d) || !(c & (1U << 31)))
                return NULL;
        __cpuid(0x40000000, a, b, c, d);
        sig.w[0] = b, sig.w[1] = c, sig.w[2] = d;
        for (size_t i = 0; i < ELEMENTSOF(vendors); i++)
                if (streq(sig.s, vendors[i].sig))
                        return vendors[i].name;
        return "vm-other";
#else
        return NULL;
#endif
}

static const char *vm_from_files(const char *root) {
        _cleanup_free_ char *s = NULL;

        if (condition_read_file(root, "/proc/device-tree/hypervisor/compatible", &s) >= 0) {
                if (strstr(s, "linux,kvm"))
                        return "kvm";
                if (strstr(s, "xen"))
                        return "xen";
                if (strstr(s, "vmware"))
                        return "vmware";
                return "vm-other";
        }
        if (condition_path_exists(root, "/proc/device-tree/ibm,partition-name") > 0 &&
            condition_path_exists(root, "/proc/device-tree/hmc-managed?") > 0)
                return "powervm";
        if (condition_path_exists(root, "/proc/device-tree/fw-cfg") > 0)
                return "qemu";
        if (condition_read_file(root, "/proc/sysinfo", &s) >= 0) {
                const char *l = strstr(s, "VM00 Control Program:");
                if (l)
                        return strstr(l, "z/VM") ? "zvm" : "kvm";
        }
        return NULL;
}

static const char *detect_vm(const char *root) {
        _cleanup_free_ char *cpuinfo = NULL, *caps = NULL, *hv = NULL;
        const char *dmi = vm_from_dmi(root), *v;
        bool dom0 = false;

        /* These hide behind a KVM or Hyper-V CPUID signature, so DMI wins for them. */
        if (dmi && (streq(dmi, "oracle") || streq(dmi, "xen") || streq(dmi, "amazon") || streq(dmi, "parallels")))
                return dmi;

        (void) condition_read_file(root, "/proc/cpuinfo", &cpuinfo);
        /* UML runs as a process, possibly inside another VM: it is the innermost. */
        if (cpuinfo && strstr(cpuinfo, "User Mode Linux"))
                return "uml";

        if (condition_read_file(root, "/proc/xen/capabilities", &caps) >= 0)
                dom0 = strstr(caps, "control_d");
        if (!dom0 && (caps || (condition_read_line(root, "/sys/hypervisor/type", &hv) >= 0 && streq(hv, "xen"))))
                return "xen";

        v = vm_from_cpuid(root);
        if (v && !streq(v, "vm-other"))
                return v;
        if (dmi && !streq(dmi, "vm-other"))
                return dmi;
        if ((v = vm_from_files(root)))
                return v;
        /* Nothing named it, but the CPU or the firmware says we are a guest. */
        if (dmi || vm_from_cpuid(root))
                return "vm-other";
        if (cpuinfo) {
                for (const char *l = strstr(cpuinfo, "\nflags"); l; l = strstr(l + 1, "\nflags")) {
                        const char *colon = strchr(l + 1, ':');
                        _cleanup_free_ char *flags = colon ? strndup(colon + 1, strcspn(colon + 1, "\n")) : NULL;
                        if (flags && word_in(flags, WHITESPACE, "hypervisor"))
                                return "vm-other";
                }
        }
        return NULL;
}

const char *condition_detect_virtualization(const char *root, bool *ret_is_container) {
        /* A container is the innermost layer, so it wins over the VM it may run in. */
        const char *v = detect_container(root);
        if (ret_is_container)
                *ret_is_container = v;
        return v ?: detect_vm(root) ?: "none";
}

static int userns_mapping_is_full(const char *root, const char *file) {
        _cleanup_free_ char *s = NULL;
        unsigned long a, b, c;
        int r = condition_read_line(root, file, &s);
        if (r == -ENOENT)
                return 1; /* no user namespaces in this kernel at all */
        if (r < 0)
                return r;
        if (sscanf(s, "%lu %lu %lu", &a, &b, &c) != 3)
                return 0;
        return a == 0 && b == 0 && c == UINT32_MAX;
}

int condition_test_virtualization(const Condition *c, const char *root) {
        if (streq(c->parameter, "private-users")) {
                /* A user namespace shows as a partial uid or gid map, or "setgroups" denied. */
                _cleanup_free_ char *s = NULL;
                int r = userns_mapping_is_full(root, "/proc/self/uid_map");
                if (r <= 0)
                        return r < 0 ? r : 1;
                r = userns_mapping_is_full(root, "/proc/self/gid_map");
                if (r <= 0)
                        return r < 0 ? r : 1;
                r = condition_read_line(root, "/proc/self/setgroups", &s);
                if (r < 0)
                        return r == -ENOENT ? 0 : r;
                return streq(s, "deny");
        }

        bool container;
        const char *v = condition_detect_virtualization(root, &container);
        bool none = streq(v, "none");
        int b = parse_boolean(c->parameter);
        if (b >= 0)
                return b == !none;
        if (streq(c->parameter, "vm"))
                return !none && !container;
        if (streq(c->parameter, "container"))
                return container;
        return !none && streq(c->parameter, v);
}

/* ---- firmware ---- */

static bool is_efi_boot(const char *root) {
        /* A container sees the host's /sys, but was not booted by its firmware. */
        return condition_detect_container(root) == 0 && condition_path_exists(root, "/sys/firmware/efi") > 0;
}

static int test_smbios_field(const char *root, const char *expr) {
        size_t k = strcspn(expr, "!<=>$");
        _cleanup_free_ char *field = strndup(expr, k), *value = NULL, *actual = NULL;
        if (!field)
                return -ENOMEM;
        size_t l = strlen(field);
        while (l > 0 && strchr(WHITESPACE, field[l - 1]))
                field[--l] = 0;
        const char *p = expr + k;
        CompareOperator op = compare_operator_parse(&p, COMPARE_ALLOW_FNMATCH | COMPARE_EQUAL_BY_STRING);
        if (l == 0 || op < 0)
                return -EINVAL;
        int r = extract_first_word(&p, &value, NULL, EXTRACT_UNQUOTE);
        if (r < 0)
                return r;
        if (r == 0 || !isempty(p ? skip_leading(p, WHITESPACE) : NULL))
                return -EINVAL;
        if (!filename_is_valid(field))
                return log_debug_errno(EINVAL, "Invalid SMBIOS field name: %s", field);

        _cleanup_free_ char *path = path_join("/sys/class/dmi/id", field);
        if (!path)
                return -ENOMEM;
        r = condition_read_line(root, path, &actual);
        if (r < 0) {
                log_debug_errno(r, "Failed to read %s: %m", path);
                return r == -ENOENT ? 0 : r;
        }
        return version_or_fnmatch_compare(op, actual, value);
}

int condition_test_firmware(const Condition *c, const char *root) {
        const char *arg;

        if (streq(c->parameter, "device-tree"))
                return condition_path_exists(root, "/sys/firmware/devicetree");
        if (streq(c->parameter, "uefi"))
                return is_efi_boot(root);

        if ((arg = startswith(c->parameter, "device-tree-compatible("))) {
                const char *end = strrchr(arg, ')');
                if (!end || end[1] != 0) {
                        log_debug("Malformed ConditionFirmware=%s", c->parameter);
                        return 0;
                }
                _cleanup_free_ char *want = strndup(arg, (size_t) (end - arg)), *list = NULL;
                _cleanup_free_ char *path = condition_path(root, "/proc/device-tree/compatible");
                size_t n;
                if (!want || !path)
                        return -ENOMEM;
                int r = read_full_file(path, CONDITION_FILE_MAX, &list, &n);
                if (r < 0)
                        return r == -ENOENT ? 0 : r;
                /* A list of NUL-terminated strings. */
                for (size_t i = 0; i < n; i += strlen(list + i) + 1)
                        if (streq(list + i, want))
                                return 1;
                return 0;
        }

        if ((arg = startswith(c->parameter, "smbios-field("))) {
                const char *end = strrchr(arg, ')');
                if (!end || end[1] != 0)
                        return log_debug_errno(EINVAL, "Malformed ConditionFirmware=%s", c->parameter);
                _cleanup_free_ char *expr = strndup(arg, (size_t) (end - arg));
                if (!expr)
                        return -ENOMEM;
                int r = test_smbios_field(root, expr);
                if (r == -EINVAL)
                        log_debug("Malformed ConditionFirmware=%s", c->parameter);
                return r;
        }

        log_debug("Unsupported Firmware condition \"%s\"", c->parameter);
        return 0;
}

/* ---- security ---- */

static int efi_variable_byte(const char *root, const char *name) {
        /* efivarfs: four bytes of attributes, then the value. */
        _cleanup_free_ char *path = strjoin("/sys/firmware/efi/efivars/", name, "-8be4df61-93ca-11d2-aa0d-00e098032b8c");
        _cleanup_free_ char *p = path ? condition_path(root, path) : NULL, *data = NULL;
        size_t n;
        if (!p)
                return -ENOMEM;
        int r = read_full_file(p, 4096, &data, &n);
        if (r < 0)
                return r;
        return n >= 5 ? (uint8_t) data[4] : -ENODATA;
}

static bool has_tpm2(const char *root) {
        /* systemd 252 wants the whole chain: a kernel driver with a resource manager, and the
         * firmware knowing the TPM2 (its ACPI table, or a TPM2 event log). */
        _cleanup_free_ char *p = condition_path(root, "/sys/class/tpmrm"), *major = NULL;
        bool driver = false;
        DIR *d = p ? opendir(p) : NULL;
        if (d) {
                struct dirent *de;
                while (!driver && (de = readdir(d)))
                        driver = de->d_name[0] != '.';
                closedir(d);
        }
        if (!driver || !is_efi_boot(root))
                return false;
        if (condition_path_exists(root, "/sys/firmware/acpi/tables/TPM2") > 0)
                return true;
        return condition_path_exists(root, "/sys/kernel/security/tpm0/binary_bios_measurements") > 0 &&
               condition_read_line(root, "/sys/class/tpm/tpm0/tpm_version_major", &major) >= 0 &&
               streq(major, "2");
}

static bool audit_available(void) {
        /* The kernel either knows the audit netlink family or refuses it; a container may be
         * denied it (EPERM), which counts as no audit, like systemd does. */
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_AUDIT);
        if (fd < 0)
                return errno != EAFNOSUPPORT && errno != EPROTONOSUPPORT && errno != EPERM;
        safe_close(fd);
        return true;
}

int condition_test_security(const Condition *c, const char *root) {
        const char *s = c->parameter;
        _cleanup_free_ char *v = NULL;

        if (streq(s, "selinux"))
                return condition_path_exists(root, "/sys/fs/selinux/enforce") > 0;
        if (streq(s, "apparmor"))
                return condition_read_line(root, "/sys/module/apparmor/parameters/enabled", &v) >= 0 && v[0] == 'Y';
        if (streq(s, "tomoyo"))
                return condition_path_exists(root, "/sys/kernel/security/tomoyo/version") > 0;
        if (streq(s, "ima"))
                return condition_path_exists(root, "/sys/kernel/security/ima") > 0;
        if (streq(s, "smack"))
                return condition_path_exists(root, "/sys/fs/smackfs") > 0;
        if (streq(s, "audit"))
                return audit_available();
        if (streq(s, "uefi-secureboot"))
                /* Enforcing only in user or deployed mode, not while keys are being set up. */
                return is_efi_boot(root) && efi_variable_byte(root, "SecureBoot") == 1 &&
                       efi_variable_byte(root, "SetupMode") != 1 && efi_variable_byte(root, "AuditMode") != 1;
        if (streq(s, "tpm2"))
                return has_tpm2(root);
        /* Unknown technologies (e.g. "cvm", added after 252) are simply not enabled. */
        return 0;
}

/* ---- AC power ---- */

static int read_supply_attr(const char *root, const char *supply, const char *attr, char **ret) {
        _cleanup_free_ char *p = path_join("/sys/class/power_supply", supply, attr);
        if (!p)
                return -ENOMEM;
        return condition_read_line(root, p, ret);
}

int condition_test_ac_power(const Condition *c, const char *root) {
        bool online = false, discharging = false;
        int want = parse_boolean(c->parameter);
        if (want < 0)
                return want;

        _cleanup_free_ char *p = condition_path(root, "/sys/class/power_supply");
        if (!p)
                return -ENOMEM;
        DIR *d = opendir(p);
        if (d) {
                struct dirent *de;
                while (!online && (de = readdir(d))) {
                        _cleanup_free_ char *type = NULL, *scope = NULL, *status = NULL, *on = NULL, *present = NULL;
                        unsigned u;
                        if (de->d_name[0] == '.')
                                continue;
                        (void) read_supply_attr(root, de->d_name, "type", &type);
                        if (streq_ptr(type, "Battery")) {
                                /* A mouse's battery or an absent one says nothing about us. */
                                if ((read_supply_attr(root, de->d_name, "scope", &scope) >= 0 && streq(scope, "Device")) ||
                                    (read_supply_attr(root, de->d_name, "present", &present) >= 0 && streq(present, "0")))
                                        continue;
                                if (read_supply_attr(root, de->d_name, "status", &status) >= 0 && streq(status, "Discharging"))
                                        discharging = true;
                                continue;
                        }
                        if (read_supply_attr(root, de->d_name, "online", &on) >= 0 && safe_atou(on, &u) >= 0 && u > 0)
                                online = true; /* 1 and 2 are both kinds of "online" */
                }
                closedir(d);
        }
        /* On AC if any supply is online, or if no battery is draining either. */
        bool ac = online || !discharging;
        return ac == want;
}

/* ---- CPU features ---- */

int condition_test_cpu_feature(const Condition *c, const char *root) {
#if defined(__i386__) || defined(__x86_64__)
        enum { EAX, EBX, ECX, EDX };
        static const struct {
                uint32_t leaf;
                uint8_t reg;
                uint8_t bit;
                const char *name;
        } features[] = {
                { 1, EDX, 0, "fpu" },     { 1, EDX, 1, "vme" },      { 1, EDX, 2, "de" },
                { 1, EDX, 3, "pse" },     { 1, EDX, 4, "tsc" },      { 1, EDX, 5, "msr" },
                { 1, EDX, 6, "pae" },     { 1, EDX, 7, "mce" },      { 1, EDX, 8, "cx8" },
                { 1, EDX, 9, "apic" },    { 1, EDX, 11, "sep" },     { 1, EDX, 12, "mtrr" },
                { 1, EDX, 13, "pge" },    { 1, EDX, 14, "mca" },     { 1, EDX, 15, "cmov" },
                { 1, EDX, 16, "pat" },    { 1, EDX, 17, "pse36" },   { 1, EDX, 19, "clflush" },
                { 1, EDX, 23, "mmx" },    { 1, EDX, 24, "fxsr" },    { 1, EDX, 25, "sse" },
                { 1, EDX, 26, "sse2" },   { 1, EDX, 28, "ht" },
                { 1, ECX, 0, "pni" },     { 1, ECX, 1, "pclmul" },   { 1, ECX, 3, "monitor" },
                { 1, ECX, 9, "ssse3" },   { 1, ECX, 12, "fma3" },    { 1, ECX, 13, "cx16" },
                { 1, ECX, 19, "sse4_1" }, { 1, ECX, 20, "sse4_2" },  { 1, ECX, 22, "movbe" },
                { 1, ECX, 23, "popcnt" }, { 1, ECX, 25, "aes" },     { 1, ECX, 26, "xsave" },
                { 1, ECX, 27, "osxsave" }, { 1, ECX, 28, "avx" },    { 1, ECX, 29, "f16c" },
                { 1, ECX, 30, "rdrand" },
                { 7, EBX, 3, "bmi1" },    { 7, EBX, 5, "avx2" },     { 7, EBX, 8, "bmi2" },
                { 7, EBX, 18, "rdseed" }, { 7, EBX, 19, "adx" },     { 7, EBX, 29, "sha_ni" },
                { 0x80000001, EDX, 11, "syscall" }, { 0x80000001, EDX, 27, "rdtscp" },
                { 0x80000001, EDX, 29, "lm" },      { 0x80000001, ECX, 0, "lahf_lm" },
                { 0x80000001, ECX, 5, "abm" },      { 0x80000007, EDX, 8, "constant_tsc" },
        };

        /* CPUID is the running CPU's, whatever root says; names are matched in any case. */
        for (size_t i = 0; i < ELEMENTSOF(features); i++) {
                if (strcasecmp(features[i].name, c->parameter) != 0)
                        continue;
                unsigned r[4] = {};
                if (__get_cpuid_max(features[i].leaf & 0x80000000U, NULL) < features[i].leaf)
                        return 0;
                __cpuid_count(features[i].leaf, 0, r[EAX], r[EBX], r[ECX], r[EDX]);
                return !!(r[features[i].reg] & (1U << features[i].bit));
        }
        return 0;
#else
        /* systemd 252 knows CPU features only on x86; elsewhere none are present. */
        return 0;
#endif
}

/* ---- memory and CPUs ---- */

static bool cgroup_unified(const char *root) {
        /* The unified hierarchy has its controller list at its top; hybrid and legacy do not. */
        return condition_path_exists(root, "/sys/fs/cgroup/cgroup.controllers") > 0;
}

static int physical_memory(const char *root, uint64_t *ret) {
        _cleanup_free_ char *meminfo = NULL, *limit = NULL;
        uint64_t kb, mem, lim;

        int r = condition_read_file(root, "/proc/meminfo", &meminfo);
        if (r < 0)
                return r;
        const char *p = startswith(meminfo, "MemTotal:");
        if (!p) {
                p = strstr(meminfo, "\nMemTotal:");
                if (!p)
                        return -ENODATA;
                p += strlen("\nMemTotal:");
        }
        p = skip_leading(p, WHITESPACE);
        _cleanup_free_ char *n = strndup(p, strspn(p, DIGITS));
        if (!n || safe_atou64(n, &kb) < 0 || kb > UINT64_MAX / 1024)
                return -EINVAL;
        mem = kb * 1024;

        /* In a container the limit of our cgroup tree is what we really have. */
        r = condition_read_line(root, cgroup_unified(root) ? "/sys/fs/cgroup/memory.max" :
                                                              "/sys/fs/cgroup/memory/memory.limit_in_bytes", &limit);
        if (r >= 0 && safe_atou64(limit, &lim) >= 0)
                mem = MIN(mem, lim);
        *ret = mem;
        return 0;
}

static CompareOperator parse_numeric_operator(const char **p) {
        CompareOperator op = compare_operator_parse(p, 0);
        return op < 0 ? COMPARE_GREATER_OR_EQUAL : op; /* a bare number means "at least" */
}

int condition_test_memory(const Condition *c, const char *root) {
        const char *p = c->parameter;
        uint64_t have, want;
        CompareOperator op = parse_numeric_operator(&p);
        int r = parse_size(p, 1024, &want);
        if (r < 0)
                return log_debug_errno(r, "Failed to parse size '%s': %m", p);
        r = physical_memory(root, &have);
        if (r < 0)
                return r;
        return compare_test_order(have < want ? -1 : have > want, op);
}

int condition_test_cpus(const Condition *c, const char *root) {
        const char *p = c->parameter;
        unsigned want;
        CompareOperator op = parse_numeric_operator(&p);
        int r = safe_atou(p, &want);
        if (r < 0)
                return log_debug_errno(r, "Failed to parse number of CPUs '%s': %m", p);

        /* The affinity mask may be larger than the default cpu_set_t on big machines. */
        for (size_t n = 1024;; n *= 2) {
                cpu_set_t *set = CPU_ALLOC(n);
                if (!set)
                        return -ENOMEM;
                size_t size = CPU_ALLOC_SIZE(n);
                if (sched_getaffinity(0, size, set) >= 0) {
                        unsigned have = (unsigned) CPU_COUNT_S(size, set);
                        CPU_FREE(set);
                        return compare_test_order(have < want ? -1 : have > want, op);
                }
                CPU_FREE(set);
                if (errno != EINVAL || n >= 1024 * 1024)
                        return -errno;
        }
}

/* ---- pressure stall information ---- */

static int slice_cgroup_path(const char *slice, char **ret) {
        /* "a-b.slice" lives at a.slice/a-b.slice; "-.slice" is the root. */
        const char *base = endswith(slice, ".slice");
        if (!base || base == slice || strchr(slice, '/'))
                return -EINVAL;
        if (streq(slice, "-.slice"))
                return (*ret = strdup("")) ? 0 : -ENOMEM;
        size_t prefix_len = (size_t) (base - slice);
        if (slice[0] == '-' || slice[prefix_len - 1] == '-' || strstr(slice, "--"))
                return -EINVAL;
        _cleanup_free_ char *path = strdup("");
        if (!path)
                return -ENOMEM;
        for (size_t i = 0; i <= prefix_len; i++) {
                if (i < prefix_len && slice[i] != '-')
                        continue;
                _cleanup_free_ char *part = strndup(slice, i);
                if (!part || !strextend(&path, path[0] ? "/" : "", part, ".slice"))
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(path);
        return 0;
}

/* The avgN value of the "full" line (or "some", for files without one) in hundredths of a
 * percent, i.e. permyriad. */
static int read_pressure(const char *root, const char *path, const char *field, int *ret) {
        _cleanup_free_ char *text = NULL;
        int r = condition_read_file(root, path, &text);
        if (r < 0)
                return r;
        const char *line = startswith(text, "full ") ? text : strstr(text, "\nfull ");
        if (!line)
                line = startswith(text, "some ") ? text : strstr(text, "\nsome ");
        if (!line)
                return -ENODATA;
        const char *v = strstr(line, field);
        if (!v)
                return -ENODATA;
        v += strlen(field);
        unsigned whole = 0, frac = 0;
        int n = 0;
        if (sscanf(v, "%u.%2u%n", &whole, &frac, &n) != 2 || whole > 100)
                return -EINVAL;
        *ret = (int) (whole * 100 + frac);
        return 0;
}

int condition_test_pressure(const Condition *c, const char *root) {
        const char *resource = c->type == CONDITION_MEMORY_PRESSURE ? "memory" :
                               c->type == CONDITION_CPU_PRESSURE ? "cpu" : "io";
        _cleanup_free_ char *proc = strjoin("/proc/pressure/", resource), *slice = NULL, *threshold = NULL;
        if (!proc)
                return -ENOMEM;

        /* No PSI in this kernel: nothing can be under pressure. */
        if (condition_path_exists(root, proc) <= 0) {
                log_debug("Pressure Stall Information is not available, %s pressure check passes.", resource);
                return 1;
        }

        const char *value = c->parameter, *colon = strchr(value, ':');
        if (colon) {
                slice = strndup(value, (size_t) (colon - value));
                if (!slice)
                        return -ENOMEM;
                value = colon + 1;
        }
        const char *slash = strchr(value, '/'), *field = "avg300=";
        threshold = strndup(value, slash ? (size_t) (slash - value) : strlen(value));
        if (!threshold)
                return -ENOMEM;
        if (slash) {
                if (streq(slash + 1, "10sec"))
                        field = "avg10=";
                else if (streq(slash + 1, "1min"))
                        field = "avg60=";
                else if (streq(slash + 1, "5min"))
                        field = "avg300=";
                else
                        return log_debug_errno(EINVAL, "Failed to parse condition parameter %s", c->parameter);
        }
        int limit = parse_permyriad(threshold);
        if (limit < 0)
                return log_debug_errno(limit, "Failed to parse permyriad: %s", threshold);

        _cleanup_free_ char *path = NULL;
        if (slice) {
                _cleanup_free_ char *cg = NULL;
                if (!cgroup_unified(root)) {
                        log_debug("PSI condition check requires the unified cgroups hierarchy, skipping.");
                        return 1;
                }
                int r = slice_cgroup_path(slice, &cg);
                if (r < 0)
                        return log_debug_errno(r, "Not a slice unit name: %s", slice);
                _cleanup_free_ char *file = strjoin(resource, ".pressure");
                path = file ? path_join("/sys/fs/cgroup", cg, file) : NULL;
        } else
                path = strdup(proc);
        if (!path)
                return -ENOMEM;

        int have;
        int r = read_pressure(root, path, field, &have);
        if (r == -ENOENT || r == -EOPNOTSUPP) {
                /* A slice that does not exist (yet) is under no pressure. */
                log_debug("%s not available, skipping PSI check.", path);
                return 1;
        }
        if (r < 0)
                return log_debug_errno(r, "Failed to read pressure from %s: %m", path);
        return have <= limit;
}

/* ---- cgroup controllers ---- */

int condition_test_control_group_controller(const Condition *c, const char *root) {
        static const char *const known[] = {
                "cpu", "cpuacct", "cpuset", "io", "blkio", "memory", "devices", "pids",
                "bpf-firewall", "bpf-devices", "bpf-foreign", "bpf-socket-bind",
                "bpf-restrict-network-interfaces",
        };
        bool unified = cgroup_unified(root), any = false;

        if (streq(c->parameter, "v2"))
                return unified;
        if (streq(c->parameter, "v1"))
                return !unified; /* hybrid counts as v1 */

        _cleanup_free_ char *controllers = NULL;
        if (unified)
                (void) condition_read_line(root, "/sys/fs/cgroup/cgroup.controllers", &controllers);

        for (const char *p = c->parameter;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, 0);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                bool is_known = false;
                for (size_t i = 0; i < ELEMENTSOF(known); i++)
                        is_known = is_known || streq(word, known[i]);
                if (!is_known)
                        continue; /* unknown controllers are ignored, as documented */
                any = true;

                bool have;
                if (unified) {
                        if (startswith(word, "bpf-"))
                                /* Firewall, device and foreign programs need only the kernel's
                                 * cgroup BPF hooks, which every unified kernel has; the other two
                                 * need a BPF framework systemd 252 here is built without. */
                                have = streq(word, "bpf-firewall") || streq(word, "bpf-devices") ||
                                       streq(word, "bpf-foreign");
                        else
                                /* v1-only names (cpuacct, blkio, devices) never match here. */
                                have = word_in(controllers, WHITESPACE, word) &&
                                       (streq(word, "cpu") || streq(word, "cpuset") || streq(word, "io") ||
                                        streq(word, "memory") || streq(word, "pids"));
                } else {
                        /* Legacy and hybrid: a controller is usable when its hierarchy is mounted. */
                        _cleanup_free_ char *dir = path_join("/sys/fs/cgroup", word), *p2 = NULL;
                        struct stat st;
                        p2 = dir ? condition_path(root, dir) : NULL;
                        if (!p2)
                                return -ENOMEM;
                        have = !startswith(word, "bpf-") && stat(p2, &st) >= 0 && S_ISDIR(st.st_mode);
                }
                if (!have)
                        return 0;
        }
        if (!any)
                log_debug("No known cgroup controller in \"%s\", passing.", c->parameter);
        return 1;
}

/* ---- block-level encryption ---- */

static int block_is_encrypted(const char *root, unsigned maj, unsigned min, unsigned depth) {
        char dir[64];
        _cleanup_free_ char *uuid = NULL, *uuid_path = NULL, *slaves = NULL;

        if (depth > 16)
                return -ELOOP;
        snprintf(dir, sizeof dir, "/sys/dev/block/%u:%u", maj, min);
        uuid_path = path_join(dir, "dm/uuid");
        if (!uuid_path)
                return -ENOMEM;
        if (condition_read_line(root, uuid_path, &uuid) >= 0 && startswith(uuid, "CRYPT-"))
                return 1;

        /* Stacked devices (LVM on LUKS, RAID on LUKS): any layer below may encrypt. */
        _cleanup_free_ char *s = path_join(dir, "slaves");
        slaves = s ? condition_path(root, s) : NULL;
        if (!slaves)
                return -ENOMEM;
        DIR *d = opendir(slaves);
        if (!d)
                return 0;
        struct dirent *de;
        int r = 0;
        while (r == 0 && (de = readdir(d))) {
                _cleanup_free_ char *devfile = NULL, *dev = NULL;
                unsigned a, b;
                if (de->d_name[0] == '.')
                        continue;
                devfile = path_join(s, de->d_name, "dev");
                if (!devfile) {
                        r = -ENOMEM;
                        break;
                }
                if (condition_read_line(root, devfile, &dev) >= 0 && sscanf(dev, "%u:%u", &a, &b) == 2)
                        r = block_is_encrypted(root, a, b, depth + 1);
        }
        closedir(d);
        return r;
}

static int backing_device_of_anonymous(const char *root, dev_t dev, dev_t *ret) {
        /* btrfs, overlay and friends report an anonymous device; mountinfo names the block
         * device their mount came from ("… major:minor … - fstype source options"). */
        _cleanup_free_ char *text = NULL;
        char want[32];
        snprintf(want, sizeof want, " %u:%u ", major(dev), minor(dev));
        int r = condition_read_file(root, "/proc/self/mountinfo", &text);
        if (r < 0)
                return r;
        for (const char *line = text; line && *line;) {
                const char *end = strchrnul(line, '\n');
                _cleanup_free_ char *l = strndup(line, (size_t) (end - line));
                if (!l)
                        return -ENOMEM;
                const char *sep = strstr(l, " - ");
                if (sep && strstr(l, want) && strstr(l, want) < sep) {
                        char source[4096];
                        struct stat st;
                        if (sscanf(sep + 3, "%*s %4095s", source) == 1 && startswith(source, "/dev/")) {
                                _cleanup_free_ char *p = condition_path(root, source);
                                if (p && stat(p, &st) >= 0 && S_ISBLK(st.st_mode)) {
                                        *ret = st.st_rdev;
                                        return 1;
                                }
                        }
                }
                line = *end ? end + 1 : NULL;
        }
        return 0;
}

int condition_test_path_is_encrypted(const Condition *c, const char *root) {
        _cleanup_free_ char *p = condition_path(root, c->parameter);
        struct stat st;
        if (!p)
                return -ENOMEM;
        if (stat(p, &st) < 0) {
                if (errno != ENOENT)
                        log_debug_errno(errno, "Failed to determine whether %s is encrypted: %m", p);
                return 0;
        }
        dev_t dev = st.st_dev;
        if (major(dev) == 0 && backing_device_of_anonymous(root, dev, &dev) <= 0)
                return 0;
        int r = block_is_encrypted(root, major(dev), minor(dev), 0);
        if (r < 0)
                log_debug_errno(r, "Failed to determine whether %s is encrypted: %m", p);
        /* Like systemd, what cannot be determined is taken as not encrypted. */
        return r > 0;
}
