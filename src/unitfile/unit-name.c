/* unit-name.c — see unit-name.h. The character set and length limits are those of
 * systemd.unit(5): ASCII letters, digits, ":-_.\" in prefixes; instances may also hold "@";
 * at most 255 bytes; the suffix names the type. */
#include <stdio.h>

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

int unit_name_mangle(const char *arg, char **ret) {
        char *s;
        if (unit_name_is_valid(arg, UNIT_NAME_ANY))
                s = strdup(arg);
        else
                s = strjoin(arg, ".service");
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}
