/* cpu-set.h — sets of CPU (or NUMA node) numbers as AllowedCPUs= and AllowedMemoryNodes=
 * write them: "0-3 5,7". A growable bitmap, bounded at CPU_SET_MAX so that a typo such as
 * "9999999" cannot make the manager allocate a megabyte. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config-parse.h"

#define CPU_SET_MAX 8192U   /* systemd 252's bound: CPUs 0…8191 */

typedef struct CPUSet {
        uint8_t *set;
        size_t allocated;   /* bytes */
} CPUSet;

void cpu_set_reset(CPUSet *s);
int cpu_set_add(CPUSet *s, unsigned cpu);                  /* -ERANGE past CPU_SET_MAX */
bool cpu_set_isset(const CPUSet *s, unsigned cpu);
unsigned cpu_set_count(const CPUSet *s);
/* Adds every CPU of the other set. */
int cpu_set_merge(CPUSet *s, const CPUSet *other);

/* CPUSet *: numbers and ranges separated by whitespace or commas, added to the set; an empty
 * value empties it; one bad word and the whole assignment is ignored. */
int config_parse_cpu_set(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
