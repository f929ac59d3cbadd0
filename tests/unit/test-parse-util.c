/* test-parse-util.c — the number and value parsers of parse-util.h against the values
 * systemd 252 gives for the same text (checked against the installed systemd), including
 * its quirks: C bases, leading whitespace, "-0", and the rank rules of combined sizes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "parse-util.h"

static void test_parse_boolean(void **state) {
        static const struct {
                const char *s;
                int r;
        } cases[] = {
                { "1", 1 },     { "yes", 1 },   { "y", 1 },      { "true", 1 },  { "t", 1 },
                { "on", 1 },    { "YES", 1 },   { "True", 1 },   { "oN", 1 },    { "Y", 1 },
                { "0", 0 },     { "no", 0 },    { "n", 0 },      { "false", 0 }, { "f", 0 },
                { "off", 0 },   { "NO", 0 },    { "False", 0 },  { "OFF", 0 },   { "N", 0 },
                { "", -EINVAL }, { " yes", -EINVAL }, { "yes ", -EINVAL }, { "2", -EINVAL },
                { "01", -EINVAL }, { "enable", -EINVAL }, { "ja", -EINVAL }, { "tru", -EINVAL },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int r = parse_boolean(cases[i].s);
                if (r != cases[i].r)
                        fail_msg("parse_boolean(\"%s\") = %d, expected %d", cases[i].s, r, cases[i].r);
        }
        assert_int_equal(parse_boolean(NULL), -EINVAL);
}

static void test_safe_atoi(void **state) {
        static const struct {
                const char *s;
                int r;
                long long v;
        } cases[] = {
                { "0", 0, 0 },           { "-1", 0, -1 },           { " 5", 0, 5 },
                { "+5", 0, 5 },          { "0x10", 0, 16 },         { "010", 0, 8 },
                { "2147483647", 0, 2147483647 }, { "-2147483648", 0, -2147483648LL },
                { "-0", 0, 0 },          { " -5", 0, -5 },
                { "2147483648", -ERANGE, 0 }, { "-2147483649", -ERANGE, 0 },
                { "", -EINVAL, 0 },      { "5 ", -EINVAL, 0 },      { "5x", -EINVAL, 0 },
                { "- 5", -EINVAL, 0 },   { "09", -EINVAL, 0 },      { "0x", -EINVAL, 0 },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int v = 4242;
                int r = safe_atoi(cases[i].s, &v);
                if (r != cases[i].r)
                        fail_msg("safe_atoi(\"%s\") = %d, expected %d", cases[i].s, r, cases[i].r);
                if (r == 0)
                        assert_int_equal(v, cases[i].v);
                else
                        assert_int_equal(v, 4242); /* untouched on failure */
        }
}

static void test_safe_atou_family(void **state) {
        unsigned u = 7;
        uint32_t u32 = 7;
        uint64_t u64 = 7;
        int64_t i64 = 7;
        long long ll = 7;
        (void) state;

        assert_int_equal(safe_atou("4294967295", &u), 0);
        assert_int_equal(u, 4294967295U);
        assert_int_equal(safe_atou("4294967296", &u), -ERANGE);
        assert_int_equal(safe_atou("-1", &u), -ERANGE); /* not a silent wrap-around */
        assert_int_equal(safe_atou("-0", &u), 0);
        assert_int_equal(u, 0);
        assert_int_equal(safe_atou(" 0x1f", &u), 0);
        assert_int_equal(u, 31);
        assert_int_equal(safe_atou("", &u), -EINVAL);
        assert_int_equal(safe_atou(NULL, &u), -EINVAL);

        assert_int_equal(safe_atou32("123", &u32), 0);
        assert_int_equal(u32, 123);
        assert_int_equal(safe_atou32("4294967296", &u32), -ERANGE);
        assert_int_equal(u32, 123);

        assert_int_equal(safe_atou64("18446744073709551615", &u64), 0);
        assert_true(u64 == UINT64_MAX);
        assert_int_equal(safe_atou64("18446744073709551616", &u64), -ERANGE);
        assert_int_equal(safe_atou64("-5", &u64), -ERANGE);
        assert_true(u64 == UINT64_MAX);

        assert_int_equal(safe_atoi64("-9223372036854775808", &i64), 0);
        assert_true(i64 == INT64_MIN);
        assert_int_equal(safe_atoi64("9223372036854775808", &i64), -ERANGE);

        assert_int_equal(safe_atolli("010", &ll), 0);
        assert_int_equal(ll, 8);
        assert_int_equal(safe_atolli("-9223372036854775809", &ll), -ERANGE);
        assert_int_equal(ll, 8);
}

static void test_parse_size(void **state) {
        static const struct {
                const char *s;
                uint64_t base;
                int r;
                uint64_t v;
        } cases[] = {
                { "512K", 1024, 0, 524288 },
                { "512K", 1000, 0, 512000 },
                { "1.5G", 1024, 0, 1610612736 },
                { "1.5G", 1000, 0, 1500000000 },
                { "1024", 1024, 0, 1024 },
                { "0", 1024, 0, 0 },
                { "1B", 1024, 0, 1 },
                { "1.5", 1024, 0, 1 },
                { "0.5K", 1024, 0, 512 },
                { "1.999K", 1024, 0, 2046 },
                { "5.K", 1024, 0, 5120 },
                { " 1K", 1024, 0, 1024 },
                { "1 K", 1024, 0, 1024 },
                { "+1K", 1024, 0, 1024 },
                { "010", 1024, 0, 10 }, /* sizes are always decimal */
                { "1T", 1024, 0, 1099511627776ULL },
                { "1P", 1000, 0, 1000000000000000ULL },
                { "1E", 1024, 0, 1152921504606846976ULL },
                { "15E", 1024, 0, 17293822569102704640ULL },
                { "16E", 1000, 0, 16000000000000000000ULL },
                { "1M512K", 1024, 0, 1572864 },
                { "1M 512K", 1024, 0, 1572864 },
                { "1.5M1.5K", 1024, 0, 1574400 },
                { "1K1", 1024, 0, 1025 },
                { "1B1", 1024, 0, 2 },
                { "1.12345678901234567890G", 1024, 0, 1206302541 },
                { "18446744073709551615", 1024, 0, UINT64_MAX },
                { "16E", 1024, -ERANGE, 0 },
                { "15.9E", 1024, -ERANGE, 0 },
                { "18446744073709551616", 1024, -ERANGE, 0 },
                { "17179869184G", 1024, -ERANGE, 0 },
                { "-1", 1024, -ERANGE, 0 },
                { "1K-1", 1024, -ERANGE, 0 },
                { "", 1024, -EINVAL, 0 },
                { "1K ", 1024, -EINVAL, 0 },
                { "1k", 1024, -EINVAL, 0 },
                { "1KB", 1024, -EINVAL, 0 },
                { "1KiB", 1024, -EINVAL, 0 },
                { "infinity", 1024, -EINVAL, 0 },
                { ".5K", 1024, -EINVAL, 0 },
                { "0x10", 1024, -EINVAL, 0 },
                { "1.2.3K", 1024, -EINVAL, 0 },
                { "512K1M", 1024, -EINVAL, 0 }, /* suffixes must decrease */
                { "1K1K", 1024, -EINVAL, 0 },
                { "1 1", 1024, -EINVAL, 0 },
                { "1KK", 1024, -EINVAL, 0 },
                { "1K", 10, -EINVAL, 0 },       /* only bases 1000 and 1024 */
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                uint64_t v = 4242;
                int r = parse_size(cases[i].s, cases[i].base, &v);
                if (r != cases[i].r)
                        fail_msg("parse_size(\"%s\", %llu) = %d, expected %d", cases[i].s,
                                 (unsigned long long) cases[i].base, r, cases[i].r);
                if (r == 0 && v != cases[i].v)
                        fail_msg("parse_size(\"%s\") gave %llu, expected %llu", cases[i].s,
                                 (unsigned long long) v, (unsigned long long) cases[i].v);
                if (r < 0)
                        assert_int_equal(v, 4242);
        }
}

static void test_parse_mode(void **state) {
        static const struct {
                const char *s;
                int r;
                mode_t m;
        } cases[] = {
                { "0644", 0, 0644 }, { "644", 0, 0644 }, { "7777", 0, 07777 }, { "0", 0, 0 },
                { " 644", 0, 0644 }, { "00000644", 0, 0644 },
                { "17777", -ERANGE, 0 }, { "", -EINVAL, 0 }, { "644 ", -EINVAL, 0 },
                { "8", -EINVAL, 0 }, { "-1", -EINVAL, 0 }, { "+644", -EINVAL, 0 },
                { "0o644", -EINVAL, 0 }, { "u+x", -EINVAL, 0 }, { "0x1ff", -EINVAL, 0 },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                mode_t m = 0111;
                int r = parse_mode(cases[i].s, &m);
                if (r != cases[i].r)
                        fail_msg("parse_mode(\"%s\") = %d, expected %d", cases[i].s, r, cases[i].r);
                assert_int_equal(m, r == 0 ? cases[i].m : 0111);
        }
}

static void test_parse_percent(void **state) {
        static const struct {
                const char *s;
                int r;
        } cases[] = {
                { "50%", 50 },       { "0%", 0 },          { "100%", 100 },    { " 50%", 50 },
                { "+5%", 5 },        { "101%", -ERANGE },  { "-1%", -ERANGE }, { "50", -EINVAL },
                { "50 %", -EINVAL }, { "50% ", -EINVAL },  { "5.5%", -EINVAL }, { "%", -EINVAL },
                { "", -EINVAL },     { "5%%", -EINVAL },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int r = parse_percent(cases[i].s);
                if (r != cases[i].r)
                        fail_msg("parse_percent(\"%s\") = %d, expected %d", cases[i].s, r, cases[i].r);
        }
}

static void test_parse_permyriad(void **state) {
        static const struct {
                const char *s;
                int r;
        } cases[] = {
                { "5.5%", 550 },      { "5%", 500 },         { "50.55%", 5055 },   { "0.01%", 1 },
                { "5.05%", 505 },     { "100%", 10000 },     { "99.99%", 9999 },   { " 5%", 500 },
                { "5‰", 50 },         { "5.5‰", 55 },        { "1000‰", 10000 },   { "5‱", 5 },
                { "10000‱", 10000 },
                { "101%", -ERANGE },  { "100.01%", -ERANGE }, { "1001‰", -ERANGE }, { "10001‱", -ERANGE },
                { "-5%", -ERANGE },   { "0.001%", -EINVAL }, { "5.55‰", -EINVAL }, { "5.5‱", -EINVAL },
                { "55", -EINVAL },    { "5 %", -EINVAL },    { "5.%", -EINVAL },   { ".5%", -EINVAL },
                { "5.x%", -EINVAL },  { "%", -EINVAL },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int r = parse_permyriad(cases[i].s);
                if (r != cases[i].r)
                        fail_msg("parse_permyriad(\"%s\") = %d, expected %d", cases[i].s, r, cases[i].r);
        }
}

static void test_parse_nice_port_uid(void **state) {
        int n = 99;
        uint16_t port = 7;
        uid_t uid = 7;
        (void) state;

        assert_int_equal(parse_nice("-20", &n), 0);
        assert_int_equal(n, -20);
        assert_int_equal(parse_nice("19", &n), 0);
        assert_int_equal(n, 19);
        assert_int_equal(parse_nice("20", &n), -ERANGE);
        assert_int_equal(parse_nice("-21", &n), -ERANGE);
        assert_int_equal(parse_nice("5 ", &n), -EINVAL);
        assert_int_equal(n, 19);

        assert_int_equal(parse_ip_port("1", &port), 0);
        assert_int_equal(port, 1);
        assert_int_equal(parse_ip_port("65535", &port), 0);
        assert_int_equal(port, 65535);
        assert_int_equal(parse_ip_port("+80", &port), 0);
        assert_int_equal(port, 80);
        assert_int_equal(parse_ip_port("0", &port), -EINVAL);
        assert_int_equal(parse_ip_port("65536", &port), -ERANGE);
        assert_int_equal(parse_ip_port("-1", &port), -ERANGE);
        assert_int_equal(parse_ip_port(" 80", &port), -EINVAL);
        assert_int_equal(parse_ip_port("80 ", &port), -EINVAL);
        assert_int_equal(port, 80);

        assert_int_equal(parse_uid("0", &uid), 0);
        assert_int_equal(uid, 0);
        assert_int_equal(parse_uid("4294967294", &uid), 0);
        assert_int_equal(uid, 4294967294U);
        assert_int_equal(parse_uid("65534", &uid), 0);
        assert_int_equal(uid, 65534);
        assert_int_equal(parse_uid("65535", &uid), -ENXIO);
        assert_int_equal(parse_uid("4294967295", &uid), -ENXIO);
        assert_int_equal(parse_uid("4294967296", &uid), -ERANGE);
        assert_int_equal(parse_uid("-1", &uid), -EINVAL);
        assert_int_equal(parse_uid("+5", &uid), -EINVAL);
        assert_int_equal(parse_uid(" 5", &uid), -EINVAL);
        assert_int_equal(parse_uid("010", &uid), -EINVAL);
        assert_int_equal(parse_uid("0x10", &uid), -EINVAL);
        assert_int_equal(parse_uid("", &uid), -EINVAL);
        assert_int_equal(uid, 65534);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_boolean),
                cmocka_unit_test(test_safe_atoi),
                cmocka_unit_test(test_safe_atou_family),
                cmocka_unit_test(test_parse_size),
                cmocka_unit_test(test_parse_mode),
                cmocka_unit_test(test_parse_percent),
                cmocka_unit_test(test_parse_permyriad),
                cmocka_unit_test(test_parse_nice_port_uid),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
