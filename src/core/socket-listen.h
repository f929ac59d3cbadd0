/* socket-listen.h — opening what one Listen*= line names: a socket bound (and listening) on
 * its address with the unit's options, a FIFO created with SocketMode=, a special file, a
 * POSIX message queue, a netlink socket; and removing the file-system objects again
 * (RemoveOnStop=). Every fd is CLOEXEC; the manager only polls them, so only what the manager
 * itself reads from (Accept=yes listeners) is non-blocking. No manager state. */
#pragma once

#include "socket-config.h"

/* Opens p. Returns the fd, -EOPNOTSUPP for ListenUSBFunction= (warned about by the caller),
 * or a negative errno, with a message naming unit_id and the address logged. */
int socket_port_open(const SocketPort *p, const SocketConfig *c, const char *unit_id);

/* The file-system path behind p (unix socket path, FIFO, special file), or NULL. */
const char *socket_port_path(const SocketPort *p);

/* Removes p's socket file, FIFO or message queue (RemoveOnStop=). */
void socket_port_unlink(const SocketPort *p);
