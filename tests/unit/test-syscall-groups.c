/* test-syscall-groups.c — the system call groups of SystemCallFilter= against the oracle:
 * tests/data/syscall-filter-252.txt is `systemd-analyze syscall-filter` of systemd 252 on
 * Debian 12. Every group must be there with the same direct members, and expanding a group
 * (nested groups included) must give what expanding the oracle's lists gives. */
#include <errno.h>
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "exec-syscall-groups.h"
#include "string-util.h"
#include "strv.h"

typedef struct OracleGroup {
        char *name;
        char **members;
} OracleGroup;

static OracleGroup oracle[64];
static size_t n_oracle;

static int load_oracle(void **state) {
        (void) state;
        FILE *f = fopen(TEST_DATA_DIR "/syscall-filter-252.txt", "re");
        assert_non_null(f);
        char line[256];
        OracleGroup *cur = NULL;
        while (fgets(line, sizeof line, f)) {
                /* a group starts unindented; its members (nested groups too) are indented */
                bool header = line[0] == '@';
                char *l = strstrip(line);
                if (header) {
                        assert_true(n_oracle < 64);
                        cur = &oracle[n_oracle++];
                        cur->name = strdup(l);
                } else if (l[0] && l[0] != '#' && cur)
                        assert_int_equal(strv_extend(&cur->members, l), 0);
        }
        fclose(f);
        return 0;
}

static const OracleGroup *oracle_find(const char *name) {
        for (size_t i = 0; i < n_oracle; i++)
                if (streq(oracle[i].name, name))
                        return &oracle[i];
        return NULL;
}

static void oracle_expand(const char *entry, char ***out) {
        if (entry[0] != '@') {
                if (!strv_contains(*out, entry))
                        assert_int_equal(strv_extend(out, entry), 0);
                return;
        }
        const OracleGroup *g = oracle_find(entry);
        assert_non_null(g);
        STRV_FOREACH(m, g->members)
                oracle_expand(*m, out);
}

static void test_same_groups(void **state) {
        (void) state;
        assert_int_equal(n_oracle, syscall_groups_count);
        for (unsigned i = 0; i < syscall_groups_count; i++) {
                const SyscallGroup *g = &syscall_groups_table[i];
                const OracleGroup *o = oracle_find(g->name);
                assert_non_null(o);
                char **direct = NULL;
                assert_int_equal(strv_split_full(&direct, g->members, WHITESPACE, 0), 0);
                strv_sort(direct);
                char **expected = strv_copy(o->members);
                strv_sort(expected);
                char *a = strv_join(direct, " "), *b = strv_join(expected, " ");
                assert_string_equal(a, b);
                free(a);
                free(b);
                strv_free(direct);
                strv_free(expected);
        }
}

static void test_expansion(void **state) {
        (void) state;
        for (size_t i = 0; i < n_oracle; i++) {
                char **mine = NULL, **theirs = NULL;
                assert_int_equal(syscall_expand(oracle[i].name, &mine), 0);
                oracle_expand(oracle[i].name, &theirs);
                strv_sort(mine);
                strv_sort(theirs);
                char *a = strv_join(mine, " "), *b = strv_join(theirs, " ");
                assert_string_equal(a, b);
                free(a);
                free(b);
                strv_free(mine);
                strv_free(theirs);
        }
}

static void test_known_facts(void **state) {
        (void) state;
        char **l = NULL;
        assert_int_equal(syscall_expand("@system-service", &l), 0);
        assert_true(strv_contains(l, "read"));    /* via @basic-io */
        assert_true(strv_contains(l, "execve"));  /* via @default */
        assert_true(strv_contains(l, "openat"));  /* via @file-system */
        assert_false(strv_contains(l, "mount"));
        assert_false(strv_contains(l, "reboot"));
        assert_false(strv_contains(l, "init_module"));
        l = strv_free(l);
        assert_int_equal(syscall_expand("@privileged", &l), 0);
        assert_true(strv_contains(l, "chown"));   /* via @chown */
        assert_true(strv_contains(l, "reboot"));  /* via @reboot */
        l = strv_free(l);
        /* a plain name stands for itself, once */
        assert_int_equal(syscall_expand("mkdir", &l), 0);
        assert_int_equal(syscall_expand("mkdir", &l), 0);
        assert_int_equal(strv_length(l), 1);
        l = strv_free(l);
        assert_int_equal(syscall_expand("@no-such-group", &l), -ENOENT);
        assert_null(syscall_group_find("@nope"));
        assert_non_null(syscall_group_find("@known"));
        strv_free(l);
}

static int free_oracle(void **state) {
        (void) state;
        for (size_t i = 0; i < n_oracle; i++) {
                free(oracle[i].name);
                strv_free(oracle[i].members);
        }
        return 0;
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_same_groups),
                cmocka_unit_test(test_expansion),
                cmocka_unit_test(test_known_facts),
        };
        return cmocka_run_group_tests(tests, load_oracle, free_oracle);
}
