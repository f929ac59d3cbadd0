/* test-checkpoint.c — the checkpoint envelope: a round trip keeps every byte and every item
 * (escapes included); a torn checkpoint (cut at every length), one with any single bit flipped,
 * trailing garbage, a wrong version or a mangled header is rejected cleanly, never crashing or
 * reading past the buffer; the line walker rejects malformed items. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checkpoint.h"

static void build(CheckpointBuf *b) {
        assert_int_equal(checkpoint_buf_put(b, "version", "1"), 0);
        assert_int_equal(checkpoint_buf_put(b, "unit", "foo.service"), 0);
        assert_int_equal(checkpoint_buf_put(b, "status-text", "two\nlines \\ and a backslash"), 0);
        assert_int_equal(checkpoint_buf_putf(b, "main-pid", "%d", 4242), 0);
        assert_int_equal(checkpoint_buf_put(b, "empty", ""), 0);
}

static void test_round_trip(void **state) {
        (void) state;
        CheckpointBuf b = {};
        build(&b);
        char *sealed;
        size_t size;
        assert_int_equal(checkpoint_seal(b.data, b.size, &sealed, &size), 0);
        const char *body;
        size_t body_size;
        assert_int_equal(checkpoint_verify(sealed, size, &body, &body_size), 0);
        assert_int_equal(body_size, b.size);
        assert_memory_equal(body, b.data, b.size);

        const char *p = body, *end = body + body_size;
        char k[64], v[256];
        const char *want[][2] = { { "version", "1" }, { "unit", "foo.service" },
                                  { "status-text", "two\nlines \\ and a backslash" }, { "main-pid", "4242" },
                                  { "empty", "" } };
        for (size_t i = 0; i < 5; i++) {
                assert_int_equal(checkpoint_next(&p, end, k, sizeof k, v, sizeof v), 1);
                assert_string_equal(k, want[i][0]);
                assert_string_equal(v, want[i][1]);
        }
        assert_int_equal(checkpoint_next(&p, end, k, sizeof k, v, sizeof v), 0);
        /* the manager writes header and body separately (no sealed copy): the same bytes */
        char header[CHECKPOINT_HEADER_MAX];
        int hl = checkpoint_header(b.data, b.size, header);
        assert_true(hl > 0);
        assert_int_equal((size_t) hl + b.size, size);
        assert_memory_equal(sealed, header, (size_t) hl);
        assert_memory_equal(sealed + hl, b.data, b.size);
        free(sealed);
        checkpoint_buf_done(&b);
}

static void test_empty_body(void **state) {
        (void) state;
        char *sealed;
        size_t size;
        const char *body;
        size_t body_size;
        assert_int_equal(checkpoint_seal("", 0, &sealed, &size), 0);
        assert_int_equal(checkpoint_verify(sealed, size, &body, &body_size), 0);
        assert_int_equal(body_size, 0);
        free(sealed);
}

static void test_torn_and_corrupt(void **state) {
        (void) state;
        CheckpointBuf b = {};
        build(&b);
        char *sealed;
        size_t size;
        assert_int_equal(checkpoint_seal(b.data, b.size, &sealed, &size), 0);
        const char *body;
        size_t body_size;
        /* torn: every prefix, copied so that reading past the end would be caught by ASan */
        for (size_t n = 0; n < size; n++) {
                char *t = malloc(n ? n : 1);
                memcpy(t, sealed, n);
                assert_int_equal(checkpoint_verify(t, n, &body, &body_size), -EBADMSG);
                free(t);
        }
        /* every single bit flipped */
        for (size_t i = 0; i < size; i++)
                for (int bit = 0; bit < 8; bit++) {
                        char *t = malloc(size);
                        memcpy(t, sealed, size);
                        t[i] ^= (char) (1 << bit);
                        int r = checkpoint_verify(t, size, &body, &body_size);
                        assert_true(r == -EBADMSG || r == -EPROTONOSUPPORT);
                        free(t);
                }
        /* trailing garbage: a longer old file under a shorter new one */
        char *t = malloc(size + 3);
        memcpy(t, sealed, size);
        memcpy(t + size, "xyz", 3);
        assert_int_equal(checkpoint_verify(t, size + 3, &body, &body_size), -EBADMSG);
        free(t);
        assert_int_equal(checkpoint_verify(NULL, 0, &body, &body_size), -EBADMSG);
        free(sealed);
        checkpoint_buf_done(&b);
}

static void test_headers(void **state) {
        (void) state;
        const char *body;
        size_t body_size;
        const char *bad[] = {
                "SYSMASTER-CHECKPOINT 1 0 00000000",          /* no newline */
                "SYSMASTER-CHECKPOINT 1 -0 00000000\n",
                "SYSMASTER-CHECKPOINT 1 0 0000000\n",          /* short CRC */
                "SYSMASTER-CHECKPOINT 1 0 0000000000\n",
                "SYSMASTER-CHECKPOINT  1 0 00000000\n",
                "SYSMASTER-CHECKPOINT 1 0 00000000 \n",
                "SYSMASTER-CHECKPOINT 1 99999999999999999999999 00000000\n",
                "SYSMASTER-CHECKPOINX 1 0 00000000\n",
                "SYSMASTER-CHECKPOINT 1 0 0000000g\n",
                "\n",
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                assert_int_equal(checkpoint_verify(bad[i], strlen(bad[i]), &body, &body_size), -EBADMSG);
        const char *v2 = "SYSMASTER-CHECKPOINT 2 0 00000000\n";
        assert_int_equal(checkpoint_verify(v2, strlen(v2), &body, &body_size), -EPROTONOSUPPORT);
        /* the CRC of nothing is 0 */
        const char *ok = "SYSMASTER-CHECKPOINT 1 0 00000000\n";
        assert_int_equal(checkpoint_verify(ok, strlen(ok), &body, &body_size), 0);
        assert_int_equal(checkpoint_crc32("123456789", 9), 0xcbf43926U); /* the standard check value */
}

static void test_bad_items(void **state) {
        (void) state;
        char k[8], v[8];
        const char *cases[] = { "novalue\n", "=x\n", "k=bad\\q\n", "k=trail\\\n", "k=no newline",
                                "verylongkey=1\n", "k=toolongvalue\n" };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                const char *p = cases[i];
                assert_int_equal(checkpoint_next(&p, p + strlen(p), k, sizeof k, v, sizeof v), -EBADMSG);
        }
        const char nul[] = "k=a\0b\n";
        const char *p = nul;
        assert_int_equal(checkpoint_next(&p, nul + sizeof nul - 1, k, sizeof k, v, sizeof v), -EBADMSG);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_round_trip),
                cmocka_unit_test(test_empty_body),
                cmocka_unit_test(test_torn_and_corrupt),
                cmocka_unit_test(test_headers),
                cmocka_unit_test(test_bad_items),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
