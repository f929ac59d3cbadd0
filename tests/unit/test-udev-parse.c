/* test-udev-parse.c — what device units read: udev database records (S:, E:, G:, Q: lines),
 * libudev netlink messages (header checks, properties, tags, the kernel's relative DEVNAME=),
 * the unit names of a device (systemd's path escaping: dev-disk-by\x2dlabel-….device), the
 * database file names resolved against a fake sysfs, and every cell of the device state
 * table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <endian.h>

#include <cmocka.h>

#include "device.h"
#include "fileio.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "udev-parse.h"

static void test_db_parse(void **state) {
        (void) state;
        UdevDevice d = {};
        const char *rec = "S:disk/by-id/ata-QEMU_HARDDISK_QM00001\n"
                          "S:disk/by-label/my-disk\n"
                          "W:1\n"
                          "I:123456789\n"
                          "E:ID_MODEL=QEMU_HARDDISK\n"
                          "E:SYSTEMD_WANTS=foo.service bar@.service\n"
                          "E:broken-line-without-equals\n"
                          "G:systemd\n"
                          "G:old-tag\n"
                          "Q:systemd\n"
                          "V:1\n";
        assert_int_equal(udev_db_parse(rec, &d), 0);
        assert_int_equal(strv_length(d.devlinks), 2);
        assert_string_equal(d.devlinks[0], "/dev/disk/by-id/ata-QEMU_HARDDISK_QM00001");
        assert_string_equal(d.devlinks[1], "/dev/disk/by-label/my-disk");
        assert_string_equal(udev_device_get_property(&d, "ID_MODEL"), "QEMU_HARDDISK");
        assert_null(udev_device_get_property(&d, "ID_MODE"));
        assert_int_equal(strv_length(d.properties), 2);
        /* Q: (current tags) wins over G: (every tag ever set) */
        assert_true(udev_device_has_tag(&d, "systemd"));
        assert_false(udev_device_has_tag(&d, "old-tag"));
        assert_true(udev_device_is_ready(&d));
        assert_null(d.action);
        udev_device_clear(&d);

        /* an old database without Q: lines: G: counts; no newline at the end */
        assert_int_equal(udev_db_parse("G:systemd\nE:SYSTEMD_READY=0", &d), 0);
        assert_true(udev_device_has_tag(&d, "systemd"));
        assert_false(udev_device_is_ready(&d));
        udev_device_clear(&d);
        /* not tagged systemd: no unit */
        assert_int_equal(udev_db_parse("E:A=b\nG:uaccess\n", &d), 0);
        assert_false(udev_device_is_ready(&d));
        udev_device_clear(&d);
        assert_int_equal(udev_db_parse("", &d), 0);
        udev_device_clear(&d);
}

static void build(const char *const *props, void **buf, size_t *len) {
        assert_int_equal(uevent_build(props, buf, len), 0);
}

static void test_uevent_parse(void **state) {
        (void) state;
        const char *props[] = { "ACTION=add", "DEVPATH=/devices/virtual/block/loop7", "SUBSYSTEM=block",
                                "DEVNAME=/dev/loop7", "DEVLINKS=/dev/disk/by-label/x /dev/foo", "TAGS=:systemd:old:",
                                "CURRENT_TAGS=:systemd:", "SEQNUM=4711", "SYSTEMD_ALIAS=/dev/bar", NULL };
        void *buf;
        size_t len;
        build(props, &buf, &len);
        /* the header as libudev lays it out: 40 bytes, magic big-endian */
        assert_int_equal(sizeof(UdevMonitorHeader), 40);
        assert_memory_equal(buf, "libudev\0", 8);
        uint32_t magic;
        memcpy(&magic, (char *) buf + 8, 4);
        assert_int_equal(be32toh(magic), 0xfeedcafe);
        UdevDevice d = {};
        assert_int_equal(uevent_parse(buf, len, &d), 0);
        assert_string_equal(d.action, "add");
        assert_string_equal(d.devpath, "/devices/virtual/block/loop7");
        assert_string_equal(d.subsystem, "block");
        assert_string_equal(d.devname, "/dev/loop7");
        assert_int_equal(strv_length(d.devlinks), 2);
        assert_string_equal(d.devlinks[1], "/dev/foo");
        assert_true(udev_device_has_tag(&d, "systemd"));
        assert_false(udev_device_has_tag(&d, "old"));
        assert_int_equal(d.seqnum, 4711);
        assert_true(udev_device_is_ready(&d));

        char **names = NULL;
        assert_int_equal(device_unit_names(&d, &names), 0);
        const char *expect[] = { "sys-devices-virtual-block-loop7.device", "dev-loop7.device",
                                 "dev-disk-by\\x2dlabel-x.device", "dev-foo.device", "dev-bar.device", NULL };
        assert_int_equal(strv_length(names), 5);
        for (size_t i = 0; expect[i]; i++)
                assert_string_equal(names[i], expect[i]);
        strv_free(names);
        udev_device_clear(&d);

        /* truncated, bad magic, bad offsets, a kernel message: all refused */
        assert_int_equal(uevent_parse(buf, 20, &d), -EPROTO);
        UdevMonitorHeader *h = buf;
        h->properties_len += 1;
        assert_int_equal(uevent_parse(buf, len, &d), -EPROTO);
        h->properties_len -= 1;
        h->magic = 0xfeedcafe; /* host order on a little-endian machine: wrong */
        if (htobe32(0xfeedcafe) != 0xfeedcafe)
                assert_int_equal(uevent_parse(buf, len, &d), -EPROTO);
        free(buf);
        const char kernel[] = "add@/devices/virtual/block/loop7\0ACTION=add\0DEVPATH=/devices/virtual/block/loop7\0"
                              "SUBSYSTEM=block\0DEVNAME=loop7\0SEQNUM=1\0SOME=padding-to-forty-bytes";
        assert_int_equal(uevent_parse(kernel, sizeof kernel, &d), -EPROTO);

        /* no DEVPATH: not a device event; kernel-style relative DEVNAME= */
        const char *noname[] = { "ACTION=add", "SUBSYSTEM=block", NULL };
        build(noname, &buf, &len);
        assert_int_equal(uevent_parse(buf, len, &d), -EBADMSG);
        free(buf);
        const char *rel[] = { "ACTION=remove", "DEVPATH=/devices/x", "DEVNAME=sdb", "TAGS=:systemd:", NULL };
        build(rel, &buf, &len);
        assert_int_equal(uevent_parse(buf, len, &d), 0);
        assert_string_equal(d.devname, "/dev/sdb");
        assert_true(udev_device_has_tag(&d, "systemd")); /* TAGS= alone: an older sender */
        udev_device_clear(&d);
        free(buf);
        /* no terminating NUL after the last property */
        const char *last[] = { "ACTION=change", "DEVPATH=/devices/y", NULL };
        build(last, &buf, &len);
        assert_int_equal(uevent_parse(buf, len - 1, &d), -EPROTO); /* properties_len now too long */
        ((UdevMonitorHeader *) buf)->properties_len -= 1;
        assert_int_equal(uevent_parse(buf, len - 1, &d), 0);
        assert_string_equal(d.devpath, "/devices/y");
        udev_device_clear(&d);
        free(buf);
}

static void test_unit_names(void **state) {
        (void) state;
        char *n = NULL;
        assert_int_equal(device_unit_name_from_path("/dev/sda1", &n), 0);
        assert_string_equal(n, "dev-sda1.device");
        free(n);
        assert_int_equal(device_unit_name_from_path("/dev/disk/by-uuid/1234-ABCD", &n), 0);
        assert_string_equal(n, "dev-disk-by\\x2duuid-1234\\x2dABCD.device");
        free(n);
        assert_int_equal(device_unit_name_from_path("/sys/devices/pci0000:00/0000:00:01.1", &n), 0);
        assert_string_equal(n, "sys-devices-pci0000:00-0000:00:01.1.device");
        free(n);
        assert_int_equal(device_unit_name_from_path("sda", &n), -EINVAL);
}

static void mkfile(const char *p, const char *content) {
        _cleanup_free_ char *dir = strdup(p);
        *strrchr(dir, '/') = 0;
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
        assert_int_equal(system(cmd), 0);
        FILE *f = fopen(p, "we");
        assert_non_null(f);
        fputs(content, f);
        fclose(f);
}

static void test_db_names(void **state) {
        (void) state;
        char tmpl[] = "/tmp/test-udev-parse.XXXXXX";
        const char *t = mkdtemp(tmpl);
        assert_non_null(t);
        _cleanup_free_ char *sys = path_join(t, "sys");
        _cleanup_free_ char *blk = path_join(sys, "devices/virtual/block/loop3/uevent");
        _cleanup_free_ char *net = path_join(sys, "devices/virtual/net/veth0/ifindex");
        _cleanup_free_ char *inp = path_join(sys, "devices/platform/i8042/serio0/uevent");
        mkfile(blk, "MAJOR=7\nMINOR=3\nDEVNAME=loop3\n");
        mkfile(net, "5\n");
        mkfile(inp, "\n");
        _cleanup_free_ char *l1 = path_join(sys, "dev/block"), *l2 = path_join(sys, "class/net"),
                            *l3 = path_join(sys, "bus/serio/devices");
        char cmd[4096];
        snprintf(cmd, sizeof cmd,
                 "mkdir -p '%s' '%s' '%s' && ln -s ../../devices/virtual/block/loop3 '%s/7:3' && "
                 "ln -s ../../devices/virtual/net/veth0 '%s/veth0' && "
                 "ln -s ../../../devices/platform/i8042/serio0 '%s/serio0'",
                 l1, l2, l3, l1, l2, l3);
        assert_int_equal(system(cmd), 0);
        char *p = NULL;
        assert_int_equal(udev_db_name_to_devpath(sys, "b7:3", &p), 0);
        assert_string_equal(p, "/devices/virtual/block/loop3");
        free(p);
        assert_int_equal(udev_db_name_to_devpath(sys, "n5", &p), 0);
        assert_string_equal(p, "/devices/virtual/net/veth0");
        free(p);
        assert_int_equal(udev_db_name_to_devpath(sys, "+serio:serio0", &p), 0);
        assert_string_equal(p, "/devices/platform/i8042/serio0");
        free(p);
        assert_true(udev_db_name_to_devpath(sys, "c9:9", &p) < 0);
        assert_true(udev_db_name_to_devpath(sys, "n6", &p) < 0);
        assert_true(udev_db_name_to_devpath(sys, "+serio:../../x", &p) < 0);
        assert_true(udev_db_name_to_devpath(sys, "x1", &p) < 0);
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", t);
        assert_int_equal(system(cmd), 0);
}

static void test_state_table(void **state) {
        (void) state;
        /* udev's word makes it plugged from every state */
        for (DeviceState s = 0; s < _DEVICE_STATE_MAX; s++) {
                assert_int_equal(device_next_state(s, DEVICE_FOUND_UDEV), DEVICE_PLUGGED);
                assert_int_equal(device_next_state(s, DEVICE_FOUND_UDEV | DEVICE_FOUND_MOUNT), DEVICE_PLUGGED);
                assert_int_equal(device_next_state(s, DEVICE_NOT_FOUND), DEVICE_DEAD);
        }
        /* only mounted: tentative, unless udev had it and removed it */
        assert_int_equal(device_next_state(DEVICE_DEAD, DEVICE_FOUND_MOUNT), DEVICE_TENTATIVE);
        assert_int_equal(device_next_state(DEVICE_TENTATIVE, DEVICE_FOUND_MOUNT), DEVICE_TENTATIVE);
        assert_int_equal(device_next_state(DEVICE_TENTATIVE, DEVICE_FOUND_SWAP), DEVICE_TENTATIVE);
        assert_int_equal(device_next_state(DEVICE_PLUGGED, DEVICE_FOUND_MOUNT), DEVICE_DEAD);
        assert_string_equal(device_state_to_string(DEVICE_TENTATIVE), "tentative");
        assert_null(device_state_to_string(_DEVICE_STATE_MAX));
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_db_parse),
                cmocka_unit_test(test_uevent_parse),
                cmocka_unit_test(test_unit_names),
                cmocka_unit_test(test_db_names),
                cmocka_unit_test(test_state_table),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
