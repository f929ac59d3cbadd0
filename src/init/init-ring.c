/* init-ring.c — see init-ring.h. A plain circular buffer; the only subtlety is that the two
 * quotas share one array so that order between exits and signals is kept. */
#include <errno.h>
#include <string.h>

#include "init-ring.h"

int init_ring_push(InitRing *r, const InitEvent *e) {
        bool is_signal = e->type == INIT_MSG_SIGNAL;
        if (!is_signal && e->type != INIT_MSG_CHILD_EXIT)
                return -EINVAL;
        if (is_signal ? r->n_signals >= INIT_SIGNAL_BUFFER_MAX
                      : r->n - r->n_signals >= INIT_CHILD_BUFFER_MAX) {
                if (is_signal)
                        r->lost_signals++;
                else
                        r->lost_children++;
                return -ENOBUFS;
        }
        InitEvent *slot = &r->events[(r->head + r->n) % INIT_RING_SIZE];
        *slot = *e;
        slot->seq = ++r->last_seq;
        r->n++;
        if (is_signal)
                r->n_signals++;
        return 0;
}

const InitEvent *init_ring_peek(const InitRing *r) {
        return r->n > 0 ? &r->events[r->head] : NULL;
}

void init_ring_pop(InitRing *r) {
        if (r->n == 0)
                return;
        if (r->events[r->head].type == INIT_MSG_SIGNAL)
                r->n_signals--;
        r->head = (r->head + 1) % INIT_RING_SIZE;
        r->n--;
        if (r->n_sent > 0)
                r->n_sent--;
}

const InitEvent *init_ring_next_unsent(const InitRing *r) {
        return r->n_sent < r->n ? &r->events[(r->head + r->n_sent) % INIT_RING_SIZE] : NULL;
}

void init_ring_mark_sent(InitRing *r) {
        if (r->n_sent < r->n)
                r->n_sent++;
}

size_t init_ring_ack(InitRing *r, uint64_t seq) {
        size_t n = 0;
        while (r->n_sent > 0 && r->events[r->head].seq <= seq) {
                init_ring_pop(r);
                n++;
        }
        return n;
}

size_t init_ring_unsend_all(InitRing *r) {
        size_t n = r->n_sent;
        r->n_sent = 0;
        return n;
}

void init_event_to_msg(const InitEvent *e, InitMsg *ret) {
        memset(ret, 0, sizeof *ret);
        ret->type = e->type;
        ret->pid = e->pid;
        ret->code = e->code;
        ret->status = e->status;
        ret->usec = e->usec;
        ret->arg = e->seq;
}

int init_event_from_msg(const InitMsg *m, InitEvent *ret) {
        if (m->type != INIT_MSG_CHILD_EXIT && m->type != INIT_MSG_SIGNAL)
                return -EINVAL;
        *ret = (InitEvent) { .type = m->type, .pid = m->pid, .code = m->code,
                             .status = m->status, .usec = m->usec, .seq = m->arg };
        return 0;
}
