/* test-control.c — control protocol framing: round trips, frames split at every byte, many
 * frames in one read, and each kind of bad input (oversized, unterminated field, invalid
 * UTF-8, too many fields) rejected without a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "control.h"
#include "strv.h"

static void test_round_trip_bytewise(void **state) {
        (void) state;
        char *frame;
        size_t size;
        assert_int_equal(control_frame_buildv(CONTROL_REQUEST_MAX, &frame, &size, "start", "replace", "foo.service", "", NULL), 0);
        ControlReader r;
        control_reader_init(&r, CONTROL_REQUEST_MAX);
        char **fields = NULL;
        for (size_t i = 0; i < size; i++) {
                assert_int_equal(control_reader_next(&r, &fields), 0);
                assert_int_equal(control_reader_feed(&r, frame + i, 1), 0);
        }
        assert_int_equal(control_reader_next(&r, &fields), 1);
        assert_int_equal(strv_length(fields), 4);
        assert_string_equal(fields[0], "start");
        assert_string_equal(fields[2], "foo.service");
        assert_string_equal(fields[3], "");
        assert_int_equal(control_reader_next(&r, &fields), 0);
        strv_free(fields);
        free(frame);
        control_reader_done(&r);
}

static void test_many_frames_one_feed(void **state) {
        (void) state;
        ControlReader r;
        control_reader_init(&r, CONTROL_REQUEST_MAX);
        char all[4096];
        size_t n = 0;
        for (int i = 0; i < 10; i++) {
                char *f, num[8];
                size_t s;
                snprintf(num, sizeof num, "%d", i);
                assert_int_equal(control_frame_buildv(CONTROL_REQUEST_MAX, &f, &s, "row", num, NULL), 0);
                memcpy(all + n, f, s);
                n += s;
                free(f);
        }
        assert_int_equal(control_reader_feed(&r, all, n), 0);
        for (int i = 0; i < 10; i++) {
                char **fields;
                assert_int_equal(control_reader_next(&r, &fields), 1);
                assert_int_equal(atoi(fields[1]), i);
                strv_free(fields);
        }
        control_reader_done(&r);
}

static void test_empty_frame(void **state) {
        (void) state;
        ControlReader r;
        char **fields;
        control_reader_init(&r, 16);
        assert_int_equal(control_reader_feed(&r, "\0\0\0\0", 4), 0);
        assert_int_equal(control_reader_next(&r, &fields), 1);
        assert_int_equal(strv_length(fields), 0);
        strv_free(fields);
        control_reader_done(&r);
}

static void test_bad_input(void **state) {
        (void) state;
        ControlReader r;
        char **fields;

        control_reader_init(&r, 16); /* announces 17 bytes: refused before they arrive */
        assert_int_equal(control_reader_feed(&r, "\x11\0\0\0", 4), -EMSGSIZE);
        control_reader_done(&r);

        control_reader_init(&r, 64); /* last field without NUL: dropped, stream continues */
        assert_int_equal(control_reader_feed(&r, "\x03\0\0\0abc\x02\0\0\0x\0", 13), 0);
        assert_int_equal(control_reader_next(&r, &fields), -EBADMSG);
        assert_int_equal(control_reader_next(&r, &fields), 1);
        assert_string_equal(fields[0], "x");
        strv_free(fields);
        control_reader_done(&r);

        control_reader_init(&r, 64); /* invalid UTF-8 */
        assert_int_equal(control_reader_feed(&r, "\x03\0\0\0\xff\xfe\0", 7), 0);
        assert_int_equal(control_reader_next(&r, &fields), -EBADMSG);
        control_reader_done(&r);

        control_reader_init(&r, CONTROL_REQUEST_MAX); /* too many fields */
        size_t l = CONTROL_FIELDS_MAX + 1;
        char *big = calloc(1, 4 + l);
        big[0] = (char) (l & 0xff), big[1] = (char) (l >> 8);
        assert_int_equal(control_reader_feed(&r, big, 4 + l), 0);
        assert_int_equal(control_reader_next(&r, &fields), -EBADMSG);
        free(big);
        control_reader_done(&r);

        char **huge = NULL; /* building past the bound fails */
        char *f;
        size_t s;
        char *long_field = calloc(1, CONTROL_REQUEST_MAX + 2);
        memset(long_field, 'a', CONTROL_REQUEST_MAX + 1);
        strv_push(&huge, long_field);
        assert_int_equal(control_frame_build(huge, CONTROL_REQUEST_MAX, &f, &s), -E2BIG);
        strv_free(huge);
}

static void test_garbage_never_crashes(void **state) {
        (void) state;
        unsigned seed = 1;
        for (int round = 0; round < 2000; round++) {
                ControlReader r;
                control_reader_init(&r, 256);
                unsigned char buf[300];
                size_t n = (size_t) (rand_r(&seed) % sizeof buf);
                for (size_t i = 0; i < n; i++)
                        buf[i] = (unsigned char) rand_r(&seed);
                if (n >= 4)
                        buf[1] = buf[2] = buf[3] = 0; /* mostly plausible lengths */
                if (control_reader_feed(&r, buf, n) == 0) {
                        char **fields;
                        int k;
                        while ((k = control_reader_next(&r, &fields)) != 0)
                                if (k > 0)
                                        strv_free(fields);
                                else if (k == -EMSGSIZE)
                                        break;
                }
                control_reader_done(&r);
        }
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_round_trip_bytewise),
                cmocka_unit_test(test_many_frames_one_feed),
                cmocka_unit_test(test_empty_frame),
                cmocka_unit_test(test_bad_input),
                cmocka_unit_test(test_garbage_never_crashes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
