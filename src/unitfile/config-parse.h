/* config-parse.h — the contract between the INI syntax and the meaning of each directive.
 *
 * Every section of every unit type has a sorted table of ConfigDirective: the key, the
 * parser that turns the value into a typed field, and where that field lives. The shared
 * contexts (exec, kill, cgroup) are one table each, consulted for every section that embeds
 * them ([Service], [Socket], [Mount], [Swap]…), so each directive is defined exactly once.
 *
 * A parser gets the value already trimmed, and the context it needs to report a problem
 * with file and line and to expand specifiers. Following systemd, a bad value is a warning
 * and the assignment is ignored (return 0); only problems systemd treats as fatal for the
 * unit (an invalid executable path in ExecStart=, say) return a negative errno, which makes
 * the unit's load state "bad-setting". An empty value resets a list to empty; for a scalar
 * whose default only the table knows, systemd warns and ignores it, and so do we. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"

typedef struct SpecifierContext SpecifierContext;
typedef struct UnitConfig UnitConfig;

typedef struct ConfigContext {
        const char *unit;             /* unit name (e.g. "foo@bar.service"), for messages */
        const char *filename;
        unsigned line;
        const char *section;
        const char *lvalue;           /* the key, as written */
        const SpecifierContext *spec; /* resolves %n, %i…; NULL: specifiers are not expanded */
        UnitConfig *config;           /* the whole unit being loaded, for cross-field parsers */
} ConfigContext;

typedef int (*ConfigParseFunc)(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);

/* Where a directive's field lives inside UnitConfig (see unit-config.h). */
typedef enum ConfigPart {
        PART_NONE,      /* the parser needs no field (unsupported, deprecated) */
        PART_UNIT,
        PART_INSTALL,
        PART_EXEC,
        PART_KILL,
        PART_CGROUP,
        PART_SERVICE,
        PART_SOCKET,
        PART_TIMER,
        PART_PATH,
        PART_MOUNT,
        PART_AUTOMOUNT,
        PART_SWAP,
        PART_SCOPE,
        _PART_MAX,
} ConfigPart;

typedef struct ConfigDirective {
        const char *key;
        ConfigParseFunc parse;
        int ltype;       /* parser-specific: an enum table, a dependency kind, a flag… */
        size_t offset;   /* of the field within its part */
} ConfigDirective;

typedef struct ConfigTable {
        const char *name;                   /* for tests and messages: "Service", "exec"… */
        ConfigPart part;
        const ConfigDirective *directives;  /* sorted by key (strcmp), checked by a test */
        size_t n_directives;
} ConfigTable;

#define CONFIG_TABLE(table_name, the_part, array) \
        { .name = table_name, .part = the_part, .directives = array, .n_directives = ELEMENTSOF(array) }

/* Finds key in one table (binary search), or NULL. */
const ConfigDirective *config_table_lookup(const ConfigTable *t, const char *key);

/* A directive systemd 252 knows that sysMaster does not act on yet: accepted with a
 * warning that says so, never reported as unknown. */
int config_parse_unsupported(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* A directive systemd keeps only for compatibility and ignores (ltype picks the message). */
enum { COMPAT_IGNORED, COMPAT_OBSOLETE, COMPAT_NOT_COMPILED };
int config_parse_compat(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
