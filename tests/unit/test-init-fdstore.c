/* test-init-fdstore.c — sysmaster-init's fd store: insertion order, replacing a name closes
 * the old fd, removal keeps order and closes, the store's limit closes what does not fit,
 * invalid names are refused, and stored fds are the very ones handed in (still working). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "init-fdstore.h"

static bool fd_open(int fd) {
        return fcntl(fd, F_GETFD) >= 0;
}

static int devnull(void) {
        int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        assert_true(fd >= 0);
        return fd;
}

static InitFdStore *new_store(void) {
        InitFdStore *s = calloc(1, sizeof *s);
        assert_non_null(s);
        return s;
}

static void free_store(InitFdStore *s) {
        for (size_t i = 0; i < s->n; i++)
                close(s->entries[i].fd);
        free(s);
}

static void test_put_replace_remove(void **state) {
        (void) state;
        InitFdStore *s = new_store();
        int p[2];
        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        assert_int_equal(init_fdstore_put(s, "r", p[0]), 0);
        assert_int_equal(init_fdstore_put(s, "w", p[1]), 0);
        int a = devnull(), b = devnull();
        assert_int_equal(init_fdstore_put(s, "x", a), 0);
        assert_int_equal(init_fdstore_put(s, "x", b), 1);
        assert_false(fd_open(a));
        assert_int_equal(s->n, 3);
        assert_int_equal(init_fdstore_find(s, "x"), 2);
        assert_int_equal(s->entries[2].fd, b);
        /* Storing the same fd again under its name must not close it. */
        assert_int_equal(init_fdstore_put(s, "x", b), 1);
        assert_true(fd_open(b));

        /* The pipe works through the stored fds. */
        char buf[4] = {};
        assert_int_equal(write(s->entries[init_fdstore_find(s, "w")].fd, "abc", 3), 3);
        assert_int_equal(read(s->entries[init_fdstore_find(s, "r")].fd, buf, 3), 3);
        assert_string_equal(buf, "abc");

        assert_int_equal(init_fdstore_remove(s, "r"), 0);
        assert_false(fd_open(p[0]));
        assert_int_equal(init_fdstore_remove(s, "r"), -ENOENT);
        assert_int_equal(s->n, 2);
        assert_string_equal(s->entries[0].name, "w");
        assert_string_equal(s->entries[1].name, "x");
        assert_int_equal(init_fdstore_find(s, "nope"), -ENOENT);
        free_store(s);
}

static void test_invalid(void **state) {
        (void) state;
        InitFdStore *s = new_store();
        int fd = devnull();
        assert_int_equal(init_fdstore_put(s, "", fd), -EINVAL);
        assert_false(fd_open(fd));
        char name[INIT_MSG_NAME_MAX + 1];
        memset(name, 'n', sizeof name - 1);
        name[sizeof name - 1] = 0;
        fd = devnull();
        assert_int_equal(init_fdstore_put(s, name, fd), -EINVAL);
        assert_false(fd_open(fd));
        assert_int_equal(init_fdstore_put(s, "neg", -1), -EINVAL);
        /* The longest name that fits. */
        name[INIT_MSG_NAME_MAX - 1] = 0;
        assert_int_equal(init_fdstore_put(s, name, devnull()), 0);
        assert_int_equal(s->n, 1);
        free_store(s);
}

static void test_full(void **state) {
        (void) state;
        InitFdStore *s = new_store();
        /* The store only keeps numbers, so the limit can be reached with numbers that are
         * not open fds, without depending on RLIMIT_NOFILE. */
        char name[32];
        for (int i = 0; i < INIT_FD_STORE_MAX; i++) {
                snprintf(name, sizeof name, "fd%d", i);
                assert_int_equal(init_fdstore_put(s, name, 100000 + i), 0);
        }
        int fd = devnull();
        assert_int_equal(init_fdstore_put(s, "one-too-many", fd), -ENOSPC);
        assert_false(fd_open(fd));
        /* Replacing still works when full. */
        fd = devnull();
        assert_int_equal(init_fdstore_put(s, "fd7", fd), 1);
        assert_int_equal(s->entries[7].fd, fd);
        close(fd);
        free(s);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_put_replace_remove),
                cmocka_unit_test(test_invalid),
                cmocka_unit_test(test_full),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
