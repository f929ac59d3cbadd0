/* manager.c — the manager's context (see manager.h): units by name, the load queue, job
 * queueing through transactions, the run queue, child processes, status lines. */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/wait.h>

#include "cgroup.h"
#include "device.h"
#include "generator.h"
#include "log.h"
#include "manager.h"
#include "scope.h"
#include "mount.h"
#include "swap.h"
#include "notify.h"
#include "service.h"
#include "string-util.h"
#include "strv.h"
#include "system-setup.h"
#include "transaction.h"

static int dispatch_run_queue_cb(EventSource *s, void *userdata) {
        (void) s;
        manager_dispatch_run_queue(userdata);
        return 0;
}

int manager_new(const ManagerOptions *options, Manager **ret) {
        _cleanup_(manager_freep) Manager *m = new0(Manager, 1);
        if (!m)
                return -ENOMEM;
        m->options = *options;
        m->console_fd = -EBADF;
        m->init_link.fd = -EBADF;
        m->cgroup_inotify_fd = -EBADF;
        /* before any unit loads: mount units depend on device units only where they exist */
        m->devices_supported = manager_devices_supported(m);
        int r = event_new(&m->event);
        if (r < 0)
                return r;
        if (!(m->units = hashmap_new()) || !(m->jobs = hashmap_new()) || !(m->watch_pids = hashmap_new()))
                return -ENOMEM;
        if ((r = lookup_paths_init(&m->lookup_paths, options->root)) < 0)
                return r;
        if ((r = manager_load_name_map(m)) < 0)
                return r;
        if ((r = event_add_defer(m->event, &m->run_queue_source, dispatch_run_queue_cb, m)) < 0)
                return r;
        event_source_set_description(m->run_queue_source, "run-queue");
        event_source_set_enabled(m->run_queue_source, EVENT_OFF);
        if ((r = manager_setup_reaper(m)) < 0)
                return r;
        if ((r = init_link_open(m)) < 0)
                return r;
        (void) manager_setup_notify(m);
        if ((r = manager_setup_cgroup(m)) < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

Manager *manager_free(Manager *m) {
        if (!m)
                return NULL;
        Job *j;
        while (m->jobs && hashmap_size(m->jobs) > 0) {
                size_t i = 0;
                if (!hashmap_iterate(m->jobs, &i, (void **) &j, NULL))
                        break;
                job_free(j);
        }
        /* free units: collect the distinct ones first (aliases map to the same unit) */
        Unit **all = NULL;
        size_t n = 0;
        Unit *u;
        const char *key;
        if (m->units) {
                all = new (Unit *, hashmap_size(m->units) + 1);
                HASHMAP_FOREACH_KEY(u, key, m->units)
                        if (all && streq(key, u->id))
                                all[n++] = u;
        }
        for (size_t i = 0; i < n; i++)
                unit_free(all[i]);
        free(all);
        selfheal_done(m);
        hashmap_free(m->units);
        hashmap_free(m->jobs);
        unit_set_done(&m->idle_waiters);
        manager_close_notify(m);
        manager_close_mount_monitor(m);
        manager_close_swap_monitor(m);
        manager_close_device_monitor(m);
        m->gc_source = event_source_free(m->gc_source);
        manager_close_cgroup(m);
        const char *pidkey;
        HASHMAP_FOREACH_KEY(u, pidkey, m->watch_pids)
                free((char *) pidkey);
        hashmap_free(m->watch_pids);
        init_link_done(m);
        strv_free(m->environment);
        strv_free(m->client_environment);
        unit_name_map_free(m->name_map);
        lookup_paths_done(&m->lookup_paths);
        event_free(m->event);
        safe_close(m->console_fd);
        free(m);
        return NULL;
}

int manager_load_name_map(Manager *m) {
        UnitNameMap *map;
        int r = unit_name_map_build(&m->lookup_paths, &map);
        if (r < 0)
                return log_error_errno(r, "Failed to scan the unit load path: %m");
        unit_name_map_free(m->name_map);
        m->name_map = map;
        return 0;
}

Unit *manager_get_unit(Manager *m, const char *name) {
        return hashmap_get(m->units, name);
}

/* A target is ordered after the units it pulls in, unless they opt out of default
 * dependencies (systemd.target(5), "Implicit Dependencies"). */
static void add_target_ordering(Unit *t) {
        if (t->type != UNIT_TARGET || t->load_state != UNIT_LOADED || !t->config->unit->default_dependencies)
                return;
        UnitRelation rels[] = { REL_WANTS, REL_REQUIRES, REL_REQUISITE, REL_BINDS_TO };
        for (size_t i = 0; i < ELEMENTSOF(rels); i++) {
                Unit *other;
                for (size_t k = 0; k < t->deps[rels[i]].n; k++) {
                        other = t->deps[rels[i]].units[k];
                        if (other->load_state != UNIT_LOADED || !other->config->unit->default_dependencies)
                                continue;
                        /* never create After= against a Before= the other side declared */
                        if (unit_set_contains(&t->deps[REL_BEFORE], other))
                                continue;
                        (void) unit_add_dependency(t, REL_AFTER, other, false);
                }
        }
}

void manager_dispatch_load_queue(Manager *m) {
        Unit **loaded = NULL;
        size_t n = 0, allocated = 0;
        while (m->load_queue) {
                Unit *u = m->load_queue;
                m->load_queue = u->load_queue_next;
                u->load_queue_next = NULL;
                (void) unit_load(u);
                /* a thousand units take seconds on a slow machine: not a hang */
                init_link_beat_if_due(m);
                if (n == allocated) {
                        allocated = allocated ? allocated * 2 : 64;
                        Unit **nl = realloc(loaded, allocated * sizeof(Unit *));
                        if (!nl)
                                continue;
                        loaded = nl;
                }
                loaded[n++] = u;
        }
        for (size_t i = 0; i < n; i++)
                add_target_ordering(loaded[i]);
        free(loaded);
}

int manager_get_or_create_unit(Manager *m, const char *name, Unit **ret) {
        Unit *u = manager_get_unit(m, name);
        if (u) {
                *ret = u;
                return 0;
        }
        if (!unit_name_is_valid(name, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE))
                return -EINVAL;
        const char *fragment;
        _cleanup_free_ char *final = NULL;
        int r = unit_name_map_resolve(m->name_map, name, &fragment, &final);
        if (r < 0 || streq(final, name))
                return unit_new(m, name, ret);
        /* an alias: the unit lives under its main name, reachable under this one too */
        if (!(u = manager_get_unit(m, final)) && (r = unit_new(m, final, &u)) < 0)
                return r;
        if (strv_extend(&u->aliases, name) < 0)
                return -ENOMEM;
        if (hashmap_put(m->units, u->aliases[strv_length(u->aliases) - 1], u) < 0)
                return -ENOMEM;
        *ret = u;
        return 0;
}

int manager_load_unit(Manager *m, const char *name, Unit **ret) {
        Unit *u;
        int r = manager_get_or_create_unit(m, name, &u);
        if (r < 0)
                return r;
        manager_dispatch_load_queue(m);
        *ret = u;
        return 0;
}

Job *manager_get_job(Manager *m, uint32_t id) {
        char key[16];
        snprintf(key, sizeof key, "%u", id);
        return hashmap_get(m->jobs, key);
}

int manager_add_job(Manager *m, JobType type, Unit *u, JobMode mode, bool manual, Job **ret_job, char **ret_error) {
        if (manual && u->load_state == UNIT_LOADED) {
                bool starting = type != JOB_STOP;
                if ((starting && type != JOB_RELOAD && u->config->unit->refuse_manual_start) ||
                    (type == JOB_STOP && u->config->unit->refuse_manual_stop)) {
                        if (ret_error)
                                (void) !asprintf(ret_error,
                                                 "Operation refused, unit %s may be requested by dependency only (it is configured to refuse manual start/stop).",
                                                 u->id);
                        return -EPERM;
                }
        }
        Job *j = NULL;
        int r = transaction_run(m, type, u, mode, &j, ret_error);
        if (r < 0)
                return r;
        if (ret_job)
                *ret_job = j;
        manager_checkpoint_schedule(m);
        return 0;
}

void manager_dispatch_run_queue(Manager *m) {
        /* A bounded number per loop iteration: a boot (or a recovery) with a thousand services
         * queued would otherwise fork them all in one pass, seconds without answering a client
         * or beating for init's keep-alive (which then declares us hung). The rest waits for the
         * next iteration, after every other ready source had its turn. */
        for (unsigned n = 0; m->run_queue; n++) {
                if (n >= MANAGER_RUN_QUEUE_BATCH) {
                        event_source_set_enabled(m->run_queue_source, EVENT_ONESHOT);
                        return;
                }
                Job *j = m->run_queue;
                m->run_queue = j->run_queue_next;
                j->in_run_queue = false;
                (void) job_run(j);
                init_link_beat_if_due(m);
        }
}

static void pid_key(pid_t pid, char buf[static 16]) {
        snprintf(buf, 16, "%d", (int) pid);
}

int manager_watch_pid(Manager *m, pid_t pid, Unit *u) {
        char key[16];
        pid_key(pid, key);
        if (hashmap_get(m->watch_pids, key) == u)
                return 0;
        manager_unwatch_pid(m, pid);
        char *k = strdup(key);
        if (!k)
                return -ENOMEM;
        int r = hashmap_put(m->watch_pids, k, u);
        if (r < 0)
                free(k);
        manager_checkpoint_schedule(m);
        return r < 0 ? r : 0;
}

void manager_unwatch_pid(Manager *m, pid_t pid) {
        char key[16], *k;
        pid_key(pid, key);
        hashmap_remove_with_key(m->watch_pids, key, &k);
        free(k);
        manager_checkpoint_schedule(m);
}

Unit **manager_units_of_type(Manager *m, UnitType type, size_t *ret_n) {
        Unit **l = new (Unit *, hashmap_size(m->units) + 1);
        size_t n = 0;
        Unit *u;
        const char *key;
        if (!l)
                return NULL;
        HASHMAP_FOREACH_KEY(u, key, m->units)
                if (u->type == type && streq(key, u->id))
                        l[n++] = u;
        *ret_n = n;
        return l;
}

Unit *manager_get_unit_by_pid(Manager *m, pid_t pid) {
        char key[16];
        pid_key(pid, key);
        return hashmap_get(m->watch_pids, key);
}

void manager_child_exited(Manager *m, pid_t pid, int code, int status) {
        Unit *u = manager_get_unit_by_pid(m, pid);
        if (!u) {
                log_debug("Child %d exited, belonging to no unit.", (int) pid);
                return;
        }
        manager_unwatch_pid(m, pid);
        if (u->vtable->child_exited)
                u->vtable->child_exited(u, pid, code, status);
}

void manager_status_end_ephemeral(Manager *m) {
        /* a progress line has no newline: the next line starts over it */
        if (!m->status_ephemeral)
                return;
        m->status_ephemeral = false;
        (void) !write(m->console_fd >= 0 ? m->console_fd : STDOUT_FILENO, "\r\x1b[K", 4);
}

void manager_status_printf(Manager *m, const char *status, const char *fmt, ...) {
        if (!m->options.show_status)
                return;
        manager_status_end_ephemeral(m);
        char line[1024];
        int n;
        if (status)
                n = snprintf(line, sizeof line, "[%s%s%s] ",
                             streq(status, "FAILED") || streq(status, "DEPEND") || streq(status, " TIME ") ? "\x1b[0;1;31m" : "\x1b[0;32m",
                             status, "\x1b[0m");
        else
                n = snprintf(line, sizeof line, "         ");
        va_list ap;
        va_start(ap, fmt);
        if (n >= 0 && (size_t) n < sizeof line)
                n += vsnprintf(line + n, sizeof line - n, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        if ((size_t) n >= sizeof line - 1)
                n = sizeof line - 2;
        line[n++] = '\n';
        (void) !write(m->console_fd >= 0 ? m->console_fd : STDOUT_FILENO, line, (size_t) n);
}

void manager_unit_changed(Manager *m, Unit *u) {
        manager_checkpoint_schedule(m);
        if (m->on_unit_changed)
                m->on_unit_changed(m, u, m->observer_userdata);
}

/* The boot transaction is done once no job is left: systemd's "Startup finished". */
static void check_startup_finished(Manager *m) {
        if (m->startup_finish.monotonic != 0 || m->startup_begin.monotonic == 0 || m->n_installed_jobs > 0)
                return;
        m->startup_finish = dual_timestamp_now();
        manager_status_end_ephemeral(m);
        usec_t t = m->startup_finish.monotonic - m->startup_begin.monotonic;
        log_info("Startup finished in %llu.%03llus%s.", (unsigned long long) (t / USEC_PER_SEC),
                 (unsigned long long) (t % USEC_PER_SEC / 1000),
                 m->n_failed_units > 0 ? " (degraded: some units failed)" : "");
        init_link_send_ready(m);
}

void manager_job_finished(Manager *m, uint32_t job_id) {
        /* before the observers: is-system-running answers from startup_finish */
        check_startup_finished(m);
        manager_checkpoint_schedule(m);
        if (m->idle_waiters.n > 0)
                service_dispatch_idle(m);
        if (m->on_job_finished)
                m->on_job_finished(m, job_id, m->observer_userdata);
}

void manager_objective_changed(Manager *m) {
        if (m->objective != MANAGER_RUNNING)
                event_exit(m->event, m->exit_code);
}

void manager_check_unneeded(Manager *m, Unit *u) {
        if (u->load_state != UNIT_LOADED || !u->config->unit->stop_when_unneeded || u->job)
                return;
        if (!UNIT_IS_ACTIVE_OR_ACTIVATING(unit_active_state(u)))
                return;
        UnitRelation needers[] = { REL_REQUIRED_BY, REL_WANTED_BY, REL_REQUISITE_OF, REL_BOUND_BY };
        for (size_t i = 0; i < ELEMENTSOF(needers); i++) {
                Unit *other;
                UNIT_SET_FOREACH(other, &u->deps[needers[i]])
                        if (UNIT_IS_ACTIVE_OR_ACTIVATING(unit_active_state(other)) || (other->job && other->job->type != JOB_STOP))
                                return;
        }
        log_info("%s: unit not needed anymore. Stopping.", u->id);
        (void) manager_add_job(m, JOB_STOP, u, JOB_FAIL, false, NULL, NULL);
}

static void setup_system(Manager *m) {
        const char *root = m->options.root;
        (void) setup_runtime_directories(root, m->container);
        (void) setup_machine_id(root, m->container);
        (void) setup_hostname(root);
        if (!root || streq(root, "/"))
                (void) setup_loopback(); /* a test tree's manager shares the host's network */
}

int manager_startup(Manager *m) {
        int r;
        m->startup_begin = dual_timestamp_now();
        if (!m->options.test)
                setup_system(m);
        /* generators see the runtime directories and machine ID set up above; what they
         * write joins the load path, so the name map is scanned again */
        (void) manager_run_environment_generators(m);
        if (manager_run_generators(m) > 0 && (r = manager_load_name_map(m)) < 0)
                return r;
        /* devices first: mount units from fstab and mountinfo bind to them */
        (void) manager_setup_device_monitor(m);
        /* what is mounted already is active before the first transaction looks */
        (void) manager_setup_mount_monitor(m);
        (void) manager_setup_swap_monitor(m);
        if (!m->options.test && m->init_link.fd >= 0)
                (void) manager_setup_init_scope(m);
        const char *target = m->options.default_unit ?: "default.target";
        Unit *u;
        r = manager_load_unit(m, target, &u);
        if (r < 0 || u->load_state != UNIT_LOADED) {
                log_error("Failed to load default target %s, falling back to rescue.target.", target);
                r = manager_load_unit(m, "rescue.target", &u);
                if (r < 0 || u->load_state != UNIT_LOADED)
                        return log_error_errno(r < 0 ? r : -ENOENT, "Failed to load rescue target: %m");
        }
        _cleanup_free_ char *error = NULL;
        r = manager_add_job(m, JOB_START, u, JOB_ISOLATE, false, NULL, &error);
        if (r == -EPERM) /* a default target without AllowIsolate= is started plainly */
                r = manager_add_job(m, JOB_START, u, JOB_REPLACE, false, NULL, &error);
        if (r < 0)
                return log_error_errno(r, "Failed to start default target %s: %s", u->id, error ?: strerror(-r));
        check_startup_finished(m);
        return 0;
}

int manager_run(Manager *m) {
        int r = event_loop(m->event);
        return r < 0 ? r : m->exit_code;
}

int manager_finish(Manager *m) {
        int r = init_link_send_shutdown(m);
        if (r < 0 && r != -ENOTCONN && r != -EINVAL)
                log_error_errno(r, "Failed to hand the shutdown over to init: %m");
        return m->exit_code;
}
