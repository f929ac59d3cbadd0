/* test-notify.c — the sd_notify message parser: every assignment it knows, the values it
 * refuses one by one, and garbage (NULs, no newline at the end, binary, huge fields) that
 * must never make it fail the whole message or crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "notify.h"

static NotifyMessage parse(const char *s, int expect_n) {
        NotifyMessage m;
        int n = notify_message_parse(s, strlen(s), &m);
        assert_int_equal(n, expect_n);
        return m;
}

static void test_flags(void **state) {
        (void) state;
        NotifyMessage m = parse("READY=1\nRELOADING=1\nSTOPPING=1\nWATCHDOG=1\nFDSTORE=1\nFDSTOREREMOVE=1\nBARRIER=1\nFDPOLL=0", 8);
        assert_true(m.ready && m.reloading && m.stopping && m.watchdog_ping && m.fdstore && m.fdstore_remove &&
                    m.barrier && m.fdpoll_off);
        assert_false(m.watchdog_trigger);
        assert_null(m.status);
        assert_int_equal(m.status_errno, -1);
        assert_int_equal(m.main_pid, 0);
        assert_true(m.watchdog_usec == USEC_INFINITY && m.extend_timeout_usec == USEC_INFINITY);
        notify_message_done(&m);

        m = parse("WATCHDOG=trigger", 1);
        assert_true(m.watchdog_trigger && !m.watchdog_ping);
        notify_message_done(&m);

        /* only "1" counts: other values are ignored, as systemd does */
        m = parse("READY=0\nREADY=yes\nSTOPPING=true\nWATCHDOG=2", 0);
        assert_false(m.ready || m.stopping || m.watchdog_ping);
        notify_message_done(&m);
}

static void test_values(void **state) {
        (void) state;
        NotifyMessage m = parse("STATUS=Serving 3 clients\nERRNO=5\nMAINPID=4242\nWATCHDOG_USEC=2000000\n"
                                "EXTEND_TIMEOUT_USEC=3000000\nFDNAME=my-fd.socket",
                                6);
        assert_string_equal(m.status, "Serving 3 clients");
        assert_int_equal(m.status_errno, 5);
        assert_int_equal(m.main_pid, 4242);
        assert_true(m.watchdog_usec == 2000000);
        assert_true(m.extend_timeout_usec == 3000000);
        assert_string_equal(m.fdname, "my-fd.socket");
        notify_message_done(&m);

        /* the last of repeated assignments wins; an empty STATUS= resets */
        m = parse("STATUS=a\nSTATUS=", 2);
        assert_string_equal(m.status, "");
        notify_message_done(&m);
}

static void test_bad_values(void **state) {
        (void) state;
        static const char *const bad[] = {
                "MAINPID=0", "MAINPID=1", "MAINPID=-5", "MAINPID=abc", "MAINPID=99999999999", "MAINPID=",
                "ERRNO=-1", "ERRNO=x", "WATCHDOG_USEC=-1", "WATCHDOG_USEC=1s", "EXTEND_TIMEOUT_USEC=",
                "FDNAME=a:b", "FDNAME=tab\there", "STATUS=\xff\xfe", "NOPE=1", "=", "READY", "\x01\x02",
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                NotifyMessage m;
                if (notify_message_parse(bad[i], strlen(bad[i]), &m) != 0)
                        fail_msg("\"%s\" was accepted", bad[i]);
                assert_int_equal(m.main_pid, 0);
                assert_null(m.fdname);
                assert_null(m.status);
                notify_message_done(&m);
        }
        char longname[300];
        memset(longname, 'a', sizeof longname);
        memcpy(longname, "FDNAME=", 7);
        longname[sizeof longname - 1] = 0;
        NotifyMessage m = parse(longname, 0);
        notify_message_done(&m);
}

static void test_garbage(void **state) {
        (void) state;
        /* a NUL ends the text; what follows is not read */
        const char buf[] = "READY=1\0STOPPING=1";
        NotifyMessage m;
        assert_int_equal(notify_message_parse(buf, sizeof buf - 1, &m), 1);
        assert_true(m.ready && !m.stopping);
        notify_message_done(&m);

        /* not NUL-terminated at all, garbage lines around good ones, empty lines */
        const char raw[] = { 'x', '\n', '\n', 'R', 'E', 'A', 'D', 'Y', '=', '1' };
        assert_int_equal(notify_message_parse(raw, sizeof raw, &m), 1);
        assert_true(m.ready);
        notify_message_done(&m);

        /* a very long STATUS= is cut, not dropped */
        char big[NOTIFY_MESSAGE_MAX];
        memcpy(big, "STATUS=", 7);
        memset(big + 7, 'x', sizeof big - 8);
        big[sizeof big - 1] = 0;
        m = parse(big, 1);
        assert_int_equal(strlen(m.status), NOTIFY_STATUS_MAX);
        notify_message_done(&m);

        /* every byte value, in every position: must not crash */
        char noise[512];
        for (unsigned seed = 1; seed < 200; seed++) {
                unsigned x = seed;
                for (size_t i = 0; i < sizeof noise; i++) {
                        x = x * 1103515245u + 12345u;
                        noise[i] = (char) (x >> 16);
                }
                if (notify_message_parse(noise, sizeof noise, &m) >= 0)
                        notify_message_done(&m);
        }
        assert_int_equal(notify_message_parse("", 0, &m), 0);
        notify_message_done(&m);
}

static void test_fdname(void **state) {
        (void) state;
        assert_true(fdname_is_valid("stored"));
        assert_true(fdname_is_valid(""));
        assert_true(fdname_is_valid("a b"));
        assert_false(fdname_is_valid("a:b"));
        assert_false(fdname_is_valid("a\nb"));
        assert_false(fdname_is_valid(NULL));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_flags),   cmocka_unit_test(test_values), cmocka_unit_test(test_bad_values),
                cmocka_unit_test(test_garbage), cmocka_unit_test(test_fdname),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
