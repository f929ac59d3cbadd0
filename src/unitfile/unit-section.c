/* unit-section.c — the directive table of [Unit], the life cycle of UnitSection, and the
 * [Unit] parsers that fit no generic value type: Documentation= (URI checks), the job
 * timeouts (one implies the other) and the deprecated OnFailureIsolate=. Every key of
 * systemd 252's [Unit] is here, the deprecated aliases included, so none is ever reported
 * as unknown. */
#include "config-values.h"
#include "directive-util.h"
#include "parse-util.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"
#include "unit-section.h"

bool documentation_url_is_valid(const char *s) {
        const char *rest;

        if (isempty(s))
                return false;
        /* Printable ASCII only: a URI is not the place for control bytes or spaces. */
        for (const char *p = s; *p; p++)
                if (*p <= ' ' || *p >= 127)
                        return false;
        if ((rest = startswith(s, "http://")) || (rest = startswith(s, "https://")))
                return *rest != 0;
        if (startswith(s, "file:/"))
                return true;
        if ((rest = startswith(s, "info:")) || (rest = startswith(s, "man:")))
                return *rest != 0;
        return false;
}

static int config_parse_documentation(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        char ***urls = data;

        if (!*rvalue) {
                *urls = strv_free(*urls);
                return 0;
        }
        for (const char *p = rvalue;;) {
                _cleanup_free_ char *word = NULL, *resolved = NULL;
                int r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == -ENOMEM)
                        return log_oom();
                if (r < 0) {
                        log_config(ctx, LOG_WARNING, r, "Invalid syntax, ignoring: %s", rvalue);
                        return 0;
                }
                if (r == 0)
                        return 0;
                if (config_expand(ctx, word, &resolved) < 0)
                        continue;
                if (!documentation_url_is_valid(resolved)) {
                        log_config_ignoring(ctx, "Invalid URL, ignoring: %s", resolved);
                        continue;
                }
                if (strv_consume_unique(urls, TAKE_PTR(resolved)) < 0)
                        return log_oom();
        }
}

/* Both job timeouts read "0" as "no timeout" and an empty value as the default (none). */
static int parse_job_timeout(const ConfigContext *ctx, const char *rvalue, usec_t *ret) {
        if (!*rvalue) {
                *ret = USEC_INFINITY;
                return 0;
        }
        int r = parse_sec_fix_0(rvalue, ret);
        if (r < 0)
                log_config(ctx, LOG_WARNING, r, "Failed to parse %s=, ignoring: %s", ctx->lvalue, rvalue);
        return r;
}

/* JobTimeoutSec= predates JobRunningTimeoutSec=; old units that only turn the former off
 * expect the job never to time out, so it carries over unless the latter was set itself. */
static int config_parse_job_timeout(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        UnitSection *u = data;
        if (parse_job_timeout(ctx, rvalue, &u->job_timeout) < 0)
                return 0;
        if (!u->job_running_timeout_set)
                u->job_running_timeout = u->job_timeout;
        return 0;
}

static int config_parse_job_running_timeout(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        UnitSection *u = data;
        if (parse_job_timeout(ctx, rvalue, &u->job_running_timeout) < 0)
                return 0;
        u->job_running_timeout_set = true;
        return 0;
}

/* The start rate limit's defaults are the manager's (DefaultStartLimitIntervalSec=,
 * DefaultStartLimitBurst=), which an empty value restores; a generic number or time span
 * parser would reset them to 0, which means "no rate limit" for the interval. */
int config_parse_start_limit_interval(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        usec_t *usec = data;
        if (!*rvalue) {
                *usec = UNIT_DEFAULT_START_LIMIT_INTERVAL;
                return 0;
        }
        return config_parse_sec(ctx, 0, rvalue, data);
}

int config_parse_start_limit_burst(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        unsigned *burst = data;
        if (!*rvalue) {
                *burst = UNIT_DEFAULT_START_LIMIT_BURST;
                return 0;
        }
        return config_parse_unsigned(ctx, 0, rvalue, data);
}

static int config_parse_on_failure_isolate(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        JobMode *m = data;
        int b = parse_boolean(rvalue);
        if (b < 0) {
                log_config(ctx, LOG_WARNING, b, "Failed to parse boolean value, ignoring: %s", rvalue);
                return 0;
        }
        log_config(ctx, LOG_NOTICE, 0, "%s= is deprecated, please use OnFailureJobMode= instead.", ctx->lvalue);
        *m = b ? JOB_ISOLATE : JOB_REPLACE;
        return 0;
}

#define DEP(key, kind) { key, config_parse_unit_deps, UNIT_DEP_##kind, offsetof(UnitSection, deps[UNIT_DEP_##kind]) }
#define COND(key, type) { "Condition" key, config_parse_condition, CONDITION_##type, offsetof(UnitSection, conditions) }
#define ASSERT(key, type) { "Assert" key, config_parse_condition, CONDITION_##type, offsetof(UnitSection, asserts) }
#define FIELD(key, parser, ltype, field) { key, parser, ltype, offsetof(UnitSection, field) }

/* Sorted by strcmp; a test checks it. */
static const ConfigDirective unit_section_directives[] = {
        DEP("After", AFTER),
        FIELD("AllowIsolate", config_parse_bool, 0, allow_isolate),
        ASSERT("ACPower", AC_POWER),
        ASSERT("Architecture", ARCHITECTURE),
        ASSERT("CPUFeature", CPU_FEATURE),
        ASSERT("CPUPressure", CPU_PRESSURE),
        ASSERT("CPUs", CPUS),
        ASSERT("Capability", CAPABILITY),
        ASSERT("ControlGroupController", CONTROL_GROUP_CONTROLLER),
        ASSERT("Credential", CREDENTIAL),
        ASSERT("DirectoryNotEmpty", DIRECTORY_NOT_EMPTY),
        ASSERT("Environment", ENVIRONMENT),
        ASSERT("FileIsExecutable", FILE_IS_EXECUTABLE),
        ASSERT("FileNotEmpty", FILE_NOT_EMPTY),
        ASSERT("FirstBoot", FIRST_BOOT),
        ASSERT("Group", GROUP),
        ASSERT("Host", HOST),
        ASSERT("IOPressure", IO_PRESSURE),
        ASSERT("KernelCommandLine", KERNEL_COMMAND_LINE),
        ASSERT("KernelVersion", KERNEL_VERSION),
        ASSERT("Memory", MEMORY),
        ASSERT("MemoryPressure", MEMORY_PRESSURE),
        ASSERT("NeedsUpdate", NEEDS_UPDATE),
        ASSERT("OSRelease", OS_RELEASE),
        ASSERT("PathExists", PATH_EXISTS),
        ASSERT("PathExistsGlob", PATH_EXISTS_GLOB),
        ASSERT("PathIsDirectory", PATH_IS_DIRECTORY),
        ASSERT("PathIsEncrypted", PATH_IS_ENCRYPTED),
        ASSERT("PathIsMountPoint", PATH_IS_MOUNT_POINT),
        ASSERT("PathIsReadWrite", PATH_IS_READ_WRITE),
        ASSERT("PathIsSymbolicLink", PATH_IS_SYMBOLIC_LINK),
        ASSERT("Security", SECURITY),
        ASSERT("User", USER),
        ASSERT("Virtualization", VIRTUALIZATION),
        DEP("Before", BEFORE),
        DEP("BindTo", BINDS_TO), /* the spelling before systemd 186, still accepted silently */
        DEP("BindsTo", BINDS_TO),
        FIELD("CollectMode", config_parse_collect_mode, 0, collect_mode),
        COND("ACPower", AC_POWER),
        COND("Architecture", ARCHITECTURE),
        COND("CPUFeature", CPU_FEATURE),
        COND("CPUPressure", CPU_PRESSURE),
        COND("CPUs", CPUS),
        COND("Capability", CAPABILITY),
        COND("ControlGroupController", CONTROL_GROUP_CONTROLLER),
        COND("Credential", CREDENTIAL),
        COND("DirectoryNotEmpty", DIRECTORY_NOT_EMPTY),
        COND("Environment", ENVIRONMENT),
        COND("FileIsExecutable", FILE_IS_EXECUTABLE),
        COND("FileNotEmpty", FILE_NOT_EMPTY),
        COND("Firmware", FIRMWARE),
        COND("FirstBoot", FIRST_BOOT),
        COND("Group", GROUP),
        COND("Host", HOST),
        COND("IOPressure", IO_PRESSURE),
        COND("KernelCommandLine", KERNEL_COMMAND_LINE),
        COND("KernelVersion", KERNEL_VERSION),
        COND("Memory", MEMORY),
        COND("MemoryPressure", MEMORY_PRESSURE),
        COND("NeedsUpdate", NEEDS_UPDATE),
        COND("OSRelease", OS_RELEASE),
        COND("PathExists", PATH_EXISTS),
        COND("PathExistsGlob", PATH_EXISTS_GLOB),
        COND("PathIsDirectory", PATH_IS_DIRECTORY),
        COND("PathIsEncrypted", PATH_IS_ENCRYPTED),
        COND("PathIsMountPoint", PATH_IS_MOUNT_POINT),
        COND("PathIsReadWrite", PATH_IS_READ_WRITE),
        COND("PathIsSymbolicLink", PATH_IS_SYMBOLIC_LINK),
        COND("Security", SECURITY),
        COND("User", USER),
        COND("Virtualization", VIRTUALIZATION),
        DEP("Conflicts", CONFLICTS),
        FIELD("DefaultDependencies", config_parse_bool, 0, default_dependencies),
        FIELD("Description", config_parse_string, 0, description),
        FIELD("Documentation", config_parse_documentation, 0, documentation),
        FIELD("FailureAction", config_parse_emergency_action, 0, failure_action),
        FIELD("FailureActionExitStatus", config_parse_exit_status, 0, failure_action_exit_status),
        FIELD("IgnoreOnIsolate", config_parse_bool, 0, ignore_on_isolate),
        { "JobRunningTimeoutSec", config_parse_job_running_timeout, 0, 0 },
        FIELD("JobTimeoutAction", config_parse_emergency_action, 0, job_timeout_action),
        FIELD("JobTimeoutRebootArgument", config_parse_string, 0, job_timeout_reboot_argument),
        { "JobTimeoutSec", config_parse_job_timeout, 0, 0 },
        DEP("JoinsNamespaceOf", JOINS_NAMESPACE_OF),
        DEP("OnFailure", ON_FAILURE),
        FIELD("OnFailureIsolate", config_parse_on_failure_isolate, 0, on_failure_job_mode),
        FIELD("OnFailureJobMode", config_parse_job_mode, 0, on_failure_job_mode),
        DEP("OnSuccess", ON_SUCCESS),
        FIELD("OnSuccessJobMode", config_parse_job_mode, 0, on_success_job_mode),
        DEP("PartOf", PART_OF),
        DEP("PropagateReloadFrom", RELOAD_PROPAGATED_FROM), /* old spellings, silent aliases */
        DEP("PropagateReloadTo", PROPAGATES_RELOAD_TO),
        DEP("PropagatesReloadTo", PROPAGATES_RELOAD_TO),
        DEP("PropagatesStopTo", PROPAGATES_STOP_TO),
        FIELD("RebootArgument", config_parse_string, 0, reboot_argument),
        FIELD("RefuseManualStart", config_parse_bool, 0, refuse_manual_start),
        FIELD("RefuseManualStop", config_parse_bool, 0, refuse_manual_stop),
        DEP("ReloadPropagatedFrom", RELOAD_PROPAGATED_FROM),
        DEP("Requires", REQUIRES),
        FIELD("RequiresMountsFor", config_parse_requires_mounts_for, 0, requires_mounts_for),
        { "RequiresOverridable", config_parse_obsolete_unit_deps, UNIT_DEP_REQUIRES,
          offsetof(UnitSection, deps[UNIT_DEP_REQUIRES]) },
        DEP("Requisite", REQUISITE),
        { "RequisiteOverridable", config_parse_obsolete_unit_deps, UNIT_DEP_REQUISITE,
          offsetof(UnitSection, deps[UNIT_DEP_REQUISITE]) },
        FIELD("SourcePath", config_parse_path, 0, source_path),
        FIELD("StartLimitAction", config_parse_emergency_action, 0, start_limit_action),
        FIELD("StartLimitBurst", config_parse_start_limit_burst, 0, start_limit_burst),
        FIELD("StartLimitInterval", config_parse_start_limit_interval, 0, start_limit_interval), /* pre-230 name */
        FIELD("StartLimitIntervalSec", config_parse_start_limit_interval, 0, start_limit_interval),
        DEP("StopPropagatedFrom", STOP_PROPAGATED_FROM),
        FIELD("StopWhenUnneeded", config_parse_bool, 0, stop_when_unneeded),
        FIELD("SuccessAction", config_parse_emergency_action, 0, success_action),
        FIELD("SuccessActionExitStatus", config_parse_exit_status, 0, success_action_exit_status),
        DEP("Upholds", UPHOLDS),
        DEP("Wants", WANTS),
};

const ConfigTable unit_section_table = CONFIG_TABLE("Unit", PART_UNIT, unit_section_directives);

UnitSection *unit_section_new(void) {
        UnitSection *u = new0(UnitSection, 1);
        if (!u)
                return NULL;
        u->default_dependencies = true;
        u->job_timeout = USEC_INFINITY;
        u->job_running_timeout = USEC_INFINITY;
        u->start_limit_interval = UNIT_DEFAULT_START_LIMIT_INTERVAL;
        u->start_limit_burst = UNIT_DEFAULT_START_LIMIT_BURST;
        u->failure_action_exit_status = -1;
        u->success_action_exit_status = -1;
        u->on_failure_job_mode = JOB_REPLACE;
        u->on_success_job_mode = JOB_REPLACE;
        return u;
}

UnitSection *unit_section_free(UnitSection *u) {
        if (!u)
                return NULL;
        free(u->description);
        strv_free(u->documentation);
        for (size_t i = 0; i < _UNIT_DEPENDENCY_MAX; i++)
                strv_free(u->deps[i]);
        strv_free(u->requires_mounts_for);
        condition_free_list(u->conditions);
        condition_free_list(u->asserts);
        free(u->job_timeout_reboot_argument);
        free(u->reboot_argument);
        free(u->source_path);
        free(u);
        return NULL;
}
