/* control-verbs.c — control_dispatch() and the requests that change state: jobs (start, stop,
 * restart… with a job mode, answered at once with the job id and later, unless the client
 * said no-block, with a "done" frame), kill, reset-failed, daemon-reload, and the shutdown
 * verbs, which start their target irreversibly and take the manager's objective once it is
 * reached. Only uid 0 gets this far for these; anyone may query. */
#include <signal.h>
#include <stdio.h>

#include "control-verbs.h"
#include "env-util.h"
#include "log.h"
#include "manager-env.h"
#include "manager-reload.h"
#include "scope.h"
#include "signal-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

int control_load_unit(ControlClient *c, const char *name, Unit **ret, bool *ret_created) {
        Manager *m = c->server->manager;
        if (!unit_name_is_valid(name, UNIT_NAME_PLAIN | UNIT_NAME_INSTANCE)) {
                control_client_reply_error(c, EINVAL, "Unit name %s is not valid.", name);
                return -EINVAL;
        }
        Unit *u = manager_get_unit(m, name);
        bool created = !u;
        int r = manager_load_unit(m, name, &u);
        if (r < 0) {
                control_client_reply_error(c, r, "Failed to load unit %s: %s", name, strerror(-r));
                return r;
        }
        *ret = u;
        *ret_created = created;
        return 0;
}

void control_unit_release(Unit *u, bool created) {
        if (!created || !u || u->load_state == UNIT_LOADED || u->job)
                return;
        for (UnitRelation r = 0; r < _REL_MAX; r++)
                if (u->deps[r].n > 0)
                        return;
        if (!UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(u)))
                return;
        unit_free(u);
}

/* The verbs of systemctl and the job each queues. */
static const struct {
        const char *verb;
        JobType type;
        JobMode mode;     /* forced mode, or _JOB_MODE_INVALID for the client's */
} job_verbs[] = {
        { "start", JOB_START, _JOB_MODE_INVALID },
        { "stop", JOB_STOP, _JOB_MODE_INVALID },
        { "restart", JOB_RESTART, _JOB_MODE_INVALID },
        { "try-restart", JOB_TRY_RESTART, _JOB_MODE_INVALID },
        { "reload", JOB_RELOAD, _JOB_MODE_INVALID },
        { "reload-or-restart", JOB_RELOAD_OR_START, _JOB_MODE_INVALID },
        { "try-reload-or-restart", JOB_TRY_RELOAD, _JOB_MODE_INVALID },
        { "verify-active", JOB_VERIFY_ACTIVE, _JOB_MODE_INVALID },
        { "isolate", JOB_START, JOB_ISOLATE },
};

/* reload-or-restart restarts what cannot reload; try-reload-or-restart only if running. */
static JobType job_type_for_unit(JobType t, Unit *u) {
        if (t == JOB_RELOAD_OR_START && !unit_can_reload(u))
                return JOB_RESTART;
        if (t == JOB_TRY_RELOAD && !unit_can_reload(u))
                return JOB_TRY_RESTART;
        return t;
}

static void reply_job(ControlClient *c, Job *j, Unit *u, bool block) {
        char num[16];
        snprintf(num, sizeof num, "%u", j ? j->id : 0);
        (void) control_client_replyv(c, "job", num, u->id, j ? job_type_to_string(j->type) : "", NULL);
        if (!j || !block)
                return;
        if (j->waiter && j->waiter != control_server_job_done) {
                /* someone else (the manager itself) waits for it: nothing we can attach to */
                char *fields[] = { (char *) "done", num, u->id, (char *) job_type_to_string(j->type), (char *) "done",
                                   (char *) "", NULL };
                (void) control_client_reply(c, fields);
                return;
        }
        j->waiter = control_server_job_done;
        j->waiter_userdata = c->server;
        if (control_client_wait_job(c, j->id) < 0)
                (void) control_client_reply_error(c, ENOBUFS, "Too many jobs waited for.");
}

/* args: UNIT [MODE] [no-block] */
static void verb_job(ControlClient *c, const char *verb, char **args, size_t n) {
        Manager *m = c->server->manager;
        size_t k;
        for (k = 0; k < ELEMENTSOF(job_verbs); k++)
                if (streq(job_verbs[k].verb, verb))
                        break;
        if (n < 1) {
                (void) control_client_reply_error(c, EINVAL, "Expected a unit name.");
                return;
        }
        JobMode mode = JOB_REPLACE;
        if (n >= 2 && !isempty(args[1]) && (mode = job_mode_from_string(args[1])) < 0) {
                (void) control_client_reply_error(c, EINVAL, "Job mode %s invalid.", args[1]);
                return;
        }
        if (job_verbs[k].mode >= 0)
                mode = job_verbs[k].mode;
        bool block = !(n >= 3 && streq(args[2], "no-block"));
        JobType type = job_verbs[k].type;
        Unit *u;
        bool created;
        /* loaded on request, as in systemd: a unit the garbage collector unloaded is still
         * stopped (RefuseManualStop= and all), but stopping one that has no file is an error
         * of its own */
        if (control_load_unit(c, args[0], &u, &created) < 0)
                return;
        if (type == JOB_STOP && unit_active_state(u) == UNIT_INACTIVE &&
            (u->load_state == UNIT_NOT_FOUND || u->load_state == UNIT_BAD_SETTING || u->load_state == UNIT_ERROR)) {
                (void) control_client_reply_error(c, ENOENT, "Unit %s not loaded.", args[0]);
                control_unit_release(u, created);
                return;
        }
        type = job_type_for_unit(type, u);
        _cleanup_free_ char *error = NULL;
        Job *j = NULL;
        int r = manager_add_job(m, type, u, mode, true, &j, &error);
        if (r < 0) {
                (void) control_client_reply_error(c, r, "%s", error ?: strerror(-r));
                control_unit_release(u, created);
                return;
        }
        reply_job(c, j, u, block);
}

/* args: NAME PID… — a scope for processes the manager did not start (systemd-run --scope,
 * logind); answered like a job verb without waiting */
static void verb_start_transient_scope(ControlClient *c, char **args, size_t n) {
        Manager *m = c->server->manager;
        if (n < 2) {
                (void) control_client_reply_error(c, EINVAL, "Expected a scope name and processes.");
                return;
        }
        if (!unit_name_is_valid(args[0], UNIT_NAME_PLAIN) || !endswith(args[0], ".scope")) {
                (void) control_client_reply_error(c, EINVAL, "Unit name %s is not a valid scope name.", args[0]);
                return;
        }
        _cleanup_free_ pid_t *pids = new (pid_t, n - 1);
        if (!pids)
                return (void) control_client_reply_error(c, ENOMEM, "Out of memory.");
        for (size_t i = 1; i < n; i++) {
                char *end;
                long v = strtol(args[i], &end, 10);
                if (*end || v <= 0) {
                        (void) control_client_reply_error(c, EINVAL, "Invalid process %s.", args[i]);
                        return;
                }
                pids[i - 1] = (pid_t) v;
        }
        Unit *u;
        int r = manager_start_transient_scope(m, args[0], pids, n - 1, &u);
        if (r == -EEXIST) {
                (void) control_client_reply_error(c, EEXIST, "Unit %s was already loaded or has a fragment file.", args[0]);
                return;
        }
        if (r < 0) {
                (void) control_client_reply_error(c, r, "Failed to create scope %s: %s", args[0], strerror(-r));
                return;
        }
        _cleanup_free_ char *error = NULL;
        Job *j = NULL;
        r = manager_add_job(m, JOB_START, u, JOB_FAIL, true, &j, &error);
        if (r < 0) {
                (void) control_client_reply_error(c, r, "%s", error ?: strerror(-r));
                return;
        }
        reply_job(c, j, u, false);
}

/* args: UNIT WHO SIGNAL */
static void verb_kill(ControlClient *c, char **args, size_t n) {
        if (n < 3) {
                (void) control_client_reply_error(c, EINVAL, "Expected unit, whom and signal.");
                return;
        }
        Unit *u = manager_get_unit(c->server->manager, args[0]);
        if (!u) {
                (void) control_client_reply_error(c, ENOENT, "Unit %s not loaded.", args[0]);
                return;
        }
        KillWho who;
        if (streq(args[1], "main"))
                who = KILL_MAIN;
        else if (streq(args[1], "control"))
                who = KILL_CONTROL;
        else if (streq(args[1], "all") || isempty(args[1]))
                who = KILL_ALL;
        else {
                (void) control_client_reply_error(c, EINVAL, "Invalid who argument %s", args[1]);
                return;
        }
        int sig = signal_from_string(args[2]);
        if (sig <= 0 || sig >= _NSIG) {
                (void) control_client_reply_error(c, EINVAL, "Signal number out of range.");
                return;
        }
        if (!u->vtable->kill) {
                (void) control_client_reply_error(c, EOPNOTSUPP, "Unit type does not support process killing.");
                return;
        }
        int r = u->vtable->kill(u, who, sig);
        if (r == -ESRCH) {
                /* systemd words it after who was asked for */
                (void) control_client_reply_error(c, ESRCH, "%s",
                                                  who == KILL_MAIN ? "No main process to kill" :
                                                  who == KILL_CONTROL ? "No control process to kill" :
                                                  "No matching processes to kill");
                return;
        }
        if (r < 0) {
                (void) control_client_reply_error(c, r, "Failed to kill: %s", strerror(-r));
                return;
        }
        (void) control_client_replyv(c, "ok", NULL);
}

static void reset_failed_one(Unit *u) {
        if (u->vtable->reset_failed)
                u->vtable->reset_failed(u);
        u->start_limit_count = 0;
        u->start_limit_begin = 0;
}

/* args: [UNIT] */
static void verb_reset_failed(ControlClient *c, char **args, size_t n) {
        Manager *m = c->server->manager;
        if (n >= 1 && !isempty(args[0])) {
                Unit *u = manager_get_unit(m, args[0]);
                if (!u) {
                        (void) control_client_reply_error(c, ENOENT, "Unit %s not loaded.", args[0]);
                        return;
                }
                reset_failed_one(u);
        } else {
                Unit *u;
                const char *key;
                HASHMAP_FOREACH_KEY(u, key, m->units)
                        if (streq(key, u->id))
                                reset_failed_one(u);
        }
        (void) control_client_replyv(c, "ok", NULL);
}

static void verb_daemon_reload(ControlClient *c, char **args, size_t n) {
        (void) args, (void) n;
        int r = manager_reload_units(c->server->manager);
        if (r < 0) {
                (void) control_client_reply_error(c, r, "Failed to reload: %s", strerror(-r));
                return;
        }
        (void) control_client_replyv(c, "ok", NULL);
}

/* set-environment NAME=VALUE…, unset-environment NAME[=VALUE]…: all or nothing. */
static void verb_environment(ControlClient *c, char **args, size_t n, bool set) {
        const char *bad = NULL;
        if (n == 0) {
                (void) control_client_reply_error(c, EINVAL, "Not enough arguments.");
                return;
        }
        int r = manager_environment_check(set ? NULL : args, set ? args : NULL, &bad);
        if (r < 0) {
                if (set && bad && env_assignment_is_valid(bad))
                        (void) control_client_reply_error(c, EINVAL, "Environment assignment too long (over %u bytes): %.64s…",
                                                          MANAGER_ENV_ASSIGNMENT_MAX, bad);
                else
                        (void) control_client_reply_error(c, EINVAL, "Invalid environment %s: %s",
                                                          set ? "assignment" : "variable name", bad ?: "");
                return;
        }
        r = manager_environment_modify(c->server->manager, set ? NULL : args, set ? args : NULL);
        if (r < 0) {
                (void) control_client_reply_error(c, r, "Failed to change the environment: %s", strerror(-r));
                return;
        }
        (void) control_client_replyv(c, "ok", NULL);
}

static void verb_set_environment(ControlClient *c, char **args, size_t n) {
        verb_environment(c, args, n, true);
}

static void verb_unset_environment(ControlClient *c, char **args, size_t n) {
        verb_environment(c, args, n, false);
}

/* show-environment: "ok" and the assignments, sorted. */
static void verb_show_environment(ControlClient *c, char **args, size_t n) {
        (void) args, (void) n;
        _cleanup_strv_free_ char **env = manager_environment(c->server->manager);
        _cleanup_strv_free_ char **reply = NULL;
        if (!env || strv_extend(&reply, "ok") < 0 || strv_extend_strv(&reply, env, false) < 0) {
                (void) control_client_reply_error(c, ENOMEM, "Out of memory.");
                return;
        }
        if (control_client_reply(c, reply) < 0)
                (void) control_client_reply_error(c, E2BIG, "The environment does not fit in one answer.");
}

static void verb_daemon_reexec(ControlClient *c, char **args, size_t n) {
        (void) args, (void) n;
        /* answered before the exec (the reply is flushed when this request returns); the client
         * then waits until the new image answers (sctl pings it) */
        (void) control_client_replyv(c, "ok", NULL);
        manager_request_reexec(c->server->manager);
}

/* reboot/poweroff/halt/kexec/exit [force]: as systemd, the target is started with
 * replace-irreversibly; its completion (or "force" at once) sets the objective. */
static void verb_objective(ControlClient *c, const char *verb, char **args, size_t n) {
        static const struct {
                const char *verb, *target;
                ManagerObjective objective;
        } table[] = {
                { "reboot", "reboot.target", MANAGER_REBOOT },   { "poweroff", "poweroff.target", MANAGER_POWEROFF },
                { "halt", "halt.target", MANAGER_HALT },         { "kexec", "kexec.target", MANAGER_KEXEC },
                { "exit", "exit.target", MANAGER_EXIT },
        };
        ControlServer *s = c->server;
        Manager *m = s->manager;
        size_t k;
        for (k = 0; k < ELEMENTSOF(table); k++)
                if (streq(table[k].verb, verb))
                        break;
        if (n >= 1 && streq(args[0], "force")) {
                (void) control_client_replyv(c, "ok", NULL);
                m->objective = table[k].objective;
                manager_objective_changed(m);
                return;
        }
        Unit *u;
        bool created;
        if (control_load_unit(c, table[k].target, &u, &created) < 0)
                return;
        _cleanup_free_ char *error = NULL;
        Job *j = NULL;
        int r = manager_add_job(m, JOB_START, u, JOB_REPLACE_IRREVERSIBLY, true, &j, &error);
        if (r < 0) {
                (void) control_client_reply_error(c, r, "%s", error ?: strerror(-r));
                control_unit_release(u, created);
                return;
        }
        reply_job(c, j, u, false);
        if (!j) { /* already there */
                m->objective = table[k].objective;
                manager_objective_changed(m);
                return;
        }
        j->waiter = control_server_job_done;
        j->waiter_userdata = s;
        s->objective_job = j->id;
        s->objective_after_job = table[k].objective;
}

static void verb_ping(ControlClient *c, char **args, size_t n) {
        (void) args, (void) n;
        (void) control_client_replyv(c, "ok", PACKAGE_VERSION, NULL);
}

typedef enum VerbKind {
        VERB_QUERY,     /* anyone */
        VERB_CHANGE,    /* uid 0 */
        VERB_JOB,       /* uid 0: queues a job (verb_job) */
        VERB_OBJECTIVE, /* uid 0: shutdown verbs (verb_objective) */
} VerbKind;

static const struct {
        const char *name;
        VerbKind kind;
        ControlVerbFunc func;              /* NULL for VERB_JOB and VERB_OBJECTIVE */
} verbs[] = {
        { "ping", VERB_QUERY, verb_ping },
        { "show", VERB_QUERY, control_verb_show },
        { "list-units", VERB_QUERY, control_verb_list_units },
        { "list-jobs", VERB_QUERY, control_verb_list_jobs },
        { "dependencies", VERB_QUERY, control_verb_dependencies },
        { "unit-status", VERB_QUERY, control_verb_unit_status },
        { "is-system-running", VERB_QUERY, control_verb_is_system_running },
        { "get-default", VERB_QUERY, control_verb_get_default },
        { "manager-status", VERB_QUERY, control_verb_manager_status },
        { "kill", VERB_CHANGE, verb_kill },
        { "reset-failed", VERB_CHANGE, verb_reset_failed },
        { "daemon-reload", VERB_CHANGE, verb_daemon_reload },
        { "daemon-reexec", VERB_CHANGE, verb_daemon_reexec },
        { "show-environment", VERB_QUERY, verb_show_environment },
        { "set-environment", VERB_CHANGE, verb_set_environment },
        { "unset-environment", VERB_CHANGE, verb_unset_environment },
        { "start-transient-scope", VERB_CHANGE, verb_start_transient_scope },
        { "start", VERB_JOB, NULL },
        { "stop", VERB_JOB, NULL },
        { "restart", VERB_JOB, NULL },
        { "try-restart", VERB_JOB, NULL },
        { "reload", VERB_JOB, NULL },
        { "reload-or-restart", VERB_JOB, NULL },
        { "try-reload-or-restart", VERB_JOB, NULL },
        { "verify-active", VERB_JOB, NULL },
        { "isolate", VERB_JOB, NULL },
        { "reboot", VERB_OBJECTIVE, NULL },
        { "poweroff", VERB_OBJECTIVE, NULL },
        { "halt", VERB_OBJECTIVE, NULL },
        { "kexec", VERB_OBJECTIVE, NULL },
        { "exit", VERB_OBJECTIVE, NULL },
};

void control_dispatch(ControlClient *c, char **fields) {
        const char *verb = fields[0];
        size_t n = strv_length(fields + 1);
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++) {
                if (!streq(verbs[i].name, verb))
                        continue;
                if (verbs[i].kind != VERB_QUERY && c->uid != 0) {
                        (void) control_client_reply_error(c, EPERM, "Access denied");
                        return;
                }
                if (verbs[i].func)
                        verbs[i].func(c, fields + 1, n);
                else if (verbs[i].kind == VERB_OBJECTIVE)
                        verb_objective(c, verb, fields + 1, n);
                else
                        verb_job(c, verb, fields + 1, n);
                return;
        }
        (void) control_client_reply_error(c, EBADRQC, "Unknown request %s.", verb);
}
