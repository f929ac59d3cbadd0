/* test-directive-tables.c — every section.key that systemd 252 accepts (the list measured
 * with `systemd --dump-configuration-items`, tests/data/systemd252-config-keys.txt) is known
 * to sysMaster's tables for the matching unit type, no table knows a key systemd does not,
 * and every table is sorted so binary search finds each key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "fileio.h"
#include "string-util.h"
#include "strv.h"
#include "unit-config.h"

static UnitType type_of_section(const char *section) {
        if (streq(section, "Unit") || streq(section, "Install"))
                return UNIT_SERVICE; /* every type has them; one is enough to look up */
        for (UnitType t = 0; t < _UNIT_TYPE_MAX; t++)
                if (streq_ptr(unit_type_section(t), section))
                        return t;
        return _UNIT_TYPE_INVALID;
}

static char **read_keys(void) {
        _cleanup_free_ char *text = NULL;
        char **keys = NULL;
        assert_int_equal(read_full_file(TEST_DATA_DIR "/systemd252-config-keys.txt", READ_FULL_MAX, &text, NULL), 0);
        assert_int_equal(strv_split_full(&keys, text, "\n", 0), 0);
        assert_true(strv_length(keys) >= 1191);
        return keys;
}

static void test_every_systemd_key_is_known(void **state) {
        (void) state;
        _cleanup_strv_free_ char **keys = read_keys();
        unsigned missing = 0;
        STRV_FOREACH(k, keys) {
                _cleanup_free_ char *section = strndup(*k, strcspn(*k, "."));
                const char *key = *k + strlen(section) + 1;
                UnitType t = type_of_section(section);
                assert_true(t >= 0);
                if (!unit_config_lookup(t, section, key, NULL)) {
                        printf("not known: %s\n", *k);
                        missing++;
                }
        }
        assert_int_equal(missing, 0);
}

static void test_no_key_systemd_does_not_know(void **state) {
        (void) state;
        _cleanup_strv_free_ char **keys = read_keys();
        static const char *const sections[] = { "Unit", "Install", "Service", "Socket", "Mount", "Automount",
                                                 "Swap", "Timer", "Path", "Slice", "Scope" };
        unsigned extra = 0;
        for (size_t i = 0; i < ELEMENTSOF(sections); i++) {
                UnitType t = type_of_section(sections[i]);
                const ConfigTable *const *tables = unit_config_tables(t, sections[i]);
                for (size_t j = 0; tables && tables[j]; j++)
                        for (size_t d = 0; d < tables[j]->n_directives; d++) {
                                _cleanup_free_ char *k = strjoin(sections[i], ".", tables[j]->directives[d].key);
                                if (!strv_contains(keys, k)) {
                                        printf("not in systemd 252: %s\n", k);
                                        extra++;
                                }
                        }
        }
        assert_int_equal(extra, 0);
}

static void test_tables_sorted(void **state) {
        (void) state;
        static const char *const sections[] = { "Unit", "Install", "Service", "Socket", "Mount", "Automount",
                                                 "Swap", "Timer", "Path", "Slice", "Scope" };
        for (size_t i = 0; i < ELEMENTSOF(sections); i++) {
                const ConfigTable *const *tables = unit_config_tables(type_of_section(sections[i]), sections[i]);
                for (size_t j = 0; tables && tables[j]; j++) {
                        assert_true(tables[j]->n_directives > 0);
                        for (size_t d = 1; d < tables[j]->n_directives; d++)
                                if (strcmp(tables[j]->directives[d - 1].key, tables[j]->directives[d].key) >= 0)
                                        fail_msg("table %s not sorted at %s", tables[j]->name, tables[j]->directives[d].key);
                        for (size_t d = 0; d < tables[j]->n_directives; d++)
                                assert_non_null(tables[j]->directives[d].parse);
                }
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_every_systemd_key_is_known),
                cmocka_unit_test(test_no_key_systemd_does_not_know),
                cmocka_unit_test(test_tables_sorted),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
