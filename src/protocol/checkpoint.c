/* checkpoint.c — see checkpoint.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"

uint32_t checkpoint_crc32(const void *data, size_t size) {
        /* The IEEE polynomial, a byte at a time through a table built on first use: the
         * checkpoint is written on every change that matters, so this is on a warm path. */
        static uint32_t table[256];
        static int ready;
        if (!ready) {
                for (uint32_t i = 0; i < 256; i++) {
                        uint32_t c = i;
                        for (int k = 0; k < 8; k++)
                                c = (c >> 1) ^ (0xedb88320U & (0U - (c & 1U)));
                        table[i] = c;
                }
                ready = 1;
        }
        const uint8_t *p = data;
        uint32_t crc = 0xffffffffU;
        for (size_t i = 0; i < size; i++)
                crc = (crc >> 8) ^ table[(crc ^ p[i]) & 0xff];
        return ~crc;
}

int checkpoint_header(const char *body, size_t body_size, char header[static CHECKPOINT_HEADER_MAX]) {
        if (body_size > CHECKPOINT_BODY_MAX)
                return -EFBIG;
        int n = snprintf(header, CHECKPOINT_HEADER_MAX, "%s %d %zu %08x\n", CHECKPOINT_MAGIC, CHECKPOINT_VERSION, body_size,
                         (unsigned) checkpoint_crc32(body, body_size));
        if (n < 0 || n >= CHECKPOINT_HEADER_MAX)
                return -EINVAL;
        return n;
}

int checkpoint_seal(const char *body, size_t body_size, char **ret, size_t *ret_size) {
        char header[CHECKPOINT_HEADER_MAX];
        int n = checkpoint_header(body, body_size, header);
        if (n < 0)
                return n;
        char *d = malloc((size_t) n + body_size);
        if (!d)
                return -ENOMEM;
        memcpy(d, header, (size_t) n);
        if (body_size > 0)
                memcpy(d + n, body, body_size);
        *ret = d;
        *ret_size = (size_t) n + body_size;
        return 0;
}

int checkpoint_verify(const char *data, size_t size, const char **ret_body, size_t *ret_body_size) {
        const char *nl = data ? memchr(data, '\n', size < 96 ? size : 96) : NULL;
        if (!nl)
                return -EBADMSG;
        char header[96];
        size_t hl = (size_t) (nl - data);
        memcpy(header, data, hl);
        header[hl] = 0;
        const size_t ml = strlen(CHECKPOINT_MAGIC);
        if (strncmp(header, CHECKPOINT_MAGIC " ", ml + 1) != 0)
                return -EBADMSG;
        /* Strict: decimal digits, then exactly 8 lowercase hex digits. strtoull alone would
         * accept signs, blanks and upper case, which a flipped bit can produce. */
        const char *f = header + ml + 1;
        unsigned long long v[3];
        for (int i = 0; i < 3; i++) {
                const char *digits = i == 2 ? "0123456789abcdef" : "0123456789";
                size_t n = strspn(f, digits);
                char sep = i == 2 ? 0 : ' ';
                if (n == 0 || n > 20 || f[n] != sep || (i == 2 && n != 8))
                        return -EBADMSG;
                errno = 0;
                v[i] = strtoull(f, NULL, i == 2 ? 16 : 10);
                if (errno != 0)
                        return -EBADMSG;
                f += n + 1;
        }
        if (v[0] != CHECKPOINT_VERSION)
                return -EPROTONOSUPPORT;
        size_t body = hl + 1;
        if (v[1] > CHECKPOINT_BODY_MAX || v[1] != size - body)
                return -EBADMSG; /* torn (short) or trailing garbage */
        if (checkpoint_crc32(data + body, (size_t) v[1]) != (uint32_t) v[2])
                return -EBADMSG;
        *ret_body = data + body;
        *ret_body_size = (size_t) v[1];
        return 0;
}

static int buf_reserve(CheckpointBuf *b, size_t more) {
        if (b->size + more <= b->allocated)
                return 0;
        size_t na = b->allocated ? b->allocated * 2 : 4096;
        while (na < b->size + more)
                na *= 2;
        char *n = realloc(b->data, na);
        if (!n)
                return -ENOMEM;
        b->data = n;
        b->allocated = na;
        return 0;
}

int checkpoint_buf_put(CheckpointBuf *b, const char *key, const char *value) {
        size_t kl = strlen(key), vl = value ? strlen(value) : 0;
        /* worst case every byte of value escaped */
        if (buf_reserve(b, kl + 2 * vl + 2) < 0)
                return -ENOMEM;
        memcpy(b->data + b->size, key, kl);
        b->size += kl;
        b->data[b->size++] = '=';
        for (size_t i = 0; i < vl; i++) {
                char c = value[i];
                if (c == '\n' || c == '\\') {
                        b->data[b->size++] = '\\';
                        c = c == '\n' ? 'n' : '\\';
                }
                b->data[b->size++] = c;
        }
        b->data[b->size++] = '\n';
        return 0;
}

int checkpoint_buf_putf(CheckpointBuf *b, const char *key, const char *fmt, ...) {
        char v[512];
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(v, sizeof v, fmt, ap);
        va_end(ap);
        if (n < 0 || (size_t) n >= sizeof v)
                return -EINVAL;
        return checkpoint_buf_put(b, key, v);
}

void checkpoint_buf_done(CheckpointBuf *b) {
        free(b->data);
        *b = (CheckpointBuf) {};
}

int checkpoint_next(const char **p, const char *end, char *key, size_t key_size, char *value, size_t value_size) {
        if (*p >= end)
                return 0;
        const char *nl = memchr(*p, '\n', (size_t) (end - *p));
        if (!nl)
                return -EBADMSG; /* every item ends with a newline; verify() makes this rare */
        const char *eq = memchr(*p, '=', (size_t) (nl - *p));
        if (!eq || eq == *p || (size_t) (eq - *p) >= key_size)
                return -EBADMSG;
        memcpy(key, *p, (size_t) (eq - *p));
        key[eq - *p] = 0;
        size_t n = 0;
        for (const char *s = eq + 1; s < nl; s++) {
                char c = *s;
                if (c == 0)
                        return -EBADMSG;
                if (c == '\\') {
                        if (++s >= nl || (*s != 'n' && *s != '\\'))
                                return -EBADMSG;
                        c = *s == 'n' ? '\n' : '\\';
                }
                if (n + 1 >= value_size)
                        return -EBADMSG;
                value[n++] = c;
        }
        value[n] = 0;
        *p = nl + 1;
        return 1;
}
