/* test-timer-path-mount.c — the small tables: [Timer], [Path], [Mount], [Automount], [Swap]
 * and [Scope]. Each knows exactly the keys systemd 252 has for the section (minus the kill
 * and cgroup contexts), starts with the documented defaults, keeps trigger lists in file
 * order with the empty-value reset, and warns where systemd 252 warns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "config-assign.h"
#include "fileio.h"
#include "string-util.h"
#include "strv.h"

static void test_tables_match_systemd(void **state) {
        (void) state;
        _cleanup_free_ char *text = NULL;
        assert_int_equal(read_full_file(TEST_DATA_DIR "/systemd252-config-keys.txt", READ_FULL_MAX, &text, NULL), 0);
        _cleanup_strv_free_ char **keys = NULL;
        assert_int_equal(strv_split_full(&keys, text, "\n", 0), 0);
        static const struct {
                const char *section;
                const ConfigTable *table;
                size_t n;
        } tables[] = {
                { "Timer", &timer_config_table, 15 },     { "Path", &path_config_table, 10 },
                { "Mount", &mount_config_table, 10 },     { "Automount", &automount_config_table, 4 },
                { "Swap", &swap_config_table, 4 },        { "Scope", &scope_config_table, 4 },
        };
        for (size_t i = 0; i < ELEMENTSOF(tables); i++) {
                const ConfigTable *t = tables[i].table;
                assert_int_equal(t->n_directives, tables[i].n);
                for (size_t d = 0; d < t->n_directives; d++) {
                        _cleanup_free_ char *k = strjoin(tables[i].section, ".", t->directives[d].key);
                        if (!strv_contains(keys, k))
                                fail_msg("%s is not a systemd 252 key", k);
                        if (d > 0 && strcmp(t->directives[d - 1].key, t->directives[d].key) >= 0)
                                fail_msg("%s not sorted at %s", t->name, t->directives[d].key);
                }
                /* ...and every key of the section not in a shared context is in the table. */
                size_t l = strlen(tables[i].section);
                STRV_FOREACH(k, keys) {
                        if (strncmp(*k, tables[i].section, l) != 0 || (*k)[l] != '.')
                                continue;
                        const char *key = *k + l + 1;
                        if (key_is_shared_context(keys, key))
                                continue;
                        if (!config_table_lookup(t, key))
                                fail_msg("%s is not known", *k);
                }
        }
}

static void test_timer(void **state) {
        (void) state;
        UnitConfig *c = unit_config_new(UNIT_TIMER);
        TimerConfig *t = c->timer;
        assert_true(t->remain_after_elapse);
        assert_true(t->accuracy_usec == USEC_PER_MINUTE);
        assign_ok(c, "OnBootSec", "5min");
        assign_ok(c, "OnUnitActiveSec", "1h");
        assign_ok(c, "OnCalendar", "*-*-* 02:00:00");
        assign_ok(c, "OnCalendar", "weekly");
        assign_ok(c, "OnBootSec", "10s");
        assert_int_equal(t->n_monotonic, 3);
        assert_int_equal(t->monotonic[0].base, TIMER_BOOT);
        assert_true(t->monotonic[0].usec == 5 * USEC_PER_MINUTE);
        assert_int_equal(t->monotonic[1].base, TIMER_UNIT_ACTIVE);
        assert_true(t->monotonic[2].usec == 10 * USEC_PER_SEC);
        assert_int_equal(strv_length(t->on_calendar), 2);
        assert_string_equal(timer_base_to_string(t->monotonic[1].base), "OnUnitActiveSec");
        /* An empty trigger clears all of them, calendar and monotonic. */
        assign_ok(c, "OnActiveSec", "");
        assert_int_equal(t->n_monotonic, 0);
        assert_null(t->on_calendar);
        assign_ok(c, "Unit", "backup.service");
        assert_string_equal(t->unit, "backup.service");
        assign_warns(c, "Unit", "other.service");
        assign_warns(c, "Unit", "loop.timer");
        assign_ok(c, "Persistent", "yes");
        assign_ok(c, "RandomizedDelaySec", "30s");
        assert_true(t->persistent);
        assert_true(t->randomized_delay_usec == 30 * USEC_PER_SEC);
        unit_config_free(c);
}

static void test_path(void **state) {
        (void) state;
        UnitConfig *c = unit_config_new(UNIT_PATH);
        PathConfig *p = c->path;
        assert_int_equal(p->directory_mode, 0755);
        assert_int_equal(p->trigger_limit_burst, 200);
        assign_ok(c, "PathExists", "/run/flag");
        assign_ok(c, "PathChanged", "/etc/foo.conf");
        assign_ok(c, "DirectoryNotEmpty", "/var/spool/x/");
        assign_ok(c, "PathExistsGlob", "/dev/sd*");
        assign_ok(c, "PathModified", "/etc/bar");
        assert_int_equal(p->n_specs, 5);
        assert_int_equal(p->specs[1].type, PATH_CHANGED);
        assert_string_equal(p->specs[2].path, "/var/spool/x");
        assert_string_equal(path_type_to_string(p->specs[3].type), "PathExistsGlob");
        assign_ok(c, "PathModified", "");
        assert_int_equal(p->n_specs, 0);
        assign_ok(c, "Unit", "handler.service");
        assign_warns(c, "Unit", "x.path");
        assign_ok(c, "MakeDirectory", "yes");
        assert_true(p->make_directory);
        unit_config_free(c);
}

static void test_mount_automount_swap_scope(void **state) {
        (void) state;
        UnitConfig *c = unit_config_new(UNIT_MOUNT);
        assert_true(c->mount->timeout_usec == 90 * USEC_PER_SEC);
        assign_ok(c, "What", "/dev/disk/by-label/data");
        assign_ok(c, "Where", "/srv/data");
        assign_ok(c, "Type", "ext4");
        assign_ok(c, "Options", "noatime,x-systemd.growfs");
        assign_ok(c, "LazyUnmount", "true");
        assign_ok(c, "TimeoutSec", "0");
        assert_string_equal(c->mount->where, "/srv/data");
        assert_true(c->mount->lazy_unmount);
        assert_true(c->mount->timeout_usec == USEC_INFINITY);
        /* The exec context comes with mounts, too. */
        assign_ok(c, "Nice", "5");
        assert_true(c->exec->nice_set);
        unit_config_free(c);

        c = unit_config_new(UNIT_AUTOMOUNT);
        assign_ok(c, "Where", "/mnt/auto");
        assign_ok(c, "TimeoutIdleSec", "10min");
        assign_ok(c, "ExtraOptions", "x");
        assert_true(c->automount->timeout_idle_usec == 10 * USEC_PER_MINUTE);
        assert_int_equal(c->automount->directory_mode, 0755);
        unit_config_free(c);

        c = unit_config_new(UNIT_SWAP);
        assert_int_equal(c->swap->priority, -1);
        assign_ok(c, "What", "/dev/sdb2");
        assign_ok(c, "Priority", "10");
        assert_int_equal(c->swap->priority, 10);
        assign_ok(c, "Priority", "");
        assert_int_equal(c->swap->priority, -1);
        unit_config_free(c);

        c = unit_config_new(UNIT_SCOPE);
        assert_int_equal(c->scope->oom_policy, 1); /* stop */
        assert_true(c->scope->runtime_max_usec == USEC_INFINITY);
        assign_ok(c, "OOMPolicy", "kill");
        assert_int_equal(c->scope->oom_policy, 2);
        assign_ok(c, "RuntimeMaxSec", "1h");
        assert_true(c->scope->runtime_max_usec == USEC_PER_HOUR);
        unit_config_free(c);
}

static const WarnCase timer_cases[] = {
        { "OnActiveSec", "foo", true },
        { "OnBootSec", "5min", false },
        { "RandomizedDelaySec", "x", true },
        { "AccuracySec", "0", false },
};

static const WarnCase path_cases[] = {
        { "PathExists", "rel", true },
        { "PathChanged", "/a", false },
        { "DirectoryMode", "x", true },
        { "MakeDirectory", "maybe", true },
};

static const WarnCase swap_cases[] = {
        { "Priority", "-2", true },
        { "Priority", "40000", true },
        { "Priority", "-1", false },
        { "Priority", "x", true },
        { "Options", "pri=5", false },
};

static const WarnCase scope_cases[] = {
        { "OOMPolicy", "foo", true },
        { "OOMPolicy", "continue", false },
        { "RuntimeMaxSec", "x", true },
};

static const WarnCase automount_cases[] = {
        { "TimeoutIdleSec", "x", true },
        { "Where", "/mnt", false },
};

static void test_warnings_match_systemd(void **state) {
        (void) state;
        assert_int_equal(run_warn_cases(UNIT_TIMER, timer_cases, ELEMENTSOF(timer_cases)), 0);
        assert_int_equal(run_warn_cases(UNIT_PATH, path_cases, ELEMENTSOF(path_cases)), 0);
        assert_int_equal(run_warn_cases(UNIT_SWAP, swap_cases, ELEMENTSOF(swap_cases)), 0);
        assert_int_equal(run_warn_cases(UNIT_SCOPE, scope_cases, ELEMENTSOF(scope_cases)), 0);
        assert_int_equal(run_warn_cases(UNIT_AUTOMOUNT, automount_cases, ELEMENTSOF(automount_cases)), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_tables_match_systemd),
                cmocka_unit_test(test_timer),
                cmocka_unit_test(test_path),
                cmocka_unit_test(test_mount_automount_swap_scope),
                cmocka_unit_test(test_warnings_match_systemd),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
