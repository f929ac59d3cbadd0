/* init-channel.c — see init-channel.h. libc only: PID 1 links it. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "init-channel.h"

int init_msg_send(int sock, const InitMsg *m, int fd) {
        struct iovec iov = { .iov_base = (void *) m, .iov_len = sizeof *m };
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(int))];
        } control = {};
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
        if (fd >= 0) {
                mh.msg_control = &control;
                mh.msg_controllen = sizeof control;
                struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
                c->cmsg_level = SOL_SOCKET;
                c->cmsg_type = SCM_RIGHTS;
                c->cmsg_len = CMSG_LEN(sizeof(int));
                memcpy(CMSG_DATA(c), &fd, sizeof(int));
        }
        for (;;) {
                ssize_t k = sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
                if (k == (ssize_t) sizeof *m)
                        return 0;
                if (k >= 0)
                        return -EIO;
                if (errno != EINTR)
                        return errno == EPIPE ? -ECONNRESET : -errno;
        }
}

int init_msg_recv(int sock, InitMsg *ret, int *ret_fd) {
        InitMsg m;
        struct iovec iov = { .iov_base = &m, .iov_len = sizeof m };
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(int) * 4)];
        } control;
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control,
                             .msg_controllen = sizeof control };
        ssize_t k;
        do
                k = recvmsg(sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
        while (k < 0 && errno == EINTR);
        if (k < 0)
                return -errno;
        if (k == 0)
                return -ECONNRESET;

        int fd = -EBADF;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                        size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                        for (size_t i = 0; i < n; i++) {
                                int x;
                                memcpy(&x, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                                if (fd < 0)
                                        fd = x;
                                else
                                        close(x); /* one fd per message; close extras */
                        }
                }
        if (k != (ssize_t) sizeof m || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
                if (fd >= 0)
                        close(fd);
                return -EBADMSG;
        }
        m.name[INIT_MSG_NAME_MAX - 1] = 0;
        *ret = m;
        if (ret_fd)
                *ret_fd = fd;
        else if (fd >= 0)
                close(fd);
        return 0;
}

const char *init_shutdown_action_to_string(InitShutdownAction a) {
        switch (a) {
        case INIT_SHUTDOWN_REBOOT: return "reboot";
        case INIT_SHUTDOWN_POWEROFF: return "poweroff";
        case INIT_SHUTDOWN_HALT: return "halt";
        case INIT_SHUTDOWN_KEXEC: return "kexec";
        case INIT_SHUTDOWN_EXIT: return "exit";
        default: return NULL;
        }
}
