/* sctl-timers.c — `sctl list-timers [PATTERN…]` in systemctl's format: NEXT, LEFT, LAST,
 * PASSED, UNIT, ACTIVATES, sorted by the next elapse (timers without one last), "-" where
 * there is nothing to show, and the "N timers listed." footer. Without --all only active
 * timers are listed. The next elapse of a monotonic trigger is shown on the wall clock, as
 * systemctl does: now plus what is left on CLOCK_MONOTONIC. Also the "Trigger:" line of
 * `status`, which shows the same next elapse. */
#include <fnmatch.h>
#include <stdio.h>
#include <time.h>

#include "log.h"
#include "sctl-control.h"
#include "sctl-table.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"
#include "timestamp-util.h"

/* The manager prints timestamps as "Mon 2026-11-23 13:00:00 UTC" in its (our) local zone. */
static usec_t parse_shown_timestamp(const char *s) {
        if (isempty(s))
                return 0;
        struct tm tm = { .tm_isdst = -1 };
        const char *end = strptime(s, "%a %Y-%m-%d %H:%M:%S", &tm);
        if (!end)
                return 0;
        time_t t = streq(skip_leading(end, " "), "UTC") ? timegm(&tm) : mktime(&tm);
        return t < 0 ? 0 : (usec_t) t * USEC_PER_SEC;
}

/* The next elapse on the wall clock; 0: none. */
unsigned long long sctl_timer_next_elapse(char **props) {
        usec_t real = parse_shown_timestamp(sctl_property(props, "NextElapseUSecRealtime"));
        usec_t mono = 0, next = 0;
        const char *m = sctl_property(props, "NextElapseUSecMonotonic");
        if (m && !streq(m, "infinity") && parse_sec(m, &mono) >= 0 && mono > 0) {
                usec_t now_m = clock_now_usec(CLOCK_MONOTONIC), now_r = clock_now_usec(CLOCK_REALTIME);
                next = mono >= now_m ? now_r + (mono - now_m) : now_r - MIN(now_r, now_m - mono);
        }
        if (real > 0 && (next == 0 || real < next))
                next = real;
        return next;
}

typedef struct TimerRow {
        usec_t next, last;
        char *id, *activates;
} TimerRow;

static int compare_rows(const void *a, const void *b) {
        const TimerRow *x = a, *y = b;
        usec_t nx = x->next ?: USEC_INFINITY, ny = y->next ?: USEC_INFINITY;
        if (nx != ny)
                return nx < ny ? -1 : 1;
        return strcmp(x->id, y->id);
}

static bool matches(const char *id, char **patterns) {
        if (strv_length(patterns) == 0)
                return true;
        STRV_FOREACH(p, patterns)
                if (fnmatch(*p, id, 0) == 0)
                        return true;
        return false;
}

int verb_list_timers(int argc, char **argv, const SctlOptions *o) {
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
        TimerRow *timers = calloc(n + 1, sizeof(TimerRow));
        size_t k = 0;
        if (!timers) {
                sctl_rows_free(rows, n);
                return log_oom();
        }
        /* rows: id load active sub description job-id job-type */
        for (size_t i = 0; i < n; i++) {
                const char *id = rows[i][0], *load = rows[i][1], *active = rows[i][2];
                if (!id || !endswith(id, ".timer") || !streq_ptr(load, "loaded") || !matches(id, argc > 1 ? argv + 1 : NULL))
                        continue;
                if (!o->all && streq_ptr(active, "inactive"))
                        continue;
                _cleanup_strv_free_ char **props = NULL;
                if (sctl_unit_properties(c, id, &props, NULL) < 0)
                        continue;
                TimerRow *t = &timers[k++];
                t->id = strdup(id);
                t->activates = strdup(strempty(sctl_property(props, "Unit")));
                t->next = sctl_timer_next_elapse(props);
                const char *lm = sctl_property(props, "LastTriggerUSecMonotonic");
                t->last = parse_shown_timestamp(sctl_property(props, "LastTriggerUSec"));
                /* the precise instant, for "PASSED": the monotonic stamp carries the µs */
                if (t->last > 0 && lm && strtoull(lm, NULL, 10) > 0) {
                        usec_t mono = strtoull(lm, NULL, 10), now_m = clock_now_usec(CLOCK_MONOTONIC);
                        usec_t now_r = clock_now_usec(CLOCK_REALTIME);
                        t->last = now_r - MIN(now_r, now_m > mono ? now_m - mono : 0);
                }
        }
        sctl_rows_free(rows, n);
        if (k > 0)
                qsort(timers, k, sizeof(TimerRow), compare_rows);

        SctlTable tab;
        sctl_table_init(&tab, 6);
        if (!o->no_legend)
                sctl_table_add_row(&tab, (const char *const[]) { "NEXT", "LEFT", "LAST", "PASSED", "UNIT", "ACTIVATES" });
        usec_t now = clock_now_usec(CLOCK_REALTIME);
        for (size_t i = 0; i < k; i++) {
                TimerRow *t = &timers[i];
                char next[FORMAT_TIMESTAMP_MAX] = "-", left[FORMAT_TIMESTAMP_RELATIVE_MAX] = "-";
                char last[FORMAT_TIMESTAMP_MAX] = "-", passed[FORMAT_TIMESTAMP_RELATIVE_MAX] = "-";
                if (t->next > 0) {
                        format_timestamp(next, sizeof next, t->next);
                        format_timestamp_relative(left, sizeof left, t->next, now);
                }
                if (t->last > 0) {
                        format_timestamp(last, sizeof last, t->last);
                        format_timestamp_relative(passed, sizeof passed, t->last, now);
                }
                sctl_table_add_row(&tab, (const char *const[]) { next, left, last, passed, t->id, t->activates });
                free(t->id);
                free(t->activates);
        }
        free(timers);
        sctl_table_print(&tab, stdout);
        sctl_table_done(&tab);
        if (!o->no_legend) {
                printf("\n%zu timers listed.\n", k);
                if (!o->all)
                        printf("Pass --all to see loaded but inactive timers, too.\n");
        }
        return 0;
}
