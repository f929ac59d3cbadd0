/* unit-enums.c — names and parsers of the [Unit] section's enums. The lists are systemd
 * 252's: its emergency actions stop at exit-force (halt, soft-reboot and kexec came later),
 * and its job modes already include "triggering". */
#include "directive-util.h"
#include "parse-util.h"
#include "unit-enums.h"

static const char *const emergency_action_table[_EMERGENCY_ACTION_MAX] = {
        [EMERGENCY_ACTION_NONE] = "none",
        [EMERGENCY_ACTION_REBOOT] = "reboot",
        [EMERGENCY_ACTION_REBOOT_FORCE] = "reboot-force",
        [EMERGENCY_ACTION_REBOOT_IMMEDIATE] = "reboot-immediate",
        [EMERGENCY_ACTION_POWEROFF] = "poweroff",
        [EMERGENCY_ACTION_POWEROFF_FORCE] = "poweroff-force",
        [EMERGENCY_ACTION_POWEROFF_IMMEDIATE] = "poweroff-immediate",
        [EMERGENCY_ACTION_EXIT] = "exit",
        [EMERGENCY_ACTION_EXIT_FORCE] = "exit-force",
};
DEFINE_STRING_TABLE(emergency_action, EmergencyAction, emergency_action_table)

static const char *const job_mode_table[_JOB_MODE_MAX] = {
        [JOB_FAIL] = "fail",
        [JOB_REPLACE] = "replace",
        [JOB_REPLACE_IRREVERSIBLY] = "replace-irreversibly",
        [JOB_ISOLATE] = "isolate",
        [JOB_FLUSH] = "flush",
        [JOB_IGNORE_DEPENDENCIES] = "ignore-dependencies",
        [JOB_IGNORE_REQUIREMENTS] = "ignore-requirements",
        [JOB_TRIGGERING] = "triggering",
};
DEFINE_STRING_TABLE(job_mode, JobMode, job_mode_table)

static const char *const collect_mode_table[_COLLECT_MODE_MAX] = {
        [COLLECT_INACTIVE] = "inactive",
        [COLLECT_INACTIVE_OR_FAILED] = "inactive-or-failed",
};
DEFINE_STRING_TABLE(collect_mode, CollectMode, collect_mode_table)

int config_parse_emergency_action(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        EmergencyAction *a = data;
        if (!*rvalue) {
                *a = EMERGENCY_ACTION_NONE;
                return 0;
        }
        EmergencyAction x = emergency_action_from_string(rvalue);
        if (x < 0) {
                log_config_ignoring(ctx, "Failed to parse %s=, ignoring: %s", ctx->lvalue, rvalue);
                return 0;
        }
        *a = x;
        return 0;
}

DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_job_mode, job_mode_from_string, JobMode, JOB_REPLACE,
                                 "Failed to parse job mode")
DEFINE_CONFIG_PARSE_ENUM_DEFAULT(config_parse_collect_mode, collect_mode_from_string, CollectMode,
                                 COLLECT_INACTIVE, "Failed to parse garbage collection mode")

int config_parse_exit_status(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *status = data, v;
        if (!*rvalue) {
                *status = -1;
                return 0;
        }
        int r = safe_atoi(rvalue, &v);
        if (r >= 0 && (v < 0 || v > 255))
                r = -ERANGE;
        if (r < 0) {
                log_config(ctx, LOG_WARNING, r, "Failed to parse exit status '%s', ignoring: %m", rvalue);
                return 0;
        }
        *status = v;
        return 0;
}
