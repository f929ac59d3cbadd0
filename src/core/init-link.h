/* init-link.h — the manager's end of the channel to sysmaster-init (src/protocol/init-channel.h):
 * finding it through $SYSMASTER_INIT_FD, the heartbeat that tells init the manager is not hung,
 * READY once the boot transaction is done, and what init forwards — exit statuses of processes
 * it reaped and the signals the kernel or an administrator aimed at PID 1, which get the meaning
 * systemd gives them as PID 1. Without init (tests, or the manager booted as PID 1 directly)
 * there is no channel; as PID 1 the manager then takes those signals itself. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "init-channel.h"

typedef struct Manager Manager;

/* What init expects unless the kernel command line changed it (sysmaster.keepalive_sec=):
 * a heartbeat at least every 10 s, and 3 missed intervals mean a hung manager. We beat twice
 * per interval so one late wake-up never counts as a miss. */
#define INIT_KEEPALIVE_DEFAULT_USEC (10 * USEC_PER_SEC)
#define INIT_KEEPALIVE_DEFAULT_MISSES 3

typedef struct InitLink {
        int fd;                     /* -EBADF: not started by sysmaster-init */
        EventSource *io;
        EventSource *heartbeat;
        usec_t heartbeat_usec;      /* between two HEARTBEATs */
        uint64_t start_number;      /* from HELLO: 1 for the first manager of this boot */
        bool previous_died;         /* from HELLO */
        bool ready_sent;
        usec_t sigint_window;       /* CLOCK_MONOTONIC start of the current burst of SIGINTs */
        unsigned n_sigint;
} InitLink;

/* Takes the channel named by $SYSMASTER_INIT_FD (and drops the variable, so that services
 * never see it); without one, and running as PID 1, listens to PID 1's signals directly. */
int init_link_open(Manager *m);
void init_link_done(Manager *m);
/* READY, once: the manager finished starting (init stops counting this start as a crash). */
void init_link_send_ready(Manager *m);
/* SHUTDOWN with the action of the manager's final objective and its exit code; init then
 * executes sysmaster-shutdown. -ENOTCONN without a channel, -EINVAL if the objective is not
 * final. */
int init_link_send_shutdown(Manager *m);
/* What a signal sent to PID 1 asks of the manager, as systemd does as PID 1. */
void manager_dispatch_pid1_signal(Manager *m, int signo);
