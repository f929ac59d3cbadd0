/* condition-eval.c — evaluating Condition*= and Assert*= in the manager's own process, without
 * fork and without NSS: one test per type behind a table, the list rule of systemd.unit(5)
 * (every plain check must hold, and one triggering check if there are any), and the tests that
 * look at files, users, the kernel command line and os-release. Hardware, firmware and kernel
 * probes live in condition-system.c. Every file is read below the root the caller names, so the
 * tests of this module run against fake trees; facts the kernel gives by system call (uname,
 * uids, statfs) are always the running system's. */
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <sys/capability.h>

#include "condition-eval-internal.h"
#include "condition-eval.h"
#include "env-util.h"
#include "fileio.h"
#include "log.h"
#include "parse-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

extern char **environ;

/* systemd's default upper bound of system users (SYS_UID_MAX of login.defs). */
#define SYSTEM_UID_MAX 999

char *condition_path(const char *root, const char *path) {
        return path_prefix_root(root, path);
}

int condition_read_file(const char *root, const char *path, char **ret) {
        _cleanup_free_ char *p = condition_path(root, path);
        if (!p)
                return -ENOMEM;
        return read_full_file(p, CONDITION_FILE_MAX, ret, NULL);
}

int condition_read_line(const char *root, const char *path, char **ret) {
        char *s;
        int r = condition_read_file(root, path, &s);
        if (r < 0)
                return r;
        s[strcspn(s, "\n")] = 0;
        size_t l = strlen(s);
        while (l > 0 && strchr(WHITESPACE, s[l - 1]))
                s[--l] = 0;
        *ret = s;
        return 0;
}

int condition_path_exists(const char *root, const char *path) {
        _cleanup_free_ char *p = condition_path(root, path);
        if (!p)
                return -ENOMEM;
        if (access(p, F_OK) >= 0)
                return 1;
        return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
}

/* ---- comparisons ---- */

CompareOperator compare_operator_parse(const char **s, CompareFlags flags) {
        /* Longest first, since "<" is a prefix of "<=" and "<>", "=" of "==". */
        static const struct {
                const char *text;
                CompareOperator op;
                CompareFlags needs;   /* operator is skipped unless all of these are set */
                CompareFlags refuses; /* operator is an error unless all of these are set */
        } table[] = {
                { "$=", COMPARE_FNMATCH_EQUAL, 0, COMPARE_ALLOW_FNMATCH },
                { "!$=", COMPARE_FNMATCH_UNEQUAL, 0, COMPARE_ALLOW_FNMATCH },
                { "<>", COMPARE_UNEQUAL, 0, 0 },
                { "<=", COMPARE_LOWER_OR_EQUAL, 0, 0 },
                { ">=", COMPARE_GREATER_OR_EQUAL, 0, 0 },
                { "<", COMPARE_LOWER, 0, 0 },
                { ">", COMPARE_GREATER, 0, 0 },
                { "==", COMPARE_EQUAL, 0, 0 },
                { "=", COMPARE_STRING_EQUAL, COMPARE_EQUAL_BY_STRING, 0 },
                { "=", COMPARE_EQUAL, 0, 0 },
                { "!=", COMPARE_STRING_UNEQUAL, COMPARE_EQUAL_BY_STRING, 0 },
                { "!=", COMPARE_UNEQUAL, 0, 0 },
        };

        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                if ((flags & table[i].needs) != table[i].needs)
                        continue;
                const char *e = startswith(*s, table[i].text);
                if (!e)
                        continue;
                if ((flags & table[i].refuses) != table[i].refuses)
                        return _COMPARE_OPERATOR_INVALID;
                *s = e;
                return table[i].op;
        }
        return _COMPARE_OPERATOR_INVALID;
}

bool compare_test_order(int r, CompareOperator op) {
        switch (op) {
        case COMPARE_LOWER:
                return r < 0;
        case COMPARE_LOWER_OR_EQUAL:
                return r <= 0;
        case COMPARE_EQUAL:
                return r == 0;
        case COMPARE_UNEQUAL:
                return r != 0;
        case COMPARE_GREATER_OR_EQUAL:
                return r >= 0;
        case COMPARE_GREATER:
                return r > 0;
        default:
                return false;
        }
}

static bool version_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               strchr("-.~^", c);
}

static bool is_digit(char c) {
        return c >= '0' && c <= '9';
}

static bool is_letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int version_compare(const char *a, const char *b) {
        /* An empty or missing version sorts first; otherwise the walk of the UAPI version format
         * specification: '~' sorts before anything (even the end), '-' before anything but the
         * end and '~', '^' after the end, '.' before letters and digits, digit runs by value,
         * letter runs alphabetically. */
        if (isempty(a) || isempty(b))
                return (isempty(a) ? 0 : 1) - (isempty(b) ? 0 : 1);

        for (;;) {
                while (*a && !version_char(*a))
                        a++;
                while (*b && !version_char(*b))
                        b++;

                if (*a == '~' || *b == '~') {
                        if (*a != '~')
                                return 1;
                        if (*b != '~')
                                return -1;
                        a++, b++;
                        continue;
                }
                if (!*a || !*b)
                        return (*a ? 1 : 0) - (*b ? 1 : 0);

                const char specials[] = { '-', '^', '.' };
                const int sign[] = { -1, 1, -1 }; /* how the side that has the special compares */
                bool handled = false;
                for (size_t i = 0; i < ELEMENTSOF(specials); i++) {
                        if (*a != specials[i] && *b != specials[i])
                                continue;
                        if (*a != specials[i])
                                return -sign[i];
                        if (*b != specials[i])
                                return sign[i];
                        a++, b++;
                        handled = true;
                        break;
                }
                if (handled)
                        continue;

                if (is_digit(*a) || is_digit(*b)) {
                        if (!is_digit(*a))
                                return -1;
                        if (!is_digit(*b))
                                return 1;
                        while (*a == '0')
                                a++;
                        while (*b == '0')
                                b++;
                        size_t la = strspn(a, DIGITS), lb = strspn(b, DIGITS);
                        if (la != lb)
                                return la < lb ? -1 : 1;
                        int r = memcmp(a, b, la);
                        if (r != 0)
                                return r < 0 ? -1 : 1;
                        a += la, b += lb;
                        continue;
                }

                size_t la = 0, lb = 0;
                while (is_letter(a[la]))
                        la++;
                while (is_letter(b[lb]))
                        lb++;
                int r = memcmp(a, b, MIN(la, lb));
                if (r != 0)
                        return r < 0 ? -1 : 1;
                if (la != lb)
                        return la < lb ? -1 : 1;
                a += la, b += lb;
        }
}

int version_or_fnmatch_compare(CompareOperator op, const char *a, const char *b) {
        switch (op) {
        case COMPARE_STRING_EQUAL:
                return streq_ptr(a, b);
        case COMPARE_STRING_UNEQUAL:
                return !streq_ptr(a, b);
        case COMPARE_FNMATCH_EQUAL:
                return fnmatch(b, strempty(a), 0) == 0;
        case COMPARE_FNMATCH_UNEQUAL:
                return fnmatch(b, strempty(a), 0) != 0;
        case _COMPARE_OPERATOR_INVALID:
                return -EINVAL;
        default:
                return compare_test_order(version_compare(a, b), op);
        }
}

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
static int cmdline_get_bool(const char *root, const char *key, bool *ret) {
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

static int test_kernel_command_line(const Condition *c, const char *root) {
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
        if (isempty(root) || streq(root, "/")) {
                struct utsname u;
                if (uname(&u) < 0)
                        return -errno;
                *ret = strdup(u.release);
                return *ret ? 0 : -ENOMEM;
        }
        return condition_read_line(root, "/proc/sys/kernel/osrelease", ret);
}

static int test_kernel_version(const Condition *c, const char *root) {
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
static int env_file_lookup(const char *text, const char *key, char **ret) {
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
        r = env_file_lookup(text, key, ret);
        if (r == 0)
                *ret = NULL;
        return r < 0 ? r : 0;
}

static int test_os_release(const Condition *c, const char *root) {
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

static int test_host(const Condition *c, const char *root) {
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
        if (isempty(root) || streq(root, "/")) {
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

static int test_credential(const Condition *c, const char *root) {
        /* A credential with an invalid name cannot have been passed in. */
        if (!filename_is_valid(c->parameter))
                return 0;

        const char *plain = getenv("CREDENTIALS_DIRECTORY");
        const char *dirs[] = {
                isempty(plain) ? "/run/credentials/@system" : plain,
                getenv("ENCRYPTED_CREDENTIALS_DIRECTORY"),
        };
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                if (isempty(dirs[i]) || !path_is_absolute(dirs[i]))
                        continue;
                _cleanup_free_ char *d = condition_path(root, dirs[i]);
                _cleanup_free_ char *p = d ? path_join(d, c->parameter) : NULL;
                if (!p)
                        return -ENOMEM;
                if (faccessat(AT_FDCWD, p, F_OK, AT_SYMLINK_NOFOLLOW) >= 0)
                        return 1;
                if (errno != ENOENT && errno != ENOTDIR)
                        return -errno;
        }
        return 0;
}

static int test_capability(const Condition *c, const char *root) {
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

static int test_environment(const Condition *c, const char *root) {
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

/* ---- first boot and updates ---- */

static int test_first_boot(const Condition *c, const char *root) {
        bool b;
        int want = parse_boolean(c->parameter);
        if (want < 0)
                return want;
        if (cmdline_get_bool(root, "systemd.condition-first-boot", &b) > 0)
                return b == want;
        /* The manager creates this when /etc/machine-id was unpopulated at boot. */
        int r = condition_path_exists(root, "/run/systemd/first-boot");
        if (r < 0)
                return r;
        return r == want;
}

static int path_is_read_only_fs(const char *path) {
        struct statvfs sv;
        if (statvfs(path, &sv) < 0)
                return -errno;
        if (sv.f_flag & ST_RDONLY)
                return 1;
        /* A read-only bind mount may not show in f_flag on old kernels; access() knows. */
        if (access(path, W_OK) < 0 && errno == EROFS)
                return 1;
        return 0;
}

static int test_needs_update(const Condition *c, const char *root) {
        bool b;
        struct stat usr, stamp;

        if (cmdline_get_bool(root, "systemd.condition-needs-update", &b) > 0)
                return b;
        /* An initrd never updates the real root's /etc or /var. */
        if (condition_path_exists(root, "/etc/initrd-release") > 0)
                return 0;

        _cleanup_free_ char *dir = condition_path(root, c->parameter);
        _cleanup_free_ char *stamp_path = dir ? path_join(dir, ".updated") : NULL;
        _cleanup_free_ char *usr_path = condition_path(root, "/usr/");
        if (!stamp_path || !usr_path)
                return -ENOMEM;
        /* What cannot be written cannot be updated either. */
        if (path_is_read_only_fs(dir) > 0)
                return 0;
        if (stat(stamp_path, &stamp) < 0 || stat(usr_path, &usr) < 0)
                return 1;

        if (usr.st_mtim.tv_sec != stamp.st_mtim.tv_sec)
                return usr.st_mtim.tv_sec > stamp.st_mtim.tv_sec;
        if (usr.st_mtim.tv_nsec == 0 || stamp.st_mtim.tv_nsec > 0)
                return usr.st_mtim.tv_nsec > stamp.st_mtim.tv_nsec;

        /* The stamp's file system keeps only seconds: the updater wrote the exact time of /usr
         * it saw into the stamp as TIMESTAMP_NSEC=. */
        _cleanup_free_ char *text = NULL, *value = NULL;
        uint64_t ns;
        if (read_full_file(stamp_path, CONDITION_FILE_MAX, &text, NULL) < 0 ||
            env_file_lookup(text, "TIMESTAMP_NSEC", &value) <= 0 || safe_atou64(value, &ns) < 0)
                return 1;
        return (uint64_t) usr.st_mtim.tv_sec * UINT64_C(1000000000) + (uint64_t) usr.st_mtim.tv_nsec > ns;
}

/* ---- paths ---- */

static int test_path(const Condition *c, const char *root) {
        _cleanup_free_ char *p = condition_path(root, c->parameter);
        struct stat st;
        if (!p)
                return -ENOMEM;

        switch (c->type) {
        case CONDITION_PATH_EXISTS:
                return access(p, F_OK) >= 0;
        case CONDITION_PATH_IS_DIRECTORY:
                return stat(p, &st) >= 0 && S_ISDIR(st.st_mode);
        case CONDITION_PATH_IS_SYMBOLIC_LINK:
                return lstat(p, &st) >= 0 && S_ISLNK(st.st_mode);
        case CONDITION_FILE_NOT_EMPTY:
                return stat(p, &st) >= 0 && S_ISREG(st.st_mode) && st.st_size > 0;
        case CONDITION_FILE_IS_EXECUTABLE:
                return stat(p, &st) >= 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
        case CONDITION_PATH_IS_READ_WRITE: {
                /* Like systemd: only a missing path or a read-only file system fails. */
                int r = path_is_read_only_fs(p);
                return r <= 0 && r != -ENOENT;
        }
        default:
                return -EOPNOTSUPP;
        }
}

static int glob_escape_root(const char *root, const char *pattern, char **ret) {
        /* The root is a literal directory name even if it has '*' or '[' in it. */
        _cleanup_free_ char *full = condition_path(root, pattern);
        if (!full)
                return -ENOMEM;
        size_t rl = isempty(root) || streq(root, "/") ? 0 : strlen(root);
        char *s = malloc(2 * rl + strlen(full) + 1), *w = s;
        if (!s)
                return -ENOMEM;
        for (size_t i = 0; full[i]; i++) {
                if (i < rl && strchr("*?[]\\{}", full[i]))
                        *w++ = '\\';
                *w++ = full[i];
        }
        *w = 0;
        *ret = s;
        return 0;
}

static int test_path_exists_glob(const Condition *c, const char *root) {
        _cleanup_free_ char *pattern = NULL;
        glob_t g = {};
        int r = glob_escape_root(root, c->parameter, &pattern);
        if (r < 0)
                return r;
        r = glob(pattern, GLOB_NOSORT | GLOB_BRACE, NULL, &g);
        size_t n = g.gl_pathc;
        globfree(&g);
        if (r == GLOB_NOMATCH)
                return 0;
        if (r == GLOB_NOSPACE)
                return -ENOMEM;
        if (r != 0)
                return -EIO;
        return n > 0;
}

static int test_path_is_mount_point(const Condition *c, const char *root) {
        _cleanup_free_ char *p = condition_path(root, c->parameter);
        _cleanup_free_ char *parent = p ? path_join(p, "..") : NULL;
        struct statx sx;
        struct stat a, b;
        if (!parent)
                return -ENOMEM;

        /* The kernel says so directly since 5.8; symlinks are followed like every path check
         * but PathIsSymbolicLink= does. */
        if (statx(AT_FDCWD, p, 0, STATX_BASIC_STATS, &sx) < 0)
                return 0;
        if (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
                return !!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT);
        /* Older kernels: a different device than the parent, or "/" (its own parent). Bind
         * mounts within one file system go unseen here. */
        if (stat(p, &a) < 0 || stat(parent, &b) < 0)
                return 0;
        return a.st_dev != b.st_dev || a.st_ino == b.st_ino;
}

static bool hidden_or_backup(const char *name) {
        /* Directory entries that DirectoryNotEmpty= ignores, as systemd does: dot files, package
         * managers' and editors' leftovers. */
        static const char *const names[] = { "lost+found", "aquota.user", "aquota.group" };
        static const char *const suffixes[] = {
                "~", ".rpmnew", ".rpmsave", ".rpmorig", ".dpkg-old", ".dpkg-new", ".dpkg-tmp",
                ".dpkg-dist", ".dpkg-bak", ".dpkg-backup", ".dpkg-remove", ".ucf-new", ".ucf-old",
                ".ucf-dist", ".swp", ".bak", ".old", ".new",
        };
        if (name[0] == '.')
                return true;
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(name, names[i]))
                        return true;
        for (size_t i = 0; i < ELEMENTSOF(suffixes); i++)
                if (endswith(name, suffixes[i]))
                        return true;
        return false;
}

static int test_directory_not_empty(const Condition *c, const char *root) {
        _cleanup_free_ char *p = condition_path(root, c->parameter);
        if (!p)
                return -ENOMEM;
        DIR *d = opendir(p);
        if (!d)
                /* Only a missing directory fails; one we may not read is taken as not empty. */
                return errno != ENOENT && errno != ENOTDIR;
        struct dirent *de;
        bool found = false;
        while (!found && (de = readdir(d)))
                found = !hidden_or_backup(de->d_name);
        closedir(d);
        return found;
}

/* ---- users and groups (no NSS: the files below root) ---- */

static int db_lookup_id(const char *root, const char *file, const char *name, unsigned *ret) {
        _cleanup_free_ char *text = NULL;
        size_t l = strlen(name);
        int r = condition_read_file(root, file, &text);
        if (r < 0)
                return r == -ENOENT ? 0 : r;
        for (const char *line = text; line && *line;) {
                const char *end = strchrnul(line, '\n');
                if (strncmp(line, name, l) == 0 && line[l] == ':') {
                        /* name:password:ID:… */
                        const char *f = strchr(line + l + 1, ':');
                        if (f && f < end) {
                                _cleanup_free_ char *id = strndup(f + 1, strcspn(f + 1, ":\n"));
                                if (!id)
                                        return -ENOMEM;
                                if (safe_atou(id, ret) >= 0)
                                        return 1;
                        }
                }
                line = *end ? end + 1 : NULL;
        }
        return 0;
}

static int test_user(const Condition *c, const char *root) {
        uid_t id;
        unsigned u;

        if (parse_uid(c->parameter, &id) >= 0)
                return id == getuid() || id == geteuid();
        if (streq(c->parameter, "@system"))
                return getuid() <= SYSTEM_UID_MAX || geteuid() <= SYSTEM_UID_MAX;
        /* "root" is 0 even where /etc/passwd is not readable yet. */
        if (streq(c->parameter, "root"))
                return getuid() == 0 || geteuid() == 0;
        int r = db_lookup_id(root, "/etc/passwd", c->parameter, &u);
        if (r <= 0)
                return r;
        return (uid_t) u == getuid() || (uid_t) u == geteuid();
}

static int in_gid(gid_t g) {
        if (g == getgid() || g == getegid())
                return 1;
        int n = getgroups(0, NULL);
        if (n < 0)
                return -errno;
        _cleanup_free_ gid_t *list = new(gid_t, (size_t) n);
        if (!list)
                return -ENOMEM;
        n = getgroups(n, list);
        if (n < 0)
                return -errno;
        for (int i = 0; i < n; i++)
                if (list[i] == g)
                        return 1;
        return 0;
}

static int test_group(const Condition *c, const char *root) {
        uid_t id;
        unsigned g;

        if (parse_uid(c->parameter, &id) >= 0)
                return in_gid((gid_t) id);
        if (streq(c->parameter, "root"))
                return in_gid(0);
        int r = db_lookup_id(root, "/etc/group", c->parameter, &g);
        if (r <= 0)
                return r;
        return in_gid((gid_t) g);
}

/* ---- dispatch ---- */

typedef int (*condition_test_func)(const Condition *c, const char *root);

static const condition_test_func condition_tests[_CONDITION_TYPE_MAX] = {
        [CONDITION_ARCHITECTURE] = condition_test_architecture,
        [CONDITION_FIRMWARE] = condition_test_firmware,
        [CONDITION_VIRTUALIZATION] = condition_test_virtualization,
        [CONDITION_HOST] = test_host,
        [CONDITION_KERNEL_COMMAND_LINE] = test_kernel_command_line,
        [CONDITION_KERNEL_VERSION] = test_kernel_version,
        [CONDITION_CREDENTIAL] = test_credential,
        [CONDITION_SECURITY] = condition_test_security,
        [CONDITION_CAPABILITY] = test_capability,
        [CONDITION_AC_POWER] = condition_test_ac_power,
        [CONDITION_MEMORY] = condition_test_memory,
        [CONDITION_CPUS] = condition_test_cpus,
        [CONDITION_ENVIRONMENT] = test_environment,
        [CONDITION_CPU_FEATURE] = condition_test_cpu_feature,
        [CONDITION_OS_RELEASE] = test_os_release,
        [CONDITION_MEMORY_PRESSURE] = condition_test_pressure,
        [CONDITION_CPU_PRESSURE] = condition_test_pressure,
        [CONDITION_IO_PRESSURE] = condition_test_pressure,
        [CONDITION_NEEDS_UPDATE] = test_needs_update,
        [CONDITION_FIRST_BOOT] = test_first_boot,
        [CONDITION_PATH_EXISTS] = test_path,
        [CONDITION_PATH_EXISTS_GLOB] = test_path_exists_glob,
        [CONDITION_PATH_IS_DIRECTORY] = test_path,
        [CONDITION_PATH_IS_SYMBOLIC_LINK] = test_path,
        [CONDITION_PATH_IS_MOUNT_POINT] = test_path_is_mount_point,
        [CONDITION_PATH_IS_READ_WRITE] = test_path,
        [CONDITION_PATH_IS_ENCRYPTED] = condition_test_path_is_encrypted,
        [CONDITION_DIRECTORY_NOT_EMPTY] = test_directory_not_empty,
        [CONDITION_FILE_NOT_EMPTY] = test_path,
        [CONDITION_FILE_IS_EXECUTABLE] = test_path,
        [CONDITION_USER] = test_user,
        [CONDITION_GROUP] = test_group,
        [CONDITION_CONTROL_GROUP_CONTROLLER] = condition_test_control_group_controller,
};

ConditionResult condition_test(const Condition *c, const char *root) {
        if (!c || c->type < 0 || c->type >= _CONDITION_TYPE_MAX || !condition_tests[c->type] || !c->parameter)
                return CONDITION_ERROR;

        int r = condition_tests[c->type](c, root);
        if (r < 0) {
                log_debug_errno(r, "Cannot evaluate Condition%s=%s: %m",
                                condition_type_to_string(c->type), c->parameter);
                /* An error fails the check whether it is negated or not. */
                return CONDITION_ERROR;
        }
        return (r > 0) != c->negate ? CONDITION_SUCCEEDED : CONDITION_FAILED;
}

bool condition_list_test(const Condition *first, const char *unit, const char *kind) {
        int triggered = -1; /* -1: no triggering check seen; else whether one held */

        for (const Condition *c = first; c; c = c->next) {
                ConditionResult r = condition_test(c, NULL);
                const char *name = condition_type_to_string(c->type);

                if (r == CONDITION_ERROR)
                        log_debug("%s: Could not determine result of %s%s=%s%s%s, assuming failed.",
                                  strna(unit), kind, strna(name), c->trigger ? "|" : "",
                                  c->negate ? "!" : "", strna(c->parameter));
                else
                        log_debug("%s: %s%s=%s%s%s %s.", strna(unit), kind, strna(name),
                                  c->trigger ? "|" : "", c->negate ? "!" : "", strna(c->parameter),
                                  r == CONDITION_SUCCEEDED ? "succeeded" : "failed");

                if (!c->trigger && r != CONDITION_SUCCEEDED)
                        return false;
                if (c->trigger && triggered <= 0)
                        triggered = r == CONDITION_SUCCEEDED;
        }
        return triggered != 0;
}
