/* control-properties.c — the properties `sctl show` and `status` read, named and formatted as
 * `systemctl show` prints systemd 252's D-Bus properties: booleans "yes"/"no", unit lists
 * space-separated, timestamps "Mon 2026-11-23 08:14:41 UTC" with a "…Monotonic" twin in µs,
 * time spans "1min 30s", empty values kept (the client hides them unless asked). The type's
 * own properties come first, as systemctl lists the type's interface before Unit's: first
 * what the type's append_properties gives, then the service details the control protocol
 * needs for `status` (exec command lists with their last run) when the type did not give
 * them. */
#include <stdarg.h>
#include <stdio.h>
#include <sys/wait.h>

#include "control-verbs.h"
#include "exit-status-set.h"
#include "service.h"
#include "signal-util.h"
#include "string-util.h"
#include "strv.h"
#include "timestamp-util.h"
#include "unit-file-state.h"

int property_append(char ***l, const char *name, const char *value) {
        _cleanup_free_ char *s = strjoin(name, "=", strempty(value));
        if (!s)
                return -ENOMEM;
        return strv_push(l, TAKE_PTR(s));
}

static int property_appendf(char ***l, const char *name, const char *fmt, ...) _printf_(3, 4);
static int property_appendf(char ***l, const char *name, const char *fmt, ...) {
        _cleanup_free_ char *v = NULL;
        va_list ap;
        va_start(ap, fmt);
        int r = vasprintf(&v, fmt, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return property_append(l, name, v);
}

static int property_append_bool(char ***l, const char *name, bool b) {
        return property_append(l, name, b ? "yes" : "no");
}

static int property_append_span(char ***l, const char *name, usec_t t) {
        char buf[FORMAT_TIMESPAN_MAX];
        return property_append(l, name, format_timespan(buf, sizeof buf, t, 1));
}

int property_append_timestamp(char ***l, const char *name, usec_t realtime, usec_t monotonic) {
        char buf[FORMAT_TIMESTAMP_MAX];
        int r = property_append(l, name, format_timestamp(buf, sizeof buf, realtime));
        if (r < 0)
                return r;
        _cleanup_free_ char *mono = strjoin(name, "Monotonic");
        if (!mono)
                return -ENOMEM;
        return property_appendf(l, mono, "%llu", (unsigned long long) monotonic);
}

int property_append_units(char ***l, const char *name, const UnitSet *s) {
        _cleanup_free_ char *v = strdup("");
        Unit *other;
        if (!v)
                return -ENOMEM;
        UNIT_SET_FOREACH(other, s)
                if (!strextend(&v, *v ? " " : "", other->id))
                        return -ENOMEM;
        return property_append(l, name, v);
}

static bool has_property(char **l, const char *name) {
        size_t n = strlen(name);
        STRV_FOREACH(p, l)
                if (strncmp(*p, name, n) == 0 && (*p)[n] == '=')
                        return true;
        return false;
}

/* One command as systemctl show prints an exec command list entry; st NULL: never ran. */
char *property_format_exec_command(const ExecCommand *c, const ExecStatus *st) {
        _cleanup_free_ char *argv = strv_join(c->argv, " ");
        char start[FORMAT_TIMESTAMP_MAX], stop[FORMAT_TIMESTAMP_MAX], status[64];
        ExecStatus none = {};
        if (!st)
                st = &none;
        format_timestamp(start, sizeof start, st->start.realtime);
        format_timestamp(stop, sizeof stop, st->exit.realtime);
        if (st->code == CLD_EXITED)
                snprintf(status, sizeof status, "%d", st->status);
        else if (st->code != 0) {
                const char *sig = signal_to_string(st->status);
                snprintf(status, sizeof status, "%d/%s", st->status, sig ? (startswith(sig, "SIG") ?: sig) : "?");
        } else
                snprintf(status, sizeof status, "0/0");
        char *s = NULL;
        if (asprintf(&s, "{ path=%s ; argv[]=%s ; ignore_errors=%s ; start_time=[%s] ; stop_time=[%s] ; pid=%d ; code=%s ; status=%s }",
                     c->path, strempty(argv), (c->flags & EXEC_COMMAND_IGNORE_FAILURE) ? "yes" : "no",
                     *start ? start : "n/a", *stop ? stop : "n/a", (int) st->pid,
                     sigchld_code_to_string(st->code) ?: "(null)", status) < 0)
                return NULL;
        return s;
}

/* Which run a command's last status is, as far as the service tells: the main command's, the
 * control command's, or, once the service is down and forgot which command ran, the main
 * status is the first ExecStart='s. Other commands show as not run. */
static const ExecStatus *exec_status_of(const Service *s, int list, const ExecCommand *c, bool first) {
        /* A long-running main process is "Main PID:", not one of the commands' runs: only
         * where ExecStart= is a step that ends (oneshot, forking) does its run count, as in
         * systemctl status. */
        ServiceType t = s->meta.config->service->type;
        bool step = t == SERVICE_ONESHOT || t == SERVICE_FORKING;
        if (list == SERVICE_EXEC_START && !step)
                return NULL;
        if (s->main_command == c || (!s->main_command && list == SERVICE_EXEC_START && first && s->main_exec_status.pid > 0))
                return &s->main_exec_status;
        if (s->control_command == c)
                return &s->control_exec_status;
        return NULL;
}

static int append_service_extras(Unit *u, char ***l) {
        static const char *const names[_SERVICE_EXEC_COMMAND_MAX] = {
                [SERVICE_EXEC_CONDITION] = "ExecCondition", [SERVICE_EXEC_START_PRE] = "ExecStartPre",
                [SERVICE_EXEC_START] = "ExecStart",         [SERVICE_EXEC_START_POST] = "ExecStartPost",
                [SERVICE_EXEC_RELOAD] = "ExecReload",       [SERVICE_EXEC_STOP] = "ExecStop",
                [SERVICE_EXEC_STOP_POST] = "ExecStopPost",
        };
        Service *s = (Service *) u;
        int r;
        if (!has_property(*l, "ExecMainStartTimestamp")) {
                if ((r = property_append_timestamp(l, "ExecMainStartTimestamp", s->main_exec_status.start.realtime,
                                                   s->main_exec_status.start.monotonic)) < 0 ||
                    (r = property_append_timestamp(l, "ExecMainExitTimestamp", s->main_exec_status.exit.realtime,
                                                   s->main_exec_status.exit.monotonic)) < 0)
                        return r;
        }
        for (int list = 0; list < _SERVICE_EXEC_COMMAND_MAX && u->config && u->config->service; list++) {
                if (has_property(*l, names[list]))
                        continue;
                _cleanup_free_ char *v = strdup("");
                bool first = true;
                if (!v)
                        return -ENOMEM;
                for (ExecCommand *c = u->config->service->exec_command[list]; c; c = c->next, first = false) {
                        _cleanup_free_ char *one = property_format_exec_command(c, exec_status_of(s, list, c, first));
                        if (!one || !strextend(&v, *v ? " " : "", one))
                                return -ENOMEM;
                }
                if ((r = property_append(l, names[list], v)) < 0)
                        return r;
        }
        if (!has_property(*l, "ControlGroup") && (r = property_append(l, "ControlGroup", u->cgroup_path)) < 0)
                return r;
        return 0;
}

static const char *load_error_name(UnitLoadState s) {
        switch (s) {
        case UNIT_NOT_FOUND: return "org.freedesktop.systemd1.NoSuchUnit";
        case UNIT_MASKED: return "org.freedesktop.systemd1.UnitMasked";
        case UNIT_BAD_SETTING: return "org.freedesktop.systemd1.BadUnitSetting";
        case UNIT_ERROR: return "org.freedesktop.systemd1.LoadFailed";
        default: return NULL;
        }
}

static int append_load_error(Unit *u, char ***l) {
        const char *name = load_error_name(u->load_state);
        if (!name)
                return property_append(l, "LoadError", "");
        _cleanup_free_ char *msg = NULL;
        int r;
        switch (u->load_state) {
        case UNIT_NOT_FOUND: r = asprintf(&msg, "Unit %s not found.", u->id); break;
        case UNIT_MASKED: r = asprintf(&msg, "Unit %s is masked.", u->id); break;
        case UNIT_BAD_SETTING: r = asprintf(&msg, "Unit %s has a bad unit file setting.", u->id); break;
        default:
                r = asprintf(&msg, "Unit %s failed to load properly, please adjust/correct and reload service manager: %s",
                             u->id, strerror(-u->load_error));
        }
        if (r < 0)
                return -ENOMEM;
        return property_appendf(l, "LoadError", "%s \"%s\"", name, msg);
}

int unit_properties_generic(Unit *u, char ***l) {
        static const UnitRelation relations[] = {
                REL_REQUIRES, REL_REQUISITE, REL_WANTS, REL_BINDS_TO, REL_PART_OF, REL_UPHOLDS, REL_REQUIRED_BY,
                REL_REQUISITE_OF, REL_WANTED_BY, REL_BOUND_BY, REL_UPHELD_BY, REL_CONSISTS_OF, REL_CONFLICTS,
                REL_CONFLICTED_BY, REL_BEFORE, REL_AFTER, REL_ON_SUCCESS, REL_ON_SUCCESS_OF, REL_ON_FAILURE,
                REL_ON_FAILURE_OF, REL_TRIGGERS, REL_TRIGGERED_BY, REL_PROPAGATES_RELOAD_TO,
                REL_RELOAD_PROPAGATED_FROM, REL_PROPAGATES_STOP_TO, REL_STOP_PROPAGATED_FROM,
                REL_JOINS_NAMESPACE_OF,
        };
        const UnitSection *us = u->config ? u->config->unit : NULL;
        int r;
        _cleanup_free_ char *names = strdup(u->id);
        if (!names)
                return -ENOMEM;
        STRV_FOREACH(a, u->aliases)
                if (!strextend(&names, " ", *a))
                        return -ENOMEM;
        if ((r = property_append(l, "Id", u->id)) < 0 || (r = property_append(l, "Names", names)) < 0)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(relations); i++)
                if ((r = property_append_units(l, unit_relation_to_string(relations[i]), &u->deps[relations[i]])) < 0)
                        return r;
        _cleanup_free_ char *mounts = us ? strv_join(us->requires_mounts_for, " ") : NULL;
        _cleanup_free_ char *docs = us ? strv_join(us->documentation, " ") : NULL;
        _cleanup_free_ char *dropins = strv_join(u->dropin_paths, " ");
        const char *description = unit_description(u);
        UnitActiveState as = unit_active_state(u);
        const char *file_state, *file_preset;
        unit_file_state_query(u, &file_state, &file_preset);
        if ((r = property_append(l, "RequiresMountsFor", mounts)) < 0 ||
            (r = property_append(l, "Documentation", docs)) < 0 ||
            (r = property_append(l, "Description", description)) < 0 ||
            (r = property_append(l, "LoadState", unit_load_state_to_string(u->load_state))) < 0 ||
            (r = property_append(l, "ActiveState", unit_active_state_to_string(as))) < 0 ||
            (r = property_append(l, "FreezerState", "running")) < 0 ||
            (r = property_append(l, "SubState", unit_sub_state(u))) < 0 ||
            (r = property_append(l, "FragmentPath", u->fragment_path)) < 0 ||
            (r = property_append(l, "SourcePath", us ? us->source_path : NULL)) < 0 ||
            (r = property_append(l, "DropInPaths", dropins)) < 0 ||
            (r = property_append(l, "UnitFileState", file_state)) < 0 ||
            (r = property_append(l, "UnitFilePreset", file_preset)) < 0 ||
            (r = property_append_timestamp(l, "StateChangeTimestamp", u->state_change.realtime, u->state_change.monotonic)) < 0 ||
            (r = property_append_timestamp(l, "InactiveExitTimestamp", u->inactive_exit.realtime, u->inactive_exit.monotonic)) < 0 ||
            (r = property_append_timestamp(l, "ActiveEnterTimestamp", u->active_enter.realtime, u->active_enter.monotonic)) < 0 ||
            (r = property_append_timestamp(l, "ActiveExitTimestamp", u->active_exit.realtime, u->active_exit.monotonic)) < 0 ||
            (r = property_append_timestamp(l, "InactiveEnterTimestamp", u->inactive_enter.realtime, u->inactive_enter.monotonic)) < 0)
                return r;
        bool loaded = u->load_state == UNIT_LOADED;
        if ((r = property_append_bool(l, "CanStart", unit_can_start(u) && !(us && us->refuse_manual_start))) < 0 ||
            (r = property_append_bool(l, "CanStop", loaded && u->vtable->stop && !(us && us->refuse_manual_stop))) < 0 ||
            (r = property_append_bool(l, "CanReload", unit_can_reload(u))) < 0 ||
            (r = property_append_bool(l, "CanIsolate", unit_can_isolate(u))) < 0 ||
            (r = property_append_bool(l, "CanFreeze", false)) < 0)
                return r;
        if (u->job)
                r = property_appendf(l, "Job", "%u", u->job->id);
        else
                r = property_append(l, "Job", "");
        if (r < 0)
                return r;
        if ((r = property_append_bool(l, "StopWhenUnneeded", us && us->stop_when_unneeded)) < 0 ||
            (r = property_append_bool(l, "RefuseManualStart", us && us->refuse_manual_start)) < 0 ||
            (r = property_append_bool(l, "RefuseManualStop", us && us->refuse_manual_stop)) < 0 ||
            (r = property_append_bool(l, "AllowIsolate", us && us->allow_isolate)) < 0 ||
            (r = property_append_bool(l, "DefaultDependencies", !us || us->default_dependencies)) < 0 ||
            (r = property_append(l, "OnSuccessJobMode", job_mode_to_string(us ? us->on_success_job_mode : JOB_FAIL))) < 0 ||
            (r = property_append(l, "OnFailureJobMode", job_mode_to_string(us ? us->on_failure_job_mode : JOB_REPLACE))) < 0 ||
            (r = property_append_bool(l, "IgnoreOnIsolate", us && us->ignore_on_isolate)) < 0 ||
            (r = property_append_bool(l, "NeedDaemonReload", false)) < 0 ||
            (r = property_append(l, "Markers", "")) < 0 ||
            (r = property_append_span(l, "JobTimeoutUSec", us ? us->job_timeout : USEC_INFINITY)) < 0 ||
            (r = property_append_span(l, "JobRunningTimeoutUSec", us ? us->job_running_timeout : USEC_INFINITY)) < 0 ||
            (r = property_append(l, "JobTimeoutAction", emergency_action_to_string(us ? us->job_timeout_action : EMERGENCY_ACTION_NONE))) < 0 ||
            (r = property_append(l, "JobTimeoutRebootArgument", us ? us->job_timeout_reboot_argument : NULL)) < 0 ||
            (r = property_append_bool(l, "ConditionResult", u->condition_result)) < 0 ||
            (r = property_append_bool(l, "AssertResult", u->assert_result)) < 0 ||
            (r = property_append_timestamp(l, "ConditionTimestamp", u->condition_timestamp.realtime, u->condition_timestamp.monotonic)) < 0 ||
            (r = property_append_timestamp(l, "AssertTimestamp", u->assert_timestamp.realtime, u->assert_timestamp.monotonic)) < 0 ||
            (r = append_load_error(u, l)) < 0 ||
            (r = property_append_bool(l, "Transient", false)) < 0 ||
            (r = property_append_bool(l, "Perpetual", false)) < 0 ||
            (r = property_append_span(l, "StartLimitIntervalUSec", us ? us->start_limit_interval : UNIT_DEFAULT_START_LIMIT_INTERVAL)) < 0 ||
            (r = property_appendf(l, "StartLimitBurst", "%u", us ? us->start_limit_burst : UNIT_DEFAULT_START_LIMIT_BURST)) < 0 ||
            (r = property_append(l, "StartLimitAction", emergency_action_to_string(us ? us->start_limit_action : EMERGENCY_ACTION_NONE))) < 0 ||
            (r = property_append(l, "FailureAction", emergency_action_to_string(us ? us->failure_action : EMERGENCY_ACTION_NONE))) < 0 ||
            (r = property_append(l, "SuccessAction", emergency_action_to_string(us ? us->success_action : EMERGENCY_ACTION_NONE))) < 0 ||
            (r = property_append(l, "RebootArgument", us ? us->reboot_argument : NULL)) < 0 ||
            (r = property_append(l, "InvocationID", u->invocation_id)) < 0 ||
            (r = property_append(l, "CollectMode", collect_mode_to_string(us ? us->collect_mode : COLLECT_INACTIVE))) < 0)
                return r;
        return 0;
}

int unit_properties(Unit *u, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        int r;
        if (u->load_state == UNIT_LOADED && u->vtable->append_properties &&
            (r = u->vtable->append_properties(u, &l)) < 0)
                return r;
        if (u->load_state == UNIT_LOADED && u->type == UNIT_SERVICE && (r = append_service_extras(u, &l)) < 0)
                return r;
        if ((r = unit_properties_generic(u, &l)) < 0)
                return r;
        *ret = TAKE_PTR(l);
        return 0;
}
