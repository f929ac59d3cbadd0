/* uevent-send.c — plays udev for the device tests: sends one libudev-format message (the
 * properties given as arguments, KEY=VALUE) to netlink group 2 of NETLINK_KOBJECT_UEVENT, the
 * way systemd-udevd broadcasts a processed event. Run it only inside a network namespace of
 * the test's own: the group is per namespace, and the machine's libudev listeners must never
 * see a made-up device. Usage: uevent-send KEY=VALUE… */
#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "udev-parse.h"

int main(int argc, char **argv) {
        if (argc < 2) {
                fprintf(stderr, "usage: %s KEY=VALUE...\n", argv[0]);
                return 2;
        }
        void *buf;
        size_t len;
        if (uevent_build((const char *const *) argv + 1, &buf, &len) < 0)
                return 1;
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
        struct sockaddr_nl src = { .nl_family = AF_NETLINK }, dst = { .nl_family = AF_NETLINK, .nl_groups = UDEV_MONITOR_GROUP };
        if (fd < 0 || bind(fd, (struct sockaddr *) &src, sizeof src) < 0 ||
            sendto(fd, buf, len, 0, (struct sockaddr *) &dst, sizeof dst) < 0) {
                fprintf(stderr, "uevent-send: %s\n", strerror(errno));
                return 1;
        }
        free(buf);
        close(fd);
        return 0;
}
