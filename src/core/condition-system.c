/* condition-system.c — the condition tests about the machine's resources: AC power, CPU
 * features (CPUID, x86 only, as in systemd 252), memory and CPU counts with comparison
 * operators, pressure stall information of the system or of a slice, cgroup controllers, and
 * dm-crypt below a path. Files are read below the caller's root; CPUID, the affinity mask and
 * stat() of the path itself answer for the running system. */
#include <dirent.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>
#endif

#include "condition-eval-internal.h"
#include "fileio.h"
#include "log.h"
#include "parse-util.h"
#include "path-util.h"
#include "string-util.h"

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
                if ((uint32_t) __get_cpuid_max(features[i].leaf & 0x80000000U, NULL) < features[i].leaf)
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

static const char *pressure_line(const char *text, const char *kind) {
        const char *l = startswith(text, kind);
        if (l)
                return text;
        _cleanup_free_ char *nl = strjoin("\n", kind);
        return nl ? strstr(text, nl) : NULL;
}

/* The avgN value of the "full" line (or "some", for files without one, and always for CPU:
 * the system-wide CPU "full" line is all zeros, so 252 looks at "some") in hundredths of a
 * percent, i.e. permyriad. */
static int read_pressure(const char *root, const char *path, bool cpu, const char *field, int *ret) {
        _cleanup_free_ char *text = NULL;
        int r = condition_read_file(root, path, &text);
        if (r < 0)
                return r;
        const char *line = cpu ? NULL : pressure_line(text, "full ");
        if (!line)
                line = pressure_line(text, "some ");
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
        int r = read_pressure(root, path, c->type == CONDITION_CPU_PRESSURE, field, &have);
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
                                have = condition_word_in(controllers, WHITESPACE, word) &&
                                       (streq(word, "cpu") || streq(word, "cpuset") || streq(word, "io") ||
                                        streq(word, "memory") || streq(word, "pids"));
                } else {
                        /* Legacy and hybrid: a controller is usable when its hierarchy is
                         * mounted (a mere directory of that name is not enough). */
                        _cleanup_free_ char *procs = path_join("/sys/fs/cgroup", word, "cgroup.procs");
                        if (!procs)
                                return -ENOMEM;
                        have = !startswith(word, "bpf-") && condition_path_exists(root, procs) > 0;
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
