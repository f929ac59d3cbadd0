/* cgroup-parse.c — parsers of the resource directives of systemd.resource-control(5): weights,
 * CPU quota, memory and task limits, per-device IO settings, device access, delegation and
 * systemd-oomd policy. Ranges and the values refused are systemd 252's, so that a unit file
 * is accepted or warned about exactly where systemd would. The cgroup v1 spellings
 * (CPUShares=, MemoryLimit=, BlockIO*=) are parsed into their own fields and warned about
 * where systemd 252 warns, as the kernel interface they drive is going away. */
#include <limits.h>

#include "cgroup-parse.h"
#include "config-values.h"
#include "directive-util.h"
#include "parse-util.h"
#include "path-util.h"
#include "specifier.h"
#include "string-util.h"
#include "unit-name.h"

int parse_permyriad_unbounded(const char *s) {
        static const struct {
                const char *suffix;
                unsigned decimals;   /* digits allowed after the point */
                unsigned factor;     /* permyriad per unit */
        } units[] = { { "%", 2, 100 }, { "‰", 1, 10 }, { "‱", 0, 1 } };

        for (size_t i = 0; i < ELEMENTSOF(units); i++) {
                const char *end = endswith(s, units[i].suffix);
                if (!end)
                        continue;
                uint64_t whole = 0, frac = 0;
                const char *p = s;
                if (!strchr(DIGITS, *p) || p == end)
                        return -EINVAL;
                for (; p < end && strchr(DIGITS, *p) && *p; p++) {
                        whole = whole * 10 + (uint64_t) (*p - '0');
                        if (whole > INT_MAX)
                                return -ERANGE;
                }
                unsigned n = 0;
                if (p < end && *p == '.') {
                        for (p++; p < end && *p && strchr(DIGITS, *p); p++, n++)
                                frac = frac * 10 + (uint64_t) (*p - '0');
                        if (n == 0 || n > units[i].decimals)
                                return -EINVAL;
                }
                if (p != end)
                        return -EINVAL;
                for (; n < units[i].decimals; n++)
                        frac *= 10;
                uint64_t v = whole * units[i].factor + frac;
                return v > INT_MAX ? -ERANGE : (int) v;
        }
        return -EINVAL;
}

static bool is_relative(const char *s) {
        return endswith(s, "%") || endswith(s, "‰") || endswith(s, "‱");
}

uint64_t cgroup_limit_resolve(CGroupLimit l, uint64_t total) {
        if (!l.relative || l.value == CGROUP_LIMIT_MAX)
                return l.value;
        /* Split to stay within 64 bits for any total. */
        return total / 10000 * l.value + total % 10000 * l.value / 10000;
}

int config_parse_cgroup_weight(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        static const struct {
                uint64_t min, max;
                const char *what;
        } ranges[] = {
                [WEIGHT_CPU] = { 1, 10000, "CPU weight" },
                [WEIGHT_IO] = { 1, 10000, "weight" },
                [WEIGHT_CPU_SHARES] = { 2, 262144, "CPU shares" },
                [WEIGHT_BLKIO] = { 10, 1000, "block IO weight" },
        };
        uint64_t *weight = data, v;

        if (ltype == WEIGHT_CPU_SHARES)
                log_config(ctx, LOG_WARNING, 0, "Unit uses %s=, a cgroup v1 setting; please use %s= instead, "
                           "support for %s= will be removed.", ctx->lvalue,
                           streq(ctx->lvalue, "CPUShares") ? "CPUWeight" : "StartupCPUWeight", ctx->lvalue);
        if (!*rvalue) {
                *weight = CGROUP_WEIGHT_UNSET;
                return 0;
        }
        if (ltype == WEIGHT_CPU && streq(rvalue, "idle")) {
                *weight = CGROUP_WEIGHT_IDLE;
                return 0;
        }
        if (safe_atou64(rvalue, &v) < 0 || v < ranges[ltype].min || v > ranges[ltype].max) {
                log_config_ignoring(ctx, "Invalid %s, ignoring: %s", ranges[ltype].what, rvalue);
                return 0;
        }
        *weight = v;
        return 0;
}

int config_parse_cpu_quota(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        usec_t *quota = data;

        if (!*rvalue) {
                *quota = USEC_INFINITY;
                return 0;
        }
        int p = parse_permyriad_unbounded(rvalue);
        if (p <= 0) {
                log_config_ignoring(ctx, "Invalid CPU quota '%s', ignoring.", rvalue);
                return 0;
        }
        /* 100% is one CPU's whole second per second. */
        *quota = (usec_t) p * USEC_PER_SEC / 10000;
        return 0;
}

/* usec_t *: a time span; an empty value restores infinity (the kernel's default). */
int config_parse_cgroup_sec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        usec_t *usec = data;
        if (!*rvalue) {
                *usec = USEC_INFINITY;
                return 0;
        }
        int r = parse_sec(rvalue, usec);
        if (r < 0)
                log_config(ctx, LOG_WARNING, r, "Failed to parse %s= value, ignoring: %s", ctx->lvalue, rvalue);
        return 0;
}

int config_parse_memory_limit(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        CGroupLimit *limit = data, v = {};
        int r;

        if (ltype & MEMORY_LIMIT_DEPRECATED)
                log_config(ctx, LOG_WARNING, 0, "Unit uses %s=, a cgroup v1 setting; please use MemoryMax= "
                           "instead, support for %s= will be removed.", ctx->lvalue, ctx->lvalue);
        if (!*rvalue) {
                *limit = (CGroupLimit) { (ltype & MEMORY_LIMIT_INFINITY) ? CGROUP_LIMIT_MAX : 0, false };
                return 0;
        }
        if (streq(rvalue, "infinity"))
                v.value = CGROUP_LIMIT_MAX;
        else if (is_relative(rvalue)) {
                r = parse_permyriad_unbounded(rvalue);
                if (r >= 0 && r > 10000)
                        r = -EINVAL;  /* more than all of RAM is not a limit */
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid memory limit '%s', ignoring: %m", rvalue);
                        return 0;
                }
                v = (CGroupLimit) { (uint64_t) r, true };
        } else {
                r = parse_size(rvalue, 1024, &v.value);
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid memory limit '%s', ignoring: %m", rvalue);
                        return 0;
                }
        }
        if ((ltype & MEMORY_LIMIT_NONZERO) && v.value == 0) {
                log_config_ignoring(ctx, "Memory limit '%s' out of range, ignoring.", rvalue);
                return 0;
        }
        *limit = v;
        return 0;
}

int config_parse_tasks_max(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        CGroupLimit *limit = data, v = {};
        int r;

        if (!*rvalue) {
                *limit = (CGroupLimit) { 1500, true }; /* DefaultTasksMax=15% */
                return 0;
        }
        if (streq(rvalue, "infinity"))
                v.value = CGROUP_LIMIT_MAX;
        else if (is_relative(rvalue)) {
                r = parse_permyriad_unbounded(rvalue);
                if (r >= 0 && r > 10000)
                        r = -EINVAL;
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid maximum tasks value '%s', ignoring: %m", rvalue);
                        return 0;
                }
                v = (CGroupLimit) { (uint64_t) r, true };
        } else {
                r = safe_atou64(rvalue, &v.value);
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid maximum tasks value '%s', ignoring: %m", rvalue);
                        return 0;
                }
        }
        /* "0%" passes, as in systemd 252: it resolves to the minimum, not to "no tasks". */
        if (v.value == 0 && !v.relative) {
                log_config_ignoring(ctx, "Maximum tasks value '%s' out of range, ignoring.", rvalue);
                return 0;
        }
        *limit = v;
        return 0;
}

void cgroup_device_list_reset(CGroupDeviceList *l) {
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i].path);
        l->items = mfree(l->items);
        l->n = 0;
}

const CGroupDeviceValue *cgroup_device_list_find(const CGroupDeviceList *l, const char *path) {
        for (size_t i = 0; i < l->n; i++)
                if (streq(l->items[i].path, path))
                        return &l->items[i];
        return NULL;
}

static bool device_allow_path_is_valid(const char *p) {
        /* Device nodes, the inaccessible nodes systemd itself uses, or whole device classes
         * by name from /proc/devices ("char-pts", "block-loop"). */
        if (startswith(p, "block-") || startswith(p, "char-"))
                return p[strcspn(p, "-") + 1] != 0;
        return (startswith(p, "/dev/") || startswith(p, "/run/systemd/inaccessible/")) && path_is_valid(p);
}

static int parse_device_rights(const char *s, uint64_t *ret) {
        uint64_t r = 0;
        if (!*s) {
                *ret = CGROUP_DEVICE_READ | CGROUP_DEVICE_WRITE | CGROUP_DEVICE_MKNOD;
                return 0;
        }
        for (; *s; s++)
                switch (*s) {
                case 'r': r |= CGROUP_DEVICE_READ; break;
                case 'w': r |= CGROUP_DEVICE_WRITE; break;
                case 'm': r |= CGROUP_DEVICE_MKNOD; break;
                default: return -EINVAL;
                }
        *ret = r;
        return 0;
}

/* The value after the device path; 0 or a negative errno, having warned. */
static int parse_device_value(const ConfigContext *ctx, int kind, const char *rvalue, const char *s, uint64_t *ret) {
        uint64_t v;
        int r;

        switch (kind) {
        case DEVICE_LIST_ALLOW:
                if (parse_device_rights(s, ret) < 0) {
                        log_config_ignoring(ctx, "Invalid device rights '%s', ignoring.", s);
                        return -EINVAL;
                }
                return 0;
        case DEVICE_LIST_IO_WEIGHT:
        case DEVICE_LIST_BLKIO_WEIGHT: {
                uint64_t min = kind == DEVICE_LIST_IO_WEIGHT ? 1 : 10, max = kind == DEVICE_LIST_IO_WEIGHT ? 10000 : 1000;
                if (!*s) {
                        log_config_ignoring(ctx, "Invalid device path or weight specified in '%s', ignoring.", rvalue);
                        return -EINVAL;
                }
                r = safe_atou64(s, &v);
                if (r >= 0 && (v < min || v > max))
                        r = -ERANGE;
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Weight '%s' invalid, ignoring: %m", s);
                        return r;
                }
                *ret = v;
                return 0;
        }
        case DEVICE_LIST_IO_LIMIT:
        case DEVICE_LIST_BLKIO_BANDWIDTH:
                if (!*s) {
                        log_config_ignoring(ctx, "Invalid device path or limit specified in '%s', ignoring.", rvalue);
                        return -EINVAL;
                }
                if (kind == DEVICE_LIST_IO_LIMIT && streq(s, "infinity")) {
                        *ret = CGROUP_LIMIT_MAX;
                        return 0;
                }
                /* Bytes and operations per second count in powers of 1000, as disks do. */
                if (parse_size(s, 1000, &v) < 0 || v == 0) {
                        log_config_ignoring(ctx, "Invalid IO limit '%s', ignoring.", s);
                        return -EINVAL;
                }
                *ret = v;
                return 0;
        case DEVICE_LIST_IO_LATENCY:
                if (!*s) {
                        log_config_ignoring(ctx, "Invalid device path or latency specified in '%s', ignoring.", rvalue);
                        return -EINVAL;
                }
                r = parse_sec(s, &v);
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid latency '%s', ignoring: %m", s);
                        return r;
                }
                *ret = v;
                return 0;
        }
        return -EINVAL;
}

int config_parse_device_list(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        CGroupDeviceList *l = data;
        _cleanup_free_ char *word = NULL, *path = NULL;
        uint64_t value;

        if (ltype == DEVICE_LIST_BLKIO_WEIGHT || ltype == DEVICE_LIST_BLKIO_BANDWIDTH)
                log_config(ctx, LOG_WARNING, 0, "Unit uses %s=, a cgroup v1 setting; please use the IO*= settings "
                           "instead, support for %s= will be removed.", ctx->lvalue, ctx->lvalue);
        if (!*rvalue) {
                cgroup_device_list_reset(l);
                return 0;
        }
        const char *p = rvalue;
        int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
        if (r == -ENOMEM)
                return log_oom();
        if (r <= 0) {
                log_config_ignoring(ctx, "Invalid syntax, ignoring: %s", rvalue);
                return 0;
        }
        if (config_expand(ctx, word, &path) < 0)
                return 0;
        if (ltype == DEVICE_LIST_ALLOW ? !device_allow_path_is_valid(path) : !path_is_valid(path)) {
                log_config_ignoring(ctx, "Invalid device node path '%s', ignoring.", path);
                return 0;
        }
        p += strspn(p, WHITESPACE);
        if (parse_device_value(ctx, ltype, rvalue, p, &value) < 0)
                return 0;

        for (size_t i = 0; i < l->n; i++)
                if (streq(l->items[i].path, path)) {
                        /* Rights add up, as several DeviceAllow= lines for one node would in
                         * the kernel's list; any other value is replaced by the later one. */
                        l->items[i].value = ltype == DEVICE_LIST_ALLOW ? l->items[i].value | value : value;
                        return 0;
                }
        CGroupDeviceValue *items = realloc(l->items, (l->n + 1) * sizeof(*items));
        if (!items)
                return log_oom();
        l->items = items;
        l->items[l->n++] = (CGroupDeviceValue) { .path = TAKE_PTR(path), .value = value };
        return 0;
}

DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_device_policy, cgroup_device_policy_from_string, CGroupDevicePolicy,
                                 CGROUP_DEVICE_POLICY_AUTO, "Failed to parse device policy")
DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_managed_oom_mode, managed_oom_mode_from_string, ManagedOOMMode,
                                 MANAGED_OOM_AUTO, "Invalid syntax")
DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_managed_oom_preference, managed_oom_preference_from_string,
                                 ManagedOOMPreference, MANAGED_OOM_PREFERENCE_NONE, "Failed to parse ManagedOOMPreference=")

/* Controller names into a mask; bad names are warned about and skipped when skip_bad, else
 * they fail the whole list. */
static int parse_controllers(const ConfigContext *ctx, const char *rvalue, bool skip_bad, CGroupMask *ret) {
        CGroupMask mask = 0;
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid syntax, ignoring: %s", rvalue);
                        return r;
                }
                if (r == 0)
                        break;
                CGroupController c = cgroup_controller_from_string(word);
                if (c < 0) {
                        log_config_ignoring(ctx, "Invalid controller name '%s' in %s=, ignoring%s", word,
                                            ctx->lvalue, skip_bad ? " it" : " the assignment");
                        if (skip_bad)
                                continue;
                        return -EINVAL;
                }
                mask |= CGROUP_MASK(c);
        }
        *ret = mask;
        return 0;
}

/* data: the CGroupContext. Documented in systemd.resource-control(5): a boolean, or a list
 * that turns delegation on and adds controllers; the empty string turns delegation on with
 * no controllers. */
int config_parse_delegate(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        CGroupContext *c = data;
        CGroupMask mask;

        if (!*rvalue) {
                c->delegate = true;
                c->delegate_controllers = 0;
                return 0;
        }
        int b = parse_boolean(rvalue);
        if (b >= 0) {
                c->delegate = b;
                c->delegate_controllers = b ? CGROUP_MASK_DELEGATE_ALL : 0;
                return 0;
        }
        if (parse_controllers(ctx, rvalue, true, &mask) < 0)
                return 0;
        c->delegate = true;
        c->delegate_controllers |= mask;
        return 0;
}

int config_parse_disable_controllers(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        CGroupMask *disabled = data, mask;

        if (!*rvalue) {
                *disabled = 0;
                return 0;
        }
        if (parse_controllers(ctx, rvalue, false, &mask) < 0)
                return 0;
        *disabled |= mask;
        return 0;
}

int config_parse_managed_oom_limit(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        uint32_t *limit = data;

        if (!*rvalue) {
                *limit = 0;
                return 0;
        }
        int p = is_relative(rvalue) ? parse_permyriad_unbounded(rvalue) : -EINVAL;
        if (p < 0 || p > 10000) {
                log_config_ignoring(ctx, "Failed to parse memory pressure limit value, ignoring: %s", rvalue);
                return 0;
        }
        *limit = (uint32_t) p;
        return 0;
}

int config_parse_slice(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char **slice = data;
        _cleanup_free_ char *name = NULL;

        if (!*rvalue) {
                *slice = mfree(*slice);
                return 0;
        }
        if (config_expand(ctx, rvalue, &name) < 0)
                return 0;
        if (!unit_name_is_valid(name, UNIT_NAME_PLAIN) || unit_name_to_type(name) != UNIT_SLICE) {
                log_config_ignoring(ctx, "Slice= must name a slice unit, ignoring: %s", name);
                return 0;
        }
        free(*slice);
        *slice = TAKE_PTR(name);
        return 0;
}
