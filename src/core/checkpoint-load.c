/* checkpoint-load.c — taking over from a previous manager (see selfheal.h and
 * docs/selfheal.md). The checkpoint is trusted only whole: it must pass the envelope's length
 * and CRC check and every line must parse, before anything is applied. Then units are loaded
 * from their (current) unit files and given their saved state, jobs come back under their old
 * ids (a waiting client knows them by id), coldplug attaches each unit to its processes, and
 * only then are the exits init buffered while no manager ran dispatched — so a service that
 * died during the outage goes through its normal exit path and Restart= policy. Without a
 * usable checkpoint the state is rebuilt from reality: a service whose cgroup has processes
 * is running (its main process guessed from cgroup.procs), the rest is what the unit files
 * and the default target say. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "checkpoint.h"
#include "control-server.h"
#include "fileio.h"
#include "env-util.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "selfheal.h"
#include "service.h"
#include "string-util.h"
#include "strv.h"

#define VALUE_MAX 8192

static int parse_ts(const char *v, DualTimestamp *ret) {
        unsigned long long a, b;
        if (sscanf(v, "%llu %llu", &a, &b) != 2)
                return -EBADMSG;
        *ret = (DualTimestamp){ a, b };
        return 0;
}

static int unit_item(Unit *u, const char *k, const char *v) {
        static const struct {
                const char *key;
                size_t offset;
        } stamps[] = {
                { "u-state-change", offsetof(Unit, state_change) },
                { "u-inactive-exit", offsetof(Unit, inactive_exit) },
                { "u-active-enter", offsetof(Unit, active_enter) },
                { "u-active-exit", offsetof(Unit, active_exit) },
                { "u-inactive-enter", offsetof(Unit, inactive_enter) },
                { "u-condition", offsetof(Unit, condition_timestamp) },
                { "u-assert", offsetof(Unit, assert_timestamp) },
        };
        for (size_t i = 0; i < ELEMENTSOF(stamps); i++)
                if (streq(k, stamps[i].key))
                        return parse_ts(v, (DualTimestamp *) ((char *) u + stamps[i].offset));
        int a, b;
        unsigned long long t;
        unsigned n;
        if (streq(k, "u-last-state")) {
                if (sscanf(v, "%d", &a) != 1 || a < 0 || a >= _UNIT_ACTIVE_STATE_MAX)
                        return -EBADMSG;
                u->last_state = a;
        } else if (streq(k, "u-results")) {
                if (sscanf(v, "%d %d", &a, &b) != 2)
                        return -EBADMSG;
                u->condition_result = a;
                u->assert_result = b;
        } else if (streq(k, "u-start-limit")) {
                if (sscanf(v, "%llu %u", &t, &n) != 2)
                        return -EBADMSG;
                u->start_limit_begin = t;
                u->start_limit_count = n;
        } else if (streq(k, "u-invocation-id"))
                snprintf(u->invocation_id, sizeof u->invocation_id, "%s", v);
        else if (streq(k, "u-cgroup")) {
                free(u->cgroup_path);
                if (!(u->cgroup_path = strdup(v)))
                        return -ENOMEM;
        } else if (u->vtable->deserialize_item)
                return u->vtable->deserialize_item(u, k, v);
        return 0;
}

static void restore_job(Manager *m, const char *v) {
        unsigned id;
        int irreversible, ignore_order;
        char type[32], state[16], unit[256];
        if (sscanf(v, "%u %31s %15s %d %d %255s", &id, type, state, &irreversible, &ignore_order, unit) != 6 || id == 0) {
                log_warning("Checkpoint: bad job \"%s\", ignoring.", v);
                return;
        }
        Unit *u = manager_get_unit(m, unit);
        JobType t = job_type_from_string(type);
        if (!u || t < 0 || u->job) {
                log_warning("Checkpoint: job %u for %s cannot be restored, ignoring.", id, unit);
                return;
        }
        Job *j = job_new(u, t);
        if (!j)
                return;
        /* job_install() numbers jobs from last_job_id: give it back its old number */
        uint32_t last = m->last_job_id;
        m->last_job_id = id - 1;
        j = job_install(j);
        m->last_job_id = MAX(last, id);
        j->state = streq(state, "running") ? JOB_RUNNING : JOB_WAITING;
        j->irreversible = irreversible;
        j->ignore_order = ignore_order;
}

static void add_history(SelfHeal *h, const char *reason) {
        if (h->n_history == SELFHEAL_HISTORY_MAX) {
                memmove(h->history, h->history + 1, sizeof h->history[0] * (SELFHEAL_HISTORY_MAX - 1));
                h->n_history--;
        }
        Recovery *r = &h->history[h->n_history++];
        r->realtime = now_usec(CLOCK_REALTIME);
        snprintf(r->reason, sizeof r->reason, "%s", reason);
}

static void manager_item(Manager *m, const char *k, const char *v) {
        SelfHeal *h = &m->selfheal;
        unsigned long long a;
        unsigned b, c;
        if (streq(k, "last-job-id"))
                m->last_job_id = MAX(m->last_job_id, (uint32_t) strtoul(v, NULL, 10));
        else if (streq(k, "startup-begin"))
                (void) parse_ts(v, &m->startup_begin);
        else if (streq(k, "startup-finish"))
                (void) parse_ts(v, &m->startup_finish);
        else if (streq(k, "init-start") && !m->init_link.hello_seen)
                m->init_link.start_number = strtoull(v, NULL, 10);
        else if (streq(k, "init-events"))
                m->init_link.event_seq = m->init_link.acked_seq = MAX(m->init_link.event_seq, strtoull(v, NULL, 10));
        else if (streq(k, "keepalive") && !m->init_link.hello_seen && sscanf(v, "%llu %u", &a, &b) == 2) {
                m->init_link.keepalive_usec = a;
                m->init_link.keepalive_misses = b;
        } else if (streq(k, "recoveries") && sscanf(v, "%u %u", &b, &c) == 2) {
                h->n_recoveries = b;
                h->n_reexecs = c;
        } else if (streq(k, "environment")) {
                /* kept as set-environment checked it; a stray invalid one is dropped */
                if (env_assignment_is_valid(v))
                        (void) strv_env_replace(&m->client_environment, strdup(v));
        } else if (streq(k, "recovery") && sscanf(v, "%llu", &a) == 1) {
                const char *sp = strchr(v, ' ');
                add_history(h, sp ? sp + 1 : "");
                h->history[h->n_history - 1].realtime = a;
        }
}

/* The whole body must parse and end with "end=1" before any of it is applied. */
static int validate(const char *body, size_t size) {
        _cleanup_free_ char *k = malloc(64), *v = malloc(VALUE_MAX);
        if (!k || !v)
                return -ENOMEM;
        const char *p = body, *end = body + size;
        bool ended = false;
        int r;
        while ((r = checkpoint_next(&p, end, k, 64, v, VALUE_MAX)) > 0) {
                if (ended)
                        return -EBADMSG;
                ended = streq(k, "end");
        }
        return r < 0 ? r : ended ? 0 : -EBADMSG;
}

static int apply(Manager *m, const char *body, size_t size) {
        _cleanup_free_ char *k = malloc(64), *v = malloc(VALUE_MAX);
        _cleanup_strv_free_ char **jobs = NULL, **clients = NULL;
        if (!k || !v)
                return -ENOMEM;
        const char *p = body, *end = body + size;
        Unit *u = NULL;
        bool skip = false;
        while (checkpoint_next(&p, end, k, 64, v, VALUE_MAX) > 0) {
                if (streq(k, "unit")) {
                        skip = manager_load_unit(m, v, &u) < 0 || u->load_state != UNIT_LOADED || !streq(u->id, v);
                        if (skip)
                                log_warning("Checkpoint: %s cannot be loaded any more; its processes are not supervised.", v);
                        continue;
                }
                if (streq(k, "job")) {
                        if (strv_extend(&jobs, v) < 0)
                                return -ENOMEM;
                        continue;
                }
                if (streq(k, "client")) {
                        if (strv_extend(&clients, v) < 0)
                                return -ENOMEM;
                        continue;
                }
                if (!u) {
                        manager_item(m, k, v);
                        continue;
                }
                if (skip)
                        continue;
                int r = unit_item(u, k, v);
                if (r < 0)
                        log_warning_errno(r, "Checkpoint: %s: bad item %s=%s, ignoring: %m", u->id, k, v);
        }
        /* units first, then their processes (coldplug may move a state machine on, which must
         * find the jobs), then the clients waiting for those jobs */
        for (char **j = jobs; j && *j; j++)
                restore_job(m, *j);
        m->n_failed_units = 0;
        const char *key;
        HASHMAP_FOREACH_KEY(u, key, m->units) {
                if (!streq(key, u->id) || u->load_state != UNIT_LOADED)
                        continue;
                if (u->vtable->coldplug)
                        (void) u->vtable->coldplug(u);
                init_link_beat_if_due(m);
                u->last_state = unit_active_state(u);
                if (u->last_state == UNIT_FAILED)
                        m->n_failed_units++;
        }
        if (m->selfheal.control)
                for (char **c = clients; c && *c; c++)
                        (void) control_server_restore_client(m->selfheal.control, *c);
        return 0;
}

/* No usable checkpoint: what runs is what the cgroups say. */
static void rebuild_from_reality(Manager *m) {
        const char *target = m->options.default_unit ?: "default.target";
        Unit *t;
        if (manager_load_unit(m, target, &t) < 0)
                (void) manager_load_unit(m, "rescue.target", &t);
        unsigned n_running = 0;
        Unit *u;
        const char *key;
        HASHMAP_FOREACH_KEY(u, key, m->units) {
                if (!streq(key, u->id) || u->load_state != UNIT_LOADED || u->type != UNIT_SERVICE)
                        continue;
                if (unit_cgroup_path(u, &u->cgroup_path) < 0 || !unit_cgroup_is_populated(u)) {
                        u->cgroup_path = mfree(u->cgroup_path);
                        continue;
                }
                (void) unit_realize_cgroup(u, NULL);
                Service *s = (Service *) u;
                pid_t pid = 0;
                (void) unit_cgroup_guess_main_pid(u, 0, &pid);
                s->state = SERVICE_RUNNING;
                s->main_pid = pid;
                u->active_enter = u->inactive_exit = u->state_change = dual_timestamp_now();
                if (pid > 0)
                        (void) manager_adopt_pid(m, pid, u);
                u->last_state = unit_active_state(u);
                n_running++;
                log_info("%s: found running (main process %d) in its cgroup.", u->id, (int) pid);
        }
        log_notice("Rebuilt the state from reality: %u services running.", n_running);
        m->startup_begin = dual_timestamp_now();
        /* what should run and does not is started; nothing running is stopped (no isolate) */
        _cleanup_free_ char *error = NULL;
        if (manager_add_job(m, JOB_START, t, JOB_REPLACE, false, NULL, &error) < 0)
                log_error("Failed to start %s after the rebuild: %s", t->id, strna(error));
}

static int reexec_signal_cb(EventSource *s, void *userdata) {
        Manager *m = userdata;
        (void) s;
        /* a zombie of ours from before our exec raised its SIGCHLD already */
        (void) raise(SIGCHLD);
        init_link_send_ready(m);
        event_source_free(s);
        return 0;
}

int manager_recover(Manager *m) {
        SelfHeal *h = &m->selfheal;
        InitLink *l = &m->init_link;
        if (!m->options.recover)
                return 0;
        /* wall time, and CPU time: on a loaded machine the wall time is mostly waiting */
        usec_t t0 = now_usec(CLOCK_MONOTONIC), c0 = now_usec(CLOCK_THREAD_CPUTIME_ID);
        /* set by reexec.c for its new image; init's HELLO is absent then too */
        bool reexec = getenv("SYSMASTER_REEXECUTED") != NULL;
        (void) unsetenv("SYSMASTER_REEXECUTED");
        h->recovered = true;
        _cleanup_free_ char *dir = path_prefix_root(m->options.root, CHECKPOINT_DIR);
        _cleanup_free_ char *path = dir ? path_join(dir, CHECKPOINT_FILE) : NULL;
        _cleanup_free_ char *data = NULL;
        size_t size = 0;
        const char *body = NULL;
        size_t body_size = 0;
        int r = path ? read_full_file(path, CHECKPOINT_BODY_MAX + 128, &data, &size) : -ENOMEM;
        if (r >= 0)
                r = checkpoint_verify(data, size, &body, &body_size);
        if (r >= 0)
                r = validate(body, body_size);
        if (r >= 0) {
                r = apply(m, body, body_size);
                if (r < 0)
                        return log_error_errno(r, "Failed to apply the checkpoint: %m");
        } else {
                log_warning_errno(r, "No usable checkpoint (%s: %m): rebuilding the state from unit files and cgroups.",
                                  strna(path));
                h->rebuilt = true;
                rebuild_from_reality(m);
        }
        char why[INIT_MSG_NAME_MAX + 32];
        if (reexec) {
                h->n_reexecs++;
                snprintf(why, sizeof why, "re-executed");
        } else {
                h->n_recoveries++;
                snprintf(why, sizeof why, "%s%s", l->previous_reason[0] ? l->previous_reason : "restarted by init",
                         h->rebuilt ? "; state rebuilt" : "");
        }
        add_history(h, why);
        init_link_setup_heartbeat(m);
        /* now the exits and signals init buffered meet the restored state */
        init_link_finish_startup(m);
        manager_adopt_check(m);
        /* running jobs whose unit settled meanwhile are run again, which finishes them */
        Job *j;
        HASHMAP_FOREACH(j, m->jobs)
                if (j->state == JOB_RUNNING && !UNIT_IS_ACTIVE_OR_ACTIVATING(unit_active_state(j->unit)) &&
                    unit_active_state(j->unit) != UNIT_DEACTIVATING) {
                        j->state = JOB_WAITING;
                        job_add_to_run_queue(j);
                } else if (j->state == JOB_RUNNING && j->type == JOB_START &&
                           UNIT_IS_ACTIVE_OR_RELOADING(unit_active_state(j->unit))) {
                        j->state = JOB_WAITING;
                        job_add_to_run_queue(j);
                } else if (j->state == JOB_WAITING)
                        job_add_to_run_queue(j);
        h->last_recovery_usec = now_usec(CLOCK_MONOTONIC);
        h->recovery_duration_usec = h->last_recovery_usec - t0;
        log_notice("Took over from the previous manager (%s) in %llu ms (%llu ms CPU): %zu units, %zu jobs.", why,
                   (unsigned long long) (h->recovery_duration_usec / USEC_PER_MSEC),
                   (unsigned long long) ((now_usec(CLOCK_THREAD_CPUTIME_ID) - c0) / USEC_PER_MSEC), hashmap_size(m->units),
                   hashmap_size(m->jobs));
        /* READY once the loop runs: a checkpoint that crashes us while loading must still count
         * towards init's crash loop */
        EventSource *s;
        if (event_add_defer(m->event, &s, reexec_signal_cb, m) >= 0)
                event_source_set_description(s, "recovered");
        manager_checkpoint_schedule(m);
        return 1;
}
