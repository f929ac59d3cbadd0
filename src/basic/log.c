/* log.c — see log.h. Messages go to stderr, one line each, written with a single write(2)
 * so concurrent writers do not interleave inside a line. */
#include <stdio.h>

#include "log.h"

static int max_level = LOG_INFO;
static const char *prefix;
static unsigned n_warnings, n_errors;

void log_set_max_level(int level) {
        max_level = level;
}
int log_get_max_level(void) {
        return max_level;
}
void log_set_prefix(const char *p) {
        prefix = p;
}
unsigned log_count_warnings(void) {
        return n_warnings;
}
unsigned log_count_errors(void) {
        return n_errors;
}
void log_reset_counts(void) {
        n_warnings = n_errors = 0;
}

_printf_(4, 0) static int log_write(int level, int error, const char *head, const char *fmt, va_list ap) {
        char buf[4096];
        int n = 0, saved = errno;

        if (level <= LOG_ERR)
                n_errors++;
        else if (level == LOG_WARNING)
                n_warnings++;

        if (level > max_level) {
                errno = saved;
                return error == 0 ? 0 : -abs(error);
        }
        if (prefix)
                n = snprintf(buf, sizeof buf, "%s: ", prefix);
        if (head && n >= 0 && (size_t) n < sizeof buf)
                n += snprintf(buf + n, sizeof buf - n, "%s", head);
        if (n >= 0 && (size_t) n < sizeof buf) {
                errno = abs(error); /* lets %m name the error */
                n += vsnprintf(buf + n, sizeof buf - n, fmt, ap);
        }
        if (n < 0)
                n = 0;
        if ((size_t) n >= sizeof buf - 1)
                n = sizeof buf - 2;
        buf[n++] = '\n';
        (void) !write(STDERR_FILENO, buf, n);
        errno = saved;
        return error == 0 ? 0 : -abs(error);
}

int log_internal(int level, int error, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        int r = log_write(level, error, NULL, fmt, ap);
        va_end(ap);
        return r;
}

int log_syntax_internal(const char *unit, int level, const char *file, unsigned line, int error,
                        const char *fmt, ...) {
        char head[1024];
        va_list ap;

        (void) unit; /* systemd prints the unit only as journal metadata, not in the text */
        if (file && line > 0)
                snprintf(head, sizeof head, "%s:%u: ", file, line);
        else if (file)
                snprintf(head, sizeof head, "%s: ", file);
        else
                head[0] = 0;
        va_start(ap, fmt);
        int r = log_write(level, error, head, fmt, ap);
        va_end(ap);
        return r;
}
