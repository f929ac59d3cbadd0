/* control-query.c — the requests anyone may send: show (a unit's properties), list-units,
 * list-jobs, dependencies (one level of a unit's relations, for list-dependencies),
 * unit-status (the processes `status` lists), is-system-running and get-default. Long answers
 * are "row" frames closed by "end", so no single frame grows with the number of units. */
#include <dirent.h>
#include <stdio.h>

#include "control-verbs.h"
#include "fileio.h"
#include "service.h"
#include "string-util.h"
#include "strv.h"

static void reply_end(ControlClient *c) {
        (void) control_client_replyv(c, "end", NULL);
}

/* args: UNIT → one "row" per "Name=value", then "end" */
void control_verb_show(ControlClient *c, char **args, size_t n) {
        if (n < 1) {
                (void) control_client_reply_error(c, EINVAL, "Expected a unit name.");
                return;
        }
        Unit *u;
        bool created;
        if (control_load_unit(c, args[0], &u, &created) < 0)
                return;
        _cleanup_strv_free_ char **props = NULL;
        int r = unit_properties(u, &props);
        control_unit_release(u, created);
        if (r < 0) {
                (void) control_client_reply_error(c, r, "Failed to get properties: %s", strerror(-r));
                return;
        }
        STRV_FOREACH(p, props)
                if (control_client_replyv(c, "row", *p, NULL) < 0)
                        return;
        reply_end(c);
}

/* → rows: id load active sub description job-id job-type */
void control_verb_list_units(ControlClient *c, char **args, size_t n) {
        Manager *m = c->server->manager;
        Unit *u;
        const char *key;
        (void) args, (void) n;
        HASHMAP_FOREACH_KEY(u, key, m->units) {
                if (!streq(key, u->id))
                        continue; /* an alias */
                char job[16] = "";
                if (u->job)
                        snprintf(job, sizeof job, "%u", u->job->id);
                if (control_client_replyv(c, "row", u->id, unit_load_state_to_string(u->load_state),
                                          unit_active_state_to_string(unit_active_state(u)), unit_sub_state(u),
                                          unit_description(u), job, u->job ? job_type_to_string(u->job->type) : "",
                                          NULL) < 0)
                        return;
        }
        reply_end(c);
}

/* → rows: id unit type state */
void control_verb_list_jobs(ControlClient *c, char **args, size_t n) {
        Manager *m = c->server->manager;
        Job *j;
        (void) args, (void) n;
        HASHMAP_FOREACH(j, m->jobs) {
                char id[16];
                snprintf(id, sizeof id, "%u", j->id);
                if (control_client_replyv(c, "row", id, j->unit->id, job_type_to_string(j->type),
                                          job_state_to_string(j->state), NULL) < 0)
                        return;
        }
        reply_end(c);
}

/* args: UNIT forward|reverse|after|before → rows: id active-state, the relations
 * `systemctl list-dependencies` follows. */
void control_verb_dependencies(ControlClient *c, char **args, size_t n) {
        static const UnitRelation forward[] = { REL_REQUIRES, REL_REQUISITE, REL_WANTS, REL_CONSISTS_OF, REL_BINDS_TO, REL_UPHOLDS };
        static const UnitRelation reverse[] = { REL_REQUIRED_BY, REL_REQUISITE_OF, REL_WANTED_BY, REL_PART_OF, REL_BOUND_BY, REL_UPHELD_BY };
        static const UnitRelation after[] = { REL_AFTER }, before[] = { REL_BEFORE };
        if (n < 1) {
                (void) control_client_reply_error(c, EINVAL, "Expected a unit name.");
                return;
        }
        const char *kind = n >= 2 ? args[1] : "forward";
        const UnitRelation *rels;
        size_t n_rels;
        if (streq(kind, "forward"))
                rels = forward, n_rels = ELEMENTSOF(forward);
        else if (streq(kind, "reverse"))
                rels = reverse, n_rels = ELEMENTSOF(reverse);
        else if (streq(kind, "after"))
                rels = after, n_rels = 1;
        else if (streq(kind, "before"))
                rels = before, n_rels = 1;
        else {
                (void) control_client_reply_error(c, EINVAL, "Unknown dependency kind %s.", kind);
                return;
        }
        Unit *u;
        bool created;
        if (control_load_unit(c, args[0], &u, &created) < 0)
                return;
        _cleanup_strv_free_ char **seen = NULL;
        for (size_t i = 0; i < n_rels; i++) {
                Unit *other;
                UNIT_SET_FOREACH(other, &u->deps[rels[i]]) {
                        if (strv_contains(seen, other->id))
                                continue;
                        if (strv_extend(&seen, other->id) < 0 ||
                            control_client_replyv(c, "row", other->id, unit_active_state_to_string(unit_active_state(other)),
                                                  NULL) < 0)
                                goto finish;
                }
        }
        reply_end(c);
finish:
        control_unit_release(u, created);
}

static char *process_cmdline(pid_t pid) {
        char path[64];
        _cleanup_free_ char *raw = NULL;
        size_t size = 0;
        snprintf(path, sizeof path, "/proc/%d/cmdline", (int) pid);
        if (read_full_file(path, 64 * 1024, &raw, &size) < 0 || size == 0) {
                /* a kernel thread or a zombie: its name in brackets, as ps does */
                _cleanup_free_ char *comm = NULL;
                snprintf(path, sizeof path, "/proc/%d/comm", (int) pid);
                if (read_full_file(path, 4096, &comm, NULL) < 0)
                        return strdup("");
                return strjoin("[", strstrip(comm), "]");
        }
        for (size_t i = 0; i + 1 < size; i++)
                if (raw[i] == 0)
                        raw[i] = ' ';
        return TAKE_PTR(raw);
}

static int reply_process(ControlClient *c, pid_t pid) {
        char num[16];
        _cleanup_free_ char *cmd = process_cmdline(pid);
        snprintf(num, sizeof num, "%d", (int) pid);
        return control_client_replyv(c, "row", num, strempty(cmd), NULL);
}

/* args: UNIT → rows: pid cmdline — the processes of the unit's cgroup when it has one, else
 * the service's main and control processes. */
void control_verb_unit_status(ControlClient *c, char **args, size_t n) {
        if (n < 1) {
                (void) control_client_reply_error(c, EINVAL, "Expected a unit name.");
                return;
        }
        Unit *u = manager_get_unit(c->server->manager, args[0]);
        if (!u) {
                reply_end(c);
                return;
        }
        if (u->cgroup_path) {
                _cleanup_free_ char *path = strjoin("/sys/fs/cgroup", u->cgroup_path, "/cgroup.procs");
                _cleanup_free_ char *procs = NULL;
                if (path && read_full_file(path, 1024 * 1024, &procs, NULL) >= 0) {
                        const char *p = procs;
                        _cleanup_free_ char *word = NULL;
                        while (extract_first_word(&p, &word, NULL, 0) > 0) {
                                int pid = atoi(word);
                                word = mfree(word);
                                if (pid > 0 && reply_process(c, pid) < 0)
                                        return;
                        }
                        reply_end(c);
                        return;
                }
        }
        if (u->type == UNIT_SERVICE && u->config) {
                Service *s = (Service *) u;
                if (s->main_pid > 0 && reply_process(c, s->main_pid) < 0)
                        return;
                if (s->control_pid > 0 && s->control_pid != s->main_pid && reply_process(c, s->control_pid) < 0)
                        return;
        }
        reply_end(c);
}

static bool unit_active_or_pending(Manager *m, const char *name) {
        Unit *u = manager_get_unit(m, name);
        return u && (UNIT_IS_ACTIVE_OR_ACTIVATING(unit_active_state(u)) || (u->job && u->job->type != JOB_STOP));
}

const char *control_system_state(Manager *m) {
        if (unit_active_or_pending(m, "shutdown.target") || m->objective != MANAGER_RUNNING)
                return "stopping";
        if (m->startup_finish.monotonic == 0) {
                Unit *basic = manager_get_unit(m, "basic.target");
                return basic && UNIT_IS_ACTIVE_OR_RELOADING(unit_active_state(basic)) ? "starting" : "initializing";
        }
        if (unit_active_or_pending(m, "rescue.target") || unit_active_or_pending(m, "emergency.target"))
                return "maintenance";
        return m->n_failed_units > 0 ? "degraded" : "running";
}

void control_verb_is_system_running(ControlClient *c, char **args, size_t n) {
        (void) args, (void) n;
        /* a second field when the manager was ever recovered: sctl shows it on stderr */
        _cleanup_free_ char *rec = control_recovery_summary(c->server->manager);
        (void) control_client_replyv(c, "ok", control_system_state(c->server->manager), rec, NULL);
}

void control_verb_get_default(ControlClient *c, char **args, size_t n) {
        Manager *m = c->server->manager;
        const char *fragment;
        _cleanup_free_ char *final = NULL;
        (void) args, (void) n;
        int r = unit_name_map_resolve(m->name_map, "default.target", &fragment, &final);
        if (r < 0 || !fragment) {
                (void) control_client_reply_error(c, ENOENT, "No such file or directory");
                return;
        }
        (void) control_client_replyv(c, "ok", final, NULL);
}
