/* init-channel.h — the channel between sysmaster-init (PID 1) and the manager.
 *
 * A SOCK_SEQPACKET socketpair created by init for each manager it starts; the manager finds
 * its end as fd SYSMASTER_INIT_FD (3) and the variable SYSMASTER_INIT_FD=3. Every message is
 * one fixed-size InitMsg datagram (so PID 1 needs no heap and no parser), optionally with
 * one file descriptor attached as SCM_RIGHTS.
 *
 * What crosses it, and why (see docs/init-channel.md):
 * - manager → init: HEARTBEAT at least once per keep-alive interval (a manager that misses
 *   `misses` intervals is declared hung: SIGABRT, then SIGKILL, then restarted); READY once
 *   the manager finished starting (init then stops counting this start as a crash-loop
 *   failure); FD_STORE/FD_REMOVE/FD_REQUEST for the fd store that outlives a manager crash;
 *   SET_KEEPALIVE; SHUTDOWN with the final action, after which init execs
 *   sysmaster-shutdown; ACK once a checkpoint records the effects of the events received.
 * - init → manager: CHILD_EXIT for every process init reaped that was not the manager
 *   (re-parented services — buffered while no manager runs); SIGNAL for kernel signals
 *   aimed at PID 1 (SIGINT, SIGPWR, SIGRTMIN+n, SIGTERM, SIGHUP…), both numbered and kept by
 *   init until acknowledged, so no exit status is lost; FD_ENTRY…FD_END when the
 *   manager asks for its stored fds back; HELLO first of all, with the number of the start and
 *   whether the previous manager died (so a new manager knows to recover). */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#define SYSMASTER_INIT_FD 3
#define INIT_MSG_NAME_MAX 248
#define INIT_FD_STORE_MAX 1024      /* fds init keeps for the manager */
#define INIT_CHILD_BUFFER_MAX 4096  /* exit statuses buffered while no manager listens */

typedef enum InitMsgType {
        /* manager → init */
        INIT_MSG_HEARTBEAT = 1,
        INIT_MSG_READY = 2,
        INIT_MSG_FD_STORE = 3,      /* name; the fd attached. Same name: replaces */
        INIT_MSG_FD_REMOVE = 4,     /* name */
        INIT_MSG_FD_REQUEST = 5,    /* answer: FD_ENTRY for each stored fd, then FD_END */
        INIT_MSG_SET_KEEPALIVE = 6, /* arg: interval in µs (0: off), status: misses allowed */
        INIT_MSG_SHUTDOWN = 7,      /* code: InitShutdownAction, status: exit code (containers) */
        INIT_MSG_ACK = 8,           /* arg: every CHILD_EXIT/SIGNAL up to this sequence number is
                                     * in a written checkpoint: init may forget them */

        /* init → manager */
        INIT_MSG_HELLO = 100,       /* arg: start number (1 = first); code: 1 if the last one died;
                                     * usec: keep-alive interval (0: off), status: misses allowed;
                                     * name: why the previous manager ended ("" the first time) */
        INIT_MSG_CHILD_EXIT = 101,  /* pid; code: CLD_EXITED/CLD_KILLED/CLD_DUMPED; status;
                                     * arg: sequence number (see ACK) */
        INIT_MSG_SIGNAL = 102,      /* status: the signal number; pid: the sender; arg: sequence */
        INIT_MSG_FD_ENTRY = 103,    /* name; the fd attached */
        INIT_MSG_FD_END = 104,      /* status: how many entries were sent */
} InitMsgType;

typedef enum InitShutdownAction {
        INIT_SHUTDOWN_REBOOT = 1,
        INIT_SHUTDOWN_POWEROFF = 2,
        INIT_SHUTDOWN_HALT = 3,
        INIT_SHUTDOWN_KEXEC = 4,
        INIT_SHUTDOWN_EXIT = 5,     /* containers: PID 1 exits with the status */
} InitShutdownAction;

typedef struct InitMsg {
        uint32_t type;              /* InitMsgType */
        int32_t pid;
        int32_t code;
        int32_t status;
        uint64_t arg;
        uint64_t usec;              /* when it happened, CLOCK_MONOTONIC (CHILD_EXIT, SIGNAL) */
        char name[INIT_MSG_NAME_MAX]; /* NUL-terminated */
} InitMsg;

_Static_assert(sizeof(InitMsg) == 280, "InitMsg is part of the init ABI: its size must not change");

/* Sends one message, with fd attached when fd >= 0. Never blocks (MSG_DONTWAIT):
 * -EAGAIN when the peer's queue is full. */
int init_msg_send(int sock, const InitMsg *m, int fd);
/* Receives one message; *ret_fd is the attached fd (CLOEXEC) or -EBADF. Returns 0 on
 * success, -EAGAIN if nothing is queued, -ECONNRESET when the peer is gone, -EBADMSG for a
 * datagram of the wrong size or type (any attached fd is closed). */
int init_msg_recv(int sock, InitMsg *ret, int *ret_fd);
const char *init_shutdown_action_to_string(InitShutdownAction a);
