/* rlimit-util.c — see rlimit-util.h. Each resource reads its value in its own unit, as the
 * Limit*= table of systemd.exec(7) lists them: LimitCPU= in seconds (a time span, rounded up
 * to whole seconds because that is the kernel's unit), LimitRTTIME= in microseconds, the
 * byte limits as sizes with base-1024 suffixes, LimitNICE= either as a raw 0…40 value or as
 * a signed nice level, and the rest as plain counts. */
#include "macro.h"
#include "parse-util.h"
#include "rlimit-util.h"
#include "time-util.h"

static const char *const rlimit_names[RLIMIT_NLIMITS] = {
        [RLIMIT_CPU] = "LimitCPU",         [RLIMIT_FSIZE] = "LimitFSIZE",
        [RLIMIT_DATA] = "LimitDATA",       [RLIMIT_STACK] = "LimitSTACK",
        [RLIMIT_CORE] = "LimitCORE",       [RLIMIT_RSS] = "LimitRSS",
        [RLIMIT_NPROC] = "LimitNPROC",     [RLIMIT_NOFILE] = "LimitNOFILE",
        [RLIMIT_MEMLOCK] = "LimitMEMLOCK", [RLIMIT_AS] = "LimitAS",
        [RLIMIT_LOCKS] = "LimitLOCKS",     [RLIMIT_SIGPENDING] = "LimitSIGPENDING",
        [RLIMIT_MSGQUEUE] = "LimitMSGQUEUE", [RLIMIT_NICE] = "LimitNICE",
        [RLIMIT_RTPRIO] = "LimitRTPRIO",   [RLIMIT_RTTIME] = "LimitRTTIME",
};

const char *rlimit_to_string(int resource) {
        if (resource < 0 || resource >= RLIMIT_NLIMITS)
                return NULL;
        return rlimit_names[resource];
}

int rlimit_from_string(const char *s) {
        if (!s)
                return -EINVAL;
        const char *bare = startswith(s, "Limit") ?: s;
        for (int i = 0; i < RLIMIT_NLIMITS; i++)
                if (rlimit_names[i] && streq(rlimit_names[i] + 5, bare))
                        return i;
        return -EINVAL;
}

static int parse_one(int resource, const char *s, rlim_t *ret) {
        uint64_t v;
        usec_t u;
        int n, r;

        if (streq(s, "infinity")) {
                /* A nice level has no "unlimited"; 0 (nice 20) is already the loosest value. */
                if (resource == RLIMIT_NICE)
                        return -EINVAL;
                *ret = RLIM_INFINITY;
                return 0;
        }

        switch (resource) {
        case RLIMIT_CPU:
                r = parse_sec(s, &u);
                if (r < 0)
                        return r;
                /* Round up: a limit of half a second must not become no time at all. */
                *ret = u == USEC_INFINITY ? RLIM_INFINITY : u / USEC_PER_SEC + (u % USEC_PER_SEC > 0);
                return 0;
        case RLIMIT_RTTIME:
                /* microseconds, the kernel's unit; a spelled-out infinity is RLIM_INFINITY */
                r = parse_time(s, &u, 1);
                if (r < 0)
                        return r;
                *ret = (rlim_t) u;
                return 0;
        case RLIMIT_FSIZE:
        case RLIMIT_DATA:
        case RLIMIT_STACK:
        case RLIMIT_CORE:
        case RLIMIT_RSS:
        case RLIMIT_MEMLOCK:
        case RLIMIT_AS:
        case RLIMIT_MSGQUEUE:
                r = parse_size(s, 1024, &v);
                break;
        case RLIMIT_NICE:
                /* "+5"/"-5" is a nice level (-20…19), stored the way the kernel wants it
                 * (20 - nice); a bare number is the raw limit already. */
                if (s[0] == '+' || s[0] == '-') {
                        r = parse_nice(s, &n);
                        v = (uint64_t) (20 - n);
                } else {
                        r = safe_atou64(s, &v);
                        if (r >= 0 && v > 40)
                                r = -ERANGE;
                }
                break;
        default:
                r = safe_atou64(s, &v);
        }
        if (r < 0)
                return r;
        if (v == RLIM_INFINITY) /* unlimited must be spelled out, not reached by a number */
                return -ERANGE;
        *ret = (rlim_t) v;
        return 0;
}

int rlimit_parse(int resource, const char *s, struct rlimit *ret) {
        rlim_t soft, hard;
        int r;

        if (resource < 0 || resource >= RLIMIT_NLIMITS || !s)
                return -EINVAL;

        const char *colon = strchr(s, ':');
        if (!colon) {
                r = parse_one(resource, s, &soft);
                if (r < 0)
                        return r;
                hard = soft;
        } else {
                _cleanup_free_ char *first = strndup(s, (size_t) (colon - s));
                if (!first)
                        return -ENOMEM;
                if (isempty(first) || isempty(colon + 1))
                        return -EINVAL;
                r = parse_one(resource, first, &soft);
                if (r < 0)
                        return r;
                r = parse_one(resource, colon + 1, &hard);
                if (r < 0)
                        return r;
                if (soft > hard)
                        return -EILSEQ;
        }

        *ret = (struct rlimit) { .rlim_cur = soft, .rlim_max = hard };
        return 0;
}
