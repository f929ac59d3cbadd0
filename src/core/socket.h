/* socket.h — socket units (systemd.socket(5)): the state machine of one socket unit, the fds
 * it listens on, and what it hands to the services it activates. socket.c is the state
 * machine; socket-fds.c the fds themselves; socket-accept.c what traffic does (start the
 * service, or accept a connection and start a per-connection instance); socket-props.c what
 * `show` and `status` print. The
 * listening fds belong to the socket unit for its whole life, across restarts of its service:
 * socket_enumerate_fds() is how others (the fd store of init, checkpoints) reach them. */
#pragma once

#include "event.h"
#include "service.h"
#include "unit.h"

typedef enum SocketState {
        SOCKET_DEAD,
        SOCKET_START_PRE,
        SOCKET_START_CHOWN,
        SOCKET_START_POST,
        SOCKET_LISTENING,
        SOCKET_RUNNING,
        SOCKET_STOP_PRE,
        SOCKET_STOP_PRE_SIGTERM,
        SOCKET_STOP_PRE_SIGKILL,
        SOCKET_STOP_POST,
        SOCKET_FINAL_SIGTERM,
        SOCKET_FINAL_SIGKILL,
        SOCKET_FAILED,
        _SOCKET_STATE_MAX,
} SocketState;

typedef enum SocketResult {
        SOCKET_SUCCESS,
        SOCKET_FAILURE_RESOURCES,
        SOCKET_FAILURE_TIMEOUT,
        SOCKET_FAILURE_EXIT_CODE,
        SOCKET_FAILURE_SIGNAL,
        SOCKET_FAILURE_CORE_DUMP,
        SOCKET_FAILURE_START_LIMIT_HIT,
        SOCKET_FAILURE_TRIGGER_LIMIT_HIT,
        SOCKET_FAILURE_SERVICE_START_LIMIT_HIT,
        _SOCKET_RESULT_MAX,
} SocketResult;

const char *socket_state_to_string(SocketState s);
const char *socket_result_to_string(SocketResult r);

/* One opened Listen*= entry. What is needed to use the fd is copied from the configuration
 * when it is opened, so a daemon-reload that changes the Listen*= lines cannot mismatch fds
 * and addresses of a running socket. */
typedef struct SocketFd {
        int fd;                    /* -EBADF: not open (ListenUSBFunction=) */
        SocketPortType type;
        int socket_type;
        int family;
        char *address;             /* as "Listen:" prints it */
        char *path;                /* the file (or message queue) it created: RemoveOnStop= */
        EventSource *source;       /* EPOLLIN while listening */
} SocketFd;

/* Connections of an Accept=yes socket from one source (MaxConnectionsPerSource=). */
typedef struct SocketPeer {
        char *key;                 /* the peer's address without port */
        unsigned n;
} SocketPeer;

/* An accepted connection, owned by the socket until its instance ends: the instance's
 * processes get it as fd 3 (and stdin/stdout with StandardInput=socket). */
typedef struct SocketConnection {
        Unit *service;
        int fd;
        char *peer_key;            /* NULL: not counted per source */
} SocketConnection;

typedef struct Socket {
        Unit meta;
        SocketState state;
        SocketResult result;
        SocketFd *fds;
        size_t n_fds;
        bool fds_open;
        bool symlinks_made;

        pid_t control_pid;
        ExecStatus control_exec_status;
        /* The control command running, as (SocketExecCommand, position in its list): never a
         * pointer into the configuration, which daemon-reload replaces. -1: none (the chown
         * child of start-chown). */
        int control_command_id;
        int control_command_index;
        EventSource *timer;
        /* the position of the last command run of each Exec*= list (-1: none), with its
         * status: "Process:" lines */
        int exec_last[_SOCKET_EXEC_COMMAND_MAX];
        ExecStatus exec_status[_SOCKET_EXEC_COMMAND_MAX];

        unsigned n_accepted;       /* connections accepted since the unit was loaded */
        unsigned n_connections;    /* instances alive now */
        unsigned n_refused;
        SocketConnection *conns;   /* Accept=yes: one per live instance */
        size_t n_conns;
        SocketPeer *peers;
        size_t n_peers;
        EventSource *gc_source;    /* frees instances that ended (defer) */
        usec_t trigger_limit_begin;
        unsigned trigger_limit_count;
} Socket;

/* Every fd the socket unit holds open, in Listen*= order, with the address it prints as. cb
 * returning <0 stops the walk and is returned. The fds stay the unit's: callers dup() what
 * they keep. */
typedef int (*SocketFdCallback)(Unit *u, size_t index, int fd, const char *address, void *userdata);
int socket_enumerate_fds(Unit *u, SocketFdCallback cb, void *userdata);

/* What a service started by this socket (Accept=no) receives: the open fds appended to
 * *fds, each with its FileDescriptorName= (default: the socket unit's name) appended to
 * *names. Returns how many were added. */
int socket_collect_fds(Unit *u, int **fds, char ***names, size_t *n);

/* For service.c: every fd the sockets that trigger service hand it — listening fds of
 * Accept=no sockets, or the connection of an Accept=yes instance (named "connection", and
 * returned in *ret_conn_fd for StandardInput=socket; -EBADF when there is none). The fds stay
 * the sockets'. */
int socket_fds_for_service(Unit *service, int **fds, char ***names, size_t *n, int *ret_conn_fd);

/* socket-accept.c: traffic on a listening fd; closing every connection the socket still
 * holds (when the unit is freed). */
int socket_io_cb(EventSource *es, int fd, uint32_t revents, void *userdata);
void socket_release_connections(Socket *s);
/* A service this socket triggers changed state (unit.c's trigger notification). */
void socket_trigger_notify(Unit *u, Unit *other);

/* socket.c, for socket-accept.c */
void socket_set_state(Socket *s, SocketState st);
void socket_enter_stop_pre(Socket *s, SocketResult f);
/* socket-fds.c: opening (all or nothing: on failure the caller closes what was opened),
 * watching, and closing the fds (RemoveOnStop= removes the files then). */
int socket_open_fds(Socket *s);
/* The same after a recovery: the fds come from init's store (socket_open_fds() put them
 * there), whatever is missing is opened again. */
int socket_restore_fds(Socket *s);
void socket_watch_fds(Socket *s, bool on);
void socket_close_fds(Socket *s);
/* The service an Accept=no socket starts (Service= or the socket's name), if it exists. */
Unit *socket_service(Socket *s);

int socket_append_properties(Unit *u, char ***l);

/* socket-serialize.c: the socket's part of the checkpoint (selfheal.h); coldplug is in
 * socket.c, which owns the state. */
int socket_serialize(Unit *u, FILE *f);
int socket_deserialize_item(Unit *u, const char *key, const char *value);
