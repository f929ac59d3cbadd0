/* socket-options.h — applying a socket unit's settings to one open fd: the options that must
 * be set before bind() (ReusePort=, FreeBind=, Transparent=, BindToDevice=, BindIPv6Only=) and
 * those set after (KeepAlive*=, NoDelay=, Priority=, buffers, Pass*=, Timestamping=,
 * Broadcast=, Mark=, IPTOS=, IPTTL=, DeferAcceptSec=, TCPCongestion=, PipeSize=). As in systemd,
 * an option the kernel refuses is a warning naming the unit and the option, never a failed
 * start: the socket still works without it. No manager state: tested on local sockets. */
#pragma once

#include "socket-config.h"

/* Before bind(). family is the socket's (AF_INET6 decides IPV6_V6ONLY). Returns how many
 * options failed (each logged with unit_id). */
int socket_apply_pre_bind(const SocketConfig *c, int fd, int family, int socket_type, const char *unit_id);

/* After bind(), on sockets (listening ones and, for Accept=yes, connections). */
int socket_apply_options(const SocketConfig *c, int fd, int family, int socket_type, const char *unit_id);

/* On FIFOs: PipeSize=. */
int socket_apply_fifo_options(const SocketConfig *c, int fd, const char *unit_id);
