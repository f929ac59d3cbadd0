/* socket-address.h — pure helpers around the addresses of socket units: how a Listen*= entry
 * prints (status "Listen:", `show` Listen=, list-sockets), how a peer prints, and how an
 * accepted connection names its service instance ("foo@3-127.0.0.1:80-127.0.0.1:5432"), as
 * systemd 252 names them. No manager state: unit-testable on local sockets. */
#pragma once

#include <sys/socket.h>

#include "socket-config.h"

/* "Stream", "Datagram", "SequentialPacket", "Netlink", "FIFO", "Special", "MessageQueue",
 * "USBFunction": the second half of "Listen=/run/foo.sock (Stream)". */
const char *socket_port_type_to_string(const SocketPort *p);

/* The first half: "/run/foo.sock", "@abstract", "127.0.0.1:80", "[::]:80", "vsock:2:1024",
 * "route 1", or the path of a FIFO, special file or message queue. */
int socket_port_address_to_string(const SocketPort *p, char **ret);

/* "1.2.3.4:80", "[::1]:80" (IPv4-mapped IPv6 prints as IPv4), "/path", "@name", "vsock:2:80". */
int sockaddr_to_string(const SocketSockaddr *sa, socklen_t len, char **ret);

/* The instance of an Accept=yes connection, systemd's naming: "NR-LOCAL-REMOTE" for IP
 * ("0-127.0.0.1:80-127.0.0.1:4711", IPv6 without brackets), "NR-PID-UID" for unix sockets
 * (cred NULL: "NR-unknown", a peer in another namespace), "NR-CID:PORT-CID:PORT" for vsock. */
int socket_instance_from_addresses(unsigned nr, const SocketSockaddr *local, const SocketSockaddr *remote,
                                   const struct ucred *cred, char **ret);
/* The same, reading the addresses (and SO_PEERCRED) of a connected fd. */
int socket_instance_from_fd(int fd, unsigned nr, char **ret);

/* The description systemd gives an accepted connection's service: "PID 47/UID 0" for a unix
 * peer, the peer's address otherwise. */
int socket_peer_description(int fd, char **ret);

/* The key MaxConnectionsPerSource= counts by: the peer's IP address (or vsock CID) without
 * port, as a string; -EOPNOTSUPP for families that are not counted (unix). */
int socket_peer_key(int fd, char **ret);
