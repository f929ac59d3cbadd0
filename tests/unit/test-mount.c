/* test-mount.c — the parsing pieces of mount units: mountinfo lines (read with libmount, as
 * the manager reads them) to unit names through systemd's path escaping, which mount points
 * get no unit, mount option strings, what fstab options mean as dependencies, and the
 * built-in fstab reader's units and links (compared with what systemd-fstab-generator 252
 * writes for the same lines). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libmount.h>

#include "fileio.h"
#include "fstab.h"
#include "mount-util.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static void test_mountinfo_to_units(void **state) {
        (void) state;
        struct libmnt_table *t = mnt_new_table();
        struct libmnt_iter *itr = mnt_new_iter(MNT_ITER_FORWARD);
        assert_int_equal(mnt_table_parse_file(t, TEST_DATA_DIR "/mountinfo-sample.txt"), 0);
        char **names = NULL;
        struct libmnt_fs *fs;
        while (mnt_table_next_fs(t, itr, &fs) == 0) {
                const char *where = mnt_fs_get_target(fs);
                if (mount_point_is_ignored(where))
                        continue;
                char *n = NULL;
                assert_int_equal(unit_name_from_path(where, ".mount", &n), 0);
                /* the name leads back to the mount point */
                char *prefix = NULL, *back = NULL;
                assert_int_equal(unit_name_to_prefix(n, &prefix), 0);
                assert_int_equal(unit_name_path_unescape(prefix, &back), 0);
                assert_string_equal(back, where);
                free(prefix), free(back);
                assert_int_equal(strv_push(&names, n), 0);
        }
        char *joined = strv_join(names, " ");
        assert_string_equal(joined, "-.mount boot-efi.mount mnt-space\\x20dir.mount srv-a\\x2db.mount "
                                    "home-user-nfs.mount run-user-1000.mount");
        free(joined);
        strv_free(names);
        mnt_free_iter(itr);
        mnt_unref_table(t);

        /* a name past 255 characters has no unit */
        char longpath[300] = "/";
        memset(longpath + 1, 'x', 280);
        longpath[281] = 0;
        char *n = NULL;
        assert_int_equal(unit_name_from_path(longpath, ".mount", &n), -ENAMETOOLONG);
}

static void test_ignored_and_extrinsic(void **state) {
        (void) state;
        assert_true(mount_point_is_ignored("/proc"));
        assert_true(mount_point_is_ignored("/sys/fs/cgroup/unified"));
        assert_true(mount_point_is_ignored("/dev/console"));
        assert_false(mount_point_is_ignored("/dev/hugepages"));
        assert_false(mount_point_is_ignored("/sys/kernel/tracing"));
        assert_false(mount_point_is_ignored("/"));
        assert_true(mount_where_is_extrinsic("/"));
        assert_true(mount_where_is_extrinsic("/usr"));
        assert_true(mount_where_is_extrinsic("/dev/pts"));
        assert_false(mount_where_is_extrinsic("/devices"));
        assert_false(mount_where_is_extrinsic("/mnt/data"));
}

static void test_options(void **state) {
        (void) state;
        const char *o = "rw,nofail,x-systemd.after=a.service,size=4m,x-systemd.after=b.service";
        assert_true(mount_option_has(o, "nofail"));
        assert_true(mount_option_has(o, "size"));
        assert_false(mount_option_has(o, "nofai"));
        assert_false(mount_option_has(NULL, "rw"));
        char **v = NULL;
        assert_int_equal(mount_option_values(o, "x-systemd.after", &v), 0);
        assert_int_equal(strv_length(v), 2);
        assert_string_equal(v[0], "a.service");
        assert_string_equal(v[1], "b.service");
        strv_free(v);
        static const char *const drop[] = { "nofail", "x-*", NULL };
        char *f = NULL;
        assert_int_equal(mount_options_filter(o, drop, &f), 0);
        assert_string_equal(f, "rw,size=4m");
        free(f);
        static const char *const all[] = { "nofail", NULL };
        assert_int_equal(mount_options_filter("nofail", all, &f), 0);
        assert_null(f);
        assert_true(mount_is_network("nfs4", "rw"));
        assert_true(mount_is_network("fuse.sshfs", NULL));
        assert_true(mount_is_network("ext4", "defaults,_netdev"));
        assert_false(mount_is_network("tmpfs", "size=1m"));
}

static void test_deps(void **state) {
        (void) state;
        MountDeps d;
        assert_int_equal(mount_deps_from_options("ext4",
                                                 "nofail,x-systemd.requires=/srv,x-systemd.requires=/dev/sdb1,"
                                                 "x-systemd.requires=bar.service,x-systemd.requires=data,"
                                                 "x-systemd.after=/var/x,x-systemd.before=baz.service,"
                                                 "x-systemd.requires-mounts-for=/srv/y,x-systemd.wanted-by=z.target",
                                                 &d),
                         0);
        assert_true(d.nofail);
        assert_false(d.noauto);
        assert_false(d.network);
        char *s = strv_join(d.requires, " ");
        assert_string_equal(s, "srv.mount dev-sdb1.device bar.service data.mount");
        free(s);
        assert_string_equal(d.after[0], "var-x.mount");
        assert_string_equal(d.before[0], "baz.service");
        assert_string_equal(d.requires_mounts_for[0], "/srv/y");
        assert_string_equal(d.wanted_by[0], "z.target");
        assert_string_equal(mount_deps_target(&d), "local-fs.target");
        mount_deps_done(&d);
        assert_int_equal(mount_deps_from_options("nfs", "noauto,x-systemd.automount", &d), 0);
        assert_true(d.network && d.noauto && d.automount);
        assert_string_equal(mount_deps_target(&d), "remote-fs.target");
        mount_deps_done(&d);
}

static char *read_file(const char *dir, const char *name) {
        char *p = path_join(dir, name), *s = NULL;
        if (read_full_file(p, 65536, &s, NULL) < 0)
                s = NULL;
        free(p);
        return s;
}

static char *link_of(const char *dir, const char *name) {
        char *p = path_join(dir, name);
        static char buf[512];
        ssize_t n = readlink(p, buf, sizeof buf - 1);
        free(p);
        if (n < 0)
                return NULL;
        buf[n] = 0;
        return buf;
}

static void test_fstab_generate(void **state) {
        (void) state;
        char dir[] = "/tmp/test-mount.XXXXXX";
        assert_non_null(mkdtemp(dir));
        char *fstab = path_join(dir, "fstab"), *out = path_join(dir, "out");
        FILE *f = fopen(fstab, "we");
        assert_non_null(f);
        fputs("# comment\n"
              "/dev/sda1 / ext4 defaults 0 1\n"
              "tmpfs /mnt/data tmpfs size=4m,mode=0755 0 0\n"
              "tmpfs /mnt/opt tmpfs nofail,x-systemd.after=foo.service 0 0\n"
              "tmpfs /mnt/dep tmpfs x-systemd.requires=bar.service,x-systemd.before=baz.service,x-systemd.requires-mounts-for=/srv/x 0 0\n"
              "srv:/export /mnt/nfs nfs _netdev,noauto 0 0\n"
              "tmpfs /mnt/wb tmpfs x-systemd.wanted-by=multi-user.target,x-systemd.mount-timeout=5s 0 0\n"
              "tmpfs /mnt/space\\040dir tmpfs defaults 0 0\n"
              "/dev/sdb1 /mnt/disk ext4 defaults 0 2\n"
              "/dev/sda2 none swap sw 0 0\n"
              "tmpfs /mnt/am tmpfs noauto,x-systemd.automount,x-systemd.idle-timeout=1min 0 0\n"
              "UUID=ab-cd none swap pri=3,nofail 0 0\n",
              f);
        fclose(f);
        assert_int_equal(mkdir(out, 0755), 0);
        /* in a container the device line is skipped, as systemd does there */
        assert_int_equal(fstab_generate(fstab, out, true), 7);

        char *data = read_file(out, "mnt-data.mount");
        assert_non_null(data);
        assert_non_null(strstr(data, "\nBefore=local-fs.target\n"));
        assert_non_null(strstr(data, "\n[Mount]\nWhat=tmpfs\nWhere=/mnt/data\nType=tmpfs\n"));
        assert_non_null(strstr(data, "\nOptions=size=4m,mode=0755\n"));
        free(data);
        assert_string_equal(link_of(out, "local-fs.target.requires/mnt-data.mount"), "../mnt-data.mount");

        char *opt = read_file(out, "mnt-opt.mount");
        assert_non_null(strstr(opt, "\nAfter=foo.service\n"));
        assert_null(strstr(opt, "Before=local-fs.target")); /* nofail */
        free(opt);
        assert_non_null(link_of(out, "local-fs.target.wants/mnt-opt.mount"));

        char *dep = read_file(out, "mnt-dep.mount");
        assert_non_null(strstr(dep, "\nAfter=bar.service\nRequires=bar.service\nBefore=baz.service\n"
                                    "RequiresMountsFor=/srv/x\nBefore=local-fs.target\n"));
        free(dep);

        char *nfs = read_file(out, "mnt-nfs.mount");
        assert_non_null(strstr(nfs, "\nBefore=remote-fs.target\n"));
        free(nfs);
        assert_null(link_of(out, "remote-fs.target.requires/mnt-nfs.mount")); /* noauto */

        char *wb = read_file(out, "mnt-wb.mount");
        assert_non_null(strstr(wb, "\nTimeoutSec=5s\n"));
        free(wb);
        assert_non_null(link_of(out, "multi-user.target.wants/mnt-wb.mount"));
        assert_null(link_of(out, "local-fs.target.requires/mnt-wb.mount"));

        char *sp = read_file(out, "mnt-space\\x20dir.mount");
        assert_non_null(sp);
        assert_non_null(strstr(sp, "\nWhere=/mnt/space dir\n"));
        assert_null(strstr(sp, "Options=")); /* "defaults" alone says nothing */
        free(sp);
        assert_null(read_file(out, "-.mount"));
        assert_null(read_file(out, "mnt-disk.mount"));
        /* swap is the machine's: none in a container */
        assert_null(read_file(out, "dev-sda2.swap"));

        /* x-systemd.automount: the target pulls in the automount (noauto or not), the mount
         * waits for the first access and is not ordered before the target */
        char *am = read_file(out, "mnt-am.automount");
        assert_non_null(am);
        assert_non_null(strstr(am, "\nBefore=local-fs.target\n"));
        assert_non_null(strstr(am, "\n[Automount]\nWhere=/mnt/am\nTimeoutIdleSec=1min\n"));
        free(am);
        char *amm = read_file(out, "mnt-am.mount");
        assert_non_null(strstr(amm, "\nWhere=/mnt/am\n"));
        assert_null(strstr(amm, "Before=local-fs.target"));
        free(amm);
        assert_string_equal(link_of(out, "local-fs.target.requires/mnt-am.automount"), "../mnt-am.automount");
        assert_null(link_of(out, "local-fs.target.requires/mnt-am.mount"));

        /* outside a container the device entry gets its unit too */
        char cmd[256];
        snprintf(cmd, sizeof cmd, "rm -rf %s/*", out);
        assert_int_equal(system(cmd), 0);
        assert_int_equal(fstab_generate(fstab, out, false), 10);
        char *disk = read_file(out, "mnt-disk.mount");
        assert_non_null(strstr(disk, "\nWhat=/dev/sdb1\n"));
        free(disk);
        /* swap lines: WHAT.swap in swap.target (nofail: wanted), UUID= as udev's link */
        char *sw = read_file(out, "dev-sda2.swap");
        assert_non_null(sw);
        assert_non_null(strstr(sw, "\n[Swap]\nWhat=/dev/sda2\nOptions=sw\n"));
        free(sw);
        assert_string_equal(link_of(out, "swap.target.requires/dev-sda2.swap"), "../dev-sda2.swap");
        char *su = read_file(out, "dev-disk-by\\x2duuid-ab\\x2dcd.swap");
        assert_non_null(su);
        assert_non_null(strstr(su, "\nWhat=/dev/disk/by-uuid/ab-cd\nOptions=pri=3,nofail\n"));
        free(su);
        assert_non_null(link_of(out, "swap.target.wants/dev-disk-by\\x2duuid-ab\\x2dcd.swap"));

        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        assert_int_equal(system(cmd), 0);
        free(fstab), free(out);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_mountinfo_to_units),
                cmocka_unit_test(test_ignored_and_extrinsic),
                cmocka_unit_test(test_options),
                cmocka_unit_test(test_deps),
                cmocka_unit_test(test_fstab_generate),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
