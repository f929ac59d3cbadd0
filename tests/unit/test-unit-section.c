/* test-unit-section.c — the [Unit] and [Install] tables: every systemd 252 key is known,
 * dependencies land in their kind, every condition and assert type parses with its "|" and
 * "!" prefixes, an empty condition resets the list, and the [Unit] values warn where
 * systemd 252 warns. */
#include "config-test-util.h"
#include "strv.h"

static void test_tables_sorted(void **state) {
        check_table_sorted(&unit_section_table);
        check_table_sorted(&install_section_table);
}

static void test_keys_known(void **state) {
        assert_int_equal(check_keys_known(UNIT_SERVICE, "Unit", NULL), 113);
        assert_int_equal(check_keys_known(UNIT_TARGET, "Unit", NULL), 113);
        assert_int_equal(check_keys_known(UNIT_SERVICE, "Install", NULL), 5);
        assert_int_equal(unit_section_table.n_directives, 113);
        assert_int_equal(install_section_table.n_directives, 5);
}

static void test_defaults(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        UnitSection *u = c->unit;
        assert_true(u->default_dependencies);
        assert_false(u->stop_when_unneeded || u->refuse_manual_start || u->refuse_manual_stop);
        assert_false(u->allow_isolate || u->ignore_on_isolate);
        assert_true(u->job_timeout == USEC_INFINITY && u->job_running_timeout == USEC_INFINITY);
        assert_true(u->start_limit_interval == 10 * USEC_PER_SEC);
        assert_int_equal(u->start_limit_burst, 5);
        assert_int_equal(u->failure_action, EMERGENCY_ACTION_NONE);
        assert_int_equal(u->failure_action_exit_status, -1);
        assert_int_equal(u->success_action_exit_status, -1);
        assert_int_equal(u->on_failure_job_mode, JOB_REPLACE);
        assert_int_equal(u->collect_mode, COLLECT_INACTIVE);
        unit_config_free(c);
}

static const struct {
        const char *key;
        UnitDependency kind;
        unsigned warnings;
} dep_cases[] = {
        { "Requires", UNIT_DEP_REQUIRES, 0 },
        { "Requisite", UNIT_DEP_REQUISITE, 0 },
        { "Wants", UNIT_DEP_WANTS, 0 },
        { "BindsTo", UNIT_DEP_BINDS_TO, 0 },
        { "BindTo", UNIT_DEP_BINDS_TO, 0 },
        { "PartOf", UNIT_DEP_PART_OF, 0 },
        { "Upholds", UNIT_DEP_UPHOLDS, 0 },
        { "Conflicts", UNIT_DEP_CONFLICTS, 0 },
        { "Before", UNIT_DEP_BEFORE, 0 },
        { "After", UNIT_DEP_AFTER, 0 },
        { "OnFailure", UNIT_DEP_ON_FAILURE, 0 },
        { "OnSuccess", UNIT_DEP_ON_SUCCESS, 0 },
        { "PropagatesReloadTo", UNIT_DEP_PROPAGATES_RELOAD_TO, 0 },
        { "PropagateReloadTo", UNIT_DEP_PROPAGATES_RELOAD_TO, 0 },
        { "ReloadPropagatedFrom", UNIT_DEP_RELOAD_PROPAGATED_FROM, 0 },
        { "PropagateReloadFrom", UNIT_DEP_RELOAD_PROPAGATED_FROM, 0 },
        { "PropagatesStopTo", UNIT_DEP_PROPAGATES_STOP_TO, 0 },
        { "StopPropagatedFrom", UNIT_DEP_STOP_PROPAGATED_FROM, 0 },
        { "JoinsNamespaceOf", UNIT_DEP_JOINS_NAMESPACE_OF, 0 },
        { "RequiresOverridable", UNIT_DEP_REQUIRES, 1 },
        { "RequisiteOverridable", UNIT_DEP_REQUISITE, 1 },
};

static void test_dependencies(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(dep_cases); i++) {
                UnitConfig *c = unit_config_new(UNIT_SERVICE);
                ASSIGN(c, "Unit", dep_cases[i].key, "a.service b.target", dep_cases[i].warnings);
                ASSIGN(c, "Unit", dep_cases[i].key, "c.socket", dep_cases[i].warnings);
                /* Dependencies cannot be reset: the empty value adds nothing and removes nothing. */
                ASSIGN(c, "Unit", dep_cases[i].key, "", dep_cases[i].warnings);
                char **l = c->unit->deps[dep_cases[i].kind];
                assert_int_equal(strv_length(l), 3);
                assert_true(strv_contains(l, "a.service") && strv_contains(l, "b.target") &&
                            strv_contains(l, "c.socket"));
                for (UnitDependency d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                        if (d != dep_cases[i].kind)
                                assert_null(c->unit->deps[d]);
                unit_config_free(c);
        }
        for (UnitDependency d = 0; d < _UNIT_DEPENDENCY_MAX; d++)
                assert_int_equal(unit_dependency_from_string(unit_dependency_to_string(d)), d);
}

static void test_requires_mounts_for(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        ASSIGN(c, "Unit", "RequiresMountsFor", "/var/lib //srv/./data/ relative /a/../b", 2);
        ASSIGN(c, "Unit", "RequiresMountsFor", "", 0);
        assert_int_equal(strv_length(c->unit->requires_mounts_for), 2);
        assert_string_equal(c->unit->requires_mounts_for[0], "/var/lib");
        assert_string_equal(c->unit->requires_mounts_for[1], "/srv/data");
        unit_config_free(c);
}

/* Every type: its directive name, and a parameter it accepts. */
static void test_condition_types(void **state) {
        unsigned n_conditions = 0, n_asserts = 0;
        for (ConditionType t = 0; t < _CONDITION_TYPE_MAX; t++) {
                const char *name = condition_type_to_string(t);
                const char *value = condition_takes_path(t) ? "/etc/foo" : "something";
                char key[64];

                assert_non_null(name);
                assert_int_equal(condition_type_from_string(name), t);
                for (int as = 0; as < 2; as++) {
                        snprintf(key, sizeof key, "%s%s", as ? "Assert" : "Condition", name);
                        UnitConfig *c = unit_config_new(UNIT_SERVICE);
                        unsigned w;
                        assert_int_equal(assign_full(c, NULL, "Unit", key, value, &w), 0);
                        if (as && t == CONDITION_FIRMWARE) {
                                /* systemd 252 has ConditionFirmware= but no AssertFirmware=. */
                                assert_int_equal(w, 1);
                                assert_null(c->unit->asserts);
                                unit_config_free(c);
                                continue;
                        }
                        assert_int_equal(w, 0);
                        Condition *l = as ? c->unit->asserts : c->unit->conditions;
                        assert_non_null(l);
                        assert_null(as ? c->unit->conditions : c->unit->asserts);
                        assert_int_equal(l->type, t);
                        assert_false(l->trigger || l->negate);
                        assert_string_equal(l->parameter, value);
                        as ? n_asserts++ : n_conditions++;
                        unit_config_free(c);
                }
        }
        assert_int_equal(n_conditions, 33);
        assert_int_equal(n_asserts, 32);
}

static const struct {
        const char *key, *value;
        bool warns, trigger, negate;
        const char *parameter;
} prefix_cases[] = {
        { "ConditionPathExists", "/x", false, false, false, "/x" },
        { "ConditionPathExists", "|/x", false, true, false, "/x" },
        { "ConditionPathExists", "!/x", false, false, true, "/x" },
        { "ConditionPathExists", "|!/x", false, true, true, "/x" },
        { "ConditionPathExists", "!|/x", true, false, false, NULL },   /* "|" must come first: "|/x" is relative */
        { "ConditionPathExists", "| /x", true, false, false, NULL },   /* no whitespace after a prefix */
        { "ConditionPathExists", "!!/x", true, false, false, NULL },
        { "ConditionPathExists", "relative", true, false, false, NULL },
        { "ConditionPathExists", "/x/../y", true, false, false, NULL },
        { "ConditionPathExists", "/x//y/./z/", false, false, false, "/x/y/z" },
        { "ConditionNeedsUpdate", "!/var", false, false, true, "/var" },
        { "ConditionHost", "|!myhost", false, true, true, "myhost" },
        { "ConditionKernelCommandLine", "!quiet", false, false, true, "quiet" },
        { "ConditionArchitecture", "|x86-64", false, true, false, "x86-64" },
        { "AssertPathIsDirectory", "|!/run", false, true, true, "/run" },
        { "AssertUser", "!root", false, false, true, "root" },
};

static void test_condition_prefixes(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(prefix_cases); i++) {
                UnitConfig *c = unit_config_new(UNIT_SERVICE);
                ASSIGN(c, "Unit", prefix_cases[i].key, prefix_cases[i].value, prefix_cases[i].warns);
                Condition *l = startswith(prefix_cases[i].key, "Assert") ? c->unit->asserts : c->unit->conditions;
                if (prefix_cases[i].warns)
                        assert_null(l);
                else {
                        assert_non_null(l);
                        assert_int_equal(l->trigger, prefix_cases[i].trigger);
                        assert_int_equal(l->negate, prefix_cases[i].negate);
                        assert_string_equal(l->parameter, prefix_cases[i].parameter);
                }
                unit_config_free(c);
        }
}

static void test_condition_reset(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        ASSIGN(c, "Unit", "ConditionPathExists", "/a", 0);
        ASSIGN(c, "Unit", "ConditionHost", "h", 0);
        ASSIGN(c, "Unit", "AssertPathExists", "/b", 0);
        assert_int_equal(condition_list_length(c->unit->conditions), 2);
        /* An empty Condition*= of any type empties all conditions, and no asserts. */
        ASSIGN(c, "Unit", "ConditionUser", "", 0);
        assert_null(c->unit->conditions);
        assert_int_equal(condition_list_length(c->unit->asserts), 1);
        ASSIGN(c, "Unit", "ConditionHost", "h2", 0);
        ASSIGN(c, "Unit", "ConditionPathExists", "/c", 0);
        assert_int_equal(condition_list_length(c->unit->conditions), 2);
        assert_int_equal(c->unit->conditions->type, CONDITION_HOST); /* kept in file order */
        ASSIGN(c, "Unit", "AssertHost", "", 0);
        assert_null(c->unit->asserts);
        assert_int_equal(condition_list_length(c->unit->conditions), 2);
        unit_config_free(c);
}

static void test_documentation(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        ASSIGN(c, "Unit", "Documentation", "man:foo(1) https://example.org/x http://a file:/usr/share/doc info:bar", 0);
        ASSIGN(c, "Unit", "Documentation", "man:foo(1)", 0); /* duplicates are dropped */
        assert_int_equal(strv_length(c->unit->documentation), 5);
        ASSIGN(c, "Unit", "Documentation", "bogus http:// https:/x file:x info: man: HTTP://x", 7);
        assert_int_equal(strv_length(c->unit->documentation), 5);
        ASSIGN(c, "Unit", "Documentation", "", 0);
        assert_null(c->unit->documentation);
        unit_config_free(c);
        assert_true(documentation_url_is_valid("file:///x"));
        assert_false(documentation_url_is_valid("man:a\tb"));
}

static const AssignCase unit_value_cases[] = {
        { "Description", "A service", false },
        { "DefaultDependencies", "no", false },
        { "DefaultDependencies", "maybe", true },
        { "FailureAction", "reboot-force", false },
        { "FailureAction", "exit-force", false },
        { "FailureAction", "halt", true },          /* not in 252 */
        { "SuccessAction", "kexec", true },
        { "SuccessAction", "soft-reboot", true },
        { "StartLimitAction", "poweroff-immediate", false },
        { "JobTimeoutAction", "none", false },
        { "FailureActionExitStatus", "255", false },
        { "FailureActionExitStatus", "256", true },
        { "SuccessActionExitStatus", "-1", true },
        { "SuccessActionExitStatus", "", false },
        { "OnFailureJobMode", "triggering", false },
        { "OnFailureJobMode", "isolate", false },
        { "OnFailureJobMode", "bogus", true },
        { "OnSuccessJobMode", "fail", false },
        { "CollectMode", "inactive-or-failed", false },
        { "CollectMode", "x", true },
        { "StartLimitBurst", "-1", true },
        { "StartLimitIntervalSec", "x", true },
        { "JobTimeoutSec", "0", false },
        { "JobTimeoutSec", "bogus", true },
        { "SourcePath", "relative", true },
        { "SourcePath", "/etc/fstab", false },
        { "OnFailureIsolate", "yes", false },        /* a notice, not a warning */
        { "OnFailureIsolate", "maybe", true },
        { "RefuseManualStart", "yes", false },
        { "JobTimeoutRebootArgument", "x", false },
        { "RebootArgument", "1", false },
        { "IgnoreOnSnapshot", "yes", true },         /* gone before 252 */
};

static void test_unit_values(void **state) {
        check_cases(UNIT_SERVICE, "Unit", unit_value_cases, ELEMENTSOF(unit_value_cases));
}

static void test_unit_fields(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        UnitSection *u = c->unit;
        ASSIGN(c, "Unit", "Description", "Foo", 0);
        ASSIGN(c, "Unit", "FailureAction", "reboot-immediate", 0);
        ASSIGN(c, "Unit", "SuccessActionExitStatus", "3", 0);
        ASSIGN(c, "Unit", "StartLimitInterval", "30s", 0);
        ASSIGN(c, "Unit", "StartLimitBurst", "7", 0);
        ASSIGN(c, "Unit", "OnFailureIsolate", "yes", 0);
        ASSIGN(c, "Unit", "CollectMode", "inactive-or-failed", 0);
        assert_string_equal(u->description, "Foo");
        assert_int_equal(u->failure_action, EMERGENCY_ACTION_REBOOT_IMMEDIATE);
        assert_int_equal(u->success_action_exit_status, 3);
        assert_true(u->start_limit_interval == 30 * USEC_PER_SEC);
        assert_int_equal(u->start_limit_burst, 7);
        ASSIGN(c, "Unit", "StartLimitIntervalSec", "", 0);
        ASSIGN(c, "Unit", "StartLimitBurst", "", 0);
        assert_true(u->start_limit_interval == 10 * USEC_PER_SEC);
        assert_int_equal(u->start_limit_burst, 5);
        ASSIGN(c, "Unit", "StartLimitIntervalSec", "0", 0); /* 0 disables the limit, not infinity */
        assert_true(u->start_limit_interval == 0);
        assert_int_equal(u->on_failure_job_mode, JOB_ISOLATE);
        assert_int_equal(u->collect_mode, COLLECT_INACTIVE_OR_FAILED);

        /* JobTimeoutSec= carries into JobRunningTimeoutSec= until that is set itself. */
        ASSIGN(c, "Unit", "JobTimeoutSec", "5s", 0);
        assert_true(u->job_timeout == 5 * USEC_PER_SEC && u->job_running_timeout == 5 * USEC_PER_SEC);
        ASSIGN(c, "Unit", "JobTimeoutSec", "0", 0);
        assert_true(u->job_timeout == USEC_INFINITY && u->job_running_timeout == USEC_INFINITY);
        ASSIGN(c, "Unit", "JobRunningTimeoutSec", "1min", 0);
        ASSIGN(c, "Unit", "JobTimeoutSec", "10s", 0);
        assert_true(u->job_timeout == 10 * USEC_PER_SEC && u->job_running_timeout == USEC_PER_MINUTE);
        unit_config_free(c);
}

static void test_install(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        InstallSection *i = c->install;
        ASSIGN(c, "Install", "WantedBy", "multi-user.target graphical.target", 0);
        ASSIGN(c, "Install", "WantedBy", "multi-user.target", 0);
        assert_int_equal(strv_length(i->wanted_by), 2);
        ASSIGN(c, "Install", "WantedBy", "", 0);
        assert_null(i->wanted_by);
        ASSIGN(c, "Install", "RequiredBy", "foo@bar.service bad/name", 1);
        assert_int_equal(strv_length(i->required_by), 1);
        ASSIGN(c, "Install", "Alias", "other.service", 0);
        assert_string_equal(i->aliases[0], "other.service");
        ASSIGN(c, "Install", "Also", "a.socket", 0);
        ASSIGN(c, "Install", "Also", "", 0);
        assert_int_equal(strv_length(i->also), 1);
        ASSIGN(c, "Install", "DefaultInstance", "tty1", 0);
        assert_string_equal(i->default_instance, "tty1");
        ASSIGN(c, "Install", "DefaultInstance", "a/b", 1);
        assert_string_equal(i->default_instance, "tty1");
        ASSIGN(c, "Install", "DefaultInstance", "", 0);
        assert_null(i->default_instance);
        ASSIGN(c, "Install", "UpheldBy", "x.target", 1); /* not in 252 */
        unit_config_free(c);

        c = unit_config_new(UNIT_SLICE);
        unsigned w;
        assert_int_equal(assign_full(c, "foo.slice", "Install", "Alias", "bar.slice", &w), 0);
        assert_int_equal(w, 1);
        assert_null(c->install->aliases);
        unit_config_free(c);
}

int main(void) {
        log_set_max_level(LOG_ERR);
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_tables_sorted),
                cmocka_unit_test(test_keys_known),
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_dependencies),
                cmocka_unit_test(test_requires_mounts_for),
                cmocka_unit_test(test_condition_types),
                cmocka_unit_test(test_condition_prefixes),
                cmocka_unit_test(test_condition_reset),
                cmocka_unit_test(test_documentation),
                cmocka_unit_test(test_unit_values),
                cmocka_unit_test(test_unit_fields),
                cmocka_unit_test(test_install),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
