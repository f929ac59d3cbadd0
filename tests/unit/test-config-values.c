/* test-config-values.c — every parser of config-values.h as a unit file line would drive it:
 * the typed result, the warning that names file and line when a value is refused (and the
 * field left as it was), empty values that reset, lists that append, specifiers, and the
 * command lines of ExecStart= with their prefixes, separators, quoting and fatal errors.
 * Behaviour and messages follow systemd 252 (checked with `systemd-analyze verify`). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>

#include "config-values.h"
#include "exec-command.h"
#include "specifier.h"
#include "strv.h"

#define FILENAME "/etc/systemd/system/foo@.service"
#define LINE 7

static const SpecifierContext spec = {
        .unit_name = "foo@bar.service",
        .fragment_path = FILENAME,
};

static ConfigContext make_ctx(const char *key, bool with_spec) {
        return (ConfigContext) {
                .unit = "foo@bar.service",
                .filename = FILENAME,
                .line = LINE,
                .section = "Service",
                .lvalue = key,
                .spec = with_spec ? &spec : NULL,
        };
}

/* Log capture: the logger writes to fd 2; point it at a memfd while a parser runs. */
static int saved_stderr = -1, capture_fd = -1;

static void capture_begin(void) {
        capture_fd = memfd_create("log", MFD_CLOEXEC);
        assert_true(capture_fd >= 0);
        saved_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
        assert_true(dup2(capture_fd, STDERR_FILENO) == STDERR_FILENO);
        log_reset_counts();
}

/* Returns what was logged since capture_begin() (static storage, valid until the next call). */
static const char *capture_end(void) {
        static char buf[8192];
        dup2(saved_stderr, STDERR_FILENO);
        close(saved_stderr);
        ssize_t n = pread(capture_fd, buf, sizeof buf - 1, 0);
        close(capture_fd);
        buf[n > 0 ? n : 0] = 0;
        return buf;
}

/* Runs one parser call with the log captured; returns its result and what it logged. */
static int run(ConfigParseFunc f, const char *key, bool with_spec, int ltype, const char *rvalue, void *data,
               const char **ret_log) {
        ConfigContext ctx = make_ctx(key, with_spec);
        capture_begin();
        int r = f(&ctx, ltype, rvalue, data);
        const char *log = capture_end();
        if (ret_log)
                *ret_log = log;
        return r;
}

/* Asserts a single warning that names file and line and contains text. */
static void assert_warned(const char *log, const char *text) {
        if (!strstr(log, FILENAME ":7: ") || !strstr(log, text))
                fail_msg("expected a warning at " FILENAME ":7 containing \"%s\", got: %s", text, log);
}

static void assert_silent(const char *log) {
        if (*log)
                fail_msg("expected no message, got: %s", log);
}

static void assert_strv(char **l, const char *joined) {
        _cleanup_free_ char *j = strv_join(l, "|");
        assert_string_equal(j, joined);
}

static void test_bool(void **state) {
        static const struct {
                const char *v;
                bool b;
        } ok[] = { { "yes", true }, { "no", false }, { "1", true }, { "off", false }, { "TRUE", true }, { "f", false } };
        const char *log;
        bool b = false;
        (void) state;

        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                assert_int_equal(run(config_parse_bool, "RemainAfterExit", false, 0, ok[i].v, &b, &log), 0);
                assert_int_equal(b, ok[i].b);
                assert_silent(log);
        }
        b = true;
        assert_int_equal(run(config_parse_bool, "RemainAfterExit", false, 0, "maybe", &b, &log), 0);
        assert_warned(log, "Failed to parse boolean value, ignoring: maybe");
        assert_true(b);
        assert_int_equal(log_count_warnings(), 1);
        /* an empty boolean is refused too, as in systemd: the parser cannot know the default */
        assert_int_equal(run(config_parse_bool, "RemainAfterExit", false, 0, "", &b, &log), 0);
        assert_warned(log, "Failed to parse boolean value, ignoring: ");
        assert_true(b);
}

static void test_tristate(void **state) {
        const char *log;
        int t = 5;
        (void) state;
        assert_int_equal(run(config_parse_tristate, "X", false, 0, "yes", &t, &log), 0);
        assert_int_equal(t, 1);
        assert_int_equal(run(config_parse_tristate, "X", false, 0, "no", &t, &log), 0);
        assert_int_equal(t, 0);
        assert_int_equal(run(config_parse_tristate, "X", false, 0, "", &t, &log), 0);
        assert_int_equal(t, -1);
        assert_silent(log);
        t = 1;
        assert_int_equal(run(config_parse_tristate, "X", false, 0, "bogus", &t, &log), 0);
        assert_warned(log, "Failed to parse boolean value for X=, ignoring: bogus");
        assert_int_equal(t, 1);
}

static void test_string(void **state) {
        _cleanup_free_ char *s = NULL;
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_string, "Description", true, 0, "Unit %n of %p (%i) at 100%%", &s, &log), 0);
        assert_string_equal(s, "Unit foo@bar.service of foo (bar) at 100%");
        assert_silent(log);
        /* without a specifier context the text is kept as written */
        assert_int_equal(run(config_parse_string, "Description", false, 0, "%n", &s, &log), 0);
        assert_string_equal(s, "%n");
        /* an unknown specifier: warning, old value kept */
        assert_int_equal(run(config_parse_string, "Description", true, 0, "bad %Z", &s, &log), 0);
        assert_warned(log, "Failed to resolve specifiers in bad %Z, ignoring");
        assert_string_equal(s, "%n");
        assert_int_equal(run(config_parse_string, "Description", true, 0, "", &s, &log), 0);
        assert_null(s);
}

static void test_path(void **state) {
        static const struct {
                const char *v;
                int ltype, r;
                const char *result; /* NULL: unchanged ("/old") */
                const char *warning;
        } cases[] = {
                { "/var/lib/foo", 0, 0, "/var/lib/foo", NULL },
                { "/var//lib/./foo/", 0, 0, "/var/lib/foo", NULL },
                { "/run/%p/%i", 0, 0, "/run/foo/bar", NULL },
                { "/", 0, 0, "/", NULL },
                { "var/lib", 0, 0, NULL, "WorkingDirectory= path is not absolute, ignoring: var/lib" },
                { "/a/../b", 0, 0, NULL, "WorkingDirectory= path is not normalized, ignoring: /a/../b" },
                { "/run/%Z", 0, 0, NULL, "Failed to resolve specifiers in /run/%Z, ignoring" },
                { "/a\xff", 0, 0, NULL, "path is not UTF-8 clean, ignoring" },
                /* ltype 1: fatal for the unit */
                { "var/lib", 1, -ENOEXEC, NULL, "WorkingDirectory= path is not absolute: var/lib" },
                { "/run/%Z", 1, -ENOEXEC, NULL, "Failed to resolve specifiers in /run/%Z: " },
                { "/ok", 1, 0, "/ok", NULL },
        };
        (void) state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                _cleanup_free_ char *s = strdup("/old");
                const char *log;
                int r = run(config_parse_path, "WorkingDirectory", true, cases[i].ltype, cases[i].v, &s, &log);
                if (r != cases[i].r)
                        fail_msg("\"%s\": returned %d, expected %d", cases[i].v, r, cases[i].r);
                assert_string_equal(s, cases[i].result ?: "/old");
                if (cases[i].warning)
                        assert_warned(log, cases[i].warning);
                else
                        assert_silent(log);
        }

        _cleanup_free_ char *s = strdup("/old");
        assert_int_equal(run(config_parse_path, "WorkingDirectory", true, 0, "", &s, NULL), 0);
        assert_null(s);
}

static void test_strv(void **state) {
        _cleanup_strv_free_ char **l = NULL;
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_strv, "X", true, 0, "a b  'c d' \"e f\"", &l, &log), 0);
        assert_strv(l, "a|b|c d|e f");
        assert_silent(log);
        /* appends */
        assert_int_equal(run(config_parse_strv, "X", true, 0, "g%ih a\\tb \\x41", &l, &log), 0);
        assert_strv(l, "a|b|c d|e f|gbarh|a\tb|A");
        /* bad quoting: the whole line is ignored */
        assert_int_equal(run(config_parse_strv, "X", true, 0, "x 'y", &l, &log), 0);
        assert_warned(log, "Invalid syntax, ignoring: x 'y");
        assert_int_equal(strv_length(l), 7);
        /* an unknown escape is kept as written, with a warning */
        assert_int_equal(run(config_parse_strv, "X", true, 0, "x\\qy", &l, &log), 0);
        assert_warned(log, "Ignoring unknown escape sequences");
        assert_string_equal(l[7], "x\\qy");
        /* a word whose specifier does not resolve is dropped, the rest kept */
        assert_int_equal(run(config_parse_strv, "X", true, 0, "%Z z", &l, &log), 0);
        assert_warned(log, "Failed to resolve specifiers in %Z, ignoring");
        assert_string_equal(l[8], "z");
        /* empty resets */
        assert_int_equal(run(config_parse_strv, "X", true, 0, "", &l, &log), 0);
        assert_null(l);
}

static void test_path_strv(void **state) {
        _cleanup_strv_free_ char **l = NULL;
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_path_strv, "ReadWritePaths", true, 0, "/a -/b //c/./d/ /run/%i", &l, &log), 0);
        assert_strv(l, "/a|-/b|/c/d|/run/bar");
        assert_silent(log);
        /* a bad word is skipped, the others still count */
        assert_int_equal(run(config_parse_path_strv, "ReadWritePaths", true, 0, "rel /e +/f", &l, &log), 0);
        assert_warned(log, "ReadWritePaths= path is not absolute, ignoring: rel");
        assert_warned(log, "ReadWritePaths= path is not absolute, ignoring: +/f"); /* no "+" here */
        assert_strv(l, "/a|-/b|/c/d|/run/bar|/e");
        assert_int_equal(log_count_warnings(), 2);
        /* with ltype 1, "+" is a kept prefix too, after an optional "-" */
        assert_int_equal(run(config_parse_path_strv, "ExecPaths", true, 1, "+/g -+/h +-/i", &l, &log), 0);
        assert_strv(l, "/a|-/b|/c/d|/run/bar|/e|+/g|-+/h");
        assert_warned(log, "path is not absolute, ignoring: -/i");
        assert_int_equal(run(config_parse_path_strv, "ReadWritePaths", true, 0, "/a/../b", &l, &log), 0);
        assert_warned(log, "path is not normalized");
        assert_int_equal(run(config_parse_path_strv, "ReadWritePaths", true, 0, "", &l, &log), 0);
        assert_null(l);
}

static void test_unit_names(void **state) {
        _cleanup_strv_free_ char **l = NULL;
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_unit_names, "After", true, 0, "a.service b@c.service %p-helper@%i.socket", &l, &log), 0);
        assert_strv(l, "a.service|b@c.service|foo-helper@bar.socket");
        assert_silent(log);
        /* duplicates are dropped; non-names are refused one by one; templates are kept for
         * the manager to instantiate */
        assert_int_equal(run(config_parse_unit_names, "After", true, 0, "a.service t@.service noname x.target", &l, &log), 0);
        assert_warned(log, "Invalid unit name, ignoring: noname");
        assert_strv(l, "a.service|b@c.service|foo-helper@bar.socket|t@.service|x.target");
        /* dependencies cannot be reset: an empty value adds nothing and removes nothing */
        assert_int_equal(run(config_parse_unit_names, "After", true, 0, "", &l, &log), 0);
        assert_int_equal(strv_length(l), 5);
        assert_silent(log);
}

static void test_numbers(void **state) {
        unsigned u = 9;
        int i = 9;
        uint64_t u64 = 9;
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_unsigned, "StartLimitBurst", false, 0, "5", &u, &log), 0);
        assert_int_equal(u, 5);
        assert_int_equal(run(config_parse_unsigned, "StartLimitBurst", false, 0, "-1", &u, &log), 0);
        assert_warned(log, "Failed to parse unsigned integer value, ignoring: -1");
        assert_int_equal(u, 5);
        assert_int_equal(run(config_parse_unsigned, "StartLimitBurst", false, 0, "x", &u, &log), 0);
        assert_int_equal(u, 5);
        assert_int_equal(run(config_parse_unsigned, "StartLimitBurst", false, 0, "", &u, &log), 0);
        assert_int_equal(u, 0);
        assert_silent(log);

        assert_int_equal(run(config_parse_int, "OOMScoreAdjust", false, 0, "-500", &i, &log), 0);
        assert_int_equal(i, -500);
        assert_int_equal(run(config_parse_int, "OOMScoreAdjust", false, 0, "2147483648", &i, &log), 0);
        assert_warned(log, "Failed to parse integer value, ignoring: 2147483648");
        assert_int_equal(i, -500);
        assert_int_equal(run(config_parse_int, "OOMScoreAdjust", false, 0, "", &i, &log), 0);
        assert_int_equal(i, 0);

        assert_int_equal(run(config_parse_uint64, "X", false, 0, "18446744073709551615", &u64, &log), 0);
        assert_true(u64 == UINT64_MAX);
        assert_int_equal(run(config_parse_uint64, "X", false, 0, "1K", &u64, &log), 0);
        assert_warned(log, "Failed to parse unsigned integer value, ignoring: 1K");
        assert_true(u64 == UINT64_MAX);
        assert_int_equal(run(config_parse_uint64, "X", false, 0, "", &u64, &log), 0);
        assert_true(u64 == 0);
}

static void test_sec_nsec(void **state) {
        usec_t u = 1;
        nsec_t n = 1;
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_sec, "RestartSec", false, 0, "1min 30s", &u, &log), 0);
        assert_true(u == 90 * USEC_PER_SEC);
        assert_int_equal(run(config_parse_sec, "RestartSec", false, 0, "0", &u, &log), 0);
        assert_true(u == 0);
        assert_int_equal(run(config_parse_sec, "RestartSec", false, 0, "infinity", &u, &log), 0);
        assert_true(u == USEC_INFINITY);
        assert_int_equal(run(config_parse_sec, "RestartSec", false, 0, "5x", &u, &log), 0);
        assert_warned(log, "Invalid time span, ignoring: 5x");
        assert_true(u == USEC_INFINITY);
        assert_int_equal(run(config_parse_sec, "RestartSec", false, 0, "", &u, &log), 0);
        assert_warned(log, "Invalid time span, ignoring: ");
        /* ltype 1: TimeoutSec= and friends, where 0 means "no timeout" */
        assert_int_equal(run(config_parse_sec, "TimeoutStopSec", false, 1, "0", &u, &log), 0);
        assert_true(u == USEC_INFINITY);
        assert_int_equal(run(config_parse_sec, "TimeoutStopSec", false, 1, "90", &u, &log), 0);
        assert_true(u == 90 * USEC_PER_SEC);

        assert_int_equal(run(config_parse_nsec, "TimerSlackNSec", false, 0, "50us", &n, &log), 0);
        assert_true(n == 50000);
        assert_int_equal(run(config_parse_nsec, "TimerSlackNSec", false, 0, "100", &n, &log), 0);
        assert_true(n == 100);
        assert_int_equal(run(config_parse_nsec, "TimerSlackNSec", false, 0, "x", &n, &log), 0);
        assert_warned(log, "Invalid time span, ignoring: x");
        assert_true(n == 100);
}

static void test_sizes(void **state) {
        uint64_t v = 1;
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_iec_size, "X", false, 0, "1.5K", &v, &log), 0);
        assert_true(v == 1536);
        assert_int_equal(run(config_parse_iec_size, "X", false, 0, "infinity", &v, &log), 0);
        assert_true(v == UINT64_MAX);
        assert_int_equal(run(config_parse_iec_size, "X", false, 0, "5X", &v, &log), 0);
        assert_warned(log, "Failed to parse size value, ignoring: 5X");
        assert_true(v == UINT64_MAX);

        assert_int_equal(run(config_parse_si_uint64, "X", false, 0, "1K", &v, &log), 0);
        assert_true(v == 1000);
        assert_int_equal(run(config_parse_si_uint64, "X", false, 0, "2M 500K", &v, &log), 0);
        assert_true(v == 2500000);
        assert_int_equal(run(config_parse_si_uint64, "X", false, 0, "-1", &v, &log), 0);
        assert_warned(log, "Failed to parse size value, ignoring: -1");
        assert_true(v == 2500000);
}

static void test_mode_signal(void **state) {
        mode_t m = 0;
        int sig = 0;
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_mode, "UMask", false, 0, "0027", &m, &log), 0);
        assert_int_equal(m, 027);
        assert_int_equal(run(config_parse_mode, "UMask", false, 0, "999", &m, &log), 0);
        assert_warned(log, "Failed to parse mode value, ignoring: 999");
        assert_int_equal(m, 027);

        assert_int_equal(run(config_parse_signal, "KillSignal", false, 0, "SIGINT", &sig, &log), 0);
        assert_int_equal(sig, SIGINT);
        assert_int_equal(run(config_parse_signal, "KillSignal", false, 0, "9", &sig, &log), 0);
        assert_int_equal(sig, SIGKILL);
        assert_int_equal(run(config_parse_signal, "KillSignal", false, 0, "RTMIN+2", &sig, &log), 0);
        assert_int_equal(sig, SIGRTMIN + 2);
        assert_int_equal(run(config_parse_signal, "KillSignal", false, 0, "SIGFOO", &sig, &log), 0);
        assert_warned(log, "Failed to parse signal name, ignoring: SIGFOO");
        assert_int_equal(sig, SIGRTMIN + 2);
        assert_int_equal(run(config_parse_signal, "KillSignal", false, 0, "0", &sig, &log), 0);
        assert_warned(log, "Failed to parse signal name, ignoring: 0");
}

static void test_rlimit(void **state) {
        struct rlimit *rl[RLIMIT_NLIMITS] = {};
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_rlimit, "LimitNOFILE", false, RLIMIT_NOFILE, "1024:524288", rl, &log), 0);
        assert_non_null(rl[RLIMIT_NOFILE]);
        assert_int_equal(rl[RLIMIT_NOFILE]->rlim_cur, 1024);
        assert_int_equal(rl[RLIMIT_NOFILE]->rlim_max, 524288);
        struct rlimit *first = rl[RLIMIT_NOFILE];
        assert_int_equal(run(config_parse_rlimit, "LimitNOFILE", false, RLIMIT_NOFILE, "infinity", rl, &log), 0);
        assert_ptr_equal(rl[RLIMIT_NOFILE], first); /* updated in place */
        assert_true(rl[RLIMIT_NOFILE]->rlim_cur == RLIM_INFINITY);

        assert_int_equal(run(config_parse_rlimit, "LimitNOFILE", false, RLIMIT_NOFILE, "10:5", rl, &log), 0);
        assert_warned(log, "Soft resource limit chosen higher than hard limit, ignoring: 10:5");
        assert_true(rl[RLIMIT_NOFILE]->rlim_cur == RLIM_INFINITY);
        assert_int_equal(run(config_parse_rlimit, "LimitCORE", false, RLIMIT_CORE, "abc", rl, &log), 0);
        assert_warned(log, "Failed to parse resource value, ignoring: abc");
        assert_null(rl[RLIMIT_CORE]);

        assert_int_equal(run(config_parse_rlimit, "LimitCPU", false, RLIMIT_CPU, "1.5s", rl, &log), 0);
        assert_int_equal(rl[RLIMIT_CPU]->rlim_cur, 2);
        assert_int_equal(run(config_parse_rlimit, "LimitCORE", false, RLIMIT_CORE, "1M:infinity", rl, &log), 0);
        assert_int_equal(rl[RLIMIT_CORE]->rlim_cur, 1048576);
        assert_true(rl[RLIMIT_CORE]->rlim_max == RLIM_INFINITY);
        assert_int_equal(run(config_parse_rlimit, "LimitRTTIME", false, RLIMIT_RTTIME, "1s", rl, &log), 0);
        assert_int_equal(rl[RLIMIT_RTTIME]->rlim_cur, 1000000);
        assert_int_equal(run(config_parse_rlimit, "LimitNICE", false, RLIMIT_NICE, "-5", rl, &log), 0);
        assert_int_equal(rl[RLIMIT_NICE]->rlim_cur, 25);

        for (int i = 0; i < RLIMIT_NLIMITS; i++)
                free(rl[i]);
}

static void test_environ(void **state) {
        _cleanup_strv_free_ char **env = NULL;
        const char *log;
        (void) state;

        assert_int_equal(run(config_parse_environ, "Environment", true, 0,
                             "A=1 B='two words' \"C=x y\" D= P=$PATH I=%i", &env, &log), 0);
        assert_strv(env, "A=1|B=two words|C=x y|D=|P=$PATH|I=bar");
        assert_silent(log);
        /* a later assignment replaces in place; others append */
        assert_int_equal(run(config_parse_environ, "Environment", true, 0, "A=2 E=\\x41\\n", &env, &log), 0);
        assert_strv(env, "A=2|B=two words|C=x y|D=|P=$PATH|I=bar|E=A\n");
        /* invalid assignments are skipped one by one */
        assert_int_equal(run(config_parse_environ, "Environment", true, 0, "1X=bad NOEQ F=ok", &env, &log), 0);
        assert_warned(log, "Invalid environment assignment, ignoring: 1X=bad");
        assert_warned(log, "Invalid environment assignment, ignoring: NOEQ");
        assert_int_equal(log_count_warnings(), 2);
        assert_string_equal(env[7], "F=ok");
        /* unbalanced quotes: the line is ignored */
        assert_int_equal(run(config_parse_environ, "Environment", true, 0, "G=1 'H=2", &env, &log), 0);
        assert_warned(log, "Invalid syntax, ignoring: G=1 'H=2");
        assert_int_equal(strv_length(env), 8);
        assert_int_equal(run(config_parse_environ, "Environment", true, 0, "", &env, &log), 0);
        assert_null(env);
}

/* ExecStart= cases: the line, what the parser returns, and the commands it appends, written
 * as "flags path argv[0]|argv[1]|…" with one command per entry. */
#define F_IGN EXEC_COMMAND_IGNORE_FAILURE
#define F_PRIV EXEC_COMMAND_FULLY_PRIVILEGED
#define F_NOSUID EXEC_COMMAND_NO_SETUID
#define F_AMB EXEC_COMMAND_AMBIENT_MAGIC
#define F_NOENV EXEC_COMMAND_NO_ENV_EXPAND

typedef struct ExecCase {
        const char *line;
        int r;
        const char *warning; /* a substring of the message, or NULL for none */
        struct {
                int flags;
                const char *path, *argv;
        } cmd[3];
} ExecCase;

static const ExecCase exec_cases[] = {
        /* plain commands and bare names (looked up in PATH at start, systemd.service(5)) */
        { "/bin/true", 0, NULL, { { 0, "/bin/true", "/bin/true" } } },
        { "foo", 0, NULL, { { 0, "foo", "foo" } } },
        { "my-daemon.sh --flag x", 0, NULL, { { 0, "my-daemon.sh", "my-daemon.sh|--flag|x" } } },
        { "/bin//true", 0, NULL, { { 0, "/bin/true", "/bin/true" } } },
        { "/bin/./true", 0, NULL, { { 0, "/bin/true", "/bin/true" } } },
        { "  /bin/true   a  ", 0, NULL, { { 0, "/bin/true", "/bin/true|a" } } },
        /* each prefix, and combinations in any order */
        { "-/bin/false", 0, NULL, { { F_IGN, "/bin/false", "/bin/false" } } },
        { "@/bin/sh sh -c 'echo hi'", 0, NULL, { { 0, "/bin/sh", "sh|-c|echo hi" } } },
        { ":/bin/echo $HOME", 0, NULL, { { F_NOENV, "/bin/echo", "/bin/echo|$HOME" } } },
        { "+/bin/x", 0, NULL, { { F_PRIV, "/bin/x", "/bin/x" } } },
        { "!/bin/x", 0, NULL, { { F_NOSUID, "/bin/x", "/bin/x" } } },
        { "!!/bin/x", 0, NULL, { { F_AMB, "/bin/x", "/bin/x" } } },
        { "-@:+/bin/sh shell", 0, NULL, { { F_IGN | F_NOENV | F_PRIV, "/bin/sh", "shell" } } },
        { ":-@!!/bin/true true", 0, NULL, { { F_IGN | F_NOENV | F_AMB, "/bin/true", "true" } } },
        { "!!-/bin/x", 0, NULL, { { F_IGN | F_AMB, "/bin/x", "/bin/x" } } },
        { "@-/bin/x x0 a", 0, NULL, { { F_IGN, "/bin/x", "x0|a" } } },
        { "\"-/bin/true\"", 0, NULL, { { F_IGN, "/bin/true", "/bin/true" } } },
        { "@/bin/true ''", 0, NULL, { { 0, "/bin/true", "" } } },
        /* conflicting or repeated prefixes leave a path that is not one */
        { "+!/bin/true", -ENOEXEC, "Neither a valid executable name nor an absolute path: !/bin/true", {} },
        { "!+/bin/true", -ENOEXEC, "Neither a valid executable name nor an absolute path: +/bin/true", {} },
        { "!!!/bin/true", -ENOEXEC, "Neither a valid executable name nor an absolute path: !/bin/true", {} },
        { "@@/bin/true x", -ENOEXEC, "Neither a valid executable name nor an absolute path: @/bin/true", {} },
        { "::/bin/true", -ENOEXEC, "Neither a valid executable name nor an absolute path: :/bin/true", {} },
        { "--/bin/true", 0, "Neither a valid executable name nor an absolute path, ignoring: -/bin/true", {} },
        /* several commands, separated by a lone ";" */
        { "/bin/a 1 ; /bin/b 2", 0, NULL, { { 0, "/bin/a", "/bin/a|1" }, { 0, "/bin/b", "/bin/b|2" } } },
        { "/bin/a;x ; -/bin/b ; @/bin/c c", 0, NULL,
          { { 0, "/bin/a;x", "/bin/a;x" }, { F_IGN, "/bin/b", "/bin/b" }, { 0, "/bin/c", "c" } } },
        { "/bin/a ; ; /bin/b", 0, NULL, { { 0, "/bin/a", "/bin/a" }, { 0, "/bin/b", "/bin/b" } } },
        { "; /bin/a", 0, NULL, { { 0, "/bin/a", "/bin/a" } } },
        { "/bin/a ;", 0, NULL, { { 0, "/bin/a", "/bin/a" } } },
        { "/bin/a ;/bin/b", 0, NULL, { { 0, "/bin/a", "/bin/a|;/bin/b" } } },
        { "/bin/echo a;b c;", 0, NULL, { { 0, "/bin/echo", "/bin/echo|a;b|c;" } } },
        /* "\;" and a quoted ";" are literal arguments */
        { "/bin/echo \\; x", 0, NULL, { { 0, "/bin/echo", "/bin/echo|;|x" } } },
        { "/bin/echo ';' \";\"", 0, NULL, { { 0, "/bin/echo", "/bin/echo|;|;" } } },
        { "/bin/echo \\;", 0, NULL, { { 0, "/bin/echo", "/bin/echo|;" } } },
        /* quoting and escapes (systemd.syntax(7)) */
        { "/bin/echo \"a b\" 'c d' e\\tf \"x\\\"y\" 'it''s'", 0, NULL,
          { { 0, "/bin/echo", "/bin/echo|a b|c d|e\tf|x\"y|its" } } },
        { "/bin/echo \\x41\\u00e9 \\101 \\s", 0, NULL, { { 0, "/bin/echo", "/bin/echo|Aé|A| " } } },
        { "/bin/echo a\"b c\"d", 0, NULL, { { 0, "/bin/echo", "/bin/echo|ab cd" } } },
        { "/bin/tr\"u\"e", 0, NULL, { { 0, "/bin/true", "/bin/true" } } },
        { "/bin/true\\x20x", 0, NULL, { { 0, "/bin/true x", "/bin/true x" } } },
        { "/bin/echo \\q", 0, "Ignoring unknown escape sequences", { { 0, "/bin/echo", "/bin/echo|\\q" } } },
        { "/bin/echo a\\ b", 0, "Ignoring unknown escape sequences", { { 0, "/bin/echo", "/bin/echo|a\\ b" } } },
        /* variables stay for the start-time expansion */
        { "/bin/echo $FOO ${BAR} $$ a$B", 0, NULL, { { 0, "/bin/echo", "/bin/echo|$FOO|${BAR}|$$|a$B" } } },
        /* specifiers, expanded per word after unquoting */
        { "/usr/lib/%p/helper %i '%n x' 100%%", 0, NULL,
          { { 0, "/usr/lib/foo/helper", "/usr/lib/foo/helper|bar|foo@bar.service x|100%" } } },
        { "%N-run", 0, NULL, { { 0, "foo@bar-run", "foo@bar-run" } } },
        { "/bin/true 50%", 0, NULL, { { 0, "/bin/true", "/bin/true|50%" } } },
        /* fatal problems */
        { "bin/true", -ENOEXEC, "Neither a valid executable name nor an absolute path: bin/true", {} },
        { "./true", -ENOEXEC, "Neither a valid executable name nor an absolute path: ./true", {} },
        { "/bin/", -ENOEXEC, "Executable path specifies a directory: /bin/", {} },
        { "/bin/tr\\x01ue", -ENOEXEC, "Executable name contains special characters", {} },
        { "true\\;", -ENOEXEC, "Executable name contains special characters", {} },
        { "'' a", -ENOEXEC, "Empty path in command line", {} },
        { "@", -ENOEXEC, "Empty path in command line: @", {} },
        { "@/bin/true", -ENOEXEC, "Empty executable name or zeroeth argument: @/bin/true", {} },
        { "@/bin/true ; /bin/b", -ENOEXEC, "Empty executable name or zeroeth argument", {} },
        { "/bin/true 'unterminated", -ENOEXEC, "Unbalanced quoting", {} },
        { "\"/bin/true", -ENOEXEC, "Unbalanced quoting", {} },
        { "/bin/true %Z", -ENOEXEC, "Failed to resolve specifiers in %Z: ", {} },
        { "%Z/true", -ENOEXEC, "Failed to resolve specifiers in %Z/true: ", {} },
        { "/bin/a ; bin/b", -ENOEXEC, "Neither a valid executable name nor an absolute path: bin/b",
          { { 0, "/bin/a", "/bin/a" } } },
        { "/bin/a ; /bin/b 'x", -ENOEXEC, "Unbalanced quoting", { { 0, "/bin/a", "/bin/a" } } },
        /* the same, made harmless by "-": a warning, and the rest of the line is dropped */
        { "-bin/true", 0, "Neither a valid executable name nor an absolute path, ignoring: bin/true", {} },
        { "-/bin/true 'x", 0, "Unbalanced quoting, ignoring", {} },
        { "-@/bin/true", 0, "Empty executable name or zeroeth argument, ignoring", {} },
        { "-", 0, "Empty path in command line, ignoring: -", {} },
        { "- /bin/true", 0, "Empty path in command line, ignoring", {} },
        { "-/bin/true %Z", 0, "Failed to resolve specifiers in %Z, ignoring", {} },
        { "-/bin/", 0, "Executable path specifies a directory, ignoring", {} },
        { "/bin/a ; -bin/x ; /bin/c", 0, "ignoring: bin/x", { { 0, "/bin/a", "/bin/a" } } },
        { "/bin/a ; -/bin/b 'x", 0, "Unbalanced quoting, ignoring: -/bin/b 'x", { { 0, "/bin/a", "/bin/a" } } },
        /* broken quoting in a first word is fatal even after an earlier "-" command */
        { "-/bin/a ; /bin/b 'x", -ENOEXEC, "Unbalanced quoting", { { F_IGN, "/bin/a", "/bin/a" } } },
};

static void test_exec_table(void **state) {
        (void) state;
        for (size_t i = 0; i < sizeof(exec_cases) / sizeof(exec_cases[0]); i++) {
                const ExecCase *t = &exec_cases[i];
                ExecCommand *list = NULL;
                const char *log;

                int r = run(config_parse_exec, "ExecStart", true, 0, t->line, &list, &log);
                if (r != t->r)
                        fail_msg("ExecStart=%s: returned %d, expected %d (log: %s)", t->line, r, t->r, log);
                if (t->warning)
                        assert_warned(log, t->warning);
                else
                        assert_silent(log);

                const ExecCommand *c = list;
                for (size_t k = 0; k < 3 && t->cmd[k].path; k++, c = c->next) {
                        if (!c)
                                fail_msg("ExecStart=%s: command %zu missing", t->line, k);
                        _cleanup_free_ char *argv = strv_join(c->argv, "|");
                        if (strcmp(c->path, t->cmd[k].path) != 0 || strcmp(argv, t->cmd[k].argv) != 0 ||
                            (int) c->flags != t->cmd[k].flags)
                                fail_msg("ExecStart=%s: command %zu is %#x \"%s\" [%s], expected %#x \"%s\" [%s]",
                                         t->line, k, (unsigned) c->flags, c->path, argv, t->cmd[k].flags,
                                         t->cmd[k].path, t->cmd[k].argv);
                }
                if (c)
                        fail_msg("ExecStart=%s: unexpected extra command %s", t->line, c->path);
                exec_command_free_list(list);
        }
}

static void test_exec_append_and_reset(void **state) {
        ExecCommand *list = NULL;
        (void) state;

        assert_int_equal(run(config_parse_exec, "ExecStartPre", true, 0, "/bin/a", &list, NULL), 0);
        assert_int_equal(run(config_parse_exec, "ExecStartPre", true, 0, "/bin/b ; /bin/c", &list, NULL), 0);
        assert_string_equal(list->path, "/bin/a");
        assert_string_equal(list->next->path, "/bin/b");
        assert_string_equal(list->next->next->path, "/bin/c");
        assert_null(list->next->next->next);
        /* an ignored failure leaves what was there */
        assert_int_equal(run(config_parse_exec, "ExecStartPre", true, 0, "-rel/x", &list, NULL), 0);
        assert_null(list->next->next->next);
        /* empty resets */
        assert_int_equal(run(config_parse_exec, "ExecStartPre", true, 0, "", &list, NULL), 0);
        assert_null(list);
        /* without a specifier context, "%" stays as written */
        assert_int_equal(run(config_parse_exec, "ExecStart", false, 0, "/bin/echo %n", &list, NULL), 0);
        assert_string_equal(list->argv[1], "%n");
        list = exec_command_free_list(list);
        assert_null(exec_command_free_list(NULL));
}

static void test_exec_command_to_string(void **state) {
        static const struct {
                const char *line, *rendered;
        } cases[] = {
                { "/bin/true", "/bin/true" },
                { "/bin/echo a b", "/bin/echo a b" },
                { "/bin/echo 'a b' '' \\; x\\ty 'q\"' \\\\", "/bin/echo \"a b\" \"\" \";\" \"x\\ty\" \"q\\\"\" \"\\\\\"" },
                { "@/bin/sh sh -c 'exit 0'", "@/bin/sh sh -c \"exit 0\"" },
                { "-:/bin/echo $X", "/bin/echo $X" },
                { "/bin/echo \\x01 \\n", "/bin/echo \"\\x01\" \"\\n\"" },
        };
        (void) state;
        assert_null(exec_command_to_string(NULL));
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                ExecCommand *list = NULL, *again = NULL;
                assert_int_equal(run(config_parse_exec, "ExecStart", false, 0, cases[i].line, &list, NULL), 0);
                _cleanup_free_ char *s = exec_command_to_string(list);
                assert_non_null(s);
                if (strcmp(s, cases[i].rendered) != 0)
                        fail_msg("%s rendered as %s, expected %s", cases[i].line, s, cases[i].rendered);
                /* the rendering reads back as the same path and argv */
                assert_int_equal(run(config_parse_exec, "ExecStart", false, 0, s, &again, NULL), 0);
                assert_string_equal(again->path, list->path);
                _cleanup_free_ char *a = strv_join(list->argv, "|"), *b = strv_join(again->argv, "|");
                assert_string_equal(a, b);
                exec_command_free_list(list);
                exec_command_free_list(again);
        }
}

static void test_enum_macro(void **state);

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_bool),
                cmocka_unit_test(test_tristate),
                cmocka_unit_test(test_string),
                cmocka_unit_test(test_path),
                cmocka_unit_test(test_strv),
                cmocka_unit_test(test_path_strv),
                cmocka_unit_test(test_unit_names),
                cmocka_unit_test(test_numbers),
                cmocka_unit_test(test_sec_nsec),
                cmocka_unit_test(test_sizes),
                cmocka_unit_test(test_mode_signal),
                cmocka_unit_test(test_rlimit),
                cmocka_unit_test(test_environ),
                cmocka_unit_test(test_exec_table),
                cmocka_unit_test(test_exec_append_and_reset),
                cmocka_unit_test(test_exec_command_to_string),
                cmocka_unit_test(test_enum_macro),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/* DEFINE_CONFIG_PARSE_ENUM, with a tiny enum of its own. */
typedef enum Color { COLOR_NONE, COLOR_RED, COLOR_BLUE } Color;
static int color_from_string(const char *s) {
        return strcmp(s, "red") == 0 ? COLOR_RED : strcmp(s, "blue") == 0 ? COLOR_BLUE : -EINVAL;
}
int config_parse_color(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
DEFINE_CONFIG_PARSE_ENUM(config_parse_color, color_from_string, Color, "Failed to parse color");

static void test_enum_macro(void **state) {
        Color c = COLOR_NONE;
        const char *log;
        (void) state;
        assert_int_equal(run(config_parse_color, "Color", false, 0, "blue", &c, &log), 0);
        assert_int_equal(c, COLOR_BLUE);
        assert_int_equal(run(config_parse_color, "Color", false, 0, "green", &c, &log), 0);
        assert_warned(log, "Failed to parse color, ignoring: green");
        assert_int_equal(c, COLOR_BLUE);
        assert_int_equal(run(config_parse_color, "Color", false, 0, "", &c, &log), 0);
        assert_int_equal(c, COLOR_NONE);
}
