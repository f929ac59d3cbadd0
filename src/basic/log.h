/* log.h — the logger: leveled messages to stderr (or the console), and log_syntax() for
 * configuration problems, which always names file and line the way systemd does
 * ("/etc/systemd/system/foo.service:3: Unknown key name …"). */
#pragma once

#include <stdarg.h>
#include <syslog.h>

#include "macro.h"

void log_set_max_level(int level);
int log_get_max_level(void);
void log_set_prefix(const char *prefix);

/* Counts of messages at LOG_WARNING and at LOG_ERR or worse since start (or the last reset);
 * `sctl verify` uses them to decide its exit code. */
unsigned log_count_warnings(void);
unsigned log_count_errors(void);
void log_reset_counts(void);

/* Every log_* returns -abs(error) (or 0 when error is 0) so callers can "return log_…(r, …)". */
int log_internal(int level, int error, const char *fmt, ...) _printf_(3, 4);
int log_syntax_internal(const char *unit, int level, const char *file, unsigned line, int error,
                        const char *fmt, ...) _printf_(6, 7);

#define log_full_errno(level, error, ...) log_internal(level, error, __VA_ARGS__)
#define log_debug(...) log_internal(LOG_DEBUG, 0, __VA_ARGS__)
#define log_info(...) log_internal(LOG_INFO, 0, __VA_ARGS__)
#define log_notice(...) log_internal(LOG_NOTICE, 0, __VA_ARGS__)
#define log_warning(...) log_internal(LOG_WARNING, 0, __VA_ARGS__)
#define log_error(...) log_internal(LOG_ERR, 0, __VA_ARGS__)
#define log_debug_errno(e, ...) log_internal(LOG_DEBUG, e, __VA_ARGS__)
#define log_warning_errno(e, ...) log_internal(LOG_WARNING, e, __VA_ARGS__)
#define log_error_errno(e, ...) log_internal(LOG_ERR, e, __VA_ARGS__)
#define log_oom() log_internal(LOG_ERR, ENOMEM, "Out of memory.")

#define log_syntax(unit, level, file, line, error, ...) \
        log_syntax_internal(unit, level, file, line, error, __VA_ARGS__)
