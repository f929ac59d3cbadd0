/* sctl-control.c — see sctl-control.h. Requests are answered in order; only "done" frames come
 * at their own time, so whatever reads the socket sets them aside for whoever waits. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "path-util.h"
#include "sctl-control.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static int connect_full(const SctlOptions *o, bool quiet, SctlConn **ret) {
        _cleanup_free_ char *path = NULL;
        const char *env = getenv("SYSMASTER_CONTROL_SOCKET");
        if (env)
                path = strdup(env);
        else if (o->root)
                path = path_join(o->root, CONTROL_SOCKET_PATH);
        else
                path = strdup(CONTROL_SOCKET_PATH);
        if (!path)
                return log_oom();
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        int fd = -1, r = -ENAMETOOLONG;
        if (strlen(path) < sizeof sa.sun_path) {
                strcpy(sa.sun_path, path);
                fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                if (fd < 0)
                        r = -errno;
                else if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                        r = -errno;
                        close(fd);
                        fd = -1;
                }
        }
        if (fd < 0) {
                /* what systemctl says when there is no systemd to talk to */
                if (quiet)
                        return r;
                if (r == -ENOENT || r == -ECONNREFUSED) {
                        log_error("System has not been booted with systemd as init system (PID 1). Can't operate.");
                        log_error("Failed to connect to bus: Host is down");
                        return -EHOSTDOWN;
                }
                return log_error_errno(r, "Failed to connect to %s: %m", path);
        }
        SctlConn *c = new0(SctlConn, 1);
        if (!c) {
                close(fd);
                return log_oom();
        }
        c->fd = fd;
        control_reader_init(&c->reader, CONTROL_REPLY_MAX);
        *ret = c;
        return 0;
}

int sctl_connect(const SctlOptions *o, SctlConn **ret) {
        return connect_full(o, false, ret);
}

int sctl_connect_quiet(const SctlOptions *o, SctlConn **ret) {
        return connect_full(o, true, ret);
}

void sctl_done_clear(SctlDone *d) {
        free(d->unit);
        free(d->type);
        free(d->result);
        free(d->service_result);
        *d = (SctlDone){};
}

SctlConn *sctl_conn_free(SctlConn *c) {
        if (!c)
                return NULL;
        if (c->fd >= 0)
                close(c->fd);
        control_reader_done(&c->reader);
        for (size_t i = 0; i < c->n_done; i++)
                sctl_done_clear(&c->done[i]);
        free(c->done);
        free(c);
        return NULL;
}

static int sendv(SctlConn *c, const char *first, va_list ap) {
        const char *fields[64];
        size_t n = 0;
        for (const char *f = first; f && n < ELEMENTSOF(fields) - 1; f = va_arg(ap, const char *))
                fields[n++] = f;
        fields[n] = NULL;
        _cleanup_free_ char *frame = NULL;
        size_t size;
        int r = control_frame_build((char *const *) fields, CONTROL_REQUEST_MAX, &frame, &size);
        if (r < 0)
                return r;
        return control_write_frame(c->fd, frame, size);
}

int sctl_send(SctlConn *c, const char *first, ...) {
        va_list ap;
        va_start(ap, first);
        int r = sendv(c, first, ap);
        va_end(ap);
        return r;
}

int sctl_send_strv(SctlConn *c, char *const *fields) {
        _cleanup_free_ char *frame = NULL;
        size_t size;
        int r = control_frame_build(fields, CONTROL_REQUEST_MAX, &frame, &size);
        if (r < 0)
                return r;
        return control_write_frame(c->fd, frame, size);
}

static int keep_done(SctlConn *c, char **f) {
        SctlDone *n = realloc(c->done, (c->n_done + 1) * sizeof(SctlDone));
        if (!n)
                return -ENOMEM;
        c->done = n;
        size_t k = strv_length(f);
        SctlDone d = {
                .id = (uint32_t) strtoul(k > 1 ? f[1] : "0", NULL, 10),
                .unit = strdup(k > 2 ? f[2] : ""),
                .type = strdup(k > 3 ? f[3] : ""),
                .result = strdup(k > 4 ? f[4] : ""),
                .service_result = strdup(k > 5 ? f[5] : ""),
        };
        c->done[c->n_done++] = d;
        return 0;
}

static int read_any(SctlConn *c, char ***ret) {
        int r = control_read_frame(c->fd, &c->reader, -1, ret);
        if (r < 0)
                return log_error_errno(r, "Failed to read from the service manager: %m");
        if (!(*ret)[0]) {
                strv_free(*ret);
                return log_error_errno(EBADMSG, "Empty answer from the service manager.");
        }
        return 0;
}

int sctl_read(SctlConn *c, char ***ret_fields) {
        for (;;) {
                char **f;
                int r = read_any(c, &f);
                if (r < 0)
                        return r;
                if (streq(f[0], "done")) {
                        r = keep_done(c, f);
                        strv_free(f);
                        if (r < 0)
                                return r;
                        continue;
                }
                *ret_fields = f;
                return 0;
        }
}

/* "error ERRNO MESSAGE" → -ERRNO and the message */
static int take_error(char **f, char **ret_error) {
        int e = f[1] ? atoi(f[1]) : EIO;
        if (e <= 0)
                e = EIO;
        if (ret_error)
                *ret_error = strdup(f[1] && f[2] ? f[2] : strerror(e));
        return -e;
}

int sctl_call(SctlConn *c, char ***ret_fields, char **ret_error, const char *first, ...) {
        va_list ap;
        va_start(ap, first);
        int r = sendv(c, first, ap);
        va_end(ap);
        if (r < 0)
                return log_error_errno(r, "Failed to send to the service manager: %m");
        _cleanup_strv_free_ char **f = NULL;
        if ((r = sctl_read(c, &f)) < 0)
                return r;
        if (streq(f[0], "error"))
                return take_error(f, ret_error);
        if (ret_fields)
                *ret_fields = strv_copy(f + 1);
        return 0;
}

int sctl_call_strv(SctlConn *c, char *const *fields, char ***ret_fields, char **ret_error) {
        int r = sctl_send_strv(c, fields);
        if (r < 0)
                return log_error_errno(r, "Failed to send to the service manager: %m");
        _cleanup_strv_free_ char **f = NULL;
        if ((r = sctl_read(c, &f)) < 0)
                return r;
        if (streq(f[0], "error"))
                return take_error(f, ret_error);
        if (ret_fields)
                *ret_fields = strv_copy(f + 1);
        return 0;
}

void sctl_rows_free(char ***rows, size_t n) {
        for (size_t i = 0; i < n; i++)
                strv_free(rows[i]);
        free(rows);
}

int sctl_call_rows(SctlConn *c, char ****ret_rows, size_t *ret_n, char **ret_error, const char *first, ...) {
        va_list ap;
        va_start(ap, first);
        int r = sendv(c, first, ap);
        va_end(ap);
        if (r < 0)
                return log_error_errno(r, "Failed to send to the service manager: %m");
        char ***rows = NULL;
        size_t n = 0;
        for (;;) {
                char **f;
                if ((r = sctl_read(c, &f)) < 0)
                        break;
                if (streq(f[0], "end")) {
                        strv_free(f);
                        *ret_rows = rows;
                        *ret_n = n;
                        return 0;
                }
                if (streq(f[0], "error")) {
                        r = take_error(f, ret_error);
                        strv_free(f);
                        break;
                }
                char ***nr = realloc(rows, (n + 1) * sizeof(char **));
                if (!nr) {
                        strv_free(f);
                        r = -ENOMEM;
                        break;
                }
                rows = nr;
                /* drop the "row" tag: rows[i] holds the data fields */
                free(f[0]);
                memmove(f, f + 1, strv_length(f + 1) * sizeof(char *) + sizeof(char *));
                rows[n++] = f;
        }
        sctl_rows_free(rows, n);
        return r;
}

int sctl_wait_job(SctlConn *c, uint32_t id, SctlDone *ret) {
        for (;;) {
                for (size_t i = 0; i < c->n_done; i++)
                        if (c->done[i].id == id) {
                                *ret = c->done[i];
                                c->done[i] = c->done[--c->n_done];
                                return 0;
                        }
                char **f;
                int r = read_any(c, &f);
                if (r < 0)
                        return r;
                if (streq(f[0], "done"))
                        r = keep_done(c, f);
                /* anything else here would be an answer nobody asked for: ignore it */
                strv_free(f);
                if (r < 0)
                        return r;
        }
}

int sctl_unit_properties(SctlConn *c, const char *unit, char ***ret, char **ret_error) {
        char ***rows;
        size_t n;
        int r = sctl_call_rows(c, &rows, &n, ret_error, "show", unit, NULL);
        if (r < 0)
                return r;
        char **l = new0(char *, n + 1);
        if (!l) {
                sctl_rows_free(rows, n);
                return -ENOMEM;
        }
        for (size_t i = 0; i < n; i++)
                if (rows[i][0])
                        l[i] = TAKE_PTR(rows[i][0]);
                else
                        l[i] = strdup("");
        sctl_rows_free(rows, n);
        *ret = l;
        return 0;
}

const char *sctl_property(char **props, const char *name) {
        STRV_FOREACH(p, props) {
                const char *v = startswith(*p, name);
                if (v && *v == '=')
                        return v + 1;
        }
        return NULL;
}

int sctl_mangle_names(char **args, char ***ret) {
        _cleanup_strv_free_ char **l = NULL;
        STRV_FOREACH(a, args) {
                char *n = NULL;
                if (unit_name_mangle(*a, &n) < 0) {
                        log_error("Failed to mangle name '%s': Invalid argument", *a);
                        return -EINVAL;
                }
                if (strv_push(&l, n) < 0)
                        return log_oom();
        }
        *ret = TAKE_PTR(l);
        return 0;
}
