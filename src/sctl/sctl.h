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
