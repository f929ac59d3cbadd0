/* socket-accept.c — what traffic does to a socket unit. Accept=no: the first event on any
 * listening fd starts the service (Service=, or the socket's name) and the socket stops
 * watching until the service is down again; the service gets every fd (see
 * socket_fds_for_service()). Accept=yes: each connection is accepted by the manager and gets
 * its own instance of the template foo@.service, named as systemd names it
 * ("foo@0-1234-0.service" for a unix peer), bounded by MaxConnections= and
 * MaxConnectionsPerSource=; the socket owns the connection until the instance ends, and frees
 * instances that ended cleanly, so a busy socket does not accumulate units. Both kinds count
 * triggers against TriggerLimitIntervalSec=/TriggerLimitBurst=. */
#include <limits.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "job.h"
#include "log.h"
#include "manager.h"
#include "socket-address.h"
#include "socket.h"
#include "string-util.h"
#include "strv.h"
#include "unit-types.h"

static SocketConfig *cfg(Socket *s) {
        return s->meta.config->socket;
}

/* false: the limit was hit (logged, the socket is on its way down). */
static bool trigger_limit_ok(Socket *s) {
        SocketConfig *c = cfg(s);
        if (c->trigger_limit_interval == 0 || c->trigger_limit_burst == 0)
                return true;
        usec_t now = now_usec(CLOCK_MONOTONIC);
        if (s->trigger_limit_begin == 0 || now - s->trigger_limit_begin > c->trigger_limit_interval) {
                s->trigger_limit_begin = now;
                s->trigger_limit_count = 0;
        }
        if (++s->trigger_limit_count <= c->trigger_limit_burst)
                return true;
        log_warning("%s: Trigger limit hit, refusing further activation.", s->meta.id);
        socket_enter_stop_pre(s, SOCKET_FAILURE_TRIGGER_LIMIT_HIT);
        return false;
}

static bool stop_pending(Unit *u) {
        return u->job && (u->job->type == JOB_STOP);
}

static void enter_running_service(Socket *s) {
        Unit *svc = socket_service(s);
        if (stop_pending(&s->meta))
                return;
        if (!svc) {
                log_warning("%s: its service is gone, ignoring traffic.", s->meta.id);
                socket_enter_stop_pre(s, SOCKET_FAILURE_RESOURCES);
                return;
        }
        UnitActiveState as = unit_active_state(svc);
        bool pending = UNIT_IS_ACTIVE_OR_ACTIVATING(as) ||
                       (svc->job && svc->job->type != JOB_STOP);
        if (!pending) {
                _cleanup_free_ char *error = NULL;
                int r = manager_add_job(s->meta.manager, JOB_START, svc, JOB_REPLACE, false, NULL, &error);
                if (r < 0) {
                        log_warning("%s: Failed to queue service startup job: %s", s->meta.id, error ?: strerror(-r));
                        socket_enter_stop_pre(s, SOCKET_FAILURE_RESOURCES);
                        return;
                }
        }
        socket_set_state(s, SOCKET_RUNNING);
}

static SocketPeer *peer_find(Socket *s, const char *key) {
        for (size_t i = 0; i < s->n_peers; i++)
                if (streq(s->peers[i].key, key))
                        return &s->peers[i];
        return NULL;
}

static void peer_release(Socket *s, const char *key) {
        SocketPeer *p = key ? peer_find(s, key) : NULL;
        if (!p || --p->n > 0)
                return;
        free(p->key);
        *p = s->peers[--s->n_peers];
}

static int gc_cb(EventSource *es, void *userdata);

static void connection_remove(Socket *s, size_t i) {
        SocketConnection *c = &s->conns[i];
        safe_close(c->fd);
        peer_release(s, c->peer_key);
        free(c->peer_key);
        s->conns[i] = s->conns[--s->n_conns];
        s->n_connections = (unsigned) s->n_conns;
}

void socket_release_connections(Socket *s) {
        while (s->n_conns > 0)
                connection_remove(s, s->n_conns - 1);
        s->conns = mfree(s->conns);
        for (size_t i = 0; i < s->n_peers; i++)
                free(s->peers[i].key);
        s->peers = mfree(s->peers);
        s->n_peers = 0;
        s->gc_source = event_source_free(s->gc_source);
}

/* The instance unit for a new connection: loaded from the template, described by its peer. */
static int make_instance(Socket *s, int cfd, Unit **ret) {
        _cleanup_free_ char *instance = NULL, *prefix = NULL, *name = NULL, *peer = NULL;
        int r = socket_instance_from_fd(cfd, s->n_accepted, &instance);
        if (r < 0)
                return r;
        if ((r = unit_name_to_prefix(s->meta.id, &prefix)) < 0 || (r = unit_name_build(prefix, instance, ".service", &name)) < 0)
                return r;
        Unit *u;
        if ((r = manager_load_unit(s->meta.manager, name, &u)) < 0)
                return r;
        if (u->load_state != UNIT_LOADED) {
                log_warning("%s: %s could not be loaded (%s).", s->meta.id, name, unit_load_state_to_string(u->load_state));
                return -ENOENT;
        }
        if (!UNIT_IS_INACTIVE_OR_FAILED(unit_active_state(u)) || u->job)
                return -EBUSY; /* the same name twice: the counter makes this impossible */
        if (socket_peer_description(cfd, &peer) >= 0) {
                UnitSection *us = u->config->unit;
                char *d = us->description ? strjoin(us->description, " (", peer, ")") : TAKE_PTR(peer);
                if (d) {
                        free(us->description);
                        us->description = d;
                }
        }
        if ((r = unit_add_dependency(&s->meta, REL_BEFORE, u, false)) < 0 ||
            (r = unit_add_dependency(&s->meta, REL_TRIGGERS, u, false)) < 0)
                return r;
        *ret = u;
        return 0;
}

static void enter_running_accept(Socket *s, int cfd_in) {
        _cleanup_close_ int cfd = cfd_in;
        _cleanup_free_ char *key = NULL;
        SocketConfig *c = cfg(s);
        if (stop_pending(&s->meta))
                return;
        if (s->n_conns >= c->max_connections) {
                log_warning("%s: Too many incoming connections (%u), dropping connection.", s->meta.id, s->n_connections);
                s->n_refused++;
                return;
        }
        if (socket_peer_key(cfd, &key) >= 0) {
                SocketPeer *p = peer_find(s, key);
                /* 0 (the default): as many as MaxConnections= */
                unsigned per_source = c->max_connections_per_source > 0 && c->max_connections_per_source != UINT_MAX
                                              ? c->max_connections_per_source
                                              : c->max_connections;
                if (p && p->n >= per_source) {
                        log_warning("%s: Too many incoming connections (%u) from source %s, dropping connection.", s->meta.id,
                                    p->n, key);
                        s->n_refused++;
                        return;
                }
        }
        SocketConnection *conns = realloc(s->conns, (s->n_conns + 1) * sizeof(SocketConnection));
        if (!conns) {
                log_oom();
                return;
        }
        s->conns = conns;
        Unit *svc;
        int r = make_instance(s, cfd, &svc);
        if (r < 0) {
                log_warning("%s: Failed to create the service instance of a connection: %s", s->meta.id, strerror(-r));
                return;
        }
        s->n_accepted++;
        if (key) {
                SocketPeer *p = peer_find(s, key);
                if (!p) {
                        SocketPeer *ps = realloc(s->peers, (s->n_peers + 1) * sizeof(SocketPeer));
                        char *k = strdup(key);
                        if (!ps || !k) {
                                free(k);
                                if (ps)
                                        s->peers = ps;
                                log_oom();
                                return;
                        }
                        s->peers = ps;
                        p = &s->peers[s->n_peers++];
                        *p = (SocketPeer){ .key = k };
                }
                p->n++;
        }
        /* registered before the job: the spawn of the instance looks its fd up here */
        s->conns[s->n_conns++] = (SocketConnection){ .service = svc, .fd = TAKE_FD(cfd), .peer_key = TAKE_PTR(key) };
        s->n_connections = (unsigned) s->n_conns;
        _cleanup_free_ char *error = NULL;
        r = manager_add_job(s->meta.manager, JOB_START, svc, JOB_REPLACE, false, NULL, &error);
        if (r < 0) {
                log_warning("%s: Failed to queue service startup job: %s", s->meta.id, error ?: strerror(-r));
                for (size_t i = 0; i < s->n_conns; i++)
                        if (s->conns[i].service == svc) {
                                connection_remove(s, i);
                                break;
                        }
        }
}

int socket_io_cb(EventSource *es, int fd, uint32_t revents, void *userdata) {
        Socket *s = userdata;
        (void) es;
        if (s->state != SOCKET_LISTENING)
                return 0;
        if (revents != EPOLLIN) {
                if (revents & EPOLLHUP)
                        log_error("%s: Got POLLHUP on a listening socket. The service probably invoked shutdown() on it, "
                                  "and should better not do that.", s->meta.id);
                else
                        log_error("%s: Got unexpected poll event (0x%x) on socket.", s->meta.id, revents);
                socket_enter_stop_pre(s, SOCKET_FAILURE_RESOURCES);
                return 0;
        }
        if (!trigger_limit_ok(s))
                return 0;
        if (!cfg(s)->accept) {
                enter_running_service(s);
                return 0;
        }
        int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
        if (cfd < 0) {
                /* the peer may have given up between the event and accept(): not our failure */
                if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED && errno != EPROTO)
                        log_warning("%s: Failed to accept socket: %s", s->meta.id, strerror(errno));
                return 0;
        }
        enter_running_accept(s, cfd);
        return 0;
}

static int gc_cb(EventSource *es, void *userdata) {
        Socket *s = userdata;
        (void) es;
        s->gc_source = event_source_free(s->gc_source);
        Unit *other;
        /* collected first: freeing changes the set being walked */
        _cleanup_free_ Unit **dead = new0(Unit *, s->meta.deps[REL_TRIGGERS].n + 1);
        size_t n = 0;
        if (!dead)
                return 0;
        UNIT_SET_FOREACH(other, &s->meta.deps[REL_TRIGGERS]) {
                bool owned = false;
                for (size_t i = 0; i < s->n_conns; i++)
                        owned |= s->conns[i].service == other;
                if (!owned && other->type == UNIT_SERVICE && unit_active_state(other) == UNIT_INACTIVE && !other->job &&
                    !other->in_load_queue && !other->in_stop_when_unneeded_queue && unit_name_classify(other->id) == UNIT_NAME_INSTANCE)
                        dead[n++] = other;
        }
        for (size_t i = 0; i < n; i++) {
                log_debug("%s: collecting %s.", s->meta.id, dead[i]->id);
                unit_free(dead[i]);
        }
        return 0;
}

/* FlushPending=: what arrived while the service ran, or that it left unread, is dropped
 * before the socket listens again. Bounded, so a flooding peer cannot keep the loop here. */
static void flush_fds(Socket *s) {
        for (size_t i = 0; i < s->n_fds; i++) {
                int fd = s->fds[i].fd;
                for (int k = 0; fd >= 0 && k < 1024; k++) {
                        struct pollfd p = { .fd = fd, .events = POLLIN };
                        if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN))
                                break;
                        if (s->fds[i].type == SOCKET_PORT_SOCKET &&
                            (s->fds[i].socket_type == SOCK_STREAM || s->fds[i].socket_type == SOCK_SEQPACKET)) {
                                int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
                                if (c < 0)
                                        break;
                                safe_close(c);
                                continue;
                        }
                        char buf[4096];
                        ssize_t n = s->fds[i].type == SOCKET_PORT_SOCKET ? recv(fd, buf, sizeof buf, MSG_DONTWAIT)
                                                                         : read(fd, buf, sizeof buf);
                        if (n <= 0)
                                break;
                }
        }
}

void socket_trigger_notify(Unit *u, Unit *other) {
        Socket *s = (Socket *) u;
        if (other->load_state != UNIT_LOADED || other->type != UNIT_SERVICE)
                return;
        UnitActiveState as = unit_active_state(other);
        if (cfg(s)->accept) {
                if (!UNIT_IS_INACTIVE_OR_FAILED(as))
                        return;
                for (size_t i = 0; i < s->n_conns; i++)
                        if (s->conns[i].service == other) {
                                connection_remove(s, i);
                                break;
                        }
                /* ended instances are freed once this notification is over */
                if (as == UNIT_INACTIVE && !s->gc_source &&
                    event_add_defer(u->manager->event, &s->gc_source, gc_cb, s) >= 0)
                        event_source_set_description(s->gc_source, "socket-gc");
                return;
        }
        if (s->state != SOCKET_RUNNING && s->state != SOCKET_LISTENING)
                return;
        /* any service it triggers, Service= or one that names it in Sockets=, as systemd */
        if (((Service *) other)->start_limit_hit) {
                socket_enter_stop_pre(s, SOCKET_FAILURE_SERVICE_START_LIMIT_HIT);
                return;
        }
        if (other->job)
                return; /* a restart or start is on its way: it decides */
        ServiceState st = ((Service *) other)->state;
        if (st == SERVICE_DEAD || st == SERVICE_FAILED || st == SERVICE_AUTO_RESTART || st == SERVICE_FINAL_SIGTERM ||
            st == SERVICE_FINAL_SIGKILL) {
                if (cfg(s)->flush_pending && s->state == SOCKET_RUNNING)
                        flush_fds(s);
                socket_set_state(s, SOCKET_LISTENING);
        }
        else if (st == SERVICE_RUNNING)
                socket_set_state(s, SOCKET_RUNNING);
}

int socket_fds_for_service(Unit *service, int **fds, char ***names, size_t *n, int *ret_conn_fd) {
        Unit *other;
        *ret_conn_fd = -EBADF;
        UNIT_SET_FOREACH(other, &service->deps[REL_TRIGGERED_BY]) {
                if (other->type != UNIT_SOCKET || other->load_state != UNIT_LOADED || other->vtable != &socket_vtable)
                        continue;
                Socket *s = (Socket *) other;
                if (cfg(s)->accept) {
                        for (size_t i = 0; i < s->n_conns; i++)
                                if (s->conns[i].service == service) {
                                        int *a = realloc(*fds, (*n + 1) * sizeof(int));
                                        if (!a)
                                                return -ENOMEM;
                                        *fds = a;
                                        if (strv_extend(names, "connection") < 0)
                                                return -ENOMEM;
                                        a[(*n)++] = s->conns[i].fd;
                                        *ret_conn_fd = s->conns[i].fd;
                                }
                        continue;
                }
                int r = socket_collect_fds(other, fds, names, n);
                if (r < 0)
                        return r;
        }
        return 0;
}
