/* exec-context.c — the directive table of the execution context, shared by [Service],
 * [Socket], [Mount] and [Swap], and the life cycle of ExecContext: the defaults
 * systemd.exec(7) documents and a destructor that frees every field. Parsers with more
 * logic than a name table live in exec-parsers-*.c. */
#include <limits.h>
#include <sched.h>
#include <stddef.h>
#include <sys/resource.h>

#include "directive-util.h"
#include "config-values.h"
#include "exec-context.h"
#include "exec-parsers.h"
#include "parse-util.h"
#include "strv.h"

/* For tables only this file uses: name → value, -EINVAL if unknown. */
#define DEFINE_PRIVATE_STRING_TABLE_LOOKUP(name)                                        \
        static int name##_from_string(const char *s) {                                  \
                return string_table_lookup(name##_table, ELEMENTSOF(name##_table), s);  \
        }

static const char *const exec_keyring_mode_table[_EXEC_KEYRING_MODE_MAX] = {
        [EXEC_KEYRING_INHERIT] = "inherit",
        [EXEC_KEYRING_PRIVATE] = "private",
        [EXEC_KEYRING_SHARED] = "shared",
};
DEFINE_PRIVATE_STRING_TABLE_LOOKUP(exec_keyring_mode)

static const char *const exec_utmp_mode_table[_EXEC_UTMP_MODE_MAX] = {
        [EXEC_UTMP_INIT] = "init",
        [EXEC_UTMP_LOGIN] = "login",
        [EXEC_UTMP_USER] = "user",
};
DEFINE_PRIVATE_STRING_TABLE_LOOKUP(exec_utmp_mode)

static const char *const numa_policy_table[_NUMA_POLICY_MAX] = {
        [NUMA_POLICY_DEFAULT] = "default",
        [NUMA_POLICY_PREFERRED] = "preferred",
        [NUMA_POLICY_BIND] = "bind",
        [NUMA_POLICY_INTERLEAVE] = "interleave",
        [NUMA_POLICY_LOCAL] = "local",
};
DEFINE_PRIVATE_STRING_TABLE_LOOKUP(numa_policy)

static const char *const protect_proc_table[_PROTECT_PROC_MAX] = {
        [PROTECT_PROC_DEFAULT] = "default",
        [PROTECT_PROC_NOACCESS] = "noaccess",
        [PROTECT_PROC_INVISIBLE] = "invisible",
        [PROTECT_PROC_PTRACEABLE] = "ptraceable",
};
DEFINE_PRIVATE_STRING_TABLE_LOOKUP(protect_proc)

static const char *const proc_subset_table[_PROC_SUBSET_MAX] = {
        [PROC_SUBSET_ALL] = "all",
        [PROC_SUBSET_PID] = "pid",
};
DEFINE_PRIVATE_STRING_TABLE_LOOKUP(proc_subset)

static const char *const mount_propagation_table[_MOUNT_PROPAGATION_MAX] = {
        [MOUNT_PROPAGATION_SHARED] = "shared",
        [MOUNT_PROPAGATION_SLAVE] = "slave",
        [MOUNT_PROPAGATION_PRIVATE] = "private",
};
DEFINE_PRIVATE_STRING_TABLE_LOOKUP(mount_propagation)

/* ProtectSystem=, ProtectHome= and RuntimeDirectoryPreserve= take a boolean or one of their
 * own words; a boolean picks the "no" and the plain "yes" value. */
static const char *const protect_system_table[_PROTECT_SYSTEM_MAX] = {
        [PROTECT_SYSTEM_NO] = "no",
        [PROTECT_SYSTEM_YES] = "yes",
        [PROTECT_SYSTEM_FULL] = "full",
        [PROTECT_SYSTEM_STRICT] = "strict",
};

static const char *const protect_home_table[_PROTECT_HOME_MAX] = {
        [PROTECT_HOME_NO] = "no",
        [PROTECT_HOME_YES] = "yes",
        [PROTECT_HOME_READ_ONLY] = "read-only",
        [PROTECT_HOME_TMPFS] = "tmpfs",
};

static const char *const exec_preserve_mode_table[_EXEC_PRESERVE_MODE_MAX] = {
        [EXEC_PRESERVE_NO] = "no",
        [EXEC_PRESERVE_YES] = "yes",
        [EXEC_PRESERVE_RESTART] = "restart",
};

#define DEFINE_BOOLEAN_OR_NAME(name)                                                            \
        static int name##_from_string(const char *s) {                                          \
                int b = parse_boolean(s);                                                       \
                if (b >= 0)                                                                     \
                        return b; /* index 0 is "no", 1 is "yes" */                             \
                return string_table_lookup(name##_table, ELEMENTSOF(name##_table), s);          \
        }
DEFINE_BOOLEAN_OR_NAME(protect_system)
DEFINE_BOOLEAN_OR_NAME(protect_home)
DEFINE_BOOLEAN_OR_NAME(exec_preserve_mode)

static DEFINE_CONFIG_PARSE_ENUM(config_parse_exec_keyring_mode, exec_keyring_mode_from_string, ExecKeyringMode,
                                "Failed to parse keyring mode")
static DEFINE_CONFIG_PARSE_ENUM(config_parse_exec_utmp_mode, exec_utmp_mode_from_string, ExecUtmpMode,
                                "Failed to parse utmp mode")
static DEFINE_CONFIG_PARSE_ENUM(config_parse_exec_numa_policy, numa_policy_from_string, NUMAPolicy,
                                "Failed to parse NUMA policy")
static DEFINE_CONFIG_PARSE_ENUM(config_parse_exec_protect_proc, protect_proc_from_string, ProtectProc,
                                "Failed to parse /proc/ protection mode")
static DEFINE_CONFIG_PARSE_ENUM(config_parse_exec_proc_subset, proc_subset_from_string, ProcSubset,
                                "Failed to parse /proc/ subset")
static DEFINE_CONFIG_PARSE_ENUM(config_parse_exec_mount_propagation, mount_propagation_from_string,
                                MountPropagation, "Failed to parse mount flag")
static DEFINE_CONFIG_PARSE_ENUM(config_parse_exec_protect_system, protect_system_from_string, ProtectSystem,
                                "Failed to parse protect system value")
static DEFINE_CONFIG_PARSE_ENUM(config_parse_exec_protect_home, protect_home_from_string, ProtectHome,
                                "Failed to parse protect home value")
static DEFINE_CONFIG_PARSE_ENUM(config_parse_exec_preserve_mode, exec_preserve_mode_from_string,
                                ExecPreserveMode, "Failed to parse runtime directory preserve mode")

static const char *const exec_directory_type_table[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "RuntimeDirectory",
        [EXEC_DIRECTORY_STATE] = "StateDirectory",
        [EXEC_DIRECTORY_CACHE] = "CacheDirectory",
        [EXEC_DIRECTORY_LOGS] = "LogsDirectory",
        [EXEC_DIRECTORY_CONFIGURATION] = "ConfigurationDirectory",
};

const char *exec_directory_type_to_string(ExecDirectoryType t) {
        return t >= 0 && t < _EXEC_DIRECTORY_TYPE_MAX ? exec_directory_type_table[t] : NULL;
}

/* Sorted by strcmp(); parsers whose offset is 0 take the whole ExecContext because one
 * directive sets several fields. */
static const ConfigDirective exec_context_directives[] = {
        { "AmbientCapabilities", config_parse_exec_capability_set, 0, offsetof(ExecContext, capability_ambient_set) },
        { "AppArmorProfile", config_parse_string, 0, offsetof(ExecContext, apparmor_profile) },
        { "BindPaths", config_parse_exec_bind_paths, 0, 0 },
        { "BindReadOnlyPaths", config_parse_exec_bind_paths, 1, 0 },
        { "CPUAffinity", config_parse_exec_cpu_affinity, 0, 0 },
        { "CPUSchedulingPolicy", config_parse_exec_cpu_sched_policy, 0, 0 },
        { "CPUSchedulingPriority", config_parse_exec_cpu_sched_prio, 0, 0 },
        { "CPUSchedulingResetOnFork", config_parse_bool, 0, offsetof(ExecContext, cpu_sched_reset_on_fork) },
        { "CacheDirectory", config_parse_exec_directories, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_CACHE]) },
        { "CacheDirectoryMode", config_parse_mode, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_CACHE].mode) },
        { "CapabilityBoundingSet", config_parse_exec_capability_set, 1, offsetof(ExecContext, capability_bounding_set) },
        { "ConfigurationDirectory", config_parse_exec_directories, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_CONFIGURATION]) },
        { "ConfigurationDirectoryMode", config_parse_mode, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_CONFIGURATION].mode) },
        { "CoredumpFilter", config_parse_exec_coredump_filter, 0, 0 },
        { "DynamicUser", config_parse_bool, 0, offsetof(ExecContext, dynamic_user) },
        { "Environment", config_parse_environ, 0, offsetof(ExecContext, environment) },
        { "EnvironmentFile", config_parse_exec_environment_file, 0, offsetof(ExecContext, environment_files) },
        { "ExecPaths", config_parse_path_strv, 1, offsetof(ExecContext, exec_paths) },
        { "ExecSearchPath", config_parse_exec_search_path, 0, offsetof(ExecContext, exec_search_path) },
        { "ExtensionDirectories", config_parse_path_strv, 0, offsetof(ExecContext, extension_directories) },
        { "ExtensionImages", config_parse_exec_mount_images, 0, 0 },
        { "Group", config_parse_exec_user, 0, offsetof(ExecContext, group) },
        { "IOSchedulingClass", config_parse_exec_io_class, 0, 0 },
        { "IOSchedulingPriority", config_parse_exec_io_priority, 0, 0 },
        { "IPCNamespacePath", config_parse_path, 0, offsetof(ExecContext, ipc_namespace_path) },
        { "IgnoreSIGPIPE", config_parse_bool, 0, offsetof(ExecContext, ignore_sigpipe) },
        { "InaccessibleDirectories", config_parse_path_strv, 1, offsetof(ExecContext, inaccessible_paths) },
        { "InaccessiblePaths", config_parse_path_strv, 1, offsetof(ExecContext, inaccessible_paths) },
        { "KeyringMode", config_parse_exec_keyring_mode, 0, offsetof(ExecContext, keyring_mode) },
        { "LimitAS", config_parse_rlimit, RLIMIT_AS, offsetof(ExecContext, rlimit) },
        { "LimitCORE", config_parse_rlimit, RLIMIT_CORE, offsetof(ExecContext, rlimit) },
        { "LimitCPU", config_parse_rlimit, RLIMIT_CPU, offsetof(ExecContext, rlimit) },
        { "LimitDATA", config_parse_rlimit, RLIMIT_DATA, offsetof(ExecContext, rlimit) },
        { "LimitFSIZE", config_parse_rlimit, RLIMIT_FSIZE, offsetof(ExecContext, rlimit) },
        { "LimitLOCKS", config_parse_rlimit, RLIMIT_LOCKS, offsetof(ExecContext, rlimit) },
        { "LimitMEMLOCK", config_parse_rlimit, RLIMIT_MEMLOCK, offsetof(ExecContext, rlimit) },
        { "LimitMSGQUEUE", config_parse_rlimit, RLIMIT_MSGQUEUE, offsetof(ExecContext, rlimit) },
        { "LimitNICE", config_parse_rlimit, RLIMIT_NICE, offsetof(ExecContext, rlimit) },
        { "LimitNOFILE", config_parse_rlimit, RLIMIT_NOFILE, offsetof(ExecContext, rlimit) },
        { "LimitNPROC", config_parse_rlimit, RLIMIT_NPROC, offsetof(ExecContext, rlimit) },
        { "LimitRSS", config_parse_rlimit, RLIMIT_RSS, offsetof(ExecContext, rlimit) },
        { "LimitRTPRIO", config_parse_rlimit, RLIMIT_RTPRIO, offsetof(ExecContext, rlimit) },
        { "LimitRTTIME", config_parse_rlimit, RLIMIT_RTTIME, offsetof(ExecContext, rlimit) },
        { "LimitSIGPENDING", config_parse_rlimit, RLIMIT_SIGPENDING, offsetof(ExecContext, rlimit) },
        { "LimitSTACK", config_parse_rlimit, RLIMIT_STACK, offsetof(ExecContext, rlimit) },
        { "LoadCredential", config_parse_exec_load_credential, 0, 0 },
        { "LoadCredentialEncrypted", config_parse_exec_load_credential, 1, 0 },
        { "LockPersonality", config_parse_bool, 0, offsetof(ExecContext, lock_personality) },
        { "LogExtraFields", config_parse_exec_log_extra_fields, 0, offsetof(ExecContext, log_extra_fields) },
        { "LogLevelMax", config_parse_exec_log_level_max, 0, offsetof(ExecContext, log_level_max) },
        { "LogNamespace", config_parse_exec_log_namespace, 0, offsetof(ExecContext, log_namespace) },
        { "LogRateLimitBurst", config_parse_unsigned, 0, offsetof(ExecContext, log_ratelimit_burst) },
        { "LogRateLimitIntervalSec", config_parse_sec, 0, offsetof(ExecContext, log_ratelimit_interval_usec) },
        { "LogsDirectory", config_parse_exec_directories, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_LOGS]) },
        { "LogsDirectoryMode", config_parse_mode, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_LOGS].mode) },
        { "MemoryDenyWriteExecute", config_parse_bool, 0, offsetof(ExecContext, memory_deny_write_execute) },
        { "MountAPIVFS", config_parse_tristate, 0, offsetof(ExecContext, mount_apivfs) },
        { "MountFlags", config_parse_exec_mount_propagation, 0, offsetof(ExecContext, mount_propagation) },
        { "MountImages", config_parse_exec_mount_images, 1, 0 },
        { "NUMAMask", config_parse_exec_numa_mask, 0, 0 },
        { "NUMAPolicy", config_parse_exec_numa_policy, 0, offsetof(ExecContext, numa_policy) },
        { "NetworkNamespacePath", config_parse_path, 0, offsetof(ExecContext, network_namespace_path) },
        { "Nice", config_parse_exec_nice, 0, 0 },
        { "NoExecPaths", config_parse_path_strv, 1, offsetof(ExecContext, no_exec_paths) },
        { "NoNewPrivileges", config_parse_bool, 0, offsetof(ExecContext, no_new_privileges) },
        { "OOMScoreAdjust", config_parse_exec_oom_score_adjust, 0, 0 },
        { "PAMName", config_parse_string, 0, offsetof(ExecContext, pam_name) },
        { "PassEnvironment", config_parse_exec_pass_environment, 0, offsetof(ExecContext, pass_environment) },
        { "Personality", config_parse_exec_personality, 0, offsetof(ExecContext, personality) },
        { "PrivateDevices", config_parse_bool, 0, offsetof(ExecContext, private_devices) },
        { "PrivateIPC", config_parse_bool, 0, offsetof(ExecContext, private_ipc) },
        { "PrivateMounts", config_parse_tristate, 0, offsetof(ExecContext, private_mounts) },
        { "PrivateNetwork", config_parse_bool, 0, offsetof(ExecContext, private_network) },
        { "PrivateTmp", config_parse_bool, 0, offsetof(ExecContext, private_tmp) },
        { "PrivateUsers", config_parse_bool, 0, offsetof(ExecContext, private_users) },
        { "ProcSubset", config_parse_exec_proc_subset, 0, offsetof(ExecContext, proc_subset) },
        { "ProtectClock", config_parse_bool, 0, offsetof(ExecContext, protect_clock) },
        { "ProtectControlGroups", config_parse_bool, 0, offsetof(ExecContext, protect_control_groups) },
        { "ProtectHome", config_parse_exec_protect_home, 0, offsetof(ExecContext, protect_home) },
        { "ProtectHostname", config_parse_bool, 0, offsetof(ExecContext, protect_hostname) },
        { "ProtectKernelLogs", config_parse_bool, 0, offsetof(ExecContext, protect_kernel_logs) },
        { "ProtectKernelModules", config_parse_bool, 0, offsetof(ExecContext, protect_kernel_modules) },
        { "ProtectKernelTunables", config_parse_bool, 0, offsetof(ExecContext, protect_kernel_tunables) },
        { "ProtectProc", config_parse_exec_protect_proc, 0, offsetof(ExecContext, protect_proc) },
        { "ProtectSystem", config_parse_exec_protect_system, 0, offsetof(ExecContext, protect_system) },
        { "ReadOnlyDirectories", config_parse_path_strv, 1, offsetof(ExecContext, read_only_paths) },
        { "ReadOnlyPaths", config_parse_path_strv, 1, offsetof(ExecContext, read_only_paths) },
        { "ReadWriteDirectories", config_parse_path_strv, 1, offsetof(ExecContext, read_write_paths) },
        { "ReadWritePaths", config_parse_path_strv, 1, offsetof(ExecContext, read_write_paths) },
        { "RemoveIPC", config_parse_bool, 0, offsetof(ExecContext, remove_ipc) },
        { "RestrictAddressFamilies", config_parse_exec_address_families, 0, offsetof(ExecContext, address_families) },
        { "RestrictFileSystems", config_parse_exec_restrict_filesystems, 0, offsetof(ExecContext, restrict_filesystems) },
        { "RestrictNamespaces", config_parse_exec_restrict_namespaces, 0, offsetof(ExecContext, restrict_namespaces) },
        { "RestrictRealtime", config_parse_bool, 0, offsetof(ExecContext, restrict_realtime) },
        { "RestrictSUIDSGID", config_parse_bool, 0, offsetof(ExecContext, restrict_suid_sgid) },
        { "RootDirectory", config_parse_path, 1, offsetof(ExecContext, root_directory) },
        { "RootHash", config_parse_exec_root_hash, 0, offsetof(ExecContext, root_hash) },
        { "RootHashSignature", config_parse_exec_root_hash_signature, 0, offsetof(ExecContext, root_hash_signature) },
        { "RootImage", config_parse_path, 1, offsetof(ExecContext, root_image) },
        { "RootImageOptions", config_parse_exec_root_image_options, 0, offsetof(ExecContext, root_image_options) },
        { "RootVerity", config_parse_path, 0, offsetof(ExecContext, root_verity) },
        { "RuntimeDirectory", config_parse_exec_directories, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_RUNTIME]) },
        { "RuntimeDirectoryMode", config_parse_mode, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_RUNTIME].mode) },
        { "RuntimeDirectoryPreserve", config_parse_exec_preserve_mode, 0, offsetof(ExecContext, runtime_directory_preserve_mode) },
        { "SELinuxContext", config_parse_string, 0, offsetof(ExecContext, selinux_context) },
        { "SecureBits", config_parse_exec_secure_bits, 0, offsetof(ExecContext, secure_bits) },
        { "SetCredential", config_parse_exec_set_credential, 0, 0 },
        { "SetCredentialEncrypted", config_parse_exec_set_credential, 1, 0 },
        { "SmackProcessLabel", config_parse_string, 0, offsetof(ExecContext, smack_process_label) },
        { "StandardError", config_parse_exec_output, 2, 0 },
        { "StandardInput", config_parse_exec_input, 0, 0 },
        { "StandardInputData", config_parse_exec_input_data, 0, 0 },
        { "StandardInputText", config_parse_exec_input_text, 0, 0 },
        { "StandardOutput", config_parse_exec_output, 1, 0 },
        { "StateDirectory", config_parse_exec_directories, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_STATE]) },
        { "StateDirectoryMode", config_parse_mode, 0, offsetof(ExecContext, directories[EXEC_DIRECTORY_STATE].mode) },
        { "SupplementaryGroups", config_parse_exec_supplementary_groups, 0, offsetof(ExecContext, supplementary_groups) },
        { "SyslogFacility", config_parse_exec_syslog_facility, 0, offsetof(ExecContext, syslog_priority) },
        { "SyslogIdentifier", config_parse_string, 0, offsetof(ExecContext, syslog_identifier) },
        { "SyslogLevel", config_parse_exec_syslog_level, 0, offsetof(ExecContext, syslog_priority) },
        { "SyslogLevelPrefix", config_parse_bool, 0, offsetof(ExecContext, syslog_level_prefix) },
        { "SystemCallArchitectures", config_parse_exec_syscall_archs, 0, offsetof(ExecContext, syscall_archs) },
        { "SystemCallErrorNumber", config_parse_exec_syscall_errno, 0, offsetof(ExecContext, syscall_errno) },
        { "SystemCallFilter", config_parse_exec_syscall_filter, 1, offsetof(ExecContext, syscall_filter) },
        { "SystemCallLog", config_parse_exec_syscall_filter, 0, offsetof(ExecContext, syscall_log) },
        { "TTYColumns", config_parse_exec_tty_size, 0, offsetof(ExecContext, tty_cols) },
        { "TTYPath", config_parse_path, 0, offsetof(ExecContext, tty_path) },
        { "TTYReset", config_parse_bool, 0, offsetof(ExecContext, tty_reset) },
        { "TTYRows", config_parse_exec_tty_size, 0, offsetof(ExecContext, tty_rows) },
        { "TTYVHangup", config_parse_bool, 0, offsetof(ExecContext, tty_vhangup) },
        { "TTYVTDisallocate", config_parse_bool, 0, offsetof(ExecContext, tty_vt_disallocate) },
        { "TemporaryFileSystem", config_parse_exec_temporary_filesystems, 0, 0 },
        { "TimeoutCleanSec", config_parse_sec, 0, offsetof(ExecContext, timeout_clean_usec) },
        { "TimerSlackNSec", config_parse_exec_timer_slack, 0, offsetof(ExecContext, timer_slack_nsec) },
        { "UMask", config_parse_mode, 0, offsetof(ExecContext, umask) },
        { "UnsetEnvironment", config_parse_exec_unset_environment, 0, offsetof(ExecContext, unset_environment) },
        { "User", config_parse_exec_user, 0, offsetof(ExecContext, user) },
        { "UtmpIdentifier", config_parse_string, 0, offsetof(ExecContext, utmp_id) },
        { "UtmpMode", config_parse_exec_utmp_mode, 0, offsetof(ExecContext, utmp_mode) },
        { "WorkingDirectory", config_parse_exec_working_directory, 0, 0 },
};

const ConfigTable exec_context_table = CONFIG_TABLE("exec", PART_EXEC, exec_context_directives);

ExecContext *exec_context_new(void) {
        ExecContext *c = new0(ExecContext, 1);
        if (!c)
                return NULL;
        c->umask = 0022;
        c->cpu_sched_policy = SCHED_OTHER;
        c->numa_policy = NUMA_POLICY_DEFAULT;
        c->ioprio_class = IO_CLASS_BEST_EFFORT;
        c->ioprio = 4;
        c->coredump_filter = UINT64_C(0x33);
        c->ignore_sigpipe = true;
        c->timer_slack_nsec = NSEC_INFINITY;
        /* Services of the system manager get a private keyring; unit_config_new() sets that
         * for them, the other users of the context inherit the manager's. */
        c->keyring_mode = EXEC_KEYRING_INHERIT;
        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                c->directories[t].mode = 0755;
        c->runtime_directory_preserve_mode = EXEC_PRESERVE_NO;
        c->timeout_clean_usec = USEC_INFINITY;
        c->std_input = EXEC_INPUT_NULL;
        /* DefaultStandardOutput= of the manager, journal unless configured otherwise;
         * StandardError= inherits whatever standard output becomes. */
        c->std_output = EXEC_OUTPUT_JOURNAL;
        c->std_error = EXEC_OUTPUT_INHERIT;
        c->tty_rows = c->tty_cols = UINT_MAX;
        c->syslog_priority = LOG_DAEMON | LOG_INFO;
        c->syslog_level_prefix = true;
        c->log_level_max = -1;
        c->utmp_mode = EXEC_UTMP_INIT;
        c->capability_bounding_set = CAPABILITY_SET_ALL;
        c->syscall_errno = SYSCALL_ERRNO_KILL;
        c->restrict_namespaces = NAMESPACE_FLAGS_INITIAL;
        c->private_mounts = -1;
        c->mount_apivfs = -1;
        return c;
}

ExecContext *exec_context_free(ExecContext *c) {
        if (!c)
                return NULL;
        free(c->user);
        free(c->group);
        strv_free(c->supplementary_groups);
        free(c->pam_name);
        strv_free(c->environment);
        strv_free(c->environment_files);
        strv_free(c->pass_environment);
        strv_free(c->unset_environment);
        free(c->working_directory);
        strv_free(c->exec_search_path);
        free(c->root_directory);
        free(c->root_image);
        strv_free(c->root_image_options);
        free(c->root_hash);
        free(c->root_hash_signature);
        free(c->root_verity);
        exec_mount_images_free(c->mount_images, c->n_mount_images);
        exec_mount_images_free(c->extension_images, c->n_extension_images);
        strv_free(c->extension_directories);
        cpu_set_reset(&c->cpu_affinity);
        cpu_set_reset(&c->numa_mask);
        for (size_t i = 0; i < ELEMENTSOF(c->rlimit); i++)
                free(c->rlimit[i]);
        free(c->personality);
        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                exec_directory_items_free(c->directories[t].items, c->directories[t].n_items);
        for (size_t i = 0; i < 3; i++) {
                free(c->stdio_fdname[i]);
                free(c->stdio_file[i]);
        }
        free(c->stdin_data);
        free(c->tty_path);
        free(c->syslog_identifier);
        strv_free(c->log_extra_fields);
        free(c->log_namespace);
        free(c->utmp_id);
        strv_free(c->syscall_filter.names);
        strv_free(c->syscall_archs);
        strv_free(c->syscall_log.names);
        strv_free(c->address_families.names);
        strv_free(c->restrict_filesystems.names);
        free(c->selinux_context);
        free(c->apparmor_profile);
        free(c->smack_process_label);
        exec_credentials_free(c->load_credentials, c->n_load_credentials);
        exec_credentials_free(c->set_credentials, c->n_set_credentials);
        free(c->network_namespace_path);
        free(c->ipc_namespace_path);
        strv_free(c->read_write_paths);
        strv_free(c->read_only_paths);
        strv_free(c->inaccessible_paths);
        strv_free(c->exec_paths);
        strv_free(c->no_exec_paths);
        exec_bind_mounts_free(c->bind_mounts, c->n_bind_mounts);
        exec_temporary_filesystems_free(c->temporary_filesystems, c->n_temporary_filesystems);
        free(c);
        return NULL;
}
