/* exec-parsers.h — the parsers of systemd.exec(7) directives whose values are more than a
 * generic bool, string or number: one declaration per parser, grouped by the file that
 * implements it (process and identity, standard I/O and logging, security, sandboxing).
 * Internal to src/unitfile; exec-context.c puts them into the table. Each follows the
 * convention of config-parse.h: a bad value is a warning and the assignment is ignored. */
#pragma once

#include <stddef.h>

#include "config-parse.h"
#include "exec-context.h"

#define DECLARE_PARSER(name) int name(const ConfigContext *ctx, int ltype, const char *rvalue, void *data)

/* exec-parsers-process.c — identity, environment, process attributes, directories. */
DECLARE_PARSER(config_parse_exec_user);               /* char **; invalid is fatal */
DECLARE_PARSER(config_parse_exec_supplementary_groups); /* char ***; invalid is fatal */
DECLARE_PARSER(config_parse_exec_environment_file);  /* char *** */
DECLARE_PARSER(config_parse_exec_pass_environment);  /* char *** */
DECLARE_PARSER(config_parse_exec_unset_environment); /* char *** */
DECLARE_PARSER(config_parse_exec_working_directory); /* ExecContext * */
DECLARE_PARSER(config_parse_exec_nice);              /* ExecContext * */
DECLARE_PARSER(config_parse_exec_cpu_sched_policy);  /* ExecContext * */
DECLARE_PARSER(config_parse_exec_cpu_sched_prio);    /* ExecContext * */
DECLARE_PARSER(config_parse_exec_cpu_affinity);      /* ExecContext * */
DECLARE_PARSER(config_parse_exec_numa_mask);         /* ExecContext * */
DECLARE_PARSER(config_parse_exec_io_class);          /* ExecContext * */
DECLARE_PARSER(config_parse_exec_io_priority);       /* ExecContext * */
DECLARE_PARSER(config_parse_exec_oom_score_adjust);  /* ExecContext * */
DECLARE_PARSER(config_parse_exec_coredump_filter);   /* ExecContext * */
DECLARE_PARSER(config_parse_exec_personality);       /* char ** */
DECLARE_PARSER(config_parse_exec_timer_slack);       /* nsec_t * */
DECLARE_PARSER(config_parse_exec_directories);       /* ExecDirectory * */
DECLARE_PARSER(config_parse_exec_load_credential);   /* ExecContext *; ltype: encrypted */
DECLARE_PARSER(config_parse_exec_set_credential);    /* ExecContext *; ltype: encrypted */

/* exec-parsers-io.c — standard I/O, syslog and journal settings, terminal. */
DECLARE_PARSER(config_parse_exec_input);             /* ExecContext * */
DECLARE_PARSER(config_parse_exec_output);            /* ExecContext *; ltype: 1 stdout, 2 stderr */
DECLARE_PARSER(config_parse_exec_input_text);        /* ExecContext * */
DECLARE_PARSER(config_parse_exec_input_data);        /* ExecContext * */
DECLARE_PARSER(config_parse_exec_syslog_facility);   /* int *: the facility part of syslog_priority */
DECLARE_PARSER(config_parse_exec_syslog_level);      /* int *: the level part */
DECLARE_PARSER(config_parse_exec_log_level_max);     /* int * */
DECLARE_PARSER(config_parse_exec_log_extra_fields);  /* char *** */
DECLARE_PARSER(config_parse_exec_log_namespace);     /* char ** */
DECLARE_PARSER(config_parse_exec_tty_size);          /* unsigned *; empty → UINT_MAX */

/* exec-parsers-security.c — capabilities, secure bits, seccomp, namespaces. */
DECLARE_PARSER(config_parse_exec_capability_set);    /* uint64_t *; ltype: the initial set */
DECLARE_PARSER(config_parse_exec_secure_bits);       /* int * */
DECLARE_PARSER(config_parse_exec_syscall_filter);    /* NameFilter *; ltype 1: ":errno" allowed */
DECLARE_PARSER(config_parse_exec_syscall_errno);     /* int * */
DECLARE_PARSER(config_parse_exec_syscall_archs);     /* char *** */
DECLARE_PARSER(config_parse_exec_address_families);  /* NameFilter * */
DECLARE_PARSER(config_parse_exec_restrict_filesystems); /* NameFilter * */
DECLARE_PARSER(config_parse_exec_restrict_namespaces); /* unsigned long * */

/* exec-parsers-sandbox.c — mounts, images, paths. */
DECLARE_PARSER(config_parse_exec_bind_paths);        /* ExecContext *; ltype: read-only */
DECLARE_PARSER(config_parse_exec_temporary_filesystems); /* ExecContext * */
DECLARE_PARSER(config_parse_exec_mount_images);      /* ExecContext *; ltype 1: MountImages= */
DECLARE_PARSER(config_parse_exec_root_image_options); /* char *** */
DECLARE_PARSER(config_parse_exec_root_hash);         /* char ** */
DECLARE_PARSER(config_parse_exec_root_hash_signature); /* char ** */
DECLARE_PARSER(config_parse_exec_search_path);       /* char *** */

/* Shared helpers. */
void exec_credentials_free(ExecCredential *l, size_t n);
void exec_directory_items_free(ExecDirectoryItem *items, size_t n);
void exec_bind_mounts_free(BindMount *m, size_t n);
void exec_temporary_filesystems_free(TemporaryFileSystem *t, size_t n);
void exec_mount_images_free(MountImage *m, size_t n);
/* Decodes base64 (whitespace allowed, padding optional); adds a NUL after the data. */
int unbase64mem(const char *p, void **ret, size_t *ret_size);
/* "EPERM" or "1" → 1; -EINVAL if neither a known errno name nor 1…4095. */
int errno_from_name(const char *s);
/* User and group names as systemd accepts them in unit files (relaxed rules), or a UID. */
bool user_group_name_is_valid(const char *s);
/* A partition designator of RootImageOptions=/MountImages= ("root", "usr", "home"…). */
bool partition_designator_is_valid(const char *s);
