/* manager-progress.c — the console's progress line while a job takes long, as systemd prints
 * it: "[ ***  ] A start job is running for Foo (7s / 1min 30s)", with "(2 of 3) " before it when
 * several jobs run. It is ephemeral: drawn over itself (carriage return, erase to the end of the
 * line) once a second, cycling through the running jobs every few ticks, and the next status
 * line overwrites it (manager_status_printf). A job is shown once it has run for two seconds, so
 * a quick boot never draws one. The limit is the job's JobTimeoutSec= or, without one, the
 * deadline of the unit's own state timer (a service's TimeoutStartSec=); "no limit" otherwise. */
#include <stdio.h>
#include <unistd.h>

#include "job.h"
#include "manager-progress.h"
#include "service.h"
#include "timestamp-util.h"

#define PROGRESS_WAIT_USEC (2 * USEC_PER_SEC)
#define PROGRESS_PERIOD_USEC USEC_PER_SEC
#define PROGRESS_TICKS_PER_JOB 3

/* The bouncing "***" in a six-wide field, red as systemd draws it. */
static void draw_cylon(char *buf, size_t l, unsigned tick) {
        static const unsigned pos[] = { 0, 1, 2, 3, 2, 1 };
        unsigned p = pos[tick % ELEMENTSOF(pos)];
        snprintf(buf, l, "%*s\x1b[31m*\x1b[1;31m*\x1b[0;31m*\x1b[0m%*s", (int) p, "", (int) (3 - p), "");
}

/* The deadline of what the job waits for, or 0 when nothing limits it. */
static usec_t job_deadline(Job *j) {
        if (j->timer && event_source_get_enabled(j->timer) != EVENT_OFF)
                return event_source_get_time(j->timer);
        Unit *u = j->unit;
        if (u->type == UNIT_SERVICE) {
                Service *s = (Service *) u;
                if (s->timer && event_source_get_enabled(s->timer) != EVENT_OFF)
                        return event_source_get_time(s->timer);
        }
        return 0;
}

static void print_progress(Manager *m, Job *j, unsigned index, unsigned n, usec_t now) {
        char cylon[64], ran[FORMAT_TIMESPAN_MAX], limit[FORMAT_TIMESPAN_MAX], of[32] = "";
        usec_t deadline = job_deadline(j);
        draw_cylon(cylon, sizeof cylon, m->progress_tick);
        format_timespan(ran, sizeof ran, now - j->begin_usec, USEC_PER_SEC);
        if (deadline > j->begin_usec)
                format_timespan(limit, sizeof limit, deadline - j->begin_usec, USEC_PER_SEC);
        else
                snprintf(limit, sizeof limit, "no limit");
        if (n > 1)
                snprintf(of, sizeof of, "(%u of %u) ", index + 1, n);
        char line[1024];
        int k = snprintf(line, sizeof line, "\r[%s] %sA %s job is running for %s (%s / %s)\x1b[K", cylon, of,
                         job_type_to_string(j->type), unit_description(j->unit), ran, limit);
        if (k <= 0)
                return;
        (void) !write(m->console_fd >= 0 ? m->console_fd : STDOUT_FILENO, line, (size_t) k < sizeof line ? (size_t) k : sizeof line - 1);
        m->status_ephemeral = true;
}

static int progress_tick(EventSource *s, usec_t now, void *userdata) {
        Manager *m = userdata;
        if (m->n_installed_jobs == 0)
                return 0; /* stays off until the next job is installed */
        unsigned n = 0;
        Job *j;
        HASHMAP_FOREACH(j, m->jobs)
                if (j->state == JOB_RUNNING && now >= j->begin_usec + PROGRESS_WAIT_USEC)
                        n++;
        if (n > 0) {
                unsigned want = (m->progress_tick / PROGRESS_TICKS_PER_JOB) % n, i = 0;
                HASHMAP_FOREACH(j, m->jobs)
                        if (j->state == JOB_RUNNING && now >= j->begin_usec + PROGRESS_WAIT_USEC && i++ == want) {
                                print_progress(m, j, want, n, now);
                                break;
                        }
        }
        m->progress_tick++;
        (void) event_source_set_time(s, now + PROGRESS_PERIOD_USEC);
        return event_source_set_enabled(s, EVENT_ONESHOT);
}

void manager_progress_job_installed(Manager *m) {
        if (!m->options.show_status)
                return;
        if (m->progress_source) {
                if (event_source_get_enabled(m->progress_source) == EVENT_OFF) {
                        (void) event_source_set_time(m->progress_source, now_usec(CLOCK_MONOTONIC) + PROGRESS_PERIOD_USEC);
                        (void) event_source_set_enabled(m->progress_source, EVENT_ONESHOT);
                }
                return;
        }
        (void) event_add_time(m->event, &m->progress_source, CLOCK_MONOTONIC, now_usec(CLOCK_MONOTONIC) + PROGRESS_PERIOD_USEC,
                              progress_tick, m);
}
