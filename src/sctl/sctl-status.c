/* sctl-status.c — `sctl status UNIT…`: the state of units as `systemctl status` prints it —
 * the bullet line (● active, × failed, ○ inactive), Loaded:, Drop-In:, Active: with its
 * "since …; 2s ago", the exited processes of the exec commands, Main PID:, Status:, and the
 * processes of the unit. The data are `show`'s properties and the manager's unit-status
 * answer; no journal lines (sysMaster has no journal of its own). Exit status as systemctl:
 * 0 all active, 3 one is not, 4 a unit could not be found. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "log.h"
#include "path-util.h"
#include "sctl-control.h"
#include "sctl.h"
#include "signal-util.h"
#include "string-util.h"
#include "strv.h"
#include "time-util.h"
#include "timestamp-util.h"

const char *sctl_active_state_glyph(const char *state) {
        if (!state)
                return "○";
        if (streq(state, "failed"))
                return "×";
        if (streq(state, "active") || streq(state, "reloading") || streq(state, "activating") ||
            streq(state, "deactivating") || streq(state, "refreshing"))
                return "●";
        return "○";
}

/* Exit status names as status shows them: the C library's and the service manager's own. */
static const char *exit_status_name(int status) {
        static const char *const low[] = { "SUCCESS", "FAILURE" };
        static const char *const high[] = {
                "CHDIR", "NICE", "FDS", "EXEC", "MEMORY", "LIMITS", "OOM_ADJUST", "SIGNAL_MASK", "STDIN",
                "STDOUT", "CHROOT", "IOPRIO", "TIMERSLACK", "SECUREBITS", "SETSCHEDULER", "CPUAFFINITY",
                "GROUP", "USER", "CAPABILITIES", "CGROUP", "SETSID", "CONFIRM", "STDERR", NULL, "PAM",
                "NETWORK", "NAMESPACE", "NO_NEW_PRIVILEGES", "SECCOMP", "SELINUX_CONTEXT", "PERSONALITY",
                "APPARMOR", "ADDRESS_FAMILIES", "RUNTIME_DIRECTORY", NULL, "CHOWN", "SMACK_PROCESS_LABEL",
                "KEYRING", "STATE_DIRECTORY", "CACHE_DIRECTORY", "LOGS_DIRECTORY", "CONFIGURATION_DIRECTORY",
                "NUMA_POLICY", "CREDENTIALS", NULL, "BPF",
        };
        if (status >= 0 && status < 2)
                return low[status];
        if (status >= 200 && (size_t) (status - 200) < ELEMENTSOF(high))
                return high[status - 200];
        if (status == 255)
                return "EXCEPTION";
        return NULL;
}

/* "(code=exited, status=1/FAILURE)" and friends, code being exited/killed/dumped */
static void print_exit(const char *code, int status) {
        if (streq(code, "exited")) {
                const char *n = exit_status_name(status);
                printf("(code=exited, status=%d%s%s)", status, n ? "/" : "", strempty(n));
        } else {
                char sig[32];
                snprintf(sig, sizeof sig, "%d", status);
                const char *name = signal_to_string(status);
                printf("(code=%s, signal=%s)", code, name ? (startswith(name, "SIG") ?: name) : sig);
        }
}

static const char *field(const char *entry, const char *key, char *buf, size_t l) {
        /* entry: "{ path=… ; argv[]=… ; … }"; a value ends at " ; " */
        _cleanup_free_ char *pat = strjoin(" ", key, "=");
        const char *p = pat ? strstr(entry, pat) : NULL;
        if (!p)
                return NULL;
        p += strlen(pat);
        const char *e = strstr(p, " ; ");
        if (!e)
                e = strstr(p, " }");
        size_t n = e ? (size_t) (e - p) : strlen(p);
        if (n >= l)
                n = l - 1;
        memcpy(buf, p, n);
        buf[n] = 0;
        return buf;
}

static void print_exec_lines(char **props, pid_t *main_pid) {
        static const char *const lists[] = { "ExecCondition", "ExecStartPre", "ExecStart", "ExecStartPost",
                                             "ExecReload", "ExecStop", "ExecStopPre", "ExecStopPost" };
        for (size_t i = 0; i < ELEMENTSOF(lists); i++) {
                const char *v = sctl_property(props, lists[i]);
                for (const char *e = v ? strstr(v, "{ ") : NULL; e; e = strstr(e + 2, "{ ")) {
                        char argv[4096], pid[32], code[32], status[64];
                        if (!field(e - 1, "argv[]", argv, sizeof argv) || !field(e - 1, "pid", pid, sizeof pid) ||
                            !field(e - 1, "code", code, sizeof code) || !field(e - 1, "status", status, sizeof status))
                                continue;
                        if (streq(code, "(null)") || atoi(pid) <= 0)
                                continue; /* not run, or still running */
                        if (streq(lists[i], "ExecCondition") && streq(code, "exited") && atoi(status) == 0)
                                continue;
                        printf("    Process: %s %s=%s ", pid, lists[i], argv);
                        print_exit(code, atoi(status));
                        putchar('\n');
                        (void) main_pid;
                }
        }
}

static char *comm_of(pid_t pid) {
        char path[64];
        char *comm = NULL;
        snprintf(path, sizeof path, "/proc/%d/comm", (int) pid);
        if (read_full_file(path, 4096, &comm, NULL) < 0)
                return NULL;
        return strstrip(comm);
}

static void print_timestamp_line(const char *prefix, char **props, const char *name) {
        _cleanup_free_ char *mono_name = strjoin(name, "Monotonic");
        const char *real = sctl_property(props, name), *mono = mono_name ? sctl_property(props, mono_name) : NULL;
        if (isempty(real) || !mono || strtoull(mono, NULL, 10) == 0) {
                printf("%s\n", prefix);
                return;
        }
        char rel[FORMAT_TIMESTAMP_RELATIVE_MAX];
        format_timestamp_relative(rel, sizeof rel, strtoull(mono, NULL, 10), clock_now_usec(CLOCK_MONOTONIC));
        printf("%s since %s; %s\n", prefix, real, rel);
}

/* fixed_glyph: systemctl 252 prints "Triggers: ● unit" whatever the unit's state (measured);
 * TriggeredBy: follows the state. */
static void print_unit_list_with_glyphs(SctlConn *c, const char *label, const char *list, bool fixed_glyph) {
        _cleanup_strv_free_ char **units = NULL;
        (void) c;
        if (isempty(list) || strv_split_full(&units, list, " ", 0) < 0)
                return;
        bool first = true;
        STRV_FOREACH(u, units) {
                _cleanup_strv_free_ char **p = NULL;
                const char *s = fixed_glyph                                   ? "active"
                                : sctl_unit_properties(c, *u, &p, NULL) >= 0 ? sctl_property(p, "ActiveState")
                                                                              : NULL;
                printf("%s%s %s\n", first ? label : "             ", sctl_active_state_glyph(s), *u);
                first = false;
        }
}

/* Sockets: every "Listen=ADDRESS (Type)" property, then the counters of Accept=yes. */
static void print_listen(char **props) {
        bool first = true;
        STRV_FOREACH(p, props) {
                const char *v = startswith(*p, "Listen=");
                if (!v)
                        continue;
                printf("%s%s\n", first ? "     Listen: " : "             ", v);
                first = false;
        }
        if (streq_ptr(sctl_property(props, "Accept"), "yes")) {
                printf("   Accepted: %s; Connected: %s;", strempty(sctl_property(props, "NAccepted")),
                       strempty(sctl_property(props, "NConnections")));
                const char *refused = sctl_property(props, "NRefused");
                if (refused && !streq(refused, "0"))
                        printf(" Refused: %s", refused);
                putchar('\n');
        }
}

static void print_dropins(const char *list) {
        _cleanup_strv_free_ char **paths = NULL;
        if (isempty(list) || strv_split_full(&paths, list, " ", 0) < 0)
                return;
        /* grouped by directory: "Drop-In: DIR" then "└─a.conf, b.conf" */
        _cleanup_strv_free_ char **dirs = NULL;
        STRV_FOREACH(p, paths) {
                char *d = path_dirname(*p);
                if (d && strv_consume_unique(&dirs, d) < 0)
                        return;
        }
        bool first = true;
        STRV_FOREACH(d, dirs) {
                printf("%s%s\n", first ? "    Drop-In: " : "             ", *d);
                first = false;
                _cleanup_free_ char *files = strdup("");
                STRV_FOREACH(p, paths) {
                        _cleanup_free_ char *pd = path_dirname(*p);
                        if (pd && files && streq(pd, *d))
                                (void) strextend(&files, *files ? ", " : "", path_basename(*p));
                }
                printf("             └─%s\n", strempty(files));
        }
}

static void print_loaded(char **props) {
        const char *load = sctl_property(props, "LoadState") ?: "", *path = sctl_property(props, "FragmentPath");
        /* a generated unit is shown by what it was generated from (/etc/fstab), as systemctl does */
        const char *source = sctl_property(props, "SourcePath");
        if (!isempty(source))
                path = source;
        const char *err = sctl_property(props, "LoadError");
        if (!streq(load, "loaded") && !isempty(err)) {
                /* LoadError is "org.freedesktop.… "message"": the reason is the message */
                const char *q = strchr(err, '"');
                _cleanup_free_ char *reason = strdup(q ? q + 1 : err);
                if (reason && endswith(reason, "\""))
                        reason[strlen(reason) - 1] = 0;
                printf("     Loaded: %s (Reason: %s)\n", load, strempty(reason));
                return;
        }
        if (isempty(path)) {
                printf("     Loaded: %s\n", load);
                return;
        }
        const char *state = sctl_property(props, "UnitFileState"), *preset = sctl_property(props, "UnitFilePreset");
        printf("     Loaded: %s (%s", load, path);
        if (!isempty(state)) {
                printf("; %s", state);
                if (!isempty(preset) && (streq(state, "enabled") || streq(state, "disabled")))
                        printf("; preset: %s", preset);
        }
        printf(")\n");
}

static void print_status(SctlConn *c, const SctlOptions *o, char **props) {
        const char *id = sctl_property(props, "Id") ?: "", *desc = sctl_property(props, "Description");
        const char *active = sctl_property(props, "ActiveState") ?: "", *sub = sctl_property(props, "SubState");
        printf("%s %s", sctl_active_state_glyph(active), id);
        if (!isempty(desc) && !streq(desc, id))
                printf(" - %s", desc);
        putchar('\n');
        print_loaded(props);
        print_dropins(sctl_property(props, "DropInPaths"));

        _cleanup_free_ char *prefix = NULL;
        const char *result = sctl_property(props, "Result");
        if (asprintf(&prefix, "     Active: %s%s%s%s%s%s", active, !isempty(sub) && !streq(sub, active) ? " (" : "",
                     !isempty(sub) && !streq(sub, active) ? sub : "", !isempty(sub) && !streq(sub, active) ? ")" : "",
                     !isempty(result) && !streq(result, "success") ? " (Result: " : "",
                     !isempty(result) && !streq(result, "success") ? result : "") < 0)
                return;
        if (!isempty(result) && !streq(result, "success") && !strextend(&prefix, ")"))
                return;
        const char *ts = streq(active, "active") || streq(active, "reloading") ? "ActiveEnterTimestamp" :
                         streq(active, "inactive") || streq(active, "failed") ? "InactiveEnterTimestamp" :
                         streq(active, "activating") ? "InactiveExitTimestamp" : "ActiveExitTimestamp";
        print_timestamp_line(prefix, props, ts);
        /* how long the last run lasted, once it is over */
        unsigned long long enter = strtoull(sctl_property(props, "ActiveEnterTimestampMonotonic") ?: "0", NULL, 10);
        unsigned long long leave = strtoull(sctl_property(props, "ActiveExitTimestampMonotonic") ?: "0", NULL, 10);
        if ((streq(active, "inactive") || streq(active, "failed")) && enter > 0 && leave >= enter) {
                char span[FORMAT_TIMESPAN_MAX];
                printf("   Duration: %s\n", format_timespan(span, sizeof span, leave - enter, USEC_PER_MSEC));
        }
        /* systemctl 252 prints both after the Active: line (measured) */
        print_unit_list_with_glyphs(c, "TriggeredBy: ", sctl_property(props, "TriggeredBy"), false);
        if (endswith(id, ".timer")) {
                usec_t next = sctl_timer_next_elapse(props);
                char when[FORMAT_TIMESTAMP_MAX], rel[FORMAT_TIMESTAMP_RELATIVE_MAX];
                if (next > 0)
                        printf("    Trigger: %s; %s\n", format_timestamp(when, sizeof when, next),
                               format_timestamp_relative(rel, sizeof rel, next, clock_now_usec(CLOCK_REALTIME)));
                else
                        printf("    Trigger: n/a\n");
        }
        print_unit_list_with_glyphs(c, "   Triggers: ", sctl_property(props, "Triggers"), true);
        /* mount, automount and swap units say what goes where */
        const char *where = sctl_property(props, "Where"), *what = sctl_property(props, "What");
        if (!isempty(where))
                printf("      Where: %s\n", where);
        if (!isempty(what))
                printf("       What: %s\n", what);

        _cleanup_strv_free_ char **docs = NULL;
        const char *d = sctl_property(props, "Documentation");
        if (!isempty(d) && strv_split_full(&docs, d, " ", 0) >= 0)
                STRV_FOREACH(x, docs)
                        printf("%s%s\n", x == docs ? "       Docs: " : "             ", *x);

        print_listen(props);

        const char *cond = sctl_property(props, "ConditionResult");
        if (cond && streq(cond, "no") && !isempty(sctl_property(props, "ConditionTimestamp")))
                print_timestamp_line("  Condition: start condition failed at", props, "ConditionTimestamp");

        pid_t main_pid = (pid_t) atoi(sctl_property(props, "MainPID") ?: "0");
        pid_t control_pid = (pid_t) atoi(sctl_property(props, "ControlPID") ?: "0");
        print_exec_lines(props, &main_pid);
        int exec_pid = atoi(sctl_property(props, "ExecMainPID") ?: "0");
        int exec_code = atoi(sctl_property(props, "ExecMainCode") ?: "0");
        int exec_status = atoi(sctl_property(props, "ExecMainStatus") ?: "0");
        if (main_pid > 0 || exec_pid > 0 || control_pid > 0) {
                bool any = false;
                if (main_pid > 0) {
                        _cleanup_free_ char *comm = comm_of(main_pid);
                        printf("   Main PID: %d", (int) main_pid);
                        if (comm)
                                printf(" (%s)", comm);
                        any = true;
                } else if (exec_pid > 0 && exec_code > 0) {
                        printf("   Main PID: %d ", exec_pid);
                        print_exit(exec_code == 1 ? "exited" : exec_code == 2 ? "killed" : "dumped", exec_status);
                        any = true;
                }
                if (control_pid > 0) {
                        _cleanup_free_ char *comm = comm_of(control_pid);
                        printf("%s%d", any ? ";  Control: " : "    Control: ", (int) control_pid);
                        if (comm)
                                printf(" (%s)", comm);
                        any = true;
                }
                if (any)
                        putchar('\n');
        }
        const char *st = sctl_property(props, "StatusText");
        if (!isempty(st))
                printf("     Status: \"%s\"\n", st);

        const char *cg = sctl_property(props, "ControlGroup");
        char ***rows = NULL;
        size_t n = 0;
        /* without a control group (test mode) systemd prints no process list either */
        if (!isempty(cg) && sctl_call_rows(c, &rows, &n, NULL, "unit-status", id, NULL) >= 0 && n > 0) {
                printf("     CGroup: %s\n", cg);
                for (size_t i = 0; i < n; i++)
                        printf("             %s%s %s\n", i + 1 < n ? "├─" : "└─", rows[i][0] ?: "", rows[i][0] && rows[i][1] ? rows[i][1] : "");
        }
        sctl_rows_free(rows, n);
}

/* `status` without a unit: the manager itself, with its recoveries (docs/selfheal.md). */
static int manager_status(const SctlOptions *o) {
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        char ***rows = NULL;
        size_t n = 0;
        _cleanup_free_ char *error = NULL;
        if ((r = sctl_call_rows(c, &rows, &n, &error, "manager-status", NULL)) < 0) {
                log_error("Failed to get the manager's status: %s", error ?: strerror(-r));
                return 1;
        }
        _cleanup_strv_free_ char **p = NULL, **history = NULL;
        for (size_t i = 0; i < n; i++)
                if (rows[i][0] && strv_extend(startswith(rows[i][0], "Recovery=") ? &history : &p, rows[i][0]) < 0)
                        break;
        sctl_rows_free(rows, n);
        char host[256] = "localhost";
        (void) gethostname(host, sizeof host - 1);
        const char *state = sctl_property(p, "SystemState") ?: "unknown";
        printf("● %s\n", host);
        printf("       State: %s\n", state);
        printf("        Jobs: %s queued\n", sctl_property(p, "NJobs") ?: "0");
        printf("      Failed: %s units\n", sctl_property(p, "NFailedUnits") ?: "0");
        const char *since = sctl_property(p, "StartupTimestamp");
        if (!isempty(since))
                printf("       Since: %s\n", since);
        printf("     Manager: sysmaster %s, PID %s, start %s by init\n", sctl_property(p, "Version") ?: "",
               sctl_property(p, "ManagerPID") ?: "?", sctl_property(p, "InitStart") ?: "?");
        printf("  Recoveries: %s (re-executions: %s)\n", sctl_property(p, "NRecoveries") ?: "0",
               sctl_property(p, "NReexecutions") ?: "0");
        STRV_FOREACH(h, history)
                printf("              %s\n", *h + strlen("Recovery="));
        const char *took = sctl_property(p, "LastRecoveryUSec"), *from = sctl_property(p, "RecoveredFromCheckpoint");
        if (!isempty(from))
                printf("   Took over: in %.1f ms, %s\n", took ? atof(took) / 1000.0 : 0.0,
                       streq(from, "yes") ? "from the checkpoint" : "state rebuilt from cgroups (no usable checkpoint)");
        printf("  Checkpoint: %s writes, %s bytes, avg %s us (CPU %s us), max %s us\n",
               sctl_property(p, "CheckpointWrites") ?: "0", sctl_property(p, "CheckpointSize") ?: "0",
               sctl_property(p, "CheckpointWriteAvgUSec") ?: "0", sctl_property(p, "CheckpointWriteAvgCPUUSec") ?: "0",
               sctl_property(p, "CheckpointWriteMaxUSec") ?: "0");
        return 0;
}

int verb_status(int argc, char **argv, const SctlOptions *o) {
        _cleanup_strv_free_ char **units = NULL;
        if (argc <= 1)
                return manager_status(o);
        if (sctl_mangle_names(argv + 1, &units) < 0)
                return -EINVAL;
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        int r = sctl_connect(o, &c);
        if (r < 0)
                return r;
        int ret = 0;
        bool first = true;
        STRV_FOREACH(u, units) {
                _cleanup_strv_free_ char **props = NULL;
                _cleanup_free_ char *error = NULL;
                r = sctl_unit_properties(c, *u, &props, &error);
                if (r < 0) {
                        if (!error)
                                return r;
                        log_error("Failed to get properties: %s", error);
                        ret = 1;
                        continue;
                }
                const char *load = sctl_property(props, "LoadState"), *active = sctl_property(props, "ActiveState");
                if (streq_ptr(load, "not-found") && streq_ptr(active, "inactive")) {
                        log_error("Unit %s could not be found.", *u);
                        ret = EXIT_PROGRAM_OR_SERVICES_STATUS_UNKNOWN;
                        continue;
                }
                if (!first)
                        putchar('\n');
                first = false;
                print_status(c, o, props); /* stdout stays buffered: errors come first, as with systemctl */
                if (ret == 0 && !streq_ptr(active, "active") && !streq_ptr(active, "reloading"))
                        ret = EXIT_PROGRAM_NOT_RUNNING;
        }
        return ret;
}
