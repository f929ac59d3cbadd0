/* control-manager.c — what the manager says about itself: `manager-status` (the rows behind
 * `sctl status` without a unit) and the recovery summary `is-system-running` adds. A manager
 * that crashed and was brought back by init must not hide it: how many recoveries, when, why
 * (as init saw the death: the signal, the exit status, a hang), how long the take-over took,
 * and what keeping the checkpoint costs. */
#include <stdio.h>
#include <unistd.h>

#include "control-verbs.h"
#include "string-util.h"
#include "strv.h"
#include "timestamp-util.h"

char *control_recovery_summary(Manager *m) {
        SelfHeal *h = &m->selfheal;
        if (h->n_recoveries == 0 && h->n_reexecs == 0)
                return NULL;
        char ts[64] = "";
        const Recovery *last = h->n_history > 0 ? &h->history[h->n_history - 1] : NULL;
        if (last)
                format_timestamp(ts, sizeof ts, last->realtime);
        char *s = NULL;
        if (asprintf(&s, "recovered %u time%s, re-executed %u time%s%s%s%s%s", h->n_recoveries,
                     h->n_recoveries == 1 ? "" : "s", h->n_reexecs, h->n_reexecs == 1 ? "" : "s", last ? "; last " : "",
                     ts, last ? ": " : "", last ? last->reason : "") < 0)
                return NULL;
        return s;
}

static int row(ControlClient *c, const char *fmt, ...) _printf_(2, 3);
static int row(ControlClient *c, const char *fmt, ...) {
        _cleanup_free_ char *s = NULL;
        va_list ap;
        va_start(ap, fmt);
        int r = vasprintf(&s, fmt, ap);
        va_end(ap);
        if (r < 0)
                return -ENOMEM;
        return control_client_replyv(c, "row", s, NULL);
}

/* → rows "Name=value", then "end" */
void control_verb_manager_status(ControlClient *c, char **args, size_t n) {
        Manager *m = c->server->manager;
        SelfHeal *h = &m->selfheal;
        char ts[64];
        (void) args, (void) n;
        size_t n_units = 0;
        Unit *u;
        const char *key;
        HASHMAP_FOREACH_KEY(u, key, m->units)
                if (streq(key, u->id))
                        n_units++;
        (void) row(c, "SystemState=%s", control_system_state(m));
        (void) row(c, "Version=%s", PACKAGE_VERSION);
        (void) row(c, "ManagerPID=%d", (int) getpid());
        (void) row(c, "NUnits=%zu", n_units);
        (void) row(c, "NJobs=%zu", hashmap_size(m->jobs));
        (void) row(c, "NFailedUnits=%u", m->n_failed_units);
        (void) row(c, "StartupTimestamp=%s",
                   m->startup_begin.realtime ? format_timestamp(ts, sizeof ts, m->startup_begin.realtime) : "");
        (void) row(c, "InitStart=%llu", (unsigned long long) m->init_link.start_number);
        (void) row(c, "NRecoveries=%u", h->n_recoveries);
        (void) row(c, "NReexecutions=%u", h->n_reexecs);
        (void) row(c, "RecoveredFromCheckpoint=%s", !h->recovered ? "" : h->rebuilt ? "no" : "yes");
        (void) row(c, "LastRecoveryUSec=%llu", (unsigned long long) h->recovery_duration_usec);
        for (unsigned i = 0; i < h->n_history; i++)
                (void) row(c, "Recovery=%s: %s", format_timestamp(ts, sizeof ts, h->history[i].realtime),
                           h->history[i].reason);
        (void) row(c, "CheckpointWrites=%llu", h->n_writes);
        (void) row(c, "CheckpointWriteAvgUSec=%llu", h->n_writes ? (unsigned long long) (h->write_usec_total / h->n_writes) : 0ULL);
        (void) row(c, "CheckpointWriteMaxUSec=%llu", (unsigned long long) h->write_usec_max);
        (void) row(c, "CheckpointWriteAvgCPUUSec=%llu",
                   h->n_writes ? (unsigned long long) (h->write_cpu_usec_total / h->n_writes) : 0ULL);
        (void) row(c, "CheckpointSize=%zu", h->last_size);
        (void) control_client_replyv(c, "end", NULL);
}
