/* condition-host.c — the condition tests about the running system's identity: the kernel
 * command line (or PID 1's, in a container) and kernel version, os-release, the hostname or
 * machine ID, and the manager's own capability bounding set and environment. Files come from
 * below the caller's root; uname() answers only for the running system itself. */
#include <fnmatch.h>
#include <sys/capability.h>
#include <sys/utsname.h>

#include "condition-eval-internal.h"
#include "env-util.h"
#include "fileio.h"
#include "log.h"
#include "parse-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

extern char **environ;

/* ---- kernel command line, os-release, identity ---- */

static int read_kernel_command_line(const char *root, char **ret) {
        /* Inside a container /proc/cmdline is the host's; what the container manager handed to
         * our PID 1 is what a unit there means, as systemd.unit(5) documents. */
        if (condition_detect_container(root) > 0) {
                char *s;
                size_t n;
                _cleanup_free_ char *p = condition_path(root, "/proc/1/cmdline");
                if (!p)
                        return -ENOMEM;
                int r = read_full_file(p, CONDITION_FILE_MAX, &s, &n);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < n; i++)
                        if (s[i] == 0)
                                s[i] = ' ';
                *ret = s;
                return 0;
        }
        return condition_read_line(root, "/proc/cmdline", ret);
}

static bool cmdline_key_equal(const char *a, const char *b, size_t n) {
        /* "-" and "_" are the same on the kernel command line. */
        for (size_t i = 0; i < n; i++) {
                char x = a[i] == '_' ? '-' : a[i], y = b[i] == '_' ? '-' : b[i];
                if (x != y)
                        return false;
        }
        return true;
}

/* The boolean value of a "key[=bool]" switch on the kernel command line: 1 and *ret when found
 * (the last occurrence counts), 0 when absent. */
int condition_cmdline_get_bool(const char *root, const char *key, bool *ret) {
        _cleanup_free_ char *line = NULL;
        int found = 0;
        size_t l = strlen(key);

        if (read_kernel_command_line(root, &line) < 0)
                return 0;
        for (const char *p = line;;) {
                _cleanup_free_ char *word = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX);
                if (r <= 0)
                        return found;
                if (strlen(word) < l || !cmdline_key_equal(word, key, l))
                        continue;
                if (word[l] == 0) {
                        *ret = true;
                        found = 1;
                } else if (word[l] == '=') {
                        int b = parse_boolean(word + l + 1);
                        if (b >= 0) {
                                *ret = b;
                                found = 1;
                        }
                }
        }
}

int condition_test_kernel_command_line(const Condition *c, const char *root) {
        _cleanup_free_ char *line = NULL;
        bool assignment = strchr(c->parameter, '=');
        int r = read_kernel_command_line(root, &line);
        if (r < 0)
                return r;

        for (const char *p = line;;) {
                _cleanup_free_ char *word = NULL;
                r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX);
                if (r < 0)
                        return r;
                if (r == 0)
                        return 0;
                if (assignment) {
                        if (streq(word, c->parameter))
                                return 1;
                } else {
                        /* A bare word also matches the left side of an assignment. */
                        const char *e = startswith(word, c->parameter);
                        if (e && (*e == 0 || *e == '='))
                                return 1;
                }
        }
}

static int kernel_release(const char *root, char **ret) {
        if (condition_root_is_host(root)) {
                struct utsname u;
                if (uname(&u) < 0)
                        return -errno;
                *ret = strdup(u.release);
                return *ret ? 0 : -ENOMEM;
        }
        return condition_read_line(root, "/proc/sys/kernel/osrelease", ret);
}

int condition_test_kernel_version(const Condition *c, const char *root) {
        _cleanup_free_ char *release = NULL;
        int r = kernel_release(root, &release);
        if (r < 0)
                return r;

        bool first = true;
        for (const char *p = c->parameter;; first = false) {
                _cleanup_free_ char *word = NULL;
                r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        return 1;

                const char *s = strstrip(word);
                CompareOperator op = compare_operator_parse(&s, COMPARE_ALLOW_FNMATCH | COMPARE_EQUAL_BY_STRING);
                if (op < 0)
                        op = COMPARE_FNMATCH_EQUAL; /* a bare word is a glob */
                else {
                        s = skip_leading(s, WHITESPACE);
                        if (isempty(s)) {
                                /* ">= 4.0": an operator alone may be followed by its value as the
                                 * next word, but only in the first expression (older syntax). */
                                if (!first)
                                        return log_debug_errno(EINVAL, "Unexpected end of expression: %s", c->parameter);
                                free(word);
                                word = NULL;
                                r = extract_first_word(&p, &word, NULL, 0);
                                if (r < 0)
                                        return r;
                                if (r == 0)
                                        return log_debug_errno(EINVAL, "Unexpected end of expression: %s", c->parameter);
                                s = word;
                        }
                }
                r = version_or_fnmatch_compare(op, release, s);
                if (r <= 0)
                        return r;
        }
}

/* Looks key up in an env-like file (os-release): 1 and the value, 0 if the key is absent. */
int condition_env_file_lookup(const char *text, const char *key, char **ret) {
        _cleanup_free_ char *value = NULL;
        int found = 0;
        size_t l = strlen(key);

        for (const char *line = text; line && *line;) {
                const char *end = strchrnul(line, '\n');
                const char *k = skip_leading(line, WHITESPACE);
                if ((size_t) (end - k) > l && strncmp(k, key, l) == 0 && k[l] == '=') {
                        _cleanup_free_ char *raw = strndup(k + l + 1, (size_t) (end - k - l - 1));
                        if (!raw)
                                return -ENOMEM;
                        const char *p = raw;
                        char *w = NULL;
                        int r = extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX);
                        if (r < 0)
                                return r;
                        free(value);
                        value = w ?: strdup("");
                        if (!value)
                                return -ENOMEM;
                        found = 1; /* shell semantics: the last assignment wins */
                }
                line = *end ? end + 1 : NULL;
        }
        if (found)
                *ret = TAKE_PTR(value);
        return found;
}

static int os_release_value(const char *root, const char *key, char **ret) {
        _cleanup_free_ char *text = NULL;
        int r = condition_read_file(root, "/etc/os-release", &text);
        if (r == -ENOENT)
                r = condition_read_file(root, "/usr/lib/os-release", &text);
        if (r < 0)
                return r;
        r = condition_env_file_lookup(text, key, ret);
        if (r == 0)
                *ret = NULL;
        return r < 0 ? r : 0;
}

int condition_test_os_release(const Condition *c, const char *root) {
        for (const char *p = c->parameter;;) {
                _cleanup_free_ char *expr = NULL, *key = NULL, *actual = NULL;
                int r = extract_first_word(&p, &expr, NULL, EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        return 1;

                size_t k = strcspn(expr, "!<=>$");
                key = strndup(expr, k);
                if (!key)
                        return -ENOMEM;
                const char *s = expr + k;
                /* os-release keys are shell variable names, and a value may not start with
                 * whitespace, since the file format does not allow that either. */
                CompareOperator op = env_name_is_valid(key) ?
                        compare_operator_parse(&s, COMPARE_ALLOW_FNMATCH | COMPARE_EQUAL_BY_STRING) :
                        _COMPARE_OPERATOR_INVALID;
                if (op < 0 || isempty(s) || strchr(WHITESPACE, *s))
                        return log_debug_errno(EINVAL, "Expected KEY=value in OSRelease=, got \"%s\"", expr);

                r = os_release_value(root, key, &actual);
                if (r < 0)
                        return log_debug_errno(r, "Failed to read os-release: %m");
                /* A missing key compares as the empty value. */
                r = version_or_fnmatch_compare(op, strempty(actual), s);
                if (r <= 0)
                        return r;
        }
}

static bool id128_parse(const char *s, char ret[33]) {
        /* 32 hex digits, or the same as a UUID with dashes; lowered for comparison. */
        size_t n = 0;
        size_t l = strlen(s);
        if (l != 32 && l != 36)
                return false;
        for (size_t i = 0; i < l; i++) {
                if (l == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
                        if (s[i] != '-')
                                return false;
                        continue;
                }
                char ch = s[i];
                if (ch >= 'A' && ch <= 'F')
                        ch = (char) (ch - 'A' + 'a');
                if (!strchr("0123456789abcdef", ch) || ch == 0)
                        return false;
                ret[n++] = ch;
        }
        ret[n] = 0;
        return n == 32;
}

int condition_test_host(const Condition *c, const char *root) {
        char want[33], have[33];

        if (id128_parse(c->parameter, want)) {
                _cleanup_free_ char *id = NULL;
                int r = condition_read_line(root, "/etc/machine-id", &id);
                if (r < 0)
                        return log_debug_errno(r, "Failed to read machine ID: %m");
                if (!id128_parse(id, have))
                        return log_debug_errno(EINVAL, "Invalid machine ID: %s", id);
                return streq(want, have);
        }

        _cleanup_free_ char *host = NULL;
        if (condition_root_is_host(root)) {
                struct utsname u;
                if (uname(&u) < 0)
                        return -errno;
                host = strdup(u.nodename);
                if (!host)
                        return -ENOMEM;
        } else {
                int r = condition_read_line(root, "/proc/sys/kernel/hostname", &host);
                if (r < 0)
                        return r;
        }
        return fnmatch(c->parameter, host, FNM_CASEFOLD) == 0;
}
int condition_test_capability(const Condition *c, const char *root) {
        cap_value_t cap;
        _cleanup_free_ char *status = NULL;
        uint64_t set;

        /* libcap takes "cap_net_admin", any case, and numbers. */
        if (cap_from_name(c->parameter, &cap) < 0 || cap < 0 || cap > 63)
                return log_debug_errno(EINVAL, "Unknown capability: %s", c->parameter);

        int r = condition_read_file(root, "/proc/self/status", &status);
        if (r < 0)
                return r;
        const char *p = strstr(status, "\nCapBnd:");
        if (!p)
                return -ENODATA;
        p = skip_leading(p + strlen("\nCapBnd:"), WHITESPACE);
        _cleanup_free_ char *hex = strndup(p, strspn(p, "0123456789abcdefABCDEF"));
        if (!hex)
                return -ENOMEM;
        _cleanup_free_ char *x = strjoin("0x", hex);
        if (!x)
                return -ENOMEM;
        r = safe_atou64(x, &set);
        if (r < 0)
                return r;
        return !!(set & (UINT64_C(1) << cap));
}

int condition_test_environment(const Condition *c, const char *root) {
        bool assignment = strchr(c->parameter, '=');
        STRV_FOREACH(e, environ) {
                if (assignment) {
                        if (streq(*e, c->parameter))
                                return 1;
                } else {
                        const char *rest = startswith(*e, c->parameter);
                        if (rest && (*rest == 0 || *rest == '='))
                                return 1;
                }
        }
        return 0;
}
