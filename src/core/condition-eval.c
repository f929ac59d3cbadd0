/* condition-eval.c — evaluating Condition*= and Assert*= in the manager's own process, without
 * fork and without NSS: one test per type behind a table, the list rule of systemd.unit(5)
 * (every plain check must hold, and one triggering check if there are any), and what the tests
 * share: reading files below the caller's root, systemd's comparison operators and its version
 * order. The tests themselves live by subject in condition-host.c (kernel, os-release, identity),
 * condition-files.c (paths, users, updates), condition-virt.c (architecture, virtualization,
 * firmware, security) and condition-system.c (power, CPUs, memory, pressure, cgroups). */
#include <fnmatch.h>

#include "condition-eval-internal.h"
#include "condition-eval.h"
#include "fileio.h"
#include "log.h"
#include "path-util.h"
#include "string-util.h"

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

bool condition_root_is_host(const char *root) {
        return isempty(root) || streq(root, "/");
}

bool condition_word_in(const char *list, const char *separators, const char *word) {
        size_t l = strlen(word);
        for (const char *p = list; p && *p;) {
                p += strspn(p, separators);
                size_t n = strcspn(p, separators);
                if (n == l && strncmp(p, word, l) == 0)
                        return true;
                p += n;
        }
        return false;
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
/* ---- dispatch ---- */

typedef int (*condition_test_func)(const Condition *c, const char *root);

static const condition_test_func condition_tests[_CONDITION_TYPE_MAX] = {
        [CONDITION_ARCHITECTURE] = condition_test_architecture,
        [CONDITION_FIRMWARE] = condition_test_firmware,
        [CONDITION_VIRTUALIZATION] = condition_test_virtualization,
        [CONDITION_HOST] = condition_test_host,
        [CONDITION_KERNEL_COMMAND_LINE] = condition_test_kernel_command_line,
        [CONDITION_KERNEL_VERSION] = condition_test_kernel_version,
        [CONDITION_CREDENTIAL] = condition_test_credential,
        [CONDITION_SECURITY] = condition_test_security,
        [CONDITION_CAPABILITY] = condition_test_capability,
        [CONDITION_AC_POWER] = condition_test_ac_power,
        [CONDITION_MEMORY] = condition_test_memory,
        [CONDITION_CPUS] = condition_test_cpus,
        [CONDITION_ENVIRONMENT] = condition_test_environment,
        [CONDITION_CPU_FEATURE] = condition_test_cpu_feature,
        [CONDITION_OS_RELEASE] = condition_test_os_release,
        [CONDITION_MEMORY_PRESSURE] = condition_test_pressure,
        [CONDITION_CPU_PRESSURE] = condition_test_pressure,
        [CONDITION_IO_PRESSURE] = condition_test_pressure,
        [CONDITION_NEEDS_UPDATE] = condition_test_needs_update,
        [CONDITION_FIRST_BOOT] = condition_test_first_boot,
        [CONDITION_PATH_EXISTS] = condition_test_path,
        [CONDITION_PATH_EXISTS_GLOB] = condition_test_path_exists_glob,
        [CONDITION_PATH_IS_DIRECTORY] = condition_test_path,
        [CONDITION_PATH_IS_SYMBOLIC_LINK] = condition_test_path,
        [CONDITION_PATH_IS_MOUNT_POINT] = condition_test_path_is_mount_point,
        [CONDITION_PATH_IS_READ_WRITE] = condition_test_path,
        [CONDITION_PATH_IS_ENCRYPTED] = condition_test_path_is_encrypted,
        [CONDITION_DIRECTORY_NOT_EMPTY] = condition_test_directory_not_empty,
        [CONDITION_FILE_NOT_EMPTY] = condition_test_path,
        [CONDITION_FILE_IS_EXECUTABLE] = condition_test_path,
        [CONDITION_USER] = condition_test_user,
        [CONDITION_GROUP] = condition_test_group,
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
