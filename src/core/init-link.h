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
 * a heartbeat every 20 s, and 3 missed intervals (60 s) mean a hung manager. We beat once per
 * interval (twice when init allows fewer than 3 misses): on an idle system that beat is the only
 * wake-up of the manager and of init, 3 a minute each. */
#define INIT_KEEPALIVE_DEFAULT_USEC (20 * USEC_PER_SEC)
#define INIT_KEEPALIVE_DEFAULT_MISSES 3

/* One fd init handed back at start-up (FD_ENTRY), until a part of the manager claims it. */
typedef struct InitStoredFd {
        char *name;
        int fd;
} InitStoredFd;

typedef struct InitLink {
        int fd;                     /* -EBADF: not started by sysmaster-init */
        EventSource *io;
        EventSource *heartbeat;
        usec_t heartbeat_usec;      /* between two HEARTBEATs */
        usec_t last_beat;           /* CLOCK_MONOTONIC of the last one sent */
        usec_t keepalive_usec;      /* init's interval (HELLO); 0: off */
        unsigned keepalive_misses;
        uint64_t start_number;      /* from HELLO: 1 for the first manager of this boot */
        bool hello_seen;            /* no HELLO after daemon-reexec: the checkpoint has it */
        bool previous_died;         /* from HELLO */
        char previous_reason[INIT_MSG_NAME_MAX]; /* from HELLO: how the previous one ended */
        InitStoredFd *stored;       /* FD_ENTRYs of the start-up exchange, not claimed yet */
        size_t n_stored;
        InitMsg *pending;           /* CHILD_EXIT/SIGNAL read during that exchange: they are */
        size_t n_pending;           /* dispatched once the state they refer to is restored */
        uint64_t event_seq;         /* highest CHILD_EXIT/SIGNAL sequence number handled (saved in
                                     * the checkpoint: a resent event up to it is skipped) */
        uint64_t acked_seq;         /* highest one acknowledged to init */
        bool ready_sent;
        usec_t sigint_window;       /* CLOCK_MONOTONIC start of the current burst of SIGINTs */
        unsigned n_sigint;
} InitLink;

/* Takes the channel named by $SYSMASTER_INIT_FD (and drops the variable, so that services
 * never see it); without one, and running as PID 1, listens to PID 1's signals directly. */
int init_link_open(Manager *m);
void init_link_done(Manager *m);
/* The fd init kept under name (from the start-up exchange), or -ENOENT. The caller owns it;
 * init keeps its own copy until init_link_remove_fd(). */
int init_link_take_fd(Manager *m, const char *name);
/* Hands init a copy of fd to keep under name (replacing one of the same name). -ENOTCONN
 * without init. */
int init_link_store_fd(Manager *m, const char *name, int fd);
void init_link_remove_fd(Manager *m, const char *name);
/* Closes and removes from init's store what nothing claimed (clients of a manager whose
 * checkpoint was lost), then handles the CHILD_EXITs and SIGNALs that arrived before. */
void init_link_finish_startup(Manager *m);
/* Re-arms the heartbeat for init's keep-alive interval (after HELLO or a checkpoint). */
void init_link_setup_heartbeat(Manager *m);
/* Beats now if one is due: for long stretches outside the event loop (loading a thousand
 * units at start-up), which are work, not a hang. */
void init_link_beat_if_due(Manager *m);
/* The checkpoint just written holds every event handled so far: tells init (ACK), which then
 * forgets them. Until then init keeps them for a next manager. */
void init_link_checkpointed(Manager *m);
/* READY, once: the manager finished starting (init stops counting this start as a crash). */
void init_link_send_ready(Manager *m);
/* SHUTDOWN with the action of the manager's final objective and its exit code; init then
 * executes sysmaster-shutdown. -ENOTCONN without a channel, -EINVAL if the objective is not
 * final. */
int init_link_send_shutdown(Manager *m);
/* What a signal sent to PID 1 asks of the manager, as systemd does as PID 1. */
void manager_dispatch_pid1_signal(Manager *m, int signo);
