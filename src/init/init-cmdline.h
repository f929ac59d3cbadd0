/* init-cmdline.h — init's own settings: built-in defaults, then environment variables meant
 * for tests, then the kernel command line's sysmaster.* switches (the administrator's word
 * wins). Everything else on the command line belongs to the kernel or to the manager. */
#pragma once

#include <limits.h>
#include <stdbool.h>

#define INIT_CRASH_MAX_LIMIT 64

typedef struct InitConfig {
        char manager[PATH_MAX];         /* sysmaster.manager=, $SYSMASTER_MANAGER */
        char shutdown[PATH_MAX];        /* $SYSMASTER_SHUTDOWN */
        char crash_shell[PATH_MAX];     /* sysmaster.crash_shell= */
        unsigned keepalive_sec;         /* sysmaster.keepalive_sec=, 0: off */
        unsigned keepalive_misses;      /* sysmaster.keepalive_misses= */
        unsigned crash_max;             /* sysmaster.crash_max=: K starts … */
        unsigned crash_window_sec;      /* sysmaster.crash_window_sec=: … within W seconds */
        bool crash_reboot;              /* sysmaster.crash_reboot: reboot instead of a shell */
} InitConfig;

void init_config_defaults(InitConfig *c);
/* Applies SYSMASTER_MANAGER and SYSMASTER_SHUTDOWN from the environment. */
void init_config_from_env(InitConfig *c);
/* Applies the sysmaster.* words of a kernel command line (quotes as the kernel handles them;
 * stops at "--"). Bad values are logged and ignored. Returns how many switches were applied. */
int init_cmdline_parse(InitConfig *c, const char *line);
/* Reads /proc/cmdline and parses it. */
int init_cmdline_load(InitConfig *c);
