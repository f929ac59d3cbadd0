/* condition.h — Condition*= and Assert*= of the [Unit] section as data: the check's type,
 * whether it is a triggering condition ("|", any one of them suffices) or negated ("!"),
 * and its parameter with specifiers expanded. Evaluating them is the manager's business;
 * this file only names the types systemd 252 knows and parses assignments into lists. */
#pragma once

#include <stdbool.h>

#include "config-parse.h"

typedef enum ConditionType {
        CONDITION_ARCHITECTURE,
        CONDITION_FIRMWARE,
        CONDITION_VIRTUALIZATION,
        CONDITION_HOST,
        CONDITION_KERNEL_COMMAND_LINE,
        CONDITION_KERNEL_VERSION,
        CONDITION_CREDENTIAL,
        CONDITION_SECURITY,
        CONDITION_CAPABILITY,
        CONDITION_AC_POWER,
        CONDITION_MEMORY,
        CONDITION_CPUS,
        CONDITION_ENVIRONMENT,
        CONDITION_CPU_FEATURE,
        CONDITION_OS_RELEASE,
        CONDITION_MEMORY_PRESSURE,
        CONDITION_CPU_PRESSURE,
        CONDITION_IO_PRESSURE,
        CONDITION_NEEDS_UPDATE,
        CONDITION_FIRST_BOOT,
        CONDITION_PATH_EXISTS,
        CONDITION_PATH_EXISTS_GLOB,
        CONDITION_PATH_IS_DIRECTORY,
        CONDITION_PATH_IS_SYMBOLIC_LINK,
        CONDITION_PATH_IS_MOUNT_POINT,
        CONDITION_PATH_IS_READ_WRITE,
        CONDITION_PATH_IS_ENCRYPTED,
        CONDITION_DIRECTORY_NOT_EMPTY,
        CONDITION_FILE_NOT_EMPTY,
        CONDITION_FILE_IS_EXECUTABLE,
        CONDITION_USER,
        CONDITION_GROUP,
        CONDITION_CONTROL_GROUP_CONTROLLER,
        _CONDITION_TYPE_MAX,
        _CONDITION_TYPE_INVALID = -EINVAL,
} ConditionType;

typedef struct Condition {
        ConditionType type;
        bool trigger;     /* "|": the unit starts if any triggering condition holds */
        bool negate;      /* "!" */
        char *parameter;  /* specifiers expanded; an absolute, simplified path for path checks */
        struct Condition *next;
} Condition;

/* The directive name without its prefix: "PathExists" for CONDITION_PATH_EXISTS. */
const char *condition_type_to_string(ConditionType t);
ConditionType condition_type_from_string(const char *s);
/* Whether the parameter is a file system path (and must be absolute). */
bool condition_takes_path(ConditionType t);

Condition *condition_free_list(Condition *first);
size_t condition_list_length(const Condition *first);

/* Condition ** (a list of conditions or of asserts); ltype = ConditionType. An empty value
 * empties the whole list, of every type, as systemd.unit(5) documents. */
int config_parse_condition(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
