/* socket-serialize.c — a socket unit's part of the checkpoint (selfheal.h): its state,
 * result, control process and command, and counters. The listening fds are not in the
 * checkpoint: they live in init's fd store (socket-fds.c), and coldplug (socket.c) takes them
 * back from there, so a socket that listened before a manager crash listens after it on the
 * very same fds — nothing connecting meanwhile was refused. */
#include <stdio.h>
#include <stdlib.h>

#include "selfheal.h"
#include "socket.h"
#include "string-util.h"

int socket_serialize(Unit *u, FILE *f) {
        Socket *s = (Socket *) u;
        checkpoint_put(f, "state", socket_state_to_string(s->state));
        checkpoint_put(f, "result", socket_result_to_string(s->result));
        checkpoint_putf(f, "control", "%d %d %d", (int) s->control_pid, s->control_command_id, s->control_command_index);
        checkpoint_putf(f, "counters", "%u %u %llu %u", s->n_accepted, s->n_refused,
                        (unsigned long long) s->trigger_limit_begin, s->trigger_limit_count);
        return 0;
}

int socket_deserialize_item(Unit *u, const char *key, const char *v) {
        Socket *s = (Socket *) u;
        if (streq(key, "state")) {
                for (SocketState st = 0; st < _SOCKET_STATE_MAX; st++)
                        if (streq(socket_state_to_string(st), v)) {
                                s->state = st; /* applied by coldplug */
                                return 0;
                        }
                return -EBADMSG;
        }
        if (streq(key, "result")) {
                for (SocketResult r = 0; r < _SOCKET_RESULT_MAX; r++)
                        if (streq(socket_result_to_string(r), v)) {
                                s->result = r;
                                return 0;
                        }
                return -EBADMSG;
        }
        if (streq(key, "control")) {
                int pid, id, index;
                if (sscanf(v, "%d %d %d", &pid, &id, &index) != 3 || pid < 0 || id >= _SOCKET_EXEC_COMMAND_MAX)
                        return -EBADMSG;
                s->control_pid = pid; /* watched by coldplug */
                s->control_command_id = id;
                s->control_command_index = index;
        } else if (streq(key, "counters")) {
                unsigned a, r, c;
                unsigned long long b;
                if (sscanf(v, "%u %u %llu %u", &a, &r, &b, &c) != 4)
                        return -EBADMSG;
                s->n_accepted = a;
                s->n_refused = r;
                s->trigger_limit_begin = b;
                s->trigger_limit_count = c;
        }
        return 0; /* unknown keys: a newer manager wrote them */
}
