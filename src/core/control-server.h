/* control-server.h — the manager's end of the control protocol (docs/control-protocol.md):
 * a listening unix socket, one ControlClient per connection, and the bounds that keep a
 * broken or hostile client from hurting the manager: at most CONTROL_CLIENTS_MAX connections,
 * requests of at most CONTROL_REQUEST_MAX bytes, at most CONTROL_OUTPUT_MAX bytes of replies
 * queued for a client that does not read (it is dropped past that), and a timeout for idle
 * connections and half-sent requests. The peer's credentials (SO_PEERCRED) decide what it may
 * do: uid 0 may change state, anyone may query. Requests are handled by control_dispatch()
 * (control-verbs.c), which knows nothing of sockets, so it can be fuzzed on its own. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "control.h"
#include "manager.h"

#define CONTROL_CLIENTS_MAX 256U
#define CONTROL_OUTPUT_MAX (8U * 1024U * 1024U)
#define CONTROL_WAITS_MAX 4096U
#define CONTROL_IDLE_TIMEOUT_USEC (60U * USEC_PER_SEC)
#define CONTROL_STORE_NAME "control"   /* the listening socket's name in init's fd store */

typedef struct ControlServer ControlServer;
typedef struct ControlClient ControlClient;

struct ControlClient {
        ControlServer *server;
        int fd;                     /* -1 for a client without a socket (tests) */
        EventSource *io, *timer;
        ControlReader reader;
        char *out;                  /* replies not written yet */
        size_t out_size, out_allocated;
        uid_t uid;
        pid_t pid;
        uint32_t *waits;            /* job ids this client waits for ("done" frames) */
        size_t n_waits;
        char *stored_name;          /* its name in init's fd store while it waits for jobs:
                                     * the connection outlives a manager crash */
        bool dropped;               /* over a bound: freed at the next safe point */
        ControlClient *next;
};

struct ControlServer {
        Manager *manager;
        int listen_fd;
        EventSource *listen_source;
        char *path;
        ControlClient *clients;
        unsigned n_clients;
        /* reboot/poweroff/halt/kexec/exit: the objective to take once this job is done */
        uint32_t objective_job;
        ManagerObjective objective_after_job;
};

/* Listens on path (created with its parent directory; a stale socket is replaced). path
 * NULL: no socket at all, for tests that drive control_dispatch() directly. */
int control_server_new(Manager *m, const char *path, ControlServer **ret);
ControlServer *control_server_free(ControlServer *s);
DEFINE_TRIVIAL_CLEANUP_FUNC(ControlServer *, control_server_free);

/* A client with no socket: its replies pile up in ->out (tests, fuzzing). */
ControlClient *control_client_new_detached(ControlServer *s, uid_t uid);
ControlClient *control_client_free(ControlClient *c);

/* Queues a reply frame. Returns -ENOBUFS (and marks the client dropped) past the output
 * bound, -E2BIG for a frame over CONTROL_REPLY_MAX. */
int control_client_reply(ControlClient *c, char *const *fields);
int control_client_replyv(ControlClient *c, const char *first, ...) __attribute__((sentinel));
int control_client_reply_error(ControlClient *c, int error, const char *fmt, ...) _printf_(3, 4);
/* The client gets a "done" frame when job id finishes. */
int control_client_wait_job(ControlClient *c, uint32_t id);
/* The JobWaiterFunc the server installs on the jobs its clients wait for. */
void control_server_job_done(uint32_t id, const char *unit, JobType type, JobResult result, void *userdata);

/* The clients waiting for jobs, as "client=" checkpoint lines (selfheal.h). */
void control_server_serialize(ControlServer *s, FILE *f);
/* Takes one such client back: its connection from init's fd store, its waits on the restored
 * jobs. A job that no longer exists is answered at once from the unit's state, so a waiting
 * client always gets an answer. */
int control_server_restore_client(ControlServer *s, const char *value);

/* Handles one request (control-verbs.c). Never fails: problems become "error" replies. */
void control_dispatch(ControlClient *c, char **fields);
