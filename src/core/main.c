/* main.c — sysmaster, the service manager: parses its arguments (those of systemd that
 * kernels and scripts pass: systemd.unit=, rescue, emergency, runlevel digits) and, outside a
 * container, the kernel command line, builds the manager, starts the default target, runs the
 * event loop until a final objective and hands that objective over to init. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "control-server.h"
#include "device.h"
#include "fileio.h"
#include "log.h"
#include "manager.h"
#include "mount.h"
#include "swap.h"
#include "parse-util.h"
#include "path-util.h"
#include "string-util.h"
#include "system-setup.h"

/* The unit an argument of the kernel command line (or of init's argv) asks for. */
static const char *unit_for_argument(const char *arg) {
        const char *v = startswith(arg, "systemd.unit=");
        if (v)
                return v;
        if (streq(arg, "rescue") || streq(arg, "single") || streq(arg, "s") || streq(arg, "S") || streq(arg, "1"))
                return "rescue.target";
        if (streq(arg, "emergency") || streq(arg, "-b"))
                return "emergency.target";
        static const char *const runlevels[] = { "2", "runlevel2.target", "3", "runlevel3.target",
                                                 "4", "runlevel4.target", "5", "runlevel5.target" };
        for (size_t i = 0; i < ELEMENTSOF(runlevels); i += 2)
                if (streq(arg, runlevels[i]))
                        return runlevels[i + 1];
        return NULL;
}

static int parse_log_level(const char *s) {
        static const char *const names[] = { "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug" };
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (streq(s, names[i]))
                        return (int) i;
        return -EINVAL;
}

/* The switches of systemd we honour on the kernel command line (and in init's argv, where a
 * container runtime puts them). The last of each kind wins, as on the kernel's line. */
static void apply_argument(const char *arg, ManagerOptions *o, const char **unit) {
        const char *v, *u = unit_for_argument(arg);
        if (u)
                *unit = u;
        else if ((v = startswith(arg, "systemd.show_status="))) {
                int b = parse_boolean(v);
                if (b >= 0)
                        o->show_status = b;
        } else if ((v = startswith(arg, "systemd.log_level="))) {
                int l = parse_log_level(v);
                if (l >= 0)
                        log_set_max_level(l);
        }
}

/* Kernel arguments after "--" are for init alone. */
static void parse_proc_cmdline(ManagerOptions *o, const char **unit) {
        _cleanup_free_ char *line = NULL;
        int r = read_full_file("/proc/cmdline", 64 * 1024, &line, NULL);
        if (r < 0) {
                log_warning_errno(r, "Failed to read the kernel command line: %m");
                return;
        }
        for (const char *p = line;;) {
                _cleanup_free_ char *w = NULL;
                if (extract_first_word(&p, &w, WHITESPACE, EXTRACT_UNQUOTE | EXTRACT_RELAX) <= 0 || streq(w, "--"))
                        break;
                apply_argument(w, o, unit);
        }
}

static void help(void) {
        printf("sysmaster [OPTIONS…]\n\n"
               "The sysMaster service manager; normally started by sysmaster-init.\n\n"
               "  -h --help              Show this help\n"
               "     --version           Show the version\n"
               "     --unit=UNIT         Start UNIT instead of default.target\n"
               "     --root=PATH         Load units below PATH (tests)\n"
               "     --test              Run as a plain process: no PID 1 channel, no cgroups\n"
               "     --cgroup-root=PATH  Create units' cgroups below PATH (a cgroup2 directory)\n"
               "     --recover           A previous manager died: take over its state\n"
               "     --show-status=BOOL  Print status lines on the console\n"
               "     --log-level=LEVEL   debug, info, notice, warning, err\n");
}

int main(int argc, char **argv) {
        enum { ARG_VERSION = 0x100, ARG_UNIT, ARG_ROOT, ARG_TEST, ARG_RECOVER, ARG_SHOW_STATUS, ARG_LOG_LEVEL, ARG_SYSTEM, ARG_CGROUP_ROOT };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "unit", required_argument, NULL, ARG_UNIT },
                { "root", required_argument, NULL, ARG_ROOT },
                { "test", no_argument, NULL, ARG_TEST },
                { "recover", no_argument, NULL, ARG_RECOVER },
                { "show-status", required_argument, NULL, ARG_SHOW_STATUS },
                { "log-level", required_argument, NULL, ARG_LOG_LEVEL },
                { "system", no_argument, NULL, ARG_SYSTEM },
                { "cgroup-root", required_argument, NULL, ARG_CGROUP_ROOT },
                {}
        };
        ManagerOptions o = { .show_status = true };
        int c;
        log_set_prefix("sysmaster");
        opterr = 0; /* kernel arguments ("single", "-b") are not ours to reject */
        while ((c = getopt_long(argc, argv, "+h", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("sysmaster %s\n", PACKAGE_VERSION);
                        return 0;
                case ARG_UNIT: o.default_unit = optarg; break;
                case ARG_ROOT: o.root = optarg; break;
                case ARG_TEST: o.test = true; break;
                case ARG_RECOVER: o.recover = true; break;
                case ARG_SYSTEM: break;
                case ARG_CGROUP_ROOT: o.cgroup_root = optarg; break;
                case ARG_SHOW_STATUS: o.show_status = !streq(optarg, "no") && !streq(optarg, "0") && !streq(optarg, "false"); break;
                case ARG_LOG_LEVEL: {
                        int l = parse_log_level(optarg);
                        if (l < 0)
                                return log_error("Unknown log level: %s", optarg), 1;
                        log_set_max_level(l);
                        break;
                }
                default:
                        break;
                }
        }
        /* --unit= wins over init's argv, which wins over the kernel command line. A container
         * has no kernel command line of its own: /proc/cmdline is the host's. */
        bool container = detect_container();
        const char *unit = NULL;
        if (!o.test && !container)
                parse_proc_cmdline(&o, &unit);
        for (int i = 1; i < argc; i++) { /* "-b" was an unknown option to getopt */
                apply_argument(argv[i], &o, &unit);
                /* init appends it after the kernel's words, where getopt ("+") stopped */
                if (streq(argv[i], "--recover"))
                        o.recover = true;
        }
        if (!o.default_unit)
                o.default_unit = unit;

        /* Double-forking daemons stay ours, so their exit is seen. */
        (void) prctl(PR_SET_CHILD_SUBREAPER, 1);

        _cleanup_(manager_freep) Manager *m = NULL;
        int r = manager_new(&o, &m);
        if (r < 0) {
                log_error_errno(r, "Failed to set up the manager: %m");
                return 1;
        }
        m->container = container;
        /* The control socket: below --root in tests; $SYSMASTER_CONTROL_SOCKET overrides both. */
        _cleanup_free_ char *socket_path = NULL;
        const char *env = getenv("SYSMASTER_CONTROL_SOCKET");
        if (env)
                socket_path = strdup(env);
        else
                socket_path = o.root ? path_join(o.root, CONTROL_SOCKET_PATH) : strdup(CONTROL_SOCKET_PATH);
        if (!socket_path)
                return log_oom(), 1;
        _cleanup_(control_server_freep) ControlServer *server = NULL;
        if ((r = control_server_new(m, socket_path, &server)) < 0)
                log_error_errno(r, "Failed to listen on %s, continuing without control socket: %m", socket_path);
        /* --recover (init restarted us, or we re-executed): take over; else boot */
        if ((r = manager_recover(m)) < 0)
                return 1;
        if (r == 0) {
                if ((r = manager_startup(m)) < 0)
                        return 1;
                init_link_finish_startup(m);
        } else {
                /* devices come and go, and mounts and swaps too, while no manager runs: udev's
                 * database, mountinfo and /proc/swaps have the truth, and the new manager must
                 * follow them from now on (devices first, as at boot: mount units bind to them) */
                (void) manager_setup_device_monitor(m);
                (void) manager_setup_mount_monitor(m);
                (void) manager_setup_swap_monitor(m);
        }
        for (;;) {
                r = manager_run(m);
                if (r < 0)
                        return 1;
                if (m->objective != MANAGER_REEXECUTE)
                        break;
                (void) manager_reexec(m, argv); /* returns only when it failed */
                m->objective = MANAGER_RUNNING;
                event_exit_cancel(m->event);
        }
        return manager_finish(m);
}
