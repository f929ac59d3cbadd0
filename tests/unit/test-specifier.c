/* test-specifier.c — every specifier of systemd.unit(5) for the system manager. Machine files
 * (os-release, machine-id, machine-info, passwd) come from temporary --root trees, so results
 * do not depend on the host; facts of the running kernel (boot ID, uname, host name) are
 * compared with what the test reads itself. The unit-name cases were recorded by loading
 * the same names into systemd 252 and reading back Description=. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <cmocka.h>

#include "config-parse.h"
#include "fileio.h"
#include "log.h"
#include "macro.h"
#include "path-util.h"
#include "specifier.h"
#include "string-util.h"

/* Roots: "full" has /etc/os-release and every machine file; "usrlib" only
 * /usr/lib/os-release, an empty machine-id and a passwd entry with an empty shell; "empty"
 * has nothing at all. */
static char root_full[] = "/tmp/test-specifier-full.XXXXXX";
static char root_usrlib[] = "/tmp/test-specifier-usrlib.XXXXXX";
static char root_empty[] = "/tmp/test-specifier-empty.XXXXXX";

static void write_file(const char *root, const char *path, const char *contents) {
        _cleanup_free_ char *p = path_join(root, path);
        _cleanup_free_ char *d = path_dirname(p);
        char cmd[4096];

        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", d);
        assert_int_equal(system(cmd), 0);
        FILE *f = fopen(p, "we");
        assert_non_null(f);
        fputs(contents, f);
        assert_int_equal(fclose(f), 0);
}

static int setup_roots(void **state) {
        if (!mkdtemp(root_full) || !mkdtemp(root_usrlib) || !mkdtemp(root_empty))
                return -1;
        write_file(root_full, "/etc/os-release",
                   "# comment ID=wrong\n"
                   "NAME=\"Test OS\"\n"
                   "ID=testos\n"
                   "ID_LIKE=debian\n"
                   "VERSION_ID=\"12.3\"\n"
                   "VARIANT_ID='server'\n"
                   "BUILD_ID=b\\-1\n"
                   "IMAGE_ID=img\n"
                   "IMAGE_VERSION=\"1.2 \\\"beta\\\" \\$x\"\n"
                   "\n"
                   "ID=testos2\n");
        write_file(root_full, "/usr/lib/os-release", "ID=shadowed\n");
        write_file(root_full, "/etc/machine-id", "0123456789ABCDEF0123456789abcdef\n");
        write_file(root_full, "/etc/machine-info", "PRETTY_HOSTNAME=\"Pretty Box\"\nCHASSIS=vm\n");
        write_file(root_full, "/etc/passwd",
                   "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                   "root:x:0:0:root:/root:/bin/zsh\n");

        write_file(root_usrlib, "/usr/lib/os-release", "ID=usrlibos\nVERSION_ID=7\n");
        write_file(root_usrlib, "/etc/machine-id", "\n");
        write_file(root_usrlib, "/etc/machine-info", "PRETTY_HOSTNAME=\n");
        write_file(root_usrlib, "/etc/passwd", "root:x:0:0:root:/root:\n");
        return 0;
}

static int teardown_roots(void **state) {
        char cmd[512];
        snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s' '%s'", root_full, root_usrlib, root_empty);
        return system(cmd) == 0 ? 0 : -1;
}

typedef struct Case {
        const char *unit;
        const char *text;
        const char *expected; /* NULL: fails with error */
        int error;
} Case;

static void check(const SpecifierContext *ctx, const char *text, const char *expected, int error) {
        char *s = (char *) 0x1;
        int r = specifier_expand(ctx, text, &s);
        if (!expected) {
                if (r != error)
                        fail_msg("\"%s\" for %s: got %d, expected %d", text, strna(ctx->unit_name), r, error);
                assert_ptr_equal(s, (char *) 0x1);
                return;
        }
        if (r < 0)
                fail_msg("\"%s\" for %s: got %d, expected \"%s\"", text, strna(ctx->unit_name), r, expected);
        assert_string_equal(s, expected);
        free(s);
}

static void check_cases(const char *root, const Case *cases, size_t n) {
        for (size_t k = 0; k < n; k++) {
                SpecifierContext ctx = { .unit_name = cases[k].unit, .root = root };
                check(&ctx, cases[k].text, cases[k].expected, cases[k].error);
        }
}

#define NAMES "%n|%N|%p|%P|%i|%I|%f|%j|%J"

/* Recorded from systemd 252: Description=tmpl %n|%N|%p|%P|%i|%I|%f|%j|%J, read back with
 * systemctl show -p Description. */
static const Case name_cases[] = {
        { "foo-bar@a-b\\x2dc\\x20d.service", NAMES,
          "foo-bar@a-b\\x2dc\\x20d.service|foo-bar@a-b\\x2dc\\x20d|foo-bar|foo/bar|a-b\\x2dc\\x20d|a/b-c d|/a/b-c d|bar|bar", 0 },
        { "x-y\\x2dz.service", NAMES, "x-y\\x2dz.service|x-y\\x2dz|x-y\\x2dz|x/y-z|||/x/y-z|y\\x2dz|y-z", 0 },
        { "nodash.service", NAMES, "nodash.service|nodash|nodash|nodash|||/nodash|nodash|nodash", 0 },
        { "a-b-c@-.service", NAMES, "a-b-c@-.service|a-b-c@-|a-b-c|a/b/c|-|/|/|c|c", 0 },
        { "a-b-c@x\\x2fy.service", NAMES, "a-b-c@x\\x2fy.service|a-b-c@x\\x2fy|a-b-c|a/b/c|x\\x2fy|x/y|/x/y|c|c", 0 },
        { "a-b-c@\\x2efoo.service", NAMES, "a-b-c@\\x2efoo.service|a-b-c@\\x2efoo|a-b-c|a/b/c|\\x2efoo|.foo|/.foo|c|c", 0 },
        { "a-b-c@x@y-z.service", NAMES, "a-b-c@x@y-z.service|a-b-c@x@y-z|a-b-c|a/b/c|x@y-z|x@y/z|/x@y/z|c|c", 0 },
        { "ff@foo.service", "%f", "/foo", 0 },
        { "ff@\\x2d.service", "%f", "/-", 0 },
        { "ii@x@y.service", "%I", "x@y", 0 },
        { "ii@x\\x00y.service", "%I", "x", 0 },
        { "qP-.service", "%P", "qP/", 0 },
        { "qj-.service", "%j", "", 0 },
        { "qN-.service", "%N", "qN-", 0 },
        /* systemd 252 crashes here; the empty string is what the documentation implies. */
        { "qJ-.service", "%J", "", 0 },
        { "getty@.service", "%i|%I|%p|%f", "||getty|/getty", 0 },
        { "-.mount", "%n %N %p %P %f [%j] [%J]", "-.mount - - / / [] []", 0 },
        { "dev-disk-by\\x2dlabel-root.device", "%f %j %J", "/dev/disk/by-label/root root root", 0 },
        { "foo-bar@a-b\\x2dc\\x20d.service", "%d", "/run/credentials/foo-bar@a-b\\x2dc\\x20d.service", 0 },
        { "pct.service", "pct %%n 100%% %%%n", "pct %n 100% %pct.service", 0 },
        { "trail.service", "trailing %", "trailing %", 0 },
        { "x.service", "%", "%", 0 },
        { "x.service", "%%", "%", 0 },
        { "x.service", "", "", 0 },
        { "x.service", "no specifiers at all", "no specifiers at all", 0 },
        { "x.service", "%n%n%%%n", "x.servicex.service%x.service", 0 },
        /* Failures: systemd ignores the whole setting. */
        { "a-b-c@-home-x.service", "%f", NULL, -EINVAL },
        { "b-.service", "%f", NULL, -EINVAL },
        { "ff@a--b.service", "%f", NULL, -EINVAL },
        { "ff@a\\x2f.service", "%f", NULL, -EINVAL },
        { "ff@\\x2e\\x2e.service", "%f", NULL, -EINVAL },
        { "ii@x\\xzz.service", "%I", NULL, -EINVAL },
        { "ii@x\\xzz.service", "%i", "x\\xzz", 0 },
        { "bad.service", "bad %Z", NULL, -EBADSLT },
        { "bad.service", "%x", NULL, -EBADSLT },
        { "bad.service", "%D", NULL, -EBADSLT },
        { "bad.service", "%n %", "bad.service %", 0 },
        { "bad.service", "ok %\xc3\xa4", NULL, -EBADSLT },
        { NULL, "%n", NULL, -ENOENT },
        { NULL, "%i", NULL, -ENOENT },
        { NULL, "%C %%", "/var/cache %", 0 },
        { "not a unit", "%n", NULL, -EINVAL },
};

static void test_unit_names(void **state) {
        check_cases(root_empty, name_cases, ELEMENTSOF(name_cases));
}

/* The system manager's fixed values; none of them touches a file. */
static const Case fixed_cases[] = {
        { "x.service", "%C", "/var/cache", 0 },
        { "x.service", "%E", "/etc", 0 },
        { "x.service", "%g", "root", 0 },
        { "x.service", "%G", "0", 0 },
        { "x.service", "%h", "/root", 0 },
        { "x.service", "%L", "/var/log", 0 },
        { "x.service", "%S", "/var/lib", 0 },
        { "x.service", "%t", "/run", 0 },
        { "x.service", "%u", "root", 0 },
        { "x.service", "%U", "0", 0 },
        { "x.service", "%T %V", "/tmp /var/tmp", 0 },
        { "x.service", "%t/%N.sock %S/%p %C/%p %L/%p %E/%p.conf",
          "/run/x.sock /var/lib/x /var/cache/x /var/log/x /etc/x.conf", 0 },
};

static void test_fixed(void **state) {
        unsetenv("TMPDIR");
        unsetenv("TEMP");
        unsetenv("TMP");
        check_cases("/nonexistent-root", fixed_cases, ELEMENTSOF(fixed_cases));
}

static void test_tmp_dir(void **state) {
        SpecifierContext ctx = { .unit_name = "x.service" };
        _cleanup_free_ char *expected = strjoin(root_full, " ", root_full);
        assert_non_null(expected);

        unsetenv("TMPDIR");
        unsetenv("TEMP");
        unsetenv("TMP");
        setenv("TMP", root_full, 1);
        check(&ctx, "%T %V", expected, 0);
        setenv("TEMP", "relative/dir", 1); /* not absolute: skipped */
        check(&ctx, "%T %V", expected, 0);
        setenv("TMPDIR", "/nonexistent/dir", 1); /* not a directory: skipped */
        check(&ctx, "%T %V", expected, 0);
        setenv("TMPDIR", "/usr/../tmp", 1); /* not normalized: skipped */
        check(&ctx, "%T %V", expected, 0);
        setenv("TMPDIR", "/", 1);
        check(&ctx, "%T %V", "/ /", 0);
        unsetenv("TMPDIR");
        unsetenv("TEMP");
        unsetenv("TMP");
        check(&ctx, "%T %V", "/tmp /var/tmp", 0);
}

static const Case os_release_full[] = {
        { "x.service", "%o", "testos2", 0 }, /* the last assignment wins */
        { "x.service", "%w", "12.3", 0 },
        { "x.service", "%W", "server", 0 },
        { "x.service", "%B", "b-1", 0 },
        { "x.service", "%M", "img", 0 },
        { "x.service", "%A", "1.2 \"beta\" $x", 0 },
        { "x.service", "%o-%w-%o", "testos2-12.3-testos2", 0 },
};

static const Case os_release_usrlib[] = {
        { "x.service", "%o", "usrlibos", 0 },
        { "x.service", "%w", "7", 0 },
        { "x.service", "[%W][%B][%M][%A]", "[][][][]", 0 }, /* unset fields are empty */
};

static const Case os_release_missing[] = {
        { "x.service", "%o", NULL, -ENOENT },
        { "x.service", "%w", NULL, -ENOENT },
        { "x.service", "%W", NULL, -ENOENT },
        { "x.service", "%B", NULL, -ENOENT },
        { "x.service", "%M", NULL, -ENOENT },
        { "x.service", "%A", NULL, -ENOENT },
};

static void test_os_release(void **state) {
        check_cases(root_full, os_release_full, ELEMENTSOF(os_release_full));
        check_cases(root_usrlib, os_release_usrlib, ELEMENTSOF(os_release_usrlib));
        check_cases(root_empty, os_release_missing, ELEMENTSOF(os_release_missing));
}

static void test_machine_id(void **state) {
        SpecifierContext ctx = { .unit_name = "x.service", .root = root_full };
        check(&ctx, "%m", "0123456789abcdef0123456789abcdef", 0);
        check(&ctx, "%m/%m", "0123456789abcdef0123456789abcdef/0123456789abcdef0123456789abcdef", 0);
        ctx.root = root_usrlib;
        check(&ctx, "%m", NULL, -ENOMEDIUM);
        ctx.root = root_empty;
        check(&ctx, "%m", NULL, -ENOENT);

        static const struct {
                const char *contents;
                const char *expected;
                int error;
        } ids[] = {
                { "uninitialized\n", NULL, -ENOMEDIUM },
                { "0123456789abcdef0123456789abcde\n", NULL, -EINVAL },
                { "0123456789abcdef0123456789abcdef0\n", NULL, -EINVAL },
                { "0123456789abcdeg0123456789abcdef\n", NULL, -EINVAL },
                { "01234567-89ab-cdef-0123-456789abcdef\n", "0123456789abcdef0123456789abcdef", 0 },
                { "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdef", 0 },
        };
        char root[] = "/tmp/test-specifier-id.XXXXXX";
        assert_non_null(mkdtemp(root));
        ctx.root = root;
        for (size_t k = 0; k < ELEMENTSOF(ids); k++) {
                write_file(root, "/etc/machine-id", ids[k].contents);
                check(&ctx, "%m", ids[k].expected, ids[k].error);
        }
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
        assert_int_equal(system(cmd), 0);
}

/* The boot ID is the running kernel's, whatever the root. */
static void test_boot_id(void **state) {
        _cleanup_free_ char *raw = NULL;
        char expected[33];
        size_t n = 0;

        assert_int_equal(read_full_file("/proc/sys/kernel/random/boot_id", 4096, &raw, NULL), 0);
        for (const char *p = raw; *p && *p != '\n'; p++)
                if (*p != '-')
                        expected[n++] = *p;
        assert_int_equal(n, 32);
        expected[n] = 0;

        SpecifierContext ctx = { .unit_name = "x.service", .root = root_empty };
        check(&ctx, "%b", expected, 0);
        ctx.root = NULL;
        check(&ctx, "%b", expected, 0);
}

static void test_uname(void **state) {
        struct utsname u;
        assert_int_equal(uname(&u), 0);
        SpecifierContext ctx = { .unit_name = "x.service", .root = root_empty };

        check(&ctx, "%v", u.release, 0);
        if (streq(u.machine, "x86_64"))
                check(&ctx, "%a", "x86-64", 0);
        else if (streq(u.machine, "aarch64"))
                check(&ctx, "%a", "arm64", 0);
        else {
                _cleanup_free_ char *a = NULL;
                assert_int_equal(specifier_expand(&ctx, "%a", &a), 0);
                assert_true(a[0] != 0);
        }

        /* A host without a name ("(none)") has no use for these tests: skip the checks. */
        if (isempty(u.nodename) || streq(u.nodename, "(none)"))
                return;
        _cleanup_free_ char *shorter = strdup(u.nodename);
        assert_non_null(shorter);
        shorter[strcspn(shorter, ".")] = 0;
        check(&ctx, "%H", u.nodename, 0);
        check(&ctx, "%l", shorter, 0);
        check(&ctx, "%q", shorter, 0); /* no machine-info */
        ctx.root = root_usrlib;
        check(&ctx, "%q", shorter, 0); /* PRETTY_HOSTNAME= empty */
        ctx.root = root_full;
        check(&ctx, "%q", "Pretty Box", 0);
}

static void test_user_shell(void **state) {
        SpecifierContext ctx = { .unit_name = "x.service", .root = root_full };
        check(&ctx, "%s", "/bin/zsh", 0);
        ctx.root = root_usrlib; /* empty shell field */
        check(&ctx, "%s", "/bin/sh", 0);
        ctx.root = root_empty; /* no passwd */
        check(&ctx, "%s", "/bin/sh", 0);
}

static void test_fragment(void **state) {
        SpecifierContext ctx = {
                .unit_name = "foo-bar@a.service",
                .fragment_path = "/etc/systemd/system/foo-bar@.service",
        };
        check(&ctx, "%y", "/etc/systemd/system/foo-bar@.service", 0);
        check(&ctx, "%Y", "/etc/systemd/system", 0);
        ctx.fragment_path = "/x.service";
        check(&ctx, "%Y", "/", 0);
        ctx.fragment_path = NULL;
        check(&ctx, "%y", NULL, -ENOENT);
        check(&ctx, "%Y", NULL, -ENOENT);
        check(&ctx, "%n", "foo-bar@a.service", 0);
}

/* Every letter: the documented ones resolve with the "full" root, all others are refused. */
static void test_every_letter(void **state) {
        static const char documented[] = "aAbBCdEfgGhHiIjJlLmMnNopPqsStTuUvVwWyY";
        SpecifierContext ctx = {
                .unit_name = "foo@bar.service",
                .fragment_path = "/etc/systemd/system/foo@.service",
                .root = root_full,
        };
        for (int c = 1; c < 256; c++) {
                char text[3] = { '%', (char) c, 0 };
                char *s = NULL;
                int r = specifier_expand(&ctx, text, &s);
                if (c == '%' || (c != 0 && strchr(documented, c))) {
                        if (r < 0)
                                fail_msg("%%%c: %d", c, r);
                        free(s);
                } else if (r != -EBADSLT)
                        fail_msg("%%\\x%02x: %d, expected -EBADSLT", c, r);
        }
}

/* Expansion is bounded: a line of "%y" with a long fragment path cannot grow without end. */
static void test_bound(void **state) {
        char path[4001];
        path[0] = '/';
        memset(path + 1, 'p', sizeof path - 2);
        path[sizeof path - 1] = 0;
        SpecifierContext ctx = { .unit_name = "x.service", .fragment_path = path };

        size_t n = 1200;
        _cleanup_free_ char *text = malloc(2 * n + 1);
        assert_non_null(text);
        for (size_t k = 0; k < n; k++)
                memcpy(text + 2 * k, "%y", 2);
        text[2 * n] = 0;
        check(&ctx, text, NULL, -ENOBUFS);

        text[2 * 100] = 0;
        char *s = NULL;
        assert_int_equal(specifier_expand(&ctx, text, &s), 0);
        assert_int_equal(strlen(s), 100 * strlen(path));
        free(s);
}

/* Machine facts are read only when used: a root that does not exist is no problem for
 * settings that use none of them. */
static void test_lazy(void **state) {
        SpecifierContext ctx = { .unit_name = "a@b.service", .root = "/nonexistent-root" };
        check(&ctx, "%n %i %p %C %t %u", "a@b.service b a /var/cache /run root", 0);
        check(&ctx, "%m", NULL, -ENOENT);
        check(&ctx, "%o", NULL, -ENOENT);
}

static int capture_stderr(char *path_template) {
        int fd = mkstemp(path_template);
        assert_true(fd >= 0);
        int saved = dup(STDERR_FILENO);
        assert_true(saved >= 0);
        assert_true(dup2(fd, STDERR_FILENO) >= 0);
        close(fd);
        return saved;
}

static char *restore_stderr(int saved, const char *path) {
        char *text = NULL;
        assert_true(dup2(saved, STDERR_FILENO) >= 0);
        close(saved);
        assert_int_equal(read_full_file(path, 65536, &text, NULL), 0);
        unlink(path);
        return text;
}

static void test_config_expand(void **state) {
        SpecifierContext spec = { .unit_name = "foo@bar.service", .root = root_full };
        ConfigContext ctx = {
                .unit = "foo@bar.service",
                .filename = "/etc/systemd/system/foo@.service",
                .line = 7,
                .section = "Service",
                .lvalue = "ExecStart",
        };
        char *s = NULL;

        /* No specifier context: a plain copy, "%" and all. */
        assert_int_equal(config_expand(&ctx, "%i %Z %", &s), 0);
        assert_string_equal(s, "%i %Z %");
        free(s);

        ctx.spec = &spec;
        assert_int_equal(config_expand(&ctx, "/bin/echo %i %p %o", &s), 0);
        assert_string_equal(s, "/bin/echo bar foo testos2");
        free(s);

        char log_path[] = "/tmp/test-specifier-log.XXXXXX";
        log_reset_counts();
        int saved = capture_stderr(log_path);
        s = (char *) 0x1;
        int r = config_expand(&ctx, "/bin/echo %Z", &s);
        _cleanup_free_ char *logged = restore_stderr(saved, log_path);
        assert_int_equal(r, -EBADSLT);
        assert_ptr_equal(s, (char *) 0x1);
        assert_int_equal(log_count_warnings(), 1);
        assert_non_null(strstr(logged, "/etc/systemd/system/foo@.service:7: "
                                       "Failed to resolve specifiers in /bin/echo %Z, ignoring: "));
        assert_non_null(strstr(logged, strerror(EBADSLT)));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_unit_names),
                cmocka_unit_test(test_fixed),
                cmocka_unit_test(test_tmp_dir),
                cmocka_unit_test(test_os_release),
                cmocka_unit_test(test_machine_id),
                cmocka_unit_test(test_boot_id),
                cmocka_unit_test(test_uname),
                cmocka_unit_test(test_user_shell),
                cmocka_unit_test(test_fragment),
                cmocka_unit_test(test_every_letter),
                cmocka_unit_test(test_bound),
                cmocka_unit_test(test_lazy),
                cmocka_unit_test(test_config_expand),
        };
        return cmocka_run_group_tests(tests, setup_roots, teardown_roots);
}
