/* control.h — the framing of sysMaster's private control protocol on
 * /run/sysmaster/control (a SOCK_STREAM unix socket; see docs/control-protocol.md).
 *
 * Every message is a frame: a 4-byte little-endian payload length, then the payload, a list
 * of NUL-terminated UTF-8 fields. A request's first field is the verb and the rest its
 * arguments ("start", "replace", "foo.service"); a reply's first field is its kind ("ok",
 * "error", "job", "done", "row", "end") and the rest its data. Frames are bounded so a
 * hostile or broken peer cannot make either side allocate without end: a request is at most
 * CONTROL_REQUEST_MAX bytes, a reply frame at most CONTROL_REPLY_MAX; longer answers are
 * several "row" frames closed by "end". */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define CONTROL_SOCKET_PATH "/run/sysmaster/control"
#define CONTROL_REQUEST_MAX (64U * 1024U)
#define CONTROL_REPLY_MAX (1024U * 1024U)
#define CONTROL_FIELDS_MAX 4096

/* Builds a frame from NULL-terminated fields. *ret is malloc'ed; -E2BIG past max. */
int control_frame_build(char *const *fields, size_t max, char **ret, size_t *ret_size);
/* The same from a varargs list of strings ending with NULL. */
int control_frame_buildv(size_t max, char **ret, size_t *ret_size, const char *first, ...);

/* An incremental reader: feed it bytes as they arrive, take complete frames out. */
typedef struct ControlReader {
        char *buf;
        size_t size, allocated;
        size_t max;        /* largest payload accepted */
} ControlReader;

void control_reader_init(ControlReader *r, size_t max);
void control_reader_done(ControlReader *r);
/* Appends data; -EMSGSIZE when a frame announces a payload beyond max (the peer is then to
 * be dropped: the stream cannot be resynchronized). */
int control_reader_feed(ControlReader *r, const void *data, size_t size);
/* Takes the next complete frame: 1 and a NULL-terminated strv in *ret_fields (caller frees
 * with strv_free-compatible free of each + array), 0 if none is complete yet, -EBADMSG for
 * a malformed payload (a field without its NUL, too many fields, invalid UTF-8). */
int control_reader_next(ControlReader *r, char ***ret_fields);

/* Blocking helpers for clients: write a whole frame; read one (with a timeout in ms, -1 for
 * none; -ETIMEDOUT when it passes). */
int control_write_frame(int fd, const char *frame, size_t size);
int control_read_frame(int fd, ControlReader *r, int timeout_ms, char ***ret_fields);
