/* init.h — sysmaster-init's one context struct and the functions its files share. Everything
 * PID 1 knows lives in one statically allocated Init: after start-up init never calls malloc,
 * so neither memory pressure nor a corrupted heap can take down the one process the kernel
 * cannot lose (see docs/init.md). */
#pragma once

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "init-channel.h"
#include "init-cmdline.h"
#include "init-container.h"
#include "init-fdstore.h"
#include "init-log.h"
#include "init-ring.h"

#define INIT_ARGV_MAX 128
#define INIT_ENV_MAX 256
#define INIT_KILL_DELAY_USEC (5 * USEC_PER_SEC)        /* SIGABRT → SIGKILL of a hung manager */
#define INIT_SHELL_MIN_USEC (1 * USEC_PER_SEC)         /* a shell shorter than this: wait */

typedef struct Init {
        InitConfig config;
        bool test_mode;                 /* --test: not PID 1; subreaper, no console, no mounts */
        bool no_mount;                  /* --no-mount */
        bool container;
        struct rlimit nofile;           /* RLIMIT_NOFILE as we got it, given back to children */

        char *manager_argv[INIT_ARGV_MAX + 3];
        size_t manager_argc;            /* slot of the optional --recover */
        char *manager_env[INIT_ENV_MAX + 2];

        int epoll_fd;
        int signal_fd;
        int timer_fd;

        /* The current manager. */
        pid_t manager_pid;
        int channel_fd;                 /* init's end */
        int peer_fd;                    /* a copy of the manager's end: the channel stays
                                         * connected (no ECONNRESET) until we close it */
        bool channel_pollout;
        unsigned start_count;
        bool last_died;
        bool ready;
        uint64_t start_usec;
        uint64_t heartbeat_usec;
        uint64_t keepalive_usec;        /* 0: keep-alive off */
        unsigned keepalive_misses;
        uint64_t kill_usec;             /* SIGKILL due for a hung manager, 0: none */

        /* Crash loop. */
        uint64_t failures[INIT_CRASH_MAX_LIMIT];  /* start times of starts that died early */
        unsigned n_failures;
        bool last_chance;               /* after the emergency shell: one more try */
        pid_t shell_pid;
        uint64_t shell_start_usec;
        uint64_t retry_usec;            /* next start attempt when waiting, 0: none */

        bool hung;                      /* SIGABRT sent */
        uint64_t hung_silence_usec;     /* how long it had been silent when declared hung */
        char last_reason[INIT_MSG_NAME_MAX]; /* why the last manager ended, for the next HELLO */

        /* FD_REQUESTs not yet answered; the first is sent from fd_reply_pos on, across
         * EAGAIN pauses. */
        unsigned fd_requests;
        size_t fd_reply_pos;

        InitRing ring;
        InitFdStore fdstore;
} Init;

/* init-mount.c */
void init_mount_api_filesystems(void);
void init_setup_console(void);

/* init-manager.c */
int manager_start(Init *m);
void manager_reaped(Init *m, const siginfo_t *si);
void manager_shell_reaped(Init *m, const siginfo_t *si);
void manager_process_channel(Init *m);
void manager_timer_elapsed(Init *m);
void manager_flush(Init *m);
void manager_queue_event(Init *m, const InitEvent *e);

/* init.c */
void init_arm_timer(Init *m);
void init_exec_shutdown(Init *m, InitShutdownAction action, int exit_code);
/* In a forked child: the signal mask, RLIMIT_NOFILE and session a started program expects. */
void init_child_reset(Init *m);
