/* directive-util.h — small helpers the directive tables of [Unit], [Install], [Service] and
 * the kill and cgroup contexts share: a log macro that always carries file and line, string
 * tables for enums (name ↔ value), and an enum parser whose empty value restores a default
 * other than zero (so "unset" can be told apart from the first enum value). */
#pragma once

#include "config-parse.h"
#include "macro.h"

#define log_config(ctx, level, error, ...) \
        log_syntax((ctx)->unit, level, (ctx)->filename, (ctx)->line, error, __VA_ARGS__)
#define log_config_ignoring(ctx, ...) log_config(ctx, LOG_WARNING, 0, __VA_ARGS__)

/* Index of s in names (NULL entries are holes), or -EINVAL. */
static inline int string_table_lookup(const char *const *names, size_t n, const char *s) {
        for (size_t i = 0; s && i < n; i++)
                if (names[i] && streq(names[i], s))
                        return (int) i;
        return -EINVAL;
}

#define DEFINE_STRING_TABLE(prefix, type, table)                                        \
        const char *prefix##_to_string(type v) {                                        \
                return (int) v >= 0 && (size_t) v < ELEMENTSOF(table) ? table[v] : NULL; \
        }                                                                               \
        type prefix##_from_string(const char *s) {                                      \
                return (type) string_table_lookup(table, ELEMENTSOF(table), s);         \
        }

/* Like DEFINE_CONFIG_PARSE_ENUM, but an empty value restores def. */
#define DEFINE_CONFIG_PARSE_ENUM_DEFAULT(function, from_string, type, def, msg)                   \
        int function(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {       \
                type *_v = data;                                                                    \
                (void) ltype;                                                                       \
                if (!*rvalue) {                                                                     \
                        *_v = (def);                                                                \
                        return 0;                                                                   \
                }                                                                                   \
                int _x = (int) from_string(rvalue);                                                 \
                if (_x < 0) {                                                                       \
                        log_config_ignoring(ctx, msg ", ignoring: %s", rvalue);                     \
                        return 0;                                                                   \
                }                                                                                   \
                *_v = (type) _x;                                                                    \
                return 0;                                                                           \
        }

/* Checks a path value the way most path directives want it: absolute, without ".."
 * components, of valid length. Simplifies p in place ("//" and "/./" vanish). On a bad
 * path warns "<key>= path is not …, ignoring: p" and returns -EINVAL. */
int directive_path_check(const ConfigContext *ctx, char *p);
