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
#include "init-link.h"
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
        if (c->stored_name && c->server->manager) {
                init_link_remove_fd(c->server->manager, c->stored_name);
                manager_checkpoint_schedule(c->server->manager);
        }
        free(c->stored_name);
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

/* A client waiting for a job must get its answer even if we crash first: init keeps a copy of
 * its connection, and the checkpoint says what it waits for. */
static void client_store(ControlClient *c) {
        Manager *m = c->server->manager;
        if (c->fd < 0 || c->stored_name || !m || m->init_link.fd < 0)
                return;
        static unsigned long long seq;
        if (asprintf(&c->stored_name, "client-%llu-%llu", (unsigned long long) now_usec(CLOCK_REALTIME), ++seq) < 0) {
                c->stored_name = NULL;
                return;
        }
        if (init_link_store_fd(m, c->stored_name, c->fd) < 0)
                c->stored_name = mfree(c->stored_name);
        manager_checkpoint_schedule(m);
}

int control_client_wait_job(ControlClient *c, uint32_t id) {
        if (c->n_waits >= CONTROL_WAITS_MAX)
                return -ENOBUFS;
        uint32_t *n = realloc(c->waits, (c->n_waits + 1) * sizeof(uint32_t));
        if (!n)
                return -ENOMEM;
        c->waits = n;
        c->waits[c->n_waits++] = id;
        client_store(c);
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
                /* a unit a request loaded (status, show…) goes again if nothing needs it */
                manager_schedule_gc(c->server->manager);
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
        /* A previous manager's socket, kept by init: clients that connected while no manager
         * ran wait in its backlog instead of being refused. */
        s->listen_fd = init_link_take_fd(m, CONTROL_STORE_NAME);
        if (s->listen_fd >= 0) {
                struct sockaddr_un bound = {};
                socklen_t l = sizeof bound;
                if (getsockname(s->listen_fd, (struct sockaddr *) &bound, &l) < 0 || !streq(bound.sun_path, path) ||
                    access(path, F_OK) < 0) {
                        log_warning("The control socket kept by init is not bound to %s any more, making a new one.", path);
                        s->listen_fd = safe_close(s->listen_fd);
                } else
                        (void) fcntl(s->listen_fd, F_SETFL, fcntl(s->listen_fd, F_GETFL) | O_NONBLOCK);
        }
        if (s->listen_fd < 0) {
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
                (void) init_link_store_fd(m, CONTROL_STORE_NAME, s->listen_fd);
        }
        if ((r = event_add_io(m->event, &s->listen_source, s->listen_fd, EPOLLIN, server_accept, s)) < 0)
                goto fail;
        event_source_set_description(s->listen_source, "control-listen");
        m->selfheal.control = s;
        *ret = s;
        return 0;
fail:
        control_server_free(s);
        return r;
}

ControlServer *control_server_free(ControlServer *s) {
        if (!s)
                return NULL;
        if (s->manager && s->manager->selfheal.control == s)
                s->manager->selfheal.control = NULL;
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

void control_server_serialize(ControlServer *s, FILE *f) {
        for (ControlClient *c = s->clients; c; c = c->next) {
                if (!c->stored_name || c->n_waits == 0)
                        continue;
                _cleanup_free_ char *v = NULL;
                if (asprintf(&v, "%s %u %d", c->stored_name, (unsigned) c->uid, (int) c->pid) < 0)
                        return;
                for (size_t i = 0; i < c->n_waits; i++) {
                        Job *j = manager_get_job(s->manager, c->waits[i]);
                        if (!j)
                                continue;
                        char *n = NULL;
                        if (asprintf(&n, "%s %u:%s:%s", v, j->id, job_type_to_string(j->type), j->unit->id) < 0)
                                return;
                        free(v);
                        v = n;
                }
                checkpoint_put(f, "client", v);
        }
}

/* A job of a dead manager that the new one does not have (it finished after the last
 * checkpoint): its result as the unit's state tells it. */
static JobResult result_from_state(Manager *m, JobType type, const char *unit) {
        Unit *u = manager_get_unit(m, unit);
        /* an inactive unit nobody needed was collected (manager-gc.c): a stop got there */
        if (!u)
                return type == JOB_STOP ? JOB_DONE : JOB_FAILED;
        UnitActiveState st = unit_active_state(u);
        if (type == JOB_STOP)
                return UNIT_IS_INACTIVE_OR_FAILED(st) ? JOB_DONE : JOB_FAILED;
        if (type == JOB_RELOAD || type == JOB_TRY_RELOAD)
                return UNIT_IS_ACTIVE_OR_RELOADING(st) ? JOB_DONE : JOB_FAILED;
        return st == UNIT_FAILED ? JOB_FAILED : JOB_DONE;
}

int control_server_restore_client(ControlServer *s, const char *value) {
        Manager *m = s->manager;
        _cleanup_strv_free_ char **w = NULL;
        unsigned uid;
        int pid;
        if (strv_split_full(&w, value, " ", 0) < 0 || !w || strv_length(w) < 3 || sscanf(w[1], "%u", &uid) != 1 || sscanf(w[2], "%d", &pid) != 1)
                return -EBADMSG;
        int fd = init_link_take_fd(m, w[0]);
        if (fd < 0)
                return log_debug_errno(fd, "Waiting client %s: its connection is gone.", w[0]);
        (void) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        ControlClient *c = client_alloc(s, fd, (uid_t) uid, (pid_t) pid);
        if (!c) {
                close(fd);
                return -ENOMEM;
        }
        if (!(c->stored_name = strdup(w[0])) || event_add_io(m->event, &c->io, fd, EPOLLIN, client_io, c) < 0 ||
            client_arm_timer(c) < 0) {
                control_client_free(c);
                return -ENOMEM;
        }
        event_source_set_description(c->io, "control-client");
        for (size_t i = 3; w[i]; i++) {
                char type[32], unit[256];
                unsigned id;
                if (sscanf(w[i], "%u:%31[^:]:%255s", &id, type, unit) != 3)
                        continue;
                Job *j = manager_get_job(m, id);
                if (j && (!j->waiter || j->waiter == control_server_job_done)) {
                        j->waiter = control_server_job_done;
                        j->waiter_userdata = s;
                        (void) control_client_wait_job(c, id);
                        continue;
                }
                char num[16];
                JobResult res = result_from_state(m, job_type_from_string(type), unit);
                Unit *u = manager_get_unit(m, unit);
                const char *sr = u && u->vtable->result ? u->vtable->result(u) : "";
                snprintf(num, sizeof num, "%u", id);
                log_info("Job %u (%s/%s) of the previous manager is gone: answering %s from the unit's state.", id, unit,
                         type, job_result_to_string(res));
                (void) control_client_replyv(c, "done", num, unit, type, job_result_to_string(res), sr ?: "", NULL);
        }
        (void) client_flush(c);
        return 0;
}
