/* kill-context.h — how a unit's processes are stopped (systemd.kill(5)): KillMode= and the
 * signals sent on stop, restart, final kill and watchdog timeout. Shared by service, socket,
 * mount, swap and scope units; filled by kill_context_table. */
#pragma once

#include <stdbool.h>

#include "config-parse.h"

typedef enum KillMode {
        KILL_CONTROL_GROUP,   /* the default */
        KILL_PROCESS,
        KILL_MIXED,
        KILL_NONE,            /* deprecated: warns */
        _KILL_MODE_MAX,
        _KILL_MODE_INVALID = -EINVAL,
} KillMode;

typedef struct KillContext {
        KillMode kill_mode;
        int kill_signal;          /* SIGTERM */
        int restart_kill_signal;  /* 0: the same as kill_signal */
        int final_kill_signal;    /* SIGKILL */
        int watchdog_signal;      /* SIGABRT */
        bool send_sigkill;        /* yes */
        bool send_sighup;         /* no */
} KillContext;

const char *kill_mode_to_string(KillMode m);
KillMode kill_mode_from_string(const char *s);

KillContext *kill_context_new(void);
KillContext *kill_context_free(KillContext *c);

/* The signal a restart sends: RestartKillSignal= if set, else KillSignal=. */
int kill_context_restart_signal(const KillContext *c);

extern const ConfigTable kill_context_table;
