/* condition-eval-internal.h — what the parts of condition evaluation share: reading files below
 * the root the checks run against, systemd's comparison operators and version order, the kernel
 * command line and env-file helpers, and the per-type tests that condition-eval.c dispatches to.
 * Each test returns 1 (holds), 0 (does not hold) or a negative errno (cannot be evaluated); the
 * caller applies "!". */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "condition.h"

/* Files of the running system are read below root, so that tests can fake /proc, /sys, /etc and
 * /run in a temporary directory. Bounded: no file a check reads is legitimately larger. */
#define CONDITION_FILE_MAX (4U * 1024U * 1024U)

char *condition_path(const char *root, const char *path);
int condition_read_file(const char *root, const char *path, char **ret);
/* The first line, without trailing whitespace. */
int condition_read_line(const char *root, const char *path, char **ret);
/* 1 if path exists below root, 0 if not, negative errno when that cannot be told. */
int condition_path_exists(const char *root, const char *path);
/* Whether root names the running system itself, where system calls answer too. */
bool condition_root_is_host(const char *root);
/* Whether word is one of the separator-delimited words of list. */
bool condition_word_in(const char *list, const char *separators, const char *word);
/* A "key[=bool]" switch on the kernel command line: 1 and *ret if present, 0 if not. */
int condition_cmdline_get_bool(const char *root, const char *key, bool *ret);
/* key's value in an env-like text (os-release, .updated): 1 and *ret, 0 if absent. */
int condition_env_file_lookup(const char *text, const char *key, char **ret);
int condition_path_is_read_only_fs(const char *path);

/* The comparison operators of KernelVersion=, OSRelease=, Memory=, CPUs= and
 * Firmware=smbios-field(…). */
typedef enum CompareOperator {
        COMPARE_STRING_EQUAL,     /* "=" where strings are compared */
        COMPARE_STRING_UNEQUAL,   /* "!=" where strings are compared */
        COMPARE_FNMATCH_EQUAL,    /* "$=" */
        COMPARE_FNMATCH_UNEQUAL,  /* "!$=" */
        COMPARE_LOWER_OR_EQUAL,
        COMPARE_GREATER_OR_EQUAL,
        COMPARE_LOWER,
        COMPARE_GREATER,
        COMPARE_EQUAL,            /* "==", or "=" where numbers are compared */
        COMPARE_UNEQUAL,          /* "<>", or "!=" where numbers are compared */
        _COMPARE_OPERATOR_INVALID = -EINVAL,
} CompareOperator;

typedef enum CompareFlags {
        COMPARE_ALLOW_FNMATCH = 1 << 0,   /* "$=" and "!$=" are known */
        COMPARE_EQUAL_BY_STRING = 1 << 1, /* "=" and "!=" compare strings, not versions */
} CompareFlags;

/* Consumes the operator at the start of *s. */
CompareOperator compare_operator_parse(const char **s, CompareFlags flags);
/* Whether a three-way result r (<0, 0, >0) satisfies an ordering operator. */
bool compare_test_order(int r, CompareOperator op);
/* Version order of the UAPI version format specification (what systemd uses). */
int version_compare(const char *a, const char *b);
/* a is the actual value, b the expected one (a pattern for the fnmatch operators). */
int version_or_fnmatch_compare(CompareOperator op, const char *a, const char *b);

/* Virtualization as systemd-detect-virt names it: "none", "kvm", "docker", … */
const char *condition_detect_virtualization(const char *root, bool *ret_is_container);
int condition_detect_container(const char *root); /* 1 inside a container, 0 if not */

/* condition-host.c */
int condition_test_kernel_command_line(const Condition *c, const char *root);
int condition_test_kernel_version(const Condition *c, const char *root);
int condition_test_os_release(const Condition *c, const char *root);
int condition_test_host(const Condition *c, const char *root);
int condition_test_capability(const Condition *c, const char *root);
int condition_test_environment(const Condition *c, const char *root);

/* condition-files.c */
int condition_test_credential(const Condition *c, const char *root);
int condition_test_first_boot(const Condition *c, const char *root);
int condition_test_needs_update(const Condition *c, const char *root);
int condition_test_path(const Condition *c, const char *root); /* the stat()-like Path*= and File*= */
int condition_test_path_exists_glob(const Condition *c, const char *root);
int condition_test_path_is_mount_point(const Condition *c, const char *root);
int condition_test_directory_not_empty(const Condition *c, const char *root);
int condition_test_user(const Condition *c, const char *root);
int condition_test_group(const Condition *c, const char *root);

/* condition-virt.c */
int condition_test_architecture(const Condition *c, const char *root);
int condition_test_firmware(const Condition *c, const char *root);
int condition_test_virtualization(const Condition *c, const char *root);
int condition_test_security(const Condition *c, const char *root);

/* condition-system.c */
int condition_test_ac_power(const Condition *c, const char *root);
int condition_test_cpu_feature(const Condition *c, const char *root);
int condition_test_pressure(const Condition *c, const char *root);
int condition_test_path_is_encrypted(const Condition *c, const char *root);
int condition_test_control_group_controller(const Condition *c, const char *root);
int condition_test_memory(const Condition *c, const char *root);
int condition_test_cpus(const Condition *c, const char *root);
