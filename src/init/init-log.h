/* init-log.h — the logger of sysmaster-init and sysmaster-shutdown: one short prefixed line
 * per message on stderr (the console when running as the real PID 1). Formats into a buffer on
 * the stack and writes it with a single write(2), so logging never allocates and lines from
 * different processes on the console do not interleave mid-line. */
#pragma once

#include <stdint.h>
#include <time.h>

#include "macro.h"

/* The program name put in front of every line ("sysmaster-init"). Must stay valid forever. */
void init_log_set_prefix(const char *prefix);
void init_log(const char *fmt, ...) _printf_(1, 2);

#define USEC_PER_SEC UINT64_C(1000000)
#define USEC_PER_MSEC UINT64_C(1000)

static inline uint64_t now_usec(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * USEC_PER_SEC + (uint64_t) ts.tv_nsec / 1000;
}
