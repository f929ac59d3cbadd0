/* init-log.c — see init-log.h. Deliberately not src/basic's logger: PID 1 links libc only,
 * and a logger that cannot allocate cannot fail in the one process that must not. */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "init-log.h"

static const char *log_prefix = "sysmaster-init";

void init_log_set_prefix(const char *prefix) {
        log_prefix = prefix;
}

void init_log(const char *fmt, ...) {
        char buf[512];
        int n = snprintf(buf, sizeof buf, "%s: ", log_prefix);
        if (n < 0 || (size_t) n >= sizeof buf)
                return;

        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(buf + n, sizeof buf - (size_t) n - 1, fmt, ap);
        va_end(ap);
        if (k < 0)
                return;
        /* A truncated line still ends with its newline. */
        n = MIN((size_t) n + (size_t) k, sizeof buf - 2);
        buf[n++] = '\n';

        int saved = errno;
        (void) !write(STDERR_FILENO, buf, (size_t) n);
        errno = saved;
}
