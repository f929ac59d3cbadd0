/* config-test-util.h — helpers shared by the directive-table tests: feed one assignment
 * through unit_config_assign() as the loader would, and report how many warnings it logged;
 * check that a table is sorted and that it knows a list of systemd 252 keys. */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "log.h"
#include "unit-config.h"

/* One assignment; *ret_warnings gets the warnings it caused. Returns the parser's result. */
static inline int assign_full(UnitConfig *c, const char *unit, const char *section, const char *key,
                              const char *value, unsigned *ret_warnings) {
        ConfigContext ctx = {
                .unit = unit,
                .filename = "/test/unit",
                .line = 1,
                .section = section,
                .lvalue = key,
                .config = c,
        };
        unsigned before = log_count_warnings();
        int r = unit_config_assign(c, &ctx, value);
        if (ret_warnings)
                *ret_warnings = log_count_warnings() - before;
        return r;
}

/* Asserts that the assignment succeeds and warns exactly as often as expected. */
#define ASSIGN(c, section, key, value, warnings)                                                 \
        do {                                                                                     \
                unsigned _w;                                                                     \
                int _r = assign_full(c, NULL, section, key, value, &_w);                         \
                if (_r != 0 || _w != (unsigned) (warnings))                                      \
                        fail_msg("%s=%s: returned %d with %u warnings, expected 0 with %u", key, \
                                 value, _r, _w, (unsigned) (warnings));                          \
        } while (0)

/* A table-driven case: the assignment, and whether it should be warned about. */
typedef struct AssignCase {
        const char *key;
        const char *value;
        bool warns;
} AssignCase;

static inline void check_cases(UnitType type, const char *section, const AssignCase *cases, size_t n) {
        for (size_t i = 0; i < n; i++) {
                UnitConfig *c = unit_config_new(type);
                assert_non_null(c);
                ASSIGN(c, section, cases[i].key, cases[i].value, cases[i].warns ? 1 : 0);
                unit_config_free(c);
        }
}

static inline void check_table_sorted(const ConfigTable *t) {
        for (size_t i = 1; i < t->n_directives; i++)
                if (strcmp(t->directives[i - 1].key, t->directives[i].key) >= 0)
                        fail_msg("table %s: '%s' before '%s'", t->name, t->directives[i - 1].key,
                                 t->directives[i].key);
}

/* Every "Section.Key" line of the systemd 252 list with that prefix, whose key passes
 * want(), must be known for type. Returns how many were checked. */
static inline unsigned check_keys_known(UnitType type, const char *section, bool (*want)(const char *key)) {
        char line[256];
        unsigned n = 0;
        FILE *f = fopen(TEST_DATA_DIR "/systemd252-config-keys.txt", "re");
        assert_non_null(f);
        size_t l = strlen(section);
        while (fgets(line, sizeof line, f)) {
                line[strcspn(line, "\n")] = 0;
                if (strncmp(line, section, l) != 0 || line[l] != '.')
                        continue;
                const char *key = line + l + 1;
                if (want && !want(key))
                        continue;
                if (!unit_config_lookup(type, section, key, NULL))
                        fail_msg("%s.%s is not in any table", section, key);
                n++;
        }
        fclose(f);
        return n;
}
