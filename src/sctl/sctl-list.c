/* sctl-list.c — list-units, list-jobs and list-dependencies, laid out as systemctl 252 does:
 * list-units sorted by type suffix then name, with the ● column (not with --plain), a JOB
 * column when some unit has a job, the LOAD/ACTIVE/SUB legend and the "N loaded units
 * listed." footer whose wording depends on --all and --state; list-dependencies as a tree of
 * the relations that pull units in (targets expanded, everything with --all). */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "log.h"
#include "sctl-control.h"
#include "sctl-table.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

enum { ROW_ID, ROW_LOAD, ROW_ACTIVE, ROW_SUB, ROW_DESCRIPTION, ROW_JOB_ID, ROW_JOB_TYPE, _ROW_MAX };

static const char *row_field(char **row, size_t i) {
        for (size_t k = 0; k <= i; k++)
                if (!row[k])
                        return "";
        return row[i];
}

static int compare_units(const void *a, const void *b) {
        const char *x = (*(char ***) a)[0], *y = (*(char ***) b)[0];
        const char *dx = strrchr(x, '.'), *dy = strrchr(y, '.');
        if (dx && dy) {
                int r = strcasecmp(dx, dy);
                if (r != 0)
                        return r;
        }
        return strcasecmp(x, y);
}

static bool unit_shown(const SctlOptions *o, char **row, char **patterns) {
        const char *id = row_field(row, ROW_ID);
        bool match = !patterns;
        STRV_FOREACH(p, patterns)
                if (fnmatch(*p, id, FNM_NOESCAPE) == 0)
                        match = true;
        if (!match)
                return false;
        if (o->types) {
                const char *dot = strrchr(id, '.');
                if (!dot || !strv_contains(o->types, dot + 1))
                        return false;
        }
        if (o->states && !strv_contains(o->states, row_field(row, ROW_LOAD)) &&
            !strv_contains(o->states, row_field(row, ROW_ACTIVE)) && !strv_contains(o->states, row_field(row, ROW_SUB)))
                return false;
        if (o->all || o->states)
                return true;
        /* by default: what is not inactive, or has a job */
        return !isempty(row_field(row, ROW_JOB_ID)) || !streq(row_field(row, ROW_ACTIVE), "inactive");
}

static bool row_bulleted(char **row) {
        const char *load = row_field(row, ROW_LOAD);
        return streq(load, "error") || streq(load, "not-found") || streq(load, "bad-setting") || streq(load, "masked") ||
               streq(row_field(row, ROW_ACTIVE), "failed");
}

void sctl_print_unit_list(FILE *f, const SctlOptions *o, char ***rows, size_t n, char **patterns) {
        char ***shown = new0(char **, n + 1);
        size_t k = 0, jobs = 0;
        if (!shown)
                return;
        for (size_t i = 0; i < n; i++)
                if (unit_shown(o, rows[i], patterns)) {
                        shown[k++] = rows[i];
                        if (!isempty(row_field(rows[i], ROW_JOB_ID)))
                                jobs++;
                }
        qsort(shown, k, sizeof(char **), compare_units);
        bool plain = o->plain;
        SctlTable t;
        size_t ncol = (plain ? 0 : 1) + 5 + (jobs > 0 ? 1 : 0);
        sctl_table_init(&t, ncol);
        const char *cells[8];
        if (!o->no_legend) {
                size_t c = 0;
                if (!plain)
                        cells[c++] = " ";
                cells[c++] = "UNIT", cells[c++] = "LOAD", cells[c++] = "ACTIVE", cells[c++] = "SUB";
                if (jobs > 0)
                        cells[c++] = "JOB";
                cells[c++] = "DESCRIPTION";
                (void) sctl_table_add_row(&t, cells);
        }
        for (size_t i = 0; i < k; i++) {
                size_t c = 0;
                if (!plain)
                        cells[c++] = row_bulleted(shown[i]) ? "●" : " ";
                cells[c++] = row_field(shown[i], ROW_ID);
                cells[c++] = row_field(shown[i], ROW_LOAD);
                cells[c++] = row_field(shown[i], ROW_ACTIVE);
                cells[c++] = row_field(shown[i], ROW_SUB);
                if (jobs > 0)
                        cells[c++] = row_field(shown[i], ROW_JOB_TYPE);
                cells[c++] = row_field(shown[i], ROW_DESCRIPTION);
                (void) sctl_table_add_row(&t, cells);
        }
        sctl_table_print(&t, f);
        sctl_table_done(&t);
        free(shown);
        if (o->no_legend)
                return;
        if (k > 0) {
                fputs("\nLOAD   = Reflects whether the unit definition was properly loaded.\n"
                      "ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n"
                      "SUB    = The low-level unit activation state, values depend on unit type.\n", f);
                if (jobs > 0)
                        fputs("JOB    = Pending job for the unit.\n\n", f);
        }
        if (o->all || strv_contains(o->states, "inactive"))
                fprintf(f, "%zu loaded units listed.\nTo show all installed unit files use 'systemctl list-unit-files'.\n", k);
        else if (!o->states)
                fprintf(f, "%zu loaded units listed. Pass --all to see loaded but inactive units, too.\n"
                           "To show all installed unit files use 'systemctl list-unit-files'.\n", k);
        else
                fprintf(f, "%zu loaded units listed.\n", k);
}

int verb_list_units(int argc, char **argv, const SctlOptions *o) {
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        char ***rows;
        size_t n;
        _cleanup_free_ char *error = NULL;
        if ((r = sctl_call_rows(c, &rows, &n, &error, "list-units", NULL)) < 0) {
                if (error)
                        log_error("Failed to list units: %s", error);
                return 1;
        }
        sctl_print_unit_list(stdout, o, rows, n, argc > 1 ? argv + 1 : NULL);
        sctl_rows_free(rows, n);
        return 0;
}

static int compare_jobs(const void *a, const void *b) {
        unsigned long x = strtoul((*(char ***) a)[0] ?: "0", NULL, 10), y = strtoul((*(char ***) b)[0] ?: "0", NULL, 10);
        return x < y ? -1 : x > y;
}

int verb_list_jobs(int argc, char **argv, const SctlOptions *o) {
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        char ***rows;
        size_t n, k = 0;
        _cleanup_free_ char *error = NULL;
        if ((r = sctl_call_rows(c, &rows, &n, &error, "list-jobs", NULL)) < 0) {
                if (error)
                        log_error("Failed to list jobs: %s", error);
                return 1;
        }
        if (n > 0)
                qsort(rows, n, sizeof(char **), compare_jobs);
        SctlTable t;
        sctl_table_init(&t, 4);
        if (!o->no_legend)
                (void) sctl_table_add_row(&t, (const char *const[]){ "JOB", "UNIT", "TYPE", "STATE" });
        for (size_t i = 0; i < n; i++) {
                bool match = argc <= 1;
                for (int a = 1; a < argc; a++)
                        if (fnmatch(argv[a], row_field(rows[i], 1), FNM_NOESCAPE) == 0)
                                match = true;
                if (!match)
                        continue;
                (void) sctl_table_add_row(&t, (const char *const[]){ row_field(rows[i], 0), row_field(rows[i], 1),
                                                                    row_field(rows[i], 2), row_field(rows[i], 3) });
                k++;
        }
        if (k == 0) {
                if (!o->no_legend)
                        puts("No jobs running.");
        } else {
                sctl_table_print(&t, stdout);
                if (!o->no_legend)
                        printf("\n%zu jobs listed.\n", k);
        }
        sctl_table_done(&t);
        sctl_rows_free(rows, n);
        return 0;
}

static int compare_deps(const void *a, const void *b) {
        const char *x = (*(char ***) a)[0], *y = (*(char ***) b)[0];
        bool tx = endswith(x, ".target"), ty = endswith(y, ".target");
        if (tx != ty)
                return tx ? 1 : -1; /* targets last */
        return strcasecmp(x, y);
}

/* branches: bit i set when level i still has siblings below */
static int list_deps_one(SctlConn *c, const SctlOptions *o, const char *kind, const char *unit, unsigned level,
                         uint64_t branches, char ***stack) {
        char ***rows;
        size_t n;
        int r = sctl_call_rows(c, &rows, &n, NULL, "dependencies", unit, kind, NULL);
        if (r < 0)
                return r;
        if (n > 0) /* no rows: no array */
                qsort(rows, n, sizeof(char **), compare_deps);
        if (strv_extend(stack, unit) < 0) {
                sctl_rows_free(rows, n);
                return -ENOMEM;
        }
        for (size_t i = 0; i < n; i++) {
                const char *id = row_field(rows[i], 0);
                bool last = i + 1 == n;
                if (o->plain)
                        printf("%*s", (int) (2 * (level + 1)), "");
                else {
                        printf("%s ", sctl_active_state_glyph(row_field(rows[i], 1)));
                        for (unsigned l = 0; l < level && l < 64; l++)
                                fputs(branches & (UINT64_C(1) << l) ? "│ " : "  ", stdout);
                        fputs(last ? "└─" : "├─", stdout);
                }
                if (strv_contains(*stack, id)) {
                        printf("%s ...\n", id); /* a cycle: shown, not followed */
                        continue;
                }
                puts(id);
                if ((o->all || endswith(id, ".target")) && level < 63) {
                        uint64_t b = last ? branches : branches | (UINT64_C(1) << level);
                        if ((r = list_deps_one(c, o, kind, id, level + 1, b, stack)) < 0)
                                break;
                }
        }
        sctl_rows_free(rows, n);
        char **s = *stack;
        size_t l = strv_length(s);
        if (l > 0) {
                free(s[l - 1]);
                s[l - 1] = NULL;
        }
        return r < 0 ? r : 0;
}

int verb_list_dependencies(int argc, char **argv, const SctlOptions *o) {
        _cleanup_free_ char *unit = NULL;
        if (argc > 2)
                return log_error_errno(EINVAL, "Too many arguments.");
        if (unit_name_mangle(argc > 1 ? argv[1] : "default.target", &unit) < 0)
                return log_error_errno(EINVAL, "Failed to mangle unit name: Invalid argument");
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        _cleanup_strv_free_ char **stack = NULL;
        puts(unit);
        r = list_deps_one(c, o, o->reverse ? "reverse" : o->after ? "after" : o->before ? "before" : "forward", unit, 0, 0,
                          &stack);
        return r < 0 ? 1 : 0;
}
