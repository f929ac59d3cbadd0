/* socket-fds.c — the fds a socket unit owns: opening every Listen*= entry when the start
 * reaches start-chown, Symlinks=, watching them while listening, closing them (and removing
 * the files for RemoveOnStop=) when the stop reaches stop-post, and the two ways others reach
 * them: socket_enumerate_fds() and socket_collect_fds() (the services it starts). Every fd
 * opened is also handed to init's fd store (as "socket-INDEX-UNIT") and removed from it when
 * closed: after a manager crash socket_restore_fds() takes them back, so a listening socket
 * never closes — a client connecting during the outage waits in the backlog. */
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "fs-util.h"
#include "init-link.h"
#include "log.h"
#include "manager.h"
#include "path-util.h"
#include "socket-address.h"
#include "socket-listen.h"
#include "socket.h"
#include "string-util.h"
#include "strv.h"
#include "unit-types.h"

static SocketConfig *cfg(Socket *s) {
        return s->meta.config->socket;
}

void socket_watch_fds(Socket *s, bool on) {
        for (size_t i = 0; i < s->n_fds; i++) {
                SocketFd *p = &s->fds[i];
                if (!on || p->fd < 0) {
                        p->source = event_source_free(p->source);
                        continue;
                }
                if (p->source)
                        continue;
                if (event_add_io(s->meta.manager->event, &p->source, p->fd, EPOLLIN, socket_io_cb, s) < 0)
                        log_warning("%s: cannot watch %s.", s->meta.id, p->address);
                else
                        event_source_set_description(p->source, "socket-listen");
        }
}

/* Only what this run opened is removed: a file that was in the way of a failed start (a
 * regular file where the FIFO should be) is not ours. */
static void remove_file(const SocketFd *f) {
        if (f->fd < 0 || !f->path)
                return;
        SocketPort p = { .type = f->type, .address = f->path, .family = f->type == SOCKET_PORT_SOCKET ? AF_UNIX : 0 };
        if (f->type == SOCKET_PORT_SOCKET) {
                p.sockaddr.un.sun_family = AF_UNIX;
                snprintf(p.sockaddr.un.sun_path, sizeof p.sockaddr.un.sun_path, "%s", f->path);
        }
        socket_port_unlink(&p);
}

/* The name of fd index in init's store; false when the unit's name is too long for one (the
 * fd then does not survive a crash: it is opened again). */
static bool store_name(Socket *s, size_t index, char buf[static INIT_MSG_NAME_MAX]) {
        int n = snprintf(buf, INIT_MSG_NAME_MAX, "socket-%zu-%s", index, s->meta.id);
        return n > 0 && n < INIT_MSG_NAME_MAX;
}

static void store_fd(Socket *s, size_t index, int fd) {
        char name[INIT_MSG_NAME_MAX];
        if (s->meta.manager->init_link.fd >= 0 && store_name(s, index, name))
                (void) init_link_store_fd(s->meta.manager, name, fd);
}

static void unstore_fd(Socket *s, size_t index) {
        char name[INIT_MSG_NAME_MAX];
        if (s->meta.manager->init_link.fd >= 0 && store_name(s, index, name))
                init_link_remove_fd(s->meta.manager, name);
}

void socket_close_fds(Socket *s) {
        if (!s->fds_open)
                return;
        bool remove = s->meta.config && cfg(s)->remove_on_stop;
        socket_watch_fds(s, false);
        for (size_t i = 0; i < s->n_fds; i++) {
                if (remove)
                        remove_file(&s->fds[i]);
                if (s->fds[i].fd >= 0)
                        unstore_fd(s, i);
                safe_close(s->fds[i].fd);
                free(s->fds[i].address);
                free(s->fds[i].path);
        }
        s->fds = mfree(s->fds);
        s->n_fds = 0;
        s->fds_open = false;
        if (remove && s->symlinks_made)
                STRV_FOREACH(l, cfg(s)->symlinks)
                        (void) unlink(*l);
        s->symlinks_made = false;
}

/* Symlinks= point at the one file-system socket or FIFO; with several there is no "the". */
static void make_symlinks(Socket *s) {
        SocketConfig *c = cfg(s);
        const char *target = NULL;
        size_t n = 0;
        for (size_t i = 0; i < c->n_ports; i++)
                if (socket_port_path(&c->ports[i]) && c->ports[i].type != SOCKET_PORT_SPECIAL) {
                        target = socket_port_path(&c->ports[i]);
                        n++;
                }
        if (!c->symlinks)
                return;
        if (n != 1) {
                log_warning("%s: Symlinks= needs exactly one file-system socket or FIFO, ignoring.", s->meta.id);
                return;
        }
        s->symlinks_made = true;
        STRV_FOREACH(l, c->symlinks) {
                _cleanup_free_ char *d = path_dirname(*l);
                if (d)
                        (void) mkdir_p(d, c->directory_mode);
                (void) unlink(*l);
                if (symlink(target, *l) < 0)
                        log_warning("%s: Failed to create symlink %s → %s: %s", s->meta.id, *l, target, strerror(errno));
        }
}

/* restore: take each fd from init's store first (a recovery); what it lacks is opened. */
static int open_fds(Socket *s, bool restore) {
        SocketConfig *c = cfg(s);
        if (s->fds_open)
                return 0;
        s->fds = new0(SocketFd, c->n_ports ? c->n_ports : 1);
        if (!s->fds)
                return -ENOMEM;
        s->fds_open = true;
        for (size_t i = 0; i < c->n_ports; i++) {
                SocketPort *p = &c->ports[i];
                SocketFd *f = &s->fds[s->n_fds++];
                *f = (SocketFd){ .fd = -EBADF, .type = p->type, .socket_type = p->socket_type, .family = p->family };
                if (socket_port_address_to_string(p, &f->address) < 0)
                        return -ENOMEM;
                if (p->type == SOCKET_PORT_USB_FUNCTION) {
                        log_warning("%s: ListenUSBFunction= is not supported by sysMaster, ignoring %s.", s->meta.id, p->address);
                        continue;
                }
                const char *path = p->type == SOCKET_PORT_MQUEUE ? p->address : socket_port_path(p);
                if (path && !(f->path = strdup(path)))
                        return -ENOMEM;
                char name[INIT_MSG_NAME_MAX];
                int fd = restore && store_name(s, i, name) ? init_link_take_fd(s->meta.manager, name) : -ENOENT;
                if (fd >= 0) {
                        f->fd = fd;
                        continue;
                }
                if (restore)
                        log_notice("%s: %s was not in init's fd store, opening it again.", s->meta.id, f->address);
                fd = socket_port_open(p, c, s->meta.id);
                if (fd < 0)
                        return fd;
                f->fd = fd;
                store_fd(s, i, fd);
        }
        make_symlinks(s);
        return 0;
}

int socket_open_fds(Socket *s) {
        return open_fds(s, false);
}

int socket_restore_fds(Socket *s) {
        return open_fds(s, true);
}

int socket_enumerate_fds(Unit *u, SocketFdCallback cb, void *userdata) {
        if (u->type != UNIT_SOCKET || u->vtable != &socket_vtable)
                return -EINVAL;
        Socket *s = (Socket *) u;
        for (size_t i = 0; i < s->n_fds; i++) {
                if (s->fds[i].fd < 0)
                        continue;
                int r = cb(u, i, s->fds[i].fd, s->fds[i].address, userdata);
                if (r < 0)
                        return r;
        }
        return 0;
}

int socket_collect_fds(Unit *u, int **fds, char ***names, size_t *n) {
        Socket *s = (Socket *) u;
        SocketConfig *c = cfg(s);
        int added = 0;
        for (size_t i = 0; i < s->n_fds; i++) {
                if (s->fds[i].fd < 0)
                        continue;
                int *a = realloc(*fds, (*n + 1) * sizeof(int));
                if (!a)
                        return -ENOMEM;
                *fds = a;
                if (strv_extend(names, c->fdname ?: u->id) < 0)
                        return -ENOMEM;
                a[(*n)++] = s->fds[i].fd;
                added++;
        }
        return added;
}
