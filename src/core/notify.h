/* notify.h — the sd_notify(3) socket of the manager: one AF_UNIX datagram socket
 * (/run/systemd/notify, below --root in test mode) that services report readiness, status,
 * their main pid, watchdog pings and stored fds to. A message is a few newline-separated
 * "NAME=value" assignments; the kernel tells us the sender's pid (SO_PASSCRED), and that pid
 * tells us the unit. The parser is separate from the socket so that tests and fuzzers can
 * feed it anything: unknown or malformed assignments are ignored one by one, never the
 * whole message. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "time-util.h"

typedef struct Manager Manager;

#define NOTIFY_MESSAGE_MAX 4096 /* bytes of text in one datagram; longer ones are dropped */
#define NOTIFY_FD_MAX 253       /* SCM_MAX_FD: the most fds one message can carry */
#define NOTIFY_STATUS_MAX 1024  /* STATUS= longer than this is cut (systemctl shows one line) */
#define FDNAME_MAX 255
#define NOTIFY_STORE_NAME "notify" /* its name in init's fd store */

typedef struct NotifyMessage {
        bool ready, reloading, stopping;
        bool watchdog_ping, watchdog_trigger;
        bool fdstore, fdstore_remove, fdpoll_off;
        bool barrier;
        char *status;                 /* STATUS=; NULL when absent, "" resets */
        int status_errno;             /* ERRNO=; -1 when absent */
        pid_t main_pid;               /* MAINPID=; 0 when absent */
        usec_t watchdog_usec;         /* WATCHDOG_USEC=; USEC_INFINITY when absent */
        usec_t extend_timeout_usec;   /* EXTEND_TIMEOUT_USEC=; USEC_INFINITY when absent */
        char *fdname;                 /* FDNAME=; NULL when absent */
} NotifyMessage;

/* Parses size bytes (not necessarily NUL-terminated; a NUL ends the text). Returns the number
 * of assignments understood (0 is fine: an empty or all-garbage message), -ENOMEM. */
int notify_message_parse(const char *buf, size_t size, NotifyMessage *ret);
void notify_message_done(NotifyMessage *m);

/* "stored", "a-b.socket": what FDNAME= may be (printable ASCII, no ':', at most 255). */
bool fdname_is_valid(const char *s);

/* Opens the socket (replacing a stale one) and hooks it into the event loop; sets
 * m->notify_socket. Failure is logged and leaves services without $NOTIFY_SOCKET. */
int manager_setup_notify(Manager *m);
void manager_close_notify(Manager *m);
