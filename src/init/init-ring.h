/* init-ring.h — the FIFO of events init owes the manager: exit statuses of re-parented
 * children (CHILD_EXIT) and signals aimed at PID 1 (SIGNAL). Events wait here while no manager
 * is connected or its channel is full, and are sent in the order they happened. Every event
 * gets a sequence number and stays here after it was sent, until the manager acknowledges
 * (ACK) that a checkpoint records its effects: a manager that dies in between loses nothing,
 * the next one gets every unacknowledged event again (docs/init-channel.md, "Acknowledgements").
 * Static storage with separate quotas for the two kinds, so a flood of signals can never push
 * out the exit status of a service; what does not fit is counted, never dropped silently. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "init-channel.h"

#define INIT_SIGNAL_BUFFER_MAX 256
#define INIT_RING_SIZE (INIT_CHILD_BUFFER_MAX + INIT_SIGNAL_BUFFER_MAX)

/* The part of an InitMsg a CHILD_EXIT or SIGNAL needs: 32 bytes instead of 280. */
typedef struct InitEvent {
        uint32_t type;          /* INIT_MSG_CHILD_EXIT or INIT_MSG_SIGNAL */
        int32_t pid;
        int32_t code;
        int32_t status;
        uint64_t usec;
        uint64_t seq;           /* 1, 2, …: given by init_ring_push(), sent as the message's arg */
} InitEvent;

typedef struct InitRing {
        InitEvent events[INIT_RING_SIZE];
        size_t head;
        size_t n;
        size_t n_sent;          /* the n_sent oldest were sent to the current manager, unacked */
        size_t n_signals;
        uint64_t last_seq;      /* of the newest event pushed */
        uint64_t lost_children;
        uint64_t lost_signals;
} InitRing;

/* Appends e with the next sequence number. -ENOBUFS when the quota of its kind is used up: e
 * is counted as lost. -EINVAL for an event of another type. */
int init_ring_push(InitRing *r, const InitEvent *e);
/* The oldest event, or NULL when empty. */
const InitEvent *init_ring_peek(const InitRing *r);
void init_ring_pop(InitRing *r);
/* The oldest event not sent to the current manager yet, or NULL. */
const InitEvent *init_ring_next_unsent(const InitRing *r);
/* That event was sent: it stays until acknowledged. */
void init_ring_mark_sent(InitRing *r);
/* The manager checkpointed everything up to seq: drops the sent events up to it. Returns how
 * many were dropped. An ack beyond what was sent drops only what was sent. */
size_t init_ring_ack(InitRing *r, uint64_t seq);
/* The manager died: every unacknowledged event goes to the next one, oldest first. Returns how
 * many were sent and not acknowledged. */
size_t init_ring_unsend_all(InitRing *r);
void init_event_to_msg(const InitEvent *e, InitMsg *ret);
/* -EINVAL unless m is a CHILD_EXIT or SIGNAL. */
int init_event_from_msg(const InitMsg *m, InitEvent *ret);
