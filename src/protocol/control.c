/* control.c — see control.h. */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "macro.h"
#include "string-util.h"

int control_frame_build(char *const *fields, size_t max, char **ret, size_t *ret_size) {
        size_t payload = 0;
        for (size_t i = 0; fields && fields[i]; i++)
                payload += strlen(fields[i]) + 1;
        if (payload > max)
                return -E2BIG;
        char *buf = malloc(4 + payload), *p = buf + 4;
        if (!buf)
                return -ENOMEM;
        for (int i = 0; i < 4; i++)
                buf[i] = (char) ((payload >> (8 * i)) & 0xff);
        for (size_t i = 0; fields && fields[i]; i++)
                p = stpcpy(p, fields[i]) + 1;
        *ret = buf;
        *ret_size = 4 + payload;
        return 0;
}

int control_frame_buildv(size_t max, char **ret, size_t *ret_size, const char *first, ...) {
        const char *fields[64];
        size_t n = 0;
        va_list ap;
        va_start(ap, first);
        for (const char *s = first; s; s = va_arg(ap, const char *)) {
                if (n >= ELEMENTSOF(fields) - 1) {
                        va_end(ap);
                        return -E2BIG;
                }
                fields[n++] = s;
        }
        va_end(ap);
        fields[n] = NULL;
        return control_frame_build((char *const *) fields, max, ret, ret_size);
}

void control_reader_init(ControlReader *r, size_t max) {
        *r = (ControlReader){ .max = max };
}

void control_reader_done(ControlReader *r) {
        r->buf = mfree(r->buf);
        r->size = r->allocated = 0;
}

static size_t frame_length(const ControlReader *r) {
        size_t l = 0;
        for (int i = 0; i < 4; i++)
                l |= (size_t) (unsigned char) r->buf[i] << (8 * i);
        return l;
}

int control_reader_feed(ControlReader *r, const void *data, size_t size) {
        if (size == 0)
                return 0;
        /* Frames are taken out as they complete, so the buffer never needs to hold more than
         * one maximal frame plus what arrived with it. */
        if (r->size + size > 2 * (r->max + 4) + 65536)
                return -EMSGSIZE;
        if (r->size + size > r->allocated) {
                size_t na = MAX(r->allocated * 2, r->size + size);
                na = MAX(na, (size_t) 4096);
                char *nb = realloc(r->buf, na);
                if (!nb)
                        return -ENOMEM;
                r->buf = nb;
                r->allocated = na;
        }
        memcpy(r->buf + r->size, data, size);
        r->size += size;
        if (r->size >= 4 && frame_length(r) > r->max)
                return -EMSGSIZE;
        return 0;
}

int control_reader_next(ControlReader *r, char ***ret_fields) {
        if (r->size < 4)
                return 0;
        size_t l = frame_length(r);
        if (l > r->max)
                return -EMSGSIZE;
        if (r->size < 4 + l)
                return 0;
        const char *p = r->buf + 4, *end = p + l;
        size_t n = 0;
        for (const char *q = p; q < end; q++)
                if (*q == 0)
                        n++;
        int ret = 0;
        char **fields = NULL;
        if (l > 0 && end[-1] != 0)
                ret = -EBADMSG; /* last field without its NUL */
        else if (n > CONTROL_FIELDS_MAX)
                ret = -EBADMSG;
        else if (!(fields = calloc(n + 1, sizeof(char *))))
                return -ENOMEM;
        for (size_t i = 0; ret == 0 && i < n; i++) {
                if (!utf8_is_valid(p)) {
                        ret = -EBADMSG;
                        break;
                }
                if (!(fields[i] = strdup(p))) {
                        ret = -ENOMEM;
                        break;
                }
                p += strlen(p) + 1;
        }
        /* consume the frame whatever it held, so a bad frame does not block the stream */
        memmove(r->buf, r->buf + 4 + l, r->size - 4 - l);
        r->size -= 4 + l;
        if (ret < 0) {
                for (size_t i = 0; fields && fields[i]; i++)
                        free(fields[i]);
                free(fields);
                return ret;
        }
        *ret_fields = fields;
        return 1;
}

int control_write_frame(int fd, const char *frame, size_t size) {
        while (size > 0) {
                ssize_t k = write(fd, frame, size);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN) {
                                struct pollfd p = { .fd = fd, .events = POLLOUT };
                                (void) poll(&p, 1, -1);
                                continue;
                        }
                        return -errno;
                }
                frame += k;
                size -= (size_t) k;
        }
        return 0;
}

int control_read_frame(int fd, ControlReader *r, int timeout_ms, char ***ret_fields) {
        for (;;) {
                int k = control_reader_next(r, ret_fields);
                if (k != 0)
                        return k < 0 ? k : 0;
                struct pollfd p = { .fd = fd, .events = POLLIN };
                int n = poll(&p, 1, timeout_ms);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        return -ETIMEDOUT;
                char buf[16384];
                ssize_t got = read(fd, buf, sizeof buf);
                if (got < 0) {
                        if (errno == EINTR || errno == EAGAIN)
                                continue;
                        return -errno;
                }
                if (got == 0)
                        return -ECONNRESET;
                int q = control_reader_feed(r, buf, (size_t) got);
                if (q < 0)
                        return q;
        }
}
