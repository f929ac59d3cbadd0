/* test-unit-name.c — unit name validation, prefixes and instances, and the escaping of
 * strings and paths into names. The escaping tables were recorded from systemd 252's
 * systemd-escape (the command is named above each table; NULL means it failed), so these
 * tests pin sysMaster to systemd's behaviour without needing systemd at run time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "macro.h"
#include "unit-name.h"

typedef struct EscapeCase {
        const char *input;
        const char *expected; /* NULL: the call fails with -EINVAL */
} EscapeCase;

/* recorded: systemd-escape -- INPUT (systemd 252) */
static const EscapeCase escape_cases[] = {
        { "a b/c", "a\\x20b-c" },
        { "foo", "foo" },
        { ".foo", "\\x2efoo" },
        { "a.b", "a.b" },
        { "a-b", "a\\x2db" },
        { "a\\b", "a\\x5cb" },
        { "a:b_c", "a:b_c" },
        { "/x", "-x" },
        { "x/", "x-" },
        { "//", "--" },
        { "", "" },
        { "\xc3""\xa4""", "\\xc3\\xa4" },
        { "a@b", "a\\x40b" },
        { "*?[]!", "\\x2a\\x3f\\x5b\\x5d\\x21" },
        { "a\x09""b", "a\\x09b" },
        { "foo..bar", "foo..bar" },
        { "-", "\\x2d" },
        { ".", "\\x2e" },
        { "..", "\\x2e." },
        { "a.", "a." },
        { "/dev/sda", "-dev-sda" },
        { "a\x0a""b", "a\\x0ab" },
        { "~user", "\\x7euser" },
        { "x\x7f""y", "x\\x7fy" },
        { "Hello World!", "Hello\\x20World\\x21" },
        { "a.b.c/d.e", "a.b.c-d.e" },
        { "100%", "100\\x25" },
        { "\"quoted\"", "\\x22quoted\\x22" },
};

/* recorded: systemd-escape --unescape -- INPUT (systemd 252) */
static const EscapeCase unescape_cases[] = {
        { "a\\x20b-c", "a b/c" },
        { "a-b", "a/b" },
        { "\\x2ea", ".a" },
        { "a\\x2", NULL },
        { "a\\xzz", NULL },
        { "a\\x00b", "a" },
        { "a\\\\b", NULL },
        { "a\\y", NULL },
        { "", "" },
        { "-", "/" },
        { "a\\x2D", "a-" },
        { "\\x2d", "-" },
        { "\\xc3\\xa4", "\xc3""\xa4""" },
        { "\\", NULL },
        { "ab\\", NULL },
        { "a\\x", NULL },
        { "foo", "foo" },
        { "\\x5c", "\\" },
        { "\\x2f", "/" },
        { "---", "///" },
        { "a\\X20b", NULL },
};

/* recorded: systemd-escape --path -- INPUT (systemd 252) */
static const EscapeCase path_escape_cases[] = {
        { "/dev/sda", "dev-sda" },
        { "/", "-" },
        { "", "-" },
        { "//", "-" },
        { "/home//user/", "home-user" },
        { "home", "home" },
        { "/a/../b", NULL },
        { "/a/./b", "a-b" },
        { "/.hidden", "\\x2ehidden" },
        { "/a b", "a\\x20b" },
        { "/foo-bar", "foo\\x2dbar" },
        { "/a/.", "a" },
        { "./a", "a" },
        { "..", NULL },
        { "/..", NULL },
        { "/a/b/c/", "a-b-c" },
        { "///a///", "a" },
        { "/a\\b", "a\\x5cb" },
        { ".", NULL },
        { "./", NULL },
        { "/./", "-" },
        { "a//b", "a-b" },
        { "/dev/disk/by-label/my-disk", "dev-disk-by\\x2dlabel-my\\x2ddisk" },
        { "/a/b..c", "a-b..c" },
        { "/a/..b", "a-..b" },
        { "/a/...", "a-..." },
        { "/\xc3""\xa4""/\xc3""\xb6""", "\\xc3\\xa4-\\xc3\\xb6" },
        { "/sys/devices/pci0000:00/0000:00:1f.2", "sys-devices-pci0000:00-0000:00:1f.2" },
        { "/a@b", "a\\x40b" },
        { "/run/user/1000", "run-user-1000" },
};

/* recorded: systemd-escape --path --unescape -- INPUT (systemd 252) */
static const EscapeCase path_unescape_cases[] = {
        { "dev-sda", "/dev/sda" },
        { "-", "/" },
        { "", NULL },
        { "foo--bar", NULL },
        { "-foo", NULL },
        { "foo-", NULL },
        { "a-..-b", NULL },
        { "..", NULL },
        { ".", NULL },
        { "a-.-b", NULL },
        { "home-user", "/home/user" },
        { "\\x2ehidden", "/.hidden" },
        { "a\\x2fb", "/a/b" },
        { "a\\x00b", "/a" },
        { "--", NULL },
        { "---", NULL },
        { "a\\x2f\\x2fb", NULL },
        { "\\x2e", NULL },
        { "\\x2e\\x2e", NULL },
        { "a-\\x2e\\x2e", NULL },
        { "a\\x2f", NULL },
        { "\\x2fa", NULL },
        { "a\\x20b", "/a b" },
        { "a\\xff", "/a\xff""" },
        { "foo\\x2dbar", "/foo-bar" },
        { "a-b-c", "/a/b/c" },
        { "...", "/..." },
        { "a-...", "/a/..." },
        { "run-user-1000", "/run/user/1000" },
        { "\\x", NULL },
        { "a\\q", NULL },
};

/* recorded: systemd-escape --mangle -- INPUT (systemd 252) */
static const EscapeCase mangle_cases[] = {
        { "foo", "foo.service" },
        { "foo.service", "foo.service" },
        { "/dev/sda", "dev-sda.device" },
        { "/home", "home.mount" },
        { "/home/", "home.mount" },
        { "a b", "a\\x20b.service" },
        { "foo@bar", "foo@bar.service" },
        { "foo@", "foo@.service" },
        { "foo@.service", "foo@.service" },
        { "a/b", "a-b.service" },
        { "/sys/class/x", "sys-class-x.device" },
        { "/dev", "dev.mount" },
        { "sda", "sda.service" },
        { "a\\b", "a\\b.service" },
        { "a-b", "a-b.service" },
        { "\xc3""\xa4""", "\\xc3\\xa4.service" },
        { "foo.bar", "foo.bar.service" },
        { ".foo", ".foo.service" },
        { "foo.service.bak", "foo.service.bak.service" },
        { "/", "-.mount" },
        { "/a/../b", "-a-..-b.service" },
        { "/dev/../x", "-dev-..-x.service" },
        { "a!b", "a\\x21b.service" },
        { "@", NULL },
        { "@foo", NULL },
        { "foo@bar@baz", "foo@bar@baz.service" },
        { "foo:bar", "foo:bar.service" },
        { "-", "-.service" },
        { "foo.target", "foo.target" },
        { "dev-sda.device", "dev-sda.device" },
        { "-.mount", "-.mount" },
        { "foo@bar.socket", "foo@bar.socket" },
        { "/dev/disk/by-label/my-disk", "dev-disk-by\\x2dlabel-my\\x2ddisk.device" },
        { "/tmp/a b", "tmp-a\\x20b.mount" },
        { "x.mount", "x.mount" },
        { "foo.d", "foo.d.service" },
        { "sshd.service.wants", "sshd.service.wants.service" },
        { "/home/user//", "home-user.mount" },
};

typedef struct NameCase {
        const char *name;
        UnitNameFlags form; /* 0: invalid */
} NameCase;

static const NameCase name_cases[] = {
        { "foo.service", UNIT_NAME_PLAIN },
        { "a.service", UNIT_NAME_PLAIN },
        { "-.mount", UNIT_NAME_PLAIN },
        { "-.slice", UNIT_NAME_PLAIN },
        { "dev-sda.device", UNIT_NAME_PLAIN },
        { "foo..service", UNIT_NAME_PLAIN },
        { "foo.bar.service", UNIT_NAME_PLAIN },
        { "a:b_c\\x2d.timer", UNIT_NAME_PLAIN },
        { "sys-devices-pci0000:00.device", UNIT_NAME_PLAIN },
        { "x.socket", UNIT_NAME_PLAIN },
        { "x.target", UNIT_NAME_PLAIN },
        { "x.automount", UNIT_NAME_PLAIN },
        { "x.swap", UNIT_NAME_PLAIN },
        { "x.path", UNIT_NAME_PLAIN },
        { "x.scope", UNIT_NAME_PLAIN },
        { "foo@.service", UNIT_NAME_TEMPLATE },
        { "getty@.service", UNIT_NAME_TEMPLATE },
        { "a-b@.socket", UNIT_NAME_TEMPLATE },
        { "foo@bar.service", UNIT_NAME_INSTANCE },
        { "getty@tty1.service", UNIT_NAME_INSTANCE },
        { "foo@bar@baz.service", UNIT_NAME_INSTANCE },
        { "foo@@.service", UNIT_NAME_INSTANCE },
        { "foo@a.b.service", UNIT_NAME_INSTANCE },
        { "foo@-.service", UNIT_NAME_INSTANCE },
        { "systemd-fsck@dev-disk-by\\x2duuid-1234.service", UNIT_NAME_INSTANCE },
        { "", 0 },
        { "foo", 0 },
        { ".service", 0 },
        { "foo.", 0 },
        { "foo.bar", 0 },
        { "foo.Service", 0 },
        { "foo.service.d", 0 },
        { "foo.service ", 0 },
        { " foo.service", 0 },
        { "foo bar.service", 0 },
        { "foo/bar.service", 0 },
        { "f\xc3\xb6.service", 0 },
        { "foo%.service", 0 },
        { "foo*.service", 0 },
        { "@.service", 0 },
        { "@foo.service", 0 },
        { "foo@bar baz.service", 0 },
        { "foo@bar/baz.service", 0 },
        { "foo@bar.", 0 },
};

static void test_classify(void **state) {
        for (size_t k = 0; k < ELEMENTSOF(name_cases); k++) {
                const NameCase *c = &name_cases[k];
                if (unit_name_classify(c->name) != c->form)
                        fail_msg("classify(\"%s\") = %d, expected %d", c->name, unit_name_classify(c->name), c->form);
                assert_int_equal(unit_name_is_valid(c->name, UNIT_NAME_ANY), c->form != 0);
                assert_int_equal(unit_name_is_valid(c->name, UNIT_NAME_PLAIN), c->form == UNIT_NAME_PLAIN);
                assert_int_equal(unit_name_is_valid(c->name, UNIT_NAME_TEMPLATE), c->form == UNIT_NAME_TEMPLATE);
                assert_int_equal(unit_name_is_valid(c->name, UNIT_NAME_INSTANCE), c->form == UNIT_NAME_INSTANCE);
        }
}

/* A name is at most 255 bytes (UNIT_NAME_MAX - 1), suffix included. */
static void test_length_limit(void **state) {
        char name[UNIT_NAME_MAX + 16];
        const char *suffixes[] = { ".service", ".automount", "@.service", "@x.service" };

        for (size_t k = 0; k < ELEMENTSOF(suffixes); k++) {
                size_t sl = strlen(suffixes[k]);
                for (size_t total = UNIT_NAME_MAX - 3; total <= UNIT_NAME_MAX + 1; total++) {
                        memset(name, 'a', total - sl);
                        strcpy(name + total - sl, suffixes[k]);
                        assert_int_equal(strlen(name), total);
                        if (unit_name_is_valid(name, UNIT_NAME_ANY) != (total < UNIT_NAME_MAX))
                                fail_msg("length %zu with %s", total, suffixes[k]);
                }
        }
}

static void test_types(void **state) {
        for (UnitType t = 0; t < _UNIT_TYPE_MAX; t++) {
                const char *s = unit_type_to_string(t);
                assert_non_null(s);
                assert_int_equal(unit_type_from_string(s), t);
        }
        assert_null(unit_type_to_string(_UNIT_TYPE_MAX));
        assert_int_equal(unit_type_from_string("services"), _UNIT_TYPE_INVALID);
        assert_int_equal(unit_type_from_string(NULL), _UNIT_TYPE_INVALID);
        assert_int_equal(unit_name_to_type("foo@bar.socket"), UNIT_SOCKET);
        assert_int_equal(unit_name_to_type("-.mount"), UNIT_MOUNT);
        assert_int_equal(unit_name_to_type("foo"), _UNIT_TYPE_INVALID);
        assert_int_equal(unit_name_to_type("foo.conf"), _UNIT_TYPE_INVALID);
}

typedef struct PartsCase {
        const char *name, *prefix, *instance, *template;
} PartsCase;

static const PartsCase parts_cases[] = {
        { "foo.service", "foo", NULL, NULL },
        { "foo@.service", "foo", "", "foo@.service" },
        { "foo@bar.service", "foo", "bar", "foo@.service" },
        { "foo@bar@baz.socket", "foo", "bar@baz", "foo@.socket" },
        { "a.b@c.d.timer", "a.b", "c.d", "a.b@.timer" },
        { "-.mount", "-", NULL, NULL },
        { "foo.bar.service", "foo.bar", NULL, NULL },
};

static void test_parts(void **state) {
        for (size_t k = 0; k < ELEMENTSOF(parts_cases); k++) {
                const PartsCase *c = &parts_cases[k];
                char *s = (char *) 0x1;

                assert_int_equal(unit_name_to_prefix(c->name, &s), 0);
                assert_string_equal(s, c->prefix);
                free(s);

                s = (char *) 0x1;
                assert_int_equal(unit_name_to_instance(c->name, &s), 0);
                if (c->instance)
                        assert_string_equal(s, c->instance);
                else
                        assert_null(s);
                free(s);

                s = (char *) 0x1;
                if (c->template) {
                        assert_int_equal(unit_name_template(c->name, &s), 0);
                        assert_string_equal(s, c->template);
                        free(s);
                } else {
                        assert_int_equal(unit_name_template(c->name, &s), -EINVAL);
                        assert_ptr_equal(s, (char *) 0x1);
                }
        }

        char *s = (char *) 0x1;
        assert_int_equal(unit_name_to_prefix("foo", &s), -EINVAL);
        assert_int_equal(unit_name_to_instance("@x.service", &s), -EINVAL);
        assert_ptr_equal(s, (char *) 0x1);
}

static void test_build(void **state) {
        char *s = NULL;

        assert_int_equal(unit_name_build("foo", "bar", ".service", &s), 0);
        assert_string_equal(s, "foo@bar.service");
        free(s);
        assert_int_equal(unit_name_build("foo", NULL, ".mount", &s), 0);
        assert_string_equal(s, "foo.mount");
        free(s);
        assert_int_equal(unit_name_build("foo", "", ".service", &s), 0);
        assert_string_equal(s, "foo@.service");
        free(s);
        assert_int_equal(unit_name_replace_instance("foo@a.service", "b@c", &s), 0);
        assert_string_equal(s, "foo@b@c.service");
        free(s);
        assert_int_equal(unit_name_change_suffix("foo@a.service", ".socket", &s), 0);
        assert_string_equal(s, "foo@a.socket");
        free(s);

        s = (char *) 0x1;
        assert_int_equal(unit_name_build("foo", "a b", ".service", &s), -EINVAL);
        assert_int_equal(unit_name_build("foo", NULL, ".conf", &s), -EINVAL);
        assert_int_equal(unit_name_replace_instance("foo.service", "a", &s), -EINVAL);
        assert_int_equal(unit_name_change_suffix("foo.service", ".nope", &s), -EINVAL);
        assert_ptr_equal(s, (char *) 0x1);
}

static void test_escape(void **state) {
        for (size_t k = 0; k < ELEMENTSOF(escape_cases); k++) {
                _cleanup_free_ char *s = unit_name_escape(escape_cases[k].input);
                assert_non_null(s);
                assert_string_equal(s, escape_cases[k].expected);
        }
}

/* Runs f on every case; a failing case must leave the output untouched. */
static void check_cases(const char *what, int (*f)(const char *, char **), const EscapeCase *cases, size_t n) {
        for (size_t k = 0; k < n; k++) {
                char *s = (char *) 0x1;
                int r = f(cases[k].input, &s);
                if (!cases[k].expected) {
                        if (r != -EINVAL)
                                fail_msg("%s(\"%s\") = %d, expected -EINVAL", what, cases[k].input, r);
                        assert_ptr_equal(s, (char *) 0x1);
                        continue;
                }
                if (r < 0)
                        fail_msg("%s(\"%s\") = %d, expected \"%s\"", what, cases[k].input, r, cases[k].expected);
                assert_string_equal(s, cases[k].expected);
                free(s);
        }
}

static void test_unescape(void **state) {
        check_cases("unit_name_unescape", unit_name_unescape, unescape_cases, ELEMENTSOF(unescape_cases));
}

static void test_path_escape(void **state) {
        check_cases("unit_name_path_escape", unit_name_path_escape, path_escape_cases, ELEMENTSOF(path_escape_cases));
}

static void test_path_unescape(void **state) {
        check_cases("unit_name_path_unescape", unit_name_path_unescape, path_unescape_cases,
                    ELEMENTSOF(path_unescape_cases));
}

static void test_mangle(void **state) {
        check_cases("unit_name_mangle", unit_name_mangle, mangle_cases, ELEMENTSOF(mangle_cases));
}

/* systemctl keeps patterns for matching: glob characters stay and no suffix is added; but an
 * absolute path is a device or mount name whatever it contains. */
static const EscapeCase mangle_glob_cases[] = {
        { "foo*", "foo*" },
        { "foo.*", "foo.*" },
        { "*.service", "*.service" },
        { "getty@tty[1-3].service", "getty@tty[1-3].service" },
        { "sys-*-x?", "sys-*-x?" },
        { "[!a]*", "[!a]*" },
        { "a b*", "a\\x20b*" },
        { "/dev/sd*", "dev-sd\\x2a.device" },
        { "/home/*", "home-\\x2a.mount" },
        { "/a/../*", "-a-..-*" },
        { "f\xc3\xb6*", "f\\xc3\\xb6*" },
};

static void test_mangle_glob(void **state) {
        check_cases("unit_name_mangle", unit_name_mangle, mangle_glob_cases, ELEMENTSOF(mangle_glob_cases));

        char *s = (char *) 0x1;
        assert_int_equal(unit_name_mangle("", &s), -EINVAL);
        assert_int_equal(unit_name_mangle(NULL, &s), -EINVAL);
        assert_ptr_equal(s, (char *) 0x1);
}

/* Every byte string survives escape → unescape, and every normalized absolute path survives
 * path escape → path unescape (and the escaped form is a valid instance). */
static void test_round_trips(void **state) {
        static const char *const strings[] = {
                "", "foo", ".foo", "-", "a-b/c d", "\\x2d", "..", "a\tb\nc", "\xc3\xa4\xff\x01",
                "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./", "/etc/fstab", "--//--",
        };
        static const char *const paths[] = {
                "/", "/dev/sda", "/home/user", "/a b/c-d", "/.hidden/x", "/a\\b", "/x/..y/z..",
                "/dev/disk/by-uuid/1234-ABCD", "/\xc3\xa4", "/run/user/1000", "/a/b/c/d/e/f",
        };
        for (size_t k = 0; k < ELEMENTSOF(strings); k++) {
                _cleanup_free_ char *e = unit_name_escape(strings[k]), *u = NULL;
                assert_non_null(e);
                assert_int_equal(unit_name_unescape(e, &u), 0);
                assert_string_equal(u, strings[k]);
                if (*e)
                        assert_true(unit_instance_is_valid(e));
        }
        for (size_t k = 0; k < ELEMENTSOF(paths); k++) {
                _cleanup_free_ char *e = NULL, *u = NULL, *n = NULL;
                assert_int_equal(unit_name_path_escape(paths[k], &e), 0);
                assert_true(unit_instance_is_valid(e));
                assert_int_equal(unit_name_path_unescape(e, &u), 0);
                assert_string_equal(u, paths[k]);
                assert_int_equal(unit_name_build("systemd-fsck", e, ".service", &n), 0);
        }
}

static void test_from_path(void **state) {
        static const struct {
                const char *path, *suffix, *expected;
                int error;
        } cases[] = {
                { "/dev/sda", ".device", "dev-sda.device", 0 },
                { "/", ".mount", "-.mount", 0 },
                { "/home/", ".mount", "home.mount", 0 },
                { "/var/lib/foo-bar", ".automount", "var-lib-foo\\x2dbar.automount", 0 },
                { "/swapfile", ".swap", "swapfile.swap", 0 },
                { "/a/../b", ".mount", NULL, -EINVAL },
                { "/a", "mount", NULL, -EINVAL },
                { "/a", ".conf", NULL, -EINVAL },
                { "/a", "", NULL, -EINVAL },
        };
        for (size_t k = 0; k < ELEMENTSOF(cases); k++) {
                char *s = (char *) 0x1;
                int r = unit_name_from_path(cases[k].path, cases[k].suffix, &s);
                assert_int_equal(r, cases[k].error);
                if (r < 0) {
                        assert_ptr_equal(s, (char *) 0x1);
                        continue;
                }
                assert_string_equal(s, cases[k].expected);
                free(s);
        }

        /* The longest path that fits, and one byte more. */
        char path[UNIT_NAME_MAX + 2];
        char *s = NULL;
        path[0] = '/';
        memset(path + 1, 'a', UNIT_NAME_MAX - 1 - strlen(".mount"));
        path[UNIT_NAME_MAX - strlen(".mount")] = 0;
        assert_int_equal(unit_name_from_path(path, ".mount", &s), 0);
        assert_int_equal(strlen(s), UNIT_NAME_MAX - 1);
        free(s);
        strcat(path, "a");
        s = (char *) 0x1;
        assert_int_equal(unit_name_from_path(path, ".mount", &s), -ENAMETOOLONG);
        assert_ptr_equal(s, (char *) 0x1);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_classify),
                cmocka_unit_test(test_length_limit),
                cmocka_unit_test(test_types),
                cmocka_unit_test(test_parts),
                cmocka_unit_test(test_build),
                cmocka_unit_test(test_escape),
                cmocka_unit_test(test_unescape),
                cmocka_unit_test(test_path_escape),
                cmocka_unit_test(test_path_unescape),
                cmocka_unit_test(test_mangle),
                cmocka_unit_test(test_mangle_glob),
                cmocka_unit_test(test_round_trips),
                cmocka_unit_test(test_from_path),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
