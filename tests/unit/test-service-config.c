/* test-service-config.c — the [Service] table: its own systemd 252 keys are all known, the
 * enums take exactly 252's values, timeouts follow the "0 is infinity" rule, exit status
 * sets take numbers, names and signals, the deprecated [Unit] spellings write [Unit], and
 * finalizing derives Type= and NotifyAccess= as systemd.service(5) documents. */
#include <signal.h>

#include "config-test-util.h"
#include "strv.h"

/* The [Service] keys that are the service's own: not shared with [Socket], [Mount] or
 * [Swap] (those are the exec, kill and cgroup contexts), plus the few shared names that
 * mean something service-specific. */
static const char *const own_keys[] = {
        "BusName", "ExecCondition", "ExecReload", "ExecStart", "ExecStartPost", "ExecStartPre",
        "ExecStop", "ExecStopPost", "ExitType", "FailureAction", "FileDescriptorStoreMax",
        "GuessMainPID", "NonBlocking", "NotifyAccess", "OOMPolicy", "PIDFile",
        "PermissionsStartOnly", "RebootArgument", "RemainAfterExit", "Restart",
        "RestartForceExitStatus", "RestartPreventExitStatus", "RestartSec",
        "RootDirectoryStartOnly", "RuntimeMaxSec", "RuntimeRandomizedExtraSec", "Sockets",
        "StartLimitAction", "StartLimitBurst", "StartLimitInterval", "SuccessExitStatus",
        "TimeoutAbortSec", "TimeoutSec", "TimeoutStartFailureMode", "TimeoutStartSec",
        "TimeoutStopFailureMode", "TimeoutStopSec", "Type", "USBFunctionDescriptors",
        "USBFunctionStrings", "WatchdogSec",
};

static bool is_own_key(const char *key) {
        for (size_t i = 0; i < ELEMENTSOF(own_keys); i++)
                if (streq(own_keys[i], key))
                        return true;
        return false;
}

static void test_table(void **state) {
        check_table_sorted(&service_config_table);
        assert_int_equal(check_keys_known(UNIT_SERVICE, "Service", is_own_key), ELEMENTSOF(own_keys));
        assert_int_equal(service_config_table.n_directives, ELEMENTSOF(own_keys));
}

static void test_defaults(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        ServiceConfig *s = c->service;
        assert_int_equal(s->type, _SERVICE_TYPE_INVALID);
        assert_int_equal(s->restart, SERVICE_RESTART_NO);
        assert_true(s->restart_usec == 100 * USEC_PER_MSEC);
        assert_true(s->timeout_start_usec == 90 * USEC_PER_SEC && s->timeout_stop_usec == 90 * USEC_PER_SEC);
        assert_true(s->runtime_max_usec == USEC_INFINITY && s->watchdog_usec == 0);
        assert_true(s->guess_main_pid);
        assert_false(s->remain_after_exit);
        assert_int_equal(s->oom_policy, OOM_STOP);
        assert_true(exit_status_set_is_empty(&s->success_status));
        unit_config_free(c);
}

static const AssignCase value_cases[] = {
        { "Type", "simple", false }, { "Type", "exec", false }, { "Type", "forking", false },
        { "Type", "oneshot", false }, { "Type", "dbus", false }, { "Type", "notify", false },
        { "Type", "idle", false }, { "Type", "notify-reload", true }, { "Type", "x", true },
        { "ExitType", "main", false }, { "ExitType", "cgroup", false }, { "ExitType", "x", true },
        { "Restart", "no", false }, { "Restart", "on-success", false }, { "Restart", "on-failure", false },
        { "Restart", "on-abnormal", false }, { "Restart", "on-watchdog", false },
        { "Restart", "on-abort", false }, { "Restart", "always", false }, { "Restart", "maybe", true },
        { "NotifyAccess", "none", false }, { "NotifyAccess", "main", false },
        { "NotifyAccess", "exec", false }, { "NotifyAccess", "all", false }, { "NotifyAccess", "x", true },
        { "OOMPolicy", "continue", false }, { "OOMPolicy", "stop", false }, { "OOMPolicy", "kill", false },
        { "OOMPolicy", "x", true },
        { "TimeoutStartFailureMode", "terminate", false }, { "TimeoutStartFailureMode", "abort", false },
        { "TimeoutStopFailureMode", "kill", false }, { "TimeoutStopFailureMode", "x", true },
        { "TimeoutSec", "0", false }, { "TimeoutSec", "x", true }, { "TimeoutAbortSec", "", false },
        { "RestartSec", "infinity", false }, { "WatchdogSec", "x", true },
        { "RuntimeMaxSec", "0", false }, { "RuntimeRandomizedExtraSec", "1h", false },
        { "FileDescriptorStoreMax", "-1", true }, { "FileDescriptorStoreMax", "16", false },
        { "GuessMainPID", "x", true }, { "RemainAfterExit", "yes", false }, { "NonBlocking", "1", false },
        { "PermissionsStartOnly", "yes", false }, { "RootDirectoryStartOnly", "yes", false },
        { "BusName", "org.example.Foo", false }, { "BusName", ":1.5", false }, { "BusName", "foo", true },
        { "BusName", "org.foo.bar.0x", true }, { "BusName", "org..foo", true },
        { "Sockets", "foo.socket", false }, { "Sockets", "bad", true }, { "Sockets", "foo.service", true },
        { "PIDFile", "relative.pid", false }, { "PIDFile", "/run/x/", false },
        { "USBFunctionDescriptors", "relative", true }, { "USBFunctionStrings", "/x/../y", true },
        { "SuccessExitStatus", "1 SIGKILL 255 KILL TERM SIGRTMIN+3 0 TEMPFAIL NAMESPACE", false },
        { "SuccessExitStatus", "-1", true }, { "SuccessExitStatus", "300", true },
        { "SuccessExitStatus", "SIGFOO", true }, { "RestartForceExitStatus", "abc 3", true },
        { "RestartPreventExitStatus", "sigkill", true },
        { "FailureAction", "reboot", false }, { "StartLimitBurst", "x", true },
        { "StartLimitInterval", "5", false }, { "RebootArgument", "x", false },
        { "StartLimitIntervalSec", "5", true }, /* only [Unit] has the new spelling */
        { "ExecStart", "/bin/true", false },
};

static void test_values(void **state) {
        check_cases(UNIT_SERVICE, "Service", value_cases, ELEMENTSOF(value_cases));
}

static void test_timeouts(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        ServiceConfig *s = c->service;
        ASSIGN(c, "Service", "TimeoutSec", "20s", 0);
        assert_true(s->timeout_start_usec == 20 * USEC_PER_SEC && s->timeout_stop_usec == 20 * USEC_PER_SEC);
        ASSIGN(c, "Service", "TimeoutStopSec", "0", 0);
        assert_true(s->timeout_stop_usec == USEC_INFINITY && s->timeout_start_usec == 20 * USEC_PER_SEC);
        ASSIGN(c, "Service", "TimeoutStartSec", "infinity", 0);
        assert_true(s->timeout_start_usec == USEC_INFINITY);
        ASSIGN(c, "Service", "TimeoutStartSec", "", 0);
        assert_true(s->timeout_start_usec == 90 * USEC_PER_SEC);
        ASSIGN(c, "Service", "TimeoutAbortSec", "0", 0);
        assert_true(s->timeout_abort_set && s->timeout_abort_usec == USEC_INFINITY);
        ASSIGN(c, "Service", "TimeoutAbortSec", "", 0);
        assert_false(s->timeout_abort_set);
        ASSIGN(c, "Service", "RestartSec", "5", 0);
        assert_true(s->restart_usec == 5 * USEC_PER_SEC);
        ASSIGN(c, "Service", "RestartSec", "", 0);
        assert_true(s->restart_usec == 100 * USEC_PER_MSEC);
        ASSIGN(c, "Service", "RuntimeMaxSec", "1h", 0);
        ASSIGN(c, "Service", "RuntimeMaxSec", "", 0);
        assert_true(s->runtime_max_usec == USEC_INFINITY);
        service_config_finalize(s);
        assert_true(s->timeout_abort_usec == s->timeout_stop_usec);
        unit_config_free(c);
}

static void test_exit_status(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        ExitStatusSet *e = &c->service->success_status;
        ASSIGN(c, "Service", "SuccessExitStatus", "1 SIGKILL 255 TERM TEMPFAIL 0 bogus", 1);
        assert_true(exit_status_set_has_status(e, 1) && exit_status_set_has_status(e, 255));
        assert_true(exit_status_set_has_status(e, 75) && exit_status_set_has_status(e, 0));
        assert_false(exit_status_set_has_status(e, 2));
        assert_true(exit_status_set_has_signal(e, SIGKILL) && exit_status_set_has_signal(e, SIGTERM));
        assert_false(exit_status_set_has_signal(e, SIGHUP));
        assert_false(exit_status_set_has_status(e, SIGKILL));
        ASSIGN(c, "Service", "SuccessExitStatus", "", 0);
        assert_true(exit_status_set_is_empty(e));
        ASSIGN(c, "Service", "RestartPreventExitStatus", "SIGRTMIN+3", 0);
        assert_true(exit_status_set_has_signal(&c->service->restart_prevent_status, SIGRTMIN + 3));
        unit_config_free(c);
        assert_int_equal(exit_status_from_string("EXCEPTION"), 255);
        assert_string_equal(exit_status_to_string(203), "EXEC");
        assert_true(exit_status_from_string("tempfail") < 0);
}

static void test_fields(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        ServiceConfig *s = c->service;
        ASSIGN(c, "Service", "PIDFile", "foo/x.pid", 0);
        assert_string_equal(s->pid_file, "/run/foo/x.pid");
        ASSIGN(c, "Service", "PIDFile", "/var/run/y.pid", 0);
        assert_string_equal(s->pid_file, "/run/y.pid");
        unsigned w;
        /* A PID file path with ".." makes the unit unloadable, as in systemd 252. */
        assert_true(assign_full(c, NULL, "Service", "PIDFile", "/run/../x.pid", &w) < 0);
        assert_string_equal(s->pid_file, "/run/y.pid");
        ASSIGN(c, "Service", "Sockets", "a.socket b@c.socket", 0);
        ASSIGN(c, "Service", "Sockets", "", 0);
        assert_int_equal(strv_length(s->sockets), 2);
        ASSIGN(c, "Service", "BusName", "org.example.Foo", 0);
        assert_string_equal(s->bus_name, "org.example.Foo");
        ASSIGN(c, "Service", "Restart", "on-abnormal", 0);
        assert_int_equal(s->restart, SERVICE_RESTART_ON_ABNORMAL);
        ASSIGN(c, "Service", "USBFunctionStrings", "/etc/usb/strings", 0);
        assert_string_equal(s->usb_function_strings, "/etc/usb/strings");
        ASSIGN(c, "Service", "ExecStart", "/bin/true", 0);
        ASSIGN(c, "Service", "ExecStartPre", "-/bin/false", 0);
        assert_non_null(s->exec_command[SERVICE_EXEC_START]);
        assert_non_null(s->exec_command[SERVICE_EXEC_START_PRE]);
        assert_null(s->exec_command[SERVICE_EXEC_STOP]);
        assert_string_equal(service_exec_command_to_string(SERVICE_EXEC_START_PRE), "ExecStartPre");
        service_config_finalize(s);
        assert_int_equal(s->type, SERVICE_DBUS);
        assert_int_equal(s->notify_access, NOTIFY_NONE);
        unit_config_free(c);
}

static void test_unit_aliases(void **state) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        ASSIGN(c, "Service", "FailureAction", "reboot", 0);
        ASSIGN(c, "Service", "StartLimitInterval", "1min", 0);
        ASSIGN(c, "Service", "StartLimitBurst", "9", 0);
        ASSIGN(c, "Service", "StartLimitAction", "poweroff", 0);
        ASSIGN(c, "Service", "RebootArgument", "arg", 0);
        assert_int_equal(c->unit->failure_action, EMERGENCY_ACTION_REBOOT);
        assert_true(c->unit->start_limit_interval == USEC_PER_MINUTE);
        assert_int_equal(c->unit->start_limit_burst, 9);
        assert_int_equal(c->unit->start_limit_action, EMERGENCY_ACTION_POWEROFF);
        assert_string_equal(c->unit->reboot_argument, "arg");
        unit_config_free(c);
}

static void test_finalize(void **state) {
        static const struct {
                const char *type;       /* Type=, or NULL */
                bool exec_start, bus_name;
                ServiceType expect;
                NotifyAccess expect_notify;
                bool start_timeout;     /* still the 90s default */
        } cases[] = {
                { NULL, true, false, SERVICE_SIMPLE, NOTIFY_NONE, true },
                { NULL, false, false, SERVICE_ONESHOT, NOTIFY_NONE, false },
                { NULL, true, true, SERVICE_DBUS, NOTIFY_NONE, true },
                { "notify", true, false, SERVICE_NOTIFY, NOTIFY_MAIN, true },
                { "oneshot", true, false, SERVICE_ONESHOT, NOTIFY_NONE, false },
                { "forking", true, true, SERVICE_FORKING, NOTIFY_NONE, true },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                UnitConfig *c = unit_config_new(UNIT_SERVICE);
                if (cases[i].type)
                        ASSIGN(c, "Service", "Type", cases[i].type, 0);
                if (cases[i].exec_start)
                        ASSIGN(c, "Service", "ExecStart", "/bin/true", 0);
                if (cases[i].bus_name)
                        ASSIGN(c, "Service", "BusName", "org.example.X", 0);
                service_config_finalize(c->service);
                assert_int_equal(c->service->type, cases[i].expect);
                assert_int_equal(c->service->notify_access, cases[i].expect_notify);
                assert_int_equal(c->service->timeout_start_usec == 90 * USEC_PER_SEC, cases[i].start_timeout);
                unit_config_free(c);
        }
        /* An explicit start timeout survives Type=oneshot. */
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        ASSIGN(c, "Service", "Type", "oneshot", 0);
        ASSIGN(c, "Service", "TimeoutStartSec", "10s", 0);
        service_config_finalize(c->service);
        assert_true(c->service->timeout_start_usec == 10 * USEC_PER_SEC);
        unit_config_free(c);
}

int main(void) {
        log_set_max_level(LOG_ERR);
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_table),
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_values),
                cmocka_unit_test(test_timeouts),
                cmocka_unit_test(test_exit_status),
                cmocka_unit_test(test_fields),
                cmocka_unit_test(test_unit_aliases),
                cmocka_unit_test(test_finalize),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
