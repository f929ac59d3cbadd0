/* cgroup-resources.c — see cgroup-resources.h. Attribute building is separate from
 * writing so that the unit tests check every directive's file and value without a cgroup
 * file system. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "bpf-devices.h"
#include "cgroup-resources.h"
#include "fileio.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "string-util.h"
#include "unit.h"

#define CPU_QUOTA_PERIOD_DEFAULT_USEC 100000U /* the kernel's, and systemd's, 100 ms */

void cgroup_attributes_free(CGroupAttribute *a, size_t n) {
        for (size_t i = 0; a && i < n; i++)
                free(a[i].value);
        free(a);
}

char *cgroup_cpu_set_format(const CPUSet *s) {
        char *out = strdup("");
        unsigned max = (unsigned) s->allocated * 8;
        for (unsigned c = 0; out && c < max; c++) {
                if (!cpu_set_isset(s, c))
                        continue;
                unsigned e = c;
                while (e + 1 < max && cpu_set_isset(s, e + 1))
                        e++;
                char buf[32];
                if (e == c)
                        snprintf(buf, sizeof buf, "%s%u", *out ? "," : "", c);
                else
                        snprintf(buf, sizeof buf, "%s%u-%u", *out ? "," : "", c, e);
                if (!strextend(&out, buf))
                        return NULL;
                c = e;
        }
        return out;
}

typedef struct Builder {
        CGroupAttribute *a;
        size_t n;
        int r;
} Builder;

static void add(Builder *b, CGroupController ctl, const char *file, bool explicit, char *value) {
        if (b->r < 0) {
                free(value);
                return;
        }
        if (!value) {
                b->r = -ENOMEM;
                return;
        }
        CGroupAttribute *a = realloc(b->a, (b->n + 1) * sizeof *a);
        if (!a) {
                free(value);
                b->r = -ENOMEM;
                return;
        }
        b->a = a;
        b->a[b->n++] = (CGroupAttribute){ .controller = ctl, .file = file, .value = value, .explicit = explicit };
}

static char *fmt_u64(uint64_t v) {
        char *s = NULL;
        return asprintf(&s, "%llu", (unsigned long long) v) < 0 ? NULL : s;
}

static char *fmt_limit(uint64_t v) {
        return v == CGROUP_LIMIT_MAX ? strdup("max") : fmt_u64(v);
}

static void add_io_list(Builder *b, const CGroupDeviceList *l, const char *key, int (*devno)(const char *, char **)) {
        for (size_t i = 0; devno && i < l->n; i++) {
                _cleanup_free_ char *dev = NULL;
                if (devno(l->items[i].path, &dev) < 0) {
                        log_warning("Cannot find the block device of %s, ignoring its IO limit.", l->items[i].path);
                        continue;
                }
                char *v = NULL;
                if (l->items[i].value == CGROUP_LIMIT_MAX)
                        (void) !asprintf(&v, "%s %s=max", dev, key);
                else
                        (void) !asprintf(&v, "%s %s=%llu", dev, key, (unsigned long long) l->items[i].value);
                add(b, CGROUP_CONTROLLER_IO, "io.max", true, v);
        }
}

int cgroup_context_attributes(const CGroupContext *c, uint64_t ram, uint64_t tasks_total,
                              int (*devno)(const char *path, char **ret), CGroupAttribute **ret, size_t *ret_n) {
        Builder b = {};
        if (c->cpu_weight == CGROUP_WEIGHT_IDLE)
                add(&b, CGROUP_CONTROLLER_CPU, "cpu.idle", true, strdup("1"));
        else if (c->cpu_weight != CGROUP_WEIGHT_UNSET)
                add(&b, CGROUP_CONTROLLER_CPU, "cpu.weight", true, fmt_u64(c->cpu_weight));
        else if (c->startup_cpu_weight != CGROUP_WEIGHT_UNSET && c->startup_cpu_weight != CGROUP_WEIGHT_IDLE)
                add(&b, CGROUP_CONTROLLER_CPU, "cpu.weight", true, fmt_u64(c->startup_cpu_weight));
        if (c->cpu_quota_per_sec_usec != USEC_INFINITY || c->cpu_quota_period_usec != USEC_INFINITY) {
                uint64_t period = c->cpu_quota_period_usec != USEC_INFINITY ? c->cpu_quota_period_usec : CPU_QUOTA_PERIOD_DEFAULT_USEC;
                /* the kernel's bounds for the period: 1 ms … 1 s */
                period = period < 1000 ? 1000 : period > 1000000 ? 1000000 : period;
                char *v = NULL;
                if (c->cpu_quota_per_sec_usec == USEC_INFINITY)
                        (void) !asprintf(&v, "max %llu", (unsigned long long) period);
                else {
                        uint64_t q = c->cpu_quota_per_sec_usec * period / USEC_PER_SEC;
                        (void) !asprintf(&v, "%llu %llu", (unsigned long long) (q < 1000 ? 1000 : q), (unsigned long long) period);
                }
                add(&b, CGROUP_CONTROLLER_CPU, "cpu.max", true, v);
        }
        if (cpu_set_count(&c->cpuset_cpus) > 0)
                add(&b, CGROUP_CONTROLLER_CPUSET, "cpuset.cpus", true, cgroup_cpu_set_format(&c->cpuset_cpus));
        if (cpu_set_count(&c->cpuset_mems) > 0)
                add(&b, CGROUP_CONTROLLER_CPUSET, "cpuset.mems", true, cgroup_cpu_set_format(&c->cpuset_mems));
        if (c->io_weight != CGROUP_WEIGHT_UNSET) {
                char *v = NULL;
                (void) !asprintf(&v, "default %llu", (unsigned long long) c->io_weight);
                add(&b, CGROUP_CONTROLLER_IO, "io.weight", true, v);
        }
        add_io_list(&b, &c->io_read_bandwidth_max, "rbps", devno);
        add_io_list(&b, &c->io_write_bandwidth_max, "wbps", devno);
        add_io_list(&b, &c->io_read_iops_max, "riops", devno);
        add_io_list(&b, &c->io_write_iops_max, "wiops", devno);
        struct {
                const char *file;
                CGroupLimit l;
                uint64_t dflt;
        } mem[] = {
                { "memory.min", c->memory_min, 0 },
                { "memory.low", c->memory_low, 0 },
                { "memory.high", c->memory_high, CGROUP_LIMIT_MAX },
                { "memory.max", c->memory_max, CGROUP_LIMIT_MAX },
                { "memory.swap.max", c->memory_swap_max, CGROUP_LIMIT_MAX },
        };
        for (size_t i = 0; i < ELEMENTSOF(mem); i++) {
                uint64_t v = cgroup_limit_resolve(mem[i].l, ram);
                if (v != mem[i].dflt)
                        add(&b, CGROUP_CONTROLLER_MEMORY, mem[i].file, true, fmt_limit(v));
        }
        if (c->tasks_accounting || c->tasks_max.value != CGROUP_LIMIT_MAX) {
                bool dflt = c->tasks_max.relative && c->tasks_max.value == 1500;
                uint64_t v = cgroup_limit_resolve(c->tasks_max, tasks_total);
                /* a percentage never becomes "no task at all" (TasksMax=0% is the minimum, 1) */
                if (c->tasks_max.relative && v == 0)
                        v = 1;
                add(&b, CGROUP_CONTROLLER_PIDS, "pids.max", !dflt, fmt_limit(v));
        }
        if (b.r < 0) {
                cgroup_attributes_free(b.a, b.n);
                return b.r;
        }
        *ret = b.a;
        *ret_n = b.n;
        return 0;
}

/* The block device behind path: the node itself, or the device of the file system holding
 * the file (its whole disk is what io.max takes, partitions are refused by the kernel). */
static int block_devno(const char *path, char **ret) {
        struct stat st;
        if (stat(path, &st) < 0)
                return -errno;
        dev_t d = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;
        char sys[128];
        snprintf(sys, sizeof sys, "/sys/dev/block/%u:%u/partition", major(d), minor(d));
        if (access(sys, F_OK) == 0) { /* a partition: its parent directory is the disk */
                snprintf(sys, sizeof sys, "/sys/dev/block/%u:%u/../dev", major(d), minor(d));
                _cleanup_free_ char *s = NULL;
                size_t n;
                unsigned ma, mi;
                if (read_full_file(sys, 64, &s, &n) >= 0 && sscanf(s, "%u:%u", &ma, &mi) == 2)
                        d = makedev(ma, mi);
        }
        return asprintf(ret, "%u:%u", major(d), minor(d)) < 0 ? -ENOMEM : 0;
}

static uint64_t physical_memory(void) {
        long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
        return pages > 0 && size > 0 ? (uint64_t) pages * (uint64_t) size : UINT64_MAX;
}

uint64_t cgroup_system_tasks_max(uint64_t pid_max, uint64_t threads_max, uint64_t root_pids_max) {
        /* the kernel's own bound (PID_MAX_LIMIT) when nothing is known */
        uint64_t m = UINT64_C(4194303);
        if (pid_max > 1) /* the highest PID is pid_max - 1 */
                m = MIN(m, pid_max - 1);
        if (threads_max > 0)
                m = MIN(m, threads_max);
        if (root_pids_max > 0)
                m = MIN(m, root_pids_max);
        return m;
}

/* A number from a one-line file; 0 if missing, unreadable or not a number ("max"). */
static uint64_t read_number(const char *path) {
        _cleanup_free_ char *s = NULL;
        size_t n;
        if (read_full_file(path, 64, &s, &n) < 0)
                return 0;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        return errno || end == s || (*end && *end != '\n') ? 0 : (uint64_t) v;
}

/* What TasksMax= percentages are of: the tasks this system can have at most. Read once: it is
 * resolved for every unit whose cgroup is set up (hundreds of reads of /proc in a recovery), and
 * changes only by hand (sysctl). */
static uint64_t system_tasks_max(Manager *m) {
        static uint64_t cached;
        if (cached)
                return cached;
        _cleanup_free_ char *root = path_join(m->cgroup_root, "pids.max");
        return (cached = cgroup_system_tasks_max(read_number("/proc/sys/kernel/pid_max"),
                                                 read_number("/proc/sys/kernel/threads-max"), root ? read_number(root) : 0));
}

static int write_attr(const char *dir, const char *file, const char *value) {
        _cleanup_free_ char *p = path_join(dir, file);
        if (!p)
                return -ENOMEM;
        int fd = open(p, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        ssize_t n = write(fd, value, strlen(value));
        int r = n < 0 ? -errno : 0;
        close(fd);
        return r;
}

static bool file_has_word(const char *path, const char *word) {
        _cleanup_free_ char *s = NULL;
        size_t n;
        if (read_full_file(path, 4096, &s, &n) < 0)
                return false;
        for (char *t = strtok(s, " \n"); t; t = strtok(NULL, " \n"))
                if (streq(t, word))
                        return true;
        return false;
}

/* Whether ctl is still to be warned about; marks it warned. */
static bool warn_once(Manager *m, CGroupController ctl) {
        if (m->cgroup_warned & CGROUP_MASK(ctl))
                return false;
        m->cgroup_warned |= CGROUP_MASK(ctl);
        return true;
}

/* Makes controller available in dir: enabled in the subtree_control of every ancestor from
 * the root down. false if the kernel or the container does not offer it. */
static bool enable_controller(Manager *m, const char *dir, const char *name) {
        size_t root_len = strlen(m->cgroup_root);
        _cleanup_free_ char *cur = strdup(m->cgroup_root);
        const char *rest = dir + root_len;
        char word[32];
        snprintf(word, sizeof word, "+%s", name);
        while (cur) {
                _cleanup_free_ char *ctl = path_join(cur, "cgroup.controllers");
                _cleanup_free_ char *sub = path_join(cur, "cgroup.subtree_control");
                if (!ctl || !sub || !file_has_word(ctl, name))
                        return false;
                rest += strspn(rest, "/");
                if (!*rest)
                        return true; /* cur is dir itself: available here */
                if (!file_has_word(sub, name) && write_attr(cur, "cgroup.subtree_control", word) < 0)
                        return false;
                size_t l = strcspn(rest, "/");
                _cleanup_free_ char *comp = strndup(rest, l);
                char *next = comp ? path_join(cur, comp) : NULL;
                free(cur);
                cur = next;
                rest += l;
        }
        return false;
}

int unit_cgroup_apply_resources(Unit *u, const char *dir) {
        Manager *m = u->manager;
        const CGroupContext *c = u->config ? u->config->cgroup : NULL;
        bool private_devices = u->config && u->config->exec && u->config->exec->private_devices;
        /* first, so that a refused device restriction fails the start before anything else */
        int r = cgroup_apply_device_policy(u->id, c, private_devices, dir);
        if (r < 0)
                return r;
        if (!c)
                return 0;
        CGroupAttribute *a = NULL;
        size_t n = 0;
        if (cgroup_context_attributes(c, physical_memory(), system_tasks_max(m), block_devno, &a, &n) < 0)
                return log_oom();
        CGroupMask available = 0, missing = 0;
        for (size_t i = 0; i < n; i++) {
                /* The implied DefaultTasksMax= is for every unit but slices (systemd's rule) and
                 * the manager's own init.scope, which must always be able to fork. Skipped before
                 * the controller is looked for: that walk reads two files per ancestor. */
                if (!a[i].explicit && (u->type == UNIT_SLICE || streq(u->id, "init.scope")))
                        continue;
                CGroupMask bit = CGROUP_MASK(a[i].controller);
                const char *name = cgroup_controller_to_string(a[i].controller);
                if (!(available & bit) && !(missing & bit)) {
                        if (enable_controller(m, dir, name))
                                available |= bit;
                        else
                                missing |= bit;
                }
                if (missing & bit) {
                        if (warn_once(m, a[i].controller))
                                log_warning("cgroup controller \"%s\" is not available (bound to cgroup v1, or not delegated to us): "
                                          "its resource settings are not applied (warned once).", name);
                        continue;
                }
                r = write_attr(dir, a[i].file, a[i].value);
                if (r < 0)
                        log_warning_errno(r, "%s: failed to set %s to \"%s\": %m", u->id, a[i].file, a[i].value);
        }
        cgroup_attributes_free(a, n);
        if (c->delegate)
                /* the delegated controllers must be available to the service's subtree */
                for (CGroupController ctl = 0; ctl < CGROUP_CONTROLLER_BPF_FIREWALL; ctl++)
                        if ((c->delegate_controllers & CGROUP_MASK(ctl)) && ctl != CGROUP_CONTROLLER_CPUACCT &&
                            ctl != CGROUP_CONTROLLER_BLKIO && ctl != CGROUP_CONTROLLER_DEVICES)
                                (void) enable_controller(m, dir, cgroup_controller_to_string(ctl));
        return 0;
}

int exec_cgroup_delegate_chown(const char *dir, uid_t uid, gid_t gid) {
        static const char *const files[] = { "", "cgroup.procs", "cgroup.subtree_control", "cgroup.threads" };
        int r = 0;
        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                _cleanup_free_ char *p = *files[i] ? path_join(dir, files[i]) : strdup(dir);
                if (!p)
                        return -ENOMEM;
                if (chown(p, uid, gid) < 0 && errno != ENOENT)
                        r = -errno;
        }
        return r;
}
