/* kill-context.c — the directive table of the kill context and its two own parsers: KillMode=
 * (which warns about "none", as systemd 252 does, since it leaves processes behind) and the
 * signal directives, where 0 is refused because "send no signal" is not a way to stop. */
#include <signal.h>

#include "config-values.h"
#include "directive-util.h"
#include "kill-context.h"
#include "signal-util.h"

static const char *const kill_mode_table[_KILL_MODE_MAX] = {
        [KILL_CONTROL_GROUP] = "control-group",
        [KILL_PROCESS] = "process",
        [KILL_MIXED] = "mixed",
        [KILL_NONE] = "none",
};
DEFINE_STRING_TABLE(kill_mode, KillMode, kill_mode_table)

static int config_parse_kill_mode(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        KillMode *m = data;
        if (!*rvalue) {
                *m = KILL_CONTROL_GROUP;
                return 0;
        }
        KillMode x = kill_mode_from_string(rvalue);
        if (x < 0) {
                log_config_ignoring(ctx, "Failed to parse kill mode specification, ignoring: %s", rvalue);
                return 0;
        }
        if (x == KILL_NONE)
                log_config(ctx, LOG_WARNING, 0,
                           "Unit uses KillMode=none, which leaves its processes running when it stops and is "
                           "deprecated; consider 'mixed' or 'control-group' instead.");
        *m = x;
        return 0;
}

/* ltype: the default an empty value restores. */
static int config_parse_kill_signal(const ConfigContext *ctx, int ltype, const char *rvalue, void *data) {
        int *sig = data;
        if (!*rvalue) {
                *sig = ltype;
                return 0;
        }
        int s = signal_from_string(rvalue);
        if (s <= 0) {
                log_config_ignoring(ctx, "Failed to parse signal name, ignoring: %s", rvalue);
                return 0;
        }
        *sig = s;
        return 0;
}

/* Sorted by strcmp; a test checks it. */
static const ConfigDirective kill_context_directives[] = {
        { "FinalKillSignal", config_parse_kill_signal, SIGKILL, offsetof(KillContext, final_kill_signal) },
        { "KillMode", config_parse_kill_mode, 0, offsetof(KillContext, kill_mode) },
        { "KillSignal", config_parse_kill_signal, SIGTERM, offsetof(KillContext, kill_signal) },
        { "RestartKillSignal", config_parse_kill_signal, 0, offsetof(KillContext, restart_kill_signal) },
        { "SendSIGHUP", config_parse_bool, 0, offsetof(KillContext, send_sighup) },
        { "SendSIGKILL", config_parse_bool, 0, offsetof(KillContext, send_sigkill) },
        { "WatchdogSignal", config_parse_kill_signal, SIGABRT, offsetof(KillContext, watchdog_signal) },
};

const ConfigTable kill_context_table = CONFIG_TABLE("kill", PART_KILL, kill_context_directives);

KillContext *kill_context_new(void) {
        KillContext *c = new0(KillContext, 1);
        if (!c)
                return NULL;
        *c = (KillContext) {
                .kill_mode = KILL_CONTROL_GROUP,
                .kill_signal = SIGTERM,
                .final_kill_signal = SIGKILL,
                .watchdog_signal = SIGABRT,
                .send_sigkill = true,
        };
        return c;
}

KillContext *kill_context_free(KillContext *c) {
        free(c);
        return NULL;
}

int kill_context_restart_signal(const KillContext *c) {
        return c->restart_kill_signal > 0 ? c->restart_kill_signal : c->kill_signal;
}
