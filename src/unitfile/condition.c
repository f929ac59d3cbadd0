/* condition.c — parsing of Condition*= and Assert*=. Prefixes are taken literally, with no
 * whitespace skipped: "|" first, then "!", so "|! /x" is a relative path and "!|/x" is a
 * negated check of the path "|/x", the same reading systemd 252 gives them. */
#include "condition.h"
#include "directive-util.h"
#include "path-util.h"
#include "specifier.h"

static const char *const condition_type_table[_CONDITION_TYPE_MAX] = {
        [CONDITION_ARCHITECTURE] = "Architecture",
        [CONDITION_FIRMWARE] = "Firmware",
        [CONDITION_VIRTUALIZATION] = "Virtualization",
        [CONDITION_HOST] = "Host",
        [CONDITION_KERNEL_COMMAND_LINE] = "KernelCommandLine",
        [CONDITION_KERNEL_VERSION] = "KernelVersion",
        [CONDITION_CREDENTIAL] = "Credential",
        [CONDITION_SECURITY] = "Security",
        [CONDITION_CAPABILITY] = "Capability",
        [CONDITION_AC_POWER] = "ACPower",
        [CONDITION_MEMORY] = "Memory",
        [CONDITION_CPUS] = "CPUs",
        [CONDITION_ENVIRONMENT] = "Environment",
        [CONDITION_CPU_FEATURE] = "CPUFeature",
        [CONDITION_OS_RELEASE] = "OSRelease",
        [CONDITION_MEMORY_PRESSURE] = "MemoryPressure",
        [CONDITION_CPU_PRESSURE] = "CPUPressure",
        [CONDITION_IO_PRESSURE] = "IOPressure",
        [CONDITION_NEEDS_UPDATE] = "NeedsUpdate",
        [CONDITION_FIRST_BOOT] = "FirstBoot",
        [CONDITION_PATH_EXISTS] = "PathExists",
        [CONDITION_PATH_EXISTS_GLOB] = "PathExistsGlob",
        [CONDITION_PATH_IS_DIRECTORY] = "PathIsDirectory",
        [CONDITION_PATH_IS_SYMBOLIC_LINK] = "PathIsSymbolicLink",
        [CONDITION_PATH_IS_MOUNT_POINT] = "PathIsMountPoint",
        [CONDITION_PATH_IS_READ_WRITE] = "PathIsReadWrite",
        [CONDITION_PATH_IS_ENCRYPTED] = "PathIsEncrypted",
        [CONDITION_DIRECTORY_NOT_EMPTY] = "DirectoryNotEmpty",
        [CONDITION_FILE_NOT_EMPTY] = "FileNotEmpty",
        [CONDITION_FILE_IS_EXECUTABLE] = "FileIsExecutable",
        [CONDITION_USER] = "User",
        [CONDITION_GROUP] = "Group",
        [CONDITION_CONTROL_GROUP_CONTROLLER] = "ControlGroupController",
};
DEFINE_STRING_TABLE(condition_type, ConditionType, condition_type_table)

bool condition_takes_path(ConditionType t) {
        /* NeedsUpdate= names /etc or /var, so it is a path check too. */
        return t == CONDITION_NEEDS_UPDATE || (t >= CONDITION_PATH_EXISTS && t <= CONDITION_FILE_IS_EXECUTABLE);
}

Condition *condition_free_list(Condition *first) {
        while (first) {
                Condition *next = first->next;
                free(first->parameter);
                free(first);
                first = next;
        }
        return NULL;
}

size_t condition_list_length(const Condition *first) {
        size_t n = 0;
        for (; first; first = first->next)
                n++;
        return n;
}

int config_parse_condition(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        Condition **list = data;
        ConditionType type = ltype;

        if (!*rvalue) {
                *list = condition_free_list(*list);
                return 0;
        }

        bool trigger = rvalue[0] == '|';
        if (trigger)
                rvalue++;
        bool negate = rvalue[0] == '!';
        if (negate)
                rvalue++;

        _cleanup_free_ char *p = NULL;
        if (config_expand(ctx, rvalue, &p) < 0)
                return 0;

        if (condition_takes_path(type) && directive_path_check(ctx, p) < 0)
                return 0;

        Condition *c = new0(Condition, 1);
        if (!c)
                return log_oom();
        *c = (Condition) { .type = type, .trigger = trigger, .negate = negate, .parameter = TAKE_PTR(p) };

        /* Appended, so that conditions are evaluated in the order they were written. */
        Condition **tail = list;
        while (*tail)
                tail = &(*tail)->next;
        *tail = c;
        return 0;
}
