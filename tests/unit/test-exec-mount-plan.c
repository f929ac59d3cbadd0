/* test-exec-mount-plan.c — the mount plan of the sandboxing directives: which entries each
 * setting adds, the order (a parent before its subtree, component by component), priority
 * among entries for the same path, and the pruning of entries that cannot matter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "exec-context.h"
#include "exec-mount-plan.h"
#include "string-util.h"
#include "strv.h"

/* The plan as one line per entry, "path mode[flags]", for compact comparisons. */
static char *render(const MountPlan *p) {
        char *s = strdup("");
        for (size_t i = 0; i < p->n; i++) {
                const MountEntry *e = &p->entries[i];
                char line[512];
                snprintf(line, sizeof line, "%s %s%s%s%s%s%s%s\n", e->path, mount_mode_to_string(e->mode),
                         e->ignore_missing ? " -" : "", e->read_only ? " ro" : "", e->source ? " <" : "",
                         e->source ?: "", e->options ? " " : "", e->options ?: "");
                s = strextend(&s, line);
        }
        return s;
}

static char *plan_of(const ExecContext *c, const PrivateTmpDirs *tmp) {
        MountPlan p = {};
        assert_int_equal(mount_plan_build(c, tmp, &p), 0);
        char *s = render(&p);
        mount_plan_done(&p);
        return s;
}

static void test_strict_with_exceptions(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        c->protect_system = PROTECT_SYSTEM_STRICT;
        assert_int_equal(strv_extend(&c->read_write_paths, "/var/lib/foo"), 0);
        assert_int_equal(strv_extend(&c->read_only_paths, "/var/lib/foo/sub"), 0);
        char *s = plan_of(c, NULL);
        assert_string_equal(s, "/ read-only\n"
                               "/dev read-write-implicit\n"
                               "/home read-write-implicit -\n"
                               "/proc read-write-implicit\n"
                               "/root read-write-implicit -\n"
                               "/run/user read-write-implicit -\n"
                               "/sys read-write-implicit\n"
                               "/var/lib/foo read-write\n"
                               "/var/lib/foo/sub read-only\n");
        free(s);
        exec_context_free(c);
}

static void test_priority_same_path(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        assert_int_equal(strv_extend(&c->read_write_paths, "/x"), 0);
        assert_int_equal(strv_extend(&c->read_only_paths, "/x/"), 0); /* same path, spelled otherwise */
        assert_int_equal(strv_extend(&c->no_exec_paths, "/x"), 0);    /* another kind: kept */
        assert_int_equal(strv_extend(&c->inaccessible_paths, "/y"), 0);
        assert_int_equal(strv_extend(&c->read_write_paths, "/y"), 0);
        assert_int_equal(strv_extend(&c->read_only_paths, "/y/below"), 0); /* unreachable */
        char *s = plan_of(c, NULL);
        assert_string_equal(s, "/x read-only\n"
                               "/x noexec\n"
                               "/y inaccessible\n");
        free(s);
        exec_context_free(c);
}

static void test_nop_entries(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        c->protect_system = PROTECT_SYSTEM_YES;
        assert_int_equal(strv_extend(&c->read_only_paths, "/usr/lib"), 0);     /* nop below /usr */
        assert_int_equal(strv_extend(&c->read_write_paths, "/usr/local"), 0);  /* not a nop */
        assert_int_equal(strv_extend(&c->read_only_paths, "/usr/local/ro"), 0); /* nearest is rw: kept */
        assert_int_equal(strv_extend(&c->no_exec_paths, "/usr"), 0);
        assert_int_equal(strv_extend(&c->no_exec_paths, "/usr/bin"), 0);       /* nop below noexec /usr */
        assert_int_equal(strv_extend(&c->exec_paths, "/usr/sbin"), 0);
        char *s = plan_of(c, NULL);
        assert_string_equal(s, "/boot read-only -\n"
                               "/efi read-only -\n"
                               "/usr read-only\n"
                               "/usr noexec\n"
                               "/usr/local read-write\n"
                               "/usr/local/ro read-only\n"
                               "/usr/sbin exec\n");
        free(s);
        exec_context_free(c);
}

static void test_component_order(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        assert_int_equal(strv_extend(&c->read_only_paths, "/a-b"), 0);
        assert_int_equal(strv_extend(&c->read_only_paths, "/a/b"), 0);
        assert_int_equal(strv_extend(&c->read_write_paths, "/a"), 0);
        assert_int_equal(strv_extend(&c->read_only_paths, "/ab"), 0);
        char *s = plan_of(c, NULL);
        /* "/a/b" right after its parent "/a", before "/a-b", although '-' sorts before '/' */
        assert_string_equal(s, "/a read-write\n"
                               "/a/b read-only\n"
                               "/a-b read-only\n"
                               "/ab read-only\n");
        free(s);
        exec_context_free(c);
}

static void test_prefixes(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        c->root_directory = strdup("/srv/root");
        assert_int_equal(strv_extend(&c->read_only_paths, "-/opt/maybe"), 0);
        assert_int_equal(strv_extend(&c->read_only_paths, "+/in-root"), 0);
        assert_int_equal(strv_extend(&c->inaccessible_paths, "-+/hidden"), 0);
        char *s = plan_of(c, NULL);
        assert_string_equal(s, "/opt/maybe read-only -\n"
                               "/srv/root/hidden inaccessible -\n"
                               "/srv/root/in-root read-only\n");
        free(s);
        exec_context_free(c);
}

static void test_root_directory(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        c->root_directory = strdup("/srv/root");
        c->protect_system = PROTECT_SYSTEM_FULL;
        c->private_devices = true;
        assert_int_equal(strv_extend(&c->read_only_paths, "/host/path"), 0); /* a host path */
        char *s = plan_of(c, NULL);
        assert_string_equal(s, "/host/path read-only\n"
                               "/srv/root/boot read-only -\n"
                               "/srv/root/dev private-dev\n"
                               "/srv/root/efi read-only -\n"
                               "/srv/root/etc read-only\n"
                               "/srv/root/usr read-only\n");
        free(s);
        exec_context_free(c);
}

static void test_kernel_and_cgroups(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        c->protect_kernel_tunables = true;
        char *s = plan_of(c, NULL);
        /* /sys/fs/bpf and /sys/kernel/debug are no-ops below the read-only /sys */
        assert_non_null(strstr(s, "/sys read-only\n/sys/fs/cgroup read-write-implicit\n/sys/fs/selinux read-write-implicit -\n"));
        assert_null(strstr(s, "/sys/fs/bpf"));
        assert_non_null(strstr(s, "/proc/sys read-only -\n"));
        assert_non_null(strstr(s, "/proc/kcore inaccessible -\n"));
        free(s);
        /* ProtectControlGroups= makes /sys/fs/cgroup read-only: beneath the read-only /sys
         * that is a no-op, and its read-write twin must not survive it */
        c->protect_control_groups = true;
        s = plan_of(c, NULL);
        assert_null(strstr(s, "/sys/fs/cgroup"));
        free(s);
        c->protect_kernel_tunables = false;
        s = plan_of(c, NULL);
        assert_string_equal(s, "/sys/fs/cgroup read-only\n");
        free(s);
        exec_context_free(c);
}

static void test_home_tmp_dev_proc(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        c->protect_home = PROTECT_HOME_TMPFS;
        c->private_devices = true;
        c->protect_kernel_logs = true;
        c->protect_proc = PROTECT_PROC_INVISIBLE;
        c->proc_subset = PROC_SUBSET_PID;
        PrivateTmpDirs tmp = { "/tmp/systemd-private-x/tmp", "/var/tmp/systemd-private-x/tmp" };
        char *s = plan_of(c, &tmp);
        assert_string_equal(s, "/dev private-dev\n"
                               "/dev/kmsg inaccessible -\n"
                               "/home tmpfs - ro mode=0755\n"
                               "/proc procfs hidepid=invisible,subset=pid\n"
                               "/proc/kmsg inaccessible -\n"
                               "/root tmpfs - ro mode=0755\n"
                               "/run/user tmpfs - ro mode=0755\n"
                               "/tmp private-tmp </tmp/systemd-private-x/tmp\n"
                               "/var/tmp private-tmp </var/tmp/systemd-private-x/tmp\n");
        free(s);
        exec_context_free(c);
}

static void test_binds_and_tmpfs(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        c->bind_mounts = calloc(2, sizeof(BindMount));
        c->bind_mounts[0] = (BindMount) { strdup("/src"), strdup("/dst"), false, false, true };
        c->bind_mounts[1] = (BindMount) { strdup("/src2"), strdup("/dst/ro"), true, true, false };
        c->n_bind_mounts = 2;
        c->temporary_filesystems = calloc(1, sizeof(TemporaryFileSystem));
        c->temporary_filesystems[0] = (TemporaryFileSystem) { strdup("/scratch"), strdup("ro,size=1m") };
        c->n_temporary_filesystems = 1;
        assert_true(exec_context_needs_mount_namespace(c));
        char *s = plan_of(c, NULL);
        assert_string_equal(s, "/dst bind </src\n"
                               "/dst/ro bind - ro </src2\n"
                               "/scratch tmpfs ro ro,size=1m\n");
        free(s);
        exec_context_free(c);
}

static void test_needs_namespace(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        assert_false(exec_context_needs_mount_namespace(c));
        c->private_network = true; /* a namespace, but not a mount namespace */
        assert_false(exec_context_needs_mount_namespace(c));
        c->private_mounts = 1;
        assert_true(exec_context_needs_mount_namespace(c));
        exec_context_free(c);
}

/* DynamicUser=: a 0755 tmpfs on /var/lib/private (and /var/cache/private) with the unit's own
 * directories bound into it from the real ones; a directory below a listed one comes with
 * its parent. Without DynamicUser= nothing of it. */
static void test_dynamic_user_private(void **state) {
        (void) state;
        ExecContext *c = exec_context_new();
        ExecDirectoryItem state_items[] = { { .path = (char *) "aaa" }, { .path = (char *) "aaa/bbb" }, { .path = (char *) "quux/pief" } };
        ExecDirectoryItem cache_items[] = { { .path = (char *) "ccc" } };
        c->directories[EXEC_DIRECTORY_STATE] = (ExecDirectory){ .items = state_items, .n_items = 3 };
        c->directories[EXEC_DIRECTORY_CACHE] = (ExecDirectory){ .items = cache_items, .n_items = 1 };
        c->dynamic_user = true;
        char *s = plan_of(c, NULL);
        assert_string_equal(s, "/var/cache/ccc read-write -\n"
                               "/var/cache/private tmpfs mode=0755\n"
                               "/var/cache/private/ccc bind </var/cache/private/ccc\n"
                               "/var/lib/aaa read-write -\n"
                               "/var/lib/private tmpfs mode=0755\n"
                               "/var/lib/private/aaa bind </var/lib/private/aaa\n"
                               "/var/lib/private/quux/pief bind </var/lib/private/quux/pief\n"
                               "/var/lib/quux/pief read-write -\n");
        free(s);
        c->dynamic_user = false;
        s = plan_of(c, NULL);
        assert_null(strstr(s, "private"));
        free(s);
        c->directories[EXEC_DIRECTORY_STATE] = (ExecDirectory){};
        c->directories[EXEC_DIRECTORY_CACHE] = (ExecDirectory){};
        exec_context_free(c);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_strict_with_exceptions),
                cmocka_unit_test(test_priority_same_path),
                cmocka_unit_test(test_nop_entries),
                cmocka_unit_test(test_component_order),
                cmocka_unit_test(test_prefixes),
                cmocka_unit_test(test_root_directory),
                cmocka_unit_test(test_kernel_and_cgroups),
                cmocka_unit_test(test_home_tmp_dev_proc),
                cmocka_unit_test(test_binds_and_tmpfs),
                cmocka_unit_test(test_needs_namespace),
                cmocka_unit_test(test_dynamic_user_private),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
