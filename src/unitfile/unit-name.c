/* unit-name.c — see unit-name.h. The character set and length limits are those of
 * systemd.unit(5): ASCII letters, digits, ":-_.\" in prefixes; instances may also hold "@";
 * at most 255 bytes; the suffix names the type. */
#include <stdio.h>

#include "path-util.h"
#include "string-util.h"
#include "unit-name.h"

#define VALID_CHARS ALPHANUMERICAL ":-_.\\"
#define VALID_CHARS_INSTANCE VALID_CHARS "@"

static const char *const type_names[_UNIT_TYPE_MAX] = {
        [UNIT_SERVICE] = "service", [UNIT_MOUNT] = "mount",   [UNIT_SWAP] = "swap",
        [UNIT_SOCKET] = "socket",   [UNIT_TARGET] = "target", [UNIT_DEVICE] = "device",
        [UNIT_AUTOMOUNT] = "automount", [UNIT_TIMER] = "timer", [UNIT_PATH] = "path",
        [UNIT_SLICE] = "slice",     [UNIT_SCOPE] = "scope",
};

const char *unit_type_to_string(UnitType t) {
        return t >= 0 && t < _UNIT_TYPE_MAX ? type_names[t] : NULL;
}

UnitType unit_type_from_string(const char *s) {
        for (UnitType t = 0; s && t < _UNIT_TYPE_MAX; t++)
                if (streq(type_names[t], s))
                        return t;
        return _UNIT_TYPE_INVALID;
}

UnitType unit_name_to_type(const char *name) {
        const char *dot = strrchr(name, '.');
        return dot ? unit_type_from_string(dot + 1) : _UNIT_TYPE_INVALID;
}

bool unit_prefix_is_valid(const char *p) {
        return !isempty(p) && in_charset(p, VALID_CHARS);
}

bool unit_instance_is_valid(const char *i) {
        return !isempty(i) && in_charset(i, VALID_CHARS_INSTANCE);
}

UnitNameFlags unit_name_classify(const char *name) {
        if (isempty(name) || strlen(name) >= UNIT_NAME_MAX)
                return 0;
        const char *dot = strrchr(name, '.');
        if (!dot || dot == name || unit_type_from_string(dot + 1) < 0)
                return 0;
        const char *at = strchr(name, '@');
        if (!at || at > dot) {
                for (const char *p = name; p < dot; p++)
                        if (!strchr(VALID_CHARS, *p))
                                return 0;
                return UNIT_NAME_PLAIN;
        }
        if (at == name)
                return 0;
        for (const char *p = name; p < at; p++)
                if (!strchr(VALID_CHARS, *p))
                        return 0;
        if (at + 1 == dot)
                return UNIT_NAME_TEMPLATE;
        for (const char *p = at + 1; p < dot; p++)
                if (!strchr(VALID_CHARS_INSTANCE, *p))
                        return 0;
        return UNIT_NAME_INSTANCE;
}

bool unit_name_is_valid(const char *name, UnitNameFlags flags) {
        return (unit_name_classify(name) & flags) != 0;
}

int unit_name_to_prefix(const char *name, char **ret) {
        if (!unit_name_is_valid(name, UNIT_NAME_ANY))
                return -EINVAL;
        size_t l = strcspn(name, "@");
        const char *dot = strrchr(name, '.');
        if (name + l > dot)
                l = (size_t) (dot - name);
        char *s = strndup(name, l);
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

int unit_name_to_instance(const char *name, char **ret) {
        UnitNameFlags f = unit_name_classify(name);
        if (!f)
                return -EINVAL;
        if (f == UNIT_NAME_PLAIN) {
                *ret = NULL;
                return 0;
        }
        const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
        char *s = strndup(at + 1, (size_t) (dot - at - 1));
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

int unit_name_build(const char *prefix, const char *instance, const char *suffix, char **ret) {
        char *s = instance ? strjoin(prefix, "@", instance, suffix) : strjoin(prefix, suffix);
        if (!s)
                return -ENOMEM;
        if (!unit_name_is_valid(s, UNIT_NAME_ANY)) {
                free(s);
                return -EINVAL;
        }
        *ret = s;
        return 0;
}

int unit_name_replace_instance(const char *name, const char *instance, char **ret) {
        if (!unit_name_is_valid(name, UNIT_NAME_TEMPLATE | UNIT_NAME_INSTANCE))
                return -EINVAL;
        _cleanup_free_ char *prefix = NULL;
        int r = unit_name_to_prefix(name, &prefix);
        if (r < 0)
                return r;
        return unit_name_build(prefix, instance, strrchr(name, '.'), ret);
}

int unit_name_template(const char *name, char **ret) {
        return unit_name_replace_instance(name, "", ret);
}

int unit_name_change_suffix(const char *name, const char *suffix, char **ret) {
        if (!unit_name_is_valid(name, UNIT_NAME_ANY))
                return -EINVAL;
        const char *dot = strrchr(name, '.');
        _cleanup_free_ char *base = strndup(name, (size_t) (dot - name));
        if (!base)
                return -ENOMEM;
        char *s = strjoin(base, suffix);
        if (!s)
                return -ENOMEM;
        if (!unit_name_is_valid(s, UNIT_NAME_ANY)) {
                free(s);
                return -EINVAL;
        }
        *ret = s;
        return 0;
}

/* Escaping. A name may only hold VALID_CHARS, so everything else is written as "\xNN".
 * "-" and "\" are valid in names but are escaped too: "-" stands for "/" and "\" starts an
 * escape, so both must stay unambiguous for unescaping. A leading "." is escaped so that a
 * name never looks like a hidden file. */
static char *escape_byte(char *t, unsigned char c) {
        static const char hex[] = "0123456789abcdef";
        *t++ = '\\';
        *t++ = 'x';
        *t++ = hex[c >> 4];
        *t++ = hex[c & 15];
        return t;
}

char *unit_name_escape(const char *s) {
        char *r = malloc(strlen(s) * 4 + 1), *t = r;
        if (!r)
                return NULL;
        for (const char *f = s; *f; f++) {
                if (*f == '/')
                        *t++ = '-';
                else if (*f == '-' || *f == '\\' || !strchr(VALID_CHARS, *f) || (f == s && *f == '.'))
                        t = escape_byte(t, (unsigned char) *f);
                else
                        *t++ = *f;
        }
        *t = 0;
        return r;
}

/* Unlike strdup_to(), never looks at *ret: output parameters may hold garbage on entry. */
static int copy_to(char **ret, const char *s) {
        char *c = strdup(s);
        if (!c)
                return -ENOMEM;
        *ret = c;
        return 0;
}

static int unhex(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -EINVAL;
}

int unit_name_unescape(const char *s, char **ret) {
        _cleanup_free_ char *r = malloc(strlen(s) + 1);
        char *t = r;
        if (!r)
                return -ENOMEM;
        for (const char *f = s; *f; f++) {
                if (*f == '-') {
                        *t++ = '/';
                        continue;
                }
                if (*f != '\\') {
                        *t++ = *f;
                        continue;
                }
                /* Only "\xNN" is an escape here; anything else after a backslash is malformed. */
                if (f[1] != 'x')
                        return -EINVAL;
                int a = unhex(f[2]), b = a < 0 ? -EINVAL : unhex(f[3]);
                if (a < 0 || b < 0)
                        return -EINVAL;
                /* "\x00" ends the string, as it does for systemd-escape --unescape. */
                *t++ = (char) (a << 4 | b);
                f += 3;
        }
        *t = 0;
        *ret = TAKE_PTR(r);
        return 0;
}

int unit_name_path_escape(const char *path, char **ret) {
        if (isempty(path))
                return copy_to(ret, "-");

        _cleanup_free_ char *p = strdup(path);
        if (!p)
                return -ENOMEM;
        path_simplify(p);
        if (streq(p, "/"))
                return copy_to(ret, "-");
        /* ".." cannot be undone by unescaping, and "." would vanish: both are refused. */
        if (!path_is_normalized(p))
                return -EINVAL;

        /* path_simplify() already dropped trailing slashes; relative paths are accepted the
         * way systemd-escape --path accepts them, though they do not round-trip. */
        char *s = unit_name_escape(p + strspn(p, "/"));
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

int unit_name_path_unescape(const char *s, char **ret) {
        if (isempty(s))
                return -EINVAL;
        if (streq(s, "-"))
                return copy_to(ret, "/");

        _cleanup_free_ char *w = NULL;
        int r = unit_name_unescape(s, &w);
        if (r < 0)
                return r;
        /* Only what unit_name_path_escape() can produce is accepted: no leading, trailing or
         * doubled slash and no "." or ".." component, so that escaping maps back to s. */
        char *p = strjoin("/", w);
        if (!p)
                return -ENOMEM;
        if (streq(w, "") || w[0] == '/' || endswith(p, "/") || !path_is_normalized(p) || !path_is_valid(p)) {
                free(p);
                return -EINVAL;
        }
        *ret = p;
        return 0;
}

int unit_name_from_path(const char *path, const char *suffix, char **ret) {
        if (!suffix || suffix[0] != '.' || unit_type_from_string(suffix + 1) < 0)
                return -EINVAL;

        _cleanup_free_ char *e = NULL;
        int r = unit_name_path_escape(path, &e);
        if (r < 0)
                return r;
        _cleanup_free_ char *s = strjoin(e, suffix);
        if (!s)
                return -ENOMEM;
        /* systemd 252 replaces the tail of an overlong name with a hash; sysMaster refuses it. */
        if (strlen(s) >= UNIT_NAME_MAX)
                return -ENAMETOOLONG;
        if (!unit_name_is_valid(s, UNIT_NAME_PLAIN))
                return -EINVAL;
        *ret = TAKE_PTR(s);
        return 0;
}

/* Glob characters as systemctl accepts them in unit patterns (fnmatch syntax). */
#define GLOB_CHARS "*?["
#define VALID_CHARS_GLOB VALID_CHARS_INSTANCE "[]!-*?"

static bool string_is_glob(const char *s) {
        return strpbrk(s, GLOB_CHARS) != NULL;
}

/* Unlike unit_name_escape(), "-", "\" and "@" stay as typed here: the argument is meant to
 * be a unit name already, and only what cannot appear in one is escaped. */
static char *escape_mangle(const char *s, const char *allowed) {
        char *r = malloc(strlen(s) * 4 + 1), *t = r;
        if (!r)
                return NULL;
        for (const char *f = s; *f; f++) {
                if (*f == '/')
                        *t++ = '-';
                else if (!strchr(allowed, *f))
                        t = escape_byte(t, (unsigned char) *f);
                else
                        *t++ = *f;
        }
        *t = 0;
        return r;
}

int unit_name_mangle(const char *arg, char **ret) {
        int r;

        if (isempty(arg))
                return -EINVAL;
        if (unit_name_is_valid(arg, UNIT_NAME_ANY))
                return copy_to(ret, arg);

        /* A pattern is matched against loaded units by the caller: it keeps its glob
         * characters and gets no suffix, so "foo*" matches units of every type. */
        bool glob = string_is_glob(arg);
        if (glob && in_charset(arg, VALID_CHARS_GLOB))
                return copy_to(ret, arg);

        /* A path that cannot be escaped (one with "..", say) falls through to plain
         * escaping below, as systemctl does; a path is never a pattern. */
        if (startswith(arg, "/dev/") || startswith(arg, "/sys/")) {
                r = unit_name_from_path(arg, ".device", ret);
                if (r != -EINVAL)
                        return r;
        }
        if (path_is_absolute(arg)) {
                r = unit_name_from_path(arg, ".mount", ret);
                if (r != -EINVAL)
                        return r;
        }

        if (glob) {
                char *s = escape_mangle(arg, VALID_CHARS_GLOB);
                if (!s)
                        return -ENOMEM;
                *ret = s;
                return 0;
        }

        _cleanup_free_ char *s = escape_mangle(arg, VALID_CHARS_INSTANCE);
        if (!s)
                return -ENOMEM;
        if (unit_name_to_type(s) < 0 && !strextend(&s, ".service"))
                return -ENOMEM;
        if (!unit_name_is_valid(s, UNIT_NAME_ANY))
                return -EINVAL;
        *ret = TAKE_PTR(s);
        return 0;
}
