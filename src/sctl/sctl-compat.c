/* sctl-compat.c — the SysV-era commands distributions still call, as systemd's binary answers
 * them when linked under their names: reboot/poweroff/halt (-f once: skip the shutdown
 * targets), shutdown with its time and wall message (-h, -r, -H, -P, -c, now, +M, hh:mm),
 * telinit with runlevels (0-6, s/S, q/Q, u/U) and runlevel (previous and current level from
 * the active targets). A shutdown scheduled for later is a detached process sleeping until
 * the time; its pid is kept in shutdown.pid beside the control socket so "shutdown -c" can cancel it. */
#include <ctype.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "log.h"
#include "path-util.h"
#include "sctl-control.h"
#include "sctl.h"
#include "string-util.h"
#include "strv.h"
#include "time-util.h"
#include "timestamp-util.h"

/* beside the control socket, so tests with $SYSMASTER_CONTROL_SOCKET keep off the host's /run */
static char *shutdown_pid_file(void) {
        const char *sock = getenv("SYSMASTER_CONTROL_SOCKET");
        _cleanup_free_ char *dir = path_dirname(sock ?: CONTROL_SOCKET_PATH);
        return dir ? path_join(dir, "shutdown.pid") : NULL;
}

static int run_verb(const char *verb, bool force) {
        SctlOptions o = { .force = force };
        char *argv[] = { (char *) verb, NULL };
        return verb_shutdown_action(1, argv, &o);
}

static int halt_main(const char *name, int argc, char **argv) {
        enum { ARG_HALT = 0x100, ARG_REBOOT, ARG_NO_WALL };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },     { "halt", no_argument, NULL, ARG_HALT },
                { "poweroff", no_argument, NULL, 'p' }, { "reboot", no_argument, NULL, ARG_REBOOT },
                { "force", no_argument, NULL, 'f' },    { "wtmp-only", no_argument, NULL, 'w' },
                { "no-wtmp", no_argument, NULL, 'd' },  { "no-sync", no_argument, NULL, 'n' },
                { "no-wall", no_argument, NULL, ARG_NO_WALL },
                {}
        };
        const char *verb = name;
        int force = 0, c;
        while ((c = getopt_long(argc, argv, "hpfwdnik", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        printf("%s [OPTIONS…]\n\n%s the system.\n\n"
                               "     --help      Show this help\n     --halt      Halt the machine\n"
                               "  -p --poweroff  Switch off the machine\n     --reboot    Reboot the machine\n"
                               "  -f --force     Force immediate operation\n", name,
                               streq(name, "reboot") ? "Reboot" : streq(name, "halt") ? "Halt" : "Power off");
                        return 0;
                case ARG_HALT: verb = "halt"; break;
                case 'p': verb = "poweroff"; break;
                case ARG_REBOOT: verb = "reboot"; break;
                case 'f': force++; break;
                case 'w': return 0; /* wtmp records only: there is no wtmp to write here */
                case 'd': case 'n': case 'i': case 'k': case ARG_NO_WALL: break;
                default: return 1;
                }
        if (optind < argc)
                return log_error_errno(EINVAL, "Too many arguments."), 1;
        int r = run_verb(verb, force > 0);
        return r < 0 ? 1 : r;
}

static void cancel_scheduled(void) {
        _cleanup_free_ char *s = NULL, *file = shutdown_pid_file();
        if (!file || read_full_file(file, 64, &s, NULL) < 0)
                return;
        pid_t pid = (pid_t) atoi(s);
        if (pid > 1)
                (void) kill(pid, SIGTERM);
        (void) unlink(file);
}

/* "now", "+M" (minutes), "hh:mm" (today or tomorrow): seconds from now */
static int parse_when(const char *s, long *ret) {
        if (streq(s, "now")) {
                *ret = 0;
                return 0;
        }
        char *end;
        if (*s == '+') {
                long m = strtol(s + 1, &end, 10);
                if (*end || m < 0)
                        return -EINVAL;
                *ret = m * 60;
                return 0;
        }
        long h = strtol(s, &end, 10);
        if (*end != ':' || h < 0 || h > 23)
                return -EINVAL;
        long mi = strtol(end + 1, &end, 10);
        if (*end || mi < 0 || mi > 59)
                return -EINVAL;
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        tm.tm_hour = (int) h, tm.tm_min = (int) mi, tm.tm_sec = 0;
        time_t t = mktime(&tm);
        if (t <= now)
                t += 24 * 60 * 60;
        *ret = (long) (t - now);
        return 0;
}

static int shutdown_main(int argc, char **argv) {
        static const struct option options[] = {
                { "help", no_argument, NULL, 0x100 },   { "halt", no_argument, NULL, 'H' },
                { "poweroff", no_argument, NULL, 'P' }, { "reboot", no_argument, NULL, 'r' },
                { "kexec", no_argument, NULL, 'K' },    { "no-wall", no_argument, NULL, 0x101 },
                {}
        };
        const char *verb = "poweroff";
        bool halt_flag = false, cancel = false, wall_only = false;
        int c;
        while ((c = getopt_long(argc, argv, "HPrhkKtafFc", options, NULL)) >= 0)
                switch (c) {
                case 0x100:
                        printf("shutdown [OPTIONS…] [TIME] [WALL…]\n\nShut down the system.\n\n"
                               "  -H --halt      Halt the machine\n  -P --poweroff  Power-off the machine\n"
                               "  -r --reboot    Reboot the machine\n  -h             Equivalent to --poweroff, overridden by --halt\n"
                               "  -k             Don't halt/power-off/reboot, just send warnings\n"
                               "  -c             Cancel a pending shutdown\n");
                        return 0;
                case 'H': verb = "halt"; halt_flag = true; break;
                case 'P': verb = "poweroff"; break;
                case 'r': verb = "reboot"; break;
                case 'K': verb = "kexec"; break;
                case 'h': if (!halt_flag) verb = "poweroff"; break;
                case 'k': wall_only = true; break;
                case 'c': cancel = true; break;
                case 0x101: case 't': case 'a': case 'f': case 'F': break;
                default: return 1;
                }
        if (cancel) {
                cancel_scheduled();
                return 0;
        }
        long delay = 60; /* without a time, shutdown waits a minute, as systemd's does */
        if (optind < argc && parse_when(argv[optind], &delay) >= 0)
                optind++;
        else if (optind < argc && (argv[optind][0] == '+' || isdigit((unsigned char) argv[optind][0])))
                return log_error_errno(EINVAL, "Failed to parse time specification: %s", argv[optind]), 1;
        _cleanup_free_ char *wall = strv_join(argv + optind, " ");
        if (!isempty(wall))
                printf("%s\n", wall);
        if (wall_only)
                return 0;
        if (delay == 0) {
                int r = run_verb(verb, false);
                return r < 0 ? 1 : r;
        }
        /* later: check now that there is a manager to ask, then leave a sleeper behind */
        SctlOptions o = {};
        _cleanup_(sctl_conn_freep) SctlConn *conn = NULL;
        if (sctl_connect(&o, &conn) < 0)
                return 1;
        cancel_scheduled();
        _cleanup_free_ char *file = shutdown_pid_file();
        if (!file)
                return log_oom(), 1;
        pid_t pid = fork();
        if (pid < 0)
                return log_error_errno(errno, "Failed to fork: %m"), 1;
        if (pid == 0) {
                /* let go of the terminal and of whoever reads our output */
                int null = open("/dev/null", O_RDWR | O_CLOEXEC);
                if (null >= 0)
                        for (int fd = 0; fd < 3; fd++)
                                (void) dup2(null, fd);
                (void) setsid();
                sleep((unsigned) delay);
                (void) unlink(file);
                _exit(run_verb(verb, false) == 0 ? 0 : 1);
        }
        char buf[32], when[FORMAT_TIMESTAMP_MAX];
        snprintf(buf, sizeof buf, "%d\n", (int) pid);
        (void) write_string_file(file, buf);
        format_timestamp(when, sizeof when, clock_now_usec(CLOCK_REALTIME) + (usec_t) delay * USEC_PER_SEC);
        printf("%s scheduled for %s, use 'shutdown -c' to cancel.\n",
               streq(verb, "reboot") ? "Reboot" : streq(verb, "halt") ? "Halt" : "Shutdown", when);
        return 0;
}

static int telinit_main(int argc, char **argv) {
        if (argc != 2 || strlen(argv[1]) != 1) {
                log_error("%s", argc < 2 ? "Too few arguments." : "Invalid argument.");
                return 1;
        }
        SctlOptions o = { .no_block = true };
        char *units[2] = {};
        char lvl = argv[1][0];
        switch (lvl) {
        case '0': return run_verb("poweroff", false) < 0;
        case '6': return run_verb("reboot", false) < 0;
        case 'q': case 'Q': {
                char *v[] = { (char *) "daemon-reload", NULL };
                return verb_daemon_reload(1, v, &o) != 0;
        }
        case 'u': case 'U': {
                char *v[] = { (char *) "daemon-reexec", NULL };
                return verb_daemon_reload(1, v, &o) != 0;
        }
        case '1': case 's': case 'S': units[0] = (char *) "rescue.target"; break;
        case '2': units[0] = (char *) "runlevel2.target"; break;
        case '3': units[0] = (char *) "runlevel3.target"; break;
        case '4': units[0] = (char *) "runlevel4.target"; break;
        case '5': units[0] = (char *) "runlevel5.target"; break;
        default:
                log_error("Unknown command %s.", argv[1]);
                return 1;
        }
        int r = sctl_run_jobs(&o, "isolate", "start", units, "isolate", false);
        return r < 0 ? 1 : r;
}

static int runlevel_main(void) {
        static const struct {
                const char *target;
                char level;
        } levels[] = {
                { "poweroff.target", '0' }, { "reboot.target", '6' }, { "graphical.target", '5' },
                { "multi-user.target", '3' }, { "rescue.target", '1' },
        };
        SctlOptions o = {};
        _cleanup_(sctl_conn_freep) SctlConn *c = NULL;
        if (sctl_connect_quiet(&o, &c) < 0) {
                puts("unknown");
                return 1;
        }
        for (size_t i = 0; i < ELEMENTSOF(levels); i++) {
                _cleanup_strv_free_ char **props = NULL;
                if (sctl_unit_properties(c, levels[i].target, &props, NULL) < 0)
                        continue;
                const char *s = sctl_property(props, "ActiveState");
                if (s && (streq(s, "active") || streq(s, "reloading"))) {
                        printf("N %c\n", levels[i].level);
                        return 0;
                }
        }
        puts("unknown");
        return 1;
}

int sctl_compat_main(const char *name, int argc, char **argv) {
        if (streq(name, "shutdown"))
                return shutdown_main(argc, argv);
        if (streq(name, "telinit"))
                return telinit_main(argc, argv);
        if (streq(name, "runlevel"))
                return runlevel_main();
        return halt_main(name, argc, argv);
}
