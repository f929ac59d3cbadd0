/* test-exec-context.c — the exec context table: every exec key of systemd 252 is known to all
 * four unit types that embed it, the defaults of systemd.exec(7), the typed result of the
 * directives with their own syntax (merge rules of capability and filter lists, standard I/O
 * forms, directories, mounts, credentials), and which values warn — recorded by feeding the
 * same lines to `systemd-analyze verify` of systemd 252. */
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/capability.h>

#include <cmocka.h>

#include "config-assign.h"
#include "fileio.h"
#include "string-util.h"
#include "strv.h"

static UnitConfig *service(void) {
        UnitConfig *c = unit_config_new(UNIT_SERVICE);
        assert_non_null(c);
        return c;
}

#define CAP(x) (UINT64_C(1) << (x))

static void test_keys_known_in_all_four_types(void **state) {
        (void) state;
        _cleanup_free_ char *text = NULL;
        assert_int_equal(read_full_file(TEST_DATA_DIR "/systemd252-config-keys.txt", READ_FULL_MAX, &text, NULL), 0);
        _cleanup_strv_free_ char **keys = NULL;
        assert_int_equal(strv_split_full(&keys, text, "\n", 0), 0);
        unsigned n = 0;
        for (size_t d = 0; d < exec_context_table.n_directives; d++) {
                const char *key = exec_context_table.directives[d].key;
                static const char *const sections[] = { "Service", "Socket", "Mount", "Swap" };
                for (size_t i = 0; i < ELEMENTSOF(sections); i++) {
                        _cleanup_free_ char *k = strjoin(sections[i], ".", key);
                        if (!strv_contains(keys, k))
                                fail_msg("%s is not a systemd 252 key", k);
                }
                if (d > 0)
                        assert_true(strcmp(exec_context_table.directives[d - 1].key, key) < 0);
                n++;
        }
        assert_int_equal(n, 140);
        /* Every type that embeds the context finds the keys through its section. */
        assert_non_null(unit_config_lookup(UNIT_SOCKET, "Socket", "ProtectSystem", NULL));
        assert_non_null(unit_config_lookup(UNIT_MOUNT, "Mount", "LimitNOFILE", NULL));
        assert_non_null(unit_config_lookup(UNIT_SWAP, "Swap", "StandardOutput", NULL));
        assert_null(unit_config_lookup(UNIT_TIMER, "Timer", "User", NULL));
}

static void test_defaults(void **state) {
        (void) state;
        UnitConfig *c = service();
        ExecContext *e = c->exec;
        assert_int_equal(e->umask, 0022);
        assert_true(e->ignore_sigpipe);
        assert_int_equal(e->std_input, EXEC_INPUT_NULL);
        assert_int_equal(e->std_output, EXEC_OUTPUT_JOURNAL);
        assert_int_equal(e->std_error, EXEC_OUTPUT_INHERIT);
        assert_int_equal(e->syslog_priority, LOG_DAEMON | LOG_INFO);
        assert_true(e->syslog_level_prefix);
        assert_int_equal(e->log_level_max, -1);
        assert_true(e->capability_bounding_set == CAPABILITY_SET_ALL);
        assert_true(e->capability_ambient_set == 0);
        assert_int_equal(e->syscall_errno, SYSCALL_ERRNO_KILL);
        assert_true(e->restrict_namespaces == NAMESPACE_FLAGS_INITIAL);
        assert_int_equal(e->private_mounts, -1);
        assert_int_equal(e->mount_apivfs, -1);
        assert_true(e->timer_slack_nsec == NSEC_INFINITY);
        assert_true(e->timeout_clean_usec == USEC_INFINITY);
        assert_int_equal(e->tty_rows, UINT_MAX);
        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                assert_int_equal(e->directories[t].mode, 0755);
        assert_int_equal(e->keyring_mode, EXEC_KEYRING_PRIVATE);
        unit_config_free(c);

        /* Only system services get a private keyring. */
        c = unit_config_new(UNIT_SOCKET);
        assert_int_equal(c->exec->keyring_mode, EXEC_KEYRING_INHERIT);
        unit_config_free(c);
}

static void test_identity(void **state) {
        (void) state;
        UnitConfig *c = service();
        assign_ok(c, "User", "daemon");
        assign_ok(c, "User", "0");
        assert_string_equal(c->exec->user, "0");
        assign_ok(c, "Group", "root;");  /* relaxed name rules, as systemd accepts it */
        assign_ok(c, "SupplementaryGroups", "wheel adm");
        assign_ok(c, "SupplementaryGroups", "disk");
        assert_int_equal(strv_length(c->exec->supplementary_groups), 3);
        assign_ok(c, "SupplementaryGroups", "");
        assert_null(c->exec->supplementary_groups);
        assign_ok(c, "User", "");
        assert_null(c->exec->user);

        /* A wrong identity makes the unit unloadable instead of running as someone else. */
        static const char *const fatal[][2] = {
                { "User", "a:b" }, { "User", "-1" }, { "User", "65535" }, { "Group", "a/b" },
                { "SupplementaryGroups", "a b:c" },
        };
        for (size_t i = 0; i < ELEMENTSOF(fatal); i++) {
                AssignResult a = assign(c, fatal[i][0], fatal[i][1]);
                if (a.r != -ENOEXEC)
                        fail_msg("%s=%s: r=%d, expected -ENOEXEC", fatal[i][0], fatal[i][1], a.r);
        }
        unit_config_free(c);
}

static void test_environment_and_paths(void **state) {
        (void) state;
        UnitConfig *c = service();
        ExecContext *e = c->exec;
        assign_ok(c, "EnvironmentFile", "-/etc/default/foo");
        assign_ok(c, "EnvironmentFile", "/etc/foo.env");
        assert_string_equal(e->environment_files[0], "-/etc/default/foo");
        assign_ok(c, "PassEnvironment", "TERM LANG TERM");
        assert_int_equal(strv_length(e->pass_environment), 2);
        assign_ok(c, "UnsetEnvironment", "A=1 B");
        assert_string_equal(e->unset_environment[0], "A=1");

        assign_ok(c, "WorkingDirectory", "-~");
        assert_true(e->working_directory_home && e->working_directory_missing_ok);
        assign_ok(c, "WorkingDirectory", "/srv/data/");
        assert_string_equal(e->working_directory, "/srv/data");
        assert_false(e->working_directory_home || e->working_directory_missing_ok);
        assign_ok(c, "WorkingDirectory", "-/x");
        assert_true(e->working_directory_missing_ok);
        /* test-execute's trailing-dot unit: simplified, not refused */
        assign_ok(c, "WorkingDirectory", "/tmp///./test-exec_workingdirectory/.");
        assert_string_equal(e->working_directory, "/tmp/test-exec_workingdirectory");
        assign_warns(c, "WorkingDirectory", "/tmp/../etc");
        assert_string_equal(e->working_directory, "/tmp/test-exec_workingdirectory");

        assign_ok(c, "ExecSearchPath", "/usr/local/bin:/usr/bin");
        assign_ok(c, "ExecSearchPath", "/opt/bin");
        assert_int_equal(strv_length(e->exec_search_path), 3);

        assign_ok(c, "ReadWritePaths", "-/var/lib/foo +/run/foo");
        assign_ok(c, "ReadWriteDirectories", "/srv");
        assert_int_equal(strv_length(e->read_write_paths), 3);

        /* RootDirectory= that is not absolute is fatal, as in systemd. */
        assert_int_equal(assign(c, "RootDirectory", "rel").r, -ENOEXEC);
        unit_config_free(c);
}

static void test_process_attributes(void **state) {
        (void) state;
        UnitConfig *c = service();
        ExecContext *e = c->exec;
        assign_ok(c, "Nice", "-5");
        assert_true(e->nice_set && e->nice == -5);
        assign_ok(c, "CPUSchedulingPolicy", "fifo");
        assert_int_equal(e->cpu_sched_policy, SCHED_FIFO);
        assign_ok(c, "CPUSchedulingPriority", "50");
        assert_int_equal(e->cpu_sched_priority, 50);
        assign_ok(c, "CPUAffinity", "0-3,5");
        assign_ok(c, "CPUAffinity", "8");
        assert_int_equal(cpu_set_count(&e->cpu_affinity), 6);
        assert_true(cpu_set_isset(&e->cpu_affinity, 8));
        assign_ok(c, "CPUAffinity", "numa");
        assert_true(e->cpu_affinity_from_numa);
        assert_int_equal(cpu_set_count(&e->cpu_affinity), 0);
        assign_ok(c, "NUMAPolicy", "interleave");
        assert_int_equal(e->numa_policy, NUMA_POLICY_INTERLEAVE);
        assign_ok(c, "NUMAMask", "all");
        assert_true(e->numa_mask_all);
        assign_ok(c, "IOSchedulingClass", "2");
        assert_int_equal(e->ioprio_class, IO_CLASS_BEST_EFFORT);
        assign_ok(c, "IOSchedulingClass", "idle");
        assert_int_equal(e->ioprio_class, IO_CLASS_IDLE);
        assign_ok(c, "OOMScoreAdjust", "-1000");
        assert_true(e->oom_score_adjust_set && e->oom_score_adjust == -1000);
        assign_ok(c, "CoredumpFilter", "0x1 elf-headers");
        assign_ok(c, "CoredumpFilter", "shared-dax");
        assert_true(e->coredump_filter == (0x1 | 0x10 | 0x100));
        assign_ok(c, "LimitNOFILE", "1024:524288");
        assert_non_null(e->rlimit[RLIMIT_NOFILE]);
        assert_null(e->rlimit[RLIMIT_CORE]);
        assign_ok(c, "TimerSlackNSec", "50us");
        assert_true(e->timer_slack_nsec == 50000);
        assign_ok(c, "Personality", "x86");
        assert_string_equal(e->personality, "x86");
        assign_ok(c, "KeyringMode", "shared");
        assert_int_equal(e->keyring_mode, EXEC_KEYRING_SHARED);
        assign_ok(c, "RuntimeDirectoryPreserve", "restart");
        assert_int_equal(e->runtime_directory_preserve_mode, EXEC_PRESERVE_RESTART);
        assign_ok(c, "RuntimeDirectoryPreserve", "yes");
        assert_int_equal(e->runtime_directory_preserve_mode, EXEC_PRESERVE_YES);
        unit_config_free(c);
}

static void test_directories(void **state) {
        (void) state;
        UnitConfig *c = service();
        ExecDirectory *d = &c->exec->directories[EXEC_DIRECTORY_STATE];
        assign_ok(c, "StateDirectory", "foo bar/baz:link1:link2");
        assign_ok(c, "StateDirectoryMode", "0700");
        assert_int_equal(d->n_items, 2);
        /* sorted in path order, as systemd does */
        assert_string_equal(d->items[0].path, "bar/baz");
        assert_int_equal(strv_length(d->items[0].symlinks), 2);
        assert_int_equal(d->mode, 0700);
        assign_warns(c, "StateDirectory", "/abs");
        assign_warns(c, "StateDirectory", "../up");
        assert_int_equal(d->n_items, 2);
        /* simplified before the checks, as systemd does (test-execute's RuntimeDirectory=) */
        assign_ok(c, "StateDirectory", "./x2///./hoge/.");
        assert_int_equal(d->n_items, 3);
        assert_string_equal(d->items[2].path, "x2/hoge");
        assign_ok(c, "StateDirectory", "aaa-x aaa/bbb aaa");
        assert_int_equal(d->n_items, 6);
        assert_string_equal(d->items[0].path, "aaa");
        assert_string_equal(d->items[1].path, "aaa/bbb");
        assert_string_equal(d->items[2].path, "aaa-x");
        assign_warns(c, "StateDirectory", "./a/../../b");
        assert_int_equal(d->n_items, 6);
        assign_ok(c, "StateDirectory", "");
        assert_int_equal(d->n_items, 0);
        unit_config_free(c);
}

static void test_stdio(void **state) {
        (void) state;
        UnitConfig *c = service();
        ExecContext *e = c->exec;
        assign_ok(c, "StandardInput", "fd");
        assert_int_equal(e->std_input, EXEC_INPUT_NAMED_FD);
        assert_string_equal(e->stdio_fdname[0], "stdin");
        assign_ok(c, "StandardOutput", "fd:log");
        assert_int_equal(e->std_output, EXEC_OUTPUT_NAMED_FD);
        assert_string_equal(e->stdio_fdname[1], "log");
        assign_ok(c, "StandardError", "append:/var/log/foo.log");
        assert_int_equal(e->std_error, EXEC_OUTPUT_FILE_APPEND);
        assert_string_equal(e->stdio_file[2], "/var/log/foo.log");
        assign_ok(c, "StandardOutput", "truncate:/tmp/x");
        assert_int_equal(e->std_output, EXEC_OUTPUT_FILE_TRUNCATE);
        assert_null(e->stdio_fdname[1]);
        assign_ok(c, "StandardInput", "file:/dev/zero");
        assert_int_equal(e->std_input, EXEC_INPUT_FILE);
        assign_ok(c, "StandardOutput", "kmsg+console");
        assert_int_equal(e->std_output, EXEC_OUTPUT_KMSG_AND_CONSOLE);
        /* Obsolete syslog targets become the journal with a notice, not a warning. */
        assign_ok(c, "StandardOutput", "syslog+console");
        assert_int_equal(e->std_output, EXEC_OUTPUT_JOURNAL_AND_CONSOLE);
        assign_ok(c, "StandardOutput", "");
        assert_int_equal(e->std_output, EXEC_OUTPUT_JOURNAL);

        /* Text lines end with a newline each; base64 data is appended as is. */
        assign_ok(c, "StandardInputText", "hello\\tworld");
        assign_ok(c, "StandardInputData", "AAEC");
        assign_ok(c, "StandardInputText", "end");
        assert_int_equal(e->stdin_data_size, 12 + 3 + 4);
        assert_memory_equal(e->stdin_data, "hello\tworld\n\x00\x01\x02" "end\n", 19);
        assign_ok(c, "StandardInputData", "aGVs bG8=");
        assert_int_equal(e->stdin_data_size, 19 + 5);
        assign_ok(c, "StandardInputText", "");
        assert_null(e->stdin_data);
        assign_warns(c, "StandardInputData", "!!!");
        assign_warns(c, "StandardInputData", "QQ=A");

        assign_ok(c, "SyslogFacility", "local3");
        assign_ok(c, "SyslogLevel", "debug");
        assert_int_equal(e->syslog_priority, LOG_LOCAL3 | LOG_DEBUG);
        assign_ok(c, "SyslogLevel", "3");
        assert_int_equal(e->syslog_priority, LOG_LOCAL3 | LOG_ERR);
        assign_ok(c, "LogLevelMax", "warning");
        assert_int_equal(e->log_level_max, LOG_WARNING);
        assign_ok(c, "LogExtraFields", "FOO=bar \"BAZ=two words\"");
        assert_int_equal(strv_length(e->log_extra_fields), 2);
        assert_string_equal(e->log_extra_fields[1], "BAZ=two words");
        assign_ok(c, "TTYRows", "50");
        assert_int_equal(e->tty_rows, 50);
        assign_ok(c, "TTYRows", "");
        assert_int_equal(e->tty_rows, UINT_MAX);
        unit_config_free(c);
}

static void test_capabilities(void **state) {
        (void) state;
        UnitConfig *c = service();
        ExecContext *e = c->exec;
        /* The first list replaces the initial "all"; later lines add, "~" lines remove. */
        assign_ok(c, "CapabilityBoundingSet", "CAP_CHOWN cap_kill");
        assert_true(e->capability_bounding_set == (CAP(CAP_CHOWN) | CAP(CAP_KILL)));
        assign_ok(c, "CapabilityBoundingSet", "CAP_NET_ADMIN");
        assert_true(e->capability_bounding_set == (CAP(CAP_CHOWN) | CAP(CAP_KILL) | CAP(CAP_NET_ADMIN)));
        assign_ok(c, "CapabilityBoundingSet", "~CAP_KILL");
        assert_true(e->capability_bounding_set == (CAP(CAP_CHOWN) | CAP(CAP_NET_ADMIN)));
        /* Empty: the empty set; "~" alone: everything. */
        assign_ok(c, "CapabilityBoundingSet", "");
        assert_true(e->capability_bounding_set == 0);
        assign_ok(c, "CapabilityBoundingSet", "~");
        assert_true(e->capability_bounding_set == CAPABILITY_SET_ALL);
        assign_ok(c, "CapabilityBoundingSet", "~CAP_SYS_ADMIN");
        assert_true(e->capability_bounding_set == (CAPABILITY_SET_ALL & ~CAP(CAP_SYS_ADMIN)));
        /* An unknown name is passed over quietly, as systemd does (newer kernels have more). */
        assign_ok(c, "AmbientCapabilities", "CAP_FOO CAP_NET_BIND_SERVICE");
        assert_true(e->capability_ambient_set == CAP(CAP_NET_BIND_SERVICE));

        assign_ok(c, "SecureBits", "keep-caps");
        assign_ok(c, "SecureBits", "noroot-locked");
        assert_int_equal(e->secure_bits, (1 << 4) | (1 << 1));
        assign_ok(c, "SecureBits", "");
        assert_int_equal(e->secure_bits, 0);
        unit_config_free(c);
}

static void test_syscall_lists(void **state) {
        (void) state;
        UnitConfig *c = service();
        ExecContext *e = c->exec;
        assign_ok(c, "SystemCallFilter", "@system-service write");
        assert_true(e->syscall_filter.set && e->syscall_filter.allow_list);
        assign_ok(c, "SystemCallFilter", "~write @mount");
        /* In an allow list, a "~" line takes names out. */
        assert_int_equal(strv_length(e->syscall_filter.names), 1);
        assert_string_equal(e->syscall_filter.names[0], "@system-service");
        /* ... but one with an error number stays listed with it (test-execute's
         * exec-systemcallfilter-with-errno-in-allow-list: uname fails with EILSEQ) */
        assign_ok(c, "SystemCallFilter", "~uname:EILSEQ");
        assert_int_equal(strv_length(e->syscall_filter.names), 2);
        assert_string_equal(e->syscall_filter.names[1], "uname:EILSEQ");
        assert_true(e->syscall_filter.allow_list);
        assign_ok(c, "SystemCallFilter", "");
        assert_false(e->syscall_filter.set);
        assign_ok(c, "SystemCallFilter", "~@obsolete ptrace:EPERM");
        assert_false(e->syscall_filter.allow_list);
        assert_string_equal(e->syscall_filter.names[1], "ptrace:EPERM");
        assign_ok(c, "SystemCallFilter", "~ptrace:EACCES");
        assert_int_equal(strv_length(e->syscall_filter.names), 2);
        assert_string_equal(e->syscall_filter.names[1], "ptrace:EACCES");

        assign_ok(c, "SystemCallErrorNumber", "EPERM");
        assert_int_equal(e->syscall_errno, EPERM);
        assign_ok(c, "SystemCallErrorNumber", "log");
        assert_int_equal(e->syscall_errno, SYSCALL_ERRNO_LOG);
        assign_ok(c, "SystemCallArchitectures", "native x86");
        assert_int_equal(strv_length(e->syscall_archs), 2);
        assign_ok(c, "SystemCallLog", "~@sandbox");
        assert_false(e->syscall_log.allow_list);

        assign_ok(c, "RestrictAddressFamilies", "AF_UNIX AF_INET");
        assign_ok(c, "RestrictAddressFamilies", "~AF_INET");
        assert_true(e->address_families.allow_list);
        assert_int_equal(strv_length(e->address_families.names), 1);
        assign_ok(c, "RestrictAddressFamilies", "none");
        assert_true(e->address_families.set && e->address_families.allow_list);
        assert_null(e->address_families.names);

        assign_ok(c, "RestrictFileSystems", "~@privileged-api ext4");
        assert_false(e->restrict_filesystems.allow_list);

        assign_ok(c, "RestrictNamespaces", "yes");
        assert_true(e->restrict_namespaces == 0);
        assign_ok(c, "RestrictNamespaces", "net ipc");
        assert_true(e->restrict_namespaces == (CLONE_NEWNET | CLONE_NEWIPC));
        assign_ok(c, "RestrictNamespaces", "~net");
        assert_true(e->restrict_namespaces == CLONE_NEWIPC);
        assign_ok(c, "RestrictNamespaces", "");
        assign_ok(c, "RestrictNamespaces", "~user");
        assert_true(e->restrict_namespaces == (NAMESPACE_FLAGS_ALL & ~(unsigned long) CLONE_NEWUSER));
        assign_ok(c, "RestrictNamespaces", "no");
        assert_true(e->restrict_namespaces == NAMESPACE_FLAGS_ALL);
        unit_config_free(c);
}

static void test_mounts_and_credentials(void **state) {
        (void) state;
        UnitConfig *c = service();
        ExecContext *e = c->exec;
        assign_ok(c, "BindPaths", "/a -/b:/c:norbind /d\\:e:/f");
        assign_ok(c, "BindReadOnlyPaths", "/etc/x");
        assert_int_equal(e->n_bind_mounts, 4);
        assert_string_equal(e->bind_mounts[0].destination, "/a");
        assert_true(e->bind_mounts[1].ignore_enoent && !e->bind_mounts[1].recursive);
        assert_string_equal(e->bind_mounts[2].source, "/d:e");
        assert_true(e->bind_mounts[3].read_only && e->bind_mounts[3].recursive);
        assign_ok(c, "BindPaths", "");
        assert_int_equal(e->n_bind_mounts, 0);

        assign_ok(c, "TemporaryFileSystem", "/var:ro,size=10M /run");
        assert_int_equal(e->n_temporary_filesystems, 2);
        assert_string_equal(e->temporary_filesystems[0].options, "ro,size=10M");
        assert_null(e->temporary_filesystems[1].options);

        assign_ok(c, "MountImages", "/img.raw:/mnt:root:ro,nosuid -/other.raw:/o");
        assert_int_equal(e->n_mount_images, 2);
        assert_string_equal(e->mount_images[0].options[0], "root:ro,nosuid");
        assert_true(e->mount_images[1].ignore_enoent);
        assign_ok(c, "ExtensionImages", "/ext.raw:ro");
        assert_null(e->extension_images[0].destination);
        assert_string_equal(e->extension_images[0].options[0], "root:ro");
        assign_ok(c, "RootImageOptions", "usr:ro home:rw,nodev");
        assert_int_equal(strv_length(e->root_image_options), 2);

        assign_ok(c, "LoadCredential", "cert:/etc/ssl/cert.pem");
        assign_ok(c, "LoadCredential", "token");
        assign_ok(c, "LoadCredential", "cert:/etc/ssl/other.pem");
        assert_int_equal(e->n_load_credentials, 2);
        assert_string_equal(e->load_credentials[0].value, "/etc/ssl/other.pem");
        assert_null(e->load_credentials[1].value);
        assign_ok(c, "SetCredential", "pw:a\\tb:c");
        assert_string_equal(e->set_credentials[0].value, "a\tb:c");
        assign_ok(c, "SetCredentialEncrypted", "key:aGVsbG8=");
        assert_int_equal(e->set_credentials[1].size, 5);
        assert_true(e->set_credentials[1].encrypted);
        unit_config_free(c);
}

/* Values systemd 252 accepts silently and values it warns about (and ignores). */
static const WarnCase exec_cases[] = {
        { "CapabilityBoundingSet", "CAP_FOO CAP_CHOWN", false },
        { "SecureBits", "keep-caps foo", false },
        { "CPUSchedulingPriority", "0", false },
        { "CPUSchedulingPriority", "100", true },
        { "CPUSchedulingPolicy", "realtime", true },
        { "StandardOutput", "syslog", false },
        { "StandardOutput", "console", true },
        { "StandardOutput", "data", true },
        { "StandardError", "socket", false },
        { "StandardInput", "fd:", false },
        { "StandardInput", "inherit", true },
        { "StandardInput", "data", false },
        { "StandardInput", "file:rel", true },
        { "StandardOutput", "append:/a/../b", true },
        { "StandardOutput", "fd:a:b", true },
        { "LogLevelMax", "foo", true },
        { "SystemCallFilter", "@foo", true },
        { "SystemCallFilter", "write:EPERM", true },
        { "SystemCallFilter", "~write:EFOO", true },
        { "SystemCallFilter", "~write:EPERM", false },
        { "SystemCallLog", "~write:EPERM", true },
        { "SystemCallErrorNumber", "EFOO", true },
        { "SystemCallErrorNumber", "kill", false },
        { "SystemCallArchitectures", "vax", true },
        { "RestrictAddressFamilies", "AF_FOO", true },
        { "RestrictAddressFamilies", "~AF_PACKET AF_NETLINK", false },
        { "RestrictNamespaces", "foo", true },
        { "RestrictNamespaces", "~net ipc", false },
        { "Personality", "foo", true },
        { "CPUAffinity", "0-3,5 numa", true },
        { "CPUAffinity", "99999999", true },
        { "CPUAffinity", "3-1", true },
        { "NUMAPolicy", "sometimes", true },
        { "MountFlags", "foo", true },
        { "MountFlags", "slave", false },
        { "ProtectSystem", "foo", true },
        { "ProtectSystem", "strict", false },
        { "ProtectSystem", "yes", false },
        { "ProtectHome", "tmpfs", false },
        { "ProtectProc", "invisible", false },
        { "ProcSubset", "pid", false },
        { "RuntimeDirectory", "../x", true },
        { "RuntimeDirectory", "/abs", true },
        { "RuntimeDirectory", "a:b", false },
        { "BindPaths", "/a:rel", true },
        { "BindPaths", "/a:/b:foo", true },
        { "BindPaths", "-/a:/b:rbind", false },
        { "BindPaths", "/a:/b:ro", true },
        { "TemporaryFileSystem", "rel", true },
        { "TemporaryFileSystem", "/x:ro,size=1", false },
        { "LogExtraFields", "foo=bar", true },
        { "LogExtraFields", "FOO", true },
        { "LogExtraFields", "_FOO=1", true },
        { "LogNamespace", "a/b", true },
        { "LogNamespace", "foo-bar", false },
        { "UtmpMode", "foo", true },
        { "KeyringMode", "foo", true },
        { "IOSchedulingPriority", "8", true },
        { "IOSchedulingClass", "2", false },
        { "IOSchedulingClass", "9", true }, /* systemd takes 4…8 as raw classes; sysMaster only 0…3 */
        { "OOMScoreAdjust", "1001", true },
        { "Nice", "20", true },
        { "Nice", "-20", false },
        { "UMask", "888", true },
        { "TimerSlackNSec", "foo", true },
        { "SyslogFacility", "foo", true },
        { "SyslogLevel", "foo", true },
        { "SyslogLevel", "7", false },
        { "EnvironmentFile", "rel", true },
        { "PassEnvironment", "A= B", true },
        { "UnsetEnvironment", "A=1 B= =C", true },
        { "TTYRows", "x", true },
        { "ExecSearchPath", "/a:rel", true },
        { "ExecSearchPath", "/a:/b", false },
        { "LoadCredential", "a/b", true },
        { "LoadCredential", "foo:rel", false },
        { "SetCredential", "foo", true },
        { "SetCredentialEncrypted", "foo:!!!", true },
        { "WorkingDirectory", "-rel", true },
        { "RootImageOptions", "foo:ro", true },
        { "RootImageOptions", "root:ro", false },
        { "RootHash", "xyz", true },
        { "RootHash", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", false },
        { "RootHashSignature", "base64:!!", true },
        { "RootHashSignature", "base64:aGVsbG8=", false },
        { "MountImages", "/a", true },
        { "MountImages", "/a:/b:root:ro", false },
        { "ExtensionImages", "-/a root:ro", true },
        { "CoredumpFilter", "foo", true },
        { "CoredumpFilter", "0x33 elf-headers", false },
        { "RestrictFileSystems", "@nonsense", true },
        { "StandardInputData", "aGVsbG8=", false },
};

static void test_warnings_match_systemd(void **state) {
        (void) state;
        assert_int_equal(run_warn_cases(UNIT_SERVICE, exec_cases, ELEMENTSOF(exec_cases)), 0);
}

int main(void) {
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_keys_known_in_all_four_types),
                cmocka_unit_test(test_defaults),
                cmocka_unit_test(test_identity),
                cmocka_unit_test(test_environment_and_paths),
                cmocka_unit_test(test_process_attributes),
                cmocka_unit_test(test_directories),
                cmocka_unit_test(test_stdio),
                cmocka_unit_test(test_capabilities),
                cmocka_unit_test(test_syscall_lists),
                cmocka_unit_test(test_mounts_and_credentials),
                cmocka_unit_test(test_warnings_match_systemd),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
