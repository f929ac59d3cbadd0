/* config-assign.h — test helpers for directive tables: apply "Key=value" lines to a UnitConfig
 * through unit_config_assign() the way the loader does, and tell whether an assignment
 * warned. Header only; each test executable includes it once. */
#pragma once

#include "log.h"
#include "string-util.h"
#include "strv.h"
#include "unit-config.h"

/* The result of one assignment: the parser's return value and how many warnings it logged. */
typedef struct AssignResult {
        int r;
        unsigned warnings;
} AssignResult;

static inline AssignResult assign_full(UnitConfig *c, const char *section, const char *key, const char *value) {
        ConfigContext ctx = {
                .unit = "test.unit",
                .filename = "/test/test.unit",
                .line = 1,
                .section = section,
                .lvalue = key,
                .spec = NULL,
                .config = c,
        };
        unsigned before = log_count_warnings();
        int r = unit_config_assign(c, &ctx, value);
        return (AssignResult) { .r = r, .warnings = log_count_warnings() - before };
}

/* Section from the unit type: [Service], [Socket]… */
static inline AssignResult assign(UnitConfig *c, const char *key, const char *value) {
        return assign_full(c, unit_type_section(c->type), key, value);
}

/* Asserts that the assignment neither warned nor failed. */
#define assign_ok(c, key, value)                                                                    \
        do {                                                                                        \
                AssignResult _a = assign(c, key, value);                                            \
                if (_a.r != 0 || _a.warnings != 0)                                                  \
                        fail_msg("%s=%s: r=%d, %u warnings", key, value, _a.r, _a.warnings);        \
        } while (0)

/* Asserts that the assignment warned (and was ignored), without failing the unit. */
#define assign_warns(c, key, value)                                                                 \
        do {                                                                                        \
                AssignResult _a = assign(c, key, value);                                            \
                if (_a.r != 0 || _a.warnings == 0)                                                  \
                        fail_msg("%s=%s: expected a warning, got r=%d, %u warnings", key, value,    \
                                 _a.r, _a.warnings);                                                \
        } while (0)

/* One row of a table-driven warning test: the key, the value, and whether systemd 252 warns
 * about it (as `systemd-analyze verify` shows). */
typedef struct WarnCase {
        const char *key;
        const char *value;
        bool warns;
} WarnCase;

/* Applies every case to a fresh unit of the type; returns how many rows did not match. */
static inline unsigned run_warn_cases(UnitType type, const WarnCase *cases, size_t n) {
        unsigned bad = 0;
        for (size_t i = 0; i < n; i++) {
                UnitConfig *c = unit_config_new(type);
                AssignResult a = assign(c, cases[i].key, cases[i].value);
                if (a.r != 0 || (a.warnings > 0) != cases[i].warns) {
                        printf("%s=%s: r=%d, %u warnings, expected %s\n", cases[i].key, cases[i].value, a.r,
                               a.warnings, cases[i].warns ? "a warning" : "none");
                        bad++;
                }
                unit_config_free(c);
        }
        return bad;
}

/* Keys of the kill context (systemd.kill(5)) and of the cgroup context (every Slice.* key),
 * which other tables own. */
static inline bool key_is_shared_context(char *const *keys, const char *key) {
        static const char *const kill_keys[] = { "KillMode", "KillSignal", "RestartKillSignal", "SendSIGHUP",
                                                 "SendSIGKILL", "FinalKillSignal", "WatchdogSignal" };
        for (size_t i = 0; i < ELEMENTSOF(kill_keys); i++)
                if (streq(key, kill_keys[i]))
                        return true;
        _cleanup_free_ char *slice = strjoin("Slice.", key);
        return strv_contains(keys, slice) || config_table_lookup(&exec_context_table, key);
}
