/* unit-enums.h — the small enums of the [Unit] section: emergency actions (FailureAction=,
 * SuccessAction=, StartLimitAction=, JobTimeoutAction=), job modes (OnFailureJobMode=,
 * OnSuccessJobMode=) and CollectMode=, with the names systemd 252 accepts. [Service] reuses
 * the emergency actions for its deprecated FailureAction=. */
#pragma once

#include "config-parse.h"

typedef enum EmergencyAction {
        EMERGENCY_ACTION_NONE,
        EMERGENCY_ACTION_REBOOT,
        EMERGENCY_ACTION_REBOOT_FORCE,
        EMERGENCY_ACTION_REBOOT_IMMEDIATE,
        EMERGENCY_ACTION_POWEROFF,
        EMERGENCY_ACTION_POWEROFF_FORCE,
        EMERGENCY_ACTION_POWEROFF_IMMEDIATE,
        EMERGENCY_ACTION_EXIT,
        EMERGENCY_ACTION_EXIT_FORCE,
        _EMERGENCY_ACTION_MAX,
        _EMERGENCY_ACTION_INVALID = -EINVAL,
} EmergencyAction;

typedef enum JobMode {
        JOB_FAIL,
        JOB_REPLACE,
        JOB_REPLACE_IRREVERSIBLY,
        JOB_ISOLATE,
        JOB_FLUSH,
        JOB_IGNORE_DEPENDENCIES,
        JOB_IGNORE_REQUIREMENTS,
        JOB_TRIGGERING,
        _JOB_MODE_MAX,
        _JOB_MODE_INVALID = -EINVAL,
} JobMode;

typedef enum CollectMode {
        COLLECT_INACTIVE,
        COLLECT_INACTIVE_OR_FAILED,
        _COLLECT_MODE_MAX,
        _COLLECT_MODE_INVALID = -EINVAL,
} CollectMode;

const char *emergency_action_to_string(EmergencyAction a);
EmergencyAction emergency_action_from_string(const char *s);
const char *job_mode_to_string(JobMode m);
JobMode job_mode_from_string(const char *s);
const char *collect_mode_to_string(CollectMode m);
CollectMode collect_mode_from_string(const char *s);

/* EmergencyAction *; empty → none */
int config_parse_emergency_action(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* JobMode *; empty → replace */
int config_parse_job_mode(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* CollectMode *; empty → inactive */
int config_parse_collect_mode(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
/* int *: an exit status 0…255 for FailureActionExitStatus= and friends; empty → -1 (unset) */
int config_parse_exit_status(const ConfigContext *ctx, int ltype, const char *rvalue, void *data);
