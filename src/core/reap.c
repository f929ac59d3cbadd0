/* reap.c — children's exits, handled before they are reaped (docs/selfheal.md, "No exit
 * status lost").
 *
 * A zombie holds its exit status in the kernel; once reaped, the status exists only in our
 * memory. If the manager dies after reaping an exit but before the checkpoint recording its
 * consequences is written, the next manager sees the process gone with no status. So on
 * SIGCHLD every watched child is only peeked at (WNOWAIT), the exits are dispatched, the
 * checkpoint is written at once, and only then are the zombies reaped. A manager that dies
 * in between leaves the zombies unreaped: the kernel hands them to init, which reaps them and
 * passes their status to the next manager (CHILD_EXIT) — which dispatches them against a
 * checkpoint from before they were handled. Either way every exit is handled exactly once.
 *
 * The peek is per watched PID (waitid(P_ALL, WNOWAIT) always returns the same first zombie);
 * a thousand watched processes cost a thousand cheap syscalls per SIGCHLD. Children nobody
 * watches are reaped at once: no state depends on them. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "log.h"
#include "manager.h"
#include "selfheal.h"

#define REAP_BATCH 64

static void reap(pid_t pid) {
        siginfo_t si = {};
        (void) waitid(P_PID, (id_t) pid, &si, WEXITED | WNOHANG);
}

/* Peeks at up to REAP_BATCH watched children that exited. */
static size_t peek_watched(Manager *m, siginfo_t exits[static REAP_BATCH]) {
        size_t n = 0;
        Unit *u;
        const char *key;
        HASHMAP_FOREACH_KEY(u, key, m->watch_pids) {
                if (n == REAP_BATCH)
                        break;
                pid_t pid = (pid_t) atoi(key);
                siginfo_t si = {};
                /* adopted processes are not our children: ECHILD */
                if (pid > 0 && waitid(P_PID, (id_t) pid, &si, WEXITED | WNOHANG | WNOWAIT) >= 0 && si.si_pid == pid)
                        exits[n++] = si;
        }
        return n;
}

/* Reaps zombies nobody watches. Stops at a watched one (it exited after the peek) and
 * returns it in *ret, for the caller to go round again. */
static void reap_unwatched(Manager *m, siginfo_t *ret) {
        for (;;) {
                siginfo_t si = {};
                if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid <= 0)
                        return;
                if (manager_get_unit_by_pid(m, si.si_pid)) {
                        *ret = si;
                        return;
                }
                log_debug("Child %d exited, belonging to no unit.", (int) si.si_pid);
                reap(si.si_pid);
        }
}

static int sigchld_cb(EventSource *s, const struct signalfd_siginfo *ssi, void *userdata) {
        Manager *m = userdata;
        (void) s, (void) ssi;
        siginfo_t late = {};
        for (;;) {
                siginfo_t exits[REAP_BATCH];
                size_t n = peek_watched(m, exits);
                if (n == 0 && late.si_pid > 0)
                        exits[n++] = late; /* the peek missed it: never loop without progress */
                late = (siginfo_t){};
                for (size_t i = 0; i < n; i++)
                        manager_child_exited(m, exits[i].si_pid, exits[i].si_code, exits[i].si_status);
                if (n > 0)
                        manager_checkpoint_flush(m);
                for (size_t i = 0; i < n; i++)
                        reap(exits[i].si_pid);
                reap_unwatched(m, &late);
                if (late.si_pid <= 0 && n < REAP_BATCH)
                        return 0;
        }
}

int manager_setup_reaper(Manager *m) {
        return event_add_signal(m->event, NULL, SIGCHLD, sigchld_cb, m);
}
