/* cpu-set.c — CPU sets and their parser. An assignment is parsed into a set of its own and
 * merged only when every word was good, so a typo never leaves half a list applied. */
#include "cpu-set.h"
#include "directive-util.h"
#include "parse-util.h"
#include "string-util.h"

void cpu_set_reset(CPUSet *s) {
        s->set = mfree(s->set);
        s->allocated = 0;
}

int cpu_set_add(CPUSet *s, unsigned cpu) {
        if (cpu >= CPU_SET_MAX)
                return -ERANGE;
        size_t need = cpu / 8 + 1;
        if (need > s->allocated) {
                /* Whole 64-bit words, as sched_setaffinity() and cpuset files count in them. */
                size_t n = (need + 7) / 8 * 8;
                uint8_t *p = realloc(s->set, n);
                if (!p)
                        return -ENOMEM;
                memset(p + s->allocated, 0, n - s->allocated);
                s->set = p;
                s->allocated = n;
        }
        s->set[cpu / 8] |= (uint8_t) (1U << (cpu % 8));
        return 0;
}

bool cpu_set_isset(const CPUSet *s, unsigned cpu) {
        return cpu / 8 < s->allocated && (s->set[cpu / 8] & (1U << (cpu % 8)));
}

unsigned cpu_set_count(const CPUSet *s) {
        unsigned n = 0;
        for (size_t i = 0; i < s->allocated; i++)
                n += (unsigned) __builtin_popcount(s->set[i]);
        return n;
}

int cpu_set_merge(CPUSet *s, const CPUSet *other) {
        for (unsigned cpu = 0; cpu < other->allocated * 8; cpu++)
                if (cpu_set_isset(other, cpu)) {
                        int r = cpu_set_add(s, cpu);
                        if (r < 0)
                                return r;
                }
        return 0;
}

static int parse_cpu_word(const ConfigContext *ctx, const char *word, CPUSet *set) {
        unsigned lo, hi;
        const char *dash = strchr(word, '-');

        if (dash) {
                _cleanup_free_ char *first = strndup(word, dash - word);
                if (!first)
                        return log_oom();
                if (safe_atou(first, &lo) < 0 || safe_atou(dash + 1, &hi) < 0) {
                        log_config_ignoring(ctx, "Failed to parse CPU affinity '%s', ignoring.", word);
                        return -EINVAL;
                }
                if (lo > hi) {
                        log_config_ignoring(ctx, "Range '%s' is invalid, %u > %u, ignoring.", word, lo, hi);
                        return -EINVAL;
                }
        } else if (safe_atou(word, &lo) >= 0)
                hi = lo;
        else {
                log_config_ignoring(ctx, "Failed to parse CPU affinity '%s', ignoring.", word);
                return -EINVAL;
        }
        for (unsigned cpu = lo; cpu <= hi; cpu++) {
                int r = cpu_set_add(set, cpu);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Cannot add CPU %u to set, ignoring: %m", cpu);
                        return r;
                }
        }
        return 0;
}

int config_parse_cpu_set(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        CPUSet *set = data;
        CPUSet parsed = {};

        if (!*rvalue) {
                cpu_set_reset(set);
                return 0;
        }
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, WHITESPACE ",", EXTRACT_UNQUOTE);
                if (r == -ENOMEM) {
                        cpu_set_reset(&parsed);
                        return log_oom();
                }
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid syntax, ignoring: %s", rvalue);
                        break;
                }
                if (r == 0) {
                        r = cpu_set_merge(set, &parsed);
                        cpu_set_reset(&parsed);
                        return r == -ENOMEM ? log_oom() : 0;
                }
                r = parse_cpu_word(ctx, word, &parsed);
                if (r == -ENOMEM) {
                        cpu_set_reset(&parsed);
                        return r;
                }
                if (r < 0)
                        break;
        }
        cpu_set_reset(&parsed);
        return 0;
}
