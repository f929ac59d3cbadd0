/* config-util.h — small helpers the directive parsers of the typed tables share: a warning
 * with the assignment's file and line, name tables for enums, and the "first word, rest"
 * splitting many list directives need. Header only; every parser file includes it. */
#pragma once

#include "config-parse.h"
#include "macro.h"

/* log_syntax() for the assignment ctx describes. */
#define config_log(ctx, level, error, ...) \
        log_syntax((ctx)->unit, level, (ctx)->filename, (ctx)->line, error, __VA_ARGS__)
#define config_warn(ctx, ...) config_log(ctx, LOG_WARNING, 0, __VA_ARGS__)

/* The index of s in a table of names (holes allowed), or -EINVAL. */
static inline int string_table_lookup(const char *const *table, size_t n, const char *s) {
        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < n; i++)
                if (table[i] && streq(table[i], s))
                        return (int) i;
        return -EINVAL;
}

#define DEFINE_STRING_TABLE_LOOKUP(name, type)                                          \
        const char *name##_to_string(type i) {                                          \
                if ((int) i < 0 || (size_t) i >= ELEMENTSOF(name##_table))              \
                        return NULL;                                                    \
                return name##_table[i];                                                 \
        }                                                                               \
        int name##_from_string(const char *s) {                                         \
                return string_table_lookup(name##_table, ELEMENTSOF(name##_table), s);  \
        }

/* The same, for tables only the file that defines them uses. */
#define DEFINE_PRIVATE_STRING_TABLE_LOOKUP(name)                                        \
        static _unused_ int name##_from_string(const char *s) {                         \
                return string_table_lookup(name##_table, ELEMENTSOF(name##_table), s);  \
        }
