/* sctl.h — what sctl's verbs share: the parsed command-line options and the verb table.
 * Each verb lives in its own file (sctl-verify.c, sctl-cat.c, sctl-install.c…) and is
 * registered in sctl.c. Exit codes follow systemctl's (see systemctl(1), "EXIT STATUS"). */
#pragma once

#include <stdbool.h>

enum {
        EXIT_PROGRAM_DEAD_AND_PID_EXISTS = 1, /* LSB codes as systemctl uses them */
        EXIT_PROGRAM_NOT_RUNNING = 3,
        EXIT_PROGRAM_OR_SERVICES_STATUS_UNKNOWN = 4,
        EXIT_NOT_INSTALLED = 5,
};

typedef enum PresetMode {
        PRESET_FULL,
        PRESET_ENABLE_ONLY,
        PRESET_DISABLE_ONLY,
} PresetMode;

typedef struct SctlOptions {
        const char *root;   /* --root=DIR: operate on unit files below DIR, offline */
        bool runtime;       /* --runtime: /run instead of /etc */
        bool force;         /* --force */
        bool now;           /* --now */
        bool no_reload;     /* --no-reload */
        bool no_block;      /* --no-block */
        bool quiet;         /* --quiet, -q */
        bool full;          /* --full, -l */
        bool no_legend;     /* --no-legend */
        bool no_pager;      /* --no-pager (sctl never pages; accepted for compatibility) */
        bool all;           /* --all, -a */
        bool value;         /* --value */
        PresetMode preset_mode; /* --preset-mode= */
        char **properties;  /* -p, --property= */
        char **types;       /* -t, --type= */
        char **states;      /* --state= */
        /* the verbs that talk to the manager (sctl-control.c and the verbs using it) */
        bool plain;         /* --plain */
        bool reverse;       /* --reverse */
        bool after, before; /* --after, --before */
        const char *job_mode; /* --job-mode= (NULL: replace) */
        int signal;         /* --signal=, -s (0: SIGTERM) */
        const char *kill_whom; /* --kill-whom= (NULL: all) */
} SctlOptions;

typedef int (*SctlVerbFunc)(int argc, char **argv, const SctlOptions *opts);

typedef struct SctlVerb {
        const char *name;
        unsigned min_args; /* including the verb itself */
        unsigned max_args; /* 0: any */
        SctlVerbFunc run;
        const char *help;
} SctlVerb;

/* verbs (one file each) */
int verb_verify(int argc, char **argv, const SctlOptions *opts);
int verb_cat(int argc, char **argv, const SctlOptions *opts);
/* sctl-jobs.c: verbs that queue jobs */
int verb_start(int argc, char **argv, const SctlOptions *opts);
int verb_start_special(int argc, char **argv, const SctlOptions *opts);
int verb_shutdown_action(int argc, char **argv, const SctlOptions *opts);
int verb_kill(int argc, char **argv, const SctlOptions *opts);
int verb_reset_failed(int argc, char **argv, const SctlOptions *opts);
int verb_start_transient_scope(int argc, char **argv, const SctlOptions *opts);
int verb_daemon_reload(int argc, char **argv, const SctlOptions *opts);
/* sctl-environment.c: the manager's environment block */
int verb_show_environment(int argc, char **argv, const SctlOptions *opts);
int verb_set_environment(int argc, char **argv, const SctlOptions *opts);
int verb_import_environment(int argc, char **argv, const SctlOptions *opts);
/* sctl-show.c, sctl-status.c, sctl-list.c: queries */
int verb_show(int argc, char **argv, const SctlOptions *opts);
int verb_is_active(int argc, char **argv, const SctlOptions *opts);
int verb_is_failed(int argc, char **argv, const SctlOptions *opts);
int verb_is_system_running(int argc, char **argv, const SctlOptions *opts);
int verb_status(int argc, char **argv, const SctlOptions *opts);
int verb_list_units(int argc, char **argv, const SctlOptions *opts);
int verb_list_jobs(int argc, char **argv, const SctlOptions *opts);
int verb_list_sockets(int argc, char **argv, const SctlOptions *opts);
int verb_list_dependencies(int argc, char **argv, const SctlOptions *opts);
/* sctl-timers.c: list-timers, and the next elapse of a timer from its properties (0: none) */
int verb_list_timers(int argc, char **argv, const SctlOptions *opts);
unsigned long long sctl_timer_next_elapse(char **props);
/* sctl-default.c: works offline */
int verb_get_default(int argc, char **argv, const SctlOptions *opts);
int verb_set_default(int argc, char **argv, const SctlOptions *opts);
/* sctl-analyze.c: `sctl analyze calendar …` (argv[0] is "analyze"), offline */
int sctl_analyze_main(int argc, char **argv);
/* sctl-compat.c: reboot, poweroff, halt, shutdown, telinit, runlevel (by argv[0]) */
int sctl_compat_main(const char *name, int argc, char **argv);
/* The parsed command line of sctl/systemctl, and the verb run on it. */
int sctl_main(int argc, char **argv, bool as_systemctl);
/* sctl-install.c: the offline unit-file verbs */
int verb_enable(int argc, char **argv, const SctlOptions *opts);
int verb_disable(int argc, char **argv, const SctlOptions *opts);
int verb_reenable(int argc, char **argv, const SctlOptions *opts);
int verb_preset(int argc, char **argv, const SctlOptions *opts);
int verb_preset_all(int argc, char **argv, const SctlOptions *opts);
int verb_mask(int argc, char **argv, const SctlOptions *opts);
int verb_unmask(int argc, char **argv, const SctlOptions *opts);
int verb_link(int argc, char **argv, const SctlOptions *opts);
int verb_is_enabled(int argc, char **argv, const SctlOptions *opts);
int verb_list_unit_files(int argc, char **argv, const SctlOptions *opts);
