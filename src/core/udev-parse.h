/* udev-parse.h — what the manager reads about devices, without libudev: a record of udev's
 * database (/run/udev/data/…), a message of the libudev netlink broadcast, and the unit names
 * a device gets. Pure functions, unit-tested (tests/unit/test-udev-parse.c). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The libudev monitor header that precedes the properties of every message systemd-udevd (and
 * devmaster) multicast to netlink group 2: all fields in host order except magic, which is
 * big-endian 0xfeedcafe. */
#define UDEV_MONITOR_MAGIC 0xfeedcafeU
#define UDEV_MONITOR_GROUP 2U
typedef struct UdevMonitorHeader {
        char prefix[8];                 /* "libudev\0" */
        uint32_t magic;                 /* htobe32(UDEV_MONITOR_MAGIC) */
        uint32_t header_size;           /* sizeof this header, the properties follow at properties_off */
        uint32_t properties_off;
        uint32_t properties_len;
        uint32_t filter_subsystem_hash; /* hashes and bloom filter for BPF filters in receivers */
        uint32_t filter_devtype_hash;
        uint32_t filter_tag_bloom_hi;
        uint32_t filter_tag_bloom_lo;
} UdevMonitorHeader;

typedef struct UdevDevice {
        char *action;      /* add, remove, change, move, bind, unbind; NULL from the database */
        char *devpath;     /* /devices/… (below /sys) */
        char *devpath_old; /* move: where it was */
        char *subsystem;
        char *devname;     /* /dev/sda; NULL for devices without a node (net…) */
        char **devlinks;   /* absolute /dev/… symlinks */
        char **tags;       /* current tags (systemd, uaccess…) */
        char **properties; /* KEY=VALUE, udev's properties (E: lines, or the message's) */
        uint64_t seqnum;
} UdevDevice;

void udev_device_clear(UdevDevice *d);
const char *udev_device_get_property(const UdevDevice *d, const char *key);
bool udev_device_has_tag(const UdevDevice *d, const char *tag);

/* One database record (the file's content): S: symlinks relative to /dev, E: properties,
 * G: tags, Q: current tags (preferred when present), and I:, L:, W:, V: which we do not need. */
int udev_db_parse(const char *text, UdevDevice *ret);

/* One netlink message. -EPROTO for anything but a well-formed libudev message (the kernel's
 * own "add@/devices/…" messages on group 1 included); -EBADMSG when properties lack ACTION or
 * DEVPATH. */
int uevent_parse(const void *buf, size_t len, UdevDevice *ret);

/* The message that would describe d, for tests and tools that play udev: header + properties.
 * Returns the length, *ret is malloc'ed. */
int uevent_build(const char *const *properties, void **ret, size_t *ret_len);

/* Whether the device is one the manager makes units for: tagged "systemd" and not
 * SYSTEMD_READY=0. */
bool udev_device_is_ready(const UdevDevice *d);

/* The unit names of a device, main name first: the sysfs path (sys-devices-….device), the
 * device node, its symlinks and SYSTEMD_ALIAS= paths. NULL-terminated, malloc'ed. */
int device_unit_names(const UdevDevice *d, char ***ret);
/* "/dev/sda" → "dev-sda.device" (systemd's path escaping). -EINVAL when not a path. */
int device_unit_name_from_path(const char *path, char **ret);

/* The syspath a database file name stands for, below sysroot ("/sys"): "b8:0" →
 * /sys/dev/block/8:0 resolved, "c1:3" → /sys/dev/char/1:3, "+subsys:name" →
 * /sys/bus/subsys/devices/name or /sys/class/subsys/name, "nIFINDEX" → the net device with
 * that ifindex. Returns the devpath (without sysroot). */
int udev_db_name_to_devpath(const char *sysroot, const char *name, char **ret);
