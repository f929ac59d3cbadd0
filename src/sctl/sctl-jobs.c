/* sctl-jobs.c — the verbs that queue jobs: start, stop, reload, restart, try-restart,
 * reload-or-restart, try-reload-or-restart (and systemctl's legacy spellings), isolate, the
 * target shortcuts default/rescue/emergency, and reboot/poweroff/halt/kexec/exit. Each unit's
 * job is queued first; then, unless --no-block, sctl waits for every job and explains
 * failures in systemctl's words. Exit codes follow systemctl: 5 for units that do not exist,
 * 4 for refusals, 3 for job types that do not apply, 1 for everything else. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "sctl-control.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

/* verb → protocol request, and the word systemctl's messages use for it */
static const struct {
        const char *verb, *request, *word;
} actions[] = {
        { "start", "start", "start" },
        { "stop", "stop", "stop" },
        { "condstop", "stop", "stop" },
        { "reload", "reload", "reload" },
        { "restart", "restart", "restart" },
        { "try-restart", "try-restart", "try-restart" },
        { "condrestart", "try-restart", "try-restart" },
        { "reload-or-restart", "reload-or-restart", "reload-or-restart" },
        { "try-reload-or-restart", "try-reload-or-restart", "reload-or-try-restart" },
        { "reload-or-try-restart", "try-reload-or-restart", "reload-or-try-restart" },
        { "condreload", "try-reload-or-restart", "reload-or-try-restart" },
        { "force-reload", "try-reload-or-restart", "reload-or-try-restart" },
        { "isolate", "isolate", "start" },
};

/* systemctl's exit status for a refused job request, by the manager's errno */
int sctl_job_error_exit_status(int r) {
        switch (-r) {
        case EPERM:
        case EACCES:
        case EBUSY:
                return EXIT_PROGRAM_OR_SERVICES_STATUS_UNKNOWN; /* 4: access denied, refused */
        case ENOENT:
                return EXIT_NOT_INSTALLED;                      /* 5: no such unit */
        case EBADR:
        case EOPNOTSUPP:
                return EXIT_PROGRAM_NOT_RUNNING;                /* 3: not applicable */
        case EINVAL:
                return 6;                                       /* load failed */
        default:
                return 1;
        }
}

/* Unit names go into a shell command line in the hints; quote what the shell would split. */
static char *shell_quote(const char *s) {
        if (in_charset(s, ALPHANUMERICAL "@._:-+/\\"))
                return strdup(s);
        return strjoin("'", s, "'");
}

static const char *service_result_explanation(const char *r) {
        static const char *const table[][2] = {
                { "resources", "of unavailable resources or another system error" },
                { "protocol", "the service did not take the steps required by its unit configuration" },
                { "timeout", "a timeout was exceeded" },
                { "exit-code", "the control process exited with error code" },
                { "signal", "a fatal signal was delivered to the control process" },
                { "core-dump", "a fatal signal was delivered causing the control process to dump core" },
                { "watchdog", "the service failed to send watchdog ping" },
                { "start-limit-hit", "start of the service was attempted too often" },
        };
        for (size_t i = 0; r && i < ELEMENTSOF(table); i++)
                if (streq(table[i][0], r))
                        return table[i][1];
        return NULL;
}

/* The job result as systemctl reports it; returns 0 for success. */
static int report_job_result(const SctlDone *d, bool quiet) {
        const char *res = d->result, *name = d->unit;
        if (streq(res, "done") || streq(res, "skipped"))
                return 0;
        int level = quiet ? LOG_DEBUG : LOG_ERR;
        if (streq(res, "canceled"))
                log_full_errno(level, 0, "Job for %s canceled.", name);
        else if (streq(res, "timeout"))
                log_full_errno(level, 0, "Job for %s timed out.", name);
        else if (streq(res, "dependency"))
                log_full_errno(level, 0, "A dependency job for %s failed. See 'journalctl -xe' for details.", name);
        else if (streq(res, "invalid"))
                log_full_errno(level, 0, "%s is not active, cannot reload.", name);
        else if (streq(res, "assert"))
                log_full_errno(level, 0, "Assertion failed on job for %s.", name);
        else if (streq(res, "unsupported"))
                log_full_errno(level, 0, "Operation on or unit type of %s not supported on this system.", name);
        else if (streq(res, "collected"))
                log_full_errno(level, 0, "Queued job for %s was garbage collected.", name);
        else if (streq(res, "once"))
                log_full_errno(level, 0, "Unit %s was started already once and can't be started again.", name);
        else if (endswith(name, ".service")) {
                _cleanup_free_ char *q = shell_quote(name);
                const char *why = service_result_explanation(d->service_result);
                if (why)
                        log_full_errno(level, 0, "Job for %s failed because %s.\nSee \"systemctl status %s\" and \"journalctl -xeu %s\" for details.",
                                 name, why, q, q);
                else
                        log_full_errno(level, 0, "Job for %s failed.\nSee \"systemctl status %s\" and \"journalctl -xeu %s\" for details.",
                                 name, q, q);
        } else
                log_full_errno(level, 0, "Job failed. See \"journalctl -xe\" for details.");
        return -EIO;
}

/* Units that can start this one again although it is being stopped (socket, path, timer). */
static void warn_triggers(SctlConn *c, const char *unit) {
        _cleanup_strv_free_ char **props = NULL, **triggers = NULL, **active = NULL;
        if (sctl_unit_properties(c, unit, &props, NULL) < 0)
                return;
        const char *t = sctl_property(props, "TriggeredBy");
        if (isempty(t) || strv_split_full(&triggers, t, " ", 0) < 0)
                return;
        STRV_FOREACH(x, triggers) {
                _cleanup_strv_free_ char **p = NULL;
                if (sctl_unit_properties(c, *x, &p, NULL) < 0)
                        continue;
                const char *s = sctl_property(p, "ActiveState");
                if (s && (streq(s, "active") || streq(s, "reloading") || streq(s, "activating")))
                        (void) strv_extend(&active, *x);
        }
        if (!active)
                return;
        log_warning("Warning: Stopping %s, but it can still be activated by:", unit);
        STRV_FOREACH(x, active)
                log_warning("  %s", *x);
}

/* Queues request for every unit, then waits; the exit status of systemctl's start_unit. */
int sctl_run_jobs(const SctlOptions *o, const char *request, const char *word, char **units, const char *mode,
                  bool block) {
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        int ret = 0;
        uint32_t *ids = new0(uint32_t, strv_length(units) + 1);
        size_t n_ids = 0;
        if (!ids)
                return log_oom();
        STRV_FOREACH(u, units) {
                _cleanup_strv_free_ char **f = NULL;
                _cleanup_free_ char *error = NULL;
                r = sctl_call(c, &f, &error, request, *u, mode ?: "", block ? "block" : "no-block", NULL);
                if (r < 0) {
                        if (!error) { /* the connection itself failed */
                                free(ids);
                                return r;
                        }
                        log_error("Failed to %s %s: %s", word, *u, error);
                        if (r != -ENOENT && r != -ERFKILL && r != -EBADR)
                                log_error("See system logs and 'systemctl status %s' for details.", *u);
                        if (ret == 0)
                                ret = sctl_job_error_exit_status(r);
                        continue;
                }
                uint32_t id = f[0] ? (uint32_t) strtoul(f[0], NULL, 10) : 0;
                if (id > 0)
                        ids[n_ids++] = id;
        }
        if (block)
                for (size_t i = 0; i < n_ids; i++) {
                        SctlDone d;
                        if ((r = sctl_wait_job(c, ids[i], &d)) < 0) {
                                free(ids);
                                return r;
                        }
                        if (report_job_result(&d, o->quiet) < 0)
                                ret = 1;
                        sctl_done_clear(&d);
                }
        free(ids);
        if (streq(request, "stop") && !o->quiet)
                STRV_FOREACH(u, units)
                        warn_triggers(c, *u);
        return ret;
}

int verb_start(int argc, char **argv, const SctlOptions *o) {
        size_t k;
        for (k = 0; k < ELEMENTSOF(actions); k++)
                if (streq(actions[k].verb, argv[0]))
                        break;
        if (k >= ELEMENTSOF(actions))
                return log_error_errno(EINVAL, "Unknown job verb %s.", argv[0]);
        _cleanup_strv_free_ char **units = NULL;
        bool isolate = streq(argv[0], "isolate");
        if (isolate) {
                if (argc != 2)
                        return log_error_errno(EINVAL, "Too many arguments.");
                char *n = NULL;
                /* a bare name means a target here */
                if (!strchr(argv[1], '.') ? !(n = strjoin(argv[1], ".target")) : unit_name_mangle(argv[1], &n) < 0)
                        return log_error_errno(EINVAL, "Failed to mangle unit name: Invalid argument");
                if (strv_push(&units, n) < 0)
                        return log_oom();
        } else if (sctl_mangle_names(argv + 1, &units) < 0)
                return -EINVAL;
        return sctl_run_jobs(o, actions[k].request, actions[k].word, units, o->job_mode, !o->no_block);
}

/* default, rescue, emergency: isolate a well-known target */
int verb_start_special(int argc, char **argv, const SctlOptions *o) {
        const char *target = streq(argv[0], "rescue") ? "rescue.target" :
                             streq(argv[0], "emergency") ? "emergency.target" : "default.target";
        char *units[] = { (char *) target, NULL };
        (void) argc;
        return sctl_run_jobs(o, "isolate", "start", units, "isolate", !o->no_block);
}

/* reboot, poweroff, halt, kexec, exit: start their target irreversibly (--force: at once) */
int verb_shutdown_action(int argc, char **argv, const SctlOptions *o) {
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        (void) argc;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        _cleanup_free_ char *error = NULL;
        r = sctl_call(c, NULL, &error, argv[0], o->force ? "force" : "", NULL);
        if (r < 0) {
                if (!error)
                        return r;
                log_error("Failed to %s system via control socket: %s", argv[0], error);
                return sctl_job_error_exit_status(r) == 4 ? 4 : 1;
        }
        return 0;
}

int verb_kill(int argc, char **argv, const SctlOptions *o) {
        _cleanup_strv_free_ char **units = NULL;
        if (sctl_mangle_names(argv + 1, &units) < 0)
                return -EINVAL;
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        (void) argc;
        char sig[16];
        snprintf(sig, sizeof sig, "%d", o->signal > 0 ? o->signal : 15);
        int ret = 0;
        STRV_FOREACH(u, units) {
                _cleanup_free_ char *error = NULL;
                r = sctl_call(c, NULL, &error, "kill", *u, o->kill_whom ?: "all", sig, NULL);
                if (r < 0) {
                        if (!error)
                                return r;
                        log_error("Failed to kill unit %s: %s", *u, error);
                        ret = 1;
                }
        }
        return ret;
}

int verb_reset_failed(int argc, char **argv, const SctlOptions *o) {
        _cleanup_strv_free_ char **units = NULL;
        if (sctl_mangle_names(argv + 1, &units) < 0)
                return -EINVAL;
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        if (argc <= 1) {
                _cleanup_free_ char *error = NULL;
                r = sctl_call(c, NULL, &error, "reset-failed", NULL);
                if (r < 0 && error)
                        log_error("Failed to reset failed state: %s", error);
                return r < 0 ? 1 : 0;
        }
        int ret = 0;
        STRV_FOREACH(u, units) {
                _cleanup_free_ char *error = NULL;
                r = sctl_call(c, NULL, &error, "reset-failed", *u, NULL);
                if (r < 0) {
                        if (!error)
                                return r;
                        log_error("Failed to reset failed state of unit %s: %s", *u, error);
                        ret = 1;
                }
        }
        return ret;
}

int verb_daemon_reload(int argc, char **argv, const SctlOptions *o) {
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        (void) argc;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        _cleanup_free_ char *error = NULL;
        r = sctl_call(c, NULL, &error, argv[0], NULL);
        if (r < 0) {
                if (!error)
                        return r;
                log_error("Failed to %s: %s", streq(argv[0], "daemon-reexec") ? "reexecute daemon" : "reload daemon", error);
                return r == -EPERM ? 4 : 1;
        }
        if (streq(argv[0], "daemon-reexec")) {
                /* as systemctl: return once the new manager answers */
                c = sctl_conn_free(c);
                int level = log_get_max_level();
                log_set_max_level(LOG_CRIT); /* the old image's socket resets us: expected */
                for (int i = 0; i < 1500; i++) {
                        _cleanup_(sctl_conn_freep) SctlConn *n = NULL;
                        if (sctl_connect_quiet(o, &n) >= 0 && sctl_call(n, NULL, NULL, "ping", NULL) >= 0) {
                                log_set_max_level(level);
                                return 0;
                        }
                        (void) usleep(20 * 1000);
                }
                log_set_max_level(level);
                log_error("The manager did not come back after daemon-reexec.");
                return 1;
        }
        return 0;
}

/* start-transient-scope NAME PID…: what `systemd-run --scope` and logind ask of systemd over
 * D-Bus (StartTransientUnit), as a request of our own. Returns once the start job is queued,
 * without waiting for it: the job only moves the processes into the new cgroup. */
int verb_start_transient_scope(int argc, char **argv, const SctlOptions *o) {
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        (void) argc;
        if ((r = sctl_send_strv(c, argv)) < 0)
                return log_error_errno(r, "Failed to send to the service manager: %m");
        _cleanup_strv_free_ char **f = NULL;
        if ((r = sctl_read(c, &f)) < 0)
                return r;
        if (streq(f[0], "error")) {
                log_error("Failed to start transient scope %s: %s", argv[1], f[1] && f[2] ? f[2] : "unknown error");
                return 1;
        }
        return 0;
}
