/* control-server.c — the socket side of the control protocol (see control-server.h): accepting
 * connections, reading frames without ever blocking the loop, queueing replies and writing
 * them as the peer drains its socket, and forgetting clients that go away, misbehave or stop
 * reading. A client is never freed from inside the dispatch of its own request; it is marked
 * dropped and freed once the handler returns. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control-server.h"
#include "log.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"

static void client_unlink(ControlClient *c) {
        ControlServer *s = c->server;
        for (ControlClient **p = &s->clients; *p; p = &(*p)->next)
                if (*p == c) {
                        *p = c->next;
                        s->n_clients--;
                        break;
                }
}

ControlClient *control_client_free(ControlClient *c) {
        if (!c)
                return NULL;
        client_unlink(c);
        event_source_free(c->io);
        event_source_free(c->timer);
        if (c->fd >= 0)
                close(c->fd);
        control_reader_done(&c->reader);
        free(c->out);
        free(c->waits);
        free(c);
        return NULL;
}

static ControlClient *client_alloc(ControlServer *s, int fd, uid_t uid, pid_t pid) {
        ControlClient *c = new0(ControlClient, 1);
        if (!c)
                return NULL;
        c->server = s;
        c->fd = fd;
        c->uid = uid;
        c->pid = pid;
        control_reader_init(&c->reader, CONTROL_REQUEST_MAX);
        c->next = s->clients;
        s->clients = c;
        s->n_clients++;
        return c;
}

ControlClient *control_client_new_detached(ControlServer *s, uid_t uid) {
        return client_alloc(s, -1, uid, 0);
}

static void client_update_events(ControlClient *c) {
        if (c->io)
                (void) event_source_set_io_events(c->io, EPOLLIN | (c->out_size > 0 ? EPOLLOUT : 0));
}

/* Writes what the socket takes now; the rest waits for EPOLLOUT. */
static int client_flush(ControlClient *c) {
        while (c->fd >= 0 && c->out_size > 0) {
                ssize_t k = send(c->fd, c->out, c->out_size, MSG_DONTWAIT | MSG_NOSIGNAL);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN)
                                break;
                        return -errno;
                }
                memmove(c->out, c->out + k, c->out_size - (size_t) k);
                c->out_size -= (size_t) k;
        }
        client_update_events(c);
        return 0;
}

int control_client_reply(ControlClient *c, char *const *fields) {
        if (c->dropped)
                return -ENOBUFS;
        _cleanup_free_ char *frame = NULL;
        size_t size;
        int r = control_frame_build(fields, CONTROL_REPLY_MAX, &frame, &size);
        if (r < 0)
                return r;
        if (c->out_size + size > CONTROL_OUTPUT_MAX) {
                log_debug("Control client (uid %u) does not read its replies, dropping it.", (unsigned) c->uid);
                c->dropped = true;
                return -ENOBUFS;
        }
        if (c->out_size + size > c->out_allocated) {
                size_t na = MAX(c->out_allocated * 2, c->out_size + size);
                char *n = realloc(c->out, na);
                if (!n)
                        return -ENOMEM;
                c->out = n;
                c->out_allocated = na;
        }
        memcpy(c->out + c->out_size, frame, size);
        c->out_size += size;
        client_update_events(c);
        return 0;
}

int control_client_replyv(ControlClient *c, const char *first, ...) {
        const char *fields[64];
        size_t n = 0;
        va_list ap;
        va_start(ap, first);
        for (const char *f = first; f && n < ELEMENTSOF(fields) - 1; f = va_arg(ap, const char *))
                fields[n++] = f;
        va_end(ap);
        fields[n] = NULL;
        return control_client_reply(c, (char *const *) fields);
}

int control_client_reply_error(ControlClient *c, int error, const char *fmt, ...) {
        _cleanup_free_ char *msg = NULL;
        char num[16];
        va_list ap;
        va_start(ap, fmt);
        if (vasprintf(&msg, fmt, ap) < 0)
                msg = NULL;
        va_end(ap);
        snprintf(num, sizeof num, "%d", error < 0 ? -error : error);
        return control_client_replyv(c, "error", num, msg ?: "Out of memory.", NULL);
}

int control_client_wait_job(ControlClient *c, uint32_t id) {
        if (c->n_waits >= CONTROL_WAITS_MAX)
                return -ENOBUFS;
        uint32_t *n = realloc(c->waits, (c->n_waits + 1) * sizeof(uint32_t));
        if (!n)
                return -ENOMEM;
        c->waits = n;
        c->waits[c->n_waits++] = id;
        return 0;
}

static void server_take_objective(ControlServer *s, uint32_t id, JobResult result) {
        if (s->objective_job == 0 || s->objective_job != id)
                return;
        s->objective_job = 0;
        if (result != JOB_DONE) {
                log_warning("Job for the shutdown target ended with result %s; not shutting down.",
                            job_result_to_string(result));
                return;
        }
        s->manager->objective = s->objective_after_job;
        manager_objective_changed(s->manager);
}

void control_server_job_done(uint32_t id, const char *unit, JobType type, JobResult result, void *userdata) {
        ControlServer *s = userdata;
        char num[16];
        snprintf(num, sizeof num, "%u", id);
        /* what a failed service job is explained with ("exit-code", "timeout"…) */
        Unit *u = manager_get_unit(s->manager, unit);
        const char *service_result = u && u->vtable->result ? u->vtable->result(u) : "";
        for (ControlClient *c = s->clients; c; c = c->next)
                for (size_t i = 0; i < c->n_waits; i++) {
                        if (c->waits[i] != id)
                                continue;
                        c->waits[i] = c->waits[--c->n_waits];
                        (void) control_client_replyv(c, "done", num, unit, job_type_to_string(type) ?: "",
                                                     job_result_to_string(result) ?: "", service_result ?: "", NULL);
                        (void) client_flush(c);
                        break;
                }
        server_take_objective(s, id, result);
}

static int client_arm_timer(ControlClient *c);

static void client_process(ControlClient *c) {
        for (;;) {
                char **fields = NULL;
                int r = control_reader_next(&c->reader, &fields);
                if (r == 0)
                        break;
                if (r == -EBADMSG) {
                        /* the stream is still in step: answer and go on */
                        (void) control_client_reply_error(c, EBADMSG, "Malformed request.");
                        continue;
                }
                if (r < 0) {
                        c->dropped = true;
                        break;
                }
                if (!fields[0])
                        (void) control_client_reply_error(c, EBADMSG, "Empty request.");
                else
                        control_dispatch(c, fields);
                strv_free(fields);
                if (c->dropped)
                        break;
        }
}

static int client_io(EventSource *es, int fd, uint32_t revents, void *userdata) {
        ControlClient *c = userdata;
        (void) es;
        if (revents & EPOLLIN) {
                char buf[16384];
                ssize_t k = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
                if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR)) {
                        control_client_free(c); /* the peer went away: forget its waits too */
                        return 0;
                }
                if (k > 0) {
                        if (control_reader_feed(&c->reader, buf, (size_t) k) < 0)
                                c->dropped = true;
                        else
                                client_process(c);
                        (void) client_arm_timer(c);
                }
        } else if (revents & (EPOLLHUP | EPOLLERR)) {
                control_client_free(c);
                return 0;
        }
        if (!c->dropped && client_flush(c) < 0)
                c->dropped = true;
        if (c->dropped)
                control_client_free(c);
        return 0;
}

static int client_timeout(EventSource *es, usec_t now, void *userdata) {
        ControlClient *c = userdata;
        (void) es, (void) now;
        /* waiting for a job is not idling; a half-sent request or silence is */
        if (c->n_waits > 0 && c->reader.size == 0) {
                (void) client_arm_timer(c);
                return 0;
        }
        log_debug("Control client (pid %d) idle for too long, disconnecting.", (int) c->pid);
        control_client_free(c);
        return 0;
}

static int client_arm_timer(ControlClient *c) {
        usec_t when = now_usec(CLOCK_MONOTONIC) + CONTROL_IDLE_TIMEOUT_USEC;
        if (c->timer) {
                (void) event_source_set_time(c->timer, when);
                return event_source_set_enabled(c->timer, EVENT_ONESHOT);
        }
        return event_add_time(c->server->manager->event, &c->timer, CLOCK_MONOTONIC, when, client_timeout, c);
}

static int server_accept(EventSource *es, int fd, uint32_t revents, void *userdata) {
        ControlServer *s = userdata;
        (void) es, (void) revents;
        int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (cfd < 0)
                return 0;
        if (s->n_clients >= CONTROL_CLIENTS_MAX) {
                log_warning("Too many control connections (%u), refusing one.", s->n_clients);
                close(cfd);
                return 0;
        }
        struct ucred cred = { .uid = (uid_t) -1, .pid = 0 };
        socklen_t l = sizeof cred;
        if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &l) < 0) {
                close(cfd);
                return 0;
        }
        ControlClient *c = client_alloc(s, cfd, cred.uid, cred.pid);
        if (!c) {
                close(cfd);
                return 0;
        }
        if (event_add_io(s->manager->event, &c->io, cfd, EPOLLIN, client_io, c) < 0 || client_arm_timer(c) < 0) {
                control_client_free(c);
                return 0;
        }
        event_source_set_description(c->io, "control-client");
        return 0;
}

int control_server_new(Manager *m, const char *path, ControlServer **ret) {
        ControlServer *s = new0(ControlServer, 1);
        if (!s)
                return -ENOMEM;
        s->manager = m;
        s->listen_fd = -1;
        if (!path) {
                *ret = s;
                return 0;
        }
        int r;
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        if (strlen(path) >= sizeof sa.sun_path) {
                r = -ENAMETOOLONG;
                goto fail;
        }
        strcpy(sa.sun_path, path);
        if (!(s->path = strdup(path))) {
                r = -ENOMEM;
                goto fail;
        }
        {
                _cleanup_free_ char *dir = path_dirname(path);
                if (dir) {
                        _cleanup_free_ char *parent = path_dirname(dir);
                        if (parent)
                                (void) mkdir(parent, 0755);
                        (void) mkdir(dir, 0755);
                }
        }
        s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (s->listen_fd < 0) {
                r = -errno;
                goto fail;
        }
        (void) unlink(path);
        /* anyone may connect and query; changes are checked per request with SO_PEERCRED */
        if (bind(s->listen_fd, (struct sockaddr *) &sa, sizeof sa) < 0 || chmod(path, 0666) < 0 ||
            listen(s->listen_fd, SOMAXCONN) < 0) {
                r = -errno;
                goto fail;
        }
        if ((r = event_add_io(m->event, &s->listen_source, s->listen_fd, EPOLLIN, server_accept, s)) < 0)
                goto fail;
        event_source_set_description(s->listen_source, "control-listen");
        *ret = s;
        return 0;
fail:
        control_server_free(s);
        return r;
}

ControlServer *control_server_free(ControlServer *s) {
        if (!s)
                return NULL;
        while (s->clients)
                control_client_free(s->clients);
        /* jobs still pointing at us must not call into freed memory */
        Job *j;
        if (s->manager && s->manager->jobs)
                HASHMAP_FOREACH(j, s->manager->jobs)
                        if (j->waiter == control_server_job_done && j->waiter_userdata == s) {
                                j->waiter = NULL;
                                j->waiter_userdata = NULL;
                        }
        event_source_free(s->listen_source);
        if (s->listen_fd >= 0)
                close(s->listen_fd);
        if (s->path)
                (void) unlink(s->path);
        free(s->path);
        free(s);
        return NULL;
}
