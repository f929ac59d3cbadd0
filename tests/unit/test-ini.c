/* test-ini.c — the INI syntax of unit files, driven by a table of inputs: comments,
 * continuation lines, byte order marks, trimming, sections, and every kind of malformed
 * line, each with the callbacks it must produce, the warnings and errors it must count and
 * a message it must print. Hostile inputs (a 10 MB line, an endless continuation, NUL
 * bytes, random garbage) must end in a clean error, never a crash. Where sysMaster knowingly
 * differs from systemd 252 (measured with `systemd-analyze verify` on the same bytes) the
 * case says so, so a change towards systemd shows up here as a deliberate edit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "fileio.h"
#include "ini.h"
#include "log.h"
#include "macro.h"
#include "string-util.h"

/* What the callbacks saw, as "[Section]" and "LINE:Section.Key=Value" joined by "|". */
typedef struct Recorder {
        char *calls;
        int fail_section;    /* <0: on_section returns this */
        int fail_assignment; /* <0: on_assignment returns this */
        unsigned n_assignments;
} Recorder;

static void record(Recorder *r, const char *s) {
        assert_non_null(strextend(&r->calls, r->calls && *r->calls ? "|" : "", s));
}

static bool section_known(const char *section, void *userdata) {
        return streq(section, "Unit") || streq(section, "Service") || streq(section, "Install");
}

static int on_section(const char *filename, unsigned line, const char *section, void *userdata) {
        Recorder *r = userdata;
        _cleanup_free_ char *s = strjoin("[", section, "]");
        assert_non_null(s);
        record(r, s);
        return r->fail_section;
}

static int on_assignment(const char *filename, unsigned line, const char *section, const char *key,
                         const char *value, void *userdata) {
        Recorder *r = userdata;
        char head[64], *s;

        /* What every assignment must look like, whatever the input. */
        assert_non_null(section);
        assert_true(section_known(section, NULL));
        assert_true(*key);
        assert_false(strchr(WHITESPACE, key[0]) || strchr(WHITESPACE, key[strlen(key) - 1]));
        assert_false(*value && (strchr(WHITESPACE, value[0]) || strchr(WHITESPACE, value[strlen(value) - 1])));
        assert_null(strchr(key, '='));
        assert_true(line > 0);

        r->n_assignments++;
        snprintf(head, sizeof head, "%u:", line);
        if (strlen(value) > 80) { /* the huge values of the limit tests: record their size */
                char size[32];
                snprintf(size, sizeof size, "<%zu bytes>", strlen(value));
                s = strjoin(head, section, ".", key, "=", size);
        } else
                s = strjoin(head, section, ".", key, "=", value);
        assert_non_null(s);
        record(r, s);
        free(s);
        return r->fail_assignment;
}

/* stderr is sent to a temporary file while a case runs, so messages can be checked. */
typedef struct Capture {
        int saved;
        FILE *f;
} Capture;

static void capture_begin(Capture *c) {
        c->f = tmpfile();
        assert_non_null(c->f);
        c->saved = dup(STDERR_FILENO);
        assert_true(c->saved >= 0);
        assert_true(dup2(fileno(c->f), STDERR_FILENO) >= 0);
}

static char *capture_end(Capture *c) {
        char *text = NULL;
        size_t n = 0;

        assert_true(dup2(c->saved, STDERR_FILENO) >= 0);
        close(c->saved);
        rewind(c->f);
        FILE *m = open_memstream(&text, &n);
        assert_non_null(m);
        for (int ch; (ch = getc(c->f)) != EOF;)
                fputc(ch, m);
        fclose(m);
        fclose(c->f);
        return text;
}

typedef struct ParseResult {
        int ret;
        char *calls;
        char *messages;
        unsigned warnings, errors;
} ParseResult;

static void parse_result_done(ParseResult *p) {
        free(p->calls);
        free(p->messages);
}

/* Parses size bytes (NULs allowed) as the unit file "test.service". */
static ParseResult parse_bytes(const char *data, size_t size, bool relaxed, int fail_section,
                               int fail_assignment) {
        Recorder r = { .fail_section = fail_section, .fail_assignment = fail_assignment };
        IniParser p = {
                .section_known = section_known,
                .on_section = on_section,
                .on_assignment = on_assignment,
                .userdata = &r,
                .relaxed = relaxed,
        };
        ParseResult res = {};
        Capture c;

        log_reset_counts();
        capture_begin(&c);
        if (size == 0)
                res.ret = ini_parse_string(&p, "test.service", "");
        else {
                FILE *f = fmemopen((void *) data, size, "r");
                assert_non_null(f);
                res.ret = ini_parse_file(&p, "test.service", f);
                fclose(f);
        }
        res.messages = capture_end(&c);
        res.warnings = log_count_warnings();
        res.errors = log_count_errors();
        res.calls = r.calls ?: strdup("");
        assert_non_null(res.calls);
        return res;
}

typedef struct IniCase {
        const char *name;
        const char *input;
        size_t size;          /* 0: strlen(input); set it for inputs with NUL bytes */
        bool relaxed;
        int ret;
        const char *calls;
        unsigned warnings, errors;
        const char *message;  /* must appear on stderr; NULL: nothing is printed */
} IniCase;

#define RAW(s) .input = s, .size = sizeof(s) - 1

static const IniCase cases[] = {
        { "empty file", "", .calls = "" },
        { "blank lines and comments only", "  \n\t\n# x\n; y\n", .calls = "" },
        { "comments", "# c\n; c\n[Unit]\n  # indented\n\t; tab\nA=1\n", .calls = "[Unit]|6:Unit.A=1" },
        { "a '#' after a value is part of it", "[Unit]\nA=1 # not a comment\n",
          .calls = "[Unit]|2:Unit.A=1 # not a comment" },
        { "continuation", "[Unit]\nA=a\\\nb\n", .calls = "[Unit]|3:Unit.A=a b" },
        { "continuation keeps inner blanks", "[Unit]\nA=a \\\n  b\n", .calls = "[Unit]|3:Unit.A=a    b" },
        { "continuation over three lines", "[Unit]\nA=a\\\nb\\\nc\n", .calls = "[Unit]|4:Unit.A=a b c" },
        { "comment lines inside a continuation are dropped", "[Unit]\nA=a\\\n# c \\\n ; d\nb\n",
          .calls = "[Unit]|5:Unit.A=a b" },
        { "even number of backslashes: no continuation", "[Unit]\nA=a\\\\\nB=b\n",
          .calls = "[Unit]|2:Unit.A=a\\\\|3:Unit.B=b" },
        { "odd number of backslashes: continuation", "[Unit]\nA=a\\\\\\\nB=b\n",
          .calls = "[Unit]|3:Unit.A=a\\\\ B=b" },
        { "blank after the backslash: no continuation", "[Unit]\nA=a \\  \nB=b\n",
          .calls = "[Unit]|2:Unit.A=a \\|3:Unit.B=b" },
        { "a blank line ends a continuation", "[Unit]\nA=a\\\n\nB=b\n", .calls = "[Unit]|3:Unit.A=a|4:Unit.B=b" },
        { "continuation at end of file", "[Unit]\nA=a\\", .calls = "[Unit]|2:Unit.A=a" },
        { "a continuation swallows a section header", "[Unit]\nA=a\\\n[Service]\nB=b\n",
          .calls = "[Unit]|3:Unit.A=a [Service]|4:Unit.B=b" },
        { "byte order mark", "\xef\xbb\xbf[Unit]\nA=1\n", .calls = "[Unit]|2:Unit.A=1" },
        /* systemd 252 looks for comments before it strips the mark, and warns "Assignment
         * outside of section" for this first line; a comment is the better reading. */
        { "byte order mark before a comment", "\xef\xbb\xbf# c\n[Unit]\nA=1\n", .calls = "[Unit]|3:Unit.A=1" },
        { "byte order mark only counts on line 1", "[Unit]\n\xef\xbb\xbf" "A=1\n",
          .calls = "[Unit]|2:Unit.\xef\xbb\xbf" "A=1" },
        { "whitespace is trimmed", " \t[Unit] \t\n \tKey \t=\t value  with  spaces \t\n",
          .calls = "[Unit]|2:Unit.Key=value  with  spaces" },
        { "CRLF line ends", "[Unit]\r\nA=1\r\n\r\n[Service]\r\nB=2\r\n",
          .calls = "[Unit]|2:Unit.A=1|[Service]|5:Service.B=2" },
        { "empty value", "[Unit]\nA=\nB= \n", .calls = "[Unit]|2:Unit.A=|3:Unit.B=" },
        { "'=' inside a value", "[Unit]\nA=b=c\n", .calls = "[Unit]|2:Unit.A=b=c" },
        { "sections switch", "[Unit]\nA=1\n[Service]\nA=2\n[Unit]\nB=3\n",
          .calls = "[Unit]|2:Unit.A=1|[Service]|4:Service.A=2|[Unit]|6:Unit.B=3" },
        { "section names are case-sensitive", "[unit]\nA=1\n[Unit]\nB=2\n",
          .calls = "[Unit]|4:Unit.B=2", .warnings = 1,
          .message = "test.service:1: Unknown section 'unit'. Ignoring." },
        { "blanks inside brackets belong to the name", "[ Unit ]\nA=1\n", .calls = "", .warnings = 1,
          .message = "Unknown section ' Unit '. Ignoring." },
        { "X- sections are skipped quietly", "[X-Vendor]\nA=1\nnoequals\n[Unit]\nB=2\n",
          .calls = "[Unit]|5:Unit.B=2" },
        { "lines of an unknown section are skipped quietly", "[Foo]\nA=1\nnoequals\n=x\n", .calls = "",
          .warnings = 1, .message = "test.service:1: Unknown section 'Foo'. Ignoring." },
        { "empty section name", "[]\nA=1\n", .calls = "", .warnings = 1, .message = "Unknown section ''. Ignoring." },
        { "assignment outside a section", "A=1\n[Unit]\n", .calls = "[Unit]", .warnings = 1,
          .message = "test.service:1: Assignment outside of section. Ignoring." },
        { "missing '='", "[Unit]\nnoequals\nB=2\n", .calls = "[Unit]|3:Unit.B=2", .warnings = 1,
          .message = "test.service:2: Missing '=', ignoring line." },
        { "empty key", "[Unit]\n=v\n  =v\nB=2\n", .calls = "[Unit]|4:Unit.B=2", .warnings = 2,
          .message = "test.service:3: Missing key name before '=', ignoring line." },
        { "relaxed: no warnings for stray lines or unknown sections", "A=1\n[Foo]\nB=2\n[Unit]\nC=3\n",
          .relaxed = true, .calls = "[Unit]|5:Unit.C=3" },
        { "invalid section header", "[Unit]\nA=1\n[Service\nB=2\n", .ret = -EBADMSG,
          .calls = "[Unit]|2:Unit.A=1", .errors = 1,
          .message = "test.service:3: Invalid section header '[Service'" },
        { "comment after a section header", "[Unit] # c\nA=1\n", .ret = -EBADMSG, .calls = "", .errors = 1,
          .message = "Invalid section header '[Unit] # c'" },
        { "a lone bracket", "[\n", .ret = -EBADMSG, .calls = "", .errors = 1, .message = "Invalid section header '['" },
        { "bad characters in a section header", "[Un\"it]\n", .ret = -EBADMSG, .calls = "", .errors = 1,
          .message = "Bad characters in section header '[Un\"it]'" },
        { "control character in a section header", "[Un\x01it]\n", .ret = -EBADMSG, .calls = "", .errors = 1,
          .message = "test.service:1: Bad characters in section header" },
        { "control characters in a value pass through", "[Unit]\nA=a\x01" "b\n", .calls = "[Unit]|2:Unit.A=a\x01" "b" },
        /* systemd 252 ends a line at a NUL byte (so "b" becomes line 3, "Missing '='", and
         * B=c line 4); sysMaster drops the rest of the line after the NUL. */
        { "NUL byte inside a line", RAW("[Unit]\nA=a\0b\nB=c\n"), .calls = "[Unit]|2:Unit.A=a|3:Unit.B=c" },
        { "NUL bytes only", RAW("\0\0\0\n\0"), .calls = "" },
        /* systemd 252 says the same but then refuses the whole file (-EINVAL), and prints
         * the line with the bad bytes replaced. */
        { "invalid UTF-8 in a value", "[Unit]\nA=\xff\nB=2\n", .calls = "[Unit]|3:Unit.B=2", .warnings = 1,
          .message = "test.service:2: String is not UTF-8 clean, ignoring assignment" },
        { "invalid UTF-8 in a section header", "[Un\xc3it]\nA=1\n", .calls = "", .warnings = 2,
          .message = "String is not UTF-8 clean" },
        { "valid UTF-8", "[Unit]\nDescription=Grüße ✓\n", .calls = "[Unit]|2:Unit.Description=Grüße ✓" },
        /* systemd 252 also ends lines at a lone CR (old Mac files); sysMaster reads one line. */
        { "lone CR line ends", "[Unit]\rA=1\r", .ret = -EBADMSG, .calls = "", .errors = 1,
          .message = "Invalid section header" },
};

static void test_table(void **state) {
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const IniCase *t = &cases[i];
                size_t size = t->size ?: strlen(t->input);
                ParseResult r = parse_bytes(t->input, size, t->relaxed, 0, 0);
                bool ok = r.ret == t->ret && streq(r.calls, t->calls) && r.warnings == t->warnings &&
                          r.errors == t->errors &&
                          (t->message ? strstr(r.messages, t->message) != NULL : isempty(r.messages));
                if (!ok)
                        print_error("case \"%s\": ret %d (want %d), calls \"%s\" (want \"%s\"), "
                                    "%u warnings (want %u), %u errors (want %u), messages:\n%s",
                                    t->name, r.ret, t->ret, r.calls, t->calls, r.warnings, t->warnings,
                                    r.errors, t->errors, r.messages);
                parse_result_done(&r);
                assert_true(ok);
        }
}

static void test_callback_errors(void **state) {
        ParseResult r = parse_bytes("[Unit]\nA=1\nB=2\n", 16, false, 0, -EIO);
        assert_int_equal(r.ret, -EIO);
        assert_string_equal(r.calls, "[Unit]|2:Unit.A=1"); /* parsing stops at the first refusal */
        parse_result_done(&r);

        r = parse_bytes("[Unit]\nA=1\n", 11, false, -ENOMEM, 0);
        assert_int_equal(r.ret, -ENOMEM);
        assert_string_equal(r.calls, "[Unit]");
        parse_result_done(&r);
}

static int count_assignment(const char *filename, unsigned line, const char *section, const char *key,
                            const char *value, void *userdata) {
        (*(unsigned *) userdata)++;
        return 0;
}

static void test_no_section_filter(void **state) {
        unsigned n = 0;
        IniParser p = { .on_assignment = count_assignment, .userdata = &n };

        /* Without section_known every section is accepted. */
        assert_int_equal(ini_parse_string(&p, "x.conf", "[Anything]\na=1\n[Else]\nb=2\n"), 0);
        assert_int_equal(n, 2);
}

static void test_missing_file(void **state) {
        IniParser p = { .on_assignment = on_assignment };
        assert_int_equal(ini_parse_path(&p, "/nonexistent/test.service"), -ENOENT);
}

/* A line of `size` bytes "A=aaaa…" after "[Unit]", followed by "B=1". */
static char *long_line_file(size_t size, size_t *ret_size) {
        size_t n = 7 + size + 5;
        char *s = malloc(n + 1);
        assert_non_null(s);
        memcpy(s, "[Unit]\nA=", 9);
        memset(s + 9, 'a', size - 2);
        memcpy(s + 7 + size, "\nB=1\n", 6);
        *ret_size = n;
        return s;
}

static void test_long_lines(void **state) {
        size_t n;
        _cleanup_free_ char *ok = long_line_file(LONG_LINE_MAX - 1, &n);
        ParseResult r = parse_bytes(ok, n, false, 0, 0);
        assert_int_equal(r.ret, 0);
        char want[64];
        snprintf(want, sizeof want, "[Unit]|2:Unit.A=<%u bytes>|3:Unit.B=1", LONG_LINE_MAX - 3);
        assert_string_equal(r.calls, want);
        parse_result_done(&r);

        /* 10 MB on one line: refused with systemd's error, nothing after it is used. */
        _cleanup_free_ char *huge = long_line_file(10 * 1024 * 1024, &n);
        r = parse_bytes(huge, n, false, 0, 0);
        assert_int_equal(r.ret, -ENOBUFS);
        assert_string_equal(r.calls, "[Unit]");
        assert_int_equal(r.errors, 1);
        assert_non_null(strstr(r.messages, "test.service:2: Line too long"));
        parse_result_done(&r);
}

static void test_long_continuation(void **state) {
        /* Three lines of 400 kB, each short enough alone, joined past the 1 MiB limit. */
        const size_t chunk = 400 * 1024;
        size_t n = 0;
        _cleanup_free_ char *s = malloc(16 + 3 * (chunk + 2) + 16);
        assert_non_null(s);
        n += sprintf(s, "[Unit]\nA=");
        for (int i = 0; i < 3; i++) {
                memset(s + n, 'a', chunk);
                n += chunk;
                memcpy(s + n, "\\\n", 2);
                n += 2;
        }
        n += sprintf(s + n, "b\nB=1\n");
        ParseResult r = parse_bytes(s, n, false, 0, 0);
        assert_int_equal(r.ret, -ENOBUFS);
        assert_string_equal(r.calls, "[Unit]");
        assert_int_equal(r.errors, 1);
        assert_non_null(strstr(r.messages, "test.service:4: Continuation line too long"));
        parse_result_done(&r);
}

/* Random bytes, biased towards the characters the syntax cares about: the parser must end
 * with success or one of its documented errors, and every callback must get sane input
 * (checked in on_assignment). A fixed seed keeps failures reproducible. */
static void test_garbage(void **state) {
        static const char interesting[] = "[]=\\#; \t\r\n\0\xef\xbb\xbf\xff\xc3X-UnitService";
        uint64_t x = 0x9E3779B97F4A7C15ULL;
        char buf[2048];

        log_set_max_level(LOG_EMERG); /* thousands of warnings are expected; keep them quiet */
        for (int round = 0; round < 3000; round++) {
                size_t n = 0;
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                size_t len = 1 + x % sizeof buf;
                /* start most inputs in a known section so assignments get exercised */
                if (x & 1)
                        n = (size_t) snprintf(buf, sizeof buf, "[%s]\n", x & 2 ? "Unit" : "Service");
                for (; n < len; n++) {
                        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                        buf[n] = x % 3 ? interesting[(x >> 8) % (sizeof interesting - 1)] : (char) (x >> 16);
                }
                ParseResult r = parse_bytes(buf, len, false, 0, 0);
                assert_true(r.ret == 0 || r.ret == -EBADMSG);
                parse_result_done(&r);
        }
        log_set_max_level(LOG_INFO);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_table),
                cmocka_unit_test(test_callback_errors),
                cmocka_unit_test(test_no_section_filter),
                cmocka_unit_test(test_missing_file),
                cmocka_unit_test(test_long_lines),
                cmocka_unit_test(test_long_continuation),
                cmocka_unit_test(test_garbage),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
