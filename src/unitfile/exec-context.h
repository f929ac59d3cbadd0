/* exec-context.h — the execution context shared by service, socket, mount and swap units, as
 * systemd.exec(7) describes it: identity, environment, process attributes, standard I/O and
 * logging, capabilities, system call and namespace restrictions, and file system sandboxing.
 * The directive table exec_context_table fills it; exec_context_new() sets the documented
 * defaults, so a field nobody assigned already holds what the service will get. Parsing stores
 * what the file says (names, paths, lists); resolving users, capabilities against the running
 * kernel or system call names against seccomp happens when the unit starts. */
#pragma once

#include <sched.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "config-parse.h"
#include "cpu-set.h"
#include "time-util.h"

typedef enum ExecInput {
        EXEC_INPUT_NULL,
        EXEC_INPUT_TTY,
        EXEC_INPUT_TTY_FORCE,
        EXEC_INPUT_TTY_FAIL,
        EXEC_INPUT_SOCKET,
        EXEC_INPUT_NAMED_FD,
        EXEC_INPUT_DATA,
        EXEC_INPUT_FILE,
        _EXEC_INPUT_MAX,
        _EXEC_INPUT_INVALID = -EINVAL,
} ExecInput;

typedef enum ExecOutput {
        EXEC_OUTPUT_INHERIT,
        EXEC_OUTPUT_NULL,
        EXEC_OUTPUT_TTY,
        EXEC_OUTPUT_KMSG,
        EXEC_OUTPUT_KMSG_AND_CONSOLE,
        EXEC_OUTPUT_JOURNAL,
        EXEC_OUTPUT_JOURNAL_AND_CONSOLE,
        EXEC_OUTPUT_SOCKET,
        EXEC_OUTPUT_NAMED_FD,
        EXEC_OUTPUT_FILE,
        EXEC_OUTPUT_FILE_APPEND,
        EXEC_OUTPUT_FILE_TRUNCATE,
        _EXEC_OUTPUT_MAX,
        _EXEC_OUTPUT_INVALID = -EINVAL,
} ExecOutput;

typedef enum ExecUtmpMode {
        EXEC_UTMP_INIT,
        EXEC_UTMP_LOGIN,
        EXEC_UTMP_USER,
        _EXEC_UTMP_MODE_MAX,
} ExecUtmpMode;

typedef enum ExecKeyringMode {
        EXEC_KEYRING_INHERIT,
        EXEC_KEYRING_PRIVATE,
        EXEC_KEYRING_SHARED,
        _EXEC_KEYRING_MODE_MAX,
} ExecKeyringMode;

typedef enum ExecPreserveMode {
        EXEC_PRESERVE_NO,
        EXEC_PRESERVE_YES,
        EXEC_PRESERVE_RESTART,
        _EXEC_PRESERVE_MODE_MAX,
} ExecPreserveMode;

typedef enum ExecDirectoryType {
        EXEC_DIRECTORY_RUNTIME,
        EXEC_DIRECTORY_STATE,
        EXEC_DIRECTORY_CACHE,
        EXEC_DIRECTORY_LOGS,
        EXEC_DIRECTORY_CONFIGURATION,
        _EXEC_DIRECTORY_TYPE_MAX,
} ExecDirectoryType;

typedef enum ProtectSystem {
        PROTECT_SYSTEM_NO,
        PROTECT_SYSTEM_YES,
        PROTECT_SYSTEM_FULL,
        PROTECT_SYSTEM_STRICT,
        _PROTECT_SYSTEM_MAX,
} ProtectSystem;

typedef enum ProtectHome {
        PROTECT_HOME_NO,
        PROTECT_HOME_YES,
        PROTECT_HOME_READ_ONLY,
        PROTECT_HOME_TMPFS,
        _PROTECT_HOME_MAX,
} ProtectHome;

typedef enum ProtectProc {
        PROTECT_PROC_DEFAULT,
        PROTECT_PROC_NOACCESS,
        PROTECT_PROC_INVISIBLE,
        PROTECT_PROC_PTRACEABLE,
        _PROTECT_PROC_MAX,
} ProtectProc;

typedef enum ProcSubset {
        PROC_SUBSET_ALL,
        PROC_SUBSET_PID,
        _PROC_SUBSET_MAX,
} ProcSubset;

typedef enum NUMAPolicy {
        NUMA_POLICY_DEFAULT,
        NUMA_POLICY_PREFERRED,
        NUMA_POLICY_BIND,
        NUMA_POLICY_INTERLEAVE,
        NUMA_POLICY_LOCAL,
        _NUMA_POLICY_MAX,
} NUMAPolicy;

typedef enum IOSchedulingClass {
        IO_CLASS_NONE,
        IO_CLASS_REALTIME,
        IO_CLASS_BEST_EFFORT,
        IO_CLASS_IDLE,
        _IO_CLASS_MAX,
} IOSchedulingClass;

typedef enum MountPropagation {
        MOUNT_PROPAGATION_UNSET,   /* leave the propagation the manager runs with */
        MOUNT_PROPAGATION_SHARED,
        MOUNT_PROPAGATION_SLAVE,
        MOUNT_PROPAGATION_PRIVATE,
        _MOUNT_PROPAGATION_MAX,
} MountPropagation;

/* One RuntimeDirectory= (…) entry: a path relative to the type's base directory, and the
 * symlinks ("path:link[:link…]") to create to it. */
typedef struct ExecDirectoryItem {
        char *path;
        char **symlinks;
} ExecDirectoryItem;

typedef struct ExecDirectory {
        ExecDirectoryItem *items;
        size_t n_items;
        mode_t mode;
} ExecDirectory;

/* BindPaths=/BindReadOnlyPaths= entry "[-]source[:destination[:rbind|norbind]]". */
typedef struct BindMount {
        char *source;
        char *destination;
        bool read_only;
        bool ignore_enoent;
        bool recursive;
} BindMount;

/* TemporaryFileSystem= entry "path[:options]". */
typedef struct TemporaryFileSystem {
        char *path;
        char *options;
} TemporaryFileSystem;

/* MountImages= "[-]source:destination[:partition:options…]" and ExtensionImages=
 * "[-]source[:partition:options…]" (destination NULL); options kept as the words given. */
typedef struct MountImage {
        char *source;
        char *destination;
        char **options;
        bool ignore_enoent;
} MountImage;

/* LoadCredential[Encrypted]= "ID[:PATH]" and SetCredential[Encrypted]= "ID:VALUE". For Load,
 * value is the path (NULL: search the credential store by ID); for Set, the decoded data. */
typedef struct ExecCredential {
        char *id;
        char *value;
        size_t size;
        bool encrypted;
} ExecCredential;

/* A list of names that is either an allow list or a deny list ("~" prefix), as
 * SystemCallFilter=, SystemCallLog=, RestrictAddressFamilies= and RestrictFileSystems= are:
 * the first assignment decides the kind, later ones of the same kind add names, later ones
 * of the other kind take names out of the list, and an empty assignment resets. */
typedef struct NameFilter {
        char **names;     /* as written; SystemCallFilter= entries may carry ":errno" */
        bool allow_list;
        bool set;         /* any assignment so far; when false the filter is off */
} NameFilter;

/* Sentinels of ExecContext.syscall_errno: the documented "kill" default and "log". */
#define SYSCALL_ERRNO_KILL (-1)
#define SYSCALL_ERRNO_LOG (-2)

/* RestrictNamespaces= bits (CLONE_NEW* values) and the "unrestricted" default. */
#define NAMESPACE_FLAGS_ALL                                                                     \
        ((unsigned long) (CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWPID | \
                          CLONE_NEWUSER | CLONE_NEWUTS))
#define NAMESPACE_FLAGS_INITIAL ((unsigned long) -1)

#define CAPABILITY_SET_ALL UINT64_MAX

typedef struct ExecContext {
        /* Identity */
        char *user;
        char *group;
        char **supplementary_groups;
        bool dynamic_user;
        char *pam_name;

        /* Environment and paths */
        char **environment;
        char **environment_files;     /* "-" prefix: may be missing */
        char **pass_environment;
        char **unset_environment;
        char *working_directory;
        bool working_directory_home;  /* "~" */
        bool working_directory_missing_ok;
        char **exec_search_path;
        char *root_directory;
        char *root_image;
        char **root_image_options;    /* "partition:options" words */
        char *root_hash;              /* hex digest, or a path to the file holding it */
        char *root_hash_signature;    /* "base64:…", or a path */
        char *root_verity;
        MountImage *mount_images;
        size_t n_mount_images;
        MountImage *extension_images;
        size_t n_extension_images;
        char **extension_directories;

        /* Process attributes */
        mode_t umask;
        int nice;
        bool nice_set;
        int cpu_sched_policy;         /* SCHED_* */
        bool cpu_sched_policy_set;
        int cpu_sched_priority;
        bool cpu_sched_priority_set;
        bool cpu_sched_reset_on_fork;
        CPUSet cpu_affinity;
        bool cpu_affinity_from_numa;
        NUMAPolicy numa_policy;
        CPUSet numa_mask;
        bool numa_mask_all;
        IOSchedulingClass ioprio_class;
        bool ioprio_class_set;
        int ioprio;                   /* 0…7; 4 is the kernel's default */
        bool ioprio_set;
        int oom_score_adjust;
        bool oom_score_adjust_set;
        uint64_t coredump_filter;
        bool coredump_filter_set;
        struct rlimit *rlimit[RLIMIT_NLIMITS];
        char *personality;            /* an architecture name; NULL: unchanged */
        bool ignore_sigpipe;
        nsec_t timer_slack_nsec;      /* NSEC_INFINITY: unchanged */
        ExecKeyringMode keyring_mode;
        ExecDirectory directories[_EXEC_DIRECTORY_TYPE_MAX];
        ExecPreserveMode runtime_directory_preserve_mode;
        usec_t timeout_clean_usec;

        /* Standard I/O and logging */
        ExecInput std_input;
        ExecOutput std_output;
        ExecOutput std_error;
        char *stdio_fdname[3];        /* fd:NAME */
        char *stdio_file[3];          /* file:, append:, truncate: */
        void *stdin_data;             /* StandardInputText=/StandardInputData=, concatenated */
        size_t stdin_data_size;
        char *tty_path;
        bool tty_reset;
        bool tty_vhangup;
        bool tty_vt_disallocate;
        unsigned tty_rows;            /* UINT_MAX: unset */
        unsigned tty_cols;
        char *syslog_identifier;
        int syslog_priority;          /* facility | level */
        bool syslog_level_prefix;
        int log_level_max;            /* -1: unset */
        char **log_extra_fields;
        usec_t log_ratelimit_interval_usec;
        unsigned log_ratelimit_burst;
        char *log_namespace;
        char *utmp_id;
        ExecUtmpMode utmp_mode;

        /* Credentials and security */
        uint64_t capability_bounding_set;
        uint64_t capability_ambient_set;
        bool no_new_privileges;
        int secure_bits;
        NameFilter syscall_filter;
        int syscall_errno;            /* an errno, or SYSCALL_ERRNO_KILL/_LOG */
        char **syscall_archs;
        NameFilter syscall_log;
        NameFilter address_families;
        NameFilter restrict_filesystems;
        unsigned long restrict_namespaces;
        bool lock_personality;
        bool memory_deny_write_execute;
        bool restrict_realtime;
        bool restrict_suid_sgid;
        bool remove_ipc;
        char *selinux_context;        /* "-" prefix kept: failure to apply is not fatal */
        char *apparmor_profile;
        char *smack_process_label;
        ExecCredential *load_credentials;
        size_t n_load_credentials;
        ExecCredential *set_credentials;
        size_t n_set_credentials;

        /* Sandboxing */
        ProtectSystem protect_system;
        ProtectHome protect_home;
        ProtectProc protect_proc;
        ProcSubset proc_subset;
        bool private_tmp;
        bool private_devices;
        bool private_network;
        bool private_ipc;
        bool private_users;
        int private_mounts;           /* -1: implied by other settings */
        bool protect_kernel_tunables;
        bool protect_kernel_modules;
        bool protect_kernel_logs;
        bool protect_clock;
        bool protect_control_groups;
        bool protect_hostname;
        int mount_apivfs;             /* -1: implied by RootDirectory=/RootImage= */
        MountPropagation mount_propagation;
        char *network_namespace_path;
        char *ipc_namespace_path;
        char **read_write_paths;      /* "-" and "+" prefixes kept */
        char **read_only_paths;
        char **inaccessible_paths;
        char **exec_paths;
        char **no_exec_paths;
        BindMount *bind_mounts;
        size_t n_bind_mounts;
        TemporaryFileSystem *temporary_filesystems;
        size_t n_temporary_filesystems;
} ExecContext;

ExecContext *exec_context_new(void);
ExecContext *exec_context_free(ExecContext *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(ExecContext *, exec_context_free);

const char *exec_input_to_string(ExecInput i);
ExecInput exec_input_from_string(const char *s); /* -EINVAL if unknown */
const char *exec_output_to_string(ExecOutput o);
ExecOutput exec_output_from_string(const char *s);
const char *exec_directory_type_to_string(ExecDirectoryType t); /* "RuntimeDirectory" */

extern const ConfigTable exec_context_table;
