/* checkpoint.h — the on-disk envelope of the manager's state checkpoint
 * (/run/sysmaster/checkpoint, see docs/selfheal.md). A new manager must never act on a
 * checkpoint that a crash tore in half or that a bug or a stray write corrupted: it would
 * adopt wrong PIDs or forget services. So the body is sealed under a one-line header with a
 * magic word, a format version, the exact body length and a CRC-32 of the body; anything that
 * does not match is rejected as a whole, and the manager rebuilds its state from the unit files
 * and from reality instead. The body is a list of "key=value" lines with C-style escapes in the
 * value (\n, \\), so one line is always one item. libc only, so that fuzzers and tests can
 * feed it anything. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define CHECKPOINT_MAGIC "SYSMASTER-CHECKPOINT"
#define CHECKPOINT_VERSION 1
#define CHECKPOINT_BODY_MAX (64U * 1024U * 1024U) /* far above any real state */

uint32_t checkpoint_crc32(const void *data, size_t size);

/* Returns a freshly allocated header + body in *ret (size *ret_size). -EFBIG over the max. */
#define CHECKPOINT_HEADER_MAX 96
/* The header line for body (with its newline) into header; returns its length. -EFBIG for a
 * body over CHECKPOINT_BODY_MAX. Writing header then body is the same as writing the sealed
 * copy, without the copy. */
int checkpoint_header(const char *body, size_t body_size, char header[static CHECKPOINT_HEADER_MAX]);
int checkpoint_seal(const char *body, size_t body_size, char **ret, size_t *ret_size);
/* Checks header, version, length and CRC. On success *ret_body points into data. -EBADMSG for
 * garbage, a torn or a corrupt checkpoint; -EPROTONOSUPPORT for another format version. */
int checkpoint_verify(const char *data, size_t size, const char **ret_body, size_t *ret_body_size);

/* Appends "key=value\n" to a growing buffer, escaping value. -ENOMEM. */
typedef struct CheckpointBuf {
        char *data;
        size_t size, allocated;
} CheckpointBuf;
int checkpoint_buf_put(CheckpointBuf *b, const char *key, const char *value);
int checkpoint_buf_putf(CheckpointBuf *b, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void checkpoint_buf_done(CheckpointBuf *b);

/* Walks the body one line at a time: *p is advanced; key and value are unescaped copies into
 * the caller's buffers (lines longer than the buffers are -EBADMSG). Returns 1 for an item,
 * 0 at the end, -EBADMSG for a line without '=' or with a bad escape. */
int checkpoint_next(const char **p, const char *end, char *key, size_t key_size, char *value, size_t value_size);
