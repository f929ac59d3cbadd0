/* sctl-sockets.c — `sctl list-sockets [PATTERN…]`, laid out as systemctl 252 does: one row per
 * listening address (LISTEN, UNIT, ACTIVATES), sorted by address, then unit; active sockets
 * only unless --all; the "N sockets listed." footer. Built from list-units and each socket's
 * Listen= and Triggers= properties. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "sctl-control.h"
#include "sctl-table.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"

typedef struct SocketRow {
        char *listen, *unit, *activates;
} SocketRow;

static int compare_rows(const void *a, const void *b) {
        const SocketRow *x = a, *y = b;
        int r = strcmp(x->listen, y->listen);
        return r != 0 ? r : strcmp(x->unit, y->unit);
}

static bool matches(char **patterns, const char *id) {
        if (!patterns)
                return true;
        STRV_FOREACH(p, patterns)
                if (fnmatch(*p, id, FNM_NOESCAPE) == 0)
                        return true;
        return false;
}

int verb_list_sockets(int argc, char **argv, const SctlOptions *o) {
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        char ***units;
        size_t n_units;
        _cleanup_free_ char *error = NULL;
        if ((r = sctl_call_rows(c, &units, &n_units, &error, "list-units", NULL)) < 0) {
                if (error)
                        log_error("Failed to list units: %s", error);
                return 1;
        }
        SocketRow *rows = NULL;
        size_t n = 0;
        for (size_t i = 0; i < n_units; i++) {
                const char *id = units[i][0];
                if (!id || !endswith(id, ".socket") || !matches(argc > 1 ? argv + 1 : NULL, id))
                        continue;
                const char *active = units[i][1] && units[i][2] ? units[i][2] : "";
                if (!o->all && !streq(active, "active") && !streq(active, "reloading"))
                        continue;
                _cleanup_strv_free_ char **props = NULL;
                if (sctl_unit_properties(c, id, &props, NULL) < 0)
                        continue;
                const char *triggers = sctl_property(props, "Triggers");
                _cleanup_strv_free_ char **t = NULL;
                if (!isempty(triggers))
                        (void) strv_split_full(&t, triggers, " ", 0);
                _cleanup_free_ char *activates = t ? strv_join(t, ", ") : strdup("-");
                STRV_FOREACH(p, props) {
                        const char *v = startswith(*p, "Listen=");
                        if (!v)
                                continue;
                        /* "ADDRESS (Type)": the address alone */
                        const char *paren = strrchr(v, '(');
                        size_t l = paren && paren > v ? (size_t) (paren - v - 1) : strlen(v);
                        SocketRow *a = realloc(rows, (n + 1) * sizeof(SocketRow));
                        if (!a)
                                break;
                        rows = a;
                        rows[n++] = (SocketRow){ strndup(v, l), strdup(id), strdup(activates ?: "-") };
                }
        }
        sctl_rows_free(units, n_units);
        qsort(rows, n, sizeof(SocketRow), compare_rows);
        SctlTable tab;
        sctl_table_init(&tab, 3);
        if (!o->no_legend) {
                const char *h[] = { "LISTEN", "UNIT", "ACTIVATES" };
                (void) sctl_table_add_row(&tab, h);
        }
        for (size_t i = 0; i < n; i++) {
                const char *cells[] = { rows[i].listen, rows[i].unit, rows[i].activates };
                (void) sctl_table_add_row(&tab, cells);
        }
        sctl_table_print(&tab, stdout);
        sctl_table_done(&tab);
        if (!o->no_legend) {
                printf("\n%zu sockets listed.\n", n);
                if (!o->all)
                        printf("Pass --all to see loaded but inactive sockets, too.\n");
        }
        for (size_t i = 0; i < n; i++) {
                free(rows[i].listen);
                free(rows[i].unit);
                free(rows[i].activates);
        }
        free(rows);
        return 0;
}
