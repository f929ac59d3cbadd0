/* test-init-ring.c — the event ring of sysmaster-init: FIFO order across wrap-around, the
 * separate quotas of child exits and signals (a signal flood cannot evict an exit), losses
 * counted, sequence numbers and acknowledgements (sent events stay until acked, a dead
 * manager's unacknowledged ones are sent again, oldest first), and the message codec. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "init-ring.h"

static InitEvent child(int pid) {
        return (InitEvent) { .type = INIT_MSG_CHILD_EXIT, .pid = pid, .code = 1, .status = pid % 256 };
}
static InitEvent sig(int n) {
        return (InitEvent) { .type = INIT_MSG_SIGNAL, .pid = 1, .status = n };
}

static InitRing *new_ring(void) {
        InitRing *r = calloc(1, sizeof *r);
        assert_non_null(r);
        return r;
}

static void test_fifo_wraps(void **state) {
        (void) state;
        InitRing *r = new_ring();
        assert_null(init_ring_peek(r));
        init_ring_pop(r); /* harmless when empty */
        int next_in = 1, next_out = 1;
        /* Far more than the size, with the fill level going up and down, to cross the end. */
        for (int round = 0; round < 10; round++) {
                for (int i = 0; i < INIT_CHILD_BUFFER_MAX - 10; i++) {
                        InitEvent e = child(next_in++);
                        assert_int_equal(init_ring_push(r, &e), 0);
                }
                while (r->n > 5) {
                        assert_int_equal(init_ring_peek(r)->pid, next_out++);
                        init_ring_pop(r);
                }
        }
        while (r->n > 0) {
                assert_int_equal(init_ring_peek(r)->pid, next_out++);
                init_ring_pop(r);
        }
        assert_int_equal(next_in, next_out);
        assert_int_equal(r->lost_children, 0);
        free(r);
}

static void test_quotas(void **state) {
        (void) state;
        InitRing *r = new_ring();
        for (int i = 0; i < INIT_SIGNAL_BUFFER_MAX; i++) {
                InitEvent e = sig(i);
                assert_int_equal(init_ring_push(r, &e), 0);
        }
        InitEvent s = sig(99);
        assert_int_equal(init_ring_push(r, &s), -ENOBUFS);
        assert_int_equal(r->lost_signals, 1);
        /* Signals used their quota; every child exit still fits. */
        for (int i = 0; i < INIT_CHILD_BUFFER_MAX; i++) {
                InitEvent e = child(1000 + i);
                assert_int_equal(init_ring_push(r, &e), 0);
        }
        InitEvent c = child(7);
        assert_int_equal(init_ring_push(r, &c), -ENOBUFS);
        assert_int_equal(r->lost_children, 1);
        assert_int_equal(r->n, INIT_RING_SIZE);

        /* Popping a signal frees signal quota only. */
        init_ring_pop(r);
        assert_int_equal(init_ring_push(r, &c), -ENOBUFS);
        assert_int_equal(init_ring_push(r, &s), 0);
        assert_int_equal(r->lost_children, 2);

        InitEvent bad = { .type = INIT_MSG_HELLO };
        assert_int_equal(init_ring_push(r, &bad), -EINVAL);
        free(r);
}

static void test_ack(void **state) {
        (void) state;
        InitRing *r = new_ring();
        /* Start near the end of the array so that sending and acking cross it. */
        r->head = INIT_RING_SIZE - 2;
        for (int i = 1; i <= 3; i++) {
                InitEvent e = child(i);
                assert_int_equal(init_ring_push(r, &e), 0);
        }
        InitEvent s = sig(40);
        assert_int_equal(init_ring_push(r, &s), 0);
        /* Sequence numbers follow the order of pushing. */
        assert_int_equal(init_ring_peek(r)->seq, 1);
        assert_int_equal(r->last_seq, 4);

        /* Sent events stay until acknowledged. */
        for (int i = 1; i <= 3; i++) {
                const InitEvent *e = init_ring_next_unsent(r);
                assert_non_null(e);
                assert_int_equal(e->pid, i);
                assert_int_equal(e->seq, (uint64_t) i);
                init_ring_mark_sent(r);
        }
        assert_int_equal(init_ring_next_unsent(r)->type, INIT_MSG_SIGNAL);
        assert_int_equal(r->n, 4);
        /* An ack drops only sent events, up to its number. */
        assert_int_equal(init_ring_ack(r, 1), 1);
        assert_int_equal(init_ring_peek(r)->pid, 2);
        assert_int_equal(init_ring_ack(r, 1), 0);
        assert_int_equal(init_ring_ack(r, 99), 2);
        assert_int_equal(r->n, 1);
        assert_int_equal(r->n_sent, 0);
        assert_int_equal(init_ring_peek(r)->type, INIT_MSG_SIGNAL);

        /* The manager died with the signal and a new exit unacknowledged: both are sent again,
         * oldest first. */
        init_ring_mark_sent(r);
        InitEvent c = child(10);
        assert_int_equal(init_ring_push(r, &c), 0);
        init_ring_mark_sent(r);
        assert_null(init_ring_next_unsent(r));
        assert_int_equal(init_ring_unsend_all(r), 2);
        assert_int_equal(init_ring_next_unsent(r)->type, INIT_MSG_SIGNAL);
        init_ring_mark_sent(r);
        assert_int_equal(init_ring_next_unsent(r)->pid, 10);
        assert_int_equal(init_ring_next_unsent(r)->seq, 5);
        /* Unacknowledged events count against the quota: nothing is pushed out. */
        assert_int_equal(init_ring_ack(r, 5), 1); /* only the sent one */
        assert_int_equal(r->n, 1);
        assert_int_equal(r->n_signals, 0);
        init_ring_mark_sent(r);
        assert_int_equal(init_ring_ack(r, 5), 1);
        assert_null(init_ring_peek(r));
        assert_int_equal(init_ring_unsend_all(r), 0);
        free(r);
}

static void test_codec(void **state) {
        (void) state;
        InitEvent e = { .type = INIT_MSG_CHILD_EXIT, .pid = 42, .code = 2, .status = 9, .usec = 123 };
        InitMsg m;
        init_event_to_msg(&e, &m);
        assert_int_equal(m.type, INIT_MSG_CHILD_EXIT);
        assert_int_equal(m.pid, 42);
        assert_int_equal(m.code, 2);
        assert_int_equal(m.status, 9);
        assert_int_equal(m.usec, 123);
        assert_int_equal(m.arg, 0);
        assert_int_equal(m.name[0], 0);
        e.seq = 77;
        init_event_to_msg(&e, &m);
        assert_int_equal(m.arg, 77);
        InitEvent back;
        assert_int_equal(init_event_from_msg(&m, &back), 0);
        assert_memory_equal(&back, &e, sizeof e);
        m.type = INIT_MSG_FD_ENTRY;
        assert_int_equal(init_event_from_msg(&m, &back), -EINVAL);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fifo_wraps),
                cmocka_unit_test(test_quotas),
                cmocka_unit_test(test_ack),
                cmocka_unit_test(test_codec),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
