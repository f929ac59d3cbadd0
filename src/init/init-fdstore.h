/* init-fdstore.h — the fds init holds for the manager: listening sockets, the write ends of
 * services' stdout pipes, anything a running service depends on that must not be closed when
 * the manager dies. Kept by name in a static, insertion-ordered array; init never looks
 * inside the fds, it only keeps them open and hands them back. */
#pragma once

#include <stddef.h>

#include "init-channel.h"

typedef struct InitFdEntry {
        int fd;
        char name[INIT_MSG_NAME_MAX];
} InitFdEntry;

typedef struct InitFdStore {
        InitFdEntry entries[INIT_FD_STORE_MAX];
        size_t n;
} InitFdStore;

/* Takes ownership of fd in every case (closes it on failure). Returns 0 when added, 1 when it
 * replaced (and closed) the fd stored under the same name, -EINVAL for an empty or unterminated
 * name or a negative fd, -ENOSPC when the store is full. */
int init_fdstore_put(InitFdStore *s, const char *name, int fd);
/* Closes and forgets the fd stored under name; -ENOENT when there is none. */
int init_fdstore_remove(InitFdStore *s, const char *name);
/* Index of name, or -ENOENT. */
int init_fdstore_find(const InitFdStore *s, const char *name);
