/* unit-name.h — unit types and unit names as systemd.unit(5) defines them: validation,
 * templates and instances ("foo@.service", "foo@bar.service"), prefixes, and the escaping
 * that maps paths and strings into names (systemd-escape). */
#pragma once

#include <stdbool.h>

#include "macro.h"

typedef enum UnitType {
        UNIT_SERVICE,
        UNIT_MOUNT,
        UNIT_SWAP,
        UNIT_SOCKET,
        UNIT_TARGET,
        UNIT_DEVICE,
        UNIT_AUTOMOUNT,
        UNIT_TIMER,
        UNIT_PATH,
        UNIT_SLICE,
        UNIT_SCOPE,
        _UNIT_TYPE_MAX,
        _UNIT_TYPE_INVALID = -EINVAL,
} UnitType;

#define UNIT_NAME_MAX 256

typedef enum UnitNameFlags {
        UNIT_NAME_PLAIN = 1 << 0,    /* foo.service */
        UNIT_NAME_TEMPLATE = 1 << 1, /* foo@.service */
        UNIT_NAME_INSTANCE = 1 << 2, /* foo@bar.service */
        UNIT_NAME_ANY = UNIT_NAME_PLAIN | UNIT_NAME_TEMPLATE | UNIT_NAME_INSTANCE,
} UnitNameFlags;

const char *unit_type_to_string(UnitType t);   /* "service" */
UnitType unit_type_from_string(const char *s);
UnitType unit_name_to_type(const char *name);  /* by suffix; _UNIT_TYPE_INVALID if none */

bool unit_name_is_valid(const char *name, UnitNameFlags flags);
bool unit_prefix_is_valid(const char *p);
bool unit_instance_is_valid(const char *i);
/* Which form a valid name has: UNIT_NAME_PLAIN, _TEMPLATE or _INSTANCE; 0 when invalid. */
UnitNameFlags unit_name_classify(const char *name);

int unit_name_to_prefix(const char *name, char **ret);          /* foo@bar.service → foo */
int unit_name_to_instance(const char *name, char **ret);        /* → bar; "" for a template; NULL when plain */
int unit_name_template(const char *name, char **ret);           /* foo@bar.service → foo@.service */
int unit_name_replace_instance(const char *name, const char *instance, char **ret);
int unit_name_build(const char *prefix, const char *instance, const char *suffix, char **ret);
int unit_name_change_suffix(const char *name, const char *suffix, char **ret);

/* systemd-escape: "/" becomes "-", other unsafe bytes \xNN; a leading "." is escaped. */
char *unit_name_escape(const char *s);
int unit_name_unescape(const char *s, char **ret);
int unit_name_path_escape(const char *path, char **ret);        /* / → "-", /dev/sda → dev-sda */
int unit_name_path_unescape(const char *s, char **ret);
int unit_name_from_path(const char *path, const char *suffix, char **ret);
/* What a command line's unit argument means: "foo" → foo.service, "/dev/sda" → dev-sda.device,
 * "/home" → home.mount, names with a valid suffix unchanged. */
int unit_name_mangle(const char *arg, char **ret);
