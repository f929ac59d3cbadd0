/* adopt.c — processes a dead manager started (see selfheal.h). When the manager dies, its
 * children are re-parented to init (the nearest subreaper), which reaps them and sends the
 * exit status as CHILD_EXIT — to the new manager, or buffered until there is one. So an
 * adopted process is watched in watch_pids like any other, and its exit normally arrives
 * from init. A pidfd watches it as well: if the process is gone and no status came within
 * ADOPT_GRACE_USEC (init's buffer overflowed, or the dead manager had read the message and
 * died before acting on it), the unit is told it exited, status unknown (reported as exit
 * 0, as for a main process that is not anybody's child we know), rather than waiting
 * forever for an exit that never comes. */
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "manager.h"
#include "selfheal.h"

typedef struct Adopted {
        Manager *manager;
        pid_t pid;
        bool gone;                      /* pidfd fired, or it was gone at adoption */
        EventSource *pidfd_source;
        EventSource *grace;
        struct Adopted *next;
} Adopted;

static void adopted_free(Manager *m, Adopted *a) {
        for (Adopted **p = &m->selfheal.adopted; *p; p = &(*p)->next)
                if (*p == a) {
                        *p = a->next;
                        break;
                }
        event_source_free(a->pidfd_source);
        event_source_free(a->grace);
        free(a);
}

static int grace_cb(EventSource *s, usec_t now, void *userdata) {
        Adopted *a = userdata;
        Manager *m = a->manager;
        pid_t pid = a->pid;
        (void) s, (void) now;
        adopted_free(m, a);
        Unit *u = manager_get_unit_by_pid(m, pid);
        if (!u)
                return 0; /* init's CHILD_EXIT came: the normal case */
        log_warning("%s: process %d of the previous manager is gone and its exit status was lost; treating it as exited.",
                    u->id, (int) pid);
        manager_child_exited(m, pid, CLD_EXITED, 0);
        return 0;
}

static void start_grace(Adopted *a) {
        a->gone = true;
        a->pidfd_source = event_source_free(a->pidfd_source);
        if (a->grace)
                return;
        usec_t when = now_usec(CLOCK_MONOTONIC) + ADOPT_GRACE_USEC;
        if (event_add_time(a->manager->event, &a->grace, CLOCK_MONOTONIC, when, grace_cb, a) >= 0)
                event_source_set_description(a->grace, "adopt-grace");
}

static int pidfd_cb(EventSource *s, int fd, uint32_t revents, void *userdata) {
        (void) s, (void) fd, (void) revents;
        start_grace(userdata);
        return 0;
}

int manager_adopt_pid(Manager *m, pid_t pid, Unit *u) {
        int r = manager_watch_pid(m, pid, u);
        if (r < 0)
                return r;
        manager_adopt_forget(m, pid);
        Adopted *a = new0(Adopted, 1);
        if (!a)
                return -ENOMEM;
        a->manager = m;
        a->pid = pid;
        a->next = m->selfheal.adopted;
        m->selfheal.adopted = a;
        int fd = (int) syscall(SYS_pidfd_open, pid, 0);
        if (fd < 0) {
                /* already reaped by init: its CHILD_EXIT is (normally) among the buffered ones */
                a->gone = true;
                log_debug("%s: adopted process %d is already gone.", u->id, (int) pid);
                return 0;
        }
        r = event_add_io(m->event, &a->pidfd_source, fd, EPOLLIN, pidfd_cb, a);
        if (r < 0) {
                close(fd);
                return r;
        }
        event_source_set_io_fd_own(a->pidfd_source, true);
        event_source_set_description(a->pidfd_source, "adopted-pidfd");
        log_debug("%s: adopted process %d.", u->id, (int) pid);
        return 0;
}

int manager_reattach_pid(Manager *m, pid_t pid, Unit *u) {
        siginfo_t si = {};
        if (waitid(P_PID, (id_t) pid, &si, WEXITED | WNOHANG | WNOWAIT) >= 0)
                return manager_watch_pid(m, pid, u);
        return manager_adopt_pid(m, pid, u);
}

void manager_adopt_check(Manager *m) {
        for (Adopted *a = m->selfheal.adopted; a; a = a->next)
                if (a->gone && !a->grace)
                        start_grace(a);
}

void manager_adopt_forget(Manager *m, pid_t pid) {
        for (Adopted *a = m->selfheal.adopted; a; a = a->next)
                if (a->pid == pid) {
                        adopted_free(m, a);
                        return;
                }
}

bool manager_pid_is_adopted(Manager *m, pid_t pid) {
        for (Adopted *a = m->selfheal.adopted; a; a = a->next)
                if (a->pid == pid)
                        return true;
        return false;
}

void manager_adopt_done(Manager *m) {
        while (m->selfheal.adopted)
                adopted_free(m, m->selfheal.adopted);
}
