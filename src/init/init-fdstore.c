/* init-fdstore.c — see init-fdstore.h. Linear search: 1,024 names compared only when the
 * manager stores or removes an fd, which is rare, and it keeps the store a flat array that
 * FD_REQUEST can walk with an index across EAGAIN pauses. */
#include <errno.h>
#include <string.h>

#include "init-fdstore.h"
#include "macro.h"

int init_fdstore_find(const InitFdStore *s, const char *name) {
        for (size_t i = 0; i < s->n; i++)
                if (streq(s->entries[i].name, name))
                        return (int) i;
        return -ENOENT;
}

int init_fdstore_put(InitFdStore *s, const char *name, int fd) {
        if (fd < 0)
                return -EINVAL;
        if (isempty(name) || strnlen(name, INIT_MSG_NAME_MAX) >= INIT_MSG_NAME_MAX) {
                safe_close(fd);
                return -EINVAL;
        }
        int i = init_fdstore_find(s, name);
        if (i >= 0) {
                if (s->entries[i].fd != fd)
                        safe_close(s->entries[i].fd);
                s->entries[i].fd = fd;
                return 1;
        }
        if (s->n >= INIT_FD_STORE_MAX) {
                safe_close(fd);
                return -ENOSPC;
        }
        InitFdEntry *e = &s->entries[s->n++];
        e->fd = fd;
        strcpy(e->name, name);
        return 0;
}

int init_fdstore_remove(InitFdStore *s, const char *name) {
        int i = init_fdstore_find(s, name);
        if (i < 0)
                return i;
        safe_close(s->entries[i].fd);
        /* Keeps insertion order, so the manager gets its fds back in the order it stored them. */
        memmove(&s->entries[i], &s->entries[i + 1], (s->n - (size_t) i - 1) * sizeof s->entries[0]);
        s->n--;
        return 0;
}
