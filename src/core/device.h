/* device.h — device units (systemd.device(5)): what udev knows, as units. See device.c. */
#pragma once

#include "udev-parse.h"
#include "unit.h"

typedef enum DeviceState {
        DEVICE_DEAD,
        DEVICE_TENTATIVE, /* seen in mountinfo (or /proc/swaps) but not announced by udev */
        DEVICE_PLUGGED,
        _DEVICE_STATE_MAX,
} DeviceState;

typedef enum DeviceFound {
        DEVICE_NOT_FOUND = 0,
        DEVICE_FOUND_UDEV = 1 << 0,
        DEVICE_FOUND_MOUNT = 1 << 1,
        DEVICE_FOUND_SWAP = 1 << 2,
} DeviceFound;

typedef struct Device {
        Unit meta;
        DeviceState state;
        unsigned found;       /* DeviceFound */
        char *sysfs;          /* /sys/devices/…, once udev told us */
        char *model;          /* the description udev gives it (ID_MODEL…) */
        char **wants;         /* SYSTEMD_WANTS= units, resolved (templates instantiated) */
} Device;

const char *device_state_to_string(DeviceState s);
/* The transition table: where a device in state s goes when found is what we know of it. */
DeviceState device_next_state(DeviceState s, unsigned found);

/* Sets up the libudev netlink monitor and reads udev's database: at start-up and after a
 * recovery. A no-op where device units are not supported (read-only /sys: a container), as
 * in systemd; with --test only when $SYSMASTER_TEST_DEVICES=1 (the database and sysfs below
 * --root then). */
int manager_setup_device_monitor(Manager *m);
void manager_close_device_monitor(Manager *m);
/* What one udev record or message says about a device (exported for the tests). */
void device_process_udev(Manager *m, const UdevDevice *d);
/* A mount unit's What= (or a swap's) seen in mountinfo: the device is at least tentative.
 * found false: the mount went. */
void device_found_node(Manager *m, const char *node, DeviceFound mask, bool found);
/* u BindsTo= (or Requires=, as r says) and After= the device unit of node, if node is a
 * device path and device units are supported. */
/* The device nodes mountinfo shows as mount sources now: those devices are found by mount,
 * every other device is not (any more). */
void device_update_mounted(Manager *m, char **nodes);
/* Whether device units are followed at all (device-monitor.c): /sys writable, or the tests. */
bool manager_devices_supported(Manager *m);
int unit_add_node_dependency(Unit *u, const char *node, UnitRelation r);
