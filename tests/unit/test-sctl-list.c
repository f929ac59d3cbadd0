/* test-sctl-list.c — list-units' table as systemctl 252 prints it, checked against outputs
 * recorded from systemd 252: sort order (type suffix, then name), the ● column and --plain,
 * the JOB column, legend and footer variants, filters by pattern, --type and --state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sctl-control.h"
#include "sctl-table.h"
#include "strv.h"

static char ***make_rows(const char *const spec[][7], size_t n) {
        char ***rows = calloc(n, sizeof(char **));
        for (size_t i = 0; i < n; i++) {
                rows[i] = calloc(8, sizeof(char *));
                for (size_t k = 0; k < 7; k++)
                        rows[i][k] = strdup(spec[i][k]);
        }
        return rows;
}

static char *render(const SctlOptions *o, char ***rows, size_t n, char **patterns) {
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        sctl_print_unit_list(f, o, rows, n, patterns);
        fclose(f);
        return buf;
}

static const char *const units[][7] = {
        { "t-static.service", "loaded", "active", "running", "static svc", "", "" },
        { "multi-user.target", "loaded", "active", "active", "multi-user (stub)", "", "" },
        { "t-fail.service", "loaded", "failed", "failed", "failing svc", "", "" },
        { "t-active.service", "loaded", "active", "running", "active svc", "", "" },
        { "swap.target", "not-found", "inactive", "dead", "swap.target", "", "" },
        { "-.slice", "loaded", "active", "active", "Root Slice", "", "" },
        { "t-rae.service", "loaded", "active", "exited", "oneshot rae", "", "" },
};

static void test_default_view(void **state) {
        (void) state;
        SctlOptions o = {};
        char ***rows = make_rows(units, 7);
        char *out = render(&o, rows, 7, NULL);
        assert_string_equal(out,
                            "  UNIT              LOAD   ACTIVE SUB     DESCRIPTION\n"
                            "  t-active.service  loaded active running active svc\n"
                            "● t-fail.service    loaded failed failed  failing svc\n"
                            "  t-rae.service     loaded active exited  oneshot rae\n"
                            "  t-static.service  loaded active running static svc\n"
                            "  -.slice           loaded active active  Root Slice\n"
                            "  multi-user.target loaded active active  multi-user (stub)\n"
                            "\n"
                            "LOAD   = Reflects whether the unit definition was properly loaded.\n"
                            "ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n"
                            "SUB    = The low-level unit activation state, values depend on unit type.\n"
                            "6 loaded units listed. Pass --all to see loaded but inactive units, too.\n"
                            "To show all installed unit files use 'systemctl list-unit-files'.\n");
        free(out);
        sctl_rows_free(rows, 7);
}

static void test_all_plain_no_legend(void **state) {
        (void) state;
        SctlOptions o = { .all = true, .plain = true, .no_legend = true };
        char ***rows = make_rows(units, 7);
        char *pats[] = { (char *) "*.target", NULL };
        char *out = render(&o, rows, 7, pats);
        assert_string_equal(out,
                            "multi-user.target loaded    active   active multi-user (stub)\n"
                            "swap.target       not-found inactive dead   swap.target\n");
        free(out);
        o.plain = false;
        out = render(&o, rows, 7, pats);
        assert_string_equal(out,
                            "  multi-user.target loaded    active   active multi-user (stub)\n"
                            "● swap.target       not-found inactive dead   swap.target\n");
        free(out);
        sctl_rows_free(rows, 7);
}

static void test_state_filter_and_empty(void **state) {
        (void) state;
        char *failed[] = { (char *) "failed", NULL };
        SctlOptions o = { .states = failed };
        char ***rows = make_rows(units, 7);
        char *out = render(&o, rows, 7, NULL);
        assert_string_equal(out,
                            "  UNIT           LOAD   ACTIVE SUB    DESCRIPTION\n"
                            "● t-fail.service loaded failed failed failing svc\n"
                            "\n"
                            "LOAD   = Reflects whether the unit definition was properly loaded.\n"
                            "ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n"
                            "SUB    = The low-level unit activation state, values depend on unit type.\n"
                            "1 loaded units listed.\n");
        free(out);
        SctlOptions none = {};
        char *pats[] = { (char *) "nonexist*", NULL };
        out = render(&none, rows, 7, pats);
        assert_string_equal(out,
                            "  UNIT LOAD ACTIVE SUB DESCRIPTION\n"
                            "0 loaded units listed. Pass --all to see loaded but inactive units, too.\n"
                            "To show all installed unit files use 'systemctl list-unit-files'.\n");
        free(out);
        char *svc[] = { (char *) "service", NULL };
        SctlOptions typed = { .types = svc, .all = true, .states = failed };
        out = render(&typed, rows, 7, pats);
        assert_string_equal(out, "  UNIT LOAD ACTIVE SUB DESCRIPTION\n0 loaded units listed.\n"
                                 "To show all installed unit files use 'systemctl list-unit-files'.\n");
        free(out);
        sctl_rows_free(rows, 7);
}

static void test_job_column(void **state) {
        (void) state;
        static const char *const jobs[][7] = {
                { "t-slow.service", "loaded", "activating", "start", "slow svc", "62", "start" },
                { "t-waiter.service", "loaded", "inactive", "dead", "waiter svc", "67", "start" },
                { "t-iso.target", "loaded", "active", "active", "iso target", "", "" },
                { "t-static.service", "loaded", "inactive", "dead", "static svc", "", "" },
        };
        SctlOptions o = {};
        char ***rows = make_rows(jobs, 4);
        char *pats[] = { (char *) "t-*", NULL };
        char *out = render(&o, rows, 4, pats);
        assert_string_equal(out,
                            "  UNIT             LOAD   ACTIVE     SUB    JOB   DESCRIPTION\n"
                            "  t-slow.service   loaded activating start  start slow svc\n"
                            "  t-waiter.service loaded inactive   dead   start waiter svc\n"
                            "  t-iso.target     loaded active     active       iso target\n"
                            "\n"
                            "LOAD   = Reflects whether the unit definition was properly loaded.\n"
                            "ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n"
                            "SUB    = The low-level unit activation state, values depend on unit type.\n"
                            "JOB    = Pending job for the unit.\n"
                            "\n"
                            "3 loaded units listed. Pass --all to see loaded but inactive units, too.\n"
                            "To show all installed unit files use 'systemctl list-unit-files'.\n");
        free(out);
        char *inactive[] = { (char *) "inactive", NULL };
        SctlOptions p = { .states = inactive, .plain = true, .no_legend = true };
        out = render(&p, rows, 4, pats);
        assert_string_equal(out,
                            "t-static.service loaded inactive dead       static svc\n"
                            "t-waiter.service loaded inactive dead start waiter svc\n");
        free(out);
        sctl_rows_free(rows, 4);
}

static void test_table(void **state) {
        (void) state;
        SctlTable t;
        sctl_table_init(&t, 3);
        assert_int_equal(sctl_table_add_row(&t, (const char *const[]){ "JOB", "UNIT", "STATE" }), 0);
        assert_int_equal(sctl_table_add_row(&t, (const char *const[]){ "7", "ä.service", "" }), 0);
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);
        sctl_table_print(&t, f);
        fclose(f);
        assert_string_equal(buf, "JOB UNIT      STATE\n7   ä.service\n");
        free(buf);
        sctl_table_done(&t);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_default_view),
                cmocka_unit_test(test_all_plain_no_legend),
                cmocka_unit_test(test_state_filter_and_empty),
                cmocka_unit_test(test_job_column),
                cmocka_unit_test(test_table),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
