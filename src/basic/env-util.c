/* env-util.c — see env-util.h. Names are what a POSIX shell can refer to (letters, digits and
 * "_", not starting with a digit); values may be any UTF-8 text, control characters included,
 * because services legitimately pass tabs and newlines. Both are bounded by what execve(2)
 * could ever carry. */
#include <limits.h>
#include <unistd.h>

#include "env-util.h"
#include "macro.h"
#include "string-util.h"
#include "strv.h"

#define VALID_NAME_CHARS ALPHANUMERICAL "_"

/* The largest argument block execve() accepts; an assignment longer than that can never be
 * passed to a process, so it is refused when the unit file is read, not when it starts. */
static size_t env_max(void) {
        long m = sysconf(_SC_ARG_MAX);
        return m > 0 ? (size_t) m : (size_t) 2 * 1024 * 1024;
}

static bool env_name_is_valid_n(const char *name, size_t n) {
        if (n == 0 || n > env_max() - 2)
                return false;
        if (name[0] >= '0' && name[0] <= '9')
                return false;
        for (size_t i = 0; i < n; i++)
                if (!strchr(VALID_NAME_CHARS, name[i]) || name[i] == 0)
                        return false;
        return true;
}

bool env_name_is_valid(const char *name) {
        return name && env_name_is_valid_n(name, strlen(name));
}

bool env_assignment_is_valid(const char *assignment) {
        if (!assignment)
                return false;
        const char *eq = strchr(assignment, '=');
        if (!eq || !env_name_is_valid_n(assignment, (size_t) (eq - assignment)))
                return false;
        return utf8_is_valid(eq + 1) && strlen(assignment) <= env_max() - 1;
}

/* The index of the entry assigning the same name as `assignment` (which may be just a name
 * or "NAME=…"), or -1. */
static ssize_t env_find(char *const *l, const char *assignment) {
        size_t n = strcspn(assignment, "=");
        for (size_t i = 0; l && l[i]; i++)
                if (strncmp(l[i], assignment, n) == 0 && l[i][n] == '=')
                        return (ssize_t) i;
        return -1;
}

int strv_env_replace(char ***l, char *assignment) {
        if (!assignment || !strchr(assignment, '=')) {
                free(assignment);
                return -EINVAL;
        }
        ssize_t i = env_find(*l, assignment);
        if (i >= 0) {
                free((*l)[i]);
                (*l)[i] = assignment;
                return 0;
        }
        return strv_push(l, assignment);
}

const char *strv_env_get(char *const *l, const char *name) {
        if (!name || strchr(name, '='))
                return NULL;
        ssize_t i = env_find(l, name);
        return i >= 0 ? l[i] + strlen(name) + 1 : NULL;
}
