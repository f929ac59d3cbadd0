/* path-util.c — see path-util.h. */
#include <limits.h>
#include <stdarg.h>

#include "path-util.h"
#include "string-util.h"

char *path_join_internal(const char *first, ...) {
        va_list ap;
        size_t total = 1;
        va_start(ap, first);
        for (const char *s = first; s; s = va_arg(ap, const char *))
                total += strlen(s) + 1;
        va_end(ap);
        char *r = malloc(total), *p = r;
        if (!r)
                return NULL;
        *p = 0;
        va_start(ap, first);
        for (const char *s = first; s; s = va_arg(ap, const char *)) {
                if (!*s)
                        continue;
                if (p > r && p[-1] != '/' && *s != '/')
                        *p++ = '/';
                else if (p > r && p[-1] == '/' && *s == '/')
                        s++;
                p = stpcpy(p, s);
        }
        va_end(ap);
        return r;
}

char *path_simplify(char *p) {
        char *w = p;
        const char *r = p;
        bool abs = *p == '/';
        if (abs)
                *w++ = *r++;
        while (*r) {
                r += strspn(r, "/");
                if (!*r)
                        break;
                size_t l = strcspn(r, "/");
                if (l == 1 && r[0] == '.') {
                        r += 1;
                        continue;
                }
                if (w > p && w[-1] != '/')
                        *w++ = '/';
                memmove(w, r, l);
                w += l;
                r += l;
        }
        if (w == p)
                *w++ = abs ? '/' : '.';
        *w = 0;
        return p;
}

bool path_is_normalized(const char *p) {
        if (streq(p, ".") || startswith(p, "./") || endswith(p, "/.") || strstr(p, "/./"))
                return false;
        if (streq(p, "..") || startswith(p, "../") || endswith(p, "/..") || strstr(p, "/../"))
                return false;
        return !strstr(p, "//");
}

bool path_is_valid(const char *p) {
        if (isempty(p) || strlen(p) >= PATH_MAX)
                return false;
        for (const char *s = p; *s;) {
                size_t l = strcspn(s, "/");
                if (l > NAME_MAX)
                        return false;
                s += l;
                s += strspn(s, "/");
        }
        return true;
}

bool filename_is_valid(const char *p) {
        return !isempty(p) && !strchr(p, '/') && !streq(p, ".") && !streq(p, "..") && strlen(p) <= NAME_MAX;
}

const char *path_basename(const char *p) {
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

char *path_dirname(const char *p) {
        const char *s = strrchr(p, '/');
        if (!s)
                return strdup(".");
        if (s == p)
                return strdup("/");
        return strndup(p, (size_t) (s - p));
}

char *path_prefix_root(const char *root, const char *path) {
        if (isempty(root) || streq(root, "/"))
                return strdup(path);
        return path_join(root, path);
}

int path_chase_in_root(const char *root, const char *path, char **ret) {
        _cleanup_free_ char *done = strdup(""), *todo = strdup(path);
        unsigned hops = 0;
        if (!done || !todo)
                return -ENOMEM;
        const char *p = todo;
        for (;;) {
                p += strspn(p, "/");
                if (!*p)
                        break;
                size_t l = strcspn(p, "/");
                _cleanup_free_ char *comp = strndup(p, l);
                if (!comp)
                        return -ENOMEM;
                p += l;
                if (streq(comp, "."))
                        continue;
                if (streq(comp, "..")) {
                        char *slash = strrchr(done, '/');
                        if (slash)
                                *slash = 0; /* never above the root */
                        continue;
                }
                _cleanup_free_ char *next = strjoin(done, "/", comp);
                _cleanup_free_ char *host = next ? path_prefix_root(root, next) : NULL;
                if (!host)
                        return -ENOMEM;
                char target[PATH_MAX];
                ssize_t k = readlink(host, target, sizeof target - 1);
                if (k < 0) { /* not a link (or missing): take it as it is */
                        free(done);
                        done = TAKE_PTR(next);
                        continue;
                }
                if (++hops > 40)
                        return -ELOOP;
                target[k] = 0;
                /* continue with the link's target, then what was left of the path */
                char *rest = strjoin(target, "/", p);
                if (!rest)
                        return -ENOMEM;
                if (target[0] == '/')
                        done[0] = 0;
                free(todo);
                todo = rest;
                p = todo;
        }
        *ret = path_prefix_root(root, *done ? done : "/");
        return *ret ? 0 : -ENOMEM;
}
