/* test-init-cmdline.c — sysmaster-init's kernel command-line switches: defaults, every
 * switch, the kernel's quoting, "--" ending init's part, bad values ignored (the previous
 * value kept), and the environment overrides meant for tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "init-cmdline.h"
#include "init-log.h"

static void test_defaults(void **state) {
        (void) state;
        InitConfig c;
        init_config_defaults(&c);
        assert_string_equal(c.manager, LIBEXECDIR "/sysmaster");
        assert_string_equal(c.shutdown, LIBEXECDIR "/sysmaster-shutdown");
        assert_string_equal(c.crash_shell, "/bin/sh");
        assert_int_equal(c.keepalive_sec, 20);
        assert_int_equal(c.keepalive_misses, 3);
        assert_int_equal(c.crash_max, 5);
        assert_int_equal(c.crash_window_sec, 60);
        assert_false(c.crash_reboot);
}

static void test_switches(void **state) {
        (void) state;
        InitConfig c;
        init_config_defaults(&c);
        assert_int_equal(init_cmdline_parse(&c,
                "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet sysmaster.manager=/opt/sm/sysmaster "
                "sysmaster.keepalive_sec=0 sysmaster.keepalive_misses=7 sysmaster.crash_max=2 "
                "sysmaster.crash_window_sec=30 sysmaster.crash_reboot sysmaster.crash_shell=/bin/bash "
                "systemd.unit=rescue.target single\n"), 7);
        assert_string_equal(c.manager, "/opt/sm/sysmaster");
        assert_int_equal(c.keepalive_sec, 0);
        assert_int_equal(c.keepalive_misses, 7);
        assert_int_equal(c.crash_max, 2);
        assert_int_equal(c.crash_window_sec, 30);
        assert_true(c.crash_reboot);
        assert_string_equal(c.crash_shell, "/bin/bash");

        assert_int_equal(init_cmdline_parse(&c, "sysmaster.crash_reboot=no"), 1);
        assert_false(c.crash_reboot);
        assert_int_equal(init_cmdline_parse(&c, "sysmaster.crash_reboot=1"), 1);
        assert_true(c.crash_reboot);
}

static void test_quotes_and_dashes(void **state) {
        (void) state;
        InitConfig c;
        init_config_defaults(&c);
        assert_int_equal(init_cmdline_parse(&c, "a=\"x y\" sysmaster.crash_shell=\"/usr/bin/my shell\" b"), 1);
        assert_string_equal(c.crash_shell, "/usr/bin/my shell");
        /* Quotes in the middle of a word, as the kernel allows. */
        assert_int_equal(init_cmdline_parse(&c, "sysmaster.\"manager=/a b\""), 1);
        assert_string_equal(c.manager, "/a b");
        /* After "--" everything is init's argv, not for us. */
        assert_int_equal(init_cmdline_parse(&c, "quiet -- sysmaster.keepalive_sec=1"), 0);
        assert_int_equal(c.keepalive_sec, 20);
        assert_int_equal(init_cmdline_parse(&c, ""), 0);
        assert_int_equal(init_cmdline_parse(&c, "   \t\n"), 0);
}

static void test_bad_values(void **state) {
        (void) state;
        InitConfig c;
        init_config_defaults(&c);
        assert_int_equal(init_cmdline_parse(&c,
                "sysmaster.keepalive_sec=ten sysmaster.keepalive_sec=-1 sysmaster.keepalive_sec=5x "
                "sysmaster.keepalive_misses=0 sysmaster.crash_max=65 sysmaster.crash_max= "
                "sysmaster.manager=relative/path sysmaster.manager sysmaster.crash_reboot=maybe "
                "sysmaster.unknown=1 sysmaster.keepalive_sec=99999999999999999999"), 0);
        InitConfig d;
        init_config_defaults(&d);
        assert_memory_equal(&c, &d, sizeof c);
}

static void test_too_long(void **state) {
        (void) state;
        InitConfig c;
        init_config_defaults(&c);
        static char line[3 * PATH_MAX];
        strcpy(line, "sysmaster.manager=/");
        size_t n = strlen(line);
        memset(line + n, 'x', 2 * PATH_MAX);
        strcpy(line + n + 2 * PATH_MAX, " sysmaster.crash_max=3");
        assert_int_equal(init_cmdline_parse(&c, line), 1);
        assert_string_equal(c.manager, LIBEXECDIR "/sysmaster");
        assert_int_equal(c.crash_max, 3);
}

static void test_env(void **state) {
        (void) state;
        InitConfig c;
        init_config_defaults(&c);
        setenv("SYSMASTER_MANAGER", "/tmp/fake", 1);
        setenv("SYSMASTER_SHUTDOWN", "not-absolute", 1);
        init_config_from_env(&c);
        assert_string_equal(c.manager, "/tmp/fake");
        assert_string_equal(c.shutdown, LIBEXECDIR "/sysmaster-shutdown");
        /* The command line, the administrator's word, wins over the environment. */
        assert_int_equal(init_cmdline_parse(&c, "sysmaster.manager=/usr/lib/sysmaster/sysmaster"), 1);
        assert_string_equal(c.manager, "/usr/lib/sysmaster/sysmaster");
        unsetenv("SYSMASTER_MANAGER");
        unsetenv("SYSMASTER_SHUTDOWN");
}

int main(void) {
        init_log_set_prefix("test-init-cmdline");
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_switches),
                cmocka_unit_test(test_quotes_and_dashes),
                cmocka_unit_test(test_bad_values),
                cmocka_unit_test(test_too_long),
                cmocka_unit_test(test_env),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
