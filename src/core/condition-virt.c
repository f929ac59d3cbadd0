/* condition-virt.c — the condition tests about what the system runs on: the architecture,
 * containers and virtual machines (the innermost layer wins, as systemd-detect-virt decides),
 * the firmware and its SMBIOS fields, and the security technologies that are enabled. Detection
 * reads /proc, /sys and /run below the caller's root wherever the kernel publishes the fact as
 * a file, so tests can build a fake machine in a directory; only CPUID, uname and the audit
 * socket are asked directly, and CPUID only for the real root. */
#include <dirent.h>
#include <sys/socket.h>
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
        if (!condition_root_is_host(root) || !__get_cpuid(1, &a, &b, &c, &d) || !(c & (1U << 31)))
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
                        if (flags && condition_word_in(flags, WHITESPACE, "hypervisor"))
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
