/* config-values.h — parsers for the value types directives share: booleans, strings, paths,
 * lists, numbers, time spans, sizes, modes, signals, resource limits, environment lists and
 * command lines. Each follows systemd's semantics for that type: specifiers expanded where
 * systemd expands them, an empty value resets, a bad value is a warning with file and line
 * and the assignment is ignored. Where the parser cannot know a field's default (bool, time
 * spans, sizes, mode, signal, rlimit) an empty value is refused with a warning, as systemd
 * does. See config-parse.h for the calling convention. */
#pragma once

#include "config-parse.h"
#include "exec-command.h"
#include "time-util.h"

/* bool *: yes/no… */
int config_parse_bool(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* int *: -1 when empty (unset), else 0 or 1 */
int config_parse_tristate(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* char **: specifiers expanded; empty → NULL */
int config_parse_string(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* char **: an absolute, normalized path after expansion; empty → NULL.
 * ltype 1: an invalid path is fatal for the unit (-ENOEXEC) instead of ignored. */
int config_parse_path(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* char ***: whitespace-separated words (quotes group, C escapes), appended; empty resets */
int config_parse_strv(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* char ***: like strv, each word an absolute path; a leading "-" (ignore if missing) and, with
 * ltype 1, "+" (relative to the root directory) stay as prefixes of the stored word */
int config_parse_path_strv(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* char ***: unit names (with specifiers), validated; for dependencies and Service=, Unit= */
int config_parse_unit_names(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* unsigned *, int *, uint64_t *; empty resets to 0 */
int config_parse_unsigned(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_int(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
int config_parse_uint64(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* usec_t *: "5min", "infinity"; ltype 1: "0" also means infinity (TimeoutSec= family) */
int config_parse_sec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* nsec_t * */
int config_parse_nsec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* uint64_t *: bytes with base-1024 suffixes; "infinity" → UINT64_MAX */
int config_parse_iec_size(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* uint64_t *: base-1000 suffixes ("1K" = 1000) */
int config_parse_si_uint64(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* mode_t * */
int config_parse_mode(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* int *: a signal by name or number */
int config_parse_signal(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* struct rlimit *[RLIMIT_NLIMITS] (array of pointers, allocated on first use); ltype = RLIMIT_* */
int config_parse_rlimit(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* char ***: "A=1 B='two words'" assignments, appended; empty resets */
int config_parse_environ(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* ExecCommand **: one or more ";"-separated command lines with prefixes, appended; empty
 * resets; a bad command is fatal (-ENOEXEC) unless prefixed with "-" */
int config_parse_exec(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);

/* Defines a parser for an enum whose names come from from_string (returns <0 if unknown).
 * Empty resets to the zero value. */
#define DEFINE_CONFIG_PARSE_ENUM(function, from_string, type, msg)                                   \
        int function(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {          \
                type *_v = data;                                                                       \
                (void) ltype;                                                                          \
                if (!*rvalue) {                                                                        \
                        *_v = (type) 0;                                                                \
                        return 0;                                                                      \
                }                                                                                      \
                int _x = from_string(rvalue);                                                          \
                if (_x < 0) {                                                                          \
                        log_syntax(ctx->unit, LOG_WARNING, ctx->filename, ctx->line, 0,                \
                                   msg ", ignoring: %s", rvalue);                                      \
                        return 0;                                                                      \
                }                                                                                      \
                *_v = (type) _x;                                                                       \
                return 0;                                                                              \
        }
