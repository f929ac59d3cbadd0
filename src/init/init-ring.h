/* init-ring.h — the FIFO of events init owes the manager: exit statuses of re-parented
 * children (CHILD_EXIT) and signals aimed at PID 1 (SIGNAL). Events wait here while no manager
 * is connected or its channel is full, and are sent in the order they happened. Static
 * storage with separate quotas for the two kinds, so a flood of signals can never push out the
 * exit status of a service; what does not fit is counted, never dropped silently. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "init-channel.h"

#define INIT_SIGNAL_BUFFER_MAX 256
#define INIT_RING_SIZE (INIT_CHILD_BUFFER_MAX + INIT_SIGNAL_BUFFER_MAX)

/* The part of an InitMsg a CHILD_EXIT or SIGNAL needs: 24 bytes instead of 280. */
typedef struct InitEvent {
        uint32_t type;          /* INIT_MSG_CHILD_EXIT or INIT_MSG_SIGNAL */
        int32_t pid;
        int32_t code;
        int32_t status;
        uint64_t usec;
} InitEvent;

typedef struct InitRing {
        InitEvent events[INIT_RING_SIZE];
        size_t head;
        size_t n;
        size_t n_signals;
        uint64_t lost_children;
        uint64_t lost_signals;
} InitRing;

/* Appends e. -ENOBUFS when the quota of its kind is used up: e is counted as lost. -EINVAL
 * for an event of another type. */
int init_ring_push(InitRing *r, const InitEvent *e);
/* The oldest event, or NULL when empty. */
const InitEvent *init_ring_peek(const InitRing *r);
void init_ring_pop(InitRing *r);
/* Moves the n oldest events behind the others: events appended after them become the oldest.
 * Used to put messages a dead manager never read in front of what was queued meanwhile. */
void init_ring_rotate(InitRing *r, size_t n);
void init_event_to_msg(const InitEvent *e, InitMsg *ret);
/* -EINVAL unless m is a CHILD_EXIT or SIGNAL. */
int init_event_from_msg(const InitMsg *m, InitEvent *ret);
